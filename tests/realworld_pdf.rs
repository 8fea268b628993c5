//! The real binary over every PDF of the public real-world corpus (`../shared/realworld/pdf`,
//! listed in `../shared/realworld/SOURCES.md`): no crash, no hang, and every file either read,
//! or reported `error`/`review` with a reason. The corpus is not part of this repository; when it
//! is absent the test says so loudly and checks nothing, and fails under CI (`CI` set).

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

/// Longest a run over the whole folder may take (a debug build on a loaded 2-core machine).
const TIMEOUT: Duration = Duration::from_secs(300);

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld/pdf");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "the real-world PDF corpus {} is absent under CI", dir.display());
    eprintln!(
        "\n\n!!!!!!!! SKIPPED: the real-world PDF corpus {} is absent; realworld_pdf checks NOTHING !!!!!!!!\n\n",
        dir.display()
    );
    None
}

/// Runs `mijian args…` with a deadline, so that a hang fails the test instead of blocking CI.
fn run_with_deadline(args: &[&str]) -> Run {
    mijian_within(args, TIMEOUT)
}

fn pdf_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    names
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().unwrap().to_string_lossy().into_owned()
}

/// `scan`: one report per file, each `pass` with pages read, or `block`/`review` with findings
/// or reasons, or `error` with a message.
#[test]
fn scan_judges_every_realworld_pdf() {
    let Some(dir) = corpus() else { return };
    let names = pdf_names(&dir);
    assert!(names.len() >= 40, "the corpus should hold 49 PDFs: {names:?}");
    let run = run_with_deadline(&["scan", "--format", "json", dir.to_str().unwrap()]);
    assert!((0..=2).contains(&run.status), "crashed (status {}): {}", run.status, run.stderr);

    // Attached files come as reports of their own, `file.pdf!name`, after their PDF's.
    let (reports, members): (BTreeMap<String, Value>, BTreeMap<String, Value>) = run
        .json()
        .into_iter()
        .map(|r| (file_name(r["path"].as_str().unwrap()), r))
        .partition(|(name, _)| !name.contains('!'));
    let listed: Vec<_> = reports.keys().cloned().collect();
    assert_eq!(listed, names, "one report per file");
    // ofdrw_Test.pdf also holds its OFD attachment stored uncompressed, which `unzip` reads as a
    // ZIP archive inside the PDF: that reading is inspected as a member too.
    let (archives, attached): (Vec<&str>, Vec<&str>) =
        members.keys().map(String::as_str).partition(|m| m.contains("!(ZIP archive at bytes "));
    assert!(archives.iter().all(|m| m.starts_with("ofdrw_Test.pdf!")), "{archives:?}");
    assert_eq!(
        attached,
        [
            "ofdrw_Test.pdf!helloworld.ofd",
            "ofdrw_Test.pdf!img.jpg",
            "ofdrw_Test.pdf!log4j2.xml",
            "pdfminer_issue-625-identity-cmap.pdf!01_UBL.xml",
            "pdfminer_issue-625-identity-cmap.pdf!02_EAN_UCC.xml",
        ],
        "every attached file is inspected"
    );
    // The attached photo (no text in it) passes where OCR read it, and needs review where OCR is
    // absent; the PDF is as its worst member.
    let r = &reports["ofdrw_Test.pdf"];
    let photo = &members["ofdrw_Test.pdf!img.jpg"];
    let read = photo["coverage"]["read"].as_array().is_some_and(|r| r.iter().any(|p| p == "image"));
    assert_eq!(r["verdict"], if read { "pass" } else { "review" }, "{r} {photo}");
    for (name, r) in &reports {
        assert_eq!(r["format"], "pdf", "{name}: {r}");
        let reasons = r["reasons"].as_array().map_or(0, Vec::len);
        match r["verdict"].as_str().unwrap() {
            "pass" => assert!(
                !r["coverage"]["read"].as_array().unwrap().is_empty(),
                "{name}: pass without any page read: {r}"
            ),
            "block" => assert!(!r["findings"].as_array().unwrap().is_empty(), "{name}: {r}"),
            "review" => assert!(
                reasons > 0 || !r["findings"].as_array().unwrap().is_empty(),
                "{name}: review without a reason: {r}"
            ),
            // An error says what kind of failure it is (a stable id), not only some words.
            "error" => assert!(
                ["corrupt", "encrypted"].contains(&r["error_kind"].as_str().unwrap_or("")),
                "{name}: an error of no expected kind: {r}"
            ),
            other => panic!("{name}: unknown verdict {other}"),
        }
    }

    // The cases the corpus is there for.
    for name in [
        "pdfminer_aes-256-r6.pdf",
        "pdfminer_rc4-40.pdf",
        "pyoffice_encrypted_aes_pw123456.pdf",
        "pyoffice_encrypted_rc4_pw123456.pdf",
    ] {
        let r = &reports[name];
        assert_eq!(r["verdict"], "error", "{name} needs a user password: {r}");
        assert_eq!(r["error_kind"], "encrypted", "{name}: {r}");
    }
    let r = &reports["pdfjs_empty_protected.pdf"];
    assert_ne!(r["verdict"], "error", "an empty user password opens it: {r}");
    let r = &reports["pdfjs_issue3405r.pdf"];
    assert_eq!(r["verdict"], "review", "glyphs nothing maps to text: {r}");
    assert!(r["reasons"].to_string().contains("cannot be decoded"), "{r}");
    // 集油器 drawn by Type3 glyphs that are CCITT bitmaps, under a `/ToUnicode`: the text layer is
    // read, but what the pictures show is not, so a person looks.
    let r = &reports["pdfjs_bug1245391_reduced.pdf"];
    assert_eq!(r["verdict"], "review", "{r}");
    assert_eq!(r["coverage"]["unread"][0]["reason_id"], "picture_glyphs", "{r}");
    assert_eq!(run.status, 2, "some files are errors");
}

/// `extract`: text from every file that is not an error, and the text where pdftotext fails
/// (GBK codes without a Unicode map) is there.
#[test]
fn extract_reads_every_realworld_pdf() {
    let Some(dir) = corpus() else { return };
    let run = run_with_deadline(&["extract", "--format", "json", dir.to_str().unwrap()]);
    assert!((0..=2).contains(&run.status), "crashed (status {}): {}", run.status, run.stderr);
    let mut text: BTreeMap<String, String> = BTreeMap::new();
    for seg in run.json() {
        let t = text.entry(file_name(seg["path"].as_str().unwrap())).or_default();
        t.push_str(seg["text"].as_str().unwrap());
        t.push('\n');
    }
    // A file that gives no text and no message must have no text for poppler either (blank or
    // fuzzed pages), or be listed here with the reason.
    let no_text_layer = [(
        "pdfjs_ContentStreamCycleType3insideType3.pdf",
        "Type3 glyphs named /rect and /triangle: drawings, not letters (pdftotext prints the codes, `ab`)",
    )];
    let reference = dir.join("../pdftotext");
    for name in pdf_names(&dir) {
        let said = run.stderr.lines().any(|l| l.contains(&name));
        if text.contains_key(&name) || said || no_text_layer.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let poppler = std::fs::read_to_string(reference.join(name.replace(".pdf", ".txt"))).unwrap_or_default();
        assert!(
            !poppler.chars().any(char::is_alphanumeric),
            "{name}: no text and no message from mijian, but pdftotext reads {poppler:?}"
        );
    }
    // Where poppler prints mojibake: GBK codes in non-embedded fonts.
    let xbs = &text["pdfjs_XiaoBiaoSong.pdf"];
    assert!(xbs.contains("关于红军作战的原则"), "{xbs}");
    let simfang = without_spaces(&text["pdfjs_SimFang-variant.pdf"]);
    assert!(simfang.contains("全世界无产者"), "{simfang}");
    // A WPS export (subset TrueType with ToUnicode) reads as printed.
    assert!(text["pyoffice_wps_程序员晚枫.pdf"].contains("这里是程序员晚枫"));
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
