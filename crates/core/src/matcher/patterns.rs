//! `re:` entries: many regular expressions, run efficiently.
//!
//! One `RegexSet` pass tells which patterns occur in a segment at all; only those are then run to
//! find where. Typical dictionaries hold hundreds of patterns of which few occur in any one
//! document, so most segments cost one pass.

use super::RawMatch;
use regex::{Regex, RegexSet, RegexSetBuilder};

/// Up to this many patterns are each run directly: the regex engine's own literal optimisations
/// beat a set pass over the text when there are few of them.
const DIRECT: usize = 4;

/// Compiled `re:` entries.
pub(crate) struct PatternMatcher {
    set: Option<RegexSet>,
    regexes: Vec<Regex>,
    entries: Vec<u32>,
}

impl PatternMatcher {
    /// Compiles `(source, entry)` pairs; the sources were validated when the dictionary was parsed.
    pub(crate) fn new(patterns: &[(&str, u32)]) -> Result<Option<Self>, regex::Error> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let limit = crate::dictionary::REGEX_SIZE_LIMIT;
        let set = if patterns.len() > DIRECT {
            Some(
                RegexSetBuilder::new(patterns.iter().map(|p| p.0))
                    .size_limit(limit * patterns.len().clamp(1, 64))
                    .dfa_size_limit(64 << 20)
                    .build()?,
            )
        } else {
            None
        };
        let regexes = patterns
            .iter()
            .map(|p| regex::RegexBuilder::new(p.0).size_limit(limit).build())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(PatternMatcher { set, regexes, entries: patterns.iter().map(|p| p.1).collect() }))
    }

    /// Calls `f` for every match of every pattern in `text`.
    pub(crate) fn for_each_match(&self, text: &str, mut f: impl FnMut(RawMatch)) {
        let mut run = |i: usize| {
            for m in self.regexes[i].find_iter(text) {
                if m.start() < m.end() {
                    f(RawMatch { entry: self.entries[i], start: m.start() as u32, end: m.end() as u32 });
                }
            }
        };
        match &self.set {
            Some(set) => set.matches(text).iter().for_each(&mut run),
            None => (0..self.regexes.len()).for_each(run),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_only_patterns_that_occur() {
        let m = PatternMatcher::new(&[(r"\p{Han}{1,4}密发〔\d{4}〕\d+号", 7), (r"kj-\d+", 9)]).unwrap().unwrap();
        let mut got = vec![];
        m.for_each_match("根据厅密发〔2020〕3号文件", |r| got.push(r.entry));
        assert_eq!(got, vec![7]);
    }
}
