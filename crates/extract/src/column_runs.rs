//! Text written down a column, one short piece per cell: shared by the readers of sheets and
//! tables (XLSX, XLS/ET, ODS, tables in ODT, DOCX and HTML, CSV records).
//!
//! A sheet is read row by row, so a mark typed one character per cell *down* a column (`机` in A1,
//! `密` in A2, `★` in A3…) reaches the matcher as the first character of five different rows, each
//! followed by the rest of its row. A person looking at the sheet reads it top to bottom. So runs
//! of consecutive cells in one column that each hold a short piece of text are also read as one
//! line, located at the run (`field` = `column A, rows 2-6`, `paragraph` = its first row; a
//! finding's `column` counts characters from the run's first cell).
//!
//! Only short cells join (at most [`SHORT`] characters): a column of ordinary values (names,
//! amounts, sentences) holds nothing a person reads downwards, and reading it twice would only
//! repeat findings.
//!
//! A reader that knows which cells do not show (white on white, hidden by their format) also
//! collects the column as it shows ([`Columns::as_shown`]): an unseen cell is passed over, not a
//! gap, so `机` | white `公开` | `密` | `★1年` down a column shows `机密★1年`. Such a run is given
//! only when an unseen cell sat between its shown pieces (else the column itself is what shows).

use std::collections::BTreeMap;

/// The most characters a cell may hold to be read as a piece of a column.
pub(crate) const SHORT: usize = 3;

/// Fewest consecutive short cells that make a run worth reading downwards.
const MIN_RUN: usize = 2;

/// A run being collected: its first row, its last row and its pieces.
struct Run {
    first_row: u32,
    last_row: u32,
    /// The pieces so far, joined (one string, not one per cell: a column of a million
    /// one-character cells is a megabyte, not fifty).
    text: String,
    /// How many pieces `text` joins.
    pieces: usize,
    /// The row of the last piece (`last_row` may be an unseen cell's after it).
    last_piece: u32,
    /// Whether an unseen cell came after the last piece, and whether one came between pieces.
    unseen_after: bool,
    cut: bool,
}

/// A run read downwards.
#[derive(Debug, PartialEq)]
pub(crate) struct ColumnRun {
    /// The column's letters.
    pub column: String,
    /// The first and last rows of the run.
    pub rows: (u32, u32),
    /// The pieces joined, top to bottom.
    pub text: String,
}

impl ColumnRun {
    /// How the run is named in a location's `field`.
    pub(crate) fn field(&self) -> String {
        format!("column {}, rows {}-{}", self.column, self.rows.0, self.rows.1)
    }
}

/// Collects the runs of short cells of one sheet, column by column.
#[derive(Default)]
pub(crate) struct Columns {
    open: BTreeMap<String, Run>,
    done: Vec<ColumnRun>,
    /// Collecting the columns as they show: only runs cut by an unseen cell are given.
    as_shown: bool,
}

impl Columns {
    /// Collects the columns as they show: cells that show are noted with [`Columns::cell`],
    /// unseen ones with [`Columns::unseen`]; [`Columns::runs`] gives only the runs an unseen cell
    /// cut.
    pub(crate) fn as_shown() -> Columns {
        Columns { as_shown: true, ..Columns::default() }
    }

    /// Notes that the cell at `reference` holds text that does not show: passed over, not a gap,
    /// in the column as it shows. Cells come row by row.
    pub(crate) fn unseen(&mut self, reference: &str) {
        let Some((column, row)) = split_reference(reference) else {
            return;
        };
        match self.open.get_mut(column) {
            Some(run) if row == run.last_row + 1 => {
                run.last_row = row;
                run.unseen_after = true;
            }
            Some(_) => {
                let run = self.open.remove(column).expect("checked above");
                self.finish(column.to_owned(), run);
            }
            None => {}
        }
    }

    /// Notes the cell at `reference` (`B7`) holding `text` (as shown). Cells come row by row.
    pub(crate) fn cell(&mut self, reference: &str, text: &str) {
        let Some((column, row)) = split_reference(reference) else {
            return;
        };
        self.cell_at(column, row, text);
    }

    /// Notes the cell of `column` (letters, `AB`) and `row` (1-based) holding `text`. Cells come
    /// row by row.
    pub(crate) fn cell_at(&mut self, column: &str, row: u32, text: &str) {
        let text = text.trim();
        let short = !text.is_empty() && text.chars().count() <= SHORT && !text.contains(['\n', '\t']);
        match self.open.get_mut(column) {
            Some(run) if short && row == run.last_row + 1 => {
                run.last_row = row;
                run.last_piece = row;
                run.cut |= std::mem::take(&mut run.unseen_after);
                run.text.push_str(text);
                run.pieces += 1;
                return;
            }
            Some(_) => {
                let run = self.open.remove(column).expect("checked above");
                self.finish(column.to_owned(), run);
            }
            None => {}
        }
        if short {
            let run = Run {
                first_row: row,
                last_row: row,
                text: text.to_owned(),
                pieces: 1,
                last_piece: row,
                unseen_after: false,
                cut: false,
            };
            self.open.insert(column.to_owned(), run);
        }
    }

    fn finish(&mut self, column: String, run: Run) {
        if run.pieces >= MIN_RUN && (run.cut || !self.as_shown) {
            self.done.push(ColumnRun { column, rows: (run.first_row, run.last_piece), text: run.text });
        }
    }

    /// The runs read downwards, in column order.
    pub(crate) fn runs(mut self) -> Vec<ColumnRun> {
        let open = std::mem::take(&mut self.open);
        for (column, run) in open {
            self.finish(column, run);
        }
        self.done.sort_by(|a, b| (a.column.len(), &a.column, a.rows.0).cmp(&(b.column.len(), &b.column, b.rows.0)));
        self.done
    }
}

/// The letters of the 0-based column `index`: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub(crate) fn letters(index: u32) -> String {
    let mut n = index as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// `B7` → (`B`, 7). Absolute references (`$B$7`) are not used in cells; anything else is None.
fn split_reference(reference: &str) -> Option<(&str, u32)> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = reference.split_at(letters);
    if column.is_empty() {
        return None;
    }
    Some((column, row.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(cells: &[(&str, &str)]) -> Vec<(String, u32, String)> {
        let mut c = Columns::default();
        for (r, t) in cells {
            c.cell(r, t);
        }
        c.runs().into_iter().map(|r| (r.column, r.rows.0, r.text)).collect()
    }

    #[test]
    fn a_column_of_single_characters_reads_as_one_line() {
        let cells = [("A1", "机"), ("B1", "张三丰的报告"), ("A2", "密"), ("A3", "★"), ("A4", "1年"), ("A6", "x")];
        assert_eq!(runs(&cells), vec![("A".to_owned(), 1, "机密★1年".to_owned())]);
        let mut c = Columns::default();
        for (r, t) in cells {
            c.cell(r, t);
        }
        assert_eq!(c.runs()[0].field(), "column A, rows 1-4");
    }

    #[test]
    fn long_cells_and_gaps_break_a_run() {
        let cells = [("C1", "紫"), ("C2", "电"), ("C3", "一段很长的说明文字"), ("C4", "计"), ("C6", "划")];
        assert_eq!(runs(&cells), vec![("C".to_owned(), 1, "紫电".to_owned())]);
        assert!(runs(&[("A1", "甲"), ("A3", "乙")]).is_empty(), "not consecutive");
        assert!(runs(&[("A1", "甲")]).is_empty(), "a run of one is the row's business");
    }

    #[test]
    fn columns_come_out_in_sheet_order() {
        let cells = [("AA1", "丙"), ("AA2", "丁"), ("B1", "甲"), ("B2", "乙")];
        let got: Vec<String> = runs(&cells).into_iter().map(|r| r.0).collect();
        assert_eq!(got, ["B", "AA"]);
    }

    fn shown_runs(cells: &[(&str, Option<&str>)]) -> Vec<(String, (u32, u32), String)> {
        let mut c = Columns::as_shown();
        for (r, t) in cells {
            match t {
                Some(t) => c.cell(r, t),
                None => c.unseen(r),
            }
        }
        c.runs().into_iter().map(|r| (r.column, r.rows, r.text)).collect()
    }

    #[test]
    fn a_column_as_shown_passes_over_unseen_cells() {
        let cut = [("A1", Some("机")), ("A2", None), ("A3", Some("密")), ("A4", Some("★1年")), ("A5", None)];
        assert_eq!(shown_runs(&cut), vec![("A".to_owned(), (1, 4), "机密★1年".to_owned())]);
        // Nothing unseen between the pieces: the column itself is what shows.
        assert!(shown_runs(&[("A1", Some("机")), ("A2", Some("密"))]).is_empty());
        assert!(shown_runs(&[("A1", None), ("A2", Some("机")), ("A3", Some("密")), ("A4", None)]).is_empty());
        // A gap (an empty row) still breaks the run; so does a long cell that shows.
        assert!(shown_runs(&[("A1", Some("机")), ("A2", None), ("A4", Some("密"))]).is_empty());
        assert!(shown_runs(&[("A1", Some("机")), ("A2", None), ("A3", Some("很长的一段文字")), ("A4", Some("密"))])
            .is_empty());
    }

    #[test]
    fn column_letters() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
        assert_eq!(letters(16_383), "XFD");
    }

    #[test]
    fn odd_references_are_ignored() {
        assert!(runs(&[("", "甲"), ("7", "乙"), ("A", "丙")]).is_empty());
    }
}
