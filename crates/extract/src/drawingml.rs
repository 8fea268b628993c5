//! DrawingML text, as PPTX slides, XLSX drawings and the charts of both hold it.
//!
//! DrawingML puts text in shapes (`p:sp`, `xdr:sp`), each with a text body of paragraphs (`a:p`)
//! made of runs (`a:r`/`a:t`), fields (`a:fld`, a slide number or a date) and line breaks
//! (`a:br`). Tables (`a:tbl`) hold a text body per cell; group shapes hold shapes. Charts keep
//! their titles as rich text and their category labels as cached strings (`c:strCache/c:pt/c:v`);
//! cached numbers are values, not text, and are skipped.
//!
//! [`paragraphs`] returns every paragraph of a part with what the caller needs to give it a role:
//! the placeholder type of its shape (`title`, `body`, `ftr`, `hdr`, `dt`, `sldNum`…) and the
//! shape's vertical offset (EMU), so that a footer text box of a slide master can be told from
//! its title. Legacy comments keep their text directly in a `p:text` element, which is read too.
//!
//! A run whose font is a symbol font (`a:rPr/a:latin` or `a:sym` = Wingdings, Symbol…) shows its
//! characters as the font's glyphs, and is read so (see [`crate::symbols`]). A run that does not
//! show (its own `a:noFill`, a fill of zero alpha, a size of at most 1pt) is read, and where it
//! sits between shown text the paragraph is also read as it shows ([`Drawn::shown`], field
//! `as shown`). So is a run whose colour is the colour behind it (see [`Canvas`]): its highlight,
//! else its shape's fill (`p:spPr`, else the shape style's `a:fillRef`), else the slide's
//! background (`p:bg`, else the layout's, else the master's), else white. White text on a dark
//! slide shows; white text on a white slide does not; where the background is not known (a
//! chart, a sheet's drawing), colour alone does not hide text. A run's colour and size are its own (`a:rPr`),
//! else what it inherits: its shape's list style, its shape style's font colour (`a:fontRef`),
//! its placeholder's on the layout and the master, the master's text styles, the presentation's
//! default text style (see [`inherit`]).
//!
//! The alternative text of pictures and shapes (`p:cNvPr/@descr` and `@title`, the same in
//! `xdr:` drawings) is returned too, field `alt text`, and so is the name of every shape, picture
//! and group (`cNvPr/@name`, what the Selection Pane lists), field `shape name`, unless it is a
//! name the application gave (`文本框 1`, `Picture 3`: see [`is_default_name`]). A macro an action
//! button runs (`a:hlinkClick/@action` = `ppaction://macro?name=…`) is named in its Action
//! Settings: field `action`. The name of a slide, layout or master (`p:cSld/@name`) is field
//! `slide name`; the name of a sound a click or a transition plays (`a:snd/@name`), field `sound`.
//!
//! PowerPoint writes some objects twice in an `mc:AlternateContent` (a `mc:Choice` for new
//! versions, a `mc:Fallback` for old ones). Both are read, but a paragraph of a later branch whose
//! text an earlier branch of the same alternate already gave is dropped, so a mark is reported
//! once and a hostile file cannot hide text in the fallback alone.

use std::collections::HashSet;

use quick_xml::events::{BytesStart, Event};

pub(crate) use self::colours::Palette;
use crate::as_shown::{blends, AsShown, Backdrop, Ink};
use crate::list_labels::LabelAllowance;
use crate::symbols::{self, SymbolFont};
use crate::xml::{local_name, XmlReader};
use crate::ExtractError;

/// One paragraph of DrawingML text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Drawn {
    /// The paragraph's text (runs joined, `a:br` as `\n`), not empty.
    pub(crate) text: String,
    /// The placeholder type of the enclosing shape, if it is a placeholder (`body` when the
    /// `p:ph` element gives no type).
    pub(crate) placeholder: Option<String>,
    /// The vertical offset of the enclosing shape (`a:off/@y`, EMU), if it has one.
    pub(crate) y: Option<i64>,
    /// Text beside the shape's paragraphs, and the field that names it: `alt text` for a
    /// shape's alternative text (`cNvPr/@descr`, `@title`: what a screen reader says for a
    /// picture or shape, what Office shows in its Alt Text pane), `tooltip` for a hyperlink's
    /// tip (`a:hlinkClick/@tooltip`, `a:hlinkHover/@tooltip`: shown when the pointer rests on
    /// the link), `shape name` for a shape's name (`cNvPr/@name`, listed in the Selection Pane),
    /// `action` for the macro an action button runs, `slide name` for `p:cSld/@name`, `sound`
    /// for a sound's name. `None` for the shape's own text.
    pub(crate) beside: Option<&'static str>,
    /// The paragraph as it shows, when text that does not show (a run without fill, fully
    /// transparent, or at most 1pt high) sits between shown text (see [`crate::as_shown`]):
    /// read beside it, field `as shown`.
    pub(crate) shown: Option<String>,
    /// The paragraph as it shows after its bullet, when the bullet prints words (see
    /// [`bullets`]): read beside it, field `list label`.
    pub(crate) label: Option<String>,
}

impl Drawn {
    /// Text beside the shapes' paragraphs, named by `field`.
    fn beside(text: String, field: &'static str) -> Drawn {
        Drawn { text, placeholder: None, y: None, beside: Some(field), shown: None, label: None }
    }
}

mod autonum;
mod bullets;
mod chart_formats;
mod colours;

pub(crate) use self::chart_formats::shown_in as chart_number_formats;
mod inherit;
mod tables;

use self::autonum::Numbering;
use self::bullets::BulletLook;
pub(crate) use self::colours::transformed;
use self::colours::Fill;
use self::inherit::PlaceholderRef;
pub(crate) use self::inherit::{ListStyle, Template};
pub(crate) use self::tables::TableStyles;

/// What lies behind the shapes of a part, and what its scheme colours are.
#[derive(Clone, Debug, Default)]
pub(crate) struct Canvas {
    /// The background of the slide's layout, else of its master, else white (the slide's own
    /// `p:bg` is read with its shapes). `None` where that is not known (a chart, a drawing of a
    /// sheet, a part without a master): there a colour alone does not make text unseen unless
    /// a fill or highlight of known colour is behind it.
    pub(crate) page: Option<Backdrop>,
    pub(crate) palette: Palette,
    /// The slide's layout and master, and the presentation's default text style: what runs and
    /// placeholders without looks of their own inherit (see [`inherit`]).
    pub(crate) layout: Option<std::sync::Arc<Template>>,
    pub(crate) master: Option<std::sync::Arc<Template>>,
    pub(crate) default_style: Option<std::sync::Arc<ListStyle>>,
    /// The presentation's table styles (see [`tables`]).
    pub(crate) table_styles: Option<std::sync::Arc<tables::TableStyles>>,
}

/// A shape being read.
#[derive(Default)]
struct Shape {
    depth: usize,
    placeholder: Option<String>,
    /// Its `p:ph` as written, for what it inherits.
    ph: Option<PlaceholderRef>,
    /// Its text body's list style (`a:lstStyle`).
    list: Option<ListStyle>,
    y: Option<i64>,
    /// Its own fill (`p:spPr`), and its style's (`p:style/a:fillRef`).
    fill: Option<Backdrop>,
    style_fill: Option<Backdrop>,
    /// Its style's text colour (`p:style/a:fontRef`).
    font_ink: Option<Ink>,
    /// The depth of its `p:spPr`, while open.
    properties: Option<usize>,
}

/// Where a colour element's colour goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Paint {
    Run,
    Highlight,
    ShapeFill,
    StyleFill,
    StyleFont,
    Page,
    CellFill,
}

/// How a piece of a paragraph looks, kept until what is behind it is known.
#[derive(Clone, Copy, Debug)]
struct Piece {
    unseen: bool,
    ink: Option<Ink>,
    highlight: Option<Backdrop>,
    /// Its paragraph's level (`a:pPr/@lvl`, 0 the first), and whether its run sets its size.
    level: u8,
    sized: bool,
}

/// A table cell being read (`a:tc`): its fill (`a:tcPr`) comes after its text, so its
/// paragraphs wait for the cell's end to be read as they show.
struct CellWait {
    depth: usize,
    /// Its row and grid column in its table (from 0).
    row: u32,
    column: u32,
    fill: Option<Backdrop>,
    /// The depth of its `a:tcPr`, while open.
    properties: Option<usize>,
    paragraphs: Vec<Waiting>,
}

/// A paragraph of a table cell waiting for the cell's fill: its text, its pieces, and its text
/// after its bullet (see [`Drawn::label`]).
struct Waiting {
    text: String,
    pieces: Vec<(String, Piece)>,
    label: Option<String>,
}

/// An open `mc:AlternateContent`.
struct Alternate {
    depth: usize,
    /// Branches started so far (the first is 1).
    branches: u32,
    /// Paragraph texts of the first branch.
    seen: HashSet<String>,
}

/// Elements whose text content is document text.
fn is_text_element(local: &[u8]) -> bool {
    matches!(local, b"t" | b"text")
}

/// The paragraphs of a DrawingML part, and whether their list labels reached their allowance
/// (see [`LabelAllowance`]): the later paragraphs' labels are then not read, which the part
/// must say (`Cap::ListLabels`).
pub(crate) struct Drawing {
    pub(crate) paragraphs: Vec<Drawn>,
    pub(crate) labels_capped: bool,
}

/// Reads every paragraph of the DrawingML part `part` (already UTF-8), in document order.
pub(crate) fn paragraphs(part: &str, xml: &[u8], max_depth: usize) -> Result<Drawing, ExtractError> {
    paragraphs_on(part, xml, max_depth, &Canvas::default())
}

/// Reads every paragraph of the DrawingML part `part` (already UTF-8), in document order, on
/// `canvas` (what is behind its shapes, for text whose colour is that of its backdrop).
pub(crate) fn paragraphs_on(
    part: &str,
    xml: &[u8],
    max_depth: usize,
    canvas: &Canvas,
) -> Result<Drawing, ExtractError> {
    let mut reader = XmlReader::new(part, xml, max_depth);
    let mut labels = LabelAllowance::default();
    let palette = &canvas.palette;
    let mut page = Some(canvas.page.unwrap_or(Backdrop::Mixed));
    // The depth of the slide's own background (`p:bg`), while open.
    let mut in_background: Option<usize> = None;
    // The element whose child colour element gives a colour, with where it goes, and a colour
    // element being read (a transform inside makes its colour unknown).
    let mut paint: Option<(usize, Paint)> = None;
    let mut painting: Option<(usize, Paint, Option<crate::as_shown::Rgb>)> = None;
    let (mut run_ink, mut run_highlight): (Option<Ink>, Option<Backdrop>) = (None, None);
    // The table cell being read, and the pieces of its open paragraph.
    let mut cell: Option<CellWait> = None;
    let mut pieces: Vec<(String, Piece)> = Vec::new();
    let mut out = Vec::new();
    let mut shapes: Vec<Shape> = Vec::new();
    let mut alternates: Vec<Alternate> = Vec::new();
    // The open paragraph: its text, whether it was opened by a bare text element (a chart value,
    // a comment's `p:text`), and the depth at which it closes.
    let mut open: Option<(String, usize)> = None;
    let mut in_text = 0u32;
    // The symbol font of the run being read (`a:rPr/a:latin` or `a:sym`): its text shows as the
    // font's glyphs (see [`crate::symbols`]).
    let mut run_font: Option<SymbolFont> = None;
    // Depth of an open string cache of a chart (`c:strCache`, `c:strLit`), whose `c:v` are text.
    let mut str_cache: Option<usize> = None;
    // Whether the run being read is unseen (see [`Drawn::shown`]), the depth of its `a:rPr` and
    // of that element's own fill, and the open paragraph's shown reading.
    let mut run_unseen = false;
    let mut run_sized = false;
    let mut level = 0u8;
    // The open paragraph's own properties (`a:pPr`, their depth while open) and the bullet
    // they give.
    let mut paragraph_props: Option<usize> = None;
    let mut bullet = BulletLook::default();
    // The automatic numbers of the open text body.
    let mut numbering = Numbering::default();
    let mut run_props: Option<usize> = None;
    let mut run_fill: Option<usize> = None;
    let mut as_shown = AsShown::default();
    // What the open table's style may do to its cells, and whether its identifier is being read;
    // its rows so far, the grid column of its next cell, and its cells read, which wait for
    // the table's end (a last row's part of the style needs the number of rows).
    let mut table = tables::TableLook::default();
    let mut in_style_id = false;
    let (mut rows, mut column) = (0u32, 0u32);
    let mut table_cells: Vec<CellWait> = Vec::new();
    // A chart's number formats and cached values (see [`chart_formats`]).
    let mut chart = chart_formats::ChartFormats::default();
    loop {
        let event = reader.next()?;
        match &event {
            // A number cache holds values and their format, no text of the chart's own.
            Event::Start(e)
                if chart.wants_text() || matches!(local_name(e.name().as_ref()), b"numCache" | b"numLit") =>
            {
                chart.open(&reader, e, local_name(e.name().as_ref()), reader.depth(), false)?;
            }
            Event::Empty(e) if chart.wants_text() || local_name(e.name().as_ref()) == b"numFmt" => {
                chart.open(&reader, e, local_name(e.name().as_ref()), reader.depth() + 1, true)?;
            }
            Event::Text(t) if chart.wants_text() => chart.text(&reader.text(t)?),
            Event::End(e) if chart.wants_text() => chart.close(local_name(e.name().as_ref()), reader.depth() + 1),
            Event::Start(e) => {
                let depth = reader.depth();
                let qname = e.name();
                let local = local_name(qname.as_ref());
                match local {
                    b"sp" | b"graphicFrame" | b"cxnSp" | b"pic" | b"grpSp" => {
                        // A shape in a group inherits the group's placeholder-less context.
                        shapes.push(Shape { depth, ..Shape::default() })
                    }
                    b"AlternateContent" => alternates.push(Alternate { depth, branches: 0, seen: HashSet::new() }),
                    b"Choice" | b"Fallback" => {
                        if let Some(a) = alternates.last_mut().filter(|a| a.depth + 1 == depth) {
                            a.branches += 1;
                        }
                    }
                    b"numFmt" => chart.open(&reader, e, local, depth, false)?,
                    b"cNvPr" => alt_text(&reader, e, &mut out)?,
                    b"hlinkClick" | b"hlinkHover" => tooltip(&reader, e, &mut out)?,
                    b"cSld" => slide_name(&reader, e, &mut out)?,
                    b"snd" => sound_name(&reader, e, &mut out)?,
                    b"r" | b"fld" => {
                        run_font = None;
                        (run_unseen, run_sized) = (false, false);
                        (run_ink, run_highlight) = (None, None);
                    }
                    b"rPr" => {
                        run_props = Some(depth);
                        run_unseen |= too_small(&reader, e)?;
                        run_sized |= reader.attr(e, b"sz")?.is_some();
                    }
                    b"pPr" if open.is_some() => {
                        level = paragraph_level(&reader, e)?;
                        paragraph_props = Some(depth);
                    }
                    _ if BulletLook::is_bullet(local) && paragraph_props.is_some_and(|d| d + 1 == depth) => {
                        bullet.read(&reader, e, local)?
                    }
                    b"gradFill" | b"blipFill" | b"pattFill" | b"grpFill"
                        if run_props.is_some_and(|d| d + 1 == depth) =>
                    {
                        run_ink = Some(Ink::Auto)
                    }
                    b"lstStyle" if shapes.last().is_some_and(|s| s.depth + 2 == depth) => {
                        let list = ListStyle::read(&mut reader)?;
                        if let Some(shape) = shapes.last_mut() {
                            shape.list = Some(list);
                        }
                    }
                    b"solidFill" if run_props.is_some_and(|d| d + 1 == depth) => {
                        run_fill = Some(depth);
                        paint = Some((depth, Paint::Run));
                    }
                    b"highlight" if run_props.is_some_and(|d| d + 1 == depth) => {
                        paint = Some((depth, Paint::Highlight))
                    }
                    b"spPr" if shapes.last().is_some_and(|s| s.depth + 1 == depth) => {
                        if let Some(shape) = shapes.last_mut() {
                            shape.properties = Some(depth);
                        }
                    }
                    b"solidFill" if shapes.last().is_some_and(|s| s.properties.is_some_and(|d| d + 1 == depth)) => {
                        paint = Some((depth, Paint::ShapeFill));
                    }
                    b"gradFill" | b"blipFill" | b"pattFill" | b"grpFill"
                        if shapes.last().is_some_and(|s| s.properties.is_some_and(|d| d + 1 == depth)) =>
                    {
                        if let Some(shape) = shapes.last_mut() {
                            shape.fill = Some(Backdrop::Mixed);
                        }
                    }
                    b"fillRef" | b"fontRef" if shapes.last().is_some_and(|s| s.depth + 2 == depth) => {
                        paint = style_reference(&reader, e, local, shapes.last_mut(), depth)?;
                    }
                    b"tbl" => (table, rows) = (tables::TableLook::default(), 0),
                    b"tblPr" => table.turn_on(&reader, e)?,
                    b"gridCol" => table.columns += 1,
                    b"tr" => (rows, column) = (rows.saturating_add(1), 0),
                    b"tableStyleId" => in_style_id = true,
                    b"tc" if cell.is_none() => {
                        let row = rows.saturating_sub(1);
                        cell =
                            Some(CellWait { depth, row, column, fill: None, properties: None, paragraphs: Vec::new() });
                    }
                    b"tcPr" => {
                        if let Some(c) = cell.as_mut() {
                            c.properties = Some(depth);
                        }
                    }
                    b"solidFill" if cell.as_ref().is_some_and(|c| c.properties.is_some_and(|d| d + 1 == depth)) => {
                        paint = Some((depth, Paint::CellFill));
                    }
                    b"bg" => {
                        in_background = Some(depth);
                        page = Some(Backdrop::Mixed);
                    }
                    b"solidFill" if in_background.is_some() => paint = Some((depth, Paint::Page)),
                    // The theme's first background fill is solid, in the colour given.
                    b"bgRef" if in_background.is_some() => {
                        if reader.attr(e, b"idx")?.is_some_and(|i| i.trim() == "1001") {
                            paint = Some((depth, Paint::Page));
                        }
                    }
                    _ if colours::is_colour(local) && paint.is_some_and(|(d, _)| d + 1 == depth) => {
                        let target = paint.map(|(_, t)| t).unwrap_or(Paint::Run);
                        let colour = palette.colour(&reader, e, local)?;
                        apply(
                            target,
                            colour,
                            &mut run_ink,
                            &mut run_highlight,
                            shapes.last_mut(),
                            &mut page,
                            &mut cell,
                        );
                        painting = Some((depth, target, colour));
                    }
                    _ if painting.is_some_and(|(d, _, _)| d + 1 == depth) && local != b"alpha" => {
                        if let Some((_, target, colour)) = painting.as_mut() {
                            *colour = colours::transformed(*colour, &reader, e, local)?;
                            let (target, colour) = (*target, *colour);
                            apply(
                                target,
                                colour,
                                &mut run_ink,
                                &mut run_highlight,
                                shapes.last_mut(),
                                &mut page,
                                &mut cell,
                            );
                        }
                    }
                    b"txBody" | b"rich" => numbering = Numbering::default(),
                    b"strCache" | b"strLit" => str_cache = Some(depth),
                    b"p" if open.is_none() => {
                        open = Some((String::new(), depth));
                        level = 0;
                        bullet = BulletLook::default();
                    }
                    b"v" if str_cache.is_some() => {
                        if open.is_none() {
                            open = Some((String::new(), depth));
                        }
                        in_text += 1;
                    }
                    _ if is_text_element(local) => {
                        if open.is_none() {
                            open = Some((String::new(), depth));
                        }
                        in_text += 1;
                    }
                    _ => shape_detail(&reader, e, local, shapes.last_mut())?,
                }
            }
            Event::Empty(e) => {
                let qname = e.name();
                let local = local_name(qname.as_ref());
                match local {
                    b"br" => {
                        if let Some((text, _)) = open.as_mut() {
                            text.push('\n');
                        }
                    }
                    b"tblPr" => table.turn_on(&reader, e)?,
                    b"gridCol" => table.columns += 1,
                    b"tc" if cell.is_none() => column = column.saturating_add(1),
                    b"cNvPr" => alt_text(&reader, e, &mut out)?,
                    b"hlinkClick" | b"hlinkHover" => tooltip(&reader, e, &mut out)?,
                    b"cSld" => slide_name(&reader, e, &mut out)?,
                    b"snd" => sound_name(&reader, e, &mut out)?,
                    b"latin" | b"sym" => {
                        if let Some(font) = reader.attr(e, b"typeface")?.and_then(|t| SymbolFont::named(&t)) {
                            run_font = Some(font);
                        }
                    }
                    b"rPr" => {
                        run_unseen |= too_small(&reader, e)?;
                        run_sized |= reader.attr(e, b"sz")?.is_some();
                    }
                    b"pPr" if open.is_some() => level = paragraph_level(&reader, e)?,
                    _ if BulletLook::is_bullet(local) && paragraph_props == Some(reader.depth()) => {
                        bullet.read(&reader, e, local)?
                    }
                    b"gradFill" | b"blipFill" | b"pattFill" | b"grpFill" if run_props == Some(reader.depth()) => {
                        run_ink = Some(Ink::Auto)
                    }
                    // The run's own fill (not its outline's): none, or fully transparent.
                    b"noFill" if run_props == Some(reader.depth()) => run_unseen = true,
                    b"noFill" | b"gradFill" | b"blipFill" | b"pattFill" | b"grpFill"
                        if shapes.last().is_some_and(|s| s.properties == Some(reader.depth())) =>
                    {
                        if let Some(shape) = shapes.last_mut() {
                            shape.fill = Some(if local == b"noFill" { Backdrop::Clear } else { Backdrop::Mixed });
                        }
                    }
                    b"noFill" | b"gradFill" | b"blipFill" | b"pattFill" | b"grpFill"
                        if cell.as_ref().is_some_and(|c| c.properties == Some(reader.depth())) =>
                    {
                        if let Some(c) = cell.as_mut() {
                            c.fill = Some(if local == b"noFill" { Backdrop::Clear } else { Backdrop::Mixed });
                        }
                    }
                    b"fillRef" if shapes.last().is_some_and(|s| s.depth + 1 == reader.depth()) => {
                        style_reference(&reader, e, local, shapes.last_mut(), reader.depth() + 1)?;
                    }
                    _ if colours::is_colour(local) && paint.is_some_and(|(d, _)| d == reader.depth()) => {
                        let target = paint.map(|(_, t)| t).unwrap_or(Paint::Run);
                        let colour = palette.colour(&reader, e, local)?;
                        apply(
                            target,
                            colour,
                            &mut run_ink,
                            &mut run_highlight,
                            shapes.last_mut(),
                            &mut page,
                            &mut cell,
                        );
                    }
                    // (`a:alpha` keeps the colour; a transparent run is checked below.)
                    _ if painting.is_some_and(|(d, _, _)| d == reader.depth()) && local != b"alpha" => {
                        if let Some((_, target, colour)) = painting.as_mut() {
                            *colour = colours::transformed(*colour, &reader, e, local)?;
                            let (target, colour) = (*target, *colour);
                            apply(
                                target,
                                colour,
                                &mut run_ink,
                                &mut run_highlight,
                                shapes.last_mut(),
                                &mut page,
                                &mut cell,
                            );
                        }
                    }
                    b"alpha" if run_fill.is_some_and(|d| d + 1 == reader.depth()) => {
                        run_unseen |=
                            reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()).is_some_and(|v| v == 0);
                    }
                    _ => shape_detail(&reader, e, local, shapes.last_mut())?,
                }
            }
            Event::Text(t) if in_style_id => {
                let id = reader.text(t)?;
                if let Some(styles) = &canvas.table_styles {
                    table.set_style(styles, &id);
                }
            }
            Event::Text(t) if in_text > 0 => {
                let s = reader.text(t)?;
                if let Some((text, _)) = open.as_mut() {
                    let s = match run_font {
                        Some(font) => std::borrow::Cow::Owned(symbols::map_text(font, &s)),
                        None => s,
                    };
                    let piece =
                        Piece { unseen: run_unseen, ink: run_ink, highlight: run_highlight, level, sized: run_sized };
                    if cell.is_some() {
                        pieces.push((s.to_string(), piece));
                    } else {
                        as_shown.push(&s, !piece_unseen(piece, None, None, &shapes, page, canvas));
                    }
                    text.push_str(&s);
                }
            }
            Event::CData(c) if in_text > 0 => {
                let s = reader.cdata(c)?;
                if let Some((text, _)) = open.as_mut() {
                    let piece =
                        Piece { unseen: run_unseen, ink: run_ink, highlight: run_highlight, level, sized: run_sized };
                    if cell.is_some() {
                        pieces.push((s.to_owned(), piece));
                    } else {
                        as_shown.push(s, !piece_unseen(piece, None, None, &shapes, page, canvas));
                    }
                    text.push_str(s);
                }
            }
            Event::End(e) => {
                // The depth the element had while open.
                let depth = reader.depth() + 1;
                let qname = e.name();
                let local = local_name(qname.as_ref());
                in_style_id &= local != b"tableStyleId";
                if is_text_element(local) || (local == b"v" && str_cache.is_some()) {
                    in_text = in_text.saturating_sub(1);
                }
                if local == b"r" || local == b"fld" {
                    run_font = None;
                    (run_unseen, run_sized) = (false, false);
                    (run_ink, run_highlight) = (None, None);
                }
                if paint.is_some_and(|(d, _)| d == depth) {
                    paint = None;
                }
                if painting.is_some_and(|(d, _, _)| d == depth) {
                    painting = None;
                }
                if in_background == Some(depth) {
                    in_background = None;
                }
                if let Some(shape) = shapes.last_mut().filter(|s| s.properties == Some(depth)) {
                    shape.properties = None;
                }
                if run_props == Some(depth) {
                    run_props = None;
                }
                if run_fill == Some(depth) {
                    run_fill = None;
                }
                if paragraph_props == Some(depth) {
                    paragraph_props = None;
                }
                if open.as_ref().is_some_and(|(_, d)| *d == depth) {
                    if let Some((text, _)) = open.take() {
                        let label = bullet_label(&bullet, level, &shapes, canvas, &text, &mut numbering, &mut labels);
                        match cell.as_mut() {
                            Some(c) => c.paragraphs.push(Waiting { text, pieces: std::mem::take(&mut pieces), label }),
                            None => {
                                let shown = as_shown.finish();
                                emit(text, shown, label, &shapes, &mut alternates, &mut out);
                            }
                        }
                    }
                }
                if let Some(c) = cell.as_mut().filter(|c| c.properties == Some(depth)) {
                    c.properties = None;
                }
                if let Some(c) = cell.take_if(|c| c.depth == depth) {
                    column = column.saturating_add(1);
                    table_cells.push(c);
                }
                if local == b"tbl" {
                    emit_cells(&mut table_cells, &table, rows, &shapes, page, canvas, &mut alternates, &mut out);
                }
                if str_cache == Some(depth) {
                    str_cache = None;
                }
                if shapes.last().is_some_and(|s| s.depth == depth) {
                    shapes.pop();
                }
                if alternates.last().is_some_and(|a| a.depth == depth) {
                    alternates.pop();
                }
            }
            Event::Eof => {
                // A table the part never closes: its cells as far as they were read.
                if let Some(c) = cell.take() {
                    table_cells.push(c);
                }
                emit_cells(&mut table_cells, &table, rows, &shapes, page, canvas, &mut alternates, &mut out);
                for text in chart.shown() {
                    out.push(Drawn::beside(text, "number format"));
                }
                return Ok(Drawing { paragraphs: out, labels_capped: !labels.is_open() });
            }
            _ => {}
        }
    }
}

/// Emits the paragraphs of the cells of a table (`cells`, taken) as they show on the fills
/// behind them: the cell's own (`a:tcPr`), else what the table's style (`table`, with `rows`
/// rows) puts there, in the colour the style gives text that sets none.
#[allow(clippy::too_many_arguments)]
fn emit_cells(
    cells: &mut Vec<CellWait>,
    table: &tables::TableLook,
    rows: u32,
    shapes: &[Shape],
    page: Option<Backdrop>,
    canvas: &Canvas,
    alternates: &mut [Alternate],
    out: &mut Vec<Drawn>,
) {
    for c in cells.drain(..) {
        let (style_fill, style_ink) = table.cell(c.row, c.column, rows, &canvas.palette);
        let fill = c.fill.or(style_fill);
        for Waiting { text, pieces, label } in c.paragraphs {
            let mut shown = AsShown::default();
            for (piece_text, piece) in &pieces {
                shown.push(piece_text, !piece_unseen(*piece, fill, style_ink, shapes, page, canvas));
            }
            emit(text, shown.finish(), label, shapes, alternates, out);
        }
    }
}

/// Whether a piece is unseen: by itself (no fill, transparent, 1pt), or because its colour
/// (else its shape style's font colour) cannot be made out on what is behind it: its
/// highlight, its table cell's fill, the innermost shape with a fill, the page. A run without
/// its own fill or size takes them from its shape's list style, its shape style, then what its
/// placeholder and the presentation give (see [`inherit`]).
fn piece_unseen(
    piece: Piece,
    cell: Option<Backdrop>,
    table_ink: Option<Ink>,
    shapes: &[Shape],
    page: Option<Backdrop>,
    canvas: &Canvas,
) -> bool {
    if piece.unseen {
        return true;
    }
    let level = usize::from(piece.level);
    let shape = shapes.last();
    let own = shape.and_then(|s| s.list.as_ref());
    let inherited = canvas.inherited_run(shape.and_then(|s| s.ph.as_ref()), level);
    // A fill's ink, or `None` where it draws nothing.
    let ink_of = |fill: &Fill| match fill {
        Fill::None => None,
        Fill::Solid(spec) if spec.transparent => None,
        Fill::Solid(spec) => Some(spec.resolve(&canvas.palette).map_or(Ink::Auto, Ink::Colour)),
        Fill::Mixed => Some(Ink::Auto),
    };
    let ink = if let Some(ink) = piece.ink {
        Some(ink)
    } else if let Some(fill) = own.and_then(|l| l.fill(level)) {
        match ink_of(fill) {
            None => return true,
            ink => ink,
        }
    } else if let Some(ink) = table_ink {
        // Its table's style colours it.
        Some(ink)
    } else if let Some(ink) = shapes.iter().rev().find_map(|s| s.font_ink) {
        Some(ink)
    } else if let Some(fill) = &inherited.fill {
        match ink_of(fill) {
            None => return true,
            ink => ink,
        }
    } else {
        None
    };
    if !piece.sized && own.and_then(|l| l.size(level)).or(inherited.size).is_some_and(|size| size <= 100) {
        return true;
    }
    let fills = shapes
        .iter()
        .rev()
        .map(|s| s.fill.or(s.style_fill).or_else(|| s.ph.as_ref().and_then(|at| canvas.inherited_fill(at))));
    blends(ink, [piece.highlight, cell].into_iter().chain(fills).chain(std::iter::once(page)))
}

/// The paragraph `text` as it shows after its bullet, when the bullet prints words: its own
/// (`bullet`), else its level's in its shape's list style, else what it inherits (see
/// [`bullets`]). Its number, if it has one, is counted in `numbering` (past the part's
/// allowance for labels, `labels`, too: later numbers stay right), and the label is read within
/// that allowance.
fn bullet_label(
    bullet: &BulletLook,
    level: u8,
    shapes: &[Shape],
    canvas: &Canvas,
    text: &str,
    numbering: &mut Numbering,
    labels: &mut LabelAllowance,
) -> Option<String> {
    // No bullet shows before an empty paragraph, and it is not counted.
    if text.trim().is_empty() {
        return None;
    }
    let level = usize::from(level);
    let mut look = bullet.clone();
    let shape = shapes.last();
    if !look.is_whole() {
        if let Some(list) = shape.and_then(|s| s.list.as_ref()) {
            look = look.or(&list.bullet(level));
        }
    }
    if !look.is_whole() {
        look = look.or(&canvas.inherited_bullet(shape.and_then(|s| s.ph.as_ref()), level));
    }
    let label = look.label(text, level, numbering)?;
    // What the bullet adds costs its length, for every paragraph: charged.
    let added = label.len().saturating_sub(text.trim().len());
    (labels.is_open() && labels.charge_bytes(added)).then_some(label)
}

/// The level of a paragraph (`a:pPr/@lvl`, 0 to 8).
fn paragraph_level(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<u8, ExtractError> {
    Ok(reader.attr(e, b"lvl")?.and_then(|v| v.trim().parse::<u8>().ok()).map_or(0, |l| l.min(8)))
}

/// A colour read (`None`: not known) goes where it belongs.
fn apply(
    target: Paint,
    colour: Option<crate::as_shown::Rgb>,
    run_ink: &mut Option<Ink>,
    run_highlight: &mut Option<Backdrop>,
    shape: Option<&mut Shape>,
    page: &mut Option<Backdrop>,
    cell: &mut Option<CellWait>,
) {
    let ink = colour.map_or(Ink::Auto, Ink::Colour);
    let backdrop = colour.map_or(Backdrop::Mixed, Backdrop::Colour);
    match (target, shape) {
        (Paint::Run, _) => *run_ink = Some(ink),
        (Paint::Highlight, _) => *run_highlight = Some(backdrop),
        (Paint::Page, _) => *page = Some(backdrop),
        (Paint::CellFill, _) => {
            if let Some(cell) = cell.as_mut() {
                cell.fill = Some(backdrop);
            }
        }
        (Paint::ShapeFill, Some(shape)) => shape.fill = Some(backdrop),
        (Paint::StyleFill, Some(shape)) => shape.style_fill = Some(backdrop),
        (Paint::StyleFont, Some(shape)) => shape.font_ink = Some(ink),
        _ => {}
    }
}

/// A shape style's fill or font reference (`p:style/a:fillRef`, `a:fontRef`, at `depth`): the
/// theme's fill `idx` 0 is none, 1 is solid in the colour given, others are gradients or
/// pictures. Gives where the colour inside goes.
fn style_reference(
    reader: &XmlReader<'_>,
    e: &BytesStart<'_>,
    local: &[u8],
    shape: Option<&mut Shape>,
    depth: usize,
) -> Result<Option<(usize, Paint)>, ExtractError> {
    let Some(shape) = shape else { return Ok(None) };
    if local == b"fontRef" {
        return Ok(Some((depth, Paint::StyleFont)));
    }
    match reader.attr(e, b"idx")?.and_then(|i| i.trim().parse::<u32>().ok()) {
        Some(0) => shape.style_fill = Some(Backdrop::Clear),
        Some(1) => return Ok(Some((depth, Paint::StyleFill))),
        _ => shape.style_fill = Some(Backdrop::Mixed),
    }
    Ok(None)
}

/// Records what an element says about the shape it is in: its placeholder type, its offset.
fn shape_detail(
    reader: &XmlReader<'_>,
    e: &BytesStart<'_>,
    local: &[u8],
    shape: Option<&mut Shape>,
) -> Result<(), ExtractError> {
    let Some(shape) = shape else { return Ok(()) };
    match local {
        b"ph" => {
            let kind = reader.attr(e, b"type")?;
            shape.placeholder = Some(kind.as_deref().map_or_else(|| "body".to_owned(), str::to_owned));
            let idx = reader.attr(e, b"idx")?.and_then(|i| i.trim().parse().ok());
            shape.ph = Some(PlaceholderRef { kind: kind.map(|k| k.trim().to_owned()), idx });
        }
        b"off" if shape.y.is_none() => {
            shape.y = reader.attr(e, b"y")?.and_then(|y| y.trim().parse().ok());
        }
        _ => {}
    }
    Ok(())
}

/// Whether a run's properties (`a:rPr`) make its text at most 1pt high (`sz` in hundredths of a
/// point).
fn too_small(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<bool, ExtractError> {
    Ok(reader.attr(e, b"sz")?.and_then(|v| v.trim().parse::<u32>().ok()).is_some_and(|size| size <= 100))
}

/// Hands a finished paragraph out, unless it is empty or repeats an earlier alternate branch.
fn emit(
    text: String,
    shown: Option<String>,
    label: Option<String>,
    shapes: &[Shape],
    alternates: &mut [Alternate],
    out: &mut Vec<Drawn>,
) {
    if text.trim().is_empty() {
        return;
    }
    if let Some(a) = alternates.last_mut() {
        let key = text.trim().to_owned();
        if a.branches <= 1 {
            a.seen.insert(key);
        } else if a.seen.contains(&key) {
            return;
        }
    }
    // The innermost shape that says something about placement.
    let placeholder = shapes.iter().rev().find_map(|s| s.placeholder.clone());
    let y = shapes.iter().rev().find_map(|s| s.y);
    out.push(Drawn { text, placeholder, y, beside: None, shown, label });
}

/// The alternative text of a shape's non-visual properties (`cNvPr`), and its name unless the
/// application gave it, as paragraphs.
fn alt_text(reader: &XmlReader<'_>, e: &BytesStart<'_>, out: &mut Vec<Drawn>) -> Result<(), ExtractError> {
    for attr in [&b"descr"[..], b"title"] {
        if let Some(text) = reader.attr(e, attr)?.filter(|t| !t.trim().is_empty()) {
            out.push(Drawn::beside(text.into_owned(), "alt text"));
        }
    }
    if let Some(name) = reader.attr(e, b"name")?.filter(|n| !is_default_name(n)) {
        out.push(Drawn::beside(name.into_owned(), "shape name"));
    }
    Ok(())
}

/// The name of a slide, layout or master (`p:cSld/@name`): PowerPoint shows a layout's and a
/// master's in the Layout gallery and the Slide Master view (field `slide name`).
fn slide_name(reader: &XmlReader<'_>, e: &BytesStart<'_>, out: &mut Vec<Drawn>) -> Result<(), ExtractError> {
    if let Some(name) = reader.attr(e, b"name")?.filter(|n| !n.trim().is_empty()) {
        out.push(Drawn::beside(name.into_owned(), "slide name"));
    }
    Ok(())
}

/// The name of the sound a click or a transition plays (`a:snd/@name`, `p:snd/@name`), listed
/// in the Action Settings and Transitions sound menus (field `sound`).
fn sound_name(reader: &XmlReader<'_>, e: &BytesStart<'_>, out: &mut Vec<Drawn>) -> Result<(), ExtractError> {
    if let Some(name) = reader.attr(e, b"name")?.filter(|n| !n.trim().is_empty()) {
        out.push(Drawn::beside(name.into_owned(), "sound"));
    }
    Ok(())
}

/// The words Office and WPS name a new shape, picture, group, placeholder or form control with,
/// before its number (`矩形 2`, `Rectangle 5`, `Content Placeholder 2`). A shape's name is text
/// like any other and is read; these are left out only because they are the application's, not
/// the author's, and none of them can hold a mark or a term.
const DEFAULT_NAME_WORDS: &[&str] = &[
    "Title",
    "Subtitle",
    "Content Placeholder",
    "Text Placeholder",
    "Picture Placeholder",
    "Date Placeholder",
    "Footer Placeholder",
    "Slide Number Placeholder",
    "Header Placeholder",
    "Notes Placeholder",
    "Slide Image Placeholder",
    "Table Placeholder",
    "Chart Placeholder",
    "Media Placeholder",
    "Vertical Title",
    "Vertical Text Placeholder",
    "TextBox",
    "Text Box",
    "Rectangle",
    "Rounded Rectangle",
    "Oval",
    "Picture",
    "Group",
    "Table",
    "Chart",
    "Diagram",
    "Graphic",
    "Freeform",
    "Straight Connector",
    "Straight Arrow Connector",
    "Elbow Connector",
    "Curved Connector",
    "Connector",
    "Line",
    "Object",
    "Image",
    "Shape",
    "WordArt",
    "Drop Down",
    "Button",
    "Check Box",
    "Option Button",
    "List Box",
    "Combo Box",
    "Group Box",
    "Label",
    "Scroll Bar",
    "Spinner",
    "Comment",
    "Ink",
    "Video",
    "Audio",
    "Isosceles Triangle",
    "Right Triangle",
    "Right Arrow",
    "Left Arrow",
    "Up Arrow",
    "Down Arrow",
    "Arrow",
    "Star",
    "Callout",
    "Cloud",
    "Heart",
    "Smiley Face",
    "Pentagon",
    "Hexagon",
    "Octagon",
    "Diamond",
    "Parallelogram",
    "Trapezoid",
    "Cube",
    "Can",
    "Arc",
    "Flowchart",
    "Canvas",
    "SmartArt",
    "标题",
    "副标题",
    "内容占位符",
    "文本占位符",
    "图片占位符",
    "日期占位符",
    "页脚占位符",
    "灯片编号占位符",
    "幻灯片编号占位符",
    "页眉占位符",
    "备注占位符",
    "幻灯片图像占位符",
    "表格占位符",
    "图表占位符",
    "媒体占位符",
    "竖排标题",
    "竖排文字占位符",
    "文本框",
    "矩形",
    "圆角矩形",
    "椭圆",
    "图片",
    "组合",
    "表格",
    "图表",
    "图示",
    "图形",
    "任意多边形",
    "直接连接符",
    "直接箭头连接符",
    "肘形连接符",
    "曲线连接符",
    "连接符",
    "直线",
    "对象",
    "图像",
    "形状",
    "艺术字",
    "组合框",
    "按钮",
    "复选框",
    "选项按钮",
    "列表框",
    "分组框",
    "标签",
    "滚动条",
    "微调项",
    "批注",
    "墨迹",
    "视频",
    "音频",
    "等腰三角形",
    "直角三角形",
    "箭头",
    "右箭头",
    "左箭头",
    "上箭头",
    "下箭头",
    "星形",
    "标注",
    "云形",
    "心形",
    "笑脸",
    "五边形",
    "六边形",
    "八边形",
    "菱形",
    "平行四边形",
    "梯形",
    "立方体",
    "圆柱形",
    "弧形",
    "流程图",
    "画布",
];

/// Whether a shape's name is empty or the application's own: one of [`DEFAULT_NAME_WORDS`],
/// optionally followed by what PowerPoint adds after a colon (`Freeform: Shape 3`,
/// `矩形: 圆角 4`), then a space (or none, as WPS writes `图片1`) and a number.
pub(crate) fn is_default_name(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return true;
    }
    let words = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if words.len() == name.len() {
        return false;
    }
    let words = words.trim_end();
    let known = |w: &str| DEFAULT_NAME_WORDS.iter().any(|d| d.eq_ignore_ascii_case(w.trim()));
    match words.split_once([':', '：']) {
        Some((kind, variant)) => known(kind) && DEFAULT_VARIANTS.iter().any(|v| v.eq_ignore_ascii_case(variant.trim())),
        None => known(words),
    }
}

/// What PowerPoint writes after the colon of a default name (`Freeform: Shape 3`,
/// `Rectangle: Rounded Corners 4`, `矩形: 圆角 4`). A name with anything else there is read.
const DEFAULT_VARIANTS: &[&str] = &[
    "Shape",
    "Rounded Corners",
    "Single Corner Rounded",
    "Top Corners Rounded",
    "Diagonal Corners Rounded",
    "Right",
    "Left",
    "Up",
    "Down",
    "Process",
    "Decision",
    "5 Points",
    "Rectangle",
    "Oval",
    "Line",
    "Bent",
    "Curved Right",
    "Curved Left",
    "形状",
    "圆角",
    "单圆角",
    "顶部圆角",
    "对角圆角",
    "右",
    "左",
    "上",
    "下",
    "过程",
    "决策",
    "五角",
    "矩形",
    "椭圆",
    "直线",
];

/// A hyperlink's tip (`a:hlinkClick`, `a:hlinkHover`): shown when the pointer rests on the link;
/// and the macro an action button runs (`action="ppaction://macro?name=…"`), named in its Action
/// Settings. (The link's target, a URL or a program, is a relationship: see
/// [`crate::ooxml::read_external_links`].)
fn tooltip(reader: &XmlReader<'_>, e: &BytesStart<'_>, out: &mut Vec<Drawn>) -> Result<(), ExtractError> {
    if let Some(text) = reader.attr(e, b"tooltip")?.filter(|t| !t.trim().is_empty()) {
        out.push(Drawn::beside(text.into_owned(), "tooltip"));
    }
    if let Some(action) = reader.attr(e, b"action")? {
        if let Some((_, macro_name)) = action.split_once("macro?name=") {
            let text = crate::percent::decoded(macro_name).into_owned();
            if !text.trim().is_empty() {
                out.push(Drawn::beside(text, "action"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_tips_are_read_beside_the_text() {
        let xml = r#"<p:sld xmlns:p="p" xmlns:a="a" xmlns:r="r"><p:sp><p:nvSpPr><p:cNvPr id="2" name="TextBox 1"><a:hlinkClick r:id="rId1" tooltip="绝密★启用前"/></p:cNvPr></p:nvSpPr><p:txBody><a:p><a:r><a:rPr><a:hlinkClick r:id="rId2" tooltip="提示"/></a:rPr><a:t>链接</a:t></a:r></a:p></p:txBody></p:sp></p:sld>"#;
        let got = paragraphs("p.xml", xml.as_bytes(), 64).unwrap().paragraphs;
        let described: Vec<(&str, Option<&str>)> = got.iter().map(|d| (d.text.as_str(), d.beside)).collect();
        assert_eq!(described, vec![("绝密★启用前", Some("tooltip")), ("提示", Some("tooltip")), ("链接", None)]);
    }

    /// A bullet of 3,000 characters in a shape's list style before 1,000 paragraphs (a slide of
    /// a few KB, all in memory) would add nine million bytes of labels: they stop at the
    /// allowance, the drawing says so, and every paragraph is still read.
    #[test]
    fn list_labels_stop_at_their_allowance() {
        use crate::list_labels::MAX_LABEL_BYTES;
        let bullet = "机".repeat(3000);
        let items = "<a:p><a:r><a:t>x</a:t></a:r></a:p>".repeat(1000);
        let xml = format!(
            r#"<p:sld xmlns:p="p" xmlns:a="a"><p:sp><p:txBody><a:lstStyle><a:lvl1pPr><a:buChar char="{bullet}"/></a:lvl1pPr></a:lstStyle>{items}</p:txBody></p:sp></p:sld>"#
        );
        let drawing = paragraphs("p.xml", xml.as_bytes(), 64).unwrap();
        let labels: Vec<&str> = drawing.paragraphs.iter().filter_map(|p| p.label.as_deref()).collect();
        assert_eq!(labels[0], format!("{bullet}x"));
        let bytes: usize = labels.iter().map(|l| l.len() - 1).sum();
        assert!(bytes <= MAX_LABEL_BYTES && bytes > MAX_LABEL_BYTES - 9000, "{bytes} bytes of labels");
        assert!(drawing.labels_capped);
        assert_eq!(drawing.paragraphs.iter().filter(|p| p.text == "x").count(), 1000);
        let small = xml.replace(&items, &"<a:p><a:r><a:t>x</a:t></a:r></a:p>".repeat(3));
        assert!(!paragraphs("p.xml", small.as_bytes(), 64).unwrap().labels_capped);
    }

    fn texts(xml: &str) -> Vec<String> {
        paragraphs("p.xml", xml.as_bytes(), 64).unwrap().paragraphs.into_iter().map(|d| d.text).collect()
    }

    #[test]
    fn a_paragraph_cut_by_a_run_that_does_not_show_is_read_again_as_shown() {
        let para = |props: &str| {
            format!(
                r#"<p:sld xmlns:p="p" xmlns:a="a"><p:sp><p:txBody><a:p><a:r><a:t>机</a:t></a:r><a:r>{props}<a:t>公开</a:t></a:r><a:r><a:rPr lang="zh-CN"/><a:t>密★1年</a:t></a:r></a:p></p:txBody></p:sp></p:sld>"#
            )
        };
        for props in [
            r#"<a:rPr lang="zh-CN"><a:noFill/></a:rPr>"#,
            r#"<a:rPr lang="zh-CN" sz="100"/>"#,
            r#"<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:solidFill></a:rPr>"#,
        ] {
            let got = paragraphs("p.xml", para(props).as_bytes(), 64).unwrap().paragraphs;
            assert_eq!(got.len(), 1, "{props}");
            assert_eq!((got[0].text.as_str(), got[0].shown.as_deref()), ("机公开密★1年", Some("机密★1年")), "{props}");
        }
        // An outline without fill, white text (slides are often dark), 10pt text: all show.
        for props in [
            r#"<a:rPr lang="zh-CN"><a:ln><a:noFill/></a:ln></a:rPr>"#,
            r#"<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr>"#,
            r#"<a:rPr lang="zh-CN" sz="1000"><a:ln><a:solidFill><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:solidFill></a:ln></a:rPr>"#,
        ] {
            let got = paragraphs("p.xml", para(props).as_bytes(), 64).unwrap().paragraphs;
            assert_eq!(got[0].shown, None, "{props}");
        }
    }

    /// Text in the colour of what is behind it (its highlight, its shape's fill, the slide's
    /// background, the background given by the canvas) is unseen; on a known, different
    /// backdrop it shows.
    #[test]
    fn a_run_in_the_colour_behind_it_does_not_show() {
        let white = |page: &str, shape_fill: &str, props: &str| {
            format!(
                r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld>{page}<p:spTree><p:sp><p:spPr>{shape_fill}</p:spPr><p:txBody><a:p><a:r><a:rPr><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:rPr><a:t>机</a:t></a:r><a:r>{props}<a:t>公开</a:t></a:r><a:r><a:rPr><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:rPr><a:t>密★1年</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
            )
        };
        let ink = |c: &str| format!(r#"<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="{c}"/></a:solidFill></a:rPr>"#);
        let fill = |c: &str| format!(r#"<a:solidFill><a:srgbClr val="{c}"/></a:solidFill>"#);
        let bg = |c: &str| format!(r#"<p:bg><p:bgPr>{}<a:effectLst/></p:bgPr></p:bg>"#, fill(c));
        let white_canvas = Canvas { page: Some(Backdrop::Colour(crate::as_shown::Rgb::WHITE)), ..Canvas::default() };
        let unknown = Canvas::default();
        let red_canvas = Canvas { page: Some(Backdrop::Colour(crate::as_shown::Rgb(0xFF0000))), ..Canvas::default() };
        let cases: Vec<(&str, String, &Canvas, bool)> = vec![
            ("white on a white slide", white("", "", &ink("FFFFFF")), &white_canvas, true),
            ("white on an unknown backdrop", white("", "", &ink("FFFFFF")), &unknown, false),
            (
                "black on the slide's own black background",
                white(&bg("000000"), "", &ink("000000")),
                &white_canvas,
                true,
            ),
            (
                "white on the slide's own black background",
                white(&bg("000000"), "", &ink("FFFFFF")),
                &white_canvas,
                false,
            ),
            ("navy in a navy shape", white("", &fill("000080"), &ink("000080")), &unknown, true),
            (
                "white in a navy shape on a white slide",
                white("", &fill("000080"), &ink("FFFFFF")),
                &white_canvas,
                false,
            ),
            (
                "white in a shape without fill on a white slide",
                white("", "<a:noFill/>", &ink("FFFFFF")),
                &white_canvas,
                true,
            ),
            ("white in a picture-filled shape", white("", "<a:blipFill/>", &ink("FFFFFF")), &white_canvas, false),
            (
                "yellow on a yellow highlight",
                white(
                    "",
                    "",
                    r#"<a:rPr><a:solidFill><a:srgbClr val="FFFF00"/></a:solidFill><a:highlight><a:srgbClr val="FFFF00"/></a:highlight></a:rPr>"#,
                ),
                &unknown,
                true,
            ),
            (
                "white at 95% luminance on a white slide",
                white(
                    "",
                    "",
                    r#"<a:rPr><a:solidFill><a:srgbClr val="FFFFFF"><a:lumMod val="95000"/></a:srgbClr></a:solidFill></a:rPr>"#,
                ),
                &white_canvas,
                true,
            ),
            (
                "red changed by a transform is not computed",
                white(
                    "",
                    "",
                    r#"<a:rPr><a:solidFill><a:srgbClr val="FF0000"><a:lumMod val="50000"/><a:lumOff val="50000"/></a:srgbClr></a:solidFill></a:rPr>"#,
                ),
                &red_canvas,
                false,
            ),
            (
                "white darkened to grey shows on white",
                white(
                    "",
                    "",
                    r#"<a:rPr><a:solidFill><a:srgbClr val="FFFFFF"><a:lumMod val="50000"/></a:srgbClr></a:solidFill></a:rPr>"#,
                ),
                &white_canvas,
                false,
            ),
        ];
        for (what, xml, canvas, cut) in cases {
            let got = paragraphs_on("p.xml", xml.as_bytes(), 64, canvas).unwrap().paragraphs;
            assert_eq!(got[0].text, "机公开密★1年", "{what}");
            assert_eq!(got[0].shown.as_deref(), cut.then_some("机密★1年"), "{what}");
        }
    }

    /// A table cell's fill (`a:tcPr`, written after the cell's text) is behind its text.
    #[test]
    fn a_run_in_the_colour_of_its_table_cell_does_not_show() {
        let table = |middle: &str, fill: &str| {
            let r = |t: &str, c: &str| {
                format!(r#"<a:r><a:rPr><a:solidFill><a:srgbClr val="{c}"/></a:solidFill></a:rPr><a:t>{t}</a:t></a:r>"#)
            };
            format!(
                r#"<p:sld xmlns:p="p" xmlns:a="a"><p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr><a:tc><a:txBody><a:p><a:r><a:t>表头</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p>{}{}{}</a:p></a:txBody><a:tcPr>{fill}</a:tcPr></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame></p:sld>"#,
                r("机", "FFFFFF"),
                r("公开", middle),
                r("密★1年", "FFFFFF")
            )
        };
        let black = r#"<a:solidFill><a:srgbClr val="000000"/></a:solidFill>"#;
        for (middle, fill, cut) in [("000000", black, true), ("FFFFFF", black, false), ("000000", "<a:noFill/>", false)]
        {
            let got = paragraphs("p.xml", table(middle, fill).as_bytes(), 64).unwrap().paragraphs;
            let texts: Vec<(&str, Option<&str>)> = got.iter().map(|d| (d.text.as_str(), d.shown.as_deref())).collect();
            let want = [("表头", None), ("机公开密★1年", cut.then_some("机密★1年"))];
            assert_eq!(texts, want, "{middle} on {fill}");
        }
    }

    #[test]
    fn joins_runs_fields_and_breaks() {
        let xml = r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>核心</a:t></a:r><a:r><a:t>商密▲</a:t></a:r><a:fld type="x"><a:t>5年</a:t></a:fld><a:br/><a:r><a:t>下一行</a:t></a:r></a:p><a:p><a:endParaRPr/></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#;
        assert_eq!(texts(xml), vec!["核心商密▲5年\n下一行"]);
    }

    #[test]
    fn placeholders_and_offsets() {
        let xml = r#"<p:sldMaster xmlns:p="p" xmlns:a="a"><p:sp><p:nvSpPr><p:nvPr><p:ph type="ftr"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="1" y="6000000"/></a:xfrm></p:spPr><p:txBody><a:p><a:r><a:t>内部资料</a:t></a:r></a:p></p:txBody></p:sp><p:sp><p:nvSpPr><p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>正文</a:t></a:r></a:p></p:txBody></p:sp></p:sldMaster>"#;
        let got = paragraphs("p.xml", xml.as_bytes(), 64).unwrap().paragraphs;
        assert_eq!(got[0].placeholder.as_deref(), Some("ftr"));
        assert_eq!(got[0].y, Some(6_000_000));
        assert_eq!(got[1].placeholder.as_deref(), Some("body"));
        assert_eq!(got[1].y, None);
    }

    #[test]
    fn alternate_branches_are_not_read_twice() {
        let xml = r#"<r xmlns:mc="m" xmlns:a="a"><mc:AlternateContent><mc:Choice><a:p><a:r><a:t>机密</a:t></a:r></a:p></mc:Choice><mc:Fallback><a:p><a:r><a:t>机密</a:t></a:r></a:p><a:p><a:r><a:t>只在后备</a:t></a:r></a:p></mc:Fallback></mc:AlternateContent></r>"#;
        assert_eq!(texts(xml), vec!["机密", "只在后备"]);
    }

    #[test]
    fn charts_give_strings_not_numbers() {
        let xml = r#"<c:chartSpace xmlns:c="c" xmlns:a="a"><c:title><c:tx><c:rich><a:p><a:r><a:t>标题</a:t></a:r></a:p></c:rich></c:tx></c:title><c:cat><c:strRef><c:strCache><c:pt idx="0"><c:v>甲</c:v></c:pt></c:strCache></c:strRef></c:cat><c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>42</c:v></c:pt></c:numCache></c:numRef></c:val></c:chartSpace>"#;
        assert_eq!(texts(xml), vec!["标题", "甲"]);
    }

    #[test]
    fn symbol_font_runs_and_alternative_text() {
        let xml = "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"图片 3\" descr=\"徽标\" title=\"标题\"/></p:nvSpPr><p:txBody><a:p><a:r><a:t>机密</a:t></a:r><a:r><a:rPr><a:sym typeface=\"Wingdings\"/></a:rPr><a:t>\u{F0AB}</a:t></a:r><a:r><a:t>1年«</a:t></a:r></a:p></p:txBody></p:sp></p:sld>";
        let got = paragraphs("p.xml", xml.as_bytes(), 64).unwrap().paragraphs;
        let described: Vec<(&str, Option<&str>)> = got.iter().map(|d| (d.text.as_str(), d.beside)).collect();
        assert_eq!(described, vec![("徽标", Some("alt text")), ("标题", Some("alt text")), ("机密★1年«", None)]);
    }

    #[test]
    fn shape_slide_and_sound_names_and_macros_unless_the_application_named_them() {
        let xml = r#"<p:sld xmlns:p="p" xmlns:a="a" xmlns:r="r"><p:cSld name="紫电计划汇报"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/></p:nvGrpSpPr><p:grpSp><p:nvGrpSpPr><p:cNvPr id="5" name="组合 4"/></p:nvGrpSpPr><p:sp><p:nvSpPr><p:cNvPr id="2" name="机密★1年"><a:hlinkClick r:id="" action="ppaction://macro?name=%E7%B4%AB%E7%94%B5"><a:snd r:embed="rId3" name="KJ-3.wav"/></a:hlinkClick></p:cNvPr></p:nvSpPr></p:sp><p:pic><p:nvPicPr><p:cNvPr id="3" name="Picture 3"/></p:nvPicPr></p:pic><p:sp><p:nvSpPr><p:cNvPr id="4" name="Freeform: Shape 7"/></p:nvSpPr></p:sp></p:grpSp></p:spTree></p:cSld></p:sld>"#;
        let got = paragraphs("p.xml", xml.as_bytes(), 64).unwrap().paragraphs;
        let described: Vec<(&str, Option<&str>)> = got.iter().map(|d| (d.text.as_str(), d.beside)).collect();
        assert_eq!(
            described,
            vec![
                ("紫电计划汇报", Some("slide name")),
                ("机密★1年", Some("shape name")),
                ("紫电", Some("action")),
                ("KJ-3.wav", Some("sound")),
            ]
        );
    }

    #[test]
    fn default_names_are_the_applications_only() {
        for name in [
            "",
            " ",
            "文本框 1",
            "TextBox 12",
            "Picture 3",
            "图片1",
            "矩形 2",
            "Rectangle 5",
            "Content Placeholder 2",
            "内容占位符 2",
            "Freeform: Shape 3",
            "矩形: 圆角 4",
            "组合 10",
            "Straight Arrow Connector 9",
            "title 1",
        ] {
            assert!(is_default_name(name), "{name:?}");
        }
        for name in [
            "紫电计划 1",
            "机密 1",
            "KJ-3",
            "Rectangle",
            "文本框",
            "Picture 3 机密",
            "标题 一",
            "秘密★1年 2",
            "Title: 机密 1",
            "Freeform: ZIDIAN 3",
        ] {
            assert!(!is_default_name(name), "{name:?}");
        }
    }

    #[test]
    fn legacy_comment_text() {
        let xml = r#"<p:cmLst xmlns:p="p"><p:cm authorId="0"><p:pos x="1" y="2"/><p:text>秘密 请删除</p:text></p:cm></p:cmLst>"#;
        assert_eq!(texts(xml), vec!["秘密 请删除"]);
    }
}
