//! End-to-end tests of PDF reading: the real `mijian` binary on the committed fixtures of
//! `tests/fixtures/pdf/` (made by `make.py` there; its README says what each one proves).
//!
//! Every test checks the text mijian read as well as the verdict, so that a verdict reached for
//! the wrong reason (nothing read at all) fails.

mod common;
use common::*;

use std::path::PathBuf;

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf").join(name);
    assert!(p.is_file(), "missing fixture {} (see tests/fixtures/pdf/make.py)", p.display());
    p
}

/// `mijian extract --format json` on a fixture: the segments, after checking the exit status.
fn extract(name: &str) -> Vec<Value> {
    let p = fixture(name);
    let run = mijian(&["extract", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(run.status, 0, "extract {name}: {}", run.stderr);
    run.json()
}

/// The text of the segments of `part`, joined by newlines, with their pages.
fn texts_of(segments: &[Value], part: &str) -> Vec<(Option<u64>, String)> {
    segments
        .iter()
        .filter(|s| s["part"] == part)
        .map(|s| (s["location"]["page"].as_u64(), s["text"].as_str().unwrap().to_owned()))
        .collect()
}

/// Findings of a scan report as (rule, part, page, matched).
fn findings(report: &Value) -> Vec<(String, String, Option<u64>, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["location"]["part"].as_str().unwrap().to_owned(),
                f["location"]["page"].as_u64(),
                f["matched"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// LibreOffice export (subset-embedded TrueType with ToUnicode): the mark sits in the page
/// header of both pages, and is reported there with each page's number.
#[test]
fn mark_in_page_header_blocks_with_page_numbers() {
    let segments = extract("lo_header_mark.pdf");
    let headers = texts_of(&segments, "page-header");
    let pages: Vec<_> = headers.iter().map(|(p, t)| (*p, without_spaces(t))).collect();
    assert_eq!(pages, [(Some(1), "机密★1年".to_owned()), (Some(2), "机密★1年".to_owned())]);
    let body = texts_of(&segments, "page");
    assert!(body[0].1.contains("关于做好政务公开工作的通知"), "{body:?}");
    assert!(body.iter().all(|(_, t)| !t.contains("机密")), "the header is split off the body: {body:?}");

    let (status, report) = scan_json(&fixture("lo_header_mark.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    assert_eq!(report["format"], "pdf");
    let found = findings(&report);
    let located: Vec<_> = found.iter().map(|(rule, part, page, _)| (rule.as_str(), part.as_str(), *page)).collect();
    assert_eq!(
        located,
        [("marking.state-secret", "page-header", Some(1)), ("marking.state-secret", "page-header", Some(2))],
        "{report}"
    );
    let signals = report["findings"][0]["signals"].as_array().unwrap();
    assert!(signals.contains(&"in_header".into()), "{report}");
}

/// A dictionary term that LibreOffice wrapped at the line end (`青鸾七` / `号工程`) is found
/// with a dictionary, and the file passes without one.
#[test]
fn term_wrapped_across_lines_is_found() {
    let segments = extract("lo_wrapped_term.pdf");
    let body = &texts_of(&segments, "page")[0].1;
    assert!(body.contains("青鸾七\n号工程"), "the fixture must print the term on two lines: {body:?}");

    let (status, report) = scan_json(&fixture("lo_wrapped_term.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");

    let dir = tempdir();
    let dict = write(dir.path(), "projects.txt", "# code names\n青鸾七号工程\t机密\tproject\n".as_bytes());
    let (status, report) = scan_json(&fixture("lo_wrapped_term.pdf"), &["--dict", dict.to_str().unwrap()]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    let f = &report["findings"][0];
    assert_eq!(f["kind"], "term");
    assert_eq!(f["rule"], "projects.txt:2");
    assert_eq!(f["matched"], "青鸾七\n号工程", "the original text, line break included");
    assert_eq!((f["location"]["part"].as_str(), f["location"]["page"].as_u64()), (Some("page"), Some(1)));
}

/// reportlab with the non-embedded STSong-Light (UniGB-UCS2-H): a Title property of 机密 alone
/// blocks, located in the `info` part, while the pages are public prose.
#[test]
fn title_property_blocks() {
    let segments = extract("rl_title.pdf");
    let body = &texts_of(&segments, "page")[0].1;
    assert!(body.starts_with("关于做好政务公开工作的通知\n为进一步加强政务公开工作"), "{body:?}");
    assert_eq!(texts_of(&segments, "info").iter().filter(|(_, t)| t == "机密").count(), 1, "{segments:?}");

    let (status, report) = scan_json(&fixture("rl_title.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    let f = &report["findings"][0];
    assert_eq!((f["class"].as_str(), f["matched"].as_str()), (Some("机密"), Some("机密")));
    assert_eq!(f["location"]["part"], "info");
    assert_eq!(f["location"]["field"], "Title");
    assert_eq!(report["findings_total"], 1, "the page text is clean: {report}");
}

/// A comment (Text annotation) carries the mark; the page does not.
#[test]
fn annotation_with_mark_blocks() {
    let segments = extract("rl_annotation.pdf");
    assert_eq!(texts_of(&segments, "annotation"), [(Some(1), "机密★10年\n审核意见：暂缓发布。".to_owned())]);
    assert!(texts_of(&segments, "page").iter().all(|(_, t)| !t.contains("机密")));

    let (status, report) = scan_json(&fixture("rl_annotation.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    assert_eq!(
        findings(&report),
        [("marking.state-secret".to_owned(), "annotation".to_owned(), Some(1), "机密★10年".to_owned())]
    );
}

/// A user password: nothing can be read, so `error` with the reason `encrypted`, exit 2, for
/// both `scan` and `extract`.
#[test]
fn encrypted_with_user_password_is_an_error() {
    let p = fixture("enc_user_password.pdf");
    let (status, report) = scan_json(&p, &[]);
    assert_eq!((status, report["verdict"].as_str()), (2, Some("error")), "{report}");
    assert!(report["error"].as_str().unwrap().starts_with("encrypted"), "{report}");
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);

    let run = mijian(&["extract", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("enc_user_password.pdf") && run.stderr.contains("encrypted"), "{}", run.stderr);
}

/// An owner password only (empty user password, AES-128): the file opens for anyone, so mijian
/// decrypts it and finds the mark in the page head.
#[test]
fn owner_password_only_is_decrypted_and_read() {
    let segments = extract("enc_owner_only.pdf");
    let body = &texts_of(&segments, "page")[0].1;
    assert!(body.starts_with("秘密★6个月\n关于某项工作的通知"), "{body:?}");

    let (status, report) = scan_json(&fixture("enc_owner_only.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    assert_eq!(
        findings(&report),
        [("marking.state-secret".to_owned(), "page".to_owned(), Some(1), "秘密★6个月".to_owned())]
    );
}

/// A page that is one picture and no text (a scan) cannot be checked: `review`, never `pass`.
#[test]
fn image_only_page_needs_review() {
    let segments = extract("image_only.pdf");
    assert!(texts_of(&segments, "page").is_empty(), "{segments:?}");

    let (status, report) = scan_json(&fixture("image_only.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("review")), "{report}");
    let reasons = report["reasons"].to_string();
    assert!(reasons.contains("page 1: no text layer"), "{reasons}");
    // (With OCR the picture itself is noted too, before the page.)
    let unread = report["coverage"]["unread"].as_array().unwrap();
    let page = unread.iter().find(|u| u["part"] == "page 1").unwrap_or_else(|| panic!("{report}"));
    assert!(page["reason_id"] == "no_text_layer" || page["reason_id"] == "nothing_recognised", "{report}");
    assert_eq!(page["needs_review"], true, "{report}");
}

/// A file cut in half (the LibreOffice fixture, xref and trailer lost) is an `error`, exit 2;
/// so is every shorter cut of every fixture, made here at run time.
#[test]
fn truncated_files_are_errors() {
    let (status, report) = scan_json(&fixture("truncated.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (2, Some("error")), "{report}");
    assert!(report["error"].as_str().unwrap().contains("truncated"), "{report}");
    let p = fixture("truncated.pdf");
    let run = mijian(&["extract", p.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("truncated.pdf"), "{}", run.stderr);

    let dir = tempdir();
    for name in ["lo_header_mark.pdf", "rl_title.pdf", "gbk_mark.pdf", "enc_owner_only.pdf"] {
        let whole = std::fs::read(fixture(name)).unwrap();
        for share in [10, 50, 90, 99] {
            let cut = &whole[..whole.len() * share / 100];
            let p = write(dir.path(), &format!("{share}-{name}"), cut);
            let (status, report) = scan_json(&p, &[]);
            assert_eq!((status, report["verdict"].as_str()), (2, Some("error")), "{name} cut at {share}%: {report}");
        }
    }
}

/// A public regulation that mentions the level words (`机密级载体…`), hand-written with the
/// predefined CMap GBK-EUC-H (codes are GBK, no ToUnicode): read in full, and it passes.
#[test]
fn public_regulation_passes() {
    let segments = extract("gbk_regulation.pdf");
    let body = &texts_of(&segments, "page")[0].1;
    assert!(body.contains("第二条 机密级载体不得通过普通邮政寄递，须由专人送达。"), "{body:?}");
    assert!(body.ends_with("（此件公开发布）"), "{body:?}");
    let title = texts_of(&segments, "info");
    assert_eq!(title, [(None, "保密工作管理规定".to_owned())]);

    let (status, report) = scan_json(&fixture("gbk_regulation.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");
    assert_eq!(report["findings_total"], 0);
    assert_eq!(report["coverage"]["read"], serde_json::json!(["page 1"]));
}

/// The same GBK-EUC-H font with a GB/T 9704 head (份号 then the mark): blocks at line 2.
#[test]
fn gbk_encoded_mark_blocks() {
    let (status, report) = scan_json(&fixture("gbk_mark.pdf"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    let f = &report["findings"][0];
    assert_eq!((f["matched"].as_str(), f["location"]["line"].as_u64()), (Some("机密★1年"), Some(2)));
    assert!(f["signals"].as_array().unwrap().contains(&"after_copy_number".into()), "{f}");
}

/// The whole folder in one run: every file reported once, and the error wins the exit status.
#[test]
fn folder_of_fixtures_reports_every_file() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let run = mijian(&["scan", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let mut verdicts: Vec<_> = run
        .json()
        .iter()
        .filter(|r| r["format"] == "pdf")
        .map(|r| {
            let path = r["path"].as_str().unwrap();
            let name = path.rsplit(['/', '\\']).next().unwrap().to_owned();
            (name, r["verdict"].as_str().unwrap().to_owned())
        })
        .collect();
    verdicts.sort();
    let expected = [
        ("enc_owner_only.pdf", "block"),
        ("enc_user_password.pdf", "error"),
        ("gbk_mark.pdf", "block"),
        ("gbk_regulation.pdf", "pass"),
        ("image_only.pdf", "review"),
        ("lo_header_mark.pdf", "block"),
        ("lo_wrapped_term.pdf", "pass"),
        ("rl_annotation.pdf", "block"),
        ("rl_title.pdf", "block"),
        ("truncated.pdf", "error"),
    ];
    let got: Vec<_> = verdicts.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(got, expected);
}

/// The readers' work limits are options of `mijian scan` (and of `mijian serve`, the same
/// struct): each one, set below what the file needs, makes the file `error` with its own typed
/// limit, never a verdict on part of it; at its default the same file is read whole.
#[test]
fn the_readers_work_limits_are_options_and_each_ends_in_its_own_error() {
    let p = fixture("lo_header_mark.pdf");
    let path = p.to_str().unwrap();
    let cases = [
        ("--max-pdf-pages", "0", "pages of a PDF over the limit of 0", "PDF 页数超过上限 0"),
        ("--max-pdf-objects", "3", "objects of a PDF over the limit of 3", "PDF 对象数超过上限 3"),
        (
            "--max-operations",
            "3",
            "content operations (PDF operators) over the limit of 3",
            "内容操作数（PDF 操作符）超过上限 3",
        ),
        (
            "--max-page-operations",
            "3",
            "content operations on one PDF page over the limit of 3",
            "单页 PDF 的内容操作数超过上限 3",
        ),
        ("--max-page-glyphs", "5", "glyphs one PDF page shows over the limit of 5", "单页 PDF 显示的字形数超过上限 5"),
        (
            "--max-cmap-entries",
            "1",
            "mappings of one kind in a PDF font's CMap over the limit of 1",
            "PDF 字体 CMap 中同类映射的条数超过上限 1",
        ),
        (
            "--max-segment-bytes",
            "1k",
            "bytes held by the text segments awaiting matching (all nesting levels; each its text plus a fixed overhead) over the limit of 1024",
            "待匹配的文字片段占用的字节数（所有嵌套层合计，每段按其文字加固定开销计）超过上限 1024",
        ),
    ];
    for (flag, value, en, zh) in cases {
        let (status, report) = scan_json(&p, &[flag, value]);
        assert_eq!(status, 2, "{flag}: {report}");
        assert_eq!(report["verdict"], "error", "{flag}");
        assert_eq!(report["error_kind"], "limit", "{flag}");
        assert!(report["error"].as_str().unwrap().contains(en), "{flag}: {}", report["error"]);
        let run = mijian(&["--lang", "zh", "scan", flag, value, path]);
        assert!(run.stdout.contains(zh), "{flag}: {}", run.stdout);
    }
    let (status, report) = scan_json(&p, &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    for lang in ["en", "zh"] {
        let help = mijian(&["--lang", lang, "scan", "--help"]).stdout;
        let serve = mijian(&["--lang", lang, "serve", "--help"]).stdout;
        for flag in [
            "--max-pdf-pages",
            "--max-pdf-objects",
            "--max-operations",
            "--max-page-operations",
            "--max-page-glyphs",
            "--max-cmap-entries",
            "--max-doc-chars",
            "--max-segment-bytes",
            "--segment-ratio",
        ] {
            assert!(help.contains(flag) && serve.contains(flag), "{lang}: {flag}");
        }
    }
}
