//! Checking an xz file's dictionary sizes before a decoder allocates them.
//!
//! An LZMA2 decoder allocates its whole dictionary up front, and the size comes from the file: a
//! 100-byte xz stream can ask for 4 GiB. The `.xz` format lets us look before decoding: each
//! stream ends with an index listing its blocks (their sizes), and each block opens with a header
//! naming its filters and their properties. [`check`] walks every stream from the end of the file
//! and refuses an LZMA2 dictionary larger than both [`USUAL_DICT`] (what `xz -9` uses) and the
//! block's declared output, itself bounded by `max_part_bytes`. The decoder verifies the declared
//! sizes later, so a lie there only lets through a dictionary no larger than a legitimate output.
//!
//! Layout (from the xz file format specification, 1.1.0): a stream is a 12-byte header, blocks
//! (each padded to 4 bytes), an index, and a 12-byte footer ending in `YZ` whose "backward size"
//! gives the index size; streams may be separated and followed by zero padding in 4-byte units.

use crate::{ExtractError, LimitKind, Limits};

/// The dictionary of `xz -9` (and of `xz -9e`): larger ones are allowed only for large blocks.
const USUAL_DICT: u64 = 64 << 20;

/// The LZMA2 filter id.
const LZMA2: u64 = 0x21;

/// Refuses an xz file whose blocks ask for dictionaries larger than their output can justify.
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    let mut end = bytes.len();
    loop {
        while end >= 4 && bytes[end - 4..end] == [0; 4] {
            end -= 4;
        }
        if end == 0 {
            return Ok(());
        }
        end = check_stream(bytes, end, limits)?;
    }
}

/// Checks the stream that ends at `end`; returns where it starts.
fn check_stream(bytes: &[u8], end: usize, limits: &Limits) -> Result<usize, ExtractError> {
    let footer = end.checked_sub(12).map(|s| &bytes[s..end]).ok_or_else(|| corrupt(end))?;
    if &footer[10..12] != b"YZ" {
        return Err(corrupt(end));
    }
    let backward = u32::from_le_bytes([footer[4], footer[5], footer[6], footer[7]]) as usize;
    let index_size = (backward + 1) * 4;
    let index_start = (end - 12).checked_sub(index_size).ok_or_else(|| corrupt(end))?;
    let mut index = Cursor { bytes: &bytes[index_start..end - 12], at: 0 };
    if index.byte()? != 0 {
        return Err(corrupt(index_start));
    }
    let count = index.varint()?;
    let mut blocks = Vec::new();
    let mut padded_total: usize = 0;
    for _ in 0..count {
        let unpadded = index.varint()?;
        let uncompressed = index.varint()?;
        let padded = unpadded.checked_add(3).map(|n| n & !3).ok_or_else(|| corrupt(index_start))?;
        blocks.push((padded_total, uncompressed));
        padded_total = usize::try_from(padded)
            .ok()
            .and_then(|p| padded_total.checked_add(p))
            .ok_or_else(|| corrupt(index_start))?;
    }
    let blocks_start = index_start.checked_sub(padded_total).ok_or_else(|| corrupt(index_start))?;
    let stream_start = blocks_start.checked_sub(12).ok_or_else(|| corrupt(blocks_start))?;
    if !bytes[stream_start..].starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0]) {
        return Err(corrupt(stream_start));
    }
    for (offset, uncompressed) in blocks {
        check_block(&bytes[blocks_start + offset..index_start], blocks_start + offset, uncompressed, limits)?;
    }
    Ok(stream_start)
}

/// Checks the filters of the block whose header opens `block` (at file offset `at`).
fn check_block(block: &[u8], at: usize, uncompressed: u64, limits: &Limits) -> Result<(), ExtractError> {
    let size = (usize::from(*block.first().ok_or_else(|| corrupt(at))?) + 1) * 4;
    let header = block.get(..size).ok_or_else(|| corrupt(at))?;
    let mut h = Cursor { bytes: header, at: 1 };
    let flags = h.byte()?;
    if flags & 0x40 != 0 {
        h.varint()?;
    }
    if flags & 0x80 != 0 {
        h.varint()?;
    }
    let allowed = USUAL_DICT.max(uncompressed.min(limits.max_part_bytes));
    for _ in 0..=(flags & 3) {
        let id = h.varint()?;
        let props_len = usize::try_from(h.varint()?).map_err(|_| corrupt(at))?;
        let props = h.take(props_len)?;
        if id == LZMA2 {
            let bits = *props.first().ok_or_else(|| corrupt(at))?;
            let dict = if bits >= 40 { u64::from(u32::MAX) } else { (2 | u64::from(bits & 1)) << (bits / 2 + 11) };
            if dict > allowed {
                return Err(ExtractError::limit(LimitKind::DecoderMemory, allowed, dict).at_byte(at));
            }
        }
    }
    Ok(())
}

/// A read position in a slice, for the index and block headers.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> Result<u8, ExtractError> {
        Ok(self.take(1)?[0])
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ExtractError> {
        let got = self.at.checked_add(n).and_then(|e| self.bytes.get(self.at..e)).ok_or_else(truncated)?;
        self.at += n;
        Ok(got)
    }

    /// A multibyte integer: 7 bits per byte, low bits first, at most 9 bytes.
    fn varint(&mut self) -> Result<u64, ExtractError> {
        let mut value = 0u64;
        for i in 0..9 {
            let b = self.byte()?;
            value |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(truncated())
    }
}

fn truncated() -> ExtractError {
    ExtractError::corrupt(crate::Defect::ArchiveHeader { format: "xz" })
}

fn corrupt(at: usize) -> ExtractError {
    truncated().at_byte(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::xz_of;

    #[test]
    fn ordinary_and_concatenated_streams_pass() {
        let one = xz_of("机密★1年".repeat(1000).as_bytes());
        check(&one, &Limits::default()).unwrap();
        let mut two = one.clone();
        two.extend_from_slice(&[0; 8]);
        two.extend_from_slice(&xz_of(b"second"));
        two.extend_from_slice(&[0; 4]);
        check(&two, &Limits::default()).unwrap();
    }

    #[test]
    fn a_huge_dictionary_for_a_tiny_output_is_refused() {
        let mut bytes = xz_of(b"tiny");
        // The first block header follows the 12-byte stream header: size, flags, then (no sizes
        // for a single-call encoder? they may be present) the filter flags. Find the LZMA2 id.
        let header_len = (usize::from(bytes[12]) + 1) * 4;
        let header = 12..12 + header_len;
        let at = bytes[header.clone()].windows(2).position(|w| w == [0x21, 0x01]).expect("LZMA2 filter") + 12;
        bytes[at + 2] = 40; // a 4 GiB dictionary
                            // The header CRC is now wrong, but we refuse before any decoder looks.
        let err = check(&bytes, &Limits::default()).unwrap_err();
        assert!(
            matches!(
                &err,
                ExtractError::LimitExceeded { kind: LimitKind::DecoderMemory, seen: 0xFFFF_FFFF, at: Some(12), .. }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn garbage_is_corrupt_not_a_panic() {
        for bytes in [&b"YZ"[..], &[0xFD, b'7', b'z', b'X', b'Z', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'Y', b'Z']] {
            assert!(check(bytes, &Limits::default()).is_err());
        }
        let mut bytes = xz_of(b"x");
        let n = bytes.len();
        bytes[n - 8..n - 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check(&bytes, &Limits::default()).is_err());
    }
}
