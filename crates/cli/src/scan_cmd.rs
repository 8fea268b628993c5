//! `mijian scan`.

use crate::args::{Format, ScanArgs};
use crate::files::{expand, Item};
use crate::print::{summary_line, TextPrinter};
use crate::{rules, EXIT_ERROR, EXIT_FLAGGED, EXIT_PASS};
use mijian_core::{ScanOptions, Verdict};
use mijian_scan::{inspect_path, FileReport, InspectOptions};
use rayon::prelude::*;
use std::io::Write;

/// Files inspected together before their results are printed, in order.
const BATCH: usize = 64;

pub(crate) fn run(args: &ScanArgs) -> i32 {
    let loaded = match &args.rules {
        Some(compiled) => rules::load_compiled(compiled),
        None => rules::load(&args.dicts, !args.no_default_rules),
    };
    let rules = match loaded {
        Ok(r) => r,
        Err(e) => {
            eprintln!("mijian: {e}");
            return EXIT_ERROR;
        }
    };
    let mut opts = InspectOptions {
        scan: ScanOptions { max_findings: args.max_findings, ..Default::default() },
        ..Default::default()
    };
    opts.limits.time_limit = args.file_timeout;
    opts.limits.ocr = match args.ocr.setting() {
        Ok(ocr) => ocr,
        Err(e) => {
            eprintln!("mijian: --ocr on: {e}");
            return EXIT_ERROR;
        }
    };
    let mut items = expand(&args.paths);
    items.retain(|item| match item {
        Item::Skipped(p, why) => {
            eprintln!("mijian: skipped {}: {why}", p.display());
            false
        }
        _ => true,
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printer = TextPrinter::new(args.color);
    let mut counts = [0usize; 4];
    for batch in items.chunks(BATCH) {
        let reports: Vec<Vec<FileReport>> = batch
            .par_iter()
            .map(|item| match item {
                Item::File(p) => inspect_path(p, &rules, &opts),
                Item::Unreadable(p, why) => vec![FileReport::error(p.display().to_string(), 0, why.clone())],
                Item::Skipped(..) => Vec::new(),
            })
            .collect();
        for r in reports.iter().flatten() {
            counts[r.verdict as usize] += 1;
            let written = match args.format {
                Format::Json => {
                    serde_json::to_writer(&mut out, r).map_err(std::io::Error::from).and_then(|_| out.write_all(b"\n"))
                }
                Format::Text => printer.report(&mut out, r),
            };
            if let Err(e) = written {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return worst_exit(&counts);
                }
                eprintln!("mijian: cannot write the results: {e}");
                return EXIT_ERROR;
            }
        }
        let _ = out.flush();
    }
    let _ = out.flush();
    if args.format == Format::Text {
        eprintln!("{}", summary_line(&counts));
    }
    worst_exit(&counts)
}

fn worst_exit(counts: &[usize; 4]) -> i32 {
    if counts[Verdict::Error as usize] > 0 {
        EXIT_ERROR
    } else if counts[Verdict::Block as usize] + counts[Verdict::Review as usize] > 0 {
        EXIT_FLAGGED
    } else {
        EXIT_PASS
    }
}
