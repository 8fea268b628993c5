//! The audit log: one JSON line per decision, durable before the answer leaves.
//!
//! ```json
//! {"time":"2026-11-29T06:01:02.345Z","request_id":"…","mode":"api","action":"answered",
//!  "token":"cms","uploader":"zhang.san","client":"127.0.0.1:53122","method":"POST",
//!  "path":"/v1/scan","rules_version":"…","verdict":"block","status":200,"duration_ms":12.5,
//!  "files":[{"name":"notice.docx","sha256":"…","size":10234,"verdict":"block",
//!            "findings":[{"rule":"marking.state-secret","level":"block",
//!                         "location":{"part":"word/document.xml","paragraph":2,"column":1}}],
//!            "findings_total":1}]}
//! ```
//!
//! A record never holds matched text, context or categories: rule ids (`dictionary:line`) and
//! locations only. Records are written by one thread that takes every record waiting, appends them
//! with one `write`, and calls `fdatasync` once for the batch (group commit) before it wakes the
//! requests that wait on them; a request answers only once its record is on disk. If the write or
//! the sync fails, each waiting request learns it and answers 500 instead of its verdict.
//!
//! While other decisions are being made ([`Coming`]: a scan worker is busy), the writer waits up
//! to [`COMMIT_DELAY`] for their records before it syncs, as a database's `commit_delay` does:
//! with one request at a time no record waits; under load one sync (its system time, its wake-ups)
//! covers several requests, which wait a little longer for the sync but no longer for a worker.

use crate::decision::{Decision, Requester, ScannedFile};
use crate::echo::Scrubber;
use mijian_core::{Location, Verdict};
use serde::Serialize;
use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Where records go.
pub struct AuditLog {
    enabled: bool,
    sender: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    coming: Coming,
    progress: Arc<Progress>,
}

/// How long the writer may hold a batch open for records of decisions still being made.
pub const COMMIT_DELAY: Duration = Duration::from_millis(3);

/// Decisions being made now, each to be recorded soon (the scanner enters one per busy worker):
/// while there are any, the writer holds a batch open for up to [`COMMIT_DELAY`].
#[derive(Clone, Default)]
pub struct Coming(Arc<AtomicUsize>);

/// One decision being made; it leaves when dropped.
pub struct Deciding(Arc<AtomicUsize>);

impl Coming {
    /// Counts a decision in the making until the guard is dropped.
    pub fn enter(&self) -> Deciding {
        self.0.fetch_add(1, Ordering::AcqRel);
        Deciding(self.0.clone())
    }

    fn any(&self) -> bool {
        self.0.load(Ordering::Acquire) > 0
    }
}

impl Drop for Deciding {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What the writer has done: records appended, syncs, and bytes appended and synced since it
/// started (whatever the file).
#[derive(Default)]
struct Progress {
    records: AtomicU64,
    syncs: AtomicU64,
    synced_bytes: AtomicU64,
}

/// What the writer thread is asked to do.
enum Job {
    /// Append a record, sync, and say how it went.
    Record { line: Vec<u8>, done: tokio::sync::oneshot::Sender<Result<(), String>> },
    /// Close the file and open the path again (after logrotate moved it), and say how it went.
    Reopen { done: tokio::sync::oneshot::Sender<Result<(), String>> },
}

enum Sink {
    File { file: File, path: std::path::PathBuf },
    Stdout,
}

fn open_append(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

impl AuditLog {
    /// No audit log: records are dropped (the server says so at start).
    pub fn disabled() -> AuditLog {
        AuditLog {
            enabled: false,
            sender: Mutex::new(None),
            writer: Mutex::new(None),
            coming: Coming::default(),
            progress: Arc::default(),
        }
    }

    /// Appends to `path` (created if needed, mode 0600 on Unix); `-` is standard output.
    pub fn open(path: &Path) -> std::io::Result<AuditLog> {
        AuditLog::open_with_delay(path, COMMIT_DELAY)
    }

    /// [`AuditLog::open`] holding batches open for up to `commit_delay`.
    fn open_with_delay(path: &Path, commit_delay: Duration) -> std::io::Result<AuditLog> {
        let sink = if path == Path::new("-") {
            Sink::Stdout
        } else {
            Sink::File { file: open_append(path)?, path: path.to_path_buf() }
        };
        let (sender, receiver) = mpsc::channel::<Job>();
        let (coming, progress) = (Coming::default(), Arc::<Progress>::default());
        let writer = Writer { sink, receiver, commit_delay, coming: coming.clone(), progress: progress.clone() };
        let writer = std::thread::Builder::new().name("mijian-audit".into()).spawn(move || writer.run())?;
        Ok(AuditLog {
            enabled: true,
            sender: Mutex::new(Some(sender)),
            writer: Mutex::new(Some(writer)),
            coming,
            progress,
        })
    }

    /// The count of decisions in the making that the writer waits for (see [`Coming`]).
    pub fn coming(&self) -> Coming {
        self.coming.clone()
    }

    /// Records appended (written and synced) and syncs made so far: their ratio is how many records a sync covers.
    pub fn records_and_syncs(&self) -> (u64, u64) {
        (self.progress.records.load(Ordering::Relaxed), self.progress.syncs.load(Ordering::Relaxed))
    }

    /// Writes one record and waits until it is on disk.
    pub async fn write(&self, record: &AuditRecord<'_>) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        let sender = self.sender.lock().map_err(|_| "the audit writer failed".to_string())?.clone();
        let sender = sender.ok_or_else(|| "the audit log is closed".to_string())?;
        let mut line = serde_json::to_vec(record).map_err(|e| e.to_string())?;
        line.push(b'\n');
        let (done, wait) = tokio::sync::oneshot::channel();
        sender.send(Job::Record { line, done }).map_err(|_| "the audit log is closed".to_string())?;
        wait.await.map_err(|_| "the audit writer has stopped".to_string())?
    }

    /// Reopens the file at its path (SIGHUP, after logrotate renamed it): records written before
    /// are in the old file, synced; records after go to the new one. If the path cannot be
    /// opened, the old file stays in use and the error is returned.
    pub async fn reopen(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        let sender = self.sender.lock().map_err(|_| "the audit writer failed".to_string())?.clone();
        let sender = sender.ok_or_else(|| "the audit log is closed".to_string())?;
        let (done, wait) = tokio::sync::oneshot::channel();
        sender.send(Job::Reopen { done }).map_err(|_| "the audit log is closed".to_string())?;
        wait.await.map_err(|_| "the audit writer has stopped".to_string())?
    }

    /// Stops the writer after the records already sent are written and synced.
    pub fn close(&self) {
        if let Ok(mut s) = self.sender.lock() {
            s.take();
        }
        let writer = self.writer.lock().ok().and_then(|mut w| w.take());
        if let Some(w) = writer {
            let _ = w.join();
        }
    }
}

impl Drop for AuditLog {
    fn drop(&mut self) {
        self.close();
    }
}

/// Most records written by one `write` call.
const BATCH: usize = 256;

/// The writer thread's side.
struct Writer {
    sink: Sink,
    receiver: mpsc::Receiver<Job>,
    commit_delay: Duration,
    coming: Coming,
    progress: Arc<Progress>,
}

impl Writer {
    fn run(mut self) {
        while let Ok(first) = self.receiver.recv() {
            let mut next = Some(first);
            while let Some(job) = next.take() {
                let (line, done) = match job {
                    Job::Reopen { done } => {
                        let _ = done.send(reopen(&mut self.sink));
                        next = self.receiver.try_recv().ok();
                        continue;
                    }
                    Job::Record { line, done } => (line, done),
                };
                // Group commit: every record already waiting, and those of the decisions being
                // made within the delay, go in the same write and sync.
                let mut lines = vec![line];
                let mut waiting = vec![done];
                let open_until = Instant::now() + self.commit_delay;
                while waiting.len() < BATCH {
                    let job = match self.receiver.try_recv() {
                        Ok(job) => job,
                        Err(mpsc::TryRecvError::Disconnected) => break,
                        Err(mpsc::TryRecvError::Empty) if self.coming.any() => {
                            match self.receiver.recv_timeout(open_until.saturating_duration_since(Instant::now())) {
                                Ok(job) => job,
                                Err(_) => break,
                            }
                        }
                        Err(mpsc::TryRecvError::Empty) => break,
                    };
                    match job {
                        Job::Record { line, done } => {
                            lines.push(line);
                            waiting.push(done);
                        }
                        reopen => {
                            next = Some(reopen);
                            break;
                        }
                    }
                }
                let result = self.append(&lines.concat()).map_err(|e| e.to_string());
                if result.is_ok() {
                    // Only records that reached the log count; a failed write is an audit error.
                    self.progress.records.fetch_add(lines.len() as u64, Ordering::Relaxed);
                }
                for done in waiting {
                    let _ = done.send(result.clone());
                }
            }
        }
    }

    /// Appends `buf` and syncs it.
    fn append(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File { file, .. } => {
                file.write_all(buf)?;
                file.sync_data()?;
                self.progress.syncs.fetch_add(1, Ordering::Relaxed);
                self.progress.synced_bytes.fetch_add(buf.len() as u64, Ordering::Release);
                Ok(())
            }
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(buf).and_then(|_| out.flush())
            }
        }
    }
}

fn reopen(sink: &mut Sink) -> Result<(), String> {
    let Sink::File { file, path } = sink else {
        return Ok(());
    };
    file.sync_all().map_err(|e| format!("cannot sync {}: {e}", path.display()))?;
    *file = open_append(path).map_err(|e| format!("cannot reopen {}: {e}", path.display()))?;
    Ok(())
}

/// How a request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// API: the verdict was answered.
    Answered,
    /// Proxy: the upload was forwarded upstream.
    Forwarded,
    /// Proxy: the upload was refused (403).
    Refused,
    /// The request failed before a verdict (over a limit, malformed, too slow).
    Failed,
}

/// One line of the audit log.
#[derive(Serialize)]
pub struct AuditRecord<'a> {
    /// UTC, RFC 3339 with milliseconds.
    pub time: String,
    /// The request id.
    pub request_id: &'a str,
    /// `api` or `proxy`.
    pub mode: &'static str,
    /// What happened.
    pub action: Action,
    /// The token's name.
    pub token: Option<&'a str>,
    /// The end user the CMS named in `X-Uploader`.
    pub uploader: Option<&'a str>,
    /// The peer address.
    pub client: &'a str,
    /// The request method.
    pub method: &'a str,
    /// The request path, without the query.
    pub path: &'a str,
    /// The rules used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules_version: Option<&'a str>,
    /// The overall verdict (`error` for a failed request).
    pub verdict: Verdict,
    /// The HTTP status answered; for a forwarded request, the upstream's (502 when it failed,
    /// then `error` says how).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why the request failed, for `failed`; for `forwarded`, how the upstream failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Milliseconds from the request to the decision.
    pub duration_ms: f64,
    /// The files.
    pub files: Vec<AuditFile<'a>>,
}

/// A file in an audit record.
#[derive(Serialize)]
pub struct AuditFile<'a> {
    /// The file name given by the client (members: `outer!inner`), protected text masked.
    pub name: Cow<'a, str>,
    /// SHA-256, hex.
    pub sha256: &'a str,
    /// Size in bytes.
    pub size: u64,
    /// Verdict.
    pub verdict: Verdict,
    /// Rule ids, levels and locations of the findings listed.
    pub findings: Vec<AuditFinding<'a>>,
    /// All findings, listed or not.
    pub findings_total: u64,
    /// Why `error`, protected text masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Cow<'a, str>>,
    /// The kind of that failure (`encrypted`, `corrupt`, `limit`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<mijian_core::ErrorKind>,
}

/// A finding in an audit record: no text.
#[derive(Serialize)]
pub struct AuditFinding<'a> {
    /// Rule id.
    pub rule: &'a mijian_core::RuleId,
    /// `block`, `review`, `info`.
    pub level: &'static str,
    /// Where (part and field names scrubbed).
    pub location: Cow<'a, Location>,
}

/// What the audit record of a request needs besides the decision.
pub struct RequestFacts<'a> {
    /// The request id.
    pub request_id: &'a str,
    /// `api` or `proxy`.
    pub mode: &'static str,
    /// Who asked.
    pub requester: &'a Requester,
    /// Method.
    pub method: &'a str,
    /// Path without query.
    pub path: &'a str,
    /// Time from the request to now.
    pub elapsed: std::time::Duration,
}

impl<'a> AuditRecord<'a> {
    /// The record of a decision.
    pub fn decision(facts: &RequestFacts<'a>, d: &'a Decision, action: Action, status: Option<u16>) -> Self {
        let files =
            d.files.iter().flat_map(ScannedFile::reports).map(|r| AuditFile::from_report(r, &d.scrubber)).collect();
        AuditRecord {
            rules_version: Some(&d.rules_version),
            verdict: d.verdict(),
            status,
            error: None,
            files,
            ..AuditRecord::bare(facts, action)
        }
    }

    /// The record of a request that carried an upload but failed before a verdict.
    pub fn failure(facts: &RequestFacts<'a>, status: u16, error: String) -> Self {
        AuditRecord { status: Some(status), error: Some(error), ..AuditRecord::bare(facts, Action::Failed) }
    }

    fn bare(facts: &RequestFacts<'a>, action: Action) -> Self {
        AuditRecord {
            time: humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string(),
            request_id: facts.request_id,
            mode: facts.mode,
            action,
            token: facts.requester.token.as_deref(),
            uploader: facts.requester.uploader.as_deref(),
            client: &facts.requester.client,
            method: facts.method,
            path: facts.path,
            rules_version: None,
            verdict: Verdict::Error,
            status: None,
            error: None,
            duration_ms: crate::answer::millis(facts.elapsed),
            files: Vec::new(),
        }
    }
}

impl<'a> AuditFile<'a> {
    fn from_report(r: &'a mijian_inspect::FileReport, scrubber: &Scrubber) -> Self {
        AuditFile {
            name: scrubber.scrub(&r.path),
            sha256: &r.sha256,
            size: r.size,
            verdict: r.verdict,
            findings: r
                .findings
                .iter()
                .map(|f| AuditFinding {
                    rule: &f.rule,
                    level: f.severity.as_str(),
                    location: scrubber.location(&f.location),
                })
                .collect(),
            findings_total: r.findings_total,
            error: r.error.as_deref().map(|e| scrubber.scrub(e)),
            error_kind: r.error_kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::{Dictionary, Rules};
    use mijian_inspect::{InspectOptions, Inspection};
    use std::time::Duration;

    #[tokio::test]
    async fn records_are_appended_synced_and_hold_no_matched_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open(&path).unwrap();
        let dict = Dictionary::parse("codes", "紫电计划\t机密\t项目代号\n".as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(dict).build().unwrap();
        let inspection =
            Inspection::of_bytes("紫电计划.txt", "关于紫电计划的通知\n".as_bytes(), &rules, &InspectOptions::default());
        let d = Decision {
            request_id: "r1".into(),
            files: vec![ScannedFile { inspection, duration: Duration::ZERO }],
            rules_version: "v1".into(),
            rules: mijian_record::RulesIdentity::builtin_only(),
            scrubber: Scrubber::new(vec!["紫电计划".into()]),
        };
        let who =
            Requester { token: Some("cms".into()), uploader: Some("张三".into()), client: "127.0.0.1:1".into() };
        let facts = RequestFacts {
            request_id: "r1",
            mode: "api",
            requester: &who,
            method: "POST",
            path: "/v1/scan",
            elapsed: Duration::ZERO,
        };
        log.write(&AuditRecord::decision(&facts, &d, Action::Answered, Some(200))).await.unwrap();
        log.write(&AuditRecord::failure(&facts, 413, "too large".into())).await.unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["verdict"], "block");
        assert_eq!(lines[0]["token"], "cms");
        assert_eq!(lines[0]["uploader"], "张三");
        assert_eq!(lines[0]["files"][0]["findings"][0]["rule"], "codes:1");
        assert_eq!(lines[0]["files"][0]["name"], "紫***.txt");
        assert_eq!(lines[1]["action"], "failed");
        assert!(!text.contains("紫电") && !text.contains("项目代号") && !text.contains("通知"), "{text}");
        log.close();
    }

    #[tokio::test]
    async fn reopen_follows_a_rotated_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open(&path).unwrap();
        let who = Requester::default();
        let facts = RequestFacts {
            request_id: "r",
            mode: "api",
            requester: &who,
            method: "POST",
            path: "/",
            elapsed: Duration::ZERO,
        };
        log.write(&AuditRecord::failure(&facts, 400, "before".into())).await.unwrap();
        std::fs::rename(&path, dir.path().join("audit.jsonl.1")).unwrap();
        log.reopen().await.unwrap();
        log.write(&AuditRecord::failure(&facts, 400, "after".into())).await.unwrap();
        let old = std::fs::read_to_string(dir.path().join("audit.jsonl.1")).unwrap();
        let new = std::fs::read_to_string(&path).unwrap();
        assert!(old.contains("before") && !old.contains("after"), "{old}");
        assert!(new.contains("after") && !new.contains("before"), "{new}");
        log.close();
    }

    fn facts<'a>(id: &'a str, who: &'a Requester) -> RequestFacts<'a> {
        RequestFacts { request_id: id, mode: "api", requester: who, method: "POST", path: "/", elapsed: Duration::ZERO }
    }

    /// Whether the line of `id` lies wholly within the first `synced` bytes of the file.
    fn synced_has(path: &Path, synced: u64, id: &str) -> bool {
        let text = std::fs::read_to_string(path).unwrap();
        let at = text.find(&format!("\"{id}\"")).unwrap_or_else(|| panic!("{id} is not in the file"));
        let end = at + text[at..].find('\n').unwrap() + 1;
        end as u64 <= synced
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_records_share_syncs_and_each_is_answered_after_the_sync_that_covers_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = Arc::new(AuditLog::open(&path).unwrap());
        let deciding = log.coming().enter();
        let mut tasks = Vec::new();
        for i in 0..64 {
            let (log, path) = (log.clone(), path.clone());
            tasks.push(tokio::spawn(async move {
                let (who, id) = (Requester::default(), format!("request-{i:02}"));
                log.write(&AuditRecord::failure(&facts(&id, &who), 400, "x".into())).await.unwrap();
                let synced = log.progress.synced_bytes.load(Ordering::Acquire);
                assert!(synced_has(&path, synced, &id), "{id} was answered before a sync covered it");
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        drop(deciding);
        let (records, syncs) = log.records_and_syncs();
        assert_eq!(records, 64);
        assert!(syncs <= 32, "{syncs} syncs for 64 records sent at once");
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 64);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_batch_waits_for_decisions_being_made_and_for_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = Arc::new(AuditLog::open_with_delay(&path, Duration::from_secs(20)).unwrap());
        let who = Requester::default();
        // Nobody deciding: the record is synced and answered at once.
        log.write(&AuditRecord::failure(&facts("alone", &who), 400, "x".into())).await.unwrap();
        assert_eq!(log.records_and_syncs(), (1, 1));
        // A decision in the making: the batch stays open for its record, which shares the sync.
        let deciding = log.coming().enter();
        let first = tokio::spawn({
            let log = log.clone();
            async move {
                let who = Requester::default();
                log.write(&AuditRecord::failure(&facts("first", &who), 400, "x".into())).await.unwrap();
            }
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!first.is_finished(), "answered while its batch was open");
        drop(deciding);
        log.write(&AuditRecord::failure(&facts("second", &who), 400, "x".into())).await.unwrap();
        first.await.unwrap();
        assert_eq!(log.records_and_syncs(), (3, 2));
        let synced = log.progress.synced_bytes.load(Ordering::Acquire);
        assert!(["alone", "first", "second"].iter().all(|id| synced_has(&path, synced, id)));
    }

    #[tokio::test]
    async fn a_batch_held_open_is_synced_when_the_delay_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::open_with_delay(&path, Duration::from_millis(100)).unwrap();
        let _deciding = log.coming().enter(); // never recorded
        let who = Requester::default();
        let started = Instant::now();
        log.write(&AuditRecord::failure(&facts("r", &who), 400, "x".into())).await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(100));
        assert_eq!(log.records_and_syncs(), (1, 1));
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn a_failed_write_is_reported() {
        if !Path::new("/dev/full").exists() {
            eprintln!("SKIPPED: /dev/full is absent");
            return;
        }
        let log = AuditLog::open(Path::new("/dev/full")).unwrap();
        let who = Requester::default();
        let facts = RequestFacts {
            request_id: "r",
            mode: "api",
            requester: &who,
            method: "POST",
            path: "/",
            elapsed: Duration::ZERO,
        };
        assert!(log.write(&AuditRecord::failure(&facts, 400, "x".into())).await.is_err());
        assert_eq!(log.records_and_syncs(), (0, 0), "a record that was not written is not counted");
    }
}
