//! End-to-end tests of the gateway's life: reloading the rules under load (HTTP and SIGHUP)
//! without a failed request, a failed reload that keeps the rules, and a graceful SIGTERM.

mod gateway_support;
use gateway_support::*;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn term_verdict(addr: std::net::SocketAddr, term: &str) -> String {
    let r = post(
        addr,
        "/v1/scan?name=t.txt",
        &[("Authorization", &bearer(CMS))],
        format!("本文涉及{term}的安排。\n").as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["verdict"].as_str().unwrap().to_string()
}

fn version(addr: std::net::SocketAddr) -> String {
    get(addr, "/healthz", &[]).json()["rules_version"].as_str().unwrap().to_string()
}

/// Clients scan without pause while the dictionary is replaced and reloaded (over HTTP, then by
/// SIGHUP); every request gets a 200 with a verdict, the new rules are in force afterwards, and a
/// reload of a broken dictionary is refused with the line, keeping the rules in force.
#[test]
fn reload_under_load_fails_no_request() {
    let s = Server::with("紫电计划\t机密\n", true, &[]);
    let addr = s.addr;
    assert_eq!(term_verdict(addr, "紫电计划"), "block");
    assert_eq!(term_verdict(addr, "白虎项目"), "pass");
    let v1 = version(addr);

    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for i in 0..4 {
        let stop = stop.clone();
        clients.push(std::thread::spawn(move || {
            let mut answered = 0usize;
            let until = Instant::now() + TIMEOUT;
            while !stop.load(Ordering::Relaxed) && Instant::now() < until {
                let body = if i % 2 == 0 { MARKED } else { CLEAN };
                let r = post(addr, "/v1/scan?name=load.txt", &[("Authorization", &bearer(CMS))], body.as_bytes());
                assert_eq!(r.status, 200, "a request failed during the reload: {}", r.text());
                let v = r.json()["verdict"].as_str().unwrap().to_string();
                let want = if i % 2 == 0 { "block" } else { "pass" };
                assert_eq!(v, want);
                answered += 1;
            }
            answered
        }));
    }
    let admin = bearer(ADMIN);
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(s.path("codes.txt"), "紫电计划\t机密\n白虎项目\t秘密\n").unwrap();
    let r = post(addr, "/v1/admin/reload", &[("Authorization", &admin)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["previous"], v1.as_str());
    let v2 = j["version"].as_str().unwrap().to_string();
    assert_ne!(v1, v2);
    assert_eq!(term_verdict(addr, "白虎项目"), "block");

    // A broken dictionary: refused with the file and line, the rules in force stay.
    std::fs::write(s.path("codes.txt"), "紫电计划\t机密\n白虎项目\t秘密\n玄武\t机要\n").unwrap();
    let bad = post(addr, "/v1/admin/reload", &[("Authorization", &admin)], b"");
    assert_eq!(bad.status, 422, "{}", bad.text());
    let msg = bad.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(msg.contains("codes.txt") && msg.contains('3') && msg.contains("机要"), "{msg}");
    assert_eq!(version(addr), v2);
    assert_eq!(term_verdict(addr, "白虎项目"), "block");

    // SIGHUP, still under load.
    std::fs::write(s.path("codes.txt"), "紫电计划\t机密\n朱雀行动\t机密\n").unwrap();
    s.signal("HUP");
    let until = Instant::now() + TIMEOUT;
    while version(addr) == v2 {
        assert!(Instant::now() < until, "SIGHUP did not reload; stderr:\n{}", s.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(term_verdict(addr, "朱雀行动"), "block");
    assert_eq!(term_verdict(addr, "白虎项目"), "pass");

    stop.store(true, Ordering::Relaxed);
    let answered: usize = clients.into_iter().map(|c| c.join().expect("a client saw a failure")).sum();
    assert!(answered > 0);
    let m = get(addr, "/metrics", &[("Authorization", &admin)]).text();
    assert!(
        m.contains("mijian_reloads_total{result=\"ok\"} 2") && m.contains("mijian_reloads_total{result=\"failed\"} 1"),
        "{m}"
    );
    assert!(m.contains("mijian_requests_total{verdict=\"error\"} 0"), "{m}");
    assert!(s.stderr().contains("SIGHUP: reloaded"), "{}", s.stderr());
}

/// SIGTERM: the listener closes, the request in flight completes and is audited, the process
/// exits 0.
#[test]
fn sigterm_finishes_requests_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start_in(dir, &["--audit", "audit.jsonl"]).unwrap();
    let mut conn = connect(s.addr);
    let body = MARKED.as_bytes();
    conn.write_all(
        format!(
            "POST /v1/scan?name=late.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    conn.write_all(&body[..5]).unwrap();
    // Make sure the request is in flight (the metrics count it) before the signal.
    let until = Instant::now() + TIMEOUT;
    loop {
        let m = get(s.addr, "/metrics", &[]).text();
        if m.contains("mijian_in_flight_requests 2") {
            break;
        }
        assert!(Instant::now() < until, "the request never got in flight:\n{m}");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.signal("TERM");
    let until = Instant::now() + TIMEOUT;
    while !s.stderr().contains("stopping") {
        assert!(Instant::now() < until, "no shutdown message: {}", s.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    // New connections are refused once the listener is closed.
    let refused = std::net::TcpStream::connect_timeout(&s.addr, Duration::from_secs(5)).is_err();
    conn.write_all(&body[5..]).unwrap();
    let r = read_response(&mut conn);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["verdict"], "block");
    assert_eq!(s.wait_exit(), Some(0), "{}", s.stderr());
    assert!(refused, "a new connection was accepted after SIGTERM");
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["files"][0]["name"], "late.txt");
}

/// A reload re-reads the token file too: a revoked token stops working without a restart, and a
/// broken token file is refused (with its line) while the tokens in force stay.
#[test]
fn reload_revokes_tokens() {
    let s = Server::with(DICT, true, &[]);
    let admin = bearer(ADMIN);
    let scan = |token: &str| {
        post(s.addr, "/v1/scan?name=a.txt", &[("Authorization", &bearer(token))], CLEAN.as_bytes()).status
    };
    assert_eq!(scan(CMS), 200);
    let fresh = "cms2-token-0123456789abcdef";
    std::fs::write(s.path("tokens.tsv"), format!("cms2\t{fresh}\tclient\nops\t{ADMIN}\tadmin\n")).unwrap();
    let r = post(s.addr, "/v1/admin/reload", &[("Authorization", &admin)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(scan(CMS), 401, "the revoked token still works");
    assert_eq!(scan(fresh), 200);
    std::fs::write(s.path("tokens.tsv"), format!("cms2\t{fresh}\tclient\nops\t{ADMIN}\tsuperuser\n")).unwrap();
    let bad = post(s.addr, "/v1/admin/reload", &[("Authorization", &admin)], b"");
    assert_eq!(bad.status, 422, "{}", bad.text());
    // The operator reads why in the language asked for: Chinese by default, English on request.
    let zh = bad.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(zh.contains("第 2 行：未知的角色 \"superuser\"") && !zh.contains("unknown role"), "{zh}");
    let bad_en = post(s.addr, "/v1/admin/reload", &[("Authorization", &admin), ("Accept-Language", "en")], b"");
    let en = bad_en.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        en.contains("line 2: unknown role \"superuser\"") && en.contains("the rules in force are unchanged"),
        "{en}"
    );
    assert_eq!(bad_en.json()["error"]["code"], "reload_failed");
    assert_eq!(scan(fresh), 200, "the tokens in force stay");
    let m = get(s.addr, "/metrics", &[("Authorization", &admin)]).text();
    assert!(m.contains("mijian_reloads_total{result=\"failed\"} 2"), "{m}");
}
