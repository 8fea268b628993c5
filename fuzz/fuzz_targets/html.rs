//! The HTML reader on arbitrary bytes: text or an error, never a panic or a hang. Oracle: the
//! text stays within twice the input's length in characters (tags and entities shrink; the reader
//! only adds line breaks between blocks, and a block costs at least one byte of markup).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    if extract(data, Format::Html, &Limits::default(), &mut sink).is_ok() {
        let chars: usize = sink.segments.iter().map(|s| s.text.chars().count()).sum();
        assert!(chars <= 2 * data.len(), "{chars} characters from {} bytes", data.len());
    }
});
