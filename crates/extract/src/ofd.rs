//! The OFD reader (GB/T 33190, the national fixed-layout format): page text rebuilt as printed
//! lines, page headers and footers, annotations, outlines, custom tags, document metadata and
//! attachments.
//!
//! # Following the references
//!
//! An OFD is a ZIP whose entry point is `OFD.xml`. Its `DocBody` elements name each document's
//! root (`DocRoot`, usually `Doc_0/Document.xml`), its signatures and its metadata (`DocInfo`).
//! A document lists its pages (`Pages/Page/@BaseLoc`), template pages (`TemplatePage`), the
//! annotation index (`Annotations`), attachments (`Attachments`) and custom tags (`CustomTags`).
//! The reader follows those references instead of guessing file names, because real producers
//! vary: paths relative to the referencing file or to the package root, with a leading `/` or
//! `\` separators, Chinese folder names, pages directly beside `Document.xml`. A reference is
//! looked up relative to the file that makes it, then relative to the package root, then to the
//! document's folder. Element names are matched by local name, so the namespace prefix (or its
//! absence, or a non-standard namespace URI) does not matter.
//!
//! # Lines
//!
//! A page draws text objects (`TextObject`) in any order; each holds one or more `TextCode`
//! runs placed at `X`, `Y` (the baseline) in the object's frame: `Boundary` origin plus the
//! object's `CTM`. Runs are placed on the page, grouped into lines by baseline (within half the
//! font size), and each line's runs are ordered left to right, so a mark printed on one line comes
//! out contiguous even when the producer wrote one character per object. Rotated runs (vertical
//! writing, a diagonal watermark) are kept apart, one line per object, after the upright lines.
//! Text of the page's template pages is part of the page.
//!
//! Each page gives a [`Role::Body`] segment (part `page`, with the page number), and lines whose
//! baseline lies in the top or bottom 8% of the page's `PhysicalBox` go to [`Role::Header`]
//! (`page-header`) and [`Role::Footer`] (`page-footer`), as for PDF.
//!
//! A page whose fonts draw other characters than its text says (glyph transforms, `CGTransform`,
//! and embedded fonts whose `cmap` lies) is read a second time as drawn, in the same parts with
//! field `as drawn`: see `drawn.rs`.
//!
//! # Beside the pages
//!
//! - `DocInfo` (title, author, subject, abstract, keywords, creator, custom data) as
//!   [`Role::Properties`] of `OFD.xml`, field = the element or custom data name;
//! - annotations (remarks and appearance text, watermark annotations included) as [`Role::Note`];
//! - outline titles, bookmark names (field `Bookmarks` of `Document.xml`) and custom tags (their
//!   text and the attribute values that are text) as [`Role::Other`];
//! - link targets, the `URI` of an action (on the document, an outline entry, a page or an object
//!   on it, where the viewer shows it on hovering) as [`Role::Other`] of part `link` (with the
//!   page for a page's links), escapes decoded;
//! - per annotation, besides its remark and appearance text, its author (`Creator`, field
//!   `Creator`) and the values of its parameters (field = the parameter's name) as [`Role::Note`];
//! - attachments as members, inspected in their own right, and the names the attachments panel
//!   lists (`Attachment/@Name`, field `N name` of the attachment index);
//! - pictures and seals are noted as not read (no OCR); a page with pictures and no text (a scan)
//!   needs review.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use crate::ooxml;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};
#[cfg(test)]
use layout::{delta_sum, numbers};
use layout::{page_text, parse_box, Run, TextObject, A4};

/// The entry point of every OFD package.
const ENTRY: &str = "OFD.xml";

/// Reads the OFD in `bytes` into `sink`: see the module documentation for what is read.
///
/// Errors: a broken ZIP, no `OFD.xml` or no document in it, malformed XML in any part read
/// (naming the part and the byte), a limit exceeded. A part that the document references but the
/// package lacks (a page, a template, an annotation, tag or attachment file) is a coverage note
/// that needs review ([`Unread::MissingPart`]), as in DOCX, XLSX and PPTX: the index promises
/// content that is not there, so a person looks.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let mut archive = Archive::open(bytes, limits)?;
    let entry = archive.find(ENTRY).map(str::to_owned).ok_or_else(|| ExtractError::missing(ENTRY))?;
    let bodies = read_entry(&mut archive, &entry, limits, sink)?;
    if bodies.is_empty() {
        return Err(ExtractError::corrupt(crate::Defect::NoDocumentRoot).in_part(entry));
    }
    let mut reader = Reader { archive, limits, read: HashSet::new() };
    reader.read.insert(entry.to_ascii_lowercase());
    for (i, body) in bodies.iter().enumerate() {
        let prefix = if i == 0 { String::new() } else { format!("doc{}:", i + 1) };
        let Some(root) = reader.locate(&entry, &body.root, "") else {
            return Err(ExtractError::missing(&body.root));
        };
        reader.document(&root, &prefix, sink)?;
        if let Some(signatures) = &body.signatures {
            reader.signatures(&entry, signatures, &root, sink)?;
        }
    }
    // Resources, signatures, and whatever else the package holds that no page referred to.
    crate::package::account_for_every_entry(&mut reader.archive, sink)
}

/// What a `DocBody` of `OFD.xml` names.
struct DocBody {
    root: String,
    signatures: Option<String>,
}

/// Reads `OFD.xml`: the document metadata as properties, and each body's references.
fn read_entry(
    archive: &mut Archive<'_>,
    part: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<Vec<DocBody>, ExtractError> {
    let text = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &text, limits);
    let mut bodies = Vec::new();
    let mut root: Option<String> = None;
    let mut signatures: Option<String> = None;
    // Depth of the open DocInfo, the field being read and its text.
    let mut info_depth: Option<usize> = None;
    let mut field: Option<String> = None;
    let mut value = String::new();
    let mut reference: Option<&'static str> = None;
    loop {
        match reader.next()? {
            Event::Start(e) => {
                let depth = reader.depth();
                let qname = e.name();
                let local = local_name(qname.as_ref());
                match local {
                    b"DocInfo" => info_depth = Some(depth),
                    b"DocRoot" => reference = Some("root"),
                    b"Signatures" => reference = Some("signatures"),
                    _ if info_depth.is_some() => {
                        if local == b"CustomData" {
                            field = reader.attr(&e, b"Name")?.map(Cow::into_owned);
                        } else if !matches!(local, b"CustomDatas" | b"Keywords") {
                            field = Some(String::from_utf8_lossy(local).into_owned());
                        }
                        value.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = reader.text(&t)?;
                match reference {
                    Some("root") => root = Some(s.trim().to_owned()),
                    Some(_) => signatures = Some(s.trim().to_owned()),
                    None if field.is_some() => value.push_str(&s),
                    None => {}
                }
            }
            Event::CData(c) if field.is_some() => value.push_str(reader.cdata(&c)?),
            Event::End(e) => {
                let depth = reader.depth() + 1;
                match local_name(e.name().as_ref()) {
                    b"DocRoot" | b"Signatures" => reference = None,
                    b"DocInfo" => info_depth = None,
                    b"DocBody" => {
                        if let Some(root) = root.take().filter(|r| !r.is_empty()) {
                            bodies.push(DocBody { root, signatures: signatures.take().filter(|s| !s.is_empty()) });
                        }
                        signatures = None;
                    }
                    _ => {}
                }
                if info_depth.is_some_and(|d| depth > d) {
                    if let Some(name) = field.take() {
                        let text = value.trim();
                        if !text.is_empty() && !matches!(name.as_str(), "DocID" | "CreationDate" | "ModDate") {
                            let location = Location::part(part).with_field(name);
                            sink.segment(Segment::new(location, Role::Properties, text))?;
                        }
                    }
                    value.clear();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    sink.coverage(CoverageNote::read(part))?;
    Ok(bodies)
}

/// A page of a document, as `Document.xml` lists it.
struct PageRef {
    id: Option<String>,
    content: String,
}

/// What `Document.xml` names.
#[derive(Default)]
struct DocumentRefs {
    pages: Vec<PageRef>,
    /// Template page id → location.
    templates: Vec<(String, String)>,
    annotations: Option<String>,
    attachments: Option<String>,
    custom_tags: Option<String>,
    page_box: Option<[f64; 4]>,
    outline_titles: Vec<String>,
    /// `Bookmark/@Name`s.
    bookmarks: Vec<String>,
    /// Link targets of the document's and its outline's actions.
    links: Vec<String>,
    /// The document's resource files (`PublicRes`, `DocumentRes`), as referenced.
    resources: Vec<String>,
}

/// What one page content file holds.
#[derive(Default)]
struct PageContent {
    runs: Vec<Run>,
    /// `Template/@TemplateID`s the page uses.
    templates: Vec<String>,
    page_box: Option<[f64; 4]>,
    images: u32,
    /// Link targets of the page's and its objects' actions.
    links: Vec<String>,
    /// The page's own resource files (`PageRes`), as referenced.
    resources: Vec<String>,
}

/// The state of a reading: the archive and what has been read.
struct Reader<'a> {
    archive: Archive<'a>,
    limits: &'a Limits,
    read: HashSet<String>,
}

impl Reader<'_> {
    /// The entry name for the reference `loc` made in `from`, trying (see the module doc) the
    /// folder of `from`, the package root, then `doc_dir`.
    fn locate(&self, from: &str, loc: &str, doc_dir: &str) -> Option<String> {
        let loc = loc.trim();
        if loc.is_empty() {
            return None;
        }
        let doc_base = format!("{doc_dir}/x");
        [ooxml::resolve_target(from, loc), ooxml::resolve_target("", loc), ooxml::resolve_target(&doc_base, loc)]
            .into_iter()
            .flatten()
            .find_map(|p| self.archive.find(&p).map(str::to_owned))
    }

    /// [`Reader::locate`], noting a reference to nothing as unread ([`Unread::MissingPart`]: the
    /// file's index promises a part that is not there, so a person looks).
    fn locate_or_note(
        &self,
        from: &str,
        loc: &str,
        doc_dir: &str,
        sink: &mut dyn DocumentSink,
    ) -> Result<Option<String>, ExtractError> {
        let found = self.locate(from, loc, doc_dir);
        if found.is_none() {
            sink.coverage(CoverageNote::unread(loc, Unread::MissingPart))?;
        }
        Ok(found)
    }

    /// Reads one document: pages in order, then annotations, outlines, tags, attachments.
    fn document(&mut self, root: &str, prefix: &str, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        self.read.insert(root.to_ascii_lowercase());
        let refs = self.document_refs(root)?;
        sink.coverage(CoverageNote::read(root))?;
        let doc_dir = root.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let default_box = refs.page_box.unwrap_or(A4);
        #[cfg(feature = "pdf")]
        let mut fonts = drawn::Fonts::default();
        #[cfg(feature = "pdf")]
        for loc in &refs.resources {
            fonts.read_resources(self, root, loc, &doc_dir)?;
        }

        // Template pages, read once each, used by the pages that name them.
        let mut templates: HashMap<String, PageContent> = HashMap::new();
        let mut template_parts: Vec<(String, String)> = Vec::new();
        for (id, loc) in &refs.templates {
            match self.locate(root, loc, &doc_dir) {
                Some(part) => {
                    let content = self.page_content(&part)?;
                    self.read.insert(part.to_ascii_lowercase());
                    sink.coverage(CoverageNote::read(&part))?;
                    templates.insert(id.clone(), content);
                    template_parts.push((id.clone(), part));
                }
                None => sink.coverage(CoverageNote::unread(loc, Unread::MissingPart))?,
            }
        }
        let mut used_templates = HashSet::new();

        let mut page_numbers: HashMap<String, u32> = HashMap::new();
        for (i, page) in refs.pages.iter().enumerate() {
            let number = i as u32 + 1;
            if let Some(id) = &page.id {
                page_numbers.insert(id.clone(), number);
            }
            let Some(part) = self.locate(root, &page.content, &doc_dir) else {
                sink.coverage(CoverageNote::unread(
                    format!("{prefix}page {number} ({})", page.content),
                    Unread::MissingPart,
                ))?;
                continue;
            };
            let mut content = self.page_content(&part)?;
            self.read.insert(part.to_ascii_lowercase());
            for id in std::mem::take(&mut content.templates) {
                if let Some(t) = templates.get(&id) {
                    used_templates.insert(id.clone());
                    content.images += t.images;
                    content.links.extend(t.links.iter().cloned());
                    content.runs.extend(t.runs.iter().cloned());
                    content.resources.extend(t.resources.iter().cloned());
                }
            }
            let page_box = content.page_box.unwrap_or(default_box);
            let text = page_text(&content.runs, page_box);
            // Text nobody sees (hidden, unfilled, white, tiny) inside a line: the line as it shows.
            if content.runs.iter().any(|r| r.unseen) && content.runs.iter().any(|r| !r.unseen) {
                let seen: Vec<Run> = content.runs.iter().filter(|r| !r.unseen).cloned().collect();
                let shown = page_text(&seen, page_box);
                crate::as_shown::push_other_reading(prefix, number, text.regions(), shown.regions(), "as shown", sink)?;
            }
            for (role, name, body) in [
                (Role::Header, "page-header", &text.header),
                (Role::Body, "page", &text.body),
                (Role::Footer, "page-footer", &text.footer),
            ] {
                if !body.is_empty() {
                    let location = Location::part(format!("{prefix}{name}")).with_page(number);
                    sink.segment(Segment::new(location, role, body.as_str()))?;
                }
            }
            #[cfg(feature = "pdf")]
            {
                for loc in &content.resources {
                    fonts.read_resources(self, &part, loc, &doc_dir)?;
                }
                let (runs, notes) = fonts.as_drawn(self, &content.runs)?;
                if let Some(runs) = runs {
                    let drawn = page_text(&runs, page_box);
                    crate::as_shown::push_other_reading(
                        prefix,
                        number,
                        text.regions(),
                        drawn.regions(),
                        "as drawn",
                        sink,
                    )?;
                }
                for note in notes {
                    sink.coverage(note)?;
                }
            }
            if !content.links.is_empty() {
                let location = Location::part(format!("{prefix}link")).with_page(number).with_field("URI");
                sink.segment(Segment::new(location, Role::Other, content.links.join("\n")))?;
            }
            sink.coverage(CoverageNote::read(&part))?;
            // With OCR the pictures are read where the package holds them (`Res/…`), and a file
            // of pictures nothing was recognised in is noted once, for the whole file.
            if content.images > 0 && self.limits.ocr.engine().is_none() {
                let scanned = text.header.is_empty() && text.body.is_empty() && text.footer.is_empty();
                let reason = if scanned { Unread::NoTextLayer } else { Unread::Picture };
                sink.coverage(CoverageNote::unread(
                    format!("{prefix}page {number} ({} pictures)", content.images),
                    reason,
                ))?;
            }
        }
        // A template no page uses is still in the file.
        for (id, part) in &template_parts {
            if used_templates.contains(id) {
                continue;
            }
            if let Some(t) = templates.get(id) {
                let text = page_text(&t.runs, t.page_box.unwrap_or(default_box));
                let all = [text.header, text.body, text.footer]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                if !all.is_empty() {
                    sink.segment(Segment::new(Location::part(part.as_str()), Role::Other, all))?;
                }
            }
        }

        if !refs.outline_titles.is_empty() {
            let location = Location::part(root).with_field("Outlines");
            sink.segment(Segment::new(location, Role::Other, refs.outline_titles.join("\n")))?;
        }
        if !refs.bookmarks.is_empty() {
            let location = Location::part(root).with_field("Bookmarks");
            sink.segment(Segment::new(location, Role::Other, refs.bookmarks.join("\n")))?;
        }
        if !refs.links.is_empty() {
            let location = Location::part(format!("{prefix}link")).with_field("URI");
            sink.segment(Segment::new(location, Role::Other, refs.links.join("\n")))?;
        }
        if let Some(loc) = &refs.annotations {
            self.annotations(root, loc, &doc_dir, &page_numbers, sink)?;
        }
        if let Some(loc) = &refs.custom_tags {
            self.custom_tags(root, loc, &doc_dir, sink)?;
        }
        if let Some(loc) = &refs.attachments {
            self.attachments(root, loc, &doc_dir, sink)?;
        }
        Ok(())
    }

    /// Parses `Document.xml`.
    fn document_refs(&mut self, part: &str) -> Result<DocumentRefs, ExtractError> {
        let text = ooxml::read_xml(&mut self.archive, part)?;
        let mut reader = XmlReader::bounded(part, &text, self.limits);
        let mut refs = DocumentRefs::default();
        // The element whose text is a reference, and the physical box text being read.
        let mut reference: Option<&'static str> = None;
        let mut in_page_area = false;
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => {
                    let qname = e.name();
                    match local_name(qname.as_ref()) {
                        b"Page" => {
                            if let Some(loc) = reader.attr(&e, b"BaseLoc")? {
                                let id = reader.attr(&e, b"ID")?.map(Cow::into_owned);
                                refs.pages.push(PageRef { id, content: loc.into_owned() });
                            }
                        }
                        b"TemplatePage" => {
                            if let Some(loc) = reader.attr(&e, b"BaseLoc")? {
                                let id = reader.attr(&e, b"ID")?.map(Cow::into_owned).unwrap_or_default();
                                refs.templates.push((id, loc.into_owned()));
                            }
                        }
                        b"OutlineElem" => {
                            if let Some(title) = reader.attr(&e, b"Title")? {
                                if !title.trim().is_empty() {
                                    refs.outline_titles.push(title.into_owned());
                                }
                            }
                        }
                        b"Bookmark" => {
                            if let Some(name) = reader.attr(&e, b"Name")? {
                                if !name.trim().is_empty() {
                                    refs.bookmarks.push(name.into_owned());
                                }
                            }
                        }
                        b"URI" => refs.links.extend(link_target(&reader, &e)?),
                        b"PageArea" => in_page_area = true,
                        b"PhysicalBox" if in_page_area => reference = Some("box"),
                        b"Annotations" => reference = Some("annotations"),
                        b"Attachments" => reference = Some("attachments"),
                        b"CustomTags" => reference = Some("tags"),
                        b"PublicRes" | b"DocumentRes" => reference = Some("resources"),
                        _ => {}
                    }
                }
                Event::Text(t) => {
                    let value = reader.text(&t)?.trim().to_owned();
                    match reference {
                        Some("box") => refs.page_box = parse_box(&value),
                        Some("annotations") => refs.annotations = Some(value),
                        Some("attachments") => refs.attachments = Some(value),
                        Some("tags") => refs.custom_tags = Some(value),
                        Some("resources") if !value.is_empty() => refs.resources.push(value),
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if local_name(e.name().as_ref()) == b"PageArea" {
                        in_page_area = false;
                    }
                    reference = None;
                }
                Event::Eof => return Ok(refs),
                _ => {}
            }
        }
    }

    /// Parses a page (or template page) content file: its text runs placed on the page.
    fn page_content(&mut self, part: &str) -> Result<PageContent, ExtractError> {
        let text = ooxml::read_xml(&mut self.archive, part)?;
        let mut reader = XmlReader::bounded(part, &text, self.limits);
        let mut content = PageContent::default();
        // The text object being read, and where its runs begin in `content.runs`.
        let mut object: Option<(TextObject, usize)> = None;
        let mut code: Option<(f64, f64, String)> = None;
        // The glyph transform being read (its element) and its glyph ids.
        let mut transform: Option<(quick_xml::events::BytesStart<'static>, String)> = None;
        let mut in_glyphs = false;
        let mut in_box = false;
        let mut in_resources = false;
        loop {
            match reader.next()? {
                Event::Start(e) => match local_name(e.name().as_ref()) {
                    b"TextObject" => object = Some((TextObject::from_element(&reader, &e)?, content.runs.len())),
                    b"TextCode" => {
                        if let Some((o, _)) = object.as_mut() {
                            code = Some(o.start_code(&reader, &e)?);
                        }
                    }
                    b"CGTransform" if object.is_some() => transform = Some((e.into_owned(), String::new())),
                    b"FillColor" => {
                        if let Some((o, _)) = object.as_mut() {
                            o.fill_color(&reader, &e)?;
                        }
                    }
                    b"Glyphs" => in_glyphs = transform.is_some(),
                    b"PhysicalBox" if content.page_box.is_none() && reader.depth() <= 3 => in_box = true,
                    b"PageRes" => in_resources = true,
                    b"ImageObject" => content.images += 1,
                    b"URI" => content.links.extend(link_target(&reader, &e)?),
                    _ => {}
                },
                Event::Empty(e) => match local_name(e.name().as_ref()) {
                    b"Template" => {
                        if let Some(id) = reader.attr(&e, b"TemplateID")? {
                            content.templates.push(id.into_owned());
                        }
                    }
                    b"ImageObject" => content.images += 1,
                    b"URI" => content.links.extend(link_target(&reader, &e)?),
                    b"TextCode" => {
                        if let Some((o, _)) = object.as_mut() {
                            o.start_code(&reader, &e)?;
                        }
                    }
                    b"FillColor" => {
                        if let Some((o, _)) = object.as_mut() {
                            o.fill_color(&reader, &e)?;
                        }
                    }
                    _ => {}
                },
                Event::Text(t) => {
                    if let Some((_, _, s)) = code.as_mut() {
                        s.push_str(&reader.text(&t)?);
                    } else if in_box {
                        content.page_box = parse_box(reader.text(&t)?.trim());
                    } else if let Some((_, glyphs)) = transform.as_mut().filter(|_| in_glyphs) {
                        glyphs.push_str(&reader.text(&t)?);
                        glyphs.push(' ');
                    } else if in_resources {
                        let loc = reader.text(&t)?.trim().to_owned();
                        if !loc.is_empty() {
                            content.resources.push(loc);
                        }
                    }
                }
                Event::CData(c) => {
                    if let Some((_, _, s)) = code.as_mut() {
                        s.push_str(reader.cdata(&c)?);
                    }
                }
                Event::End(e) => match local_name(e.name().as_ref()) {
                    b"TextCode" => {
                        if let (Some((o, _)), Some((x, y, s))) = (object.as_mut(), code.take()) {
                            content.runs.extend(o.place(x, y, s));
                        }
                    }
                    b"Glyphs" => in_glyphs = false,
                    b"CGTransform" => {
                        if let (Some((o, _)), Some((e, glyphs))) = (object.as_mut(), transform.take()) {
                            o.add_transform(&reader, &e, &glyphs)?;
                        }
                    }
                    b"TextObject" => {
                        if let Some((o, first)) = object.take() {
                            o.finish(&mut content.runs[first..]);
                        }
                    }
                    b"PhysicalBox" => in_box = false,
                    b"PageRes" => in_resources = false,
                    _ => {}
                },
                Event::Eof => return Ok(content),
                _ => {}
            }
        }
    }

    /// Reads the annotation index and each page's annotation file.
    fn annotations(
        &mut self,
        document: &str,
        loc: &str,
        doc_dir: &str,
        page_numbers: &HashMap<String, u32>,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        let Some(index) = self.locate_or_note(document, loc, doc_dir, sink)? else {
            return Ok(());
        };
        let text = ooxml::read_xml(&mut self.archive, &index)?;
        let mut reader = XmlReader::bounded(&index, &text, self.limits);
        let mut files: Vec<(Option<u32>, String)> = Vec::new();
        let mut page: Option<u32> = None;
        let mut in_loc = false;
        loop {
            match reader.next()? {
                Event::Start(e) => match local_name(e.name().as_ref()) {
                    b"Page" => {
                        page = reader.attr(&e, b"PageID")?.and_then(|id| page_numbers.get(id.trim()).copied());
                    }
                    b"FileLoc" => in_loc = true,
                    _ => {}
                },
                Event::Text(t) if in_loc => files.push((page, reader.text(&t)?.trim().to_owned())),
                Event::End(e) if local_name(e.name().as_ref()) == b"FileLoc" => in_loc = false,
                Event::Eof => break,
                _ => {}
            }
        }
        sink.coverage(CoverageNote::read(&index))?;
        for (page, file) in files {
            let Some(part) = self.locate_or_note(&index, &file, doc_dir, sink)? else {
                continue;
            };
            if !self.read.insert(part.to_ascii_lowercase()) {
                continue;
            }
            self.annotation_file(&part, page, sink)?;
        }
        Ok(())
    }

    /// One page's annotations: per annotation, its remark and the text of its appearance, its
    /// author and its parameters' values.
    fn annotation_file(
        &mut self,
        part: &str,
        page: Option<u32>,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        let text = ooxml::read_xml(&mut self.archive, part)?;
        let mut reader = XmlReader::bounded(part, &text, self.limits);
        let mut number = 0u32;
        let mut current = Annotation::default();
        let mut in_text = false;
        // The parameter being read: its name and value.
        let mut parameter: Option<(String, String)> = None;
        loop {
            match reader.next()? {
                Event::Start(e) => match local_name(e.name().as_ref()) {
                    b"Annot" => current = Annotation::begin(&reader, &e)?,
                    b"Remark" | b"TextCode" => in_text = true,
                    b"Parameter" => {
                        let name = reader.attr(&e, b"Name")?.map(Cow::into_owned).unwrap_or_default();
                        parameter = Some((name, String::new()));
                    }
                    _ => {}
                },
                Event::Empty(e) if local_name(e.name().as_ref()) == b"Annot" => {
                    number += 1;
                    Annotation::begin(&reader, &e)?.emit(part, page, number, sink)?;
                }
                Event::Text(t) => {
                    if let Some((_, value)) = parameter.as_mut() {
                        value.push_str(&reader.text(&t)?);
                    } else if in_text {
                        current.text.push_str(&reader.text(&t)?);
                    }
                }
                Event::End(e) => match local_name(e.name().as_ref()) {
                    b"Remark" | b"TextCode" => {
                        in_text = false;
                        current.text.push('\n');
                    }
                    b"Parameter" => current.parameters.extend(parameter.take()),
                    b"Annot" => {
                        number += 1;
                        std::mem::take(&mut current).emit(part, page, number, sink)?;
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        sink.coverage(CoverageNote::read(part))?;
        Ok(())
    }

    /// Custom tags: the index names tag files; every text of each is read.
    fn custom_tags(
        &mut self,
        document: &str,
        loc: &str,
        doc_dir: &str,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        let Some(index) = self.locate_or_note(document, loc, doc_dir, sink)? else {
            return Ok(());
        };
        let files = self.file_locs(&index)?;
        for file in files {
            let Some(part) = self.locate_or_note(&index, &file, doc_dir, sink)? else {
                continue;
            };
            if !self.read.insert(part.to_ascii_lowercase()) {
                continue;
            }
            let text = ooxml::read_xml(&mut self.archive, &part)?;
            let mut reader = XmlReader::bounded(&part, &text, self.limits);
            let mut all = String::new();
            loop {
                match reader.next()? {
                    Event::Start(e) | Event::Empty(e) => {
                        let values = crate::package::text_attributes(&e)
                            .ok_or_else(|| reader.error("an attribute value cannot be unescaped"))?;
                        for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                            all.push_str(value);
                            all.push('\n');
                        }
                    }
                    Event::Text(t) => {
                        let s = reader.text(&t)?;
                        if !s.trim().is_empty() {
                            all.push_str(s.trim());
                            all.push('\n');
                        }
                    }
                    Event::CData(c) => {
                        all.push_str(reader.cdata(&c)?.trim());
                        all.push('\n');
                    }
                    Event::Eof => break,
                    _ => {}
                }
            }
            let all = join_lines(&all);
            if !all.is_empty() {
                sink.segment(Segment::new(Location::part(part.as_str()), Role::Other, all))?;
            }
            sink.coverage(CoverageNote::read(&part))?;
        }
        Ok(())
    }

    /// Attachments: each file is handed to the sink as a member.
    fn attachments(
        &mut self,
        document: &str,
        loc: &str,
        doc_dir: &str,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        let Some(index) = self.locate_or_note(document, loc, doc_dir, sink)? else {
            return Ok(());
        };
        let AttachmentList { names, files } = self.attachment_list(&index)?;
        for (n, name) in names {
            let location = Location::part(index.as_str()).with_field(format!("{n} name"));
            sink.segment(Segment::new(location, Role::Other, name))?;
        }
        for file in files {
            if let Some(part) = self.locate_or_note(&index, &file, doc_dir, sink)? {
                let bytes = self.archive.read_member(&part)?;
                sink.member(part, bytes)?;
            }
        }
        Ok(())
    }

    /// Signatures: the seals are pictures (no OCR); each signature is noted.
    fn signatures(
        &mut self,
        entry: &str,
        loc: &str,
        root: &str,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        let doc_dir = root.rsplit_once('/').map_or("", |(d, _)| d);
        let Some(index) = self.locate(entry, loc, doc_dir) else {
            return Ok(());
        };
        let text = ooxml::read_xml(&mut self.archive, &index)?;
        let mut reader = XmlReader::bounded(&index, &text, self.limits);
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"Signature" => {
                    if let Some(base) = reader.attr(&e, b"BaseLoc")? {
                        sink.coverage(CoverageNote::unread(base.trim(), Unread::Seal))?;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        sink.coverage(CoverageNote::read(&index))?;
        Ok(())
    }

    /// The attachment index: the names the panel lists (numbered from 1 in the order of the
    /// index), and the files.
    fn attachment_list(&mut self, index: &str) -> Result<AttachmentList, ExtractError> {
        let text = ooxml::read_xml(&mut self.archive, index)?;
        let mut reader = XmlReader::bounded(index, &text, self.limits);
        let (mut names, mut files) = (Vec::new(), Vec::new());
        let mut count = 0;
        let mut in_loc = false;
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                    b"Attachment" => {
                        count += 1;
                        let name = reader.attr(&e, b"Name")?.map(|n| n.trim().to_owned()).unwrap_or_default();
                        if !name.is_empty() {
                            names.push((count, name));
                        }
                    }
                    b"FileLoc" => in_loc = true,
                    _ => {}
                },
                Event::End(e) if local_name(e.name().as_ref()) == b"FileLoc" => in_loc = false,
                Event::Text(t) if in_loc => files.push(reader.text(&t)?.trim().to_owned()),
                Event::Eof => return Ok(AttachmentList { names, files }),
                _ => {}
            }
        }
    }

    /// The texts of the `FileLoc` elements of an index file.
    fn file_locs(&mut self, index: &str) -> Result<Vec<String>, ExtractError> {
        let text = ooxml::read_xml(&mut self.archive, index)?;
        let mut reader = XmlReader::bounded(index, &text, self.limits);
        let mut out = Vec::new();
        let mut in_loc = false;
        loop {
            match reader.next()? {
                Event::Start(e) if local_name(e.name().as_ref()) == b"FileLoc" => in_loc = true,
                Event::End(e) if local_name(e.name().as_ref()) == b"FileLoc" => in_loc = false,
                Event::Text(t) if in_loc => out.push(reader.text(&t)?.trim().to_owned()),
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }
}

/// An attachment index: the names the panel lists, numbered from 1 in the index's order, and
/// the files.
struct AttachmentList {
    names: Vec<(usize, String)>,
    files: Vec<String>,
}

/// One annotation as it is read: its author, its text (remark and appearance) and parameters.
#[derive(Default)]
struct Annotation {
    creator: Option<String>,
    text: String,
    parameters: Vec<(String, String)>,
}

impl Annotation {
    /// An annotation opened by the element `e` (its `Creator` attribute read).
    fn begin(reader: &XmlReader<'_>, e: &quick_xml::events::BytesStart<'_>) -> Result<Self, ExtractError> {
        let creator = reader.attr(e, b"Creator")?.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
        Ok(Annotation { creator, ..Annotation::default() })
    }

    /// Pushes the annotation's segments, located at paragraph `number` of `part` (and `page`):
    /// its text, then its author and each parameter's value as fields.
    fn emit(self, part: &str, page: Option<u32>, number: u32, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        let mut at = Location::part(part).with_paragraph(number);
        if let Some(p) = page {
            at = at.with_page(p);
        }
        let text = join_lines(&self.text);
        if !text.is_empty() {
            sink.segment(Segment::new(at.clone(), Role::Note, text))?;
        }
        if let Some(creator) = self.creator {
            sink.segment(Segment::new(at.clone().with_field("Creator"), Role::Note, creator))?;
        }
        for (name, value) in self.parameters {
            let value = join_lines(&value);
            if !value.is_empty() {
                let field = if name.trim().is_empty() { "Parameter".to_owned() } else { name };
                sink.segment(Segment::new(at.clone().with_field(field), Role::Note, value))?;
            }
        }
        Ok(())
    }
}

/// The target of a `URI` action element, escapes decoded as the viewer shows it on hovering.
fn link_target(reader: &XmlReader<'_>, e: &quick_xml::events::BytesStart<'_>) -> Result<Option<String>, ExtractError> {
    let uri = reader.attr(e, b"URI")?;
    Ok(uri.map(|u| crate::percent::decoded(u.trim()).into_owned()).filter(|u| !u.is_empty()))
}

/// Non-empty trimmed lines of `s`, joined by `\n`.
fn join_lines(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(feature = "pdf")]
mod drawn;
mod layout;
#[cfg(test)]
mod tests;
