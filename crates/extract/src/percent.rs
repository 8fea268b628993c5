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
///
/// Characters outside ASCII written as themselves (`机密文件 http://x.cn/?q=%BB%FA`, an IRI, a
/// line of text holding a URL) are characters already, not bytes: only the runs of escapes between
/// them are decoded, each on its own. Decoding the whole text at once read those characters again
/// as GBK bytes whenever the escapes were not UTF-8, and turned them into other characters (more
/// of them than the text had).
pub(crate) fn decoded(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    if s.is_ascii() {
        return decoded_ascii(s);
    }
    let b = s.as_bytes();
    let is_escape = |i: usize| b.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
    let (mut out, mut copied) = (String::with_capacity(s.len()), 0);
    for at in memchr::memchr_iter(b'%', b) {
        if at < copied || !is_escape(at) {
            continue;
        }
        let mut end = at;
        while b.get(end) == Some(&b'%') && is_escape(end) {
            end += 3;
        }
        out.push_str(&s[copied..at]);
        out.push_str(&decoded_ascii(&s[at..end]));
        copied = end;
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// [`decoded`] for a text of ASCII only: its escaped bytes with the bytes around them.
fn decoded_ascii(s: &str) -> Cow<'_, str> {
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

    #[test]
    fn characters_written_as_themselves_are_kept_and_each_run_of_escapes_decoded() {
        // 机密文件 in UTF-8 beside GBK escapes: read again as GBK bytes, the four characters were
        // six others.
        assert_eq!(decoded("机密文件 http://x.cn/?q=%BB%FA%C3%DC"), "机密文件 http://x.cn/?q=机密");
        assert_eq!(decoded("机%E5%AF%86★%31年"), "机密★1年");
        assert_eq!(decoded("机%C3%DC%"), "机密%");
        assert_eq!(decoded("文件 %FF%FE 100%"), "文件 %FF%FE 100%", "a run neither UTF-8 nor GBK Chinese is kept");
        // The shape the `text` fuzz target found (a lossy decode's U+FFFD beside `%BC`): never more
        // characters out than in.
        let lossy = "\u{fffd}\u{fffd}\u{fffd}%BCc7sBe \u{fffd}%BC%C3%DC";
        assert!(decoded(lossy).chars().count() <= lossy.chars().count(), "{}", decoded(lossy));
        assert_eq!(decoded(lossy), "\u{fffd}\u{fffd}\u{fffd}%BCc7sBe \u{fffd}%BC%C3%DC");
    }
}
