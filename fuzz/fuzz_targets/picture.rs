//! A picture file without OCR (`Format::Image` with the default limits, no engine: what `mijian
//! scan` does on a machine without Tesseract) on arbitrary bytes: the picture properties reader
//! (`picture_meta`: EXIF and TIFF tags, XMP, IPTC, JPEG/GIF comments, PNG text chunks, WebP) and
//! the metafile text (EMF, WMF), text or an error, never a panic or a hang. Oracles:
//! - no more property text out than bytes in: the characters of the segments with role
//!   `Properties` are at most the input's bytes plus what was inflated (PNG `zTXt`, compressed
//!   `iTXt`, charged to the file's budget): every decoding makes at most one character of a
//!   byte (UTF-16 one of two), a NUL between strings becomes one line break;
//! - never pass: a file read without error that gave no text of its own (no segment but
//!   properties) carries a note that needs review (the pixels were not read).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::{Collected, Role};
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default().for_file(data.len() as u64);
    assert!(limits.ocr.engine().is_none(), "the default limits run no OCR engine");
    let mut sink = Collected::default();
    if extract(data, Format::Image, &limits, &mut sink).is_ok() {
        let inflated = (limits.decompressed_cap() - limits.decompressed_left()) as usize;
        let properties: usize =
            sink.segments.iter().filter(|s| s.role == Role::Properties).map(|s| s.text.chars().count()).sum();
        assert!(
            properties <= data.len() + inflated,
            "{properties} characters of properties from {} bytes ({inflated} inflated)",
            data.len()
        );
        let own_text = sink.segments.iter().any(|s| s.role != Role::Properties);
        assert!(own_text || sink.coverage.iter().any(|n| n.needs_review), "a picture read without a review note");
    }
});
