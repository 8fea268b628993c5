//! The index: registered documents and their fingerprints, and its file format.
//!
//! An index holds, per registered document, its label, level, size, date and character counts,
//! and the one-byte keyed *sketch* of each of its k-grams (by which a match is extended to its
//! exact length); and for the whole index a table of the winnowed keyed fingerprints with the
//! document and position of each, and the fingerprints learnt from public documents. No text,
//! no file name, no plain hash of any text: every value depends on the key.
//!
//! The file (all integers little-endian):
//!
//! ```text
//! magic      "MIJIANIX"                     8 bytes
//! version    u32 = 2
//! k, w       u32, u32                       k-gram length, winnowing window
//! check      16 bytes                       keyed check value: tells a wrong key
//! documents  u32 count, then each:
//!            label (u32 length + UTF-8), level (u32 length + UTF-8), added (u64, Unix seconds),
//!            size (u64, bytes of the file), chars (u32), indexed (u32), digest (16 bytes, keyed),
//!            sketch (u32 length + bytes), excluded ranges (u32 count + u32 start, u32 end each)
//! prints     u64 count, then each: fingerprint (u32), document (u32), position (u32), check (u32)
//! public     u64 count, then each: fingerprint (u32), sorted
//! checksum   16 bytes: XXH3-128 of everything before it
//! ```
//!
//! The check of a fingerprint holds two bits of the sketch of each of the eight k-grams before
//! and after it (see [`Print::check`]): a scan rejects most postings from them alone, without
//! reading the document's sketch (a cache miss in a large index). Version 1 had no check; an
//! index of another version is refused, never misread: the operator builds it again.
//!
//! Writes are atomic (a temporary file in the same directory, synced, then renamed over the
//! index), so a gateway reloading the index never reads half a file.

use crate::key::{Hashers, IndexKey};
use crate::matching::Tally;
use mijian_core::Class;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

const MAGIC: &[u8; 8] = b"MIJIANIX";
/// The index format this mijian reads and writes.
pub const INDEX_VERSION: u32 = 2;
const VERSION: u32 = INDEX_VERSION;

/// The k-gram length, in content characters: chosen by measurement (benches/README.md).
pub const DEFAULT_K: u32 = 10;
/// The winnowing window: with [`DEFAULT_K`] the guarantee threshold is w + k − 1 = 33 content
/// characters, under the 50 normalised characters (about 44 content characters) of the policy.
pub const DEFAULT_WINDOW: u32 = 24;

/// Why an index could not be read, written or used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The index file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The file is not a mijian index (another file given by mistake).
    #[error("{}: not a mijian index", .0.display())]
    Foreign(PathBuf),
    /// An index of a format this mijian does not know: made by an older mijian (build it again
    /// from the registered documents, with the same key) or by a newer one.
    #[error(
        "{}: index format version {found}, this mijian reads version {VERSION}; {}",
        path.display(),
        if *found < VERSION {
            "it was made by an older mijian: build it again from the registered documents with `mijian index add` (the same key)"
        } else {
            "it was made by a newer mijian: use that version"
        }
    )]
    Version {
        /// The index file.
        path: PathBuf,
        /// Its version.
        found: u32,
    },
    /// The checksum or the structure is wrong: the file was damaged.
    #[error("{}: damaged index ({what}); restore it from a copy or build it again", path.display())]
    Corrupt {
        /// The index file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// The key is not the one the index was made with.
    #[error("{}: the key does not open this index (it was made with another key); nothing can be matched", .0.display())]
    WrongKey(PathBuf),
}

/// What tells an index file from another: its length and the SHA-256 of its bytes, taken while
/// [`Index::open`] read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexFile {
    /// Bytes.
    pub len: u64,
    /// SHA-256 of the bytes.
    pub sha256: [u8; 32],
}

/// A registered document, as the index describes it (never its text).
#[derive(Clone, Debug)]
pub struct Registered {
    /// The label given by the security team (a register number).
    pub label: String,
    /// The level it was registered at.
    pub level: Class,
    /// When it was added (Unix seconds).
    pub added: u64,
    /// Size of the file, bytes.
    pub size: u64,
    /// Content characters (letters, digits, ideographs) read from it.
    pub chars: u32,
    /// Of those, the characters outside boilerplate: the measure of containment.
    pub indexed: u32,
    /// Keyed digest of its content, to tell a document registered twice.
    pub(crate) digest: [u8; 16],
    /// Keyed sketch byte of each k-gram.
    pub(crate) sketch: Vec<u8>,
    /// Content character ranges that are boilerplate.
    pub(crate) excluded: Vec<(u32, u32)>,
}

/// One stored fingerprint: a k-gram kept by winnowing, where it is, and a check of its
/// neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Print {
    pub fingerprint: u32,
    pub doc: u32,
    pub pos: u32,
    /// The low two bits of the sketch of the k-grams at `pos − 1 … pos − 8` (bits 0–15, the
    /// nearest lowest) and `pos + 1 … pos + 8` (bits 16–31); zero past the document's ends.
    /// Eight each side, so that a run too short to count (under 20 characters, 10 more than a
    /// k-gram) is told from the check alone; two bits each, so that a chance agreement (one in
    /// four) lengthens the estimate by a third of a character on average.
    pub check: u32,
}

/// How many k-grams each side of a fingerprint [`Print::check`] describes.
pub(crate) const CHECK_REACH: usize = 8;
/// Bits of each k-gram's sketch in [`Print::check`].
pub(crate) const CHECK_BITS: u32 = 2;
const CHECK_MASK: u8 = (1 << CHECK_BITS) - 1;

impl Print {
    /// The check of the k-gram at `pos` of a document with this sketch.
    pub fn check_of(sketch: &[u8], pos: usize) -> u32 {
        let bits = |at: Option<usize>| at.and_then(|a| sketch.get(a)).map_or(0, |&b| u32::from(b & CHECK_MASK));
        (1..=CHECK_REACH).fold(0, |acc, j| {
            let shift = CHECK_BITS * (j as u32 - 1);
            acc | bits(pos.checked_sub(j)) << shift | bits(Some(pos + j)) << (16 + shift)
        })
    }

    /// The order of prints as one number: (fingerprint, document, position, check), the order
    /// `Ord` gives, compared without a branch per field.
    #[inline]
    pub fn key(&self) -> u128 {
        u128::from(self.fingerprint) << 96
            | u128::from(self.doc) << 64
            | u128::from(self.pos) << 32
            | u128::from(self.check)
    }

    /// How many k-grams next to this posting, before and after (each up to [`CHECK_REACH`]),
    /// agree with `scanned`, the check of the scanned text made the same way ([`Print::check_of`]
    /// of its sketches at the seed): up to the first disagreement, where the registered k-gram
    /// differs; an agreement may be chance. The caller caps each at the scanned text's end.
    #[inline]
    pub fn agreeing(&self, scanned: u32) -> (usize, usize) {
        let x = self.check ^ scanned;
        // Agreeing groups are zero bits; a guard bit past the last group stops the count there.
        let count = |half: u32| ((half & 0xFFFF) | 0x1_0000).trailing_zeros() as usize / CHECK_BITS as usize;
        (count(x), count(x >> 16))
    }
}

/// A fingerprint index of registered documents.
#[derive(Clone, Debug)]
pub struct Index {
    pub(crate) k: u32,
    pub(crate) w: u32,
    pub(crate) check: [u8; 16],
    pub(crate) docs: Vec<Registered>,
    /// Sorted by fingerprint.
    pub(crate) prints: Vec<Print>,
    /// Fingerprints found in public documents, sorted.
    pub(crate) public: Vec<u32>,
    /// The tally of `prints` made as they were read (see [`Tally`]); none once they change.
    pub(crate) tally: Option<Tally>,
}

impl Index {
    /// An empty index for `key`, with the default k and window.
    pub fn new(key: &IndexKey) -> Index {
        Index::with_params(key, DEFAULT_K, DEFAULT_WINDOW)
    }

    /// An empty index with a chosen k-gram length and window (benchmarks).
    pub fn with_params(key: &IndexKey, k: u32, w: u32) -> Index {
        Index {
            k: k.max(2),
            w: w.max(1),
            check: key.hashers().check,
            docs: Vec::new(),
            prints: Vec::new(),
            public: Vec::new(),
            tally: None,
        }
    }

    /// The registered documents, in the order they were added.
    pub fn documents(&self) -> &[Registered] {
        &self.docs
    }

    /// k-gram length and window.
    pub fn params(&self) -> (u32, u32) {
        (self.k, self.w)
    }

    /// Guarantee threshold: any shared run of this many content characters shares a fingerprint.
    pub fn guarantee(&self) -> u32 {
        self.k + self.w - 1
    }

    /// Stored fingerprints.
    pub fn fingerprints(&self) -> usize {
        self.prints.len()
    }

    /// Fingerprints learnt from public documents.
    pub fn public_fingerprints(&self) -> usize {
        self.public.len()
    }

    /// Memory held by the index, bytes (what a scanner keeps loaded).
    pub fn heap_bytes(&self) -> usize {
        let docs: usize = self
            .docs
            .iter()
            .map(|d| {
                std::mem::size_of::<Registered>() + d.label.len() + d.sketch.capacity() + d.excluded.capacity() * 8
            })
            .sum();
        docs + self.prints.capacity() * std::mem::size_of::<Print>() + self.public.capacity() * 4
    }

    /// Whether `key` is the key this index was made with.
    pub fn opens_with(&self, key: &IndexKey) -> bool {
        key.hashers().check == self.check
    }

    pub(crate) fn hashers_for(&self, key: &IndexKey, path: &Path) -> Result<Hashers, IndexError> {
        let h = key.hashers();
        if h.check != self.check {
            return Err(IndexError::WrongKey(path.to_path_buf()));
        }
        Ok(h)
    }

    /// Removes every document with this label; returns how many.
    pub fn remove(&mut self, label: &str) -> usize {
        let gone: Vec<bool> = self.docs.iter().map(|d| d.label == label).collect();
        let removed = gone.iter().filter(|&&g| g).count();
        if removed == 0 {
            return 0;
        }
        self.tally = None;
        // New document numbers after the removal.
        let mut renumber = Vec::with_capacity(gone.len());
        let mut next = 0u32;
        for &g in &gone {
            renumber.push(next);
            next += u32::from(!g);
        }
        self.prints.retain(|p| !gone[p.doc as usize]);
        for p in &mut self.prints {
            p.doc = renumber[p.doc as usize];
        }
        let mut n = 0;
        self.docs.retain(|_| {
            n += 1;
            !gone[n - 1]
        });
        removed
    }

    /// Writes the index to `path` atomically (temporary file, sync, rename).
    pub fn save(&mut self, path: &Path) -> Result<(), IndexError> {
        use std::io::Write;
        let bytes = self.to_bytes();
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
        let io = |e| IndexError::Io { path: path.to_path_buf(), source: e };
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written.map_err(io)
    }

    /// Reads an index, refusing a foreign, newer or damaged file.
    pub fn load(path: &Path) -> Result<Index, IndexError> {
        Index::open(path).map(|(index, _)| index)
    }

    /// Reads an index as [`Index::load`] does, with the SHA-256 of the file's bytes (what names
    /// the index in the rules version), in one pass over the file: its parts are read straight
    /// into the memory that keeps them (no copy of the whole file is held, hashed, parsed and
    /// copied again), the checksum and the digest taken on the way.
    pub fn open(path: &Path) -> Result<(Index, IndexFile), IndexError> {
        let io = |e| IndexError::Io { path: path.to_path_buf(), source: e };
        let file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        read_index(file, len, path)
    }
    /// The file form of the index (see the module documentation).
    pub fn to_bytes(&mut self) -> Vec<u8> {
        self.settle();
        let mut o =
            Vec::with_capacity(64 + self.prints.len() * 16 + self.docs.iter().map(|d| d.sketch.len()).sum::<usize>());
        o.extend_from_slice(MAGIC);
        put32(&mut o, VERSION);
        put32(&mut o, self.k);
        put32(&mut o, self.w);
        o.extend_from_slice(&self.check);
        put32(&mut o, self.docs.len() as u32);
        for d in &self.docs {
            put_str(&mut o, &d.label);
            put_str(&mut o, d.level.as_str());
            put64(&mut o, d.added);
            put64(&mut o, d.size);
            put32(&mut o, d.chars);
            put32(&mut o, d.indexed);
            o.extend_from_slice(&d.digest);
            put32(&mut o, d.sketch.len() as u32);
            o.extend_from_slice(&d.sketch);
            put32(&mut o, d.excluded.len() as u32);
            for &(s, e) in &d.excluded {
                put32(&mut o, s);
                put32(&mut o, e);
            }
        }
        put64(&mut o, self.prints.len() as u64);
        for p in &self.prints {
            put32(&mut o, p.fingerprint);
            put32(&mut o, p.doc);
            put32(&mut o, p.pos);
            put32(&mut o, p.check);
        }
        put64(&mut o, self.public.len() as u64);
        for &p in &self.public {
            put32(&mut o, p);
        }
        let sum = xxhash_rust::xxh3::xxh3_128(&o);
        o.extend_from_slice(&sum.to_le_bytes());
        o
    }

    /// Reads the file form; `path` names the file in errors.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Index, IndexError> {
        read_index(bytes, bytes.len() as u64, path).map(|(index, _)| index)
    }

    /// Checks that every stored number is in range, so that matching never indexes out of bounds
    /// (the fingerprints were checked as they were read: see [`Reader::prints`]).
    fn validate(&self) -> Result<(), &'static str> {
        if self.k < 2 || self.w < 1 || self.k > 1000 || self.w > 10_000 {
            return Err("parameters");
        }
        if !self.public.windows(2).all(|w| w[0] <= w[1]) {
            return Err("order");
        }
        for d in &self.docs {
            if d.excluded.iter().any(|&(s, e)| s > e || e > d.chars) || d.indexed > d.chars {
                return Err("document ranges");
            }
        }
        Ok(())
    }
}

/// Reads an index of `len` bytes from `source`: the index and the SHA-256 of its bytes.
fn read_index(source: impl Read, len: u64, path: &Path) -> Result<(Index, IndexFile), IndexError> {
    let corrupt = |what: &str| IndexError::Corrupt { path: path.to_path_buf(), what: what.to_string() };
    let fail = |bad| match bad {
        Bad::Io(e) => IndexError::Io { path: path.to_path_buf(), source: e },
        Bad::Corrupt(what) => corrupt(what),
    };
    let hashing = Hashing { inner: source, body_left: len.saturating_sub(16), sha: Sha256::new(), xxh: Xxh3::new() };
    let mut r = Reader { inner: std::io::BufReader::with_capacity(1 << 16, hashing), left: len.saturating_sub(16) };
    let mut magic = [0u8; 8];
    if len >= 8 {
        r.inner.read_exact(&mut magic).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => IndexError::Foreign(path.to_path_buf()),
            _ => IndexError::Io { path: path.to_path_buf(), source: e },
        })?;
    }
    if &magic != MAGIC {
        return Err(IndexError::Foreign(path.to_path_buf()));
    }
    if len < 8 + 4 + 16 {
        return Err(corrupt("truncated"));
    }
    r.left -= 8;
    let version = r.u32().map_err(fail)?;
    if version != VERSION {
        return Err(IndexError::Version { path: path.to_path_buf(), found: version });
    }
    let index = read_body(&mut r).map_err(fail)?;
    if r.left != 0 {
        return Err(corrupt("trailing bytes"));
    }
    let mut sum = [0u8; 16];
    r.left = 16;
    r.fill(&mut sum).map_err(fail)?;
    let hashing = r.inner.into_inner();
    if hashing.xxh.digest128().to_le_bytes() != sum {
        return Err(corrupt("checksum mismatch"));
    }
    index.validate().map_err(corrupt)?;
    Ok((index, IndexFile { len, sha256: hashing.sha.finalize().into() }))
}

/// The index after the version, or what is wrong with it.
fn read_body(r: &mut Reader<impl Read>) -> Result<Index, Bad> {
    let k = r.u32()?;
    let w = r.u32()?;
    let mut check = [0u8; 16];
    r.fill(&mut check)?;
    let n = r.u32()? as usize;
    let mut docs = Vec::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        let label = r.str()?;
        let level: Class = r.str()?.parse().map_err(|_| Bad::Corrupt("structure"))?;
        let added = r.u64()?;
        let size = r.u64()?;
        let chars = r.u32()?;
        let indexed = r.u32()?;
        let mut digest = [0u8; 16];
        r.fill(&mut digest)?;
        let len = r.u32()? as usize;
        let sketch = r.bytes(len)?;
        let m = r.u32()? as usize;
        r.room(m, 8)?;
        let mut excluded = Vec::with_capacity(m);
        for _ in 0..m {
            excluded.push((r.u32()?, r.u32()?));
        }
        docs.push(Registered { label, level, added, size, chars, indexed, digest, sketch, excluded });
    }
    let (prints, tally) = r.prints(&docs)?;
    let n = usize::try_from(r.u64()?).map_err(|_| Bad::Corrupt("structure"))?;
    r.room(n, 4)?;
    let mut public = Vec::with_capacity(n);
    for _ in 0..n {
        public.push(r.u32()?);
    }
    Ok(Index { k, w, check, docs, prints, public, tally: Some(tally) })
}

fn put32(o: &mut Vec<u8>, v: u32) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn put64(o: &mut Vec<u8>, v: u64) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn put_str(o: &mut Vec<u8>, s: &str) {
    put32(o, s.len() as u32);
    o.extend_from_slice(s.as_bytes());
}

/// Why reading failed: the file could not be read, or what it holds is wrong.
enum Bad {
    Io(std::io::Error),
    Corrupt(&'static str),
}

/// Hands on what it reads, feeding every byte to SHA-256 (the file's digest) and the bytes
/// before the checksum to XXH3-128 (the checksum).
struct Hashing<R> {
    inner: R,
    body_left: u64,
    sha: Sha256,
    xxh: Xxh3,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = &buf[..n];
        self.sha.update(got);
        let body = (n as u64).min(self.body_left) as usize;
        self.xxh.update(&got[..body]);
        self.body_left -= body as u64;
        Ok(n)
    }
}

/// Reads the parts of an index; `left` is what remains before the checksum, the bound of every
/// count (a damaged count allocates nothing beyond the file's size).
struct Reader<R: Read> {
    inner: std::io::BufReader<Hashing<R>>,
    left: u64,
}

impl<R: Read> Reader<R> {
    /// Whether `n` items of `size` bytes fit in what remains.
    fn room(&self, n: usize, size: usize) -> Result<(), Bad> {
        match n.checked_mul(size) {
            Some(b) if b as u64 <= self.left => Ok(()),
            _ => Err(Bad::Corrupt("structure")),
        }
    }

    fn fill(&mut self, buf: &mut [u8]) -> Result<(), Bad> {
        if buf.len() as u64 > self.left {
            return Err(Bad::Corrupt("structure"));
        }
        self.inner.read_exact(buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => Bad::Corrupt("truncated"),
            _ => Bad::Io(e),
        })?;
        self.left -= buf.len() as u64;
        Ok(())
    }

    fn bytes(&mut self, n: usize) -> Result<Vec<u8>, Bad> {
        self.room(n, 1)?;
        let mut v = vec![0u8; n];
        self.fill(&mut v)?;
        Ok(v)
    }

    fn u32(&mut self) -> Result<u32, Bad> {
        let mut b = [0u8; 4];
        self.fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> Result<u64, Bad> {
        let mut b = [0u8; 8];
        self.fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn str(&mut self) -> Result<String, Bad> {
        let n = self.u32()? as usize;
        String::from_utf8(self.bytes(n)?).map_err(|_| Bad::Corrupt("structure"))
    }

    /// The fingerprints (a count, then 16 bytes each), checked as they are read (one pass over
    /// the largest part of the file): each of a document, at a position of it, in order; and
    /// their [`Tally`], taken in the same pass.
    fn prints(&mut self, docs: &[Registered]) -> Result<(Vec<Print>, Tally), Bad> {
        let n = usize::try_from(self.u64()?).map_err(|_| Bad::Corrupt("structure"))?;
        self.room(n, 16)?;
        let lengths: Vec<u32> = docs.iter().map(|d| d.sketch.len() as u32).collect();
        let mut prints = Vec::with_capacity(n);
        let mut tally = Tally::new(n);
        let mut previous = 0u128;
        let mut chunk = vec![0u8; 16 * 4096];
        while prints.len() < n {
            let bytes = &mut chunk[..16 * (n - prints.len()).min(4096)];
            self.fill(bytes)?;
            // Checked without a branch per fingerprint (each of a document, inside it, in
            // order: see `Print::key`), what is wrong told apart after the chunk, if anything.
            let from = prints.len();
            let mut wrong = false;
            prints.extend(bytes.chunks_exact(16).map(|b| {
                let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
                let p = Print { fingerprint: word(0), doc: word(4), pos: word(8), check: word(12) };
                let key = p.key();
                wrong |= p.pos >= lengths.get(p.doc as usize).copied().unwrap_or(0);
                wrong |= key < previous;
                previous = key;
                tally.add(&p);
                p
            }));
            if wrong {
                let at = |i: usize| (i > 0).then(|| prints[i - 1]);
                for (i, p) in prints.iter().enumerate().skip(from) {
                    let length = *lengths.get(p.doc as usize).ok_or(Bad::Corrupt("fingerprint of no document"))?;
                    if p.pos >= length {
                        return Err(Bad::Corrupt("fingerprint outside its document"));
                    }
                    if at(i).is_some_and(|q| q > *p) {
                        return Err(Bad::Corrupt("order"));
                    }
                }
            }
        }
        Ok((prints, tally))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Registration;
    use mijian_core::{Location, Role, Segment};

    fn index_of(texts: &[(&str, &str)]) -> (Index, IndexKey) {
        let key = IndexKey::from_bytes([5; 32]);
        let mut index = Index::new(&key);
        for (label, text) in texts {
            let seg = Segment::new(Location::part("text"), Role::Body, *text);
            let what = Registration { label, level: Class::Secret, size: text.len() as u64, added: 1 };
            index.add(&key, Path::new("i"), what, &[seg]).unwrap();
        }
        (index, key)
    }

    const A: &str = "甲方在本季度完成了三项主要试验任务，各项指标均达到设计要求，下一步将转入批量生产阶段的准备工作。";
    const B: &str = "乙方负责的配套设备已经通过验收，运输和安装计划另行通知，相关经费从专项资金中列支并按月报告。";

    #[test]
    fn the_file_form_round_trips_and_every_damage_is_refused() {
        let (mut index, _) = index_of(&[("a", A), ("b", B)]);
        let bytes = index.to_bytes();
        let back = Index::from_bytes(&bytes, Path::new("x.idx")).unwrap();
        assert_eq!(back.docs.len(), 2);
        assert_eq!(back.prints, index.prints);
        assert_eq!(back.docs[1].sketch, index.docs[1].sketch);
        // Every single flipped byte is caught (the checksum covers all but itself; flips in the
        // checksum make it disagree).
        for at in (0..bytes.len()).step_by(7) {
            let mut bad = bytes.clone();
            bad[at] ^= 0x01;
            assert!(Index::from_bytes(&bad, Path::new("x.idx")).is_err(), "flip at {at}");
        }
        assert!(matches!(Index::from_bytes(b"PK\x03\x04", Path::new("x")), Err(IndexError::Foreign(_))));
        let mut newer = bytes.clone();
        newer[8] = 9;
        assert!(matches!(Index::from_bytes(&newer, Path::new("x")), Err(IndexError::Version { found: 9, .. })));
    }

    #[test]
    fn opening_a_file_reads_what_from_bytes_reads_and_hashes_every_byte() {
        use sha2::{Digest, Sha256};
        let (mut index, _) = index_of(&[("a", A), ("b", B)]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.idx");
        index.save(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let (opened, file) = Index::open(&path).unwrap();
        assert_eq!(opened.prints, index.prints);
        assert_eq!(opened.docs[1].sketch, index.docs[1].sketch);
        assert_eq!(opened.docs[0].excluded, index.docs[0].excluded);
        assert_eq!(file, IndexFile { len: bytes.len() as u64, sha256: Sha256::digest(&bytes).into() });
        // Cut anywhere, or a byte flipped: refused, never half read.
        for cut in [0, 5, 8, 20, 27, 40, bytes.len() / 2, bytes.len() - 16, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let e = Index::open(&path).unwrap_err();
            let expected = if cut < 8 { "Foreign" } else { "Corrupt" };
            assert!(format!("{e:?}").starts_with(expected), "cut at {cut}: {e:?}");
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(b"more");
        assert!(Index::from_bytes(&longer, &path).is_err(), "bytes after the checksum");
        assert!(matches!(Index::open(&dir.path().join("none.idx")), Err(IndexError::Io { .. })));
    }

    #[test]
    fn an_index_of_the_format_before_checks_is_refused_and_the_operator_told_to_rebuild_it() {
        let (mut index, _) = index_of(&[("a", A)]);
        let mut old = index.to_bytes();
        old[8..12].copy_from_slice(&1u32.to_le_bytes());
        let e = Index::from_bytes(&old, Path::new("/srv/registered.idx")).unwrap_err();
        assert!(matches!(e, IndexError::Version { found: 1, .. }), "{e:?}");
        let said = e.to_string();
        assert!(said.starts_with("/srv/registered.idx: index format version 1"), "{said}");
        assert!(said.contains("build it again") && said.contains("mijian index add"), "{said}");
    }

    #[test]
    fn each_fingerprint_checks_two_sketch_bits_of_eight_kgrams_each_side() {
        // Sketch byte at i: i + 1 in its low two bits (1, 2, 3, 0, 1, …).
        let sketch: Vec<u8> = (0..20u8).map(|i| 0xA0 | ((i + 1) & 3)).collect();
        let check = Print::check_of(&sketch, 9);
        let p = Print { fingerprint: 0, doc: 0, pos: 9, check };
        assert_eq!(p.agreeing(check), (CHECK_REACH, CHECK_REACH), "the same sketches agree all the way");
        for j in 1..=CHECK_REACH {
            for (at, ahead) in [(9 - j, false), (9 + j, true)] {
                let mut other = sketch.clone();
                other[at] ^= 0xF0;
                let agreeing = p.agreeing(Print::check_of(&other, 9));
                assert_eq!(agreeing, (CHECK_REACH, CHECK_REACH), "only the low bits are kept");
                other[at] ^= 1;
                let expected = if ahead { (CHECK_REACH, j - 1) } else { (j - 1, CHECK_REACH) };
                assert_eq!(p.agreeing(Print::check_of(&other, 9)), expected, "{j} {ahead}: up to the first difference");
                other[9 - j.min(3)] ^= 2;
                other[9 + j.min(3)] ^= 2;
                let both = (j.min(3) - 1, j.min(3) - 1);
                assert_eq!(p.agreeing(Print::check_of(&other, 9)), both, "{j} {ahead}: the nearer difference");
            }
        }
        // Past the document's ends: zero.
        assert_eq!(Print::check_of(&sketch, 1) & 0xFFFF, 1, "sketch[0] only, then zeros");
        assert_eq!(Print::check_of(&sketch, 17) >> 16, 3, "sketch[18] (3), sketch[19] (0), then zeros");
        let (index, _) = index_of(&[("a", A), ("b", B)]);
        for p in &index.prints {
            assert_eq!(p.check, Print::check_of(&index.docs[p.doc as usize].sketch, p.pos as usize));
        }
    }

    #[test]
    fn a_prints_key_orders_as_the_print_does() {
        let mut x = 5u64;
        let mut field = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            [0, 1, u32::MAX, (x >> 40) as u32 & 3][(x >> 62) as usize]
        };
        let prints: Vec<Print> =
            (0..300).map(|_| Print { fingerprint: field(), doc: field(), pos: field(), check: field() }).collect();
        for a in &prints {
            for b in &prints {
                assert_eq!(a.key().cmp(&b.key()), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn prints_out_of_order_or_outside_their_document_are_refused_by_name() {
        let (mut index, _) = index_of(&[("a", A), ("b", B)]);
        assert!(index.public.is_empty());
        let bytes = index.to_bytes();
        // The prints end where the public count (8 bytes, no public fingerprints) and the
        // checksum begin.
        let end = bytes.len() - 16 - 8;
        let start = end - 16 * index.prints.len();
        let said = |bytes: &[u8]| match Index::from_bytes(bytes, Path::new("x.idx")) {
            Err(IndexError::Corrupt { what, .. }) => what,
            other => panic!("{other:?}"),
        };
        let mut swapped = bytes.clone();
        let (first, second) = swapped[start..start + 32].split_at_mut(16);
        first.swap_with_slice(second);
        assert_eq!(said(&swapped), "order");
        let last = end - 16;
        let mut no_document = bytes.clone();
        no_document[last + 4..last + 8].copy_from_slice(&2u32.to_le_bytes());
        assert_eq!(said(&no_document), "fingerprint of no document");
        let mut outside = bytes.clone();
        outside[last + 8..last + 12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(said(&outside), "fingerprint outside its document");
    }

    #[test]
    fn removing_a_document_renumbers_the_fingerprints_of_the_others() {
        let (mut index, _) = index_of(&[("a", A), ("b", B)]);
        let of_b = index.prints.iter().filter(|p| p.doc == 1).count();
        assert_eq!(index.remove("a"), 1);
        assert_eq!(index.docs.len(), 1);
        assert_eq!(index.prints.len(), of_b);
        assert!(index.prints.iter().all(|p| p.doc == 0));
        assert_eq!(index.remove("a"), 0);
    }

    #[test]
    fn the_index_holds_no_text_of_its_documents() {
        let (mut index, _) = index_of(&[("a", A)]);
        let bytes = index.to_bytes();
        for piece in A.chars().collect::<Vec<_>>().chunks(2) {
            let s: String = piece.iter().collect();
            assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "{s}");
        }
    }
}
