//! The HTTP answer to a scan: the JSON a CMS acts on.
//!
//! ```json
//! {"request_id": "…", "verdict": "block", "rules_version": "…", "duration_ms": 12.5,
//!  "masked": true,
//!  "files": [{"name": "notice.docx", "verdict": "block", "sha256": "…", "size": 10234,
//!             "format": "docx", "format_text": "Word 文档（DOCX）", "duration_ms": 11.9, "reason": "1 finding(s) at level block …",
//!             "findings": [{"kind": "marking", "rule": "marking.state-secret", "level": "block",
//!                           "class": "机密", "matched": "机*★*年",
//!                           "location": {"part": "word/document.xml", "paragraph": 2, "column": 1}}],
//!             "findings_total": 1, "truncated": false, "members": []}]}
//! ```
//!
//! Masked (the default), a finding has no context, no `why` and no category: only its shape.
//! Revealed (the operator's `--show-matched`, or a staff token asking `?reveal=1`), it has the
//! matched text, `before`/`after` context and the signals that made it fire (`why` in English,
//! `signals` as ids, `why_text` in the request's language).
//!
//! `reason` is the contract's English; `reason_text` says the same in the language of the request
//! (`Accept-Language`, Chinese by default), masked alike.

use crate::decision::{reason, reason_in, Decision, ScannedFile};
use crate::echo::Scrubber;
use mijian_core::mask;
use mijian_core::{Finding, Lang, Location, Signal, Verdict};
use mijian_inspect::FileReport;
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
    /// The review record, when asked for (`?record=1`): one HTML page per language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<crate::record::RecordPages>,
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
    /// The format sniffed from the bytes (a stable id).
    pub format: &'a str,
    /// What people call that format, in the request's language (`Word 文档（DOCX）`).
    pub format_text: &'static str,
    /// Why the verdict is `error`, `review` or `block`, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The same for people, in the request's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<String>,
    /// For `error`: the kind of failure, for the CMS (`encrypted`, `corrupt`, `limit`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<mijian_core::ErrorKind>,
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
    pub rule: &'a mijian_core::RuleId,
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
    /// Revealed only: the signals that made a marking fire, in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'a [String]>,
    /// Revealed only: the same signals as stable ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signals: Option<&'a [Signal]>,
    /// Revealed only: the same signals in the request's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_text: Option<Vec<String>>,
    /// Revealed only: the dictionary entry's category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'a str>,
    /// For an excerpt of a registered document: its label and level, the lengths found, the
    /// share of it found, and where (no text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<&'a mijian_core::Excerpt>,
}

impl<'a> ScanAnswer<'a> {
    /// Presents a decision, its texts for people (`reason_text`, `why_text`) in `lang`.
    pub fn new(decision: &'a Decision, exposure: Exposure, elapsed: Duration, lang: Lang) -> Self {
        ScanAnswer {
            request_id: &decision.request_id,
            verdict: decision.verdict(),
            rules_version: &decision.rules_version,
            masked: exposure == Exposure::Masked,
            duration_ms: millis(elapsed),
            files: decision.files.iter().map(|f| FileAnswer::file(f, exposure, &decision.scrubber, lang)).collect(),
            record: None,
        }
    }
}

impl<'a> FileAnswer<'a> {
    fn file(f: &'a ScannedFile, exposure: Exposure, scrubber: &Scrubber, lang: Lang) -> Self {
        let mut a = FileAnswer::report(f.report(), exposure, scrubber, lang);
        a.duration_ms = Some(millis(f.duration));
        a.members = f.member_reports().map(|r| FileAnswer::report(r, exposure, scrubber, lang)).collect();
        a
    }

    fn report(r: &'a FileReport, exposure: Exposure, scrubber: &Scrubber, lang: Lang) -> Self {
        let (name, reason, reason_text) = match exposure {
            Exposure::Revealed => (Cow::Borrowed(r.path.as_str()), reason(r), reason_in(r, lang)),
            Exposure::Masked => (
                scrubber.scrub(&r.path),
                reason(r).map(|why| scrubber.scrub(&why).into_owned()),
                reason_in(r, lang).map(|why| scrubber.scrub(&why).into_owned()),
            ),
        };
        FileAnswer {
            name,
            verdict: r.verdict,
            sha256: &r.sha256,
            size: r.size,
            format: r.format,
            format_text: mijian_extract::format_text(r.format, lang),
            reason,
            reason_text,
            error_kind: r.error_kind,
            duration_ms: None,
            findings: r.findings.iter().map(|x| FindingAnswer::new(x, exposure, scrubber, lang)).collect(),
            findings_total: r.findings_total,
            truncated: r.truncated,
            members: Vec::new(),
        }
    }
}

impl<'a> FindingAnswer<'a> {
    fn new(f: &'a Finding, exposure: Exposure, scrubber: &Scrubber, lang: Lang) -> Self {
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
            signals: (revealed && !f.signals.is_empty()).then_some(f.signals.as_slice()),
            why_text: (revealed && !f.signals.is_empty()).then(|| f.signals.iter().map(|s| s.text(lang)).collect()),
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
    use mijian_inspect::{InspectOptions, Inspection};

    fn decision(text: &str) -> Decision {
        decision_named("a.txt", text)
    }

    fn decision_named(name: &str, text: &str) -> Decision {
        let dict = Dictionary::parse("codes", "紫电计划\t机密\t项目代号\n".as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(dict).build().unwrap();
        let inspection = Inspection::of_bytes(name, text.as_bytes(), &rules, &InspectOptions::default());
        Decision {
            request_id: "r1".into(),
            files: vec![ScannedFile { inspection, duration: Duration::from_millis(3) }],
            rules_version: "v".into(),
            rules: mijian_record::RulesIdentity::builtin_only(),
            scrubber: Scrubber::new(vec!["紫电计划".into()]),
        }
    }

    #[test]
    fn masked_answers_carry_no_matched_text_nor_context() {
        let d = decision("000123\n机密★1年\n关于紫电计划的通知\n");
        let json =
            serde_json::to_string(&ScanAnswer::new(&d, Exposure::Masked, Duration::from_millis(4), Lang::Zh)).unwrap();
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
        let json = serde_json::to_string(&ScanAnswer::new(&d, Exposure::Masked, Duration::ZERO, Lang::Zh)).unwrap();
        assert!(json.contains("关于紫***.txt") && !json.contains("紫电"), "{json}");
        let json = serde_json::to_string(&ScanAnswer::new(&d, Exposure::Revealed, Duration::ZERO, Lang::Zh)).unwrap();
        assert!(json.contains("关于紫电计划.txt"), "{json}");
    }

    #[test]
    fn revealed_answers_show_text_and_context() {
        let d = decision("关于紫电计划的通知\n");
        let json = serde_json::to_string(&ScanAnswer::new(&d, Exposure::Revealed, Duration::ZERO, Lang::Zh)).unwrap();
        assert!(json.contains("\"matched\":\"紫电计划\"") && json.contains("\"before\":\"关于\""), "{json}");
        assert!(json.contains("项目代号") && json.contains("\"masked\":false"), "{json}");
    }

    #[test]
    fn texts_for_people_follow_the_language_and_ids_do_not() {
        let d = decision("000123\n机密★1年\n关于紫电计划的通知\n");
        let answer = |exposure, lang| {
            serde_json::to_value(ScanAnswer::new(&d, exposure, Duration::ZERO, lang)).unwrap()["files"][0].clone()
        };
        let zh = answer(Exposure::Revealed, Lang::Zh);
        let f = &zh["findings"][0];
        assert_eq!(f["signals"][0], "star", "{f}");
        assert_eq!(f["why"][0], "机密 followed by a star", "{f}");
        assert_eq!(f["why_text"][0], "机密后接★", "{f}");
        assert_eq!(zh["reason"], "2 finding(s) at level block (rules: codes:1, marking.state-secret)");
        assert_eq!(zh["reason_text"], "2 处发现，不得发布（规则：codes:1、marking.state-secret）");
        assert_eq!((zh["format"].as_str(), zh["format_text"].as_str()), (Some("text"), Some("纯文本")));
        let en = answer(Exposure::Revealed, Lang::En);
        assert_eq!((en["format"].as_str(), en["format_text"].as_str()), (Some("text"), Some("text")));
        assert_eq!(en["findings"][0]["why_text"][0], "机密 followed by a star");
        assert_eq!(en["reason_text"], en["reason"]);
        let masked = answer(Exposure::Masked, Lang::Zh);
        assert!(masked["findings"][0].get("why_text").is_none() && masked["findings"][0].get("signals").is_none());
    }
}
