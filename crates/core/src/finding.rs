//! Findings: what was found, where, and why it matters.

use crate::level::{Class, Severity};
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
    /// A piece of a registered protected document (`mijian index add`); see [`Excerpt`].
    Excerpt,
}

impl FindingKind {
    /// `marking`, `term`, `doc-number` or `excerpt`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Marking => "marking",
            FindingKind::Term => "term",
            FindingKind::DocNumber => "doc-number",
            FindingKind::Excerpt => "excerpt",
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
    /// The signals that made a marking fire (star and period, alone on its line, in the header…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
    /// The dictionary entry's category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// For an `excerpt`: which registered document, how much of it, and where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<Excerpt>,
}

/// What an `excerpt` finding says: a scanned file holds text of a registered protected document.
///
/// Lengths count the characters of the scanned text other than whitespace (line breaks and spaces
/// do not count; punctuation does), over a run found on normalised text (full-width folded,
/// traditional forms simplified, fillers skipped): the unit of the policy, in which a contiguous
/// run of 50 characters is an excerpt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// The registered document's label (a register number chosen by the security team).
    pub label: String,
    /// The level it was registered at.
    pub level: Class,
    /// The longest contiguous run found, in characters.
    pub matched_chars: u32,
    /// Every run found, added up, in characters.
    pub total_chars: u32,
    /// The share of the registered document's text found in the file, 0 to 1.
    pub containment: Share,
    /// The runs found, longest first (at most [`Excerpt::MAX_SPANS`]).
    pub spans: Vec<ExcerptSpan>,
}

impl Excerpt {
    /// Most runs listed in one finding (all are counted in `total_chars` and `containment`).
    pub const MAX_SPANS: usize = 16;
}

/// One contiguous run of a registered document found in the scanned file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExcerptSpan {
    /// Where the run starts in the scanned file.
    pub location: Location,
    /// Its length in characters.
    pub chars: u32,
}

/// A share between 0 and 1, kept in ten-thousandths so that findings stay comparable (`Eq`);
/// written as a number (`0.2512`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Share(u16);

impl Share {
    /// The share `part / whole` (0 when `whole` is 0; at most 1).
    pub fn of(part: u64, whole: u64) -> Share {
        if whole == 0 {
            return Share(0);
        }
        Share((part.min(whole) * 10_000 / whole) as u16)
    }

    /// From ten-thousandths (at most 10 000).
    pub fn from_basis_points(bp: u16) -> Share {
        Share(bp.min(10_000))
    }

    /// In ten-thousandths.
    pub fn basis_points(self) -> u16 {
        self.0
    }

    /// As a number between 0 and 1.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1}%", self.as_f64() * 100.0)
    }
}

impl Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

/// Finds pieces of registered documents in the segments of one file: the seam between the engine
/// and a fingerprint index (the `mijian-index` crate implements it).
///
/// [`Rules::scan`](crate::Rules::scan) calls it once per file with every segment, after the
/// dictionary and marking matching, and counts and judges its findings with the others (kind
/// [`FindingKind::Excerpt`], severity set by the matcher's own policy). It knows nothing of files.
pub trait ExcerptMatcher: Send + Sync {
    /// The excerpt findings in the segments of one file, most severe first.
    fn find(&self, segments: &[crate::Segment]) -> Vec<Finding>;
}
