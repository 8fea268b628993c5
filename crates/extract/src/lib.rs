//! mijian's format readers: from the bytes of a file to text segments with locations.
//!
//! The path is: [`sniff`] the real format from the bytes (never the file name), then [`extract`]
//! with the reader for that format, which pushes [`Segment`](mijian_core::Segment)s, coverage notes
//! and embedded files into a [`DocumentSink`]. Readers never judge: they only say what text is
//! where, what they could not read, and why.
//!
//! Every reader treats its input as hostile: sizes, entry counts and nesting depth are bounded by
//! [`Limits`], and every failure is an [`ExtractError`] naming the part and the place. The costly
//! work of a whole file (bytes decompressed, members, PDF operators, time) is counted once for the
//! file and everything nested in it, by the [`Budget`] that [`Limits::for_file`] starts and every
//! reader reaches through its `&Limits`; the same `Limits` carry the [`Cancel`] flag. A reader
//! written against `&Limits` is bounded and cancellable without knowing it: the ZIP layer and the
//! XML reader check the budget as they go; a reader with a long loop of its own calls
//! [`Limits::check`] in it. The sink can stop a reader too: every push answers whether to go on
//! ([`mijian_core::Flow`]), and a reader passes a stop up with `?` at once, so an inspection that
//! is cancelled or over budget ends at the reader's next segment, note or member.
//!
//! Adding a format means one new module with one `extract` function and one arm in [`extract`].

#![forbid(unsafe_code)]

mod archive;
mod as_shown;
mod base64_value;
mod budget;
mod column_runs;
mod compressed;
mod csv;
mod doc;
mod docx;
mod drawingml;
mod epub;
mod eq_field;
mod error;
mod escapes;
#[cfg(feature = "pdf")]
mod font_program;
mod format_words;
#[cfg(feature = "pdf")]
#[doc(hidden)]
pub mod fuzzing;
mod html;
mod javascript;
mod json;
mod limits;
mod list_labels;
mod mail;
mod markdown_inline;
mod markup_value;
mod media_meta;
mod metafile;
mod nested;
mod numfmt;
mod ocr;
mod odf;
mod ofd;
mod ole;
mod ooxml;
mod package;
#[cfg(feature = "pdf")]
mod pdf;
mod percent;
mod picture_meta;
mod pipe_tables;
mod polyglot;
mod ppt;
mod pptx;
mod rar;
mod rtf;
mod sevenz;
mod sniff;
#[cfg(test)]
mod stopping;
mod string_values;
mod svg;
mod symbols;
mod tarball;
#[cfg(test)]
mod testing;
mod text;
mod xls;
mod xlsb;
mod xlsx;
mod xml;
mod xmldoc;
mod xz_guard;
mod zipread;
mod zipshape;

pub use budget::{Budget, Cancel, Gathered, CHECK_EVERY, SEGMENT_OVERHEAD, VALUE_OVERHEAD};
pub use error::{Defect, Encryption, ExtractError, HeaderMismatch, LimitKind};
pub use format_words::format_text;
pub use limits::Limits;
pub use ocr::{Engine, EngineAbsent, Ocr, OcrMode, ENGINE_VARIABLE};
pub use sniff::{sniff, Format};
pub use text::{extract_stream as extract_text_stream, StreamError, CHUNK as TEXT_CHUNK, MAX_STREAM_LINE};
pub use xml::decode_references;

use mijian_core::{CoverageNote, DocumentSink, Flow, Role, Segment};
use mijian_core::{Unread, Unsupported};

/// Reads `bytes` as `format` and pushes what it holds into `sink`.
///
/// Formats mijian cannot read yet produce a coverage note with `needs_review` and no error: the
/// verdict for them is `review` with the reason `unsupported format`, never `pass`.
pub fn extract(bytes: &[u8], format: Format, limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    // The pictures of this file (not of its members, which are extracted on their own) are
    // counted, to tell a scan nobody could read from a document with a photo in it.
    let limits = &Limits { ocr: limits.ocr.for_one_file(), ..limits.clone() };
    let mut visible = Visible { sink, chars: 0 };
    // A sink that said stop did so because the budget ran out or the inspection was cancelled:
    // the limit the budget recorded, if one, is the error, not the bare stop.
    read(bytes, format, limits, &mut visible).map_err(|e| match e {
        ExtractError::Cancelled => limits.exhausted().unwrap_or(e),
        e => e,
    })?;
    let tally = limits.ocr.tally();
    // An image file is a photo unless OCR finds text; a PDF notes its own scanned pages; an
    // audio or video file is noted as such, its cover pictures are not its content.
    if !matches!(format, Format::Image | Format::Pdf | Format::Media)
        && tally.pictures() > 0
        && tally.with_text() == 0
        && visible.chars < ocr::MIN_VISIBLE_CHARS
    {
        let why = mijian_core::OcrGap::MainlyPictures { not_read: limits.ocr.engine().is_none() };
        visible.sink.coverage(CoverageNote::unread("(pictures)", Unread::Ocr(why)))?;
    }
    Ok(())
}

/// Counts, up to [`ocr::MIN_VISIBLE_CHARS`], the characters of text a file shows: body, headers,
/// footers, notes. Not properties, and not [`Role::Other`]: Word writes font and theme names into
/// every file (read generically), which a reader of a pasted scan never sees.
struct Visible<'a> {
    sink: &'a mut dyn DocumentSink,
    chars: u32,
}

impl DocumentSink for Visible<'_> {
    fn segment(&mut self, segment: Segment) -> Flow {
        let shown = matches!(segment.role, Role::Body | Role::Header | Role::Footer | Role::Note);
        if self.chars < ocr::MIN_VISIBLE_CHARS && shown {
            let seen =
                segment.text.chars().filter(|c| !c.is_whitespace()).take(ocr::MIN_VISIBLE_CHARS as usize).count();
            self.chars = self.chars.saturating_add(seen as u32);
        }
        self.sink.segment(segment)
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.sink.coverage(note)
    }
    fn member(&mut self, name: String, bytes: Vec<u8>) -> Flow {
        self.sink.member(name, bytes)
    }
}

fn read(bytes: &[u8], format: Format, limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    // Every reader checks too (they can be called alone in tests); here it covers every format.
    limits.check_file_size(bytes.len())?;
    limits.check()?;
    // A file several tools read differently (a ZIP appended to a PDF, two DOCX files end to end):
    // the format's reader reads its own piece, every other reading is a member.
    let split = polyglot::split(bytes, format)?;
    for (name, piece) in split.others {
        sink.member(name, piece.to_vec())?;
    }
    let bytes = split.main;
    match format {
        Format::Text => text::extract(bytes, limits, sink),
        Format::Html => {
            html::extract(bytes, limits, sink)?;
            // A file taken for an HTML fragment by its tags may be a script or a SQL dump writing
            // markup: its strings are also read as the values they are.
            match sniff::looks_like_html_page(bytes) {
                true => Ok(()),
                false => string_values::read_text(bytes, string_values::Quotes::ALL, limits, sink),
            }
        }
        Format::Docx => docx::extract(bytes, limits, sink),
        Format::Zip => archive::extract(bytes, limits, sink),
        #[cfg(feature = "pdf")]
        Format::Pdf => pdf::extract(bytes, limits, sink),
        // Built without the PDF reader (the `pdf` feature): an error, so the file is never passed.
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(ExtractError::NotBuiltIn { format: "PDF" }),
        Format::Ole => ole::extract(bytes, limits, sink),
        Format::Xlsx => xlsx::extract(bytes, limits, sink),
        Format::Pptx => pptx::extract(bytes, limits, sink),
        Format::Ofd => ofd::extract(bytes, limits, sink),
        Format::Tar => tarball::extract(bytes, limits, sink),
        Format::Gzip => compressed::extract(bytes, compressed::Codec::Gzip, limits, sink),
        Format::Bzip2 => compressed::extract(bytes, compressed::Codec::Bzip2, limits, sink),
        Format::Xz => compressed::extract(bytes, compressed::Codec::Xz, limits, sink),
        Format::Zstd => compressed::extract(bytes, compressed::Codec::Zstd, limits, sink),
        Format::SevenZ => sevenz::extract(bytes, limits, sink),
        Format::Rar => rar::extract(bytes, limits, sink),
        Format::Xlsb => xlsb::extract(bytes, limits, sink),
        Format::Rtf => rtf::extract(bytes, limits, sink),
        Format::Odt | Format::Ods | Format::Odp => odf::extract(bytes, limits, sink),
        Format::Eml | Format::Mht => mail::extract(bytes, limits, sink),
        Format::Epub => epub::extract(bytes, limits, sink),
        Format::Json => json::extract(bytes, limits, sink),
        Format::Csv => {
            csv::extract(bytes, limits, sink)?;
            // A SQL dump is taken for a CSV file by its commas: its `'` strings are values.
            string_values::read_text(bytes, string_values::Quotes::NOT_DOUBLE, limits, sink)
        }
        Format::Xml => xmldoc::extract(bytes, limits, sink),
        Format::Svg => svg::extract(bytes, limits, sink),
        Format::Image => ocr::read_image_file(bytes, limits, sink),
        Format::Media => media_meta::extract(bytes, limits, sink),
        Format::Empty => {
            sink.coverage(CoverageNote::read("(empty file)"))?;
            Ok(())
        }
        Format::Binary => {
            sink.coverage(CoverageNote::unread("(file)", Unread::UnsupportedFormat(Unsupported::Binary)))?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use mijian_core::Collected;

    use super::*;

    /// A one-page PDF showing "Hello world" in Helvetica, with a correct cross-reference table.
    fn hello_pdf() -> Vec<u8> {
        let content = "BT /F1 12 Tf 72 700 Td (Hello world) Tj ET";
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ];
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        out
    }

    /// With the `pdf` feature (the default: every build of mijian) a PDF is read. Without it (the
    /// fuzz package's AddressSanitizer build of the other readers) it is an error that says so,
    /// never a file read as empty and passed. `cargo test -p mijian-extract --no-default-features
    /// --lib a_pdf_is_read` runs the second half.
    #[test]
    fn a_pdf_is_read_or_is_an_error_never_empty() {
        let pdf = hello_pdf();
        assert_eq!(sniff(&pdf), Format::Pdf);
        let mut sink = Collected::default();
        let result = extract(&pdf, Format::Pdf, &Limits::default(), &mut sink);
        #[cfg(feature = "pdf")]
        {
            result.unwrap();
            assert!(sink.segments.iter().any(|s| s.text == "Hello world"), "{:?}", sink.segments);
        }
        #[cfg(not(feature = "pdf"))]
        {
            let err = result.unwrap_err();
            assert!(matches!(err, ExtractError::NotBuiltIn { format: "PDF" }), "{err:?}");
            assert_eq!(err.kind(), mijian_core::ErrorKind::Internal);
            assert!(sink.segments.is_empty() && sink.coverage.is_empty());
        }
    }
}
