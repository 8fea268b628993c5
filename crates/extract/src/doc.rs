//! Legacy Word documents (Word 97–2003 `.doc`, and Kingsoft `.wps`, which uses the same layout).
//!
//! All text of a Word binary document lives in one character stream, addressed by character
//! positions (CPs) and stored in *pieces* described by the piece table (the `Clx` in the table
//! stream): each piece is either 8-bit (Windows-1252, "compressed") or UTF-16LE. The stream holds,
//! one after another, the main text, footnotes, headers and footers, comments, endnotes, text boxes
//! and header text boxes; their lengths are in the file information block (FIB). Deleted
//! revisions and hidden text are part of the stream, so they are read like any other text.
//!
//! Paragraphs end with `\r`; table cells with `\x07`; `\x0b` is a line break, `\x0c` a page break;
//! fields are `\x13 instruction \x14 result \x15` (both parts are kept, the markers dropped; an
//! `EQ` field's instruction, which has no result, is replaced by what it draws: see
//! [`crate::eq_field`]).

use crate::ole::{read_stream, Compound};
use crate::{Defect, Encryption, ExtractError, LimitKind, Limits};
use mijian_core::{CoverageNote, DocumentSink, Flow, Location, Role, Segment};

/// The sub-documents of the character stream, in order, with the role of their text.
const STORIES: [(&str, Role); 8] = [
    ("WordDocument", Role::Body),
    ("footnotes", Role::Note),
    ("headers", Role::Header),
    ("macros", Role::Other),
    ("comments", Role::Note),
    ("endnotes", Role::Note),
    ("textboxes", Role::Body),
    ("header-textboxes", Role::Header),
];

pub(crate) fn extract(cf: &mut Compound<'_>, limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let word = read_stream(cf, "/WordDocument", limits)?;
    let fib = Fib::parse(&word)?;
    if fib.encrypted {
        return Err(ExtractError::encrypted(Encryption::Password));
    }
    let table_name = if fib.table1 { "/1Table" } else { "/0Table" };
    let table = read_stream(cf, table_name, limits)?;
    let clx = table
        .get(fib.fc_clx as usize..(fib.fc_clx as usize).saturating_add(fib.lcb_clx as usize))
        .ok_or_else(|| ExtractError::corrupt(Defect::WordPieceTable).in_part(&table_name[1..]))?;
    let text = read_pieces(&word, clx, limits.max_doc_chars)?;
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0usize;
    for (i, &(name, role)) in STORIES.iter().enumerate() {
        let len = fib.story_lengths[i] as usize;
        let end = (start + len).min(chars.len());
        if start < end {
            emit_story(name, role, &chars[start..end], sink)?;
        }
        start = end;
    }
    sink.coverage(CoverageNote::read("WordDocument"))?;
    Ok(())
}

/// What the reader needs from the file information block.
struct Fib {
    encrypted: bool,
    table1: bool,
    /// ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx.
    story_lengths: [u32; 8],
    fc_clx: u32,
    lcb_clx: u32,
}

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, ExtractError> {
        let bad = |what: Defect| ExtractError::corrupt(what).in_part("WordDocument");
        let u16_at =
            |o: usize| w.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]])).ok_or_else(|| bad(Defect::WordFib));
        let u32_at = |o: usize| {
            w.get(o..o + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok_or_else(|| bad(Defect::WordFib))
        };
        if u16_at(0)? != 0xA5EC {
            return Err(bad(Defect::NotWord97));
        }
        let flags = u16_at(0x0A)?;
        let csw = u16_at(32)? as usize;
        let lw = 34 + csw * 2;
        let cslw = u16_at(lw)? as usize;
        let rg_lw = lw + 2;
        if cslw < 11 {
            return Err(bad(Defect::WordFib));
        }
        let mut story_lengths = [0u32; 8];
        for (i, l) in story_lengths.iter_mut().enumerate() {
            *l = u32_at(rg_lw + (3 + i) * 4)?;
        }
        let fc = rg_lw + cslw * 4;
        let cb = u16_at(fc)? as usize;
        if cb < 34 {
            return Err(bad(Defect::WordFib));
        }
        let pairs = fc + 2;
        Ok(Fib {
            encrypted: flags & 0x0100 != 0,
            table1: flags & 0x0200 != 0,
            story_lengths,
            fc_clx: u32_at(pairs + 33 * 8)?,
            lcb_clx: u32_at(pairs + 33 * 8 + 4)?,
        })
    }
}

/// Walks the Clx to the piece table and concatenates the text of every piece, at most
/// `max_chars` characters (the CP
/// space is 32-bit; a hostile FIB can claim any length, so the pieces are bounded by the stream,
/// and the total by [`Limits::max_doc_chars`]).
fn read_pieces(word: &[u8], clx: &[u8], max_chars: usize) -> Result<String, ExtractError> {
    let bad = || ExtractError::corrupt(Defect::WordPieceTable).in_part("WordDocument");
    let mut i = 0usize;
    // Skip property modifiers (Prc, clxt = 1) up to the piece table (Pcdt, clxt = 2).
    while clx.get(i) == Some(&1) {
        let cb = clx.get(i + 1..i + 3).map(|b| u16::from_le_bytes([b[0], b[1]])).ok_or_else(bad)?;
        i += 3 + cb as usize;
    }
    if clx.get(i) != Some(&2) {
        return Err(bad());
    }
    let lcb = clx.get(i + 1..i + 5).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok_or_else(bad)? as usize;
    let plc = clx.get(i + 5..i + 5 + lcb).ok_or_else(bad)?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(bad());
    }
    let n = (lcb - 4) / 12;
    let cp = |k: usize| u32::from_le_bytes([plc[k * 4], plc[k * 4 + 1], plc[k * 4 + 2], plc[k * 4 + 3]]) as usize;
    let mut out = String::new();
    let mut total = 0usize;
    for k in 0..n {
        let (a, b) = (cp(k), cp(k + 1));
        let len = b.checked_sub(a).ok_or_else(bad)?;
        total += len;
        if total > max_chars {
            return Err(ExtractError::limit(LimitKind::Characters, max_chars, total));
        }
        let pcd = &plc[(n + 1) * 4 + k * 8..(n + 1) * 4 + k * 8 + 8];
        let fc = u32::from_le_bytes([pcd[2], pcd[3], pcd[4], pcd[5]]);
        let compressed = fc & 0x4000_0000 != 0;
        let fc = (fc & 0x3FFF_FFFF) as usize;
        if compressed {
            let start = fc / 2;
            let bytes = word.get(start..start + len).ok_or_else(bad)?;
            out.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0);
        } else {
            let bytes = word.get(fc..fc + len * 2).ok_or_else(bad)?;
            let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            out.push_str(&String::from_utf16_lossy(&units));
        }
    }
    Ok(out)
}

/// Emits the paragraphs of one story, with Word's control characters turned into text.
fn emit_story(name: &str, role: Role, chars: &[char], sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let mut para = String::new();
    let mut n = 0u32;
    let mut flush = |para: &mut String, n: &mut u32| -> Flow {
        *n += 1;
        if !para.trim().is_empty() {
            sink.segment(Segment::new(Location::part(name).with_paragraph(*n), role, std::mem::take(para)))?;
        }
        para.clear();
        Ok(())
    };
    // The open fields: where each one's instruction starts in `para`, while it is being read.
    let mut fields: Vec<Option<usize>> = Vec::new();
    for &c in chars {
        match c {
            '\r' | '\x07' => {
                fields.clear();
                flush(&mut para, &mut n)?
            }
            '\x0b' | '\x0c' | '\x0e' => para.push('\n'),
            '\x13' => fields.push(Some(para.len())),
            // An instruction ends: an `EQ` field's is replaced by what the field draws there.
            '\x14' | '\x15' => {
                if let Some(start) = fields.last_mut().and_then(Option::take) {
                    if let Some(drawn) = para.get(start..).and_then(crate::eq_field::shown) {
                        para.truncate(start);
                        para.push_str(&drawn);
                    }
                }
                if c == '\x15' {
                    fields.pop();
                }
            }
            '\x01' | '\x08' | '\x05' | '\x02' | '\x03' | '\x04' => {}
            '\x1e' => para.push('-'),
            '\x1f' | '\0' => {}
            c => para.push(c),
        }
    }
    flush(&mut para, &mut n)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{extract, sniff, ExtractError, Format, Limits};
    use mijian_core::{Collected, Role};

    fn read(name: &str) -> Option<Result<Collected, crate::ExtractError>> {
        let dir = crate::testing::realworld_dir("doc")?;
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(sniff(&bytes), Format::Ole, "{name}");
        let mut sink = Collected::default();
        Some(extract(&bytes, Format::Ole, &Limits::default(), &mut sink).map(|_| sink))
    }

    #[test]
    fn an_eq_field_is_read_as_it_draws_and_other_instructions_stay() {
        let chars: Vec<char> =
            "机\x13 EQ \\o\\ac(○,密) \x15★1年\r\x13 HYPERLINK \"x\" \x14链接\x15\r".chars().collect();
        let mut sink = mijian_core::Collected::default();
        super::emit_story("WordDocument", mijian_core::Role::Body, &chars, &mut sink).unwrap();
        let texts: Vec<&str> = sink.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["机密★1年", " HYPERLINK \"x\" 链接"]);
    }

    #[test]
    fn a_document_over_the_character_limit_is_an_error() {
        let Some(dir) = crate::testing::realworld_dir("doc") else { return };
        let bytes = std::fs::read(dir.join("chatchat_行标编制说明_第12部分.doc")).unwrap();
        let limits = Limits { max_doc_chars: 100, ..Limits::default() };
        match extract(&bytes, Format::Ole, &limits, &mut Collected::default()) {
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::Characters, limit: 100, seen, .. }) => {
                assert!(seen > 100)
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn reads_chinese_word_97_documents() {
        for name in ["chatchat_核电厂定期安全审查指南_第1部分_征求意见稿.doc", "chatchat_行标编制说明_第12部分.doc"]
        {
            let Some(got) = read(name) else { return };
            let sink = got.unwrap_or_else(|e| panic!("{name}: {e}"));
            let body: String = sink
                .segments
                .iter()
                .filter(|s| s.role == Role::Body)
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            assert!(body.contains("核电厂"), "{name}: {}", &body.chars().take(200).collect::<String>());
            assert!(body.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count() > 1000, "{name}");
            assert!(sink.segments.iter().all(|s| !s.text.contains('\r') && !s.text.contains('\u{13}')));
        }
    }

    /// Every real DOC is read, except the one known to be broken, which is refused as a corrupt
    /// compound file (not a limit, not a reader that gave up on a structure it should follow).
    #[test]
    fn every_real_doc_is_read_or_refused_as_corrupt() {
        const BROKEN: &str = "nwe_badfile-01-bad-header.doc";
        let Some(dir) = crate::testing::realworld_dir("doc") else { return };
        let mut refused = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            let mut sink = Collected::default();
            match extract(&bytes, sniff(&bytes), &Limits::default(), &mut sink) {
                Ok(()) => assert!(
                    !sink.segments.is_empty() || sink.coverage.iter().any(|c| c.needs_review),
                    "{name}: nothing read and nothing flagged"
                ),
                Err(ExtractError::Corrupt { what: crate::Defect::OleUnreadable { .. }, .. }) if name == BROKEN => {
                    refused.push(name);
                }
                Err(err) => panic!("{name}: {err:?}"),
            }
        }
        assert_eq!(refused, [BROKEN]);
    }
}
