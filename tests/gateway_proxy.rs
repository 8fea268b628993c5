//! End-to-end tests of proxy mode: a recording upstream started by the test on 127.0.0.1 must
//! see every passing upload byte for byte, and never a blocked, held or failed one.

mod common;
mod gateway_support;
use gateway_support::*;

fn proxy(upstream: &Upstream, extra: &[&str]) -> Server {
    let url = upstream.url();
    let mut args = vec!["--upstream", url.as_str()];
    args.extend_from_slice(extra);
    Server::with(DICT, false, &args)
}

/// A passing raw upload reaches the CMS untouched: method, path, query, headers (the CMS's own
/// Authorization and Host included) and body, byte for byte; the CMS's answer comes back.
#[test]
fn a_passing_upload_is_forwarded_byte_for_byte() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let body = CLEAN.repeat(50);
    let raw = request(
        "PUT",
        "/cms/api/files/regulation.txt?draft=0&lang=zh",
        &[("Authorization", "Bearer cms-session-42"), ("X-Custom", "kept"), ("Content-Type", "text/plain")],
        body.as_bytes(),
    );
    let r = exchange(s.addr, &raw);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("x-cms"), Some("yes"));
    assert_eq!(r.text(), "{\"stored\":true}");
    let seen = up.requests();
    assert_eq!(seen.len(), 1);
    let got = &seen[0];
    assert_eq!(got.method, "PUT");
    assert_eq!(got.target, "/cms/api/files/regulation.txt?draft=0&lang=zh");
    assert_eq!(got.body, body.as_bytes(), "the body must arrive byte for byte");
    assert_eq!(got.header("authorization"), Some("Bearer cms-session-42"));
    assert_eq!(got.header("x-custom"), Some("kept"));
    assert_eq!(got.header("host"), Some("127.0.0.1"));
    assert_eq!(got.header("content-type"), Some("text/plain"));
    assert!(
        !matches!(got.header("connection"), Some(v) if v.contains("close")),
        "hop-by-hop headers are not forwarded"
    );
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0]["action"].as_str(), audit[0]["verdict"].as_str(), audit[0]["mode"].as_str()),
        (Some("forwarded"), Some("pass"), Some("proxy"))
    );
    assert_eq!(audit[0]["files"][0]["name"], "regulation.txt");
}

/// A multipart form whose every part passes is forwarded with the exact body.
#[test]
fn a_passing_multipart_form_is_forwarded_exactly() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let docx = common::docx(&common::para(&[common::PROSE]), &[]);
    let (ct, body) =
        multipart(&[("title", None, "关于加强政务公开工作的通知".as_bytes()), ("file", Some("notice.docx"), &docx)]);
    let r = post(s.addr, "/upload.php", &[("Content-Type", &ct)], &body);
    assert_eq!(r.status, 201, "{}", r.text());
    let seen = up.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body, body);
    assert_eq!(seen[0].header("content-type"), Some(ct.as_str()));
}

/// A blocked upload is refused with 403 and a JSON explanation (masked), and the CMS never sees
/// it, whether the mark is in a raw body, a multipart file (a DOCX header) or a form field.
#[test]
fn blocked_uploads_never_reach_the_cms() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let r = post(s.addr, "/upload", &[("X-Filename", "notice.txt")], MARKED.as_bytes());
    assert_eq!(r.status, 403, "{}", r.text());
    let j = r.json();
    assert_eq!(j["error"]["code"], "refused");
    assert_eq!(j["scan"]["verdict"], "block");
    assert_eq!(j["scan"]["files"][0]["name"], "notice.txt");
    assert!(!r.text().contains("紫电计划") && !r.text().contains("机密★1年"), "{}", r.text());

    let docx = common::docx(
        &common::para(&[common::PROSE]),
        &[("word/header1.xml", &common::header_part("hdr", "秘密★6个月"))],
    );
    let (ct, body) = multipart(&[("title", None, "通知".as_bytes()), ("file", Some("notice.docx"), &docx)]);
    assert_eq!(post(s.addr, "/upload", &[("Content-Type", &ct)], &body).status, 403);
    let (ct, body) = multipart(&[
        ("body", None, "本项目即紫电计划的一部分。".as_bytes()),
        ("file", Some("ok.txt"), CLEAN.as_bytes()),
    ]);
    assert_eq!(post(s.addr, "/upload", &[("Content-Type", &ct)], &body).status, 403, "a form field is published too");

    // A browser asking for HTML gets a page.
    let html = post(
        s.addr,
        "/upload",
        &[("X-Filename", "n.txt"), ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")],
        MARKED.as_bytes(),
    );
    assert_eq!(html.status, 403);
    assert!(html.header("content-type").unwrap().starts_with("text/html"));
    assert!(
        html.text().contains("Upload refused") && html.text().contains("机*★*年") && !html.text().contains("紫电计划")
    );

    assert!(up.requests().is_empty(), "the upstream saw a blocked upload: {:?}", up.requests());
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 4);
    assert!(audit.iter().all(|r| r["action"] == "refused" && r["status"] == 403));
}

/// Fail closed: a malformed body, an oversized one or a file that cannot be read is not
/// forwarded.
#[test]
fn failures_forward_nothing() {
    let up = Upstream::start();
    let s = proxy(&up, &["--max-body", "64k", "--max-buffered", "1M"]);
    let r = post(
        s.addr,
        "/upload",
        &[("Content-Type", "multipart/form-data; boundary=B")],
        b"--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx",
    );
    assert_eq!(r.status, 400);
    // Declared too large: refused on the head alone, nothing forwarded.
    let head = format!("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n", 100 << 10);
    let r = exchange(s.addr, head.as_bytes());
    assert_eq!(r.status, 413);
    // A truncated DOCX (a ZIP without its directory) is an error, not a pass.
    let docx = common::docx(&common::para(&[common::PROSE]), &[]);
    let r = post(s.addr, "/upload", &[("X-Filename", "broken.docx")], &docx[..docx.len() / 2]);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["scan"]["verdict"], "error");
    assert!(up.requests().is_empty(), "{:?}", up.requests());
}

/// `review` is held by default, forwarded under `--review forward`.
#[test]
fn review_is_held_unless_configured() {
    let up = Upstream::start();
    let held = proxy(&up, &[]);
    let body = "青龙工程进展顺利。\n".as_bytes();
    let r = post(held.addr, "/upload", &[("X-Filename", "r.txt")], body);
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["scan"]["verdict"], "review");
    assert!(up.requests().is_empty());
    let fwd = proxy(&up, &["--review", "forward"]);
    let r = post(fwd.addr, "/upload", &[("X-Filename", "r.txt")], body);
    assert_eq!(r.status, 201);
    assert_eq!(up.requests().len(), 1);
    assert_eq!(up.requests()[0].body, body);
    // The CMS is told, so that it can hold the upload for a person.
    assert_eq!(up.requests()[0].header("x-mijian-verdict"), Some("review"));
}

/// Requests without a body are forwarded, their query string scanned (and the decision recorded)
/// when they have one; mijian's own endpoints live under /_mijian/.
#[test]
fn bodiless_requests_pass_through_and_own_endpoints_are_prefixed() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let r = get(s.addr, "/index.php?page=2", &[("Cookie", "sid=1")]);
    assert_eq!(r.status, 201);
    let seen = up.requests();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str(), seen[0].header("cookie")),
        ("GET", "/index.php?page=2", Some("sid=1"))
    );
    assert_eq!(seen[0].header("x-mijian-verdict"), Some("pass"));
    // /healthz belongs to the CMS in proxy mode.
    get(s.addr, "/healthz", &[]);
    assert_eq!(up.requests().len(), 2);
    assert_eq!(get(s.addr, "/_mijian/healthz", &[]).status, 200);
    let scan = post(s.addr, "/_mijian/v1/scan?name=a.txt", &[], MARKED.as_bytes());
    assert_eq!(scan.status, 200);
    assert_eq!(scan.json()["verdict"], "block");
    let m = get(s.addr, "/_mijian/metrics", &[]).text();
    assert!(
        m.contains("mijian_proxy_forwarded_total 1") && m.contains("mijian_requests_total{verdict=\"block\"} 1"),
        "{m}"
    );
    assert_eq!(up.requests().len(), 2, "mijian's own endpoints are not forwarded");
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 2, "the query string was a decision, the bare GET was not: {audit:?}");
    assert_eq!((audit[0]["action"].as_str(), audit[0]["status"].as_u64()), (Some("forwarded"), Some(201)));
    assert_eq!(audit[0]["files"][0]["name"], "query");
}
