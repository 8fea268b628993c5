//! E-mail messages (EML) and web archives (MHT/MHTML): MIME, read as a mail client shows it.
//!
//! Both are MIME (RFC 2045–2049): a header block, then a body that may be a tree of parts, each
//! in its own charset and transfer encoding. The parsing is mail-parser's (it decodes RFC 2047
//! encoded words such as `=?GB2312?B?…?=` and `=?UTF-8?Q?…?=`, base64 and quoted-printable, every
//! charset encoding_rs knows, GB2312/GBK/GB18030/Big5 included, RFC 2231 `filename*` parameters,
//! and keeps nested multiparts on an explicit stack, not the call stack). This module decides what
//! is read and where it is reported:
//!
//! - the message's header fields, decoded, as [`Role::Properties`] of part `headers`, field = the
//!   header name (`Subject`, `From`, `To`…); addresses as `name <address>`; encoded words are
//!   decoded in every field, those mail-parser keeps raw (`Organization`, `Thread-Topic`, `X-…`)
//!   too. Transport and structure fields (`Received`, `Content-*`) are read raw as
//!   [`Role::Other`]; signatures are skipped;
//! - each `text/plain` body part as [`Role::Body`] of part `partN.txt` (N = the MIME part's
//!   index), each `text/html` part through the HTML reader as part `partN.html` (or, in a web
//!   archive, under its `Content-Location`);
//! - attachments, other text parts (CSS, scripts) and attached messages are handed back as
//!   members, under their file name (`report.docx`; `partN.ext` when they have none), so the
//!   scanner inspects them in their own right; an attachment's file name is itself text a user
//!   sees, read as [`Role::Other`] of part `attachments`;
//! - pictures shown inside the page or message (`inline`, with a `Content-ID`, or resources of a
//!   web archive, even with a file name) are noted as unread, like pictures inside a document; a
//!   picture attached as a file is a member (a file that is a picture needs review);
//! - a text part that the parser could not decode cleanly in its declared charset (GBK sent
//!   without a charset, a wrong label) is decoded again from its bytes by detection, as a text
//!   file is; a part that still does not decode, or whose transfer encoding is broken, is noted
//!   as needing review.
//!
//! A panic inside the parser (a debug assertion on some malformed multiparts) is caught and
//! reported as a malformed file. The whole message is held in memory (it is one file, already bounded by `max_file_bytes`);
//! decoded parts are bounded by `max_part_bytes` and their total by `max_decompressed_bytes`.

use std::borrow::Cow;

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Address, HeaderValue, MessageParser, MessagePart, MimeHeaders, PartType};
use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};

use crate::nested::Within;
use crate::{html, ocr, text, ExtractError, LimitKind, Limits};

/// The part name of the message's header fields.
const HEADERS: &str = "headers";
/// The part name of attachment file names.
const ATTACHMENTS: &str = "attachments";

/// Reads the message or web archive in `bytes` into `sink`: see the module documentation.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    // mail-parser is fuzzed by its authors, but a debug assertion of theirs fires on some
    // malformed multiparts (ours found one): a panic there is a malformed file, as for the OLE
    // and PDF libraries.
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(bytes))
        .map_err(|_| ExtractError::corrupt(crate::Defect::ParserFailed { format: "MIME" }))?;
    let message = parsed.ok_or_else(|| ExtractError::corrupt(crate::Defect::NotMime))?;
    for header in message.headers() {
        if let Some((role, value)) = header_text(message.raw_message(), header) {
            let location = Location::part(HEADERS).with_field(header.name.as_str());
            sink.segment(Segment::new(location, role, value))?;
        }
    }
    sink.coverage(CoverageNote::read(HEADERS))?;

    let mut total = 0u64;
    for (index, part) in message.parts.iter().enumerate() {
        let size = part.len() as u64;
        if size > limits.max_part_bytes {
            return Err(
                ExtractError::limit(LimitKind::PartBytes, limits.max_part_bytes, size).in_part(format!("part{index}"))
            );
        }
        total += size;
        if total > limits.max_decompressed_bytes {
            return Err(ExtractError::limit(LimitKind::DecompressedBytes, limits.max_decompressed_bytes, total)
                .in_part(format!("part{index}")));
        }
        read_part(message.raw_message(), index, part, limits, sink)?;
    }
    Ok(())
}

/// Reads one MIME part (see the module documentation).
fn read_part(
    raw: &[u8],
    index: usize,
    part: &MessagePart<'_>,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let name = part.attachment_name().map(str::to_owned);
    let location = part.content_location().map(str::to_owned);
    // A part shown inside the message (an inline picture of the HTML body, a resource of a web
    // archive) is not an attachment even when it has a file name; a named part is otherwise.
    let disposition = part.content_disposition().map(|d| d.ctype().to_ascii_lowercase());
    let inline = disposition.as_deref() == Some("inline") || part.content_id().is_some() || location.is_some();
    let attached = disposition.as_deref() == Some("attachment") || (name.is_some() && !inline);
    let (ctype, subtype) = part
        .content_type()
        .map(|c| (c.ctype().to_ascii_lowercase(), c.subtype().unwrap_or_default().to_ascii_lowercase()))
        .unwrap_or_else(|| ("text".to_owned(), "plain".to_owned()));
    if let Some(name) = &name {
        let location = Location::part(ATTACHMENTS).with_paragraph(index as u32);
        sink.segment(Segment::new(location, Role::Other, name.as_str()))?;
    }
    let member_name = |ext: &str| name.clone().unwrap_or_else(|| format!("part{index}.{ext}"));
    if part.is_encoding_problem {
        sink.coverage(CoverageNote::unread(format!("part{index}"), Unread::Damaged))?;
    }
    let (text, undecoded) = match &part.body {
        PartType::Text(t) | PartType::Html(t) => part_text(raw, part, t),
        _ => (Cow::Borrowed(""), 0),
    };
    if undecoded > 0 {
        let why = Unread::UndecodableBytes {
            count: undecoded as u64,
            tried: "the declared charset, UTF-8, GB18030 or Big5".into(),
        };
        sink.coverage(CoverageNote::unread(format!("part{index}"), why))?;
    }
    match &part.body {
        PartType::Text(_) if !attached && subtype == "plain" => {
            let t = &text;
            let part_name = location.unwrap_or_else(|| format!("part{index}.txt"));
            text::for_each_chunk(t, text::CHUNK, |line, chunk| {
                sink.segment(Segment::new(Location::part(part_name.as_str()).with_line(line), Role::Body, chunk))
            })?;
            sink.coverage(CoverageNote::read(part_name))?;
        }
        PartType::Html(_) if !attached => {
            let h = &text;
            let part_name = location.unwrap_or_else(|| format!("part{index}.html"));
            // The text is UTF-8 now, whatever charset its `<meta>` names: a BOM says so to the
            // HTML reader, which honours a BOM before any declaration.
            let mut page = Vec::with_capacity(h.len() + 3);
            page.extend_from_slice(b"\xEF\xBB\xBF");
            page.extend_from_slice(h.as_bytes());
            html::extract(&page, limits, &mut Within::new(&part_name, sink))?;
        }
        PartType::Text(_) | PartType::Html(_) => sink.member(member_name(&subtype), text.as_bytes().to_vec())?,
        PartType::Binary(b) | PartType::InlineBinary(b) => {
            if ctype == "image" && !attached {
                let part_name = location.unwrap_or_else(|| format!("part{index}.{subtype}"));
                ocr::read_picture(&part_name, b, &Location::part(part_name.as_str()), Role::Body, limits, sink)?;
            } else {
                sink.member(member_name(if subtype.is_empty() { "bin" } else { &subtype }), b.to_vec())?;
            }
        }
        PartType::Message(m) => sink.member(member_name("eml"), m.raw_message().to_vec())?,
        PartType::Multipart(_) => {}
    }
    Ok(())
}

/// The text of a text part. The parser decodes it in the charset the part declares (UTF-8 when
/// it declares none); where that replaced byte sequences (GBK sent without a charset, a wrong
/// label), the part's bytes are decoded again as a text file is, by detection (UTF-8, GB18030,
/// Big5). Returns the text and how many sequences still could not be decoded.
fn part_text<'t>(raw: &[u8], part: &MessagePart<'_>, parsed: &'t str) -> (Cow<'t, str>, usize) {
    if !parsed.contains('\u{FFFD}') {
        return (Cow::Borrowed(parsed), 0);
    }
    let body = raw.get(part.offset_body as usize..part.offset_end as usize).unwrap_or_default();
    let transfer = part.content_transfer_encoding().unwrap_or_default().to_ascii_lowercase();
    let bytes = match transfer.as_str() {
        "base64" => base64_decode(body),
        "quoted-printable" => quoted_printable_decode(body),
        _ => Some(body.to_vec()),
    };
    if let Some(bytes) = bytes {
        let decoded = text::decode(&bytes);
        if decoded.errors == 0 {
            return (Cow::Owned(decoded.text.into_owned()), 0);
        }
    }
    (Cow::Borrowed(parsed), parsed.chars().filter(|&c| c == '\u{FFFD}').count())
}

/// What a header field reads as: the decoded text a mail client shows, in the role it has.
///
/// Transport and structure fields (`Received`, `Content-*`, `MIME-Version`…) are not shown by a
/// mail client but are still text of the file (a text file that merely looks like a message must
/// not read worse than as text): their raw value is read as [`Role::Other`]. Signatures
/// (`DKIM-Signature`, `ARC-*`) are base64 noise and are skipped.
fn header_text(raw: &[u8], header: &mail_parser::Header<'_>) -> Option<(Role, String)> {
    let field = header.name.as_str().to_ascii_lowercase();
    if field.starts_with("arc-") || field.ends_with("-signature") {
        return None;
    }
    let machinery = field.starts_with("content-")
        || matches!(field.as_str(), "received" | "mime-version" | "authentication-results" | "received-spf");
    let text = match &header.value {
        _ if machinery => {
            let value = raw.get(header.offset_start as usize..header.offset_end as usize).unwrap_or_default();
            let value = String::from_utf8_lossy(value);
            return Some((Role::Other, value.split_whitespace().collect::<Vec<_>>().join(" ")))
                .filter(|(_, t)| !t.is_empty());
        }
        // A field mail-parser keeps raw (`Organization`, `Thread-Topic`, `X-…`) still shows its
        // encoded words decoded in a mail client.
        HeaderValue::Text(t) if t.contains("=?") => {
            let value = raw.get(header.offset_start as usize..header.offset_end as usize).unwrap_or_default();
            match mail_parser::parsers::MessageStream::new(value).parse_unstructured() {
                HeaderValue::Text(decoded) => decoded.to_string(),
                _ => t.to_string(),
            }
        }
        HeaderValue::Text(t) => t.to_string(),
        HeaderValue::TextList(list) => list.iter().map(|t| t.as_ref()).collect::<Vec<_>>().join(", "),
        HeaderValue::Address(a) => address_text(a),
        HeaderValue::DateTime(d) => d.to_rfc3339(),
        _ => return None,
    };
    // Raw 8-bit GBK in a header (no encoded words, as some clients send it) is garbled by a
    // UTF-8 reading: decode the raw value by detection instead.
    let text = if text.contains('\u{FFFD}') {
        let value = raw.get(header.offset_start as usize..header.offset_end as usize).unwrap_or_default();
        let decoded = text::decode(value);
        if decoded.errors == 0 {
            decoded.text.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            text
        }
    } else {
        text
    };
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some((Role::Properties, text))
}

/// Addresses as a mail client shows them: `name <address>`, groups as `group: a, b`.
fn address_text(address: &Address<'_>) -> String {
    let one = |a: &mail_parser::Addr<'_>| match (a.name(), a.address()) {
        (Some(n), Some(addr)) => format!("{n} <{addr}>"),
        (Some(n), None) => n.to_owned(),
        (None, Some(addr)) => addr.to_owned(),
        (None, None) => String::new(),
    };
    match address {
        Address::List(list) => list.iter().map(one).collect::<Vec<_>>().join(", "),
        Address::Group(groups) => groups
            .iter()
            .map(|g| {
                let members = g.addresses.iter().map(one).collect::<Vec<_>>().join(", ");
                match &g.name {
                    Some(n) => format!("{n}: {members}"),
                    None => members,
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Whether a text file is an e-mail message or a web archive: `Some(true)` for a web archive
/// (its top `Content-Type` is `multipart/related`), `Some(false)` for another message, `None`
/// for other text.
///
/// It must open with a header block (RFC 5322 fields, folded lines allowed, ended by a blank
/// line or the end of the head) of at least two fields with ASCII names, at least two of them
/// fields of a message (`From`, `To`, `Subject`, `Date`, `Message-ID`, `MIME-Version`,
/// `Received`, `Return-Path`, `Content-Type`…). A text starting `备注: …` is not a message.
pub(crate) fn looks_like_mail(head: &str) -> Option<bool> {
    const KNOWN: &[&str] = &[
        "from",
        "to",
        "cc",
        "bcc",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "received",
        "return-path",
        "content-type",
        "reply-to",
        "sender",
        "x-mailer",
        "delivered-to",
        "in-reply-to",
        "references",
        "snapshot-content-location",
        "content-location",
        "thread-topic",
        "x-originating-ip",
    ];
    let (mut fields, mut known) = (0usize, 0usize);
    let mut related = false;
    let mut in_content_type = false;
    for line in head.lines().take(200) {
        if line.is_empty() || line == "\r" {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if fields == 0 {
                return None;
            }
            related |= in_content_type && line.to_ascii_lowercase().contains("multipart/related");
            continue;
        }
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return None;
        }
        let name = name.to_ascii_lowercase();
        fields += 1;
        known += usize::from(KNOWN.contains(&name.as_str()));
        in_content_type = name == "content-type";
        related |= in_content_type && value.to_ascii_lowercase().contains("multipart/related");
    }
    (fields >= 2 && known >= 2).then_some(related)
}

#[cfg(test)]
mod tests;
