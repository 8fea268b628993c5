//! CSV and TSV: a spreadsheet's rows as lines, cells joined by tabs.
//!
//! A CSV export is what a spreadsheet shows: quotes are syntax, not text (`"机密★1年"` shows as
//! 机密★1年), a doubled quote is one quote, and a quoted cell may hold line breaks and
//! delimiters. So each record is read with RFC 4180's rules and becomes one line, its cells joined
//! by tabs as the XLSX reader joins a row's cells; runs of short cells down a column (one
//! character per record) are read top to bottom as well, as in XLSX (field = `column B, rows
//! 2-6`, rows counted in records). A record keeps the line breaks of its quoted
//! cells, so the lines read are the lines of the file: they are cut into segments like a text
//! file's (`line` = the first line of each), and a finding's line is its line in the file.
//!
//! A cell holding HTML (a CMS export's article body) is read again as the page it shows
//! ([`crate::markup_value`]), under part `csv record N column B (HTML)`; and then the whole file
//! too, as part `csv (HTML)`, since an HTML fragment whose lines all hold one tab or one comma
//! is sniffed as records.
//!
//! The delimiter (comma, tab or semicolon) is the one the sniffer found on every one of the first
//! lines; the bytes are decoded like a text file (UTF-8, UTF-16 with a BOM, GB18030, Big5): Excel
//! in China saves CSV in GBK.

use mijian_core::{DocumentSink, Location, Role, Segment};

use crate::column_runs::{letters, Columns};
use crate::markup_value;
use crate::text;
use crate::{ExtractError, Limits};

/// The part name of a CSV/TSV file's rows.
const PART: &str = "csv";

/// Delimiters tried, in order of preference.
const DELIMITERS: [char; 3] = [',', '\t', ';'];

/// Reads the CSV or TSV file in `bytes` into `sink`: see the module documentation.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let decoded = text::decode(bytes);
    let delimiter = delimiter_of(&decoded.text).unwrap_or(',');
    // Records keep their line breaks (quoted ones included), so line N of `rows` is line N of
    // the file, and the rows are cut into segments like a text file's lines.
    let mut rows = String::with_capacity(decoded.text.len());
    let mut columns = Columns::default();
    // Cells holding HTML, read again as the page each shows: (part, cell).
    let mut pages = Vec::new();
    for (number, record) in Records::new(&decoded.text, delimiter).enumerate() {
        for (i, cell) in record.cells.iter().enumerate() {
            columns.cell_at(&letters(i as u32), number as u32 + 1, cell);
            if markup_value::holds_markup(cell) {
                pages.push((format!("{PART} record {} column {} (HTML)", number + 1, letters(i as u32)), cell.clone()));
            }
        }
        rows.push_str(&record.cells.join("\t"));
        rows.push('\n');
    }
    text::for_each_chunk(&rows, text::CHUNK, |first_line, chunk| {
        sink.segment(Segment::new(Location::part(PART).with_line(first_line), Role::Body, chunk))
    })?;
    for run in columns.runs() {
        sink.segment(Segment::new(Location::part(PART).with_field(run.field()), Role::Body, run.text))?;
    }
    if !pages.is_empty() {
        // The whole file as a page too: an HTML fragment indented by one tab per line (or with
        // a comma on every line) looks like records, and its marks may span them.
        markup_value::read_as_page(&format!("{PART} (HTML)"), &decoded.text, limits, sink)?;
    }
    for (part, cell) in &pages {
        markup_value::read_as_page(part, cell, limits, sink)?;
    }
    sink.coverage(decoded.coverage(PART))?;
    Ok(())
}

/// Whether a text file is CSV or TSV: its first lines (at least three, up to 50, within 64 KiB)
/// all split into the same number (two or more) of cells with one delimiter, quoted cells
/// respected. Prose rarely has the same count of ASCII commas on every line; a text file that
/// does reads the same as CSV, one line per record.
pub(crate) fn looks_like_csv(head: &str) -> bool {
    delimiter_of(head).is_some()
}

/// The delimiter on which the first records of `text` agree, if any (see [`looks_like_csv`]).
fn delimiter_of(text: &str) -> Option<char> {
    let mut cut = text.len().min(64 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut head = &text[..cut];
    // A cut inside the head's last record would change its count: drop the last line when cut.
    if head.len() < text.len() {
        head = head.rsplit_once('\n').map_or("", |(h, _)| h);
    }
    DELIMITERS.into_iter().find(|&d| {
        let mut count = None;
        let mut records = 0;
        for record in Records::new(head, d).take(50) {
            if record.cells.len() == 1 && record.cells[0].is_empty() {
                continue;
            }
            if record.cells.len() < 2 || record.unterminated {
                return false;
            }
            match count {
                None => count = Some(record.cells.len()),
                Some(n) if n != record.cells.len() => return false,
                _ => {}
            }
            records += 1;
        }
        records >= 3
    })
}

/// One record: its cells.
struct Record {
    cells: Vec<String>,
    /// A quoted cell ran to the end of the text.
    unterminated: bool,
}

/// The records of a CSV text, by RFC 4180 (lenient: a quote inside an unquoted cell is text).
struct Records<'a> {
    text: &'a str,
    pos: usize,
    delimiter: char,
}

impl<'a> Records<'a> {
    fn new(text: &'a str, delimiter: char) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Records { text, pos: 0, delimiter }
    }
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if self.pos >= self.text.len() {
            return None;
        }
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut unterminated = false;
        let mut chars = self.text[self.pos..].char_indices().peekable();
        let mut at_cell_start = true;
        let mut end = self.text.len() - self.pos;
        while let Some((i, c)) = chars.next() {
            if at_cell_start && c == '"' {
                at_cell_start = false;
                // A quoted cell: up to the closing quote, `""` being one quote.
                let mut closed = false;
                while let Some((_, q)) = chars.next() {
                    if q == '"' {
                        if chars.peek().map(|p| p.1) == Some('"') {
                            chars.next();
                            cell.push('"');
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        cell.push(q);
                    }
                }
                unterminated |= !closed;
                continue;
            }
            at_cell_start = false;
            if c == self.delimiter {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            } else if c == '\n' {
                end = i + 1;
                break;
            } else if c != '\r' {
                cell.push(c);
            }
        }
        cells.push(cell);
        self.pos += end;
        Some(Record { cells, unterminated })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    fn rows(bytes: &[u8]) -> String {
        let mut sink = Collected::default();
        extract(bytes, &Limits::default(), &mut sink).unwrap();
        assert_eq!(sink.segments[0].location, Location::part(PART).with_line(1));
        sink.segments.iter().filter(|s| s.location.field.is_none()).map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn cells_holding_html_are_read_as_their_pages_and_then_the_whole_file() {
        let mut sink = Collected::default();
        let csv = "id\tbody\n1\t\"机<b></b>密\"\n2\tplain\n";
        extract(csv.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let pages: Vec<_> = sink
            .segments
            .iter()
            .filter(|s| s.location.part.ends_with("(HTML)"))
            .map(|s| s.location.part.as_str())
            .collect();
        assert_eq!(pages, ["csv (HTML)", "csv record 2 column B (HTML)"]);
        assert!(sink.segments.iter().any(|s| s.location.part == "csv record 2 column B (HTML)" && s.text == "机密\n"));
        // No cell holds markup: no page.
        let mut sink = Collected::default();
        extract(b"a,b\n1,x < y\n2,AT&T\n", &Limits::default(), &mut sink).unwrap();
        assert!(sink.segments.iter().all(|s| !s.location.part.ends_with("(HTML)")), "{:?}", sink.segments);
    }

    #[test]
    fn a_mark_down_a_column_reads_top_to_bottom() {
        let csv = "序号,字,说明\n1,机,第一行的说明\n2,密,第二行的说明\n3,★,第三行的说明\n4,1年,第四行的说明\n";
        let mut sink = Collected::default();
        extract(csv.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let runs: Vec<(Option<&str>, &str)> =
            sink.segments.iter().skip(1).map(|s| (s.location.field.as_deref(), s.text.as_str())).collect();
        assert_eq!(runs, vec![(Some("column A, rows 1-5"), "序号1234"), (Some("column B, rows 1-5"), "字机密★1年")]);
    }

    #[test]
    fn quoted_cells_are_unquoted_and_lines_kept() {
        let csv = "名称,密级,备注\r\n\"通知\",\"机密★1年\",\"他说\"\"好\"\"\"\r\n\r\n\"两行\n备注\",秘密,x\r\n";
        let want = "名称\t密级\t备注\n通知\t机密★1年\t他说\"好\"\n\n两行\n备注\t秘密\tx\n";
        assert_eq!(rows(csv.as_bytes()), want);
    }

    #[test]
    fn tsv_and_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("a\tb\n机密\t★1年\nc\td\n");
        assert_eq!(rows(&gbk), "a\tb\n机密\t★1年\nc\td\n");
    }

    #[test]
    fn a_long_file_is_cut_on_a_character_boundary() {
        // 64 KiB falls inside a three-byte character here.
        let mut csv = String::from("a,b\n");
        while csv.len() < 70_000 {
            csv.push_str("关于,通知\n");
        }
        assert!(!csv.is_char_boundary(64 * 1024));
        assert!(looks_like_csv(&csv));
        assert!(rows(csv.as_bytes()).starts_with("a\tb\n关于\t通知\n"));
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_csv("a,b,c\n1,2,3\n4,\"5,6\",7\n"));
        assert!(looks_like_csv("a\tb\n1\t2\n3\t4"));
        assert!(!looks_like_csv("a,b\n1,2\n"), "two lines are too few");
        assert!(!looks_like_csv("关于印发《办法》的通知, 各单位:\n现将有关事项通知如下, 请遵照执行。\n第一条\n"));
        assert!(!looks_like_csv("一行\n两行\n三行\n"));
        assert!(!looks_like_csv("a,b\n1,\"2\n3,4\n5,6\n"), "an unterminated quote");
    }
}
