//! The shape of the ZIP archives in a file, read from the raw bytes, so that every tool reads it
//! one way.
//!
//! A ZIP archive is described twice. Each entry has a *local header* just before its data, and the
//! *central directory* near the end lists every entry again with the offset of its local header;
//! an *end-of-central-directory record* (EOCD) at the very end says where the central directory
//! is. Tools disagree on which description to trust:
//!
//! - `unzip`, Python's `zipfile`, LibreOffice and the `zip` crate find the **last** EOCD and follow
//!   the central directory; if the directory sits later in the file than its recorded offset says
//!   (bytes were put in front of the archive), they shift every offset by the difference;
//! - streaming readers (Java's `ZipInputStream`, many upload filters) walk the local headers from
//!   the start of the file and never look at the central directory.
//!
//! So `cat clean.docx marked.docx` is two archives in one file, a PDF with a ZIP appended is a PDF
//! to a PDF viewer and a ZIP to `unzip`, and an archive whose local headers name other entries,
//! other sizes or entries the directory does not list shows different contents to different tools.
//! [`readings`] finds every archive a tool could read in a file (every EOCD whose central directory
//! parses) and checks that each reads one way; where it cannot, it says why, naming the entry by
//! its number and byte offset (never by its name, which may itself be protected text).
//!
//! What a reading does not check: CRCs (a wrong CRC is a corrupt entry, found when it is read) and
//! the compressed data itself.

use std::ops::Range;

use crate::{Defect, ExtractError, HeaderMismatch, LimitKind};

const LOCAL: &[u8; 4] = b"PK\x03\x04";
const CENTRAL: &[u8; 4] = b"PK\x01\x02";
const EOCD: &[u8; 4] = b"PK\x05\x06";
const ZIP64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const ZIP64_EOCD: &[u8; 4] = b"PK\x06\x06";

/// The most EOCD signatures looked at in one file, and the most archives accepted in it. Real
/// files hold one, or a few nested (a DOCX storing a DOCX uncompressed); thousands are an attack
/// on the time this check takes.
const MAX_CANDIDATES: usize = 1024;
const MAX_READINGS: usize = 64;
/// The most central-directory records parsed in one file, all end records together: ten times the
/// default entry limit, so that many end records pointing at one huge directory cost little.
const MAX_RECORDS: usize = 200_000;

/// General-purpose flag bits of an entry.
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;
/// Names and comments are UTF-8 (APPNOTE 4.4.4, "language encoding flag").
pub(crate) const FLAG_UTF8: u16 = 1 << 11;

/// One archive a tool can read in a file: an EOCD, its central directory and the entries it lists.
#[derive(Clone, Debug)]
pub(crate) struct Reading {
    /// From the first local header (the central directory when there are no entries) to the end of
    /// the archive comment.
    pub span: Range<usize>,
    /// The entries, in central-directory order.
    pub entries: Vec<Entry>,
    /// The archive comment (absolute byte range).
    pub comment: Range<usize>,
    /// The central directory (absolute byte range).
    cd: Range<usize>,
}

/// One entry as the central directory lists it, checked against its local header.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The name as stored (decode with [`Entry::flags`] in mind: see `FLAG_UTF8`).
    pub name: Vec<u8>,
    /// The UTF-8 name of the Info-ZIP "Unicode Path" extra field (0x7075), which tools prefer.
    pub unicode_name: Option<String>,
    /// The entry comment as stored.
    pub comment: Vec<u8>,
    /// General-purpose flags.
    pub flags: u16,
    /// Offset of the local header in the file (shift applied).
    pub local: usize,
    /// The compressed data (absolute byte range).
    pub data: Range<usize>,
    /// Compression method, compressed and uncompressed size, as the central directory says.
    method: u16,
    csize: u64,
    usize: u64,
}

impl Entry {
    /// The uncompressed size the central directory declares (a claim, not a fact).
    pub(crate) fn declared_size(&self) -> u64 {
        self.usize
    }
}

/// The data ranges of a reading's entries, sorted, to find what lies inside an entry quickly.
struct DataRanges(Vec<Range<usize>>);

impl DataRanges {
    fn of(r: &Reading) -> Self {
        let mut v: Vec<Range<usize>> = r.entries.iter().map(|e| e.data.clone()).collect();
        v.sort_by_key(|d| d.start);
        DataRanges(v)
    }

    /// Whether `inner` lies wholly in the data of one entry (a nested archive stored uncompressed).
    /// Entries do not overlap in an archive that reads one way, so the entry starting last at or
    /// before `inner` is the only candidate.
    fn hold(&self, inner: &Range<usize>) -> bool {
        let i = self.0.partition_point(|d| d.start <= inner.start);
        i > 0 && inner.end <= self.0[i - 1].end
    }
}

/// Every archive a tool can read in `bytes`, in file order, each checked to read one way.
///
/// An archive stored inside an entry of another (a nested ZIP kept uncompressed) is not listed: it
/// is that entry's content.
///
/// Errors, each naming the archive by byte offset: a local header that disagrees with the central
/// directory (name, compression method, sizes, encryption), a local header the central directory
/// does not list, entries whose bytes overlap, a central directory whose entry count and size
/// disagree, two archives whose bytes overlap, too many archives.
pub(crate) fn readings(bytes: &[u8]) -> Result<Vec<Reading>, ExtractError> {
    let mut found: Vec<Reading> = Vec::new();
    let mut records = 0usize;
    for (n, at) in memchr::memmem::find_iter(bytes, EOCD).enumerate() {
        if n >= MAX_CANDIDATES {
            return Err(ExtractError::limit(LimitKind::ZipDirectories, MAX_CANDIDATES, n + 1));
        }
        if let Some(parsed) = parse_directory(bytes, at)? {
            records += parsed.entries.len();
            if records > MAX_RECORDS {
                return Err(ExtractError::limit(LimitKind::ZipRecords, MAX_RECORDS, records));
            }
            found.push(parsed);
        }
    }
    // Archives stored inside an entry of another are that entry's business.
    let ranges: Vec<DataRanges> = found.iter().map(DataRanges::of).collect();
    let nested: Vec<bool> =
        (0..found.len()).map(|i| (0..found.len()).any(|o| o != i && ranges[o].hold(&found[i].span))).collect();
    let mut kept: Vec<Reading> = found.into_iter().zip(nested).filter(|(_, n)| !n).map(|(r, _)| r).collect();
    if kept.len() > MAX_READINGS {
        return Err(ExtractError::limit(LimitKind::ZipArchives, MAX_READINGS, kept.len()));
    }
    kept.sort_by_key(|r| (r.span.start, r.span.end));
    for r in &kept {
        check_one_way(bytes, r)?;
    }
    for pair in kept.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.span.start < a.span.end {
            // One inside the other's comment, or two directories sharing entries: the last EOCD
            // (what most tools read) and the first describe different archives over the same bytes.
            return Err(ExtractError::corrupt(Defect::ZipDirectoriesOverlap {
                first: (a.span.start as u64, a.span.end as u64),
                second: (b.span.start as u64, b.span.end as u64),
            }));
        }
    }
    Ok(kept)
}

/// The archive a ZIP-sniffed file is: the one reading that starts at byte 0.
///
/// Errors: no archive starts there (a local header at byte 0 that no central directory lists),
/// or any error of [`readings`].
pub(crate) fn reading_at_start(bytes: &[u8]) -> Result<(Reading, Vec<Reading>), ExtractError> {
    let mut all = readings(bytes)?;
    let Some(pos) = all.iter().position(|r| r.span.start == 0) else {
        return Err(ExtractError::corrupt(if all.is_empty() {
            Defect::ZipNoDirectory
        } else {
            Defect::ZipStartUnlisted
        }));
    };
    let first = all.remove(pos);
    Ok((first, all))
}

/// Little-endian readers that say `None` past the end.
fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

/// The central directory the EOCD at `at` describes, if it parses (`None`: the signature is a
/// coincidence in other data, or the archive is too broken for any tool). An error only when it
/// parses but its count and size disagree.
fn parse_directory(bytes: &[u8], at: usize) -> Result<Option<Reading>, ExtractError> {
    let Some(rec) = bytes.get(at..at + 22) else { return Ok(None) };
    let (disk, cd_disk) = (u16::from_le_bytes([rec[4], rec[5]]), u16::from_le_bytes([rec[6], rec[7]]));
    if disk != 0 || cd_disk != 0 {
        return Ok(None);
    }
    let mut count = u64::from(u16::from_le_bytes([rec[10], rec[11]]));
    let mut cd_size = u64::from(u32::from_le_bytes([rec[12], rec[13], rec[14], rec[15]]));
    let mut cd_offset = u64::from(u32::from_le_bytes([rec[16], rec[17], rec[18], rec[19]]));
    let comment_len = usize::from(u16::from_le_bytes([rec[20], rec[21]]));
    // Where the central directory ends: at the EOCD, or at the ZIP64 EOCD before it.
    let mut cd_end = at;
    let zip64 = count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF;
    if zip64 {
        let Some(loc) = at.checked_sub(20) else { return Ok(None) };
        let Some(rec64) = loc.checked_sub(56) else { return Ok(None) };
        if bytes.get(loc..loc + 4) != Some(ZIP64_LOCATOR) || bytes.get(rec64..rec64 + 4) != Some(ZIP64_EOCD) {
            return Ok(None);
        }
        let (Some(c), Some(s), Some(o)) =
            (u64_at(bytes, rec64 + 32), u64_at(bytes, rec64 + 40), u64_at(bytes, rec64 + 48))
        else {
            return Ok(None);
        };
        (count, cd_size, cd_offset, cd_end) = (c, s, o, rec64);
    }
    let Some(cd_start) = (cd_end as u64).checked_sub(cd_size) else { return Ok(None) };
    // Bytes put in front of the archive move it; tools shift every offset by the difference.
    let Some(shift) = cd_start.checked_sub(cd_offset) else { return Ok(None) };
    let cd_start = cd_start as usize;
    let shift = shift as usize;
    if count > 0 && bytes.get(cd_start..cd_start + 4) != Some(CENTRAL) {
        return Ok(None);
    }
    if count > (cd_size / 46) {
        return Ok(None);
    }
    let mut entries = Vec::with_capacity(count as usize);
    let mut pos = cd_start;
    for _ in 0..count {
        match central_entry(bytes, pos, shift) {
            Some((entry, next)) if next <= cd_end => {
                entries.push(entry);
                pos = next;
            }
            _ => return Ok(None),
        }
    }
    if pos != cd_end {
        // Some tools read `count` records, others read records until `cd_size` bytes are used.
        let extra = cd_end.saturating_sub(pos) as u64;
        return Err(ExtractError::corrupt(Defect::ZipDirectoryOversized { extra, entries: count }).at_byte(at));
    }
    let comment = at + 22..(at + 22 + comment_len).min(bytes.len());
    let start = entries.iter().map(|e| e.local).min().unwrap_or(cd_start).min(cd_start);
    Ok(Some(Reading { span: start..comment.end, entries, comment, cd: cd_start..cd_end }))
}

/// Parses the central-directory record at `pos`; returns it and where the next one starts.
fn central_entry(bytes: &[u8], pos: usize, shift: usize) -> Option<(Entry, usize)> {
    if bytes.get(pos..pos + 4)? != CENTRAL {
        return None;
    }
    let flags = u16_at(bytes, pos + 8)?;
    let method = u16_at(bytes, pos + 10)?;
    let mut csize = u64::from(u32_at(bytes, pos + 20)?);
    let mut usize_ = u64::from(u32_at(bytes, pos + 24)?);
    let (n, m, k) = (
        usize::from(u16_at(bytes, pos + 28)?),
        usize::from(u16_at(bytes, pos + 30)?),
        usize::from(u16_at(bytes, pos + 32)?),
    );
    let mut offset = u64::from(u32_at(bytes, pos + 42)?);
    let name = bytes.get(pos + 46..pos + 46 + n)?.to_vec();
    let extra = bytes.get(pos + 46 + n..pos + 46 + n + m)?;
    let comment = bytes.get(pos + 46 + n + m..pos + 46 + n + m + k)?.to_vec();
    let mut unicode_name = None;
    for (id, field) in extra_fields(extra) {
        match id {
            // ZIP64: the 64-bit values of the fields that hold 0xFFFFFFFF, in this order.
            0x0001 => {
                let mut at = 0;
                for value in [&mut usize_, &mut csize, &mut offset] {
                    if *value == 0xFFFF_FFFF {
                        *value = u64_at(field, at)?;
                        at += 8;
                    }
                }
            }
            0x7075 if field.len() > 5 && field[0] == 1 => {
                unicode_name = std::str::from_utf8(&field[5..]).ok().map(str::to_owned);
            }
            _ => {}
        }
    }
    let local = usize::try_from(offset.checked_add(shift as u64)?).ok()?;
    // No local header where the directory points: no tool can extract this entry, so this is not
    // an archive anyone reads (an end record in a fragmented copy inside a Word file, say).
    if bytes.get(local..local.checked_add(4)?)? != LOCAL {
        return None;
    }
    let (local_n, local_m) = (usize::from(u16_at(bytes, local + 26)?), usize::from(u16_at(bytes, local + 28)?));
    let data_start = local + 30 + local_n + local_m;
    let data_end = data_start.checked_add(usize::try_from(csize).ok()?)?;
    let entry =
        Entry { name, unicode_name, comment, flags, local, data: data_start..data_end, method, csize, usize: usize_ };
    Some((entry, pos + 46 + n + m + k))
}

/// The (id, data) pairs of an extra field block; stops at the first malformed one.
fn extra_fields(mut extra: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let id = u16_at(extra, 0)?;
        let len = usize::from(u16_at(extra, 2)?);
        let data = extra.get(4..4 + len)?;
        extra = &extra[4 + len..];
        Some((id, data))
    })
}

/// Checks that every tool reads `r` the same way (see the module documentation).
fn check_one_way(bytes: &[u8], r: &Reading) -> Result<(), ExtractError> {
    let base = r.span.start;
    let disagree = |i: usize, e: &Entry, how: HeaderMismatch| {
        ExtractError::corrupt(Defect::ZipHeadersDisagree { entry: i as u64 + 1, header: e.local as u64, how })
    };
    for (i, e) in r.entries.iter().enumerate() {
        let l = e.local;
        if e.data.end > bytes.len() {
            return Err(disagree(i, e, HeaderMismatch::DataPastEnd));
        }
        let (Some(lflags), Some(lmethod), Some(lcsize), Some(lusize), Some(n), Some(m)) = (
            u16_at(bytes, l + 6),
            u16_at(bytes, l + 8),
            u32_at(bytes, l + 18),
            u32_at(bytes, l + 22),
            u16_at(bytes, l + 26),
            u16_at(bytes, l + 28),
        ) else {
            return Err(disagree(i, e, HeaderMismatch::LocalHeaderShort));
        };
        let (n, m) = (usize::from(n), usize::from(m));
        let (Some(lname), Some(lextra)) = (bytes.get(l + 30..l + 30 + n), bytes.get(l + 30 + n..l + 30 + n + m)) else {
            return Err(disagree(i, e, HeaderMismatch::LocalHeaderShort));
        };
        if lname != e.name.as_slice() {
            return Err(disagree(i, e, HeaderMismatch::OtherName));
        }
        if lmethod != e.method {
            return Err(disagree(i, e, HeaderMismatch::OtherMethod));
        }
        if (lflags ^ e.flags) & FLAG_ENCRYPTED != 0 {
            return Err(disagree(i, e, HeaderMismatch::OtherEncryption));
        }
        if lflags & FLAG_DATA_DESCRIPTOR == 0 {
            let (mut lc, mut lu) = (u64::from(lcsize), u64::from(lusize));
            if lc == 0xFFFF_FFFF || lu == 0xFFFF_FFFF {
                if let Some((_, z)) = extra_fields(lextra).find(|(id, _)| *id == 1) {
                    lu = u64_at(z, 0).unwrap_or(lu);
                    lc = u64_at(z, 8).unwrap_or(lc);
                }
            }
            if lc != e.csize || lu != e.usize {
                return Err(disagree(i, e, HeaderMismatch::OtherSizes));
            }
        }
    }
    // Entries in file order: none may overlap the next, and nothing between them may be an entry
    // the central directory does not list.
    let mut order: Vec<usize> = (0..r.entries.len()).collect();
    order.sort_by_key(|&i| r.entries[i].local);
    let cd_start = r.cd.start;
    let mut free_from = base;
    for (k, &i) in order.iter().enumerate() {
        let e = &r.entries[i];
        if e.local < free_from {
            let prev = order[k - 1];
            let (first, second) = (prev as u64 + 1, i as u64 + 1);
            return Err(ExtractError::corrupt(Defect::ZipEntriesOverlap { first, second }).at_byte(e.local));
        }
        hidden_entry(bytes, free_from..e.local)?;
        free_from = e.data.end;
    }
    if free_from > cd_start {
        return Err(ExtractError::corrupt(Defect::ZipDataIntoDirectory { directory: cd_start as u64 }));
    }
    hidden_entry(bytes, free_from..cd_start)
}

/// An error if `gap` (bytes no listed entry covers) holds a local header: an entry that streaming
/// readers see and the central directory hides.
fn hidden_entry(bytes: &[u8], gap: Range<usize>) -> Result<(), ExtractError> {
    if gap.start >= gap.end {
        return Ok(());
    }
    match memchr::memmem::find(&bytes[gap.clone()], LOCAL) {
        Some(p) => Err(ExtractError::corrupt(Defect::ZipUnlistedHeader).at_byte(gap.start + p)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    /// Stored, not deflated: the tests patch sizes and offsets they can count.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default().compression_method(CompressionMethod::Stored)).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn patch(bytes: &mut [u8], from: &[u8], to: &[u8], nth: usize) {
        let at = memchr::memmem::find_iter(bytes, from).nth(nth).unwrap();
        bytes[at..at + to.len()].copy_from_slice(to);
    }

    #[test]
    fn one_plain_archive_is_one_reading() {
        let z = zip(&[("a.txt", b"alpha"), ("b/c.txt", b"beta")]);
        let r = readings(&z).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].span, 0..z.len());
        assert_eq!(r[0].entries.len(), 2);
        assert_eq!(r[0].entries[1].name, b"b/c.txt");
    }

    #[test]
    fn two_archives_back_to_back_are_two_readings() {
        let a = zip(&[("a.txt", b"alpha")]);
        let b = zip(&[("b.txt", b"beta")]);
        let both = [a.clone(), b.clone()].concat();
        let r = readings(&both).unwrap();
        assert_eq!(r.iter().map(|r| r.span.clone()).collect::<Vec<_>>(), vec![0..a.len(), a.len()..both.len()]);
        let (first, rest) = reading_at_start(&both).unwrap();
        assert_eq!(first.entries[0].name, b"a.txt");
        assert_eq!(rest.len(), 1);
    }

    #[test]
    fn an_archive_after_other_bytes_is_found_shifted() {
        let z = zip(&[("a.txt", b"alpha")]);
        let both = [b"%PDF-1.4 not really\n".to_vec(), z.clone()].concat();
        let r = readings(&both).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].span, 20..both.len());
        assert!(matches!(reading_at_start(&both), Err(ExtractError::Corrupt { what: Defect::ZipStartUnlisted, .. })));
    }

    #[test]
    fn a_stored_nested_archive_is_its_entry() {
        let inner = zip(&[("secret.txt", b"x")]);
        let outer = zip(&[("inner.zip", &inner), ("b.txt", b"y")]);
        let r = readings(&outer).unwrap();
        assert_eq!(r.len(), 1, "the inner archive is the content of inner.zip");
    }

    #[test]
    fn a_local_name_other_than_the_central_one_is_refused() {
        let mut z = zip(&[("a.txt", b"alpha")]);
        patch(&mut z, b"a.txt", b"b.txt", 0); // the local header's copy
        let err = readings(&z).unwrap_err().to_string();
        assert!(err.contains("entry 1") && err.contains("names another file"), "{err}");
        assert!(!err.contains("a.txt") && !err.contains("b.txt"), "no names in errors: {err}");
    }

    #[test]
    fn a_local_size_other_than_the_central_one_is_refused() {
        let mut z = zip(&[("a.txt", b"alpha")]);
        // Local header: compressed size at byte 18, uncompressed at 22.
        z[18] = 4;
        z[22] = 4;
        let err = readings(&z).unwrap_err().to_string();
        assert!(err.contains("other sizes"), "{err}");
    }

    #[test]
    fn an_entry_the_central_directory_hides_is_refused() {
        // Two entries; the central directory is rewritten to list only the second.
        let z = zip(&[("hidden.txt", b"secret"), ("shown.txt", b"public")]);
        let r = readings(&z).unwrap();
        let cd = r[0].cd.start;
        let second_record = memchr::memmem::find_iter(&z[cd..], CENTRAL).nth(1).unwrap() + cd;
        let eocd = memchr::memmem::rfind(&z, EOCD).unwrap();
        let mut forged = z[..cd].to_vec();
        forged.extend_from_slice(&z[second_record..eocd]);
        let cd_size = (eocd - second_record) as u32;
        let mut end = z[eocd..].to_vec();
        end[8..10].copy_from_slice(&1u16.to_le_bytes());
        end[10..12].copy_from_slice(&1u16.to_le_bytes());
        end[12..16].copy_from_slice(&cd_size.to_le_bytes());
        forged.extend_from_slice(&end);
        // The listed entry now starts after a local header nobody lists: the reading starts at
        // the listed one, and byte 0 holds an entry only streaming readers see.
        let err = reading_at_start(&forged).unwrap_err().to_string();
        assert!(err.contains("not listed"), "{err}");
    }

    #[test]
    fn overlapping_entries_are_refused() {
        // The first entry's sizes are stretched (in both headers) over the second entry: the same
        // bytes are then a part of a.txt and all of b.txt.
        let mut z = zip(&[("a.txt", b"alpha"), ("b.txt", b"beta")]);
        let stretched = (5u32 + 30 + 5 + 4).to_le_bytes();
        let cd = memchr::memmem::find(&z, CENTRAL).unwrap();
        for at in [18, 22, cd + 20, cd + 24] {
            z[at..at + 4].copy_from_slice(&stretched);
        }
        let err = readings(&z).unwrap_err().to_string();
        assert!(err.contains("overlap"), "{err}");
    }

    #[test]
    fn count_and_size_that_disagree_are_refused() {
        let mut z = zip(&[("a.txt", b"alpha"), ("b.txt", b"beta")]);
        let eocd = memchr::memmem::rfind(&z, EOCD).unwrap();
        z[eocd + 8..eocd + 10].copy_from_slice(&1u16.to_le_bytes());
        z[eocd + 10..eocd + 12].copy_from_slice(&1u16.to_le_bytes());
        let err = readings(&z).unwrap_err().to_string();
        assert!(err.contains("by size and by count"), "{err}");
    }

    /// Damage anywhere gives an answer (readings or an error), never a panic.
    #[test]
    fn damaged_archives_never_panic() {
        let inner = zip(&[("x.txt", b"inner")]);
        let z = zip(&[("a.txt", b"alpha"), ("inner.zip", &inner), ("b/", b"")]);
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3000 {
            let mut damaged = z.clone();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % damaged.len() as u64) as usize;
                damaged[at] = (state >> 32) as u8;
            }
            let _ = readings(&damaged);
            let _ = reading_at_start(&damaged[..(state % damaged.len() as u64) as usize]);
        }
    }

    #[test]
    fn random_signatures_are_not_archives() {
        let mut junk = b"PK\x05\x06".to_vec();
        junk.extend_from_slice(&[0xAB; 40]);
        assert!(readings(&junk).unwrap().is_empty());
        assert!(readings(b"").unwrap().is_empty());
        assert!(readings(b"PK\x05\x06").unwrap().is_empty());
    }
}
