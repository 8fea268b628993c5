//! End-to-end tests of `mijian extract`.

mod common;
use common::*;

/// JSON Lines of {path, part, location, text}, one per segment, before normalisation.
#[test]
fn extract_json_lists_every_part() {
    let dir = tempdir();
    let body = format!("{}{}", para(&["第一段", "文字"]), para(&["機密　★１年"]));
    let p = write(dir.path(), "d.docx", &docx(&body, &[("word/footer1.xml", &header_part("ftr", "第1页"))]));
    let run = mijian(&["extract", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.json();
    let texts: Vec<_> = lines.iter().map(|l| (l["part"].as_str().unwrap(), l["text"].as_str().unwrap())).collect();
    assert!(texts.contains(&("word/document.xml", "第一段文字")), "{texts:?}");
    assert!(texts.contains(&("word/document.xml", "機密　★１年")), "original text, not normalised: {texts:?}");
    assert!(texts.contains(&("word/footer1.xml", "第1页")), "{texts:?}");
    assert!(lines.iter().all(|l| l["path"].as_str().unwrap().ends_with("d.docx")));
}

/// A broken file makes extract fail with exit 2 and a message naming it.
#[test]
fn extract_reports_errors() {
    let dir = tempdir();
    let p = write(dir.path(), "bad.docx", b"PK\x03\x04\x14\0broken");
    let run = mijian(&["extract", p.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("bad.docx"), "{}", run.stderr);
}
