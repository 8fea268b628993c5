//! Content controls bound to custom XML data.
//!
//! A content control (`w:sdt`) may be bound to a node of an XML part of the package
//! (`w:dataBinding`: the part's `storeItemID` and an XPath into it). Word then displays the
//! node's value, not the text cached in the control (`w:sdtContent`), and rewrites the cache when
//! it opens the file: a template whose cache says `单击此处输入` shows `机密★1年` if the bound
//! node says so. Both are read: the cache as part of the paragraphs, the bound value as
//! [`DataStore::value`] finds it.
//!
//! The data parts are `customXml/itemN.xml`, named by the `ds:itemID` of their
//! `customXml/itemPropsN.xml`; the document properties have fixed ids (Word binds the Title,
//! Author… controls to `docProps/core.xml` and `docProps/app.xml`).
//!
//! The XPaths Word writes are location paths, `/ns0:root[1]/ns0:level[1]`, sometimes ending in
//! `/@attribute` or `/text()`; those are what [`DataStore::value`] evaluates, matching names by
//! local name. Other XPaths (predicates on values, functions) find nothing.

use quick_xml::events::Event;

use crate::ooxml;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// Store item ids of the document property parts (fixed by Office).
const BUILT_IN: [(&str, &str); 2] = [
    ("{6C3C8BC8-F283-45AE-878A-BAB7291924A1}", "docProps/core.xml"),
    ("{6668398D-A668-4E3E-A5EB-62B293D839F1}", "docProps/app.xml"),
];

/// The XML parts content controls can be bound to, by store item id.
#[derive(Default)]
pub(crate) struct DataStore {
    /// (store item id in upper case, part name, its XML).
    items: Vec<(String, String, Vec<u8>)>,
    max_depth: usize,
}

impl DataStore {
    /// Loads every custom XML item that has an item id, and the property parts.
    pub(crate) fn load(archive: &mut Archive<'_>, limits: &Limits) -> Result<DataStore, ExtractError> {
        let mut store = DataStore { items: Vec::new(), max_depth: limits.max_xml_depth };
        let props: Vec<String> = archive
            .names()
            .iter()
            .filter(|n| {
                let l = n.to_ascii_lowercase();
                l.starts_with("customxml/itemprops") && l.ends_with(".xml")
            })
            .cloned()
            .collect();
        for props_part in props {
            let Some(id) = item_id(archive, &props_part, limits)? else { continue };
            let item = props_part.replacen("itemProps", "item", 1).replacen("itemprops", "item", 1);
            if let Some(name) = archive.find(&item).map(str::to_owned) {
                let xml = ooxml::read_xml(archive, &name)?;
                store.items.push((id.to_ascii_uppercase(), name, xml));
            }
        }
        for (id, part) in BUILT_IN {
            if let Some(name) = archive.find(part).map(str::to_owned) {
                let xml = ooxml::read_xml(archive, &name)?;
                store.items.push((id.to_owned(), name, xml));
            }
        }
        Ok(store)
    }

    /// The value a binding displays: the text (or attribute) of the node `xpath` selects in the
    /// item `store_id` (in any item when the binding names none, as Word does).
    pub(crate) fn value(&self, store_id: Option<&str>, xpath: &str) -> Option<String> {
        let path = Path::parse(xpath)?;
        let wanted = store_id.map(|s| s.trim().to_ascii_uppercase());
        self.items
            .iter()
            .filter(|(id, _, _)| wanted.as_deref().is_none_or(|w| w == id))
            .find_map(|(_, part, xml)| path.evaluate(part, xml, self.max_depth).ok().flatten())
    }
}

/// The `ds:itemID` of an item properties part.
fn item_id(archive: &mut Archive<'_>, part: &str, limits: &Limits) -> Result<Option<String>, ExtractError> {
    let xml = ooxml::read_xml(archive, part)?;
    let mut reader = XmlReader::bounded(part, &xml, limits);
    loop {
        match reader.next()? {
            Event::Start(e) | Event::Empty(e) if local_name(e.name().as_ref()) == b"datastoreItem" => {
                return Ok(reader.attr(&e, b"itemID")?.map(|c| c.into_owned()));
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// A location path: element steps (local name, 1-based position among same-named siblings),
/// then what to take from the element reached.
#[derive(Debug, PartialEq)]
struct Path {
    steps: Vec<(String, usize)>,
    take: Take,
}

#[derive(Debug, PartialEq)]
enum Take {
    Text,
    Attribute(String),
}

impl Path {
    fn parse(xpath: &str) -> Option<Path> {
        let mut steps = Vec::new();
        let mut take = Take::Text;
        let raw: Vec<&str> = xpath.trim().trim_start_matches('/').split('/').collect();
        for (i, step) in raw.iter().enumerate() {
            let last = i + 1 == raw.len();
            if last && *step == "text()" {
                break;
            }
            if let Some(attr) = step.strip_prefix('@').filter(|_| last) {
                take = Take::Attribute(local(attr).to_owned());
                break;
            }
            let (name, position) = match step.split_once('[') {
                Some((name, rest)) => (name, rest.strip_suffix(']')?.trim().parse().ok()?),
                None => (*step, 1),
            };
            if name.is_empty() || name.contains(['(', '*', '@']) {
                return None;
            }
            steps.push((local(name).to_owned(), position));
        }
        (!steps.is_empty()).then_some(Path { steps, take })
    }

    /// The value of the node this path selects in `xml`, if it is there.
    fn evaluate(&self, part: &str, xml: &[u8], max_depth: usize) -> Result<Option<String>, ExtractError> {
        let mut reader = XmlReader::new(part, xml, max_depth);
        // Steps matched so far; sibling counts of the current step's name under the matched parent.
        let mut matched = 0usize;
        let mut count = 0usize;
        let mut text: Option<String> = None;
        loop {
            let event = reader.next()?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let depth = if matches!(event, Event::Start(_)) { reader.depth() } else { reader.depth() + 1 };
                    if text.is_none()
                        && depth == matched + 1
                        && local_name(e.name().as_ref()) == self.steps[matched].0.as_bytes()
                    {
                        count += 1;
                        if count == self.steps[matched].1 {
                            matched += 1;
                            count = 0;
                            if matched == self.steps.len() {
                                match &self.take {
                                    Take::Attribute(a) => {
                                        return Ok(reader.attr(e, a.as_bytes())?.map(|v| v.into_owned()))
                                    }
                                    Take::Text if matches!(event, Event::Empty(_)) => return Ok(Some(String::new())),
                                    Take::Text => text = Some(String::new()),
                                }
                            }
                        }
                    }
                }
                Event::Text(t) => {
                    if let Some(s) = text.as_mut() {
                        s.push_str(&reader.text(&t)?);
                    }
                }
                Event::CData(c) => {
                    if let Some(s) = text.as_mut() {
                        s.push_str(reader.cdata(&c)?);
                    }
                }
                // Closing the selected element ends its text; closing a matched ancestor before
                // the path is complete means the node is not there.
                Event::End(_) if reader.depth() < matched => return Ok(text),
                Event::Eof => return Ok(text),
                _ => {}
            }
        }
    }
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = r#"<ns0:root xmlns:ns0="urn:x"><ns0:doc><ns0:level>秘密</ns0:level><ns0:level kind="period">1年</ns0:level></ns0:doc><ns0:empty/></ns0:root>"#;

    fn eval(xpath: &str) -> Option<String> {
        Path::parse(xpath)?.evaluate("customXml/item1.xml", DATA.as_bytes(), 64).unwrap()
    }

    #[test]
    fn location_paths_as_word_writes_them() {
        assert_eq!(eval("/ns0:root[1]/ns0:doc[1]/ns0:level[1]").as_deref(), Some("秘密"));
        assert_eq!(eval("/ns0:root[1]/ns0:doc[1]/ns0:level[2]").as_deref(), Some("1年"));
        assert_eq!(eval("/ns0:root/ns0:doc/ns0:level[2]/@kind").as_deref(), Some("period"));
        assert_eq!(eval("/ns0:root[1]/ns0:doc[1]/ns0:level[1]/text()").as_deref(), Some("秘密"));
        assert_eq!(eval("/ns0:root[1]/ns0:empty[1]").as_deref(), Some(""));
        assert_eq!(eval("/ns0:root[1]/ns0:doc[1]/ns0:level[3]"), None);
        assert_eq!(eval("/ns0:root[1]/ns0:other[1]"), None);
        assert_eq!(Path::parse("/a[last()]"), None);
        assert_eq!(Path::parse("//*"), None);
    }
}
