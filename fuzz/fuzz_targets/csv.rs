//! The CSV/TSV reader (RFC 4180 records, delimiter detection) on arbitrary
//! bytes: text or an error, never a panic, a hang or a blow-up. Seeds: CSV and TSV files.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    let _ = extract(data, Format::Csv, &Limits::default(), &mut sink);
});
