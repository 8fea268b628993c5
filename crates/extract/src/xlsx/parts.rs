//! Parts of a workbook beside its sheets that Excel shows text from: pivot caches (the source
//! data of a pivot table, shown on drill-down even once the source sheet is deleted), pivot
//! tables, tables, the cached values of external links, connections and queries, slicers,
//! timelines, form controls and the people of threaded comments.
//!
//! Each is read by its name (`xl/pivotCache/pivotCacheRecords1.xml`), linked or not. What it
//! shows is in attributes (`cacheField/@name`, `s/@v`, `tableColumn/@name`): each value read is a
//! [`Role::Other`] segment of the part, numbered from 1 as `paragraph`, its `field` naming the
//! place (`pivot cache`, `table`…). A pivot cache's records and an external link's cached cells
//! are rows of data: the string values of one record or row, joined by tabs, are one segment. A
//! record names most of its strings by their index in the cache definition's shared items
//! (`<x v="0"/>`): they are looked up, so the record reads as the row of the source sheet it was
//! (a mark typed across two columns, `机密` and `★1年`, reads as one line). As in a sheet, runs
//! of short strings down a field, record after record (and down a field's shared items, which a
//! pivot table lists one per row), are read top to bottom too (field `pivot cache record, column
//! A, rows 1-4`; see [`crate::column_runs`]).
//!
//! A record's fields are joined by a tab, never glued. A Chinese term cut across two fields
//! (`紫电` | `计划`) is found (white space between Chinese characters is a filler to the
//! matcher), and so is a Latin term whose words sit in two fields (`Project` | `BLUEFIN`: the tab
//! is the space between them); a Latin word cut in two (`KJ-` | `2000型`) is not, as it is not
//! across two cells of a sheet's row: the fields are separate values, and gluing Latin values
//! would join each to its neighbour and find words no one wrote.

use std::collections::HashSet;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::Event;

use crate::column_runs::{letters, Columns};
use crate::ooxml;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// One kind of part and what is read from it.
struct Kind {
    /// The folder under `xl/` (`""` for `xl/` itself) and the start of the file name, lower case.
    folder: &'static str,
    prefix: &'static str,
    /// The field of its segments.
    field: &'static str,
    /// The (element, attribute) pairs whose values are read, by local name.
    attributes: &'static [(&'static [u8], &'static [u8])],
    /// Whether its data rows (pivot cache records `r`, external link rows `row`) are read as rows.
    rows: bool,
}

const KINDS: &[Kind] = &[
    Kind {
        folder: "pivotcache",
        prefix: "pivotcachedefinition",
        field: "pivot cache",
        attributes: &[
            (b"cacheField", b"name"),
            (b"cacheField", b"caption"),
            (b"cacheField", b"formula"),
            (b"s", b"v"),
            (b"worksheetSource", b"sheet"),
            (b"worksheetSource", b"name"),
            (b"cacheHierarchy", b"caption"),
            (b"calculatedItem", b"formula"),
        ],
        rows: false,
    },
    Kind {
        folder: "pivotcache",
        prefix: "pivotcacherecords",
        field: "pivot cache record",
        attributes: &[],
        rows: true,
    },
    Kind {
        folder: "pivottables",
        prefix: "pivottable",
        field: "pivot table",
        attributes: &[
            (b"pivotTableDefinition", b"name"),
            (b"pivotTableDefinition", b"dataCaption"),
            (b"pivotTableDefinition", b"grandTotalCaption"),
            (b"pivotTableDefinition", b"errorCaption"),
            (b"pivotTableDefinition", b"missingCaption"),
            (b"pivotTableDefinition", b"rowHeaderCaption"),
            (b"pivotTableDefinition", b"colHeaderCaption"),
            (b"pivotField", b"name"),
            (b"pivotField", b"subtotalCaption"),
            (b"item", b"n"),
            (b"dataField", b"name"),
            (b"pivotHierarchy", b"caption"),
        ],
        rows: false,
    },
    Kind {
        folder: "tables",
        prefix: "table",
        field: "table",
        attributes: &[
            (b"table", b"name"),
            (b"table", b"displayName"),
            (b"table", b"comment"),
            (b"tableColumn", b"name"),
            (b"tableColumn", b"totalsRowLabel"),
        ],
        rows: false,
    },
    Kind {
        folder: "externallinks",
        prefix: "externallink",
        field: "external link",
        // Besides a linked workbook's sheets and names: the items of a linked object (`oleItem`,
        // listed in the Links dialog) and a DDE link's topic (a path) and items.
        attributes: &[
            (b"sheetName", b"val"),
            (b"definedName", b"name"),
            (b"oleItem", b"name"),
            (b"ddeLink", b"ddeTopic"),
            (b"ddeItem", b"name"),
        ],
        rows: true,
    },
    Kind {
        folder: "",
        prefix: "connections",
        field: "connection",
        attributes: &[
            (b"connection", b"name"),
            (b"connection", b"description"),
            (b"connection", b"odcFile"),
            (b"connection", b"sourceFile"),
            (b"dbPr", b"connection"),
            (b"dbPr", b"command"),
            (b"olapPr", b"connection"),
            (b"textPr", b"sourceFile"),
            (b"webPr", b"url"),
            (b"parameter", b"name"),
            (b"parameter", b"prompt"),
            (b"parameter", b"string"),
        ],
        rows: false,
    },
    Kind {
        folder: "querytables",
        prefix: "querytable",
        field: "query table",
        attributes: &[(b"queryTable", b"name"), (b"queryTableField", b"name")],
        rows: false,
    },
    Kind {
        folder: "slicers",
        prefix: "slicer",
        field: "slicer",
        attributes: &[(b"slicer", b"name"), (b"slicer", b"caption")],
        rows: false,
    },
    Kind {
        folder: "slicercaches",
        prefix: "slicercache",
        field: "slicer",
        attributes: &[(b"slicerCacheDefinition", b"name"), (b"slicerCacheDefinition", b"sourceName")],
        rows: false,
    },
    Kind {
        folder: "timelines",
        prefix: "timeline",
        field: "timeline",
        attributes: &[(b"timeline", b"name"), (b"timeline", b"caption")],
        rows: false,
    },
    Kind {
        folder: "timelinecaches",
        prefix: "timelinecache",
        field: "timeline",
        attributes: &[(b"timelineCacheDefinition", b"name"), (b"timelineCacheDefinition", b"sourceName")],
        rows: false,
    },
    Kind {
        folder: "persons",
        prefix: "person",
        field: "author",
        // The name shown on each threaded comment, and the account it stands for (an e-mail
        // address, shown on the contact card); not `providerId` (`AD`, `None`: a fixed list).
        attributes: &[(b"person", b"displayName"), (b"person", b"userId")],
        rows: false,
    },
    Kind {
        folder: "ctrlprops",
        prefix: "ctrlprop",
        field: "form control",
        attributes: &[(b"item", b"val")],
        rows: false,
    },
];

/// The kind of the part `name`, if it is one of [`KINDS`].
fn kind_of(name: &str) -> Option<&'static Kind> {
    let lower = name.replace('\\', "/").to_ascii_lowercase();
    let path = lower.trim_start_matches('/').strip_prefix("xl/")?;
    if !path.ends_with(".xml") || path.contains("_rels/") {
        return None;
    }
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    KINDS.iter().find(|k| k.folder == folder && file.starts_with(k.prefix))
}

/// Where a part [`read`] reads comes in the reading order: pivot cache definitions first (they
/// read their records with their shared items), the others after; `None` for other parts.
pub(super) fn rank(name: &str) -> Option<u8> {
    kind_of(name).map(|k| if k.prefix == "pivotcachedefinition" { 0 } else { 1 })
}

/// The shared items of each field of a pivot cache: an item's text if it is a string.
type SharedItems = Vec<Vec<Option<String>>>;

/// Reads the part `name`, one of [`KINDS`] (see the module documentation), unless `done` holds
/// it; notes it read and adds it to `done`. A pivot cache definition's records are read next,
/// with its shared items.
pub(super) fn read(
    archive: &mut Archive<'_>,
    name: &str,
    limits: &Limits,
    done: &mut HashSet<String>,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    let shared = read_with(archive, name, limits, done, &[], sink)?;
    if shared.is_empty() {
        return Ok(());
    }
    for rel in ooxml::relationships(archive, name, limits)? {
        if !rel.external && rel.kind() == "pivotCacheRecords" {
            if let Some(records) = archive.find(&rel.target).map(str::to_owned) {
                read_with(archive, &records, limits, done, &shared, sink)?;
            }
        }
    }
    Ok(())
}

/// [`read`] one part, records looked up in `shared`; gives a definition's shared items.
fn read_with(
    archive: &mut Archive<'_>,
    name: &str,
    limits: &Limits,
    done: &mut HashSet<String>,
    shared: &[Vec<Option<String>>],
    sink: &mut dyn DocumentSink,
) -> Result<SharedItems, ExtractError> {
    let mut items: SharedItems = Vec::new();
    let Some(kind) = kind_of(name) else { return Ok(items) };
    if !done.insert(name.to_ascii_lowercase()) {
        return Ok(items);
    }
    let xml = ooxml::read_xml(archive, name)?;
    let mut reader = XmlReader::bounded(name, &xml, limits);
    let mut n = 0u32;
    // The data row being read: its string values, and the index of its next field.
    let mut row: Option<Vec<String>> = None;
    let mut field = 0usize;
    // Inside a definition's `sharedItems`.
    let mut in_shared = false;
    // Short strings down a field, by record (or by shared item), read top to bottom as well.
    let mut columns = Columns::default();
    let mut record = 0u32;
    // Inside a cached cell's `v` (external links), and whether that cell is a number.
    let mut in_value = false;
    let mut number_cell = false;
    let emit = |sink: &mut dyn DocumentSink, n: &mut u32, text: String| -> Result<(), ExtractError> {
        if !text.trim().is_empty() {
            *n += 1;
            let location = Location::part(name).with_paragraph(*n).with_field(kind.field);
            sink.segment(Segment::new(location, Role::Other, text))?;
        }
        Ok(())
    };
    loop {
        let event = reader.next()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let qname = e.name();
                let local = local_name(qname.as_ref());
                if local == b"cacheField" {
                    items.push(Vec::new());
                }
                if in_shared && matches!(local, b"s" | b"n" | b"b" | b"d" | b"e" | b"m") {
                    let text = if local == b"s" { reader.attr(e, b"v")?.map(|v| v.into_owned()) } else { None };
                    let column = items.len().saturating_sub(1) as u32;
                    if let Some(field_items) = items.last_mut() {
                        if let Some(text) = &text {
                            columns.cell_at(&letters(column), field_items.len() as u32 + 1, text);
                        }
                        field_items.push(text);
                    }
                }
                match local {
                    b"sharedItems" => in_shared = matches!(event, Event::Start(_)),
                    b"r" | b"row" if kind.rows => {
                        row = Some(Vec::new());
                        field = 0;
                        record += 1;
                    }
                    // A record's value of the next field: a string, an index into the field's
                    // shared items, or a number, a date… (not text).
                    b"x" | b"s" | b"n" | b"b" | b"d" | b"e" | b"m" if row.is_some() => {
                        let value = reader.attr(e, b"v")?;
                        let text = match (local, value) {
                            (b"s", Some(v)) => Some(v.into_owned()),
                            (b"x", Some(v)) => v
                                .trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| shared.get(field).and_then(|f| f.get(i)).cloned().flatten()),
                            _ => None,
                        };
                        if let (Some(r), Some(text)) = (row.as_mut(), text) {
                            columns.cell_at(&letters(field as u32), record, &text);
                            r.push(text);
                        }
                        field += 1;
                    }
                    b"cell" if row.is_some() => {
                        // Numbers, booleans and errors are values, not text.
                        number_cell = matches!(reader.attr(e, b"t")?.as_deref(), None | Some("n" | "b" | "e"));
                    }
                    b"v" if row.is_some() => in_value = true,
                    _ => {
                        for (element, attribute) in kind.attributes {
                            if local == *element {
                                if let Some(v) = reader.attr(e, attribute)? {
                                    emit(sink, &mut n, v.into_owned())?;
                                }
                            }
                        }
                    }
                }
            }
            Event::Text(t) if in_value => {
                let text = reader.text(t)?;
                // A value with no type is a number, unless it does not read as one.
                if !number_cell || text.trim().parse::<f64>().is_err() {
                    if let Some(r) = row.as_mut() {
                        r.push(text.into_owned());
                    }
                }
            }
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"v" => in_value = false,
                b"sharedItems" => in_shared = false,
                b"r" | b"row" if kind.rows => {
                    if let Some(values) = row.take() {
                        let values: Vec<String> = values.into_iter().filter(|v| !v.trim().is_empty()).collect();
                        emit(sink, &mut n, values.join("\t"))?;
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    for run in columns.runs() {
        let field = format!("{}, {}", kind.field, run.field());
        let location = Location::part(name).with_paragraph(run.rows.0).with_field(field);
        sink.segment(Segment::new(location, Role::Other, run.text))?;
    }
    sink.coverage(CoverageNote::read(name))?;
    Ok(items)
}
