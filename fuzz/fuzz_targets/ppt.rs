//! The PPT reader (record tree, persist directory, slide lists, shapes) on arbitrary bytes: text or an error, never a panic, a hang or a blow-up.
//!
//! An input that is a compound file (seeds: tests/fixtures/ole) is read as a file; any other
//! input becomes the `PowerPoint Document` stream of a fresh compound file, so that mutations reach
//! the stream parser instead of dying in the compound-file layer.
#![no_main]
#![forbid(unsafe_code)]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    let file = if data.starts_with(&OLE_MAGIC) { data.to_vec() } else { wrap(data) };
    let mut sink = Collected::default();
    let _ = extract(&file, Format::Ole, &Limits::default(), &mut sink);
});

fn wrap(stream: &[u8]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    cf.create_stream("/PowerPoint Document").unwrap().write_all(stream).unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}
