//! The literal matcher's raw interface, for the fuzz target `fuzz/fuzz_targets/matcher.rs`, which
//! checks it against the aho-corasick crate (as `properties.rs` does in the test suite). Not an
//! interface for applications; it may change with the matcher.

use crate::matcher::ngram::NgramMatcher;

/// Every occurrence of every term in `text`, overlapping ones included, as
/// `(index into terms, start byte, end byte)`, sorted. `terms` must be distinct and non-empty.
pub fn ngram_matches(terms: &[&str], text: &str) -> Vec<(u32, usize, usize)> {
    let list: Vec<(&str, u32)> = terms.iter().enumerate().map(|(i, t)| (*t, i as u32)).collect();
    let mut got = Vec::new();
    NgramMatcher::new(&list).for_each_match(text, |m| got.push((m.entry, m.start as usize, m.end as usize)));
    got.sort_unstable();
    got
}
