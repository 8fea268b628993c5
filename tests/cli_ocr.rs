//! End-to-end tests of OCR (`--ocr`): the real binary and the real Tesseract on the pictures of
//! tests/fixtures/ocr (made by its make.py; its README says what each one proves).
//!
//! Without Tesseract (with chi_sim) these tests say so and skip, except under CI, where they
//! fail: .ci/run installs it.

mod common;
mod gateway_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{mijian, scan_json, tempdir, write};
use gateway_support::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocr").join(name)
}

/// Whether the engine is here; under CI its absence fails the test.
fn engine_present(test: &str) -> bool {
    let present = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "chi_sim"));
    if !present {
        assert!(std::env::var_os("CI").is_none(), "{test}: tesseract with chi_sim is missing under CI");
        eprintln!("!!!!! SKIPPED {test}: tesseract with chi_sim is not installed !!!!!");
    }
    present
}

fn verdict(r: &serde_json::Value) -> &str {
    r["verdict"].as_str().unwrap_or("?")
}

/// Scans with OCR on and returns the report of the file.
fn scan(name: &str) -> (i32, serde_json::Value) {
    scan_json(&fixture(name), &["--ocr", "on"])
}

/// The marking finding's location, which must point into the picture.
fn mark_location(r: &serde_json::Value) -> serde_json::Value {
    let findings = r["findings"].as_array().cloned().unwrap_or_default();
    let mark = findings.iter().find(|f| f["kind"] == "marking").unwrap_or_else(|| panic!("no marking: {r}"));
    assert_eq!(mark["level"], "block", "{r}");
    mark["location"].clone()
}

#[test]
fn a_mark_in_a_picture_blocks_wherever_the_picture_is() {
    if !engine_present("a_mark_in_a_picture_blocks_wherever_the_picture_is") {
        return;
    }
    // (file, the part the mark is found in)
    for (file, part) in [
        ("mark.png", "image"),
        ("photo_mark.jpg", "image"),
        ("scan_mark.pdf", "page 1 image 1"),
        ("scan_flate_mark.pdf", "page 1 image 1"),
        ("scan_mark.docx", "word/media/image1.png"),
        ("slide_mark.pptx", "ppt/media/image1.png"),
    ] {
        let (status, r) = scan(file);
        assert_eq!((status, verdict(&r)), (1, "block"), "{file}: {r}");
        let at = mark_location(&r);
        assert_eq!(at["part"], part, "{file}: {r}");
        assert_eq!(at["line"], 1, "the mark is the picture's first line: {file}: {r}");
        assert!(at["field"].as_str().unwrap().starts_with("box "), "the line's box: {file}: {r}");
    }
}

#[test]
fn the_clean_twins_pass_and_their_text_was_read() {
    if !engine_present("the_clean_twins_pass_and_their_text_was_read") {
        return;
    }
    for (file, picture) in [
        ("clean.png", "image"),
        ("photo_clean.jpg", "image"),
        ("scan_clean.pdf", "page 1 image 1"),
        ("scan_clean.docx", "word/media/image1.png"),
        ("slide_clean.pptx", "ppt/media/image1.png"),
    ] {
        let (status, r) = scan(file);
        assert_eq!((status, verdict(&r)), (0, "pass"), "{file}: {r}");
        let read = r["coverage"]["read"].as_array().unwrap();
        assert!(read.iter().any(|p| p == picture), "the picture was read: {file}: {r}");
    }
    // What was read is the page's text (so a pass is not a picture nobody looked at).
    let run = mijian(&["extract", "--ocr", "on", fixture("scan_clean.docx").to_str().unwrap()]);
    assert!(run.stdout.contains("年度统计"), "{}", run.stdout);
}

#[test]
fn a_photo_with_no_text_passes_but_a_document_of_pictures_with_no_text_needs_review() {
    if !engine_present("a_photo_with_no_text_passes_but_a_document_of_pictures_with_no_text_needs_review") {
        return;
    }
    let (status, r) = scan("photo_no_text.jpg");
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
    // The same photo as the only content of a DOCX: a scan OCR could not read, for all we know.
    let (status, r) = scan("photo_only.docx");
    assert_eq!((status, verdict(&r)), (1, "review"), "{r}");
    assert!(r["reasons"].to_string().contains("mainly pictures"), "{r}");
}

#[test]
fn a_damaged_picture_file_needs_review() {
    if !engine_present("a_damaged_picture_file_needs_review") {
        return;
    }
    let dir = tempdir();
    let png = std::fs::read(fixture("mark.png")).unwrap();
    let damaged = write(dir.path(), "damaged.png", &png[..png.len() / 3]);
    let (status, r) = scan_json(&damaged, &["--ocr", "on"]);
    assert_eq!((status, verdict(&r)), (1, "review"), "{r}");
    assert!(r["reasons"].to_string().contains("cannot be decoded"), "{r}");
}

/// Every picture a viewer shows is read: the second page of a fax TIFF, the second frame of a
/// GIF, a CCITT Group 4 picture and an inline image in a PDF, a picture carried in an SVG; each
/// clean twin passes with its picture read.
#[test]
fn pictures_in_every_form_a_viewer_shows_are_read() {
    if !engine_present("pictures_in_every_form_a_viewer_shows_are_read") {
        return;
    }
    for (file, part) in [
        ("pages_mark.tif", "image page 2"),
        ("frames_mark.gif", "image frame 2"),
        ("ccitt_mark.pdf", "page 1 image 1"),
        ("inline_mark.pdf", "page 1 inline image 1"),
        ("svg_mark.svg", "svg#image1"),
    ] {
        let (status, r) = scan(file);
        assert_eq!((status, verdict(&r)), (1, "block"), "{file}: {r}");
        let at = mark_location(&r);
        assert_eq!(at["part"], part, "{file}: {r}");
        assert!(at["field"].as_str().unwrap().starts_with("box "), "the line's box: {file}: {r}");
    }
    for (file, picture) in [
        ("pages_clean.tif", "image page 2"),
        ("ccitt_clean.pdf", "page 1 image 1"),
        ("inline_clean.pdf", "page 1 inline image 1"),
        ("svg_clean.svg", "svg#image1"),
    ] {
        let (status, r) = scan(file);
        assert_eq!((status, verdict(&r)), (0, "pass"), "{file}: {r}");
        let read = r["coverage"]["read"].as_array().unwrap();
        assert!(read.iter().any(|p| p == picture), "the picture was read: {file}: {r}");
    }
    let run = mijian(&["extract", "--ocr", "on", fixture("ccitt_clean.pdf").to_str().unwrap()]);
    assert!(run.stdout.contains("年度统计"), "the fax was decoded: {}", run.stdout);
}

/// A legacy PowerPoint file keeps its pictures in the `Pictures` stream (BLIP records).
fn ppt_with_picture(png: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let base = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ole/clean.ppt")).unwrap();
    let mut compound = cfb::CompoundFile::open(std::io::Cursor::new(base)).unwrap();
    // An OfficeArtBlipPNG: header (instance 0x6E0, type 0xF01E), one 16-byte id, a tag byte.
    let mut blip = (0x6E0u16 << 4).to_le_bytes().to_vec();
    blip.extend_from_slice(&0xF01Eu16.to_le_bytes());
    blip.extend_from_slice(&(17 + png.len() as u32).to_le_bytes());
    blip.extend_from_slice(&[0x11; 16]);
    blip.push(0xFF);
    blip.extend_from_slice(png);
    let mut stream = compound.create_stream("/Pictures").unwrap();
    stream.write_all(&blip).unwrap();
    drop(stream);
    compound.flush().unwrap();
    compound.into_inner().into_inner()
}

#[test]
fn a_picture_on_a_legacy_slide_is_read() {
    if !engine_present("a_picture_on_a_legacy_slide_is_read") {
        return;
    }
    let dir = tempdir();
    let marked = write(dir.path(), "marked.ppt", &ppt_with_picture(&std::fs::read(fixture("mark.png")).unwrap()));
    let (status, r) = scan_json(&marked, &["--ocr", "on"]);
    assert_eq!((status, verdict(&r)), (1, "block"), "{r}");
    assert_eq!(mark_location(&r)["part"], "Pictures image 1", "{r}");
    let clean = write(dir.path(), "clean.ppt", &ppt_with_picture(&std::fs::read(fixture("clean.png")).unwrap()));
    let (status, r) = scan_json(&clean, &["--ocr", "on"]);
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
    assert!(r["coverage"]["read"].to_string().contains("Pictures image 1"), "{r}");
}

/// An RTF document whose only content is `picture` (PNG) in `\*\shppict`, with the metafile
/// copy Word writes for older readers in `\nonshppict` (a blank WMF header: it draws nothing).
fn rtf_with_picture(png: &[u8]) -> Vec<u8> {
    let hex: String = png.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        r"{{\rtf1\ansi\deff0{{\fonttbl{{\f0 Times New Roman;}}}}\pard{{\*\shppict{{\pict\pngblip\picw200\pich60 {hex}}}}}{{\nonshppict{{\pict\wmetafile8 0100090000}}}}\par}}"
    )
    .into_bytes()
}

/// An RTF's PNG goes to the picture code: with OCR its mark blocks at `picture 1` and its clean
/// twin passes, the picture read; without OCR a document of nothing but the picture is not
/// passed (mostly pictures, not read).
#[test]
fn a_picture_in_an_rtf_is_read() {
    let dir = tempdir();
    let marked = write(dir.path(), "marked.rtf", &rtf_with_picture(&std::fs::read(fixture("mark.png")).unwrap()));
    let (_, r) = scan_json(&marked, &["--ocr", "off"]);
    assert_eq!(verdict(&r), "review", "{r}");
    if !engine_present("a_picture_in_an_rtf_is_read") {
        return;
    }
    let (status, r) = scan_json(&marked, &["--ocr", "on"]);
    assert_eq!((status, verdict(&r)), (1, "block"), "{r}");
    assert_eq!(mark_location(&r)["part"], "picture 1", "{r}");
    let clean = write(dir.path(), "clean.rtf", &rtf_with_picture(&std::fs::read(fixture("clean.png")).unwrap()));
    let (status, r) = scan_json(&clean, &["--ocr", "on"]);
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
    assert!(r["coverage"]["read"].to_string().contains("picture 1"), "{r}");
}

/// A JBIG2 picture (no permissively licensed decoder) is never passed: its own reason, review.
#[test]
fn a_picture_no_decoder_reads_needs_review() {
    if !engine_present("a_picture_no_decoder_reads_needs_review") {
        return;
    }
    let (status, r) = scan("jbig2_page.pdf");
    assert_eq!((status, verdict(&r)), (1, "review"), "{r}");
    let unread = r["coverage"]["unread"].as_array().unwrap();
    let gap = unread.iter().find(|u| u["reason_id"] == "picture_no_decoder").unwrap_or_else(|| panic!("{r}"));
    assert_eq!(gap["needs_review"], true, "{r}");
    assert!(gap["reason"].as_str().unwrap().contains("JBIG2"), "{r}");
}

/// Recognition that may be a mark but is unsure is never passed. The engine here is a stand-in
/// that answers, for any picture, one line `机密女1年` at confidence 31: what the policy does
/// with such an answer is the point, and a real engine's confidence cannot be set by a test.
#[test]
#[cfg(unix)]
fn a_mark_recognised_with_low_confidence_needs_review() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let engine = dir.path().join("tesseract");
    let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
               5\t1\t1\t1\t1\t1\t700\t50\t200\t50\t31\t机密女1年\n";
    std::fs::write(
        &engine,
        format!(
            "#!/bin/sh\ncase \"$1\" in --version) echo 'tesseract 5 (stand-in)';; --list-langs) echo chi_sim;; \
             *) cat >/dev/null; printf '{tsv}';; esac\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&engine, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mijian"))
        .args(["scan", "--ocr", "on", "--format", "json", fixture("clean.png").to_str().unwrap()])
        .env("MIJIAN_TESSERACT", &engine)
        .output()
        .unwrap();
    let r: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("{}")).unwrap();
    assert_eq!((out.status.code(), verdict(&r)), (Some(1), "review"), "{r}");
    let unread = r["coverage"]["unread"].to_string();
    assert!(unread.contains("doubtful_mark"), "{r}");
    assert!(r["findings"].as_array().is_none_or(|f| f.is_empty()), "a doubtful read is not a finding: {r}");
}

/// Without the engine, pictures are read as before OCR existed, and nothing passes that could
/// hide a scan: an image file and a DOCX that is one picture need review; `--ocr on` refuses to
/// start.
#[test]
fn without_the_engine_pictures_fail_closed() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_mijian"))
            .args(args)
            .env("MIJIAN_TESSERACT", "/nonexistent/tesseract")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for file in [
        "mark.png",
        "clean.png",
        "scan_mark.pdf",
        "scan_mark.docx",
        "slide_mark.pptx",
        "photo_only.docx",
        "pages_mark.tif",
        "ccitt_mark.pdf",
        "inline_mark.pdf",
        "svg_mark.svg",
    ] {
        let (status, out, err) = run(&["scan", "--format", "json", fixture(file).to_str().unwrap()]);
        let r: serde_json::Value = serde_json::from_str(out.lines().next().unwrap_or("{}")).unwrap();
        assert_eq!((status, verdict(&r)), (1, "review"), "{file}: {r} {err}");
        let unread = r["coverage"]["unread"].to_string();
        assert!(unread.contains("OCR"), "coverage says OCR was missing: {file}: {r}");
    }
    // Font and theme names Word writes into every file are not text the document shows.
    let dir = tempdir();
    let theme = r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office 主题"><a:themeElements><a:fontScheme name="Office"><a:majorFont><a:font script="Jpan" typeface="游ゴシック Light"/><a:font script="Hans" typeface="等线 Light"/><a:font script="Hant" typeface="新細明體"/><a:font script="Hang" typeface="맑은 고딕"/></a:majorFont><a:minorFont><a:font script="Hans" typeface="等线"/><a:font script="Hant" typeface="新細明體"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>"#;
    let scan = std::fs::read(fixture("scan_mark.docx")).unwrap();
    let themed = write(dir.path(), "themed.docx", &add_entry(&scan, "word/theme/theme1.xml", theme.as_bytes()));
    let (status, out, err) = run(&["scan", "--format", "json", themed.to_str().unwrap()]);
    let r: serde_json::Value = serde_json::from_str(out.lines().next().unwrap_or("{}")).unwrap();
    assert_eq!((status, verdict(&r)), (1, "review"), "{r} {err}");
    assert!(r["reasons"].to_string().contains("mainly pictures"), "{r}");

    // A picture beside text is noted, and does not stop a pass.
    let dir = tempdir();
    let png = std::fs::read(fixture("mark.png")).unwrap();
    let with_text = common::docx(&common::para(&[common::PROSE]), &[]);
    let docx = write(dir.path(), "with_text.docx", &add_entry(&with_text, "word/media/image1.png", &png));
    let (status, out, _) = run(&["scan", "--format", "json", docx.to_str().unwrap()]);
    let r: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
    assert!(r["coverage"]["unread"].to_string().contains("engine absent"), "{r}");

    let (status, _, err) = run(&["scan", "--ocr", "on", fixture("mark.png").to_str().unwrap()]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("tesseract"), "{err}");
    // The gateway too refuses to start with `--ocr on` and no engine.
    let (status, _, err) = run(&["serve", "--listen", "127.0.0.1:0", "--ocr", "on"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("tesseract"), "{err}");
}

/// A ZIP-based document with one more entry.
fn add_entry(zip_bytes: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        out.raw_copy_file(file).unwrap();
    }
    out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(data).unwrap();
    out.finish().unwrap().into_inner()
}

/// The gateway: a photo with no text passes (and reaches the CMS in proxy mode); a photographed
/// marked page is blocked and never forwarded.
#[test]
fn the_gateway_passes_a_photo_and_blocks_a_marked_picture() {
    if !engine_present("the_gateway_passes_a_photo_and_blocks_a_marked_picture") {
        return;
    }
    let photo = std::fs::read(fixture("photo_no_text.jpg")).unwrap();
    let marked = std::fs::read(fixture("photo_mark.jpg")).unwrap();

    let api = Server::with(DICT, false, &["--ocr", "on"]);
    let r = post(api.addr, "/v1/scan?name=photo.jpg", &[], &photo).json();
    assert_eq!(r["verdict"], "pass", "{r}");
    let r = post(api.addr, "/v1/scan?name=page.jpg", &[], &marked).json();
    assert_eq!(r["verdict"], "block", "{r}");

    let up = Upstream::start();
    let url = up.url();
    let proxy = Server::with(DICT, false, &["--ocr", "on", "--upstream", url.as_str()]);
    let r = exchange(proxy.addr, &request("PUT", "/cms/photo.jpg", &[("Content-Type", "image/jpeg")], &photo));
    assert_eq!(r.status, 201, "a photo reaches the CMS: {}", r.text());
    let r = exchange(proxy.addr, &request("PUT", "/cms/page.jpg", &[("Content-Type", "image/jpeg")], &marked));
    assert_eq!(r.status, 403, "{}", r.text());
    let seen = up.requests();
    assert_eq!(seen.len(), 1, "only the photo was forwarded");
    assert_eq!(seen[0].body, photo);
}
