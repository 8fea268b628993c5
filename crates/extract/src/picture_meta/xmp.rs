//! XMP packets: RDF in XML. Every value is read, not a list of known properties: a title in
//! `dc:title`, a headline as a `photoshop:Headline` attribute of `rdf:Description`, a keyword in
//! an `rdf:li` of `dc:subject`, and whatever namespace a tool invents next.
//!
//! A text is named by the nearest enclosing element outside RDF's own structure (`rdf:Alt`,
//! `rdf:li`…), an attribute value by the attribute: `XMP dc:title`, `XMP photoshop:Headline`.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::Properties;

/// Attributes that are XML or RDF machinery, not values.
fn is_machinery(name: &str) -> bool {
    name.starts_with("xmlns") || matches!(name, "rdf:about" | "xml:lang" | "rdf:parseType" | "x:xmptk" | "x:xaptk")
}

/// Elements that are structure, not the name of a value.
fn is_structure(name: &str) -> bool {
    name.starts_with("rdf:") || matches!(name, "x:xmpmeta" | "x:xapmeta")
}

/// Reads the XMP packet `bytes` (UTF-8, or UTF-16 with its byte-order mark).
pub(super) fn read(bytes: &[u8], found: &mut Properties) {
    let text = match bytes {
        [0xFE, 0xFF, rest @ ..] => encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0,
        [0xFF, 0xFE, rest @ ..] => encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0,
        _ => super::eight_bit(bytes).into(),
    };
    // Padding after the packet (JPEG writers leave room for edits) is not part of the XML.
    let text = text.trim_end_matches(|c: char| c.is_whitespace() || c == '\0');
    let mut reader = Reader::from_str(text);
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if !attributes(&e, found) {
                    found.damaged();
                    return;
                }
                open.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
            }
            Ok(Event::Empty(e)) => {
                if !attributes(&e, found) {
                    found.damaged();
                    return;
                }
            }
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Text(t)) => match t.unescape() {
                Ok(value) => found.add(field(&open), &value),
                Err(_) => {
                    found.damaged();
                    return;
                }
            },
            Ok(Event::CData(c)) => found.add(field(&open), &String::from_utf8_lossy(&c)),
            Ok(Event::Eof) => return,
            Ok(_) => {}
            Err(_) => {
                found.damaged();
                return;
            }
        }
    }
}

/// The field of a text inside the elements `open`.
fn field(open: &[String]) -> String {
    let name = open.iter().rev().find(|n| !is_structure(n)).map_or("packet", String::as_str);
    format!("XMP {name}")
}

/// Adds the attribute values of `e`; `false` when an attribute is malformed.
fn attributes(e: &BytesStart, found: &mut Properties) -> bool {
    for attr in e.attributes() {
        let Ok(attr) = attr else { return false };
        let name = String::from_utf8_lossy(attr.key.as_ref());
        if is_machinery(&name) {
            continue;
        }
        let Ok(value) = attr.unescape_value() else { return false };
        found.add(format!("XMP {name}"), &value);
    }
    true
}
