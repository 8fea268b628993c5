//! One budget per inspected file, shared by every reader of the file and of its members.
//!
//! Per-archive limits alone do not bound the work of a file: a ZIP nested four deep with sixteen
//! members per level gives every inner archive a fresh allowance, so the work grows with the
//! compression ratio times the fan-out (42.zip: 42 KB on disk, 4.5 PB unpacked). So the costly
//! things are counted once for the whole top-level file, whatever depth they happen at:
//!
//! - bytes decompressed (ZIP entries at every level, PDF streams), at most
//!   [`Limits::max_decompressed_bytes`] and at most [`Limits::max_ratio`] times the size of the
//!   top-level file (but never less than [`Limits::min_decompressed_budget`]): a file that
//!   expands a thousandfold across its nesting is a bomb however its levels share the expansion;
//! - members inspected (ZIP members, embedded files), at most [`Limits::max_members`];
//! - the memory held by the text segments waiting to be matched, the file's and those of the
//!   members being inspected under it ([`Limits::charge_segment`], charged by whoever keeps the
//!   segments and released when they are matched): at most [`Limits::max_segment_bytes`] and at
//!   most [`Limits::segment_ratio`] times the bytes read (the file and what was decompressed
//!   from it; never less than [`Limits::min_segment_budget`]). A reader turns each value it keeps
//!   apart (a JSON string, a cell, a paragraph, a shape) into one segment, so a file of millions
//!   of one-character values holds fifty times its size; this bound makes it `error` instead of
//!   an out-of-memory kill;
//! - content operations run (PDF operators), at most [`Limits::max_operations`];
//! - the time since the inspection began, at most [`Limits::time_limit`];
//! - a [`Cancel`] flag another thread may raise (the gateway, when a scan outlives its deadline).
//!
//! Readers reach the budget through the [`Limits`] they are given, so a new reader written
//! against `&Limits` is bounded without knowing about it: the ZIP layer charges inflated bytes and
//! checks for cancellation every [`CHECK_EVERY`] bytes, and long loops call [`Limits::check`].
//! The first limit hit is remembered: every later check fails with it, so the readers above the
//! one that hit it stop too, and the inspection reports that one limit once.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use mijian_core::Cancel;

use crate::{ExtractError, LimitKind, Limits};
use mijian_core::Segment;

/// How many bytes a reader may inflate, or operations it may run, between two looks at the
/// cancel flag and the clock: small enough to stop within milliseconds, large enough to cost
/// nothing measurable.
pub const CHECK_EVERY: u64 = 64 << 10;

/// The running counters of one inspection. Cloning shares them (they sit behind an `Arc`).
///
/// A fresh budget comes with [`Limits::for_file`]; [`Limits::default`] gives one that knows no
/// file size (so only the absolute limits apply), for readers called on their own.
#[derive(Clone, Debug, Default)]
pub struct Budget(Arc<Counters>);

/// What a segment costs beyond the bytes of its strings (text, part, field), as the budget
/// counts it: the segment itself (location, role, string handles), the allocator's share of its
/// three strings, and the matcher's state per segment (its placement among its neighbours). A
/// JSON array of five million one-character strings measured ~200 bytes a value over the file
/// it was read from (benches/README.md, "Session 20: memory of many tiny values").
pub const SEGMENT_OVERHEAD: u64 = 192;

/// What a value costs beyond its bytes while a reader gathers it before it becomes a segment (a
/// text piece or attribute of an XML element, a glyph run of an SVG drawing waiting to be laid
/// out): its string handle, the allocator's share and the reader's bookkeeping around it.
pub const VALUE_OVERHEAD: u64 = 128;

/// Values a reader gathers before it turns them into segments (an XML document's pieces of text
/// and attributes, an SVG drawing's glyph runs), charged to the file's segment budget as they
/// are gathered ([`Limits::charge_segment`]) and given back when this guard drops: a reader
/// that must see the whole document before it can cut it into segments is bounded like one that
/// pushes segments as it goes.
#[derive(Debug)]
pub struct Gathered<'a> {
    limits: &'a Limits,
    part: &'static str,
    bytes: u64,
}

impl<'a> Gathered<'a> {
    /// Nothing gathered yet from `part`.
    pub fn new(limits: &'a Limits, part: &'static str) -> Self {
        Gathered { limits, part, bytes: 0 }
    }

    /// Charges `values` values of `bytes` bytes in all; fails once the file's budget is spent.
    pub fn charge(&mut self, values: usize, bytes: usize) -> Result<(), ExtractError> {
        if values == 0 {
            return Ok(());
        }
        let cost = (values as u64).saturating_mul(VALUE_OVERHEAD).saturating_add(bytes as u64);
        self.bytes = self.bytes.saturating_add(cost);
        self.limits.charge_segment(cost, self.part)
    }
}

impl Drop for Gathered<'_> {
    fn drop(&mut self) {
        self.limits.release_segments(self.bytes);
    }
}

#[derive(Debug, Default)]
struct Counters {
    decompressed: AtomicU64,
    members: AtomicU64,
    /// Bytes the segments held now take (charged when kept, released when matched).
    segments: AtomicU64,
    operations: AtomicU64,
    /// Size of the top-level file, when known: the base of the expansion cap.
    file_bytes: Option<u64>,
    started: Option<Instant>,
    /// Whether `exhausted` holds an error: checked first, so the usual check takes no lock.
    spent: AtomicBool,
    /// The first limit hit, repeated by every later check.
    exhausted: Mutex<Option<ExtractError>>,
}

impl Limits {
    /// A copy of these limits with a fresh budget for one top-level file of `file_bytes` bytes,
    /// its clock started now. The [`Cancel`] flag is kept: it belongs to whoever asked for the
    /// inspection.
    pub fn for_file(&self, file_bytes: u64) -> Limits {
        let counters = Counters { file_bytes: Some(file_bytes), started: Some(Instant::now()), ..Counters::default() };
        Limits { budget: Budget(Arc::new(counters)), ..self.clone() }
    }

    /// The most bytes this inspection may decompress, all nesting levels together.
    pub fn decompressed_cap(&self) -> u64 {
        match self.budget.0.file_bytes {
            Some(size) => {
                let expansion = size.saturating_mul(self.max_ratio).max(self.min_decompressed_budget);
                self.max_decompressed_bytes.min(expansion)
            }
            None => self.max_decompressed_bytes,
        }
    }

    /// Decompressed bytes this inspection may still produce.
    pub fn decompressed_left(&self) -> u64 {
        self.decompressed_cap().saturating_sub(self.budget.0.decompressed.load(Ordering::Relaxed))
    }

    /// Fails if the inspection was cancelled, ran out of time, or already hit a limit of its
    /// budget. Cheap (two atomic loads and, with a time limit, a clock read): call it in loops.
    pub fn check(&self) -> Result<(), ExtractError> {
        let c = &self.budget.0;
        if c.spent.load(Ordering::Relaxed) {
            if let Some(e) = self.exhausted() {
                return Err(e);
            }
        }
        if self.cancel.is_cancelled() {
            return Err(self.exhaust(ExtractError::Cancelled));
        }
        if let (Some(limit), Some(started)) = (self.time_limit, c.started) {
            let seen = started.elapsed();
            if seen > limit {
                return Err(self.exhaust(ExtractError::LimitExceeded {
                    kind: LimitKind::Time,
                    limit: millis(limit),
                    seen: millis(seen),
                    part: None,
                    at: None,
                }));
            }
        }
        Ok(())
    }

    /// Counts `bytes` decompressed from `part`; fails, naming the part, once the inspection's
    /// total is over [`decompressed_cap`](Limits::decompressed_cap).
    pub fn charge_decompressed(&self, bytes: u64, part: &str) -> Result<(), ExtractError> {
        let seen = self.budget.0.decompressed.fetch_add(bytes, Ordering::Relaxed).saturating_add(bytes);
        self.within(LimitKind::DecompressedBytes, self.decompressed_cap(), seen, Some(part))
    }

    /// Counts one member (an archive member, an embedded file) about to be inspected.
    pub fn charge_member(&self, name: &str) -> Result<(), ExtractError> {
        let seen = self.budget.0.members.fetch_add(1, Ordering::Relaxed) + 1;
        self.within(LimitKind::Members, self.max_members, seen, Some(name))
    }

    /// Counts `count` content operations (PDF operators) run; checks the rest of the budget too.
    pub fn charge_operations(&self, count: u64) -> Result<(), ExtractError> {
        let seen = self.budget.0.operations.fetch_add(count, Ordering::Relaxed).saturating_add(count);
        self.within(LimitKind::Operations, self.max_operations, seen, None)
    }

    /// The most bytes the segments of this inspection may hold at once: [`segment_ratio`]
    /// times the bytes read so far (the top-level file and everything decompressed from it, at
    /// any depth), never less than [`min_segment_budget`] nor more than [`max_segment_bytes`].
    ///
    /// [`segment_ratio`]: Limits::segment_ratio
    /// [`min_segment_budget`]: Limits::min_segment_budget
    /// [`max_segment_bytes`]: Limits::max_segment_bytes
    pub fn segment_cap(&self) -> u64 {
        let c = &self.budget.0;
        match c.file_bytes {
            Some(size) => {
                let read = size.saturating_add(c.decompressed.load(Ordering::Relaxed));
                let relative = read.saturating_mul(self.segment_ratio).max(self.min_segment_budget);
                self.max_segment_bytes.min(relative)
            }
            None => self.max_segment_bytes,
        }
    }

    /// What keeping `segment` costs the budget: [`SEGMENT_OVERHEAD`] and the bytes of its text,
    /// part name and field.
    pub fn segment_cost(segment: &Segment) -> u64 {
        let strings =
            segment.text.len() + segment.location.part.len() + segment.location.field.as_ref().map_or(0, String::len);
        SEGMENT_OVERHEAD + strings as u64
    }

    /// Counts `cost` bytes (see [`segment_cost`](Limits::segment_cost)) of a segment kept from
    /// `part` until the file is matched; fails, naming the part, once what the inspection's
    /// segments hold is over [`segment_cap`](Limits::segment_cap). The cost is counted even
    /// when it fails: whoever charged it releases all it charged
    /// ([`release_segments`](Limits::release_segments)) when its segments are dropped.
    pub fn charge_segment(&self, cost: u64, part: &str) -> Result<(), ExtractError> {
        let seen = self.budget.0.segments.fetch_add(cost, Ordering::Relaxed).saturating_add(cost);
        self.within(LimitKind::SegmentBytes, self.segment_cap(), seen, Some(part))
    }

    /// Gives back `bytes` charged by [`charge_segment`](Limits::charge_segment): the segments
    /// were matched and dropped (a member's, before its container reads on).
    pub fn release_segments(&self, bytes: u64) {
        let held = &self.budget.0.segments;
        let _ = held.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |h| Some(h.saturating_sub(bytes)));
    }

    /// Bytes the segments held now take, as charged.
    pub fn segments_held(&self) -> u64 {
        self.budget.0.segments.load(Ordering::Relaxed)
    }

    /// Fails with `kind`, naming `part`, when `seen` is over `limit` (the end of the budget from
    /// then on); else checks the rest of the budget.
    fn within(&self, kind: LimitKind, limit: u64, seen: u64, part: Option<&str>) -> Result<(), ExtractError> {
        if seen > limit {
            let part = part.map(str::to_owned);
            return Err(self.exhaust(ExtractError::LimitExceeded { kind, limit, seen, part, at: None }));
        }
        self.check()
    }

    /// The limit that ended this inspection, if one did (the first one hit).
    pub fn exhausted(&self) -> Option<ExtractError> {
        self.budget.0.exhausted.lock().ok().and_then(|g| g.clone())
    }

    /// Records `error` as the end of the budget (unless an earlier one is recorded) and returns it.
    fn exhaust(&self, error: ExtractError) -> ExtractError {
        if let Ok(mut first) = self.budget.0.exhausted.lock() {
            first.get_or_insert_with(|| error.clone());
            self.budget.0.spent.store(true, Ordering::Relaxed);
        }
        error
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_follows_the_size_of_the_top_level_file() {
        let limits = Limits { max_ratio: 100, min_decompressed_budget: 1000, ..Limits::default() };
        assert_eq!(limits.for_file(5).decompressed_cap(), 1000, "small files get the floor");
        assert_eq!(limits.for_file(50).decompressed_cap(), 5000);
        let small_max = Limits { max_decompressed_bytes: 3000, ..limits.clone() };
        assert_eq!(small_max.for_file(50).decompressed_cap(), 3000, "never above the absolute limit");
        assert_eq!(limits.decompressed_cap(), limits.max_decompressed_bytes, "no file, no expansion cap");
    }

    #[test]
    fn clones_share_one_budget_and_the_first_limit_sticks() {
        let limits = Limits { max_ratio: 10, min_decompressed_budget: 100, ..Limits::default() }.for_file(5);
        let inner = limits.clone();
        inner.charge_decompressed(60, "a").unwrap();
        assert_eq!(limits.decompressed_left(), 40);
        let err = limits.charge_decompressed(41, "b").unwrap_err();
        match &err {
            ExtractError::LimitExceeded { kind: LimitKind::DecompressedBytes, limit: 100, seen: 101, part, .. } => {
                assert_eq!(part.as_deref(), Some("b"))
            }
            other => panic!("{other:?}"),
        }
        // Every later check, on any clone, fails with the same limit.
        assert_eq!(inner.check().unwrap_err().to_string(), err.to_string());
        assert_eq!(inner.charge_member("c").unwrap_err().to_string(), err.to_string());
        assert_eq!(limits.exhausted().unwrap().to_string(), err.to_string());
    }

    #[test]
    fn a_fresh_file_gets_a_fresh_budget() {
        let limits = Limits { max_members: 1, ..Limits::default() };
        let first = limits.for_file(10);
        first.charge_member("a").unwrap();
        assert!(matches!(
            first.charge_member("b"),
            Err(ExtractError::LimitExceeded { kind: LimitKind::Members, limit: 1, seen: 2, .. })
        ));
        limits.for_file(10).charge_member("a").unwrap();
    }

    #[test]
    fn cancelling_stops_every_holder_of_the_flag() {
        let cancel = Cancel::new();
        let limits = Limits { cancel: cancel.clone(), ..Limits::default() }.for_file(10);
        limits.check().unwrap();
        cancel.cancel();
        assert!(matches!(limits.check(), Err(ExtractError::Cancelled)));
        assert!(matches!(limits.charge_operations(1), Err(ExtractError::Cancelled)));
    }

    #[test]
    fn the_time_limit_is_measured_from_the_start_of_the_file() {
        let limits = Limits { time_limit: Some(Duration::ZERO), ..Limits::default() }.for_file(10);
        std::thread::sleep(Duration::from_millis(2));
        match limits.check() {
            Err(ExtractError::LimitExceeded { kind: LimitKind::Time, limit: 0, seen, .. }) => assert!(seen >= 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn segments_are_held_within_a_multiple_of_what_was_read() {
        let limits =
            Limits { segment_ratio: 4, min_segment_budget: 1000, max_segment_bytes: 1 << 20, ..Limits::default() };
        assert_eq!(limits.for_file(10).segment_cap(), 1000, "small files get the floor");
        let file = limits.for_file(400);
        assert_eq!(file.segment_cap(), 1600, "four times the file");
        file.charge_decompressed(100, "word/document.xml").unwrap();
        assert_eq!(file.segment_cap(), 2000, "what was decompressed was read too");
        let small_max = Limits { max_segment_bytes: 1500, ..limits.clone() }.for_file(400);
        assert_eq!(small_max.segment_cap(), 1500, "never above the absolute limit");
        assert_eq!(limits.segment_cap(), 1 << 20, "no file, only the absolute limit");
    }

    #[test]
    fn segments_are_charged_as_held_and_released_when_matched() {
        let limits =
            Limits { segment_ratio: 1, min_segment_budget: 3 * SEGMENT_OVERHEAD, ..Limits::default() }.for_file(1);
        let one = Segment::new(mijian_core::Location::part("json").with_field("$[0]"), mijian_core::Role::Body, "x");
        let cost = Limits::segment_cost(&one);
        assert_eq!(cost, SEGMENT_OVERHEAD + 1 + 4 + 4, "the overhead and the bytes of text, part and field");
        limits.charge_segment(cost, "json").unwrap();
        limits.charge_segment(cost, "json").unwrap();
        assert_eq!(limits.segments_held(), 2 * cost);
        // A member's segments, matched and dropped, make room for the container's next ones.
        limits.release_segments(2 * cost);
        assert_eq!(limits.segments_held(), 0);
        limits.charge_segment(cost, "json").unwrap();
        limits.charge_segment(cost, "json").unwrap();
        match limits.charge_segment(cost, "json") {
            Err(ExtractError::LimitExceeded { kind: LimitKind::SegmentBytes, limit, seen, part, .. }) => {
                assert_eq!((limit, seen, part.as_deref()), (3 * SEGMENT_OVERHEAD, 3 * cost, Some("json")));
            }
            other => panic!("{other:?}"),
        }
        assert!(limits.check().is_err(), "the file's budget is spent: every reader stops");
        limits.release_segments(u64::MAX);
        assert_eq!(limits.segments_held(), 0, "releasing never wraps around");
    }

    #[test]
    fn values_gathered_by_a_reader_are_charged_until_it_lets_them_go() {
        let limits = Limits { max_segment_bytes: 2 * VALUE_OVERHEAD + 10, ..Limits::default() }.for_file(1);
        {
            let mut gathered = Gathered::new(&limits, "xml");
            gathered.charge(0, 0).unwrap();
            gathered.charge(2, 10).unwrap();
            assert_eq!(limits.segments_held(), 2 * VALUE_OVERHEAD + 10);
        }
        assert_eq!(limits.segments_held(), 0, "given back when the reader is done with them");
        let mut gathered = Gathered::new(&limits, "svg");
        let err = gathered.charge(3, 0).unwrap_err();
        assert!(
            matches!(err, ExtractError::LimitExceeded { kind: LimitKind::SegmentBytes, ref part, .. } if part.as_deref() == Some("svg")),
            "{err}"
        );
    }

    #[test]
    fn operations_are_counted_across_calls() {
        let limits = Limits { max_operations: 10, ..Limits::default() }.for_file(1);
        limits.charge_operations(6).unwrap();
        assert!(matches!(
            limits.charge_operations(6),
            Err(ExtractError::LimitExceeded { kind: LimitKind::Operations, limit: 10, seen: 12, .. })
        ));
    }
}
