use super::*;
use mijian_core::Collected;

fn read(msg: &[u8]) -> Collected {
    let mut sink = Collected::default();
    extract(msg, &Limits::default(), &mut sink).unwrap();
    sink
}

fn field<'a>(sink: &'a Collected, name: &str) -> Option<&'a str> {
    sink.segments.iter().find(|s| s.location.field.as_deref() == Some(name)).map(|s| s.text.as_str())
}

/// base64 of `bytes` (the tests' own encoder, so that no fixture is opaque).
fn b64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

/// Fields mail-parser keeps raw (`Organization`, Outlook's `Thread-Topic`, any `X-` field) show
/// their encoded words decoded in a mail client, and are read so; a raw field without encoded
/// words is read as written.
#[test]
fn encoded_words_in_fields_kept_raw_are_decoded() {
    let word = |s: &str| format!("=?UTF-8?B?{}?=", b64(s.as_bytes()));
    let msg = format!(
        "From: a@example.cn\r\nSubject: hi\r\nOrganization: {}\r\nThread-Topic: {}\r\n\
         X-Project: {} =?GB2312?B?{}?=\r\nX-Plain: plain text\r\nContent-Type: text/plain\r\n\r\nbody\r\n",
        word("某某研究所"),
        word("机密★1年"),
        word("紫电"),
        b64(&gbk("计划")),
    );
    let sink = read(msg.as_bytes());
    assert_eq!(field(&sink, "Organization"), Some("某某研究所"));
    assert_eq!(field(&sink, "Thread-Topic"), Some("机密★1年"));
    assert_eq!(field(&sink, "X-Project"), Some("紫电计划"), "adjacent encoded words join");
    assert_eq!(field(&sink, "X-Plain"), Some("plain text"));
}

#[test]
fn encoded_headers_and_gbk_bodies() {
    let subject = format!("=?GB2312?B?{}?=", b64(&gbk("机密★1年 通知")));
    let body = b64(&gbk("各单位：\r\n现将有关事项通知如下。\r\n"));
    let msg = format!(
        "From: =?UTF-8?Q?=E5=BC=A0=E4=B8=89?= <zhang@example.cn>\r\nTo: a@example.cn, \"李四\" <li@example.cn>\r\n\
         Subject: {subject}\r\nDate: Mon, 30 Nov 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\n\
         Received: from x by y\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n"
    );
    let sink = read(msg.as_bytes());
    assert_eq!(field(&sink, "Subject"), Some("机密★1年 通知"));
    assert_eq!(field(&sink, "From"), Some("张三 <zhang@example.cn>"));
    assert_eq!(field(&sink, "To"), Some("a@example.cn, 李四 <li@example.cn>"));
    assert!(field(&sink, "Date").is_some());
    let received = sink.segments.iter().find(|s| s.location.field.as_deref() == Some("Received")).unwrap();
    assert_eq!((received.role, received.text.as_str()), (Role::Other, "from x by y"), "transport fields are read raw");
    let body = sink.segments.iter().find(|s| s.role == Role::Body).unwrap();
    assert!(body.text.contains("现将有关事项通知如下"), "{:?}", body.text);
    assert_eq!(body.location.part, "part0.txt");
}

#[test]
fn multipart_alternative_quoted_printable_html_and_attachments() {
    let qp_html = "<html><head><meta charset=3D\"gb2312\"><title>=E9=80=9A=E7=9F=A5</title></head>\
                   <body><p>=E7=A7=98=E5=AF=86=E2=98=851=E5=B9=B4</p></body></html>";
    let attachment = b64("附件正文：机密★5年".as_bytes());
    let msg = format!(
        "From: a@example.cn\r\nTo: b@example.cn\r\nSubject: test\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
         --outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n\
         --inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n纯文本正文\r\n\
         --inner\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp_html}\r\n\
         --inner--\r\n\
         --outer\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename*=UTF-8''%E8%AF%B4%E6%98%8E.txt\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{attachment}\r\n\
         --outer\r\nContent-Type: image/png; name=logo.png\r\nContent-Disposition: inline; filename=logo.png\r\nContent-ID: <logo>\r\n\
         Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
         --outer\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=scan.jpg\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n\
         --outer\r\nContent-Type: application/octet-stream; name=\"=?UTF-8?B?{}?=\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n\
         --outer--\r\n",
        b64("内部.bin".as_bytes())
    );
    let sink = read(msg.as_bytes());
    let texts: Vec<(&str, &str)> = sink.segments.iter().map(|s| (s.location.part.as_str(), s.text.as_str())).collect();
    assert!(texts.iter().any(|(p, t)| p.ends_with(".txt") && t.contains("纯文本正文")), "{texts:?}");
    assert!(texts.iter().any(|(p, t)| p.ends_with(".html") && t.contains("秘密★1年")), "{texts:?}");
    assert!(texts.iter().any(|(p, t)| p.ends_with(".html#html-head") && *t == "通知"), "{texts:?}");
    assert!(texts.contains(&(ATTACHMENTS, "说明.txt")), "{texts:?}");
    assert!(texts.contains(&(ATTACHMENTS, "内部.bin")), "{texts:?}");
    let members: Vec<(&str, &[u8])> = sink.members.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let jpeg = [0xFFu8, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    assert_eq!(
        members,
        vec![("说明.txt", "附件正文：机密★5年".as_bytes()), ("scan.jpg", &jpeg[..]), ("内部.bin", &[0u8, 1, 2][..])],
        "an attached picture is a file of its own; an inline one is not"
    );
    assert!(sink.coverage.iter().any(|c| c.reason == Some(mijian_core::Unread::Picture) && !c.needs_review));
}

#[test]
fn attached_messages_are_members() {
    let inner = "From: x@example.cn\r\nSubject: inner\r\n\r\n机密★1年\r\n";
    let msg = format!(
        "From: a@example.cn\r\nSubject: outer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n--b--\r\n"
    );
    let sink = read(msg.as_bytes());
    assert_eq!(sink.members.len(), 1);
    assert!(sink.members[0].0.ends_with(".eml"));
    assert!(String::from_utf8_lossy(&sink.members[0].1).contains("机密★1年"));
}

#[test]
fn web_archives_read_the_page_under_its_location() {
    let mht = "From: <Saved by Blink>\r\nSnapshot-Content-Location: http://example.cn/a.html\r\nSubject: page\r\n\
               MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"----MultipartBoundary\"\r\n\r\n\
               ------MultipartBoundary\r\nContent-Type: text/html\r\nContent-Location: http://example.cn/a.html\r\n\r\n\
               <html><body><p>&#26426;&#23494;&#9733;1&#24180;</p><img src=\"x.png\"></body></html>\r\n\
               ------MultipartBoundary\r\nContent-Type: image/png\r\nContent-Location: http://example.cn/x.png\r\n\
               Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--\r\n";
    assert_eq!(looks_like_mail(mht), Some(true));
    let sink = read(mht.as_bytes());
    let body = sink.segments.iter().find(|s| s.role == Role::Body).unwrap();
    assert_eq!((body.location.part.as_str(), body.text.trim()), ("http://example.cn/a.html", "机密★1年"));
    assert!(sink.members.is_empty());
    assert!(sink.coverage.iter().any(|c| c.part == "http://example.cn/x.png"));
}

#[test]
fn sniffing() {
    assert_eq!(looks_like_mail("From: a@b\nSubject: x\n\nbody"), Some(false));
    assert_eq!(looks_like_mail("Subject: x\n"), None, "one field is too few");
    assert_eq!(looks_like_mail("标题: x\n日期: y\n"), None);
    assert_eq!(looks_like_mail("Note: x\nAnother: y\n"), None, "fields no message has");
    assert_eq!(looks_like_mail("说明\nFrom: a\nTo: b\n"), None);
}

#[test]
fn a_parser_panic_is_a_malformed_file() {
    // Found by mutation: a message/rfc822 part whose own header declares message/rfc822 again
    // trips a debug assertion inside mail-parser. Debug builds panic there; release builds read on.
    let msg = "From: a@b\r\nTo: c@d\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
               --b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: x\r\nSubjecb\r\n\
               Content-Type:b\r\nContent-Type: message/rfc822\r\n\r\nF image/png\r\n\r\nabc\r\n--b--\r\n";
    let mut sink = Collected::default();
    match extract(msg.as_bytes(), &Limits::default(), &mut sink) {
        Ok(()) => {}
        Err(e) => assert!(
            matches!(
                e,
                ExtractError::Corrupt { what: crate::Defect::NotMime | crate::Defect::ParserFailed { .. }, .. }
            ),
            "{e}"
        ),
    }
}

#[test]
fn undeclared_or_mislabelled_gbk_is_detected() {
    let mut msg = b"From: a@b\r\nTo: c@d\r\nSubject: x\r\n\r\n".to_vec();
    msg.extend(gbk("机密★1年 正文"));
    let sink = read(&msg);
    assert!(sink.segments.iter().any(|s| s.text.contains("机密★1年 正文")), "8bit GBK without a charset");

    let mut msg = b"From: a@b\r\nTo: c@d\r\nSubject: ".to_vec();
    msg.extend(gbk("绝密★启用前"));
    msg.extend(b"\r\n\r\nbody");
    let sink = read(&msg);
    assert_eq!(field(&sink, "Subject"), Some("绝密★启用前"), "a raw 8-bit GBK subject");
    assert!(!sink.coverage.iter().any(|c| c.needs_review));

    let body = b64(&gbk("机密★1年"));
    let msg = format!(
        "From: a@b\r\nTo: c@d\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n"
    );
    let sink = read(msg.as_bytes());
    assert!(sink.segments.iter().any(|s| s.text.contains("机密★1年")), "base64 GBK labelled UTF-8");

    let mut msg = b"From: a@b\r\nTo: c@d\r\n\r\n".to_vec();
    msg.extend(b"\x81\x30\xff\xfe\xfd broken");
    let sink = read(&msg);
    assert!(sink.coverage.iter().any(|c| c.needs_review), "bytes no charset decodes need review");
}
