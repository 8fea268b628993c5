//! `mijian dict check` and `mijian dict compile`, end to end on the real binary.

mod common;

use common::{mijian, tempdir, write};
use serde_json::Value;

/// A dictionary with one planted defect per line (or pair of lines); the comment says which.
const PLANTED: &str = "\
# planted defects for the check
紫电计划\t机密\t项目代号
紫 電 計 劃\t秘密
密\t机密
黄片
機密文件\t秘密
机密文件\t秘密
re:(紫电)?\\d*
re:KJ-\\d+型\t秘密
foo\tBAD
re:试验\\d+号\tallow
试验3号\t秘密
a\tb\tc\td
三黄片\tallow
试验场地\t工作秘密
re:\\p{Han}{40,200}\tinfo
";

/// (line, kind, severity) of every issue, in order.
fn issues(v: &Value) -> Vec<(u64, String, String)> {
    v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["line"].as_u64().unwrap(),
                i["kind"].as_str().unwrap().to_string(),
                i["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_planted_defect_is_reported_with_its_line() {
    let dir = tempdir();
    let d = write(dir.path(), "planted.txt", PLANTED.as_bytes());
    let run = mijian(&["dict", "check", "--format", "json", d.to_str().unwrap()]);
    assert_eq!(run.status, 1, "errors make the exit status 1; stderr: {}", run.stderr);
    let v = &run.json()[0];
    let got = issues(v);
    let e = |l: u64, k: &str| (l, k.to_string(), "error".to_string());
    let w = |l: u64, k: &str| (l, k.to_string(), "warning".to_string());
    let want = vec![
        e(2, "conflicting-levels"),
        w(3, "shadowed"),
        e(4, "single-character"),
        w(5, "short-term"),
        w(7, "duplicate"),
        e(8, "regex-matches-empty"),
        w(8, "regex-no-keyword"),
        w(9, "regex-never-matches"),
        e(10, "syntax"),
        w(12, "shadowed"),
        e(13, "syntax"),
        w(16, "regex-large"),
        w(16, "regex-no-keyword"),
    ];
    assert_eq!(got, want, "{}", run.stdout);
    assert_eq!(v["errors"], 5);
    assert_eq!(v["warnings"], 8);
    // The good lines were analysed although two lines are bad: 13 entries loaded.
    assert_eq!(v["entries"], 13);
    let msg = |line: u64, kind: &str| {
        v["issues"].as_array().unwrap().iter().find(|i| i["line"] == line && i["kind"] == kind).unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(msg(7, "duplicate").contains("機密文件"), "the duplicate names the spelling it equals after normalisation");
    assert!(msg(3, "shadowed").contains(":2"), "the shadowed entry names the winner");
    assert!(msg(9, "regex-never-matches").contains("KJ"));
    assert!(msg(12, "shadowed").contains(":11"), "the allow pattern that covers it");
    // Related lines point at the other entries.
    let conflict = &v["issues"][0];
    assert_eq!(conflict["related"][0]["line"], 3);
}

#[test]
fn text_output_names_file_and_line() {
    let dir = tempdir();
    let d = write(dir.path(), "planted.txt", PLANTED.as_bytes());
    let run = mijian(&["dict", "check", d.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    let path = d.display().to_string();
    assert!(run.stdout.contains(&format!("{path}:10: error[syntax]: unknown level \"BAD\"")), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("{path}:13: error[syntax]: 4 tab-separated columns")), "{}", run.stdout);
    assert!(run.stdout.contains("5 error(s), 8 warning(s)"), "{}", run.stdout);
}

#[test]
fn warnings_alone_exit_zero_and_files_are_checked_together() {
    let dir = tempdir();
    let a = write(dir.path(), "a.txt", "紫电计划\t机密\n黄片\n".as_bytes());
    let b = write(dir.path(), "b.txt", "紫電計劃\t机密\n".as_bytes());
    let run = mijian(&["dict", "check", "--format", "json", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let v = &run.json()[0];
    assert_eq!(v["errors"], 0);
    let got = issues(v);
    assert_eq!(got, vec![(2, "short-term".into(), "warning".into()), (1, "duplicate".into(), "warning".into())]);
    assert_eq!(v["issues"][1]["file"], b.display().to_string());
    assert_eq!(v["issues"][1]["related"][0]["file"], a.display().to_string());
}

#[test]
fn a_clean_dictionary_has_no_issue_and_a_missing_one_is_exit_2() {
    let dir = tempdir();
    let d = write(
        dir.path(),
        "ok.txt",
        "紫电计划\t机密\n三黄片\tallow\nre:\\p{Han}{2}密发〔\\d{4}〕\\d+号\t秘密\n".as_bytes(),
    );
    let run = mijian(&["dict", "check", d.to_str().unwrap()]);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("3 entries: 0 error(s), 0 warning(s)"), "{}", run.stdout);
    let run = mijian(&["dict", "check", dir.path().join("missing.txt").to_str().unwrap()]);
    assert_eq!(run.status, 2);
}

#[test]
fn compiled_rules_scan_like_the_dictionaries_and_bad_files_are_refused() {
    let dir = tempdir();
    let d = write(
        dir.path(),
        "codes.txt",
        "紫电计划\t机密\t项目代号\n试验场地\t工作秘密\nre:\\p{Han}{2}密发〔\\d{4}〕\\d+号\t秘密\n".as_bytes(),
    );
    let doc = write(dir.path(), "doc.txt", "关于紫 電·計劃在试验场地的安排，依据省厅密发〔2020〕3号。\n".as_bytes());
    let mjd = dir.path().join("rules.mjd");
    let run = mijian(&["dict", "compile", "-o", mjd.to_str().unwrap(), d.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let strip = |mut v: Value| {
        v["findings"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .for_each(|f| f.as_object_mut().unwrap().retain(|k, _| k != "why"));
        v
    };
    let (s1, from_text) = common::scan_json(&doc, &["--dict", d.to_str().unwrap()]);
    let (s2, from_mjd) = common::scan_json(&doc, &["--rules", mjd.to_str().unwrap()]);
    assert_eq!((s1, s2), (1, 1));
    assert_eq!(
        from_text["findings"].as_array().unwrap().len(),
        4,
        "three terms and the built-in doc-number: {from_text}"
    );
    assert_eq!(strip(from_mjd), strip(from_text));

    // Corrupt (one byte flipped), foreign (a dictionary passed as rules) and stale (another
    // format version) files are refused with exit 2 and a reason.
    let bytes = std::fs::read(&mjd).unwrap();
    let mut flipped = bytes.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let mut stale = bytes.clone();
    stale[8] = stale[8].wrapping_add(1);
    for (name, content, why) in [
        ("flipped.mjd", flipped, "checksum"),
        ("stale.mjd", stale, "stale"),
        ("foreign.mjd", b"PK\x03\x04zip".to_vec(), "not a mijian"),
    ] {
        let p = write(dir.path(), name, &content);
        let run = mijian(&["scan", "--rules", p.to_str().unwrap(), doc.to_str().unwrap()]);
        assert_eq!(run.status, 2, "{name}");
        assert!(run.stderr.contains(why), "{name}: {}", run.stderr);
    }
    // A file of the previous format (2: the finding kind was not stored) is refused naming the
    // file and saying how to get a usable one, in both languages.
    let mut previous = bytes.clone();
    previous[8..12].copy_from_slice(&2u32.to_le_bytes());
    let p = write(dir.path(), "previous.mjd", &previous);
    for (lang, said) in
        [("en", "recompile it with `mijian dict compile`"), ("zh", "请用 `mijian dict compile` 从词典重新编译")]
    {
        let run = mijian(&["--lang", lang, "scan", "--rules", p.to_str().unwrap(), doc.to_str().unwrap()]);
        assert_eq!(run.status, 2, "{lang}");
        assert!(run.stderr.contains("previous.mjd") && run.stderr.contains(said), "{lang}: {}", run.stderr);
    }
    // --rules replaces --dict and --no-default-rules.
    let run = mijian(&["scan", "--rules", mjd.to_str().unwrap(), "--dict", d.to_str().unwrap(), doc.to_str().unwrap()]);
    assert_eq!(run.status, 2);
}
