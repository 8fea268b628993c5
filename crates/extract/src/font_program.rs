//! What an embedded font program says its glyphs are: Unicode from a TrueType/OpenType font's
//! `cmap` and `post` tables, a CFF font's glyph names or (CID-keyed) CIDs, and a Type 1 or CFF
//! font's own encoding, for the PDF and OFD readers.
//!
//! In PDF, a font with `Identity-H` encoding and no `/ToUnicode` gives glyph ids, not characters. The
//! font program often still carries its own `cmap` table (Unicode → glyph), which can be read
//! backwards: glyph → Unicode. poppler does not do this, so such files come out empty in
//! pdftotext (pdf.js issue 3405 is one). When a glyph is reachable from several code points
//! (a Kangxi radical and the unified ideograph, or a compatibility ideograph) the unified
//! ideograph wins, since that is what a person typed.
//!
//! ttf-parser reads the tables without allocating and without trusting offsets, so a broken font
//! yields `None`, never a panic.

mod cid_keyed;
mod tables;
mod type1;

use std::collections::{HashMap, HashSet};

use ttf_parser::{cff, cmap, maxp, GlyphId, PlatformId, RawFace, Tag};

use crate::pdf::cid_unicode::Collection;
use crate::pdf::cmap::CodeMap;
use crate::pdf::encoding::glyph_name_to_char;

/// Most glyphs mapped from one font program.
const MAX_GLYPHS: usize = 100_000;

/// Most code points one walk of the Unicode `cmap` subtables of a font program of `font_bytes`
/// bytes visits: 64 per byte, at least 4,096, at most all of Unicode twice.
pub(crate) fn walk_cap(font_bytes: usize) -> usize {
    tables::walk_cap(font_bytes)
}

/// How many code points the walk of the Unicode `cmap` subtables of `font` (a TrueType or
/// OpenType font) visits: at most [`walk_cap`]. For the fuzz target's oracle.
pub(crate) fn code_points_walked(font: &[u8]) -> usize {
    let Ok(raw) = RawFace::parse(font, 0) else { return 0 };
    raw.table(Tag::from_bytes(b"cmap"))
        .map_or(0, |cmap| tables::for_each_unicode_glyph(cmap, walk_cap(font.len()), |_, _| {}))
}

/// Glyph id → character, read from a font program's Unicode `cmap` subtables, then from its
/// `post` glyph names for glyphs the cmap does not reach.
pub(crate) fn glyph_unicode(font: &[u8]) -> Option<CodeMap<char>> {
    let raw = RawFace::parse(font, 0).ok()?;
    let mut map: CodeMap<char> = CodeMap::default();
    if let Some(cmap) = raw.table(Tag::from_bytes(b"cmap")) {
        tables::for_each_unicode_glyph(cmap, walk_cap(font.len()), |c, g| {
            map.entry(u32::from(g.0))
                .and_modify(|old| {
                    if preference(c) > preference(*old) {
                        *old = c;
                    }
                })
                .or_insert(c);
        });
    }
    if let Some(post) = raw.table(Tag::from_bytes(b"post")) {
        tables::for_each_post_name(post, glyph_count(&raw), |g, name| {
            if let Some(c) = glyph_name_to_char(name) {
                map.entry(u32::from(g)).or_insert(c);
            }
        });
    }
    (!map.is_empty()).then_some(map)
}

/// Glyph id → every character the font program gives it: the code points of its Unicode `cmap`
/// subtables that reach it, then its `post` glyph name's character. A `/ToUnicode` that names
/// any of them agrees with the font; one that names none says something other than the glyph
/// draws (see `Font::drawn` in `font.rs`).
pub(crate) fn glyph_chars(font: &[u8]) -> Option<CodeMap<Vec<char>>> {
    let raw = RawFace::parse(font, 0).ok()?;
    let mut map: CodeMap<Vec<char>> = CodeMap::default();
    // Each (glyph, character) once. A glyph's list is short in a real font (one to three
    // characters) and searched; a many-to-one range (cmap format 13) gives one glyph up to the
    // cap's 100,000, and a search of that list for each was the square of it (a 168-byte font
    // ran past the fuzzer's 10 s): past `SHORT` a glyph's characters are looked up in a set.
    const SHORT: usize = 16;
    let mut entries = 0usize;
    let mut long: HashSet<(u32, char)> = HashSet::new();
    let mut add = |map: &mut CodeMap<Vec<char>>, g: u32, c: char| {
        if entries >= MAX_GLYPHS {
            return;
        }
        let chars = map.entry(g).or_default();
        let new = match chars.len() {
            n if n < SHORT => !chars.contains(&c),
            SHORT => {
                long.extend(chars.iter().map(|&k| (g, k)));
                long.insert((g, c))
            }
            _ => long.insert((g, c)),
        };
        if new {
            chars.push(c);
            entries += 1;
        }
    };
    if let Some(cmap) = raw.table(Tag::from_bytes(b"cmap")) {
        tables::for_each_unicode_glyph(cmap, walk_cap(font.len()), |c, g| add(&mut map, u32::from(g.0), c));
    }
    if let Some(post) = raw.table(Tag::from_bytes(b"post")) {
        tables::for_each_post_name(post, glyph_count(&raw), |g, name| {
            if let Some(c) = glyph_name_to_char(name) {
                add(&mut map, u32::from(g), c);
            }
        });
    }
    for chars in map.values_mut() {
        // The character a person typed first (see `preference`); stable among equals.
        chars.sort_by_key(|c| std::cmp::Reverse(preference(*c)));
    }
    (!map.is_empty()).then_some(map)
}

/// What a font program says of its glyphs, for a reader that places characters or glyph ids
/// with a font (OFD): see [`read_program`].
pub(crate) enum Program {
    /// A font that says which characters (some of) its glyphs are.
    Glyphs(GlyphCharacters),
    /// A font (TrueType, OpenType, CFF, Type 1) that says nothing of its glyphs' characters: no
    /// Unicode `cmap`, no glyph names that name characters. Subset fonts written for OFD's glyph
    /// transforms are mostly so.
    Silent,
    /// Bytes that are no font program mijian knows: a viewer cannot draw from them either.
    NotAFont,
}

/// Both directions between characters and glyphs of one font program.
#[derive(Default)]
pub(crate) struct GlyphCharacters {
    /// Glyph id → every character the font gives it, the one a person typed first (see
    /// [`glyph_chars`]).
    pub(crate) of_glyph: CodeMap<Vec<char>>,
    /// Character → the glyph its Unicode `cmap` draws it with: what a viewer draws.
    pub(crate) glyph_of: HashMap<char, u16>,
}

/// Reads what the font program `font` says of its glyphs: a TrueType/OpenType font (or the
/// first of a collection) by its Unicode `cmap`, its `post` names and the glyph names of its
/// `CFF ` table; a bare CFF font by its glyph names.
pub(crate) fn read_program(font: &[u8]) -> Program {
    let mut out = GlyphCharacters::default();
    if let Ok(raw) = RawFace::parse(font, 0) {
        out.of_glyph = glyph_chars(font).unwrap_or_default();
        if let Some(cmap) = raw.table(Tag::from_bytes(b"cmap")) {
            tables::for_each_unicode_glyph(cmap, walk_cap(font.len()), |c, g| {
                if out.glyph_of.len() < MAX_GLYPHS {
                    out.glyph_of.entry(c).or_insert(g.0);
                }
            });
        }
        if let Some(data) = raw.table(Tag::from_bytes(b"CFF ")) {
            if let Some(table) = cff::Table::parse(data) {
                cff_names(data, &table, &mut out.of_glyph);
            }
        }
    } else if let Some(table) = cff::Table::parse(font) {
        cff_names(font, &table, &mut out.of_glyph);
    } else if !(font.starts_with(b"%!") || font.starts_with(&[0x80, 0x01])) {
        return Program::NotAFont;
    }
    if out.of_glyph.is_empty() && out.glyph_of.is_empty() {
        Program::Silent
    } else {
        Program::Glyphs(out)
    }
}

/// Most glyphs whose name is looked up through ttf-parser, which walks a charset's ranges
/// from the start for each glyph.
const MAX_NAME_LOOKUPS: usize = 4096;

/// Adds the characters the glyph names of the CFF font `data` (parsed: `table`) stand for to
/// `map`. The charset is walked once ([`cid_keyed::glyph_names`]); only standard names (Latin
/// letters, digits), and the glyphs of a charset that walk cannot read, are looked up one by one,
/// at most [`MAX_NAME_LOOKUPS`].
fn cff_names(data: &[u8], table: &cff::Table<'_>, map: &mut CodeMap<Vec<char>>) {
    let mut add = |g: u16, name: Option<&str>| {
        if let Some(c) = name.and_then(glyph_name_to_char) {
            let chars = map.entry(u32::from(g)).or_default();
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
    };
    let glyphs = table.number_of_glyphs().min(MAX_GLYPHS as u16);
    match cid_keyed::glyph_names(data) {
        Some(names) => {
            let mut lookups = 0;
            for (g, name) in (0..glyphs).zip(names) {
                match name {
                    Ok(name) => add(g, Some(name)),
                    Err(0) => {}
                    Err(_) if lookups < MAX_NAME_LOOKUPS => {
                        lookups += 1;
                        add(g, table.glyph_name(GlyphId(g)));
                    }
                    Err(_) => {}
                }
            }
        }
        None => (0..glyphs.min(MAX_NAME_LOOKUPS as u16)).for_each(|g| add(g, table.glyph_name(GlyphId(g)))),
    }
}

/// CID → every character the program of a CID font with CFF outlines (`/FontFile3`: a bare
/// CFF font, `/CIDFontType0C`, or an OpenType font) says the glyph of that CID is, the one a
/// person typed first. A CID-keyed font's charset gives each glyph its CID, and the character
/// collection of its `ROS` (Adobe-GB1…) that CID's character, beside what an OpenType font's
/// `cmap` says of the glyph; a name-keyed font's glyphs are addressed by CID as glyph id (PDF
/// 32000 §9.7.4.2) and read by their names and `cmap`. A font of the `Identity` ordering whose
/// glyphs no `cmap` names says nothing.
pub(crate) fn cid_font_chars(font: &[u8]) -> Option<CodeMap<Vec<char>>> {
    let (cff_data, mut of_glyph) = match RawFace::parse(font, 0) {
        Ok(raw) => match raw.table(Tag::from_bytes(b"CFF ")) {
            Some(data) => (data, glyph_chars(font).unwrap_or_default()),
            // TrueType outlines: glyph ids, as for `/FontFile2`.
            None => return glyph_chars(font),
        },
        Err(_) => (font, CodeMap::default()),
    };
    let Some(font) = cid_keyed::read(cff_data) else {
        cff_names(cff_data, &cff::Table::parse(cff_data)?, &mut of_glyph);
        of_glyph.values_mut().for_each(|chars| chars.sort_by_key(|c| std::cmp::Reverse(preference(*c))));
        return (!of_glyph.is_empty()).then_some(of_glyph);
    };
    let collection = Collection::from_ordering(font.ordering);
    let mut out: CodeMap<Vec<char>> = CodeMap::default();
    for (gid, &cid) in font.cids.iter().enumerate().skip(1) {
        let mut chars = of_glyph.remove(&(gid as u32)).unwrap_or_default();
        if let Some(c) = collection.and_then(|c| c.unicode(u32::from(cid))) {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
        if !chars.is_empty() {
            chars.sort_by_key(|c| std::cmp::Reverse(preference(*c)));
            out.insert(u32::from(cid), chars);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Code → the characters of the glyph a simple font's program draws for that code by its own
/// encoding, for an embedded Type 1 or CFF font whose PDF dictionary names no base encoding
/// (PDF 32000 §9.6.5): a Type 1 program's `/Encoding` array, a CFF font's encoding and glyph
/// names (with an OpenType font's `cmap` for the glyph). `None` where the program has no
/// encoding of its own beyond the standard one, or says nothing of the glyphs.
pub(crate) fn builtin_chars(font: &[u8]) -> Option<Vec<(u8, Vec<char>)>> {
    let mut out: Vec<(u8, Vec<char>)> = Vec::new();
    if font.starts_with(b"%!") || font.starts_with(&[0x80, 0x01]) {
        for (code, name) in type1::encoding(font)? {
            if let Some(c) = glyph_name_to_char(name) {
                out.retain(|(k, _)| *k != code);
                out.push((code, vec![c]));
            }
        }
        return (!out.is_empty()).then_some(out);
    }
    let (cff_data, mut of_glyph) = match RawFace::parse(font, 0) {
        Ok(raw) => (raw.table(Tag::from_bytes(b"CFF "))?, glyph_chars(font).unwrap_or_default()),
        Err(_) => (font, CodeMap::default()),
    };
    let table = cff::Table::parse(cff_data)?;
    for code in 0..=255u8 {
        let Some(GlyphId(gid)) = table.glyph_index(code).filter(|g| g.0 != 0) else { continue };
        // At most 256 glyphs: their names one by one.
        let mut chars = of_glyph.remove(&u32::from(gid)).unwrap_or_default();
        if let Some(c) = table.glyph_name(GlyphId(gid)).and_then(glyph_name_to_char) {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
        if !chars.is_empty() {
            of_glyph.insert(u32::from(gid), chars.clone());
            chars.sort_by_key(|c| std::cmp::Reverse(preference(*c)));
            out.push((code, chars));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// For a simple TrueType font without `/ToUnicode`: code (0–255) → glyph id, by the font's
/// symbolic (3,0) or Macintosh (1,0) subtable, as PDF 32000 §9.6.6.4 prescribes.
pub(crate) fn simple_code_glyphs(font: &[u8]) -> Option<[u16; 256]> {
    let raw = RawFace::parse(font, 0).ok()?;
    let cmap = raw.table(Tag::from_bytes(b"cmap"))?;
    let mut out = [0u16; 256];
    let mut found = false;
    // Each subtable once for each way it is read: a format 13 subtable's lookup walks its groups.
    let kind = |sub: &cmap::Subtable<'_>| match (sub.platform_id, sub.encoding_id) {
        (PlatformId::Windows, 0) => Some(true),
        (PlatformId::Macintosh, 0) => Some(false),
        _ => None,
    };
    for (_, sub) in tables::distinct_subtables(cmap, kind) {
        let symbolic = kind(&sub) == Some(true);
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

/// Whether the text layer's `said` and the `drawn` characters are the same once their
/// compatibility forms are decomposed (ligatures, radicals, compatibility ideographs: NFKC) and
/// folded the way the matcher folds text (width, case, traditional forms).
pub(crate) fn same_when_folded(said: &str, drawn: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let fold = |s: &str| mijian_core::normalize_term(&s.nfkc().collect::<String>());
    fold(said) == fold(drawn)
}

/// How many glyphs the font's `maxp` table says it has (none without one).
fn glyph_count(raw: &RawFace<'_>) -> u16 {
    raw.table(Tag::from_bytes(b"maxp")).and_then(maxp::Table::parse).map_or(0, |m| m.number_of_glyphs.get())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::cff;

    #[test]
    fn a_cid_keyed_font_gives_each_cid_its_collection_s_character() {
        // Adobe-GB1 CIDs 2063 and 2785 are 机 and 密; under the Identity ordering they are nothing.
        let chars = cid_font_chars(&cff::cid_keyed("GB1", &[2063, 2785])).unwrap();
        assert_eq!((chars.get(&2063), chars.get(&2785)), (Some(&vec!['机']), Some(&vec!['密'])));
        assert!(cid_font_chars(&cff::cid_keyed("Identity", &[2063])).is_none());
        // A name-keyed font: glyph ids and their names.
        let chars = cid_font_chars(&cff::name_keyed(&["uni673A", "g7"], &[])).unwrap();
        assert_eq!((chars.get(&1), chars.get(&2)), (Some(&vec!['机']), None));
    }

    #[test]
    fn a_cff_font_s_encoding_gives_codes_their_glyph_s_character() {
        let codes = builtin_chars(&cff::name_keyed(&["uni673A", "uni5BC6"], &[65, 66])).unwrap();
        assert_eq!(codes, vec![(65, vec!['机']), (66, vec!['密'])]);
    }

    /// A `cmap` of a few hundred bytes that states every code point hundreds of times over (a
    /// format 12 group to 2^32, named by 500 records; 300 whole-plane format 4 segments) kept
    /// every reader of the font busy for hours; a `post` table of 60,000 glyphs naming its last
    /// name cost billions of steps. Each is now walked once, and the glyphs still map.
    #[test]
    fn tables_stating_more_than_they_hold_are_read_once() {
        use crate::font_program::tables::tests::{cmap, groups_subtable, post};
        use crate::testing::sfnt;
        let maxp = [0x0000_5000u32.to_be_bytes().as_slice(), &u16::MAX.to_be_bytes()].concat();
        let names: Vec<String> = (0..30_000).map(|i| format!("g{i}")).collect();
        let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
        names.push("uni5BC6");
        let cmap = cmap(&vec![(3, 10, 0); 500], &[groups_subtable(12, &[(0x673A, u32::MAX, 7)])]);
        let font = sfnt(&[(b"cmap", cmap), (b"maxp", maxp), (b"post", post(&vec![258 + 30_000; 60_000], &names))]);
        let one = glyph_unicode(&font).unwrap();
        // Glyphs 7 and on by the cmap; 0 to 6 by their `post` names only.
        assert_eq!((one.get(&7), one.get(&8), one.get(&3)), (Some(&'机'), Some(&'\u{673B}'), Some(&'密')));
        let all = glyph_chars(&font).unwrap();
        assert_eq!(all.get(&7), Some(&vec!['机', '密']));
        let Program::Glyphs(read) = read_program(&font) else { panic!("a font that names its glyphs") };
        assert_eq!((read.glyph_of.get(&'机'), read.of_glyph.get(&3)), (Some(&7), Some(&vec!['密'])));
        assert!(simple_code_glyphs(&font).is_none(), "no symbolic or Macintosh subtable");
    }

    /// The fuzz target's first timeout (session 20): a format 13 group maps a million code
    /// points to one glyph, whose list of characters was searched once for each. Read, the
    /// glyph has the walk's cap of characters (for a font this size), each once.
    #[test]
    fn a_glyph_of_a_million_code_points_is_listed_once_each() {
        use crate::font_program::tables::tests::{cmap, groups_subtable};
        use crate::testing::sfnt;
        let sub = groups_subtable(13, &[(0x2F71, 0x616D_6300, 0x2F00)]);
        let maxp = [0x0000_5000u32.to_be_bytes().as_slice(), &0x3000u16.to_be_bytes()].concat();
        let font = sfnt(&[(b"cmap", cmap(&[(0, 4, 0)], &[sub])), (b"maxp", maxp)]);
        let all = glyph_chars(&font).unwrap();
        let chars = &all[&0x2F00];
        // The walk's cap for a font of its size: no surrogates among them.
        assert_eq!(chars.len(), walk_cap(font.len()));
        assert_eq!(chars[0], '\u{3400}', "a unified ideograph first");
        assert!(chars.iter().collect::<HashSet<_>>().len() == chars.len(), "each once");
    }

    /// Font programs changed at a few bytes or cut short never make the readers panic.
    #[test]
    fn damaged_programs_are_survived() {
        let seeds = [
            cff::cid_keyed("GB1", &[2063, 2785, 174]),
            cff::name_keyed(&["uni673A", "uni5BC6"], &[1, 2]),
            b"%!FontType1-1.0: T\n/Encoding 256 array\ndup 1 /uni673A put\nreadonly def\ncurrentfile eexec".to_vec(),
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for seed in &seeds {
            for len in 0..seed.len() {
                let _ = (cid_font_chars(&seed[..len]), builtin_chars(&seed[..len]));
            }
            for _ in 0..2000 {
                let mut input = seed.clone();
                for _ in 0..3 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let at = (state % input.len() as u64) as usize;
                    input[at] = (state >> 32) as u8;
                }
                let _ = (cid_font_chars(&input), builtin_chars(&input));
            }
        }
    }
}
