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
use mijian_core::{CoverageNote, DocumentSink, FindStream, PeriodProbe, Rules, Segment};
use mijian_extract::{extract_text_stream, sniff, Format, StreamError, TEXT_CHUNK};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek};
use std::path::Path;

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
    file.rewind().ok()?;
    let mut probe = Probe(PeriodProbe::default());
    match extract_text_stream(&mut file, &limits, chunk, &mut probe) {
        Err(StreamError::NotStreamable(_)) => return None,
        Err(e) => {
            let (kind, people) = match &e {
                StreamError::Extract(x) => (x.kind(), x.text(opts.lang)),
                _ => (mijian_core::ErrorKind::Unreadable, e.to_string()),
            };
            return Some(FileReport::failed_in(name.to_string(), meta.len(), kind, e.to_string(), people));
        }
        Ok(()) => {}
    }
    let period_filled = probe.0.finish();
    if file.rewind().is_err() {
        return None;
    }
    let mut hashed = Hashed { inner: file, sha: Sha256::new(), bytes: 0 };
    let scan_opts = mijian_core::FindOptions { cancel: limits.cancel.clone(), ..opts.scan.clone() };
    let mut sink = Scanning { stream: rules.find_stream(&scan_opts, period_filled), coverage: Vec::new() };
    let read = extract_text_stream(&mut hashed, &limits, chunk, &mut sink);
    let Scanning { stream, coverage } = sink;
    let mut report = FileReport::new(name.to_string(), Format::Text, hashed.bytes, hex(&hashed.sha.finalize()));
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
    let (mut judgement, mut people_error) =
        conclude(&mut report, &coverage, extracted, &limits, |_| stream.finish(), opts);
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
    fn segment(&mut self, segment: Segment) {
        self.0.feed(&segment.text);
    }
    fn coverage(&mut self, _note: CoverageNote) {}
    fn member(&mut self, _name: String, _bytes: Vec<u8>) {}
}

/// The second pass's sink: segments go to the scan as they come.
struct Scanning<'r> {
    stream: FindStream<'r>,
    coverage: Vec<CoverageNote>,
}

impl DocumentSink for Scanning<'_> {
    fn segment(&mut self, segment: Segment) {
        self.stream.push(segment);
    }
    fn coverage(&mut self, note: CoverageNote) {
        self.coverage.push(note);
    }
    fn member(&mut self, name: String, _bytes: Vec<u8>) {
        // The text reader hands over no members; were one handed over, it would not go unseen.
        // A plain text holds no embedded files; should a reader hand one over, it is not inspected here.
        self.coverage.push(CoverageNote::unread(name, mijian_core::Unread::UnknownPart));
    }
}

/// A reader that hashes and counts what passes through it.
struct Hashed<R> {
    inner: R,
    sha: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
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
