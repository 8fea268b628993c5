//! The RTF reader (hand-written lexer and parser) on arbitrary bytes: text or an error, never a
//! panic or a hang. Oracle: every character it reports comes from at least one input byte, so
//! the text can never be longer (in characters) than the input. Seeds: any `.rtf` (see README).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    if extract(data, Format::Rtf, &Limits::default(), &mut sink).is_ok() {
        let chars: usize = sink.segments.iter().map(|s| s.text.chars().count()).sum();
        assert!(chars <= data.len(), "{chars} characters from {} bytes", data.len());
    }
});
