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
#[derive(Debug, thiserror::Error)]
#[error("bad token file {file}, nothing loaded:\n{}", .problems.join("\n"))]
pub struct TokenFileError {
    /// The file.
    pub file: String,
    /// One message per bad line (`line N: …`) or for the file as a whole.
    pub problems: Vec<String>,
}

impl Tokens {
    /// Reads and validates a token file.
    pub fn load(path: &Path) -> Result<Tokens, TokenFileError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| TokenFileError { file: file.clone(), problems: vec![format!("cannot read: {e}")] })?;
        Tokens::parse(&bytes).map_err(|problems| TokenFileError { file, problems })
    }

    /// Parses the bytes of a token file; the error lists every problem.
    pub fn parse(bytes: &[u8]) -> Result<Tokens, Vec<String>> {
        let text = std::str::from_utf8(bytes).map_err(|e| vec![format!("not UTF-8 (at byte {})", e.valid_up_to())])?;
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
                problems.push(format!(
                    "line {n}: expected 3 tab-separated columns (name, token, role), found {}",
                    cols.len()
                ));
                continue;
            }
            let (name, token, role) = (cols[0], cols[1], cols[2].trim());
            let mut bad = false;
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || "._-@".contains(c)) {
                problems.push(format!("line {n}: the name must be letters, digits, '.', '_', '-' or '@'"));
                bad = true;
            }
            if token.chars().count() < MIN_TOKEN_CHARS || !token.chars().all(|c| c.is_ascii_graphic()) {
                problems.push(format!(
                    "line {n}: the token must be at least {MIN_TOKEN_CHARS} printable ASCII characters without spaces"
                ));
                bad = true;
            }
            let role = match role {
                "client" => Role::Client,
                "staff" => Role::Staff,
                "admin" => Role::Admin,
                other => {
                    problems.push(format!("line {n}: unknown role {other:?} (expected client, staff or admin)"));
                    bad = true;
                    Role::Client
                }
            };
            if bad {
                continue;
            }
            let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
            if let Some((_, _, first)) = seen.iter().find(|(seen_name, _, _)| seen_name == name) {
                problems.push(format!("line {n}: the name {name:?} is already used on line {first}"));
                continue;
            }
            if let Some((_, _, first)) = seen.iter().find(|(_, d, _)| d == &digest) {
                problems.push(format!("line {n}: the same token is already given on line {first}"));
                continue;
            }
            seen.push((name.to_string(), digest, n));
            entries.push(Entry { digest, identity: Identity { name: name.to_string(), role } });
        }
        if entries.is_empty() && problems.is_empty() {
            problems.push("no token in the file".to_string());
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
        let all = errs.join("\n");
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
