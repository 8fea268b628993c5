//! The `Pictures` stream of a presentation: every picture its slides show, one BLIP record each
//! ([MS-ODRAW] 2.2.23–2.2.31: `OfficeArtBlipJPEG`, `…PNG`, `…DIB`, `…TIFF`, `…EMF`, `…WMF`,
//! `…PICT`), read by OCR as parts `Pictures image 1`, `Pictures image 2`…
//!
//! A bitmap BLIP is an 8-byte record header, one or two 16-byte identifiers (two when the
//! record's instance is odd), a tag byte, then the picture file; a DIB lacks the 14-byte file
//! header a BMP file has, which is put back. A metafile BLIP (EMF, WMF) has a 34-byte header
//! instead of the tag (sizes, and whether the file that follows is deflated): the metafile is
//! read for the text it draws; one that draws none, and PICT, are drawings, not pictures OCR
//! reads: noted as not read, as any picture without OCR.

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Unread};

use crate::{ocr, ExtractError, Limits};

const PART: &str = "Pictures";
/// BLIP record types ([MS-ODRAW] 2.2.23).
const EMF: u16 = 0xF01A;
const WMF: u16 = 0xF01B;
const PICT: u16 = 0xF01C;
const JPEG: u16 = 0xF01D;
const PNG: u16 = 0xF01E;
const DIB: u16 = 0xF01F;
const TIFF: u16 = 0xF029;
const JPEG_CMYK: u16 = 0xF02A;

/// Reads every picture of the `Pictures` stream `stream` by OCR.
pub(super) fn read(stream: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let mut at = 0;
    let mut number = 0;
    while let Some(header) = stream.get(at..at + 8) {
        let instance = u16::from_le_bytes([header[0], header[1]]) >> 4;
        let kind = u16::from_le_bytes([header[2], header[3]]);
        let length = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let body = &stream[at + 8..(at + 8).saturating_add(length).min(stream.len())];
        at = (at + 8).saturating_add(length);
        if !(0xF018..=0xF117).contains(&kind) {
            continue;
        }
        number += 1;
        let part = format!("{PART} image {number}");
        let identifiers = if instance & 1 == 1 { 32 } else { 16 };
        let picture = body.get(identifiers + 1..).unwrap_or_default();
        match kind {
            JPEG | JPEG_CMYK | PNG | TIFF => {
                ocr::read_picture(&part, picture, &Location::part(part.as_str()), Role::Body, limits, sink)?;
            }
            DIB => {
                let bmp = ocr::picture::bmp_file(picture);
                ocr::read_picture(&part, &bmp, &Location::part(part.as_str()), Role::Body, limits, sink)?;
            }
            EMF | WMF => {
                let at = Location::part(part.as_str());
                let read = match metafile(body.get(identifiers..).unwrap_or_default(), limits) {
                    Some(file) => ocr::read_metafile(&part, &file, &at, Role::Body, sink)?,
                    None => false,
                };
                if !read {
                    sink.coverage(CoverageNote::unread(part, Unread::Picture))?;
                }
            }
            PICT => sink.coverage(CoverageNote::unread(part, Unread::Picture))?,
            _ => sink.coverage(CoverageNote::unread(part, Unread::UnknownPart))?,
        }
    }
    if at > stream.len() {
        sink.coverage(CoverageNote::unread(PART, Unread::Damaged))?;
    }
    Ok(())
}

/// The metafile of a metafile BLIP's data (`OfficeArtMetafileHeader`, then the file): inflated
/// when its compression byte says DEFLATE (0), as it is (0xFE) otherwise; at most its stated
/// size and the part limit. `None` when it is cut short or does not inflate.
fn metafile(data: &[u8], limits: &Limits) -> Option<Vec<u8>> {
    use std::io::Read;
    let header = data.get(..34)?;
    let size = u64::from(u32::from_le_bytes(header[0..4].try_into().ok()?));
    let file = &data[34..];
    if header[32] != 0 {
        return Some(file.to_vec());
    }
    let cap = size.min(limits.max_part_bytes);
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(file).take(cap).read_to_end(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    fn record(instance: u16, kind: u16, body: &[u8]) -> Vec<u8> {
        let mut out = (instance << 4).to_le_bytes().to_vec();
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn a_metafile_blip_is_read_for_the_text_it_draws_deflated_or_not() {
        use std::io::Write;
        let emf = crate::metafile::emf_drawing(&[(0, 100, "机密★1年")]);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&emf).unwrap();
        let deflated = z.finish().unwrap();
        let blip = |file: &[u8], compression: u8| {
            let mut header = vec![0u8; 34];
            header[0..4].copy_from_slice(&(emf.len() as u32).to_le_bytes());
            header[28..32].copy_from_slice(&(file.len() as u32).to_le_bytes());
            header[32] = compression;
            header[33] = 0xFE;
            [vec![0u8; 16], header, file.to_vec()].concat()
        };
        let stream = [
            record(0x3D4, EMF, &blip(&deflated, 0)),
            record(0x3D4, EMF, &blip(&emf, 0xFE)),
            record(0x3D4, EMF, &blip(b"not deflate", 0)),
        ]
        .concat();
        let mut sink = Collected::default();
        read(&stream, &Limits::default(), &mut sink).unwrap();
        let texts: Vec<(&str, &str)> =
            sink.segments.iter().map(|s| (s.location.part.as_str(), s.text.as_str())).collect();
        assert_eq!(texts, [("Pictures image 1", "机密★1年"), ("Pictures image 2", "机密★1年")]);
        let unread: Vec<&str> = sink.coverage.iter().filter(|n| n.reason.is_some()).map(|n| n.part.as_str()).collect();
        assert_eq!(unread, ["Pictures image 3"], "a metafile that does not inflate is noted, not made up");
    }

    #[test]
    fn every_blip_is_a_picture_and_metafiles_are_noted() {
        let png = [vec![0; 17], b"\x89PNG".to_vec()].concat();
        let jpeg_two_ids = [vec![0; 33], b"\xff\xd8".to_vec()].concat();
        let stream =
            [record(0x6E0, PNG, &png), record(0x46B, JPEG, &jpeg_two_ids), record(0x3D4, EMF, &[0; 50])].concat();
        let mut sink = Collected::default();
        read(&stream, &Limits::default(), &mut sink).unwrap();
        let parts: Vec<&str> = sink.coverage.iter().map(|n| n.part.as_str()).collect();
        assert_eq!(parts, ["Pictures image 1", "Pictures image 2", "Pictures image 3"]);
        // OCR is off in the default limits: each picture is noted as not read.
        assert!(sink.coverage.iter().all(|n| n.reason == Some(Unread::Picture)), "{:?}", sink.coverage);
    }

    #[test]
    fn a_truncated_stream_is_noted_as_damaged() {
        let mut stream = record(0x6E0, PNG, &[0; 40]);
        stream.truncate(30);
        let mut sink = Collected::default();
        read(&stream, &Limits::default(), &mut sink).unwrap();
        assert_eq!(sink.coverage.last().unwrap().reason, Some(Unread::Damaged));
    }
}
