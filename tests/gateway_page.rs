//! The staff page in a real browser: headless Chromium driven by ChromeDriver (W3C WebDriver over
//! HTTP on 127.0.0.1) picks a marked DOCX, and the page must show `block` and the finding with
//! its location and the matched text highlighted in context.
//!
//! Needs Debian's `chromium` and `chromium-driver` (.ci/run installs them). Without them the test
//! is skipped with a loud message on a developer's machine, and FAILS under CI (`CI` set), where
//! their absence is a broken setup rather than a reason to skip.

mod common;
mod gateway_support;
use gateway_support::*;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    addr: SocketAddr,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = exchange(self.addr, &request("DELETE", &format!("/session/{}", self.session), &[], b""));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(profile: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(CHROMEDRIVER)
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let mut d = Driver { child, addr, session: String::new() };
        let until = Instant::now() + TIMEOUT;
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < until, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--no-proxy-server",
            "--window-size=1280,1000",
        ];
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}});
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let r = exchange(self.addr, &request(method, path, &[("Content-Type", "application/json")], &bytes));
        let v: Value = serde_json::from_slice(&r.body)
            .unwrap_or_else(|e| panic!("webdriver said {} ({e}): {}", r.status, r.text()));
        assert_eq!(r.status, 200, "webdriver {method} {path}: {v}");
        v["value"].clone()
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn script(&self, js: &str) -> Value {
        self.session("POST", "/execute/sync", Some(json!({"script": js, "args": []})))
    }

    /// Picks a file in the page's file input, as a person would.
    fn pick(&self, file: &Path) {
        let el = self.session("POST", "/element", Some(json!({"using": "css selector", "value": "#file"})));
        let id = el[ELEMENT].as_str().unwrap().to_string();
        self.session("POST", &format!("/element/{id}/value"), Some(json!({"text": file.display().to_string()})));
    }

    /// Waits until the page shows an overall verdict (a new one, after `previous_request`).
    fn wait_verdict(&self, previous_request: &str) -> Value {
        let until = Instant::now() + TIMEOUT;
        loop {
            let v = self.script(
                "const o = document.getElementById('overall'); const meta = document.getElementById('meta').textContent;
                 const rows = [...document.querySelectorAll('tr.finding')].map(tr => ({
                   level: tr.querySelector('td.level').textContent, location: tr.querySelector('td.location').textContent,
                   context: tr.querySelector('td.context').textContent, mark: tr.querySelector('td.context mark').textContent,
                   rule: tr.querySelector('td.rule').textContent }));
                 return {hidden: document.getElementById('result').hidden, verdict: o.textContent, meta,
                         status: document.getElementById('status').textContent, rows,
                         name: (document.querySelector('#files .file .name') || {}).textContent};",
            );
            if v["hidden"] == false && !v["meta"].as_str().unwrap_or("").contains(previous_request) {
                return v;
            }
            assert!(Instant::now() < until, "the page showed no verdict: {v}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        let banner = "!".repeat(78);
        eprintln!("{banner}\n!! SKIPPED gateway_page: {CHROMIUM} or {CHROMEDRIVER} is absent.\n!! Install them: apt-get install -y chromium chromium-driver (.ci/run does).\n{banner}");
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium and chromium-driver must be installed in CI (.ci/run installs them)"
        );
    }
    present
}

#[test]
fn staff_page_shows_block_and_the_finding() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("codes.txt"), DICT).unwrap();
    let files = tempfile::tempdir().unwrap();
    let body = format!("{}{}", common::para(&["000123"]), common::para(&["机", "密★", "1年"]))
        + &common::para(&["关于紫电计划的通知"]);
    let marked = files.path().join("通知.docx");
    std::fs::write(&marked, common::docx(&body, &[])).unwrap();
    let clean = files.path().join("regulation.txt");
    std::fs::write(&clean, CLEAN).unwrap();
    let s = Server::start_in(dir, &["--dict", "codes.txt", "--audit", "audit.jsonl"]).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let d = Driver::start(profile.path());
    d.session("POST", "/url", Some(json!({"url": format!("http://{}/", s.addr)})));
    let title = d.session("GET", "/title", None);
    assert!(title.as_str().unwrap().contains("mijian"), "{title}");

    d.pick(&marked);
    let v = d.wait_verdict("\u{0}");
    assert_eq!(v["verdict"], "block", "{v}");
    assert_eq!(v["name"], "通知.docx", "{v}");
    let rows = v["rows"].as_array().unwrap();
    let mark = rows.iter().find(|r| r["mark"] == "机密★1年").unwrap_or_else(|| panic!("no marking row: {v}"));
    assert!(mark["level"].as_str().unwrap().starts_with("block"), "{v}");
    assert!(
        mark["location"].as_str().unwrap().contains("word/document.xml")
            && mark["location"].as_str().unwrap().contains("¶2"),
        "{v}"
    );
    assert!(mark["rule"].as_str().unwrap().contains("marking.state-secret"), "{v}");
    let term = rows.iter().find(|r| r["mark"] == "紫电计划").unwrap_or_else(|| panic!("no term row: {v}"));
    assert_eq!(term["context"], "关于紫电计划的通知", "the context around the highlighted match: {v}");
    let shot = d.session("GET", "/screenshot", None);
    let png = base64_decode(shot.as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"));
    let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join("gateway-page.png"), png);

    // A public file next: the page replaces the result with `pass`.
    let previous = v["meta"].as_str().unwrap().split(" · ").next().unwrap().to_string();
    d.pick(&clean);
    let v = d.wait_verdict(&previous);
    assert_eq!(v["verdict"], "pass", "{v}");
    assert!(v["rows"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(s.audit("audit.jsonl").len(), 2);
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
