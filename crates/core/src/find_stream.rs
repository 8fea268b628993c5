//! Scanning a file too large to hold: its segments are fed one at a time and dropped once
//! nothing needs them.
//!
//! [`Rules::find`] takes every segment of a file at once. A 1 GiB text file held whole costs its
//! bytes, the segments cut from them and the normalised copies; [`Rules::find_stream`] runs the
//! same engine on the segments as a reader produces them, keeping only the wave being matched, the
//! segments a window across a boundary still reaches back into, and the lines the mark rules look
//! at around a segment. The waves, the windows across segment boundaries, the document head and
//! the order of findings are those of the whole-file scan, so both find the same; the one fact
//! about the whole document the rules need (does it fill in a 保密期限? see [`PeriodProbe`]) is
//! learnt by a first pass over the file.
//!
//! ```
//! use mijian_core::{Location, PeriodProbe, Role, Rules, FindOptions, Segment};
//! let rules = Rules::builtin();
//! let texts = ["000123\n机密★1年\n", "关于加强管理的通知\n"];
//! let segment = |i: usize| Segment::new(Location::part("text").with_line(1 + 2 * i as u32), Role::Body, texts[i]);
//! let mut probe = PeriodProbe::default();
//! texts.iter().for_each(|t| probe.feed(t));
//! let mut stream = rules.find_stream(&FindOptions::default(), probe.finish());
//! (0..2).for_each(|i| stream.push(segment(i)));
//! let streamed = stream.finish();
//! let whole = rules.find(&[segment(0), segment(1)], &FindOptions::default());
//! assert_eq!(streamed.findings, whole.findings);
//! ```
//!
//! [`PeriodProbe`]: crate::PeriodProbe

use crate::find::{Engine, FindOptions, FindOutcome, SegmentResult, Store, WAVE};
use crate::marking::{Placement, Placer};
use crate::rules::Rules;
use crate::segment::Segment;
use std::collections::VecDeque;

/// A scan fed segment by segment (see the module documentation). Made by [`Rules::find_stream`].
pub struct FindStream<'r> {
    engine: Engine<'r>,
    held: Held,
    /// Segments pushed so far.
    pushed: usize,
    /// The first segment not yet matched.
    next: usize,
    /// The last wave matched, not yet merged: its first segment and its results. The next wave
    /// is matched while it is merged, so that no core waits for the merge.
    matched: Option<(usize, Vec<SegmentResult>)>,
    /// False once the scan was cancelled: what is pushed then is dropped.
    live: bool,
}

/// The segments still needed, and the places of the segments.
struct Held {
    segments: VecDeque<Segment>,
    /// The number of the first segment held.
    base: usize,
    placer: Placer,
    period_filled: bool,
}

impl Store for Held {
    fn segment(&self, i: usize) -> &Segment {
        &self.segments[i - self.base]
    }
    fn place(&self, i: usize) -> Placement<'_> {
        self.placer.get(i).resolve(|j| self.segment(j), self.period_filled)
    }
}

impl Rules {
    /// A scan fed segment by segment, for a file too large to hold (see [`FindStream`]).
    /// `period_filled` says whether the document fills in a 保密期限 anywhere: learn it with a
    /// [`PeriodProbe`](crate::PeriodProbe) over the same segments first.
    pub fn find_stream(&self, opts: &FindOptions, period_filled: bool) -> FindStream<'_> {
        FindStream {
            engine: Engine::new(self, opts),
            held: Held { segments: VecDeque::new(), base: 0, placer: Placer::default(), period_filled },
            pushed: 0,
            next: 0,
            matched: None,
            live: true,
        }
    }
}

impl FindStream<'_> {
    /// Feeds the next segment of the file. A wave of segments is matched as soon as the places
    /// of all its segments are settled (a later segment may still tell one its next line), while
    /// the wave before it is merged.
    pub fn push(&mut self, segment: Segment) {
        if !self.live {
            return;
        }
        self.held.placer.push(self.pushed, &segment);
        self.held.segments.push_back(segment);
        self.pushed += 1;
        while self.pushed - self.next >= WAVE && self.held.placer.settled_before() >= self.next + WAVE {
            if !self.match_next(WAVE) {
                self.live = false;
                self.held.segments.clear();
                return;
            }
            self.forget();
        }
    }

    /// Matches the next `n` segments while merging the wave matched before them; false if the
    /// scan was cancelled.
    fn match_next(&mut self, n: usize) -> bool {
        let before = self.matched.take();
        match self.engine.match_while_merging(&self.held, self.next, n, before) {
            Some(results) => {
                self.matched = Some((self.next, results));
                self.next += n;
                true
            }
            None => false,
        }
    }

    /// Matches what is left and returns the outcome, as [`Rules::find`] would for all the
    /// segments pushed.
    pub fn finish(mut self) -> FindOutcome {
        while self.live && self.next < self.pushed {
            if !self.match_next(WAVE.min(self.pushed - self.next)) {
                break;
            }
        }
        if let Some((before, results)) = self.matched.take() {
            self.engine.merge(&self.held, before, results);
        }
        self.engine.finish(&self.held)
    }

    /// Drops the segments nothing needs any more: those before the next wave, before every
    /// window still open, and before the lines the held segments' places point to.
    fn forget(&mut self) {
        // Places resolved from now on: those of the segments still to match and of the segments
        // open windows start in. The lines they point to may be in earlier segments, whose own
        // places will not be resolved again.
        // The wave matched but not merged is needed whole.
        let unmerged = self.matched.as_ref().map_or(self.next, |(first, _)| *first);
        let needed = unmerged.min(self.engine.oldest_needed().unwrap_or(usize::MAX));
        let lines = (needed..self.pushed).filter_map(|i| self.held.placer.get(i).oldest_line()).min();
        let floor = lines.map_or(needed, |l| l.min(needed));
        let held = &mut self.held;
        while held.base < floor && !held.segments.is_empty() {
            held.segments.pop_front();
            held.base += 1;
        }
        held.placer.forget_before(floor);
    }

    /// Segments held now (for tests of the memory bound).
    #[cfg(test)]
    fn held(&self) -> usize {
        self.held.segments.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Dictionary;
    use crate::segment::{Location, Role};
    use crate::PeriodProbe;

    fn whole_and_streamed(
        rules: &Rules,
        segments: &[Segment],
        opts: &FindOptions,
    ) -> (FindOutcome, FindOutcome, usize) {
        let whole = rules.find(segments, opts);
        let mut probe = PeriodProbe::default();
        segments.iter().for_each(|s| probe.feed(&s.text));
        let mut stream = rules.find_stream(opts, probe.finish());
        let mut most = 0;
        for s in segments {
            stream.push(s.clone());
            most = most.max(stream.held());
        }
        (whole, stream.finish(), most)
    }

    fn assert_same(a: &FindOutcome, b: &FindOutcome) {
        assert_eq!(a.findings, b.findings);
        assert_eq!((a.total, &a.by_rule, a.worst, a.stopped), (b.total, &b.by_rule, b.worst, b.stopped));
    }

    /// Paragraphs (segments the junction joins), with a term cut by every other paragraph break,
    /// a term spelt one character per line across the others, marks in the head and in the body.
    fn text_segments(n: usize) -> Vec<Segment> {
        let mut out = Vec::new();
        for i in 0..n {
            let mut text = String::new();
            if i == 0 {
                text.push_str("000123\n机密★1年\n关于紫电计划的通知\n");
            }
            if i == n / 2 {
                text.push_str("秘密★5年\n保密期限：十年\n");
            }
            text.push_str(&format!("第{i}段正文，紫电计划第{i}次试验。\n"));
            // a term cut by the end of the segment, another spelt one character per line
            text.push_str(if i % 2 == 0 { "普通文字紫电\n" } else { "其后\n紫\n" });
            out.push(Segment::new(Location::part("text").with_paragraph(2 * i as u32 + 1), Role::Body, text));
            let next = if i % 2 == 0 { "计划在此结束。\n\n" } else { "电\n计\n划\n\n" };
            let mut head = String::from(next);
            head.push_str("另起一段。\n");
            out.push(Segment::new(Location::part("text").with_paragraph(2 * i as u32 + 2), Role::Body, head));
        }
        out
    }

    #[test]
    fn streamed_finds_what_whole_finds_and_holds_little() {
        let rules = Rules::builder()
            .dictionary(Dictionary::parse("d", "紫电计划\t机密\n另起\n".as_bytes()).unwrap())
            .build()
            .unwrap();
        let segments = text_segments(200);
        // Quotas spent in the first wave, in later ones (a wave is matched with the quota from
        // before the previous wave was merged), never.
        for max_findings in [0, 7, 40, 61, 10_000] {
            let opts = FindOptions { max_findings, ..FindOptions::default() };
            let (whole, streamed, most) = whole_and_streamed(&rules, &segments, &opts);
            assert_same(&whole, &streamed);
            assert!(most <= 3 * WAVE, "held {most} segments of {}", segments.len());
        }
        let (whole, ..) = whole_and_streamed(&rules, &segments, &FindOptions { max_findings: 0, ..Default::default() });
        // Every cut term is found once, the whole ones too, and the head mark blocks.
        let terms = whole.findings.iter().filter(|f| f.rule == "d:1").count();
        assert_eq!(terms, 200 + 200 + 1, "{:?}", whole.by_rule);
        assert!(whole.findings.iter().any(|f| f.matched.starts_with("紫\n") && f.matched.ends_with("电\n计\n划")));
        assert!(whole.findings.iter().any(|f| f.kind == crate::FindingKind::Marking && f.location.line == Some(2)));
    }

    #[test]
    fn a_cancelled_stream_stops_and_says_so() {
        let rules = Rules::builtin();
        let cancel = crate::Cancel::new();
        let opts = FindOptions { cancel: cancel.clone(), ..FindOptions::default() };
        let mut stream = rules.find_stream(&opts, false);
        cancel.cancel();
        for s in text_segments(40) {
            stream.push(s);
        }
        let out = stream.finish();
        assert!(out.stopped && out.findings.is_empty());
    }
}
