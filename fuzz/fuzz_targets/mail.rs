//! The EML/MHT reader (mail-parser's MIME, our choice of parts, the HTML reader on bodies) on arbitrary
//! bytes: text or an error, never a panic, a hang or a blow-up. Seeds: e-mail messages and web archives.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    let _ = extract(data, Format::Eml, &Limits::default(), &mut sink);
});
