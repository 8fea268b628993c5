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
    /// Content characters, normalised: their code points (what the rolling hash takes, see
    /// [`crate::fingerprint::Code`]; decoded without `char`'s check, see [`content_into`]).
    pub chars: Vec<u32>,
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
    chars: Vec<u32>,
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
            content_into(text, &mut chars, &mut at);
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

    /// Characters of the original text a reader sees from `a` to `b` (see
    /// [`Scanned::pieces`]), counting at most `cap`.
    fn count(&self, a: Place, b: Place, cap: u32) -> u32 {
        let mut n = 0u32;
        for piece in self.pieces(a, b) {
            for c in piece.chars() {
                if n >= cap {
                    return n;
                }
                n += u32::from(!is_unseen(c));
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

    /// Characters of the original text a reader sees from content character `s` to `e`
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

/// Characters of `text` a reader sees (`text.chars().filter(|&c| !is_unseen(c))` counted): the
/// bytes that begin a character less the ASCII whitespace, in one pass the compiler vectorises,
/// then the few other unseen characters (whitespace, zero-width and format characters, combining
/// accents), found by their first byte: C2, CC, CD, D2, D8, E1, E2, F0 and F3 are rare in Chinese
/// text; of the common E3 and EF only U+3000, U+3164 and the EF B8, BB, BE, BF rows are asked.
/// The inner part of every stretch measured, where a character at a time took most of the time
/// [`Scanned::visible`] took.
fn non_space_chars(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let starts: u32 = bytes.iter().map(|&b| u32::from((b as i8) >= -0x40 && !matches!(b, b'\t'..=b'\r' | b' '))).sum();
    let unseen_at = |&i: &usize| is_unseen(char_at(text, i));
    let rare = memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).filter(unseen_at).count()
        + memchr::memchr3_iter(0xCC, 0xCD, 0xD2, bytes).filter(unseen_at).count()
        + memchr::memchr3_iter(0xD8, 0xF0, 0xF3, bytes).filter(unseen_at).count();
    let ideographic = memchr::memchr_iter(0xE3, bytes)
        .filter(|&i| matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x80] | [0x85, 0xA4])))
        .count();
    let forms = memchr::memchr_iter(0xEF, bytes)
        .filter(|&i| matches!(bytes.get(i + 1), Some(0xB8 | 0xBB | 0xBE | 0xBF)) && unseen_at(&i))
        .count();
    starts - (rare + ideographic + forms) as u32
}

/// Content characters staged before they are appended (see [`content_into`]): as many as a
/// `u8` counts.
const STAGE: usize = 256;

/// The content characters of `text` (code points) and their byte offsets, appended in order to
/// `chars` and `at`: `text.char_indices()` filtered by [`is_content`]. Most characters of a
/// scanned file go through here, and nowhere else in the index's work on it, so the common case
/// is made cheap:
///
/// - the text is read four bytes at a time as a big-endian word; a CJK Unified Ideograph
///   (U+4E00–U+9FFF: first byte E4 with a second from B8, or E5–E9) is told by one comparison of
///   its first two bytes (E4B8–E9BF: in valid UTF-8 a first byte E4–E9 is followed by a
///   continuation byte, 80–BF) and decoded from the word by shifts and masks;
/// - its code point is kept as it is, with no check that it is a `char` (it always is: below
///   U+D800), which `char::from_u32` made on every character;
/// - the characters are staged in two arrays on the stack indexed by a `u8` (no bound check, a
///   block of 256 appended when it wraps): a push to each vector per character kept both lengths
///   in memory.
///
/// Other three-byte characters (most punctuation) and ASCII are decoded from the word too, and
/// asked [`is_content`]; everything else (two- and four-byte characters, the last three bytes)
/// is decoded as a `char` from the text (a character boundary checked, then decoded: a third of
/// this function's time when punctuation took that path).
fn content_into(text: &str, chars: &mut Vec<u32>, at: &mut Vec<u32>) {
    let bytes = text.as_bytes();
    let (mut staged_chars, mut staged_at) = ([0u32; STAGE], [0u32; STAGE]);
    let mut staged = 0u8;
    let mut stage = |c: u32, offset: usize| {
        staged_chars[usize::from(staged)] = c;
        staged_at[usize::from(staged)] = offset as u32;
        staged = staged.wrapping_add(1);
        if staged == 0 {
            chars.extend_from_slice(&staged_chars);
            at.extend_from_slice(&staged_at);
        }
    };
    let mut rest = bytes;
    while let Some((word, _)) = rest.split_first_chunk::<4>() {
        let i = bytes.len() - rest.len();
        let word = u32::from_be_bytes(*word);
        let len = if (word >> 16).wrapping_sub(0xE4B8) <= 0xE9BF - 0xE4B8 {
            stage(word >> 12 & 0xF000 | word >> 10 & 0x0FC0 | word >> 8 & 0x3F, i);
            3
        } else if word >> 28 == 0xE {
            // Another three-byte character (punctuation of Chinese prose: ，。、“”《》…), decoded
            // from the word as well; asked `is_content` as a `char` (valid UTF-8: never a
            // surrogate, so `from_u32` always answers).
            let c = word >> 12 & 0xF000 | word >> 10 & 0x0FC0 | word >> 8 & 0x3F;
            if char::from_u32(c).is_some_and(is_content) {
                stage(c, i);
            }
            3
        } else if word < 0x8000_0000 {
            // ASCII.
            let b = (word >> 24) as u8;
            if b.is_ascii_alphanumeric() {
                stage(u32::from(b), i);
            }
            1
        } else {
            let c = char_at(text, i);
            if is_content(c) {
                stage(u32::from(c), i);
            }
            c.len_utf8()
        };
        rest = rest.get(len..).unwrap_or_default();
    }
    let mut i = bytes.len() - rest.len();
    while i < bytes.len() {
        let c = char_at(text, i);
        if is_content(c) {
            stage(u32::from(c), i);
        }
        i += c.len_utf8();
    }
    let n = usize::from(staged);
    chars.extend_from_slice(&staged_chars[..n]);
    at.extend_from_slice(&staged_at[..n]);
}

/// The character that starts at byte `i` of `text` (a character boundary), or NUL if none.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    text.get(i..).and_then(|t| t.chars().next()).unwrap_or_default()
}

/// [`mijian_core::is_unseen`], with ASCII, ideographs and most punctuation answered without the
/// tables (every unseen character from U+3001 to U+FDFF is U+3164).
#[inline]
fn is_unseen(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_whitespace() || c == '\u{0B}',
        0x3001..=0xFDFF => c == '\u{3164}',
        _ => mijian_core::is_unseen(c),
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
        assert_eq!(text_of(&c), "第一段落机密");
        assert_eq!(c.origin(2), (0, "第一，".len()));
        // Punctuation counts, whitespace does not; up to two marks next to each end.
        assert_eq!(c.visible(0, 6), 8);
        assert_eq!(c.visible(2, 4), 2 + 1 + 1, "段落 and the marks ，。 next to it");
        assert_eq!(c.visible(0, 1), 1);
        let (segs, norm) = scanned(&["长......谁 a·b"]);
        let d = Scanned::new(&segs, &norm);
        assert_eq!(text_of(&d), "长谁ab");
        assert_eq!(d.visible(0, 2), 8, "fillers the normaliser drops still count");
        assert_eq!(d.visible(1, 2), 1 + 2, "at most two marks before");
    }

    /// The content characters of a [`Scanned`], as a string.
    fn text_of(c: &Scanned<'_>) -> String {
        c.chars.iter().map(|&u| char::from_u32(u).unwrap()).collect()
    }

    #[test]
    fn content_into_is_char_indices_filtered() {
        let mut all: String = (0..0x3_0000u32).step_by(7).filter_map(char::from_u32).collect();
        all.push_str("第一，段 落。\n\n機密 ab𠀀é\u{FFFF}\u{10FFFF}末");
        // Every three-byte character (first bytes E0–EF: the ideographs' fast path and its edges,
        // E4 B7 BF (U+4DFF) and E4 B8 80 (U+4E00), E9 BF BF (U+9FFF) and EA 80 80 (U+A000), and
        // the other three-byte characters decoded from the word), and every ASCII one among them.
        let near: String = (0x0800..0x1_0000u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, char::from(c as u32 as u8 & 0x7F)])
            .collect();
        let ideographs: String = "中文内容字符".repeat(300);
        let mut texts = vec![all.clone(), near, ideographs, String::new()];
        for tail in
            ["", "a", "中", "中a", "a中", "ab中", "abc中", "\u{4DFF}\u{4E00}", "\u{9FFF}\u{A000}", "。", "中。", "é中"]
        {
            texts.push(tail.to_string());
            texts.push(format!("{}{tail}", "字".repeat(255)));
            texts.push(format!("{}{tail}", "字".repeat(256)));
        }
        for text in &texts {
            let (mut chars, mut at) = (vec![7u32], vec![9u32]);
            content_into(text, &mut chars, &mut at);
            let got: Vec<(usize, char)> =
                at[1..].iter().zip(&chars[1..]).map(|(&o, &c)| (o as usize, char::from_u32(c).unwrap())).collect();
            let expected: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| is_content(c)).collect();
            assert_eq!(got, expected);
            assert_eq!((chars[0], at[0]), (7, 9), "appended");
        }
    }

    #[test]
    fn non_space_chars_counts_what_a_reader_sees() {
        let all: String = (0..0x11_0000u32).filter_map(char::from_u32).collect();
        let expected = |t: &str| t.chars().filter(|&c| !mijian_core::is_unseen(c)).count() as u32;
        assert_eq!(non_space_chars(&all), expected(&all));
        let spaces: String =
            (0..0x11_0000u32).filter_map(char::from_u32).filter(|&c| mijian_core::is_unseen(c)).collect();
        let mixed = format!("第一，段\u{3000}落。{spaces}機 密\u{3001}\u{3000}a\tb\u{85}\u{a0}\u{2029}末\u{3000}机\u{200B}密\u{FEFF}，\u{FE0F}");
        for (text, step) in [(all.as_str(), 100_003), (&spaces, 1), (&mixed, 1), ("", 1), ("\u{3001}\u{3000}", 1)] {
            for (i, _) in text.char_indices().step_by(step) {
                assert_eq!(non_space_chars(&text[i..]), expected(&text[i..]));
                assert_eq!(non_space_chars(&text[..i]), expected(&text[..i]));
            }
            assert_eq!(non_space_chars(text), expected(text), "{text:?}");
        }
    }

    #[test]
    fn is_unseen_is_the_cores() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            assert_eq!(is_unseen(c), mijian_core::is_unseen(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_stretch_across_segments_counts_every_segment_between() {
        let (segs, norm) = scanned(&["第一，段", "", "落。\n\n機密 ab", "——", "第三段：结束"]);
        let c = Scanned::new(&segs, &norm);
        assert_eq!(text_of(&c), "第一段落机密ab第三段结束");
        assert_eq!(c.origin(3), (2, 0));
        assert_eq!(c.origin(8), (4, 0));
        assert_eq!(c.visible(2, 4), 2 + 1 + 1, "段 落 across an empty segment, ， before, 。 after");
        // 第一，段 | 落。機密ab | —— | 第三段：结束: every non-space character.
        assert_eq!(c.visible(0, c.len()), 4 + 6 + 2 + 6);
        assert_eq!(c.visible(7, 9), 4, "b, the dashes of the segment between, 第");
    }
}
