//! `mijian bench --dict OLD... --against NEW... [--clean DIR] [--marked DIR] CORPUS...`
//!
//! For the security team, before rolling a dictionary update out: on the same corpus, in the same
//! run, how long each rule set takes to load and compile, how much memory it holds, how fast it
//! scans, and what it flags differently. Every file is read once and inspected by the old rules
//! then the new ones, one after the other, so that both see the same load on a busy machine.
//!
//! The findings difference names dictionary terms (`--hide-terms` shows rule ids instead). The
//! dictionary is itself sensitive: this report is meant for the security team's own machine,
//! never for a ticket, a chat or a log.

use crate::args::{BenchArgs, Format};
use crate::files::{expand, Item};
use crate::text::t;
use crate::{rules, EXIT_ERROR, EXIT_PASS};
use mijian_core::Lang;
use mijian_core::{FindOptions, Pattern, Rules, Verdict};
use mijian_inspect::{InspectOptions, Inspection};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const TERMS_NOTE: &str =
    "This report shows dictionary terms: keep it on the security team's machine (--hide-terms shows rule ids).";

/// What a corpus directory is known to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Label {
    Clean,
    Marked,
    Unlabelled,
}

/// One rule set, loaded.
struct Side {
    rules: Rules,
    summary: SideSummary,
}

#[derive(Serialize, Default)]
struct SideSummary {
    sources: Vec<String>,
    compiled_form: bool,
    load_seconds: f64,
    compile_seconds: f64,
    rules_bytes: usize,
    rss_growth_bytes: Option<u64>,
    terms: usize,
    patterns: usize,
    patterns_without_keyword: usize,
    scan_seconds: f64,
    mb_per_s: f64,
    by_format: BTreeMap<String, FormatFigures>,
    verdicts: BTreeMap<String, usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<IndexFigures>,
}

/// The index of registered documents of one side.
#[derive(Serialize, Default)]
struct IndexFigures {
    path: String,
    documents: usize,
    fingerprints: usize,
    file_bytes: u64,
    memory_bytes: usize,
    load_seconds: f64,
}

#[derive(Serialize, Default, Clone)]
struct FormatFigures {
    files: usize,
    bytes: u64,
    seconds: f64,
    mb_per_s: f64,
}

/// One file as each side saw it.
struct FileResult {
    path: String,
    label: Label,
    size: u64,
    format: String,
    verdict: [Verdict; 2],
    time: [Duration; 2],
    /// Findings per rule id, the file's members included.
    by_rule: [BTreeMap<String, u64>; 2],
}

#[derive(Serialize)]
struct VerdictChange {
    path: String,
    label: Label,
    old: Verdict,
    new: Verdict,
}

#[derive(Serialize)]
struct Difference {
    /// The term (or `re:` pattern, or built-in rule id); the rule ids with --hide-terms.
    what: String,
    findings: u64,
    files: usize,
    rules: Vec<String>,
}

#[derive(Serialize, Default)]
struct LabelFigures {
    files: usize,
    flagged_old: usize,
    flagged_new: usize,
    /// Clean files: false positives gained. Marked files: detections gained.
    gained: Vec<String>,
    /// Clean files: false positives gone. Marked files: detections lost.
    lost: Vec<String>,
}

#[derive(Serialize)]
struct BenchReport {
    note: &'static str,
    files: usize,
    bytes: u64,
    old: SideSummary,
    new: SideSummary,
    verdict_changes: Vec<VerdictChange>,
    new_findings: Vec<Difference>,
    lost_findings: Vec<Difference>,
    clean: Option<LabelFigures>,
    marked: Option<LabelFigures>,
}

pub(crate) fn run(args: &BenchArgs) -> i32 {
    let defaults = !args.no_default_rules;
    let new_dicts = if args.new.is_empty() { &args.old } else { &args.new };
    let new_key = args.against_key.as_ref().or(args.key.as_ref());
    let loaded = (
        load_side(&args.old, defaults).and_then(|s| with_index(s, args.index.as_ref(), args.key.as_ref())),
        load_side(new_dicts, defaults).and_then(|s| with_index(s, args.against_index.as_ref(), new_key)),
    );
    let sides = match loaded {
        (Ok(o), Ok(n)) => [o, n],
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{}", crate::text::error(e));
            return EXIT_ERROR;
        }
    };
    let mut items: Vec<(PathBuf, Label)> = Vec::new();
    for (dirs, label) in [(&args.clean, Label::Clean), (&args.marked, Label::Marked), (&args.corpus, Label::Unlabelled)]
    {
        for item in expand(dirs) {
            match item {
                Item::File(p) => items.push((p, label)),
                Item::Unreadable(p, why) | Item::Skipped(p, why) => {
                    eprintln!("{}", crate::text::skipped(p.display(), why))
                }
            }
        }
    }
    if items.is_empty() {
        eprintln!(
            "{}",
            crate::text::error(t(
                "没有语料：请给出文件或目录、--clean DIR 或 --marked DIR",
                "no corpus: give files or directories, --clean DIR or --marked DIR"
            ))
        );
        return EXIT_ERROR;
    }
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(items.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files, {elapsed} (eta {eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let opts = InspectOptions { scan: FindOptions::default(), ..Default::default() };
    let results: Vec<FileResult> = items
        .par_iter()
        .filter_map(|(path, label)| {
            let r = inspect_both(path, *label, &sides, &opts);
            if let Some(b) = &progress {
                b.inc(1);
            }
            r
        })
        .collect();
    if let Some(b) = progress {
        b.finish_and_clear();
    }
    let report = compare(sides, results, args);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from).and_then(|_| writeln!(out))
        }
        Format::Text => print_text(&mut out, &report, args.top),
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("{}", crate::text::cannot_write(e));
            return EXIT_ERROR;
        }
    }
    EXIT_PASS
}

/// Loads one side: dictionaries (timed as parse, then compile) or one compiled file.
fn load_side(paths: &[PathBuf], defaults: bool) -> Result<Side, String> {
    let rss_before = rss_bytes();
    let sources = paths.iter().map(|p| p.display().to_string()).collect();
    let t = Instant::now();
    let (rules, load, compile, compiled_form) = if paths.len() == 1 && rules::is_compiled(&paths[0]) {
        let r = rules::load_compiled(&paths[0])?;
        (r, t.elapsed(), Duration::ZERO, true)
    } else {
        let d = rules::parse(paths)?;
        let load = t.elapsed();
        let t = Instant::now();
        let r = rules::build(d, defaults)?;
        (r, load, t.elapsed(), false)
    };
    let rss_growth_bytes = rss_before.zip(rss_bytes()).map(|(a, b)| b.saturating_sub(a));
    let s = rules.stats();
    let summary = SideSummary {
        sources,
        compiled_form,
        load_seconds: load.as_secs_f64(),
        compile_seconds: compile.as_secs_f64(),
        rules_bytes: rules.heap_bytes(),
        rss_growth_bytes,
        terms: s.terms,
        patterns: s.patterns,
        patterns_without_keyword: s.patterns_without_keyword,
        ..Default::default()
    };
    Ok(Side { rules, summary })
}

/// Adds an index of registered documents to a side (timed; its memory counted with the rules').
fn with_index(mut side: Side, index: Option<&PathBuf>, key: Option<&PathBuf>) -> Result<Side, String> {
    let Some(index) = index else {
        return Ok(side);
    };
    let key = key.ok_or_else(|| format!("{}: an index needs its key (--key, --against-key)", index.display()))?;
    let t = Instant::now();
    let rss_before = rss_bytes();
    let key = mijian_index::IndexKey::load(key).map_err(|e| e.to_string())?;
    let loaded = mijian_index::Index::load(index).map_err(|e| e.to_string())?;
    let matcher = mijian_index::IndexMatcher::new(loaded, &key, index, mijian_index::ExcerptPolicy::default())
        .map_err(|e| e.to_string())?;
    let figures = IndexFigures {
        path: index.display().to_string(),
        documents: matcher.index().documents().len(),
        fingerprints: matcher.index().fingerprints(),
        file_bytes: std::fs::metadata(index).map_or(0, |m| m.len()),
        memory_bytes: matcher.index().heap_bytes(),
        load_seconds: t.elapsed().as_secs_f64(),
    };
    if let (Some(a), Some(b), Some(g)) = (rss_before, rss_bytes(), side.summary.rss_growth_bytes.as_mut()) {
        *g += b.saturating_sub(a);
    }
    side.summary.rules_bytes += figures.memory_bytes;
    side.summary.sources.push(figures.path.clone());
    side.summary.index = Some(figures);
    side.rules = side.rules.with_excerpts(std::sync::Arc::new(matcher));
    Ok(side)
}

/// Resident memory of this process (Linux), for the growth caused by loading a rule set.
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
}

fn inspect_both(path: &PathBuf, label: Label, sides: &[Side; 2], opts: &InspectOptions) -> Option<FileResult> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}", crate::text::skipped(path.display(), e));
            return None;
        }
    };
    let name = path.display().to_string();
    let mut verdict = [Verdict::Pass; 2];
    let mut time = [Duration::ZERO; 2];
    let mut by_rule: [BTreeMap<String, u64>; 2] = Default::default();
    let mut format = String::new();
    for (k, side) in sides.iter().enumerate() {
        let t = Instant::now();
        let inspection = Inspection::of_bytes(&name, &bytes, &side.rules, opts);
        time[k] = t.elapsed();
        verdict[k] = inspection.verdict();
        format = inspection.report.format.to_string();
        for r in inspection.reports() {
            for (rule, n) in &r.findings_by_rule {
                *by_rule[k].entry(rule.clone()).or_default() += n;
            }
        }
    }
    Some(FileResult { path: name, label, size: bytes.len() as u64, format, verdict, time, by_rule })
}

/// What a rule id stands for: the term or pattern of a dictionary entry, or the id itself for the
/// built-in markings and rules.
struct RuleNames<'a> {
    rules: &'a Rules,
    /// Dictionary name -> the range of its entries (entries are in file order).
    ranges: HashMap<&'a str, (usize, usize)>,
}

impl<'a> RuleNames<'a> {
    fn new(rules: &'a Rules) -> Self {
        let mut ranges: HashMap<&str, (usize, usize)> = HashMap::new();
        for (i, e) in rules.entries().iter().enumerate() {
            let r = ranges.entry(&e.source.dictionary).or_insert((i, i));
            r.1 = i + 1;
        }
        RuleNames { rules, ranges }
    }

    fn key(&self, rule: &str) -> String {
        let found = rule.rsplit_once(':').and_then(|(dict, line)| {
            let line: u32 = line.parse().ok()?;
            let &(a, b) = self.ranges.get(dict)?;
            let entries = &self.rules.entries()[a..b];
            let k = entries.binary_search_by_key(&line, |e| e.source.line).ok()?;
            Some(match &entries[k].pattern {
                Pattern::Literal(t) => t.clone(),
                Pattern::Regex(r) => format!("re:{r}"),
            })
        });
        found.unwrap_or_else(|| rule.to_string())
    }
}

/// For one term or rule: findings, files, and (up to five) rule ids.
type Tally = (u64, usize, Vec<String>);

fn compare(sides: [Side; 2], results: Vec<FileResult>, args: &BenchArgs) -> BenchReport {
    let [mut old, mut new] = sides;
    let names = [RuleNames::new(&old.rules), RuleNames::new(&new.rules)];
    let mut changes = Vec::new();
    let mut diff: [BTreeMap<String, Tally>; 2] = Default::default();
    let mut labels = [LabelFigures::default(), LabelFigures::default()];
    for r in &results {
        if r.verdict[0] != r.verdict[1] {
            changes.push(VerdictChange { path: r.path.clone(), label: r.label, old: r.verdict[0], new: r.verdict[1] });
        }
        let mut counts: [HashMap<String, (u64, Vec<&String>)>; 2] = Default::default();
        for k in 0..2 {
            for (rule, n) in &r.by_rule[k] {
                let e = counts[k].entry(names[k].key(rule)).or_default();
                e.0 += n;
                e.1.push(rule);
            }
        }
        // diff[0]: gained by new; diff[1]: lost by new.
        for (k, (this, other)) in [(1usize, 0usize), (0, 1)].into_iter().enumerate() {
            for (key, (n, rules)) in &counts[this] {
                let before = counts[other].get(key).map_or(0, |c| c.0);
                if *n > before {
                    let d = diff[k].entry(key.clone()).or_default();
                    d.0 += n - before;
                    d.1 += 1;
                    for rule in rules {
                        if !d.2.contains(rule) && d.2.len() < 5 {
                            d.2.push((*rule).clone());
                        }
                    }
                }
            }
        }
        let flagged = |v: Verdict| matches!(v, Verdict::Block | Verdict::Review);
        let li = match r.label {
            Label::Clean => 0,
            Label::Marked => 1,
            Label::Unlabelled => continue,
        };
        let l = &mut labels[li];
        l.files += 1;
        l.flagged_old += flagged(r.verdict[0]) as usize;
        l.flagged_new += flagged(r.verdict[1]) as usize;
        if flagged(r.verdict[1]) && !flagged(r.verdict[0]) {
            l.gained.push(r.path.clone());
        }
        if flagged(r.verdict[0]) && !flagged(r.verdict[1]) {
            l.lost.push(r.path.clone());
        }
    }
    for (k, side) in [&mut old, &mut new].into_iter().enumerate() {
        let s = &mut side.summary;
        let (mut bytes, mut secs) = (0u64, 0f64);
        for r in &results {
            let f = s.by_format.entry(r.format.clone()).or_default();
            f.files += 1;
            f.bytes += r.size;
            f.seconds += r.time[k].as_secs_f64();
            bytes += r.size;
            secs += r.time[k].as_secs_f64();
            *s.verdicts.entry(r.verdict[k].as_str().to_string()).or_default() += 1;
        }
        for f in s.by_format.values_mut() {
            f.mb_per_s = mb_per_s(f.bytes, f.seconds);
        }
        s.scan_seconds = secs;
        s.mb_per_s = mb_per_s(bytes, secs);
    }
    let to_list = |m: BTreeMap<String, Tally>| {
        let mut v: Vec<Difference> = m
            .into_iter()
            .map(|(what, (findings, files, rules))| Difference {
                what: if args.hide_terms { rules.join(" ") } else { what },
                findings,
                files,
                rules,
            })
            .collect();
        v.sort_by(|a, b| b.findings.cmp(&a.findings).then(b.files.cmp(&a.files)).then(a.what.cmp(&b.what)));
        v
    };
    let [gained, lost] = diff;
    let [clean, marked] = labels;
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    BenchReport {
        note: if args.hide_terms { "Rule ids only (--hide-terms)." } else { TERMS_NOTE },
        files: results.len(),
        bytes: results.iter().map(|r| r.size).sum(),
        old: old.summary,
        new: new.summary,
        verdict_changes: changes,
        new_findings: to_list(gained),
        lost_findings: to_list(lost),
        clean: (!args.clean.is_empty()).then_some(clean),
        marked: (!args.marked.is_empty()).then_some(marked),
    }
}

fn mb_per_s(bytes: u64, secs: f64) -> f64 {
    if secs > 0.0 {
        bytes as f64 / 1e6 / secs
    } else {
        0.0
    }
}

fn print_text(w: &mut impl Write, r: &BenchReport, top: usize) -> std::io::Result<()> {
    let top = if top == 0 { usize::MAX } else { top };
    let note = match (crate::lang(), r.note == TERMS_NOTE) {
        (Lang::En, _) => r.note,
        (Lang::Zh, true) => "本报告显示词典词条：请只保存在保密工作人员的机器上（--hide-terms 改为显示规则 id）。",
        (Lang::Zh, false) => "只显示规则 id（--hide-terms）。",
    };
    writeln!(w, "{}{note}", t("注意：", "NOTE: "))?;
    let mb = r.bytes as f64 / 1e6;
    match crate::lang() {
        Lang::Zh => writeln!(w, "语料：{} 个文件，{mb:.1} MB；每个文件先旧后新，MB/s 按单线程计\n", r.files)?,
        Lang::En => writeln!(w, "corpus: {} files, {mb:.1} MB; old then new on each file, MB/s per thread\n", r.files)?,
    }
    let (o, n) = (&r.old, &r.new);
    writeln!(w, "{:<28} {:>14} {:>14} {:>8}", "", t("旧", "old"), t("新", "new"), t("新/旧", "new/old"))?;
    let row = |w: &mut dyn Write, name: &str, a: f64, b: f64, decimals: usize| {
        let ratio = if a > 0.0 { format!("{:.2}", b / a) } else { "-".into() };
        writeln!(w, "{name:<28} {:>14} {:>14} {ratio:>8}", format!("{a:.decimals$}"), format!("{b:.decimals$}"))
    };
    writeln!(w, "{:<28} {:>14} {:>14}", t("来源", "sources"), o.sources.join(","), n.sources.join(","))?;
    row(w, t("词条", "terms"), o.terms as f64, n.terms as f64, 0)?;
    row(w, t("模式", "patterns"), o.patterns as f64, n.patterns as f64, 0)?;
    row(w, t("加载（解析/读取）秒", "load (parse / read) s"), o.load_seconds, n.load_seconds, 3)?;
    row(w, t("编译 秒", "compile s"), o.compile_seconds, n.compile_seconds, 3)?;
    row(w, t("规则内存 MB", "rules memory MB"), o.rules_bytes as f64 / 1e6, n.rules_bytes as f64 / 1e6, 3)?;
    if let (Some(a), Some(b)) = (o.rss_growth_bytes, n.rss_growth_bytes) {
        row(w, t("加载后 RSS 增长 MB", "RSS growth on load MB"), a as f64 / 1e6, b as f64 / 1e6, 3)?;
    }
    if o.index.is_some() || n.index.is_some() {
        let get = |s: &SideSummary, f: fn(&IndexFigures) -> f64| s.index.as_ref().map_or(0.0, f);
        row(
            w,
            t("登记文档数", "registered documents"),
            get(o, |i| i.documents as f64),
            get(n, |i| i.documents as f64),
            0,
        )?;
        row(
            w,
            t("索引指纹数", "index fingerprints"),
            get(o, |i| i.fingerprints as f64),
            get(n, |i| i.fingerprints as f64),
            0,
        )?;
        row(
            w,
            t("索引文件 MB", "index file MB"),
            get(o, |i| i.file_bytes as f64 / 1e6),
            get(n, |i| i.file_bytes as f64 / 1e6),
            3,
        )?;
        row(w, t("索引加载秒数", "index load s"), get(o, |i| i.load_seconds), get(n, |i| i.load_seconds), 3)?;
    }
    row(w, t("扫描 MB/s（全部）", "scan MB/s (all)"), o.mb_per_s, n.mb_per_s, 1)?;
    for (fmt, a) in &o.by_format {
        let b = n.by_format.get(fmt).cloned().unwrap_or_default();
        let name = match crate::lang() {
            Lang::Zh => format!("扫描 MB/s（{fmt}，{} 个文件）", a.files),
            Lang::En => format!("scan MB/s ({fmt}, {} files)", a.files),
        };
        row(w, &name, a.mb_per_s, b.mb_per_s, 1)?;
    }
    for v in [Verdict::Block, Verdict::Review, Verdict::Pass, Verdict::Error] {
        let get = |s: &SideSummary| s.verdicts.get(v.as_str()).copied().unwrap_or(0) as f64;
        let name = match crate::lang() {
            Lang::Zh => format!("{}的文件", v.text(Lang::Zh)),
            Lang::En => format!("files {v}"),
        };
        row(w, &name, get(o), get(n), 0)?;
    }
    writeln!(w, "\n{}{}", t("结论变化：", "verdict changes: "), r.verdict_changes.len())?;
    for c in r.verdict_changes.iter().take(top) {
        writeln!(w, "  {} -> {}  {} ({:?})", c.old.as_str(), c.new.as_str(), c.path, c.label)?;
    }
    for (title, list) in [
        (t("新增发现（新规则发现、旧规则未发现）", "new findings (new rules find, old did not)"), &r.new_findings),
        (t("丢失的发现", "findings lost"), &r.lost_findings),
    ] {
        let total = list.iter().map(|d| d.findings).sum::<u64>();
        match crate::lang() {
            Lang::Zh => writeln!(w, "\n{title}：{} 个词条/规则，{total} 处发现", list.len())?,
            Lang::En => writeln!(w, "\n{title}: {} terms/rules, {total} findings", list.len())?,
        }
        for d in list.iter().take(top) {
            let rules = d.rules.join(" ");
            match crate::lang() {
                Lang::Zh => writeln!(w, "  {:>8} 处发现，{:>5} 个文件  {}  [{rules}]", d.findings, d.files, d.what)?,
                Lang::En => writeln!(w, "  {:>8} findings in {:>5} files  {}  [{rules}]", d.findings, d.files, d.what)?,
            }
        }
    }
    if let Some(c) = &r.clean {
        match crate::lang() {
            Lang::Zh => {
                writeln!(w, "\n干净文件：{} 个；被标记（误报）旧 {}，新 {}", c.files, c.flagged_old, c.flagged_new)?
            }
            Lang::En => writeln!(
                w,
                "\nclean files: {}; flagged (false positives) old {}, new {}",
                c.files, c.flagged_old, c.flagged_new
            )?,
        }
        writeln!(w, "  {}{}", t("新增误报：", "false positives gained: "), c.gained.len())?;
        for p in c.gained.iter().take(top) {
            writeln!(w, "    {p}")?;
        }
        writeln!(w, "  {}{}", t("消除的误报：", "false positives gone: "), c.lost.len())?;
    }
    if let Some(m) = &r.marked {
        match crate::lang() {
            Lang::Zh => writeln!(w, "\n带标志文件：{} 个；检出 旧 {}，新 {}", m.files, m.flagged_old, m.flagged_new)?,
            Lang::En => {
                writeln!(w, "\nmarked files: {}; detected old {}, new {}", m.files, m.flagged_old, m.flagged_new)?
            }
        }
        writeln!(w, "  {}{}", t("丢失的检出：", "detections lost: "), m.lost.len())?;
        for p in m.lost.iter().take(top) {
            writeln!(w, "    {p}")?;
        }
        writeln!(w, "  {}{}", t("新增的检出：", "detections gained: "), m.gained.len())?;
    }
    Ok(())
}
