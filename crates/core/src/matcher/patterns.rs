//! `re:` entries: many regular expressions, run only where they can match.
//!
//! Each pattern gets keywords ([`super::keywords`]): literals one of which occurs in every match.
//! One Aho-Corasick automaton over all keywords makes a single pass over a segment and says which
//! patterns have a keyword there; only those run, plus the patterns that have no keyword at all.
//! Dictionaries hold hundreds or thousands of patterns of which few occur in any one document,
//! so most segments cost one automaton pass. This replaced a `RegexSet` pre-filter: measured on
//! 10^3 patterns (benches/README.md, "Dictionaries at scale") it scans as fast as the set and builds
//! four times faster, and its cost does not depend on compiling every pattern into one program
//! (which hits the set's size limits as patterns grow).

use super::keywords::keywords;
use super::RawMatch;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

/// Compiled `re:` entries.
pub(crate) struct PatternMatcher {
    regexes: Vec<Regex>,
    entries: Vec<u32>,
    /// Patterns (indexes into `regexes`) that have no keyword: run on every segment.
    always: Vec<u32>,
    /// The keyword automaton, and for each of its keywords the pattern it belongs to.
    keywords: Option<(AhoCorasick, Vec<u32>)>,
}

impl PatternMatcher {
    /// Compiles `(source, entry)` pairs; the sources were validated when the dictionary was parsed.
    pub(crate) fn new(patterns: &[(&str, u32)]) -> Result<Option<Self>, regex::Error> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let limit = crate::dictionary::REGEX_SIZE_LIMIT;
        let regexes = patterns
            .iter()
            .map(|p| regex::RegexBuilder::new(p.0).size_limit(limit).build())
            .collect::<Result<Vec<_>, _>>()?;
        let mut always = Vec::new();
        let mut words: Vec<String> = Vec::new();
        let mut owner: Vec<u32> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match keywords(p.0) {
                Some(ks) => {
                    owner.resize(owner.len() + ks.len(), i as u32);
                    words.extend(ks);
                }
                None => always.push(i as u32),
            }
        }
        let keywords = if words.is_empty() {
            None
        } else {
            // Overlapping search needs the standard match semantics.
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&words)
                .map_err(|e| regex::Error::Syntax(format!("keyword automaton: {e}")))?;
            Some((ac, owner))
        };
        Ok(Some(PatternMatcher { regexes, entries: patterns.iter().map(|p| p.1).collect(), always, keywords }))
    }

    /// Patterns compiled, and how many of them have no keyword (they run on every segment).
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.regexes.len(), self.always.len())
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
        let mut todo: Vec<u32> = self.always.clone();
        if let Some((ac, owner)) = &self.keywords {
            let start = todo.len();
            for m in ac.find_overlapping_iter(text) {
                todo.push(owner[m.pattern().as_usize()]);
            }
            todo[start..].sort_unstable();
        }
        todo.sort_unstable();
        todo.dedup();
        for i in todo {
            run(i as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(m: &PatternMatcher, text: &str) -> Vec<u32> {
        let mut got = vec![];
        m.for_each_match(text, |r| got.push(r.entry));
        got
    }

    #[test]
    fn runs_only_patterns_that_occur() {
        let m = PatternMatcher::new(&[(r"\p{Han}{1,4}密发〔\d{4}〕\d+号", 7), (r"kj-\d+", 9)]).unwrap().unwrap();
        assert_eq!(m.counts(), (2, 0));
        assert_eq!(entries(&m, "根据厅密发〔2020〕3号文件"), vec![7]);
        assert_eq!(entries(&m, "kj-3和厅密发〔2020〕3号"), vec![7, 9]);
        assert!(entries(&m, "密发〔20〕与kj-").is_empty());
    }

    #[test]
    fn patterns_without_keywords_run_everywhere() {
        let m = PatternMatcher::new(&[(r"\d{6}", 1), (r"紫电\d", 2)]).unwrap().unwrap();
        assert_eq!(m.counts(), (2, 1));
        assert_eq!(entries(&m, "份号000123"), vec![1]);
        assert_eq!(entries(&m, "紫电1"), vec![2]);
    }

    #[test]
    fn agrees_with_running_every_pattern() {
        let pats: Vec<String> =
            (0..300).map(|i| format!(r"项目{i}[号型]|\p{{Han}}密{i}期")).chain([r"\d{8}".to_string()]).collect();
        let list: Vec<(&str, u32)> = pats.iter().enumerate().map(|(i, p)| (p.as_str(), i as u32)).collect();
        let m = PatternMatcher::new(&list).unwrap().unwrap();
        let text = "项目17号，省密250期，项目3型，12345678，项目99";
        let mut want = vec![];
        for (p, e) in &list {
            for x in Regex::new(p).unwrap().find_iter(text) {
                if !x.is_empty() {
                    want.push(*e);
                }
            }
        }
        want.sort();
        let mut got = entries(&m, text);
        got.sort();
        assert_eq!(got, want);
        assert_eq!(got, vec![3, 17, 250, 300]);
    }
}
