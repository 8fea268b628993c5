//! The index key: the secret that turns text into fingerprints.
//!
//! Every value an index stores is a keyed hash (SipHash-1-3, a pseudo-random function) of a
//! piece of normalised text. Without the key the index is a list of random-looking numbers: it
//! reveals nothing of the registered documents and cannot be matched against anything, so it may
//! sit on a DMZ gateway. The key lives in a file of its own, written once by `mijian index key`
//! with permissions 0600, kept apart from the index and given to `index add` and to the scanner.
//!
//! The file is one line of text: `mijian-index-key v1 ` followed by 64 hex digits (256 bits).
//! From those bits come, by SipHash over fixed labels, the base of the rolling hash, the key of
//! the fingerprints, the key of the run sketch and a check value stored in the index header, so
//! that a scanner given the wrong key says so instead of silently matching nothing.

use siphasher::sip::SipHasher13;
use siphasher::sip128::{Hasher128, SipHasher13 as SipHasher128};
use std::hash::Hasher;
use std::path::{Path, PathBuf};

const HEADER: &str = "mijian-index-key v1 ";

/// Why a key could not be made, written or read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The operating system gave no random bytes.
    #[error("no random bytes from the operating system: {0}")]
    Random(String),
    /// The key file exists: a key is never overwritten (the index made with it would be lost).
    #[error("{}: exists; a key is never overwritten (an index made with it would become useless)", .0.display())]
    Exists(PathBuf),
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The key file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The file is not a key written by `mijian index key`.
    #[error("{}: not a mijian index key (expected one line `mijian-index-key v1 <64 hex digits>`)", .0.display())]
    NotAKey(PathBuf),
}

/// A 256-bit index key.
#[derive(Clone)]
pub struct IndexKey {
    bytes: [u8; 32],
}

impl std::fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IndexKey(…)") // never the bits
    }
}

impl IndexKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<IndexKey, KeyError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(IndexKey { bytes })
    }

    /// A key from given bits (tests and benchmarks that need the same key twice).
    pub fn from_bytes(bytes: [u8; 32]) -> IndexKey {
        IndexKey { bytes }
    }

    /// Writes the key to a new file readable by its owner only; an existing file is refused.
    pub fn write_new(&self, path: &Path) -> Result<(), KeyError> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => KeyError::Exists(path.to_path_buf()),
            _ => KeyError::Io { path: path.to_path_buf(), source: e },
        })?;
        let hex: String = self.bytes.iter().map(|b| format!("{b:02x}")).collect();
        let io = |e| KeyError::Io { path: path.to_path_buf(), source: e };
        file.write_all(format!("{HEADER}{hex}\n").as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)
    }

    /// Reads a key written by [`IndexKey::write_new`].
    pub fn load(path: &Path) -> Result<IndexKey, KeyError> {
        let text = std::fs::read(path).map_err(|e| KeyError::Io { path: path.to_path_buf(), source: e })?;
        Self::parse(&text).ok_or_else(|| KeyError::NotAKey(path.to_path_buf()))
    }

    fn parse(text: &[u8]) -> Option<IndexKey> {
        let text = std::str::from_utf8(text).ok()?.trim_end();
        let hex = text.strip_prefix(HEADER)?.as_bytes();
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (b, pair) in bytes.iter_mut().zip(hex.chunks(2)) {
            *b = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(IndexKey { bytes })
    }

    /// The keyed functions derived from this key.
    pub(crate) fn hashers(&self) -> Hashers {
        let half = |i: usize| -> (u64, u64) {
            let w = |j: usize| u64::from_le_bytes(self.bytes[j..j + 8].try_into().expect("8 bytes"));
            (w(i), w(i + 8))
        };
        let (a0, a1) = half(0);
        let (b0, b1) = half(16);
        let label = |k0, k1, what: &[u8]| {
            let mut h = SipHasher13::new_with_keys(k0, k1);
            h.write(what);
            h.finish()
        };
        let base = label(a0, a1, b"rolling base") % (crate::fingerprint::PRIME - (1 << 20)) + (1 << 20);
        let mut check = SipHasher128::new_with_keys(b0, b1);
        check.write(b"mijian-index key check v1");
        Hashers {
            base,
            fingerprint: (label(a0, a1, b"fingerprint 0"), label(a0, a1, b"fingerprint 1")),
            sketch: (label(b0, b1, b"sketch 0"), label(b0, b1, b"sketch 1")),
            check: check.finish128().as_bytes(),
        }
    }
}

/// The keyed functions of one key.
#[derive(Clone, Debug)]
pub(crate) struct Hashers {
    /// The base of the polynomial rolling hash (secret, so that which k-grams winnowing picks
    /// cannot be predicted either).
    pub base: u64,
    fingerprint: (u64, u64),
    sketch: (u64, u64),
    /// Stored in the index header: tells a wrong key from a right one.
    pub check: [u8; 16],
}

impl Hashers {
    /// The stored fingerprint of a k-gram, from its rolling hash.
    #[inline]
    pub fn fingerprint(&self, rolling: u64) -> u64 {
        let mut h = SipHasher13::new_with_keys(self.fingerprint.0, self.fingerprint.1);
        h.write_u64(rolling);
        h.finish()
    }

    /// A keyed 128-bit hasher for digests of whole texts.
    pub fn digest_hasher(&self) -> SipHasher128 {
        SipHasher128::new_with_keys(self.sketch.1, self.fingerprint.0)
    }

    /// The one-byte sketch of a k-gram, by which runs are extended and measured.
    #[inline]
    pub fn sketch(&self, rolling: u64) -> u8 {
        let mut h = SipHasher13::new_with_keys(self.sketch.0, self.sketch.1);
        h.write_u64(rolling);
        h.finish() as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_written_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let key = IndexKey::generate().unwrap();
        key.write_new(&path).unwrap();
        assert!(matches!(key.write_new(&path), Err(KeyError::Exists(_))), "never overwritten");
        let back = IndexKey::load(&path).unwrap();
        assert_eq!(back.bytes, key.bytes);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(dir.path().join("bad"), "mijian-index-key v1 00ff\n").unwrap();
        assert!(matches!(IndexKey::load(&dir.path().join("bad")), Err(KeyError::NotAKey(_))));
    }

    #[test]
    fn two_keys_give_unrelated_fingerprints_and_checks() {
        let a = IndexKey::from_bytes([1; 32]).hashers();
        let b = IndexKey::from_bytes([2; 32]).hashers();
        assert_ne!(a.check, b.check);
        assert_ne!(a.base, b.base);
        assert_ne!(a.fingerprint(42), b.fingerprint(42));
        assert_eq!(a.fingerprint(42), IndexKey::from_bytes([1; 32]).hashers().fingerprint(42));
        assert!(!format!("{:?}", IndexKey::from_bytes([7; 32])).contains('7'), "Debug never shows the bits");
    }
}
