//! Findings: what was found, where, and why it matters.

use crate::lang::Lang;
use crate::level::{Class, Severity};
use crate::marking::Signal;
use crate::segment::Location;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// Which rule made a finding. Written as today's strings (`marking.state-secret`, `doc-number`,
/// `dictionary:line`), in reports and in the audit log; never the matched term, so an id is safe
/// to log and to show a CMS.
///
/// ```
/// use mijian_core::{Dictionary, RuleId, Rules};
/// let d = Dictionary::parse("codes", "紫电计划\t机密\n".as_bytes()).unwrap();
/// let rules = Rules::builder().dictionary(d).build().unwrap();
/// let f = &rules.find_in_text("紫电计划").findings[0];
/// assert!(matches!(&f.rule, RuleId::Entry { dictionary, line: 1 } if &**dictionary == "codes"));
/// assert_eq!(f.rule.to_string(), "codes:1");
/// assert_eq!(f.rule, "codes:1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// A rule of the built-in marking finder (`marking.state-secret`, `marking.internal`…).
    Marking(MarkRule),
    /// The built-in rule for document numbers (`doc-number`): information only.
    DocNumber,
    /// A dictionary entry, by the dictionary's name and the entry's line.
    Entry {
        /// The dictionary's name (its file name).
        dictionary: Arc<str>,
        /// 1-based line of the entry.
        line: u32,
    },
    /// A registered document an excerpt was found of (`excerpt:LABEL`; the label is the security
    /// team's register number, never text of the document).
    Excerpt(Arc<str>),
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleId::Marking(rule) => f.write_str(rule.as_str()),
            RuleId::DocNumber => f.write_str(crate::docnumber::RULE),
            RuleId::Entry { dictionary, line } => write!(f, "{dictionary}:{line}"),
            RuleId::Excerpt(label) => write!(f, "excerpt:{label}"),
        }
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Compares with the written form, so that `finding.rule == "codes:1"` reads as it is written.
impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        match self {
            RuleId::Marking(rule) => rule.as_str() == other,
            RuleId::DocNumber => other == crate::docnumber::RULE,
            RuleId::Entry { dictionary, line } => other
                .rsplit_once(':')
                .is_some_and(|(d, l)| d == &**dictionary && l.parse::<u32>().is_ok_and(|l| l == *line)),
            RuleId::Excerpt(label) => other.strip_prefix("excerpt:") == Some(&**label),
        }
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for RuleId {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

/// The rules of the built-in marking finder, one per kind of mark it reports. Each is written
/// `marking.<name>` in reports and the audit log; that string is stable (a CMS may key on it) and
/// is written here only, in [`MarkRule::as_str`].
///
/// ```
/// use mijian_core::{MarkRule, RuleId, Rules};
/// let f = &Rules::builtin().find_in_text("机密★1年").findings[0];
/// assert_eq!(f.rule, RuleId::Marking(MarkRule::StateSecret));
/// assert_eq!(MarkRule::StateSecret.as_str(), "marking.state-secret");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MarkRule {
    /// Level ★ period (机密★1年): the national-secret mark.
    StateSecret,
    /// A mark quoted as an example or talked about in a list: review, never block.
    QuotedExample,
    /// 核心商密▲5年, 普通商密.
    CommercialSecret,
    /// 此件不予公开, 不予公开 alone.
    NotForRelease,
    /// 此件依申请公开, 此件删减后公开.
    LimitedDisclosure,
    /// A drafting form (发文稿纸) with its 密级 box ticked.
    DraftingForm,
    /// 内部资料 注意保存, 工作秘密★, 内部 alone in the head.
    Internal,
    /// 密级：机密, a form label.
    LevelLabel,
    /// The document states its own level in words (本文件属机密级, 本件含国家秘密) or answers a
    /// form's question (是否涉密：是).
    StatedLevel,
    /// A level word alone on its line where marks stand.
    LevelAlone,
}

impl MarkRule {
    /// Every marking rule.
    pub const ALL: [MarkRule; 10] = [
        MarkRule::StateSecret,
        MarkRule::QuotedExample,
        MarkRule::CommercialSecret,
        MarkRule::NotForRelease,
        MarkRule::LimitedDisclosure,
        MarkRule::DraftingForm,
        MarkRule::Internal,
        MarkRule::LevelLabel,
        MarkRule::StatedLevel,
        MarkRule::LevelAlone,
    ];

    /// The rule's written id: `marking.state-secret`, `marking.quoted-example`…
    pub const fn as_str(self) -> &'static str {
        match self {
            MarkRule::StateSecret => "marking.state-secret",
            MarkRule::QuotedExample => "marking.quoted-example",
            MarkRule::CommercialSecret => "marking.commercial-secret",
            MarkRule::NotForRelease => "marking.not-for-release",
            MarkRule::LimitedDisclosure => "marking.limited-disclosure",
            MarkRule::DraftingForm => "marking.drafting-form",
            MarkRule::Internal => "marking.internal",
            MarkRule::LevelLabel => "marking.level-label",
            MarkRule::StatedLevel => "marking.stated-level",
            MarkRule::LevelAlone => "marking.level-alone",
        }
    }
}

impl fmt::Display for MarkRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    /// The kind of a dictionary entry's findings, from its category: `doc-number` entries (a
    /// protected series of document numbers) find document numbers, all others terms.
    pub fn of_category(category: Option<&str>) -> FindingKind {
        match category {
            Some("doc-number") => FindingKind::DocNumber,
            _ => FindingKind::Term,
        }
    }

    /// `marking`, `term`, `doc-number` or `excerpt`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Marking => "marking",
            FindingKind::Term => "term",
            FindingKind::DocNumber => "doc-number",
            FindingKind::Excerpt => "excerpt",
        }
    }

    /// The kind for people: 密级标志/词条/发文字号 in Chinese; in English the id itself.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            FindingKind::Marking => lang.pick("密级标志", "marking"),
            FindingKind::Term => lang.pick("词条", "term"),
            FindingKind::DocNumber => lang.pick("发文字号", "doc-number"),
            FindingKind::Excerpt => lang.pick("登记文档摘录", "excerpt"),
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
    pub rule: RuleId,
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
/// [`Rules::find`](crate::Rules::find) calls [`ExcerptMatcher::find_normalized`] once per file
/// with every segment, after the dictionary and marking matching, and counts and judges its
/// findings with the others (kind [`FindingKind::Excerpt`], severity set by the matcher's own
/// policy). It knows nothing of files.
///
/// The engine hands over the normalised text it made of each segment for its own matching
/// ([`crate::normalize`]: width, case, traditional forms, fillers, line breaks, with the map back
/// to the original), so a matcher that compares normalised text never normalises a file twice:
/// normalising is a large share of a scan's cost.
pub trait ExcerptMatcher: Send + Sync {
    /// The excerpt findings in the segments of one file, most severe first. `normalized[i]` is
    /// `segments[i].text` normalised (the same length as `segments`).
    fn find_normalized(&self, segments: &[crate::Segment], normalized: &[crate::Normalized]) -> Vec<Finding>;

    /// The same, normalising the segments first (for callers that hold no normalised text).
    fn find(&self, segments: &[crate::Segment]) -> Vec<Finding> {
        let normalized: Vec<crate::Normalized> = segments.iter().map(|s| crate::normalize(&s.text)).collect();
        self.find_normalized(segments, &normalized)
    }
}

impl Finding {
    /// Fills [`Finding::why_text`]: the signals in `lang`, for people.
    pub fn render_why(&mut self, lang: Lang) {
        self.why_text = self.signals.iter().map(|s| s.text(lang)).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dictionary;

    #[test]
    fn an_entry_knows_the_kind_of_its_findings_from_the_moment_it_is_read() {
        let d = Dictionary::parse(
            "d",
            "甲项目\t工作秘密\nre:\\p{Han}{2}密发〔\\d{4}〕\\d+号\t机密\tdoc-number\n".as_bytes(),
        );
        let kinds: Vec<FindingKind> = d.unwrap().entries().iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [FindingKind::Term, FindingKind::DocNumber]);
        assert_eq!(FindingKind::of_category(Some("项目代号")), FindingKind::Term);
    }

    #[test]
    fn rule_ids_are_written_as_before_and_compare_with_their_written_form() {
        let entry = RuleId::Entry { dictionary: Arc::from("codes.txt"), line: 12 };
        assert_eq!(entry.to_string(), "codes.txt:12");
        assert!(entry == "codes.txt:12" && entry != "codes.txt:1" && entry != "codes:12");
        assert_eq!(RuleId::DocNumber.to_string(), "doc-number");
        assert!(RuleId::Marking(MarkRule::StateSecret) == "marking.state-secret");
        assert!(RuleId::Marking(MarkRule::StateSecret) != "marking.internal");
        // A dictionary whose name holds a colon still compares by its last one.
        let odd = RuleId::Entry { dictionary: Arc::from("a:b"), line: 3 };
        assert!(odd == "a:b:3");
    }

    #[test]
    fn every_mark_rule_has_its_own_id_under_marking() {
        let ids: std::collections::BTreeSet<&str> = MarkRule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(ids.len(), MarkRule::ALL.len());
        assert!(ids.iter().all(|id| id.strip_prefix("marking.").is_some_and(|n| !n.is_empty())), "{ids:?}");
    }
}
