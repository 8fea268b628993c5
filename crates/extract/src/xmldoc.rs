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
//!   the values read again so total at most [`REREAD_PER_BYTE`] times the document's bytes
//!   (nested elements each hold their children's text: past that, [`Cap::ElementValues`], review);
//!   comments are [`Role::Note`]s of part `xml-comment`, one per comment, and
//!   processing instructions (`<?note …?>`, which a browser's XML view shows as it shows
//!   comments) of part `xml-instruction`;
//! - attribute values (a browser's XML view shows them) are read as [`Role::Other`] lines of part
//!   `xml-attributes`, one per value; namespace declarations are not read.
//!
//! The body is part `xml`, cut like a text file (`line` = first line of the chunk in the extracted
//! text). A document that is not well-formed XML (or needs a DTD's entities) is read as plain
//! text instead, so it is never read worse than a text file; it is noted, without review.

use mijian_core::{Cap, Unread};
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

/// The element values read again, as pages or base64 files, total at most this many bytes per
/// byte of the document. An element holding text holds its children's text too, so each element
/// of a nest holding markup (`<a>&lt;b&gt;<a>&lt;b&gt;…`) would read the innermost text once per
/// level, up to `max_xml_depth` times: a 400 KB file was 100 MB of pages. Twice lets a value and
/// the one mixed-content element around it both be read whole.
const REREAD_PER_BYTE: usize = 2;

/// Reads the XML document in `bytes` into `sink`: see the module documentation.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    match read(bytes, limits) {
        Ok(mut doc) => {
            text::for_each_chunk(&doc.lines.join("\n"), text::CHUNK, |line, chunk| {
                sink.segment(Segment::new(Location::part(PART).with_line(line), Role::Body, chunk))
            })?;
            for (line, value) in &doc.markup {
                markup_value::read_as_page(&format!("{PART} line {line} (HTML)"), value, limits, sink)?;
            }
            for (line, bytes) in std::mem::take(&mut doc.files) {
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
            if doc.values_capped {
                sink.coverage(CoverageNote::unread(PART, Unread::Limit(Cap::ElementValues)))?;
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
    /// The text of each element holding text that holds HTML markup, lines joined by `\n`, with
    /// the line of [`XmlText::lines`] (counted from 1) where it starts (a mixed-content parent may
    /// have joined it into one of its own lines: then the line holding it), in the order the
    /// elements close.
    pub(crate) markup: Vec<(usize, String)>,
    /// Element texts that are files in base64 (a SOAP attachment, a Word 2003 XML `binData`),
    /// decoded, with the line where each starts, in the order the elements close.
    pub(crate) files: Vec<(usize, Vec<u8>)>,
    /// Whether element texts were not taken as pages or files, past [`REREAD_PER_BYTE`].
    pub(crate) values_capped: bool,
}

/// An open element: its pieces so far and whether any was text of its own.
#[derive(Default)]
struct Open {
    pieces: Vec<Piece>,
    has_text: bool,
}

enum Piece {
    Text(String),
    Child(Closed),
}

/// A value taken from an element's text: an index into [`XmlText::markup`] or [`XmlText::files`].
#[derive(Clone, Copy)]
enum Value {
    Markup(usize),
    File(usize),
}

/// The lines of a closed element, and the line (an index into them) where each value taken from
/// it or from its descendants starts. The anchors move with the lines as the elements around
/// them close, so a value's line is known when the document ends, without looking for its text.
#[derive(Default)]
struct Closed {
    lines: Vec<String>,
    anchors: Vec<(Value, usize)>,
}

/// Parses `bytes` into lines as described in the module documentation.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<XmlText, ExtractError> {
    let xml = xml::to_utf8(PART, bytes.to_vec())?;
    let mut reader = XmlReader::bounded(PART, &xml, limits);
    let mut doc = XmlText::default();
    let mut reread_left = bytes.len().saturating_mul(REREAD_PER_BYTE);
    let mut stack: Vec<Open> = vec![Open::default()];
    // Every piece of text and attribute is held until the document ends: charged as gathered.
    let mut gathered = crate::budget::Gathered::new(limits, PART);
    loop {
        match reader.next()? {
            Event::Start(e) => {
                let before = doc.attributes.len();
                collect_attributes(&reader, &e, &mut doc.attributes)?;
                let added = &doc.attributes[before..];
                gathered.charge(added.len(), added.iter().map(String::len).sum())?;
                stack.push(Open::default());
            }
            Event::Empty(e) => {
                let before = doc.attributes.len();
                collect_attributes(&reader, &e, &mut doc.attributes)?;
                let added = &doc.attributes[before..];
                gathered.charge(added.len(), added.iter().map(String::len).sum())?;
            }
            Event::End(_) => {
                let open = stack.pop().unwrap_or_default();
                let has_text = open.has_text;
                let mut closed = close(open);
                if has_text {
                    take_value(&mut closed, &mut doc, &mut reread_left);
                }
                if let Some(parent) = stack.last_mut() {
                    parent.pieces.push(Piece::Child(closed));
                }
            }
            Event::Text(t) => {
                let text = reader.text(&t)?;
                gathered.charge(1, text.len())?;
                push_text(stack.last_mut(), &text);
            }
            Event::CData(c) => {
                let text = reader.cdata(&c)?;
                gathered.charge(1, text.len())?;
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
    let root = stack.pop().map(close).unwrap_or_default();
    for (value, index) in root.anchors {
        match value {
            Value::Markup(i) => doc.markup[i].0 = index + 1,
            Value::File(i) => doc.files[i].0 = index + 1,
        }
    }
    doc.lines = root.lines;
    Ok(doc)
}

/// Takes the text of an element holding text, `closed`, as a page if it holds markup or as a
/// file if it is one in base64, within `left` bytes of such readings ([`REREAD_PER_BYTE`]).
fn take_value(closed: &mut Closed, doc: &mut XmlText, left: &mut usize) {
    // Joined only where it may be a page or a file (most elements are neither).
    let markup = closed.lines.iter().any(|l| markup_value::holds_markup(l));
    if !markup && !closed.lines.first().is_some_and(|l| base64_value::may_start(l)) {
        return;
    }
    let len: usize = closed.lines.iter().map(|l| l.len() + 1).sum();
    if len > *left {
        doc.values_capped = true;
        return;
    }
    *left -= len;
    let value = closed.lines.join("\n");
    if markup {
        closed.anchors.push((Value::Markup(doc.markup.len()), 0));
        doc.markup.push((1, value));
    } else if let Some(bytes) = base64_value::file(&value) {
        closed.anchors.push((Value::File(doc.files.len()), 0));
        doc.files.push((1, bytes));
    }
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
/// an element holding only elements; with its descendants' anchors moved along (see [`Closed`]).
fn close(open: Open) -> Closed {
    let mut anchors = Vec::new();
    if !open.has_text {
        let mut lines = Vec::new();
        for piece in open.pieces {
            if let Piece::Child(child) = piece {
                anchors.extend(child.anchors.into_iter().map(|(value, i)| (value, lines.len() + i)));
                lines.extend(child.lines);
            }
        }
        return Closed { lines, anchors };
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
                // Its first line goes on the current line, the others follow.
                let at = lines.len() - 1;
                anchors.extend(child.anchors.into_iter().map(|(value, i)| (value, at + i)));
                let mut child = child.lines.into_iter();
                if let Some(first) = child.next() {
                    lines.last_mut().unwrap().push_str(&first);
                }
                lines.extend(child);
            }
        }
    }
    // Lines left empty are dropped; an anchor's line never is (it holds a value's first line).
    let mut kept = Vec::with_capacity(lines.len());
    let mut moved = Vec::with_capacity(lines.len());
    for line in lines {
        moved.push(kept.len());
        let line = line.trim();
        if !line.is_empty() {
            kept.push(line.to_owned());
        }
    }
    for (_, i) in &mut anchors {
        *i = moved[*i];
    }
    Closed { lines: kept, anchors }
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

    /// The pages read from `xml`: (part, text).
    fn read_pages(xml: &str) -> (Vec<(String, String)>, Collected) {
        let mut sink = Collected::default();
        extract(xml.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let pages = sink
            .segments
            .iter()
            .filter(|s| s.location.part.ends_with("(HTML)"))
            .map(|s| (s.location.part.clone(), s.text.clone()))
            .collect();
        (pages, sink)
    }

    #[test]
    fn a_value_is_located_at_its_own_line_whatever_text_other_lines_share() {
        // Each line is a mixed-content `p` holding markup, with an `i` holding markup inside: the
        // `i` closes first, and its `p` is on the same line, not on the next line that reads the same.
        let p = "<p>&lt;b&gt;机<i>&lt;i&gt;密</i></p>";
        let (pages, _) = read_pages(&format!("<r>{p}\n{p}</r>"));
        let parts: Vec<&str> = pages.iter().map(|(part, _)| part.as_str()).collect();
        assert_eq!(parts, ["xml line 1 (HTML)", "xml line 1 (HTML)", "xml line 2 (HTML)", "xml line 2 (HTML)"]);
        assert_eq!(pages[1].1.trim(), "机密");
        // A value over several lines, after lines dropped empty and an element of records.
        let xml = "<r>\n\n<a>x</a><b>y</b><m>  \n <c>&lt;p&gt;一\n二&lt;/p&gt;</c> z</m><d>&amp;amp;</d></r>";
        let (pages, sink) = read_pages(xml);
        let parts: Vec<&str> = pages.iter().map(|(part, _)| part.as_str()).collect();
        let lines: Vec<&str> = sink.segments[0].text.lines().collect();
        assert_eq!(lines, ["x", "y", "<p>一", "二</p> z", "&amp;"]);
        assert_eq!(parts, ["xml line 3 (HTML)", "xml line 3 (HTML)", "xml line 5 (HTML)"]);
    }

    #[test]
    fn nested_values_are_read_again_at_most_twice_the_file_then_noted() {
        // 200 elements nested, each holding markup and the next: each would read all that is
        // inside it again as a page (the innermost text 200 times).
        let xml = format!("{}{}{}", "<a>&lt;b&gt;".repeat(200), "机密 ".repeat(2000), "</a>".repeat(200));
        let (pages, sink) = read_pages(&xml);
        let read: usize = pages.iter().map(|(_, text)| text.len()).sum();
        assert!(read <= 2 * xml.len(), "{read} bytes of pages from {} bytes", xml.len());
        // The innermost value, the first to close, was read; the rest is noted, for review.
        assert!(pages[0].1.contains("机密 机密"), "{:?}", pages[0]);
        let capped: Vec<_> =
            sink.coverage.iter().filter(|c| c.reason == Some(Unread::Limit(Cap::ElementValues))).collect();
        assert!(capped.len() == 1 && capped[0].needs_review, "{:?}", sink.coverage);
        // A document without such nesting is not noted.
        let (_, sink) = read_pages("<r><a>&lt;b&gt;机密</a><a>&lt;i&gt;x<i>&lt;i&gt;y</i></a></r>");
        assert!(sink.coverage.iter().all(|c| c.reason.is_none()), "{:?}", sink.coverage);
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
