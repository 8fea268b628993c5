//! FLAC metadata blocks and Ogg streams: the Vorbis comments both carry.
//!
//! A FLAC file is `fLaC`, then metadata blocks (a byte: last-block flag and type; a 24-bit
//! length; the data) before the audio. Type 4 is the Vorbis comment (little-endian lengths:
//! the encoder's name, a count, then `KEY=value` strings in UTF-8), type 6 a picture.
//!
//! An Ogg file is pages (`OggS`, a header, a table of segment lengths, the segments) of one or
//! more logical streams; a stream's packets are its segments joined until one shorter than 255.
//! The second packet of a Vorbis, Opus, Theora or Speex stream is its comment; an Ogg FLAC
//! stream carries its metadata blocks as packets after the first.

use std::collections::BTreeMap;

use super::{be32, le32, Found, Walk};
use crate::ExtractError;

/// Most bytes of one stream's first packets gathered from Ogg pages.
const MAX_HEADER_PACKETS_BYTES: usize = 16 << 20;

/// Reads the metadata blocks of a FLAC file.
pub(super) fn read(bytes: &[u8], walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    let mut at = 4;
    loop {
        walk.step()?;
        let Some(head) = bytes.get(at..at + 4) else {
            // Cut in the metadata: a block that may hold properties is lost.
            found.damaged();
            return Ok(());
        };
        let len = usize::from(head[1]) << 16 | usize::from(head[2]) << 8 | usize::from(head[3]);
        let Some(data) = bytes.get(at + 4..at + 4 + len) else {
            if matches!(head[0] & 0x7F, 4 | 6) {
                found.damaged();
            }
            return Ok(());
        };
        block(head[0] & 0x7F, data, found);
        if head[0] & 0x80 != 0 {
            return Ok(());
        }
        at += 4 + len;
    }
}

/// One metadata block: a Vorbis comment or a picture; the others hold no text.
fn block(kind: u8, data: &[u8], found: &mut Found) {
    match kind {
        4 => vorbis_comment(data, found),
        // Picture type, MIME type, description (UTF-8), width, height, depth, colours, data.
        6 => {
            let mime = be32(data.get(4..).unwrap_or_default());
            let at = 8 + mime;
            let Some(description) = data.get(at..).map(be32).and_then(|n| data.get(at + 4..at + 4 + n)) else {
                found.damaged();
                return;
            };
            found.add("FLAC PICTURE", &String::from_utf8_lossy(description));
            let at = at + 4 + description.len() + 16;
            match data.get(at..).map(be32).and_then(|n| data.get(at + 4..at + 4 + n)) {
                Some(picture) => found.pictures.push(("FLAC PICTURE".to_owned(), picture.to_vec())),
                None => found.damaged(),
            }
        }
        _ => {}
    }
}

/// A Vorbis comment: the vendor string, a count, `KEY=value` strings, all lengths 32-bit
/// little-endian. Each value is named `Vorbis <KEY>`.
pub(super) fn vorbis_comment(data: &[u8], found: &mut Found) {
    let vendor = le32(data);
    let Some(mut rest) = data.get(4 + vendor..) else {
        found.damaged();
        return;
    };
    let count = le32(rest);
    rest = rest.get(4..).unwrap_or_default();
    for _ in 0..count {
        let len = le32(rest);
        let Some(comment) = rest.get(4..4 + len) else {
            found.damaged();
            return;
        };
        rest = &rest[4 + len..];
        let (key, value) = match memchr::memchr(b'=', comment) {
            Some(eq) => (&comment[..eq], &comment[eq + 1..]),
            None => (&b""[..], comment),
        };
        let key = String::from_utf8_lossy(key).to_ascii_uppercase();
        // Base64 pictures are not decoded (the module's docs say so).
        if key != "METADATA_BLOCK_PICTURE" && key != "COVERART" {
            found.add(format!("Vorbis {key}"), &crate::picture_meta::eight_bit(value));
        }
    }
}

/// One logical stream's first packets.
#[derive(Default)]
struct Stream {
    packets: Vec<Vec<u8>>,
    partial: Vec<u8>,
    bytes: usize,
}

impl Stream {
    /// How many first packets hold the stream's properties: the identification packet and the
    /// comment (Ogg FLAC: the packets of its metadata blocks, until the last one).
    fn wants_more(&self) -> bool {
        match self.packets.first() {
            None => true,
            Some(first) if first.starts_with(b"\x7FFLAC") => {
                !self.packets[1..].iter().any(|p| p.first().is_some_and(|b| b & 0x80 != 0))
                    && self.packets.len() < 1_000
            }
            Some(_) => self.packets.len() < 2,
        }
    }
}

/// Reads the comments of every stream of an Ogg file, from its first pages.
pub(super) fn read_ogg(bytes: &[u8], walk: &mut Walk, found: &mut Found) -> Result<(), ExtractError> {
    let mut streams: BTreeMap<u32, Stream> = BTreeMap::new();
    let mut at = 0usize;
    while let Some(head) = bytes.get(at..at + 27) {
        walk.step()?;
        if !head.starts_with(b"OggS") {
            found.damaged();
            break;
        }
        let serial = le32(&head[14..18]) as u32;
        let segments = usize::from(head[26]);
        let Some(table) = bytes.get(at + 27..at + 27 + segments) else { break };
        let body_len: usize = table.iter().map(|&s| usize::from(s)).sum();
        let mut body_at = at + 27 + segments;
        let Some(_) = bytes.get(body_at..body_at + body_len) else { break };
        at = body_at + body_len;
        let stream = streams.entry(serial).or_default();
        if !stream.wants_more() {
            if streams.values().all(|s| !s.wants_more()) {
                break;
            }
            continue;
        }
        for &len in table {
            let len = usize::from(len);
            stream.partial.extend_from_slice(&bytes[body_at..body_at + len]);
            stream.bytes += len;
            body_at += len;
            if len < 255 {
                stream.packets.push(std::mem::take(&mut stream.partial));
            }
        }
        if stream.bytes > MAX_HEADER_PACKETS_BYTES {
            found.damaged();
            break;
        }
    }
    for stream in streams.values() {
        if stream.wants_more() {
            // The file ended (or broke) before the stream's comment.
            found.damaged();
        }
        let Some(first) = stream.packets.first() else { continue };
        if first.starts_with(b"\x7FFLAC") {
            for packet in &stream.packets[1..] {
                if let Some((&head, _)) = packet.split_first() {
                    block(head & 0x7F, packet.get(4..).unwrap_or_default(), found);
                }
            }
            continue;
        }
        let Some(comment) = stream.packets.get(1) else { continue };
        let data = if first.starts_with(b"\x01vorbis") {
            comment.strip_prefix(b"\x03vorbis")
        } else if first.starts_with(b"OpusHead") {
            comment.strip_prefix(b"OpusTags")
        } else if first.starts_with(b"\x80theora") {
            comment.strip_prefix(b"\x81theora")
        } else if first.starts_with(b"Speex   ") {
            Some(&comment[..])
        } else {
            continue; // A stream whose kind holds no comment read here.
        };
        match data {
            Some(data) => vorbis_comment(data, found),
            None => found.damaged(),
        }
    }
    Ok(())
}
