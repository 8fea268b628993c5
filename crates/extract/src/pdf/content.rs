//! The content-stream interpreter: runs a page's drawing program and records where each glyph
//! lands, without drawing anything.
//!
//! Only the operators that move text or change what is drawn where are followed:
//!
//! | operators | meaning |
//! | --- | --- |
//! | `q` `Q` `cm` | save/restore the graphics state, change the current transformation matrix |
//! | `BT` `ET` | begin/end a text object (resets the text matrix) |
//! | `Tf` `Tc` `Tw` `Tz` `TL` `Ts` | font and size, character/word spacing, horizontal scale, leading, rise |
//! | `Td` `TD` `Tm` `T*` | move to the next line or set the text matrix |
//! | `Tj` `TJ` `'` `"` | show strings (`TJ` numbers are kerning in thousandths of an em) |
//! | `Do` | draw an XObject: a Form is run in place, an Image is counted |
//! | `BI`…`EI` | an inline image: counted, and kept for OCR when it runs |
//! | `BMC` `BDC` `EMC` | marked content: `/ActualText`, `/Alt`, `/E` kept (see [`super::marked`]) |
//!
//! Each shown code becomes a [`Placed`] glyph: its origin on the page, the direction of the
//! baseline, the font size and the advance, all in the page's default user space, plus its text
//! in a page-wide buffer (no allocation per glyph). `layout.rs` turns glyphs into lines.
//!
//! Type3 glyph procedures are *not* run: text is taken from the Type3 font's encoding and
//! `/ToUnicode`, so glyph procedures that call each other in a cycle cannot hang us. Form
//! XObjects are guarded against cycles (a form that draws itself) and nesting depth.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object};

use super::cover::{self, Covers, Path};
use super::document::{get_dict, get_name, number, resolve, Streams};
use super::font::{Font, GlyphText};
use super::lexer::{Lexer, Operand, Operands};
use super::marked::{Kind, MarkedContent};
use crate::{ExtractError, LimitKind};

/// Deepest nesting of Form XObjects drawing Form XObjects.
pub(super) const MAX_FORM_DEPTH: usize = 32;
/// Deepest `q` nesting kept; deeper saves are counted but not stored.
const MAX_SAVE_DEPTH: usize = 1_000;

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

/// A glyph placed on the page.
#[derive(Clone, Copy, Debug)]
pub(super) struct Placed {
    /// Origin of the glyph in default user space.
    pub(super) x: f32,
    pub(super) y: f32,
    /// Unit vector of the writing direction.
    pub(super) dx: f32,
    pub(super) dy: f32,
    /// Font size in user space (the em).
    pub(super) size: f32,
    /// Advance along the writing direction.
    pub(super) advance: f32,
    /// The text, as a range of [`PageContent::text`].
    pub(super) start: u32,
    pub(super) end: u32,
    /// Drawn so that nobody sees it: invisible (`3 Tr`, `7 Tr`), filled white, or at most 1pt
    /// high. In the file all the same (see [`super::layout::shown_lines`]).
    pub(super) unseen: bool,
}

/// What running a page's content produced.
#[derive(Default)]
pub(super) struct PageContent {
    pub(super) glyphs: Vec<Placed>,
    pub(super) text: String,
    /// Codes shown that the font could not turn into text.
    pub(super) undecodable: u64,
    /// Codes shown that became text.
    pub(super) decoded: u64,
    /// Undecodable codes shown since the last one that became text, and how many times two
    /// or more came in a row: a word that cannot be read (`秘密` in a font without a map), where
    /// a lone undecodable code is a bullet or a box.
    pub(super) undecodable_run: u32,
    pub(super) unreadable_words: u32,
    /// Glyphs shown whose Type3 procedure paints a picture (see `Glyph::picture`).
    pub(super) picture_glyphs: u64,
    /// Pictures drawn (image XObjects and inline images).
    pub(super) images: u32,
    /// The image XObjects drawn, for OCR.
    pub(super) image_ids: Vec<lopdf::ObjectId>,
    /// The inline images drawn, for OCR (kept only when OCR reads pictures), at most
    /// [`MAX_INLINE_IMAGES`] a page; `inline_images_dropped` counts the others.
    pub(super) inline_images: Vec<InlineImage>,
    pub(super) inline_images_dropped: u32,
    /// Area the pictures cover, in square user-space units (overlaps counted twice).
    pub(super) image_area: f32,
    /// Replacement texts of marked content that say something the glyphs do not.
    pub(super) replacements: Vec<(Kind, String)>,
    /// Glyphs whose font program draws another character than the text layer says (see
    /// [`Glyph::drawn`](super::font::Glyph)), in the order shown: [`PageContent::as_drawn`]
    /// reads the page with them.
    pub(super) drawn: Vec<DrawnGlyph>,
}

/// A glyph that draws another character than the page's text says.
#[derive(Clone, Copy, Debug)]
pub(super) struct DrawnGlyph {
    /// The index in [`PageContent::glyphs`] of the glyph it replaces, or, for a glyph the text
    /// layer has nothing for, of the glyph it comes before.
    at: u32,
    replaces: bool,
    ch: char,
    placed: Placed,
}

impl PageContent {
    /// The page as its fonts draw it: the glyphs of [`PageContent::drawn`] in place of (or
    /// beside) what the text layer says. Only the glyphs and text are filled in.
    pub(super) fn as_drawn(&self) -> PageContent {
        let mut out = PageContent::default();
        let mut drawn = self.drawn.iter().peekable();
        let push = |out: &mut PageContent, placed: &Placed, text: Result<char, &str>| {
            let start = out.text.len() as u32;
            match text {
                Ok(c) => out.text.push(c),
                Err(s) => out.text.push_str(s),
            }
            out.glyphs.push(Placed { start, end: out.text.len() as u32, ..*placed });
        };
        for (i, glyph) in self.glyphs.iter().enumerate() {
            let mut instead = None;
            while let Some(d) = drawn.next_if(|d| d.at as usize <= i) {
                if d.replaces {
                    instead = Some(d.ch);
                } else {
                    push(&mut out, &d.placed, Ok(d.ch));
                }
            }
            let said = self.text.get(glyph.start as usize..glyph.end as usize).unwrap_or("");
            push(&mut out, glyph, instead.ok_or(said));
        }
        for d in drawn {
            push(&mut out, &d.placed, Ok(d.ch));
        }
        out
    }
}

/// An inline image (`BI <dictionary> ID <data> EI`) as the content stream holds it.
pub(super) struct InlineImage {
    /// The dictionary's bytes (abbreviated keys: `/W 8 /H 8 /CS /G /F /Fl`).
    pub(super) dict: Vec<u8>,
    /// The (encoded) data.
    pub(super) data: Vec<u8>,
}

/// Inline images kept per page for OCR: a page drawn as thousands of small inline images (one
/// per glyph) is not a scan to OCR picture by picture.
pub(super) const MAX_INLINE_IMAGES: usize = 64;

/// Fonts built so far, keyed by the address of their dictionary in the loaded document (stable
/// while the document lives, and unique per font object).
pub(super) type FontCache = HashMap<usize, Option<Rc<Font>>>;

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
    /// The text rendering mode (`Tr`) and whether the fill colour is white (`1 g`, `1 1 1 rg`,
    /// `0 0 0 0 k`).
    render: u8,
    white: bool,
    /// The clipping path's box, in default user space (none: the page).
    clip: Option<cover::Rect>,
    /// Whether fills are opaque (`/ca` of the graphics state parameters, 1 by default).
    opaque: bool,
}

/// Runs content streams for one page.
pub(super) struct Interpreter<'a> {
    doc: &'a Document,
    streams: &'a Streams<'a>,
    fonts: &'a mut FontCache,
    operations: u64,
    /// Of `operations`, those already charged to the file's budget.
    charged: u64,
    gs: GraphicsState,
    saved: Vec<GraphicsState>,
    unsaved_depth: usize,
    tm: Matrix,
    tlm: Matrix,
    /// Form XObjects being run, by address, to break cycles.
    forms: Vec<usize>,
    /// The last font selected: (resources address, name, font). Producers repeat `/F1 12 Tf`
    /// for every line; this saves the dictionary look-ups.
    last_font: Option<(usize, Vec<u8>, Option<Rc<Font>>)>,
    out: PageContent,
    ops: Operands,
    marked: MarkedContent,
    /// A limit hit while loading a font (its CMap over `max_cmap_entries`): the page stops with
    /// it at the next operator, rather than showing the font's text as undecodable.
    font_limit: Option<ExtractError>,
    /// The path being built, and the glyphs a later fill may cover (see [`cover`]).
    path: Path,
    covers: Covers,
}

impl<'a> Interpreter<'a> {
    pub(super) fn new(doc: &'a Document, streams: &'a Streams<'a>, fonts: &'a mut FontCache) -> Self {
        Interpreter {
            doc,
            streams,
            fonts,
            operations: 0,
            charged: 0,
            gs: GraphicsState {
                ctm: IDENTITY,
                font: None,
                size: 0.0,
                char_space: 0.0,
                word_space: 0.0,
                hscale: 1.0,
                leading: 0.0,
                rise: 0.0,
                render: 0,
                white: false,
                clip: None,
                opaque: true,
            },
            saved: Vec::new(),
            unsaved_depth: 0,
            tm: IDENTITY,
            tlm: IDENTITY,
            forms: Vec::new(),
            last_font: None,
            out: PageContent::default(),
            ops: Operands::default(),
            marked: MarkedContent::default(),
            font_limit: None,
            path: Path::default(),
            covers: Covers::default(),
        }
    }

    /// Runs one content stream of the page with the page's resources.
    pub(super) fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) -> Result<(), ExtractError> {
        let mut lexer = Lexer::new(content);
        let mut ops = std::mem::take(&mut self.ops);
        let result = self.run_with(&mut lexer, &mut ops, resources);
        self.ops = ops;
        result?;
        // The operations not yet charged to the file's budget (it is charged in blocks).
        let left = self.operations - self.charged;
        self.charged = self.operations;
        self.streams.limits().charge_operations(left)
    }

    /// What the page's content produced.
    pub(super) fn finish(mut self) -> PageContent {
        self.marked.finish(&mut self.out);
        self.out.replacements = std::mem::take(&mut self.marked.texts);
        self.out
    }

    fn run_with(
        &mut self,
        lexer: &mut Lexer<'_>,
        ops: &mut Operands,
        resources: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        while let Some(op) = lexer.next_operation(ops) {
            if let Some(e) = self.font_limit.take() {
                return Err(e);
            }
            self.operations += 1;
            if self.operations - self.charged >= crate::CHECK_EVERY {
                // The file's budget: operations over all pages, cancellation, the time limit.
                self.streams.limits().charge_operations(self.operations - self.charged)?;
                self.charged = self.operations;
            }
            let max = self.streams.limits().max_page_operations;
            if self.operations > max {
                return Err(ExtractError::limit(LimitKind::PageOperations, max, self.operations));
            }
            // Array patterns compile to length and byte compares, no memcmp per operator.
            match op {
                [b'q'] => {
                    if self.saved.len() < MAX_SAVE_DEPTH {
                        self.saved.push(self.gs.clone());
                    } else {
                        self.unsaved_depth += 1;
                    }
                }
                [b'Q'] => {
                    if self.unsaved_depth > 0 {
                        self.unsaved_depth -= 1;
                    } else if let Some(gs) = self.saved.pop() {
                        self.gs = gs;
                    }
                }
                [b'c', b'm'] => {
                    if let Some(m) = ops.numbers::<6>() {
                        self.gs.ctm = mul(&m, &self.gs.ctm);
                    }
                }
                [b'B', b'T'] => {
                    self.tm = IDENTITY;
                    self.tlm = IDENTITY;
                }
                [b'T', b'f'] => {
                    if let Some([size]) = ops.numbers::<1>() {
                        self.gs.size = size;
                    }
                    self.gs.font = ops.last_name().and_then(|n| self.font(resources, n));
                }
                [b'T', b'c'] => self.set(ops, |gs, v| gs.char_space = v),
                [b'T', b'w'] => self.set(ops, |gs, v| gs.word_space = v),
                [b'T', b'z'] => self.set(ops, |gs, v| gs.hscale = v / 100.0),
                [b'T', b'L'] => self.set(ops, |gs, v| gs.leading = v),
                [b'T', b's'] => self.set(ops, |gs, v| gs.rise = v),
                [b'T', b'r'] => self.set(ops, |gs, v| gs.render = v.clamp(0.0, 7.0) as u8),
                [b'g'] => self.set(ops, |gs, v| gs.white = v >= 0.999),
                [b'r', b'g'] => {
                    if let Some(rgb) = ops.numbers::<3>() {
                        self.gs.white = rgb.iter().all(|&v| v >= 0.999);
                    }
                }
                [b'k'] => {
                    if let Some(cmyk) = ops.numbers::<4>() {
                        self.gs.white = cmyk.iter().all(|&v| v <= 0.001);
                    }
                }
                [b'T', b'd'] => {
                    if let Some([tx, ty]) = ops.numbers::<2>() {
                        self.next_line(tx, ty);
                    }
                }
                [b'T', b'D'] => {
                    if let Some([tx, ty]) = ops.numbers::<2>() {
                        self.gs.leading = -ty;
                        self.next_line(tx, ty);
                    }
                }
                [b'T', b'm'] => {
                    if let Some(m) = ops.numbers::<6>() {
                        self.tm = m;
                        self.tlm = m;
                    }
                }
                [b'T', b'*'] => self.next_line(0.0, -self.gs.leading),
                [b'T', b'j'] => {
                    if let Some(Operand::Str(s, e)) = ops.nth_from_end(0) {
                        self.show(ops.slice(s, e))?;
                    }
                }
                [b'\''] => {
                    self.next_line(0.0, -self.gs.leading);
                    if let Some(Operand::Str(s, e)) = ops.nth_from_end(0) {
                        self.show(ops.slice(s, e))?;
                    }
                }
                [b'"'] => {
                    if let (Some(Operand::Number(aw)), Some(Operand::Number(ac))) =
                        (ops.nth_from_end(2), ops.nth_from_end(1))
                    {
                        self.gs.word_space = aw;
                        self.gs.char_space = ac;
                    }
                    self.next_line(0.0, -self.gs.leading);
                    if let Some(Operand::Str(s, e)) = ops.nth_from_end(0) {
                        self.show(ops.slice(s, e))?;
                    }
                }
                [b'T', b'J'] => self.show_array(ops)?,
                [b'D', b'o'] => {
                    if let Some(name) = ops.last_name().map(<[u8]>::to_vec) {
                        self.draw_xobject(resources, &name)?;
                    }
                }
                [b'B', b'I'] => {
                    self.count_image();
                    if self.streams.limits().ocr.engine().is_some() {
                        self.keep_inline_image(lexer);
                    }
                }
                // Paths: their clips and the rectangles they fill (see `cover`).
                [b'r', b'e'] => {
                    if let Some(rect) = ops.numbers::<4>() {
                        self.path.rect(&self.gs.ctm, rect);
                    }
                }
                [b'm'] | [b'l'] => {
                    if let Some([x, y]) = ops.numbers::<2>() {
                        self.path.point(&self.gs.ctm, x, y);
                    }
                }
                [b'c'] => {
                    if let Some(p) = ops.numbers::<6>() {
                        for pair in p.chunks_exact(2) {
                            self.path.point(&self.gs.ctm, pair[0], pair[1]);
                        }
                    }
                }
                [b'v'] | [b'y'] => {
                    if let Some(p) = ops.numbers::<4>() {
                        for pair in p.chunks_exact(2) {
                            self.path.point(&self.gs.ctm, pair[0], pair[1]);
                        }
                    }
                }
                [b'W'] | [b'W', b'*'] => self.path.clips = true,
                [b'n'] | [b'S'] | [b's'] => self.end_path(None),
                [b'f'] | [b'F'] | [b'B'] | [b'b'] => self.end_path(Some(false)),
                [b'f', b'*'] | [b'B', b'*'] | [b'b', b'*'] => self.end_path(Some(true)),
                [b'g', b's'] => {
                    if let Some(name) = ops.last_name() {
                        self.graphics_state(resources, name);
                    }
                }
                [b'B', b'M', b'C'] => self.marked.begin_plain(&self.out),
                [b'B', b'D', b'C'] => self.marked.begin_with(self.doc, ops, resources, &self.out),
                [b'E', b'M', b'C'] => self.marked.end(&mut self.out),
                _ => {}
            }
        }
        Ok(())
    }

    /// A painting operator ends the path: it clips if `W` came before, and covers the glyphs
    /// under it if it fills (`Some(even_odd)`) opaquely with rectangles.
    fn end_path(&mut self, fill: Option<bool>) {
        if self.path.clips {
            self.gs.clip = self.path.clip(self.gs.clip);
        }
        if let Some(even_odd) = fill.filter(|_| self.gs.opaque && !self.out.glyphs.is_empty()) {
            for rect in self.path.covers(even_odd) {
                let rect = self.gs.clip.map_or(*rect, |c| intersect(rect, &c));
                self.covers.cover(rect, &mut self.out.glyphs);
            }
        }
        self.path.clear();
    }

    /// `/name gs`: the fill's opacity (`/ca`) of the named graphics state parameters.
    fn graphics_state(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) {
        let doc = self.doc;
        let Some(states) = resources.and_then(|r| get_dict(doc, r, b"ExtGState")) else { return };
        let Some(state) = states.get(name).ok().and_then(|o| resolve(doc, o)).and_then(super::document::as_dict) else {
            return;
        };
        if let Some(ca) = state.get(b"ca").ok().and_then(|o| resolve(doc, o)).and_then(number) {
            self.gs.opaque = ca >= 0.999;
        }
        // A soft mask lets what is under show through.
        if state
            .get(b"SMask")
            .ok()
            .and_then(|o| resolve(doc, o))
            .is_some_and(|o| !matches!(o, Object::Name(n) if n == b"None"))
        {
            self.gs.opaque = false;
        }
    }

    fn set(&mut self, ops: &Operands, f: impl FnOnce(&mut GraphicsState, f32)) {
        if let Some([v]) = ops.numbers::<1>() {
            f(&mut self.gs, v);
        }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let at = resources.map_or(0, |r| r as *const Dictionary as usize);
        if let Some((a, n, font)) = &self.last_font {
            if *a == at && n == name {
                return font.clone();
            }
        }
        let font = self.load_font(resources, name);
        self.last_font = Some((at, name.to_vec(), font.clone()));
        font
    }

    fn load_font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = get_dict(doc, resources?, b"Font")?;
        let dict = resolve(doc, fonts.get(name).ok()?).and_then(super::document::as_dict)?;
        let key = dict as *const Dictionary as usize;
        if let Some(f) = self.fonts.get(&key) {
            return f.clone();
        }
        // A font that cannot be read shows nothing; the page's undecodable count then tells. A
        // limit hit inside it ends the page (the file is `error`, never read in part).
        let font = match Font::load(doc, dict, self.streams) {
            Ok(font) => Some(Rc::new(font)),
            Err(e) if e.is_limit() => {
                self.font_limit = Some(e);
                None
            }
            Err(_) => None,
        };
        self.fonts.insert(key, font.clone());
        font
    }

    fn show_array(&mut self, ops: &Operands) -> Result<(), ExtractError> {
        // The array is the last operand: from its `[` to the final `]`.
        let Some(open) = ops.items.iter().rposition(|o| *o == Operand::ArrayOpen) else {
            return Ok(());
        };
        for item in &ops.items[open + 1..] {
            match *item {
                Operand::Str(s, e) => self.show(ops.slice(s, e))?,
                Operand::Number(n) => {
                    let shift = -n / 1000.0 * self.gs.size;
                    match &self.gs.font {
                        Some(f) if f.vertical => self.advance(0.0, shift),
                        _ => self.advance(shift * self.gs.hscale, 0.0),
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn advance(&mut self, tx: f32, ty: f32) {
        self.tm[4] += tx * self.tm[0] + ty * self.tm[2];
        self.tm[5] += tx * self.tm[1] + ty * self.tm[3];
    }

    fn show(&mut self, bytes: &[u8]) -> Result<(), ExtractError> {
        let Some(font) = self.gs.font.clone() else {
            // Text without a font cannot be read.
            self.out.undecodable += bytes.len().div_ceil(2) as u64;
            self.out.unreadable_words += u32::from(bytes.len() >= 2);
            return Ok(());
        };
        let gs = &self.gs;
        let m = mul(&self.tm, &gs.ctm);
        let x_len = (m[0] * m[0] + m[1] * m[1]).sqrt();
        let y_len = (m[2] * m[2] + m[3] * m[3]).sqrt();
        let (dx, dy, em, along) = if font.vertical {
            let l = y_len.max(1e-6);
            (-m[2] / l, -m[3] / l, gs.size.abs() * x_len * font.em_scale, y_len)
        } else {
            let l = x_len.max(1e-6);
            let sign = if gs.hscale < 0.0 { -1.0 } else { 1.0 };
            (sign * m[0] / l, sign * m[1] / l, gs.size.abs() * y_len * font.em_scale, x_len)
        };
        let (size, char_space, word_space, hscale, rise) = (gs.size, gs.char_space, gs.word_space, gs.hscale, gs.rise);
        // Nobody sees it: invisible, filled white (filled modes), at most 1pt high, or squeezed to
        // at most 1pt wide (`1 Tz`, a text matrix without width).
        let wide = if font.vertical {
            gs.size.abs() * y_len * font.em_scale
        } else {
            gs.size.abs() * x_len * font.em_scale * gs.hscale.abs()
        };
        let unseen =
            matches!(gs.render, 3 | 7) || (gs.white && gs.render.is_multiple_of(2)) || em <= 1.0 || wide <= 1.0;
        let mut offset = 0.0f32;
        let max_glyphs = self.streams.limits().max_page_glyphs;
        let clip = gs.clip;
        let out = &mut self.out;
        let mut over_limit = false;
        font.glyphs(bytes, |glyph| {
            let (ox, oy) = if font.vertical { (rise, offset) } else { (offset, rise) };
            let x = m[4] + ox * m[0] + oy * m[2];
            let y = m[5] + ox * m[1] + oy * m[3];
            let spacing = char_space + if glyph.word_space { word_space } else { 0.0 };
            let step =
                if font.vertical { -(glyph.width * size) + spacing } else { (glyph.width * size + spacing) * hscale };
            offset += step;
            let start = out.text.len() as u32;
            let placed = Placed {
                x,
                y,
                dx,
                dy,
                size: em,
                advance: (glyph.width * size * if font.vertical { 1.0 } else { hscale.abs() }) * along,
                start,
                end: start,
                unseen,
            };
            out.picture_glyphs += u64::from(glyph.picture);
            if let Some(ch) = glyph.drawn {
                if out.drawn.len() >= max_glyphs {
                    over_limit = true;
                    return;
                }
                let replaces = matches!(glyph.text, GlyphText::Char(_) | GlyphText::Str(_));
                out.drawn.push(DrawnGlyph { at: out.glyphs.len() as u32, replaces, ch, placed });
            }
            match glyph.text {
                GlyphText::Char(c) => out.text.push(c),
                GlyphText::Str(s) => out.text.push_str(s),
                GlyphText::Nothing => return,
                GlyphText::Unknown => {
                    out.undecodable += 1;
                    out.undecodable_run += 1;
                    if out.undecodable_run == 2 {
                        out.unreadable_words += 1;
                    }
                    return;
                }
            }
            out.undecodable_run = 0;
            out.decoded += 1;
            if out.glyphs.len() >= max_glyphs {
                over_limit = true;
                return;
            }
            let placed = Placed { end: out.text.len() as u32, ..placed };
            // Outside the clip nothing of it shows; painted, it may be covered later.
            let clipped = clip.is_some_and(|c| cover::outside(&c, cover::middle(&placed)));
            out.glyphs.push(Placed { unseen: placed.unseen || clipped, ..placed });
        });
        if over_limit {
            return Err(ExtractError::limit(LimitKind::PageGlyphs, max_glyphs, max_glyphs.saturating_add(1)));
        }
        if font.vertical {
            self.advance(0.0, offset);
        } else {
            self.advance(offset, 0.0);
        }
        Ok(())
    }

    fn keep_inline_image(&mut self, lexer: &Lexer<'_>) {
        let Some((dict, data)) = lexer.inline_image() else { return };
        if self.out.inline_images.len() < MAX_INLINE_IMAGES {
            self.out.inline_images.push(InlineImage { dict: dict.to_vec(), data: data.to_vec() });
        } else {
            self.out.inline_images_dropped += 1;
        }
    }

    fn count_image(&mut self) {
        let m = &self.gs.ctm;
        self.out.images += 1;
        self.out.image_area += (m[0] * m[3] - m[1] * m[2]).abs();
    }

    /// Runs an annotation's appearance stream (a Form XObject) placed in the annotation's
    /// rectangle, as viewers draw it (PDF 32000 §12.5.5): the form's bounding box, transformed by
    /// its matrix, is scaled onto `rect`.
    pub(super) fn run_appearance(
        &mut self,
        form: &'a lopdf::Stream,
        rect: [f32; 4],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        let doc = self.doc;
        let matrix = form_matrix(doc, form);
        let bbox = form.dict.get(b"BBox").ok().and_then(|o| super::document::rect(doc, o)).unwrap_or(rect);
        let corners = [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])]
            .map(|(x, y)| (x * matrix[0] + y * matrix[2] + matrix[4], x * matrix[1] + y * matrix[3] + matrix[5]));
        let (x0, x1) = corners.iter().fold((f32::MAX, f32::MIN), |(lo, hi), c| (lo.min(c.0), hi.max(c.0)));
        let (y0, y1) = corners.iter().fold((f32::MAX, f32::MIN), |(lo, hi), c| (lo.min(c.1), hi.max(c.1)));
        let sx = if x1 - x0 > 1e-3 { (rect[2] - rect[0]) / (x1 - x0) } else { 1.0 };
        let sy = if y1 - y0 > 1e-3 { (rect[3] - rect[1]) / (y1 - y0) } else { 1.0 };
        let fit = [sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy];
        let saved = self.gs.ctm;
        self.gs.ctm = mul(&matrix, &fit);
        let result = self.run_form(form, resources, false);
        self.gs.ctm = saved;
        result
    }

    fn draw_xobject(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Result<(), ExtractError> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| get_dict(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Some(Object::Stream(stream)) = xobjects.get(name).ok().and_then(|o| resolve(doc, o)) else {
            return Ok(());
        };
        match get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => {
                self.count_image();
                // A picture without a mask paints over what is under it.
                let masked = [&b"SMask"[..], b"Mask"].iter().any(|k| stream.dict.has(k))
                    || stream
                        .dict
                        .get(b"ImageMask")
                        .ok()
                        .and_then(|o| resolve(doc, o))
                        .is_some_and(|o| matches!(o, Object::Boolean(true)));
                if let Some(rect) = cover::unit_square(&self.gs.ctm).filter(|_| !masked && self.gs.opaque) {
                    let rect = self.gs.clip.map_or(rect, |c| intersect(&rect, &c));
                    self.covers.cover(rect, &mut self.out.glyphs);
                }
                if let Ok(Object::Reference(id)) = xobjects.get(name) {
                    self.out.image_ids.push(*id);
                }
                Ok(())
            }
            Some(b"Form") => self.run_form(stream, resources, true),
            _ => Ok(()),
        }
    }

    /// Runs a Form XObject in place; `apply_matrix` says whether its `/Matrix` still needs
    /// applying (appearance streams have it folded in already).
    fn run_form(
        &mut self,
        stream: &'a lopdf::Stream,
        resources: Option<&'a Dictionary>,
        apply_matrix: bool,
    ) -> Result<(), ExtractError> {
        let doc = self.doc;
        let key = stream as *const lopdf::Stream as usize;
        if self.forms.contains(&key) {
            return Ok(()); // A form that draws itself: once is enough.
        }
        if self.forms.len() >= MAX_FORM_DEPTH {
            return Err(ExtractError::limit(LimitKind::NestingDepth, MAX_FORM_DEPTH, self.forms.len() + 1));
        }
        let content = self.streams.decode(stream)?;
        let form_resources = get_dict(doc, &stream.dict, b"Resources").or(resources);
        let saved_gs = self.gs.clone();
        let (saved_tm, saved_tlm) = (self.tm, self.tlm);
        if apply_matrix {
            self.gs.ctm = mul(&form_matrix(doc, stream), &self.gs.ctm);
        }
        self.forms.push(key);
        let saved_depth = (self.saved.len(), self.unsaved_depth);
        let mut lexer = Lexer::new(&content);
        let mut ops = Operands::default();
        let result = self.run_with(&mut lexer, &mut ops, form_resources);
        self.forms.pop();
        self.saved.truncate(saved_depth.0);
        self.unsaved_depth = saved_depth.1;
        self.gs = saved_gs;
        self.tm = saved_tm;
        self.tlm = saved_tlm;
        result
    }
}

/// The part of `a` inside `b`.
fn intersect(a: &cover::Rect, b: &cover::Rect) -> cover::Rect {
    [a[0].max(b[0]), a[1].max(b[1]), a[2].min(b[2]), a[3].min(b[3])]
}

/// A form's `/Matrix`, identity when absent or malformed.
fn form_matrix(doc: &Document, form: &lopdf::Stream) -> Matrix {
    match form.dict.get(b"Matrix").ok().and_then(|o| resolve(doc, o)) {
        Some(Object::Array(m)) => {
            let v: Vec<f32> = m.iter().filter_map(|o| resolve(doc, o).and_then(number)).collect();
            <[f32; 6]>::try_from(v.as_slice()).unwrap_or(IDENTITY)
        }
        _ => IDENTITY,
    }
}
