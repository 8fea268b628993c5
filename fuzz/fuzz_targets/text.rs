//! Text decoding (`Format::Text`: UTF-8, UTF-16 with or without a BOM, GB18030/GBK, Big5) on
//! arbitrary bytes: text or an error, never a panic. Oracles, in two parts because a text file is
//! read twice where it holds a Markdown pipe table (along its rows and down its columns, located at
//! a `field`; see `crates/extract/src/pipe_tables.rs`):
//! - the decoded text (the segments without a `field`) is never longer in characters than the
//!   input in bytes: every character comes from at least one byte (for inputs up to two chunks,
//!   [`TEXT_CHUNK`]; longer ones are cut into chunks that may overlap by a line, by design);
//! - the table readings are at most twice the decoded text plus one character per table: a row's
//!   reading puts a tab where a pipe was and its own line end where the line's was (one more at
//!   the end of the file), and a column run holds each of its cells once, without separators;
//! - the lines read again with their backslash escapes decoded (part `text (escapes decoded)`,
//!   `crates/extract/src/escapes.rs`) are at most the decoded text: an escape decodes to fewer
//!   characters than it is written with, and only lines of the text are read again;
//! - the quoted strings of lines of code read as their values (part `text (string values)`,
//!   `crates/extract/src/string_values.rs`) are at most the decoded text: each is a piece of one
//!   line, its escapes decoded. A value holding markup is also read as an HTML page (parts
//!   `text line …(HTML)`), which the `html` target checks; it is left out here.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits, TEXT_CHUNK};

fuzz_target!(|data: &[u8]| {
    let mut sink = Collected::default();
    if extract(data, Format::Text, &Limits::default(), &mut sink).is_ok() {
        let (mut decoded, mut tables, mut table_ids) = (0usize, 0usize, std::collections::BTreeSet::new());
        let (mut escaped, mut values) = (0usize, 0usize);
        for s in &sink.segments {
            let chars = s.text.chars().count();
            match &s.location.field {
                _ if s.location.part.starts_with("text line ") => {}
                _ if s.location.part == "text (string values)" => values += chars,
                None if s.location.part == "text (escapes decoded)" => escaped += chars,
                None => decoded += chars,
                Some(field) => {
                    tables += chars;
                    table_ids.insert(field.split(',').next().unwrap_or_default().to_owned());
                }
            }
        }
        if data.len() <= 2 * TEXT_CHUNK {
            assert!(decoded <= data.len(), "{decoded} characters decoded from {} bytes", data.len());
        }
        assert!(escaped <= decoded, "{escaped} characters read with escapes decoded of {decoded} decoded");
        assert!(values <= decoded, "{values} characters read as string values of {decoded} decoded");
        let bound = 2 * decoded + table_ids.len();
        assert!(tables <= bound, "{tables} characters in {} table readings of {decoded} decoded", table_ids.len());
    }
});
