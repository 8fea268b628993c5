//! Generated multipart framings: a few hundred seeded, deterministic mutations of one upload
//! (clean title, clean parts, one protected payload), each combining the places where parsers
//! are known to disagree: how the boundary is given (quoted, long, odd characters, twice, after
//! a decoy), how the payload's part is framed (line endings, header case and spacing, folded or
//! duplicated dispositions, unquoted or repeated parameters, `filename*`, transfer encodings,
//! nesting), where it sits (before the first delimiter, after the last, mid-body), and how the
//! body ends (padding, no final CRLF, no closing delimiter, an epilogue), and how the part joins
//! the one before it (CRLF, a bare LF, mid-line). Beside them, chains of encodings
//! (`encoding_chains`): the payload under one to three layers of references, tags, GBK, base64
//! and nested JSON, in a form, JSON, multipart field or query, sometimes gzip-encoded.
//!
//! The same seed gives the same cases on every machine, so a failure names a case that can be
//! rerun; each case id carries its number and the choices made.

use super::cases::{clean_docx, close, marked_docx, marked_text, CLEAN_HTML, CLEAN_TITLE, MARK};
use super::encode::{base64_mime, gbk, percent, quoted_printable};
use super::{Case, Request};

/// splitmix64: small, seedable, the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `n` mutated uploads from `seed`.
pub fn cases(seed: u64, n: usize) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let marked_docx = marked_docx();
    let clean_docx = clean_docx();
    (0..n).map(|i| one(i, &mut rng, &marked_docx, &clean_docx)).collect()
}

fn one(i: usize, rng: &mut Rng, marked_docx: &[u8], clean_docx: &[u8]) -> Case {
    let mut choices: Vec<String> = Vec::new();
    let boundary = match rng.below(6) {
        0 => format!("mB{i}"),
        1 => format!("----WebKitFormBoundary{:016x}", rng.next()),
        2 => "x".repeat(70 + rng.below(200)),
        3 => format!("a'()+_,-./:=?{i}"),
        4 => format!("--{i}--"),
        _ => format!("b{i} tail"), // a space: legal only quoted
    };
    let decoy = format!("decoy{i}");
    let quote = boundary.contains([' ', '\'', '(', ')', ',', '/', ':', '=', '?']) || rng.chance(30);
    let b_param = if quote { format!("\"{boundary}\"") } else { boundary.clone() };
    let variant = rng.below(9);
    let (content_type, two) = match variant {
        0 => (format!("multipart/form-data;boundary={b_param}"), false),
        1 => (format!("Multipart/Form-Data; BOUNDARY={b_param}"), false),
        2 => (format!("multipart/form-data; charset=utf-8; boundary={b_param}"), false),
        3 => (format!("multipart/form-data; boundary={b_param}; boundary={decoy}"), true),
        4 => (format!("multipart/form-data; boundary={decoy}; boundary={b_param}"), true),
        5 => (format!("multipart/form-data; xboundary={decoy}; boundary={b_param}"), true),
        6 => (format!("multipart/form-data; boundary = {b_param}"), false),
        7 => (format!("multipart/mixed; boundary={b_param}"), false),
        _ => (format!("multipart/form-data; boundary={b_param}"), false),
    };
    choices.push(format!("ct{variant}"));

    // The payload part.
    let eol = *rng.pick(&["\r\n", "\n", "\r\n", "\r\n"]);
    let sep = *rng.pick(&[": ", ":", ":\t", ":   ", ": ", " : "]);
    let cd_name =
        *rng.pick(&["Content-Disposition", "content-disposition", "CONTENT-DISPOSITION", "Content-disposition"]);
    let name = *rng.pick(&["\"content\"", "content", "\"con tent\"", "\"file\"", "\"a[b]\""]);
    let text = marked_text();
    let (params, extra, body, kind): (String, String, Vec<u8>, &str) = match rng.below(10) {
        0 => (format!("name={name}"), String::new(), text.clone().into_bytes(), "text"),
        1 => (
            format!("name={name}; filename=\"a.docx\""),
            format!("Content-Type{sep}application/octet-stream{eol}"),
            marked_docx.to_vec(),
            "docx",
        ),
        2 => (
            format!("name={name}"),
            format!("Content-Transfer-Encoding{sep}base64{eol}"),
            base64_mime(text.as_bytes()).into_bytes(),
            "b64",
        ),
        3 => (
            format!("name={name}; filename=\"a.docx\""),
            format!("Content-Type{sep}application/octet-stream{eol}Content-Transfer-Encoding{sep}BASE64{eol}"),
            base64_mime(marked_docx).into_bytes(),
            "b64docx",
        ),
        4 => (
            format!("name={name}"),
            format!("Content-Transfer-Encoding{sep}quoted-printable{eol}"),
            quoted_printable(text.as_bytes()).into_bytes(),
            "qp",
        ),
        5 => (format!("name={name}"), format!("Content-Type{sep}text/plain; charset=gbk{eol}"), gbk(&text), "gbk"),
        6 => (
            format!("name={name}; filename=\"{MARK}.txt\""),
            format!("Content-Type{sep}text/plain{eol}"),
            CLEAN_TITLE.as_bytes().to_vec(),
            "filename",
        ),
        7 => (
            format!("name={name}; filename=\"ok.txt\"; filename*=UTF-8''{}.txt", percent(MARK.as_bytes())),
            String::new(),
            CLEAN_TITLE.as_bytes().to_vec(),
            "filename*",
        ),
        8 => (format!("name=\"{MARK}\""), String::new(), b"1".to_vec(), "fieldname"),
        _ => {
            (format!("name={name}"), String::new(), "<p>绝&#23494;<span>★</span>启用前</p>".as_bytes().to_vec(), "html")
        }
    };
    choices.push(kind.into());
    let fd = *rng.pick(&["form-data", "form-data", "form-data", "attachment", "FORM-DATA", "inline", "form-data "]);
    let mut disposition = match rng.below(6) {
        0 => format!("{cd_name}{sep}{fd};{eol} {params}{eol}"),
        1 => format!("{cd_name}{sep}{fd}; name=\"title2\"{eol}{cd_name}{sep}{fd}; {params}{eol}"),
        2 => format!("{cd_name}{sep}{fd}; {params}; name=\"other\"{eol}"),
        3 => format!("{cd_name}{sep}{fd};{params}{eol}"),
        _ => format!("{cd_name}{sep}{fd}; {params}{eol}"),
    };
    if rng.chance(15) {
        disposition.push_str(&format!("X-Unknown{sep}1{eol}"));
    }
    let pad = *rng.pick(&["", "", "", " ", "\t", "  \t"]);
    let payload_boundary = if two && rng.chance(50) { decoy.clone() } else { boundary.clone() };
    let mut payload = format!("--{payload_boundary}{pad}{eol}{disposition}{extra}{eol}").into_bytes();
    payload.extend_from_slice(&body);
    payload.extend_from_slice(b"\r\n");
    if rng.chance(12) {
        // Nested: the payload part inside a multipart/mixed part, framed by its own boundary.
        let inner = format!("inner{i}");
        let mut nested = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"\r\nContent-Type: multipart/mixed; boundary={inner}\r\n\r\n--{inner}"
        )
        .into_bytes();
        nested.extend_from_slice(&payload[2 + payload_boundary.len()..]);
        nested.extend_from_slice(format!("--{inner}--\r\n\r\n").as_bytes());
        payload = nested;
        choices.push("nested".into());
    }

    // Clean parts around it.
    let clean_part = |rng: &mut Rng, n: usize| -> Vec<u8> {
        let mut p = match rng.below(3) {
            0 => format!("--{boundary}\r\nContent-Disposition: form-data; name=\"title{n}\"\r\n\r\n{CLEAN_TITLE}")
                .into_bytes(),
            1 => format!("--{boundary}\r\nContent-Disposition: form-data; name=\"body{n}\"\r\n\r\n{CLEAN_HTML}")
                .into_bytes(),
            _ => {
                let mut p = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"f{n}\"; filename=\"c{n}.docx\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
                p.extend_from_slice(clean_docx);
                p
            }
        };
        p.extend_from_slice(b"\r\n");
        p
    };
    let before: Vec<Vec<u8>> = (0..rng.below(3)).map(|n| clean_part(rng, n)).collect();
    let after: Vec<Vec<u8>> = (0..rng.below(2)).map(|n| clean_part(rng, n + 5)).collect();
    let closing = match rng.below(7) {
        0 => format!("--{boundary}--"),
        1 => format!("--{boundary}--{pad}\r\nepilogue text\r\n"),
        2 => String::new(),
        3 => format!("--{boundary}--garbage\r\n"),
        _ => String::from_utf8(close(&boundary)).unwrap(),
    };
    let placement = rng.below(6);
    let mut body = Vec::new();
    match placement {
        // Before the first delimiter (the preamble).
        0 => {
            body.extend_from_slice(&payload);
            before.iter().chain(&after).for_each(|p| body.extend_from_slice(p));
            body.extend_from_slice(closing.as_bytes());
            choices.push("preamble".into());
        }
        // After the closing delimiter.
        1 => {
            before.iter().chain(&after).for_each(|p| body.extend_from_slice(p));
            body.extend_from_slice(close(&boundary).as_slice());
            body.extend_from_slice(&payload);
            body.extend_from_slice(closing.as_bytes());
            choices.push("after-close".into());
        }
        _ => {
            before.iter().for_each(|p| body.extend_from_slice(p));
            if !before.is_empty() && rng.chance(30) {
                // Django ends a part at `--B` anywhere, PHP at `\n--B`, a strict parser at `\r\n--B`.
                body.truncate(body.len() - 2);
                if rng.chance(50) {
                    body.push(b'\n');
                    choices.push("lf-delimiter".into());
                } else {
                    choices.push("midline-delimiter".into());
                }
            }
            body.extend_from_slice(&payload);
            after.iter().for_each(|p| body.extend_from_slice(p));
            body.extend_from_slice(closing.as_bytes());
            choices.push("inline".into());
        }
    }
    if two && payload_boundary == decoy {
        body.extend_from_slice(close(&decoy).as_slice());
        choices.push("decoy-framed".into());
    }
    let id = format!("mut-{i:03}-{}", choices.join("-"));
    Case::protected(&id, "a generated multipart framing", Request::post("/upload.php", &content_type, body))
}

/// `n` chains of encodings from `seed`: a marked text (or DOCX) wearing one to three layers
/// (character references, tags inside the mark, GBK, base64, a JSON document in a string), sent
/// in a form field, a JSON string, a multipart field or a query string, sometimes gzip-encoded.
/// Each layer is one a CMS front end or API client is known to add (editors base64 their HTML
/// to get past web application firewalls; APIs nest JSON in strings).
pub fn encoding_chains(seed: u64, n: usize) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let docx = marked_docx();
    (0..n).map(|i| chain(i, &mut rng, &docx)).collect()
}

fn chain(i: usize, rng: &mut Rng, docx: &[u8]) -> Case {
    use super::cases::{cat, close, escaped, field, multipart_type, B};
    let mut steps: Vec<&str> = Vec::new();
    let mut value: Vec<u8> = if rng.chance(20) {
        steps.push("docx");
        docx.to_vec()
    } else {
        marked_text().into_bytes()
    };
    for _ in 0..1 + rng.below(3) {
        let text = String::from_utf8(value.clone()).ok().filter(|_| !steps.contains(&"gbk"));
        match (rng.below(5), text) {
            (0, Some(t)) => {
                let mut out = String::new();
                for c in t.chars() {
                    if !c.is_ascii() && rng.chance(50) {
                        out.push_str(&format!("&#{};", c as u32));
                    } else {
                        out.push(c);
                    }
                }
                value = out.into_bytes();
                steps.push("refs");
            }
            (1, Some(t)) => {
                value = t.replacen(MARK, "绝<span>密</span>★<b>启用</b>前", 1).into_bytes();
                steps.push("tags");
            }
            (2, Some(t)) if steps.is_empty() => {
                value = gbk(&t);
                steps.push("gbk");
            }
            (3, Some(t)) => {
                value = format!("{{\"content\":{}}}", escaped(&t)).into_bytes();
                steps.push("json");
            }
            _ => {
                value = super::encode::base64(&value).into_bytes();
                steps.push("base64");
            }
        }
    }
    let text = String::from_utf8_lossy(&value).into_owned();
    let printable = std::str::from_utf8(&value).is_ok();
    let (carrier, mut request) = match rng.below(4) {
        0 => (
            "form",
            Request::post(
                "/article.php",
                "application/x-www-form-urlencoded",
                format!("title=x&content={}", percent(&value)).into_bytes(),
            ),
        ),
        1 if printable => (
            "json",
            Request::post(
                "/api/articles",
                "application/json",
                format!("{{\"content\":{}}}", escaped(&text)).into_bytes(),
            ),
        ),
        2 => (
            "multipart",
            Request::post("/upload.php", &multipart_type(B), cat(&[&field(B, "content", &value), &close(B)])),
        ),
        _ => ("query", Request::new("GET", &format!("/article.php?content={}", percent(&value)))),
    };
    if request.method == "POST" && rng.chance(20) {
        request.body = super::encode::gzip(&request.body);
        request = request.header("Content-Encoding", "gzip");
        steps.push("gzip");
    }
    let id = format!("chain-{i:03}-{}-{carrier}", steps.join("-"));
    Case::protected(&id, "a chain of encodings", request)
}
