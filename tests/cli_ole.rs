//! End-to-end tests of the legacy binary readers for Excel 97–2003 / WPS `.et` workbooks and
//! PowerPoint 97–2003 / WPS `.dps` presentations: the real binary on the LibreOffice-made
//! fixtures of `tests/fixtures/ole` (see its README), marked files and their clean twins.

mod common;
use common::*;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ole").join(name)
}

/// (rule, part, paragraph, field) of every finding.
fn places(report: &serde_json::Value) -> Vec<(String, String, Option<u64>, Option<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let l = &f["location"];
            (
                f["rule"].as_str().unwrap().to_owned(),
                l["part"].as_str().unwrap().to_owned(),
                l["paragraph"].as_u64(),
                l["field"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn has(places: &[(String, String, Option<u64>, Option<String>)], rule: &str, part: &str, field: Option<&str>) -> bool {
    places.iter().any(|p| p.0 == rule && p.1 == part && p.3.as_deref() == field)
}

#[test]
fn marked_xls_blocks_at_each_place() {
    let (status, report) = scan_json(&fixture("marked.xls"), &[]);
    assert_eq!(status, 1);
    assert_eq!(report["verdict"], "block", "{report}");
    let p = places(&report);
    let state = "marking.state-secret";
    // A value shown through the custom number format "机密★"@ (the cell stores only 1年).
    assert!(p.contains(&(state.into(), "Workbook/sheet1".into(), Some(3), None)), "{p:?}");
    // A formula's cached string result.
    assert!(p.contains(&(state.into(), "Workbook/sheet1".into(), Some(4), None)), "{p:?}");
    assert!(has(&p, "marking.level-alone", "Workbook/sheet1", Some("header")), "{p:?}");
    assert!(has(&p, "marking.not-for-release", "Workbook/sheet1", Some("C5")), "{p:?}");
    assert!(has(&p, "marking.internal", "Workbook/sheet1", Some("validation")), "{p:?}");
    assert!(has(&p, state, "Workbook/sheet1", Some("validation")), "{p:?}");
    assert!(has(&p, state, "Workbook", Some("name")), "{p:?}");
    // The hidden second sheet.
    assert!(p.contains(&(state.into(), "Workbook/sheet2".into(), Some(1), None)), "{p:?}");
    assert!(report["coverage"]["read"].as_array().unwrap().iter().any(|r| r == "Workbook/sheet2"));
}

#[test]
fn clean_xls_passes_and_is_read() {
    let (status, report) = scan_json(&fixture("clean.xls"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");
    let run = mijian(&["extract", "--format", "json", fixture("clean.xls").to_str().unwrap()]);
    let texts: Vec<String> = run.json().iter().map(|l| l["text"].as_str().unwrap_or("").to_owned()).collect();
    for expected in ["统计表", "期限：1年", "此件公开发布", "统计报表", "加强保密工作，增强保密意识。"]
    {
        assert!(texts.iter().any(|t| t == expected), "{expected} not in {texts:?}");
    }
}

#[test]
fn marked_ppt_blocks_on_slides_and_notes() {
    let (status, report) = scan_json(&fixture("marked.ppt"), &[]);
    assert_eq!(status, 1);
    assert_eq!(report["verdict"], "block", "{report}");
    let p = places(&report);
    assert!(p.contains(&("marking.commercial-secret".into(), "slide2".into(), Some(1), None)), "{p:?}");
    // Slide 3 is hidden; the mark is its second text, after the title.
    assert!(p.contains(&("marking.state-secret".into(), "slide3".into(), Some(2), None)), "{p:?}");
    assert!(p.contains(&("marking.state-secret".into(), "slide2/notes".into(), Some(1), None)), "{p:?}");
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn clean_ppt_passes_and_masters_prompts_are_not_read() {
    let (status, report) = scan_json(&fixture("clean.ppt"), &[]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");
    let run = mijian(&["extract", "--format", "json", fixture("clean.ppt").to_str().unwrap()]);
    let lines = run.json();
    let texts: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap_or("")).collect();
    for expected in ["工作汇报", "第一季度进展", "公司简介", "讲稿：按时完成", "附件"] {
        assert!(texts.contains(&expected), "{expected} not in {texts:?}");
    }
    // Slides come in presentation order.
    let at = |t: &str| texts.iter().position(|x| *x == t).unwrap();
    assert!(at("工作汇报") < at("公司简介") && at("公司简介") < at("附件"));
    assert!(!texts.iter().any(|t| t.contains("Click") || t.contains("单击")), "{texts:?}");
}

#[test]
fn wps_names_are_read_by_content() {
    // WPS saves .et and .dps in the same binary formats; the name changes nothing.
    let dir = tempdir();
    for (from, to) in [("marked.xls", "报表.et"), ("marked.ppt", "演示.dps"), ("clean.xls", "clean.et")] {
        let path = write(dir.path(), to, &std::fs::read(fixture(from)).unwrap());
        let (_, report) = scan_json(&path, &[]);
        let expected = if from.starts_with("clean") { "pass" } else { "block" };
        assert_eq!(report["verdict"], expected, "{to}: {report}");
    }
}

#[test]
fn a_truncated_workbook_is_an_error_not_a_pass() {
    let dir = tempdir();
    let bytes = std::fs::read(fixture("marked.xls")).unwrap();
    let path = write(dir.path(), "cut.xls", &bytes[..bytes.len() / 2]);
    let (status, report) = scan_json(&path, &[]);
    assert_eq!((status, report["verdict"].as_str()), (2, Some("error")), "{report}");
}

/// `bytes` with the only occurrence of `from` replaced by `to` (same length).
fn patched(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at: Vec<usize> = bytes.windows(from.len()).enumerate().filter(|(_, w)| *w == from).map(|(i, _)| i).collect();
    assert_eq!(at.len(), 1, "the pattern must occur once");
    let mut out = bytes.to_vec();
    out[at[0]..at[0] + to.len()].copy_from_slice(to);
    out
}

#[test]
fn password_protected_workbooks_and_presentations_are_errors() {
    let dir = tempdir();
    // The workbook's CODEPAGE record (0x0042, 2 bytes, 1200) turned into a FILEPASS record of the
    // same size: Excel would ask for a password.
    let xls =
        patched(&std::fs::read(fixture("clean.xls")).unwrap(), &[0x42, 0, 2, 0, 0xB0, 0x04], &[0x2F, 0, 2, 0, 0, 0]);
    // The Current User stream's header token of an encrypted presentation.
    let ppt =
        patched(&std::fs::read(fixture("clean.ppt")).unwrap(), &[0x5F, 0xC0, 0x91, 0xE3], &[0xDF, 0xC4, 0xD1, 0xF3]);
    for (name, bytes) in [("locked.xls", xls), ("locked.ppt", ppt)] {
        let path = write(dir.path(), name, &bytes);
        let (status, report) = scan_json(&path, &[]);
        assert_eq!((status, report["verdict"].as_str()), (2, Some("error")), "{name}: {report}");
        assert!(report["error"].as_str().unwrap().contains("encrypted"), "{name}: {report}");
        assert_eq!(report["error_kind"], "encrypted", "{name}: {report}");
    }
}
