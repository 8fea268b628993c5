//! The readers of embedded font programs (`crates/extract/src/font_program*`: a TrueType or
//! OpenType font's `cmap` and `post` tables, a CFF font's charset, `ROS` and encoding, CID-keyed
//! and name-keyed, a Type 1 program's `/Encoding`), which the PDF and OFD readers reach only
//! through a font embedded in a document. The bytes are the font program itself: every reader
//! runs on them (`mijian_extract::fuzzing::read_font_program`).
//!
//! Oracles: no panic; every glyph id and CID is a 16-bit number; no reading lists a character
//! twice for one glyph or gives a glyph an empty list; codes of an encoding come once each; the
//! `cmap` walk visits at most `max_code_points_walked` code points (64 per input byte, at least
//! 4,096, at most all of Unicode twice), and glyph maps stay within
//! 65,536 glyphs (character lists within 100,000 entries, the readers' cap); the one character
//! `glyph_unicode` gives a glyph is among those `glyph_chars` gives it (when that map is under its
//! cap). Cost per input byte is bounded by the `cmap` walk's cap and the CFF and `post` readers'
//! single passes; `-timeout` catches what is not.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_extract::fuzzing::{max_code_points_walked, read_font_program};

/// The readers' cap on the characters of one font (`MAX_GLYPHS` in `font_program.rs`).
const MAX_ENTRIES: usize = 100_000;

fn check_lists<K: Copy + Into<u32>>(what: &str, lists: &[(K, Vec<char>)]) {
    assert!(lists.len() <= 65_536, "{what}: {} glyphs", lists.len());
    for (key, chars) in lists {
        let key: u32 = (*key).into();
        assert!(key <= 0xFFFF, "{what}: glyph or CID {key}");
        assert!(!chars.is_empty(), "{what}: glyph {key} with no character");
        for (i, c) in chars.iter().enumerate() {
            assert!(!chars[..i].contains(c), "{what}: glyph {key} lists {c:?} twice");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let r = read_font_program(data);
    let cap = max_code_points_walked(data.len());
    assert!(r.code_points_walked <= cap, "cmap walk of {} code points, {} bytes", r.code_points_walked, data.len());
    assert!(r.glyph_unicode.len() <= 65_536);
    assert!(r.glyph_unicode.iter().all(|(g, _)| *g <= 0xFFFF));
    check_lists("glyph_chars", &r.glyph_chars);
    check_lists("cid_font_chars", &r.cid_font_chars);
    check_lists("read_program", &r.program_of_glyph);
    let entries: usize = r.glyph_chars.iter().map(|(_, c)| c.len()).sum();
    assert!(entries <= MAX_ENTRIES, "glyph_chars: {entries} characters");
    assert!(r.program_glyph_of.len() <= MAX_ENTRIES);
    if entries < MAX_ENTRIES {
        for (g, c) in &r.glyph_unicode {
            let all = r.glyph_chars.binary_search_by_key(g, |(k, _)| *k).map(|i| &r.glyph_chars[i].1);
            assert!(all.is_ok_and(|all| all.contains(c)), "glyph {g}: {c:?} in glyph_unicode, not in glyph_chars");
        }
    }
    assert!(r.builtin_chars.len() <= 256);
    for (i, (code, chars)) in r.builtin_chars.iter().enumerate() {
        assert!(!chars.is_empty(), "code {code} with no character");
        assert!(r.builtin_chars[..i].iter().all(|(k, _)| k != code), "code {code} twice");
    }
    assert!(r.simple_code_glyphs.as_ref().is_none_or(|codes| codes.len() == 256));
    assert!(!(r.program_not_a_font && !r.glyph_unicode.is_empty()), "a font to glyph_unicode, none to read_program");
});
