//! Dictionaries: the security team's lists of protected terms and patterns.
//!
//! A dictionary is UTF-8 text, one entry per line:
//!
//! ```text
//! # comment lines and blank lines are ignored
//! 紫电计划<TAB>机密<TAB>项目代号
//! KJ-3型<TAB>秘密
//! 黄片                                  (level defaults to 敏感)
//! re:\p{Han}{1,6}密发〔\d{4}〕\d+号<TAB>秘密<TAB>doc-number
//! 三黄片<TAB>allow
//! ```
//!
//! * The level is one of `绝密 机密 秘密 工作秘密 敏感` (aliases `top-secret secret confidential
//!   internal sensitive`), `info` (never changes the verdict) or `allow`/`放行`.
//! * A term starting with `re:` is a regular expression (Rust `regex` syntax) run on the
//!   *normalised* text: write it in lower case and simplified characters, without fillers.
//! * An `allow` entry suppresses every finding that lies wholly inside one of its matches.
//!
//! Parsing checks every line and reports every bad one, with file and line; a dictionary with any
//! bad line is not loaded at all.

pub mod check;
mod parse;
#[rustfmt::skip]
mod phrase_table;
mod spellings;
mod tw_phrase_table;

pub(crate) use spellings::{chinese_digit, other_spellings};

pub(crate) use parse::REGEX_SIZE_LIMIT;
pub use parse::{DictError, DictErrorKind, DictErrors};

/// Why a set of dictionary files was not loaded: every bad line of every file. Nothing of the
/// set is used (a half-loaded dictionary would let its missing terms pass).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("bad dictionary, nothing loaded:\n{0}")]
pub struct NotLoaded(pub DictErrors);

impl NotLoaded {
    /// The error for people in `lang`: the heading, then every bad line, both in that language
    /// (English: as [`Display`](std::fmt::Display) writes it). The CLI and the gateway both render it so.
    pub fn text(&self, lang: crate::Lang) -> String {
        format!("{}\n{}", lang.pick("词典有误，未加载任何词典：", "bad dictionary, nothing loaded:"), self.0.text(lang))
    }
}

use crate::finding::FindingKind;
use crate::level::Class;
use std::sync::Arc;

/// What an entry looks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// A literal term, already normalised.
    Literal(String),
    /// A regular expression over normalised text (its source).
    Regex(String),
}

/// One dictionary line.
#[derive(Clone, Debug)]
pub struct Entry {
    /// What to look for.
    pub pattern: Pattern,
    /// The protection level (or `Allow`).
    pub class: Class,
    /// Free text; `doc-number` makes findings of kind `doc-number`.
    pub category: Option<String>,
    /// The kind of its findings, decided once when the entry is read (from its category).
    pub kind: FindingKind,
    /// The dictionary's name (file stem) and line: the rule id, which never reveals the term.
    pub source: Source,
}

/// Where an entry was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The dictionary's name.
    pub dictionary: Arc<str>,
    /// 1-based line number.
    pub line: u32,
}

impl Source {
    /// The rule id of findings of this entry: `dictionary:line`.
    pub fn rule_id(&self) -> String {
        self.rule().to_string()
    }

    /// The rule id of findings of this entry, as a type.
    pub fn rule(&self) -> crate::finding::RuleId {
        crate::finding::RuleId::Entry { dictionary: self.dictionary.clone(), line: self.line }
    }
}

/// A parsed dictionary.
#[derive(Clone, Debug)]
pub struct Dictionary {
    name: Arc<str>,
    entries: Vec<Entry>,
}

impl Dictionary {
    /// Parses the bytes of a dictionary file; `name` identifies it in rule ids and errors.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Dictionary, DictErrors> {
        parse::parse(name, bytes)
    }

    /// Reads and parses a dictionary file; its rule ids use the file name.
    pub fn load(path: &std::path::Path) -> Result<Dictionary, DictErrors> {
        Dictionary::load_seen(path, &mut |_, _| {})
    }

    /// Reads and parses dictionary files, each read once, for every front end (the CLI, the
    /// gateway and its reloads): every bad line of every file is reported, and nothing is
    /// returned unless all of them parsed. `seen` is shown each file's name and bytes as read
    /// (the gateway hashes them into the version of its rules).
    ///
    /// ```
    /// use mijian_core::Dictionary;
    /// let dir = std::env::temp_dir().join(format!("mijian-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("good.txt"), "紫电计划\t机密\n").unwrap();
    /// std::fs::write(dir.join("bad.txt"), "甲\t机要\n").unwrap();
    /// let mut names = Vec::new();
    /// let err = Dictionary::load_all(&[dir.join("good.txt"), dir.join("bad.txt"), dir.join("none.txt")], |n, _| {
    ///     names.push(n.to_string())
    /// })
    /// .unwrap_err();
    /// assert_eq!(names, ["good.txt", "bad.txt"]);
    /// assert_eq!(err.0.errors.len(), 2, "the bad line and the missing file");
    /// assert!(err.to_string().starts_with("bad dictionary, nothing loaded:\n"));
    /// assert_eq!(err.text(mijian_core::Lang::En), err.to_string(), "rendered once, both front ends");
    /// assert!(err.text(mijian_core::Lang::Zh).starts_with("词典有误，未加载任何词典：\n"));
    /// std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn load_all(
        paths: &[std::path::PathBuf],
        mut seen: impl FnMut(&str, &[u8]),
    ) -> Result<Vec<Dictionary>, NotLoaded> {
        let mut out = Vec::with_capacity(paths.len());
        let mut errors = Vec::new();
        for path in paths {
            match Dictionary::load_seen(path, &mut seen) {
                Ok(d) => out.push(d),
                Err(e) => errors.extend(e.errors),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(NotLoaded(DictErrors { errors }))
        }
    }

    fn load_seen(path: &std::path::Path, seen: &mut dyn FnMut(&str, &[u8])) -> Result<Dictionary, DictErrors> {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let bytes = std::fs::read(path).map_err(|e| DictErrors {
            errors: vec![DictError {
                file: path.display().to_string(),
                line: 0,
                kind: DictErrorKind::Io(e.kind(), e.to_string()),
            }],
        })?;
        seen(&name, &bytes);
        parse::parse(&name, &bytes).map_err(|mut e| {
            for err in &mut e.errors {
                err.file = path.display().to_string();
            }
            e
        })
    }

    /// The dictionary's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Its entries, taken out.
    pub fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    /// The shipped default rules (`dictionaries/default.txt`, compiled into the binary).
    pub fn builtin() -> Dictionary {
        parse::parse("default", include_bytes!("../../../../dictionaries/default.txt"))
            .expect("the shipped default dictionary is valid (checked by a unit test)")
    }
}
