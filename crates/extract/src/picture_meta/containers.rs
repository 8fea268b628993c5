//! Where each picture format keeps its properties: JPEG marker segments, PNG chunks, GIF
//! extension blocks, WebP (RIFF) chunks, and a TIFF file's own directories.

use std::collections::BTreeMap;

use super::{eight_bit, Properties};
use crate::{ExtractError, Limits};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const EXIF_HEADER: &[u8] = b"Exif\0\0";
const XMP_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENSION_HEADER: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const PHOTOSHOP_HEADER: &[u8] = b"Photoshop 3.0\0";

/// Reads the properties of `bytes` by its format (found from its first bytes).
pub(super) fn read(bytes: &[u8], limits: &Limits, found: &mut Properties) -> Result<(), ExtractError> {
    match bytes {
        [0xFF, 0xD8, ..] => jpeg(bytes, found),
        _ if bytes.starts_with(PNG_SIGNATURE) => png(bytes, limits, found)?,
        _ if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") => gif(bytes, found),
        _ if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") => super::exif::read(bytes, "TIFF", found),
        _ if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" => webp(bytes, found),
        _ => {}
    }
    Ok(())
}

/// An EXIF block: the TIFF block, after the `Exif\0\0` header some writers put before it.
fn exif(data: &[u8], found: &mut Properties) {
    super::exif::read(data.strip_prefix(EXIF_HEADER).unwrap_or(data), "EXIF", found);
}

/// JPEG: marker segments up to the first scan. APP1 holds EXIF or XMP (an extended XMP packet
/// continues in further APP1 segments, in pieces keyed by a GUID), APP13 Photoshop's resources
/// with the IPTC records (over as many segments as it needs), COM a comment.
fn jpeg(bytes: &[u8], found: &mut Properties) {
    let mut at = 2usize;
    let mut photoshop = Vec::new();
    let mut extended: BTreeMap<&[u8], BTreeMap<u32, &[u8]>> = BTreeMap::new();
    // The file may end before its scan: the picture is cut, but no property was left unread.
    while let Some(&first) = bytes.get(at) {
        if first != 0xFF {
            found.damaged();
            break;
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else { break };
        at += 1;
        match marker {
            // Markers without a length.
            0x01 | 0xD0..=0xD8 => continue,
            // End of image, start of scan: the properties are before.
            0xD9 | 0xDA => break,
            _ => {}
        }
        let Some(len) = bytes.get(at..at + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))) else {
            break; // Cut before the segment's length: nothing of a property was there.
        };
        let Some(data) = bytes.get(at + 2..at + len.max(2)).filter(|_| len >= 2) else {
            // Cut inside a segment: a property is lost only if the segment holds them.
            if matches!(marker, 0xE1 | 0xED | 0xFE) || len < 2 {
                found.damaged();
            }
            break;
        };
        at += len;
        match marker {
            0xE1 if data.starts_with(EXIF_HEADER) => exif(data, found),
            0xE1 if data.starts_with(XMP_HEADER) => super::xmp::read(&data[XMP_HEADER.len()..], found),
            0xE1 if data.starts_with(XMP_EXTENSION_HEADER) => {
                // GUID (32), full length (4), this piece's offset (4), the piece.
                let piece = &data[XMP_EXTENSION_HEADER.len()..];
                match (piece.get(..32), piece.get(36..40), piece.get(40..)) {
                    (Some(guid), Some(offset), Some(text)) => {
                        let offset = u32::from_be_bytes(offset.try_into().unwrap_or_default());
                        extended.entry(guid).or_default().insert(offset, text);
                    }
                    _ => found.damaged(),
                }
            }
            0xED if data.starts_with(PHOTOSHOP_HEADER) => photoshop.extend_from_slice(&data[PHOTOSHOP_HEADER.len()..]),
            0xFE => found.add("JPEG comment", &eight_bit(data)),
            _ => {}
        }
    }
    if !photoshop.is_empty() {
        super::iptc::read_resources(&photoshop, found);
    }
    for pieces in extended.values() {
        let packet: Vec<u8> = pieces.values().flat_map(|p| p.iter().copied()).collect();
        super::xmp::read(&packet, found);
    }
}

/// PNG: chunks up to `IEND`. `tEXt` is keyword, NUL, text; `zTXt` keyword, NUL, method,
/// zlib text; `iTXt` keyword, NUL, compressed flag, method, language, NUL, translated keyword,
/// NUL, UTF-8 text (zlib when flagged); `eXIf` an EXIF block. XMP is an `iTXt` whose keyword is
/// `XML:com.adobe.xmp`.
fn png(bytes: &[u8], limits: &Limits, found: &mut Properties) -> Result<(), ExtractError> {
    let mut at = PNG_SIGNATURE.len();
    loop {
        // No IEND: the file is cut after its last whole chunk, no property was left unread.
        let Some(head) = bytes.get(at..at + 8) else { return Ok(()) };
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        let Some(data) = bytes.get(at + 8..(at + 8).saturating_add(len)) else {
            // Cut inside a chunk: a property is lost only if the chunk holds them (a picture cut
            // in its header or its image data is the picture reader's to note).
            if matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt") {
                found.damaged();
            }
            return Ok(());
        };
        at += 12 + len;
        match kind {
            b"IEND" => return Ok(()),
            b"eXIf" => exif(data, found),
            b"tEXt" | b"zTXt" | b"iTXt" => {
                let Some(nul) = data.iter().position(|&b| b == 0) else {
                    found.damaged();
                    continue;
                };
                let keyword = latin1(&data[..nul]);
                let rest = &data[nul + 1..];
                let field = format!("PNG {} {keyword}", String::from_utf8_lossy(kind));
                match kind {
                    b"tEXt" => found.add(field, &eight_bit(rest)),
                    b"zTXt" => match rest.split_first() {
                        Some((0, compressed)) => match super::inflate(compressed, &field, limits)? {
                            Some(text) => found.add(field, &eight_bit(&text)),
                            None => found.damaged(),
                        },
                        _ => found.damaged(),
                    },
                    _ => itxt(rest, &keyword, field, limits, found)?,
                }
            }
            _ => {}
        }
    }
}

/// The part of an `iTXt` chunk after its keyword.
fn itxt(
    rest: &[u8],
    keyword: &str,
    field: String,
    limits: &Limits,
    found: &mut Properties,
) -> Result<(), ExtractError> {
    let mut parts = rest.get(2..).unwrap_or_default().splitn(3, |&b| b == 0);
    let (Some(&[compressed, method]), Some(_language), Some(translated), Some(text)) =
        (rest.get(..2), parts.next(), parts.next(), parts.next())
    else {
        found.damaged();
        return Ok(());
    };
    let text = match (compressed, method) {
        (0, _) => text.to_vec(),
        (1, 0) => match super::inflate(text, &field, limits)? {
            Some(text) => text,
            None => {
                found.damaged();
                return Ok(());
            }
        },
        _ => {
            found.damaged();
            return Ok(());
        }
    };
    if keyword == "XML:com.adobe.xmp" {
        super::xmp::read(&text, found);
    } else {
        // The translated keyword is shown as the field's label.
        found.add(field.clone(), &String::from_utf8_lossy(translated));
        found.add(field, &String::from_utf8_lossy(&text));
    }
    Ok(())
}

/// A PNG keyword: Latin-1.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// GIF: blocks after the screen descriptor and its colour table. A comment extension
/// (`0x21 0xFE`) is text in sub-blocks; an application extension `XMP DataXMP` holds an XMP
/// packet whose sub-block lengths are part of the text (followed by a 258-byte "magic trailer").
fn gif(bytes: &[u8], found: &mut Properties) {
    let Some(&flags) = bytes.get(10) else { return };
    let mut at = 13 + colour_table(flags);
    loop {
        match bytes.get(at) {
            Some(0x3B) => return,
            Some(0x21) => {
                // An extension cut by the end of the file: a comment may be cut.
                let Some(&label) = bytes.get(at + 1) else { break };
                let Some((data, raw, next)) = sub_blocks(bytes, at + 2) else { break };
                match label {
                    0xFE => found.add("GIF comment", &eight_bit(&data)),
                    0xFF if data.starts_with(b"XMP DataXMP") => {
                        // The packet is the raw bytes after the 12-byte identifier block.
                        let packet = raw.get(12..).unwrap_or_default();
                        // Without its wrapper's end (the wrapper is optional), the packet ends
                        // where the "magic trailer" begins: 0x01, then 0xFF down to 0x00, bytes
                        // no UTF-8 text holds; read with the packet, they made it GB18030.
                        let end = memchr::memmem::find(packet, b"<?xpacket end")
                            .and_then(|e| packet[e..].iter().position(|&b| b == b'>').map(|g| e + g + 1))
                            .or_else(|| memchr::memmem::rfind(packet, &[0x01, 0xFF, 0xFE, 0xFD]))
                            .unwrap_or(packet.len());
                        super::xmp::read(&packet[..end], found);
                    }
                    _ => {}
                }
                at = next;
            }
            Some(0x2C) => {
                // Image descriptor (9 bytes after the separator), local colour table, LZW code
                // size, then the image data in sub-blocks.
                // Pixels cut by the end of the file hold no property.
                let Some(&flags) = bytes.get(at + 9) else { return };
                let data_at = at + 10 + colour_table(flags) + 1;
                let Some((_, _, next)) = sub_blocks(bytes, data_at) else { return };
                at = next;
            }
            // The end of the file without the trailer: nothing left unread.
            None => return,
            // A byte no block begins with: what follows is not read.
            _ => break,
        }
    }
    found.damaged();
}

/// The size of the colour table announced by descriptor flags.
fn colour_table(flags: u8) -> usize {
    if flags & 0x80 == 0 {
        0
    } else {
        3 << ((flags & 0x07) + 1)
    }
}

/// The sub-blocks from `at` to their terminator: their data joined, the raw bytes (lengths
/// included), and where the next block begins. `None` when they run beyond the file.
fn sub_blocks(bytes: &[u8], at: usize) -> Option<(Vec<u8>, &[u8], usize)> {
    let mut data = Vec::new();
    let mut i = at;
    loop {
        let len = usize::from(*bytes.get(i)?);
        if len == 0 {
            return Some((data, &bytes[at..i], i + 1));
        }
        data.extend_from_slice(bytes.get(i + 1..i + 1 + len)?);
        i += 1 + len;
    }
}

/// WebP: RIFF chunks (four-character code, little-endian size, data padded to even); `EXIF`
/// and `XMP ` hold the properties.
fn webp(bytes: &[u8], found: &mut Properties) {
    let mut at = 12usize;
    while at < bytes.len() {
        let Some(head) = bytes.get(at..at + 8) else {
            return; // Cut between chunks: nothing of a property was there.
        };
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
        let Some(data) = bytes.get(at + 8..(at + 8).saturating_add(len)) else {
            if matches!(&head[..4], b"EXIF" | b"XMP ") {
                found.damaged();
            }
            return;
        };
        match &head[..4] {
            b"EXIF" => exif(data, found),
            b"XMP " => super::xmp::read(data, found),
            _ => {}
        }
        at += 8 + len.next_multiple_of(2);
    }
}
