//! Masking matched text before it leaves mijian (the gateway's answers, the review record).
//!
//! The dictionary is itself sensitive: a CMS that stores or logs mijian's answers, or an office
//! that files a review record, must not end up holding the list of protected terms. So what
//! leaves shows the *shape* of a match, not its
//! text: `机密★1年` becomes `机*★*年`, `紫电计划` becomes `紫***`. What stays visible:
//!
//! * the first character, when the match has at least three characters (a reviewer can tell
//!   which line of the document is meant; two-character matches are fully starred, since half of
//!   a two-character term is too much);
//! * the marker symbols (`★ ☆ * ＊ ▲ △`), punctuation and spaces: the structure of a marking;
//! * units right after a number (`年 月 日 号 个`), so that `机*★*年` still reads as "a level, a
//!   star, a period in years" and `国**〔****〕**号` as a document number.
//!
//! Every other character becomes one `*`, so the masked text has as many characters as the
//! original and column arithmetic still holds.

/// Characters that are the structure of a marking, never the secret.
fn is_structure(c: char) -> bool {
    matches!(c, '★' | '☆' | '*' | '＊' | '▲' | '△') || c.is_whitespace() || is_punctuation(c)
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '·' | '•' | '—' | '…' | '“' | '”' | '‘' | '’')
}

fn is_unit(c: char) -> bool {
    matches!(c, '年' | '月' | '日' | '号' | '个')
}

/// Masks a matched text as described in the module documentation.
///
/// ```
/// use mijian_core::mask;
/// assert_eq!(mask("机密★1年"), "机*★*年");
/// assert_eq!(mask("紫电计划"), "紫***");
/// assert_eq!(mask("秘密"), "**");
/// ```
pub fn mask(matched: &str) -> String {
    let chars: Vec<char> = matched.chars().collect();
    let keep_first = chars.iter().filter(|c| !is_structure(**c)).count() >= 3;
    let mut out = String::with_capacity(matched.len());
    let mut after_number = false;
    let mut first_seen = false;
    for &c in &chars {
        let shown = if is_structure(c) {
            true
        } else if !first_seen {
            first_seen = true;
            keep_first
        } else {
            after_number && is_unit(c)
        };
        out.push(if shown { c } else { '*' });
        if c.is_numeric() || ('０'..='９').contains(&c) {
            after_number = true;
        } else if !(after_number && is_unit(c)) {
            after_number = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markings_keep_their_structure() {
        assert_eq!(mask("机密★1年"), "机*★*年");
        assert_eq!(mask("秘密★6个月"), "秘*★*个月");
        assert_eq!(mask("秘密★2027年12月31日"), "秘*★****年**月**日");
        assert_eq!(mask("绝密★启用前"), "绝*★***");
        assert_eq!(mask("普通商密▲5年"), "普***▲*年");
        assert_eq!(mask("机　密"), "*　*");
    }

    #[test]
    fn terms_show_only_their_first_character() {
        assert_eq!(mask("紫电计划"), "紫***");
        assert_eq!(mask("紫 電·計劃"), "紫 *·**");
        assert_eq!(mask("KJ-3型"), "K*-**");
        assert_eq!(mask("国办发〔2012〕12号"), "国**〔****〕**号");
    }

    #[test]
    fn short_matches_are_fully_masked() {
        assert_eq!(mask("秘密"), "**");
        assert_eq!(mask("黄片"), "**");
        assert_eq!(mask("x"), "*");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn masking_keeps_the_length_in_characters() {
        for s in ["机密★1年", "紫 電·計劃", "（此件不予公开）", "内部资料 注意保存", "ＫＪ－３"]
        {
            assert_eq!(mask(s).chars().count(), s.chars().count(), "{s}");
            assert_ne!(mask(s), s, "{s}");
        }
    }
}
