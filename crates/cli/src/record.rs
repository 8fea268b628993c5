//! `scan --record`: the review record of the run (see `mijian_record`).

use mijian_core::Rules;
use mijian_gateway::{echoed_text, protected_in, Scrubber};
use mijian_inspect::{FileReport, InspectOptions};
use mijian_record::{host_name, local_time_now, MatchedText, Origin, RecordFacts, RulesIdentity, Sections};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The review record of a run, written as the run goes: each file's row and section go to two
/// spools beside the record as its reports arrive, so a run over 10^5 files holds none of them.
/// [`Recorder::finish`] puts the page together in a third temporary file and renames it over
/// the record; a run that stops early leaves no record and no temporary file behind.
///
/// Masked (the default), the names, parts and reasons the record repeats are scanned with the
/// same rules and their protected words masked, as the gateway does for its answers: a file
/// called `紫电计划.docx` is filed as `紫***.docx`. The words found so far are kept (words, not
/// reports), so a word found in one file's name is masked in every later file's too.
pub(crate) struct Recorder<'r> {
    path: PathBuf,
    sections: Sections,
    list: Spool,
    results: Spool,
    rules: &'r Rules,
    protected: BTreeSet<String>,
    started: String,
}

impl<'r> Recorder<'r> {
    /// Opens the spools beside `path`: a record that cannot be written is known before the run.
    pub(crate) fn start(path: &Path, rules: &'r Rules, show_matched: bool) -> Result<Recorder<'r>, String> {
        let matched = if show_matched { MatchedText::Shown } else { MatchedText::Masked };
        let list = Spool::create(beside(path, "list")).map_err(|e| not_written(path, &e))?;
        let results = Spool::create(beside(path, "results")).map_err(|e| not_written(path, &e))?;
        Ok(Recorder {
            path: path.to_path_buf(),
            sections: Sections::new(crate::lang(), matched),
            list,
            results,
            rules,
            protected: BTreeSet::new(),
            started: local_time_now(),
        })
    }

    /// Writes one file's reports (the file first, then its members) to the spools.
    pub(crate) fn add(&mut self, group: &[FileReport]) -> Result<(), String> {
        let (mut list, mut results) = (String::new(), String::new());
        match self.sections.matched() {
            MatchedText::Shown => self.sections.add(group, &|s| s.to_string(), &mut list, &mut results),
            MatchedText::Masked => {
                let echoed = echoed_text(group);
                self.protected.extend(protected_in(&echoed, self.rules, &InspectOptions::default()));
                let scrubber = Scrubber::new(self.protected.iter().cloned().collect());
                self.sections.add(group, &|s| scrubber.scrub(s).into_owned(), &mut list, &mut results);
            }
        }
        let written =
            self.list.file.write_all(list.as_bytes()).and_then(|()| self.results.file.write_all(results.as_bytes()));
        written.map_err(|e| not_written(&self.path, &e))
    }

    /// Puts the record together and renames it over the record's path.
    pub(crate) fn finish(mut self, identity: RulesIdentity) -> Result<(), String> {
        let facts = RecordFacts {
            lang: crate::lang(),
            checked_at: std::mem::take(&mut self.started),
            host: host_name(),
            origin: Origin::CommandLine,
            rules: identity,
            matched: self.sections.matched(),
        };
        let (head, middle, tail) = (self.sections.head(&facts), self.sections.middle(), self.sections.tail());
        let list = self.list.reopen();
        let results = self.results.reopen();
        let page = |out: &mut File| -> std::io::Result<()> {
            let mut out = BufWriter::new(out);
            out.write_all(head.as_bytes())?;
            std::io::copy(&mut list?, &mut out)?;
            out.write_all(middle.as_bytes())?;
            std::io::copy(&mut results?, &mut out)?;
            out.write_all(tail.as_bytes())?;
            out.flush()
        };
        write_whole(&self.path, page).map_err(|e| not_written(&self.path, &e))
    }
}

/// A temporary file the record is gathered in, removed when dropped.
struct Spool {
    path: PathBuf,
    file: BufWriter<File>,
}

impl Spool {
    fn create(path: PathBuf) -> std::io::Result<Spool> {
        let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
        Ok(Spool { path, file: BufWriter::new(file) })
    }

    /// The spool flushed and opened again for reading from its start.
    fn reopen(&mut self) -> std::io::Result<File> {
        self.file.flush()?;
        File::open(&self.path)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn not_written(path: &Path, e: &std::io::Error) -> String {
    format!(
        "{}{}",
        crate::text::t("审查记录未写出：", "the review record is not written: "),
        crate::text::io_error(path.display(), e)
    )
}

/// `.NAME.PID.WHAT.tmp` beside `path` (a name with no file name part gets `record`).
fn beside(path: &Path, what: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_else(|| "record".as_ref()));
    name.push(format!(".{}.{what}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// Writes the record to `path` whole or not at all: `write` fills a new file beside it, which
/// is flushed to disk, then renamed over `path`. A record cut short by a full disk or a kill is
/// never left where the record should be (the temporary file is removed when writing fails).
fn write_whole(path: &Path, write: impl FnOnce(&mut File) -> std::io::Result<()>) -> std::io::Result<()> {
    if path.file_name().is_none() {
        return Err(std::io::Error::from(std::io::ErrorKind::InvalidFilename));
    }
    let temporary = beside(path, "page");
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut f| write(&mut f).and_then(|()| f.sync_all()))
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
        write_whole(&path, |f| f.write_all(b"new record")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new record");
        assert_eq!(names(&dir), ["record.html"], "nothing but the record is left");
        // Into a folder that is not there: an error, and nothing written.
        let missing = dir.join("no-such-dir").join("r.html");
        assert_eq!(write_whole(&missing, |f| f.write_all(b"x")).unwrap_err().kind(), std::io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_run_that_stops_before_its_end_leaves_no_record_and_no_spool() {
        let dir = folder("stopped");
        let path = dir.join("record.html");
        let rules = Rules::builtin();
        let mut recorder = Recorder::start(&path, &rules, false).unwrap();
        let reports =
            mijian_inspect::inspect_bytes("a.txt", "机密★1年\n".as_bytes(), &rules, &InspectOptions::default());
        recorder.add(&reports).unwrap();
        assert_eq!(names(&dir).len(), 2, "the list and the results are spooled beside the record");
        drop(recorder);
        assert!(names(&dir).is_empty(), "{:?}", names(&dir));
        // The same, finished: the record alone, its file's section in it.
        let mut recorder = Recorder::start(&path, &rules, false).unwrap();
        recorder.add(&reports).unwrap();
        recorder.finish(mijian_record::RulesIdentity::builtin_only()).unwrap();
        assert_eq!(names(&dir), ["record.html"]);
        let page = std::fs::read_to_string(&path).unwrap();
        assert!(page.contains(&reports[0].sha256) && page.contains("机*★*年") && !page.contains("机密★1年"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_old_record_and_removes_the_temporary_file() {
        let dir = folder("failed");
        // A directory where the record should go: the rename fails after the bytes are written.
        let path = dir.join("record.html");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep"), "").unwrap();
        assert!(write_whole(&path, |f| f.write_all(b"new")).is_err());
        assert_eq!(names(&dir), ["record.html"], "the temporary file is removed");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
