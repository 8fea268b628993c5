//! Inspecting whole files: the one path every front end (CLI, gateway) uses.
//!
//! ```text
//! bytes -> sniff -> extract (segments, coverage, members) -> Rules::scan -> judge -> FileReport
//!                                              \-> members: inspected in their own right
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

pub use read::{read_regular_file, special_kind, ReadFailure};
pub use report::{Coverage, FileReport, UnreadPart};

use mijian_core::{judge, Collected, Rules, ScanOptions, Verdict};
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
    let mut sink = Collected::default();
    // Checked again after extracting: a reader may have noted an unreadable part and gone on
    // after the budget ran out under it, and matching a half-read file is wasted work.
    let extracted = extract(bytes, format, limits, &mut sink).and_then(|()| limits.check());
    let mut report = FileReport::new(name.to_string(), format.name(), bytes.len() as u64, sha256);
    report.coverage = Coverage::from_notes(&sink.coverage);
    if let Err(e) = extracted {
        report.verdict = Verdict::Error;
        report.error = Some(e.to_string());
        out.push(report);
        return;
    }
    let outcome = rules.scan(&sink.segments, &opts.scan);
    let (verdict, reasons) = judge(&outcome, &sink.coverage);
    report.verdict = verdict;
    report.reasons = reasons;
    report.findings_total = outcome.total;
    report.truncated = outcome.truncated();
    report.findings_by_rule = outcome.by_rule;
    report.findings = outcome.findings;
    let at = out.len();
    out.push(report);
    for (member, member_bytes) in sink.members {
        let member_name = format!("{name}!{member}");
        if depth + 1 > opts.limits.max_nesting {
            out.push(FileReport::error(
                member_name,
                member_bytes.len() as u64,
                format!("nested more than {} containers deep", opts.limits.max_nesting),
            ));
        } else if limits.charge_member(&member_name).is_ok() {
            inspect_into(&member_name, &member_bytes, rules, opts, limits, depth + 1, out);
        }
        if limits.exhausted().is_some() {
            break;
        }
    }
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
