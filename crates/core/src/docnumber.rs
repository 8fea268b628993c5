//! The generic document number (发文字号): `机关代字〔年份〕序号号`, e.g. `国办发〔2012〕12号`.
//!
//! The official brackets are 六角括号 `〔〕`; `[ ]`, `【 】` and `（ ）` (folded to `( )` by
//! normalisation) are common too, and any other bracket (`{ }`, `〖 〗`, `「 」`…) reads the same;
//! so does a number without brackets whose code ends as codes do (`国家税务总局公告2021年第15号`).
//! A public document has a number as well, so this rule only informs (level `info`): it locates
//! the document's identity for the reviewer. Protected series are listed by the security team as
//! `re:` dictionary entries at a real level.
//!
//! The rule is written by hand rather than as a regular expression: an expression that starts
//! with `\p{Han}{1,10}` runs at about 400 MB/s, while finding the brackets first with `memchr3`
//! and checking the few candidates runs at memory speed, with no set-up cost per segment.

use crate::normalize::is_cjk;

/// The rule id of generic document numbers.
pub const RULE: &str = "doc-number";

/// Most characters of an agency code (机关代字) before the bracket.
const MAX_CODE: usize = 10;

/// Positions of the opening brackets and their byte lengths: `( [ { <` and the CJK brackets
/// `〈 《 「 『 【 〔 〖 〘 〚` (`〔` is the official one; people and evaders use any of them, and the
/// full-width forms are folded to these by normalisation). The CJK ones are E3 80 88–9A in UTF-8,
/// so one `memchr3` pass over `( [ \xE3` and one over `{ <` find every candidate.
fn brackets(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let main = memchr::memchr3_iter(b'(', b'[', 0xE3, b).filter_map(move |i| match b[i] {
        b'(' | b'[' => Some((i, 1)),
        _ if b.get(i + 1) == Some(&0x80) && b.get(i + 2).is_some_and(|&c| is_cjk_open(c)) => Some((i, 3)),
        _ => None,
    });
    let braces = memchr::memchr2_iter(b'{', b'<', b).map(|i| (i, 1));
    merged(main, braces)
}

/// The third UTF-8 byte of an opening CJK bracket `〈 《 「 『 【 〔 〖 〘 〚` (E3 80 xx).
fn is_cjk_open(c: u8) -> bool {
    matches!(c, 0x88 | 0x8A | 0x8C | 0x8E | 0x90 | 0x94 | 0x96 | 0x98 | 0x9A)
}

/// The closing brackets a year may end with (any of them: the opening one is not matched).
const CLOSING: [&str; 13] = ["〕", "]", "】", ")", "}", ">", "〉", "》", "」", "』", "〗", "〙", "〛"];

/// Two ascending position streams as one.
fn merged(
    a: impl Iterator<Item = (usize, usize)>,
    b: impl Iterator<Item = (usize, usize)>,
) -> impl Iterator<Item = (usize, usize)> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y.0 < x.0 => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Words that often stand right before a document number without being part of its agency code.
const LEADS: &[&str] = &[
    "根据", "按照", "依据", "参照", "执行", "落实", "贯彻", "转发", "印发", "关于", "经", "据", "见", "按", "和", "及",
    "与", "的", "即", "将", "对", "在", "以", "文件", "通知", "号文",
];

/// A document number in normalised text: `text[start..end]`, its agency code
/// `text[start..bracket]`, and what it says. `code_from` is where the ideographs before the bracket
/// start before lead words are cut (`经` of `经信发` is also a lead word: a listed code is looked
/// for in all of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Number {
    pub start: usize,
    pub end: usize,
    pub code_from: usize,
    pub bracket: usize,
    pub year: u16,
    pub serial: u32,
}

/// Calls `f` for each document number in `text` (normalised).
pub(crate) fn for_each(text: &str, mut f: impl FnMut(&Number)) {
    for (at, len) in brackets(text) {
        let Some((end, year, serial)) = tail(text, at + len) else { continue };
        let Some((code_from, start)) = agency_code_start(text, at) else { continue };
        let Some(serial) = serial else { continue };
        f(&Number { start, end, code_from, bracket: at, year, serial });
    }
    unbracketed(text, &mut f);
}

/// The last character of an agency code written before a year without brackets.
const UNBRACKETED_CODE_ENDS: [char; 13] =
    ['发', '字', '函', '令', '告', '办', '复', '电', '报', '文', '规', '呈', '通'];

/// Numbers written without brackets: an agency code, a year, and a number ending in `号`, joined
/// by `年` (`第` optional: how 公告 are numbered, `国家税务总局公告2021年第15号`, and a bracketed
/// number with its brackets left out, `国密发2019年7号`), or, with the year in digits, by `第`
/// or a separator, or both (`国密发2021第15号`, `国密发2021 15号`, `国密发2021-15号`).
fn unbracketed(text: &str, f: &mut impl FnMut(&Number)) {
    static YEAR: crate::needle::Needle = crate::needle::Needle::new("年");
    static NUMBER: crate::needle::Needle = crate::needle::Needle::new("号");
    let b = text.as_bytes();
    for at in YEAR.find_iter(b) {
        let Some((year_at, year)) = year_before(text, at) else { continue };
        let Some((end, serial)) = serial_tail(text, at + '年'.len_utf8()) else { continue };
        coded(text, year_at, year, end, serial, f);
    }
    for at in NUMBER.find_iter(b) {
        let Some((year_at, year, serial)) = joined_without_year_word(text, at) else { continue };
        coded(text, year_at, year, at + '号'.len_utf8(), serial, f);
    }
}

/// A year ending at `at` (before `年`): four digits, or four Chinese digits (`二〇二一`), not
/// part of a longer number; its start and value.
fn year_before(text: &str, at: usize) -> Option<(usize, u16)> {
    let b = text.as_bytes();
    let (year_at, year) = match at.checked_sub(4).filter(|&k| b[k..at].iter().all(u8::is_ascii_digit)) {
        Some(k) => (k, text[k..at].parse::<u16>().ok()?),
        None => {
            // Four Chinese digits, three bytes each, not preceded by a fifth.
            let start = at.checked_sub(12)?;
            let digits = text.get(start..at)?;
            let year = digits.chars().try_fold(0u32, |y, c| Some(y * 10 + cn_digit(c)?))?;
            if digits.chars().count() != 4 || text[..start].chars().next_back().and_then(cn_digit).is_some() {
                return None;
            }
            (start, u16::try_from(year).ok()?)
        }
    };
    let longer = text[..year_at].chars().next_back().is_some_and(|c| c.is_ascii_digit());
    (!longer && (1900..2100).contains(&year)).then_some((year_at, year))
}

/// What may stand between a year and a number when neither brackets nor `年` do (the
/// normaliser has already read `_` and `·` between digits as `-`, and dropped a space beside
/// an ideograph).
const YEAR_JOINERS: &[u8] = b" -./\\|";

/// Before `号` at `at`: a number (digits or Chinese numerals, a space allowed before `号`), then
/// `第`, a [`YEAR_JOINERS`] character or both, then a year of four digits: `2021第15号`,
/// `2021 15号`, `2021-第15号`. Returns the year's start, the year and the number.
fn joined_without_year_word(text: &str, at: usize) -> Option<(usize, u16, u32)> {
    let b = text.as_bytes();
    let space = |i: usize| if i > 0 && b[i - 1] == b' ' { i - 1 } else { i };
    let mut i = space(at);
    let digits = b[..i].iter().rev().take(6).take_while(|c| c.is_ascii_digit()).count();
    let serial = match digits {
        1..=5 => {
            i -= digits;
            text[i..i + digits].parse::<u32>().ok()?
        }
        0 => {
            let start = text[..i]
                .char_indices()
                .rev()
                .take(8)
                .take_while(|&(_, c)| cn_digit(c).is_some() || matches!(c, '十' | '百' | '千'))
                .last()?
                .0;
            let (value, len) = cn_number(&text[start..i], 8)?;
            (start + len == i).then_some(())?;
            i = start;
            value
        }
        _ => return None,
    };
    let di = text[..space(i)].ends_with('第');
    if di {
        i = space(space(i) - '第'.len_utf8());
    }
    let joined = i > 0 && YEAR_JOINERS.contains(&b[i - 1]);
    if joined {
        i -= 1;
    }
    if !(di || joined) {
        return None;
    }
    let year_at = i.checked_sub(4)?;
    if !b[year_at..i].iter().all(u8::is_ascii_digit) || year_at.checked_sub(1).is_some_and(|k| b[k].is_ascii_digit()) {
        return None;
    }
    let year = text[year_at..i].parse::<u16>().ok()?;
    (1900..2100).contains(&year).then_some((year_at, year, serial))
}

/// Reports a number without brackets whose year starts at `year_at`, if an agency code stands
/// before it. Without brackets a year and a number are common words (`受2021年第15号台风影响`):
/// only a code of two ideographs or more ending as document codes end (`发`, `函`, `公告`…).
fn coded(text: &str, year_at: usize, year: u16, end: usize, serial: u32, f: &mut impl FnMut(&Number)) {
    let Some((code_from, start)) = agency_code_start(text, year_at) else { return };
    let code = &text[start..year_at];
    if code.chars().nth(1).is_none() || !code.ends_with(UNBRACKETED_CODE_ENDS) {
        return;
    }
    f(&Number { start, end, code_from, bracket: year_at, year, serial });
}

/// A term that is a whole document number (`国密发〔2019〕7号`), or a whole year of a series
/// (`国密发〔2019〕`): its agency code, year and number (none for a year). The term is normalised.
pub(crate) fn parse_whole(term: &str) -> Option<(&str, u16, Option<u32>)> {
    let (at, len) = brackets(term).next()?;
    let code = &term[..at];
    let chars = code.chars().count();
    if chars == 0 || chars > MAX_CODE || !code.chars().all(is_cjk) {
        return None;
    }
    let (end, year, serial) = tail(term, at + len)?;
    (end == term.len()).then_some((code, year, serial))
}

/// Chinese digits as written in years and numbers (`二〇一二`, `二零一二`, `二○一二`, `两`).
fn cn_digit(c: char) -> Option<u32> {
    match c {
        '○' => Some(0),
        '两' => Some(2),
        _ => crate::dictionary::chinese_digit(c),
    }
}

/// A number in Chinese numerals at the start of `s` (`七`, `十二`, `一百零五`, `一二`), at most
/// `max_chars` characters: its value and byte length.
fn cn_number(s: &str, max_chars: usize) -> Option<(u32, usize)> {
    let mut len = 0;
    let (mut total, mut digit, mut units, mut digits_only) = (0u32, None::<u32>, false, 0u32);
    for (n, c) in s.chars().enumerate() {
        if n == max_chars {
            break;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => match cn_digit(c) {
                Some(d) => {
                    digits_only = digits_only.checked_mul(10)?.checked_add(d)?;
                    digit = Some(d);
                    len += c.len_utf8();
                    continue;
                }
                _ => break,
            },
        };
        units = true;
        total += digit.take().unwrap_or(1) * unit;
        len += c.len_utf8();
    }
    if len == 0 {
        return None;
    }
    let value = if units { total + digit.unwrap_or(0) } else { digits_only };
    Some((value, len))
}

/// After the opening bracket: a year (`19xx`/`20xx`, in digits or Chinese numerals), the closing
/// bracket, then `第`, a number of one to five digits (or Chinese numerals) and `号`, each
/// with at most one space between; returns the end, the year and the number. A year and its
/// closing bracket at the very end of `text` (a term naming a series' year) give no number.
fn tail(text: &str, mut i: usize) -> Option<(usize, u16, Option<u32>)> {
    let b = text.as_bytes();
    let space = |i: usize| if b.get(i) == Some(&b' ') { i + 1 } else { i };
    let digits = |i: usize, max: usize| {
        let n = b[i.min(b.len())..].iter().take(max + 1).take_while(|c| c.is_ascii_digit()).count();
        (n >= 1 && n <= max).then(|| (i + n, text[i..i + n].parse::<u32>().unwrap_or(0)))
    };
    i = space(i);
    let (j, year) = match digits(i, 4) {
        Some((j, y)) if j - i == 4 => (j, y),
        Some(_) => return None,
        None => {
            // Four Chinese digits, one by one.
            let mut y = 0;
            let mut j = i;
            for c in text[i..].chars().take(4) {
                y = y * 10 + cn_digit(c)?;
                j += c.len_utf8();
            }
            (j, y)
        }
    };
    if !(1900..2100).contains(&year) {
        return None;
    }
    i = space(j);
    let close = CLOSING.iter().find(|c| text[i..].starts_with(**c))?;
    i += close.len();
    if i == text.len() {
        return Some((i, year as u16, None));
    }
    let (end, serial) = serial_tail(text, i)?;
    Some((end, year as u16, Some(serial)))
}

/// From `i`: `第` (optional), a number of one to five digits (or Chinese numerals) and `号`, each
/// with at most one space between; returns the end and the number.
fn serial_tail(text: &str, mut i: usize) -> Option<(usize, u32)> {
    let b = text.as_bytes();
    let space = |i: usize| if b.get(i) == Some(&b' ') { i + 1 } else { i };
    i = space(i);
    if text[i..].starts_with('第') {
        i = space(i + '第'.len_utf8());
    }
    let n = b[i..].iter().take(6).take_while(|c| c.is_ascii_digit()).count();
    let (j, serial) = if (1..=5).contains(&n) {
        (i + n, text[i..i + n].parse::<u32>().unwrap_or(0))
    } else if n == 0 {
        cn_number(&text[i..], 8).map(|(v, n)| (i + n, v))?
    } else {
        return None;
    };
    i = space(j);
    text[i..].starts_with('号').then_some((i + '号'.len_utf8(), serial))
}

/// Before the opening bracket: 1 to 10 ideographs, minus leading words that are not part of the
/// code (根据国办发 -> 国办发); returns where the ideographs start and where the code starts.
fn agency_code_start(text: &str, bracket: usize) -> Option<(usize, usize)> {
    let mut start = bracket;
    for (n, (i, c)) in text[..bracket].char_indices().rev().enumerate() {
        if n == MAX_CODE || !is_cjk(c) {
            break;
        }
        start = i;
    }
    if start == bracket {
        return None;
    }
    // Cut after the last lead word that leaves at least two characters of code.
    let code = &text[start..bracket];
    let cut = LEADS
        .iter()
        .filter_map(|lead| {
            code.match_indices(lead)
                .map(|(i, _)| i + lead.len())
                .filter(|&after| code[after..].chars().count() >= 2)
                .last()
        })
        .max();
    Some((start, start + cut.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        let mut v = vec![];
        for_each(text, |n| v.push(&text[n.start..n.end]));
        v
    }

    #[test]
    fn finds_numbers_with_every_bracket() {
        assert_eq!(all("根据国办发〔2012〕12号文件"), vec!["国办发〔2012〕12号"]);
        assert_eq!(all("盐政发[2023]7号"), vec!["盐政发[2023]7号"]);
        assert_eq!(all("财预【2023】15号"), vec!["财预【2023】15号"]);
        assert_eq!(all("教办(2019)3号"), vec!["教办(2019)3号"]);
        assert_eq!(all("教办( 2019 ) 3 号"), vec!["教办( 2019 ) 3 号"]);
        assert_eq!(all("国务院办公厅关于印发国办发〔2012〕12号"), vec!["国办发〔2012〕12号"]);
        // Any other bracket, as people (and evaders) type them; in text order.
        assert_eq!(
            all("国密发{2019}7号、国密发〖2019〗8号、国密发「2019」9号、国密发《2019》10号"),
            vec!["国密发{2019}7号", "国密发〖2019〗8号", "国密发「2019」9号", "国密发《2019》10号"]
        );
        assert_eq!(
            all("甲发{2019}7号，乙发(2020)8号，丙发<2021>9号"),
            vec!["甲发{2019}7号", "乙发(2020)8号", "丙发<2021>9号"]
        );
        assert!(all("国密发〃2019〃7号").is_empty(), "ditto marks are no brackets");
    }

    #[test]
    fn a_number_without_brackets_is_a_number() {
        assert_eq!(all("根据国家税务总局公告2021年第15号"), vec!["国家税务总局公告2021年第15号"]);
        assert_eq!(all("依据国密发2019年7号文件"), vec!["国密发2019年7号"]);
        // Not numbers: a date, a year alone, a longer number, no agency code.
        assert!(all("国办2021年10月15号印发").is_empty());
        assert!(all("国办发2021年").is_empty());
        assert!(all("国办发12021年7号").is_empty());
        assert!(all("在2021年第15号台风期间").is_empty());
        assert!(all("受今年2021年第15号台风影响").is_empty());
    }

    #[test]
    fn a_number_without_brackets_or_nian_is_a_number() {
        // `第` or a separator (or both) between a year in digits and the number, as typed when
        // the brackets are left out (full-width digits and spaces beside ideographs are folded or
        // dropped by normalisation before this rule runs).
        for (text, found) in [
            ("依据国密发2021第15号文件", "国密发2021第15号"),
            ("依据国密发2021 15号文件", "国密发2021 15号"),
            ("依据国密发2021-15号文件", "国密发2021-15号"),
            ("依据国密发2021.15号文件", "国密发2021.15号"),
            ("依据国密发2021/15号文件", "国密发2021/15号"),
            ("依据国密发2021-第15号文件", "国密发2021-第15号"),
            ("依据国密发2021第十五号文件", "国密发2021第十五号"),
            ("依据国密发2021 15 号文件", "国密发2021 15 号"),
            ("依据国密发二〇二一年十五号文件", "国密发二〇二一年十五号"),
        ] {
            assert_eq!(all(text), vec![found], "{text}");
        }
        let mut said = vec![];
        for_each("国密发2021第15号、国密发2021-十五号、国密发二〇二一年第7号", |n| {
            said.push((n.year, n.serial))
        });
        assert_eq!(said, [(2021, 7), (2021, 15), (2021, 15)], "the 年 ones first, then the others");
        // Not numbers: run together, no agency code, not a year, a longer number, a date.
        for text in [
            "国密发202115号",
            "共有国密发文件2021件，其中15号",
            "在2021第15号台风期间",
            "受今年2021-15号台风影响",
            "国密发1888-15号",
            "国密发12021-15号",
            "国密发2021-123456号",
            "国密发2021=15号",
            "国办2021.10.15号印发",
            "国密发二〇二一十五号",
        ] {
            assert!(all(text).is_empty(), "{text}: {:?}", all(text));
        }
    }

    #[test]
    fn a_number_after_di_or_in_chinese_numerals_is_a_number() {
        assert_eq!(all("见国办发〔2012〕第12号"), vec!["国办发〔2012〕第12号"]);
        assert_eq!(all("见国办发〔二〇一二〕十二号"), vec!["国办发〔二〇一二〕十二号"]);
        let mut said = vec![];
        for_each("国办发〔二零一二〕一百零五号，教办(2019)第007号", |n| {
            said.push((n.year, n.serial))
        });
        assert_eq!(said, [(2012, 105), (2019, 7)]);
        for (written, value) in
            [("七", 7), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一二", 12), ("三百", 300)]
        {
            assert_eq!(cn_number(written, 8), Some((value, written.len())), "{written}");
        }
    }

    #[test]
    fn a_term_is_a_whole_number_or_a_whole_year_of_a_series() {
        assert_eq!(parse_whole("国密发〔2019〕7号"), Some(("国密发", 2019, Some(7))));
        assert_eq!(parse_whole("国密发[2019]第07号"), Some(("国密发", 2019, Some(7))));
        assert_eq!(parse_whole("国密发〔2019〕"), Some(("国密发", 2019, None)));
        assert_eq!(parse_whole("国密发〔2019〕7号文"), None);
        assert_eq!(parse_whole("关于国密发〔2019〕7号"), Some(("关于国密发", 2019, Some(7))));
        assert_eq!(parse_whole("〔2019〕7号"), None);
        assert_eq!(parse_whole("紫电计划"), None);
    }

    #[test]
    fn rejects_near_misses() {
        assert!(all("2012年12号").is_empty());
        assert!(all("〔2012〕12号").is_empty(), "no agency code");
        assert!(all("国办发〔1888〕12号").is_empty(), "not a year");
        assert!(all("国办发〔2012〕123456号").is_empty(), "too long a number");
        assert!(all("国办发〔2012〕12").is_empty());
        assert!(all("abc(2012)12号").is_empty());
        assert!(all("国办发〔二〇一〕12号").is_empty(), "three digits are no year");
        assert!(all("国办发〔2012〕号").is_empty(), "no number");
    }
}
