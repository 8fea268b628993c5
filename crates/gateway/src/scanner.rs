//! Running scans off the async threads, a bounded number at a time, within a deadline.
//!
//! `inspect_bytes` is CPU-bound, and parallel inside (the segments of a file are matched on
//! rayon): it runs on the scanner's own rayon pool of `workers` threads, at most `workers` at
//! once. Run from a thread of that pool, a scan's parallel work stays on its own thread while
//! the other threads are busy with other scans, and is shared out when they are idle; run from
//! any other thread (tokio's blocking pool, as it was), every wave of segments was handed to the
//! global pool and waited for, a pair of thread switches each time. The permit travels with the
//! task, so a scan that outlives its deadline still counts against the bound until it really
//! ends; the request gets `error` at the deadline and is answered, and nothing about that file
//! is ever `pass`.
//!
//! A scan past its deadline is also stopped, not abandoned: each scan holds a
//! [`Cancel`](mijian_extract::Cancel) flag in its limits, raised when the deadline passes or the
//! request goes away (the guard raises it on drop), and the readers stop within milliseconds.

use crate::decision::ScannedFile;
use crate::ruleset::RuleSet;
use crate::upload::UploadedFile;
use mijian_core::ErrorKind;
use mijian_inspect::{FileReport, InspectOptions, Inspection};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;

/// Scans files for requests.
pub struct Scanner {
    workers: Arc<Semaphore>,
    pool: Option<rayon::ThreadPool>,
    opts: InspectOptions,
}

impl Scanner {
    /// At most `workers` scans at once, with these options.
    pub fn new(workers: usize, opts: InspectOptions) -> Scanner {
        let workers = workers.max(1);
        // A panicking scan must not abort the server: its task just ends without an answer
        // (see `run`). Without a pool (threads refused), scans run on tokio's blocking pool.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(workers)
            .thread_name(|i| format!("mijian-inspect-{i}"))
            .panic_handler(|_| {})
            .build()
            .ok();
        Scanner { workers: Arc::new(Semaphore::new(workers)), pool, opts }
    }

    /// Runs `work` on the scanner's pool; `None` if it panicked.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        match &self.pool {
            Some(pool) => {
                let (tx, rx) = tokio::sync::oneshot::channel();
                pool.spawn(move || {
                    let _ = tx.send(work());
                });
                rx.await.ok()
            }
            None => tokio::task::spawn_blocking(work).await.ok(),
        }
    }

    /// Scans the files of one request, in order, with `rules`, all before `deadline`.
    pub async fn scan(
        &self,
        rules: Arc<RuleSet>,
        files: Vec<UploadedFile>,
        deadline: tokio::time::Instant,
        timeout_text: &str,
    ) -> Vec<ScannedFile> {
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            let started = Instant::now();
            let inspection = self.scan_one(rules.clone(), file, deadline, timeout_text).await;
            out.push(ScannedFile { inspection, duration: started.elapsed() });
        }
        out
    }

    /// The text of every finding (any level but `info`) in `text`: what [`crate::echo`] masks
    /// in the strings a decision echoes. Empty when the scan does not finish by `deadline`
    /// (the caller then withholds the strings instead).
    pub async fn protected_in(
        &self,
        rules: Arc<RuleSet>,
        text: String,
        deadline: tokio::time::Instant,
    ) -> Option<Vec<String>> {
        let permit = tokio::time::timeout_at(deadline, self.workers.clone().acquire_owned()).await.ok()?.ok()?;
        let opts = self.opts.clone();
        let task = self.run(move || {
            let _permit = permit;
            crate::echo::protected_in(&text, &rules.rules, &opts)
        });
        tokio::time::timeout_at(deadline, task).await.ok()?
    }

    async fn scan_one(
        &self,
        rules: Arc<RuleSet>,
        file: UploadedFile,
        deadline: tokio::time::Instant,
        timeout_text: &str,
    ) -> Inspection {
        let size = file.bytes.len() as u64;
        let permit = match tokio::time::timeout_at(deadline, self.workers.clone().acquire_owned()).await {
            Ok(Ok(p)) => p,
            Ok(Err(_)) => return failed(file, ErrorKind::Cancelled, "the scanner is shutting down".into()).await,
            Err(_) => {
                return failed(
                    file,
                    ErrorKind::Limit,
                    format!("no scanner free within the scan time limit ({timeout_text})"),
                )
                .await
            }
        };
        let mut opts = self.opts.clone();
        let cancel = mijian_extract::Cancel::new();
        opts.limits.cancel = cancel.clone();
        let stop = CancelOnDrop(cancel);
        let bytes = file.bytes.clone();
        let name = file.name.clone();
        let task = self.run(move || {
            let _permit = permit;
            Inspection::of_bytes(&name, &bytes, &rules.rules, &opts)
        });
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Some(inspection)) => inspection,
            Ok(None) => failed(file, ErrorKind::Internal, "the scan failed: the reader panicked".into()).await,
            Err(_) => {
                // Stop the scan now, before answering: its worker is not free until it ends.
                stop.0.cancel();
                failed(
                    file,
                    ErrorKind::Limit,
                    format!("the scan took longer than the limit ({timeout_text}) for {size} bytes"),
                )
                .await
            }
        }
    }
}

/// Raises its flag when dropped: when the scan was answered (a no-op then), timed out, or the
/// request was dropped while waiting.
struct CancelOnDrop(mijian_extract::Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// An `error` report for a file that was not scanned, with its digest (computed off the async
/// threads: the file may be large).
async fn failed(file: UploadedFile, kind: ErrorKind, why: String) -> Inspection {
    let size = file.bytes.len() as u64;
    let bytes = file.bytes;
    let sha256 = tokio::task::spawn_blocking(move || {
        use sha2::{Digest, Sha256};
        Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
    })
    .await
    .unwrap_or_default();
    let mut r = FileReport::failed(file.name, size, kind, why);
    r.sha256 = sha256;
    Inspection::failed(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Verdict;

    fn rules() -> Arc<RuleSet> {
        Arc::new(RuleSet::load(&[], true).unwrap())
    }

    #[tokio::test]
    async fn files_are_scanned_in_order() {
        let s = Scanner::new(1, InspectOptions::default());
        let files = vec![
            UploadedFile { name: "a.txt".into(), bytes: "000123\n机密★1年\n".into() },
            UploadedFile { name: "b.txt".into(), bytes: "加强保密工作，增强保密意识。".into() },
        ];
        let out =
            s.scan(rules(), files, tokio::time::Instant::now() + std::time::Duration::from_secs(60), "60 s").await;
        assert_eq!(out[0].verdict(), Verdict::Block);
        assert_eq!(out[1].verdict(), Verdict::Pass);
        assert_eq!(out[1].report().path, "b.txt");
    }

    #[tokio::test]
    async fn no_free_worker_before_the_deadline_gives_error_not_pass() {
        let s = Scanner::new(1, InspectOptions::default());
        let _busy = s.workers.clone().acquire_owned().await.unwrap();
        let files = vec![UploadedFile { name: "a.txt".into(), bytes: "hello".into() }];
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_millis(50);
        let out = s.scan(rules(), files, deadline, "50 ms").await;
        assert_eq!(out[0].verdict(), Verdict::Error);
        assert!(out[0].report().error.as_deref().unwrap().contains("no scanner free"));
        assert_eq!(out[0].report().error_kind, Some(ErrorKind::Limit));
        assert!(!out[0].report().sha256.is_empty());
    }
}
