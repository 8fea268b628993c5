//! The differential harness of `tests/gateway_differential.rs`: real applications behind the
//! real gateway, and the rule every case is held to.
//!
//! The rule (issue 8): **the upstream receives only bytes whose every reading by a common server
//! stack was inspected.** The harness checks it from the applications' side. Each case is sent
//! - straight to PHP and to Django (`Direct`): the oracle must find the payload in what they
//!   read, which proves the case can fail;
//! - through `mijian serve --upstream` in its default mode (`Hold`): nothing an application
//!   read may show a protected string;
//! - through `mijian serve --upstream --review forward` (`Forward`): an application may read a
//!   protected string only in a request that carries exactly `X-Mijian-Verdict: review`.
//!
//! Clean cases must instead reach both applications through both gateways byte for byte, with
//! `X-Mijian-Verdict: pass` and the gateway's own request id and rules version; review-level
//! cases must reach them through the forwarding gateway once, told `review`. Whatever the case,
//! the gateway's own answers (refusals, errors) and its audit log never show a protected string,
//! and it never panics.
//!
//! Modules: `apps` (the PHP and Django applications), `cases` and `mutate` (what is sent),
//! `encode` (the encodings it wears), `oracle` (what an application's reading shows).

pub mod apps;
pub mod cases;
pub mod encode;
pub mod mutate;
pub mod oracle;

use crate::gateway_support::{Server, DICT};
use apps::{App, Kind, Record};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// How a case reaches an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Straight to the application: the control run.
    Direct,
    /// Through the gateway with `review` held (the default).
    Hold,
    /// Through the gateway with `--review forward`.
    Forward,
}

/// The request a case sends, byte for byte.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: &'static str,
    pub target: String,
    /// Header lines as raw bytes (a test controls case, spacing and non-ASCII bytes).
    pub headers: Vec<Vec<u8>>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn new(method: &'static str, target: &str) -> Request {
        Request { method, target: target.to_string(), headers: Vec::new(), body: Vec::new() }
    }

    pub fn post(target: &str, content_type: &str, body: Vec<u8>) -> Request {
        Request::new("POST", target).header("Content-Type", content_type).body(body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push(format!("{name}: {value}").into_bytes());
        self
    }

    pub fn raw_header(mut self, line: &[u8]) -> Request {
        self.headers.push(line.to_vec());
        self
    }

    pub fn method(mut self, method: &'static str) -> Request {
        self.method = method;
        self
    }

    pub fn body(mut self, body: Vec<u8>) -> Request {
        self.body = body;
        self
    }

    /// The bytes on the wire, tagged with the case id so records can be told apart.
    pub fn bytes(&self, case: &str) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", self.method, self.target)
            .into_bytes();
        for h in &self.headers {
            out.extend_from_slice(h);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("X-Difftest-Case: {case}\r\n").as_bytes());
        let chunked = self.headers.iter().any(|h| h.to_ascii_lowercase().starts_with(b"transfer-encoding: chunked"));
        if chunked {
            // Chunks of 7 bytes: a mark never sits whole in one chunk.
            out.extend_from_slice(b"\r\n");
            for piece in self.body.chunks(7) {
                out.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                out.extend_from_slice(piece);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
            return out;
        }
        if !self.body.is_empty() || self.method != "GET" {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}

/// What a case must come to.
#[derive(Clone, Debug)]
pub enum Expect {
    /// The payload is protected (block, or review under the test dictionary).
    Protected,
    /// A clean request: forwarded, byte for byte; `files` are the uploads PHP must store intact.
    Clean { files: Vec<Vec<u8>> },
    /// A review-level payload: held by default, forwarded under `--review forward` (once,
    /// announced as `review`).
    Reviewed,
}

/// One differential case.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    /// What it probes, for the failure message.
    pub what: String,
    pub request: Request,
    pub expect: Expect,
}

impl Case {
    pub fn protected(id: &str, what: &str, request: Request) -> Case {
        Case { id: id.into(), what: what.into(), request, expect: Expect::Protected }
    }

    pub fn reviewed(id: &str, what: &str, request: Request) -> Case {
        Case { id: id.into(), what: what.into(), request, expect: Expect::Reviewed }
    }

    pub fn clean(id: &str, what: &str, request: Request, files: Vec<Vec<u8>>) -> Case {
        Case { id: id.into(), what: what.into(), request, expect: Expect::Clean { files } }
    }
}

/// Both applications and a gateway of each mode in front of each.
pub struct Stack {
    apps: Vec<App>,
    gateways: Vec<(usize, Mode, Server)>,
    /// How protected cases ended through a gateway: (refused, forwarded as review).
    pub tally: (usize, usize),
}

impl Stack {
    /// Starts everything, or returns `None` when the applications are not installed (not under
    /// CI: there it panics).
    pub fn start(test: &str) -> Option<Stack> {
        let (php, django) = apps::start_or_skip(test)?;
        let apps = vec![php, django];
        let mut gateways = Vec::new();
        for (i, app) in apps.iter().enumerate() {
            let url = app.url();
            gateways.push((i, Mode::Hold, Server::with(DICT, false, &["--upstream", &url])));
            gateways.push((i, Mode::Forward, Server::with(DICT, false, &["--upstream", &url, "--review", "forward"])));
        }
        Some(Stack { apps, gateways, tally: (0, 0) })
    }

    /// Sends `case` by every route in `modes` and returns what broke the rule (empty: the case
    /// holds).
    pub fn run(&mut self, case: &Case, modes: &[Mode]) -> Vec<String> {
        let raw = case.request.bytes(&case.id);
        let mut failures = Vec::new();
        let mut seen_directly = Vec::new();
        for app in 0..self.apps.len() {
            for &mode in modes {
                let addr = match mode {
                    Mode::Direct => self.apps[app].addr,
                    _ => {
                        let (_, _, gw) =
                            self.gateways.iter().find(|(a, m, _)| *a == app && *m == mode).expect("a gateway per mode");
                        gw.addr
                    }
                };
                let answer = send(addr, &raw);
                let records: Vec<Record> =
                    self.apps[app].take().into_iter().filter(|r| r.case.as_deref() == Some(case.id.as_str())).collect();
                let route = format!("{}/{:?}", self.apps[app].kind.name(), mode);
                let fail = |why: String| format!("[{}] {} via {route}: {why}", case.id, case.what);
                if let Ok((status, bytes)) = &answer {
                    // An application that answered must have recorded: a lost record would hide
                    // what it read.
                    let from_app = bytes.windows(8).any(|w| w == b"{\"app\":\"" || w == b"{\"app\": ");
                    if from_app && records.is_empty() {
                        failures.push(fail(format!("the application answered {status} but recorded nothing")));
                    }
                }
                if let (Ok((status, bytes)), true) = (&answer, mode != Mode::Direct) {
                    // The gateway's own answers (refusals, errors) never echo what they protect.
                    let from_app = bytes.windows(8).any(|w| w == b"{\"app\":\"" || w == b"{\"app\": ");
                    if let Some(r) = oracle::reveal(bytes).filter(|_| !from_app) {
                        failures.push(fail(format!(
                            "the gateway's {status} answer shows {} ({})",
                            mask(r.found),
                            r.reading
                        )));
                    }
                }
                match (&case.expect, mode) {
                    (Expect::Reviewed, Mode::Forward) => {
                        let verdicts: Vec<Option<&str>> = records.iter().map(|r| r.verdict.as_deref()).collect();
                        if verdicts != [Some("review")] || answer.as_ref().map(|a| a.0).ok() != Some(200) {
                            failures.push(fail(format!(
                                "not forwarded once as review: answer {:?}, the application saw verdicts {verdicts:?}",
                                answer.as_ref().map(|a| a.0)
                            )));
                        }
                    }
                    (Expect::Protected | Expect::Reviewed, Mode::Direct) => {
                        if let Some(r) = records.iter().find_map(reveal) {
                            seen_directly.push(r);
                        }
                    }
                    (Expect::Protected | Expect::Reviewed, _) => {
                        if records.is_empty() {
                            self.tally.0 += 1;
                        } else if records.iter().all(|r| r.verdict.as_deref() == Some("review")) {
                            self.tally.1 += 1;
                        }
                        for (record, reveal) in records.iter().filter_map(|r| reveal(r).map(|v| (r, v))) {
                            let told = mode == Mode::Forward && record.verdict.as_deref() == Some("review");
                            if !told {
                                failures.push(fail(format!(
                                    "the application read {} ({}) with X-Mijian-Verdict {:?}",
                                    mask(reveal.0),
                                    reveal.1,
                                    record.verdict
                                )));
                            }
                        }
                    }
                    (Expect::Clean { .. }, Mode::Direct) => {}
                    (Expect::Clean { files }, _) => {
                        if let Err(why) = check_clean(&case.request, files, self.apps[app].kind, &answer, &records) {
                            failures.push(fail(why));
                        }
                    }
                }
            }
        }
        if !matches!(case.expect, Expect::Clean { .. }) && modes.contains(&Mode::Direct) && seen_directly.is_empty() {
            failures.push(format!(
                "[{}] {}: vacuous case, neither application read the payload when sent directly",
                case.id, case.what
            ));
        }
        failures
    }

    /// What the gateways' audit logs show that they must not (they carry rule ids, locations and
    /// hashes, never protected text, file names included).
    pub fn audit_leaks(&self) -> Vec<String> {
        let mut leaks = Vec::new();
        for (app, mode, gw) in &self.gateways {
            let log = std::fs::read(gw.path("audit.jsonl")).unwrap_or_default();
            for (n, line) in log.split(|b| *b == b'\n').enumerate() {
                if oracle::reveal(line).is_none() {
                    continue;
                }
                let record: serde_json::Value = serde_json::from_slice(line).unwrap_or_default();
                let mut fields = Vec::new();
                leaking_fields(&record, String::new(), &mut fields);
                leaks.push(format!(
                    "the audit log of the {}/{mode:?} gateway shows protected text on line {} at {fields:?} ({} {})",
                    self.apps[*app].kind.name(),
                    n + 1,
                    record["method"].as_str().unwrap_or("?"),
                    record["path"].as_str().unwrap_or("?"),
                ));
            }
        }
        leaks
    }

    /// Panics the gateways reported on stderr (a hostile body must get an answer, not a crash).
    pub fn gateway_panics(&self) -> Vec<String> {
        self.gateways
            .iter()
            .filter(|(_, _, gw)| gw.stderr().contains("panicked"))
            .map(|(app, mode, gw)| {
                format!("the {}/{mode:?} gateway panicked:\n{}", self.apps[*app].kind.name(), gw.stderr())
            })
            .collect()
    }

    /// Crashes the applications logged (a crash after a forward would hide what they read).
    pub fn app_crashes(&self) -> Vec<String> {
        self.apps
            .iter()
            .filter_map(|a| {
                let log = a.log();
                let crashed = ["Fatal error", "Traceback", "[ERROR]"].iter().any(|m| log.contains(m));
                crashed.then(|| format!("{} crashed:\n{log}", a.kind.name()))
            })
            .collect()
    }

    /// The applications' logs, for a failure message.
    pub fn logs(&self) -> String {
        self.apps.iter().map(|a| format!("--- {} ---\n{}", a.kind.name(), a.log())).collect()
    }
}

/// The JSON pointers of the strings in `value` that show protected text.
fn leaking_fields(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if oracle::reveal(s.as_bytes()).is_some() => out.push(at),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| leaking_fields(v, format!("{at}/{i}"), out));
        }
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| leaking_fields(v, format!("{at}/{k}"), out)),
        _ => {}
    }
}

/// (what was found, which value and reading showed it).
fn reveal(record: &Record) -> Option<(&'static str, String)> {
    record.values.iter().find_map(|(where_, bytes)| {
        oracle::reveal(bytes).map(|r| (r.found, format!("{} {where_} {}", record.app, r.reading)))
    })
}

/// Failure messages name what was found by its first character only, as the gateway's own
/// answers mask it.
fn mask(found: &str) -> String {
    found.chars().enumerate().map(|(i, c)| if i == 0 { c } else { '*' }).collect()
}

/// A clean case came through: one record, told `pass` with the gateway's request id, the body
/// (Django) and the uploaded files (PHP) intact.
fn check_clean(
    request: &Request,
    files: &[Vec<u8>],
    kind: Kind,
    answer: &Result<(u16, Vec<u8>), String>,
    records: &[Record],
) -> Result<(), String> {
    match answer {
        Ok((200, _)) => {}
        Ok((status, body)) => {
            let body = String::from_utf8_lossy(body);
            return Err(format!(
                "a clean request got {status}, not the application's 200: {}",
                &body[..body.len().min(600)]
            ));
        }
        Err(e) => return Err(format!("a clean request failed: {e}")),
    }
    let [record] = records else {
        return Err(format!("the application recorded {} requests, not 1", records.len()));
    };
    if record.verdict.as_deref() != Some("pass") {
        return Err(format!("X-Mijian-Verdict is {:?}, not \"pass\"", record.verdict));
    }
    match record.request_id.as_deref() {
        None => return Err("no X-Mijian-Request-Id".into()),
        Some(id) if id.contains("forged") => {
            return Err(format!("the client's X-Mijian-Request-Id {id:?} came through"))
        }
        Some(_) => {}
    }
    if record.rules_version.as_deref().is_none_or(|v| v.contains("forged")) {
        return Err(format!("X-Mijian-Rules-Version is {:?}", record.rules_version));
    }
    match kind {
        Kind::Django => {
            // Byte for byte, whether or not Django then parses it (Django 5.2 itself refuses a
            // form that is not UTF-8).
            if record.value("body") != Some(request.body.as_slice()) {
                return Err(format!(
                    "the body Django received differs from the one sent (Django: {:?})",
                    record.errors
                ));
            }
        }
        Kind::Php => {
            let stored: Vec<&[u8]> = record
                .values
                .iter()
                .filter(|(w, _)| w.ends_with(".tmp_name.content"))
                .map(|(_, b)| b.as_slice())
                .collect();
            for f in files {
                if !stored.contains(&f.as_slice()) {
                    return Err(format!("PHP did not store an uploaded file of {} bytes intact", f.len()));
                }
            }
            // PHP keeps php://input empty for multipart: there the files are the check.
            let multipart =
                request.headers.iter().any(|h| h.to_ascii_lowercase().starts_with(b"content-type: multipart/"));
            if !multipart && record.value("input") != Some(request.body.as_slice()) {
                return Err("the body PHP read differs from the one sent".into());
            }
        }
    }
    Ok(())
}

/// Sends the raw request and returns the status and the whole answer (reading until the server
/// closes).
fn send(addr: SocketAddr, raw: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let timeout = Duration::from_secs(60);
    let mut s = TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(timeout)).unwrap();
    s.set_write_timeout(Some(timeout)).unwrap();
    // A server may answer and close before reading everything: write errors are not failures.
    let _ = s.write_all(raw);
    let mut answer = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            Err(e) if answer.is_empty() => return Err(format!("no answer: {e}")),
            Err(_) => break,
        }
    }
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    let status =
        head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("not an HTTP answer: {head:?}"))?;
    Ok((status, answer))
}
