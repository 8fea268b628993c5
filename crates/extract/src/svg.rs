//! SVG pictures: the text they draw, in the order it is drawn, and their title and description.
//!
//! An SVG is a picture whose words are text. A drawing program often writes one `<text>` or one
//! `<tspan>` per glyph, each placed by its own `x`/`y` or `transform`, in any order in the file:
//! read in file order, `<text x="30">密</text><text x="10">机</text>` says 密机. So every run of
//! text inside `<text>` (with its `tspan`, `textPath` and `a` descendants) gets the position where
//! it is drawn: its own or its nearest ancestor's `x`/`y` (a list of `x` places one glyph each),
//! carried through every `transform` (`matrix`, `translate`, `scale`, `rotate`, on the element and
//! its groups). A run without a position of its own follows the previous one. Runs are then laid
//! out as a viewer shows them: grouped into lines by baseline (within a third of the font size),
//! top to bottom, each line left to right, joined without a space between CJK characters or single
//! glyphs and with one between words; a column of single glyphs set one under the other
//! (vertical text) is read down the column as one line. That is part `svg`, [`Role::Body`].
//!
//! The document's own `<title>` and `<desc>` (and `<metadata>` text) are [`Role::Properties`] of
//! part `svg-head`; titles and descriptions of shapes (tooltips), `aria-label` and link titles are
//! [`Role::Note`]s of part `svg-note`. Text outside `<text>` (in a `<foreignObject>`, say) is read
//! in file order after the drawn lines. `<style>` and `<script>` are not text. Pictures carried in
//! the file (`<image href="data:image/png;base64,…">`) are read by OCR (parts `svg#image1`…);
//! those it links to are not part of the file and are noted as unread; an SVG picture carried so
//! (`data:image/svg+xml`) is read for its text, in the same part (one level deep). Comments are
//! not drawn but are in the published file: [`Role::Note`]s of part `svg-comment`, as in HTML. A file that is not
//! well-formed XML is read as plain text.
//!
//! Text drawn so that nobody sees it (`display="none"`, `visibility="hidden"`, zero opacity, no
//! fill and no stroke, a transparent fill, a zero font size; as attributes or in the element's
//! `style`, inherited as SVG inherits them) is read like the rest; and where leaving it out joins
//! what shows into other text (`机` + an unseen `公开` + `密★1年` shows `机密★1年`), the lines are
//! read again without it, part `svg`, field `as shown`. Rules of the file's `<style>` sheet are
//! not applied to this.

use std::collections::VecDeque;

use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use quick_xml::events::{BytesStart, Event};

use crate::xml::{self, local_name, XmlReader};
use crate::{text, ExtractError, Limits};

const PART: &str = "svg";
const HEAD_PART: &str = "svg-head";
const NOTE_PART: &str = "svg-note";
const COMMENT_PART: &str = "svg-comment";

/// Reads the SVG picture in `bytes` into `sink`: see the module documentation.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let drawing = match read(bytes, limits, false) {
        Ok(d) => d,
        Err(e) if e.is_limit() => return Err(e),
        Err(e) => {
            text::extract(bytes, limits, sink)?;
            sink.coverage(CoverageNote::unread(
                PART,
                Unread::ReadAsPlainText { format: "SVG", error: e.in_both_languages() },
            ))?;
            return Ok(());
        }
    };
    for (field, value) in &drawing.head {
        let location = Location::part(HEAD_PART).with_field(field.as_str());
        sink.segment(Segment::new(location, Role::Properties, value.as_str()))?;
    }
    let shown = drawing.runs.iter().any(|r| r.unseen).then(|| as_shown(&drawing.runs)).unwrap_or_default();
    let mut body = lay_out(drawing.runs);
    let shown: Vec<String> = shown.into_iter().filter(|l| !body.contains(l)).collect();
    body.extend(drawing.other);
    text::for_each_chunk(&body.join("\n"), text::CHUNK, |line, chunk| {
        sink.segment(Segment::new(Location::part(PART).with_line(line), Role::Body, chunk))
    })?;
    for line in shown {
        sink.segment(Segment::new(Location::part(PART).with_field("as shown"), Role::Body, line))?;
    }
    for (i, note) in drawing.notes.iter().enumerate() {
        let location = Location::part(NOTE_PART).with_paragraph(i as u32 + 1);
        sink.segment(Segment::new(location, Role::Note, note.as_str()))?;
    }
    for (i, comment) in drawing.comments.iter().enumerate() {
        let location = Location::part(COMMENT_PART).with_paragraph(i as u32 + 1);
        sink.segment(Segment::new(location, Role::Note, comment.as_str()))?;
    }
    for (i, picture) in drawing.images.iter().enumerate() {
        let part = format!("{PART}#image{}", i + 1);
        match picture {
            Image::Picture(bytes) => {
                crate::ocr::read_picture(&part, bytes, &Location::part(part.as_str()), Role::Body, limits, sink)?;
            }
            Image::Svg(bytes) => match read(bytes, limits, true) {
                Ok(inner) => {
                    // What the picture draws, then its titles, notes and comments.
                    let mut lines = lay_out(inner.runs);
                    lines.extend(inner.other);
                    lines.extend(inner.head.into_iter().map(|(_, v)| v));
                    lines.extend(inner.notes);
                    lines.extend(inner.comments);
                    text::for_each_chunk(&lines.join("\n"), text::CHUNK, |line, chunk| {
                        sink.segment(Segment::new(Location::part(part.as_str()).with_line(line), Role::Body, chunk))
                    })?;
                    if !inner.images.is_empty() {
                        sink.coverage(CoverageNote::unread(part.as_str(), Unread::Picture))?;
                    }
                    sink.coverage(CoverageNote::read(part))?;
                }
                Err(e) if e.is_limit() => return Err(e),
                Err(_) => sink.coverage(CoverageNote::unread(part, Unread::Damaged))?,
            },
            Image::Linked => sink.coverage(CoverageNote::unread(part, Unread::Picture))?,
        }
    }
    sink.coverage(CoverageNote::read(PART))?;
    Ok(())
}

/// A run of text where it is drawn (user-space coordinates of its start).
#[derive(Clone, Debug, PartialEq)]
struct Run {
    x: f64,
    y: f64,
    size: f64,
    text: String,
    /// Drawn so that nobody sees it (see [`Looks`]).
    unseen: bool,
}

/// What the picture holds.
#[derive(Debug, Default)]
struct Drawing {
    runs: Vec<Run>,
    head: Vec<(String, String)>,
    notes: Vec<String>,
    /// Text outside `<text>` elements, one line per text node.
    other: Vec<String>,
    /// The `<image>` elements.
    images: Vec<Image>,
    /// The comments (`<!-- -->`): not drawn, but in the published file.
    comments: Vec<String>,
}

/// What an `<image>` shows.
#[derive(Debug)]
enum Image {
    /// The picture of a `data:` URL, for OCR.
    Picture(Vec<u8>),
    /// An SVG picture in a `data:` URL: its text is read (one level deep: its own SVG pictures
    /// are noted as unread).
    Svg(Vec<u8>),
    /// A picture behind a link: not in the file.
    Linked,
}

/// A 2-D affine transform `[a b c d e f]` as SVG writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `m` applied inside it (the child's transform composed into the parent's).
    fn then(self, m: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = m.0;
        Matrix([
            a * a2 + c * b2,
            b * a2 + d * b2,
            a * c2 + c * d2,
            b * c2 + d * d2,
            a * e2 + c * f2 + e,
            b * e2 + d * f2 + f,
        ])
    }

    fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
}

/// Parses a `transform` attribute; unknown or malformed pieces are skipped.
fn parse_transform(s: &str) -> Matrix {
    let mut m = Matrix::IDENTITY;
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let name = rest[..open].trim_matches(|c: char| c.is_whitespace() || c == ',');
        let Some(close) = rest[open..].find(')') else { break };
        let args = numbers(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
        let arg = |i: usize, default: f64| args.get(i).copied().unwrap_or(default);
        let next = match name {
            "matrix" if args.len() == 6 => Matrix([args[0], args[1], args[2], args[3], args[4], args[5]]),
            "translate" => Matrix([1.0, 0.0, 0.0, 1.0, arg(0, 0.0), arg(1, 0.0)]),
            "scale" => Matrix([arg(0, 1.0), 0.0, 0.0, arg(1, arg(0, 1.0)), 0.0, 0.0]),
            "rotate" => {
                let (sin, cos) = arg(0, 0.0).to_radians().sin_cos();
                let (cx, cy) = (arg(1, 0.0), arg(2, 0.0));
                Matrix([1.0, 0.0, 0.0, 1.0, cx, cy])
                    .then(Matrix([cos, sin, -sin, cos, 0.0, 0.0]))
                    .then(Matrix([1.0, 0.0, 0.0, 1.0, -cx, -cy]))
            }
            "skewX" => Matrix([1.0, 0.0, arg(0, 0.0).to_radians().tan(), 1.0, 0.0, 0.0]),
            "skewY" => Matrix([1.0, arg(0, 0.0).to_radians().tan(), 0.0, 1.0, 0.0, 0.0]),
            _ => continue,
        };
        m = m.then(next);
    }
    m
}

/// The numbers of a list such as `10 20,30.5px -4e1` (units are ignored).
fn numbers(s: &str) -> Vec<f64> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .filter_map(|t| {
            let end = t
                .char_indices()
                .find(|&(i, c)| {
                    !(c.is_ascii_digit()
                        || c == '.'
                        || ((c == '-' || c == '+') && (i == 0 || t[..i].ends_with(['e', 'E'])))
                        || c == 'e'
                        || c == 'E')
                })
                .map_or(t.len(), |(i, _)| i);
            t[..end].parse::<f64>().ok().filter(|v| v.is_finite())
        })
        .collect()
}

/// An open element and what it sets for its content.
#[derive(Clone)]
struct Frame {
    name: Vec<u8>,
    ctm: Matrix,
    /// Explicit positions for the next glyphs, from this element's `x`/`y` lists.
    xs: VecDeque<f64>,
    ys: VecDeque<f64>,
    size: f64,
    /// Inside `<text>`.
    in_text: bool,
    /// Collecting into a title/desc/metadata (the index in the `Collect` target).
    collect: Option<Collect>,
    /// Whether and how its text shows.
    looks: Looks,
}

/// The properties [`Looks`] reads.
const LOOKS: [&str; 9] = [
    "display",
    "opacity",
    "visibility",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-opacity",
    "stroke-width",
    "font-size",
];

/// What decides whether text shows, as SVG inherits it.
#[derive(Clone, Copy, Debug, Default)]
struct Looks {
    /// Not drawn in a way nothing inside undoes: `display="none"`, zero `opacity`.
    gone: bool,
    /// `visibility="hidden"`, which a child's `visible` undoes.
    invisible: bool,
    /// No fill (`none`, `transparent`, zero `fill-opacity`), and no stroke.
    unfilled: bool,
    stroked: bool,
    /// A zero font size.
    tiny: bool,
}

impl Looks {
    fn unseen(&self) -> bool {
        self.gone || self.invisible || self.tiny || (self.unfilled && !self.stroked)
    }

    /// The looks of an element with these properties, inside `parent`'s.
    fn of(parent: Looks, property: impl Fn(&str) -> Option<String>) -> Looks {
        let zero = |v: &str| {
            let v = v.trim();
            match v.strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().is_ok_and(|n| n <= 1.0),
                None => v.parse::<f64>().is_ok_and(|n| n <= 0.01),
            }
        };
        let no_paint = |v: &str| {
            let v = v.trim().to_ascii_lowercase();
            v == "none" || v == "transparent" || v.replace(' ', "").ends_with(",0)")
        };
        let mut looks = parent;
        looks.gone |= property("display").is_some_and(|v| v.trim().eq_ignore_ascii_case("none"))
            || property("opacity").is_some_and(|v| zero(&v));
        if let Some(v) = property("visibility") {
            looks.invisible = matches!(v.trim().to_ascii_lowercase().as_str(), "hidden" | "collapse");
        }
        if let Some(v) = property("fill") {
            looks.unfilled = no_paint(&v);
        }
        if property("fill-opacity").is_some_and(|v| zero(&v)) {
            looks.unfilled = true;
        }
        if let Some(v) = property("stroke") {
            looks.stroked = !no_paint(&v);
        }
        if property("stroke-opacity").is_some_and(|v| zero(&v)) || property("stroke-width").is_some_and(|v| zero(&v)) {
            looks.stroked = false;
        }
        if let Some(v) = property("font-size") {
            looks.tiny = numbers(&v).first().is_some_and(|s| *s <= 0.01);
        }
        looks
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Collect {
    Head,
    Note,
    Skip,
}

/// Reads the drawing in `bytes`; `nested` when it is a picture inside another.
fn read(bytes: &[u8], limits: &Limits, nested: bool) -> Result<Drawing, ExtractError> {
    let xml = xml::to_utf8(PART, bytes.to_vec())?;
    let mut reader = XmlReader::bounded(PART, &xml, limits);
    let mut d = Drawing::default();
    let root = Frame {
        name: Vec::new(),
        ctm: Matrix::IDENTITY,
        xs: VecDeque::new(),
        ys: VecDeque::new(),
        size: 16.0,
        in_text: false,
        collect: None,
        looks: Looks::default(),
    };
    let mut stack = vec![root];
    // The pen: where the next run without a position of its own goes.
    let mut pen = (0.0f64, 0.0f64);
    // Text being gathered for a title/desc/metadata element.
    let mut gathered = String::new();
    // Every glyph run is held until the drawing is laid out: charged as gathered.
    let mut held = crate::budget::Gathered::new(limits, PART);
    loop {
        let values = d.runs.len() + d.other.len();
        let event = reader.next()?;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                // Ends match starts (the reader checks), so the root frame is never popped here.
                let Some(frame) = stack.pop() else { continue };
                let parent_collect = stack.last().and_then(|f| f.collect);
                if frame.collect.is_some() && parent_collect.is_none() {
                    let text = collapse(&std::mem::take(&mut gathered));
                    if !text.is_empty() {
                        match frame.collect {
                            Some(Collect::Head) => {
                                d.head.push((String::from_utf8_lossy(&frame.name).into_owned(), text))
                            }
                            Some(Collect::Note) => d.notes.push(text),
                            _ => {}
                        }
                    }
                }
                continue;
            }
            Event::Text(t) => {
                let text = reader.text(t)?;
                handle_text(&mut stack, &mut d, &mut pen, &mut gathered, &text);
                held.charge(d.runs.len() + d.other.len() - values, text.len())?;
                continue;
            }
            Event::CData(c) => {
                let text = reader.cdata(c)?.to_owned();
                handle_text(&mut stack, &mut d, &mut pen, &mut gathered, &text);
                held.charge(d.runs.len() + d.other.len() - values, text.len())?;
                continue;
            }
            Event::Comment(c) => {
                let text = collapse(&String::from_utf8_lossy(c));
                if !text.is_empty() {
                    d.comments.push(text);
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(parent) = stack.last() else { continue };
        let name = local_name(e.name().as_ref()).to_vec();
        let frame = open(&reader, e, &name, parent, stack.len(), nested, &mut d)?;
        if name == b"text" {
            // A `<text>` starts at its first x/y, 0 where it gives none.
            let first = |v: &VecDeque<f64>| v.front().copied().unwrap_or(0.0);
            pen = frame.ctm.apply(first(&frame.xs), first(&frame.ys));
        }
        if !empty {
            stack.push(frame);
        }
    }
    Ok(d)
}

/// The frame of an element opening inside `parent` (at `depth`, 1 for the root).
fn open(
    reader: &XmlReader<'_>,
    e: &BytesStart<'_>,
    name: &[u8],
    parent: &Frame,
    depth: usize,
    nested: bool,
    d: &mut Drawing,
) -> Result<Frame, ExtractError> {
    // Not a clone of the parent: its position lists are its own (and may be long).
    let mut frame = Frame {
        name: name.to_vec(),
        ctm: parent.ctm,
        xs: VecDeque::new(),
        ys: VecDeque::new(),
        size: parent.size,
        in_text: parent.in_text,
        collect: parent.collect,
        looks: parent.looks,
    };
    // The presentation attributes that decide whether text shows, in one walk of the attributes
    // (a drawing has many elements); their errors are the other lookups' to report.
    let mut presented: [Option<String>; LOOKS.len() + 1] = Default::default();
    for attr in e.attributes().flatten() {
        let key = local_name(attr.key.as_ref());
        let slot = if key == b"style" { Some(LOOKS.len()) } else { LOOKS.iter().position(|n| n.as_bytes() == key) };
        if let Some(slot) = slot {
            presented[slot] = attr.unescape_value().ok().map(|v| v.into_owned());
        }
    }
    if presented.iter().any(Option::is_some) {
        let style = presented[LOOKS.len()].as_deref().unwrap_or("");
        frame.looks = Looks::of(parent.looks, |name| {
            // A declaration of the `style` attribute beats the presentation attribute.
            let declared = style
                .split(';')
                .filter_map(|d| d.split_once(':'))
                .filter(|(k, _)| k.trim().eq_ignore_ascii_case(name))
                .last()
                .map(|(_, v)| v.trim().trim_end_matches("!important").trim().to_owned());
            declared.or_else(|| LOOKS.iter().position(|n| *n == name).and_then(|i| presented[i].clone()))
        });
    }
    if let Some(t) = reader.attr(e, b"transform")? {
        frame.ctm = parent.ctm.then(parse_transform(&t));
    }
    if let Some(size) = font_size(reader, e)? {
        frame.size = size;
    }
    for key in [&b"aria-label"[..], b"title"] {
        if let Some(v) = reader.attr(e, key)? {
            let v = collapse(&v);
            if !v.is_empty() {
                d.notes.push(v);
            }
        }
    }
    if parent.collect.is_none() {
        match name {
            b"title" | b"desc" | b"metadata" if depth == 2 || (depth == 3 && parent.name == b"metadata") => {
                frame.collect = Some(Collect::Head)
            }
            b"title" | b"desc" => frame.collect = Some(Collect::Note),
            b"style" | b"script" => frame.collect = Some(Collect::Skip),
            _ => {}
        }
    }
    match name {
        b"text" => {
            frame.in_text = true;
            frame.xs = numbers(&reader.attr(e, b"x")?.unwrap_or_default()).into();
            frame.ys = numbers(&reader.attr(e, b"y")?.unwrap_or_default()).into();
        }
        b"tspan" | b"textPath" | b"a" | b"altGlyph" if parent.in_text => {
            frame.xs = numbers(&reader.attr(e, b"x")?.unwrap_or_default()).into();
            frame.ys = numbers(&reader.attr(e, b"y")?.unwrap_or_default()).into();
        }
        b"image" => {
            let href = reader.attr(e, b"href")?.unwrap_or_default();
            let image = match crate::html::data_url::document(&href) {
                Some(crate::html::data_url::Document::Svg(svg)) if !nested => Image::Svg(svg),
                _ => crate::html::data_url::picture(&href).map_or(Image::Linked, Image::Picture),
            };
            d.images.push(image);
        }
        _ => {}
    }
    Ok(frame)
}

/// The `font-size` of an element, from its attribute or its `style`.
fn font_size(reader: &XmlReader<'_>, e: &BytesStart<'_>) -> Result<Option<f64>, ExtractError> {
    if let Some(v) = reader.attr(e, b"font-size")? {
        return Ok(numbers(&v).first().copied().filter(|v| *v > 0.0));
    }
    if let Some(style) = reader.attr(e, b"style")? {
        for decl in style.split(';') {
            if let Some((k, v)) = decl.split_once(':') {
                if k.trim() == "font-size" {
                    return Ok(numbers(v).first().copied().filter(|v| *v > 0.0));
                }
            }
        }
    }
    Ok(None)
}

fn handle_text(stack: &mut [Frame], d: &mut Drawing, pen: &mut (f64, f64), gathered: &mut String, text: &str) {
    let Some(frame) = stack.last() else { return };
    if let Some(c) = frame.collect {
        if c != Collect::Skip {
            gathered.push_str(text);
            gathered.push(' ');
        }
        return;
    }
    if !frame.in_text {
        let t = collapse(text);
        if !t.is_empty() {
            d.other.push(t);
        }
        return;
    }
    let (ctm, font, unseen) = (frame.ctm, frame.size, frame.looks.unseen());
    let t: String = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    if t.trim().is_empty() {
        return;
    }
    // The nearest element (this one or an ancestor inside `<text>`) with positions left to give:
    // its `x`/`y` lists place the next glyphs, one value each.
    let holder = |stack: &[Frame], pick: fn(&Frame) -> &VecDeque<f64>| {
        (0..stack.len()).rev().take_while(|&i| stack[i].in_text).find(|&i| !pick(&stack[i]).is_empty())
    };
    let mut chars = t.chars().peekable();
    while chars.peek().is_some() {
        let xi = holder(stack, |f| &f.xs);
        let yi = holder(stack, |f| &f.ys);
        let x = xi.and_then(|i| stack[i].xs.pop_front());
        let y = yi.and_then(|i| stack[i].ys.pop_front());
        let origin = if x.is_some() || y.is_some() {
            // Only one coordinate given: the other goes on from the pen, in user space.
            let (px, py) = ctm_inverse_or_pen(ctm, *pen);
            ctm.apply(x.unwrap_or(px), y.unwrap_or(py))
        } else {
            *pen
        };
        let more = holder(stack, |f| &f.xs).is_some() || holder(stack, |f| &f.ys).is_some();
        let run: String =
            if more { chars.next().map(String::from).unwrap_or_default() } else { chars.by_ref().collect() };
        let advance = font * ctm.0[0].hypot(ctm.0[1]) * run.chars().count() as f64 * 0.6;
        *pen = (origin.0 + advance.max(1e-6), origin.1);
        let size = font * ctm.0[3].hypot(ctm.0[2]);
        if !run.trim().is_empty() {
            d.runs.push(Run { x: origin.0, y: origin.1, size, text: run, unseen });
        }
    }
}

/// The pen (in drawing coordinates) brought back into the user space of `ctm`, for a glyph that
/// sets one coordinate and keeps the other; the pen itself where `ctm` cannot be inverted.
fn ctm_inverse_or_pen(ctm: Matrix, pen: (f64, f64)) -> (f64, f64) {
    let [a, b, c, d, e, f] = ctm.0;
    let det = a * d - b * c;
    if det.abs() < 1e-12 {
        return pen;
    }
    let (x, y) = (pen.0 - e, pen.1 - f);
    ((d * x - c * y) / det, (a * y - b * x) / det)
}

/// The lines as they show: laid out without the runs nobody sees.
fn as_shown(runs: &[Run]) -> Vec<String> {
    lay_out(runs.iter().filter(|r| !r.unseen).cloned().collect())
}

/// The runs as lines: grouped by baseline, top to bottom, each left to right.
fn lay_out(mut runs: Vec<Run>) -> Vec<String> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if (run.y - line[0].y).abs() <= line[0].size.max(run.size).max(1.0) / 3.0 => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    // A column of single glyphs, one under the other (vertical text set glyph by glyph), is read
    // down the column as one line.
    let mut merged: Vec<Vec<Run>> = Vec::with_capacity(lines.len());
    for line in lines {
        let glyph = |l: &[Run]| l.len() == 1 && l[0].text.trim().chars().count() == 1;
        if let Some(prev) = merged.last_mut() {
            let (last, run) = (&prev[prev.len() - 1], &line[0]);
            let column = prev.iter().all(|r| r.text.trim().chars().count() == 1 && (r.x - prev[0].x).abs() < 1e-9);
            let size = last.size.max(run.size).max(1.0);
            if glyph(&line) && column && (run.x - last.x).abs() <= size / 3.0 && run.y - last.y <= size * 1.6 {
                // Same x for the whole column: the left-to-right sort below keeps this order.
                let mut run = line.into_iter().next().expect("one run");
                run.x = prev[0].x;
                prev.push(run);
                continue;
            }
        }
        merged.push(line);
    }
    merged
        .into_iter()
        .map(|mut line| {
            // Stable: glyphs of a column (equal x) stay top to bottom.
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut out = String::new();
            for run in line {
                let text = run.text.trim();
                let joins = match (out.chars().last(), text.chars().next()) {
                    (None, _) | (_, None) => true,
                    (Some(a), Some(b)) => is_cjk(a) || is_cjk(b) || text.chars().count() == 1,
                };
                if !joins {
                    out.push(' ');
                }
                out.push_str(text);
            }
            out
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}' | '★' | '☆')
}

/// White space runs as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    fn body(svg: &str) -> String {
        let mut sink = Collected::default();
        extract(svg.as_bytes(), &Limits::default(), &mut sink).unwrap();
        sink.segments.iter().filter(|s| s.location.part == PART).map(|s| s.text.clone()).collect::<Vec<_>>().join("\n")
    }

    /// `机` + unseen `公开` + `密★1年` shows `机密★1年`: read again as shown, however the middle
    /// is hidden; outlined text (no fill, a stroke) shows, and so does a child made visible.
    #[test]
    fn text_nobody_sees_is_left_out_of_a_second_reading() {
        let shown = |middle: &str| {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">机<tspan {middle}>公开</tspan>密★1年</text></svg>"#
            );
            let mut sink = Collected::default();
            extract(svg.as_bytes(), &Limits::default(), &mut sink).unwrap();
            assert!(sink.segments.iter().any(|s| s.text == "机公开密★1年"), "{middle}");
            sink.segments
                .iter()
                .filter(|s| s.location.field.as_deref() == Some("as shown"))
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
        };
        for hidden in [
            r#"opacity="0""#,
            r#"display="none""#,
            r#"visibility="hidden""#,
            r#"fill="none""#,
            r#"fill-opacity="0""#,
            r#"font-size="0""#,
            r#"style="fill: transparent""#,
            r#"fill="red" style="fill:none""#,
        ] {
            assert_eq!(shown(hidden), ["机密★1年"], "{hidden}");
        }
        for seen in [r##"fill="none" stroke="#000""##, r#"fill="red""#, r#"style="opacity:1""#] {
            assert!(shown(seen).is_empty(), "{seen}");
        }
    }

    #[test]
    fn glyphs_are_joined_in_drawing_order() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg">
            <text x="40" y="20">1</text><text x="20" y="20.5">密</text><text x="50" y="20">年</text>
            <text x="10" y="20">机</text><text x="30" y="19.8">★</text>
            <text x="10" y="60">第二行</text></svg>"#;
        assert_eq!(body(svg), "机密★1年\n第二行");
    }

    #[test]
    fn x_lists_transforms_and_tspans() {
        let svg = r#"<svg><g transform="translate(100 0)"><text transform="matrix(1 0 0 1 0 50)">
            <tspan x="30 40">1年</tspan><tspan x="0">机</tspan><tspan>密</tspan><tspan x="20">★</tspan></text></g>
            <text transform="translate(5 10)">Title line</text></svg>"#;
        assert_eq!(body(svg), "Title line\n机密★1年");
    }

    #[test]
    fn a_vertical_column_of_glyphs_is_one_line() {
        let svg = r#"<svg><text x="50" y="100" font-size="20">年</text><text x="50" y="20" font-size="20">机</text>
            <text x="50" y="40" font-size="20">密</text><text x="50" y="60" font-size="20">★</text>
            <text x="50" y="80" font-size="20">1</text><text x="10" y="200" font-size="20">落款</text></svg>"#;
        assert_eq!(body(svg), "机密★1年\n落款");
    }

    #[test]
    fn title_desc_and_notes() {
        let svg = r#"<svg><title>机密★1年</title><desc>说明</desc><rect><title>提示</title></rect><style>.a{}</style>
            <a xlink:title="链接" xmlns:xlink="x"><text>正文</text></a><image href="x.png"/></svg>"#;
        let mut sink = Collected::default();
        extract(svg.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let head: Vec<_> =
            sink.segments.iter().filter(|s| s.role == Role::Properties).map(|s| s.text.as_str()).collect();
        assert_eq!(head, vec!["机密★1年", "说明"]);
        let notes: Vec<_> = sink.segments.iter().filter(|s| s.role == Role::Note).map(|s| s.text.as_str()).collect();
        assert_eq!(notes, vec!["提示", "链接"]);
        assert!(sink.coverage.iter().any(|c| c.reason == Some(Unread::Picture)));
        assert_eq!(body(svg), "正文");
    }

    #[test]
    fn comments_and_svg_pictures_in_data_urls() {
        // A comment is not drawn but is in the file (a note, as in HTML); an SVG picture carried
        // in a data: URL draws its text, read in its own part with its title and comments.
        // (The inner picture: `<svg><title>图题</title><text>机密★1年</text><!-- 内注 --></svg>`.)
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><!-- 原件：秘密 --><text x="0" y="10">正文</text><image href="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0aXRsZT7lm77popg8L3RpdGxlPjx0ZXh0IHg9IjAiIHk9IjEwIj7mnLrlr4bimIUx5bm0PC90ZXh0PjwhLS0g5YaF5rOoIC0tPjwvc3ZnPg=="/></svg>"#;
        let mut sink = Collected::default();
        extract(svg.as_bytes(), &Limits::default(), &mut sink).unwrap();
        let got: Vec<(&str, Role, &str)> =
            sink.segments.iter().map(|s| (s.location.part.as_str(), s.role, s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("svg", Role::Body, "正文"),
                ("svg-comment", Role::Note, "原件：秘密"),
                ("svg#image1", Role::Body, "机密★1年\n图题\n内注"),
            ]
        );
        assert!(sink.coverage.iter().all(|c| c.reason.is_none()), "{:?}", sink.coverage);
    }

    #[test]
    fn long_position_lists_stay_linear() {
        // 200k glyphs placed by one x list, inside a tspan: no quadratic copying or shifting.
        let n = 200_000;
        let xs: String = (0..n).map(|i| format!("{} ", i * 10)).collect();
        let svg =
            format!(r#"<svg><text y="10"><tspan x="{xs}">{}</tspan><tspan>后</tspan></text></svg>"#, "字".repeat(n));
        let text = body(&svg);
        assert_eq!(text.chars().count(), n + 1);
        assert!(text.ends_with("字后"));
    }

    #[test]
    fn transforms_compose() {
        let m = parse_transform("translate(10,20) scale(2)");
        assert_eq!(m.apply(1.0, 1.0), (12.0, 22.0));
        let r = parse_transform("rotate(90)");
        let (x, y) = r.apply(1.0, 0.0);
        assert!((x - 0.0).abs() < 1e-9 && (y - 1.0).abs() < 1e-9);
        assert_eq!(numbers("10px, -2.5e1 3"), vec![10.0, -25.0, 3.0]);
    }
}
