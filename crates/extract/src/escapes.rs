//! Backslash escapes in a text file, decoded: the text the program that reads the file shows.
//!
//! Source and configuration files spell characters as escapes: a Java `.properties` file or a
//! YAML or JavaScript string writes `\u673a\u5bc6` for 机密 (Java's tools escape every non-ASCII
//! character), ES6 and Rust write `\u{673a}`, C and Python byte strings write its UTF-8 bytes as
//! `\xe6\x9c\xba`. Read as characters, none of them says 机密. So every line holding such an
//! escape is read a second time with its escapes decoded; consecutive such lines are one reading,
//! so a mark and its period on two lines stay together. A line is decoded only if an escape turns
//! into a character outside ASCII: `C:\users\x1` and `\n` are left alone.

use std::borrow::Cow;

/// The part name of the decoded readings.
pub(crate) const PART: &str = "text (escapes decoded)";

/// The runs of consecutive lines of `text` whose escapes decode to characters outside ASCII:
/// (first line, counted from 1; the decoded lines joined by `\n`).
pub(crate) fn readings(text: &str) -> Vec<(u32, String)> {
    let mut runs: Vec<(u32, String)> = Vec::new();
    let mut last = 0u32;
    for (i, line) in crate::text::lines_at(text, candidates(text.as_bytes())) {
        let number = i + 1;
        let Some(decoded) = decode_line(line) else { continue };
        match runs.last_mut() {
            Some((_, run)) if last + 1 == number => {
                run.push('\n');
                run.push_str(&decoded);
            }
            _ => runs.push((number, decoded)),
        }
        last = number;
    }
    runs
}

/// Whether `bytes` may hold an escape that [`readings`] decodes: a backslash, `u`, `U` or `x`,
/// then a hex digit or `{`; `&#` or `&` and a letter (a character reference); `%` and the first
/// digit of a UTF-8 or GBK lead byte (`%E6`). Cheap: only lines of a text that may are looked at.
pub(crate) fn may_hold(bytes: &[u8]) -> bool {
    candidates(bytes).next().is_some()
}

/// Where in `bytes` an escape [`may_hold`] looks for may start.
fn candidates(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(b'\\', b'&', b'%', bytes).filter(|&i| match bytes[i] {
        b'\\' => {
            matches!(bytes.get(i + 1), Some(b'u' | b'U' | b'x'))
                && bytes.get(i + 2).is_none_or(|b| b.is_ascii_hexdigit() || *b == b'{')
        }
        b'&' => bytes.get(i + 1).is_none_or(|b| *b == b'#' || b.is_ascii_alphabetic()),
        _ => bytes.get(i + 1).is_none_or(|b| matches!(b, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')),
    })
}

/// `line` with its escapes decoded, if one of them gave a character outside ASCII: backslash
/// escapes, then character references (`&#26426;`, `&starf;`: Markdown and any text pasted into
/// a page show them as characters), then `%XX` runs (a URL's or a form's escaped text).
fn decode_line(line: &str) -> Option<String> {
    let mut text = match line.contains('\\') {
        true => backslashes(line, false),
        false => None,
    };
    type Decoder = fn(&str) -> Cow<'_, str>;
    let decoders: [(char, Decoder); 2] = [('&', crate::html::decode_references), ('%', crate::percent::decoded)];
    for (sign, decode) in decoders {
        let now = text.as_deref().unwrap_or(line);
        if now.contains(sign) {
            let decoded = decode(now);
            if wider(now, &decoded) {
                text = Some(decoded.into_owned());
            }
        }
    }
    text
}

/// Whether decoding `before` into `after` gave characters outside ASCII.
fn wider(before: &str, after: &str) -> bool {
    let count = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    after.len() != before.len() && count(after) > count(before)
}

/// The content of a quoted string of a program (without its quotes) as the program holds it:
/// every backslash escape decoded (`\n` a line break, `\t` a tab, `\"` a quote, `\u673a`,
/// `\xe6\x9c\xba` as UTF-8…), and a doubled quote (`''`, as SQL writes one) as one.
pub(crate) fn decode_string(content: &str) -> String {
    let undoubled = content.replace("''", "'").replace("\"\"", "\"");
    backslashes(&undoubled, true).unwrap_or(undoubled)
}

/// `line` with its backslash escapes decoded, if one of them gave a character outside ASCII
/// (`all`: every escape of a string, and the result whatever it gave; otherwise only `\u`,
/// `\U` and `\x`, the others left as written).
fn backslashes(line: &str, all: bool) -> Option<String> {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut wide = false;
    let mut i = 0;
    // Bytes of `\xHH` escapes not yet decoded, and the text they replace.
    let mut bytes: Vec<u8> = Vec::new();
    let mut written = String::new();
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') {
            if let Some(v) = hex(b, i + 2, 2) {
                bytes.push(v as u8);
                written.push_str(&line[i..i + 4]);
                i += 4;
                continue;
            }
        }
        flush_bytes(&mut bytes, &mut written, &mut out, &mut wide);
        if b[i] == b'\\' {
            if let Some((c, used)) = unicode_escape(b, i) {
                wide |= !c.is_ascii();
                out.push(c);
                i += used;
                continue;
            }
            if all {
                let (text, used) = control_escape(&line[i + 1..]);
                out.push_str(text);
                i += 1 + used;
                continue;
            }
            // `\\` stands for one backslash and starts no escape.
            if b.get(i + 1) == Some(&b'\\') {
                out.push_str("\\\\");
                i += 2;
                continue;
            }
        }
        let c = line[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8();
    }
    flush_bytes(&mut bytes, &mut written, &mut out, &mut wide);
    (wide || all).then_some(out)
}

/// What the escape after a backslash that is not `\u`, `\U` or `\x` stands for in a string, and
/// the bytes it used: a line break for `\n`, `\r` and `\r\n`, a tab, nothing for the other control
/// characters, the character itself otherwise (`\"`, `\\`, `\/`).
fn control_escape(rest: &str) -> (&str, usize) {
    match rest.as_bytes() {
        [b'r', b'\\', b'n', ..] => ("\n", 3),
        [b'n' | b'r', ..] => ("\n", 1),
        [b't', ..] => ("\t", 1),
        [b'0' | b'a' | b'b' | b'f' | b'v' | b'Z', ..] => ("", 1),
        [] => ("", 0),
        _ => {
            let len = rest.chars().next().map_or(0, char::len_utf8);
            (&rest[..len], len)
        }
    }
}

/// Decodes a run of `\xHH` bytes: as UTF-8 if they are, holding a character outside ASCII;
/// otherwise as written.
fn flush_bytes(bytes: &mut Vec<u8>, written: &mut String, out: &mut String, wide: &mut bool) {
    if bytes.is_empty() {
        return;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.is_ascii() => {
            out.push_str(s);
            *wide = true;
        }
        _ => out.push_str(written),
    }
    bytes.clear();
    written.clear();
}

/// The character of the `\u` or `\U` escape at `at`, and its length in bytes: `\uXXXX` (a
/// surrogate pair as two), `\u{X…}` (one to six digits), `\UXXXXXXXX`.
fn unicode_escape(b: &[u8], at: usize) -> Option<(char, usize)> {
    match b.get(at + 1)? {
        b'u' if b.get(at + 2) == Some(&b'{') => {
            let digits = b[at + 3..].iter().take(7).position(|&x| x == b'}')?;
            let v = hex(b, at + 3, digits).filter(|_| digits >= 1)?;
            Some((char::from_u32(v)?, digits + 4))
        }
        b'u' => {
            let v = hex(b, at + 2, 4)?;
            if (0xD800..0xDC00).contains(&v) && b.get(at + 6) == Some(&b'\\') && b.get(at + 7) == Some(&b'u') {
                let low = hex(b, at + 8, 4).filter(|low| (0xDC00..0xE000).contains(low))?;
                let c = char::from_u32(0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00))?;
                return Some((c, 12));
            }
            Some((char::from_u32(v)?, 6))
        }
        b'U' => Some((char::from_u32(hex(b, at + 2, 8)?)?, 10)),
        _ => None,
    }
}

/// The value of the `len` hex digits at `at`, if they are all hex digits.
fn hex(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let digits = b.get(at..at + len)?;
    digits.iter().try_fold(0u32, |v, &d| Some(v * 16 + (d as char).to_digit(16)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_escape_is_decoded() {
        let cases = [
            (r"level=\u673a\u5bc6\u2605\u0031\u5e74", "level=机密★1年"),
            (r#"var s = "\u{673a}\u{5bc6}";"#, r#"var s = "机密";"#),
            (r"\U0000673a\U00005bc6", "机密"),
            (r#"b"\xe6\x9c\xba\xe5\xaf\x86\xe2\x98\x85""#, r#"b"机密★""#),
            (r"\ud842\udfb7", "𠮷"),
            // Mixed with escapes that stay as written.
            (r"a\tb \u673a \\u5bc6 \x41", r"a\tb 机 \\u5bc6 \x41"),
        ];
        for (line, decoded) in cases {
            assert_eq!(decode_line(line).as_deref(), Some(decoded), "{line}");
        }
    }

    #[test]
    fn character_references_and_percent_runs_are_decoded() {
        let cases = [
            ("&#26426;&#23494;&#9733;1&#24180;", "机密★1年"),
            ("&#x673a;&#x5BC6;&starf;1年 &amp; more", "机密★1年 & more"),
            ("q=%E6%9C%BA%E5%AF%86%E2%98%85%31%E5%B9%B4", "q=机密★1年"),
            ("%BB%FA%C3%DC", "机密"),
            (r"\u673a&#23494;%E2%98%85", "机密★"),
            // Characters written as themselves stay as they are beside GBK escapes.
            ("机密文件见 q=%BB%FA%C3%DC", "机密文件见 q=机密"),
        ];
        for (line, decoded) in cases {
            assert_eq!(decode_line(line).as_deref(), Some(decoded), "{line}");
        }
        for line in ["a &amp; b", "100% sure", "&#65;&#x42;", "%41%42", "50%的人", "%FF%FE"] {
            assert_eq!(decode_line(line), None, "{line}");
        }
        assert!(may_hold(b"x &#26426;") && may_hold(b"&starf;") && may_hold(b"%E6"));
        assert!(!may_hold("50%的人 & 3".as_bytes()));
    }

    #[test]
    fn a_string_of_a_program_is_decoded_whole() {
        let cases = [
            (r"机密★1年\n关于", "机密★1年\n关于"),
            (r"a\r\nb\rc\td", "a\nb\nc\td"),
            (r#"it''s \"q\" \\ \/ \u673a \xe6\x9c\xba"#, "it's \"q\" \\ / 机 机"),
            (r"\0\Z\b", ""),
            ("trailing \\", "trailing "),
        ];
        for (content, decoded) in cases {
            assert_eq!(decode_string(content), decoded, "{content}");
        }
    }

    #[test]
    fn lines_without_a_wide_character_are_left_alone() {
        for line in
            [r"C:\users\x1\new", r"\u0041\x41", r"\ud842 alone", r"\u{110000}", r"\xe6\x9c", "机密★1年", r"\u{}"]
        {
            assert_eq!(decode_line(line), None, "{line}");
        }
    }

    #[test]
    fn the_decoded_lines_are_never_longer_than_the_text() {
        // The input the `text` fuzz target failed on: bytes that are neither UTF-8 nor GBK, read
        // with U+FFFD for them, and `%BC` beside those. The `%` runs were decoded with the whole
        // line's bytes, U+FFFD's three bytes read as GBK: 133 characters from 125.
        let mut bytes =
            b"Re\xe1\xb1+%%\nRe\xe1\xb1+%%\n\n\xb1\x9c\xe1\xb1%BCc7sBe\n\x0c`\ng\n\xb1\x9c\xe1\xb1%BCc".to_vec();
        bytes.extend([0xff; 74]);
        bytes.extend(b"\x9f\x8c\xbd\x9a\n\x0c`\nge\n\x0c");
        let text = crate::text::decode(&bytes).text;
        let decoded: usize = readings(&text).iter().map(|(_, t)| t.chars().count()).sum();
        assert!(decoded <= text.chars().count(), "{decoded} characters decoded of {}", text.chars().count());
    }

    #[test]
    fn consecutive_lines_are_one_reading() {
        let text = "a\n\\u673a\\u5bc6\n\\u2605 1\\u5e74\nplain\n\\u901a\\u77e5\n";
        assert_eq!(readings(text), [(2, "机密\n★ 1年".to_string()), (5, "通知".to_string())]);
        assert!(readings("no escapes at all\n").is_empty());
    }

    #[test]
    fn the_cheap_test_sees_every_escape_decoded() {
        assert!(may_hold(br"x\u6"));
        assert!(may_hold(br"x\u{6"));
        assert!(may_hold(br"x\U0"));
        assert!(may_hold(br"x\xe6"));
        assert!(may_hold(br"ends with \u"));
        assert!(!may_hold(br"C:\users\new \n \t"));
    }
}
