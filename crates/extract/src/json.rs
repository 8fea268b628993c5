//! JSON: every string, key or value, at any depth, with its escapes decoded.
//!
//! A JSON export hides text from a plain-text reader in two ways: escapes (`"\u673a\u5bc6"` is
//! `机密`, and a CMS that exports JSON escapes every non-ASCII character) and structure (a mark
//! split into the values of an array is not a line of text). So the reader walks the document
//! token by token, decodes each string (`\uXXXX`, surrogate pairs, `\n`, `\"`…) and pushes it as
//! one segment whose `field` is its JSON path (`$.items[2].title`, its middle elided past 256
//! bytes; a key's own segment has the path
//! of its member, and a key repeated by every record of an array is read once, where it first
//! appears). Numbers, `true`, `false` and `null` are not text and are not read. A value holding
//! HTML (a CMS article's body, `<p>机</p><p>密</p>`) is read again as the page it shows
//! ([`crate::markup_value`]), under part `json $.path (HTML)`; a value holding a file in base64
//! (an attachment, a `data:` URL) hands the file over as the member `$.path (base64)`.
//!
//! The walk is iterative (an explicit stack, bounded by `max_xml_depth` as for XML nesting), keeps
//! the order of the file and every duplicate key (a JSON library keeping only the last `"title"`
//! would hide the first), and accepts a sequence of documents (JSON Lines). The bytes are decoded
//! like a text file first (UTF-8, UTF-16 with a BOM, GB18030, Big5), because exports from Chinese
//! systems are not always UTF-8.
//!
//! A file that is not well-formed JSON after all is read as plain text, so it is never read worse
//! than a text file; if its raw text holds `\u` escapes that plain text leaves undecoded, it is
//! noted as needing review.

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use mijian_core::{ParserMessage, Unread};

use crate::base64_value;
use crate::markup_value;
use crate::text;
use crate::{ExtractError, LimitKind, Limits};

/// The part name of a JSON file's strings.
const PART: &str = "json";

/// Reads the JSON document(s) in `bytes` into `sink`: see the module documentation.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let decoded = text::decode(bytes);
    // The whole file is checked first and nothing of it kept: a file that is not JSON after all
    // is read as plain text (what a second pass pushed could not be taken back), and a file of
    // millions of strings must not be held twice, as strings and then as segments.
    match walk(&decoded.text, limits.max_xml_depth, true, |_| true) {
        Ok(()) => {
            // An array of records repeats the same keys: each distinct key is read once, at its
            // first place (the same text cannot find anything new elsewhere).
            let mut keys = std::collections::HashSet::new();
            let mut read = Ok(());
            // Walks as the check did (it cannot fail where the check did not), or stops where
            // the sink said stop; `read` says which.
            let _ = walk(&decoded.text, limits.max_xml_depth, false, |s| {
                if s.key && keys.contains(&s.text) {
                    return true;
                }
                if s.key {
                    keys.insert(s.text.clone());
                }
                read = push_string(s, limits, sink);
                read.is_ok()
            });
            read?;
            sink.coverage(decoded.coverage(PART))?;
            Ok(())
        }
        // Never: the check asks no one whether to go on.
        Err(JsonError::Stopped) => Ok(()),
        Err(JsonError::TooDeep(line)) => Err(ExtractError::limit(
            LimitKind::NestingDepth,
            limits.max_xml_depth,
            limits.max_xml_depth.saturating_add(1),
        )
        .in_part(format!("{PART}:{line}"))),
        Err(JsonError::Syntax(line, why)) => {
            text::extract(bytes, limits, sink)?;
            let escapes = decoded.text.contains("\\u");
            let error = ParserMessage::new(format!("第 {line} 行{}", why_zh(why)), format!("{why} at line {line}"));
            let reason = if escapes {
                Unread::EscapesNotDecoded { error }
            } else {
                Unread::ReadAsPlainText { format: "JSON", error }
            };
            sink.coverage(CoverageNote::unread(PART, reason))?;
            Ok(())
        }
    }
}

/// Pushes one string of the document as a segment, with the page it holds (HTML) or the file it
/// holds (base64) after it.
fn push_string(s: JsonString, limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    // A value holding HTML (an article's body) is also read as the page it shows; one holding a
    // file in base64 (an attachment, a `data:` URL) hands the file over.
    let page = (!s.key && markup_value::holds_markup(&s.text)).then(|| format!("{PART} {} (HTML)", s.path));
    let file =
        if s.key { None } else { base64_value::file(&s.text).map(|bytes| (format!("{} (base64)", s.path), bytes)) };
    let location = Location::part(PART).with_line(s.line).with_field(s.path);
    match page {
        Some(part) => {
            sink.segment(Segment::new(location, Role::Body, s.text.as_str()))?;
            markup_value::read_as_page(&part, &s.text, limits, sink)?;
        }
        // The decoded text becomes the segment's own: no copy per string.
        None => sink.segment(Segment::new(location, Role::Body, s.text))?,
    }
    if let Some((name, bytes)) = file {
        sink.member(name, bytes)?;
    }
    Ok(())
}

/// Whether the start of a text file is JSON: it opens an object or an array and the first 4 KiB
/// parse without a syntax error (the cut at the end is not one). `[1] 参考文献` is not JSON.
pub(crate) fn looks_like_json(head: &str) -> bool {
    let trimmed = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return false;
    }
    let mut cut = trimmed.len().min(4096);
    while !trimmed.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut tokens = 0usize;
    match walk(&trimmed[..cut], 256, true, |_| {
        tokens += 1;
        true
    }) {
        Ok(()) => true,
        Err(JsonError::Syntax(_, why)) => why == END && (tokens > 0 || cut > 64),
        Err(JsonError::TooDeep(_) | JsonError::Stopped) => true,
    }
}

/// One string of the document.
#[derive(Debug, PartialEq)]
struct JsonString {
    /// Its JSON path (for a key: the path of the member it names).
    path: String,
    /// The line (1-based) where it starts.
    line: u32,
    /// The decoded text.
    text: String,
    /// Whether it is a key.
    key: bool,
}

#[derive(Debug)]
enum JsonError {
    /// Malformed input: the line and what was wrong.
    Syntax(u32, &'static str),
    /// Nesting over the bound, at this line.
    TooDeep(u32),
    /// Whoever was handed the strings asked to stop.
    Stopped,
}

/// The message for input that ends inside a value.
const END: &str = "unexpected end";

/// What a syntax error of [`JsonError::Syntax`] says, in Chinese.
fn why_zh(why: &str) -> &'static str {
    match why {
        END => "意外结束",
        "unknown literal" => "有无法识别的字面量",
        "expected a value" => "应为一个值",
        "text after the document" => "在文档结束后还有文字",
        "expected ':'" => "应为冒号 ':'",
        "expected a key" => "应为键名",
        "expected ',' or '}'" => "应为 ',' 或 '}'",
        "expected ',' or ']'" => "应为 ',' 或 ']'",
        "unknown escape" => "有无法识别的转义",
        "bad \\u escape" => "有错误的 \\u 转义",
        _ => "语法错误",
    }
}

/// An open container and where the walk is inside it.
enum Frame {
    /// An object: the path of the member being read (empty before the first key).
    Object { path_len: usize, expect_key: bool },
    /// An array: the index of the next element.
    Array { path_len: usize, index: usize },
}

/// Walks the JSON text(s) in `s`, calling `found` for every string (with `shallow`, strings are
/// decoded but `found` only counts them). Nesting deeper than `max_depth` is an error.
fn walk(s: &str, max_depth: usize, shallow: bool, mut found: impl FnMut(JsonString) -> bool) -> Result<(), JsonError> {
    let b = s.as_bytes();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut stack: Vec<Frame> = Vec::new();
    let mut path = String::from("$");
    // Whether a value is expected next (at the top or after `:` / `,` in an array).
    let mut want_value = true;
    loop {
        // Skip white space, counting lines.
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
            line += u32::from(b[i] == b'\n');
            i += 1;
        }
        if i == b.len() {
            return if stack.is_empty() { Ok(()) } else { Err(JsonError::Syntax(line, END)) };
        }
        if i == 0 && s.starts_with('\u{feff}') {
            i += 3;
            continue;
        }
        let c = b[i];
        if want_value {
            want_value = false;
            match c {
                b'{' | b'[' => {
                    if stack.len() >= max_depth {
                        return Err(JsonError::TooDeep(line));
                    }
                    stack.push(if c == b'{' {
                        Frame::Object { path_len: path.len(), expect_key: true }
                    } else {
                        Frame::Array { path_len: path.len(), index: 0 }
                    });
                    i += 1;
                    if c == b'[' {
                        path.push_str("[0]");
                        want_value = true;
                    }
                    // An empty container closes at once: handled with `]`/`}` below.
                    if c == b'[' {
                        let mut j = i;
                        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                            j += 1;
                        }
                        if j < b.len() && b[j] == b']' {
                            want_value = false;
                        }
                    }
                    continue;
                }
                b'"' => {
                    let start_line = line;
                    let (text, next) = string(b, i, &mut line)?;
                    i = next;
                    let go_on = if !shallow {
                        found(JsonString { path: shown_path(&path), line: start_line, text, key: false })
                    } else {
                        found(JsonString { path: String::new(), line: 0, text: String::new(), key: false })
                    };
                    if !go_on {
                        return Err(JsonError::Stopped);
                    }
                }
                b'-' | b'0'..=b'9' => {
                    while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                        i += 1;
                    }
                }
                b't' | b'f' | b'n' => {
                    let word: &[u8] = match c {
                        b't' => b"true",
                        b'f' => b"false",
                        _ => b"null",
                    };
                    if b[i..].starts_with(word) {
                        i += word.len();
                    } else if word.starts_with(&b[i..]) {
                        return Err(JsonError::Syntax(line, END));
                    } else {
                        return Err(JsonError::Syntax(line, "unknown literal"));
                    }
                }
                _ => return Err(JsonError::Syntax(line, "expected a value")),
            }
            if stack.is_empty() {
                // One complete document; another may follow (JSON Lines).
                want_value = true;
            }
            continue;
        }
        match stack.last_mut() {
            None => return Err(JsonError::Syntax(line, "text after the document")),
            Some(Frame::Object { path_len, expect_key }) => {
                let path_len = *path_len;
                if *expect_key {
                    match c {
                        b'"' => {
                            let start_line = line;
                            let (key, next) = string(b, i, &mut line)?;
                            i = next;
                            path.truncate(path_len);
                            push_key(&mut path, &key);
                            *expect_key = false;
                            let go_on = if !shallow {
                                found(JsonString { path: shown_path(&path), line: start_line, text: key, key: true })
                            } else {
                                found(JsonString { path: String::new(), line: 0, text: String::new(), key: false })
                            };
                            if !go_on {
                                return Err(JsonError::Stopped);
                            }
                            // The colon.
                            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                                line += u32::from(b[i] == b'\n');
                                i += 1;
                            }
                            match b.get(i) {
                                Some(b':') => {
                                    i += 1;
                                    want_value = true;
                                }
                                Some(_) => return Err(JsonError::Syntax(line, "expected ':'")),
                                None => return Err(JsonError::Syntax(line, END)),
                            }
                        }
                        b'}' => {
                            path.truncate(path_len);
                            stack.pop();
                            i += 1;
                            want_value = stack.is_empty();
                        }
                        _ => return Err(JsonError::Syntax(line, "expected a key")),
                    }
                } else {
                    match c {
                        b',' => {
                            *expect_key = true;
                            i += 1;
                        }
                        b'}' => {
                            path.truncate(path_len);
                            stack.pop();
                            i += 1;
                            want_value = stack.is_empty();
                        }
                        _ => return Err(JsonError::Syntax(line, "expected ',' or '}'")),
                    }
                }
            }
            Some(Frame::Array { path_len, index }) => match c {
                b',' => {
                    *index += 1;
                    let (len, index) = (*path_len, *index);
                    path.truncate(len);
                    path.push_str(&format!("[{index}]"));
                    want_value = true;
                    i += 1;
                }
                b']' => {
                    path.truncate(*path_len);
                    stack.pop();
                    i += 1;
                    want_value = stack.is_empty();
                }
                _ => return Err(JsonError::Syntax(line, "expected ',' or ']'")),
            },
        }
    }
}

/// The longest JSON path put in a location, in bytes; a longer one keeps its start and its end.
const MAX_PATH: usize = 256;

/// `path` as a location shows it: whole, or its first and last ~120 bytes around `…` when it is
/// longer than [`MAX_PATH`] (a deep document of long keys must not cost its path once per string).
fn shown_path(path: &str) -> String {
    if path.len() <= MAX_PATH {
        return path.to_owned();
    }
    let mut head = 120;
    while !path.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = path.len() - 120;
    while !path.is_char_boundary(tail) {
        tail += 1;
    }
    format!("{}…{}", &path[..head], &path[tail..])
}

/// Appends `.key` to a path, or `["key"]` when the key is not a plain identifier.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push_str("[\"");
        for c in key.chars() {
            match c {
                '"' => path.push_str("\\\""),
                '\\' => path.push_str("\\\\"),
                c if c.is_control() => path.push_str(&format!("\\u{:04x}", c as u32)),
                c => path.push(c),
            }
        }
        path.push_str("\"]");
    }
}

/// Decodes the string starting at the quote `b[at]`: its text and the index after its closing
/// quote. Lone surrogates become U+FFFD; a raw line break inside is tolerated (and counted).
fn string(b: &[u8], at: usize, line: &mut u32) -> Result<(String, usize), JsonError> {
    let mut out = String::new();
    let mut i = at + 1;
    let mut run = i;
    loop {
        let Some(p) = memchr::memchr3(b'"', b'\\', b'\n', &b[i..]) else {
            return Err(JsonError::Syntax(*line, END));
        };
        i += p;
        match b[i] {
            b'\n' => {
                *line += 1;
                i += 1;
                continue;
            }
            b'"' => {
                out.push_str(utf8(&b[run..i]));
                return Ok((out, i + 1));
            }
            _ => {
                out.push_str(utf8(&b[run..i]));
                let e = *b.get(i + 1).ok_or(JsonError::Syntax(*line, END))?;
                i += 2;
                match e {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let hi = hex4(b, i, *line)?;
                        i += 4;
                        let c = if (0xD800..0xDC00).contains(&hi)
                            && b.get(i) == Some(&b'\\')
                            && b.get(i + 1) == Some(&b'u')
                        {
                            let lo = hex4(b, i + 2, *line)?;
                            if (0xDC00..0xE000).contains(&lo) {
                                i += 6;
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                None
                            }
                        } else {
                            char::from_u32(hi)
                        };
                        out.push(c.unwrap_or('\u{FFFD}'));
                    }
                    _ => return Err(JsonError::Syntax(*line, "unknown escape")),
                }
                run = i;
            }
        }
    }
}

/// The value of the four hex digits at `b[i..]`.
fn hex4(b: &[u8], i: usize, line: u32) -> Result<u32, JsonError> {
    let digits = b.get(i..i + 4).ok_or(JsonError::Syntax(line, END))?;
    let mut v = 0u32;
    for &d in digits {
        let n = (d as char).to_digit(16).ok_or(JsonError::Syntax(line, "bad \\u escape"))?;
        v = v * 16 + n;
    }
    Ok(v)
}

/// A slice of the (valid UTF-8) input between two ASCII delimiters, as `&str`.
fn utf8(b: &[u8]) -> &str {
    // Cut at ASCII bytes of a `&str`, so always on character boundaries.
    std::str::from_utf8(b).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    /// Every syntax message the parser gives has its own Chinese wording (a Chinese reason for a
    /// JSON read as plain text carries no English sentence).
    #[test]
    fn every_syntax_message_is_said_in_chinese() {
        let source = include_str!("json.rs");
        let mut seen = 0;
        for piece in source.split("JsonError::Syntax(").skip(1) {
            let Some(quoted) = piece.strip_prefix("line, \"").or_else(|| piece.strip_prefix("*line, \"")) else {
                continue;
            };
            let Some((why, _)) = quoted.split_once("\")") else { continue };
            let why = why.replace("\\\\", "\\");
            assert_ne!(why_zh(&why), "语法错误", "{why} has no Chinese wording");
            seen += 1;
        }
        assert!(seen >= 9, "found only {seen} messages");
        assert_eq!(why_zh(END), "意外结束");
    }

    fn strings(s: &str) -> Vec<(String, String)> {
        let mut out = vec![];
        walk(s, 64, false, |j| {
            out.push((j.path, j.text));
            true
        })
        .unwrap();
        out
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn every_string_with_its_path() {
        let got = strings(
            r#"{"title": "\u673a\u5bc6\u2605\u0031\u5e74", "n": 3, "tags": ["a", {"密级": "秘密"}], "x y": null}"#,
        );
        let want = pairs(&[
            ("$.title", "title"),
            ("$.title", "机密★1年"),
            ("$.n", "n"),
            ("$.tags", "tags"),
            ("$.tags[0]", "a"),
            ("$.tags[1].密级", "密级"),
            ("$.tags[1].密级", "秘密"),
            ("$[\"x y\"]", "x y"),
        ]);
        assert_eq!(got, want);
    }

    #[test]
    fn escapes_surrogates_and_duplicates() {
        let got = strings(r#"{"a":"x\"\\\/\n\ud83d\ude00\ud800z","a":"second"} ["top", []] {}"#);
        assert_eq!(got[1].1, "x\"\\/\n😀\u{FFFD}z");
        assert_eq!(got[3], ("$.a".to_owned(), "second".to_owned()), "duplicate keys are both read");
        assert_eq!(got[4], ("$[0]".to_owned(), "top".to_owned()), "JSON Lines: a second document");
    }

    #[test]
    fn repeated_keys_are_read_once() {
        let mut sink = Collected::default();
        extract(br#"[{"a": "x"}, {"a": "y"}, {"b": "a"}]"#, &Limits::default(), &mut sink).unwrap();
        let got: Vec<(&str, &str)> =
            sink.segments.iter().map(|s| (s.location.field.as_deref().unwrap(), s.text.as_str())).collect();
        assert_eq!(got, vec![("$[0].a", "a"), ("$[0].a", "x"), ("$[1].a", "y"), ("$[2].b", "b"), ("$[2].b", "a")]);
    }

    #[test]
    fn long_paths_are_shortened() {
        let key = "键".repeat(100);
        let doc = format!(r#"{{"{key}": {{"{key}": ["x"]}}}}"#);
        let got = strings(&doc);
        let (path, text) = got.last().unwrap();
        assert_eq!(text, "x");
        assert!(path.len() <= MAX_PATH + 8 && path.starts_with("$.键") && path.ends_with("键[0]"), "{path}");
    }

    #[test]
    fn lines_are_counted() {
        let mut out = vec![];
        walk("{\n\"a\":\n\"b\"\n}", 8, false, |j| {
            out.push(j.line);
            true
        })
        .unwrap();
        assert_eq!(out, vec![2, 3]);
    }

    #[test]
    fn malformed_json_is_read_as_text() {
        let mut sink = Collected::default();
        extract(br#"{"a": "\u673a\u5bc6" oops"#, &Limits::default(), &mut sink).unwrap();
        assert!(sink.segments.iter().any(|s| s.location.part == "text"));
        let note = sink.coverage.iter().find(|c| c.part == PART).unwrap();
        assert!(note.needs_review, "undecoded escapes need review");

        let mut sink = Collected::default();
        extract(b"[1, 2", &Limits::default(), &mut sink).unwrap();
        assert!(!sink.coverage.iter().any(|c| c.needs_review));
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        let mut sink = Collected::default();
        let max = Limits::default().max_xml_depth as u64;
        match extract(deep.as_bytes(), &Limits::default(), &mut sink) {
            Err(ExtractError::LimitExceeded { kind: LimitKind::NestingDepth, limit, seen, part: Some(p), .. }) => {
                assert_eq!((limit, seen), (max, max + 1));
                assert!(p.ends_with(":1"), "the line is kept: {p}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn values_holding_html_are_read_as_their_pages_too() {
        let mut sink = Collected::default();
        let doc = r#"{"<b>k</b>": "x", "body": "<p>\u673a<\/p><p>\u5bc6&#9733;1\u5e74</p>", "n": "a < b"}"#;
        extract(doc.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let pages: Vec<_> = sink.segments.iter().filter(|s| s.location.part != PART).collect();
        assert!(pages.iter().all(|s| s.location.part == "json $.body (HTML)"), "{pages:?}");
        assert!(pages.iter().any(|s| s.text.contains("机\n密★1年")), "{pages:?}");
        // The value as written is read too.
        assert!(sink.segments.iter().any(|s| s.location.part == PART && s.text.starts_with("<p>机</p>")));
        // The page adds no note that it was read: the file's own note says so.
        assert_eq!(sink.coverage.len(), 1, "{:?}", sink.coverage);
    }

    #[test]
    fn files_in_base64_are_handed_over_and_ids_are_not() {
        // "机密★1年" in UTF-8; a PDF; an id; random bytes; an ASCII sentence: each in base64.
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        let doc = concat!(
            r#"{"t": "5py65a+G4piFMeW5tA==", "f": "data:application/pdf;base64,JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK", "#,
            r#""id": "AbCdEfGhIjKlMnOpQrStUvWx", "h": "nwH+ABOIdxLuAgMEBaq7", "ascii": "anVzdCBhbiBhc2NpaSBzZW50ZW5jZQ=="}"#
        );
        let mut sink = Collected::default();
        extract(doc.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let members: Vec<_> = sink.members.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        assert_eq!(members, [("$.t (base64)", "机密★1年".as_bytes()), ("$.f (base64)", &pdf[..])]);
    }

    #[test]
    fn segments_carry_path_and_line() {
        let (gbk, _, _) = encoding_rs::GBK.encode("{\"标题\":\n \"机密★1年\"}");
        let mut sink = Collected::default();
        extract(&gbk, &Limits::default(), &mut sink).unwrap();
        let s = &sink.segments[1];
        assert_eq!(
            (s.text.as_str(), s.location.field.as_deref(), s.location.line),
            ("机密★1年", Some("$.标题"), Some(2))
        );
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_json(r#"{"a": 1}"#));
        assert!(looks_like_json("[\n  {\"a\": \"很长的"));
        assert!(looks_like_json("\u{feff}[]"));
        assert!(!looks_like_json("[1] 参考文献"));
        assert!(!looks_like_json("{机密}"));
        assert!(!looks_like_json("[公告] 关于"));
        assert!(!looks_like_json("{"));
        assert!(!looks_like_json("正文"));
    }
}
