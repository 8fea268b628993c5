//! The line structure of a segment's original text, for the placement signals of markings.
//!
//! Normalisation joins lines (a line break between two CJK characters is a filler), so whether a
//! word stands alone on its line is decided on the original text.

use super::{Placement, Signal, HEAD_LINES, PERIOD};
use crate::level::{Class, Severity};
use crate::needle::Needle;
use crate::normalize::{normalize_term, Normalized};
use crate::segment::Role;
use regex::Regex;
use std::cell::OnceCell;
use std::sync::OnceLock;

/// Lines of one segment, indexed on first use.
pub(super) struct LineView<'a> {
    text: &'a str,
    norm: &'a Normalized,
    place: Placement<'a>,
    /// Start offset of each line, and the number of non-empty lines before it in the segment.
    index: OnceCell<Vec<(usize, u32)>>,
    /// For each line, whether it holds a character that normalises to 密 or 内.
    mark_characters: OnceCell<Vec<bool>>,
}

/// One line of a segment.
pub(super) struct Line<'a> {
    view: &'a LineView<'a>,
    pub start: usize,
    pub end: usize,
    /// 0-based line number within the segment.
    number: usize,
    /// Non-empty lines of the part before this one.
    nonempty_before: u32,
}

impl<'a> LineView<'a> {
    /// The lines of `text`, whose normalised form is `norm`.
    pub(super) fn new(text: &'a str, norm: &'a Normalized, place: Placement<'a>) -> Self {
        LineView { text, norm, place, index: OnceCell::new(), mark_characters: OnceCell::new() }
    }

    /// Which lines hold a character that normalises to 密 or 内 (or the 商秘 of `普通商秘`): every
    /// mark that stands alone on its line has one, so the other lines need no further look. Found in the normalised text
    /// and mapped back (each normalised character comes from one original character, folded
    /// alone), so that 宻, 內 and any other variant count as the normaliser decides.
    fn mark_characters(&self) -> &[bool] {
        self.mark_characters.get_or_init(|| {
            let mut flags = vec![false; self.index().len()];
            let (norm, map) = (self.norm.text().as_bytes(), self.norm.map());
            static KEYS: [Needle; 3] = [Needle::new("密"), Needle::new("内"), Needle::new("商秘")];
            for key in &KEYS {
                for at in key.find_iter(norm) {
                    // `range`, not `start`: under a right-to-left override the order is reversed.
                    flags[self.line_number(map.range(at, at + key.word().len()).0)] = true;
                }
            }
            flags
        })
    }

    fn line_number(&self, offset: usize) -> usize {
        self.index().partition_point(|&(s, _)| s <= offset).saturating_sub(1)
    }

    fn index(&self) -> &[(usize, u32)] {
        self.index.get_or_init(|| {
            let mut v = Vec::new();
            let mut start = 0;
            let mut nonempty = 0;
            for end in memchr::memchr_iter(b'\n', self.text.as_bytes()).chain([self.text.len()]) {
                v.push((start, nonempty));
                if !self.text[start..end].trim().is_empty() {
                    nonempty += 1;
                }
                start = end + 1;
                if start > self.text.len() {
                    break;
                }
            }
            v
        })
    }

    fn line(&'a self, number: usize) -> Line<'a> {
        let index = self.index();
        let (start, nonempty) = index[number];
        let end = index.get(number + 1).map_or(self.text.len(), |&(s, _)| s - 1);
        Line { view: self, start, end, number, nonempty_before: self.place.lines_before + nonempty }
    }

    /// The line holding original offset `offset`.
    pub(super) fn line_of(&'a self, offset: usize) -> Line<'a> {
        self.line(self.line_number(offset))
    }

    /// The lines where a mark standing alone counts: every line of a header, footer or property,
    /// the first lines of the body (the head).
    pub(super) fn mark_place_lines(&'a self) -> impl Iterator<Item = Line<'a>> + 'a {
        let all = self.place.role.is_mark_place();
        let head = self.place.role == Role::Body && self.place.lines_before < HEAD_LINES;
        let n = if all || head { self.index().len() } else { 0 };
        (0..n)
            .map(move |i| self.line(i))
            .take_while(move |l| all || l.nonempty_before < HEAD_LINES)
            .filter(|l| l.end - l.start <= 120)
    }
}

impl Line<'_> {
    /// The line's original text.
    pub(super) fn text(&self) -> &str {
        &self.view.text[self.start..self.end]
    }

    /// Does the line hold a character that normalises to 密 or 内 (see [`LineView::mark_characters`])?
    pub(super) fn has_mark_character(&self) -> bool {
        self.view.mark_characters()[self.number]
    }

    /// The line without surrounding whitespace, as an original range.
    pub(super) fn trimmed_range(&self) -> (usize, usize) {
        let t = self.text();
        let lead = t.len() - t.trim_start().len();
        let trail = t.len() - t.trim_end().len();
        (self.start + lead, self.end - trail)
    }

    /// Is this line within the document head?
    pub(super) fn in_head(&self) -> bool {
        self.view.place.role == Role::Body && self.nonempty_before < HEAD_LINES
    }

    /// Is the segment a header, footer or properties?
    pub(super) fn role_is_mark_place(&self) -> bool {
        self.view.place.role.is_mark_place()
    }

    /// How many non-empty lines of the part come before this one.
    pub(super) fn nonempty_index(&self) -> u32 {
        self.nonempty_before
    }

    /// Is the previous non-empty line a copy number (份号)?
    pub(super) fn after_copy_number(&self) -> bool {
        match self.previous_nonempty() {
            Some(prev) => is_copy_number(prev),
            None => self.view.place.after_copy_number,
        }
    }

    /// Is the previous or the next non-empty line a bare level word too (a list of levels)?
    pub(super) fn neighbour_is_lone_level(&self) -> bool {
        let prev = match self.previous_nonempty() {
            Some(l) => is_lone_level(l),
            None => self.view.place.prev_lone_level,
        };
        let next = match self.next_nonempty() {
            Some(l) => is_lone_level(l),
            None => self.view.place.next_lone_level,
        };
        prev || next
    }

    /// The non-empty lines just before and after this one, across segment boundaries (empty at
    /// the edges of the part).
    pub(super) fn neighbours(&self) -> [&str; 2] {
        [
            self.previous_nonempty().unwrap_or(self.view.place.prev_line),
            self.next_nonempty().unwrap_or(self.view.place.next_line),
        ]
    }

    fn next_nonempty(&self) -> Option<&str> {
        let text: &str = self.view.text;
        let n = self.view.index().len();
        (self.number + 1..n).map(|i| self.view.line(i)).map(|l| text[l.start..l.end].trim()).find(|t| !t.is_empty())
    }

    /// Does a mark standing here count as the document's own: header, footer, properties, head?
    pub(super) fn is_mark_place(&self) -> bool {
        self.view.place.role.is_mark_place() || self.in_head()
    }

    /// Is the line empty apart from the range `[s, e)`, fillers, a 份号 and urgency words?
    pub(super) fn rest_is_blank(&self, s: usize, e: usize) -> bool {
        let t = self.view.text;
        let before = &t[self.start..s.clamp(self.start, self.end)];
        let after = &t[e.clamp(self.start, self.end)..self.end];
        is_blank_rest(before) && is_blank_rest(after)
    }

    /// Adds the placement signals to a finding's `why`.
    pub(super) fn add_place_signals(&self, alone: bool, why: &mut Vec<Signal>) {
        if alone {
            why.push(Signal::AloneOnLine);
        }
        let where_ = match self.view.place.role {
            Role::Header => Some(Signal::InHeader),
            Role::Footer => Some(Signal::InFooter),
            Role::Properties => Some(Signal::InProperties),
            Role::Body if self.in_head() => Some(Signal::HeadLine { line: self.nonempty_before + 1 }),
            _ => None,
        };
        if let Some(w) = where_ {
            why.push(w);
        }
        if self.after_copy_number() {
            why.push(Signal::AfterCopyNumber);
        }
        if is_copy_number_prefix(self.text()) {
            why.push(Signal::CopyNumberOnLine);
        }
    }

    fn previous_nonempty(&self) -> Option<&str> {
        let text: &str = self.view.text;
        (0..self.number).rev().map(|i| self.view.line(i)).map(|l| text[l.start..l.end].trim()).find(|t| !t.is_empty())
    }
}

/// Words that may share a line with a mark in the head: urgency, labels.
const HEAD_WORDS: &[&str] =
    &["份号", "密级", "保密期限", "紧急程度", "特急", "加急", "特提", "平急", "急件", "编号", "no", "no."];

/// Characters of the longest line [`lone_mark`] accepts once the noise is gone (`内部资料注意保存`).
const LONGEST_LONE_MARK: usize = 8;

/// Removes fillers, a copy number, urgency words and labels; what is left decides.
fn strip_head_noise(line: &str) -> String {
    without_head_words(filtered(line))
}

/// Whether noise removal may take `c` away: a character of [`HEAD_WORDS`], or one that
/// [`without_head_words`] trims.
fn removable(c: char) -> bool {
    c.is_ascii_digit() || "份号密级保期限紧急程度特加提平件编no.,。、".contains(c)
}

/// `line` normalised, without white space and the punctuation of a head.
fn filtered(line: &str) -> String {
    normalize_term(line)
        .chars()
        .filter(|c| !c.is_whitespace() && !"*·•-_~/:：|()（）[]【】〔〕<>〈〉".contains(*c))
        .collect()
}

/// [`filtered`] text without urgency words, labels and the copy number around them.
fn without_head_words(mut t: String) -> String {
    for w in HEAD_WORDS {
        if t.contains(w) {
            t = t.replace(w, "");
        }
    }
    t.trim_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',' || c == '。' || c == '、').to_string()
}

/// Whether a line ends a sentence (`。！？…`, or `!?` after a CJK character): prose, which a
/// document head never holds.
pub(super) fn ends_a_sentence(line: &str) -> bool {
    let mut back = line.trim_end().chars().rev();
    match back.next() {
        Some('。' | '！' | '？' | '…' | '．') => true,
        Some('!' | '?') => back.next().is_some_and(crate::normalize::is_cjk),
        _ => false,
    }
}

/// Is what remains of a line around a mark nothing that matters?
pub(super) fn is_blank_rest(s: &str) -> bool {
    strip_head_noise(s).is_empty()
}

/// Is `line` a copy number (份号), six digits in GB/T 9704, possibly labelled?
pub(crate) fn is_copy_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_start_matches("份号").trim_start_matches([':', '：']);
    let digits = t.chars().filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    digits >= 3 && digits == t.chars().count()
}

fn is_copy_number_prefix(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    digits >= 3 && t.chars().nth(digits).is_some_and(|c| c.is_whitespace())
}

/// Is `line` a bare state-secret level word (秘密, 机 密, 機密级), or one with a period whose
/// star is missing (机密 20年)?
pub(crate) fn is_lone_level(line: &str) -> bool {
    lone_mark(line).is_some_and(|m| matches!(m.class, Class::TopSecret | Class::Secret | Class::Confidential))
}

/// A line that is a mark by itself, as [`lone_mark`] reads it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct LoneMark {
    /// The mark's word (`秘密`, `内部`).
    pub word: &'static str,
    pub class: Class,
    pub severity: Severity,
    /// The period or condition after a state-secret level whose star is missing (`机密 1年`,
    /// `机密（1年）`: the star drawn as a picture or shape, or lost by a conversion).
    pub period: Option<String>,
}

/// A whole line that is a mark by itself: the level word (`秘密`), a level word and a period
/// without the star between them (`机密 1年`), an internal mark (`内部资料`), a commercial-secret
/// level, or a bracketed disclosure mark.
pub(super) fn lone_mark(line: &str) -> Option<LoneMark> {
    let t = filtered(line);
    // Characters that no noise removal takes away stay: more of them than the longest mark has,
    // and the line is no lone mark (most lines: this spares the removal, which copies the line).
    if t.chars().filter(|&c| !removable(c)).nth(LONGEST_LONE_MARK).is_some() {
        return None;
    }
    let t = without_head_words(t);
    let t = t.strip_suffix('级').unwrap_or(&t);
    let (word, class, severity) = match lone_word_of(t) {
        Some(found) => found,
        None => return starless_mark(t),
    };
    Some(LoneMark { word, class, severity, period: None })
}

/// A state-secret level followed by a period or condition, nothing else (`机密1年` once fillers
/// and brackets are gone), or with one or two symbols for the star (`机密●1年`, `机密#1年`: on a
/// line of its own that is what the star is for, whatever was typed).
fn starless_mark(t: &str) -> Option<LoneMark> {
    // Most lines that hold 密 do not start with a level: spare them the expression.
    if !["绝密", "机密", "秘密"].iter().any(|level| t.starts_with(level)) {
        return None;
    }
    static STARLESS: OnceLock<Regex> = OnceLock::new();
    let re = STARLESS.get_or_init(|| {
        Regex::new(&format!(r"^(?P<level>绝密|机密|秘密)[^\p{{L}}\p{{N}}]{{0,2}}(?P<period>{PERIOD})$")).unwrap()
    });
    let c = re.captures(t)?;
    let (word, class, severity) = lone_word_of(&c["level"])?;
    Some(LoneMark { word, class, severity, period: Some(c["period"].to_string()) })
}

/// The mark a line is once its noise is gone, if it is one.
fn lone_word_of(t: &str) -> Option<(&'static str, Class, Severity)> {
    Some(match t {
        // `机密件`: how a level is written on an envelope or a cover, the level all the same.
        "绝密" | "绝密件" => ("绝密", Class::TopSecret, Severity::Block),
        "机密" | "机密件" => ("机密", Class::Secret, Severity::Block),
        "秘密" | "秘密件" => ("秘密", Class::Confidential, Severity::Block),
        // `机密文件` alone on a line may be a heading as well as a label: a person decides.
        "绝密文件" => ("绝密", Class::TopSecret, Severity::Review),
        "机密文件" => ("机密", Class::Secret, Severity::Review),
        "秘密文件" => ("秘密", Class::Confidential, Severity::Review),
        "核心商密" | "核心商秘" | "核心商业秘密" => {
            ("核心商密", Class::CommercialSecret, Severity::Block)
        }
        "普通商密" | "普通商秘" | "普通商业秘密" => {
            ("普通商密", Class::CommercialSecret, Severity::Block)
        }
        "工作秘密" | "工作秘密注意保管" | "工作秘密注意保存" | "工作秘密妥善保管" | "工作秘密请勿外传" => {
            ("工作秘密", Class::WorkSecret, Severity::Review)
        }
        "内部"
        | "内部资料"
        | "内部文件"
        | "内部事项"
        | "内部参考"
        | "内部材料"
        | "内部使用"
        | "仅供内部使用"
        | "仅限内部使用"
        | "限内部使用"
        | "内部交流"
        | "仅限内部交流"
        | "仅供内部交流"
        | "内部传阅"
        | "内部资料注意保存"
        | "内部事项注意保管"
        | "内部资料请勿外传"
        | "内部刊物"
        | "内部发行"
        | "内部读物"
        | "内部明电"
        | "内部通报"
        | "仅供内部参考"
        | "内部资料仅供参考" => ("内部", Class::Internal, Severity::Review),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_marks_after_noise_removal() {
        assert_eq!(lone_mark("秘密").map(|m| m.class), Some(Class::Confidential));
        assert_eq!(lone_mark("　机　密　").map(|m| m.class), Some(Class::Secret));
        assert_eq!(lone_mark("000123 绝密 特急").map(|m| m.class), Some(Class::TopSecret));
        assert_eq!(lone_mark("密级：秘密").map(|m| m.class), Some(Class::Confidential));
        assert_eq!(lone_mark("機密").map(|m| m.class), Some(Class::Secret));
        assert_eq!(lone_mark("内部资料 注意保存").map(|m| m.class), Some(Class::Internal));
        assert_eq!(lone_mark("秘密花园"), None);
        // Any amount of removable noise around the word, and the longest marks, still count.
        assert_eq!(
            lone_mark("份号：000123 特急特急特急特急特急 加急 密级：秘密").map(|m| m.class),
            Some(Class::Confidential)
        );
        assert_eq!(lone_mark("内部事项注意保管").map(|m| m.class), Some(Class::Internal));
        assert_eq!(lone_mark("工作秘密　注意保管").map(|m| m.class), Some(Class::WorkSecret));
        assert_eq!(lone_mark("工作秘密 请勿外传").map(|m| m.class), Some(Class::WorkSecret));
        assert_eq!(lone_mark("内部资料注意保存文件"), None);
        assert_eq!(lone_mark("保密工作"), None);
        assert_eq!(lone_mark(""), None);
    }

    #[test]
    fn a_level_and_a_period_without_the_star() {
        let period = |line: &str| lone_mark(line).and_then(|m| m.period);
        assert_eq!(period("机密 1年").as_deref(), Some("1年"));
        assert_eq!(period("000123 秘密（6个月）").as_deref(), Some("6个月"));
        assert_eq!(period("绝密：启用前").as_deref(), Some("启用前"));
        assert_eq!(lone_mark("机密 十年").map(|m| m.class), Some(Class::Secret));
        assert_eq!(period("秘密"), None, "the bare word: a lone level without a period");
        for not in ["机密 10年以下", "机密1年多", "工作秘密 1年", "秘密花园 2年", "内部 1年"] {
            assert_eq!(lone_mark(not), None, "{not}");
        }
    }

    #[test]
    fn removable_is_every_character_noise_removal_takes() {
        let head: std::collections::BTreeSet<char> = HEAD_WORDS.iter().flat_map(|w| w.chars()).collect();
        let listed: std::collections::BTreeSet<char> =
            ('\0'..='\u{FFFF}').filter(|&c| removable(c) && !c.is_ascii_digit() && !".,。、".contains(c)).collect();
        assert_eq!(listed, &head - &std::collections::BTreeSet::from(['.']));
        assert!(head.iter().chain(&['0', '9', '.', ',', '。', '、']).all(|&c| removable(c)));
    }

    #[test]
    fn copy_numbers() {
        assert!(is_copy_number("000123"));
        assert!(is_copy_number("份号：000123"));
        assert!(!is_copy_number("2023年"));
        assert!(is_copy_number_prefix("000123 机密★1年"));
    }
}
