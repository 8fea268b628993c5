//! The hand-written cases of issue 8, §1–§4, and the clean flows that must pass untouched.
//!
//! Every protected case hides a mark (`绝密★启用前`, `机密★1年`), a marked DOCX made here, or
//! a dictionary term somewhere a common server stack will read it; the harness proves each is
//! read when sent directly, then that the gateway never lets an application read it unannounced.

use super::encode::{base64, base64_mime, brotli_stored, gbk, gzip, percent, quoted_printable, zlib, zstd_raw};
use super::{Case, Request};
use crate::common;
use std::io::Write;

pub const MARK: &str = "绝密★启用前";
pub const MARK2: &str = "机密★1年";
/// A dictionary term at 工作秘密 in the test dictionary: `review`.
pub const REVIEW_TERM: &str = "青龙工程";
pub const B: &str = "difftestB0undary";

/// The head of an exam paper, as a CMS editor would paste it.
pub fn marked_text() -> String {
    format!("{MARK}\n2026年全省统一考试试题\n")
}

/// A DOCX whose head carries `机密★1年`.
pub fn marked_docx() -> Vec<u8> {
    common::docx(&format!("{}{}", common::para(&["000123"]), common::para(&[MARK2, common::PROSE])), &[])
}

pub fn clean_docx() -> Vec<u8> {
    common::docx(&common::para(&[common::PROSE]), &[])
}

/// An editor's HTML fragment without anything protected (references and tags included).
pub const CLEAN_HTML: &str =
    "<p style=\"text-indent:2em\">为进一步加强政务公开工作&nbsp;&mdash;&#29616;将有关事项通知如下。</p><p><b>各单位</b>要高度重视。</p>";
pub const CLEAN_TITLE: &str = "关于加强政务公开工作的通知";
/// Prose that talks about secrets without being marked: it must pass.
pub const MENTIONS: &str = "<p>机密级载体不得通过普通邮政寄递，须由专人送达。秘密级以上的资料，借阅后须当日归还。</p>";

fn cat(pieces: &[&[u8]]) -> Vec<u8> {
    pieces.concat()
}

pub fn multipart_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// One ordinary part: `--B`, a `form-data` disposition, extra header lines, the body.
pub fn part(boundary: &str, disposition: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    cat(&[
        format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n{extra}\r\n").as_bytes(),
        body,
        b"\r\n",
    ])
}

pub fn field(boundary: &str, name: &str, value: &[u8]) -> Vec<u8> {
    part(boundary, &format!("name=\"{name}\""), "", value)
}

pub fn file(boundary: &str, name: &str, filename: &str, body: &[u8]) -> Vec<u8> {
    part(
        boundary,
        &format!("name=\"{name}\"; filename=\"{filename}\""),
        "Content-Type: application/octet-stream\r\n",
        body,
    )
}

pub fn close(boundary: &str) -> Vec<u8> {
    format!("--{boundary}--\r\n").into_bytes()
}

pub fn upload(body: Vec<u8>) -> Request {
    Request::post("/upload.php", &multipart_type(B), body)
}

pub fn form(body: &str) -> Request {
    Request::post("/article.php", "application/x-www-form-urlencoded", body.as_bytes().to_vec())
}

fn json(body: &str) -> Request {
    Request::post("/api/articles", "application/json", body.as_bytes().to_vec())
}

/// A ZIP holding the given (name, bytes) entries, stored or deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// §1: multipart bodies that parsers read differently.
pub fn multipart() -> Vec<Case> {
    let title = field(B, "title", CLEAN_TITLE.as_bytes());
    let marked = marked_text();
    let content = field(B, "content", marked.as_bytes());
    let docx = marked_docx();
    let mut cases = Vec::new();
    let mut add = |id: &str, what: &str, r: Request| cases.push(Case::protected(id, what, r));

    add("mp-plain-field", "a marked field (baseline)", upload(cat(&[&title, &content, &close(B)])));
    add(
        "mp-plain-docx",
        "a marked DOCX (baseline)",
        upload(cat(&[&title, &file(B, "file", "notice.docx", &docx), &close(B)])),
    );
    add("mp-after-close", "a part after the closing delimiter", upload(cat(&[&title, &close(B), &content, &close(B)])));
    add(
        "mp-docx-after-close",
        "a marked DOCX part after the closing delimiter",
        upload(cat(&[&title, &close(B), &file(B, "file", "a.docx", &docx), &close(B)])),
    );
    add(
        "mp-preamble-text",
        "marked text before the first delimiter",
        upload(cat(&[marked.as_bytes(), b"\r\n", &title, &close(B)])),
    );
    add(
        "mp-preamble-part",
        "a part-shaped preamble before the first delimiter",
        upload(cat(&[
            b"Content-Disposition: form-data; name=\"content\"\r\n\r\n",
            marked.as_bytes(),
            b"\r\n",
            &title,
            &close(B),
        ])),
    );
    // Two boundary parameters: parsers take the first or the last; each reading sees one set.
    let (b1, b2) = ("bOne1", "bTwo2");
    let two = cat(&[
        &field(b1, "title", CLEAN_TITLE.as_bytes()),
        &close(b1),
        &field(b2, "content", marked.as_bytes()),
        &close(b2),
    ]);
    add(
        "mp-two-boundaries-first",
        "boundary given twice, the clean one first",
        Request::post("/upload.php", &format!("multipart/form-data; boundary={b1}; boundary={b2}"), two.clone()),
    );
    add(
        "mp-two-boundaries-last",
        "boundary given twice, the clean one last",
        Request::post("/upload.php", &format!("multipart/form-data; boundary={b2}; boundary={b1}"), two.clone()),
    );
    add(
        "mp-decoy-boundary",
        "a parameter whose name ends in boundary before the real one",
        Request::post("/upload.php", &format!("multipart/form-data; xboundary={b1}; boundary={b2}"), two.clone()),
    );
    add(
        "mp-decoy-boundary-after",
        "the real boundary before a parameter whose name ends in boundary",
        Request::post("/upload.php", &format!("multipart/form-data; boundary={b1}; x-boundary={b2}"), two),
    );
    let lf = |s: &[u8]| -> Vec<u8> { String::from_utf8_lossy(s).replace("\r\n", "\n").into_bytes() };
    add(
        "mp-bare-lf-headers",
        "part headers ended by bare LF",
        upload(cat(&[
            &title,
            format!("--{B}\nContent-Disposition: form-data; name=\"content\"\n\n").as_bytes(),
            marked.as_bytes(),
            b"\r\n",
            &close(B),
        ])),
    );
    add("mp-all-lf", "a body framed with LF only", upload(lf(&cat(&[&title, &content, &close(B)]))));
    let b64 = base64_mime(marked.as_bytes());
    add(
        "mp-cte-base64-field",
        "Content-Transfer-Encoding: base64 on a field",
        upload(cat(&[
            &title,
            &part(B, "name=\"content\"", "Content-Transfer-Encoding: base64\r\n", b64.as_bytes()),
            &close(B),
        ])),
    );
    add(
        "mp-cte-base64-file",
        "Content-Transfer-Encoding: base64 on a marked DOCX",
        upload(cat(&[
            &title,
            &part(
                B,
                "name=\"file\"; filename=\"a.docx\"",
                "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n",
                base64_mime(&docx).as_bytes(),
            ),
            &close(B),
        ])),
    );
    add(
        "mp-cte-qp-field",
        "Content-Transfer-Encoding: quoted-printable on a field",
        upload(cat(&[
            &title,
            &part(
                B,
                "name=\"content\"",
                "Content-Transfer-Encoding: quoted-printable\r\n",
                quoted_printable(marked.as_bytes()).as_bytes(),
            ),
            &close(B),
        ])),
    );
    let inner = "innerMixed9";
    let nested = cat(&[
        format!("--{inner}\r\nContent-Disposition: file; filename=\"a.docx\"\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n").as_bytes(),
        base64_mime(&docx).as_bytes(),
        format!("\r\n--{inner}--\r\n").as_bytes(),
    ]);
    add(
        "mp-nested-mixed",
        "a nested multipart/mixed holding a base64 DOCX",
        upload(cat(&[
            &title,
            &part(B, "name=\"files\"", &format!("Content-Type: multipart/mixed; boundary={inner}\r\n"), &nested),
            &close(B),
        ])),
    );
    add(
        "mp-duplicate-disposition",
        "two Content-Disposition headers",
        upload(cat(&[
            &title,
            format!("--{B}\r\nContent-Disposition: form-data; name=\"title2\"\r\nContent-Disposition: form-data; name=\"content\"; filename=\"a.docx\"\r\n\r\n").as_bytes(),
            &docx,
            b"\r\n",
            &close(B),
        ])),
    );
    add(
        "mp-name-twice",
        "name given twice in one disposition",
        upload(cat(&[&title, &part(B, "name=\"title2\"; name=\"content\"", "", marked.as_bytes()), &close(B)])),
    );
    add(
        "mp-filename-star",
        "a marked filename* beside a clean filename",
        upload(cat(&[
            &title,
            &part(
                B,
                &format!("name=\"file\"; filename=\"notice.txt\"; filename*=UTF-8''{}.txt", percent(MARK.as_bytes())),
                "Content-Type: text/plain\r\n",
                common::PROSE.as_bytes(),
            ),
            &close(B),
        ])),
    );
    add(
        "mp-header-case-spacing",
        "lower-case, unspaced, unquoted part headers",
        upload(cat(&[
            &title,
            format!("--{B}\r\ncontent-disposition:form-data;name=content\r\nCONTENT-TYPE:text/plain\r\n\r\n")
                .as_bytes(),
            marked.as_bytes(),
            b"\r\n",
            &close(B),
        ])),
    );
    add(
        "mp-folded-header",
        "a folded (obs-fold) Content-Disposition",
        upload(cat(&[
            &title,
            format!("--{B}\r\nContent-Disposition: form-data;\r\n name=\"content\"\r\n\r\n").as_bytes(),
            marked.as_bytes(),
            b"\r\n",
            &close(B),
        ])),
    );
    add(
        "mp-quoted-boundary",
        "a quoted boundary parameter",
        Request::post(
            "/upload.php",
            &format!("multipart/form-data; boundary=\"{B}\""),
            cat(&[&title, &content, &close(B)]),
        ),
    );
    let long = "L".repeat(200);
    add(
        "mp-long-boundary",
        "a 200-character boundary",
        Request::post(
            "/upload.php",
            &multipart_type(&long),
            cat(&[
                &field(&long, "title", CLEAN_TITLE.as_bytes()),
                &field(&long, "content", marked.as_bytes()),
                &close(&long),
            ]),
        ),
    );
    add(
        "mp-no-final-crlf",
        "no CRLF after the closing delimiter",
        upload(cat(&[&title, &content, format!("--{B}--").as_bytes()])),
    );
    add("mp-no-close", "no closing delimiter at all", upload(cat(&[&title, &content])));
    add(
        "mp-padded-delimiter",
        "transport padding after a delimiter",
        upload(cat(&[
            &title,
            format!("--{B} \t\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n").as_bytes(),
            marked.as_bytes(),
            b"\r\n",
            &close(B),
        ])),
    );
    add(
        "mp-boundary-prefix-line",
        "a line that starts like the delimiter inside a part",
        upload(cat(&[&field(B, "title", format!("{CLEAN_TITLE}\r\n--{B}x").as_bytes()), &content, &close(B)])),
    );
    add(
        "mp-gbk-field",
        "a field in GBK with its part charset",
        upload(cat(&[
            &title,
            &part(B, "name=\"content\"", "Content-Type: text/plain; charset=gbk\r\n", &gbk(&marked)),
            &close(B),
        ])),
    );
    add(
        "mp-charset-field",
        "a _charset_ field announcing GBK",
        upload(cat(&[&field(B, "_charset_", b"gbk"), &title, &field(B, "content", &gbk(&marked)), &close(B)])),
    );
    add(
        "mp-two-content-types",
        "two Content-Type headers on the request, text/plain first",
        Request::new("POST", "/upload.php")
            .header("Content-Type", "text/plain")
            .header("Content-Type", &multipart_type(B))
            .body(cat(&[
                &title,
                &part(B, "name=\"content\"", "Content-Transfer-Encoding: base64\r\n", b64.as_bytes()),
                &close(B),
            ])),
    );
    add(
        "mp-chunked",
        "a multipart body sent in 7-byte chunks",
        upload(cat(&[&title, &file(B, "file", "a.docx", &docx), &close(B)])).header("Transfer-Encoding", "chunked"),
    );
    // Django ends a part at `--B` anywhere (even mid-line), PHP at `\n--B`: a strict parser
    // sees one clean field holding the rest.
    let tail = cat(&[
        format!("--{B}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.docx\"\r\n\r\n").as_bytes(),
        &docx,
        b"\r\n",
        &close(B),
    ]);
    add(
        "mp-midline-delimiter",
        "a delimiter in the middle of a line",
        upload(cat(&[
            format!("--{B}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n{CLEAN_TITLE}").as_bytes(),
            &tail,
        ])),
    );
    add(
        "mp-lf-delimiter",
        "a delimiter after a bare LF",
        upload(cat(&[
            format!("--{B}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n{CLEAN_TITLE}\n").as_bytes(),
            &tail,
        ])),
    );
    add(
        "mp-attachment-disposition",
        "Content-Disposition: attachment with a name",
        upload(cat(&[&title, format!("--{B}\r\nContent-Disposition: attachment; name=\"content\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n").as_bytes(), &close(B)])),
    );
    add(
        "mp-space-before-colon",
        "a space before the colon of a part header",
        upload(cat(&[&title, format!("--{B}\r\nContent-Disposition : form-data; name=\"content\"\r\nContent-Transfer-Encoding : base64\r\n\r\n{b64}\r\n").as_bytes(), &close(B)])),
    );
    add(
        "mp-empty-filename",
        "a marked field given an empty filename",
        upload(cat(&[&title, &part(B, "name=\"content\"; filename=\"\"", "", marked.as_bytes()), &close(B)])),
    );
    add(
        "mp-uppercase-type",
        "Multipart/Form-Data with BOUNDARY in capitals",
        Request::post(
            "/upload.php",
            &format!("Multipart/Form-Data; BOUNDARY={B}"),
            cat(&[&title, &content, &close(B)]),
        ),
    );
    cases
}

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

/// Cases that still break the rule against the latest gateway merged here (gw-intake), with
/// why. They stay in their sections; the normal tests skip them and `known_gaps_in_the_gateway`
/// (ignored: `cargo test --test gateway_differential -- --ignored`) runs them, so they are
/// neither lost nor hiding a green run. Remove an id when the gateway reads it.
pub const KNOWN_GAPS: &[(&str, &str)] = &[
    ("name-content-disposition", "a raw upload's own Content-Disposition filename* is not read as a file name"),
    ("name-x-filename-rfc2047", "an RFC 2047 encoded-word X-Filename is not decoded (and is logged unmasked)"),
    ("xml-char-refs", "XML is read as text: character references are not decoded"),
    ("xml-cdata-split", "XML is read as text: CDATA sections are not unwrapped"),
    ("svg-char-refs", "SVG (image/svg+xml) is read as text: character references are not decoded"),
    ("xmlrpc-base64-docx", "base64 in XML (XML-RPC <base64>) is not read as a file"),
    ("json-base64-utf16", "base64 of UTF-16 text with a BOM is filtered out as not clean text"),
];

/// Every hand-written case.
pub fn all() -> Vec<Case> {
    [multipart(), decoding(), encodings(), containers(), forged_headers(), review_flows(), clean_flows()].concat()
}

/// §2: Content-Encoding and charsets.
pub fn encodings() -> Vec<Case> {
    let marked = marked_text();
    let body = format!("title=x&content={}", percent(marked.as_bytes()));
    let mut cases = Vec::new();
    let mut add = |id: &str, what: &str, r: Request| cases.push(Case::protected(id, what, r));
    let encoded = |enc: &str, bytes: Vec<u8>| form("").header("Content-Encoding", enc).body(bytes);
    add("ce-gzip-form", "a gzip form", encoded("gzip", gzip(body.as_bytes())));
    add("ce-deflate-form", "a deflate (zlib) form", encoded("deflate", zlib(body.as_bytes())));
    add("ce-br-form", "a brotli form", encoded("br", brotli_stored(body.as_bytes())));
    add("ce-zstd-form", "a zstd form", encoded("zstd", zstd_raw(body.as_bytes())));
    add(
        "ce-gzip-json",
        "a gzip JSON call",
        json("")
            .header("Content-Encoding", "gzip")
            .body(gzip(format!("{{\"content\":{}}}", escaped(&marked)).as_bytes())),
    );
    add(
        "ce-gzip-multipart",
        "a gzip multipart upload",
        upload(gzip(&cat(&[&file(B, "file", "a.docx", &marked_docx()), &close(B)]))).header("Content-Encoding", "gzip"),
    );
    add("ce-x-gzip", "x-gzip", encoded("x-gzip", gzip(body.as_bytes())));
    add("ce-uppercase", "GZIP in capitals", encoded("GZIP", gzip(body.as_bytes())));
    add(
        "ce-gzip-multimember",
        "two gzip members, the mark in the second (Go reads both)",
        encoded(
            "gzip",
            cat(&[&gzip(b"title=x"), &gzip(format!("&content={}", percent(marked.as_bytes())).as_bytes())]),
        ),
    );
    add(
        "ce-two-headers",
        "Content-Encoding: identity, then Content-Encoding: gzip",
        form("").header("Content-Encoding", "identity").header("Content-Encoding", "gzip").body(gzip(body.as_bytes())),
    );
    add("ce-unknown", "an encoding nobody decodes (compress)", encoded("compress", body.clone().into_bytes()));
    add("ce-identity", "Content-Encoding: identity", encoded("identity", body.clone().into_bytes()));
    add("ce-gzip-twice", "gzip, gzip", encoded("gzip, gzip", gzip(&gzip(body.as_bytes()))));

    add(
        "cs-utf16-declared",
        "a text body in UTF-16LE without a BOM, its charset declared",
        Request::new("PUT", "/files")
            .header("Content-Type", "text/plain; charset=utf-16le")
            .header("X-Filename", "n.txt")
            .body(utf16le(&marked)),
    );
    let refs: String = MARK.chars().map(|c| format!("&#{};", c as u32)).collect();
    add(
        "xml-char-refs",
        "an XML body whose text is character references (every XML parser decodes them)",
        Request::post(
            "/api/articles",
            "application/xml",
            format!("<?xml version=\"1.0\"?><article><content>{refs}</content></article>").into_bytes(),
        ),
    );
    add(
        "xml-cdata-split",
        "an XML body with the mark split by a CDATA section",
        Request::post(
            "/api/articles",
            "text/xml",
            "<?xml version=\"1.0\"?><article><content>绝<![CDATA[密★]]>启用前</content></article>".as_bytes().to_vec(),
        ),
    );
    add(
        "xmlrpc-base64-docx",
        "WordPress XML-RPC wp.uploadFile with a base64 DOCX",
        Request::post(
            "/xmlrpc.php",
            "text/xml",
            format!(
                "<?xml version=\"1.0\"?><methodCall><methodName>wp.uploadFile</methodName><params><param><value><int>1</int></value></param><param><value><struct><member><name>name</name><value><string>notice.docx</string></value></member><member><name>bits</name><value><base64>{}</base64></value></member></struct></value></param></params></methodCall>",
                base64_mime(&marked_docx())
            )
            .into_bytes(),
        ),
    );
    add(
        "svg-char-refs",
        "an SVG picture whose text is character references",
        Request::new("PUT", "/media/banner.svg")
            .header("Content-Type", "image/svg+xml")
            .body(format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\"><text x=\"0\" y=\"30\">{refs}</text></svg>").into_bytes()),
    );
    let page =
        |ct: &str, bytes: Vec<u8>| Request::new("PUT", "/pages/notice.html").header("Content-Type", ct).body(bytes);
    add(
        "cs-header-gbk-bytes-utf8",
        "an HTML page declared GBK, sent as UTF-8",
        page("text/html; charset=gbk", format!("<html><body><p>{marked}</p></body></html>").into_bytes()),
    );
    add(
        "cs-meta-utf8-bytes-gbk",
        "an HTML page whose meta says UTF-8, sent as GBK",
        page(
            "text/html",
            cat(&[b"<html><head><meta charset=\"utf-8\"></head><body><p>", &gbk(&marked), b"</p></body></html>"]),
        ),
    );
    add(
        "cs-header-utf8-meta-gbk",
        "header UTF-8, meta GBK, bytes GBK",
        page(
            "text/html; charset=utf-8",
            cat(&[b"<html><head><meta charset=\"gbk\"></head><body><p>", &gbk(&marked), b"</p></body></html>"]),
        ),
    );
    add(
        "cs-latin1-declared",
        "a text body declared ISO-8859-1, sent as UTF-8",
        Request::new("PUT", "/files")
            .header("Content-Type", "text/plain; charset=iso-8859-1")
            .header("X-Filename", "n.txt")
            .body(marked.clone().into_bytes()),
    );
    cases
}

/// §3: ZIP containers read more than one way.
pub fn containers() -> Vec<Case> {
    let clean = clean_docx();
    let marked = marked_docx();
    let mut cases = Vec::new();
    let mut add = |id: &str, what: &str, bytes: Vec<u8>| {
        cases.push(Case::protected(
            &format!("{id}-put"),
            what,
            Request::new("PUT", "/files")
                .header("X-Filename", "notice.docx")
                .header("Content-Type", "application/octet-stream")
                .body(bytes.clone()),
        ));
        cases.push(Case::protected(
            &format!("{id}-multipart"),
            what,
            upload(cat(&[&file(B, "file", "notice.docx", &bytes), &close(B)])),
        ));
    };
    add("zip-clean-then-marked", "cat clean.docx marked.docx", cat(&[&clean, &marked]));
    add("zip-marked-then-clean", "cat marked.docx clean.docx", cat(&[&marked, &clean]));
    add("zip-prefixed", "bytes before the first local header", cat(&[b"MZ\x90\x00 not a zip yet\r\n", &marked]));
    let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf/gbk_regulation.pdf"))
        .expect("a PDF fixture");
    add("zip-after-pdf", "a marked DOCX appended to a clean PDF", cat(&[&pdf, &marked]));
    add("zip-local-vs-central", "local headers and central directory disagree", disagreeing_zip());
    add("gzip-file", "marked text in a .gz file (unread: review at most)", gzip(marked_text().as_bytes()));
    add(
        "tar-file",
        "marked text in a .tar file (unread: review at most)",
        tar_of(&format!("{MARK}.txt"), marked_text().as_bytes()),
    );
    cases
}

/// A ustar archive of one file.
fn tar_of(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut header = [0u8; 512];
    header[..name.len()].copy_from_slice(name.as_bytes());
    header[100..108].copy_from_slice(b"0000644\0");
    header[108..116].copy_from_slice(b"0000000\0");
    header[116..124].copy_from_slice(b"0000000\0");
    header[124..136].copy_from_slice(format!("{:011o}\0", bytes.len()).as_bytes());
    header[136..148].copy_from_slice(b"00000000000\0");
    header[148..156].copy_from_slice(b"        ");
    header[156] = b'0';
    header[257..263].copy_from_slice(b"ustar\0");
    header[263..265].copy_from_slice(b"00");
    let sum: u32 = header.iter().map(|b| u32::from(*b)).sum();
    header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut out = header.to_vec();
    out.extend_from_slice(bytes);
    out.resize(out.len().div_ceil(512) * 512 + 1024, 0);
    out
}

/// A DOCX whose central directory names a clean `word/document.xml` and an unrelated
/// `word/documenZ.xml`, while the second entry's local header calls itself
/// `word/document.xml` and holds the mark: a streaming reader sees the marked document last.
fn disagreeing_zip() -> Vec<u8> {
    let clean = clean_docx();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(clean)).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        entries.push((f.name().to_string(), bytes));
    }
    let doc = String::from_utf8(entries.iter().find(|(n, _)| n == "word/document.xml").unwrap().1.clone()).unwrap();
    let marked_doc = doc.replacen("<w:body>", &format!("<w:body>{}", common::para(&[MARK2])), 1);
    entries.push(("word/documenZ.xml".into(), marked_doc.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let mut bytes = zip_of(&refs);
    // Rename the last local header's entry; the central directory keeps `documenZ`.
    let local = bytes.windows(4).rposition(|w| w == b"PK\x03\x04").unwrap();
    let name_at = local + 30;
    assert_eq!(&bytes[name_at..name_at + 17], b"word/documenZ.xml");
    bytes[name_at + 12] = b't';
    bytes
}

/// §4: headers a client must not be able to forge, and answers that must not echo.
pub fn forged_headers() -> Vec<Case> {
    let mut cases = Vec::new();
    // An undefined entity named after a dictionary term: the reader's error must not quote it.
    let entity = common::docx(&common::para(&["&紫电计划;", common::PROSE]), &[]);
    cases.push(Case::protected(
        "echo-undefined-entity",
        "a DOCX whose XML names an undefined entity after a dictionary term",
        Request::new("PUT", "/files").header("X-Filename", "notice.docx").body(entity),
    ));
    let review = format!("title=x&content={}", percent(format!("{REVIEW_TERM}进展顺利。").as_bytes()));
    cases.push(Case::protected(
        "forge-pass-on-review",
        "X-Mijian-Verdict: pass sent with review-level text",
        form(&review).header("X-Mijian-Verdict", "pass"),
    ));
    cases.push(Case::protected(
        "forge-underscore-on-review",
        "X_Mijian_Verdict: pass (PHP maps _ like -) with review-level text",
        form(&review).header("X_Mijian_Verdict", "pass"),
    ));
    cases.push(Case::protected(
        "forge-review-on-marked",
        "X-Mijian-Verdict: review sent with a mark",
        form(&format!("content={}", percent(marked_text().as_bytes()))).header("X-Mijian-Verdict", "review"),
    ));
    let body = format!("title={}&content={}", percent(CLEAN_TITLE.as_bytes()), percent(CLEAN_HTML.as_bytes()));
    cases.push(Case::clean(
        "forge-on-clean",
        "a clean form with forged X-Mijian-* headers",
        form(&body)
            .header("X-Mijian-Verdict", "review")
            .header("x-mijian-verdict", "block")
            .header("X-Mijian-Request-Id", "forged-1")
            .header("X-Mijian-Rules-Version", "forged"),
        vec![],
    ));
    cases.push(Case::clean(
        "forge-underscore-on-clean",
        "a clean form with X_Mijian_Verdict and X_Mijian_Request_Id",
        form(&body).header("X_Mijian_Verdict", "review").header("X_Mijian_Request_Id", "forged-2"),
        vec![],
    ));
    cases
}

/// Work-secret material (`review`): held by default; under `--review forward` the CMS gets it
/// once, told `review`, however it was encoded.
pub fn review_flows() -> Vec<Case> {
    let text = format!("关于{REVIEW_TERM}的进展情况。");
    let docx = common::docx(&common::para(&[&text]), &[]);
    vec![
        Case::reviewed("review-form", "a form field", form(&format!("content={}", percent(text.as_bytes())))),
        Case::reviewed(
            "review-json",
            "a JSON string with escapes",
            json(&format!("{{\"content\":{}}}", escaped(&text))),
        ),
        Case::reviewed(
            "review-multipart-docx",
            "a DOCX upload with an article",
            upload(cat(&[&field(B, "content", CLEAN_HTML.as_bytes()), &file(B, "file", "a.docx", &docx), &close(B)])),
        ),
        Case::reviewed(
            "review-json-base64-docx",
            "a base64 DOCX in JSON",
            json(&format!("{{\"data\":\"{}\"}}", base64(&docx))),
        ),
        Case::reviewed(
            "review-query",
            "a query string",
            Request::new("GET", &format!("/search.php?q={}", percent(text.as_bytes()))),
        ),
    ]
}

/// The ordinary CMS flows: forwarded untouched, told `pass`.
pub fn clean_flows() -> Vec<Case> {
    let docx = clean_docx();
    let mut cases = Vec::new();
    cases.push(Case::clean(
        "clean-multipart-article",
        "an article: title, editor HTML and a DOCX",
        upload(cat(&[
            &field(B, "title", CLEAN_TITLE.as_bytes()),
            &field(B, "content", CLEAN_HTML.as_bytes()),
            &file(B, "file", "通知.docx", &docx),
            &close(B),
        ])),
        vec![docx.clone()],
    ));
    // What .NET's MultipartFormDataContent writes: a quoted boundary, unquoted names, part
    // Content-Type before the disposition, filename and filename* together.
    let dotnet = "9b2f4c1e-3a57-4d0b-8c6e-0f1d2a3b4c5d";
    cases.push(Case::clean(
        "clean-multipart-dotnet",
        "an upload as .NET HttpClient writes it",
        Request::post(
            "/upload.php",
            &format!("multipart/form-data; boundary=\"{dotnet}\""),
            cat(&[
                format!("--{dotnet}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name=title\r\n\r\n{CLEAN_TITLE}\r\n").as_bytes(),
                format!("--{dotnet}\r\nContent-Disposition: form-data; name=file; filename=notice.docx; filename*=utf-8''%E9%80%9A%E7%9F%A5.docx\r\n\r\n").as_bytes(),
                &docx,
                format!("\r\n--{dotnet}--\r\n").as_bytes(),
            ]),
        ),
        vec![docx.clone()],
    ));
    cases.push(Case::clean(
        "clean-json-escaped",
        "an article as PHP's json_encode writes it (every non-ASCII character escaped)",
        json(&format!("{{\"title\":{},\"content\":{}}}", escaped(CLEAN_TITLE), escaped(MENTIONS))),
        vec![],
    ));
    let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf/gbk_regulation.pdf"))
        .expect("a PDF fixture");
    cases.push(Case::clean(
        "clean-multipart-pdf",
        "a public regulation (PDF) with a summary that mentions classification levels",
        upload(cat(&[&field(B, "summary", MENTIONS.as_bytes()), &file(B, "file", "regulation.pdf", &pdf), &close(B)])),
        vec![pdf.clone()],
    ));
    for (id, boundary) in [
        ("clean-multipart-chrome", "----WebKitFormBoundary7MA4YWxkTrZu0gW"),
        ("clean-multipart-firefox", "----geckoformboundary4f1c2e9d8a7b6c5d4e3f2a1b0c9d8e7f"),
    ] {
        cases.push(Case::clean(
            id,
            "an article as a browser posts it",
            Request::post(
                "/upload.php",
                &multipart_type(boundary),
                cat(&[
                    &field(boundary, "title", CLEAN_TITLE.as_bytes()),
                    &field(boundary, "content", CLEAN_HTML.as_bytes()),
                    &part(
                        boundary,
                        "name=\"file\"; filename=\"通知.docx\"",
                        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n",
                        &docx,
                    ),
                    &close(boundary),
                ]),
            ),
            vec![docx.clone()],
        ));
    }
    cases.push(Case::clean(
        "clean-form",
        "an article as a form post",
        form(&format!("title={}&content={}", percent(CLEAN_TITLE.as_bytes()), percent(CLEAN_HTML.as_bytes()))),
        vec![],
    ));
    cases.push(Case::clean(
        "clean-form-gbk",
        "a GBK form with its charset",
        Request::post(
            "/article.php",
            "application/x-www-form-urlencoded; charset=gbk",
            format!("title={}", percent(&gbk(CLEAN_TITLE))).into_bytes(),
        ),
        vec![],
    ));
    cases.push(Case::clean(
        "clean-json-base64-docx",
        "a JSON API call with a base64 DOCX",
        json(&format!(
            "{{\"title\":{},\"content\":{},\"file\":{{\"name\":\"a.docx\",\"data\":\"{}\"}}}}",
            escaped(CLEAN_TITLE),
            escaped(CLEAN_HTML),
            base64(&docx)
        )),
        vec![],
    ));
    cases.push(Case::clean(
        "clean-put-docx",
        "a raw DOCX upload",
        Request::new("PUT", "/files")
            .header("X-Filename", "notice.docx")
            .header("Content-Type", "application/octet-stream")
            .body(docx.clone()),
        vec![],
    ));
    cases.push(Case::clean(
        "clean-get-query",
        "a page view with a Chinese query",
        Request::new("GET", &format!("/search.php?q={}&page=2", percent(CLEAN_TITLE.as_bytes()))),
        vec![],
    ));
    cases
}

/// The text in UTF-16LE, without a BOM.
pub fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A JSON string literal with every non-ASCII character as `\uXXXX` (surrogate pairs too).
pub fn escaped(text: &str) -> String {
    let mut out = String::from("\"");
    for u in text.encode_utf16() {
        match u {
            0x22 => out.push_str("\\\""),
            0x5c => out.push_str("\\\\"),
            0x0a => out.push_str("\\n"),
            0x20..=0x7e => out.push(u as u8 as char),
            _ => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out.push('"');
    out
}
