//! The 7z reader (sevenz-rust2 behind our header checks) on arbitrary bytes: members or an
//! error, never a panic, an abort or a blow-up. Oracle: the members are within the limits.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let mut sink = Collected::default();
    if extract(data, Format::SevenZ, &limits, &mut sink).is_ok() {
        let total: u64 = sink.members.iter().map(|m| m.1.len() as u64).sum();
        assert!(total <= limits.max_decompressed_bytes);
    }
});
