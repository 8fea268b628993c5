//! Generic XML documents (data exports, feeds, DocBook…): the text a viewer shows.
//!
//! Read as plain text, XML hides characters behind references (`&#26426;&#23494;` is `机密`) and
//! breaks text with markup (`<p>机密<b>★</b>1年</p>`). This reader parses the document and
//! rebuilds its lines the way a viewer lays them out:
//!
//! - an element holding only elements (a record, a list) puts each child on its own line(s);
//! - an element holding text (a leaf field, or mixed content such as a paragraph with inline
//!   markup) is one line, its inline children's text joined into it;
//! - CDATA is text, and an element's text holding HTML (a feed's `<description>`, CDATA or
//!   escaped markup, over one line or several) is read again as the page it shows
//!   ([`crate::markup_value`]), under part `xml line N (HTML)`; an element's text that is a
//!   file in base64 ([`crate::base64_value`]) is handed over as the member `xml line N (base64)`;
//!   comments are [`Role::Note`]s of part `xml-comment`, one per comment, and
//!   processing instructions (`<?note …?>`, which a browser's XML view shows as it shows
//!   comments) of part `xml-instruction`;
//! - attribute values (a browser's XML view shows them) are read as [`Role::Other`] lines of part
//!   `xml-attributes`, one per value; namespace declarations are not read.
//!
//! The body is part `xml`, cut like a text file (`line` = first line of the chunk in the extracted
//! text). A document that is not well-formed XML (or needs a DTD's entities) is read as plain
//! text instead, so it is never read worse than a text file; it is noted, without review.

use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use crate::base64_value;
use crate::markup_value;
use crate::xml::{self, XmlReader};
use crate::{text, ExtractError, Limits};

/// The part name of the document's text.
const PART: &str = "xml";
const ATTRIBUTES_PART: &str = "xml-attributes";
const COMMENT_PART: &str = "xml-comment";
const INSTRUCTION_PART: &str = "xml-instruction";

/// Reads the XML document in `bytes` into `sink`: see the module documentation.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    match read(bytes, limits) {
        Ok(mut doc) => {
            text::for_each_chunk(&doc.lines.join("\n"), text::CHUNK, |line, chunk| {
                sink.segment(Segment::new(Location::part(PART).with_line(line), Role::Body, chunk))
            })?;
            let mut from = 0;
            for value in &doc.markup {
                let line = doc.line_of(value, from);
                from = line;
                markup_value::read_as_page(&format!("{PART} line {line} (HTML)"), value, limits, sink)?;
            }
            let mut from = 0;
            for (value, bytes) in std::mem::take(&mut doc.files) {
                let line = doc.line_of(&value, from);
                from = line;
                sink.member(format!("{PART} line {line} (base64)"), bytes)?;
            }
            text::for_each_chunk(&doc.attributes.join("\n"), text::CHUNK, |line, chunk| {
                sink.segment(Segment::new(Location::part(ATTRIBUTES_PART).with_line(line), Role::Other, chunk))
            })?;
            for (i, comment) in doc.comments.iter().enumerate() {
                let location = Location::part(COMMENT_PART).with_paragraph(i as u32 + 1);
                sink.segment(Segment::new(location, Role::Note, comment.as_str()))?;
            }
            for (i, instruction) in doc.instructions.iter().enumerate() {
                let location = Location::part(INSTRUCTION_PART).with_paragraph(i as u32 + 1);
                sink.segment(Segment::new(location, Role::Note, instruction.as_str()))?;
            }
            sink.coverage(CoverageNote::read(PART))?;
            Ok(())
        }
        Err(e) if e.is_limit() => Err(e),
        Err(e) => {
            text::extract(bytes, limits, sink)?;
            sink.coverage(CoverageNote::unread(
                PART,
                Unread::ReadAsPlainText { format: "XML", error: e.in_both_languages() },
            ))?;
            Ok(())
        }
    }
}

/// What a document holds, in reading order.
#[derive(Debug, Default)]
pub(crate) struct XmlText {
    /// The lines of its text.
    pub(crate) lines: Vec<String>,
    /// Attribute values.
    pub(crate) attributes: Vec<String>,
    /// Comments.
    pub(crate) comments: Vec<String>,
    /// Processing instructions (`<?target content?>`), whole.
    pub(crate) instructions: Vec<String>,
    /// The text of each element holding text that holds HTML markup, lines joined by `\n`, in
    /// the order the elements close.
    pub(crate) markup: Vec<String>,
    /// Element texts that are files in base64 (a SOAP attachment, a Word 2003 XML `binData`), as
    /// written and decoded, in the order the elements close.
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

impl XmlText {
    /// The line (counted from 1) where the element text `value` ([`XmlText::markup`],
    /// [`XmlText::files`]) starts, looked for from line `from` on, then from the start (a
    /// mixed-content parent may have joined it into one of its own lines: then the line holding
    /// it).
    fn line_of(&self, value: &str, from: usize) -> usize {
        let first = value.split('\n').next().unwrap_or_default();
        let found = |range: std::ops::Range<usize>| {
            self.lines[range.clone()].iter().position(|l| l.contains(first)).map(|i| range.start + i)
        };
        let from = from.min(self.lines.len());
        found(from..self.lines.len()).or_else(|| found(0..from)).map_or(1, |i| i + 1)
    }
}

/// An open element: its pieces so far and whether any was text of its own.
#[derive(Default)]
struct Open {
    pieces: Vec<Piece>,
    has_text: bool,
}

enum Piece {
    Text(String),
    Child(Vec<String>),
}

/// Parses `bytes` into lines as described in the module documentation.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<XmlText, ExtractError> {
    let xml = xml::to_utf8(PART, bytes.to_vec())?;
    let mut reader = XmlReader::bounded(PART, &xml, limits);
    let mut doc = XmlText::default();
    let mut stack: Vec<Open> = vec![Open::default()];
    loop {
        match reader.next()? {
            Event::Start(e) => {
                collect_attributes(&reader, &e, &mut doc.attributes)?;
                stack.push(Open::default());
            }
            Event::Empty(e) => collect_attributes(&reader, &e, &mut doc.attributes)?,
            Event::End(_) => {
                let open = stack.pop().unwrap_or_default();
                let has_text = open.has_text;
                let lines = close(open);
                // Joined only where it may be a page or a file (most elements are neither).
                let markup = has_text && lines.iter().any(|l| markup_value::holds_markup(l));
                if markup || (has_text && lines.first().is_some_and(|l| base64_value::may_start(l))) {
                    let value = lines.join("\n");
                    if markup {
                        doc.markup.push(value);
                    } else if let Some(bytes) = base64_value::file(&value) {
                        doc.files.push((value, bytes));
                    }
                }
                if let Some(parent) = stack.last_mut() {
                    parent.pieces.push(Piece::Child(lines));
                }
            }
            Event::Text(t) => {
                let text = reader.text(&t)?;
                push_text(stack.last_mut(), &text);
            }
            Event::CData(c) => {
                let text = reader.cdata(&c)?;
                push_text(stack.last_mut(), text);
            }
            Event::Comment(c) => {
                let text = reader.text(&c)?;
                let text = text.trim();
                if !text.is_empty() {
                    doc.comments.push(text.to_owned());
                }
            }
            Event::PI(p) => {
                // Taken literally: references are not expanded in an instruction.
                let text = String::from_utf8_lossy(&p);
                let text = text.trim();
                if !text.is_empty() {
                    doc.instructions.push(text.to_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    doc.lines = stack.pop().map(close).unwrap_or_default();
    Ok(doc)
}

fn push_text(open: Option<&mut Open>, text: &str) {
    if let Some(open) = open {
        if !text.trim().is_empty() {
            open.has_text = true;
        }
        open.pieces.push(Piece::Text(text.to_owned()));
    }
}

/// The lines of a closed element: one line for text or mixed content, its children's lines for
/// an element holding only elements.
fn close(open: Open) -> Vec<String> {
    if !open.has_text {
        return open
            .pieces
            .into_iter()
            .flat_map(|p| match p {
                Piece::Child(lines) => lines,
                Piece::Text(_) => Vec::new(),
            })
            .collect();
    }
    let mut lines = vec![String::new()];
    for piece in open.pieces {
        match piece {
            Piece::Text(t) => {
                for (i, part) in t.split('\n').enumerate() {
                    if i > 0 {
                        lines.push(String::new());
                    }
                    lines.last_mut().unwrap().push_str(part.trim_end_matches('\r'));
                }
            }
            Piece::Child(child) => {
                let mut child = child.into_iter();
                if let Some(first) = child.next() {
                    lines.last_mut().unwrap().push_str(&first);
                }
                lines.extend(child);
            }
        }
    }
    lines.into_iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
}

fn collect_attributes(
    reader: &XmlReader<'_>,
    element: &quick_xml::events::BytesStart<'_>,
    out: &mut Vec<String>,
) -> Result<(), ExtractError> {
    for attr in element.attributes() {
        let attr = attr.map_err(|e| reader.error(e.to_string()))?;
        if attr.key.as_ref().starts_with(b"xmlns") {
            continue;
        }
        let value = attr.unescape_value().map_err(|e| reader.error(e.to_string()))?;
        if !value.trim().is_empty() {
            out.push(value.trim().to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    fn lines(xml: &str) -> Vec<String> {
        read(xml.as_bytes(), &Limits::default()).unwrap().lines
    }

    #[test]
    fn an_element_holding_a_file_in_base64_hands_it_over() {
        // "机密★1年" in UTF-8, base64, wrapped as MIME wraps it; then an id that only looks like base64.
        let xml = "<msg><id>AbCdEfGhIjKlMnOpQrStUvWx</id><file>5py65a+G\n4piFMeW5tA==</file></msg>";
        let mut sink = Collected::default();
        extract(xml.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let members: Vec<_> = sink.members.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        assert_eq!(members, [("xml line 2 (base64)", "机密★1年".as_bytes())]);
    }

    #[test]
    fn a_line_holding_html_is_read_as_its_page_too() {
        // The pages read from `feed`: (part, text).
        let pages = |feed: &str| -> Vec<(String, String)> {
            let mut sink = Collected::default();
            extract(feed.as_bytes(), &Limits::default(), &mut sink).unwrap();
            sink.segments
                .into_iter()
                .filter(|s| s.location.part.ends_with("(HTML)"))
                .map(|s| (s.location.part, s.text))
                .collect()
        };
        let owned = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        let feed = "<rss><item><title>a &amp; b</title><description><![CDATA[<p>机</p><p>密</p>]]></description>\
                    <summary>&lt;b&gt;x&lt;/b&gt;</summary></item></rss>";
        assert_eq!(pages(feed), owned(&[("xml line 2 (HTML)", "机\n密\n"), ("xml line 3 (HTML)", "x\n")]));
        // Markup over several lines of one element is one page, at the element's first line.
        let feed = "<rss><item><title>t</title><encoded><![CDATA[<p>机</p>\n<p>密</p>]]></encoded></item></rss>";
        assert_eq!(pages(feed), owned(&[("xml line 2 (HTML)", "机\n密\n")]));
    }

    #[test]
    fn records_are_lines_and_mixed_content_is_one() {
        let xml = "<?xml version=\"1.0\"?><doc><title>&#26426;&#23494;&#9733;1&#24180;</title><list><item>甲</item><item>秘密</item></list>\n<p>机密<b>★</b>1年 <i>说明</i></p></doc>";
        assert_eq!(lines(xml), vec!["机密★1年", "甲", "秘密", "机密★1年 说明"]);
    }

    #[test]
    fn attributes_comments_and_cdata() {
        let xml = r#"<a level="秘密" xmlns:x="urn:x"><!-- 内部资料 --><![CDATA[<机密>]]></a>"#;
        let doc = read(xml.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(doc.lines, vec!["<机密>"]);
        assert_eq!(doc.attributes, vec!["秘密"]);
        assert_eq!(doc.comments, vec!["内部资料"]);
        let xml = r#"<?xml version="1.0"?><?note 机密★1年?><a><?empty?></a>"#;
        assert_eq!(read(xml.as_bytes(), &Limits::default()).unwrap().instructions, vec!["note 机密★1年", "empty"]);
    }

    #[test]
    fn malformed_xml_is_read_as_text() {
        let mut sink = Collected::default();
        extract("<?xml version=\"1.0\"?><a>机密★1年</b>".as_bytes(), &Limits::default(), &mut sink).unwrap();
        assert!(sink.segments.iter().any(|s| s.location.part == "text" && s.text.contains("机密★1年")));
        assert!(sink.coverage.iter().any(|c| c.part == PART && !c.needs_review));
    }

    #[test]
    fn depth_limit_is_an_error() {
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        let mut sink = Collected::default();
        assert!(matches!(
            extract(deep.as_bytes(), &Limits::default(), &mut sink),
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::NestingDepth, .. })
        ));
    }
}
