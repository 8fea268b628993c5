//! Whether OpenDocument text shows, from the styles it inherits and what is behind it.
//!
//! A paragraph (`text:p`, `text:h`) takes its paragraph style (`text:style-name`, family
//! `paragraph`, else the family's `style:default-style`), a span its text style (family `text`)
//! over the paragraph's, a table cell its cell style (family `table-cell`). Each style inherits
//! from `style:parent-style-name`, nearest first, whether it is a named style (`office:styles`,
//! the Styles sidebar) or an automatic one, in `styles.xml` or `content.xml`. Text does not
//! show when hidden (`text:display="none"`), at most 1pt high, or in the colour of what is
//! behind it: its own background (`fo:background-color` of the text properties), else its
//! paragraph's (of the paragraph properties), else its cell's, else its page's; a header's or
//! footer's text shows on the header's or footer's background (`style:header-style`,
//! `style:footer-style` of the master page's page layout), else the page's; else white.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::lists::ListBook;
use crate::as_shown::{blends, Backdrop, Ink, Rgb};
use crate::xml::XmlReader;
use crate::ExtractError;

/// How far `style:parent-style-name` is followed: a loop ends here.
const MAX_PARENTS: usize = 32;

/// What one style (or the text in one place) says about showing; `None` where it says nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Look {
    hidden: Option<bool>,
    ink: Option<Ink>,
    tiny: Option<bool>,
    /// Behind the text: its own background, its paragraph's, its cell's, its frame's or
    /// shape's fill, its slide's.
    highlight: Option<Backdrop>,
    paragraph: Option<Backdrop>,
    cell: Option<Backdrop>,
    shape: Option<Backdrop>,
    page: Option<Backdrop>,
}

impl Look {
    /// This look over `base`: what this one says, else what `base` says.
    pub(super) fn over(self, base: Look) -> Look {
        Look {
            hidden: self.hidden.or(base.hidden),
            ink: self.ink.or(base.ink),
            tiny: self.tiny.or(base.tiny),
            highlight: self.highlight.or(base.highlight),
            paragraph: self.paragraph.or(base.paragraph),
            cell: self.cell.or(base.cell),
            shape: self.shape.or(base.shape),
            page: self.page.or(base.page),
        }
    }

    /// Only what is behind the text from a frame or shape out: its fill and the slide's.
    pub(super) fn behind(self) -> Look {
        Look { shape: self.shape, page: self.page, ..Look::default() }
    }

    /// Whether text of this look is not seen.
    pub(super) fn unseen(&self) -> bool {
        self.hidden == Some(true)
            || self.tiny == Some(true)
            || blends(self.ink, [self.highlight, self.paragraph, self.cell, self.shape, self.page])
    }
}

/// A background attribute (`fo:background-color`, `draw:fill-color`).
fn backdrop(value: &str) -> Backdrop {
    match value.trim() {
        v if v.eq_ignore_ascii_case("transparent") => Backdrop::Clear,
        v => Rgb::hex(v).map_or(Backdrop::Mixed, Backdrop::Colour),
    }
}

/// The family under which a page layout's header or footer style is kept.
fn margin_family(header: bool) -> &'static str {
    if header {
        "page-layout header"
    } else {
        "page-layout footer"
    }
}

/// One style: its parent and what it says.
#[derive(Clone, Debug, Default)]
struct Style {
    parent: Option<String>,
    look: Look,
}

/// The styles read so far in an OpenDocument (its `styles.xml` is read before its
/// `content.xml`, and a part's styles come before its body), by family and name.
#[derive(Debug, Default)]
pub(super) struct StyleBook {
    /// By family, then name.
    styles: HashMap<String, HashMap<String, Style>>,
    defaults: HashMap<String, Look>,
    /// The style being read: its family and name (`None` for a default style).
    current: Option<(String, Option<String>)>,
    /// The drawing-page style and the page layout of each master page
    /// (`style:master-page/@draw:style-name`, `@style:page-layout-name`): the background of the
    /// slides made on it that have none of their own, of the pages of a text document.
    master_pages: HashMap<String, (Option<String>, Option<String>)>,
    /// The list styles, the outline style and the lists paragraph styles bring (see
    /// [`super::lists`]).
    pub(super) lists: ListBook,
}

impl StyleBook {
    /// A `style:style` (with `name`) or `style:default-style` (without) of `family` opens.
    pub(super) fn open(&mut self, family: String, name: Option<String>, parent: Option<String>) {
        if let Some(name) = &name {
            // A later definition of the same name (content.xml's automatic styles after
            // styles.xml's) is the one that applies from here on.
            self.styles
                .entry(family.clone())
                .or_default()
                .insert(name.clone(), Style { parent, look: Look::default() });
        }
        self.current = Some((family, name));
    }

    /// A master page `name` whose background is the drawing-page style `style`, else that of
    /// the page layout `layout`.
    pub(super) fn master_page(&mut self, name: String, style: Option<String>, layout: Option<String>) {
        self.master_pages.insert(name, (style, layout));
    }

    /// The background of a master page's pages, if it has one.
    fn master_background(&self, master: &str) -> Look {
        let Some((style, layout)) = self.master_pages.get(master) else { return Look::default() };
        let page = self.look("drawing-page", style.as_deref()).over(self.look("page-layout", layout.as_deref()));
        page.behind()
    }

    /// What is behind the text of a text document: its pages' background where every master
    /// page has the same (none is white), else a mix (which page a paragraph falls on is not
    /// known here, so its colour alone does not hide text).
    pub(super) fn text_page(&self) -> Look {
        let mut pages = self.master_pages.keys().map(|m| self.master_background(m).page);
        match pages.next() {
            Some(first) if pages.all(|p| p == first) => Look { page: first, ..Look::default() },
            Some(_) => Look { page: Some(Backdrop::Mixed), ..Look::default() },
            None => Look::default(),
        }
    }

    /// What is behind the text of a slide whose drawing-page style is `style`, made on the
    /// master page `master`: the slide's own fill, else its master page's.
    pub(super) fn slide_background(&self, style: Option<&str>, master: Option<&str>) -> Look {
        let own = self.look("drawing-page", style).behind();
        match master {
            Some(master) => own.over(self.master_background(master)),
            None => own,
        }
    }

    /// A page layout's header style (`style:header-style`, `header`) or footer style opens: its
    /// properties (`style:header-footer-properties`) are its header's or footer's, kept as a
    /// style of the same name in a family of their own.
    pub(super) fn open_margin(&mut self, header: bool) {
        if let Some((family, Some(name))) = &self.current {
            if family == "page-layout" {
                let name = name.clone();
                self.open(margin_family(header).to_owned(), Some(name), None);
            }
        }
    }

    /// A header or footer style ends: back in its page layout.
    pub(super) fn close_margin(&mut self) {
        if let Some((family, _)) = &mut self.current {
            if family.starts_with("page-layout ") {
                *family = "page-layout".to_owned();
            }
        }
    }

    /// What is behind the text of a header (`header`) or footer of the master page `master`:
    /// the header's or footer's background, else its page's.
    pub(super) fn margin_background(&self, master: Option<&str>, header: bool) -> Look {
        let Some(master) = master else { return Look::default() };
        let layout = self.master_pages.get(master).and_then(|(_, layout)| layout.as_deref());
        let page = self.master_background(master);
        match layout.map(|layout| self.look(margin_family(header), Some(layout)).behind()) {
            // A transparent header shows the page through it.
            Some(own) if own.page.is_some_and(|p| p != Backdrop::Clear) => own.over(page),
            _ => page,
        }
    }

    /// The style being read ends.
    pub(super) fn close(&mut self) {
        self.current = None;
    }

    /// Whether a style is being read.
    pub(super) fn in_style(&self) -> bool {
        self.current.is_some()
    }

    /// The family and name of the named style being read, if one is.
    pub(super) fn current_style(&self) -> Option<(&str, &str)> {
        self.current.as_ref().and_then(|(family, name)| Some((family.as_str(), name.as_deref()?)))
    }

    /// Properties of the style being read (`style:text-properties`,
    /// `style:paragraph-properties`, `style:table-cell-properties`, named `local`).
    pub(super) fn properties(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
    ) -> Result<(), ExtractError> {
        let Some((family, name)) = &self.current else { return Ok(()) };
        let mut look = Look::default();
        match local {
            b"text-properties" => {
                if let Some(display) = reader.attr(e, b"display")? {
                    look.hidden = Some(matches!(display.trim(), "none" | "condition"));
                }
                if let Some(colour) = reader.attr(e, b"color")? {
                    look.ink = Some(Rgb::hex(&colour).map_or(Ink::Auto, Ink::Colour));
                }
                if reader.attr(e, b"use-window-font-color")?.is_some_and(|v| v.trim() == "true") {
                    look.ink = Some(Ink::Auto);
                }
                for key in [&b"font-size"[..], b"font-size-asian", b"font-size-complex"] {
                    if let Some(size) = reader.attr(e, key)? {
                        if let Some(points) = size.trim().strip_suffix("pt").and_then(|n| n.trim().parse::<f32>().ok())
                        {
                            look.tiny = Some(look.tiny.unwrap_or(false) || points <= 1.0);
                        }
                    }
                }
                if let Some(background) = reader.attr(e, b"background-color")? {
                    look.highlight = Some(backdrop(&background));
                }
            }
            b"paragraph-properties" => {
                if let Some(background) = reader.attr(e, b"background-color")? {
                    look.paragraph = Some(backdrop(&background));
                }
            }
            b"table-cell-properties" => {
                if let Some(background) = reader.attr(e, b"background-color")? {
                    look.cell = Some(backdrop(&background));
                }
            }
            // A frame's or shape's fill, a slide's background: `draw:fill` with its colour
            // (`none` clear; a gradient, bitmap or hatch a mix), else a frame's background.
            b"graphic-properties"
            | b"drawing-page-properties"
            | b"page-layout-properties"
            | b"header-footer-properties" => {
                let fill = match reader.attr(e, b"fill")?.as_deref().map(str::trim) {
                    Some("none") => Some(Backdrop::Clear),
                    Some("solid") => Some(reader.attr(e, b"fill-color")?.map_or(Backdrop::Mixed, |c| backdrop(&c))),
                    Some(_) => Some(Backdrop::Mixed),
                    None => reader.attr(e, b"background-color")?.map(|c| backdrop(&c)),
                };
                if local == b"graphic-properties" {
                    look.shape = fill;
                } else {
                    look.page = fill;
                }
            }
            _ => return Ok(()),
        }
        match name {
            Some(name) => {
                if let Some(style) = self.styles.get_mut(family).and_then(|f| f.get_mut(name)) {
                    style.look = look.over(style.look);
                }
            }
            None => {
                let default = self.defaults.entry(family.clone()).or_default();
                *default = look.over(*default);
            }
        }
        Ok(())
    }

    /// The style `name` of `family` and its parents, nearest first.
    pub(super) fn lineage<'a>(&'a self, family: &str, name: &'a str) -> Vec<&'a str> {
        let mut out = vec![name];
        let styles = self.styles.get(family);
        let mut next = styles.and_then(|f| f.get(name)).and_then(|s| s.parent.as_deref());
        while let Some(parent) = next.filter(|_| out.len() < MAX_PARENTS) {
            out.push(parent);
            next = styles.and_then(|f| f.get(parent)).and_then(|s| s.parent.as_deref());
        }
        out
    }

    /// The look of the style `name` of `family`, its parents folded in, over the family's
    /// default style.
    pub(super) fn look(&self, family: &str, name: Option<&str>) -> Look {
        let mut look = Look::default();
        let styles = self.styles.get(family);
        let mut next = name;
        for _ in 0..MAX_PARENTS {
            let Some(style) = next.and_then(|n| styles?.get(n)) else { break };
            look = look.over(style.look);
            next = style.parent.as_deref();
        }
        look.over(self.defaults.get(family).copied().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_fold_in_nearest_first_and_loops_end() {
        let mut book = StyleBook::default();
        let xml = br##"<a fo:color="#FFFFFF"/><b fo:color="#000000"/>"##;
        let mut reader = XmlReader::new("t", xml, 8);
        let mut elements = Vec::new();
        while let Ok(quick_xml::events::Event::Empty(e)) = reader.next() {
            elements.push(e.into_owned());
        }
        book.open("text".into(), Some("White".into()), Some("Loop".into()));
        book.properties(&reader, &elements[0], b"text-properties").unwrap();
        book.close();
        book.open("text".into(), Some("Loop".into()), Some("White".into()));
        book.close();
        book.open("text".into(), Some("Black".into()), Some("White".into()));
        book.properties(&reader, &elements[1], b"text-properties").unwrap();
        book.close();
        assert!(book.look("text", Some("Loop")).unseen(), "white from its parent");
        assert!(book.look("text", Some("White")).unseen());
        assert!(!book.look("text", Some("Black")).unseen(), "its own colour over its parent's");
        assert!(!book.look("paragraph", Some("White")).unseen(), "another family");
        assert!(!book.look("text", None).unseen());
    }
}
