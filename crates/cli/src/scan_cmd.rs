//! `mijian scan`.

use crate::args::{Format, ScanArgs};
use crate::files::{expand, Item};
use crate::print::{summary_line, TextPrinter};
use crate::progress::{should_show, Progress};
use crate::{lang, record, rules, text, EXIT_ERROR, EXIT_FLAGGED, EXIT_PASS};
use mijian_core::policy::Exit;
use mijian_core::{FindOptions, Verdict};
use mijian_extract::format_text;
use mijian_inspect::{FileReport, InspectOptions, Inspection};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Files inspected together before their results are printed, in order.
const BATCH: usize = 64;

pub(crate) fn run(args: &ScanArgs) -> i32 {
    // Looking for the OCR engine runs it twice (`--version`, `--list-langs`): tens of
    // milliseconds of waiting, spent while the rules are built on this thread rather than after.
    let (loaded, ocr) = std::thread::scope(|s| {
        let ocr = s.spawn(|| args.ocr.setting());
        let loaded = match &args.rules {
            Some(compiled) => rules::load_compiled_identified(compiled),
            None => rules::load(&args.dicts, !args.no_default_rules),
        };
        let loaded = loaded.and_then(|(r, mut version)| {
            let rules = match crate::index_cmd::open(&args.index, &mut version)? {
                Some(matcher) => r.with_excerpts(matcher),
                None => r,
            };
            Ok((rules, version.finish()))
        });
        (loaded, ocr.join())
    });
    let (rules, identity) = match loaded {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", text::error(e));
            return EXIT_ERROR;
        }
    };
    let mut opts = InspectOptions {
        scan: FindOptions { max_findings: args.max_findings, ..Default::default() },
        lang: crate::lang(),
        ..Default::default()
    };
    opts.limits = args.reading.apply(opts.limits);
    opts.limits.time_limit = args.file_timeout;
    opts.limits.ocr = match ocr.unwrap_or_else(|panic| std::panic::resume_unwind(panic)) {
        Ok(ocr) => ocr,
        Err(e) => {
            eprintln!("{}", text::error(text::about_place("--ocr on", e)));
            return EXIT_ERROR;
        }
    };
    let mut items = expand(&args.paths);
    items.retain(|item| match item {
        Item::Skipped(p, why) => {
            eprintln!("{}", text::skipped(p.display(), why));
            false
        }
        _ => true,
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut printer = TextPrinter::new(args.color);
    let mut counts = [0usize; 4];
    let term = std::env::var("TERM").ok();
    let progress = if should_show(std::io::stderr().is_terminal(), args.format, term.as_deref()) {
        Progress::start(items.len() as u64, lang())
    } else {
        Progress::hidden()
    };
    // The review record, written as the reports arrive; a record that cannot be written is
    // known before any file is read.
    let mut recorder = match args.record.as_deref().map(|path| record::Recorder::start(path, &rules, args.show_matched))
    {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            progress.finish();
            eprintln!("{}", text::error(e));
            return EXIT_ERROR;
        }
    };
    for batch in items.chunks(BATCH) {
        let reports: Vec<Vec<FileReport>> = batch
            .par_iter()
            .map(|item| {
                let reports = match item {
                    Item::File(p) => {
                        progress.reading(p);
                        // The tree, flattened: the file first, then its members depth first.
                        Inspection::of_path(p, &rules, &opts).into_reports()
                    }
                    Item::Unreadable(p, why) => vec![FileReport::error(p.display().to_string(), 0, why.clone())],
                    Item::Skipped(..) => Vec::new(),
                };
                progress.finished(reports.first().map_or(0, |r| r.size));
                reports
            })
            .collect();
        let written = progress.suspend(|| print_batch(&mut out, &mut printer, &mut counts, &reports, args.format));
        if let Err(e) = written {
            progress.finish();
            if args.record.is_some() {
                eprintln!(
                    "{}",
                    text::error(format!(
                        "{}{e}",
                        text::t(
                            "审查记录未写出：运行未完成就已中止：",
                            "the review record is not written: the run stopped before its end: "
                        )
                    ))
                );
                return EXIT_ERROR;
            }
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return worst_exit(&counts);
            }
            eprintln!("{}", text::cannot_write(e));
            return EXIT_ERROR;
        }
        if let Some(recorder) = &mut recorder {
            if let Err(e) = reports.iter().try_for_each(|group| recorder.add(group)) {
                progress.finish();
                eprintln!("{}", text::error(e));
                return EXIT_ERROR;
            }
        }
    }
    progress.finish();
    let _ = out.flush();
    if args.format == Format::Text {
        eprintln!("{}", summary_line(&counts, crate::lang()));
    }
    if let Some(recorder) = recorder {
        if let Err(e) = recorder.finish(identity) {
            eprintln!("{}", text::error(e));
            return EXIT_ERROR;
        }
    }
    worst_exit(&counts)
}

/// A line of `--format json`: the report, and what its format is called in the language chosen
/// for people (`format_description` stays English, as the contract always had it).
#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a FileReport,
    format_text: &'static str,
}

/// Prints one batch's reports in order and counts their verdicts.
fn print_batch(
    out: &mut impl Write,
    printer: &mut TextPrinter,
    counts: &mut [usize; 4],
    reports: &[Vec<FileReport>],
    format: Format,
) -> std::io::Result<()> {
    for r in reports.iter().flatten() {
        counts[r.verdict as usize] += 1;
        match format {
            Format::Json => {
                let line = JsonReport { report: r, format_text: format_text(r.format, lang()) };
                serde_json::to_writer(&mut *out, &line)
                    .map_err(std::io::Error::from)
                    .and_then(|_| out.write_all(b"\n"))?
            }
            Format::Text => printer.report(out, r)?,
        }
    }
    out.flush()
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
