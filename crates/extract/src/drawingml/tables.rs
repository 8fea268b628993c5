//! What a table style (`ppt/tableStyles.xml`, named by a table's `a:tblPr/a:tableStyleId`) does
//! to the cells of its tables: the fill behind each cell's text and the colour of text that sets
//! none of its own.
//!
//! A style has parts (`a:wholeTbl`, the bands `a:band1H`…, `a:firstRow`, `a:lastCol`, the corner
//! cells…), each of which may fill its cells (`a:tcStyle/a:fill`, `a:fillRef`) and colour their
//! text (`a:tcTxStyle`); the table's background (`a:tblBg`) is behind them all. A table turns
//! parts on (`a:tblPr/@firstRow`, `@bandRow`…), and a cell takes, from the whole table up, each
//! part that reaches it, a later one over an earlier: the column bands, the row bands, the last
//! and first column, the last and first row, then the corner cells (as ECMA-376 orders them and
//! PowerPoint draws them). So a cell whose style makes its text the colour of its fill is read
//! as it shows: the text is unseen there. A colour that cannot be worked out (a theme fill other
//! than the first, a colour transform other than a grey's luminance) is not taken as the
//! text's or the fill's: text on it shows.
//!
//! PowerPoint writes the styles its tables use into the part; one that is not there is one of its
//! built-in styles, known by its identifier: the two "No Style" styles fill nothing and colour
//! nothing, the others are taken to fill and colour every cell in colours not known. A table
//! without a style identifier has no style.

use std::collections::HashMap;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::colours::{self, ColourSpec, Fill, Palette};
use crate::as_shown::{Backdrop, Ink};
use crate::xml::{local_name, XmlReader};
use crate::ExtractError;

/// PowerPoint's built-in styles that neither fill nor colour: "No Style, No Grid" and "No Style,
/// Table Grid".
const PLAIN_BUILT_IN: [&str; 2] = ["{2D5ABB26-0587-4C30-8999-92F81FD0307C}", "{5940675A-B579-460E-94D1-54222C63F5DA}"];

/// The parts of a style, in the order they apply to a cell (a later one over an earlier).
const PARTS: [&[u8]; 13] = [
    b"wholeTbl",
    b"band1V",
    b"band2V",
    b"band1H",
    b"band2H",
    b"lastCol",
    b"firstCol",
    b"lastRow",
    b"firstRow",
    b"seCell",
    b"swCell",
    b"neCell",
    b"nwCell",
];

/// What one part of a style does: its cells' fill and its text colour, each if it says
/// (`Some(None)`: a colour not known).
#[derive(Clone, Debug, Default)]
struct PartLook {
    fill: Option<Fill>,
    text: Option<Option<ColourSpec>>,
}

/// A table style: its background and its parts (indexed as [`PARTS`]).
#[derive(Debug, Default)]
pub(crate) struct TableStyle {
    background: Option<Fill>,
    parts: [PartLook; PARTS.len()],
}

/// The table styles of a presentation, by identifier.
#[derive(Debug, Default)]
pub(crate) struct TableStyles {
    styles: HashMap<String, Arc<TableStyle>>,
}

/// Which parts of its style a table turns on (`a:tblPr` attributes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Turned {
    first_row: bool,
    last_row: bool,
    first_col: bool,
    last_col: bool,
    band_row: bool,
    band_col: bool,
}

/// What the open table's style does to its cells.
#[derive(Clone, Debug, Default)]
pub(crate) struct TableLook {
    style: Option<Arc<TableStyle>>,
    /// A built-in style not written in the part: it may fill and colour any cell.
    unknown: bool,
    turned: Turned,
    /// Its grid's columns (`a:tblGrid/a:gridCol`).
    pub(crate) columns: u32,
}

impl TableLook {
    /// Takes the parts the table turns on from its `a:tblPr` (`e`).
    pub(crate) fn turn_on(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        let on = |name: &[u8]| -> Result<bool, ExtractError> {
            Ok(reader.attr(e, name)?.is_some_and(|v| matches!(v.trim(), "1" | "true")))
        };
        self.turned = Turned {
            first_row: on(b"firstRow")?,
            last_row: on(b"lastRow")?,
            first_col: on(b"firstCol")?,
            last_col: on(b"lastCol")?,
            band_row: on(b"bandRow")?,
            band_col: on(b"bandCol")?,
        };
        Ok(())
    }

    /// Takes the table's style, `id` (`a:tableStyleId`), from `styles`.
    pub(crate) fn set_style(&mut self, styles: &TableStyles, id: &str) {
        let id = id.trim().to_ascii_uppercase();
        (self.style, self.unknown) = match styles.styles.get(&id) {
            Some(style) => (Some(Arc::clone(style)), false),
            None => (None, !PLAIN_BUILT_IN.contains(&id.as_str())),
        };
    }

    /// The fill the style puts behind the cell at `row` and `column` (from 0) of a table of
    /// `rows` rows, and the colour it gives text that sets none, each if it gives one, with
    /// scheme colours from `palette`.
    pub(crate) fn cell(&self, row: u32, column: u32, rows: u32, palette: &Palette) -> (Option<Backdrop>, Option<Ink>) {
        if self.unknown {
            return (Some(Backdrop::Mixed), Some(Ink::Auto));
        }
        let Some(style) = &self.style else { return (None, None) };
        let t = self.turned;
        let (last_row, last_col) = (row + 1 == rows, column + 1 == self.columns);
        // Bands count from the first row (column) that is not the first row's part.
        let band = |on: bool, at: u32, first: bool, last: bool, last_on: bool| {
            let (skip_first, skip_last) = (first && at == 0, last_on && last);
            (on && !skip_first && !skip_last).then(|| at.saturating_sub(u32::from(first)).is_multiple_of(2))
        };
        let col_band = band(t.band_col, column, t.first_col, last_col, t.last_col);
        let row_band = band(t.band_row, row, t.first_row, last_row, t.last_row);
        let applies = [
            true,
            col_band == Some(true),
            col_band == Some(false),
            row_band == Some(true),
            row_band == Some(false),
            t.last_col && last_col,
            t.first_col && column == 0,
            t.last_row && last_row,
            t.first_row && row == 0,
            t.last_row && t.last_col && last_row && last_col,
            t.last_row && t.first_col && last_row && column == 0,
            t.first_row && t.last_col && row == 0 && last_col,
            t.first_row && t.first_col && row == 0 && column == 0,
        ];
        let (mut fill, mut text) = (None, None);
        for (part, _) in style.parts.iter().zip(applies).filter(|(_, on)| *on) {
            fill = part.fill.as_ref().or(fill);
            text = part.text.as_ref().or(text);
        }
        let ink = text.map(|spec| spec.as_ref().and_then(|s| s.resolve(palette)).map_or(Ink::Auto, Ink::Colour));
        // The table's background shows through a cell its parts leave without a fill.
        let fill = match fill.map(|f| f.backdrop(palette)) {
            None | Some(Backdrop::Clear) => {
                style.background.as_ref().map(|f| f.backdrop(palette)).or(Some(Backdrop::Clear))
            }
            fill => fill,
        };
        (fill.filter(|_| fill_said(style, &applies)), ink)
    }
}

impl TableStyles {
    /// Reads `ppt/tableStyles.xml` (`part`, already UTF-8).
    pub(crate) fn read(part: &str, xml: &[u8], max_depth: usize) -> Result<TableStyles, ExtractError> {
        let mut reader = XmlReader::new(part, xml, max_depth);
        let mut out = TableStyles::default();
        let mut current: Option<(String, TableStyle, usize)> = None;
        // The part being read (index into [`PARTS`], `None` for the background) and its depth;
        // the depth of its cell look (`a:tcStyle`, or the background itself), of its text look.
        let mut part: Option<(Option<usize>, usize)> = None;
        let (mut in_cell, mut in_text) = (0usize, 0usize);
        loop {
            let event = reader.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let opens = matches!(event, Event::Start(_));
                    let depth = if opens { reader.depth() } else { reader.depth() + 1 };
                    let qname = e.name();
                    let local = local_name(qname.as_ref());
                    let Some((_, style, style_depth)) = current.as_mut() else {
                        if local == b"tblStyle" && opens {
                            let id = reader.attr(e, b"styleId")?.map(|s| s.trim().to_ascii_uppercase());
                            current = id.map(|id| (id, TableStyle::default(), depth));
                        }
                        continue;
                    };
                    if depth == *style_depth + 1 {
                        let index = PARTS.iter().position(|p| *p == local);
                        if local == b"tblBg" || index.is_some() {
                            part = opens.then_some((index, depth));
                            in_cell = if local == b"tblBg" { depth } else { 0 };
                        }
                        continue;
                    }
                    let Some((index, part_depth)) = part else { continue };
                    match local {
                        b"tcStyle" if opens && depth == part_depth + 1 => in_cell = depth,
                        b"tcTxStyle" if opens && depth == part_depth + 1 => in_text = depth,
                        b"tcBdr" if opens => reader.skip()?,
                        _ if in_cell > 0 && Fill::is_fill(local) && depth == in_cell + 2 => {
                            let fill = Fill::read(&mut reader, e, local, opens)?;
                            set_fill(style, index, fill);
                        }
                        b"fillRef" if in_cell > 0 && depth == in_cell + 1 => {
                            let fill = theme_fill(&mut reader, e, opens)?;
                            set_fill(style, index, fill);
                        }
                        _ if in_text > 0 && colours::is_colour(local) && depth > in_text => {
                            // The text look's own colour, else its font reference's.
                            let spec = ColourSpec::read(&mut reader, e, local, opens)?;
                            if let Some(look) = index.map(|i| &mut style.parts[i]) {
                                if depth == in_text + 1 || look.text.is_none() {
                                    look.text = Some(Some(spec));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    let depth = reader.depth() + 1;
                    if in_cell == depth {
                        in_cell = 0;
                    }
                    if in_text == depth {
                        in_text = 0;
                    }
                    if part.is_some_and(|(_, d)| d == depth) {
                        part = None;
                    }
                    if local_name(e.name().as_ref()) == b"tblStyle" {
                        if let Some((id, style, _)) = current.take() {
                            out.styles.insert(id, Arc::new(style));
                        }
                    }
                }
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    /// What the style `id` (a `a:tableStyleId`) does to its cells.
    #[cfg(test)]
    fn look(&self, id: &str) -> TableLook {
        let mut look = TableLook::default();
        look.set_style(self, id);
        look
    }
}

/// Whether the parts of `style` that apply (`applies`, as [`PARTS`]) or its background say
/// anything of a fill.
fn fill_said(style: &TableStyle, applies: &[bool; PARTS.len()]) -> bool {
    style.background.is_some() || style.parts.iter().zip(applies).any(|(p, on)| *on && p.fill.is_some())
}

/// Puts `fill` on the part `index` of `style`, or on its background where there is no part.
fn set_fill(style: &mut TableStyle, index: Option<usize>, fill: Fill) {
    match index {
        Some(i) => style.parts[i].fill = Some(fill),
        None => style.background = Some(fill),
    }
}

/// A theme fill (`a:fillRef`, `e`): none for index 0, a solid fill in its colour for the first
/// (the themes Office ships fill solid there), a fill not known for the others.
fn theme_fill(reader: &mut XmlReader<'_>, e: &BytesStart<'_>, opens: bool) -> Result<Fill, ExtractError> {
    let index = reader.attr(e, b"idx")?.and_then(|i| i.trim().parse::<u32>().ok());
    let mut colour = None;
    if opens {
        let until = reader.depth() - 1;
        loop {
            match reader.next()? {
                Event::Start(c) => {
                    let name = c.name();
                    let local = local_name(name.as_ref());
                    if colours::is_colour(local) {
                        colour = Some(ColourSpec::read(reader, &c, local, true)?);
                    } else {
                        reader.skip()?;
                    }
                }
                Event::Empty(c) => {
                    let name = c.name();
                    let local = local_name(name.as_ref());
                    if colours::is_colour(local) {
                        colour = Some(ColourSpec::read(reader, &c, local, false)?);
                    }
                }
                Event::End(_) if reader.depth() == until => break,
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(match (index, colour) {
        (Some(0), _) => Fill::None,
        (Some(1), Some(colour)) => Fill::Solid(colour),
        _ => Fill::Mixed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::as_shown::Rgb;

    const STYLES: &[u8] = br#"<a:tblStyleLst xmlns:a="a" def="{A}"><a:tblStyle styleId="{a}" styleName="banded"><a:tblBg><a:fillRef idx="1"><a:srgbClr val="EEEEEE"/></a:fillRef></a:tblBg><a:wholeTbl><a:tcTxStyle><a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef><a:srgbClr val="111111"/></a:tcTxStyle><a:tcStyle><a:tcBdr><a:left><a:ln><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></a:left></a:tcBdr><a:fill><a:noFill/></a:fill></a:tcStyle></a:wholeTbl><a:band1H><a:tcStyle><a:fill><a:solidFill><a:srgbClr val="DDDDDD"/></a:solidFill></a:fill></a:tcStyle></a:band1H><a:band2H><a:tcTxStyle><a:fontRef idx="minor"><a:srgbClr val="222222"/></a:fontRef></a:tcTxStyle></a:band2H><a:lastCol><a:tcTxStyle><a:srgbClr val="FFFFFF"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:fill></a:tcStyle></a:lastCol><a:firstRow><a:tcTxStyle><a:schemeClr val="accent1"><a:tint val="50000"/></a:schemeClr></a:tcTxStyle><a:tcStyle><a:fillRef idx="3"><a:srgbClr val="000000"/></a:fillRef></a:tcStyle></a:firstRow></a:tblStyle><a:tblStyle styleId="{B}" styleName="plain"><a:wholeTbl><a:tcStyle><a:fill><a:noFill/></a:fill></a:tcStyle></a:wholeTbl></a:tblStyle></a:tblStyleLst>"#;

    fn table(id: &str, tbl_pr: &str, columns: u32) -> TableLook {
        let styles = TableStyles::read("ppt/tableStyles.xml", STYLES, 64).unwrap();
        let mut look = styles.look(id);
        let xml = format!(r#"<a:tblPr xmlns:a="a" {tbl_pr}/>"#);
        let mut reader = XmlReader::new("t", xml.as_bytes(), 8);
        let Event::Empty(e) = reader.next().unwrap() else { panic!() };
        look.turn_on(&reader, &e).unwrap();
        look.columns = columns;
        look
    }

    fn colour(hex: &str) -> Option<Backdrop> {
        Some(Backdrop::Colour(Rgb::hex(hex).unwrap()))
    }

    fn ink(hex: &str) -> Option<Ink> {
        Some(Ink::Colour(Rgb::hex(hex).unwrap()))
    }

    #[test]
    fn each_cell_takes_the_parts_that_reach_it() {
        let palette = Palette::default();
        let look = table("{a}", r#"firstRow="1" bandRow="1" lastCol="1""#, 3);
        // The header row: a theme fill not known, a tinted colour not known.
        assert_eq!(look.cell(0, 0, 4, &palette), (Some(Backdrop::Mixed), Some(Ink::Auto)));
        // The rows after it band from the first: band1H's fill, the whole table's text colour.
        assert_eq!(look.cell(1, 0, 4, &palette), (colour("DDDDDD"), ink("111111")));
        // band2H fills nothing of its own, the whole table's cells have no fill: the background.
        assert_eq!(look.cell(2, 1, 4, &palette), (colour("EEEEEE"), ink("222222")));
        // The last column: white on white, over the bands.
        assert_eq!(look.cell(2, 2, 4, &palette), (colour("FFFFFF"), ink("FFFFFF")));
        // Without the parts turned on, the whole table alone.
        let whole = table("{A}", "", 3);
        assert_eq!(whole.cell(0, 2, 4, &palette), (colour("EEEEEE"), ink("111111")));
        // A style without fills or colours, no style, built-in styles.
        assert_eq!(table("{B}", "", 3).cell(0, 0, 1, &palette), (Some(Backdrop::Clear), None));
        assert_eq!(TableLook::default().cell(0, 0, 1, &palette), (None, None));
        assert_eq!(table(PLAIN_BUILT_IN[0], "", 3).cell(0, 0, 1, &palette), (None, None));
        let built_in = table("{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}", "", 3);
        assert_eq!(built_in.cell(0, 0, 1, &palette), (Some(Backdrop::Mixed), Some(Ink::Auto)));
    }

    #[test]
    fn the_background_is_behind_parts_that_fill_nothing() {
        let xml = br#"<a:tblStyleLst xmlns:a="a"><a:tblStyle styleId="{C}"><a:tblBg><a:fillRef idx="1"><a:srgbClr val="EEEEEE"/></a:fillRef></a:tblBg><a:wholeTbl><a:tcTxStyle><a:srgbClr val="EEEEEE"/></a:tcTxStyle></a:wholeTbl></a:tblStyle></a:tblStyleLst>"#;
        let styles = TableStyles::read("ppt/tableStyles.xml", xml, 64).unwrap();
        let look = styles.look("{c}");
        assert_eq!(look.cell(0, 0, 1, &Palette::default()), (colour("EEEEEE"), ink("EEEEEE")));
    }
}
