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
    // Depth-first to the first leaf archive, whose members are inspected as they are inflated
    // until the budget runs out: one report per level and at most 16 leaves, not 69,905.
    assert!(reports.len() <= 4 + 16, "{} reports", reports.len());
    let containers: Vec<&Value> = reports.iter().filter(|r| r["format"] == "zip").collect();
    assert_eq!(containers.len(), 4, "{reports:#?}");
    assert!(containers.iter().all(|r| verdict(r) == "error"));
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
    assert_eq!(reports[0]["error_kind"], "limit", "{:#}", reports[0]);
    let e = error(&reports[0]);
    assert!(e.contains("compression ratio") || e.contains("bytes decompressed from the file"), "{e}");
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
    // (zipshape refuses entries whose local headers do not match the central directory: the
    // entries sharing one header are caught there first.)
    assert!(
        e.contains("bytes decompressed from the file") || e.contains("overlap") || e.contains("local header"),
        "{e}"
    );
    // The budget (1000 times the file's ~110 KB) holds about a hundred of the 2000 MiB-sized
    // entries: the archive stops there.
    let budget_mib = (bytes.len() * 1000).max(16 << 20) >> 20;
    assert!(reports.len() <= 1 + budget_mib, "bounded: {} reports for {budget_mib} MiB", reports.len());
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

/// A bomb in every stream format mijian unpacks besides ZIP, side by side with a marked and a
/// clean file in one run: each bomb is `error`, stopped by a limit (the ratio, the declared sizes
/// or the file's budget: an error of kind `limit` on the file or, nested, on the member that
/// tripped it), and the files beside them keep their verdicts. bzip2 has its own bomb in
/// `cli_archives_rtf.rs`.
#[test]
fn gzip_xz_zstd_and_7z_bombs_are_limit_errors_and_the_run_goes_on() {
    // 2 MiB of zeros is over 1000 times what xz, zstd and 7z make of it (and over the 1 MiB
    // below which no ratio is refused).
    let zeros = vec![0u8; 2 << 20];
    // Deflate cannot beat ~1032:1, so a lone gzip bomb is big (32 KB for 32 MiB) and the ratio
    // or the file's budget stops it near the end. 42.gz nests one inside another: 2.5 KB
    // outside, 1 MB of gzip inside, 1 GiB of zeros in that. Its inner trailer's CRC is left 0:
    // the CRC of 1 GiB would cost the test seconds, and the budget stops the reader long before.
    let inner = gzip_around(&deflated_zeros(1024), 0, 1 << 30);
    let bombs: [(&str, Vec<u8>); 5] = [
        ("zeros.gz", gzip_around(&deflated_zeros(32), crc32_of_zeros(32 << 20), 32 << 20)),
        ("42.gz", gzip_around(&deflate(&inner), crc32(&inner), inner.len() as u64)),
        ("zeros.xz", xz(&zeros)),
        ("zeros.zst", ruzstd::encoding::compress_to_vec(&zeros[..], ruzstd::encoding::CompressionLevel::Fastest)),
        ("zeros.7z", sevenz_of("zeros.txt", &zeros)),
    ];
    let dir = tempdir();
    for (name, bytes) in &bombs {
        assert!(bytes.len() < 100_000, "{name} is a bomb: {} bytes", bytes.len());
        write(dir.path(), name, bytes);
    }
    write(dir.path(), "a-marked.txt", "000123\n机密★1年\n".as_bytes());
    write(dir.path(), "z-clean.txt", PROSE.as_bytes());

    let run = mijian_bounded(&["scan", "--format", "json", dir.path().to_str().unwrap()]);
    let reports = run.json();
    let file = |name: &str| {
        let path = dir.path().join(name);
        reports.iter().find(|r| r["path"].as_str() == path.to_str()).unwrap_or_else(|| panic!("{name}: {reports:#?}"))
    };
    for (name, _) in &bombs {
        assert_eq!(verdict(file(name)), "error", "{}", file(name));
        let at = dir.path().join(name).to_str().unwrap().to_owned();
        let tripped =
            reports.iter().filter(|r| r["path"].as_str().is_some_and(|p| p == at || p.starts_with(&format!("{at}!"))));
        let limits: Vec<&Value> = tripped.filter(|r| r["error_kind"] == "limit").collect();
        assert!(
            limits.iter().any(|r| error(r).contains("limit") || error(r).contains("ratio above")),
            "{name}: no limit named: {reports:#?}"
        );
    }
    // 42.gz's inner level is within its own ratio (1 MB to 1 GiB): only the file's budget, shared
    // by both levels, stops it after 16 MiB instead of a GiB in memory.
    let nested = reports.iter().find(|r| r["path"].as_str().is_some_and(|p| p.contains("42.gz!"))).unwrap();
    assert!(error(nested).contains("bytes decompressed from the file (all nesting levels)"), "{nested}");
    assert_eq!(verdict(file("a-marked.txt")), "block");
    assert_eq!(verdict(file("z-clean.txt")), "pass");
    // Nothing was unpacked past the bombs' first level: at most a member report each.
    assert!(reports.len() <= 2 * bombs.len() + 2, "{reports:#?}");
    assert_eq!(run.status, 2, "the bombs make the run an error");
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
    [".xml", ".rels", ".opf", ".xhtml"].iter().any(|end| name.ends_with(end))
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
            // A part read generically that is not well-formed without its DTD asks for review.
            assert!(v == "error" || v == "pass" || v == "review", "{part}: {}", reports[0]);
            assert!(!reports[0].to_string().contains("机密"), "an entity was expanded: {}", reports[0]);
            if v != "error" {
                // Only a part whose text is never read may leave the reference unexpanded.
                assert!(!part.starts_with("word/document") && !part.starts_with("word/header"), "{part}");
            }
        }
    }
    assert_eq!(trap.connections(), 0, "an entity was fetched");
}

/// Every XML-based format besides DOCX, its text `HOLE` replaced by an external entity that
/// names a marked file, and every other XML part given an external DTD on a listener: nothing is
/// fetched, nothing expanded (expanding would `block`). A package's part that needs the entity
/// is `error`, naming the entity; an EPUB chapter is XHTML, read by the HTML reader, to which
/// `&xxe;` is text; a lone XML or SVG document that is not well-formed without its DTD is read
/// as the plain text it is. The reference stays a reference.
#[test]
fn external_entities_and_dtds_in_every_xml_format_are_never_expanded_nor_fetched() {
    let trap = Trap::new();
    let dir = tempdir();
    let secret = write(dir.path(), "secret.txt", "000123\n机密★1年\n".as_bytes());
    let entity = format!(r#"<!DOCTYPE root [<!ENTITY xxe SYSTEM "file://{}">]>"#, secret.display());
    let dtd = format!(r#"<!DOCTYPE root SYSTEM "{}">"#, trap.url("evil.dtd"));
    let hostile = |name: &str, xml: Vec<u8>| {
        if String::from_utf8_lossy(&xml).contains("HOLE") {
            let xml = String::from_utf8(xml).unwrap().replace("HOLE", "&xxe;");
            with_doctype(xml.as_bytes(), &entity, "")
        } else if xml_part(name) {
            with_doctype(&xml, &dtd, "")
        } else {
            xml
        }
    };
    let packages = [
        ("book.xlsx", xlsx(&["HOLE"], r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "")),
        ("deck.pptx", pptx(&[&["HOLE"]])),
        ("page.ofd", ofd(&[(20.0, "HOLE")])),
        ("text.odt", odf("text", "<office:text><text:p>HOLE</text:p></office:text>", "", "")),
        ("book.epub", epub("HOLE")),
    ];
    for (name, clean) in packages {
        let (status, r) = scan_json(&write(dir.path(), name, &rewrite_zip(&clean, hostile)), &[]);
        assert!(!r.to_string().contains("机密"), "{name}: an entity was expanded: {r}");
        if name.ends_with(".epub") {
            assert_eq!((status, verdict(&r)), (0, "pass"), "{name}: {r}");
        } else {
            assert_eq!((status, verdict(&r)), (2, "error"), "{name}: {r}");
            assert!(error(&r).contains("xxe"), "{name}: the error names the entity: {r}");
        }
    }
    let documents = [
        (
            "drawing.svg",
            r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">HOLE</text></svg>"#,
        ),
        ("data.xml", r#"<?xml version="1.0"?><records><record><title>HOLE</title></record></records>"#),
    ];
    for (name, clean) in documents {
        let (status, r) = scan_json(&write(dir.path(), name, &hostile(name, clean.as_bytes().to_vec())), &[]);
        assert!(!r.to_string().contains("机密"), "{name}: an entity was expanded: {r}");
        assert_eq!((status, verdict(&r)), (0, "pass"), "{name}: {r}");
        assert!(r["coverage"].to_string().contains("plain text"), "{name}: {r}");
    }
    assert_eq!(trap.connections(), 0, "a DTD or an entity was fetched");
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

/// The same sizes in the readers of lone XML and SVG documents, which fall back to plain text
/// when a document is not well-formed: a million siblings are read to the mark after them;
/// nesting 100,000 deep is the depth limit's `error`, never a silent fallback.
#[test]
fn lone_xml_and_svg_documents_bound_depth_and_read_every_sibling() {
    let dir = tempdir();
    let svg = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">"#;
    for (name, open, close) in [("wide.xml", r#"<?xml version="1.0"?><r>"#, "</r>"), ("wide.svg", svg, "</svg>")] {
        let text =
            if name.ends_with(".svg") { r#"<text x="0" y="20">机密★1年</text>"# } else { "<p>机密★1年</p>" };
        let wide = format!("{open}{}{text}{close}", "<g/>".repeat(1_000_000));
        let (status, r) = scan_json(&write(dir.path(), name, wide.as_bytes()), &[]);
        assert_eq!((status, verdict(&r)), (1, "block"), "{name}: {r}");
        let deep = format!("{open}{}{}{close}", "<g>".repeat(100_000), "</g>".repeat(100_000));
        let deep_name = name.replace("wide", "deep");
        let (status, r) = scan_json(&write(dir.path(), &deep_name, deep.as_bytes()), &[]);
        assert_eq!((status, verdict(&r), r["error_kind"].as_str()), (2, "error", Some("limit")), "{deep_name}: {r}");
    }
}

// ---------------------------------------------------------------------------------------------
// PDF: cycles, floods of operators, garbage fonts, page counts

// ---------------------------------------------------------------------------------------------
// HTML

/// CSS generated content multiplies text: one `::before` rule carrying 9 KB of `content`, given
/// to 100,000 elements, is 900 million characters from a 1.6 MB page (the `html` fuzz target's
/// oracle failure was a mild case of it). The page's generated content is bounded by its length:
/// the text stays within a few times the page, the page's own text is read whole (its mark at
/// the end blocks), and the cut is a limit that needs review, so a clean page so made is never
/// passed.
#[test]
fn css_generated_content_cannot_multiply_a_page() {
    let dir = tempdir();
    let filler = "各单位".repeat(1000);
    let elements = "<i class=g></i>".repeat(100_000);
    let page = |tail: &str| {
        format!(
            "<html><head><style>.g::before{{content:\"{filler}\"}}</style></head><body>{elements}{tail}</body></html>"
        )
    };
    let marked = write(dir.path(), "marked.html", page("<p>000123</p><p>机密★1年</p>").as_bytes());
    let clean = page(&format!("<p>{PROSE}</p>"));
    let clean_path = write(dir.path(), "clean.html", clean.as_bytes());

    let (status, r) = scan_json(&marked, &[]);
    assert_eq!((status, verdict(&r)), (1, "block"), "{r}");
    let (status, r) = scan_json(&clean_path, &[]);
    assert_eq!((status, verdict(&r)), (1, "review"), "{r}");
    assert!(r["coverage"].to_string().contains("CSS generated content"), "{r}");

    let run = mijian(&["extract", "--format", "json", clean_path.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let characters: usize = run.json().iter().map(|s| s["text"].as_str().unwrap_or("").chars().count()).sum();
    assert!(characters <= 3 * clean.len(), "{characters} characters from {} bytes", clean.len());
    assert!(run.stderr.contains("CSS generated content"), "the cut is said: {}", run.stderr);
}

/// A dictionary whose one entry, a Latin code name at level 机密, Helvetica can show.
fn code_name_dict(dir: &Path) -> String {
    write(dir, "codes.txt", "ZEPHYRCODE\t机密\tproject\n".as_bytes()).to_str().unwrap().to_owned()
}

/// Scans one PDF with the code-name dictionary: (status, report of the file).
fn scan_pdf(dir: &Path, name: &str, bytes: &[u8]) -> (i32, Value) {
    let dict = code_name_dict(dir);
    scan_json(&write(dir, name, bytes), &["--dict", &dict])
}

/// A page with the code name after a million operators: all are run (within the per-page and
/// per-file operation limits) and the name is found.
#[test]
fn a_million_operators_on_a_page_are_run_to_the_end() {
    let dir = tempdir();
    let mut content = b"q Q ".repeat(500_000);
    content.extend_from_slice(show("ZEPHYRCODE").as_bytes());
    let (status, report) = scan_pdf(dir.path(), "ops.pdf", &pdf_pages(1, &content, ""));
    assert_eq!((status, verdict(&report)), (1, "block"), "{report}");
}

/// A Form XObject that draws itself (directly and through a second form) is run once per
/// cycle; the text it shows is read.
#[test]
fn a_form_drawing_itself_is_run_once() {
    let dir = tempdir();
    let objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X 5 0 R >> >> /Contents 7 0 R >>"),
        obj(HELVETICA),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X 5 0 R /Y 6 0 R >> >>",
            format!("/X Do /Y Do {}", show("ZEPHYRCODE")).as_bytes(),
        ),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X 5 0 R >> >>", b"/X Do"),
        stream("", b"/X Do"),
    ];
    let (status, report) = scan_pdf(dir.path(), "form.pdf", &pdf(&objects, ""));
    assert_eq!((status, verdict(&report)), (1, "block"), "{report}");
}

/// An object that refers to itself, used as a page's contents and resources; a cross-reference
/// chain (`/Prev`) that points back at itself; an object stream that extends itself. None of
/// them hangs the reader; the text the file does hold is read.
#[test]
fn self_references_and_cyclic_xrefs_do_not_hang() {
    let dir = tempdir();
    // Page 1 draws the code name; page 2's contents and resources are objects that name
    // themselves; object 8 is an object stream extending itself.
    let objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 7 0 R /Contents 7 0 R >>"),
        obj(HELVETICA),
        stream("", show("ZEPHYRCODE").as_bytes()),
        obj("7 0 R"),
        stream("/Type /ObjStm /N 1 /First 4 /Extends 8 0 R", b"9 0 << /Extends 8 0 R >>"),
    ];
    let plain = pdf(&objects, "");
    let (status, report) = scan_pdf(dir.path(), "self.pdf", &plain);
    assert_eq!((status, verdict(&report)), (1, "block"), "{report}");

    // The same file with its trailer's /Prev pointing at its own cross-reference table.
    let xref_at = {
        let tail = String::from_utf8_lossy(&plain[plain.len() - 40..]).into_owned();
        tail.split("startxref").nth(1).unwrap().split_whitespace().next().unwrap().to_owned()
    };
    let cyclic = pdf(&objects, &format!("/Prev {xref_at}"));
    let (status, report) = scan_pdf(dir.path(), "cyclic-xref.pdf", &cyclic);
    assert!(matches!((status, verdict(&report)), (1, "block") | (2, "error")), "{report}");
}

/// A font whose embedded program is garbage: text shown through its encoding is still read;
/// an Identity-H font with garbage and no `/ToUnicode` leaves its glyphs undecodable, which
/// needs review (never a silent pass).
#[test]
fn a_garbage_font_program_is_survived() {
    let dir = tempdir();
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let simple = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>"),
        obj("<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Junk /Encoding /WinAnsiEncoding /FontDescriptor 5 0 R >>"),
        obj("<< /Type /FontDescriptor /FontName /ABCDEF+Junk /Flags 32 /FontFile2 7 0 R >>"),
        stream("", show("ZEPHYRCODE").as_bytes()),
        stream("", &garbage),
    ];
    let (status, report) = scan_pdf(dir.path(), "junk-font.pdf", &pdf(&simple, ""));
    assert_eq!((status, verdict(&report)), (1, "block"), "{report}");

    let mut identity = simple.clone();
    identity[3] =
        obj("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Junk /Encoding /Identity-H /DescendantFonts [8 0 R] >>");
    identity[5] = stream("", b"BT /F1 12 Tf 72 600 Td <0011002200330044005500660077008800990010> Tj ET");
    identity.push(obj("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Junk /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R >>"));
    let (status, report) = scan_pdf(dir.path(), "junk-cid-font.pdf", &pdf(&identity, ""));
    assert!(matches!((status, verdict(&report)), (1, "review") | (2, "error")), "{report}");
}

/// 100,000 pages, all empty but the last, which shows the code name: every page is walked and
/// read (`block`). One page more than the limit is `error`, not a silent pass of the pages after
/// it (shown on a small limit in the PDF reader's unit tests: a second 16 MB file costs seconds).
#[test]
fn a_hundred_thousand_pages_are_all_read() {
    let n = 100_000;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + i)).collect();
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        // Page size and font are inherited from the tree: small page objects, a faster test.
        obj(&format!(
            "<< /Type /Pages /Kids [{}] /Count {n} /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> >>",
            kids.join(" ")
        )),
        obj(HELVETICA),
        stream("", b""),
        stream("", show("ZEPHYRCODE").as_bytes()),
    ];
    for i in 0..n {
        let contents = if i + 1 == n { 5 } else { 4 };
        objects.push(obj(&format!("<</Type/Page/Parent 2 0 R/Contents {contents} 0 R>>")));
    }
    let dir = tempdir();
    let (status, report) = scan_pdf(dir.path(), "pages.pdf", &pdf(&objects, ""));
    assert_eq!((status, verdict(&report)), (1, "block"), "{report}");
    assert_eq!(report["findings"][0]["location"]["page"], n, "{report}");
}

// ---------------------------------------------------------------------------------------------
// OLE: broken sector chains

/// A `WordDocument` stream whose sector chain loops back on itself, and one whose chain points
/// past the end of the file: `error` (corrupt), never a hang or a read past the end.
#[test]
fn ole_sector_chains_that_loop_or_leave_the_file_are_errors() {
    let dir = tempdir();
    let ole = ole_with_word_stream(8192);
    let (fat_entry, start) = ole_fat_entry_and_start(&ole, "WordDocument");

    let mut looping = ole.clone();
    // The stream's second sector leads back to its first.
    let at = fat_entry(start + 1);
    looping[at..at + 4].copy_from_slice(&start.to_le_bytes());
    let (status, report) = scan_json(&write(dir.path(), "loop.doc", &looping), &[]);
    assert_eq!((status, verdict(&report)), (2, "error"), "{report}");
    // The typed OLE defect, in the stream, with the OLE parser's own message after it.
    let sentence = mijian_extract::Defect::OleStream { cause: String::new() }.text(mijian_core::Lang::En);
    let said = format!("{sentence} (in /WordDocument): Chain contained duplicate sector");
    assert!(error(&report).starts_with(&said), "{report}");

    let mut outside = ole.clone();
    let at = fat_entry(start);
    outside[at..at + 4].copy_from_slice(&0x00FF_FFF0u32.to_le_bytes());
    let (status, report) = scan_json(&write(dir.path(), "outside.doc", &outside), &[]);
    assert_eq!((status, verdict(&report)), (2, "error"), "{report}");
    assert!(error(&report).contains("Malformed FAT"), "{report}");

    // The FAT itself out of the file (the header's first FAT sector past the end), and the
    // directory's chain looping back on its first sector.
    let mut fat_outside = ole.clone();
    fat_outside[0x4C..0x50].copy_from_slice(&0x00FF_FFF0u32.to_le_bytes());
    let mut directory_loop = ole.clone();
    let directory = u32::from_le_bytes(ole[0x30..0x34].try_into().unwrap());
    let at = fat_entry(directory);
    directory_loop[at..at + 4].copy_from_slice(&directory.to_le_bytes());
    for (name, bytes) in [("fat-outside.doc", fat_outside), ("directory-loop.doc", directory_loop)] {
        let (status, report) = scan_json(&write(dir.path(), name, &bytes), &[]);
        assert_eq!((status, verdict(&report)), (2, "error"), "{name}: {report}");
    }
}

/// The mini stream, where every stream under 4096 bytes lies in 64-byte mini sectors chained by
/// the mini FAT: a mini FAT chain that loops back to its start, one that loops into its middle,
/// a mini sector past what the mini stream holds, an absurd cutoff. Each file is a corrupt-file
/// `error` naming what the OLE parser found, within the run's bound; the files beside them keep
/// their verdicts. (`crates/extract/src/ole.rs` has a unit test for each variant.)
#[test]
fn ole_mini_stream_chains_that_loop_or_leave_the_mini_stream_are_errors() {
    let dir = tempdir();
    let d = dir.path();
    // 1000 bytes: 16 mini sectors, chained 0 → 1 → … → 15.
    let ole = ole_with_word_stream(1000);
    let (mini, root) = ole_mini_fat_entry_and_root(&ole);
    let end = 0xFFFF_FFFEu32;
    let with = |changes: &[(usize, u32)]| {
        let mut bytes = ole.clone();
        for &(at, value) in changes {
            bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
        }
        bytes
    };
    assert_eq!(ole[mini(15)..mini(15) + 4], end.to_le_bytes(), "the chain's last mini sector");
    let cases = [
        ("ring.doc", with(&[(mini(15), 0)]), "Minichain contained duplicate sector id 0"),
        ("lasso.doc", with(&[(mini(15), 5)]), "mini sector 5 pointed to twice"),
        // The stream's last mini sector 100 instead of 15, the mini FAT made 128 entries long
        // and the root claiming 128 mini sectors, but the mini stream's chain holds 16: mini
        // sector 100 is in none of its sectors.
        (
            "past.doc",
            with(&[(mini(14), 100), (mini(100), end), (mini(127), end), (root + 0x78, 128 * 64)]),
            "invalid sector id",
        ),
        ("cutoff.doc", with(&[(0x38, u32::MAX)]), "Incorrect mini stream cutoff"),
    ];
    for (name, bytes, _) in &cases {
        write(d, name, bytes);
    }
    write_neighbours(d);
    let run = mijian_bounded(&["scan", "--format", "json", d.to_str().unwrap()]);
    let reports = run.json();
    let by_name = |n: &str| report_of(&reports, n).unwrap_or_else(|| panic!("{n}: {}", run.stdout));
    for (name, _, says) in &cases {
        let r = by_name(name);
        assert_eq!((verdict(r), r["error_kind"].as_str()), ("error", Some("corrupt")), "{name}: {r}");
        assert!(error(r).contains(says), "{name}: {r}");
    }
    assert_neighbours(&reports);
    assert_eq!((run.status, reports.len()), (2, 6), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Many tiny values: what a file's segments hold is bounded by its budget

/// `["x","x",…]`: a JSON array of `n` one-character strings, each its own segment, then the
/// document's mark as its last value.
fn tiny_json(n: usize) -> String {
    format!("[{}\"000123\",\"机密★1年\"]", "\"x\",".repeat(n))
}

/// Half a million one-character strings in a 2 MB JSON array are half a million segments of
/// ~200 bytes each: 100 MB held to match 2 MB. The default budget of what segments hold (16
/// times what the file reads, never less than 64 MiB) makes the file `error` (limit) while it is
/// read, naming that budget, instead of growing with the file until the process is killed; the
/// marked and the clean file scanned in the same run keep their verdicts.
#[test]
fn many_tiny_values_over_the_segment_budget_are_a_limit_error_and_the_run_goes_on() {
    let dir = tempdir();
    write_neighbours(dir.path());
    let json = tiny_json(500_000);
    assert!(json.len() * 16 < 64 << 20, "the floor, not the ratio, is the budget here");
    write(dir.path(), "m-tiny.json", json.as_bytes());
    let run = mijian(&["-j", "1", "scan", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let reports = run.json();
    let tiny = report_of(&reports, "m-tiny.json").unwrap();
    assert_eq!((verdict(tiny), tiny["error_kind"].as_str()), ("error", Some("limit")), "{tiny}");
    let limit = format!("bytes held by the text segments awaiting matching (all nesting levels; each its text plus a fixed overhead) over the limit of {} ", 64 << 20);
    assert!(error(tiny).contains(&limit), "{tiny}");
    assert!(tiny["findings"].as_array().unwrap().is_empty(), "a file read in part gets no findings: {tiny}");
    assert_neighbours(&reports);
}

/// The same bound in every reader that keeps values apart (JSON strings, RTF and DOCX
/// paragraphs, XML elements and attributes, SVG texts): 20,000 tiny values and a mark after them. Under the default budget
/// every finding is kept (the mark at the end blocks); with `--max-segment-bytes 2M`, under what
/// 20,000 segments hold, the same file is `error` (limit), never a `pass` on what was read before
/// the budget ran out. The Chinese message names the budget too.
#[test]
fn tiny_values_in_every_shape_keep_their_findings_under_the_budget_and_are_errors_over_it() {
    let dir = tempdir();
    let n = 20_000;
    let shapes: Vec<(&str, Vec<u8>)> = vec![
        ("tiny.json", tiny_json(n).into_bytes()),
        (
            "tiny.rtf",
            format!("{{\\rtf1\\ansi {}000123\\par \\u26426?\\u23494?\\u9733?1\\u24180?\\par}}", "x\\par\n".repeat(n))
                .into_bytes(),
        ),
        ("tiny.docx", docx(&format!("{}{}{}", para(&["x"]).repeat(n), para(&["000123"]), para(&["机密★1年"])), &[])),
        // Lone XML and SVG documents are gathered whole before they are cut into segments.
        (
            "tiny.xml",
            format!(r#"<?xml version="1.0"?><r>{}<p>000123</p><p>机密★1年</p></r>"#, r#"<e a="x">x</e>"#.repeat(n))
                .into_bytes(),
        ),
        (
            "tiny.svg",
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg">{}<text x="0" y="20">机密★1年</text></svg>"#,
                "<text>x</text>".repeat(n)
            )
            .into_bytes(),
        ),
    ];
    for (name, bytes) in shapes {
        let path = write(dir.path(), name, &bytes);
        let (status, r) = scan_json(&path, &[]);
        assert_eq!((status, verdict(&r)), (1, "block"), "{name}: {r}");
        let rules: Vec<&str> = r["findings"].as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
        assert!(rules.iter().any(|id| id.starts_with("marking")), "{name}: the mark after the values is found: {r}");
        let (status, r) = scan_json(&path, &["--max-segment-bytes", "2M"]);
        assert_eq!((status, verdict(&r), r["error_kind"].as_str()), (2, "error", Some("limit")), "{name}: {r}");
        assert!(error(&r).contains("bytes held by the text segments"), "{name}: {r}");
        assert!(error(&r).contains("over the limit of 2097152 "), "{name}: {r}");
        let zh =
            mijian(&["--lang", "zh", "scan", "--format", "json", "--max-segment-bytes", "2M", path.to_str().unwrap()]);
        let zh = &zh.json()[0];
        assert!(zh["error_message"].as_str().unwrap_or("").contains("待匹配的文字片段占用的字节数"), "{name}: {zh}");
    }
}

// ---------------------------------------------------------------------------------------------
// Files: odd contents, odd names, things that are not files, files that change

/// Writes the two ordinary files that a test of odd things puts beside them: `a-marked.txt`,
/// which blocks, and `z-clean.txt`, which passes ([`assert_neighbours`]).
fn write_neighbours(d: &Path) {
    write(d, "a-marked.txt", "000123\n机密★1年\n".as_bytes());
    write(d, "z-clean.txt", PROSE.as_bytes());
}

/// The files of [`write_neighbours`] kept their verdicts: the odd ones did not stop the run.
fn assert_neighbours(reports: &[Value]) {
    assert_eq!(report_of(reports, "a-marked.txt").map(verdict), Some("block"), "{reports:#?}");
    assert_eq!(report_of(reports, "z-clean.txt").map(verdict), Some("pass"), "{reports:#?}");
}

/// The report of the file whose path ends with `name`.
fn report_of<'a>(reports: &'a [Value], name: &str) -> Option<&'a Value> {
    reports.iter().find(|r| r["path"].as_str().unwrap().ends_with(name))
}

/// Runs `mijian ARGS`, failing if it has not ended within a minute: a test about files that could
/// be read forever must not hang the suite instead of failing.
fn mijian_bounded(args: &[&str]) -> Run {
    mijian_within(args, std::time::Duration::from_secs(60))
}

/// Empty, all-NUL and badly encoded files each get their verdict; a 2 GB sparse file is `error`
/// for its size without being read.
#[test]
fn odd_contents_get_their_verdicts() {
    let dir = tempdir();
    let (_, r) = scan_json(&write(dir.path(), "empty.txt", b""), &[]);
    assert_eq!((verdict(&r), r["format"].as_str().unwrap()), ("pass", "empty"), "{r}");
    let (_, r) = scan_json(&write(dir.path(), "nul.txt", &[0u8; 4096]), &[]);
    assert_eq!(verdict(&r), "review", "binary content is not read, so never passed: {r}");
    let (_, r) = scan_json(&write(dir.path(), "bad-clean.txt", b"hello \xff\x80 world\n"), &[]);
    assert_eq!(verdict(&r), "review", "undecodable bytes need a look: {r}");
    let mut marked = "000123\n机密★1年\n".as_bytes().to_vec();
    marked.extend_from_slice(b"\xff\xfe\x80 tail\n");
    let (_, r) = scan_json(&write(dir.path(), "bad-marked.txt", &marked), &[]);
    assert_eq!(verdict(&r), "block", "the readable text is still read: {r}");

    let sparse = dir.path().join("sparse.txt");
    std::fs::File::create(&sparse).unwrap().set_len(2 << 30).unwrap();
    let (status, r) = scan_json(&sparse, &[]);
    assert_eq!((status, verdict(&r)), (2, "error"), "{r}");
    assert!(error(&r).contains("file size in bytes over the limit of 1073741824"), "{r}");
}

/// A file name that is not UTF-8 (GBK bytes, as a Chinese Windows archive leaves them) is read
/// like any other: its mark blocks.
#[cfg(unix)]
#[test]
fn a_file_name_in_gbk_is_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir();
    // 机密文件.txt in GBK.
    let name = std::ffi::OsStr::from_bytes(b"\xbb\xfa\xc3\xdc\xce\xc4\xbc\xfe.txt");
    let path = dir.path().join(name);
    std::fs::write(&path, "000123\n机密★1年\n".as_bytes()).unwrap();
    let run = mijian_bounded(&["scan", "--format", "json", dir.path().to_str().unwrap()]);
    let reports = run.json();
    assert_eq!(reports.len(), 1, "{}", run.stderr);
    assert_eq!((run.status, verdict(&reports[0])), (1, "block"), "{}", reports[0]);
}

/// A scanned directory holding what is not a file: a FIFO (reading waits for a writer forever),
/// a link to a device (never ends), links that loop. Each is skipped with its reason on stderr;
/// a file that cannot be read is `error`; the files around them are all inspected.
#[cfg(target_os = "linux")]
#[test]
fn things_that_are_not_files_are_skipped_and_the_run_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = tempdir();
    let d = dir.path();
    write_neighbours(d);
    let fifo = d.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    symlink("/dev/zero", d.join("zero")).unwrap();
    symlink("self-loop", d.join("self-loop")).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    // Reading /proc/self/mem from its start fails (EIO) even for root: a file that cannot be read.
    symlink("/proc/self/mem", d.join("unreadable")).unwrap();
    // A file without read permission: `a_file_without_read_permission_is_an_error`.

    let run = mijian_bounded(&["scan", "--format", "json", d.to_str().unwrap()]);
    let reports = run.json();
    let by_name = |n: &str| report_of(&reports, n);
    assert_neighbours(&reports);
    let unreadable = by_name("unreadable").unwrap();
    assert_eq!(verdict(unreadable), "error");
    assert!(error(unreadable).contains("cannot read"), "{unreadable}");
    for (name, why) in [
        ("fifo", "a FIFO"),
        ("zero", "a character device"),
        ("self-loop", "symbolic link that loops"),
        ("up", "symbolic link loop"),
    ] {
        assert!(by_name(name).is_none(), "{name} was inspected: {reports:#?}");
        assert!(
            run.stderr.lines().any(|l| l.contains("skipped") && l.contains(name) && l.contains(why)),
            "{name}: {}",
            run.stderr
        );
    }
    assert_eq!(run.status, 2, "the unreadable file makes the run an error");

    // The same reasons in Chinese: what the thing is, in words a desk user reads.
    let zh = mijian_bounded(&["--lang", "zh", "scan", "--format", "json", d.to_str().unwrap()]);
    for (name, why) in [("fifo", "命名管道：未读取"), ("zero", "字符设备：未读取")] {
        assert!(zh.stderr.lines().any(|l| l.contains(name) && l.contains(why)), "{name}: {}", zh.stderr);
    }
    assert!(!zh.stderr.contains("a FIFO"), "{}", zh.stderr);

    // Named on the command line, a FIFO is an error (the user asked for it; it was not read).
    let run = mijian_bounded(&["scan", "--format", "json", fifo.to_str().unwrap()]);
    assert_eq!((run.status, verdict(&run.json()[0])), (2, "error"));
    assert!(error(&run.json()[0]).contains("not a regular file (a FIFO)"));
}

/// A real device node inside the scanned folder (the null device's numbers, 1,3, made with
/// `mknod`), not a link into /dev: skipped with its reason in English and in Chinese, never
/// opened, while the files beside it keep their verdicts; named on the command line it is an
/// `error`.
///
/// Making a device node needs `CAP_MKNOD` outside a user namespace. Where mknod is refused the
/// test says so on stderr (uncaptured, so it shows in a passing run) and checks a link to
/// /dev/zero in its place; under CI (`CI` set) a refusal fails the test when this process could
/// have made the node, so that CI cannot quietly stop checking a real one.
#[cfg(target_os = "linux")]
#[test]
fn a_device_node_in_a_scanned_directory_is_skipped_with_its_reason() {
    use std::io::Write;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempdir();
    let d = dir.path();
    write_neighbours(d);
    let device = d.join("null-device");
    let made =
        std::process::Command::new("mknod").arg(&device).args(["c", "1", "3"]).output().expect("mknod (coreutils)");
    if made.status.success() {
        assert!(std::fs::symlink_metadata(&device).unwrap().file_type().is_char_device());
    } else {
        let why = String::from_utf8_lossy(&made.stderr);
        let could = may_make_device_nodes();
        let _ = writeln!(
            std::io::stderr(),
            "WARNING: mknod refused ({}); may make device nodes: {could}. Checking a link to /dev/zero \
             instead of a device node in the folder.",
            why.trim()
        );
        assert!(
            std::env::var_os("CI").is_none() || !could,
            "under CI, mknod was refused although this process has CAP_MKNOD outside a user namespace: {why}"
        );
        std::os::unix::fs::symlink("/dev/zero", &device).unwrap();
    }

    let run = mijian_bounded(&["scan", "--format", "json", d.to_str().unwrap()]);
    let reports = run.json();
    let by_name = |n: &str| report_of(&reports, n);
    assert_neighbours(&reports);
    assert!(by_name("null-device").is_none(), "the device was inspected: {reports:#?}");
    assert_eq!((run.status, reports.len()), (1, 2), "{}", run.stderr);
    let said = |stderr: &str, why: &str| stderr.lines().any(|l| l.contains("null-device") && l.contains(why));
    assert!(said(&run.stderr, "skipped") && said(&run.stderr, "a character device"), "{}", run.stderr);
    let zh = mijian_bounded(&["--lang", "zh", "scan", "--format", "json", d.to_str().unwrap()]);
    assert!(said(&zh.stderr, "字符设备：未读取"), "{}", zh.stderr);
    assert!(!zh.stderr.contains("character device"), "{}", zh.stderr);
    assert_eq!((zh.status, zh.json().len()), (1, 2), "{}", zh.stderr);

    // Named on the command line: an error (it was asked for and not read), never a pass.
    let run = mijian_bounded(&["scan", "--format", "json", device.to_str().unwrap()]);
    assert_eq!((run.status, verdict(&run.json()[0])), (2, "error"), "{}", run.stdout);
    assert!(error(&run.json()[0]).contains("not a regular file (a character device)"), "{}", run.stdout);
}

/// Whether this process may make device nodes: `CAP_MKNOD` (bit 27 of `CapEff` in
/// /proc/self/status) and the initial user namespace (in any other the kernel refuses device
/// nodes whatever the capabilities; there /proc/self/uid_map is not the identity map).
#[cfg(target_os = "linux")]
fn may_make_device_nodes() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let cap_mknod = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .is_some_and(|caps| caps & (1 << 27) != 0);
    let uid_map = std::fs::read_to_string("/proc/self/uid_map").unwrap_or_default();
    let initial_namespace = uid_map.split_whitespace().collect::<Vec<_>>() == ["0", "0", "4294967295"];
    cap_mknod && initial_namespace
}

/// A file without read permission, and a folder that cannot be listed (holding a marked file):
/// each is `error`, unreadable, naming why; the files beside them keep their verdicts and the run
/// ends with status 2, never a pass of what was not read.
///
/// Root reads and lists anything, and CI runs as root: there mijian runs without the two
/// capabilities that let root ignore permissions (`CAP_DAC_OVERRIDE`, `CAP_DAC_READ_SEARCH`),
/// dropped by `setpriv` (util-linux), so that the test checks the same thing for root as for a
/// user instead of reading the file.
#[cfg(target_os = "linux")]
#[test]
fn a_file_without_read_permission_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let d = dir.path();
    write_neighbours(d);
    let locked = write(d, "locked.txt", "000123\n机密★1年\n".as_bytes());
    std::fs::create_dir(d.join("closed")).unwrap();
    write(&d.join("closed"), "inner.txt", "000123\n机密★1年\n".as_bytes());
    for (path, mode) in [(locked.clone(), 0o000), (d.join("closed"), 0o000)] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let drop = "-dac_override,-dac_read_search";
    let root = std::fs::File::open(&locked).is_ok();
    let wrapper: &[&str] = if root { &["setpriv", "--inh-caps", drop, "--bounding-set", drop, "--"] } else { &[] };
    let run = run_within(
        mijian_command_through(wrapper).args(["scan", "--format", "json", d.to_str().unwrap()]),
        std::time::Duration::from_secs(60),
    );
    // Let the temporary folder be removed.
    std::fs::set_permissions(d.join("closed"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let reports = run.json();
    let by_name = |n: &str| report_of(&reports, n).unwrap_or_else(|| panic!("{n}: {}", run.stdout));
    assert_neighbours(&reports);
    for name in ["locked.txt", "closed"] {
        let r = by_name(name);
        assert_eq!((verdict(r), r["error_kind"].as_str()), ("error", Some("unreadable")), "{r}");
        assert!(error(r).contains("Permission denied"), "{r}");
    }
    assert_eq!(reports.len(), 4, "nothing inside the closed folder was seen: {reports:#?}");
    assert_eq!(run.status, 2, "{}", run.stderr);
}

/// A file that grows and shrinks while it is scanned: each scan reads one consistent length
/// (at most the limit), finds the mark at its start, and never passes or crashes.
#[test]
fn a_file_changing_while_scanned() {
    let dir = tempdir();
    let path = write(dir.path(), "log.txt", "000123\n机密★1年\n".as_bytes());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let line = format!("{PROSE}\n").repeat(200);
            let mut i = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
                std::io::Write::write_all(&mut f, line.as_bytes()).unwrap();
                i += 1;
                if i.is_multiple_of(20) {
                    // Shrink back to the head: a reader mid-way sees the file end early.
                    f.set_len("000123\n机密★1年\n".len() as u64).unwrap();
                }
            }
        })
    };
    for _ in 0..5 {
        let (status, r) = scan_json(&path, &[]);
        assert_eq!((status, verdict(&r)), (1, "block"), "{r}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}

/// `--file-timeout` bounds one file's time: a PDF that would run 100 million operators (seconds)
/// is `error` at the limit, naming it; `--file-timeout` parses like the gateway's durations.
#[test]
fn a_file_timeout_stops_a_slow_file() {
    let dir = tempdir();
    let slow = write(dir.path(), "slow.pdf", &pdf_pages(1000, &b"q Q ".repeat(250_000), ""));
    let (status, report) = scan_json(&slow, &["--file-timeout", "1ms"]);
    assert_eq!((status, verdict(&report)), (2, "error"), "{report}");
    assert!(error(&report).contains("inspection time in milliseconds over the limit of 1 "), "{report}");
}
