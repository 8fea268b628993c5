//! Large text files, inspected a window at a time: memory does not grow with the file.
//!
//! A text file of [`STREAM_FROM`] bytes or more that sniffs as plain text is read twice, never
//! whole. The first pass checks that it is UTF-8 text that can be cut as it is read (another
//! encoding needs the whole file to be told apart; a ZIP archive inside makes it a polyglot with
//! several readings) and learns whether it fills in a 保密期限 anywhere, the one fact about the
//! whole document the mark rules need. The second pass hashes the bytes, cuts them into the
//! segments the whole-file reader would cut, and feeds them to [`Rules::find_stream`], which
//! runs the same engine as the whole-file scan. The report is the one the whole-file path would
//! give. Any other file, or one that fails the first pass, is read whole as before.

use crate::read::open_regular_file;
use crate::report::FileReport;
use crate::{conclude, hex, InspectOptions};
use mijian_core::{CoverageNote, DocumentSink, FindStream, Flow, PeriodProbe, Rules, Segment, Stop};
use mijian_extract::Limits;
use mijian_extract::{extract_text_stream, sniff, Format, StreamError, TEXT_CHUNK};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc;

/// Text files at least this large are inspected a window at a time.
pub const STREAM_FROM: u64 = 64 << 20;

/// Bytes the sniffer looks at, and one more: it then decides as it would on the whole file.
const SNIFF_HEAD: usize = 64 * 1024 + 1;

/// The report of the large text file at `path` (see the module documentation), or `None` if it
/// is to be read whole: smaller than [`STREAM_FROM`], not plain UTF-8 text, or not openable (the
/// whole-file path then reports why).
pub(crate) fn inspect_large_text(path: &Path, name: &str, rules: &Rules, opts: &InspectOptions) -> Option<FileReport> {
    inspect_large_text_from(path, name, rules, opts, STREAM_FROM, TEXT_CHUNK)
}

/// [`inspect_large_text`] with the size from which to stream and the segment size (small ones in
/// tests).
pub(crate) fn inspect_large_text_from(
    path: &Path,
    name: &str,
    rules: &Rules,
    opts: &InspectOptions,
    from: u64,
    chunk: usize,
) -> Option<FileReport> {
    // Excerpts of registered documents are looked for over the whole text: with an index in
    // force, a large text is read whole as before (its memory then grows with the file).
    if rules.has_excerpts() {
        return None;
    }
    let (mut file, meta) = open_regular_file(path, opts.limits.max_file_bytes).ok()?;
    if meta.len() < from {
        return None;
    }
    let mut head = Vec::with_capacity(SNIFF_HEAD);
    (&mut file).take(SNIFF_HEAD as u64).read_to_end(&mut head).ok()?;
    // A bitmap is told by its size field matching the file's size: not from the head alone.
    if sniff(&head) != Format::Text || head.starts_with(b"BM") {
        return None;
    }
    let limits = opts.limits.for_file(meta.len());
    let scan_opts = mijian_core::FindOptions { cancel: limits.cancel.clone(), ..opts.scan.clone() };
    let passes = match rayon::current_num_threads() {
        1 => one_pass_after_the_other(&file, rules, &scan_opts, &limits, chunk),
        _ => both_passes_at_once(&file, rules, &scan_opts, &limits, chunk),
    };
    let Second { mut stream, coverage, read, sha, bytes } = match passes {
        Ok(second) => second,
        Err(StreamError::NotStreamable(_)) => return None,
        Err(e) => {
            let (kind, people) = match &e {
                StreamError::Extract(x) => (x.kind(), x.text(opts.lang)),
                _ => (mijian_core::ErrorKind::Unreadable, e.to_string()),
            };
            return Some(FileReport::failed_in(name.to_string(), meta.len(), kind, e.to_string(), people));
        }
    };
    let mut report = FileReport::new(name.to_string(), Format::Text, bytes, hex(&sha.finalize()));
    let extracted = match read {
        Ok(()) => limits.check(),
        Err(StreamError::Extract(e)) => Err(e),
        // The file changed between the two passes (it was checked in the first).
        Err(StreamError::Io(e)) => Err(changed_error(Some(e.to_string()))),
        Err(StreamError::NotStreamable(_)) => Err(changed_error(None)),
    };
    let changed = std::fs::metadata(path).ok().is_none_or(|now| !same_file_state(&meta, &now));
    let extracted = extracted.and_then(|()| match changed {
        true => Err(changed_error(None)),
        false => Ok(()),
    });
    let (mut judgement, mut people_error) = conclude(
        &mut report,
        &coverage,
        extracted,
        &limits,
        |_| {
            // The file's own name, read like a property (see [`crate::file_name_segment`]).
            if let Some(name) = crate::file_name_segment(path) {
                stream.push(name);
            }
            stream.finish()
        },
        opts,
    );
    if let Some(e) = limits.exhausted() {
        if judgement.error_kind().is_none() {
            people_error = Some(e.text(opts.lang));
        }
        judgement.fail(e.kind(), || e.to_string());
    }
    report.error_message = people_error;
    report.set_judgement(judgement, Some(opts.lang));
    Some(report)
}

/// What the second pass leaves: the scan to finish, the coverage notes, how reading ended, and
/// the hash and size of the bytes read.
struct Second<'r> {
    stream: FindStream<'r>,
    coverage: Vec<CoverageNote>,
    read: Result<(), StreamError>,
    sha: Sha256,
    bytes: u64,
}

/// The first pass: whether the file can be cut as it is read (an error if not) and whether it
/// fills in a 保密期限.
fn first_pass(file: &File, limits: &Limits, chunk: usize) -> Result<bool, StreamError> {
    let mut probe = Probe(PeriodProbe::default());
    extract_text_stream(&mut ReadAt::new(file), limits, chunk, &mut probe)?;
    Ok(probe.0.finish())
}

/// The two passes in turn on the calling thread (one thread asked for: `-j 1`).
fn one_pass_after_the_other<'r>(
    file: &File,
    rules: &'r Rules,
    scan_opts: &mijian_core::FindOptions,
    limits: &Limits,
    chunk: usize,
) -> Result<Second<'r>, StreamError> {
    let period_filled = first_pass(file, limits, chunk)?;
    let mut hashed = Hashed::new(ReadAt::new(file), None);
    let mut sink = Scanning { stream: rules.find_stream(scan_opts, period_filled), coverage: Vec::new(), limits };
    let read = extract_text_stream(&mut hashed, limits, chunk, &mut sink);
    Ok(Second { stream: sink.stream, coverage: sink.coverage, read, sha: hashed.sha, bytes: hashed.bytes })
}

/// The first pass's state, as the second pass sees it while both run.
const RUNNING: u8 = 0;
/// It ended and found no filled-in 保密期限: the second pass, which assumed so, stands.
const NONE_FILLED: u8 = 1;
/// It ended otherwise (a filled-in period, a file that cannot be streamed, an error): the second
/// pass stops, its work is void.
const VOIDS: u8 = 2;

/// The two passes at the same time, so that reading, checking, hashing and cutting keep a core
/// busy while the pool matches. The second pass starts assuming that no 保密期限 is filled in
/// (the common case) and is run again if the first pass finds one; its work is dropped unread
/// if the first pass finds the file cannot be streamed. Either way the outcome is the one of
/// [`one_pass_after_the_other`].
fn both_passes_at_once<'r>(
    file: &File,
    rules: &'r Rules,
    scan_opts: &mijian_core::FindOptions,
    limits: &Limits,
    chunk: usize,
) -> Result<Second<'r>, StreamError> {
    let state = AtomicU8::new(RUNNING);
    let (first, second) = std::thread::scope(|s| {
        let first = s.spawn(|| {
            let r = first_pass(file, limits, chunk);
            state.store(if matches!(r, Ok(false)) { NONE_FILLED } else { VOIDS }, Ordering::Release);
            r
        });
        let second = second_pass(file, rules, scan_opts, limits, chunk, false, Some(&state));
        (first.join().unwrap_or_else(|p| std::panic::resume_unwind(p)), second)
    });
    match first? {
        false => Ok(second),
        true => {
            drop(second);
            Ok(second_pass(file, rules, scan_opts, limits, chunk, true, None))
        }
    }
}

/// The second pass: a thread reads, hashes and cuts the file while this one feeds the segments
/// to the scan. With `first` (the first pass still running), it stops early once the first pass
/// voids it.
fn second_pass<'r>(
    file: &File,
    rules: &'r Rules,
    scan_opts: &mijian_core::FindOptions,
    limits: &Limits,
    chunk: usize,
    period_filled: bool,
    first: Option<&AtomicU8>,
) -> Second<'r> {
    let stop = AtomicBool::new(false);
    // Enough segments queued for the next waves, few enough to keep memory bounded.
    let (tx, rx) = mpsc::sync_channel::<Piece>(32);
    let mut sink = Scanning { stream: rules.find_stream(scan_opts, period_filled), coverage: Vec::new(), limits };
    let (read, hashed) = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut hashed = Hashed::new(ReadAt::new(file), Some(&stop));
            let read = extract_text_stream(&mut hashed, limits, chunk, &mut Sending { tx, stop: &stop });
            (read, hashed)
        });
        for piece in rx.iter() {
            if first.is_some_and(|f| f.load(Ordering::Acquire) == VOIDS) {
                break;
            }
            let flow = match piece {
                Piece::Segment(segment) => sink.segment(segment),
                Piece::Coverage(note) => sink.coverage(note),
                Piece::Member(name) => sink.member(name, Vec::new()),
            };
            if flow.is_err() {
                break;
            }
        }
        // Stops the reader if this loop stopped early (it then blocks on no full queue).
        stop.store(true, Ordering::Release);
        drop(rx);
        reader.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
    });
    Second { stream: sink.stream, coverage: sink.coverage, read, sha: hashed.sha, bytes: hashed.bytes }
}

/// What the reading thread of the second pass hands over.
enum Piece {
    Segment(Segment),
    Coverage(CoverageNote),
    Member(String),
}

/// The reading thread's sink: everything goes to the scanning thread, in order.
struct Sending<'a> {
    tx: mpsc::SyncSender<Piece>,
    stop: &'a AtomicBool,
}

impl Sending<'_> {
    fn send(&self, piece: Piece) -> Flow {
        // The scanning thread stopped listening: the reader stops now.
        if self.tx.send(piece).is_err() {
            self.stop.store(true, Ordering::Release);
            return Err(Stop);
        }
        Ok(())
    }
}

impl DocumentSink for Sending<'_> {
    fn segment(&mut self, segment: Segment) -> Flow {
        self.send(Piece::Segment(segment))
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.send(Piece::Coverage(note))
    }
    fn member(&mut self, name: String, _bytes: Vec<u8>) -> Flow {
        self.send(Piece::Member(name))
    }
}

/// A reader of a file at a position of its own: the passes read the same open file at once
/// without moving each other.
struct ReadAt<'f> {
    file: &'f File,
    at: u64,
}

impl<'f> ReadAt<'f> {
    fn new(file: &'f File) -> Self {
        ReadAt { file, at: 0 }
    }
}

impl Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// Whether a file's size and modification time are what they were.
/// The error for a file that changed between the passes, or while it was read (`cause`: the
/// system's message, if reading failed).
fn changed_error(cause: Option<String>) -> mijian_extract::ExtractError {
    mijian_extract::ExtractError::corrupt(mijian_extract::Defect::ChangedWhileRead { cause })
}

fn same_file_state(before: &std::fs::Metadata, now: &std::fs::Metadata) -> bool {
    before.len() == now.len() && before.modified().ok() == now.modified().ok()
}

/// The first pass's sink: it only looks for a filled-in 保密期限.
struct Probe(PeriodProbe);

impl DocumentSink for Probe {
    fn segment(&mut self, segment: Segment) -> Flow {
        self.0.feed(&segment.text);
        Ok(())
    }
    fn coverage(&mut self, _note: CoverageNote) -> Flow {
        Ok(())
    }
    fn member(&mut self, _name: String, _bytes: Vec<u8>) -> Flow {
        Ok(())
    }
}

/// The second pass's sink: segments go to the scan as they come, until the inspection's budget
/// says stop (cancelled, out of time).
struct Scanning<'r, 'l> {
    stream: FindStream<'r>,
    coverage: Vec<CoverageNote>,
    limits: &'l Limits,
}

impl DocumentSink for Scanning<'_, '_> {
    fn segment(&mut self, segment: Segment) -> Flow {
        self.stream.push(segment);
        crate::go_on(self.limits)
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.coverage.push(note);
        crate::go_on(self.limits)
    }
    fn member(&mut self, name: String, _bytes: Vec<u8>) -> Flow {
        // A plain text holds no embedded files; should a reader hand one over, it is not inspected here.
        self.coverage.push(CoverageNote::unread(name, mijian_core::Unread::UnknownPart));
        crate::go_on(self.limits)
    }
}

/// A reader that hashes and counts what passes through it, and fails once `stop` is set.
struct Hashed<'a, R> {
    inner: R,
    sha: Sha256,
    bytes: u64,
    stop: Option<&'a AtomicBool>,
}

impl<'a, R> Hashed<'a, R> {
    fn new(inner: R, stop: Option<&'a AtomicBool>) -> Self {
        Hashed { inner, sha: Sha256::new(), bytes: 0, stop }
    }
}

impl<R: Read> Read for Hashed<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.is_some_and(|s| s.load(Ordering::Acquire)) {
            return Err(std::io::Error::other("the scan stopped listening"));
        }
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::{Dictionary, FindOptions, Location, Role, Verdict};

    /// Prose wrapped every 20 characters, paragraphs of a few lines, some runs of lines without a
    /// blank line; a term wrapped across every line break and every paragraph break (wherever a
    /// window is cut, one straddles the cut), a mark in the head (wrapped too) and marks in the body.
    fn planted_text() -> String {
        let mut t = String::from("000123\n机密\n★1年\n关于试验的通知\n\n");
        for p in 0..3000 {
            let lines = if p % 7 == 0 { 12 } else { 3 };
            for l in 0..lines {
                t.push_str(&format!("计划{p}段{l}行的正文文字，有内容紫电"));
                t.push('\n');
            }
            if p % 500 == 250 {
                t.push_str("机密★1年\n秘密\n");
            }
            // paragraph breaks, except inside the runs of lines
            if p % 7 != 6 {
                t.push('\n');
            }
        }
        t
    }

    /// Equal findings, or a panic naming the first that differ (the lists are long).
    fn same_findings(a: &[mijian_core::Finding], b: &[mijian_core::Finding], what: &str) {
        if let Some(k) = (0..a.len().max(b.len())).find(|&k| a.get(k) != b.get(k)) {
            panic!(
                "{what}: {} vs {} findings, first difference at {k}:\n{:?}\n{:?}",
                a.len(),
                b.len(),
                a.get(k),
                b.get(k)
            );
        }
    }

    #[test]
    fn windowed_finds_exactly_what_the_whole_file_finds() {
        let text = planted_text();
        let dict = Dictionary::parse("d", "紫电计划\t机密\n正文文字\n".as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(dict).build().unwrap();
        let opts =
            InspectOptions { scan: FindOptions { max_findings: 0, ..FindOptions::default() }, ..Default::default() };
        let dir = std::env::temp_dir().join(format!("mijian-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.txt");
        std::fs::write(&path, &text).unwrap();

        // No window at all: the text as one segment.
        let mut one = rules.find(
            &[Segment::new(Location::part("text").with_line(1), Role::Body, text.clone())],
            &FindOptions { max_findings: 0, ..FindOptions::default() },
        );
        // An inspection renders the signals for people; the bare scan leaves that to its caller.
        one.findings.iter_mut().for_each(|f| f.render_why(opts.lang));
        let whole = &crate::inspect_bytes("big.txt", text.as_bytes(), &rules, &opts)[0];
        let mut seen = std::collections::HashSet::new();
        for chunk in [500, 4096, 64 * 1024] {
            let streamed = inspect_large_text_from(&path, "big.txt", &rules, &opts, 0, chunk).expect("streamed");
            same_findings(&streamed.findings, &whole.findings, &format!("chunk {chunk}"));
            // One thread asked for: the two passes one after the other, the same report.
            let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
            let serial = one.install(|| inspect_large_text_from(&path, "big.txt", &rules, &opts, 0, chunk));
            same_findings(&serial.expect("streamed").findings, &whole.findings, &format!("-j 1, chunk {chunk}"));
            assert_eq!(streamed.findings_by_rule, whole.findings_by_rule, "chunk {chunk}");
            assert_eq!((streamed.findings_total, streamed.verdict), (whole.findings_total, whole.verdict));
            assert_eq!((&streamed.sha256, streamed.size), (&whole.sha256, whole.size));
            assert_eq!(streamed.coverage.read, whole.coverage.read);
            seen.insert(streamed.findings.len());
        }
        same_findings(&whole.findings, &one.findings, "the chunked file finds what one segment finds");
        // Every planted term once: one per line, wrapped or not.
        let planted = text.matches("紫电\n计划").count() + text.matches("紫电\n\n计划").count();
        assert!(planted > 9000, "{planted}");
        assert_eq!(whole.findings_by_rule["d:1"], planted as u64, "{:?}", whole.findings_by_rule);
        assert_eq!(whole.verdict, Verdict::Block);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A large text is read with its own name, like a small one.
    #[test]
    fn a_streamed_file_is_read_with_its_own_name() {
        let dir = std::env::temp_dir().join(format!("mijian-stream-name-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("机密★1年-报告.txt");
        std::fs::write(&path, "正文的一行文字，没有标志。\n".repeat(2_000)).unwrap();
        let opts = InspectOptions::default();
        let streamed = inspect_large_text_from(&path, "big", &Rules::builtin(), &opts, 0, 4096).expect("streamed");
        assert_eq!(streamed.verdict, Verdict::Block);
        assert_eq!(streamed.findings.len(), 1, "{:?}", streamed.findings);
        assert_eq!(streamed.findings[0].location.part, crate::FILE_NAME_PART);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A ticked 密级 box in the head whose 保密期限 is filled in far below it, or nowhere: the
    /// second pass, begun before the first knows, is run again in the first case.
    #[test]
    fn a_period_filled_in_late_is_seen_by_the_streamed_scan() {
        let dir = std::env::temp_dir().join(format!("mijian-stream-period-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let rules = Rules::builtin();
        let opts = InspectOptions::default();
        let body = "正文的一行文字，没有标志。\n".repeat(20_000);
        for (name, filled) in [("filled.txt", true), ("empty.txt", false)] {
            let tail = if filled { "保密期限：10年\n" } else { "保密期限：\n" };
            let text = format!("000123\n密级：□绝密 ☑机密 □秘密\n关于试验的通知\n{body}{tail}");
            let path = dir.join(name);
            std::fs::write(&path, &text).unwrap();
            let whole = &crate::inspect_bytes(name, text.as_bytes(), &rules, &opts)[0];
            let streamed = inspect_large_text_from(&path, name, &rules, &opts, 0, 4096).expect("streamed");
            same_findings(&streamed.findings, &whole.findings, name);
            assert_eq!((streamed.verdict, &streamed.sha256), (whole.verdict, &whole.sha256), "{name}");
            let signal = if filled { "period_filled_in" } else { "no_period_filled_in" };
            assert!(
                whole.findings.iter().any(|f| f.signals.iter().any(|s| s.id() == signal)),
                "{name}: {:?}",
                whole.findings
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn other_files_are_read_whole() {
        let dir = std::env::temp_dir().join(format!("mijian-stream-other-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let rules = Rules::builtin();
        let opts = InspectOptions::default();
        let cases: [(&str, Vec<u8>); 3] = [
            ("gbk.txt", b"\xbb\xfa\xc3\xdc\xa1\xef1\xc4\xea\n".repeat(1000)),
            ("zip-inside.txt", [&b"text\n".repeat(1000)[..], b"PK\x05\x06", &[0; 18]].concat()),
            ("small.txt", "机密★1年\n".as_bytes().to_vec()),
        ];
        for (name, bytes) in cases {
            let path = dir.join(name);
            std::fs::write(&path, &bytes).unwrap();
            let from = if name == "small.txt" { 1 << 20 } else { 0 };
            assert!(inspect_large_text_from(&path, name, &rules, &opts, from, 4096).is_none(), "{name}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
