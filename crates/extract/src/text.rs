//! Plain text: decoding and cutting into segments.
//!
//! Chinese text files are often GB18030/GBK rather than UTF-8, so the encoding is detected, not
//! assumed: a BOM decides first (UTF-8, UTF-16LE, UTF-16BE); then valid UTF-8 is UTF-8; then a
//! clean GB18030 decode, then a clean Big5 decode. Text that decodes cleanly in none of them is read
//! as UTF-8 with replacement characters and reported as not fully read.
//!
//! A large file is cut into segments of about [`CHUNK`] bytes so that its parts can be matched in
//! parallel. Cuts fall on paragraph breaks (blank lines), which the normaliser treats as hard
//! boundaries anyway, so no match is lost at a cut. A file without blank lines is cut at a line end
//! and the next segment starts again at the beginning of that last line: a term wrapped across the
//! cut is still seen whole, and the engine removes the duplicate findings of the overlap.

use crate::{ExtractError, Limits};
use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};

/// Target size of one text segment.
pub(crate) const CHUNK: usize = 256 * 1024;

/// The part name of a text file's content.
pub(crate) const PART: &str = "text";

/// Reads a text file.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let decoded = decode(bytes);
    for_each_chunk(&decoded.text, CHUNK, |first_line, chunk| {
        sink.segment(Segment::new(Location::part(PART).with_line(first_line), Role::Body, chunk));
    });
    if decoded.errors > 0 {
        sink.coverage(decoded.coverage(PART));
    } else {
        sink.coverage(CoverageNote::read(format!("{PART} ({})", decoded.encoding.name())));
    }
    Ok(())
}

/// A decoded text and how it was decoded.
pub(crate) struct Decoded<'a> {
    pub(crate) text: std::borrow::Cow<'a, str>,
    pub(crate) encoding: &'static Encoding,
    /// Malformed sequences replaced by U+FFFD (0 for a clean decode).
    pub(crate) errors: usize,
}

impl Decoded<'_> {
    /// The coverage note of a text part decoded this way: read (naming the encoding), or not
    /// fully read if some byte sequences could not be decoded.
    pub(crate) fn coverage(&self, part: &str) -> CoverageNote {
        if self.errors > 0 {
            let why = Unread::UndecodableBytes { count: self.errors as u64, tried: "UTF-8, GB18030 or Big5".into() };
            CoverageNote::unread(part, why)
        } else {
            CoverageNote::read(format!("{part} ({})", self.encoding.name()))
        }
    }
}

/// Detects the encoding of `bytes` and decodes them.
pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let errors = if had_errors { count_replacements(&text) } else { 0 };
        return Decoded { text, encoding: enc, errors };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded { text: s.into(), encoding: UTF_8, errors: 0 };
    }
    // GB18030 accepts almost any byte sequence, Big5 included, so prefer Big5 when the double-byte
    // pairs look like it (see `looks_like_big5`) and it decodes cleanly.
    let order = if looks_like_big5(bytes) { [BIG5, GB18030] } else { [GB18030, BIG5] };
    for enc in order {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return Decoded { text, encoding: enc, errors: 0 };
        }
    }
    // UTF-16 without a BOM is possible but rare; the sniffer calls text with NUL bytes binary.
    let _ = (UTF_16LE, UTF_16BE);
    let text = String::from_utf8_lossy(bytes);
    let errors = count_replacements(&text);
    Decoded { text, encoding: UTF_8, errors }
}

/// In GB2312/GBK text the common characters have both bytes in 0xA1–0xFE; Big5 puts the second
/// byte of a large share of its characters in 0x40–0x7E, where GBK keeps only rare ones.
fn looks_like_big5(bytes: &[u8]) -> bool {
    let (mut pairs, mut low_trail) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] >= 0x81 {
            pairs += 1;
            if (0x40..=0x7E).contains(&bytes[i + 1]) {
                low_trail += 1;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    pairs > 0 && low_trail * 4 > pairs
}

fn count_replacements(s: &str) -> usize {
    s.chars().filter(|&c| c == '\u{FFFD}').count()
}

/// Calls `f(first_line, chunk)` for consecutive chunks of `text` (see the module documentation).
pub(crate) fn for_each_chunk(text: &str, target: usize, mut f: impl FnMut(u32, &str)) {
    let mut start = 0usize;
    let mut line = 1u32;
    while start < text.len() {
        let rest = &text[start..];
        if rest.len() <= target * 2 {
            f(line, rest);
            return;
        }
        let bytes = rest.as_bytes();
        // A blank line between target and 4 * target: cut after it, no overlap needed.
        let window = &bytes[target..bytes.len().min(target * 4)];
        let (end, next) = if let Some(p) = memchr::memmem::find(window, b"\n\n") {
            let end = target + p + 2;
            (end, end)
        } else if let Some(p) = memchr::memchr(b'\n', &bytes[target..]) {
            // No paragraph break: cut at a line end, and restart at the start of the last line.
            let end = target + p + 1;
            let last_line_start = memchr::memrchr(b'\n', &bytes[..target + p]).map_or(0, |q| q + 1);
            (end, last_line_start.max(1))
        } else {
            (bytes.len(), bytes.len())
        };
        let end = floor_char_boundary(rest, end);
        f(line, &rest[..end]);
        let next = floor_char_boundary(rest, next).max(1);
        line += memchr::memchr_iter(b'\n', &bytes[..next]).count() as u32;
        start += next;
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    #[test]
    fn detects_encodings() {
        let s = "机密★1年\n国办发〔2012〕12号";
        assert_eq!(decode(s.as_bytes()).encoding, UTF_8);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).text, s);
        let (gb, _, _) = GB18030.encode(s);
        let d = decode(&gb);
        assert_eq!((&*d.text, d.encoding, d.errors), (s, GB18030, 0));
        let mut u16le = vec![0xFF, 0xFE];
        u16le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&u16le).text, s);
        let mut u16be = vec![0xFE, 0xFF];
        u16be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&u16be).text, s);
        let (big5, _, _) = BIG5.encode("機密文件，請勿外傳");
        assert_eq!(decode(&big5).text, "機密文件，請勿外傳");
    }

    #[test]
    fn chunks_cover_the_text_and_number_lines() {
        let para = "第一行文字\n第二行文字\n\n";
        let text = para.repeat(1000);
        let mut seen = String::new();
        let mut lines = vec![];
        for_each_chunk(&text, 100, |line, chunk| {
            lines.push(line);
            seen.push_str(chunk);
        });
        assert_eq!(seen, text, "blank-line cuts need no overlap");
        assert_eq!(lines[0], 1);
        for w in lines.windows(2) {
            assert!(w[1] > w[0]);
            assert_eq!((w[1] - 1) % 3, 0, "chunks start at a paragraph");
        }
    }

    #[test]
    fn chunks_without_blank_lines_overlap_by_one_line() {
        let text: String = (0..500).map(|i| format!("第{i}行紫电\n")).collect();
        let mut chunks = vec![];
        for_each_chunk(&text, 200, |line, chunk| chunks.push((line, chunk.to_string())));
        assert!(chunks.len() > 2);
        for w in chunks.windows(2) {
            let (_, a) = &w[0];
            let (line_b, b) = &w[1];
            let last_line_of_a = a.trim_end_matches('\n').rsplit('\n').next().unwrap();
            assert!(b.starts_with(last_line_of_a), "overlap of one line");
            let expected = format!("第{}行", line_b - 1);
            assert!(b.starts_with(&expected), "{b:?} should start at line {line_b}");
        }
    }

    #[test]
    fn undecodable_text_is_not_fully_read() {
        let mut sink = Collected::default();
        extract(b"abc\xff\xfe\xfd\x80\x80 def", &Limits::default(), &mut sink).unwrap();
        assert!(sink.coverage.iter().any(|c| c.needs_review));
    }
}
