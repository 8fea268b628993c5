//! Backslash escapes in a text file, decoded: the text the program that reads the file shows.
//!
//! Source and configuration files spell characters as escapes: a Java `.properties` file or a
//! YAML or JavaScript string writes `\u673a\u5bc6` for 机密 (Java's tools escape every non-ASCII
//! character), ES6 and Rust write `\u{673a}`, C and Python byte strings write its UTF-8 bytes as
//! `\xe6\x9c\xba`. Read as characters, none of them says 机密. So every line holding such an
//! escape is read a second time with its escapes decoded; consecutive such lines are one reading,
//! so a mark and its period on two lines stay together. A line is decoded only if an escape turns
//! into a character outside ASCII: `C:\users\x1` and `\n` are left alone.

/// The part name of the decoded readings.
pub(crate) const PART: &str = "text (escapes decoded)";

/// The runs of consecutive lines of `text` whose escapes decode to characters outside ASCII:
/// (first line, counted from 1; the decoded lines joined by `\n`).
pub(crate) fn readings(text: &str) -> Vec<(u32, String)> {
    let mut runs: Vec<(u32, String)> = Vec::new();
    let mut last = 0u32;
    if !may_hold(text.as_bytes()) {
        return runs;
    }
    for (i, line) in text.split('\n').enumerate() {
        let number = i as u32 + 1;
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
/// then a hex digit or `{`. Cheap, for a text read a block at a time.
pub(crate) fn may_hold(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\\', bytes).any(|i| {
        matches!(bytes.get(i + 1), Some(b'u' | b'U' | b'x'))
            && bytes.get(i + 2).is_none_or(|b| b.is_ascii_hexdigit() || *b == b'{')
    })
}

/// `line` with its escapes decoded, if one of them gave a character outside ASCII.
fn decode_line(line: &str) -> Option<String> {
    if !line.contains('\\') {
        return None;
    }
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
    wide.then_some(out)
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
    fn lines_without_a_wide_character_are_left_alone() {
        for line in
            [r"C:\users\x1\new", r"\u0041\x41", r"\ud842 alone", r"\u{110000}", r"\xe6\x9c", "机密★1年", r"\u{}"]
        {
            assert_eq!(decode_line(line), None, "{line}");
        }
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
