//! §2: Content-Encoding, charsets, XML and SVG bodies.

use super::*;
use crate::differential::encode::{base64_mime, brotli_stored, gbk, gzip, percent, zlib, zstd_raw};

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

    // What a browser shows of an HTML page beyond its text nodes: text written by a script, CSS
    // generated content, form controls' values and placeholders, title tooltips, noscript.
    let html_page = |id: &str, body: String| {
        Request::new("PUT", &format!("/pages/{id}.html"))
            .header("Content-Type", "text/html; charset=utf-8")
            .body(format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知</title></head><body><p>{}</p>{body}</body></html>", common::PROSE).into_bytes())
    };
    add(
        "html-script-write",
        "text a script writes into the page",
        html_page("s", format!("<script>document.write(\"{MARK}\")</script>")),
    );
    add(
        "html-style-content",
        "CSS generated content",
        html_page("c", format!("<style>p::before{{content:\"{MARK}\"}}</style>")),
    );
    add(
        "html-input-value",
        "a form control's value",
        html_page("i", format!("<input type=\"text\" value=\"{MARK}\" readonly>")),
    );
    add("html-placeholder", "a placeholder", html_page("p", format!("<textarea placeholder=\"{MARK}\"></textarea>")));
    add("html-title-attr", "a title tooltip", html_page("t", format!("<span title=\"{MARK}\">附件</span>")));
    add("html-noscript", "noscript content", html_page("n", format!("<noscript>{MARK}</noscript>")));
    add(
        "markdown-refs",
        "a Markdown article whose mark is character references (rendered to HTML, shown decoded)",
        Request::new("PUT", "/articles/notice.md")
            .header("Content-Type", "text/markdown; charset=utf-8")
            .body("# 通知\n\n绝&#23494;&#9733;启用前\n".as_bytes().to_vec()),
    );
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
