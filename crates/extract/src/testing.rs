//! Helpers shared by the readers' unit tests: building packages in memory, and running a reader
//! over the real-world corpus beside the repository.

use std::io::{Cursor, Write};

use mijian_core::{Collected, DocumentSink};
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use crate::{ExtractError, Limits};

/// CFF font programs (CID-keyed and name-keyed), the same the end-to-end tests build.
#[cfg(feature = "pdf")]
#[path = "../../../tests/common/cff.rs"]
pub(crate) mod cff;

/// A ZIP holding `entries` (name, content), byte for byte.
pub(crate) fn zip<N: AsRef<str>, D: AsRef<[u8]>>(entries: &[(N, D)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(name.as_ref(), SimpleFileOptions::default()).unwrap();
        w.write_all(data.as_ref()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A reader's entry point.
pub(crate) type Reader = fn(&[u8], &Limits, &mut dyn DocumentSink) -> Result<(), ExtractError>;

/// The folder `shared/realworld/<folder>` beside the repository (found from this crate, never
/// by a machine's absolute path). When it is absent: a loud skip on a developer's machine, and a
/// failure under CI (`CI` set), where its absence is a broken setup, not a reason to pass.
pub(crate) fn realworld_dir(folder: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld").join(folder);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "the real-world corpus {} is absent under CI", dir.display());
    eprintln!("!!!!! SKIPPED realworld {folder}: {} is absent: this test checks NOTHING !!!!!", dir.display());
    None
}

/// Runs `read` over every file of `shared/realworld/<folder>` beside the repository: none may
/// panic or fail, and each (file, text) of `expected` must be found in that file's segments.
/// Returns each file's name and what it gave, for further checks; nothing (after saying so
/// loudly) if the folder is absent, and a failure under CI then (see [`realworld_dir`]).
pub(crate) fn realworld(folder: &str, read: Reader, expected: &[(&str, &str)]) -> Vec<(String, Collected)> {
    let Some(dir) = realworld_dir(folder) else { return Vec::new() };
    let entries = std::fs::read_dir(&dir).unwrap();
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let mut sink = Collected::default();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&bytes, &Limits::default(), &mut sink)))
                .unwrap_or_else(|_| panic!("{name}: panicked"));
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let all: String = sink.segments.iter().map(|s| format!("{}\n", s.text)).collect();
        eprintln!("{name}: {} segments, {} chars", sink.segments.len(), all.chars().count());
        for (file, text) in expected {
            if name == *file {
                assert!(all.contains(text), "{name}: {text} not found");
            }
        }
        out.push((name, sink));
    }
    out
}

/// A tar of (name, content) files; a name ending in `/` is a folder.
pub(crate) fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut h = tar::Header::new_gnu();
        if name.ends_with('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
        } else {
            h.set_size(data.len() as u64);
        }
        h.set_mode(0o644);
        b.append_data(&mut h, name, *data).unwrap();
    }
    b.into_inner().unwrap()
}

/// An xz stream of `data` (one block, the default preset).
pub(crate) fn xz_of(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(6)).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

/// Runs `read` over `seed` cut short at every length up to 4 KiB and over `rounds` copies with a
/// few bytes changed (a fixed pseudo-random sequence, so a failure repeats): it must never panic,
/// and `check` must hold for every successful read. A cheap stand-in for the fuzz targets in CI.
pub(crate) fn mutations(seed: &[u8], rounds: usize, read: Reader, check: impl Fn(&[u8], &Collected)) {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let run = |input: &[u8]| {
        let mut sink = Collected::default();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(input, &Limits::default(), &mut sink)));
        match outcome {
            Err(_) => panic!("panicked on input {input:?}"),
            Ok(Ok(())) => check(input, &sink),
            Ok(Err(_)) => {}
        }
    };
    for len in 0..seed.len().min(4096) {
        run(&seed[..len]);
    }
    for _ in 0..rounds {
        let mut input = seed.to_vec();
        for _ in 0..1 + next() % 4 {
            let at = (next() % input.len().max(1) as u64) as usize;
            if let Some(b) = input.get_mut(at) {
                *b = next() as u8;
            }
        }
        run(&input);
    }
}

/// A TrueType font program with no outlines, for the PDF and OFD readers' tests of what fonts
/// draw: a `cmap` (format 4, Windows Unicode) that says which
/// character each glyph is, and `maxp`. The reader never draws, so this is all it reads.
pub(crate) fn font_program(glyphs: &[(char, u16)]) -> Vec<u8> {
    let mut glyphs = glyphs.to_vec();
    glyphs.sort();
    let seg_count = glyphs.len() as u16 + 1;
    let log = 15 - seg_count.leading_zeros() as u16;
    let search = 2 << log;
    let mut sub = Vec::new();
    let push = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let length = 16 + 8 * seg_count;
    for x in [4, length, 0, seg_count * 2, search, log, seg_count * 2 - search] {
        push(&mut sub, x);
    }
    glyphs.iter().for_each(|(c, _)| push(&mut sub, *c as u16));
    push(&mut sub, 0xFFFF);
    push(&mut sub, 0);
    glyphs.iter().for_each(|(c, _)| push(&mut sub, *c as u16));
    push(&mut sub, 0xFFFF);
    glyphs.iter().for_each(|(c, g)| push(&mut sub, g.wrapping_sub(*c as u16)));
    push(&mut sub, 1);
    (0..seg_count).for_each(|_| push(&mut sub, 0));
    let mut cmap = Vec::new();
    for x in [0, 1, 3, 1, 0, 12] {
        push(&mut cmap, x);
    }
    cmap.extend_from_slice(&sub);
    let count = glyphs.iter().map(|g| g.1).max().unwrap_or(0) + 1;
    let mut maxp = 0x0000_5000u32.to_be_bytes().to_vec();
    push(&mut maxp, count);
    sfnt(&[(b"cmap", cmap), (b"maxp", maxp)])
}

/// A TrueType font file (`sfnt`) of `tables`, each a tag and its data, in the order given.
pub(crate) fn sfnt(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let push = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let mut out = Vec::new();
    for x in [1, 0, tables.len() as u16, 32, 1, 0] {
        push(&mut out, x);
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}
