//! The text a metafile picture draws (EMF and WMF, the vector pictures Office and WPS paste: a
//! letterhead, a pasted chart, a mark drawn as a picture).
//!
//! A metafile is a list of drawing records; the text it shows is in its text records, as
//! characters, not as pixels: `EMR_EXTTEXTOUTW` (UTF-16), `EMR_EXTTEXTOUTA` and
//! `EMR_SMALLTEXTOUT` in EMF; `META_TEXTOUT` and `META_EXTTEXTOUT` in WMF (8-bit text in the
//! font's code page: UTF-8 when it is valid UTF-8, else GB18030, what Chinese Windows writes).
//! Each record draws its text at a point; the pieces are put back into lines as a viewer shows
//! them: pieces whose reference points share a line (within half the height of their text, where
//! an EMF record gives its bounds; else at the same height) make one line, left to right, lines
//! top to bottom. EMF+ records (GDI+ inside comments)
//! are not read: Office writes every EMF+ drawing twice, the second time as the plain records
//! read here.

/// At most this many text records are read from one picture (a metafile of a million one-glyph
/// records is a drawing, not a document: the rest is not read).
const MAX_PIECES: usize = 100_000;

/// A piece of text, the point it is drawn at (logical units, y growing downwards) and the height
/// of its bounds when the record says (EMF; device units).
#[derive(Debug)]
struct Piece {
    x: i32,
    y: i32,
    height: Option<i32>,
    text: String,
}

/// Whether `bytes` are a metafile this module reads: an EMF (its header record with the
/// ` EMF` signature) or a WMF (placeable or not).
pub(crate) fn is_metafile(bytes: &[u8]) -> bool {
    is_emf(bytes) || wmf_start(bytes).is_some()
}

fn is_emf(bytes: &[u8]) -> bool {
    bytes.len() >= 88 && u32_at(bytes, 0) == Some(1) && bytes.get(40..44) == Some(b" EMF")
}

/// The lines of text a metafile draws, top to bottom (empty when it draws none, or when the
/// bytes are no metafile).
pub(crate) fn text_lines(bytes: &[u8]) -> Vec<String> {
    let pieces = if is_emf(bytes) {
        emf_pieces(bytes)
    } else if let Some(start) = wmf_start(bytes) {
        wmf_pieces(bytes, start)
    } else {
        return Vec::new();
    };
    lines(pieces)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn i16_at(b: &[u8], at: usize) -> Option<i32> {
    u16_at(b, at).map(|v| i32::from(v as i16))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn i32_at(b: &[u8], at: usize) -> Option<i32> {
    u32_at(b, at).map(|v| v as i32)
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

/// 8-bit text in the code page of the font that draws it, which the record does not say: UTF-8
/// when it is valid UTF-8, else GB18030.
fn eight_bit(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(b).0.into_owned(),
    }
}

const EMR_EOF: u32 = 14;
const EMR_EXTTEXTOUTA: u32 = 83;
const EMR_EXTTEXTOUTW: u32 = 84;
const EMR_SMALLTEXTOUT: u32 = 108;

/// The text records of an EMF. A record whose size is impossible ends the walk (what came before
/// it is kept).
fn emf_pieces(bytes: &[u8]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while out.len() < MAX_PIECES {
        let (Some(kind), Some(size)) = (u32_at(bytes, at), u32_at(bytes, at + 4)) else { break };
        let size = size as usize;
        if size < 8 || !size.is_multiple_of(4) || at + size > bytes.len() {
            break;
        }
        let record = &bytes[at..at + size];
        match kind {
            EMR_EXTTEXTOUTW | EMR_EXTTEXTOUTA => {
                // bounds (16), graphics mode, x and y scale, then EMRTEXT: reference point,
                // character count, offset of the string from the record's start.
                let (Some(x), Some(y), Some(count), Some(offset)) =
                    (i32_at(record, 36), i32_at(record, 40), u32_at(record, 44), u32_at(record, 48))
                else {
                    break;
                };
                let wide = kind == EMR_EXTTEXTOUTW;
                let len = (count as usize).saturating_mul(if wide { 2 } else { 1 });
                if let Some(raw) = record.get(offset as usize..(offset as usize).saturating_add(len)) {
                    let text = if wide { utf16(raw) } else { eight_bit(raw) };
                    out.push(Piece { x, y, height: bounds_height(record), text });
                }
            }
            EMR_SMALLTEXTOUT => {
                // x, y, count, options, graphics mode, x and y scale, a clip rectangle unless
                // ETO_NO_RECT, then the characters (8-bit with ETO_SMALL_CHARS).
                let (Some(x), Some(y), Some(count), Some(options)) =
                    (i32_at(record, 8), i32_at(record, 12), u32_at(record, 16), u32_at(record, 20))
                else {
                    break;
                };
                let start: usize = if options & 0x100 != 0 { 36 } else { 52 };
                let narrow = options & 0x200 != 0;
                let len = (count as usize).saturating_mul(if narrow { 1 } else { 2 });
                if let Some(raw) = record.get(start..start.saturating_add(len)) {
                    let text = if narrow { eight_bit(raw) } else { utf16(raw) };
                    out.push(Piece { x, y, height: None, text });
                }
            }
            EMR_EOF => break,
            _ => {}
        }
        at += size;
    }
    out
}

/// The height of a text record's bounds (`rclBounds`, inclusive), when it was recorded (GDI
/// writes `0,0,-1,-1` when it was not).
fn bounds_height(record: &[u8]) -> Option<i32> {
    let (top, bottom) = (i32_at(record, 12)?, i32_at(record, 20)?);
    let height = bottom.checked_sub(top)?.checked_add(1)?;
    (height > 1).then_some(height)
}

/// Where the records of a WMF start: after the 22-byte placeable header if there is one, and
/// after the 18-byte standard header, whose type (1 or 2) and size in words (9) are checked.
fn wmf_start(bytes: &[u8]) -> Option<usize> {
    let header = if u32_at(bytes, 0) == Some(0x9AC6_CDD7) { 22 } else { 0 };
    let kind = u16_at(bytes, header)?;
    let words = u16_at(bytes, header + 2)?;
    let version = u16_at(bytes, header + 4)?;
    (matches!(kind, 1 | 2) && words == 9 && matches!(version, 0x0100 | 0x0300)).then_some(header + 18)
}

const META_EOF: u16 = 0x0000;
const META_TEXTOUT: u16 = 0x0521;
const META_EXTTEXTOUT: u16 = 0x0A32;

/// The text records of a WMF whose records start at `at`.
fn wmf_pieces(bytes: &[u8], mut at: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    while out.len() < MAX_PIECES {
        let (Some(words), Some(function)) = (u32_at(bytes, at), u16_at(bytes, at + 4)) else { break };
        let size = (words as usize).saturating_mul(2);
        if size < 6 || at.saturating_add(size) > bytes.len() {
            break;
        }
        let record = &bytes[at..at + size];
        match function {
            META_TEXTOUT => {
                // length, the string (padded to a word), then y and x.
                let Some(len) = u16_at(record, 6).map(usize::from) else { break };
                let padded = len + len % 2;
                let (Some(raw), Some(y), Some(x)) =
                    (record.get(8..8 + len), i16_at(record, 8 + padded), i16_at(record, 10 + padded))
                else {
                    break;
                };
                out.push(Piece { x, y, height: None, text: eight_bit(raw) });
            }
            META_EXTTEXTOUT => {
                // y, x, length, options, a rectangle when ETO_OPAQUE or ETO_CLIPPED, the string.
                let (Some(y), Some(x), Some(len), Some(options)) =
                    (i16_at(record, 6), i16_at(record, 8), u16_at(record, 10), u16_at(record, 12))
                else {
                    break;
                };
                let start = if options & 0x0006 != 0 { 22 } else { 14 };
                if let Some(raw) = record.get(start..start + usize::from(len)) {
                    out.push(Piece { x, y, height: None, text: eight_bit(raw) });
                }
            }
            META_EOF => break,
            _ => {}
        }
        at += size;
    }
    out
}

/// The pieces put back into lines: sorted top to bottom, a piece joins the line above when its
/// reference point is within half the text's height of that line's (the median height of the
/// pieces whose records give one; else only at the same height), then each line left to right.
fn lines(mut pieces: Vec<Piece>) -> Vec<String> {
    pieces.retain(|p| !p.text.trim_matches(|c: char| c.is_whitespace() || c == '\0').is_empty());
    let mut heights: Vec<i32> = pieces.iter().filter_map(|p| p.height).collect();
    heights.sort_unstable();
    let half = heights.get(heights.len() / 2).map_or(1, |h| i64::from(*h / 2).max(1));
    pieces.sort_by_key(|p| (p.y, p.x));
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    for piece in pieces {
        match rows.last_mut() {
            Some(row) if i64::from(piece.y) - i64::from(row[0].y) < half => row.push(piece),
            _ => rows.push(vec![piece]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by_key(|p| p.x);
            row.iter().map(|p| p.text.trim_end_matches('\0')).collect::<String>()
        })
        .collect()
}

/// An EMF drawing each `(x, y, text)` with one `EMR_EXTTEXTOUTW` record (bounds 20 units high
/// around its reference point), for tests here and of the readers that hold metafiles.
#[cfg(test)]
pub(crate) fn emf_drawing(pieces: &[(i32, i32, &str)]) -> Vec<u8> {
    let records: Vec<Vec<u8>> = pieces.iter().map(|&(x, y, text)| tests::exttextoutw(x, y, text)).collect();
    tests::emf(&records)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An EMF: the header record, then `records`, then EOF.
    pub(super) fn emf(records: &[Vec<u8>]) -> Vec<u8> {
        let mut header = vec![0u8; 88];
        header[0..4].copy_from_slice(&1u32.to_le_bytes());
        header[4..8].copy_from_slice(&88u32.to_le_bytes());
        header[40..44].copy_from_slice(b" EMF");
        let mut out = header;
        for r in records {
            out.extend(r);
        }
        out.extend(EMR_EOF.to_le_bytes());
        out.extend(20u32.to_le_bytes());
        out.extend([0u8; 12]);
        out
    }

    pub(super) fn exttextoutw(x: i32, y: i32, text: &str) -> Vec<u8> {
        let units: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let offset = 76u32;
        let size = (offset as usize + units.len()).div_ceil(4) * 4;
        let mut r = vec![0u8; size];
        r[0..4].copy_from_slice(&EMR_EXTTEXTOUTW.to_le_bytes());
        r[4..8].copy_from_slice(&(size as u32).to_le_bytes());
        // Bounds: 20 units high around the reference point.
        r[12..16].copy_from_slice(&(y - 15).to_le_bytes());
        r[20..24].copy_from_slice(&(y + 4).to_le_bytes());
        r[36..40].copy_from_slice(&x.to_le_bytes());
        r[40..44].copy_from_slice(&y.to_le_bytes());
        r[44..48].copy_from_slice(&(text.encode_utf16().count() as u32).to_le_bytes());
        r[48..52].copy_from_slice(&offset.to_le_bytes());
        r[offset as usize..offset as usize + units.len()].copy_from_slice(&units);
        r
    }

    #[test]
    fn emf_text_records_are_read_as_lines_as_drawn() {
        // One glyph per record, out of order, as drawing programs write them; two lines.
        let records = [
            exttextoutw(300, 1000, "年"),
            exttextoutw(100, 1000, "密"),
            exttextoutw(0, 1002, "机"),
            exttextoutw(200, 998, "★1"),
            exttextoutw(0, 2000, "关于做好工作的通知"),
        ];
        let bytes = emf(&records);
        assert!(is_metafile(&bytes));
        assert_eq!(text_lines(&bytes), ["机密★1年", "关于做好工作的通知"]);
    }

    #[test]
    fn wmf_text_records_are_read_in_gb18030() {
        let (gbk, _, _) = encoding_rs::GBK.encode("机密★1年");
        let mut out = vec![0u8; 22];
        out[0..4].copy_from_slice(&0x9AC6_CDD7u32.to_le_bytes());
        out.extend([1, 0, 9, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        // META_EXTTEXTOUT, no rectangle: size, function, y, x, length, options, string.
        let len = gbk.len();
        let words = (14 + len + len % 2) / 2;
        out.extend((words as u32).to_le_bytes());
        out.extend(META_EXTTEXTOUT.to_le_bytes());
        out.extend(100i16.to_le_bytes());
        out.extend(10i16.to_le_bytes());
        out.extend((len as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(gbk.iter());
        out.extend(std::iter::repeat_n(0u8, len % 2));
        // META_TEXTOUT below it, in UTF-8.
        let text = "此件不予公开".as_bytes();
        let padded = text.len() + text.len() % 2;
        out.extend((((8 + padded + 4) / 2) as u32).to_le_bytes());
        out.extend(META_TEXTOUT.to_le_bytes());
        out.extend((text.len() as u16).to_le_bytes());
        out.extend(text);
        out.extend(std::iter::repeat_n(0u8, text.len() % 2));
        out.extend(400i16.to_le_bytes());
        out.extend(10i16.to_le_bytes());
        out.extend([3, 0, 0, 0, 0, 0]);
        assert!(is_metafile(&out));
        assert_eq!(text_lines(&out), ["机密★1年", "此件不予公开"]);
    }

    #[test]
    fn what_is_no_metafile_or_cut_short_gives_what_it_can() {
        assert!(!is_metafile(b"\x89PNG\r\n\x1a\n"));
        assert!(text_lines(b"").is_empty());
        let bytes = emf(&[exttextoutw(0, 0, "机密★1年")]);
        // Cut inside the text record: the walk stops, nothing is made up.
        assert!(text_lines(&bytes[..100]).is_empty());
        // A record claiming more than the file holds ends the walk.
        let mut lying = bytes.clone();
        lying[92..96].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(text_lines(&lying).is_empty());
        // An offset past the record is skipped, not read.
        let mut bad = exttextoutw(0, 0, "机密");
        bad[48..52].copy_from_slice(&9999u32.to_le_bytes());
        assert_eq!(text_lines(&emf(&[bad, exttextoutw(0, 50, "秘密")])), ["秘密"]);
    }
}
