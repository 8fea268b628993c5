//! Matching dictionary entries against normalised text.
//!
//! Literal terms are matched all at once by one n-gram matcher ([`literal`], [`ngram`]); `re:` entries by a regex
//! keyword automaton that tells which patterns can occur in a segment, after which only those run
//! ([`patterns`], [`keywords`]).

pub(crate) mod keywords;
pub(crate) mod literal;
pub(crate) mod ngram;
pub(crate) mod patterns;

/// A match in normalised text: which entry, and where (byte offsets in the normalised text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawMatch {
    pub entry: u32,
    pub start: u32,
    pub end: u32,
}
