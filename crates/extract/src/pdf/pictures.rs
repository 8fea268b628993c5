//! The pictures of a scanned page, for OCR: the image XObjects the page draws, as picture files
//! or pixels.
//!
//! | the image's filter | what is given to OCR |
//! | --- | --- |
//! | `DCTDecode` | its bytes: a JPEG file |
//! | none, or `FlateDecode`, `LZWDecode`, `ASCII85Decode`, `ASCIIHexDecode`, `RunLengthDecode` (any predictor) | its samples, built into an image from `/Width`, `/Height`, `/BitsPerComponent` (1 or 8) and `/ColorSpace` (gray, RGB, CMYK, ICC-based with 1, 3 or 4 components) |
//! | `JPXDecode`, `CCITTFaxDecode`, `JBIG2Decode`, others | nothing: the picture is noted as not read, with the filter |

use std::collections::HashSet;

use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use mijian_core::{DocumentSink, Location, Role};

use super::document::{get_name, get_number, resolve, Streams};
use crate::ocr::{self, Outcome};
use crate::ExtractError;

/// Reads the pictures `ids` of page `number` by OCR, but not those `seen` already (on this page
/// or an earlier one: a logo drawn on every page is read once). Returns whether any yielded text.
pub(super) fn read(
    doc: &Document,
    streams: &Streams,
    number: u32,
    ids: &[ObjectId],
    seen: &mut HashSet<ObjectId>,
    sink: &mut dyn DocumentSink,
) -> Result<bool, ExtractError> {
    let limits = streams.limits();
    let mut text = false;
    let mut on_page = 0;
    for &id in ids {
        if !seen.insert(id) {
            continue;
        }
        on_page += 1;
        let Ok(Object::Stream(stream)) = doc.get_object(id) else { continue };
        let part = format!("page {number} image {on_page}");
        let at = Location::part(part.as_str()).with_page(number);
        let outcome = match picture(doc, streams, stream)? {
            Picture::Jpeg(bytes) => ocr::read_picture(&part, bytes, &at, Role::Body, limits, sink)?,
            Picture::Pixels(image) => ocr::read_image(&part, &image, &at, Role::Body, limits, sink)?,
            Picture::Unread(why) => {
                let why = mijian_core::Unread::Ocr(mijian_core::OcrGap::Unfit(why.to_string()));
                sink.coverage(mijian_core::CoverageNote::unread(part.as_str(), why));
                Outcome::Undecodable
            }
        };
        text |= outcome == Outcome::Text;
    }
    Ok(text)
}

/// Filters that leave samples the reader builds an image from (the stream decoder undoes them).
const SAMPLE_FILTERS: &[&[u8]] =
    &[b"FlateDecode", b"ASCII85Decode", b"ASCIIHexDecode", b"LZWDecode", b"RunLengthDecode"];

enum Picture<'a> {
    Jpeg(&'a [u8]),
    Pixels(DynamicImage),
    Unread(String),
}

fn picture<'a>(doc: &Document, streams: &Streams, stream: &'a Stream) -> Result<Picture<'a>, ExtractError> {
    let filters: Vec<&[u8]> = match stream.dict.get(b"Filter").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
        _ => Vec::new(),
    };
    match filters.as_slice() {
        [b"DCTDecode"] => Ok(Picture::Jpeg(&stream.content)),
        chain if chain.iter().all(|f| SAMPLE_FILTERS.contains(f)) => {
            let samples = streams.decode(stream)?;
            if samples.is_empty() {
                return Ok(Picture::Unread("its samples cannot be decoded".to_owned()));
            }
            Ok(pixels(doc, &stream.dict, &samples).map_or_else(Picture::Unread, Picture::Pixels))
        }
        other => {
            let names: Vec<String> = other.iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
            Ok(Picture::Unread(format!("{} pictures are not decoded", names.join("+"))))
        }
    }
}

/// The image the samples of an image XObject make.
fn pixels(doc: &Document, dict: &Dictionary, samples: &[u8]) -> Result<DynamicImage, String> {
    let dimension = |key: &[u8]| {
        get_number(doc, dict, key)
            .filter(|v| *v >= 1.0 && *v <= 20_000.0)
            .map(|v| v as u32)
            .ok_or_else(|| format!("no usable /{}", String::from_utf8_lossy(key)))
    };
    let (width, height) = (dimension(b"Width")?, dimension(b"Height")?);
    if u64::from(width) * u64::from(height) > ocr::MAX_PIXELS {
        return Err(format!("{width}×{height} pixels, too many"));
    }
    let mask = matches!(dict.get(b"ImageMask").ok().and_then(|o| resolve(doc, o)), Some(Object::Boolean(true)));
    let bits = if mask { 1 } else { get_number(doc, dict, b"BitsPerComponent").unwrap_or(8.0) as u32 };
    let components = if mask { 1 } else { components(doc, dict)? };
    let (w, h) = (width as usize, height as usize);
    match (bits, components) {
        (8, 1) => take(samples, w * h)
            .map(|s| DynamicImage::ImageLuma8(GrayImage::from_raw(width, height, s).unwrap_or_default())),
        (8, 3) => take(samples, w * h * 3)
            .map(|s| DynamicImage::ImageRgb8(RgbImage::from_raw(width, height, s).unwrap_or_default())),
        (8, 4) => take(samples, w * h * 4).map(|s| {
            let rgb = s.chunks_exact(4).flat_map(|p| {
                let k = 255 - u16::from(p[3]);
                p[..3].iter().map(move |&c| ((255 - u16::from(c)) * k / 255) as u8).collect::<Vec<_>>()
            });
            DynamicImage::ImageRgb8(RgbImage::from_raw(width, height, rgb.collect()).unwrap_or_default())
        }),
        (1, 1) => {
            let row = w.div_ceil(8);
            let data = samples.get(..row * h).ok_or("fewer samples than the image declares")?;
            // Samples of 1 are white for an image, and unpainted (paper) for a stencil mask with
            // the default /Decode [0 1]: either way 1 is paper.
            let grey = GrayImage::from_fn(width, height, |x, y| {
                let byte = data[y as usize * row + x as usize / 8];
                image::Luma([if byte >> (7 - x % 8) & 1 == 1 { 255 } else { 0 }])
            });
            Ok(DynamicImage::ImageLuma8(grey))
        }
        _ => Err(format!("{bits} bits per component and {components} components are not built")),
    }
}

fn take(samples: &[u8], n: usize) -> Result<Vec<u8>, String> {
    samples.get(..n).map(<[u8]>::to_vec).ok_or_else(|| "fewer samples than the image declares".to_owned())
}

/// Colour components of the image's colour space: gray 1, RGB 3, CMYK 4, ICC-based its `/N`.
fn components(doc: &Document, dict: &Dictionary) -> Result<u32, String> {
    if let Some(name) = get_name(doc, dict, b"ColorSpace") {
        return match name {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(1),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(3),
            b"DeviceCMYK" | b"CMYK" => Ok(4),
            other => Err(format!("colour space {} is not built", String::from_utf8_lossy(other))),
        };
    }
    match dict.get(b"ColorSpace").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Array(a)) if a.first().and_then(|o| o.as_name().ok()) == Some(b"ICCBased") => {
            let n = a
                .get(1)
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| get_number(doc, &s.dict, b"N"));
            match n {
                Some(n) if n == 1.0 || n == 3.0 || n == 4.0 => Ok(n as u32),
                _ => Err("an ICC colour space without 1, 3 or 4 components".to_owned()),
            }
        }
        Some(_) => Err("an indexed or special colour space is not built".to_owned()),
        None => Err("no colour space".to_owned()),
    }
}
