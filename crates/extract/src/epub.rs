//! EPUB e-books: the chapters in reading order, the table of contents and the book's metadata.
//!
//! An EPUB is a ZIP whose `META-INF/container.xml` names a *package document* (the OPF). The OPF
//! holds the metadata (`dc:title`, `dc:creator`, `dc:subject`, `dc:description`…: read as
//! [`Role::Properties`] of the OPF part, field = the element name; EPUB 2's guide titles too,
//! field `guide`), the *manifest* (every file of
//! the book, with its media type) and the *spine* (the reading order). The reader:
//!
//! 1. reads the spine's XHTML chapters in order through the HTML reader (SVG ones through the
//!    SVG reader), each under its own part name (`OEBPS/ch1.xhtml`);
//! 2. reads the navigation document (EPUB 3 `nav`) and the NCX table of contents (EPUB 2), which
//!    a reader shows as the book's contents;
//! 3. reads the manifest's other XHTML pages too (not in the spine, still reachable by a link);
//! 4. accounts for every other file: pictures noted as unread, fonts noted as not text, anything
//!    else (style sheets, stray files) handed back as a member to be inspected in its own right;
//!    a style sheet's generated text (`content` strings, list markers) is also read, unquoted,
//!    at the style sheet, field = the selector (a chapter that links it shows it).
//!
//! A book whose `META-INF/encryption.xml` encrypts anything but fonts (fonts are obfuscated by
//! design, the text stays readable) is an error (`encrypted`): its chapters cannot be read.

use std::collections::HashSet;

use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use crate::nested::Within;
use crate::ooxml::resolve_target;
use crate::xml::{self, local_name, XmlReader};
use crate::zipread::Archive;
use crate::{html, ocr, svg, xmldoc, ExtractError, Limits};

const CONTAINER: &str = "META-INF/container.xml";
const ENCRYPTION: &str = "META-INF/encryption.xml";

/// One file the manifest lists.
#[derive(Debug, Clone)]
struct Item {
    id: String,
    /// The package path it resolves to.
    path: String,
    media_type: String,
    properties: String,
}

/// What the package document says.
#[derive(Debug, Default)]
struct Package {
    metadata: Vec<(String, String)>,
    items: Vec<Item>,
    spine: Vec<String>,
    /// The id of the NCX (the spine's `toc` attribute).
    toc: Option<String>,
}

/// Reads the EPUB in `bytes` into `sink`: see the module documentation.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let mut archive = Archive::open(bytes, limits)?;
    refuse_encrypted(&mut archive, limits)?;
    let opf_path = package_path(&mut archive, limits)?;
    let opf = xml::to_utf8(&opf_path, archive.read(&opf_path)?)?;
    let package = read_package(&opf_path, &opf, limits)?;
    for (field, value) in &package.metadata {
        let location = Location::part(opf_path.as_str()).with_field(field.as_str());
        sink.segment(Segment::new(location, Role::Properties, value.as_str()))?;
    }
    sink.coverage(CoverageNote::read(opf_path.as_str()))?;

    let mut consumed: HashSet<String> = [opf_path.clone(), CONTAINER.to_owned(), "mimetype".to_owned()].into();
    let by_id = |id: &str| package.items.iter().find(|i| i.id == id);
    // 1. the spine, 2. navigation, 3. the other pages.
    let mut order: Vec<&Item> = package.spine.iter().filter_map(|id| by_id(id)).collect();
    order.extend(package.items.iter().filter(|i| i.properties.split_whitespace().any(|p| p == "nav")));
    order.extend(package.toc.as_deref().and_then(by_id));
    order.extend(package.items.iter().filter(|i| i.media_type == "application/x-dtbncx+xml"));
    order.extend(package.items.iter().filter(|i| is_page(&i.media_type)));
    for item in order {
        let Some(path) = archive.find(&item.path).map(str::to_owned) else {
            sink.coverage(CoverageNote::unread(item.path.as_str(), Unread::MissingPart))?;
            consumed.insert(item.path.clone());
            continue;
        };
        if !consumed.insert(path.clone()) {
            continue;
        }
        let data = archive.read(&path)?;
        let mut within = Within::new(&path, sink);
        match item.media_type.as_str() {
            "image/svg+xml" => svg::extract(&data, limits, &mut within)?,
            "application/x-dtbncx+xml" => xmldoc::extract(&data, limits, &mut within)?,
            _ => html::extract(&data, limits, &mut within)?,
        }
    }

    let names: Vec<String> = archive.names().iter().filter(|n| !n.ends_with('/')).cloned().collect();
    for name in names {
        if consumed.contains(&name) || name.eq_ignore_ascii_case(ENCRYPTION) {
            continue;
        }
        let media_type = package.items.iter().find(|i| i.path == name).map(|i| i.media_type.as_str()).unwrap_or("");
        // An SVG picture is text: it is handed back as a member, which the SVG reader reads.
        let svg = media_type == "image/svg+xml" || has_extension(&name, &["svg"]);
        if !svg
            && (media_type.starts_with("image/") || has_extension(&name, &["png", "jpg", "jpeg", "gif", "webp", "bmp"]))
        {
            let data = if limits.ocr.engine().is_some() { archive.read(&name)? } else { Vec::new() };
            ocr::read_picture(&name, &data, &Location::part(name.as_str()), Role::Body, limits, sink)?;
        } else if is_font(media_type) || has_extension(&name, &["ttf", "otf", "woff", "woff2"]) {
            sink.coverage(CoverageNote::unread(name, Unread::Font))?;
        } else {
            let data = archive.read(&name)?;
            // A style sheet's `content` strings show in the chapters that link it (`::before`…):
            // read, unquoted, beside the file itself (inspected as a member, as before).
            if media_type == "text/css" || has_extension(&name, &["css"]) {
                let css = crate::text::decode(&data).text;
                for (selector, text) in html::style_sheet_texts(&css) {
                    let location = Location::part(name.as_str()).with_field(selector.as_str());
                    sink.segment(Segment::new(location, Role::Other, text))?;
                }
            }
            sink.member(name, data)?;
        }
    }
    Ok(())
}

fn is_page(media_type: &str) -> bool {
    matches!(media_type, "application/xhtml+xml" | "text/html")
}

fn is_font(media_type: &str) -> bool {
    media_type.starts_with("font/")
        || media_type.starts_with("application/font")
        || media_type.starts_with("application/x-font")
        || media_type == "application/vnd.ms-opentype"
}

fn has_extension(name: &str, extensions: &[&str]) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| extensions.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Refuses a book whose encryption covers more than fonts.
fn refuse_encrypted(archive: &mut Archive<'_>, limits: &Limits) -> Result<(), ExtractError> {
    if archive.find(ENCRYPTION).is_none() {
        return Ok(());
    }
    let data = xml::to_utf8(ENCRYPTION, archive.read(ENCRYPTION)?)?;
    let mut reader = XmlReader::bounded(ENCRYPTION, &data, limits);
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"CipherReference" => {
                let uri = reader.attr(&e, b"URI")?.unwrap_or_default();
                if !has_extension(&uri, &["ttf", "otf", "woff", "woff2"]) {
                    return Err(ExtractError::encrypted(crate::Encryption::ContentEncrypted).in_part(uri));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The package document's path: the first rootfile of `container.xml`, else the only `.opf`.
fn package_path(archive: &mut Archive<'_>, limits: &Limits) -> Result<String, ExtractError> {
    if archive.find(CONTAINER).is_some() {
        let data = xml::to_utf8(CONTAINER, archive.read(CONTAINER)?)?;
        let mut reader = XmlReader::bounded(CONTAINER, &data, limits);
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"rootfile" => {
                    if let Some(path) = reader.attr(&e, b"full-path")? {
                        if let Some(found) = archive.find(&path) {
                            return Ok(found.to_owned());
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    let opfs: Vec<&String> = archive.names().iter().filter(|n| has_extension(n, &["opf"])).collect();
    match opfs.as_slice() {
        [one] => Ok(one.to_string()),
        _ => Err(ExtractError::corrupt(crate::Defect::NoPackageDocument).in_part("META-INF/container.xml")),
    }
}

/// Reads the OPF: metadata, manifest, spine.
fn read_package(part: &str, xml: &[u8], limits: &Limits) -> Result<Package, ExtractError> {
    let mut reader = XmlReader::bounded(part, xml, limits);
    let mut package = Package::default();
    // Depth of the `metadata` element while inside it, and the field being read.
    let mut metadata_depth: Option<usize> = None;
    let mut field: Option<(String, String)> = None;
    loop {
        match reader.next()? {
            Event::Start(e) => {
                let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let local = local_name(e.name().as_ref()).to_vec();
                match (metadata_depth, local.as_slice()) {
                    (None, b"metadata") => metadata_depth = Some(reader.depth()),
                    (Some(d), _) if reader.depth() == d + 1 => {
                        let name = if local == b"meta" {
                            reader.attr(&e, b"property")?.or(reader.attr(&e, b"name")?).map(|n| n.into_owned())
                        } else {
                            None
                        };
                        field = Some((name.unwrap_or(qname), String::new()));
                    }
                    _ => {}
                }
                if local == b"spine" {
                    package.toc = reader.attr(&e, b"toc")?.map(|t| t.into_owned());
                }
                if metadata_depth.is_none() {
                    item_or_itemref(&reader, &e, &local, part, &mut package)?;
                }
            }
            Event::Empty(e) => {
                let local = local_name(e.name().as_ref()).to_vec();
                if local == b"meta" && metadata_depth.is_some() {
                    // EPUB 2: <meta name="…" content="…"/>.
                    if let (Some(n), Some(c)) = (reader.attr(&e, b"name")?, reader.attr(&e, b"content")?) {
                        if !c.trim().is_empty() {
                            package.metadata.push((n.into_owned(), c.trim().to_owned()));
                        }
                    }
                }
                item_or_itemref(&reader, &e, &local, part, &mut package)?;
            }
            Event::Text(t) => {
                if let Some((_, text)) = field.as_mut() {
                    text.push_str(&reader.text(&t)?);
                }
            }
            Event::CData(c) => {
                if let Some((_, text)) = field.as_mut() {
                    text.push_str(reader.cdata(&c)?);
                }
            }
            Event::End(_) => {
                let depth = reader.depth();
                match metadata_depth {
                    Some(d) if depth == d => {
                        if let Some((name, text)) = field.take() {
                            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                            if !text.is_empty() {
                                package.metadata.push((name, text));
                            }
                        }
                    }
                    Some(d) if depth + 1 == d => metadata_depth = None,
                    _ => {}
                }
            }
            Event::Eof => return Ok(package),
            _ => {}
        }
    }
}

/// Records a manifest `item` or a spine `itemref`.
fn item_or_itemref(
    reader: &XmlReader<'_>,
    e: &quick_xml::events::BytesStart<'_>,
    local: &[u8],
    part: &str,
    package: &mut Package,
) -> Result<(), ExtractError> {
    match local {
        b"item" => {
            let href = reader.attr(e, b"href")?.unwrap_or_default();
            if let Some(path) = resolve_target(part, &href) {
                package.items.push(Item {
                    id: reader.attr(e, b"id")?.unwrap_or_default().into_owned(),
                    path,
                    media_type: reader.attr(e, b"media-type")?.unwrap_or_default().trim().to_ascii_lowercase(),
                    properties: reader.attr(e, b"properties")?.unwrap_or_default().into_owned(),
                });
            }
        }
        b"itemref" => {
            if let Some(id) = reader.attr(e, b"idref")? {
                package.spine.push(id.into_owned());
            }
        }
        // EPUB 2's guide: the titles a reading system lists for the cover, the contents…
        b"reference" => {
            if let Some(title) = reader.attr(e, b"title")?.filter(|t| !t.trim().is_empty()) {
                package.metadata.push(("guide".to_owned(), title.trim().to_owned()));
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::zip;
    use mijian_core::Collected;

    fn book(extra: &[(&str, &str)]) -> Vec<u8> {
        let opf = r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
          <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>书名</dc:title><dc:description>内部资料 注意保存</dc:description>
            <meta property="dcterms:modified">2026-01-01</meta><meta name="cover" content="img"/></metadata>
          <manifest><item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
            <item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
            <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
            <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
            <item id="extra" href="text/appendix.xhtml" media-type="application/xhtml+xml"/>
            <item id="img" href="images/cover.jpg" media-type="image/jpeg"/>
            <item id="font" href="fonts/a.ttf" media-type="font/ttf"/>
            <item id="css" href="style.css" media-type="text/css"/></manifest>
          <spine toc="ncx"><itemref idref="c1"/><itemref idref="c2"/></spine>
          <guide><reference type="toc" title="目录 秘密" href="nav.xhtml"/><reference type="text" href="text/ch1.xhtml"/></guide></package>"#;
        let mut entries: Vec<(String, String)> = vec![
            ("mimetype".into(), "application/epub+zip".into()),
            ("META-INF/container.xml".into(), r#"<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#.into()),
            ("OEBPS/content.opf".into(), opf.into()),
            ("OEBPS/text/ch1.xhtml".into(), "<html><body><p>第一章 机密★1年</p></body></html>".into()),
            ("OEBPS/text/ch2.xhtml".into(), "<html><body><p>第二章</p></body></html>".into()),
            ("OEBPS/nav.xhtml".into(), "<html><body><nav><ol><li>目录项</li></ol></nav></body></html>".into()),
            ("OEBPS/toc.ncx".into(), "<ncx><navMap><navPoint><navLabel><text>旧目录</text></navLabel></navPoint></navMap></ncx>".into()),
            ("OEBPS/text/appendix.xhtml".into(), "<html><body><p>附录</p></body></html>".into()),
            ("OEBPS/images/cover.jpg".into(), "jpg".into()),
            ("OEBPS/fonts/a.ttf".into(), "ttf".into()),
            ("OEBPS/style.css".into(), "p{}".into()),
        ];
        entries.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        zip(&entries)
    }

    #[test]
    fn style_sheets_generated_text_is_read() {
        // A chapter linking the style sheet shows `机密★1年` before each `.a`: read unquoted at
        // the style sheet, which is still inspected as a member.
        let css = ".a::before{content:\"\\673A\\5BC6\\2605 1年\"} p{color:red}";
        let bytes = book(&[("OEBPS/more.css", css)]);
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        let got: Vec<(&str, Option<&str>, &str)> = sink
            .segments
            .iter()
            .filter(|s| s.location.part.ends_with(".css"))
            .map(|s| (s.location.part.as_str(), s.location.field.as_deref(), s.text.as_str()))
            .collect();
        assert_eq!(got, vec![("OEBPS/more.css", Some(".a::before"), "机密★1年")]);
        assert!(sink.members.iter().any(|m| m.0 == "OEBPS/more.css"));
    }

    #[test]
    fn spine_in_order_then_navigation_metadata_and_the_rest() {
        let bytes = book(&[("stray.txt", "夹带")]);
        assert_eq!(crate::sniff(&bytes), crate::Format::Epub);
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        let body: Vec<(&str, &str)> = sink
            .segments
            .iter()
            .filter(|s| s.role == Role::Body)
            .map(|s| (s.location.part.as_str(), s.text.trim()))
            .collect();
        assert_eq!(
            body,
            vec![
                ("OEBPS/text/ch1.xhtml", "第一章 机密★1年"),
                ("OEBPS/text/ch2.xhtml", "第二章"),
                ("OEBPS/nav.xhtml", "目录项"),
                ("OEBPS/toc.ncx", "旧目录"),
                ("OEBPS/text/appendix.xhtml", "附录"),
            ]
        );
        let props: Vec<(&str, &str)> = sink
            .segments
            .iter()
            .filter(|s| s.role == Role::Properties)
            .map(|s| (s.location.field.as_deref().unwrap(), s.text.as_str()))
            .collect();
        assert_eq!(
            props,
            vec![
                ("dc:title", "书名"),
                ("dc:description", "内部资料 注意保存"),
                ("dcterms:modified", "2026-01-01"),
                ("cover", "img"),
                // EPUB 2's guide, listed by reading systems.
                ("guide", "目录 秘密"),
            ]
        );
        let members: Vec<&str> = sink.members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(members, vec!["OEBPS/style.css", "stray.txt"]);
        let notes: Vec<(&str, &Unread)> =
            sink.coverage.iter().filter_map(|c| c.reason.as_ref().map(|r| (c.part.as_str(), r))).collect();
        assert_eq!(notes, vec![("OEBPS/images/cover.jpg", &Unread::Picture), ("OEBPS/fonts/a.ttf", &Unread::Font)]);
    }

    #[test]
    fn encrypted_chapters_are_an_error_obfuscated_fonts_are_not() {
        let enc = |uri: &str| {
            format!(
                r#"<encryption xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData></encryption>"#
            )
        };
        let mut sink = Collected::default();
        let fonts = book(&[("META-INF/encryption.xml", &enc("OEBPS/fonts/a.ttf"))]);
        extract(&fonts, &Limits::default(), &mut sink).unwrap();
        let text = book(&[("META-INF/encryption.xml", &enc("OEBPS/text/ch1.xhtml"))]);
        assert!(matches!(
            extract(&text, &Limits::default(), &mut sink),
            Err(ExtractError::Encrypted { what: crate::Encryption::ContentEncrypted, .. })
        ));
    }

    #[test]
    fn a_book_without_mimetype_is_still_an_epub() {
        let mut bytes = book(&[]);
        let at = memchr::memmem::find(&bytes, b"mimetype").unwrap();
        // Rename the entry (local header and central directory) so that no `mimetype` remains.
        while let Some(p) = memchr::memmem::find(&bytes[at..], b"mimetype") {
            bytes[at + p..at + p + 8].copy_from_slice(b"mimetypx");
        }
        assert_eq!(crate::sniff(&bytes), crate::Format::Epub);
    }

    #[test]
    fn a_book_without_a_package_document_is_an_error() {
        let bytes = zip(&[("mimetype", "application/epub+zip"), ("a.xhtml", "<p>x</p>")]);
        let mut sink = Collected::default();
        assert!(matches!(
            extract(&bytes, &Limits::default(), &mut sink),
            Err(ExtractError::Corrupt { what: crate::Defect::NoPackageDocument, .. })
        ));
    }
}
