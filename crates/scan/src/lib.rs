//! Inspecting whole files: the one path every front end (CLI, gateway) uses.
//!
//! ```text
//! bytes -> sniff -> extract (segments, coverage, members) -> Rules::scan -> judge -> FileReport
//!                                              \-> members: inspected in their own right
//! ```
//!
//! A file that cannot be read, parsed or decrypted gets [`Verdict::Error`]; a format that mijian
//! cannot read yet gets `review` with the reason; nothing unread is ever `pass`.

mod report;

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
/// members (`outer!inner`) in order.
pub fn inspect_path(path: &Path, rules: &Rules, opts: &InspectOptions) -> Vec<FileReport> {
    let name = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(m) if m.len() > opts.limits.max_file_bytes => {
            return vec![FileReport::error(
                name,
                m.len(),
                format!("file of {} bytes is over the limit of {} bytes", m.len(), opts.limits.max_file_bytes),
            )]
        }
        Err(e) => return vec![FileReport::error(name, 0, format!("cannot read: {e}"))],
        Ok(_) => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => inspect_bytes(&name, &bytes, rules, opts),
        Err(e) => vec![FileReport::error(name, 0, format!("cannot read: {e}"))],
    }
}

/// Inspects the bytes of a file called `name`.
pub fn inspect_bytes(name: &str, bytes: &[u8], rules: &Rules, opts: &InspectOptions) -> Vec<FileReport> {
    let mut out = Vec::new();
    inspect_into(name, bytes, rules, opts, 0, &mut out);
    out
}

fn inspect_into(
    name: &str,
    bytes: &[u8],
    rules: &Rules,
    opts: &InspectOptions,
    depth: usize,
    out: &mut Vec<FileReport>,
) {
    let sha256 = hex(&Sha256::digest(bytes));
    let format = sniff(bytes);
    let mut sink = Collected::default();
    let extracted = extract(bytes, format, &opts.limits, &mut sink);
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
        } else {
            inspect_into(&member_name, &member_bytes, rules, opts, depth + 1, out);
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
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
