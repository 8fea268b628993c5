//! Layout evasions: marks and terms cut by paragraph, line and segment boundaries.
//!
//! The normaliser already skips a single line break between two Chinese characters, but a
//! paragraph break is a hard boundary in the normalised text, a line break between Latin letters
//! stays, and every segment (a DOCX paragraph, a table cell, a slide's text box) is normalised on
//! its own. So three layouts slip through a segment-by-segment match:
//!
//! * a mark or term written one character per paragraph, per line or per table cell
//!   (`机` / `密` / `★` / `1` / `年`), which a viewer reads as one word;
//! * a term that a conversion (PDF to Word, OCR) broke across two paragraphs or lines
//!   (`……紫电` / `计划……`, `KJ-` / `3型`);
//! * a `re:` series rule whose match a line break cuts (`厅密发〔2020〕` / `3号`).
//!
//! This module matches a second time across those boundaries, on small *windows*: the last
//! characters of one unit (a paragraph or line of the normalised text), then every following unit
//! short enough to be a fragment, then the first characters of the next long unit. Only a match
//! that spans a boundary is kept (the rest were found by the ordinary pass), so the cost is a few
//! dozen characters per boundary, not a second scan of the document.
//!
//! Precision: a unit that ends a sentence (`。！？；`) ends a window: a term across a sentence
//! boundary is a coincidence. A match that joins two *long* units (two real paragraphs) needs at
//! least three characters: a two-character term made of the last character of one paragraph and
//! the first of the next is far more often chance than evasion. Within a window, marks keep the
//! boundaries as line breaks (so `密级` above a list of levels is still a list), terms and
//! patterns see the characters joined.

/// A normalised character of a window, and where it came from: its segment and byte range, in
/// the segment's normalised text while the segment is being scanned ([`unit_edges`]), in its
/// original text once [`Window::map_origins`] has mapped it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub seg: u32,
    pub start: u32,
    pub end: u32,
}

/// A unit of at most this many characters is a *fragment* (a character, a cell, a short line):
/// windows run through fragments; of a longer unit they take only the head or the tail.
pub(crate) const FRAGMENT: usize = 4;

/// Characters that end a sentence: a window never continues past them.
const SENTENCE_END: &[char] = &['。', '!', '?', ';', '！', '？', '；', '…'];

/// The edges of a run of text (a unit, or a whole segment): what a window needs from it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Edges {
    /// The first characters (all of them when `whole`).
    pub head: Vec<(char, Origin)>,
    /// The last characters.
    pub tail: Vec<(char, Origin)>,
    /// Whether the run is a fragment (at most [`FRAGMENT`] characters): `head` holds all of it.
    pub whole: bool,
    /// Whether a window may continue after it (it does not end a sentence).
    pub open_end: bool,
}

impl Edges {
    /// The edges of `chars` (a unit's normalised characters), keeping `reach` characters at
    /// each end.
    #[cfg(test)]
    pub(crate) fn of(chars: &[(char, Origin)], reach: usize) -> Edges {
        let whole = chars.len() <= FRAGMENT;
        let head = chars[..chars.len().min(reach)].to_vec();
        let tail = chars[chars.len().saturating_sub(reach)..].to_vec();
        let open_end = chars.last().is_some_and(|(c, _)| !SENTENCE_END.contains(c));
        Edges { head, tail, whole, open_end }
    }
}

/// Characters joined across boundaries, with the boundaries remembered.
#[derive(Clone, Debug, Default)]
pub(crate) struct Window {
    chars: Vec<(char, Origin)>,
    /// (index in `chars` where the unit after the boundary starts, whether the boundary joins two
    /// long units).
    boundaries: Vec<(usize, bool)>,
    /// Whether the window starts with the head of a long unit, ends with the tail of one.
    first_long: bool,
    last_long: bool,
}

impl Window {
    /// Adds the next unit of a text to the window of its first units: its leading fragments and
    /// the head of the first long unit (or of a unit that ends a sentence). Returns whether the
    /// window is still open: false once this unit ends it (no further unit belongs to it); true
    /// after every unit of a text that is all fragments leaving the window open.
    pub(crate) fn extend_lead(&mut self, u: &Edges, first: bool) -> bool {
        if first {
            self.first_long = !u.whole;
        } else {
            self.boundaries.push((self.chars.len(), false));
        }
        self.chars.extend_from_slice(&u.head);
        u.whole && u.open_end && self.chars.len() <= MAX_WINDOW
    }

    /// Joins `next` to this window across a boundary between segments.
    pub(crate) fn join(&mut self, next: &Window) {
        let weak = self.last_long && next.first_long;
        let at = self.chars.len();
        self.boundaries.push((at, weak));
        self.boundaries.extend(next.boundaries.iter().map(|&(i, w)| (i + at, w)));
        self.chars.extend_from_slice(&next.chars);
        self.last_long = next.last_long;
    }

    /// Keeps only the last `reach` characters (and no boundary), to go on after matching a long
    /// window.
    pub(crate) fn keep_tail(&mut self, reach: usize) {
        let keep = self.chars.len().saturating_sub(reach);
        self.chars.drain(..keep);
        self.boundaries.clear();
    }

    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// Rewrites every origin (normalised offsets to original ones, when a window outlives its
    /// segment's normalised text).
    pub(crate) fn map_origins(&mut self, map: &crate::normalize::OffsetMap) {
        map.map_in_place(&mut self.chars, |(_, o)| (&mut o.start, &mut o.end));
    }

    /// Whether the two windows hold the same characters from the same places.
    pub(crate) fn same_chars(&self, other: &Window) -> bool {
        self.chars == other.chars
    }

    /// Takes `other`'s characters and origins (see [`Window::same_chars`]), keeping its own
    /// boundaries and ends.
    pub(crate) fn copy_chars(&mut self, other: &Window) {
        self.chars.clone_from(&other.chars);
    }

    /// Whether one of `words` stands within `near` characters of a boundary (the characters
    /// joined): what any mark crossing a boundary needs.
    pub(crate) fn word_near_boundary<const N: usize>(&self, words: &[&str; N], near: usize) -> bool {
        let firsts = words.map(|w| w.chars().next());
        self.boundaries.iter().any(|&(at, _)| {
            let lo = at.saturating_sub(near);
            let hi = (at + near).min(self.chars.len());
            let around = &self.chars[lo..hi];
            // Compared character by character: no string is built for each boundary. One walk
            // over the characters; a word is spelt out only where its first character stands.
            (0..around.len()).any(|i| {
                let c = around[i].0;
                words.iter().zip(firsts).any(|(w, first)| {
                    first == Some(c) && {
                        let mut rest = around[i..].iter().map(|c| c.0);
                        w.chars().all(|wc| rest.next() == Some(wc))
                    }
                })
            })
        })
    }

    /// Where its first character came from.
    pub(crate) fn first_origin(&self) -> Option<Origin> {
        self.chars.first().map(|c| c.1)
    }
}

/// A window longer than this many characters is matched and restarted (long chains of fragments).
pub(crate) const MAX_WINDOW: usize = 2048;

/// Builds windows from a sequence of units, and hands every window with a boundary to `run`.
pub(crate) struct Chainer {
    window: Window,
    /// The window ends with a unit whose end is open: the next unit may join it.
    open: bool,
    /// The last unit added was a fragment (a short unit).
    last_whole: bool,
    reach: usize,
}

impl Chainer {
    /// `reach`: characters kept at each end of a long unit (the longest term, at least a mark).
    pub(crate) fn new(reach: usize) -> Self {
        Chainer { window: Window::default(), open: false, last_whole: false, reach }
    }

    /// Adds the next unit; `joins` says whether it may join the previous one at all (same part,
    /// not an overlap).
    pub(crate) fn feed(&mut self, unit: &Edges, joins: bool, run: &mut impl FnMut(&Window)) {
        if unit.head.is_empty() {
            return;
        }
        if self.open && joins {
            let weak = !self.last_whole && !unit.whole;
            self.window.boundaries.push((self.window.chars.len(), weak));
            self.window.chars.extend_from_slice(&unit.head);
            if unit.whole && unit.open_end {
                self.last_whole = true;
                if self.window.chars.len() > MAX_WINDOW {
                    self.restart(run);
                }
                return;
            }
            self.flush(run);
        } else {
            self.flush(run);
        }
        // A new window starts with the end of this unit.
        if unit.open_end {
            // Room for the next segment's lead too: the window left open at the segment's end is
            // handed over and joined to it (growing it then was a reallocation per paragraph).
            self.window.chars.reserve(2 * self.reach);
            self.window.chars.extend_from_slice(if unit.whole { &unit.head } else { &unit.tail });
            self.window.first_long = !unit.whole;
            self.open = true;
            self.last_whole = unit.whole;
        }
    }

    /// Matches what is pending.
    #[cfg(test)]
    pub(crate) fn finish(&mut self, run: &mut impl FnMut(&Window)) {
        self.flush(run);
    }

    /// Matches what is pending and hands the window back if it is open, for the next segment to
    /// continue.
    pub(crate) fn finish_open(&mut self, run: &mut impl FnMut(&Window)) -> Option<Window> {
        if !self.window.boundaries.is_empty() {
            run(&self.window);
        }
        // Handed over, not copied: the chainer is done with it.
        let open = self.open.then(|| {
            let mut w = std::mem::take(&mut self.window);
            w.last_long = !self.last_whole;
            w
        });
        self.flush(&mut |_| {});
        open
    }

    fn flush(&mut self, run: &mut impl FnMut(&Window)) {
        if !self.window.boundaries.is_empty() {
            run(&self.window);
        }
        self.window.chars.clear();
        self.window.boundaries.clear();
        self.open = false;
    }

    /// Matches a long window, then keeps only its last characters (without boundaries) to go on.
    fn restart(&mut self, run: &mut impl FnMut(&Window)) {
        run(&self.window);
        self.window.keep_tail(self.reach);
    }
}

/// A window as a string: its characters, with `sep` (if any) at each boundary; the origin of each
/// character by byte offset; and the byte offset of each boundary.
#[derive(Default)]
pub(crate) struct Rendered {
    pub text: String,
    origins: Vec<(u32, Origin)>,
    boundaries: Vec<(u32, bool)>,
    sep: bool,
}

impl Window {
    #[cfg(test)]
    pub(crate) fn render(&self, sep: Option<char>) -> Rendered {
        let mut r = Rendered::default();
        self.render_into(sep, &mut r);
        r
    }

    /// Renders the window into `r`, reusing its buffers (a window is rendered at every boundary
    /// between paragraphs: allocating three buffers each time was a third of the cost).
    pub(crate) fn render_into(&self, sep: Option<char>, r: &mut Rendered) {
        let Rendered { text, origins, boundaries, sep: with_sep } = r;
        text.clear();
        origins.clear();
        boundaries.clear();
        *with_sep = sep.is_some();
        text.reserve(self.chars.len() * 3 + self.boundaries.len());
        origins.reserve(self.chars.len());
        let mut next = self.boundaries.iter().peekable();
        for (i, &(c, o)) in self.chars.iter().enumerate() {
            while let Some(&&(at, weak)) = next.peek() {
                if at != i {
                    break;
                }
                boundaries.push((text.len() as u32, weak));
                if let Some(s) = sep {
                    text.push(s);
                }
                next.next();
            }
            origins.push((text.len() as u32, o));
            text.push(c);
        }
    }
}

impl Rendered {
    /// Whether the range `[s, e)` of `text` crosses a boundary, and may be kept: a match across
    /// only weak boundaries (between two long units) needs three characters.
    pub(crate) fn crosses(&self, s: usize, e: usize) -> bool {
        let (s, e) = (s as u32, e as u32);
        let mut crossed =
            self.boundaries.iter().filter(|&&(b, _)| if self.sep { s <= b && b < e } else { s < b && b < e });
        match crossed.next() {
            None => false,
            Some(&(_, weak)) => {
                !weak || crossed.any(|&(_, w)| !w) || self.text[s as usize..e as usize].chars().count() >= 3
            }
        }
    }

    /// The origins of the first and last characters of `[s, e)`.
    pub(crate) fn origins(&self, s: usize, e: usize) -> Option<(Origin, Origin)> {
        let first = self.origins.partition_point(|&(at, _)| (at as usize) < s);
        let last = self.origins.partition_point(|&(at, _)| (at as usize) < e).checked_sub(1)?;
        let (a, b) = (self.origins.get(first)?.1, self.origins.get(last)?.1);
        (first <= last).then_some((a, b))
    }
}

impl Edges {
    /// Becomes the edges of the unit `text[range]` of a normalised text, with origins in segment
    /// `seg` as offsets in that normalised text: only the characters within `reach` of either
    /// end. (Filled again for every unit, its buffers are allocated once per segment.)
    pub(crate) fn fill(&mut self, text: &str, range: std::ops::Range<usize>, seg: u32, reach: usize) {
        let unit = &text[range.clone()];
        let origin = |(i, c): (usize, char)| {
            let at = (range.start + i) as u32;
            (c, Origin { seg, start: at, end: at + c.len_utf8() as u32 })
        };
        self.head.clear();
        self.tail.clear();
        self.head.extend(unit.char_indices().take(reach + 1).map(origin));
        if self.head.len() <= reach {
            // Short enough to map whole: both ends are all of it.
            self.tail.extend_from_slice(&self.head);
            self.whole = self.head.len() <= FRAGMENT;
        } else {
            self.head.truncate(reach);
            self.tail.extend(unit.char_indices().rev().take(reach).map(origin));
            self.tail.reverse();
            self.whole = false;
        }
        self.open_end = self.tail.last().is_some_and(|(c, _)| !SENTENCE_END.contains(c));
    }
}

/// The units of a normalised text: its lines (the normaliser keeps a line break only for a
/// paragraph break, or between characters it does not join), as byte ranges, without blank ones.
pub(crate) fn units(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n').filter_map(move |line| {
        let r = start..start + line.len();
        start += line.len() + 1;
        let lead = line.len() - line.trim_start().len();
        let trail = line.len() - line.trim_end().len();
        (r.start + lead < r.end - trail).then(|| r.start + lead..r.end - trail)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dictionary, FindOptions, FindingKind, Location, Role, Rules, Segment, Severity};

    fn rules() -> Rules {
        let d = Dictionary::parse(
            "d",
            "紫电计划\t机密\nKJ-3型\t秘密\nre:\\p{Han}{1,4}密发〔\\d{4}〕\\d+号\t机密\tdoc-number\n黄片\n三黄片\tallow\n".as_bytes(),
        )
        .unwrap();
        Rules::builder().dictionary(d).build().unwrap()
    }

    fn paragraphs(texts: &[&str]) -> Vec<Segment> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Segment::new(Location::part("word/document.xml").with_paragraph(i as u32 + 1), Role::Body, *t)
            })
            .collect()
    }

    fn scan(segs: &[Segment]) -> Vec<crate::Finding> {
        rules()
            .find(segs, &FindOptions::default())
            .findings
            .into_iter()
            .filter(|f| {
                f.kind != FindingKind::DocNumber
                    || matches!(&f.rule, crate::RuleId::Entry { dictionary, .. } if &**dictionary == "d")
            })
            .collect()
    }

    const PROSE: &str = "为进一步加强政务公开工作，现将有关事项通知如下。";

    #[test]
    fn a_mark_one_character_per_paragraph_is_a_mark() {
        let segs = paragraphs(&[PROSE, PROSE, PROSE, PROSE, PROSE, PROSE, PROSE, "机", "密", "★", "1", "年", PROSE]);
        let f = scan(&segs);
        let m = f.iter().find(|f| f.rule == "marking.state-secret").unwrap_or_else(|| panic!("{f:?}"));
        assert_eq!(m.severity, Severity::Block);
        assert_eq!(m.location.paragraph, Some(8), "located at the first character");
        assert_eq!(m.location.column, Some(1));
        assert_eq!(m.matched, "机\n密\n★\n1\n年");
        // The same in one text, one character per paragraph.
        let out = rules().find_in_text(&format!("{PROSE}\n\n机\n\n密\n\n★\n\n1\n\n年\n\n{PROSE}"));
        let m = out.findings.iter().find(|f| f.rule == "marking.state-secret").unwrap();
        assert_eq!((m.location.line, m.location.column), (Some(3), Some(1)));
        assert_eq!(out.worst, Some(Severity::Block));
    }

    #[test]
    fn a_term_one_character_per_cell_or_paragraph_is_a_term() {
        let f = scan(&paragraphs(&["项目", "紫", "电", "计", "划", "负责人"]));
        let t = f.iter().find(|f| f.rule == "d:1").unwrap_or_else(|| panic!("{f:?}"));
        assert_eq!(t.location.paragraph, Some(2));
        let f = scan(&paragraphs(&["黄", "片"]));
        assert!(f.iter().any(|f| f.rule == "d:4"), "a two-character term in fragments: {f:?}");
    }

    #[test]
    fn a_term_broken_across_two_paragraphs_by_a_conversion_matches() {
        let f = scan(&paragraphs(&["根据上级部署，本单位负责的紫电", "计划已于本月完成第一阶段试验。"]));
        let t = f.iter().find(|f| f.rule == "d:1").unwrap_or_else(|| panic!("{f:?}"));
        assert_eq!((t.location.paragraph, t.location.column), (Some(1), Some(14)));
        assert_eq!(t.matched, "紫电\n计划已于本月完成第一阶段试验。".split('已').next().unwrap());
        let out = rules().find_in_text("根据上级部署，本单位负责的紫电\n\n计划已于本月完成第一阶段试验。");
        assert!(out.findings.iter().any(|f| f.rule == "d:1"), "{:?}", out.findings);
        let out = rules().find_in_text("The KJ-\n3型 unit is ready");
        assert!(out.findings.iter().any(|f| f.rule == "d:2"), "{:?}", out.findings);
    }

    #[test]
    fn a_series_pattern_matches_across_a_line_break() {
        let out = rules().find_in_text("根据厅密发〔2020〕\n3号文件精神");
        let f = out.findings.iter().find(|f| f.rule == "d:3").unwrap_or_else(|| panic!("{:?}", out.findings));
        assert_eq!(f.severity, Severity::Block);
        assert_eq!(f.location.column, Some(1), "where the pattern's match starts");
        let f = scan(&paragraphs(&["根据厅密发〔2020〕", "3号文件精神"]));
        assert!(f.iter().any(|f| f.rule == "d:3"), "{f:?}");
    }

    #[test]
    fn sentence_boundaries_and_chance_pairs_do_not_join() {
        assert!(scan(&paragraphs(&["本单位负责的工作是紫电。", "计划已于本月完成。"])).iter().all(|f| f.rule != "d:1"));
        let f = scan(&paragraphs(&["请各单位认真学习大黄", "片区的经验做法并推广"]));
        assert!(f.iter().all(|f| f.rule != "d:4"), "two long paragraphs, two characters: {f:?}");
        let f = scan(&paragraphs(&["服用三", "黄", "片"]));
        assert!(f.iter().all(|f| f.rule != "d:4"), "an allow entry still shields: {f:?}");
    }

    #[test]
    fn a_list_of_levels_in_cells_stays_a_list() {
        let mut texts = vec![PROSE; 7];
        texts.extend(["密级", "秘密", "机密", "绝密", PROSE]);
        let f = scan(&paragraphs(&texts));
        assert!(f.iter().all(|f| f.severity != Severity::Block), "{f:?}");
    }

    #[test]
    fn a_match_inside_one_segment_found_again_across_segments_is_listed_once() {
        let f = scan(&paragraphs(&["开头是很长的一段文字\n\n紫\n\n电计划", "后文"]));
        let hits: Vec<_> = f.iter().filter(|f| f.rule == "d:1").collect();
        assert_eq!(hits.len(), 1, "{f:?}");
        assert_eq!((hits[0].location.paragraph, hits[0].location.line), (Some(1), Some(3)));
    }

    #[test]
    fn overlapping_text_chunks_are_not_joined() {
        let segs = [
            Segment::new(Location::part("text").with_line(1), Role::Body, "第一行\n这是紫电"),
            Segment::new(Location::part("text").with_line(2), Role::Body, "这是紫电\n计划"),
        ];
        let f = scan(&segs);
        assert_eq!(f.iter().filter(|f| f.rule == "d:1").count(), 1, "{f:?}");
    }

    fn unit(text: &str, seg: u32, reach: usize) -> Edges {
        let chars: Vec<(char, Origin)> = text
            .char_indices()
            .map(|(i, c)| (c, Origin { seg, start: i as u32, end: (i + c.len_utf8()) as u32 }))
            .collect();
        Edges::of(&chars, reach)
    }

    #[test]
    fn a_unit_filled_in_a_used_buffer_has_the_edges_of_its_characters() {
        let mut e = Edges::default();
        for reach in [FRAGMENT, 5, 16] {
            for text in ["很长的一段文字紫电计划。", "机", "紫电计划", "紫电计划后", "KJ-3型 unit", "a。"]
            {
                e.fill(text, 0..text.len(), 3, reach);
                assert_eq!(e, unit(text, 3, reach), "{text:?}, reach {reach}");
            }
        }
        // A unit inside a longer text: origins are offsets in that text.
        let text = "前文\n紫电计划\n后文";
        e.fill(text, 7..19, 0, 2);
        assert_eq!((e.head[0].0, e.head[0].1.start, e.tail[1].0, e.tail[1].1.end), ('紫', 7, '划', 19));
    }

    fn windows(units: &[&str], reach: usize) -> Vec<String> {
        let mut out = vec![];
        let mut ch = Chainer::new(reach);
        let mut run = |w: &Window| out.push(w.render(Some('|')).text);
        for (i, u) in units.iter().enumerate() {
            ch.feed(&unit(u, i as u32, reach), true, &mut run);
        }
        ch.finish(&mut run);
        out
    }

    #[test]
    fn fragments_chain_and_long_units_give_their_edges() {
        assert_eq!(windows(&["机", "密", "★", "1", "年"], 4), vec!["机|密|★|1|年"]);
        assert_eq!(windows(&["前面很长的一段文字紫电", "计划后面很长的一段文字"], 4), vec!["文字紫电|计划后面"]);
        assert_eq!(windows(&["一句话结束。", "另一句话开始了"], 4), Vec::<String>::new(), "a sentence end");
        assert_eq!(windows(&["标题", "紫", "电。", "后文很长很长"], 4), vec!["标题|紫|电。"]);
    }

    #[test]
    fn words_near_a_boundary_and_only_there() {
        let text = "公开的一段很长很长很长很长很长的文字内部";
        let chars: Vec<(char, Origin)> = unit(text, 0, 64).head;
        let at = |i: usize| Window { chars: chars.clone(), boundaries: vec![(i, false)], ..Window::default() };
        assert!(at(2).word_near_boundary(&["密", "公开"], 2), "公开 just before");
        assert!(!at(3).word_near_boundary(&["密", "公开"], 2), "开 is near, 公 is not: no whole word");
        assert!(at(3).word_near_boundary(&["密", "公开"], 3));
        assert!(at(chars.len()).word_near_boundary(&["内部"], 2), "at the end");
        assert!(!at(chars.len()).word_near_boundary(&["内部"], 1), "cut by the reach");
        assert!(!Window { chars, ..Window::default() }.word_near_boundary(&["公开"], 16), "no boundary");
    }

    #[test]
    fn weak_boundaries_need_three_characters() {
        let mut ch = Chainer::new(4);
        let mut seen = vec![];
        let mut run = |w: &Window| {
            let r = w.render(None);
            seen.push((r.crosses(6, 15), r.crosses(9, 15)));
        };
        ch.feed(&unit("很长的一段文字黄", 0, 4), true, &mut run);
        ch.feed(&unit("片很长的一段文字", 1, 4), true, &mut run);
        ch.finish(&mut run);
        assert_eq!(seen, vec![(true, false)]);
    }
}
