//! End-to-end tests of `mijian serve`'s API: the real binary on 127.0.0.1, raw and multipart
//! uploads, a blocked DOCX, masking and revealing, health, metrics and the audit record.

mod common;
mod gateway_support;
use gateway_support::*;

fn server_with_dict(extra: &[&str]) -> Server {
    Server::with(DICT, false, extra)
}

/// A raw body named by X-Filename: block, with masked findings, rule ids and locations; the
/// answer never carries the matched text or its context.
#[test]
fn raw_upload_is_judged_and_masked() {
    let s = server_with_dict(&[]);
    let r = post(s.addr, "/v1/scan", &[("X-Filename", "%E9%80%9A%E7%9F%A5.txt")], MARKED.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let j = r.json();
    assert_eq!(j["verdict"], "block");
    assert_eq!(j["masked"], true);
    let f = &j["files"][0];
    assert_eq!(f["name"], "通知.txt");
    assert_eq!(f["size"], MARKED.len());
    assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
    assert!(f["duration_ms"].as_f64().unwrap() >= 0.0 && j["duration_ms"].as_f64().unwrap() >= 0.0);
    let findings = f["findings"].as_array().unwrap();
    let mark = findings.iter().find(|x| x["kind"] == "marking").expect("the marking");
    assert_eq!(mark["matched"], "机*★*年");
    assert_eq!(mark["rule"], "marking.state-secret");
    assert_eq!(mark["level"], "block");
    assert_eq!(mark["location"]["line"], 2);
    let term = findings.iter().find(|x| x["kind"] == "term").expect("the term");
    assert_eq!(term["matched"], "紫***");
    assert_eq!(term["rule"], "codes.txt:1");
    assert!(f["reason"].as_str().unwrap().contains("codes.txt:1"), "{f}");
    let text = r.text();
    for secret in ["紫电计划", "机密★1年", "项目代号", "关于", "的通知"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert_eq!(r.header("x-request-id").unwrap(), j["request_id"].as_str().unwrap());
}

/// `?name=` names a raw body; a public text passes; HTTP 200 whatever the verdict.
#[test]
fn raw_upload_named_by_query_passes() {
    let s = server_with_dict(&[]);
    let r = post(s.addr, "/v1/scan?name=regulation.txt", &[("Content-Type", "text/plain")], CLEAN.as_bytes());
    assert_eq!(r.status, 200);
    let j = r.json();
    assert_eq!(j["verdict"], "pass", "{j}");
    assert_eq!(j["files"][0]["name"], "regulation.txt");
    assert!(j["files"][0].get("reason").is_none(), "{j}");
    let review = post(s.addr, "/v1/scan?name=r.txt", &[], "青龙工程进展顺利。\n".as_bytes()).json();
    assert_eq!(review["verdict"], "review", "{review}");
    assert!(review["files"][0]["reason"].as_str().unwrap().contains("codes.txt:2"), "{review}");
}

/// Multipart with several files and a form field: one entry per part, overall verdict the worst.
#[test]
fn multipart_upload_judges_every_part() {
    let s = server_with_dict(&[]);
    let (ct, body) = multipart(&[
        ("a", Some("clean.txt"), CLEAN.as_bytes()),
        ("b", Some("marked.txt"), MARKED.as_bytes()),
        ("title", None, "年度报告".as_bytes()),
    ]);
    let r = post(s.addr, "/v1/scan", &[("Content-Type", &ct)], &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["verdict"], "block");
    let files = j["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    // The file and field names are text a site shows: they are read too, as `names`.
    assert_eq!(names, ["clean.txt", "marked.txt", "field:title", "names"]);
    let verdicts: Vec<&str> = files.iter().map(|f| f["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["pass", "block", "pass", "pass"]);
}

/// A clean file uploaded under a name that is a level word (`机密.docx`: a file called 机密) is
/// judged by its name, as `mijian scan` judges a file's own name; `保密工作总结.docx` passes.
#[test]
fn a_file_named_as_a_level_word_is_judged_by_its_name() {
    let s = server_with_dict(&[]);
    for (name, expected) in [("机密.docx", "block"), ("机密★1年-报告.txt", "block"), ("保密工作总结.docx", "pass")]
    {
        let (ct, body) = multipart(&[("file", Some(name), CLEAN.as_bytes())]);
        let j = post(s.addr, "/v1/scan", &[("Content-Type", &ct)], &body).json();
        assert_eq!(j["verdict"], expected, "{name}: {j}");
    }
}

/// A DOCX with the mark in its page header, uploaded as multipart, is blocked and located in the
/// header part.
#[test]
fn blocked_docx_over_multipart() {
    let s = server_with_dict(&[]);
    let docx =
        common::docx(&common::para(&[common::PROSE]), &[("word/header1.xml", &common::header_part("hdr", "机密★1年"))]);
    let (ct, body) = multipart(&[("file", Some("notice.docx"), &docx)]);
    let r = post(s.addr, "/v1/scan", &[("Content-Type", &ct)], &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["verdict"], "block", "{j}");
    let f = &j["files"][0];
    assert_eq!(f["format"], "docx");
    assert_eq!(f["size"], docx.len());
    let mark = &f["findings"][0];
    assert_eq!(mark["location"]["part"], "word/header1.xml");
    assert_eq!(mark["matched"], "机*★*年");
    // The same file as a raw body gives the same digest.
    let raw = post(s.addr, "/v1/scan", &[("X-Filename", "notice.docx")], &docx).json();
    assert_eq!(raw["files"][0]["sha256"], f["sha256"]);
}

/// Matched text: masked for a CMS token, refused on request to a CMS token, shown to a staff
/// token that asks (the staff page), and to everyone with --show-matched.
#[test]
fn matched_text_is_revealed_only_where_allowed() {
    let s = Server::with(DICT, true, &[]);
    let cms = bearer(CMS);
    let staff = bearer(STAFF);
    let masked = post(s.addr, "/v1/scan?name=a.txt", &[("Authorization", &cms)], MARKED.as_bytes());
    assert_eq!(masked.status, 200);
    assert!(!masked.text().contains("紫电计划"));
    let refused = post(s.addr, "/v1/scan?name=a.txt&reveal=1", &[("Authorization", &cms)], MARKED.as_bytes());
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert_eq!(refused.json()["error"]["code"], "not_allowed");
    let shown = post(s.addr, "/v1/scan?name=a.txt&reveal=1", &[("Authorization", &staff)], MARKED.as_bytes());
    assert_eq!(shown.status, 200);
    let j = shown.json();
    assert_eq!(j["masked"], false);
    let term = j["files"][0]["findings"].as_array().unwrap().iter().find(|x| x["kind"] == "term").unwrap().clone();
    assert_eq!(term["matched"], "紫电计划");
    assert_eq!(term["before"], "关于");
    assert_eq!(term["after"], "的通知");

    // Without a token file, loopback clients may see it, but not requests a local reverse proxy
    // relayed from elsewhere.
    let local = server_with_dict(&[]);
    let r = post(local.addr, "/v1/scan?name=a.txt&reveal=1", &[], MARKED.as_bytes());
    assert_eq!((r.status, r.json()["masked"].as_bool()), (200, Some(false)));
    let relayed =
        post(local.addr, "/v1/scan?name=a.txt&reveal=1", &[("X-Forwarded-For", "203.0.113.9")], MARKED.as_bytes());
    assert_eq!(relayed.status, 403, "{}", relayed.text());

    let open = server_with_dict(&["--show-matched"]);
    let j = post(open.addr, "/v1/scan?name=a.txt", &[], MARKED.as_bytes()).json();
    assert_eq!(j["masked"], false);
    assert!(j.to_string().contains("机密★1年"));
}

/// The audit log has one record per decision, with the identity, digest, verdict, rule ids and
/// locations, and never the matched text, context or category.
#[test]
fn every_decision_is_audited_without_matched_text() {
    let s = Server::with(DICT, true, &[]);
    let cms = bearer(CMS);
    let mut ids = Vec::new();
    for (name, body) in [("a.txt", MARKED), ("b.txt", CLEAN), ("c.txt", "青龙工程\n")] {
        let r = post(
            s.addr,
            &format!("/v1/scan?name={name}"),
            &[("Authorization", &cms), ("X-Uploader", "li.si")],
            body.as_bytes(),
        );
        assert_eq!(r.status, 200);
        ids.push((
            r.json()["request_id"].as_str().unwrap().to_string(),
            r.json()["verdict"].as_str().unwrap().to_string(),
        ));
    }
    // A request without a valid token is not a decision.
    assert_eq!(post(s.addr, "/v1/scan?name=x.txt", &[], MARKED.as_bytes()).status, 401);
    let audit = s.audit("audit.jsonl");
    assert_eq!(audit.len(), 3, "{audit:?}");
    for ((id, verdict), rec) in ids.iter().zip(&audit) {
        assert_eq!(rec["request_id"], id.as_str());
        assert_eq!(rec["verdict"], verdict.as_str());
        assert_eq!(rec["token"], "cms");
        assert_eq!(rec["uploader"], "li.si");
        assert!(rec["client"].as_str().unwrap().starts_with("127.0.0.1:"));
        assert_eq!(rec["files"][0]["sha256"].as_str().unwrap().len(), 64);
        assert!(rec["duration_ms"].as_f64().is_some() && rec["time"].as_str().unwrap().ends_with('Z'));
    }
    assert_eq!(audit[0]["files"][0]["findings"][0]["rule"], "marking.state-secret");
    assert_eq!(audit[0]["files"][0]["findings"][0]["location"]["line"], 2);
    let raw = std::fs::read_to_string(s.path("audit.jsonl")).unwrap();
    for secret in ["紫电", "机密★", "青龙", "项目代号", "关于", "1年"] {
        assert!(!raw.contains(secret), "{secret} in the audit log: {raw}");
    }
}

/// Health, metrics (requests and files by verdict, latency, bytes, rules version and terms),
/// the page, 404 and 405.
#[test]
fn health_metrics_and_errors() {
    let s = server_with_dict(&[]);
    let h = get(s.addr, "/healthz", &[]);
    assert_eq!(h.status, 200);
    let version = h.json()["rules_version"].as_str().unwrap().to_string();
    assert_eq!(version.len(), 16);
    post(s.addr, "/v1/scan?name=a.txt", &[], MARKED.as_bytes());
    post(s.addr, "/v1/scan?name=b.txt", &[], CLEAN.as_bytes());
    let m = get(s.addr, "/metrics", &[]);
    assert_eq!(m.status, 200);
    assert!(m.header("content-type").unwrap().starts_with("text/plain; version=0.0.4"));
    let text = m.text();
    for want in [
        "mijian_requests_total{verdict=\"block\"} 1".to_string(),
        "mijian_requests_total{verdict=\"pass\"} 1".to_string(),
        "mijian_files_total{verdict=\"block\"} 1".to_string(),
        // The files, and their names (`?name=`, also without the extension), read as text too.
        format!("mijian_scanned_bytes_total {}", MARKED.len() + CLEAN.len() + "a\na.txt\n".len() + "b\nb.txt\n".len()),
        "mijian_request_duration_seconds_count 2".to_string(),
        format!("mijian_rules_info{{version=\"{version}\"}} 1"),
        "mijian_in_flight_requests 1".to_string(),
    ] {
        assert!(text.contains(&want), "{want} not in:\n{text}");
    }
    let terms: usize = text.lines().find_map(|l| l.strip_prefix("mijian_rules_terms ")).unwrap().parse().unwrap();
    assert!(terms >= 2, "{text}");
    let page = get(s.addr, "/", &[]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<script src=\"app.js\">") && page.header("content-security-policy").is_some());
    assert_eq!(get(s.addr, "/app.js", &[]).status, 200);
    assert_eq!(get(s.addr, "/_mijian/healthz", &[]).status, 200);
    let nf = get(s.addr, "/nope", &[]);
    assert_eq!((nf.status, nf.json()["error"]["code"].as_str()), (404, Some("not_found")));
    let na = get(s.addr, "/v1/scan", &[]);
    assert_eq!((na.status, na.header("allow")), (405, Some("POST")));
    let empty = post(s.addr, "/v1/scan", &[], b"");
    assert_eq!(empty.status, 400);
    assert_eq!(empty.json()["error"]["code"], "bad_request");
}

/// An error's `code` is the stable id; its `message` is for people, in the client's
/// `Accept-Language` (quality values honoured), Chinese when it names no language mijian speaks.
#[test]
fn error_messages_follow_accept_language() {
    let s = server_with_dict(&[]);
    let message = |lang: Option<&str>| {
        let headers: Vec<(&str, &str)> = lang.map(|l| ("Accept-Language", l)).into_iter().collect();
        let r = get(s.addr, "/nope", &headers);
        assert_eq!((r.status, r.json()["error"]["code"].as_str()), (404, Some("not_found")), "{lang:?}");
        r.json()["error"]["message"].as_str().unwrap().to_string()
    };
    assert_eq!(message(None), "没有这个接口");
    assert_eq!(message(Some("fr-FR, de;q=0.8")), "没有这个接口");
    assert_eq!(message(Some("zh-CN,zh;q=0.9,en;q=0.8")), "没有这个接口");
    assert_eq!(message(Some("en-US,en;q=0.9,zh-CN;q=0.8")), "no such endpoint");
    let empty = post(s.addr, "/v1/scan", &[("Accept-Language", "en")], b"");
    assert_eq!((empty.status, empty.json()["error"]["code"].as_str()), (400, Some("bad_request")));
    let zh = post(s.addr, "/v1/scan", &[], b"");
    assert!(zh.json()["error"]["message"].as_str().unwrap().starts_with("请求有误"), "{}", zh.text());
}
