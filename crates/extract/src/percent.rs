//! `%XX` escapes, as URLs and `unescape` write them: one decoder for every reader that meets a
//! link target, a `data:` URL or an escaped script string.

use std::borrow::Cow;

/// `%XX` sequences decoded; other bytes (a lone or malformed `%` too) kept.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| {
            let digit = |b: u8| (b as char).to_digit(16);
            Some(digit(h[0])? * 16 + digit(h[1])?)
        });
        match (bytes[i], hex) {
            (b'%', Some(value)) => {
                out.push(value as u8);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// A URL or path with its escapes decoded as a browser's address bar shows it: UTF-8, or GBK
/// (older Chinese sites escape GBK bytes) when that gives Chinese text; as written otherwise.
pub(crate) fn decoded(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = decode_bytes(s.as_bytes());
    match String::from_utf8(bytes) {
        Ok(text) => Cow::Owned(text),
        Err(e) => match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(e.as_bytes()) {
            Some(text) if text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) => Cow::Owned(text.into_owned()),
            _ => Cow::Borrowed(s),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_gbk_escapes_and_keeps_what_is_not_an_escape() {
        assert_eq!(decoded("http://x.cn/%E6%9C%BA%E5%AF%86.pdf"), "http://x.cn/机密.pdf");
        assert_eq!(decoded("http://x.cn/%BB%FA%C3%DC.pdf"), "http://x.cn/机密.pdf");
        assert_eq!(decoded("a%2"), "a%2");
        assert_eq!(decoded("100%"), "100%");
        assert_eq!(decoded("%FF%FE"), "%FF%FE", "neither UTF-8 nor Chinese GBK: kept as written");
        assert_eq!(decode_bytes(b"%41%zz%4"), b"A%zz%4");
    }
}
