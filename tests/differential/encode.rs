//! The encodings a CMS request can wear, written out by hand so the suite needs no codec crates:
//! base64, percent and quoted-printable text, GBK, gzip/zlib (flate2), and brotli and zstd
//! streams made of stored (uncompressed) blocks, which every decoder must accept and which hide
//! nothing from the oracle that reads them back.

use std::io::Write;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64 wrapped at 76 columns with CRLF, as MIME writes it.
pub fn base64_mime(bytes: &[u8]) -> String {
    let flat = base64(bytes);
    flat.as_bytes().chunks(76).map(|l| std::str::from_utf8(l).unwrap()).collect::<Vec<_>>().join("\r\n")
}

/// Lenient base64 (standard or URL-safe alphabet, padding optional, line breaks skipped, a
/// trailing partial group dropped); `None` on any other character.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b'\r' | b'\n' => continue,
            _ => return None,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Every byte percent-encoded except unreserved ASCII; a space as `+`.
pub fn percent(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Quoted-printable: every non-ASCII byte and `=` as `=HH`, soft breaks under 76 columns.
pub fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut col = 0;
    for &b in bytes {
        let piece = if (33..=126).contains(&b) && b != b'=' { (b as char).to_string() } else { format!("={b:02X}") };
        if col + piece.len() > 75 {
            out.push_str("=\r\n");
            col = 0;
        }
        col += piece.len();
        out.push_str(&piece);
    }
    out
}

/// The text in GBK (GB18030's two-byte subset), as older Chinese CMS forms send it.
pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy, "{text:?} is not GBK");
    bytes.into_owned()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// `Content-Encoding: deflate` as RFC 9110 means it: a zlib stream.
pub fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A zstd frame of raw blocks (RFC 8878 §3.1.1): single segment, 4-byte content size, no
/// checksum.
pub fn zstd_raw(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![0x28, 0xb5, 0x2f, 0xfd, 0b1010_0000];
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    let chunks: Vec<&[u8]> = if bytes.is_empty() { vec![&[]] } else { bytes.chunks(128 << 10).collect() };
    for (i, chunk) in chunks.iter().enumerate() {
        let last = u32::from(i + 1 == chunks.len());
        let header = last | (chunk.len() as u32) << 3; // block type 0: raw
        out.extend_from_slice(&header.to_le_bytes()[..3]);
        out.extend_from_slice(chunk);
    }
    out
}

/// Reads back a zstd frame of raw (and RLE) blocks; `None` for anything else.
pub fn unzstd_raw(b: &[u8]) -> Option<Vec<u8>> {
    let rest = b.strip_prefix(&[0x28, 0xb5, 0x2f, 0xfd])?;
    let fhd = *rest.first()?;
    let single = fhd & 0x20 != 0;
    let fcs_len = match fhd >> 6 {
        0 => usize::from(single),
        1 => 2,
        2 => 4,
        _ => 8,
    };
    let dict_len = [0, 1, 2, 4][usize::from(fhd & 3)];
    let mut at = 1 + usize::from(!single) + dict_len + fcs_len;
    let mut out = Vec::new();
    loop {
        let h = rest.get(at..at + 3)?;
        let header = u32::from(h[0]) | u32::from(h[1]) << 8 | u32::from(h[2]) << 16;
        at += 3;
        let size = (header >> 3) as usize;
        match header >> 1 & 3 {
            0 => out.extend_from_slice(rest.get(at..at + size)?),
            1 => out.extend(std::iter::repeat_n(*rest.get(at)?, size)),
            _ => return None,
        }
        at += if header >> 1 & 3 == 0 { size } else { 1 };
        if header & 1 == 1 {
            return (at + if fhd & 4 != 0 { 4 } else { 0 } == rest.len()).then_some(out);
        }
    }
}

/// Bits written least-significant first, as brotli packs them.
struct Bits {
    out: Vec<u8>,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            if self.used.is_multiple_of(8) {
                self.out.push(0);
            }
            let bit = (value >> i & 1) as u8;
            *self.out.last_mut().unwrap() |= bit << (self.used % 8);
            self.used += 1;
        }
    }

    fn align(&mut self) {
        self.used = self.used.div_ceil(8) * 8;
    }
}

/// A brotli stream (RFC 7932) of uncompressed meta-blocks: WBITS 16, each block at most 64 KiB,
/// then an empty last meta-block.
pub fn brotli_stored(bytes: &[u8]) -> Vec<u8> {
    let mut w = Bits { out: Vec::new(), used: 0 };
    w.put(0, 1); // WBITS = 16
    for chunk in bytes.chunks(1 << 16) {
        w.put(0, 1); // ISLAST
        w.put(0, 2); // MNIBBLES = 4
        w.put(chunk.len() as u32 - 1, 16);
        w.put(1, 1); // ISUNCOMPRESSED
        w.align();
        w.out.extend_from_slice(chunk);
        w.used = w.out.len() as u32 * 8;
    }
    w.put(1, 1); // ISLAST
    w.put(1, 1); // ISLASTEMPTY
    w.out
}

/// Reads back what `brotli_stored` writes; `None` for any other brotli stream.
pub fn unbrotli_stored(b: &[u8]) -> Option<Vec<u8>> {
    let mut pos = 0usize; // in bits
    let get = |count: u32, pos: &mut usize| -> Option<u32> {
        let mut v = 0;
        for i in 0..count {
            let byte = *b.get(*pos / 8)?;
            v |= u32::from(byte >> (*pos % 8) & 1) << i;
            *pos += 1;
        }
        Some(v)
    };
    if get(1, &mut pos)? != 0 {
        return None;
    }
    let mut out = Vec::new();
    loop {
        if get(1, &mut pos)? == 1 {
            if get(1, &mut pos)? != 1 {
                return None;
            }
            return (pos.div_ceil(8) == b.len() && !out.is_empty()).then_some(out);
        }
        let nibbles = match get(2, &mut pos)? {
            3 => return None,
            n => n + 4,
        };
        let len = get(nibbles * 4, &mut pos)? as usize + 1;
        if get(1, &mut pos)? != 1 {
            return None;
        }
        pos = pos.div_ceil(8) * 8;
        out.extend_from_slice(b.get(pos / 8..pos / 8 + len)?);
        pos += len * 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let text = "绝密★启用前 and some ASCII".repeat(3000);
        assert_eq!(unbase64(&base64(text.as_bytes())).unwrap(), text.as_bytes());
        assert_eq!(unbase64(&base64_mime(text.as_bytes())).unwrap(), text.as_bytes());
        assert_eq!(unzstd_raw(&zstd_raw(text.as_bytes())).unwrap(), text.as_bytes());
        assert_eq!(unbrotli_stored(&brotli_stored(text.as_bytes())).unwrap(), text.as_bytes());
    }
}
