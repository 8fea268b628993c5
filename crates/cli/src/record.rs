//! `scan --record`: the review record of the run (see `mijian_record`).

use mijian_core::Rules;
use mijian_gateway::{echoed_text, protected_in, Scrubber};
use mijian_inspect::{FileReport, InspectOptions};
use mijian_record::{host_name, local_time_now, render, MatchedText, Origin, RecordFacts, RulesIdentity};
use std::path::Path;

/// Writes the record of `files` (one group of reports per file checked) to `path`.
///
/// Masked (the default), the names, parts and reasons the record repeats are scanned with the
/// same rules and their protected words masked, as the gateway does for its answers: a file
/// called `紫电计划.docx` is filed as `紫***.docx`.
pub(crate) fn write(
    path: &Path,
    files: &[Vec<FileReport>],
    rules: &Rules,
    identity: RulesIdentity,
    show_matched: bool,
) -> Result<(), String> {
    let matched = if show_matched { MatchedText::Shown } else { MatchedText::Masked };
    let facts = RecordFacts {
        lang: crate::lang(),
        checked_at: local_time_now(),
        host: host_name(),
        origin: Origin::CommandLine,
        rules: identity,
        matched,
    };
    let groups: Vec<&[FileReport]> = files.iter().map(Vec::as_slice).collect();
    let page = match matched {
        MatchedText::Shown => render(&facts, &groups, &|s| s.to_string()),
        MatchedText::Masked => {
            let echoed = echoed_text(files.iter().flatten());
            let scrubber = Scrubber::new(protected_in(&echoed, rules, &InspectOptions::default()));
            render(&facts, &groups, &|s| scrubber.scrub(s).into_owned())
        }
    };
    std::fs::write(path, page).map_err(|e| format!("cannot write the review record {}: {e}", path.display()))
}
