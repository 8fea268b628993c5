//! Classification markings: telling a document's own mark from a mention of the words.
//!
//! A state-secret document carries a mark of the form *level ★ period* (`机密★1年`,
//! `秘密★6个月`, `绝密★启用前`, `秘密★2027年12月31日`); GB/T 9704-2012 puts it on line 2 of the
//! document head (版头), under the six-digit copy number (份号), and it is often repeated in page
//! headers, footers and the document properties. Without a period the level word may stand alone
//! (`秘密`). Other marks: the disclosure attribute `（此件不予公开）` below the body, internal marks
//! (`内部资料 注意保存`, `工作秘密`), and commercial secrets of state-owned enterprises
//! (`核心商密▲5年`).
//!
//! Public regulations use the same words all the time (`机密级载体不得通过普通邮政寄递`), and
//! training material quotes marks as examples (`标志形式为"机密★10年"`). So a rule fires on the
//! *signals* that make a mark, and says which ones it saw ([`Hit::why`]):
//!
//! | signal | effect |
//! | --- | --- |
//! | level + star + period/condition | a mark anywhere (block) |
//! | the same in quotes or after 如/例如/形式… in running text | a quoted example (review) |
//! | level word alone on its line (after removing fillers, 份号, urgency) | a mark in the head, header, footer or properties (block); nothing elsewhere |
//! | level word and period alone on their line, no star (`机密 1年`: the star a shape, or lost) | the same as the lone word |
//! | `此件不予公开` | a mark (block), unless quoted as an example (review) |
//! | `不予公开` alone on its line | a mark (block) |
//! | `内部资料 注意保存` and kin | review anywhere |
//! | `内部`, `内部文件`, `工作秘密`… alone on a line of the head or header | review |
//! | `核心商密▲5年`, `普通商密▲长期` (also with `★` for the triangle, and `商秘` for `商密`) | block |
//! | the document stating its own level (`本文件属机密级`, `本件含国家秘密`), a form answering `是否涉密：是` | block (工作秘密: review) |
//! | `保密等级：机密`, `密级为机密` and other names of the 密级 label | as `密级：机密` |
//! | a state level, the triangle for the star, and a period (`机密▲1年`) | as level ★ period |
//!
//! How, in three steps:
//!
//! 1. `placement`: the placement pass, once per file in document order: for each segment, how
//!    many lines of its part come before it (the head), whether the line before is a 份号 or a
//!    bare level word, and its neighbouring lines.
//! 2. `lines`: the facts of each line of a segment, worked out on first use and shared by the
//!    rules: where it starts and ends, its place in the head, its neighbours, whether it holds
//!    密 or 内 at all (a line without them is no lone mark, and costs nothing more).
//! 3. `rules`: the table of mark rules ([`rules::RULES`]), each a small function with its rule
//!    id, run in order over those facts.

mod context;
mod form;
mod lines;
mod placement;
mod rules;
mod signal;

use crate::finding::MarkRule;
use crate::level::{Class, Severity};
use crate::needle::Needle;
use crate::normalize::Normalized;
pub(crate) use form::fills_in_a_period;
pub use form::PeriodProbe;
pub(crate) use placement::{window_place, Placement, Placer};
use regex::Regex;
pub use signal::Signal;
use std::sync::OnceLock;

/// How many non-empty lines at the top of the body count as the document head (版头): 份号,
/// mark, urgency, issuing authority, document number.
pub const HEAD_LINES: u32 = 6;

/// A mark found in a segment by one of the [mark rules](rules::RULES), with its range in the
/// ORIGINAL text. The matching step turns it into one of its hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub rule: MarkRule,
    pub class: Class,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub why: Vec<Signal>,
}

/// How many non-empty lines at the top of the body a bare level word may stand on and still be
/// the document's mark (GB/T 9704: line 1 without a 份号, line 2 under it).
pub const LONE_LEVEL_LINES: u32 = 3;

const LEVELS: &str = "绝密|机密|秘密";
const FILL: &str = r"[\s*·•\-_~/]";
pub(super) const PERIOD: &str = r"(?:\d{1,4}\s?年(?:\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?)?|\d{1,3}\s?个?月|[〇零一二三四五六七八九十百两壹贰叁肆伍陆柒捌玖拾]{1,4}个?[年月]|长期|永久|启用前|解密条件|公布前|发布前|开考前|考试前|考试结束前|考试结束|\d{4}[-.]\d{1,2}[-.]\d{1,2})";
/// The normaliser has already folded every star-like symbol (☆ ✦ ⋆ ※ ⭐ …) to `★` and every
/// asterisk-like one (∗ ﹡ ＊ ✱ …) to `*`. The triangle of commercial secrets typed for the star
/// (`机密▲1年`) is a star too, as `*` is, only with a period after it.
const STARS: &str = "[★*▲△▴]";

/// What makes a disclosure attribute the document's own statement rather than words of a
/// sentence: the document naming itself (`此件`, `本件`, `此文件`), or the field of the 版记 or
/// the sending form it fills in (`信息公开选项：`, `公开方式：`, `公开属性：`). Either, both or
/// neither (then the attribute must stand alone on its line).
const DISCLOSED_BY: &str = r"(?P<label>(?:信息|政务|政府信息)?公开(?:选项|方式|属性|类型|类别|形式)\s?[:：]\s?)?(?P<own>此件|本件|此文件|本文件|该件)?";

/// The disclosure attribute saying the document must not be published, in any of the words
/// offices use: `不予公开`, `不公开`, `不宜公开`, `免予公开`, `不得公开`, `暂不公开`, `不予主动公开`,
/// `不对外公开`, `不向社会公开`, `不在网上公开`, `不上网`…: a negation, how, and 公开 or 上网.
/// Spelt out word by word, so that the expression's prefilter looks for whole words: an
/// expression starting with `(?:…|不)` stops at every 不 of the prose.
fn not_released() -> String {
    const NOT: [&str; 11] = ["不予", "不得", "不宜", "不准", "免予", "禁止", "严禁", "请勿", "暂不", "暂缓", "不"];
    const HOW: [&str; 11] =
        ["", "主动", "对外", "向社会", "社会", "在网上", "在网站", "在网站上", "在互联网", "在互联网上", "网上"];
    let published = NOT.iter().flat_map(|n| HOW.iter().map(move |h| format!("{n}{h}公开")));
    let online = NOT.iter().map(|n| format!("{n}上网"));
    published.chain(online).collect::<Vec<_>>().join("|")
}

/// The attribute saying the document is released only to some: a person decides.
const LIMITED: &str = "依申请公开|删减后公开|(?:仅限|仅|限)?内部公开";

/// What follows an internal mark's word (`内部资料 注意保存`): keep it, do not pass it on, hand it
/// back, only for reference, in the words offices use.
const KEEP_INSIDE: &str = "(?:请|应|须)?(?:注意|妥善|请妥善)(?:保存|保管|保密)|(?:请勿|不得|严禁|禁止|切勿|不准|未经(?:允许|批准|同意|许可)(?:不得|严禁|禁止)?)(?:对外)?(?:外传|扩散|翻印|转载|转发|复制|复印|公开|上网|外泄|外借|传播|带出)|(?:阅后|用后|会后|用毕)(?:收回|退回|归还|销毁)|仅供参考";

/// The label of a 密级 field: `密级`, `文件密级`, and the other names forms give it (`保密等级`,
/// `密级(Classification)`).
const LEVEL_LABEL: &str = "(?:密级|(?:保密|涉密|秘密|机密)(?:等级|级别))";

pub(super) struct Patterns {
    pub(super) state_secret: Regex,
    pub(super) commercial: Regex,
    pub(super) disclosure: Regex,
    pub(super) disclosure_limited: Regex,
    pub(super) disclosure_any: Regex,
    pub(super) internal_combo: Regex,
    pub(super) work_secret_star: Regex,
    pub(super) level_label: Regex,
    pub(super) stated_level: Regex,
    pub(super) classified_question: Regex,
}

pub(super) fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        state_secret: Regex::new(&format!(
            r"(?P<level>{LEVELS})级?{FILL}{{0,6}}[(（\[【]?(?P<star>{STARS})[)）\]】]?{FILL}{{0,6}}(?P<period>{PERIOD})?"
        ))
        .unwrap(),
        commercial: Regex::new(&format!(
            r"(?P<level>核心商密|普通商密|核心商秘|普通商秘|核心商业秘密|普通商业秘密|商业秘密|商密){FILL}{{0,6}}(?P<star>[▲△▴◭◮★]|\*)?{FILL}{{0,6}}(?P<period>{PERIOD})?"
        ))
        .unwrap(),
        disclosure: Regex::new(&format!(r"{DISCLOSED_BY}(?P<attr>{})", not_released())).unwrap(),
        disclosure_limited: Regex::new(&format!(r"{DISCLOSED_BY}(?P<attr>{LIMITED})")).unwrap(),
        disclosure_any: Regex::new(&format!(r"{DISCLOSED_BY}(?P<attr>公开发布|主动公开|{LIMITED}|{})", not_released()))
            .unwrap(),
        internal_combo: Regex::new(&format!(
            r"(?:仅供|仅限|限)?内部(?:资料|事项|文件|材料|参考|刊物|读物|通报|简报|使用|交流|传阅|发行)[\s,、;:·]{{0,3}}(?:{KEEP_INSIDE})|内部\s?[★☆]"
        ))
        .unwrap(),
        work_secret_star: Regex::new(&format!(r"工作秘密{FILL}{{0,6}}[★☆]{FILL}{{0,6}}(?:{PERIOD})?")).unwrap(),
        level_label: Regex::new(&format!(
            r"{LEVEL_LABEL}(?:\s?[(（][A-Za-z][A-Za-z .]{{0,23}}[)）])?\s?(?:[:：]|为|是)?\s?(?P<level>绝密|机密|秘密)(?P<next>.?)"
        ))
        .unwrap(),
        stated_level: Regex::new(
            r"(?P<cond>如果|如|若|凡|假如|倘若|对于|对)?(?P<own>本文件|本件|此件|此文件|本文档|本材料|本资料|本报告)(?:内容)?(?:密级)?(?:属于|属|系|为|是|含有|含|涉及|列为|定为|确定为)(?P<what>国家秘密|工作秘密|绝密|机密|秘密)(?:级|件|文件|事项|资料|材料)?(?P<next>.?)",
        )
        .unwrap(),
        classified_question: Regex::new(
            r"是否(?:涉密|涉及国家秘密|涉及秘密|属于国家秘密|含有?国家秘密|属于涉密)(?:信息|文件|事项|内容|材料|载体)?\s?[:：]?\s?",
        )
        .unwrap(),
    })
}

fn level_class(level: &str) -> Class {
    match level {
        "绝密" => Class::TopSecret,
        "机密" => Class::Secret,
        _ => Class::Confidential,
    }
}

/// Whether `text` (normalised) holds a word every mark holds one of: 密, 公开 or 内部, the
/// disclosure attribute's 上网 (`此件不上网`), or 商秘 (`普通商秘▲5年`, 商密 as some write it). Most segments of most documents hold none, and a SIMD
/// search costs less than running the expressions.
///
/// One search for the five (aho-corasick's packed Teddy searcher, which looks at 32 bytes at a
/// time for the first bytes of all of them) rather than five memmem searches: a paragraph is a
/// few hundred bytes, and five searches of it were mostly the cost of starting five searches.
/// (A full Aho-Corasick automaton cost more than the five: their first bytes are those of most
/// CJK text, so its prefilter is of no use and the automaton walks every byte: +775 M
/// instructions on the 50 benchmark DOCX under callgrind.) Where Teddy cannot run (no SIMD), the
/// five memmem searches.
pub(crate) fn holds_a_mark_word(text: &str) -> bool {
    static WORDS: [Needle; 5] =
        [Needle::new("密"), Needle::new("公开"), Needle::new("内部"), Needle::new("上网"), Needle::new("商秘")];
    static TEDDY: OnceLock<Option<aho_corasick::packed::Searcher>> = OnceLock::new();
    let teddy = TEDDY.get_or_init(|| {
        let mut b = aho_corasick::packed::Config::new().builder();
        b.extend(MARK_WORDS);
        b.build()
    });
    match teddy {
        Some(t) => t.find(text).is_some(),
        None => WORDS.iter().any(|w| w.is_in(text.as_bytes())),
    }
}

/// The words of [`holds_a_mark_word`].
pub(crate) const MARK_WORDS: [&str; 5] = ["密", "公开", "内部", "上网", "商秘"];

/// Finds the markings in one segment: runs the [rule table](rules::RULES) over its facts.
pub(crate) fn find(original: &str, norm: &Normalized, place: Placement<'_>, out: &mut Vec<Mark>) {
    if !holds_a_mark_word(norm.text()) {
        return;
    }
    let facts = rules::Facts::new(original, norm, place);
    for rule in rules::RULES {
        let before = out.len();
        (rule.run)(&facts, out);
        debug_assert!(out[before..].iter().all(|m| rule.may_give(m.rule)), "{} gave another rule's id", rule.id);
    }
}

/// A document property whose name asks or names the level and whose value says yes (a custom
/// property `机密` = `是` or `true`, `是否涉密` = `是`): the document's statement about itself, made
/// in the property's name. `value` is the segment's original text; the mark spans it.
pub(crate) fn property_says_classified(name: &str, value: &str, out: &mut Vec<Mark>) {
    let name = crate::normalize::normalize(name);
    let name = name.text().trim();
    let class = match name {
        "绝密" => Class::TopSecret,
        "机密" => Class::Secret,
        "秘密" | "国家秘密" | "涉密" | "涉及国家秘密" | "是否涉密" | "是否涉及国家秘密" | "是否属于国家秘密" => {
            Class::Confidential
        }
        _ => return,
    };
    let said = value.trim();
    let yes = ["是", "true", "yes", "y", "1", "√", "☑", "✓", "✔", "-1"].iter().any(|y| said.eq_ignore_ascii_case(y));
    if !yes {
        return;
    }
    let start = value.len() - value.trim_start().len();
    out.push(Mark {
        rule: MarkRule::StatedLevel,
        class,
        severity: Severity::Block,
        start,
        end: start + said.len(),
        why: vec![Signal::PropertySaysYes { name: name.to_string() }, Signal::InProperties],
    });
}

/// Signals that a mark in running text is quoted as an example rather than applied: quote marks
/// around it, or an introducing word (如, 例如, 形式, 标注…) just before it.
fn example_cue(text: &str, start: usize, end: usize) -> Option<&'static str> {
    const OPEN: &[char] = &['“', '"', '‘', '\'', '「', '『', '〝', '《'];
    const CLOSE: &[char] = &['”', '"', '’', '\'', '」', '』', '〞', '》'];
    const CUES: &[&str] = &[
        "例如",
        "比如",
        "诸如",
        "如",
        "形式",
        "格式",
        "样式",
        "示例",
        "举例",
        "标注",
        "标明",
        "注明",
        "标有",
        "标识",
        "标示",
        "印有",
        "写明",
        "写有",
        "字样",
        "标记为",
        "标志",
    ];
    const AFTER: &[&str] = &["字样", "等字样", "的标志", "标志", "等标志", "的字样"];
    let before = text[..start].trim_end_matches([' ', '\n']);
    if before.ends_with(OPEN) || text[end..].starts_with(CLOSE) {
        return Some("in quotes");
    }
    let clause = before.rfind(['。', ';', '；', '!', '！', '?', '？', '\n']).map_or(before, |i| {
        let c = before[i..].chars().next().map_or(1, char::len_utf8);
        &before[i + c..]
    });
    let window: String = clause.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    if let Some(cue) = CUES.iter().find(|c| window.contains(*c)) {
        return Some(cue);
    }
    let after = text[end..].trim_start();
    AFTER.iter().find(|a| after.starts_with(*a)).copied()
}

#[cfg(test)]
mod tests;
