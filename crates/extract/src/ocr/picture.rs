//! From the bytes of a picture to the grey image the engine reads.
//!
//! Pictures are decoded with the `image` crate (PNG, JPEG, TIFF, BMP, GIF, WebP), within bounds:
//! a picture declaring more pixels than [`MAX_PIXELS`] is refused before it is decoded. Then:
//!
//! - pictures smaller than [`MIN_WIDTH`] × [`MIN_HEIGHT`] cannot hold a line of text and are not
//!   read (icons, bullets, spacer pixels);
//! - colour becomes grey by the *darkest* channel, not by luminance: red ink (the colour of
//!   marks and seals) is then as dark as black ink, where luminance would make it mid-grey;
//! - small pictures are scaled up so that text reaches the height the engine reads best, and
//!   very large ones down, which bounds the engine's time per picture.

use std::io::Cursor;

use image::{imageops::FilterType, DynamicImage, GrayImage, ImageFormat, ImageReader};

/// Narrowest picture that can hold a word.
pub(crate) const MIN_WIDTH: u32 = 24;
/// Lowest picture that can hold a line of text.
pub(crate) const MIN_HEIGHT: u32 = 12;
/// Most pixels a picture may declare (a 300 dpi A3 scan is 17.4 million).
pub(crate) const MAX_PIXELS: u64 = 40_000_000;
/// Longest side the engine is given: a 300 dpi A4 page is 3508 pixels high.
const MAX_SIDE: u32 = 3600;
/// Pictures whose longest side is shorter than this are scaled up (screenshots, small scans).
const SMALL_SIDE: u32 = 1400;

/// Why a picture is not given to the engine (said for people by `mijian-core`).
pub(crate) use mijian_core::PictureUnfit as Unfit;

/// The width and height a picture declares, read from its header only.
pub(crate) fn dimensions(bytes: &[u8]) -> Result<(u32, u32), Unfit> {
    let reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| Unfit::Undecodable(e.to_string()))?;
    reader.into_dimensions().map_err(|e| Unfit::Undecodable(e.to_string()))
}

/// Most pages or frames of one picture that are read (a fax of a long document, an animation):
/// the rest is noted as not read, which needs review.
pub(crate) const MAX_PAGES: usize = 100;

/// The pages of a picture that may hold more than one.
pub(crate) enum Pages {
    /// One page: the picture as it is.
    One,
    /// A multi-page TIFF (a fax, a scanned document): the offset of each page's directory.
    Tiff(Vec<u32>),
    /// An animated GIF of this many frames.
    Gif(usize),
}

/// The pages of a picture: every page of a TIFF, every frame of a GIF (a viewer shows them all).
pub(crate) fn pages(bytes: &[u8]) -> Pages {
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        let directories = tiff_directories(bytes);
        if directories.len() > 1 {
            return Pages::Tiff(directories);
        }
    }
    // An icon or an oversized picture is refused by `prepare` without decoding its frames.
    let fits = dimensions(bytes)
        .is_ok_and(|(w, h)| w >= MIN_WIDTH && h >= MIN_HEIGHT && u64::from(w) * u64::from(h) <= MAX_PIXELS);
    if bytes.starts_with(b"GIF8") && fits {
        use image::AnimationDecoder;
        if let Ok(decoder) = image::codecs::gif::GifDecoder::new(Cursor::new(bytes)) {
            // Frames are counted without being kept, at most a few hundred.
            let frames = decoder.into_frames().take(500).take_while(Result::is_ok).count();
            if frames > 1 {
                return Pages::Gif(frames);
            }
        }
    }
    Pages::One
}

/// The chain of image file directories of a classic TIFF, one per page (TIFF 6.0 §2), at most
/// a few thousand; a loop ends the chain.
fn tiff_directories(bytes: &[u8]) -> Vec<u32> {
    let little = bytes.starts_with(b"II");
    let u16_at = |at: usize| {
        bytes.get(at..at + 2).map(|b| {
            if little {
                u16::from_le_bytes([b[0], b[1]])
            } else {
                u16::from_be_bytes([b[0], b[1]])
            }
        })
    };
    let u32_at = |at: usize| {
        bytes.get(at..at + 4).map(|b| {
            let b = [b[0], b[1], b[2], b[3]];
            if little {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            }
        })
    };
    let mut directories = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut next = u32_at(4).unwrap_or(0);
    while next != 0 && directories.len() < 10_000 && seen.insert(next) {
        let Some(entries) = u16_at(next as usize) else { break };
        directories.push(next);
        next = u32_at(next as usize + 2 + 12 * usize::from(entries)).unwrap_or(0);
    }
    directories
}

/// A TIFF whose first page is the page at `directory`: the same bytes with the header pointing
/// there, so that the decoder reads that page as it reads any first page.
pub(crate) fn tiff_page(bytes: &[u8], directory: u32) -> Vec<u8> {
    let mut page = bytes.to_vec();
    let offset = if bytes.starts_with(b"II") { directory.to_le_bytes() } else { directory.to_be_bytes() };
    if let Some(header) = page.get_mut(4..8) {
        header.copy_from_slice(&offset);
    }
    page
}

/// Calls `each` with every frame of an animated GIF (composed as a viewer shows it), skipping a
/// frame identical to the one before, up to [`MAX_PAGES`] frames. Returns whether every frame
/// could be decoded (it stops at the first that cannot), or the first error of `each`.
pub(crate) fn gif_frames<E>(
    bytes: &[u8],
    mut each: impl FnMut(usize, DynamicImage) -> Result<(), E>,
) -> Result<bool, E> {
    use image::AnimationDecoder;
    let Ok(decoder) = image::codecs::gif::GifDecoder::new(Cursor::new(bytes)) else { return Ok(false) };
    let mut previous: Option<image::RgbaImage> = None;
    for (number, frame) in decoder.into_frames().take(MAX_PAGES).enumerate() {
        let Ok(frame) = frame else { return Ok(false) };
        let buffer = frame.into_buffer();
        if previous.as_ref() == Some(&buffer) {
            continue;
        }
        previous = Some(buffer.clone());
        each(number + 1, DynamicImage::ImageRgba8(buffer))?;
    }
    Ok(true)
}

/// Decodes a picture file and makes it ready for the engine.
pub(crate) fn prepare(bytes: &[u8]) -> Result<GrayImage, Unfit> {
    let (width, height) = dimensions(bytes)?;
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(Unfit::TooSmall { width, height });
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Unfit::TooLarge { width, height });
    }
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| Unfit::Undecodable(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| Unfit::Undecodable(e.to_string()))?;
    Ok(grey_and_scale(&image))
}

/// Grey by the darkest channel (transparent pixels are paper), then scaled.
pub(crate) fn grey_and_scale(image: &DynamicImage) -> GrayImage {
    let rgba = image.to_rgba8();
    let grey = GrayImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let dark = r.min(g).min(b);
        // Over white paper: a transparent pixel shows the paper.
        let shown = 255 - (u16::from(255 - dark) * u16::from(a) / 255) as u8;
        image::Luma([shown])
    });
    scale(grey)
}

fn scale(grey: GrayImage) -> GrayImage {
    let (w, h) = grey.dimensions();
    let long = w.max(h);
    let factor = if long > MAX_SIDE {
        f64::from(MAX_SIDE) / f64::from(long)
    } else if long < SMALL_SIDE {
        (f64::from(SMALL_SIDE) / f64::from(long)).min(3.0)
    } else {
        return grey;
    };
    let (nw, nh) = ((f64::from(w) * factor).round() as u32, (f64::from(h) * factor).round() as u32);
    image::imageops::resize(&grey, nw.max(1), nh.max(1), FilterType::Triangle)
}

/// The PNG file of a grey image, as the engine reads it from stdin.
pub(crate) fn png(grey: &GrayImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    // Writing a valid in-memory image to a Vec cannot fail.
    let _ = grey.write_to(&mut out, ImageFormat::Png);
    out.into_inner()
}

/// A BMP file of a device-independent bitmap: the file header (`BM`, size, where the pixels
/// start: after the info header, the colour masks of a 40-byte `BI_BITFIELDS` header and the
/// palette) before it.
pub(crate) fn bmp_file(dib: &[u8]) -> Vec<u8> {
    let u32_at = |at: usize| dib.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let info = u32_at(0);
    let bits = dib.get(14..16).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]));
    let compression = u32_at(16);
    let used = u32_at(32);
    let palette = match (used, bits) {
        (0, 1..=8) => 1u32 << bits,
        (n, _) => n.min(256),
    };
    let masks = if info == 40 && compression == 3 { 12 } else { 0 };
    let offset = 14u32.saturating_add(info.min(1 << 16)).saturating_add(masks).saturating_add(palette * 4);
    let size = u32::try_from(dib.len() + 14).unwrap_or(u32::MAX);
    let mut bmp = Vec::with_capacity(dib.len() + 14);
    bmp.extend_from_slice(b"BM");
    bmp.extend_from_slice(&size.to_le_bytes());
    bmp.extend_from_slice(&[0; 4]);
    bmp.extend_from_slice(&offset.to_le_bytes());
    bmp.extend_from_slice(dib);
    bmp
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};

    fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn red_ink_is_as_dark_as_black_ink() {
        let mut image = RgbaImage::from_pixel(40, 20, Rgba([255, 255, 255, 255]));
        image.put_pixel(1, 1, Rgba([220, 0, 0, 255]));
        image.put_pixel(2, 1, Rgba([0, 0, 0, 255]));
        image.put_pixel(3, 1, Rgba([0, 0, 0, 0]));
        let grey = grey_and_scale(&DynamicImage::ImageRgba8(image));
        // Scaled up ×3 (40 is well under the small side): sample the centres.
        assert_eq!(grey.dimensions(), (120, 60));
        assert_eq!(grey.get_pixel(4, 4).0, [0], "red");
        assert_eq!(grey.get_pixel(7, 4).0, [0], "black");
        assert_eq!(grey.get_pixel(10, 4).0, [255], "transparent is paper");
    }

    #[test]
    fn icons_are_too_small_and_damaged_pictures_undecodable() {
        let icon = encoded(DynamicImage::ImageRgba8(RgbaImage::new(16, 16)), ImageFormat::Png);
        assert_eq!(prepare(&icon), Err(Unfit::TooSmall { width: 16, height: 16 }));
        let damaged = &encoded(DynamicImage::ImageRgba8(RgbaImage::new(100, 100)), ImageFormat::Png)[..40];
        assert!(matches!(prepare(damaged), Err(Unfit::Undecodable(_))));
    }

    #[test]
    fn a_picture_declaring_too_many_pixels_is_refused_before_decoding() {
        // A BMP header declaring 20000 × 20000 pixels, with no pixels behind it.
        let mut bmp = encoded(DynamicImage::ImageRgb8(image::RgbImage::new(30, 30)), ImageFormat::Bmp);
        bmp[18..22].copy_from_slice(&20_000i32.to_le_bytes());
        bmp[22..26].copy_from_slice(&20_000i32.to_le_bytes());
        assert_eq!(prepare(&bmp), Err(Unfit::TooLarge { width: 20_000, height: 20_000 }));
    }

    #[test]
    fn every_page_of_a_tiff_is_found_and_made_first() {
        let page = encoded(DynamicImage::ImageLuma8(GrayImage::new(30, 30)), ImageFormat::Tiff);
        assert!(matches!(pages(&page), Pages::One));
        // A second directory chained after the first: the same directory copied to the end.
        let mut two = page.clone();
        let first = u32::from_le_bytes(two[4..8].try_into().unwrap()) as usize;
        let entries = u16::from_le_bytes([two[first], two[first + 1]]) as usize;
        let link = first + 2 + 12 * entries;
        let copy = two[first..link + 4].to_vec();
        let at = two.len() as u32;
        two[link..link + 4].copy_from_slice(&at.to_le_bytes());
        two.extend_from_slice(&copy);
        let end = two.len();
        two[end - 4..].copy_from_slice(&0u32.to_le_bytes());
        let Pages::Tiff(directories) = pages(&two) else { panic!("two pages") };
        assert_eq!(directories, [first as u32, at]);
        let second = tiff_page(&two, at);
        assert_eq!(u32::from_le_bytes(second[4..8].try_into().unwrap()), at);
        assert!(prepare(&second).is_ok());
        // A chain that loops back ends there.
        two[end - 4..].copy_from_slice(&(first as u32).to_le_bytes());
        assert!(matches!(pages(&two), Pages::Tiff(d) if d.len() == 2));
        assert!(matches!(pages(b"\x89PNG"), Pages::One));
    }

    #[test]
    fn every_format_documents_carry_is_decoded() {
        let page = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(60, 30, image::Rgb([250, 250, 250])));
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Tiff, ImageFormat::Bmp, ImageFormat::Gif] {
            let bytes = encoded(page.clone(), format);
            assert!(prepare(&bytes).is_ok(), "{format:?}");
        }
    }

    #[test]
    fn a_dib_becomes_a_bmp_file_the_decoder_reads() {
        // A 2×2 24-bit bitmap: 40-byte header, rows padded to 4 bytes.
        let mut dib = Vec::new();
        for v in [40u32, 2, 2] {
            dib.extend_from_slice(&v.to_le_bytes());
        }
        dib.extend_from_slice(&1u16.to_le_bytes());
        dib.extend_from_slice(&24u16.to_le_bytes());
        dib.extend_from_slice(&[0; 24]);
        dib.extend_from_slice(&[0; 16]);
        let bmp = bmp_file(&dib);
        let image = image::load_from_memory(&bmp).unwrap();
        assert_eq!((image.width(), image.height()), (2, 2));
    }
}
