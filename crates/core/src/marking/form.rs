//! Drafting forms (发文稿纸): a ticked 密级 box marks a classified draft.
//!
//! The internal form on which a 公文 is drafted and signed off has a 密级 field printed as boxes,
//! `□绝密 □机密 □秘密`, often next to a 保密期限 field. Whoever drafts a classified document ticks
//! one (`☑机密`, `■机密`, `√机密`, `(√)机密`, or `机密☑` on forms that put the box after the word)
//! and fills in the period. No `★` appears, yet the filled form is a classified draft. An empty
//! template is public, and so is a quiz that ticks a true statement about `机密级` material.
//!
//! Which side of the words the boxes stand on is decided once per line, by the first level word
//! that has a box or a tick beside it: normalisation removes the spaces between `□机密 ■秘密`,
//! so a tick between two words could belong to either.

use super::PERIOD;
use crate::needle::Needle;
use crate::normalize::{normalize, FoldedWord, Normalized};
use crate::segment::Segment;
use regex::Regex;
use std::sync::OnceLock;

/// Ticks and filled boxes: a chosen option.
const TICKS: &[char] = &['☑', '☒', '✓', '✔', '√', '■', '▣', '◼', '⬛', '✅', '✗', '✘', '⊠', '▇', '█'];
/// Empty boxes: an option not chosen.
const BOXES: &[char] = &['□', '☐', '▢', '❏', '❑', '◻', '⬜', '○'];

/// Whether `c`, alone between brackets, ticks them: a tick, or what people type for one on a
/// keyboard (`[x]`, `(v)`, `(*)`, `(★)`; letters are lower case once normalised).
fn ticks_a_bracket(c: char) -> bool {
    TICKS.contains(&c) || matches!(c, 'x' | 'v' | '*' | '★')
}

/// Is `c` a box, ticked or not?
pub(super) fn is_box(c: char) -> bool {
    TICKS.contains(&c) || BOXES.contains(&c)
}

/// What stands beside a level word on a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Box_ {
    Ticked,
    Empty,
}

/// A ticked level box: the level word's class name and the normalised range of box and word.
pub(super) struct Ticked {
    pub level: &'static str,
    pub start: usize,
    pub end: usize,
    /// Whether a 保密期限 value follows on the same line.
    pub period_on_line: bool,
    /// Whether the line looks like a form (other boxes, a 密级 or 保密期限 label).
    pub form_line: bool,
}

/// The box just before normalised offset `at` in `line` (`☑`, `(√)`, `( )`…), with its start.
fn box_before(line: &str, at: usize) -> Option<(Box_, usize)> {
    let before = line[..at].trim_end();
    let last = before.chars().next_back()?;
    let start = before.len() - last.len_utf8();
    if TICKS.contains(&last) {
        return Some((Box_::Ticked, start));
    }
    if BOXES.contains(&last) {
        return Some((Box_::Empty, start));
    }
    if matches!(last, ')' | ']' | '】') {
        let open = before[..start].rfind(['(', '[', '【'])?;
        let inside = before[open..start].trim_start_matches(['(', '[', '【']).trim();
        if inside.chars().count() > 1 {
            return None;
        }
        return match inside.chars().next() {
            None => Some((Box_::Empty, open)),
            Some(c) if ticks_a_bracket(c) => Some((Box_::Ticked, open)),
            Some(_) => None,
        };
    }
    None
}

/// The box just after normalised offset `at` in `line`, with its end.
fn box_after(line: &str, at: usize) -> Option<(Box_, usize)> {
    let rest = &line[at..];
    let after = rest.trim_start();
    let skipped = rest.len() - after.len();
    let first = after.chars().next()?;
    let end = at + skipped + first.len_utf8();
    if TICKS.contains(&first) {
        return Some((Box_::Ticked, end));
    }
    if BOXES.contains(&first) {
        return Some((Box_::Empty, end));
    }
    if matches!(first, '(' | '[' | '【') {
        let close = after.find([')', ']', '】'])?;
        let inside = after[first.len_utf8()..close].trim();
        let end = at + skipped + close + after[close..].chars().next()?.len_utf8();
        if inside.chars().count() > 1 {
            return None;
        }
        return match inside.chars().next() {
            None => Some((Box_::Empty, end)),
            Some(c) if ticks_a_bracket(c) => Some((Box_::Ticked, end)),
            Some(_) => None,
        };
    }
    None
}

fn level_words() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new("绝密|机密|秘密").unwrap())
}

fn period_value() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let ticks: String = TICKS.iter().collect();
        Regex::new(&format!(r"保密期限[\s:_()\[\]【】{ticks}]{{0,8}}(?:{PERIOD})|★\s?(?:{PERIOD})")).unwrap()
    })
}

/// Words that make a level word a description (`机密级`, `机密文件`), not a box's label.
fn is_description(after: &str) -> bool {
    after.starts_with(['级', '以', '的', '和', '或', '文', '载', '事', '信', '资', '等', '件'])
}

/// The ticked level boxes of a normalised text, on the lines that hold a level word.
pub(super) fn ticked(text: &str) -> Vec<Ticked> {
    let mut out = Vec::new();
    let mut done_to = 0;
    for m in level_words().find_iter(text) {
        if m.start() < done_to {
            continue;
        }
        let start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let end = text[m.end()..].find('\n').map_or(text.len(), |i| m.end() + i);
        scan_line(&text[start..end], start, &mut out);
        done_to = end;
    }
    out
}

fn scan_line(line: &str, offset: usize, out: &mut Vec<Ticked>) {
    if !line.contains(TICKS) && !line.contains(['x', 'v', '*', '★']) {
        return; // no tick, nor anything typed for one (`[x]`)
    }
    let words: Vec<(usize, usize)> = level_words().find_iter(line).map(|m| (m.start(), m.end())).collect();
    // The side the boxes stand on: that of the first level word with a box beside it.
    let before_side = words.iter().find_map(|&(s, e)| {
        if box_before(line, s).is_some() {
            Some(true)
        } else if box_after(line, e).is_some() {
            Some(false)
        } else {
            None
        }
    });
    let Some(before_side) = before_side else { return };
    let form_line = line.contains(BOXES) || line.contains("密级") || line.contains("保密期限") || words.len() > 1;
    for (s, e) in words {
        if before_side && is_description(&line[e..]) {
            continue;
        }
        let found = if before_side {
            box_before(line, s).map(|(b, at)| (b, at, e))
        } else {
            box_after(line, e).map(|(b, at)| (b, s, at))
        };
        if let Some((Box_::Ticked, start, end)) = found {
            let level = match &line[s..e] {
                "绝密" => "绝密",
                "机密" => "机密",
                _ => "秘密",
            };
            let period_on_line = period_value().is_match(&line[e..]);
            out.push(Ticked { level, start: offset + start, end: offset + end, period_on_line, form_line });
        }
    }
}

/// The answer a form gives to a yes-or-no question, from the normalised text after the
/// question (`是否涉密：` then `是`, `☑是 □否`, `是(√) 否( )`): `Some(true)` for yes, `Some(false)`
/// for no, `None` when nothing is chosen (`是□ 否□`, `是/否`, an empty field) or both are.
pub(super) fn answer(field: &str) -> Option<bool> {
    let field = field.split('\n').next().unwrap_or("");
    let field: &str = field.char_indices().nth(16).map_or(field, |(i, _)| &field[..i]);
    let yes = field.find('是');
    let no = field.find('否');
    let first = [yes, no].into_iter().flatten().min()?;
    // The side the boxes stand on: that of the first word with a box beside it.
    let before_side = if box_before(field, first).is_some() {
        Some(true)
    } else if box_after(field, first + '是'.len_utf8()).is_some() {
        Some(false)
    } else {
        [yes, no].into_iter().flatten().find_map(|at| {
            if box_before(field, at).is_some() {
                Some(true)
            } else {
                box_after(field, at + '是'.len_utf8()).map(|_| false)
            }
        })
    };
    let ticked = |at: Option<usize>| {
        at.is_some_and(|at| {
            let b =
                if before_side == Some(true) { box_before(field, at) } else { box_after(field, at + '是'.len_utf8()) };
            matches!(b, Some((Box_::Ticked, _)))
        })
    };
    match before_side {
        Some(_) => match (ticked(yes), ticked(no)) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        },
        // No boxes: the answer written out, alone (`是`, `是，机密级`), never both words.
        None if yes.is_some() && no.is_some() => None,
        None if field.trim_start().starts_with('是') => Some(true),
        None if field.trim_start().starts_with('否') => Some(false),
        None => None,
    }
}

/// Whether a document fills in a 保密期限 field anywhere (`保密期限：1年`, or the label in one table
/// cell and `十年` in the next).
pub(crate) fn fills_in_a_period(segments: &[Segment]) -> bool {
    let mut probe = PeriodProbe::default();
    for s in segments {
        probe.feed(&s.text);
    }
    probe.finish()
}

/// Whether a document fills in a 保密期限 (see [`fills_in_a_period`]), learnt one segment at a
/// time: the first pass over a file too large to hold, which is then scanned in a second pass
/// with [`crate::Rules::find_stream`].
#[derive(Default)]
pub struct PeriodProbe {
    /// The normalised text of the last segment, if it names a 期限: the next segment's head may
    /// hold the value.
    pending: Option<String>,
    found: bool,
    buf: Normalized,
}

impl PeriodProbe {
    /// Feeds the text of the next segment of the document.
    pub fn feed(&mut self, text: &str) {
        if self.found {
            return;
        }
        if let Some(mut pending) = self.pending.take() {
            let head: String = text.chars().take(64).collect();
            pending.push('\n');
            pending.push_str(normalize(&head).text());
            if names_a_period(&pending) {
                self.found = true;
                return;
            }
        }
        static TERM: Needle = Needle::new("期限");
        static LABEL: OnceLock<FoldedWord> = OnceLock::new();
        if TERM.is_in(text.as_bytes()) {
            // A filled period that starts in this segment starts with 保密期限 (nothing before the
            // line break put between the two segments can run into the label): without the label
            // only the next segment's head may hold one, and nothing of this one needs keeping,
            // nor normalising.
            let label = LABEL.get_or_init(|| FoldedWord::new("保密期限"));
            let kept = if label.in_normalized(text) == Some(false) {
                String::new()
            } else {
                self.buf.fill(text);
                let t = self.buf.text();
                if t.contains("保密期限") {
                    t.to_string()
                } else {
                    String::new()
                }
            };
            self.pending = Some(kept);
        }
    }

    /// Whether some segment fed filled in a period.
    pub fn finish(mut self) -> bool {
        if let Some(pending) = self.pending.take() {
            self.found |= names_a_period(&pending);
        }
        self.found
    }
}

fn names_a_period(normalised: &str) -> bool {
    period_value().find_iter(normalised).any(|m| m.as_str().starts_with("保密期限"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(text: &str) -> Vec<(&'static str, bool)> {
        let n = normalize(text);
        ticked(n.text()).into_iter().map(|t| (t.level, t.period_on_line)).collect()
    }

    #[test]
    fn finds_the_ticked_box_on_either_side() {
        assert_eq!(levels("密级：□绝密 ☑机密 □秘密"), vec![("机密", false)]);
        assert_eq!(levels("密级：□绝密 ■机密 □秘密 保密期限：10年"), vec![("机密", true)]);
        assert_eq!(levels("密级 √秘密"), vec![("秘密", false)]);
        assert_eq!(levels("密级：( )绝密 (√)机密 ( )秘密"), vec![("机密", false)]);
        assert_eq!(levels("密级：[ ]绝密 [x]机密 [ ]秘密"), vec![("机密", false)]);
        assert_eq!(levels("密级：[ ]绝密 [ ]机密 [X]秘密"), vec![("秘密", false)]);
        assert_eq!(levels("密级：( )绝密 (v)机密 ( )秘密"), vec![("机密", false)]);
        assert_eq!(levels("密级：绝密( ) 机密(*) 秘密( )"), vec![("机密", false)]);
        assert_eq!(levels("密级：绝密□ 机密☑ 秘密□"), vec![("机密", false)]);
        assert_eq!(levels("绝密□机密■秘密□"), vec![("机密", false)]);
        assert_eq!(levels("□绝密■机密□秘密"), vec![("机密", false)]);
    }

    #[test]
    fn empty_templates_and_quizzes_have_no_ticked_level() {
        assert!(levels("密级：□绝密 □机密 □秘密 保密期限：____").is_empty());
        assert!(levels("（√）机密级载体不得通过普通邮政寄递").is_empty());
        assert!(levels("■机密文件管理要求").is_empty());
    }

    #[test]
    fn a_yes_or_no_answer_is_read_from_ticks_or_words() {
        let a = |t: &str| answer(normalize(t).text());
        assert_eq!(a("是"), Some(true));
        assert_eq!(a("是（机密级）"), Some(true));
        assert_eq!(a("否"), Some(false));
        assert_eq!(a("☑是 □否"), Some(true));
        assert_eq!(a("□是 ☑否"), Some(false));
        assert_eq!(a("是☑ 否□"), Some(true));
        assert_eq!(a("是□ 否■"), Some(false));
        assert_eq!(a("(√)是 ( )否"), Some(true));
        assert_eq!(a("是( ) 否(√)"), Some(false));
        assert_eq!(a("□是 □否"), None);
        assert_eq!(a("是/否"), None);
        assert_eq!(a("是 否"), None);
        assert_eq!(a(""), None);
        assert_eq!(a("______"), None);
    }

    #[test]
    fn a_filled_period_anywhere_in_the_document() {
        use crate::{Location, Role};
        let seg = |t: &str| Segment::new(Location::part("p"), Role::Body, t);
        assert!(fills_in_a_period(&[seg("保密期限：十年")]));
        assert!(fills_in_a_period(&[seg("保密期限"), seg("1年")]));
        assert!(!fills_in_a_period(&[seg("保密期限：      年")]));
        assert!(!fills_in_a_period(&[seg("保密期限：□长期 □10年")]));
        assert!(fills_in_a_period(&[seg("保密期限：☑10年")]));
        // The label alone in one segment, the value in the next; a segment with only 期限 and
        // a next one that fills the whole field in its head.
        assert!(fills_in_a_period(&[seg("正文\n保密期限："), seg("十年\n正文")]));
        assert!(!fills_in_a_period(&[seg("正文\n办理期限："), seg("十年\n正文")]));
        assert!(fills_in_a_period(&[seg("办理期限：三天"), seg("保 密 期 限：十年")]));
        assert!(!fills_in_a_period(&[seg("办理期限：三天"), seg(&format!("{}保密期 限：十年", "文".repeat(70)))]));
    }
}
