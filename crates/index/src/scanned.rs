//! A scanned file's content characters, taken from the text the scan normalised already.
//!
//! The scan's find step normalises every segment for its own matching and hands that text over
//! (see [`mijian_core::ExcerptMatcher`]); here it is only reduced to content characters (see
//! [`crate::fingerprint`]). Where a character stands in the original text, and how many
//! characters a reader sees in a stretch, are asked only for the few stretches that match a
//! registered document: they are worked out on demand, never for every character of the file.

use crate::fingerprint::is_content;
use mijian_core::{Normalized, Segment};

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
        for text in normalized.iter().map(Normalized::text) {
            first.push(chars.len());
            content_of(text, |offset, c| {
                chars.push(c);
                at.push(offset as u32);
            });
        }
        first.push(chars.len());
        Scanned { chars, at, first, segments: &segments[..normalized.len().min(segments.len())], normalized }
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

    /// Characters of the original text other than whitespace from `a` to `b` (exclusive; the
    /// other way round under a right-to-left override), counting at most `cap`.
    fn count(&self, a: Place, b: Place, cap: u32) -> u32 {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let mut n = 0u32;
        for seg in a.0..=b.0 {
            let text = &self.segments[seg].text;
            let from = if seg == a.0 { a.1 } else { 0 };
            let to = if seg == b.0 { b.1 } else { text.len() };
            for c in text.get(from..to).unwrap_or("").chars() {
                if n >= cap {
                    return n;
                }
                n += u32::from(!is_space(c));
            }
        }
        n
    }

    /// Characters of the original text other than whitespace from content character `s` to `e`
    /// (exclusive), with at most [`EDGE_MARKS`] punctuation marks next to each end: the length
    /// of a run in the policy's unit (the characters a reader sees, however the normaliser folds
    /// them). Grows with the range.
    pub fn visible(&self, s: usize, e: usize) -> u32 {
        let (first, last) = (self.origin(s), self.origin(e - 1));
        let inner = self.count(first, last, u32::MAX) + 1;
        let before = if s == 0 {
            self.count((0, 0), first, EDGE_MARKS)
        } else {
            self.count(self.origin(s - 1), first, EDGE_MARKS + 1).saturating_sub(1)
        };
        let end = if e < self.len() {
            self.origin(e)
        } else {
            let seg = self.segments.len() - 1;
            (seg, self.segments[seg].text.len())
        };
        let after = self.count(last, end, EDGE_MARKS + 1).saturating_sub(1);
        inner + before.min(EDGE_MARKS) + after.min(EDGE_MARKS)
    }
}

/// The content characters of `text` and their byte offsets, in order: `text.char_indices()`
/// filtered by [`is_content`], with the three-byte sequences of Chinese text (U+0800–U+FFFF)
/// decoded and the CJK Unified Ideographs answered in line (most characters of a scanned file go
/// through here, and nowhere else in the index's work on it).
#[inline]
fn content_of(text: &str, mut f: impl FnMut(usize, char)) {
    let bytes = text.as_bytes();
    let mut o = 0;
    while let Some(&lead) = bytes.get(o) {
        if let (0xE0..=0xEF, Some(&[b1, b2])) = (lead, bytes.get(o + 1..o + 3)) {
            let u = u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
            if (0x4E00..=0x9FFF).contains(&u) {
                f(o, char::from_u32(u).unwrap_or_default());
                o += 3;
                continue;
            }
        }
        let c = text[o..].chars().next().unwrap_or_default();
        if is_content(c) {
            f(o, c);
        }
        o += c.len_utf8();
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
