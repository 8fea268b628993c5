//! `mijian bench`, end to end: old and new dictionaries on a tiny labelled corpus whose
//! differences are known in advance.

mod common;

use common::{docx, mijian, para, tempdir, write};
use serde_json::Value;
use std::path::Path;

struct Corpus {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Corpus {
    fn p(&self, rel: &str) -> String {
        self.root.join(rel).to_str().unwrap().to_string()
    }
}

/// old: 紫电计划 (机密), 玄武项目 (秘密). new: 紫电计划 (机密), 青龙工程 (秘密), 三黄片 (敏感).
fn corpus() -> Corpus {
    let dir = tempdir();
    let root = dir.path().to_path_buf();
    let w = |rel: &str, text: &str| write(&root, rel, text.as_bytes());
    w("old.txt", "紫电计划\t机密\n玄武项目\t秘密\n");
    w("new.txt", "紫电计划\t机密\n青龙工程\t秘密\n三黄片\t敏感\n");
    // Publishable documents: the new dictionary flags both (false positives gained).
    w("clean/a.txt", "关于加强政务公开工作的通知。三黄片的说明书。\n");
    write(&root, "clean/b.docx", &docx(&para(&["青龙工程、青龙", "工程与青龙工程的绿化方案。"]), &[]));
    w("clean/c.txt", "今天天气很好。\n");
    // Protected documents: the new dictionary loses m2.
    w("marked/m1.txt", "紫电计划的进展报告。\n");
    w("marked/m2.txt", "玄武项目的进展，玄武项目二期。\n");
    w("other/u.txt", "紫电计划与玄武项目。\n");
    Corpus { _dir: dir, root }
}

fn bench(c: &Corpus, against: &str, extra: &[&str]) -> Value {
    let (old, clean, marked, other) = (c.p("old.txt"), c.p("clean"), c.p("marked"), c.p("other"));
    let mut args = vec!["bench", "--no-default-rules", "--format", "json", "--dict", &old, "--against", against];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--clean", &clean, "--marked", &marked, &other]);
    let run = mijian(&args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains('\r'), "no progress bar when stderr is not a terminal: {}", run.stderr);
    run.json().remove(0)
}

fn rel(c: &Corpus, p: &Value) -> String {
    Path::new(p.as_str().unwrap()).strip_prefix(&c.root).unwrap().display().to_string()
}

#[test]
fn states_the_differences_between_old_and_new() {
    let c = corpus();
    let v = bench(&c, &c.p("new.txt"), &[]);
    assert_eq!(v["files"], 6);
    assert_eq!((v["old"]["terms"].as_u64(), v["new"]["terms"].as_u64()), (Some(2), Some(3)));
    assert_eq!(v["new"]["by_format"]["docx"]["files"], 1);
    assert_eq!(v["new"]["by_format"]["text"]["files"], 5);
    assert!(v["new"]["mb_per_s"].as_f64().unwrap() > 0.0);
    assert!(v["old"]["rules_bytes"].as_u64().unwrap() > 0);

    let changes: Vec<(String, String, String, String)> = v["verdict_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                rel(&c, &x["path"]),
                x["label"].as_str().unwrap().into(),
                x["old"].as_str().unwrap().into(),
                x["new"].as_str().unwrap().into(),
            )
        })
        .collect();
    let t = |a: &str, b: &str, c: &str, d: &str| (a.to_string(), b.to_string(), c.to_string(), d.to_string());
    assert_eq!(
        changes,
        vec![
            t("clean/a.txt", "clean", "pass", "review"),
            t("clean/b.docx", "clean", "pass", "block"),
            t("marked/m2.txt", "marked", "block", "pass"),
        ]
    );

    // Top offenders first: 青龙工程 three times in one file (across Word runs), then 三黄片.
    let new: Vec<(String, u64, u64)> = v["new_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["what"].as_str().unwrap().into(), d["findings"].as_u64().unwrap(), d["files"].as_u64().unwrap()))
        .collect();
    assert_eq!(new, vec![("青龙工程".to_string(), 3, 1), ("三黄片".to_string(), 1, 1)]);
    assert_eq!(v["new_findings"][0]["rules"][0].as_str().unwrap(), "new.txt:2");
    // 玄武项目: twice in m2, once in u.txt.
    let lost = &v["lost_findings"];
    assert_eq!(lost.as_array().unwrap().len(), 1, "{lost}");
    assert_eq!(
        (lost[0]["what"].as_str(), lost[0]["findings"].as_u64(), lost[0]["files"].as_u64()),
        (Some("玄武项目"), Some(3), Some(2))
    );

    let clean = &v["clean"];
    assert_eq!(
        (clean["files"].as_u64(), clean["flagged_old"].as_u64(), clean["flagged_new"].as_u64()),
        (Some(3), Some(0), Some(2))
    );
    let gained: Vec<String> = clean["gained"].as_array().unwrap().iter().map(|p| rel(&c, p)).collect();
    assert_eq!(gained, vec!["clean/a.txt", "clean/b.docx"]);
    let marked = &v["marked"];
    assert_eq!(
        (marked["files"].as_u64(), marked["flagged_old"].as_u64(), marked["flagged_new"].as_u64()),
        (Some(2), Some(2), Some(1))
    );
    let lost: Vec<String> = marked["lost"].as_array().unwrap().iter().map(|p| rel(&c, p)).collect();
    assert_eq!(lost, vec!["marked/m2.txt"]);
}

#[test]
fn a_compiled_side_gives_the_same_differences() {
    let c = corpus();
    let mjd = c.p("new.mjd");
    let run = mijian(&["dict", "compile", "--no-default-rules", "-o", &mjd, &c.p("new.txt")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let from_text = bench(&c, &c.p("new.txt"), &[]);
    let from_mjd = bench(&c, &mjd, &[]);
    assert_eq!(from_mjd["new"]["compiled_form"], true);
    assert_eq!(from_mjd["new"]["compile_seconds"], 0.0);
    for k in ["verdict_changes", "new_findings", "lost_findings", "clean", "marked"] {
        assert_eq!(from_mjd[k], from_text[k], "{k}");
    }
}

#[test]
fn hide_terms_shows_rule_ids_and_text_output_warns_about_terms() {
    let c = corpus();
    let v = bench(&c, &c.p("new.txt"), &["--hide-terms"]);
    let shown = v["new_findings"].to_string() + &v["lost_findings"].to_string();
    assert!(!shown.contains("青龙工程") && !shown.contains("玄武项目"), "{shown}");
    assert_eq!(v["new_findings"][0]["what"], "new.txt:2");

    let (old, new, clean) = (c.p("old.txt"), c.p("new.txt"), c.p("clean"));
    let run = mijian(&["bench", "--no-default-rules", "--dict", &old, "--against", &new, "--clean", &clean]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("NOTE: This report shows dictionary terms"), "{}", run.stdout);
    assert!(run.stdout.contains("false positives gained: 2"), "{}", run.stdout);
    assert!(run.stdout.contains("青龙工程"), "{}", run.stdout);
    // A bad dictionary on either side is exit 2, nothing compared.
    let bad = write(&c.root, "bad.txt", b"x\tNOPE\n");
    let run = mijian(&["bench", "--dict", &old, "--against", bad.to_str().unwrap(), &clean]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("bad.txt:1"), "{}", run.stderr);
}

#[test]
fn the_documented_order_works_corpus_last() {
    // `mijian bench --dict OLD --against NEW CORPUS`, as the README writes it: the corpus after
    // `--against` is a corpus, not a second new dictionary.
    let c = corpus();
    let (old, new, other) = (c.p("old.txt"), c.p("new.txt"), c.p("other"));
    let run = mijian(&["bench", "--no-default-rules", "--format", "json", "--dict", &old, "--against", &new, &other]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let v = run.json().remove(0);
    assert_eq!(v["files"], 1, "the corpus is the one file in other/: {v}");
    assert_eq!((v["old"]["terms"].as_u64(), v["new"]["terms"].as_u64()), (Some(2), Some(3)));
    // Several dictionaries per side: the flag is repeated.
    let extra = write(&c.root, "extra.txt", "三黄片\t敏感\n".as_bytes());
    let extra = extra.to_str().unwrap();
    let run = mijian(&[
        "bench",
        "--no-default-rules",
        "--format",
        "json",
        "--dict",
        &old,
        "--dict",
        extra,
        "--against",
        &new,
        &other,
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.json()[0]["old"]["terms"].as_u64(), Some(3));
}

#[test]
fn help_describes_all_six_commands_in_both_languages() {
    for lang in ["en", "zh"] {
        let run = mijian(&["--lang", lang, "--help"]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let first = run.stdout.lines().next().unwrap_or_default();
        assert!(first.contains("Six commands") || first.contains("六个命令"), "{lang}: {first}");
        for command in ["scan", "extract", "serve", "dict", "index", "bench"] {
            assert!(first.contains(command), "{lang}: the opening line names {command}: {first}");
            assert!(run.stdout.contains(&format!("\n  {command} ")), "{lang}: {command} is listed: {}", run.stdout);
        }
    }
}
