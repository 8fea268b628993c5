//! The adversarial corpus (issue 12): files made to knock mijian over or to slip past it, each
//! generated here, each with its documented verdict, bounded by the limits by construction.
//!
//! No test measures time: each one shows the bound that keeps it small (the file's budget
//! stopped the work after a handful of reports, the limit named in the error), and the whole
//! file runs in seconds on a debug build. Peak memory is measured in `benches/adversarial.sh`.

mod common;
mod hostile;

use common::*;
use hostile::*;
use serde_json::Value;
use std::path::Path;

/// Scans `path` and returns (exit status, every report, stderr).
fn scan_all(path: &Path) -> (i32, Vec<Value>, String) {
    let run = mijian(&["scan", "--format", "json", path.to_str().unwrap()]);
    (run.status, run.json(), run.stderr)
}

fn verdict(r: &Value) -> &str {
    r["verdict"].as_str().unwrap()
}

fn error(r: &Value) -> &str {
    r["error"].as_str().unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Compression bombs

/// 42.zip's shape: 16 KB nested four deep, 16 members per level, 1 MiB of zeros at the bottom:
/// 64 GiB in all. One budget for the whole file stops it after about 16 MiB: `error`, naming the
/// limit, after a few reports instead of 69,905.
#[test]
fn nested_zip_bomb_is_an_error_within_one_budget() {
    let bomb = nested_zip_bomb(4, 16, 1);
    assert!(bomb.len() < 20_000, "the bomb is small: {} bytes", bomb.len());
    let dir = tempdir();
    let path = write(dir.path(), "42.zip", &bomb);
    let (status, reports, _) = scan_all(&path);
    assert_eq!(status, 2);
    let top = &reports[0];
    assert_eq!(verdict(top), "error", "{top}");
    assert!(error(top).contains("bytes decompressed from the file (all nesting levels)"), "{top}");
    // The budget is the file's: 1000 times its size but at least 16 MiB, whatever the nesting.
    let budget = (bomb.len() as u64 * 1000).max(16 << 20);
    assert!(error(top).contains(&format!("over the limit of {budget} ")), "{top}");
    // Depth-first to the first leaf, which ran out: one report per level, nothing more.
    assert_eq!(reports.len(), 4, "{reports:#?}");
    assert!(reports.iter().all(|r| verdict(r) == "error"));
}

/// One entry of 64 MiB of zeros in 65 KB: refused by the entry's ratio (or the file's budget,
/// whichever comes first), having inflated no more than the cap.
#[test]
fn single_deflate_bomb_is_an_error() {
    let data = deflated_zeros(64);
    let entry = RawEntry {
        name: "zeros.txt".into(),
        data: data.into(),
        deflated: true,
        crc: 0,
        size: 64 << 20,
        same_data_as: None,
    };
    let dir = tempdir();
    let path = write(dir.path(), "bomb.zip", &raw_zip(&[entry]));
    let (status, reports, _) = scan_all(&path);
    assert_eq!(status, 2);
    assert_eq!(reports.len(), 1, "the member was never handed on: {reports:#?}");
    let e = error(&reports[0]);
    assert!(e.contains("ratio above 1000:1") || e.contains("bytes decompressed from the file"), "{e}");
}

/// Entries sharing one compressed stream (a few KB listing thousands of MiB-sized entries):
/// each entry is honest about its size and ratio, only their sum is a bomb, and the file's
/// budget is what stops it.
#[test]
fn overlapping_entries_are_bounded_by_the_file_budget() {
    let zeros = RawEntry {
        name: "0.txt".into(),
        data: deflated_zeros(1).into(),
        deflated: true,
        crc: crc32_of_zeros(1 << 20),
        size: 1 << 20,
        same_data_as: None,
    };
    let mut entries = vec![zeros.clone()];
    for i in 1..2000 {
        entries.push(RawEntry { name: format!("{i}.txt"), same_data_as: Some(0), ..zeros.clone() });
    }
    let bytes = raw_zip(&entries);
    let dir = tempdir();
    let path = write(dir.path(), "overlap.zip", &bytes);
    let (status, reports, _) = scan_all(&path);
    assert_eq!(status, 2);
    let top = &reports[0];
    assert_eq!(verdict(top), "error", "{top}");
    let e = error(top);
    // Either the archive is refused for its overlapping entries, or the budget stops it.
    assert!(e.contains("bytes decompressed from the file") || e.contains("overlap"), "{e}");
    // 16 MiB of budget holds 16 of the 2000 MiB-sized entries: the archive stops there.
    assert!(reports.len() <= 17, "bounded: {} reports", reports.len());
}

/// The budget is the top-level file's: a marked document next to a bomb in one archive is still
/// found (block) when the bomb comes after it, and the archive is `error` all the same.
#[test]
fn a_mark_before_the_bomb_is_reported_and_the_archive_is_an_error() {
    let marked = RawEntry::deflated("a-notice.txt", "000123\n机密★1年\n关于加强管理的通知\n".as_bytes());
    let bomb = RawEntry::deflated("b-42.zip", &nested_zip_bomb(3, 16, 1));
    let dir = tempdir();
    let path = write(dir.path(), "mixed.zip", &raw_zip(&[marked, bomb]));
    let (_, reports, _) = scan_all(&path);
    let notice = reports.iter().find(|r| r["path"].as_str().unwrap().ends_with("!a-notice.txt")).unwrap();
    assert_eq!(verdict(notice), "block");
    assert_eq!(verdict(&reports[0]), "error", "{}", reports[0]);
}

// ---------------------------------------------------------------------------------------------
// XML: entities and DTDs are never expanded nor fetched; sizes and depths are bounded

/// A listener on 127.0.0.1 that counts the connections made to it: an external DTD or entity
/// that is fetched shows up here.
struct Trap {
    listener: std::net::TcpListener,
}

impl Trap {
    fn new() -> Trap {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        Trap { listener }
    }
    fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.listener.local_addr().unwrap())
    }
    fn connections(&self) -> usize {
        std::iter::from_fn(|| self.listener.accept().ok()).count()
    }
}

/// A DOCX with a mark in its body and every kind of XML part around it.
fn marked_docx() -> Vec<u8> {
    docx(
        &format!("{}{}", para(&["000123"]), para(&["机密★1年"])),
        &[
            ("word/header1.xml", &header_part("hdr", "页眉")),
            (
                "word/comments.xml",
                &format!(
                    r#"<w:comments xmlns:w="{W}"><w:comment w:id="0">{}</w:comment></w:comments>"#,
                    para(&["批注"])
                ),
            ),
            (
                "docProps/core.xml",
                r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>通知</dc:title></cp:coreProperties>"#,
            ),
        ],
    )
}

fn xml_part(name: &str) -> bool {
    name.ends_with(".xml") || name.ends_with(".rels")
}

/// An external DTD and an external parameter entity in every XML part of a DOCX: nothing is
/// fetched, and the document reads as it would without them (the mark in the body blocks).
#[test]
fn external_dtds_in_every_xml_part_are_never_fetched() {
    let trap = Trap::new();
    let doctype = format!(
        r#"<!DOCTYPE root SYSTEM "{}" [<!ENTITY % ext SYSTEM "{}"> %ext;]>"#,
        trap.url("evil.dtd"),
        trap.url("param.dtd")
    );
    let bytes =
        rewrite_zip(&marked_docx(), |name, xml| if xml_part(name) { with_doctype(&xml, &doctype, "") } else { xml });
    let dir = tempdir();
    let path = write(dir.path(), "dtd.docx", &bytes);
    let (_, reports, _) = scan_all(&path);
    assert_eq!(trap.connections(), 0, "a DTD was fetched");
    assert_eq!(verdict(&reports[0]), "block", "{}", reports[0]);
}

/// An external entity referenced in any one XML part: the part is refused (`error`), never
/// expanded (the entity points at a file holding a mark: expanding it would `block`) and never
/// fetched; the other parts are no excuse to `pass`.
#[test]
fn external_entities_are_never_expanded_in_any_part() {
    let trap = Trap::new();
    let dir = tempdir();
    let secret = write(dir.path(), "secret.txt", "机密★1年".as_bytes());
    let clean = docx(&para(&[PROSE]), &[("word/header1.xml", &header_part("hdr", "页眉"))]);
    let names: Vec<String> = {
        let a = zip::ZipArchive::new(std::io::Cursor::new(&clean)).unwrap();
        a.file_names().filter(|n| xml_part(n)).map(str::to_owned).collect()
    };
    assert!(names.len() >= 5, "{names:?}");
    for (entity, target) in [("net", trap.url("x")), ("file", format!("file://{}", secret.display()))] {
        for part in &names {
            let doctype = format!(r#"<!DOCTYPE root [<!ENTITY {entity} SYSTEM "{target}">]>"#);
            let reference = format!("&{entity};");
            let bytes = rewrite_zip(
                &clean,
                |name, xml| {
                    if name == part {
                        with_doctype(&xml, &doctype, &reference)
                    } else {
                        xml
                    }
                },
            );
            let path = write(dir.path(), "xxe.docx", &bytes);
            let (_, reports, _) = scan_all(&path);
            let v = verdict(&reports[0]);
            assert!(v == "error" || v == "pass", "{part}: {}", reports[0]);
            if v == "pass" {
                // Only a part whose text is never read may leave the reference unexpanded.
                assert!(!part.starts_with("word/document") && !part.starts_with("word/header"), "{part}");
            }
        }
    }
    assert_eq!(trap.connections(), 0, "an entity was fetched");
}

/// Billion laughs: ten levels of ten references, a gigabyte if expanded. An internal entity is
/// not expanded either: the part is refused at the reference, at once.
#[test]
fn billion_laughs_is_refused_without_expanding() {
    let mut doctype = String::from(r#"<!DOCTYPE w:document [<!ENTITY lol0 "机密★1年">"#);
    for i in 1..10 {
        doctype.push_str(&format!(r#"<!ENTITY lol{i} "{}">"#, format!("&lol{};", i - 1).repeat(10)));
    }
    doctype.push_str("]>");
    let body = para(&["&lol9;"]);
    let bytes = rewrite_zip(&docx(&body, &[]), |name, xml| {
        if name == "word/document.xml" {
            with_doctype(&xml, &doctype, "")
        } else {
            xml
        }
    });
    let dir = tempdir();
    let path = write(dir.path(), "laughs.docx", &bytes);
    let (status, reports, _) = scan_all(&path);
    assert_eq!(status, 2);
    assert_eq!(verdict(&reports[0]), "error", "{}", reports[0]);
    assert!(error(&reports[0]).contains("word/document.xml"), "{}", reports[0]);
}

/// A million sibling paragraphs are read to the last one (whose mark blocks); nesting 100,000
/// deep is refused at the depth limit, naming the part.
#[test]
fn a_million_siblings_are_read_and_deep_nesting_is_refused() {
    let dir = tempdir();
    let mut body = "<w:p/>".repeat(1_000_000);
    body.push_str(&para(&["（此件不予公开）"]));
    let (status, report) = scan_json(&write(dir.path(), "wide.docx", &docx(&body, &[])), &[]);
    assert_eq!((status, verdict(&report)), (1, "block"), "{report}");

    let deep = format!("<w:p>{}{}</w:p>", "<w:r>".repeat(100_000), "</w:r>".repeat(100_000));
    let (status, report) = scan_json(&write(dir.path(), "deep.docx", &docx(&deep, &[])), &[]);
    assert_eq!((status, verdict(&report)), (2, "error"), "{report}");
    assert!(error(&report).contains("word/document.xml"), "{report}");
}
