//! The structure tree of a tagged PDF: the `/ActualText`, `/Alt` and `/E` of its elements.
//!
//! A tagged PDF (what Word, WPS and LibreOffice write with accessibility on) describes its
//! content as a tree of structure elements under the catalog's `/StructTreeRoot`. An element may
//! carry the same replacement texts as marked content ([`super::marked`]): `/Alt` (the
//! description of a figure, read aloud by screen readers), `/ActualText` and `/E`. They are
//! text a user of the file meets, so they are read; most `/ActualText` repeats the page, and
//! text the pages already showed is dropped so a mark is not found twice.

use std::collections::HashSet;

use lopdf::{Document, Object, ObjectId};
use memchr::memmem;
use mijian_core::{DocumentSink, Location, Role, Segment};

use super::document::{as_dict, get_dict, resolve};
use super::meta::text_string;
use crate::ExtractError;

/// Most structure elements visited; tagged reports have tens of thousands.
const MAX_ELEMENTS: usize = 2_000_000;
/// Deepest element nesting followed.
const MAX_DEPTH: usize = 512;
/// Most bytes of page text searched, over all the look-ups, to drop repeated texts. Past it a text
/// is kept: a finding twice is better than a search that runs for minutes.
const MAX_SEARCHED_BYTES: usize = 2 << 30;

/// Pushes the replacement texts of the structure tree that `shown` (the pages' text, with
/// whitespace removed) does not already hold: `actual-text` for `/ActualText` and `/E`,
/// `alt-text` for `/Alt`, both with the field `structure` and [`Role::Other`] (the tree does not
/// say where on the page an element sits).
pub(super) fn read(doc: &Document, shown: &str, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let Some(root) = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(as_dict)
        .and_then(|catalog| get_dict(doc, catalog, b"StructTreeRoot"))
    else {
        return Ok(());
    };
    let mut actual = Vec::new();
    let mut alt = Vec::new();
    let mut budget = MAX_SEARCHED_BYTES;
    let mut kept: HashSet<String> = HashSet::new();
    let mut is_new = |text: String| -> Option<String> {
        let significant: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\0').collect();
        if significant.is_empty() || kept.contains(&significant) {
            return None;
        }
        if budget >= shown.len() {
            budget -= shown.len();
            if memmem::find(shown.as_bytes(), significant.as_bytes()).is_some() {
                return None;
            }
        }
        kept.insert(significant);
        Some(text.trim().to_owned())
    };

    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack: Vec<(&Object, usize)> = root.get(b"K").ok().map(|k| (k, 0)).into_iter().collect();
    let mut visited = 0;
    while let Some((node, depth)) = stack.pop() {
        visited += 1;
        if visited > MAX_ELEMENTS || depth > MAX_DEPTH {
            break;
        }
        if let Object::Reference(id) = node {
            if !seen.insert(*id) {
                continue;
            }
        }
        match resolve(doc, node) {
            Some(Object::Array(kids)) => stack.extend(kids.iter().rev().map(|k| (k, depth))),
            Some(Object::Dictionary(element)) => {
                let text = |key: &[u8]| match element.get(key).ok().and_then(|o| resolve(doc, o)) {
                    Some(Object::String(s, _)) => Some(text_string(s)),
                    _ => None,
                };
                actual.extend(text(b"ActualText").and_then(&mut is_new));
                actual.extend(text(b"E").and_then(&mut is_new));
                alt.extend(text(b"Alt").and_then(&mut is_new));
                // Marked-content references (`/Type /MCR`) and object references have no kids
                // worth following; an element's `/K` is its children.
                if let Ok(kids) = element.get(b"K") {
                    stack.push((kids, depth + 1));
                }
            }
            _ => {}
        }
    }
    for (part, texts) in [("actual-text", actual), ("alt-text", alt)] {
        if !texts.is_empty() {
            sink.segment(Segment::new(Location::part(part).with_field("structure"), Role::Other, texts.join("\n")))?;
        }
    }
    Ok(())
}
