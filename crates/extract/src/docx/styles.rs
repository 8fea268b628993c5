//! Whether a run shows, as Word decides it from the run's own formatting and the styles it
//! inherits.
//!
//! A run's look is built up in layers (ECMA-376 Part 1, 17.7.2): the document defaults
//! (`w:docDefaults/w:rPrDefault`), then, in a table, the table's style (`w:tblPr/w:tblStyle`,
//! else the default table style; its run properties and cell shading), then the paragraph's style (`w:pPr/w:pStyle`, else the default
//! paragraph style), then the run's character style (`w:rPr/w:rStyle`, else the default
//! character style), then the run's own properties. Each style inherits from the style it is
//! based on (`w:basedOn`), nearest first. A later layer overrides an earlier one, except for
//! `w:vanish`, a toggle property (17.7.3): in a style it flips the value it inherits (hidden in
//! the paragraph style and hidden again in the character style shows), and only the run's own
//! `w:vanish` sets it outright. So a character style that hides `公开` in `机` `公开` `密★1年`
//! makes the page show `机密★1年`, as hidden direct formatting does.
//!
//! A run does not show when it is hidden, at most 1pt high (`w:sz` ≤ 2 half-points), at most 1pt
//! wide (its size times its character scale `w:w`: `w:w="1"` draws 11pt text 0.11pt wide), raised
//! or lowered (`w:position`) by at least the height of the document's tallest page (drawn off the
//! page from any line), or when its colour is the colour behind it: its highlight, else its
//! shading, else its paragraph's shading, else its table cell's, else the page colour
//! (`w:background`), else white. `auto` colour is always readable (Word picks black or white
//! against what is behind).
//!
//! Some run properties look as if they hid text and do not: `w:webHidden` hides the run only in
//! Web Layout (17.3.2.44), and the page a reader prints or reads in Print Layout shows it;
//! `w:specVanish` is meant for a paragraph mark (a style separator, 17.3.2.36) and whether Word
//! hides a text run by it alone is not established: an uncertain property never makes text unseen
//! (a false unseen joins text a reader sees apart); character spacing (`w:spacing`), however negative,
//! draws every glyph, over each other and over the text after them: ink a reader sees, not a
//! gap. These runs show.
//!
//! A table style's conditional formatting (`w:tblStylePr`: its header row, banded rows…) is not
//! applied.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::as_shown::{blends, Rgb};
pub(super) use crate::as_shown::{Backdrop, Ink};
use crate::ooxml;
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ExtractError, Limits};

/// How far `w:basedOn` is followed: Word's own styles go a few levels; a loop ends here.
const MAX_BASED_ON: usize = 32;

/// The font size when neither the run, its styles nor the defaults give one: 10pt (17.3.2.38).
const DEFAULT_HALF_POINTS: u32 = 20;

/// The tallest page Word lays out, 22 inches in twips: the page height when no section gives one.
pub(super) const TALLEST_PAGE: u32 = 22 * 1440;

/// The properties of one layer (a style, the defaults, a run) that decide whether text shows;
/// `None` where the layer says nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Look {
    pub(super) vanish: Option<bool>,
    pub(super) ink: Option<Ink>,
    pub(super) half_points: Option<u32>,
    pub(super) shading: Option<Backdrop>,
    pub(super) highlight: Option<Backdrop>,
    /// The character scale (`w:w`), in percent of the normal width (1–600).
    pub(super) scale: Option<u32>,
    /// How far the text is raised (lowered when negative) off its line (`w:position`), in
    /// half-points.
    pub(super) raise: Option<i32>,
}

impl Look {
    /// This layer over `base`: what this one says, else what `base` says (`w:vanish` too: the
    /// toggle is applied by [`Styles::run_shows`]).
    fn over(self, base: Look) -> Look {
        Look {
            vanish: self.vanish.or(base.vanish),
            ink: self.ink.or(base.ink),
            half_points: self.half_points.or(base.half_points),
            shading: self.shading.or(base.shading),
            highlight: self.highlight.or(base.highlight),
            scale: self.scale.or(base.scale),
            raise: self.raise.or(base.raise),
        }
    }

    /// Takes what the run property `e` (a child of `w:rPr`, named `local`) says about showing.
    pub(super) fn read(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
    ) -> Result<(), ExtractError> {
        match local {
            b"vanish" => {
                let value = reader.attr(e, b"val")?;
                self.vanish = Some(!value.is_some_and(|v| matches!(v.trim(), "0" | "false" | "off")));
            }
            b"color" => {
                if let Some(v) = reader.attr(e, b"val")? {
                    self.ink = Some(Rgb::hex(&v).map_or(Ink::Auto, Ink::Colour));
                }
            }
            b"sz" => {
                if let Some(size) = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()) {
                    self.half_points = Some(size);
                }
            }
            b"shd" => self.shading = Some(shading(reader, e)?),
            // Outside 1–600 the scale is not one Word draws: left unknown.
            b"w" => {
                if let Some(scale) = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<u32>().ok()) {
                    self.scale = (1..=600).contains(&scale).then_some(scale);
                }
            }
            b"position" => {
                if let Some(raise) = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<i32>().ok()) {
                    self.raise = Some(raise);
                }
            }
            b"highlight" => {
                if let Some(v) = reader.attr(e, b"val")? {
                    self.highlight = Some(highlight(v.trim()));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// What a `w:shd` puts behind text: its fill (`w:fill`) when the pattern is clear, its pattern
/// colour (`w:color`) when the pattern is solid, else a mix of the two.
pub(super) fn shading(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Backdrop, ExtractError> {
    let pattern = reader.attr(e, b"val")?;
    let colour = |v: Option<std::borrow::Cow<'_, str>>| match v {
        None => Backdrop::Clear,
        Some(v) if v.trim().eq_ignore_ascii_case("auto") => Backdrop::Clear,
        Some(v) => Rgb::hex(&v).map_or(Backdrop::Mixed, Backdrop::Colour),
    };
    Ok(match pattern.as_deref().map(str::trim) {
        None | Some("clear" | "nil") => colour(reader.attr(e, b"fill")?),
        Some("solid") => match colour(reader.attr(e, b"color")?) {
            // An automatic pattern colour on a solid pattern is black.
            Backdrop::Clear => Backdrop::Colour(Rgb(0)),
            other => other,
        },
        Some(_) => Backdrop::Mixed,
    })
}

/// A highlight's colour (`w:highlight/@w:val`, one of sixteen names).
fn highlight(name: &str) -> Backdrop {
    let rgb = match name {
        "none" => return Backdrop::Clear,
        "black" => 0x000000,
        "blue" => 0x0000FF,
        "cyan" => 0x00FFFF,
        "green" => 0x00FF00,
        "magenta" => 0xFF00FF,
        "red" => 0xFF0000,
        "yellow" => 0xFFFF00,
        "white" => 0xFFFFFF,
        "darkBlue" => 0x000080,
        "darkCyan" => 0x008080,
        "darkGreen" => 0x008000,
        "darkMagenta" => 0x800080,
        "darkRed" => 0x800000,
        "darkYellow" => 0x808000,
        "darkGray" => 0x808080,
        "lightGray" => 0xC0C0C0,
        _ => return Backdrop::Mixed,
    };
    Backdrop::Colour(Rgb(rgb))
}

/// One style of `styles.xml`.
#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    /// Its run properties (`w:style/w:rPr`).
    run: Look,
    /// Its paragraph shading (`w:style/w:pPr/w:shd`).
    paragraph_shading: Option<Backdrop>,
    /// A table style's cell shading (`w:style/w:tcPr/w:shd`).
    cell_shading: Option<Backdrop>,
}

/// A style with its `w:basedOn` chain folded in.
#[derive(Clone, Copy, Debug, Default)]
struct Resolved {
    /// The run properties, nearest first, `w:vanish` included as the chain's nearest value.
    run: Look,
    paragraph_shading: Option<Backdrop>,
    cell_shading: Option<Backdrop>,
}

/// The styles of a document, resolved, and what the page shows behind text.
#[derive(Debug, Default)]
pub(super) struct Styles {
    defaults: Look,
    paragraph: HashMap<String, Resolved>,
    character: HashMap<String, Resolved>,
    table: HashMap<String, Resolved>,
    default_paragraph: Option<Resolved>,
    default_character: Option<Resolved>,
    default_table: Option<Resolved>,
}

/// Where a run sits: its table's style (`None` outside tables), its paragraph's style and
/// shading, its table cell's shading, the page.
#[derive(Clone, Copy, Debug)]
pub(super) struct Setting<'a> {
    pub(super) table_style: Option<Option<&'a str>>,
    pub(super) paragraph_style: Option<&'a str>,
    pub(super) paragraph_shading: Option<Backdrop>,
    pub(super) cell_shading: Option<Backdrop>,
    /// The fill of the shape whose text box holds the run (`None` outside shapes).
    pub(super) shape: Option<Backdrop>,
    pub(super) page: Option<Rgb>,
    /// The height of the tallest page of the document (`w:sectPr/w:pgSz/@w:h`), in twips.
    pub(super) page_height: Option<u32>,
}

impl Styles {
    /// The styles part the main document's relationships name (else `word/styles.xml`), if
    /// the package has one.
    pub(super) fn load(
        archive: &mut Archive<'_>,
        declared: Option<&str>,
        limits: &Limits,
    ) -> Result<Styles, ExtractError> {
        let Some(name) = declared.and_then(|d| archive.find(d)).or_else(|| archive.find("word/styles.xml")) else {
            return Ok(Styles::default());
        };
        let name = name.to_owned();
        let xml = ooxml::read_xml(archive, &name)?;
        Styles::parse(&name, &xml, limits)
    }

    fn parse(part: &str, xml: &[u8], limits: &Limits) -> Result<Styles, ExtractError> {
        let mut reader = XmlReader::bounded(part, xml, limits);
        // (type, id, default?, style)
        let mut styles: Vec<(Kind, String, bool, Style)> = Vec::new();
        let mut defaults = Look::default();
        // Where the reader is: in a style (its index), in the defaults' run properties, in a
        // style's run or paragraph properties.
        let mut current: Option<usize> = None;
        let (mut in_defaults, mut in_run, mut in_paragraph, mut in_cell) = (false, false, false, false);
        loop {
            match reader.next()? {
                // The formatting before a change is not the style's now.
                Event::Start(e) if is_change(local_name(e.name().as_ref())) => reader.skip()?,
                // A table style's formatting of some rows, columns or cells (the header row…):
                // which cells it reaches is not worked out.
                Event::Start(e) if local_name(e.name().as_ref()) == b"tblStylePr" => reader.skip()?,
                Event::Empty(e) if is_change(local_name(e.name().as_ref())) => {}
                Event::Start(e) => match local_name(e.name().as_ref()) {
                    b"style" => {
                        let kind = match reader.attr(&e, b"type")?.as_deref().map(str::trim) {
                            Some("character") => Kind::Character,
                            Some("paragraph") | None => Kind::Paragraph,
                            Some("table") => Kind::Table,
                            Some(_) => Kind::Other,
                        };
                        let id = reader.attr(&e, b"styleId")?.map(|s| s.trim().to_owned()).unwrap_or_default();
                        let default =
                            reader.attr(&e, b"default")?.is_some_and(|d| matches!(d.trim(), "1" | "true" | "on"));
                        styles.push((kind, id, default, Style::default()));
                        current = Some(styles.len() - 1);
                    }
                    b"rPrDefault" => in_defaults = true,
                    b"rPr" => in_run = true,
                    b"pPr" => in_paragraph = true,
                    b"tcPr" => in_cell = true,
                    local => take(
                        &reader,
                        &e,
                        local,
                        current,
                        &mut styles,
                        &mut defaults,
                        (in_defaults, in_run, in_paragraph, in_cell),
                    )?,
                },
                Event::Empty(e) => {
                    let name = e.name();
                    take(
                        &reader,
                        &e,
                        local_name(name.as_ref()),
                        current,
                        &mut styles,
                        &mut defaults,
                        (in_defaults, in_run, in_paragraph, in_cell),
                    )?;
                }
                Event::End(e) => match local_name(e.name().as_ref()) {
                    b"style" => current = None,
                    b"rPrDefault" => in_defaults = false,
                    b"rPr" => in_run = false,
                    b"pPr" => in_paragraph = false,
                    b"tcPr" => in_cell = false,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        let mut out = Styles { defaults, ..Styles::default() };
        for kind in [Kind::Paragraph, Kind::Character, Kind::Table] {
            let own: HashMap<&str, &Style> =
                styles.iter().filter(|s| s.0 == kind).map(|(_, id, _, style)| (id.as_str(), style)).collect();
            for (k, id, default, _) in &styles {
                if *k != kind {
                    continue;
                }
                let resolved = resolve(&own, id);
                let (table, slot) = match kind {
                    Kind::Paragraph => (&mut out.paragraph, &mut out.default_paragraph),
                    Kind::Character => (&mut out.character, &mut out.default_character),
                    _ => (&mut out.table, &mut out.default_table),
                };
                table.insert(id.clone(), resolved);
                if *default {
                    slot.get_or_insert(resolved);
                }
            }
        }
        Ok(out)
    }

    /// Whether a run shows: its own properties `direct` and character style `run_style`, in
    /// `setting` (see the module documentation).
    pub(super) fn run_shows(&self, direct: &Look, run_style: Option<&str>, setting: &Setting<'_>) -> bool {
        let paragraph = setting
            .paragraph_style
            .and_then(|id| self.paragraph.get(id))
            .or(self.default_paragraph.as_ref())
            .copied()
            .unwrap_or_default();
        let character = run_style
            .and_then(|id| self.character.get(id))
            .or(self.default_character.as_ref())
            .copied()
            .unwrap_or_default();
        // In a table: its style, else the default table style.
        let table = setting
            .table_style
            .and_then(|id| id.and_then(|id| self.table.get(id)).or(self.default_table.as_ref()))
            .copied()
            .unwrap_or_default();
        let look = direct.over(character.run.over(paragraph.run.over(table.run.over(self.defaults))));
        let hidden = direct.vanish.unwrap_or_else(|| {
            self.defaults.vanish.unwrap_or(false)
                ^ table.run.vanish.unwrap_or(false)
                ^ paragraph.run.vanish.unwrap_or(false)
                ^ character.run.vanish.unwrap_or(false)
        });
        if hidden || look.half_points.is_some_and(|h| h <= 2) {
            return false;
        }
        // Squeezed to at most 1pt wide a character is a hairline, as 1pt high text is a dot.
        let size = look.half_points.unwrap_or(DEFAULT_HALF_POINTS);
        if look.scale.is_some_and(|scale| u64::from(size) * u64::from(scale) <= 200) {
            return false;
        }
        // Raised or lowered by the page's height or more, it is drawn off the page wherever its
        // line is.
        let page = setting.page_height.unwrap_or(TALLEST_PAGE);
        if look.raise.is_some_and(|raise| u64::from(raise.unsigned_abs()) * 10 >= u64::from(page)) {
            return false;
        }
        let behind = [
            look.highlight,
            look.shading,
            setting.paragraph_shading.or(paragraph.paragraph_shading),
            setting.shape,
            setting.cell_shading.or(table.cell_shading),
            setting.page.map(Backdrop::Colour),
        ];
        !blends(look.ink, behind)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Character,
    Table,
    Other,
}

/// A property read in `styles.xml`, to the layer the reader is in.
fn take(
    reader: &XmlReader<'_>,
    e: &BytesStart<'_>,
    local: &[u8],
    current: Option<usize>,
    styles: &mut [(Kind, String, bool, Style)],
    defaults: &mut Look,
    (in_defaults, in_run, in_paragraph, in_cell): (bool, bool, bool, bool),
) -> Result<(), ExtractError> {
    if in_defaults && in_run {
        return defaults.read(reader, e, local);
    }
    let Some(style) = current.and_then(|i| styles.get_mut(i)).map(|s| &mut s.3) else { return Ok(()) };
    if in_run {
        style.run.read(reader, e, local)?;
    } else if in_paragraph {
        if local == b"shd" {
            style.paragraph_shading = Some(shading(reader, e)?);
        }
    } else if in_cell {
        if local == b"shd" {
            style.cell_shading = Some(shading(reader, e)?);
        }
    } else if local == b"basedOn" {
        style.based_on = reader.attr(e, b"val")?.map(|v| v.trim().to_owned());
    }
    Ok(())
}

/// The style `id` with the styles it is based on folded in, nearest first, at most
/// [`MAX_BASED_ON`] deep (a loop stops there).
fn resolve(styles: &HashMap<&str, &Style>, id: &str) -> Resolved {
    let mut resolved = Resolved::default();
    let mut next = Some(id);
    for _ in 0..MAX_BASED_ON {
        let Some(style) = next.and_then(|id| styles.get(id)) else { break };
        resolved.run = resolved.run.over(style.run);
        resolved.paragraph_shading = resolved.paragraph_shading.or(style.paragraph_shading);
        resolved.cell_shading = resolved.cell_shading.or(style.cell_shading);
        next = style.based_on.as_deref();
    }
    resolved
}

/// Whether an element inside properties records them before a change (`w:rPrChange`…).
fn is_change(local: &[u8]) -> bool {
    local.ends_with(b"Change")
}
