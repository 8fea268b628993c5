//! Classification markings: telling a document's own mark from a mention of the words.
//!
//! A state-secret document carries a mark of the form *level ★ period* (`机密★1年`,
//! `秘密★6个月`, `绝密★启用前`, `秘密★2027年12月31日`); GB/T 9704-2012 puts it on line 2 of the
//! document head (版头), under the six-digit copy number (份号), and it is often repeated in page
//! headers, footers and the document properties. Without a period the level word may stand alone
//! (`秘密`). Other marks: the disclosure attribute `（此件不予公开）` below the body, internal marks
//! (`内部资料 注意保存`, `工作秘密`), and commercial secrets of state-owned enterprises
//! (`核心商密▲5年`).
//!
//! Public regulations use the same words all the time (`机密级载体不得通过普通邮政寄递`), and
//! training material quotes marks as examples (`标志形式为"机密★10年"`). So a rule fires on the
//! *signals* that make a mark, and says which ones it saw ([`Hit::why`]):
//!
//! | signal | effect |
//! | --- | --- |
//! | level + star + period/condition | a mark anywhere (block) |
//! | the same in quotes or after 如/例如/形式… in running text | a quoted example (review) |
//! | level word alone on its line (after removing fillers, 份号, urgency) | a mark in the head, header, footer or properties (block); nothing elsewhere |
//! | `此件不予公开` | a mark (block), unless quoted as an example (review) |
//! | `不予公开` alone on its line | a mark (block) |
//! | `内部资料 注意保存` and kin | review anywhere |
//! | `内部`, `内部文件`, `工作秘密`… alone on a line of the head or header | review |
//! | `核心商密▲5年`, `普通商密▲长期` | block |

mod context;
mod form;
mod lines;
mod signal;

use crate::level::{Class, Severity};
use crate::normalize::Normalized;
use crate::segment::Role;
use context::Family;
pub(crate) use form::fills_in_a_period;
pub use form::PeriodProbe;
use lines::LineView;
pub(crate) use lines::{is_copy_number, is_lone_level};
use regex::Regex;
pub use signal::Signal;
use std::sync::OnceLock;

/// How many non-empty lines at the top of the body count as the document head (版头): 份号,
/// mark, urgency, issuing authority, document number.
pub const HEAD_LINES: u32 = 6;

/// A marking found in a segment, with its range in the ORIGINAL text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub rule: &'static str,
    pub class: Class,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub why: Vec<Signal>,
}

/// Where a segment sits, for the placement signals.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placement<'a> {
    pub role: Role,
    /// Non-empty lines of the same part before this segment (for the head).
    pub lines_before: u32,
    /// Whether the last non-empty line of the part before this segment is a copy number (份号).
    pub after_copy_number: bool,
    /// Whether the last non-empty line of the part before this segment is a bare level word.
    pub prev_lone_level: bool,
    /// Whether the first non-empty line of the part after this segment is a bare level word.
    pub next_lone_level: bool,
    /// The last non-empty line of the part before this segment, and the first one after it
    /// (trimmed; empty at the edges): a mark among other marks is an item of a list.
    pub prev_line: &'a str,
    pub next_line: &'a str,
    /// Whether the document fills in a 保密期限 (`保密期限：1年`): a drafting form's ticked level box
    /// then marks a classified draft.
    pub period_filled: bool,
}

/// How many non-empty lines at the top of the body a bare level word may stand on and still be
/// the document's mark (GB/T 9704: line 1 without a 份号, line 2 under it).
pub const LONE_LEVEL_LINES: u32 = 3;

const LEVELS: &str = "绝密|机密|秘密";
const FILL: &str = r"[\s*·•\-_~/]";
pub(super) const PERIOD: &str = r"(?:\d{1,4}\s?年(?:\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?)?|\d{1,3}\s?个?月|[〇零一二三四五六七八九十百两壹贰叁肆伍陆柒捌玖拾]{1,4}个?[年月]|长期|永久|启用前|解密条件|公布前|发布前|开考前|考试前|考试结束前|考试结束|\d{4}[-.]\d{1,2}[-.]\d{1,2})";
/// The normaliser has already folded every star-like symbol (☆ ✦ ⋆ ※ ⭐ …) to `★` and every
/// asterisk-like one (∗ ﹡ ＊ ✱ …) to `*`.
const STARS: &str = "[★*]";

pub(super) struct Patterns {
    pub(super) state_secret: Regex,
    pub(super) commercial: Regex,
    pub(super) disclosure: Regex,
    pub(super) disclosure_limited: Regex,
    pub(super) disclosure_any: Regex,
    pub(super) internal_combo: Regex,
    pub(super) work_secret_star: Regex,
    pub(super) level_label: Regex,
}

pub(super) fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        state_secret: Regex::new(&format!(
            r"(?P<level>{LEVELS}){FILL}{{0,6}}(?P<star>{STARS}){FILL}{{0,6}}(?P<period>{PERIOD})?"
        ))
        .unwrap(),
        commercial: Regex::new(&format!(
            r"(?P<level>核心商密|普通商密){FILL}{{0,6}}(?P<star>[▲△▴◭◮]|\*)?{FILL}{{0,6}}(?P<period>{PERIOD})?"
        ))
        .unwrap(),
        disclosure: Regex::new(r"此件不予公开|此件不公开|不予公开|不公开").unwrap(),
        disclosure_limited: Regex::new(r"(?:此件)?(?:依申请公开|删减后公开)").unwrap(),
        disclosure_any: Regex::new(r"此件(?:公开发布|主动公开|依申请公开|删减后公开|不予公开|不公开)").unwrap(),
        internal_combo: Regex::new(
            r"内部(?:资料|事项|文件|材料|参考)[\s,、;:]{0,3}(?:注意保存|注意保管|请勿外传|不得外传|严禁外传|妥善保管|请勿扩散|不得扩散)|内部\s?[★☆]",
        )
        .unwrap(),
        work_secret_star: Regex::new(&format!(r"工作秘密{FILL}{{0,6}}[★☆]{FILL}{{0,6}}(?:{PERIOD})?")).unwrap(),
        level_label: Regex::new(r"密级\s?[:：]?\s?(?P<level>绝密|机密|秘密)(?P<next>.?)").unwrap(),
    })
}

fn level_class(level: &str) -> Class {
    match level {
        "绝密" => Class::TopSecret,
        "机密" => Class::Secret,
        _ => Class::Confidential,
    }
}

/// Finds the markings in one segment.
pub(crate) fn find(original: &str, norm: &Normalized, place: Placement<'_>, out: &mut Vec<Hit>) {
    let text = norm.text();
    // Every mark contains 密, 公开 or 内部: most segments of most documents contain none of them,
    // and three SIMD searches cost less than running the expressions.
    let has = |w: &str| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some();
    if !has("密") && !has("公开") && !has("内部") {
        return;
    }
    let p = patterns();
    let lines = LineView::new(original, place);
    let map = norm.map();
    let orig = |s: usize, e: usize| map.range(s, e);

    // Level + star (+ period): the national-secret mark.
    for c in p.state_secret.captures_iter(text) {
        let m = c.get(0).unwrap();
        if text[..m.start()].ends_with("工作") {
            continue; // 工作秘密★…: a work secret, handled below.
        }
        let star = c.name("star").unwrap().as_str();
        let period = c.name("period");
        let (s, e) = orig(m.start(), m.end());
        let mut why = vec![Signal::Star { level: c["level"].to_string() }];
        let line = lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        match period {
            Some(p) => why.push(Signal::Period { period: p.as_str().trim().to_string() }),
            None if star == "*" => continue, // `**机密**` in Markdown is emphasis, not a mark.
            None => why.push(Signal::NoPeriod),
        }
        let mut severity = Severity::Block;
        let mut rule = "marking.state-secret";
        if let Some(cue) = example_cue(text, m.start(), m.end()) {
            if !rest_blank {
                severity = Severity::Review;
                rule = "marking.quoted-example";
                why.push(Signal::QuotedExample { cue });
            }
        } else if let Some(cue) =
            context::list_cue(Family::StateSecret, line.text(), line.start, s, e, line.neighbours(), m.as_str())
        {
            severity = Severity::Review;
            rule = "marking.quoted-example";
            why.push(Signal::MarkTalkedAbout { cue });
        } else if period.is_none() && !line.is_mark_place() {
            severity = Severity::Review;
            why.push(Signal::OutsideMarkPlaces);
        }
        line.add_place_signals(rest_blank, &mut why);
        out.push(Hit { rule, class: level_class(&c["level"]), severity, start: s, end: e, why });
    }

    // Commercial secrets of state-owned enterprises.
    for c in p.commercial.captures_iter(text) {
        let m = c.get(0).unwrap();
        let (s, e) = orig(m.start(), m.end());
        let line = lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let mut why = vec![Signal::CommercialLevel { level: c["level"].to_string() }];
        let severity = match (c.name("star"), c.name("period")) {
            (Some(_), Some(p)) => {
                why.push(Signal::TriangleAndPeriod { period: p.as_str().trim().to_string() });
                Severity::Block
            }
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
        if example_cue(text, m.start(), m.end()).is_some() && !rest_blank {
            continue;
        }
        line.add_place_signals(rest_blank, &mut why);
        out.push(Hit {
            rule: "marking.commercial-secret",
            class: Class::CommercialSecret,
            severity,
            start: s,
            end: e,
            why,
        });
    }

    // The disclosure attribute.
    for m in p.disclosure.find_iter(text) {
        let (s, e) = orig(m.start(), m.end());
        let line = lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let explicit = m.as_str().starts_with("此件");
        let mut why = vec![];
        let severity = if let Some(cue) = example_cue(text, m.start(), m.end()).filter(|_| !rest_blank) {
            if !explicit {
                continue;
            }
            why.push(Signal::QuotedExample { cue });
            Severity::Review
        } else if !(explicit || rest_blank) {
            continue; // 依法不予公开的信息: a mention.
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
        let rule = if severity == Severity::Block { "marking.not-for-release" } else { "marking.quoted-example" };
        out.push(Hit { rule, class: Class::NotForRelease, severity, start: s, end: e, why });
    }

    // 此件依申请公开, 此件删减后公开: not to be put on a website as it stands; a person decides.
    for m in p.disclosure_limited.find_iter(text) {
        let (s, e) = orig(m.start(), m.end());
        let line = lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let explicit = m.as_str().starts_with("此件");
        let quoted = example_cue(text, m.start(), m.end()).is_some();
        if !rest_blank && (quoted || !explicit) {
            continue; // 依申请公开的政府信息: a mention; or quoted as an example.
        }
        let mut why = vec![Signal::LimitedDisclosure { attribute: m.as_str().to_string() }];
        line.add_place_signals(rest_blank, &mut why);
        out.push(Hit {
            rule: "marking.limited-disclosure",
            class: Class::NotForRelease,
            severity: Severity::Review,
            start: s,
            end: e,
            why,
        });
    }

    // A drafting form (发文稿纸) whose 密级 box is ticked.
    for t in form::ticked(text) {
        let (s, e) = orig(t.start, t.end);
        if out.iter().any(|h| h.start < e && s < h.end) {
            continue; // ☑机密★1年: already a star mark.
        }
        let line = lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let mut why = vec![Signal::TickedBox { level: t.level }];
        let severity = if let Some(cue) = example_cue(text, t.start, t.end).filter(|_| !rest_blank) {
            why.push(Signal::QuotedExample { cue });
            Severity::Review
        } else if t.period_on_line || place.period_filled {
            why.push(Signal::PeriodFilledIn);
            Severity::Block
        } else if t.form_line || rest_blank {
            why.push(Signal::NoPeriodFilledIn);
            Severity::Review
        } else {
            continue;
        };
        line.add_place_signals(rest_blank, &mut why);
        out.push(Hit { rule: "marking.drafting-form", class: level_class(t.level), severity, start: s, end: e, why });
    }

    // Internal marks that are unambiguous anywhere.
    for m in p.internal_combo.find_iter(text).chain(p.work_secret_star.find_iter(text)) {
        let (s, e) = orig(m.start(), m.end());
        let line = lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        if example_cue(text, m.start(), m.end()).is_some() && !rest_blank {
            continue;
        }
        let class = if m.as_str().starts_with("工作秘密") { Class::WorkSecret } else { Class::Internal };
        let mut why = vec![Signal::InternalMark { mark: m.as_str().trim().to_string() }];
        line.add_place_signals(rest_blank, &mut why);
        out.push(Hit { rule: "marking.internal", class, severity: Severity::Review, start: s, end: e, why });
    }

    // 密级：机密, a form label.
    for c in p.level_label.captures_iter(text) {
        let next = c.name("next").map_or("", |n| n.as_str());
        if matches!(next, "级" | "以" | "的" | "和" | "或" | "、" | "文" | "载" | "事" | "信" | "资" | "等")
        {
            continue; // 密级：秘密级以上…, a description of levels.
        }
        if next.chars().next().is_some_and(form::is_box) {
            continue; // 密级：绝密□ 机密□: the boxes of a form, judged above.
        }
        let whole = c.get(0).unwrap();
        let end = whole.end() - next.len();
        let (s, e) = orig(whole.start(), end);
        if original[s..e].contains('\n') {
            continue; // 密级 and the level on different lines: a table of levels, not a label.
        }
        if out.iter().any(|h| h.start < e && s < h.end) {
            continue; // Already part of a star mark.
        }
        let line = lines.line_of(s);
        let rest_blank = line.rest_is_blank(s, e);
        let mut why = vec![Signal::LevelLabel { level: c["level"].to_string() }];
        let severity = if line.is_mark_place() || line.in_head() { Severity::Block } else { Severity::Review };
        line.add_place_signals(rest_blank, &mut why);
        out.push(Hit { rule: "marking.level-label", class: level_class(&c["level"]), severity, start: s, end: e, why });
    }

    // A level word or internal mark alone on its line, where marks stand.
    for line in lines.mark_place_lines() {
        if out.iter().any(|h| h.start < line.end && line.start < h.end) {
            continue;
        }
        if let Some((word, class, severity)) = lines::lone_mark(line.text()) {
            if class.severity() == Severity::Block && line.in_head() && !line.role_is_mark_place() {
                // Deeper in the head than a mark stands, or one of a list of levels (a table of
                // 绝密/机密/秘密 at the top of a regulation): a mention.
                if line.nonempty_index() >= LONE_LEVEL_LINES && !line.after_copy_number() {
                    continue;
                }
            }
            if class.severity() == Severity::Block && line.neighbour_is_lone_level() {
                continue;
            }
            let (s, e) = line.trimmed_range();
            let mut why = vec![Signal::LoneWord { word: word.to_string() }];
            line.add_place_signals(true, &mut why);
            let rule = match class {
                Class::Internal | Class::WorkSecret => "marking.internal",
                Class::CommercialSecret => "marking.commercial-secret",
                _ => "marking.level-alone",
            };
            out.push(Hit { rule, class, severity, start: s, end: e, why });
        }
    }
}

/// Signals that a mark in running text is quoted as an example rather than applied: quote marks
/// around it, or an introducing word (如, 例如, 形式, 标注…) just before it.
fn example_cue(text: &str, start: usize, end: usize) -> Option<&'static str> {
    const OPEN: &[char] = &['“', '"', '‘', '\'', '「', '『', '〝', '《'];
    const CLOSE: &[char] = &['”', '"', '’', '\'', '」', '』', '〞', '》'];
    const CUES: &[&str] = &[
        "例如",
        "比如",
        "诸如",
        "如",
        "形式",
        "格式",
        "样式",
        "示例",
        "举例",
        "标注",
        "标明",
        "注明",
        "标有",
        "标识",
        "标示",
        "印有",
        "写明",
        "写有",
        "字样",
        "标记为",
        "标志",
    ];
    const AFTER: &[&str] = &["字样", "等字样", "的标志", "标志", "等标志", "的字样"];
    let before = text[..start].trim_end_matches([' ', '\n']);
    if before.ends_with(OPEN) || text[end..].starts_with(CLOSE) {
        return Some("in quotes");
    }
    let clause = before.rfind(['。', ';', '；', '!', '！', '?', '？', '\n']).map_or(before, |i| {
        let c = before[i..].chars().next().map_or(1, char::len_utf8);
        &before[i + c..]
    });
    let window: String = clause.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    if let Some(cue) = CUES.iter().find(|c| window.contains(*c)) {
        return Some(cue);
    }
    let after = text[end..].trim_start();
    AFTER.iter().find(|a| after.starts_with(*a)).copied()
}

#[cfg(test)]
mod tests;
