//! What every ZIP-based container shares: every entry accounted for, and the text of the archive
//! itself (its comment, and for plain ZIP files its names).
//!
//! A reader of a ZIP-based format (DOCX, XLSX, PPTX, OFD) reads the parts it knows. A stranger can
//! put text in the others: a DOCX keeps data-bound content in `customXml/item1.xml`, an XLSX keeps
//! the rows of a deleted sheet in `xl/pivotCache/pivotCacheRecords1.xml`, and nothing stops anyone
//! from adding `word/secret.xml`. So coverage is decided by *consumption*, not by a list of known
//! parts: the [`Archive`] records what each reader did with each entry, and
//! [`account_for_every_entry`] deals with every entry nobody took:
//!
//! | what the entry holds | what happens |
//! | --- | --- |
//! | XML | read generically: every text node, and attribute values that look like text, one per line, as [`Role::Other`] segments located at the entry; noted in coverage as read generically. In the parts whose attributes are their data (see [`DataAttributes`]: a custom XML data store, PowerPoint's tags) every value that is not a machine token (a number, a GUID, `true`), Latin letters too |
//! | text | read generically as text, likewise |
//! | a document or archive (DOCX, PDF, ZIP, OLE…, HTML) | handed to the sink as a member |
//! | a picture | read by OCR (see [`ocr`](crate::ocr)); without OCR unread: `image: not read (no OCR)` |
//! | a font, printer settings, toolbars, signature data | unread with that reason (they hold no document text) |
//! | anything else | unread, needs review |
//!
//! So every file entry ends as read, member, or unread with a reason; none is dropped.

use std::borrow::Cow;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use mijian_core::{NotText, Unread};
use quick_xml::events::{BytesStart, Event};

use crate::ocr;
use crate::sniff::{sniff, Format};
use crate::text;
use crate::xml::{self, XmlReader};
use crate::zipread::{Archive, Use};
use crate::zipshape::FLAG_UTF8;
use crate::ExtractError;

mod markup;

/// Entries declaring more bytes than this are told apart by their first bytes before being
/// inflated whole.
const PEEK_ABOVE: u64 = 64 << 10;

/// Deals with every entry of `archive` that no reader consumed (see the module documentation),
/// notes the consumed ones as read, and reads the archive comment.
pub(crate) fn account_for_every_entry(
    archive: &mut Archive<'_>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    read_archive_comment(archive, sink)?;
    for index in 0..archive.names().len() {
        let name = archive.names()[index].clone();
        match archive.use_of(index) {
            Use::Read => sink.coverage(CoverageNote::read(&name))?,
            Use::Member => {}
            Use::Untouched => take_the_rest(archive, index, &name, sink)?,
        }
    }
    Ok(())
}

/// Reads (or notes) one entry no reader consumed.
fn take_the_rest(
    archive: &mut Archive<'_>,
    index: usize,
    name: &str,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let is_folder = name.ends_with('/');
    // Pictures and fonts are known by their first bytes: no need to inflate megabytes of photos.
    // (Small entries are read whole at once: starting to inflate twice would cost more.)
    if archive.raw_entries()[index].declared_size() > PEEK_ABOVE {
        let head = archive.peek(name, 64)?;
        if sniff(&head) == Format::Image || binary_kind(name, &head) == Some(Unread::Picture) {
            return read_picture(archive, name, None, sink);
        }
        if let Some(reason) = binary_kind(name, &head).filter(|_| is_binary(&head)) {
            sink.coverage(CoverageNote::unread(name, reason))?;
            return Ok(());
        }
    }
    let bytes = archive.read(name)?;
    if bytes.is_empty() {
        if !is_folder {
            sink.coverage(CoverageNote::read(name))?;
        }
        return Ok(());
    }
    // XML, the usual unknown part, is read as XML without sniffing all of its text first; a page
    // of HTML that is not well-formed XML goes to the HTML reader.
    if looks_like_xml(&bytes) {
        let html = sniff(&bytes[..bytes.len().min(1024)]) == Format::Html;
        if read_generic_xml(name, bytes, archive.limits().max_xml_depth, DataAttributes::of(name), sink)? {
            sink.coverage(CoverageNote::read_generically(name))?;
        } else if html {
            let bytes = archive.read_member(name)?;
            sink.member(name.to_owned(), bytes)?;
        } else {
            sink.coverage(CoverageNote::unread(name, Unread::Damaged))?;
        }
        return Ok(());
    }
    match sniff(&bytes) {
        Format::Text => {
            read_generic_text(name, &bytes, sink)?;
            sink.coverage(CoverageNote::read_generically(name))?;
        }
        Format::Image => read_picture(archive, name, Some(bytes), sink)?,
        Format::Binary | Format::Empty => match binary_kind(name, &bytes) {
            Some(Unread::Picture) => read_picture(archive, name, Some(bytes), sink)?,
            Some(reason) => sink.coverage(CoverageNote::unread(name, reason))?,
            None => sink.coverage(CoverageNote::unread(name, Unread::UnknownPart))?,
        },
        _ => {
            let bytes = archive.read_member(name)?;
            sink.member(name.to_owned(), bytes)?;
        }
    }
    Ok(())
}

/// Reads a picture entry by OCR (inflating it only when the engine is there to read it).
fn read_picture(
    archive: &mut Archive<'_>,
    name: &str,
    bytes: Option<Vec<u8>>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    // The thumbnail an office suite saves is a small picture of the first page: not content of
    // its own (the page is read), and too small for OCR to read reliably.
    if name.to_ascii_lowercase().starts_with("docprops/thumbnail") {
        sink.coverage(CoverageNote::unread(name, Unread::Ocr(mijian_core::OcrGap::Thumbnail)))?;
        return Ok(());
    }
    let bytes = match bytes {
        Some(bytes) => bytes,
        None if archive.limits().ocr.engine().is_some() => archive.read(name)?,
        None => Vec::new(),
    };
    ocr::read_picture(name, &bytes, &Location::part(name), Role::Body, archive.limits(), sink)?;
    Ok(())
}

/// Binary entries that hold no document text, by what their bytes or names say they are.
fn binary_kind(name: &str, bytes: &[u8]) -> Option<Unread> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    let file = lower.rsplit('/').next().unwrap_or_default();
    let font_magic = [&b"\x00\x01\x00\x00"[..], b"OTTO", b"true", b"ttcf", b"wOFF", b"wOF2"];
    if matches!(ext, "emf" | "wmf" | "jb2" | "jbig2" | "tif" | "tiff" | "bmp" | "ico" | "jpx" | "jp2")
        || bytes.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A])
        || (bytes.len() > 44 && &bytes[40..44] == b" EMF")
    {
        return Some(Unread::Picture);
    }
    if matches!(ext, "ttf" | "otf" | "ttc" | "cff" | "odttf" | "fntdata" | "woff" | "woff2" | "pfb" | "t1")
        || font_magic.iter().any(|m| bytes.starts_with(m))
    {
        return Some(Unread::Font);
    }
    if file == "vbaproject.bin" {
        // Macro-enabled files (DOCM, XLSM, PPTM…): the macros are program code, not text the
        // document shows.
        return Some(Unread::NotText(NotText::Macros));
    }
    if file.starts_with("printersettings") {
        return Some(Unread::NotText(NotText::PrinterSettings));
    }
    if file == "attachedtoolbars.bin" {
        return Some(Unread::NotText(NotText::Toolbars));
    }
    if ext == "esl" {
        return Some(Unread::Seal);
    }
    if file == "signedvalue.dat" {
        return Some(Unread::NotText(NotText::SignatureValue));
    }
    None
}

/// Whether the first bytes of an entry are binary: not text, not a document format sniffing knows.
fn is_binary(head: &[u8]) -> bool {
    matches!(sniff(head), Format::Binary | Format::Image)
}

/// Whether text bytes are XML: after a BOM and white space, they open with `<`.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    first == Some(&b'<') || bytes.starts_with(&[0xFF, 0xFE, b'<']) || bytes.starts_with(&[0xFE, 0xFF, 0, b'<'])
}

/// Attribute names whose values are text a program shows (pivot-cache values are `v`). Not
/// `val`: WordprocessingML puts every setting there, and Latin noise is all it would add (a value
/// with Chinese in it is read whatever its name).
const TEXT_ATTRIBUTES: &[&[u8]] = &[b"v", b"title", b"descr", b"caption", b"label", b"text", b"tooltip", b"prompt"];

/// Whether the raw attributes of an element may hold a value worth reading: one with a non-ASCII
/// byte, or one of [`TEXT_ATTRIBUTES`]. Most elements of most parts have neither, and are not
/// iterated at all (this check costs a fraction of parsing their attributes).
fn may_hold_text_attribute(raw: &[u8]) -> bool {
    if !raw.is_ascii() {
        return true;
    }
    memchr::memchr_iter(b'=', raw).any(|eq| {
        let key = raw[..eq].trim_ascii_end();
        let start = key.iter().rposition(|&b| b.is_ascii_whitespace() || b == b':').map_or(0, |p| p + 1);
        TEXT_ATTRIBUTES.contains(&&key[start..])
    })
}

/// The attribute values of `e` that are text: one of [`TEXT_ATTRIBUTES`], or any value with a
/// non-ASCII character (namespace declarations never). `None` when such a value cannot be
/// unescaped (the XML is malformed).
pub(crate) fn text_attributes<'a>(e: &'a BytesStart<'_>) -> Option<Vec<Cow<'a, str>>> {
    let mut values = Vec::new();
    if !may_hold_text_attribute(e.attributes_raw()) {
        return Some(values);
    }
    for attr in e.attributes().with_checks(false).flatten() {
        let key = attr.key.as_ref();
        if key.starts_with(b"xmlns") {
            continue;
        }
        if TEXT_ATTRIBUTES.contains(&xml::local_name(key)) || !attr.value.is_ascii() {
            values.push(attr.unescape_value().ok()?);
        }
    }
    Some(values)
}

/// Parts whose attributes hold the data itself, not settings of the markup: there a value made
/// of Latin letters (`Project BLUEFIN`) is text as much as a Chinese one, and is read unless it
/// is a machine token ([`is_machine_token`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum DataAttributes {
    /// A custom XML data store (`customXml/item1.xml`, not its `itemProps1.xml`): a program's
    /// data, which content controls and add-ins show; every attribute value.
    All,
    /// PowerPoint's tags (`ppt/tags/tag1.xml`, `<p:tag name="CODE" val="Project BLUEFIN"/>`):
    /// the values add-ins set and show; the `val` of each `tag` (its `name` is an identifier).
    TagValues,
}

impl DataAttributes {
    /// The kind of the entry `name`, if its attributes are its data.
    pub(crate) fn of(name: &str) -> Option<Self> {
        let lower = name.replace('\\', "/").to_ascii_lowercase();
        let (folder, file) = lower.rsplit_once('/').unwrap_or(("", &lower));
        let numbered = |prefix: &str| {
            file.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(".xml"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if (folder == "customxml" || folder.ends_with("/customxml")) && numbered("item") {
            Some(Self::All)
        } else if folder.ends_with("ppt/tags") && numbered("tag") {
            Some(Self::TagValues)
        } else {
            None
        }
    }

    /// Whether the attribute `key` (qualified) of element `element` (local name) is data.
    fn holds(self, element: &[u8], key: &[u8]) -> bool {
        if key.starts_with(b"xmlns") || key.starts_with(b"xsi:") || key.starts_with(b"xml:") {
            return false;
        }
        match self {
            Self::All => true,
            Self::TagValues => element == b"tag" && xml::local_name(key) == b"val",
        }
    }
}

/// Whether an attribute value is a token only a program reads, never a name or a phrase: no
/// letter at all (numbers, dates, `1.5`, `#FF0000`), a GUID (`{6F9619FF-8B86-D011-B42D-…}`), a
/// hex string of 12 or more digits with a decimal one (`00C04FC964FF`), `true`/`false`. A model
/// such as `FB-2000` or `CAFE-2024` is not one: only the GUID shape may have dashes.
fn is_machine_token(value: &str) -> bool {
    let v = value.trim();
    if !v.chars().any(char::is_alphabetic) || matches!(v, "true" | "false") {
        return true;
    }
    let bare = v.strip_prefix('{').and_then(|b| b.strip_suffix('}')).unwrap_or(v);
    let guid = bare.len() == 36
        && bare
            .bytes()
            .enumerate()
            .all(|(i, b)| if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() });
    let hex =
        bare.len() >= 12 && bare.bytes().all(|b| b.is_ascii_hexdigit()) && bare.bytes().any(|b| b.is_ascii_digit());
    guid || hex
}

/// The values of `e`'s attributes that are read: the textual ones ([`text_attributes`]), and in
/// a data part (`data`) every data value that is not a machine token, in the element's order.
fn read_attributes<'a>(e: &'a BytesStart<'_>, data: Option<DataAttributes>) -> Option<Vec<Cow<'a, str>>> {
    let Some(data) = data else { return text_attributes(e) };
    let element = xml::local_name(e.name().into_inner());
    let mut values = Vec::new();
    for attr in e.attributes().with_checks(false).flatten() {
        let key = attr.key.as_ref();
        let textual =
            !key.starts_with(b"xmlns") && (TEXT_ATTRIBUTES.contains(&xml::local_name(key)) || !attr.value.is_ascii());
        if textual || data.holds(element, key) {
            let value = attr.unescape_value().ok()?;
            if textual || !is_machine_token(&value) {
                values.push(value);
            }
        }
    }
    Some(values)
}

/// Reads an XML entry no reader knows: every text node, and every attribute value that is text
/// (one of [`TEXT_ATTRIBUTES`], or any value with a non-ASCII character; in a part of `data`,
/// see [`DataAttributes`]), one per line.
///
/// `Ok(false)` when the XML is malformed (the caller notes it for review); a limit (depth) is an
/// error, as in every reader.
///
/// A part made of markup only (styles, numbering, themes, relationships: no text node) is read
/// by a one-pass scanner ([`markup`]) that gives the same lines at a fraction of the cost, and
/// hands every part it is not sure of to the full reading. (Not a data part: the scanner knows
/// only the textual attributes.)
fn read_generic_xml(
    name: &str,
    bytes: Vec<u8>,
    max_depth: usize,
    data: Option<DataAttributes>,
    sink: &mut dyn DocumentSink,
) -> Result<bool, ExtractError> {
    if data.is_none() {
        if let Some(lines) = markup::remembered_attribute_lines(&bytes, max_depth) {
            emit(name, &lines, sink)?;
            return Ok(true);
        }
    }
    read_generic_xml_fully(name, bytes, max_depth, data, sink)
}

/// [`read_generic_xml`] with the XML reader, whatever the part holds.
fn read_generic_xml_fully(
    name: &str,
    bytes: Vec<u8>,
    max_depth: usize,
    data: Option<DataAttributes>,
    sink: &mut dyn DocumentSink,
) -> Result<bool, ExtractError> {
    let Ok(utf8) = xml::to_utf8(name, bytes) else {
        return Ok(false);
    };
    let mut reader = XmlReader::new(name, &utf8, max_depth);
    let mut lines = String::new();
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() {
            lines.push_str(s);
            lines.push('\n');
        }
    };
    loop {
        let event = match reader.next() {
            Ok(e) => e,
            Err(e) if e.is_limit() => return Err(e),
            Err(_) => return Ok(false),
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => match read_attributes(e, data) {
                Some(values) => values.iter().for_each(|v| push(v)),
                None => return Ok(false),
            },
            Event::Text(t) => match reader.text(t) {
                Ok(v) => push(&v),
                Err(_) => return Ok(false),
            },
            Event::CData(c) => match reader.cdata(c) {
                Ok(v) => push(v),
                Err(_) => return Ok(false),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    emit(name, &lines, sink)?;
    Ok(true)
}

/// Reads a text entry no reader knows, in whatever encoding it is.
fn read_generic_text(name: &str, bytes: &[u8], sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let decoded = text::decode(bytes);
    emit(name, &decoded.text, sink)?;
    Ok(())
}

/// Pushes `text` as segments located at entry `name`, line numbers counting from 1.
fn emit(name: &str, text: &str, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    text::for_each_chunk(text, text::CHUNK, |first_line, chunk| {
        if !chunk.trim().is_empty() {
            sink.segment(Segment::new(Location::part(name).with_line(first_line), Role::Other, chunk))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The part name of the segments holding a plain archive's member names (line *n*: entry *n*).
pub(crate) const NAMES_PART: &str = "(archive member names)";
/// The part name of the segments holding the members' own comments (line *n*: entry *n*).
pub(crate) const ENTRY_COMMENTS_PART: &str = "(archive member comments)";
/// The part name of the archive comment.
pub(crate) const COMMENT_PART: &str = "(archive comment)";

/// Reads the archive comment, which `unzip` prints and archive tools show, as text.
pub(crate) fn read_archive_comment(archive: &Archive<'_>, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let comment = archive.comment();
    if !comment.is_empty() {
        emit(COMMENT_PART, &text::decode(comment).text, sink)?;
        sink.coverage(CoverageNote::read(COMMENT_PART))?;
    }
    Ok(())
}

/// Reads the member and folder names of a plain archive, and each member's comment, as text: every
/// unzip tool shows them, and a site shows an attachment's name as its link text.
///
/// Each name is its own segment (names are not one text: a term must not be found across two),
/// at line *n* of [`NAMES_PART`] for entry *n*. A name is decoded as its archive tools would: UTF-8
/// when the entry says so or the bytes are valid UTF-8, else GBK (what Chinese Windows writes),
/// else as the `zip` crate decodes it (code page 437); a Unicode Path extra field is read too.
pub(crate) fn read_names(archive: &Archive<'_>, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    for (i, entry) in archive.raw_entries().iter().enumerate() {
        let line = i as u32 + 1;
        let mut names = vec![decode_name(&entry.name, entry.flags, &archive.names()[i])];
        if let Some(unicode) = &entry.unicode_name {
            if !names.contains(unicode) {
                names.push(unicode.clone());
            }
        }
        for name in names {
            sink.segment(Segment::new(Location::part(NAMES_PART).with_line(line), Role::Other, name))?;
        }
        if !entry.comment.is_empty() {
            let comment = decode_name(&entry.comment, entry.flags, "");
            sink.segment(Segment::new(Location::part(ENTRY_COMMENTS_PART).with_line(line), Role::Other, comment))?;
        }
    }
    sink.coverage(CoverageNote::read(NAMES_PART))?;
    Ok(())
}

/// Decodes a stored name or comment (see [`read_names`]); `fallback` is the `zip` crate's reading.
fn decode_name(raw: &[u8], flags: u16, fallback: &str) -> String {
    if flags & FLAG_UTF8 != 0 {
        return String::from_utf8_lossy(raw).into_owned();
    }
    if let Ok(s) = std::str::from_utf8(raw) {
        return s.to_owned();
    }
    if let Some(s) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(raw) {
        return s.into_owned();
    }
    if fallback.is_empty() {
        String::from_utf8_lossy(raw).into_owned()
    } else {
        fallback.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;
    use mijian_core::Collected;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    use zip::ZipWriter;

    fn zip(entries: &[(&str, &[u8])], comment: &[u8]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.set_raw_comment(comment.to_vec().into_boxed_slice());
        w.finish().unwrap().into_inner()
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn every_untouched_entry_ends_read_member_or_unread() {
        let inner = zip(&[("a.txt", b"x")], b"");
        let bytes = zip(
            &[
                ("word/document.xml", b"<w:document/>"),
                ("customXml/item1.xml", "<root><密级>机密★1年</密级><x v=\"绝密★启用前\"/></root>".as_bytes()),
                ("notes.txt", "秘密".as_bytes()),
                ("word/media/image1.png", PNG),
                ("word/fonts/font1.odttf", b"\x01\x02\x03\x04binary"),
                ("blob.bin", b"\x01\x02\x03\x04binary"),
                ("hidden/inner.zip", &inner),
                ("bad.xml", b"<x><y></x>"),
                ("dir/", b""),
            ],
            b"",
        );
        let limits = Limits::default();
        let mut a = Archive::open(&bytes, &limits).unwrap();
        a.read("word/document.xml").unwrap();
        let mut sink = Collected::default();
        account_for_every_entry(&mut a, &mut sink).unwrap();

        let texts: Vec<(&str, &str)> =
            sink.segments.iter().map(|s| (s.location.part.as_str(), s.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![("customXml/item1.xml", "机密★1年\n绝密★启用前\n"), ("notes.txt", "秘密")],
            "generic reading keeps text nodes and textual attributes"
        );
        assert_eq!(sink.members, vec![("hidden/inner.zip".to_owned(), inner)]);
        let note = |part: &str| sink.coverage.iter().find(|n| n.part == part).cloned();
        assert_eq!(note("word/document.xml"), Some(CoverageNote::read("word/document.xml")));
        assert_eq!(note("customXml/item1.xml"), Some(CoverageNote::read_generically("customXml/item1.xml")));
        assert_eq!(note("word/media/image1.png"), Some(CoverageNote::unread("word/media/image1.png", Unread::Picture)));
        assert!(!note("word/fonts/font1.odttf").unwrap().needs_review);
        assert!(note("blob.bin").unwrap().needs_review, "unknown binary needs a person");
        assert!(note("bad.xml").unwrap().needs_review);
        assert_eq!(note("dir/"), None, "an empty folder is a name, not content");
    }

    #[test]
    fn data_parts_read_latin_attribute_values_but_not_machine_tokens() {
        // A custom XML data store and PowerPoint's tags keep their data in attributes: a Latin
        // code name there is read; GUIDs, numbers, booleans, namespace declarations and a tag's
        // name (an identifier) are not. Elsewhere (a theme, a stray part) a Latin value is still
        // markup, and only textual attributes are read.
        let item = r#"<root xmlns:x="urn:x" x:kind="Project BLUEFIN"><rec id="{6F9619FF-8B86-D011-B42D-00C04FC964FF}" n="12.5" ok="true" model="KJ-2000" when="2024-01-01"/><name>Text node</name></root>"#;
        let tags = r#"<p:tagLst xmlns:p="urn:p"><p:tag name="CODENAME" val="Project BLUEFIN"/><p:tag name="ID" val="00C04FC964FF"/></p:tagLst>"#;
        let other = r#"<a:theme xmlns:a="urn:a" name="Office Theme"><a:font typeface="Calibri" val="Project BLUEFIN"/></a:theme>"#;
        let bytes = zip(
            &[
                ("customXml/item1.xml", item.as_bytes()),
                (
                    "customXml/itemProps1.xml",
                    br#"<ds:datastoreItem xmlns:ds="urn:ds" ds:itemID="{1}" uri="Project BLUEFIN"/>"#,
                ),
                ("ppt/tags/tag1.xml", tags.as_bytes()),
                ("ppt/theme/theme1.xml", other.as_bytes()),
            ],
            b"",
        );
        let limits = Limits::default();
        let mut a = Archive::open(&bytes, &limits).unwrap();
        let mut sink = Collected::default();
        account_for_every_entry(&mut a, &mut sink).unwrap();
        let texts: Vec<(&str, &str)> =
            sink.segments.iter().map(|s| (s.location.part.as_str(), s.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                ("customXml/item1.xml", "Project BLUEFIN\nKJ-2000\nText node\n"),
                ("ppt/tags/tag1.xml", "Project BLUEFIN\n"),
            ]
        );
        assert_eq!(DataAttributes::of("customXml/item12.xml"), Some(DataAttributes::All));
        assert_eq!(DataAttributes::of("customXml/itemProps1.xml"), None);
        assert_eq!(DataAttributes::of("ppt/tags/tag3.xml"), Some(DataAttributes::TagValues));
        assert_eq!(DataAttributes::of("ppt/tags/_rels/tag3.xml.rels"), None);
        for token in ["{6F9619FF-8B86-D011-B42D-00C04FC964FF}", "00C04FC964FF", "12.5", "2024-01-01", "true", " "] {
            assert!(is_machine_token(token), "{token}");
        }
        for text in ["Project BLUEFIN", "KJ-2000", "BLUEFIN", "Deadbeef Cafe", "CAFE-2024-B", "FB-2000"] {
            assert!(!is_machine_token(text), "{text}");
        }
    }

    #[test]
    fn only_elements_with_textual_attributes_are_iterated() {
        assert!(!may_hold_text_attribute(br#" w:val="heading 1" w:type="paragraph""#));
        assert!(may_hold_text_attribute(" w:val=\"标题 1\"".as_bytes()));
        assert!(may_hold_text_attribute(br#" v="KJ-3""#));
        assert!(may_hold_text_attribute(br#" x:title = "a""#));
        assert!(!may_hold_text_attribute(b""));
    }

    #[test]
    fn names_and_comments_are_text() {
        let bytes = zip(&[("机密★1年/通知.txt", b"x"), ("b.txt", b"y")], "绝密★启用前".as_bytes());
        let limits = Limits::default();
        let a = Archive::open(&bytes, &limits).unwrap();
        let mut sink = Collected::default();
        read_names(&a, &mut sink).unwrap();
        read_archive_comment(&a, &mut sink).unwrap();
        let got: Vec<(String, Option<u32>, String)> =
            sink.segments.iter().map(|s| (s.location.part.clone(), s.location.line, s.text.clone())).collect();
        assert_eq!(
            got,
            vec![
                (NAMES_PART.to_owned(), Some(1), "机密★1年/通知.txt".to_owned()),
                (NAMES_PART.to_owned(), Some(2), "b.txt".to_owned()),
                (COMMENT_PART.to_owned(), Some(1), "绝密★启用前".to_owned()),
            ]
        );
    }

    #[test]
    fn gbk_names_are_decoded_as_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("机密文件.txt");
        assert_eq!(decode_name(&gbk, 0, "mojibake"), "机密文件.txt");
        assert_eq!(decode_name("机密".as_bytes(), FLAG_UTF8, ""), "机密");
        assert_eq!(decode_name(b"\x81", 0, "cp437"), "cp437");
    }
}
