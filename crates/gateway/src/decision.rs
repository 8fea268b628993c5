//! A decision: the verdicts on every file of one request, before it is presented.
//!
//! The same [`Decision`] is presented twice, by two projections that live in their own modules:
//! the HTTP answer ([`crate::answer`], matched text masked unless revealed) and the audit record
//! ([`crate::audit`], never any matched text). Neither projection decides anything.

use crate::echo::Scrubber;
use mijian_core::{policy, Lang, Verdict};
use mijian_inspect::{FileReport, Inspection};
use std::time::Duration;

/// One uploaded file and what the scan said.
pub struct ScannedFile {
    /// The inspection: the file's report and its members' (`outer!inner`), as a tree. The file's
    /// verdict already includes its members'.
    pub inspection: Inspection,
    /// Time spent scanning it (waiting for a worker included).
    pub duration: Duration,
}

impl ScannedFile {
    /// The file's own report.
    pub fn report(&self) -> &FileReport {
        &self.inspection.report
    }

    /// Every report, the file's first, then its members' at every depth.
    pub fn reports(&self) -> impl Iterator<Item = &FileReport> + '_ {
        self.inspection.reports()
    }

    /// The reports of its members at every depth.
    pub fn member_reports(&self) -> impl Iterator<Item = &FileReport> + '_ {
        self.inspection.member_reports()
    }

    /// The file's verdict (members included).
    pub fn verdict(&self) -> Verdict {
        self.report().verdict
    }
}

/// Who asked, for the audit log.
#[derive(Clone, Debug, Default)]
pub struct Requester {
    /// The token's name (none without a token file, or for proxied requests).
    pub token: Option<String>,
    /// The end user named by the CMS in `X-Uploader`.
    pub uploader: Option<String>,
    /// The peer address.
    pub client: String,
}

/// What was decided for one request.
pub struct Decision {
    /// The request id (also in the `X-Request-Id` answer header).
    pub request_id: String,
    /// The files, in request order.
    pub files: Vec<ScannedFile>,
    /// The version of the rules the scan used.
    pub rules_version: String,
    /// Those rules with the files they were compiled from, for the review record.
    pub rules: mijian_record::RulesIdentity,
    /// Masks protected text in the names and reasons the decision echoes.
    pub scrubber: Scrubber,
}

impl Decision {
    /// The worst verdict of all files; a request without a file is an `error`.
    pub fn verdict(&self) -> Verdict {
        policy::worst(self.files.iter().map(ScannedFile::verdict))
    }

    /// For the metrics: each file's verdict and size.
    pub fn file_counts(&self) -> Vec<(Verdict, u64)> {
        self.files.iter().map(|f| (f.verdict(), f.report().size)).collect()
    }
}

/// [`reason`] for people, in `lang`: the same sentence from the same typed reasons.
pub fn reason_in(report: &FileReport, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return reason(report);
    }
    if let Some(e) = report.error_message.as_ref().or(report.error.as_ref()) {
        return Some(e.clone());
    }
    if report.verdict == Verdict::Pass {
        return None;
    }
    let mut parts: Vec<String> = report.reasons.iter().map(|r| r.text(lang)).collect();
    if let Some((n, rules)) = fired(report) {
        parts.push(format!("{n} 处发现，{}（规则：{}）", report.verdict.text(lang), rules.join("、")));
    }
    (!parts.is_empty()).then(|| parts.join("；"))
}

/// Why a file got its verdict, in one sentence without matched text: the error for `error`,
/// otherwise the unread parts and members that raised it, and the rules that fired.
pub fn reason(report: &FileReport) -> Option<String> {
    if let Some(e) = &report.error {
        return Some(e.clone());
    }
    if report.verdict == Verdict::Pass {
        return None;
    }
    let mut parts: Vec<String> = report.reasons.iter().map(ToString::to_string).collect();
    if let Some((n, rules)) = fired(report) {
        parts.push(format!("{n} finding(s) at level {} (rules: {})", report.verdict, rules.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The findings the verdict rests on (policy): how many, and their rule ids, sorted, once each.
fn fired(report: &FileReport) -> Option<(usize, Vec<String>)> {
    let mut rules: Vec<String> = report
        .findings
        .iter()
        .filter(|f| policy::leads_to(f.severity, report.verdict))
        .map(|f| f.rule.to_string())
        .collect();
    let n = rules.len();
    rules.sort_unstable();
    rules.dedup();
    (n > 0).then_some((n, rules))
}
