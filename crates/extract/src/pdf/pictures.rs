//! The pictures of a scanned page, for OCR: the image XObjects and inline images the page
//! draws, as picture files or pixels.
//!
//! | the image's filter (last of its chain) | what is given to OCR |
//! | --- | --- |
//! | `DCTDecode` | its bytes: a JPEG file |
//! | `CCITTFaxDecode` (Group 4, and Group 3 one-dimensional) | the fax decoded into black and white |
//! | none, or `FlateDecode`, `LZWDecode`, `ASCII85Decode`, `ASCIIHexDecode`, `RunLengthDecode` (any predictor) | its samples, built into an image from `/Width`, `/Height`, `/BitsPerComponent` (1 or 8) and `/ColorSpace` (gray, RGB, CMYK, ICC-based with 1, 3 or 4 components) |
//! | `JBIG2Decode`, `JPXDecode` | nothing: no permissively licensed decoder; noted as not read, which needs review |
//! | others (Group 3 two-dimensional fax…) | nothing: noted as not read, with the reason |
//!
//! Filters before the last (`[/ASCII85Decode /DCTDecode]`) are undone first.

use std::borrow::Cow;
use std::collections::HashSet;

use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use mijian_core::{CoverageNote, DocumentSink, Location, OcrGap, PictureUnfit, Role, Unread};

use super::content::InlineImage;
use super::document::{get_name, get_number, resolve, Streams};
use crate::ocr::{self, Outcome};
use crate::ExtractError;

/// Reads the pictures `ids` of page `number` by OCR, but not those `seen` already (on this page
/// or an earlier one: a logo drawn on every page is read once), then its `inline` images.
/// Returns whether any yielded text.
pub(super) fn read(
    doc: &Document,
    streams: &Streams,
    number: u32,
    ids: &[ObjectId],
    inline: &[InlineImage],
    seen: &mut HashSet<ObjectId>,
    sink: &mut dyn DocumentSink,
) -> Result<bool, ExtractError> {
    let mut text = false;
    let mut on_page = 0;
    for &id in ids {
        if !seen.insert(id) {
            continue;
        }
        on_page += 1;
        let Ok(Object::Stream(stream)) = doc.get_object(id) else { continue };
        text |= read_one(doc, streams, &format!("page {number} image {on_page}"), number, stream, sink)?;
    }
    for (i, image) in inline.iter().enumerate() {
        let stream = Stream::new(super::inline_image::dictionary(&image.dict), image.data.clone());
        text |= read_one(doc, streams, &format!("page {number} inline image {}", i + 1), number, &stream, sink)?;
    }
    Ok(text)
}

/// Reads one image XObject (or inline image made one) called `part`; whether it yielded text.
fn read_one(
    doc: &Document,
    streams: &Streams,
    part: &str,
    number: u32,
    stream: &Stream,
    sink: &mut dyn DocumentSink,
) -> Result<bool, ExtractError> {
    let limits = streams.limits();
    let at = Location::part(part).with_page(number);
    let outcome = match picture(doc, streams, stream)? {
        Picture::Jpeg(bytes) => ocr::read_picture(part, &bytes, &at, Role::Body, limits, sink)?,
        Picture::Pixels(image) => ocr::read_image(part, &image, &at, Role::Body, limits, sink)?,
        Picture::Unread(why) => {
            sink.coverage(CoverageNote::unread(part, Unread::Ocr(why)))?;
            Outcome::Undecodable
        }
    };
    Ok(outcome == Outcome::Text)
}

/// Filters that leave samples the reader builds an image from (the stream decoder undoes them).
const SAMPLE_FILTERS: &[&[u8]] =
    &[b"FlateDecode", b"ASCII85Decode", b"ASCIIHexDecode", b"LZWDecode", b"RunLengthDecode"];

enum Picture<'a> {
    Jpeg(Cow<'a, [u8]>),
    Pixels(DynamicImage),
    Unread(OcrGap),
}

fn unfit(why: PictureUnfit) -> Picture<'static> {
    Picture::Unread(OcrGap::Unfit(why))
}

/// A picture whose pixels cannot be made: the reason follows.
fn undecodable(why: String) -> Picture<'static> {
    unfit(PictureUnfit::Undecodable(why))
}

fn picture<'a>(doc: &Document, streams: &Streams, stream: &'a Stream) -> Result<Picture<'a>, ExtractError> {
    let filters: Vec<&[u8]> = match stream.dict.get(b"Filter").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
        _ => Vec::new(),
    };
    if filters.iter().all(|f| SAMPLE_FILTERS.contains(f)) {
        let samples = streams.decode(stream)?;
        if samples.is_empty() {
            return Ok(unfit(PictureUnfit::NoSamples));
        }
        return Ok(pixels(doc, &stream.dict, &samples).map_or_else(undecodable, Picture::Pixels));
    }
    let Some((&last, before)) = filters.split_last() else { return Ok(unfit(PictureUnfit::NoFilter)) };
    if !before.iter().all(|f| SAMPLE_FILTERS.contains(f)) {
        let names: Vec<String> = filters.iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
        return Ok(unfit(PictureUnfit::NotDecoded { filters: names.join("+") }));
    }
    let bytes = undo(streams, stream, before.len())?;
    Ok(match last {
        b"DCTDecode" => Picture::Jpeg(bytes),
        b"CCITTFaxDecode" => {
            let params = parameters(doc, &stream.dict, before.len());
            ccitt(doc, &stream.dict, params, &bytes).map_or_else(undecodable, Picture::Pixels)
        }
        b"JBIG2Decode" => Picture::Unread(OcrGap::NoDecoder("JBIG2".to_owned())),
        b"JPXDecode" => Picture::Unread(OcrGap::NoDecoder("JPEG 2000".to_owned())),
        other => unfit(PictureUnfit::NotDecoded { filters: String::from_utf8_lossy(other).into_owned() }),
    })
}

/// The stream's data with its first `count` filters undone (they are sample filters).
fn undo<'a>(streams: &Streams, stream: &'a Stream, count: usize) -> Result<Cow<'a, [u8]>, ExtractError> {
    if count == 0 {
        return Ok(Cow::Borrowed(&stream.content));
    }
    let mut dict = stream.dict.clone();
    let take = |o: &Object| o.as_array().map(|a| Object::Array(a.iter().take(count).cloned().collect())).ok();
    if let Some(filters) = stream.dict.get(b"Filter").ok().and_then(take) {
        dict.set("Filter", filters);
    }
    if let Some(params) = stream.dict.get(b"DecodeParms").ok().and_then(take) {
        dict.set("DecodeParms", params);
    }
    let partial = Stream::new(dict, stream.content.clone());
    Ok(Cow::Owned(streams.decode(&partial)?.into_owned()))
}

/// The decode parameters of the filter at `index`: the dictionary, or the array's entry.
fn parameters<'a>(doc: &'a Document, dict: &'a Dictionary, index: usize) -> Option<&'a Dictionary> {
    match dict.get(b"DecodeParms").ok().and_then(|o| resolve(doc, o))? {
        Object::Dictionary(d) => Some(d),
        Object::Array(a) => a.get(index).and_then(|o| resolve(doc, o))?.as_dict().ok(),
        _ => None,
    }
}

/// Whether the image's `/Decode` array inverts its samples (`[1 0]`).
fn inverted(doc: &Document, dict: &Dictionary) -> bool {
    match dict.get(b"Decode").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Array(a)) => a.first().and_then(super::document::number) == Some(1.0),
        _ => false,
    }
}

/// The image a CCITT fax stream makes (PDF 32000 §7.4.6): `/K` < 0 is Group 4, 0 Group 3
/// one-dimensional; `/Columns` (1728) wide, `/Rows` or the image's `/Height` high.
fn ccitt(doc: &Document, dict: &Dictionary, params: Option<&Dictionary>, data: &[u8]) -> Result<DynamicImage, String> {
    let param = |key: &[u8]| params.and_then(|p| get_number(doc, p, key));
    let flag =
        |key: &[u8]| params.and_then(|p| p.get(key).ok()).and_then(|o| resolve(doc, o)) == Some(&Object::Boolean(true));
    let k = param(b"K").unwrap_or(0.0);
    let columns = param(b"Columns").unwrap_or(1728.0);
    let rows = get_number(doc, dict, b"Height").or_else(|| param(b"Rows").filter(|r| *r > 0.0)).unwrap_or(0.0);
    if !(1.0..=f32::from(u16::MAX)).contains(&columns) || !(1.0..=f32::from(u16::MAX)).contains(&rows) {
        return Err(format!("a fax picture of {columns}×{rows} pixels"));
    }
    let (width, height) = (columns as u16, rows as u16);
    if u64::from(width) * u64::from(height) > ocr::MAX_PIXELS {
        return Err(format!("{width}×{height} pixels, too many"));
    }
    // Black pels are dark unless the samples say otherwise: with /BlackIs1 they are 1, which is
    // dark only where /Decode [1 0] inverts the samples (for an image and a stencil mask alike).
    let black = if flag(b"BlackIs1") == inverted(doc, dict) { 0 } else { 255 };
    let mut pixels = Vec::with_capacity(usize::from(width) * usize::from(height));
    let mut lines = 0u16;
    let mut line = |transitions: &[u16]| {
        if lines < height {
            lines += 1;
            pixels.extend(fax::decoder::pels(transitions, width).map(|c| {
                if c == fax::Color::Black {
                    black
                } else {
                    255 - black
                }
            }));
        }
    };
    if k < 0.0 {
        fax::decoder::decode_g4(data.iter().copied(), width, Some(height), &mut line);
    } else if k == 0.0 {
        fax::decoder::decode_g3(data.iter().copied(), &mut line);
    } else {
        return Err("two-dimensional Group 3 fax pictures are not decoded".to_owned());
    }
    if lines == 0 {
        return Err("its fax data cannot be decoded".to_owned());
    }
    // Lines the data ended before are paper.
    pixels.resize(usize::from(width) * usize::from(height), 255 - black);
    GrayImage::from_raw(u32::from(width), u32::from(height), pixels)
        .map(DynamicImage::ImageLuma8)
        .ok_or_else(|| "its fax data cannot be decoded".to_owned())
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
            // the default /Decode [0 1]: either way 1 is paper, and 0 with /Decode [1 0].
            let paper = u8::from(!inverted(doc, dict));
            let grey = GrayImage::from_fn(width, height, |x, y| {
                let byte = data[y as usize * row + x as usize / 8];
                image::Luma([if byte >> (7 - x % 8) & 1 == paper { 255 } else { 0 }])
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
