//! Searchers for the fixed words the rules look for first (`密`, `期限`, the RLO), built once.
//!
//! `memchr::memmem::find` builds a searcher on every call, which costs more than searching a
//! paragraph; a document of thousands of paragraphs asks for the same few words thousands of
//! times.

use memchr::memmem::{FindIter, Finder};
use std::sync::OnceLock;

/// A fixed word and its searcher, built on first use.
pub(crate) struct Needle {
    word: &'static str,
    finder: OnceLock<Finder<'static>>,
}

impl Needle {
    pub(crate) const fn new(word: &'static str) -> Self {
        Needle { word, finder: OnceLock::new() }
    }

    fn finder(&self) -> &Finder<'static> {
        self.finder.get_or_init(|| Finder::new(self.word.as_bytes()))
    }

    /// Whether the word occurs in `haystack`.
    pub(crate) fn is_in(&self, haystack: &[u8]) -> bool {
        self.finder().find(haystack).is_some()
    }

    /// The byte offsets where the word occurs in `haystack`, without overlaps.
    pub(crate) fn find_iter<'h>(&self, haystack: &'h [u8]) -> FindIter<'h, '_> {
        self.finder().find_iter(haystack)
    }

    /// The word.
    pub(crate) fn word(&self) -> &'static str {
        self.word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_memmem_finds() {
        static SECRET: Needle = Needle::new("密");
        let text = "保密期限：机密★1年，密".as_bytes();
        assert!(SECRET.is_in(text));
        assert!(!SECRET.is_in("公开".as_bytes()));
        let got: Vec<usize> = SECRET.find_iter(text).collect();
        assert_eq!(got, memchr::memmem::find_iter(text, "密").collect::<Vec<_>>());
        assert_eq!(got.len(), 3);
        assert_eq!(SECRET.word(), "密");
    }
}
