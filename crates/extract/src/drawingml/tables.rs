//! What a table style (`ppt/tableStyles.xml`, named by a table's `a:tblPr/a:tableStyleId`) does
//! to the cells of its tables: whether it may fill them (`a:tcStyle/a:fill`, `a:fillRef`, the
//! table's background `a:tblBg`) and whether it may colour their text (`a:tcTxStyle`).
//!
//! Which part of a style (whole table, header row, bands, first column…) reaches a cell, and in
//! which theme colour, is not worked out: a style that fills any part may be behind any cell's
//! text, and one that colours any part's text may colour any run without its own colour. Such a
//! fill or colour is taken as not known, so text on it shows: white text in the dark header row
//! of PowerPoint's default style is read, not judged unseen on the white slide. A style whose
//! parts neither fill nor colour (`无样式，无网格`, the light styles without fills) leaves the
//! cells as they were: white text on the white slide there is unseen.
//!
//! PowerPoint writes the styles its tables use into the part; one that is not there is one of its
//! built-in styles, known by its identifier: the two "No Style" styles fill nothing and colour
//! nothing, the others are taken to do both. A table without a style identifier has no style.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::colours;
use crate::xml::{local_name, XmlReader};
use crate::ExtractError;

/// PowerPoint's built-in styles that neither fill nor colour: "No Style, No Grid" and "No Style,
/// Table Grid".
const PLAIN_BUILT_IN: [&str; 2] = ["{2D5ABB26-0587-4C30-8999-92F81FD0307C}", "{5940675A-B579-460E-94D1-54222C63F5DA}"];

/// What a table style may do to its cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TableLook {
    /// It may fill a cell (behind text that sets no fill of its cell's own).
    pub(crate) fills: bool,
    /// It may colour a run that sets no colour of its own.
    pub(crate) colours_text: bool,
}

/// The table styles of a presentation, by identifier.
#[derive(Debug, Default)]
pub(crate) struct TableStyles {
    styles: HashMap<String, TableLook>,
}

impl TableStyles {
    /// Reads `ppt/tableStyles.xml` (`part`, already UTF-8).
    pub(crate) fn read(part: &str, xml: &[u8], max_depth: usize) -> Result<TableStyles, ExtractError> {
        let mut reader = XmlReader::new(part, xml, max_depth);
        let mut out = TableStyles::default();
        let mut current: Option<(String, TableLook)> = None;
        // Inside a part's cell look (`a:tcStyle`) or the table's background, or its text look.
        let (mut in_cell, mut in_text) = (0usize, 0usize);
        // Inside a cell's borders (`a:tcBdr`: a line's fill is not the cell's).
        let mut in_border = 0usize;
        loop {
            let event = reader.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let opens = matches!(event, Event::Start(_));
                    let qname = e.name();
                    let local = local_name(qname.as_ref());
                    match local {
                        b"tblStyle" => {
                            let id = reader.attr(e, b"styleId")?.map(|s| s.trim().to_ascii_uppercase());
                            current = id.map(|id| (id, TableLook::default()));
                        }
                        b"tcStyle" | b"tblBg" if opens => in_cell = reader.depth(),
                        b"tcTxStyle" if opens => in_text = reader.depth(),
                        b"tcBdr" if opens => in_border = reader.depth(),
                        b"solidFill" | b"gradFill" | b"pattFill" | b"blipFill" | b"fillRef"
                            if in_cell > 0 && in_border == 0 =>
                        {
                            let none = local == b"fillRef" && reader.attr(e, b"idx")?.is_some_and(|i| i.trim() == "0");
                            if let Some((_, look)) = current.as_mut() {
                                look.fills |= !none;
                            }
                        }
                        _ if in_text > 0 && colours::is_colour(local) => {
                            if let Some((_, look)) = current.as_mut() {
                                look.colours_text = true;
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    let depth = reader.depth() + 1;
                    match local_name(e.name().as_ref()) {
                        b"tcStyle" | b"tblBg" if depth == in_cell => in_cell = 0,
                        b"tcTxStyle" if depth == in_text => in_text = 0,
                        b"tcBdr" if depth == in_border => in_border = 0,
                        b"tblStyle" => {
                            if let Some((id, look)) = current.take() {
                                out.styles.insert(id, look);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    /// What the style `id` (a `a:tableStyleId`) may do to its cells.
    pub(crate) fn look(&self, id: &str) -> TableLook {
        let id = id.trim().to_ascii_uppercase();
        match self.styles.get(&id) {
            Some(look) => *look,
            None if PLAIN_BUILT_IN.contains(&id.as_str()) => TableLook::default(),
            None => TableLook { fills: true, colours_text: true },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_fills_or_colours_if_any_part_does() {
        let xml = br#"<a:tblStyleLst xmlns:a="a" def="{A}"><a:tblStyle styleId="{a}" styleName="filled"><a:wholeTbl><a:tcTxStyle><a:fontRef idx="minor"/><a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:tcBdr/><a:fill><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:wholeTbl></a:tblStyle><a:tblStyle styleId="{B}" styleName="plain"><a:wholeTbl><a:tcStyle><a:tcBdr><a:left><a:ln><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></a:left></a:tcBdr><a:fill><a:noFill/></a:fill></a:tcStyle></a:wholeTbl></a:tblStyle><a:tblStyle styleId="{C}"><a:firstRow><a:tcTxStyle b="on"/><a:tcStyle><a:fillRef idx="3"><a:schemeClr val="accent2"/></a:fillRef></a:tcStyle></a:firstRow></a:tblStyle></a:tblStyleLst>"#;
        let styles = TableStyles::read("ppt/tableStyles.xml", xml, 64).unwrap();
        assert_eq!(styles.look("{A}"), TableLook { fills: true, colours_text: true });
        assert_eq!(styles.look("{C}"), TableLook { fills: true, colours_text: false });
        // A border's line is not a fill.
        assert_eq!(styles.look("{b}"), TableLook::default());
        assert_eq!(styles.look(PLAIN_BUILT_IN[0]), TableLook::default());
        assert_eq!(
            styles.look("{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"),
            TableLook { fills: true, colours_text: true }
        );
    }
}
