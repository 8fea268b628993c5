//! The built-in encoding of a Type 1 font program (`/FontFile`): which glyph name each code
//! draws when the PDF names no encoding of its own.
//!
//! A Type 1 program begins with a cleartext PostScript part, then `currentfile eexec` and the
//! encrypted glyphs. The encoding is in the cleartext, either `/Encoding StandardEncoding def`
//! (nothing beyond the standard Latin encoding) or an array filled by lines of
//! `dup <code> /<glyph name> put`. Only those tokens are read, up to the `def` that ends the
//! array, within the cleartext and at most 256 entries: no PostScript is run.

/// Longest cleartext part searched for the encoding.
const MAX_CLEARTEXT: usize = 64 * 1024;

/// Code → glyph name of the program's own encoding; `None` for `StandardEncoding` or a program
/// without one.
pub(super) fn encoding(font: &[u8]) -> Option<Vec<(u8, &str)>> {
    // A PFB segment header (0x80 0x01 and a length) before the cleartext.
    let font = if font.starts_with(&[0x80, 0x01]) { font.get(6..)? } else { font };
    let cleartext = &font[..font.len().min(MAX_CLEARTEXT)];
    let cleartext = match memchr::memmem::find(cleartext, b"eexec") {
        Some(end) => &cleartext[..end],
        None => cleartext,
    };
    let at = memchr::memmem::find(cleartext, b"/Encoding")? + b"/Encoding".len();
    let mut tokens = cleartext[at..]
        .split(|b| b.is_ascii_whitespace() || matches!(b, b'{' | b'}' | b'[' | b']'))
        .filter(|t| !t.is_empty());
    if tokens.clone().next() == Some(b"StandardEncoding") {
        return None;
    }
    let mut out = Vec::new();
    let mut last: [&[u8]; 3] = [b"", b"", b""];
    for token in tokens.by_ref() {
        match token {
            b"def" => break,
            b"put" => {
                if let [b"dup", code, name] = last {
                    let code = std::str::from_utf8(code).ok().and_then(|c| c.parse::<u8>().ok());
                    let name = name.strip_prefix(b"/").and_then(|n| std::str::from_utf8(n).ok());
                    if let (Some(code), Some(name)) = (code, name) {
                        out.push((code, name));
                    }
                }
                if out.len() >= 256 {
                    break;
                }
            }
            _ => {}
        }
        last = [last[1], last[2], token];
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_codes_a_custom_encoding_puts() {
        let font = b"%!PS-AdobeFont-1.0: Test 001.000\n/FontName /Test def\n/Encoding 256 array\n\
            0 1 255 {1 index exch /.notdef put} for\ndup 65 /uni673A put\ndup 66 /uni5BC6 put\n\
            readonly def\ncurrentfile eexec\n\xd9\xd6dup 67 /uni7532 put";
        assert_eq!(encoding(font), Some(vec![(65, "uni673A"), (66, "uni5BC6")]));
    }

    #[test]
    fn the_standard_encoding_or_none_is_nothing() {
        assert_eq!(encoding(b"%!FontType1-1.0: Test\n/Encoding StandardEncoding def\ncurrentfile eexec"), None);
        assert_eq!(encoding(b"%!FontType1-1.0: Test\ncurrentfile eexec dup 65 /A put"), None);
        // Codes that are no byte, and a cut file, are left out.
        assert_eq!(encoding(b"/Encoding 256 array dup 300 /A put dup 66 /B put dup 67"), Some(vec![(66, "B")]));
    }
}
