//! The report on one file: the stable contract of `mijian scan --format json`.

use mijian_core::{CoverageNote, ErrorKind, Finding, Judgement, Lang, Reason, Unread, Verdict};
use mijian_extract::Format;
use serde::Serialize;

/// What mijian says about one file (or one embedded member, `outer!inner`).
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// The path as given (members: `outer.zip!inner/name.docx`).
    pub path: String,
    /// `block`, `review`, `pass` or `error`.
    pub verdict: Verdict,
    /// Findings in document order (see `findings_total` and `truncated`).
    pub findings: Vec<Finding>,
    /// Every finding, including those not listed.
    pub findings_total: u64,
    /// Whether `findings` lists fewer than `findings_total`.
    pub truncated: bool,
    /// Every finding counted by rule id (rule ids never carry the matched text).
    pub findings_by_rule: std::collections::BTreeMap<String, u64>,
    /// What was read and what was not.
    pub coverage: Coverage,
    /// Why the verdict is worse than the findings alone say (unread parts, members), as the
    /// policy gave them, in English: the contract's wording, whatever language people are spoken
    /// to in. An error is in `error` instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
    /// The same reasons in the language chosen for people ([`InspectOptions::lang`](crate::InspectOptions)).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons_text: Vec<String>,
    /// Why the file could not be inspected (verdict `error`), in English (the contract's wording).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The same, in the language chosen for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// The kind of that failure, for programs: `corrupt`, `encrypted`, `limit`, `cancelled`,
    /// `undecodable`, `unreadable` or `internal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<ErrorKind>,
    /// The format sniffed from the bytes: a stable id (`docx`, `image`, `binary`; `unknown` when
    /// the file could not be read at all).
    pub format: &'static str,
    /// What people call that format, with what it means for reading (`image (needs OCR)`).
    pub format_description: &'static str,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, hex.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sha256: String,
}

/// The parts of a file that were read, and those that were not with the reason.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Coverage {
    /// Parts read (each once).
    pub read: Vec<String>,
    /// Of those, the parts no reader of the format knew, read generically (all their text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub read_generically: Vec<String>,
    /// Parts not read.
    pub unread: Vec<UnreadPart>,
}

/// A part not read.
#[derive(Clone, Debug, Serialize)]
pub struct UnreadPart {
    /// The part.
    pub part: String,
    /// Why, serialised in English (the contract's wording, unchanged).
    pub reason: Unread,
    /// The reason's stable id (`picture`, `unsupported_format`, `missing_part`…).
    pub reason_id: &'static str,
    /// The reason in the language chosen for people.
    pub message: String,
    /// Whether this alone makes the verdict at least `review` (the reason's policy).
    pub needs_review: bool,
}

impl Coverage {
    pub(crate) fn from_notes(notes: &[CoverageNote], lang: Lang) -> Self {
        let mut c = Coverage::default();
        let mut seen = std::collections::HashSet::new();
        for n in notes {
            match &n.reason {
                None => {
                    // A container notes the parts its reader consumed, which the reader may have noted too.
                    if seen.insert(n.part.as_str()) {
                        c.read.push(n.part.clone());
                    }
                    if n.generic {
                        c.read_generically.push(n.part.clone());
                    }
                }
                Some(r) => c.unread.push(UnreadPart {
                    part: n.part.clone(),
                    reason: r.clone(),
                    reason_id: r.id(),
                    message: r.text(lang),
                    needs_review: n.needs_review,
                }),
            }
        }
        c
    }
}

impl FileReport {
    pub(crate) fn new(path: String, format: Format, size: u64, sha256: String) -> Self {
        FileReport { format: format.id(), format_description: format.name(), ..FileReport::unknown(path, size, sha256) }
    }

    fn unknown(path: String, size: u64, sha256: String) -> Self {
        FileReport {
            path,
            verdict: Verdict::Pass,
            findings: Vec::new(),
            findings_total: 0,
            truncated: false,
            findings_by_rule: Default::default(),
            coverage: Coverage::default(),
            reasons: Vec::new(),
            reasons_text: Vec::new(),
            error: None,
            error_message: None,
            error_kind: None,
            format: "unknown",
            format_description: "not read",
            size,
            sha256,
        }
    }

    /// A report for a file that could not be read at all (`unreadable`); `message` serves both
    /// the contract's `error` and the `error_message` for people (see [`FileReport::failed_in`]).
    pub fn error(path: String, size: u64, message: String) -> Self {
        FileReport::failed(path, size, ErrorKind::Unreadable, message)
    }

    /// A report for a file that could not be read at all, with the error in English (`error`)
    /// and in the language chosen for people (`error_message`).
    pub fn error_in(path: String, size: u64, english: String, message: String) -> Self {
        FileReport::failed_in(path, size, ErrorKind::Unreadable, english, message)
    }

    /// A report for a file that could not be inspected at all, with the kind of failure.
    pub fn failed(path: String, size: u64, kind: ErrorKind, message: String) -> Self {
        let mut r = FileReport::unknown(path, size, String::new());
        r.set_judgement(Judgement::error(kind, message), None);
        r
    }

    /// [`FileReport::failed`], with the error also in the language chosen for people.
    pub fn failed_in(path: String, size: u64, kind: ErrorKind, english: String, message: String) -> Self {
        let mut r = FileReport::failed(path, size, kind, english);
        r.error_message = Some(message);
        r
    }

    /// Takes the policy's judgement: the verdict, the reasons (also in `lang`, when given), and
    /// the error if there is one (its message for people defaults to the English one).
    pub(crate) fn set_judgement(&mut self, judgement: Judgement, lang: Option<Lang>) {
        self.verdict = judgement.verdict();
        self.error = judgement.error_message().map(str::to_string);
        if self.error_message.is_none() {
            self.error_message = self.error.clone();
        }
        self.error_kind = judgement.error_kind();
        self.reasons = judgement.reasons().iter().filter(|r| !matches!(r, Reason::Error { .. })).cloned().collect();
        if let Some(lang) = lang {
            self.reasons_text = self.reasons.iter().map(|r| r.text(lang)).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_noted_read_twice_is_listed_once_and_generic_reads_are_named() {
        let notes = [
            CoverageNote::read("word/document.xml"),
            CoverageNote::read("word/document.xml"),
            CoverageNote::read_generically("customXml/item1.xml"),
            CoverageNote::unread("word/media/image1.png", Unread::Picture),
        ];
        let c = Coverage::from_notes(&notes, Lang::En);
        assert_eq!(c.read, vec!["word/document.xml", "customXml/item1.xml"]);
        assert_eq!(c.read_generically, vec!["customXml/item1.xml"]);
        assert_eq!(c.unread.len(), 1);
    }

    #[test]
    fn an_unread_part_has_its_id_its_english_reason_and_a_message_in_the_chosen_language() {
        let notes = [CoverageNote::unread("word/header9.xml", Unread::MissingPart)];
        let zh = serde_json::to_value(&Coverage::from_notes(&notes, Lang::Zh).unread[0]).unwrap();
        assert_eq!(zh["reason"], "referenced but missing from the package");
        assert_eq!(zh["reason_id"], "missing_part");
        assert_eq!(zh["message"], "文件中引用的部件缺失");
        assert_eq!(zh["needs_review"], true);
        let en = serde_json::to_value(&Coverage::from_notes(&notes, Lang::En).unread[0]).unwrap();
        assert_eq!(en["message"], en["reason"]);
    }
}
