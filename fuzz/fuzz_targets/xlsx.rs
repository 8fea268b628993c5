//! The XLSX reader (bounded ZIP and XML, shared strings, sheets, comments, charts) on arbitrary
//! bytes: text or an error, never a panic, a hang or a blow-up. Oracles: the members handed back
//! are within the limits (count, each part, the total), and every note of a part left unread says
//! why.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let mut sink = Collected::default();
    if extract(data, Format::Xlsx, &limits, &mut sink).is_ok() {
        assert!(sink.members.len() as u64 <= limits.max_members);
        let total: u64 = sink.members.iter().map(|m| m.1.len() as u64).sum();
        assert!(total <= limits.max_decompressed_bytes);
        assert!(sink.members.iter().all(|m| m.1.len() as u64 <= limits.max_part_bytes));
        // Every part left unread says why; whether that needs a person is the reason's policy.
        for note in &sink.coverage {
            if let Some(reason) = &note.reason {
                assert!(!reason.to_string().is_empty());
                assert_eq!(note.needs_review, reason.needs_review());
            }
        }
    }
});
