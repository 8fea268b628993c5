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

use crate::decision::{Decision, Requester, ScannedFile};
use crate::echo::Scrubber;
use mijian_core::{Location, Verdict};
use serde::Serialize;
use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::{mpsc, Mutex};

/// Where records go.
pub struct AuditLog {
    enabled: bool,
    sender: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
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
        AuditLog { enabled: false, sender: Mutex::new(None), writer: Mutex::new(None) }
    }

    /// Appends to `path` (created if needed, mode 0600 on Unix); `-` is standard output.
    pub fn open(path: &Path) -> std::io::Result<AuditLog> {
        let sink = if path == Path::new("-") {
            Sink::Stdout
        } else {
            Sink::File { file: open_append(path)?, path: path.to_path_buf() }
        };
        let (sender, receiver) = mpsc::channel::<Job>();
        let writer =
            std::thread::Builder::new().name("mijian-audit".into()).spawn(move || write_loop(sink, receiver))?;
        Ok(AuditLog { enabled: true, sender: Mutex::new(Some(sender)), writer: Mutex::new(Some(writer)) })
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

fn write_loop(mut sink: Sink, receiver: mpsc::Receiver<Job>) {
    while let Ok(first) = receiver.recv() {
        let mut next = Some(first);
        while let Some(job) = next.take() {
            let (line, done) = match job {
                Job::Reopen { done } => {
                    let _ = done.send(reopen(&mut sink));
                    next = receiver.try_recv().ok();
                    continue;
                }
                Job::Record { line, done } => (line, done),
            };
            // Group commit: every record already waiting goes in the same write and sync.
            let mut lines = vec![line];
            let mut waiting = vec![done];
            while waiting.len() < BATCH {
                match receiver.try_recv() {
                    Ok(Job::Record { line, done }) => {
                        lines.push(line);
                        waiting.push(done);
                    }
                    Ok(reopen) => {
                        next = Some(reopen);
                        break;
                    }
                    Err(_) => break,
                }
            }
            let buf = lines.concat();
            let result = match &mut sink {
                Sink::File { file, .. } => file.write_all(&buf).and_then(|_| file.sync_data()),
                Sink::Stdout => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(&buf).and_then(|_| out.flush())
                }
            }
            .map_err(|e| e.to_string());
            for done in waiting {
                let _ = done.send(result.clone());
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
    }
}
