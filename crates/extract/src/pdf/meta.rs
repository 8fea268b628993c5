//! Text outside the page content: document information, XMP metadata, outlines (bookmarks),
//! annotations and form fields.
//!
//! Each is published with the file as surely as the pages are: a mark in the Title property or
//! in a reviewer's comment is in the file. They go to the sink with their own `part`:
//!
//! | source | role | part | field |
//! | --- | --- | --- | --- |
//! | `/Info` dictionary | Properties | `info` | the key (`Title`, `Author`…) |
//! | catalog `/Metadata` XMP packet | Properties | `xmp` | |
//! | catalog `/Outlines` | Other | `outline` | |
//! | page `/Annots` `/Contents`, `/RC` (rich text) | Note | `annotation` (with the page) | the annotation subtype |
//! | page `/Annots` `/T` (author), `/Subj` | Note | `annotation` (with the page) | the subtype and the key |
//! | `/AcroForm` field `/V`, `/TU`, `/Opt`, `/DV` | Other | `form` | the field's full name (and what it is) |
//!
//! Scripts, layers, page labels and links are [`super::interactive`]'s.
//!
//! PDF "text strings" are UTF-16BE with a byte-order mark, or PDFDocEncoding (close to
//! Latin-1). Chinese producers sometimes write GBK bytes without a mark, or UTF-8:
//! [`text_string`] recognises both before falling back to PDFDocEncoding.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};
use mijian_core::{DocumentSink, Location, Role, Segment};

use super::document::{as_dict, get, get_dict, get_name, resolve, Streams};
use super::layout::is_cjk;
use crate::ExtractError;

/// Most outline items or form fields read.
const MAX_ITEMS: usize = 100_000;
/// Deepest form-field or outline nesting followed.
const MAX_DEPTH: usize = 64;

/// Decodes a PDF text string.
pub(super) fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.is_ascii() {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    if let Some(s) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes) {
        if s.chars().any(is_cjk) {
            return s.into_owned();
        }
    }
    encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()
}

fn object_text(doc: &Document, object: &Object) -> Option<String> {
    match resolve(doc, object)? {
        Object::String(s, _) => Some(text_string(s)),
        Object::Name(n) => Some(text_string(n)),
        Object::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|o| object_text(doc, o)).collect();
            (!parts.is_empty()).then(|| parts.join("\n"))
        }
        _ => None,
    }
}

fn push(sink: &mut dyn DocumentSink, location: Location, role: Role, text: String) -> Result<(), ExtractError> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if !trimmed.is_empty() {
        sink.segment(Segment::new(location, role, trimmed))?;
    }
    Ok(())
}

/// Reads the document-level sources: `/Info`, XMP, outlines, form fields.
pub(super) fn document_meta(
    doc: &Document,
    streams: &Streams,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    if let Some(info) = doc.trailer.get(b"Info").ok().and_then(|o| resolve(doc, o)).and_then(as_dict) {
        for (key, value) in info.iter() {
            if matches!(key.as_slice(), b"CreationDate" | b"ModDate" | b"Trapped") {
                continue;
            }
            if let Some(text) = object_text(doc, value) {
                let field = String::from_utf8_lossy(key).into_owned();
                push(sink, Location::part("info").with_field(field), Role::Properties, text)?;
            }
        }
    }
    let Some(catalog) = doc.trailer.get(b"Root").ok().and_then(|o| resolve(doc, o)).and_then(as_dict) else {
        return Ok(());
    };
    if let Some(Object::Stream(xmp)) = get(doc, catalog, b"Metadata") {
        let bytes = streams.decode(xmp)?;
        push(sink, Location::part("xmp"), Role::Properties, xml_text(&String::from_utf8_lossy(&bytes)))?;
    }
    if let Some(outlines) = get_dict(doc, catalog, b"Outlines") {
        let mut titles = Vec::new();
        let mut seen = HashSet::new();
        outline_titles(doc, outlines.get(b"First").ok(), 0, &mut seen, &mut titles);
        push(sink, Location::part("outline"), Role::Other, titles.join("\n"))?;
    }
    if let Some(form) = get_dict(doc, catalog, b"AcroForm") {
        if let Some(Object::Array(fields)) = get(doc, form, b"Fields") {
            let mut seen = HashSet::new();
            let mut count = 0;
            for field in fields {
                form_field(doc, field, "", 0, &mut seen, &mut count, sink)?;
            }
        }
    }
    Ok(())
}

fn outline_titles<'a>(
    doc: &'a Document,
    mut node: Option<&'a Object>,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    out: &mut Vec<String>,
) {
    while let Some(current) = node {
        if depth > MAX_DEPTH || out.len() >= MAX_ITEMS {
            return;
        }
        if let Object::Reference(id) = current {
            if !seen.insert(*id) {
                return;
            }
        }
        let Some(item) = resolve(doc, current).and_then(as_dict) else {
            return;
        };
        if let Some(title) = item.get(b"Title").ok().and_then(|t| object_text(doc, t)) {
            out.push(title.trim().to_owned());
        }
        outline_titles(doc, item.get(b"First").ok(), depth + 1, seen, out);
        node = item.get(b"Next").ok();
    }
}

fn form_field(
    doc: &Document,
    field: &Object,
    parent: &str,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    count: &mut usize,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    if depth > MAX_DEPTH || *count >= MAX_ITEMS {
        return Ok(());
    }
    if let Object::Reference(id) = field {
        if !seen.insert(*id) {
            return Ok(());
        }
    }
    *count += 1;
    let Some(dict) = resolve(doc, field).and_then(as_dict) else {
        return Ok(());
    };
    let partial = dict.get(b"T").ok().and_then(|t| object_text(doc, t));
    let name = match (&partial, parent.is_empty()) {
        (Some(p), true) => p.clone(),
        (Some(p), false) => format!("{parent}.{p}"),
        (None, _) => parent.to_owned(),
    };
    if let Some(value) = dict.get(b"V").ok().and_then(|v| object_text(doc, v)) {
        push(sink, Location::part("form").with_field(name.clone()), Role::Other, value)?;
    }
    if let Some(tip) = dict.get(b"TU").ok().and_then(|v| object_text(doc, v)) {
        push(sink, Location::part("form").with_field(format!("{name} (tooltip)")), Role::Other, tip)?;
    }
    // A list or combo box offers its options (each a string or an [export, shown] pair); a
    // reset puts the default value back.
    for (key, what) in [(&b"Opt"[..], "options"), (b"DV", "default")] {
        if let Some(text) = dict.get(key).ok().and_then(|v| object_text(doc, v)) {
            push(sink, Location::part("form").with_field(format!("{name} ({what})")), Role::Other, text)?;
        }
    }
    if let Some(Object::Array(kids)) = get(doc, dict, b"Kids") {
        for kid in kids {
            form_field(doc, kid, &name, depth + 1, seen, count, sink)?;
        }
    }
    Ok(())
}

/// Pushes the text of a page's annotations (comments, free text, highlights' notes).
pub(super) fn page_annotations(
    doc: &Document,
    streams: &Streams,
    page: &Dictionary,
    number: u32,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let Some(Object::Array(annots)) = get(doc, page, b"Annots") else {
        return Ok(());
    };
    for annot in annots.iter().take(MAX_ITEMS) {
        let Some(dict) = resolve(doc, annot).and_then(as_dict) else {
            continue;
        };
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"");
        // Links carry no text; widgets are form fields, read from /AcroForm; a popup repeats
        // its parent's contents.
        if matches!(subtype, b"Link" | b"Widget" | b"Popup") {
            continue;
        }
        let field = String::from_utf8_lossy(subtype).into_owned();
        let location = |field: String| Location::part("annotation").with_page(number).with_field(field);
        if let Some(text) = dict.get(b"Contents").ok().and_then(|c| object_text(doc, c)) {
            push(sink, location(field.clone()), Role::Note, text)?;
        }
        // The rich text a viewer shows in the note instead of /Contents (XHTML), and the
        // author and subject in its title bar.
        if let Some(rich) = dict.get(b"RC").ok().map(|c| rich_text(doc, streams, c)).transpose()?.flatten() {
            push(sink, location(field.clone()), Role::Note, rich)?;
        }
        for key in [&b"T"[..], b"Subj"] {
            if let Some(text) = dict.get(key).ok().and_then(|c| object_text(doc, c)) {
                let key = String::from_utf8_lossy(key);
                push(sink, location(format!("{field} ({key})")), Role::Note, text)?;
            }
        }
    }
    Ok(())
}

/// An annotation's `/RC`: XHTML rich text, in a string or a stream.
fn rich_text(doc: &Document, streams: &Streams, object: &Object) -> Result<Option<String>, ExtractError> {
    let xhtml = match resolve(doc, object) {
        Some(Object::String(bytes, _)) => text_string(bytes),
        Some(Object::Stream(stream)) => text_string(&streams.decode(stream)?),
        _ => return Ok(None),
    };
    Ok(Some(xml_text(&xhtml)))
}

/// The appearance streams of a page's annotations with their rectangles, to be drawn with the
/// page as viewers (and pdftotext) do: a stamp reading 机密 may exist only as an appearance.
/// Links and popups have none worth reading.
pub(super) fn appearances<'a>(doc: &'a Document, page: &'a Dictionary) -> Vec<(&'a lopdf::Stream, [f32; 4])> {
    let mut out = Vec::new();
    let Some(Object::Array(annots)) = get(doc, page, b"Annots") else {
        return out;
    };
    for annot in annots.iter().take(MAX_ITEMS) {
        let Some(dict) = resolve(doc, annot).and_then(as_dict) else {
            continue;
        };
        if matches!(get_name(doc, dict, b"Subtype"), Some(b"Link" | b"Popup")) {
            continue;
        }
        let Some(rect) = dict.get(b"Rect").ok().and_then(|r| super::document::rect(doc, r)) else {
            continue;
        };
        let Some(normal) = get_dict(doc, dict, b"AP").and_then(|ap| get(doc, ap, b"N")) else {
            continue;
        };
        let stream = match normal {
            Object::Stream(s) => Some(s),
            // Appearance states (check boxes): the one selected by /AS.
            Object::Dictionary(states) => get_name(doc, dict, b"AS")
                .and_then(|state| get(doc, states, state))
                .and_then(|o| if let Object::Stream(s) = o { Some(s) } else { None }),
            _ => None,
        };
        if let Some(s) = stream {
            out.push((s, rect));
        }
    }
    out
}

/// The character data and attribute values of an XML document, one per line. Enough for XMP,
/// whose values sit in elements (`<rdf:li>机密</rdf:li>`) or attributes (`pdf:Keywords="…"`).
pub(super) fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(lt) => {
                add_line(&mut out, &crate::xml::decode_references(&rest[..lt]));
                let after = &rest[lt..];
                let end = if after.starts_with("<!--") {
                    after.find("-->").map_or(after.len(), |e| e + 3)
                } else {
                    after.find('>').map_or(after.len(), |e| e + 1)
                };
                let tag = &after[..end];
                if !tag.starts_with("<?") && !tag.starts_with("<!") {
                    for value in attribute_values(tag) {
                        add_line(&mut out, &crate::xml::decode_references(value));
                    }
                }
                rest = &after[end..];
            }
            None => {
                add_line(&mut out, &crate::xml::decode_references(rest));
                break;
            }
        }
    }
    out
}

fn attribute_values(tag: &str) -> impl Iterator<Item = &str> {
    let mut rest = tag;
    std::iter::from_fn(move || loop {
        let eq = rest.find('=')?;
        let name = rest[..eq].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            rest = after;
            continue;
        }
        let body = &after[1..];
        let close = body.find(quote)?;
        let value = &body[..close];
        rest = &body[close + 1..];
        let skip = name.starts_with("xmlns") || matches!(name, "rdf:about" | "xml:lang" | "rdf:parseType" | "x:xmptk");
        if !skip {
            return Some(value);
        }
    })
}

fn add_line(out: &mut String, text: &str) {
    let t = text.trim();
    if !t.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_text_strings() {
        assert_eq!(text_string(b"\xFE\xFF\x67\x3A\x5B\xC6"), "机密");
        assert_eq!(text_string("机密".as_bytes()), "机密");
        assert_eq!(text_string(b"\xBB\xFA\xC3\xDC"), "机密");
        assert_eq!(text_string(b"caf\xE9"), "café");
    }

    #[test]
    fn reads_xmp_values() {
        let xmp = r#"<?xpacket begin="" id="W5M0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description rdf:about="" pdf:Keywords="秘密&amp;内部"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">机密&#9733;1年</rdf:li></rdf:Alt></dc:title></rdf:Description></x:xmpmeta>"#;
        assert_eq!(xml_text(xmp), "秘密&内部\n机密★1年");
    }
}
