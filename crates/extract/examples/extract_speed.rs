//! Measures a reader's throughput: sniffs each file, extracts it `--runs` times (3 by default)
//! and prints the median time and MB/s (input bytes) per file. For benches/README.md.
//!
//! ```text
//! cargo run --release -p mijian-extract --example extract_speed -- [--runs N] FILE...
//! ```

use std::time::Instant;

use mijian_core::Collected;
use mijian_extract::{extract, sniff, Limits};

fn main() {
    let mut runs = 3usize;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(3).max(1),
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        eprintln!("usage: extract_speed [--runs N] FILE...");
        std::process::exit(2);
    }
    let limits = Limits::default();
    println!("| file | format | MB | segments | median s | MB/s |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for path in files {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let mut times = Vec::with_capacity(runs);
        let mut segments = 0;
        let mut format = sniff(&bytes);
        for _ in 0..runs {
            let start = Instant::now();
            format = sniff(&bytes);
            let mut sink = Collected::default();
            if let Err(e) = extract(&bytes, format, &limits, &mut sink) {
                eprintln!("{path}: {e}");
            }
            times.push(start.elapsed().as_secs_f64());
            segments = sink.segments.len();
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let mb = bytes.len() as f64 / 1e6;
        let name = std::path::Path::new(&path).file_name().map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        println!("| {name} | {} | {mb:.1} | {segments} | {median:.3} | {:.1} |", format.name(), mb / median);
    }
}
