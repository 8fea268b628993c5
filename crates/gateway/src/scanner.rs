//! Running the scans of a request off the async threads, a bounded number at a time, within a
//! deadline.
//!
//! `inspect_bytes` is CPU-bound, and parallel inside (the segments of a file are matched on
//! rayon): it runs on the scanner's own rayon pool of `workers` threads, at most `workers`
//! requests at once. Run from a thread of that pool, a scan's parallel work stays on its own
//! thread while the other threads are busy with other scans, and is shared out when they are
//! idle; run from any other thread (tokio's blocking pool, as it was), every wave of segments
//! was handed to the global pool and waited for, a pair of thread switches each time.
//!
//! A request makes one trip to the pool ([`Scanner::judge`]): its readings are decoded from the
//! body, every reading is scanned in order, then the names of the archive members found, then the
//! text the answer will echo ([`crate::echo`]), all in one task on one worker. Each step used to be
//! a trip of its own (a thread hand-off there and back, and a new place at the end of the queue
//! behind every other request): under load that was a fifth of the server's CPU in task switches,
//! and three waits in the queue instead of one.
//!
//! Requests wait for a worker in the queue of [`crate::workers`], which the workers drain
//! themselves, and a worker wakes the request once, when everything is done; the listing of the
//! readings, kept in case the scans never report, is left where the request looks only when a
//! deadline passes. A worker stays taken until its task really ends, so a scan that outlives its
//! deadline still counts against the bound; the request gets `error` at the deadline and is
//! answered, and nothing about that file is ever `pass`. A scan past its deadline is also
//! stopped, not abandoned: each scan holds a [`Cancel`](mijian_extract::Cancel) flag in its
//! limits, raised when the deadline passes or the request goes away (the guard raises it on
//! drop), and the readers stop within milliseconds.

use crate::audit::Coming;
use crate::decision::ScannedFile;
use crate::echo::{self, Scrubber};
use crate::error::RequestError;
use crate::refusal::BadRequest;
use crate::ruleset::RuleSet;
use crate::upload::{UploadedFile, RETRY_AFTER};
use crate::workers::Workers;
use bytes::Bytes;
use mijian_core::ErrorKind;
use mijian_extract::Cancel;
use mijian_inspect::{FileReport, InspectOptions, Inspection};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How long the echoed names and reasons of a request whose scans ran out of time may still take
/// to be scanned: a timed-out upload is told why instead of getting a reason masked whole.
const ECHO_GRACE: Duration = Duration::from_millis(500);

/// Scans files for requests.
pub struct Scanner {
    workers: Workers,
    opts: InspectOptions,
    coming: Coming,
}

/// What one request's trip to the scanner brings back.
pub struct Judged<H> {
    /// What the reading step handed over to be held until the answer (the body's reservation).
    pub held: H,
    /// Every reading, scanned, in order; then the archive members' names, if any.
    pub files: Vec<ScannedFile>,
    /// Masks the protected text in what the answer echoes.
    pub scrubber: Scrubber,
}

/// The files of a request as read, kept on the async side in case the scans never report.
type Listing = Vec<(String, Bytes)>;

/// What the worker leaves for the async side once the readings are made (without waking it):
/// the files to report as `error` if the scans never report, what is held for them, and when
/// they were ready (the scans' deadline runs from then).
struct Read<H> {
    listing: Listing,
    held: H,
    at: Instant,
}

/// What the job reports, once: the readings failed, or the scans (and the echoed text's) are done.
type Report = Result<(Vec<ScannedFile>, Vec<String>), RequestError>;

impl Scanner {
    /// At most `workers` scans at once, with these options; each busy worker counts in `coming`
    /// (the audit writer holds a batch open for the record that will follow).
    pub fn new(workers: usize, opts: InspectOptions, coming: Coming) -> Scanner {
        Scanner { workers: Workers::new(workers), opts, coming }
    }

    /// Judges one request on a worker: `read` makes the readings of `body` (decoding: CPU work,
    /// and copies, hence on a worker too) and hands back `held` (the memory reserved for them);
    /// then each reading is scanned with `rules`, all within `scan_timeout` after the readings
    /// are made, then the member names and the echoed text.
    ///
    /// No worker free within `scan_timeout`: nothing is read, and the request is refused with
    /// [`RequestError::QueueFull`] (503, `Retry-After`). `read` failing: its error. A scan that does not finish in time, or
    /// whose reader panicked: that file's verdict is `error`, never `pass`.
    ///
    /// The worker wakes the caller once, with the result: the readings' listing and their time
    /// are left in a slot the caller looks at only when a deadline passes.
    pub async fn judge<H: Send + 'static>(
        &self,
        rules: Arc<RuleSet>,
        body: UploadedFile,
        held: H,
        read: impl FnOnce(UploadedFile, H) -> Result<(Vec<UploadedFile>, H), RequestError> + Send + 'static,
        scan_timeout: Duration,
    ) -> Result<Judged<H>, RequestError> {
        let queued = Instant::now();
        let timeout_text = format!("{} s", scan_timeout.as_secs_f64());
        let (scans, echo) = (CancelOnDrop(Cancel::new()), CancelOnDrop(Cancel::new()));
        let mut opts = self.opts.clone();
        opts.limits.cancel = scans.0.clone();
        let mut echo_opts = self.opts.clone();
        echo_opts.limits.cancel = echo.0.clone();
        let slot: Arc<Mutex<Option<Read<H>>>> = Arc::new(Mutex::new(None));
        let (done_tx, mut done_rx) = oneshot::channel::<Report>();
        let why_late = timeout_text.clone();
        let (rules_left, left, coming) = (rules.clone(), slot.clone(), self.coming.clone());
        let place = self.workers.submit(move || {
            if opts.limits.cancel.is_cancelled() {
                return; // the request went away while it waited for a worker
            }
            let deciding = coming.enter();
            let files = match read(body, held) {
                Ok((files, held)) => {
                    let listing = files.iter().map(|f| (f.name.clone(), f.bytes.clone())).collect();
                    *lock(&left) = Some(Read { listing, held, at: Instant::now() });
                    files
                }
                Err(e) => {
                    drop(deciding);
                    let _ = done_tx.send(Err(e));
                    return;
                }
            };
            let mut scanned = scan_all(files, &rules, &opts, queued, &why_late);
            if let Some(names) = member_names(&scanned) {
                scanned.extend(scan_all(vec![names], &rules, &opts, Instant::now(), &why_late));
            }
            let echoed = echo::echoed_text(scanned.iter().flat_map(ScannedFile::reports));
            let found = catch_unwind(AssertUnwindSafe(|| echo::protected_in(&echoed, &rules.rules, &echo_opts)));
            drop(deciding);
            if let Ok(found) = found {
                let _ = done_tx.send(Ok((scanned, found)));
            }
        });
        // First a worker (within `scan_timeout`), then the readings (as long as they take: the
        // readers' own limits bound them), then the scans (within `scan_timeout` of the readings).
        let mut deadline = after(queued, scan_timeout);
        let done = loop {
            if let Ok(report) = tokio::time::timeout_at(deadline, &mut done_rx).await {
                break report.ok();
            }
            if place.withdraw() {
                // No worker within the limit: nothing was read, nothing is judged. 503 with
                // `Retry-After`, like a full queue: the client sends it again, and a clean upload
                // is not turned into an `error` verdict by a busy moment (in proxy mode: not
                // forwarded).
                return Err(RequestError::QueueFull(RETRY_AFTER));
            }
            let read_at = lock(&slot).as_ref().map(|r| r.at);
            match read_at {
                None => deadline = after(Instant::now(), scan_timeout), // still reading
                Some(at) if at.elapsed() < scan_timeout => deadline = after(at, scan_timeout),
                Some(_) => {
                    // Stop the scans now: the task then reports what finished, the rest as `error`.
                    scans.0.cancel();
                    break tokio::time::timeout(ECHO_GRACE, &mut done_rx).await.ok().and_then(Result::ok);
                }
            }
        };
        let done = match done {
            Some(Err(e)) => return Err(e),
            Some(Ok(done)) => Some(done),
            None => None,
        };
        // Set before the report was sent, if the readings were made at all.
        let Some(Read { listing, held, .. }) = lock(&slot).take() else {
            return Err(RequestError::BadRequest(BadRequest::ReaderPanicked));
        };
        let (files, scrubber) = match done {
            Some((files, found)) => (files, Scrubber::new(found)),
            None => {
                // The task panicked, or did not stop within the grace: every file is `error`.
                let (kind, why) = if scans.0.is_cancelled() {
                    (ErrorKind::Limit, format!("the scan took longer than the limit ({timeout_text})"))
                } else {
                    (ErrorKind::Internal, "the scan failed: the reader panicked".to_string())
                };
                let mut files = Vec::with_capacity(listing.len());
                for (name, bytes) in listing {
                    let inspection = failed(name, bytes, kind, why.clone()).await;
                    files.push(ScannedFile { inspection, duration: queued.elapsed() });
                }
                // Their names and reasons are still scanned, off the (busy) workers: a few lines.
                let echoed = echo::echoed_text(files.iter().flat_map(ScannedFile::reports));
                (files, self.echo_off_the_workers(&rules_left, echoed).await)
            }
        };
        Ok(Judged { held, files, scrubber })
    }

    /// The scrubber for `echoed` (a few names and reasons) when no worker can scan it: on
    /// tokio's blocking pool, within [`ECHO_GRACE`]; past it, everything echoed is masked whole.
    async fn echo_off_the_workers(&self, rules: &Arc<RuleSet>, echoed: String) -> Scrubber {
        let (rules, opts) = (rules.clone(), self.opts.clone());
        let scan = tokio::task::spawn_blocking(move || echo::protected_in(&echoed, &rules.rules, &opts));
        match tokio::time::timeout(ECHO_GRACE, scan).await {
            Ok(Ok(found)) => Scrubber::new(found),
            _ => Scrubber::withholding(),
        }
    }
}

/// Scans `files` in order on this thread (a worker's). Once the request's flag is raised (its
/// deadline passed, or it went away), the file being read stops and the rest are not read; all
/// of them are `error` (a limit). A reader that panics fails its own file only.
fn scan_all(
    files: Vec<UploadedFile>,
    rules: &RuleSet,
    opts: &InspectOptions,
    since: Instant,
    timeout_text: &str,
) -> Vec<ScannedFile> {
    let mut started = since;
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let size = file.bytes.len();
        let late = || format!("the scan took longer than the limit ({timeout_text}) for {size} bytes");
        let inspection = if opts.limits.cancel.is_cancelled() {
            failed_now(file.name, &file.bytes, ErrorKind::Limit, late())
        } else {
            let scan =
                catch_unwind(AssertUnwindSafe(|| Inspection::of_bytes(&file.name, &file.bytes, &rules.rules, opts)));
            match scan {
                _ if opts.limits.cancel.is_cancelled() => failed_now(file.name, &file.bytes, ErrorKind::Limit, late()),
                Ok(inspection) => inspection,
                Err(_) => failed_now(
                    file.name,
                    &file.bytes,
                    ErrorKind::Internal,
                    "the scan failed: the reader panicked".into(),
                ),
            }
        };
        out.push(ScannedFile { inspection, duration: started.elapsed() });
        started = Instant::now();
    }
    out
}

/// The names of the archive members found in `files`, one a line, as a reading of its own: text
/// a site publishes as link text.
fn member_names(files: &[ScannedFile]) -> Option<UploadedFile> {
    let members: Vec<&str> = files.iter().flat_map(ScannedFile::member_reports).map(|r| r.path.as_str()).collect();
    if members.is_empty() {
        return None;
    }
    Some(UploadedFile { name: "member names".into(), bytes: (members.join("\n") + "\n").into() })
}

/// The async clock's instant `d` after `t` (saturating: a limit of years is no limit).
fn after(t: Instant, d: Duration) -> tokio::time::Instant {
    tokio::time::Instant::from_std(t.checked_add(d).unwrap_or_else(|| t + Duration::from_secs(1 << 32)))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Raises its flag when dropped: when the scan was answered (a no-op then), timed out, or the
/// request was dropped while waiting.
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// An `error` report for a file that was not scanned, with its digest.
fn failed_now(name: String, bytes: &[u8], kind: ErrorKind, why: String) -> Inspection {
    use sha2::{Digest, Sha256};
    let mut r = FileReport::failed(name, bytes.len() as u64, kind, why);
    r.sha256 = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    Inspection::failed(r)
}

/// [`failed_now`] from the async threads (the digest of a large file is computed off them).
async fn failed(name: String, bytes: Bytes, kind: ErrorKind, why: String) -> Inspection {
    let size = bytes.len() as u64;
    let fallback = (name.clone(), why.clone());
    tokio::task::spawn_blocking(move || failed_now(name, &bytes, kind, why))
        .await
        .unwrap_or_else(|_| Inspection::failed(FileReport::failed(fallback.0, size, kind, fallback.1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Verdict;

    fn rules() -> Arc<RuleSet> {
        Arc::new(RuleSet::load(&[], true).unwrap())
    }

    fn reading(name: &str, text: &str) -> UploadedFile {
        UploadedFile { name: name.into(), bytes: Bytes::copy_from_slice(text.as_bytes()) }
    }

    /// The request body as one file (what is reported when nothing could be read).
    /// Keeps the scanner's one worker busy until the returned sender sends (or a minute passes).
    fn occupy_the_worker(s: &Scanner) -> std::sync::mpsc::Sender<()> {
        let (free, busy) = std::sync::mpsc::channel::<()>();
        s.workers.submit(move || {
            let _ = busy.recv_timeout(MINUTE);
        });
        free
    }

    fn body() -> UploadedFile {
        reading("upload.docx", "PK")
    }

    fn hello(_: UploadedFile, _: ()) -> Result<(Vec<UploadedFile>, ()), RequestError> {
        Ok((vec![reading("a.txt", "hello")], ()))
    }

    const MINUTE: Duration = Duration::from_secs(60);

    #[tokio::test]
    async fn files_are_scanned_in_order_and_their_echoed_names_scrubbed() {
        let s = Scanner::new(1, InspectOptions::default(), Coming::default());
        let read = |_, held| {
            let files =
                vec![reading("机密★1年.txt", "000123\n机密★1年\n"), reading("b.txt", "加强保密工作，增强保密意识。")];
            Ok((files, held))
        };
        let out = s.judge(rules(), body(), "held", read, MINUTE).await.unwrap();
        assert_eq!(out.held, "held");
        assert_eq!(out.files.len(), 2);
        assert_eq!(out.files[0].verdict(), Verdict::Block);
        assert_eq!(out.files[1].verdict(), Verdict::Pass);
        assert_eq!(out.files[1].report().path, "b.txt");
        let name = out.scrubber.scrub(&out.files[0].report().path);
        assert!(!name.contains("机密"), "{name}");
    }

    #[tokio::test]
    async fn a_failed_reading_is_the_answer_and_nothing_is_scanned() {
        let s = Scanner::new(1, InspectOptions::default(), Coming::default());
        let read = |_, _| {
            Err::<(Vec<UploadedFile>, ()), _>(RequestError::MalformedBody(crate::refusal::Malformed::NotJson {
                media_type: "application/json".into(),
            }))
        };
        assert!(matches!(s.judge(rules(), body(), (), read, MINUTE).await, Err(RequestError::MalformedBody(_))));
        // The worker is free again.
        assert_eq!(s.judge(rules(), body(), (), hello, MINUTE).await.unwrap().files[0].verdict(), Verdict::Pass);
    }

    #[tokio::test]
    async fn a_panicking_reading_is_an_error_not_a_dead_worker() {
        let s = Scanner::new(1, InspectOptions::default(), Coming::default());
        let read = |_, _| -> Result<(Vec<UploadedFile>, ()), RequestError> { panic!("reader bug") };
        assert!(matches!(s.judge(rules(), body(), (), read, MINUTE).await, Err(RequestError::BadRequest(_))));
        assert_eq!(s.judge(rules(), body(), (), hello, MINUTE).await.unwrap().files[0].verdict(), Verdict::Pass);
    }

    #[tokio::test]
    async fn no_free_worker_within_the_limit_is_a_busy_answer_not_pass() {
        let s = Scanner::new(1, InspectOptions::default(), Coming::default());
        let free = occupy_the_worker(&s);
        let was_read = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = was_read.clone();
        let read = move |_, h| {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok((vec![reading("a.txt", "hello")], h))
        };
        let out = s.judge(rules(), body(), "held", read, Duration::from_millis(50)).await;
        assert!(matches!(out, Err(RequestError::QueueFull(_))), "a busy gateway asks the client to retry");
        free.send(()).unwrap();
        // The worker is free again, and the refused request's readings were never made.
        assert_eq!(s.judge(rules(), body(), (), hello, MINUTE).await.unwrap().files[0].verdict(), Verdict::Pass);
        assert!(!was_read.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[tokio::test]
    async fn a_request_that_went_away_while_waiting_is_never_read() {
        let s = Scanner::new(1, InspectOptions::default(), Coming::default());
        let free = occupy_the_worker(&s);
        let was_read = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = was_read.clone();
        let read = move |_, h| {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok((vec![reading("a.txt", "hello")], h))
        };
        let gone = tokio::time::timeout(Duration::from_millis(50), s.judge(rules(), body(), (), read, MINUTE)).await;
        assert!(gone.is_err(), "still waiting for the worker");
        free.send(()).unwrap();
        assert_eq!(s.judge(rules(), body(), (), hello, MINUTE).await.unwrap().files[0].verdict(), Verdict::Pass);
        assert!(!was_read.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[tokio::test]
    async fn the_scans_deadline_runs_from_the_readings_not_from_the_queue() {
        let s = Scanner::new(1, InspectOptions::default(), Coming::default());
        // Reading takes three times the scan limit; the scan itself is quick: not `error`.
        let read = |_, h| {
            std::thread::sleep(Duration::from_millis(300));
            Ok((vec![reading("a.txt", "hello")], h))
        };
        let out = s.judge(rules(), body(), (), read, Duration::from_millis(100)).await.unwrap();
        assert_eq!(out.files[0].verdict(), Verdict::Pass);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_requests_each_get_their_own_files() {
        let s = Arc::new(Scanner::new(2, InspectOptions::default(), Coming::default()));
        let mut waiting = Vec::new();
        for i in 0..40 {
            let s = s.clone();
            waiting.push(tokio::spawn(async move {
                let text = if i % 3 == 0 { "000123\n机密★1年\n" } else { "加强保密工作。" };
                let read = move |_, h| Ok((vec![reading(&format!("{i}.txt"), text)], h));
                (i, s.judge(rules(), body(), i, read, MINUTE).await.unwrap())
            }));
        }
        for w in waiting {
            let (i, out) = w.await.unwrap();
            assert_eq!(out.held, i);
            assert_eq!(out.files.len(), 1);
            assert_eq!(out.files[0].report().path, format!("{i}.txt"));
            let expected = if i % 3 == 0 { Verdict::Block } else { Verdict::Pass };
            assert_eq!(out.files[0].verdict(), expected, "request {i}");
        }
    }

    #[tokio::test]
    async fn a_scan_past_its_deadline_is_stopped_and_every_file_is_error() {
        let s = Scanner::new(1, InspectOptions::default(), Coming::default());
        // Several MB of text take far longer than 20 ms to scan.
        let big = Arc::new("加强保密工作，增强保密意识。\n".repeat(200_000));
        // The wait for a worker shares the limit: on a starved machine the worker may not start
        // within it, and the gateway asks the client to retry (503). Retry as a client does.
        let mut tries = 0;
        let out = loop {
            let big = big.clone();
            let read = move |_, _| Ok((vec![reading("big.txt", &big), reading("small.txt", "hello")], ()));
            match s.judge(rules(), body(), (), read, Duration::from_millis(20)).await {
                Err(RequestError::QueueFull(_)) if tries < 100 => tries += 1,
                out => break out.unwrap(),
            }
        };
        for f in &out.files {
            assert_eq!(f.verdict(), Verdict::Error);
            assert_eq!(f.report().error_kind, Some(ErrorKind::Limit));
            assert!(f.report().error.as_deref().unwrap().contains("longer than the limit"));
            assert!(!f.report().sha256.is_empty());
        }
        assert_eq!(out.files.len(), 2);
    }
}
