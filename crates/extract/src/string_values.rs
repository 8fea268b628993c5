//! The quoted strings of a program, a configuration or a database dump, read as the values they
//! are: what the program shows, the page renders, the database holds.
//!
//! `var notice = "机密★1年";`, `title: "\u673a\u5bc6★1年"` (YAML), `echo '机密★1年';` (PHP) and
//! `INSERT INTO posts VALUES (1,'机密★1年\n关于…')` (a SQL dump, where `\n` is a line break of the
//! stored text) hold a mark that stands alone in the value, but read as a line of text it sits
//! between quotes, where prose quotes a mark it talks about (`标注"机密★1年"字样`), and needs
//! only review. So each string of a line of code is also read on its own, its escapes decoded
//! ([`escapes::decode_string`](crate::escapes::decode_string)), as part
//! `text (string values)`, at the file's line, field `string at column N` (the column of its
//! opening quote); a string holding markup (`'<p>机</p><p>密★1年</p>'`) is also read as the
//! page it renders (part `text line L string at column N (HTML)`).
//!
//! Only lines that are code, not prose, are read this way: a string counts when it opens where a
//! value starts (the line's start, after `=`, `:`, `(`, `,`, `[`, `{`, `+`, an operator, or a
//! keyword such as `return`, `echo`, `print`, `VALUES`) and closes where a value ends (the
//! line's end, `;`, `,`, `)`, `]`, `}`, `:`, `+`, an operator or a comment), and the line outside
//! its strings, its comment and a leading key (`标题:` in YAML) is ASCII. A line of Chinese prose
//! quoting a mark has Chinese outside its quotes and is left to the rules as written.

use mijian_core::{DocumentSink, Location, Role, Segment};

use crate::{markup_value, ExtractError, Limits};

/// The part name of the string values.
pub(crate) const PART: &str = "text (string values)";

/// Words after which a string is a value (compared without case).
const KEYWORDS: &[&str] =
    &["return", "echo", "print", "yield", "case", "else", "then", "values", "in", "of", "and", "or", "not", "default"];

/// The quotes that open a string: all three for a text, a script or an HTML fragment; for a CSV
/// file, whose cells the CSV reader unquotes from `"`, only the others (a SQL dump taken for a
/// CSV file by its commas quotes its strings with `'`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quotes(&'static [u8]);

impl Quotes {
    pub(crate) const ALL: Quotes = Quotes(b"\"'`");
    pub(crate) const NOT_DOUBLE: Quotes = Quotes(b"'`");

    /// Where in `bytes` a quote is.
    fn find(self, bytes: &[u8]) -> memchr::Memchr3<'_> {
        let q = self.0;
        memchr::memchr3_iter(q[0], q[1 % q.len()], q[2 % q.len()], bytes)
    }

    fn contains(self, b: u8) -> bool {
        self.0.contains(&b)
    }
}

/// A string of a line of code: the column (1-based, in characters) of its opening quote and its
/// value.
#[derive(Debug, PartialEq)]
pub(crate) struct Value {
    pub(crate) column: u32,
    pub(crate) text: String,
}

/// Reads the string values of the lines of `chunk`, whose first line is line `first_line` of the
/// file, into `sink` (see the module documentation).
pub(crate) fn read(
    first_line: u32,
    chunk: &str,
    quotes: Quotes,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let b = chunk.as_bytes();
    if !may_hold(b, quotes) {
        return Ok(());
    }
    for (i, line) in crate::text::lines_at(chunk, quotes.find(b)) {
        let number = first_line + i;
        for value in values(line, quotes) {
            let field = format!("string at column {}", value.column);
            let location = Location::part(PART).with_line(number).with_field(field.clone());
            sink.segment(Segment::new(location, Role::Body, value.text.clone()))?;
            if markup_value::holds_markup(&value.text) {
                let part = format!("text line {number} {field} (HTML)");
                markup_value::read_as_page(&part, &value.text, limits, sink)?;
            }
        }
    }
    Ok(())
}

/// Reads the string values of the text file `bytes` (decoded as the text reader decodes it), for a
/// file another reader read first: an HTML fragment that is a script or a dump writing markup, a
/// SQL dump taken for a CSV file.
pub(crate) fn read_text(
    bytes: &[u8],
    quotes: Quotes,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let decoded = crate::text::decode(bytes);
    crate::text::try_each_chunk(&decoded.text, crate::text::CHUNK, |line, chunk| {
        read(line, chunk, quotes, limits, sink)
    })
}

/// Whether `bytes` may hold a string value [`read`] reads: a quote and a byte outside ASCII or a
/// backslash. Cheap, so that prose without quotes costs one pass.
fn may_hold(bytes: &[u8], quotes: Quotes) -> bool {
    quotes.find(bytes).next().is_some() && bytes.iter().any(|&b| b >= 0x80 || b == b'\\')
}

/// The string values of `line` that hold a character outside ASCII once decoded, if the line is
/// code (see the module documentation); none otherwise.
pub(crate) fn values(line: &str, quotes: Quotes) -> Vec<Value> {
    let b = line.as_bytes();
    if quotes.find(b).next().is_none() {
        return Vec::new();
    }
    let mut values = Vec::new();
    // Where the code outside strings starts being checked: after a leading key (`标题:`).
    let mut i = leading_key(line);
    let mut outside_ascii = true;
    // The column of the last value's quote, counted on from there to the next one: counting each
    // from the line's start cost the square of a line of many values.
    let (mut counted_to, mut column) = (0usize, 1u32);
    while i < b.len() {
        let c = b[i];
        if starts_comment(b, i) {
            break;
        }
        if !quotes.contains(c) {
            outside_ascii &= c.is_ascii();
            i += 1;
            continue;
        }
        let Some(end) = closing_quote(b, i) else { break };
        let content = &line[i + 1..end];
        if opens_value(&b[..i]) && closes_value(&b[end + 1..]) {
            if !content.is_ascii() || content.contains('\\') {
                let text = crate::escapes::decode_string(content);
                if !text.is_ascii() {
                    column = column.saturating_add(line[counted_to..i].chars().count() as u32);
                    counted_to = i;
                    values.push(Value { column, text });
                }
            }
        } else {
            outside_ascii &= content.is_ascii();
        }
        i = end + 1;
    }
    if outside_ascii {
        values
    } else {
        Vec::new()
    }
}

/// The byte after a leading key of `line` (`标题:`, `- 名称 =`, `"key":` is a string itself): a
/// word without spaces or quotes followed by `:` or `=` and a space or a quote; 0 if none.
fn leading_key(line: &str) -> usize {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let skip = indent + (trimmed.len() - body.len());
    let Some(at) = body.find([':', '=']) else { return 0 };
    let key = body[..at].trim_end();
    let after = body[at + 1..].trim_start_matches([' ', '\t']);
    // An identifier (`title`, `notice.level`, `$t`): a word of prose (`引用: "机密★1年"`) is not one.
    let is_word = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-$@".contains(&b));
    if is_word && (after.is_empty() || after.starts_with(['"', '\'', '`'])) {
        skip + at + 1
    } else {
        0
    }
}

/// Whether a comment starts at `i` (outside strings): `//`, `/*`, `#` and `--` (at the line's
/// start or after a space), `<!--`.
fn starts_comment(b: &[u8], i: usize) -> bool {
    let after_space = i == 0 || matches!(b[i - 1], b' ' | b'\t');
    match b[i] {
        b'/' => matches!(b.get(i + 1), Some(b'/' | b'*')),
        b'#' => after_space,
        b'-' => after_space && b.get(i + 1) == Some(&b'-'),
        b'<' => b[i..].starts_with(b"<!--"),
        _ => false,
    }
}

/// The index of the quote closing the string opened at `open`: backslashes escape the next byte,
/// a doubled quote is one quote of the string. `None` if the line ends first.
fn closing_quote(b: &[u8], open: usize) -> Option<usize> {
    let quote = b[open];
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            q if q == quote && b.get(i + 1) == Some(&quote) => i += 2,
            q if q == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Whether a string opening after `before` starts a value: at the start of the line, after an
/// operator or an opening bracket, or after a keyword.
fn opens_value(before: &[u8]) -> bool {
    let before = before.trim_ascii_end();
    match before.last() {
        None => true,
        Some(b'=' | b':' | b'(' | b',' | b'[' | b'{' | b'+' | b'?' | b'|' | b'&' | b'!' | b'<' | b'>' | b'.') => true,
        Some(c) if c.is_ascii_alphabetic() => {
            let word_len = before.iter().rev().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
            let word = &before[before.len() - word_len..];
            let boundary = before.len() == word_len || !before[before.len() - word_len - 1].is_ascii_alphanumeric();
            boundary && KEYWORDS.iter().any(|k| k.as_bytes().eq_ignore_ascii_case(word))
        }
        _ => false,
    }
}

/// Whether a string closing before `after` ends a value: at the end of the line (or a comment),
/// before an operator or a closing bracket.
fn closes_value(after: &[u8]) -> bool {
    let after = after.trim_ascii_start();
    match after.first() {
        None => true,
        Some(
            b';' | b',' | b')' | b']' | b'}' | b':' | b'+' | b'.' | b'?' | b'=' | b'!' | b'<' | b'>' | b'|' | b'&'
            | b'%',
        ) => true,
        Some(b'#') => true,
        Some(b'/') => matches!(after.get(1), Some(b'/' | b'*')),
        Some(b'-') => after.get(1) == Some(&b'-'),
        _ => false,
    }
}

/// [`read`] for a whole text, cut as the text reader cuts it (tests).
#[cfg(test)]
fn read_all(text: &str) -> mijian_core::Collected {
    let mut sink = mijian_core::Collected::default();
    read_text(text.as_bytes(), Quotes::ALL, &Limits::default(), &mut sink).unwrap();
    sink
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        values(line, Quotes::ALL).into_iter().map(|v| v.text).collect()
    }

    #[test]
    fn strings_of_code_are_read_decoded() {
        let cases: &[(&str, &[&str])] = &[
            (r#"var notice = "机密★1年";"#, &["机密★1年"]),
            (r#"var notice = "\u673a\u5bc6\u2605\u0031\u5e74";"#, &["机密★1年"]),
            (r#"title: "\u673a\u5bc6★1年""#, &["机密★1年"]),
            (r#"  - title: '机密★1年'  # 注释"#, &["机密★1年"]),
            (r"echo '机密★1年';", &["机密★1年"]),
            (
                r"INSERT INTO posts VALUES (1,'机密★1年\n关于做好工作的通知','it''s');",
                &["机密★1年\n关于做好工作的通知"],
            ),
            (r#"print("\xe6\x9c\xba\xe5\xaf\x86")  // 机密"#, &["机密"]),
            (r#"{"a": "甲", "b": ["乙", '丙']}"#, &["甲", "乙", "丙"]),
            (r#"alert(`机密` + "★1年")"#, &["机密", "★1年"]),
        ];
        for (line, want) in cases {
            assert_eq!(texts(line), *want, "{line}");
        }
        assert_eq!(values(r#"var s = "x", t = "机";"#, Quotes::ALL)[0].column, 18);
    }

    #[test]
    fn each_value_of_a_long_line_is_at_its_own_column() {
        // 3,000 values on one line (one character, two escaped ones, a number and three
        // characters): the column of each quote in characters. Columns are counted on from the
        // previous value; counting each from the line's start cost the square of such a line
        // (15.8 s for 320,000 values, 1.9 MB, in main's debug build at a5f0475).
        let pieces: Vec<String> = (0..3000)
            .map(|k| match k % 3 {
                0 => "'机'".to_string(),
                1 => r"'\u673a\u5bc6'".to_string(),
                _ => format!("'{k}★1年'"),
            })
            .collect();
        let line = format!("x = [{}];", pieces.join(", "));
        let got = values(&line, Quotes::ALL);
        // Every other quote opens a value; its column is one more than the characters before it.
        let opening: Vec<usize> =
            line.chars().enumerate().filter(|(_, c)| *c == '\'').map(|(n, _)| n + 1).step_by(2).collect();
        assert_eq!(opening.len(), pieces.len());
        let columns: Vec<usize> = got.iter().map(|v| v.column as usize).collect();
        assert_eq!(columns, opening);
        assert_eq!(got[1].text, "机密");
    }

    #[test]
    fn in_a_csv_file_only_the_quotes_csv_does_not_use_open_strings() {
        let line = r#"INSERT INTO t VALUES (1,'机密★1年\n关于',"乙");"#;
        assert_eq!(values(line, Quotes::ALL).len(), 2);
        let csv = values(line, Quotes::NOT_DOUBLE);
        assert!(csv.is_empty(), "a double-quoted cell of Chinese is outside the strings: {csv:?}");
        let csv: Vec<String> =
            values(r"(1,'机密★1年\n关于','2024');", Quotes::NOT_DOUBLE).into_iter().map(|v| v.text).collect();
        assert_eq!(csv, ["机密★1年\n关于"]);
    }

    #[test]
    fn prose_that_quotes_is_not_code() {
        for line in [
            r#"文件应标注"机密★1年"字样。"#,
            r#"密级分为"绝密"、"机密"、"秘密"三级"#,
            r#"例如 "机密★1年" 这样的标志"#,
            r#"他说: "机密★1年"。"#,
            r#"引用: "机密★1年","#,
            r#"标题: "机密★1年""#,
            r#"The mark "机密" is defined in GB/T 9704."#,
            r#"var s = "机密"; 注：不要发布"#,
            "no quotes 机密★1年",
            r#"unclosed = "机密★1年"#,
            r#"ascii = "only ascii";"#,
        ] {
            assert!(values(line, Quotes::ALL).is_empty(), "{line}: {:?}", values(line, Quotes::ALL));
        }
    }

    #[test]
    fn values_are_located_and_markup_is_read_as_a_page() {
        let text = "x = 1\nbody = '<p>关于通知</p>\\r\\n<p>机</p><p>密★1年</p>';\n";
        let sink = read_all(text);
        let parts: Vec<(&str, Option<u32>, Option<&str>)> = sink
            .segments
            .iter()
            .map(|s| (s.location.part.as_str(), s.location.line, s.location.field.as_deref()))
            .collect();
        assert_eq!(parts[0], (PART, Some(2), Some("string at column 8")));
        assert!(sink.segments[0].text.starts_with("<p>关于通知</p>\n<p>"), "{:?}", sink.segments[0].text);
        let page: Vec<&str> = sink
            .segments
            .iter()
            .filter(|s| s.location.part.starts_with("text line 2 string at column 8 (HTML)"))
            .map(|s| s.text.as_str())
            .collect();
        assert!(page.iter().any(|t| t.contains("机\n密★1年")), "{page:?}");
    }

    #[test]
    fn prose_costs_one_look() {
        assert!(!may_hold("没有引号的中文段落。".as_bytes(), Quotes::ALL));
        assert!(!may_hold(br#"x = "ascii""#, Quotes::ALL));
        assert!(may_hold(r#"x = "机""#.as_bytes(), Quotes::ALL));
        assert!(!may_hold(r#"x = "机""#.as_bytes(), Quotes::NOT_DOUBLE));
        assert!(read_all("纯文本，没有代码。\n第二行。").segments.is_empty());
    }
}
