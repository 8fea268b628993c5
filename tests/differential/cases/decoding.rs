//! §2: what the application decodes: form fields, JSON strings, query strings, file names.

use super::*;
use crate::differential::encode::{base64, base64_mime, gbk, percent};

/// §2: what the application decodes.
pub fn decoding() -> Vec<Case> {
    let marked = marked_text();
    let docx = marked_docx();
    let mut cases = Vec::new();
    let mut add = |id: &str, what: &str, r: Request| cases.push(Case::protected(id, what, r));
    let title = percent(CLEAN_TITLE.as_bytes());

    add(
        "form-utf8",
        "a percent-encoded form field",
        form(&format!("title={title}&content={}", percent(marked.as_bytes()))),
    );
    add(
        "form-base64-docx",
        "a base64 DOCX in a form field",
        form(&format!("title={title}&file={}", percent(base64(&docx).as_bytes()))),
    );
    add(
        "form-html-br",
        "editor HTML breaking the mark with <br>",
        form(&format!("content={}", percent("<p>绝密<br>★启用前</p>".as_bytes()))),
    );
    add(
        "form-html-invisible",
        "a zero-width space and a soft hyphen inside the mark",
        form(&format!("content={}", percent("<p>绝&#8203;密&shy;★启用前</p>".as_bytes()))),
    );
    add(
        "form-brackets",
        "PHP array field names",
        form(&format!("post[meta][0]={}&post[title]={title}", percent(marked.as_bytes()))),
    );
    add(
        "mp-json-field",
        "a JSON document in a multipart field (Strapi's data field)",
        upload(cat(&[
            &field(B, "data", format!("{{\"title\":{}}}", escaped(&marked)).as_bytes()),
            &file(B, "files", "a.txt", common::PROSE.as_bytes()),
            &close(B),
        ])),
    );
    add(
        "mp-base64-docx-field",
        "a base64 DOCX in a multipart text field",
        upload(cat(&[
            &field(B, "title", CLEAN_TITLE.as_bytes()),
            &field(B, "attachment", base64(&docx).as_bytes()),
            &close(B),
        ])),
    );
    add(
        "form-plus-spaced",
        "a mark spaced with + in a form",
        form(&format!("title={title}&content=%E7%BB%9D+%E5%AF%86%E2%98%85%E5%90%AF%E7%94%A8%E5%89%8D")),
    );
    add("form-name", "the mark in a field name", form(&format!("{}=1&title={title}", percent(MARK.as_bytes()))));
    add(
        "form-gbk",
        "a GBK form with its charset",
        Request::post(
            "/article.php",
            "application/x-www-form-urlencoded; charset=gbk",
            format!("title=x&content={}", percent(&gbk(&marked))).into_bytes(),
        ),
    );
    add(
        "form-gbk-undeclared",
        "a GBK form without a charset",
        form(&format!("title=x&content={}", percent(&gbk(&marked)))),
    );
    add(
        "form-declared-gbk-sent-utf8",
        "charset=gbk declared, UTF-8 sent",
        Request::post(
            "/article.php",
            "application/x-www-form-urlencoded; charset=gbk",
            format!("content={}", percent(marked.as_bytes())).into_bytes(),
        ),
    );
    add(
        "form-refs-no-tags",
        "character references with no tag around them",
        form(&format!("content={}", percent("绝&#23494;&#9733;启用前".as_bytes()))),
    );
    add(
        "json-refs-no-tags",
        "character references in a JSON string with no tag around them",
        json(&format!("{{\"content\":{}}}", escaped("绝&#23494;&#9733;启用前"))),
    );
    add(
        "form-raw-gbk-bytes",
        "GBK bytes sent raw (not percent-encoded) in a form",
        Request::post("/article.php", "application/x-www-form-urlencoded", cat(&[b"title=x&content=", &gbk(MARK)])),
    );
    add(
        "form-type-json-body",
        "a JSON body labelled as a form (PHP apps json_decode php://input whatever the type)",
        Request::post(
            "/api/articles",
            "application/x-www-form-urlencoded",
            format!("{{\"content\":{}}}", escaped(&marked)).into_bytes(),
        ),
    );
    add(
        "text-plain-form-body",
        "a percent-encoded form labelled text/plain",
        Request::post(
            "/article.php",
            "text/plain",
            format!("title=x&content={}", percent(marked.as_bytes())).into_bytes(),
        ),
    );
    add(
        "form-html-entities",
        "editor HTML with numeric references",
        form(&format!("content={}", percent("<p>绝&#23494;&#x2605;启用前</p>".as_bytes()))),
    );
    add(
        "form-html-tags",
        "editor HTML with tags and a comment inside the mark",
        form(&format!("content={}", percent("<p>绝<span>密</span>★<!-- x -->启用前</p>".as_bytes()))),
    );
    add(
        "form-html-named",
        "editor HTML with a named star",
        form(&format!("content={}", percent("<p>机密&bigstar;1年</p>".as_bytes()))),
    );
    add(
        "form-no-semicolon",
        "references without their semicolons",
        form(&format!("content={}", percent("<p>&#32477&#23494★启用前</p>".as_bytes()))),
    );

    add(
        "json-escapes",
        "JSON with \\u escapes",
        json(&format!("{{\"title\":\"{CLEAN_TITLE}\",\"content\":{}}}", escaped(&marked))),
    );
    add(
        "json-deep",
        "a mark deep in nested JSON",
        json(&format!("{{\"a\":[1,{{\"b\":[{{\"c\":{}}}]}}]}}", escaped(MARK2))),
    );
    add("json-key", "the mark as a JSON key", json(&format!("{{{}:1}}", escaped(MARK))));
    add(
        "json-base64-docx",
        "a base64 DOCX in JSON",
        json(&format!("{{\"name\":\"a.docx\",\"data\":\"{}\"}}", base64(&docx))),
    );
    add(
        "json-data-url",
        "a data: URL DOCX in JSON",
        json(&format!(
            "{{\"file\":\"data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,{}\"}}",
            base64(&docx)
        )),
    );
    let b64url: String = base64(&docx).trim_end_matches('=').replace('+', "-").replace('/', "_");
    add("json-base64url-docx", "an unpadded base64url DOCX in JSON", json(&format!("{{\"data\":\"{b64url}\"}}")));
    add(
        "json-base64-wrapped",
        "a MIME-wrapped base64 DOCX in JSON (\\r\\n every 76 characters)",
        json(&format!("{{\"data\":\"{}\"}}", base64_mime(&docx).replace("\r\n", "\\r\\n"))),
    );
    add(
        "json-data-url-params",
        "a data: URL with parameters before ;base64",
        json(&format!("{{\"file\":\"data:application/octet-stream;name=a.docx;base64,{}\"}}", base64(&docx))),
    );
    add("json-base64-gbk", "base64 of GBK text in JSON", json(&format!("{{\"note\":\"{}\"}}", base64(&gbk(&marked)))));
    add(
        "json-base64-utf16",
        "base64 of UTF-16 text (with its BOM) in JSON",
        json(&format!("{{\"note\":\"{}\"}}", base64(&cat(&[&[0xff, 0xfe], &utf16le(&marked)])))),
    );
    add("json-base64-text", "base64 text in JSON", json(&format!("{{\"note\":\"{}\"}}", base64(marked.as_bytes()))));
    add(
        "json-html",
        "editor HTML in JSON, escaped",
        json(&format!("{{\"content\":{}}}", escaped("<p>绝&#23494;<b>★</b>启用前</p>"))),
    );
    add(
        "json-vendor-type",
        "application/vnd.api+json",
        Request::post(
            "/api/articles",
            "application/vnd.api+json",
            format!("{{\"data\":{{\"content\":{}}}}}", escaped(&marked)).into_bytes(),
        ),
    );
    add(
        "json-utf16",
        "a UTF-16 JSON body (Python's json.loads reads it)",
        Request::post("/api/articles", "application/json", utf16le(&format!("{{\"content\":\"{marked}\"}}"))),
    );
    add(
        "json-utf16-bom",
        "a UTF-16 JSON body with its BOM",
        Request::post(
            "/api/articles",
            "application/json",
            cat(&[&[0xff, 0xfe], &utf16le(&format!("{{\"content\":{}}}", escaped(&marked)))]),
        ),
    );
    add(
        "json-duplicate-key",
        "a key given twice, the marked value last",
        json(&format!("{{\"content\":\"{CLEAN_TITLE}\",\"content\":{}}}", escaped(&marked))),
    );
    add("json-mixed-escapes", "a mark half escaped, half literal", json("{\"content\":\"绝\\u5bc6\\u2605启用前\"}"));
    add(
        "json-in-json",
        "a JSON document inside a JSON string (a block editor's attributes)",
        json(&format!("{{\"blocks\":{}}}", escaped(&format!("{{\"content\":{}}}", escaped(&marked))))),
    );
    add(
        "json-as-text",
        "JSON sent as text/plain",
        Request::post("/api/articles", "text/plain", format!("{{\"content\":{}}}", escaped(&marked)).into_bytes()),
    );
    add(
        "json-no-type",
        "JSON with no Content-Type",
        Request::new("POST", "/api/articles").body(format!("{{\"content\":{}}}", escaped(&marked)).into_bytes()),
    );

    add(
        "query-get",
        "a marked query string on a GET",
        Request::new("GET", &format!("/article.php?title={}", percent(MARK.as_bytes()))),
    );
    add(
        "query-post",
        "a marked query string on a clean POST",
        Request::post(
            &format!("/article.php?title={}", percent(MARK2.as_bytes())),
            "application/x-www-form-urlencoded",
            format!("title={title}").into_bytes(),
        ),
    );
    add(
        "query-absolute-form",
        "a marked query in an absolute-form request target",
        Request::new("GET", &format!("http://127.0.0.1/article.php?title={}", percent(MARK.as_bytes()))),
    );
    add("query-raw-utf8", "raw UTF-8 bytes in the query", Request::new("GET", &format!("/article.php?title={MARK}")));
    add(
        "get-with-body",
        "a GET carrying a marked form body",
        form(&format!("content={}", percent(marked.as_bytes()))).method("GET"),
    );
    add("patch-json", "a REST update by PATCH", json(&format!("{{\"content\":{}}}", escaped(&marked))).method("PATCH"));
    add("put-form", "a form sent by PUT", form(&format!("content={}", percent(marked.as_bytes()))).method("PUT"));
    add(
        "delete-json",
        "a DELETE carrying JSON",
        json(&format!("{{\"reason\":{}}}", escaped(&marked))).method("DELETE"),
    );
    add(
        "mp-no-delimiter",
        "a multipart type whose body has no delimiter at all",
        Request::post(
            "/upload.php",
            &multipart_type(B),
            format!("title=x&content={}\r\n{marked}", percent(marked.as_bytes())).into_bytes(),
        ),
    );
    add(
        "query-duplicate",
        "a query parameter given twice, the marked value second",
        Request::new("GET", &format!("/article.php?title=ok&title={}", percent(MARK.as_bytes()))),
    );
    add(
        "query-semicolon",
        "a marked parameter after a semicolon (parsers differ on ; as a separator)",
        Request::new("GET", &format!("/article.php?page=1;title={}", percent(MARK.as_bytes()))),
    );
    add(
        "form-duplicate",
        "a form field given twice, the marked value second",
        form(&format!("content=ok&content={}", percent(marked.as_bytes()))),
    );
    add(
        "query-key",
        "a marked query key",
        Request::new("GET", &format!("/article.php?{}=1", percent(MARK2.as_bytes()))),
    );
    add(
        "form-uppercase-type",
        "Application/X-WWW-Form-URLEncoded",
        Request::post(
            "/article.php",
            "Application/X-WWW-Form-URLEncoded",
            format!("content={}", percent(marked.as_bytes())).into_bytes(),
        ),
    );
    add(
        "form-charset-cp936",
        "a GBK form labelled cp936 (Python knows it, WHATWG does not)",
        Request::post(
            "/article.php",
            "application/x-www-form-urlencoded; charset=cp936",
            format!("content={}", percent(&gbk(&marked))).into_bytes(),
        ),
    );
    add(
        "form-charset-utf16",
        "a form percent-encoding UTF-16",
        Request::post(
            "/article.php",
            "application/x-www-form-urlencoded; charset=utf-16le",
            format!("content={}", percent(&utf16le(&marked))).into_bytes(),
        ),
    );
    add("json-top-string", "a JSON body that is one string", json(&escaped(&marked)));
    add(
        "json-gbk",
        "a JSON body in GBK",
        Request::post(
            "/api/articles",
            "application/json; charset=gbk",
            cat(&[
                b"{\"content\":\"",
                &gbk(&marked).iter().map(|b| if *b == b'\n' { b' ' } else { *b }).collect::<Vec<u8>>(),
                b"\"}",
            ]),
        ),
    );
    add("query-gbk", "a GBK query string", Request::new("GET", &format!("/article.php?q={}", percent(&gbk(MARK)))));
    add(
        "query-html",
        "editor HTML in a query string",
        Request::new("GET", &format!("/article.php?c={}", percent("绝<i>密</i>&#9733;启用前".as_bytes()))),
    );

    add(
        "name-multipart",
        "a marked multipart filename",
        upload(cat(&[&file(B, "file", &format!("{MARK}.txt"), common::PROSE.as_bytes()), &close(B)])),
    );
    add(
        "name-x-filename",
        "a marked X-Filename",
        Request::new("PUT", "/files")
            .header("X-Filename", &percent(format!("{MARK2}.docx").as_bytes()))
            .body(clean_docx()),
    );
    add(
        "name-content-disposition",
        "a marked filename* in a raw upload's Content-Disposition",
        Request::new("PUT", "/files")
            .header("Content-Disposition", &format!("attachment; filename*=UTF-8''{}.docx", percent(MARK.as_bytes())))
            .body(clean_docx()),
    );
    add(
        "name-x-filename-rfc2047",
        "an X-Filename as an RFC 2047 encoded word",
        Request::new("PUT", "/files")
            .header("X-Filename", &format!("=?UTF-8?B?{}?=", base64(format!("{MARK}.docx").as_bytes())))
            .body(clean_docx()),
    );
    add(
        "name-x-filename-raw",
        "a marked X-Filename in raw UTF-8",
        Request::new("PUT", "/files").raw_header(format!("X-Filename: {MARK}.docx").as_bytes()).body(clean_docx()),
    );
    add(
        "name-gbk-filename",
        "a multipart filename in GBK bytes",
        upload(cat(&[
            format!("--{B}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"").as_bytes(),
            &gbk(MARK),
            b".txt\"\r\nContent-Type: text/plain\r\n\r\n",
            common::PROSE.as_bytes(),
            b"\r\n",
            &close(B),
        ])),
    );
    add(
        "name-zip-member",
        "a marked ZIP member name",
        upload(cat(&[
            &file(B, "file", "attachments.zip", &zip_of(&[(&format!("{MARK2}/说明.txt"), common::PROSE.as_bytes())])),
            &close(B),
        ])),
    );
    add(
        "name-term",
        "a dictionary term in a filename",
        upload(cat(&[&file(B, "file", "紫电计划-进度.txt", common::PROSE.as_bytes()), &close(B)])),
    );
    cases
}
