//! mijian's format readers: from the bytes of a file to text segments with locations.
//!
//! The path is: [`sniff`] the real format from the bytes (never the file name), then [`extract`]
//! with the reader for that format, which pushes [`Segment`](mijian_core::Segment)s, coverage notes
//! and embedded files into a [`DocumentSink`]. Readers never judge: they only say what text is
//! where, what they could not read, and why.
//!
//! Every reader treats its input as hostile: sizes, entry counts and nesting depth are bounded by
//! [`Limits`], and every failure is an [`ExtractError`] naming the part and the place.
//!
//! Adding a format means one new module with one `extract` function and one arm in [`extract`].

mod archive;
mod doc;
mod docx;
mod drawingml;
mod error;
mod html;
mod limits;
mod ofd;
mod ole;
mod ooxml;
mod package;
mod pdf;
mod polyglot;
mod pptx;
mod sniff;
#[cfg(test)]
mod testing;
mod text;
mod xlsx;
mod xml;
mod zipread;
mod zipshape;

pub use error::ExtractError;
pub use limits::Limits;
pub use sniff::{sniff, Format};

use mijian_core::{CoverageNote, DocumentSink};

/// Reads `bytes` as `format` and pushes what it holds into `sink`.
///
/// Formats mijian cannot read yet produce a coverage note with `needs_review` and no error: the
/// verdict for them is `review` with the reason `unsupported format`, never `pass`.
pub fn extract(bytes: &[u8], format: Format, limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    // Every reader checks too (they can be called alone in tests); here it covers every format.
    limits.check_file_size(bytes.len())?;
    // A file several tools read differently (a ZIP appended to a PDF, two DOCX files end to end):
    // the format's reader reads its own piece, every other reading is a member.
    let split = polyglot::split(bytes, format)?;
    for (name, piece) in split.others {
        sink.member(name, piece.to_vec());
    }
    let bytes = split.main;
    match format {
        Format::Text => text::extract(bytes, limits, sink),
        Format::Html => html::extract(bytes, limits, sink),
        Format::Docx => docx::extract(bytes, limits, sink),
        Format::Zip => archive::extract(bytes, limits, sink),
        Format::Pdf => pdf::extract(bytes, limits, sink),
        Format::Ole => ole::extract(bytes, limits, sink),
        Format::Xlsx => xlsx::extract(bytes, limits, sink),
        Format::Pptx => pptx::extract(bytes, limits, sink),
        Format::Ofd => ofd::extract(bytes, limits, sink),
        Format::Empty => {
            sink.coverage(CoverageNote::read("(empty file)"));
            Ok(())
        }
        other => {
            sink.coverage(CoverageNote::unread("(file)", format!("unsupported format: {}", other.name()), true));
            Ok(())
        }
    }
}
