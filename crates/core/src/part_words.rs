//! The names readers give parts that are not paths inside the file (`(file)`, `page 3`,
//! `text (UTF-8)`), said in Chinese for people. Paths inside a package (`word/document.xml`) are
//! the file's own names and are shown as they are; so is any part in English.

use crate::lang::Lang;
use std::borrow::Cow;

/// Pseudo-parts in parentheses, and their Chinese.
const WHOLE: &[(&str, &str)] = &[
    ("(file)", "整个文件"),
    ("(empty file)", "空文件"),
    ("(file name)", "文件名"),
    ("(archive member names)", "压缩包成员名"),
    ("(archive member comments)", "压缩包成员注释"),
    ("(archive comment)", "压缩包注释"),
    ("(archive directory)", "压缩包目录"),
    ("(gzip header)", "gzip 文件头"),
    ("(PDF object stream)", "PDF 对象流"),
    ("(decompressed)", "解压后的内容"),
    ("(pictures)", "图片"),
    ("(rtf)", "RTF 正文"),
    ("text", "正文"),
];

/// The name of `part` for people in `lang`.
///
/// ```
/// use mijian_core::{part_text, Lang};
/// assert_eq!(part_text("(file)", Lang::Zh), "整个文件");
/// assert_eq!(part_text("page 3", Lang::Zh), "第 3 页");
/// assert_eq!(part_text("text (GB18030)", Lang::Zh), "正文（GB18030）");
/// assert_eq!(part_text("word/document.xml", Lang::Zh), "word/document.xml");
/// assert_eq!(part_text("page 3", Lang::En), "page 3");
/// ```
pub fn part_text(part: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::En {
        return Cow::Borrowed(part);
    }
    if let Some((_, zh)) = WHOLE.iter().find(|(en, _)| *en == part) {
        return Cow::Borrowed(zh);
    }
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let words: Vec<&str> = part.split(' ').collect();
    let zh = match words.as_slice() {
        ["page", n] if number(n) => format!("第 {n} 页"),
        ["pages", range] => match range.split_once('-') {
            Some((a, b)) if number(a) && number(b) => format!("第 {a}–{b} 页"),
            _ => return Cow::Borrowed(part),
        },
        ["page", n, "image", m] if number(n) && number(m) => format!("第 {n} 页图片 {m}"),
        ["attachment", n] if number(n) => format!("附件 {n}"),
        // A second archive inside a file (a polyglot): `(ZIP archive at bytes 10-20)`.
        ["(ZIP", "archive", "at", "bytes", span] if span.ends_with(')') => match span[..span.len() - 1].split_once('-')
        {
            Some((a, b)) if number(a) && number(b) => format!("（第 {a}–{b} 字节处的 ZIP 压缩包）"),
            _ => return Cow::Borrowed(part),
        },
        // A compressed stream, or a PDF stream: `(gzip stream)`, `(PDF stream)`.
        [format, "stream)"] if format.len() > 1 && format.starts_with('(') => format!("{} 数据流", &format[1..]),
        [kind @ ("text" | "html"), encoding] if encoding.starts_with('(') && encoding.ends_with(')') => {
            let kind = if *kind == "text" { "正文" } else { "网页" };
            format!("{kind}（{}）", &encoding[1..encoding.len() - 1])
        }
        _ => return Cow::Borrowed(part),
    };
    Cow::Owned(zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_parts_are_said_in_chinese_and_paths_are_kept() {
        assert_eq!(part_text("(archive member names)", Lang::Zh), "压缩包成员名");
        assert_eq!(part_text("pages 1-12", Lang::Zh), "第 1–12 页");
        assert_eq!(part_text("page 2 image 3", Lang::Zh), "第 2 页图片 3");
        assert_eq!(part_text("attachment 4", Lang::Zh), "附件 4");
        assert_eq!(part_text("(gzip stream)", Lang::Zh), "gzip 数据流");
        assert_eq!(part_text("(PDF stream)", Lang::Zh), "PDF 数据流");
        assert_eq!(part_text("(PDF object stream)", Lang::Zh), "PDF 对象流");
        assert_eq!(part_text("html (UTF-8)", Lang::Zh), "网页（UTF-8）");
        assert_eq!(part_text("text", Lang::Zh), "正文");
        assert_eq!(part_text("(ZIP archive at bytes 10-20)", Lang::Zh), "（第 10–20 字节处的 ZIP 压缩包）");
        assert_eq!(part_text("(ZIP archive at bytes x-20)", Lang::Zh), "(ZIP archive at bytes x-20)");
        for kept in ["page x", "pages 3", "Doc_0/Pages/Page_0/Content.xml", "a.zip!page 1.txt", "slide2/notes"] {
            assert_eq!(part_text(kept, Lang::Zh), kept);
        }
        for en in ["(file)", "page 3", "text (UTF-8)"] {
            assert_eq!(part_text(en, Lang::En), en);
        }
    }
}
