//! ID3v2 tags (versions 2.2, 2.3 and 2.4) at the start of a file, and ID3v1 at its end.
//!
//! An ID3v2 tag is a 10-byte header (`ID3`, version, revision, flags, a "syncsafe" size: 7 bits
//! a byte), an optional extended header, then frames: an id (3 characters in 2.2, 4 after), a
//! size (24-bit in 2.2, 32-bit in 2.3, syncsafe in 2.4), two flag bytes (2.3, 2.4), the data.
//! Unsynchronisation (a 0x00 put after every 0xFF that players must drop) covers the whole tag
//! in 2.2/2.3 and each flagged frame in 2.4. Frames may be compressed (zlib), grouped or
//! encrypted (not read: noted as damage, a person looks).

use std::borrow::Cow;

use super::{be32, decode, strings, terminated, Found, Walk};
use crate::ExtractError;

/// Chapters in chapters deeper than this are not followed (noted as damage).
const MAX_DEPTH: usize = 4;

/// Reads the ID3v2 tag at the start of `bytes`, naming fields `<prefix> <frame id>`; returns
/// how many bytes the tag takes (0 when there is none).
pub(super) fn read_v2(bytes: &[u8], prefix: &str, walk: &mut Walk, found: &mut Found) -> Result<usize, ExtractError> {
    let Some(head) = bytes.get(..10).filter(|h| h.starts_with(b"ID3")) else { return Ok(0) };
    let (version, flags) = (head[3], head[5]);
    let Some(size) = syncsafe(&head[6..10]) else {
        found.damaged();
        return Ok(10);
    };
    let footer = if version == 4 && flags & 0x10 != 0 { 10 } else { 0 };
    let taken = 10 + size + footer;
    let body = match bytes.get(10..10 + size) {
        Some(body) => body,
        None => {
            // The file ends inside its tag: what is there is read, the rest is lost.
            found.damaged();
            &bytes[10..]
        }
    };
    if !(2..=4).contains(&version) || (version == 2 && flags & 0x40 != 0) {
        // Another major version, or 2.2's compression (never defined): not read.
        found.damaged();
        return Ok(taken);
    }
    let body: Cow<[u8]> = if version < 4 && flags & 0x80 != 0 { Cow::Owned(resync(body)) } else { Cow::Borrowed(body) };
    let mut at = 0;
    if version >= 3 && flags & 0x40 != 0 {
        let Some(size) = body.get(..4) else {
            found.damaged();
            return Ok(taken);
        };
        // 2.3: the size after itself; 2.4: syncsafe, itself included.
        at = if version == 3 { be32(size).saturating_add(4) } else { syncsafe(size).unwrap_or(usize::MAX) };
        if at > body.len() {
            found.damaged();
            return Ok(taken);
        }
    }
    let tag = Tag { version, unsynchronised: version == 4 && flags & 0x80 != 0 };
    tag.frames(&body[at..], prefix, 0, walk, found)?;
    Ok(taken)
}

/// A syncsafe integer: four bytes of 7 bits each.
fn syncsafe(b: &[u8]) -> Option<usize> {
    let b: [u8; 4] = b.get(..4)?.try_into().ok()?;
    if b.iter().any(|&x| x & 0x80 != 0) {
        return None;
    }
    Some(b.iter().fold(0usize, |n, &x| (n << 7) | usize::from(x)))
}

/// Undoes unsynchronisation: drops each 0x00 that follows a 0xFF.
fn resync(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut after_ff = false;
    for &b in bytes {
        if !(after_ff && b == 0) {
            out.push(b);
        }
        after_ff = b == 0xFF;
    }
    out
}

/// How a tag's frames are written.
struct Tag {
    version: u8,
    /// 2.4: every frame is unsynchronised (the tag's flag).
    unsynchronised: bool,
}

impl Tag {
    fn header_len(&self) -> usize {
        if self.version == 2 {
            6
        } else {
            10
        }
    }

    /// Whether a frame (or the padding, or the end) can begin at `at` of `data`.
    fn frame_starts(&self, data: &[u8], at: usize) -> bool {
        let id_len = if self.version == 2 { 3 } else { 4 };
        match data.get(at..) {
            None => false,
            Some([]) | Some([0, ..]) => true,
            Some(rest) => {
                rest.get(..id_len).is_some_and(|id| id.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
            }
        }
    }

    /// The size of the frame whose header is at `at`. In 2.4 it is syncsafe; iTunes wrote
    /// plain 32-bit sizes there, taken when only they lead to the next frame.
    fn frame_size(&self, data: &[u8], at: usize) -> Option<usize> {
        let head = data.get(at..at + self.header_len())?;
        Some(match self.version {
            2 => usize::from(head[3]) << 16 | usize::from(head[4]) << 8 | usize::from(head[5]),
            3 => be32(&head[4..8]),
            _ => {
                let plain = be32(&head[4..8]);
                match syncsafe(&head[4..8]) {
                    Some(safe) if safe == plain || self.frame_starts(data, at + 10 + safe) => safe,
                    _ if self.frame_starts(data, at + 10 + plain) => plain,
                    safe => safe.unwrap_or(plain),
                }
            }
        })
    }

    /// Reads the frames of `data` (a tag's, or a chapter's sub-frames).
    fn frames(
        &self,
        data: &[u8],
        prefix: &str,
        depth: usize,
        walk: &mut Walk,
        found: &mut Found,
    ) -> Result<(), ExtractError> {
        let id_len = if self.version == 2 { 3 } else { 4 };
        let mut at = 0;
        let mut chapters = 0;
        while at + self.header_len() <= data.len() {
            walk.step()?;
            let id = &data[at..at + id_len];
            if id[0] == 0 {
                return Ok(()); // Padding.
            }
            if !id.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                found.damaged();
                return Ok(());
            }
            let id = std::str::from_utf8(id).unwrap_or_default();
            let size = self.frame_size(data, at).unwrap_or(usize::MAX);
            let start = at + self.header_len();
            let Some(body) = data.get(start..start.saturating_add(size)) else {
                found.damaged();
                return Ok(());
            };
            let flags = if self.version == 2 { [0, 0] } else { [data[at + 8], data[at + 9]] };
            at = start + size;
            let Some(body) = self.frame_data(body, flags, id, walk, found)? else { continue };
            if matches!(id, "CHAP" | "CTOC") {
                chapters += 1;
                if depth >= MAX_DEPTH {
                    found.damaged();
                    continue;
                }
                self.chapter(id, &body, &format!("{prefix} {id} {chapters}"), depth, walk, found)?;
            } else {
                frame(id, &body, &format!("{prefix} {id}"), found);
            }
        }
        Ok(())
    }

    /// The data of a frame once its flags are undone: `None` when it cannot be read (encrypted,
    /// or compressed data that does not inflate: noted as damage).
    fn frame_data<'a>(
        &self,
        mut body: &'a [u8],
        flags: [u8; 2],
        id: &str,
        walk: &mut Walk,
        found: &mut Found,
    ) -> Result<Option<Cow<'a, [u8]>>, ExtractError> {
        let (compressed, encrypted, grouped, unsync, length) = match self.version {
            3 => (flags[1] & 0x80 != 0, flags[1] & 0x40 != 0, flags[1] & 0x20 != 0, false, flags[1] & 0x80 != 0),
            4 => (
                flags[1] & 0x08 != 0,
                flags[1] & 0x04 != 0,
                flags[1] & 0x40 != 0,
                self.unsynchronised || flags[1] & 0x02 != 0,
                flags[1] & 0x01 != 0,
            ),
            _ => (false, false, false, false, false),
        };
        // The bytes after the header, in their order per version: 2.3 length, method, group;
        // 2.4 group, method, length.
        let extra = if self.version == 3 {
            4 * usize::from(length) + usize::from(encrypted) + usize::from(grouped)
        } else {
            usize::from(grouped) + usize::from(encrypted) + 4 * usize::from(length)
        };
        if encrypted {
            found.damaged();
            return Ok(None);
        }
        let Some(rest) = body.get(extra..) else {
            found.damaged();
            return Ok(None);
        };
        body = rest;
        let mut data: Cow<[u8]> = if unsync { Cow::Owned(resync(body)) } else { Cow::Borrowed(body) };
        if compressed {
            match crate::picture_meta::inflate(&data, &format!("ID3 {id}"), walk.limits)? {
                Some(inflated) => data = Cow::Owned(inflated),
                None => {
                    found.damaged();
                    return Ok(None);
                }
            }
        }
        Ok(Some(data))
    }

    /// A chapter (`CHAP`: its id, four times, sub-frames) or a table of contents (`CTOC`: its
    /// id, flags, the ids of its entries, sub-frames).
    fn chapter(
        &self,
        id: &str,
        body: &[u8],
        prefix: &str,
        depth: usize,
        walk: &mut Walk,
        found: &mut Found,
    ) -> Result<(), ExtractError> {
        let (_element, mut rest) = terminated(0, body);
        if id == "CHAP" {
            rest = rest.get(16..).unwrap_or_default();
        } else {
            let Some(&[_flags, count]) = rest.get(..2) else {
                found.damaged();
                return Ok(());
            };
            rest = &rest[2..];
            for _ in 0..count {
                rest = terminated(0, rest).1;
            }
        }
        self.frames(rest, prefix, depth + 1, walk, found)
    }
}

/// Reads the text of one frame (by its id) under `field`.
fn frame(id: &str, body: &[u8], field: &str, found: &mut Found) {
    let Some((&encoding, rest)) = body.split_first() else { return };
    let text = |found: &mut Found, bytes: &[u8]| match strings(encoding, bytes) {
        Some(text) => found.add(field, &text),
        None => found.damaged(),
    };
    match id {
        // Text frames: an encoding, then one or more strings (2.4 separates values by NULs);
        // TXXX: a description, then the value.
        _ if id.starts_with('T') || matches!(id, "IPLS" | "IPL") => text(found, rest),
        // Comments, unsynchronised lyrics, terms of use: an encoding, a language, (comments and
        // lyrics) a short description, the text.
        "COMM" | "COM" | "USLT" | "ULT" | "USER" => text(found, rest.get(3..).unwrap_or_default()),
        // Synchronised lyrics: encoding, language, time format, content type, a description,
        // then strings each followed by a 4-byte time.
        "SYLT" | "SLT" => {
            let Some(rest) = rest.get(5..) else { return found.damaged() };
            let (description, mut rest) = terminated(encoding, rest);
            text(found, description);
            let mut lines = Vec::new();
            while !rest.is_empty() {
                let (line, after) = terminated(encoding, rest);
                lines.extend_from_slice(line);
                lines.extend_from_slice(if matches!(encoding, 1 | 2) { &[0, 0] } else { &[0] });
                rest = after.get(4..).unwrap_or_default();
            }
            text(found, &lines);
        }
        // URLs: ISO-8859-1 (no encoding byte); WXXX: an encoding, a description, the URL.
        "WXXX" | "WXX" => {
            let (description, url) = terminated(encoding, rest);
            text(found, description);
            found.add(field, &crate::picture_meta::eight_bit(url));
        }
        _ if id.starts_with('W') => found.add(field, &crate::picture_meta::eight_bit(body)),
        // A picture: encoding, a MIME type (2.2: a 3-letter format), a picture type, a
        // description, the picture.
        "APIC" | "PIC" => {
            let rest = if id == "PIC" { rest.get(3..) } else { Some(terminated(0, rest).1) };
            let Some(rest) = rest.and_then(|r| r.get(1..)) else { return found.damaged() };
            let (description, picture) = terminated(encoding, rest);
            text(found, description);
            found.pictures.push((field.to_owned(), picture.to_vec()));
        }
        // An object: encoding, MIME type, file name, description, the object.
        "GEOB" | "GEO" => {
            let (_mime, rest) = terminated(0, rest);
            let (name, rest) = terminated(encoding, rest);
            let (description, object) = terminated(encoding, rest);
            text(found, name);
            text(found, description);
            let name = decode(encoding, name).filter(|n| !n.trim().is_empty()).unwrap_or_else(|| field.to_owned());
            found.objects.push((name, object.to_vec()));
        }
        // Other frames hold numbers, binary data or identifiers.
        _ => {}
    }
}

/// The fields of ID3v1 (128 bytes at the end: `TAG`, title, artist, album, year, comment,
/// genre) and of its extension `TAG+` (227 bytes before it: longer title, artist, album, genre).
pub(super) fn read_v1(bytes: &[u8], found: &mut Found) {
    let Some(tag) = bytes.len().checked_sub(128).map(|at| &bytes[at..]).filter(|t| t.starts_with(b"TAG")) else {
        return;
    };
    let text = |b: &[u8]| crate::picture_meta::eight_bit(b.split(|&x| x == 0).next().unwrap_or_default());
    if let Some(plus) =
        bytes.len().checked_sub(128 + 227).map(|at| &bytes[at..at + 227]).filter(|t| t.starts_with(b"TAG+"))
    {
        for (name, range) in [("title", 4..64), ("artist", 64..124), ("album", 124..184), ("genre", 185..215)] {
            found.add(format!("ID3v1 {name}"), &text(&plus[range]));
        }
    }
    for (name, range) in
        [("title", 3..33), ("artist", 33..63), ("album", 63..93), ("year", 93..97), ("comment", 97..127)]
    {
        found.add(format!("ID3v1 {name}"), &text(&tag[range]));
    }
}
