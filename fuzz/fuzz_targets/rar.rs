//! The RAR header walker on arbitrary bytes behind a RAR 4 or RAR 5 signature: names, stored
//! members or an error, never a panic. Oracle: every member handed back is a slice of the input.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let mut bytes = if which & 1 == 0 { b"Rar!\x1A\x07\x00".to_vec() } else { b"Rar!\x1A\x07\x01\x00".to_vec() };
    bytes.extend_from_slice(rest);
    let mut sink = Collected::default();
    if extract(&bytes, Format::Rar, &Limits::default(), &mut sink).is_ok() {
        for (_, member) in &sink.members {
            assert!(member.len() <= rest.len());
        }
    }
});
