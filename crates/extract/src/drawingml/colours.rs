//! DrawingML colours, as far as they decide whether text shows on what is behind it.
//!
//! A colour element (`a:srgbClr`, `a:sysClr`, `a:schemeClr`, `a:prstClr`) sits in a fill
//! (`a:solidFill`), a highlight, a background reference or a shape style reference. A scheme
//! colour names a slot of the theme (`a:clrScheme` of `ppt/theme/theme*.xml`) through the
//! master's colour map (`p:clrMap`: `bg1` is `lt1`, `tx1` is `dk1`…): [`Palette`] holds both.
//! A grey's luminance changes (`a:lumMod`, `a:lumOff`: `bg1` at 95% is F2F2F2) are computed;
//! a colour changed otherwise (`a:tint`, `a:shade`, a colour's luminance) counts as no known
//! colour (text in it is taken as shown, a backdrop in it as a mix).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::as_shown::{Backdrop, Rgb};
use crate::xml::{local_name, XmlReader};
use crate::ExtractError;

/// The colours that scheme names stand for in one slide, layout or master.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Palette {
    /// The theme's colours by slot (`dk1`, `lt1`, `accent1`…).
    theme: HashMap<String, Rgb>,
    /// The master's colour map (`bg1` → `lt1`…).
    map: HashMap<String, String>,
}

/// The attributes of a colour map (`p:clrMap`, `a:overrideClrMapping`): `bg1` → `lt1`…
pub(crate) fn colour_map(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<HashMap<String, String>, ExtractError> {
    let mut map = HashMap::new();
    for name in [
        "bg1", "tx1", "bg2", "tx2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink",
        "folHlink",
    ] {
        if let Some(slot) = reader.attr(e, name.as_bytes())? {
            map.insert(name.to_owned(), slot.trim().to_owned());
        }
    }
    Ok(map)
}

/// The slot names of a theme's colour scheme.
const SLOTS: [&str; 12] =
    ["dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink"];

impl Palette {
    /// The colours of a theme part (`a:theme`).
    pub(crate) fn read_theme(&mut self, part: &str, xml: &[u8], max_depth: usize) -> Result<(), ExtractError> {
        let mut reader = XmlReader::new(part, xml, max_depth);
        let mut slot: Option<String> = None;
        loop {
            match reader.next()? {
                Event::Start(e) => {
                    let name = e.name();
                    let local = local_name(name.as_ref());
                    if let Some(s) = SLOTS.iter().find(|s| s.as_bytes() == local) {
                        slot = Some((*s).to_owned());
                    } else if let (Some(s), Some(rgb)) = (&slot, literal(&reader, &e, local)?) {
                        self.theme.entry(s.clone()).or_insert(rgb);
                    }
                }
                Event::Empty(e) => {
                    let name = e.name();
                    if let (Some(s), Some(rgb)) = (&slot, literal(&reader, &e, local_name(name.as_ref()))?) {
                        self.theme.entry(s.clone()).or_insert(rgb);
                    }
                }
                Event::End(e) if SLOTS.iter().any(|s| s.as_bytes() == local_name(e.name().as_ref())) => slot = None,
                // The first colour scheme is the theme's; extra ones (`a:extraClrSchemeLst`) are not.
                Event::End(e) if local_name(e.name().as_ref()) == b"clrScheme" => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// These theme colours under another colour map (a layout's or slide's
    /// `p:clrMapOvr/a:overrideClrMapping`), which replaces the master's.
    pub(crate) fn with_map(&self, map: &HashMap<String, String>) -> Palette {
        Palette { theme: self.theme.clone(), map: map.clone() }
    }

    /// The colour a scheme name (`a:schemeClr/@val`) stands for, if known.
    pub(crate) fn scheme(&self, name: &str) -> Option<Rgb> {
        let default_slot = match name {
            "bg1" => "lt1",
            "tx1" => "dk1",
            "bg2" => "lt2",
            "tx2" => "dk2",
            other => other,
        };
        let slot = self.map.get(name).map_or(default_slot, String::as_str);
        self.theme.get(slot).copied()
    }

    /// The colour of the colour element `e` (named `local`), if it is one and is known.
    pub(crate) fn colour(
        &self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
    ) -> Result<Option<Rgb>, ExtractError> {
        if local == b"schemeClr" {
            return Ok(reader.attr(e, b"val")?.and_then(|v| self.scheme(v.trim())));
        }
        literal(reader, e, local)
    }
}

/// A colour after one of its transforms (`local`, a child of the colour element): the
/// luminance changes `a:lumMod` and `a:lumOff` of a grey (exact there: a grey's lightness is
/// each channel); `a:alpha` leaves it (see the run's own check); any other makes it unknown.
pub(crate) fn transformed(
    colour: Option<Rgb>,
    reader: &XmlReader<'_>,
    e: &BytesStart<'_>,
    local: &[u8],
) -> Result<Option<Rgb>, ExtractError> {
    if local == b"alpha" {
        return Ok(colour);
    }
    let amount = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<i64>().ok());
    Ok(match (colour, amount) {
        (Some(colour), Some(amount)) => luminance(colour, local, amount),
        _ => None,
    })
}

/// Whether `local` names a colour element.
pub(crate) fn is_colour(local: &[u8]) -> bool {
    matches!(local, b"srgbClr" | b"sysClr" | b"schemeClr" | b"prstClr" | b"scrgbClr" | b"hslClr")
}

/// The colour of a colour element that does not name a scheme slot.
fn literal(reader: &XmlReader<'_>, e: &BytesStart<'_>, local: &[u8]) -> Result<Option<Rgb>, ExtractError> {
    Ok(match local {
        b"srgbClr" => reader.attr(e, b"val")?.and_then(|v| Rgb::hex(&v)),
        b"sysClr" => reader.attr(e, b"lastClr")?.and_then(|v| Rgb::hex(&v)),
        b"prstClr" => match reader.attr(e, b"val")?.as_deref().map(str::trim) {
            Some("white") => Some(Rgb::WHITE),
            Some("black") => Some(Rgb(0)),
            _ => None,
        },
        _ => None,
    })
}

/// A colour as written (`a:schemeClr val="bg1"` with its luminance changes), resolved where
/// it is used: a master's text style and background name scheme colours that each slide
/// resolves through its own colour map (a layout or slide may override the master's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ColourSpec {
    base: Base,
    /// `a:lumMod`, `a:lumOff` with their amounts, in order.
    transforms: Vec<(Transform, i64)>,
    /// Fully transparent (`a:alpha val="0"`).
    pub(crate) transparent: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Base {
    Rgb(Rgb),
    Scheme(String),
    /// A colour not computed (a preset other than white or black, a transform other than a
    /// grey's luminance).
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transform {
    LumMod,
    LumOff,
}

impl ColourSpec {
    /// Reads the colour element `e`, named `local`; when it `opens`, its transforms up to its end.
    pub(crate) fn read(
        reader: &mut XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
        opens: bool,
    ) -> Result<ColourSpec, ExtractError> {
        let base = if local == b"schemeClr" {
            reader.attr(e, b"val")?.map_or(Base::Unknown, |v| Base::Scheme(v.trim().to_owned()))
        } else {
            literal(reader, e, local)?.map_or(Base::Unknown, Base::Rgb)
        };
        let mut spec = ColourSpec { base, transforms: Vec::new(), transparent: false };
        if !opens {
            return Ok(spec);
        }
        let until = reader.depth() - 1;
        loop {
            match reader.next()? {
                Event::Start(c) | Event::Empty(c) => {
                    let name = c.name();
                    let amount = reader.attr(&c, b"val")?.and_then(|v| v.trim().parse::<i64>().ok());
                    match (local_name(name.as_ref()), amount) {
                        (b"alpha", Some(0)) => spec.transparent = true,
                        (b"alpha", _) => {}
                        (b"lumMod", Some(a)) => spec.transforms.push((Transform::LumMod, a)),
                        (b"lumOff", Some(a)) => spec.transforms.push((Transform::LumOff, a)),
                        _ => spec.base = Base::Unknown,
                    }
                }
                Event::End(_) if reader.depth() == until => return Ok(spec),
                Event::Eof => return Ok(spec),
                _ => {}
            }
        }
    }

    /// The colour on a part whose scheme colours are `palette`'s, if known.
    pub(crate) fn resolve(&self, palette: &Palette) -> Option<Rgb> {
        let mut colour = match &self.base {
            Base::Rgb(rgb) => *rgb,
            Base::Scheme(name) => palette.scheme(name)?,
            Base::Unknown => return None,
        };
        for (transform, amount) in &self.transforms {
            let local: &[u8] = match transform {
                Transform::LumMod => b"lumMod",
                Transform::LumOff => b"lumOff",
            };
            colour = luminance(colour, local, *amount)?;
        }
        Some(colour)
    }
}

/// A grey's luminance changed by `a:lumMod` or `a:lumOff` (`local`) of `amount` (1/1000 %).
fn luminance(Rgb(rgb): Rgb, local: &[u8], amount: i64) -> Option<Rgb> {
    let [_, r, g, b] = rgb.to_be_bytes();
    if !(r == g && g == b) {
        return None;
    }
    let l = i64::from(r) * 100_000;
    let l = match local {
        b"lumMod" => l / 100_000 * amount,
        b"lumOff" => l + 255 * amount,
        _ => return None,
    };
    let c = (l / 100_000).clamp(0, 255) as u32;
    Some(Rgb(c << 16 | c << 8 | c))
}

/// What a fill element gives: none (`a:noFill`), a colour (`a:solidFill`), or a mix (a
/// gradient, a picture, a pattern, the group's fill).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fill {
    None,
    Solid(ColourSpec),
    Mixed,
}

impl Fill {
    /// Whether `local` names a fill element.
    pub(crate) fn is_fill(local: &[u8]) -> bool {
        matches!(local, b"noFill" | b"solidFill" | b"gradFill" | b"blipFill" | b"pattFill" | b"grpFill")
    }

    /// Reads the fill element `e`, named `local` (see [`Fill::is_fill`]), through its end.
    pub(crate) fn read(
        reader: &mut XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
        opens: bool,
    ) -> Result<Fill, ExtractError> {
        let _ = e;
        let mut fill = match local {
            b"noFill" => Fill::None,
            b"solidFill" => Fill::Solid(ColourSpec { base: Base::Unknown, transforms: Vec::new(), transparent: false }),
            _ => Fill::Mixed,
        };
        if !opens {
            return Ok(fill);
        }
        let until = reader.depth() - 1;
        loop {
            match reader.next()? {
                Event::Start(c) if matches!(fill, Fill::Solid(_)) && is_colour(local_name(c.name().as_ref())) => {
                    let name = c.name();
                    fill = Fill::Solid(ColourSpec::read(reader, &c, local_name(name.as_ref()), true)?);
                }
                Event::Empty(c) if matches!(fill, Fill::Solid(_)) && is_colour(local_name(c.name().as_ref())) => {
                    let name = c.name();
                    fill = Fill::Solid(ColourSpec::read(reader, &c, local_name(name.as_ref()), false)?);
                }
                Event::Start(_) => reader.skip()?,
                Event::End(_) if reader.depth() == until => return Ok(fill),
                Event::Eof => return Ok(fill),
                _ => {}
            }
        }
    }

    /// What lies behind text in this fill, on a part whose colours are `palette`'s.
    pub(crate) fn backdrop(&self, palette: &Palette) -> Backdrop {
        match self {
            Fill::None => Backdrop::Clear,
            Fill::Solid(spec) if spec.transparent => Backdrop::Clear,
            Fill::Solid(spec) => spec.resolve(palette).map_or(Backdrop::Mixed, Backdrop::Colour),
            Fill::Mixed => Backdrop::Mixed,
        }
    }
}

/// The background a slide, layout or master sets (`p:cSld/p:bg`), if it sets one: a solid fill
/// (`p:bgPr/a:solidFill`, or `p:bgRef` to the theme's first background fill with its colour),
/// else a mix (a gradient, a picture, another theme fill). Its colour is resolved on the slide
/// shown ([`Fill::backdrop`]), whose colour map may differ from the master's.
pub(crate) fn background(part: &str, xml: &[u8], max_depth: usize) -> Result<Option<Fill>, ExtractError> {
    let mut reader = XmlReader::new(part, xml, max_depth);
    let mut found: Option<Fill> = None;
    loop {
        let event = reader.next()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                let local = local_name(name.as_ref());
                let opens = matches!(event, Event::Start(_));
                match local {
                    b"bg" => found = Some(Fill::Mixed),
                    b"solidFill" if found.is_some() => found = Some(Fill::read(&mut reader, e, local, opens)?),
                    // 1001 is the first background fill of the theme, solid in its colour.
                    b"bgRef" if found.is_some() && opens => {
                        let idx = reader.attr(e, b"idx")?.and_then(|i| i.trim().parse::<u32>().ok());
                        if idx == Some(1001) {
                            found = Some(Fill::read(&mut reader, e, b"solidFill", true)?);
                        }
                    }
                    b"spTree" => return Ok(found),
                    _ => {}
                }
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}
