//! Helpers for the gateway's end-to-end tests: start the real `mijian serve`, talk HTTP/1.1 to it
//! over plain sockets on 127.0.0.1 (so a test controls every byte), and a recording upstream.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: CI runs on 2 loaded cores.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// A running `mijian serve`.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    stderr: PathBuf,
}

impl Server {
    /// Starts `mijian serve --listen 127.0.0.1:0 ARGS` and waits for its ready line (`mijian: listening on ADDR`).
    pub fn start(args: &[&str]) -> Server {
        Self::try_start(args).unwrap_or_else(|e| panic!("the server did not start: {e}"))
    }

    /// Like `start`, but returns the stderr if the server exits instead.
    pub fn try_start(args: &[&str]) -> Result<Server, String> {
        let dir = tempfile::tempdir().unwrap();
        Self::start_in(dir, args)
    }

    /// Starts in a given directory (where the test put dictionaries and token files).
    pub fn start_in(dir: tempfile::TempDir, args: &[&str]) -> Result<Server, String> {
        let stderr = dir.path().join("server.stderr");
        let mut full = vec!["serve", "--listen", "127.0.0.1:0"];
        full.extend_from_slice(args);
        let mut child = Command::new(env!("CARGO_BIN_EXE_mijian"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "en_US.UTF-8")
            .args(&full)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("run mijian serve");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        // Keep draining stdout (audit to `-` writes there) so the server never blocks on it.
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut out, &mut std::io::sink());
        });
        // The ready line is in the run's language; the address is its last word in both.
        match line.trim().rsplit_once(' ').filter(|_| line.starts_with("mijian")) {
            Some((_, addr)) => Ok(Server { addr: addr.parse().expect("an address"), child, dir, stderr }),
            None => {
                let _ = child.wait();
                Err(std::fs::read_to_string(&stderr).unwrap_or_default())
            }
        }
    }

    /// Starts with `dict` as `codes.txt`, the test tokens (`tokens.tsv`) if `tokens`, the audit
    /// log `audit.jsonl`, and `extra` arguments.
    pub fn with(dict: &str, tokens: bool, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("codes.txt"), dict).unwrap();
        let mut args = vec!["--dict", "codes.txt", "--audit", "audit.jsonl"];
        if tokens {
            write_tokens(dir.path());
            args.extend(["--tokens", "tokens.tsv"]);
        }
        args.extend_from_slice(extra);
        Self::start_in(dir, &args).unwrap_or_else(|e| panic!("the server did not start: {e}"))
    }

    /// What the server wrote on stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// A path in the server's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Sends a signal (`HUP`, `TERM`) with kill(1).
    pub fn signal(&self, sig: &str) {
        let ok =
            Command::new("kill").arg(format!("-{sig}")).arg(self.child.id().to_string()).status().unwrap().success();
        assert!(ok, "kill -{sig} failed");
    }

    /// Waits for the process to exit and returns its status code.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let until = Instant::now() + TIMEOUT;
        while Instant::now() < until {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the server did not exit within {TIMEOUT:?}; stderr:\n{}", self.stderr());
    }

    /// The audit log (JSON Lines) at `name` in the server's folder.
    pub fn audit(&self, name: &str) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.path(name))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad audit line {l:?}: {e}")))
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of header `name` (case-insensitive).
pub fn header_in<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Connects to the server with generous timeouts.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect");
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    s.set_write_timeout(Some(TIMEOUT)).unwrap();
    s
}

/// Sends raw bytes on a fresh connection and reads the response (the request should say
/// `Connection: close`).
pub fn exchange(addr: SocketAddr, raw: &[u8]) -> Response {
    let mut s = connect(addr);
    // The server may answer (413) and close before reading everything: ignore write errors.
    let _ = s.write_all(raw);
    read_response(&mut s)
}

/// Reads one response until the connection closes (or the declared length is read).
pub fn read_response(s: &mut TcpStream) -> Response {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 65536];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        match s.read(&mut chunk) {
            Ok(0) => panic!("connection closed before a response head; got {:?}", String::from_utf8_lossy(&buf)),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) => panic!("reading the response: {e}; got {:?}", String::from_utf8_lossy(&buf)),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let mut body = buf[head_end + 4..].to_vec();
    let get = |n: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.clone());
    if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while body.len() < len {
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
        body.truncate(len);
    } else {
        loop {
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
        if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            body = dechunk(&body);
        }
    }
    Response { status, headers, body }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = find(b, b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..i]).split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[i + 2 + size + 2..];
    }
    out
}

/// A request with a body and `Connection: close`.
pub fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut r = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("\r\n");
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// POSTs `body` to `target` and reads the answer.
pub fn post(addr: SocketAddr, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    exchange(addr, &request("POST", target, headers, body))
}

/// GETs `target`.
pub fn get(addr: SocketAddr, target: &str, headers: &[(&str, &str)]) -> Response {
    exchange(addr, &request("GET", target, headers, b""))
}

/// A multipart/form-data body: (field name, file name or none, bytes). Returns the content type
/// and the body.
pub fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----mijianTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Writes a token file into `dir`: cms (client), staff (staff), ops (admin).
pub fn write_tokens(dir: &Path) -> PathBuf {
    let p = dir.join("tokens.tsv");
    std::fs::write(
        &p,
        format!("# name\ttoken\trole\ncms\t{CMS}\tclient\nwang.wu\t{STAFF}\tstaff\nops\t{ADMIN}\tadmin\n"),
    )
    .unwrap();
    p
}

pub const CMS: &str = "cms-token-0123456789abcdef";
pub const STAFF: &str = "staff-token-0123456789abcd";
pub const ADMIN: &str = "admin-token-0123456789abcd";

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A dictionary of protected terms used by the tests.
pub const DICT: &str = "紫电计划\t机密\t项目代号\n青龙工程\t工作秘密\n";

/// A text file with a classification mark.
pub const MARKED: &str = "000123\n机密★1年\n关于紫电计划的通知\n";

/// A public text.
pub const CLEAN: &str = "加强保密工作，增强保密意识。为进一步加强政务公开工作，现将有关事项通知如下。\n";

/// What the upstream test server received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }
}

/// A tiny CMS on 127.0.0.1 that records every request it receives and answers 201.
pub struct Upstream {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Received>>>,
}

impl Upstream {
    pub fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = log.clone();
                std::thread::spawn(move || serve_upstream(stream, log));
            }
        });
        Upstream { addr, seen }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve_upstream(mut s: TcpStream, log: Arc<Mutex<Vec<Received>>>) {
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        // One request per loop: keep-alive from the gateway's pooled client.
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i;
            }
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let first: Vec<String> = lines.next().unwrap().split(' ').map(String::from).collect();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        buf.drain(..head_end + 4);
        while buf.len() < len {
            match s.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body: Vec<u8> = buf.drain(..len).collect();
        log.lock().unwrap().push(Received { method: first[0].clone(), target: first[1].clone(), headers, body });
        let answer = b"{\"stored\":true}";
        let _ = s.write_all(
            format!(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Cms: yes\r\nContent-Length: {}\r\n\r\n",
                answer.len()
            )
            .as_bytes(),
        );
        let _ = s.write_all(answer);
    }
}
