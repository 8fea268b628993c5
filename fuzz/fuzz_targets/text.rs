//! Text decoding (`Format::Text`: UTF-8, UTF-16 with a BOM, GB18030/GBK, Big5) on arbitrary
//! bytes: text or an error, never a panic. Oracle: every character comes from at least one input
//! byte, so the text is never longer (in characters) than the input.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    if extract(data, Format::Text, &Limits::default(), &mut sink).is_ok() {
        let chars: usize = sink.segments.iter().map(|s| s.text.chars().count()).sum();
        assert!(chars <= data.len(), "{chars} characters from {} bytes", data.len());
    }
});
