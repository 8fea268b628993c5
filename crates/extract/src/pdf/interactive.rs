//! What a viewer shows from a PDF's interactive parts rather than from its pages: the strings
//! of its JavaScript (an `app.alert` on opening, a value a field script sets), the names of its
//! layers (the Layers panel), its page labels (the page-number box) and its links' targets
//! (shown when the pointer rests on a link).
//!
//! | source | part | field |
//! | --- | --- | --- |
//! | JavaScript actions: catalog `/Names` `/JavaScript`, `/OpenAction`, the `/AA` of the catalog, pages, annotations and form fields, `/A` of annotations, `/Next` chains | `javascript` | where it runs (`document`, `open`, `page N`, `annotation`, `field NAME`) |
//! | optional content: `/OCProperties` `/OCGs` `/Name`, labels in `/D` `/Order` | `layers` | |
//! | `/PageLabels` prefixes (`/P`) | `page labels` | |
//! | link annotations: `/A` `/URI`, the file of `/GoToR` and `/Launch` | `link` (with the page) | `URI` or `file` |
//!
//! No script is run: its string literals are read, and the HTML it writes, as for an HTML
//! page ([`crate::javascript`]). Every walk is bounded (items, chain length) and guards against
//! reference cycles.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};
use mijian_core::{DocumentSink, Location, Role, Segment};

use super::document::{self, as_dict, get, get_dict, get_name, resolve, tree_leaves, Streams};
use super::meta::text_string;
use crate::ExtractError;

/// Most actions, layers, labels or links read from one document.
const MAX_ITEMS: usize = 100_000;
/// Deepest nesting of form fields or of a layer panel's groups followed.
const MAX_DEPTH: usize = 64;

/// Reads every source above: the catalog's, then each page's (its additional actions, its
/// annotations' actions and links). An action reached from several places is read once.
pub(super) fn read(doc: &Document, streams: &Streams, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let mut scripts = Scripts { doc, streams, seen: HashSet::new(), count: 0 };
    if let Some(catalog) = doc.trailer.get(b"Root").ok().and_then(|o| resolve(doc, o)).and_then(as_dict) {
        catalog_sources(doc, catalog, &mut scripts, sink)?;
    }
    for (i, page) in document::pages(doc, streams.limits())?.iter().enumerate() {
        let number = i as u32 + 1;
        scripts.additional(page.dict, &format!("page {number}"), sink)?;
        let Some(Object::Array(annots)) = get(doc, page.dict, b"Annots") else {
            continue;
        };
        for annot in annots.iter().take(MAX_ITEMS) {
            let Some(dict) = resolve(doc, annot).and_then(as_dict) else {
                continue;
            };
            if let Ok(action) = dict.get(b"A") {
                scripts.action(action, "annotation", sink)?;
                link(doc, action, number, sink)?;
            }
            scripts.additional(dict, "annotation", sink)?;
        }
    }
    Ok(())
}

fn catalog_sources(
    doc: &Document,
    catalog: &Dictionary,
    scripts: &mut Scripts,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    if let Some(tree) = get_dict(doc, catalog, b"Names").and_then(|n| get_dict(doc, n, b"JavaScript")) {
        let mut leaves = Vec::new();
        tree_leaves(doc, tree, b"Names", MAX_ITEMS, &mut leaves);
        for (_, action) in leaves {
            scripts.action(action, "document", sink)?;
        }
    }
    if let Ok(open) = catalog.get(b"OpenAction") {
        scripts.action(open, "open", sink)?;
    }
    scripts.additional(catalog, "document", sink)?;
    if let Some(form) = get_dict(doc, catalog, b"AcroForm") {
        if let Some(Object::Array(fields)) = get(doc, form, b"Fields") {
            scripts.fields(fields, "", 0, sink)?;
        }
    }

    if let Some(layers) = get_dict(doc, catalog, b"OCProperties") {
        let mut names = Vec::new();
        if let Some(Object::Array(groups)) = get(doc, layers, b"OCGs") {
            for group in groups.iter().take(MAX_ITEMS) {
                if let Some(name) = resolve(doc, group).and_then(as_dict).and_then(|g| text(doc, g, b"Name")) {
                    names.push(name);
                }
            }
        }
        // The panel's tree may label groups of layers with plain strings.
        if let Some(Object::Array(order)) = get_dict(doc, layers, b"D").and_then(|d| get(doc, d, b"Order")) {
            order_labels(order, 0, &mut names);
        }
        push(sink, Location::part("layers"), names.join("\n"))?;
    }

    if let Some(labels) = get_dict(doc, catalog, b"PageLabels") {
        let mut leaves = Vec::new();
        tree_leaves(doc, labels, b"Nums", MAX_ITEMS, &mut leaves);
        let prefixes: Vec<String> = leaves
            .into_iter()
            .filter_map(|(_, label)| resolve(doc, label).and_then(as_dict).and_then(|l| text(doc, l, b"P")))
            .collect();
        push(sink, Location::part("page labels"), prefixes.join("\n"))?;
    }
    Ok(())
}

/// Where a link leads, as the viewer shows it on hovering: a URI (escapes decoded) or a file.
fn link(doc: &Document, action: &Object, page: u32, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let Some(action) = resolve(doc, action).and_then(as_dict) else {
        return Ok(());
    };
    let location = |field: &str| Location::part("link").with_page(page).with_field(field);
    match get_name(doc, action, b"S") {
        Some(b"URI") => {
            if let Some(uri) = text(doc, action, b"URI") {
                push(sink, location("URI"), crate::percent::decoded(&uri).into_owned())?;
            }
        }
        Some(b"GoToR" | b"Launch" | b"GoToE") => {
            let file = match get(doc, action, b"F") {
                Some(Object::Dictionary(spec)) => text(doc, spec, b"UF").or_else(|| text(doc, spec, b"F")),
                Some(other) => string(other),
                None => None,
            };
            if let Some(file) = file {
                push(sink, location("file"), file)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The walk over actions and fields: each object read once, at most [`MAX_ITEMS`] of them.
struct Scripts<'a> {
    doc: &'a Document,
    streams: &'a Streams<'a>,
    seen: HashSet<ObjectId>,
    count: usize,
}

impl<'a> Scripts<'a> {
    /// An action and the actions chained after it (`/Next`: one action or an array).
    fn action(&mut self, action: &Object, place: &str, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        let mut queue = vec![action];
        while let Some(current) = queue.pop() {
            if self.count >= MAX_ITEMS {
                return Ok(());
            }
            self.count += 1;
            if let Object::Reference(id) = current {
                if !self.seen.insert(*id) {
                    continue;
                }
            }
            match resolve(self.doc, current) {
                Some(Object::Array(actions)) => queue.extend(actions.iter().rev()),
                Some(object) => {
                    let Some(dict) = as_dict(object) else { continue };
                    if get_name(self.doc, dict, b"S") == Some(b"JavaScript") {
                        self.script(dict, place, sink)?;
                    }
                    if let Ok(next) = dict.get(b"Next") {
                        queue.push(next);
                    }
                }
                None => {}
            }
        }
        Ok(())
    }

    /// The actions of an additional-actions dictionary (`/AA`: on open, on close, on focus,
    /// on keystroke, calculate, format…).
    fn additional(&mut self, owner: &Dictionary, place: &str, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        if let Some(triggers) = get_dict(self.doc, owner, b"AA") {
            for (_, action) in triggers.iter() {
                self.action(action, place, sink)?;
            }
        }
        Ok(())
    }

    /// The actions of form fields and their kids, named as the form names them.
    fn fields(
        &mut self,
        fields: &[Object],
        parent: &str,
        depth: usize,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        for field in fields.iter().take(MAX_ITEMS) {
            if self.count >= MAX_ITEMS {
                break;
            }
            if let Object::Reference(id) = field {
                if !self.seen.insert(*id) {
                    continue;
                }
            }
            self.count += 1;
            let Some(dict) = resolve(self.doc, field).and_then(as_dict) else {
                continue;
            };
            let name = match text(self.doc, dict, b"T") {
                Some(p) if parent.is_empty() => p,
                Some(p) => format!("{parent}.{p}"),
                None => parent.to_owned(),
            };
            self.additional(dict, &format!("field {name}"), sink)?;
            if let Some(Object::Array(kids)) = get(self.doc, dict, b"Kids") {
                self.fields(kids, &name, depth + 1, sink)?;
            }
        }
        Ok(())
    }

    /// One JavaScript action: its `/JS` (a string or a stream), read without running it.
    fn script(&mut self, action: &Dictionary, place: &str, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        let source = match get(self.doc, action, b"JS") {
            Some(Object::String(bytes, _)) => text_string(bytes),
            Some(Object::Stream(stream)) => text_string(&self.streams.decode(stream)?),
            _ => return Ok(()),
        };
        let mut lines = crate::javascript::string_literals(&source);
        let written = crate::javascript::written_html(&source);
        if !written.trim().is_empty() {
            lines.push(written);
        }
        push(sink, Location::part("javascript").with_field(place), lines.join("\n"))
    }
}

/// The plain-string labels of a layer panel's `/Order` tree (nested arrays of groups).
fn order_labels(order: &[Object], depth: usize, out: &mut Vec<String>) {
    if depth > MAX_DEPTH || out.len() >= MAX_ITEMS {
        return;
    }
    for item in order {
        match item {
            Object::String(..) => out.extend(string(item)),
            Object::Array(inner) => order_labels(inner, depth + 1, out),
            _ => {}
        }
    }
}

fn string(object: &Object) -> Option<String> {
    match object {
        Object::String(s, _) => Some(text_string(s)),
        _ => None,
    }
}

/// `dict[key]` as a text string.
fn text(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    get(doc, dict, key).and_then(string)
}

fn push(sink: &mut dyn DocumentSink, location: Location, text: String) -> Result<(), ExtractError> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if !text.is_empty() {
        sink.segment(Segment::new(location, Role::Other, text))?;
    }
    Ok(())
}
