//! # mijian-core: the screening engine
//!
//! mijian (密检) stops protected material from being published. This crate is its engine: it knows
//! nothing about files, terminals or HTTP. It takes text [`Segment`]s (from the extractors), and
//! says what in them is protected, where, and what that means for publication.
//!
//! Where the engine sits on the path of a file (the whole path is in `mijian-inspect`):
//!
//! ```text
//! sniff -> read (budget) -> normalise -> match -> judge (policy) -> report
//!                           normalize    find     policy
//!                                         |- marking::placement  where each segment stands (head, 份号)
//!                                         |- marking::rules      the table of mark rules
//!                                         |- matcher, docnumber  dictionary terms, document numbers
//!                                         '- junction            again across layout boundaries
//! ```
//!
//! The path through the engine:
//!
//! 1. [`normalize`]: a folded copy of each segment (width, case, traditional forms, fillers,
//!    zero-width characters) with an [`OffsetMap`] back to the original.
//! 2. Matching ([`Rules::find`]): classification markings (see the `marking` module's table of
//!    signals), dictionary terms and patterns ([`Dictionary`]), document numbers; then again
//!    across paragraph, line and cell boundaries for marks and terms cut by the layout (the
//!    `junction` module).
//! 3. Judging ([`policy`]): findings and coverage become a [`Verdict`] with its reasons, by the
//!    one policy module (severity, precedence, what is listed, how members count).
//!
//! ```
//! use mijian_core::{Dictionary, Rules, Severity};
//! let dict = Dictionary::parse("codes", "紫电计划\t机密\t项目代号\n".as_bytes()).unwrap();
//! let rules = Rules::builder().dictionary(dict).build().unwrap();
//! let out = rules.find_in_text("关于紫 電·計劃的进展");
//! assert_eq!(out.worst, Some(Severity::Block));
//! assert_eq!(out.findings[0].matched, "紫 電·計劃");
//! assert_eq!(out.findings[0].rule, "codes:1");
//! ```
//!
//! See `DOMAIN.md` in the project's shared folder for what the marks are and why a mention of
//! `机密` in a regulation is not a mark.

#![forbid(unsafe_code)]

mod cancel;
pub mod compiled;
mod dictionary;
mod docnumber;
mod find;
mod find_stream;
mod finding;
#[doc(hidden)]
pub mod fuzzing;
mod junction;
mod lang;
mod level;
mod listed_numbers;
mod marking;
mod mask;
mod matcher;
mod needle;
mod normalize;
mod part_words;
pub mod policy;
#[cfg(test)]
mod properties;
mod reason;
mod rules;
mod segment;
mod unread;

pub use cancel::Cancel;
pub use dictionary::check;
pub use dictionary::{DictError, DictErrorKind, DictErrors, Dictionary, Entry, NotLoaded, Pattern, Source};
pub use find::{FindOptions, FindOutcome};
pub use find_stream::FindStream;
pub use finding::{Excerpt, ExcerptMatcher, ExcerptSpan, Finding, FindingKind, MarkRule, RuleId, Share};
pub use lang::Lang;
pub use level::{Class, Severity, UnknownLevel, Verdict};
pub use marking::{PeriodProbe, Signal, HEAD_LINES};
pub use mask::mask;
pub use normalize::{is_unseen, normalize, normalize_term, Ascending, Normalized, OffsetMap};
pub use part_words::part_text;
pub use policy::{judge_file, ErrorKind, Judgement};
pub use reason::Reason;
pub use rules::{Rules, RulesBuilder, RulesError, RulesStats};
pub use segment::{Collected, CoverageNote, DocumentSink, Flow, Location, Role, Segment, Stop};
pub use unread::{Cap, NotText, OcrGap, ParserMessage, PictureUnfit, Unread, Unsupported};
