//! Whether the normalisation of a text holds a CJK word, without normalising the text.
//!
//! A rule that only needs to know whether a rare word (`保密期限`) is there would otherwise
//! normalise a whole segment for nothing. Each original character that folds to the word's last
//! character is looked at, and the characters before it are read backwards the way the normaliser
//! reads them forwards: invisible characters vanish, a run of whitespace and fillers between two
//! CJK characters is skipped unless it holds a paragraph break (two line breaks) or is an asterisk
//! after 密 (the star of a mark, kept). So the answer is exact, not a guess.

use super::fold::{CharClass, Folder};
use super::marks_table::{STARS, VARIANTS};
use super::t2s_table::T2S;
use crate::needle::Needle;
use memchr::memmem::Finder;

/// A word of CJK characters, and searchers for every character that folds to its last one.
pub(crate) struct FoldedWord {
    word: Vec<char>,
    last: Vec<Finder<'static>>,
}

impl FoldedWord {
    /// `word` must be CJK characters, in their folded form (as [`super::normalize_term`] gives).
    pub(crate) fn new(word: &str) -> Self {
        let word: Vec<char> = word.chars().collect();
        debug_assert!(word.iter().all(|&c| super::is_cjk(c)), "{word:?} is not all CJK");
        let last = word.last().map_or_else(Vec::new, |&c| sources_of(c));
        let last = last.iter().map(|c| Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned()).collect();
        FoldedWord { word, last }
    }

    /// Whether `normalize(original)` holds the word; `None` when the text has a right-to-left
    /// override (the normaliser reorders it: normalise it to know).
    pub(crate) fn in_normalized(&self, original: &str) -> Option<bool> {
        static OVERRIDE: Needle = Needle::new("\u{202E}");
        if OVERRIDE.is_in(original.as_bytes()) {
            return None;
        }
        let folder = Folder::new();
        let found =
            self.last.iter().any(|f| f.find_iter(original.as_bytes()).any(|at| self.ends_at(folder, original, at)));
        Some(found)
    }

    /// Whether the normalised text has the word ending with the character at original offset `at`
    /// (which folds to the word's last character).
    fn ends_at(&self, folder: Folder, original: &str, at: usize) -> bool {
        let mut before = original[..at].chars().rev();
        let n = self.word.len();
        for &want in self.word[..n.saturating_sub(1)].iter().rev() {
            // Back over the run between this character and the one before it.
            let (mut newlines, mut star) = (0, false);
            let prev = loop {
                let Some(c) = before.next() else { return false };
                let (f, class) = folder.fold(c);
                match class {
                    CharClass::Drop => {}
                    CharClass::Space if c == '\n' => {
                        newlines += 1;
                        if newlines >= 2 {
                            return false; // a paragraph break is kept
                        }
                    }
                    CharClass::Space => {}
                    CharClass::Filler => {
                        newlines = 0;
                        star |= f == '*';
                    }
                    CharClass::Cjk | CharClass::Other => break f,
                }
            };
            if prev != want || (star && prev == '密') {
                return false;
            }
        }
        true
    }
}

/// Every character that folds to `target`: in the Basic Multilingual Plane from the fold table;
/// beyond it only the traditional and variant forms, the compatibility ideographs and the
/// enclosed ideographs (`🈲`) fold to a CJK character (see `fold_slow`).
fn sources_of(target: char) -> Vec<char> {
    let folder = Folder::new();
    let bmp = (0..0x10000).filter_map(char::from_u32);
    let tables = T2S.iter().chain(&VARIANTS).chain(&STARS).map(|&(from, _)| from);
    let compatibility = (0x2F800..=0x2FA1F).chain(0x1F200..=0x1F2FF).filter_map(char::from_u32);
    let beyond = tables.chain(compatibility).filter(|&c| c as u32 >= 0x10000);
    let mut all: Vec<char> = bmp.chain(beyond).chain([target]).filter(|&c| folder.fold(c).0 == target).collect();
    all.sort_unstable();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_through_evasions_and_not_across_what_the_normaliser_keeps() {
        let label = FoldedWord::new("保密期限");
        for yes in ["保密期限：1年", "保 密 期 限", "保·密\n期\u{200B}限", "保密期\r\n限", "文保密期限", "保宻期限"]
        {
            assert_eq!(label.in_normalized(yes), Some(true), "{yes:?}");
        }
        for no in ["期限", "保密\n\n期限", "保密*期限", "保密＊期限", "保密，期限", "密期限", "保密a期限", ""]
        {
            assert_eq!(label.in_normalized(no), Some(false), "{no:?}");
        }
        assert_eq!(label.in_normalized("\u{202E}限期密保"), None, "reordered: normalise to know");
    }

    #[test]
    fn every_character_folding_to_a_cjk_character_is_a_source() {
        // Beyond the BMP, the sources are looked for only in the tables: check them all.
        let folder = Folder::new();
        let beyond: Vec<(char, char)> = (0x10000..0x110000)
            .filter_map(char::from_u32)
            .map(|c| (c, folder.fold(c).0))
            .filter(|&(c, f)| f != c && super::super::is_cjk(f) && (f as u32) < 0x10000)
            .collect();
        for (c, f) in beyond {
            assert!(sources_of(f).contains(&c), "{c:?} folds to {f:?}");
        }
    }
}
