//! Places of a workbook that show text beside the cells' own values: custom number formats,
//! defined names, formula string constants.

use std::collections::HashMap;

use mijian_core::{DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use super::conditional::{Dxf, DxfReader};
use super::look::{colour, CellLook, Font};
use crate::as_shown::Backdrop;
use crate::ooxml;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// The number format of every cell format (`xl/styles.xml`): custom formats (`numFmts`) by the
/// index of the cell format (`cellXfs/xf`) that uses them.
#[derive(Default)]
pub(super) struct Styles {
    formats: HashMap<u32, String>,
    xf_formats: Vec<u32>,
    /// Each cell format's cell style (`xf/@xfId`, an index into `cellStyleXfs`), and each cell
    /// style's number format: a viewer that honours `applyNumberFormat="0"` shows the style's.
    xf_styles: Vec<Option<u32>>,
    style_formats: Vec<u32>,
    /// The fonts and fills (`fonts/font`, `fills/fill`), and each cell format's (font, fill).
    fonts: Vec<Font>,
    fills: Vec<Backdrop>,
    xf_looks: Vec<(usize, usize)>,
    /// The differential formats (`dxfs/dxf`) conditional formats give cells.
    pub(super) dxfs: Vec<Dxf>,
    /// The styles part, and the names of the author's own cell and table styles in it (Excel
    /// lists them in the Cell Styles and Table Styles galleries; built-in ones, with a
    /// `builtinId`, are Excel's).
    pub(super) names: Option<(String, Vec<String>)>,
    /// The styles part read, if any.
    pub(super) part: Option<String>,
}

impl Styles {
    /// Reads the styles part, if the package has one.
    pub(super) fn load(archive: &mut Archive<'_>, part: Option<&str>, limits: &Limits) -> Result<Styles, ExtractError> {
        let mut styles = Styles::default();
        let Some(part) = part.and_then(|p| archive.find(p)).map(str::to_owned) else { return Ok(styles) };
        let xml = ooxml::read_xml(archive, &part)?;
        styles.part = Some(part.clone());
        let mut reader = XmlReader::bounded(&part, &xml, limits);
        let (mut in_cell_xfs, mut in_style_xfs) = (false, false);
        // Inside the workbook's fonts or fills (not a differential format's `dxf`).
        let (mut in_fonts, mut in_fills) = (false, false);
        let mut dxfs: Option<DxfReader> = None;
        loop {
            match reader.next()? {
                Event::Start(e) if dxfs.is_some() => {
                    if let Some(d) = dxfs.as_mut() {
                        d.open(&reader, &e, false, &mut styles.dxfs)?;
                    }
                }
                Event::Empty(e) if dxfs.is_some() => {
                    if let Some(d) = dxfs.as_mut() {
                        d.open(&reader, &e, true, &mut styles.dxfs)?;
                    }
                }
                Event::End(e) if dxfs.is_some() => match local_name(e.name().as_ref()) {
                    b"dxfs" => dxfs = None,
                    local => {
                        if let Some(d) = dxfs.as_mut() {
                            d.close(local, &mut styles.dxfs);
                        }
                    }
                },
                // The workbook's own (not a slicer style's, in an extension).
                Event::Start(e) if reader.depth() == 2 && local_name(e.name().as_ref()) == b"dxfs" => {
                    dxfs = Some(DxfReader::default());
                }
                Event::Start(e) | Event::Empty(e) if in_fonts || in_fills => match local_name(e.name().as_ref()) {
                    b"font" if in_fonts => styles.fonts.push(Font::default()),
                    b"fill" if in_fills => styles.fills.push(Backdrop::Clear),
                    local if in_fonts => {
                        if let Some(font) = styles.fonts.last_mut() {
                            font.read(&reader, &e, local)?;
                        }
                    }
                    b"patternFill" => {
                        let solid = match reader.attr(&e, b"patternType")?.as_deref().map(str::trim) {
                            None | Some("none") => Backdrop::Clear,
                            Some("solid") => Backdrop::Mixed,
                            Some(_) => Backdrop::Mixed,
                        };
                        if let Some(fill) = styles.fills.last_mut() {
                            *fill = solid;
                        }
                    }
                    b"fgColor" => {
                        if let Some(fill) = styles.fills.last_mut().filter(|f| **f == Backdrop::Mixed) {
                            // A solid fill shows its foreground colour (a pattern mixes two).
                            if let Some(c) = colour(&reader, &e)? {
                                *fill = c.map_or(Backdrop::Mixed, Backdrop::Colour);
                            }
                        }
                    }
                    b"gradientFill" => {
                        if let Some(fill) = styles.fills.last_mut() {
                            *fill = Backdrop::Mixed;
                        }
                    }
                    _ => {}
                },
                Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                    b"fonts" => in_fonts = matches!(reader.depth(), 1 | 2),
                    b"fills" => in_fills = matches!(reader.depth(), 1 | 2),
                    b"numFmt" => {
                        let id = reader.attr(&e, b"numFmtId")?.and_then(|v| v.trim().parse().ok());
                        if let (Some(id), Some(code)) = (id, reader.attr(&e, b"formatCode")?) {
                            styles.formats.insert(id, code.into_owned());
                        }
                    }
                    b"cellXfs" => in_cell_xfs = true,
                    b"cellStyleXfs" => in_style_xfs = true,
                    b"xf" if in_style_xfs => {
                        let id = reader.attr(&e, b"numFmtId")?.and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                        styles.style_formats.push(id);
                    }
                    b"cellStyle" | b"tableStyle" => {
                        let builtin = reader.attr(&e, b"builtinId")?.is_some();
                        if let Some(name) = reader.attr(&e, b"name")?.filter(|n| !builtin && !n.trim().is_empty()) {
                            styles.names.get_or_insert_with(|| (part.clone(), Vec::new())).1.push(name.into_owned());
                        }
                    }
                    b"xf" if in_cell_xfs => {
                        let id = reader.attr(&e, b"numFmtId")?.and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                        styles.xf_formats.push(id);
                        styles.xf_styles.push(reader.attr(&e, b"xfId")?.and_then(|v| v.trim().parse().ok()));
                        let index =
                            |v: Option<std::borrow::Cow<'_, str>>| v.and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                        let look = (index(reader.attr(&e, b"fontId")?), index(reader.attr(&e, b"fillId")?));
                        styles.xf_looks.push(look);
                    }
                    _ => {}
                },
                Event::End(e) => match local_name(e.name().as_ref()) {
                    b"cellXfs" => in_cell_xfs = false,
                    b"cellStyleXfs" => in_style_xfs = false,
                    b"fonts" => in_fonts = false,
                    b"fills" => in_fills = false,
                    _ => {}
                },
                Event::Eof => return Ok(styles),
                _ => {}
            }
        }
    }

    /// How the cell format `xf` (a cell's `s` attribute, 0 without one) shows text.
    pub(super) fn look_of(&self, xf: u32) -> CellLook {
        let (font, fill) = self.xf_looks.get(xf as usize).copied().unwrap_or_default();
        CellLook { font: self.fonts.get(font).copied().unwrap_or_default(), fill: self.fills.get(fill).copied() }
    }

    /// The custom number format of the cell format `xf` (a cell's `s` attribute), if any.
    pub(super) fn format_of(&self, xf: u32) -> Option<&str> {
        let id = self.xf_formats.get(xf as usize)?;
        self.formats.get(id).map(String::as_str)
    }

    /// The custom number format of the cell style of the cell format `xf`, where it differs
    /// from the cell format's own.
    pub(super) fn style_format_of(&self, xf: u32) -> Option<&str> {
        let style = (*self.xf_styles.get(xf as usize)?)?;
        let id = self.style_formats.get(style as usize)?;
        (self.xf_formats.get(xf as usize) != Some(id)).then(|| self.formats.get(id).map(String::as_str)).flatten()
    }

    /// The literal text of every custom number format the styles part defines (`numFmts`, and
    /// the differential formats' `dxf/numFmt`), as (field, text): a format prints it on any cell
    /// it is given, by the cell, a cell style or a conditional format, used or not.
    pub(super) fn format_literals(&self) -> Vec<(&'static str, String)> {
        let mut ids: Vec<&u32> = self.formats.keys().collect();
        ids.sort();
        let own = ids.into_iter().filter_map(|id| self.formats.get(id)).map(|f| ("number format", f.as_str()));
        let differential =
            self.dxfs.iter().filter_map(|d| d.format.as_deref()).map(|f| ("conditional number format", f));
        let mut out: Vec<(&'static str, String)> = Vec::new();
        for (field, format) in own.chain(differential) {
            for text in crate::numfmt::literal_texts(format) {
                if !out.iter().any(|(_, t)| *t == text) {
                    out.push((field, text));
                }
            }
        }
        out
    }
}

/// The string constants of a formula as written in SpreadsheetML (`"机密"&A1`, `""` inside a
/// constant for one quote); when the formula only joins constants (`"机密"&"★1年"`,
/// `"机密★"&1&"年"`, `CONCATENATE("机密","★1年")`), the value it computes comes first.
pub(crate) fn string_literals(formula: &str) -> Vec<String> {
    let literals = constants(formula);
    match joined_constants(formula) {
        Some(value) if !literals.contains(&value) => std::iter::once(value).chain(literals).collect(),
        _ => literals,
    }
}

/// The value of a formula made of constants (strings, and numbers as written) joined by `&` or
/// `CONCATENATE`/`CONCAT`.
fn joined_constants(formula: &str) -> Option<String> {
    // OpenDocument writes its formulas with a namespace (`of:=…`) and `;` between arguments.
    let f = formula.trim();
    let f =
        f.split_once(":=").filter(|(ns, _)| ns.bytes().all(|b| b.is_ascii_alphabetic())).map_or(f, |(_, rest)| rest);
    let f = f.strip_prefix('=').unwrap_or(f).trim();
    let call = ["CONCATENATE(", "_XLFN.CONCAT(", "CONCAT("]
        .iter()
        .find(|name| f.get(..name.len()).is_some_and(|head| head.eq_ignore_ascii_case(name)));
    let (operands, separators): (&str, &[char]) = match call {
        Some(name) => (f[name.len()..].strip_suffix(')')?, &[',', ';']),
        None => (f, &['&']),
    };
    let mut value = String::new();
    let mut strings = 0;
    let mut chars = operands.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next()? {
            '"' => {
                strings += 1;
                loop {
                    match chars.next()? {
                        '"' if chars.next_if_eq(&'"').is_some() => value.push('"'),
                        '"' => break,
                        c => value.push(c),
                    }
                }
            }
            d if d.is_ascii_digit() => {
                value.push(d);
                while let Some(d) = chars.next_if(|c| c.is_ascii_digit() || *c == '.') {
                    value.push(d);
                }
            }
            _ => return None,
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.next() {
            // Numbers alone are not text (they are not read elsewhere either).
            None => return (strings > 0).then_some(value),
            Some(c) if separators.contains(&c) => {}
            Some(_) => return None,
        }
    }
}

fn constants(formula: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = formula.chars().peekable();
    let mut in_sheet_name = false;
    while let Some(c) = chars.next() {
        match c {
            // 'Sheet name'!A1: a quoted sheet name, not a constant.
            '\'' => in_sheet_name = !in_sheet_name,
            '"' if !in_sheet_name => {
                let mut s = String::new();
                while let Some(q) = chars.next() {
                    if q == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            s.push('"');
                            continue;
                        }
                        break;
                    }
                    s.push(q);
                }
                out.push(s);
            }
            _ => {}
        }
    }
    out
}

/// The defined names of the workbook part and their formulas' string constants: a name shows in
/// the Name box and the Name Manager, its constant wherever a formula uses it ([`Role::Other`],
/// field `name`). Built-in names (`_xlnm.Print_Area`) are Excel's, not the author's: only their
/// constants are read. The names of custom views (`customWorkbookView/@name`) too, field
/// `custom view`, and the user who reserved a write-protected workbook (`fileSharing/@userName`),
/// field `file sharing`.
pub(super) fn read_defined_names(
    archive: &mut Archive<'_>,
    workbook: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, workbook)?;
    let mut reader = XmlReader::bounded(workbook, &xml, limits);
    let mut current: Option<(String, String)> = None;
    let emit = |sink: &mut dyn DocumentSink, text: String| {
        if !text.trim().is_empty() {
            sink.segment(Segment::new(Location::part(workbook).with_field("name"), Role::Other, text))?;
        }
        Ok::<(), mijian_core::Stop>(())
    };
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"fileSharing" => {
                // Who reserved a write-protected workbook: Excel names them when it is opened.
                if let Some(name) = reader.attr(&e, b"userName")?.filter(|n| !n.trim().is_empty()) {
                    let location = Location::part(workbook).with_field("file sharing");
                    sink.segment(Segment::new(location, Role::Other, name.into_owned()))?;
                }
            }
            Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"customWorkbookView" => {
                // A custom view's name is listed in View > Custom Views.
                if let Some(name) = reader.attr(&e, b"name")?.filter(|n| !n.trim().is_empty()) {
                    let location = Location::part(workbook).with_field("custom view");
                    sink.segment(Segment::new(location, Role::Other, name.into_owned()))?;
                }
            }
            Event::Start(e) if local_name(e.name().as_ref()) == b"definedName" => {
                let name = reader.attr(&e, b"name")?.map(|n| n.into_owned()).unwrap_or_default();
                current = Some((name, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, formula)) = current.as_mut() {
                    formula.push_str(&reader.text(&t)?);
                }
            }
            Event::End(e) if local_name(e.name().as_ref()) == b"definedName" => {
                if let Some((name, formula)) = current.take() {
                    if !name.starts_with("_xlnm.") {
                        emit(sink, name)?;
                    }
                    for literal in string_literals(&formula) {
                        emit(sink, literal)?;
                    }
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_of_formulas() {
        assert_eq!(string_literals(r#"CONCATENATE("机密","★1年")"#), vec!["机密★1年", "机密", "★1年"]);
        assert_eq!(string_literals(r#"'Sheet "1"'!A1&"a""b""#), vec![r#"a"b"#]);
        assert!(string_literals("SUM(A1:A3)").is_empty());
        assert_eq!(string_literals(r#""绝密" & "★启用前""#), vec!["绝密★启用前", "绝密", "★启用前"]);
        assert_eq!(string_literals(r#"_xlfn.CONCAT("秘密","★")"#), vec!["秘密★", "秘密", "★"]);
        // Numbers among the constants are joined as written; numbers alone are no text.
        assert_eq!(string_literals(r#""机"&"密★"&1&"年""#), vec!["机密★1年", "机", "密★", "年"]);
        assert_eq!(string_literals(r#"CONCATENATE("机密★", 10, "年")"#), vec!["机密★10年", "机密★", "年"]);
        assert!(string_literals("1&2").is_empty());
        assert_eq!(string_literals(r#""机密"&A1&"★""#), vec!["机密", "★"], "a reference cannot be known");
        // OpenDocument's form.
        assert_eq!(string_literals(r#"of:="机密★"&1&"年""#), vec!["机密★1年", "机密★", "年"]);
        assert_eq!(string_literals(r#"of:=CONCATENATE("机密";"★1年")"#), vec!["机密★1年", "机密", "★1年"]);
        assert_eq!(string_literals(r#"IF(A1,"机密","★")"#), vec!["机密", "★"], "not a plain join");
    }
}
