//! End-to-end tests of the OpenDocument, e-mail/web archive, EPUB and text-export readers (issue
//! 10): the real binary on files built here, each marked one with its clean twin. Files carry a
//! misleading or neutral extension where that proves the format is sniffed from the bytes.

mod common;
use common::*;

fn verdict(report: &serde_json::Value) -> &str {
    report["verdict"].as_str().unwrap()
}

fn format(report: &serde_json::Value) -> &str {
    report["format"].as_str().unwrap()
}

/// The location of the first finding.
fn location(report: &serde_json::Value) -> &serde_json::Value {
    &report["findings"][0]["location"]
}

/// Scans `bytes` saved as `name` in a fresh folder: (exit status, report).
fn scan_bytes(name: &str, bytes: &[u8]) -> (i32, serde_json::Value) {
    let dir = tempdir();
    let p = write(dir.path(), name, bytes);
    scan_json(&p, &[])
}

const MENTION: &str = "机密级载体不得通过普通邮政寄递，涉密人员应遵守保密规定。";

#[test]
fn odt_mark_in_the_body_blocks_and_its_mention_passes() {
    let marked = odf("text", "<office:text><text:p>机密<text:span>★</text:span>1年</text:p><text:p>关于做好工作的通知</text:p></office:text>", "", "");
    let (status, r) = scan_bytes("notice.odt", &marked);
    assert_eq!((status, format(&r), verdict(&r)), (1, "odt", "block"), "{r}");
    assert_eq!(location(&r)["part"], "content.xml");
    assert_eq!(location(&r)["paragraph"], 1);

    let clean = odf(
        "text",
        &format!("<office:text><text:p>{MENTION}</text:p></office:text>"),
        "",
        "<dc:title>保密须知</dc:title>",
    );
    let (status, r) = scan_bytes("notice.odt", &clean);
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn odt_lone_secret_in_a_page_footer_and_a_user_property_block() {
    let footer = r#"<style:master-page style:name="Standard"><style:footer><text:p>秘密</text:p></style:footer></style:master-page>"#;
    let (_, r) = scan_bytes("a.bin", &odf("text", "<office:text><text:p>正文</text:p></office:text>", footer, ""));
    assert_eq!((format(&r), verdict(&r)), ("odt", "block"), "{r}");
    assert_eq!(location(&r)["part"], "styles.xml");

    let meta = r#"<meta:user-defined meta:name="密级">秘密</meta:user-defined>"#;
    let (_, r) = scan_bytes("b.odt", &odf("text", "<office:text><text:p>正文</text:p></office:text>", "", meta));
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(location(&r)["part"], "meta.xml");
}

#[test]
fn ods_mark_in_a_cell_comment_blocks_and_clean_sheet_passes() {
    let sheet = |cell: &str| {
        format!(
            r#"<office:spreadsheet><table:table table:name="名单"><table:table-row><table:table-cell><text:p>甲</text:p><office:annotation><dc:creator>张三</dc:creator><text:p>{cell}</text:p></office:annotation></table:table-cell><table:table-cell><text:p>乙</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"#
        )
    };
    let (status, r) = scan_bytes("list.ods", &odf("spreadsheet", &sheet("绝密★启用前"), "", ""));
    assert_eq!((status, format(&r), verdict(&r)), (1, "ods", "block"), "{r}");
    assert_eq!(location(&r)["field"], "张三");
    let (status, r) = scan_bytes("list.ods", &odf("spreadsheet", &sheet("请核对"), "", ""));
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn odp_mark_in_slide_notes_blocks_and_clean_deck_passes() {
    let deck = |notes: &str| {
        format!(
            r#"<office:presentation><draw:page draw:name="第一页"><draw:frame><draw:text-box><text:p>工作汇报</text:p></draw:text-box></draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>{notes}</text:p></draw:text-box></draw:frame></presentation:notes></draw:page></office:presentation>"#
        )
    };
    let (status, r) = scan_bytes("talk.odp", &odf("presentation", &deck("机密★5年"), "", ""));
    assert_eq!((status, format(&r), verdict(&r)), (1, "odp", "block"), "{r}");
    assert_eq!(location(&r)["page"], 1);
    let (status, r) = scan_bytes("talk.odp", &odf("presentation", &deck("讲稿"), "", ""));
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

/// base64, written here so that no fixture is opaque.
fn b64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= c.len() { T[(n >> (18 - 6 * i)) as usize & 63] as char } else { '=' });
        }
    }
    out
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

fn eml(subject: &str, body: &str, attachment: &str) -> String {
    format!(
        "From: =?GB2312?B?{from}?= <office@example.cn>\r\nTo: all@example.cn\r\nSubject: =?GB2312?B?{subject}?=\r\n\
         Date: Mon, 30 Nov 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain; charset=GB2312\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n\
         --b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\
         Content-Disposition: attachment; filename*=UTF-8''%E9%99%84%E4%BB%B6.txt\r\n\r\n{attachment}\r\n--b1--\r\n",
        from = b64(&gbk("办公室")),
        subject = b64(&gbk(subject)),
        body = b64(&gbk(body)),
        attachment = b64(attachment.as_bytes()),
    )
}

#[test]
fn eml_encoded_subject_blocks_and_the_clean_twin_passes() {
    let (status, r) = scan_bytes("mail.txt", eml("机密★1年", "请查收。", "附件正文").as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (1, "eml", "block"), "{r}");
    assert_eq!(location(&r)["part"], "headers");
    assert_eq!(location(&r)["field"], "Subject");

    let (status, r) = scan_bytes("mail.eml", eml("会议通知", "请查收。", "附件正文").as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

/// A field that mail-parser keeps raw (Outlook's `Thread-Topic`, shown as the conversation's
/// title) is read with its encoded words decoded: a mark there blocks, a neutral topic passes.
#[test]
fn eml_encoded_thread_topic_blocks_and_the_clean_twin_passes() {
    let with_topic = |topic: &str| {
        let message = eml("会议通知", "请查收。", "附件正文");
        format!("Thread-Topic: =?GB2312?B?{}?=\r\n{message}", b64(&gbk(topic)))
    };
    let (_, r) = scan_bytes("topic.eml", with_topic("机密★1年").as_bytes());
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(
        (location(&r)["part"].as_str(), location(&r)["field"].as_str()),
        (Some("headers"), Some("Thread-Topic"))
    );
    let (_, r) = scan_bytes("topic-clean.eml", with_topic("周例会").as_bytes());
    assert_eq!(verdict(&r), "pass", "{r}");
}

#[test]
fn eml_gbk_body_and_attachment_are_read() {
    let (_, r) = scan_bytes("a.eml", eml("通知", "机密★1年\r\n各单位：", "说明").as_bytes());
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(location(&r)["part"], "part1.txt");

    let dir = tempdir();
    let p = write(dir.path(), "b.eml", eml("通知", "正文", "绝密★启用前\n试卷").as_bytes());
    let run = mijian(&["scan", "--format", "json", p.to_str().unwrap()]);
    let reports = run.json();
    let member =
        reports.iter().find(|r| r["path"].as_str().unwrap().ends_with("b.eml!附件.txt")).expect("the attachment");
    assert_eq!(verdict(member), "block", "{member}");
    assert_eq!(verdict(&reports[0]), "block", "a message is as bad as its attachment");
}

#[test]
fn mht_page_with_a_mark_blocks_and_clean_page_passes() {
    let mht = |text: &str| {
        format!(
            "From: <Saved by Blink>\r\nSubject: page\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/related; type=\"text/html\"; boundary=\"----B\"\r\n\r\n------B\r\n\
             Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Location: http://example.cn/n.html\r\n\r\n<html><body><p>{text}</p></body></html>\r\n------B--\r\n"
        )
    };
    let (status, r) = scan_bytes("page.mht", mht("=E6=9C=BA=E5=AF=86=E2=98=851=E5=B9=B4").as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (1, "mht", "block"), "{r}");
    assert_eq!(location(&r)["part"], "http://example.cn/n.html");
    let (status, r) = scan_bytes("page.mht", mht("=E9=80=9A=E7=9F=A5").as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn json_escaped_mark_blocks_at_its_path_and_clean_json_passes() {
    let marked = br#"{"items": [{"title": "\u673a\u5bc6\u2605\u0031\u5e74", "n": 1}]}"#;
    let (status, r) = scan_bytes("data.txt", marked);
    assert_eq!((status, format(&r), verdict(&r)), (1, "json", "block"), "{r}");
    assert_eq!(location(&r)["field"], "$.items[0].title");
    let (status, r) = scan_bytes("data.json", br#"{"items": [{"title": "\u901a\u77e5"}]}"#);
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn csv_gbk_quoted_mark_blocks_and_clean_csv_passes() {
    let marked = gbk("名称,密级,备注\r\n\"通知\",\"机密★1年\",x\r\n甲,乙,丙\r\n");
    let (status, r) = scan_bytes("export.csv", &marked);
    assert_eq!((status, format(&r), verdict(&r)), (1, "csv", "block"), "{r}");
    assert_eq!(location(&r)["line"], 2);
    let (status, r) = scan_bytes("export.csv", &gbk("名称,级别,备注\r\n通知,一般,x\r\n甲,乙,丙\r\n"));
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn markdown_is_read_as_text() {
    let (status, r) = scan_bytes("README.md", "# 通知\n\n**机密★1年**\n\n正文".as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (1, "text", "block"), "{r}");
    let (status, r) = scan_bytes("README.md", format!("# 须知\n\n{MENTION}\n").as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn xml_character_references_are_decoded() {
    let marked = "<?xml version=\"1.0\"?><doc><head>&#26426;&#23494;&#9733;1&#24180;</head><p>正文</p></doc>";
    let (status, r) = scan_bytes("export.xml", marked.as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (1, "xml", "block"), "{r}");
    let (status, r) = scan_bytes("export.xml", b"<?xml version=\"1.0\"?><doc><p>&#36890;&#30693;</p></doc>");
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

/// A CMS keeps an article's body as HTML inside its JSON, RSS and CSV exports, and its page
/// shows the body rendered: tags between the characters of a mark (`<p>机</p><p>密…`) and
/// character references must not hide it, however the export escapes the HTML (JSON `\uXXXX`
/// and PHP's `<\/p>`, CDATA, escaped markup in a feed, a quoted CSV cell). Each export is named
/// `.txt`: the format is sniffed from the bytes, and before the HTML tags inside it.
#[test]
fn html_bodies_inside_json_rss_and_csv_exports_are_read_as_their_pages() {
    // JSON as PHP's json_encode writes it: every non-ASCII character escaped, `/` as `\/`.
    let escape = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '/' => "\\/".to_string(),
                c if c.is_ascii() => c.to_string(),
                c => format!("\\u{:04x}", c as u32),
            })
            .collect()
    };
    let body = "<p>机</p><p>密&#9733;1年</p><p>关于做好工作的通知</p>";
    let json = format!(r#"{{"id": 7, "title": "{}", "content": "{}"}}"#, escape("通知"), escape(body));
    let (status, r) = scan_bytes("export.txt", json.as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (1, "json", "block"), "{r}");
    assert_eq!(location(&r)["part"], "json $.content (HTML)", "{r}");
    let clean = format!(r#"{{"content": "{}"}}"#, escape(&format!("<p>{MENTION}</p><p>通知</p>")));
    let (status, r) = scan_bytes("export.txt", clean.as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (0, "json", "pass"), "{r}");

    // RSS: the body in CDATA (on one line or several, as WordPress's `content:encoded`), or
    // escaped once.
    let rss = |description: &str| {
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>通知</title><description>{description}</description></item></channel></rss>")
    };
    let escaped = body.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let over_lines = format!("<![CDATA[{}]]>", body.replace("</p>", "</p>\n"));
    for description in [format!("<![CDATA[{body}]]>"), escaped, over_lines] {
        let (status, r) = scan_bytes("feed.txt", rss(&description).as_bytes());
        assert_eq!((status, format(&r), verdict(&r)), (1, "xml", "block"), "{description}: {r}");
        assert_eq!(location(&r)["part"], "xml line 3 (HTML)", "{r}");
    }
    let (status, r) = scan_bytes("feed.txt", rss(&format!("<![CDATA[<p>{MENTION}</p>]]>")).as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");

    // CSV: a quoted cell of HTML; the CSV's quotes are syntax, so the mark is not "quoted".
    let csv =
        "id,title,body\r\n1,通知,\"<p>x</p><br>\"\r\n2,通知,\"<div>机<span>密</span>★1年</div>\"\r\n3,通知,正文\r\n";
    let (status, r) = scan_bytes("export.txt", csv.as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (1, "csv", "block"), "{r}");
    let parts: Vec<_> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "block")
        .map(|f| f["location"]["part"].as_str().unwrap())
        .collect();
    assert!(parts.contains(&"csv record 3 column C (HTML)"), "{r}");
    let clean = format!("id,title,body\r\n1,通知,\"<p>{MENTION}</p>\"\r\n2,a,<b>b</b>\r\n3,c,d\r\n");
    let (status, r) = scan_bytes("export.txt", clean.as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (0, "csv", "pass"), "{r}");
}

/// Standard base64, as an API or an export writes a file into a JSON string.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=c.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

/// A JSON export carries attachments in base64, bare or as a `data:` URL, and text in base64:
/// each is read as the file it is (reported as `export.json!$.path (base64)`), and a token that
/// merely looks like base64 is not a file.
#[test]
fn files_in_base64_inside_json_are_read() {
    let marked = docx(&para(&["机密★1年"]), &[]);
    for value in [
        base64(&marked),
        format!(
            "data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,{}",
            base64(&marked)
        ),
        base64("机密★1年\n关于做好工作的通知".as_bytes()),
    ] {
        let json = format!(r#"{{"name": "附件", "token": "AbCdEfGhIjKlMnOpQrStUvWx", "data": "{value}"}}"#);
        let dir = tempdir();
        let p = write(dir.path(), "export.json", json.as_bytes());
        let run = mijian(&["scan", "--format", "json", p.to_str().unwrap()]);
        let reports = run.json();
        assert_eq!(run.status, 1, "{reports:?}");
        assert_eq!(reports[0]["verdict"], "block", "{reports:?}");
        let member = reports.iter().find(|r| r["path"].as_str().unwrap().ends_with("export.json!$.data (base64)"));
        assert_eq!(member.map(|m| &m["verdict"]), Some(&serde_json::json!("block")), "{reports:?}");
    }
    let clean = docx(&para(&[MENTION]), &[]);
    let json = format!(r#"{{"token": "AbCdEfGhIjKlMnOpQrStUvWx", "data": "{}"}}"#, base64(&clean));
    let (status, r) = scan_bytes("export.json", json.as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

/// Java `.properties` files, YAML and source code spell characters as backslash escapes
/// (`\u673a\u5bc6`, `\u{673a}`, `\xe6\x9c\xba`): the line is read decoded too.
#[test]
fn escaped_characters_in_text_files_are_read_decoded() {
    let escaped = |s: &str, style: u8| -> String {
        s.chars()
            .map(|c| match (c.is_ascii(), style) {
                (true, _) => c.to_string(),
                (false, 0) => format!("\\u{:04x}", c as u32),
                (false, 1) => format!("\\u{{{:x}}}", c as u32),
                _ => c.to_string().bytes().map(|b| format!("\\x{b:02x}")).collect(),
            })
            .collect()
    };
    for style in 0..3 {
        let file =
            format!("# notice\nnotice.level={}\nnotice.title={}\n", escaped("机密★1年", style), escaped("通知", style));
        let (status, r) = scan_bytes("messages.properties", file.as_bytes());
        assert_eq!((status, verdict(&r)), (1, "block"), "style {style}: {r}");
        assert_eq!(location(&r)["part"], "text (escapes decoded)", "{r}");
        assert_eq!(location(&r)["line"], 2, "{r}");
        let clean = format!("notice.body={}\n", escaped(MENTION, style));
        let (status, r) = scan_bytes("messages.properties", clean.as_bytes());
        assert_eq!((status, verdict(&r)), (0, "pass"), "style {style}: {r}");
    }
}

/// Findings of `report` as (level, part) pairs.
fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    let list = report["findings"].as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|f| {
            (f["level"].as_str().unwrap_or("").to_owned(), f["location"]["part"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

#[test]
fn strings_of_scripts_configurations_and_dumps_are_read_as_their_values() {
    // Each file holds a mark as the whole value of a string: what the program shows, the database
    // holds. Read as a line of text the mark sits between quotes, as prose quotes one it talks
    // about; read as the value it stands alone. Escapes are decoded (`\n` is a line break of the
    // stored text).
    let marked: &[(&str, &str)] = &[
        ("notice.js", "var notice = \"\\u673a\\u5bc6\\u2605\\u0031\\u5e74\";\nalert(notice);\n"),
        ("notice.ts", "const notice: string = '机密★1年'; // 通知\n"),
        ("site.yml", "site:\n  title: \"\\u673a\\u5bc6\\u2605\\u0031\\u5e74\"\n  body: 正文\n"),
        ("notice.php", "<?php\necho '机密★1年';\n"),
        (
            "posts.sql",
            "INSERT INTO posts VALUES (1,'机密★1年\\n关于做好年度工作的通知\\n各单位：现将有关事项通知如下。');\n",
        ),
        // A dump whose other column holds markup is taken for an HTML fragment: its strings are
        // still read as values.
        (
            "wp.sql",
            "INSERT INTO wp_posts VALUES (1,'<p>公开内容</p><p>第二段</p>','机密★1年\\r\\n关于做好年度工作的通知');\n",
        ),
        ("write.js", "document.write(\"<p>\\u673a\\u5bc6\\u2605\\u0031\\u5e74</p>\");\nvar t = \"<b>x</b>\";\n"),
    ];
    // A dump of many rows is taken for a CSV file by its commas: its `'` strings are still values.
    let mut dump: String = (1..=30)
        .map(|i| format!("INSERT INTO posts VALUES ({i},'关于做好年度工作的通知\\n各单位：','2024-01-01');\n"))
        .collect();
    let clean_dump = dump.clone();
    dump.push_str("INSERT INTO posts VALUES (31,'机密★1年\\n关于做好年度工作的通知','2024-01-01');\n");
    let (_, r) = scan_bytes("dump.sql", dump.as_bytes());
    assert_eq!((format(&r), verdict(&r)), ("csv", "block"), "{r}");
    let (_, r) = scan_bytes("dump.sql", clean_dump.as_bytes());
    assert_eq!((format(&r), verdict(&r)), ("csv", "pass"), "{r}");
    for (name, text) in marked {
        let (status, r) = scan_bytes(name, text.as_bytes());
        assert_eq!((status, verdict(&r)), (1, "block"), "{name}: {r}");
        assert!(
            findings(&r).iter().any(|(v, part)| v == "block" && part.starts_with("text")),
            "{name}: the block is the value's: {r}"
        );
    }
    // The value is located: the file's line and the column of its opening quote.
    let (_, r) = scan_bytes("site.yml", marked[2].1.as_bytes());
    let block = r["findings"].as_array().unwrap().iter().find(|f| f["level"] == "block").unwrap().clone();
    assert_eq!(block["location"]["part"], "text (string values)", "{r}");
    assert_eq!(block["location"]["line"], 2, "{r}");
    assert_eq!(block["location"]["field"], "string at column 10", "{r}");

    // Clean twins: code whose strings hold no mark passes; prose that quotes a mark (ASCII quotes
    // inside Chinese text, a word of prose before a colon) is not read as code and never blocks.
    for (name, text) in [
        ("notice.js", format!("var notice = \"{MENTION}\";\nalert(notice);\n")),
        (
            "posts.sql",
            "INSERT INTO posts VALUES (1,'关于做好年度工作的通知\\n各单位：现将有关事项通知如下。');\n".to_owned(),
        ),
    ] {
        let (status, r) = scan_bytes(name, text.as_bytes());
        assert_eq!((status, verdict(&r)), (0, "pass"), "{name}: {r}");
    }
    for prose in
        ["文件应标注\"机密★1年\"字样。\n", "示例: \"机密★1年\",\n", "密级分为\"绝密\"、\"机密\"、\"秘密\"三级。\n"]
    {
        let (_, r) = scan_bytes("guide.md", format!("# 须知\n\n{prose}").as_bytes());
        assert_ne!(verdict(&r), "block", "{prose}: {r}");
        assert!(findings(&r).iter().all(|(_, part)| part != "text (string values)"), "{prose}: {r}");
    }
}

#[test]
fn character_references_and_percent_escapes_in_text_are_read_decoded() {
    // Markdown (and any text a CMS pastes into a page) shows `&#26426;` as 机; a URL's or a
    // form's text is `%E6%9C%BA` for 机, in UTF-8 or GBK.
    let utf8_percent: String = "机密★1年".bytes().map(|b| format!("%{b:02X}")).collect();
    let gbk_percent: String = gbk("机密★1年").iter().map(|b| format!("%{b:02X}")).collect();
    for text in [
        "&#26426;&#23494;&#9733;1&#24180;\n关于做好年度工作的通知\n".to_owned(),
        "&#x673A;&#x5BC6;&starf;1年\n关于做好年度工作的通知\n".to_owned(),
        format!("{utf8_percent}\n关于做好年度工作的通知\n"),
        format!("{gbk_percent}\n关于做好年度工作的通知\n"),
    ] {
        let (status, r) = scan_bytes("notice.md", text.as_bytes());
        assert_eq!((status, verdict(&r)), (1, "block"), "{text}: {r}");
        assert_eq!(location(&r)["part"], "text (escapes decoded)", "{r}");
        assert_eq!(location(&r)["line"], 1, "{r}");
    }
    let clean = "&#20844;&#24320; &amp; 100% %E5%85%AC%E5%BC%80\n".to_owned() + MENTION;
    let (status, r) = scan_bytes("notice.md", clean.as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

/// `机` + an unseen `公开` (zero opacity, no fill, a zero font size…) + `密★1年` shows
/// `机密★1年`: read again as shown (field `as shown`). The twin hides `公开` between `通知` and
/// `事项`; outlined text (no fill but a stroke) is seen, so the same cut with it passes.
#[test]
fn svg_text_nobody_sees_is_left_out_of_a_second_reading() {
    let svg = |visible: &str, middle: &str, after: &str| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><g fill="black"><text x="0" y="40" font-size="20">{visible}<tspan {middle}>公开</tspan>{after}</text></g></svg>"#
        )
    };
    for hidden in
        [r#"opacity="0""#, r#"fill="none""#, r#"style="fill-opacity:0""#, r#"font-size="0""#, r#"visibility="hidden""#]
    {
        let (status, r) = scan_bytes("seal.svg", svg("机", hidden, "密★1年").as_bytes());
        assert_eq!((status, verdict(&r)), (1, "block"), "{hidden}: {r}");
        assert_eq!(
            (&location(&r)["part"], &location(&r)["field"]),
            (&"svg".into(), &"as shown".into()),
            "{hidden}: {r}"
        );
        let (status, r) = scan_bytes("seal.svg", svg("通知", hidden, "事项").as_bytes());
        assert_eq!((status, verdict(&r)), (0, "pass"), "{hidden}: {r}");
    }
    let (status, r) = scan_bytes("seal.svg", svg("机", r#"fill="none" stroke="black""#, "密★1年").as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn svg_glyph_per_element_is_joined_as_drawn() {
    // One <text> per glyph, out of order in the file; their x positions spell the mark.
    let glyphs = |chars: &[(&str, u32)]| {
        let texts: String =
            chars.iter().map(|(c, x)| format!(r#"<text x="{x}" y="40" font-size="20">{c}</text>"#)).collect();
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">{texts}</svg>"#)
    };
    let marked = glyphs(&[("★", 60), ("机", 20), ("年", 100), ("密", 40), ("1", 80)]);
    let (status, r) = scan_bytes("seal.svg", marked.as_bytes());
    assert_eq!((status, format(&r), verdict(&r)), (1, "svg", "block"), "{r}");
    assert_eq!(location(&r)["part"], "svg");
    let clean = glyphs(&[("知", 40), ("通", 20)]);
    let (status, r) = scan_bytes("seal.svg", clean.as_bytes());
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn epub_chapter_mark_blocks_and_clean_book_passes() {
    let (status, r) = scan_bytes("book.zip", &epub("机密★1年"));
    assert_eq!((status, format(&r), verdict(&r)), (1, "epub", "block"), "{r}");
    assert_eq!(location(&r)["part"], "OEBPS/text/ch1.xhtml");
    let (status, r) = scan_bytes("book.epub", &epub("第一章"));
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

#[test]
fn encrypted_odf_is_an_error_not_a_pass() {
    let bytes = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".to_owned()),
        ("META-INF/manifest.xml", r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#.to_owned()),
        ("content.xml", "\u{7}\u{3}not xml".to_owned()),
    ]);
    let (status, r) = scan_bytes("locked.odt", &bytes);
    assert_eq!((status, verdict(&r)), (2, "error"), "{r}");
    assert!(r["error"].as_str().unwrap().contains("encrypted"), "{r}");
}

#[test]
fn utf16_text_without_a_byte_order_mark_is_read() {
    // Windows tools write UTF-16 without a BOM; read as bytes it is NULs between letters and a
    // mark in it would never be seen. Both byte orders, under a neutral extension.
    let utf16 = |s: &str, big: bool| -> Vec<u8> {
        s.encode_utf16().flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    };
    for big in [false, true] {
        let (status, r) = scan_bytes("export.dat", &utf16("Notice 2024\r\n机密★1年\r\n正文 text\r\n", big));
        assert_eq!((status, verdict(&r)), (1, "block"), "big endian {big}: {r}");
        assert_eq!(location(&r)["line"], 2, "{r}");
        let (status, r) = scan_bytes("export.dat", &utf16(&format!("Notice 2024\r\n{MENTION}\r\n"), big));
        assert_eq!((status, verdict(&r)), (0, "pass"), "big endian {big}: {r}");
    }
}

/// What LibreOffice shows beside the paragraphs of an OpenDocument file: a comment's author, a
/// link's tooltip and its target (escaped as a browser sends it), the names the navigator lists
/// (bookmarks, sections, reference marks, frames), a drop-down field's items, an input field's
/// description, a bibliography entry, an image map area's name, a presentation's custom show and
/// click action, a spreadsheet's formula constants, named expressions, validity lists and string
/// values stored without a paragraph. Each marked file blocks in its field; its twin, with
/// harmless text in the same place, passes.
#[test]
fn odf_places_beside_the_paragraphs_block_and_their_twins_pass() {
    const P: &str = "<text:p>这是一份公开的通知正文。</text:p>";
    let text = |inner: String| format!("<office:text>{P}{inner}</office:text>");
    let sheet = |validations: &str, cell: String| {
        format!(
            r#"<office:spreadsheet>{validations}<table:table table:name="表1"><table:table-row>{cell}</table:table-row></table:table></office:spreadsheet>"#
        )
    };
    let slide = |inner: String| {
        format!(r#"<office:presentation><draw:page draw:name="页1">{inner}</draw:page></office:presentation>"#)
    };
    // (kind, name, the content body around the text, the field the mark is found in)
    type Case<'a> = (&'a str, &'a str, Box<dyn Fn(&str) -> String>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "text",
            "comment-author",
            Box::new(move |m| {
                text(format!("<text:p>正文<office:annotation><dc:creator>{m}</dc:creator><text:p>请审阅</text:p></office:annotation></text:p>"))
            }),
            "comment author",
        ),
        (
            "text",
            "tooltip",
            Box::new(move |m| {
                text(format!(
                    r#"<text:p><text:a xlink:href="http://example.org/a" office:title="{m}">详见</text:a></text:p>"#
                ))
            }),
            "tooltip",
        ),
        (
            "text",
            "escaped-link",
            Box::new(move |m| {
                let escaped: String = m.bytes().map(|b| format!("%{b:02X}")).collect();
                text(format!(r#"<text:p><text:a xlink:href="http://example.org/{escaped}.pdf">详见</text:a></text:p>"#))
            }),
            "hyperlink",
        ),
        (
            "text",
            "bookmark",
            Box::new(move |m| text(format!(r#"<text:p><text:bookmark text:name="{m}"/>正文</text:p>"#))),
            "bookmark",
        ),
        (
            "text",
            "section",
            Box::new(move |m| {
                text(format!(r#"<text:section text:name="{m}"><text:p>节内正文</text:p></text:section>"#))
            }),
            "section",
        ),
        (
            "text",
            "reference-mark",
            Box::new(move |m| text(format!(r#"<text:p><text:reference-mark text:name="{m}"/>正文</text:p>"#))),
            "reference mark",
        ),
        (
            "text",
            "frame-name",
            Box::new(move |m| {
                text(format!(
                    r#"<text:p><draw:frame draw:name="{m}"><draw:text-box><text:p>框内</text:p></draw:text-box></draw:frame></text:p>"#
                ))
            }),
            "shape name",
        ),
        (
            "text",
            "drop-down",
            Box::new(move |m| {
                text(format!(
                    r#"<text:p><text:drop-down text:name="选择"><text:label text:value="{m}"/><text:label text:value="公开"/>公开</text:drop-down></text:p>"#
                ))
            }),
            "drop-down",
        ),
        (
            "text",
            "input-description",
            Box::new(move |m| {
                text(format!(r#"<text:p><text:text-input text:description="{m}">填写</text:text-input></text:p>"#))
            }),
            "field description",
        ),
        (
            "text",
            "bibliography",
            Box::new(move |m| {
                text(format!(
                    r#"<text:p><text:bibliography-mark text:identifier="a1" text:bibliography-type="book" text:title="{m}">[1]</text:bibliography-mark></text:p>"#
                ))
            }),
            "bibliography",
        ),
        (
            "text",
            "image-map",
            Box::new(move |m| {
                text(format!(
                    r#"<text:p><draw:frame><draw:image-map><draw:area-rectangle xlink:href="http://example.org/a" office:name="{m}"/></draw:image-map></draw:frame></text:p>"#
                ))
            }),
            "image map",
        ),
        (
            "presentation",
            "custom-show",
            Box::new(move |m| {
                format!(
                    r#"<office:presentation><draw:page draw:name="页1"><draw:frame><draw:text-box><text:p>公开</text:p></draw:text-box></draw:frame></draw:page><presentation:settings><presentation:show presentation:name="{m}" presentation:pages="页1"/></presentation:settings></office:presentation>"#
                )
            }),
            "custom show",
        ),
        (
            "presentation",
            "click-action",
            Box::new(move |m| {
                slide(format!(
                    r#"<draw:custom-shape><office:event-listeners><presentation:event-listener script:event-name="dom:click" presentation:action="show" xlink:href="http://example.org/{m}"/></office:event-listeners><text:p>公开</text:p></draw:custom-shape>"#
                ))
            }),
            "hyperlink",
        ),
        (
            "spreadsheet",
            "formula-constant",
            Box::new(move |m| {
                sheet(
                    "",
                    format!(
                        r#"<table:table-cell table:formula="of:=&quot;{m}&quot;" office:value-type="string"><text:p>公开</text:p></table:table-cell>"#
                    ),
                )
            }),
            "formula",
        ),
        (
            "spreadsheet",
            "named-expression",
            Box::new(move |m| {
                format!(
                    r#"<office:spreadsheet><table:table table:name="表1"><table:table-row><table:table-cell><text:p>公开</text:p></table:table-cell></table:table-row></table:table><table:named-expressions><table:named-expression table:name="n1" table:expression="of:=&quot;{m}&quot;"/></table:named-expressions></office:spreadsheet>"#
                )
            }),
            "name",
        ),
        (
            "spreadsheet",
            "validity-list",
            Box::new(move |m| {
                sheet(
                    &format!(
                        r#"<table:content-validations><table:content-validation table:name="v1" table:condition="of:cell-content-is-in-list(&quot;{m}&quot;;&quot;公开&quot;)"/></table:content-validations>"#
                    ),
                    r#"<table:table-cell table:content-validation-name="v1"><text:p>公开</text:p></table:table-cell>"#
                        .to_owned(),
                )
            }),
            "validation",
        ),
        (
            "spreadsheet",
            "stored-string",
            Box::new(move |m| {
                sheet("", format!(r#"<table:table-cell office:value-type="string" office:string-value="{m}"/>"#))
            }),
            "表1",
        ),
    ];
    for (kind, name, body, field) in cases {
        let ext = match kind {
            "text" => "odt",
            "spreadsheet" => "ods",
            _ => "odp",
        };
        let (_, r) = scan_bytes(&format!("{name}.{ext}"), &odf(kind, &body("机密★1年"), "", ""));
        assert_eq!(verdict(&r), "block", "{name}: {r}");
        let fields: Vec<&str> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "marking.state-secret")
            .filter_map(|f| f["location"]["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{name}: field {field:?} not in {fields:?}: {r}");
        let (_, r) = scan_bytes(&format!("{name}-clean.{ext}"), &odf(kind, &body("公开资料"), "", ""));
        assert_eq!(verdict(&r), "pass", "{name}: {r}");
    }
}

/// Markdown (any text may be: a CMS field often is) renders without its inline syntax: a link's
/// target, an image's address, a comment, an inline tag between `机` and `密★1年` show
/// `机密★1年`, read again as rendered (field `as shown`); the twins put the same syntax between
/// harmless words and pass. Format controls that draw nothing (an interlinear annotation anchor,
/// an Egyptian hieroglyph or shorthand format control) are skipped like zero-width spaces.
#[test]
fn markdown_syntax_and_invisible_format_controls_between_characters_are_not_text() {
    for cut in [
        "[机](https://a.example/x \"说明\")",
        "![机](x.png)",
        "机<!-- 注 -->",
        "机<!--\n注\n-->",
        "<font color=red>机</font>",
    ] {
        let marked = format!("# 通知\n\n{cut}密★1年\n\n{MENTION}\n");
        let (status, r) = scan_bytes("notice.md", marked.as_bytes());
        assert_eq!((status, verdict(&r)), (1, "block"), "{cut}: {r}");
        assert!(
            // With a tag the file is told to be an HTML fragment and read as a page.
            r["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "marking.state-secret"
                && ((f["location"]["part"] == "text" && f["location"]["field"] == "as shown")
                    || (cut.contains("<font") && f["location"]["part"] == "html"))),
            "{cut}: {r}"
        );
        let clean = format!("# 通知\n\n{}纪要\n\n{MENTION}\n", cut.replace('机', "会议"));
        let (status, r) = scan_bytes("notice.md", clean.as_bytes());
        assert_eq!((status, verdict(&r)), (0, "pass"), "{cut}: {r}");
    }
    for control in ['\u{FFF9}', '\u{13437}', '\u{1BCA0}'] {
        let (status, r) = scan_bytes("notice.txt", format!("机{control}密★1年\n{MENTION}\n").as_bytes());
        assert_eq!((status, verdict(&r)), (1, "block"), "{control:?}: {r}");
    }
}
