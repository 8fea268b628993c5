//! The verdict policy, decided once.
//!
//! Every decision that turns what was found into what it means for publication lives here, and
//! nowhere else: the readers only report, the matcher only matches, and the front ends (the CLI's
//! printers and exit status, the gateway's answer and audit record) only present a
//! [`Judgement`]. To change the policy, change this file.
//!
//! | question | answer | function |
//! | --- | --- | --- |
//! | what does a class mean? | 绝密/机密/秘密/商密/不予公开 block, 工作秘密/内部/敏感 review, info never counts | [`severity`] |
//! | two entries for one term? | `allow` wins, then the more severe, then the first written | [`precedence`] |
//! | which findings are always listed? | markings and `block` findings; the rest up to a quota | [`always_listed`] |
//! | how is a file judged? | its worst finding; any unread part that needs review makes it at least `review` | [`judge_file`] |
//! | what if it could not be inspected? | `error`, whatever was found | [`Judgement::fail`] |
//! | how do members count? | a container is as bad as its worst member | [`Judgement::add_members`] |
//! | which findings does a verdict rest on? | those whose severity leads to it | [`leads_to`] |
//! | what is a request (several files)? | its worst file; no file at all is `error` | [`worst`] |
//! | what does the shell see? | all pass, something flagged, or an error (over any finding) | [`Exit`] |
//!
//! ```
//! use mijian_core::policy::{judge_file, Reason};
//! use mijian_core::{CoverageNote, Rules, Unread, Unsupported, Verdict};
//! let rules = Rules::builtin();
//! let outcome = rules.find_in_text("关于加强管理的通知");
//! let unread = [CoverageNote::unread("(file)", Unread::UnsupportedFormat(Unsupported::Format("pdf")))];
//! let mut j = judge_file(&outcome, &unread);
//! assert_eq!(j.verdict(), Verdict::Review);
//! assert!(matches!(&j.reasons()[0], Reason::Unread { part, .. } if part == "(file)"));
//! j.add_members([(Verdict::Block, "a.zip!secret.docx")]);
//! assert_eq!(j.verdict(), Verdict::Block);
//! ```

use crate::find::FindOutcome;
use crate::finding::FindingKind;
use crate::level::{Class, Severity, Verdict};
use crate::segment::CoverageNote;
use crate::unread::Unread;

pub use crate::reason::Reason;

/// The severity a class of protection leads to.
///
/// State secrets, commercial secrets and a 不予公开 disclosure mark block publication; work
/// secrets, internal material and sensitive terms ask a person; information (a public document
/// number) and `allow` never change a verdict.
pub fn severity(class: Class) -> Severity {
    match class {
        Class::TopSecret | Class::Secret | Class::Confidential | Class::CommercialSecret | Class::NotForRelease => {
            Severity::Block
        }
        Class::WorkSecret | Class::Internal | Class::Sensitive => Severity::Review,
        Class::Info | Class::Allow => Severity::Info,
    }
}

/// Which entry wins among dictionary entries for the same term (higher wins): `allow` over all
/// (an operator who allows a term means it), then by severity; the first written wins a tie.
/// `dict check` reports the losers as shadowed.
pub fn precedence(class: Class) -> u8 {
    match class {
        Class::Allow => 10,
        c => match severity(c) {
            Severity::Block => 3,
            Severity::Review => 2,
            Severity::Info => 1,
        },
    }
}

/// Whether a finding is always listed in a report, whatever the quota of findings
/// (`--max-findings`): the document's own marks and whatever blocks publication. Other findings
/// are all counted and judged, but listed only up to the quota.
pub fn always_listed(kind: FindingKind, severity: Severity) -> bool {
    kind == FindingKind::Marking || severity == Severity::Block
}

/// Whether a finding of this severity is one the verdict rests on: the rules a front end names
/// as having fired for a `block` are the block findings', for a `review` the review findings'.
pub fn leads_to(severity: Severity, verdict: Verdict) -> bool {
    Verdict::from_severity(severity) == verdict
}

/// What kind of failure made a file `error`: a stable id for programs (the JSON `error_kind`),
/// beside the message for people. Every kind is `error`, never `pass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The file is damaged or not what its format says (a broken archive, malformed XML, a
    /// missing required part, a structure a reader could not follow).
    Corrupt,
    /// The file is encrypted and mijian has no key for it.
    Encrypted,
    /// A limit of the inspection was reached (size, decompressed bytes, members, nesting,
    /// operations, pages, time).
    Limit,
    /// Whoever asked stopped the inspection (a gateway past its deadline, a shutdown).
    Cancelled,
    /// Text that no supported encoding decodes.
    Undecodable,
    /// The file could not be opened or read at all (permissions, not a regular file).
    Unreadable,
    /// mijian itself failed on the file.
    Internal,
}

impl ErrorKind {
    /// `corrupt`, `encrypted`, `limit`, `cancelled`, `undecodable`, `unreadable` or `internal`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::Limit => "limit",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Undecodable => "undecodable",
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Internal => "internal",
        }
    }
}

/// The verdict on one file and the reasons for it beyond its findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judgement {
    verdict: Verdict,
    reasons: Vec<Reason>,
}

impl Judgement {
    /// The judgement on a file that could not be inspected: `error`, with what went wrong.
    pub fn error(kind: ErrorKind, message: impl Into<String>) -> Judgement {
        Judgement { verdict: Verdict::Error, reasons: vec![Reason::Error { kind, message: message.into() }] }
    }

    /// The verdict.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// The reasons, in the order they were found.
    pub fn reasons(&self) -> &[Reason] {
        &self.reasons
    }

    /// The first error, when the verdict is `error` because the file could not be inspected.
    pub fn error_message(&self) -> Option<&str> {
        self.first_error().map(|(_, message)| message)
    }

    /// The kind of the first error.
    pub fn error_kind(&self) -> Option<ErrorKind> {
        self.first_error().map(|(kind, _)| kind)
    }

    fn first_error(&self) -> Option<(ErrorKind, &str)> {
        self.reasons.iter().find_map(|r| match r {
            Reason::Error { kind, message } => Some((*kind, message.as_str())),
            _ => None,
        })
    }

    /// The file could not be inspected completely (a limit, a cancelled inspection): `error`,
    /// whatever was found before. The first error is kept; later ones add nothing.
    pub fn fail(&mut self, kind: ErrorKind, message: impl FnOnce() -> String) {
        self.verdict = Verdict::Error;
        if self.first_error().is_none() {
            self.reasons.push(Reason::Error { kind, message: message() });
        }
    }

    /// A container is as bad as its worst member. `members` are every member at any depth with
    /// its verdict; the worst (the last path among equals) raises the verdict and is named.
    pub fn add_members<'a>(&mut self, members: impl IntoIterator<Item = (Verdict, &'a str)>) {
        if let Some((verdict, path)) = members.into_iter().max() {
            if verdict > self.verdict {
                self.verdict = verdict;
                self.reasons.push(Reason::Member { path: path.to_string(), verdict });
            }
        }
    }
}

/// Judges a file from the findings of its scan and what its reader could not read: its worst
/// finding, raised to `review` by every unread part that needs review.
pub fn judge_file(outcome: &FindOutcome, coverage: &[CoverageNote]) -> Judgement {
    let mut verdict = outcome.worst.map_or(Verdict::Pass, Verdict::from_severity);
    let mut reasons = Vec::new();
    for c in coverage.iter().filter(|c| c.needs_review) {
        verdict = verdict.max(Verdict::Review);
        // A note that needs review always says why; a reason-less one would still be judged.
        let why = c.reason.clone().unwrap_or(Unread::UnknownPart);
        reasons.push(Reason::Unread { part: c.part.clone(), why });
    }
    Judgement { verdict, reasons }
}

/// The verdict on several files judged together (one request to the gateway): the worst of them;
/// nothing at all is `error`, never `pass`.
pub fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    verdicts.into_iter().max().unwrap_or(Verdict::Error)
}

/// What a run over many files tells the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every file passed.
    Pass,
    /// Some file must be blocked or reviewed, and none is `error`.
    Flagged,
    /// Some file could not be inspected: an error outranks every finding.
    Error,
}

impl Exit {
    /// The exit of a run from its files' verdicts.
    pub fn of(verdicts: impl IntoIterator<Item = Verdict>) -> Exit {
        match verdicts.into_iter().max() {
            Some(Verdict::Error) => Exit::Error,
            Some(Verdict::Block | Verdict::Review) => Exit::Flagged,
            Some(Verdict::Pass) | None => Exit::Pass,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_map_to_severities() {
        assert_eq!(severity(Class::Confidential), Severity::Block);
        assert_eq!(severity(Class::NotForRelease), Severity::Block);
        assert_eq!(severity(Class::WorkSecret), Severity::Review);
        assert_eq!(severity(Class::Internal), Severity::Review);
        assert_eq!(severity(Class::Sensitive), Severity::Review);
        assert_eq!(severity(Class::Info), Severity::Info);
        assert_eq!(severity(Class::Allow), Severity::Info);
    }

    #[test]
    fn allow_outranks_every_level_and_block_outranks_review() {
        assert!(precedence(Class::Allow) > precedence(Class::TopSecret));
        assert!(precedence(Class::Secret) > precedence(Class::WorkSecret));
        assert!(precedence(Class::Sensitive) > precedence(Class::Info));
        assert_eq!(precedence(Class::Internal), precedence(Class::WorkSecret));
    }

    #[test]
    fn marks_and_block_findings_are_always_listed() {
        assert!(always_listed(FindingKind::Marking, Severity::Review));
        assert!(always_listed(FindingKind::Term, Severity::Block));
        assert!(!always_listed(FindingKind::Term, Severity::Review));
        assert!(!always_listed(FindingKind::DocNumber, Severity::Info));
    }

    #[test]
    fn an_info_finding_passes_and_an_unread_part_needs_review() {
        let info = FindOutcome { worst: Some(Severity::Info), ..FindOutcome::default() };
        assert_eq!(judge_file(&info, &[]).verdict(), Verdict::Pass);
        let pdf = Unread::UnsupportedFormat(crate::Unsupported::Format("pdf"));
        let notes = [
            CoverageNote::unread("(file)", pdf.clone()),
            CoverageNote::unread("docProps/thumbnail.jpeg", Unread::Picture),
        ];
        let j = judge_file(&FindOutcome::default(), &notes);
        assert_eq!(j.verdict(), Verdict::Review);
        assert_eq!(j.reasons(), [Reason::Unread { part: "(file)".into(), why: pdf }]);
        assert_eq!(j.reasons()[0].to_string(), "(file): unsupported format: pdf");
    }

    #[test]
    fn a_container_is_its_worst_member_and_names_it() {
        let mut j = judge_file(&FindOutcome { worst: Some(Severity::Review), ..FindOutcome::default() }, &[]);
        j.add_members([(Verdict::Pass, "a.zip!1.txt"), (Verdict::Block, "a.zip!2.docx"), (Verdict::Review, "a.zip!3")]);
        assert_eq!(j.verdict(), Verdict::Block);
        assert_eq!(j.reasons(), [Reason::Member { path: "a.zip!2.docx".into(), verdict: Verdict::Block }]);
        assert_eq!(j.reasons()[0].to_string(), "embedded a.zip!2.docx: block");
        // A member no worse than the file adds no reason.
        let mut j = judge_file(&FindOutcome { worst: Some(Severity::Block), ..FindOutcome::default() }, &[]);
        j.add_members([(Verdict::Block, "a.zip!2.docx")]);
        assert!(j.reasons().is_empty());
    }

    #[test]
    fn a_failed_inspection_is_error_whatever_was_found_and_keeps_its_first_error() {
        let mut j = judge_file(&FindOutcome { worst: Some(Severity::Block), ..FindOutcome::default() }, &[]);
        j.fail(ErrorKind::Limit, || "limit exceeded: pages".into());
        j.fail(ErrorKind::Cancelled, || "inspection cancelled".into());
        assert_eq!(j.verdict(), Verdict::Error);
        assert_eq!(j.error_message(), Some("limit exceeded: pages"));
        assert_eq!(j.error_kind(), Some(ErrorKind::Limit));
        let mut j = Judgement::error(ErrorKind::Encrypted, "encrypted: word/document.xml");
        j.add_members([(Verdict::Block, "x")]);
        assert_eq!(j.verdict(), Verdict::Error, "a member never lowers an error");
    }

    #[test]
    fn a_verdict_rests_on_the_findings_of_its_own_level() {
        assert!(leads_to(Severity::Block, Verdict::Block));
        assert!(!leads_to(Severity::Review, Verdict::Block));
        assert!(leads_to(Severity::Info, Verdict::Pass));
        assert!(!leads_to(Severity::Block, Verdict::Error));
    }

    #[test]
    fn a_request_is_its_worst_file_and_no_file_is_an_error() {
        assert_eq!(worst([Verdict::Pass, Verdict::Review]), Verdict::Review);
        assert_eq!(worst([]), Verdict::Error);
    }

    #[test]
    fn exit_status_puts_errors_over_findings() {
        assert_eq!(Exit::of([Verdict::Pass, Verdict::Pass]), Exit::Pass);
        assert_eq!(Exit::of([]), Exit::Pass);
        assert_eq!(Exit::of([Verdict::Pass, Verdict::Review]), Exit::Flagged);
        assert_eq!(Exit::of([Verdict::Block, Verdict::Error, Verdict::Pass]), Exit::Error);
    }
}
