//! `mijian scan`.

use crate::args::{Format, ScanArgs};
use crate::files::{expand, Item};
use crate::print::{summary_line, TextPrinter};
use crate::{rules, EXIT_ERROR, EXIT_FLAGGED, EXIT_PASS};
use mijian_core::policy::Exit;
use mijian_core::{ScanOptions, Verdict};
use mijian_scan::{FileReport, InspectOptions, Inspection};
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
        let inspections: Vec<Option<Inspection>> = batch
            .par_iter()
            .map(|item| match item {
                Item::File(p) => Some(Inspection::of_path(p, &rules, &opts)),
                Item::Unreadable(p, why) => {
                    Some(Inspection::failed(FileReport::error(p.display().to_string(), 0, why.clone())))
                }
                Item::Skipped(..) => None,
            })
            .collect();
        // One line (or block) per file and per member, the file first: the tree, flattened.
        for r in inspections.iter().flatten().flat_map(Inspection::reports) {
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

/// The exit status the policy gives the verdicts counted so far.
fn worst_exit(counts: &[usize; 4]) -> i32 {
    let seen = [Verdict::Pass, Verdict::Review, Verdict::Block, Verdict::Error]
        .into_iter()
        .filter(|v| counts[*v as usize] > 0);
    match Exit::of(seen) {
        Exit::Pass => EXIT_PASS,
        Exit::Flagged => EXIT_FLAGGED,
        Exit::Error => EXIT_ERROR,
    }
}
