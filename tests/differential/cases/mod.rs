//! The hand-written cases of issue 8, §1–§4, and the clean flows that must pass untouched.
//!
//! Every protected case hides a mark (`绝密★启用前`, `机密★1年`), a marked DOCX made here, or
//! a dictionary term somewhere a common server stack will read it; the harness proves each is
//! read when sent directly, then that the gateway never lets an application read it unannounced.
//!
//! This file holds the payloads and the request builders; each section has its file:
//! `multipart` (§1), `decoding` (§2: forms, JSON, queries, names), `bodies` (§2: encodings,
//! charsets, XML), `containers` (§3), `flows` (§4 headers and echoes, the review and clean flows).

mod bodies;
mod containers;
mod decoding;
mod flows;
mod multipart;

pub use bodies::encodings;
pub use containers::containers;
pub use decoding::decoding;
pub use flows::{clean_flows, forged_headers, review_flows};
pub use multipart::multipart;

use super::{Case, Request};
use crate::common;
use std::io::Write;

pub const MARK: &str = "绝密★启用前";
pub const MARK2: &str = "机密★1年";
/// A dictionary term at 工作秘密 in the test dictionary: `review`.
pub const REVIEW_TERM: &str = "青龙工程";
pub const B: &str = "difftestB0undary";

/// The head of an exam paper, as a CMS editor would paste it.
pub fn marked_text() -> String {
    format!("{MARK}\n2026年全省统一考试试题\n")
}

/// A DOCX whose head carries `机密★1年`.
pub fn marked_docx() -> Vec<u8> {
    common::docx(&format!("{}{}", common::para(&["000123"]), common::para(&[MARK2, common::PROSE])), &[])
}

pub fn clean_docx() -> Vec<u8> {
    common::docx(&common::para(&[common::PROSE]), &[])
}

/// An editor's HTML fragment without anything protected (references and tags included).
pub const CLEAN_HTML: &str =
    "<p style=\"text-indent:2em\">为进一步加强政务公开工作&nbsp;&mdash;&#29616;将有关事项通知如下。</p><p><b>各单位</b>要高度重视。</p>";
pub const CLEAN_TITLE: &str = "关于加强政务公开工作的通知";
/// Prose that talks about secrets without being marked: it must pass.
pub const MENTIONS: &str = "<p>机密级载体不得通过普通邮政寄递，须由专人送达。秘密级以上的资料，借阅后须当日归还。</p>";

pub fn cat(pieces: &[&[u8]]) -> Vec<u8> {
    pieces.concat()
}

pub fn multipart_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// One ordinary part: `--B`, a `form-data` disposition, extra header lines, the body.
pub fn part(boundary: &str, disposition: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    cat(&[
        format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n{extra}\r\n").as_bytes(),
        body,
        b"\r\n",
    ])
}

pub fn field(boundary: &str, name: &str, value: &[u8]) -> Vec<u8> {
    part(boundary, &format!("name=\"{name}\""), "", value)
}

pub fn file(boundary: &str, name: &str, filename: &str, body: &[u8]) -> Vec<u8> {
    part(
        boundary,
        &format!("name=\"{name}\"; filename=\"{filename}\""),
        "Content-Type: application/octet-stream\r\n",
        body,
    )
}

pub fn close(boundary: &str) -> Vec<u8> {
    format!("--{boundary}--\r\n").into_bytes()
}

pub fn upload(body: Vec<u8>) -> Request {
    Request::post("/upload.php", &multipart_type(B), body)
}

pub fn form(body: &str) -> Request {
    Request::post("/article.php", "application/x-www-form-urlencoded", body.as_bytes().to_vec())
}

pub fn json(body: &str) -> Request {
    Request::post("/api/articles", "application/json", body.as_bytes().to_vec())
}

/// A ZIP holding the given (name, bytes) entries, stored or deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// Cases that still break the rule against the latest gateway merged here (gw-intake), with
/// why. They stay in their sections; the normal tests skip them and `known_gaps_in_the_gateway`
/// (ignored: `cargo test --test gateway_differential -- --ignored`) runs them, so they are
/// neither lost nor hiding a green run. Remove an id when the gateway reads it.
pub const KNOWN_GAPS: &[(&str, &str)] = &[];

/// Every hand-written case.
pub fn all() -> Vec<Case> {
    [multipart(), decoding(), encodings(), containers(), forged_headers(), review_flows(), clean_flows()].concat()
}

/// The text in UTF-16LE, without a BOM.
pub fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A JSON string literal with every non-ASCII character as `\uXXXX` (surrogate pairs too).
pub fn escaped(text: &str) -> String {
    let mut out = String::from("\"");
    for u in text.encode_utf16() {
        match u {
            0x22 => out.push_str("\\\""),
            0x5c => out.push_str("\\\\"),
            0x0a => out.push_str("\\n"),
            0x20..=0x7e => out.push(u as u8 as char),
            _ => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out.push('"');
    out
}
