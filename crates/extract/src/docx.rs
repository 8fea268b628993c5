//! The DOCX reader: every paragraph of every text part of a Word document, as segments.
//!
//! # Which parts
//!
//! The main document (found through `_rels/.rels`, normally `word/document.xml`) is the body. Its
//! relationships (`word/_rels/document.xml.rels`) name the headers, footers, footnotes, endnotes,
//! comments and the glossary (building blocks). A header that no relationship names is never shown
//! by Word, but it is in the published file all the same, so every `word/header*.xml`,
//! `word/footer*.xml`, `word/footnotes.xml`, `word/endnotes.xml` and `word/comments.xml` is read
//! whether linked or not. Other XML parts under `word/` that may carry text (charts, SmartArt
//! data, unknown parts) are read with [`Role::Other`]; parts known to hold none (styles, settings,
//! fonts, themes…) are skipped. Then come the document properties, the pictures (noted as unread:
//! they need OCR) and the embedded files (handed to the sink as members, to be inspected in their
//! own right).
//!
//! # What counts as text
//!
//! A Word paragraph (`w:p`) is split into runs at every change of formatting, revision or spell
//! check state, so `机密★1年` may be three `w:t` elements. The reader joins a paragraph's runs and
//! emits one [`Segment`] per paragraph, numbered from 1 within its part. It reads what Word may hide:
//! hidden text (`w:vanish`), tracked deletions (`w:delText`), field results, field instructions
//! (`w:instrText`, `w:fldSimple/@w:instr`) apart ([`Role::Other`], field `field instruction`:
//! Word shows the result, and the instruction's quotes would set it in quotes; a `QUOTE` field's
//! text, what it shows once updated, also without its quotes, field `field result`; what an `EQ`
//! field draws, an enclosed character `\o\ac(○,密)`, in the paragraph at its place: see
//! [`crate::eq_field`]), text boxes,
//! WordArt (`v:textpath/@string`, how Word stores a watermark), content controls and tables (each cell paragraph is a paragraph).
//! Where text that does not show on the page (hidden text, text in the colour of what is behind
//! it or at most 1pt high, whether by its own formatting or by the styles it inherits: see
//! [`styles`]; a tracked deletion or move away, a ruby annotation `w:rt`) sits inside shown text, the paragraph is read a second time as Word
//! shows it, field `as shown`: the pieces around it join there (`机` + hidden `公开` + `密★1年`
//! is `机密★1年` on the page). So is a paragraph with a text box set in its line as a character
//! (`wp:inline`): the box's text shows at its place there.
//! `w:tab` becomes a tab, `w:br`/`w:cr` a line break, `w:noBreakHyphen` a hyphen. Property
//! elements (`w:pPr`, `w:tblPr`…) hold formatting, not text, and are skipped, with three
//! exceptions that change what is shown (see [`places`] and [`binding`]):
//! - a run in a symbol font (`w:rFonts` = Wingdings, Symbol…) shows its characters as the font's
//!   glyphs, and `w:sym` inserts one: both are read as the Unicode character drawn (Wingdings
//!   0xAB is ★, so `机密` + that glyph + `1年` is a mark; see [`crate::symbols`]);
//! - a content control bound to custom XML data (`w:sdtPr/w:dataBinding`) shows the bound value:
//!   it is read as well as the cached text;
//! - a hyperlink's target (the relationship's URL, escapes decoded) and its anchor are where a
//!   click leads: [`Role::Other`] segments, field `hyperlink`; its tip (`w:tooltip`, and a
//!   picture's `a:hlinkClick/@tooltip`), shown when the pointer rests on it, field `tooltip`;
//! - a content control's title (`w:alias`, shown on the control's frame), its tag (`w:tag`, in
//!   its Properties) and the entries of its drop-down list or combo box (`w:listItem`, shown when
//!   it is opened): field `content control`;
//! - a table's title and description (`w:tblCaption`, `w:tblDescription`, its alt text): field
//!   `alt text`; a legacy form field's name, help and status-bar texts, default text and list
//!   entries (`w:ffData`): field `form field`; a building block's name and description
//!   (`w:docPartPr`, in the glossary): field `building block`.
//!
//! The alternative text of pictures (`wp:docPr/@descr`, `@title`, and the same on a drawing's
//! `pic:cNvPr`/`wps:cNvPr`; a VML shape's `alt`, a VML picture's `o:title`) is read (field
//! `alt text`), and so are the names of drawings (`@name`, listed in the Selection Pane; field
//! `shape name`) unless Word gave them (`图片 1`), and bookmark names (Insert > Bookmark; field
//! `bookmark`) but Word's own (`_Toc…`, `_GoBack`). The targets of external relationships that no
//! `w:hyperlink` reads in place (a picture's hyperlink, a linked picture's path, an attached
//! template's) are read by [`ooxml::read_external_links`] (field `hyperlink` or `link`).
//! Comment authors and the authors of tracked changes (once per part; formatting changes
//! such as `w:rPrChange` and `w:sectPrChange`, and inserted paragraph marks and rows too, which
//! the Reviewing Pane lists under their authors) are read as text (field `author`), and so are
//! the people of
//! `word/people.xml` and the document variables of `word/settings.xml` (what `DOCVARIABLE`
//! fields show).
//!
//! A text box sits inside a run of an outer paragraph. Its paragraphs are paragraphs of the same
//! part, numbered in document order, and emitted as their own segments when they end (so before
//! the outer paragraph): the outer paragraph's text is never glued to the box's.
//!
//! # Alternate content
//!
//! Word saves a text box twice: as DrawingML in `mc:Choice` and as VML in `mc:Fallback`, inside one
//! `mc:AlternateContent`. Reading both would report every mark in a text box twice; reading only
//! the Choice would miss whatever a hostile file puts in the Fallback alone. So the first branch is
//! read as usual, and each later branch is held back and compared with what the earlier ones gave:
//! only its paragraphs (and run text) that the earlier branches did not contain are emitted.
//!
//! Elements are matched by local name (`t`, `p`, `delText`), whatever their prefix, so documents
//! that bind the WordprocessingML namespace to an unusual prefix read the same. DrawingML text
//! (`a:p`/`a:t` in charts and shapes) has the same shape and is read by the same code.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use mijian_core::{Cap, Unread};
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::{BytesStart, Event};

use self::binding::DataStore;
use self::numbering::{Counters, ListRef, Numbering};
use self::styles::{Backdrop, CellPlace, Look, Setting, Styles, TableLook};
use crate::as_shown::Rgb;
use crate::column_runs::{letters, Columns};
use crate::list_labels::LabelAllowance;
use crate::ooxml;
use crate::symbols::{self, SymbolFont};
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

mod binding;
mod numbering;
mod places;
mod styles;

/// The part a DOCX must have, and the name used when the package relationships do not say.
const MAIN_PART: &str = "word/document.xml";

/// File names of parts under `word/` that hold no document text (styles, settings, fonts, the
/// comment bookkeeping parts that only carry ids and dates).
const TEXT_FREE: &[&str] = &[
    "styles.xml",
    "styleswitheffects.xml",
    "settings.xml",
    "websettings.xml",
    "fonttable.xml",
    "numbering.xml",
    "people.xml",
    "commentsextended.xml",
    "commentsids.xml",
    "commentsextensible.xml",
    "customizations.xml",
];

/// Reads the DOCX in `bytes` into `sink`: see the module documentation for what is read.
///
/// Errors: [`ExtractError::Corrupt`] if the ZIP is broken, [`crate::Defect::MissingPart`]
/// if there is no main document, [`crate::Defect::Xml`] (naming the part and the byte) if any part
/// read is malformed, [`ExtractError::Limit`] if a size, count or nesting limit is exceeded.
/// Segments pushed before an error stay pushed; the caller decides what a partial read is worth.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let mut archive = Archive::open(bytes, limits)?;
    let main = main_part(&mut archive, limits)?;
    let rels = ooxml::relationships(&mut archive, &main, limits)?;

    let mut plan = Plan::default();
    plan.add(main.clone(), Role::Body);
    let mut linked: Vec<(String, Role)> = rels
        .iter()
        .filter(|r| !r.external)
        .filter_map(|r| linked_role(r.kind()).map(|role| (r.target.clone(), role)))
        .collect();
    linked.sort_by(|a, b| rank(a.1).cmp(&rank(b.1)).then_with(|| natural(&a.0).cmp(&natural(&b.0))));
    for (target, role) in linked {
        match archive.find(&target) {
            Some(name) => plan.add(name.to_owned(), role),
            None => sink.coverage(CoverageNote::unread(target, Unread::MissingPart))?,
        }
    }
    let mut rest: Vec<(String, Role)> =
        archive.names().iter().filter_map(|name| unlinked_role(name).map(|role| (name.clone(), role))).collect();
    rest.sort_by(|a, b| rank(a.1).cmp(&rank(b.1)).then_with(|| natural(&a.0).cmp(&natural(&b.0))));
    for (name, role) in rest {
        plan.add(name, role);
    }

    let store = DataStore::load(&mut archive, limits)?;
    let declared_styles = rels.iter().find(|r| !r.external && r.kind() == "styles").map(|r| r.target.as_str());
    let styles = Styles::load(&mut archive, declared_styles, limits)?;
    if let Some((part, names)) = &styles.names {
        for name in names {
            let location = Location::part(part).with_field("style name");
            sink.segment(Segment::new(location, Role::Other, name.clone()))?;
        }
    }
    let declared_numbering = rels.iter().find(|r| !r.external && r.kind() == "numbering").map(|r| r.target.as_str());
    let numbering = Numbering::load(&mut archive, declared_numbering, &styles, limits)?;
    // The hyperlinks read at their paragraphs, as (part, relationship id).
    let mut linked_at = HashSet::new();
    // The tallest page, from the main document's sections (read first), for the parts after it.
    let mut page_height = None;
    for (part, role) in &plan.parts {
        let shared = (&store, &*styles, &numbering, &mut page_height);
        read_part(&mut archive, part, *role, shared, limits, &mut linked_at, sink)?;
    }
    places::read_document_variables(&mut archive, limits, sink)?;
    places::read_people(&mut archive, limits, sink)?;
    ooxml::read_external_links(&mut archive, limits, &linked_at, sink)?;
    ooxml::read_properties(&mut archive, limits, sink)?;
    // An altChunk is a whole document (HTML, RTF, another DOCX) that Word merges in when it opens
    // the file: inspect it as a member.
    for rel in rels.iter().filter(|r| !r.external && r.kind() == "aFChunk") {
        if let Some(name) = archive.find(&rel.target).map(str::to_owned) {
            if !ooxml::in_folder(&name, "embeddings") {
                let bytes = archive.read(&name)?;
                sink.member(name, bytes)?;
            }
        }
    }
    ooxml::account_for_every_entry(&mut archive, sink)
}

/// The main document part: the target of the package's `officeDocument` relationship if the
/// archive holds it, else `word/document.xml`.
fn main_part(archive: &mut Archive<'_>, limits: &Limits) -> Result<String, ExtractError> {
    let declared = ooxml::main_part(archive, limits)?;
    declared
        .as_deref()
        .and_then(|p| archive.find(p))
        .or_else(|| archive.find(MAIN_PART))
        .map(str::to_owned)
        .ok_or_else(|| ExtractError::missing(MAIN_PART))
}

/// The parts to read, in order, each once.
#[derive(Default)]
struct Plan {
    parts: Vec<(String, Role)>,
    seen: HashSet<String>,
}

impl Plan {
    fn add(&mut self, part: String, role: Role) {
        if self.seen.insert(part.to_ascii_lowercase()) {
            self.parts.push((part, role));
        }
    }
}

/// The role of a part the main document links to, by relationship kind.
fn linked_role(kind: &str) -> Option<Role> {
    match kind {
        "header" => Some(Role::Header),
        "footer" => Some(Role::Footer),
        "footnotes" | "endnotes" | "comments" => Some(Role::Note),
        "glossaryDocument" => Some(Role::Other),
        _ => None,
    }
}

/// The role of a part read whether linked or not, from its name alone; `None` for parts that are
/// not read as text (see the module documentation).
fn unlinked_role(name: &str) -> Option<Role> {
    let lower = name.replace('\\', "/").to_ascii_lowercase();
    let lower = lower.trim_start_matches('/');
    let path = lower.strip_prefix("word/")?;
    if !path.ends_with(".xml") {
        return None;
    }
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    match folder {
        "" if file.starts_with("header") => Some(Role::Header),
        "" if file.starts_with("footer") => Some(Role::Footer),
        "" if matches!(file, "footnotes.xml" | "endnotes.xml" | "comments.xml") => Some(Role::Note),
        _ if TEXT_FREE.contains(&file) => None,
        // Charts: the chart itself, not its style and colour parts.
        "charts" => file.starts_with("chart").then_some(Role::Other),
        // SmartArt: the data part holds the text; layout, style, colours define the look, and the
        // drawing part is a rendered copy of the data (reading it would report everything twice).
        "diagrams" => file.starts_with("data").then_some(Role::Other),
        _ if folder.split('/').any(|f| matches!(f, "_rels" | "theme" | "media" | "embeddings")) => None,
        _ => Some(Role::Other),
    }
}

/// Reading order of roles: body, headers, footers, notes, anything else.
fn rank(role: Role) -> u8 {
    match role {
        Role::Body => 0,
        Role::Header => 1,
        Role::Footer => 2,
        Role::Note => 3,
        Role::Properties => 4,
        Role::Other => 5,
    }
}

/// A sort key that puts `header2.xml` before `header10.xml`.
fn natural(name: &str) -> (usize, &str) {
    (name.len(), name)
}

/// Reads one XML part as paragraphs with `role`, then notes it as read; adds to `linked_at` the
/// hyperlinks whose targets it read at their paragraphs.
fn read_part(
    archive: &mut Archive<'_>,
    part: &str,
    role: Role,
    (store, styles, numbering, page_height): (&DataStore, &Styles, &Numbering, &mut Option<u32>),
    limits: &Limits,
    linked_at: &mut HashSet<(String, String)>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let links: HashMap<String, String> = ooxml::relationships(archive, part, limits)?
        .into_iter()
        .filter(|r| r.kind() == "hyperlink")
        .map(|r| (r.id, r.target))
        .collect();
    let text = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &text, limits);
    let mut walker = Walker::new(part, role, sink);
    walker.store = Some(store);
    walker.styles = Some(styles);
    walker.numbering = (!numbering.is_silent()).then_some(numbering);
    *page_height = (*page_height).max(places::tallest_page(&text));
    walker.page_height = *page_height;
    walker.links = links;
    loop {
        match reader.next()? {
            Event::Start(e) => walker.start(&mut reader, &e)?,
            Event::Empty(e) => walker.empty(&reader, &e)?,
            Event::End(e) => walker.end(&reader, local_name(e.name().as_ref()))?,
            Event::Text(t) if walker.in_text > 0 => walker.append_run_text(&reader.text(&t)?)?,
            Event::CData(c) if walker.in_text > 0 => walker.append_run_text(reader.cdata(&c)?)?,
            Event::Eof => break,
            _ => {}
        }
    }
    linked_at.extend(walker.used_links.drain().map(|id| (part.to_owned(), id)));
    // A chart's labels and axes show its values through number formats that may print words.
    if ooxml::in_folder(part, "charts") {
        for text in crate::drawingml::chart_number_formats(part, &text, limits.max_xml_depth)? {
            let location = Location::part(part).with_field("number format");
            sink.segment(Segment::new(location, Role::Other, text))?;
        }
    }
    sink.coverage(CoverageNote::read(part))?;
    Ok(())
}

/// A paragraph being read.
struct Paragraph {
    /// Its number in the part; `None` while it sits in a held-back alternate branch (it is
    /// numbered only if it turns out to be new).
    number: Option<u32>,
    /// The text of its runs so far.
    text: String,
    /// The text as Word shows it, without hidden text, tracked deletions and ruby annotations:
    /// kept from the first such text on (`None` until then: the same as `text`).
    shown: Option<String>,
    /// Whether text that does not show came after text that does.
    unshown_after_shown: bool,
    /// Whether shown text came on both sides of text that does not: what shows then joins
    /// across a piece that the file holds between (`机` hidden `x` `密★1年`).
    spliced: bool,
    /// Opened for text found outside any paragraph (a bare `w:t`, a chart value): closes with the
    /// text element.
    implicit: bool,
    /// Its style (`w:pStyle`) and shading (`w:shd`): whether its runs show depends on them.
    style: Option<String>,
    shading: Option<Backdrop>,
    /// Its own list and level (`w:numPr`), each if given (see [`numbering`]).
    list: ListRef,
}

/// Whether `local` names a VML shape that can hold a text box (`v:textbox`).
fn is_vml_shape(local: &[u8]) -> bool {
    matches!(local, b"shape" | b"rect" | b"roundrect" | b"oval" | b"polyline" | b"arc" | b"curve")
}

/// Where the reader is in an `mc:AlternateContent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Branch {
    /// Between branches (or in content of the element that is in no branch).
    Outside,
    /// In the first branch read: read as usual, and remembered.
    Recording,
    /// In a later branch: held back until its end, then compared with what came before.
    HeldBack,
}

/// One open `mc:AlternateContent` (see the module documentation).
struct Alternate {
    /// XML depth of the `mc:AlternateContent` element itself.
    depth: usize,
    branch: Branch,
    /// Whether a branch has been read already (the next one is held back).
    any_read: bool,
    /// Open paragraphs when the current branch began: text arriving while exactly this many are
    /// open is run text of a paragraph outside the branch ("direct" text).
    open_at_branch: usize,
    /// Paragraph texts (trimmed) of the branches read so far, with their counts.
    seen_paragraphs: HashMap<String, usize>,
    /// Direct texts (trimmed) of the branches read so far.
    seen_direct: HashSet<String>,
    /// Direct text of the current branch.
    direct: String,
    /// Paragraphs of the branch held back.
    held: Vec<String>,
}

impl Alternate {
    fn new(depth: usize) -> Self {
        Alternate {
            depth,
            branch: Branch::Outside,
            any_read: false,
            open_at_branch: 0,
            seen_paragraphs: HashMap::new(),
            seen_direct: HashSet::new(),
            direct: String::new(),
            held: Vec::new(),
        }
    }
}

/// The text a `QUOTE` field shows: its argument, without the quotes around it (`\"` inside is a
/// quote), and without the formatting switches after it; `None` for any other field.
fn quote_field_text(instruction: &str) -> Option<String> {
    let rest = instruction.trim_start();
    let (name, rest) = rest.split_at(rest.find(char::is_whitespace).unwrap_or(rest.len()));
    if !name.eq_ignore_ascii_case("QUOTE") {
        return None;
    }
    let rest = rest.trim();
    let text = match rest.strip_prefix('"') {
        Some(quoted) => {
            let mut text = String::new();
            let mut chars = quoted.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => text.extend(chars.next()),
                    '"' => break,
                    _ => text.push(c),
                }
            }
            text
        }
        None => rest.split(" \\").next().unwrap_or_default().to_owned(),
    };
    (!text.trim().is_empty()).then_some(text)
}

/// Whether text inside the element named `local` is not shown in the line it sits in: a tracked
/// deletion or move away (`w:del`, `w:moveFrom`), a ruby annotation (`w:rt`).
fn is_unshown(local: &[u8]) -> bool {
    matches!(local, b"del" | b"moveFrom" | b"rt")
}

/// Turns the events of one part into paragraph segments.
struct Walker<'s> {
    part: &'s str,
    role: Role,
    sink: &'s mut dyn DocumentSink,
    /// Paragraphs numbered so far.
    numbered: u32,
    /// Open paragraphs, innermost last (a text box's paragraph sits inside an outer one).
    open: Vec<Paragraph>,
    /// Emptied paragraph buffers, reused to avoid growing a new string for every paragraph.
    spare: Vec<String>,
    /// How many text-carrying elements (`w:t`, `w:delText`…) are open.
    in_text: u32,
    /// The instruction of the field being read (`w:instrText` runs up to its `w:fldChar`
    /// separator), read apart from the result Word shows.
    instruction: Option<String>,
    /// Open `mc:AlternateContent` elements, innermost last.
    alternates: Vec<Alternate>,
    /// The author of the comment being read (comments part), reported as the segment's field.
    author: Option<String>,
    /// The symbol font of the run being read (`w:rFonts`), whose characters show as its glyphs.
    run_font: Option<SymbolFont>,
    /// Whether the run being read is hidden text (`w:vanish`).
    run_hidden: bool,
    /// Open elements whose text Word does not show in the text line: tracked deletions
    /// (`w:del`, `w:moveFrom`) and ruby annotations (`w:rt`, set above the base text).
    unshown: u32,
    /// The custom XML data that content controls may be bound to.
    store: Option<&'s DataStore>,
    /// The document's styles, which decide with a run's own formatting whether it shows.
    styles: Option<&'s Styles>,
    /// The document's lists, where a label prints text of its own, and their numbers so far.
    numbering: Option<&'s Numbering>,
    list_counters: Counters,
    /// What the part's list labels may still add (see [`LabelAllowance`]).
    labels: LabelAllowance,
    /// The page colour (`w:background/@w:color`), behind all text.
    page: Option<Rgb>,
    /// The height of the document's tallest page, in twips, if its sections give one: text raised
    /// or lowered that far is off the page.
    page_height: Option<u32>,
    /// Hyperlink targets of this part, by relationship id.
    links: HashMap<String, String>,
    /// The ids of the hyperlinks whose targets were read at their paragraphs.
    used_links: HashSet<String>,
    /// The authors of tracked changes read so far in this part (each is read once).
    revision_authors: HashSet<String>,
    /// Open tables, innermost last: their short cells are read down the columns too.
    tables: Vec<Table>,
    /// Tables closed so far in this part, for naming a column run.
    tables_seen: u32,
    /// Open shapes (DrawingML `wps:wsp`, VML `v:shape`, `v:rect`…), innermost last: the depth
    /// inside each and its fill, if known yet, behind the text of its text box.
    shapes: Vec<(usize, Option<Backdrop>)>,
    /// Open drawings set in the line as a character (`wp:inline`): their depth, and how many
    /// paragraphs were open around them (the last is the paragraph whose line they sit in).
    inline_drawings: Vec<(usize, usize)>,
}

/// A table being read, for its columns (see [`crate::column_runs`]).
#[derive(Default)]
struct Table {
    row: u32,
    column: u32,
    /// The cell being read: its text so far, and how many paragraphs were open when it began
    /// (its own paragraphs are those closing with one more open).
    cell: Option<(String, usize)>,
    /// Grid columns the cell spans (`w:gridSpan`).
    span: u32,
    /// The cell's shading (`w:tcPr/w:shd`), behind its text.
    shading: Option<Backdrop>,
    /// The table's style (`w:tblStyle`).
    style: Option<String>,
    /// The parts of its style it turns on (`w:tblLook`).
    look: Option<TableLook>,
    columns: Columns,
}

impl<'s> Walker<'s> {
    fn new(part: &'s str, role: Role, sink: &'s mut dyn DocumentSink) -> Self {
        Walker {
            part,
            role,
            sink,
            numbered: 0,
            open: Vec::new(),
            spare: Vec::new(),
            in_text: 0,
            instruction: None,
            alternates: Vec::new(),
            author: None,
            run_font: None,
            run_hidden: false,
            unshown: 0,
            store: None,
            styles: None,
            page: None,
            page_height: None,
            links: HashMap::new(),
            used_links: HashSet::new(),
            revision_authors: HashSet::new(),
            tables: Vec::new(),
            tables_seen: 0,
            shapes: Vec::new(),
            inline_drawings: Vec::new(),
            numbering: None,
            list_counters: Counters::default(),
            labels: LabelAllowance::default(),
        }
    }

    /// An element opens.
    fn start<'a>(&mut self, reader: &mut XmlReader<'a>, e: &BytesStart<'a>) -> Result<(), ExtractError> {
        let qname = e.name();
        let local = local_name(qname.as_ref());
        if is_unshown(local) {
            self.unshown += 1;
        }
        if local == b"wsp" {
            self.shapes.push((reader.depth(), None));
        } else if is_vml_shape(local) {
            self.shapes.push((reader.depth(), Some(places::vml_fill(reader, e)?)));
        }
        match local {
            b"p" => self.open_paragraph(false),
            b"inline" => self.inline_drawings.push((reader.depth(), self.open.len())),
            // A shape's fill (`wps:spPr`), behind the text of its text box.
            b"spPr" if self.shapes.last().is_some_and(|s| s.0 + 1 == reader.depth()) => {
                let fill = places::shape_fill(reader)?;
                if let Some(shape) = self.shapes.last_mut() {
                    shape.1 = fill;
                }
            }
            b"t" | b"delText" | b"instrText" | b"delInstrText" | b"v" => {
                if self.open.is_empty() {
                    self.open_paragraph(true);
                }
                if matches!(local, b"instrText" | b"delInstrText") {
                    self.instruction.get_or_insert_with(String::new);
                } else {
                    self.end_instruction()?;
                }
                self.in_text += 1;
            }
            b"AlternateContent" => self.alternates.push(Alternate::new(reader.depth())),
            b"Choice" | b"Fallback" if self.is_branch(reader.depth()) => self.enter_branch(),
            b"comment" => {
                self.author = reader.attr(e, b"author")?.filter(|a| !a.trim().is_empty()).map(Cow::into_owned);
                // The author's name and initials show beside the comment: they are text too.
                if let Some(author) = self.author.clone() {
                    self.side_text("author", author)?;
                }
                if let Some(initials) = reader.attr(e, b"initials")? {
                    self.side_text("author", initials.into_owned())?;
                }
            }
            b"r" => {
                self.run_font = None;
                // A run without properties still takes its paragraph's style.
                self.run_hidden = self.is_unseen(&Look::default(), None);
            }
            b"rPr" => {
                let mut authors = Vec::new();
                let shows = places::run_shows(reader, &mut authors)?;
                self.change_authors(authors)?;
                self.run_font = shows.font;
                self.run_hidden = self.is_unseen(&shows.look, shows.style.as_deref());
            }
            b"pPr" => {
                let mut authors = Vec::new();
                let shows = places::paragraph_shows(reader, &mut authors)?;
                self.change_authors(authors)?;
                if let Some(p) = self.open.last_mut() {
                    p.style = shows.style;
                    p.shading = shows.shading;
                    p.list = shows.list;
                }
            }
            b"sdtPr" => {
                let mut authors = Vec::new();
                let control = places::content_control(reader, &mut authors)?;
                self.change_authors(authors)?;
                for text in control.shown {
                    self.side_text("content control", text)?;
                }
                self.bound_value(control.binding)?;
            }
            b"hyperlink" => self.hyperlink(reader, e)?,
            b"docPr" | b"cNvPr" => {
                self.alt_text(reader, e)?;
                for tip in places::tooltips_within(reader)? {
                    self.side_text("tooltip", tip)?;
                }
            }
            b"tbl" => self.tables.push(Table::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row += 1;
                    t.column = 0;
                }
            }
            b"tc" => {
                let open = self.open.len();
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some((String::new(), open));
                    t.span = 1;
                    t.shading = None;
                }
            }
            b"tcPr" => {
                let mut authors = Vec::new();
                let (span, shading) = places::cell_shows(reader, &mut authors)?;
                self.change_authors(authors)?;
                if let Some(t) = self.tables.last_mut() {
                    t.span = span;
                    t.shading = shading;
                }
            }
            // Cached numbers of a chart: values, not text.
            b"numCache" | b"numLit" => reader.skip()?,
            // A table's title and description (Table Properties, Alt Text), a legacy form
            // field's name, help, status-bar text, default text and list entries, a building
            // block's name and description (the Building Blocks Organizer).
            b"tblPr" | b"ffData" | b"docPartPr" => {
                let field = match local {
                    b"tblPr" => "alt text",
                    b"ffData" => "form field",
                    _ => "building block",
                };
                let (mut authors, mut table) = (Vec::new(), (None, None));
                for text in places::shown_within(reader, local, &mut authors, &mut table)? {
                    self.side_text(field, text)?;
                }
                if let Some(t) = self.tables.last_mut().filter(|_| local == b"tblPr") {
                    (t.style, t.look) = table;
                }
                self.change_authors(authors)?;
            }
            // A drawing's non-visual properties (`pic:nvPicPr`, `wpg:nvGrpSpPr`…) hold its
            // `cNvPr`: its name, alternative text and link.
            // Other properties (`w:pPr`, `w:sectPr`, `w:trPr`…) show no text of their own; the
            // authors of their tracked changes are shown.
            _ if local.len() > 2 && local.ends_with(b"Pr") && !local.starts_with(b"nv") => {
                let authors = places::authors_within(reader)?;
                self.change_authors(authors)?;
            }
            _ => self.leaf(reader, e, local)?,
        }
        Ok(())
    }

    /// An empty element (`<w:tab/>`): only the elements that mean something without content.
    fn empty<'a>(&mut self, reader: &XmlReader<'a>, e: &BytesStart<'a>) -> Result<(), ExtractError> {
        let qname = e.name();
        let local = local_name(qname.as_ref());
        match local {
            b"p" => {
                // Counts in the numbering, has no text.
                self.open_paragraph(false);
                self.close_paragraph()?;
            }
            b"docPr" | b"cNvPr" => self.alt_text(reader, e)?,
            _ if local.ends_with(b"Pr") => {}
            _ => self.leaf(reader, e, local)?,
        }
        Ok(())
    }

    /// Elements whose meaning is in their name or attributes, whether empty or not.
    fn leaf<'a>(&mut self, reader: &XmlReader<'a>, e: &BytesStart<'a>, local: &[u8]) -> Result<(), ExtractError> {
        match local {
            b"tab" | b"ptab" => self.append("\t")?,
            b"br" | b"cr" => self.append("\n")?,
            b"noBreakHyphen" => self.append("-")?,
            // A shape that sets no fill of its own takes the theme's fill its style names
            // (`wps:style/a:fillRef`, `idx` 0 is none): a theme colour this reader does not
            // resolve, a mix.
            b"fillRef" => {
                let idx = reader.attr(e, b"idx")?.map(|i| i.trim() != "0").unwrap_or(false);
                if let Some(shape) = self.shapes.last_mut().filter(|s| s.1.is_none()) {
                    shape.1 = Some(if idx { Backdrop::Mixed } else { Backdrop::Clear });
                }
            }
            // The page colour (Design > Page Color), behind all the text.
            b"background" if self.open.is_empty() => {
                self.page = reader.attr(e, b"color")?.and_then(|c| Rgb::hex(&c));
            }
            b"fldSimple" => {
                if let Some(instr) = reader.attr(e, b"instr")? {
                    self.read_instruction(instr.into_owned())?;
                }
            }
            b"fldChar" => self.end_instruction()?,
            // A glyph of a symbol font: the character it shows, if the font is known.
            b"sym" => {
                let font = reader.attr(e, b"font")?.and_then(|f| SymbolFont::named(&f));
                let code = reader.attr(e, b"char")?.and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
                if let Some(c) = code.and_then(char::from_u32) {
                    let shown = font.map_or(c, |f| symbols::glyph(f, c));
                    self.append(shown.encode_utf8(&mut [0; 4]))?;
                }
            }
            b"hyperlink" => self.hyperlink(reader, e)?,
            // The author of a tracked change, shown on it ("张三 插入了"), once per part.
            b"ins" | b"del" | b"moveFrom" | b"moveTo" | b"tblGridChange" => {
                if let Some(author) = reader.attr(e, b"author")?.filter(|a| !a.trim().is_empty()) {
                    self.change_authors(vec![author.into_owned()])?;
                }
            }
            // A bookmark's name is listed in Insert > Bookmark (Word's own, `_Toc…`, are not).
            b"bookmarkStart" => {
                if let Some(name) = reader.attr(e, b"name")?.filter(|n| !places::is_word_bookmark(n)) {
                    self.side_text("bookmark", name.into_owned())?;
                }
            }
            // A VML picture's or shape's alternative text (`alt`), and a picture's title.
            b"shape" | b"rect" | b"roundrect" | b"oval" | b"line" | b"polyline" | b"arc" | b"curve" | b"image"
            | b"group" => {
                if let Some(alt) = reader.attr(e, b"alt")? {
                    self.side_text("alt text", alt.into_owned())?;
                }
            }
            b"imagedata" => {
                if let Some(title) = reader.attr(e, b"title")? {
                    self.side_text("alt text", title.into_owned())?;
                }
            }
            // WordArt and watermarks: the text is an attribute of the VML text path. It is a
            // paragraph of its own, like a text box's.
            b"textpath" => {
                if let Some(text) = reader.attr(e, b"string")? {
                    self.open_paragraph(false);
                    self.append(&text)?;
                    self.close_paragraph()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An element closes; `reader` is already past it.
    fn end(&mut self, reader: &XmlReader<'_>, local: &[u8]) -> Result<(), ExtractError> {
        let depth = reader.depth();
        if self.shapes.last().is_some_and(|s| s.0 == depth + 1) {
            self.shapes.pop();
        }
        let innermost = self.alternates.last();
        if is_unshown(local) {
            self.unshown = self.unshown.saturating_sub(1);
        }
        match local {
            b"p" if self.open.last().is_some_and(|p| !p.implicit) => self.close_paragraph()?,
            b"t" | b"delText" | b"instrText" | b"delInstrText" | b"v" => {
                self.in_text = self.in_text.saturating_sub(1);
                if self.in_text == 0 && self.open.last().is_some_and(|p| p.implicit) {
                    self.close_paragraph()?;
                }
            }
            b"Choice" | b"Fallback" if innermost.is_some_and(|a| a.depth == depth && a.branch != Branch::Outside) => {
                self.leave_branch()?;
            }
            b"AlternateContent" if innermost.is_some_and(|a| a.depth == depth + 1) => {
                self.alternates.pop();
            }
            b"comment" => self.author = None,
            b"inline" if self.inline_drawings.last().is_some_and(|(d, _)| *d == depth + 1) => {
                self.inline_drawings.pop();
            }
            b"r" => {
                self.run_font = None;
                self.run_hidden = false;
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some((text, _)) = t.cell.take() {
                        t.columns.cell_at(&letters(t.column), t.row, &text);
                    }
                    t.column = t.column.saturating_add(t.span.max(1));
                }
            }
            b"tbl" => self.close_table()?,
            _ => {}
        }
        Ok(())
    }

    /// A table closes: its runs of short cells down a column are read top to bottom, each as a
    /// segment of its own (`field` = `table 2, column B, rows 3-6`).
    fn close_table(&mut self) -> Result<(), ExtractError> {
        let Some(table) = self.tables.pop() else { return Ok(()) };
        self.tables_seen += 1;
        for run in table.columns.runs() {
            let location = Location::part(self.part).with_field(format!("table {}, {}", self.tables_seen, run.field()));
            self.sink.segment(Segment::new(location, self.role, run.text))?;
        }
        Ok(())
    }

    /// The field instruction gathered so far, read apart: Word shows the field's result, and the
    /// instruction inline (`HYPERLINK "…"`) would set the result in quotes.
    fn end_instruction(&mut self) -> Result<(), ExtractError> {
        if let Some(instruction) = self.instruction.take() {
            self.read_instruction(instruction)?;
        }
        Ok(())
    }

    /// A field instruction, read apart; a `QUOTE` field's text is what the field shows once
    /// updated (Word updates fields when it prints, and on F9), whatever result was saved: read
    /// without its quotes too, field `field result`. What an `EQ` field draws (it saves no
    /// result: an enclosed character `\o\ac(○,密)`) stands in the paragraph at its place.
    fn read_instruction(&mut self, instruction: String) -> Result<(), ExtractError> {
        if let Some(drawn) = crate::eq_field::shown(&instruction).filter(|d| !d.is_empty()) {
            self.append(&drawn)?;
        }
        let quoted = quote_field_text(&instruction);
        self.side_text("field instruction", instruction)?;
        if let Some(text) = quoted {
            self.side_text("field result", text)?;
        }
        Ok(())
    }

    /// Run text, shown through the run's symbol font if it has one.
    fn append_run_text(&mut self, text: &str) -> Result<(), ExtractError> {
        if let Some(instruction) = &mut self.instruction {
            instruction.push_str(text);
            return Ok(());
        }
        match self.run_font {
            Some(font) => self.append(&symbols::map_text(font, text))?,
            None => self.append(text)?,
        }
        Ok(())
    }

    /// The authors of tracked changes (of text or of formatting), each once per part (field
    /// `author`).
    fn change_authors(&mut self, authors: Vec<String>) -> Result<(), ExtractError> {
        for author in authors {
            if self.revision_authors.insert(author.clone()) {
                self.side_text("author", author)?;
            }
        }
        Ok(())
    }

    /// Text that sits beside the paragraphs (a comment's author, a hyperlink's target): its own
    /// [`Role::Other`] segment, at the paragraph being read, with `field` naming what it is.
    fn side_text(&mut self, field: &str, text: String) -> Result<(), ExtractError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let mut location = Location::part(self.part).with_field(field);
        if let Some(n) = self.open.iter().rev().find_map(|p| p.number) {
            location = location.with_paragraph(n);
        }
        let role = if field == "author" { Role::Note } else { Role::Other };
        self.sink.segment(Segment::new(location, role, text))?;
        Ok(())
    }

    /// A drawing's alternative text (`wp:docPr/@descr`, `@title`): what a screen reader says for
    /// a picture, and what Word shows in its Alt Text pane.
    /// Its name (`@name`, listed in the Selection Pane) too, field `shape name`, unless Word gave
    /// it (`图片 1`, `Text Box 2`: see [`crate::drawingml::is_default_name`]).
    fn alt_text(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        for attr in [&b"descr"[..], b"title"] {
            if let Some(text) = reader.attr(e, attr)? {
                self.side_text("alt text", text.into_owned())?;
            }
        }
        if let Some(name) = reader.attr(e, b"name")?.filter(|n| !crate::drawingml::is_default_name(n)) {
            self.side_text("shape name", name.into_owned())?;
        }
        Ok(())
    }

    /// A hyperlink's target (the relationship's URL, percent-escapes decoded) and its anchor
    /// (a bookmark name): where a click leads; and its tip (`w:tooltip`), field `tooltip`.
    fn hyperlink(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        let id = reader.attr(e, b"id")?;
        let target = id.as_ref().and_then(|id| self.links.get(id.as_ref()).cloned());
        if let (Some(target), Some(id)) = (target, id) {
            self.used_links.insert(id.into_owned());
            self.side_text("hyperlink", crate::percent::decoded(&target).into_owned())?;
        }
        if let Some(anchor) = reader.attr(e, b"anchor")? {
            self.side_text("hyperlink", anchor.into_owned())?;
        }
        // Word shows the tip when the pointer rests on the link.
        if let Some(tip) = reader.attr(e, b"tooltip")? {
            self.side_text("tooltip", tip.into_owned())?;
        }
        Ok(())
    }

    /// A content control's bound value (see [`binding`]): inside a paragraph, a line of its own
    /// before the cached text; between paragraphs, a paragraph of its own.
    fn bound_value(&mut self, binding: Option<(Option<String>, String)>) -> Result<(), ExtractError> {
        let Some((store_id, xpath)) = binding else { return Ok(()) };
        let Some(value) = self.store.and_then(|s| s.value(store_id.as_deref(), &xpath)) else { return Ok(()) };
        if value.trim().is_empty() {
            return Ok(());
        }
        if self.open.is_empty() {
            self.open_paragraph(false);
            self.append(&value)?;
            self.close_paragraph()?;
        } else {
            self.append(&value)?;
            self.append("\n")?;
        }
        Ok(())
    }

    /// Whether an element at `depth` named `Choice`/`Fallback` is a branch of the innermost open
    /// `mc:AlternateContent`.
    fn is_branch(&self, depth: usize) -> bool {
        self.alternates.last().is_some_and(|a| a.depth + 1 == depth)
    }

    fn enter_branch(&mut self) {
        let open = self.open.len();
        if let Some(a) = self.alternates.last_mut() {
            a.branch = if a.any_read { Branch::HeldBack } else { Branch::Recording };
            a.any_read = true;
            a.open_at_branch = open;
        }
    }

    /// The current branch of the innermost alternate ends: remember a recorded branch, or release
    /// what a held-back branch has that the earlier ones did not.
    fn leave_branch(&mut self) -> Result<(), ExtractError> {
        let Some(a) = self.alternates.last_mut() else {
            return Ok(());
        };
        let branch = std::mem::replace(&mut a.branch, Branch::Outside);
        let direct = std::mem::take(&mut a.direct);
        let direct = direct.trim();
        let new_direct = !direct.is_empty() && a.seen_direct.insert(direct.to_owned());
        if branch != Branch::HeldBack {
            return Ok(());
        }
        let held = std::mem::take(&mut a.held);
        let mut fresh = Vec::new();
        for text in held {
            match a.seen_paragraphs.get_mut(text.trim()) {
                Some(count) if *count > 0 => *count -= 1,
                _ => fresh.push(text),
            }
        }
        // The branch is now `Outside`, so what is released goes to the enclosing alternates (or
        // the sink) as if it had just been read there.
        for text in fresh {
            self.route(None, text)?;
        }
        if new_direct {
            self.append(direct)?;
        }
        Ok(())
    }

    fn open_paragraph(&mut self, implicit: bool) {
        let held_back = self.alternates.iter().any(|a| a.branch == Branch::HeldBack);
        let number = if held_back { None } else { Some(self.next_number()) };
        let text = self.spare.pop().unwrap_or_default();
        self.open.push(Paragraph {
            number,
            text,
            shown: None,
            unshown_after_shown: false,
            spliced: false,
            implicit,
            style: None,
            shading: None,
            list: ListRef::default(),
        });
    }

    fn close_paragraph(&mut self) -> Result<(), ExtractError> {
        self.end_instruction()?;
        let Some(mut p) = self.open.pop() else { return Ok(()) };
        let open = self.open.len();
        // A paragraph of a text box set in the line as a character: its text shows in that line,
        // at its place (`机` + a box holding `密` + `★1年` is `机密★1年` on the page).
        if self.inline_drawings.last().is_some_and(|(_, around)| *around == open && open > 0) {
            let inner = p.shown.as_deref().unwrap_or(&p.text).trim();
            if let Some(line) = self.open.last_mut().filter(|_| !inner.is_empty()) {
                line.shown.get_or_insert_with(|| line.text.clone()).push_str(inner);
                line.spliced = true;
            }
        }
        if let Some((cell, _)) = self.tables.last_mut().and_then(|t| t.cell.as_mut()).filter(|(_, at)| *at == open) {
            if !p.text.trim().is_empty() {
                if !cell.is_empty() {
                    cell.push('\n');
                }
                cell.push_str(p.text.trim());
            }
        }
        if !p.text.trim().is_empty() {
            // A copy sized to the text; the buffer goes back for the next paragraph.
            self.route(p.number, p.text.as_str().to_owned())?;
        }
        // A list label that prints words: the paragraph as it shows after it.
        if let (Some(numbering), Some(number), true) = (self.numbering, p.number, self.labels.is_open()) {
            let style = p.style.as_deref();
            let list = p.list.over(self.styles.map(|s| s.paragraph_list(style)).unwrap_or_default());
            if let Some(label) = numbering.label(&mut self.list_counters, list, style) {
                if self.labels.charge(&label) {
                    let location = Location::part(self.part).with_paragraph(number).with_field("list label");
                    self.sink.segment(Segment::new(location, self.role, label + p.text.as_str()))?;
                }
            }
            if self.labels.newly_spent() {
                self.sink.coverage(CoverageNote::unread(self.part, Unread::Limit(Cap::ListLabels)))?;
            }
        }
        // Text that does not show, inside shown text: what shows is read too, as it joins on
        // the page (a mark cut by a hidden or deleted piece is whole there).
        if let (true, Some(number), Some(shown)) = (p.spliced, p.number, p.shown.take()) {
            if !shown.trim().is_empty() {
                let location = Location::part(self.part).with_paragraph(number).with_field("as shown");
                self.sink.segment(Segment::new(location, self.role, shown))?;
            }
        }
        p.text.clear();
        self.spare.push(p.text);
        Ok(())
    }

    /// Whether a run with its own properties `direct` and character style `style` is unseen in
    /// the paragraph, cell and page it sits in (see [`styles`]).
    fn is_unseen(&self, direct: &Look, style: Option<&str>) -> bool {
        let paragraph = self.open.last();
        let table = self.tables.last().filter(|t| t.cell.is_some());
        let setting = Setting {
            table_style: table.map(|t| t.style.as_deref()),
            paragraph_style: paragraph.and_then(|p| p.style.as_deref()),
            paragraph_shading: paragraph.and_then(|p| p.shading),
            cell_shading: table.and_then(|t| t.shading),
            shape: self.shapes.last().and_then(|s| s.1),
            page: self.page,
            page_height: self.page_height,
            cell: table.map(|t| CellPlace { row: t.row.saturating_sub(1), column: t.column, look: t.look }),
        };
        match self.styles {
            Some(styles) => !styles.run_shows(direct, style, &setting),
            None => !Styles::default().run_shows(direct, style, &setting),
        }
    }

    fn next_number(&mut self) -> u32 {
        self.numbered = self.numbered.saturating_add(1);
        self.numbered
    }

    /// Text of the innermost open paragraph, unless it is run text of a held-back branch (see
    /// [`Alternate::open_at_branch`]), which waits for the comparison.
    fn append(&mut self, s: &str) -> Result<(), ExtractError> {
        let open = self.open.len();
        for a in self.alternates.iter_mut().rev() {
            match a.branch {
                Branch::Outside => continue,
                _ if a.open_at_branch != open => break,
                Branch::Recording => a.direct.push_str(s),
                Branch::HeldBack => {
                    a.direct.push_str(s);
                    return Ok(());
                }
            }
        }
        let shows = self.unshown == 0 && !self.run_hidden;
        match self.open.last_mut() {
            Some(p) => {
                if !shows {
                    if p.shown.is_none() {
                        p.shown = Some(p.text.clone());
                    }
                    p.unshown_after_shown |= p.shown.as_ref().is_some_and(|t| !t.trim().is_empty());
                } else if let Some(shown) = &mut p.shown {
                    shown.push_str(s);
                    p.spliced |= p.unshown_after_shown && !s.trim().is_empty();
                }
                p.text.push_str(s);
            }
            None => {
                // Text outside any paragraph (an `instr` on a stray field): a paragraph of its own.
                self.open_paragraph(true);
                if let Some(p) = self.open.last_mut() {
                    p.text.push_str(s);
                }
                self.close_paragraph()?;
            }
        }
        Ok(())
    }

    /// A finished paragraph goes out through the open alternates: remembered by recording ones,
    /// held by the innermost held-back one, emitted if none holds it.
    fn route(&mut self, number: Option<u32>, text: String) -> Result<(), ExtractError> {
        for a in self.alternates.iter_mut().rev() {
            match a.branch {
                Branch::Outside => {}
                Branch::Recording => *a.seen_paragraphs.entry(text.trim().to_owned()).or_insert(0) += 1,
                Branch::HeldBack => {
                    a.held.push(text);
                    return Ok(());
                }
            }
        }
        let number = number.unwrap_or_else(|| self.next_number());
        let mut location = Location::part(self.part).with_paragraph(number);
        if let Some(author) = &self.author {
            location = location.with_field(author.clone());
        }
        self.sink.segment(Segment::new(location, self.role, text))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;
    use zip::ZipWriter;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// A ZIP holding `entries`, byte for byte.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// A `w:document` whose body is `body`.
    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        )
    }

    /// A part with root `root` (`w:hdr`, `w:ftr`, `w:comments`…) holding `content`.
    fn part(root: &str, content: &str) -> String {
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><{root} {W}>{content}</{root}>"#)
    }

    /// A minimal DOCX: package rels, the body, document rels for `linked` (kind, target) and
    /// `extra` entries.
    fn docx(body: &str, linked: &[(&str, &str)], extra: &[(&str, &[u8])]) -> Vec<u8> {
        let root_rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let mut doc_rels =
            String::from(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#);
        for (i, (kind, target)) in linked.iter().enumerate() {
            doc_rels.push_str(&format!(r#"<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"/>"#));
        }
        doc_rels.push_str("</Relationships>");
        let doc = document(body);
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", root_rels.as_bytes()),
            ("word/document.xml", doc.as_bytes()),
            ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ];
        entries.extend_from_slice(extra);
        zip(&entries)
    }

    fn read(bytes: &[u8]) -> Collected {
        let mut sink = Collected::default();
        extract(bytes, &Limits::default(), &mut sink).unwrap();
        sink
    }

    fn texts(c: &Collected) -> Vec<&str> {
        c.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// (paragraph number, text) of each segment.
    fn numbered(c: &Collected) -> Vec<(u32, &str)> {
        c.segments.iter().map(|s| (s.location.paragraph.unwrap_or(0), s.text.as_str())).collect()
    }

    fn run(text: &str) -> String {
        format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    /// A level text of 3,000 characters numbering 1,000 paragraphs (a DOCX of a few KB) would
    /// add nine million bytes of labels: they stop at the part's allowance, the part says
    /// so once (review), and every paragraph is still read.
    #[test]
    fn list_labels_stop_at_their_allowance_and_say_so() {
        use crate::list_labels::MAX_LABEL_BYTES;
        let level = format!(r#"<w:lvl w:ilvl="0"><w:lvlText w:val="{}%1"/></w:lvl>"#, "机".repeat(3000));
        let lists = format!(
            r#"<w:abstractNum w:abstractNumId="0">{level}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
        );
        let numbering = part("w:numbering", &lists);
        let item = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#;
        let extra: [(&str, &[u8]); 1] = [("word/numbering.xml", numbering.as_bytes())];
        let c = read(&docx(&item.repeat(1000), &[("numbering", "numbering.xml")], &extra));
        let labels: Vec<&str> = c
            .segments
            .iter()
            .filter(|s| s.location.field.as_deref() == Some("list label"))
            .map(|s| s.text.strip_suffix('x').unwrap().trim_end())
            .collect();
        assert!(labels[0].starts_with('机') && labels[0].ends_with("机1"));
        let bytes: usize = labels.iter().map(|l| l.len()).sum();
        assert!(bytes <= MAX_LABEL_BYTES && bytes > MAX_LABEL_BYTES - 9010, "{bytes} bytes of labels");
        let note = CoverageNote::unread("word/document.xml", Unread::Limit(Cap::ListLabels));
        assert_eq!(c.coverage.iter().filter(|n| **n == note).count(), 1);
        assert!(note.needs_review);
        assert_eq!(c.segments.iter().filter(|s| s.text == "x").count(), 1000);
    }

    #[test]
    fn joins_a_mark_split_over_three_runs() {
        let body = format!("<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr>{}{}{}</w:p>", run("机"), run("密★"), run("1年"));
        let c = read(&docx(&body, &[], &[]));
        assert_eq!(c.segments.len(), 1);
        let s = &c.segments[0];
        assert_eq!(s.text, "机密★1年");
        assert_eq!(s.role, Role::Body);
        assert_eq!(s.location, Location::part("word/document.xml").with_paragraph(1));
        assert!(c.coverage.contains(&CoverageNote::read("word/document.xml")));
    }

    #[test]
    fn numbers_paragraphs_including_empty_ones() {
        let body = format!("<w:p>{}</w:p><w:p/><w:p><w:r/></w:p><w:p>{}</w:p>", run("甲"), run("乙"));
        let c = read(&docx(&body, &[], &[]));
        let got = numbered(&c);
        assert_eq!(got, vec![(1, "甲"), (4, "乙")]);
    }

    #[test]
    fn reads_linked_and_orphan_headers_and_footers() {
        let hdr = part("w:hdr", &format!("<w:p>{}</w:p>", run("秘密")));
        let ftr = part("w:ftr", &format!("<w:p>{}</w:p>", run("第1页")));
        let orphan = part("w:hdr", &format!("<w:p>{}</w:p>", run("绝密★启用前")));
        let bytes = docx(
            "<w:p/>",
            &[("header", "header1.xml"), ("footer", "/word/footer1.xml")],
            &[
                ("word/header1.xml", hdr.as_bytes()),
                ("word/footer1.xml", ftr.as_bytes()),
                ("word/header7.xml", orphan.as_bytes()),
            ],
        );
        let c = read(&bytes);
        let got: Vec<(&str, Role, &str)> =
            c.segments.iter().map(|s| (s.location.part.as_str(), s.role, s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("word/header1.xml", Role::Header, "秘密"),
                ("word/footer1.xml", Role::Footer, "第1页"),
                ("word/header7.xml", Role::Header, "绝密★启用前"),
            ]
        );
        for p in ["word/header1.xml", "word/footer1.xml", "word/header7.xml"] {
            assert!(c.coverage.contains(&CoverageNote::read(p)), "{p}");
        }
    }

    #[test]
    fn missing_linked_part_is_noted_not_fatal() {
        let c = read(&docx(&format!("<w:p>{}</w:p>", run("正文")), &[("header", "header9.xml")], &[]));
        assert_eq!(texts(&c), vec!["正文"]);
        // A part the package names but lacks needs review, in DOCX as in every format (one policy).
        assert!(c
            .coverage
            .iter()
            .any(|n| n.part == "word/header9.xml" && n.reason == Some(Unread::MissingPart) && n.needs_review));
    }

    #[test]
    fn reads_tracked_deletions_and_insertions() {
        // The author of the changes, shown on them, is read once, beside the text.
        let body = r#"<w:p><w:del w:id="1" w:author="王五"><w:r><w:delText>机密★</w:delText></w:r></w:del><w:ins w:id="2" w:author="王五"><w:r><w:t>公开</w:t></w:r></w:ins></w:p>"#;
        let c = read(&docx(body, &[], &[]));
        assert_eq!(texts(&c), vec!["王五", "机密★公开"]);
        assert_eq!((c.segments[0].role, c.segments[0].location.field.as_deref()), (Role::Note, Some("author")));
    }

    #[test]
    fn reads_the_authors_of_formatting_changes() {
        // Word lists a formatting change, an inserted paragraph mark, row or numbering, and a
        // changed cell under its author, as it does an insertion: each author is read once per
        // part. The formatting before a change (`w:rPrChange/w:rPr`, here a symbol font) is not
        // how the run shows, and does not change how it reads.
        let change =
            |kind: &str, author: &str| format!(r#"<w:{kind} w:id="1" w:author="{author}"><w:rPr/></w:{kind}>"#);
        let body = format!(
            r#"<w:p><w:pPr>{}<w:rPr><w:ins w:id="2" w:author="乙"/></w:rPr></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="丙"><w:rPr><w:rFonts w:ascii="Wingdings"/></w:rPr></w:rPrChange></w:rPr><w:t>通知</w:t></w:r></w:p><w:tbl><w:tblPr>{}</w:tblPr><w:tblGrid><w:gridCol w:w="10"/><w:tblGridChange w:id="4" w:author="庚"><w:tblGrid/></w:tblGridChange></w:tblGrid><w:tr><w:trPr><w:del w:id="5" w:author="戊"/></w:trPr><w:tc><w:tcPr>{}</w:tcPr><w:p><w:r><w:t>表</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:numPr><w:ins w:id="7" w:author="甲"/></w:numPr></w:pPr></w:p><w:sectPr>{}</w:sectPr>"#,
            change("pPrChange", "甲"),
            change("tblPrChange", "丁"),
            change("tcPrChange", "Project BLUEFIN"),
            change("sectPrChange", "己"),
        );
        let c = read(&docx(&body, &[], &[]));
        let authors: Vec<&str> = c
            .segments
            .iter()
            .filter(|s| s.location.field.as_deref() == Some("author"))
            .inspect(|s| assert_eq!(s.role, Role::Note))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(authors, vec!["甲", "乙", "丙", "丁", "庚", "戊", "Project BLUEFIN", "己"]);
        assert!(texts(&c).contains(&"通知"), "{:?}", texts(&c));
    }

    #[test]
    fn reads_hidden_text() {
        let body = r#"<w:p><w:r><w:t>通知</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>秘密★5年</w:t></w:r></w:p>"#;
        assert_eq!(texts(&read(&docx(body, &[], &[]))), vec!["通知秘密★5年"]);
    }

    /// Text that does not show (hidden, deleted, moved away, a ruby annotation) inside shown text:
    /// the paragraph is read as the file holds it and, beside it, as Word shows it (field `as
    /// shown`), where the pieces around it join. A piece at the edge, or none, adds nothing.
    #[test]
    fn reads_what_shows_when_text_that_does_not_sits_inside() {
        let hidden = |t: &str| format!("<w:r><w:rPr><w:vanish/></w:rPr><w:t>{t}</w:t></w:r>");
        let plain = |t: &str| format!("<w:r><w:t>{t}</w:t></w:r>");
        let cases = [
            (format!("<w:p>{}{}{}</w:p>", plain("机"), hidden("公开"), plain("密★1年")), "机公开密★1年"),
            (
                format!(r#"<w:p>{}<w:del w:id="1" w:author="a"><w:r><w:delText>公开</w:delText></w:r></w:del>{}</w:p>"#, plain("机"), plain("密★1年")),
                "机公开密★1年",
            ),
            (
                format!(r#"<w:p>{}<w:moveFrom w:id="2" w:author="a">{}</w:moveFrom>{}</w:p>"#, plain("机"), plain("公开"), plain("密★1年")),
                "机公开密★1年",
            ),
            (
                format!("<w:p>{}<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>mì</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>密</w:t></w:r></w:rubyBase></w:ruby></w:r>{}</w:p>", plain("机"), plain("★1年")),
                "机mì密★1年",
            ),
            // White on the page's white, and text 1pt high, are not seen either.
            (
                format!(r#"<w:p>{}<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>公开</w:t></w:r>{}</w:p>"#, plain("机"), plain("密★1年")),
                "机公开密★1年",
            ),
            (
                format!(r#"<w:p>{}<w:r><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr><w:t>公开</w:t></w:r>{}</w:p>"#, plain("机"), plain("密★1年")),
                "机公开密★1年",
            ),
        ];
        for (body, held) in cases {
            let c = read(&docx(&body, &[], &[]));
            // The paragraph and its shown reading (a tracked change's author is read beside them).
            let paragraph = c.segments.iter().filter(|s| s.location.field.as_deref() != Some("author"));
            let got: Vec<(Option<u32>, Option<&str>, &str, Role)> = paragraph
                .map(|s| (s.location.paragraph, s.location.field.as_deref(), s.text.as_str(), s.role))
                .collect();
            let want = vec![(Some(1), None, held, Role::Body), (Some(1), Some("as shown"), "机密★1年", Role::Body)];
            assert_eq!(got, want, "{body}");
        }
        // A hidden run at the end, a visible `w:vanish w:val="0"`, a paragraph without hidden text:
        // one reading each.
        for body in [
            format!("<w:p>{}{}</w:p>", plain("通知"), hidden("秘密★5年")),
            format!(
                r#"<w:p>{}<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>公开</w:t></w:r>{}</w:p>"#,
                plain("机"),
                plain("密")
            ),
            format!("<w:p>{}{}</w:p>", plain("机密"), plain("★1年")),
            // White text on a shading or a highlight shows; so does 5pt text.
            format!(
                r#"<w:p>{}<w:r><w:rPr><w:color w:val="FFFFFF"/><w:shd w:val="clear" w:fill="1F3864"/></w:rPr><w:t>公开</w:t></w:r>{}</w:p>"#,
                plain("机"),
                plain("密")
            ),
            format!(
                r#"<w:p>{}<w:r><w:rPr><w:color w:val="FFFFFF"/><w:highlight w:val="black"/></w:rPr><w:t>公开</w:t></w:r>{}</w:p>"#,
                plain("机"),
                plain("密")
            ),
            format!(
                r#"<w:p>{}<w:r><w:rPr><w:sz w:val="10"/></w:rPr><w:t>公开</w:t></w:r>{}</w:p>"#,
                plain("机"),
                plain("密")
            ),
        ] {
            assert_eq!(read(&docx(&body, &[], &[])).segments.len(), 1, "{body}");
        }
    }

    /// A run squeezed to at most 1pt wide (`w:w` times its size) or raised or lowered off the
    /// page (`w:position` at least the tallest page's height) is unseen: a mark it cuts is read as
    /// shown. Runs that Word draws on the page (`w:webHidden`, shown outside Web Layout; a lone
    /// `w:specVanish`; negative `w:spacing`, glyphs drawn over each other; a readable width; a
    /// shift within the page; an invalid scale) cut nothing.
    #[test]
    fn squeezed_or_raised_off_the_page_text_is_unseen() {
        let a4 = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#;
        let cut = |rpr: &str, sect: &str| {
            format!(
                r#"<w:p><w:r><w:t>机</w:t></w:r><w:r><w:rPr>{rpr}</w:rPr><w:t>公开</w:t></w:r><w:r><w:t>密★1年</w:t></w:r></w:p>{sect}"#
            )
        };
        let unseen = [
            cut(r#"<w:w w:val="1"/>"#, a4),
            cut(r#"<w:w w:val="10"/><w:sz w:val="20"/>"#, a4),
            cut(r#"<w:w w:val="2"/><w:sz w:val="96"/>"#, a4),
            cut(r#"<w:position w:val="1700"/>"#, a4),
            cut(r#"<w:position w:val="-1700"/>"#, a4),
            cut(r#"<w:position w:val="3168"/>"#, ""),
        ];
        for body in unseen {
            assert_eq!(as_shown(&read(&docx(&body, &[], &[]))), ["机密★1年"], "{body}");
        }
        let shown = [
            cut(r#"<w:w w:val="50"/>"#, a4),
            cut(r#"<w:w w:val="1"/><w:sz w:val="400"/>"#, a4),
            cut(r#"<w:w w:val="0"/>"#, a4),
            cut(r#"<w:position w:val="1600"/>"#, a4),
            // Without a page size the page may be as tall as Word's tallest, 22 inches.
            cut(r#"<w:position w:val="1700"/>"#, ""),
            // An A3 section elsewhere in the document: the A4 shift may stay on that page.
            cut(
                r#"<w:position w:val="1700"/>"#,
                &format!(r#"<w:p><w:pPr><w:sectPr><w:pgSz w:w="16838" w:h="23811"/></w:sectPr></w:pPr></w:p>{a4}"#),
            ),
            cut("<w:webHidden/>", a4),
            cut("<w:specVanish/>", a4),
            cut(r#"<w:spacing w:val="-400"/>"#, a4),
        ];
        for body in shown {
            assert_eq!(as_shown(&read(&docx(&body, &[], &[]))), Vec::<&str>::new(), "{body}");
        }
        // A character style squeezes as the run's own property does.
        let styles =
            r#"<w:style w:type="character" w:styleId="Z"><w:name w:val="Z"/><w:rPr><w:w w:val="1"/></w:rPr></w:style>"#;
        let body = cut(r#"<w:rStyle w:val="Z"/>"#, a4);
        assert_eq!(as_shown(&read(&styled(&body, styles))), ["机密★1年"]);
    }

    /// A header has no section of its own: the main document's pages (read first) decide what
    /// is off the page there too.
    #[test]
    fn a_header_takes_the_documents_page_height() {
        let raised = r#"<w:p><w:r><w:t>机</w:t></w:r><w:r><w:rPr><w:position w:val="1700"/></w:rPr><w:t>公开</w:t></w:r><w:r><w:t>密★1年</w:t></w:r></w:p>"#;
        let hdr = part("w:hdr", raised);
        let header = |body: &str| {
            let c = read(&docx(body, &[("header", "header1.xml")], &[("word/header1.xml", hdr.as_bytes())]));
            c.segments
                .iter()
                .filter(|s| s.location.field.as_deref() == Some("as shown"))
                .map(|s| (s.location.part.clone(), s.text.clone()))
                .collect::<Vec<_>>()
        };
        let a4 = r#"<w:p/><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#;
        assert_eq!(header(a4), [("word/header1.xml".to_owned(), "机密★1年".to_owned())]);
        // Without a page size the shift may stay on a 22-inch page.
        assert_eq!(header("<w:p/>"), Vec::<(String, String)>::new());
    }

    #[test]
    fn the_tallest_page_is_found_in_any_prefix_and_section() {
        assert_eq!(
            places::tallest_page(
                br#"<w:body><w:sectPr><w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/></w:sectPr>"#
            ),
            Some(16838)
        );
        assert_eq!(places::tallest_page(br#"<x:pgSz x:h="15840"/><x:pgSz x:h=" 23811 "></x:pgSz>"#), Some(23811));
        // Text that names the element, another element, a height that is no number of twips.
        assert_eq!(places::tallest_page(br#"<w:t>pgSz h="99999"</w:t><w:pgSzX w:h="99999"/>"#), None);
        assert_eq!(places::tallest_page(br#"<w:pgSz w:h="297mm"/>"#), Some(styles::TALLEST_PAGE));
    }

    /// A DOCX with `body` and the styles part `styles` (the content of `w:styles`).
    fn styled(body: &str, styles: &str) -> Vec<u8> {
        let styles = part("w:styles", styles);
        docx(body, &[("styles", "styles.xml")], &[("word/styles.xml", styles.as_bytes())])
    }

    /// The texts read as shown.
    fn as_shown(c: &Collected) -> Vec<&str> {
        c.segments.iter().filter(|s| s.location.field.as_deref() == Some("as shown")).map(|s| s.text.as_str()).collect()
    }

    /// Whether a run shows is decided by its styles too (character style, paragraph style,
    /// `w:basedOn`, defaults) and by what is behind it (its shading or highlight, its paragraph's,
    /// its cell's): a mark cut by a run that a style hides, or whose colour is its background's,
    /// is read as it shows.
    #[test]
    fn styles_and_backgrounds_decide_what_shows() {
        let style = |kind: &str, id: &str, extra: &str, rpr: &str| {
            format!(r#"<w:style w:type="{kind}" w:styleId="{id}" {extra}><w:name w:val="{id}"/>{rpr}</w:style>"#)
        };
        let r = |t: &str, rpr: &str| format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{t}</w:t></w:r>");
        let cut = |middle: &str, ends: &str| format!("<w:p>{}{}{}</w:p>", r("机", ends), middle, r("密★1年", ends));
        let vanish = style("character", "H", "", "<w:rPr><w:vanish/></w:rPr>");
        let white = style("character", "W", "", r#"<w:rPr><w:color w:val="FFFFFF"/></w:rPr>"#);
        let black = r#"<w:color w:val="000000"/>"#;
        let cases: Vec<(&str, String, String)> = vec![
            ("character style hides", cut(&r("公开", r#"<w:rStyle w:val="H"/>"#), ""), vanish.clone()),
            ("character style is white", cut(&r("公开", r#"<w:rStyle w:val="W"/>"#), ""), white.clone()),
            (
                "character style is 1pt",
                cut(&r("公开", r#"<w:rStyle w:val="T"/>"#), ""),
                style("character", "T", "", r#"<w:rPr><w:sz w:val="2"/></w:rPr>"#),
            ),
            (
                "based on a hiding style",
                cut(&r("公开", r#"<w:rStyle w:val="H2"/>"#), ""),
                format!("{vanish}{}", style("character", "H2", "", r#"<w:basedOn w:val="H"/><w:rPr><w:b/></w:rPr>"#)),
            ),
            (
                "paragraph style hides, the ends are shown directly",
                format!(
                    r#"<w:p><w:pPr><w:pStyle w:val="P"/></w:pPr>{}{}{}</w:p>"#,
                    r("机", r#"<w:vanish w:val="0"/>"#),
                    r("公开", ""),
                    r("密★1年", r#"<w:vanish w:val="0"/>"#)
                ),
                style("paragraph", "P", "", "<w:rPr><w:vanish/></w:rPr>"),
            ),
            (
                "the default paragraph style is white",
                cut(&r("公开", ""), black),
                style("paragraph", "Normal", r#"w:default="1""#, r#"<w:rPr><w:color w:val="FFFFFF"/></w:rPr>"#),
            ),
            (
                "the document defaults are white",
                cut(&r("公开", ""), black),
                r#"<w:docDefaults><w:rPrDefault><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:rPrDefault></w:docDefaults>"#
                    .to_owned(),
            ),
            (
                "hidden in the paragraph style and in the character style shows (a toggle)",
                format!(
                    r#"<w:p><w:pPr><w:pStyle w:val="P"/></w:pPr>{}{}{}</w:p>"#,
                    r("机", r#"<w:rStyle w:val="H"/>"#),
                    r("公开", ""),
                    r("密★1年", r#"<w:rStyle w:val="H"/>"#)
                ),
                format!("{vanish}{}", style("paragraph", "P", "", "<w:rPr><w:vanish/></w:rPr>")),
            ),
            ("black on a black shading", cut(&r("公开", r#"<w:color w:val="000000"/><w:shd w:val="clear" w:fill="000000"/>"#), ""), String::new()),
            ("black on a black highlight", cut(&r("公开", r#"<w:color w:val="000000"/><w:highlight w:val="black"/>"#), ""), String::new()),
            ("white on a white shading", cut(&r("公开", r#"<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:fill="FFFFFF"/>"#), ""), String::new()),
            ("nearly white on white", cut(&r("公开", r#"<w:color w:val="FAFAFA"/>"#), ""), String::new()),
            (
                "black in a black paragraph, the ends white",
                format!(
                    r#"<w:p><w:pPr><w:shd w:val="clear" w:fill="000000"/></w:pPr>{}{}{}</w:p>"#,
                    r("机", r#"<w:color w:val="FFFFFF"/>"#),
                    r("公开", black),
                    r("密★1年", r#"<w:color w:val="FFFFFF"/>"#)
                ),
                String::new(),
            ),
            (
                "the character style's colour is its own shading",
                cut(&r("公开", r#"<w:rStyle w:val="S"/>"#), ""),
                style("character", "S", "", r#"<w:rPr><w:color w:val="1F3864"/><w:shd w:val="clear" w:fill="1F3864"/></w:rPr>"#),
            ),
            (
                "black in a black table cell",
                format!(
                    r#"<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="000000"/></w:tcPr><w:p>{}{}{}</w:p></w:tc></w:tr></w:tbl>"#,
                    r("机", r#"<w:color w:val="FFFFFF"/>"#),
                    r("公开", black),
                    r("密★1年", r#"<w:color w:val="FFFFFF"/>"#)
                ),
                String::new(),
            ),
            (
                "the table style is white",
                format!(
                    r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/></w:tblPr><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>"#,
                    cut(&r("公开", ""), black)
                ),
                style("table", "Grid", "", r#"<w:rPr><w:color w:val="FFFFFF"/></w:rPr>"#),
            ),
            (
                "black in a cell the default table style shades black",
                format!(r#"<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>"#, cut(&r("公开", black), r#"<w:color w:val="FFFFFF"/>"#)),
                style("table", "Dark", r#"w:default="1""#, r#"<w:tcPr><w:shd w:val="clear" w:fill="000000"/></w:tcPr>"#),
            ),
        ];
        for (what, body, styles) in &cases {
            let c = read(&styled(body, styles));
            assert_eq!(as_shown(&c), ["机密★1年"], "{what}");
            assert!(texts(&c).contains(&"机公开密★1年"), "{what}: the file's own reading stays");
        }

        // Direct formatting overrides the style; a colour that stands out from what is behind
        // shows; styles that are missing, looping or only in a change say nothing: one reading.
        let shown: Vec<(&str, String, String)> = vec![
            (
                "shown directly despite a hiding style",
                cut(&r("公开", r#"<w:rStyle w:val="H"/><w:vanish w:val="0"/>"#), ""),
                vanish.clone(),
            ),
            (
                "coloured directly despite a white style",
                cut(&r("公开", r#"<w:rStyle w:val="W"/><w:color w:val="000000"/>"#), ""),
                white.clone(),
            ),
            (
                "white style in a dark paragraph",
                format!(
                    r#"<w:p><w:pPr><w:shd w:val="clear" w:fill="1F3864"/></w:pPr>{}{}{}</w:p>"#,
                    r("机", ""),
                    r("公开", r#"<w:rStyle w:val="W"/>"#),
                    r("密★1年", "")
                ),
                white.clone(),
            ),
            ("an unknown style", cut(&r("公开", r#"<w:rStyle w:val="Nope"/>"#), ""), vanish.clone()),
            (
                "a loop of styles",
                cut(&r("公开", r#"<w:rStyle w:val="A"/>"#), ""),
                format!(
                    "{}{}",
                    style("character", "A", "", r#"<w:basedOn w:val="B"/>"#),
                    style("character", "B", "", r#"<w:basedOn w:val="A"/>"#)
                ),
            ),
            (
                "hidden only before a formatting change",
                cut(&r("公开", r#"<w:rStyle w:val="C"/>"#), ""),
                style(
                    "character",
                    "C",
                    "",
                    r#"<w:rPr><w:b/><w:rPrChange w:id="1" w:author="a"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr>"#,
                ),
            ),
            (
                "only the paragraph mark is hidden",
                format!(
                    r#"<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>{}{}{}</w:p>"#,
                    r("机", ""),
                    r("公开", ""),
                    r("密★1年", "")
                ),
                String::new(),
            ),
            (
                "a paragraph style's hiding applies to paragraphs only",
                cut(&r("公开", r#"<w:rStyle w:val="P"/>"#), ""),
                style("paragraph", "P", "", "<w:rPr><w:vanish/></w:rPr>"),
            ),
            (
                "white on yellow",
                cut(&r("公开", r#"<w:color w:val="FFFFFF"/><w:highlight w:val="yellow"/>"#), ""),
                String::new(),
            ),
            (
                "a table style outside its table",
                cut(&r("公开", ""), black),
                style("table", "Grid", r#"w:default="1""#, r#"<w:rPr><w:color w:val="FFFFFF"/></w:rPr>"#),
            ),
            (
                "white only in the table style's header row",
                format!(
                    r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/></w:tblPr><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>"#,
                    cut(&r("公开", ""), "")
                ),
                r#"<w:style w:type="table" w:styleId="Grid"><w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:tblStylePr></w:style>"#.to_owned(),
            ),
            (
                "white on a patterned shading",
                cut(
                    &r("公开", r#"<w:color w:val="FFFFFF"/><w:shd w:val="pct50" w:color="000000" w:fill="FFFFFF"/>"#),
                    "",
                ),
                String::new(),
            ),
            (
                "automatic colour on black",
                cut(&r("公开", r#"<w:color w:val="auto"/><w:shd w:val="clear" w:fill="000000"/>"#), ""),
                String::new(),
            ),
        ];
        for (what, body, styles) in &shown {
            let c = read(&styled(body, styles));
            assert_eq!(as_shown(&c), Vec::<&str>::new(), "{what}");
            assert!(texts(&c).contains(&"机公开密★1年"), "{what}");
        }
    }

    /// A table style's parts (`w:tblStylePr`) reach the cells the table's `w:tblLook` turns them
    /// on for: a mark cut by a run that the header row, a band or the first column makes the
    /// colour of what is behind it is read as shown; a part turned off, not reaching the cell, or
    /// overridden by a later part leaves it shown, and so does a part that reaches the cell only
    /// in some of the ways nobody can tell yet (the last row, an absent `w:tblLook`).
    #[test]
    fn table_style_parts_decide_what_shows() {
        let r = |t: &str, rpr: &str| format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{t}</w:t></w:r>");
        let black = r#"<w:color w:val="000000"/>"#;
        let cut = format!("<w:p>{}{}{}</w:p>", r("机", black), r("公开", ""), r("密★1年", black));
        let plain = "<w:p/>";
        // A table of style T turning on `look`, whose rows hold `rows` (cell contents).
        let table = |look: &str, rows: &[&[&str]]| {
            let rows: String = rows
                .iter()
                .map(|row| {
                    format!("<w:tr>{}</w:tr>", row.iter().map(|c| format!("<w:tc>{c}</w:tc>")).collect::<String>())
                })
                .collect();
            format!(r#"<w:tbl><w:tblPr><w:tblStyle w:val="T"/>{look}</w:tblPr>{rows}</w:tbl>"#)
        };
        let style = |parts: &[(&str, &str, &str)]| {
            let parts: String = parts
                .iter()
                .map(|(kind, rpr, tcpr)| {
                    format!(
                        r#"<w:tblStylePr w:type="{kind}"><w:rPr>{rpr}</w:rPr><w:tcPr>{tcpr}</w:tcPr></w:tblStylePr>"#
                    )
                })
                .collect();
            format!(r#"<w:style w:type="table" w:styleId="T"><w:name w:val="T"/>{parts}</w:style>"#)
        };
        let white = r#"<w:color w:val="FFFFFF"/>"#;
        let navy = (r#"<w:color w:val="1F3864"/>"#, r#"<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>"#);
        let look = r#"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#;
        let cut = cut.as_str();
        let unseen: Vec<(&str, String, String)> = vec![
            ("the header row is white", table(look, &[&[cut, plain]]), style(&[("firstRow", white, "")])),
            (
                "the header row by the bits of Word 2007",
                table(r#"<w:tblLook w:val="0020"/>"#, &[&[cut, plain]]),
                style(&[("firstRow", white, "")]),
            ),
            ("the header row is navy on navy", table(look, &[&[cut, plain]]), style(&[("firstRow", navy.0, navy.1)])),
            (
                "the first band after the header row is white",
                table(look, &[&[plain, plain], &[plain, cut]]),
                style(&[("band1Horz", white, "")]),
            ),
            (
                "the second band of two-row bands",
                table(look, &[&[plain], &[plain], &[plain], &[cut]]),
                style(&[("band2Horz", white, "")]).replace(
                    r#"<w:name w:val="T"/>"#,
                    r#"<w:name w:val="T"/><w:tblPr><w:tblStyleRowBandSize w:val="2"/></w:tblPr>"#,
                ),
            ),
            (
                "the first column is white",
                table(look, &[&[plain, plain], &[cut, plain]]),
                style(&[("firstCol", white, "")]),
            ),
            (
                "a part of the style it is based on",
                table(look, &[&[cut]]),
                format!(
                    r#"{}<w:style w:type="table" w:styleId="T"><w:basedOn w:val="B"/></w:style>"#,
                    style(&[("firstRow", white, "")]).replace(r#"w:styleId="T""#, r#"w:styleId="B""#)
                ),
            ),
            (
                "white whether or not the row is the last",
                table(r#"<w:tblLook w:firstRow="1" w:lastRow="1"/>"#, &[&[cut]]),
                style(&[("firstRow", white, ""), ("lastRow", white, "")]),
            ),
        ];
        for (what, body, styles) in &unseen {
            let c = read(&styled(body, styles));
            assert_eq!(as_shown(&c), ["机密★1年"], "{what}");
        }
        let shown: Vec<(&str, String, String)> = vec![
            (
                "the header row turned off",
                table(r#"<w:tblLook w:val="0000" w:firstRow="0" w:noHBand="1"/>"#, &[&[cut]]),
                style(&[("firstRow", white, "")]),
            ),
            (
                "no tblLook: whether the header row is on is not known",
                table("", &[&[cut]]),
                style(&[("firstRow", white, "")]),
            ),
            ("not the header row", table(look, &[&[plain], &[cut]]), style(&[("firstRow", white, "")])),
            ("the second band", table(look, &[&[plain], &[plain], &[cut]]), style(&[("band1Horz", white, "")])),
            (
                "bands turned off",
                table(r#"<w:tblLook w:firstRow="1" w:noHBand="1"/>"#, &[&[plain], &[cut]]),
                style(&[("band1Horz", white, "")]),
            ),
            (
                "the header row overrides the whole table",
                table(look, &[&[cut]]),
                style(&[("wholeTable", white, ""), ("firstRow", black, "")]),
            ),
            (
                "the last row may override the header row",
                table(r#"<w:tblLook w:firstRow="1" w:lastRow="1"/>"#, &[&[cut]]),
                style(&[("firstRow", white, ""), ("lastRow", black, "")]),
            ),
            (
                "a corner with one of its two turned on",
                table(&look.replace(r#"w:firstColumn="1""#, r#"w:firstColumn="0""#), &[&[cut]]),
                style(&[("nwCell", white, "")]),
            ),
            ("an unknown part", table(look, &[&[cut]]), style(&[("firstRows", white, "")])),
            (
                "the cell's own shading",
                table(
                    look,
                    &[&[&cut.replace("<w:p>", "<w:tcPr><w:shd w:val=\"clear\" w:fill=\"FFFF00\"/></w:tcPr><w:p>")]],
                ),
                style(&[("firstRow", white, "")]),
            ),
        ];
        for (what, body, styles) in &shown {
            let c = read(&styled(body, styles));
            assert_eq!(as_shown(&c), Vec::<&str>::new(), "{what}");
            assert!(texts(&c).contains(&"机公开密★1年"), "{what}");
        }
    }

    /// Text the colour of the page (`w:background`) does not show on it.
    #[test]
    fn the_page_colour_is_behind_the_text() {
        let body = r#"<w:p><w:r><w:t>机</w:t></w:r><w:r><w:rPr><w:color w:val="000080"/></w:rPr><w:t>公开</w:t></w:r><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>密★1年</w:t></w:r></w:p>"#;
        let page = |colour: &str| {
            let doc =
                format!(r#"<w:document {W}><w:background w:color="{colour}"/><w:body>{body}</w:body></w:document>"#);
            let mut bytes = docx("", &[], &[]);
            // The same package with this document in place of the empty one.
            let mut entries = Vec::new();
            let mut archive = zip::ZipArchive::new(Cursor::new(std::mem::take(&mut bytes))).unwrap();
            for i in 0..archive.len() {
                let mut f = archive.by_index(i).unwrap();
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut f, &mut data).unwrap();
                let data = if f.name() == "word/document.xml" { doc.clone().into_bytes() } else { data };
                entries.push((f.name().to_owned(), data));
            }
            let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
            read(&zip(&entries))
        };
        // On a navy page the navy run is unseen and the white run shows: the page shows `机密★1年`
        // only if the first run shows too, and it does (auto colour).
        assert_eq!(as_shown(&page("000080")), ["机密★1年"]);
        // On a white page the white run is the unseen one, at the end: nothing is cut.
        assert_eq!(as_shown(&page("FFFFFF")), Vec::<&str>::new());
    }

    /// The text of a text box shows on the shape's fill: white text on a dark shape shows (a
    /// cut there is read as shown), white text on a white or unfilled shape on a white page
    /// does not; the VML shape of the fallback likewise (`fillcolor`, `filled`).
    #[test]
    fn a_text_box_shows_its_text_on_the_shapes_fill() {
        let r = |t: &str, rpr: &str| format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{t}</w:t></w:r>");
        let white = r#"<w:color w:val="FFFFFF"/>"#;
        let cut = format!("<w:p>{}{}{}</w:p>", r("机", white), r("公开", "<w:vanish/>"), r("密★1年", white));
        let cut_by_white = format!("<w:p>{}{}{}</w:p>", r("机", ""), r("公开", white), r("密★1年", ""));
        let wsp = |sp_pr: &str, style: &str, text: &str| {
            format!(
                r#"<w:p><w:r><w:drawing><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><wps:cNvSpPr txBox="1"/><wps:spPr>{sp_pr}</wps:spPr>{style}<wps:txbx><w:txbxContent>{text}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></w:r></w:p>"#
            )
        };
        let vml = |attrs: &str, text: &str| {
            format!(
                r#"<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" {attrs}><v:textbox><w:txbxContent>{text}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#
            )
        };
        let navy = r#"<a:solidFill><a:srgbClr val="1F3864"/></a:solidFill>"#;
        let scheme_white = r#"<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>"#;
        let style_fill = r#"<wps:style><a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef></wps:style>"#;
        for (what, body, shown) in [
            ("white on navy, cut by hidden text", wsp(navy, "", &cut), vec!["机密★1年"]),
            ("white on a VML navy shape", vml(r##"fillcolor="#1f3864 [1604]""##, &cut), vec!["机密★1年"]),
            ("white on a theme fill", wsp("", style_fill, &cut), vec!["机密★1年"]),
            ("white on white, all unseen", wsp(scheme_white, "", &cut), vec![]),
            ("white on no fill, on the page", wsp("<a:noFill/>", "", &cut), vec![]),
            ("black cut by white on white", wsp(scheme_white, "", &cut_by_white), vec!["机密★1年"]),
            ("black cut by white on a VML default fill", vml("", &cut_by_white), vec!["机密★1年"]),
            ("black cut by white on a VML shape without fill", vml(r#"filled="f""#, &cut_by_white), vec!["机密★1年"]),
            ("white shows on navy: no cut", wsp(navy, "", &cut_by_white), vec![]),
            ("white shows on a VML black shape", vml(r#"fillcolor="black""#, &cut_by_white), vec![]),
            // Outside the shape the page is behind again.
            ("after the shape", format!("{}{cut_by_white}", wsp(navy, "", "<w:p/>")), vec!["机密★1年"]),
        ] {
            let c = read(&docx(&body, &[], &[]));
            assert_eq!(as_shown(&c), shown, "{what}");
        }
    }

    /// A `QUOTE` field shows its text once updated, whatever result was saved: read without its
    /// quotes (field `field result`) beside the instruction; other fields' instructions are not.
    #[test]
    fn a_quote_fields_text_is_read_as_its_result() {
        let field = |instr: &str| {
            format!(
                r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>公开</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
            )
        };
        let body = [
            field(r#" QUOTE "机密★1年" "#),
            field(r#" quote "说\"明\"" \* MERGEFORMAT "#),
            field(" QUOTE 内部资料 \\* MERGEFORMAT "),
            r#"<w:p><w:fldSimple w:instr=" QUOTE &quot;绝密★启用前&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"#.to_owned(),
            field(r#" DOCPROPERTY "Title" "#),
        ]
        .concat();
        let c = read(&docx(&body, &[], &[]));
        let results: Vec<&str> = c
            .segments
            .iter()
            .filter(|s| s.location.field.as_deref() == Some("field result"))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(results, vec!["机密★1年", "说\"明\"", "内部资料", "绝密★启用前"]);
    }

    #[test]
    fn reads_comments_with_their_author() {
        let comments = part(
            "w:comments",
            r#"<w:comment w:id="0" w:author="李四" w:date="2024-01-01T00:00:00Z"><w:p><w:r><w:t>此件不予公开</w:t></w:r></w:p></w:comment><w:comment w:id="1"><w:p><w:r><w:t>无名</w:t></w:r></w:p></w:comment>"#,
        );
        let c = read(&docx("<w:p/>", &[("comments", "comments.xml")], &[("word/comments.xml", comments.as_bytes())]));
        assert_eq!(c.segments.len(), 3);
        // The author's name is text of its own, then the comment's paragraphs name it as field.
        let a = &c.segments[0];
        assert_eq!((a.role, a.text.as_str()), (Role::Note, "李四"));
        assert_eq!(a.location, Location::part("word/comments.xml").with_field("author"));
        let s = &c.segments[1];
        assert_eq!((s.role, s.text.as_str()), (Role::Note, "此件不予公开"));
        assert_eq!(s.location, Location::part("word/comments.xml").with_paragraph(1).with_field("李四"));
        assert_eq!(c.segments[2].location.field, None);
    }

    #[test]
    fn reads_footnotes_and_endnotes() {
        let foot = part(
            "w:footnotes",
            r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>脚注</w:t></w:r></w:p></w:footnote>"#,
        );
        let end = part("w:endnotes", r#"<w:endnote w:id="1"><w:p><w:r><w:t>尾注</w:t></w:r></w:p></w:endnote>"#);
        let c = read(&docx(
            "<w:p/>",
            &[("footnotes", "footnotes.xml"), ("endnotes", "endnotes.xml")],
            &[("word/footnotes.xml", foot.as_bytes()), ("word/endnotes.xml", end.as_bytes())],
        ));
        let mut got: Vec<(&str, u32, &str)> = c
            .segments
            .iter()
            .map(|s| (s.location.part.as_str(), s.location.paragraph.unwrap(), s.text.as_str()))
            .collect();
        got.sort();
        assert_eq!(got, vec![("word/endnotes.xml", 1, "尾注"), ("word/footnotes.xml", 2, "脚注")]);
        assert!(c.segments.iter().all(|s| s.role == Role::Note));
    }

    /// A text box as Word writes it: DrawingML in the Choice, the same text as VML in the Fallback.
    fn text_box(choice: &str, fallback: &str) -> String {
        format!(
            r#"<w:p>{}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{choice}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{fallback}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}</w:p><w:p>{}</w:p>"#,
            run("外"),
            run("段"),
            run("下一段")
        )
    }

    #[test]
    fn text_box_is_read_once_and_not_glued_to_its_paragraph() {
        let inner = format!("<w:p>{}</w:p><w:p>{}</w:p>", run("机密★1年"), run("第二行"));
        let c = read(&docx(&text_box(&inner, &inner), &[], &[]));
        let got = numbered(&c);
        assert_eq!(got, vec![(2, "机密★1年"), (3, "第二行"), (1, "外段"), (4, "下一段")]);
    }

    #[test]
    fn fallback_only_text_is_still_read() {
        let choice = format!("<w:p>{}</w:p>", run("同"));
        let fallback = format!("<w:p>{}</w:p><w:p>{}</w:p>", run("同"), run("绝密"));
        let c = read(&docx(&text_box(&choice, &fallback), &[], &[]));
        let got = numbered(&c);
        assert_eq!(got, vec![(2, "同"), (3, "绝密"), (1, "外段"), (4, "下一段")]);
    }

    #[test]
    fn run_level_alternate_content_is_not_doubled() {
        let body = r#"<w:p><w:r><w:t>甲</w:t></w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>乙</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>乙</w:t></w:r></mc:Fallback></mc:AlternateContent><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:sym w:char="F0FE"/></w:r></mc:Choice><mc:Fallback><w:r><w:t>丙</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#;
        // The symbol names no font: its character is kept as stored.
        assert_eq!(texts(&read(&docx(body, &[], &[]))), vec!["甲乙\u{F0FE}丙"]);
    }

    #[test]
    fn reads_tables_cell_by_cell() {
        let cell = |t: &str| format!("<w:tc><w:tcPr><w:tcW w:w=\"1\"/></w:tcPr><w:p>{}</w:p></w:tc>", run(t));
        let body = format!(
            "<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl><w:p>{}</w:p>",
            cell("密级"),
            cell("机密"),
            cell("期限"),
            cell("1年"),
            run("后")
        );
        let c = read(&docx(&body, &[], &[]));
        let got = numbered(&c);
        // Each cell paragraph is a paragraph; the short cells are also read down their columns
        // (unnumbered segments, located by table and column).
        assert_eq!(
            got,
            vec![(1, "密级"), (2, "机密"), (3, "期限"), (4, "1年"), (0, "密级期限"), (0, "机密1年"), (5, "后")]
        );
    }

    /// A mark typed one piece per cell down a table column is read top to bottom too; merged
    /// cells (`w:gridSpan`) keep the columns aligned, and a cell of several paragraphs or of long
    /// text ends a run.
    #[test]
    fn short_cells_down_a_table_column_read_top_to_bottom() {
        let cell = |t: &str| format!("<w:tc><w:p>{}</w:p></w:tc>", run(t));
        let wide = |t: &str| format!("<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p>{}</w:p></w:tc>", run(t));
        let rows = [
            format!("<w:tr>{}{}</w:tr>", wide("姓名与单位"), cell("绝")),
            format!("<w:tr>{}{}{}</w:tr>", cell("张三"), cell("办公室"), cell("密")),
            format!("<w:tr>{}{}{}</w:tr>", cell("李四"), cell("财务处"), cell("★")),
            format!("<w:tr>{}{}</w:tr>", wide("王五 人事处"), cell("启用前")),
            format!(
                "<w:tr>{}{}<w:tc><w:p>{}</w:p><w:p>{}</w:p></w:tc></w:tr>",
                cell("赵六"),
                cell("x"),
                run("甲"),
                run("乙")
            ),
        ];
        let body = format!("<w:tbl>{}</w:tbl><w:p>{}</w:p>", rows.concat(), run("后"));
        let c = read(&docx(&body, &[], &[]));
        let runs: Vec<(&str, &str)> = c
            .segments
            .iter()
            .filter_map(|s| Some((s.location.field.as_deref()?, s.text.as_str())))
            .filter(|(f, _)| f.starts_with("table"))
            .collect();
        assert_eq!(
            runs,
            vec![
                ("table 1, column A, rows 2-3", "张三李四"),
                ("table 1, column B, rows 2-3", "办公室财务处"),
                ("table 1, column C, rows 1-4", "绝密★启用前"),
            ],
            "the spanning cells hold long text; the two-paragraph cell ends nothing that was open"
        );
    }

    #[test]
    fn decodes_entities_and_character_references() {
        let body = "<w:p><w:r><w:t>&#26426;&#x5BC6;&amp;&lt;</w:t></w:r></w:p>";
        assert_eq!(texts(&read(&docx(body, &[], &[]))), vec!["机密&<"]);
    }

    #[test]
    fn special_run_content() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:noBreakHyphen/><w:t>e</w:t><w:sym w:font="Wingdings" w:char="F0FE"/><w:softHyphen/></w:r></w:p>"#;
        // Wingdings 0xFE draws a ticked box.
        assert_eq!(texts(&read(&docx(body, &[], &[]))), vec!["a\tb\nc\nd-e☑"]);
    }

    #[test]
    fn reads_field_instructions_and_results() {
        let body = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DOCPROPERTY 密级 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>机密</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:fldSimple w:instr=" TITLE "><w:r><w:t>绝密</w:t></w:r></w:fldSimple></w:p>"#;
        // The result as Word shows it; the instruction apart, at its paragraph.
        let c = read(&docx(body, &[], &[]));
        let got: Vec<(Option<&str>, Role, Option<u32>, &str)> = c
            .segments
            .iter()
            .map(|s| (s.location.field.as_deref(), s.role, s.location.paragraph, s.text.as_str()))
            .collect();
        let instruction = Some("field instruction");
        assert_eq!(
            got,
            vec![
                (instruction, Role::Other, Some(1), " DOCPROPERTY 密级 "),
                (None, Role::Body, Some(1), "机密"),
                (instruction, Role::Other, Some(2), " TITLE "),
                (None, Role::Body, Some(2), "绝密"),
            ]
        );
    }

    #[test]
    fn reads_content_controls_and_watermarks() {
        let body = r#"<w:sdt><w:sdtPr><w:alias w:val="x"/><w:placeholder><w:docPart w:val="y"/></w:placeholder></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内</w:t></w:r></w:p></w:sdtContent></w:sdt>"#;
        let hdr = part(
            "w:hdr",
            r#"<w:p><w:r><w:pict><v:shapetype><v:textpath on="t"/></v:shapetype><v:shape><v:textpath style="font-family:&quot;宋体&quot;" string="机密"/></v:shape></w:pict></w:r></w:p>"#,
        );
        let c = read(&docx(body, &[("header", "header1.xml")], &[("word/header1.xml", hdr.as_bytes())]));
        let got: Vec<(&str, Option<u32>, &str)> =
            c.segments.iter().map(|s| (s.location.part.as_str(), s.location.paragraph, s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("word/document.xml", None, "x"),
                ("word/document.xml", Some(1), "控件内"),
                ("word/header1.xml", Some(2), "机密")
            ]
        );
    }

    #[test]
    fn names_form_fields_table_titles_bookmarks_and_links_beside_the_text() {
        // A picture named by its author (its `pic:cNvPr` sits in `pic:nvPicPr`) with a link; a
        // form field; a table's alt text; bookmarks (Word's own left out); a VML picture; a
        // content control's tag. Each is read beside the paragraphs, with its field.
        let picture = r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="wp" xmlns:a="a" xmlns:pic="pic"><wp:docPr id="1" name="紫电示意图"><a:hlinkClick r:id="rId5"/></wp:docPr><a:graphic><a:graphicData><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="图片 2" descr="机密★1年"/><pic:cNvPicPr/></pic:nvPicPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#;
        let field = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="密级"/><w:helpText w:type="text" w:val="帮助"/><w:statusText w:type="text" w:val="状态"/><w:ddList><w:listEntry w:val="公开"/><w:listEntry w:val="秘密"/></w:ddList></w:ffData></w:fldChar></w:r><w:r><w:instrText>FORMDROPDOWN</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
        let table = r#"<w:tbl><w:tblPr><w:tblStyle w:val="a"/><w:tblCaption w:val="表题"/><w:tblDescription w:val="KJ-3"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let rest = r#"<w:p><w:bookmarkStart w:id="0" w:name="_Toc12345"/><w:bookmarkStart w:id="1" w:name="紫电"/><w:r><w:pict><v:shape id="s" alt="替代"><v:imagedata r:id="rId9" xmlns:o="o" o:title="题名"/></v:shape></w:pict></w:r></w:p><w:sdt><w:sdtPr><w:tag w:val="标签"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>内容</w:t></w:r></w:p></w:sdtContent></w:sdt>"#;
        let header = part("w:hdr", r#"<w:p><w:hyperlink r:id="rId1"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"#);
        let header_rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/hyperlink" Target="http://a.cn/%E7%B4%AB" TargetMode="External"/><Relationship Id="rId2" Type="{REL}/image" Target="file:///C:/%E7%B4%AB%E7%94%B5.png" TargetMode="External"/></Relationships>"#
        );
        let body = format!("{picture}{field}{table}{rest}");
        let c = read(&docx(
            &body,
            &[("header", "header1.xml")],
            &[("word/header1.xml", header.as_bytes()), ("word/_rels/header1.xml.rels", header_rels.as_bytes())],
        ));
        let got: Vec<(&str, Option<&str>, &str)> = c
            .segments
            .iter()
            .map(|s| (s.location.part.as_str(), s.location.field.as_deref(), s.text.as_str()))
            .collect();
        let d = "word/document.xml";
        let h = "word/header1.xml";
        assert_eq!(
            got,
            vec![
                (d, Some("shape name"), "紫电示意图"),
                (d, Some("alt text"), "机密★1年"),
                (d, Some("form field"), "密级"),
                (d, Some("form field"), "帮助"),
                (d, Some("form field"), "状态"),
                (d, Some("form field"), "公开"),
                (d, Some("form field"), "秘密"),
                (d, Some("field instruction"), "FORMDROPDOWN"),
                (d, Some("alt text"), "表题"),
                (d, Some("alt text"), "KJ-3"),
                (d, None, "格"),
                (d, Some("bookmark"), "紫电"),
                (d, Some("alt text"), "替代"),
                (d, Some("alt text"), "题名"),
                (d, Some("content control"), "标签"),
                (d, None, "内容"),
                (h, Some("hyperlink"), "http://a.cn/紫"),
                (h, None, "链接"),
                // The header's link was read at its paragraph; its linked picture is not in the
                // text, so it is read with the package's other external targets.
                (h, Some("link"), "file:///C:/紫电.png"),
            ]
        );
    }

    #[test]
    fn building_block_names_and_descriptions() {
        // The Building Blocks Organizer lists a glossary entry's name and description.
        let glossary = part(
            "w:glossaryDocument",
            r#"<w:docParts><w:docPart><w:docPartPr><w:name w:val="紫电模板"/><w:category><w:name w:val="常规"/><w:gallery w:val="placeholder"/></w:category><w:description w:val="机密★1年"/></w:docPartPr><w:docPartBody><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:docPartBody></w:docPart></w:docParts>"#,
        );
        let c = read(&docx(
            "<w:p/>",
            &[("glossaryDocument", "glossary/document.xml")],
            &[("word/glossary/document.xml", glossary.as_bytes())],
        ));
        let got: Vec<(Option<&str>, &str)> =
            c.segments.iter().map(|s| (s.location.field.as_deref(), s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Some("building block"), "紫电模板"),
                (Some("building block"), "常规"),
                (Some("building block"), "机密★1年"),
                (None, "正文"),
            ]
        );
    }

    #[test]
    fn reads_tooltips_control_titles_and_list_entries_beside_the_text() {
        let body = r#"<w:sdt><w:sdtPr><w:alias w:val="密级"/><w:dropDownList><w:listItem w:displayText="机密★1年" w:value="2"/><w:listItem w:value="秘密"/></w:dropDownList></w:sdtPr><w:sdtContent><w:p><w:r><w:t>选择</w:t></w:r></w:p></w:sdtContent></w:sdt><w:p><w:hyperlink w:anchor="a" w:tooltip="绝密★启用前"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:drawing><wp:inline xmlns:wp="wp" xmlns:a="a"><wp:docPr id="1" name="Picture 1"><a:hlinkClick xmlns:r="r" r:id="" tooltip="图片提示"/></wp:docPr></wp:inline></w:drawing></w:r></w:p>"#;
        let c = read(&docx(body, &[], &[]));
        let got: Vec<(Option<&str>, &str)> =
            c.segments.iter().map(|s| (s.location.field.as_deref(), s.text.as_str())).collect();
        let control = Some("content control");
        assert_eq!(
            got,
            vec![
                (control, "密级"),
                (control, "机密★1年"),
                (control, "秘密"),
                (None, "选择"),
                (Some("hyperlink"), "a"),
                (Some("tooltip"), "绝密★启用前"),
                (Some("tooltip"), "图片提示"),
                (None, "链接")
            ]
        );
    }

    #[test]
    fn unusual_prefixes_read_the_same() {
        let doc = r#"<ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:body><ns0:p><ns0:r><ns0:t>机密</ns0:t></ns0:r><ns0:r><ns0:t>★1年</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#;
        let c = read(&zip(&[("word/document.xml", doc.as_bytes())]));
        assert_eq!(texts(&c), vec!["机密★1年"]);
    }

    #[test]
    fn reads_a_utf16_document() {
        let doc = document(&format!("<w:p>{}</w:p>", run("机密★1年"))).replace("UTF-8", "UTF-16");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(doc.encode_utf16().flat_map(u16::to_le_bytes));
        let c = read(&zip(&[("word/document.xml", &utf16)]));
        assert_eq!(texts(&c), vec!["机密★1年"]);
    }

    #[test]
    fn reads_properties() {
        let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>机密★10年 关于某事的通知</dc:title><dc:creator></dc:creator></cp:coreProperties>"#;
        let custom = r#"<Properties xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Classification"><vt:lpwstr>秘密</vt:lpwstr></property></Properties>"#;
        let c = read(&docx(
            "<w:p/>",
            &[],
            &[("docProps/core.xml", core.as_bytes()), ("docProps/custom.xml", custom.as_bytes())],
        ));
        let got: Vec<(&str, Option<&str>, Role, &str)> = c
            .segments
            .iter()
            .map(|s| (s.location.part.as_str(), s.location.field.as_deref(), s.role, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("docProps/core.xml", Some("dc:title"), Role::Properties, "机密★10年 关于某事的通知"),
                ("docProps/custom.xml", Some("Classification"), Role::Properties, "秘密"),
            ]
        );
        assert!(c.coverage.contains(&CoverageNote::read("docProps/core.xml")));
    }

    #[test]
    fn reads_the_glossary_as_other() {
        let glossary = part(
            "w:glossaryDocument",
            r#"<w:docParts><w:docPart><w:docPartBody><w:p><w:r><w:t>构建基块</w:t></w:r></w:p></w:docPartBody></w:docPart></w:docParts>"#,
        );
        let c = read(&docx(
            "<w:p/>",
            &[("glossaryDocument", "glossary/document.xml")],
            &[("word/glossary/document.xml", glossary.as_bytes()), ("word/glossary/styles.xml", b"<w:styles/>")],
        ));
        assert_eq!(c.segments.len(), 1);
        assert_eq!(
            (c.segments[0].role, c.segments[0].location.part.as_str()),
            (Role::Other, "word/glossary/document.xml")
        );
        assert!(!c.coverage.contains(&CoverageNote::read("word/glossary/styles.xml")));
    }

    #[test]
    fn reads_chart_text_but_not_numbers() {
        let chart = r#"<c:chartSpace xmlns:c="c" xmlns:a="a"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>机密数据</a:t></a:r></a:p></c:rich></c:tx></c:title><c:ser><c:cat><c:strRef><c:strCache><c:pt idx="0"><c:v>甲型</c:v></c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>42</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:chart></c:chartSpace>"#;
        let c = read(&docx(
            "<w:p/>",
            &[],
            &[("word/charts/chart1.xml", chart.as_bytes()), ("word/charts/style1.xml", b"<x/>")],
        ));
        assert_eq!(texts(&c), vec!["机密数据", "甲型"]);
        assert!(c.segments.iter().all(|s| s.role == Role::Other));
        // A data label's number format prints words around the value: read as it shows.
        let labelled = chart.replace(
            "<c:val>",
            r#"<c:dLbls><c:numFmt formatCode="&quot;机密★&quot;0&quot;年&quot;" sourceLinked="0"/></c:dLbls><c:val>"#,
        );
        let c = read(&docx("<w:p/>", &[], &[("word/charts/chart1.xml", labelled.as_bytes())]));
        let formats: Vec<&str> = c
            .segments
            .iter()
            .filter(|s| s.location.field.as_deref() == Some("number format"))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(formats, ["机密★42年"]);
    }

    #[test]
    fn embedded_files_are_members_and_images_unread() {
        let c = read(&docx(
            "<w:p/>",
            &[],
            &[("word/embeddings/Microsoft_Excel_Worksheet.xlsx", b"PK-inner"), ("word/media/image1.png", b"\x89PNG")],
        ));
        assert_eq!(
            c.members,
            vec![("word/embeddings/Microsoft_Excel_Worksheet.xlsx".to_owned(), b"PK-inner".to_vec())]
        );
        assert!(c.coverage.contains(&CoverageNote::unread("word/media/image1.png", Unread::Picture)));
    }

    #[test]
    fn corrupt_zip_is_an_error() {
        let mut sink = Collected::default();
        let r = extract(b"PK\x03\x04 this is not a zip at all", &Limits::default(), &mut sink);
        assert!(
            matches!(
                r,
                Err(ExtractError::Corrupt {
                    what: crate::Defect::ZipNoDirectory | crate::Defect::ZipUnreadable { .. },
                    ..
                })
            ),
            "{r:?}"
        );
    }

    #[test]
    fn missing_document_is_an_error() {
        let bytes = zip(&[("[Content_Types].xml", b"<Types/>"), ("word/styles.xml", b"<w:styles/>")]);
        let r = extract(&bytes, &Limits::default(), &mut Collected::default());
        assert!(
            matches!(&r, Err(ExtractError::Corrupt { part: Some(p), what: crate::Defect::MissingPart, .. }) if p == "word/document.xml"),
            "{r:?}"
        );
    }

    #[test]
    fn malformed_xml_names_the_part() {
        let bad = docx("<w:p><w:r><w:t>机密</w:r></w:p>", &[], &[]);
        match extract(&bad, &Limits::default(), &mut Collected::default()) {
            Err(ExtractError::Corrupt { part: Some(part), at: Some(position), what: crate::Defect::Xml { .. } }) => {
                assert_eq!(part, "word/document.xml");
                assert!(position > 0);
            }
            other => panic!("{other:?}"),
        }
        let hdr = part("w:hdr", "<w:p><w:r><w:t>a &bogus; b</w:t></w:r></w:p>");
        let bad = docx("<w:p/>", &[("header", "header1.xml")], &[("word/header1.xml", hdr.as_bytes())]);
        match extract(&bad, &Limits::default(), &mut Collected::default()) {
            Err(ExtractError::Corrupt { part: Some(part), what: crate::Defect::Xml { .. }, .. }) => {
                assert_eq!(part, "word/header1.xml")
            }
            other => panic!("{other:?}"),
        }
        let truncated = zip(&[("word/document.xml", b"<w:document><w:body><w:p>")]);
        assert!(matches!(
            extract(&truncated, &Limits::default(), &mut Collected::default()),
            Err(ExtractError::Corrupt { what: crate::Defect::XmlUnclosed { .. }, .. })
        ));
    }

    #[test]
    fn depth_limit_names_the_part() {
        let deep =
            format!("<w:p>{}{}</w:p>", "<w:sdt><w:sdtContent>".repeat(100), "</w:sdtContent></w:sdt>".repeat(100));
        let bytes = docx(&deep, &[], &[]);
        let limits = Limits { max_xml_depth: 64, ..Limits::default() };
        match extract(&bytes, &limits, &mut Collected::default()) {
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::NestingDepth, limit: 64, part, .. }) => {
                assert_eq!(part.as_deref(), Some("word/document.xml"))
            }
            other => panic!("{other:?}"),
        }
        // The same document is fine under the default limit.
        assert!(extract(&bytes, &Limits::default(), &mut Collected::default()).is_ok());
    }

    #[test]
    fn size_limits_are_errors() {
        let bytes = docx(&format!("<w:p>{}</w:p>", run(&"机密".repeat(1000))), &[], &[]);
        let limits = Limits { max_part_bytes: 1000, ..Limits::default() };
        assert!(matches!(
            extract(&bytes, &limits, &mut Collected::default()),
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::PartBytes, limit: 1000, .. })
        ));
        let limits = Limits { max_file_bytes: 100, ..Limits::default() };
        assert!(matches!(
            extract(&bytes, &limits, &mut Collected::default()),
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::FileBytes, limit: 100, .. })
        ));
    }

    #[test]
    fn part_roles_by_name() {
        assert_eq!(unlinked_role("word/header3.xml"), Some(Role::Header));
        assert_eq!(unlinked_role("word/footer12.xml"), Some(Role::Footer));
        assert_eq!(unlinked_role("word/comments.xml"), Some(Role::Note));
        assert_eq!(unlinked_role("word/styles.xml"), None);
        assert_eq!(unlinked_role("word/theme/theme1.xml"), None);
        assert_eq!(unlinked_role("word/_rels/document.xml.rels"), None);
        assert_eq!(unlinked_role("word/media/image1.png"), None);
        assert_eq!(unlinked_role("word/diagrams/drawing1.xml"), None);
        assert_eq!(unlinked_role("word/diagrams/data1.xml"), Some(Role::Other));
        assert_eq!(unlinked_role("word/unknown.xml"), Some(Role::Other));
        // Not a Word part: the container layer reads it (below).
        assert_eq!(unlinked_role("customXml/item1.xml"), None);
    }

    #[test]
    fn custom_xml_data_is_read_by_the_container() {
        // Content controls bound to custom XML keep their text in customXml/item1.xml.
        let item = "<root><密级>机密★1年</密级></root>";
        let c = read(&docx("<w:p/>", &[], &[("customXml/item1.xml", item.as_bytes())]));
        let s = c.segments.iter().find(|s| s.location.part == "customXml/item1.xml").expect("read");
        assert_eq!(s.text, "机密★1年\n");
        assert!(c.coverage.contains(&CoverageNote::read_generically("customXml/item1.xml")));
    }

    /// The real documents in `shared/realworld/docx` beside the repository: every one is read
    /// without error, and the Chinese ones give their text.
    #[test]
    fn realworld_documents() {
        let Some(dir) = crate::testing::realworld_dir("docx") else { return };
        let entries = std::fs::read_dir(dir).unwrap();
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        assert!(!paths.is_empty());
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let mut sink = Collected::default();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                extract(&bytes, &Limits::default(), &mut sink)
            }));
            let result = result.unwrap_or_else(|_| panic!("{name}: panicked"));
            let all: String = sink.segments.iter().map(|s| s.text.as_str()).collect();
            let cjk = all.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
            eprintln!("{name}: {:?}, {} segments, {} CJK chars", result.as_ref().err(), sink.segments.len(), cjk);
            result.unwrap_or_else(|e| panic!("{name}: {e}"));
            if name == "nwe_bad-xml.docx" {
                // Despite its name, well-formed XML (python's expat agrees): the test file of
                // node-word-extractor for a bug of its own parser with emoji in alternate content.
                assert!(all.contains("A second test of reviewing, but with Unicode characters in"), "{name}");
                assert!(all.contains("😀") && all.contains("This text has been deleted"), "{name}");
            }
            if name.starts_with("chatchat_核电厂") {
                assert!(all.contains("核电厂"), "{name}");
                assert!(cjk > 2000, "{name}: only {cjk} CJK characters");
            }
            // Known texts, from the body, a header, a footer, a text box, a chart, the properties.
            let expected: &[(&str, &str)] = &[
                ("chatchat_行标编制说明_第12部分.docx", "编制说明"),
                ("poitl_config_chinese.docx", "作者姓名"),
                ("poitl_554_textboxes.docx", "情缘假期-确认件"),
                ("poitl_636_tracked_changes.docx", "机动车排污监控中心"),
                ("poitl_reference_chart.docx", "第一季度"),
                ("pyoffice_小红书-程序员晚枫.docx", "这里是程序员晚枫，在重庆。"),
            ];
            for (file, text) in expected {
                if name == *file {
                    assert!(all.contains(text), "{name}: {text} not found");
                }
            }
        }
    }
}
