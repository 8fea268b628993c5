//! The PPTX reader: the text of every slide of a PowerPoint presentation, in slide order, with
//! notes, comments, charts and what the masters print on every slide.
//!
//! # Units and roles
//!
//! Each slide is its own part (`ppt/slides/slide3.xml`), read in the order of the presentation's
//! slide list (`p:sldIdLst`, not the file names), hidden slides included. Every DrawingML
//! paragraph of a slide (text boxes, placeholders, table cells, group and graphic-frame shapes;
//! see [`drawingml`]) is one [`Role::Body`] segment, numbered from 1 within the slide: a slide's
//! title lines are its head, where a mark such as `核心商密▲5年` or a lone `秘密` is put. The
//! slide's own footer, date and slide-number placeholders are [`Role::Footer`] (a header
//! placeholder [`Role::Header`]) and are handed out after the body so they never push the title
//! out of the head.
//!
//! Beside the slides:
//! - notes pages (`ppt/notesSlides`) and comments (`ppt/comments`, legacy and modern) as
//!   [`Role::Note`];
//! - charts and SmartArt data as [`Role::Other`]; the alternative text of pictures and shapes
//!   (`descr`, `title`) as [`Role::Other`], field `alt text`; hyperlinks' tips (`tooltip`, shown
//!   when the pointer rests on the link), field `tooltip`; section names (field `section`) and
//!   custom show names (field `custom show`);
//! - slide masters, layouts, the notes and handout masters: what shows on the slides. The
//!   prompt text of their title and body placeholders ("单击此处编辑母版标题样式", or the
//!   author's own, which PowerPoint shows in a slide's empty placeholder while editing) is read
//!   apart as [`Role::Other`], field `prompt text`; their footer/header placeholders are
//!   [`Role::Footer`]/[`Role::Header`], and their
//!   other shapes (a logo's caption, a `内部资料` strip) are [`Role::Header`] in the top 15% of the
//!   slide, [`Role::Footer`] in the bottom 15%, [`Role::Other`] in between;
//! - the names of shapes, pictures and groups (`p:cNvPr/@name`, listed in the Selection Pane),
//!   field `shape name`, except the names PowerPoint gives (`文本框 1`, `Rectangle 5`: see
//!   [`drawingml::is_default_name`]); the names of slides, layouts and masters (`p:cSld/@name`,
//!   shown in the Layout gallery), field `slide name`; the macro an action button runs, field
//!   `action`; all [`Role::Other`];
//! - comment authors' names and initials (`ppt/commentAuthors.xml`, `ppt/authors.xml`) as
//!   [`Role::Note`], field `author`;
//! - the targets of hyperlinks and action buttons, and the paths of linked media and objects
//!   (external relationships: see [`ooxml::read_external_links`]), field `hyperlink` or `link`;
//! - document properties, pictures (noted unread) and embedded files (members), as for DOCX.
//!
//! Slides, notes, comments and charts that nothing links to are read all the same.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use mijian_core::{Cap, Unread};
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use std::sync::Arc;

use crate::as_shown::Backdrop;
use crate::drawingml::{self, Canvas, Drawn, ListStyle, Palette, Template};
use crate::ooxml;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// The presentation part when the package relationships do not say.
const MAIN_PART: &str = "ppt/presentation.xml";

/// The slide height assumed when the presentation does not give one (4:3, in EMU).
const DEFAULT_HEIGHT: i64 = 6_858_000;

/// Share of the slide height, at the top and at the bottom, where a master's shapes are taken as
/// a header or a footer.
const MARGIN_SHARE: f64 = 0.15;

/// Reads the PPTX in `bytes` into `sink`: see the module documentation for what is read.
///
/// Errors: a broken ZIP, a missing presentation part, malformed XML in any part read (naming the
/// part and the byte), or a limit exceeded.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let mut archive = Archive::open(bytes, limits)?;
    let presentation = ooxml::main_part(&mut archive, limits)?
        .as_deref()
        .and_then(|p| archive.find(p))
        .or_else(|| archive.find(MAIN_PART))
        .map(str::to_owned)
        .ok_or_else(|| ExtractError::missing(MAIN_PART))?;
    let rels = ooxml::relationships(&mut archive, &presentation, limits)?;
    let (slide_ids, height) = slide_list(&mut archive, &presentation, limits)?;
    section_names(&mut archive, &presentation, limits, sink)?;
    sink.coverage(CoverageNote::read(&presentation))?;

    let default_style = {
        let xml = ooxml::read_xml(&mut archive, &presentation)?;
        Arc::new(Template::default_text_style(&presentation, &xml, limits.max_xml_depth)?)
    };
    let mut reader = Reader {
        done: HashSet::new(),
        height,
        limits,
        masters: HashMap::new(),
        table_styles: None,
        layouts: HashMap::new(),
        default_style,
    };
    reader.done.insert(presentation.to_ascii_lowercase());
    for id in &slide_ids {
        let Some(rel) = rels.iter().find(|r| &r.id == id && !r.external) else {
            continue;
        };
        match archive.find(&rel.target).map(str::to_owned) {
            Some(part) => reader.slide(&mut archive, &part, sink)?,
            None => sink.coverage(CoverageNote::unread(&rel.target, Unread::MissingPart))?,
        }
    }

    // What nothing linked to, or what only masters link to, by folder.
    let mut rest: Vec<(u8, String)> =
        archive.names().iter().filter_map(|n| folder_rank(n).map(|r| (r, n.clone()))).collect();
    rest.sort_by(|a, b| (a.0, a.1.len(), &a.1).cmp(&(b.0, b.1.len(), &b.1)));
    for (rank, name) in rest {
        if reader.done.contains(&name.to_ascii_lowercase()) {
            continue;
        }
        match rank {
            0 => reader.slide(&mut archive, &name, sink)?,
            1 => reader.master(&mut archive, &name, sink)?,
            2 => reader.plain(&mut archive, &name, Role::Note, sink)?,
            _ => reader.plain(&mut archive, &name, Role::Other, sink)?,
        }
    }

    comment_authors(&mut archive, limits, sink)?;
    ooxml::read_external_links(&mut archive, limits, &HashSet::new(), sink)?;
    ooxml::read_properties(&mut archive, limits, sink)?;
    ooxml::account_for_every_entry(&mut archive, sink)
}

/// The authors of comments, legacy (`ppt/commentAuthors.xml`, `p:cmAuthor`) and modern
/// (`ppt/authors.xml`, `p188:author`): PowerPoint shows the name and initials on every comment
/// ([`Role::Note`], field `author`, numbered from 1 as `paragraph`).
fn comment_authors(
    archive: &mut Archive<'_>,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    for part in ["ppt/commentAuthors.xml", "ppt/authors.xml"] {
        let Some(part) = archive.find(part).map(str::to_owned) else { continue };
        let xml = ooxml::read_xml(archive, &part)?;
        let mut reader = XmlReader::bounded(&part, &xml, limits);
        let mut n = 0u32;
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e)
                    if matches!(local_name(e.name().as_ref()), b"cmAuthor" | b"author") =>
                {
                    n += 1;
                    for attr in [&b"name"[..], b"initials"] {
                        if let Some(value) = reader.attr(&e, attr)?.filter(|v| !v.trim().is_empty()) {
                            let location = Location::part(&part).with_paragraph(n).with_field("author");
                            sink.segment(Segment::new(location, Role::Note, value.into_owned()))?;
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        sink.coverage(CoverageNote::read(&part))?;
    }
    Ok(())
}

/// Where an XML part under `ppt/` belongs, for the parts read by folder: 0 slides, 1 masters and
/// layouts, 2 notes and comments, 3 charts and SmartArt data; `None` for the rest.
fn folder_rank(name: &str) -> Option<u8> {
    let lower = name.replace('\\', "/").to_ascii_lowercase();
    let path = lower.trim_start_matches('/').strip_prefix("ppt/")?;
    if !path.ends_with(".xml") || path.contains("_rels/") {
        return None;
    }
    let (folder, file) = path.rsplit_once('/')?;
    match folder {
        "slides" => Some(0),
        "slidemasters" | "slidelayouts" | "notesmasters" | "handoutmasters" => Some(1),
        "notesslides" | "comments" => Some(2),
        "charts" if file.starts_with("chart") => Some(3),
        "diagrams" if file.starts_with("data") => Some(3),
        _ => None,
    }
}

/// The relationship ids of the slides in presentation order, and the slide height (EMU).
fn slide_list(archive: &mut Archive<'_>, part: &str, limits: &Limits) -> Result<(Vec<String>, i64), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &xml, limits);
    let mut ids = Vec::new();
    let mut height = DEFAULT_HEIGHT;
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                b"sldId" => {
                    // `id` is the numeric slide id; the prefixed `r:id` names the relationship.
                    if let Some(rel) = relationship_id(&reader, &e)? {
                        ids.push(rel.into_owned());
                    }
                }
                b"sldSz" => {
                    if let Some(cy) = reader.attr(&e, b"cy")?.and_then(|v| v.trim().parse().ok()) {
                        if cy > 0 {
                            height = cy;
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok((ids, height)),
            _ => {}
        }
    }
}

/// The names of the presentation's sections (`p14:sectionLst/p14:section/@name`), which
/// PowerPoint shows above the slides of each section ([`Role::Other`], field `section`), and of
/// its custom shows (`p:custShowLst/p:custShow/@name`), listed in the Slide Show menu (field
/// `custom show`). Each kind is numbered from 1 as `paragraph`.
fn section_names(
    archive: &mut Archive<'_>,
    part: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &xml, limits);
    let (mut sections, mut shows) = (0u32, 0u32);
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) => {
                let (n, field) = match local_name(e.name().as_ref()) {
                    b"section" => (&mut sections, "section"),
                    b"custShow" => (&mut shows, "custom show"),
                    _ => continue,
                };
                *n += 1;
                if let Some(name) = reader.attr(&e, b"name")?.filter(|v| !v.trim().is_empty()) {
                    let location = Location::part(part).with_paragraph(*n).with_field(field);
                    sink.segment(Segment::new(location, Role::Other, name.into_owned()))?;
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The value of a prefixed `…:id` attribute (`r:id`), unlike the plain `id`.
fn relationship_id<'e>(
    reader: &XmlReader<'_>,
    e: &'e quick_xml::events::BytesStart<'_>,
) -> Result<Option<Cow<'e, str>>, ExtractError> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| reader.error(err.to_string()))?;
        let key = attr.key.as_ref();
        if key.ends_with(b":id") && !key.starts_with(b"xmlns") {
            return attr.unescape_value().map(Some).map_err(|err| reader.error(err.to_string()));
        }
    }
    Ok(None)
}

/// State shared by the parts of one presentation.
struct Reader<'l> {
    /// Parts read so far (lower case).
    done: HashSet<String>,
    /// Slide height, EMU.
    height: i64,
    limits: &'l Limits,
    /// Each master's colours and what it gives its slides, each layout's, once read.
    masters: HashMap<String, (Palette, Arc<Template>)>,
    layouts: HashMap<String, Arc<Template>>,
    /// The presentation's default text style (`p:defaultTextStyle`).
    default_style: Arc<ListStyle>,
    /// The presentation's table styles (`ppt/tableStyles.xml`), once read.
    table_styles: Option<Arc<drawingml::TableStyles>>,
}

impl Reader<'_> {
    /// Reads one slide, then its notes, comments and charts.
    fn slide(
        &mut self,
        archive: &mut Archive<'_>,
        part: &str,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        if !self.done.insert(part.to_ascii_lowercase()) {
            return Ok(());
        }
        let paragraphs = self.paragraphs(archive, part, sink)?;
        let mut margins = Vec::new();
        for (i, p) in paragraphs.into_iter().enumerate() {
            let number = i as u32 + 1;
            if let Some(field) = p.beside {
                let location = Location::part(part).with_paragraph(number).with_field(field);
                margins.push(Segment::new(location, Role::Other, p.text));
                continue;
            }
            let role = match p.placeholder.as_deref() {
                Some("ftr" | "dt" | "sldNum") => Role::Footer,
                Some("hdr") => Role::Header,
                _ => Role::Body,
            };
            let location = Location::part(part).with_paragraph(number);
            let shown = p.shown.map(|shown| Segment::new(location.clone().with_field("as shown"), role, shown));
            let label = p.label.map(|label| Segment::new(location.clone().with_field("list label"), role, label));
            if role == Role::Body {
                sink.segment(Segment::new(location, role, p.text))?;
                for segment in shown.into_iter().chain(label) {
                    sink.segment(segment)?;
                }
            } else {
                margins.push(Segment::new(location, role, p.text));
                margins.extend(shown.into_iter().chain(label));
            }
        }
        for segment in margins {
            sink.segment(segment)?;
        }
        sink.coverage(CoverageNote::read(part))?;

        for rel in ooxml::relationships(archive, part, self.limits)? {
            if rel.external {
                continue;
            }
            let role = match rel.kind() {
                "notesSlide" | "comments" | "comment" => Role::Note,
                "chart" | "diagramData" => Role::Other,
                _ => continue,
            };
            if let Some(name) = archive.find(&rel.target).map(str::to_owned) {
                self.plain(archive, &name, role, sink)?;
            }
        }
        Ok(())
    }

    /// Reads a master or layout: what shows on the slides (see the module documentation).
    fn master(
        &mut self,
        archive: &mut Archive<'_>,
        part: &str,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        if !self.done.insert(part.to_ascii_lowercase()) {
            return Ok(());
        }
        let margin = (self.height as f64 * MARGIN_SHARE) as i64;
        for (i, p) in self.paragraphs(archive, part, sink)?.into_iter().enumerate() {
            if let Some(field) = p.beside {
                let location = Location::part(part).with_paragraph(i as u32 + 1).with_field(field);
                sink.segment(Segment::new(location, Role::Other, p.text))?;
                continue;
            }
            let role = match p.placeholder.as_deref() {
                Some("ftr") => Role::Footer,
                Some("hdr") => Role::Header,
                // Prompt text of title, body and object placeholders, and the date and number
                // fields (`‹#›`), which slides fill with their own. Not printed, but PowerPoint
                // shows a layout's prompt in every empty placeholder of a slide in the normal
                // view (`hasCustomPrompt`), and the file holds it: read apart, field `prompt text`.
                Some(_) => {
                    let location = Location::part(part).with_paragraph(i as u32 + 1).with_field("prompt text");
                    sink.segment(Segment::new(location, Role::Other, p.text))?;
                    continue;
                }
                None => match p.y {
                    Some(y) if y < margin => Role::Header,
                    Some(y) if y > self.height - margin => Role::Footer,
                    _ => Role::Other,
                },
            };
            let location = Location::part(part).with_paragraph(i as u32 + 1);
            if let Some(shown) = p.shown {
                sink.segment(Segment::new(location.clone().with_field("as shown"), role, shown))?;
            }
            if let Some(label) = p.label {
                sink.segment(Segment::new(location.clone().with_field("list label"), role, label))?;
            }
            sink.segment(Segment::new(location, role, p.text))?;
        }
        sink.coverage(CoverageNote::read(part))?;
        Ok(())
    }

    /// Reads a notes page, comments, chart or SmartArt part: every paragraph with `role`, except
    /// a notes page's slide-number placeholder.
    fn plain(
        &mut self,
        archive: &mut Archive<'_>,
        part: &str,
        role: Role,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        if !self.done.insert(part.to_ascii_lowercase()) {
            return Ok(());
        }
        for (i, p) in self.paragraphs(archive, part, sink)?.into_iter().enumerate() {
            if p.placeholder.as_deref() == Some("sldNum") {
                continue;
            }
            let mut location = Location::part(part).with_paragraph(i as u32 + 1);
            if let Some(shown) = p.shown {
                sink.segment(Segment::new(location.clone().with_field("as shown"), role, shown))?;
            }
            if let Some(label) = p.label {
                sink.segment(Segment::new(location.clone().with_field("list label"), role, label))?;
            }
            if let Some(field) = p.beside {
                location = location.with_field(field);
            }
            sink.segment(Segment::new(location, role, p.text))?;
        }
        sink.coverage(CoverageNote::read(part))?;
        Ok(())
    }

    /// The paragraphs of the slide, layout or master `part`; the part says so when their list
    /// labels reached their allowance (see [`drawingml::Drawing`]).
    fn paragraphs(
        &mut self,
        archive: &mut Archive<'_>,
        part: &str,
        sink: &mut dyn DocumentSink,
    ) -> Result<Vec<Drawn>, ExtractError> {
        let xml = ooxml::read_xml(archive, part)?;
        let canvas = self.canvas(archive, part, &xml)?;
        let drawing = drawingml::paragraphs_on(part, &xml, self.limits.max_xml_depth, &canvas)?;
        if drawing.labels_capped {
            sink.coverage(CoverageNote::unread(part, Unread::Limit(Cap::ListLabels)))?;
        }
        Ok(drawing.paragraphs)
    }

    /// What is behind the shapes of a slide, layout or master besides its own background, and
    /// what its runs and placeholders inherit (see [`drawingml`]): its layout and master, the
    /// colours of its scheme (the theme's, through its own colour map override, else its
    /// layout's, else the master's colour map), the background of its layout, else of its
    /// master, else white.
    fn canvas(&mut self, archive: &mut Archive<'_>, part: &str, xml: &[u8]) -> Result<Canvas, ExtractError> {
        let target = |archive: &mut Archive<'_>, part: &str, kind: &str| -> Result<Option<String>, ExtractError> {
            let rels = ooxml::relationships(archive, part, self.limits)?;
            Ok(rels
                .iter()
                .find(|r| !r.external && r.kind() == kind)
                .and_then(|r| archive.find(&r.target))
                .map(str::to_owned))
        };
        let depth = self.limits.max_xml_depth;
        let layout = target(archive, part, "slideLayout")?;
        let master = match &layout {
            Some(layout) => target(archive, layout, "slideMaster")?,
            None => target(archive, part, "slideMaster")?,
        };
        let master = master.or_else(|| part.contains("slideMasters/").then(|| part.to_owned()));
        let Some(master) = master else { return Ok(Canvas::default()) };
        if !self.masters.contains_key(&master) {
            let mut palette = Palette::default();
            if let Some(theme) = target(archive, &master, "theme")? {
                let xml = ooxml::read_xml(archive, &theme)?;
                palette.read_theme(&theme, &xml, depth)?;
            }
            let xml = ooxml::read_xml(archive, &master)?;
            let template = Template::read(&master, &xml, depth)?;
            if let Some(map) = &template.colour_map {
                palette = palette.with_map(map);
            }
            self.masters.insert(master.clone(), (palette, Arc::new(template)));
        }
        let (palette, master_template) = self.masters.get(&master).cloned().unwrap_or_default();
        let layout = match layout {
            Some(layout) => match self.layouts.get(&layout) {
                Some(template) => Some(template.clone()),
                None => {
                    let xml = ooxml::read_xml(archive, &layout)?;
                    let template = Arc::new(Template::read(&layout, &xml, depth)?);
                    self.layouts.insert(layout, template.clone());
                    Some(template)
                }
            },
            None => None,
        };
        // The part's own colour map override (a slide's or a layout's).
        let own_map = if part != master && memchr::memmem::find(xml, b"overrideClrMapping").is_some() {
            Template::read(part, xml, depth)?.colour_map
        } else {
            None
        };
        let palette = match own_map.as_ref().or(layout.as_ref().and_then(|l| l.colour_map.as_ref())) {
            Some(map) => palette.with_map(map),
            None => palette,
        };
        // A part's own background is read with its shapes; PowerPoint's is white.
        let page = if part == master {
            None
        } else {
            let layout_page = layout.as_ref().and_then(|l| l.background.as_ref());
            layout_page.or(master_template.background.as_ref()).map(|fill| fill.backdrop(&palette))
        };
        let page = Some(page.unwrap_or(Backdrop::Colour(crate::as_shown::Rgb::WHITE)));
        if self.table_styles.is_none() {
            let mut styles = drawingml::TableStyles::default();
            if let Some(name) = archive.find("ppt/tableStyles.xml").map(str::to_owned) {
                let xml = ooxml::read_xml(archive, &name)?;
                styles = drawingml::TableStyles::read(&name, &xml, depth)?;
            }
            self.table_styles = Some(Arc::new(styles));
        }
        Ok(Canvas {
            page,
            palette,
            layout,
            master: Some(master_template),
            default_style: Some(self.default_style.clone()),
            table_styles: self.table_styles.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::zip;
    use mijian_core::Collected;

    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;

    /// A text box shape, optionally a placeholder, at vertical offset `y`.
    fn shape(ph: Option<&str>, y: i64, paragraphs: &[&str]) -> String {
        let ph = ph.map_or(String::new(), |t| format!(r#"<p:ph type="{t}"/>"#));
        let ps: String =
            paragraphs.iter().map(|p| format!("<a:p><a:r><a:rPr lang=\"zh-CN\"/><a:t>{p}</a:t></a:r></a:p>")).collect();
        format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="文本框 1"/><p:cNvSpPr/><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="{y}"/><a:ext cx="1" cy="1"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>{ps}</p:txBody></p:sp>"#
        )
    }

    fn slide(shapes: &str) -> String {
        format!(r#"<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr/><p:grpSpPr/>{shapes}</p:spTree></p:cSld></p:sld>"#)
    }

    /// A presentation whose slide list puts `slides` in the order given (file names reversed).
    fn pptx(slides: &[String], extra: &[(&str, String)]) -> Vec<u8> {
        pptx_with(slides, extra, "")
    }

    /// The same, with `more` at the end of the presentation part.
    fn pptx_with(slides: &[String], extra: &[(&str, String)], more: &str) -> Vec<u8> {
        let n = slides.len();
        let mut entries = vec![
            ("[Content_Types].xml".to_owned(), "<Types/>".to_owned()),
            (
                "_rels/.rels".to_owned(),
                format!(
                    r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>"#
                ),
            ),
        ];
        let mut ids = String::new();
        let mut rels = format!(r#"<Relationships xmlns="{RELS}">"#);
        for (i, s) in slides.iter().enumerate() {
            let file = n - i; // slide order is not file-name order
            ids.push_str(&format!(r#"<p:sldId id="{}" r:id="rId{}"/>"#, 256 + i, 10 + i));
            rels.push_str(&format!(
                r#"<Relationship Id="rId{}" Type="{REL}/slide" Target="slides/slide{file}.xml"/>"#,
                10 + i
            ));
            entries.push((format!("ppt/slides/slide{file}.xml"), s.clone()));
        }
        rels.push_str("</Relationships>");
        entries.push((
            "ppt/presentation.xml".to_owned(),
            format!(r#"<p:presentation {NS}><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/>{more}</p:presentation>"#),
        ));
        entries.push(("ppt/_rels/presentation.xml.rels".to_owned(), rels));
        for (name, xml) in extra {
            entries.push((name.to_string(), xml.clone()));
        }
        zip(&entries)
    }

    fn read(bytes: &[u8]) -> Collected {
        let mut sink = Collected::default();
        extract(bytes, &Limits::default(), &mut sink).unwrap();
        sink
    }

    fn short(c: &Collected) -> Vec<(String, Option<u32>, Role, String)> {
        c.segments.iter().map(|s| (s.location.part.clone(), s.location.paragraph, s.role, s.text.clone())).collect()
    }

    /// A slide with its layout, master and theme: the master's background `p:bgRef` in the
    /// scheme colour `bg1`, which the master's colour map makes the theme's `lt1`.
    fn themed(master_background: &str, layout_background: &str, cut_colour: &str) -> Vec<u8> {
        let run = |t: &str, fill: &str| format!(r#"<a:r><a:rPr lang="zh-CN">{fill}</a:rPr><a:t>{t}</a:t></a:r>"#);
        let red = r#"<a:solidFill><a:srgbClr val="C00000"/></a:solidFill>"#;
        let paragraph = format!("<a:p>{}{}{}</a:p>", run("机", red), run("公开", cut_colour), run("密★1年", red));
        let slide = format!(
            r#"<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr/><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="文本框 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>{paragraph}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
        );
        let rels = |kind: &str, target: &str| {
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/{kind}" Target="{target}"/></Relationships>"#
            )
        };
        let theme = r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:clrScheme name="o"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2></a:clrScheme></a:themeElements></a:theme>"#;
        pptx(
            &[slide],
            &[
                ("ppt/slides/_rels/slide1.xml.rels", rels("slideLayout", "../slideLayouts/slideLayout1.xml")),
                (
                    "ppt/slideLayouts/slideLayout1.xml",
                    format!(r#"<p:sldLayout {NS}><p:cSld>{layout_background}<p:spTree/></p:cSld></p:sldLayout>"#),
                ),
                (
                    "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                    rels("slideMaster", "../slideMasters/slideMaster1.xml"),
                ),
                (
                    "ppt/slideMasters/slideMaster1.xml",
                    format!(
                        r#"<p:sldMaster {NS}><p:cSld>{master_background}<p:spTree/></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/></p:sldMaster>"#
                    ),
                ),
                ("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels("theme", "../theme/theme1.xml")),
                ("ppt/theme/theme1.xml", theme.to_owned()),
            ],
        )
    }

    /// Text in the colour of the slide's background (resolved through the layout, the master,
    /// its colour map and the theme) is read as the slide shows it; on a dark background it shows.
    #[test]
    fn text_in_the_colour_of_the_slide_background_does_not_show() {
        let light = r#"<p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>"#;
        let dark = r#"<p:bg><p:bgPr><a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"#;
        let bg1 = r#"<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>"#;
        let white = r#"<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>"#;
        let slate = r#"<a:solidFill><a:srgbClr val="44546A"/></a:solidFill>"#;
        let shown = |bytes: Vec<u8>| -> Vec<String> {
            let c = read(&bytes);
            assert!(c.segments.iter().any(|s| s.text == "机公开密★1年"));
            c.segments
                .iter()
                .filter(|s| s.location.field.as_deref() == Some("as shown"))
                .map(|s| s.text.clone())
                .collect()
        };
        for (what, bytes) in [
            ("scheme white on the master's scheme white", themed(light, "", bg1)),
            ("white on the master's white", themed(light, "", white)),
            ("white on a master without a background", themed("", "", white)),
            ("slate on the layout's slate over a light master", themed(light, dark, slate)),
        ] {
            assert_eq!(shown(bytes), ["机密★1年"], "{what}");
        }
        for (what, bytes) in [
            ("white on the layout's slate", themed(light, dark, white)),
            ("scheme white on the master's slate", themed(dark, "", bg1)),
            ("slate on white", themed(light, "", slate)),
        ] {
            assert_eq!(shown(bytes), Vec::<String>::new(), "{what}");
        }
    }

    /// What a slide, its layout, master and presentation say about the run `公开` cutting
    /// `机` `密★1年` (both red): each part as written, empty when it says nothing.
    #[derive(Default)]
    struct Inheriting<'a> {
        /// The slide's shape: its `p:ph` (none for a text box), its list style, its paragraph
        /// properties, the cut run's properties (`a:rPr`, none when empty).
        placeholder: &'a str,
        list: &'a str,
        paragraph: &'a str,
        cut: &'a str,
        /// The slide's and the layout's `p:clrMapOvr` content.
        slide_map: &'a str,
        layout_map: &'a str,
        /// Shapes of the layout and of the master.
        layout_shapes: &'a str,
        master_shapes: &'a str,
        /// The master's `p:txStyles` content, and the presentation's `p:defaultTextStyle`.
        text_styles: &'a str,
        default_style: &'a str,
    }

    impl Inheriting<'_> {
        /// The presentation; its master's background is the scheme's `bg1` (white: `lt1`).
        fn pptx(&self) -> Vec<u8> {
            // 18pt, so that only the cut run takes an inherited size.
            let run = |t: &str, props: &str| {
                format!(r#"<a:r><a:rPr lang="zh-CN" sz="1800">{props}</a:rPr><a:t>{t}</a:t></a:r>"#)
            };
            let red = r#"<a:solidFill><a:srgbClr val="C00000"/></a:solidFill>"#;
            let paragraph = format!(
                "<a:p>{}{}<a:r>{}<a:t>公开</a:t></a:r>{}</a:p>",
                self.paragraph,
                run("机", red),
                self.cut,
                run("密★1年", red)
            );
            let slide = format!(
                r#"<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr/><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="内容 1"/><p:cNvSpPr/><p:nvPr>{}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle>{}</a:lstStyle>{paragraph}</p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr>{}</p:clrMapOvr></p:sld>"#,
                self.placeholder, self.list, self.slide_map
            );
            let rels = |kind: &str, target: &str| {
                format!(
                    r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/{kind}" Target="{target}"/></Relationships>"#
                )
            };
            let theme = r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:clrScheme name="o"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2></a:clrScheme></a:themeElements></a:theme>"#;
            let bytes = pptx_with(
                &[slide],
                &[
                    ("ppt/slides/_rels/slide1.xml.rels", rels("slideLayout", "../slideLayouts/slideLayout1.xml")),
                    (
                        "ppt/slideLayouts/slideLayout1.xml",
                        format!(
                            r#"<p:sldLayout {NS}><p:cSld><p:spTree>{}</p:spTree></p:cSld><p:clrMapOvr>{}</p:clrMapOvr></p:sldLayout>"#,
                            self.layout_shapes, self.layout_map
                        ),
                    ),
                    (
                        "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                        rels("slideMaster", "../slideMasters/slideMaster1.xml"),
                    ),
                    (
                        "ppt/slideMasters/slideMaster1.xml",
                        format!(
                            r#"<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg><p:spTree>{}</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:txStyles>{}</p:txStyles></p:sldMaster>"#,
                            self.master_shapes, self.text_styles
                        ),
                    ),
                    ("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels("theme", "../theme/theme1.xml")),
                    ("ppt/theme/theme1.xml", theme.to_owned()),
                ],
                &format!("<p:defaultTextStyle>{}</p:defaultTextStyle>", self.default_style),
            );
            bytes
        }

        /// The slide's shown readings.
        fn shown(&self) -> Vec<String> {
            let c = read(&self.pptx());
            assert!(c.segments.iter().any(|s| s.text == "机公开密★1年"));
            c.segments
                .iter()
                .filter(|s| s.location.field.as_deref() == Some("as shown") && s.location.part.contains("slides/"))
                .map(|s| s.text.clone())
                .collect()
        }
    }

    /// A list style giving level `n` (1…9) the run properties `props`.
    fn level(n: u8, props: &str) -> String {
        format!("<a:lvl{n}pPr><a:defRPr>{props}</a:defRPr></a:lvl{n}pPr>")
    }

    /// A layout or master placeholder shape: its `p:ph`, its shape properties, its list style.
    fn template_placeholder(ph: &str, properties: &str, list: &str) -> String {
        format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="3" name="x"/><p:cNvSpPr/><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{properties}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle>{list}</a:lstStyle><a:p><a:r><a:t>单击此处编辑</a:t></a:r></a:p></p:txBody></p:sp>"#
        )
    }

    /// A run without a colour of its own takes the one its paragraph level inherits: from its
    /// shape's list style, the layout's placeholder, the master's placeholder, the master's text
    /// styles (by placeholder type), the presentation's default; scheme colours resolved through
    /// the slide's colour map (its override, else its layout's). White so inherited on the white
    /// master is unseen; a colour or size of the run's own, a dark background, another level or
    /// another kind of placeholder shows it.
    #[test]
    fn a_run_inherits_its_colour_size_and_fill() {
        let white = r#"<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>"#;
        let literal_white = r#"<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>"#;
        let black = r#"<a:solidFill><a:srgbClr val="000000"/></a:solidFill>"#;
        let black_run = r#"<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:rPr>"#;
        let body = r#"<p:ph idx="1"/>"#;
        let title = r#"<p:ph type="title"/>"#;
        let white_body = format!("<p:bodyStyle>{}</p:bodyStyle>", level(1, white));
        let white_title = format!("<p:titleStyle>{}</p:titleStyle>", level(1, white));
        let white_body_2 = format!("<p:bodyStyle>{}{}</p:bodyStyle>", level(1, black), level(2, white));
        let tiny_body = format!("<p:bodyStyle>{}</p:bodyStyle>", r#"<a:lvl1pPr><a:defRPr sz="100"/></a:lvl1pPr>"#);
        let dark = r#"<a:overrideClrMapping bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#;
        let light = r#"<a:overrideClrMapping bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#;
        let literal_body = format!("<p:bodyStyle>{}</p:bodyStyle>", level(1, literal_white));
        let layout_white = template_placeholder(body, "", &level(1, white));
        let layout_black_fill = template_placeholder(body, black, "");
        let layout_other_idx = template_placeholder(r#"<p:ph idx="2"/>"#, "", &level(1, white));
        let master_white = template_placeholder(r#"<p:ph type="body" idx="1"/>"#, "", &level(1, white));
        let own_list = level(1, white);
        let unseen: Vec<(&str, Inheriting)> = vec![
            ("master body style", Inheriting { placeholder: body, text_styles: &white_body, ..Default::default() }),
            ("master title style", Inheriting { placeholder: title, text_styles: &white_title, ..Default::default() }),
            (
                "master body style, level 2",
                Inheriting {
                    placeholder: body,
                    paragraph: r#"<a:pPr lvl="1"/>"#,
                    text_styles: &white_body_2,
                    ..Default::default()
                },
            ),
            (
                "layout placeholder",
                Inheriting { placeholder: body, layout_shapes: &layout_white, ..Default::default() },
            ),
            (
                "master placeholder",
                Inheriting { placeholder: body, master_shapes: &master_white, ..Default::default() },
            ),
            ("the shape's own list style", Inheriting { list: &own_list, ..Default::default() }),
            ("the presentation's default", Inheriting { default_style: &own_list, ..Default::default() }),
            (
                "an inherited size of 1pt",
                Inheriting { placeholder: body, text_styles: &tiny_body, ..Default::default() },
            ),
            (
                "black in the layout placeholder's black fill",
                Inheriting {
                    placeholder: body,
                    cut: black_run,
                    layout_shapes: &layout_black_fill,
                    ..Default::default()
                },
            ),
            (
                "white on the master's white, the slide mapping back what the layout maps dark",
                Inheriting {
                    placeholder: body,
                    text_styles: &literal_body,
                    layout_map: dark,
                    slide_map: light,
                    ..Default::default()
                },
            ),
        ];
        for (what, case) in unseen {
            assert_eq!(case.shown(), ["机密★1年"], "{what}");
        }
        let shown: Vec<(&str, Inheriting)> = vec![
            ("nothing inherited", Inheriting { placeholder: body, ..Default::default() }),
            (
                "a colour of the run's own",
                Inheriting { placeholder: body, cut: black_run, text_styles: &white_body, ..Default::default() },
            ),
            (
                "a title takes no body style",
                Inheriting { placeholder: title, text_styles: &white_body, ..Default::default() },
            ),
            ("a text box takes no body style", Inheriting { text_styles: &white_body, ..Default::default() }),
            ("level 1 is black", Inheriting { placeholder: body, text_styles: &white_body_2, ..Default::default() }),
            (
                "another index on the layout",
                Inheriting { placeholder: body, layout_shapes: &layout_other_idx, ..Default::default() },
            ),
            (
                "a size of the run's own",
                Inheriting {
                    placeholder: body,
                    cut: r#"<a:rPr lang="zh-CN" sz="1800"/>"#,
                    text_styles: &tiny_body,
                    ..Default::default()
                },
            ),
            ("black on white", Inheriting { placeholder: body, cut: black_run, ..Default::default() }),
            (
                "white on the master's background the layout maps dark",
                Inheriting { placeholder: body, text_styles: &literal_body, layout_map: dark, ..Default::default() },
            ),
        ];
        for (what, case) in shown {
            assert_eq!(case.shown(), Vec::<String>::new(), "{what}");
        }
    }

    /// A table cell's text on its table style: a style that fills its cells (PowerPoint's
    /// default, written in `ppt/tableStyles.xml`, or a built-in one not written there) is behind
    /// white text, which shows; a style that neither fills nor colours leaves white text on the
    /// white slide unseen.
    #[test]
    fn a_table_style_that_fills_its_cells_is_behind_their_text() {
        let medium = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}";
        let plain = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}";
        let filled = format!(
            r#"<a:tblStyleLst xmlns:a="a" def="{medium}"><a:tblStyle styleId="{medium}" styleName="中度样式 2"><a:wholeTbl><a:tcTxStyle><a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"><a:tint val="20000"/></a:schemeClr></a:solidFill></a:fill></a:tcStyle></a:wholeTbl><a:firstRow><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:firstRow></a:tblStyle><a:tblStyle styleId="{{LIGHT}}" styleName="浅色"><a:wholeTbl><a:tcStyle><a:tcBdr><a:top><a:ln><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:ln></a:top></a:tcBdr><a:fill><a:noFill/></a:fill></a:tcStyle></a:wholeTbl></a:tblStyle></a:tblStyleLst>"#
        );
        let run = |t: &str, colour: &str| {
            format!(
                r#"<a:r><a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:rPr><a:t>{t}</a:t></a:r>"#
            )
        };
        let shown = |style: Option<&str>, styles: Option<&str>| {
            let id = style.map(|s| format!("<a:tableStyleId>{s}</a:tableStyleId>")).unwrap_or_default();
            let cell = format!(
                "<a:tc><a:txBody><a:bodyPr/><a:p>{}{}{}</a:p></a:txBody><a:tcPr/></a:tc>",
                run("机", "000000"),
                run("公开", "FFFFFF"),
                run("密★1年", "000000")
            );
            let table = format!(
                r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="表格 3"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><a:graphic><a:graphicData><a:tbl><a:tblPr firstRow="1" bandRow="1">{id}</a:tblPr><a:tblGrid><a:gridCol w="100"/></a:tblGrid><a:tr h="10">{cell}</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>"#
            );
            let mut extra = vec![
                ("ppt/slides/_rels/slide1.xml.rels", rels_of("slideMaster", "../slideMasters/slideMaster1.xml")),
                (
                    "ppt/slideMasters/slideMaster1.xml",
                    format!(r#"<p:sldMaster {NS}><p:cSld><p:spTree/></p:cSld></p:sldMaster>"#),
                ),
            ];
            extra.extend(styles.map(|s| ("ppt/tableStyles.xml", s.to_owned())));
            let c = read(&pptx(&[slide(&table)], &extra));
            c.segments
                .iter()
                .filter(|s| s.location.field.as_deref() == Some("as shown"))
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
        };
        let cut = vec!["机密★1年".to_owned()];
        assert!(shown(Some(medium), Some(&filled)).is_empty(), "white on the style's fill shows");
        assert!(shown(Some(medium), None).is_empty(), "a built-in style that fills, not written out");
        assert_eq!(shown(Some("{LIGHT}"), Some(&filled)), cut, "a style without fills");
        assert_eq!(shown(Some(plain), None), cut, "no style, no grid");
        assert_eq!(shown(None, Some(&filled)), cut, "no style");
    }

    fn rels_of(kind: &str, target: &str) -> String {
        format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/{kind}" Target="{target}"/></Relationships>"#
        )
    }

    #[test]
    fn slides_in_presentation_order_with_footers_last() {
        let first = slide(&format!(
            "{}{}",
            shape(Some("ftr"), 6_400_000, &["页脚"]),
            shape(None, 100, &["核心商密▲5年", "某项目汇报"])
        ));
        let second = slide(&shape(Some("title"), 100, &["第二页"]));
        let c = read(&pptx(&[first, second], &[]));
        assert_eq!(
            short(&c),
            vec![
                ("ppt/slides/slide2.xml".into(), Some(2), Role::Body, "核心商密▲5年".into()),
                ("ppt/slides/slide2.xml".into(), Some(3), Role::Body, "某项目汇报".into()),
                ("ppt/slides/slide2.xml".into(), Some(1), Role::Footer, "页脚".into()),
                ("ppt/slides/slide1.xml".into(), Some(1), Role::Body, "第二页".into()),
            ]
        );
    }

    #[test]
    fn tables_groups_notes_comments_and_charts() {
        let table = r#"<p:graphicFrame><p:xfrm><a:off x="0" y="0"/></p:xfrm><a:graphic><a:graphicData><a:tbl><a:tr><a:tc><a:txBody><a:p><a:r><a:t>密级</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>机密</a:t></a:r></a:p></a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>"#;
        let group = format!("<p:grpSp><p:nvGrpSpPr/>{}</p:grpSp>", shape(None, 5, &["组内"]));
        let s = slide(&format!("{table}{group}"));
        let slide_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/notesSlide" Target="../notesSlides/notesSlide1.xml"/><Relationship Id="rId2" Type="{REL}/comments" Target="../comments/comment1.xml"/><Relationship Id="rId3" Type="{REL}/chart" Target="../charts/chart1.xml"/></Relationships>"#
        );
        let notes = format!(
            r#"<p:notes {NS}><p:cSld><p:spTree>{}{}</p:spTree></p:cSld></p:notes>"#,
            shape(Some("body"), 0, &["备注：内部资料"]),
            shape(Some("sldNum"), 0, &["1"])
        );
        let comments = format!(r#"<p:cmLst {NS}><p:cm authorId="0"><p:text>请删掉密级</p:text></p:cm></p:cmLst>"#);
        let chart = r#"<c:chartSpace xmlns:c="c" xmlns:a="a"><c:title><c:tx><c:rich><a:p><a:r><a:t>图表</a:t></a:r></a:p></c:rich></c:tx></c:title></c:chartSpace>"#;
        let c = read(&pptx(
            &[s],
            &[
                ("ppt/slides/_rels/slide1.xml.rels", slide_rels),
                ("ppt/notesSlides/notesSlide1.xml", notes),
                ("ppt/comments/comment1.xml", comments),
                ("ppt/charts/chart1.xml", chart.to_owned()),
                ("ppt/media/image1.png", "GIF89a".to_owned()),
            ],
        ));
        let got: Vec<(Role, String)> = c.segments.iter().map(|s| (s.role, s.text.clone())).collect();
        assert_eq!(
            got,
            vec![
                (Role::Body, "密级".into()),
                (Role::Body, "机密".into()),
                (Role::Body, "组内".into()),
                (Role::Note, "备注：内部资料".into()),
                (Role::Note, "请删掉密级".into()),
                (Role::Other, "图表".into()),
            ]
        );
        assert!(c.coverage.iter().any(|n| n.part == "ppt/media/image1.png"));
    }

    #[test]
    fn names_authors_and_link_targets_after_the_slide_text() {
        // A slide and a shape named by the author (the default names are left out), comment
        // authors (legacy and modern), a hyperlink's URL. The names come after the slide's
        // paragraphs, so they never take the place of its title in the head.
        let named = shape(None, 100, &["会议纪要"]).replace(r#"name="文本框 1""#, r#"name="紫电计划""#);
        let s =
            slide(&format!("{}{named}", shape(None, 0, &["标题"]))).replace("<p:cSld>", r#"<p:cSld name="机密★1年">"#);
        let slide_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/hyperlink" Target="mailto:a@b.cn?subject=%E7%B4%AB%E7%94%B5" TargetMode="External"/></Relationships>"#
        );
        let legacy = format!(
            r#"<p:cmAuthorLst {NS}><p:cmAuthor id="0" name="张三" initials="ZS" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>"#
        );
        let modern = r#"<p188:authorLst xmlns:p188="p188"><p188:author id="{1}" name="KJ-3 组" initials="" userId="u" providerId="None"/></p188:authorLst>"#;
        let c = read(&pptx(
            &[s],
            &[
                ("ppt/slides/_rels/slide1.xml.rels", slide_rels),
                ("ppt/commentAuthors.xml", legacy),
                ("ppt/authors.xml", modern.to_owned()),
            ],
        ));
        let got: Vec<(String, Option<String>, Role, String)> = c
            .segments
            .iter()
            .map(|s| (s.location.part.clone(), s.location.field.clone(), s.role, s.text.clone()))
            .collect();
        let slide1 = "ppt/slides/slide1.xml";
        let want = [
            (slide1, None, Role::Body, "标题"),
            (slide1, None, Role::Body, "会议纪要"),
            (slide1, Some("slide name"), Role::Other, "机密★1年"),
            (slide1, Some("shape name"), Role::Other, "紫电计划"),
            ("ppt/commentAuthors.xml", Some("author"), Role::Note, "张三"),
            ("ppt/commentAuthors.xml", Some("author"), Role::Note, "ZS"),
            ("ppt/authors.xml", Some("author"), Role::Note, "KJ-3 组"),
            (slide1, Some("hyperlink"), Role::Other, "mailto:a@b.cn?subject=紫电"),
        ];
        let want: Vec<(String, Option<String>, Role, String)> =
            want.iter().map(|(p, f, r, t)| (p.to_string(), f.map(str::to_owned), *r, t.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn masters_give_what_shows() {
        let master = format!(
            r#"<p:sldMaster {NS}><p:cSld><p:spTree>{}{}{}{}</p:spTree></p:cSld></p:sldMaster>"#,
            shape(Some("title"), 100, &["单击此处编辑母版标题样式"]),
            shape(Some("ftr"), 6_300_000, &["内部资料 注意保存"]),
            shape(None, 100, &["秘密"]),
            shape(None, 3_000_000, &["水印文字"])
        );
        let c = read(&pptx(&[slide("")], &[("ppt/slideMasters/slideMaster1.xml", master)]));
        let got: Vec<(Role, String)> = c.segments.iter().map(|s| (s.role, s.text.clone())).collect();
        assert_eq!(
            got,
            vec![
                // The prompt shows only in an empty placeholder while editing: read apart.
                (Role::Other, "单击此处编辑母版标题样式".into()),
                (Role::Footer, "内部资料 注意保存".into()),
                (Role::Header, "秘密".into()),
                (Role::Other, "水印文字".into()),
            ]
        );
        assert_eq!(c.segments[0].location.field.as_deref(), Some("prompt text"));
    }

    #[test]
    fn errors_name_the_part() {
        let bad = pptx(&[slide("<a:p><a:t>x</a:p>")], &[]);
        match extract(&bad, &Limits::default(), &mut Collected::default()) {
            Err(ExtractError::Corrupt { part: Some(part), what: crate::Defect::Xml { .. }, .. }) => {
                assert_eq!(part, "ppt/slides/slide1.xml")
            }
            other => panic!("{other:?}"),
        }
        let missing = zip(&[("[Content_Types].xml", "<Types/>")]);
        assert!(matches!(
            extract(&missing, &Limits::default(), &mut Collected::default()),
            Err(ExtractError::Corrupt { part: Some(p), what: crate::Defect::MissingPart, .. }) if p == MAIN_PART
        ));
    }

    /// The real presentations beside the repository: all read, known texts come out.
    #[test]
    fn realworld_files() {
        crate::testing::realworld(
            "pptx",
            extract,
            &[
                ("chatchat_ocr_test.pptx", "我是表格1"),
                ("python-pptx_sld-notes.pptx", "Notes"),
                ("python-pptx_tbl-cell.pptx", "unladen swallows"),
            ],
        );
    }
}
