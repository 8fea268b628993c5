//! Checking a 7z archive's header before sevenz-rust2 reads it.
//!
//! The crate sizes its allocations from counts the header declares (files, folders, coders,
//! streams) and its decoders' memory from the coders' properties (an LZMA dictionary, a PPMd
//! model), without bounds: a 200-byte archive declaring a billion files makes it allocate a
//! billion entries, and the process aborts. So [`check`] reads the header first, by the format's
//! grammar (7-Zip's `7zFormat.txt`), with the same syntax the crate accepts, and refuses:
//!
//! - counts of files, folders and streams above `max_entries`, and more than 64 coders or streams
//!   per folder (7-Zip writes at most 4);
//! - an LZMA or LZMA2 dictionary, or a PPMd model, larger than both the usual maximum (64 MiB,
//!   256 MiB for PPMd) and the folder's declared output (itself bounded by `max_part_bytes`);
//! - a header larger than [`max_header`], and an encrypted header or encrypted contents
//!   ([`ExtractError::Encrypted`]: there is no password to try).
//!
//! 7-Zip compresses its header by default (an "encoded header": a small header describing one
//! LZMA-packed stream that holds the real one), so that stream is decoded here, within the same
//! bounds, and its contents checked in turn.

use std::io::Read;

use crate::{ExtractError, LimitKind, Limits};

/// Property ids of the 7z header grammar.
mod id {
    pub const END: u8 = 0x00;
    pub const HEADER: u8 = 0x01;
    pub const ARCHIVE_PROPERTIES: u8 = 0x02;
    pub const ADDITIONAL_STREAMS: u8 = 0x03;
    pub const MAIN_STREAMS: u8 = 0x04;
    pub const FILES: u8 = 0x05;
    pub const PACK_INFO: u8 = 0x06;
    pub const UNPACK_INFO: u8 = 0x07;
    pub const SUBSTREAMS: u8 = 0x08;
    pub const SIZE: u8 = 0x09;
    pub const CRC: u8 = 0x0A;
    pub const FOLDER: u8 = 0x0B;
    pub const UNPACK_SIZES: u8 = 0x0C;
    pub const NUM_UNPACK_STREAMS: u8 = 0x0D;
    pub const NAMES: u8 = 0x11;
    pub const ENCODED_HEADER: u8 = 0x17;
}

const LZMA: &[u8] = &[0x03, 0x01, 0x01];
const LZMA2: &[u8] = &[0x21];
const PPMD: &[u8] = &[0x03, 0x04, 0x01];
const AES: &[u8] = &[0x06, 0xF1, 0x07, 0x01];

/// Most coders, or streams of one coder, a folder may have.
const MAX_CODERS: u64 = 64;
/// The dictionary of 7-Zip's "ultra" LZMA level; larger ones only for large outputs.
const USUAL_DICT: u64 = 64 << 20;
/// PPMd memory of 7-Zip's "ultra" level is 192 MiB.
const USUAL_PPMD: u64 = 256 << 20;

/// The largest header accepted: about 4 KiB per entry allowed, within the part limit.
pub(super) fn max_header(limits: &Limits) -> u64 {
    (limits.max_entries as u64).saturating_mul(4096).max(1 << 20).min(limits.max_part_bytes)
}

/// Checks the header of the 7z archive in `bytes` (whose 32-byte signature header says where the
/// header is). Errors name what was refused.
pub(super) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    let start = bytes.get(..32).ok_or_else(corrupt)?;
    if start[12..32].iter().all(|b| *b == 0) {
        return Err(corrupt());
    }
    let u64_at = |at: usize| u64::from_le_bytes(start[at..at + 8].try_into().expect("8 bytes"));
    let (offset, size) = (u64_at(12), u64_at(20));
    if size > max_header(limits) {
        return Err(ExtractError::limit(LimitKind::HeaderBytes, max_header(limits), size));
    }
    let header = offset
        .checked_add(32)
        .and_then(|s| Some((usize::try_from(s).ok()?, usize::try_from(size).ok()?)))
        .and_then(|(s, n)| bytes.get(s..s.checked_add(n)?))
        .ok_or_else(corrupt)?;
    match header.first() {
        Some(&id::HEADER) => check_header(header, limits),
        Some(&id::ENCODED_HEADER) => {
            let decoded = decode_header(header, bytes, limits)?;
            if decoded.first() != Some(&id::HEADER) {
                return Err(corrupt());
            }
            check_header(&decoded, limits)
        }
        _ => Err(corrupt()),
    }
}

/// A folder (the crate calls it a block): its coders and the sizes of their outputs.
struct Folder {
    coders: Vec<Coder>,
    unpack_sizes: Vec<u64>,
}

struct Coder {
    id: Vec<u8>,
    props: Vec<u8>,
}

/// What a streams-info section declares.
#[derive(Default)]
struct Streams {
    pack_pos: u64,
    pack_sizes: Vec<u64>,
    folders: Vec<Folder>,
}

fn check_header(header: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    let mut c = Cursor::new(header);
    c.byte()?; // id::HEADER
    let mut nid = c.byte()?;
    if nid == id::ARCHIVE_PROPERTIES {
        nid = c.byte()?;
        while nid != id::END {
            let size = c.varint()?;
            c.skip(size)?;
            nid = c.byte()?;
        }
        nid = c.byte()?;
    }
    if nid == id::ADDITIONAL_STREAMS {
        return Ok(()); // The crate refuses these itself.
    }
    if nid == id::MAIN_STREAMS {
        let streams = streams_info(&mut c, limits)?;
        check_coders(&streams, limits)?;
        nid = c.byte()?;
    }
    if nid == id::FILES {
        files_info(&mut c, limits)?;
        nid = c.byte()?;
    }
    if nid != id::END {
        return Err(corrupt());
    }
    Ok(())
}

fn streams_info(c: &mut Cursor<'_>, limits: &Limits) -> Result<Streams, ExtractError> {
    let mut streams = Streams::default();
    let mut nid = c.byte()?;
    if nid == id::PACK_INFO {
        streams.pack_pos = c.varint()?;
        let n = c.count(limits.max_entries as u64, LimitKind::Entries)?;
        nid = c.byte()?;
        if nid == id::SIZE {
            for _ in 0..n {
                streams.pack_sizes.push(c.varint()?);
            }
            nid = c.byte()?;
        }
        if nid == id::CRC {
            let defined = c.defined(n)?;
            c.skip(4 * defined)?;
            nid = c.byte()?;
        }
        if nid != id::END {
            return Err(corrupt());
        }
        nid = c.byte()?;
    }
    let mut crcs: Vec<bool> = Vec::new();
    if nid == id::UNPACK_INFO {
        if c.byte()? != id::FOLDER {
            return Err(corrupt());
        }
        let n = c.count(limits.max_entries as u64, LimitKind::Entries)?;
        if c.byte()? != 0 {
            return Err(corrupt());
        }
        let mut outputs = Vec::new();
        for _ in 0..n {
            let (folder, out) = folder(c)?;
            streams.folders.push(folder);
            outputs.push(out);
        }
        if c.byte()? != id::UNPACK_SIZES {
            return Err(corrupt());
        }
        for (folder, out) in streams.folders.iter_mut().zip(outputs) {
            for _ in 0..out {
                folder.unpack_sizes.push(c.varint()?);
            }
        }
        nid = c.byte()?;
        crcs = vec![false; streams.folders.len()];
        if nid == id::CRC {
            let bits = c.bits(n)?;
            c.skip(4 * bits.iter().filter(|b| **b).count() as u64)?;
            crcs = bits;
            nid = c.byte()?;
        }
        if nid != id::END {
            return Err(corrupt());
        }
        nid = c.byte()?;
    }
    if nid == id::SUBSTREAMS {
        let mut per_folder = vec![1u64; streams.folders.len()];
        nid = c.byte()?;
        if nid == id::NUM_UNPACK_STREAMS {
            let mut total = 0u64;
            for n in per_folder.iter_mut() {
                *n = c.varint()?;
                total = total.saturating_add(*n);
                if total > limits.max_entries as u64 {
                    return Err(ExtractError::limit(LimitKind::Entries, limits.max_entries, total));
                }
            }
            nid = c.byte()?;
        }
        if nid == id::SIZE {
            for n in &per_folder {
                for _ in 1..*n {
                    c.varint()?;
                }
            }
            nid = c.byte()?;
        }
        if nid == id::CRC {
            let digests: u64 = per_folder.iter().zip(&crcs).map(|(n, crc)| if *n == 1 && *crc { 0 } else { *n }).sum();
            let defined = c.defined(digests)?;
            c.skip(4 * defined)?;
            nid = c.byte()?;
        }
        if nid != id::END {
            return Err(corrupt());
        }
        nid = c.byte()?;
    }
    if nid != id::END {
        return Err(corrupt());
    }
    Ok(streams)
}

/// A folder and the number of its output streams.
fn folder(c: &mut Cursor<'_>) -> Result<(Folder, u64), ExtractError> {
    let n = c.count(MAX_CODERS, LimitKind::Coders)?;
    let (mut ins, mut outs) = (0u64, 0u64);
    let mut coders = Vec::new();
    for _ in 0..n {
        let bits = c.byte()?;
        let id = c.take(u64::from(bits & 0x0F))?.to_vec();
        let (i, o) = if bits & 0x10 == 0 {
            (1, 1)
        } else {
            (c.count(MAX_CODERS, LimitKind::Coders)?, c.count(MAX_CODERS, LimitKind::Coders)?)
        };
        ins += i;
        outs += o;
        let props = if bits & 0x20 != 0 {
            let size = c.varint()?;
            c.take(size)?.to_vec()
        } else {
            Vec::new()
        };
        if bits & 0x80 != 0 {
            return Err(corrupt());
        }
        coders.push(Coder { id, props });
    }
    if outs == 0 || ins < outs - 1 {
        return Err(corrupt());
    }
    for _ in 0..outs - 1 {
        c.varint()?;
        c.varint()?;
    }
    let packed = ins - (outs - 1);
    if packed != 1 {
        for _ in 0..packed {
            c.varint()?;
        }
    }
    Ok((Folder { coders, unpack_sizes: Vec::new() }, outs))
}

fn files_info(c: &mut Cursor<'_>, limits: &Limits) -> Result<(), ExtractError> {
    c.count(limits.max_entries as u64, LimitKind::Entries)?;
    loop {
        let kind = c.byte()?;
        if kind == id::END {
            return Ok(());
        }
        let size = c.varint()?;
        if kind == id::NAMES && size == 0 {
            return Err(corrupt());
        }
        c.skip(size)?;
    }
}

/// Refuses encrypted folders and decoder memory the folder's output cannot justify.
fn check_coders(streams: &Streams, limits: &Limits) -> Result<(), ExtractError> {
    for folder in &streams.folders {
        let output = folder.unpack_sizes.iter().copied().max().unwrap_or(0).min(limits.max_part_bytes);
        for coder in &folder.coders {
            let u32_at = |at: usize| {
                coder.props.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
            };
            let (need, usual) = match coder.id.as_slice() {
                AES => return Err(ExtractError::encrypted(crate::Encryption::Password)),
                LZMA => (u32_at(1).unwrap_or(0), USUAL_DICT),
                LZMA2 => (coder.props.first().map_or(0, |b| lzma2_dict(*b)), USUAL_DICT),
                PPMD => (u32_at(1).unwrap_or(0), USUAL_PPMD),
                _ => continue,
            };
            if need > usual.max(output) {
                return Err(ExtractError::limit(LimitKind::DecoderMemory, usual.max(output), need));
            }
        }
    }
    Ok(())
}

/// The dictionary size an LZMA2 properties byte stands for.
fn lzma2_dict(bits: u8) -> u64 {
    if bits >= 40 {
        u64::from(u32::MAX)
    } else {
        (2 | u64::from(bits & 1)) << (bits / 2 + 11)
    }
}

/// Decodes an encoded header: one LZMA or LZMA2 stream, described by the streams info in `raw`.
fn decode_header(raw: &[u8], bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, ExtractError> {
    let mut c = Cursor::new(raw);
    c.byte()?; // id::ENCODED_HEADER
    let streams = streams_info(&mut c, limits)?;
    check_coders(&streams, limits)?;
    let folder = streams.folders.first().ok_or_else(corrupt)?;
    let size = *folder.unpack_sizes.first().ok_or_else(corrupt)?;
    if size > max_header(limits) {
        return Err(ExtractError::limit(LimitKind::HeaderBytes, max_header(limits), size));
    }
    let packed = streams
        .pack_sizes
        .first()
        .and_then(|n| {
            let start = usize::try_from(streams.pack_pos.checked_add(32)?).ok()?;
            bytes.get(start..start.checked_add(usize::try_from(*n).ok()?)?)
        })
        .ok_or_else(corrupt)?;
    let [coder] = folder.coders.as_slice() else {
        return Err(corrupt());
    };
    // The header is small: no dictionary larger than it is ever needed to decode it.
    let dict = |declared: u64| declared.min(size.max(4096)) as u32;
    let mut reader: Box<dyn Read + '_> = match coder.id.as_slice() {
        LZMA if coder.props.len() >= 5 => {
            let declared =
                u64::from(u32::from_le_bytes([coder.props[1], coder.props[2], coder.props[3], coder.props[4]]));
            Box::new(
                lzma_rust2::LzmaReader::new_with_props(packed, size, coder.props[0], dict(declared), None)
                    .map_err(|e| packed_header(e.to_string()))?,
            )
        }
        LZMA2 if !coder.props.is_empty() => {
            Box::new(lzma_rust2::Lzma2Reader::new(packed, dict(lzma2_dict(coder.props[0])), None))
        }
        _ => {
            let method = coder.id.iter().map(|b| format!("{b:02X}")).collect();
            return Err(ExtractError::corrupt(crate::Defect::UnsupportedMethod { format: "7z", method }));
        }
    };
    let mut header = Vec::with_capacity(size as usize);
    (&mut reader).take(size).read_to_end(&mut header).map_err(|e| packed_header(e.to_string()))?;
    if header.len() as u64 != size {
        return Err(corrupt());
    }
    Ok(header)
}

/// A read position in a header.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    fn byte(&mut self) -> Result<u8, ExtractError> {
        Ok(self.take(1)?[0])
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], ExtractError> {
        let end = usize::try_from(n).ok().and_then(|n| self.at.checked_add(n));
        let got = end.and_then(|e| self.bytes.get(self.at..e)).ok_or_else(corrupt)?;
        self.at += got.len();
        Ok(got)
    }

    fn skip(&mut self, n: u64) -> Result<(), ExtractError> {
        self.take(n).map(|_| ())
    }

    /// 7z's variable-length integer: the leading one bits of the first byte say how many bytes
    /// follow (little-endian), the rest of the first byte gives the high bits.
    fn varint(&mut self) -> Result<u64, ExtractError> {
        let first = u64::from(self.byte()?);
        let mut mask = 0x80u64;
        let mut value = 0u64;
        for i in 0..8 {
            if first & mask == 0 {
                return Ok(value | ((first & (mask - 1)) << (8 * i)));
            }
            value |= u64::from(self.byte()?) << (8 * i);
            mask >>= 1;
        }
        Ok(value)
    }

    /// A count, refused above `max` (the limit of `kind`).
    fn count(&mut self, max: u64, kind: LimitKind) -> Result<u64, ExtractError> {
        let n = self.varint()?;
        if n > max {
            return Err(ExtractError::limit(kind, max, n));
        }
        Ok(n)
    }

    /// An "all defined" byte or a bit vector of `n` flags.
    fn bits(&mut self, n: u64) -> Result<Vec<bool>, ExtractError> {
        if self.byte()? != 0 {
            return Ok(vec![true; n as usize]);
        }
        let bytes = self.take(n.div_ceil(8))?;
        Ok((0..n as usize).map(|i| bytes[i / 8] & (0x80 >> (i % 8)) != 0).collect())
    }

    /// How many of `n` items a bit vector (or "all defined") marks.
    fn defined(&mut self, n: u64) -> Result<u64, ExtractError> {
        Ok(self.bits(n)?.iter().filter(|b| **b).count() as u64)
    }
}

/// The 7z archive's header is inconsistent or cut short.
fn corrupt() -> ExtractError {
    ExtractError::corrupt(crate::Defect::ArchiveHeader { format: "7z" })
}

/// The packed header fails to decompress (`cause`: the decoder's message).
fn packed_header(cause: String) -> ExtractError {
    ExtractError::corrupt(crate::Defect::CompressedData { format: "7z", cause })
}
