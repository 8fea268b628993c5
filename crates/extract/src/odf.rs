//! OpenDocument (ODT, ODS, ODP and their templates; the flat FODT/FODS/FODP forms too): what
//! LibreOffice, OpenOffice and several 国产 office suites save.
//!
//! # The package
//!
//! An OpenDocument file is a ZIP holding a `mimetype` entry and XML parts: `content.xml` (the
//! body), `styles.xml` (page styles, whose master pages hold the headers and footers, and the
//! master slides of a presentation), `meta.xml` (title, subject, keywords, description,
//! user-defined properties). Embedded objects (charts, formulas, other documents) are folders of
//! the same shape (`Object 1/content.xml`) and are read in place; pictures (`Pictures/`,
//! object replacements) are noted as unread, SVG pictures are members (they hold text); the
//! thumbnail pictures the first page, already read; any other entry but settings is handed back
//! as a member to be inspected in its own right, so that nothing in the package goes unaccounted
//! for.
//! A flat file is the same XML in one `office:document` element. A package whose manifest
//! declares encryption is an error (`encrypted`): its parts cannot be read.
//!
//! # The text
//!
//! One walk over each part, with a stack of the open elements, turns the OpenDocument text model
//! into segments:
//! - paragraphs and headings (`text:p`, `text:h`) are segments, with `text:s` (spaces),
//!   `text:tab` and `text:line-break` as the characters they draw; paragraphs in text boxes,
//!   lists, sections and shapes are read where they stand;
//! - a table row (`table:table-row`) is one segment, its cells' text joined by tabs as the XLSX
//!   reader joins a row (field = the table's or sheet's name, paragraph = the row number); the
//!   names of tables and sheets are read as [`Role::Other`];
//! - footnotes and endnotes, annotations (field = the author), slide notes are [`Role::Note`]s;
//!   tracked changes (deleted text lives in `text:tracked-changes`) are [`Role::Other`] with
//!   field `tracked change`, their authors [`Role::Note`]s with field `change author`; a
//!   footnote's own mark (`text:note-citation/@text:label`) is [`Role::Other`], field `note mark`;
//! - headers and footers of master pages are [`Role::Header`] and [`Role::Footer`]; what a
//!   master slide draws (not its placeholders' prompt text) is [`Role::Header`], as it is printed
//!   on every slide; the header and footer texts a presentation declares are too;
//! - `office:meta` children are [`Role::Properties`] (field = the element name, or the name of a
//!   user-defined property);
//! - in a presentation, `page` is the slide number, and slide names are read as [`Role::Other`];
//! - alternative text of frames and shapes (`svg:title`, `svg:desc`) is [`Role::Other`], and so
//!   are the values a field may show depending on the viewer (both branches of conditional text,
//!   hidden text, variables and user fields: `string-value` attributes of `text:` elements);
//! - a paragraph cut by text that does not show (a span or paragraph whose style, automatic or
//!   named, or whose parent style hides it: `text:display="none"`, the colour of what is behind
//!   it, 1pt; hidden text; a ruby annotation `text:ruby-text`, set above its base: see
//!   [`styles`]) is read again as it shows, and so is one with a frame anchored `as-char`
//!   (its text box's text shows at the frame's place in the line), field `as shown` (see
//!   [`crate::as_shown`]);
//! - names and texts kept in attributes that a viewer shows ([`Role::Other`], field in brackets):
//!   a comment's author (`comment author`, also the field of its paragraphs), a link's target
//!   with its `%XX` escapes decoded (`hyperlink`) and tooltip (`tooltip`), what the navigator
//!   lists (`bookmark`, `section`, `reference mark`, objects' `shape name`), a drop-down field's
//!   items (`drop-down`), an input field's or placeholder's description (`field description`),
//!   an alphabetical index's keys (`index entry`), every field of a bibliography entry
//!   (`bibliography`), an image map area's name and target (`image map`, `hyperlink`), the
//!   prefix and suffix of a numbering level, printed before every numbered line (`numbering`);
//! - names the dialogs and sidebars list: variables, user fields and number ranges (`variable
//!   name`), styles' display names (`style name`), forms and controls (`form name`), a
//!   user-defined property's name (`user-defined name`), the template's title (`template`);
//! - in a presentation: custom show names (`custom show`) and the targets of click actions
//!   (`hyperlink`; macros are not text);
//! - in a spreadsheet: the string constants of a cell's formula that the cell does not show
//!   (`formula`: the sheet computes it again on opening), a string value stored beside the
//!   cell's paragraphs (`cell value`; the cell's text when it has no paragraph), named ranges
//!   and expressions with their constants (`name`), validity lists and message titles
//!   (`validation`), scenario comments (`scenario`);
//! - note citations (the footnote number), dates of changes, scripts and settings are not text.

use std::collections::HashSet;

use mijian_core::{Cap, CoverageNote, DocumentSink, Location, Role, Segment, Unread};
use quick_xml::events::{BytesStart, Event};

use self::styles::{Look, StyleBook};
use crate::as_shown::AsShown;
use crate::column_runs::{letters, Columns};
use crate::xlsx::string_literals;
use crate::xml::{self, local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ocr, ExtractError, Limits};

/// The parts of a package or an embedded object that hold text, in reading order.
const TEXT_PARTS: [&str; 3] = ["meta.xml", "styles.xml", "content.xml"];

/// Package entries that are configuration, not content (read by no viewer as text), and the
/// thumbnail: a picture of the first page, whose text is read from `content.xml`.
fn is_machinery(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "mimetype"
        || lower.starts_with("thumbnails/")
        || lower.starts_with("meta-inf/")
        || lower == "manifest.rdf"
        || lower == "layout-cache"
        || lower.ends_with("settings.xml")
        || lower.starts_with("configurations2/")
}

/// Reads the OpenDocument file in `bytes` (a package or a flat XML file) into `sink`.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    if !bytes.starts_with(b"PK") {
        let xml = xml::to_utf8("document.xml", bytes.to_vec())?;
        read_part("document.xml", &xml, limits, &mut StyleBook::default(), sink)?;
        sink.coverage(CoverageNote::read("document.xml"))?;
        return Ok(());
    }
    let mut archive = Archive::open(bytes, limits)?;
    if archive.find("META-INF/manifest.xml").is_some() {
        let manifest = archive.read("META-INF/manifest.xml")?;
        if memchr::memmem::find(&manifest, b"encryption-data").is_some() {
            return Err(ExtractError::encrypted(crate::Encryption::Password).in_part("META-INF/manifest.xml"));
        }
    }
    let names: Vec<String> = archive.names().iter().filter(|n| !n.ends_with('/')).cloned().collect();
    // Object folders: the package root, then every folder holding a content.xml or styles.xml.
    let mut roots: Vec<String> = vec![String::new()];
    for name in &names {
        if let Some(dir) = name.strip_suffix("content.xml").or_else(|| name.strip_suffix("styles.xml")) {
            if !dir.is_empty() && dir.ends_with('/') && !roots.iter().any(|r| r == dir) {
                roots.push(dir.to_owned());
            }
        }
    }
    let mut consumed: HashSet<String> = HashSet::new();
    let mut found_content = false;
    for root in &roots {
        // An object's styles (styles.xml, read first) are used by its content.
        let mut book = StyleBook::default();
        for part in TEXT_PARTS {
            let name = format!("{root}{part}");
            let Some(actual) = archive.find(&name).map(str::to_owned) else { continue };
            found_content |= root.is_empty() && part == "content.xml";
            let xml = xml::to_utf8(&actual, archive.read(&actual)?)?;
            read_part(&actual, &xml, limits, &mut book, sink)?;
            sink.coverage(CoverageNote::read(actual.as_str()))?;
            consumed.insert(actual);
        }
    }
    if !found_content {
        return Err(ExtractError::missing("content.xml"));
    }
    for name in names {
        if consumed.contains(&name) || is_machinery(&name) {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        // An SVG picture is text (its words are read by the SVG reader, as a member).
        if !lower.ends_with(".svg")
            && (lower.starts_with("pictures/") || lower.contains("objectreplacements/") || lower.contains("/pictures/"))
        {
            let data = if limits.ocr.engine().is_some() { archive.read(&name)? } else { Vec::new() };
            ocr::read_picture(&name, &data, &Location::part(name.as_str()), Role::Body, limits, sink)?;
        } else {
            let data = archive.read(&name)?;
            sink.member(name, data)?;
        }
    }
    Ok(())
}

/// What an open element means for the text inside it.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// No meaning of its own.
    Plain,
    /// A paragraph or heading, gathering its text, its reading as shown (see
    /// [`crate::as_shown`]) and how its text looks; its list label, when it prints words (see
    /// [`lists`]).
    Paragraph(String, AsShown, Look, Option<String>),
    /// A list (`text:list`), with its list style if it names one.
    List(Option<String>),
    /// A list item (`text:list-item`, `text:list-header`): the number it sets, and whether
    /// its label was printed (a header prints none).
    ListItem { start: Option<u32>, labelled: bool },
    /// A list style or the outline style being defined.
    ListStyle,
    /// A span, and how its text looks (its style over what encloses it).
    Span(Look),
    /// Text that does not show whatever its style (hidden text).
    Unseen,
    /// A frame or shape (`draw:frame`, `draw:custom-shape`…): what is behind its text (its
    /// graphic or presentation style's fill over the slide's), that style's name, and whether
    /// it is set in the line of its paragraph as a character (`text:anchor-type="as-char"`).
    Shape(Look, Option<String>, bool),
    /// A style being defined (`style:style`, `style:default-style`).
    Style,
    /// A table, with its name and the number of rows so far.
    Table { name: String, rows: u32 },
    /// A table row gathering its cells (text, columns the cell spans by repetition).
    Row(Vec<(String, u32)>),
    /// A table cell gathering its paragraphs.
    Cell(Cell),
    /// An annotation (comment), with its author once read.
    Annotation(String),
    /// The author of an annotation or of a tracked change, being read.
    Creator(String),
    /// A tracked change's author and date (`office:change-info`): the author is shown in
    /// Manage Changes and on the change, the date is not text.
    ChangeInfo,
    /// The body of a footnote or endnote.
    NoteBody,
    /// Slide notes.
    Notes,
    /// Tracked changes.
    Tracked,
    /// A header or footer of a master page, with what was behind text before it.
    Margin(Role, Look),
    /// A page layout's header or footer style (`style:header-style`, `style:footer-style`).
    MarginStyle,
    /// The body of a spreadsheet, whose tables are sheets.
    Spreadsheet,
    /// The document's metadata (`office:meta`), whose children are properties.
    Meta,
    /// A master page (where presentation placeholders hold only prompt text).
    MasterPage,
    /// A slide, with its number.
    Page(u32),
    /// Text read whole as one segment: a metadata field, alternative text, a declared
    /// presentation header or footer.
    Field { role: Role, field: String, text: String },
    /// Not text (note citations, change dates, scripts, placeholders' prompts).
    Skip,
}

/// A table cell being read: its paragraphs, how many columns it repeats over, the value stored
/// beside its paragraphs (`office:string-value`) and the string constants of its formula.
#[derive(Clone, Debug, PartialEq, Default)]
struct Cell {
    text: String,
    repeat: u32,
    stored: Option<String>,
    literals: Vec<String>,
    /// How its text looks (its cell style: background, text properties).
    look: Look,
}

/// The walk over one part (see the module documentation).
struct Walk<'s> {
    part: &'s str,
    sink: &'s mut dyn DocumentSink,
    stack: Vec<Kind>,
    paragraphs: u32,
    pages: u32,
    /// The short cells of each open table, read down its columns when it closes.
    tables: Vec<Columns>,
    /// The styles read so far in this object (see [`styles`]).
    book: &'s mut StyleBook,
    /// The background of the slide being read (`draw:page` and its drawing-page style).
    page: Look,
    /// The master page being read, or last read (`style:master-page/@style:name`).
    master: Option<String>,
    /// The numbers of the lists so far (see [`lists`]).
    counters: lists::Counters,
}

/// Reads the XML part `part` into `sink`.
fn read_part(
    part: &str,
    xml: &[u8],
    limits: &Limits,
    book: &mut StyleBook,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let mut reader = XmlReader::bounded(part, xml, limits);
    let mut walk = Walk {
        part,
        sink,
        stack: Vec::new(),
        paragraphs: 0,
        pages: 0,
        tables: Vec::new(),
        book,
        page: Look::default(),
        master: None,
        counters: lists::Counters::default(),
    };
    loop {
        match reader.next()? {
            Event::Start(e) => {
                let kind = walk.open(&reader, &e)?;
                walk.stack.push(kind);
            }
            Event::Empty(e) => {
                let name = local_name(e.name().as_ref()).to_vec();
                match name.as_slice() {
                    b"s" => {
                        let count = reader.attr(&e, b"c")?.and_then(|c| c.trim().parse::<usize>().ok()).unwrap_or(1);
                        walk.text(&" ".repeat(count.min(1000)))?;
                    }
                    b"tab" => walk.text("\t")?,
                    b"line-break" => walk.text("\n")?,
                    _ => {
                        // An empty element may still carry text (a table's or a slide's name).
                        let kind = walk.open(&reader, &e)?;
                        walk.stack.push(kind);
                        walk.close()?;
                    }
                }
            }
            Event::End(_) => walk.close()?,
            Event::Text(t) => {
                let text = reader.text(&t)?;
                walk.text(&text)?;
            }
            Event::CData(c) => {
                let text = reader.cdata(&c)?;
                walk.text(text)?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

impl Walk<'_> {
    /// How text looks where an element opens: the innermost span's or paragraph's look (for a
    /// span), or the enclosing cell's (for a paragraph: a paragraph in a frame starts afresh).
    fn enclosing(&self, span: bool) -> Look {
        for kind in self.stack.iter().rev() {
            match kind {
                Kind::Span(look) | Kind::Paragraph(_, _, look, _) if span => return *look,
                Kind::Span(_) | Kind::Paragraph(..) => return self.page,
                Kind::Cell(cell) => return cell.look.over(self.page),
                Kind::Shape(look, ..) => return *look,
                _ => {}
            }
        }
        self.page
    }

    /// The meaning of an element opening now.
    fn open(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Kind, ExtractError> {
        let qname = e.name();
        let qname = qname.as_ref();
        let local = local_name(qname);
        let prefix = qname.strip_suffix(local).unwrap_or_default();
        if matches!(self.stack.last(), Some(Kind::Skip)) {
            return Ok(Kind::Skip);
        }
        if matches!(self.stack.last(), Some(Kind::Meta)) {
            let field = if local == b"user-defined" {
                let name = reader.attr(e, b"name")?.map(|n| n.into_owned());
                // The property's name is listed beside its value (File > Properties > Custom
                // Properties): text too.
                if let Some(name) = &name {
                    if name.chars().any(char::is_alphabetic) {
                        self.emit(
                            Role::Properties,
                            Some("user-defined name".to_owned()),
                            name.trim().to_owned(),
                            None,
                        )?;
                    }
                }
                name.unwrap_or_else(|| "user-defined".to_owned())
            } else if local == b"template" {
                // The template's title, shown in File > Properties.
                if let Some(title) = reader.attr(e, b"title")? {
                    self.emit_worded("template", &title)?;
                }
                String::from_utf8_lossy(qname).into_owned()
            } else {
                String::from_utf8_lossy(qname).into_owned()
            };
            return Ok(Kind::Field { role: Role::Properties, field, text: String::new() });
        }
        if prefix == b"form:" {
            self.form_values(reader, e)?;
        }
        if local == b"a" {
            // A link's target shows when the pointer rests on it, and is where a click leads.
            if let Some(href) = reader.attr(e, b"href")? {
                if !href.trim().is_empty() {
                    let target = crate::percent::decoded(href.trim()).into_owned();
                    self.emit(Role::Other, Some("hyperlink".to_owned()), target, None)?;
                }
            }
        }
        if prefix == b"text:" {
            self.field_values(reader, e)?;
        }
        self.shown_attributes(reader, e, prefix, local)?;
        let in_master = self.stack.iter().any(|k| matches!(k, Kind::MasterPage));
        // A placeholder of a master page: prompt text only.
        let prompt = in_master && prefix != b"text:" && reader.attr(e, b"class")?.is_some();
        Ok(match local {
            // What a list style says: read into the list book.
            _ if self.book.lists.in_style() => {
                self.book.lists.element(reader, e, local)?;
                Kind::Plain
            }
            b"p" | b"h" => {
                let style = reader.attr(e, b"style-name")?;
                let look = self.book.look("paragraph", style.as_deref()).over(self.enclosing(false));
                let label = self.list_label(reader, e, local, style.as_deref())?;
                if self.counters.labels_newly_spent() {
                    self.sink.coverage(CoverageNote::unread(self.part, Unread::Limit(Cap::ListLabels)))?;
                }
                Kind::Paragraph(String::new(), AsShown::default(), look, label)
            }
            // A named list style, one a presentation or graphic style holds (named after it, see
            // [`lists`]), or the outline style.
            b"list-style" | b"outline-style" if prefix == b"text:" => {
                let name = match local {
                    b"list-style" => reader
                        .attr(e, b"name")?
                        .map(|n| n.into_owned())
                        .or_else(|| self.book.current_style().map(|(family, name)| lists::embedded(family, name))),
                    _ => None,
                };
                if local == b"list-style" && name.is_none() {
                    Kind::Plain
                } else {
                    self.book.lists.open_style(name);
                    Kind::ListStyle
                }
            }
            b"list" if prefix == b"text:" => {
                let style = reader.attr(e, b"style-name")?.map(|n| n.trim().to_owned());
                let continues = reader.attr(e, b"continue-numbering")?.is_some_and(|c| c.trim() == "true")
                    || reader.attr(e, b"continue-list")?.is_some();
                let outermost = !self.stack.iter().any(|k| matches!(k, Kind::List(_)));
                if let (true, false, Some(style)) = (outermost, continues, &style) {
                    self.counters.restart(style);
                }
                Kind::List(style)
            }
            b"list-item" | b"list-header" if prefix == b"text:" => {
                let start = reader.attr(e, b"start-value")?.and_then(|s| s.trim().parse().ok());
                Kind::ListItem { start, labelled: local == b"list-header" }
            }
            b"style" | b"default-style" if prefix == b"style:" => {
                let family = reader.attr(e, b"family")?.map(|f| f.trim().to_owned()).unwrap_or_default();
                let (name, parent) = if local == b"style" {
                    let name = reader.attr(e, b"name")?.map(|n| n.into_owned());
                    (
                        name.or_else(|| Some(String::new())),
                        reader.attr(e, b"parent-style-name")?.map(|n| n.into_owned()),
                    )
                } else {
                    (None, None)
                };
                if family == "paragraph" {
                    if let (Some(name), Some(list)) = (&name, reader.attr(e, b"list-style-name")?) {
                        if !list.trim().is_empty() {
                            self.book.lists.paragraph_list(name.clone(), list.trim().to_owned());
                        }
                    }
                }
                self.book.open(family, name, parent);
                Kind::Style
            }
            // A page layout's background is that of the pages of the master pages using it.
            b"page-layout" if prefix == b"style:" => {
                let name = reader.attr(e, b"name")?.map(|n| n.into_owned());
                self.book.open("page-layout".to_owned(), name.or_else(|| Some(String::new())), None);
                Kind::Style
            }
            // A page layout's header or footer area, whose background is behind their text.
            b"header-style" | b"footer-style" if prefix == b"style:" && self.book.in_style() => {
                self.book.open_margin(local == b"header-style");
                Kind::MarginStyle
            }
            // The pages behind a text document's body.
            b"text" if prefix == b"office:" => {
                self.page = self.book.text_page();
                Kind::Plain
            }
            b"text-properties"
            | b"paragraph-properties"
            | b"table-cell-properties"
            | b"graphic-properties"
            | b"drawing-page-properties"
            | b"page-layout-properties"
            | b"header-footer-properties"
                if prefix == b"style:" && self.book.in_style() =>
            {
                self.book.properties(reader, e, local)?;
                Kind::Plain
            }
            b"span" if prefix == b"text:" => {
                let style = reader.attr(e, b"style-name")?;
                Kind::Span(self.book.look("text", style.as_deref()).over(self.enclosing(true)))
            }
            b"hidden-text" if prefix == b"text:" => {
                if reader.attr(e, b"is-hidden")?.is_some_and(|h| h.trim() == "false") {
                    Kind::Plain
                } else {
                    Kind::Unseen
                }
            }
            // A ruby annotation, set small above its base text: not in the line as it shows.
            b"ruby-text" if prefix == b"text:" => Kind::Unseen,
            b"meta" if prefix == b"office:" => Kind::Meta,
            b"table" => {
                let name = reader.attr(e, b"name")?.map(|n| n.into_owned()).unwrap_or_default();
                if !name.trim().is_empty() {
                    // A sheet's name is on its tab, as in XLSX; a text table's name is in the navigator.
                    let sheet = matches!(self.stack.last(), Some(Kind::Spreadsheet));
                    let (role, field) = if sheet { (Role::Properties, "sheet") } else { (Role::Other, "table name") };
                    self.emit(role, Some(field.to_owned()), name.clone(), None)?;
                }
                self.tables.push(Columns::default());
                Kind::Table { name, rows: 0 }
            }
            b"table-row" => {
                let repeat = reader.attr(e, b"number-rows-repeated")?.and_then(|n| n.parse::<u32>().ok()).unwrap_or(1);
                if let Some(Kind::Table { rows, .. }) =
                    self.stack.iter_mut().rev().find(|k| matches!(k, Kind::Table { .. }))
                {
                    // The row's number is the first of its repeats; the count goes on after them.
                    *rows = rows.saturating_add(repeat.max(1));
                }
                Kind::Row(Vec::new())
            }
            b"table-cell" | b"covered-table-cell" => {
                let repeat = reader.attr(e, b"number-columns-repeated")?.and_then(|n| n.parse::<u32>().ok());
                let stored = reader.attr(e, b"string-value")?.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
                let literals = match reader.attr(e, b"formula")? {
                    Some(formula) => string_literals(&formula),
                    None => Vec::new(),
                };
                let look = self.book.look("table-cell", reader.attr(e, b"style-name")?.as_deref());
                Kind::Cell(Cell { text: String::new(), repeat: repeat.unwrap_or(1).max(1), stored, literals, look })
            }
            b"annotation" => Kind::Annotation(String::new()),
            b"creator" if matches!(self.stack.last(), Some(Kind::Annotation(_) | Kind::ChangeInfo)) => {
                Kind::Creator(String::new())
            }
            b"change-info" => Kind::ChangeInfo,
            b"date" if matches!(self.stack.last(), Some(Kind::ChangeInfo)) => Kind::Skip,
            // A footnote's own mark (`text:label`, "Character" in the Insert Footnote dialog) is
            // shown in the text instead of its number; the number is not text.
            b"note-citation" => {
                if let Some(label) = reader.attr(e, b"label")? {
                    self.emit_worded("note mark", &label)?;
                }
                Kind::Skip
            }
            b"note-body" => Kind::NoteBody,
            b"notes" if prefix == b"presentation:" => {
                // A notes page is white, whatever its slide's background.
                self.page = Look::default();
                Kind::Notes
            }
            b"tracked-changes" => Kind::Tracked,
            // A header's text shows on the header's background, else its page's.
            b"header" | b"header-left" | b"header-first" | b"footer" | b"footer-left" | b"footer-first" => {
                let header = local.starts_with(b"header");
                let behind = self.book.margin_background(self.master.as_deref(), header);
                let saved = std::mem::replace(&mut self.page, behind);
                Kind::Margin(if header { Role::Header } else { Role::Footer }, saved)
            }
            b"master-page" | b"handout-master" => {
                self.master = reader.attr(e, b"name")?.map(|n| n.into_owned());
                if let Some(name) = reader.attr(e, b"name")? {
                    let style = reader.attr(e, b"style-name")?.map(|s| s.into_owned());
                    let layout = reader.attr(e, b"page-layout-name")?.map(|s| s.into_owned());
                    self.book.master_page(name.into_owned(), style, layout);
                }
                Kind::MasterPage
            }
            b"spreadsheet" if prefix == b"office:" => Kind::Spreadsheet,
            // The literal text of a number format, shown around the numbers it formats.
            b"text" if prefix == b"number:" => {
                Kind::Field { role: Role::Other, field: "number format".to_owned(), text: String::new() }
            }
            b"frame" | b"custom-shape" | b"rect" | b"ellipse" | b"circle" | b"polygon" | b"path"
            | b"regular-polygon"
                if prefix == b"draw:" && !prompt =>
            {
                // `draw:style-name` names a graphic style, `presentation:style-name` a
                // presentation one.
                let name = reader.attr(e, b"style-name")?;
                let graphic = self.book.look("graphic", name.as_deref()).behind();
                let fill = if graphic == Look::default() {
                    self.book.look("presentation", name.as_deref()).behind()
                } else {
                    graphic
                };
                // A frame set in the line as a character (`text:anchor-type="as-char"`).
                let in_line = reader.attr(e, b"anchor-type")?.is_some_and(|a| a.trim() == "as-char");
                Kind::Shape(fill.over(self.enclosing(false).behind()), name.map(|n| n.into_owned()), in_line)
            }
            b"page" if prefix == b"draw:" => {
                let (style, master) = (reader.attr(e, b"style-name")?, reader.attr(e, b"master-page-name")?);
                self.page = self.book.slide_background(style.as_deref(), master.as_deref());
                self.pages += 1;
                if let Some(name) = reader.attr(e, b"name")? {
                    self.emit(Role::Other, Some("slide name".to_owned()), name.into_owned(), Some(self.pages))?;
                }
                Kind::Page(self.pages)
            }
            b"title" | b"desc" if prefix == b"svg:" => {
                Kind::Field { role: Role::Other, field: "alt text".to_owned(), text: String::new() }
            }
            b"header-decl" => Kind::Field { role: Role::Header, field: "header".to_owned(), text: String::new() },
            b"footer-decl" => Kind::Field { role: Role::Footer, field: "footer".to_owned(), text: String::new() },
            // A flat file's `office:settings` (view and printer settings) is not content.
            b"settings" if prefix == b"office:" => Kind::Skip,
            b"scripts" | b"script" | b"date-time-decl" | b"event-listener" => Kind::Skip,
            b"date" | b"creator-initials" if matches!(self.stack.last(), Some(Kind::Annotation(_))) => Kind::Skip,
            _ if prompt => Kind::Skip,
            _ => Kind::Plain,
        })
    }

    /// The values a text field may show depending on the viewer's state: conditional text (both
    /// branches), hidden text and paragraphs, declared and set variables and user fields. What is
    /// shown now is the element's content and is read there; these are read beside it.
    fn field_values(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        for key in [&b"string-value"[..], b"string-value-if-true", b"string-value-if-false"] {
            if let Some(value) = reader.attr(e, key)? {
                if !value.trim().is_empty() {
                    self.emit(Role::Other, Some("field value".to_owned()), value.trim().to_owned(), None)?;
                }
            }
        }
        Ok(())
    }

    /// Names and texts kept in attributes that a viewer shows: in the navigator (bookmarks,
    /// sections, reference marks, objects' names), as a tooltip or a field's description, in a
    /// drop-down field's list, in the bibliography or alphabetical index made from a mark, in an
    /// image map, in a presentation's custom shows and click actions, in a spreadsheet's names,
    /// validity lists and messages, scenarios, and the numbering put before every heading or item.
    fn shown_attributes(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        prefix: &[u8],
        local: &[u8],
    ) -> Result<(), ExtractError> {
        let named: &[(&[u8], &str)] = match (prefix, local) {
            (_, b"a") => &[(b"title", "tooltip"), (b"name", "link name")],
            (b"text:", b"bookmark" | b"bookmark-start") => &[(b"name", "bookmark")],
            (b"text:", b"reference-mark" | b"reference-mark-start") => &[(b"name", "reference mark")],
            (b"text:", b"section") => &[(b"name", "section")],
            // Variables, user fields and number ranges by name (the Fields dialog lists them).
            (b"text:", b"variable-decl" | b"user-field-decl" | b"sequence-decl") => &[(b"name", "variable name")],
            (b"text:", b"label") => &[(b"value", "drop-down")],
            (b"text:", b"alphabetical-index-mark" | b"alphabetical-index-mark-start") => {
                &[(b"key1", "index entry"), (b"key2", "index entry")]
            }
            (b"text:", _) => &[(b"description", "field description")],
            // Slide names are read with the slide.
            (b"draw:", b"page") => &[],
            (b"draw:", b"area-rectangle" | b"area-circle" | b"area-polygon") => {
                &[(b"name", "image map"), (b"href", "hyperlink")]
            }
            (b"draw:", _) => &[(b"name", "shape name")],
            (b"presentation:", b"show") => &[(b"name", "custom show")],
            // The author's own styles, listed by name in the Styles sidebar.
            (b"style:", b"style") => &[(b"display-name", "style name")],
            // Forms and controls by name, in the Form Navigator.
            (b"form:", _) => &[(b"name", "form name")],
            (b"presentation:", b"event-listener") => &[(b"href", "hyperlink")],
            (b"table:", b"help-message" | b"error-message") => &[(b"title", "validation")],
            (b"table:", b"scenario") => &[(b"comment", "scenario")],
            (b"table:", b"named-range" | b"named-expression") => &[(b"name", "name")],
            _ => &[],
        };
        // Most elements carry none of these: look for the key's bytes before walking the attributes.
        let raw = e.attributes_raw();
        let has = |key: &[u8]| memchr::memmem::find(raw, key).is_some();
        for (key, field) in named {
            if !has(key) {
                continue;
            }
            if let Some(value) = reader.attr(e, key)? {
                // A link target shows with its escapes decoded, as an address bar shows it.
                let value =
                    if *key == b"href" { crate::percent::decoded(&value).into_owned() } else { value.into_owned() };
                self.emit_worded(field, &value)?;
            }
        }
        if local == b"bibliography-mark" {
            // Every field of the entry is printed in the bibliography.
            for attr in e.attributes() {
                let attr = attr.map_err(|err| reader.error(err.to_string()))?;
                let key = local_name(attr.key.as_ref());
                if !attr.key.as_ref().starts_with(b"xmlns") && !matches!(key, b"identifier" | b"bibliography-type") {
                    let value = attr.unescape_value().map_err(|err| reader.error(err.to_string()))?;
                    self.emit_worded("bibliography", &value)?;
                }
            }
        }
        // String constants of formulas that a sheet shows: a named expression's value, a
        // validity list's items.
        let formula = match (prefix, local) {
            (b"table:", b"named-expression") => Some((&b"expression"[..], "name")),
            (b"table:", b"content-validation") => Some((&b"condition"[..], "validation")),
            _ => None,
        };
        if let Some((key, field)) = formula.filter(|(key, _)| has(key)) {
            if let Some(formula) = reader.attr(e, key)? {
                for literal in string_literals(&formula) {
                    self.emit_worded(field, &literal)?;
                }
            }
        }
        // The prefix and suffix of a numbering level are printed before every numbered line.
        for key in [&b"num-prefix"[..], b"num-suffix", b"bullet-char"].into_iter().filter(|key| has(key)) {
            if let Some(value) = reader.attr(e, key)? {
                self.emit_worded("numbering", &value)?;
            }
        }
        Ok(())
    }

    /// Emits `value` as a [`Role::Other`] segment with `field` when it holds a letter or a
    /// character of a mark (an identifier such as `1` or `.` is not text a person reads).
    fn emit_worded(&mut self, field: &str, value: &str) -> Result<(), ExtractError> {
        let value = value.trim();
        if value.chars().any(|c| c.is_alphabetic()) {
            let role = if self.in_master() { Role::Header } else { Role::Other };
            self.emit(role, Some(field.to_owned()), value.to_owned(), None)?;
        }
        Ok(())
    }

    /// What a form control shows: its value or current value (a text box's text, a list's
    /// choice), its label (a button's or check box's caption), its tooltip; an option's label and
    /// value. Form controls live in `office:forms`, outside the paragraphs.
    fn form_values(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        for key in [&b"current-value"[..], b"value", b"label", b"title", b"string-value"] {
            if let Some(value) = reader.attr(e, key)? {
                let value = value.trim();
                // A check box's or a number field's state (`1`, `true`, `0.5`) is not text a person reads.
                if value.chars().any(char::is_alphabetic) && !matches!(value, "true" | "false") {
                    self.emit(Role::Other, Some("form".to_owned()), value.to_owned(), None)?;
                }
            }
        }
        Ok(())
    }

    /// Text of a text event, to the innermost element gathering text.
    fn text(&mut self, text: &str) -> Result<(), ExtractError> {
        // Hidden text inside, else the innermost span's look, else the paragraph's.
        let (mut hidden, mut span) = (false, None);
        for kind in self.stack.iter_mut().rev() {
            match kind {
                Kind::Unseen => hidden = true,
                Kind::Span(look) => {
                    span.get_or_insert(*look);
                }
                Kind::Paragraph(t, shown, look, _) => {
                    let unseen = hidden || span.unwrap_or(*look).unseen();
                    shown.push(text, !unseen);
                    t.push_str(text);
                    return Ok(());
                }
                Kind::Creator(t) | Kind::Field { text: t, .. } => {
                    t.push_str(text);
                    return Ok(());
                }
                Kind::Skip => return Ok(()),
                Kind::Cell(cell) => {
                    if !text.trim().is_empty() {
                        cell.text.push_str(text);
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        // Text outside any paragraph: white space between elements, or text a producer put
        // where none is expected, read all the same.
        if !text.trim().is_empty() {
            self.emit(Role::Other, None, text.trim().to_owned(), None)?;
        }
        Ok(())
    }

    /// Closes the innermost element.
    fn close(&mut self) -> Result<(), ExtractError> {
        let Some(kind) = self.stack.pop() else { return Ok(()) };
        match kind {
            Kind::Style => self.book.close(),
            Kind::ListStyle => self.book.lists.close_style(),
            Kind::MarginStyle => self.book.close_margin(),
            Kind::Margin(_, saved) => self.page = saved,
            Kind::Paragraph(text, mut shown, _, label) => {
                if text.trim().is_empty() {
                    return Ok(());
                }
                // Text that does not show cuts it: read as it shows too.
                if let Some(shown) = shown.finish() {
                    let (role, _) = self.context();
                    self.emit(role, Some("as shown".to_owned()), shown, None)?;
                }
                // A paragraph of a frame set in its paragraph's line as a character: its text
                // shows in that line, at its place (`机` + a frame holding `密` + `★1年`).
                let mut around = self.stack.iter_mut().rev().filter(|k| !matches!(k, Kind::Plain));
                if let (Some(Kind::Shape(_, _, true)), Some(Kind::Paragraph(_, line, ..))) =
                    (around.next(), around.find(|k| !matches!(k, Kind::Span(_))))
                {
                    line.insert(text.trim());
                }
                // A label that prints words: the paragraph as it shows after it.
                let labelled = label.map(|label| label + &text);
                // Into the enclosing cell, unless a note or comment stands between.
                for k in self.stack.iter_mut().rev() {
                    match k {
                        Kind::Cell(cell) => {
                            if !cell.text.is_empty() {
                                cell.text.push('\n');
                            }
                            cell.text.push_str(&text);
                            if let Some(labelled) = labelled {
                                let (role, _) = self.context();
                                self.emit(role, Some("list label".to_owned()), labelled, None)?;
                            }
                            return Ok(());
                        }
                        Kind::Paragraph(..)
                        | Kind::Annotation(_)
                        | Kind::NoteBody
                        | Kind::Notes
                        | Kind::Field { .. } => break,
                        _ => {}
                    }
                }
                let (role, field) = self.context();
                self.emit(role, field, text, None)?;
                if let Some(labelled) = labelled {
                    // Beside the paragraph, under its number.
                    self.paragraphs -= 1;
                    self.emit(role, Some("list label".to_owned()), labelled, None)?;
                }
            }
            Kind::Row(cells) => {
                let mut cells = cells;
                while cells.last().is_some_and(|c| c.0.trim().is_empty()) {
                    cells.pop();
                }
                if cells.is_empty() {
                    return Ok(());
                }
                let text = cells.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join("\t");
                let (role, field) = self.context();
                let (name, row) = self
                    .stack
                    .iter()
                    .rev()
                    .find_map(|k| match k {
                        Kind::Table { name, rows } => Some((name.clone(), *rows)),
                        _ => None,
                    })
                    .unwrap_or_default();
                let field = field.or((!name.is_empty()).then_some(name));
                let mut location = Location::part(self.part).with_paragraph(row);
                if let Some(f) = field {
                    location = location.with_field(f);
                }
                if let Some(page) = self.page() {
                    location = location.with_page(page);
                }
                self.sink.segment(Segment::new(location, role, text))?;
                // Short cells down a column are read top to bottom too (see `column_runs`).
                if let Some(columns) = self.tables.last_mut() {
                    let mut index = 0u32;
                    for (cell, repeat) in &cells {
                        if !cell.trim().is_empty() && !cell.contains('\n') {
                            columns.cell_at(&letters(index), row, cell);
                        }
                        index = index.saturating_add(*repeat);
                    }
                }
            }
            Kind::Table { name, .. } => {
                let Some(columns) = self.tables.pop() else { return Ok(()) };
                for run in columns.runs() {
                    let (role, _) = self.context();
                    let field = if name.is_empty() { run.field() } else { format!("{name}, {}", run.field()) };
                    let mut location = Location::part(self.part).with_paragraph(run.rows.0).with_field(field);
                    if let Some(page) = self.page() {
                        location = location.with_page(page);
                    }
                    self.sink.segment(Segment::new(location, role, run.text))?;
                }
            }
            Kind::Cell(cell) => {
                let Cell { mut text, repeat, stored, literals, .. } = cell;
                let (role, _) = self.context();
                match stored {
                    // A string cell without paragraphs shows the value it stores.
                    Some(stored) if text.trim().is_empty() => text = stored,
                    Some(stored) if !text.contains(&stored) => {
                        self.emit(role, Some("cell value".to_owned()), stored, None)?;
                    }
                    _ => {}
                }
                // A formula is computed again when the sheet opens: its constants may be what shows.
                for literal in literals {
                    if !literal.trim().is_empty() && !text.contains(literal.as_str()) {
                        self.emit(role, Some("formula".to_owned()), literal, None)?;
                    }
                }
                if let Some(Kind::Row(cells)) = self.stack.last_mut() {
                    cells.push((text, repeat));
                } else if !text.trim().is_empty() {
                    let (role, field) = self.context();
                    self.emit(role, field, text, None)?;
                }
            }
            Kind::Creator(author) => {
                let author = author.trim().to_owned();
                let field = match self.stack.last_mut() {
                    Some(Kind::Annotation(a)) => {
                        a.clone_from(&author);
                        "comment author"
                    }
                    _ => "change author",
                };
                // The author's name shows beside the comment, or the change.
                if !author.is_empty() {
                    self.emit(Role::Note, Some(field.to_owned()), author, None)?;
                }
            }
            Kind::Field { role, field, text } => {
                let text = text.trim();
                // Format literals are mostly brackets and units: only words can be a mark or term.
                let worded = field != "number format" || text.chars().any(char::is_alphanumeric);
                if !text.is_empty() && worded {
                    let role = if role == Role::Other && self.in_master() { Role::Header } else { role };
                    self.emit(role, Some(field), text.to_owned(), None)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The label of a paragraph or heading (`local`) of style `style` opening now, when it
    /// prints words (see [`lists`]): the first paragraph of a list item, or a heading outside
    /// lists at its outline level. Counts it.
    fn list_label(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
        style: Option<&str>,
    ) -> Result<Option<String>, ExtractError> {
        if self.book.lists.is_silent() {
            return Ok(None);
        }
        // The innermost item, unless a cell, frame, note or comment stands between.
        let mut item = None;
        for (i, kind) in self.stack.iter().enumerate().rev() {
            match kind {
                Kind::ListItem { .. } => {
                    item = Some(i);
                    break;
                }
                Kind::Paragraph(..) | Kind::Cell(_) | Kind::Shape(..) | Kind::Annotation(_) | Kind::NoteBody => break,
                _ => {}
            }
        }
        let Some(i) = item else {
            if local != b"h" || reader.attr(e, b"is-list-header")?.is_some_and(|h| h.trim() == "true") {
                return Ok(None);
            }
            let level = reader.attr(e, b"outline-level")?.and_then(|l| l.trim().parse::<usize>().ok()).unwrap_or(1);
            return Ok(self.book.lists.label(&mut self.counters, None, level.max(1) - 1, None));
        };
        let start = match &mut self.stack[i] {
            Kind::ListItem { labelled: true, .. } => return Ok(None),
            Kind::ListItem { start, labelled } => {
                *labelled = true;
                *start
            }
            _ => None,
        };
        let lists = self.stack[..i].iter().filter_map(|k| match k {
            Kind::List(style) => Some(style),
            _ => None,
        });
        let level = lists.clone().count().max(1) - 1;
        let named = lists.rev().find_map(|s| s.as_deref());
        let list = match named {
            Some(name) => Some(name.to_owned()),
            None => style
                .and_then(|s| self.book.lists.list_of(self.book.lineage("paragraph", s).into_iter()))
                .map(str::to_owned)
                .or_else(|| self.shape_list(i)),
        };
        let Some(list) = list else { return Ok(None) };
        Ok(self.book.lists.label(&mut self.counters, Some(&list), level, start))
    }

    /// The list style held by the presentation or graphic style of the innermost shape below
    /// stack entry `below` (or by that style's parents), named as [`lists::embedded`] names it.
    fn shape_list(&self, below: usize) -> Option<String> {
        let style = self.stack[..below].iter().rev().find_map(|k| match k {
            Kind::Shape(_, style, _) => Some(style.as_deref()),
            _ => None,
        })??;
        ["presentation", "graphic"].into_iter().find_map(|family| {
            self.book
                .lineage(family, style)
                .into_iter()
                .map(|s| lists::embedded(family, s))
                .find(|name| self.book.lists.has(name))
        })
    }

    /// The role and field of a paragraph closing now, from the elements around it.
    fn context(&self) -> (Role, Option<String>) {
        for kind in self.stack.iter().rev() {
            match kind {
                Kind::Annotation(author) => {
                    return (Role::Note, (!author.is_empty()).then(|| author.clone()));
                }
                Kind::NoteBody => return (Role::Note, Some("note".to_owned())),
                Kind::Notes => return (Role::Note, Some("slide notes".to_owned())),
                Kind::Tracked => return (Role::Other, Some("tracked change".to_owned())),
                Kind::Margin(role, _) => return (*role, None),
                Kind::MasterPage => return (Role::Header, Some("master page".to_owned())),
                _ => {}
            }
        }
        (Role::Body, None)
    }

    fn in_master(&self) -> bool {
        self.stack.iter().any(|k| matches!(k, Kind::MasterPage))
    }

    fn page(&self) -> Option<u32> {
        self.stack.iter().rev().find_map(|k| match k {
            Kind::Page(n) => Some(*n),
            _ => None,
        })
    }

    /// Pushes one segment, numbered in the part.
    fn emit(&mut self, role: Role, field: Option<String>, text: String, page: Option<u32>) -> Result<(), ExtractError> {
        self.paragraphs += 1;
        let mut location = Location::part(self.part).with_paragraph(self.paragraphs);
        if let Some(f) = field {
            location = location.with_field(f);
        }
        if let Some(p) = page.or_else(|| self.page()) {
            location = location.with_page(p);
        }
        self.sink.segment(Segment::new(location, role, text))?;
        Ok(())
    }
}

mod lists;
mod styles;
#[cfg(test)]
mod tests;
