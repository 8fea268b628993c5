//! The placement pass: where each segment sits among the lines of its part (the document head,
//! the 份号 and bare level words around it, its neighbouring lines), worked out once per file in
//! document order, before the mark rules look at a segment.
//!
//! A mark is judged by where it stands: line 2 of the head under a 份号 is the document's own
//! mark, the same word deep in the body is a mention. Segments are matched in parallel, so the
//! lines around each one are gathered here first, as a [`Placement`].

use super::lines::{is_copy_number, is_lone_level};
use super::HEAD_LINES;
use crate::segment::{Role, Segment};

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

/// A line of a segment, by segment number and byte range in its text; `None` for no line.
type LineRef = Option<(usize, u32, u32)>;

/// A segment's [`Placement`], with its neighbouring lines as references, so that it can be
/// worked out before the segments it points to are dropped (see [`Placer`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    role: Role,
    lines_before: u32,
    after_copy_number: bool,
    prev_lone_level: bool,
    next_lone_level: bool,
    prev_line: LineRef,
    next_line: LineRef,
}

impl Place {
    /// The placement, its lines read from the segments (`segment(j)` is segment `j`).
    pub(crate) fn resolve<'a>(&self, segment: impl Fn(usize) -> &'a Segment, period_filled: bool) -> Placement<'a> {
        let line = |r: LineRef| r.map_or("", |(j, s, e)| &segment(j).text[s as usize..e as usize]);
        Placement {
            role: self.role,
            lines_before: self.lines_before,
            after_copy_number: self.after_copy_number,
            prev_lone_level: self.prev_lone_level,
            next_lone_level: self.next_lone_level,
            prev_line: line(self.prev_line),
            next_line: line(self.next_line),
            period_filled,
        }
    }

    /// The first segment whose lines this place points to.
    pub(crate) fn oldest_line(&self) -> Option<usize> {
        [self.prev_line, self.next_line].into_iter().flatten().map(|(j, ..)| j).min()
    }
}

/// Per part: non-empty lines so far, whether the last was a 份号, whether it was a level word,
/// and which segment holds it (to tell that segment what follows it); the last segment with text
/// and its last line, to tell it its next line.
struct PartState {
    lines: u32,
    copy: bool,
    lone: bool,
    last_segment: Option<usize>,
    last_line: LineRef,
    last_text_segment: Option<usize>,
}

/// For each segment, what the rules need to know about the lines of its part around it: how many
/// non-empty lines come before it (the head), whether the neighbouring lines are a 份号 or bare
/// level words, and what the neighbouring lines say. Segments are pushed in document order; a
/// segment's place is final once a later segment with a non-empty line has been pushed (it may
/// tell the segment its next line), or at the end.
#[derive(Default)]
pub(crate) struct Placer {
    /// Each part's state, found by its name in `index`.
    parts: Vec<PartState>,
    index: std::collections::HashMap<String, usize>,
    /// The part of the last segment pushed and its state: the next segment is nearly always of
    /// the same part, and comparing its name costs less than hashing it (SipHash, once per
    /// paragraph, was ~1% of a DOCX scan).
    last_part: Option<(String, usize)>,
    places: std::collections::VecDeque<Place>,
    /// The number of the first place held.
    base: usize,
}

impl Placer {
    /// Works out the place of segment `i`, the next one.
    pub(crate) fn push(&mut self, i: usize, s: &Segment) {
        debug_assert_eq!(i, self.base + self.places.len());
        let part = s.location.part.as_str();
        let k = match &self.last_part {
            Some((name, k)) if name == part => *k,
            _ => {
                let k = match self.index.get(part) {
                    Some(&k) => k,
                    None => {
                        self.parts.push(PartState {
                            lines: 0,
                            copy: false,
                            lone: false,
                            last_segment: None,
                            last_line: None,
                            last_text_segment: None,
                        });
                        self.index.insert(part.to_string(), self.parts.len() - 1);
                        self.parts.len() - 1
                    }
                };
                self.last_part = Some((part.to_string(), k));
                k
            }
        };
        let st = &mut self.parts[k];
        self.places.push_back(Place {
            role: s.role,
            lines_before: st.lines,
            after_copy_number: st.copy,
            prev_lone_level: st.lone,
            next_lone_level: false,
            prev_line: st.last_line,
            next_line: None,
        });
        let line_ref = |line: &str| {
            let start = line.as_ptr() as usize - s.text.as_ptr() as usize;
            Some((i, start as u32, (start + line.len()) as u32))
        };
        if let Some((first, last)) = first_and_last_lines(&s.text) {
            if let Some(prev) = st.last_text_segment {
                if let Some(p) = prev.checked_sub(self.base).and_then(|k| self.places.get_mut(k)) {
                    p.next_line = line_ref(first);
                }
            }
            st.last_text_segment = Some(i);
            st.last_line = line_ref(last);
        }
        // Only the head and the mark places need the line details.
        if st.lines < HEAD_LINES || s.role.is_mark_place() {
            // Of the lines in between only the count matters: the next segment learns whether
            // the last one is a 份号 or a level word, the previous one whether the first is.
            let mut lines = s.text.lines().filter(|l| !l.trim().is_empty());
            if let Some(first) = lines.next() {
                if let Some(prev) = st.last_segment {
                    if let Some(p) = prev.checked_sub(self.base).and_then(|k| self.places.get_mut(k)) {
                        p.next_lone_level = is_lone_level(first);
                    }
                }
                let (count, last) = lines.fold((1, first), |(n, _), l| (n + 1, l));
                st.lines += count;
                st.copy = is_copy_number(last);
                st.lone = is_lone_level(last);
                st.last_segment = Some(i);
            }
        } else {
            st.last_segment = None;
            st.lone = false;
            st.copy = false;
        }
    }

    pub(crate) fn get(&self, i: usize) -> &Place {
        &self.places[i - self.base]
    }

    /// The first segment whose place may still change (a later segment with a non-empty line of
    /// its part tells it its next line); `usize::MAX` if none may.
    pub(crate) fn settled_before(&self) -> usize {
        let open = |st: &PartState| [st.last_text_segment, st.last_segment].into_iter().flatten().min();
        self.parts.iter().filter_map(open).min().unwrap_or(usize::MAX)
    }

    /// Forgets the places before segment `i`.
    pub(crate) fn forget_before(&mut self, i: usize) {
        while self.base < i && !self.places.is_empty() {
            self.places.pop_front();
            self.base += 1;
        }
    }
}

/// The first and the last non-empty line of `text`, trimmed; `None` if it has none.
///
/// Most segments are one paragraph without a line break: then both are the whole text, and one
/// SIMD search for `\n` says so (the standard library's `lines()`, forwards and backwards, cost
/// more than the rest of the placement pass).
fn first_and_last_lines(text: &str) -> Option<(&str, &str)> {
    if memchr::memchr(b'\n', text.as_bytes()).is_none() {
        let t = text.trim();
        return (!t.is_empty()).then_some((t, t));
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some((first, text.lines().rev().map(str::trim).find(|l| !l.is_empty()).unwrap_or(first)))
}

/// The placement of a window that starts at original offset `at` of a segment placed at
/// `place`: in the document head only if that line of the segment is.
pub(crate) fn window_place<'a>(place: Placement<'a>, text: &str, at: usize) -> Placement<'a> {
    let mut place = place;
    if place.lines_before < HEAD_LINES {
        let before = text.get(..at).unwrap_or(text);
        let lines = before.lines().filter(|l| !l.trim().is_empty()).take(HEAD_LINES as usize).count();
        place.lines_before += lines.saturating_sub(1) as u32;
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `first_and_last_lines` must agree with: the standard library's lines, trimmed.
    fn by_lines(text: &str) -> Option<(&str, &str)> {
        let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
        Some((first, text.lines().rev().map(str::trim).find(|l| !l.is_empty()).unwrap_or(first)))
    }

    #[test]
    fn first_and_last_lines_agree_with_lines() {
        let cases = [
            "",
            " ",
            "\u{3000}\t",
            "机密★1年",
            "  机密★1年 \r",
            "\r",
            "\n",
            "份号 000123\n机密★1年",
            "a\r\nb\r\n",
            "\n\n  \n内部\n \n",
            "a\u{3000}\n\u{3000}b",
        ];
        for text in cases {
            let got = first_and_last_lines(text);
            assert_eq!(got, by_lines(text), "{text:?}");
            // The same lines of the same text: `line_ref` turns them into offsets.
            if let (Some((f, l)), Some((bf, bl))) = (got, by_lines(text)) {
                assert_eq!((f.as_ptr(), l.as_ptr()), (bf.as_ptr(), bl.as_ptr()), "{text:?}");
            }
        }
        assert_eq!(first_and_last_lines(" 机密 "), Some(("机密", "机密")));
        assert_eq!(first_and_last_lines("\u{3000}"), None);
    }
}
