//! The mark rules: a table of small rules, each with its id and what it finds, run in order over
//! the facts of one segment ([`Facts`]: its original and normalised text, its placement, its
//! lines).
//!
//! Order matters where a rule steps aside for an earlier one: a ticked form box or a 密级 label
//! inside a star mark is that mark, not a second finding; a level word alone on its line is
//! judged only where no rule found a mark on that line.

use super::context::{self, Family};
use super::lines::{ends_a_sentence, lone_mark, LineView, LoneMark};
use super::{form, level_class, patterns, Mark, Placement, Signal, LONE_LEVEL_LINES};
use crate::finding::MarkRule;
use crate::level::{Class, Severity};
use crate::needle::Needle;
use crate::normalize::{Normalized, OffsetMap};

/// What the rules look at in one segment, worked out once and shared by all of them.
pub(super) struct Facts<'a> {
    /// The segment's original text: ranges of [`Mark`]s are in it.
    pub original: &'a str,
    /// Its normalised text, which the patterns run on.
    pub text: &'a str,
    map: &'a OffsetMap,
    pub place: Placement<'a>,
    /// Its lines (in the original), indexed on first use.
    pub lines: LineView<'a>,
}

impl<'a> Facts<'a> {
    pub(super) fn new(original: &'a str, norm: &'a Normalized, place: Placement<'a>) -> Self {
        Facts { original, text: norm.text(), map: norm.map(), place, lines: LineView::new(original, norm, place) }
    }

    /// The original range of normalised `[s, e)`.
    fn orig(&self, s: usize, e: usize) -> (usize, usize) {
        self.map.range(s, e)
    }

    /// Whether normalised `[s, e)` is quoted as an example (see [`super::example_cue`]).
    fn example_cue(&self, s: usize, e: usize) -> Option<&'static str> {
        super::example_cue(self.text, s, e)
    }
}

/// One rule of the table.
pub(super) struct Rule {
    /// The id of what it finds when it finds a mark (a mark it finds quoted as an example, or
    /// listed among others, is [`MarkRule::QuotedExample`]).
    pub id: MarkRule,
    /// What it finds, for people reading the table.
    #[allow(dead_code)]
    pub doc: &'static str,
    /// Adds its marks to `out` (which holds those of the rules before it).
    pub run: fn(&Facts<'_>, &mut Vec<Mark>),
}

impl Rule {
    /// Whether a mark of rule id `rule` may come from this rule: its own id, a quoted example, or
    /// (for the lone word, which finds every kind of mark standing alone) an internal or
    /// commercial-secret mark (and for the document's statement about itself, a work secret).
    pub(super) fn may_give(&self, rule: MarkRule) -> bool {
        rule == self.id
            || rule == MarkRule::QuotedExample
            || (self.id == MarkRule::LevelAlone && [MarkRule::Internal, MarkRule::CommercialSecret].contains(&rule))
            || (self.id == MarkRule::StatedLevel && rule == MarkRule::Internal)
    }
}

/// Every mark rule, in the order they run.
pub(super) const RULES: &[Rule] = &[
    Rule { id: MarkRule::StateSecret, doc: "level ★ period (机密★1年), anywhere", run: state_secret },
    Rule { id: MarkRule::CommercialSecret, doc: "核心商密▲5年, 普通商密▲长期", run: commercial_secret },
    Rule {
        id: MarkRule::NotForRelease, doc: "此件不予公开, or 不予公开 alone on its line", run: not_for_release
    },
    Rule {
        id: MarkRule::LimitedDisclosure, doc: "此件依申请公开, 此件删减后公开", run: limited_disclosure
    },
    Rule { id: MarkRule::DraftingForm, doc: "a drafting form whose 密级 box is ticked", run: drafting_form },
    Rule { id: MarkRule::Internal, doc: "内部资料 注意保存, 工作秘密★, anywhere", run: internal },
    Rule {
        id: MarkRule::StatedLevel,
        doc: "本文件属机密级, 本件含国家秘密, 是否涉密：是: the document says what it is",
        run: stated_level,
    },
    Rule { id: MarkRule::LevelLabel, doc: "密级：机密, a form label", run: level_label },
    Rule {
        id: MarkRule::LevelAlone,
        doc: "a level word or internal mark alone on its line (also a level and a period whose star is missing)",
        run: lone_word,
    },
];

fn overlaps_a_mark(out: &[Mark], s: usize, e: usize) -> bool {
    out.iter().any(|h| h.start < e && s < h.end)
}

/// Level + star (+ period): the national-secret mark.
fn state_secret(f: &Facts<'_>, out: &mut Vec<Mark>) {
    let text = f.text;
    for c in patterns().state_secret.captures_iter(text) {
        let m = c.get(0).unwrap();
        if text[..m.start()].ends_with("工作") {
            continue; // 工作秘密★…: a work secret, see `internal`.
        }
        if text[..m.start()].ends_with("商业") {
            continue; // 商业秘密▲5年: a commercial secret, see `commercial_secret`.
        }
        let star = c.name("star").unwrap().as_str();
        // A condition in words after the star (`秘密★开标前`, `绝密★会议结束后`), not in the list
        // of periods: only after `★`, since `**机密**文件须在会前` is emphasis.
        let condition =
            (c.name("period").is_none() && star == "★").then(|| condition_after(&text[m.end()..])).flatten();
        let period = c.name("period").map(|p| p.as_str()).or(condition);
        let end = m.end() + condition.map_or(0, str::len);
        let (s, e) = f.orig(m.start(), end);
        let mut why = vec![Signal::Star { level: c["level"].to_string() }];
        let line = f.lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        match period {
            Some(p) => why.push(Signal::Period { period: p.trim().to_string() }),
            // `**机密**` in Markdown is emphasis, and `▲` a bullet (`国家秘密▲工作秘密`): not marks.
            None if star != "★" => continue,
            None => why.push(Signal::NoPeriod),
        }
        let mut severity = Severity::Block;
        let mut rule = MarkRule::StateSecret;
        if let Some(cue) = f.example_cue(m.start(), m.end()) {
            if !rest_blank {
                severity = Severity::Review;
                rule = MarkRule::QuotedExample;
                why.push(Signal::QuotedExample { cue });
            }
        } else if let Some(cue) =
            context::list_cue(Family::StateSecret, line.text(), line.start, s, e, line.neighbours(), m.as_str())
        {
            severity = Severity::Review;
            rule = MarkRule::QuotedExample;
            why.push(Signal::MarkTalkedAbout { cue });
        } else if period.is_none() && !line.is_mark_place() {
            severity = Severity::Review;
            why.push(Signal::OutsideMarkPlaces);
        }
        line.add_place_signals(rest_blank, &mut why);
        out.push(Mark { rule, class: level_class(&c["level"]), severity, start: s, end: e, why });
    }
}

/// A condition for declassifying written in words right after a star: at most eight ideographs
/// ending at the first `前` or `后` (`开标前`, `会议结束后`), one ideograph at least before it.
fn condition_after(rest: &str) -> Option<&str> {
    for (n, (i, ch)) in rest.char_indices().take(9).enumerate() {
        if !crate::normalize::is_cjk(ch) {
            return None;
        }
        if n > 0 && (ch == '前' || ch == '后') {
            return Some(&rest[..i + ch.len_utf8()]);
        }
    }
    None
}

/// Commercial secrets of state-owned enterprises.
fn commercial_secret(f: &Facts<'_>, out: &mut Vec<Mark>) {
    for c in patterns().commercial.captures_iter(f.text) {
        let m = c.get(0).unwrap();
        let (s, e) = f.orig(m.start(), m.end());
        let line = f.lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let mut why = vec![Signal::CommercialLevel { level: c["level"].to_string() }];
        // 核心商密 and 普通商密 are the marks' own words; 商密 and 商业秘密 are also words of
        // prose (`保护商业秘密▲加强…` with a bullet): they make a mark only with a triangle or star
        // and a period, or a triangle or star ending the line.
        let graded = c["level"].starts_with("核心") || c["level"].starts_with("普通");
        let severity = match (c.name("star"), c.name("period")) {
            (Some(_), Some(p)) => {
                why.push(Signal::TriangleAndPeriod { period: p.as_str().trim().to_string() });
                Severity::Block
            }
            (Some(_), None) if !graded && !rest_blank => continue,
            (None, _) if !graded => continue,
            (Some(_), None) if rest_blank || line.is_mark_place() => {
                why.push(Signal::Triangle);
                Severity::Block
            }
            (Some(_), None) => {
                why.push(Signal::TriangleInText);
                Severity::Review
            }
            (None, _) if rest_blank && line.is_mark_place() => Severity::Block,
            (None, _) => continue, // a mention: 普通商密信息的管理
        };
        if f.example_cue(m.start(), m.end()).is_some() && !rest_blank {
            continue;
        }
        line.add_place_signals(rest_blank, &mut why);
        out.push(Mark {
            rule: MarkRule::CommercialSecret,
            class: Class::CommercialSecret,
            severity,
            start: s,
            end: e,
            why,
        });
    }
}

/// The disclosure attribute.
fn not_for_release(f: &Facts<'_>, out: &mut Vec<Mark>) {
    for (c, at) in attributes(f.text) {
        let m = c.get(0).unwrap();
        let (ms, me) = (at + m.start(), at + m.end());
        let (s, e) = f.orig(ms, me);
        let line = f.lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let explicit = stated_by_the_document(&c, &f.text[me..]);
        let mut why = vec![];
        let severity = if let Some(cue) = f.example_cue(ms, me).filter(|_| !rest_blank) {
            if !explicit {
                continue;
            }
            why.push(Signal::QuotedExample { cue });
            Severity::Review
        } else if !(explicit || rest_blank) {
            continue; // 依法不予公开的信息: a mention.
        } else if c.name("own").is_some() && !rest_blank && sentence_goes_on(&f.text[me..]) {
            // 对于此件不予公开的情形，应当说明理由: the words are the sentence's subject or
            // object, not the document's label; they may still speak of this document.
            why.push(Signal::DisclosureTalkedAbout { cue: "inside a sentence" });
            Severity::Review
        } else if !explicit && context::followed_by_a_reason(line.neighbours()[1]) {
            continue; // 不予公开 | 属于国家秘密 | 0: a row of a disclosure report's statistics.
        } else if let Some(cue) =
            context::list_cue(Family::Disclosure, line.text(), line.start, s, e, line.neighbours(), m.as_str())
        {
            why.push(Signal::DisclosureTalkedAbout { cue });
            Severity::Review
        } else if explicit {
            why.push(Signal::DeclaredNotForRelease);
            Severity::Block
        } else {
            why.push(Signal::NotForReleaseAlone);
            Severity::Block
        };
        line.add_place_signals(rest_blank, &mut why);
        let rule = if severity == Severity::Block { MarkRule::NotForRelease } else { MarkRule::QuotedExample };
        out.push(Mark { rule, class: Class::NotForRelease, severity, start: s, end: e, why });
    }
}

/// The words every disclosure attribute ends with.
static ATTRIBUTE_ENDS: [Needle; 2] = [Needle::new("公开"), Needle::new("上网")];

/// Whether `text` holds 公开 or 上网, which every disclosure attribute holds.
fn may_hold_an_attribute(text: &str) -> bool {
    ATTRIBUTE_ENDS.iter().any(|w| w.is_in(text.as_bytes()))
}

/// Most characters of a not-for-release attribute with its label and its naming of the document
/// (`政府信息公开选项： 本文件不予在互联网上公开` is 27).
const ATTRIBUTE_REACH: usize = 32;

/// The not-for-release attributes of `text` and the offset their captures are relative to. The
/// attribute's words start with words as common as 不, so its expression has no useful
/// prefilter: it runs only on the stretch before each 公开 and 上网, keeping the match that ends
/// with that word.
fn attributes(text: &str) -> Vec<(regex::Captures<'_>, usize)> {
    let mut ends: Vec<(usize, usize)> =
        ATTRIBUTE_ENDS.iter().flat_map(|w| w.find_iter(text.as_bytes()).map(|p| (p, p + w.word().len()))).collect();
    if ends.is_empty() {
        return Vec::new();
    }
    ends.sort_unstable();
    let re = &patterns().disclosure;
    let mut found = Vec::new();
    for (p, end) in ends {
        let from = text[..p].char_indices().rev().nth(ATTRIBUTE_REACH - 1).map_or(0, |(i, _)| i);
        let stretch = &text[from..end];
        if let Some(c) = re.captures_iter(stretch).find(|c| c.get(0).is_some_and(|m| m.end() == stretch.len())) {
            found.push((c, from));
        }
    }
    found
}

/// Whether a disclosure attribute is the document's statement about itself: it names itself
/// (`此件不予公开`), or fills in the field of its 版记 (`公开方式：不予公开`) and the sentence does
/// not go on (`公开方式：不予公开的信息…` describes a kind of information).
fn stated_by_the_document(c: &regex::Captures<'_>, after: &str) -> bool {
    c.name("own").is_some() || (c.name("label").is_some() && !sentence_goes_on(after))
}

/// Whether the words after an attribute carry its sentence on (`…不予公开的信息`, `…不予公开或…`).
fn sentence_goes_on(after: &str) -> bool {
    after.starts_with(['的', '、', '或', '和', '及', '与', '以', '等', '范', '情', '信', '事', '内', '材'])
}

/// 此件依申请公开, 此件删减后公开: not to be put on a website as it stands; a person decides.
fn limited_disclosure(f: &Facts<'_>, out: &mut Vec<Mark>) {
    if !may_hold_an_attribute(f.text) {
        return;
    }
    for c in patterns().disclosure_limited.captures_iter(f.text) {
        let m = c.get(0).unwrap();
        let (s, e) = f.orig(m.start(), m.end());
        let line = f.lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let explicit = stated_by_the_document(&c, &f.text[m.end()..]);
        let quoted = f.example_cue(m.start(), m.end()).is_some();
        if !rest_blank && (quoted || !explicit) {
            continue; // 依申请公开的政府信息: a mention; or quoted as an example.
        }
        let said = c.name("own").unwrap_or(c.name("attr").unwrap()).start();
        let mut why = vec![Signal::LimitedDisclosure { attribute: f.text[said..m.end()].to_string() }];
        line.add_place_signals(rest_blank, &mut why);
        out.push(Mark {
            rule: MarkRule::LimitedDisclosure,
            class: Class::NotForRelease,
            severity: Severity::Review,
            start: s,
            end: e,
            why,
        });
    }
}

/// A drafting form (发文稿纸) whose 密级 box is ticked.
fn drafting_form(f: &Facts<'_>, out: &mut Vec<Mark>) {
    for t in form::ticked(f.text) {
        let (s, e) = f.orig(t.start, t.end);
        if overlaps_a_mark(out, s, e) {
            continue; // ☑机密★1年: already a star mark.
        }
        let line = f.lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let mut why = vec![Signal::TickedBox { level: t.level }];
        let severity = if let Some(cue) = f.example_cue(t.start, t.end).filter(|_| !rest_blank) {
            why.push(Signal::QuotedExample { cue });
            Severity::Review
        } else if t.period_on_line || f.place.period_filled {
            why.push(Signal::PeriodFilledIn);
            Severity::Block
        } else if t.form_line || rest_blank {
            why.push(Signal::NoPeriodFilledIn);
            Severity::Review
        } else {
            continue;
        };
        line.add_place_signals(rest_blank, &mut why);
        out.push(Mark { rule: MarkRule::DraftingForm, class: level_class(t.level), severity, start: s, end: e, why });
    }
}

/// Internal marks that are unambiguous anywhere.
fn internal(f: &Facts<'_>, out: &mut Vec<Mark>) {
    let p = patterns();
    for m in p.internal_combo.find_iter(f.text).chain(p.work_secret_star.find_iter(f.text)) {
        let (s, e) = f.orig(m.start(), m.end());
        let line = f.lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        if f.example_cue(m.start(), m.end()).is_some() && !rest_blank {
            continue;
        }
        let class = if m.as_str().starts_with("工作秘密") { Class::WorkSecret } else { Class::Internal };
        let mut why = vec![Signal::InternalMark { mark: m.as_str().trim().to_string() }];
        line.add_place_signals(rest_blank, &mut why);
        out.push(Mark { rule: MarkRule::Internal, class, severity: Severity::Review, start: s, end: e, why });
    }
}

/// The document states its own level in a sentence (`本文件属机密级`, `此件为秘密件`,
/// `本文件含国家秘密，不得公开`), anywhere: a news report of a case says `该文件属于机密级国家
/// 秘密` of another file, and a regulation speaks of `本规定`, never of `本文件` being secret. Not
/// when the sentence is a condition (`如本文件涉及国家秘密，应当…`) or describes a part (`本文件
/// 涉及国家秘密的内容已删除`, `本文件为秘密级时…`). Also a form's answer that the document is classified
/// (`是否涉密：是`, `☑是 □否`).
fn stated_level(f: &Facts<'_>, out: &mut Vec<Mark>) {
    let p = patterns();
    for c in p.stated_level.captures_iter(f.text) {
        let next = c.name("next").map_or("", |n| n.as_str());
        if c.name("cond").is_some()
            || matches!(next, "的" | "以" | "之" | "外" | "与" | "和" | "或" | "、" | "还" | "时" | "者")
        {
            continue;
        }
        let whole = c.get(0).unwrap();
        let end = whole.end() - next.len();
        let what = &c["what"];
        let (class, severity, rule) = match what {
            "工作秘密" => (Class::WorkSecret, Severity::Review, MarkRule::Internal),
            "国家秘密" => (Class::Confidential, Severity::Block, MarkRule::StatedLevel),
            level => (level_class(level), Severity::Block, MarkRule::StatedLevel),
        };
        push_statement(
            f,
            out,
            whole.start(),
            end,
            Signal::StatedLevel { statement: f.text[whole.start()..end].into() },
            (class, severity, rule),
        );
    }
    for m in p.classified_question.find_iter(f.text) {
        if form::answer(&f.text[m.end()..]) != Some(true) {
            continue;
        }
        let yes = m.end() + f.text[m.end()..].find('是').unwrap_or(0) + '是'.len_utf8();
        push_statement(
            f,
            out,
            m.start(),
            yes,
            Signal::AnsweredClassified,
            (Class::Confidential, Severity::Block, MarkRule::StatedLevel),
        );
    }
}

/// Adds a statement of the document about itself (normalised `[s, e)`), unless it is quoted as
/// an example: then it asks for review.
fn push_statement(
    f: &Facts<'_>,
    out: &mut Vec<Mark>,
    s: usize,
    e: usize,
    said: Signal,
    (class, severity, rule): (Class, Severity, MarkRule),
) {
    let (os, oe) = f.orig(s, e);
    if overlaps_a_mark(out, os, oe) {
        return;
    }
    let line = f.lines.line_of(os);
    let rest_blank = line.rest_is_blank(os, oe);
    let mut why = vec![said];
    let (severity, rule) = match f.example_cue(s, e).filter(|_| !rest_blank) {
        Some(cue) => {
            why.push(Signal::QuotedExample { cue });
            (Severity::Review, MarkRule::QuotedExample)
        }
        None => (severity, rule),
    };
    line.add_place_signals(rest_blank, &mut why);
    out.push(Mark { rule, class, severity, start: os, end: oe, why });
}

/// 密级：机密, a form label.
fn level_label(f: &Facts<'_>, out: &mut Vec<Mark>) {
    for c in patterns().level_label.captures_iter(f.text) {
        let next = c.name("next").map_or("", |n| n.as_str());
        if matches!(
            next,
            "级" | "以" | "的" | "和" | "或" | "、" | "文" | "载" | "事" | "信" | "资" | "等" | "还" | "及" | "与"
        ) {
            continue; // 密级：秘密级以上…, a description of levels.
        }
        if next.chars().next().is_some_and(form::is_box) {
            continue; // 密级：绝密□ 机密□: the boxes of a form, see `drafting_form`.
        }
        let whole = c.get(0).unwrap();
        let end = whole.end() - next.len();
        let (s, e) = f.orig(whole.start(), end);
        if f.original[s..e].contains('\n') && !label_then_value(f, s, e) {
            continue; // 密级 and the level on different lines: a table of levels, not a label.
        }
        if overlaps_a_mark(out, s, e) {
            continue; // Already part of a star mark.
        }
        let line = f.lines.line_of(e);
        let rest_blank = line.rest_is_blank(s, e);
        let mut why = vec![Signal::LevelLabel { level: c["level"].to_string() }];
        let severity = if line.is_mark_place() || line.in_head() { Severity::Block } else { Severity::Review };
        line.add_place_signals(rest_blank, &mut why);
        out.push(Mark { rule: MarkRule::LevelLabel, class: level_class(&c["level"]), severity, start: s, end: e, why });
    }
}

/// Whether a 密级 label and a level on the next line (original `[s, e)`) are a form's field and
/// its value: the label's line holds the label alone, the level's line the level alone, and the
/// line after it is no level word (`密级` | `秘密` in two cells of a table row, against a column
/// of levels under a heading 密级).
fn label_then_value(f: &Facts<'_>, s: usize, e: usize) -> bool {
    let label = f.lines.line_of(s);
    let value = f.lines.line_of(e);
    label.rest_is_blank(s, e.min(label.end))
        && value.rest_is_blank(s.max(value.start), e)
        && !value.neighbour_is_lone_level()
}

/// A level word or internal mark alone on its line, where marks stand. Only the lines that hold
/// 密 or 内 once normalised are looked at: every lone mark has one of them.
fn lone_word(f: &Facts<'_>, out: &mut Vec<Mark>) {
    for line in f.lines.mark_place_lines() {
        if !line.has_mark_character() || overlaps_a_mark(out, line.start, line.end) {
            continue;
        }
        let Some(LoneMark { word, class, severity, period }) = lone_mark(line.text()) else { continue };
        if class.severity() == Severity::Block && line.in_head() && !line.role_is_mark_place() {
            // Deeper in the head than a mark stands, or one of a list of levels (a table of
            // 绝密/机密/秘密 at the top of a regulation): a mention.
            if line.nonempty_index() >= LONE_LEVEL_LINES && !line.after_copy_number() {
                continue;
            }
            // Under a sentence (`她心里藏着一个秘密。` then `秘密` alone): running text, not a
            // document head, where only a 份号 and the banner's lines stand above the mark.
            if line.nonempty_index() > 0 && ends_a_sentence(line.neighbours()[0]) {
                continue;
            }
        }
        if class.severity() == Severity::Block && line.neighbour_is_lone_level() {
            continue;
        }
        // Words wrapped onto the next line (`机密文件` then `的管理规定`): no line after a mark
        // starts with 的 or 、.
        if line.neighbours()[1].starts_with(['的', '、']) {
            continue;
        }
        let (s, e) = line.trimmed_range();
        let mut why = vec![Signal::LoneWord { word: word.to_string() }];
        why.extend(period.map(|period| Signal::Period { period }));
        line.add_place_signals(true, &mut why);
        let rule = match class {
            Class::Internal | Class::WorkSecret => MarkRule::Internal,
            Class::CommercialSecret => MarkRule::CommercialSecret,
            _ => MarkRule::LevelAlone,
        };
        out.push(Mark { rule, class, severity, start: s, end: e, why });
    }
}
