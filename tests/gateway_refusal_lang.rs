//! End-to-end: the real gateway refuses malformed requests (a bad multipart boundary, duplicate
//! fields and headers, a body cut short, malformed JSON, a slow body, bad gzip) with a stable
//! `code` and a `message` in the client's `Accept-Language`: under `zh-CN` the message holds no
//! English sentence (only the protocol's own tokens, and a library's cause after the sentence),
//! under `en` no Chinese.

mod gateway_support;
use gateway_support::*;
use std::io::Write;
use std::time::Duration;

/// The English words left in a Chinese message once the protocol's tokens are taken out.
fn english_words(zh: &str) -> Vec<String> {
    const TOKENS: &[&str] = &[
        "content-disposition",
        "Content-Disposition",
        "Content-Encoding",
        "Content-Length",
        "Content-Type",
        "application/json",
        "multipart/form-data",
        "X-Filename",
        "form-data",
        "multipart",
        "boundary",
        "name=",
        "name",
        "gzip",
        "JSON",
    ];
    let mut text = zh.to_owned();
    for t in TOKENS {
        text = text.replace(t, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && w.chars().any(|c| c.is_ascii_lowercase()))
        .map(str::to_owned)
        .collect()
}

fn han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// A raw request: `head` lines (without the request line), then the body, in `lang`.
fn raw(target: &str, lang: &str, head: &[&str], body: &[u8]) -> Vec<u8> {
    let mut r =
        format!("POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept-Language: {lang}\r\n");
    for h in head {
        r.push_str(h);
        r.push_str("\r\n");
    }
    r.push_str("\r\n");
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Sends the request built for each language; checks the status and code, that the Chinese
/// message (up to `cause_after`, where a library's own words may follow) has no English word
/// and the English one no Chinese; returns (zh, en) messages.
fn refused_in_both(
    addr: std::net::SocketAddr,
    build: impl Fn(&str) -> Vec<u8>,
    status: u16,
    code: &str,
    cause_after: Option<&str>,
) -> (String, String) {
    let mut said = Vec::new();
    for lang in ["zh-CN,zh;q=0.9", "en-US,en;q=0.8"] {
        let r = exchange(addr, &build(lang));
        assert_eq!((r.status, r.json()["error"]["code"].as_str()), (status, Some(code)), "{lang}: {}", r.text());
        said.push(r.json()["error"]["message"].as_str().unwrap().to_string());
    }
    let (zh, en) = (said[0].clone(), said[1].clone());
    let sentence = match cause_after {
        Some(sep) => zh.split_once(sep).map_or(zh.as_str(), |(s, _)| s).to_string(),
        None => zh.clone(),
    };
    assert!(han(&zh), "{zh}");
    assert_eq!(english_words(&sentence), Vec::<String>::new(), "English in the Chinese message: {zh}");
    assert!(!han(&en), "Chinese in the English message: {en}");
    (zh, en)
}

fn part(headers: &str, content: &str) -> String {
    format!("--XyZ\r\n{headers}\r\n\r\n{content}\r\n")
}

#[test]
fn multipart_and_framing_refusals_are_said_in_the_clients_language() {
    let s = Server::with(DICT, false, &[]);
    let form = |ct: &'static str, body: String| {
        move |lang: &str| {
            let head = [format!("Content-Type: {ct}"), format!("Content-Length: {}", body.len())];
            raw("/v1/scan", lang, &head.iter().map(String::as_str).collect::<Vec<_>>(), body.as_bytes())
        }
    };
    let file = "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"";
    let good = format!("{}--XyZ--\r\n", part(file, "text"));

    // A boundary with a character that needs quoting: parsers split it differently.
    let (zh, en) =
        refused_in_both(s.addr, form("multipart/form-data; boundary=Xy:Z", good.clone()), 400, "ambiguous_body", None);
    assert_eq!(
        en,
        "ambiguous body, refused because applications could read it differently: \
         an unquoted boundary with characters that need quoting"
    );
    assert_eq!(zh, "请求体有歧义，不同应用可能读法不同，已拒绝：boundary 含有须加引号的字符却未加引号");

    // Two boundary parameters.
    let (zh, _) = refused_in_both(
        s.addr,
        form("multipart/form-data; boundary=XyZ; boundary=Other", good.clone()),
        400,
        "ambiguous_body",
        None,
    );
    assert!(zh.ends_with("有两个 boundary 参数"), "{zh}");

    // Duplicate field names in one part: which is the field?
    let twice = format!("{}--XyZ--\r\n", part("Content-Disposition: form-data; name=\"a\"; name=\"file\"", "x"));
    let (zh, en) =
        refused_in_both(s.addr, form("multipart/form-data; boundary=XyZ", twice), 400, "ambiguous_body", None);
    assert!(zh.ends_with("第 1 部分：Content-Disposition 的参数重复出现"), "{zh}");
    assert!(en.ends_with("a Content-Disposition parameter given twice (part 1)"), "{en}");

    // A part header given twice, in the second part.
    let header_twice = format!("{}{}--XyZ--\r\n", part(file, "x"), part(&format!("{file}\r\n{file}"), "y"));
    let (zh, en) =
        refused_in_both(s.addr, form("multipart/form-data; boundary=XyZ", header_twice), 400, "ambiguous_body", None);
    assert!(zh.ends_with("第 2 部分：部分头重复出现（content-disposition）"), "{zh}");
    assert!(en.ends_with("a part header given twice (content-disposition) (part 2)"), "{en}");

    // A body cut short: no closing boundary.
    let cut = part(file, "text");
    let (zh, en) =
        refused_in_both(s.addr, form("multipart/form-data; boundary=XyZ", cut), 400, "malformed_multipart", None);
    assert_eq!(zh, "multipart 请求体格式错误：缺少结束 boundary（请求体被截断）");
    assert_eq!(en, "malformed multipart body: no closing boundary (the body is cut short)");

    // Two Content-Type headers: applications take the first or the last.
    let two_types = |lang: &str| {
        raw(
            "/v1/scan?name=a.txt",
            lang,
            &["Content-Type: text/plain", "Content-Type: multipart/form-data; boundary=XyZ", "Content-Length: 4"],
            b"text",
        )
    };
    let (zh, _) = refused_in_both(s.addr, two_types, 400, "ambiguous_body", None);
    assert!(zh.ends_with("有两个 Content-Type 头"), "{zh}");

    // A gzip body that is not gzip: the decoder's own words follow the sentence.
    let bad_gzip =
        |lang: &str| raw("/v1/scan?name=a.txt", lang, &["Content-Encoding: gzip", "Content-Length: 8"], b"not gzip");
    let (zh, en) = refused_in_both(s.addr, bad_gzip, 400, "bad_encoding", Some("解码："));
    assert!(zh.starts_with("请求体无法按其 Content-Encoding（gzip）解码："), "{zh}");
    assert!(en.starts_with("the body does not decode as its Content-Encoding (gzip) says: "), "{en}");

    // No body at all.
    let empty = |lang: &str| raw("/v1/scan", lang, &["Content-Length: 0"], b"");
    let (zh, _) = refused_in_both(s.addr, empty, 400, "bad_request", None);
    assert!(zh.starts_with("请求有误：没有文件："), "{zh}");

    // Conflicting Content-Length headers never reach mijian's readers: the HTTP layer refuses
    // them (400) before any scan, in either language.
    for lang in ["zh-CN", "en"] {
        let r =
            exchange(s.addr, &raw("/v1/scan?name=a.txt", lang, &["Content-Length: 4", "Content-Length: 5"], b"texts"));
        assert_eq!(r.status, 400, "{}", r.text());
    }
    let audit = s.audit("audit.jsonl");
    assert!(audit.iter().all(|r| r["action"] == "failed"), "{audit:?}");
    assert!(
        !audit.iter().any(|r| han(r["error"].as_str().unwrap_or(""))),
        "the audit log keeps the English: {audit:?}"
    );
}

/// Proxy mode: a body declared JSON that is not JSON.
#[test]
fn malformed_json_is_refused_in_the_clients_language() {
    let up = Upstream::start();
    let url = up.url();
    let s = Server::with(DICT, false, &["--upstream", url.as_str()]);
    let body = b"{\"title\": \"unterminated";
    let json = |lang: &str| {
        raw("/post", lang, &["Content-Type: application/json", &format!("Content-Length: {}", body.len())], body)
    };
    let (zh, en) = refused_in_both(s.addr, json, 400, "malformed_body", None);
    assert_eq!(zh, "请求体格式错误：请求体不是 JSON（Content-Type 为 application/json）");
    assert_eq!(en, "malformed body: the body is not JSON (Content-Type application/json)");
    assert!(up.requests().is_empty(), "nothing reaches the CMS");
}

/// A body that stops arriving is cut off after the idle time, said in the client's language.
#[test]
fn a_slow_body_is_refused_in_the_clients_language() {
    let s = Server::with(DICT, false, &["--body-idle-timeout", "1s", "--body-timeout", "30s"]);
    let mut said = Vec::new();
    for lang in ["zh-CN", "en"] {
        let mut conn = connect(s.addr);
        let head = raw("/v1/scan?name=slow.txt", lang, &["Content-Length: 100"], b"ten bytes.");
        conn.write_all(&head).unwrap();
        // Nothing more is sent: the idle limit (1 s) runs out long before the test's own.
        let r = read_response(&mut conn);
        assert_eq!((r.status, r.json()["error"]["code"].as_str()), (408, Some("body_timeout")), "{}", r.text());
        said.push(r.json()["error"]["message"].as_str().unwrap().to_string());
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(said[0], "请求体未能按时到达（1 秒内没有收到数据）");
    assert_eq!(said[1], "the request body did not arrive in time (1 s without data)");
}
