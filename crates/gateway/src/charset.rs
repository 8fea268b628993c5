//! Charsets: every text reading an application might make of some bytes.
//!
//! A Chinese CMS may declare UTF-8 and receive GBK, or declare GBK and receive UTF-8; what the
//! published page shows depends on which one the application believes. Where the declared charset
//! and the bytes disagree, or nothing is declared and the bytes are not UTF-8, every plausible
//! reading is inspected.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// The charset named by a `charset=` parameter of a content type, if `encoding_rs` knows it.
pub fn declared(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| Encoding::for_label(v.trim().trim_matches('"').as_bytes()))?
    })
}

/// The text readings of `bytes`: UTF-8 when they are valid UTF-8, the `declared` charset when it
/// is another one, and GB18030 (a superset of GBK and GB2312) when they are not UTF-8. Never
/// empty for non-empty bytes; duplicates removed.
pub fn readings_of(bytes: &[u8], declared: Option<&'static Encoding>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    let utf8 = std::str::from_utf8(bytes).ok();
    if let Some(s) = utf8 {
        push(s.to_string());
    }
    if let Some(enc) = declared.filter(|e| *e != UTF_8) {
        push(enc.decode_without_bom_handling(bytes).0.into_owned());
    }
    if utf8.is_none() {
        push(GB18030.decode_without_bom_handling(bytes).0.into_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets_are_found_by_label() {
        assert_eq!(declared("text/plain; charset=GBK"), Some(encoding_rs::GBK));
        assert_eq!(declared("application/x-www-form-urlencoded; Charset=\"gb2312\""), Some(encoding_rs::GBK));
        assert_eq!(declared("text/plain"), None);
        assert_eq!(declared("text/plain; charset=klingon"), None);
    }

    #[test]
    fn disagreeing_bytes_are_read_every_way() {
        let gbk = encoding_rs::GBK.encode("机密").0.into_owned();
        assert_eq!(readings_of(&gbk, None), vec!["机密".to_string()]);
        assert_eq!(readings_of(&gbk, Some(UTF_8)), vec!["机密".to_string()]);
        assert_eq!(readings_of("机密".as_bytes(), None), vec!["机密".to_string()]);
        let both = readings_of("机密".as_bytes(), Some(encoding_rs::GBK));
        assert_eq!(both.len(), 2);
        assert_eq!(both[0], "机密");
        assert_eq!(readings_of(b"plain", Some(encoding_rs::GBK)), vec!["plain".to_string()]);
    }
}
