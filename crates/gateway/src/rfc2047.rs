//! RFC 2047 encoded words in header values: `=?UTF-8?B?5py65a+G?=`, `=?GBK?Q?=BB=FA=C3=DC?=`.
//!
//! Mail clients, some HTTP clients and a few upload widgets send a non-ASCII file name this
//! way, and Python's `email.header`, PHP's `mb_decode_mimeheader` and Java's `MimeUtility`
//! decode it: the name an application shows is the decoded one. So every file name the gateway
//! reads is also read with its encoded words decoded, and that is the name it echoes (masked).

use encoding_rs::Encoding;

/// Longest encoded word considered (RFC 2047 says 75; clients exceed it).
const MAX_WORD: usize = 4096;

/// `text` with every encoded word decoded (white space between two adjacent words dropped, as
/// RFC 2047 §6.2 says), or `None` when it has none. Unknown charsets are read as UTF-8, or
/// GB18030 when the bytes are not UTF-8; a word that does not decode is left as it is.
/// `=?UTF-8?B?5py65a+G?=.docx` is `机密.docx`.
pub fn decode(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut decoded_any = false;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let Some((len, word)) = word_at(&rest[start..]) else {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            after_word = false;
            continue;
        };
        let between = &rest[..start];
        if !(after_word && between.chars().all(|c| c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
            out.push_str(between);
        }
        out.push_str(&word);
        decoded_any = true;
        after_word = true;
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    decoded_any.then_some(out)
}

/// The encoded word at the start of `s` (`=?charset?enc?text?=`): its length and its text.
fn word_at(s: &str) -> Option<(usize, String)> {
    let body = s.get(2..)?;
    let q1 = body.find('?')?;
    let charset = &body[..q1];
    let after = &body[q1 + 1..];
    let q2 = after.find('?')?;
    let encoding = &after[..q2];
    let payload_and_rest = &after[q2 + 1..];
    let end = payload_and_rest.find("?=")?;
    let payload = &payload_and_rest[..end];
    let len = 2 + q1 + 1 + q2 + 1 + end + 2;
    if len > MAX_WORD || charset.is_empty() || payload.contains(char::is_whitespace) {
        return None;
    }
    // `charset*lang` (RFC 2231): the language is not part of the charset.
    let charset = charset.split('*').next().unwrap_or(charset);
    let bytes = match encoding {
        "B" | "b" => crate::base64::decode(payload).or_else(|| payload.is_empty().then(Vec::new))?,
        "Q" | "q" => q_decode(payload)?,
        _ => return None,
    };
    let text = match Encoding::for_label(charset.trim().as_bytes()) {
        Some(enc) => enc.decode_without_bom_handling(&bytes).0.into_owned(),
        None => crate::charset::readings_of(&bytes, None).into_iter().next().unwrap_or_default(),
    };
    Some((len, text))
}

/// The `Q` encoding: `_` is a space, `=XX` a byte.
fn q_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &[u8]) -> String {
        crate::base64::encode(s)
    }

    #[test]
    fn base64_and_q_words_are_decoded_in_their_charset() {
        let utf8 = format!("=?UTF-8?B?{}?=.docx", b64("绝密★启用前".as_bytes()));
        assert_eq!(decode(&utf8).unwrap(), "绝密★启用前.docx");
        assert_eq!(decode("=?utf-8?q?=E6=9C=BA=E5=AF=86_x?=").unwrap(), "机密 x");
        let gbk = encoding_rs::GBK.encode("机密★1年").0.into_owned();
        assert_eq!(decode(&format!("=?GB2312?B?{}?=", b64(&gbk))).unwrap(), "机密★1年");
        let q: String = gbk.iter().map(|b| format!("={b:02X}")).collect();
        assert_eq!(decode(&format!("a =?gbk?Q?{q}?= b")).unwrap(), "a 机密★1年 b");
        assert_eq!(decode(&format!("=?UTF-8*zh?B?{}?=", b64("机密".as_bytes()))).unwrap(), "机密");
    }

    #[test]
    fn adjacent_words_join_and_plain_text_is_none() {
        let (a, b) = (b64("机".as_bytes()), b64("密".as_bytes()));
        assert_eq!(decode(&format!("=?UTF-8?B?{a}?= \r\n =?UTF-8?B?{b}?=")).unwrap(), "机密");
        assert_eq!(decode("notice.docx"), None);
        assert_eq!(decode("=?broken"), None);
        assert_eq!(decode("=?UTF-8?X?abc?="), None);
        assert_eq!(decode("x =?UTF-8?Q?=ZZ?= =?UTF-8?Q?ok?="), Some("x =?UTF-8?Q?=ZZ?= ok".to_string()));
    }
}
