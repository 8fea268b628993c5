//! Reading the text of pictures (OCR): image files, scanned PDF pages, pictures inside documents.
//!
//! A mark or a listed term shown in a picture must be found like one in text: a DOCX that is one
//! pasted scan of a page headed `机密★1年` is the most common form of an old document. So every
//! reader that meets a picture hands it to [`read_picture`], which decodes it ([`picture`]), runs
//! the engine on it ([`engine`]: Tesseract 5 with `chi_sim`, as a child process killed when the
//! file's budget runs out) and pushes what was recognised as ordinary segments: one per printed
//! line, located at the picture (`word/media/image1.png`, PDF page *n*) with the line number and
//! the line's box in pixels (`field`: `box x,y wxh`). The rules then read them like any text; a
//! picture's first lines are its head, where a mark stands.
//!
//! Before any of that, the picture's properties (EXIF, XMP, IPTC, comments, PNG text chunks) are
//! read as text by [`crate::picture_meta`], with OCR on or off and whatever the picture's size: a
//! title shown in a viewer's Details is published with the picture.
//!
//! What is *not* text is accounted for, never dropped:
//!
//! | the picture | coverage |
//! | --- | --- |
//! | read, with text | read |
//! | read, nothing recognised (a photo) | read: a photo holds nothing to find |
//! | recognised only with low confidence, and it looks like a mark | unread, **needs review** |
//! | too small to hold text, or not decodable | unread with the reason |
//! | OCR off or the engine absent | unread: `image: not read (no OCR)` |
//! | the engine failed on it | unread, **needs review** |
//! | a page of a multi-page TIFF (or a GIF frame) that cannot be decoded, or beyond the 100th | unread, **needs review** |
//! | a PDF picture in a form without a permissive decoder (JBIG2, JPEG 2000) | unread, **needs review** |
//!
//! And for the whole file (see [`Tally`]): where the pictures are most of what the file shows
//! (fewer than [`MIN_VISIBLE_CHARS`] characters of text outside its properties) and no picture
//! yielded text, the file is noted as unread and needs review: a scan that could not be read is
//! not a clean document. An image file is exempt: a photo with no text passes.
//!
//! OCR's confusions that matter to marks are repaired before the rules see the text: the ★ of
//! `机密★1年` comes back as `女`, `大`, `*`, `☆` or nothing, and a level word directly followed
//! by such a look-alike (or by nothing) and a secrecy period is given its star back (see
//! [`repair_star`]); misread words of marks (`此件不子公开`) are given back too
//! ([`PHRASE_REPAIRS`]).

mod engine;
pub(crate) mod picture;
mod tsv;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use mijian_core::{CoverageNote, DocumentSink, Location, OcrGap, Role, Segment, Unread};

pub use engine::{Engine, EngineAbsent, ENGINE_VARIABLE};
// The PDF reader checks a picture's size before decoding its pixels itself.
#[cfg(feature = "pdf")]
pub(crate) use picture::MAX_PIXELS;

use crate::{ExtractError, Limits};

/// The reason noted for a picture not read because OCR is off or absent (as before OCR existed).
/// Lines recognised with a lower mean confidence (0–100) are not used as text.
pub(crate) const MIN_CONFIDENCE: f32 = 50.0;
/// A file showing fewer characters than this outside its pictures is "mainly pictures".
pub(crate) const MIN_VISIBLE_CHARS: u32 = 16;
/// Page segmentation: fully automatic (`--psm 3`), which finds a lone mark at the top right.
const PSM_PAGE: u8 = 3;

/// Whether OCR runs, as asked on the command line (`--ocr off|auto|on`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Pictures are not read.
    Off,
    /// Pictures are read when the engine is present, else noted as not read.
    #[default]
    Auto,
    /// Pictures are read; an absent engine is an error at start.
    On,
}

/// The OCR setting readers reach through [`Limits::ocr`]: the engine, if pictures are read, and
/// the tally of the pictures of the file being read.
#[derive(Clone, Debug, Default)]
pub struct Ocr {
    engine: Option<Arc<Engine>>,
    /// Why there is no engine under `auto` (for coverage notes).
    absent: Option<String>,
    tally: Arc<Tally>,
}

impl Ocr {
    /// OCR off: pictures are noted as not read.
    pub fn off() -> Ocr {
        Ocr::default()
    }

    /// OCR with `engine`.
    pub fn with_engine(engine: Engine) -> Ocr {
        Ocr { engine: Some(Arc::new(engine)), ..Ocr::default() }
    }

    /// The setting for `mode`, finding the engine ([`Engine::find`]) unless OCR is off. Under
    /// `on` an absent engine is an error; under `auto` pictures are then noted as not read, with
    /// the reason.
    pub fn for_mode(mode: OcrMode) -> Result<Ocr, EngineAbsent> {
        match (mode, mode == OcrMode::Off) {
            (_, true) => Ok(Ocr::off()),
            _ => match Engine::find() {
                Ok(engine) => Ok(Ocr::with_engine(engine)),
                Err(e) if mode == OcrMode::Auto => Ok(Ocr { absent: Some(e.to_string()), ..Ocr::off() }),
                Err(e) => Err(e),
            },
        }
    }

    /// The engine, when pictures are read.
    pub fn engine(&self) -> Option<&Engine> {
        self.engine.as_deref()
    }

    /// What to tell an operator at start: the engine, or why pictures are not read.
    pub fn describe(&self) -> String {
        self.describe_in(mijian_core::Lang::En)
    }

    /// [`Ocr::describe`] in `lang` (why the engine is absent stays as the system said it).
    pub fn describe_in(&self, lang: mijian_core::Lang) -> String {
        match (&self.engine, &self.absent, lang) {
            (Some(engine), _, mijian_core::Lang::En) => format!("OCR with {}", engine.describe()),
            (Some(engine), _, mijian_core::Lang::Zh) => format!("图片文字识别（OCR）：{}", engine.describe()),
            (None, Some(why), mijian_core::Lang::En) => format!("OCR off: {why}"),
            (None, Some(why), mijian_core::Lang::Zh) => format!("图片文字识别（OCR）关闭：{why}"),
            (None, None, mijian_core::Lang::En) => "OCR off".to_owned(),
            (None, None, mijian_core::Lang::Zh) => "图片文字识别（OCR）关闭".to_owned(),
        }
    }

    /// A copy with a fresh tally, for one file.
    pub(crate) fn for_one_file(&self) -> Ocr {
        Ocr { tally: Arc::default(), ..self.clone() }
    }

    pub(crate) fn tally(&self) -> &Tally {
        &self.tally
    }

    fn not_read(&self) -> Unread {
        match &self.absent {
            Some(_) => Unread::Ocr(OcrGap::EngineAbsent),
            None => Unread::Picture,
        }
    }
}

/// The pictures of one file: how many could hold text, how many yielded some.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pictures: AtomicU32,
    with_text: AtomicU32,
}

impl Tally {
    /// Pictures big enough to hold text that were met.
    pub(crate) fn pictures(&self) -> u32 {
        self.pictures.load(Ordering::Relaxed)
    }

    /// Of those, the ones OCR found text in.
    pub(crate) fn with_text(&self) -> u32 {
        self.with_text.load(Ordering::Relaxed)
    }
}

/// What [`read_picture`] did with a picture (each case but `Text` and `Nothing` is noted in
/// coverage as not read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Text was recognised and pushed.
    Text,
    /// Read, and nothing was recognised.
    Nothing,
    /// OCR is off or its engine absent.
    Off,
    /// Too small to hold text.
    TooSmall,
    /// Damaged, too large, or in a form the decoders do not know.
    Undecodable,
    /// The engine failed on it.
    Failed,
}

/// Reads one picture called `part` (its name in the package, `page 3 image 1`…) and pushes
/// its lines as segments at `at` (a location naming the part, with the page where there is one)
/// with `role`, and a coverage note. See the module documentation. Every page of a multi-page
/// TIFF (part `… page n`, page *n*) and every frame of an animated GIF (`… frame n`) is read,
/// up to [`picture::MAX_PAGES`]; a page that cannot be decoded, or pages beyond the cap, are
/// noted as not read and need review: they are pages of a scan.
pub(crate) fn read_picture(
    part: &str,
    bytes: &[u8],
    at: &Location,
    role: Role,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<Outcome, ExtractError> {
    // What its properties say is text whatever becomes of its pixels.
    crate::picture_meta::read_properties(part, bytes, at, limits, sink)?;
    if read_metafile(part, bytes, at, role, sink)? {
        return Ok(Outcome::Text);
    }
    if limits.ocr.engine().is_none() {
        return without_engine(part, &limits.ocr, sink);
    }
    let (outcome, total) = match picture::pages(bytes) {
        picture::Pages::One => return read_page(part, bytes, at, role, limits, sink),
        picture::Pages::Tiff(directories) => {
            let mut outcome = None;
            for (number, &directory) in (1u32..).zip(directories.iter().take(picture::MAX_PAGES)) {
                let page = picture::tiff_page(bytes, directory);
                let name = format!("{part} page {number}");
                let at = Location::part(name.as_str()).with_page(number);
                let one = read_page(&name, &page, &at, role, limits, sink)?;
                if one == Outcome::Undecodable {
                    sink.coverage(CoverageNote::unread(name, Unread::Ocr(OcrGap::Undecodable)))?;
                }
                outcome = Some(better(outcome, one));
            }
            (outcome, directories.len())
        }
        picture::Pages::Gif(total) => {
            let mut outcome = None;
            let whole = picture::gif_frames(bytes, |number, frame| {
                let name = format!("{part} frame {number}");
                let one = read_image(&name, &frame, &Location::part(name.as_str()), role, limits, sink)?;
                outcome = Some(better(outcome, one));
                Ok::<_, ExtractError>(())
            })?;
            if !whole && outcome.is_some() {
                sink.coverage(CoverageNote::unread(part, Unread::Ocr(OcrGap::Undecodable)))?;
            }
            (outcome, total)
        }
    };
    // The picture itself is accounted for too, beside its pages.
    match outcome {
        Some(Outcome::Text | Outcome::Nothing) => sink.coverage(CoverageNote::read(part))?,
        _ => sink.coverage(CoverageNote::unread(part, Unread::Ocr(OcrGap::Undecodable)))?,
    }
    if total > picture::MAX_PAGES {
        let [read, total] = [picture::MAX_PAGES, total].map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        sink.coverage(CoverageNote::unread(part, Unread::Ocr(OcrGap::FramesNotRead { read, total })))?;
    }
    Ok(outcome.unwrap_or(Outcome::Undecodable))
}

/// Reads the text a metafile picture (EMF, WMF) draws, which it holds as characters (no OCR):
/// its lines as segments at `at`. Whether it was a metafile that drew text (otherwise nothing
/// is pushed, and the picture is what it was: a drawing to note, or bytes to decode).
pub(crate) fn read_metafile(
    part: &str,
    bytes: &[u8],
    at: &Location,
    role: Role,
    sink: &mut dyn DocumentSink,
) -> Result<bool, ExtractError> {
    if !crate::metafile::is_metafile(bytes) {
        return Ok(false);
    }
    let lines = crate::metafile::text_lines(bytes);
    for (number, line) in (1u32..).zip(&lines) {
        sink.segment(Segment::new(at.clone().with_line(number), role, line.clone()))?;
    }
    if !lines.is_empty() {
        sink.coverage(CoverageNote::read(part))?;
    }
    Ok(!lines.is_empty())
}

/// Notes a picture as not read for want of the engine. It is not decoded either, so it is
/// counted as content even if it is an icon: that errs towards review.
fn without_engine(part: &str, ocr: &Ocr, sink: &mut dyn DocumentSink) -> Result<Outcome, ExtractError> {
    ocr.tally.pictures.fetch_add(1, Ordering::Relaxed);
    sink.coverage(CoverageNote::unread(part, ocr.not_read()))?;
    Ok(Outcome::Off)
}

/// What the pages of one picture yielded together: text if any page had some.
fn better(so_far: Option<Outcome>, page: Outcome) -> Outcome {
    match (so_far, page) {
        (Some(Outcome::Text), _) | (_, Outcome::Text) => Outcome::Text,
        (Some(Outcome::Nothing), _) | (_, Outcome::Nothing) => Outcome::Nothing,
        (_, page) => page,
    }
}

/// Reads one page of a picture file.
fn read_page(
    part: &str,
    bytes: &[u8],
    at: &Location,
    role: Role,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<Outcome, ExtractError> {
    let ocr = &limits.ocr;
    let Some(engine) = ocr.engine() else { return Ok(Outcome::Off) };
    let grey = match picture::prepare(bytes) {
        Ok(grey) => grey,
        Err(unfit) => {
            let outcome = if matches!(unfit, picture::Unfit::TooSmall { .. }) {
                Outcome::TooSmall
            } else {
                ocr.tally.pictures.fetch_add(1, Ordering::Relaxed);
                Outcome::Undecodable
            };
            sink.coverage(CoverageNote::unread(part, Unread::Ocr(OcrGap::Unfit(unfit))))?;
            return Ok(outcome);
        }
    };
    let width = picture::dimensions(bytes).map_or(grey.width(), |(w, _)| w);
    read_grey(part, &grey, width, at, role, engine, limits, sink)
}

/// Reads an image file (PNG, JPEG, TIFF, BMP, GIF, WebP). Without OCR it is unread and needs
/// review, as any file mijian cannot read; with OCR a picture showing no text passes (a photo),
/// and one that cannot be decoded needs review.
pub(crate) fn read_image_file(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    const PART: &str = "image";
    if limits.ocr.engine().is_none() && !crate::metafile::is_metafile(bytes) {
        crate::picture_meta::read_properties(PART, bytes, &Location::part(PART), limits, sink)?;
        let why = OcrGap::ImageFile { engine_absent: limits.ocr.absent.is_some() };
        sink.coverage(CoverageNote::unread("(file)", Unread::Ocr(why)))?;
        return Ok(());
    }
    let outcome = read_picture(PART, bytes, &Location::part(PART), Role::Body, limits, sink)?;
    if matches!(outcome, Outcome::Undecodable) {
        sink.coverage(CoverageNote::unread("(file)", Unread::Ocr(OcrGap::Undecodable)))?;
    }
    Ok(())
}

/// Reads a picture already decoded (a PDF image built from its samples).
pub(crate) fn read_image(
    part: &str,
    image: &image::DynamicImage,
    at: &Location,
    role: Role,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<Outcome, ExtractError> {
    let Some(engine) = limits.ocr.engine() else { return without_engine(part, &limits.ocr, sink) };
    if image.width() < picture::MIN_WIDTH || image.height() < picture::MIN_HEIGHT {
        let unfit = picture::Unfit::TooSmall { width: image.width(), height: image.height() };
        sink.coverage(CoverageNote::unread(part, Unread::Ocr(OcrGap::Unfit(unfit))))?;
        return Ok(Outcome::TooSmall);
    }
    let grey = picture::grey_and_scale(image);
    read_grey(part, &grey, image.width(), at, role, engine, limits, sink)
}

/// Runs the engine on a prepared picture `original_width` pixels wide as the file holds it.
#[allow(clippy::too_many_arguments)]
fn read_grey(
    part: &str,
    grey: &image::GrayImage,
    original_width: u32,
    at: &Location,
    role: Role,
    engine: &Engine,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<Outcome, ExtractError> {
    let ocr = &limits.ocr;
    ocr.tally.pictures.fetch_add(1, Ordering::Relaxed);
    let mut lines = match engine.read(picture::png(grey), PSM_PAGE, limits) {
        Ok(lines) => lines,
        // Out of time or cancelled: the file's error, not the picture's.
        Err(e) if limits.check().is_err() => return Err(e),
        Err(e) => {
            sink.coverage(CoverageNote::unread(part, Unread::Ocr(OcrGap::Failed(e.to_string()))))?;
            return Ok(Outcome::Failed);
        }
    };
    reread_head(grey, &mut lines, engine, limits)?;
    let mut number = 0;
    let mut doubtful = Vec::new();
    let scale = f64::from(grey.width()) / f64::from(original_width.max(1));
    for line in &lines {
        let b = line.area;
        if line.confidence < MIN_CONFIDENCE {
            if looks_like_a_mark(&line.text) {
                doubtful.push(line.confidence);
            }
            continue;
        }
        number += 1;
        // The box in the pixels of the picture as the file holds it, not as it was scaled.
        let [x, y, w, h] = [b.left, b.top, b.width, b.height].map(|v| (f64::from(v) / scale).round() as u32);
        let location = at.clone().with_line(number).with_field(format!("box {x},{y} {w}x{h}"));
        sink.segment(Segment::new(location, role, repair_phrases(&repair_star(&line.text))))?;
    }
    if number > 0 {
        ocr.tally.with_text.fetch_add(1, Ordering::Relaxed);
    }
    sink.coverage(CoverageNote::read(part))?;
    if !doubtful.is_empty() {
        let best = doubtful.iter().copied().fold(0.0f32, f32::max);
        sink.coverage(CoverageNote::unread(part, Unread::Ocr(OcrGap::DoubtfulMark(best.round() as u32))))?;
    }
    Ok(if number > 0 { Outcome::Text } else { Outcome::Nothing })
}

/// The share (in %) of a picture's height read again on its own: the head of a page, where GB/T
/// 9704 puts the mark (the second line of the type area: 47–55 mm down an A4 page, 19%; 37% of
/// the upper half of a page photographed alone).
const HEAD_BAND: u32 = 40;
/// Pictures lower than this (in pixels, as prepared) have no head band of their own.
const MIN_BAND_HEIGHT: u32 = 200;
/// Page segmentation for the head band: one block of text (`--psm 6`).
const PSM_BLOCK: u8 = 6;

/// Reads the head band of a page again, on its own, unless the whole-page read found something
/// mark-like in it already, and adds what only the second read found.
///
/// Measured on rendered pages (benches/ocr): the whole-page segmentation dropped a mark standing
/// alone above the title (`秘密`, `机密`: two characters far from any other text) on 8 of 20
/// clean marked pages; with the band read again, 2 were missed (mark recall 0.60 → 0.90, for
/// about a fifth more CPU).
fn reread_head(
    grey: &image::GrayImage,
    lines: &mut Vec<tsv::Line>,
    engine: &Engine,
    limits: &Limits,
) -> Result<(), ExtractError> {
    let bottom = grey.height() * HEAD_BAND / 100;
    let seen = lines.iter().any(|l| l.area.top < bottom && looks_like_a_mark(&l.text));
    if seen || grey.height() < MIN_BAND_HEIGHT {
        return Ok(());
    }
    let band = image::imageops::crop_imm(grey, 0, 0, grey.width(), bottom).to_image();
    let again = match engine.read(picture::png(&band), PSM_BLOCK, limits) {
        Ok(again) => again,
        Err(e) if limits.check().is_err() => return Err(e),
        // The whole-page read stands; the band was a second look.
        Err(_) => return Ok(()),
    };
    merge_head(lines, again);
    Ok(())
}

/// Adds the head band's lines to the whole-page read: a band line where the page read has
/// none is inserted in reading order (before the first line below it); one that overlaps a page
/// line replaces it only if the band line looks like a mark and the page line does not.
fn merge_head(lines: &mut Vec<tsv::Line>, band: Vec<tsv::Line>) {
    for line in band {
        let b = line.area;
        let overlapping = lines.iter().position(|l| {
            let a = l.area;
            let vertical = (a.top + a.height).min(b.top + b.height).saturating_sub(a.top.max(b.top));
            let horizontal = (a.left + a.width).min(b.left + b.width).saturating_sub(a.left.max(b.left));
            horizontal > 0 && vertical * 2 >= a.height.min(b.height)
        });
        match overlapping {
            Some(i) => {
                if looks_like_a_mark(&line.text) && !looks_like_a_mark(&lines[i].text) {
                    lines[i] = line;
                }
            }
            None => {
                let at = lines.iter().position(|l| l.area.top > b.top).unwrap_or(lines.len());
                lines.insert(at, line);
            }
        }
    }
}

/// Whether low-confidence text could be a mark: it holds `密` (every level word does), a star,
/// or `内部`.
fn looks_like_a_mark(text: &str) -> bool {
    text.contains(['密', '★', '☆']) || text.contains("内部") || text.contains("公开")
}

/// Characters OCR reads a ★ as (measured with chi_sim on rendered marks): star look-alikes,
/// and characters shaped like one.
const STAR_LOOKALIKES: &[char] = &['★', '☆', '*', '＊', '女', '文', '大', '太', '火', '米', '十', 'x', 'X', '※', '⭐'];
/// A line this short (without spaces) stands alone as a mark does: any one character between
/// the level word and the period is taken for the star.
const MARK_LINE: usize = 12;

/// Gives a mark its star back where OCR lost or misread it: a level word (`绝密`, `机密`,
/// `秘密`) followed by at most one star look-alike (on a line short enough to be a mark: any one
/// character) and then a secrecy period (`1年`, `6个月`, `启用前`, `长期`) is rewritten with
/// `★` between them. Everything else is left as read.
pub(crate) fn repair_star(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let alone = chars.iter().filter(|c| !c.is_whitespace()).count() <= MARK_LINE;
    let star_like = |c: char| STAR_LOOKALIKES.contains(&c) || (alone && !c.is_ascii_digit() && !c.is_whitespace());
    let mut out = String::with_capacity(line.len() + 3);
    let mut i = 0;
    while i < chars.len() {
        let level = i + 1 < chars.len() && matches!((chars[i], chars[i + 1]), ('绝' | '机' | '秘', '密'));
        if !level {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        out.push(chars[i]);
        out.push(chars[i + 1]);
        let mut j = i + 2;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let after_star = if j < chars.len() && star_like(chars[j]) && !starts_period(&chars[j..]) { j + 1 } else { j };
        let mut k = after_star;
        while k < chars.len() && chars[k] == ' ' {
            k += 1;
        }
        if starts_period(&chars[k..]) {
            out.push('★');
            i = k;
        } else {
            i += 2;
        }
    }
    out
}

/// Misreadings of the words of marks that chi_sim makes on rendered pages (measured in
/// benches/ocr), and what the mark says.
const PHRASE_REPAIRS: &[(&str, &str)] = &[("此件不子公开", "此件不予公开"), ("此件不于公开", "此件不予公开")];

/// Gives the words of a mark back where OCR misread one of their characters (see
/// [`PHRASE_REPAIRS`]).
fn repair_phrases(line: &str) -> String {
    PHRASE_REPAIRS.iter().fold(line.to_owned(), |text, (read, meant)| text.replace(read, meant))
}

/// Whether `rest` starts with a secrecy period: digits and `年`/`个月`/`月`, `启用前`, `长期`.
fn starts_period(rest: &[char]) -> bool {
    let digits = rest.iter().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    let unit: String = rest[digits..].iter().take(2).collect();
    if digits > 0 {
        // `6个` is `6个月` with its last character lost at the picture's edge or in noise.
        return unit.starts_with('年') || unit.starts_with('月') || unit.starts_with('个');
    }
    // `启用前` as OCR reads it: two of its three characters in place (`局用前`, `启用闻`).
    let word: Vec<char> = rest.iter().take(3).copied().collect();
    let right = word.iter().zip(['启', '用', '前']).filter(|(a, b)| **a == *b).count();
    (word.len() == 3 && right >= 2) || rest.starts_with(&['长', '期'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misread_or_lost_star_is_given_back_before_a_period() {
        for (read, repaired) in [
            ("机密女1年", "机密★1年"),
            ("机密1年", "机密★1年"),
            ("机密 * 10年", "机密★10年"),
            ("绝密☆启用前", "绝密★启用前"),
            ("绝密启用前", "绝密★启用前"),
            ("秘密大6个月", "秘密★6个月"),
            ("机密★1年", "机密★1年"),
            ("秘密长期", "秘密★长期"),
            ("机密鱼1年", "机密★1年"),
            ("绝密女局用前", "绝密★局用前"),
            ("绝密启用闻", "绝密★启用闻"),
            ("秘密女6个", "秘密★6个"),
        ] {
            assert_eq!(repair_star(read), repaired, "{read}");
        }
    }

    #[test]
    fn a_level_word_without_a_period_is_left_as_read() {
        for text in [
            "秘密",
            "保守国家秘密",
            "机密文件",
            "秘密花园2",
            "秘密女子",
            "密1年",
            "这份文件涉及国家秘密之1年以来的工作",
        ] {
            assert_eq!(repair_star(text), text);
        }
    }

    fn line(text: &str, top: u32, left: u32) -> tsv::Line {
        tsv::Line { text: text.into(), confidence: 90.0, area: tsv::Box4 { left, top, width: 200, height: 40 } }
    }

    #[test]
    fn the_head_band_adds_a_lone_mark_before_the_title_and_keeps_the_rest() {
        let mut page = vec![line("关于做好统计工作的通知", 300, 100), line("各区人民政府：", 400, 100)];
        let band = vec![line("秘密", 120, 100), line("关于做好统计工作的通知", 302, 100)];
        merge_head(&mut page, band);
        let texts: Vec<&str> = page.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["秘密", "关于做好统计工作的通知", "各区人民政府："]);
    }

    #[test]
    fn the_head_band_replaces_a_garbled_mark_line_only_with_a_mark_like_one() {
        let mut page = vec![line("HL BE ae", 120, 700), line("关于", 300, 100)];
        merge_head(&mut page, vec![line("机密女1年", 118, 690)]);
        assert_eq!(page[0].text, "机密女1年");
        let mut page = vec![line("机密女1年", 120, 700)];
        merge_head(&mut page, vec![line("杉密", 118, 690)]);
        assert_eq!(page[0].text, "机密女1年");
    }

    #[test]
    fn misread_words_of_a_mark_are_given_back() {
        assert_eq!(repair_phrases("此件不子公开"), "此件不予公开");
        assert_eq!(repair_phrases("依申请公开"), "依申请公开");
    }

    #[test]
    fn low_confidence_text_looks_like_a_mark_when_it_holds_a_mark_character() {
        assert!(looks_like_a_mark("机密女1"));
        assert!(looks_like_a_mark("内部资料"));
        assert!(!looks_like_a_mark("一二三"));
    }

    #[test]
    fn off_notes_the_picture_as_before_and_counts_it() {
        let limits = Limits::default();
        let mut sink = mijian_core::Collected::default();
        let outcome =
            read_picture("p.png", b"\x89PNG", &Location::part("p.png"), Role::Body, &limits, &mut sink).unwrap();
        assert_eq!(outcome, Outcome::Off);
        assert_eq!(sink.coverage, [CoverageNote::unread("p.png", Unread::Picture)]);
        assert_eq!(limits.ocr.tally().pictures(), 1);
    }
}
