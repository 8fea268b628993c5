//! `Content-Encoding` on request bodies: decoded within limits, or refused.
//!
//! Most applications read a compressed body as it is, but a server in front of them may inflate
//! it (Apache's `SetInputFilter DEFLATE`), so what the application reads can be the decoded body.
//! The gateway therefore inspects the decoded body (and forwards the original bytes). `gzip`
//! (`x-gzip`), `deflate` (zlib), `br` and `zstd` are decoded, as a list applied in order (at most
//! [`MAX_LAYERS`]); `identity` is nothing; anything else is refused (415). The decoded size is
//! bounded by the body limit and by a compression ratio (a bomb is refused, 413).

use crate::error::RequestError;
use hyper::header::{HeaderMap, CONTENT_ENCODING};
use std::io::Read;

/// Most codings stacked on one body.
pub const MAX_LAYERS: usize = 2;
/// Largest ratio of decoded to encoded size accepted once the decoded body passes 1 MiB.
pub const MAX_RATIO: u64 = 1000;

/// A coding mijian can undo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// gzip (RFC 1952).
    Gzip,
    /// zlib-wrapped deflate (RFC 1950), what HTTP calls `deflate`.
    Deflate,
    /// Brotli (RFC 7932).
    Brotli,
    /// Zstandard (RFC 8878).
    Zstd,
}

/// The codings of a request, in the order they were applied; empty for none. Unknown codings
/// are refused with 415.
pub fn codings(headers: &HeaderMap) -> Result<Vec<Coding>, RequestError> {
    let mut out = Vec::new();
    for value in headers.get_all(CONTENT_ENCODING) {
        let value = value.to_str().map_err(|_| RequestError::UnsupportedEncoding("not ASCII".into()))?;
        for token in value.split(',').map(|t| t.trim().to_ascii_lowercase()).filter(|t| !t.is_empty()) {
            out.push(match token.as_str() {
                "identity" => continue,
                "gzip" | "x-gzip" => Coding::Gzip,
                "deflate" => Coding::Deflate,
                "br" => Coding::Brotli,
                "zstd" => Coding::Zstd,
                other => return Err(RequestError::UnsupportedEncoding(other.to_string())),
            });
        }
    }
    if out.len() > MAX_LAYERS {
        return Err(RequestError::UnsupportedEncoding(format!("{} codings stacked (at most {MAX_LAYERS})", out.len())));
    }
    Ok(out)
}

/// Undoes `codings` (last applied first) with at most `max_out` bytes of output.
pub fn decode(body: &[u8], codings: &[Coding], max_out: u64) -> Result<Vec<u8>, RequestError> {
    let mut data = body.to_vec();
    for &c in codings.iter().rev() {
        data = decode_one(&data, c, max_out)?;
    }
    Ok(data)
}

fn decode_one(input: &[u8], coding: Coding, max_out: u64) -> Result<Vec<u8>, RequestError> {
    let ratio_cap = (input.len() as u64).saturating_mul(MAX_RATIO).max(1 << 20);
    let cap = max_out.min(ratio_cap);
    let reader: Box<dyn Read + '_> = match coding {
        Coding::Gzip => Box::new(flate2::read::MultiGzDecoder::new(input)),
        Coding::Deflate => Box::new(flate2::read::ZlibDecoder::new(input)),
        Coding::Brotli => Box::new(brotli_decompressor::Decompressor::new(input, 64 << 10)),
        Coding::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new(input)
                .map_err(|e| RequestError::BadEncoding { coding, cause: e.to_string() })?,
        ),
    };
    let mut out = Vec::new();
    let read = reader.take(cap + 1).read_to_end(&mut out);
    read.map_err(|e| RequestError::BadEncoding { coding, cause: e.to_string() })?;
    if out.len() as u64 > cap {
        return Err(RequestError::DecodedTooLarge { limit: cap });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn headers(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_ENCODING, HeaderValue::from_static(v));
        h
    }

    #[test]
    fn codings_are_listed_in_order_and_unknown_ones_refused() {
        assert_eq!(codings(&HeaderMap::new()).unwrap(), vec![]);
        assert_eq!(codings(&headers("identity")).unwrap(), vec![]);
        assert_eq!(codings(&headers("deflate, GZIP")).unwrap(), vec![Coding::Deflate, Coding::Gzip]);
        assert!(matches!(codings(&headers("compress")), Err(RequestError::UnsupportedEncoding(_))));
        assert!(matches!(codings(&headers("gzip, gzip, gzip")), Err(RequestError::UnsupportedEncoding(_))));
    }

    #[test]
    fn bodies_are_decoded_in_reverse_order() {
        let text = "机密★1年".repeat(10);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&gzip(text.as_bytes())).unwrap();
        let both = z.finish().unwrap();
        assert_eq!(decode(&both, &[Coding::Gzip, Coding::Deflate], 1 << 20).unwrap(), text.as_bytes());
        assert!(matches!(decode(b"not gzip", &[Coding::Gzip], 1 << 20), Err(RequestError::BadEncoding { .. })));
    }

    #[test]
    fn brotli_and_zstd_are_decoded() {
        // Brotli (RFC 7932 §9.2): WBITS 16, an uncompressed meta-block of 2 bytes ("hi"), then
        // the last, empty meta-block.
        let br = [0x10, 0x00, 0x10, b'h', b'i', 0x03];
        assert_eq!(decode(&br, &[Coding::Brotli], 1 << 20).unwrap(), b"hi");
        // Zstandard: one raw block holding "hi" (RFC 8878 §3.1.1).
        let zst = [0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x02, 0x11, 0x00, 0x00, b'h', b'i'];
        assert_eq!(decode(&zst, &[Coding::Zstd], 1 << 20).unwrap(), b"hi");
        assert!(decode(b"junk", &[Coding::Zstd], 1 << 20).is_err());
    }

    #[test]
    fn bombs_are_refused() {
        let bomb = gzip(&vec![0u8; 8 << 20]);
        assert!(bomb.len() < 64 << 10);
        assert!(matches!(decode(&bomb, &[Coding::Gzip], 100 << 20), Err(RequestError::DecodedTooLarge { .. })));
        assert!(matches!(
            decode(&gzip(&[1; 2000]), &[Coding::Gzip], 1000),
            Err(RequestError::DecodedTooLarge { limit: 1000 })
        ));
    }
}
