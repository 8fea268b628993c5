//! The literal-term matcher: the n-gram matcher ([`super::ngram`]) plus word boundaries for
//! Latin terms.
//!
//! All overlapping matches are reported: `紫电` and `紫电计划` may carry different levels, and an
//! `allow` entry (`三黄片`) must see the term it shields (`黄片`).

use super::ngram::NgramMatcher;
use super::RawMatch;
use crate::compiled::{corrupt, In, Out, Res};
use crate::normalize::{Normalized, OffsetMap};

/// The compiled literal terms.
pub(crate) struct LiteralMatcher {
    matcher: NgramMatcher,
    /// For each entry id: does the term start / end with an ASCII letter or digit? Such ends must
    /// fall on a word boundary, or `ak` would match inside `speak`.
    bounded: Vec<(bool, bool)>,
}

/// Why the matcher could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the term matcher: {0}")]
pub struct BuildError(String);

impl LiteralMatcher {
    /// Builds the matcher; `terms[i]` is matched as entry `terms[i].1`. Terms must be distinct and
    /// non-empty.
    pub(crate) fn new(terms: &[(&str, u32)]) -> Result<Option<Self>, BuildError> {
        if terms.is_empty() {
            return Ok(None);
        }
        if let Some((t, _)) = terms.iter().find(|(t, _)| t.is_empty()) {
            return Err(BuildError(format!("empty term {t:?}")));
        }
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let max = terms.iter().map(|&(_, e)| e as usize).max().unwrap_or(0);
        let mut bounded = vec![(false, false); max + 1];
        for &(t, e) in terms {
            bounded[e as usize] = (alnum(t.chars().next()), alnum(t.chars().last()));
        }
        Ok(Some(LiteralMatcher { matcher: NgramMatcher::new(terms), bounded }))
    }

    /// Writes the matcher (the compiled form, see `crate::compiled`).
    pub(crate) fn write(&self, out: &mut Out) {
        let bounded: Vec<u8> = self.bounded.iter().map(|&(a, b)| a as u8 | (b as u8) << 1).collect();
        out.bytes(&bounded);
        self.matcher.write(out);
    }

    /// Reads what [`LiteralMatcher::write`] wrote; entry ids must be below `entries`.
    pub(crate) fn read(inp: &mut In<'_>, entries: usize) -> Res<Self> {
        let bounded: Vec<(bool, bool)> = inp.bytes()?.into_iter().map(|x| (x & 1 != 0, x & 2 != 0)).collect();
        if bounded.len() > entries {
            return Err(corrupt("bad word-boundary table"));
        }
        // Entry ids index `bounded`, so they are checked against its length.
        let matcher = NgramMatcher::read(inp, bounded.len())?;
        Ok(LiteralMatcher { matcher, bounded })
    }

    /// Memory used by the matcher.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.matcher.heap_bytes() + self.bounded.len() * 2
    }

    /// Calls `f` for every occurrence of every term in `text`.
    #[inline]
    pub(crate) fn for_each_match(&self, text: &str, f: impl FnMut(RawMatch)) {
        self.matches(text, None, f)
    }

    /// Calls `f` for every occurrence of every term in the normalised text `norm` of `original`.
    /// A Latin term's end next to a letter or digit is still a word boundary when the two were
    /// typed in different widths (`１３26210部队`: the half-width designation after full-width
    /// digits), which only the original shows.
    #[inline]
    pub(crate) fn for_each_match_in(&self, norm: &Normalized, original: &str, f: impl FnMut(RawMatch)) {
        self.matches(norm.text(), Some((original, norm.map())), f)
    }

    #[inline]
    fn matches(&self, text: &str, original: Option<(&str, &OffsetMap)>, mut f: impl FnMut(RawMatch)) {
        let bytes = text.as_bytes();
        // Whether normalised characters at `a` and `b` were typed in the same width (both ASCII
        // or both not); without the original, they are taken to be.
        let same_width = |a: usize, b: usize| {
            original.is_none_or(|(o, map)| {
                let ascii = |n: usize| o.as_bytes().get(map.start(n)).is_some_and(u8::is_ascii);
                ascii(a) == ascii(b)
            })
        };
        self.matcher.for_each_match(text, |m| {
            let (s, e) = (m.start as usize, m.end as usize);
            let (b0, b1) = self.bounded[m.entry as usize];
            if (b0 && s > 0 && bytes[s - 1].is_ascii_alphanumeric() && same_width(s - 1, s))
                || (b1 && e < bytes.len() && bytes[e].is_ascii_alphanumeric() && same_width(e - 1, e))
            {
                return;
            }
            f(m);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(terms: &[(&str, u32)], text: &str) -> Vec<(u32, &'static str)> {
        let m = LiteralMatcher::new(terms).unwrap().unwrap();
        let mut out = vec![];
        m.for_each_match(text, |r| {
            out.push((r.entry, Box::leak(text[r.start as usize..r.end as usize].to_string().into_boxed_str()) as &str))
        });
        out
    }

    #[test]
    fn finds_overlapping_terms() {
        let got = find(&[("紫电", 0), ("紫电计划", 1), ("黄片", 2), ("三黄片", 3)], "紫电计划和三黄片");
        assert!(got.contains(&(0, "紫电")));
        assert!(got.contains(&(1, "紫电计划")));
        assert!(got.contains(&(2, "黄片")));
        assert!(got.contains(&(3, "三黄片")));
    }

    #[test]
    fn latin_terms_respect_word_boundaries() {
        let got = find(&[("ak", 0), ("kj-3型", 1)], "speak ak kj-3型 xkj-3型");
        assert_eq!(got, vec![(0, "ak"), (1, "kj-3型")]);
    }

    #[test]
    fn a_change_of_width_is_a_word_boundary() {
        let m = LiteralMatcher::new(&[("26210部队", 0), ("ak", 1)]).unwrap().unwrap();
        let found = |original: &str| {
            let n = crate::normalize(original);
            let mut got = vec![];
            m.for_each_match_in(&n, original, |r| got.push(r.entry));
            got
        };
        assert_eq!(found("原水１３26210部队"), vec![0], "full-width digits, then the designation");
        assert_eq!(found("原水1326210部队"), Vec::<u32>::new(), "one number: another designation");
        assert_eq!(found("原水１３２６２１０部队"), Vec::<u32>::new(), "one number, all full width");
        assert_eq!(found("ｓｐｅａｋ ｓｐｅak"), vec![1], "only where the width changes");
    }
}
