use std::time::Duration;

use crate::budget::{Budget, Cancel};
use crate::ocr::Ocr;
use crate::{ExtractError, LimitKind};

/// Bounds on what a reader will do with one file, so that a hostile file gets an error instead
/// of exhausting memory or time.
///
/// Some bounds hold per part or per archive (`max_part_bytes`, `max_entries`…); the costly ones
/// hold for the whole top-level file, members and nesting included, through the shared
/// [`budget`](Limits::budget) (see [`for_file`](Limits::for_file) and the `budget` module).
/// Readers get it all from the `&Limits` they are given.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of decompressed bytes read from one top-level file, all archives and nesting
    /// levels together.
    pub max_decompressed_bytes: u64,
    /// Largest single decompressed part.
    pub max_part_bytes: u64,
    /// Most entries an archive may list.
    pub max_entries: usize,
    /// Deepest XML element nesting.
    pub max_xml_depth: usize,
    /// Deepest nesting of containers (a DOCX inside a ZIP inside a ZIP…).
    pub max_nesting: usize,
    /// Largest compression ratio (decompressed / compressed): of one archive entry, and of the
    /// whole top-level file, all its nesting levels together (a zip-bomb guard).
    pub max_ratio: u64,
    /// The whole-file ratio never caps decompression below this many bytes: small files may
    /// expand a lot without costing anything.
    pub min_decompressed_budget: u64,
    /// Most members (archive members, embedded files) inspected for one top-level file.
    pub max_members: u64,
    /// Most bytes the segments of one top-level file may hold at once, its members' included
    /// (each segment counted as [`SEGMENT_OVERHEAD`](crate::SEGMENT_OVERHEAD) bytes plus its
    /// text): the absolute bound of [`segment_cap`](Limits::segment_cap).
    pub max_segment_bytes: u64,
    /// Most bytes the segments may hold per byte read (the file's own size plus what was
    /// decompressed from it), so that no shape of file makes its inspection hold far more than
    /// it reads (a 30 MB JSON array of one-character strings is five million segments).
    pub segment_ratio: u64,
    /// The ratio never caps the segments below this many bytes: a small file may hold many
    /// small segments without costing anything.
    pub min_segment_budget: u64,
    /// Most content operations (PDF operators, forms included) run for one top-level file.
    pub max_operations: u64,
    /// Most pages of one PDF; a page tree holding more is an error, not read in part.
    pub max_pdf_pages: u64,
    /// Most objects one PDF may declare or hold (each costs memory once loaded).
    pub max_pdf_objects: usize,
    /// Most content-stream operations run for one PDF page (forms drawn on it included).
    pub max_page_operations: u64,
    /// Most glyphs one PDF page may show (each is kept until the page is laid out).
    pub max_page_glyphs: usize,
    /// Most mappings of one kind in a PDF font's CMap (a full CJK font maps ~30,000 codes).
    pub max_cmap_entries: usize,
    /// Most characters of text in one Word 97–2003 document (its piece table may claim more
    /// than the file holds).
    pub max_doc_chars: usize,
    /// Longest time one top-level file may take, from [`for_file`](Limits::for_file); `None`
    /// for no time limit (results then never depend on the machine's speed).
    pub time_limit: Option<Duration>,
    /// Raised by whoever asked for the inspection to stop it (see [`Cancel`]).
    pub cancel: Cancel,
    /// What the file has used so far; shared by clones. [`for_file`](Limits::for_file) starts a
    /// fresh one.
    pub budget: Budget,
    /// Whether pictures are read, and with which engine (off by default: see [`Ocr::for_mode`]).
    /// OCR runs within the budget: the engine is killed when the time runs out or on cancel.
    pub ocr: Ocr,
}

impl Limits {
    /// Refuses a file of `len` bytes if it is over `max_file_bytes`.
    pub(crate) fn check_file_size(&self, len: usize) -> Result<(), ExtractError> {
        if len as u64 > self.max_file_bytes {
            return Err(ExtractError::LimitExceeded {
                kind: LimitKind::FileBytes,
                limit: self.max_file_bytes,
                seen: len as u64,
                part: None,
                at: None,
            });
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1 << 30,
            max_decompressed_bytes: 1 << 30,
            max_part_bytes: 512 << 20,
            max_entries: 20_000,
            max_xml_depth: 256,
            max_nesting: 4,
            max_ratio: 1_000,
            min_decompressed_budget: 16 << 20,
            max_members: 100_000,
            max_segment_bytes: 1 << 30,
            segment_ratio: 16,
            min_segment_budget: 64 << 20,
            max_operations: 100_000_000,
            max_pdf_pages: 100_000,
            max_pdf_objects: 2_000_000,
            max_page_operations: 10_000_000,
            max_page_glyphs: 2_000_000,
            max_cmap_entries: 200_000,
            max_doc_chars: 256 << 20,
            time_limit: None,
            cancel: Cancel::default(),
            budget: Budget::default(),
            ocr: Ocr::off(),
        }
    }
}
