//! Findings: what was found, where, and why it matters.

use crate::lang::Lang;
use crate::level::{Class, Severity};
use crate::marking::Signal;
use crate::segment::Location;
use serde::Serialize;

/// What sort of rule produced a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A classification, disclosure or internal mark of the document itself.
    Marking,
    /// A dictionary term or pattern.
    Term,
    /// A document number (发文字号).
    DocNumber,
}

impl FindingKind {
    /// `marking`, `term` or `doc-number`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Marking => "marking",
            FindingKind::Term => "term",
            FindingKind::DocNumber => "doc-number",
        }
    }

    /// The kind for people: 密级标志/词条/发文字号 in Chinese; in English the id itself.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            FindingKind::Marking => lang.pick("密级标志", "marking"),
            FindingKind::Term => lang.pick("词条", "term"),
            FindingKind::DocNumber => lang.pick("发文字号", "doc-number"),
        }
    }
}

/// One thing found in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What sort of rule fired.
    pub kind: FindingKind,
    /// The rule's id: `marking.state-secret`, `doc-number`, or `dictionary:line` for a dictionary
    /// entry (never the term itself, so ids are safe to log).
    pub rule: String,
    /// What the finding means for publication: `block`, `review` or `info`.
    #[serde(rename = "level")]
    pub severity: Severity,
    /// The protection class claimed (`机密`, `工作秘密`, `敏感`…).
    pub class: Class,
    /// The text as it stands in the source (before normalisation).
    pub matched: String,
    /// Where it is.
    pub location: Location,
    /// Up to 24 characters of the source before the match (same line or paragraph).
    pub before: String,
    /// Up to 24 characters of the source after the match.
    pub after: String,
    /// The signals that made a marking fire (star and period, alone on its line, in the header…),
    /// in English: the `why` of the JSON contract, as it always read ([`Finding::signals`] rendered).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
    /// The same signals as stable ids (`star`, `period`, `head_line`…): what machines and tests match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<Signal>,
    /// The same signals in the language chosen for people (see [`Finding::render_why`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub why_text: Vec<String>,
    /// The dictionary entry's category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

impl Finding {
    /// Fills [`Finding::why_text`]: the signals in `lang`, for people.
    pub fn render_why(&mut self, lang: Lang) {
        self.why_text = self.signals.iter().map(|s| s.text(lang)).collect();
    }
}
