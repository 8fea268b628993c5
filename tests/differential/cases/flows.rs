//! §4 (forged decision headers, echoes) and the ordinary flows: review, clean.

use super::*;
use crate::differential::encode::{base64, gbk, percent};

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
    // A browser form whose file input was left empty: a part with filename="" and no bytes.
    let chrome = "----WebKitFormBoundaryQx3r9dXkz8T2mB1e";
    cases.push(Case::clean(
        "clean-multipart-empty-file",
        "a browser form with an empty file input and an empty field",
        Request::post(
            "/upload.php",
            &multipart_type(chrome),
            cat(&[
                &field(chrome, "title", CLEAN_TITLE.as_bytes()),
                &field(chrome, "subtitle", b""),
                &part(chrome, "name=\"attachment\"; filename=\"\"", "Content-Type: application/octet-stream\r\n", b""),
                &close(chrome),
            ]),
        ),
        vec![],
    ));
    cases.push(Case::clean(
        "clean-empty-post",
        "a bodiless POST (a publish button)",
        Request::new("POST", "/article.php?id=42&action=publish"),
        vec![],
    ));
    cases.push(Case::clean(
        "clean-form-punctuation",
        "form values holding encoded & = + % and a URL",
        form("title=A%26B%3DC%2B1+%25&link=https%3A%2F%2Fwww.gov.cn%2Fzhengce%2F%3Fa%3D1%26b%3D2"),
        vec![],
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
