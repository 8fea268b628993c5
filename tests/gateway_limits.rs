//! End-to-end tests of the gateway's defences: authentication, limits, slow clients, malformed
//! bodies, the queue, and failing closed when the audit log cannot be written.

mod gateway_support;
use gateway_support::*;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn with_tokens(extra: &[&str]) -> Server {
    Server::with("", true, extra)
}

/// Runs `mijian ARGS` expecting it to exit by itself (a server that starts anyway is killed and
/// the test fails); returns (status, stderr).
fn must_refuse(args: &[&str], dir: &std::path::Path) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mijian"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let until = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if Instant::now() > until {
            let _ = child.kill();
            panic!("mijian {args:?} started instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until the server counts `n` requests in flight (this metrics request included): a
/// request counted has passed admission and reserved its memory.
fn wait_in_flight(s: &Server, n: usize) {
    let auth = bearer(CMS);
    let until = Instant::now() + TIMEOUT;
    loop {
        let m = get(s.addr, "/metrics", &[("Authorization", &auth)]).text();
        if m.contains(&format!("mijian_in_flight_requests {n}")) {
            return;
        }
        assert!(Instant::now() < until, "never {n} requests in flight:\n{m}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn auth_failures() {
    let s = with_tokens(&[]);
    let none = post(s.addr, "/v1/scan?name=a.txt", &[], CLEAN.as_bytes());
    assert_eq!(none.status, 401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer realm=\"mijian\""));
    assert_eq!(none.json()["error"]["code"], "unauthorized");
    let wrong = post(
        s.addr,
        "/v1/scan?name=a.txt",
        &[("Authorization", "Bearer cms-token-0123456789abcdeX")],
        CLEAN.as_bytes(),
    );
    assert_eq!(wrong.status, 401);
    let basic = post(s.addr, "/v1/scan?name=a.txt", &[("Authorization", &format!("Basic {CMS}"))], CLEAN.as_bytes());
    assert_eq!(basic.status, 401);
    let ok = post(s.addr, "/v1/scan?name=a.txt", &[("Authorization", &bearer(CMS))], CLEAN.as_bytes());
    assert_eq!(ok.status, 200);
    let reload = post(s.addr, "/v1/admin/reload", &[("Authorization", &bearer(CMS))], b"");
    assert_eq!(reload.status, 403, "{}", reload.text());
    assert_eq!(reload.json()["error"]["code"], "forbidden");
    assert_eq!(get(s.addr, "/metrics", &[]).status, 401);
    assert_eq!(get(s.addr, "/metrics", &[("Authorization", &bearer(CMS))]).status, 200);
    assert_eq!(get(s.addr, "/healthz", &[]).status, 200);
    assert_eq!(get(s.addr, "/", &[]).status, 200, "the page itself holds no data");
    let m = get(s.addr, "/metrics", &[("Authorization", &bearer(ADMIN))]).text();
    assert!(m.contains("mijian_rejected_total{reason=\"unauthorized\"} 4"), "{m}");
    assert!(m.contains("mijian_rejected_total{reason=\"forbidden\"} 1"), "{m}");
    // Only the decided request is in the audit log.
    assert_eq!(s.audit("audit.jsonl").len(), 1);
}

#[test]
fn a_bad_token_file_or_an_open_non_loopback_address_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.tsv"), "cms\tshort\tclient\nops\tadmin-token-0123456789abcd\troot\n").unwrap();
    let (status, err) = must_refuse(&["serve", "--listen", "127.0.0.1:0", "--tokens", "bad.tsv"], dir.path());
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("line 1:") && err.contains("line 2:") && err.contains("unknown role \"root\""), "{err}");
    let (status, err) = must_refuse(&["serve", "--listen", "0.0.0.0:0"], dir.path());
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("refusing to listen on 0.0.0.0:0 without --tokens"), "{err}");
    std::fs::write(dir.path().join("d.txt"), "好词\t机要\n").unwrap();
    let (status, err) = must_refuse(&["serve", "--listen", "127.0.0.1:0", "--dict", "d.txt"], dir.path());
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("d.txt") && err.contains("机要"), "{err}");
}

#[test]
fn oversized_bodies_get_413_before_being_read() {
    let s = with_tokens(&["--max-body", "64k", "--max-buffered", "1M"]);
    let auth = bearer(CMS);
    // Declared too large: refused on the head alone (the body is never sent).
    let head = format!(
        "POST /v1/scan?name=big.txt HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nContent-Length: {}\r\n\r\n",
        10 << 20
    );
    let r = exchange(s.addr, head.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "body_too_large");
    // Chunked, growing past the limit.
    let mut raw = format!("POST /v1/scan?name=big.txt HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").into_bytes();
    let chunk = vec![b'a'; 16 << 10];
    for _ in 0..8 {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(&chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let r = exchange(s.addr, &raw);
    assert_eq!(r.status, 413, "{}", r.text());
    // A body just under the limit is fine.
    let ok = post(s.addr, "/v1/scan?name=ok.txt", &[("Authorization", &auth)], &vec![b'a'; 60 << 10]);
    assert_eq!(ok.status, 200, "{}", ok.text());
    // Both refusals are audited as failed uploads; the good one as a decision.
    let audit = s.audit("audit.jsonl");
    let failed: Vec<_> = audit.iter().filter(|r| r["action"] == "failed").collect();
    assert_eq!(failed.len(), 2, "{audit:?}");
    assert!(failed.iter().all(|r| r["status"] == 413 && r["verdict"] == "error" && r["token"] == "cms"));
}

#[test]
fn too_large_headers_get_431() {
    let s = with_tokens(&["--max-header", "8k"]);
    let big = "x".repeat(32 << 10);
    let r = exchange(
        s.addr,
        format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(r.status, 431);
}

/// A client that sends its headers and then trickles the body is cut off with 408 when the body
/// time runs out, and the refusal is audited.
#[test]
fn slow_loris_body_is_cut_off() {
    let s = with_tokens(&["--body-timeout", "2s", "--body-idle-timeout", "30s"]);
    let mut conn = connect(s.addr);
    let head = format!(
        "POST /v1/scan?name=slow.txt HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nContent-Length: 100000\r\n\r\n",
        bearer(CMS)
    );
    conn.write_all(head.as_bytes()).unwrap();
    let mut writer = conn.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        // One byte every 200 ms: well within the idle limit, far too slow for the total limit.
        // Bounded: 300 bytes at most, then stop.
        for _ in 0..300 {
            if writer.write_all(b"a").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let r = read_response(&mut conn);
    assert_eq!(r.status, 408, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "body_timeout");
    assert_eq!(r.header("connection"), Some("close"));
    drop(conn);
    trickle.join().unwrap();
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0]["action"].as_str(), audit[0]["status"].as_u64()), (Some("failed"), Some(408)));
}

/// A client that never finishes its headers is disconnected after the header time.
#[test]
fn slow_loris_headers_are_cut_off() {
    let s = with_tokens(&["--header-timeout", "1s"]);
    let mut conn = connect(s.addr);
    conn.write_all(b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
    let mut buf = [0u8; 1024];
    // The server closes the connection (possibly after a 408): reading ends, it does not hang.
    let mut got = Vec::new();
    loop {
        match std::io::Read::read(&mut conn, &mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {
                panic!("the server kept a connection with unfinished headers for {TIMEOUT:?}")
            }
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&got);
    assert!(text.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
}

#[test]
fn malformed_multipart_is_refused_and_audited() {
    let s = with_tokens(&["--max-parts", "2"]);
    let auth = bearer(CMS);
    let broken = b"--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nno closing boundary";
    let r = post(
        s.addr,
        "/v1/scan",
        &[("Authorization", &auth), ("Content-Type", "multipart/form-data; boundary=B")],
        broken,
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "malformed_multipart");
    let r =
        post(s.addr, "/v1/scan", &[("Authorization", &auth), ("Content-Type", "multipart/form-data")], b"--B--\r\n");
    assert_eq!(r.status, 400, "no boundary: {}", r.text());
    let empty = post(
        s.addr,
        "/v1/scan",
        &[("Authorization", &auth), ("Content-Type", "multipart/form-data; boundary=B")],
        b"--B--\r\n",
    );
    assert_eq!(empty.status, 400, "no part: {}", empty.text());
    let (ct, body) = multipart(&[("a", Some("1.txt"), b"1"), ("b", Some("2.txt"), b"2"), ("c", Some("3.txt"), b"3")]);
    let r = post(s.addr, "/v1/scan", &[("Authorization", &auth), ("Content-Type", &ct)], &body);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "too_many_parts");
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 4);
    assert!(audit.iter().all(|r| r["action"] == "failed" && r["verdict"] == "error"), "{audit:?}");
}

/// With the queue full, an upload gets 503 and Retry-After at once instead of waiting; so does
/// one that does not fit the memory budget. The admitted upload still completes.
#[test]
fn a_full_queue_or_budget_answers_503_with_retry_after() {
    let s = with_tokens(&["--queue", "1", "--max-body", "600k", "--max-buffered", "1M"]);
    let auth = bearer(CMS);
    let mut first = connect(s.addr);
    let body = CLEAN.repeat(10);
    let head = format!(
        "POST /v1/scan?name=first.txt HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    first.write_all(head.as_bytes()).unwrap();
    first.write_all(&body.as_bytes()[..10]).unwrap();
    // The first request holds the only place until its body is complete.
    wait_in_flight(&s, 2);
    let busy = post(s.addr, "/v1/scan?name=second.txt", &[("Authorization", &auth)], CLEAN.as_bytes());
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert_eq!(busy.json()["error"]["code"], "queue_full");
    assert!(busy.header("retry-after").unwrap().parse::<u64>().unwrap() >= 1);
    first.write_all(&body.as_bytes()[10..]).unwrap();
    let r = read_response(&mut first);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["verdict"], "pass");
    // The place is free again.
    let again = post(s.addr, "/v1/scan?name=third.txt", &[("Authorization", &auth)], CLEAN.as_bytes());
    assert_eq!(again.status, 200, "{}", again.text());

    // Memory: two bodies of 600 KB cannot be held within 1 MB at once.
    let s = with_tokens(&["--max-body", "600k", "--max-buffered", "1M"]);
    let mut first = connect(s.addr);
    let head = format!(
        "POST /v1/scan?name=a.txt HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        600 << 10
    );
    first.write_all(head.as_bytes()).unwrap();
    first.write_all(b"abc").unwrap();
    wait_in_flight(&s, 2);
    // Only the head is sent: the answer comes from the declared length alone.
    let head = format!(
        "POST /v1/scan?name=b.txt HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\
         Content-Length: {}\r\n\r\n",
        600 << 10
    );
    let busy = exchange(s.addr, head.as_bytes());
    assert_eq!(busy.status, 503, "{}", busy.text());
    first.write_all(&vec![b'a'; (600 << 10) - 3]).unwrap();
    assert_eq!(read_response(&mut first).status, 200);
}

/// If the audit record cannot be written, the decision is not answered: 500, never a verdict.
#[test]
fn an_unwritable_audit_log_fails_closed() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("SKIPPED an_unwritable_audit_log_fails_closed: /dev/full is absent on this machine");
        return;
    }
    let s = Server::start(&["--audit", "/dev/full"]);
    let r = post(s.addr, "/v1/scan?name=a.txt", &[], CLEAN.as_bytes());
    assert_eq!(r.status, 500, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "audit_failed");
    assert!(!r.text().contains("\"verdict\""), "{}", r.text());
    let m = get(s.addr, "/metrics", &[]).text();
    assert!(m.contains("mijian_audit_errors_total 1"), "{m}");
}

/// `mijian serve` takes the readers' work limits as `mijian scan` does, the budget of what a
/// file's segments hold included: an upload over one is `error` with that limit, and the same
/// upload passes the default limits.
#[test]
fn the_readers_work_limits_are_serve_options() {
    let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf/lo_header_mark.pdf")).unwrap();
    let tight = Server::start(&["--max-page-glyphs", "5"]);
    let r = post(tight.addr, "/v1/scan?name=a.pdf", &[], &pdf);
    let answer = r.json();
    assert_eq!(answer["verdict"], "error", "{answer}");
    assert!(answer.to_string().contains("glyphs one PDF page shows over the limit of 5"), "{answer}");
    let usual = Server::start(&[]);
    let r = post(usual.addr, "/v1/scan?name=a.pdf", &[], &pdf);
    assert_eq!(r.json()["verdict"], "block", "{}", r.text());
    // The same per-file budget of what segments hold: 5,000 one-character JSON strings are
    // ~1 MB of segments, over 256 KiB; the default budget reads them (the mark after them blocks).
    let tiny = format!("[{}\"000123\",\"机密★1年\"]", "\"x\",".repeat(5000));
    let tight = Server::start(&["--max-segment-bytes", "256k"]);
    let answer = post(tight.addr, "/v1/scan?name=tiny.json", &[], tiny.as_bytes()).json();
    assert_eq!(answer["verdict"], "error", "{answer}");
    assert!(answer.to_string().contains("bytes held by the text segments"), "{answer}");
    assert!(answer.to_string().contains("over the limit of 262144 "), "{answer}");
    let r = post(usual.addr, "/v1/scan?name=tiny.json", &[], tiny.as_bytes());
    assert_eq!(r.json()["verdict"], "block", "{}", r.text());
}
