//! Inspecting whole files: the one path every front end (CLI, gateway) uses.
//!
//! ```text
//! bytes -> sniff -> extract (segments, coverage, members) -> Rules::scan -> judge -> FileReport
//!                                              \-> members: inspected in their own right, as
//!                                                  the reader hands them over
//! ```
//!
//! A file that cannot be read, parsed or decrypted gets [`Verdict::Error`]; a format that mijian
//! cannot read yet gets `review` with the reason; nothing unread is ever `pass`.
//!
//! One top-level file gets one budget ([`Limits::for_file`]): the bytes decompressed, the members
//! inspected and the operations run are counted over the file and all its members, at any depth,
//! and a [`Cancel`](mijian_extract::Cancel) flag in [`InspectOptions::limits`] stops the whole
//! inspection. Once the budget is spent no further member is inspected, and every container on
//! the way up to the top-level file is `error` with the limit that was hit.

mod read;
mod report;
mod stream;

pub use read::{read_regular_file, special_kind, ReadFailure};
pub use report::{Coverage, FileReport, UnreadPart};
pub use stream::STREAM_FROM;

use mijian_core::{judge, CoverageNote, DocumentSink, Rules, ScanOptions, Segment, Verdict};
use mijian_extract::{extract, sniff, Limits};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Everything that shapes an inspection besides the rules.
#[derive(Clone, Debug, Default)]
pub struct InspectOptions {
    /// Limits on what a reader will do with one file.
    pub limits: Limits,
    /// Options of the matching.
    pub scan: ScanOptions,
}

/// Reads and inspects a file on disk. The report of the file comes first, then those of its
/// members (`outer!inner`) in order. What is not a regular file (a FIFO, a device) is `error`
/// without being read; see [`read_regular_file`].
pub fn inspect_path(path: &Path, rules: &Rules, opts: &InspectOptions) -> Vec<FileReport> {
    let name = path.display().to_string();
    if let Some(report) = stream::inspect_large_text(path, &name, rules, opts) {
        return vec![report];
    }
    match read_regular_file(path, opts.limits.max_file_bytes) {
        Ok(bytes) => inspect_bytes(&name, &bytes, rules, opts),
        Err(e) => {
            let size = match &e {
                ReadFailure::TooLarge { seen, .. } => *seen,
                _ => 0,
            };
            vec![FileReport::error(name, size, e.to_string())]
        }
    }
}

/// Inspects the bytes of a file called `name`, within one budget for the file and its members.
pub fn inspect_bytes(name: &str, bytes: &[u8], rules: &Rules, opts: &InspectOptions) -> Vec<FileReport> {
    let limits = opts.limits.for_file(bytes.len() as u64);
    let mut out = Vec::new();
    inspect_into(name, bytes, rules, opts, &limits, 0, &mut out);
    out
}

fn inspect_into(
    name: &str,
    bytes: &[u8],
    rules: &Rules,
    opts: &InspectOptions,
    limits: &Limits,
    depth: usize,
    out: &mut Vec<FileReport>,
) {
    let sha256 = hex(&Sha256::digest(bytes));
    let format = sniff(bytes);
    // The file's report comes before its members' (which the sink adds as the reader hands the
    // members over); it is filled in once the file is read and matched.
    let at = out.len();
    out.push(FileReport::new(name.to_string(), format.name(), bytes.len() as u64, sha256));
    let mut sink = Inspection { name, rules, opts, limits, depth, out, segments: Vec::new(), coverage: Vec::new() };
    // Checked again after extracting: a reader may have noted an unreadable part and gone on
    // after the budget ran out under it, and matching a half-read file is wasted work.
    let extracted = extract(bytes, format, limits, &mut sink).and_then(|()| limits.check());
    let Inspection { segments, coverage, .. } = sink;
    let report = &mut out[at];
    conclude(report, &coverage, extracted, limits, |scan_opts| rules.scan(&segments, scan_opts), &opts.scan);
    // A container is as bad as its worst member.
    let worst_member = out[at + 1..].iter().map(|r| (r.verdict, r.path.clone())).max();
    if let Some((v, path)) = worst_member {
        let report = &mut out[at];
        if v > report.verdict {
            report.verdict = v;
            report.reasons.push(format!("embedded {path}: {v}"));
        }
    }
    // The budget ran out under this container: what it holds was not all inspected.
    if let Some(e) = limits.exhausted() {
        let report = &mut out[at];
        report.verdict = Verdict::Error;
        report.error.get_or_insert_with(|| e.to_string());
    }
}

/// Fills in `report` once its file was read: an error if reading failed, else the outcome of
/// `scan` (run with the scan options and the file's cancel flag) judged with the coverage.
fn conclude(
    report: &mut FileReport,
    coverage: &[CoverageNote],
    extracted: Result<(), mijian_extract::ExtractError>,
    limits: &Limits,
    scan: impl FnOnce(&ScanOptions) -> mijian_core::ScanOutcome,
    opts: &ScanOptions,
) {
    report.coverage = Coverage::from_notes(coverage);
    match extracted {
        Err(e) => {
            report.verdict = Verdict::Error;
            report.error = Some(e.to_string());
        }
        Ok(()) => {
            let scan_opts = ScanOptions { cancel: limits.cancel.clone(), ..opts.clone() };
            let outcome = scan(&scan_opts);
            if outcome.stopped {
                // Half-matched is not judged: the inspection was cancelled.
                report.verdict = Verdict::Error;
                report.error =
                    Some(limits.check().err().unwrap_or(mijian_extract::ExtractError::Cancelled).to_string());
            } else {
                let (verdict, reasons) = judge(&outcome, coverage);
                report.verdict = verdict;
                report.reasons = reasons;
                report.findings_total = outcome.total;
                report.truncated = outcome.truncated();
                report.findings_by_rule = outcome.by_rule;
                report.findings = outcome.findings;
            }
        }
    }
}

/// The sink of one file's inspection: it keeps the file's own segments and coverage notes, and
/// inspects each member the moment the reader hands it over, so that only one member per
/// nesting level is held in memory (a ZIP of a thousand documents is not unpacked all at once).
struct Inspection<'a> {
    name: &'a str,
    rules: &'a Rules,
    opts: &'a InspectOptions,
    limits: &'a Limits,
    depth: usize,
    out: &'a mut Vec<FileReport>,
    segments: Vec<Segment>,
    coverage: Vec<CoverageNote>,
}

impl DocumentSink for Inspection<'_> {
    fn segment(&mut self, segment: Segment) {
        self.segments.push(segment);
    }

    fn coverage(&mut self, note: CoverageNote) {
        self.coverage.push(note);
    }

    fn member(&mut self, member: String, bytes: Vec<u8>) {
        let name = format!("{}!{member}", self.name);
        let max = self.opts.limits.max_nesting;
        if self.depth + 1 > max {
            let why = format!("nested more than {max} containers deep");
            self.out.push(FileReport::error(name, bytes.len() as u64, why));
        } else if self.limits.exhausted().is_none() && self.limits.charge_member(&name).is_ok() {
            inspect_into(&name, &bytes, self.rules, self.opts, self.limits, self.depth + 1, self.out);
        }
        // Once the budget is spent, members are dropped unread: the reader stops at its next
        // look at the budget, and the file is `error` with the limit that was hit.
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn opts(limits: Limits) -> InspectOptions {
        InspectOptions { limits, ..InspectOptions::default() }
    }

    #[test]
    fn nested_archives_share_the_budget_of_the_top_level_file() {
        // Each inner archive is well within the limit; together they are not.
        let inner = |c: u8| zip_of(&[("t.txt", &[c; 600])]);
        let outer = zip_of(&[("a.zip", &inner(b'a')), ("b.zip", &inner(b'b')), ("c.txt", b"never reached")]);
        let limits = Limits { max_decompressed_bytes: 1400, ..Limits::default() };
        let reports = inspect_bytes("outer.zip", &outer, &Rules::builtin(), &opts(limits.clone()));
        assert_eq!(reports[0].verdict, Verdict::Error);
        let error = reports[0].error.as_deref().unwrap();
        assert!(
            error.contains("bytes decompressed from the file (all nesting levels) over the limit of 1400"),
            "{error}"
        );
        assert!(reports.iter().all(|r| !r.path.ends_with("c.txt")), "nothing is inspected past the spent budget");
        // Each archive alone is fine: the budget is per top-level file, not per process.
        let alone = inspect_bytes("a.zip", &inner(b'a'), &Rules::builtin(), &opts(limits));
        assert!(alone.iter().all(|r| r.verdict == Verdict::Pass), "{:?}", alone[0].error);
    }

    #[test]
    fn members_are_counted_over_the_whole_file() {
        let inner = zip_of(&[("1.txt", b"x"), ("2.txt", b"y")]);
        let outer = zip_of(&[("in.zip", &inner), ("3.txt", b"z")]);
        let limits = Limits { max_members: 2, ..Limits::default() };
        let reports = inspect_bytes("outer.zip", &outer, &Rules::builtin(), &opts(limits));
        assert_eq!(reports[0].verdict, Verdict::Error);
        assert!(reports[0].error.as_deref().unwrap().contains("members (all nesting levels) over the limit of 2"));
    }

    #[test]
    fn a_cancelled_inspection_is_an_error_never_a_verdict_on_part_of_the_file() {
        let limits = Limits::default();
        limits.cancel.cancel();
        let reports = inspect_bytes("a.txt", "000123\n机密★1年\n".as_bytes(), &Rules::builtin(), &opts(limits));
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].verdict, Verdict::Error);
        assert_eq!(reports[0].error.as_deref(), Some("inspection cancelled"));
    }
}
