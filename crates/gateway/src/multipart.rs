//! `multipart/form-data`, read one way or refused.
//!
//! Proxy mode forwards the body byte for byte, so what it scanned must be exactly what the
//! application's parser will read: PHP, Django/Werkzeug, Node (busboy), Go's `mime/multipart`
//! and Java's commons-fileupload all differ on the edges of RFC 7578 / RFC 2046. Rather than
//! re-serialise the body (which would change the bytes of a clean upload), this module is a
//! strict validator: it accepts only the framing on which those parsers agree, and refuses
//! (`ambiguous_body`) every body one of them could read differently. The decisions:
//!
//! | case | decision | why |
//! | --- | --- | --- |
//! | content before the first delimiter (a preamble), even one CRLF | refuse | some parsers read a part there, others skip it |
//! | anything after the close delimiter but one CRLF | refuse | parts after `--B--` are read by some parsers |
//! | `--B--` with or without the final CRLF | accept | every parser ends there |
//! | two `boundary` parameters, another parameter whose name contains `boundary`, or the word in another value | refuse | first vs last, substring search (PHP) |
//! | a boundary over 70 characters, empty, or outside RFC 2046's characters | refuse | truncated or rejected differently |
//! | an unquoted boundary with characters a token cannot hold | refuse | cut at `;`/`,`/`=` differently |
//! | a quoted boundary with a backslash | refuse | unescaped by some parsers only |
//! | `--B` inside a part anywhere but as a `CRLF--B(CRLF or --)` delimiter | refuse | lenient parsers split on `LF--B`, on `--B` after transport padding, or mid-line |
//! | a header line ended by a bare LF, or holding a bare CR | refuse | headers and body start differ |
//! | a folded header, space before the colon, a header without a colon | refuse | joined or dropped differently |
//! | a header given twice (case-insensitive), e.g. two `Content-Disposition` | refuse | first vs last |
//! | a disposition other than `form-data`, or without `name` | refuse | skipped by some parsers only |
//! | `name`, `filename` or `filename*` given twice; any other parameter (`filename*0`, `xname`) | refuse | first vs last, RFC 2231 continuations, substring search |
//! | `\"` inside a quoted parameter | refuse | the parameter ends at different places |
//! | `filename` and `filename*` disagreeing | accept, both names inspected | parsers prefer one or the other |
//! | header names in any letter case, spaces around values | accept | every parser folds case and trims |
//! | `Content-Transfer-Encoding` other than `7bit`, `8bit`, `binary` | refuse | Django and Go decode base64/quoted-printable, PHP does not |
//! | a part of type `multipart/*` (nested `multipart/mixed`) | refuse | read as a file by some, as parts by others |
//! | a part `Content-Length` that disagrees with the part | refuse | some parsers trust it |
//! | no close delimiter (a truncated body) | malformed (400) | PHP reads the parts before the cut |
//!
//! Header values may hold UTF-8 (browsers send file names so); bytes that are not UTF-8 are
//! kept as bytes and every reading of them is inspected (see [`Part::names`]).

use crate::error::RequestError;
use crate::refusal::{Ambiguity, MultipartFault};
use std::ops::Range;

/// The longest boundary RFC 2046 allows.
const MAX_BOUNDARY: usize = 70;
/// The longest header block of one part.
const MAX_PART_HEADERS: usize = 16 << 10;

/// One part of a validated body: where its content lies and what its headers say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The `name` parameter (the form field), as sent.
    pub name: Vec<u8>,
    /// The `filename` parameter, as sent.
    pub filename: Option<Vec<u8>>,
    /// The `filename*` parameter (RFC 5987 `charset'lang'percent-encoded`), as sent.
    pub filename_ext: Option<String>,
    /// The part's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// Where the content lies in the body.
    pub content: Range<usize>,
}

impl Part {
    /// Whether the part is a file (has a file name) rather than a field.
    pub fn is_file(&self) -> bool {
        self.filename.is_some() || self.filename_ext.is_some()
    }

    /// Every reading of the part's file names an application may show: `filename` as UTF-8 (or
    /// GB18030 when it is not UTF-8), also percent-decoded and with backslash escapes removed,
    /// and `filename*` decoded; each with its RFC 2047 encoded words decoded. Duplicates removed.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: String| {
            if !s.is_empty() && !out.contains(&s) {
                out.push(s);
            }
        };
        if let Some(f) = &self.filename {
            for text in crate::charset::readings_of(f, None) {
                push(percent_encoding::percent_decode_str(&text).decode_utf8_lossy().into_owned());
                push(text.replace('\\', ""));
                push(text);
            }
        }
        if let Some(ext) = &self.filename_ext {
            push(decode_ext_value(ext));
            push(ext.clone());
        }
        // RFC 2047 encoded words (`=?UTF-8?B?…?=`) decoded, first: the name an application shows.
        let decoded: Vec<String> = out.iter().filter_map(|n| crate::rfc2047::decode(n)).collect();
        for d in decoded.into_iter().rev() {
            out.retain(|n| *n != d);
            out.insert(0, d);
        }
        out
    }
}

/// Why a body is refused.
fn ambiguous(why: Ambiguity) -> RequestError {
    RequestError::Ambiguous(why)
}

/// The boundary of a `multipart/form-data` content type, checked as described in the module
/// documentation. `content_type` is the whole header value.
pub fn boundary(content_type: &str) -> Result<String, RequestError> {
    let (mime, params) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(RequestError::Multipart(MultipartFault::NotFormData));
    }
    // PHP finds the boundary by a substring search for `boundary` (case-sensitive first): the
    // word may stand in the boundary's own name and value (Chrome's `----WebKitFormBoundary…`),
    // and nowhere else.
    let mut found: Option<String> = None;
    for (name, value, quoted) in parameters(params)? {
        let lower = name.to_ascii_lowercase();
        if lower != "boundary" {
            if lower.contains("boundary") {
                return Err(ambiguous(Ambiguity::DecoyBoundaryName));
            }
            if value.to_ascii_lowercase().contains("boundary") {
                return Err(ambiguous(Ambiguity::BoundaryInOtherValue));
            }
            continue;
        }
        if name != "boundary" && value.contains("boundary") {
            return Err(ambiguous(Ambiguity::BoundaryInMiscasedValue));
        }
        if found.is_some() {
            return Err(ambiguous(Ambiguity::TwoBoundaries));
        }
        check_boundary(&value, quoted)?;
        found = Some(value);
    }
    found.ok_or(RequestError::Multipart(MultipartFault::NoBoundary))
}

fn check_boundary(b: &str, quoted: bool) -> Result<(), RequestError> {
    if b.is_empty() || b.len() > MAX_BOUNDARY {
        return Err(ambiguous(Ambiguity::BoundaryLength { len: b.len(), max: MAX_BOUNDARY }));
    }
    let bchar = |c: char| c.is_ascii_alphanumeric() || "'()+_,-./:=? ".contains(c);
    if !b.chars().all(bchar) || b.ends_with(' ') {
        return Err(ambiguous(Ambiguity::BoundaryCharacters));
    }
    let token_safe = |c: char| c.is_ascii_alphanumeric() || "'+_-.".contains(c);
    if !quoted && !b.chars().all(token_safe) {
        return Err(ambiguous(Ambiguity::BoundaryNeedsQuotes));
    }
    Ok(())
}

/// Splits `; a=b; c="d"` into `(name, value, quoted)`; a quoted value with a backslash before a
/// quote is refused (parsers end it at different places).
fn parameters(s: &str) -> Result<Vec<(String, String, bool)>, RequestError> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        rest = rest.trim_start_matches([';', ' ', '\t']);
        if rest.is_empty() {
            break;
        }
        let eq = rest.find('=').ok_or_else(|| ambiguous(Ambiguity::ParameterWithoutValue))?;
        let name = rest[..eq].trim();
        if name.is_empty() || name.contains([';', '"', ' ', '\t', ',']) {
            return Err(ambiguous(Ambiguity::ParameterName));
        }
        let after = rest[eq + 1..].trim_start();
        let (value, quoted, tail) = if let Some(q) = after.strip_prefix('"') {
            let end = q.find('"').ok_or_else(|| ambiguous(Ambiguity::UnterminatedQuote))?;
            let value = &q[..end];
            if value.ends_with('\\') {
                return Err(ambiguous(Ambiguity::EscapedQuote));
            }
            (value.to_string(), true, &q[end + 1..])
        } else {
            let end = after.find(';').unwrap_or(after.len());
            let value = after[..end].trim();
            if value.contains('"') {
                return Err(ambiguous(Ambiguity::StrayQuote));
            }
            (value.to_string(), false, &after[end..])
        };
        let tail_trim = tail.trim_start_matches([' ', '\t']);
        if !tail_trim.is_empty() && !tail_trim.starts_with(';') {
            return Err(ambiguous(Ambiguity::TextAfterValue));
        }
        out.push((name.to_string(), value, quoted));
        rest = tail_trim;
    }
    Ok(out)
}

/// Validates a whole body and returns its parts, at most `max_parts` of them.
pub fn parse(content_type: &str, body: &[u8], max_parts: usize) -> Result<Vec<Part>, RequestError> {
    let boundary = boundary(content_type)?;
    let dash_boundary = format!("--{boundary}").into_bytes();
    if !body.starts_with(&dash_boundary) {
        return Err(ambiguous(Ambiguity::BeforeFirstBoundary));
    }
    // Every place the boundary text occurs must be a delimiter: a lenient parser splits there.
    let mut occurrences = memchr::memmem::find_iter(body, &dash_boundary).peekable();
    let mut parts = Vec::new();
    let mut at = 0usize; // at a `--B`
    loop {
        if occurrences.peek() != Some(&at) {
            return Err(RequestError::Multipart(MultipartFault::OutOfStep));
        }
        occurrences.next();
        let after = at + dash_boundary.len();
        let rest = &body[after..];
        if rest.starts_with(b"--") {
            let tail = &rest[2..];
            if !(tail.is_empty() || tail == b"\r\n") {
                return Err(ambiguous(Ambiguity::AfterClosingBoundary));
            }
            break;
        }
        if !rest.starts_with(b"\r\n") {
            return Err(ambiguous(Ambiguity::BoundaryNotFollowed));
        }
        if parts.len() == max_parts {
            return Err(RequestError::TooManyParts(max_parts));
        }
        let headers_start = after + 2;
        let Some(next) = occurrences.peek().copied() else {
            return Err(RequestError::Multipart(MultipartFault::CutShort));
        };
        if next < headers_start + 2 || &body[next - 2..next] != b"\r\n" {
            return Err(ambiguous(Ambiguity::BoundaryInsidePart));
        }
        let n = parts.len() + 1;
        let part = parse_part(body, headers_start, next - 2).map_err(|e| match e {
            RequestError::Ambiguous(why) => RequestError::Ambiguous(why.in_part(n)),
            other => other,
        })?;
        parts.push(part);
        at = next;
    }
    if parts.is_empty() {
        return Err(RequestError::Multipart(MultipartFault::NoPart));
    }
    Ok(parts)
}

/// One part between `start` (after the delimiter's CRLF) and `end` (before the next CRLF--B).
fn parse_part(body: &[u8], start: usize, end: usize) -> Result<Part, RequestError> {
    let region = &body[start..end];
    // `--B\r\n\r\ncontent` has an empty header block (and is then refused for lacking a
    // Content-Disposition); otherwise the headers end at the first empty line.
    let (head, content_start) = if region.starts_with(b"\r\n") {
        (&region[..0], start + 2)
    } else {
        let h = memchr::memmem::find(region, b"\r\n\r\n").ok_or_else(|| ambiguous(Ambiguity::HeadersUnended))?;
        (&region[..h + 2], start + h + 4)
    };
    if head.len() > MAX_PART_HEADERS {
        return Err(ambiguous(Ambiguity::HeadersTooLong { max: MAX_PART_HEADERS }));
    }
    let mut seen: Vec<String> = Vec::new();
    let mut disposition = None;
    let mut content_type = None;
    let mut declared_length = None;
    let lines = head.strip_suffix(b"\n").map(|h| h.split(|&b| b == b'\n'));
    for line in lines.into_iter().flatten() {
        let Some(line) = line.strip_suffix(b"\r") else {
            return Err(ambiguous(Ambiguity::BareLf));
        };
        if line.contains(&b'\r') || line.contains(&0) {
            return Err(ambiguous(Ambiguity::BareCrOrNul));
        }
        if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            return Err(ambiguous(Ambiguity::FoldedHeader));
        }
        let colon = line.iter().position(|&b| b == b':').ok_or_else(|| ambiguous(Ambiguity::HeaderWithoutColon))?;
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b)) {
            return Err(ambiguous(Ambiguity::HeaderName));
        }
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if seen.contains(&name) {
            return Err(ambiguous(Ambiguity::HeaderTwice { header: known_header(&name) }));
        }
        seen.push(name.clone());
        let value = trim(&line[colon + 1..]);
        match name.as_str() {
            "content-disposition" => disposition = Some(value.to_vec()),
            "content-type" => {
                let v = std::str::from_utf8(value).map_err(|_| ambiguous(Ambiguity::PartTypeNotUtf8))?;
                if v.trim().to_ascii_lowercase().starts_with("multipart/") {
                    return Err(ambiguous(Ambiguity::NestedMultipart));
                }
                content_type = Some(v.to_string());
            }
            "content-transfer-encoding" => {
                let v = String::from_utf8_lossy(value).to_ascii_lowercase();
                if !matches!(v.as_str(), "7bit" | "8bit" | "binary") {
                    return Err(ambiguous(Ambiguity::TransferEncoding));
                }
            }
            "content-length" => {
                let n = std::str::from_utf8(value).ok().and_then(|v| v.parse::<usize>().ok());
                declared_length = Some(n.ok_or_else(|| ambiguous(Ambiguity::PartLengthMalformed))?);
            }
            _ => {}
        }
    }
    if declared_length.is_some_and(|n| n != end - content_start) {
        return Err(ambiguous(Ambiguity::PartLengthDisagrees));
    }
    let disposition = disposition.ok_or_else(|| ambiguous(Ambiguity::NoDisposition))?;
    let (name, filename, filename_ext) = disposition_params(&disposition)?;
    Ok(Part { name, filename, filename_ext, content_type, content: content_start..end })
}

/// A header name for a message: only the ones mijian knows (the others are the client's text).
fn known_header(name: &str) -> Option<&'static str> {
    ["content-disposition", "content-type", "content-transfer-encoding", "content-length"]
        .into_iter()
        .find(|known| *known == name)
}

fn trim(v: &[u8]) -> &[u8] {
    let s = v.iter().position(|b| !b" \t".contains(b)).unwrap_or(v.len());
    let e = v.iter().rposition(|b| !b" \t".contains(b)).map_or(s, |i| i + 1);
    &v[s..e.max(s)]
}

type Disposition = (Vec<u8>, Option<Vec<u8>>, Option<String>);

/// `form-data; name="…"; filename="…"; filename*=UTF-8''…`, on bytes (names may be UTF-8 or
/// not). Only these three parameters, each at most once, `name` required.
fn disposition_params(v: &[u8]) -> Result<Disposition, RequestError> {
    let semi = v.iter().position(|&b| b == b';').unwrap_or(v.len());
    if !trim(&v[..semi]).eq_ignore_ascii_case(b"form-data") {
        return Err(ambiguous(Ambiguity::DispositionNotFormData));
    }
    // Parameter names and structure are ASCII; values are kept as bytes. Mapping every byte
    // to a char keeps offsets and lets the ASCII parser run.
    let latin: String = v[semi..].iter().map(|&b| b as char).collect();
    let mut name = None;
    let mut filename = None;
    let mut filename_ext = None;
    for (key, value, _) in parameters(&latin)? {
        let bytes: Vec<u8> = value.chars().map(|c| c as u32 as u8).collect();
        let slot = match key.to_ascii_lowercase().as_str() {
            "name" => &mut name,
            "filename" => &mut filename,
            "filename*" => {
                if filename_ext.is_some() {
                    return Err(ambiguous(Ambiguity::FilenameExtTwice));
                }
                filename_ext = Some(String::from_utf8_lossy(&bytes).into_owned());
                continue;
            }
            _ => return Err(ambiguous(Ambiguity::DispositionParameter)),
        };
        if slot.is_some() {
            return Err(ambiguous(Ambiguity::DispositionParameterTwice));
        }
        *slot = Some(bytes);
    }
    let name = name.ok_or_else(|| ambiguous(Ambiguity::PartWithoutName))?;
    Ok((name, filename, filename_ext))
}

/// Decodes an RFC 5987 value (`UTF-8'lang'%E9%80%9A…`); other charsets through `encoding_rs`.
pub fn decode_ext_value(v: &str) -> String {
    let mut it = v.splitn(3, '\'');
    let (Some(charset), Some(_lang), Some(text)) = (it.next(), it.next(), it.next()) else {
        return percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned();
    };
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(text).collect();
    match encoding_rs::Encoding::for_label(charset.trim().as_bytes()) {
        Some(enc) => enc.decode_without_bom_handling(&bytes).0.into_owned(),
        None => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/form-data; boundary=XyZ";

    fn ok(body: &str) -> Vec<Part> {
        parse(CT, body.as_bytes(), 32).unwrap_or_else(|e| panic!("refused: {e}\n{body:?}"))
    }

    fn refused(ct: &str, body: &str) -> String {
        match parse(ct, body.as_bytes(), 32) {
            Err(RequestError::Ambiguous(why)) => why.to_string(),
            other => panic!("expected ambiguous_body for {body:?}, got {other:?}"),
        }
    }

    fn part(headers: &str, content: &str) -> String {
        format!("--XyZ\r\n{headers}\r\n\r\n{content}\r\n")
    }

    const FIELD: &str = "Content-Disposition: form-data; name=\"title\"";

    #[test]
    fn a_browser_body_is_read_part_by_part() {
        let body = format!(
            "{}{}--XyZ--\r\n",
            part(FIELD, "通知"),
            part("content-disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain", "hello")
        );
        let parts = ok(&body);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, b"title");
        assert_eq!(&body.as_bytes()[parts[0].content.clone()], "通知".as_bytes());
        assert_eq!(&body.as_bytes()[parts[1].content.clone()], b"hello");
        assert_eq!(parts[1].content_type.as_deref(), Some("text/plain"));
        assert!(parts[1].is_file() && !parts[0].is_file());
        // The final CRLF is optional: every parser stops at `--XyZ--`.
        assert_eq!(ok(&format!("{}--XyZ--", part(FIELD, "x"))).len(), 1);
        // An empty part content, and a quoted boundary.
        let quoted = "multipart/form-data; charset=utf-8; boundary=\"a b:c\"";
        let body = "--a b:c\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--a b:c--\r\n";
        assert_eq!(parse(quoted, body.as_bytes(), 32).unwrap()[0].content.len(), 0);
    }

    #[test]
    fn framing_outside_the_parts_is_refused() {
        let one = part(FIELD, "x");
        refused(CT, &format!("\r\n{one}--XyZ--\r\n"));
        refused(CT, &format!("preamble\r\n{one}--XyZ--\r\n"));
        refused(CT, &format!("{one}--XyZ--\r\n{}--XyZ--\r\n", part(FIELD, "hidden")));
        refused(CT, &format!("{one}--XyZ--\r\nepilogue"));
        refused(CT, &format!("{one}--XyZ--\r\n\r\n"));
        refused(CT, &format!("{one}--XyZ  \r\n{}--XyZ--\r\n", part(FIELD, "y")));
        assert!(matches!(parse(CT, one.as_bytes(), 32), Err(RequestError::Multipart(MultipartFault::CutShort))));
    }

    #[test]
    fn boundary_parameters_must_be_single_and_plain() {
        let body = format!("{}--XyZ--\r\n", part(FIELD, "x"));
        refused("multipart/form-data; boundary=XyZ; boundary=Other", &body);
        refused("multipart/form-data; xboundary=Other; boundary=XyZ", &body);
        refused("multipart/form-data; boundary=XyZ; boundary_x=1", &body);
        refused(&format!("multipart/form-data; boundary={}", "a".repeat(71)), &body);
        refused("multipart/form-data; boundary=", &body);
        refused("multipart/form-data; boundary=Xy:Z", &body);
        refused("multipart/form-data; boundary=\"Xy\\\"Z\"", &body);
        refused("multipart/form-data; boundary=XyZ junk", &body);
        refused("multipart/form-data; charset=\"boundary=Other\"; boundary=XyZ", &body);
        assert_eq!(boundary("Multipart/Form-Data; BOUNDARY=XyZ").unwrap(), "XyZ");
        let chrome = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";
        assert_eq!(boundary(chrome).unwrap(), "----WebKitFormBoundary7MA4YWxkTrZu0gW");
        assert!(matches!(boundary("multipart/form-data; BOUNDARY=xboundaryx"), Err(RequestError::Ambiguous(_))));
        assert_eq!(boundary(&format!("multipart/form-data; boundary={}", "a".repeat(70))).unwrap().len(), 70);
        assert!(matches!(boundary("multipart/mixed; boundary=XyZ"), Err(RequestError::Multipart(_))));
    }

    #[test]
    fn the_boundary_inside_a_part_is_refused_unless_it_is_a_delimiter() {
        refused(
            CT,
            &format!("{}--XyZ--\r\n", part(FIELD, "a\n--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nz")),
        );
        refused(CT, &format!("{}--XyZ--\r\n", part(FIELD, "text --XyZ text")));
        refused(CT, &format!("{}--XyZ--\r\n", part(FIELD, "a\r\n--XyZX")));
    }

    #[test]
    fn part_headers_are_refused_when_parsers_could_disagree() {
        let cases = [
            "Content-Disposition: form-data; name=\"a\"\nContent-Type: text/plain",
            "Content-Disposition: form-data;\r\n name=\"a\"",
            "Content-Disposition : form-data; name=\"a\"",
            "Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"",
            "Content-Disposition: form-data; name=\"a\"\r\ncontent-disposition: form-data; name=\"b\"",
            "Content-Disposition: form-data; name=\"a\"; name=\"b\"",
            "Content-Disposition: form-data; name=\"a\"; filename=\"x\"; filename=\"y\"",
            "Content-Disposition: form-data; name=\"a\"; filename*=UTF-8''x; filename*=UTF-8''y",
            "Content-Disposition: form-data; xname=\"b\"; name=\"a\"",
            "Content-Disposition: form-data; name=\"a\"; filename*0=\"x\"",
            "Content-Disposition: form-data; name=\"a\\\"; filename=\"x\"",
            "Content-Disposition: attachment; name=\"a\"",
            "Content-Disposition: form-data; filename=\"x\"",
            "Content-Type: text/plain",
            "Content-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: base64",
            "Content-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: quoted-printable",
            "Content-Disposition: form-data; name=\"a\"\r\nContent-Type: multipart/mixed; boundary=Inner",
            "Content-Disposition: form-data; name=\"a\"\r\nContent-Length: 99",
            "Content-Disposition: form-data; name=\"a\"\r\nX-Note: a\rb",
        ];
        for headers in cases {
            let why = refused(CT, &format!("{}--XyZ--\r\n", part(headers, "x")));
            assert!(!why.is_empty(), "{headers}");
        }
        // A bare LF ending the header block itself.
        refused(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\n\nx\r\n--XyZ--\r\n");
    }

    #[test]
    fn what_every_parser_reads_alike_is_accepted() {
        let h = "CONTENT-DISPOSITION:form-data;name=a;  filename=\"r\u{e9}sum\u{e9}.txt\"  \r\nContent-Transfer-Encoding: Binary\r\nContent-Length: 1\r\nX-Other: 1";
        let parts = ok(&format!("{}--XyZ--\r\n", part(h, "x")));
        assert_eq!(parts[0].name, b"a");
        assert_eq!(parts[0].names(), vec!["résumé.txt".to_string()]);
    }

    #[test]
    fn encoded_word_file_names_come_first_decoded() {
        let h = "Content-Disposition: form-data; name=\"f\"; filename=\"=?UTF-8?B?5py65a+G?=.txt\"";
        let parts = ok(&(part(h, "x") + "--XyZ--\r\n"));
        assert_eq!(parts[0].names(), ["机密.txt", "=?UTF-8?B?5py65a+G?=.txt"]);
    }

    #[test]
    fn both_file_names_are_read_when_they_disagree() {
        let h = "Content-Disposition: form-data; name=\"f\"; filename=\"clean.txt\"; filename*=UTF-8''%E6%9C%BA%E5%AF%86.txt";
        let parts = ok(&format!("{}--XyZ--\r\n", part(h, "x")));
        let names = parts[0].names();
        assert!(names.contains(&"clean.txt".to_string()) && names.contains(&"机密.txt".to_string()), "{names:?}");
        // A name in GBK (old clients) is read as GB18030 too; percent escapes are decoded.
        let gbk = encoding_rs::GBK.encode("机密.txt").0.into_owned();
        let p =
            Part { name: b"f".to_vec(), filename: Some(gbk), filename_ext: None, content_type: None, content: 0..0 };
        assert!(p.names().contains(&"机密.txt".to_string()), "{:?}", p.names());
        let p = Part { filename: Some(b"%E6%9C%BA\\x.txt".to_vec()), ..p };
        assert!(p.names().contains(&"机\\x.txt".to_string()) && p.names().contains(&"%E6%9C%BAx.txt".to_string()));
    }

    /// Mutations of a valid body (insertions, deletions and replacements of the bytes framing is
    /// made of): none panics, and whatever is accepted reads one way, checked by an oracle: every
    /// part's content is preceded by an empty line and followed by `CRLF--B`, no content holds
    /// `--B`, and the parts tile the body from the first delimiter to the last.
    #[test]
    fn mutated_bodies_are_refused_or_read_one_way() {
        let base = format!(
            "{}{}--XyZ--\r\n",
            part(FIELD, "text"),
            part("Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain", "x")
        )
        .into_bytes();
        let tokens: [&[u8]; 14] = [
            b"\r",
            b"\n",
            b"\r\n",
            b"--",
            b"XyZ",
            b"--XyZ",
            b";",
            b"\"",
            b" ",
            b"name=",
            b"\\",
            b":",
            b"\r\n\r\n",
            b"=?",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut accepted, mut refused) = (0, 0);
        for _ in 0..600 {
            let mut body = base.clone();
            for _ in 0..1 + next(3) {
                let at = next(body.len() + 1);
                let token = tokens[next(tokens.len())];
                match next(3) {
                    0 => body.splice(at..at, token.iter().copied()).for_each(drop),
                    1 => body.splice(at..(at + token.len()).min(body.len()), token.iter().copied()).for_each(drop),
                    _ => body.splice(at..(at + 1 + next(3)).min(body.len()), []).for_each(drop),
                }
            }
            match parse(CT, &body, 32) {
                Ok(parts) => {
                    accepted += 1;
                    let mut expected_start = 0;
                    for p in &parts {
                        let c = p.content.clone();
                        assert!(body[..c.start].ends_with(b"\r\n\r\n"), "{:?}", String::from_utf8_lossy(&body));
                        assert!(body[c.end..].starts_with(b"\r\n--XyZ"), "{:?}", String::from_utf8_lossy(&body));
                        assert!(memchr::memmem::find(&body[c.clone()], b"--XyZ").is_none());
                        let delimiter = &body[expected_start..];
                        assert!(delimiter.starts_with(b"--XyZ\r\n") || delimiter.starts_with(b"\r\n--XyZ\r\n"));
                        expected_start = c.end;
                    }
                    let tail = &body[expected_start..];
                    assert!(
                        tail == b"\r\n--XyZ--\r\n" || tail == b"\r\n--XyZ--",
                        "{:?}",
                        String::from_utf8_lossy(tail)
                    );
                }
                Err(RequestError::Ambiguous(_) | RequestError::Multipart(_)) => refused += 1,
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        assert!(accepted > 20 && refused > 100, "accepted {accepted}, refused {refused}");
    }

    #[test]
    fn too_many_parts_is_its_own_error() {
        let body = format!("{}{}--XyZ--\r\n", part(FIELD, "a"), part(FIELD.replace("title", "b").as_str(), "b"));
        assert!(matches!(parse(CT, body.as_bytes(), 1), Err(RequestError::TooManyParts(1))));
    }
}
