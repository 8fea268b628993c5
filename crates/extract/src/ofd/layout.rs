//! From placed text runs to printed lines, for the OFD reader.
//!
//! A text object (`TextObject`) places its runs (`TextCode`) at `X`, `Y` in its own frame: the
//! `Boundary` origin plus the object's `CTM`. [`TextObject::place`] puts a run on the page;
//! [`page_text`] groups runs into lines by baseline (within half the font size), orders each
//! line left to right, and splits off the page header and footer (the top and bottom 8% of the
//! page). Rotated runs (vertical writing, a diagonal watermark) are kept apart, one line each.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

use crate::xml::XmlReader;
use crate::ExtractError;

/// Share of the page height at the top and the bottom taken as page header and footer.
const MARGIN_SHARE: f64 = 0.08;

/// The page box when neither the page nor the document gives one (A4, millimetres).
pub(super) const A4: [f64; 4] = [0.0, 0.0, 210.0, 297.0];

/// A run of text placed on a page.
#[derive(Clone)]
pub(super) struct Run {
    pub(super) x: f64,
    pub(super) y: f64,
    /// Font size on the page.
    pub(super) size: f64,
    /// Where the run ends along the baseline (estimated when no `DeltaX` says).
    pub(super) end: f64,
    pub(super) text: String,
    /// Whether the run is upright (not rotated, not vertical writing).
    pub(super) upright: bool,
    /// The text object's font (`Font`, the ID of a font resource).
    pub(super) font: Option<String>,
    /// Where the run starts among the characters of its text object (all its `TextCode`s).
    pub(super) start: usize,
    /// The object's glyph transforms that start in this run: the first character (in the run),
    /// the characters, and the glyphs that draw them.
    pub(super) glyphs: Vec<(usize, usize, Vec<u16>)>,
    /// Drawn so that nobody sees it (see [`TextObject::unseen`]).
    pub(super) unseen: bool,
}

/// A glyph transform (`CGTransform`, GB/T 33190 §11.4): the characters `position..position +
/// count` of a text object (its `TextCode`s one after another) are drawn by `glyphs` of the
/// object's font instead of the glyphs the font's `cmap` gives them.
pub(super) struct GlyphTransform {
    pub(super) position: usize,
    pub(super) count: usize,
    pub(super) glyphs: Vec<u16>,
}

/// Most glyph ids read from one text object's transforms.
const MAX_OBJECT_GLYPHS: usize = 100_000;

/// A text object being read: where its frame is, and the position of its last run.
pub(super) struct TextObject {
    /// Boundary origin (x, y).
    origin: (f64, f64),
    /// CTM `[a b c d e f]`.
    ctm: [f64; 6],
    size: f64,
    /// The last X, Y given (a `TextCode` may omit them and continue the previous run).
    last: (f64, f64),
    font: Option<String>,
    /// Characters of the object's runs so far.
    chars: usize,
    transforms: Vec<GlyphTransform>,
    /// Glyph ids in `transforms`.
    glyph_count: usize,
    /// Whether the object draws its text so that nobody sees it: `Visible="false"`, neither
    /// filled nor stroked (`Fill="false"`), fully transparent (`Alpha="0"`, or a fill colour's),
    /// or filled white (`FillColor Value="255 255 255"`) and not stroked.
    hidden: bool,
    unfilled: bool,
    stroked: bool,
    white: bool,
}

/// A font size under which text cannot be read (millimetres: about 1pt).
const TINY: f64 = 0.36;

impl TextObject {
    pub(super) fn from_element(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Self, ExtractError> {
        let boundary = reader.attr(e, b"Boundary")?.and_then(|b| parse_box(&b)).unwrap_or_default();
        let ctm = reader.attr(e, b"CTM")?.and_then(|c| numbers::<6>(&c)).unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let size = reader
            .attr(e, b"Size")?
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(3.5);
        let font = reader.attr(e, b"Font")?.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
        let flag = |v: Option<Cow<'_, str>>, default: bool| v.map_or(default, |v| v.trim() != "false");
        let alpha = reader.attr(e, b"Alpha")?.and_then(|a| a.trim().parse::<f64>().ok());
        let hidden = !flag(reader.attr(e, b"Visible")?, true) || alpha.is_some_and(|a| a <= 0.0);
        let unfilled = !flag(reader.attr(e, b"Fill")?, true);
        let stroked = flag(reader.attr(e, b"Stroke")?, false);
        Ok(TextObject {
            origin: (boundary[0], boundary[1]),
            ctm,
            size,
            last: (0.0, 0.0),
            font,
            chars: 0,
            transforms: Vec::new(),
            glyph_count: 0,
            hidden,
            unfilled,
            stroked,
            white: false,
        })
    }

    /// The object's fill colour (`FillColor`): white (`255 255 255`, in the default RGB space)
    /// or fully transparent (`Alpha="0"`) text does not show.
    pub(super) fn fill_color(&mut self, reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<(), ExtractError> {
        let value = reader.attr(e, b"Value")?.and_then(|v| numbers::<3>(&v));
        let alpha = reader.attr(e, b"Alpha")?.and_then(|a| a.trim().parse::<f64>().ok());
        self.white =
            value.is_some_and(|rgb| rgb.iter().all(|&c| c >= 254.0)) && reader.attr(e, b"ColorSpace")?.is_none();
        if alpha.is_some_and(|a| a <= 0.0) {
            self.unfilled = true;
        }
        Ok(())
    }

    /// Whether the object's text does not show (see the fields).
    fn unseen(&self) -> bool {
        self.hidden || ((self.unfilled || self.white) && !self.stroked)
    }

    /// A `CGTransform` of the object (`CodePosition`, `CodeCount`, `GlyphCount` read from `e`)
    /// with the glyph ids `glyphs` (the text of its `Glyphs`). Glyphs past `GlyphCount` are not
    /// drawn; ids that are not numbers are left out.
    pub(super) fn add_transform(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        glyphs: &str,
    ) -> Result<(), ExtractError> {
        let int = |v: Option<Cow<'_, str>>| v.and_then(|v| v.trim().parse::<usize>().ok());
        let Some(position) = int(reader.attr(e, b"CodePosition")?) else { return Ok(()) };
        let count = int(reader.attr(e, b"CodeCount")?).unwrap_or(1);
        let glyph_count = int(reader.attr(e, b"GlyphCount")?).unwrap_or(1);
        let room = MAX_OBJECT_GLYPHS.saturating_sub(self.glyph_count);
        let glyphs: Vec<u16> =
            glyphs.split_ascii_whitespace().filter_map(|g| g.parse().ok()).take(glyph_count.min(room)).collect();
        if !glyphs.is_empty() && count > 0 {
            self.glyph_count += glyphs.len();
            self.transforms.push(GlyphTransform { position, count, glyphs });
        }
        Ok(())
    }

    /// The object ends: its font and glyph transforms go to its runs, `runs` (those placed
    /// since it began).
    pub(super) fn finish(self, runs: &mut [Run]) {
        let unseen = self.unseen();
        for run in runs.iter_mut() {
            run.font.clone_from(&self.font);
            run.unseen = unseen || run.size <= TINY;
        }
        for t in self.transforms {
            let found =
                runs.iter_mut().find(|r| t.position >= r.start && t.position < r.start + r.text.chars().count());
            if let Some(run) = found {
                let first = t.position - run.start;
                let count = t.count.min(run.text.chars().count() - first);
                run.glyphs.push((first, count, t.glyphs));
            }
        }
    }

    /// A `TextCode` starts: its position (as given, or continuing the last), and an empty text.
    pub(super) fn start_code(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
    ) -> Result<(f64, f64, String), ExtractError> {
        let num = |v: Option<Cow<'_, str>>| v.and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
        let x = num(reader.attr(e, b"X")?).unwrap_or(self.last.0);
        let y = num(reader.attr(e, b"Y")?).unwrap_or(self.last.1);
        let advance = reader.attr(e, b"DeltaX")?.map(|d| delta_sum(&d)).unwrap_or(0.0);
        self.last = (x + advance, y);
        Ok((x, y, String::new()))
    }

    /// Places a run given in the object's frame onto the page; a run of white space only is
    /// counted among the object's characters and dropped.
    pub(super) fn place(&mut self, x: f64, y: f64, text: String) -> Option<Run> {
        let start = self.chars;
        self.chars += text.chars().count();
        if text.trim().is_empty() {
            return None;
        }
        let [a, b, c, d, e, f] = self.ctm;
        let px = self.origin.0 + a * x + c * y + e;
        let py = self.origin.1 + b * x + d * y + f;
        let scale = (a * d - b * c).abs().sqrt();
        let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
        let size = self.size * scale;
        let upright = b.abs() < 1e-6 && c.abs() < 1e-6 && a > 0.0 && d > 0.0;
        let width: f64 = text.chars().map(|ch| if ch.is_ascii() { 0.5 } else { 1.0 }).sum::<f64>() * size;
        Some(Run {
            x: px,
            y: py,
            size,
            end: px + width,
            text,
            upright,
            font: None,
            start,
            glyphs: Vec::new(),
            unseen: false,
        })
    }
}

/// The sum of a `DeltaX` list, with the `g N d` (N times d) shorthand.
pub(super) fn delta_sum(s: &str) -> f64 {
    let mut total = 0.0;
    let mut parts = s.split_ascii_whitespace();
    while let Some(p) = parts.next() {
        if p == "g" {
            let n: f64 = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0.0);
            let d: f64 = parts.next().and_then(|d| d.parse().ok()).unwrap_or(0.0);
            total += n.min(100_000.0) * d;
        } else if let Ok(d) = p.parse::<f64>() {
            total += d;
        }
    }
    if total.is_finite() {
        total
    } else {
        0.0
    }
}

/// `N` numbers separated by spaces (or commas).
pub(super) fn numbers<const N: usize>(s: &str) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    let mut it = s.split(|c: char| c.is_ascii_whitespace() || c == ',').filter(|p| !p.is_empty());
    for slot in out.iter_mut() {
        *slot = it.next()?.parse::<f64>().ok().filter(|v| v.is_finite())?;
    }
    Some(out)
}

/// A box `x y w h`.
pub(super) fn parse_box(s: &str) -> Option<[f64; 4]> {
    numbers::<4>(s)
}

/// A page's text by region.
#[derive(Default, Debug, PartialEq)]
pub(super) struct PageText {
    pub(super) header: String,
    pub(super) body: String,
    pub(super) footer: String,
}

impl PageText {
    /// Header, body and footer.
    pub(super) fn regions(&self) -> [&str; 3] {
        [&self.header, &self.body, &self.footer]
    }
}

/// Whether `c` is CJK (ideographs, kana, hangul, CJK and full-width punctuation).
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Builds the printed lines of a page from its runs (see the module documentation).
pub(super) fn page_text(runs: &[Run], page_box: [f64; 4]) -> PageText {
    let mut upright: Vec<&Run> = runs.iter().filter(|r| r.upright).collect();
    upright.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Lines: runs whose baselines are within half a font size of the line's first baseline.
    let mut lines: Vec<(f64, Vec<&Run>)> = Vec::new();
    for run in upright {
        match lines.last_mut() {
            Some((y, members)) if (run.y - *y).abs() <= run.size.max(members[0].size) * 0.5 => members.push(run),
            _ => lines.push((run.y, vec![run])),
        }
    }
    let (top, height) = (page_box[1], if page_box[3] > 0.0 { page_box[3] } else { A4[3] });
    let mut text = PageText::default();
    for (y, mut members) in lines {
        members.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut line = String::new();
        let mut last: Option<&Run> = None;
        for run in members {
            if let Some(prev) = last {
                // Same text drawn twice at the same place (fake bold, a shadow): keep it once.
                if (run.x - prev.x).abs() < 0.01 && run.text == prev.text {
                    continue;
                }
                let gap = run.x - prev.end;
                let cjk_join = line.chars().last().is_some_and(is_cjk) && run.text.chars().next().is_some_and(is_cjk);
                if gap > 0.3 * run.size && !cjk_join {
                    line.push(' ');
                }
            }
            line.push_str(&run.text);
            last = Some(run);
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let share = (y - top) / height;
        let region = if share < MARGIN_SHARE {
            &mut text.header
        } else if share > 1.0 - MARGIN_SHARE {
            &mut text.footer
        } else {
            &mut text.body
        };
        if !region.is_empty() {
            region.push('\n');
        }
        region.push_str(line);
    }
    // Rotated runs (vertical writing, diagonal watermarks): one line each, after the body.
    for run in runs.iter().filter(|r| !r.upright) {
        let t = run.text.trim();
        if !t.is_empty() {
            if !text.body.is_empty() {
                text.body.push('\n');
            }
            text.body.push_str(t);
        }
    }
    text
}
