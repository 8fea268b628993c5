//! ISO base media files (MP4, M4A, 3GP) and QuickTime (MOV): the properties in `moov`.
//!
//! A box is a 32-bit size (1: a 64-bit size follows the type; 0: to the end of its parent), a
//! four-character type, the data. The properties are in `moov/udta` and `moov/trak/udta`:
//! `meta/ilst` items (iTunes: each a box named by its key, `©nam`, holding `data` boxes of a
//! type and a locale; QuickTime `mdta`: items named by their index in `meta/keys`), QuickTime
//! `©` atoms (strings each with a size and a language), 3GPP asset boxes (`titl`, `dscp`…),
//! Nero chapters (`chpl`), a track's `name`.

use super::{be32, Found, Walk};
use crate::ExtractError;

/// A box: its type and its data.
struct Atom<'a> {
    kind: [u8; 4],
    data: &'a [u8],
}

/// The boxes of `data`, in order. `Err(kind)` for a box that runs beyond `data` (or whose size
/// is smaller than its header): the boxes before it are returned.
fn boxes<'a>(data: &'a [u8], walk: &mut Walk) -> Result<(Vec<Atom<'a>>, Option<[u8; 4]>), ExtractError> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < data.len() {
        walk.step()?;
        let Some(head) = data.get(at..at + 8) else { return Ok((out, Some(*b"    "))) };
        let kind: [u8; 4] = head[4..8].try_into().unwrap_or_default();
        let (size, header) = match be32(head) {
            0 => (data.len() - at, 8),
            1 => match data.get(at + 8..at + 16) {
                Some(b) => {
                    (usize::try_from(u64::from_be_bytes(b.try_into().unwrap_or_default())).unwrap_or(usize::MAX), 16)
                }
                None => return Ok((out, Some(kind))),
            },
            n => (n, 8),
        };
        let Some(body) = data.get(at + header..at.saturating_add(size)).filter(|_| size >= header) else {
            return Ok((out, Some(kind)));
        };
        out.push(Atom { kind, data: body });
        at += size;
    }
    Ok((out, None))
}

/// The file: its top-level boxes, of which `moov` holds the properties. A box cut by the end of
/// the file is damage only if it is `moov` or comes before it (the properties are lost).
pub(super) fn read(bytes: &[u8], walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    let (top, cut) = boxes(bytes, walk)?;
    let mut moov = false;
    for b in &top {
        match &b.kind {
            b"moov" => {
                moov = true;
                container(b.data, walk, found)?;
            }
            // A `meta` at the top (some cameras) holds items as in `udta`.
            b"meta" => meta(b.data, walk, found)?,
            _ => {}
        }
    }
    if !moov || cut == Some(*b"moov") {
        found.damaged();
    }
    Ok(())
}

/// `moov` or `trak`: the boxes that hold properties.
fn container(data: &[u8], walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    let (children, cut) = boxes(data, walk)?;
    if cut.is_some() {
        found.damaged();
    }
    for b in children {
        match &b.kind {
            b"trak" => container(b.data, walk, found)?,
            b"udta" => udta(b.data, walk, found)?,
            b"meta" => meta(b.data, walk, found)?,
            _ => {}
        }
    }
    Ok(())
}

/// A box type for people: `©` for QuickTime's 0xA9, other bytes as Latin-1.
fn name(kind: &[u8]) -> String {
    kind.iter().map(|&b| if b == 0xA9 { '©' } else { char::from(b) }).collect()
}

/// `udta`: QuickTime `©` atoms, 3GPP assets, chapters, a track name, a `meta`.
fn udta(data: &[u8], walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    let (children, cut) = boxes(data, walk)?;
    if cut.is_some() {
        found.damaged();
    }
    for b in children {
        match &b.kind {
            b"meta" => meta(b.data, walk, found)?,
            b"chpl" => chapters(b.data, found),
            b"name" => found.add("QuickTime name", &crate::picture_meta::eight_bit(b.data)),
            // 3GPP: version and flags, a packed language, a string (UTF-8, or UTF-16 with a BOM).
            b"titl" | b"dscp" | b"cprt" | b"perf" | b"auth" | b"gnre" | b"albm" => {
                let text = b.data.get(6..).unwrap_or_default();
                found.add(format!("3GPP {}", name(&b.kind)), &string(text));
            }
            [0xA9, ..] if b.data.get(4..8) == Some(b"data") => item(&name(&b.kind), b.data, "QuickTime", walk, found)?,
            [0xA9, ..] => quicktime_strings(&b.kind, b.data, found),
            _ => {}
        }
    }
    Ok(())
}

/// A string that may begin with a UTF-16 byte-order mark; else UTF-8 (or GBK: not valid UTF-8).
fn string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => super::utf16(rest, false),
        [0xFF, 0xFE, rest @ ..] => super::utf16(rest, true),
        _ => crate::picture_meta::eight_bit(bytes),
    }
}

/// A QuickTime `©` atom of `udta`: strings, each a 16-bit size, a 16-bit language, the text.
fn quicktime_strings(kind: &[u8], mut data: &[u8], found: &mut Found) {
    let field = format!("QuickTime {}", name(kind));
    while data.len() >= 4 {
        let size = usize::from(u16::from_be_bytes([data[0], data[1]]));
        let Some(text) = data.get(4..4 + size) else {
            found.damaged();
            return;
        };
        found.add(field.clone(), &string(text));
        data = &data[4 + size..];
    }
}

/// Nero chapters: version, flags, (version 1: 4 more bytes), a count, then each chapter's
/// 64-bit start, title length and title.
fn chapters(data: &[u8], found: &mut Found) {
    let skip = if data.first() == Some(&1) { 8 } else { 4 };
    let Some((&count, mut rest)) = data.get(skip..).and_then(<[u8]>::split_first) else {
        found.damaged();
        return;
    };
    for _ in 0..count {
        let Some(&len) = rest.get(8) else {
            found.damaged();
            return;
        };
        let Some(title) = rest.get(9..9 + usize::from(len)) else {
            found.damaged();
            return;
        };
        found.add("MP4 chpl", &crate::picture_meta::eight_bit(title));
        rest = &rest[9 + usize::from(len)..];
    }
}

/// `meta`: a full box in MP4 (4 bytes of version and flags first), a plain one in QuickTime
/// (its first child, `hdlr`, right away). Its `keys` name the items of its `ilst` (QuickTime
/// `mdta`); without them items are named by their type (iTunes).
fn meta(data: &[u8], walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    let data = if data.get(4..8) == Some(b"hdlr") { data } else { data.get(4..).unwrap_or_default() };
    let (children, cut) = boxes(data, walk)?;
    if cut.is_some() {
        found.damaged();
    }
    let keys: Vec<String> = match children.iter().find(|b| &b.kind == b"keys") {
        Some(b) => {
            // Version and flags, a count, then boxes whose type is the namespace and data the key.
            let (keys, cut) = boxes(b.data.get(8..).unwrap_or_default(), walk)?;
            if cut.is_some() {
                found.damaged();
            }
            keys.iter().map(|k| String::from_utf8_lossy(k.data).into_owned()).collect()
        }
        None => Vec::new(),
    };
    for b in children.iter().filter(|b| &b.kind == b"ilst") {
        let (items, cut) = boxes(b.data, walk)?;
        if cut.is_some() {
            found.damaged();
        }
        for it in items {
            let index = u32::from_be_bytes(it.kind) as usize;
            let label = match keys.get(index.wrapping_sub(1)) {
                Some(key) if !keys.is_empty() => key.clone(),
                _ => name(&it.kind),
            };
            item(&label, it.data, "MP4", walk, found)?;
        }
    }
    Ok(())
}

/// An item: `data` boxes (a 32-bit type, a locale, the value) and, for iTunes' free-form `----`
/// items, `mean` and `name` boxes naming it.
fn item(label: &str, data: &[u8], prefix: &str, walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    let (parts, cut) = boxes(data, walk)?;
    if cut.is_some() {
        found.damaged();
    }
    let mut field = format!("{prefix} {label}");
    for part in parts {
        match &part.kind {
            b"name" => {
                field = format!("{prefix} {label} {}", String::from_utf8_lossy(part.data.get(4..).unwrap_or_default()))
            }
            b"data" => {
                let Some(value) = part.data.get(8..) else {
                    found.damaged();
                    continue;
                };
                match be32(part.data) & 0x00FF_FFFF {
                    // UTF-8, UTF-16BE and their "sort" variants.
                    1 | 4 => found.add(field.clone(), &crate::picture_meta::eight_bit(value)),
                    2 | 5 => found.add(field.clone(), &super::utf16(value, false)),
                    // Implicit: the old writers' text items, when the bytes are text.
                    0 if label.starts_with('©') => {
                        if let Ok(text) = std::str::from_utf8(value) {
                            found.add(field.clone(), text);
                        }
                    }
                    // JPEG, PNG, BMP covers.
                    13 | 14 | 27 => found.pictures.push((field.clone(), value.to_vec())),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(())
}
