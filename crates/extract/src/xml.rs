//! Small helpers over quick-xml for reading the XML parts of a package.
//!
//! Three jobs, all about hostile input:
//!
//! - [`to_utf8`] brings the bytes of a part to UTF-8: UTF-8 stays as it is (with or without a
//!   BOM), UTF-16 (BOM, or detected from the first bytes of `<?xml`) and any other encoding the XML
//!   declaration names are transcoded.
//! - [`XmlReader`] wraps quick-xml's zero-copy slice reader: it bounds element nesting (a
//!   million nested `<a>` is a cheap way to exhaust a recursive reader, or an unbounded stack of
//!   state), refuses a document that ends with elements still open, and turns every error into an
//!   [`Defect::Xml`] error naming the part and the byte where it happened.
//! - Text and attribute values are unescaped: predefined entities (`&amp;`) and character
//!   references (`&#26426;`, `&#x673A;` → `机`). Other named entities would need a DTD, which an
//!   OOXML part must not have; they are an error, never silently dropped.
//!
//! UTF-8 is validated with encoding_rs, not `std::str::from_utf8`: on CJK text (three bytes a
//! character) the standard validator runs at about 1 GB/s and was the largest cost after inflating,
//! encoding_rs's is about ten times faster. A whole part is validated once by [`to_utf8`]; text
//! events are turned into `&str` by [`XmlReader::text`] with the same validator.
//!
//! Element names are matched by their *local* name (`t` for `w:t`), so a document that binds the
//! WordprocessingML namespace to an unusual prefix (`<ns0:t>`) reads the same. Byte positions are
//! offsets in the part as UTF-8: the raw offset for UTF-8 parts (BOM included), an offset in the
//! transcoded bytes for the others.

use std::borrow::Cow;

use quick_xml::events::{BytesCData, BytesStart, BytesText, Event};
use quick_xml::Reader;

use crate::{Defect, ExtractError, Limits};

/// The local part of a qualified XML name: `t` for `w:t`, `t` for `t`.
pub(crate) fn local_name(qname: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', qname) {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

/// The bytes of the XML part `part` as valid UTF-8.
///
/// UTF-8 parts (the usual case) are validated and returned as they are, without a copy; a UTF-8
/// BOM is kept for quick-xml to skip, so positions stay raw byte offsets. UTF-16 and declared
/// legacy encodings are transcoded. Invalid bytes are an [`ExtractError::Undecodable`] naming the part
/// (and, for UTF-8, the offset): replacing them would read something other than what the file
/// holds.
pub(crate) fn to_utf8(part: &str, bytes: Vec<u8>) -> Result<Vec<u8>, ExtractError> {
    let transcode = |enc: &'static encoding_rs::Encoding, body: &[u8]| {
        enc.decode_without_bom_handling_and_without_replacement(body)
            .map(|text| text.into_owned().into_bytes())
            .ok_or_else(|| ExtractError::Undecodable { part: part.to_owned(), at: None, encoding: enc.name() })
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => return transcode(encoding_rs::UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => return transcode(encoding_rs::UTF_16BE, rest),
        [b'<', 0, b'?', 0, ..] => return transcode(encoding_rs::UTF_16LE, &bytes),
        [0, b'<', 0, b'?', ..] => return transcode(encoding_rs::UTF_16BE, &bytes),
        _ => {}
    }
    if let Some(enc) = declared_encoding(&bytes) {
        // A UTF-16 label on 8-bit bytes is a lie (the checks above would have seen UTF-16):
        // such a part is read as UTF-8, like one without a declaration.
        if enc != encoding_rs::UTF_8 && enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE {
            return transcode(enc, &bytes);
        }
    }
    let valid = encoding_rs::Encoding::utf8_valid_up_to(&bytes);
    if valid < bytes.len() {
        return Err(ExtractError::Undecodable { part: part.to_owned(), at: Some(valid as u64), encoding: "UTF-8" });
    }
    Ok(bytes)
}

/// `bytes` as `&str` if they are valid UTF-8, checked with encoding_rs's fast validator.
fn utf8(bytes: &[u8]) -> Option<&str> {
    match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(Cow::Borrowed(text)) => Some(text),
        // Not produced for valid UTF-8 input; kept as a fallback rather than assumed away.
        _ => std::str::from_utf8(bytes).ok(),
    }
}

/// The encoding named by the XML declaration at the start of `bytes`, if any and if known.
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let head = &bytes[..bytes.len().min(256)];
    let end = memchr::memmem::find(head, b"?>")?;
    let decl = &head[..end];
    let at = memchr::memmem::find(decl, b"encoding")? + b"encoding".len();
    let rest = decl[at..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let close = memchr::memchr(quote, value)?;
    encoding_rs::Encoding::for_label(&value[..close])
}

/// A pull reader over one decoded XML part, with a nesting bound and errors that say where.
pub(crate) struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    part: &'a str,
    depth: usize,
    max_depth: usize,
    /// Where the last event started, for errors found after it was read (bad entity, bad depth).
    event_start: u64,
    /// The file's budget, looked at every [`EVENTS_PER_CHECK`] events: a cancelled inspection
    /// stops in the middle of a large part too.
    limits: Option<&'a Limits>,
    events: u32,
}

/// Events read between two looks at the budget (a few microseconds of parsing).
const EVENTS_PER_CHECK: u32 = 4096;

impl<'a> XmlReader<'a> {
    /// A reader over `xml`, the content of `part` as UTF-8 (see [`to_utf8`]), refusing nesting
    /// deeper than `max_depth` elements.
    pub(crate) fn new(part: &'a str, xml: &'a [u8], max_depth: usize) -> Self {
        let mut reader = Reader::from_reader(xml);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.trim_text(false);
        XmlReader { reader, part, depth: 0, max_depth, event_start: 0, limits: None, events: 0 }
    }

    /// A reader over `xml` within `limits`: their nesting depth, and the file's budget (it
    /// stops when the inspection is cancelled or out of time).
    pub(crate) fn bounded(part: &'a str, xml: &'a [u8], limits: &'a Limits) -> Self {
        XmlReader { limits: Some(limits), ..XmlReader::new(part, xml, limits.max_xml_depth) }
    }

    /// The next event, borrowing from the text.
    ///
    /// `Start` and `End` come in matched pairs (quick-xml checks the names); `Eof` is returned
    /// only when every element has been closed. An element that opens deeper than `max_depth`
    /// is an [`ExtractError::LimitExceeded`] naming the part.
    #[inline]
    pub(crate) fn next(&mut self) -> Result<Event<'a>, ExtractError> {
        self.event_start = self.reader.buffer_position();
        self.events += 1;
        if self.events == EVENTS_PER_CHECK {
            self.events = 0;
            if let Some(limits) = self.limits {
                limits.check()?;
            }
        }
        let event = match self.reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                return Err(ExtractError::corrupt(Defect::Xml { cause: e.to_string() })
                    .in_part(self.part)
                    .at_byte(self.reader.error_position()))
            }
        };
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                self.check_depth(self.depth)?;
            }
            Event::Empty(_) => self.check_depth(self.depth + 1)?,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Eof if self.depth > 0 => return Err(self.flaw(Defect::XmlUnclosed { open: self.depth as u64 })),
            _ => {}
        }
        Ok(event)
    }

    /// Skips the rest of the element whose `Start` was the last event, through its `End`.
    ///
    /// The skipped events are still parsed (a malformed or too deep subtree is still an error);
    /// they are only not looked at.
    pub(crate) fn skip(&mut self) -> Result<(), ExtractError> {
        let until = self.depth.saturating_sub(1);
        loop {
            match self.next()? {
                Event::End(_) if self.depth == until => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// How many elements are open (1 inside the root element).
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// The text of a text event, entities and character references resolved; invalid UTF-8 is an
    /// error.
    pub(crate) fn text<'t>(&self, text: &'t BytesText<'_>) -> Result<Cow<'t, str>, ExtractError> {
        let raw = utf8(text).ok_or_else(|| self.flaw(Defect::XmlInvalidUtf8))?;
        quick_xml::escape::unescape(raw).map_err(|e| self.error(e.to_string()))
    }

    /// The text of a CDATA section (taken literally, as CDATA is).
    pub(crate) fn cdata<'t>(&self, cdata: &'t BytesCData<'_>) -> Result<&'t str, ExtractError> {
        utf8(cdata).ok_or_else(|| self.flaw(Defect::XmlInvalidUtf8))
    }

    /// The unescaped value of the attribute of `element` whose local name is `local`, if any.
    /// Namespace declarations (`xmlns:…`) are never matched.
    pub(crate) fn attr<'e>(
        &self,
        element: &'e BytesStart<'_>,
        local: &[u8],
    ) -> Result<Option<Cow<'e, str>>, ExtractError> {
        for attr in element.attributes() {
            let attr = attr.map_err(|e| self.error(e.to_string()))?;
            let key = attr.key.as_ref();
            if local_name(key) == local && !key.starts_with(b"xmlns") {
                return attr.unescape_value().map(Some).map_err(|e| self.error(e.to_string()));
            }
        }
        Ok(None)
    }

    /// The unescaped value of the first of `locals` (in that order of preference) that `element`
    /// has, as [`XmlReader::attr`] would find trying each in turn, but walking the attributes once:
    /// a run's `w:rFonts` is looked at for every run of a document.
    pub(crate) fn first_attr<'e>(
        &self,
        element: &'e BytesStart<'_>,
        locals: &[&[u8]],
    ) -> Result<Option<Cow<'e, str>>, ExtractError> {
        let mut best: Option<(usize, quick_xml::events::attributes::Attribute<'e>)> = None;
        for attr in element.attributes() {
            let attr = attr.map_err(|e| self.error(e.to_string()))?;
            let key = attr.key.as_ref();
            if key.starts_with(b"xmlns") {
                continue;
            }
            let local = local_name(key);
            let Some(rank) = locals.iter().position(|l| local == *l) else { continue };
            if best.as_ref().is_none_or(|(b, _)| rank < *b) {
                best = Some((rank, attr));
                if rank == 0 {
                    // Nothing is preferred to it: the attributes after it are not looked at, as
                    // `attr` would not look at them either.
                    break;
                }
            }
        }
        best.map(|(_, a)| a.unescape_value().map_err(|e| self.error(e.to_string()))).transpose()
    }

    /// A [`Defect::Xml`] for this part at the start of the last event, with the parser's message.
    pub(crate) fn error(&self, message: impl Into<String>) -> ExtractError {
        self.flaw(Defect::Xml { cause: message.into() })
    }

    /// An [`ExtractError::Corrupt`] for this part at the start of the last event.
    fn flaw(&self, what: Defect) -> ExtractError {
        ExtractError::corrupt(what).in_part(self.part).at_byte(self.event_start)
    }

    fn check_depth(&self, depth: usize) -> Result<(), ExtractError> {
        if depth > self.max_depth {
            return Err(ExtractError::LimitExceeded {
                kind: crate::LimitKind::NestingDepth,
                limit: self.max_depth as u64,
                seen: depth as u64,
                part: Some(self.part.to_owned()),
                at: None,
            });
        }
        Ok(())
    }
}

/// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#N;` / `&#xN;` decoded, for XML text read without a
/// parser (PDF metadata streams, a request body the gateway looks at); any other `&` is left as it
/// is, so a broken reference never loses text.
pub fn decode_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All text of `xml`, concatenated.
    fn texts(xml: impl AsRef<[u8]>, max_depth: usize) -> Result<String, ExtractError> {
        let mut r = XmlReader::new("p.xml", xml.as_ref(), max_depth);
        let mut out = String::new();
        loop {
            match r.next()? {
                Event::Text(t) => out.push_str(&r.text(&t)?),
                Event::CData(c) => out.push_str(r.cdata(&c)?),
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    #[test]
    fn a_cancelled_inspection_stops_in_the_middle_of_a_part() {
        let xml = format!("<r>{}</r>", "<a/>".repeat(100_000));
        let limits = Limits::default();
        let mut r = XmlReader::bounded("p.xml", xml.as_bytes(), &limits);
        for _ in 0..10 {
            r.next().unwrap();
        }
        limits.cancel.cancel();
        let mut events = 0;
        let stopped = loop {
            match r.next() {
                Ok(Event::Eof) => break None,
                Ok(_) => events += 1,
                Err(e) => break Some(e),
            }
        };
        assert!(matches!(stopped, Some(ExtractError::Cancelled)), "{stopped:?}");
        assert!(events < EVENTS_PER_CHECK as usize, "stopped within one check interval, not at the end");
    }

    #[test]
    fn local_names() {
        assert_eq!(local_name(b"w:t"), b"t");
        assert_eq!(local_name(b"t"), b"t");
        assert_eq!(local_name(b"ns0:delText"), b"delText");
    }

    #[test]
    fn entities_and_character_references() {
        assert_eq!(texts("<a>&#26426;&#x5BC6;&amp;&lt;&#9733;</a>", 8).unwrap(), "机密&<★");
        assert_eq!(texts("<a><![CDATA[机&amp;]]></a>", 8).unwrap(), "机&amp;");
    }

    #[test]
    fn unknown_entity_is_an_error_naming_the_part() {
        match texts("<a>x &secret; y</a>", 8) {
            Err(ExtractError::Corrupt { part: Some(part), at: Some(position), what: Defect::Xml { .. } }) => {
                assert_eq!(part, "p.xml");
                assert_eq!(position, 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_xml_has_a_position() {
        match texts("<a><b></a>", 8) {
            Err(ExtractError::Corrupt { part: Some(part), at: Some(_), what: Defect::Xml { cause } }) => {
                assert_eq!(part, "p.xml");
                assert!(cause.contains("</a>") || cause.contains('b'), "{cause}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            texts("<a><b>text", 8),
            Err(ExtractError::Corrupt { what: Defect::XmlUnclosed { open: 2 }, .. })
        ));
        assert!(matches!(texts("<a", 8), Err(ExtractError::Corrupt { what: Defect::Xml { .. }, .. })));
    }

    #[test]
    fn depth_limit() {
        let deep = format!("{}{}", "<a>".repeat(10), "</a>".repeat(10));
        assert!(texts(&deep, 10).is_ok());
        match texts(&deep, 9) {
            Err(ExtractError::LimitExceeded {
                kind: crate::LimitKind::NestingDepth, limit: 9, seen: 10, part, ..
            }) => {
                assert_eq!(part.as_deref(), Some("p.xml"))
            }
            other => panic!("{other:?}"),
        }
        let empty_leaf = format!("{}<b/>{}", "<a>".repeat(9), "</a>".repeat(9));
        assert!(matches!(texts(&empty_leaf, 9), Err(ExtractError::LimitExceeded { .. })));
    }

    #[test]
    fn skips_an_element() {
        let mut r = XmlReader::new("p.xml", b"<a><b><c>x</c><c/></b><d>y</d></a>", 8);
        assert!(matches!(r.next().unwrap(), Event::Start(_)));
        assert!(matches!(r.next().unwrap(), Event::Start(_)));
        r.skip().unwrap();
        assert_eq!(r.depth(), 1);
        let Event::Start(d) = r.next().unwrap() else { panic!() };
        assert_eq!(d.name().as_ref(), b"d");
    }

    #[test]
    fn attributes_by_local_name() {
        let mut r = XmlReader::new("p.xml", r#"<w:c xmlns:w="u" w:author="张&#19977;"/>"#.as_bytes(), 8);
        let Event::Empty(e) = r.next().unwrap() else { panic!() };
        assert_eq!(r.attr(&e, b"author").unwrap().as_deref(), Some("张三"));
        assert_eq!(r.attr(&e, b"w").unwrap(), None);
        assert_eq!(r.attr(&e, b"date").unwrap(), None);
    }

    #[test]
    fn the_first_attribute_by_preference_agrees_with_trying_each_in_turn() {
        let names: [&[u8]; 3] = [b"ascii", b"hAnsi", b"cs"];
        for element in [
            r#"<w:rFonts w:hint="eastAsia"/>"#,
            r#"<w:rFonts w:cs="Symbol" w:hAnsi="Wingdings" w:hint="x"/>"#,
            r#"<w:rFonts w:cs="宋体" w:ascii="Symbol&amp;" w:hAnsi="Wingdings"/>"#,
            r#"<w:rFonts xmlns:ascii="u" w:cs="Arial"/>"#,
            r#"<w:rFonts w:cs="a" w:cs="b"/>"#,
            r#"<w:rFonts w:ascii="a" w:ascii="b"/>"#,
            r#"<w:rFonts w:hAnsi="a" w:hAnsi="b"/>"#,
            r#"<w:rFonts w:ascii="&bogus;"/>"#,
        ] {
            let mut r = XmlReader::new("p.xml", element.as_bytes(), 8);
            let Ok(Event::Empty(e)) = r.next() else { panic!("{element}") };
            let each = || -> Result<Option<String>, ExtractError> {
                for name in names {
                    if let Some(v) = r.attr(&e, name)? {
                        return Ok(Some(v.into_owned()));
                    }
                }
                Ok(None)
            };
            let once = r.first_attr(&e, &names).map(|v| v.map(Cow::into_owned));
            assert_eq!(format!("{once:?}"), format!("{:?}", each()), "{element}");
        }
    }

    #[test]
    fn brings_utf8_utf16_and_declared_encodings_to_utf8() {
        let xml = "<?xml version=\"1.0\"?><a>机密</a>";
        assert_eq!(to_utf8("p", xml.as_bytes().to_vec()).unwrap(), xml.as_bytes());

        let mut le = vec![0xFF, 0xFE];
        le.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(to_utf8("p", le).unwrap(), xml.as_bytes());
        let be: Vec<u8> = xml.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(to_utf8("p", be).unwrap(), xml.as_bytes());
        let le_no_bom: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(to_utf8("p", le_no_bom).unwrap(), xml.as_bytes());

        let gbk_xml = "<?xml version=\"1.0\" encoding=\"GBK\"?><a>机密</a>";
        let (gbk, _, _) = encoding_rs::GBK.encode(gbk_xml);
        assert_eq!(to_utf8("p", gbk.into_owned()).unwrap(), gbk_xml.as_bytes());

        // A UTF-8 BOM is kept for quick-xml to skip, so positions are raw offsets.
        let bom = b"\xEF\xBB\xBF<a>&#26426;</a>";
        assert_eq!(texts(to_utf8("p", bom.to_vec()).unwrap(), 4).unwrap(), "机");
    }

    #[test]
    fn invalid_bytes_are_errors() {
        match to_utf8("word/document.xml", b"<a>ok</a><b>\xFF\xFE\xFD</b>".to_vec()) {
            Err(ExtractError::Undecodable { part, at, encoding }) => {
                assert_eq!((part.as_str(), at, encoding), ("word/document.xml", Some(12), "UTF-8"))
            }
            other => panic!("{other:?}"),
        }
        // Text events check again (a reader may be handed bytes that did not go through to_utf8).
        match texts(b"<a>ok</a><b>\xFF\xFE\xFD</b>", 4) {
            Err(ExtractError::Corrupt { part: Some(part), at: Some(position), what: Defect::XmlInvalidUtf8 }) => {
                assert_eq!((part.as_str(), position), ("p.xml", 12))
            }
            other => panic!("{other:?}"),
        }
        let mut odd = vec![0xFF, 0xFE];
        odd.extend([b'<', 0, 0x00, 0xD8]); // a lone surrogate
        assert!(
            matches!(to_utf8("p", odd), Err(ExtractError::Undecodable { part, at: None, encoding: "UTF-16LE" }) if part == "p")
        );
    }
}
