//! Smaller places of a Word document that show text: run fonts that draw symbols, content
//! control bindings, hyperlink targets, document variables and the people of comments, table
//! titles, form fields, building blocks and bookmarks.

use quick_xml::events::{BytesStart, Event};

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};

use super::numbering::ListRef;
use super::styles::{shading, Backdrop, Look, TableLook};
use crate::as_shown::Rgb;
use crate::drawingml::transformed;
use crate::ooxml;
use crate::symbols::SymbolFont;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// What a run's properties say about how its text shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct RunShows {
    /// The symbol font its text is drawn in, if any.
    pub(super) font: Option<SymbolFont>,
    /// What its own properties say about whether it shows (hidden, colour, size, shading,
    /// highlight); the styles decide the rest (see [`super::styles`]).
    pub(super) look: Look,
    /// Its character style (`w:rStyle`).
    pub(super) style: Option<String>,
}

/// Reads a run's properties (`w:rPr`, just opened) to their end: the symbol font its text is
/// drawn in, if any (`w:rFonts`, the font for ASCII codes, then for the high half, then the
/// complex-script font, as Word picks for codes 0x20–0xFF and U+F020–U+F0FF), its character
/// style and what they say about whether it shows. The authors of the tracked changes in them
/// go to `authors` (see [`authors_within`]).
pub(super) fn run_shows(reader: &mut XmlReader<'_>, authors: &mut Vec<String>) -> Result<RunShows, ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let mut shows = RunShows::default();
    loop {
        match reader.next()? {
            // The formatting before a change (`w:rPrChange/w:rPr`) is not how the run shows now.
            Event::Start(e) if is_change(local_name(e.name().as_ref())) => {
                note_author(reader, &e, authors)?;
                reader.skip()?;
            }
            Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                local if is_change(local) => note_author(reader, &e, authors)?,
                b"rFonts" => {
                    if let Some(name) = reader.first_attr(&e, &[b"ascii", b"hAnsi", b"cs"])? {
                        shows.font = SymbolFont::named(&name);
                    }
                }
                b"rStyle" => shows.style = reader.attr(&e, b"val")?.map(|v| v.trim().to_owned()),
                local => shows.look.read(reader, &e, local)?,
            },
            Event::End(_) if reader.depth() == until => return Ok(shows),
            Event::Eof => return Ok(shows),
            _ => {}
        }
    }
}

/// What a paragraph's properties say about how its text shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct ParagraphShows {
    /// Its style (`w:pStyle`).
    pub(super) style: Option<String>,
    /// Its shading (`w:shd`), behind its text.
    pub(super) shading: Option<Backdrop>,
    /// Its own list and level (`w:numPr/w:numId`, `w:ilvl`), each if given.
    pub(super) list: ListRef,
}

/// Reads a paragraph's properties (`w:pPr`, just opened) to their end: its style and shading
/// (not the paragraph mark's run properties, `w:pPr/w:rPr`, which format only the mark). The
/// authors of the tracked changes in them go to `authors`.
pub(super) fn paragraph_shows(
    reader: &mut XmlReader<'_>,
    authors: &mut Vec<String>,
) -> Result<ParagraphShows, ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let mut shows = ParagraphShows::default();
    loop {
        let event = reader.next()?;
        // Only its own children: the paragraph mark's properties (`w:rPr`) and the properties
        // before a change (`w:pPrChange/w:pPr`) hold the same names.
        let own = match &event {
            Event::Start(_) => reader.depth() == until + 2,
            _ => reader.depth() == until + 1,
        };
        match event {
            Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                local if is_change(local) => note_author(reader, &e, authors)?,
                b"pStyle" if own => shows.style = reader.attr(&e, b"val")?.map(|v| v.trim().to_owned()),
                b"shd" if own => shows.shading = Some(shading(reader, &e)?),
                // `w:numPr`'s children (a changed paragraph's old `w:numPr` sits deeper).
                local @ (b"numId" | b"ilvl") if reader.depth() == until + 2 => {
                    let value = reader.attr(&e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok());
                    match local {
                        b"numId" => shows.list.num = Some(value.unwrap_or(0)),
                        _ => shows.list.level = value.map(|l| l.min(8) as u8),
                    }
                }
                _ => {}
            },
            Event::End(_) if reader.depth() == until => return Ok(shows),
            Event::Eof => return Ok(shows),
            _ => {}
        }
    }
}

/// Reads a table cell's properties (`w:tcPr`, just opened) to their end: how many grid columns
/// the cell spans (`w:gridSpan`, 1 when absent or unreadable) and its shading (`w:shd`), behind
/// its text; the authors of its tracked changes go to `authors`.
pub(super) fn cell_shows(
    reader: &mut XmlReader<'_>,
    authors: &mut Vec<String>,
) -> Result<(u32, Option<Backdrop>), ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let (mut span, mut shade) = (1, None);
    loop {
        let event = reader.next()?;
        // Only its own children, not the properties before a change (`w:tcPrChange/w:tcPr`).
        let own = match &event {
            Event::Start(_) => reader.depth() == until + 2,
            _ => reader.depth() == until + 1,
        };
        match event {
            Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                local if is_change(local) => note_author(reader, &e, authors)?,
                b"gridSpan" if own => {
                    span =
                        reader.attr(&e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, 64);
                }
                b"shd" if own => shade = Some(shading(reader, &e)?),
                _ => {}
            },
            Event::End(_) if reader.depth() == until => return Ok((span, shade)),
            Event::Eof => return Ok((span, shade)),
            _ => {}
        }
    }
}

/// What a content control's properties (`w:sdtPr`) hold that matters to a reader.
#[derive(Debug, Default)]
pub(super) struct ContentControl {
    /// Its data binding, as (store item id, XPath), if it has one.
    pub(super) binding: Option<(Option<String>, String)>,
    /// Text the control shows besides its content: its title (`w:alias`, on the control's frame)
    /// and the entries of its drop-down list or combo box (`w:listItem`: `displayText`, else
    /// `value`), in document order.
    pub(super) shown: Vec<String>,
}

/// Reads a content control's properties (`w:sdtPr`, just opened) to their end; the authors of
/// the tracked changes in them go to `authors`.
pub(super) fn content_control(
    reader: &mut XmlReader<'_>,
    authors: &mut Vec<String>,
) -> Result<ContentControl, ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let mut control = ContentControl::default();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                local if is_change(local) => note_author(reader, &e, authors)?,
                b"dataBinding" => {
                    if let Some(xpath) = reader.attr(&e, b"xpath")? {
                        let store = reader.attr(&e, b"storeItemID")?.map(|s| s.into_owned());
                        control.binding = Some((store, xpath.into_owned()));
                    }
                }
                b"alias" | b"tag" => control.shown.extend(reader.attr(&e, b"val")?.map(|v| v.into_owned())),
                b"listItem" => {
                    let text = match reader.attr(&e, b"displayText")? {
                        Some(t) if !t.trim().is_empty() => Some(t),
                        _ => reader.attr(&e, b"value")?,
                    };
                    control.shown.extend(text.map(|t| t.into_owned()));
                }
                _ => {}
            },
            Event::End(_) if reader.depth() == until => return Ok(control),
            Event::Eof => return Ok(control),
            _ => {}
        }
    }
}

/// Reads the element just opened (`element`: `w:tblPr`, `w:ffData` or `w:docPartPr`) to its end
/// and gives the texts Word shows of it: a table's `w:tblCaption` and `w:tblDescription`; a form
/// field's `w:name`, `w:helpText`, `w:statusText`, `w:default` (text fields: a check box's is
/// 0 or 1) and `w:listEntry`; a building block's `w:name` and `w:description`. All are `w:val`.
/// A table's style (`w:tblStyle`) and the parts of it the table turns on (`w:tblLook`) go to
/// `table`.
pub(super) fn shown_within(
    reader: &mut XmlReader<'_>,
    element: &[u8],
    authors: &mut Vec<String>,
    table: &mut (Option<String>, Option<TableLook>),
) -> Result<Vec<String>, ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let wanted: &[&[u8]] = match element {
        b"tblPr" => &[b"tblCaption", b"tblDescription"],
        b"ffData" => &[b"name", b"helpText", b"statusText", b"default", b"listEntry"],
        _ => &[b"name", b"description"],
    };
    let mut texts = Vec::new();
    loop {
        match reader.next()? {
            // A table's style (`w:tblStyle`), which decides with the rest whether its text shows.
            Event::Start(e) | Event::Empty(e)
                if element == b"tblPr" && local_name(e.name().as_ref()) == b"tblStyle" =>
            {
                table.0 = reader.attr(&e, b"val")?.map(|v| v.trim().to_owned());
            }
            Event::Start(e) | Event::Empty(e) if element == b"tblPr" && local_name(e.name().as_ref()) == b"tblLook" => {
                table.1 = Some(TableLook::read(reader, &e)?);
            }
            Event::Start(e) | Event::Empty(e) if wanted.contains(&local_name(e.name().as_ref())) => {
                texts.extend(reader.attr(&e, b"val")?.filter(|v| !v.trim().is_empty()).map(|v| v.into_owned()));
            }
            Event::Start(e) | Event::Empty(e) if is_change(local_name(e.name().as_ref())) => {
                note_author(reader, &e, authors)?;
            }
            Event::End(_) if reader.depth() == until => return Ok(texts),
            Event::Eof => return Ok(texts),
            _ => {}
        }
    }
}

/// Whether an element inside properties is a tracked change of them, which carries its author:
/// a formatting change (`w:rPrChange`, `w:pPrChange`, `w:sectPrChange`, `w:tblPrChange`,
/// `w:trPrChange`, `w:tcPrChange`, `w:tblGridChange`, `w:tblPrExChange`, `w:numberingChange`),
/// an inserted or deleted paragraph mark or table row (`w:ins`, `w:del` in `w:rPr`, `w:trPr`,
/// `w:numPr`), a moved paragraph mark, an inserted, deleted or merged cell.
fn is_change(local: &[u8]) -> bool {
    local.ends_with(b"Change")
        || matches!(local, b"ins" | b"del" | b"moveFrom" | b"moveTo" | b"cellIns" | b"cellDel" | b"cellMerge")
}

/// Adds the `w:author` of the change `e` to `authors`, if it has one.
fn note_author(reader: &XmlReader<'_>, e: &BytesStart<'_>, authors: &mut Vec<String>) -> Result<(), ExtractError> {
    if let Some(author) = reader.attr(e, b"author")?.filter(|a| !a.trim().is_empty()) {
        authors.push(author.into_owned());
    }
    Ok(())
}

/// Reads properties (`w:pPr`, `w:sectPr`, `w:trPr`…, just opened) to their end and gives the
/// authors of the tracked changes in them (see [`is_change`]): Word lists each formatting
/// change in the Reviewing Pane and on its balloon under its author's name ("张三 设置了格式"),
/// as it does an insertion's.
pub(super) fn authors_within(reader: &mut XmlReader<'_>) -> Result<Vec<String>, ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let mut authors = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if is_change(local_name(e.name().as_ref())) => {
                note_author(reader, &e, &mut authors)?;
            }
            Event::End(_) if reader.depth() == until => return Ok(authors),
            Event::Eof => return Ok(authors),
            _ => {}
        }
    }
}

/// Whether a bookmark is one Word makes for itself (a table of contents entry `_Toc…`, a
/// cross-reference `_Ref…`, a hyperlink `_Hlk…`, the last edit `_GoBack`): hidden in the
/// Bookmark dialog, and only letters and digits Word chose.
pub(super) fn is_word_bookmark(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('_') else { return false };
    ["Toc", "Ref", "Hlk", "GoBack", "MON_", "PictureBullets"]
        .iter()
        .any(|p| rest.strip_prefix(p).is_some_and(|tail| tail.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')))
}

/// Reads the element just opened to its end and gives the tips of the hyperlinks in it
/// (`a:hlinkClick/@tooltip`, `a:hlinkHover/@tooltip`: a picture's link in `wp:docPr`).
pub(super) fn tooltips_within(reader: &mut XmlReader<'_>) -> Result<Vec<String>, ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let mut tips = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e)
                if matches!(local_name(e.name().as_ref()), b"hlinkClick" | b"hlinkHover") =>
            {
                tips.extend(reader.attr(&e, b"tooltip")?.map(|t| t.into_owned()));
            }
            Event::End(_) if reader.depth() == until => return Ok(tips),
            Event::Eof => return Ok(tips),
            _ => {}
        }
    }
}

/// The document variables of `word/settings.xml` (`w:docVar`): a `DOCVARIABLE` field shows
/// its variable's value wherever it stands, and Word recomputes it on open, so every value is
/// read ([`Role::Other`], field `docVar`).
pub(super) fn read_document_variables(
    archive: &mut Archive<'_>,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    read_attributes(archive, "word/settings.xml", b"docVar", b"val", "docVar", limits, sink)
}

/// The people of `word/people.xml` (`w15:person/@w15:author`): the names Word shows on comments
/// and tracked changes ([`Role::Other`], field `author`).
pub(super) fn read_people(
    archive: &mut Archive<'_>,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    read_attributes(archive, "word/people.xml", b"person", b"author", "author", limits, sink)
}

/// One segment per `element/@attribute` of `part`, if the package has the part.
fn read_attributes(
    archive: &mut Archive<'_>,
    part: &str,
    element: &[u8],
    attribute: &[u8],
    field: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let Some(name) = archive.find(part).map(str::to_owned) else { return Ok(()) };
    let xml = ooxml::read_xml(archive, &name)?;
    let mut reader = XmlReader::bounded(&name, &xml, limits);
    let mut n = 0u32;
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == element => {
                n += 1;
                if let Some(value) = reader.attr(&e, attribute)?.filter(|v| !v.trim().is_empty()) {
                    let location = Location::part(&name).with_paragraph(n).with_field(field);
                    sink.segment(Segment::new(location, Role::Other, value.into_owned()))?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    sink.coverage(CoverageNote::read(&name))?;
    Ok(())
}

/// The height of the tallest page the sections of a document part set (`w:pgSz/@w:h`, in
/// twips), found by a quick look for the element rather than a second parse of the part: a
/// `pgSz` that is not one (in a tracked change's old section, say) can only make the tallest
/// page taller, so text is taken off the page less often, never more. A height that is not a
/// number of twips counts as Word's tallest page.
pub(super) fn tallest_page(xml: &[u8]) -> Option<u32> {
    let mut tallest = None;
    for at in memchr::memmem::find_iter(xml, b"pgSz") {
        let after = xml.get(at + 4).copied();
        if !matches!(after, Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')) {
            continue;
        }
        // The tag's `<` and name (`w:pgSz`, any prefix), and its end.
        let Some(open) = xml[at.saturating_sub(64)..at].iter().rposition(|&b| b == b'<') else { continue };
        let open = at.saturating_sub(64) + open;
        let name = &xml[open + 1..at + 4];
        if name.iter().any(|b| !(b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.'))) {
            continue;
        }
        let Some(end) = memchr::memchr(b'>', &xml[at..]) else { continue };
        let content = &xml[open + 1..at + end];
        let content = content.strip_suffix(b"/").unwrap_or(content);
        let Ok(content) = std::str::from_utf8(content) else { continue };
        let tag = BytesStart::from_content(content, name.len());
        for attr in tag.attributes().with_checks(false).flatten() {
            if local_name(attr.key.as_ref()) == b"h" {
                let h = std::str::from_utf8(&attr.value).ok().and_then(|v| v.trim().parse::<u32>().ok());
                let h = h.unwrap_or(super::styles::TALLEST_PAGE);
                tallest = Some(tallest.map_or(h, |t: u32| t.max(h)));
            }
        }
    }
    tallest
}

/// Reads a DrawingML shape's properties (`wps:spPr`, just opened) to their end: its fill, if it
/// sets one (`a:noFill` clear; `a:solidFill` its colour; a gradient, pattern or picture a mix).
/// A scheme colour is taken as the default theme has it for the page and text slots (`bg1`,
/// `lt1` white; `tx1`, `dk1` black), else as a mix: this reader does not read the theme.
pub(super) fn shape_fill(reader: &mut XmlReader<'_>) -> Result<Option<Backdrop>, ExtractError> {
    let until = reader.depth().saturating_sub(1);
    let fills_at = reader.depth() + 1;
    let mut fill = None;
    // Inside the solid fill: its colour so far.
    let mut solid: Option<Option<Rgb>> = None;
    loop {
        let event = reader.next()?;
        let depth = reader.depth();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                let local = local_name(name.as_ref());
                let opens = matches!(event, Event::Start(_));
                let at = depth + usize::from(!opens);
                if at == fills_at {
                    match local {
                        b"noFill" => fill = Some(Backdrop::Clear),
                        b"solidFill" if opens => solid = Some(None),
                        b"solidFill" => fill = Some(Backdrop::Mixed),
                        b"gradFill" | b"pattFill" | b"blipFill" | b"grpFill" => fill = Some(Backdrop::Mixed),
                        _ => {}
                    }
                } else if let Some(colour) = solid.as_mut() {
                    if at == fills_at + 1 {
                        *colour = match local {
                            b"srgbClr" => reader.attr(e, b"val")?.and_then(|v| Rgb::hex(&v)),
                            b"sysClr" => reader.attr(e, b"lastClr")?.and_then(|v| Rgb::hex(&v)),
                            b"prstClr" | b"schemeClr" => match reader.attr(e, b"val")?.as_deref().map(str::trim) {
                                Some("white" | "bg1" | "lt1") => Some(Rgb::WHITE),
                                Some("black" | "tx1" | "dk1") => Some(Rgb(0)),
                                _ => None,
                            },
                            _ => None,
                        };
                    } else if at == fills_at + 2 {
                        // A see-through fill shows what is behind: none of its own.
                        let alpha = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok());
                        if local == b"alpha" && alpha.is_some_and(|a| a < 50_000) {
                            *colour = None;
                            fill = Some(Backdrop::Clear);
                            solid = None;
                        } else {
                            *colour = transformed(*colour, reader, e, local)?;
                        }
                    }
                }
            }
            Event::End(e) if local_name(e.name().as_ref()) == b"solidFill" && depth + 1 == fills_at => {
                if let Some(colour) = solid.take() {
                    fill = Some(colour.map_or(Backdrop::Mixed, Backdrop::Colour));
                }
            }
            Event::End(_) if depth == until => return Ok(fill),
            Event::Eof => return Ok(fill),
            _ => {}
        }
    }
}

/// A VML shape's fill, from its attributes: none when `filled` is false, else `fillcolor`
/// (white when it sets none, as VML's default is; `#RRGGBB`, `white`, `black`, a theme index
/// after the colour ignored), else a mix.
pub(super) fn vml_fill(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Backdrop, ExtractError> {
    if reader.attr(e, b"filled")?.is_some_and(|f| matches!(f.trim(), "f" | "false" | "0")) {
        return Ok(Backdrop::Clear);
    }
    let Some(colour) = reader.attr(e, b"fillcolor")? else { return Ok(Backdrop::Colour(Rgb::WHITE)) };
    let colour = colour.split('[').next().unwrap_or("").trim().to_ascii_lowercase();
    Ok(match colour.as_str() {
        "white" => Backdrop::Colour(Rgb::WHITE),
        "black" => Backdrop::Colour(Rgb(0)),
        c => Rgb::hex(c).map_or(Backdrop::Mixed, Backdrop::Colour),
    })
}
