//! Unicode from an embedded TrueType/OpenType font program, for fonts without `/ToUnicode`.
//!
//! A font with `Identity-H` encoding and no `/ToUnicode` gives glyph ids, not characters. The
//! font program often still carries its own `cmap` table (Unicode → glyph), which can be read
//! backwards: glyph → Unicode. poppler does not do this, so such files come out empty in
//! pdftotext (pdf.js issue 3405 is one). When a glyph is reachable from several code points
//! (a Kangxi radical and the unified ideograph, or a compatibility ideograph) the unified
//! ideograph wins, since that is what a person typed.
//!
//! ttf-parser reads the tables without allocating and without trusting offsets, so a broken font
//! yields `None`, never a panic.

use ttf_parser::{cmap, maxp, post, GlyphId, PlatformId, RawFace, Tag};

use super::cmap::CodeMap;
use super::encoding::glyph_name_to_char;

/// Most glyphs mapped from one font program.
const MAX_GLYPHS: usize = 100_000;

/// Glyph id → character, read from a font program's Unicode `cmap` subtables, then from its
/// `post` glyph names for glyphs the cmap does not reach.
pub(super) fn glyph_unicode(font: &[u8]) -> Option<CodeMap<char>> {
    let raw = RawFace::parse(font, 0).ok()?;
    let mut map: CodeMap<char> = CodeMap::default();
    if let Some(table) = raw.table(Tag::from_bytes(b"cmap")).and_then(cmap::Table::parse) {
        for sub in table.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                if map.len() >= MAX_GLYPHS {
                    return;
                }
                let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) else {
                    return;
                };
                map.entry(u32::from(g.0))
                    .and_modify(|old| {
                        if preference(c) > preference(*old) {
                            *old = c;
                        }
                    })
                    .or_insert(c);
            });
        }
    }
    let glyphs =
        raw.table(Tag::from_bytes(b"maxp")).and_then(maxp::Table::parse).map_or(0, |m| m.number_of_glyphs.get());
    if let Some(table) = raw.table(Tag::from_bytes(b"post")).and_then(post::Table::parse) {
        for g in 0..glyphs.min(MAX_GLYPHS as u16) {
            if let Some(c) = table.glyph_name(GlyphId(g)).and_then(glyph_name_to_char) {
                map.entry(u32::from(g)).or_insert(c);
            }
        }
    }
    (!map.is_empty()).then_some(map)
}

/// Glyph id → every character the font program gives it: the code points of its Unicode `cmap`
/// subtables that reach it, then its `post` glyph name's character. A `/ToUnicode` that names
/// any of them agrees with the font; one that names none says something other than the glyph
/// draws (see `Font::drawn` in `font.rs`).
pub(super) fn glyph_chars(font: &[u8]) -> Option<CodeMap<Vec<char>>> {
    let raw = RawFace::parse(font, 0).ok()?;
    let mut map: CodeMap<Vec<char>> = CodeMap::default();
    let mut entries = 0usize;
    let mut add = |map: &mut CodeMap<Vec<char>>, g: u32, c: char| {
        if entries >= MAX_GLYPHS {
            return;
        }
        let chars = map.entry(g).or_default();
        if !chars.contains(&c) {
            chars.push(c);
            entries += 1;
        }
    };
    if let Some(table) = raw.table(Tag::from_bytes(b"cmap")).and_then(cmap::Table::parse) {
        for sub in table.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                    add(&mut map, u32::from(g.0), c);
                }
            });
        }
    }
    let glyphs =
        raw.table(Tag::from_bytes(b"maxp")).and_then(maxp::Table::parse).map_or(0, |m| m.number_of_glyphs.get());
    if let Some(table) = raw.table(Tag::from_bytes(b"post")).and_then(post::Table::parse) {
        for g in 0..glyphs.min(MAX_GLYPHS as u16) {
            if let Some(c) = table.glyph_name(GlyphId(g)).and_then(glyph_name_to_char) {
                add(&mut map, u32::from(g), c);
            }
        }
    }
    for chars in map.values_mut() {
        // The character a person typed first (see `preference`); stable among equals.
        chars.sort_by_key(|c| std::cmp::Reverse(preference(*c)));
    }
    (!map.is_empty()).then_some(map)
}

/// For a simple TrueType font without `/ToUnicode`: code (0–255) → glyph id, by the font's
/// symbolic (3,0) or Macintosh (1,0) subtable, as PDF 32000 §9.6.6.4 prescribes.
pub(super) fn simple_code_glyphs(font: &[u8]) -> Option<[u16; 256]> {
    let raw = RawFace::parse(font, 0).ok()?;
    let table = raw.table(Tag::from_bytes(b"cmap")).and_then(cmap::Table::parse)?;
    let mut out = [0u16; 256];
    let mut found = false;
    for sub in table.subtables {
        let symbolic = sub.platform_id == PlatformId::Windows && sub.encoding_id == 0;
        let mac = sub.platform_id == PlatformId::Macintosh && sub.encoding_id == 0;
        if !symbolic && !mac {
            continue;
        }
        for code in 0..256u32 {
            if out[code as usize] != 0 {
                continue;
            }
            let g = if symbolic {
                sub.glyph_index(0xF000 + code).or_else(|| sub.glyph_index(code))
            } else {
                sub.glyph_index(code)
            };
            if let Some(GlyphId(g)) = g {
                out[code as usize] = g;
                found = true;
            }
        }
    }
    found.then_some(out)
}

/// Which of several code points for one glyph to report: unified ideographs over radicals and
/// compatibility forms, then anything printable over private use.
fn preference(c: char) -> u8 {
    match c as u32 {
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x3FFFF => 4,
        0xE000..=0xF8FF | 0xF0000.. => 0,
        0x2E80..=0x2FDF | 0xF900..=0xFAFF => 1,
        _ => 3,
    }
}
