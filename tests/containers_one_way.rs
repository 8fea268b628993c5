//! Containers are read one way (issue 8 §3), their names and comments are text (issue 10), and
//! every entry of a ZIP-based container is accounted for (issue 9 §1), end to end with the real
//! binary (and the real gateway for one case).
//!
//! Every fixture is built here. Where it helps, Python's `zipfile` (what many tools and CMS plugins
//! use) is asked what *it* reads in the same file, to prove the file really is read two ways.

mod common;
mod gateway_support;

use common::{docx, mijian, para, scan_json, tempdir, write, PROSE};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

const MARK: &str = "机密★1年";

fn marked_docx() -> Vec<u8> {
    docx(&(para(&[MARK]) + &para(&[PROSE])), &[])
}

fn clean_docx() -> Vec<u8> {
    docx(&para(&[PROSE]), &[])
}

/// A ZIP of (name, bytes), deflated, with an optional archive comment.
fn zip_of(entries: &[(&str, &[u8])], comment: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.set_comment(comment);
    w.finish().unwrap().into_inner()
}

/// Every report of a scan (the file first, then its members), and the exit status.
fn scan_all(path: &Path) -> (i32, Vec<Value>) {
    let run = mijian(&["scan", "--format", "json", path.to_str().unwrap()]);
    (run.status, run.json())
}

/// What Python's `zipfile` reads as `word/document.xml` in `path` (None without python3, which
/// CI has: there its absence is a failure).
fn python_reads_document(path: &Path) -> Option<String> {
    let script =
        "import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())";
    match Command::new("python3").args(["-c", script, path.to_str().unwrap()]).output() {
        Ok(out) => {
            assert!(out.status.success(), "python3 zipfile: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8(out.stdout).unwrap())
        }
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "python3 is needed under CI: {e}");
            eprintln!("python3 absent: the cross-check with zipfile is left out");
            None
        }
    }
}

fn verdict(report: &Value) -> &str {
    report["verdict"].as_str().unwrap_or_default()
}

#[test]
fn two_docx_files_end_to_end_are_both_read() {
    let dir = tempdir();
    let both = write(dir.path(), "both.docx", &[clean_docx(), marked_docx()].concat());
    // unzip, zipfile and office suites read the last archive: the marked one.
    if let Some(doc) = python_reads_document(&both) {
        assert!(doc.contains(MARK), "zipfile reads the second document");
    }
    let (status, reports) = scan_all(&both);
    assert_eq!(status, 1);
    assert_eq!(verdict(&reports[0]), "block", "{}", reports[0]);
    assert_eq!(reports[0]["format"], "docx");
    let second = reports.iter().find(|r| r["path"].as_str().unwrap().contains("!(ZIP archive at bytes ")).unwrap();
    assert_eq!(verdict(second), "block");
    assert_eq!(second["format"], "docx");
    assert_eq!(second["findings"][0]["location"]["part"], "word/document.xml");

    // The clean twin: two clean documents end to end pass.
    let twin = write(dir.path(), "twin.docx", &[clean_docx(), clean_docx()].concat());
    let (status, reports) = scan_all(&twin);
    assert_eq!(status, 0, "{reports:?}");
    assert_eq!(reports.len(), 2, "the file and its second reading");
}

#[test]
fn a_zip_appended_to_a_pdf_is_read() {
    let dir = tempdir();
    let pdf = std::fs::read("tests/fixtures/pdf/gbk_regulation.pdf").unwrap();
    let polyglot = write(dir.path(), "notice.pdf", &[pdf.clone(), marked_docx()].concat());
    if let Some(doc) = python_reads_document(&polyglot) {
        assert!(doc.contains(MARK));
    }
    let (status, reports) = scan_all(&polyglot);
    assert_eq!(status, 1);
    assert_eq!(reports[0]["format"], "pdf", "a PDF viewer's reading is kept");
    assert_eq!(verdict(&reports[0]), "block", "{}", reports[0]);
    let zip = &reports[1];
    assert!(zip["path"].as_str().unwrap().ends_with(&format!(
        "!(ZIP archive at bytes {}-{})",
        pdf.len(),
        pdf.len() + marked_docx().len()
    )));
    assert_eq!((zip["format"].as_str(), verdict(zip)), (Some("docx"), "block"));

    let twin = write(dir.path(), "twin.pdf", &[pdf, clean_docx()].concat());
    let (status, reports) = scan_all(&twin);
    assert_eq!(status, 0, "{reports:?}");
}

#[test]
fn a_zip_appended_to_pictures_text_or_html_is_read() {
    let dir = tempdir();
    let heads: [(&str, &[u8]); 4] = [
        ("picture.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0"),
        ("photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xD9"),
        ("note.txt", "关于开展政务公开工作的说明。\n".as_bytes()),
        ("page.html", "<!DOCTYPE html><html><body><p>政务公开</p></body></html>\n".as_bytes()),
    ];
    for (name, head) in heads {
        let p = write(dir.path(), name, &[head.to_vec(), marked_docx()].concat());
        let (status, reports) = scan_all(&p);
        assert_eq!(status, 1, "{name}");
        assert_eq!(verdict(&reports[0]), "block", "{name}: {}", reports[0]);
        assert!(reports.iter().any(|r| r["format"] == "docx" && verdict(r) == "block"), "{name}");
    }
}

#[test]
fn a_pdf_after_a_zip_is_read() {
    let dir = tempdir();
    let zip = zip_of(&[("readme.txt", "政务公开目录。".as_bytes())], "");
    let marked_pdf = std::fs::read("tests/fixtures/pdf/gbk_mark.pdf").unwrap();
    let p = write(dir.path(), "bundle.zip", &[zip.clone(), marked_pdf].concat());
    let (status, reports) = scan_all(&p);
    assert_eq!(status, 1);
    assert_eq!((reports[0]["format"].as_str(), verdict(&reports[0])), (Some("zip"), "block"));
    let tail = reports.iter().find(|r| r["path"].as_str().unwrap().contains("outside the ZIP archive)")).unwrap();
    assert_eq!((tail["format"].as_str(), verdict(tail)), (Some("pdf"), "block"), "{tail}");

    let clean_pdf = std::fs::read("tests/fixtures/pdf/gbk_regulation.pdf").unwrap();
    let twin = write(dir.path(), "twin.zip", &[zip, clean_pdf].concat());
    assert_eq!(scan_all(&twin).0, 0);
}

/// Patches every occurrence of `from` (same length as `to`).
fn patch_all(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    while let Some(p) = bytes.windows(from.len()).position(|w| w == from) {
        bytes[p..p + from.len()].copy_from_slice(to);
    }
}

fn assert_error(path: &Path, words: &str) {
    let (status, report) = scan_json(path, &[]);
    assert_eq!(status, 2, "{report}");
    assert_eq!(verdict(&report), "error");
    let message = report["error"].as_str().unwrap();
    assert!(message.contains(words), "{message}");
}

#[test]
fn local_headers_that_disagree_with_the_central_directory_are_errors() {
    let dir = tempdir();
    // The local header names another part than the central directory: a streaming reader reads
    // word/documenX.xml where others read word/document.xml.
    let mut renamed = marked_docx();
    let at = renamed.windows(17).position(|w| w == b"word/document.xml").unwrap();
    renamed[at + 12] = b'X';
    assert_error(&write(dir.path(), "renamed.docx", &renamed), "names another file");

    // A second central directory (and end record) appended, listing only the first entry: tools
    // that read the last directory see one file, others see two.
    let z = zip_of(&[("a.txt", "政务公开".as_bytes()), ("b.txt", MARK.as_bytes())], "");
    let eocd = z.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let cd = u32::from_le_bytes(z[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    let second = cd + 4 + z[cd + 4..].windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    let mut two = z.clone();
    let new_cd = two.len();
    two.extend_from_slice(&z[cd..second]);
    let mut end = z[eocd..eocd + 22].to_vec();
    end[8..10].copy_from_slice(&1u16.to_le_bytes());
    end[10..12].copy_from_slice(&1u16.to_le_bytes());
    end[12..16].copy_from_slice(&((second - cd) as u32).to_le_bytes());
    end[16..20].copy_from_slice(&(new_cd as u32).to_le_bytes());
    two.extend_from_slice(&end);
    // (Checked first: the last directory leaves b.txt's local header unlisted.)
    assert_error(&write(dir.path(), "two-directories.zip", &two), "central directory");
}

#[test]
fn an_entry_only_streaming_readers_see_is_an_error() {
    // A stored entry holding the marked text, then the central directory of a clean archive that
    // starts after it: `unzip` lists one file, a streaming reader finds two.
    let dir = tempdir();
    let hidden = zip_of(&[("hidden.txt", MARK.as_bytes())], "");
    let hidden_cd = hidden.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    let clean = zip_of(&[("a.txt", "政务公开".as_bytes())], "");
    let file = [hidden[..hidden_cd].to_vec(), clean].concat();
    assert_error(&write(dir.path(), "hidden.zip", &file), "not listed");
}

#[test]
fn member_names_and_comments_are_text() {
    let dir = tempdir();
    let named = zip_of(&[(&format!("{MARK} 关于某工程的通知.txt"), "政务公开".as_bytes())], "");
    let (status, reports) = scan_all(&write(dir.path(), "named.zip", &named));
    assert_eq!(status, 1);
    let f = &reports[0]["findings"][0];
    assert_eq!((verdict(&reports[0]), f["location"]["part"].as_str()), ("block", Some("(archive member names)")));
    assert_eq!(f["location"]["line"], 1);

    let folder = zip_of(&[(&format!("{MARK}/"), b""), (&format!("{MARK}/a.txt"), "政务公开".as_bytes())], "");
    assert_eq!(scan_all(&write(dir.path(), "folder.zip", &folder)).0, 1);

    let commented = zip_of(&[("a.txt", "政务公开".as_bytes())], "绝密★启用前");
    let (status, reports) = scan_all(&write(dir.path(), "commented.zip", &commented));
    assert_eq!(status, 1);
    assert_eq!(reports[0]["findings"][0]["location"]["part"], "(archive comment)");

    // A GBK name (no UTF-8 flag), as Chinese Windows writes it, is read as GBK.
    let (gbk, _, _) = encoding_rs::GBK.encode("机密★1年.txt");
    let placeholder = "x".repeat(gbk.len());
    let mut gbk_named = zip_of(&[(&placeholder, "政务公开".as_bytes())], "");
    patch_all(&mut gbk_named, placeholder.as_bytes(), &gbk);
    let (status, reports) = scan_all(&write(dir.path(), "gbk.zip", &gbk_named));
    assert_eq!(status, 1, "{reports:?}");

    // The names of an archive embedded in a DOCX are shown by whoever opens the attachment.
    let attachment = zip_of(&[(&format!("{MARK}.txt"), "政务公开".as_bytes())], "");
    let d = write(dir.path(), "attach.docx", &docx_with_binary(&[("word/embeddings/files.zip", &attachment)]));
    let (status, reports) = scan_all(&d);
    assert_eq!(status, 1);
    let member = reports.iter().find(|r| r["path"].as_str().unwrap().ends_with("!word/embeddings/files.zip")).unwrap();
    assert_eq!(member["findings"][0]["location"]["part"], "(archive member names)");

    // Clean names, a clean comment and a clean DOCX inside a ZIP inside a ZIP pass.
    let nested = zip_of(&[("outer/clean.docx", &clean_docx())], "");
    let inner_named = zip_of(&[("公开/目录.txt", "政务公开".as_bytes()), ("附件.zip", &nested)], "政务公开目录");
    let (status, reports) = scan_all(&write(dir.path(), "clean.zip", &inner_named));
    assert_eq!(status, 0, "clean names and comment pass: {reports:?}");
}

/// Every file entry of the ZIP-based container at `path` is in `report`'s coverage (read or
/// unread) or is one of its members.
fn assert_every_entry_accounted(path: &Path, reports: &[Value]) {
    let top = &reports[0];
    let prefix = format!("{}!", top["path"].as_str().unwrap());
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for p in top["coverage"]["read"].as_array().unwrap() {
        seen.insert(p.as_str().unwrap().to_owned());
    }
    for u in top["coverage"]["unread"].as_array().unwrap() {
        seen.insert(u["part"].as_str().unwrap().to_owned());
    }
    for r in &reports[1..] {
        if let Some(member) = r["path"].as_str().unwrap().strip_prefix(&prefix) {
            seen.insert(member.to_owned());
        }
    }
    let bytes = std::fs::read(path).unwrap();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for name in archive.file_names().filter(|n| !n.ends_with('/')) {
        assert!(seen.contains(name), "{}: entry {name} is neither read, unread nor a member", path.display());
    }
}

/// A minimal XLSX with one sheet and `extra` parts.
fn xlsx(extra: &[(&str, &str)]) -> Vec<u8> {
    let ns = "http://schemas.openxmlformats.org";
    let rels = format!(
        r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let wb_rels = format!(
        r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let sheet = format!(
        r#"<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>汇总</t></is></c></row></sheetData></worksheet>"#
    );
    let mut parts: Vec<(&str, &str)> = vec![
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", &rels),
        ("xl/workbook.xml", &workbook),
        ("xl/_rels/workbook.xml.rels", &wb_rels),
        ("xl/worksheets/sheet1.xml", &sheet),
    ];
    parts.extend_from_slice(extra);
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, x)| (*n, x.as_bytes())).collect();
    zip_of(&entries, "")
}

#[test]
fn parts_no_reader_knows_are_read_generically() {
    let dir = tempdir();
    // DOCX: content controls bound to custom XML keep their text in customXml/.
    let item = format!("<root><密级>{MARK}</密级></root>");
    let d = write(dir.path(), "bound.docx", &docx(&para(&[PROSE]), &[("customXml/item1.xml", &item)]));
    let (status, reports) = scan_all(&d);
    assert_eq!(status, 1);
    assert_eq!(reports[0]["findings"][0]["location"]["part"], "customXml/item1.xml");
    assert!(reports[0]["coverage"]["read_generically"].as_array().unwrap().iter().any(|p| p == "customXml/item1.xml"));
    assert_every_entry_accounted(&d, &reports);

    // XLSX: a pivot cache keeps the rows of a deleted sheet, as attribute values.
    let records = r#"<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><r><s v="绝密★启用前"/><n v="3"/></r></pivotCacheRecords>"#;
    let links = r#"<externalLink><externalBook><sheetNames><sheetName val="机密★5年"/></sheetNames></externalBook></externalLink>"#;
    for (name, part, body) in [
        ("pivot.xlsx", "xl/pivotCache/pivotCacheRecords1.xml", records),
        ("links.xlsx", "xl/externalLinks/externalLink1.xml", links),
    ] {
        let p = write(dir.path(), name, &xlsx(&[(part, body)]));
        let (status, reports) = scan_all(&p);
        assert_eq!(status, 1, "{name}: {}", reports[0]);
        assert_eq!(reports[0]["findings"][0]["location"]["part"], part);
        assert_every_entry_accounted(&p, &reports);
    }
    let clean =
        write(dir.path(), "clean.xlsx", &xlsx(&[("xl/pivotCache/pivotCacheRecords1.xml", "<r><s v=\"汇总\"/></r>")]));
    let (status, reports) = scan_all(&clean);
    assert_eq!(status, 0, "{}", reports[0]);
    assert_every_entry_accounted(&clean, &reports);

    // A binary part nobody can read needs a person; a picture does not.
    let blob = write(dir.path(), "blob.docx", &docx_with_binary(&[("word/blob.bin", b"\x01\x02\x03\x04\x05data")]));
    let (status, reports) = scan_all(&blob);
    assert_eq!((status, verdict(&reports[0])), (1, "review"));
    let unread = &reports[0]["coverage"]["unread"][0];
    assert_eq!((unread["part"].as_str(), unread["needs_review"].as_bool()), (Some("word/blob.bin"), Some(true)));
    assert_every_entry_accounted(&blob, &reports);
    let picture = write(
        dir.path(),
        "picture.docx",
        &docx_with_binary(&[("word/media/image1.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")]),
    );
    let (status, reports) = scan_all(&picture);
    assert_eq!(status, 0, "{}", reports[0]);
    // Not read: without OCR, or (with it) because these bytes are not a whole picture.
    let reason = reports[0]["coverage"]["unread"][0]["reason"].as_str().unwrap_or_default();
    assert!(reason.starts_with("image: not read"), "{}", reports[0]);
}

/// A clean DOCX with extra binary entries.
fn docx_with_binary(extra: &[(&str, &[u8])]) -> Vec<u8> {
    let base = clean_docx();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        w.raw_copy_file(archive.by_index(i).unwrap()).unwrap();
    }
    for (name, data) in extra {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The property over the real-world corpus: in every DOCX, XLSX, PPTX and OFD, every entry ends
/// read, unread with a reason, or a member.
#[test]
fn every_entry_of_every_realworld_container_is_accounted_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if !root.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "{} is absent under CI", root.display());
        eprintln!("!!!!! SKIPPED: {} is absent !!!!!", root.display());
        return;
    }
    let mut checked = 0;
    for kind in ["docx", "xlsx", "pptx", "ofd"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(kind)).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let (_, reports) = scan_all(&path);
            if reports[0]["verdict"] == "error" || zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).is_err() {
                continue;
            }
            assert_every_entry_accounted(&path, &reports);
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} containers checked");
}

#[test]
fn the_gateway_reads_both_documents_too() {
    let server = gateway_support::Server::start(&[]);
    let both = [clean_docx(), marked_docx()].concat();
    let answer = gateway_support::post(server.addr, "/v1/scan", &[("X-Filename", "both.docx")], &both).json();
    assert_eq!(answer["verdict"], "block", "{answer}");
    let members = answer["files"][0]["members"].to_string();
    assert!(members.contains("(ZIP archive at bytes "), "{answer}");
}
