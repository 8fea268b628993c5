//! Text the gateway echoes, scrubbed: file names, archive member names and error reasons.
//!
//! Answers and audit records never carry matched text, but they do carry names and reasons, and
//! those come from the client or the file: `机密★1年通知.docx`, a ZIP member named after a code
//! word, a DOCX whose undefined entity `&紫电计划;` ends up in the reader's error message. So the
//! echoed strings of a decision are scanned with the same rules, and every match is masked
//! ([`mijian_core::mask`]) wherever it appears in them: the masked answer and the audit record show the
//! shape of a name, never its protected words.

use mijian_core::mask;
use mijian_core::{Location, Rules, Severity};
use mijian_inspect::{inspect_bytes, FileReport, InspectOptions};
use std::borrow::Cow;

/// What a presentation of `reports` repeats from the client or the file: paths, errors,
/// reasons, and the parts and fields of findings; one string a line, to scan with
/// [`protected_in`].
pub fn echoed_text<'a>(reports: impl IntoIterator<Item = &'a FileReport>) -> String {
    let mut echoed = String::new();
    let mut places = std::collections::BTreeSet::new();
    let mut reasons_en = std::collections::BTreeSet::new();
    for r in reports {
        let reasons = r.reasons.iter().map(ToString::to_string);
        let texts = r.reasons_text.iter().cloned().chain(r.error_message.clone());
        for s in [r.path.clone()].into_iter().chain(r.error.clone()).chain(reasons).chain(texts) {
            echoed.push_str(&s);
            echoed.push('\n');
        }
        for l in r.findings.iter().map(|f| &f.location) {
            places.insert(l.part.as_str());
            places.extend(l.field.as_deref());
        }
        for u in &r.coverage.unread {
            places.insert(u.part.as_str());
            places.insert(u.message.as_str());
            reasons_en.insert(u.reason.to_string());
        }
    }
    for p in places.into_iter().chain(reasons_en.iter().map(String::as_str)) {
        echoed.push_str(p);
        echoed.push('\n');
    }
    echoed
}

/// The text of every finding (any level but `info`) in `text`: what a [`Scrubber`] masks.
pub fn protected_in(text: &str, rules: &Rules, opts: &InspectOptions) -> Vec<String> {
    let reports = inspect_bytes("echo", text.as_bytes(), rules, opts);
    let found = reports.iter().flat_map(|r| r.findings.iter());
    found.filter(|f| f.severity != Severity::Info).map(|f| f.matched.clone()).collect()
}

/// The protected strings found in what a decision echoes, longest first.
#[derive(Clone, Debug, Default)]
pub struct Scrubber {
    matches: Vec<String>,
    withhold: bool,
}

impl Scrubber {
    /// A scrubber masking each of `matches`.
    pub fn new(mut matches: Vec<String>) -> Scrubber {
        matches.retain(|m| !m.is_empty());
        matches.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then_with(|| a.cmp(b)));
        matches.dedup();
        Scrubber { matches, withhold: false }
    }

    /// A scrubber for when the echoed strings could not be scanned: it masks them whole.
    pub fn withholding() -> Scrubber {
        Scrubber { matches: Vec::new(), withhold: true }
    }

    /// `text` with every protected string masked.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.withhold {
            return Cow::Owned(mask(text));
        }
        let mut out = Cow::Borrowed(text);
        for m in &self.matches {
            if out.contains(m.as_str()) {
                out = Cow::Owned(out.replace(m.as_str(), &mask(m)));
            }
        }
        out
    }

    /// A finding's location with its part and field names scrubbed (a sheet, an attachment or a
    /// comment author may be named after a protected word).
    pub fn location<'a>(&self, l: &'a Location) -> Cow<'a, Location> {
        let part = self.scrub(&l.part);
        let field = l.field.as_deref().map(|f| self.scrub(f));
        let changed = matches!(part, Cow::Owned(_)) || matches!(field, Some(Cow::Owned(_)));
        if !changed {
            return Cow::Borrowed(l);
        }
        let mut out = l.clone();
        out.part = part.into_owned();
        out.field = field.map(Cow::into_owned);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_is_masked_longest_first() {
        let s = Scrubber::new(vec!["紫电".into(), "紫电计划".into(), String::new()]);
        assert_eq!(s.scrub("a/紫电计划.docx!紫电.txt"), "a/紫***.docx!**.txt");
        assert!(matches!(s.scrub("clean.docx"), Cow::Borrowed(_)));
        assert_eq!(Scrubber::withholding().scrub("紫电计划.txt"), "紫***.***");
        let l = Location { part: "word/document.xml".into(), field: Some("紫电计划".into()), ..Default::default() };
        assert!(!matches!(s.location(&l), Cow::Borrowed(_)));
        assert_eq!(s.location(&l).field.as_deref(), Some("紫***"));
        let plain = Location::part("word/document.xml");
        assert!(matches!(s.location(&plain), Cow::Borrowed(_)));
    }
}
