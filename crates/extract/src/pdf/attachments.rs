//! Files attached to a PDF: what a viewer lists in its attachments panel, and what a reader
//! opens by double-clicking a paper-clip on the page.
//!
//! A PDF carries whole files inside it in three places, all pointing at *file specifications*
//! (PDF 32000 §7.11) whose `/EF` dictionary holds the embedded file stream:
//!
//! - the catalog's `/Names` → `/EmbeddedFiles` name tree: the document's attachments;
//! - the same tree when the catalog has a `/Collection`: a *portfolio*, whose files are what the
//!   viewer shows instead of (or beside) the cover pages; each file specification's `/CI`
//!   (collection item) holds the values shown in the portfolio's columns;
//! - `FileAttachment` annotations on pages (`/FS`).
//!
//! Each embedded file is handed to the sink as a member, named by its file name (`/UF`, else
//! `/F`, else the name-tree key), to be inspected in its own right: a DOCX attached to a public
//! notice is published with it. The file name, the `/Desc` description and the collection-item
//! values are text the user sees in the panel, pushed as segments of the part `attachment`
//! (field `N name`, `N description`, `N item`; the page too for an annotation's file), and so are
//! a portfolio's column headings (`/Collection` `/Schema`, field `portfolio columns`).
//!
//! A file met twice (listed in the name tree and pinned on a page) is read once. Its bytes count
//! against the file's decompression budget like every other stream. A file specification with
//! an `/EF` entry whose stream cannot be decoded is reported for review, never skipped: the
//! viewer could open it, we could not.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};
use mijian_core::{Cap, Unread, Unsupported};
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};

use super::document::{self, as_dict, get, get_dict, get_name, resolve, Streams};
use super::meta::text_string;
use crate::ExtractError;

/// Reads every attached file of `doc`: name tree first, then the pages' paper-clips.
pub(super) fn read(doc: &Document, streams: &Streams, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let mut reader = Attachments { doc, streams, seen: HashSet::new(), count: 0, over_limit: false };
    let catalog = doc.trailer.get(b"Root").ok().and_then(|o| resolve(doc, o)).and_then(as_dict);
    if let Some(schema) =
        catalog.and_then(|c| get_dict(doc, c, b"Collection")).and_then(|c| get_dict(doc, c, b"Schema"))
    {
        // The portfolio's column headings, shown above the list of files.
        let headings: Vec<String> = schema
            .iter()
            .filter_map(|(_, field)| resolve(doc, field).and_then(as_dict))
            .filter_map(|field| get(doc, field, b"N").and_then(string))
            .collect();
        push(sink, Location::part("attachment").with_field("portfolio columns"), headings.join("\n"))?;
    }
    if let Some(tree) =
        catalog.and_then(|c| get_dict(doc, c, b"Names")).and_then(|n| get_dict(doc, n, b"EmbeddedFiles"))
    {
        let mut leaves = Vec::new();
        document::tree_leaves(doc, tree, b"Names", streams.limits().max_entries, &mut leaves);
        let entries: Vec<(String, &Object)> = leaves
            .into_iter()
            .map(|(key, value)| (resolve(doc, key).and_then(string).unwrap_or_default(), value))
            .collect();
        for (key, spec) in entries {
            reader.file(spec, Some(key), None, sink)?;
        }
    }
    for (i, page) in document::pages(doc, streams.limits())?.iter().enumerate() {
        let Some(Object::Array(annots)) = get(doc, page.dict, b"Annots") else {
            continue;
        };
        for annot in annots {
            let Some(dict) = resolve(doc, annot).and_then(as_dict) else {
                continue;
            };
            if get_name(doc, dict, b"Subtype") != Some(b"FileAttachment") {
                continue;
            }
            if let Ok(spec) = dict.get(b"FS") {
                reader.file(spec, None, Some(i as u32 + 1), sink)?;
            }
        }
    }
    if reader.over_limit {
        sink.coverage(CoverageNote::unread(
            "attachments",
            Unread::Limit(Cap::Attachments(streams.limits().max_entries as u64)),
        ))?;
    }
    Ok(())
}

/// The walk's state: what was read already, and how many.
struct Attachments<'a> {
    doc: &'a Document,
    streams: &'a Streams<'a>,
    /// Embedded file streams read, by object number (a file is read once however it is reached).
    seen: HashSet<ObjectId>,
    count: usize,
    over_limit: bool,
}

impl<'a> Attachments<'a> {
    /// Reads one file specification: its names and description as text, its stream as a member.
    fn file(
        &mut self,
        spec: &'a Object,
        key: Option<String>,
        page: Option<u32>,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        let doc = self.doc;
        // A bare string is a reference to a file outside this one: nothing to open here.
        let Some(spec) = resolve(doc, spec).and_then(as_dict) else {
            return Ok(());
        };
        let Some(ef) = get_dict(doc, spec, b"EF") else {
            return Ok(());
        };
        let raw = [b"UF".as_slice(), b"F", b"DOS", b"Mac", b"Unix"].iter().find_map(|k| ef.get(k).ok());
        let Some(raw) = raw else {
            return Ok(());
        };
        if let Object::Reference(id) = raw {
            if !self.seen.insert(*id) {
                return Ok(());
            }
        }
        if self.count >= self.streams.limits().max_entries {
            self.over_limit = true;
            return Ok(());
        }
        self.count += 1;
        let n = self.count;
        let location = |field: &str| {
            let at = Location::part("attachment").with_field(format!("{n} {field}"));
            match page {
                Some(p) => at.with_page(p),
                None => at,
            }
        };

        let names = file_names(doc, spec, key.as_deref());
        push(sink, location("name"), names.join("\n"))?;
        if let Some(desc) = get(doc, spec, b"Desc").and_then(string) {
            push(sink, location("description"), desc)?;
        }
        if let Some(item) = get_dict(doc, spec, b"CI") {
            push(sink, location("item"), collection_item(doc, item))?;
        }

        let name = names.into_iter().next().unwrap_or_else(|| format!("attachment-{n}"));
        let Some(Object::Stream(stream)) = resolve(doc, raw) else {
            sink.coverage(CoverageNote::unread(format!("attachment {n}"), Unread::Damaged))?;
            return Ok(());
        };
        let bytes = self.streams.decode(stream)?;
        if bytes.is_empty() && !stream.content.is_empty() {
            sink.coverage(CoverageNote::unread(
                format!("attachment {n}"),
                Unread::UnsupportedFormat(Unsupported::StreamFilter),
            ))?;
            return Ok(());
        }
        sink.member(name, bytes.into_owned())?;
        Ok(())
    }
}

/// The names a viewer shows for a file, most specific first and without repeats: `/UF`
/// (Unicode), `/F` (often the same in legacy bytes), then the name-tree key.
fn file_names(doc: &Document, spec: &Dictionary, key: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let candidates = [b"UF".as_slice(), b"F"].map(|k| get(doc, spec, k).and_then(string));
    for name in candidates.into_iter().flatten().chain(key.map(str::to_owned)) {
        let name = name.trim_matches(|c: char| c.is_whitespace() || c == '\0').to_owned();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// A collection item's values as lines: strings as they are, `/D` and `/V` of sub-items.
fn collection_item(doc: &Document, item: &Dictionary) -> String {
    let mut lines = Vec::new();
    for (key, value) in item.iter() {
        if key.as_slice() == b"Type" {
            continue;
        }
        let value = resolve(doc, value);
        let text = match value {
            Some(Object::Dictionary(sub)) => {
                [b"D".as_slice(), b"V"].iter().find_map(|k| get(doc, sub, k).and_then(string))
            }
            Some(other) => string(other),
            None => None,
        };
        lines.extend(text);
    }
    lines.join("\n")
}

fn string(object: &Object) -> Option<String> {
    match object {
        Object::String(s, _) => Some(text_string(s)),
        _ => None,
    }
}

fn push(sink: &mut dyn DocumentSink, location: Location, text: String) -> Result<(), ExtractError> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if !text.is_empty() {
        sink.segment(Segment::new(location, Role::Other, text))?;
    }
    Ok(())
}
