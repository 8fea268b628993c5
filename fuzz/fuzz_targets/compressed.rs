//! The gzip, bzip2, xz and Zstandard readers (and the xz dictionary check) on arbitrary bytes;
//! the first byte picks the codec, the rest is the stream. Members or an error, never a panic or
//! a blow-up. Oracle: what comes out is within the ratio limit (above its 1 MiB floor).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, stream)) = data.split_first() else { return };
    let format = [Format::Gzip, Format::Bzip2, Format::Xz, Format::Zstd][usize::from(pick % 4)];
    let limits = Limits::default();
    let mut sink = Collected::default();
    if extract(stream, format, &limits, &mut sink).is_ok() {
        let total: u64 = sink.members.iter().map(|m| m.1.len() as u64).sum();
        assert!(total <= (stream.len() as u64 * limits.max_ratio).max(1 << 20));
    }
});
