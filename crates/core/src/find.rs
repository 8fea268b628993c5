//! Scanning segments with compiled rules: the matching step, whose outcome [`crate::policy`] judges.

use crate::cancel::Cancel;
use crate::docnumber;
use crate::finding::{Finding, FindingKind, MarkRule, RuleId};
use crate::junction::{self, Chainer, Edges, Origin, Rendered, Window};
use crate::level::{Class, Severity};
use crate::marking::{self, window_place, Placement, Placer, Signal};
use crate::normalize::Normalized;
use crate::rules::Rules;
use crate::segment::{Location, Role, Segment};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// Options of a scan.
#[derive(Clone, Debug)]
pub struct FindOptions {
    /// Most findings of `review`/`info` level kept per file (all are still counted and judged).
    /// Markings and `block` findings are always kept. 0 means no limit.
    pub max_findings: usize,
    /// Raised, it stops the scan between two waves of segments; the outcome then says
    /// [`stopped`](FindOutcome::stopped) and must not be judged as complete.
    pub cancel: Cancel,
}

impl Default for FindOptions {
    fn default() -> Self {
        FindOptions { max_findings: 10_000, cancel: Cancel::default() }
    }
}

/// What a scan found in one file's segments.
#[derive(Clone, Debug, Default)]
pub struct FindOutcome {
    /// Findings in document order (possibly fewer than `total`, see [`FindOptions::max_findings`]).
    pub findings: Vec<Finding>,
    /// Every finding, kept or not.
    pub total: u64,
    /// Findings per rule id, for every finding.
    pub by_rule: BTreeMap<String, u64>,
    /// The most severe finding.
    pub worst: Option<Severity>,
    /// The scan was cancelled before every segment was matched.
    pub stopped: bool,
}

impl FindOutcome {
    /// Whether some findings were counted but not kept.
    pub fn truncated(&self) -> bool {
        (self.findings.len() as u64) < self.total
    }
}

/// A hit before it becomes a finding: its original range in the segment.
struct Hit {
    kind: FindingKind,
    rule: Rule,
    class: Class,
    severity: Severity,
    start: usize,
    end: usize,
    why: Vec<Signal>,
}

enum Rule {
    Mark(MarkRule),
    DocNumber,
    Entry(u32),
}

/// A rule, cheap to count by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum RuleKey {
    Static(&'static str),
    Entry(u32),
}

impl From<&Rule> for RuleKey {
    fn from(r: &Rule) -> Self {
        match r {
            Rule::Mark(m) => RuleKey::Static(m.as_str()),
            Rule::DocNumber => RuleKey::Static(docnumber::RULE),
            Rule::Entry(e) => RuleKey::Entry(*e),
        }
    }
}

/// What one segment produced: the hits it may keep, the counts of all its hits, and its edges for
/// matching across the boundary with its neighbours.
pub(crate) struct SegmentResult {
    hits: Vec<Hit>,
    counts: Vec<(RuleKey, u64)>,
    worst: Option<Severity>,
    edges: SegmentEdges,
    /// The segment's normalised text, when the engine keeps it for the excerpt matcher.
    normalized: Option<Normalized>,
}

/// The ends of a segment, for matching across segment boundaries (see [`crate::junction`]).
#[derive(Default)]
struct SegmentEdges {
    /// Its leading fragments and the head of its first long unit.
    lead: Window,
    /// Whether it is all fragments that leave a window open (it then continues one).
    whole: bool,
    /// The window still open at its end.
    trail: Option<Window>,
}

/// A window open at the end of a part's last segment, that segment, and whether the window
/// already joins segments.
type OpenWindow = (Window, usize, bool);

/// The open window of each part. The window of the part last touched is kept aside with the
/// part's name: the next segment is nearly always of the same part, and comparing the name costs
/// less than hashing it (SipHash, for each paragraph, was ~1% of a DOCX scan). The table holds
/// the other parts' windows, keyed by part names that come from the file, so it keeps its
/// flood-resistant hasher.
#[derive(Default)]
struct OpenWindows {
    recent: Option<(String, OpenWindow)>,
    others: std::collections::HashMap<String, OpenWindow>,
}

impl OpenWindows {
    /// Takes out the window of `part`, with the part's name.
    fn remove_entry(&mut self, part: &str) -> Option<(String, OpenWindow)> {
        if self.recent.as_ref().is_some_and(|(name, _)| name == part) {
            return self.recent.take();
        }
        if self.others.is_empty() {
            return None;
        }
        self.others.remove_entry(part)
    }

    /// Sets the window of `part`, which has none (it was taken out with
    /// [`OpenWindows::remove_entry`], or never had one).
    fn insert(&mut self, part: String, window: OpenWindow) {
        debug_assert!(!self.others.contains_key(&part), "{part} has a window already");
        if let Some((name, w)) = self.recent.take().filter(|(name, _)| *name != part) {
            self.others.insert(name, w);
        }
        self.recent = Some((part, window));
    }

    fn values(&self) -> impl Iterator<Item = &OpenWindow> {
        self.recent.iter().map(|(_, w)| w).chain(self.others.values())
    }

    /// Empties the table, giving back every window.
    fn drain(&mut self) -> impl Iterator<Item = OpenWindow> + '_ {
        self.recent.take().map(|(_, w)| w).into_iter().chain(self.others.drain().map(|(_, w)| w))
    }
}

/// A hit across a boundary, before it becomes a hit of a segment or a finding across segments.
struct JoinedHit {
    kind: FindingKind,
    rule: Rule,
    class: Class,
    severity: Severity,
    why: Vec<Signal>,
    from: Origin,
    to: Origin,
}

/// Segments scanned together between two merges. A constant (not the thread count) so that which
/// findings are listed never depends on the machine.
pub(crate) const WAVE: usize = 16;

thread_local! {
    static BUFFER: std::cell::RefCell<Normalized> = std::cell::RefCell::new(Normalized::new());
    /// For windows across boundaries (see `window_hits`).
    static WINDOW_BUFFER: std::cell::RefCell<(Normalized, Rendered)> =
        std::cell::RefCell::new((Normalized::new(), Rendered::default()));
    /// The edges of each unit of a segment, filled again for every unit (see `segment_junctions`).
    static EDGES: std::cell::RefCell<Edges> = std::cell::RefCell::new(Edges::default());
}

impl Hit {
    /// Markings and block findings are always listed.
    fn is_major(&self) -> bool {
        crate::policy::always_listed(self.kind, self.severity)
    }
}

/// The running totals of a scan: counts by rule, what was listed, and the quota left.
struct Tally {
    out: FindOutcome,
    /// The segment and offset of each listed finding, to put joined findings in document order.
    order: Vec<(usize, usize)>,
    /// Counts per dictionary entry, only for the entries this file matched: a file touches a
    /// handful of a 10^5-entry dictionary, and a table of every entry (zeroed, then walked, per
    /// file) was a quarter of the work on a folder of small files.
    by_entry: BTreeMap<u32, u64>,
    by_static: BTreeMap<&'static str, u64>,
    seen: HashSet<(RuleId, Location)>,
    left: usize,
}

impl Tally {
    fn count(&mut self, key: RuleKey, n: u64) {
        match key {
            RuleKey::Static(s) => *self.by_static.entry(s).or_insert(0) += n,
            RuleKey::Entry(e) => *self.by_entry.entry(e).or_insert(0) += n,
        }
    }

    /// Lists a finding unless the quota of minor findings is spent or it was listed already.
    fn list(&mut self, key: RuleKey, major: bool, at: (usize, usize), make: impl FnOnce() -> Finding) {
        if !major {
            if self.left == 0 {
                return;
            }
            self.left -= 1;
        }
        let f = make();
        // Text segments overlap by a line where a file has no paragraph breaks, and a joined
        // match may also be found inside one segment.
        if !self.seen.insert((f.rule.clone(), f.location.clone())) {
            match key {
                RuleKey::Static(s) => *self.by_static.entry(s).or_insert(1) -= 1,
                RuleKey::Entry(e) => *self.by_entry.entry(e).or_insert(1) -= 1,
            }
            return;
        }
        self.out.findings.push(f);
        self.order.push(at);
    }
}

/// Where the engine finds segment `i` and its placement: the whole file's segments, or the
/// segments a stream still holds.
pub(crate) trait Store: Sync {
    fn segment(&self, i: usize) -> &Segment;
    fn place(&self, i: usize) -> Placement<'_>;
}

/// All the segments of a file, with their places, resolved when asked for (as the streamed
/// scan's store does): a file of millions of tiny segments holds one place each, not also a
/// resolved copy of each.
struct Whole<'s> {
    segments: &'s [Segment],
    placer: Placer,
    period_filled: bool,
}

impl Store for Whole<'_> {
    fn segment(&self, i: usize) -> &Segment {
        &self.segments[i]
    }
    fn place(&self, i: usize) -> Placement<'_> {
        self.placer.get(i).resolve(|j| &self.segments[j], self.period_filled)
    }
}

/// The state of one file's scan between waves: the tally, the windows open across segments, and
/// the joined hits not yet counted.
pub(crate) struct Engine<'r> {
    rules: &'r Rules,
    cancel: Cancel,
    t: Tally,
    open: OpenWindows,
    joined: Vec<JoinedHit>,
    joined_any: bool,
    /// Each segment's normalised text, in order, when kept (see [`Engine::keep_normalized`]).
    normalized: Option<Vec<Normalized>>,
}

/// Matches the segments of a wave in parallel (see [`Engine::matcher`]).
pub(crate) struct WaveMatcher<'r> {
    rules: &'r Rules,
    cancel: Cancel,
    /// Whether each segment's normalised text is handed back (see [`Engine::keep_normalized`]).
    keep: bool,
}

impl WaveMatcher<'_> {
    /// The hits of segments `first..first + n`, keeping at most `quota` minor hits of each, or
    /// `None` if the scan was cancelled.
    pub(crate) fn run(&self, store: &impl Store, first: usize, n: usize, quota: usize) -> Option<Vec<SegmentResult>> {
        if self.cancel.is_cancelled() {
            return None;
        }
        let (rules, keep) = (self.rules, self.keep);
        Some(
            (first..first + n)
                .into_par_iter()
                .map(|i| {
                    let (seg, place) = (store.segment(i), store.place(i));
                    let (mut hits, edges, normalized) = BUFFER.with(|b| {
                        let mut buf = b.borrow_mut();
                        let (hits, edges) = rules.hits(i as u32, seg, place, &mut buf);
                        (hits, edges, keep.then(|| std::mem::take(&mut *buf)))
                    });
                    let worst = hits.iter().map(|h| h.severity).max();
                    let counts = count_rules(&hits);
                    let mut minor = 0usize;
                    hits.retain(|h| {
                        h.is_major() || {
                            minor += 1;
                            minor <= quota
                        }
                    });
                    SegmentResult { hits, counts, worst, edges, normalized }
                })
                .collect(),
        )
    }
}

impl<'r> Engine<'r> {
    pub(crate) fn new(rules: &'r Rules, opts: &FindOptions) -> Self {
        let t = Tally {
            out: FindOutcome::default(),
            order: Vec::new(),
            by_entry: BTreeMap::new(),
            by_static: BTreeMap::new(),
            seen: HashSet::new(),
            left: if opts.max_findings == 0 { usize::MAX } else { opts.max_findings },
        };
        Engine {
            rules,
            cancel: opts.cancel.clone(),
            t,
            open: OpenWindows::default(),
            joined: Vec::new(),
            joined_any: false,
            normalized: None,
        }
    }

    /// Keeps each segment's normalised text as the waves make it, for [`Engine::take_normalized`]:
    /// the excerpt matcher works on the same text instead of normalising every segment again.
    pub(crate) fn keep_normalized(&mut self) {
        self.normalized = Some(Vec::new());
    }

    /// The normalised text of every segment scanned so far, if kept.
    pub(crate) fn take_normalized(&mut self) -> Option<Vec<Normalized>> {
        self.normalized.take()
    }

    /// Matches segments `first..first + n`, which must follow the previous wave, while merging
    /// `before` (the wave matched before them, not yet merged), so that no core waits for the
    /// merge. `None` if the scan was cancelled: `before` is merged all the same, and nothing
    /// more must be fed.
    pub(crate) fn match_while_merging(
        &mut self,
        store: &impl Store,
        first: usize,
        n: usize,
        before: Option<(usize, Vec<SegmentResult>)>,
    ) -> Option<Vec<SegmentResult>> {
        let matcher = self.matcher();
        // The quota from before the merge: see `Engine::quota`.
        let quota = self.quota();
        let results = match before {
            None => matcher.run(store, first, n, quota),
            Some((at, results)) => {
                rayon::join(|| matcher.run(store, first, n, quota), || self.merge(store, at, results)).0
            }
        };
        if results.is_none() {
            self.t.out.stopped = true;
        }
        results
    }

    /// What matches the segments of a wave, apart from the engine's state: a wave can be matched
    /// while the previous one is merged.
    fn matcher(&self) -> WaveMatcher<'r> {
        WaveMatcher { rules: self.rules, cancel: self.cancel.clone(), keep: self.normalized.is_some() }
    }

    /// The most minor findings a wave matched now may still list. A wave matched before the
    /// previous one is merged may be given the quota from before that merge: it keeps more hits
    /// than can be listed, and [`Engine::merge`] lists exactly the same.
    fn quota(&self) -> usize {
        self.t.left
    }

    /// Counts and lists what the wave `first..` matched, and joins its segments with their
    /// neighbours. Waves are merged in order.
    pub(crate) fn merge(&mut self, store: &impl Store, first: usize, results: Vec<SegmentResult>) {
        let rules = self.rules;
        let t = &mut self.t;
        for (k, mut r) in results.into_iter().enumerate() {
            let i = first + k;
            let seg = store.segment(i);
            if let (Some(kept), Some(n)) = (self.normalized.as_mut(), r.normalized.take()) {
                kept.push(n);
            }
            t.out.worst = t.out.worst.max(r.worst);
            for (key, v) in r.counts {
                t.count(key, v);
            }
            let mut lines = LineTracker::default();
            for h in r.hits {
                let key = RuleKey::from(&h.rule);
                let at = (i, h.start);
                t.list(key, h.is_major(), at, || rules.finding(seg, h, &mut lines));
            }
            rules.join_segments(store, i, r.edges, &mut self.open, &mut self.joined);
        }
        self.joined_any |= !self.joined.is_empty();
        rules.tally_joined(store, &mut self.joined, t);
    }

    /// The first segment a window still open starts in or continues from: the segments before it
    /// are no longer needed.
    pub(crate) fn oldest_needed(&self) -> Option<usize> {
        self.open.values().map(|(w, seg, _)| window_start(w).unwrap_or(*seg).min(*seg)).min()
    }

    /// Matches the windows still open and returns the outcome, findings in document order.
    pub(crate) fn finish(mut self, store: &impl Store) -> FindOutcome {
        let rules = self.rules;
        let ends: Vec<OpenWindow> = self.open.drain().collect();
        for (w, seg, across) in ends {
            if across {
                let start = window_start(&w).unwrap_or(seg);
                let at = w.first_origin().map_or(0, |o| o.start as usize);
                let place = window_place(store.place(start), &store.segment(start).text, at);
                rules.window_hits(&w, place, &mut self.joined);
            }
        }
        self.joined_any |= !self.joined.is_empty();
        rules.tally_joined(store, &mut self.joined, &mut self.t);
        let Tally { mut out, order, by_entry, by_static, .. } = self.t;
        if self.joined_any {
            // Joined findings were listed when their window closed: put them in document order.
            let mut keyed: Vec<((usize, usize), Finding)> = order.into_iter().zip(out.findings).collect();
            keyed.sort_by_key(|(k, _)| *k);
            out.findings = keyed.into_iter().map(|(_, f)| f).collect();
        }
        out.total = by_static.values().sum::<u64>() + by_entry.values().sum::<u64>();
        out.by_rule = by_static.into_iter().map(|(k, v)| (k.to_string(), v)).filter(|(_, v)| *v > 0).collect();
        for (e, v) in by_entry.into_iter().filter(|&(_, v)| v > 0) {
            out.by_rule.insert(rules.entries[e as usize].source.rule_id(), v);
        }
        out
    }
}

impl Rules {
    /// Scans the segments of one file, in parallel, and returns its findings in document order.
    ///
    /// Segments are scanned in waves; before each wave the number of minor (review/info) findings
    /// still to list is known, so memory stays bounded even when a dense dictionary matches
    /// millions of times, and only listed findings are turned into text. Between waves the ends
    /// of consecutive segments of a part are joined and matched (marks and terms cut by the
    /// layout: one character per paragraph or cell, a term broken across paragraphs).
    ///
    /// A file too large to hold is scanned the same way, segment by segment, by
    /// [`Rules::find_stream`]: both run this engine, so they find the same.
    pub fn find(&self, segments: &[Segment], opts: &FindOptions) -> FindOutcome {
        let mut placer = Placer::default();
        for (i, s) in segments.iter().enumerate() {
            placer.push(i, s);
        }
        let period_filled = marking::fills_in_a_period(segments);
        let store = Whole { segments, placer, period_filled };
        let mut engine = Engine::new(self, opts);
        if self.excerpts.is_some() {
            engine.keep_normalized();
        }
        let mut matched = None;
        for first in (0..segments.len()).step_by(WAVE) {
            match engine.match_while_merging(&store, first, WAVE.min(segments.len() - first), matched.take()) {
                Some(results) => matched = Some((first, results)),
                None => break,
            }
        }
        if let Some((first, results)) = matched {
            engine.merge(&store, first, results);
        }
        let normalized = engine.take_normalized().unwrap_or_default();
        let mut out = engine.finish(&store);
        // Excerpts of registered documents are looked for over the whole file (a streamed file
        // is not checked against the index: see `find_stream`), in the text the waves normalised.
        if let Some(registered) = self.excerpts.as_ref().filter(|_| !out.stopped) {
            let found = if normalized.len() == segments.len() {
                registered.find_normalized(segments, &normalized)
            } else {
                registered.find(segments)
            };
            for f in found {
                out.total += 1;
                out.worst = out.worst.max(Some(f.severity));
                *out.by_rule.entry(f.rule.to_string()).or_insert(0) += 1;
                out.findings.push(f);
            }
        }
        out
    }

    /// Continues the window open in segment `i`'s part with segment `i`, matching what closes.
    fn join_segments(
        &self,
        store: &impl Store,
        i: usize,
        edges: SegmentEdges,
        open: &mut OpenWindows,
        joined: &mut Vec<JoinedHit>,
    ) {
        let seg = store.segment(i);
        let part = seg.location.part.as_str();
        let Some((key, (mut window, prev_i, across))) = open.remove_entry(part) else {
            if let Some(trail) = edges.trail {
                open.insert(part.to_string(), (trail, i, false));
            }
            return;
        };
        if edges.lead.len() == 0 {
            open.insert(key, (window, prev_i, across)); // an empty segment: nothing between
            return;
        }
        if !joinable(store.segment(prev_i), seg) {
            if across {
                let start = window_start(&window).unwrap_or(prev_i);
                let at = window.first_origin().map_or(0, |o| o.start as usize);
                self.window_hits(&window, window_place(store.place(start), &store.segment(start).text, at), joined);
            }
            if let Some(trail) = edges.trail {
                open.insert(key, (trail, i, false));
            }
            return;
        }
        let start = window_start(&window).unwrap_or(prev_i);
        let place = window_place(
            store.place(start),
            &store.segment(start).text,
            window.first_origin().map_or(0, |o| o.start as usize),
        );
        window.join(&edges.lead);
        if edges.whole {
            if window.len() > crate::junction::MAX_WINDOW {
                self.window_hits(&window, place, joined);
                window.keep_tail(self.junction_reach);
            }
            open.insert(key, (window, i, true));
            return;
        }
        self.window_hits(&window, place, joined);
        if let Some(trail) = edges.trail {
            open.insert(key, (trail, i, false));
        }
    }

    /// Counts and lists the hits found across segment boundaries. A hit within one segment was
    /// found when that segment was scanned (its windows are the same): it is not counted twice.
    fn tally_joined(&self, store: &impl Store, joined: &mut Vec<JoinedHit>, t: &mut Tally) {
        for h in joined.drain(..).filter(|h| h.from.seg < h.to.seg) {
            let key = RuleKey::from(&h.rule);
            t.count(key, 1);
            t.out.worst = t.out.worst.max(Some(h.severity));
            let major = crate::policy::always_listed(h.kind, h.severity);
            let at = (h.from.seg as usize, h.from.start as usize);
            t.list(key, major, at, || self.joined_finding(store, h));
        }
    }

    /// A finding across segments: located at its first character, with the text of every piece.
    fn joined_finding(&self, store: &impl Store, h: JoinedHit) -> Finding {
        let (a, b) = (h.from.seg as usize, h.to.seg as usize);
        let first = store.segment(a);
        let end = if a < b { first.text.len() } else { h.to.end as usize };
        let hit = Hit {
            kind: h.kind,
            rule: h.rule,
            class: h.class,
            severity: h.severity,
            start: h.from.start as usize,
            end,
            why: h.why,
        };
        let mut f = self.finding(first, hit, &mut LineTracker::default());
        if a >= b {
            return f;
        }
        let last = store.segment(b);
        // Pieces are joined by a line break, unless one ends with its own (text chunks do).
        let mut matched = first.text[h.from.start as usize..].to_string();
        let pieces = (a + 1..b).map(|j| store.segment(j)).filter(|s| s.location.part == first.location.part);
        for piece in pieces.map(|s| s.text.as_str()).chain([&last.text[..h.to.end as usize]]) {
            if !matched.ends_with('\n') {
                matched.push('\n');
            }
            matched.push_str(piece);
        }
        f.matched = matched;
        let line_end = memchr::memchr(b'\n', &last.text.as_bytes()[h.to.end as usize..])
            .map_or(last.text.len(), |p| h.to.end as usize + p);
        f.after = head_chars(&last.text[h.to.end as usize..line_end], 24).to_string();
        f
    }

    /// Scans a text as one body segment of a part called `text`: handy for tests and examples.
    ///
    /// ```
    /// use mijian_core::{Rules, Severity};
    /// let rules = Rules::builtin();
    /// let out = rules.find_in_text("000123\n机密★1年\n关于加强管理的通知");
    /// assert_eq!(out.worst, Some(Severity::Block));
    /// let out = rules.find_in_text("机密级载体不得通过普通邮政寄递，须由专人送达。");
    /// assert_eq!(out.worst, None);
    /// ```
    pub fn find_in_text(&self, text: &str) -> FindOutcome {
        let seg = Segment::new(Location::part("text").with_line(1), Role::Body, text);
        self.find(std::slice::from_ref(&seg), &FindOptions::default())
    }

    fn rule_id(&self, r: &Rule) -> RuleId {
        match r {
            Rule::DocNumber => RuleId::DocNumber,
            Rule::Mark(m) => RuleId::Marking(*m),
            Rule::Entry(i) => self.entries[*i as usize].source.rule(),
        }
    }

    /// The hit of a dictionary match, at its original range; an allow entry's: `Err(range)`.
    fn entry_hit(&self, m: crate::matcher::RawMatch, map: &crate::normalize::OffsetMap) -> Result<Hit, (usize, usize)> {
        let e = &self.entries[m.entry as usize];
        let (start, end) = map.range(m.start as usize, m.end as usize);
        if e.class == Class::Allow {
            return Err((start, end));
        }
        let (kind, rule, class, severity) = (e.kind, Rule::Entry(m.entry), e.class, e.class.severity());
        Ok(Hit { kind, rule, class, severity, start, end, why: Vec::new() })
    }

    /// Every hit in one segment (segment number `idx`), with original ranges, allow entries
    /// applied, including those across its own paragraph and line breaks; and its edges.
    fn hits(&self, idx: u32, seg: &Segment, place: Placement<'_>, buf: &mut Normalized) -> (Vec<Hit>, SegmentEdges) {
        buf.fill(&seg.text);
        let text = buf.text();
        let map = buf.map();
        let mut hits = Vec::new();
        let mut allow: Vec<(usize, usize)> = Vec::new();
        let mut on_match = |m: crate::matcher::RawMatch| match self.entry_hit(m, map) {
            Ok(h) => hits.push(h),
            Err(range) => allow.push(range),
        };
        if let Some(l) = &self.literal {
            l.for_each_match_in(buf, &seg.text, &mut on_match);
        }
        if let Some(p) = &self.patterns {
            p.for_each_match(text, &mut on_match);
        }
        if self.builtin || self.listed.is_some() {
            let mut listed = Vec::new();
            docnumber::for_each(text, |n| {
                if let Some(l) = &self.listed {
                    l.for_each_match(text, n, |m| listed.push(m));
                }
                if self.builtin {
                    let (s, e) = map.range(n.start, n.end);
                    let why = Vec::new();
                    let (kind, rule, class, severity) =
                        (FindingKind::DocNumber, Rule::DocNumber, Class::Info, Severity::Info);
                    hits.push(Hit { kind, rule, class, severity, start: s, end: e, why });
                }
            });
            for m in listed {
                // The literal or pattern matchers may have found it as written.
                if let Ok(h) = self.entry_hit(m, map) {
                    let same = |o: &Hit| {
                        matches!(o.rule, Rule::Entry(x) if x == m.entry) && o.start < h.end && h.start < o.end
                    };
                    if !hits.iter().any(same) {
                        hits.push(h);
                    }
                }
            }
        }
        if self.builtin {
            let mut marks = Vec::new();
            marking::find(&seg.text, buf, place, &mut marks);
            if let (Role::Properties, Some(name)) = (seg.role, &seg.location.field) {
                marking::property_says_classified(name, &seg.text, &mut marks);
            }
            hits.extend(marks.into_iter().map(|m| Hit {
                kind: FindingKind::Marking,
                rule: Rule::Mark(m.rule),
                class: m.class,
                severity: m.severity,
                start: m.start,
                end: m.end,
                why: m.why,
            }));
        }
        if !allow.is_empty() {
            hits.retain(|h| !allow.iter().any(|&(s, e)| s <= h.start && h.end <= e));
        }
        let edges = self.segment_junctions(idx, seg, place, buf, &mut hits);
        hits.sort_by_key(|h| (h.start, h.end));
        (hits, edges)
    }

    /// Matches across the paragraph and line breaks inside a segment (adding to `hits` what
    /// crosses one), and returns the segment's edges for its neighbours.
    fn segment_junctions(
        &self,
        idx: u32,
        seg: &Segment,
        place: Placement<'_>,
        buf: &Normalized,
        hits: &mut Vec<Hit>,
    ) -> SegmentEdges {
        let (text, map, reach) = (buf.text(), buf.map(), self.junction_reach);
        let mut chainer = Chainer::new(reach);
        let mut joined = Vec::new();
        let mut run = |w: &Window| {
            let at = w.first_origin().map_or(0, |o| map.start(o.start as usize));
            self.window_hits(w, window_place(place, &seg.text, at), &mut joined)
        };
        // The window of the leading units, built as they come (see `Window::extend_lead`).
        let (mut lead, mut lead_open, mut first) = (Window::default(), true, true);
        EDGES.with(|e| {
            let e = &mut *e.borrow_mut();
            for r in junction::units(text) {
                e.fill(text, r, idx, reach);
                if lead_open {
                    lead_open = lead.extend_lead(e, first);
                    first = false;
                }
                chainer.feed(e, true, &mut run);
            }
        });
        let mut trail = chainer.finish_open(&mut run);
        let whole = lead_open;
        // The edges outlive the normalised text: their origins become original offsets.
        // (One walk over the checkpoints per window: its characters come in order.) A short
        // paragraph's lead and trail are the same characters: mapped once.
        let same = trail.as_ref().is_some_and(|t| t.same_chars(&lead));
        for w in std::iter::once(&mut lead).chain(trail.as_mut().filter(|_| !same)) {
            w.map_origins(map);
        }
        if let Some(t) = trail.as_mut().filter(|_| same) {
            t.copy_chars(&lead);
        }
        for j in joined {
            let (start, end) = map.range(j.from.start as usize, j.to.end as usize);
            let h = Hit { kind: j.kind, rule: j.rule, class: j.class, severity: j.severity, start, end, why: j.why };
            let key = RuleKey::from(&h.rule);
            if !hits.iter().any(|o| RuleKey::from(&o.rule) == key && o.start == h.start && o.end == h.end) {
                hits.push(h);
            }
        }
        SegmentEdges { lead, whole, trail }
    }

    /// Matches a window (see [`crate::junction`]): terms and patterns on its characters joined,
    /// marks on its units as lines; keeps what crosses a boundary.
    fn window_hits(&self, w: &Window, place: Placement<'_>, out: &mut Vec<JoinedHit>) {
        WINDOW_BUFFER.with(|b| {
            let (n, r) = &mut *b.borrow_mut();
            self.window_hits_in(w, place, out, n, r)
        });
    }

    /// Terms and patterns of a window, on its characters joined.
    fn window_terms(&self, w: &Window, out: &mut Vec<JoinedHit>, n: &mut Normalized, r: &mut Rendered) {
        w.render_into(None, r);
        n.fill(&r.text);
        let mut allow: Vec<(usize, usize)> = Vec::new();
        let mut found: Vec<(u32, usize, usize)> = Vec::new();
        let mut on_match = |m: crate::matcher::RawMatch| {
            let e = &self.entries[m.entry as usize];
            let (a, b) = n.map().range(m.start as usize, m.end as usize);
            if e.class == Class::Allow {
                allow.push((a, b));
            } else if r.crosses(a, b) {
                found.push((m.entry, a, b));
            }
        };
        if let Some(l) = &self.literal {
            l.for_each_match_in(n, &r.text, &mut on_match);
        }
        if let Some(p) = &self.patterns {
            p.for_each_match(n.text(), &mut on_match);
        }
        if let Some(l) = &self.listed {
            let mut listed = Vec::new();
            docnumber::for_each(n.text(), |num| l.for_each_match(n.text(), num, |m| listed.push(m)));
            for m in listed {
                let (a, b) = n.map().range(m.start as usize, m.end as usize);
                let same = |&(x, s, e): &(u32, usize, usize)| x == m.entry && s < b && a < e;
                if r.crosses(a, b) && !found.iter().any(same) {
                    found.push((m.entry, a, b));
                }
            }
        }
        for (entry, a, b) in found {
            if allow.iter().any(|&(s, e)| s <= a && b <= e) {
                continue;
            }
            let Some((from, to)) = r.origins(a, b) else { continue };
            let e = &self.entries[entry as usize];
            out.push(JoinedHit {
                kind: e.kind,
                rule: Rule::Entry(entry),
                class: e.class,
                severity: e.class.severity(),
                why: vec![Signal::JoinedAcrossBoundary],
                from,
                to,
            });
        }
    }

    fn window_hits_in(
        &self,
        w: &Window,
        place: Placement<'_>,
        out: &mut Vec<JoinedHit>,
        n: &mut Normalized,
        r: &mut Rendered,
    ) {
        if self.literal.is_some() || self.patterns.is_some() || self.listed.is_some() {
            self.window_terms(w, out, n, r);
        }
        // Every mark holds one of the mark words: none of them near a boundary, no mark across it.
        if self.builtin && w.word_near_boundary(&marking::MARK_WORDS, 16) {
            w.render_into(Some('\n'), r);
            n.fill(&r.text);
            let mut marks = Vec::new();
            marking::find(&r.text, n, place, &mut marks);
            for m in marks {
                if !r.crosses(m.start, m.end) {
                    continue;
                }
                let Some((from, to)) = r.origins(m.start, m.end) else { continue };
                let mut why = m.why;
                why.push(Signal::JoinedAcrossBoundary);
                out.push(JoinedHit {
                    kind: FindingKind::Marking,
                    rule: Rule::Mark(m.rule),
                    class: m.class,
                    severity: m.severity,
                    why,
                    from,
                    to,
                });
            }
        }
    }

    /// Turns a hit into a finding with line, column and context. Hits of a segment must come in
    /// order of start, with the same tracker.
    fn finding(&self, seg: &Segment, h: Hit, lines: &mut LineTracker) -> Finding {
        let text = seg.text.as_str();
        let multi_line = seg.location.line.is_some() || text.contains('\n');
        for nl in memchr::memchr_iter(b'\n', &text.as_bytes()[lines.pos..h.start]) {
            lines.line += 1;
            lines.line_start = lines.pos + nl + 1;
        }
        lines.pos = h.start;
        let mut location = seg.location.clone();
        if multi_line {
            location.line = Some(seg.location.line.unwrap_or(1) + lines.line);
        }
        location.column = Some(text[lines.line_start..h.start].chars().count() as u32 + 1);
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[h.end..]).map_or(text.len(), |p| h.end + p);
        let category = match h.rule {
            Rule::Entry(i) => self.entries[i as usize].category.clone(),
            Rule::Mark(_) | Rule::DocNumber => None,
        };
        Finding {
            kind: h.kind,
            rule: self.rule_id(&h.rule),
            severity: h.severity,
            class: h.class,
            matched: text[h.start..h.end].to_string(),
            location,
            before: tail_chars(&text[lines.line_start..h.start], 24).to_string(),
            after: head_chars(&text[h.end..line_end], 24).to_string(),
            why: h.why.iter().map(ToString::to_string).collect(),
            why_text: Vec::new(),
            signals: h.why,
            category,
            excerpt: None,
        }
    }
}

/// Whether a window may run from the end of segment `a` into segment `b` (of the same part): the
/// same role, not document properties (separate fields), and not a text chunk that repeats the
/// last line of the previous one.
fn joinable(a: &Segment, b: &Segment) -> bool {
    if a.role != b.role || a.role == Role::Properties || a.location.field != b.location.field {
        return false;
    }
    match (a.location.line, b.location.line) {
        // `b` must start on a line after `a`'s last one: the line after its last line break if `a`
        // ends with one (two chunks cut at a blank line are joined), else the line after that.
        (Some(la), Some(lb)) => {
            let breaks = memchr::memchr_iter(b'\n', a.text.as_bytes()).count() as u32;
            la + breaks + u32::from(!a.text.ends_with('\n')) <= lb
        }
        _ => true,
    }
}

/// The segment a window starts in.
fn window_start(w: &Window) -> Option<usize> {
    w.first_origin().map(|o| o.seg as usize)
}

/// Where the previous finding of a segment was, so that line numbers are counted once.
#[derive(Default)]
struct LineTracker {
    pos: usize,
    line: u32,
    line_start: usize,
}

/// Hits per rule, without hashing: sort the keys and count runs.
fn count_rules(hits: &[Hit]) -> Vec<(RuleKey, u64)> {
    let mut keys: Vec<RuleKey> = hits.iter().map(|h| RuleKey::from(&h.rule)).collect();
    keys.sort_unstable();
    keys.chunk_by(|a, b| a == b).map(|run| (run[0], run.len() as u64)).collect()
}

fn tail_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ => s,
    }
}

fn head_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Dictionary;
    use crate::level::Verdict;

    #[test]
    fn a_cancelled_scan_stops_and_says_so() {
        let rules = Rules::builtin();
        let segments = vec![Segment::new(Location::part("text").with_line(1), Role::Body, "000123\n机密★1年\n")];
        let cancel = Cancel::new();
        let opts = FindOptions { cancel: cancel.clone(), ..FindOptions::default() };
        let whole = rules.find(&segments, &opts);
        assert!(!whole.stopped && whole.worst == Some(Severity::Block));
        cancel.cancel();
        let stopped = rules.find(&segments, &opts);
        assert!(stopped.stopped && stopped.findings.is_empty());
    }

    fn rules(dict: &str) -> Rules {
        Rules::builder().dictionary(Dictionary::parse("d", dict.as_bytes()).unwrap()).build().unwrap()
    }

    #[test]
    fn dictionary_terms_match_through_evasions() {
        let r = rules("紫电计划\t机密\t代号\nKJ-3型\t秘密\n");
        for text in [
            "紫電計劃",
            "紫 电 计 划",
            "紫·电·计·划",
            "紫\n电计划",
            "紫\u{200B}电计划",
            "ＫＪ－３型",
            "kj-3型",
            "KJ‐3型",
            "KJ–3型",
            "KJ−3型",
            "KJ﹣3型",
            "紫\u{202E}电\u{202C}计划",
        ] {
            let out = r.find_in_text(text);
            assert_eq!(out.worst, Some(Severity::Block), "{text}");
            assert_eq!(out.findings[0].matched, text.trim(), "{text}");
        }
        let out = r.find_in_text("紫电。计划");
        assert_eq!(out.worst, None, "sentence punctuation is not skipped");
    }

    #[test]
    fn allow_entries_suppress_findings_inside_them() {
        let r = rules("黄片\n三黄片\tallow\n");
        assert_eq!(r.find_in_text("服用三黄片").worst, None);
        assert_eq!(r.find_in_text("传播黄片").worst, Some(Severity::Review));
        let r = rules("绝密★启用前\tallow\n");
        assert_eq!(r.find_in_text("绝密★启用前\n2024年数学试卷").worst, None, "an operator may allow a mark");
    }

    #[test]
    fn levels_map_to_severities_and_doc_number_category() {
        let r = rules("甲项目\t工作秘密\nre:\\p{Han}{1,4}密发〔\\d{4}〕\\d+号\t机密\tdoc-number\n");
        let out = r.find_in_text("关于甲项目的函");
        assert_eq!(out.worst, Some(Severity::Review));
        let out = r.find_in_text("根据厅密发〔2020〕3号文件");
        let f = out.findings.iter().find(|f| f.rule == "d:2").unwrap();
        assert_eq!(f.kind, FindingKind::DocNumber);
        assert_eq!(f.severity, Severity::Block);
    }

    #[test]
    fn findings_carry_line_column_and_context() {
        let r = rules("紫电计划\t机密\n");
        let out = r.find_in_text("第一行\n这里有紫电\n计划的内容");
        let f = &out.findings[0];
        assert_eq!(f.matched, "紫电\n计划");
        assert_eq!(f.location.line, Some(2));
        assert_eq!(f.location.column, Some(4));
        assert_eq!(f.before, "这里有");
        assert_eq!(f.after, "的内容");
    }

    #[test]
    fn generic_doc_numbers_are_information_only() {
        let out = Rules::builtin().find_in_text("根据国办发〔2012〕12号文件");
        assert_eq!(out.worst, Some(Severity::Info));
        assert_eq!(out.findings[0].matched, "国办发〔2012〕12号");
        assert_eq!(crate::policy::judge_file(&out, &[]).verdict(), Verdict::Pass);
    }
}
