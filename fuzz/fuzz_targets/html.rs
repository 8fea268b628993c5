//! The HTML reader on arbitrary bytes: text or an error, never a panic or a hang. Oracle: the
//! text stays within three times the input's length in characters. The page's own text (each
//! character of it once: tags and entities shrink, a style sheet's `content` strings no element
//! shows are read apart once each) and the line breaks the reader adds between blocks (a block
//! costs at least one byte of markup) are at most twice the input; the CSS generated content
//! placed in elements (one rule's text given to many elements, `attr()` repeated) is bounded by
//! the reader at one character per character of the page (`Cap::CssGenerated` past it).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    if extract(data, Format::Html, &Limits::default(), &mut sink).is_ok() {
        let chars: usize = sink.segments.iter().map(|s| s.text.chars().count()).sum();
        assert!(chars <= 3 * data.len(), "{chars} characters from {} bytes", data.len());
    }
});
