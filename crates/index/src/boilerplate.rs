//! Boilerplate: what every 公文 shares, so never evidence that a file holds a registered one.
//!
//! GB/T 9704 lays a document out the same way every time: the 版头 (份号, 密级和保密期限,
//! 紧急程度, 发文机关标志, 发文字号, 签发人), then the title and the 主送机关, the body, the
//! signature and date (落款, 成文日期), 附注 (`（此件公开发布）`, 联系人), and the 版记 (抄送,
//! 印发机关和印发日期). Public documents carry the same head and tail, and the same formulas
//! (`现将有关事项通知如下`, `特此通知`). A registered document is fingerprinted without them:
//!
//! * by structure ([`excluded_lines`]): page headers, footers and document properties are left
//!   out; so are the lines at the top of the body before the first sentence (head, title, 主送),
//!   the short lines at its end (落款, date, 附注), and lines that open with a 版记 or 附注 word
//!   wherever they stand;
//! * by a table of set phrases shipped with mijian (`set_phrases.txt`), see [`SetPhrases`];
//! * by learning: fingerprints also found in documents known to be public are dropped
//!   (`mijian index add --public DIR`, see `Index::learn_public`).
//!
//! Excluded text never starts a match and never counts in a run's length: a run found from other
//! evidence is cut where the registered document's boilerplate is (see `matching`).

use mijian_core::{Role, Segment, HEAD_LINES};

/// Lines longer than this (in characters) are text, not part of a head or tail.
const SHORT_LINE: usize = 40;
/// At most this many lines are taken as the head or as the tail.
const MAX_EDGE_LINES: usize = 12;

/// Words that open a line of the 版记 or of the 附注, wherever it stands.
const RECORD_OPENERS: &[&str] = &[
    "抄送",
    "主送",
    "印发",
    "主题词",
    "附件",
    "联系人",
    "联系电话",
    "联系方式",
    "（此件",
    "(此件",
    "此件",
    "签发人",
    "分送",
    "发：",
];

/// Whether a segment of a registered document is fingerprinted at all: page headers, footers
/// and document properties repeat the document's frame, not its text, and what a template
/// holds (see [`from_the_template`]) is the same in every document made from it.
pub(crate) fn registers(segment: &Segment) -> bool {
    !matches!(segment.role, Role::Header | Role::Footer | Role::Properties) && !from_the_template(&segment.location)
}

/// Parts of a package that a template brings, whole (by file name, in any folder): styles and
/// their names, fonts, settings and the attached template's path, OFD's shared resources.
const TEMPLATE_FILES: &[&str] = &[
    "styles.xml",
    "stylesWithEffects.xml",
    "fontTable.xml",
    "settings.xml",
    "webSettings.xml",
    "PublicRes.xml",
    "DocumentRes.xml",
];

/// Folders of a package that a template brings: themes, Word's building blocks (`glossary`),
/// PowerPoint's layouts and masters (their prompt texts, `单击此处编辑母版标题样式`, and names),
/// OFD template pages.
const TEMPLATE_FOLDERS: &[&str] =
    &["theme", "glossary", "slideLayouts", "slideMasters", "notesMasters", "handoutMasters", "Tpls"];

/// Fields that name or program the document rather than say anything in it: style names,
/// number formats, bookmarks (`_Toc…`, `_GoBack`), field instructions (`TOC \o "1-3"`),
/// building blocks, placeholder prompts.
const TEMPLATE_FIELDS: &[&str] = &[
    "style name",
    "cell style",
    "number format",
    "conditional number format",
    "bookmark",
    "field instruction",
    "building block",
    "prompt text",
];

/// Whether text at `location` is the template's rather than the document's: every document made
/// from the organisation's Word, Excel or PowerPoint template (or python-docx's, or WPS's) has it,
/// public ones too, so it is never evidence that a file holds a registered document. A template
/// whose slide master says 机密 is found by the marking rules, not by the index.
fn from_the_template(location: &mijian_core::Location) -> bool {
    if location.field.as_deref().is_some_and(|f| TEMPLATE_FIELDS.contains(&f)) {
        return true;
    }
    let mut folders = location.part.split('/');
    let file = folders.next_back().unwrap_or("");
    TEMPLATE_FILES.contains(&file) || folders.any(|f| TEMPLATE_FOLDERS.iter().any(|t| f.eq_ignore_ascii_case(t)))
}

/// The byte ranges, per segment, of the lines that are boilerplate by structure. `segments` are
/// those of one registered document; the result has one (sorted) list per segment.
pub(crate) fn excluded_lines(segments: &[Segment]) -> Vec<Vec<(usize, usize)>> {
    // Every non-empty line of the fingerprinted segments, in order: (segment, start, end).
    let mut lines: Vec<(usize, usize, usize)> = Vec::new();
    for (i, s) in segments.iter().enumerate().filter(|(_, s)| registers(s)) {
        let mut start = 0;
        for line in s.text.split('\n') {
            if !line.trim().is_empty() {
                lines.push((i, start, start + line.len()));
            }
            start += line.len() + 1;
        }
    }
    let text = |&(i, s, e): &(usize, usize, usize)| segments[i].text[s..e].trim();
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); segments.len()];
    let mut excluded = vec![false; lines.len()];
    // The head: lines before the first sentence (版头, title, 主送), at most a few more than the
    // marking code's head.
    let head_max = (HEAD_LINES as usize + 6).min(MAX_EDGE_LINES);
    for (n, line) in lines.iter().enumerate().take(head_max) {
        if is_sentence(text(line)) {
            break;
        }
        excluded[n] = true;
    }
    // The tail: short lines after the last sentence (落款, 成文日期, 附注, 版记).
    for (n, line) in lines.iter().enumerate().rev().take(MAX_EDGE_LINES) {
        let t = text(line);
        if is_sentence(t) && !opens_record(t) {
            break;
        }
        excluded[n] = true;
    }
    // 版记 and 附注 lines, and bare document numbers and dates, wherever they are.
    for (n, line) in lines.iter().enumerate() {
        let t = text(line);
        if opens_record(t) || is_short_frame_line(t) {
            excluded[n] = true;
        }
    }
    for (n, &(i, s, e)) in lines.iter().enumerate() {
        if excluded[n] {
            out[i].push((s, e));
        }
    }
    out
}

/// A line of running text: it ends a sentence, or it is too long for a head or tail line.
fn is_sentence(line: &str) -> bool {
    line.chars().count() > SHORT_LINE || line.contains(['。', '！', '？', '；', '.', '!', '?', ';'])
}

fn opens_record(line: &str) -> bool {
    let t = line.trim_start_matches(|c: char| c.is_whitespace() || c == '　');
    RECORD_OPENERS.iter().any(|w| t.starts_with(w)) || (t.contains("印发") && t.ends_with("日印发"))
}

/// A short line that is a document number (`国办发〔2023〕12号`) or a date alone (`2024年3月1日`,
/// `二〇二四年三月一日`).
fn is_short_frame_line(line: &str) -> bool {
    let n = line.chars().count();
    if n > SHORT_LINE {
        return false;
    }
    let doc_number = line.contains(['〔', '[', '［']) && line.ends_with('号');
    let date = n <= 16
        && line.ends_with('日')
        && line.contains('年')
        && line.contains('月')
        && line.chars().all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十年月日 　".contains(c));
    doc_number || date
}

/// The shipped table of set phrases, normalised and reduced to content characters, ready to be
/// found in a registered document's content.
pub(crate) struct SetPhrases {
    automaton: aho_corasick::AhoCorasick,
}

impl SetPhrases {
    /// The table in `set_phrases.txt`.
    pub fn shipped() -> SetPhrases {
        let phrases: Vec<String> = include_str!("set_phrases.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| mijian_core::normalize(l).text().chars().filter(|&c| crate::fingerprint::is_content(c)).collect())
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&phrases)
            .expect("the shipped set phrases compile");
        SetPhrases { automaton }
    }

    /// Marks every character of `chars` inside a set phrase.
    pub fn exclude(&self, chars: &[char], excluded: &mut [bool]) {
        let text: String = chars.iter().collect();
        // Byte offsets of the content string back to character indices.
        let mut index_of = vec![0u32; text.len() + 1];
        for (n, (b, _)) in text.char_indices().enumerate() {
            index_of[b] = n as u32;
        }
        index_of[text.len()] = chars.len() as u32;
        for m in self.automaton.find_iter(&text) {
            let (s, e) = (index_of[m.start()] as usize, index_of[m.end()] as usize);
            excluded[s..e].iter_mut().for_each(|x| *x = true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Location;

    fn lines_of(text: &str) -> Vec<String> {
        let seg = Segment::new(Location::part("text").with_line(1), Role::Body, text);
        let ranges = excluded_lines(std::slice::from_ref(&seg));
        ranges[0].iter().map(|&(s, e)| text[s..e].to_string()).collect()
    }

    /// What a template brings is never fingerprinted: a public file made from the same Word or
    /// PowerPoint template would otherwise share it with every registered document.
    #[test]
    fn text_a_template_brings_is_not_registered() {
        let at = |part: &str, field: Option<&str>, role: Role| {
            let mut location = Location::part(part);
            location.field = field.map(str::to_owned);
            registers(&Segment::new(location, role, "某某"))
        };
        for (part, field) in [
            ("word/styles.xml", Some("style name")),
            ("word/stylesWithEffects.xml", None),
            ("word/fontTable.xml", None),
            ("word/theme/theme1.xml", None),
            ("word/glossary/document.xml", Some("building block")),
            ("word/glossary/document.xml", None),
            ("word/settings.xml", Some("link")),
            ("word/document.xml", Some("bookmark")),
            ("word/document.xml", Some("field instruction")),
            ("xl/styles.xml", Some("number format")),
            ("xl/styles.xml", Some("cell style")),
            ("ppt/slideLayouts/slideLayout1.xml", Some("prompt text")),
            ("ppt/slideLayouts/slideLayout1.xml", Some("slide name")),
            ("ppt/slideMasters/slideMaster1.xml", Some("shape name")),
            ("ppt/notesMasters/notesMaster1.xml", None),
            ("ppt/theme/theme1.xml", None),
            ("Doc_0/PublicRes.xml", None),
            ("Doc_0/Tpls/Tpl_0/Content.xml", None),
            ("styles", Some("style name")),
        ] {
            assert!(!at(part, field, Role::Other), "{part} {field:?} is the template's");
        }
        for (part, field, role) in [
            ("word/document.xml", None, Role::Body),
            ("word/document.xml", Some("alt text"), Role::Other),
            ("word/document.xml", Some("list label"), Role::Body),
            ("word/footnotes.xml", None, Role::Note),
            ("ppt/slides/slide1.xml", None, Role::Body),
            ("ppt/slides/slide1.xml", Some("slide name"), Role::Other),
            ("xl/worksheets/sheet1.xml", None, Role::Body),
            ("word/charts/chart1.xml", None, Role::Other),
            ("text", None, Role::Body),
        ] {
            assert!(at(part, field, role), "{part} {field:?} is the document's");
        }
        assert!(!at("word/header1.xml", None, Role::Header));
    }

    #[test]
    fn the_head_the_tail_and_the_record_of_a_gongwen_are_boilerplate_the_body_is_not() {
        let doc = "000123\n机密★1年\n特急\n某某市人民政府办公厅文件\n某政办发〔2024〕7号\n关于加强某某工作的通知\n\
各区县人民政府，市政府各委办局：\n为做好某某工作，现将有关事项通知如下。\n一、这一段是正文，讲了具体的安排和要求。\n\
二、另一段正文。\n某某市人民政府办公厅\n2024年3月1日\n（此件不公开）\n抄送：市委办公厅，市人大常委会办公厅。\n\
某某市人民政府办公厅 2024年3月1日印发";
        let ex = lines_of(doc);
        for head in [
            "000123",
            "机密★1年",
            "特急",
            "某某市人民政府办公厅文件",
            "某政办发〔2024〕7号",
            "各区县人民政府，市政府各委办局：",
        ] {
            assert!(ex.iter().any(|l| l == head), "{head} should be boilerplate: {ex:?}");
        }
        for tail in ["某某市人民政府办公厅", "2024年3月1日", "（此件不公开）", "抄送：市委办公厅，市人大常委会办公厅。"]
        {
            assert!(ex.iter().any(|l| l == tail), "{tail} should be boilerplate: {ex:?}");
        }
        assert!(!ex.iter().any(|l| l.contains("正文")), "the body is text: {ex:?}");
    }

    #[test]
    fn a_draft_without_head_loses_nothing_but_its_title() {
        let ex = lines_of("这是第一段，直接开始正文。\n第二段也是正文。");
        assert!(ex.is_empty(), "{ex:?}");
    }

    #[test]
    fn set_phrases_are_found_through_normalisation_and_punctuation() {
        let p = SetPhrases::shipped();
        let text = "为做好工作現將有關事項，通知如下一是加强领导";
        let chars: Vec<char> =
            mijian_core::normalize(text).text().chars().filter(|&c| crate::fingerprint::is_content(c)).collect();
        let mut ex = vec![false; chars.len()];
        p.exclude(&chars, &mut ex);
        let kept: String = chars.iter().zip(&ex).filter(|(_, &x)| !x).map(|(c, _)| c).collect();
        assert_eq!(kept, "为做好工作一是加强领导");
    }
}
