//! What every OOXML package (DOCX, XLSX, PPTX) shares: relationships, document properties, and
//! the pictures and embedded files stored beside the text.
//!
//! An OOXML file is an OPC package: a ZIP of *parts* joined by *relationships*. The part
//! `_rels/.rels` says where the main document is; `word/_rels/document.xml.rels` says where the
//! document's headers, footers, notes and comments are. Relationship targets are URIs relative to
//! the source part (`header1.xml` from `word/document.xml` is `word/header1.xml`), and a
//! relationship's type is a URI whose last segment (`…/relationships/header`) names its kind in
//! both the transitional and the strict flavours of the standard.
//!
//! Document properties are text too, and a favourite place to forget a mark: `docProps/core.xml`
//! (title, subject, keywords…), `docProps/app.xml` (company, manager…) and `docProps/custom.xml`
//! (named properties such as `密级` = `机密`). [`read_properties`] turns each into a
//! [`Role::Properties`] segment whose `field` names the property.
//!
//! The targets of external relationships (a hyperlink's URL, a linked file's path) are text a
//! click or a dialog shows: [`read_external_links`] reads them, field `hyperlink` or `link`.

use std::borrow::Cow;
use std::collections::HashSet;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::{BytesStart, Event};

use crate::package;
use crate::xml::{self, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// One relationship from a source part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Relationship {
    /// The relationship id (`rId7`), as the source part refers to it.
    pub id: String,
    /// The full type URI.
    pub rel_type: String,
    /// For internal targets, the part name the target resolves to (`word/header1.xml`); for
    /// external ones (`TargetMode="External"`), the target as written.
    pub target: String,
    /// Whether the target is outside the package (a URL, a file path).
    pub external: bool,
}

impl Relationship {
    /// The last segment of the type URI: `header`, `footer`, `comments`, `officeDocument`…
    pub(crate) fn kind(&self) -> &str {
        self.rel_type.rsplit('/').next().unwrap_or_default()
    }
}

/// The relationships part of `part`: `word/_rels/document.xml.rels` for `word/document.xml`,
/// `_rels/.rels` for the package itself (`part` empty).
pub(crate) fn rels_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target written in `source` (a part name, empty for the package) to a
/// part name: relative to the source's folder unless it starts with `/`, with `.` and `..`
/// segments applied, `%XX` escapes decoded and any `#fragment` dropped. `None` if it climbs above
/// the package root or is empty.
pub(crate) fn resolve_target(source: &str, target: &str) -> Option<String> {
    let target = target.split('#').next().unwrap_or_default().replace('\\', "/");
    let target = crate::percent::decoded(&target);
    let mut segments: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        if let Some((dir, _)) = source.rsplit_once('/') {
            segments.extend(dir.split('/').filter(|s| !s.is_empty()));
        }
    }
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        return None;
    }
    Some(segments.join("/"))
}

/// Reads the XML part `part` as UTF-8 (the caller parses it with [`XmlReader`]).
pub(crate) fn read_xml(archive: &mut Archive<'_>, part: &str) -> Result<Vec<u8>, ExtractError> {
    let bytes = archive.read(part)?;
    xml::to_utf8(part, bytes)
}

/// The relationships of `part` (of the package when `part` is empty); none if the package has no
/// relationships part for it.
pub(crate) fn relationships(
    archive: &mut Archive<'_>,
    part: &str,
    limits: &Limits,
) -> Result<Vec<Relationship>, ExtractError> {
    let rels_part = rels_part_of(part);
    let Some(rels_name) = archive.find(&rels_part).map(str::to_owned) else {
        return Ok(Vec::new());
    };
    parse_relationships(archive, &rels_name, part, limits)
}

/// The relationships in the relationships part `rels_name`, whose source part is `part`.
fn parse_relationships(
    archive: &mut Archive<'_>,
    rels_name: &str,
    part: &str,
    limits: &Limits,
) -> Result<Vec<Relationship>, ExtractError> {
    let text = read_xml(archive, rels_name)?;
    let mut reader = XmlReader::bounded(rels_name, &text, limits);
    let mut out = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if xml::local_name(e.name().as_ref()) == b"Relationship" => {
                let attr = |name: &[u8]| -> Result<String, ExtractError> {
                    Ok(reader.attr(&e, name)?.map(Cow::into_owned).unwrap_or_default())
                };
                let (id, rel_type, raw_target) = (attr(b"Id")?, attr(b"Type")?, attr(b"Target")?);
                let external = attr(b"TargetMode")?.eq_ignore_ascii_case("External");
                let target = if external { Some(raw_target) } else { resolve_target(part, &raw_target) };
                if let Some(target) = target {
                    out.push(Relationship { id, rel_type, target, external });
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Reads the target of every external relationship in the package (`TargetMode="External"`):
/// a hyperlink's URL or `mailto:` (where a click leads, shown when the pointer rests on the link
/// and in the Edit Hyperlink dialog), the path of a linked picture, video or object, of a linked
/// workbook (Edit Links), of an attached template. A URL or a file name carries text as well as
/// any paragraph. Each distinct target of a part, `%XX` escapes decoded, is a [`Role::Other`]
/// segment located at the part whose relationship it is, field `hyperlink` for hyperlinks and
/// `link` for the rest.
///
/// `skip` holds the (part, relationship id) pairs a reader already read where they are used (the
/// DOCX reader reads a `w:hyperlink`'s target at its paragraph).
pub(crate) fn read_external_links(
    archive: &mut Archive<'_>,
    limits: &Limits,
    skip: &HashSet<(String, String)>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let rels_parts: Vec<String> = archive
        .names()
        .iter()
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            lower.ends_with(".rels") && (lower.starts_with("_rels/") || lower.contains("/_rels/"))
        })
        .cloned()
        .collect();
    for rels_part in rels_parts {
        // `ppt/slides/_rels/slide1.xml.rels` holds the relationships of `ppt/slides/slide1.xml`.
        let Some(at) = rels_part.to_ascii_lowercase().rfind("_rels/") else { continue };
        let (dir, file) = (&rels_part[..at], &rels_part[at + "_rels/".len()..]);
        let source = format!("{dir}{}", &file[..file.len() - ".rels".len()]);
        let source = archive.find(&source).map_or(source, str::to_owned);
        let at = if source.is_empty() { rels_part.clone() } else { source.clone() };
        let untouched = archive.names().iter().position(|n| *n == rels_part).map(|i| archive.use_of(i))
            == Some(crate::zipread::Use::Untouched);
        let rels = match parse_relationships(archive, &rels_part, &source, limits) {
            Ok(rels) => rels,
            // A malformed relationships part no reader needed (its part is not read) is noted
            // for review, as any malformed part nobody reads is; one a reader needed failed the
            // reading already.
            Err(e) if untouched && !e.is_limit() => {
                archive.leave_untouched(&rels_part);
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut seen = HashSet::new();
        for rel in rels {
            if !rel.external || skip.contains(&(source.clone(), rel.id.clone())) {
                continue;
            }
            let text = crate::percent::decoded(rel.target.trim()).into_owned();
            if text.is_empty() || !seen.insert(text.clone()) {
                continue;
            }
            let field = if rel.kind() == "hyperlink" { "hyperlink" } else { "link" };
            sink.segment(Segment::new(Location::part(&at).with_field(field), Role::Other, text))?;
        }
    }
    Ok(())
}

/// The main document part named by the package relationships (`officeDocument`), if any.
pub(crate) fn main_part(archive: &mut Archive<'_>, limits: &Limits) -> Result<Option<String>, ExtractError> {
    Ok(relationships(archive, "", limits)?
        .into_iter()
        .find(|r| !r.external && r.kind() == "officeDocument")
        .map(|r| r.target))
}

/// The three kinds of property parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PropertyKind {
    /// `docProps/core.xml`: Dublin Core title, subject, creator, keywords…
    Core,
    /// `docProps/app.xml`: application properties (company, manager, template…).
    App,
    /// `docProps/custom.xml`: named user properties.
    Custom,
}

/// Reads the document properties (core, app, custom) as [`Role::Properties`] segments, one per
/// property with text, `field` naming the property; notes each part read in the coverage.
///
/// The parts are found through the package relationships and, failing that, at their usual names
/// under `docProps/`.
pub(crate) fn read_properties(
    archive: &mut Archive<'_>,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let mut parts: Vec<(String, PropertyKind)> = Vec::new();
    for rel in relationships(archive, "", limits)? {
        let kind = match rel.kind() {
            "core-properties" => PropertyKind::Core,
            "extended-properties" => PropertyKind::App,
            "custom-properties" => PropertyKind::Custom,
            _ => continue,
        };
        if !rel.external {
            parts.push((rel.target, kind));
        }
    }
    for (name, kind) in [
        ("docProps/core.xml", PropertyKind::Core),
        ("docProps/app.xml", PropertyKind::App),
        ("docProps/custom.xml", PropertyKind::Custom),
    ] {
        parts.push((name.to_owned(), kind));
    }
    let mut seen = HashSet::new();
    for (name, kind) in parts {
        let Some(name) = archive.find(&name).map(str::to_owned) else {
            continue;
        };
        if seen.insert(name.clone()) {
            read_property_part(archive, &name, kind, limits, sink)?;
        }
    }
    Ok(())
}

/// Reads one property part: one segment per element holding text.
///
/// The `field` is the property's name: the canonical qualified name for core properties
/// (`dc:title` whatever prefix the file uses), the element name for app properties (`Company`;
/// each entry of a vector such as `TitlesOfParts` is its own segment), the `name` attribute for
/// custom ones.
fn read_property_part(
    archive: &mut Archive<'_>,
    part: &str,
    kind: PropertyKind,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let text = read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &text, limits);
    // The name of the property being read (the child of the root we are in).
    let mut field: Option<String> = None;
    let mut value = String::new();
    loop {
        let event = reader.next()?;
        match &event {
            Event::Start(e) => {
                flush(part, kind, field.as_deref(), &mut value, sink)?;
                if reader.depth() == 2 {
                    field = Some(property_name(&reader, e, kind)?);
                }
            }
            Event::End(_) => {
                flush(part, kind, field.as_deref(), &mut value, sink)?;
                if reader.depth() < 2 {
                    field = None;
                }
            }
            Event::Text(t) if reader.depth() >= 2 => value.push_str(&reader.text(t)?),
            Event::CData(c) if reader.depth() >= 2 => value.push_str(reader.cdata(c)?),
            Event::Eof => break,
            _ => {}
        }
    }
    sink.coverage(CoverageNote::read(part))?;
    Ok(())
}

/// Emits the value gathered so far as a segment, if it says anything, and clears it.
fn flush(
    part: &str,
    kind: PropertyKind,
    field: Option<&str>,
    value: &mut String,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let text = value.trim();
    let worth = !text.is_empty() && (kind != PropertyKind::App || !is_statistic(text));
    if let (true, Some(field)) = (worth, field) {
        let location = Location::part(part).with_field(field);
        sink.segment(Segment::new(location, Role::Properties, text))?;
    }
    value.clear();
    Ok(())
}

/// Numbers and booleans in `app.xml` are statistics (pages, words, `ScaleCrop`), not text.
fn is_statistic(text: &str) -> bool {
    text.eq_ignore_ascii_case("true")
        || text.eq_ignore_ascii_case("false")
        || text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
}

/// The `field` for a property element (see [`read_property_part`]).
fn property_name(reader: &XmlReader<'_>, e: &BytesStart<'_>, kind: PropertyKind) -> Result<String, ExtractError> {
    let qname = e.name();
    let local = xml::local_name(qname.as_ref());
    let as_written = || String::from_utf8_lossy(qname.as_ref()).into_owned();
    Ok(match kind {
        PropertyKind::Core => match canonical_core_name(local) {
            Some(name) => name.to_owned(),
            None => as_written(),
        },
        PropertyKind::App => String::from_utf8_lossy(local).into_owned(),
        PropertyKind::Custom => match reader.attr(e, b"name")? {
            Some(name) => name.into_owned(),
            None => as_written(),
        },
    })
}

/// The usual qualified name of a core property, from its local name.
fn canonical_core_name(local: &[u8]) -> Option<&'static str> {
    Some(match local {
        b"title" => "dc:title",
        b"subject" => "dc:subject",
        b"creator" => "dc:creator",
        b"description" => "dc:description",
        b"identifier" => "dc:identifier",
        b"language" => "dc:language",
        b"keywords" => "cp:keywords",
        b"category" => "cp:category",
        b"contentStatus" => "cp:contentStatus",
        b"contentType" => "cp:contentType",
        b"lastModifiedBy" => "cp:lastModifiedBy",
        b"lastPrinted" => "cp:lastPrinted",
        b"revision" => "cp:revision",
        b"version" => "cp:version",
        b"created" => "dcterms:created",
        b"modified" => "dcterms:modified",
        _ => return None,
    })
}

/// Whether `name` is in a folder called `folder` (at any depth): `word/media/x.png` is in `media`.
pub(crate) fn in_folder(name: &str, folder: &str) -> bool {
    name.split('/').rev().skip(1).any(|seg| seg.eq_ignore_ascii_case(folder))
}

/// Accounts for what the package holds beside the text its reader read: every entry in an
/// `embeddings` folder is handed to the sink as a member (the scanner inspects it in its own
/// right); every other entry no reader consumed is dealt with by
/// [`package::account_for_every_entry`] (read generically, a member, or unread with a reason:
/// pictures need OCR).
pub(crate) fn account_for_every_entry(
    archive: &mut Archive<'_>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let names: Vec<String> = archive.names().iter().filter(|n| !n.ends_with('/')).cloned().collect();
    for name in names {
        if in_folder(&name, "embeddings") {
            let bytes = archive.read_member(&name)?;
            sink.member(name, bytes)?;
        }
    }
    package::account_for_every_entry(archive, sink)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    use zip::ZipWriter;

    fn package(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn rels_part_names() {
        assert_eq!(rels_part_of("word/document.xml"), "word/_rels/document.xml.rels");
        assert_eq!(rels_part_of(""), "_rels/.rels");
        assert_eq!(rels_part_of("word/glossary/document.xml"), "word/glossary/_rels/document.xml.rels");
    }

    #[test]
    fn targets_resolve_relative_to_the_source() {
        assert_eq!(resolve_target("word/document.xml", "header1.xml").as_deref(), Some("word/header1.xml"));
        assert_eq!(resolve_target("word/document.xml", "/word/footer1.xml").as_deref(), Some("word/footer1.xml"));
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml").as_deref(),
            Some("customXml/item1.xml")
        );
        assert_eq!(resolve_target("", "word/document.xml").as_deref(), Some("word/document.xml"));
        assert_eq!(
            resolve_target("word/document.xml", "media/image%201.png").as_deref(),
            Some("word/media/image 1.png")
        );
        assert_eq!(resolve_target("word/document.xml", "../../etc/passwd"), None);
        assert_eq!(resolve_target("word/document.xml", "%"), Some("word/%".to_owned()));
    }

    #[test]
    fn reads_relationships() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
            <Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/footer" Target="/word/footer1.xml"/>
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.com/a" TargetMode="External"/>
        </Relationships>"#;
        let zip = package(&[("word/_rels/document.xml.rels", rels)]);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        let r = relationships(&mut a, "word/document.xml", &limits).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!((r[0].kind(), r[0].target.as_str()), ("header", "word/header1.xml"));
        assert_eq!((r[1].kind(), r[1].target.as_str()), ("footer", "word/footer1.xml"));
        assert!(r[2].external);
        assert_eq!(r[2].target, "http://example.com/a");
        assert!(relationships(&mut a, "word/header1.xml", &limits).unwrap().is_empty());
    }

    #[test]
    fn external_targets_are_read_at_their_part() {
        let rels = |body: &str| {
            format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>"#
            )
        };
        let h = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
        let slide = rels(&format!(
            r#"<Relationship Id="rId1" Type="{h}" Target="http://www.example.gov.cn/%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4" TargetMode="External"/><Relationship Id="rId2" Type="{h}" Target="http://www.example.gov.cn/%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4" TargetMode="external"/><Relationship Id="rId3" Type="x/video" Target="file:///C:/紫电.mp4" TargetMode="External"/><Relationship Id="rId4" Type="x/slideLayout" Target="../slideLayouts/slideLayout1.xml"/>"#
        ));
        let doc = rels(&format!(
            r#"<Relationship Id="rId7" Type="{h}" Target="mailto:a@b.cn" TargetMode="External"/><Relationship Id="rId8" Type="{h}" Target="http://read.in/place" TargetMode="External"/>"#
        ));
        let zip = package(&[
            ("ppt/slides/_rels/slide1.xml.rels", slide.as_str()),
            ("word/_rels/document.xml.rels", doc.as_str()),
        ]);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        let mut sink = Collected::default();
        // The document's rId8 was read at its paragraph already.
        let skip: HashSet<(String, String)> = [("word/document.xml".to_owned(), "rId8".to_owned())].into();
        read_external_links(&mut a, &limits, &skip, &mut sink).unwrap();
        let got: Vec<(&str, Option<&str>, Role, &str)> = sink
            .segments
            .iter()
            .map(|s| (s.location.part.as_str(), s.location.field.as_deref(), s.role, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("ppt/slides/slide1.xml", Some("hyperlink"), Role::Other, "http://www.example.gov.cn/机密★1年"),
                ("ppt/slides/slide1.xml", Some("link"), Role::Other, "file:///C:/紫电.mp4"),
                ("word/document.xml", Some("hyperlink"), Role::Other, "mailto:a@b.cn"),
            ]
        );
    }

    #[test]
    fn a_malformed_orphan_relationships_part_is_left_for_review() {
        // No reader needed it: it is noted as damaged (review), as before, not an error.
        let zip = package(&[("ppt/slides/_rels/slide9.xml.rels", "<Relationships><Relationship Id=\"a")]);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        let mut sink = Collected::default();
        read_external_links(&mut a, &limits, &HashSet::new(), &mut sink).unwrap();
        account_for_every_entry(&mut a, &mut sink).unwrap();
        assert!(sink.segments.is_empty());
        assert_eq!(
            sink.coverage,
            vec![CoverageNote::unread("ppt/slides/_rels/slide9.xml.rels", mijian_core::Unread::Damaged)]
        );
    }

    #[test]
    fn reads_the_three_property_parts() {
        let core = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:x="d"><x:title>机密★1年 通知</x:title>
            <dc:creator>张三</dc:creator><cp:keywords></cp:keywords><cp:revision>3</cp:revision></cp:coreProperties>"#;
        let app = r#"<Properties xmlns:vt="v"><Company>某某局</Company><Pages>3</Pages><ScaleCrop>false</ScaleCrop>
            <TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>甲</vt:lpstr><vt:lpstr>乙</vt:lpstr></vt:vector></TitlesOfParts></Properties>"#;
        let custom = r#"<Properties xmlns:vt="v"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="密级"><vt:lpwstr>秘密</vt:lpwstr></property></Properties>"#;
        let zip = package(&[("docProps/core.xml", core), ("docProps/app.xml", app), ("docProps/custom.xml", custom)]);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        let mut sink = Collected::default();
        read_properties(&mut a, &limits, &mut sink).unwrap();
        let got: Vec<(String, String, String)> = sink
            .segments
            .iter()
            .map(|s| {
                assert_eq!(s.role, Role::Properties);
                (s.location.part.clone(), s.location.field.clone().unwrap(), s.text.clone())
            })
            .collect();
        let want = [
            ("docProps/core.xml", "dc:title", "机密★1年 通知"),
            ("docProps/core.xml", "dc:creator", "张三"),
            ("docProps/core.xml", "cp:revision", "3"),
            ("docProps/app.xml", "Company", "某某局"),
            ("docProps/app.xml", "TitlesOfParts", "甲"),
            ("docProps/app.xml", "TitlesOfParts", "乙"),
            ("docProps/custom.xml", "密级", "秘密"),
        ];
        let want: Vec<(String, String, String)> =
            want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
        assert_eq!(got, want);
        assert_eq!(sink.coverage.len(), 3);
    }

    #[test]
    fn media_and_embeddings() {
        let gif = "GIF89a";
        let zip = package(&[("word/media/image1.png", gif), ("word/embeddings/x.xlsx", "xlsx"), ("word/a.xml", "")]);
        let limits = Limits::default();
        let mut a = Archive::open(&zip, &limits).unwrap();
        let mut sink = Collected::default();
        account_for_every_entry(&mut a, &mut sink).unwrap();
        assert_eq!(sink.members, vec![("word/embeddings/x.xlsx".to_owned(), b"xlsx".to_vec())]);
        assert_eq!(
            sink.coverage,
            vec![
                CoverageNote::unread("word/media/image1.png", mijian_core::Unread::Picture),
                CoverageNote::read("word/a.xml"),
            ]
        );
        assert!(in_folder("xl/media/a.png", "media"));
        assert!(!in_folder("media", "media"));
    }
}
