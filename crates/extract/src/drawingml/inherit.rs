//! What a run without its own colour or size looks like: what it inherits.
//!
//! A run's colour and size are its own (`a:rPr`), else its paragraph level's in the list style of
//! its shape (`a:lstStyle/a:lvl2pPr/a:defRPr`, `a:defPPr` for every level), else its shape
//! style's font colour (`p:style/a:fontRef`). A placeholder then takes them from the placeholder
//! it stands for on the slide's layout (matched by `p:ph/@idx`, else by type), then from the
//! master's placeholder of that kind, then from the master's text styles (`p:txStyles`:
//! `p:titleStyle` for titles, `p:otherStyle` for dates, footers, slide numbers and headers,
//! `p:bodyStyle` for the rest); every shape last from the presentation's
//! `p:defaultTextStyle`. A text box that is not a placeholder takes nothing from the master's
//! text styles. A placeholder without a fill of its own is filled as the placeholder it stands
//! for. Scheme colours are resolved on the slide shown: its colour map is its own override
//! (`p:clrMapOvr/a:overrideClrMapping`), else its layout's, else the master's.
//!
//! So white text inherited from a master's body style, on the master's white background, is
//! unseen, and so is text of an inherited size of at most 1pt; a colour or size of the run's
//! own over it decides instead.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::bullets::BulletLook;
use super::colours::{background, colour_map, Fill};
use super::Canvas;
use crate::as_shown::Backdrop;
use crate::xml::{local_name, XmlReader};
use crate::ExtractError;

/// The look a paragraph level gives its runs: their fill and their size (hundredths of a point).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RunLook {
    pub(crate) fill: Option<Fill>,
    pub(crate) size: Option<u32>,
}

/// A list style (`a:lstStyle`, `p:titleStyle`, `p:defaultTextStyle`…): the run look of each
/// paragraph level (`a:lvl1pPr`…`a:lvl9pPr`, at 1…9) and of every level (`a:defPPr`, at 0).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ListStyle {
    levels: [RunLook; 10],
    /// Each level's bullet (see [`super::bullets`]).
    bullets: [BulletLook; 10],
}

impl ListStyle {
    /// Reads the list style whose start was the reader's last event, through its end.
    pub(crate) fn read(reader: &mut XmlReader<'_>) -> Result<ListStyle, ExtractError> {
        let mut style = ListStyle::default();
        let until = reader.depth() - 1;
        // The level being read, its depth, and the depth of its `a:defRPr`, while open.
        let mut level: Option<usize> = None;
        let mut level_depth = 0;
        let mut properties: Option<usize> = None;
        loop {
            let event = reader.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let opens = matches!(event, Event::Start(_));
                    // The depth the element has while open.
                    let depth = reader.depth() + usize::from(!opens);
                    let name = e.name();
                    let local = local_name(name.as_ref());
                    match local {
                        b"defPPr" => (level, level_depth) = (Some(0), depth),
                        _ if local.starts_with(b"lvl") && local.ends_with(b"pPr") => {
                            level = std::str::from_utf8(&local[3..local.len() - 3])
                                .ok()
                                .and_then(|n| n.parse::<usize>().ok())
                                .filter(|n| (1..=9).contains(n));
                            level_depth = depth;
                        }
                        _ if BulletLook::is_bullet(local) && depth == level_depth + 1 => {
                            if let Some(l) = level {
                                style.bullets[l].read(reader, e, local)?;
                            }
                        }
                        b"defRPr" => {
                            if let Some(l) = level {
                                let size = reader.attr(e, b"sz")?.and_then(|v| v.trim().parse::<u32>().ok());
                                style.levels[l].size = style.levels[l].size.or(size);
                                properties = opens.then_some(depth);
                            }
                        }
                        _ if Fill::is_fill(local) && properties.is_some_and(|d| d + 1 == depth) => {
                            let fill = Fill::read(reader, e, local, opens)?;
                            if let Some(l) = level {
                                style.levels[l].fill = Some(fill);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if reader.depth() == until {
                        return Ok(style);
                    }
                    let name = e.name();
                    let local = local_name(name.as_ref());
                    if properties == Some(reader.depth() + 1) {
                        properties = None;
                    }
                    if local == b"defPPr" || (local.starts_with(b"lvl") && local.ends_with(b"pPr")) {
                        level = None;
                    }
                }
                Event::Eof => return Ok(style),
                _ => {}
            }
        }
    }

    /// The fill of paragraph level `level` (0 is the first), if this style gives one.
    pub(crate) fn fill(&self, level: usize) -> Option<&Fill> {
        self.levels.get(level + 1).and_then(|l| l.fill.as_ref()).or(self.levels[0].fill.as_ref())
    }

    /// The bullet of paragraph level `level`, as far as this style gives it.
    pub(crate) fn bullet(&self, level: usize) -> BulletLook {
        self.bullets.get(level + 1).map_or_else(|| self.bullets[0].clone(), |b| b.or(&self.bullets[0]))
    }

    /// The size of paragraph level `level`, if this style gives one.
    pub(crate) fn size(&self, level: usize) -> Option<u32> {
        self.levels.get(level + 1).and_then(|l| l.size).or(self.levels[0].size)
    }
}

/// A placeholder as a shape names it (`p:ph`): its type, if written, and its index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PlaceholderRef {
    pub(crate) kind: Option<String>,
    pub(crate) idx: Option<u32>,
}

impl PlaceholderRef {
    /// The group of text styles a placeholder type takes its looks from: `title`, `body`, or
    /// the type itself for the dates, footers, slide numbers and headers.
    fn class(&self) -> &str {
        match self.kind.as_deref() {
            Some("title" | "ctrTitle") => "title",
            Some(kind @ ("dt" | "ftr" | "sldNum" | "hdr")) => kind,
            _ => "body",
        }
    }
}

/// A placeholder of a layout or master: the looks the placeholders standing for it inherit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Placeholder {
    at: PlaceholderRef,
    list: ListStyle,
    fill: Option<Fill>,
}

/// What a layout or master gives the slides made on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Template {
    /// Its background (`p:cSld/p:bg`), resolved on the slide shown.
    pub(crate) background: Option<Fill>,
    placeholders: Vec<Placeholder>,
    /// The master's text styles (`p:txStyles`): title, body, other.
    title: ListStyle,
    body: ListStyle,
    other: ListStyle,
    /// The master's colour map (`p:clrMap`) or a layout's or slide's override of it.
    pub(crate) colour_map: Option<HashMap<String, String>>,
}

/// A placeholder being read.
struct Open {
    depth: usize,
    placeholder: Option<Placeholder>,
    properties: Option<usize>,
}

impl Template {
    /// Reads what the layout, master or slide `part` gives: its background, placeholders, text
    /// styles and colour map.
    pub(crate) fn read(part: &str, xml: &[u8], max_depth: usize) -> Result<Template, ExtractError> {
        let mut template = Template { background: background(part, xml, max_depth)?, ..Template::default() };
        let mut reader = XmlReader::new(part, xml, max_depth);
        let mut shapes: Vec<Open> = Vec::new();
        loop {
            let event = reader.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let opens = matches!(event, Event::Start(_));
                    let depth = reader.depth() + usize::from(!opens);
                    let name = e.name();
                    let local = local_name(name.as_ref());
                    let shape = shapes.last_mut();
                    match local {
                        b"sp" if opens => shapes.push(Open { depth, placeholder: None, properties: None }),
                        b"ph" => {
                            if let Some(shape) = shape {
                                let kind = reader.attr(e, b"type")?.map(|k| k.trim().to_owned());
                                let idx = reader.attr(e, b"idx")?.and_then(|i| i.trim().parse().ok());
                                shape.placeholder =
                                    Some(Placeholder { at: PlaceholderRef { kind, idx }, ..Placeholder::default() });
                            }
                        }
                        b"spPr" if opens && shape.as_ref().is_some_and(|s| s.depth + 1 == depth) => {
                            if let Some(shape) = shape {
                                shape.properties = Some(depth);
                            }
                        }
                        _ if Fill::is_fill(local)
                            && shape.as_ref().is_some_and(|s| s.properties.is_some_and(|d| d + 1 == depth)) =>
                        {
                            let fill = Fill::read(&mut reader, e, local, opens)?;
                            if let Some(p) = shapes.last_mut().and_then(|s| s.placeholder.as_mut()) {
                                p.fill = Some(fill);
                            }
                        }
                        b"lstStyle" if opens && shape.as_ref().is_some_and(|s| s.depth + 2 == depth) => {
                            let list = ListStyle::read(&mut reader)?;
                            if let Some(p) = shapes.last_mut().and_then(|s| s.placeholder.as_mut()) {
                                p.list = list;
                            }
                        }
                        b"titleStyle" if opens => template.title = ListStyle::read(&mut reader)?,
                        b"bodyStyle" if opens => template.body = ListStyle::read(&mut reader)?,
                        b"otherStyle" if opens => template.other = ListStyle::read(&mut reader)?,
                        b"clrMap" | b"overrideClrMapping" => template.colour_map = Some(colour_map(&reader, e)?),
                        _ => {}
                    }
                }
                Event::End(_) => {
                    let depth = reader.depth() + 1;
                    if let Some(shape) = shapes.last_mut().filter(|s| s.properties == Some(depth)) {
                        shape.properties = None;
                    }
                    if shapes.last().is_some_and(|s| s.depth == depth) {
                        if let Some(p) = shapes.pop().and_then(|s| s.placeholder) {
                            template.placeholders.push(p);
                        }
                    }
                }
                Event::Eof => return Ok(template),
                _ => {}
            }
        }
    }

    /// The presentation's default text style (`p:defaultTextStyle` of `ppt/presentation.xml`).
    pub(crate) fn default_text_style(part: &str, xml: &[u8], max_depth: usize) -> Result<ListStyle, ExtractError> {
        let mut reader = XmlReader::new(part, xml, max_depth);
        loop {
            match reader.next()? {
                Event::Start(e) if local_name(e.name().as_ref()) == b"defaultTextStyle" => {
                    return ListStyle::read(&mut reader)
                }
                Event::Eof => return Ok(ListStyle::default()),
                _ => {}
            }
        }
    }

    /// The master's text style for placeholders of `class`.
    fn text_style(&self, class: &str) -> &ListStyle {
        match class {
            "title" => &self.title,
            "body" => &self.body,
            _ => &self.other,
        }
    }
}

impl Canvas {
    /// The placeholders a placeholder `at` stands for: on the layout (by index when it has one,
    /// else by type), on the master (by type).
    fn placeholders(&self, at: &PlaceholderRef) -> [Option<&Placeholder>; 2] {
        let on_layout = self.layout.as_ref().and_then(|layout| {
            layout.placeholders.iter().find(|p| match at.idx {
                Some(idx) => p.at.idx.unwrap_or(0) == idx,
                None => p.at.class() == at.class(),
            })
        });
        let class = on_layout.map_or(at.class(), |p| p.at.class());
        let on_master = self.master.as_ref().and_then(|m| m.placeholders.iter().find(|p| p.at.class() == class));
        [on_layout, on_master]
    }

    /// The run look a run of paragraph level `level` inherits past its own shape: through the
    /// placeholder `at` stands for (when it is one) and the master's text styles, then the
    /// presentation's default text style.
    pub(crate) fn inherited_run(&self, at: Option<&PlaceholderRef>, level: usize) -> RunLook {
        let mut styles: Vec<&ListStyle> = Vec::new();
        if let Some(at) = at {
            let [layout, master] = self.placeholders(at);
            let class = layout.map_or(at.class(), |p| p.at.class());
            styles.extend(layout.map(|p| &p.list));
            styles.extend(master.map(|p| &p.list));
            styles.extend(self.master.as_ref().map(|m| m.text_style(class)));
        }
        styles.extend(self.default_style.as_deref());
        RunLook {
            fill: styles.iter().find_map(|s| s.fill(level)).cloned(),
            size: styles.iter().find_map(|s| s.size(level)),
        }
    }

    /// The bullet a paragraph of level `level` inherits past its own shape, as
    /// [`Canvas::inherited_run`] finds its runs' looks.
    pub(crate) fn inherited_bullet(&self, at: Option<&PlaceholderRef>, level: usize) -> BulletLook {
        let mut look = BulletLook::default();
        if let Some(at) = at {
            let [layout, master] = self.placeholders(at);
            let class = layout.map_or(at.class(), |p| p.at.class());
            for style in
                [layout.map(|p| &p.list), master.map(|p| &p.list), self.master.as_ref().map(|m| m.text_style(class))]
                    .into_iter()
                    .flatten()
            {
                look = look.or(&style.bullet(level));
            }
        }
        if let Some(style) = self.default_style.as_deref() {
            look = look.or(&style.bullet(level));
        }
        look
    }

    /// The fill a placeholder without its own inherits, resolved on this canvas.
    pub(crate) fn inherited_fill(&self, at: &PlaceholderRef) -> Option<Backdrop> {
        self.placeholders(at).into_iter().flatten().find_map(|p| p.fill.as_ref()).map(|f| f.backdrop(&self.palette))
    }
}
