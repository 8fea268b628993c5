//! The PDF reader: the text layer of every page, page headers and footers, document properties,
//! XMP, outlines, annotations and form fields.
//!
//! The path through this module, one file per step:
//!
//! - [`document`]: parse with lopdf under limits, decrypt with the empty user password, walk the
//!   page tree, decode streams within the decompression budget;
//! - [`content`] (with [`lexer`]): run each page's content streams and place every glyph;
//! - [`font`] (with [`cmap`], [`encoding`], [`font_program`](crate::font_program)): turn character codes into text;
//! - [`marked`]: the `/ActualText` and `/Alt` of marked content, where they differ from the glyphs;
//! - [`structure`]: the `/ActualText` and `/Alt` of a tagged PDF's structure elements;
//! - [`layout`]: rebuild printed lines from glyph positions; split off header and footer lines;
//! - [`meta`]: everything outside the pages' content;
//! - [`attachments`]: attached and embedded files (handed back as members), their names;
//! - [`revisions`]: text that only earlier revisions of an incrementally updated file hold;
//! - [`pictures`]: with OCR on, the image XObjects pages draw, read by [`crate::ocr`] (segments
//!   of part `page n image k`, page `n`; each picture once, however many pages draw it), and
//!   their inline images (`page n inline image k`, the dictionary read by [`inline_image`]).
//!
//! What this reader pushes into the sink, per page `n`: one [`Role::Body`] segment
//! (`page`, page `n`), and [`Role::Header`]/[`Role::Footer`] segments (`page-header`,
//! `page-footer`) for lines in the top and bottom 8% of the page, and the same parts with field `as shown` (lines cut by glyphs nobody sees, read without them) and `as drawn` (lines whose fonts draw other characters than `/ToUnicode` says, read as drawn, see [`font`]); `actual-text` ([`Role::Body`])
//! and `alt-text` ([`Role::Other`]) segments for marked-content replacement texts the glyphs do
//! not already say. For the whole file: the structure tree's replacement texts (`actual-text`,
//! `alt-text`, field `structure`), document-level text ([`meta`]), and attached files as members
//! (with `attachment` segments for their names). Then coverage notes: pages read; pages whose
//! pictures carry no text layer (a scan, `needs_review`; with OCR only where OCR read nothing); pages whose glyphs mostly cannot be decoded, or that show two or more undecodable glyphs in a row (a word nobody can read: `needs_review`, with the count); pages showing glyphs a Type3 font paints as pictures (`needs_review`: whatever their text layer says, what they show is not read). A PDF is never silently clean
//! because its text could not be read.

mod attachments;
pub(crate) mod cid_unicode;
pub(crate) mod cmap;
mod columns;
mod content;
mod cover;
mod document;
pub(crate) mod encoding;
mod font;
mod inline_image;
mod interactive;
mod layout;
mod lexer;
mod marked;
mod meta;
mod pictures;
mod revisions;
mod structure;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::Document;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use mijian_core::{OcrGap, PictureUnfit, Unread};

use crate::as_shown::push_other_reading;
use crate::{ExtractError, Limits};
use content::{FontCache, Interpreter, PageContent};
use document::Streams;

/// A page with fewer decoded characters than this, and pictures on it, has no text layer.
const MIN_TEXT_CHARS: usize = 20;
/// Share of the page the pictures must cover for a page without text to count as a scan.
const MIN_IMAGE_SHARE: f32 = 0.05;
/// Fewest undecodable glyphs for a page to be reported as unreadable when they are scattered
/// (a stray symbol is not; two in a row, a word, always are).
const MIN_UNDECODABLE: u64 = 5;

/// Reads a PDF file. See the module documentation for what is pushed.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let doc = document::load(bytes, limits)?;
    let streams = Streams::new(limits);
    let earlier = revisions::earlier_ends(bytes);
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), ExtractError> {
        if earlier.is_empty() {
            let summary = read(&doc, &streams, sink)?;
            report(&summary, sink)?;
        } else {
            let mut recording = revisions::Recording::new(&mut *sink);
            let summary = read(&doc, &streams, &mut recording)?;
            let seen = recording.into_seen();
            report(&summary, sink)?;
            revisions::read_earlier(bytes, &earlier, limits, &seen, sink)?;
        }
        Ok(())
    }));
    outcome.unwrap_or_else(|_| Err(ExtractError::corrupt(crate::Defect::ParserFailed { format: "PDF" })))
}

/// Reads pages, then the document-level text.
fn read(doc: &Document, streams: &Streams, sink: &mut dyn DocumentSink) -> Result<Summary, ExtractError> {
    let summary = read_pages(doc, streams, sink)?;
    meta::document_meta(doc, streams, sink)?;
    structure::read(doc, &summary.shown, sink)?;
    attachments::read(doc, streams, sink)?;
    interactive::read(doc, streams, sink)?;
    Ok(summary)
}

/// What reading the pages found, for the coverage notes.
#[derive(Default)]
struct Summary {
    pages: u32,
    /// Pages with pictures and no text layer (that OCR did not read).
    scanned: Vec<u32>,
    /// Whether OCR read pages.
    ocr: bool,
    /// Pages with pictures beside their text (the pictures are not read).
    pictures: Vec<u32>,
    /// Pages whose glyphs mostly cannot be decoded: (page, undecodable, total).
    undecodable: Vec<(u32, u64, u64)>,
    /// Pages showing glyphs a Type3 font paints as pictures: (page, glyphs).
    picture_glyphs: Vec<(u32, u64)>,
    /// Every page's text without whitespace, so that the structure tree's texts that repeat it
    /// can be dropped.
    shown: String,
}

/// Reads every page of `doc` into `sink`.
fn read_pages(doc: &Document, streams: &Streams, sink: &mut dyn DocumentSink) -> Result<Summary, ExtractError> {
    let pages = document::pages(doc, streams.limits())?;
    if pages.is_empty() {
        return Err(ExtractError::corrupt(crate::Defect::PdfNoPages));
    }
    let mut fonts = FontCache::new();
    let mut seen_pictures = std::collections::HashSet::new();
    let mut summary = Summary { pages: pages.len() as u32, ..Summary::default() };
    for (i, page) in pages.iter().enumerate() {
        // Cancellation and the time limit, also between pages that run no operations.
        streams.limits().check()?;
        let number = i as u32 + 1;
        let content = page_content(doc, streams, &mut fonts, page)?;
        let text = layout::page_text(&content, page.area, page.rotate);
        for (role, part, body) in [
            (Role::Header, "page-header", &text.header),
            (Role::Body, "page", &text.body),
            (Role::Footer, "page-footer", &text.footer),
        ] {
            summary.shown.extend(body.chars().filter(|c| !c.is_whitespace()));
            if !body.is_empty() {
                sink.segment(Segment::new(Location::part(part).with_page(number), role, body.as_str()))?;
            }
        }
        // Glyphs nobody sees (invisible, white, 1pt) between glyphs one sees: the lines as
        // they show, where they differ (`机` + invisible `公开` + `密★1年` shows `机密★1年`).
        if content.glyphs.iter().any(|g| g.unseen) && content.glyphs.iter().any(|g| !g.unseen) {
            let seen = PageContent {
                glyphs: content.glyphs.iter().filter(|g| !g.unseen).copied().collect(),
                text: content.text.clone(),
                ..PageContent::default()
            };
            let shown = layout::page_text(&seen, page.area, page.rotate);
            push_other_reading("", number, text.regions(), shown.regions(), "as shown", sink)?;
        }
        // Glyphs whose font draws another character than the text layer says (a `/ToUnicode`
        // that reads `甲乙` where the page shows `机密`): the lines as drawn, where they differ.
        if !content.drawn.is_empty() {
            let drawn = layout::page_text(&content.as_drawn(), page.area, page.rotate);
            push_other_reading("", number, text.regions(), drawn.regions(), "as drawn", sink)?;
        }
        for (kind, part) in [(marked::Kind::Actual, "actual-text"), (marked::Kind::Alt, "alt-text")] {
            let texts: Vec<&str> =
                content.replacements.iter().filter(|(k, _)| *k == kind).map(|(_, t)| t.as_str()).collect();
            summary.shown.extend(texts.iter().flat_map(|t| t.chars()).filter(|c| !c.is_whitespace()));
            if !texts.is_empty() {
                let role = if kind == marked::Kind::Actual { Role::Body } else { Role::Other };
                sink.segment(Segment::new(Location::part(part).with_page(number), role, texts.join("\n")))?;
            }
        }
        meta::page_annotations(doc, streams, page.dict, number, sink)?;

        if content.images > 0 {
            // Only whether the page has MIN_TEXT_CHARS characters matters: stop counting there.
            let chars = text
                .header
                .chars()
                .chain(text.body.chars())
                .chain(text.footer.chars())
                .filter(|c| !c.is_whitespace())
                .take(MIN_TEXT_CHARS)
                .count();
            let page_area = (page.area[2] - page.area[0]) * (page.area[3] - page.area[1]);
            // With OCR every picture is read; a scan (a page whose pictures are its text) that
            // OCR read nothing in stays unread, as every scan does without OCR.
            let ocr = streams.limits().ocr.engine().is_some();
            summary.ocr |= ocr;
            let read = ocr
                && pictures::read(
                    doc,
                    streams,
                    number,
                    &content.image_ids,
                    &content.inline_images,
                    &mut seen_pictures,
                    sink,
                )?;
            if content.inline_images_dropped > 0 {
                let why = PictureUnfit::InlineImagesDropped {
                    dropped: content.inline_images_dropped as usize,
                    read: content::MAX_INLINE_IMAGES,
                };
                sink.coverage(CoverageNote::unread(
                    format!("page {number} inline images"),
                    Unread::Ocr(OcrGap::Unfit(why)),
                ))?;
            }
            if chars < MIN_TEXT_CHARS && content.image_area >= MIN_IMAGE_SHARE * page_area {
                if !read {
                    summary.scanned.push(number);
                }
            } else if !ocr {
                summary.pictures.push(number);
            }
        }
        let total = content.decoded + content.undecodable;
        // Mostly undecodable, or holding a word that cannot be read: text nobody can vouch for.
        if (content.undecodable >= MIN_UNDECODABLE && content.undecodable * 2 >= total) || content.unreadable_words > 0
        {
            summary.undecodable.push((number, content.undecodable, total));
        }
        // Glyphs painted as pictures: whatever text layer they have, what they show is unread.
        if content.picture_glyphs > 0 {
            summary.picture_glyphs.push((number, content.picture_glyphs));
        }
    }
    Ok(summary)
}

fn page_content(
    doc: &Document,
    streams: &Streams,
    fonts: &mut FontCache,
    page: &document::Page<'_>,
) -> Result<PageContent, ExtractError> {
    let mut interpreter = Interpreter::new(doc, streams, fonts);
    for stream in document::contents(doc, page.dict) {
        let data = streams.decode(stream)?;
        interpreter.run(&data, page.resources)?;
    }
    for (appearance, rect) in meta::appearances(doc, page.dict) {
        interpreter.run_appearance(appearance, rect, page.resources)?;
    }
    Ok(interpreter.finish())
}

fn report(summary: &Summary, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    sink.coverage(CoverageNote::read(if summary.pages == 1 {
        "page 1".to_owned()
    } else {
        format!("pages 1-{}", summary.pages)
    }))?;
    if !summary.scanned.is_empty() {
        let pages = ranges(&summary.scanned);
        let plural = if summary.scanned.len() == 1 { "" } else { "s" };
        sink.coverage(CoverageNote::unread(
            format!("page{plural} {pages}"),
            if summary.ocr { Unread::Ocr(OcrGap::NothingRecognised) } else { Unread::NoTextLayer },
        ))?;
    }
    if !summary.pictures.is_empty() {
        sink.coverage(CoverageNote::unread(
            format!("pictures on page {}", ranges(&summary.pictures)),
            Unread::Picture,
        ))?;
    }
    for &(page, bad, total) in &summary.undecodable {
        sink.coverage(CoverageNote::unread(format!("page {page}"), Unread::UndecodableGlyphs { bad, total }))?;
    }
    for &(page, count) in &summary.picture_glyphs {
        sink.coverage(CoverageNote::unread(format!("page {page}"), Unread::PictureGlyphs { count }))?;
    }
    Ok(())
}

/// `[1, 2, 3, 5, 7, 8]` → `1-3, 5, 7-8`.
fn ranges(pages: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        if i == j {
            out.push_str(&pages[i].to_string());
        } else {
            out.push_str(&format!("{}-{}", pages[i], pages[j]));
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests;
