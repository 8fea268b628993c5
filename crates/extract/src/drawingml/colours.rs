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

    /// The colour map of a master (`p:clrMap`, its attributes).
    pub(crate) fn read_map(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        for name in [
            "bg1", "tx1", "bg2", "tx2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink",
            "folHlink",
        ] {
            if let Some(slot) = reader.attr(e, name.as_bytes())? {
                self.map.insert(name.to_owned(), slot.trim().to_owned());
            }
        }
        Ok(())
    }

    /// The colour a scheme name (`a:schemeClr/@val`) stands for, if known.
    fn scheme(&self, name: &str) -> Option<Rgb> {
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
    let Some(Rgb(rgb)) = colour else { return Ok(None) };
    let [_, r, g, b] = rgb.to_be_bytes();
    let amount = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(amount), true) = (amount, r == g && g == b) else { return Ok(None) };
    let l = i64::from(r) * 100_000;
    let l = match local {
        b"lumMod" => l / 100_000 * amount,
        b"lumOff" => l + 255 * amount,
        _ => return Ok(None),
    };
    let c = (l / 100_000).clamp(0, 255) as u32;
    Ok(Some(Rgb(c << 16 | c << 8 | c)))
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

/// The background a slide, layout or master sets (`p:cSld/p:bg`), if it sets one: a solid fill
/// (`p:bgPr/a:solidFill`, or `p:bgRef` to the theme's first background fill with its colour),
/// else a mix (a gradient, a picture, another theme fill).
pub(crate) fn background(
    part: &str,
    xml: &[u8],
    max_depth: usize,
    palette: &Palette,
) -> Result<Option<Backdrop>, ExtractError> {
    let mut reader = XmlReader::new(part, xml, max_depth);
    let mut found: Option<Backdrop> = None;
    // The depth of the element whose child colour is the background's.
    let mut colour_at: Option<usize> = None;
    loop {
        let event = reader.next()?;
        let depth = reader.depth();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                let local = local_name(name.as_ref());
                let opens = matches!(event, Event::Start(_));
                match local {
                    b"bg" => found = Some(Backdrop::Mixed),
                    b"solidFill" if found.is_some() && opens => colour_at = Some(depth),
                    b"bgRef" if found.is_some() => {
                        let idx = reader.attr(e, b"idx")?.and_then(|i| i.trim().parse::<u32>().ok());
                        // 1001 is the first background fill of the theme, solid in its colour.
                        if idx == Some(1001) && opens {
                            colour_at = Some(depth);
                        }
                    }
                    _ if is_colour(local) && colour_at.is_some_and(|d| d + usize::from(opens) == depth) => {
                        found = Some(palette.colour(&reader, e, local)?.map_or(Backdrop::Mixed, Backdrop::Colour));
                        colour_at = None;
                        if opens {
                            // Its transforms.
                            let mut colour = palette.colour(&reader, e, local)?;
                            let until = depth - 1;
                            loop {
                                match reader.next()? {
                                    Event::Start(c) | Event::Empty(c) => {
                                        let name = c.name();
                                        colour = transformed(colour, &reader, &c, local_name(name.as_ref()))?;
                                        found = Some(colour.map_or(Backdrop::Mixed, Backdrop::Colour));
                                    }
                                    Event::End(_) if reader.depth() == until => break,
                                    Event::Eof => return Ok(found),
                                    _ => {}
                                }
                            }
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
