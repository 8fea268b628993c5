//! The generic document number (发文字号): `机关代字〔年份〕序号号`, e.g. `国办发〔2012〕12号`.
//!
//! The official brackets are 六角括号 `〔〕`; `[ ]`, `【 】` and `（ ）` (folded to `( )` by
//! normalisation) are common too. A public document has a number as well, so this rule only
//! informs (level `info`): it locates the document's identity for the reviewer. Protected series
//! are listed by the security team as `re:` dictionary entries at a real level.

use regex::Regex;
use std::sync::OnceLock;

/// The rule id of generic document numbers.
pub const RULE: &str = "doc-number";

fn regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\p{Han}{1,10}[〔\[【(]\s?(?:19|20)\d{2}\s?[〕\]】)]\s?\d{1,5}\s?号").unwrap())
}

/// Words that often stand right before a document number without being part of its agency code.
const LEADS: &[&str] = &[
    "根据", "按照", "依据", "参照", "执行", "落实", "贯彻", "转发", "印发", "关于", "经", "据", "见", "按", "和", "及", "与",
    "的", "即", "将", "对", "在", "以", "文件", "通知", "号文",
];

/// Calls `f(start, end)` (normalised offsets) for each document number in `text`.
pub(crate) fn for_each(text: &str, mut f: impl FnMut(usize, usize)) {
    for m in regex().find_iter(text) {
        let mut s = m.start();
        // Trim words that precede the agency code, keeping at least two characters of it.
        'trim: loop {
            for lead in LEADS {
                if text[s..].starts_with(lead) && text[s + lead.len()..m.end()].chars().take_while(|c| !"〔[【(".contains(*c)).count() >= 2 {
                    s += lead.len();
                    continue 'trim;
                }
            }
            break;
        }
        f(s, m.end());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        let mut v = vec![];
        for_each(text, |s, e| v.push(&text[s..e]));
        v
    }

    #[test]
    fn finds_numbers_with_every_bracket() {
        assert_eq!(all("根据国办发〔2012〕12号文件"), vec!["国办发〔2012〕12号"]);
        assert_eq!(all("盐政发[2023]7号"), vec!["盐政发[2023]7号"]);
        assert_eq!(all("财预【2023】15号"), vec!["财预【2023】15号"]);
        assert_eq!(all("教办(2019)3号"), vec!["教办(2019)3号"]);
        assert!(all("2012年12号").is_empty());
    }
}
