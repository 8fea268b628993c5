//! Prints the text mijian extracts from PDF files, for comparison with `pdftotext`.
//!
//! ```text
//! cargo run --release -p mijian-extract --example pdftext -- FILE.pdf...          # segments with locations
//! cargo run --release -p mijian-extract --example pdftext -- --text FILE.pdf      # page text only, like pdftotext
//! cargo run --release -p mijian-extract --example pdftext -- --quiet FILE.pdf...  # timing only
//! ```
//!
//! Default output: for each file a `== FILE` line, then per segment a `-- location [role]` line
//! followed by its text, then the coverage notes (`?? part: reason`), or `!! error: …`.
//! `--text` prints only the text of the pages (body, header and footer segments, and annotation
//! contents: what pdftotext prints and the agreement benchmark compares), with the coverage notes and any error on
//! standard error. `--quiet` prints one line per file with its size and time, and the throughput.

use std::io::Write;
use std::time::Instant;

use mijian_core::Collected;
use mijian_extract::{extract, Format, Limits};

fn main() {
    if let Err(e) = run() {
        // A closed pipe (`| head`) is not worth a panic.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("pdftext: {e}");
            std::process::exit(1);
        }
    }
}

fn run() -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut mode = "full";
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--text" => mode = "text",
            "--quiet" => mode = "quiet",
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        eprintln!("usage: pdftext [--text|--quiet] FILE.pdf...");
        std::process::exit(2);
    }
    let limits = Limits::default();
    let (mut bytes_total, mut seconds_total) = (0u64, 0f64);
    let mut failed = false;
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        let mut sink = Collected::default();
        let start = Instant::now();
        let result = extract(&bytes, Format::Pdf, &limits, &mut sink);
        let seconds = start.elapsed().as_secs_f64();
        bytes_total += bytes.len() as u64;
        seconds_total += seconds;
        match mode {
            "text" => {
                let shown = |part: &str| part.starts_with("page") || part == "annotation";
                for s in sink.segments.iter().filter(|s| shown(&s.location.part)) {
                    writeln!(out, "{}", s.text)?;
                }
                for note in sink.coverage.iter().filter(|n| n.reason.is_some()) {
                    let review = if note.needs_review { " (needs review)" } else { "" };
                    eprintln!(
                        "?? {}: {}{review}",
                        note.part,
                        note.reason.as_ref().map(ToString::to_string).unwrap_or_default()
                    );
                }
                if let Err(e) = &result {
                    eprintln!("!! error: {e}");
                }
            }
            "quiet" => {
                let status = match &result {
                    Ok(()) => "ok".to_owned(),
                    Err(e) => format!("error: {e}"),
                };
                writeln!(out, "{path}\t{} bytes\t{:.2} ms\t{status}", bytes.len(), seconds * 1e3)?;
            }
            _ => {
                writeln!(out, "== {path}")?;
                for s in &sink.segments {
                    writeln!(out, "-- {} [{:?}]", s.location, s.role)?;
                    writeln!(out, "{}", s.text)?;
                }
                for note in &sink.coverage {
                    match &note.reason {
                        Some(reason) => writeln!(
                            out,
                            "?? {}: {reason}{}",
                            note.part,
                            if note.needs_review { " (needs review)" } else { "" }
                        ),
                        None => writeln!(out, "ok {}", note.part),
                    }?;
                }
                if let Err(e) = &result {
                    writeln!(out, "!! error: {e}")?;
                }
            }
        }
    }
    if mode == "quiet" && seconds_total > 0.0 {
        writeln!(
            out,
            "total\t{bytes_total} bytes\t{:.1} ms\t{:.1} MB/s",
            seconds_total * 1e3,
            bytes_total as f64 / 1e6 / seconds_total
        )?;
    }
    if failed {
        std::process::exit(1);
    }
    Ok(())
}
