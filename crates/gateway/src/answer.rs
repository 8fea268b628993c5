//! The HTTP answer to a scan: the JSON a CMS acts on.
//!
//! ```json
//! {"request_id": "…", "verdict": "block", "rules_version": "…", "duration_ms": 12.5,
//!  "masked": true,
//!  "files": [{"name": "notice.docx", "verdict": "block", "sha256": "…", "size": 10234,
//!             "format": "docx", "duration_ms": 11.9, "reason": "1 finding(s) at level block …",
//!             "findings": [{"kind": "marking", "rule": "marking.state-secret", "level": "block",
//!                           "class": "机密", "matched": "机*★*年",
//!                           "location": {"part": "word/document.xml", "paragraph": 2, "column": 1}}],
//!             "findings_total": 1, "truncated": false, "members": []}]}
//! ```
//!
//! Masked (the default), a finding has no context, no `why` and no category: only its shape.
//! Revealed (the operator's `--show-matched`, or a staff token asking `?reveal=1`), it has the
//! matched text, `before`/`after` context and the signals that made it fire.

use crate::decision::{reason, Decision, ScannedFile};
use crate::echo::Scrubber;
use crate::mask::mask;
use mijian_core::{Finding, Location, Verdict};
use mijian_scan::FileReport;
use serde::Serialize;
use std::borrow::Cow;
use std::time::Duration;

/// Whether matched text leaves the gateway.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exposure {
    /// Matched text masked, no context.
    Masked,
    /// Matched text and context as in the file.
    Revealed,
}

/// The answer to `POST /v1/scan` (and the body of a proxy-mode 403).
#[derive(Serialize)]
pub struct ScanAnswer<'a> {
    /// The request id.
    pub request_id: &'a str,
    /// The worst verdict of all files.
    pub verdict: Verdict,
    /// The rules the scan used.
    pub rules_version: &'a str,
    /// Whether matched text is masked.
    pub masked: bool,
    /// Time from the request to the decision.
    pub duration_ms: f64,
    /// One entry per uploaded file.
    pub files: Vec<FileAnswer<'a>>,
}

/// One file (or embedded member) in an answer.
#[derive(Serialize)]
pub struct FileAnswer<'a> {
    /// The file name given by the client (members: `outer!inner`); masked where it holds
    /// protected text, unless revealed.
    pub name: Cow<'a, str>,
    /// Its verdict (a file's includes its members').
    pub verdict: Verdict,
    /// SHA-256 of its bytes, hex.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub sha256: &'a str,
    /// Its size in bytes.
    pub size: u64,
    /// The format sniffed from the bytes.
    pub format: &'a str,
    /// Why the verdict is `error`, `review` or `block`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Time spent on it (files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// What was found.
    pub findings: Vec<FindingAnswer<'a>>,
    /// Every finding, including those not listed.
    pub findings_total: u64,
    /// Whether `findings` lists fewer than `findings_total`.
    pub truncated: bool,
    /// Embedded files and archive members, each judged in its own right.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<FileAnswer<'a>>,
}

/// One finding in an answer.
#[derive(Serialize)]
pub struct FindingAnswer<'a> {
    /// `marking`, `term`, `doc-number` or `excerpt`.
    pub kind: &'static str,
    /// The rule id (never the term).
    pub rule: &'a str,
    /// `block`, `review` or `info`.
    pub level: &'static str,
    /// The protection class.
    pub class: &'static str,
    /// The matched text, masked unless revealed.
    pub matched: String,
    /// Where it is.
    pub location: Cow<'a, Location>,
    /// Revealed only: up to 24 characters before the match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<&'a str>,
    /// Revealed only: up to 24 characters after the match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<&'a str>,
    /// Revealed only: the signals that made a marking fire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'a [String]>,
    /// Revealed only: the dictionary entry's category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'a str>,
    /// For an excerpt of a registered document: its label and level, the lengths found, the
    /// share of it found, and where (no text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<&'a mijian_core::Excerpt>,
}

impl<'a> ScanAnswer<'a> {
    /// Presents a decision.
    pub fn new(decision: &'a Decision, exposure: Exposure, elapsed: Duration) -> Self {
        ScanAnswer {
            request_id: &decision.request_id,
            verdict: decision.verdict(),
            rules_version: &decision.rules_version,
            masked: exposure == Exposure::Masked,
            duration_ms: millis(elapsed),
            files: decision.files.iter().map(|f| FileAnswer::file(f, exposure, &decision.scrubber)).collect(),
        }
    }
}

impl<'a> FileAnswer<'a> {
    fn file(f: &'a ScannedFile, exposure: Exposure, scrubber: &Scrubber) -> Self {
        let mut a = FileAnswer::report(f.report(), exposure, scrubber);
        a.duration_ms = Some(millis(f.duration));
        a.members = f.reports[1..].iter().map(|r| FileAnswer::report(r, exposure, scrubber)).collect();
        a
    }

    fn report(r: &'a FileReport, exposure: Exposure, scrubber: &Scrubber) -> Self {
        let (name, reason) = match exposure {
            Exposure::Revealed => (Cow::Borrowed(r.path.as_str()), reason(r)),
            Exposure::Masked => (scrubber.scrub(&r.path), reason(r).map(|why| scrubber.scrub(&why).into_owned())),
        };
        FileAnswer {
            name,
            verdict: r.verdict,
            sha256: &r.sha256,
            size: r.size,
            format: r.format,
            reason,
            duration_ms: None,
            findings: r.findings.iter().map(|x| FindingAnswer::new(x, exposure, scrubber)).collect(),
            findings_total: r.findings_total,
            truncated: r.truncated,
            members: Vec::new(),
        }
    }
}

impl<'a> FindingAnswer<'a> {
    fn new(f: &'a Finding, exposure: Exposure, scrubber: &Scrubber) -> Self {
        let revealed = exposure == Exposure::Revealed;
        FindingAnswer {
            kind: f.kind.as_str(),
            rule: &f.rule,
            level: f.severity.as_str(),
            class: f.class.as_str(),
            matched: if revealed { f.matched.clone() } else { mask(&f.matched) },
            location: if revealed { Cow::Borrowed(&f.location) } else { scrubber.location(&f.location) },
            before: revealed.then_some(f.before.as_str()),
            after: revealed.then_some(f.after.as_str()),
            why: (revealed && !f.why.is_empty()).then_some(f.why.as_slice()),
            category: if revealed { f.category.as_deref() } else { None },
            excerpt: f.excerpt.as_ref(),
        }
    }
}

/// Milliseconds with microsecond precision.
pub fn millis(d: Duration) -> f64 {
    (d.as_micros() as f64) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::{Dictionary, Rules};
    use mijian_scan::{inspect_bytes, InspectOptions};

    fn decision(text: &str) -> Decision {
        decision_named("a.txt", text)
    }

    fn decision_named(name: &str, text: &str) -> Decision {
        let dict = Dictionary::parse("codes", "紫电计划\t机密\t项目代号\n".as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(dict).build().unwrap();
        let reports = inspect_bytes(name, text.as_bytes(), &rules, &InspectOptions::default());
        Decision {
            request_id: "r1".into(),
            files: vec![ScannedFile { reports, duration: Duration::from_millis(3) }],
            rules_version: "v".into(),
            scrubber: Scrubber::new(vec!["紫电计划".into()]),
        }
    }

    #[test]
    fn masked_answers_carry_no_matched_text_nor_context() {
        let d = decision("000123\n机密★1年\n关于紫电计划的通知\n");
        let json = serde_json::to_string(&ScanAnswer::new(&d, Exposure::Masked, Duration::from_millis(4))).unwrap();
        assert!(json.contains("\"verdict\":\"block\""), "{json}");
        assert!(json.contains("机*★*年") && json.contains("紫***"), "{json}");
        for secret in ["紫电计划", "机密★1年", "项目代号", "关于", "的通知", "1年"] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
        assert!(json.contains("codes:1") && json.contains("\"masked\":true"), "{json}");
    }

    #[test]
    fn masked_answers_mask_protected_names() {
        let d = decision_named("关于紫电计划.txt", "clean\n");
        let json = serde_json::to_string(&ScanAnswer::new(&d, Exposure::Masked, Duration::ZERO)).unwrap();
        assert!(json.contains("关于紫***.txt") && !json.contains("紫电"), "{json}");
        let json = serde_json::to_string(&ScanAnswer::new(&d, Exposure::Revealed, Duration::ZERO)).unwrap();
        assert!(json.contains("关于紫电计划.txt"), "{json}");
    }

    #[test]
    fn revealed_answers_show_text_and_context() {
        let d = decision("关于紫电计划的通知\n");
        let json = serde_json::to_string(&ScanAnswer::new(&d, Exposure::Revealed, Duration::ZERO)).unwrap();
        assert!(json.contains("\"matched\":\"紫电计划\"") && json.contains("\"before\":\"关于\""), "{json}");
        assert!(json.contains("项目代号") && json.contains("\"masked\":false"), "{json}");
    }
}
