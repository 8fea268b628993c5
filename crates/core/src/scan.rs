//! Scanning segments with compiled rules, and judging the result.

use crate::docnumber;
use crate::finding::{Finding, FindingKind};
use crate::level::{Class, Severity, Verdict};
use crate::marking::{self, Placement};
use crate::normalize::Normalized;
use crate::rules::Rules;
use crate::segment::{CoverageNote, Location, Role, Segment};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// Options of a scan.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Most findings of `review`/`info` level kept per file (all are still counted and judged).
    /// Markings and `block` findings are always kept. 0 means no limit.
    pub max_findings: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions { max_findings: 10_000 }
    }
}

/// What a scan found in one file's segments.
#[derive(Clone, Debug, Default)]
pub struct ScanOutcome {
    /// Findings in document order (possibly fewer than `total`, see [`ScanOptions::max_findings`]).
    pub findings: Vec<Finding>,
    /// Every finding, kept or not.
    pub total: u64,
    /// Findings per rule id, for every finding.
    pub by_rule: BTreeMap<String, u64>,
    /// The most severe finding.
    pub worst: Option<Severity>,
}

impl ScanOutcome {
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
    why: Vec<String>,
}

enum Rule {
    Static(&'static str),
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
            Rule::Static(s) => RuleKey::Static(s),
            Rule::Entry(e) => RuleKey::Entry(*e),
        }
    }
}

/// What one segment produced: the hits it may keep, and the counts of all its hits.
struct SegmentResult {
    hits: Vec<Hit>,
    counts: Vec<(RuleKey, u64)>,
    worst: Option<Severity>,
}

/// Segments scanned together between two merges. A constant (not the thread count) so that which
/// findings are listed never depends on the machine.
const WAVE: usize = 16;

thread_local! {
    static BUFFER: std::cell::RefCell<Normalized> = std::cell::RefCell::new(Normalized::new());
}

impl Hit {
    /// Markings and block findings are always listed.
    fn is_major(&self) -> bool {
        self.kind == FindingKind::Marking || self.severity == Severity::Block
    }
}

impl Rules {
    /// Scans the segments of one file, in parallel, and returns its findings in document order.
    ///
    /// Segments are scanned in waves; before each wave the number of minor (review/info) findings
    /// still to list is known, so memory stays bounded even when a dense dictionary matches
    /// millions of times, and only listed findings are turned into text.
    pub fn scan(&self, segments: &[Segment], opts: &ScanOptions) -> ScanOutcome {
        let placements = placements(segments);
        let mut out = ScanOutcome::default();
        let mut by_entry: Vec<u64> = Vec::new();
        let mut by_static: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut seen = HashSet::new();
        let mut left = if opts.max_findings == 0 { usize::MAX } else { opts.max_findings };
        for (segs, places) in segments.chunks(WAVE).zip(placements.chunks(WAVE)) {
            let quota = left;
            let results: Vec<SegmentResult> = segs
                .par_iter()
                .zip(places.par_iter())
                .map(|(seg, &place)| {
                    let mut hits = BUFFER.with(|b| self.hits(seg, place, &mut b.borrow_mut()));
                    let worst = hits.iter().map(|h| h.severity).max();
                    let counts = count_rules(&hits);
                    let mut minor = 0usize;
                    hits.retain(|h| {
                        h.is_major() || {
                            minor += 1;
                            minor <= quota
                        }
                    });
                    SegmentResult { hits, counts, worst }
                })
                .collect();
            for (r, seg) in results.into_iter().zip(segs) {
                out.worst = out.worst.max(r.worst);
                for (k, v) in r.counts {
                    match k {
                        RuleKey::Static(s) => *by_static.entry(s).or_insert(0) += v,
                        RuleKey::Entry(e) => {
                            if by_entry.is_empty() {
                                by_entry = vec![0; self.entries.len()];
                            }
                            by_entry[e as usize] += v;
                        }
                    }
                }
                let mut lines = LineTracker::default();
                for h in r.hits {
                    if !h.is_major() {
                        if left == 0 {
                            continue;
                        }
                        left -= 1;
                    }
                    let key = RuleKey::from(&h.rule);
                    let f = self.finding(seg, h, &mut lines);
                    // Text segments overlap by a line where a file has no paragraph breaks.
                    if !seen.insert((f.rule.clone(), f.location.clone())) {
                        match key {
                            RuleKey::Static(s) => *by_static.entry(s).or_insert(1) -= 1,
                            RuleKey::Entry(e) => by_entry[e as usize] -= 1,
                        }
                        continue;
                    }
                    out.findings.push(f);
                }
            }
        }
        out.total = by_static.values().sum::<u64>() + by_entry.iter().sum::<u64>();
        out.by_rule = by_static.into_iter().map(|(k, v)| (k.to_string(), v)).filter(|(_, v)| *v > 0).collect();
        for (e, &v) in by_entry.iter().enumerate().filter(|(_, &v)| v > 0) {
            out.by_rule.insert(self.entries[e].source.rule_id(), v);
        }
        out
    }

    /// Scans a text as one body segment of a part called `text`: handy for tests and examples.
    ///
    /// ```
    /// use mijian_core::{Rules, Severity};
    /// let rules = Rules::builtin();
    /// let out = rules.scan_text("000123\n机密★1年\n关于加强管理的通知");
    /// assert_eq!(out.worst, Some(Severity::Block));
    /// let out = rules.scan_text("机密级载体不得通过普通邮政寄递，须由专人送达。");
    /// assert_eq!(out.worst, None);
    /// ```
    pub fn scan_text(&self, text: &str) -> ScanOutcome {
        let seg = Segment::new(Location::part("text").with_line(1), Role::Body, text);
        self.scan(std::slice::from_ref(&seg), &ScanOptions::default())
    }

    fn rule_id(&self, r: &Rule) -> String {
        self.rule_name(RuleKey::from(r))
    }

    fn rule_name(&self, k: RuleKey) -> String {
        match k {
            RuleKey::Static(s) => s.to_string(),
            RuleKey::Entry(i) => self.entries[i as usize].source.rule_id(),
        }
    }

    /// Every hit in one segment, with original ranges, allow entries applied.
    fn hits(&self, seg: &Segment, place: Placement<'_>, buf: &mut Normalized) -> Vec<Hit> {
        buf.fill(&seg.text);
        let text = buf.text();
        let map = buf.map();
        let mut hits = Vec::new();
        let mut allow: Vec<(usize, usize)> = Vec::new();
        let mut on_match = |m: crate::matcher::RawMatch| {
            let e = &self.entries[m.entry as usize];
            let (s, end) = map.range(m.start as usize, m.end as usize);
            if e.class == Class::Allow {
                allow.push((s, end));
                return;
            }
            let kind =
                if e.category.as_deref() == Some("doc-number") { FindingKind::DocNumber } else { FindingKind::Term };
            hits.push(Hit {
                kind,
                rule: Rule::Entry(m.entry),
                class: e.class,
                severity: e.class.severity(),
                start: s,
                end,
                why: Vec::new(),
            });
        };
        if let Some(l) = &self.literal {
            l.for_each_match(text, &mut on_match);
        }
        if let Some(p) = &self.patterns {
            p.for_each_match(text, &mut on_match);
        }
        if self.builtin {
            docnumber::for_each(text, |s, e| {
                let (s, e) = map.range(s, e);
                hits.push(Hit {
                    kind: FindingKind::DocNumber,
                    rule: Rule::Static(docnumber::RULE),
                    class: Class::Info,
                    severity: Severity::Info,
                    start: s,
                    end: e,
                    why: Vec::new(),
                });
            });
            let mut marks = Vec::new();
            marking::find(&seg.text, buf, place, &mut marks);
            hits.extend(marks.into_iter().map(|m| Hit {
                kind: FindingKind::Marking,
                rule: Rule::Static(m.rule),
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
        hits.sort_by_key(|h| (h.start, h.end));
        hits
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
            Rule::Static(_) => None,
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
            why: h.why,
            category,
        }
    }
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

/// For each segment, what the rules need to know about the lines of its part around it: how many
/// non-empty lines come before it (the head), whether the neighbouring lines are a 份号 or bare
/// level words, what the neighbouring lines say, and whether the document fills in a 保密期限.
fn placements(segments: &[Segment]) -> Vec<Placement<'_>> {
    use std::collections::HashMap;
    // Per part: non-empty lines so far, whether the last was a 份号, whether it was a level word,
    // and which segment holds it (to tell that segment what follows it); the last segment with
    // text, to tell it its next line.
    struct PartState<'a> {
        lines: u32,
        copy: bool,
        lone: bool,
        last_segment: Option<usize>,
        last_line: &'a str,
        last_text_segment: Option<usize>,
    }
    let period_filled = marking::fills_in_a_period(segments);
    let mut parts: HashMap<&str, PartState> = HashMap::new();
    let mut out: Vec<Placement> = Vec::with_capacity(segments.len());
    for (i, s) in segments.iter().enumerate() {
        let st = parts.entry(s.location.part.as_str()).or_insert(PartState {
            lines: 0,
            copy: false,
            lone: false,
            last_segment: None,
            last_line: "",
            last_text_segment: None,
        });
        let place = Placement {
            role: s.role,
            lines_before: st.lines,
            after_copy_number: st.copy,
            prev_lone_level: st.lone,
            next_lone_level: false,
            prev_line: st.last_line,
            next_line: "",
            period_filled,
        };
        let mut nonempty = s.text.lines().map(str::trim).filter(|l| !l.is_empty());
        if let Some(first) = nonempty.next() {
            if let Some(prev) = st.last_text_segment {
                out[prev].next_line = first;
            }
            st.last_text_segment = Some(i);
            st.last_line = s.text.lines().rev().map(str::trim).find(|l| !l.is_empty()).unwrap_or(first);
        }
        // Only the head and the mark places need the line details.
        if st.lines < marking::HEAD_LINES || s.role.is_mark_place() {
            let mut first = true;
            for line in s.text.lines().filter(|l| !l.trim().is_empty()) {
                let lone = marking::is_lone_level(line);
                if first {
                    if let Some(prev) = st.last_segment {
                        out[prev].next_lone_level = lone;
                    }
                    first = false;
                }
                st.lines += 1;
                st.copy = marking::is_copy_number(line);
                st.lone = lone;
            }
            if !first {
                st.last_segment = Some(i);
            }
        } else {
            st.last_segment = None;
            st.lone = false;
            st.copy = false;
        }
        out.push(place);
    }
    out
}

/// Why a file got its verdict, beyond its findings.
pub fn judge(outcome: &ScanOutcome, coverage: &[CoverageNote]) -> (Verdict, Vec<String>) {
    let mut verdict = outcome.worst.map_or(Verdict::Pass, Verdict::from_severity);
    let mut reasons = Vec::new();
    for c in coverage.iter().filter(|c| c.needs_review) {
        verdict = verdict.max(Verdict::Review);
        reasons.push(format!("{}: {}", c.part, c.reason.as_deref().unwrap_or("not read")));
    }
    (verdict, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Dictionary;

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
            let out = r.scan_text(text);
            assert_eq!(out.worst, Some(Severity::Block), "{text}");
            assert_eq!(out.findings[0].matched, text.trim(), "{text}");
        }
        let out = r.scan_text("紫电。计划");
        assert_eq!(out.worst, None, "sentence punctuation is not skipped");
    }

    #[test]
    fn allow_entries_suppress_findings_inside_them() {
        let r = rules("黄片\n三黄片\tallow\n");
        assert_eq!(r.scan_text("服用三黄片").worst, None);
        assert_eq!(r.scan_text("传播黄片").worst, Some(Severity::Review));
        let r = rules("绝密★启用前\tallow\n");
        assert_eq!(r.scan_text("绝密★启用前\n2024年数学试卷").worst, None, "an operator may allow a mark");
    }

    #[test]
    fn levels_map_to_severities_and_doc_number_category() {
        let r = rules("甲项目\t工作秘密\nre:\\p{Han}{1,4}密发〔\\d{4}〕\\d+号\t机密\tdoc-number\n");
        let out = r.scan_text("关于甲项目的函");
        assert_eq!(out.worst, Some(Severity::Review));
        let out = r.scan_text("根据厅密发〔2020〕3号文件");
        let f = out.findings.iter().find(|f| f.rule == "d:2").unwrap();
        assert_eq!(f.kind, FindingKind::DocNumber);
        assert_eq!(f.severity, Severity::Block);
    }

    #[test]
    fn findings_carry_line_column_and_context() {
        let r = rules("紫电计划\t机密\n");
        let out = r.scan_text("第一行\n这里有紫电\n计划的内容");
        let f = &out.findings[0];
        assert_eq!(f.matched, "紫电\n计划");
        assert_eq!(f.location.line, Some(2));
        assert_eq!(f.location.column, Some(4));
        assert_eq!(f.before, "这里有");
        assert_eq!(f.after, "的内容");
    }

    #[test]
    fn generic_doc_numbers_are_information_only() {
        let out = Rules::builtin().scan_text("根据国办发〔2012〕12号文件");
        assert_eq!(out.worst, Some(Severity::Info));
        assert_eq!(out.findings[0].matched, "国办发〔2012〕12号");
        let (v, _) = judge(&out, &[]);
        assert_eq!(v, Verdict::Pass);
    }

    #[test]
    fn unread_content_needs_review() {
        let out = ScanOutcome::default();
        let (v, reasons) = judge(&out, &[CoverageNote::unread("(file)", "unsupported format: pdf", true)]);
        assert_eq!(v, Verdict::Review);
        assert_eq!(reasons, vec!["(file): unsupported format: pdf"]);
    }
}
