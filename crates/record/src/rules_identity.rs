//! What names the rules a check was made with.

use sha2::{Digest, Sha256};

/// The rules of a check, as the record states them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesIdentity {
    /// The rules version: the gateway's `rules_version` (the same files give the same version
    /// on the command line and in the gateway; see [`RulesVersion`]).
    pub version: String,
    /// Whether the built-in markings, document-number rule and shipped dictionary were on.
    pub default_rules: bool,
    /// The files the rules were compiled from: dictionaries, or one compiled `.mjd` file.
    pub sources: Vec<RuleSource>,
    /// The index of registered documents searched for excerpts (`--index`), if one was.
    pub index: Option<RegisteredIndex>,
}

/// The index of registered documents a check searched, as the record states it: never a label
/// nor any text, only what tells which index it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisteredIndex {
    /// Its file name, without directories.
    pub name: String,
    /// How many documents it registers.
    pub documents: usize,
    /// SHA-256 of the index file's bytes, hex: the fingerprint that tells this index from another.
    pub sha256: String,
}

/// A file the rules were made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSource {
    /// Its name as given (the dictionary's file name, or the compiled file's).
    pub name: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
}

impl RulesIdentity {
    /// The built-in rules alone.
    pub fn builtin_only() -> RulesIdentity {
        RulesVersion::new(true).finish()
    }
}

/// Computes the rules version while the rule files are read: the first 16 hex digits of a
/// SHA-256 over the default-rules switch and each file's name and bytes, in order. Equal files,
/// equal version; the gateway's `rules_version` is this same value.
pub struct RulesVersion {
    hash: Sha256,
    default_rules: bool,
    sources: Vec<RuleSource>,
    index: Option<RegisteredIndex>,
}

impl RulesVersion {
    /// Starts with the default-rules switch.
    pub fn new(default_rules: bool) -> RulesVersion {
        let mut hash = Sha256::new();
        hash.update([default_rules as u8]);
        RulesVersion { hash, default_rules, sources: Vec::new(), index: None }
    }

    /// Adds one rule file (its file name, without directories, and its bytes).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        let sha256 = self.hash_file(name, bytes);
        self.sources.push(RuleSource { name: name.to_string(), sha256 });
    }

    /// Adds the index of registered documents (its file name, its bytes as loaded, and how many
    /// documents it registers): it is part of the rules, so it changes the version.
    pub fn add_index(&mut self, name: &str, bytes: &[u8], documents: usize) {
        self.add_index_digest(name, bytes.len() as u64, Sha256::digest(bytes).into(), documents);
    }

    /// The same, from the index file's length and SHA-256 taken while it was read (an index
    /// is hundreds of megabytes: it is read once, not held and hashed again).
    pub fn add_index_digest(&mut self, name: &str, len: u64, digest: [u8; 32], documents: usize) {
        let sha256 = self.hash_digest(&format!("index {name}"), len, &digest);
        self.index = Some(RegisteredIndex { name: name.to_string(), documents, sha256 });
    }

    /// Feeds one file to the version; returns the SHA-256 of its bytes. The version takes the
    /// file's digest, not its bytes again: an index of registered documents is hundreds of
    /// megabytes, hashed once per start.
    fn hash_file(&mut self, name: &str, bytes: &[u8]) -> String {
        self.hash_digest(name, bytes.len() as u64, &Sha256::digest(bytes).into())
    }

    /// Feeds one file to the version by its name, length and SHA-256; returns the digest, hex.
    fn hash_digest(&mut self, name: &str, len: u64, digest: &[u8; 32]) -> String {
        self.hash.update((name.len() as u64).to_le_bytes());
        self.hash.update(name.as_bytes());
        self.hash.update(len.to_le_bytes());
        self.hash.update(digest);
        hex(digest)
    }

    /// The version of what was added.
    pub fn version(&self) -> String {
        hex(&self.hash.clone().finalize()[..8])
    }

    /// The identity of what was added.
    pub fn finish(self) -> RulesIdentity {
        RulesIdentity {
            version: self.version(),
            default_rules: self.default_rules,
            sources: self.sources,
            index: self.index,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_names_bytes_and_the_switch() {
        let of = |defaults: bool, files: &[(&str, &[u8])]| {
            let mut v = RulesVersion::new(defaults);
            for (n, b) in files {
                v.add(n, b);
            }
            v.finish()
        };
        let a = of(true, &[("codes.txt", b"x\t\xe6\x9c\xba\xe5\xaf\x86\n")]);
        assert_eq!(a.version.len(), 16);
        assert_eq!(a, of(true, &[("codes.txt", b"x\t\xe6\x9c\xba\xe5\xaf\x86\n")]));
        assert_ne!(a.version, of(false, &[("codes.txt", b"x\t\xe6\x9c\xba\xe5\xaf\x86\n")]).version);
        assert_ne!(a.version, of(true, &[("other.txt", b"x\t\xe6\x9c\xba\xe5\xaf\x86\n")]).version);
        assert_eq!(a.sources[0].sha256.len(), 64);
        assert_ne!(RulesIdentity::builtin_only().version, of(false, &[]).version);
    }

    #[test]
    fn an_index_changes_the_version_and_is_named_apart_from_the_rule_files() {
        let mut v = RulesVersion::new(true);
        v.add("codes.txt", b"x");
        let without = v.version();
        v.add_index("registered.idx", b"index bytes", 3);
        let mut by_digest = RulesVersion::new(true);
        by_digest.add("codes.txt", b"x");
        by_digest.add_index_digest("registered.idx", 11, Sha256::digest(b"index bytes").into(), 3);
        assert_eq!(by_digest.version(), v.version(), "the digest taken while reading names the same rules");
        assert_eq!(by_digest.finish().index, v.index.clone());
        let id = v.finish();
        assert_ne!(id.version, without);
        assert_eq!(id.sources.len(), 1, "the index is not listed as a rule file");
        let index = id.index.expect("the index is named");
        assert_eq!((index.name.as_str(), index.documents), ("registered.idx", 3));
        assert_eq!(index.sha256, hex(&Sha256::digest(b"index bytes")));
        // The same bytes under another name are another index.
        let mut w = RulesVersion::new(true);
        w.add("codes.txt", b"x");
        w.add_index("other.idx", b"index bytes", 3);
        assert_ne!(w.version(), id.version);
    }
}
