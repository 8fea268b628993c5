//! Markdown pipe tables read down their columns (issue 10: a mark written one character per
//! table cell is still a mark).
//!
//! Markdown is plain text and is read line by line like any text file, so a mark typed along a
//! row (`| 机 | 密 | ★ |`) is already seen. One typed down a column, one character per row, reaches
//! the matcher as the first cell of many lines. A person looking at the rendered table reads it
//! top to bottom, so the cells of each pipe table are also handed to the shared column logic
//! ([`column_runs`](crate::column_runs)), exactly as CSV records and HTML tables are: runs of short
//! cells down a column are read as one line, at `field` = `table 1, column B, rows 1-5` (rows
//! counted from the header row, the delimiter row not counted) and `line` = the file line of the
//! run's first cell.
//!
//! A pipe table (GitHub Flavored Markdown) is a header line followed by a delimiter row
//! (`|---|:--:|`, as many cells as the header); its body runs to the first blank line. Cells are
//! split at unescaped pipes (`\|` is a pipe inside a cell) and trimmed; emphasis or code wrapping a
//! whole cell (`**机**`, `` `密` ``) is what the reader sees, so it is unwrapped.

use crate::column_runs::{letters, ColumnRun, Columns};

/// A column run of one pipe table, located.
#[derive(Debug, PartialEq)]
pub(crate) struct TableRun {
    /// `table 1, column B, rows 1-5`.
    pub field: String,
    /// The file line (1-based) of the run's first cell.
    pub line: u32,
    /// The cells joined, top to bottom.
    pub text: String,
}

/// The column runs of every pipe table in `text`, table by table.
pub(crate) fn column_runs(text: &str) -> Vec<TableRun> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut table = 0u32;
    let mut i = 0;
    while i + 1 < lines.len() {
        if !lines[i].contains('|') || !lines[i + 1].contains('|') {
            i += 1;
            continue;
        }
        let header = cells(lines[i]);
        if !is_delimiter_row(lines[i + 1], header.len()) {
            i += 1;
            continue;
        }
        table += 1;
        // Row numbers count the header as row 1 and skip the delimiter row; `lines_of[row - 1]`
        // is the file line (0-based) of each row.
        let mut columns = Columns::default();
        let mut lines_of = vec![i];
        add_row(&mut columns, 1, &header);
        let mut j = i + 2;
        while j < lines.len() && !lines[j].trim().is_empty() {
            lines_of.push(j);
            add_row(&mut columns, lines_of.len() as u32, &cells(lines[j]));
            j += 1;
        }
        out.extend(columns.runs().into_iter().map(|run: ColumnRun| TableRun {
            field: format!("table {table}, {}", run.field()),
            line: lines_of[run.rows.0 as usize - 1] as u32 + 1,
            text: run.text,
        }));
        i = j;
    }
    out
}

fn add_row(columns: &mut Columns, row: u32, cells: &[String]) {
    for (k, cell) in cells.iter().enumerate() {
        columns.cell_at(&letters(k as u32), row, unwrap(cell));
    }
}

/// The cells of a table line: split at unescaped pipes, the outer pipes dropped, trimmed.
fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    // A line ending in a pipe has no cell after it; one without a closing pipe has its last cell.
    if !cell.trim().is_empty() || !line.trim_end().ends_with('|') {
        out.push(cell.trim().to_owned());
    }
    out
}

/// Whether `line` is a delimiter row (`|---|:--:|--:`) of `count` cells. A single-column table
/// needs a pipe on the line, or `---` alone would be a thematic break.
fn is_delimiter_row(line: &str, count: usize) -> bool {
    if !line.contains('|') {
        return false;
    }
    let cells = cells(line);
    cells.len() == count
        && cells.iter().all(|c| {
            let dashes = c.strip_prefix(':').unwrap_or(c);
            let dashes = dashes.strip_suffix(':').unwrap_or(dashes);
            !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
        })
}

/// A cell's text as rendered when emphasis, strike-through or code wraps all of it.
fn unwrap(cell: &str) -> &str {
    let mut cell = cell;
    loop {
        let inner = ["**", "__", "~~", "*", "_", "`", "~"]
            .iter()
            .find_map(|m| cell.strip_prefix(m).and_then(|c| c.strip_suffix(m)).filter(|c| !c.trim().is_empty()));
        match inner {
            Some(inner) => cell = inner.trim(),
            None => return cell,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<(String, u32, String)> {
        column_runs(text).into_iter().map(|r| (r.field, r.line, r.text)).collect()
    }

    #[test]
    fn a_mark_down_a_column_reads_top_to_bottom() {
        let md = "# 通知\n\n正文。\n\n| 说明 | 字 |\n|:---|:-:|\n| 第一行的说明 | 机 |\n| 第二行的说明 | **密** |\n| 第三行的说明 | ★ |\n| 第四行的说明 | `1年` |\n\n之后 | 不是表格\n";
        assert_eq!(runs(md), vec![("table 1, column B, rows 1-5".to_owned(), 5, "字机密★1年".to_owned())]);
    }

    #[test]
    fn tables_are_numbered_and_rows_without_outer_pipes_count() {
        let md = "a | b\n--- | ---\n机 | x\n密 | y\n\n| c |\n|---|\n| 秘 |\n| 密 |\n";
        assert_eq!(
            runs(md),
            vec![
                ("table 1, column A, rows 1-3".to_owned(), 1, "a机密".to_owned()),
                ("table 1, column B, rows 1-3".to_owned(), 1, "bxy".to_owned()),
                ("table 2, column A, rows 1-3".to_owned(), 6, "c秘密".to_owned()),
            ]
        );
    }

    #[test]
    fn not_tables() {
        // No delimiter row; a delimiter row of another width; a thematic break under a line.
        assert!(runs("| 机 | 密 |\n| 密 | 级 |\n").is_empty());
        assert!(runs("| 机 | 密 |\n|---|\n| 密 | 级 |\n").is_empty());
        assert!(runs("机\n---\n密\n").is_empty());
    }

    #[test]
    fn cells_split_at_unescaped_pipes() {
        assert_eq!(cells("| a \\| b | c |"), vec!["a | b", "c"]);
        assert_eq!(cells("a|b|"), vec!["a", "b"]);
        assert_eq!(cells("| |x|"), vec!["", "x"]);
        assert_eq!(unwrap("**_机_**"), "机");
        assert_eq!(unwrap("*"), "*");
        assert_eq!(unwrap("**"), "**");
    }
}
