//! The XLS reader: Excel 97–2003 workbooks (BIFF8), and Kingsoft WPS `.et` files, which are the
//! same format.
//!
//! # Where the text is
//!
//! The workbook is one stream (`Workbook`) of records, split into substreams that each open with
//! `BOF` and close with `EOF`: first the workbook globals, then one substream per sheet, at the
//! offset its `BOUNDSHEET8` record gives (a chart embedded in a sheet nests its own substream
//! inside the sheet's). Cell text is mostly not in the cells: a `LABELSST` cell points into the
//! shared string table (`SST`) of the globals.
//!
//! # What is read, and how it is reported
//!
//! Like the XLSX reader: each sheet is its own part, `Workbook/sheetN` (N in tab order, hidden
//! and very hidden sheets included), with one [`Role::Body`] segment per row that holds text, its
//! cells' texts joined by tabs, `paragraph` = the row number. Cell text comes from shared strings,
//! inline labels (`LABEL`, `RSTRING`) and the cached string results of formulas (`STRING`).
//! Numbers are not read, except where a custom number format adds text around them (`0"年"`):
//! then the cell is read as it is shown (see [`crate::numfmt`]); a text cell under such a format
//! is read as shown too (`"机密★"@`), and as stored when the format hides it.
//!
//! Beside the cells:
//! - sheet names, as [`Role::Properties`] of part `Workbook`, field `sheet`;
//! - defined names and the string constants of their formulas ([`Role::Other`], field `name`);
//! - page headers and footers (odd, even and first pages), format codes removed
//!   ([`Role::Header`]/[`Role::Footer`]);
//! - comments, with their author ([`Role::Note`], field = the cell), and text boxes
//!   ([`Role::Other`], field `textbox`);
//! - data-validation titles, prompts, error messages and list items ([`Role::Other`], field
//!   `validation`);
//! - string constants of formulas (Excel may compute another result than the cached one when it
//!   opens the file: both are read), field `formula` + the cell;
//! - hyperlinks: shown text, target and location (field `hyperlink`);
//! - chart series and title texts ([`Role::Other`], field `chart`).
//!
//! A workbook protected by a password to open (`FILEPASS`) is an error (`encrypted`), also when
//! the password is Excel's built-in default (files with a protected structure): it is not
//! decrypted. An Excel 5/95 workbook (BIFF5, code-page strings) is not read: `review`.

mod formula;
mod records;

use std::collections::HashMap;

use crate::column_runs::{letters, Columns};
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use mijian_core::{Unread, Unsupported};

use self::records::{records, u16_at, u32_at, Record};
use crate::numfmt::{self, CellValue};
use crate::xlsx::strip_header_codes;
use crate::ExtractError;

/// The part name of the workbook globals.
const PART: &str = "Workbook";

mod kind {
    pub const FORMULA: u16 = 0x0006;
    pub const EOF: u16 = 0x000A;
    pub const HEADER: u16 = 0x0014;
    pub const FOOTER: u16 = 0x0015;
    pub const NAME: u16 = 0x0018;
    pub const NOTE: u16 = 0x001C;
    pub const FILEPASS: u16 = 0x002F;
    pub const OBJ: u16 = 0x005D;
    pub const BOUNDSHEET: u16 = 0x0085;
    pub const MULRK: u16 = 0x00BD;
    pub const RSTRING: u16 = 0x00D6;
    pub const XF: u16 = 0x00E0;
    pub const SST: u16 = 0x00FC;
    pub const LABELSST: u16 = 0x00FD;
    pub const TXO: u16 = 0x01B6;
    pub const HLINK: u16 = 0x01B8;
    pub const DV: u16 = 0x01BE;
    pub const NUMBER: u16 = 0x0203;
    pub const LABEL: u16 = 0x0204;
    pub const STRING: u16 = 0x0207;
    pub const ARRAY: u16 = 0x0221;
    pub const RK: u16 = 0x027E;
    pub const FORMAT: u16 = 0x041E;
    pub const SHRFMLA: u16 = 0x04BC;
    pub const BOF: u16 = 0x0809;
    pub const SERIESTEXT: u16 = 0x100D;
    pub const HEADERFOOTER: u16 = 0x089C;
}

/// Reads a BIFF8 workbook stream into `sink`: see the module documentation.
pub(crate) fn read_workbook(stream: &[u8], sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let recs = records(stream)?;
    match recs.first() {
        Some(r) if r.kind == kind::BOF && u16_at(r.data(), 0) == Some(0x0600) => {}
        Some(r) if r.kind == kind::BOF || r.kind == 0x0409 || r.kind == 0x0209 || r.kind == 0x0009 => {
            sink.coverage(CoverageNote::unread(PART, Unread::UnsupportedFormat(Unsupported::OldExcel)))?;
            return Ok(());
        }
        _ => return Err(ExtractError::corrupt(crate::Defect::NoBof).in_part("Workbook")),
    }
    let mut book = Book::default();
    let mut depth = 0usize;
    let mut sheet: Option<Sheet> = None;
    for r in &recs {
        match r.kind {
            kind::BOF => {
                depth += 1;
                if depth == 1 && r.offset != 0 {
                    sheet = Some(book.open_sheet(r.offset));
                }
                continue;
            }
            kind::EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(s) = sheet.take() {
                        s.emit(sink)?;
                    } else if !book.globals_done {
                        book.globals_done = true;
                        book.emit_globals(sink)?;
                    }
                }
                continue;
            }
            _ => {}
        }
        match sheet.as_mut() {
            None if !book.globals_done => book.global_record(r)?,
            None => {} // Between substreams: nothing belongs there.
            Some(s) => s.record(r, &book),
        }
    }
    // A stream cut short still gives what it held (a sheet without its EOF included).
    if !book.globals_done {
        book.emit_globals(sink)?;
    }
    if let Some(s) = sheet.take() {
        s.emit(sink)?;
    }
    sink.coverage(CoverageNote::read(PART))?;
    Ok(())
}

/// A sheet as `BOUNDSHEET8` lists it.
struct SheetEntry {
    offset: u32,
    name: String,
}

/// What the globals hold that the sheets need, and what they say themselves.
#[derive(Default)]
struct Book {
    globals_done: bool,
    sheets: Vec<SheetEntry>,
    strings: Vec<String>,
    /// Custom number formats by index.
    formats: HashMap<u16, String>,
    /// The number format index of each cell format (XF), in order.
    xf_formats: Vec<u16>,
    /// Defined names: (name, string constants of its formula).
    names: Vec<(Option<String>, Vec<String>)>,
    /// Substreams met that no `BOUNDSHEET8` lists.
    unlisted: u32,
}

impl Book {
    fn global_record(&mut self, r: &Record<'_>) -> Result<(), ExtractError> {
        let d = r.data();
        match r.kind {
            kind::FILEPASS => return Err(ExtractError::encrypted(crate::Encryption::Password)),
            kind::BOUNDSHEET => {
                let offset = u32_at(d, 0).unwrap_or(0);
                let frags = [d.get(6..).unwrap_or(&[])];
                let name = records::cursor_over(&frags).short_string().unwrap_or_default();
                self.sheets.push(SheetEntry { offset, name });
            }
            kind::SST => {
                let mut c = r.cursor();
                c.skip(8);
                // The declared count is not trusted: strings are read while data lasts.
                while let Some(s) = c.rich_string() {
                    self.strings.push(s);
                }
            }
            kind::FORMAT => {
                let frags = [d.get(2..).unwrap_or(&[])];
                if let (Some(index), Some(code)) = (u16_at(d, 0), records::cursor_over(&frags).unicode_string()) {
                    self.formats.insert(index, code);
                }
            }
            kind::XF => self.xf_formats.push(u16_at(d, 2).unwrap_or(0)),
            kind::NAME => self.names.push(defined_name(d)),
            _ => {}
        }
        Ok(())
    }

    fn emit_globals(&self, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        for s in &self.sheets {
            if !s.name.trim().is_empty() {
                sink.segment(Segment::new(Location::part(PART).with_field("sheet"), Role::Properties, s.name.clone()))?;
            }
        }
        for (name, literals) in &self.names {
            for text in name.iter().chain(literals) {
                if !text.trim().is_empty() {
                    sink.segment(Segment::new(Location::part(PART).with_field("name"), Role::Other, text.clone()))?;
                }
            }
        }
        Ok(())
    }

    /// The sheet whose substream starts at `offset`.
    fn open_sheet(&mut self, offset: usize) -> Sheet {
        let part = match self.sheets.iter().position(|s| s.offset as usize == offset) {
            Some(i) => format!("{PART}/sheet{}", i + 1),
            None => {
                self.unlisted += 1;
                format!("{PART}/unlisted-sheet{}", self.unlisted)
            }
        };
        Sheet { part, ..Default::default() }
    }

    /// The custom number format of cell format `xf`, if it has one.
    fn format_of(&self, xf: u16) -> Option<&str> {
        let index = *self.xf_formats.get(xf as usize)?;
        self.formats.get(&index).map(String::as_str)
    }

    /// The texts a cell contributes: as shown under its format, and as stored when the display
    /// does not contain it.
    fn cell_texts(&self, xf: u16, value: CellValue<'_>) -> Vec<String> {
        let shown = self.format_of(xf).and_then(|f| numfmt::displayed(f, value));
        match (shown, value) {
            (Some(shown), CellValue::Text(t)) if !shown.contains(t) => vec![shown, t.to_owned()],
            (Some(shown), _) => vec![shown],
            (None, CellValue::Text(t)) => vec![t.to_owned()],
            (None, CellValue::Number(_)) => Vec::new(),
        }
    }
}

/// A `NAME` record: the name (none for built-in names such as `Print_Area`) and the string
/// constants of its formula.
fn defined_name(d: &[u8]) -> (Option<String>, Vec<String>) {
    let flags = u16_at(d, 0).unwrap_or(0);
    let count = d.get(3).copied().unwrap_or(0) as usize;
    let cce = u16_at(d, 4).unwrap_or(0) as usize;
    let wide = d.get(14).is_some_and(|f| f & 0x01 != 0);
    let name_len = if wide { count * 2 } else { count };
    let name = (flags & 0x0020 == 0).then(|| d.get(15..15 + name_len)).flatten().map(|b| decode_units(b, wide));
    let literals = d.get(15 + name_len..15 + name_len + cce).map(formula::string_literals).unwrap_or_default();
    (name, literals)
}

/// 8-bit (Latin-1) or UTF-16LE characters.
fn decode_units(b: &[u8], wide: bool) -> String {
    if wide {
        let units: Vec<u16> = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

/// What one sheet substream holds, gathered until its `EOF`.
#[derive(Default)]
struct Sheet {
    part: String,
    /// (row, column, text) of every cell with text.
    cells: Vec<(u16, u16, String)>,
    /// The cell whose formula's string result the next `STRING` record holds.
    pending_string: Option<(u16, u16, u16)>,
    margins: Vec<(&'static str, Role, String)>,
    /// Comments: (object id, cell, author).
    notes: Vec<(u16, String, String)>,
    /// Texts of objects (comments, text boxes): (object id, whether a comment, text).
    texts: Vec<(Option<u16>, bool, String)>,
    /// The id and kind of the last `OBJ` record, to which the next `TXO` belongs.
    last_object: Option<(u16, u16)>,
    /// String constants of formulas: (row, column, text).
    formulas: Vec<(u16, u16, String)>,
    /// Other texts: (field, text).
    others: Vec<(String, String)>,
}

impl Sheet {
    fn record(&mut self, r: &Record<'_>, book: &Book) {
        let d = r.data();
        let cell = || Some((u16_at(d, 0)?, u16_at(d, 2)?, u16_at(d, 4)?));
        match r.kind {
            kind::LABELSST => {
                if let (Some((row, col, xf)), Some(i)) = (cell(), u32_at(d, 6)) {
                    if let Some(s) = book.strings.get(i as usize) {
                        self.push_cell(row, col, book.cell_texts(xf, CellValue::Text(s)));
                    }
                }
            }
            kind::LABEL | kind::RSTRING => {
                let frags = [d.get(6..).unwrap_or(&[])];
                if let (Some((row, col, xf)), Some(s)) = (cell(), records::cursor_over(&frags).unicode_string()) {
                    self.push_cell(row, col, book.cell_texts(xf, CellValue::Text(&s)));
                }
            }
            kind::NUMBER => {
                if let (Some((row, col, xf)), Some(b)) = (cell(), d.get(6..14)) {
                    let n = f64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
                    self.push_cell(row, col, book.cell_texts(xf, CellValue::Number(n)));
                }
            }
            kind::RK => {
                if let (Some((row, col, xf)), Some(rk)) = (cell(), u32_at(d, 6)) {
                    self.push_cell(row, col, book.cell_texts(xf, CellValue::Number(rk_number(rk))));
                }
            }
            kind::MULRK => {
                let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) else { return };
                for (i, item) in d.get(4..d.len().saturating_sub(2)).unwrap_or(&[]).chunks_exact(6).enumerate() {
                    let xf = u16::from_le_bytes([item[0], item[1]]);
                    let rk = u32::from_le_bytes([item[2], item[3], item[4], item[5]]);
                    let col = first.saturating_add(i as u16);
                    self.push_cell(row, col, book.cell_texts(xf, CellValue::Number(rk_number(rk))));
                }
            }
            kind::FORMULA => {
                let Some((row, col, xf)) = cell() else { return };
                // A string result is flagged by 0xFFFF in the value's last two bytes and type 0;
                // its text is in the STRING record that follows.
                if d.get(12..14) == Some(&[0xFF, 0xFF]) && d.get(6) == Some(&0) {
                    self.pending_string = Some((row, col, xf));
                }
                let cce = u16_at(d, 20).unwrap_or(0) as usize;
                self.formula_literals(row, col, d.get(22..22 + cce));
            }
            kind::SHRFMLA | kind::ARRAY => {
                let (cce_at, rgce_at) = if r.kind == kind::SHRFMLA { (8, 10) } else { (12, 14) };
                let (Some(row), Some(col)) = (u16_at(d, 0), d.get(4)) else { return };
                let cce = u16_at(d, cce_at).unwrap_or(0) as usize;
                self.formula_literals(row, *col as u16, d.get(rgce_at..rgce_at + cce));
            }
            kind::STRING => {
                if let (Some((row, col, xf)), Some(s)) = (self.pending_string.take(), r.cursor().unicode_string()) {
                    self.push_cell(row, col, book.cell_texts(xf, CellValue::Text(&s)));
                }
            }
            kind::HEADER | kind::FOOTER if !d.is_empty() => {
                if let Some(codes) = r.cursor().unicode_string() {
                    let (field, role) =
                        if r.kind == kind::HEADER { ("header", Role::Header) } else { ("footer", Role::Footer) };
                    self.margins.push((field, role, strip_header_codes(&codes)));
                }
            }
            // Even-page and first-page headers and footers (Excel 2007+): four strings after a
            // 38-byte head, each present when its count is not zero.
            kind::HEADERFOOTER => {
                let counts: Vec<u16> = (0..4).filter_map(|i| u16_at(d, 30 + i * 2)).collect();
                let frags = [d.get(38..).unwrap_or(&[])];
                let mut c = records::cursor_over(&frags);
                let names = [
                    ("evenHeader", Role::Header),
                    ("evenFooter", Role::Footer),
                    ("firstHeader", Role::Header),
                    ("firstFooter", Role::Footer),
                ];
                for (count, (field, role)) in counts.iter().zip(names) {
                    if *count == 0 {
                        continue;
                    }
                    let Some(codes) = c.unicode_string() else { break };
                    self.margins.push((field, role, strip_header_codes(&codes)));
                }
            }
            // The first sub-record is always FtCmo (0x0015): object kind, then id.
            kind::OBJ if u16_at(d, 0) == Some(0x0015) => self.last_object = u16_at(d, 4).zip(u16_at(d, 6)),
            kind::TXO => {
                let count = u16_at(d, 10).unwrap_or(0) as usize;
                let mut c = r.cursor();
                let text = (count > 0)
                    .then(|| {
                        c.skip(d.len())?;
                        let wide = c.u8()? & 0x01 != 0;
                        c.chars(count, wide)
                    })
                    .flatten();
                if let Some(text) = text {
                    let (id, is_note) = match self.last_object.take() {
                        Some((kind, id)) => (Some(id), kind == 0x19),
                        None => (None, false),
                    };
                    self.texts.push((id, is_note, text));
                }
            }
            kind::NOTE => {
                let frags = [d.get(8..).unwrap_or(&[])];
                if let (Some(row), Some(col), Some(id)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 6)) {
                    let author = records::cursor_over(&frags).unicode_string().unwrap_or_default();
                    self.notes.push((id, cell_name(row, col), author));
                }
            }
            kind::DV => self.validation(r),
            kind::HLINK => {
                let texts = hyperlink_texts(d);
                let at = u16_at(d, 0).zip(d.get(4..6).map(|c| u16::from_le_bytes([c[0], c[1]])));
                let field = match at {
                    Some((row, col)) => format!("hyperlink {}", cell_name(row, col)),
                    None => "hyperlink".to_owned(),
                };
                for t in texts {
                    self.others.push((field.clone(), t));
                }
            }
            kind::SERIESTEXT => {
                let frags = [d.get(2..).unwrap_or(&[])];
                if let Some(t) = records::cursor_over(&frags).short_string() {
                    self.others.push(("chart".to_owned(), t));
                }
            }
            _ => {}
        }
    }

    fn push_cell(&mut self, row: u16, col: u16, texts: Vec<String>) {
        for t in texts {
            if !t.trim().is_empty() {
                self.cells.push((row, col, t));
            }
        }
    }

    fn formula_literals(&mut self, row: u16, col: u16, rgce: Option<&[u8]>) {
        for text in rgce.map(formula::string_literals).unwrap_or_default() {
            self.formulas.push((row, col, text));
        }
    }

    /// A `DV` record: prompt title, error title, prompt, error message, then the list items.
    fn validation(&mut self, r: &Record<'_>) {
        let d = r.data();
        let flags = u32_at(d, 0).unwrap_or(0);
        let mut c = r.cursor();
        c.skip(4);
        let mut texts = Vec::new();
        for _ in 0..4 {
            match c.unicode_string() {
                // An absent string is stored as one NUL character.
                Some(s) => texts.push(s.replace('\0', "")),
                None => break,
            }
        }
        // A list validation (type 3) keeps its items in the first formula, NUL-separated.
        if texts.len() == 4 && flags & 0x0F == 3 {
            if let Some(size) = c.u16() {
                c.skip(2);
                let rgce: Vec<u8> = (0..size).map_while(|_| c.u8()).collect();
                texts.extend(formula::string_literals(&rgce).iter().map(|s| s.replace('\0', "\n")));
            }
        }
        for t in texts {
            self.others.push(("validation".to_owned(), t));
        }
    }

    fn emit(mut self, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        // A constant the cell's cached value already shows adds nothing.
        let formulas: Vec<(String, String)> = std::mem::take(&mut self.formulas)
            .into_iter()
            .filter(|(row, col, text)| {
                !self.cells.iter().any(|(r, c, shown)| r == row && c == col && shown.contains(text.as_str()))
            })
            .map(|(row, col, text)| (format!("formula {}", cell_name(row, col)), text))
            .collect();
        self.others.extend(formulas);
        self.cells.sort_by_key(|&(row, col, _)| (row, col));
        // Short cells down a column are read top to bottom too, as the XLSX reader does.
        let mut columns = Columns::default();
        for (row, col, text) in &self.cells {
            columns.cell_at(&letters(u32::from(*col)), u32::from(*row) + 1, text);
        }
        let mut i = 0;
        while i < self.cells.len() {
            let row = self.cells[i].0;
            let mut line = Vec::new();
            while i < self.cells.len() && self.cells[i].0 == row {
                line.push(std::mem::take(&mut self.cells[i].2));
                i += 1;
            }
            let location = Location::part(&self.part).with_paragraph(row as u32 + 1);
            sink.segment(Segment::new(location, Role::Body, line.join("\t")))?;
        }
        for run in columns.runs() {
            let location = Location::part(&self.part).with_paragraph(run.rows.0).with_field(run.field());
            sink.segment(Segment::new(location, Role::Body, run.text))?;
        }
        for (field, role, text) in self.margins {
            if !text.trim().is_empty() {
                sink.segment(Segment::new(Location::part(&self.part).with_field(field), role, text))?;
            }
        }
        for (id, is_note, text) in &self.texts {
            let note = self.notes.iter().find(|n| Some(n.0) == *id);
            let (field, role) = match note {
                Some((_, cell, _)) => (cell.clone(), Role::Note),
                None if *is_note => ("comment".to_owned(), Role::Note),
                None => ("textbox".to_owned(), Role::Other),
            };
            if !text.trim().is_empty() {
                sink.segment(Segment::new(Location::part(&self.part).with_field(field), role, text.clone()))?;
            }
        }
        for (_, cell, author) in &self.notes {
            if !author.trim().is_empty() {
                let location = Location::part(&self.part).with_field(format!("{cell} author"));
                sink.segment(Segment::new(location, Role::Note, author.clone()))?;
            }
        }
        for (field, text) in self.others {
            if !text.trim().is_empty() {
                sink.segment(Segment::new(Location::part(&self.part).with_field(field), Role::Other, text))?;
            }
        }
        sink.coverage(CoverageNote::read(&self.part))?;
        Ok(())
    }
}

/// An RK number: a 30-bit integer or the high bits of a double, optionally divided by 100.
fn rk_number(rk: u32) -> f64 {
    let n = if rk & 0x02 != 0 { ((rk as i32) >> 2) as f64 } else { f64::from_bits(((rk & 0xFFFF_FFFC) as u64) << 32) };
    if rk & 0x01 != 0 {
        n / 100.0
    } else {
        n
    }
}

/// `A1`-style name of a cell (row and column 0-based).
fn cell_name(row: u16, col: u16) -> String {
    let mut letters = Vec::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u32 + 1)
}

/// The texts of an `HLINK` record a user sees or reaches: the shown text, the target (URL, file
/// path or string moniker) and the location inside it.
fn hyperlink_texts(d: &[u8]) -> Vec<String> {
    // Ref8 (8 bytes), the CLSID of StdLink (16), then the Hyperlink object: version, flags.
    let mut at = 24 + 4;
    let Some(flags) = u32_at(d, at) else { return Vec::new() };
    at += 4;
    let mut out = Vec::new();
    // A HyperlinkString: a count of UTF-16 units (NUL included), then the units.
    let string = |at: &mut usize| -> Option<String> {
        let n = u32_at(d, *at)? as usize;
        let b = d.get(*at + 4..*at + 4 + n.checked_mul(2)?)?;
        *at += 4 + n * 2;
        Some(decode_units(b, true).trim_end_matches('\0').to_owned())
    };
    let mut steps = || -> Option<()> {
        if flags & 0x14 == 0x14 {
            out.push(string(&mut at)?); // displayName
        }
        if flags & 0x80 != 0 {
            string(&mut at)?; // targetFrameName: a window name, not shown
        }
        if flags & 0x101 == 0x101 {
            out.push(string(&mut at)?);
        } else if flags & 0x01 != 0 {
            let clsid = d.get(at..at + 16)?;
            at += 16;
            const URL_MONIKER: [u8; 4] = [0xE0, 0xC9, 0xEA, 0x79];
            const FILE_MONIKER: [u8; 4] = [0x03, 0x03, 0x00, 0x00];
            if clsid[..4] == URL_MONIKER {
                let bytes = u32_at(d, at)? as usize;
                let b = d.get(at + 4..at + 4 + bytes)?;
                out.push(decode_units(b, true).trim_end_matches('\0').to_owned());
                at += 4 + bytes;
            } else if clsid[..4] == FILE_MONIKER {
                let ansi = u32_at(d, at + 2)? as usize;
                let path = d.get(at + 6..at + 6 + ansi)?;
                let path = path.split(|&b| b == 0).next().unwrap_or(path);
                out.push(encoding_rs::GB18030.decode_without_bom_handling(path).0.into_owned());
                at += 6 + ansi + 24;
                let extra = u32_at(d, at)? as usize;
                if extra > 0 {
                    let bytes = u32_at(d, at + 4)? as usize;
                    out.push(decode_units(d.get(at + 10..at + 10 + bytes)?, true));
                }
                at += 4 + extra;
            } else {
                return None; // Another moniker: what follows cannot be located.
            }
        }
        if flags & 0x08 != 0 {
            out.push(string(&mut at)?); // location (a cell, a bookmark)
        }
        Some(())
    };
    let _ = steps();
    out.retain(|t| !t.trim().is_empty());
    out
}

#[cfg(test)]
mod tests;
