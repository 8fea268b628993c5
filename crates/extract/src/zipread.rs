//! Reading ZIP archives made by strangers, with every size bounded.
//!
//! OOXML files (DOCX, XLSX, PPTX) and OFD are ZIP archives. A ZIP entry declares its own
//! decompressed size, and nothing forces the declaration to be true: a "zip bomb" declares a few
//! bytes and inflates to gigabytes. So [`Archive`] never trusts a declared size. Each read is capped
//! with [`Read::take`] at the smallest of four bounds, all from [`Limits`]:
//!
//! - `max_part_bytes`, the largest single entry;
//! - what is left of the file's decompression budget, a running total over every archive of the
//!   top-level file at any nesting depth (see [`Limits::decompressed_cap`]), charged as the entry
//!   inflates, in chunks, so that a cancelled inspection stops within milliseconds;
//! - `max_ratio` times the entry's compressed size (a deflate stream cannot honestly exceed about
//!   1 032:1, and real documents stay far below), applied only above [`RATIO_FLOOR`] so that tiny
//!   entries with a large ratio (a 20-byte stream of 2 KiB of spaces) are not refused;
//! - `max_entries`, checked once when the archive is opened.
//!
//! Every error names the entry it concerns.
//!
//! An [`Archive`] is one reading of the bytes it is given (see [`crate::zipshape`]): bytes that
//! hold several archives, or an archive that tools would read in different ways, are refused when
//! it is opened. The dispatch in [`crate::extract`] cuts a file into its readings first.
//!
//! The archive also keeps account of what was done with each entry ([`Use`]), so that the
//! container layer ([`crate::package`]) can deal with every entry no reader took.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use libdeflater::Decompressor;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::zipshape::{self, Reading};
use crate::{Defect, Encryption, ExtractError, Limits};

/// Below this many decompressed bytes an entry is never refused for its compression ratio: small
/// outputs cannot exhaust anything, and tiny streams of repeated bytes do reach high ratios.
pub(crate) const RATIO_FLOOR: u64 = 1 << 20;

/// The most bytes reserved up front for one entry, whatever its declared size says. The buffer
/// still grows to the real size (within the limits); this only stops a lying header from making us
/// allocate a huge buffer before a single byte is inflated.
const MAX_PREALLOCATION: u64 = 8 << 20;

/// The names of the entries of the ZIP archive in `bytes`, in central-directory order.
///
/// Used by [`sniff`](crate::sniff) to tell a DOCX from an XLSX from a plain ZIP. Directory entries
/// (names ending in `/`) are included, as the archive lists them. No entry limit applies here:
/// listing costs memory in proportion to the file, and refusing to list would make a DOCX with
/// too many entries look like a plain ZIP; the reader that opens it enforces the limit.
pub(crate) fn entry_names(bytes: &[u8]) -> Result<Vec<String>, ExtractError> {
    let (reading, _) = zipshape::reading_at_start(bytes)?;
    Ok(reading.entries.iter().map(|e| String::from_utf8_lossy(&e.name).into_owned()).collect())
}

/// What a reader did with an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// Nothing yet.
    Untouched,
    /// Its content was read as text (or as structure: relationships, lists of parts).
    Read,
    /// It was handed to the sink as a member, to be inspected in its own right.
    Member,
}

/// A ZIP archive held in memory, read under [`Limits`].
///
/// Entries are found by name; lookups first try the exact name, then the name with `\` turned
/// into `/`, a leading `/` removed and ASCII case folded, because OPC part names are
/// case-insensitive and some producers write Windows separators.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    /// Entry names, in central-directory order (index `i` is entry `i`).
    names: Vec<String>,
    /// Folded name → entry index, for the forgiving lookup.
    folded: HashMap<String, usize>,
    /// Decompressed bytes handed out so far.
    total: u64,
    /// The raw shape of the archive: names as stored, comments.
    shape: Reading,
    /// The bytes of the archive (the comment lives there).
    bytes: &'a [u8],
    /// What was done with each entry, by index.
    uses: Vec<Use>,
    /// The one-call inflater (see [`Archive::inflate_at_once`]), made on first use.
    inflater: Option<Decompressor>,
}

impl<'a> Archive<'a> {
    /// Opens the archive in `bytes`, refusing more than `limits.max_entries` entries.
    pub(crate) fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, ExtractError> {
        limits.check()?;
        let (shape, others) = zipshape::reading_at_start(bytes)?;
        if let Some(other) = others.first() {
            return Err(ExtractError::corrupt(Defect::ZipSecondArchive {
                start: other.span.start as u64,
                end: other.span.end as u64,
            }));
        }
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ExtractError::corrupt(Defect::ZipUnreadable { cause: describe(&e) }))?;
        if zip.len() > limits.max_entries {
            return Err(ExtractError::LimitExceeded {
                kind: crate::LimitKind::Entries,
                limit: limits.max_entries as u64,
                seen: zip.len() as u64,
                part: None,
                at: None,
            });
        }
        if shape.entries.len() != zip.len() {
            // The zip crate keeps one entry per name: a second `word/document.xml` would be
            // invisible to us while another reader may show it. Refuse rather than guess.
            return Err(ExtractError::corrupt(Defect::ZipDuplicateNames {
                listed: shape.entries.len() as u64,
                distinct: zip.len() as u64,
            }));
        }
        let mut names = Vec::with_capacity(zip.len());
        let mut folded = HashMap::with_capacity(zip.len());
        for i in 0..zip.len() {
            let name = zip.name_for_index(i).unwrap_or_default().to_owned();
            // The first entry of a folded name wins, as the exact lookup would find it first.
            folded.entry(fold(&name)).or_insert(i);
            names.push(name);
        }
        let uses = vec![Use::Untouched; names.len()];
        Ok(Archive { zip, limits, names, folded, total: 0, shape, bytes, uses, inflater: None })
    }

    /// The limits this archive is read under.
    pub(crate) fn limits(&self) -> &'a Limits {
        self.limits
    }

    /// The entries as stored (raw names, comments, flags), in central-directory order.
    pub(crate) fn raw_entries(&self) -> &[zipshape::Entry] {
        &self.shape.entries
    }

    /// The archive comment, as stored.
    pub(crate) fn comment(&self) -> &'a [u8] {
        &self.bytes[self.shape.comment.clone()]
    }

    /// What was done with entry `index` so far.
    pub(crate) fn use_of(&self, index: usize) -> Use {
        self.uses[index]
    }

    /// Reads the entry `name` to hand it to the sink as a member (see [`Archive::read`]).
    pub(crate) fn read_member(&mut self, name: &str) -> Result<Vec<u8>, ExtractError> {
        let bytes = self.read(name)?;
        if let Some(i) = self.index_of(name) {
            self.uses[i] = Use::Member;
        }
        Ok(bytes)
    }

    /// Reads the entry `name` (see [`Archive::read`]) without booking it: for a reader that
    /// consults an entry (a font program, a resource list) that
    /// [`crate::package::account_for_every_entry`] still accounts for as it would have.
    #[cfg(feature = "pdf")]
    pub(crate) fn read_aside(&mut self, name: &str) -> Result<Vec<u8>, ExtractError> {
        let before = self.index_of(name).map(|i| (i, self.uses[i]));
        let bytes = self.read(name)?;
        if let Some((i, used)) = before {
            self.uses[i] = used;
        }
        Ok(bytes)
    }

    /// Marks the entry `name` untouched again: a reader that could not make sense of an entry
    /// it was not bound to read leaves it to [`crate::package::account_for_every_entry`].
    pub(crate) fn leave_untouched(&mut self, name: &str) {
        if let Some(i) = self.index_of(name) {
            self.uses[i] = Use::Untouched;
        }
    }

    /// Entry names in central-directory order, directories included.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The name under which the archive holds `name`, if it holds it (see the type's doc for how
    /// forgiving the match is).
    pub(crate) fn find(&self, name: &str) -> Option<&str> {
        self.index_of(name).map(|i| self.names[i].as_str())
    }

    /// Decompressed bytes handed out so far, all entries together.
    #[cfg(test)]
    pub(crate) fn total_read(&self) -> u64 {
        self.total
    }

    /// Reads the whole entry `name`, decompressed, within the limits.
    ///
    /// Errors: [`Defect::MissingPart`] if there is no such entry, [`ExtractError::LimitExceeded`] if
    /// a limit is hit (the message says which), [`ExtractError::Encrypted`] for a password-protected
    /// entry, [`Defect::CompressedData`] for a broken stream or a checksum mismatch.
    pub(crate) fn read(&mut self, name: &str) -> Result<Vec<u8>, ExtractError> {
        let index = self.index_of(name).ok_or_else(|| ExtractError::corrupt(Defect::MissingPart).in_part(name))?;
        let name = self.names[index].clone();
        let limits = self.limits;
        limits.check()?;

        if let Some(buf) = self.inflate_at_once(index) {
            limits.charge_decompressed(buf.len() as u64, &name)?;
            return Ok(self.handed_out(index, buf));
        }

        let mut file = self.zip.by_index(index).map_err(|e| entry_error(&name, &e))?;
        let declared = file.size();
        let cap = part_cap(limits, file.compressed_size());

        let prealloc = declared.min(cap).min(limits.decompressed_left()).min(MAX_PREALLOCATION);
        let mut buf = Vec::with_capacity(prealloc as usize);
        // One byte more than the cap, to tell "exactly at the cap" from "over it". Inflated in
        // chunks, each charged to the file's budget (shared with every other archive of the
        // file, at any depth), which also notices cancellation and the time limit.
        let mut capped = (&mut file).take(cap.saturating_add(1));
        loop {
            let got = Read::by_ref(&mut capped).take(crate::CHECK_EVERY).read_to_end(&mut buf).map_err(|e| {
                ExtractError::corrupt(Defect::CompressedData { format: "ZIP", cause: e.to_string() }).in_part(&name)
            })?;
            if got == 0 {
                break;
            }
            limits.charge_decompressed(got as u64, &name)?;
        }
        let got = buf.len() as u64;
        if got > cap {
            return Err(over_part_cap(cap, limits, got, file.compressed_size(), name));
        }
        drop(file);
        Ok(self.handed_out(index, buf))
    }

    /// Books `buf`, the content of entry `index`, as read, and hands it back.
    fn handed_out(&mut self, index: usize, buf: Vec<u8>) -> Vec<u8> {
        self.total += buf.len() as u64;
        if self.uses[index] == Use::Untouched {
            self.uses[index] = Use::Read;
        }
        buf
    }

    /// The content of entry `index` inflated in one call by libdeflate, about twice as fast as the
    /// streaming inflate (a sixth of the CPU of scanning a DOCX went to inflating), or `None`
    /// when anything is unusual: then the streaming path of [`Archive::read`] reads the entry and
    /// decides, errors included, exactly as it always did.
    ///
    /// One call needs an output buffer of the final size, so the entry's declared size is
    /// trusted only to size that buffer, and only when it is within every cap of `read` (part,
    /// ratio, what is left of the file's budget) and [`MAX_PREALLOCATION`], which also bounds
    /// the time of the call (milliseconds): an entry that inflates to more than it declared does
    /// not fit and goes the streaming way; the result is kept only if it fills the buffer
    /// exactly and its CRC-32 is the one the archive states. Encrypted entries and other
    /// methods also go the streaming way.
    fn inflate_at_once(&mut self, index: usize) -> Option<Vec<u8>> {
        let file = self.zip.by_index_raw(index).ok()?;
        if file.encrypted() || file.compression() != zip::CompressionMethod::Deflated {
            return None;
        }
        let declared = file.size();
        let fits =
            part_cap(self.limits, file.compressed_size()).min(self.limits.decompressed_left()).min(MAX_PREALLOCATION);
        if declared > fits {
            return None;
        }
        let start = usize::try_from(file.data_start()).ok()?;
        let end = start.checked_add(usize::try_from(file.compressed_size()).ok()?)?;
        let (compressed, crc) = (self.bytes.get(start..end)?, file.crc32());
        drop(file);
        let mut out = vec![0; usize::try_from(declared).ok()?];
        let got = self.inflater.get_or_insert_with(Decompressor::new).deflate_decompress(compressed, &mut out).ok()?;
        (got == out.len() && libdeflater::crc32(&out) == crc).then_some(out)
    }

    /// The first `n` decompressed bytes of entry `name` (fewer if it is shorter), to tell what it
    /// holds without inflating all of it (a picture need not be inflated to be known as one).
    /// Counts neither towards the limits nor as a use of the entry.
    pub(crate) fn peek(&mut self, name: &str, n: u64) -> Result<Vec<u8>, ExtractError> {
        let index = self.index_of(name).ok_or_else(|| ExtractError::corrupt(Defect::MissingPart).in_part(name))?;
        let name = self.names[index].clone();
        let mut file = self.zip.by_index(index).map_err(|e| entry_error(&name, &e))?;
        let mut buf = Vec::with_capacity(n.min(MAX_PREALLOCATION) as usize);
        (&mut file).take(n).read_to_end(&mut buf).map_err(|e| {
            ExtractError::corrupt(Defect::CompressedData { format: "ZIP", cause: e.to_string() }).in_part(&name)
        })?;
        Ok(buf)
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.zip.index_for_name(name).or_else(|| self.folded.get(&fold(name)).copied())
    }
}

/// The most bytes an entry of `compressed` bytes may inflate to: the part limit, or the
/// compression ratio times its size above [`RATIO_FLOOR`].
fn part_cap(limits: &Limits, compressed: u64) -> u64 {
    limits.max_part_bytes.min(compressed.saturating_mul(limits.max_ratio).max(RATIO_FLOOR))
}

/// The forgiving form of an entry name: `/` separators, no leading `/`, ASCII lowercase.
fn fold(name: &str) -> String {
    name.trim_start_matches(['/', '\\']).replace('\\', "/").to_ascii_lowercase()
}

/// A readable description of a `zip` error (its `Display` hides the I/O cause).
fn describe(e: &ZipError) -> String {
    match e {
        ZipError::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// Maps an error opening one entry to our error type, naming the entry.
fn entry_error(name: &str, e: &ZipError) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(msg) if *msg == ZipError::PASSWORD_REQUIRED => {
            ExtractError::encrypted(Encryption::EntryPassword).in_part(name)
        }
        ZipError::UnsupportedArchive(msg) => {
            ExtractError::corrupt(Defect::UnsupportedMethod { format: "ZIP", method: (*msg).to_owned() }).in_part(name)
        }
        other => ExtractError::corrupt(Defect::ZipUnreadable { cause: describe(other) }).in_part(name),
    }
}

/// The error for a part that decompressed past `cap` (stopped at `got` bytes, from `compressed`):
/// over the part limit, or over the compression ratio if that was the lower cap.
pub(crate) fn over_part_cap(cap: u64, limits: &Limits, got: u64, compressed: u64, part: String) -> ExtractError {
    let (kind, limit, seen) = if cap == limits.max_part_bytes {
        (crate::LimitKind::PartBytes, limits.max_part_bytes, got)
    } else {
        (crate::LimitKind::CompressionRatio, limits.max_ratio, got.div_ceil(compressed.max(1)))
    };
    ExtractError::LimitExceeded { kind, limit, seen, part: Some(part), at: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    fn build(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn lists_and_reads_entries() {
        let zip = build(&[("a.txt", b"alpha"), ("dir/b.txt", b"beta")], CompressionMethod::Deflated);
        assert_eq!(entry_names(&zip).unwrap(), vec!["a.txt", "dir/b.txt"]);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_eq!(a.read("dir/b.txt").unwrap(), b"beta");
        assert_eq!(a.read("a.txt").unwrap(), b"alpha");
        assert_eq!(a.total_read(), 9);
    }

    #[test]
    fn lookup_forgives_case_and_separators() {
        let zip = build(&[("Word\\Document.xml", b"x")], CompressionMethod::Stored);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_eq!(a.find("word/document.xml"), Some("Word\\Document.xml"));
        assert_eq!(a.find("/word/document.xml"), Some("Word\\Document.xml"));
        assert_eq!(a.read("word/document.xml").unwrap(), b"x");
    }

    #[test]
    fn missing_entry_is_missing_part() {
        let zip = build(&[("a", b"1")], CompressionMethod::Stored);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert!(
            matches!(a.read("b"), Err(ExtractError::Corrupt { part: Some(n), what: Defect::MissingPart, .. }) if n == "b")
        );
    }

    #[test]
    fn duplicate_entry_names_are_refused() {
        let mut bytes = build(&[("word/document.xml", b"a"), ("word/documenT.xml", b"b")], CompressionMethod::Stored);
        // Rename the second entry to the first one's name, in its local header and central
        // directory record alike.
        let from = b"word/documenT.xml";
        while let Some(p) = memchr::memmem::find(&bytes, from) {
            bytes[p..p + from.len()].copy_from_slice(b"word/document.xml");
        }
        let limits = Limits::default();
        let err = Archive::open(&bytes, &limits).err().expect("duplicates refused");
        assert!(err.to_string().contains("duplicate entry names"), "{err}");
    }

    #[test]
    fn garbage_is_corrupt() {
        for garbage in [&b"PK\x03\x04 not really a zip"[..], b""] {
            assert!(
                matches!(
                    entry_names(garbage),
                    Err(ExtractError::Corrupt { what: Defect::ZipNoDirectory | Defect::ZipUnreadable { .. }, .. })
                ),
                "{garbage:?}"
            );
        }
    }

    #[test]
    fn entry_count_limit() {
        let zip = build(&[("a", b"1"), ("b", b"2"), ("c", b"3")], CompressionMethod::Stored);
        let limits = Limits { max_entries: 2, ..Limits::default() };
        assert!(matches!(
            Archive::open(&zip, &limits),
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::Entries, limit: 2, seen: 3, part: None, .. })
        ));
    }

    #[test]
    fn part_limit_names_the_entry() {
        let zip = build(&[("big.xml", &[b'a'; 5000])], CompressionMethod::Deflated);
        let limits = Limits { max_part_bytes: 4096, ..Limits::default() };
        let mut a = Archive::open(&zip, &limits).unwrap();
        match a.read("big.xml") {
            Err(ExtractError::LimitExceeded {
                kind: crate::LimitKind::PartBytes,
                limit: 4096,
                seen: 4097,
                part,
                ..
            }) => {
                assert_eq!(part.as_deref(), Some("big.xml"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn exactly_at_the_part_limit_is_fine() {
        let zip = build(&[("x", &[b'a'; 4096])], CompressionMethod::Deflated);
        let limits = Limits { max_part_bytes: 4096, ..Limits::default() };
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_eq!(a.read("x").unwrap().len(), 4096);
    }

    #[test]
    fn running_total_limit() {
        let zip = build(&[("a", &[b'a'; 600]), ("b", &[b'b'; 600])], CompressionMethod::Deflated);
        let limits = Limits { max_decompressed_bytes: 1000, ..Limits::default() };
        let mut a = Archive::open(&zip, &limits).unwrap();
        a.read("a").unwrap();
        match a.read("b") {
            Err(ExtractError::LimitExceeded {
                kind: crate::LimitKind::DecompressedBytes,
                limit: 1000,
                seen,
                part,
                ..
            }) => {
                assert_eq!((seen, part.as_deref()), (1200, Some("b")))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ratio_limit() {
        // 4 MiB of zeros deflate to a few KiB: a ratio far above 10:1, and above the floor.
        let zeros = vec![0u8; 4 << 20];
        let zip = build(&[("bomb.xml", &zeros)], CompressionMethod::Deflated);
        let limits = Limits { max_ratio: 10, ..Limits::default() };
        let mut a = Archive::open(&zip, &limits).unwrap();
        match a.read("bomb.xml") {
            Err(ExtractError::LimitExceeded {
                kind: crate::LimitKind::CompressionRatio,
                limit: 10,
                seen,
                part,
                ..
            }) => {
                assert!(seen > 10 && part.as_deref() == Some("bomb.xml"), "{seen} {part:?}")
            }
            other => panic!("{other:?}"),
        }
        // Small entries are never refused for their ratio.
        let zip = build(&[("small", &[0u8; 4096])], CompressionMethod::Deflated);
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_eq!(a.read("small").unwrap().len(), 4096);
    }

    #[test]
    fn lying_declared_size_does_not_bypass_the_cap() {
        // A stored entry whose central directory claims 10 bytes but holds 5000: patch the sizes.
        let mut zip = build(&[("liar", &[b'z'; 5000])], CompressionMethod::Stored);
        let declared = 5000u32.to_le_bytes();
        let small = 10u32.to_le_bytes();
        let mut i = 0;
        while i + 4 <= zip.len() {
            if zip[i..i + 4] == declared {
                zip[i..i + 4].copy_from_slice(&small);
            }
            i += 1;
        }
        let limits = Limits { max_part_bytes: 100, ..Limits::default() };
        if let Ok(mut a) = Archive::open(&zip, &limits) {
            // Whatever the crate makes of the lie, we never hand out more than the cap.
            if let Ok(data) = a.read("liar") {
                assert!(data.len() <= 100);
            }
        }
    }

    /// Replaces every little-endian `from` in `zip` (the sizes of its headers) by `to`.
    fn patch_u32(zip: &mut [u8], from: u32, to: u32) {
        let (from, to) = (from.to_le_bytes(), to.to_le_bytes());
        for i in 0..zip.len().saturating_sub(3) {
            if zip[i..i + 4] == from {
                zip[i..i + 4].copy_from_slice(&to);
            }
        }
    }

    fn prose(n: usize) -> Vec<u8> {
        "第一章 总则。机密★1年 本办法适用于各部门的文件管理工作。\n".repeat(n).into_bytes()
    }

    #[test]
    fn one_call_inflate_gives_what_streaming_gives() {
        let texts: Vec<Vec<u8>> = vec![Vec::new(), b"x".to_vec(), prose(3), prose(4000), vec![b' '; 70_000]];
        let entries: Vec<(String, &[u8])> =
            texts.iter().enumerate().map(|(i, t)| (format!("p{i}.xml"), t.as_slice())).collect();
        let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let zip = build(&entries, CompressionMethod::Deflated);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        for (i, (name, text)) in entries.iter().enumerate() {
            assert_eq!(a.inflate_at_once(i).as_deref(), Some(*text), "{name}");
            assert_eq!(a.read(name).unwrap(), *text, "{name}");
        }
        assert_eq!(a.total_read(), texts.iter().map(|t| t.len() as u64).sum::<u64>());
        // Stored entries are not inflated: the streaming path copies them.
        let zip = build(&[("s.txt", b"stored")], CompressionMethod::Stored);
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_eq!(a.inflate_at_once(0), None);
        assert_eq!(a.read("s.txt").unwrap(), b"stored");
    }

    #[test]
    fn one_call_inflate_leaves_lying_sizes_to_the_streaming_path() {
        let text = prose(97);
        let real = text.len() as u32;
        let limits = Limits::default();
        for declared in [real - 1, real / 2, real + 1, real * 2] {
            let mut zip = build(&[("doc.xml", &text)], CompressionMethod::Deflated);
            patch_u32(&mut zip, real, declared);
            let mut a = Archive::open(&zip, &limits).unwrap();
            assert_eq!(a.inflate_at_once(0), None, "declared {declared} of {real}");
            // The streaming path trusts the stream, within the caps, as before.
            assert_eq!(a.read("doc.xml").unwrap(), text, "declared {declared} of {real}");
        }
        // Over a cap by its own declaration: streamed, and refused by the cap as before.
        let zip = build(&[("doc.xml", &text)], CompressionMethod::Deflated);
        let limits = Limits { max_part_bytes: u64::from(real) - 1, ..Limits::default() };
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_eq!(a.inflate_at_once(0), None);
        assert!(matches!(
            a.read("doc.xml"),
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::PartBytes, .. })
        ));
    }

    /// `result` is the error for corrupt compressed data, naming the entry `name`.
    fn assert_bad_data_in<T: std::fmt::Debug>(result: Result<T, ExtractError>, name: &str) {
        match result {
            Err(ExtractError::Corrupt {
                part: Some(p), what: Defect::CompressedData { format: "ZIP", .. }, ..
            }) => assert_eq!(p, name),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_call_inflate_checks_the_crc() {
        let text = prose(50);
        let mut zip = build(&[("doc.xml", &text)], CompressionMethod::Deflated);
        let crc = crc32fast::hash(&text);
        patch_u32(&mut zip, crc, crc ^ 1);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_eq!(a.inflate_at_once(0), None);
        assert_bad_data_in(a.read("doc.xml"), "doc.xml");
    }

    #[test]
    fn corrupt_stream_names_the_entry() {
        let mut zip = build(&[("doc.xml", "机密★1年".repeat(200).as_bytes())], CompressionMethod::Deflated);
        // Damage the compressed data (just after the 30-byte local header and the 7-byte name).
        for b in &mut zip[40..60] {
            *b ^= 0x5A;
        }
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        assert_bad_data_in(a.read("doc.xml"), "doc.xml");
    }
}
