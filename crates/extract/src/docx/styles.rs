//! Whether a run shows, as Word decides it from the run's own formatting and the styles it
//! inherits.
//!
//! A run's look is built up in layers (ECMA-376 Part 1, 17.7.2): the document defaults
//! (`w:docDefaults/w:rPrDefault`), then, in a table, the table's style (`w:tblPr/w:tblStyle`,
//! else the default table style; its run properties and cell shading), then the paragraph's style (`w:pPr/w:pStyle`, else the default
//! paragraph style), then the run's character style (`w:rPr/w:rStyle`, else the default
//! character style), then the run's own properties. Each style inherits from the style it is
//! based on (`w:basedOn`), nearest first. A later layer overrides an earlier one, except for
//! `w:vanish`, a toggle property (17.7.3): in a style it flips the value it inherits (hidden in
//! the paragraph style and hidden again in the character style shows), and only the run's own
//! `w:vanish` sets it outright. So a character style that hides `公开` in `机` `公开` `密★1年`
//! makes the page show `机密★1年`, as hidden direct formatting does.
//!
//! A run does not show when it is hidden, at most 1pt high (`w:sz` ≤ 2 half-points), at most 1pt
//! wide (its size times its character scale `w:w`: `w:w="1"` draws 11pt text 0.11pt wide), raised
//! or lowered (`w:position`) by at least the height of the document's tallest page (drawn off the
//! page from any line), or when its colour is the colour behind it: its highlight, else its
//! shading, else its paragraph's shading, else its table cell's, else the page colour
//! (`w:background`), else white. `auto` colour is always readable (Word picks black or white
//! against what is behind).
//!
//! Some run properties look as if they hid text and do not: `w:webHidden` hides the run only in
//! Web Layout (17.3.2.44), and the page a reader prints or reads in Print Layout shows it;
//! `w:specVanish` is meant for a paragraph mark (a style separator, 17.3.2.36) and whether Word
//! hides a text run by it alone is not established: an uncertain property never makes text unseen
//! (a false unseen joins text a reader sees apart); character spacing (`w:spacing`), however negative,
//! draws every glyph, over each other and over the text after them: ink a reader sees, not a
//! gap. These runs show.
//!
//! A table style formats parts of its table apart (`w:tblStylePr`, 17.7.6.6: the header row, the
//! banded rows…; see [`TablePart`]) where the table's `w:tblLook` turns them on. Which parts reach
//! a cell is not always known while the table is read: whether its row is the last, whether Word
//! bands the total row, whether a corner's formatting needs both the first row and the first
//! column turned on, what an absent `w:tblLook` turns on. Each such question is answered both
//! ways, and a run is unseen only when it is unseen every way (an uncertain part never makes text
//! unseen).
//!
//! The styles also keep what a paragraph style's `w:pPr/w:numPr` says (its list and level,
//! through `w:basedOn`) and which list each numbering style names: the list labels a paragraph
//! prints come from them too (see [`super::numbering`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};

use super::numbering::ListRef;
use crate::as_shown::{blends, Rgb};
pub(super) use crate::as_shown::{Backdrop, Ink};
use crate::ooxml;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// How far `w:basedOn` is followed: Word's own styles go a few levels; a loop ends here.
const MAX_BASED_ON: usize = 32;

/// The font size when neither the run, its styles nor the defaults give one: 10pt (17.3.2.38).
const DEFAULT_HALF_POINTS: u32 = 20;

/// The tallest page Word lays out, 22 inches in twips: the page height when no section gives one.
pub(super) const TALLEST_PAGE: u32 = 22 * 1440;

/// The properties of one layer (a style, the defaults, a run) that decide whether text shows;
/// `None` where the layer says nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Look {
    pub(super) vanish: Option<bool>,
    pub(super) ink: Option<Ink>,
    pub(super) half_points: Option<u32>,
    pub(super) shading: Option<Backdrop>,
    pub(super) highlight: Option<Backdrop>,
    /// The character scale (`w:w`), in percent of the normal width (1–600).
    pub(super) scale: Option<u32>,
    /// How far the text is raised (lowered when negative) off its line (`w:position`), in
    /// half-points.
    pub(super) raise: Option<i32>,
}

impl Look {
    /// This layer over `base`: what this one says, else what `base` says (`w:vanish` too: the
    /// toggle is applied by [`Styles::run_shows`]).
    fn over(self, base: Look) -> Look {
        Look {
            vanish: self.vanish.or(base.vanish),
            ink: self.ink.or(base.ink),
            half_points: self.half_points.or(base.half_points),
            shading: self.shading.or(base.shading),
            highlight: self.highlight.or(base.highlight),
            scale: self.scale.or(base.scale),
            raise: self.raise.or(base.raise),
        }
    }

    /// Takes what the run property `e` (a child of `w:rPr`, named `local`) says about showing.
    pub(super) fn read(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
    ) -> Result<(), ExtractError> {
        match local {
            b"vanish" => {
                let value = reader.attr(e, b"val")?;
                self.vanish = Some(!value.is_some_and(|v| matches!(v.trim(), "0" | "false" | "off")));
            }
            b"color" => {
                if let Some(v) = reader.attr(e, b"val")? {
                    self.ink = Some(Rgb::hex(&v).map_or(Ink::Auto, Ink::Colour));
                }
            }
            b"sz" => {
                if let Some(size) = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()) {
                    self.half_points = Some(size);
                }
            }
            b"shd" => self.shading = Some(shading(reader, e)?),
            // Outside 1–600 the scale is not one Word draws: left unknown.
            b"w" => {
                if let Some(scale) = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()) {
                    self.scale = (1..=600).contains(&scale).then_some(scale);
                }
            }
            b"position" => {
                if let Some(raise) = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<i32>().ok()) {
                    self.raise = Some(raise);
                }
            }
            b"highlight" => {
                if let Some(v) = reader.attr(e, b"val")? {
                    self.highlight = Some(highlight(v.trim()));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// What a `w:shd` puts behind text: its fill (`w:fill`) when the pattern is clear, its pattern
/// colour (`w:color`) when the pattern is solid, else a mix of the two.
pub(super) fn shading(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Backdrop, ExtractError> {
    let pattern = reader.attr(e, b"val")?;
    let colour = |v: Option<std::borrow::Cow<'_, str>>| match v {
        None => Backdrop::Clear,
        Some(v) if v.trim().eq_ignore_ascii_case("auto") => Backdrop::Clear,
        Some(v) => Rgb::hex(&v).map_or(Backdrop::Mixed, Backdrop::Colour),
    };
    Ok(match pattern.as_deref().map(str::trim) {
        None | Some("clear" | "nil") => colour(reader.attr(e, b"fill")?),
        Some("solid") => match colour(reader.attr(e, b"color")?) {
            // An automatic pattern colour on a solid pattern is black.
            Backdrop::Clear => Backdrop::Colour(Rgb(0)),
            other => other,
        },
        Some(_) => Backdrop::Mixed,
    })
}

/// A highlight's colour (`w:highlight/@w:val`, one of sixteen names).
fn highlight(name: &str) -> Backdrop {
    let rgb = match name {
        "none" => return Backdrop::Clear,
        "black" => 0x000000,
        "blue" => 0x0000FF,
        "cyan" => 0x00FFFF,
        "green" => 0x00FF00,
        "magenta" => 0xFF00FF,
        "red" => 0xFF0000,
        "yellow" => 0xFFFF00,
        "white" => 0xFFFFFF,
        "darkBlue" => 0x000080,
        "darkCyan" => 0x008080,
        "darkGreen" => 0x008000,
        "darkMagenta" => 0x800080,
        "darkRed" => 0x800000,
        "darkYellow" => 0x808000,
        "darkGray" => 0x808080,
        "lightGray" => 0xC0C0C0,
        _ => return Backdrop::Mixed,
    };
    Backdrop::Colour(Rgb(rgb))
}

/// One style of `styles.xml`.
#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    /// Its run properties (`w:style/w:rPr`), paragraph shading (`w:pPr/w:shd`) and, a table
    /// style's, cell shading (`w:tcPr/w:shd`).
    own: Resolved,
    /// A table style's parts (`w:tblStylePr`), by [`TablePart`].
    parts: [Option<Resolved>; TablePart::ALL.len()],
    /// A table style's row and column band sizes (`w:tblStyleRowBandSize`, `…ColBandSize`).
    bands: (Option<u32>, Option<u32>),
}

/// A style with its `w:basedOn` chain folded in, or one part of a table style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Resolved {
    /// The run properties, nearest first, `w:vanish` included as the chain's nearest value.
    run: Look,
    paragraph_shading: Option<Backdrop>,
    cell_shading: Option<Backdrop>,
    /// A paragraph or numbering style's numbering (`w:pPr/w:numPr`).
    list: ListRef,
}

impl Resolved {
    /// This layer over `base`: what this one says, else what `base` says.
    fn over(self, base: Resolved) -> Resolved {
        Resolved {
            run: self.run.over(base.run),
            paragraph_shading: self.paragraph_shading.or(base.paragraph_shading),
            cell_shading: self.cell_shading.or(base.cell_shading),
            list: self.list.over(base.list),
        }
    }
}

/// The parts of a table that a table style formats apart (`w:tblStylePr/@w:type`,
/// ST_TblStyleOverrideType), in the order Office applies them: a later part overrides an earlier
/// one (MS-OI29500 2.1.252: row bands, column bands, first and last column, first and last row,
/// corners).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TablePart {
    WholeTable,
    Band1Horz,
    Band2Horz,
    Band1Vert,
    Band2Vert,
    FirstCol,
    LastCol,
    FirstRow,
    LastRow,
    NwCell,
    NeCell,
    SwCell,
    SeCell,
}

impl TablePart {
    const ALL: [TablePart; 13] = [
        TablePart::WholeTable,
        TablePart::Band1Horz,
        TablePart::Band2Horz,
        TablePart::Band1Vert,
        TablePart::Band2Vert,
        TablePart::FirstCol,
        TablePart::LastCol,
        TablePart::FirstRow,
        TablePart::LastRow,
        TablePart::NwCell,
        TablePart::NeCell,
        TablePart::SwCell,
        TablePart::SeCell,
    ];

    fn named(name: &str) -> Option<TablePart> {
        Some(match name {
            "wholeTable" => TablePart::WholeTable,
            "band1Horz" => TablePart::Band1Horz,
            "band2Horz" => TablePart::Band2Horz,
            "band1Vert" => TablePart::Band1Vert,
            "band2Vert" => TablePart::Band2Vert,
            "firstCol" => TablePart::FirstCol,
            "lastCol" => TablePart::LastCol,
            "firstRow" => TablePart::FirstRow,
            "lastRow" => TablePart::LastRow,
            "nwCell" => TablePart::NwCell,
            "neCell" => TablePart::NeCell,
            "swCell" => TablePart::SwCell,
            "seCell" => TablePart::SeCell,
            _ => return None,
        })
    }
}

/// Which parts of its style a table turns on (`w:tblPr/w:tblLook`): each `None` where the table
/// does not say (no `w:tblLook`, or one without that attribute and without `w:val`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct TableLook {
    pub(super) first_row: Option<bool>,
    pub(super) last_row: Option<bool>,
    pub(super) first_column: Option<bool>,
    pub(super) last_column: Option<bool>,
    pub(super) row_bands: Option<bool>,
    pub(super) column_bands: Option<bool>,
}

impl TableLook {
    /// A `w:tblLook`: its attributes (Word 2010), else the bits of its `w:val` (Word 2007:
    /// 0x20 first row, 0x40 last row, 0x80 first column, 0x100 last column, 0x200 no row bands,
    /// 0x400 no column bands).
    pub(super) fn read(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<TableLook, ExtractError> {
        let bits = reader.attr(e, b"val")?.and_then(|v| u32::from_str_radix(v.trim(), 16).ok());
        let flag = |name: &[u8], bit: u32| -> Result<Option<bool>, ExtractError> {
            Ok(match reader.attr(e, name)? {
                Some(v) => Some(matches!(v.trim(), "1" | "true" | "on")),
                None => bits.map(|b| b & bit != 0),
            })
        };
        Ok(TableLook {
            first_row: flag(b"firstRow", 0x20)?,
            last_row: flag(b"lastRow", 0x40)?,
            first_column: flag(b"firstColumn", 0x80)?,
            last_column: flag(b"lastColumn", 0x100)?,
            row_bands: flag(b"noHBand", 0x200)?.map(|no| !no),
            column_bands: flag(b"noVBand", 0x400)?.map(|no| !no),
        })
    }
}

/// Where a cell sits in its table: its row and grid column (from 0), and what the table turns on
/// (`None` without a `w:tblLook`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct CellPlace {
    pub(super) row: u32,
    pub(super) column: u32,
    pub(super) look: Option<TableLook>,
}

/// The conditional formatting of a table style, its `w:basedOn` chain folded in.
#[derive(Clone, Debug, Default)]
struct TableParts {
    parts: [Option<Resolved>; TablePart::ALL.len()],
    row_band: u32,
    column_band: u32,
}

/// How many answer paths a cell's questions are followed down at most: a table that Word wrote
/// (with its `w:tblLook`) needs at most 9; a style defining every part in a table without
/// `w:tblLook` would need 812 for its first cell. Past that, the cell's runs are taken as shown.
const MAX_PATHS: usize = 256;

impl TableParts {
    fn has(&self, part: TablePart) -> bool {
        self.parts[part as usize].is_some()
    }

    /// The parts that reach a cell at `place`, as bits by [`TablePart`], when each question
    /// nobody can answer yet is answered by `ask`.
    fn reaching(&self, place: &CellPlace, ask: &mut dyn FnMut() -> bool) -> u16 {
        use TablePart::*;
        let look = place.look.unwrap_or_default();
        // A flag the table leaves unsaid is asked, only where a part it turns on is defined.
        let mut flag = |known: Option<bool>, matters: bool| matters && known.unwrap_or_else(&mut *ask);
        let row_bands_defined = self.has(Band1Horz) || self.has(Band2Horz);
        let column_bands_defined = self.has(Band1Vert) || self.has(Band2Vert);
        let first_row =
            flag(look.first_row, [FirstRow, NwCell, NeCell].iter().any(|p| self.has(*p)) || row_bands_defined);
        let first_column =
            flag(look.first_column, [FirstCol, NwCell, SwCell].iter().any(|p| self.has(*p)) || column_bands_defined);
        let last_row = flag(look.last_row, [LastRow, SwCell, SeCell].iter().any(|p| self.has(*p)));
        let last_column = flag(look.last_column, [LastCol, NeCell, SeCell].iter().any(|p| self.has(*p)));
        let row_bands = flag(look.row_bands, row_bands_defined);
        let column_bands = flag(look.column_bands, column_bands_defined);
        // Whether the row or the column is the table's last is not known while it is read.
        let at_last_row = [LastRow, SwCell, SeCell].iter().any(|p| self.has(*p)) && ask();
        let at_last_column = [LastCol, NeCell, SeCell].iter().any(|p| self.has(*p)) && ask();
        let (at_first_row, at_first_column) = (place.row == 0, place.column == 0);
        let (in_first_row, in_first_column) = (first_row && at_first_row, first_column && at_first_column);
        let (in_last_row, in_last_column) = (last_row && at_last_row, last_column && at_last_column);
        let mut bits = 1u16 << WholeTable as u16;
        // Bands skip the header row and column; whether they skip the total row too is asked.
        if row_bands && !in_first_row && !(in_last_row && ask()) {
            let group = (place.row - u32::from(first_row)) / self.row_band.max(1);
            bits |= 1 << if group.is_multiple_of(2) { Band1Horz } else { Band2Horz } as u16;
        }
        if column_bands && !in_first_column && !(in_last_column && ask()) {
            let group = (place.column - u32::from(first_column)) / self.column_band.max(1);
            bits |= 1 << if group.is_multiple_of(2) { Band1Vert } else { Band2Vert } as u16;
        }
        for (on, part) in
            [(in_first_column, FirstCol), (in_last_column, LastCol), (in_first_row, FirstRow), (in_last_row, LastRow)]
        {
            bits |= u16::from(on) << part as u16;
        }
        // A corner cell's formatting: with its row's and its column's turned on it applies; with
        // one of them, whether it does is asked.
        let corners = [
            (at_first_row && at_first_column, first_row, first_column, NwCell),
            (at_first_row && at_last_column, first_row, last_column, NeCell),
            (at_last_row && at_first_column, last_row, first_column, SwCell),
            (at_last_row && at_last_column, last_row, last_column, SeCell),
        ];
        for (at, row, column, part) in corners {
            if at && self.has(part) && ((row && column) || ((row || column) && ask())) {
                bits |= 1 << part as u16;
            }
        }
        bits
    }

    /// Every set of parts that may reach a cell at `place` (`None` past [`MAX_PATHS`] answer
    /// paths).
    fn ways(&self, place: &CellPlace) -> Option<Vec<u16>> {
        // Each pass answers the questions as `answers` says, `false` past its end; the next
        // pass turns the last `false` to `true` and drops what followed: every answer path once.
        let mut ways = Vec::new();
        let mut answers: Vec<bool> = Vec::new();
        for _ in 0..MAX_PATHS {
            let mut asked = 0;
            let bits = self.reaching(place, &mut || {
                let answer = answers.get(asked).copied().unwrap_or(false);
                asked += 1;
                answer
            });
            answers.resize(asked, false);
            if !ways.contains(&bits) {
                ways.push(bits);
            }
            while answers.last() == Some(&true) {
                answers.pop();
            }
            match answers.last_mut() {
                Some(last) => *last = true,
                None => return Some(ways),
            }
        }
        None
    }

    /// The style's own layer with the parts `bits` over it, in order.
    fn layer(&self, own: Resolved, bits: u16) -> Resolved {
        TablePart::ALL
            .iter()
            .filter(|p| bits & (1 << **p as u16) != 0)
            .fold(own, |layer, p| self.parts[*p as usize].map_or(layer, |part| part.over(layer)))
    }
}

/// The styles of a document, resolved, and what the page shows behind text.
#[derive(Debug, Default)]
pub(super) struct Styles {
    defaults: Look,
    paragraph: HashMap<String, Resolved>,
    character: HashMap<String, Resolved>,
    table: HashMap<String, Resolved>,
    default_paragraph: Option<Resolved>,
    default_character: Option<Resolved>,
    default_table: Option<Resolved>,
    /// The list each numbering style names (`w:style[@w:type="numbering"]/w:pPr/w:numPr/w:numId`).
    numbering: HashMap<String, u32>,
    /// The table styles that format parts of their tables apart.
    table_parts: HashMap<String, TableParts>,
    default_table_parts: Option<TableParts>,
    /// The styles part, and the names of the author's own styles (`w:customStyle="1"`), which
    /// Word lists in its Styles gallery and pane (its built-in ones are its own words).
    pub(super) names: Option<(String, Vec<String>)>,
}

/// The largest styles part a thread remembers after parsing it (see [`Styles::load`]).
const REMEMBERED_BYTES: usize = 1 << 20;

/// A styles part as read, and the styles it gave.
struct Parsed {
    xml: Vec<u8>,
    max_depth: usize,
    styles: Rc<Styles>,
}

impl Parsed {
    /// The styles, if `xml` read within `limits` is this part.
    fn same(&self, xml: &[u8], limits: &Limits) -> Option<Rc<Styles>> {
        (self.max_depth == limits.max_xml_depth && self.xml == xml).then(|| Rc::clone(&self.styles))
    }
}

thread_local! {
    /// The last styles part this thread parsed (see [`Styles::load`]).
    static LAST_PARSED: RefCell<Option<Parsed>> = const { RefCell::new(None) };
}

/// Where a run sits: its table's style (`None` outside tables), its paragraph's style and
/// shading, its table cell's shading, the page.
#[derive(Clone, Copy, Debug)]
pub(super) struct Setting<'a> {
    pub(super) table_style: Option<Option<&'a str>>,
    pub(super) paragraph_style: Option<&'a str>,
    pub(super) paragraph_shading: Option<Backdrop>,
    pub(super) cell_shading: Option<Backdrop>,
    /// The fill of the shape whose text box holds the run (`None` outside shapes).
    pub(super) shape: Option<Backdrop>,
    pub(super) page: Option<Rgb>,
    /// The height of the tallest page of the document (`w:sectPr/w:pgSz/@w:h`), in twips.
    pub(super) page_height: Option<u32>,
    /// Where the run's table cell sits in its table (`None` outside tables).
    pub(super) cell: Option<CellPlace>,
}

impl Styles {
    /// The styles part the main document's relationships name (else `word/styles.xml`), if
    /// the package has one.
    ///
    /// Documents made from one template (a generator's, an office's) carry the same styles part
    /// byte for byte, and it can be larger than the text (python-docx's is 349 KB of 164 styles).
    /// So each thread keeps the last part it parsed (up to [`REMEMBERED_BYTES`]): a part equal
    /// to it byte for byte, read with the same nesting limit, gets the same styles without being
    /// parsed again. (Equal bytes, compared in full: no hash a stranger could collide. Only a
    /// successful reading is kept; the part name only names errors.)
    pub(super) fn load(
        archive: &mut Archive<'_>,
        declared: Option<&str>,
        limits: &Limits,
    ) -> Result<Rc<Styles>, ExtractError> {
        let Some(name) = declared.and_then(|d| archive.find(d)).or_else(|| archive.find("word/styles.xml")) else {
            return Ok(Rc::default());
        };
        let name = name.to_owned();
        let xml = ooxml::read_xml(archive, &name)?;
        Styles::parse_remembered(&name, xml, limits)
    }

    /// [`Styles::parse`], or the styles of the last part parsed on this thread if `xml` is that
    /// part (see [`Styles::load`]).
    fn parse_remembered(part: &str, xml: Vec<u8>, limits: &Limits) -> Result<Rc<Styles>, ExtractError> {
        if let Some(styles) = LAST_PARSED.with_borrow(|last| last.as_ref().and_then(|l| l.same(&xml, limits))) {
            return Ok(styles);
        }
        let styles = Rc::new(Styles::parse(part, &xml, limits)?);
        if xml.len() <= REMEMBERED_BYTES {
            LAST_PARSED.set(Some(Parsed { xml, max_depth: limits.max_xml_depth, styles: Rc::clone(&styles) }));
        }
        Ok(styles)
    }

    fn parse(part: &str, xml: &[u8], limits: &Limits) -> Result<Styles, ExtractError> {
        let part_name = part;
        let mut reader = XmlReader::bounded(part, xml, limits);
        // (type, id, default?, style)
        let mut styles: Vec<(Kind, String, bool, Style)> = Vec::new();
        let mut defaults = Look::default();
        // Where the reader is: in a style (its index), in the defaults' run properties, in a
        // style's run or paragraph properties.
        let mut current: Option<usize> = None;
        // The table style's part being read (`w:tblStylePr`).
        let mut part: Option<TablePart> = None;
        let (mut in_defaults, mut in_run, mut in_paragraph, mut in_cell) = (false, false, false, false);
        // Whether the style being read is the author's own, and the names of those.
        let mut custom = false;
        let mut names: Vec<String> = Vec::new();
        loop {
            match reader.next()? {
                // The formatting before a change is not the style's now.
                Event::Start(e) if is_change(local_name(e.name().as_ref())) => reader.skip()?,
                // A table style's formatting of some rows, columns or cells (the header row…);
                // a part Office does not know is not applied.
                Event::Start(e) if local_name(e.name().as_ref()) == b"tblStylePr" => {
                    part = reader.attr(&e, b"type")?.and_then(|t| TablePart::named(t.trim()));
                    if part.is_none() {
                        reader.skip()?;
                    }
                }
                Event::Empty(e) if is_change(local_name(e.name().as_ref())) => {}
                Event::Start(e) => match local_name(e.name().as_ref()) {
                    b"style" => {
                        let kind = match reader.attr(&e, b"type")?.as_deref().map(str::trim) {
                            Some("character") => Kind::Character,
                            Some("paragraph") | None => Kind::Paragraph,
                            Some("table") => Kind::Table,
                            Some("numbering") => Kind::Numbering,
                            Some(_) => Kind::Other,
                        };
                        let id = reader.attr(&e, b"styleId")?.map(|s| s.trim().to_owned()).unwrap_or_default();
                        let default =
                            reader.attr(&e, b"default")?.is_some_and(|d| matches!(d.trim(), "1" | "true" | "on"));
                        styles.push((kind, id, default, Style::default()));
                        current = Some(styles.len() - 1);
                        custom =
                            reader.attr(&e, b"customStyle")?.is_some_and(|c| matches!(c.trim(), "1" | "true" | "on"));
                    }
                    b"rPrDefault" => in_defaults = true,
                    b"rPr" => in_run = true,
                    b"pPr" => in_paragraph = true,
                    b"tcPr" => in_cell = true,
                    local => take(
                        &reader,
                        &e,
                        local,
                        (current, part),
                        &mut styles,
                        &mut defaults,
                        (in_defaults, in_run, in_paragraph, in_cell),
                    )?,
                },
                Event::Empty(e) => {
                    let name = e.name();
                    if custom && local_name(name.as_ref()) == b"name" {
                        if let Some(n) = reader.attr(&e, b"val")?.filter(|n| !n.trim().is_empty()) {
                            names.push(n.into_owned());
                        }
                    }
                    take(
                        &reader,
                        &e,
                        local_name(name.as_ref()),
                        (current, part),
                        &mut styles,
                        &mut defaults,
                        (in_defaults, in_run, in_paragraph, in_cell),
                    )?;
                }
                Event::End(e) => match local_name(e.name().as_ref()) {
                    b"style" => (current, custom) = (None, false),
                    b"tblStylePr" => part = None,
                    b"rPrDefault" => in_defaults = false,
                    b"rPr" => in_run = false,
                    b"pPr" => in_paragraph = false,
                    b"tcPr" => in_cell = false,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        let names = (!names.is_empty()).then(|| (part_name.to_owned(), names));
        let numbering = styles
            .iter()
            .filter(|s| s.0 == Kind::Numbering)
            .filter_map(|(_, id, _, style)| style.own.list.num.map(|n| (id.clone(), n)))
            .collect();
        let mut out = Styles { defaults, names, numbering, ..Styles::default() };
        for kind in [Kind::Paragraph, Kind::Character, Kind::Table] {
            let own: HashMap<&str, &Style> =
                styles.iter().filter(|s| s.0 == kind).map(|(_, id, _, style)| (id.as_str(), style)).collect();
            for (k, id, default, _) in &styles {
                if *k != kind {
                    continue;
                }
                let (resolved, parts) = resolve(&own, id);
                if kind == Kind::Table && parts.parts.iter().any(Option::is_some) {
                    if *default && out.default_table.is_none() {
                        out.default_table_parts = Some(parts.clone());
                    }
                    out.table_parts.insert(id.clone(), parts);
                }
                let (table, slot) = match kind {
                    Kind::Paragraph => (&mut out.paragraph, &mut out.default_paragraph),
                    Kind::Character => (&mut out.character, &mut out.default_character),
                    _ => (&mut out.table, &mut out.default_table),
                };
                table.insert(id.clone(), resolved);
                if *default {
                    slot.get_or_insert(resolved);
                }
            }
        }
        Ok(out)
    }

    /// The numbering a paragraph of style `id` (else the default paragraph style) takes from it,
    /// through its `w:basedOn` chain.
    pub(super) fn paragraph_list(&self, id: Option<&str>) -> ListRef {
        id.and_then(|id| self.paragraph.get(id)).or(self.default_paragraph.as_ref()).map(|r| r.list).unwrap_or_default()
    }

    /// The list (`w:numId`) the numbering style `id` names.
    pub(super) fn numbering_style_list(&self, id: &str) -> Option<u32> {
        self.numbering.get(id).copied()
    }

    /// Whether a run shows: its own properties `direct` and character style `run_style`, in
    /// `setting` (see the module documentation).
    pub(super) fn run_shows(&self, direct: &Look, run_style: Option<&str>, setting: &Setting<'_>) -> bool {
        let paragraph = setting
            .paragraph_style
            .and_then(|id| self.paragraph.get(id))
            .or(self.default_paragraph.as_ref())
            .copied()
            .unwrap_or_default();
        let character = run_style
            .and_then(|id| self.character.get(id))
            .or(self.default_character.as_ref())
            .copied()
            .unwrap_or_default();
        // In a table: its style, else the default table style, and the parts of it that reach
        // the cell, each way they may.
        let table = setting
            .table_style
            .and_then(|id| id.and_then(|id| self.table.get(id)).or(self.default_table.as_ref()))
            .copied()
            .unwrap_or_default();
        let parts = setting.table_style.and_then(|id| match id.and_then(|id| self.table.get(id).map(|_| id)) {
            Some(id) => self.table_parts.get(id),
            None => self.default_table_parts.as_ref(),
        });
        match (parts, setting.cell) {
            (Some(parts), Some(place)) => match parts.ways(&place) {
                Some(ways) => ways
                    .into_iter()
                    .any(|bits| self.shows_in(direct, &character, &paragraph, &parts.layer(table, bits), setting)),
                None => true,
            },
            _ => self.shows_in(direct, &character, &paragraph, &table, setting),
        }
    }

    /// Whether a run shows with its own properties `direct`, character style `character`,
    /// paragraph style `paragraph` and table style `table` (its parts that reach the cell
    /// applied), in `setting`.
    fn shows_in(
        &self,
        direct: &Look,
        character: &Resolved,
        paragraph: &Resolved,
        table: &Resolved,
        setting: &Setting<'_>,
    ) -> bool {
        let look = direct.over(character.run.over(paragraph.run.over(table.run.over(self.defaults))));
        let hidden = direct.vanish.unwrap_or_else(|| {
            self.defaults.vanish.unwrap_or(false)
                ^ table.run.vanish.unwrap_or(false)
                ^ paragraph.run.vanish.unwrap_or(false)
                ^ character.run.vanish.unwrap_or(false)
        });
        if hidden || look.half_points.is_some_and(|h| h <= 2) {
            return false;
        }
        // Squeezed to at most 1pt wide a character is a hairline, as 1pt high text is a dot.
        let size = look.half_points.unwrap_or(DEFAULT_HALF_POINTS);
        if look.scale.is_some_and(|scale| u64::from(size) * u64::from(scale) <= 200) {
            return false;
        }
        // Raised or lowered by the page's height or more, it is drawn off the page wherever its
        // line is.
        let page = setting.page_height.unwrap_or(TALLEST_PAGE);
        if look.raise.is_some_and(|raise| u64::from(raise.unsigned_abs()) * 10 >= u64::from(page)) {
            return false;
        }
        let behind = [
            look.highlight,
            look.shading,
            setting.paragraph_shading.or(paragraph.paragraph_shading).or(table.paragraph_shading),
            setting.shape,
            setting.cell_shading.or(table.cell_shading),
            setting.page.map(Backdrop::Colour),
        ];
        !blends(look.ink, behind)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Character,
    Table,
    Numbering,
    Other,
}

/// A property read in `styles.xml`, to the layer the reader is in.
fn take(
    reader: &XmlReader<'_>,
    e: &BytesStart<'_>,
    local: &[u8],
    (current, part): (Option<usize>, Option<TablePart>),
    styles: &mut [(Kind, String, bool, Style)],
    defaults: &mut Look,
    (in_defaults, in_run, in_paragraph, in_cell): (bool, bool, bool, bool),
) -> Result<(), ExtractError> {
    if in_defaults && in_run {
        return defaults.read(reader, e, local);
    }
    let Some(style) = current.and_then(|i| styles.get_mut(i)).map(|s| &mut s.3) else { return Ok(()) };
    let layer = match part {
        Some(part) => style.parts[part as usize].get_or_insert_with(Resolved::default),
        None => &mut style.own,
    };
    if in_run {
        layer.run.read(reader, e, local)?;
    } else if in_paragraph {
        let number = || -> Result<Option<u32>, ExtractError> {
            Ok(reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()))
        };
        match local {
            b"shd" => layer.paragraph_shading = Some(shading(reader, e)?),
            b"numId" if part.is_none() => layer.list.num = Some(number()?.unwrap_or(0)),
            b"ilvl" if part.is_none() => layer.list.level = number()?.map(|l| l.min(8) as u8),
            _ => {}
        }
    } else if in_cell {
        if local == b"shd" {
            layer.cell_shading = Some(shading(reader, e)?);
        }
    } else if part.is_none() {
        let number = || -> Result<Option<u32>, ExtractError> {
            Ok(reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()).filter(|n| *n > 0))
        };
        match local {
            b"basedOn" => style.based_on = reader.attr(e, b"val")?.map(|v| v.trim().to_owned()),
            b"tblStyleRowBandSize" => style.bands.0 = number()?,
            b"tblStyleColBandSize" => style.bands.1 = number()?,
            _ => {}
        }
    }
    Ok(())
}

/// The style `id` with the styles it is based on folded in, nearest first, at most
/// [`MAX_BASED_ON`] deep (a loop stops there), and its table parts likewise (a part that says
/// nothing about showing left out).
fn resolve(styles: &HashMap<&str, &Style>, id: &str) -> (Resolved, TableParts) {
    let mut resolved = Resolved::default();
    let mut parts = [None; TablePart::ALL.len()];
    let mut bands = (None, None);
    let mut next = Some(id);
    for _ in 0..MAX_BASED_ON {
        let Some(style) = next.and_then(|id| styles.get(id)) else { break };
        resolved = resolved.over(style.own);
        for (mine, base) in parts.iter_mut().zip(&style.parts) {
            *mine = match (*mine, *base) {
                (Some(mine), Some(base)) => Some(Resolved::over(mine, base)),
                (mine, base) => mine.or(base),
            };
        }
        bands = (bands.0.or(style.bands.0), bands.1.or(style.bands.1));
        next = style.based_on.as_deref();
    }
    for part in &mut parts {
        *part = part.filter(|p| *p != Resolved::default());
    }
    (resolved, TableParts { parts, row_band: bands.0.unwrap_or(1), column_band: bands.1.unwrap_or(1) })
}

/// Whether an element inside properties records them before a change (`w:rPrChange`…).
fn is_change(local: &[u8]) -> bool {
    local.ends_with(b"Change")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bit(part: TablePart) -> u16 {
        1 << part as u16
    }

    /// A style defining every part, each a layer that says something.
    fn every_part() -> TableParts {
        let white =
            Resolved { run: Look { ink: Some(Ink::Colour(Rgb::WHITE)), ..Look::default() }, ..Resolved::default() };
        TableParts { parts: [Some(white); TablePart::ALL.len()], row_band: 1, column_band: 1 }
    }

    /// A styles part whose paragraph style `id` hides its text, nested `depth` elements deep.
    fn hiding(id: &str, depth: usize) -> Vec<u8> {
        let (open, close) = ("<w:rPr>".repeat(depth), "</w:rPr>".repeat(depth));
        format!(
            r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="{id}">{open}<w:vanish/>{close}</w:style></w:styles>"#
        )
        .into_bytes()
    }

    #[test]
    fn a_styles_part_equal_to_the_last_one_is_not_parsed_again() {
        let limits = Limits::default();
        let first = Styles::parse_remembered("word/styles.xml", hiding("A", 1), &limits).unwrap();
        assert!(first.paragraph.contains_key("A"));
        let again = Styles::parse_remembered("word/styles.xml", hiding("A", 1), &limits).unwrap();
        assert!(Rc::ptr_eq(&first, &again), "the same bytes give the styles already parsed");
        // One byte apart: parsed, and its own styles.
        let other = Styles::parse_remembered("word/styles.xml", hiding("B", 1), &limits).unwrap();
        assert!(!Rc::ptr_eq(&first, &other));
        assert!(other.paragraph.contains_key("B") && !other.paragraph.contains_key("A"));
        // The same bytes read with a lower nesting limit are read again, and refused.
        let deep = hiding("C", 10);
        let c = Styles::parse_remembered("word/styles.xml", deep.clone(), &limits).unwrap();
        let shallow = Limits { max_xml_depth: 5, ..Limits::default() };
        assert!(Styles::parse_remembered("word/styles.xml", deep.clone(), &shallow).is_err());
        // A part that fails is not remembered: the last good one still is.
        let again = Styles::parse_remembered("word/styles.xml", deep, &limits).unwrap();
        assert!(Rc::ptr_eq(&c, &again));
    }

    #[test]
    fn the_parts_that_may_reach_a_cell() {
        use TablePart::*;
        let parts = every_part();
        let look = TableLook {
            first_row: Some(true),
            last_row: Some(false),
            first_column: Some(false),
            last_column: Some(false),
            row_bands: Some(true),
            column_bands: Some(false),
        };
        // The header row: whole table and first row every way; never a band or the last row; the
        // top-left corner only in some ways (its column is not turned on).
        let ways = parts.ways(&CellPlace { row: 0, column: 0, look: Some(look) }).unwrap();
        assert!(ways.iter().all(|w| w & bit(WholeTable) != 0 && w & bit(FirstRow) != 0), "{ways:?}");
        assert!(ways.iter().all(|w| w & (bit(LastRow) | bit(Band1Horz) | bit(Band2Horz) | bit(FirstCol)) == 0));
        assert!(ways.iter().any(|w| w & bit(NwCell) != 0) && ways.iter().any(|w| w & bit(NwCell) == 0));
        // The rows after it band 1, 2, 1…: known, one way each.
        let band = |row| parts.ways(&CellPlace { row, column: 1, look: Some(look) }).unwrap();
        assert_eq!(band(1), [bit(WholeTable) | bit(Band1Horz)]);
        assert_eq!(band(2), [bit(WholeTable) | bit(Band2Horz)]);
        assert_eq!(band(3), [bit(WholeTable) | bit(Band1Horz)]);
        // Without a tblLook every flag is a question: too many ways to follow, so none is taken.
        assert_eq!(parts.ways(&CellPlace { row: 0, column: 0, look: None }), None);
        // A style without parts asks nothing.
        let none = TableParts::default();
        assert_eq!(none.ways(&CellPlace { row: 3, column: 3, look: None }), Some(vec![bit(WholeTable)]));
    }

    /// The author's own styles' names are kept (Word lists them in its gallery); built-in ones
    /// (no `w:customStyle`) are Word's words.
    #[test]
    fn the_authors_own_style_names() {
        let xml = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="x"><w:name w:val="机密★1年"/><w:basedOn w:val="a"/></w:style><w:style w:type="character" w:customStyle="1" w:styleId="y"><w:name w:val="紫电正文字符"/></w:style><w:style w:type="paragraph" w:styleId="h1"><w:name w:val="heading 1"/></w:style></w:styles>"#;
        let styles = Styles::parse("word/styles.xml", xml.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(
            styles.names,
            Some(("word/styles.xml".to_owned(), vec!["机密★1年".to_owned(), "紫电正文字符".to_owned()]))
        );
        let plain = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style></w:styles>"#;
        assert_eq!(Styles::parse("word/styles.xml", plain.as_bytes(), &Limits::default()).unwrap().names, None);
    }
}
