//! What an application will read from a request, as files to scan.
//!
//! The engine reads files; an application reads *requests*. Between the two lie the decodings a
//! server stack applies before the application sees anything, and a mark survives all of them:
//! `%E6%9C%BA%E5%AF%86` in a form post, `\u673a\u5bc6` in JSON, `&#26426;&#23494;` in an
//! editor's HTML, a DOCX in base64 inside a JSON string, a gzip'd body, a GBK form. This module
//! undoes each of them and hands the scanner every reading, each as an [`UploadedFile`] whose name
//! says where it came from:
//!
//! | reading | name |
//! | --- | --- |
//! | the raw body (a file upload, text, XML, HTML…) | the file name (`X-Filename`, the path) |
//! | a multipart part | its file name, or `field:NAME` |
//! | every name and value of a form post, percent-decoded, in each charset it may be in (API and proxy) | `form` |
//! | every key and string of a JSON body (or of a form body that is JSON), escapes decoded | `json` |
//! | the query string, percent-decoded (proxy mode) | `query` |
//! | file names (`filename`, `filename*`, `X-Filename`, a raw upload's own `Content-Disposition`; RFC 2047 encoded words decoded) and field names | `names` |
//! | the text of each element of an XML body (XML-RPC `<base64>`, SOAP), CDATA unwrapped | `… (xml)` |
//! | a value holding markup, read as the HTML page that shows it | `… (html)` |
//! | a value that is base64 or a `data:` URL of a file or text (UTF-16 with a BOM included) | `… (base64)`, `… (data URL)` |
//! | a value that is itself JSON | its strings, under the same name |
//! | bytes whose declared charset disagrees with them | `… (GBK)`, `… (GB18030)` |
//!
//! A `Content-Encoding` is undone first ([`crate::content_coding`]); multipart framing is read
//! by the strict validator ([`crate::multipart`]). In proxy mode a body type that none of this
//! reads is refused with 415 unless the operator allowed it (then its raw bytes are scanned).

use crate::charset;
use crate::config::RequestLimits;
use crate::content_coding;
use crate::error::RequestError;
use crate::json_strings;
use crate::multipart;
use crate::refusal::{Ambiguity, Malformed};
use crate::upload::{clean_name, UploadedFile};
use crate::xml_text;
use bytes::Bytes;
use encoding_rs::Encoding;
use hyper::header::{HeaderMap, CONTENT_DISPOSITION, CONTENT_TYPE};

/// How deep values inside values (JSON in a form field, base64 in JSON…) are followed.
const MAX_NESTING: usize = 4;
/// Most readings of one request: each is scanned on its own (a fragment of HTML cannot share a
/// page with the next one, whose markup it could swallow), so a body of ten thousand small
/// HTML strings is refused rather than scanned ten thousand times.
pub const MAX_READINGS: usize = 1000;
/// Shortest value taken for base64: shorter ones are ids and words, not files.
const MIN_BASE64: usize = 16;

/// Which front door the request came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `POST /v1/scan`: the body is a file (or a multipart form of files) to judge.
    Api,
    /// Proxy mode: the body is whatever the application will parse.
    Proxy,
}

/// What the readings of one request depend on.
pub struct Intake<'a> {
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The query string.
    pub query: Option<&'a str>,
    /// API or proxy.
    pub mode: Mode,
    /// Proxy mode: content types the operator allows without a reader (`type/sub` or `type/*`).
    pub allow_types: &'a [String],
    /// The limits.
    pub limits: &'a RequestLimits,
}

/// Every reading of a request's body (and, in proxy mode, its query string), to be scanned.
/// `name` is what a raw body is called.
pub fn readings(intake: &Intake<'_>, body: Bytes, name: String) -> Result<Vec<UploadedFile>, RequestError> {
    let mut r = Readings::default();
    for v in intake.headers.get_all("x-filename") {
        for text in charset::readings_of(v.as_bytes(), None) {
            r.names.push(percent_encoding::percent_decode_str(&text).decode_utf8_lossy().into_owned());
            r.names.push(text);
        }
    }
    // A raw upload's own `Content-Disposition: attachment; filename*=…` names the file too.
    for v in intake.headers.get_all(CONTENT_DISPOSITION) {
        for text in charset::readings_of(v.as_bytes(), None) {
            r.names.push(percent_encoding::percent_decode_str(&text).decode_utf8_lossy().into_owned());
            r.names.push(text);
        }
        r.names.extend(crate::upload::disposition_filenames(v.as_bytes()));
    }
    if intake.mode == Mode::Api {
        r.names.extend(crate::upload::query_param(intake.query, "name"));
    }
    let types: Vec<_> = intake.headers.get_all(CONTENT_TYPE).iter().collect();
    if types.len() > 1 {
        return Err(RequestError::Ambiguous(Ambiguity::TwoContentTypes));
    }
    let content_type = match types.first() {
        Some(v) => v.to_str().map_err(|_| RequestError::Ambiguous(Ambiguity::ContentTypeNotAscii))?,
        None => "",
    };
    let codings = content_coding::codings(intake.headers)?;
    let body = if codings.is_empty() {
        body
    } else {
        Bytes::from(content_coding::decode(&body, &codings, intake.limits.max_body)?)
    };
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    // PHP cuts the type at `,` or a space, Java takes any `multipart/` prefix, others parse it
    // strictly: a type that is not one `type/subtype` token is read differently by each.
    let token = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    let strict = intake.mode == Mode::Proxy;
    if strict && !media.is_empty() && !media.split_once('/').is_some_and(|(a, b)| token(a) && token(b)) {
        return Err(RequestError::Ambiguous(Ambiguity::ContentTypeNotOneType));
    }
    let declared = charset::declared(content_type);
    match media.as_str() {
        // A request with a query string but no body (a GET): the query is all there is.
        _ if body.is_empty() && intake.mode == Mode::Proxy => {}
        "multipart/form-data" => r.multipart(content_type, &body, intake.limits.max_parts)?,
        "application/x-www-form-urlencoded" => {
            // Sent to the API, the body is also scanned as it came (a file whatever its type).
            if intake.mode == Mode::Api {
                r.raw(clean_name(&name), body.clone(), declared, false);
            }
            r.form("form", &body, declared, 0);
            // PHP applications `json_decode(file_get_contents('php://input'))` whatever the type.
            if let Some(strings) = parse_json(&body, declared) {
                r.json("json", strings, 0);
            }
        }
        m if is_json(m) && intake.mode == Mode::Proxy => {
            let strings = parse_json(&body, declared)
                .ok_or_else(|| RequestError::MalformedBody(Malformed::NotJson { media_type: m.to_owned() }))?;
            r.json("json", strings, 0);
        }
        m if intake.mode == Mode::Api || readable(m) || allowed(m, intake.allow_types) => {
            r.raw(clean_name(&name), body, declared, m.starts_with("text/"));
        }
        m => return Err(RequestError::UnsupportedMediaType(m.to_string())),
    }
    if intake.mode == Mode::Proxy {
        if let Some(q) = intake.query.filter(|q| !q.is_empty()) {
            r.form("query", q.as_bytes(), None, 0);
        }
    }
    let files = r.finish();
    if files.len() > MAX_READINGS {
        return Err(RequestError::TooManyReadings(MAX_READINGS));
    }
    Ok(files)
}

/// Media types the engine reads as they are (after `Content-Encoding`): files and text. An
/// absent type is read as a file.
fn readable(media: &str) -> bool {
    let (top, sub) = media.split_once('/').unwrap_or((media, ""));
    media.is_empty()
        || top == "text"
        || top == "image"
        || sub.ends_with("+xml")
        || matches!(
            media,
            "application/octet-stream"
                | "application/xml"
                | "application/pdf"
                | "application/msword"
                | "application/rtf"
                | "application/zip"
                | "application/x-zip-compressed"
                | "application/ofd"
                | "application/x-ofd"
                | "application/wps-office.doc"
                | "application/wps-office.docx"
                | "application/kswps"
        )
        || (top == "application" && (sub.starts_with("vnd.openxmlformats-") || sub.starts_with("vnd.ms-")))
}

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// Whether the operator allowed `media` (`type/sub`, or `type/*`).
fn allowed(media: &str, allow: &[String]) -> bool {
    allow.iter().any(|a| {
        let a = a.trim().to_ascii_lowercase();
        a == media || a.strip_suffix("/*").is_some_and(|top| media.split('/').next() == Some(top))
    })
}

/// JSON as UTF-8, or, failing that, in the declared charset or GB18030.
/// The strings of a JSON body (see [`json_strings`]): as UTF-8, or, failing that, in the
/// declared charset or GB18030.
fn parse_json(bytes: &[u8], declared: Option<&'static Encoding>) -> Option<Vec<String>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    charset::readings_of(bytes, declared).iter().find_map(|t| json_strings::strings(t).ok())
}

/// The readings collected so far.
#[derive(Default)]
struct Readings {
    files: Vec<UploadedFile>,
    names: Vec<String>,
}

impl Readings {
    fn push(&mut self, name: String, bytes: impl Into<Bytes>) {
        self.files.push(UploadedFile { name, bytes: bytes.into() });
    }

    /// The readings, with the `names` reading last.
    fn finish(mut self) -> Vec<UploadedFile> {
        // Any name may be sent as RFC 2047 encoded words (`=?UTF-8?B?…?=`).
        let decoded: Vec<String> = self.names.iter().filter_map(|n| crate::rfc2047::decode(n)).collect();
        self.names.extend(decoded);
        let mut seen = Vec::new();
        self.names.retain(|n| {
            !n.trim().is_empty() && !seen.contains(n) && {
                seen.push(n.clone());
                true
            }
        });
        // Each file name also without its extension, as a listing shows it (`机密.docx` is a file
        // called 机密), as the command line reads a file's own name; first, where a level word
        // alone on a line is read as a document's mark.
        let mut stems: Vec<String> = Vec::new();
        for stem in self.names.iter().map(|n| mijian_inspect::without_extension(n)) {
            if !stem.trim().is_empty() && !self.names.iter().any(|n| n == stem) && !stems.iter().any(|s| s == stem) {
                stems.push(stem.to_string());
            }
        }
        stems.append(&mut self.names);
        self.names = stems;
        if !self.names.is_empty() {
            let text = self.names.join("\n") + "\n";
            self.push("names".into(), text);
        }
        self.files
    }

    /// A body read as it is: a file, or text (then also in every charset it may be read in,
    /// and as JSON when it is JSON).
    fn raw(&mut self, name: String, body: Bytes, declared: Option<&'static Encoding>, text: bool) {
        let charsets = if text { charset_readings(&body, declared) } else { Vec::new() };
        self.push(name.clone(), body.clone());
        for (i, t) in charsets.into_iter().enumerate() {
            self.push(format!("{name} (charset reading {})", i + 1), t);
        }
        self.file_text(&name, &body, declared);
    }

    /// The readings of a file that is plain text beyond the engine's: an HTML fragment (no
    /// `<html>` for the engine to recognise) read as HTML, JSON as its strings, base64 as what
    /// it encodes. Files of other formats are the engine's alone.
    fn file_text(&mut self, name: &str, bytes: &[u8], declared: Option<&'static Encoding>) {
        // A ZIP (DOCX, XLSX, OFD…) is never text: no need to open its directory twice.
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return;
        }
        let format = mijian_extract::sniff(bytes);
        if !is_text_export(format) {
            return;
        }
        for t in charset::readings_of(bytes, declared) {
            self.value(name, &t, 0);
            // XML-RPC and SOAP servers hand the application each element's text: a
            // `<base64>` DOCX, escaped HTML in a `<string>`.
            if format == mijian_extract::Format::Xml {
                for v in xml_text::values(&t) {
                    self.value(&format!("{name} (xml)"), &v, 1);
                }
            }
        }
    }

    /// A `multipart/form-data` body, validated by [`multipart::parse`].
    fn multipart(&mut self, content_type: &str, body: &Bytes, max_parts: usize) -> Result<(), RequestError> {
        let parts = multipart::parse(content_type, body, max_parts)?;
        for (i, part) in parts.iter().enumerate() {
            let content = body.slice(part.content.clone());
            let field = charset::readings_of(&part.name, None).join(" / ");
            self.names.push(field.clone());
            let names = part.names();
            self.names.extend(names.iter().cloned());
            let declared = part.content_type.as_deref().and_then(charset::declared);
            if part.is_file() {
                let name = names.first().map_or_else(|| format!("part{}", i + 1), |n| clean_name(n));
                self.push(name.clone(), content.clone());
                self.file_text(&name, &content, declared);
                continue;
            }
            let label = format!("field:{}", clean_name(&field));
            let texts = charset::readings_of(&content, declared);
            self.push(label.clone(), content);
            for (n, t) in texts.iter().enumerate() {
                if n > 0 {
                    self.push(format!("{label} (charset reading {})", n + 1), t.clone());
                }
                self.value(&label, t, 0);
            }
        }
        Ok(())
    }

    /// A form body or query string: every name and value percent-decoded (`+` is a space), in
    /// each charset reading, one per line, as the reading `label`; then each value's own readings.
    fn form(&mut self, label: &str, body: &[u8], declared: Option<&'static Encoding>, depth: usize) {
        let mut doc = Vec::with_capacity(body.len());
        let mut values = Vec::new();
        for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (k, v) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            for piece in [k, v] {
                let plus: Vec<u8> = piece.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
                let decoded: Vec<u8> = percent_encoding::percent_decode(&plus).collect();
                doc.extend_from_slice(&decoded);
                doc.push(b'\n');
                values.push(decoded);
            }
            doc.push(b'\n');
        }
        for (n, text) in charset::readings_of(&doc, declared).into_iter().enumerate() {
            let name = if n == 0 { label.to_string() } else { format!("{label} (charset reading {})", n + 1) };
            self.push(name, text);
        }
        for v in values.iter().skip(1).step_by(2) {
            for t in charset::readings_of(v, declared) {
                self.value(label, &t, depth);
            }
        }
    }

    /// Every key and string of a JSON value, one per line, as the reading `label`; then each
    /// string's own readings.
    fn json(&mut self, label: &str, strings: Vec<String>, depth: usize) {
        let mut doc = String::new();
        for s in &strings {
            doc.push_str(s);
            doc.push('\n');
        }
        self.push(label.to_string(), doc);
        for s in strings {
            self.value(label, &s, depth);
        }
    }

    /// The readings of one value beyond its text: markup as HTML, base64 and `data:` URLs as
    /// files, JSON as its strings.
    fn value(&mut self, label: &str, text: &str, depth: usize) {
        if depth >= MAX_NESTING {
            return;
        }
        if looks_like_markup(text) {
            let page = format!("<!doctype html><meta charset=\"utf-8\">{text}");
            self.push(format!("{label} (html)"), page);
        }
        // Percent escapes left in a value (encoded twice, or a URL the page will show decoded).
        if text.contains('%') {
            let once = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
            if once != text && !once.contains('\u{fffd}') {
                let once = once.into_owned();
                self.push(format!("{label} (percent-decoded)"), once.clone());
                self.value(&format!("{label} (percent-decoded)"), &once, depth + 1);
            }
        }
        let trimmed = text.trim();
        if let Some(bytes) = data_url(trimmed) {
            self.decoded(&format!("{label} (data URL)"), bytes, depth);
        } else if trimmed.len() >= MIN_BASE64 && !trimmed.bytes().all(|b| b.is_ascii_hexdigit()) {
            // (Hex digits alone are an id or a hash, not base64.)
            if let Some(bytes) = crate::base64::decode(trimmed) {
                self.decoded(&format!("{label} (base64)"), bytes, depth);
            }
        }
        if trimmed.starts_with(['{', '[']) {
            if let Ok(strings) = json_strings::strings(trimmed) {
                self.json(&format!("{label} (json)"), strings, depth + 1);
            }
        }
    }

    /// Decoded bytes: a file or text in its own right. Bytes that are neither (what ids,
    /// tokens and hashes decode to) are not a reading: no application shows them as text.
    fn decoded(&mut self, name: &str, bytes: Vec<u8>, depth: usize) {
        use mijian_extract::Format;
        match mijian_extract::sniff(&bytes) {
            Format::Binary | Format::Empty => {}
            format if is_text_export(format) => {
                let Some(text) = plausible_text(&bytes) else {
                    return;
                };
                self.push(name.to_string(), bytes);
                self.value(name, &text, depth + 1);
            }
            _ => self.push(name.to_string(), bytes),
        }
    }
}

/// Formats that are text an application may take apart further (JSON, CSV, XML, plain text): the
/// engine reads them as they stand, and the readings here add what the application decodes from
/// their values (HTML fragments, base64 files, percent-encoding).
fn is_text_export(format: mijian_extract::Format) -> bool {
    use mijian_extract::Format;
    matches!(format, Format::Text | Format::Json | Format::Csv | Format::Xml)
}

/// Decoded bytes as text, if they are text someone wrote: UTF-16 after its BOM, UTF-8, or
/// GB18030 that decodes cleanly, in each case without control characters. Random bytes (a
/// token decoded as if it were base64) almost never are.
fn plausible_text(bytes: &[u8]) -> Option<String> {
    // UTF-16 with its BOM (what Windows tools write as "Unicode text").
    let utf16 = match bytes {
        [0xff, 0xfe, ..] => Some(encoding_rs::UTF_16LE),
        [0xfe, 0xff, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    let text = match (utf16, std::str::from_utf8(bytes)) {
        (Some(utf16), _) => {
            let (t, had_errors) = utf16.decode_with_bom_removal(bytes);
            if had_errors {
                return None;
            }
            t.into_owned()
        }
        (None, Ok(s)) => s.to_string(),
        (None, Err(_)) => {
            let (t, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return None;
            }
            t.into_owned()
        }
    };
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\r' | '\n');
    (!text.chars().any(control)).then_some(text)
}

/// The readings of a text body besides the engine's own (which follows a BOM, then a `<meta>`
/// charset, then detection): when a charset is declared in the header, named in the body or the
/// bytes are not UTF-8, every reading of [`charset::readings_of`], each with a UTF-8 BOM so that
/// it is read as decoded and not by its `<meta>` again. None for plain UTF-8 text.
fn charset_readings(body: &[u8], declared: Option<&'static Encoding>) -> Vec<String> {
    let head = body[..body.len().min(1024)].to_ascii_lowercase();
    let names_charset = memchr::memmem::find(&head, b"charset").is_some();
    let utf8 = std::str::from_utf8(body).is_ok();
    if utf8 && !names_charset && declared.is_none_or(|d| d == encoding_rs::UTF_8) {
        return Vec::new();
    }
    charset::readings_of(body, declared).into_iter().map(|t| format!("\u{feff}{t}")).collect()
}

/// Whether text holds markup a browser would interpret: a tag, a comment, or a character
/// reference.
fn looks_like_markup(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'<' => b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!'),
        b'&' => {
            let rest = &b[i + 1..b.len().min(i + 34)];
            let end = rest.iter().position(|&x| x == b';');
            end.is_some_and(|e| e > 0 && rest[..e].iter().all(|x| x.is_ascii_alphanumeric() || *x == b'#'))
        }
        _ => false,
    })
}

/// The bytes of a `data:` URL (`data:[type][;base64],payload`).
fn data_url(text: &str) -> Option<Vec<u8>> {
    let rest = text.get(..5).filter(|p| p.eq_ignore_ascii_case("data:")).map(|_| &text[5..])?;
    let (meta, payload) = rest.split_once(',')?;
    if meta.to_ascii_lowercase().ends_with(";base64") {
        crate::base64::decode(payload)
    } else {
        Some(percent_encoding::percent_decode_str(payload).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn read(mode: Mode, headers: &[(&'static str, &str)], query: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
        try_read(mode, headers, query, body).unwrap()
    }

    fn try_read(
        mode: Mode,
        headers: &[(&'static str, &str)],
        query: Option<&str>,
        body: &[u8],
    ) -> Result<Vec<(String, String)>, RequestError> {
        let mut h = HeaderMap::new();
        for (k, v) in headers {
            h.append(*k, HeaderValue::from_bytes(v.as_bytes()).unwrap());
        }
        let limits = RequestLimits::default();
        let allow = ["application/x-custom".to_string()];
        let intake = Intake { headers: &h, query, mode, allow_types: &allow, limits: &limits };
        let files = readings(&intake, Bytes::copy_from_slice(body), "upload".into())?;
        Ok(files.into_iter().map(|f| (f.name, String::from_utf8_lossy(&f.bytes).into_owned())).collect())
    }

    fn text_of<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
        &files.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name} in {files:?}")).1
    }

    const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

    #[test]
    fn form_posts_are_percent_decoded_with_plus_as_space() {
        let files = read(Mode::Proxy, &[FORM], None, b"title=%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4&a+b=c+d");
        assert_eq!(text_of(&files, "form"), "title\n机密★1年\n\na b\nc d\n\n");
    }

    #[test]
    fn a_form_posted_to_the_api_is_read_as_a_form_and_as_it_came() {
        // A CMS posting its article form in GBK (an old site's pages are GBK) straight to /v1/scan.
        let gbk: String =
            encoding_rs::GBK.encode("机密★1年").0.iter().map(|b| format!("%{b:02X}")).collect::<Vec<_>>().concat();
        let files = read(Mode::Api, &[FORM], None, format!("content={gbk}").as_bytes());
        assert_eq!(text_of(&files, "form"), "content\n机密★1年\n\n");
        assert_eq!(text_of(&files, "upload"), format!("content={gbk}"), "and as it came");
        // `+` is a space in a form: `000123 机密 1年` is a copy number and a mark.
        let files = read(Mode::Api, &[FORM], None, b"n=000123+%E6%9C%BA%E5%AF%86+1%E5%B9%B4");
        assert_eq!(text_of(&files, "form"), "n\n000123 机密 1年\n\n");
    }

    #[test]
    fn gbk_forms_are_read_in_gbk() {
        let gbk: String =
            encoding_rs::GBK.encode("机密").0.iter().map(|b| format!("%{b:02X}")).collect::<Vec<_>>().concat();
        let body = format!("t={gbk}");
        let files = read(
            Mode::Proxy,
            &[("content-type", "application/x-www-form-urlencoded; charset=GBK")],
            None,
            body.as_bytes(),
        );
        assert_eq!(text_of(&files, "form"), "t\n机密\n\n");
        // Undeclared, the bytes are not UTF-8: read as GB18030.
        let files = read(Mode::Proxy, &[FORM], None, body.as_bytes());
        assert_eq!(text_of(&files, "form"), "t\n机密\n\n");
        // Declared GBK but sent as UTF-8: both readings.
        let files = read(
            Mode::Proxy,
            &[("content-type", "application/x-www-form-urlencoded; charset=gbk")],
            None,
            "t=机密".as_bytes(),
        );
        assert_eq!(text_of(&files, "form"), "t\n机密\n\n");
        assert!(files.iter().any(|(n, _)| n == "form (charset reading 2)"), "{files:?}");
    }

    #[test]
    fn json_strings_are_read_at_any_depth_with_escapes_decoded() {
        let body = br#"{"a": {"b": ["x", {"\u6807\u9898": "\u673a\u5bc6\u26051\u5e74"}]}, "n": 1, "n": "last"}"#;
        let files = read(Mode::Proxy, &[("content-type", "application/vnd.api+json")], None, body);
        assert_eq!(text_of(&files, "json"), "a\nb\nx\n标题\n机密★1年\nn\nn\nlast\n");
        assert!(matches!(
            try_read(Mode::Proxy, &[("content-type", "application/json")], None, b"{not json"),
            Err(RequestError::MalformedBody(_))
        ));
        // JSON sent as text is read as JSON too.
        let files = read(Mode::Proxy, &[("content-type", "text/plain")], None, br#"["\u673a\u5bc6"]"#);
        assert_eq!(text_of(&files, "upload (json)"), "机密\n");
    }

    #[test]
    fn html_bodies_are_read_in_the_declared_charset_and_as_utf8() {
        let page = "<html><head><meta charset=\"gbk\"></head><body>机密★1年</body></html>";
        let files = read(Mode::Proxy, &[("content-type", "text/html")], None, page.as_bytes());
        assert_eq!(text_of(&files, "upload (charset reading 1)"), format!("\u{feff}{page}"));
        let gbk = encoding_rs::GBK.encode(page).0.into_owned();
        let files = read(Mode::Proxy, &[("content-type", "text/html; charset=utf-8")], None, &gbk);
        assert_eq!(text_of(&files, "upload (charset reading 1)"), format!("\u{feff}{page}"));
        // Plain UTF-8 text has no reading but its own.
        assert_eq!(read(Mode::Proxy, &[("content-type", "text/plain")], None, "机密".as_bytes()).len(), 1);
    }

    #[test]
    fn base64_and_data_urls_are_files_in_their_own_right() {
        let docx_like = crate::base64::encode("机密★1年 is in this text".as_bytes());
        let body = format!(
            r#"{{"file": "{docx_like}", "img": "data:text/plain;base64,{docx_like}", "p": "data:,%E6%9C%BA"}}"#
        );
        let files = read(Mode::Proxy, &[("content-type", "application/json")], None, body.as_bytes());
        assert_eq!(text_of(&files, "json (base64)"), "机密★1年 is in this text");
        assert_eq!(text_of(&files, "json (data URL)"), "机密★1年 is in this text");
        assert!(files.iter().any(|(n, t)| n == "json (data URL)" && t == "机"), "{files:?}");
        // A token or hash that decodes to nothing readable is no reading.
        let tokens = br#"{"csrf": "b7e4c2a9d1f3e5b7c9a1d3f5e7b9c1d3", "t": "Zk3xQ9vLm2TzR8pWc4YhN6bJ"}"#;
        let files = read(Mode::Proxy, &[("content-type", "application/json")], None, tokens);
        assert_eq!(files.len(), 1, "{files:?}");
    }

    #[test]
    fn html_fragments_in_files_are_read_as_html() {
        // The engine sniffs an editor fragment of two tags as HTML and reads it itself; a
        // fragment it takes for text (references only, one tag) gets the HTML reading here.
        assert_eq!(mijian_extract::sniff(b"<p>&#26426;&#23494;</p>"), mijian_extract::Format::Html);
        let fragment = "通知<br>&#26426;&#23494;";
        let files = read(Mode::Proxy, &[("content-type", "text/html")], None, fragment.as_bytes());
        assert_eq!(text_of(&files, "upload (html)"), format!("<!doctype html><meta charset=\"utf-8\">{fragment}"));
        let body = format!(
            "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.html\"\r\n\r\n{fragment}\r\n--B--\r\n"
        );
        let files = read(Mode::Api, &[("content-type", "multipart/form-data; boundary=B")], None, body.as_bytes());
        assert!(files.iter().any(|(n, _)| n == "a.html (html)"), "{files:?}");
        // A DOCX is the engine's alone.
        let files = read(Mode::Proxy, &[], None, b"PK\x03\x04 not really a zip");
        assert_eq!(files.len(), 1, "{files:?}");
    }

    #[test]
    fn values_encoded_twice_are_decoded_again() {
        let files = read(Mode::Proxy, &[FORM], None, b"t=%25E6%259C%25BA%25E5%25AF%2586&p=100%25");
        assert_eq!(text_of(&files, "form (percent-decoded)"), "机密");
        assert_eq!(files.iter().filter(|(n, _)| n.contains("percent")).count(), 1, "{files:?}");
    }

    #[test]
    fn markup_in_values_is_read_as_html() {
        let body = b"content=%3Cp%3E%26%2326426%3B%3C%21--x--%3E%E5%AF%86%3C%2Fp%3E";
        let files = read(Mode::Proxy, &[FORM], None, body);
        assert_eq!(text_of(&files, "form (html)"), "<!doctype html><meta charset=\"utf-8\"><p>&#26426;<!--x-->密</p>");
        assert!(looks_like_markup("a &amp; b") && looks_like_markup("<b>x") && !looks_like_markup("a & b; c < d"));
    }

    #[test]
    fn the_query_string_and_file_names_are_read_in_proxy_mode() {
        let files =
            read(Mode::Proxy, &[("x-filename", "%E6%9C%BA%E5%AF%86.txt")], Some("q=%E7%BB%9D%E5%AF%86"), b"hello");
        assert_eq!(text_of(&files, "query"), "q\n绝密\n\n");
        assert_eq!(text_of(&files, "names"), "机密\n%E6%9C%BA%E5%AF%86\n机密.txt\n%E6%9C%BA%E5%AF%86.txt\n");
        let api = read(Mode::Api, &[], Some("name=%E6%9C%BA%E5%AF%86.txt"), b"hello");
        assert_eq!(text_of(&api, "names"), "机密\n机密.txt\n", "each name also without its extension, first");
        assert_eq!(text_of(&files, "upload"), "hello");
        let api = read(Mode::Api, &[], Some("name=x"), b"hello");
        assert!(api.iter().all(|(n, _)| n != "query"), "{api:?}");
    }

    #[test]
    fn multipart_fields_files_and_names_are_all_read() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n<p>&#26426;密</p>\r\n\
                    --B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"通知.txt\"\r\n\r\nhello\r\n--B--\r\n";
        let files = read(Mode::Api, &[("content-type", "multipart/form-data; boundary=B")], None, body.as_bytes());
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["field:content", "field:content (html)", "通知.txt", "names"]);
        assert_eq!(text_of(&files, "names"), "通知\ncontent\nf\n通知.txt\n");
    }

    #[test]
    fn unreadable_types_are_refused_in_proxy_mode_unless_allowed() {
        let msgpack = [("content-type", "application/msgpack")];
        assert!(matches!(try_read(Mode::Proxy, &msgpack, None, b"\x81"), Err(RequestError::UnsupportedMediaType(_))));
        assert!(matches!(
            try_read(Mode::Proxy, &[("content-type", "multipart/mixed; boundary=B")], None, b"--B--"),
            Err(RequestError::UnsupportedMediaType(_))
        ));
        assert_eq!(read(Mode::Api, &msgpack, None, b"\x81").len(), 1);
        assert_eq!(read(Mode::Proxy, &[("content-type", "application/x-custom")], None, b"x")[0].1, "x");
        assert_eq!(read(Mode::Proxy, &[], None, b"x")[0].1, "x");
        // No body, nothing to read whatever the type says (a GET with a stray Content-Type).
        assert_eq!(read(Mode::Proxy, &[("content-type", "application/json")], Some("a=1"), b"").len(), 1);
        for odd in ["text/plain, application/x-www-form-urlencoded", "multipart/form-data x", "json"] {
            assert!(matches!(
                try_read(Mode::Proxy, &[("content-type", odd)], None, b"x"),
                Err(RequestError::Ambiguous(_))
            ));
        }
        let two = [("content-type", "text/plain"), ("content-type", "application/json")];
        assert!(matches!(try_read(Mode::Proxy, &two, None, b"x"), Err(RequestError::Ambiguous(_))));
    }

    #[test]
    fn too_many_readings_are_refused() {
        let many: Vec<String> = (0..MAX_READINGS).map(|i| format!("\"<b>{i}</b>\"")).collect();
        let body = format!("[{}]", many.join(","));
        assert!(matches!(
            try_read(Mode::Proxy, &[("content-type", "application/json")], None, body.as_bytes()),
            Err(RequestError::TooManyReadings(MAX_READINGS))
        ));
    }

    #[test]
    fn a_raw_uploads_own_content_disposition_names_it() {
        let cd = ("content-disposition", "attachment; filename*=UTF-8''%E7%BB%9D%E5%AF%86.docx; filename=\"x.docx\"");
        let files = read(Mode::Proxy, &[cd], None, b"hello");
        let names = text_of(&files, "names");
        assert!(names.lines().any(|l| l == "绝密.docx") && names.lines().any(|l| l == "x.docx"), "{names}");
    }

    #[test]
    fn encoded_word_file_names_are_decoded() {
        let b = crate::base64::encode("绝密★启用前.docx".as_bytes());
        let files = read(Mode::Proxy, &[("x-filename", &format!("=?UTF-8?B?{b}?="))], None, b"hello");
        assert!(text_of(&files, "names").lines().any(|l| l == "绝密★启用前.docx"), "{files:?}");
        let gbk: String = encoding_rs::GBK.encode("机密").0.iter().map(|b| format!("={b:02X}")).collect();
        let cd = format!("attachment; filename=\"=?GB2312?Q?{gbk}?=.txt\"");
        let files = read(Mode::Proxy, &[("content-disposition", &cd)], None, b"hello");
        assert!(text_of(&files, "names").lines().any(|l| l == "机密.txt"), "{files:?}");
    }

    #[test]
    fn xml_element_texts_are_values() {
        let docx_like = crate::base64::encode("机密★1年 is in this text".as_bytes());
        let body = format!(
            "<?xml version=\"1.0\"?><methodCall><params><param><value><base64>\n{docx_like}\n</base64></value></param>\
             <param><value><string>&lt;p&gt;&amp;#26426;密&lt;/p&gt;</string></value></param></params></methodCall>"
        );
        let files = read(Mode::Proxy, &[("content-type", "text/xml")], None, body.as_bytes());
        assert_eq!(text_of(&files, "upload (xml) (base64)"), "机密★1年 is in this text");
        assert!(text_of(&files, "upload (xml) (html)").ends_with("<p>&#26426;密</p>"), "{files:?}");
    }

    #[test]
    fn base64_of_utf16_text_with_a_bom_is_text() {
        let utf16: Vec<u8> =
            [0xff, 0xfe].into_iter().chain("机密★1年".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let body = format!(r#"{{"note": "{}"}}"#, crate::base64::encode(&utf16));
        let files = read(Mode::Proxy, &[("content-type", "application/json")], None, body.as_bytes());
        assert!(files.iter().any(|(n, _)| n == "json (base64)"), "{files:?}");
        assert_eq!(plausible_text(&utf16).unwrap(), "机密★1年");
    }

    #[test]
    fn a_form_whose_body_is_json_is_read_as_json_too() {
        let body = br#"{"content": "\u673a\u5bc6&x=1"}"#;
        let files = read(Mode::Proxy, &[FORM], None, body);
        assert_eq!(text_of(&files, "json"), "content\n机密&x=1\n");
        // An ordinary form is no JSON.
        assert!(read(Mode::Proxy, &[FORM], None, b"a=1").iter().all(|(n, _)| n != "json"));
    }

    #[test]
    fn compressed_bodies_are_read_decoded() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all("t=%E6%9C%BA%E5%AF%86".as_bytes()).unwrap();
        let gz = e.finish().unwrap();
        let files = read(Mode::Proxy, &[FORM, ("content-encoding", "gzip")], None, &gz);
        assert_eq!(text_of(&files, "form"), "t\n机密\n\n");
        assert!(matches!(
            try_read(Mode::Proxy, &[FORM, ("content-encoding", "compress")], None, &gz),
            Err(RequestError::UnsupportedEncoding(_))
        ));
    }
}
