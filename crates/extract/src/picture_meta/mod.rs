//! The text a picture carries in its properties, beside what it draws.
//!
//! Windows Explorer's Details tab, the photo viewers and every CMS's media library show a
//! picture's title, subject, comment, keywords, author and copyright: a photo titled `机密★1年`
//! publishes the mark as surely as a document whose Title property holds it. So every picture,
//! an image file or one inside a document (through [`crate::ocr::read_picture`]), has these
//! read, whether OCR is on or off and whatever the picture's size:
//!
//! | where | what | field |
//! | --- | --- | --- |
//! | EXIF (JPEG APP1, PNG `eXIf`, WebP `EXIF`) and TIFF tags | `ImageDescription`, `Artist`, `Copyright`, `Make`, `Model`, `Software`, `DocumentName`, `PageName`, `HostComputer`, `UserComment`, the owner, serial and lens names, Windows' `XPTitle`, `XPSubject`, `XPComment`, `XPKeywords`, `XPAuthor` | `EXIF XPTitle`, `TIFF Artist`, `TIFF page 2 …` |
//! | XMP (JPEG APP1 and its extension, PNG `iTXt XML:com.adobe.xmp`, WebP `XMP `, GIF application extension, TIFF tag 700) | the text of every element and every attribute value (`dc:title`, `dc:description`, `photoshop:Headline`…) | `XMP dc:title` |
//! | IPTC-IIM (JPEG APP13 Photoshop resources, TIFF tag 33723) | every record-2 dataset but the binary and date ones | `IPTC Headline`, `IPTC Caption-Abstract` |
//! | JPEG `COM` segments | | `JPEG comment` |
//! | PNG `tEXt`, `zTXt`, `iTXt` chunks | | `PNG iTXt Description` (the keyword) |
//! | GIF comment extensions | | `GIF comment` |
//!
//! Each value goes to the sink as a segment with role [`Role::Properties`] (where a level word
//! alone is a mark, as in a document's properties), at the picture's own location with the field
//! named. Charsets: EXIF and IPTC text, JPEG and GIF comments are UTF-8 when valid, else GB18030
//! (what Chinese cameras and Windows write); the XP tags are UTF-16LE; `UserComment` says its
//! charset in its first 8 bytes; PNG `tEXt`/`zTXt` are Latin-1 by the standard, but Chinese
//! tools write UTF-8 or GBK there, which are tried first.
//!
//! Every length is checked against the bytes there are: a segment, chunk or directory that runs
//! beyond the file stops the reading of the properties and is noted as damaged (`… properties`
//! not read: a person looks), never a panic; a file that merely ends between two of them (a cut
//! picture) left no property unread and is not noted here. Compressed text (`zTXt`, compressed `iTXt`) is
//! inflated in steps charged to the file's budget ([`crate::budget`]): a decompression bomb
//! ends the inspection with its limit, so it can neither pass nor hang.

mod containers;
mod exif;
mod iptc;
mod xmp;

use std::io::Read;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment, Unread};

use crate::{ExtractError, LimitKind, Limits};

/// What a picture's properties hold: each field's name and text, in file order, and whether some
/// of them could not be read.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Properties {
    fields: Vec<(String, String)>,
    damaged: bool,
}

impl Properties {
    /// Adds `text` under `field`, trimmed of blanks and NULs; empty text is left out.
    fn add(&mut self, field: impl Into<String>, text: &str) {
        add_field(&mut self.fields, field, text);
    }

    /// Notes that part of the properties runs beyond the file or is malformed.
    fn damaged(&mut self) {
        self.damaged = true;
    }

    /// Each field's name and text.
    #[cfg(test)]
    pub(crate) fn fields(&self) -> &[(String, String)] {
        &self.fields
    }
}

/// Reads the properties of the picture `bytes` (JPEG, PNG, GIF, WebP, TIFF; nothing for other
/// formats). Fails only when the file's budget is spent (a compressed text too large).
pub(crate) fn properties(bytes: &[u8], limits: &Limits) -> Result<Properties, ExtractError> {
    let mut found = Properties::default();
    containers::read(bytes, limits, &mut found)?;
    Ok(found)
}

/// Reads the properties of the picture `part` and pushes each field as a segment at `at` with
/// the field's name; notes `<part> properties` as damaged when some could not be read.
pub(crate) fn read_properties(
    part: &str,
    bytes: &[u8],
    at: &Location,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let found = properties(bytes, limits)?;
    for (field, text) in found.fields {
        sink.segment(Segment::new(at.clone().with_field(field), Role::Properties, text))?;
    }
    if found.damaged {
        sink.coverage(CoverageNote::unread(format!("{part} properties"), Unread::Damaged))?;
    }
    Ok(())
}

/// Adds `text` under `field` to `fields`, trimmed of blanks and NULs; empty text is left out
/// (a picture's or a media file's properties).
pub(crate) fn add_field(fields: &mut Vec<(String, String)>, field: impl Into<String>, text: &str) {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if !text.is_empty() {
        fields.push((field.into(), text.to_owned()));
    }
}

/// Eight-bit text whose charset is not said: UTF-8 when valid, else GB18030. NULs between
/// strings (an EXIF ASCII value may hold several) become line breaks.
pub(crate) fn eight_bit(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    };
    text.trim_end_matches('\0').replace('\0', "\n")
}

/// UTF-16LE text ending at its first NUL (the Windows XP tags).
fn utf16le(bytes: &[u8]) -> String {
    let units: Vec<u16> =
        bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

/// Inflates the zlib stream `compressed` of `part`, in steps charged to the file's budget, and
/// at most `max_part_bytes`. `Ok(None)` when the stream is corrupt (the caller notes damage).
pub(crate) fn inflate(compressed: &[u8], part: &str, limits: &Limits) -> Result<Option<Vec<u8>>, ExtractError> {
    let cap = limits.max_part_bytes.min(limits.max_decompressed_bytes);
    let mut reader = flate2::read::ZlibDecoder::new(compressed).take(cap.saturating_add(1));
    let mut data = Vec::new();
    loop {
        match Read::by_ref(&mut reader).take(crate::CHECK_EVERY).read_to_end(&mut data) {
            Ok(0) => break,
            Ok(got) => limits.charge_decompressed(got as u64, part)?,
            Err(_) => return Ok(None),
        }
        if data.len() as u64 > cap {
            return Err(ExtractError::limit(LimitKind::DecompressedBytes, cap, data.len()).in_part(part.to_owned()));
        }
    }
    Ok(Some(data))
}

#[cfg(test)]
mod tests;
