//! Registering documents, and learning fingerprints from public ones.

use crate::boilerplate::{self, SetPhrases};
use crate::fingerprint::{rolling_hashes, winnow, Content};
use crate::key::{Hashers, IndexKey};
use crate::store::{Index, IndexError, Print, Registered};
use mijian_core::{Class, Segment, Severity};
use siphasher::sip128::Hasher128;
use std::hash::Hasher;
use std::path::Path;
use std::sync::OnceLock;

/// Why a document was not registered.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The key does not open the index.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The label is taken: labels name one registered document each.
    #[error("label `{0}` is already registered (remove it first with `mijian index remove`)")]
    LabelTaken(String),
    /// The same text is registered already.
    #[error("the same text is already registered as `{0}`")]
    Duplicate(String),
    /// A level that does not protect anything.
    #[error("level `{0}` protects nothing: register at 绝密, 机密, 秘密, 商密, 不予公开, 工作秘密, 内部 or 敏感")]
    Level(Class),
    /// Too little text outside boilerplate for any excerpt to be recognised.
    #[error("too little text to register: {indexed} characters outside boilerplate, at least {needed} needed")]
    TooLittle {
        /// Characters left.
        indexed: u32,
        /// The guarantee threshold of the index.
        needed: u32,
    },
}

/// What is said about a document being registered.
#[derive(Clone, Debug)]
pub struct Registration<'a> {
    /// The label (a register number).
    pub label: &'a str,
    /// Its level.
    pub level: Class,
    /// Size of the file, bytes.
    pub size: u64,
    /// When (Unix seconds).
    pub added: u64,
}

/// What registering did.
#[derive(Clone, Copy, Debug)]
pub struct Added {
    /// Content characters read.
    pub chars: u32,
    /// Of those, outside boilerplate.
    pub indexed: u32,
    /// Fingerprints stored.
    pub fingerprints: usize,
}

fn set_phrases() -> &'static SetPhrases {
    static TABLE: OnceLock<SetPhrases> = OnceLock::new();
    TABLE.get_or_init(SetPhrases::shipped)
}

/// A document fingerprinted and ready to be inserted ([`Index::prepare`], [`Index::insert`]):
/// preparing needs only read access to the index, so many documents can be prepared at once.
#[derive(Debug)]
pub struct Prepared {
    chars: u32,
    indexed: u32,
    digest: [u8; 16],
    sketch: Vec<u8>,
    excluded: Vec<(u32, u32)>,
    /// (fingerprint, position) of the kept k-grams that are not boilerplate nor public.
    kept: Vec<(u32, u32)>,
}

impl Index {
    /// Registers one document from its segments (read by the same readers as `scan`). `path`
    /// names the index in errors. Fingerprints found in public documents learnt before are not
    /// stored. The new fingerprints are sorted in by [`Index::save`] or when the index is opened
    /// for matching.
    pub fn add(
        &mut self,
        key: &IndexKey,
        path: &Path,
        what: Registration<'_>,
        segments: &[Segment],
    ) -> Result<Added, RegisterError> {
        let prepared = self.prepare(key, path, segments)?;
        self.insert(what, prepared)
    }

    /// Fingerprints a document for this index: boilerplate found and left out, kept k-grams
    /// keyed, public fingerprints dropped. Nothing is changed.
    pub fn prepare(&self, key: &IndexKey, path: &Path, segments: &[Segment]) -> Result<Prepared, RegisterError> {
        let h = self.hashers_for(key, path)?;
        let excluded_lines = boilerplate::excluded_lines(segments);
        let mut content = Content::default();
        for (i, s) in segments.iter().enumerate().filter(|(_, s)| boilerplate::registers(s)) {
            content.push_segment(&s.text, &excluded_lines[i]);
        }
        set_phrases().exclude(&content.chars, &mut content.excluded);
        let digest = digest(&h, &content.chars);
        let chars = content.len() as u32;
        let indexed = content.excluded.iter().filter(|&&x| !x).count() as u32;
        if indexed < self.guarantee() {
            return Err(RegisterError::TooLittle { indexed, needed: self.guarantee() });
        }
        let k = self.k as usize;
        let hashes = rolling_hashes(&content.chars, k, &h);
        let sketch: Vec<u8> = hashes.iter().map(|&r| h.sketch(r)).collect();
        // Excluded characters before each position, to test a k-gram in one subtraction.
        let mut excluded_before = Vec::with_capacity(content.len() + 1);
        excluded_before.push(0u32);
        for &x in &content.excluded {
            excluded_before.push(excluded_before.last().copied().unwrap_or(0) + u32::from(x));
        }
        let mut kept = Vec::new();
        let mut times: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
        for i in winnow(&hashes, self.w as usize) {
            if excluded_before[i + k] != excluded_before[i] {
                continue; // boilerplate never seeds a match
            }
            if few_distinct(&content.chars[i..i + k]) {
                continue; // 的的的的…, ----: no information
            }
            let fingerprint = h.fingerprint(hashes[i]) as u32;
            if self.public.binary_search(&fingerprint).is_ok() {
                continue;
            }
            let seen = times.entry(fingerprint).or_insert(0);
            *seen += 1;
            if *seen <= PER_DOCUMENT {
                kept.push((fingerprint, i as u32));
            }
        }
        Ok(Prepared { chars, indexed, digest, sketch, excluded: ranges(&content.excluded), kept })
    }

    /// Inserts a document prepared for this index under a label and level.
    pub fn insert(&mut self, what: Registration<'_>, p: Prepared) -> Result<Added, RegisterError> {
        if matches!(what.level, Class::Allow | Class::Info) || what.level.severity() == Severity::Info {
            return Err(RegisterError::Level(what.level));
        }
        if self.docs.iter().any(|d| d.label == what.label) {
            return Err(RegisterError::LabelTaken(what.label.to_string()));
        }
        if let Some(d) = self.docs.iter().find(|d| d.digest == p.digest) {
            return Err(RegisterError::Duplicate(d.label.clone()));
        }
        let doc = self.docs.len() as u32;
        let fingerprints = p.kept.len();
        self.tally = None;
        let sketch = &p.sketch;
        self.prints.extend(p.kept.into_iter().map(|(fingerprint, pos)| Print {
            fingerprint,
            doc,
            pos,
            check: Print::check_of(sketch, pos as usize),
        }));
        self.docs.push(Registered {
            label: what.label.to_string(),
            level: what.level,
            added: what.added,
            size: what.size,
            chars: p.chars,
            indexed: p.indexed,
            digest: p.digest,
            sketch: p.sketch,
            excluded: p.excluded,
        });
        Ok(Added { chars: p.chars, indexed: p.indexed, fingerprints })
    }

    /// Learns the fingerprints of a public document: every k-gram of its text (all of it, in any
    /// role) becomes a public fingerprint, never stored for a registered document, and those
    /// stored already are dropped. Returns how many stored fingerprints were dropped.
    pub fn learn_public(&mut self, key: &IndexKey, path: &Path, segments: &[Segment]) -> Result<usize, IndexError> {
        let h = self.hashers_for(key, path)?;
        let mut content = Content::default();
        for s in segments {
            content.push_segment(&s.text, &[]);
        }
        let hashes = rolling_hashes(&content.chars, self.k as usize, &h);
        self.public.extend(hashes.iter().map(|&r| h.fingerprint(r) as u32));
        self.public.sort_unstable();
        self.public.dedup();
        let before = self.prints.len();
        self.tally = None;
        let public = &self.public;
        self.prints.retain(|p| public.binary_search(&p.fingerprint).is_err());
        Ok(before - self.prints.len())
    }

    /// Sorts fingerprints added since the last sort.
    pub(crate) fn settle(&mut self) {
        if !self.prints.is_sorted() {
            self.prints.sort_unstable();
        }
    }
}

/// A k-gram is kept at most this many times per document (a paragraph repeated in one document
/// needs no more), which bounds the postings of any fingerprint by the number of documents.
pub(crate) const PER_DOCUMENT: u32 = 4;

/// Whether a k-gram has fewer than four distinct characters.
fn few_distinct(gram: &[char]) -> bool {
    let mut seen: Vec<char> = Vec::with_capacity(4);
    for &c in gram {
        if !seen.contains(&c) {
            seen.push(c);
            if seen.len() >= 4 {
                return false;
            }
        }
    }
    true
}

/// Keyed digest of a content string: equal texts, equal digests; nothing without the key.
fn digest(h: &Hashers, chars: &[char]) -> [u8; 16] {
    let mut d = h.digest_hasher();
    for &c in chars {
        d.write_u32(c as u32);
    }
    d.finish128().as_bytes()
}

/// Runs of `true` as (start, end) ranges.
fn ranges(flags: &[bool]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &f) in flags.iter().chain(std::iter::once(&false)).enumerate() {
        match (f, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s as u32, i as u32));
                start = None;
            }
            _ => {}
        }
    }
    out
}
