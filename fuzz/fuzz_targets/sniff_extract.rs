//! The whole path a file takes through the extraction crate: sniff the format from the bytes,
//! then run that format's reader. Seeds: every folder of ../shared/realworld (see fuzz/README.md).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, sniff, Limits};

fuzz_target!(|data: &[u8]| {
    let format = sniff(data);
    let mut sink = Collected::default();
    let _ = extract(data, format, &Limits::default(), &mut sink);
});
