//! The XLSX reader: the text of every sheet of an Excel workbook, with what sits beside it.
//!
//! # Units and roles
//!
//! A sheet's part (`xl/worksheets/sheet1.xml`) gives one [`Role::Body`] segment per row that holds
//! text, its cells' texts joined by tabs, with `paragraph` = the row number. A row is the unit
//! because a mark typed across cells (`机密` in A1, `★1年` in B1) reads as one line, and because
//! the first rows of a sheet are where a mark is put, as on a document's head: each sheet is its
//! own part, so the engine's head rule applies to each sheet's first rows.
//!
//! Cell text comes from the shared strings (rich-text runs joined, phonetic guides skipped),
//! inline strings and the cached string results of formulas. Numbers, booleans and errors are
//! values, not text, and are not read. Hidden sheets, rows and columns are read like the others:
//! they are in the published file.
//!
//! Beside the cells:
//! - sheet names (`xl/workbook.xml`, a sheet may be named `机密`) as [`Role::Properties`] with
//!   field `sheet`;
//! - page headers and footers of each sheet (`headerFooter`), with the formatting codes (`&L`,
//!   `&C`, `&R` sections as line breaks, `&P`, `&"宋体,加粗"`, `&12`…) removed, as
//!   [`Role::Header`]/[`Role::Footer`] of the sheet's part, field `oddHeader`…;
//! - comments and threaded comments ([`Role::Note`], field = the cell);
//! - text boxes and shapes of drawings, chart titles and labels ([`Role::Other`]);
//! - document properties, pictures (noted unread) and embedded files (members), as for DOCX.
//!
//! Comment, drawing and chart parts that no sheet links to are read all the same.

use std::borrow::Cow;
use std::collections::HashSet;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use crate::drawingml;
use crate::ooxml::{self, Relationship};
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// The workbook part when the package relationships do not say.
const MAIN_PART: &str = "xl/workbook.xml";

/// Reads the XLSX in `bytes` into `sink`: see the module documentation for what is read.
///
/// Errors: a broken ZIP, a missing workbook, malformed XML in any part read (naming the part and
/// the byte), or a limit exceeded.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let mut archive = Archive::open(bytes, limits)?;
    let workbook = ooxml::main_part(&mut archive, limits)?
        .as_deref()
        .and_then(|p| archive.find(p))
        .or_else(|| archive.find(MAIN_PART))
        .map(str::to_owned)
        .ok_or_else(|| ExtractError::MissingPart(MAIN_PART.to_owned()))?;
    let rels = ooxml::relationships(&mut archive, &workbook, limits)?;
    let mut done: HashSet<String> = HashSet::new();

    let shared = match rels
        .iter()
        .find(|r| !r.external && r.kind() == "sharedStrings")
        .map(|r| r.target.clone())
        .or_else(|| Some("xl/sharedStrings.xml".to_owned()))
        .and_then(|t| archive.find(&t).map(str::to_owned))
    {
        Some(part) => {
            let strings = shared_strings(&mut archive, &part, limits)?;
            sink.coverage(CoverageNote::read(&part));
            done.insert(part.to_ascii_lowercase());
            strings
        }
        None => Vec::new(),
    };

    let sheets = sheet_list(&mut archive, &workbook, limits)?;
    for sheet in &sheets {
        let location = Location::part(&workbook).with_field("sheet");
        sink.segment(Segment::new(location, Role::Properties, sheet.name.clone()));
    }
    sink.coverage(CoverageNote::read(&workbook));
    done.insert(workbook.to_ascii_lowercase());

    for sheet in &sheets {
        let Some(rel) = rels.iter().find(|r| r.id == sheet.rel_id && !r.external) else {
            continue;
        };
        let Some(part) = archive.find(&rel.target).map(str::to_owned) else {
            sink.coverage(CoverageNote::unread(&rel.target, "referenced but missing from the package", false));
            continue;
        };
        read_sheet_and_parts(&mut archive, &part, &shared, limits, &mut done, sink)?;
    }

    // Parts no sheet links to are in the published file all the same.
    let mut rest: Vec<String> = archive
        .names()
        .iter()
        .filter(|n| !done.contains(&n.to_ascii_lowercase()) && leftover_kind(n).is_some())
        .cloned()
        .collect();
    rest.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    for name in rest {
        if done.contains(&name.to_ascii_lowercase()) {
            continue;
        }
        match leftover_kind(&name) {
            Some(Leftover::Sheet) => read_sheet_and_parts(&mut archive, &name, &shared, limits, &mut done, sink)?,
            Some(Leftover::Comments) => read_comments(&mut archive, &name, limits, sink)?,
            Some(Leftover::Drawing) => read_drawing(&mut archive, &name, limits, sink)?,
            None => {}
        }
        done.insert(name.to_ascii_lowercase());
    }

    ooxml::read_properties(&mut archive, limits, sink)?;
    ooxml::account_for_every_entry(&mut archive, sink)
}

/// What kind of part an unlinked part is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leftover {
    Sheet,
    Comments,
    Drawing,
}

fn leftover_kind(name: &str) -> Option<Leftover> {
    let lower = name.replace('\\', "/").to_ascii_lowercase();
    let path = lower.trim_start_matches('/').strip_prefix("xl/")?;
    if !path.ends_with(".xml") || path.contains("_rels/") {
        return None;
    }
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    match folder {
        "worksheets" => Some(Leftover::Sheet),
        "threadedcomments" => Some(Leftover::Comments),
        "" if file.starts_with("comments") => Some(Leftover::Comments),
        "drawings" => Some(Leftover::Drawing),
        "charts" if file.starts_with("chart") => Some(Leftover::Drawing),
        "diagrams" if file.starts_with("data") => Some(Leftover::Drawing),
        _ => None,
    }
}

/// A sheet as the workbook lists it.
struct SheetEntry {
    name: String,
    rel_id: String,
}

/// The sheets of the workbook, in tab order.
fn sheet_list(archive: &mut Archive<'_>, workbook: &str, limits: &Limits) -> Result<Vec<SheetEntry>, ExtractError> {
    let xml = ooxml::read_xml(archive, workbook)?;
    let mut reader = XmlReader::new(workbook, &xml, limits.max_xml_depth);
    let mut out = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"sheet" => {
                let name = reader.attr(&e, b"name")?.map(Cow::into_owned);
                let rel_id = reader.attr(&e, b"id")?.map(Cow::into_owned);
                if let (Some(name), Some(rel_id)) = (name, rel_id) {
                    out.push(SheetEntry { name, rel_id });
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The shared string table: one entry per `si`, its runs joined, phonetic runs (`rPh`) skipped.
fn shared_strings(archive: &mut Archive<'_>, part: &str, limits: &Limits) -> Result<Vec<String>, ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::new(part, &xml, limits.max_xml_depth);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = 0u32;
    loop {
        match reader.next()? {
            Event::Start(e) => match local_name(e.name().as_ref()) {
                b"si" => current = Some(String::new()),
                b"rPh" => reader.skip()?,
                b"t" => in_text += 1,
                _ => {}
            },
            Event::Empty(e) if local_name(e.name().as_ref()) == b"si" => out.push(String::new()),
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"si" => out.push(current.take().unwrap_or_default()),
                b"t" => in_text = in_text.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text > 0 => {
                if let Some(s) = current.as_mut() {
                    s.push_str(&reader.text(&t)?);
                }
            }
            Event::CData(c) if in_text > 0 => {
                if let Some(s) = current.as_mut() {
                    s.push_str(reader.cdata(&c)?);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Reads a sheet, then the comments and drawings it links to.
fn read_sheet_and_parts(
    archive: &mut Archive<'_>,
    part: &str,
    shared: &[String],
    limits: &Limits,
    done: &mut HashSet<String>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    if !done.insert(part.to_ascii_lowercase()) {
        return Ok(());
    }
    read_sheet(archive, part, shared, limits, sink)?;
    let rels = ooxml::relationships(archive, part, limits)?;
    for rel in rels.iter().filter(|r| !r.external) {
        let Some(name) = archive.find(&rel.target).map(str::to_owned) else {
            continue;
        };
        if done.contains(&name.to_ascii_lowercase()) {
            continue;
        }
        match rel.kind() {
            "comments" | "threadedComment" => {
                done.insert(name.to_ascii_lowercase());
                read_comments(archive, &name, limits, sink)?;
            }
            "drawing" => {
                done.insert(name.to_ascii_lowercase());
                read_drawing(archive, &name, limits, sink)?;
                read_charts_of(archive, &name, limits, done, sink)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Reads the charts and SmartArt a drawing links to.
fn read_charts_of(
    archive: &mut Archive<'_>,
    drawing: &str,
    limits: &Limits,
    done: &mut HashSet<String>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let rels: Vec<Relationship> = ooxml::relationships(archive, drawing, limits)?;
    for rel in rels.iter().filter(|r| !r.external) {
        if matches!(rel.kind(), "chart" | "diagramData") {
            if let Some(name) = archive.find(&rel.target).map(str::to_owned) {
                if done.insert(name.to_ascii_lowercase()) {
                    read_drawing(archive, &name, limits, sink)?;
                }
            }
        }
    }
    Ok(())
}

/// A cell's type, from its `t` attribute.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellType {
    Shared,
    Inline,
    FormulaString,
    /// Numbers, booleans, errors, dates: not text.
    Value,
}

/// Reads the rows and the header/footer of one sheet.
fn read_sheet(
    archive: &mut Archive<'_>,
    part: &str,
    shared: &[String],
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::new(part, &xml, limits.max_xml_depth);
    let mut row_number = 0u32;
    let mut row: Vec<String> = Vec::new();
    let mut cell_type = CellType::Value;
    let mut cell = String::new();
    // Inside `v` (0), inside `is/t` (the inline string's text), inside a header/footer element.
    let mut in_value = false;
    let mut in_inline_text = 0u32;
    let mut header_footer: Option<String> = None;
    let mut margins: Vec<(String, String)> = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(e) => match local_name(e.name().as_ref()) {
                b"row" => {
                    row_number = row_attr(&reader, &e, row_number)?;
                    row.clear();
                }
                b"c" => {
                    cell.clear();
                    cell_type = match reader.attr(&e, b"t")?.as_deref() {
                        Some("s") => CellType::Shared,
                        Some("inlineStr") => CellType::Inline,
                        Some("str") => CellType::FormulaString,
                        _ => CellType::Value,
                    };
                }
                b"v" => in_value = true,
                b"rPh" => reader.skip()?,
                b"t" => in_inline_text += 1,
                b"f" | b"extLst" => reader.skip()?,
                name @ (b"oddHeader" | b"oddFooter" | b"evenHeader" | b"evenFooter" | b"firstHeader"
                | b"firstFooter") => {
                    header_footer = Some(String::from_utf8_lossy(name).into_owned());
                    margins.push((String::from_utf8_lossy(name).into_owned(), String::new()));
                }
                _ => {}
            },
            Event::Empty(e) if local_name(e.name().as_ref()) == b"row" => {
                row_number = row_attr(&reader, &e, row_number)?;
            }
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"v" => in_value = false,
                b"t" => in_inline_text = in_inline_text.saturating_sub(1),
                b"c" => {
                    let text = match cell_type {
                        CellType::Shared => {
                            cell.trim().parse::<usize>().ok().and_then(|i| shared.get(i)).cloned().unwrap_or_default()
                        }
                        CellType::Inline | CellType::FormulaString => std::mem::take(&mut cell),
                        CellType::Value => String::new(),
                    };
                    if !text.trim().is_empty() {
                        row.push(text);
                    }
                    cell.clear();
                }
                b"row" if !row.is_empty() => {
                    let location = Location::part(part).with_paragraph(row_number);
                    sink.segment(Segment::new(location, Role::Body, row.join("\t")));
                    row.clear();
                }
                b"oddHeader" | b"oddFooter" | b"evenHeader" | b"evenFooter" | b"firstHeader" | b"firstFooter" => {
                    header_footer = None
                }
                _ => {}
            },
            Event::Text(t) => {
                let wanted = header_footer.is_some()
                    || (in_value && cell_type != CellType::Value)
                    || (in_inline_text > 0 && cell_type == CellType::Inline);
                if wanted {
                    let text = reader.text(&t)?;
                    match (&header_footer, margins.last_mut()) {
                        (Some(_), Some((_, m))) => m.push_str(&text),
                        _ => cell.push_str(&text),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for (field, codes) in margins {
        let text = strip_header_codes(&codes);
        if text.is_empty() {
            continue;
        }
        let role = if field.ends_with("Header") { Role::Header } else { Role::Footer };
        sink.segment(Segment::new(Location::part(part).with_field(field), role, text));
    }
    sink.coverage(CoverageNote::read(part));
    Ok(())
}

/// The row number a `row` element gives, or the one after the previous row.
fn row_attr(reader: &XmlReader<'_>, e: &quick_xml::events::BytesStart<'_>, previous: u32) -> Result<u32, ExtractError> {
    Ok(reader.attr(e, b"r")?.and_then(|r| r.trim().parse().ok()).unwrap_or_else(|| previous.saturating_add(1)))
}

/// The printed text of a header/footer definition: sections (`&L`, `&C`, `&R`) become lines;
/// fields (`&P` page, `&N` pages, `&D` date, `&A` sheet name…), fonts (`&"宋体,常规"`), sizes
/// (`&12`), colours (`&KFF0000`) and style toggles (`&B`, `&U`…) are dropped; `&&` is `&`.
pub(crate) fn strip_header_codes(codes: &str) -> String {
    let mut out = String::new();
    let mut chars = codes.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '&' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('&') => out.push('&'),
            Some('L' | 'C' | 'R') => out.push('\n'),
            Some('"') => {
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            Some('K') => {
                // A colour: six hex digits, or a theme colour `tt+sss` / `tt-sss`.
                for _ in 0..6 {
                    if chars.peek().is_some_and(|c| c.is_ascii_hexdigit() || *c == '+' || *c == '-') {
                        chars.next();
                    }
                }
            }
            Some('P' | 'N') => {
                // `&P+1`, `&P-2`: page arithmetic.
                if chars.peek().is_some_and(|c| *c == '+' || *c == '-') {
                    chars.next();
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                }
            }
            // Any other code (a field or a style toggle) prints no text of its own.
            Some(_) | None => {}
        }
    }
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// Reads a comments part (legacy comments or threaded comments): one [`Role::Note`] segment per
/// comment, field = the cell it is attached to.
fn read_comments(
    archive: &mut Archive<'_>,
    part: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::new(part, &xml, limits.max_xml_depth);
    let mut number = 0u32;
    // The comment being read: its cell and its text.
    let mut current: Option<(Option<String>, String)> = None;
    let mut in_text = 0u32;
    loop {
        match reader.next()? {
            Event::Start(e) => match local_name(e.name().as_ref()) {
                b"comment" | b"threadedComment" => {
                    let cell = reader.attr(&e, b"ref")?.map(Cow::into_owned);
                    current = Some((cell, String::new()));
                }
                b"rPh" | b"rPr" => reader.skip()?,
                b"t" | b"text" => in_text += 1,
                _ => {}
            },
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"t" | b"text" => in_text = in_text.saturating_sub(1),
                b"comment" | b"threadedComment" => {
                    if let Some((cell, text)) = current.take() {
                        number += 1;
                        if !text.trim().is_empty() {
                            let mut location = Location::part(part).with_paragraph(number);
                            if let Some(cell) = cell {
                                location = location.with_field(cell);
                            }
                            sink.segment(Segment::new(location, Role::Note, text.trim()));
                        }
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text > 0 => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&reader.text(&t)?);
                }
            }
            Event::CData(c) if in_text > 0 => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(reader.cdata(&c)?);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    sink.coverage(CoverageNote::read(part));
    Ok(())
}

/// Reads a drawing, chart or SmartArt data part: one [`Role::Other`] segment per paragraph.
fn read_drawing(
    archive: &mut Archive<'_>,
    part: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    for (i, p) in drawingml::paragraphs(part, &xml, limits.max_xml_depth)?.into_iter().enumerate() {
        let location = Location::part(part).with_paragraph(i as u32 + 1);
        sink.segment(Segment::new(location, Role::Other, p.text));
    }
    sink.coverage(CoverageNote::read(part));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::zip;
    use mijian_core::Collected;

    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// A workbook with one visible sheet `first` and a hidden sheet `second`, plus `extra` parts.
    fn workbook(first: &str, second: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let root = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        );
        let wb = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="统计" sheetId="1" r:id="rId1"/><sheet name="机密" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>"#;
        let wb_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        );
        let sst = r#"<sst xmlns="x" count="3"><si><t>机密</t></si><si><r><rPr><b/></rPr><t>★</t></r><r><t xml:space="preserve">1年</t></r><rPh><t>ひみつ</t></rPh></si><si><t>名称</t></si></sst>"#;
        let mut entries = vec![
            ("[Content_Types].xml", "<Types/>".to_owned()),
            ("_rels/.rels", root),
            ("xl/workbook.xml", wb.to_owned()),
            ("xl/_rels/workbook.xml.rels", wb_rels),
            ("xl/sharedStrings.xml", sst.to_owned()),
            ("xl/worksheets/sheet1.xml", first.to_owned()),
            ("xl/worksheets/sheet2.xml", second.to_owned()),
        ];
        for (n, x) in extra {
            entries.push((n, x.to_string()));
        }
        let refs: Vec<(&str, &str)> = entries.iter().map(|(n, x)| (*n, x.as_str())).collect();
        zip(&refs)
    }

    fn sheet(data: &str, tail: &str) -> String {
        format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData>{tail}</worksheet>"#
        )
    }

    fn read(bytes: &[u8]) -> Collected {
        let mut sink = Collected::default();
        extract(bytes, &Limits::default(), &mut sink).unwrap();
        sink
    }

    /// (part, paragraph, field, role, text) of a segment.
    type Described = (String, Option<u32>, Option<String>, Role, String);

    fn described(c: &Collected) -> Vec<Described> {
        c.segments
            .iter()
            .map(|s| (s.location.part.clone(), s.location.paragraph, s.location.field.clone(), s.role, s.text.clone()))
            .collect()
    }

    #[test]
    fn rows_of_shared_inline_and_formula_strings() {
        let first = sheet(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>42</v></c></row><row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>内联</t></is></c><c r="B3" t="str"><f>A1&amp;"x"</f><v>公式结果</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="s"><v>99</v></c></row><row r="4"><c r="A4"><v>3.5</v></c></row>"#,
            "",
        );
        let c = read(&workbook(&first, &sheet("", ""), &[]));
        let got = described(&c);
        assert_eq!(got[0], ("xl/workbook.xml".into(), None, Some("sheet".into()), Role::Properties, "统计".into()));
        assert_eq!(got[1].4, "机密");
        assert_eq!(got[2], ("xl/worksheets/sheet1.xml".into(), Some(1), None, Role::Body, "机密\t★1年".into()));
        assert_eq!(got[3].1, Some(3));
        assert_eq!(got[3].4, "内联\t公式结果");
        assert_eq!(got.len(), 4);
        assert!(c.coverage.contains(&CoverageNote::read("xl/worksheets/sheet2.xml")));
    }

    #[test]
    fn headers_and_footers_without_codes() {
        let tail = r#"<headerFooter><oddHeader>&amp;L&amp;"宋体,加粗"&amp;12秘密&amp;C&amp;A&amp;R第&amp;P页</oddHeader><oddFooter>&amp;C内部资料 注意保存 &amp;&amp; 共&amp;N页</oddFooter></headerFooter>"#;
        let c = read(&workbook(&sheet("", tail), &sheet("", ""), &[]));
        let margins: Vec<_> = described(&c).into_iter().filter(|s| s.2.as_deref() != Some("sheet")).collect();
        assert_eq!(
            margins,
            vec![
                ("xl/worksheets/sheet1.xml".into(), None, Some("oddHeader".into()), Role::Header, "秘密\n第页".into()),
                (
                    "xl/worksheets/sheet1.xml".into(),
                    None,
                    Some("oddFooter".into()),
                    Role::Footer,
                    "内部资料 注意保存 & 共页".into()
                ),
            ]
        );
        assert_eq!(strip_header_codes("&KFF0000红&K01+033字"), "红字");
        assert_eq!(strip_header_codes("&P+1 页"), "页");
    }

    #[test]
    fn comments_drawings_and_charts() {
        let first = sheet(r#"<row r="1"><c r="A1" t="s"><v>2</v></c></row>"#, "");
        let sheet_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/comments" Target="../comments1.xml"/><Relationship Id="rId2" Type="{REL}/drawing" Target="../drawings/drawing1.xml"/></Relationships>"#
        );
        let comments = r#"<comments xmlns="x"><authors><author>张三</author></authors><commentList><comment ref="B2" authorId="0"><text><r><rPr><b/></rPr><t>张三:</t></r><r><t>此件不予公开</t></r></text></comment></commentList></comments>"#;
        let drawing = r#"<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:p><a:r><a:t>文本框里的绝密</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"#;
        let drawing_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/chart" Target="../charts/chart1.xml"/></Relationships>"#
        );
        let chart = r#"<c:chartSpace xmlns:c="c" xmlns:a="a"><c:title><c:tx><c:rich><a:p><a:r><a:t>图表标题</a:t></a:r></a:p></c:rich></c:tx></c:title></c:chartSpace>"#;
        let threaded = r#"<ThreadedComments xmlns="t"><threadedComment ref="C3" id="{1}"><text>线程批注</text></threadedComment></ThreadedComments>"#;
        let c = read(&workbook(
            &first,
            &sheet("", ""),
            &[
                ("xl/worksheets/_rels/sheet1.xml.rels", &sheet_rels),
                ("xl/comments1.xml", comments),
                ("xl/drawings/drawing1.xml", drawing),
                ("xl/drawings/_rels/drawing1.xml.rels", &drawing_rels),
                ("xl/charts/chart1.xml", chart),
                ("xl/threadedComments/threadedComment1.xml", threaded),
                ("xl/media/image1.png", "GIF89a"),
                ("xl/embeddings/oleObject1.bin", "ole"),
            ],
        ));
        let got: Vec<_> = described(&c).into_iter().filter(|s| s.2.as_deref() != Some("sheet")).collect();
        let short: Vec<(&str, Option<&str>, Role, &str)> =
            got.iter().map(|s| (s.0.as_str(), s.2.as_deref(), s.3, s.4.as_str())).collect();
        assert_eq!(
            short,
            vec![
                ("xl/worksheets/sheet1.xml", None, Role::Body, "名称"),
                ("xl/comments1.xml", Some("B2"), Role::Note, "张三:此件不予公开"),
                ("xl/drawings/drawing1.xml", None, Role::Other, "文本框里的绝密"),
                ("xl/charts/chart1.xml", None, Role::Other, "图表标题"),
                ("xl/threadedComments/threadedComment1.xml", Some("C3"), Role::Note, "线程批注"),
            ]
        );
        assert_eq!(c.members.len(), 1);
        assert!(c.coverage.iter().any(|n| n.part == "xl/media/image1.png"));
    }

    #[test]
    fn errors_name_the_part() {
        let bad = workbook(&sheet("<row><c t=\"s\"><v>0</c></row>", ""), &sheet("", ""), &[]);
        match extract(&bad, &Limits::default(), &mut Collected::default()) {
            Err(ExtractError::Xml { part, .. }) => assert_eq!(part, "xl/worksheets/sheet1.xml"),
            other => panic!("{other:?}"),
        }
        let no_workbook = zip(&[("[Content_Types].xml", "<Types/>"), ("xl/styles.xml", "<s/>")]);
        assert!(matches!(
            extract(&no_workbook, &Limits::default(), &mut Collected::default()),
            Err(ExtractError::MissingPart(_))
        ));
        assert!(matches!(
            extract(b"PK\x03\x04 junk", &Limits::default(), &mut Collected::default()),
            Err(ExtractError::CorruptArchive(_))
        ));
        let deep = sheet(&"<x>".repeat(300), &"</x>".repeat(300));
        assert!(matches!(
            extract(&workbook(&deep, &sheet("", ""), &[]), &Limits::default(), &mut Collected::default()),
            Err(ExtractError::Limit(_))
        ));
    }

    /// The real workbooks beside the repository: all read, known texts come out.
    #[test]
    fn realworld_files() {
        crate::testing::realworld(
            "xlsx",
            extract,
            &[("easyexcel_t07.xlsx", "等同Golden BOM"), ("easyexcel_t07.xlsx", "Model Name\tBaseline MKO Item")],
        );
    }
}
