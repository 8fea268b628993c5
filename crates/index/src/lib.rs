//! # mijian-index: registered documents
//!
//! Marks and dictionaries catch a protected document that says what it is. The leaks that reach
//! public sites are more often pieces of one: paragraphs of a 机密 report pasted into a news item,
//! a table copied into a spreadsheet, a draft saved without its 版头. This crate finds them: the
//! security team *registers* protected documents in an [`Index`], and the scanner reports an
//! `excerpt` finding when a file holds a piece of one.
//!
//! * [`fingerprint`](crate::fingerprint): normalised text, reduced to content characters,
//!   winnowed keyed k-gram hashes (Schleimer–Wilkerson–Aiken 2003) with their positions;
//! * [`IndexKey`]: the secret behind every stored value. The index holds no text and without
//!   the key reveals nothing and matches nothing;
//! * boilerplate (GB/T 9704 head, signature, 版记, 附注, set phrases, fingerprints learnt from
//!   public documents) is never evidence;
//! * [`IndexMatcher`]: the [`mijian_core::ExcerptMatcher`] the scan calls; runs measured exactly,
//!   containment, and the [`ExcerptPolicy`] that makes them `block` or `review`.
//!
//! It knows nothing about files beyond its own: the CLI reads documents with the same readers as
//! `scan` and hands their segments over.
//!
//! ```
//! use mijian_core::{Class, Location, Role, Rules, Segment, Severity};
//! use mijian_index::{ExcerptPolicy, Index, IndexKey, IndexMatcher, Registration};
//! use std::path::Path;
//! let key = IndexKey::from_bytes([7; 32]);
//! let mut index = Index::new(&key);
//! let secret = "第一段讲的是某型装备的试验安排，参试单位于三月在西北某基地集结，完成了全部科目的考核任务。\
//!               第二段说明经费的来源和使用情况，以及下一阶段的工作重点和时间节点。";
//! let seg = Segment::new(Location::part("text"), Role::Body, secret);
//! let what = Registration { label: "2024-001", level: Class::Secret, size: 0, added: 0 };
//! index.add(&key, Path::new("idx"), what, &[seg]).unwrap();
//! let matcher = IndexMatcher::new(index, &key, Path::new("idx"), ExcerptPolicy::default()).unwrap();
//! let rules = Rules::builtin().with_excerpts(std::sync::Arc::new(matcher));
//! let leak = "新闻稿：参试单位于三月在西北某基地集结，完成了全部科目的考核任务。第二段说明经费的来源和使用情况。";
//! let out = rules.find_in_text(leak);
//! assert_eq!(out.worst, Some(Severity::Block));
//! assert_eq!(out.findings[0].rule, "excerpt:2024-001");
//! ```

#![forbid(unsafe_code)]

mod boilerplate;
mod filter;
mod fingerprint;
mod key;
mod matching;
mod register;
mod scanned;
mod store;

pub use key::{IndexKey, KeyError};
pub use matching::{ExcerptPolicy, IndexMatcher};
pub use register::{Added, Prepared, RegisterError, Registration};
pub use store::{Index, IndexError, IndexFile, Registered, DEFAULT_K, DEFAULT_WINDOW, INDEX_VERSION};
