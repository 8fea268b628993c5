//! Dictionaries at scale: mijian's matchers next to the alternatives, in one process, on the same
//! normalised text. Prints a markdown table (not a criterion benchmark: building a 10^6-term
//! automaton takes seconds, so each figure is one build and the median of a few passes).
//!
//! * Literal terms at 10^5 (sparse) and 10^6: mijian's n-gram matcher vs daachorse (charwise
//!   double-array Aho-Corasick) vs the aho-corasick crate's contiguous NFA and DFA. Build time,
//!   memory (each structure's own account of its heap), MB/s counting every overlapping match.
//!   The DFA at 10^6 takes ~47 s and ~5 GB, so it runs only with `MIJIAN_BENCH_DFA_1M=1`.
//! * 10^3 `re:` entries: mijian's keyword prefilter vs a `RegexSet` pass followed by the matching
//!   regexes (what mijian did before), segment by segment as a scan does.
//!
//!   BENCHDATA=/tmp/benchdata cargo bench --bench dict_scale
//!
//! * Realistic dictionaries (issue 13): `dict_real_{100k,1m}` on `prose_real.txt`, mijian's
//!   matcher next to daachorse's charwise automaton in overlapping mode, in CPU time of the
//!   bench thread, the two run in turn five times each (interleaved, so both see the same load).
//!   Alone with `MIJIAN_BENCH_REALISTIC=1`:
//!
//!   BENCHDATA=/tmp/benchdata MIJIAN_BENCH_REALISTIC=1 cargo bench --bench dict_scale
//!
//! The text is the first `MIJIAN_BENCH_MB` MiB (default 20) of prose.txt (prose_real.txt for the
//! realistic dictionaries), normalised once.

#![forbid(unsafe_code)]

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use mijian_core::{normalize, Dictionary, Rules};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn data_dir() -> PathBuf {
    PathBuf::from(std::env::var("BENCHDATA").unwrap_or_else(|_| "/tmp/benchdata".into()))
}

fn text() -> String {
    text_of("prose.txt")
}

fn text_of(file: &str) -> String {
    let mb: usize = std::env::var("MIJIAN_BENCH_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let mut b = std::fs::read(data_dir().join(file)).expect("run ../shared/bench/gen_data.py and gen_realistic.py");
    b.truncate(mb << 20);
    while std::str::from_utf8(&b).is_err() {
        b.pop();
    }
    normalize(&String::from_utf8(b).unwrap()).text().to_string()
}

fn terms(name: &str) -> Vec<String> {
    let d = Dictionary::load(&data_dir().join(format!("dict_{name}.txt"))).expect("dictionary");
    let mut t: Vec<String> = d
        .entries()
        .iter()
        .filter_map(|e| match &e.pattern {
            mijian_core::Pattern::Literal(t) => Some(t.clone()),
            mijian_core::Pattern::Regex(_) => None,
        })
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// Median of `n` timed passes of `f`, and what the last pass returned.
fn passes(n: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut out = 0;
    for _ in 0..n {
        let t = Instant::now();
        out = f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[n / 2], out)
}

fn row(what: &str, dict: &str, build: Duration, bytes: usize, scan: Duration, text_len: usize, matches: usize) {
    println!(
        "| {what} | {dict} | {:.2} | {:.0} | {:.0} | {matches} |",
        build.as_secs_f64(),
        bytes as f64 / 1e6,
        text_len as f64 / 1e6 / scan.as_secs_f64()
    );
}

fn literals(text: &str) {
    println!("| matcher | terms | build s | memory MB | MB/s | matches |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for name in ["sparse_100k", "1m"] {
        let words = terms(name);
        let dict_text: String = words.iter().map(|w| format!("{w}\n")).collect();
        // mijian: the whole compile (the dictionary is parsed outside the timing).
        let d = Dictionary::parse("bench", dict_text.as_bytes()).unwrap();
        let t = Instant::now();
        let rules = Rules::builder().default_rules(false).dictionary(d).build().unwrap();
        let build = t.elapsed();
        let (scan, n) = passes(3, || rules.count_dictionary_matches(text));
        row("mijian n-gram", name, build, rules.stats().automaton_bytes, scan, text.len(), n);
        drop(rules);

        let t = Instant::now();
        let daac: CharwiseDoubleArrayAhoCorasick<u32> = CharwiseDoubleArrayAhoCorasick::new(&words).unwrap();
        let build = t.elapsed();
        let (scan, n) = passes(3, || daac.find_overlapping_iter(text).count());
        row("daachorse charwise", name, build, daac.heap_bytes(), scan, text.len(), n);
        drop(daac);

        let dfa_1m = std::env::var_os("MIJIAN_BENCH_DFA_1M").is_some();
        for kind in [AhoCorasickKind::ContiguousNFA, AhoCorasickKind::DFA] {
            if kind == AhoCorasickKind::DFA && name == "1m" && !dfa_1m {
                println!("| aho-corasick DFA | 1m | (skipped: ~47 s, ~5 GB; MIJIAN_BENCH_DFA_1M=1) | | | |");
                continue;
            }
            let t = Instant::now();
            let ac = AhoCorasick::builder().kind(Some(kind)).match_kind(MatchKind::Standard).build(&words).unwrap();
            let build = t.elapsed();
            let (scan, n) = passes(3, || ac.find_overlapping_iter(text).count());
            row(&format!("aho-corasick {kind:?}"), name, build, ac.memory_usage(), scan, text.len(), n);
        }
    }
}

/// CPU time this thread has run (Linux: the first field of /proc/thread-self/schedstat, in ns).
fn thread_cpu() -> Duration {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").expect("/proc/thread-self/schedstat");
    Duration::from_nanos(s.split_whitespace().next().and_then(|n| n.parse().ok()).expect("schedstat"))
}

/// CPU time of `f`, and what it returned.
fn cpu(f: impl FnOnce() -> usize) -> (Duration, usize) {
    let t = thread_cpu();
    let n = f();
    (thread_cpu() - t, n)
}

fn realistic() {
    let text = text_of("prose_real.txt");
    println!(
        "Realistic dictionaries on {:.1} MB of normalised prose_real.txt, CPU time of one thread,",
        text.len() as f64 / 1e6
    );
    println!("medians of 5 runs each, interleaved:\n");
    println!("| dictionary | mijian build s | mijian MB/s (CPU) | daachorse build s | daachorse MB/s (CPU) | **mijian / daachorse** | mijian matches | daachorse matches |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for name in ["real_100k", "real_1m"] {
        let words = terms(name);
        let dict_text: String = words.iter().map(|w| format!("{w}\n")).collect();
        let d = Dictionary::parse("bench", dict_text.as_bytes()).unwrap();
        let t = Instant::now();
        let rules = Rules::builder().default_rules(false).dictionary(d).build().unwrap();
        let mijian_build = t.elapsed();
        let t = Instant::now();
        let daac: CharwiseDoubleArrayAhoCorasick<u32> = CharwiseDoubleArrayAhoCorasick::new(&words).unwrap();
        let daac_build = t.elapsed();
        let (mut tm, mut td, mut nm, mut nd) = (vec![], vec![], 0, 0);
        for _ in 0..5 {
            let (t, n) = cpu(|| rules.count_dictionary_matches(&text));
            tm.push(t);
            nm = n;
            let (t, n) = cpu(|| daac.find_overlapping_iter(&text).count());
            td.push(t);
            nd = n;
        }
        tm.sort();
        td.sort();
        let mbs = |d: Duration| text.len() as f64 / 1e6 / d.as_secs_f64();
        println!(
            "| {name} | {:.2} | {:.0} | {:.2} | {:.0} | **{:.2}×** | {nm} | {nd} |",
            mijian_build.as_secs_f64(),
            mbs(tm[2]),
            daac_build.as_secs_f64(),
            mbs(td[2]),
            td[2].as_secs_f64() / tm[2].as_secs_f64()
        );
    }
}

/// 10^3 patterns made from sparse terms, as a security team writes them (a code name followed
/// by a number, a model with a variable middle), plus a few with no keyword at all.
fn patterns() -> Vec<String> {
    let words = terms("sparse_100k");
    let mut out = Vec::new();
    for (i, w) in words.iter().step_by(97).take(990).enumerate() {
        let chars: Vec<char> = w.chars().collect();
        let (a, b): (String, String) = (chars[..2].iter().collect(), chars[2..].iter().collect());
        out.push(match i % 3 {
            0 => format!(r"{w}\d{{1,3}}[号型]"),
            1 => format!(r"{a}\p{{Han}}{{0,2}}{b}"),
            _ => format!(r"(?:{w}|{b}{a})[a-z0-9]{{0,4}}"),
        });
    }
    for i in 0..10 {
        out.push(format!(r"[a-z]{{3}}{i}\d{{6}}"));
    }
    out
}

fn regexes(text: &str) {
    let pats = patterns();
    let segments: Vec<&str> = text
        .split_inclusive('\n')
        .collect::<Vec<_>>()
        .chunks(100)
        .map(|c| {
            let start = c[0].as_ptr() as usize - text.as_ptr() as usize;
            let len: usize = c.iter().map(|s| s.len()).sum();
            &text[start..start + len]
        })
        .collect();
    println!("\n{} patterns over {} segments of ~100 lines:\n", pats.len(), segments.len());
    println!("| approach | build s | MB/s | matches |");
    println!("| --- | --- | --- | --- |");
    let dict: String = pats.iter().map(|p| format!("re:{p}\n")).collect();
    let d = Dictionary::parse("re", dict.as_bytes()).unwrap();
    let t = Instant::now();
    let rules = Rules::builder().default_rules(false).dictionary(d).build().unwrap();
    let build = t.elapsed();
    let (scan, n) = passes(3, || segments.iter().map(|s| rules.count_dictionary_matches(s)).sum());
    println!(
        "| mijian keyword prefilter ({} without keyword) | {:.2} | {:.1} | {n} |",
        rules.stats().patterns_without_keyword,
        build.as_secs_f64(),
        text.len() as f64 / 1e6 / scan.as_secs_f64()
    );
    let t = Instant::now();
    let set = regex::RegexSetBuilder::new(&pats).size_limit(64 << 20).dfa_size_limit(64 << 20).build().unwrap();
    let each: Vec<regex::Regex> = pats.iter().map(|p| regex::Regex::new(p).unwrap()).collect();
    let build = t.elapsed();
    let (scan, n) = passes(3, || {
        segments
            .iter()
            .map(|s| {
                set.matches(s).iter().map(|i| each[i].find_iter(s).filter(|m| !m.is_empty()).count()).sum::<usize>()
            })
            .sum()
    });
    println!(
        "| RegexSet pass, then the matching regexes | {:.2} | {:.1} | {n} |",
        build.as_secs_f64(),
        text.len() as f64 / 1e6 / scan.as_secs_f64()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` and IDEs probe bench binaries this way
    }
    if std::env::var_os("MIJIAN_BENCH_REALISTIC").is_some() {
        realistic();
        return;
    }
    let text = text();
    println!("Text: {:.1} MB of normalised prose.\n", text.len() as f64 / 1e6);
    if std::env::var_os("MIJIAN_BENCH_SKIP_LITERALS").is_none() {
        literals(&text);
    }
    regexes(&text);
}
