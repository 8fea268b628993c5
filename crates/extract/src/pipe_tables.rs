//! Markdown pipe tables read along their rows and down their columns, without the pipes (issue
//! 10: a mark written one character per table cell is still a mark).
//!
//! Markdown is plain text and is read line by line like any text file. But the pipes of a table
//! row (`| 机 | 密 | ★ | 1 | 年 |`) stand between the characters of a mark typed along it, and a
//! mark typed down a column, one character per row, reaches the matcher as the first cell of many
//! lines. A person looking at the rendered table sees neither pipe nor line, so each pipe table is
//! also read as a sheet is:
//! - along its rows: each row's cells joined by tabs, as the CSV and XLSX readers join a row's
//!   cells, at `field` = `table 1, rows 1-6` and `line` = the header's line (a finding's line is its
//!   row's line: the delimiter row reads as an empty line);
//! - down its columns, through the shared column logic ([`column_runs`](crate::column_runs)) as CSV
//!   records and HTML tables are: runs of short cells down a column are read as one line, at
//!   `field` = `table 1, column B, rows 1-5` (rows counted from the header row, the delimiter row
//!   not counted) and `line` = the file line of the run's first cell.
//!
//! A pipe table (GitHub Flavored Markdown) is a header line followed by a delimiter row
//! (`|---|:--:|`, as many cells as the header); its body runs to the first blank line. Cells are
//! split at unescaped pipes (`\|` is a pipe inside a cell) and trimmed; emphasis or code wrapping a
//! whole cell (`**机**`, `` `密` ``) is what the reader sees, so it is unwrapped.
//!
//! A table renders the same inside a blockquote (`> | 机 | 密 |`, at any depth) or a list item
//! (`- | 机 | 密 |`, its other lines indented), so each line's blockquote markers are dropped, and a
//! header that matches its delimiter row only without a list marker is read without it.

use crate::column_runs::{letters, ColumnRun, Columns};

/// A reading of one pipe table, located.
#[derive(Debug, PartialEq)]
pub(crate) struct TableText {
    /// `table 1, rows 1-6` (its rows) or `table 1, column B, rows 1-5` (a column run).
    pub field: String,
    /// The file line (1-based) of the reading's first cell.
    pub line: u32,
    /// The rows' cells joined by tabs, one line per row; or a column run's cells joined.
    pub text: String,
}

/// Whether `bytes` (a whole text or a piece of one) may hold the delimiter row of a pipe table: a
/// line, or the piece of one `bytes` holds, of only pipes, colons, dashes, blanks and blockquote
/// markers, with a pipe. Cheap: a text without pipes costs one `memchr` pass.
pub(crate) fn may_hold(bytes: &[u8]) -> bool {
    let mut checked = 0;
    memchr::memchr_iter(b'|', bytes).any(|at| {
        if at < checked {
            return false;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
        checked = end;
        bytes[start..end].iter().all(|b| b"|:- \t\r>".contains(b))
    })
}

/// The readings of every pipe table in `text`, table by table: its rows, then its column runs.
pub(crate) fn readings(text: &str) -> Vec<TableText> {
    let mut out = Vec::new();
    let mut table = 0u32;
    let mut lines = text.lines().map(unquote).enumerate();
    // The line before, a header if the current one is a delimiter row.
    let mut previous: Option<(usize, &str)> = None;
    while let Some((n, line)) = lines.next() {
        let (first, header) = match previous.replace((n, line)) {
            // Cheap tests first: a delimiter row holds only pipes, colons, dashes and blanks.
            Some(p) if line.contains('|') && line.bytes().all(|b| b"|:- \t".contains(&b)) && p.1.contains('|') => p,
            _ => continue,
        };
        let header = match [Some(header), list_item(header)]
            .into_iter()
            .flatten()
            .map(cells)
            .find(|h| is_delimiter_row(line, h.len()))
        {
            Some(header) => header,
            None => continue,
        };
        previous = None;
        table += 1;
        // The header is row 1; the delimiter row is not counted, so row r > 1 is on line
        // `first + r` (0-based): the body's lines follow one another up to a blank line.
        let mut columns = Columns::default();
        let mut rows = String::new();
        add_row(&mut columns, &mut rows, 1, &header);
        rows.push('\n');
        let mut row = 1;
        for (_, line) in lines.by_ref() {
            if line.trim().is_empty() {
                break;
            }
            row += 1;
            add_row(&mut columns, &mut rows, row, &cells(line));
        }
        let field = format!("table {table}, rows 1-{row}");
        out.push(TableText { field, line: first as u32 + 1, text: rows });
        out.extend(columns.runs().into_iter().map(|run: ColumnRun| {
            let row = run.rows.0 as usize;
            TableText {
                field: format!("table {table}, {}", run.field()),
                line: (first + if row == 1 { 1 } else { row + 1 }) as u32,
                text: run.text,
            }
        }));
    }
    out
}

/// Notes a row's cells in `columns` and adds them to `rows` as a line, joined by tabs.
fn add_row(columns: &mut Columns, rows: &mut String, row: u32, cells: &[String]) {
    for (k, cell) in cells.iter().enumerate() {
        let cell = unwrap(cell);
        columns.cell_at(&letters(k as u32), row, cell);
        if k > 0 {
            rows.push('\t');
        }
        rows.push_str(cell);
    }
    rows.push('\n');
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

/// `line` without the blockquote markers (`>`, `> >`) before its content.
fn unquote(line: &str) -> &str {
    let mut line = line;
    while let Some(rest) = line.trim_start().strip_prefix('>') {
        line = rest;
    }
    line
}

/// The content of a list item's first line (`- `, `* `, `+ `, `1. `, `2) ` stripped), if it is one.
fn list_item(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let rest = match line.strip_prefix(['-', '*', '+']) {
        Some(rest) => rest,
        None => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            (1..=9).contains(&digits).then(|| line[digits..].strip_prefix(['.', ')'])).flatten()?
        }
    };
    rest.starts_with([' ', '\t']).then_some(rest)
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

    /// The column runs only.
    fn runs(text: &str) -> Vec<(String, u32, String)> {
        readings(text).into_iter().filter(|r| r.field.contains("column")).map(|r| (r.field, r.line, r.text)).collect()
    }

    #[test]
    fn a_delimiter_row_is_seen_cheaply_even_in_a_piece_of_its_line() {
        assert!(may_hold(b"| a | b |\n|---|:-:|\n| 1 | 2 |\n"));
        assert!(may_hold(b"a | b\n--- | ---\n"));
        assert!(may_hold(b"> | a |\n> | - |\n"));
        assert!(may_hold(b"| a |\n|--"), "a block cut inside the delimiter row");
        assert!(may_hold(b"-|\n| a |"), "a block starting inside it");
        assert!(!may_hold("甲 | 乙\n没有分隔行 | 的竖线\n".as_bytes()));
        assert!(!may_hold(b"no pipes at all --- here"));
    }

    #[test]
    fn a_mark_down_a_column_reads_top_to_bottom() {
        let md = "# 通知\n\n正文。\n\n| 说明 | 字 |\n|:---|:-:|\n| 第一行的说明 | 机 |\n| 第二行的说明 | **密** |\n| 第三行的说明 | ★ |\n| 第四行的说明 | `1年` |\n\n之后 | 不是表格\n";
        assert_eq!(runs(md), vec![("table 1, column B, rows 1-5".to_owned(), 5, "字机密★1年".to_owned())]);
    }

    #[test]
    fn rows_read_without_pipes_on_their_lines() {
        let md = "正文\n\n| 甲 | 乙 | 丙 |\n|---|---|---|\n| 机 | **密** | ★1年 |\n| 说明文字较长 | x | y |\n";
        let rows = &readings(md)[0];
        assert_eq!((rows.field.as_str(), rows.line), ("table 1, rows 1-3", 3));
        assert_eq!(rows.text, "甲\t乙\t丙\n\n机\t密\t★1年\n说明文字较长\tx\ty\n");
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
    fn tables_in_blockquotes_and_list_items() {
        let quoted = "> 引文\n>\n> | 说明 | 字 |\n> |---|:-:|\n> | 第一行的说明 | 机 |\n>| 第二行的说明 | 密 |\n> \n> | 不是 | 表格 |\n";
        assert_eq!(runs(quoted), vec![("table 1, column B, rows 1-3".to_owned(), 3, "字机密".to_owned())]);
        let rows = &readings("> > | 机 | 密 | ★ |\n> > |---|---|---|\n")[0];
        assert_eq!((rows.field.as_str(), rows.text.as_str()), ("table 1, rows 1-1", "机\t密\t★\n\n"));
        let listed = "1. 事项\n2. | 说明 | 字 |\n   |---|---|\n   | 第一行的说明 | 机 |\n   | 第二行的说明 | 密 |\n";
        assert_eq!(runs(listed), vec![("table 1, column B, rows 1-3".to_owned(), 2, "字机密".to_owned())]);
        let bulleted = "- | 机 | 密 |\n  |---|---|\n";
        assert_eq!(readings(bulleted)[0].text, "机\t密\n\n");
        // A list marker is dropped only when that makes the header as wide as its delimiter row.
        assert_eq!(readings("- | a | b |\n|---|---|---|\n")[0].text, "-\ta\tb\n\n");
        assert!(readings("-| a |\n|---|\n").is_empty());
        assert_eq!(list_item("10) x"), Some(" x"));
        assert_eq!(list_item("1234567890. x"), None);
        assert_eq!(unquote(" > >| a |"), "| a |");
    }

    /// The fuzz target `text` found a text file read to more characters than it has bytes: a
    /// pipe table is read again along its rows and down its columns, by design. What bounds that
    /// is this: a table's readings hold at most twice its text, plus the line end its last row
    /// gets at the end of the file (a tab stands where a pipe was, a row's line end where its line
    /// ended, and a column run holds each of its cells once). Checked on generated tables made of
    /// the characters that matter: pipes, escapes, delimiters, emphasis, quotes and list markers.
    #[test]
    fn table_readings_hold_at_most_twice_the_text() {
        // Lines of random pieces, every third a delimiter row of one to three cells.
        let pieces = ["|", "|", "|", "-", "---", ":", " ", "\\", "*", "`", "> ", "- ", "1. ", "a", "机", "密", "\r"];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        let line = |next: &mut dyn FnMut(usize) -> usize| -> String {
            if next(3) == 0 {
                let cells = vec![[":-:", "---", "-"][next(3)]; 1 + next(3)];
                let quote = ["", "> ", "  "][next(3)];
                format!("{quote}|{}{}", cells.join("|"), ["|", ""][next(2)])
            } else {
                (0..next(16)).map(|_| pieces[next(pieces.len())]).collect()
            }
        };
        let mut tables = 0;
        for _ in 0..3000 {
            let text: String = (0..next(10)).map(|_| line(&mut next) + ["\n", "\n", "\r\n", "\n\n"][next(4)]).collect();
            let chars = text.chars().count();
            let mut by_table = std::collections::BTreeMap::<String, usize>::new();
            for r in readings(&text) {
                let table = r.field.split(',').next().unwrap_or_default().to_owned();
                *by_table.entry(table).or_default() += r.text.chars().count();
            }
            let read: usize = by_table.values().sum();
            assert!(read <= 2 * chars + by_table.len(), "{read} characters read from {chars}: {text:?}");
            tables += by_table.len();
        }
        assert!(tables > 300, "the generated texts hold tables: {tables}");
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
