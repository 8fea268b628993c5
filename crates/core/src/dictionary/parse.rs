//! The dictionary line format.

use super::{Dictionary, Entry, Pattern, Source};
use crate::finding::FindingKind;
use crate::level::Class;
use crate::normalize::normalize_term;
use std::fmt;
use std::sync::Arc;

/// Largest compiled size of one `re:` pattern: larger ones are refused rather than slowing every
/// scan down.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// What is wrong with a dictionary line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DictErrorKind {
    /// The file could not be read: the kind of system error, and the system's words for it.
    Io(std::io::ErrorKind, String),
    /// The line is not valid UTF-8.
    BadUtf8,
    /// The level column is not a known level.
    UnknownLevel(String),
    /// The `re:` pattern does not compile (or is too large).
    BadRegex(String),
    /// The term is empty after normalisation (only spaces or fillers).
    EmptyTerm,
    /// More than three tab-separated columns.
    TooManyColumns(usize),
}

impl fmt::Display for DictErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DictErrorKind::Io(_, e) => write!(f, "cannot read: {e}"),
            DictErrorKind::BadUtf8 => f.write_str("not valid UTF-8"),
            DictErrorKind::UnknownLevel(l) => write!(f, "{}", crate::level::UnknownLevel(l.clone())),
            DictErrorKind::BadRegex(e) => write!(f, "invalid regular expression: {e}"),
            DictErrorKind::EmptyTerm => f.write_str("empty term"),
            DictErrorKind::TooManyColumns(n) => write!(f, "{n} tab-separated columns (expected term, level, category)"),
        }
    }
}

impl DictErrorKind {
    /// What is wrong, for people in `lang` (English: as [`Display`](fmt::Display) writes it).
    pub fn text(&self, lang: crate::Lang) -> String {
        if lang == crate::Lang::En {
            return self.to_string();
        }
        match self {
            DictErrorKind::Io(kind, _) => format!("无法读取：{}", lang.io_error(&std::io::Error::from(*kind))),
            DictErrorKind::BadUtf8 => "不是有效的 UTF-8 文字".into(),
            DictErrorKind::UnknownLevel(l) => {
                format!("未知的级别 {l:?}（可用的级别：{}）", crate::level::level_names())
            }
            DictErrorKind::BadRegex(e) => format!("正则表达式无效：{e}"),
            DictErrorKind::EmptyTerm => "词条为空（规范化后没有文字）".into(),
            DictErrorKind::TooManyColumns(n) => format!("有 {n} 列（以制表符分隔），应为词条、级别、类别三列"),
        }
    }
}

/// One bad line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictError {
    /// The dictionary file.
    pub file: String,
    /// 1-based line number (0 when the whole file is concerned).
    pub line: u32,
    /// What is wrong.
    pub kind: DictErrorKind,
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.kind)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.kind)
        }
    }
}

/// Every bad line of a dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictErrors {
    /// In line order.
    pub errors: Vec<DictError>,
}

impl DictError {
    /// `FILE:LINE: what is wrong`, for people in `lang`.
    pub fn text(&self, lang: crate::Lang) -> String {
        match self.line {
            0 => format!("{}: {}", self.file, self.kind.text(lang)),
            line => format!("{}:{line}: {}", self.file, self.kind.text(lang)),
        }
    }
}

impl DictErrors {
    /// Every bad line, one a line, for people in `lang`.
    pub fn text(&self, lang: crate::Lang) -> String {
        self.errors.iter().map(|e| e.text(lang)).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for DictErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DictErrors {}

pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Dictionary, DictErrors> {
    let name: Arc<str> = Arc::from(name);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = (i + 1) as u32;
        let fail = |kind| DictError { file: name.to_string(), line: line_no, kind };
        let Ok(line) = std::str::from_utf8(raw) else {
            errors.push(fail(DictErrorKind::BadUtf8));
            continue;
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Ok((pattern, class, category)) => entries.push(Entry {
                pattern,
                class,
                kind: FindingKind::of_category(category.as_deref()),
                category,
                source: Source { dictionary: name.clone(), line: line_no },
            }),
            Err(kind) => errors.push(fail(kind)),
        }
    }
    if errors.is_empty() {
        Ok(Dictionary { name, entries })
    } else {
        Err(DictErrors { errors })
    }
}

fn parse_line(line: &str) -> Result<(Pattern, Class, Option<String>), DictErrorKind> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() > 3 {
        return Err(DictErrorKind::TooManyColumns(cols.len()));
    }
    let class: Class = match cols.get(1) {
        Some(level) => level.parse().map_err(|e: crate::level::UnknownLevel| DictErrorKind::UnknownLevel(e.0))?,
        None => Class::Sensitive,
    };
    let category = cols.get(2).map(|c| c.trim()).filter(|c| !c.is_empty()).map(str::to_string);
    let term = cols[0];
    let pattern = if let Some(re) = term.strip_prefix("re:") {
        regex::RegexBuilder::new(re)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| DictErrorKind::BadRegex(e.to_string().lines().last().unwrap_or("").trim().to_string()))?;
        if re.is_empty() {
            return Err(DictErrorKind::EmptyTerm);
        }
        Pattern::Regex(re.to_string())
    } else {
        let t = normalize_term(term);
        if t.is_empty() {
            return Err(DictErrorKind::EmptyTerm);
        }
        Pattern::Literal(t)
    };
    Ok((pattern, class, category))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_categories_and_regexes() {
        let d = Dictionary::parse(
            "t",
            "# comment\n\n紫電計劃\t机密\t项目代号\nＫＪ－３型\tsecret\n黄片\nre:\\d+密发\tconfidential\tdoc-number\n三黄片\t放行\r\n"
                .as_bytes(),
        )
        .unwrap();
        let e = d.entries();
        assert_eq!(e.len(), 5);
        assert_eq!(e[0].pattern, Pattern::Literal("紫电计划".into()));
        assert_eq!(e[0].class, Class::Secret);
        assert_eq!(e[0].category.as_deref(), Some("项目代号"));
        assert_eq!(e[0].source.rule_id(), "t:3");
        assert_eq!(e[1].pattern, Pattern::Literal("kj-3型".into()));
        assert_eq!(e[2].class, Class::Sensitive);
        assert_eq!(e[3].pattern, Pattern::Regex("\\d+密发".into()));
        assert_eq!(e[4].class, Class::Allow);
    }

    #[test]
    fn reports_every_bad_line_and_loads_nothing() {
        let mut bytes = b"ok\n\xff\xfe\nx\tTOP\nre:(\n".to_vec();
        bytes.extend_from_slice("\u{200B}\t秘密\na\tb\tc\td\n".as_bytes());
        let err = Dictionary::parse("bad.txt", &bytes).unwrap_err();
        let lines: Vec<_> = err.errors.iter().map(|e| (e.line, std::mem::discriminant(&e.kind))).collect();
        assert_eq!(lines.len(), 5, "{err}");
        assert_eq!(err.errors[0].line, 2);
        assert_eq!(err.errors[0].kind, DictErrorKind::BadUtf8);
        assert!(matches!(err.errors[1].kind, DictErrorKind::UnknownLevel(ref l) if l == "TOP"));
        assert!(matches!(err.errors[2].kind, DictErrorKind::BadRegex(_)));
        assert_eq!(err.errors[3].kind, DictErrorKind::EmptyTerm);
        assert!(matches!(err.errors[4].kind, DictErrorKind::TooManyColumns(4)));
        assert!(err.to_string().starts_with("bad.txt:2: not valid UTF-8"));
    }

    #[test]
    fn the_shipped_dictionary_is_valid() {
        // Parsing it panics if it is not; its examples are comments.
        assert_eq!(Dictionary::builtin().name(), "default");
    }
}
