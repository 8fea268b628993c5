//! Marks that are items of a list: quiz options, a seal-maker's price list, a guide listing the
//! disclosure attributes, a table of mark forms.
//!
//! A document carries one mark of its own. When a mark is one option of a quiz (`A.机密★10年`),
//! a row of a price list (`机密★1年 光敏印章 35元`), or stands among *other* marks on its line or
//! the lines around it (`（此件公开发布）` / `（此件依申请公开）` / `（此件不予公开）` in a guide), it is
//! being talked about. Such a mark asks a reviewer at most; it never blocks. A person must still
//! look, so a forger gains nothing by dressing a real mark up as a list item.

use super::patterns;
use crate::normalize::normalize;
use regex::Regex;
use std::sync::OnceLock;

struct Cues {
    option: Regex,
    price: Regex,
    price_cell: Regex,
}

fn cues() -> &'static Cues {
    static C: OnceLock<Cues> = OnceLock::new();
    C.get_or_init(|| Cues {
        // `A.` `B、` `(C)` `Ｄ．` right before the mark.
        option: Regex::new(r"(?:^|[\s(（\[【])[A-HＡ-Ｈa-h][.．、)）:：]\s*$|[(（][A-HＡ-Ｈa-h][)）]\s*$").unwrap(),
        // A price on the mark's own line.
        price: Regex::new(r"\d+(?:\.\d+)?\s*元|[¥￥]\s*\d|单价|价格|报价").unwrap(),
        // A neighbouring table cell that is nothing but a price.
        price_cell: Regex::new(r"^\s*(?:[¥￥]\s*\d+(?:\.\d+)?\s*元?|\d+(?:\.\d+)?\s*元)(?:\s*/\s*\S{1,2})?\s*$")
            .unwrap(),
    })
}

/// Whether `next` (the line after a lone disclosure attribute) gives a reason or a kind of
/// information, as the rows of a 政府信息公开工作年度报告 do (`不予公开` | `属于国家秘密` | `0`):
/// the attribute is then the heading of a category of requests, not the document's mark.
pub(super) fn followed_by_a_reason(next: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"^\s*(?:[(（]?[0-9一二三四五六七八九十]{1,2}[)）.．、]\s*)?(?:属于|涉及|危及|其他法律|法律行政法规|内部事务|过程性|行政执法|不是|没有|无法|本机关不掌握)")
            .unwrap()
    });
    r.is_match(next)
}

/// Which kind of mark a list would be a list of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    /// Level★period marks. One other such mark on a neighbouring line is not yet a list (a
    /// document may repeat or restate its mark); other marks on both sides, or on the same line,
    /// are.
    StateSecret,
    /// Disclosure attributes (`此件公开发布` included: it is one of the three). A document has one;
    /// a different one on a neighbouring line contradicts it, so both are being talked about.
    Disclosure,
}

/// Every mark of `family` in a (normalised) text, as normalised text.
fn marks_in(norm: &str, family: Family) -> Vec<String> {
    let p = patterns();
    match family {
        Family::StateSecret => p.state_secret.find_iter(norm).map(|m| m.as_str().trim().to_string()).collect(),
        Family::Disclosure => p.disclosure_any.captures_iter(norm).map(|c| c["attr"].to_string()).collect(),
    }
}

/// Why the mark at original `[s, e)` of `line` (whose line range starts at `line_start`) is an
/// item of a list, given the non-empty lines around it; `this` is the mark's normalised text.
pub(super) fn list_cue(
    family: Family,
    line: &str,
    line_start: usize,
    s: usize,
    e: usize,
    neighbours: [&str; 2],
    this: &str,
) -> Option<&'static str> {
    let c = cues();
    let (a, b) = (s.saturating_sub(line_start).min(line.len()), e.saturating_sub(line_start).min(line.len()));
    let (before, after) = (line.get(..a).unwrap_or(""), line.get(b..).unwrap_or(""));
    if c.option.is_match(before) {
        return Some("an option of a quiz");
    }
    if c.price.is_match(before) || c.price.is_match(after) || neighbours.iter().any(|n| c.price_cell.is_match(n)) {
        return Some("a row of a price list");
    }
    let this = patterns().disclosure_any.captures(this).map_or(this.trim(), |c| c.name("attr").unwrap().as_str());
    let others = |text: &str| marks_in(normalize(text).text(), family).into_iter().any(|m| m != this);
    let listed = others(before)
        || others(after)
        || match family {
            Family::StateSecret => neighbours.iter().all(|n| others(n)),
            Family::Disclosure => neighbours.iter().any(|n| others(n)),
        };
    listed.then_some("listed with other marks")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(line: &str, mark: &str, neighbours: [&str; 2]) -> Option<&'static str> {
        let s = line.find(mark).unwrap();
        let family = if mark.contains('★') { Family::StateSecret } else { Family::Disclosure };
        list_cue(family, line, 0, s, s + mark.len(), neighbours, normalize(mark).text())
    }

    #[test]
    fn list_items() {
        assert_eq!(cue("A.机密★10年", "机密★10年", ["", ""]), Some("an option of a quiz"));
        assert_eq!(cue("（B）秘密★5年", "秘密★5年", ["", ""]), Some("an option of a quiz"));
        assert_eq!(cue("机密★1年 光敏印章 35元/枚", "机密★1年", ["", ""]), Some("a row of a price list"));
        assert_eq!(cue("机密★1年", "机密★1年", ["光敏印章", "￥35.00"]), Some("a row of a price list"));
        assert_eq!(
            cue("（此件不予公开）", "此件不予公开", ["（此件依申请公开）", ""]),
            Some("listed with other marks")
        );
        assert_eq!(cue("机密★1年、秘密★6个月", "机密★1年", ["", ""]), Some("listed with other marks"));
    }

    #[test]
    fn a_mark_alone_is_not_a_list_item() {
        assert_eq!(cue("机密★1年", "机密★1年", ["000123", "特急"]), None);
        assert_eq!(cue("机密★1年", "机密★1年", ["000123", "关于拨付专项资金3000万元的通知"]), None);
        assert_eq!(cue("（此件不予公开）", "此件不予公开", ["抄送：各市人民政府", ""]), None);
        assert_eq!(cue("机密★1年", "机密★1年", ["机密★1年", ""]), None, "the same mark repeated");
        assert_eq!(cue("機密★壹年", "機密★壹年", ["", "絕密★啟用前"]), None, "one other mark is not a list");
        assert_eq!(cue("机密★10年", "机密★10年", ["秘密★5年", "绝密★长期"]), Some("listed with other marks"));
    }
}
