//! The PDF reader on arbitrary bytes: it must return (text or an error), never panic, hang or
//! exhaust memory. Seeds: ../shared/realworld/pdf and tests/fixtures/pdf (see fuzz/README.md).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    let _ = extract(data, Format::Pdf, &Limits::default(), &mut sink);
});
