//! The DOCX reader (bounded ZIP and XML) on arbitrary bytes: text or an error, never a panic,
//! a hang or a blow-up. Seeds: ../shared/realworld/docx (see fuzz/README.md).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    let _ = extract(data, Format::Docx, &Limits::default(), &mut sink);
});
