//! Progress of a long `scan`, on a terminal only.
//!
//! One line on stderr: files done of the total, MB/s, elapsed time, and the file being read. It
//! appears only when stderr is a terminal and the output is text (never in a pipe, a log file or
//! JSON output, which scripts read), and only once the run has taken a second, so short runs do
//! not flicker. The results printed meanwhile go through [`Progress::suspend`], which takes the
//! line away while they are written.

use crate::args::Format;
use mijian_core::Lang;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a run goes before its progress is shown.
const DELAY: Duration = Duration::from_secs(1);
/// How often the line is redrawn.
const REFRESH: Duration = Duration::from_millis(250);

/// Whether a run shows progress: only for people, on a terminal that can redraw a line.
pub(crate) fn should_show(stderr_is_terminal: bool, format: Format, term: Option<&str>) -> bool {
    stderr_is_terminal && format == Format::Text && term != Some("dumb")
}

/// The counts part of the line: `已检查 12/340 个文件 · 3.4 MB/s · 0:07`.
pub(crate) fn counts_line(lang: Lang, done: u64, total: u64, bytes: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { bytes as f64 / 1e6 / secs } else { 0.0 };
    let clock = format!("{}:{:02}", elapsed.as_secs() / 60, elapsed.as_secs() % 60);
    match lang {
        Lang::Zh => format!("已检查 {done}/{total} 个文件 · {rate:.1} MB/s · {clock}"),
        Lang::En => format!("{done}/{total} files · {rate:.1} MB/s · {clock}"),
    }
}

/// The file being read, as the line shows it: control characters (a name may carry escape
/// sequences that would drive the terminal) become `?`.
pub(crate) fn current_file(lang: Lang, path: &str) -> String {
    let clean: String = path.chars().map(|c| if c.is_control() { '?' } else { c }).collect();
    if clean.is_empty() {
        return String::new();
    }
    format!("{}{clean}", lang.pick("正在读取：", "reading: "))
}

/// What the workers report, read by the drawing thread.
#[derive(Default)]
struct Counters {
    done: AtomicU64,
    bytes: AtomicU64,
    current: Mutex<String>,
}

/// The progress of one run; a no-op when [`should_show`] said no.
pub(crate) struct Progress {
    bar: indicatif::ProgressBar,
    counters: Arc<Counters>,
    stop: Option<mpsc::Sender<()>>,
    drawer: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Progress that is never shown.
    pub(crate) fn hidden() -> Progress {
        Progress { bar: indicatif::ProgressBar::hidden(), counters: Arc::default(), stop: None, drawer: None }
    }

    /// Starts counting `total` files; the line appears after [`DELAY`] (or `MIJIAN_PROGRESS_DELAY_MS`).
    pub(crate) fn start(total: u64, lang: Lang) -> Progress {
        let delay = std::env::var("MIJIAN_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(DELAY, Duration::from_millis);
        let bar = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{prefix} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let counters = Arc::new(Counters::default());
        let (stop, stopped) = mpsc::channel::<()>();
        let started = Instant::now();
        let draw = {
            let (bar, counters) = (bar.clone(), counters.clone());
            move || {
                let done = counters.done.load(Ordering::Relaxed);
                let bytes = counters.bytes.load(Ordering::Relaxed);
                bar.set_prefix(counts_line(lang, done, total, bytes, started.elapsed()));
                let current = counters.current.lock().map(|c| c.clone()).unwrap_or_default();
                bar.set_message(current_file(lang, &current));
                bar.set_position(done);
            }
        };
        // No delay: the line is there before the first file (so that it shows in a short run).
        if delay.is_zero() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            draw();
        }
        let drawer = {
            let bar = bar.clone();
            std::thread::spawn(move || {
                if !delay.is_zero() {
                    if !matches!(stopped.recv_timeout(delay), Err(RecvTimeoutError::Timeout)) {
                        return; // done (or dropped) before the delay: nothing was ever shown
                    }
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                loop {
                    draw();
                    if !matches!(stopped.recv_timeout(REFRESH), Err(RecvTimeoutError::Timeout)) {
                        return;
                    }
                }
            })
        };
        Progress { bar, counters, stop: Some(stop), drawer: Some(drawer) }
    }

    /// A worker starts on `path`.
    pub(crate) fn reading(&self, path: &std::path::Path) {
        if self.stop.is_some() {
            if let Ok(mut c) = self.counters.current.lock() {
                *c = path.display().to_string();
            }
        }
    }

    /// A worker finished a file of `bytes` bytes.
    pub(crate) fn finished(&self, bytes: u64) {
        self.counters.done.fetch_add(1, Ordering::Relaxed);
        self.counters.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Runs `f` (which prints results) with the line taken away.
    pub(crate) fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Takes the line away for good.
    pub(crate) fn finish(mut self) {
        self.end();
    }

    fn end(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_to_a_person_at_a_terminal() {
        assert!(should_show(true, Format::Text, Some("xterm-256color")));
        assert!(should_show(true, Format::Text, None));
        assert!(!should_show(false, Format::Text, Some("xterm")), "a pipe or a file never gets progress");
        assert!(!should_show(true, Format::Json, Some("xterm")), "JSON output never gets progress");
        assert!(!should_show(true, Format::Text, Some("dumb")), "a terminal that cannot redraw a line");
    }

    #[test]
    fn the_line_says_files_rate_and_time_in_both_languages() {
        let t = Duration::from_millis(65_500);
        assert_eq!(counts_line(Lang::Zh, 12, 340, 222_700_000, t), "已检查 12/340 个文件 · 3.4 MB/s · 1:05");
        assert_eq!(counts_line(Lang::En, 12, 340, 222_700_000, t), "12/340 files · 3.4 MB/s · 1:05");
        assert_eq!(counts_line(Lang::En, 0, 5, 0, Duration::ZERO), "0/5 files · 0.0 MB/s · 0:00");
    }

    #[test]
    fn a_file_name_cannot_drive_the_terminal() {
        assert_eq!(current_file(Lang::En, "a\x1b]0;pwned\x07.txt"), "reading: a?]0;pwned?.txt");
        assert_eq!(current_file(Lang::Zh, "docs/通知.docx"), "正在读取：docs/通知.docx");
        assert_eq!(current_file(Lang::Zh, ""), "");
    }

    #[test]
    fn a_hidden_progress_counts_and_prints_nothing() {
        let p = Progress::hidden();
        p.reading(std::path::Path::new("a.txt"));
        p.finished(10);
        assert_eq!(p.suspend(|| 7), 7);
        p.finish();
    }
}
