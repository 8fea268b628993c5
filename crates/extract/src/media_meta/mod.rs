//! The text an audio or video file carries in its properties: what players, Explorer and a CMS's
//! media library show as its title, artist, comment, lyrics and chapter names.
//!
//! A recorded briefing titled `机密★1年`, or a training video whose comment says `绝密★启用前`,
//! publishes the mark as surely as a document whose Title property holds it. So these are read:
//!
//! | format | where | field |
//! | --- | --- | --- |
//! | MP3 (and any file opening with an ID3v2 tag: FLAC, WAV's `id3 ` chunk) | ID3v2.2/2.3/2.4 text frames (`T***`, `TXXX`), comments (`COMM`), lyrics (`USLT`, `SYLT`), URLs (`W***`), the frames of chapters (`CHAP`, `CTOC`), a picture's description (`APIC`), an object's file name and description (`GEOB`, whose object is inspected as a member) | `ID3 TIT2`, `ID3 CHAP 1 TIT2` |
//! | MP3 | ID3v1 (and its `TAG+` extension) at the end | `ID3v1 title` |
//! | MP4, M4A, MOV, 3GP | `moov/udta/meta/ilst` items (`©nam`, `©ART`, `©cmt`, `desc`, `©lyr`…, iTunes `----` items, QuickTime `mdta` keys), QuickTime `udta` `©` atoms, 3GPP `titl`/`dscp`/`auth`…, Nero chapters (`chpl`), track names | `MP4 ©cmt`, `QuickTime ©nam`, `MP4 chpl` |
//! | FLAC, Ogg (Vorbis, Opus, Theora, Speex, FLAC) | Vorbis comments | `Vorbis TITLE` |
//! | WAV, AVI | `LIST INFO` chunks, Broadcast WAV `bext`, AVI stream names (`strn`) | `RIFF INFO INAM` |
//!
//! Each value goes to the sink as a segment with role [`Role::Properties`] at the part `media`,
//! the field named. Pictures the file holds (an ID3 `APIC` cover, an MP4 `covr`, a FLAC
//! `PICTURE` block) go through the picture code ([`crate::ocr::read_picture`]): their own
//! properties are read, and OCR reads them when it is on.
//!
//! What the file plays is not read: speech, the text shown in a video's frames, subtitle and
//! chapter *tracks* (QuickTime text tracks, `tx3g`: samples in `mdat`), XMP packets in MP4 and
//! Vorbis `METADATA_BLOCK_PICTURE` covers (base64). So every such file is noted
//! [`Unread::AudioVideo`], which needs review, as an image file does without OCR: a clean
//! recording is `review`, a marked one `block`, and none is ever `pass`.
//!
//! Every length is checked against the bytes there are: a frame, box, block or chunk that holds
//! properties and runs beyond its parent stops the reading of the properties and is noted as
//! damaged (`media properties`), never a panic; a file cut in its sound or picture data lost no
//! property and is not noted (it is `review` anyway). The walk over boxes, frames, pages and
//! chunks is counted: a file of a million tiny boxes ends at [`MAX_STEPS`] with a limit error.

mod flac;
mod id3;
mod mp4;
mod riff;
#[cfg(test)]
mod tests;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment, Unread};

use crate::{ExtractError, LimitKind, Limits};

/// The part every property of an audio or video file is located at.
const PART: &str = "media";

/// Most boxes, frames, pages and chunks visited in one file.
pub(crate) const MAX_STEPS: usize = 500_000;

/// How often the walk asks the file's budget (time, cancellation).
const CHECK_STEPS: usize = 4_096;

/// Whether `bytes` open like an audio or video file whose properties are read here.
pub(crate) fn is_media(bytes: &[u8]) -> bool {
    kind(bytes).is_some()
}

/// The containers told apart by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An ID3v2 tag first, or an MPEG audio frame: MP3 (or a FLAC file behind an ID3v2 tag).
    Mp3,
    /// ISO base media (MP4, M4A, 3GP) or QuickTime (MOV).
    Mp4,
    /// FLAC.
    Flac,
    /// An Ogg stream.
    Ogg,
    /// RIFF WAVE or AVI.
    Riff,
}

/// ISO base media brands that are pictures (HEIF, AVIF) or camera raw, not audio or video.
const PICTURE_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1", b"avif", b"avis", b"crx ",
];

fn kind(bytes: &[u8]) -> Option<Kind> {
    let at = |range: std::ops::Range<usize>| bytes.get(range).unwrap_or_default();
    if bytes.starts_with(b"ID3") && matches!(bytes.get(3), Some(2..=4)) {
        return Some(Kind::Mp3);
    }
    if bytes.starts_with(b"fLaC") {
        return Some(Kind::Flac);
    }
    if bytes.starts_with(b"OggS\0") {
        return Some(Kind::Ogg);
    }
    if bytes.starts_with(b"RIFF") && matches!(at(8..12), b"WAVE" | b"AVI ") {
        return Some(Kind::Riff);
    }
    let size = at(0..4).try_into().map(u32::from_be_bytes).unwrap_or(0);
    match at(4..8) {
        b"ftyp" if !PICTURE_BRANDS.iter().any(|b| at(8..12) == *b) && size >= 12 => return Some(Kind::Mp4),
        // QuickTime files older than `ftyp`.
        b"moov" | b"mdat" | b"wide" | b"pnot" if size == 0 || size >= 8 => return Some(Kind::Mp4),
        _ => {}
    }
    None
}

/// Whether `bytes` open with two MPEG-1 Layer III frames: an MP3 file without an ID3v2 tag.
/// Asked only of bytes that are not text ([`crate::sniff`]).
pub(crate) fn is_bare_mp3(bytes: &[u8]) -> bool {
    mpeg_frame(bytes)
}

/// An MPEG-1 Layer III frame header (the sync bits, a bit rate and a sample rate that exist)
/// and a second one where the first frame ends, or the end of the file. Other MPEG audio
/// without an ID3 tag stays unsupported binary: two bytes of sync are too weak a sign alone.
fn mpeg_frame(bytes: &[u8]) -> bool {
    const KBPS: [usize; 15] = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    const HZ: [usize; 3] = [44_100, 48_000, 32_000];
    let frame = |at: usize| -> Option<usize> {
        let h = bytes.get(at..at + 4)?;
        let (rate, sample) = (usize::from(h[2] >> 4), usize::from((h[2] >> 2) & 3));
        (h[0] == 0xFF && h[1] & 0xFE == 0xFA && (1..15).contains(&rate) && sample < 3)
            .then(|| 144_000 * KBPS[rate] / HZ[sample] + usize::from((h[2] >> 1) & 1))
    };
    match frame(0) {
        Some(len) => len >= bytes.len() || frame(len).is_some(),
        None => false,
    }
}

/// What an audio or video file's properties hold.
#[derive(Debug, Default)]
struct Found {
    /// Each field's name and text, in file order.
    fields: Vec<(String, String)>,
    /// Pictures (covers): the field they are under and their bytes.
    pictures: Vec<(String, Vec<u8>)>,
    /// Files the tag carries (ID3 `GEOB`): a name and the bytes.
    objects: Vec<(String, Vec<u8>)>,
    /// Part of the properties runs beyond the file or is malformed.
    damaged: bool,
}

impl Found {
    /// Adds `text` under `field`, trimmed of blanks and NULs; empty text is left out.
    fn add(&mut self, field: impl Into<String>, text: &str) {
        crate::picture_meta::add_field(&mut self.fields, field, text);
    }

    fn damaged(&mut self) {
        self.damaged = true;
    }
}

/// The count of what a reader visited, charged against [`MAX_STEPS`], and the file's budget.
struct Walk<'l> {
    limits: &'l Limits,
    steps: usize,
}

impl Walk<'_> {
    /// Counts one box, frame, page or chunk.
    fn step(&mut self) -> Result<(), ExtractError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(ExtractError::limit(LimitKind::Entries, MAX_STEPS, self.steps).in_part(PART));
        }
        if self.steps.is_multiple_of(CHECK_STEPS) {
            self.limits.check()?;
        }
        Ok(())
    }
}

/// Reads the properties of `bytes` into `found` (nothing for bytes that are not media).
fn properties(bytes: &[u8], limits: &Limits) -> Result<Found, ExtractError> {
    let mut found = Found::default();
    let mut walk = Walk { limits, steps: 0 };
    match kind(bytes).or(mpeg_frame(bytes).then_some(Kind::Mp3)) {
        Some(Kind::Mp3) => {
            let taken = id3::read_v2(bytes, "ID3", &mut walk, &mut found)?;
            let rest = bytes.get(taken..).unwrap_or_default();
            if rest.starts_with(b"fLaC") {
                flac::read(rest, &mut walk, &mut found)?;
            }
            id3::read_v1(bytes, &mut found);
        }
        Some(Kind::Mp4) => mp4::read(bytes, &mut walk, &mut found)?,
        Some(Kind::Flac) => flac::read(bytes, &mut walk, &mut found)?,
        Some(Kind::Ogg) => flac::read_ogg(bytes, &mut walk, &mut found)?,
        Some(Kind::Riff) => riff::read(bytes, &mut walk, &mut found)?,
        None => {}
    }
    Ok(found)
}

/// Reads an audio or video file: every property as a segment, every picture through the picture
/// code, every carried object as a member, and the note that what it plays is not inspected.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let found = properties(bytes, limits)?;
    for (field, text) in found.fields {
        sink.segment(Segment::new(Location::part(PART).with_field(field), Role::Properties, text))?;
    }
    for (field, picture) in &found.pictures {
        let part = format!("{PART} {field}");
        crate::ocr::read_picture(&part, picture, &Location::part(part.as_str()), Role::Body, limits, sink)?;
    }
    for (name, object) in found.objects {
        sink.member(name, object)?;
    }
    if found.damaged {
        sink.coverage(CoverageNote::unread(format!("{PART} properties"), Unread::Damaged))?;
    }
    sink.coverage(CoverageNote::unread("(file)", Unread::AudioVideo))?;
    Ok(())
}

/// Text in one of ID3's encodings: 0 ISO-8859-1 by the standard (UTF-8 or GBK in Chinese files,
/// decided as for EXIF text), 1 UTF-16 with a byte-order mark (little-endian without one),
/// 2 UTF-16BE, 3 UTF-8. `None` for an encoding byte that is none of these.
fn decode(encoding: u8, bytes: &[u8]) -> Option<String> {
    Some(match encoding {
        0 => crate::picture_meta::eight_bit(bytes),
        1 => match bytes {
            [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
            [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
            _ => utf16(bytes, true),
        },
        2 => utf16(bytes, false),
        3 => String::from_utf8_lossy(bytes).into_owned(),
        _ => return None,
    })
}

/// UTF-16 text, to its end (a trailing odd byte is dropped).
fn utf16(bytes: &[u8], little: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// Splits `bytes` at the first terminator of `encoding` (one NUL for the 8-bit encodings, two
/// at an even offset for UTF-16): the string and what follows it (all of `bytes` and nothing
/// when there is no terminator).
fn terminated(encoding: u8, bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = if matches!(encoding, 1 | 2) {
        bytes.chunks_exact(2).position(|p| p == [0, 0]).map(|i| (2 * i, 2 * i + 2))
    } else {
        memchr::memchr(0, bytes).map(|i| (i, i + 1))
    };
    match end {
        Some((end, next)) => (&bytes[..end], &bytes[next..]),
        None => (bytes, &[]),
    }
}

/// Every string of a list of terminated strings, decoded, joined by line breaks.
fn strings(encoding: u8, mut bytes: &[u8]) -> Option<String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let (one, rest) = terminated(encoding, bytes);
        out.push(decode(encoding, one)?);
        bytes = rest;
    }
    Some(out.join("\n"))
}

fn be32(b: &[u8]) -> usize {
    b.get(..4).and_then(|b| b.try_into().ok()).map_or(0, u32::from_be_bytes) as usize
}

fn le32(b: &[u8]) -> usize {
    b.get(..4).and_then(|b| b.try_into().ok()).map_or(0, u32::from_le_bytes) as usize
}
