//! End-to-end tests of marks written one character per table cell down a column (issue 10,
//! layout evasions "in every format"), in the formats whose tables are not sheets: HTML tables,
//! CSV records and Markdown pipe tables. Each marked file blocks at the run (`field` names the
//! column and rows); its clean twin, the same table with harmless characters, passes.

mod common;
use common::*;

/// Scans `name` holding `bytes`: (exit status, verdict, location of the first marking).
fn scan(name: &str, bytes: &[u8]) -> (i32, String, serde_json::Value) {
    scan_bytes_for_marking(name, bytes)
}

fn html_table(column: &str) -> String {
    let rows: String = column
        .chars()
        .enumerate()
        .map(|(i, c)| format!("<tr><td>第{}项工作的说明</td><td>{c}</td></tr>", i + 1))
        .collect();
    format!(
        "<html><head><meta charset=utf-8></head><body><p>{PROSE}</p><table>{rows}</table><p>{PROSE}</p></body></html>"
    )
}

fn csv_table(column: &str) -> String {
    let rows: String = column.chars().enumerate().map(|(i, c)| format!("第{}项工作的说明,{c}\n", i + 1)).collect();
    format!("说明,标记\n{rows}")
}

#[test]
fn html_mark_down_a_table_column_blocks() {
    let (status, verdict, location) = scan("t.html", html_table("机密★1年").as_bytes());
    assert_eq!((status, verdict.as_str()), (1, "block"), "{location}");
    assert_eq!(
        (location["part"].as_str(), location["field"].as_str()),
        (Some("html"), Some("table 1, column B, rows 1-5"))
    );
    let (status, verdict, location) = scan("t.html", html_table("通知公告栏").as_bytes());
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}

#[test]
fn csv_mark_down_a_column_blocks() {
    let (status, verdict, location) = scan("t.csv", csv_table("绝密★启用前").as_bytes());
    assert_eq!((status, verdict.as_str()), (1, "block"), "{location}");
    assert_eq!((location["part"].as_str(), location["field"].as_str()), (Some("csv"), Some("column B, rows 1-7")));
    let (status, verdict, location) = scan("t.csv", csv_table("通知公告栏目").as_bytes());
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}

/// A Markdown pipe table holding `column` one character per row in its second column.
fn markdown_table(column: &str) -> String {
    let rows: String =
        column.chars().enumerate().map(|(i, c)| format!("| 第{}项工作的说明 | {c} |\n", i + 1)).collect();
    format!("# 工作安排\n\n{PROSE}\n\n| 说明 | 标记 |\n| --- | :---: |\n{rows}\n{PROSE}\n")
}

#[test]
fn markdown_mark_down_a_table_column_blocks() {
    let (status, verdict, location) = scan("t.md", markdown_table("机密★1年").as_bytes());
    assert_eq!((status, verdict.as_str()), (1, "block"), "{location}");
    assert_eq!(
        (location["part"].as_str(), location["field"].as_str(), location["line"].as_u64()),
        (Some("text"), Some("table 1, column B, rows 1-6"), Some(5))
    );
    let (status, verdict, location) = scan("t.md", markdown_table("通知公告栏").as_bytes());
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}

#[test]
fn markdown_mark_along_a_table_row_blocks() {
    let md = format!("{PROSE}\n\n| 甲 | 乙 | 丙 | 丁 | 戊 |\n|---|---|---|---|---|\n| 机 | 密 | ★ | 1 | 年 |\n");
    let (status, verdict, location) = scan("t.md", md.as_bytes());
    assert_eq!((status, verdict.as_str()), (1, "block"), "{location}");
    assert_eq!(
        (location["part"].as_str(), location["field"].as_str(), location["line"].as_u64()),
        (Some("text"), Some("table 1, rows 1-2"), Some(5)),
        "read along its row, without the pipes"
    );
    let clean = md.replace("机 | 密 | ★", "通 | 知 | 栏");
    let (status, verdict, location) = scan("t.md", clean.as_bytes());
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}

/// A table of a header row and one row holding `row` one character per cell, between two
/// paragraphs of prose: as DOCX (`<w:tbl>`) and as HTML (`<table>`).
fn docx_row_table(row: &str) -> Vec<u8> {
    let cell = |text: String| format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>");
    let header: String = (1..=row.chars().count()).map(|i| cell(format!("第{i}列"))).collect();
    let cells: String = row.chars().map(|c| cell(c.to_string())).collect();
    let prose = format!("<w:p><w:r><w:t>{PROSE}</w:t></w:r></w:p>");
    docx(&format!("{prose}<w:tbl><w:tr>{header}</w:tr><w:tr>{cells}</w:tr></w:tbl>{prose}"), &[])
}

fn html_row_table(row: &str) -> String {
    let header: String = (1..=row.chars().count()).map(|i| format!("<th>第{i}列</th>")).collect();
    let cells: String = row.chars().map(|c| format!("<td>{c}</td>")).collect();
    format!(
        "<html><head><meta charset=utf-8></head><body><p>{PROSE}</p><table><tr>{header}</tr><tr>{cells}</tr></table><p>{PROSE}</p></body></html>"
    )
}

#[test]
fn docx_mark_along_a_table_row_blocks() {
    let (status, verdict, location) = scan("t.docx", &docx_row_table("机密★1年"));
    assert_eq!((status, verdict.as_str()), (1, "block"), "{location}");
    assert_eq!(location["part"].as_str(), Some("word/document.xml"), "{location}");
    let (status, verdict, location) = scan("t.docx", &docx_row_table("通知公告栏"));
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}

#[test]
fn html_mark_along_a_table_row_blocks() {
    let (status, verdict, location) = scan("t.html", html_row_table("机密★1年").as_bytes());
    assert_eq!((status, verdict.as_str()), (1, "block"), "{location}");
    assert_eq!(location["part"].as_str(), Some("html"), "{location}");
    let (status, verdict, location) = scan("t.html", html_row_table("通知公告栏").as_bytes());
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}

/// [`markdown_table`] inside a blockquote: every line of the table behind `> `.
#[test]
fn markdown_table_in_a_blockquote_blocks() {
    let quote = |md: String| md.lines().map(|l| format!("> {l}\n")).collect::<String>();
    let (status, verdict, location) = scan("t.md", quote(markdown_table("机密★1年")).as_bytes());
    assert_eq!((status, verdict.as_str()), (1, "block"), "{location}");
    assert_eq!(
        (location["field"].as_str(), location["line"].as_u64()),
        (Some("table 1, column B, rows 1-6"), Some(5)),
        "{location}"
    );
    let (status, verdict, location) = scan("t.md", quote(markdown_table("通知公告栏")).as_bytes());
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}
