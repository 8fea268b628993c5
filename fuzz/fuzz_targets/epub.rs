//! The EPUB reader (container, OPF, spine through the HTML reader) on arbitrary
//! bytes: text or an error, never a panic, a hang or a blow-up. Seeds: EPUB books.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    let _ = extract(data, Format::Epub, &Limits::default(), &mut sink);
});
