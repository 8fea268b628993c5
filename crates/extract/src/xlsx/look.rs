//! Whether a cell's text shows: the run's font, else the cell's font (`xl/styles.xml`
//! `fonts`, through the cell format `cellXfs/xf/@fontId`), against the cell's fill
//! (`fills/fill/patternFill` solid, its `fgColor`, through `@fillId`), else white.
//!
//! A colour is `rgb` (`AARRGGBB`), `theme` (0 is the light background colour, white in
//! every built-in theme, 1 the dark text colour, black), `indexed` (the legacy palette) or
//! `auto`; a grey's `tint` is computed. A tint on another colour, another theme slot or an
//! unknown index makes it unknown: text in it is
//! taken as shown, a fill in it as not a plain colour.

use quick_xml::events::BytesStart;

use crate::as_shown::{blends, AsShown, Backdrop, Ink, Rgb};
use crate::xml::XmlReader;
use crate::ExtractError;

/// The first 16 colours of the legacy palette (`indexed` 0–15; 8–15 repeat 0–7).
const PALETTE: [u32; 8] = [0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF];

/// The colour of a colour element (`color`, `fgColor`), `None` if it gives none.
pub(super) fn colour(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Option<Option<Rgb>>, ExtractError> {
    let tint = reader.attr(e, b"tint")?.and_then(|t| t.trim().parse::<f64>().ok()).unwrap_or(0.0);
    Ok(base_colour(reader, e)?.map(|c| c.and_then(|c| tinted(c, tint))))
}

/// A grey lightened (`tint` > 0) or darkened (< 0) as Excel does (on its lightness, which for a
/// grey is each channel); another colour with a tint is not computed.
fn tinted(colour: Rgb, tint: f64) -> Option<Rgb> {
    if tint == 0.0 {
        return Some(colour);
    }
    let [_, r, g, b] = colour.0.to_be_bytes();
    if r != g || g != b || !(-1.0..=1.0).contains(&tint) {
        return None;
    }
    let l = f64::from(r) / 255.0;
    let l = if tint < 0.0 { l * (1.0 + tint) } else { l * (1.0 - tint) + tint };
    let c = (l * 255.0).round().clamp(0.0, 255.0) as u32;
    Some(Rgb(c << 16 | c << 8 | c))
}

fn base_colour(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Option<Option<Rgb>>, ExtractError> {
    if reader.attr(e, b"auto")?.is_some_and(|a| matches!(a.trim(), "1" | "true")) {
        return Ok(Some(None));
    }
    if let Some(rgb) = reader.attr(e, b"rgb")? {
        let rgb = rgb.trim();
        let rgb = if rgb.len() == 8 { &rgb[2..] } else { rgb };
        return Ok(Some(Rgb::hex(rgb)));
    }
    if let Some(theme) = reader.attr(e, b"theme")? {
        return Ok(Some(match theme.trim() {
            "0" => Some(Rgb::WHITE),
            "1" => Some(Rgb(0)),
            _ => None,
        }));
    }
    if let Some(index) = reader.attr(e, b"indexed")?.and_then(|i| i.trim().parse::<usize>().ok()) {
        return Ok(Some((index < 16).then(|| Rgb(PALETTE[index % 8]))));
    }
    Ok(None)
}

/// A font's or run's look: whether it is at most 1pt high, whether it is hidden, and its colour;
/// each `None` where the font says nothing (the cell's font then applies: a run of its own
/// size shows in a cell whose font is too small to read).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Font {
    pub(super) tiny: Option<bool>,
    pub(super) hidden: Option<bool>,
    pub(super) ink: Option<Ink>,
}

impl Font {
    /// Takes what a font property (`color`, `sz`, `vanish`, a child of `font` or `rPr`) says.
    pub(super) fn read(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
    ) -> Result<(), ExtractError> {
        match local {
            b"color" => {
                if let Some(c) = colour(reader, e)? {
                    self.ink = Some(c.map_or(Ink::Auto, Ink::Colour));
                }
            }
            b"sz" => {
                if let Some(pt) = reader.attr(e, b"val")?.and_then(|v| v.trim().parse::<f32>().ok()) {
                    self.tiny = Some(pt <= 1.0);
                }
            }
            b"vanish" => self.hidden = Some(reader.attr(e, b"val")?.is_none_or(|v| !matches!(v.trim(), "0" | "false"))),
            _ => {}
        }
        Ok(())
    }
}

/// How a cell shows text: its font and its fill.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct CellLook {
    pub(super) font: Font,
    pub(super) fill: Option<Backdrop>,
}

/// A rich text's runs as stored: text and font.
pub(super) type Runs = Vec<(String, Font)>;

impl CellLook {
    /// Whether text in the cell's own font shows on its fill.
    pub(super) fn shows(&self) -> bool {
        !(self.font.tiny.unwrap_or(false) || self.font.hidden.unwrap_or(false) || blends(self.font.ink, [self.fill]))
    }
}

/// The text of the rich text `runs` that shows in a cell of look `cell`, run by run.
pub(super) fn shown_runs(runs: &Runs, cell: &CellLook) -> String {
    runs.iter().filter(|(_, font)| run_shows(font, cell)).map(|(text, _)| text.as_str()).collect()
}

fn run_shows(font: &Font, cell: &CellLook) -> bool {
    !(font.tiny.or(cell.font.tiny).unwrap_or(false)
        || font.hidden.or(cell.font.hidden).unwrap_or(false)
        || blends(font.ink.or(cell.font.ink), [cell.fill]))
}

/// The rich text `runs` as it shows in a cell of look `cell`, if text that does not show cuts it.
pub(super) fn shown_in(runs: &Runs, cell: &CellLook) -> Option<String> {
    let mut shown = AsShown::default();
    for (text, font) in runs {
        shown.push(text, run_shows(font, cell));
    }
    shown.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grey_is_tinted_other_colours_are_not() {
        assert_eq!(tinted(Rgb::WHITE, -0.05), Some(Rgb(0xF2F2F2)));
        assert_eq!(tinted(Rgb(0), 0.5), Some(Rgb(0x808080)));
        assert_eq!(tinted(Rgb(0xFF0000), 0.5), None);
        assert_eq!(tinted(Rgb(0xFF0000), 0.0), Some(Rgb(0xFF0000)));
    }
}
