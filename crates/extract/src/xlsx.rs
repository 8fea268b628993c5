//! The XLSX reader: the text of every sheet of an Excel workbook, with what sits beside it.
//!
//! # Units and roles
//!
//! A sheet's part (`xl/worksheets/sheet1.xml`) gives one [`Role::Body`] segment per row that holds
//! text, its cells' texts joined by tabs, with `paragraph` = the row number. A row is the unit
//! because a mark typed across cells (`机密` in A1, `★1年` in B1) reads as one line, and because
//! the first rows of a sheet are where a mark is put, as on a document's head: each sheet is its
//! own part, so the engine's head rule applies to each sheet's first rows.
//!
//! Cell text comes from the shared strings (rich-text runs joined, phonetic guides skipped; a rich
//! text cut by a run that does not show, hidden, 1pt or in the colour of its cell's fill (see
//! [`look`]), is also read as it shows, as one more text of its cell),
//! inline strings and the cached string results of formulas. Numbers, booleans and errors are
//! values, not text, and are not read, except where the cell's custom number format adds text
//! of its own (`0"年"`, `"机密★"@`, from `xl/styles.xml`): the cell is then read as it is shown
//! (see [`crate::numfmt`]), and a text it hides is read as stored too. Hidden sheets, rows and
//! columns are read like the others: they are in the published file. A row's cells are joined
//! with tabs; a row cut by a whole cell that does not show (its text in its fill's colour,
//! hidden by its format's empty section `;;;`, every run unseen) is read again without that
//! cell, field `as shown`: `机` | white `公开` | `密★1年` shows `机密★1年` along the row. Short
//! cells down a column are read top to bottom too (see [`crate::column_runs`]), and a column cut
//! by such a cell again without it, field `column A, rows 1-4, as shown`.
//!
//! Beside the cells:
//! - sheet names (`xl/workbook.xml`, a sheet may be named `机密`) as [`Role::Properties`] with
//!   field `sheet`; defined names and the string constants of their formulas ([`Role::Other`],
//!   field `name`);
//! - string constants of cell formulas that the cell's cached value does not hold (Excel
//!   recomputes formulas on open, and a formula may have no cached value at all), field
//!   `formula A1`;
//! - data validations: input prompts, error alerts and list items (field `validation`);
//! - hyperlinks' tips (`hyperlink/@tooltip`, shown when the pointer rests on the cell), field
//!   `tooltip`; their text to display and place in the workbook (`@display`, `@location`) and
//!   their targets (a URL, a `mailto:`, a file: external relationships, see
//!   [`ooxml::read_external_links`], which also gives the file names of linked workbooks and
//!   objects), field `hyperlink` (`link` for the rest); a linked object's item
//!   (`oleObject/@link`, as the Links dialog lists it), field `link`;
//! - scenarios (name, comment, author, the values they put in cells), field `scenario`; the
//!   titles of ranges users may edit, field `protected range`; custom views' names, field
//!   `custom view`; the author's own cell and table style names (`xl/styles.xml`), field `cell
//!   style`; who reserved a write-protected workbook (`fileSharing/@userName`), field
//!   `file sharing`;
//! - page headers and footers of each sheet (`headerFooter`), with the formatting codes (`&L`,
//!   `&C`, `&R` sections as line breaks, `&P`, `&"宋体,加粗"`, `&12`…) removed, as
//!   [`Role::Header`]/[`Role::Footer`] of the sheet's part, field `oddHeader`…;
//! - comments and threaded comments ([`Role::Note`], field = the cell), their authors
//!   ([`Role::Note`], field `author`), and the people of threaded comments (`xl/persons`: the
//!   name shown and the account, `userId`, on the contact card; field `author`);
//! - text boxes and shapes of drawings, chart titles and labels ([`Role::Other`]); the names of
//!   shapes, pictures and controls (`xdr:cNvPr/@name`, in the Selection Pane), field `shape
//!   name`, except the names Excel gives (`矩形 2`, `Picture 3`);
//! - pivot caches (field names, shared items and every record: the source data of a pivot table,
//!   which Excel shows on drill-down even once the source sheet is deleted), pivot tables (name,
//!   captions, field and item names), tables (names, column names, totals labels), external
//!   link caches (the linked workbook's sheet names, names and cached cell values), connections
//!   and queries (names, descriptions, commands), slicers and timelines (names, captions) and
//!   form controls (list items), each as [`Role::Other`] with a field naming the place (see
//!   [`parts`]);
//! - document properties, pictures (noted unread) and embedded files (members), as for DOCX.
//!
//! Comment, drawing and chart parts that no sheet links to are read all the same.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use mijian_core::{Cap, Unread};
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use self::conditional::Conditional;
use self::look::{CellLook, Font, Runs};
use self::places::Styles;
use crate::as_shown::AsShown;
use crate::drawingml;
use crate::numfmt::{self, CellValue};
use crate::ooxml::{self, Relationship};
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

mod conditional;
mod look;
mod parts;
mod places;
pub(crate) use places::string_literals;

/// The workbook part when the package relationships do not say.
const MAIN_PART: &str = "xl/workbook.xml";

/// Reads the XLSX in `bytes` into `sink`: see the module documentation for what is read.
///
/// Errors: a broken ZIP, a missing workbook, malformed XML in any part read (naming the part and
/// the byte), or a limit exceeded.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let mut archive = Archive::open(bytes, limits)?;
    let workbook = ooxml::main_part(&mut archive, limits)?
        .as_deref()
        .and_then(|p| archive.find(p))
        .or_else(|| archive.find(MAIN_PART))
        .map(str::to_owned)
        .ok_or_else(|| ExtractError::missing(MAIN_PART))?;
    let rels = ooxml::relationships(&mut archive, &workbook, limits)?;
    let mut done: HashSet<String> = HashSet::new();

    let shared = match rels
        .iter()
        .find(|r| !r.external && r.kind() == "sharedStrings")
        .map(|r| r.target.clone())
        .or_else(|| Some("xl/sharedStrings.xml".to_owned()))
        .and_then(|t| archive.find(&t).map(str::to_owned))
    {
        Some(part) => {
            let strings = shared_strings(&mut archive, &part, limits)?;
            sink.coverage(CoverageNote::read(&part))?;
            done.insert(part.to_ascii_lowercase());
            strings
        }
        None => SharedStrings::default(),
    };

    let styles_part = rels
        .iter()
        .find(|r| !r.external && r.kind() == "styles")
        .map(|r| r.target.clone())
        .unwrap_or_else(|| "xl/styles.xml".to_owned());
    let styles = Styles::load(&mut archive, Some(&styles_part), limits)?;
    if let Some((part, names)) = &styles.names {
        for name in names {
            let location = Location::part(part).with_field("cell style");
            sink.segment(Segment::new(location, Role::Other, name.clone()))?;
        }
    }
    if let Some(part) = &styles.part {
        for (field, text) in styles.format_literals() {
            sink.segment(Segment::new(Location::part(part).with_field(field), Role::Other, text))?;
        }
    }

    let sheets = sheet_list(&mut archive, &workbook, limits)?;
    for sheet in &sheets {
        let location = Location::part(&workbook).with_field("sheet");
        sink.segment(Segment::new(location, Role::Properties, sheet.name.clone()))?;
    }
    places::read_defined_names(&mut archive, &workbook, limits, sink)?;
    sink.coverage(CoverageNote::read(&workbook))?;
    done.insert(workbook.to_ascii_lowercase());

    for sheet in &sheets {
        let Some(rel) = rels.iter().find(|r| r.id == sheet.rel_id && !r.external) else {
            continue;
        };
        let Some(part) = archive.find(&rel.target).map(str::to_owned) else {
            sink.coverage(CoverageNote::unread(&rel.target, Unread::MissingPart))?;
            continue;
        };
        read_sheet_and_parts(&mut archive, &part, &shared, &styles, limits, &mut done, sink)?;
    }

    // Parts no sheet links to are in the published file all the same.
    let mut rest: Vec<String> = archive
        .names()
        .iter()
        .filter(|n| !done.contains(&n.to_ascii_lowercase()) && leftover_kind(n).is_some())
        .cloned()
        .collect();
    rest.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    for name in rest {
        if done.contains(&name.to_ascii_lowercase()) {
            continue;
        }
        match leftover_kind(&name) {
            Some(Leftover::Sheet) => {
                read_sheet_and_parts(&mut archive, &name, &shared, &styles, limits, &mut done, sink)?
            }
            Some(Leftover::Comments) => read_comments(&mut archive, &name, limits, sink)?,
            Some(Leftover::Drawing) => read_drawing(&mut archive, &name, limits, sink)?,
            None => {}
        }
        done.insert(name.to_ascii_lowercase());
    }

    // Pivot caches and tables, tables, external link caches, connections, slicers, controls.
    let mut places: Vec<(u8, String)> =
        archive.names().iter().filter_map(|n| parts::rank(n).map(|r| (r, n.clone()))).collect();
    places.sort_by(|a, b| (a.0, a.1.len(), &a.1).cmp(&(b.0, b.1.len(), &b.1)));
    for (_, name) in places {
        parts::read(&mut archive, &name, limits, &mut done, sink)?;
    }

    ooxml::read_external_links(&mut archive, limits, &HashSet::new(), sink)?;
    ooxml::read_properties(&mut archive, limits, sink)?;
    ooxml::account_for_every_entry(&mut archive, sink)
}

/// What kind of part an unlinked part is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leftover {
    Sheet,
    Comments,
    Drawing,
}

fn leftover_kind(name: &str) -> Option<Leftover> {
    let lower = name.replace('\\', "/").to_ascii_lowercase();
    let path = lower.trim_start_matches('/').strip_prefix("xl/")?;
    if !path.ends_with(".xml") || path.contains("_rels/") {
        return None;
    }
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    match folder {
        "worksheets" => Some(Leftover::Sheet),
        "threadedcomments" => Some(Leftover::Comments),
        "" if file.starts_with("comments") => Some(Leftover::Comments),
        "drawings" => Some(Leftover::Drawing),
        "charts" if file.starts_with("chart") => Some(Leftover::Drawing),
        "diagrams" if file.starts_with("data") => Some(Leftover::Drawing),
        _ => None,
    }
}

/// A sheet as the workbook lists it.
struct SheetEntry {
    name: String,
    rel_id: String,
}

/// The sheets of the workbook, in tab order.
fn sheet_list(archive: &mut Archive<'_>, workbook: &str, limits: &Limits) -> Result<Vec<SheetEntry>, ExtractError> {
    let xml = ooxml::read_xml(archive, workbook)?;
    let mut reader = XmlReader::bounded(workbook, &xml, limits);
    let mut out = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"sheet" => {
                let name = reader.attr(&e, b"name")?.map(Cow::into_owned);
                let rel_id = reader.attr(&e, b"id")?.map(Cow::into_owned);
                if let (Some(name), Some(rel_id)) = (name, rel_id) {
                    out.push(SheetEntry { name, rel_id });
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The shared string table: one entry per `si`, its runs joined, phonetic runs (`rPh`) skipped;
/// and the runs of rich text entries, from which a cell that uses one reads it as it shows in
/// that cell too, if a run that does not show there cuts it (see [`look`]).
#[derive(Debug, Default)]
struct SharedStrings {
    texts: Vec<String>,
    /// The runs of each rich text entry of more than one run: whether each shows depends on
    /// the cell it is shown in (see [`look`]).
    runs: HashMap<usize, Runs>,
}

fn shared_strings(archive: &mut Archive<'_>, part: &str, limits: &Limits) -> Result<SharedStrings, ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &xml, limits);
    let mut out = SharedStrings::default();
    let mut current: Option<String> = None;
    let mut in_text = 0u32;
    // The runs of the entry being read; whether a run is open.
    let (mut runs, mut in_run): (Runs, bool) = (Vec::new(), false);
    loop {
        match reader.next()? {
            Event::Start(e) => match local_name(e.name().as_ref()) {
                b"si" => {
                    current = Some(String::new());
                    runs.clear();
                }
                b"rPh" => reader.skip()?,
                b"t" => in_text += 1,
                b"r" => {
                    in_run = true;
                    runs.push((String::new(), Font::default()));
                }
                _ => {}
            },
            Event::Empty(e) => match local_name(e.name().as_ref()) {
                b"si" => out.texts.push(String::new()),
                local if in_run => {
                    if let Some((_, font)) = runs.last_mut() {
                        font.read(&reader, &e, local)?;
                    }
                }
                _ => {}
            },
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"si" => {
                    if runs.len() > 1 {
                        out.runs.insert(out.texts.len(), std::mem::take(&mut runs));
                    }
                    out.texts.push(current.take().unwrap_or_default());
                }
                b"t" => in_text = in_text.saturating_sub(1),
                b"r" => in_run = false,
                _ => {}
            },
            Event::Text(t) if in_text > 0 => {
                if let Some(s) = current.as_mut() {
                    let text = reader.text(&t)?;
                    piece(&mut runs, in_run, &text);
                    s.push_str(&text);
                }
            }
            Event::CData(c) if in_text > 0 => {
                if let Some(s) = current.as_mut() {
                    let text = reader.cdata(&c)?;
                    piece(&mut runs, in_run, text);
                    s.push_str(text);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Text of a shared string entry: to the open run, or a run of its own in the cell's font.
fn piece(runs: &mut Runs, in_run: bool, text: &str) {
    match runs.last_mut() {
        Some((t, _)) if in_run => t.push_str(text),
        _ => runs.push((text.to_owned(), Font::default())),
    }
}

/// Reads a sheet, then the comments and drawings it links to.
fn read_sheet_and_parts(
    archive: &mut Archive<'_>,
    part: &str,
    shared: &SharedStrings,
    styles: &Styles,
    limits: &Limits,
    done: &mut HashSet<String>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    if !done.insert(part.to_ascii_lowercase()) {
        return Ok(());
    }
    read_sheet(archive, part, shared, styles, limits, sink)?;
    let rels = ooxml::relationships(archive, part, limits)?;
    for rel in rels.iter().filter(|r| !r.external) {
        let Some(name) = archive.find(&rel.target).map(str::to_owned) else {
            continue;
        };
        if done.contains(&name.to_ascii_lowercase()) {
            continue;
        }
        match rel.kind() {
            "comments" | "threadedComment" => {
                done.insert(name.to_ascii_lowercase());
                read_comments(archive, &name, limits, sink)?;
            }
            "drawing" => {
                done.insert(name.to_ascii_lowercase());
                read_drawing(archive, &name, limits, sink)?;
                read_charts_of(archive, &name, limits, done, sink)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Reads the charts and SmartArt a drawing links to.
fn read_charts_of(
    archive: &mut Archive<'_>,
    drawing: &str,
    limits: &Limits,
    done: &mut HashSet<String>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let rels: Vec<Relationship> = ooxml::relationships(archive, drawing, limits)?;
    for rel in rels.iter().filter(|r| !r.external) {
        if matches!(rel.kind(), "chart" | "diagramData") {
            if let Some(name) = archive.find(&rel.target).map(str::to_owned) {
                if done.insert(name.to_ascii_lowercase()) {
                    read_drawing(archive, &name, limits, sink)?;
                }
            }
        }
    }
    Ok(())
}

/// A cell's type, from its `t` attribute.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum CellType {
    Shared,
    Inline,
    FormulaString,
    /// Numbers, booleans, errors, dates: not text.
    #[default]
    Value,
}

/// Reads the rows, the header/footer and the data validations of one sheet.
fn read_sheet(
    archive: &mut Archive<'_>,
    part: &str,
    shared: &SharedStrings,
    styles: &Styles,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    // The conditional formats, which follow the cells (an extension's rule carries its own
    // differential format, so they are read without any in the styles part too).
    let conditional = Conditional::read(&xml, &styles.dxfs);
    let mut reader = XmlReader::bounded(part, &xml, limits);
    let mut row_number = 0u32;
    let mut row: Vec<String> = Vec::new();
    let mut cell = Cell::default();
    // Inside `v`, inside `is/t` (the inline string's text), inside `f`, inside a validation's
    // formula, inside a header/footer element.
    let mut in_value = false;
    let mut in_inline_text = 0u32;
    // Inside a run of an inline rich string (`is/r`).
    let mut in_inline_run = false;
    let mut in_formula = false;
    let mut in_validation_formula = false;
    let mut header_footer: Option<String> = None;
    let mut margins: Vec<(String, String)> = Vec::new();
    // Text beside the cells: (field, text).
    let mut beside: Vec<(String, String)> = Vec::new();
    // The row as it shows (see [`AsShown`]), and whether a cell of it showed yet.
    let mut row_shown = AsShown::default();
    let mut row_seen = false;
    // Short cells down each column, read top to bottom as well.
    let mut columns = crate::column_runs::Columns::default();
    // And as they show, an unseen cell passed over (given only where one cut a run).
    let mut shown_columns = crate::column_runs::Columns::as_shown();
    loop {
        match reader.next()? {
            Event::Start(e) => match local_name(e.name().as_ref()) {
                b"row" => {
                    row_number = row_attr(&reader, &e, row_number)?;
                    row.clear();
                    row_shown.finish();
                    row_seen = false;
                }
                b"c" => cell = Cell::open(&reader, &e, styles)?,
                b"v" => in_value = true,
                b"rPh" => reader.skip()?,
                b"t" => in_inline_text += 1,
                b"r" if cell.kind == CellType::Inline => {
                    in_inline_run = true;
                    cell.runs.push((String::new(), Font::default()));
                }
                b"f" => in_formula = true,
                // Extensions are walked, not skipped: Excel 2010 writes validations whose lists
                // come from other sheets as `x14:dataValidation` there.
                b"dataValidation" => beside.extend(validation_texts(&reader, &e)?),
                b"hyperlink" => beside.extend(tooltip(&reader, &e)?),
                b"oleObject" => beside.extend(ole_link(&reader, &e)?),
                b"scenario" | b"inputCells" | b"protectedRange" => beside.extend(sheet_place(&reader, &e)?),
                b"formula1" | b"formula2" => in_validation_formula = true,
                name @ (b"oddHeader" | b"oddFooter" | b"evenHeader" | b"evenFooter" | b"firstHeader"
                | b"firstFooter") => {
                    header_footer = Some(String::from_utf8_lossy(name).into_owned());
                    margins.push((String::from_utf8_lossy(name).into_owned(), String::new()));
                }
                _ => {}
            },
            Event::Empty(e) => match local_name(e.name().as_ref()) {
                local if in_inline_run => {
                    if let Some((_, font)) = cell.runs.last_mut() {
                        font.read(&reader, &e, local)?;
                    }
                }
                b"row" => row_number = row_attr(&reader, &e, row_number)?,
                b"dataValidation" => beside.extend(validation_texts(&reader, &e)?),
                b"hyperlink" => beside.extend(tooltip(&reader, &e)?),
                b"oleObject" => beside.extend(ole_link(&reader, &e)?),
                b"scenario" | b"inputCells" | b"protectedRange" => beside.extend(sheet_place(&reader, &e)?),
                _ => {}
            },
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"v" => in_value = false,
                b"t" => in_inline_text = in_inline_text.saturating_sub(1),
                b"r" => in_inline_run = false,
                b"f" => in_formula = false,
                b"formula1" | b"formula2" => in_validation_formula = false,
                b"c" => {
                    let reference = cell.reference.clone();
                    let Closed { texts, literals, in_row } = std::mem::take(&mut cell).close(shared, &conditional);
                    if let Some(reference) = &reference {
                        columns.cell(reference, texts.first().map_or("", String::as_str));
                        match &in_row {
                            Some((text, true)) => shown_columns.cell(reference, text),
                            Some((_, false)) => shown_columns.unseen(reference),
                            None => shown_columns.cell(reference, ""),
                        }
                    }
                    if let Some((text, shows)) = in_row {
                        if shows && row_seen {
                            row_shown.push("\t", true);
                        }
                        row_seen |= shows;
                        row_shown.push(&text, shows);
                    }
                    row.extend(texts);
                    beside.extend(literals);
                }
                b"row" => {
                    let location = Location::part(part).with_paragraph(row_number);
                    if !row.is_empty() {
                        sink.segment(Segment::new(location.clone(), Role::Body, row.join("\t")))?;
                        row.clear();
                    }
                    // A row cut by a cell that does not show, read again without it.
                    if let Some(shown) = row_shown.finish() {
                        sink.segment(Segment::new(location.with_field("as shown"), Role::Body, shown))?;
                    }
                }
                b"oddHeader" | b"oddFooter" | b"evenHeader" | b"evenFooter" | b"firstHeader" | b"firstFooter" => {
                    header_footer = None
                }
                _ => {}
            },
            Event::Text(t) => {
                if header_footer.is_some() {
                    if let Some((_, m)) = margins.last_mut() {
                        m.push_str(&reader.text(&t)?);
                    }
                } else if in_validation_formula {
                    // (Excel 2010 wraps it in `xm:f`.)
                    let text = reader.text(&t)?;
                    beside.extend(places::string_literals(&text).into_iter().map(|l| ("validation".to_owned(), l)));
                } else if in_formula {
                    cell.formula.push_str(&reader.text(&t)?);
                } else if in_inline_text > 0 && cell.kind == CellType::Inline {
                    let text = reader.text(&t)?;
                    piece(&mut cell.runs, in_inline_run, &text);
                    cell.value.push_str(&text);
                } else if in_value && cell.wants_value(&conditional) {
                    cell.value.push_str(&reader.text(&t)?);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for run in columns.runs() {
        let location = Location::part(part).with_paragraph(run.rows.0).with_field(run.field());
        sink.segment(Segment::new(location, Role::Body, run.text))?;
    }
    for run in shown_columns.runs() {
        let field = format!("{}, as shown", run.field());
        let location = Location::part(part).with_paragraph(run.rows.0).with_field(field);
        sink.segment(Segment::new(location, Role::Body, run.text))?;
    }
    for (field, codes) in margins {
        let text = strip_header_codes(&codes);
        if text.is_empty() {
            continue;
        }
        let role = if field.ends_with("Header") { Role::Header } else { Role::Footer };
        sink.segment(Segment::new(Location::part(part).with_field(field), role, text))?;
    }
    for (field, text) in beside {
        if !text.trim().is_empty() {
            sink.segment(Segment::new(Location::part(part).with_field(field), Role::Other, text))?;
        }
    }
    sink.coverage(CoverageNote::read(part))?;
    Ok(())
}

/// A cell read: its texts for its row, the string constants of its formula as (field, text),
/// and how it shows in its row (its text, whether it shows at all).
struct Closed {
    texts: Vec<String>,
    literals: Vec<(String, String)>,
    in_row: Option<(String, bool)>,
}

/// The cell being read.
#[derive(Default)]
struct Cell<'s> {
    reference: Option<String>,
    kind: CellType,
    /// The custom number format the cell is shown in, if it has one.
    format: Option<&'s str>,
    /// Its cell style's, where that differs (some viewers show it instead).
    style_format: Option<&'s str>,
    /// How it shows text (font, fill).
    look: CellLook,
    /// The text of `v` (or of the inline string).
    value: String,
    /// The text of `f`.
    formula: String,
    /// The runs of an inline rich string, each in its font.
    runs: Runs,
}

impl<'s> Cell<'s> {
    fn open(
        reader: &XmlReader<'_>,
        e: &quick_xml::events::BytesStart<'_>,
        styles: &'s Styles,
    ) -> Result<Cell<'s>, ExtractError> {
        let kind = match reader.attr(e, b"t")?.as_deref() {
            Some("s") => CellType::Shared,
            Some("inlineStr") => CellType::Inline,
            Some("str") => CellType::FormulaString,
            _ => CellType::Value,
        };
        let xf = reader.attr(e, b"s")?.and_then(|s| s.trim().parse().ok());
        let format = xf.and_then(|xf| styles.format_of(xf));
        let style_format = styles.style_format_of(xf.unwrap_or(0));
        let look = styles.look_of(xf.unwrap_or(0));
        let reference = reader.attr(e, b"r")?.map(Cow::into_owned);
        Ok(Cell {
            reference,
            kind,
            format,
            style_format,
            look,
            value: String::new(),
            formula: String::new(),
            runs: Vec::new(),
        })
    }

    /// Whether the text of `v` is wanted: strings always, numbers only when a format (the
    /// cell's, its style's, or a conditional format's) may show text around them.
    fn wants_value(&self, conditional: &Conditional) -> bool {
        self.kind != CellType::Value
            || self.format.is_some()
            || self.style_format.is_some()
            || conditional.has_formats()
    }

    /// The cell's texts for its row (as shown, and as stored if the display hides it), the
    /// string constants of its formula that the texts do not already hold, and the cell as it
    /// shows in its row: its text, and whether it shows at all (white on white, `;;;`, every run
    /// unseen: not).
    fn close(self, shared: &SharedStrings, conditional: &Conditional) -> Closed {
        let index = self.value.trim().parse::<usize>().ok().filter(|_| self.kind == CellType::Shared);
        let stored = match self.kind {
            CellType::Shared => index.and_then(|i| shared.texts.get(i)).cloned(),
            CellType::Inline | CellType::FormulaString => Some(self.value.clone()),
            CellType::Value => None,
        };
        let at = self.reference.as_deref().and_then(conditional::cell).filter(|_| !conditional.is_empty());
        let value = match &stored {
            Some(text) => Some(conditional::Value::Text(text)),
            None => self.value.trim().parse::<f64>().ok().map(conditional::Value::Number),
        };
        // The number format shown: a conditional format's that surely applies, else the cell's
        // own. The others that may show (an uncertain rule's, the cell style's) are read too.
        let rule_formats = match (at, value) {
            (Some((column, row)), Some(value)) => conditional.formats(column, row, value),
            _ => Vec::new(),
        };
        let mut others: Vec<&str> = rule_formats.iter().filter(|(_, sure)| !sure).map(|(f, _)| *f).collect();
        let format = match rule_formats.iter().find(|(_, sure)| *sure) {
            Some((f, _)) => {
                others.extend(self.format);
                Some(*f)
            }
            None => self.format,
        };
        others.extend(self.style_format);
        let display = |f: &str| match &stored {
            Some(text) => numfmt::displayed(f, CellValue::Text(text)),
            None => self.value.trim().parse::<f64>().ok().and_then(|n| numfmt::displayed(f, CellValue::Number(n))),
        };
        let shown = format.and_then(display);
        let others: Vec<String> = others.into_iter().filter_map(display).collect();
        let hidden_by_format = format.is_some_and(|f| match &stored {
            Some(text) => numfmt::hides(f, CellValue::Text(text)),
            None => self.value.trim().parse::<f64>().is_ok_and(|n| numfmt::hides(f, CellValue::Number(n))),
        });
        let rich = match index.and_then(|i| shared.runs.get(&i)) {
            Some(runs) => Some(runs),
            None => (self.kind == CellType::Inline && self.runs.len() > 1).then_some(&self.runs),
        };
        // How it shows, its conditional formats applied.
        let look = match (at, value) {
            (Some((column, row)), Some(value)) => conditional.look(column, row, value, self.look, rich.is_some()),
            _ => self.look,
        };
        let mut texts: Vec<String> = Vec::new();
        match (shown, stored) {
            (Some(shown), Some(stored)) if !shown.contains(&stored) => texts.extend([shown, stored]),
            (Some(shown), _) => texts.push(shown),
            (None, Some(stored)) => texts.push(stored),
            (None, None) => {}
        }
        for text in others {
            if !texts.iter().any(|t| t.contains(&text)) {
                texts.push(text);
            }
        }
        // A rich text cut by a run that does not show: as it shows, too.
        texts.extend(rich.and_then(|runs| look::shown_in(runs, &look)));
        texts.retain(|t| !t.trim().is_empty());
        let in_row = texts.first().map(|text| match rich {
            _ if hidden_by_format => (text.clone(), false),
            Some(runs) => {
                let shown = look::shown_runs(runs, &look);
                if shown.trim().is_empty() {
                    (text.clone(), false)
                } else {
                    (shown, true)
                }
            }
            None => (text.clone(), look.shows()),
        });
        let field = format!("formula {}", self.reference.as_deref().unwrap_or(""));
        let literals = places::string_literals(&self.formula)
            .into_iter()
            .filter(|l| !l.trim().is_empty() && !texts.iter().any(|t| t.contains(l.as_str())))
            .map(|l| (field.trim_end().to_owned(), l))
            .collect();
        Closed { texts, literals, in_row }
    }
}

/// What a data validation shows: its input prompt (title and message) when the cell is selected,
/// its error alert (title and message) when a value is refused ([`Role::Other`], field
/// `validation`). Its list items come from `formula1`.
fn validation_texts(
    reader: &XmlReader<'_>,
    e: &quick_xml::events::BytesStart<'_>,
) -> Result<Vec<(String, String)>, ExtractError> {
    let mut out = Vec::new();
    for attr in [&b"promptTitle"[..], b"prompt", b"errorTitle", b"error"] {
        if let Some(text) = reader.attr(e, attr)? {
            out.push(("validation".to_owned(), text.into_owned()));
        }
    }
    Ok(out)
}

/// A cell hyperlink's tip (`hyperlink/@tooltip`), shown when the pointer rests on the cell
/// ([`Role::Other`], field `tooltip`); its text to display and its place in the workbook
/// (`@display`, `@location`: a sheet, a cell or a name), shown in the Edit Hyperlink dialog, field
/// `hyperlink`. (A URL target is a relationship: see [`ooxml::read_external_links`].)
fn tooltip(
    reader: &XmlReader<'_>,
    e: &quick_xml::events::BytesStart<'_>,
) -> Result<Vec<(String, String)>, ExtractError> {
    let mut out = Vec::new();
    for (attr, field) in [(&b"tooltip"[..], "tooltip"), (b"display", "hyperlink"), (b"location", "hyperlink")] {
        if let Some(text) = reader.attr(e, attr)? {
            let text = if attr == b"location" { unquoted_sheet(&text) } else { text.into_owned() };
            out.push((field.to_owned(), text));
        }
    }
    Ok(out)
}

/// The item of a linked object (`oleObject/@link`, `[1]!'机密文件.docx'`: the external link
/// number, `!`, the item in the source file), as the Links dialog lists it (field `link`): without
/// the link number and the quotes. The source file's path is read from the external link.
fn ole_link(
    reader: &XmlReader<'_>,
    e: &quick_xml::events::BytesStart<'_>,
) -> Result<Option<(String, String)>, ExtractError> {
    let Some(link) = reader.attr(e, b"link")? else { return Ok(None) };
    let link = link.trim();
    let item = match link.strip_prefix('[').and_then(|rest| rest.split_once("]!")) {
        Some((number, item)) if number.bytes().all(|b| b.is_ascii_digit()) => item,
        _ => link,
    };
    Ok(Some(("link".to_owned(), unquoted_sheet(item))))
}

/// A reference as the Edit Hyperlink dialog shows it: the quotes around a sheet name
/// (`'机密 表'!A1`) are the formula's syntax, not quotation marks of the text, and go (`''` in
/// the name is one `'`).
fn unquoted_sheet(reference: &str) -> String {
    let Some(rest) = reference.trim().strip_prefix('\'') else { return reference.to_owned() };
    let mut name = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
                name.push('\'');
                continue;
            }
            return name + &chars.collect::<String>();
        }
        name.push(c);
    }
    reference.to_owned()
}

/// What the Scenario Manager shows of a scenario (`scenario/@name`, `@comment`, `@user`) and the
/// values it puts in its cells (`inputCells/@val`), field `scenario`; the title of a range users
/// may edit (`protectedRange/@name`, in Allow Users to Edit Ranges), field `protected range`.
fn sheet_place(
    reader: &XmlReader<'_>,
    e: &quick_xml::events::BytesStart<'_>,
) -> Result<Vec<(String, String)>, ExtractError> {
    let (field, attrs): (&str, &[&[u8]]) = match local_name(e.name().as_ref()) {
        b"scenario" => ("scenario", &[b"name", b"comment", b"user"]),
        b"inputCells" => ("scenario", &[b"val"]),
        _ => ("protected range", &[b"name"]),
    };
    let mut out = Vec::new();
    for attr in attrs {
        if let Some(text) = reader.attr(e, attr)? {
            out.push((field.to_owned(), text.into_owned()));
        }
    }
    Ok(out)
}

/// The row number a `row` element gives, or the one after the previous row.
fn row_attr(reader: &XmlReader<'_>, e: &quick_xml::events::BytesStart<'_>, previous: u32) -> Result<u32, ExtractError> {
    Ok(reader.attr(e, b"r")?.and_then(|r| r.trim().parse().ok()).unwrap_or_else(|| previous.saturating_add(1)))
}

/// The printed text of a header/footer definition: sections (`&L`, `&C`, `&R`) become lines;
/// fields (`&P` page, `&N` pages, `&D` date, `&A` sheet name…), fonts (`&"宋体,常规"`), sizes
/// (`&12`), colours (`&KFF0000`) and style toggles (`&B`, `&U`…) are dropped; `&&` is `&`.
pub(crate) fn strip_header_codes(codes: &str) -> String {
    let mut out = String::new();
    let mut chars = codes.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '&' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('&') => out.push('&'),
            Some('L' | 'C' | 'R') => out.push('\n'),
            Some('"') => {
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            Some('K') => {
                // A colour: six hex digits, or a theme colour `tt+sss` / `tt-sss`.
                for _ in 0..6 {
                    if chars.peek().is_some_and(|c| c.is_ascii_hexdigit() || *c == '+' || *c == '-') {
                        chars.next();
                    }
                }
            }
            Some('P' | 'N') => {
                // `&P+1`, `&P-2`: page arithmetic.
                if chars.peek().is_some_and(|c| *c == '+' || *c == '-') {
                    chars.next();
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                }
            }
            // Any other code (a field or a style toggle) prints no text of its own.
            Some(_) | None => {}
        }
    }
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// Reads a comments part (legacy comments or threaded comments): one [`Role::Note`] segment per
/// comment, field = the cell it is attached to.
fn read_comments(
    archive: &mut Archive<'_>,
    part: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &xml, limits);
    let mut number = 0u32;
    // The comment being read: its cell and its text.
    let mut current: Option<(Option<String>, String)> = None;
    let mut in_text = 0u32;
    // The author being read (`authors/author`: Excel shows the name on the comment).
    let mut author: Option<String> = None;
    loop {
        match reader.next()? {
            Event::Start(e) => match local_name(e.name().as_ref()) {
                b"author" => author = Some(String::new()),
                b"comment" | b"threadedComment" => {
                    let cell = reader.attr(&e, b"ref")?.map(Cow::into_owned);
                    current = Some((cell, String::new()));
                }
                b"rPh" | b"rPr" => reader.skip()?,
                b"t" | b"text" => in_text += 1,
                _ => {}
            },
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"author" => {
                    if let Some(name) = author.take().filter(|a| !a.trim().is_empty()) {
                        let location = Location::part(part).with_field("author");
                        sink.segment(Segment::new(location, Role::Note, name.trim()))?;
                    }
                }
                b"t" | b"text" => in_text = in_text.saturating_sub(1),
                b"comment" | b"threadedComment" => {
                    if let Some((cell, text)) = current.take() {
                        number += 1;
                        if !text.trim().is_empty() {
                            let mut location = Location::part(part).with_paragraph(number);
                            if let Some(cell) = cell {
                                location = location.with_field(cell);
                            }
                            sink.segment(Segment::new(location, Role::Note, text.trim()))?;
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text > 0 => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&reader.text(&t)?);
                }
            }
            Event::Text(t) if author.is_some() => {
                if let Some(a) = author.as_mut() {
                    a.push_str(&reader.text(&t)?);
                }
            }
            Event::CData(c) if in_text > 0 => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(reader.cdata(&c)?);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    sink.coverage(CoverageNote::read(part))?;
    Ok(())
}

/// Reads a drawing, chart or SmartArt data part: one [`Role::Other`] segment per paragraph.
fn read_drawing(
    archive: &mut Archive<'_>,
    part: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let drawing = drawingml::paragraphs(part, &xml, limits.max_xml_depth)?;
    if drawing.labels_capped {
        sink.coverage(CoverageNote::unread(part, Unread::Limit(Cap::ListLabels)))?;
    }
    for (i, p) in drawing.paragraphs.into_iter().enumerate() {
        let mut location = Location::part(part).with_paragraph(i as u32 + 1);
        if let Some(shown) = p.shown {
            sink.segment(Segment::new(location.clone().with_field("as shown"), Role::Other, shown))?;
        }
        if let Some(label) = p.label {
            sink.segment(Segment::new(location.clone().with_field("list label"), Role::Other, label))?;
        }
        if let Some(field) = p.beside {
            location = location.with_field(field);
        }
        sink.segment(Segment::new(location, Role::Other, p.text))?;
    }
    sink.coverage(CoverageNote::read(part))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::zip;
    use mijian_core::Collected;

    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// A workbook with one visible sheet `first` and a hidden sheet `second`, plus `extra` parts.
    fn workbook(first: &str, second: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let root = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        );
        let wb = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="统计" sheetId="1" r:id="rId1"/><sheet name="机密" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>"#;
        let wb_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        );
        let sst = r#"<sst xmlns="x" count="3"><si><t>机密</t></si><si><r><rPr><b/></rPr><t>★</t></r><r><t xml:space="preserve">1年</t></r><rPh><t>ひみつ</t></rPh></si><si><t>名称</t></si></sst>"#;
        let mut entries = vec![
            ("[Content_Types].xml", "<Types/>".to_owned()),
            ("_rels/.rels", root),
            ("xl/workbook.xml", wb.to_owned()),
            ("xl/_rels/workbook.xml.rels", wb_rels),
            ("xl/sharedStrings.xml", sst.to_owned()),
            ("xl/worksheets/sheet1.xml", first.to_owned()),
            ("xl/worksheets/sheet2.xml", second.to_owned()),
        ];
        for (n, x) in extra {
            entries.push((n, x.to_string()));
        }
        let refs: Vec<(&str, &str)> = entries.iter().map(|(n, x)| (*n, x.as_str())).collect();
        zip(&refs)
    }

    /// A workbook of one sheet `S` (`sheet1`) with the style sheet `styles` and, if given, the
    /// shared strings `sst`.
    fn styled_workbook(styles: &str, sst: Option<&str>, sheet1: &str) -> Vec<u8> {
        let root = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        );
        let sst_rel = if sst.is_some() {
            format!(r#"<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>"#)
        } else {
            String::new()
        };
        let wb_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{sst_rel}<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>"#
        );
        let wb = r#"<workbook xmlns="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let mut entries = vec![
            ("[Content_Types].xml", "<Types/>"),
            ("_rels/.rels", &root),
            ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", &wb_rels),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", sheet1),
        ];
        entries.extend(sst.map(|sst| ("xl/sharedStrings.xml", sst)));
        zip(&entries)
    }

    fn sheet(data: &str, tail: &str) -> String {
        format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData>{tail}</worksheet>"#
        )
    }

    fn read(bytes: &[u8]) -> Collected {
        let mut sink = Collected::default();
        extract(bytes, &Limits::default(), &mut sink).unwrap();
        sink
    }

    /// (part, paragraph, field, role, text) of a segment.
    type Described = (String, Option<u32>, Option<String>, Role, String);

    fn described(c: &Collected) -> Vec<Described> {
        c.segments
            .iter()
            .map(|s| (s.location.part.clone(), s.location.paragraph, s.location.field.clone(), s.role, s.text.clone()))
            .collect()
    }

    /// Whether a run of a rich text shows depends on the cell showing it: its colour (else the
    /// cell font's) against the cell's solid fill, else white; a shared string's runs and an
    /// inline string's (`t="inlineStr"`, `is/r`) alike.
    #[test]
    fn a_run_in_the_colour_of_its_cell_does_not_show() {
        let styles = r#"<styleSheet xmlns="x"><fonts count="2"><font><sz val="11"/></font><font><color rgb="FFFFFFFF"/></font></fonts><fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF000000"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor theme="0"/></patternFill></fill></fills><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="0" fillId="2"/><xf numFmtId="0" fontId="1" fillId="2"/><xf numFmtId="0" fontId="0" fillId="3"/></cellXfs><dxfs count="1"><dxf><font><color rgb="FFFF0000"/></font><fill><patternFill><bgColor rgb="FFFF0000"/></patternFill></fill></dxf></dxfs></styleSheet>"#;
        let cut =
            |colour: &str| format!(r#"<r><t>机</t></r><r><rPr>{colour}</rPr><t>公开</t></r><r><t>密★1年</t></r>"#);
        let cut_runs = cut;
        let white = r#"<color rgb="FFFFFFFF"/>"#;
        let black = r#"<color theme="1"/>"#;
        let sst = format!(r#"<sst xmlns="x"><si>{}</si><si>{}</si></sst>"#, cut(white), cut(black));
        let cells = [
            // (shared string, cell format, whether the page shows a mark)
            (0, 0, true),  // white on no fill
            (0, 1, false), // white on a black fill
            (1, 1, true),  // black on a black fill
            (1, 2, true),  // black on black; the other runs white by the cell's font
            (0, 2, false), // all white on black
            (0, 3, true),  // white on a solid theme-white fill
            (1, 0, false), // black on no fill
        ];
        let cells =
            cells.into_iter().flat_map(|(string, xf, shows)| [(string, xf, shows, false), (string, xf, shows, true)]);
        for (string, xf, cut, inline) in cells {
            let cell = if inline {
                let runs = cut_runs(if string == 0 { white } else { black });
                format!(r#"<c r="A1" t="inlineStr" s="{xf}"><is>{runs}</is></c>"#)
            } else {
                format!(r#"<c r="A1" t="s" s="{xf}"><v>{string}</v></c>"#)
            };
            let sheet = sheet(&format!(r#"<row r="1">{cell}</row>"#), "");
            let bytes = styled_workbook(styles, Some(&sst), &sheet);
            let c = read(&bytes);
            let row: Vec<&str> = c
                .segments
                .iter()
                .filter(|s| s.location.part == "xl/worksheets/sheet1.xml" && s.location.field.is_none())
                .map(|s| s.text.as_str())
                .collect();
            let want = if cut { "机公开密★1年\t机密★1年" } else { "机公开密★1年" };
            assert_eq!(row, [want], "string {string}, format {xf}, inline {inline}");
        }
    }

    /// A row cut by a whole cell that does not show (white on white, white on a white fill,
    /// `;;;`, every run unseen) is read again without it; a cell that shows, or unseen cells at
    /// the row's ends, leave the row alone.
    #[test]
    fn a_row_cut_by_an_unseen_cell_is_read_as_shown() {
        let styles = r#"<styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode=";;;"/></numFmts><fonts count="3"><font><sz val="11"/></font><font><color rgb="FFFFFFFF"/></font><font><color rgb="FF000000"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF000000"/></patternFill></fill></fills><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0"/><xf numFmtId="164" fontId="0" fillId="0"/><xf numFmtId="0" fontId="2" fillId="2"/><xf numFmtId="0" fontId="1" fillId="2"/></cellXfs></styleSheet>"#;
        let cell = |r: &str, s: u32, t: &str| format!(r#"<c r="{r}" s="{s}" t="inlineStr"><is><t>{t}</t></is></c>"#);
        let rich =
            r#"<c r="B1" t="inlineStr" s="1"><is><r><t>公</t></r><r><rPr><sz val="1"/></rPr><t>开</t></r></is></c>"#;
        let row =
            |middle: &str| format!(r#"<row r="1">{}{middle}{}</row>"#, cell("A1", 0, "机"), cell("C1", 0, "密★1年"));
        let read_row = |cells: &str| {
            let c = read(&styled_workbook(styles, None, &sheet(cells, "")));
            c.segments
                .iter()
                .filter(|s| s.location.field.as_deref() == Some("as shown"))
                .map(|s| (s.location.paragraph, s.text.clone()))
                .collect::<Vec<_>>()
        };
        let cases = [
            ("white on no fill", row(&cell("B1", 1, "公开")), true),
            ("hidden by ;;;", row(&cell("B1", 2, "公开")), true),
            ("black on a black fill", row(&cell("B1", 3, "公开")), true),
            ("every run white or 1pt", row(rich), true),
            ("shown", row(&cell("B1", 0, "公开")), false),
            ("white on black", row(&cell("B1", 4, "公开")), false),
            (
                "unseen at the row's end",
                format!(r#"<row r="1">{}{}</row>"#, cell("A1", 0, "机密★1年"), cell("B1", 1, "公开")),
                false,
            ),
        ];
        for (what, cells, cut) in cases {
            let want = if cut { vec![(Some(1), "机\t密★1年".to_owned())] } else { Vec::new() };
            assert_eq!(read_row(&cells), want, "{what}");
        }
    }

    /// A mark down a column cut by a cell that does not show (white, `;;;`) is read top to bottom
    /// again without it; the same cell shown, or unseen at the column's end, leaves it alone.
    #[test]
    fn a_column_cut_by_an_unseen_cell_is_read_as_shown() {
        let styles = r#"<styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode=";;;"/></numFmts><fonts count="2"><font><sz val="11"/></font><font><color rgb="FFFFFFFF"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0"/><xf numFmtId="164" fontId="0" fillId="0"/></cellXfs></styleSheet>"#;
        let column = |cells: &[(&str, u32)]| -> String {
            cells
                .iter()
                .enumerate()
                .map(|(i, (t, s))| {
                    let r = i + 1;
                    format!(
                        r#"<row r="{r}"><c r="B{r}" s="{s}" t="inlineStr"><is><t>{t}</t></is></c><c r="C{r}" t="inlineStr"><is><t>本行其他内容较长</t></is></c></row>"#
                    )
                })
                .collect()
        };
        let shown_columns = |cells: &[(&str, u32)]| {
            let c = read(&styled_workbook(styles, None, &sheet(&column(cells), "")));
            c.segments
                .iter()
                .filter(|s| s.location.field.as_deref().is_some_and(|f| f.ends_with("as shown")))
                .map(|s| (s.location.paragraph, s.location.field.clone().unwrap(), s.text.clone()))
                .collect::<Vec<_>>()
        };
        for middle in [1, 2] {
            let got = shown_columns(&[("机", 0), ("公开", middle), ("密", 0), ("★1年", 0)]);
            assert_eq!(got, [(Some(1), "column B, rows 1-4, as shown".to_owned(), "机密★1年".to_owned())]);
        }
        assert!(shown_columns(&[("机", 0), ("公开", 0), ("密", 0), ("★1年", 0)]).is_empty(), "shown");
        assert!(shown_columns(&[("机", 0), ("密", 0), ("★1年", 0), ("公开", 1)]).is_empty(), "at the end");
    }

    /// A conditional format whose condition certainly holds colours the cell's text as its fill
    /// (unseen: the row is read again without it) or a white cell's text black (shown: the row
    /// is what shows); an uncertain condition changes nothing.
    #[test]
    fn a_conditional_format_that_holds_colours_a_cell() {
        let styles = r#"<styleSheet xmlns="x"><fonts count="2"><font><sz val="11"/></font><font><color rgb="FFFFFFFF"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0"/></cellXfs><dxfs count="3"><dxf><font><color rgb="FFFFFFFF"/></font></dxf><dxf><font><color rgb="FF000000"/></font></dxf><dxf><font><color rgb="FF000000"/></font><fill><patternFill><bgColor rgb="FF000000"/></patternFill></fill></dxf></dxfs></styleSheet>"#;
        let cell = |r: &str, s: u32, t: &str| format!(r#"<c r="{r}" s="{s}" t="inlineStr"><is><t>{t}</t></is></c>"#);
        let as_shown = |middle: u32, rule: &str| {
            let row = format!(
                r#"<row r="1">{}{}{}</row>"#,
                cell("A1", 0, "机"),
                cell("B1", middle, "公开"),
                cell("C1", 0, "密★1年")
            );
            let tail = format!(r#"<conditionalFormatting sqref="B1:B9">{rule}</conditionalFormatting>"#);
            let c = read(&styled_workbook(styles, None, &sheet(&row, &tail)));
            c.segments
                .iter()
                .filter(|s| s.location.field.as_deref() == Some("as shown"))
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
        };
        let rule = |dxf: u32, kind: &str, formula: &str| {
            format!(
                r#"<cfRule type="{kind}" dxfId="{dxf}" priority="1" operator="equal"><formula>{formula}</formula></cfRule>"#
            )
        };
        let cut = vec!["机\t密★1年".to_owned()];
        assert_eq!(as_shown(0, &rule(0, "cellIs", "\"公开\"")), cut, "white when it holds 公开");
        assert_eq!(as_shown(0, &rule(2, "expression", "TRUE")), cut, "black on black");
        assert!(as_shown(0, &rule(0, "cellIs", "\"机密\"")).is_empty(), "the condition does not hold");
        assert!(as_shown(0, &rule(0, "expression", "C1&lt;&gt;\"\"")).is_empty(), "not known");
        assert_eq!(as_shown(1, ""), cut, "a white cell");
        assert!(as_shown(1, &rule(1, "expression", "1=1")).is_empty(), "made black");
        assert_eq!(as_shown(1, &rule(1, "expression", "A2=1")), cut, "not known to be made black");
    }

    /// A run that sets its own size shows in a cell whose font is too small to read; a run that
    /// sets none is as small as the cell's font.
    #[test]
    fn a_run_of_its_own_size_shows_in_a_tiny_cell() {
        let styles = r#"<styleSheet xmlns="x"><fonts count="2"><font><sz val="11"/></font><font><sz val="1"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0"/></cellXfs></styleSheet>"#;
        let row_of = |runs: &str| {
            let sheet = sheet(&format!(r#"<row r="1"><c r="A1" t="inlineStr" s="1"><is>{runs}</is></c></row>"#), "");
            let bytes = styled_workbook(styles, None, &sheet);
            let c = read(&bytes);
            c.segments
                .iter()
                .filter(|s| s.location.part == "xl/worksheets/sheet1.xml" && s.location.field.is_none())
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
        };
        let sized = r#"<rPr><sz val="11"/></rPr>"#;
        let runs = |ends: &str, middle: &str| {
            format!(r#"<r>{ends}<t>机</t></r><r>{middle}<t>公开</t></r><r>{ends}<t>密★1年</t></r>"#)
        };
        assert_eq!(row_of(&runs(sized, "")), ["机公开密★1年\t机密★1年"]);
        assert_eq!(row_of(&runs("", "")), ["机公开密★1年"], "all as small as the cell");
        assert_eq!(row_of(&runs(sized, sized)), ["机公开密★1年"], "all of their own size");
    }

    #[test]
    fn rows_of_shared_inline_and_formula_strings() {
        let first = sheet(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>42</v></c></row><row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>内联</t></is></c><c r="B3" t="str"><f>A1&amp;"x"</f><v>公式结果</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="s"><v>99</v></c></row><row r="4"><c r="A4"><v>3.5</v></c></row>"#,
            "",
        );
        let c = read(&workbook(&first, &sheet("", ""), &[]));
        let got = described(&c);
        assert_eq!(got[0], ("xl/workbook.xml".into(), None, Some("sheet".into()), Role::Properties, "统计".into()));
        assert_eq!(got[1].4, "机密");
        assert_eq!(got[2], ("xl/worksheets/sheet1.xml".into(), Some(1), None, Role::Body, "机密\t★1年".into()));
        assert_eq!(got[3].1, Some(3));
        assert_eq!(got[3].4, "内联\t公式结果");
        // The formula's constant "x" is not in its cached result: read beside the rows.
        assert_eq!(
            got[4],
            ("xl/worksheets/sheet1.xml".into(), None, Some("formula B3".into()), Role::Other, "x".into())
        );
        assert_eq!(got.len(), 5);
        assert!(c.coverage.contains(&CoverageNote::read("xl/worksheets/sheet2.xml")));
    }

    #[test]
    fn a_mark_down_a_column_is_read_top_to_bottom() {
        let cell = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
        let rows: String = ["机", "密", "★", "1年"]
            .iter()
            .enumerate()
            .map(|(i, t)| {
                format!(
                    r#"<row r="{}">{}{}</row>"#,
                    i + 2,
                    cell(&format!("B{}", i + 2), t),
                    cell(&format!("C{}", i + 2), "本行其他内容较长")
                )
            })
            .collect();
        let c = read(&workbook(&sheet(&rows, ""), &sheet("", ""), &[]));
        let got = described(&c);
        assert!(
            got.contains(&(
                "xl/worksheets/sheet1.xml".into(),
                Some(2),
                Some("column B, rows 2-5".into()),
                Role::Body,
                "机密★1年".into()
            )),
            "{got:?}"
        );
        // The long cells of column C are read once, in their rows.
        assert!(!got.iter().any(|s| s.2.as_deref().is_some_and(|f| f.starts_with("column C"))), "{got:?}");
    }

    #[test]
    fn headers_and_footers_without_codes() {
        let tail = r#"<headerFooter><oddHeader>&amp;L&amp;"宋体,加粗"&amp;12秘密&amp;C&amp;A&amp;R第&amp;P页</oddHeader><oddFooter>&amp;C内部资料 注意保存 &amp;&amp; 共&amp;N页</oddFooter></headerFooter>"#;
        let c = read(&workbook(&sheet("", tail), &sheet("", ""), &[]));
        let margins: Vec<_> = described(&c).into_iter().filter(|s| s.2.as_deref() != Some("sheet")).collect();
        assert_eq!(
            margins,
            vec![
                ("xl/worksheets/sheet1.xml".into(), None, Some("oddHeader".into()), Role::Header, "秘密\n第页".into()),
                (
                    "xl/worksheets/sheet1.xml".into(),
                    None,
                    Some("oddFooter".into()),
                    Role::Footer,
                    "内部资料 注意保存 & 共页".into()
                ),
            ]
        );
        assert_eq!(strip_header_codes("&KFF0000红&K01+033字"), "红字");
        assert_eq!(strip_header_codes("&P+1 页"), "页");
    }

    #[test]
    fn comments_drawings_and_charts() {
        let first = sheet(r#"<row r="1"><c r="A1" t="s"><v>2</v></c></row>"#, "");
        let sheet_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/comments" Target="../comments1.xml"/><Relationship Id="rId2" Type="{REL}/drawing" Target="../drawings/drawing1.xml"/></Relationships>"#
        );
        let comments = r#"<comments xmlns="x"><authors><author>紫电组</author></authors><commentList><comment ref="B2" authorId="0"><text><r><rPr><b/></rPr><t>张三:</t></r><r><t>此件不予公开</t></r></text></comment></commentList></comments>"#;
        let drawing = r#"<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:p><a:r><a:t>文本框里的绝密</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"#;
        let drawing_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/chart" Target="../charts/chart1.xml"/></Relationships>"#
        );
        let chart = r#"<c:chartSpace xmlns:c="c" xmlns:a="a"><c:title><c:tx><c:rich><a:p><a:r><a:t>图表标题</a:t></a:r></a:p></c:rich></c:tx></c:title></c:chartSpace>"#;
        let threaded = r#"<ThreadedComments xmlns="t"><threadedComment ref="C3" id="{1}"><text>线程批注</text></threadedComment></ThreadedComments>"#;
        let c = read(&workbook(
            &first,
            &sheet("", ""),
            &[
                ("xl/worksheets/_rels/sheet1.xml.rels", &sheet_rels),
                ("xl/comments1.xml", comments),
                ("xl/drawings/drawing1.xml", drawing),
                ("xl/drawings/_rels/drawing1.xml.rels", &drawing_rels),
                ("xl/charts/chart1.xml", chart),
                ("xl/threadedComments/threadedComment1.xml", threaded),
                (
                    "xl/persons/person.xml",
                    r#"<personList xmlns="p"><person displayName="李四" id="{2}" userId="lisi@example.org" providerId="AD"/></personList>"#,
                ),
                ("xl/media/image1.png", "GIF89a"),
                ("xl/embeddings/oleObject1.bin", "ole"),
            ],
        ));
        let got: Vec<_> = described(&c).into_iter().filter(|s| s.2.as_deref() != Some("sheet")).collect();
        let short: Vec<(&str, Option<&str>, Role, &str)> =
            got.iter().map(|s| (s.0.as_str(), s.2.as_deref(), s.3, s.4.as_str())).collect();
        assert_eq!(
            short,
            vec![
                ("xl/worksheets/sheet1.xml", None, Role::Body, "名称"),
                // The author's name, shown on the comment (here not repeated in its text).
                ("xl/comments1.xml", Some("author"), Role::Note, "紫电组"),
                ("xl/comments1.xml", Some("B2"), Role::Note, "张三:此件不予公开"),
                ("xl/drawings/drawing1.xml", None, Role::Other, "文本框里的绝密"),
                ("xl/charts/chart1.xml", None, Role::Other, "图表标题"),
                ("xl/threadedComments/threadedComment1.xml", Some("C3"), Role::Note, "线程批注"),
                ("xl/persons/person.xml", Some("author"), Role::Other, "李四"),
                // The account, shown on the contact card; not the provider (`AD`).
                ("xl/persons/person.xml", Some("author"), Role::Other, "lisi@example.org"),
            ]
        );
        assert_eq!(c.members.len(), 1);
        assert!(c.coverage.iter().any(|n| n.part == "xl/media/image1.png"));
    }

    #[test]
    fn linked_object_items() {
        // A linked object's item (`[1]!'…'`), as the Links dialog lists it: without the link
        // number and the quotes; an object without a link adds nothing.
        let tail = r#"<oleObjects><oleObject progId="Word.Document.12" link="[1]!'机密★1年 通知'" oleUpdate="OLEUPDATE_ALWAYS" shapeId="1025"/><oleObject progId="Package" shapeId="1026" r:id="rId3"/></oleObjects>"#;
        let c = read(&workbook(&sheet("", tail), &sheet("", ""), &[]));
        let got: Vec<(Option<String>, String)> =
            described(&c).into_iter().filter(|s| s.0.ends_with("sheet1.xml")).map(|s| (s.2, s.4)).collect();
        assert_eq!(got, vec![(Some("link".to_owned()), "机密★1年 通知".to_owned())]);
    }

    #[test]
    fn linked_object_and_dde_items_of_external_links() {
        // The Links dialog lists an OLE link's items and a DDE link's topic and items.
        let ole = r#"<externalLink xmlns="x"><oleLink progId="Word.Document.12"><oleItems><oleItem name="机密★1年" advise="1"/></oleItems></oleLink></externalLink>"#;
        let dde = r#"<externalLink xmlns="x"><ddeLink ddeService="Excel" ddeTopic="C:\紫电\名单.xls"><ddeItems><ddeItem name="R1C1"/></ddeItems></ddeLink></externalLink>"#;
        let c = read(&workbook(
            &sheet("", ""),
            &sheet("", ""),
            &[("xl/externalLinks/externalLink1.xml", ole), ("xl/externalLinks/externalLink2.xml", dde)],
        ));
        let got: Vec<(String, String)> =
            described(&c).into_iter().filter(|s| s.0.contains("externalLink")).map(|s| (s.0, s.4)).collect();
        let want = [
            ("xl/externalLinks/externalLink1.xml", "机密★1年"),
            ("xl/externalLinks/externalLink2.xml", "C:\\紫电\\名单.xls"),
            ("xl/externalLinks/externalLink2.xml", "R1C1"),
        ];
        assert_eq!(got, want.map(|(p, t)| (p.to_owned(), t.to_owned())));
    }

    #[test]
    fn hyperlink_tips() {
        // The tip, the text to display, and the place in the workbook (a quoted sheet name shown
        // without the formula's quotes).
        let tail = r#"<hyperlinks><hyperlink ref="A1" location="Sheet2!A1" display="见附表" tooltip="机密★1年"/><hyperlink ref="A2" r:id="rId9" location="'紫电 ''甲'''!B2"/></hyperlinks>"#;
        let c = read(&workbook(&sheet("", tail), &sheet("", ""), &[]));
        let got: Vec<(Option<String>, String)> =
            described(&c).into_iter().filter(|s| s.0.ends_with("sheet1.xml")).map(|s| (s.2, s.4)).collect();
        let want = [
            ("tooltip", "机密★1年"),
            ("hyperlink", "见附表"),
            ("hyperlink", "Sheet2!A1"),
            ("hyperlink", "紫电 '甲'!B2"),
        ];
        assert_eq!(got, want.map(|(f, t)| (Some(f.to_owned()), t.to_owned())));
    }

    #[test]
    fn scenarios_protected_ranges_and_links() {
        // What the Scenario Manager and Allow Users to Edit Ranges show, read beside the cells;
        // a hyperlink's URL (an external relationship) at its sheet.
        let tail = r#"<protectedRanges><protectedRange name="紫电区" sqref="A1"/></protectedRanges><scenarios><scenario name="方案甲" count="1" user="张三" comment="机密★1年"><inputCells r="A1" val="KJ-3"/></scenario></scenarios>"#;
        let rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId9" Type="{REL}/hyperlink" Target="mailto:a@b.cn?subject=%E7%B4%AB%E7%94%B5" TargetMode="External"/></Relationships>"#
        );
        let c = read(&workbook(&sheet("", tail), &sheet("", ""), &[("xl/worksheets/_rels/sheet1.xml.rels", &rels)]));
        let got: Vec<(Option<String>, String)> =
            described(&c).into_iter().filter(|s| s.0.ends_with("sheet1.xml")).map(|s| (s.2, s.4)).collect();
        let want = [
            ("protected range", "紫电区"),
            ("scenario", "方案甲"),
            ("scenario", "机密★1年"),
            ("scenario", "张三"),
            ("scenario", "KJ-3"),
            ("hyperlink", "mailto:a@b.cn?subject=紫电"),
        ];
        assert_eq!(got, want.map(|(f, t)| (Some(f.to_owned()), t.to_owned())));
    }

    #[test]
    fn pivot_cache_fields_are_read_down_too() {
        // One character per record down a field, and per shared item down a field (a pivot table
        // lists a field's items one per row): read top to bottom as well.
        let x = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
        let records = format!(
            r#"<pivotCacheRecords {x}><r><s v="机"/><n v="1"/></r><r><s v="密"/><n v="2"/></r><r><s v="★"/><n v="3"/></r><r><s v="1年"/><n v="4"/></r></pivotCacheRecords>"#
        );
        let definition = format!(
            r#"<pivotCacheDefinition {x}><cacheFields count="1"><cacheField name="甲"><sharedItems count="3"><s v="绝"/><s v="密"/><n v="5"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>"#
        );
        let c = read(&workbook(
            &sheet("", ""),
            &sheet("", ""),
            &[
                ("xl/pivotCache/pivotCacheRecords1.xml", &records),
                ("xl/pivotCache/pivotCacheDefinition1.xml", &definition),
            ],
        ));
        let runs: Vec<(String, Option<u32>, String, String)> = described(&c)
            .into_iter()
            .filter(|s| s.2.as_deref().is_some_and(|f| f.contains("column")))
            .map(|s| (s.0, s.1, s.2.unwrap_or_default(), s.4))
            .collect();
        let run = |p: &str, f: &str, t: &str| (p.to_owned(), Some(1), f.to_owned(), t.to_owned());
        assert_eq!(
            runs,
            vec![
                run("xl/pivotCache/pivotCacheDefinition1.xml", "pivot cache, column A, rows 1-2", "绝密"),
                run("xl/pivotCache/pivotCacheRecords1.xml", "pivot cache record, column A, rows 1-4", "机密★1年"),
            ]
        );
    }

    #[test]
    fn the_authors_own_style_names() {
        // Excel's built-in styles (`builtinId`) are its own; the author's cell and table styles
        // are listed by name in the galleries.
        let styles = r#"<styleSheet xmlns="x"><cellXfs count="1"><xf numFmtId="0"/></cellXfs><cellStyles count="2"><cellStyle name="常规" xfId="0" builtinId="0"/><cellStyle name="紫电专用" xfId="0"/></cellStyles><tableStyles count="1"><tableStyle name="KJ-3表" pivot="0" count="0"/></tableStyles></styleSheet>"#;
        let c = read(&workbook(&sheet("", ""), &sheet("", ""), &[("xl/styles.xml", styles)]));
        let got: Vec<(String, Option<String>, Role, String)> =
            described(&c).into_iter().filter(|s| s.0 == "xl/styles.xml").map(|s| (s.0, s.2, s.3, s.4)).collect();
        let style = |t: &str| ("xl/styles.xml".to_owned(), Some("cell style".to_owned()), Role::Other, t.to_owned());
        assert_eq!(got, vec![style("紫电专用"), style("KJ-3表")]);
    }

    #[test]
    fn pivot_caches_tables_external_links_and_other_parts() {
        let x = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r""#;
        let definition = format!(
            r#"<pivotCacheDefinition {x}><cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="原始数据"/></cacheSource><cacheFields count="2"><cacheField name="项目"><sharedItems count="1"><s v="紫电计划"/></sharedItems></cacheField><cacheField name="数量"><sharedItems containsNumber="1"/></cacheField></cacheFields></pivotCacheDefinition>"#
        );
        let records = format!(
            r#"<pivotCacheRecords {x} count="2"><r><x v="0"/><n v="3"/></r><r><s v="机密"/><s v="★1年"/><n v="4"/></r></pivotCacheRecords>"#
        );
        let pivot = format!(
            r#"<pivotTableDefinition {x} name="数据透视表1" dataCaption="值"><pivotFields count="1"><pivotField name="型号"><items count="2"><item n="KJ-3" x="0"/><item t="default"/></items></pivotField></pivotFields><dataFields count="1"><dataField name="求和项:数量" fld="1"/></dataFields></pivotTableDefinition>"#
        );
        let table = format!(
            r#"<table {x} id="1" name="表1" displayName="表1" ref="A1:B2"><tableColumns count="1"><tableColumn id="1" name="代号" totalsRowLabel="合计"/></tableColumns></table>"#
        );
        let external = format!(
            r#"<externalLink {x}><externalBook r:id="rId1"><sheetNames><sheetName val="汇总"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>绝密</v></cell><cell r="B1" t="str"><v>★启用前</v></cell><cell r="C1"><v>12</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>"#
        );
        let external_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/externalLinkPath" Target="file:///C:/%E6%96%87%E4%BB%B6/KJ-3.xlsx" TargetMode="External"/></Relationships>"#
        );
        let connections = format!(
            r#"<connections {x}><connection id="1" name="查询 - 名单" description="说明"><dbPr connection="Provider=x" command="SELECT 1"/></connection></connections>"#
        );
        let control = r#"<formControlPr xmlns="x14" objectType="Drop"><itemLst><item val="公开"/><item val="秘密"/></itemLst></formControlPr>"#;
        // The definition links its records, whose strings are mostly indexes into its items.
        let definition_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>"#
        );
        let c = read(&workbook(
            &sheet("", ""),
            &sheet("", ""),
            &[
                ("xl/pivotCache/pivotCacheDefinition1.xml", &definition),
                ("xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", &definition_rels),
                ("xl/pivotCache/pivotCacheRecords1.xml", &records),
                ("xl/pivotTables/pivotTable1.xml", &pivot),
                ("xl/tables/table1.xml", &table),
                ("xl/externalLinks/externalLink1.xml", &external),
                ("xl/externalLinks/_rels/externalLink1.xml.rels", &external_rels),
                ("xl/connections.xml", &connections),
                ("xl/ctrlProps/ctrlProp1.xml", control),
            ],
        ));
        let got: Vec<(String, Option<u32>, String, String)> = described(&c)
            .into_iter()
            .filter(|s| !s.0.starts_with("xl/w"))
            .map(|s| {
                assert_eq!(s.3, Role::Other);
                (s.0, s.1, s.2.unwrap_or_default(), s.4)
            })
            .collect();
        let want = [
            ("xl/pivotCache/pivotCacheDefinition1.xml", Some(1), "pivot cache", "原始数据"),
            ("xl/pivotCache/pivotCacheDefinition1.xml", Some(2), "pivot cache", "项目"),
            ("xl/pivotCache/pivotCacheDefinition1.xml", Some(3), "pivot cache", "紫电计划"),
            ("xl/pivotCache/pivotCacheDefinition1.xml", Some(4), "pivot cache", "数量"),
            // Record 1 names field 1's item 0; record 2 holds its strings in place.
            ("xl/pivotCache/pivotCacheRecords1.xml", Some(1), "pivot cache record", "紫电计划"),
            ("xl/pivotCache/pivotCacheRecords1.xml", Some(2), "pivot cache record", "机密\t★1年"),
            ("xl/connections.xml", Some(1), "connection", "查询 - 名单"),
            ("xl/connections.xml", Some(2), "connection", "说明"),
            ("xl/connections.xml", Some(3), "connection", "Provider=x"),
            ("xl/connections.xml", Some(4), "connection", "SELECT 1"),
            ("xl/tables/table1.xml", Some(1), "table", "表1"),
            ("xl/tables/table1.xml", Some(2), "table", "表1"),
            ("xl/tables/table1.xml", Some(3), "table", "代号"),
            ("xl/tables/table1.xml", Some(4), "table", "合计"),
            ("xl/ctrlProps/ctrlProp1.xml", Some(1), "form control", "公开"),
            ("xl/ctrlProps/ctrlProp1.xml", Some(2), "form control", "秘密"),
            ("xl/pivotTables/pivotTable1.xml", Some(1), "pivot table", "数据透视表1"),
            ("xl/pivotTables/pivotTable1.xml", Some(2), "pivot table", "值"),
            ("xl/pivotTables/pivotTable1.xml", Some(3), "pivot table", "型号"),
            ("xl/pivotTables/pivotTable1.xml", Some(4), "pivot table", "KJ-3"),
            ("xl/pivotTables/pivotTable1.xml", Some(5), "pivot table", "求和项:数量"),
            ("xl/externalLinks/externalLink1.xml", Some(1), "external link", "汇总"),
            // A cached row of the linked workbook: its strings as one line, numbers left out.
            ("xl/externalLinks/externalLink1.xml", Some(2), "external link", "绝密\t★启用前"),
            ("xl/externalLinks/externalLink1.xml", None, "link", "file:///C:/文件/KJ-3.xlsx"),
        ];
        let want: Vec<(String, Option<u32>, String, String)> =
            want.iter().map(|(p, n, f, t)| (p.to_string(), *n, f.to_string(), t.to_string())).collect();
        assert_eq!(got, want);
        for part in ["xl/pivotCache/pivotCacheRecords1.xml", "xl/tables/table1.xml", "xl/connections.xml"] {
            assert!(c.coverage.contains(&CoverageNote::read(part)), "{part} noted read, not generically");
        }
    }

    #[test]
    fn validations_in_extensions() {
        let tail = r#"<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations xmlns:x14="x14" xmlns:xm="xm" count="1"><x14:dataValidation type="list" prompt="请选密级"><x14:formula1><xm:f>"绝密,机密"</xm:f></x14:formula1><xm:sqref>A1</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"#;
        let c = read(&workbook(&sheet("", tail), &sheet("", ""), &[]));
        let got: Vec<(Option<String>, String)> =
            described(&c).into_iter().filter(|s| s.0.ends_with("sheet1.xml")).map(|s| (s.2, s.4)).collect();
        assert_eq!(
            got,
            vec![(Some("validation".into()), "请选密级".into()), (Some("validation".into()), "绝密,机密".into())]
        );
    }

    #[test]
    fn errors_name_the_part() {
        let bad = workbook(&sheet("<row><c t=\"s\"><v>0</c></row>", ""), &sheet("", ""), &[]);
        match extract(&bad, &Limits::default(), &mut Collected::default()) {
            Err(ExtractError::Corrupt { part: Some(part), what: crate::Defect::Xml { .. }, .. }) => {
                assert_eq!(part, "xl/worksheets/sheet1.xml")
            }
            other => panic!("{other:?}"),
        }
        let no_workbook = zip(&[("[Content_Types].xml", "<Types/>"), ("xl/styles.xml", "<s/>")]);
        assert!(matches!(
            extract(&no_workbook, &Limits::default(), &mut Collected::default()),
            Err(ExtractError::Corrupt { part: Some(p), what: crate::Defect::MissingPart, .. }) if p == MAIN_PART
        ));
        assert!(matches!(
            extract(b"PK\x03\x04 junk", &Limits::default(), &mut Collected::default()),
            Err(ExtractError::Corrupt {
                what: crate::Defect::ZipNoDirectory | crate::Defect::ZipUnreadable { .. },
                ..
            })
        ));
        let deep = sheet(&"<x>".repeat(300), &"</x>".repeat(300));
        assert!(matches!(
            extract(&workbook(&deep, &sheet("", ""), &[]), &Limits::default(), &mut Collected::default()),
            Err(ExtractError::LimitExceeded { kind: crate::LimitKind::NestingDepth, .. })
        ));
    }

    /// The real workbooks beside the repository: all read, known texts come out.
    #[test]
    fn realworld_files() {
        crate::testing::realworld(
            "xlsx",
            extract,
            &[("easyexcel_t07.xlsx", "等同Golden BOM"), ("easyexcel_t07.xlsx", "Model Name\tBaseline MKO Item")],
        );
    }

    /// A number format shows its text at the cell whichever way it reaches it: a conditional
    /// format's differential format (in `dxfs`, or inline in an `x14:cfRule`), a cell style's
    /// format; and every custom format's text is read in the styles part, used or not.
    #[test]
    fn number_formats_from_conditional_formats_and_cell_styles() {
        let styles = |dxf: &str| {
            format!(
                r#"<styleSheet xmlns="x"><numFmts count="2"><numFmt numFmtId="164" formatCode="&quot;绝密★启用前&quot;"/><numFmt numFmtId="165" formatCode="&quot;秘密★6个月&quot;"/></numFmts><cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="165"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="0" xfId="1" applyNumberFormat="0"/></cellXfs><dxfs count="1"><dxf><numFmt numFmtId="200" formatCode="{dxf}"/></dxf></dxfs></styleSheet>"#
            )
        };
        let rule = r#"<conditionalFormatting sqref="A1:A3"><cfRule type="expression" dxfId="0" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>"#;
        let x14 = r#"<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"><x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule type="expression" priority="1" id="{1}"><xm:f>$B$9&gt;0</xm:f><x14:dxf><numFmt numFmtId="201" formatCode="[&lt;0]0;&quot;机密★&quot;0&quot;年&quot;"/></x14:dxf></x14:cfRule><xm:sqref>B2</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"#;
        let cells = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>1</v></c></row><row r="3"><c r="C3" s="1"><v>7</v></c></row>"#;
        let c = read(&styled_workbook(&styles("&quot;机密★1年&quot;"), None, &sheet(cells, &format!("{rule}{x14}"))));
        let at = |part: &str, field: Option<&str>| -> Vec<(Option<u32>, String)> {
            c.segments
                .iter()
                .filter(|s| s.location.part == part && s.location.field.as_deref() == field)
                .map(|s| (s.location.paragraph, s.text.clone()))
                .collect()
        };
        let shown = at("xl/worksheets/sheet1.xml", None);
        assert!(shown.contains(&(Some(1), "机密★1年".to_owned())), "dxf format at A1: {shown:?}");
        assert!(shown.contains(&(Some(2), "机密★1年".to_owned())), "x14 inline format at B2: {shown:?}");
        assert!(shown.contains(&(Some(3), "秘密★6个月".to_owned())), "the cell style's format at C3: {shown:?}");
        let own = at("xl/styles.xml", Some("number format"));
        assert_eq!(own, [(None, "绝密★启用前".to_owned()), (None, "秘密★6个月".to_owned())], "used or not");
        assert_eq!(at("xl/styles.xml", Some("conditional number format")), [(None, "机密★1年".to_owned())]);
        // The same workbook whose formats print no text of their own: nothing more is read.
        let plain = read(&styled_workbook(&styles("0.00"), None, &sheet(cells, rule)));
        assert!(!plain.segments.iter().any(|s| s.text.contains("机密")), "{:?}", plain.segments);
    }
}
