//! §1: multipart bodies that common parsers read differently.

use super::*;
use crate::differential::encode::{base64_mime, gbk, percent, quoted_printable};

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
        "mp-charset-param-gbk",
        "charset=gbk on the multipart type, GBK field values (Django decodes them)",
        Request::post(
            "/upload.php",
            &format!("multipart/form-data; charset=gbk; boundary={B}"),
            cat(&[&title, &field(B, "content", &gbk(&marked)), &close(B)]),
        ),
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
