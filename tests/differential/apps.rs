//! The two real applications behind the gateway, and what they recorded.
//!
//! - PHP: Debian's `php-cli` built-in server (`php -S 127.0.0.1:0 app.php`), reading `$_GET`,
//!   `$_POST`, `$_FILES` and `php://input`.
//! - Django 5 under gunicorn (`python3 -m gunicorn --bind 127.0.0.1:0 django_app:application`),
//!   reading `request.GET`, `request.POST`, `request.FILES`, `request.body` and its JSON.
//!
//! Both append one JSON line per request they handled to a record file in their own temporary
//! folder (see `app.php` and `django_app.py`); the harness reads the lines a case produced.
//! Under CI (`CI=true`) a missing PHP, Django or gunicorn is a failure, elsewhere a loud skip.

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the applications' sources are.
fn support_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("differential")
}

/// Which application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Php,
    Django,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Php => "php",
            Kind::Django => "django",
        }
    }
}

/// One request as the application parsed it.
#[derive(Debug, Clone)]
pub struct Record {
    pub app: String,
    pub case: Option<String>,
    /// The `X-Mijian-Verdict` the application saw (as its framework merged it), if any.
    pub verdict: Option<String>,
    pub request_id: Option<String>,
    pub rules_version: Option<String>,
    /// (where the application read it, the bytes).
    pub values: Vec<(String, Vec<u8>)>,
    pub errors: Vec<String>,
}

impl Record {
    fn parse(line: &str) -> Record {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("an application wrote a bad record ({e}): {line}"));
        let s = |k: &str| v[k].as_str().map(String::from);
        let values = v["values"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|pair| {
                        let bytes = super::encode::unbase64(pair[1].as_str().unwrap_or(""))
                            .unwrap_or_else(|| panic!("not base64 in a record: {line}"));
                        (pair[0].as_str().unwrap_or("?").to_string(), bytes)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let errors = v["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e.as_str().map(String::from)).collect())
            .unwrap_or_default();
        Record {
            app: s("app").unwrap_or_default(),
            case: s("case"),
            verdict: s("verdict"),
            request_id: s("request_id"),
            rules_version: s("rules_version"),
            values,
            errors,
        }
    }

    /// The bytes the application read at `where_` (exact name).
    pub fn value(&self, where_: &str) -> Option<&[u8]> {
        self.values.iter().find(|(w, _)| w == where_).map(|(_, b)| b.as_slice())
    }
}

/// A running application.
pub struct App {
    pub kind: Kind,
    pub addr: SocketAddr,
    child: Child,
    record: PathBuf,
    consumed: usize,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl App {
    /// Starts the application and waits for the address it listens on.
    pub fn start(kind: Kind) -> Result<App, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let record = dir.path().join("record.jsonl");
        std::fs::write(&record, "").map_err(|e| e.to_string())?;
        let log = dir.path().join("app.log");
        let mut cmd = match kind {
            Kind::Php => {
                let mut c = Command::new("php");
                c.args([
                    "-n", // no php.ini: the same defaults on every machine
                    "-d",
                    "upload_max_filesize=64M",
                    "-d",
                    "post_max_size=64M",
                    "-d",
                    "max_file_uploads=100",
                    "-d",
                    "max_input_vars=10000",
                    "-d",
                    "display_errors=stderr",
                    "-S",
                    "127.0.0.1:0",
                ])
                .arg(support_dir().join("app.php"));
                c
            }
            Kind::Django => {
                let mut c = Command::new("python3");
                c.args([
                    "-m",
                    "gunicorn",
                    "--bind",
                    "127.0.0.1:0",
                    "--workers",
                    "1",
                    "--graceful-timeout",
                    "2",
                    "--chdir",
                ])
                .arg(support_dir())
                .arg("django_app:application");
                c
            }
        };
        let child = cmd
            .env("DIFFTEST_RECORD", &record)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).map_err(|e| e.to_string())?)
            .stderr(std::fs::File::options().append(true).open(&log).map_err(|e| e.to_string())?)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", kind.name()))?;
        let mut app = App { kind, addr: "127.0.0.1:1".parse().unwrap(), child, record, consumed: 0, log, _dir: dir };
        let until = Instant::now() + Duration::from_secs(60);
        loop {
            let text = std::fs::read_to_string(&app.log).unwrap_or_default();
            let marker = match kind {
                Kind::Php => "Development Server (http://",
                Kind::Django => "Listening at: http://",
            };
            let ready = kind == Kind::Php || text.contains("Booting worker");
            if let Some(i) = text.find(marker) {
                let rest = &text[i + marker.len()..];
                let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':')).unwrap_or(rest.len());
                if ready {
                    app.addr =
                        rest[..end].parse().map_err(|e| format!("{}: bad address ({e}): {text}", kind.name()))?;
                    return Ok(app);
                }
            }
            if let Ok(Some(status)) = app.child.try_wait() {
                return Err(format!("{} exited ({status}) before listening:\n{text}", kind.name()));
            }
            if Instant::now() > until {
                return Err(format!("{} did not start within a minute:\n{text}", kind.name()));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The records written since the last call.
    pub fn take(&mut self) -> Vec<Record> {
        let mut text = String::new();
        let mut f = std::fs::File::open(&self.record).expect("the record file");
        f.read_to_string(&mut text).expect("read the record file");
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let fresh = lines[self.consumed.min(lines.len())..].iter().map(|l| Record::parse(l)).collect();
        self.consumed = lines.len();
        fresh
    }

    /// What the application logged (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // TERM lets gunicorn's master stop its worker; PHP stops at once.
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether PHP and Django/gunicorn are installed; `Err` names what is missing.
pub fn available() -> Result<(), String> {
    let mut missing = Vec::new();
    let ok = |c: &mut Command| c.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !ok(Command::new("php").arg("--version")) {
        missing.push("php (apt-get install php-cli)");
    }
    if !ok(Command::new("python3").args(["-c", "import django, gunicorn"])) {
        missing.push("Django and gunicorn (pip install django gunicorn)");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join(", "))
    }
}

/// Both applications, or `None` (after saying why) when they are not installed outside CI.
pub fn start_or_skip(test: &str) -> Option<(App, App)> {
    if let Err(missing) = available() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{test}: the differential suite needs {missing}; .ci/run installs them");
        }
        eprintln!("SKIPPED {test}: {missing} not installed (under CI=true this fails)");
        return None;
    }
    let php = App::start(Kind::Php).unwrap_or_else(|e| panic!("{test}: {e}"));
    let django = App::start(Kind::Django).unwrap_or_else(|e| panic!("{test}: {e}"));
    Some((php, django))
}
