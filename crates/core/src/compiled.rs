//! The precompiled form of a rule set (`mijian dict compile -o rules.mjd`).
//!
//! Compiling 10^6 terms from text (parse, normalise, sort, fill the n-gram tables) takes about
//! 2 s on the project's machine; a CMS that restarts its scanner, or a `scan` run from a script,
//! should not pay that each time. The compiled form stores the rule set as it is in memory (the
//! entries, and the n-gram matcher's flat arrays) so that loading is reading and copying arrays.
//! Patterns (`re:`) are stored as source and compiled on load: there are few of them.
//!
//! # Format (all integers little-endian)
//!
//! ```text
//! header, 52 bytes:
//!   magic            8 bytes  b"MIJIANRS"
//!   format version   u32      FORMAT_VERSION: bumped whenever the layout or the normalisation
//!                             of stored terms changes
//!   mijian version   16 bytes the crate version that wrote it, NUL-padded
//!   checksum         u64      XXH3-64 of the payload
//!   entry count      u64
//!   payload length   u64
//! payload:
//!   default rules    u8       1 if the built-in markings and dictionary are in
//!   dictionaries     u32 n, then n names (u32 length + UTF-8)
//!   entry sources    u32 n, then n names: the dictionary index of each entry refers to these
//!   entries          per entry: kind u8 (0 literal, 1 regex), class u8, finding kind u8
//!                    (0 term, 1 document number: set when the entry was parsed), dictionary
//!                    u32, line u32, pattern string, category (u32 length, u32::MAX for none)
//!   merged duplicates, distinct terms: u64 each
//!   literal matcher  u8 present, then its arrays (see `matcher::ngram`), each u64 length + items
//! ```
//!
//! A file is refused, never half-loaded, when its magic is not mijian's (a foreign file), when it
//! was written by another format or mijian version (stale: recompile it from the dictionaries),
//! when its checksum does not match (corrupt), or when an index in it points outside its arrays.

use crate::dictionary::{Entry, Pattern, Source};
use crate::finding::FindingKind;
use crate::level::Class;
use std::sync::Arc;

/// The first bytes of a compiled rule set.
pub const MAGIC: &[u8; 8] = b"MIJIANRS";
/// The layout version this build writes and reads.
/// 2: terms are stored normalised with star, variant and dash folding (a term compiled by
/// format 1 holding `宻` or `KJ–3` would never match the text, which now reads `密`, `kj-3`).
/// 3: each entry stores the kind of its findings (term or document number), as the dictionary
/// parser set it; the category is only carried for people, never read back to decide the kind.
/// 4: a term of three or more characters is filed under its rarest trigram, not its first, and
/// stores its bytes before that trigram as well as after it.
/// 5: terms are stored with look-alike Cyrillic and Greek letters, styled (mathematical, enclosed,
/// superscript) letters and combining marks folded, as the text now is (`КJ-3` reads `kj-3`).
/// 6: terms are stored with the CJK Radicals Supplement folded (`⻑城` reads `长城`), and the
/// matcher holds each term's other spellings (`kj3型`, `kj 3型` for `kj-3型`).
/// 7: one joining symbol between Latin characters is stored as the hyphen (`kj_3` reads `kj-3`),
/// and the spellings include Taiwan's words (`紫电专案` for `紫电项目`).
/// 8: emoji and a few pictures (♥ ♪ ✿) between CJK characters are fillers (`紫🔥电` reads `紫电`),
/// the spellings include a designation's number written the other way (`第87研究所`), and every
/// character folds to a fixed point (`Ԁ` reads `d`, as `ԁ` did).
pub const FORMAT_VERSION: u32 = 8;
const HEADER_LEN: usize = 52;

/// Why a compiled rule set was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CompiledError {
    /// Not a mijian compiled rule set.
    #[error("not a mijian compiled rule set (bad magic)")]
    Foreign,
    /// Written by another format version or another mijian version: recompile it from its
    /// dictionaries (see [`CompiledError::text`] for the words in both languages).
    #[error("{}", self.text(crate::Lang::En))]
    Stale {
        /// The version in the file.
        written: String,
        /// The format version in the file.
        format: u32,
        /// This build's version.
        this: &'static str,
    },
    /// The payload does not match its checksum, or the file is cut short.
    #[error("corrupt compiled rule set: {0}")]
    Corrupt(String),
}

impl CompiledError {
    /// The refusal for people in `lang` (English: as [`Display`](std::fmt::Display) writes it).
    /// Whoever loads the file puts its name in front.
    pub fn text(&self, lang: crate::Lang) -> String {
        use crate::Lang;
        match (self, lang) {
            (CompiledError::Foreign, Lang::En) => "not a mijian compiled rule set (bad magic)".into(),
            (CompiledError::Foreign, Lang::Zh) => "不是 mijian 编译的规则集（文件头不符）".into(),
            (CompiledError::Stale { written, format, this }, Lang::En) => format!(
                "stale compiled rule set: written by mijian {written} (format {format}), this is mijian {this} \
                 (format {FORMAT_VERSION}); recompile it with `mijian dict compile`"
            ),
            (CompiledError::Stale { written, format, this }, Lang::Zh) => format!(
                "编译的规则集已过时：由 mijian {written}（格式 {format}）写成，这一版本是 mijian {this}（格式 \
                 {FORMAT_VERSION}），读不了；请用 `mijian dict compile` 从词典重新编译"
            ),
            (CompiledError::Corrupt(why), Lang::En) => format!("corrupt compiled rule set: {why}"),
            (CompiledError::Corrupt(why), Lang::Zh) => format!("编译的规则集已损坏（{why}）；请重新编译"),
        }
    }
}

/// Appends little-endian values to a buffer.
pub(crate) struct Out(pub Vec<u8>);

impl Out {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    pub fn u64s(&mut self, v: &[u64]) {
        self.u64(v.len() as u64);
        self.0.reserve(v.len() * 8);
        for x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
}

/// Reads little-endian values, failing (never panicking) on a short buffer.
pub(crate) struct In<'a> {
    buf: &'a [u8],
    at: usize,
}

pub(crate) type Res<T> = Result<T, CompiledError>;

pub(crate) fn corrupt(why: &str) -> CompiledError {
    CompiledError::Corrupt(why.to_string())
}

impl<'a> In<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        In { buf, at: 0 }
    }
    pub fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.buf.len()).ok_or_else(|| corrupt("cut short"))?;
        let s = &self.buf[self.at..end];
        self.at = end;
        Ok(s)
    }
    pub fn u8(&mut self) -> Res<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Res<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn u64(&mut self) -> Res<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    pub fn len(&mut self, item: usize) -> Res<usize> {
        let n = self.u64()?;
        usize::try_from(n)
            .ok()
            .filter(|n| n.saturating_mul(item) <= self.buf.len() - self.at)
            .ok_or_else(|| corrupt("array longer than the file"))
    }
    pub fn str(&mut self) -> Res<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| corrupt("bad UTF-8"))
    }
    pub fn bytes(&mut self) -> Res<Vec<u8>> {
        let n = self.len(1)?;
        Ok(self.take(n)?.to_vec())
    }
    pub fn u64s(&mut self) -> Res<Vec<u64>> {
        let n = self.len(8)?;
        Ok(self.take(n * 8)?.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect())
    }
    pub fn done(&self) -> bool {
        self.at == self.buf.len()
    }
}

const CLASSES: [Class; 10] = [
    Class::TopSecret,
    Class::Secret,
    Class::Confidential,
    Class::CommercialSecret,
    Class::NotForRelease,
    Class::WorkSecret,
    Class::Internal,
    Class::Sensitive,
    Class::Info,
    Class::Allow,
];

/// The kinds of findings a dictionary entry can have, by their stored number.
const FINDING_KINDS: [FindingKind; 2] = [FindingKind::Term, FindingKind::DocNumber];

/// Whether `bytes` start like a compiled rule set (for front ends that accept either form).
pub fn is_compiled(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The header and payload of a rule set whose parts are written by `write_payload`.
pub(crate) fn seal(entries: usize, payload: Vec<u8>) -> Vec<u8> {
    let mut out = Out(Vec::with_capacity(HEADER_LEN + payload.len()));
    out.0.extend_from_slice(MAGIC);
    out.u32(FORMAT_VERSION);
    let mut version = [0u8; 16];
    let v = env!("CARGO_PKG_VERSION").as_bytes();
    version[..v.len().min(16)].copy_from_slice(&v[..v.len().min(16)]);
    out.0.extend_from_slice(&version);
    out.u64(xxhash_rust::xxh3::xxh3_64(&payload));
    out.u64(entries as u64);
    out.u64(payload.len() as u64);
    out.0.extend_from_slice(&payload);
    out.0
}

/// A compiled rule set whose payload was changed, with its header made consistent again (length
/// and checksum recomputed): what a forger would write. For tests and fuzzing, which must show
/// that such a file is refused or loads without harm; `None` if `bytes` has no header.
pub fn reseal(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < HEADER_LEN {
        return None;
    }
    let entries = u64::from_le_bytes(bytes[36..44].try_into().ok()?);
    let mut out = seal(usize::try_from(entries).ok()?, bytes[HEADER_LEN..].to_vec());
    out[..28].copy_from_slice(&bytes[..28]); // magic and versions as they were
    Some(out)
}

/// Checks the header and checksum; returns (entry count, payload).
pub(crate) fn open(bytes: &[u8]) -> Res<(usize, &[u8])> {
    if !is_compiled(bytes) {
        return Err(CompiledError::Foreign);
    }
    if bytes.len() < HEADER_LEN {
        return Err(corrupt("header cut short"));
    }
    let mut h = In::new(&bytes[8..HEADER_LEN]);
    let format = h.u32()?;
    let version = h.take(16)?;
    let written = String::from_utf8_lossy(version).trim_end_matches('\0').to_string();
    if format != FORMAT_VERSION || written != env!("CARGO_PKG_VERSION") {
        return Err(CompiledError::Stale { written, format, this: env!("CARGO_PKG_VERSION") });
    }
    let sum = h.u64()?;
    let entries = h.u64()? as usize;
    let len = h.u64()?;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != len {
        return Err(corrupt(&format!("payload of {} bytes, header says {len}", payload.len())));
    }
    if xxhash_rust::xxh3::xxh3_64(payload) != sum {
        return Err(corrupt("checksum mismatch"));
    }
    Ok((entries, payload))
}

pub(crate) fn write_entries(out: &mut Out, entries: &[Entry]) {
    let mut names: Vec<Arc<str>> = Vec::new();
    for e in entries {
        if !names.iter().any(|n| Arc::ptr_eq(n, &e.source.dictionary) || **n == *e.source.dictionary) {
            names.push(e.source.dictionary.clone());
        }
    }
    out.u32(names.len() as u32);
    for n in &names {
        out.str(n);
    }
    let mut last = 0usize;
    for e in entries {
        if *names[last] != *e.source.dictionary {
            last = names.iter().position(|n| **n == *e.source.dictionary).unwrap();
        }
        let (kind, text) = match &e.pattern {
            Pattern::Literal(t) => (0, t),
            Pattern::Regex(r) => (1, r),
        };
        out.u8(kind);
        out.u8(CLASSES.iter().position(|c| *c == e.class).unwrap() as u8);
        out.u8(FINDING_KINDS.iter().position(|k| *k == e.kind).unwrap() as u8);
        out.u32(last as u32);
        out.u32(e.source.line);
        out.str(text);
        match &e.category {
            Some(c) => out.str(c),
            None => out.u32(u32::MAX),
        }
    }
}

pub(crate) fn read_entries(inp: &mut In<'_>, count: usize) -> Res<Vec<Entry>> {
    let n = inp.u32()? as usize;
    let mut names = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        names.push(Arc::<str>::from(inp.str()?));
    }
    let mut entries = Vec::with_capacity(count.min(inp.buf.len() / 14));
    for _ in 0..count {
        let kind = inp.u8()?;
        let class = *CLASSES.get(inp.u8()? as usize).ok_or_else(|| corrupt("unknown level"))?;
        let finding = *FINDING_KINDS.get(inp.u8()? as usize).ok_or_else(|| corrupt("unknown finding kind"))?;
        let dictionary = names.get(inp.u32()? as usize).ok_or_else(|| corrupt("unknown dictionary"))?.clone();
        let line = inp.u32()?;
        let text = inp.str()?.to_string();
        let pattern = match kind {
            0 => Pattern::Literal(text),
            1 => Pattern::Regex(text),
            _ => return Err(corrupt("unknown entry kind")),
        };
        let category = {
            let n = inp.u32()?;
            if n == u32::MAX {
                None
            } else {
                Some(std::str::from_utf8(inp.take(n as usize)?).map_err(|_| corrupt("bad UTF-8"))?.to_string())
            }
        };
        entries.push(Entry { pattern, class, kind: finding, category, source: Source { dictionary, line } });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dictionary, Rules, RulesError};

    fn rules() -> Rules {
        let a =
            Dictionary::parse("a", "紫电计划\t机密\t项目\n黄片\n三黄片\tallow\nkj-3型\t秘密\n密\tinfo\n".as_bytes())
                .unwrap();
        let b = Dictionary::parse(
            "b",
            "re:\\p{Han}{2}密发〔\\d{4}〕\\d+号\t秘密\tdoc-number\n试验场\t工作秘密\n".as_bytes(),
        )
        .unwrap();
        Rules::builder().dictionary(a).dictionary(b).build().unwrap()
    }

    fn summary(r: &Rules, text: &str) -> Vec<(String, String, String)> {
        r.find_in_text(text)
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.matched.clone(), f.class.to_string()))
            .collect()
    }

    #[test]
    fn round_trip_scans_the_same() {
        let r = rules();
        let loaded = Rules::from_compiled(&r.to_compiled()).unwrap();
        let text = "机密★1年\n紫 電 計 劃在试验场，三黄片与黄片，KJ-3型，省厅密发〔2020〕3号，密";
        assert!(summary(&r, text).len() >= 6, "{:?}", summary(&r, text));
        assert_eq!(summary(&loaded, text), summary(&r, text));
        assert_eq!(loaded.stats().terms, r.stats().terms);
        assert_eq!(loaded.stats().dictionaries, vec!["default", "a", "b"]);
        assert_eq!(loaded.entries().len(), r.entries().len());
    }

    #[test]
    fn refuses_foreign_stale_corrupt_and_short_files() {
        let bytes = rules().to_compiled();
        let err = |b: &[u8]| match Rules::from_compiled(b) {
            Err(RulesError::Compiled(e)) => e,
            other => panic!("accepted: {:?}", other.is_ok()),
        };
        assert_eq!(err(b"PK\x03\x04 not rules"), CompiledError::Foreign);
        let mut stale = bytes.clone();
        stale[8] = 99; // format version
        assert!(matches!(err(&stale), CompiledError::Stale { format: 99, .. }));
        let mut other_version = bytes.clone();
        other_version[12..28].copy_from_slice(b"0.0.1\0\0\0\0\0\0\0\0\0\0\0");
        assert!(matches!(err(&other_version), CompiledError::Stale { ref written, .. } if written == "0.0.1"));
        let mut flipped = bytes.clone();
        let mid = bytes.len() / 2;
        flipped[mid] ^= 0x40;
        assert_eq!(err(&flipped), CompiledError::Corrupt("checksum mismatch".into()));
        assert!(matches!(err(&bytes[..bytes.len() - 3]), CompiledError::Corrupt(_)));
        assert!(matches!(err(&bytes[..20]), CompiledError::Corrupt(_)));
    }

    #[test]
    fn the_finding_kind_is_stored_not_guessed_again_from_the_category() {
        let r = rules();
        let loaded = Rules::from_compiled(&r.to_compiled()).unwrap();
        let kinds = |r: &Rules| r.entries().iter().map(|e| (e.kind, e.category.clone())).collect::<Vec<_>>();
        assert_eq!(kinds(&loaded), kinds(&r));
        assert!(loaded.entries().iter().any(|e| e.kind == FindingKind::DocNumber));
        // The kind read back is the stored one: a file whose stored kinds were flipped (and
        // re-sealed) loads with the flipped kinds, whatever the categories say.
        let mut out = Out(Vec::new());
        let mut entries = r.entries().to_vec();
        for e in &mut entries {
            e.kind = if e.kind == FindingKind::Term { FindingKind::DocNumber } else { FindingKind::Term };
        }
        write_entries(&mut out, &entries);
        let mut inp = In::new(&out.0);
        let read = read_entries(&mut inp, entries.len()).unwrap();
        assert_eq!(read.iter().map(|e| e.kind).collect::<Vec<_>>(), entries.iter().map(|e| e.kind).collect::<Vec<_>>());
    }

    #[test]
    fn a_file_of_the_previous_format_is_refused_in_both_languages_with_the_way_out() {
        let mut old = rules().to_compiled();
        old[8..12].copy_from_slice(&2u32.to_le_bytes());
        let e = match Rules::from_compiled(&old) {
            Err(RulesError::Compiled(e)) => e,
            other => panic!("accepted: {:?}", other.is_ok()),
        };
        assert!(matches!(e, CompiledError::Stale { format: 2, .. }));
        let en = e.text(crate::Lang::En);
        assert!(en.contains("(format 2)") && en.contains("recompile it with `mijian dict compile`"), "{en}");
        assert_eq!(e.to_string(), en);
        let zh = e.text(crate::Lang::Zh);
        assert!(zh.contains("格式 2") && zh.contains("请用 `mijian dict compile` 从词典重新编译"), "{zh}");
    }

    #[test]
    fn checks_indexes_even_when_the_checksum_matches() {
        // A payload re-sealed after tampering (as a forger would) must still not panic.
        let bytes = rules().to_compiled();
        let payload = &bytes[HEADER_LEN..];
        for cut in [1, payload.len() / 3, payload.len() - 1] {
            let mut p = payload.to_vec();
            p[cut] = p[cut].wrapping_add(0x81);
            let resealed = seal(rules().entries().len(), p);
            let _ = Rules::from_compiled(&resealed); // an error or a rule set, never a panic
        }
    }
}
