//! What a JavaScript program shows without being run: the HTML it writes into a page with
//! `document.write(…)` and `document.writeln(…)`, and its other string literals (an HTML page's
//! scripts, a PDF's actions and document scripts).
//!
//! `<script>document.write("\u673a\u5bc6" + '★1年')</script>` shows `机密★1年` where the script
//! stands. No script is executed: the string literals among the call's arguments (single,
//! double or back quotes; concatenated with `+` or passed as several arguments) are joined in
//! order, with JavaScript escapes decoded (`\uXXXX`, `\u{X…}`, `\xXX`, `\n`…, a line
//! continuation), and `writeln` adds a line break. A literal passed through `unescape`,
//! `decodeURIComponent` or `decodeURI` (a common way to hide markup from a filter) is decoded as
//! that function would (at most [`MAX_DECODERS`] deep). Anything else among the arguments (a
//! variable, a call) cannot be known and adds nothing; a template literal's `${…}` parts likewise,
//! but for a part that is one quoted literal (`${"★"}`), read as its value.
//!
//! `String.fromCharCode(26426, 23494)` and `String.fromCodePoint(…)` with number literals are
//! read as the string they make, wherever a string literal is.
//!
//! Linear: the script is walked once; comments and other strings are skipped so that a
//! `document.write` inside them is not taken for a call. Comments are read as text of the
//! script like its literals: they are in the published file for anyone who opens its source.

/// Literals inside more brackets than this are not read as written (bounds the work per literal).
const MAX_DECODERS: usize = 8;

/// The HTML written by the `document.write`/`writeln` calls of `script`, in order.
pub(crate) fn written_html(script: &str) -> String {
    let mut out = String::new();
    walk(
        script,
        |_| {},
        |html, newline| {
            out.push_str(&html);
            if newline {
                out.push('\n');
            }
        },
    );
    out
}

/// Every other string literal of `script`, escapes decoded, and its comments, in order, the
/// empty ones left out: text the page's source carries whether or not a script ever shows it
/// (`el.innerHTML = '…'`, a message, a framework's data, a note left in a comment). The
/// arguments of `document.write`/`writeln` calls are left to [`written_html`], which reads them
/// where they are written. Never longer than `script`, but for the characters a
/// `fromCharCode` call makes.
pub(crate) fn string_literals(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk(
        script,
        |text| {
            if !text.trim().is_empty() {
                out.push(text);
            }
        },
        |_, _| {},
    );
    out
}

/// One pass over `script`, skipping comments: each string literal outside a
/// `document.write`/`writeln` call goes to `on_literal`, and the HTML each call writes, with
/// whether it is `writeln`, to `on_write`.
fn walk(script: &str, mut on_literal: impl FnMut(String), mut on_write: impl FnMut(String, bool)) {
    let bytes = script.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => {
                let (text, end) = literal(script, i);
                on_literal(text);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |p| i + p);
                on_literal(script[i + 2..end].to_owned());
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let close = memchr::memmem::find(&bytes[i + 2..], b"*/").map(|p| i + 2 + p);
                on_literal(script[i + 2..close.unwrap_or(bytes.len())].to_owned());
                i = close.map_or(bytes.len(), |c| c + 2);
            }
            b'(' if char_code_call(&bytes[..i]) => match char_codes(bytes, i + 1) {
                Some((text, end)) => {
                    on_literal(text);
                    i = end;
                }
                None => i += 1,
            },
            b'd' if bytes[i..].starts_with(b"document") && !ident_byte(i.checked_sub(1).map(|p| bytes[p])) => {
                i += "document".len();
                let Some((newline, after)) = write_call(bytes, i) else { continue };
                let (html, end) = arguments(script, after);
                on_write(html, newline);
                i = end;
            }
            _ => i += 1,
        }
    }
}

/// Whether `b` continues an identifier (so `mydocument` is not `document`).
fn ident_byte(b: Option<u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80)
}

/// After `document` at `at`: `.write(` or `.writeln(` (white space allowed around the dot and
/// before the parenthesis): whether it is `writeln`, and the index past `(`.
fn write_call(bytes: &[u8], at: usize) -> Option<(bool, usize)> {
    let skip = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let i = skip(at);
    let i = if bytes.get(i) == Some(&b'.') { skip(i + 1) } else { return None };
    let rest = &bytes[i..];
    let (newline, used) = if rest.starts_with(b"writeln") {
        (true, 7)
    } else if rest.starts_with(b"write") {
        (false, 5)
    } else {
        return None;
    };
    let i = skip(i + used);
    (bytes.get(i) == Some(&b'(')).then_some((newline, i + 1))
}

/// The string literals of a call's arguments starting at `from` joined, and the index past the
/// closing parenthesis. Literals inside `unescape(…)`, `decodeURIComponent(…)` or `decodeURI(…)`
/// are decoded and kept; literals inside any other call or bracket are not what is written.
fn arguments(script: &str, from: usize) -> (String, usize) {
    let bytes = script.as_bytes();
    let mut out = String::new();
    // For each open bracket: the decoding call it opens, or `None` for any other bracket.
    let mut open: Vec<Option<Decoder>> = Vec::new();
    let mut i = from;
    while i < bytes.len() {
        // A string: a literal, or a `fromCharCode` call of number literals.
        let string = match bytes[i] {
            b'"' | b'\'' | b'`' => Some(literal(script, i)),
            b'(' if char_code_call(&bytes[from..i]) => char_codes(bytes, i + 1),
            _ => None,
        };
        if let Some((mut text, end)) = string {
            if open.len() <= MAX_DECODERS && open.iter().all(Option::is_some) {
                for decoder in open.iter().rev().flatten() {
                    text = decoder.decode(&text);
                }
                out.push_str(&text);
            }
            i = end;
            continue;
        }
        match bytes[i] {
            b'(' => open.push(Decoder::before(&bytes[from..i])),
            b'[' | b'{' => open.push(None),
            b')' | b']' | b'}' if open.is_empty() => return (out, i + 1),
            b')' | b']' | b'}' => {
                open.pop();
            }
            b';' if open.is_empty() => return (out, i + 1),
            _ => {}
        }
        i += 1;
    }
    (out, bytes.len())
}

/// Whether the text before an opening parenthesis ends with the name of a function that makes
/// a string of character codes (`String.fromCharCode`, `String.fromCodePoint`).
fn char_code_call(before: &[u8]) -> bool {
    let before = before.trim_ascii_end();
    before.ends_with(b"fromCharCode") || before.ends_with(b"fromCodePoint")
}

/// The string a `fromCharCode(…)` call whose arguments start at `from` makes, and the index past
/// its closing parenthesis, when every argument is a number literal (decimal or `0x` hex);
/// anything else among them cannot be known.
fn char_codes(bytes: &[u8], from: usize) -> Option<(String, usize)> {
    let mut units: Vec<u16> = Vec::new();
    let mut i = from;
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) == Some(&b')') && units.is_empty() {
            return Some((String::new(), i + 1));
        }
        let (radix, start) = match bytes.get(i..i + 2) {
            Some(b"0x" | b"0X") => (16, i + 2),
            _ => (10, i),
        };
        let len = bytes[start.min(bytes.len())..].iter().take_while(|&&b| char::from(b).is_digit(radix)).count();
        // At most a code point's digits: a longer number is no character.
        let digits = std::str::from_utf8(bytes.get(start..start + len)?).ok().filter(|d| (1..=7).contains(&d.len()))?;
        let code = u32::from_str_radix(digits, radix).ok()?;
        match char::from_u32(code) {
            Some(c) if code > 0xFFFF => units.extend(c.encode_utf16(&mut [0; 2]).iter()),
            _ => units.push(u16::try_from(code).unwrap_or(0xFFFD)),
        }
        i = start + len;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b')') => return Some((String::from_utf16_lossy(&units), i + 1)),
            _ => return None,
        }
    }
}

/// A JavaScript function that turns percent escapes back into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decoder {
    /// `unescape`: `%uXXXX` is a UTF-16 code unit, `%XX` a Latin-1 character.
    Unescape,
    /// `decodeURIComponent`, `decodeURI`: `%XX` are UTF-8 bytes.
    Uri,
}

impl Decoder {
    /// The decoder whose name ends `before` (the text just before an opening parenthesis).
    fn before(before: &[u8]) -> Option<Decoder> {
        let before = before.trim_ascii_end();
        let name_start = before.iter().rposition(|&b| !ident_byte(Some(b))).map_or(0, |p| p + 1);
        match &before[name_start..] {
            b"unescape" => Some(Decoder::Unescape),
            b"decodeURIComponent" | b"decodeURI" => Some(Decoder::Uri),
            _ => None,
        }
    }

    fn decode(self, text: &str) -> String {
        if !text.contains('%') {
            return text.to_owned();
        }
        let bytes = text.as_bytes();
        let hex = |range: std::ops::Range<usize>| {
            bytes
                .get(range.clone())
                .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
                .and_then(|_| u32::from_str_radix(&text[range], 16).ok())
        };
        let mut units: Vec<u16> = Vec::new();
        let mut raw: Vec<u8> = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                if self == Decoder::Unescape && bytes.get(i + 1) == Some(&b'u') {
                    if let Some(unit) = hex(i + 2..i + 6) {
                        units.push(unit as u16);
                        i += 6;
                        continue;
                    }
                }
                if let Some(byte) = hex(i + 1..i + 3) {
                    match self {
                        Decoder::Unescape => units.push(byte as u16),
                        Decoder::Uri => raw.push(byte as u8),
                    }
                    i += 3;
                    continue;
                }
            }
            let c = text[i..].chars().next().expect("i is on a character boundary");
            match self {
                Decoder::Unescape => units.extend(c.encode_utf16(&mut [0; 2]).iter()),
                Decoder::Uri => raw.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
            i += c.len_utf8();
        }
        match self {
            Decoder::Unescape => String::from_utf16_lossy(&units),
            Decoder::Uri => String::from_utf8_lossy(&raw).into_owned(),
        }
    }
}

/// The value of the string literal whose quote is at `at`, and the index past it. A template
/// literal's `${…}` substitutions are left out, but for one quoted literal ([`substituted_literal`]).
fn literal(script: &str, at: usize) -> (String, usize) {
    let bytes = script.as_bytes();
    let quote = bytes[at];
    let mut out = String::new();
    let mut i = at + 1;
    let mut copied = i;
    while i < bytes.len() {
        match bytes[i] {
            b if b == quote => {
                out.push_str(&script[copied..i]);
                return (out, i + 1);
            }
            b'\n' if quote != b'`' => {
                // An unterminated string ends at the line (a syntax error to a browser).
                out.push_str(&script[copied..i]);
                return (out, i);
            }
            b'$' if quote == b'`' && bytes.get(i + 1) == Some(&b'{') => {
                out.push_str(&script[copied..i]);
                let end = substitution_end(bytes, i + 2);
                out.push_str(&substituted_literal(script, i + 2, end));
                i = end;
                copied = i;
            }
            b'\\' => {
                out.push_str(&script[copied..i]);
                let (c, used) = escape(&script[i + 1..]);
                out.extend(c);
                i += 1 + used;
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&script[copied.min(bytes.len())..]);
    (out, bytes.len())
}

/// The value of a template substitution `script[from..end]` (`end` past its `}`) that is one
/// quoted string literal (`${"★"}`: a way to cut a mark that costs nothing), else nothing: any
/// other expression cannot be known without running the script. Only `'` and `"` literals, so
/// that nested templates are never followed (no recursion on hostile nesting).
fn substituted_literal(script: &str, from: usize, end: usize) -> String {
    // The `}` is not there when the script ends inside the substitution.
    let close = if end > from && script.as_bytes().get(end - 1) == Some(&b'}') { end - 1 } else { end };
    let inner = script.get(from..close).unwrap_or("");
    let at = from + (inner.len() - inner.trim_start().len());
    if !inner.trim_start().starts_with(['"', '\'']) {
        return String::new();
    }
    let (value, past) = literal(script, at);
    if script.get(past.min(close)..close).is_some_and(|rest| rest.trim().is_empty()) && past <= close {
        value
    } else {
        String::new()
    }
}

/// The index past the `}` closing a template substitution whose content starts at `from`.
fn substitution_end(bytes: &[u8], from: usize) -> usize {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' if depth == 0 => return i + 1,
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The character of the escape after a `\` (none for a line continuation) and the bytes used.
fn escape(rest: &str) -> (Option<char>, usize) {
    let Some(c) = rest.chars().next() else { return (None, 0) };
    let hex = |digits: &str| u32::from_str_radix(digits, 16).ok().and_then(char::from_u32);
    // `Some(digits)` if `rest[range]` is all hex digits (so also on character boundaries).
    let hex_digits = |range: std::ops::Range<usize>| {
        rest.as_bytes().get(range.clone()).filter(|b| b.iter().all(u8::is_ascii_hexdigit)).map(|_| &rest[range])
    };
    match c {
        'n' => (Some('\n'), 1),
        't' => (Some('\t'), 1),
        'r' => (Some('\r'), 1),
        'b' => (Some('\u{8}'), 1),
        'f' => (Some('\u{c}'), 1),
        'v' => (Some('\u{b}'), 1),
        '0' if !rest[1..].starts_with(|d: char| d.is_ascii_digit()) => (Some('\0'), 1),
        'x' if hex_digits(1..3).is_some() => (hex(&rest[1..3]), 3),
        'u' if rest[1..].starts_with('{') => match rest[2..].find('}') {
            Some(len) if (1..=6).contains(&len) && rest[2..2 + len].bytes().all(|b| b.is_ascii_hexdigit()) => {
                (Some(hex(&rest[2..2 + len]).unwrap_or('\u{FFFD}')), 3 + len)
            }
            _ => (Some('u'), 1),
        },
        'u' if hex_digits(1..5).is_some() => {
            // A surrogate pair written as two escapes is one character.
            let high = u32::from_str_radix(&rest[1..5], 16).unwrap_or(0);
            if (0xD800..0xDC00).contains(&high) && rest[5..].starts_with("\\u") {
                if let Some(low) = hex_digits(7..11).and_then(|d| u32::from_str_radix(d, 16).ok()) {
                    if (0xDC00..0xE000).contains(&low) {
                        let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
                        return (c, 11);
                    }
                }
            }
            (Some(char::from_u32(high).unwrap_or('\u{FFFD}')), 5)
        }
        '\r' if rest[1..].starts_with('\n') => (None, 2),
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => (None, c.len_utf8()),
        other => (Some(other), other.len_utf8()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_of_write_calls_are_joined_and_decoded() {
        let script = r#"
            var x = "document.write('不是')"; // document.write('注释')
            /* document.write("注释") */
            document.write("<p>\u673a\u5bc6" + '\xe2\x98' + `★${level}1年`, "</p>");
            window.document . writeln ('<b>second</b>');
            mydocument.write("no");
            document.write(title, f("arg"), '尾');
        "#;
        assert_eq!(written_html(script), "<p>机密â\u{98}★1年</p><b>second</b>\n尾");
    }

    #[test]
    fn every_other_literal_is_kept_once() {
        let script = r#"
            var mark = "\u673a\u5bc6★1年"; // '注释'
            /* "注释" */
            el.innerHTML = '<p>' + `正文${x}` + "";
            document.write("写出的", '不再重复');
            mydocument.write("属于别的对象");
        "#;
        assert_eq!(
            string_literals(script),
            vec!["机密★1年", " '注释'", " \"注释\" ", "<p>", "正文", "属于别的对象"],
            "comments are text of the script's source too"
        );
        assert!(string_literals("'unterminated\n x = 1").iter().all(|l| l.len() <= 14));
    }

    #[test]
    fn percent_decoding_calls_are_undone() {
        assert_eq!(
            written_html("document.write(unescape('%u673A%u5BC6') + decodeURIComponent(\"%E2%98%85\") + f('no'));"),
            "机密★"
        );
        assert_eq!(written_html("document.write(unescape('%3Cp%3E%zz%u12') + '1年')"), "<p>%zz%u121年");
        assert_eq!(written_html("document.write(decodeURI('%E6%9C'))"), "\u{FFFD}");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            written_html(
                r"document.write('\u{673A}\uD83D\uDE00\x41\0\'a\
b\q')"
            ),
            "机😀A\0'abq"
        );
        assert_eq!(written_html(r"document.write('\u12\x4\u{}')"), "u12x4u{}");
    }

    #[test]
    fn strings_made_of_character_codes_are_read() {
        assert_eq!(
            written_html(
                "document.write(String.fromCharCode(26426, 0x5BC6,9733) + '1' + String.fromCodePoint(24180));"
            ),
            "机密★1年"
        );
        assert_eq!(string_literals("var m = String.fromCharCode(26426,23494);"), vec!["机密"]);
        // A variable among the codes: nothing can be known; a number too long is no character.
        assert_eq!(written_html("document.write(String.fromCharCode(a, 23494))"), "");
        assert!(string_literals("String.fromCharCode(99999999999)").is_empty());
        assert!(string_literals("String.fromCharCode(26426").is_empty());
    }

    #[test]
    fn a_template_part_that_is_one_quoted_literal_is_read() {
        assert_eq!(written_html("document.write(`机密${\"★\"}1年`)"), "机密★1年");
        assert_eq!(written_html("document.write(`机密${ '★' }1年`)"), "机密★1年");
        // Anything else is not known without running the script; an unterminated part ends.
        assert_eq!(written_html("document.write(`机密${star}1年`)"), "机密1年");
        assert_eq!(written_html("document.write(`机密${'★' + x}1年`)"), "机密1年");
        assert_eq!(string_literals("x = `机${'密'"), ["机密"]);
        assert_eq!(string_literals("x = `a${`${`b`}`}c`"), ["ac"], "nested templates are not followed");
    }

    #[test]
    fn hostile_scripts_end() {
        for s in [
            "document",
            "document.",
            "document.write",
            "document.write(",
            "document.write('",
            "document.write(`${",
            "document.write('\\",
            "document.write('\\u",
            "document.write('\\u{1234567}')",
            "\"",
            "/*",
            "document.write(`\\x4",
            "String.fromCharCode(",
            "document.write(String.fromCharCode(0x",
            "String.fromCodePoint(1114112)",
        ] {
            let _ = written_html(s);
        }
    }
}
