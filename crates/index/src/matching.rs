//! Finding registered documents in a scanned file.
//!
//! The scanned file's segments are reduced to content characters and winnowed exactly as at
//! registration; each kept fingerprint is looked up. A hit is a *seed*: the scanned k-gram at `i`
//! equals the registered k-gram at `p` of document `d`. From a seed the match is extended left
//! and right, k-gram by k-gram, as long as the scanned k-gram's keyed sketch byte equals the
//! registered one at the same offset: the result is a *run*, a contiguous stretch of text the
//! two share, measured exactly (a false continuation needs k consecutive sketch bytes to agree by
//! chance, 2^-8 each). Seeds inside a run found already are skipped.
//!
//! Most postings of a seed are of a common phrase: the run would be a few characters longer
//! than the k-gram and count nowhere. Each posting carries a check of its neighbours (two bits
//! of the sketch of the eight k-grams each side): from it alone the run's greatest possible
//! extent is known, and a posting whose run could not reach [`COUNTED_RUN`] is passed over
//! without reading the registered document's sketch (in a large index, a cache miss each).
//!
//! Runs are then gathered per registered document: the longest run, all runs added up, and the
//! share of the registered document's (non-boilerplate) text they cover, and judged by
//! [`ExcerptPolicy`]. Reordered paragraphs, dropped sentences and text inserted around an
//! excerpt only cut it into several runs; each is still found, and containment adds them up.

use crate::filter::SeedFilter;
use crate::fingerprint::{for_each_kept, rolling_hash_at, rolling_hashes};
use crate::key::{Hashers, IndexKey};
use crate::scanned::{Buffers, Scanned};
use crate::store::{Index, IndexError, Print, CHECK_REACH};
use mijian_core::{Excerpt, ExcerptMatcher, ExcerptSpan, Finding, FindingKind, Normalized, Segment, Severity, Share};
use std::collections::HashMap;
use std::path::Path;

/// A fingerprint found at more places than this in the index seeds nothing: a bound on the work
/// one k-gram can cause. Registration keeps a k-gram at most [`crate::register::PER_DOCUMENT`]
/// times per document, so this is reached only by a k-gram shared by 256 registered
/// documents or more: a common phrase of the language or of the registered collection (in the
/// benchmark, 87% of the postings visited while scanning public prose were of k-grams with more
/// than 512 postings, each a cache miss and a run of a few characters that counts nowhere). An
/// excerpt long enough to matter holds other kept k-grams, and its run is extended across the
/// common ones.
const MAX_POSTINGS: usize = 1024;

/// A map keyed by registered document number (or a stretch of the scanned content found to
/// match one), with a multiplicative hash (the std map's SipHash was 3% of a scan's matching): the
/// keys are the index's own numbers, or places of runs shared with its documents, not chosen
/// freely by the scanned file, so no flooding to fear.
pub(crate) type DocMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<DocHasher>>;

/// The hash of a [`DocMap`]: a document number times an odd constant, high half folded in.
#[derive(Default)]
pub(crate) struct DocHasher(u64);

impl std::hash::Hasher for DocHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b) ^ (self.0 as u32).rotate_left(8));
        }
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        let m = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = m ^ m >> 32;
    }
}

/// Per thread: the buffers of the last scan, reused by the next (see [`Buffers`]), while they
/// hold fewer than this many characters (a huge file's are given back).
const KEPT_BUFFERS: usize = 1 << 22;

#[derive(Default)]
struct Scratch {
    buffers: Buffers,
    /// Sketches of the scanned k-grams, made when first asked (see [`IndexMatcher::runs`]).
    sketches: SketchMemo,
    /// The kept k-grams, then the seeds (see [`IndexMatcher::content`]).
    seeds: Vec<(usize, u32)>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// When an excerpt is `block` and when `review`.
///
/// Lengths are in characters of the scanned text a reader sees (punctuation and visible fillers
/// count; line breaks, spaces and invisible characters such as U+200B do not), the run extended
/// by at most two punctuation marks at each end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExcerptPolicy {
    /// A contiguous run this long is an excerpt: `block` at the registered level.
    pub block_chars: u32,
    /// This share of the registered document found (containment) is `block` as well.
    pub block_share: Share,
    /// A contiguous run this long, or runs adding up to `block_chars`, is `review`.
    pub review_chars: u32,
    /// This share of the registered document found is `review`.
    pub review_share: Share,
}

impl Default for ExcerptPolicy {
    fn default() -> Self {
        ExcerptPolicy {
            block_chars: 50,
            block_share: Share::from_basis_points(2000),
            review_chars: 25,
            review_share: Share::from_basis_points(500),
        }
    }
}

/// An index opened with its key, ready to match: the [`ExcerptMatcher`] a scan uses.
pub struct IndexMatcher {
    index: Index,
    hashers: Hashers,
    policy: ExcerptPolicy,
    /// Where each bucket of fingerprints (by their top bits) starts in `index.prints`.
    buckets: Vec<u32>,
    shift: u32,
    /// A Bloom filter of the fingerprints that seed (have postings, at most [`MAX_POSTINGS`]):
    /// one word read per question, about 0.4% of the others let through (see [`SeedFilter`]);
    /// 2 MiB for 10^4 documents, in the last-level cache, where the table is hundreds.
    filter: SeedFilter,
}

impl std::fmt::Debug for IndexMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexMatcher").field("documents", &self.index.docs.len()).finish_non_exhaustive()
    }
}

/// A contiguous stretch shared with a registered document: k-grams `scan..=scan_end` of the
/// scanned content equal k-grams `reg..` of document `doc`.
#[derive(Clone, Copy, Debug)]
struct Run {
    doc: u32,
    scan: usize,
    scan_end: usize,
    reg: usize,
}

/// What [`IndexMatcher::new`] needs of the table, gathered print by print in order (as
/// [`Index::open`] reads them, or from a table in memory): how many prints fall in each bucket
/// of fingerprints (by their top bits), and the fingerprints that seed (at most
/// [`MAX_POSTINGS`] postings), once each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tally {
    /// The prints it was made for.
    pub prints: usize,
    shift: u32,
    /// Prints per bucket, from entry 1 (made where each starts by [`Tally::finish`]).
    buckets: Vec<u32>,
    seeding: Vec<u32>,
    /// The fingerprint of the last print, and its postings so far (none before the first).
    fingerprint: u32,
    postings: usize,
}

impl Tally {
    /// For a table of `prints` prints (about eight per bucket).
    pub fn new(prints: usize) -> Tally {
        let bits = (usize::BITS - prints.leading_zeros()).saturating_sub(3).clamp(4, 24);
        let buckets = vec![0u32; (1usize << bits) + 1];
        Tally { prints, shift: 32 - bits, buckets, seeding: Vec::new(), fingerprint: 0, postings: 0 }
    }

    /// The next print (in the table's order).
    #[inline]
    pub fn add(&mut self, p: &Print) {
        self.buckets[(p.fingerprint >> self.shift) as usize + 1] += 1;
        if self.postings > 0 && p.fingerprint == self.fingerprint {
            self.postings += 1;
        } else {
            self.seed();
            (self.fingerprint, self.postings) = (p.fingerprint, 1);
        }
    }

    fn seed(&mut self) {
        if (1..=MAX_POSTINGS).contains(&self.postings) {
            self.seeding.push(self.fingerprint);
        }
    }

    /// After the last print: the buckets made where each starts.
    fn finish(mut self) -> Tally {
        self.seed();
        self.postings = 0;
        for b in 1..self.buckets.len() {
            self.buckets[b] += self.buckets[b - 1];
        }
        self
    }
}

impl IndexMatcher {
    /// Opens `index` (read from `path`, named in errors) with `key`; a wrong key is an error,
    /// never an index that silently matches nothing.
    pub fn new(mut index: Index, key: &IndexKey, path: &Path, policy: ExcerptPolicy) -> Result<Self, IndexError> {
        let hashers = index.hashers_for(key, path)?;
        // The size of each bucket and the fingerprints that seed, tallied as the index was read
        // (one pass over the table, hundreds of megabytes, where it was in cache already), or
        // here: a table not sorted yet (documents added in this process) is sorted first.
        let tally = match index.tally.take() {
            Some(tally) if tally.prints == index.prints.len() => tally,
            _ => {
                index.settle();
                let mut tally = Tally::new(index.prints.len());
                index.prints.iter().for_each(|p| tally.add(p));
                tally
            }
        };
        let Tally { shift, buckets, seeding, .. } = tally.finish();
        let mut filter = SeedFilter::with_capacity(seeding.len());
        seeding.into_iter().for_each(|f| filter.insert(f));
        Ok(IndexMatcher { index, hashers, policy, buckets, shift, filter })
    }

    /// Whether a fingerprint may seed (false: it certainly does not).
    #[inline]
    fn may_seed(&self, fingerprint: u32) -> bool {
        self.filter.may_hold(fingerprint)
    }

    /// The index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The policy.
    pub fn policy(&self) -> ExcerptPolicy {
        self.policy
    }

    /// Where the bucket of a fingerprint is in `index.prints`.
    fn bucket(&self, fingerprint: u32) -> (usize, usize) {
        let b = (fingerprint >> self.shift) as usize;
        (self.buckets[b] as usize, self.buckets[b + 1] as usize)
    }

    /// Where the postings of a fingerprint are in `index.prints`, from its bucket.
    fn postings(&self, fingerprint: u32, (start, end): (usize, usize)) -> (usize, usize) {
        let bucket = &self.index.prints[start..end];
        let first = bucket.partition_point(|p| p.fingerprint < fingerprint);
        let last = first + bucket[first..].partition_point(|p| p.fingerprint == fingerprint);
        (start + first, start + last)
    }

    /// The content of a scanned file (see [`Scanned`]) and its seeds, in `seeds`: the kept
    /// k-grams (a k-gram repeated at once only once) that may have postings. In public text few
    /// have any (2% of the kept k-grams of the benchmark's public prose against 10^4 documents):
    /// the filter answers most. Its probes are made after the pass over the text, all in a row:
    /// they do not depend on one another, so their cache misses overlap, where a probe made as
    /// each k-gram is kept (one in twelve characters, hundreds of instructions apart) waits for
    /// its own.
    fn content<'a>(
        &self,
        segments: &'a [Segment],
        normalized: &'a [Normalized],
        buffers: Buffers,
        seeds: &mut Vec<(usize, u32)>,
    ) -> Scanned<'a> {
        let h = &self.hashers;
        seeds.clear();
        let mut previous = None;
        let content = Scanned::in_buffers(segments, normalized, buffers);
        for_each_kept(&content.chars, self.index.k as usize, self.index.w as usize, h, |i, rolling| {
            let fingerprint = h.fingerprint(rolling) as u32;
            // A k-gram repeated at once (a run of one character) seeds once.
            if previous.replace(fingerprint) != Some(fingerprint) {
                seeds.push((i, fingerprint));
            }
        });
        seeds.retain(|&(_, f)| self.may_seed(f));
        content
    }

    /// The seeds that have postings, and their postings. They are looked up all before any is
    /// followed: the lookups do not depend on one another, so the processor overlaps their cache
    /// misses (two or three each in a large table), where a lookup followed at once would wait
    /// for each in turn.
    fn postings_of(&self, seeds: &[(usize, u32)]) -> Vec<(usize, &[Print])> {
        let buckets: Vec<(usize, usize)> = seeds.iter().map(|&(_, f)| self.bucket(f)).collect();
        let found: Vec<(usize, usize)> = seeds.iter().zip(buckets).map(|(&(_, f), b)| self.postings(f, b)).collect();
        seeds
            .iter()
            .zip(found)
            .filter(|(_, (start, end))| start < end)
            .map(|(&(i, _), (start, end))| (i, &self.index.prints[start..end]))
            .collect()
    }

    /// Every run shared with a registered document, in order of the scanned text.
    fn runs(&self, content: &Scanned<'_>, seeds: &[(usize, u32)], sketch_memo: &mut SketchMemo) -> Vec<Run> {
        let k = self.index.k as usize;
        let h = &self.hashers;
        let chars = &content.chars;
        let kgrams = (chars.len() + 1).saturating_sub(k);
        // Sketches of the scanned k-grams, made when first asked (near seeds with postings only).
        let mut sketches = Sketches { memo: sketch_memo, chars, k, h, kgrams };
        // Per document: the last scanned k-gram a run of it reached. Seeds are taken in order
        // and runs extend both ways, so a seed inside a run found already adds nothing.
        let mut reached: DocMap<u32, usize> = DocMap::default();
        // First every posting whose run the checks let count, with its registered k-gram's
        // sketch read at once: those reads (a registered document's sketch, at random in the
        // largest part of the index: a cache miss each) do not depend on one another, so the
        // processor overlaps them, where reading each as its posting was followed (a run extended
        // between one and the next) waited for each in turn.
        let mut candidates: Vec<(usize, Print, u8)> = Vec::new();
        for (i, postings) in self.postings_of(seeds) {
            if postings.len() > MAX_POSTINGS {
                continue;
            }
            let last = kgrams - 1;
            // The scanned k-grams' check, made as registration makes a posting's: how far each
            // posting's agrees is then known from the two words alone.
            let (reach_back, reach_ahead) = (CHECK_REACH.min(i), CHECK_REACH.min(last - i));
            let mut near = [0u8; 2 * CHECK_REACH + 1];
            let near = &mut near[..reach_back + reach_ahead + 1];
            sketches.fill(i - reach_back, near);
            let mine = Print::check_of(near, reach_back);
            // Whether the longest run each extent the checks allow could make would count (memo).
            let mut could_count = [None::<bool>; CHECK_REACH * CHECK_REACH];
            for p in postings {
                // The run's greatest extent from the check: a disagreement is a mismatching
                // sketch, an agreement may be chance. Past CHECK_REACH the sketch must tell.
                let (back, ahead) = p.agreeing(mine);
                let (back, ahead) = (back.min(reach_back), ahead.min(reach_ahead));
                if back < CHECK_REACH && ahead < CHECK_REACH {
                    let counts = *could_count[back * CHECK_REACH + ahead]
                        .get_or_insert_with(|| content.reaches(i - back, i + ahead + k, COUNTED_RUN));
                    if !counts {
                        continue;
                    }
                }
                candidates.push((i, *p, self.index.docs[p.doc as usize].sketch[p.pos as usize]));
            }
        }
        let mut runs = Vec::new();
        for (i, p, at_seed) in candidates {
            // A document whose run reached this seed already (tested after the check: most
            // postings stop there, without a lookup).
            if reached.get(&p.doc).is_some_and(|&end| i <= end) {
                continue;
            }
            if at_seed != sketches.get(i) {
                continue; // another k-gram with the same 32-bit fingerprint
            }
            let reg = &self.index.docs[p.doc as usize].sketch;
            let pos = p.pos as usize;
            let mut back = 0;
            while back < i.min(pos) && reg[pos - back - 1] == sketches.get(i - back - 1) {
                back += 1;
            }
            let mut ahead = 0;
            while i + ahead + 1 < kgrams
                && pos + ahead + 1 < reg.len()
                && reg[pos + ahead + 1] == sketches.get(i + ahead + 1)
            {
                ahead += 1;
            }
            reached.insert(p.doc, i + ahead);
            // A run shorter than COUNTED_RUN counts nowhere (see `judge`), nor does any piece
            // of it: most runs are common phrases, dropped here before they cost more.
            if !content.reaches(i - back, i + ahead + k, COUNTED_RUN) {
                continue;
            }
            runs.push(Run { doc: p.doc, scan: i - back, scan_end: i + ahead, reg: pos - back });
        }
        sketches.memo.forget();
        runs
    }
}

/// The sketches of a scanned text's k-grams made so far, and which: between scans every entry
/// is "not made" again, put back one by one (a scan makes a few thousand) instead of clearing
/// the whole vector for each file (two bytes per character: a 1 MB text file's 1.2 MB, written
/// through the cache each time).
#[derive(Default)]
struct SketchMemo {
    /// By k-gram: its sketch, `u16::MAX` if not made yet; grown when a file has more k-grams.
    by_kgram: Vec<u16>,
    /// The k-grams whose sketch was made in this scan.
    made: Vec<usize>,
}

impl SketchMemo {
    /// Room for `kgrams` k-grams.
    fn ready(&mut self, kgrams: usize) {
        if self.by_kgram.len() < kgrams {
            self.by_kgram.resize(kgrams, u16::MAX);
        }
    }

    /// Every sketch made in this scan forgotten.
    fn forget(&mut self) {
        for &i in &self.made {
            if let Some(m) = self.by_kgram.get_mut(i) {
                *m = u16::MAX;
            }
        }
        self.made.clear();
    }
}

/// The sketches of a scanned text's k-grams, each made when first asked and remembered.
struct Sketches<'a> {
    memo: &'a mut SketchMemo,
    chars: &'a [u32],
    k: usize,
    h: &'a Hashers,
    kgrams: usize,
}

impl Sketches<'_> {
    /// The sketch of k-gram `i`.
    fn get(&mut self, i: usize) -> u8 {
        self.memo.ready(self.kgrams);
        let m = &mut self.memo.by_kgram[i];
        if *m == u16::MAX {
            *m = u16::from(self.h.sketch(rolling_hash_at(self.chars, i, self.k, self.h)));
            self.memo.made.push(i);
        }
        *m as u8
    }

    /// The sketches of k-grams `from..from + out.len()`, into `out`: the rolling hash taken
    /// along them once (k multiplications for the first, two for each next) where asking each
    /// alone would take k each.
    fn fill(&mut self, from: usize, out: &mut [u8]) {
        self.memo.ready(self.kgrams);
        let memo = &mut self.memo.by_kgram[from..from + out.len()];
        if memo.iter().all(|&m| m != u16::MAX) {
            for (o, &m) in out.iter_mut().zip(memo.iter()) {
                *o = m as u8;
            }
            return;
        }
        let hashes = rolling_hashes(&self.chars[from..from + out.len() + self.k - 1], self.k, self.h);
        for (((o, m), v), i) in out.iter_mut().zip(memo.iter_mut()).zip(hashes).zip(from..) {
            if *m == u16::MAX {
                *m = u16::from(self.h.sketch(v));
                self.memo.made.push(i);
            }
            *o = *m as u8;
        }
    }
}

impl ExcerptMatcher for IndexMatcher {
    fn find_normalized(&self, segments: &[Segment], normalized: &[Normalized]) -> Vec<Finding> {
        let mut scratch = SCRATCH.take();
        let buffers = std::mem::take(&mut scratch.buffers);
        let content = self.content(segments, normalized, buffers, &mut scratch.seeds);
        let seeds = std::mem::take(&mut scratch.seeds);
        let mut by_doc: DocMap<u32, Vec<Run>> = DocMap::default();
        for r in self.runs(&content, &seeds, &mut scratch.sketches) {
            by_doc.entry(r.doc).or_default().push(r);
        }
        let mut findings: Vec<(Severity, u32, Finding)> = Vec::new();
        let mut lines = Lines::default();
        for (doc, runs) in by_doc {
            if let Some(f) = self.judge(doc, &runs, &content, segments, &mut lines) {
                findings.push((f.severity, f.excerpt.as_ref().map_or(0, |e| e.matched_chars), f));
            }
        }
        findings.sort_by(|a, b| (b.0, b.1, &a.2.rule).cmp(&(a.0, a.1, &b.2.rule)));
        let buffers = content.into_buffers();
        if buffers.capacity() <= KEPT_BUFFERS {
            scratch.buffers = buffers;
            if scratch.sketches.by_kgram.len() > KEPT_BUFFERS {
                scratch.sketches = SketchMemo::default();
            }
            scratch.seeds = seeds;
            SCRATCH.set(scratch);
        }
        findings.into_iter().map(|(_, _, f)| f).collect()
    }
}

impl IndexMatcher {
    /// The finding for one registered document, if its runs reach the policy's floor.
    fn judge(
        &self,
        doc: u32,
        runs: &[Run],
        content: &Scanned<'_>,
        segments: &[Segment],
        lines: &mut Lines,
    ) -> Option<Finding> {
        let d = &self.index.docs[doc as usize];
        let k = self.index.k as usize;
        // Each run is one contiguous stretch (one diagonal): its length is the excerpt's length.
        // Runs that merely touch in the scanned file (a planted word cut one sentence in two)
        // are not one longer run, and the registered document's boilerplate in a run (the head
        // of a 公文 before its first paragraph) is not counted: it cuts the run.
        // Pieces shorter than COUNTED_RUN are common phrases, not evidence: they count nowhere.
        // Text that documents known to be public also hold is no evidence either, though it
        // may be in the registered document: a run is cut where it is (see `public_stretches`).
        let pieces: Vec<(usize, usize, usize)> = runs
            .iter()
            .flat_map(|r| {
                let public = self.public_stretches(content, r);
                if public.is_empty() {
                    without_boilerplate(r.scan, r.scan_end + k, r.reg, &d.excluded)
                } else {
                    let mut cut: Vec<(u32, u32)> = d.excluded.iter().copied().chain(public).collect();
                    cut.sort_unstable();
                    without_boilerplate(r.scan, r.scan_end + k, r.reg, &cut)
                }
            })
            .filter(|&(s, e, _)| content.reaches(s, e, COUNTED_RUN))
            .collect();
        // (`visible` remembers each stretch: asked again here, it costs a lookup.)
        let mut spans: Vec<(u32, usize)> = pieces.iter().map(|&(s, e, _)| (content.visible(s, e), s)).collect();
        spans.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        spans.dedup_by_key(|s| s.1);
        let longest = spans.first().map_or(0, |s| s.0);
        if spans.is_empty() {
            return None; // nothing but boilerplate
        }
        // All runs together: the scanned characters they cover, each once.
        let scanned = merge(pieces.iter().map(|&(s, e, _)| (s, e)).collect());
        let total: u32 = scanned.iter().map(|&(s, e)| content.visible(s, e)).sum();
        // Registered character ranges, merged, less boilerplate: the share found.
        let registered = merge(pieces.iter().map(|&(s, e, g)| (g, g + (e - s))).collect());
        let found: u64 = registered.iter().map(|&(s, e)| (e - s) as u64).sum();
        let share = Share::of(found, u64::from(d.indexed));
        let p = &self.policy;
        let severity = if longest >= p.block_chars || share >= p.block_share {
            d.level.severity()
        } else if longest >= p.review_chars || total >= p.block_chars || share >= p.review_share {
            Severity::Review.min(d.level.severity())
        } else {
            return None;
        };
        let locate = |s: usize| content.origin(s);
        let (seg, start) = locate(spans[0].1);
        let longest_run = pieces.iter().find(|p| p.0 == spans[0].1).map_or(spans[0].1 + k, |p| p.1);
        let (end_seg, end_start) = locate(longest_run - 1);
        let text = &segments[seg].text;
        let end = if end_seg == seg {
            end_start + text[end_start..].chars().next().map_or(0, char::len_utf8)
        } else {
            text.len()
        };
        let excerpt = Excerpt {
            label: d.label.clone(),
            level: d.level,
            matched_chars: longest,
            total_chars: total,
            containment: share,
            spans: spans
                .iter()
                .take(Excerpt::MAX_SPANS)
                .map(|&(chars, s)| {
                    let (sg, off) = locate(s);
                    ExcerptSpan { location: lines.locate(segments, sg, off), chars }
                })
                .collect(),
        };
        let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |p| end + p);
        Some(Finding {
            kind: FindingKind::Excerpt,
            rule: mijian_core::RuleId::Excerpt(std::sync::Arc::from(d.label.as_str())),
            severity,
            class: d.level,
            matched: head(&text[start..end], MATCHED_SHOWN),
            location: lines.locate(segments, seg, start),
            before: tail(&text[line_start..start], 24),
            after: head(&text[end..line_end], 24),
            why: Vec::new(),
            signals: Vec::new(),
            why_text: Vec::new(),
            category: None,
            excerpt: Some(excerpt),
        })
    }
}

impl IndexMatcher {
    /// The stretches of a run that documents known to be public hold too (`index add --public`),
    /// as ranges of the registered document's characters: consecutive k-grams of the run whose
    /// fingerprints were learnt from public text, covering [`COUNTED_RUN`] content characters
    /// or more (what counts as evidence at all; 11 k-grams of 10). Learning drops those
    /// fingerprints, so they never seed a run; but a run seeded by the registered document's own
    /// text extends across whatever it shares with the scanned file, public text included, and a
    /// public file quoting the public paragraph next to a few words of the registered document
    /// would be measured as one long excerpt. Shorter public stretches (a phrase such as
    /// 中华人民共和国保守国家秘密法) do not cut: they are words of the registered text as well,
    /// and cutting at each would break a real excerpt into pieces too short to count.
    fn public_stretches(&self, content: &Scanned<'_>, r: &Run) -> Vec<(u32, u32)> {
        let public = &self.index.public;
        if public.is_empty() {
            return Vec::new();
        }
        let k = self.index.k as usize;
        let least = (COUNTED_RUN as usize + 1).saturating_sub(k).max(2);
        let hashes = rolling_hashes(&content.chars[r.scan..r.scan_end + k], k, &self.hashers);
        let is_public: Vec<bool> =
            hashes.iter().map(|&v| public.binary_search(&(self.hashers.fingerprint(v) as u32)).is_ok()).collect();
        let mut out = Vec::new();
        let mut at = 0;
        for stretch in is_public.chunk_by(|a, b| a == b) {
            if stretch[0] && stretch.len() >= least {
                // k-grams at..at + len cover characters at..at + len - 1 + k (registered: from r.reg).
                out.push(((r.reg + at) as u32, (r.reg + at + stretch.len() - 1 + k) as u32));
            }
            at += stretch.len();
        }
        out
    }
}

/// Where lines start in the segments, indexed on first use: a file with many findings costs one
/// pass over each segment, not one per finding.
#[derive(Default)]
struct Lines {
    starts: HashMap<usize, Vec<usize>>,
}

impl Lines {
    /// What [`Segment::location_at`] says, from the index.
    fn locate(&mut self, segments: &[Segment], seg: usize, offset: usize) -> mijian_core::Location {
        let s = &segments[seg];
        let starts = self.starts.entry(seg).or_insert_with(|| {
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', s.text.as_bytes()).map(|i| i + 1)).collect()
        });
        let line = starts.partition_point(|&st| st <= offset).saturating_sub(1);
        let mut location = s.location.clone();
        if s.location.line.is_some() || starts.len() > 1 {
            location.line = Some(s.location.line.unwrap_or(1) + line as u32);
        }
        let from = starts[line].min(offset);
        location.column = Some(s.text.get(from..offset).map_or(0, |t| t.chars().count()) as u32 + 1);
        location
    }
}

/// At most this many characters of an excerpt are kept in a finding's `matched` (then `…`).
const MATCHED_SHOWN: usize = 40;

fn head(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((b, _)) => format!("{}…", &s[..b]),
        None => s.to_string(),
    }
}

fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

/// The scanned ranges of a run `[s, e)` (registered from `reg`) outside the registered document's
/// boilerplate ranges (sorted).
fn without_boilerplate(s: usize, e: usize, reg: usize, excluded: &[(u32, u32)]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut at = reg;
    let end = reg + (e - s);
    for &(a, b) in excluded {
        let (a, b) = (a as usize, b as usize);
        if b <= at || a >= end {
            continue;
        }
        if a > at {
            out.push((s + (at - reg), s + (a - reg), at));
        }
        at = at.max(b);
    }
    if at < end {
        out.push((s + (at - reg), e, at));
    }
    out
}

/// Shortest piece of a run (in characters) that counts at all: shorter shared stretches are
/// common phrases of the language (a 1 MB public text shares hundreds of them with any large
/// collection), never evidence alone or added up.
const COUNTED_RUN: u32 = 20;

fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Registration;
    use mijian_core::{Class, Location, Role};

    /// Deterministic ideograph prose without repeats of any length worth mentioning.
    fn prose(seed: u32, n: usize) -> String {
        let mut x = seed.wrapping_mul(2_654_435_761) | 1;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if i % 17 == 16 {
                    '，'
                } else {
                    char::from_u32(0x4E00 + x % 6000).unwrap()
                }
            })
            .collect()
    }

    fn matcher(docs: &[(&str, &str, Class)]) -> IndexMatcher {
        let key = IndexKey::from_bytes([8; 32]);
        let mut index = Index::new(&key);
        for (label, text, level) in docs {
            let seg = Segment::new(Location::part("text"), Role::Body, *text);
            index.add(&key, Path::new("i"), Registration { label, level: *level, size: 0, added: 0 }, &[seg]).unwrap();
        }
        IndexMatcher::new(index, &key, Path::new("i"), ExcerptPolicy::default()).unwrap()
    }

    fn find(m: &IndexMatcher, text: &str) -> Vec<Finding> {
        m.find(&[Segment::new(Location::part("text").with_line(1), Role::Body, text)])
    }

    #[test]
    fn the_tally_taken_while_reading_is_the_tally_of_the_table_and_is_dropped_when_it_changes() {
        let key = IndexKey::from_bytes([8; 32]);
        let mut index = Index::new(&key);
        let seg = |t: &str| Segment::new(Location::part("text"), Role::Body, t.to_string());
        let common = prose(30, 80);
        for i in 0..40u32 {
            let text = format!("{}{common}{}", prose(200 + i, 300), prose(300 + i, 200));
            let label = format!("D{i}");
            index
                .add(
                    &key,
                    Path::new("i"),
                    Registration { label: &label, level: Class::Secret, size: 0, added: 0 },
                    &[seg(&text)],
                )
                .unwrap();
        }
        assert!(index.tally.is_none());
        let bytes = index.to_bytes();
        let mut read = Index::from_bytes(&bytes, Path::new("i")).unwrap();
        let mut fresh = Tally::new(read.prints.len());
        read.prints.iter().for_each(|p| fresh.add(p));
        let taken = read.tally.clone().unwrap();
        assert_eq!(taken, fresh);
        let finished = taken.finish();
        assert_eq!(*finished.buckets.last().unwrap() as usize, read.prints.len());
        assert!(finished.seeding.len() > 100 && finished.seeding.windows(2).all(|w| w[0] < w[1]));
        // Any change to the table drops it.
        let mut added = read.clone();
        let registration = Registration { label: "new", level: Class::Secret, size: 0, added: 0 };
        added.add(&key, Path::new("i"), registration, &[seg(&prose(77, 500))]).unwrap();
        assert!(added.tally.is_none());
        let mut removed = read.clone();
        assert_eq!(removed.remove("D3"), 1);
        assert!(removed.tally.is_none());
        read.learn_public(&key, Path::new("i"), &[seg(&common)]).unwrap();
        assert!(read.tally.is_none());
        // A matcher made from the index as read finds what one made from the same table finds.
        let text: String = prose(205, 300).chars().skip(100).collect();
        let from_file = IndexMatcher::new(
            Index::from_bytes(&bytes, Path::new("i")).unwrap(),
            &key,
            Path::new("i"),
            ExcerptPolicy::default(),
        )
        .unwrap();
        let mut in_memory = Index::from_bytes(&bytes, Path::new("i")).unwrap();
        in_memory.tally = None;
        let in_memory = IndexMatcher::new(in_memory, &key, Path::new("i"), ExcerptPolicy::default()).unwrap();
        assert_eq!((&from_file.buckets, &from_file.filter), (&in_memory.buckets, &in_memory.filter));
        assert_eq!(find(&from_file, &text).len(), 1);
    }

    #[test]
    fn sketches_made_along_a_stretch_are_those_made_one_by_one() {
        let chars: Vec<u32> = prose(21, 300).chars().filter(|&c| c != '，').map(u32::from).collect();
        let h = IndexKey::from_bytes([5; 32]).hashers();
        let (k, kgrams) = (10, chars.len() + 1 - 10);
        let (mut one, mut along) = (SketchMemo::default(), SketchMemo::default());
        let mut single = Sketches { memo: &mut one, chars: &chars, k, h: &h, kgrams };
        let expected: Vec<u8> = (0..kgrams).map(|i| single.get(i)).collect();
        let mut sketches = Sketches { memo: &mut along, chars: &chars, k, h: &h, kgrams };
        assert_eq!(sketches.get(40), expected[40], "one made first, then a stretch around it");
        for (from, len) in [(30, 17), (0, 9), (kgrams - 17, 17), (35, 17), (100, 1)] {
            let mut out = vec![0u8; len];
            sketches.fill(from, &mut out);
            assert_eq!(out, expected[from..from + len], "{from}+{len}");
        }
        // Forgotten for the next scan: every entry "not made" again, and made anew.
        along.forget();
        assert!(along.by_kgram.iter().all(|&m| m == u16::MAX) && along.made.is_empty());
        let mut again = Sketches { memo: &mut along, chars: &chars, k, h: &h, kgrams };
        assert_eq!(again.get(7), expected[7]);
    }

    #[test]
    fn a_run_is_measured_exactly_whatever_fingerprints_it_holds() {
        let secret = prose(1, 3000);
        let m = matcher(&[("S", &secret, Class::Secret)]);
        let chars: Vec<char> = secret.chars().collect();
        for (start, len) in [(100, 40), (700, 50), (1500, 77), (2000, 300)] {
            let piece: String = chars[start..start + len].iter().collect();
            let text = format!("{}{piece}{}", prose(90 + start as u32, 60), prose(91, 60));
            let found = find(&m, &text);
            assert_eq!(found.len(), 1, "{start}+{len}");
            let e = found[0].excerpt.as_ref().unwrap();
            // The surrounding text shares nothing; a coincidental neighbour character can extend
            // a run by one, and punctuation next to its ends is counted too.
            assert!((len as u32..=len as u32 + 3).contains(&e.matched_chars), "{start}+{len}: {}", e.matched_chars);
            let expected = if len >= 50 { Severity::Block } else { Severity::Review };
            assert_eq!(found[0].severity, expected, "{start}+{len}");
            assert_eq!(found[0].location.column, Some(61), "the run starts after the 60 characters of other text");
        }
    }

    #[test]
    fn scattered_pieces_add_up_to_containment() {
        let secret = prose(2, 1000);
        let m = matcher(&[("S", &secret, Class::Confidential)]);
        let chars: Vec<char> = secret.chars().collect();
        // Ten pieces of 40 characters (each under the block length), in reverse order.
        let pieces: Vec<String> = (0..10).rev().map(|i| chars[i * 100..i * 100 + 40].iter().collect()).collect();
        let found = find(&m, &pieces.join("。其他内容。"));
        assert_eq!(found.len(), 1);
        let e = found[0].excerpt.as_ref().unwrap();
        assert!(e.matched_chars < 50, "{}", e.matched_chars);
        assert!(e.containment.as_f64() > 0.35 && e.containment.as_f64() < 0.45, "{}", e.containment);
        assert_eq!(found[0].severity, Severity::Block, "40% of the document is there");
        assert_eq!(e.spans.len(), 10);
    }

    #[test]
    fn a_work_secret_is_reviewed_never_blocked_and_unrelated_text_finds_nothing() {
        let secret = prose(3, 800);
        let m = matcher(&[("W", &secret, Class::WorkSecret)]);
        let piece: String = secret.chars().skip(100).take(300).collect();
        let found = find(&m, &piece);
        assert_eq!(found[0].severity, Severity::Review);
        assert_eq!(found[0].class, Class::WorkSecret);
        assert!(find(&m, &prose(4, 5000)).is_empty());
        assert!(find(&m, "").is_empty());
    }

    #[test]
    fn runs_that_touch_are_not_one_longer_run() {
        // A word planted in the registered copy cuts a sentence in two: the scanned file holds
        // both halves side by side, each under the review floor; together they are not an excerpt.
        let (a, b) = (prose(9, 20), prose(10, 20));
        let secret = format!("{}。{a}根据某某文件{b}。{}", prose(11, 1000), prose(12, 1000));
        let m = matcher(&[("S", &secret, Class::Secret)]);
        assert!(find(&m, &format!("其他的文字。{a}{b}。其他的文字")).is_empty());
    }

    #[test]
    fn boilerplate_cuts_a_run_and_is_never_counted() {
        assert_eq!(
            without_boilerplate(100, 200, 0, &[(10, 20), (50, 60)]),
            vec![(100, 110, 0), (120, 150, 20), (160, 200, 60)]
        );
        assert_eq!(without_boilerplate(0, 30, 40, &[(10, 20), (50, 60)]), vec![(0, 10, 40), (20, 30, 60)]);
        assert_eq!(without_boilerplate(0, 30, 10, &[(0, 50)]), Vec::<(usize, usize, usize)>::new());
        // A 公文 head shared in full, then a short paragraph both documents happen to share:
        // the head is not evidence, the paragraph is short.
        let head = "某某市人民政府办公厅文件\n某发〔2024〕32号\n关于进一步做好有关工作的通知\n各区县人民政府，市政府各委办局，各直属机构：\n为深入贯彻落实党中央国务院决策部署，现将有关事项通知如下：\n";
        let short = "酒店位置很好服务周到价格公道";
        let secret = format!("{head}{short}\n{}", prose(13, 2000));
        let m = matcher(&[("S", &secret, Class::Secret)]);
        let public = format!("{}\n{short}\n{}", head.replace("32号", "174号"), prose(14, 500));
        assert!(find(&m, &public).is_empty(), "{:?}", find(&m, &public));
    }

    #[test]
    fn locations_from_the_line_index_agree_with_the_segment() {
        let segs = [Segment::new(Location::part("p").with_line(5), Role::Body, "一行\n第二行文字\n三")];
        let mut lines = Lines::default();
        for offset in [0, 3, "一行\n".len(), "一行\n第二".len(), "一行\n第二行文字\n".len()] {
            assert_eq!(lines.locate(&segs, 0, offset), segs[0].location_at(offset), "{offset}");
        }
    }

    #[test]
    fn a_kgram_of_hundreds_of_documents_seeds_nothing_but_runs_extend_across_it() {
        let common = prose(20, 60);
        let texts: Vec<String> = (0..MAX_POSTINGS as u32 + 20)
            .map(|i| format!("{}{common}{}", prose(100 + i, 80), prose(5000 + i, 80)))
            .collect();
        let docs: Vec<(String, &str, Class)> =
            texts.iter().enumerate().map(|(i, t)| (format!("D{i}"), t.as_str(), Class::Secret)).collect();
        let docs: Vec<(&str, &str, Class)> = docs.iter().map(|(l, t, c)| (l.as_str(), *t, *c)).collect();
        let m = matcher(&docs);
        assert!(find(&m, &format!("其他的文字。{common}。其他的文字")).is_empty(), "a common phrase is no evidence");
        // One document's own text around the common phrase: found, and measured across it.
        let own: String = texts[7].chars().skip(40).take(140).collect();
        let found = find(&m, &own);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule.to_string(), "excerpt:D7");
        assert!(found[0].excerpt.as_ref().unwrap().matched_chars >= 130, "{:?}", found[0].excerpt);
    }

    #[test]
    fn every_fingerprint_that_seeds_passes_the_filter_and_few_others_do() {
        let texts: Vec<String> = (0..60u32).map(|i| format!("{}{}", prose(400 + i, 900), prose(30, 200))).collect();
        let docs: Vec<(String, &str, Class)> =
            texts.iter().enumerate().map(|(i, t)| (format!("D{i}"), t.as_str(), Class::Secret)).collect();
        let docs: Vec<(&str, &str, Class)> = docs.iter().map(|(l, t, c)| (l.as_str(), *t, *c)).collect();
        let m = matcher(&docs);
        let prints = &m.index.prints;
        let mut seeding = 0;
        for postings in prints.chunk_by(|a, b| a.fingerprint == b.fingerprint) {
            if postings.len() <= MAX_POSTINGS {
                seeding += 1;
                assert!(m.may_seed(postings[0].fingerprint), "a fingerprint with postings is never filtered out");
            }
        }
        assert!(seeding > 3_000, "{seeding}");
        // Fingerprints of no posting: about 0.4% pass (each a wasted lookup in the table; the
        // filter before passed 3.4%).
        let mut x = 11u32;
        let absent: Vec<u32> = (0..200_000)
            .map(|_| {
                x = x.wrapping_mul(747_796_405).wrapping_add(2_891_336_453);
                x
            })
            .filter(|&f| prints.binary_search_by_key(&f, |p| p.fingerprint).is_err())
            .collect();
        let passed = absent.iter().filter(|&&f| m.may_seed(f)).count();
        assert!(passed * 1000 < absent.len() * 6, "{passed} of {} pass", absent.len());
    }

    #[test]
    fn a_repeated_character_seeds_nothing_and_costs_little() {
        let secret = format!("{}{}", "的".repeat(2000), prose(5, 500));
        let m = matcher(&[("R", &secret, Class::Secret)]);
        // A k-gram of fewer than four distinct characters is never stored: no seed from them.
        assert!(find(&m, &"的".repeat(50_000)).is_empty());
    }

    #[test]
    fn fingerprints_learnt_from_public_text_are_dropped() {
        let shared = prose(6, 200);
        let secret = format!("{}。{shared}", prose(7, 300));
        let key = IndexKey::from_bytes([8; 32]);
        let mut index = Index::new(&key);
        let seg = |t: &str| Segment::new(Location::part("text"), Role::Body, t.to_string());
        index
            .add(
                &key,
                Path::new("i"),
                Registration { label: "S", level: Class::Secret, size: 0, added: 0 },
                &[seg(&secret)],
            )
            .unwrap();
        let before = index.fingerprints();
        let dropped = index.learn_public(&key, Path::new("i"), &[seg(&format!("公开的文字。{shared}"))]).unwrap();
        assert!(dropped > 0 && index.fingerprints() == before - dropped);
        let m = IndexMatcher::new(index, &key, Path::new("i"), ExcerptPolicy::default()).unwrap();
        assert!(find(&m, &shared).is_empty(), "the shared part is public now");
        let own: String = secret.chars().take(120).collect();
        assert_eq!(find(&m, &own)[0].severity, Severity::Block);
    }

    /// An excerpt measures what a reader sees: zero-width spaces, joiners and variation selectors
    /// between its characters add nothing (40 characters stay `review`), visible fillers do.
    #[test]
    fn invisible_characters_do_not_lengthen_an_excerpt() {
        let secret = prose(18, 600);
        let m = matcher(&[("S", &secret, Class::Secret)]);
        let excerpt: String = secret.chars().skip(100).take(40).collect();
        let length = |text: &str| {
            let found = find(&m, &format!("别的话。{text}别的话。"));
            (found[0].severity, found[0].excerpt.as_ref().unwrap().matched_chars)
        };
        let plain = length(&excerpt);
        assert_eq!(plain.0, Severity::Review);
        for filler in ["\u{200B}", "\u{200D}", "\u{FEFF}", "\u{FE0F}", "\u{2060}"] {
            let hidden: String = excerpt.chars().flat_map(|c| [c.to_string(), filler.to_string()]).collect();
            assert_eq!(length(&hidden), plain, "U+{:04X}", filler.chars().next().unwrap() as u32);
        }
        let dotted: String = excerpt.chars().flat_map(|c| [c.to_string(), "·".to_string()]).collect();
        assert_eq!(length(&dotted).0, Severity::Block, "the dots are seen");
    }

    /// A public file quoting a public paragraph that the registered document quotes too, with a
    /// few words of the registered document's own beside it: the run found from those words
    /// extends across the quotation, which is public and must not be counted as the excerpt.
    /// Short phrases public text shares with the registered one do not cut a real excerpt.
    #[test]
    fn public_text_inside_a_run_is_not_counted() {
        let quoted = prose(16, 300);
        let own = prose(17, 400);
        let secret = format!("{quoted}{own}");
        let key = IndexKey::from_bytes([8; 32]);
        let mut index = Index::new(&key);
        let seg = |t: &str| Segment::new(Location::part("text"), Role::Body, t.to_string());
        let registration = Registration { label: "S", level: Class::Secret, size: 0, added: 0 };
        index.add(&key, Path::new("i"), registration, &[seg(&secret)]).unwrap();
        let own_40: String = own.chars().take(40).collect();
        let news = format!("{quoted}{own_40}");
        let before = IndexMatcher::new(index.clone(), &key, Path::new("i"), ExcerptPolicy::default()).unwrap();
        let found = find(&before, &news);
        assert_eq!(found[0].severity, Severity::Block, "not learnt yet: the quotation counts");
        assert!(found[0].excerpt.as_ref().unwrap().matched_chars > 300);
        // A public document holding the quotation, and a phrase of 12 characters of `own`.
        let phrase: String = own.chars().skip(200).take(12).collect();
        index.learn_public(&key, Path::new("i"), &[seg(&format!("公开的规定。{quoted}另有{phrase}等等"))]).unwrap();
        let m = IndexMatcher::new(index, &key, Path::new("i"), ExcerptPolicy::default()).unwrap();
        let found = find(&m, &news);
        assert_eq!(found.len(), 1, "{found:?}");
        let e = found[0].excerpt.as_ref().unwrap();
        assert_eq!(found[0].severity, Severity::Review, "40 characters of its own: {e:?}");
        assert!((36..=44).contains(&e.matched_chars), "{e:?}");
        assert!(found[0].location.column.unwrap() > 290, "{:?}", found[0].location);
        // The registered text's own excerpt, holding the public phrase, is found whole.
        let excerpt: String = own.chars().skip(150).take(120).collect();
        let found = find(&m, &format!("别的话。{excerpt}别的话。"));
        assert_eq!(found[0].severity, Severity::Block);
        assert!(found[0].excerpt.as_ref().unwrap().matched_chars >= 118, "{found:?}");
    }
}

/// A census of what a benchmark's scan asks of the table (benches/README.md, issue 14, session
/// 17): run with `MIJIAN_CENSUS=/tmp/index_bench cargo test -p mijian-index --release --lib
/// census -- --ignored --nocapture` after `benches/index_bench.py --stages gen index` (and
/// `sub/` made of two of its `speed/` files). Checks on real data what the unit tests check on
/// small data: every kept k-gram with postings passes the filter.
#[cfg(test)]
mod census {
    use super::*;
    use mijian_core::{normalize, Location, Role};

    /// The filter before session 17 (three bits of one 64-bit word, eight bits a fingerprint),
    /// for comparison.
    fn word_filter(seeding: &[u32]) -> impl Fn(u32) -> bool {
        let bits = (usize::BITS - seeding.len().leading_zeros()).saturating_sub(3).min(26);
        let probe = move |f: u32| {
            let word = (u64::from(f) & ((1u64 << bits) - 1)) as usize;
            let x = u64::from(f).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            (word, 1u64 << (x >> 58) | 1u64 << (x >> 52 & 63) | 1u64 << (x >> 46 & 63))
        };
        let mut words = vec![0u64; 1 << bits];
        for &f in seeding {
            let (w, b) = probe(f);
            words[w] |= b;
        }
        move |f| {
            let (w, b) = probe(f);
            words[w] & b == b
        }
    }

    #[test]
    #[ignore = "needs the benchmark's index: MIJIAN_CENSUS=DIR"]
    fn census_of_a_benchmark_scan() {
        let dir = std::path::PathBuf::from(std::env::var("MIJIAN_CENSUS").expect("MIJIAN_CENSUS=DIR"));
        let key = IndexKey::load(&dir.join("index.key")).unwrap();
        let index = Index::load(&dir.join("registered.idx")).unwrap();
        let m = IndexMatcher::new(index, &key, Path::new("i"), ExcerptPolicy::default()).unwrap();
        let seeding: Vec<u32> = m
            .index
            .prints
            .chunk_by(|a, b| a.fingerprint == b.fingerprint)
            .filter(|p| p.len() <= MAX_POSTINGS)
            .map(|p| p[0].fingerprint)
            .collect();
        let old = word_filter(&seeding);
        eprintln!("seeding fingerprints {}, filter {} bytes (was {})", seeding.len(), m.filter.bytes(), {
            (1usize << (usize::BITS - seeding.len().leading_zeros()).saturating_sub(3).min(26)) * 8
        });
        let mut files: Vec<_> = std::fs::read_dir(dir.join("sub")).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let segs: Vec<Segment> = text.lines().map(|t| Segment::new(Location::part("p"), Role::Body, t)).collect();
            let norm: Vec<Normalized> = segs.iter().map(|s| normalize(&s.text)).collect();
            let content = Scanned::in_buffers(&segs, &norm, Buffers::default());
            let h = &m.hashers;
            let (mut kept, mut previous) = (Vec::new(), None);
            for_each_kept(&content.chars, m.index.k as usize, m.index.w as usize, h, |i, rolling| {
                let f = h.fingerprint(rolling) as u32;
                if previous.replace(f) != Some(f) {
                    kept.push((i, f));
                }
            });
            let old_pass = kept.iter().filter(|&&(_, f)| old(f)).count();
            let new_pass: Vec<(usize, u32)> = kept.iter().copied().filter(|&(_, f)| m.may_seed(f)).collect();
            let seeds = |of: &[(usize, u32)]| -> Vec<usize> {
                m.postings_of(of).iter().filter(|(_, p)| p.len() <= MAX_POSTINGS).map(|(_, p)| p.len()).collect()
            };
            let mut with = seeds(&new_pass);
            assert_eq!(with, seeds(&kept), "no kept k-gram with postings is filtered out");
            let postings: usize = with.iter().sum();
            with.sort_unstable();
            eprintln!(
                "{}: {} content characters, {} kept k-grams; pass the filter: {} (was {}); with postings {}, \
                 postings {} (median {} a seed, 90th percentile {})",
                path.display(),
                content.len(),
                kept.len(),
                new_pass.len(),
                old_pass,
                with.len(),
                postings,
                with.get(with.len() / 2).copied().unwrap_or(0),
                with.get(with.len() * 9 / 10).copied().unwrap_or(0),
            );
        }
    }
}
