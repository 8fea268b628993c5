//! Criterion benchmarks of the engine: normalisation alone, dictionary compile, matching alone
//! (already-normalised text) at 10^3/10^5/10^6 terms, normalise + match with dictionaries of 10^3,
//! 10^5 and 10^6 terms, dense and sparse, and the whole inspection of the benchmark DOCX and PDF
//! files (sniff, extract, normalise, match, judge).
//!
//! Data: `$BENCHDATA` (default `/tmp/benchdata`) as made by `../shared/bench/gen_data.py`; the
//! first `MIJIAN_BENCH_MB` MiB (default 8) of `prose.txt` are scanned. Without the data the
//! benchmarks say so and run on a small synthetic text, which is fine for a smoke test but not for
//! figures. Whole-process figures next to ripgrep come from `benches/text_vs_rg.sh`.

#![forbid(unsafe_code)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mijian_core::{normalize, Dictionary, FindOptions, Location, Normalized, Role, Rules, Segment};
use mijian_inspect::{inspect_bytes, InspectOptions};
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    PathBuf::from(std::env::var("BENCHDATA").unwrap_or_else(|_| "/tmp/benchdata".into()))
}

fn prose() -> String {
    let mb: usize = std::env::var("MIJIAN_BENCH_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(8);
    match std::fs::read(data_dir().join("prose.txt")) {
        Ok(mut b) => {
            b.truncate(mb << 20);
            while std::str::from_utf8(&b).is_err() {
                b.pop();
            }
            String::from_utf8(b).unwrap()
        }
        Err(_) => {
            eprintln!(
                "NOTE: no {}/prose.txt: benchmarking a synthetic text (run ../shared/bench/gen_data.py)",
                data_dir().display()
            );
            "根据国办发〔2012〕12号文件精神，各地区各部门要加强政务公开工作，\n提高政府工作透明度。".repeat(20_000)
        }
    }
}

fn dictionary(name: &str) -> Option<Dictionary> {
    let path = data_dir().join(format!("dict_{name}.txt"));
    match Dictionary::load(&path) {
        Ok(d) => Some(d),
        Err(_) => {
            eprintln!("NOTE: no {}: skipped", path.display());
            None
        }
    }
}

/// Text cut into segments as the text reader cuts a file.
fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut line = 1;
    for chunk in text.split_inclusive("\n\n").collect::<Vec<_>>().chunks(2000) {
        let s: String = chunk.concat();
        let n = s.matches('\n').count() as u32;
        out.push(Segment::new(Location::part("text").with_line(line), Role::Body, s));
        line += n;
    }
    out
}

fn bench_normalize(c: &mut Criterion) {
    let text = prose();
    let mut g = c.benchmark_group("normalize");
    g.sample_size(10).throughput(Throughput::Bytes(text.len() as u64));
    let mut buf = Normalized::new();
    g.bench_function("prose", |b| b.iter(|| buf.fill(&text)));
    g.finish();
    let _ = normalize("");
}

fn bench_compile(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    g.sample_size(10);
    for name in ["1k", "sparse_100k", "100k", "1m"] {
        let Some(d) = dictionary(name) else { continue };
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| Rules::builder().default_rules(false).dictionary(d.clone()).build().unwrap())
        });
    }
    g.finish();
}

fn bench_scan(c: &mut Criterion) {
    let text = prose();
    let segs = segments(&text);
    let mut g = c.benchmark_group("scan");
    g.sample_size(10).throughput(Throughput::Bytes(text.len() as u64));
    let opts = FindOptions::default();
    let builtin = Rules::builtin();
    g.bench_function("default-rules", |b| b.iter(|| builtin.find(&segs, &opts)));
    for name in ["1k", "10k", "100k", "sparse_100k", "1m"] {
        let Some(d) = dictionary(name) else { continue };
        let rules = Rules::builder().default_rules(false).dictionary(d).build().unwrap();
        g.bench_function(BenchmarkId::new("dict", name), |b| b.iter(|| rules.find(&segs, &opts)));
    }
    g.finish();
}

fn bench_match(c: &mut Criterion) {
    let text = normalize(&prose()).text().to_string();
    let mut g = c.benchmark_group("match");
    g.sample_size(10).throughput(Throughput::Bytes(text.len() as u64));
    for name in ["1k", "sparse_100k", "100k", "1m"] {
        let Some(d) = dictionary(name) else { continue };
        let rules = Rules::builder().default_rules(false).dictionary(d).build().unwrap();
        g.bench_function(BenchmarkId::from_parameter(name), |b| b.iter(|| rules.count_dictionary_matches(&text)));
    }
    g.finish();
}

/// The whole inspection of every file of `docs/<kind>`, as `mijian scan` does it (one thread).
fn bench_documents(c: &mut Criterion) {
    let rules = Rules::builtin();
    let opts = InspectOptions::default();
    let mut g = c.benchmark_group("inspect");
    g.sample_size(10);
    for kind in ["docx", "pdf"] {
        let dir = data_dir().join("docs").join(kind);
        let Ok(list) = std::fs::read_dir(&dir) else {
            eprintln!("NOTE: no {}: skipped (run ../shared/bench/gen_docs.py)", dir.display());
            continue;
        };
        let mut files: Vec<(String, Vec<u8>)> = list
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == kind))
            .map(|e| (e.path().display().to_string(), std::fs::read(e.path()).unwrap()))
            .collect();
        files.sort();
        let bytes: usize = files.iter().map(|f| f.1.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(BenchmarkId::from_parameter(kind), |b| {
            b.iter(|| files.iter().map(|(n, f)| inspect_bytes(n, f, &rules, &opts).len()).sum::<usize>())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_normalize, bench_compile, bench_match, bench_scan, bench_documents);
criterion_main!(benches);
