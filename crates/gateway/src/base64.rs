//! Base64 (RFC 4648, standard and URL-safe alphabets), as far as the gateway needs it: telling
//! whether a JSON or form value *is* base64, decoding it, and encoding a CSP hash.

/// Decodes `s` if it is base64 as an application would accept it: only the alphabet (standard
/// or URL-safe, not both), `=` padding only at the end, line breaks and spaces ignored. `None`
/// for anything else, so that ordinary text is not mistaken for a file.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|b| !b" \t\r\n".contains(b)).collect();
    let body = {
        let mut end = clean.len();
        while end > 0 && clean[end - 1] == b'=' {
            end -= 1;
        }
        if clean.len() - end > 2 {
            return None;
        }
        &clean[..end]
    };
    let standard = body.iter().any(|b| *b == b'+' || *b == b'/');
    let url_safe = body.iter().any(|b| *b == b'-' || *b == b'_');
    if (standard && url_safe) || body.len() % 4 == 1 || body.is_empty() {
        return None;
    }
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= value(b)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// Encodes `bytes` in standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refusals() {
        for s in [&b""[..], b"f", b"fo", b"foo", b"foob", "机密★1年".as_bytes()] {
            let e = encode(s);
            if !s.is_empty() {
                assert_eq!(decode(&e).unwrap(), s, "{e}");
            }
        }
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(decode("Zm9v\r\nYmFy").unwrap(), b"foobar");
        assert_eq!(decode("Zm9vYg").unwrap(), b"foob");
        assert_eq!(decode("-_-_").unwrap(), decode("+/+/").unwrap());
        assert!(decode("not base64!").is_none());
        assert!(decode("+/-_").is_none());
        assert!(decode("Zm9vY").is_none());
        assert!(decode("Zm=9v").is_none());
        assert!(decode("").is_none());
    }
}
