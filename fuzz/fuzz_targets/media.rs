//! The audio and video properties reader (`Format::Media`: ID3v2 and ID3v1, MP4/MOV boxes, FLAC
//! and Ogg Vorbis comments, RIFF INFO/bext/strn, and the cover pictures' own properties) on
//! arbitrary bytes: text or an error, never a panic or a hang. Oracles:
//! - no more text out than bytes in: the characters of every segment plus the bytes of every
//!   member (ID3 `GEOB` objects) are at most the input's bytes plus what was inflated (ID3's zlib
//!   frames, a cover's PNG `zTXt`, all charged to the file's budget), plus the ID3v1 tail (128
//!   bytes, 355 with `TAG+`), which may also lie inside the ID3v2 tag of a file that is all tag
//!   and is then read twice: every decoding here (8-bit, GB18030, UTF-16, UTF-8) makes at most one
//!   character of each byte, and a string's terminator at most one line break. The ZIP archives
//!   found anywhere in the file (`polyglot.rs`, members named `(ZIP archive at bytes A-B)`, the
//!   very bytes A to B) are another reading of the same bytes, by design, and not counted;
//! - never pass: a file read without error is always noted as audio or video not inspected
//!   (`Unread::AudioVideo`, which needs review).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::{Collected, Unread};
use mijian_extract::{extract, Format, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default().for_file(data.len() as u64);
    let mut sink = Collected::default();
    if extract(data, Format::Media, &limits, &mut sink).is_ok() {
        let inflated = (limits.decompressed_cap() - limits.decompressed_left()) as usize;
        let tail = |at: usize, tag: &[u8]| data.len().checked_sub(at).is_some_and(|i| data[i..].starts_with(tag));
        let v1 = if tail(128, b"TAG") { 128 + if tail(128 + 227, b"TAG+") { 227 } else { 0 } } else { 0 };
        let chars: usize = sink.segments.iter().map(|s| s.text.chars().count()).sum();
        // A ZIP archive anywhere in the file is also a member of its own (`polyglot.rs`: a ZIP
        // hidden in an MP3 is inspected as what `unzip` sees), named by the bytes it is: another
        // reading of bytes the media reader reads too, so not counted here.
        let polyglot = |name: &str, bytes: &[u8]| {
            let span = name.strip_prefix("(ZIP archive at bytes ").and_then(|s| s.strip_suffix(')'));
            let span = span.and_then(|s| s.split_once('-')).and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
            span.is_some_and(|(a, b): (usize, usize)| data.get(a..b) == Some(bytes))
        };
        let members: usize = sink.members.iter().filter(|(n, b)| !polyglot(n, b)).map(|(_, b)| b.len()).sum();
        let bound = data.len() + inflated + v1;
        if chars + members > bound {
            let fields: Vec<_> =
                sink.segments.iter().map(|s| (s.location.field.clone(), s.text.chars().count())).collect();
            let objects: Vec<_> = sink.members.iter().map(|(n, b)| (n.clone(), b.len())).collect();
            panic!(
                "{chars} characters and {members} member bytes from {} bytes ({inflated} inflated, ID3v1 {v1}): \
                 fields {fields:?}, members {objects:?}",
                data.len()
            );
        }
        assert!(
            sink.coverage.iter().any(|n| n.part == "(file)" && n.reason == Some(Unread::AudioVideo) && n.needs_review),
            "no note that the sound or picture was not inspected"
        );
    }
});
