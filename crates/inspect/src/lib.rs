//! Inspecting whole files: the one path every front end (CLI, gateway) uses.
//!
//! ```text
//!  file or upload bytes
//!    -> sniff      mijian_extract::sniff         the format from the bytes, not the name
//!    -> read       mijian_extract::extract       segments, coverage notes, members; within one
//!                  (budget: mijian_extract::Limits::for_file, shared by every member)
//!    -> normalise  mijian_core::normalize        width, case, traditional forms, fillers; offsets kept
//!    -> match      mijian_core::Rules::find      marks, dictionary terms, document numbers
//!    -> judge      mijian_core::policy           verdict + typed reasons (unread, member, error)
//!    -> report     Inspection { report: FileReport, members: [Inspection] }
//!                    CLI: text or JSON Lines (one line per file and member, `outer!inner`)
//!                    gateway: HTTP answer and audit record
//!  members (archive entries, attachments, embedded files) take the same path, each the moment
//!  its reader hands it over, and become the children of their container's inspection
//! ```
//!
//! The front ends present an [`Inspection`]; they never derive a verdict of their own (the
//! policy is [`mijian_core::policy`], decided once).
//!
//! A file that cannot be read, parsed or decrypted gets [`Verdict::Error`]; a format that mijian
//! cannot read yet gets `review` with the reason; nothing unread is ever `pass`.
//!
//! One top-level file gets one budget ([`Limits::for_file`]): the bytes decompressed, the members
//! inspected and the operations run are counted over the file and all its members, at any depth,
//! and so is what the segments kept for matching hold (charged by the sink as each is kept, given
//! back when a member is matched: [`Limits::charge_segment`]),
//! and a [`Cancel`](mijian_extract::Cancel) flag in [`InspectOptions::limits`] stops the whole
//! inspection. Once the budget is spent no further member is inspected, and every container on
//! the way up to the top-level file is `error` with the limit that was hit.

#![forbid(unsafe_code)]

mod read;
mod report;
mod stream;

pub use read::{read_regular_file, special_kind, special_kind_text, ReadFailure};
pub use report::{Coverage, FileReport, UnreadPart};
pub use stream::STREAM_FROM;

use mijian_core::{
    policy, CoverageNote, DocumentSink, FindOptions, Flow, Judgement, Lang, Rules, Segment, Stop, Verdict,
};
use mijian_extract::{extract, sniff, Limits};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Everything that shapes an inspection besides the rules.
#[derive(Clone, Debug, Default)]
pub struct InspectOptions {
    /// Limits on what a reader will do with one file.
    pub limits: Limits,
    /// Options of the matching.
    pub scan: FindOptions,
    /// The language of the texts for people in the reports (`message`, `why_text`,
    /// `reasons_text`); the machine fields do not change with it.
    pub lang: Lang,
}

/// Reads and inspects a file on disk: the flat form of [`Inspection::of_path`], the file's report
/// first, then those of its members (`outer!inner`) depth first, in the order the reader handed
/// them over. What is not a regular file (a FIFO, a device) is `error` without being read; see
/// [`read_regular_file`].
pub fn inspect_path(path: &Path, rules: &Rules, opts: &InspectOptions) -> Vec<FileReport> {
    Inspection::of_path(path, rules, opts).into_reports()
}

/// Inspects the bytes of a file called `name`, within one budget for the file and its members:
/// the flat form of [`Inspection::of_bytes`].
pub fn inspect_bytes(name: &str, bytes: &[u8], rules: &Rules, opts: &InspectOptions) -> Vec<FileReport> {
    Inspection::of_bytes(name, bytes, rules, opts).into_reports()
}

/// The inspection of one file: its report and the inspections of its members (the entries of an
/// archive, the attachments of a mail, the files embedded in a document), in the order its reader
/// handed them over. The file's verdict is already judged with its members' ([`mijian_core::policy`]):
/// whoever presents an inspection reads verdicts, never derives them.
#[derive(Clone, Debug)]
pub struct Inspection {
    /// What mijian says about the file itself (its verdict includes its members').
    pub report: FileReport,
    /// Its members, each an inspection in its own right.
    pub members: Vec<Inspection>,
}

impl Inspection {
    /// Reads and inspects a file on disk. What is not a regular file (a FIFO, a device) is
    /// `error` without being read; see [`read_regular_file`].
    pub fn of_path(path: &Path, rules: &Rules, opts: &InspectOptions) -> Inspection {
        let name = path.display().to_string();
        let max = opts.limits.max_file_bytes;
        // Opened once: a folder of small files pays for one open and one stat each.
        let read = read::open_regular_file(path, max).and_then(|(file, meta)| {
            if meta.len() >= STREAM_FROM {
                // A large text file is read a window at a time, never whole (opened again there:
                // that is once per large file).
                if let Some(report) = stream::inspect_large_text(path, &name, rules, opts) {
                    return Ok(Err(report));
                }
            }
            read::read_opened(file, &meta, max).map(Ok)
        });
        match read {
            Ok(Err(streamed)) => Inspection::failed(streamed),
            Ok(Ok(bytes)) => {
                let limits = opts.limits.for_file(bytes.len() as u64);
                inspect_node(&name, &bytes, rules, opts, &limits, 0, file_name_segment(path))
            }
            Err(e) => {
                let size = match &e {
                    ReadFailure::TooLarge { seen, .. } => *seen,
                    _ => 0,
                };
                Inspection::failed(FileReport::failed_in(name, size, e.kind(), e.to_string(), e.text(opts.lang)))
            }
        }
    }

    /// Inspects the bytes of a file called `name`, within one budget for the file and its members.
    pub fn of_bytes(name: &str, bytes: &[u8], rules: &Rules, opts: &InspectOptions) -> Inspection {
        let limits = opts.limits.for_file(bytes.len() as u64);
        inspect_node(name, bytes, rules, opts, &limits, 0, None)
    }

    /// An inspection that never got to read the file (unreadable, not a regular file).
    pub fn failed(report: FileReport) -> Inspection {
        Inspection { report, members: Vec::new() }
    }

    /// The file's verdict, its members' included.
    pub fn verdict(&self) -> Verdict {
        self.report.verdict
    }

    /// Every report of the tree, depth first, the file before its members: the order of
    /// `mijian scan --format json`, one line each.
    pub fn reports(&self) -> impl Iterator<Item = &FileReport> + '_ {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let node = stack.pop()?;
            stack.extend(node.members.iter().rev());
            Some(&node.report)
        })
    }

    /// The reports of the members at every depth (all but the file's own), depth first.
    pub fn member_reports(&self) -> impl Iterator<Item = &FileReport> + '_ {
        self.reports().skip(1)
    }

    /// The reports of the tree, depth first, the file before its members.
    pub fn into_reports(self) -> Vec<FileReport> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            out.push(node.report);
            stack.extend(node.members.into_iter().rev());
        }
        out
    }
}

fn inspect_node(
    name: &str,
    bytes: &[u8],
    rules: &Rules,
    opts: &InspectOptions,
    limits: &Limits,
    depth: usize,
    file_name: Option<Segment>,
) -> Inspection {
    let sha256 = hex(&Sha256::digest(bytes));
    let format = sniff(bytes);
    let mut report = FileReport::new(name.to_string(), format, bytes.len() as u64, sha256);
    let mut sink = InspectionSink {
        name,
        rules,
        opts,
        limits,
        depth,
        members: Vec::new(),
        segments: Vec::new(),
        coverage: Vec::new(),
        held: 0,
    };
    // Checked again after extracting: a reader may have noted an unreadable part and gone on
    // after the budget ran out under it, and matching a half-read file is wasted work.
    let extracted = extract(bytes, format, limits, &mut sink).and_then(|()| limits.check());
    let InspectionSink { mut segments, coverage, members, held, .. } = sink;
    segments.extend(file_name);
    let (mut judgement, mut people_error) =
        conclude(&mut report, &coverage, extracted, limits, |scan_opts| rules.find(&segments, scan_opts), opts);
    // Matched: the segments go, and what they held is the container's again.
    drop(segments);
    limits.release_segments(held);
    let node = Inspection { report, members };
    judgement.add_members(node.member_reports().map(|r| (r.verdict, r.path.as_str())));
    // The budget ran out under this container: what it holds was not all inspected.
    if let Some(e) = limits.exhausted() {
        if judgement.error_kind().is_none() {
            people_error = Some(e.text(opts.lang));
        }
        judgement.fail(e.kind(), || e.to_string());
    }
    let Inspection { mut report, members } = node;
    report.error_message = people_error;
    report.set_judgement(judgement, Some(opts.lang));
    Inspection { report, members }
}

/// Fills in `report` once its file was read: its coverage and, unless reading failed or the
/// matching was cancelled, the findings of `scan` (run with the scan options and the file's cancel
/// flag). Returns the policy's judgement of the file on its own (members aside), and the message
/// of its error for people when it has one.
fn conclude(
    report: &mut FileReport,
    coverage: &[CoverageNote],
    extracted: Result<(), mijian_extract::ExtractError>,
    limits: &Limits,
    scan: impl FnOnce(&FindOptions) -> mijian_core::FindOutcome,
    opts: &InspectOptions,
) -> (Judgement, Option<String>) {
    report.coverage = Coverage::from_notes(coverage, opts.lang);
    match extracted {
        Err(e) => (Judgement::error(e.kind(), e.to_string()), Some(e.text(opts.lang))),
        Ok(()) => {
            let scan_opts = FindOptions { cancel: limits.cancel.clone(), ..opts.scan.clone() };
            let outcome = scan(&scan_opts);
            if outcome.stopped {
                // Half-matched is not judged: the inspection was cancelled.
                let e = limits.check().err().unwrap_or(mijian_extract::ExtractError::Cancelled);
                (Judgement::error(e.kind(), e.to_string()), Some(e.text(opts.lang)))
            } else {
                let judgement = policy::judge_file(&outcome, coverage);
                report.findings_total = outcome.total;
                report.truncated = outcome.truncated();
                report.findings_by_rule = outcome.by_rule;
                report.findings = outcome.findings;
                report.findings.iter_mut().for_each(|f| f.render_why(opts.lang));
                (judgement, None)
            }
        }
    }
}

/// The sink of one file's inspection: it keeps the file's own segments and coverage notes, and
/// inspects each member the moment the reader hands it over, so that only one member per
/// nesting level is held in memory (a ZIP of a thousand documents is not unpacked all at once).
struct InspectionSink<'a> {
    name: &'a str,
    rules: &'a Rules,
    opts: &'a InspectOptions,
    limits: &'a Limits,
    depth: usize,
    members: Vec<Inspection>,
    segments: Vec<Segment>,
    coverage: Vec<CoverageNote>,
    /// What the segments kept cost the file's budget ([`Limits::charge_segment`]), given back
    /// once they are matched.
    held: u64,
}

/// Whether the inspection goes on: it stops the reader once cancelled, out of time, or over a
/// limit of its budget (the budget keeps which, and the inspection is `error` with it).
fn go_on(limits: &Limits) -> Flow {
    limits.check().map_err(|_| Stop)
}

impl DocumentSink for InspectionSink<'_> {
    fn segment(&mut self, segment: Segment) -> Flow {
        // Every segment is held until the whole file is read (the rules look at its neighbours
        // and at the whole file): charged to the file's budget, so that a file of millions of
        // tiny values is `error` (limit) rather than the process running out of memory.
        // The charge checks the rest of the budget too (cancel, time): no second look.
        let cost = Limits::segment_cost(&segment);
        self.held += cost;
        self.limits.charge_segment(cost, &segment.location.part).map_err(|_| Stop)?;
        self.segments.push(segment);
        Ok(())
    }

    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.coverage.push(note);
        go_on(self.limits)
    }

    fn member(&mut self, member: String, bytes: Vec<u8>) -> Flow {
        let name = format!("{}!{member}", self.name);
        let max = self.opts.limits.max_nesting;
        if self.depth + 1 > max {
            let e = mijian_extract::ExtractError::limit(mijian_extract::LimitKind::Containers, max, self.depth + 1);
            let report =
                FileReport::failed_in(name, bytes.len() as u64, e.kind(), e.to_string(), e.text(self.opts.lang));
            self.members.push(Inspection::failed(report));
        } else if self.limits.exhausted().is_none() && self.limits.charge_member(&name).is_ok() {
            let own_name = member_name_segment(&member);
            let node = inspect_node(&name, &bytes, self.rules, self.opts, self.limits, self.depth + 1, own_name);
            self.members.push(node);
        }
        // Once the budget is spent, members are dropped unread and the reader is told to stop;
        // the file is `error` with the limit that was hit.
        go_on(self.limits)
    }
}

/// The part under which the name of a file given on the command line (or found in a folder) is
/// read: the name a website shows as the link to the file is published with it.
pub const FILE_NAME_PART: &str = "(file name)";

/// The name of the file at `path` (its last component: the folders above it are the scanner's
/// own, not published with the file) as a segment read like a document property, without its
/// extension (`机密.docx` is a file called 机密, like a Title property). A name that is not UTF-8
/// is read as GB18030, the encoding Chinese Windows writes names in.
pub(crate) fn file_name_segment(path: &Path) -> Option<Segment> {
    let name = path.file_name()?;
    let name = match name.to_str() {
        Some(text) => text.to_string(),
        None => encoding_rs::GB18030.decode_without_bom_handling(name.as_encoded_bytes()).0.into_owned(),
    };
    name_segment(&name)
}

/// A member's own name (`附件/机密.txt` is a file called 机密 to whoever unpacks the archive or
/// opens the attachment), read like [`file_name_segment`]: its last component, without extension.
fn member_name_segment(member: &str) -> Option<Segment> {
    name_segment(member.rsplit(['/', '\\']).next().unwrap_or(member))
}

fn name_segment(name: &str) -> Option<Segment> {
    let text = without_extension(name).trim();
    (!text.is_empty()).then(|| {
        Segment::new(mijian_core::Location::part(FILE_NAME_PART).with_line(1), mijian_core::Role::Properties, text)
    })
}

/// A file name without its extension (1 to 5 ASCII letters or digits after the last dot), the
/// name a reader of a listing sees: `机密.docx` is a file called 机密. A name that is all extension
/// (`.机密`, `.txt`) is kept whole.
pub fn without_extension(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => name,
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    // Once per file and member: no `format!` (and its string) per byte.
    bytes.iter().flat_map(|&b| [DIGITS[usize::from(b >> 4)] as char, DIGITS[usize::from(b & 15)] as char]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::ErrorKind;
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
    fn members_are_a_tree_judged_by_the_policy_and_flattened_file_first() {
        let inner = zip_of(&[("secret.txt", "000123\n机密★1年\n".as_bytes()), ("plain.txt", b"hello")]);
        let outer = zip_of(&[("a.txt", b"nothing here"), ("in.zip", &inner)]);
        let tree = Inspection::of_bytes("outer.zip", &outer, &Rules::builtin(), &InspectOptions::default());
        let names = |n: &Inspection| n.members.iter().map(|m| m.report.path.clone()).collect::<Vec<_>>();
        assert_eq!(names(&tree), ["outer.zip!a.txt", "outer.zip!in.zip"]);
        assert_eq!(names(&tree.members[1]), ["outer.zip!in.zip!secret.txt", "outer.zip!in.zip!plain.txt"]);
        assert_eq!(tree.verdict(), Verdict::Block);
        assert_eq!(tree.members[1].verdict(), Verdict::Block);
        assert_eq!(tree.members[0].verdict(), Verdict::Pass);
        assert_eq!(tree.report.format, "zip");
        let reason = tree.report.reasons.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(reason, ["embedded outer.zip!in.zip!secret.txt: block"]);
        let flat: Vec<String> = tree.reports().map(|r| r.path.clone()).collect();
        assert_eq!(
            flat,
            [
                "outer.zip",
                "outer.zip!a.txt",
                "outer.zip!in.zip",
                "outer.zip!in.zip!secret.txt",
                "outer.zip!in.zip!plain.txt"
            ]
        );
        assert_eq!(tree.member_reports().count(), 4);
        let owned: Vec<String> = tree.into_reports().into_iter().map(|r| r.path).collect();
        assert_eq!(owned, flat, "the owned and borrowed flattenings agree");
    }

    #[test]
    fn an_image_is_reported_by_its_stable_format_id_and_described_for_people() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
        let tree = Inspection::of_bytes("a.png", png, &Rules::builtin(), &InspectOptions::default());
        assert_eq!(tree.report.format, "image");
        assert!(tree.report.format_description.starts_with("image "), "{}", tree.report.format_description);
        let json = serde_json::to_value(&tree.report).unwrap();
        assert_eq!(json["format"], "image");
    }

    /// A file's own name is published with it (the link a website shows): read like a Title
    /// property, without its extension; the folders above it are the scanner's, not read.
    #[test]
    fn a_file_is_inspected_with_its_own_name() {
        let dir = std::env::temp_dir().join(format!("mijian-name-{}", std::process::id())).join("机密★1年");
        std::fs::create_dir_all(&dir).unwrap();
        let clean = "关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n";
        let scan = |name: &std::ffi::OsStr| {
            let path = dir.join(name);
            std::fs::write(&path, clean).unwrap();
            Inspection::of_path(&path, &Rules::builtin(), &InspectOptions::default()).report
        };
        let marked = scan("机密★1年-报告.txt".as_ref());
        assert_eq!(marked.verdict, Verdict::Block);
        let located = &marked.findings[0].location;
        assert_eq!((located.part.as_str(), located.line, located.column), (FILE_NAME_PART, Some(1), Some(1)));
        assert_eq!(scan("机密.docx".as_ref()).verdict, Verdict::Block, "the level alone, extension aside");
        for public in ["保密工作管理规定.txt", "秘密花园观后感.txt", "clean.txt"] {
            assert_eq!(scan(public.as_ref()).verdict, Verdict::Pass, "{public}: the folder 机密★1年 is not read");
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            // 机密 in GB18030, as Chinese Windows writes it into a ZIP or onto a share.
            let gbk = std::ffi::OsStr::from_bytes(b"\xbb\xfa\xc3\xdc.txt");
            assert_eq!(scan(gbk).verdict, Verdict::Block);
        }
        // Bytes inspected as an upload have no name of their own to read (the gateway reads the
        // names a request carries as a reading of their own).
        let bytes = inspect_bytes("机密★1年.txt", clean.as_bytes(), &Rules::builtin(), &InspectOptions::default());
        assert_eq!(bytes[0].verdict, Verdict::Pass);
        std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_member_is_inspected_with_its_own_name() {
        let clean = "关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n".as_bytes();
        let zip =
            zip_of(&[("附件/机密.txt", clean), ("保密工作管理规定.docx.txt", clean), ("机密★1年\\报告.txt", clean)]);
        let tree = Inspection::of_bytes("outer.zip", &zip, &Rules::builtin(), &InspectOptions::default());
        let verdicts: Vec<_> = tree.members.iter().map(|m| (m.report.path.as_str(), m.report.verdict)).collect();
        assert_eq!(
            verdicts,
            [
                ("outer.zip!附件/机密.txt", Verdict::Block),
                ("outer.zip!保密工作管理规定.docx.txt", Verdict::Pass),
                ("outer.zip!机密★1年\\报告.txt", Verdict::Pass),
            ],
            "a member is called by its last name, without extension; folders above it are the listing's"
        );
        let located = &tree.members[0].report.findings[0].location;
        assert_eq!(located.part, FILE_NAME_PART);
        assert_eq!(tree.report.verdict, Verdict::Block, "the archive is judged with its members");
    }

    #[test]
    fn a_digest_is_written_in_lower_case_hex() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        let sha = inspect_bytes("a.txt", b"abc", &Rules::builtin(), &InspectOptions::default())[0].sha256.clone();
        assert_eq!(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn members_are_counted_over_the_whole_file() {
        let inner = zip_of(&[("1.txt", b"x"), ("2.txt", b"y")]);
        let outer = zip_of(&[("in.zip", &inner), ("3.txt", b"z")]);
        let limits = Limits { max_members: 2, ..Limits::default() };
        let reports = inspect_bytes("outer.zip", &outer, &Rules::builtin(), &opts(limits));
        assert_eq!(reports[0].verdict, Verdict::Error);
        assert!(reports[0].error.as_deref().unwrap().contains("members (all nesting levels) over the limit of 2"));
        assert_eq!(reports[0].error_kind, Some(ErrorKind::Limit));
        let json = serde_json::to_value(&reports[0]).unwrap();
        assert_eq!(json["error_kind"], "limit");
        let clean = inspect_bytes("a.txt", b"hello", &Rules::builtin(), &InspectOptions::default());
        assert!(serde_json::to_value(&clean[0]).unwrap().get("error_kind").is_none(), "only on error");
    }

    /// A JSON array of `n` one-character strings: `n` segments.
    fn tiny_json(n: usize) -> Vec<u8> {
        format!("[{}\"x\"]", "\"x\",".repeat(n - 1)).into_bytes()
    }

    /// What a member's segments hold is charged to the top-level file while the member is
    /// inspected and given back once it is matched: two members that each fit the budget pass
    /// one after the other, though together they would not fit; one file holding both does not
    /// pass, it is `error` naming the segment budget.
    #[test]
    fn segments_are_charged_to_the_file_and_released_member_by_member() {
        let one = tiny_json(1000);
        let cost = |n: u64, field: u64| n * (mijian_extract::SEGMENT_OVERHEAD + 1 + 4) + field;
        // The fields `$[0]`…`$[999]`: 10 + 90×2 + 900×3 digits and `$[` `]` each.
        let fields = 10 + 180 + 2700 + 3 * 1000;
        let limits = Limits { max_segment_bytes: cost(1000, fields) * 3 / 2, ..Limits::default() };
        let zip = zip_of(&[("a.json", &one), ("b.json", &one)]);
        let tree = Inspection::of_bytes("two.zip", &zip, &Rules::builtin(), &opts(limits.clone()));
        let verdicts: Vec<Verdict> = tree.reports().map(|r| r.verdict).collect();
        assert_eq!(verdicts, [Verdict::Pass; 3], "{:?}", tree.report.error);

        let both = tiny_json(2000);
        let tree = Inspection::of_bytes("both.json", &both, &Rules::builtin(), &opts(limits.clone()));
        assert_eq!(tree.verdict(), Verdict::Error);
        assert_eq!(tree.report.error_kind, Some(ErrorKind::Limit));
        let error = tree.report.error.as_deref().unwrap();
        assert!(error.contains("bytes held by the text segments"), "{error}");
        assert!(error.contains(&format!("over the limit of {} ", limits.max_segment_bytes)), "{error}");
        assert!(error.ends_with(" in json"), "the part being read is named: {error}");
    }

    #[test]
    fn the_inspection_stops_its_reader_once_cancelled_and_is_an_error() {
        let limits = Limits::default().for_file(10);
        let options = opts(limits.clone());
        let rules = Rules::builtin();
        let mut sink = InspectionSink {
            name: "a.txt",
            rules: &rules,
            opts: &options,
            limits: &limits,
            depth: 0,
            members: Vec::new(),
            segments: Vec::new(),
            coverage: Vec::new(),
            held: 0,
        };
        let segment = || Segment::new(mijian_core::Location::part("text"), mijian_core::Role::Body, "x");
        assert_eq!(sink.segment(segment()), Ok(()));
        limits.cancel.cancel();
        assert_eq!(sink.segment(segment()), Err(Stop), "the reader is told to stop at once");
        assert_eq!(sink.coverage(CoverageNote::read("text")), Err(Stop));
        assert_eq!(sink.member("m.txt".into(), b"x".to_vec()), Err(Stop));
        assert!(sink.members.is_empty(), "no member is inspected after the stop");
        // A whole inspection cancelled while a ZIP's members are read: error, never pass.
        let zip = zip_of(&[("a.txt", b"one"), ("b.txt", b"two")]);
        let limits = Limits::default();
        limits.cancel.cancel();
        let tree = Inspection::of_bytes("a.zip", &zip, &rules, &opts(limits));
        assert_eq!(tree.verdict(), Verdict::Error);
        assert_eq!(tree.report.error_kind, Some(ErrorKind::Cancelled));
    }

    #[test]
    fn a_cancelled_inspection_is_an_error_never_a_verdict_on_part_of_the_file() {
        let limits = Limits::default();
        limits.cancel.cancel();
        let reports = inspect_bytes("a.txt", "000123\n机密★1年\n".as_bytes(), &Rules::builtin(), &opts(limits));
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].verdict, Verdict::Error);
        assert_eq!(reports[0].error.as_deref(), Some("inspection cancelled"));
        assert_eq!(reports[0].error_kind, Some(ErrorKind::Cancelled));
    }
}
