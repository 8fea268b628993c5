//! RAR archives: what can be read without a RAR decoder is read; the rest is unread, needing review.
//!
//! No library under a free licence decodes RAR's compression (its decompression code is under the
//! unRAR licence, which forbids using it to write a RAR compressor and is not open source). But a
//! RAR archive's *headers* are not compressed, and neither are members saved with the "store"
//! method, so this reader walks the block headers of RAR 1.5–4.x and RAR 5 archives itself:
//!
//! - every entry name (folders and links too) is read as text, as an archive manager lists them: a
//!   folder called `机密★1年` is as visible as a paragraph;
//! - a member saved with "store" is handed back to be inspected in its own right (`a.rar!b.docx`);
//! - the archive comment, which WinRAR shows beside the listing when the archive is opened, is
//!   read when it is stored uncompressed;
//! - a compressed member (or comment) is unread, needing review, with the reason: a person must
//!   unpack it and submit the files;
//! - a password-protected member, or an archive whose headers are encrypted, is an error (as for
//!   ZIP); a member split across volumes is unread, needing review.
//!
//! Header checksums are checked: an archive WinRAR would call corrupt is an error here too.

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment, Unread, Unsupported};

use crate::tarball::report_listing;
use crate::{Defect, ExtractError, LimitKind, Limits};

/// The reason given for a member (or comment) this reader cannot decompress.
const REASON: Unread = Unread::UnsupportedFormat(Unsupported::Rar);

/// The part name under which a stored archive comment is reported.
const COMMENT: &str = "(archive comment)";

const RAR4_SIGNATURE: &[u8] = b"Rar!\x1A\x07\x00";
const RAR5_SIGNATURE: &[u8] = b"Rar!\x1A\x07\x01\x00";

/// Reads the RAR archive: names and comment as text, stored members to the sink, the rest unread.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let archive = if let Some(rest) = bytes.strip_prefix(RAR5_SIGNATURE) {
        rar5::walk(rest, RAR5_SIGNATURE.len(), limits)?
    } else if let Some(rest) = bytes.strip_prefix(RAR4_SIGNATURE) {
        rar4::walk(rest, RAR4_SIGNATURE.len(), limits)?
    } else {
        return Err(ExtractError::corrupt(Defect::NotArchive { format: "RAR" }));
    };
    hand_on(bytes, archive, limits, sink)
}

/// What the headers of one archive say.
#[derive(Debug, Default)]
struct Archive {
    entries: Vec<Entry>,
    /// The archive comment, when there is one.
    comment: Option<Data>,
    /// Entries carrying a comment of their own (RAR 2.x), always compressed.
    unread_comments: Vec<String>,
}

#[derive(Debug)]
struct Entry {
    name: String,
    directory: bool,
    data: Data,
}

/// Where an entry's (or the comment's) bytes are, and whether they can be read.
#[derive(Debug, Clone, PartialEq)]
enum Data {
    /// Saved with the "store" method: the bytes at this range of the file are the content.
    Stored { start: usize, len: usize },
    /// Compressed: no free decoder.
    Compressed,
    /// Password-protected.
    Encrypted,
    /// Continued from or in another volume.
    Split,
}

fn hand_on(bytes: &[u8], archive: Archive, limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    if let Some(e) = archive.entries.iter().find(|e| e.data == Data::Encrypted) {
        return Err(ExtractError::encrypted(crate::Encryption::EntryPassword).in_part(&e.name));
    }
    let mut listing = Vec::with_capacity(archive.entries.len());
    let mut total: u64 = 0;
    for entry in archive.entries {
        listing.push(entry.name.clone());
        if entry.directory {
            continue;
        }
        match entry.data {
            Data::Stored { start, len } => {
                let size = len as u64;
                if size > limits.max_part_bytes || total.saturating_add(size) > limits.max_decompressed_bytes {
                    return Err(crate::tarball::over_limit(&entry.name, size, total, limits));
                }
                total += size;
                // `walk` checked the range against the file.
                sink.member(entry.name, bytes[start..start + len].to_vec())?;
            }
            Data::Compressed => sink.coverage(CoverageNote::unread(entry.name, REASON))?,
            Data::Split => {
                sink.coverage(CoverageNote::unread(entry.name, Unread::UnsupportedFormat(Unsupported::SplitVolume)))?
            }
            Data::Encrypted => unreachable!("refused above"),
        }
    }
    match archive.comment {
        Some(Data::Stored { start, len }) => {
            let text = decode_name(&bytes[start..start + len]);
            if !text.trim().is_empty() {
                sink.segment(Segment::new(Location::part(COMMENT).with_line(1), Role::Properties, text))?;
            }
            sink.coverage(CoverageNote::read(COMMENT))?;
        }
        Some(_) => sink.coverage(CoverageNote::unread(COMMENT, REASON))?,
        None => {}
    }
    for name in archive.unread_comments {
        sink.coverage(CoverageNote::unread(format!("{name} (comment)"), REASON))?;
    }
    report_listing(listing, sink)?;
    Ok(())
}

/// Text stored as bytes without a declared encoding (a RAR 4 name without the Unicode flag, a
/// comment): UTF-8 when it is valid, else GBK (code page 936, what WinRAR on a Chinese Windows
/// writes).
fn decode_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GBK.decode_without_bom_handling(raw).0.into_owned(),
    }
}

/// The RAR archive's header at byte `at` is inconsistent or cut short.
fn corrupt(at: usize) -> ExtractError {
    ExtractError::corrupt(Defect::ArchiveHeader { format: "RAR" }).at_byte(at)
}

/// An entry's data (of `name`), or a block at byte `at`, runs past the end of the file.
fn past_end(name: Option<&str>, at: usize) -> ExtractError {
    let error = ExtractError::corrupt(Defect::DataPastEnd);
    match name {
        Some(name) => error.in_part(name),
        None => error.at_byte(at),
    }
}

/// The range `start..start+len` of the file, if it is inside it.
fn range_in(file_len: usize, start: usize, len: u64) -> Option<(usize, usize)> {
    let len = usize::try_from(len).ok()?;
    (start.checked_add(len)? <= file_len).then_some((start, len))
}

/// RAR 1.5 to 4.x: fixed-width little-endian block headers.
mod rar4 {
    use super::*;

    const MAIN: u8 = 0x73;
    const FILE: u8 = 0x74;
    const OLD_COMMENT: u8 = 0x75;
    const SERVICE: u8 = 0x7A;
    const END: u8 = 0x7B;

    const MAIN_COMMENT: u16 = 0x0002;
    const MAIN_ENCRYPTED_HEADERS: u16 = 0x0080;
    const MAIN_ENCRYPT_VERSION: u16 = 0x0200;
    const FILE_COMMENT: u16 = 0x0008;
    const SPLIT_BEFORE: u16 = 0x0001;
    const SPLIT_AFTER: u16 = 0x0002;
    const PASSWORD: u16 = 0x0004;
    const DIRECTORY_MASK: u16 = 0x00E0;
    const LARGE: u16 = 0x0100;
    const UNICODE: u16 = 0x0200;
    const LONG_BLOCK: u16 = 0x8000;
    const STORE: u8 = 0x30;

    /// Walks the blocks after the signature (`base` is the signature's length, so that ranges are
    /// positions in the whole file).
    pub(super) fn walk(rest: &[u8], base: usize, limits: &Limits) -> Result<Archive, ExtractError> {
        let file_len = base + rest.len();
        let mut archive = Archive::default();
        let mut pos = 0usize;
        while pos < rest.len() {
            let Some(h) = rest.get(pos..pos + 7) else {
                return Err(corrupt(base + pos));
            };
            let crc = u16::from_le_bytes([h[0], h[1]]);
            let kind = h[2];
            let flags = u16::from_le_bytes([h[3], h[4]]);
            let size = usize::from(u16::from_le_bytes([h[5], h[6]]));
            if size < 7 {
                return Err(corrupt(base + pos));
            }
            let Some(header) = rest.get(pos..pos + size) else {
                return Err(corrupt(base + pos));
            };
            // The checksum covers the header after its own two bytes, except what RAR 1.5–2.x
            // embeds after the fixed fields (an old-style comment in the main or a file header);
            // the other old block types are not checked, as unrar does not.
            let checked = match kind {
                MAIN => Some(if flags & MAIN_ENCRYPT_VERSION != 0 { 14 } else { 13 }),
                FILE if flags & FILE_COMMENT != 0 => None,
                FILE | SERVICE | END => Some(size),
                _ => None,
            };
            if let Some(end) = checked {
                let covered = header.get(2..end).ok_or_else(|| corrupt(base + pos))?;
                if (crc32fast::hash(covered) & 0xFFFF) as u16 != crc {
                    return Err(ExtractError::corrupt(Defect::HeaderChecksum { format: "RAR" }).at_byte(base + pos));
                }
            }
            let mut data_size: u64 = 0;
            match kind {
                MAIN => {
                    if flags & MAIN_ENCRYPTED_HEADERS != 0 {
                        return Err(ExtractError::encrypted(crate::Encryption::HeadersEncrypted));
                    }
                    if flags & MAIN_COMMENT != 0 {
                        // RAR 2.x keeps a compressed comment in a block inside the main header.
                        archive.comment = Some(Data::Compressed);
                    }
                }
                FILE | SERVICE => {
                    let f = file_header(header, flags, base + pos)?;
                    data_size = f.packed;
                    let data_start = pos + size;
                    let data = if flags & PASSWORD != 0 {
                        Data::Encrypted
                    } else if flags & (SPLIT_BEFORE | SPLIT_AFTER) != 0 {
                        Data::Split
                    } else if f.method != STORE {
                        Data::Compressed
                    } else {
                        match range_in(file_len, base + data_start, f.packed) {
                            Some((start, len)) => Data::Stored { start, len },
                            None => return Err(past_end(Some(&f.name), base + pos)),
                        }
                    };
                    if kind == FILE {
                        if archive.entries.len() >= limits.max_entries {
                            return Err(ExtractError::limit(
                                LimitKind::Entries,
                                limits.max_entries,
                                archive.entries.len() + 1,
                            ));
                        }
                        let directory = flags & DIRECTORY_MASK == DIRECTORY_MASK;
                        if flags & FILE_COMMENT != 0 {
                            // RAR 2.x: a compressed comment on this entry, which WinRAR shows.
                            archive.unread_comments.push(f.name.clone());
                        }
                        archive.entries.push(Entry { name: f.name, directory, data });
                    } else if f.name == "CMT" {
                        archive.comment = Some(data);
                    }
                }
                OLD_COMMENT => archive.comment = Some(Data::Compressed),
                END => break,
                _ => {
                    if flags & LONG_BLOCK != 0 {
                        let add = header.get(7..11).ok_or_else(|| corrupt(base + pos))?;
                        data_size = u64::from(u32::from_le_bytes([add[0], add[1], add[2], add[3]]));
                    }
                }
            }
            let next = (pos + size) as u64 + data_size;
            if next > rest.len() as u64 {
                // The last member of a volume set or a cut-off download: what was listed is
                // reported; a stored member whose data is missing was refused above.
                if kind == FILE && flags & SPLIT_AFTER != 0 {
                    break;
                }
                return Err(past_end(None, base + pos));
            }
            pos = next as usize;
        }
        Ok(archive)
    }

    struct FileHeader {
        packed: u64,
        method: u8,
        name: String,
    }

    fn file_header(h: &[u8], flags: u16, at: usize) -> Result<FileHeader, ExtractError> {
        let short = || corrupt(at);
        let u32_at = |i: usize| h.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let mut packed = u64::from(u32_at(7).ok_or_else(short)?);
        let method = *h.get(25).ok_or_else(short)?;
        let name_len = usize::from(u16::from_le_bytes([*h.get(26).ok_or_else(short)?, *h.get(27).ok_or_else(short)?]));
        let mut name_at = 32;
        if flags & LARGE != 0 {
            packed |= u64::from(u32_at(32).ok_or_else(short)?) << 32;
            name_at += 8;
        }
        let raw = h.get(name_at..name_at + name_len).ok_or_else(short)?;
        let name = if flags & UNICODE != 0 { unicode_name(raw) } else { decode_name(raw) };
        // Archives made on Windows separate folders with `\`; every listing shows `/`.
        let name = name.replace('\\', "/");
        Ok(FileHeader { packed, method, name })
    }

    /// A name with the Unicode flag: UTF-8 when it holds no NUL; otherwise an 8-bit name, a NUL,
    /// and RAR's compact encoding of the UTF-16 name, which refers back to the 8-bit one.
    pub(super) fn unicode_name(raw: &[u8]) -> String {
        let Some(nul) = raw.iter().position(|b| *b == 0) else {
            return String::from_utf8_lossy(raw).into_owned();
        };
        let (ascii, enc) = (&raw[..nul], &raw[nul + 1..]);
        let mut out: Vec<u16> = Vec::with_capacity(ascii.len());
        let Some((&high, mut enc)) = enc.split_first() else { return decode_name(ascii) };
        let high = u16::from(high) << 8;
        let mut flags = 0u8;
        let mut bits = 0u32;
        let next = |enc: &mut &[u8]| -> Option<u8> {
            let (&b, rest) = enc.split_first()?;
            *enc = rest;
            Some(b)
        };
        // Each two-bit code says how the next characters are written; the name is as long as the
        // 8-bit one at most (a name with more than 255 UTF-16 units is cut there, as unrar does).
        while out.len() < 0xFFFF {
            if bits == 0 {
                let Some(f) = next(&mut enc) else { break };
                flags = f;
                bits = 8;
            }
            bits -= 2;
            match (flags >> bits) & 3 {
                0 => match next(&mut enc) {
                    Some(b) => out.push(u16::from(b)),
                    None => break,
                },
                1 => match next(&mut enc) {
                    Some(b) => out.push(u16::from(b) | high),
                    None => break,
                },
                2 => match (next(&mut enc), next(&mut enc)) {
                    (Some(lo), Some(hi)) => out.push(u16::from(lo) | (u16::from(hi) << 8)),
                    _ => break,
                },
                _ => {
                    let Some(len) = next(&mut enc) else { break };
                    if len & 0x80 != 0 {
                        let Some(correction) = next(&mut enc) else { break };
                        for _ in 0..(len & 0x7F) + 2 {
                            let Some(&a) = ascii.get(out.len()) else { break };
                            out.push(u16::from(a.wrapping_add(correction)) | high);
                        }
                    } else {
                        for _ in 0..len + 2 {
                            let Some(&a) = ascii.get(out.len()) else { break };
                            out.push(u16::from(a));
                        }
                    }
                }
            }
            if enc.is_empty() && bits == 0 {
                break;
            }
        }
        String::from_utf16_lossy(&out)
    }
}

/// RAR 5: variable-length integers, a CRC32 per header.
mod rar5 {
    use super::*;

    const MAIN: u64 = 1;
    const FILE: u64 = 2;
    const SERVICE: u64 = 3;
    const ENCRYPTION: u64 = 4;
    const END: u64 = 5;

    const HAS_EXTRA: u64 = 0x01;
    const HAS_DATA: u64 = 0x02;
    const SPLIT_BEFORE: u64 = 0x08;
    const SPLIT_AFTER: u64 = 0x10;

    const DIRECTORY: u64 = 0x01;
    const HAS_MTIME: u64 = 0x02;
    const HAS_CRC: u64 = 0x04;

    const EXTRA_ENCRYPTION: u64 = 0x01;

    /// A cursor over one header.
    struct Reader<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl Reader<'_> {
        fn vint(&mut self) -> Option<u64> {
            let mut value = 0u64;
            for shift in (0..70).step_by(7) {
                let b = *self.bytes.get(self.pos)?;
                self.pos += 1;
                value |= u64::from(b & 0x7F).checked_shl(shift)?;
                if b & 0x80 == 0 {
                    return Some(value);
                }
            }
            None
        }
        fn skip(&mut self, n: usize) -> Option<()> {
            self.pos = self.pos.checked_add(n).filter(|p| *p <= self.bytes.len())?;
            Some(())
        }
        fn take(&mut self, n: u64) -> Option<&[u8]> {
            let n = usize::try_from(n).ok()?;
            let start = self.pos;
            self.skip(n)?;
            Some(&self.bytes[start..start + n])
        }
    }

    pub(super) fn walk(rest: &[u8], base: usize, limits: &Limits) -> Result<Archive, ExtractError> {
        let file_len = base + rest.len();
        let mut archive = Archive::default();
        let mut pos = 0usize;
        while pos < rest.len() {
            let at = base + pos;
            let truncated = || corrupt(at);
            let crc = rest.get(pos..pos + 4).ok_or_else(truncated)?;
            let crc = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
            let mut r = Reader { bytes: rest, pos: pos + 4 };
            let size = r.vint().ok_or_else(truncated)?;
            let header_start = r.pos;
            let header_end = usize::try_from(size)
                .ok()
                .and_then(|s| header_start.checked_add(s))
                .filter(|e| *e <= rest.len())
                .ok_or_else(truncated)?;
            if size == 0 || crc32fast::hash(&rest[pos + 4..header_end]) != crc {
                return Err(ExtractError::corrupt(Defect::HeaderChecksum { format: "RAR" }).at_byte(at));
            }
            let mut h = Reader { bytes: &rest[..header_end], pos: header_start };
            let bad = || corrupt(at);
            let kind = h.vint().ok_or_else(bad)?;
            let flags = h.vint().ok_or_else(bad)?;
            let extra_size = if flags & HAS_EXTRA != 0 { h.vint().ok_or_else(bad)? } else { 0 };
            let data_size = if flags & HAS_DATA != 0 { h.vint().ok_or_else(bad)? } else { 0 };
            let extra_start = u64::try_from(header_end).ok().and_then(|e| e.checked_sub(extra_size)).ok_or_else(bad)?;
            match kind {
                ENCRYPTION => return Err(ExtractError::encrypted(crate::Encryption::HeadersEncrypted)),
                FILE | SERVICE => {
                    let file_flags = h.vint().ok_or_else(bad)?;
                    let _unpacked = h.vint().ok_or_else(bad)?;
                    let _attributes = h.vint().ok_or_else(bad)?;
                    if file_flags & HAS_MTIME != 0 {
                        h.skip(4).ok_or_else(bad)?;
                    }
                    if file_flags & HAS_CRC != 0 {
                        h.skip(4).ok_or_else(bad)?;
                    }
                    let compression = h.vint().ok_or_else(bad)?;
                    let _host = h.vint().ok_or_else(bad)?;
                    let name_len = h.vint().ok_or_else(bad)?;
                    let name = String::from_utf8_lossy(h.take(name_len).ok_or_else(bad)?).into_owned();
                    let encrypted = extra_records(&rest[extra_start as usize..header_end])
                        .ok_or_else(bad)?
                        .contains(&EXTRA_ENCRYPTION);
                    let method = (compression >> 7) & 0x7;
                    let data = if encrypted {
                        Data::Encrypted
                    } else if flags & (SPLIT_BEFORE | SPLIT_AFTER) != 0 {
                        Data::Split
                    } else if method != 0 {
                        Data::Compressed
                    } else {
                        match range_in(file_len, base + header_end, data_size) {
                            Some((start, len)) => Data::Stored { start, len },
                            None => return Err(past_end(Some(&name), at)),
                        }
                    };
                    if kind == FILE {
                        if archive.entries.len() >= limits.max_entries {
                            return Err(ExtractError::limit(
                                LimitKind::Entries,
                                limits.max_entries,
                                archive.entries.len() + 1,
                            ));
                        }
                        archive.entries.push(Entry { name, directory: file_flags & DIRECTORY != 0, data });
                    } else if name == "CMT" {
                        archive.comment = Some(data);
                    }
                }
                END => break,
                MAIN => {}
                _ => {}
            }
            let next = (header_end as u64).checked_add(data_size).filter(|n| *n <= rest.len() as u64);
            match next {
                Some(n) => pos = n as usize,
                None if kind == FILE && flags & SPLIT_AFTER != 0 => break,
                None => return Err(past_end(None, at)),
            }
        }
        Ok(archive)
    }

    /// The types of the records in a header's extra area.
    fn extra_records(area: &[u8]) -> Option<Vec<u64>> {
        let mut r = Reader { bytes: area, pos: 0 };
        let mut kinds = Vec::new();
        while r.pos < area.len() {
            let size = r.vint()?;
            let start = r.pos;
            kinds.push(r.vint()?);
            r.pos = start;
            r.take(size)?;
        }
        Some(kinds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    fn read(bytes: &[u8]) -> Result<Collected, ExtractError> {
        let mut c = Collected::default();
        extract(bytes, &Limits::default(), &mut c)?;
        Ok(c)
    }

    /// RAR 4 blocks, written the way WinRAR writes them (checksums included).
    fn rar4_block(kind: u8, flags: u16, body: &[u8]) -> Vec<u8> {
        let size = (7 + body.len()) as u16;
        let mut h = vec![kind];
        h.extend(flags.to_le_bytes());
        h.extend(size.to_le_bytes());
        h.extend(body);
        let crc = (crc32fast::hash(&h) & 0xFFFF) as u16;
        let mut out = crc.to_le_bytes().to_vec();
        out.extend(h);
        out
    }

    fn rar4_file(name: &[u8], flags: u16, method: u8, data: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend((data.len() as u32).to_le_bytes()); // packed
        body.extend((data.len() as u32).to_le_bytes()); // unpacked
        body.push(2); // host OS: Windows
        body.extend(crc32fast::hash(data).to_le_bytes());
        body.extend(0u32.to_le_bytes()); // time
        body.push(29); // version
        body.push(method);
        body.extend((name.len() as u16).to_le_bytes());
        body.extend(0x20u32.to_le_bytes()); // attributes
        body.extend(name);
        let mut out = rar4_block(0x74, flags | 0x8000, &body);
        out.extend(data);
        out
    }

    fn rar4(blocks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = RAR4_SIGNATURE.to_vec();
        out.extend(rar4_block(0x73, 0, &[0; 6]));
        for b in blocks {
            out.extend(b);
        }
        out.extend(rar4_block(0x7B, 0x4000, &[]));
        out
    }

    fn vint(mut v: u64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let b = (v & 0x7F) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return out;
            }
            out.push(b | 0x80);
        }
    }

    fn rar5_header(kind: u64, flags: u64, fields: &[u8], extra: &[u8], data: &[u8]) -> Vec<u8> {
        let mut h = vint(kind);
        h.extend(vint(flags | if extra.is_empty() { 0 } else { 1 } | if data.is_empty() { 0 } else { 2 }));
        if !extra.is_empty() {
            h.extend(vint(extra.len() as u64));
        }
        if !data.is_empty() {
            h.extend(vint(data.len() as u64));
        }
        h.extend(fields);
        h.extend(extra);
        let mut sized = vint(h.len() as u64);
        sized.extend(h);
        let mut out = crc32fast::hash(&sized).to_le_bytes().to_vec();
        out.extend(sized);
        out.extend(data);
        out
    }

    fn rar5_file(kind: u64, name: &str, directory: bool, method: u64, extra: &[u8], data: &[u8]) -> Vec<u8> {
        let mut f = vint(u64::from(directory));
        f.extend(vint(data.len() as u64));
        f.extend(vint(0x20));
        f.extend(vint(method << 7));
        f.extend(vint(0)); // Windows
        f.extend(vint(name.len() as u64));
        f.extend(name.as_bytes());
        rar5_header(kind, 0, &f, extra, data)
    }

    fn rar5(blocks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = RAR5_SIGNATURE.to_vec();
        out.extend(rar5_header(1, 0, &vint(0), &[], &[]));
        for b in blocks {
            out.extend(b);
        }
        out.extend(rar5_header(5, 0, &vint(0), &[], &[]));
        out
    }

    fn listing(c: &Collected) -> &str {
        &c.segments.iter().find(|s| s.location.part == crate::tarball::DIRECTORY).unwrap().text
    }

    #[test]
    fn rar4_names_stored_members_and_unread_compressed_ones() {
        let gbk = encoding_rs::GBK.encode("机密★1年/通知.txt").0.into_owned();
        let bytes = rar4(&[
            rar4_file("报告".as_bytes(), 0x00E0, 0x30, b""),
            rar4_file(&gbk, 0, 0x30, "关于加强管理的通知".as_bytes()),
            rar4_file(b"big.docx", 0, 0x33, b"\x01\x02compressed"),
        ]);
        let c = read(&bytes).unwrap();
        assert_eq!(listing(&c), "报告\n机密★1年/通知.txt\nbig.docx", "GBK names decoded");
        assert_eq!(c.members, vec![("机密★1年/通知.txt".to_string(), "关于加强管理的通知".as_bytes().to_vec())]);
        assert!(c.coverage.contains(&CoverageNote::unread("big.docx", REASON)));
    }

    #[test]
    fn rar4_unicode_names_in_rars_own_encoding() {
        // "机密.txt" as WinRAR writes it: an 8-bit name, NUL, then the high byte of the first
        // characters and two-bit codes (2 = a full UTF-16 unit; 3 = a run copied from the 8-bit name).
        let mut raw = b"??.txt\0".to_vec();
        let units: Vec<u16> = "机密".encode_utf16().collect();
        raw.push(0x00); // high byte (unused here)
        raw.push(0b1010_1100); // codes: 2, 2, 3, (pad)
        for u in &units {
            raw.extend(u.to_le_bytes());
        }
        raw.push(4 - 2); // a run of 4 characters from the 8-bit name
        assert_eq!(rar4::unicode_name(&raw), "机密.txt");
        assert_eq!(rar4::unicode_name("直接是UTF-8".as_bytes()), "直接是UTF-8");
        // Truncated or hostile encodings end the name; they never panic.
        for cut in 0..raw.len() {
            let _ = rar4::unicode_name(&raw[..cut]);
        }
    }

    #[test]
    fn rar5_names_comment_and_members() {
        let bytes = rar5(&[
            rar5_file(2, "密件", true, 0, &[], b""),
            rar5_file(2, "密件/机密★1年.txt", false, 0, &[], "正文".as_bytes()),
            rar5_file(2, "packed.bin", false, 3, &[], b"\x00\x01\x02"),
            rar5_file(3, "CMT", false, 0, &[], "绝密★启用前".as_bytes()),
        ]);
        let c = read(&bytes).unwrap();
        assert_eq!(listing(&c), "密件\n密件/机密★1年.txt\npacked.bin");
        assert_eq!(c.members.len(), 1);
        assert_eq!(c.members[0].0, "密件/机密★1年.txt");
        let comment = c.segments.iter().find(|s| s.location.part == COMMENT).unwrap();
        assert_eq!(comment.text, "绝密★启用前");
        assert!(c.coverage.contains(&CoverageNote::unread("packed.bin", REASON)));
    }

    /// Each limit a RAR meets is reported by kind with its numbers and the member, not in words.
    #[test]
    fn limits_are_typed_with_their_numbers() {
        let bytes = rar5(&[
            rar5_file(2, "a.txt", false, 0, &[], &[b'a'; 600]),
            rar5_file(2, "b.txt", false, 0, &[], &[b'b'; 600]),
        ]);
        let run = |limits: Limits| extract(&bytes, &limits, &mut Collected::default()).unwrap_err();
        match run(Limits { max_part_bytes: 500, ..Limits::default() }) {
            ExtractError::LimitExceeded {
                kind: LimitKind::PartBytes, limit: 500, seen: 600, part: Some(p), ..
            } => {
                assert_eq!(p, "a.txt")
            }
            other => panic!("{other:?}"),
        }
        match run(Limits { max_decompressed_bytes: 1000, ..Limits::default() }) {
            ExtractError::LimitExceeded {
                kind: LimitKind::DecompressedBytes,
                limit: 1000,
                seen: 1200,
                part: Some(p),
                ..
            } => assert_eq!(p, "b.txt"),
            other => panic!("{other:?}"),
        }
        let err = run(Limits { max_entries: 1, ..Limits::default() });
        assert!(
            matches!(err, ExtractError::LimitExceeded { kind: LimitKind::Entries, limit: 1, seen: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn encrypted_members_and_headers_are_errors() {
        let mut extra = vint(2);
        extra.extend(vint(1)); // an encryption record (its body cut short: only its type matters)
        extra.push(0);
        let bytes = rar5(&[rar5_file(2, "a.txt", false, 0, &extra, b"xx")]);
        let entry = |p: &Option<String>| p.as_deref() == Some("a.txt");
        assert!(
            matches!(read(&bytes), Err(ExtractError::Encrypted { part, what: crate::Encryption::EntryPassword }) if entry(&part))
        );
        let mut bytes = RAR5_SIGNATURE.to_vec();
        bytes.extend(rar5_header(4, 0, &vint(0), &[], &[]));
        assert!(matches!(
            read(&bytes),
            Err(ExtractError::Encrypted { part: None, what: crate::Encryption::HeadersEncrypted })
        ));
        let bytes = rar4(&[rar4_file(b"a.txt", 0x0004, 0x30, b"xx")]);
        assert!(
            matches!(read(&bytes), Err(ExtractError::Encrypted { part, what: crate::Encryption::EntryPassword }) if entry(&part))
        );
    }

    #[test]
    fn a_bad_checksum_or_a_cut_file_is_corrupt_and_never_panics() {
        let good = rar5(&[rar5_file(2, "a.txt", false, 0, &[], "机密★1年".as_bytes())]);
        let mut bad = good.clone();
        let at = RAR5_SIGNATURE.len() + 10;
        bad[at] ^= 0xFF;
        assert!(matches!(
            read(&bad),
            Err(ExtractError::Corrupt { what: Defect::HeaderChecksum { format: "RAR" }, at: Some(_), .. })
        ));
        for bytes in [good, rar4(&[rar4_file(b"a.txt", 0, 0x30, b"abc")])] {
            for cut in 0..bytes.len() {
                let _ = read(&bytes[..cut]);
            }
        }
    }
}
