//! The OCR engine: Tesseract 5 run as a child process, one picture per run.
//!
//! A child process rather than the library linked in: it needs no C toolchain at build time, its
//! absence is a plain "engine absent" state found at start, and a run can be killed the moment
//! the file's budget runs out or its inspection is cancelled (a library call cannot be
//! interrupted). The picture goes in on stdin as PNG; the answer comes back on stdout as TSV
//! (words with boxes and confidences, see [`tsv`](super::tsv)).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::Duration;

use super::tsv::{self, Line};
use crate::{ExtractError, Limits};

/// The language model OCR needs: simplified Chinese.
const CHINESE: &str = "chi_sim";
/// The environment variable naming the engine's program, where it is not `tesseract` on `PATH`.
pub const ENGINE_VARIABLE: &str = "MIJIAN_TESSERACT";
/// How often a running engine is checked against the budget and the cancel flag.
const POLL: Duration = Duration::from_millis(10);
/// The most the engine may write back (a page of TSV is tens of KB).
const MAX_ANSWER: u64 = 16 << 20;

/// Why OCR cannot run on this machine.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EngineAbsent {
    /// The program could not be started.
    #[error("the OCR engine {program} cannot be run ({reason}); install tesseract-ocr and tesseract-ocr-chi-sim, or point {ENGINE_VARIABLE} at tesseract")]
    NotFound { program: String, reason: String },
    /// The program runs but has no simplified Chinese model.
    #[error("the OCR engine {program} has no chi_sim language data (install tesseract-ocr-chi-sim)")]
    NoChinese { program: String },
}

/// A Tesseract found and checked at start.
#[derive(Clone, Debug)]
pub struct Engine {
    program: PathBuf,
    languages: String,
    version: String,
}

impl Engine {
    /// Finds the engine: the program `MIJIAN_TESSERACT` names, else `tesseract` on `PATH`; checks
    /// that it runs and has `chi_sim`.
    pub fn find() -> Result<Engine, EngineAbsent> {
        let program = std::env::var_os(ENGINE_VARIABLE).map_or_else(|| PathBuf::from("tesseract"), PathBuf::from);
        Engine::at(&program)
    }

    /// Checks the engine at `program`.
    pub fn at(program: &Path) -> Result<Engine, EngineAbsent> {
        let shown = program.display().to_string();
        let absent = |reason: String| EngineAbsent::NotFound { program: shown.clone(), reason };
        let run = |arg: &str| {
            Command::new(program).arg(arg).stdin(Stdio::null()).output().map_err(|e| absent(e.to_string())).and_then(
                |o| if o.status.success() { Ok(o) } else { Err(absent(format!("{arg} failed: {}", o.status))) },
            )
        };
        let version = run("--version")?;
        let version = String::from_utf8_lossy(&version.stdout).lines().next().unwrap_or_default().trim().to_owned();
        let list = run("--list-langs")?;
        let listed = String::from_utf8_lossy(&list.stdout).into_owned();
        let has = |lang: &str| listed.lines().any(|l| l.trim() == lang);
        if !has(CHINESE) {
            return Err(EngineAbsent::NoChinese { program: shown });
        }
        // chi_sim alone, not chi_sim+eng: with English beside it the engine reads a red mark
        // line (`机密★1年`) as Latin noise ("HL BE ae LF"); chi_sim reads digits and Latin
        // letters well enough for document numbers and periods.
        Ok(Engine { program: program.to_owned(), languages: CHINESE.to_owned(), version })
    }

    /// What the engine is, for coverage and `--version` style reports: `tesseract 5.3.0 (chi_sim+eng)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.version, self.languages)
    }

    /// Reads the text of one picture (`png`: a PNG file) with page segmentation mode `psm`.
    /// The engine is killed, and the budget's error returned, as soon as the file's time runs out
    /// or its inspection is cancelled.
    pub(crate) fn read(&self, png: Vec<u8>, psm: u8, limits: &Limits) -> Result<Vec<Line>, ExtractError> {
        limits.check()?;
        let failed = |cause: String| ExtractError::corrupt(crate::Defect::OcrFailed { cause });
        let mut child = Command::new(&self.program)
            .args(["stdin", "stdout", "-l", &self.languages, "--psm", &psm.to_string(), "tsv"])
            // One thread per run: the gateway's workers and the CLI's files are the parallelism.
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| failed(format!("{}: {e}", self.program.display())))?;
        let mut stdin = child.stdin.take();
        let writer = thread::spawn(move || stdin.as_mut().map(|s| s.write_all(&png)));
        let stdout = child.stdout.take();
        let reader = thread::spawn(move || drain(stdout));
        let stderr = child.stderr.take();
        let errors = thread::spawn(move || drain(stderr));
        let status = match wait(&mut child, limits) {
            Ok(status) => status,
            Err(e) => {
                // The engine is killed; its pipes close, and the threads end.
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
        };
        let _ = writer.join();
        let answer = reader.join().unwrap_or_default();
        let complaint = errors.join().unwrap_or_default();
        if !status.success() {
            let said = String::from_utf8_lossy(&complaint);
            let said = said.lines().filter(|l| !l.starts_with("Estimating resolution")).collect::<Vec<_>>().join("; ");
            return Err(failed(format!("{status}: {}", said.chars().take(200).collect::<String>())));
        }
        Ok(tsv::lines(&String::from_utf8_lossy(&answer)))
    }
}

/// Waits for the child, looking at the budget every [`POLL`].
fn wait(child: &mut Child, limits: &Limits) -> Result<std::process::ExitStatus, ExtractError> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => return Err(ExtractError::corrupt(crate::Defect::OcrFailed { cause: e.to_string() })),
        }
        limits.check()?;
        thread::sleep(POLL);
    }
}

/// Everything a pipe says, up to [`MAX_ANSWER`] bytes.
fn drain(pipe: Option<impl Read>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe.take(MAX_ANSWER).read_to_end(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_is_an_absent_engine_that_says_what_to_install() {
        let err = Engine::at(Path::new("/nonexistent/tesseract")).unwrap_err();
        assert!(matches!(err, EngineAbsent::NotFound { .. }), "{err:?}");
        assert!(err.to_string().contains("tesseract-ocr-chi-sim"), "{err}");
    }

    /// An engine that lists chi_sim and then, asked to read, never answers.
    #[cfg(unix)]
    fn stuck_engine(dir: &Path) -> Engine {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("tesseract");
        std::fs::write(&script, "#!/bin/sh\ncase \"$1\" in --version) echo 'tesseract 5 (stuck)';; --list-langs) echo chi_sim;; *) exec sleep 600;; esac\n").unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Engine::at(&script).unwrap()
    }

    #[test]
    #[cfg(unix)]
    fn a_cancelled_inspection_kills_the_engine() {
        let dir = std::env::temp_dir().join(format!("mijian-ocr-cancel-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let engine = stuck_engine(&dir);
        let limits = Limits::default();
        let cancel = limits.cancel.clone();
        let raiser = thread::spawn(move || {
            thread::sleep(Duration::from_millis(100));
            cancel.cancel();
        });
        let result = engine.read(b"not even a picture".to_vec(), 3, &limits);
        raiser.join().unwrap();
        assert!(matches!(result, Err(ExtractError::Cancelled)), "{result:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    #[cfg(unix)]
    fn a_file_out_of_time_kills_the_engine_with_the_time_limit_error() {
        let dir = std::env::temp_dir().join(format!("mijian-ocr-time-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let engine = stuck_engine(&dir);
        let limits = Limits { time_limit: Some(Duration::from_millis(50)), ..Limits::default() }.for_file(10);
        let result = engine.read(b"x".to_vec(), 3, &limits);
        assert!(matches!(result, Err(ExtractError::LimitExceeded { kind: crate::LimitKind::Time, .. })), "{result:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_program_without_chinese_data_is_an_absent_engine() {
        // `echo` runs and lists no language.
        let err = Engine::at(Path::new("echo")).unwrap_err();
        assert_eq!(err, EngineAbsent::NoChinese { program: "echo".into() });
    }
}
