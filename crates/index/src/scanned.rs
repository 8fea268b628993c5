//! A scanned file's content characters, taken from the text the scan normalised already.
//!
//! The scan's find step normalises every segment for its own matching and hands that text over
//! (see [`mijian_core::ExcerptMatcher`]); here it is only reduced to content characters (see
//! [`crate::fingerprint`]). Where a character stands in the original text, and how many
//! characters a reader sees in a stretch, are asked only for the few stretches that match a
//! registered document: they are worked out on demand, never for every character of the file.

use crate::fingerprint::is_content;
use crate::matching::DocMap;
use mijian_core::{Ascending, Normalized, Segment};
use std::cell::{OnceCell, RefCell};

/// Punctuation marks counted next to each end of a run (an excerpt copied with its closing `。”`
/// is that much longer).
pub(crate) const EDGE_MARKS: u32 = 2;

/// The content characters of a scanned file's segments, in order, with the way back to each.
pub(crate) struct Scanned<'a> {
    /// Content characters, normalised.
    pub chars: Vec<char>,
    /// For each: its byte offset in its segment's normalised text.
    at: Vec<u32>,
    /// The content index where each segment's characters begin, and the total at the end.
    first: Vec<usize>,
    segments: &'a [Segment],
    normalized: &'a [Normalized],
    /// [`Scanned::visible`] of the stretches asked about already: the same stretch is asked
    /// about for each registered document that holds it (a paragraph of the benchmark's
    /// newspaper stands in about twenty), and by `judge` again.
    measured: RefCell<DocMap<u64, u32>>,
    /// Whether no segment holds a right-to-left override (see [`Scanned::reaches`]), found out
    /// when first asked.
    in_order: OnceCell<bool>,
}

/// The two per-character vectors of a [`Scanned`], kept between scans.
#[derive(Default)]
pub(crate) struct Buffers {
    chars: Vec<char>,
    at: Vec<u32>,
}

impl Buffers {
    /// Characters they hold room for.
    pub fn capacity(&self) -> usize {
        self.chars.capacity()
    }
}

/// Content characters staged before they are appended (see [`Scanned::in_buffers`]).
const STAGE: usize = 256;

/// A place in the original text: segment, byte offset.
type Place = (usize, usize);

impl<'a> Scanned<'a> {
    /// The content of `segments`, whose normalised texts are `normalized` (as many).
    #[cfg(test)]
    pub fn new(segments: &'a [Segment], normalized: &'a [Normalized]) -> Self {
        Self::in_buffers(segments, normalized, Buffers::default())
    }

    /// The same, in `buffers` (emptied first) left by an earlier scan: a scan of many files
    /// allocates (and the kernel clears) no fresh pages for each.
    pub fn in_buffers(segments: &'a [Segment], normalized: &'a [Normalized], buffers: Buffers) -> Self {
        let Buffers { mut chars, mut at } = buffers;
        chars.clear();
        at.clear();
        let n: usize = normalized.iter().map(|n| n.text().len() / 3 + 1).sum();
        chars.reserve(n);
        at.reserve(n);
        let mut first = Vec::with_capacity(normalized.len() + 1);
        // Staged in two arrays on the stack and appended a block at a time: a push to each
        // vector per character kept both lengths in memory (the growth path may read them), and
        // took a quarter of the work here.
        let (mut staged_chars, mut staged_at) = (['\0'; STAGE], [0u32; STAGE]);
        for text in normalized.iter().map(Normalized::text) {
            first.push(chars.len());
            let mut staged = 0;
            content_of(text, |offset, c| {
                staged_chars[staged % STAGE] = c;
                staged_at[staged % STAGE] = offset as u32;
                staged += 1;
                if staged == STAGE {
                    chars.extend_from_slice(&staged_chars);
                    at.extend_from_slice(&staged_at);
                    staged = 0;
                }
            });
            chars.extend_from_slice(&staged_chars[..staged]);
            at.extend_from_slice(&staged_at[..staged]);
        }
        first.push(chars.len());
        let segments = &segments[..normalized.len().min(segments.len())];
        Scanned { chars, at, first, segments, normalized, measured: RefCell::default(), in_order: OnceCell::new() }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The buffers, for the next scan.
    pub fn into_buffers(self) -> Buffers {
        Buffers { chars: self.chars, at: self.at }
    }

    /// The segment of content character `i`.
    fn segment_of(&self, i: usize) -> usize {
        self.first.partition_point(|&f| f <= i) - 1
    }

    /// Where content character `i` starts in the original text: segment and byte offset.
    pub fn origin(&self, i: usize) -> Place {
        let seg = self.segment_of(i);
        (seg, self.normalized[seg].map().start(self.at[i] as usize))
    }

    /// The pieces of the original text from `a` to `b` (exclusive; the other way round under a
    /// right-to-left override), one per segment.
    fn pieces(&self, a: Place, b: Place) -> impl Iterator<Item = &'a str> + '_ {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        (a.0..=b.0).map(move |seg| {
            let text = &self.segments[seg].text;
            let from = if seg == a.0 { a.1 } else { 0 };
            let to = if seg == b.0 { b.1 } else { text.len() };
            text.get(from..to).unwrap_or("")
        })
    }

    /// Characters of the original text other than whitespace from `a` to `b` (see
    /// [`Scanned::pieces`]), counting at most `cap`.
    fn count(&self, a: Place, b: Place, cap: u32) -> u32 {
        let mut n = 0u32;
        for piece in self.pieces(a, b) {
            for c in piece.chars() {
                if n >= cap {
                    return n;
                }
                n += u32::from(!is_space(c));
            }
        }
        n
    }

    /// What [`Scanned::origin`] says of each of `content` (ascending): the offset map of a
    /// segment searched once, then walked on.
    fn origins<const N: usize>(&self, content: [usize; N]) -> [Place; N] {
        let mut cursor: Option<(usize, Ascending<'_>)> = None;
        content.map(|i| {
            let seg = self.segment_of(i);
            if !matches!(cursor, Some((s, _)) if s == seg) {
                cursor = Some((seg, self.normalized[seg].map().ascending()));
            }
            match cursor.as_mut() {
                Some((_, map)) => (seg, map.start(self.at[i] as usize)),
                None => self.origin(i),
            }
        })
    }

    /// Characters of the original text other than whitespace from content character `s` to `e`
    /// (exclusive), with at most [`EDGE_MARKS`] punctuation marks next to each end: the length
    /// of a run in the policy's unit (the characters a reader sees, however the normaliser folds
    /// them). Grows with the range.
    pub fn visible(&self, s: usize, e: usize) -> u32 {
        let key = (s as u64) << 32 ^ e as u64;
        if let Some(&n) = self.measured.borrow().get(&key) {
            return n;
        }
        // The four places in ascending order, one search for all (the ends when there is no
        // character before or after stand in for it, unused).
        let [previous, first, last, next] = self.origins([s.max(1) - 1, s, e - 1, e.min(self.len() - 1)]);
        let inner = self.pieces(first, last).map(non_space_chars).sum::<u32>() + 1;
        let before = if s == 0 {
            self.count((0, 0), first, EDGE_MARKS)
        } else {
            self.count(previous, first, EDGE_MARKS + 1).saturating_sub(1)
        };
        let end = if e < self.len() {
            next
        } else {
            let seg = self.segments.len() - 1;
            (seg, self.segments[seg].text.len())
        };
        let after = self.count(last, end, EDGE_MARKS + 1).saturating_sub(1);
        let n = inner + before.min(EDGE_MARKS) + after.min(EDGE_MARKS);
        self.measured.borrow_mut().insert(key, n);
        n
    }

    /// Whether content characters `s` to `e` (exclusive) measure at least `n` (see
    /// [`Scanned::visible`]), answered without measuring when there are `n` content characters:
    /// each comes from a character of the original other than whitespace, its own, in the same
    /// order (the normaliser maps every character it keeps to one original character), so a
    /// stretch is never shorter than its content. Not so under a right-to-left override (the
    /// normalised text is then in display order): a file holding one is always measured.
    pub fn reaches(&self, s: usize, e: usize, n: u32) -> bool {
        let in_order = || {
            let rlo = "\u{202E}".as_bytes();
            !self.segments.iter().any(|s| memchr::memmem::find(s.text.as_bytes(), rlo).is_some())
        };
        (e - s >= n as usize && *self.in_order.get_or_init(in_order)) || self.visible(s, e) >= n
    }
}

/// Characters of `text` other than whitespace (`text.chars().filter(|c| !c.is_whitespace())`
/// counted): the bytes that begin a character less the ASCII whitespace, in one pass the
/// compiler vectorises, then the few other whitespace characters, found by their first byte
/// (U+0085 to U+205F begin with C2, E1 or E2, rare in Chinese text; U+3000 is E3 80 80). The
/// inner part of every stretch measured, where a character at a time took most of the time
/// [`Scanned::visible`] took.
fn non_space_chars(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let starts: u32 = bytes.iter().map(|&b| u32::from((b as i8) >= -0x40 && !matches!(b, b'\t'..=b'\r' | b' '))).sum();
    let rare = memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
        .filter(|&i| text.get(i..).and_then(|t| t.chars().next()).is_some_and(char::is_whitespace))
        .count();
    let ideographic = memchr::memchr_iter(0xE3, bytes).filter(|&i| bytes[i + 1..].starts_with(&[0x80, 0x80])).count();
    starts - (rare + ideographic) as u32
}

/// The content characters of `text` and their byte offsets, in order: `text.char_indices()`
/// filtered by [`is_content`], with the CJK Unified Ideographs (U+4E00–U+9FFF: first byte E4
/// with a second from B8, or E5–E9) decoded and kept in line (most characters of a scanned file
/// go through here, and nowhere else in the index's work on it). The rest of the text is walked
/// as a slice, whose start and length stay in registers.
#[inline]
fn content_of(text: &str, mut f: impl FnMut(usize, char)) {
    let bytes = text.as_bytes();
    let mut rest = bytes;
    while !rest.is_empty() {
        let o = bytes.len() - rest.len();
        if let &[lead @ 0xE4..=0xE9, b1, b2, ref tail @ ..] = rest {
            if lead != 0xE4 || b1 >= 0xB8 {
                let u = u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
                if let Some(c) = char::from_u32(u) {
                    f(o, c);
                    rest = tail;
                    continue;
                }
            }
        }
        let c = text.get(o..).and_then(|t| t.chars().next()).unwrap_or_default();
        if is_content(c) {
            f(o, c);
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
}

/// `char::is_whitespace`, with ideographs and most punctuation answered without the table (every
/// whitespace character above U+007F but U+3000 is below U+3000).
#[inline]
fn is_space(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_whitespace() || c == '\u{0B}',
        0x3001.. => false,
        _ => c.is_whitespace(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::{normalize, Location, Role};

    fn scanned(texts: &[&str]) -> (Vec<Segment>, Vec<Normalized>) {
        let segs: Vec<Segment> = texts.iter().map(|t| Segment::new(Location::part("p"), Role::Body, *t)).collect();
        let norm = segs.iter().map(|s| normalize(&s.text)).collect();
        (segs, norm)
    }

    #[test]
    fn content_drops_punctuation_and_space_and_remembers_where_each_character_was() {
        let (segs, norm) = scanned(&["第一，段 落。\n\n機密"]);
        let c = Scanned::new(&segs, &norm);
        assert_eq!(c.chars.iter().collect::<String>(), "第一段落机密");
        assert_eq!(c.origin(2), (0, "第一，".len()));
        // Punctuation counts, whitespace does not; up to two marks next to each end.
        assert_eq!(c.visible(0, 6), 8);
        assert_eq!(c.visible(2, 4), 2 + 1 + 1, "段落 and the marks ，。 next to it");
        assert_eq!(c.visible(0, 1), 1);
        let (segs, norm) = scanned(&["长......谁 a·b"]);
        let d = Scanned::new(&segs, &norm);
        assert_eq!(d.chars.iter().collect::<String>(), "长谁ab");
        assert_eq!(d.visible(0, 2), 8, "fillers the normaliser drops still count");
        assert_eq!(d.visible(1, 2), 1 + 2, "at most two marks before");
    }

    #[test]
    fn content_of_is_char_indices_filtered() {
        let mut all: String = (0..0x3_0000u32).step_by(7).filter_map(char::from_u32).collect();
        all.push_str("第一，段 落。\n\n機密 ab𠀀é\u{FFFF}\u{10FFFF}末");
        for text in [all.as_str(), "", "a", "中", "中a", "\u{800}\u{FFFF}"] {
            let mut got = Vec::new();
            content_of(text, |o, c| got.push((o, c)));
            let expected: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| is_content(c)).collect();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn non_space_chars_counts_what_is_not_whitespace() {
        let all: String = (0..0x11_0000u32).filter_map(char::from_u32).collect();
        let expected = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count() as u32;
        assert_eq!(non_space_chars(&all), expected(&all));
        let spaces: String = (0..0x11_0000u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        let mixed = format!("第一，段\u{3000}落。{spaces}機 密\u{3001}\u{3000}a\tb\u{85}\u{a0}\u{2029}末\u{3000}");
        for (text, step) in [(all.as_str(), 100_003), (&spaces, 1), (&mixed, 1), ("", 1), ("\u{3001}\u{3000}", 1)] {
            for (i, _) in text.char_indices().step_by(step) {
                assert_eq!(non_space_chars(&text[i..]), expected(&text[i..]));
                assert_eq!(non_space_chars(&text[..i]), expected(&text[..i]));
            }
            assert_eq!(non_space_chars(text), expected(text), "{text:?}");
        }
    }

    #[test]
    fn is_space_is_is_whitespace() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_stretch_across_segments_counts_every_segment_between() {
        let (segs, norm) = scanned(&["第一，段", "", "落。\n\n機密 ab", "——", "第三段：结束"]);
        let c = Scanned::new(&segs, &norm);
        assert_eq!(c.chars.iter().collect::<String>(), "第一段落机密ab第三段结束");
        assert_eq!(c.origin(3), (2, 0));
        assert_eq!(c.origin(8), (4, 0));
        assert_eq!(c.visible(2, 4), 2 + 1 + 1, "段 落 across an empty segment, ， before, 。 after");
        // 第一，段 | 落。機密ab | —— | 第三段：结束: every non-space character.
        assert_eq!(c.visible(0, c.len()), 4 + 6 + 2 + 6);
        assert_eq!(c.visible(7, 9), 4, "b, the dashes of the segment between, 第");
    }
}
