//! The generic XML reader (lines from the element tree, the plain-text fallback) on arbitrary
//! bytes: text or an error, never a panic, a hang or a blow-up. Seeds: XML documents.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    let _ = extract(data, Format::Xml, &Limits::default(), &mut sink);
});
