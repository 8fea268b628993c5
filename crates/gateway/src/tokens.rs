//! Bearer tokens: who may call the gateway, and under which name the audit log records them.
//!
//! The token file is UTF-8 text, one token per line, blank lines and `#` comments ignored:
//!
//! ```text
//! # name<TAB>token<TAB>role   (shown here with spaces; the file has one tab between columns)
//! cms-main     3f9c1a7e5b2d4c6a8e0f1b3d5c7a9e1f   client
//! zhang.san    b7e4c2a9d1f3e5b7c9a1d3f5e7b9c1d3   staff
//! ops          9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d   admin
//! ```
//!
//! Roles, each including the one before: `client` may scan (matched text masked); `staff` may also
//! see the matched text of their own uploads (the staff page); `admin` may also reload the rules.
//! The file is validated strictly: every bad line is reported with its number and nothing is
//! loaded. Tokens are compared in constant time, against every entry, so neither the timing nor
//! the order of the file tells an attacker how close a guess was.

use mijian_core::Lang;
use sha2::{Digest, Sha256};
use std::path::Path;
use subtle::ConstantTimeEq;

/// Shortest token accepted: 16 characters (at least 64 bits from a hex generator).
pub const MIN_TOKEN_CHARS: usize = 16;

/// What a token holder may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Scan uploads; matched text masked.
    Client,
    /// Scan, and see the matched text (`?reveal=1`, the staff page).
    Staff,
    /// Everything, including `POST /v1/admin/reload`.
    Admin,
}

impl Role {
    /// `client`, `staff` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }
}

/// The holder of a valid token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The token's name: the uploader identity in the audit log.
    pub name: String,
    /// What it may do.
    pub role: Role,
}

struct Entry {
    digest: [u8; 32],
    identity: Identity,
}

/// The tokens of a token file.
pub struct Tokens {
    entries: Vec<Entry>,
}

/// A token file that cannot be used; every bad line is listed.
#[derive(Debug)]
pub struct TokenFileError {
    /// The file.
    pub file: String,
    /// One per bad line, or one for the file as a whole.
    pub problems: Vec<TokenProblem>,
}

impl TokenFileError {
    /// The error for people in `lang` (English: as [`Display`](std::fmt::Display) writes it).
    pub fn text(&self, lang: Lang) -> String {
        let head = match lang {
            Lang::Zh => format!("令牌文件 {} 有误，未加载任何令牌：", self.file),
            Lang::En => format!("bad token file {}, nothing loaded:", self.file),
        };
        std::iter::once(head).chain(self.problems.iter().map(|p| p.text(lang))).collect::<Vec<_>>().join("\n")
    }
}

impl std::fmt::Display for TokenFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for TokenFileError {}

/// What is wrong with a token file.
#[derive(Debug)]
pub enum TokenProblem {
    /// The file cannot be read.
    Unreadable(std::io::Error),
    /// The file is not UTF-8.
    NotUtf8 {
        /// The first byte that is not.
        at: usize,
    },
    /// A line without exactly three tab-separated columns.
    Columns {
        /// The line.
        line: usize,
        /// Its columns.
        found: usize,
    },
    /// A name with characters other than letters, digits, `.`, `_`, `-`, `@`.
    BadName {
        /// The line.
        line: usize,
    },
    /// A token too short or not printable ASCII.
    BadToken {
        /// The line.
        line: usize,
    },
    /// A role other than client, staff, admin.
    UnknownRole {
        /// The line.
        line: usize,
        /// The role given.
        role: String,
    },
    /// A name given twice.
    NameTaken {
        /// The line.
        line: usize,
        /// The name.
        name: String,
        /// The line that gave it first.
        first: usize,
    },
    /// A token given twice.
    TokenTaken {
        /// The line.
        line: usize,
        /// The line that gave it first.
        first: usize,
    },
    /// No token at all.
    Empty,
}

impl TokenProblem {
    /// The problem for people in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use TokenProblem::*;
        match (self, lang) {
            (Unreadable(e), Lang::En) => format!("cannot read: {e}"),
            (Unreadable(e), Lang::Zh) => format!("无法读取：{}", lang.io_error(e)),
            (NotUtf8 { at }, Lang::En) => format!("not UTF-8 (at byte {at})"),
            (NotUtf8 { at }, Lang::Zh) => format!("不是 UTF-8 编码（第 {at} 字节起）"),
            (Columns { line, found }, Lang::En) => {
                format!("line {line}: expected 3 tab-separated columns (name, token, role), found {found}")
            }
            (Columns { line, found }, Lang::Zh) => {
                format!("第 {line} 行：应为以制表符分隔的 3 列（名称、令牌、角色），实为 {found} 列")
            }
            (BadName { line }, Lang::En) => {
                format!("line {line}: the name must be letters, digits, '.', '_', '-' or '@'")
            }
            (BadName { line }, Lang::Zh) => format!("第 {line} 行：名称只能由字母、数字和 . _ - @ 组成"),
            (BadToken { line }, Lang::En) => format!(
                "line {line}: the token must be at least {MIN_TOKEN_CHARS} printable ASCII characters without spaces"
            ),
            (BadToken { line }, Lang::Zh) => {
                format!("第 {line} 行：令牌至少 {MIN_TOKEN_CHARS} 个可打印 ASCII 字符，不含空格")
            }
            (UnknownRole { line, role }, Lang::En) => {
                format!("line {line}: unknown role {role:?} (expected client, staff or admin)")
            }
            (UnknownRole { line, role }, Lang::Zh) => {
                format!("第 {line} 行：未知的角色 {role:?}（应为 client、staff 或 admin）")
            }
            (NameTaken { line, name, first }, Lang::En) => {
                format!("line {line}: the name {name:?} is already used on line {first}")
            }
            (NameTaken { line, name, first }, Lang::Zh) => format!("第 {line} 行：名称 {name:?} 已在第 {first} 行使用"),
            (TokenTaken { line, first }, Lang::En) => {
                format!("line {line}: the same token is already given on line {first}")
            }
            (TokenTaken { line, first }, Lang::Zh) => format!("第 {line} 行：同一令牌已在第 {first} 行给出"),
            (Empty, Lang::En) => "no token in the file".into(),
            (Empty, Lang::Zh) => "文件中没有任何令牌".into(),
        }
    }
}

impl std::fmt::Display for TokenProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl Tokens {
    /// Reads and validates a token file.
    pub fn load(path: &Path) -> Result<Tokens, TokenFileError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| TokenFileError { file: file.clone(), problems: vec![TokenProblem::Unreadable(e)] })?;
        Tokens::parse(&bytes).map_err(|problems| TokenFileError { file, problems })
    }

    /// Parses the bytes of a token file; the error lists every problem.
    pub fn parse(bytes: &[u8]) -> Result<Tokens, Vec<TokenProblem>> {
        let text = std::str::from_utf8(bytes).map_err(|e| vec![TokenProblem::NotUtf8 { at: e.valid_up_to() }])?;
        let mut problems = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: Vec<(String, [u8; 32], usize)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                problems.push(TokenProblem::Columns { line: n, found: cols.len() });
                continue;
            }
            let (name, token, role) = (cols[0], cols[1], cols[2].trim());
            let mut bad = false;
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || "._-@".contains(c)) {
                problems.push(TokenProblem::BadName { line: n });
                bad = true;
            }
            if token.chars().count() < MIN_TOKEN_CHARS || !token.chars().all(|c| c.is_ascii_graphic()) {
                problems.push(TokenProblem::BadToken { line: n });
                bad = true;
            }
            let role = match role {
                "client" => Role::Client,
                "staff" => Role::Staff,
                "admin" => Role::Admin,
                other => {
                    problems.push(TokenProblem::UnknownRole { line: n, role: other.to_string() });
                    bad = true;
                    Role::Client
                }
            };
            if bad {
                continue;
            }
            let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
            if let Some((_, _, first)) = seen.iter().find(|(seen_name, _, _)| seen_name == name) {
                problems.push(TokenProblem::NameTaken { line: n, name: name.to_string(), first: *first });
                continue;
            }
            if let Some((_, _, first)) = seen.iter().find(|(_, d, _)| d == &digest) {
                problems.push(TokenProblem::TokenTaken { line: n, first: *first });
                continue;
            }
            seen.push((name.to_string(), digest, n));
            entries.push(Entry { digest, identity: Identity { name: name.to_string(), role } });
        }
        if entries.is_empty() && problems.is_empty() {
            problems.push(TokenProblem::Empty);
        }
        if problems.is_empty() {
            Ok(Tokens { entries })
        } else {
            Err(problems)
        }
    }

    /// The identity holding `token`, if any. Compares digests in constant time against every
    /// entry, without stopping at the first match.
    pub fn identify(&self, token: &str) -> Option<&Identity> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let mut found = None;
        for e in &self.entries {
            if bool::from(e.digest.ct_eq(&digest)) {
                found = Some(&e.identity);
            }
        }
        found
    }

    /// How many tokens are loaded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no token is loaded (never true for a loaded file).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The token of an `Authorization: Bearer …` header value.
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, rest) = header.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# comment\n\ncms\t0123456789abcdef0123\tclient\nops\tfedcba9876543210fedc\tadmin\r\n";

    #[test]
    fn a_good_file_loads_and_identifies() {
        let t = Tokens::parse(GOOD.as_bytes()).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.identify("0123456789abcdef0123").unwrap(), &Identity { name: "cms".into(), role: Role::Client });
        assert_eq!(t.identify("fedcba9876543210fedc").unwrap().role, Role::Admin);
        assert!(t.identify("0123456789abcdef012").is_none());
        assert!(t.identify("").is_none());
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = "a\tshort\tclient\nb\t0123456789abcdef0123\tboss\nc d\t0123456789abcdef9999\tclient\n\
                    d\t0123456789abcdef0123\tclient\ne\t0123456789abcdef0123\tadmin\nd\tzzzzzzzzzzzzzzzzzzzz\tclient\n";
        let errs = Tokens::parse(text.as_bytes()).err().unwrap();
        let all = errs.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        let zh = errs.iter().map(|e| e.text(Lang::Zh)).collect::<Vec<_>>().join("\n");
        assert!(
            zh.contains("第 2 行：未知的角色 \"boss\"") && zh.contains("第 6 行：名称 \"d\" 已在第 4 行使用"),
            "{zh}"
        );
        assert!(all.contains("line 1:") && all.contains("at least 16"), "{all}");
        assert!(all.contains("line 2:") && all.contains("unknown role \"boss\""), "{all}");
        assert!(all.contains("line 3:") && all.contains("name must be"), "{all}");
        assert!(all.contains("line 5:") && all.contains("already given on line 4"), "{all}");
        assert!(all.contains("line 6:") && all.contains("already used on line 4"), "{all}");
        assert_eq!(errs.len(), 5, "{all}");
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert!(Tokens::parse(b"# nothing\n").is_err());
        assert!(Tokens::parse(b"\xff\xfe").is_err());
    }

    #[test]
    fn bearer_headers_parse() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer   abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
    }
}
