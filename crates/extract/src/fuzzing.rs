//! Raw interfaces for the fuzz targets in `fuzz/fuzz_targets/` that reach code no file format
//! reaches alone. Not an interface for applications; it may change with the readers.

use crate::font_program;

/// What each reader of embedded font programs (`font_program`, for the PDF and OFD readers)
/// makes of one program, as plain data sorted by key, for the `font_program` target's oracles.
#[derive(Debug, Default)]
pub struct FontReadings {
    /// Glyph id → the one character of a TrueType/OpenType font's `cmap` and `post` tables.
    pub glyph_unicode: Vec<(u32, char)>,
    /// Glyph id → every character those tables give it, the one a person typed first.
    pub glyph_chars: Vec<(u32, Vec<char>)>,
    /// What the OFD reader reads: glyph id → characters (with CFF glyph names), and character → glyph.
    pub program_of_glyph: Vec<(u32, Vec<char>)>,
    pub program_glyph_of: Vec<(char, u16)>,
    /// Whether the OFD reader took the bytes for no font program at all.
    pub program_not_a_font: bool,
    /// CID → characters, for a CID font with CFF outlines (or a TrueType one).
    pub cid_font_chars: Vec<(u32, Vec<char>)>,
    /// Code → characters by the program's own encoding (Type 1, CFF).
    pub builtin_chars: Vec<(u8, Vec<char>)>,
    /// Code → glyph by a simple TrueType font's symbolic or Macintosh `cmap` subtable.
    pub simple_code_glyphs: Option<Vec<u16>>,
    /// Code points the `cmap` walk visited (the program as a TrueType font, or nothing).
    pub code_points_walked: usize,
}

/// Most code points one walk of the `cmap` of a font program of `font_bytes` bytes visits: 64
/// per byte, at least 4,096, at most all of Unicode twice.
pub fn max_code_points_walked(font_bytes: usize) -> usize {
    font_program::walk_cap(font_bytes)
}

/// Every font-program reader on `font`, each once.
pub fn read_font_program(font: &[u8]) -> FontReadings {
    fn sorted<K: Ord + Copy, V>(map: impl IntoIterator<Item = (K, V)>) -> Vec<(K, V)> {
        let mut v: Vec<(K, V)> = map.into_iter().collect();
        v.sort_by_key(|(k, _)| *k);
        v
    }
    let mut out = FontReadings {
        glyph_unicode: sorted(font_program::glyph_unicode(font).unwrap_or_default()),
        glyph_chars: sorted(font_program::glyph_chars(font).unwrap_or_default()),
        cid_font_chars: sorted(font_program::cid_font_chars(font).unwrap_or_default()),
        builtin_chars: font_program::builtin_chars(font).unwrap_or_default(),
        simple_code_glyphs: font_program::simple_code_glyphs(font).map(|codes| codes.to_vec()),
        code_points_walked: font_program::code_points_walked(font),
        ..FontReadings::default()
    };
    match font_program::read_program(font) {
        font_program::Program::Glyphs(g) => {
            out.program_of_glyph = sorted(g.of_glyph);
            out.program_glyph_of = sorted(g.glyph_of);
        }
        font_program::Program::Silent => {}
        font_program::Program::NotAFont => out.program_not_a_font = true,
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{cff, font_program};

    #[test]
    fn every_reader_runs_on_the_program() {
        let r = read_font_program(&font_program(&[('机', 1), ('密', 2)]));
        assert_eq!(r.glyph_unicode, vec![(1, '机'), (2, '密')]);
        assert_eq!(r.program_glyph_of, vec![('密', 2), ('机', 1)]);
        assert_eq!(r.code_points_walked, 2);
        let r = read_font_program(&cff::cid_keyed("GB1", &[2063]));
        assert_eq!((r.cid_font_chars, r.code_points_walked), (vec![(2063, vec!['机'])], 0));
        assert!(read_font_program(b"no font").program_not_a_font);
    }
}
