//! End-to-end tests of what proxy mode reads before it forwards: the real gateway in front of a
//! recording upstream on 127.0.0.1. A mark hidden by an encoding the application undoes (percent
//! escapes, JSON escapes, base64, HTML character references, gzip, GBK, a file name, the query
//! string) must never reach the upstream; a body parsers could read differently is refused; the
//! ordinary CMS flows pass byte for byte, stamped with the decision.

mod common;
mod gateway_support;
use gateway_support::*;

fn proxy(upstream: &Upstream, extra: &[&str]) -> Server {
    let url = upstream.url();
    let mut args = vec!["--upstream", url.as_str()];
    args.extend_from_slice(extra);
    Server::with(DICT, false, &args)
}

/// Percent-encodes every byte that is not unreserved (what a browser's form encoder does).
fn pct(s: &[u8]) -> String {
    s.iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= c.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// A gzip member holding `data` in one stored (uncompressed) deflate block (RFC 1951 §3.2.4).
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 1];
    let len = data.len() as u16;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&(!crc).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// What a case is called, its target, its headers and its body.
type Case = (&'static str, String, Vec<(&'static str, String)>, Vec<u8>);

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const JSON: (&str, &str) = ("Content-Type", "application/json");
const MARK: &str = "机密★1年";

/// The three CMS flows of the README, clean: each reaches the CMS byte for byte, with the
/// decision in `X-Mijian-*` headers (a forged one from the client removed), and the audit
/// record carries the CMS's status.
#[test]
fn clean_cms_flows_are_forwarded_exactly_and_stamped() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let article = format!("<p>{}</p><p>{}</p>", common::PROSE, CLEAN.trim());
    let docx = common::docx(&common::para(&[common::PROSE]), &[]);
    let (ct, multipart_body) = multipart(&[
        ("title", None, "年度报告".as_bytes()),
        ("content", None, article.as_bytes()),
        ("attachment", Some("通知.docx"), &docx),
    ]);
    let form_body = format!("title={}&content={}", pct("年度报告".as_bytes()), pct(article.as_bytes()));
    let json_body =
        serde_json::json!({"title": "年度报告", "content": article, "file": {"name": "通知.docx", "data": b64(&docx)}})
            .to_string();
    let flows: [(&str, Vec<u8>); 3] =
        [(ct.as_str(), multipart_body), (FORM.1, form_body.into_bytes()), (JSON.1, json_body.into_bytes())];
    for (i, (content_type, body)) in flows.iter().enumerate() {
        let r = post(
            s.addr,
            "/cms/save.php?id=7",
            &[("Content-Type", content_type), ("X-Mijian-Verdict", "pass"), ("X-Mijian-Rules-Version", "forged")],
            body,
        );
        assert_eq!(r.status, 201, "flow {i}: {}", r.text());
        let seen = &up.requests()[i];
        assert_eq!(&seen.body, body, "flow {i}: the body must arrive byte for byte");
        assert_eq!(seen.header("content-type"), Some(*content_type));
        assert_eq!(seen.header("x-mijian-verdict"), Some("pass"));
        assert_eq!(seen.header("x-mijian-request-id"), r.header("x-request-id"));
        let version = seen.header("x-mijian-rules-version").unwrap();
        assert!(version != "forged" && !version.is_empty());
        assert_eq!(seen.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("x-mijian-verdict")).count(), 1);
    }
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 3);
    for record in &audit {
        assert_eq!((record["action"].as_str(), record["status"].as_u64()), (Some("forwarded"), Some(201)), "{record}");
    }
    // The JSON flow read the base64 DOCX as a DOCX.
    let files = audit[2]["files"].as_array().unwrap();
    assert!(files.iter().any(|f| f["name"] == "json (base64)"), "{files:?}");
}

/// A mark the application will decode is found however it is encoded, and nothing reaches the
/// CMS; neither the answer nor the audit log echoes it.
#[test]
fn encoded_marks_never_reach_the_cms() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let marked_docx = common::docx(&common::para(&[MARK]), &[]);
    let gbk_mark: Vec<u8> = vec![0xBB, 0xFA, 0xC3, 0xDC, 0xA1, 0xEF, b'1', 0xC4, 0xEA]; // 机密★1年 in GBK
    let entity_mark = "&#26426;&#23494;&#x2605;1&#24180;";
    let cases: Vec<Case> = vec![
        (
            "percent-encoded form",
            "/post".into(),
            vec![(FORM.0, FORM.1.into())],
            format!("t={}", pct(MARK.as_bytes())).into_bytes(),
        ),
        (
            "GBK form",
            "/post".into(),
            vec![(FORM.0, "application/x-www-form-urlencoded; charset=gbk".into())],
            format!("t={}", pct(&gbk_mark)).into_bytes(),
        ),
        (
            "HTML references in a form field",
            "/post".into(),
            vec![(FORM.0, FORM.1.into())],
            format!("content={}", pct(format!("<p>{entity_mark}</p>").as_bytes())).into_bytes(),
        ),
        (
            "JSON escapes",
            "/api".into(),
            vec![(JSON.0, JSON.1.into())],
            br#"{"a":[{"b":"\u673a\u5bc6\u26051\u5e74"}]}"#.to_vec(),
        ),
        (
            "base64 DOCX in JSON",
            "/api".into(),
            vec![(JSON.0, JSON.1.into())],
            format!(r#"{{"file":"{}"}}"#, b64(&marked_docx)).into_bytes(),
        ),
        (
            "data: URL in JSON",
            "/api".into(),
            vec![(JSON.0, "application/vnd.cms+json".into())],
            format!(r#"{{"f":"data:text/plain;base64,{}"}}"#, b64(MARK.as_bytes())).into_bytes(),
        ),
        (
            "gzip'd form",
            "/post".into(),
            vec![(FORM.0, FORM.1.into()), ("Content-Encoding", "gzip".into())],
            gzip_stored(format!("t={}", pct(MARK.as_bytes())).as_bytes()),
        ),
        ("query string of a POST", format!("/post?q={}", pct(MARK.as_bytes())), vec![], CLEAN.as_bytes().to_vec()),
        (
            "X-Filename",
            "/upload".into(),
            vec![("X-Filename", pct(format!("{MARK}.txt").as_bytes()))],
            CLEAN.as_bytes().to_vec(),
        ),
    ];
    for (what, target, headers, body) in &cases {
        let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = post(s.addr, target, &h, body);
        assert_eq!(r.status, 403, "{what}: {}", r.text());
        assert_eq!(r.json()["scan"]["verdict"], "block", "{what}: {}", r.text());
        assert!(!r.text().contains(MARK), "{what}: the answer echoes the mark: {}", r.text());
    }
    // A GET's query string, and a file name in a multipart form.
    let r = get(s.addr, &format!("/search.php?q={}", pct(MARK.as_bytes())), &[]);
    assert_eq!(r.status, 403, "{}", r.text());
    let (ct, body) = multipart(&[("f", Some(&format!("{MARK}.txt")), CLEAN.as_bytes())]);
    let r = post(s.addr, "/upload", &[("Content-Type", &ct), ("Accept", "text/html")], &body);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(!r.text().contains(MARK) && r.text().contains("机*★*年.txt"), "{}", r.text());
    assert!(up.requests().is_empty(), "nothing reaches the CMS: {:?}", up.requests());
    let log = std::fs::read_to_string(s.path("audit.jsonl")).unwrap();
    assert!(!log.contains(MARK) && !log.contains("紫电计划"), "{log}");
    assert_eq!(log.lines().count(), cases.len() + 2);
}

/// Multipart bodies that a common parser reads differently are refused (400 `ambiguous_body`)
/// and recorded; nothing is forwarded.
#[test]
fn ambiguous_multipart_is_refused() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let ct = "multipart/form-data; boundary=B";
    let field = |value: &str| format!("--B\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n{value}\r\n");
    let cases: Vec<(&str, String)> = vec![
        (ct, format!("{}--B--\r\n{}--B--\r\n", field("clean"), field(MARK))),
        (ct, format!("junk\r\n{}--B--\r\n", field("x"))),
        (ct, format!("--B\r\nContent-Disposition: form-data; name=\"t\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--B--\r\n", b64(MARK.as_bytes()))),
        ("multipart/form-data; boundary=B; boundary=C", format!("{}--B--\r\n", field("x"))),
        (ct, "--B\r\nContent-Disposition: form-data; name=\"t\"\n\nx\r\n--B--\r\n".to_string()),
        (ct, format!("--B\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: multipart/mixed; boundary=C\r\n\r\n--C\r\n\r\n{MARK}\r\n--C--\r\n--B--\r\n")),
    ];
    for (i, (content_type, body)) in cases.iter().enumerate() {
        let r = post(s.addr, "/post", &[("Content-Type", content_type)], body.as_bytes());
        assert_eq!(r.status, 400, "case {i}: {}", r.text());
        assert_eq!(r.json()["error"]["code"], "ambiguous_body", "case {i}: {}", r.text());
    }
    assert!(up.requests().is_empty());
    let audit = s.audit("audit.jsonl");
    assert!(audit.iter().all(|r| r["action"] == "failed" && r["status"] == 400), "{audit:?}");
    assert_eq!(audit.len(), cases.len());
}

/// A body type mijian cannot read is refused (415) unless the operator allows it; an unknown
/// `Content-Encoding` too; a compression bomb is refused.
#[test]
fn unreadable_bodies_are_refused_unless_allowed() {
    let up = Upstream::start();
    let s = proxy(&up, &["--allow-type", "application/x-cms-ping"]);
    let r = post(s.addr, "/rpc", &[("Content-Type", "application/msgpack")], b"\x81\xa1a\x01");
    assert_eq!((r.status, r.json()["error"]["code"].as_str()), (415, Some("unsupported_media_type")), "{}", r.text());
    let r = post(s.addr, "/post", &[FORM, ("Content-Encoding", "compress")], b"x");
    assert_eq!((r.status, r.json()["error"]["code"].as_str()), (415, Some("unsupported_encoding")));
    assert!(up.requests().is_empty());
    let r = post(s.addr, "/ping", &[("Content-Type", "application/x-cms-ping")], b"ping");
    assert_eq!(r.status, 201, "{}", r.text());
    let r = post(s.addr, "/ping", &[("Content-Type", "application/x-cms-ping")], MARK.as_bytes());
    assert_eq!(r.status, 403, "an allowed type is still scanned: {}", r.text());
    assert_eq!(up.requests().len(), 1);
}

/// The refusal page allows nothing but its own style.
#[test]
fn the_refusal_page_has_a_strict_csp() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let r = post(s.addr, "/post", &[FORM, ("Accept", "text/html")], format!("t={}", pct(MARK.as_bytes())).as_bytes());
    assert_eq!(r.status, 403);
    let csp = r.header("content-security-policy").expect("a CSP");
    assert!(csp.starts_with("default-src 'none'") && csp.contains("style-src 'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe") && !csp.contains("script-src"), "{csp}");
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
}

/// SIGHUP reopens the audit log (logrotate's `create`): records go to the new file.
#[test]
fn sighup_reopens_the_audit_log() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    assert_eq!(post(s.addr, "/post", &[FORM], b"a=1").status, 201);
    std::fs::rename(s.path("audit.jsonl"), s.path("audit.jsonl.1")).unwrap();
    s.signal("HUP");
    // The reopen is asynchronous: wait for the new file (no timed assertion, a bounded wait).
    let until = std::time::Instant::now() + TIMEOUT;
    loop {
        assert_eq!(post(s.addr, "/post", &[FORM], b"a=2").status, 201);
        if s.path("audit.jsonl").exists() {
            break;
        }
        assert!(std::time::Instant::now() < until, "the audit log was not reopened: {}", s.stderr());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The request that saw the new file may have been recorded just before the reopen created
    // it: the next one is recorded after it, in the new file.
    assert_eq!(post(s.addr, "/post", &[FORM], b"a=3").status, 201);
    assert_eq!(s.audit("audit.jsonl.1").len() + s.audit("audit.jsonl").len(), up.requests().len());
    assert!(!s.audit("audit.jsonl").is_empty());
}

/// In proxy mode without a token file, matched text is never revealed: every client may be a
/// stranger relayed by the front server, whatever headers it sends.
#[test]
fn proxy_mode_without_tokens_never_reveals() {
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let r = post(s.addr, "/_mijian/v1/scan?name=a.txt&reveal=1", &[], MARKED.as_bytes());
    assert_eq!(r.status, 403, "{}", r.text());
    let r = post(s.addr, "/_mijian/v1/scan?name=a.txt", &[], MARKED.as_bytes());
    assert_eq!(r.json()["masked"], true);
}

/// Names are text a site publishes: an archive member's name is inspected, and protected text
/// in names and in error reasons (an undefined XML entity named after a code word) is masked in
/// the answer and absent from the audit log.
#[test]
fn protected_text_in_names_and_reasons_is_masked() {
    use std::io::Write;
    let up = Upstream::start();
    let s = proxy(&up, &[]);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(format!("附件/{MARK}.txt"), zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(CLEAN.as_bytes()).unwrap();
    let zip = zip.finish().unwrap().into_inner();
    let r = post(s.addr, "/upload", &[("Content-Type", "application/zip"), ("X-Filename", "a.zip")], &zip);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["scan"]["verdict"], "block", "{}", r.text());
    assert!(!r.text().contains(MARK) && r.text().contains("附件/机*★*年.txt"), "{}", r.text());
    let entity = common::docx("<w:p><w:r><w:t>关于&紫电计划;的通知</w:t></w:r></w:p>", &[]);
    let r = post(s.addr, "/_mijian/v1/scan?name=n.docx", &[], &entity);
    let answer = r.json();
    assert_eq!(answer["verdict"], "error", "{answer}");
    let reason = answer["files"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("entity") && reason.contains("紫***") && !reason.contains("紫电计划"), "{reason}");
    assert_eq!(answer["files"][0]["error_kind"], "corrupt", "{answer}");
    assert!(up.requests().is_empty());
    let log = std::fs::read_to_string(s.path("audit.jsonl")).unwrap();
    assert!(!log.contains(MARK) && !log.contains("紫电计划") && log.contains("紫***"), "{log}");
}

/// The record of a forwarded request says how the CMS answered, or that it failed.
#[test]
fn the_audit_record_of_a_forward_carries_the_upstream_outcome() {
    let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", gone.local_addr().unwrap());
    drop(gone);
    let s = Server::with(DICT, false, &["--upstream", &url]);
    let r = post(s.addr, "/post", &[FORM], b"a=1");
    assert_eq!((r.status, r.json()["error"]["code"].as_str()), (502, Some("upstream_failed")), "{}", r.text());
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0]["action"].as_str(), audit[0]["status"].as_u64()), (Some("forwarded"), Some(502)));
    assert!(audit[0]["error"].as_str().unwrap().contains("upstream"), "{}", audit[0]);
}
