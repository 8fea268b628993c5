//! The test's own judge of what an application read: does any reading of these bytes show a
//! protected string?
//!
//! It is deliberately independent of mijian (no mijian code runs here) and deliberately greedy:
//! a site or a library downstream of the application may decode more than PHP or Django did, so
//! every value is also read as UTF-8, GBK and UTF-16, as rendered HTML or XML (tags and comments
//! dropped, CDATA kept, character references decoded), percent-, quoted-printable-, JSON-escape-
//! and base64-decoded (data: URLs too), gzip/zlib-inflated (and the stored brotli and zstd
//! streams the tests write), and, where it holds ZIP local headers anywhere (a DOCX, a
//! polyglot), entry by entry as every streaming and central-directory reader would. The
//! protected strings only ever appear in the test's payloads, so greed finds no false alarms on
//! the clean cases, and the direct runs (payloads sent to the applications without mijian) prove
//! that each payload is seen.

use std::io::Read;

/// What a payload hides: the two marks and the dictionary term (block), and the work-secret term
/// (review under the test dictionary).
pub const BLOCKED: [&str; 3] = ["绝密★启用前", "机密★1年", "紫电计划"];
pub const REVIEWED: &str = "青龙工程";

/// How deep decodings may nest (base64 in JSON in a ZIP...).
const DEPTH: usize = 5;
/// Inflating stops here: the oracle reads test payloads, not bombs.
const MAX_INFLATE: u64 = 16 << 20;

/// A protected string found, and the chain of readings that showed it.
#[derive(Debug, Clone)]
pub struct Reveal {
    pub found: &'static str,
    pub reading: String,
}

/// The first protected string any reading of `bytes` shows.
pub fn reveal(bytes: &[u8]) -> Option<Reveal> {
    let mut out = None;
    read_bytes(bytes, "bytes", 0, &mut out);
    out
}

fn read_bytes(bytes: &[u8], path: &str, depth: usize, out: &mut Option<Reveal>) {
    if out.is_some() || depth > DEPTH || bytes.is_empty() {
        return;
    }
    let utf8 = String::from_utf8_lossy(bytes);
    read_text(&utf8, &format!("{path}>utf8"), depth, out);
    let (gbk, _) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    if gbk != utf8 {
        check(&gbk, &format!("{path}>gbk"), out);
        check(&render_html(&gbk), &format!("{path}>gbk>html"), out);
    }
    // UTF-16 (Python's json.loads detects it with or without a BOM).
    if bytes.len() >= 4 && bytes.iter().filter(|b| **b == 0).count() * 4 >= bytes.len()
        || bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
    {
        for (name, enc) in [("utf16le", encoding_rs::UTF_16LE), ("utf16be", encoding_rs::UTF_16BE)] {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            read_text(&text, &format!("{path}>{name}"), depth + 1, out);
        }
    } else if bytes.len() >= 4 && bytes.len().is_multiple_of(2) {
        // CJK text in UTF-16 has no NUL bytes: look, without decoding further.
        check(&encoding_rs::UTF_16LE.decode_without_bom_handling(bytes).0, &format!("{path}>utf16le"), out);
        check(&encoding_rs::UTF_16BE.decode_without_bom_handling(bytes).0, &format!("{path}>utf16be"), out);
    }
    for (name, inner) in inflate(bytes) {
        read_bytes(&inner, &format!("{path}>{name}"), depth + 1, out);
    }
    for (name, inner) in zip_entries(bytes) {
        check(&name, &format!("{path}>zip-entry-name"), out);
        read_bytes(&inner, &format!("{path}>zip:{name}"), depth + 1, out);
    }
    if let Some(inner) = crate::differential::encode::unzstd_raw(bytes) {
        read_bytes(&inner, &format!("{path}>zstd"), depth + 1, out);
    }
    if let Some(inner) = crate::differential::encode::unbrotli_stored(bytes) {
        read_bytes(&inner, &format!("{path}>br"), depth + 1, out);
    }
}

fn read_text(text: &str, path: &str, depth: usize, out: &mut Option<Reveal>) {
    check(text, path, out);
    check(&render_html(text), &format!("{path}>html"), out);
    if depth >= DEPTH {
        return;
    }
    if text.contains('\\') {
        let unescaped = json_unescape(text);
        if unescaped != text {
            read_text(&unescaped, &format!("{path}>json-escapes"), depth + 1, out);
        }
    }
    for (name, decoded) in [("percent", percent_decode(text)), ("qp", qp_decode(text))] {
        if decoded != text.as_bytes() {
            read_bytes(&decoded, &format!("{path}>{name}"), depth + 1, out);
        }
    }
    for run in base64_runs(text) {
        if let Some(inner) = crate::differential::encode::unbase64(&run).filter(|b| b.len() >= 4) {
            read_bytes(&inner, &format!("{path}>base64"), depth + 1, out);
        }
    }
}

/// Looks for the protected strings once whitespace and invisible characters are gone (spacing
/// is the oldest evasion, and `+` in a form is a space).
fn check(text: &str, path: &str, out: &mut Option<Reveal>) {
    if out.is_some() {
        return;
    }
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'))
        .collect();
    for found in BLOCKED.into_iter().chain([REVIEWED]) {
        if squeezed.contains(found) {
            *out = Some(Reveal { found, reading: path.to_string() });
            return;
        }
    }
}

/// The text a browser shows for an HTML fragment (or an XML parser for XML): comments and tags
/// dropped, CDATA kept, character references decoded (with or without their `;`).
pub fn render_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            out.push_str(&after[..end]);
            rest = after.get(end + 3..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
        } else if rest.starts_with('<') {
            match rest.find('>') {
                Some(j) => rest = &rest[j + 1..],
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else {
            let (c, used) = entity(rest);
            match c {
                Some(c) => out.push(c),
                None => out.push('&'),
            }
            rest = &rest[used.max(1)..];
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the character reference at the start of `s` (which starts with `&`).
fn entity(s: &str) -> (Option<char>, usize) {
    let body = &s[1..];
    let end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).unwrap_or(body.len());
    let name = &body[..end];
    let used = 1 + end + usize::from(body[end..].starts_with(';'));
    let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
    } else if let Some(num) = name.strip_prefix('#') {
        num.parse::<u32>().ok().and_then(char::from_u32)
    } else {
        match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "shy" => Some('\u{ad}'),
            "ZeroWidthSpace" => Some('\u{200b}'),
            "zwnj" => Some('\u{200c}'),
            "zwj" => Some('\u{200d}'),
            "bigstar" | "starf" => Some('★'),
            "star" => Some('☆'),
            _ => None,
        }
    };
    (c, used)
}

/// JSON string escapes decoded (`\uXXXX` with surrogate pairs joined, `\"`, `\\`, `\n`…);
/// anything else kept as it is.
fn json_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut units: Vec<u16> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'u') {
            let hex: String = chars.clone().skip(1).take(4).collect();
            if let (4, Ok(u)) = (hex.len(), u16::from_str_radix(&hex, 16)) {
                units.push(u);
                (0..5).for_each(|_| {
                    chars.next();
                });
                continue;
            }
        }
        if !units.is_empty() {
            out.push_str(&String::from_utf16_lossy(&units));
            units.clear();
        }
        if c == '\\' {
            match chars.peek().copied() {
                Some(e @ ('"' | '\\' | '/')) => {
                    out.push(e);
                    chars.next();
                    continue;
                }
                Some('n') | Some('r') | Some('t') => {
                    out.push('\n');
                    chars.next();
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out.push_str(&String::from_utf16_lossy(&units));
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-decoding as forms do (`+` is a space).
pub fn percent_decode(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Quoted-printable decoding (`=HH`, soft line breaks).
pub fn qp_decode(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b[i + 1..].starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            if b[i + 1..].starts_with(b"\n") {
                i += 2;
                continue;
            }
            if i + 2 < b.len() {
                if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Text that may be base64: every run of base64 characters on a line (a JSON string, a data:
/// URL's payload), and every block of consecutive lines made only of the standard alphabet (a
/// MIME body wrapped at 76 columns).
fn base64_runs(text: &str) -> Vec<String> {
    let standard = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
    let any = |c: char| standard(c) || matches!(c, '-' | '_');
    let mut runs = Vec::new();
    let mut block = String::new();
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        if !line.is_empty() && line.chars().all(standard) {
            block.push_str(line);
            continue;
        }
        if block.len() >= 12 {
            runs.push(std::mem::take(&mut block));
        }
        block.clear();
        runs.extend(line.split(|c: char| !any(c)).filter(|r| r.len() >= 12).map(String::from));
    }
    if block.len() >= 12 {
        runs.push(block);
    }
    runs
}

/// gzip or zlib streams at the start of `bytes`, inflated.
fn inflate(bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut take = |name: &'static str, r: &mut dyn Read| {
        let mut buf = Vec::new();
        if r.take(MAX_INFLATE).read_to_end(&mut buf).is_ok() && !buf.is_empty() {
            out.push((name, buf));
        }
    };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        take("gzip", &mut flate2::read::MultiGzDecoder::new(bytes));
    }
    if bytes.len() > 2 && bytes[0] == 0x78 && (u16::from(bytes[0]) << 8 | u16::from(bytes[1])) % 31 == 0 {
        take("zlib", &mut flate2::read::ZlibDecoder::new(bytes));
    }
    out
}

/// Every ZIP entry the bytes hold, read both ways: from each local header found anywhere (as
/// streaming readers and `cat a.zip b.zip` repair tools do) and through the central directory.
fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let signature = b"PK\x03\x04";
    let mut from = 0;
    while let Some(i) = bytes[from..].windows(4).position(|w| w == signature) {
        let at = from + i;
        let mut cursor = std::io::Cursor::new(&bytes[at..]);
        if let Ok(Some(mut f)) = zip::read::read_zipfile_from_stream(&mut cursor) {
            let name = f.name().to_string();
            let mut buf = Vec::new();
            if (&mut f).take(MAX_INFLATE).read_to_end(&mut buf).is_ok() {
                out.push((name, buf));
            }
        }
        from = at + 4;
    }
    if let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        for i in 0..archive.len() {
            if let Ok(mut f) = archive.by_index(i) {
                let name = f.name().to_string();
                let mut buf = Vec::new();
                if (&mut f).take(MAX_INFLATE).read_to_end(&mut buf).is_ok() {
                    out.push((name, buf));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings() {
        assert!(reveal("绝&#23494;<b>★</b><!-- x -->启用前".as_bytes()).is_some());
        assert!(reveal(b"%E7%BB%9D%E5%AF%86%E2%98%85%E5%90%AF%E7%94%A8%E5%89%8D").is_some());
        assert!(reveal(br#"{"a":"\u7edd\u5bc6\u2605\u542f\u7528\u524d"}"#).is_some());
        assert!(reveal("加强保密工作，机密级载体不得寄递。".as_bytes()).is_none());
    }
}
