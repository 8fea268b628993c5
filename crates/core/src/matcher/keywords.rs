//! Keywords of a regular expression: literals of which at least one occurs in every match.
//!
//! gitleaks runs hundreds of secret patterns fast by giving each a few keywords and running a
//! pattern only where one of its keywords occurs. mijian derives the keywords from the pattern
//! itself, so a dictionary author cannot get them wrong:
//!
//! * the prefix literals that `regex-syntax`'s [`Extractor`] finds (`国办发|省政发` for
//!   `(国办发|省政发)〔\d{4}〕`), when they are exact or inexact but finite and none is empty;
//! * otherwise a required inner literal, from a walk of the HIR: a literal in a concatenation is
//!   required; an alternation requires one of its branches' keywords; a repetition at least once
//!   requires its body's (`\p{Han}{2}密发〔\d{4}〕` has `密发〔`).
//!
//! Of the candidates the set whose shortest keyword is longest wins: long keywords are rare, so
//! the filter says yes less often. A pattern with no keyword (`\d{17}[\dx]`) runs on every segment.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Most keywords kept for one pattern: past that the pattern is treated as having none (a huge
/// alternation is cheaper to run than to prefilter).
const MAX_KEYWORDS: usize = 64;

/// The keywords of `pattern` (UTF-8 strings, at least one byte each), or `None` when no literal
/// is required by every match. Patterns that do not parse have none.
pub(crate) fn keywords(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut best: Option<Vec<String>> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let mut ex = Extractor::new();
        ex.kind(kind);
        let seq = ex.extract(&hir);
        if let Some(lits) = seq.literals() {
            let words: Option<Vec<String>> =
                lits.iter().map(|l| String::from_utf8(l.as_bytes().to_vec()).ok().filter(|s| !s.is_empty())).collect();
            consider(&mut best, words);
        }
    }
    consider(&mut best, required(&hir));
    best
}

/// Keeps `candidate` if it is better than `best`: a smaller set of longer keywords.
fn consider(best: &mut Option<Vec<String>>, candidate: Option<Vec<String>>) {
    let Some(mut c) = candidate else { return };
    c.sort();
    c.dedup();
    if c.is_empty() || c.len() > MAX_KEYWORDS || c.iter().any(String::is_empty) {
        return;
    }
    let shortest = |v: &[String]| v.iter().map(|s| s.chars().count()).min().unwrap_or(0);
    let better = match best {
        None => true,
        Some(b) => (shortest(&c), std::cmp::Reverse(c.len())) > (shortest(b), std::cmp::Reverse(b.len())),
    };
    if better {
        *best = Some(c);
    }
}

/// A set of literals one of which every match of `hir` contains.
fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Literal(l) => String::from_utf8(l.0.to_vec()).ok().filter(|s| !s.is_empty()).map(|s| vec![s]),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(children) => {
            let mut best = None;
            for c in children {
                consider(&mut best, required(c));
            }
            best
        }
        HirKind::Alternation(children) => {
            let mut all = Vec::new();
            for c in children {
                all.extend(required(c)?);
            }
            (all.len() <= MAX_KEYWORDS).then_some(all)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::keywords;

    fn kw(p: &str) -> Option<Vec<String>> {
        keywords(p)
    }

    #[test]
    fn prefixes_inner_literals_and_none() {
        assert_eq!(kw(r"(国办发|省政发)〔\d{4}〕\d+号"), Some(vec!["国办发〔".into(), "省政发〔".into()]));
        assert_eq!(kw(r"\p{Han}{2}密发〔\d{4}〕\d+号"), Some(vec!["密发〔".into()]));
        assert_eq!(kw(r"kj-\d+型"), Some(vec!["kj-".into()]));
        assert_eq!(kw(r"\d{17}[\dx]"), None);
        assert_eq!(kw(r"(紫电)?\d+"), None);
        assert_eq!(kw(r"a*"), None);
    }

    #[test]
    fn every_match_contains_a_keyword() {
        let cases = [
            (r"\p{Han}{2}密发〔\d{4}〕\d+号", "省厅密发〔2020〕3号"),
            (r"(?:甲|乙)型\d号", "乙型7号"),
            (r"x(ab|cd)+y", "xcdaby"),
            (r"项目[一二三]期", "项目二期"),
        ];
        for (p, hay) in cases {
            let words = kw(p).unwrap_or_else(|| panic!("{p} has keywords"));
            assert!(regex::Regex::new(p).unwrap().is_match(hay));
            assert!(words.iter().any(|w| hay.contains(w.as_str())), "{p}: {words:?} not in {hay}");
        }
    }
}
