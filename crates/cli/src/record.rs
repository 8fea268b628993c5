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
    write_whole(path, page.as_bytes()).map_err(|e| {
        format!(
            "{}{}",
            crate::text::t("审查记录未写出：", "the review record is not written: "),
            crate::text::io_error(path.display(), &e)
        )
    })
}

/// Writes `bytes` to `path` whole or not at all: into a new file beside it, flushed to disk, then
/// renamed over `path`. A record cut short by a full disk or a kill is never left where the
/// record should be (the temporary file is removed when writing fails).
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let name = path.file_name().ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidFilename))?;
    let mut temporary = std::ffi::OsString::from(".");
    temporary.push(name);
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(temporary);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A new empty folder of this test's own.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mijian-record-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect()
    }

    #[test]
    fn a_record_is_written_whole_and_leaves_no_temporary_file() {
        let dir = folder("whole");
        let path = dir.join("record.html");
        std::fs::write(&path, "old").unwrap();
        write_whole(&path, b"new record").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new record");
        assert_eq!(names(&dir), ["record.html"], "nothing but the record is left");
        // Into a folder that is not there: an error, and nothing written.
        let missing = dir.join("no-such-dir").join("r.html");
        assert_eq!(write_whole(&missing, b"x").unwrap_err().kind(), std::io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_old_record_and_removes_the_temporary_file() {
        let dir = folder("failed");
        // A directory where the record should go: the rename fails after the bytes are written.
        let path = dir.join("record.html");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep"), "").unwrap();
        assert!(write_whole(&path, b"new").is_err());
        assert_eq!(names(&dir), ["record.html"], "the temporary file is removed");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
