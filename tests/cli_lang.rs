//! The language of the messages for people: Chinese by default, English with `--lang en` or an
//! English locale (`LC_ALL` first, then `LC_MESSAGES`, then `LANG`); JSON fields never change.

mod common;
use common::{mijian_in_locale, rar5, tempdir, write};

/// A text file with a state-secret mark in its head and nothing else.
fn marked(dir: &std::path::Path) -> String {
    write(dir, "notice.txt", "000123\n机密★1年\n关于做好有关工作的通知\n".as_bytes()).display().to_string()
}

#[test]
fn chinese_is_the_default_with_no_locale_set() {
    let dir = tempdir();
    let path = marked(dir.path());
    let run = mijian_in_locale(&["scan", "--color", "never", &path], &[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.contains("拦截"), "{}", run.stdout);
    assert!(run.stdout.contains("密级标志 marking.state-secret"), "{}", run.stdout);
    assert!(run.stdout.contains("依据：机密后接★；并有保密期限或解密条件（1年）"), "{}", run.stdout);
    assert!(run.stdout.contains("位于版头第 2 行"), "{}", run.stdout);
    assert!(!run.stdout.contains("BLOCK") && !run.stdout.contains("why:"), "{}", run.stdout);
    assert!(run.stderr.contains("mijian：共 1 个文件：拦截 1，复核 0，通过 0，错误 0"), "{}", run.stderr);
    // C and POSIX name no language: still Chinese.
    let c = mijian_in_locale(&["scan", "--color", "never", &path], &[("LANG", "C.UTF-8")]);
    assert!(c.stdout.contains("拦截"), "{}", c.stdout);
}

#[test]
fn english_on_request_by_flag_lang_or_lc_all() {
    let dir = tempdir();
    let path = marked(dir.path());
    for (args, locale) in [
        (vec!["--lang", "en", "scan"], vec![]),
        (vec!["scan", "--lang=en"], vec![("LANG", "zh_CN.UTF-8")]),
        (vec!["scan"], vec![("LANG", "en_US.UTF-8")]),
        (vec!["scan"], vec![("LC_ALL", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")]),
    ] {
        let mut full = args.clone();
        full.extend(["--color", "never", path.as_str()]);
        let run = mijian_in_locale(&full, &locale);
        assert!(run.stdout.contains("BLOCK"), "{args:?} {locale:?}: {}", run.stdout);
        assert!(run.stdout.contains("why: 机密 followed by a star"), "{args:?} {locale:?}: {}", run.stdout);
        assert!(run.stderr.contains("mijian: 1 file: 1 block"), "{args:?} {locale:?}: {}", run.stderr);
    }
    // The flag wins over the locale, and LC_ALL over LANG.
    let zh = mijian_in_locale(&["--lang", "zh", "scan", &path], &[("LC_ALL", "en_US.UTF-8")]);
    assert!(zh.stdout.contains("拦截"), "{}", zh.stdout);
    let zh = mijian_in_locale(&["scan", &path], &[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")]);
    assert!(zh.stdout.contains("拦截"), "{}", zh.stdout);
}

#[test]
fn unread_parts_and_errors_speak_the_language_and_json_keeps_its_ids() {
    let dir = tempdir();
    // A RAR member saved compressed: no free decoder reads it.
    let rar = write(dir.path(), "a.rar", &rar5(&[("report.docx", b"\x01\x02\x03", true)])).display().to_string();
    let missing = dir.path().join("nowhere.txt").display().to_string();
    let zh = mijian_in_locale(&["scan", "--color", "never", &rar, &missing], &[]);
    assert!(zh.stdout.contains("复核"), "{}", zh.stdout);
    assert!(zh.stdout.contains("report.docx：不支持的格式：RAR 压缩数据"), "{}", zh.stdout);
    assert!(zh.stdout.contains("错误：文件或目录不存在"), "{}", zh.stdout);
    let en = mijian_in_locale(&["--lang", "en", "scan", "--color", "never", &rar], &[]);
    assert!(en.stdout.contains("report.docx: unsupported format: RAR compressed data"), "{}", en.stdout);
    // JSON: the contract's English `reason`, the stable id, and the message in the chosen language.
    for (lang, message) in [("zh", "不支持的格式：RAR 压缩数据"), ("en", "unsupported format: RAR compressed data")]
    {
        let run = mijian_in_locale(&["--lang", lang, "scan", "--format", "json", &rar], &[]);
        let r: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
        let u = &r["coverage"]["unread"][0];
        assert_eq!(u["reason_id"], "unsupported_format", "{r}");
        assert!(u["reason"].as_str().unwrap().starts_with("unsupported format: RAR compressed data"), "{r}");
        assert!(u["message"].as_str().unwrap().starts_with(message), "{lang}: {r}");
        assert!(r["reasons"][0].as_str().unwrap().starts_with("report.docx: unsupported format"), "{r}");
        assert_eq!(r["verdict"], "review");
    }
}

#[test]
fn json_findings_carry_signal_ids_and_why_text_in_the_chosen_language() {
    let dir = tempdir();
    let path = marked(dir.path());
    let run = mijian_in_locale(&["scan", "--format", "json", &path], &[]);
    let r: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    let f = &r["findings"][0];
    assert_eq!(f["signals"], serde_json::json!(["star", "period", "alone_on_line", "head_line", "after_copy_number"]));
    assert_eq!(f["why"][3], "on line 2 of the document head", "`why` stays English: {f}");
    assert_eq!(f["why_text"][3], "位于版头第 2 行", "{f}");
    let en = mijian_in_locale(&["--lang", "en", "scan", "--format", "json", &path], &[]);
    let r: serde_json::Value = serde_json::from_str(en.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(r["findings"][0]["why_text"], r["findings"][0]["why"]);
}

#[test]
fn help_is_chinese_by_default_and_english_on_request() {
    let zh = mijian_in_locale(&["scan", "--help"], &[]);
    assert_eq!(zh.status, 0);
    assert!(zh.stdout.contains("用法：mijian scan"), "{}", zh.stdout);
    assert!(zh.stdout.contains("关闭内置的密级标志规则、发文字号规则和随附词典"), "{}", zh.stdout);
    assert!(!zh.stdout.contains("Turn off the built-in"), "{}", zh.stdout);
    let top = mijian_in_locale(&["--help"], &[]);
    assert!(top.stdout.contains("阻止受保护的内容被公开发布"), "{}", top.stdout);
    for (args, locale) in
        [(vec!["--lang", "en", "scan", "--help"], vec![]), (vec!["scan", "--help"], vec![("LANG", "en_US.UTF-8")])]
    {
        let en = mijian_in_locale(&args, &locale);
        assert!(en.stdout.contains("Turn off the built-in markings"), "{args:?}: {}", en.stdout);
        assert!(!en.stdout.contains("用法"), "{}", en.stdout);
    }
}

#[test]
fn dict_check_reports_in_both_languages() {
    let dir = tempdir();
    let dict = write(dir.path(), "d.tsv", "紫电计划\t机密\tproject\n紫电计划\t机密\tproject\n".as_bytes())
        .display()
        .to_string();
    let zh = mijian_in_locale(&["dict", "check", &dict], &[]);
    assert!(zh.stdout.contains(":2: 警告[duplicate]: \"紫电计划\" 与 "), "{}", zh.stdout);
    assert!(zh.stdout.contains("1 个文件，2 个词条：错误 0 处，警告 1 处"), "{}", zh.stdout);
    let en = mijian_in_locale(&["--lang", "en", "dict", "check", &dict], &[]);
    assert!(en.stdout.contains(":2: warning[duplicate]: \"紫电计划\" duplicates "), "{}", en.stdout);
    assert!(en.stdout.contains("1 file(s), 2 entries"), "{}", en.stdout);
    // The JSON report keeps its English message whatever the language.
    let json = mijian_in_locale(&["dict", "check", "--format", "json", &dict], &[]);
    let r: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(r["issues"][0]["message"].as_str().unwrap().contains(" duplicates "), "{r}");
    let missing = dir.path().join("none.tsv").display().to_string();
    let zh = mijian_in_locale(&["dict", "check", &missing], &[]);
    assert!(zh.stderr.starts_with("mijian：无法读取 "), "{}", zh.stderr);
}

#[test]
fn a_file_that_cannot_be_read_says_so_in_the_chosen_language() {
    let dir = tempdir();
    let bad = write(dir.path(), "bad.zip", b"PK\x03\x04not a zip at all").display().to_string();
    let zh = mijian_in_locale(&["scan", "--color", "never", &bad], &[]);
    assert_eq!(zh.status, 2);
    assert!(zh.stdout.contains("错误（zip，0 处发现）"), "{}", zh.stdout);
    assert!(zh.stdout.contains("  错误：压缩包损坏："), "{}", zh.stdout);
    let run = mijian_in_locale(&["scan", "--format", "json", &bad], &[]);
    let r: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert!(r["error"].as_str().unwrap().starts_with("corrupt archive: "), "`error` stays English: {r}");
    assert!(r["error_message"].as_str().unwrap().starts_with("压缩包损坏："), "{r}");
    let en = mijian_in_locale(&["--lang", "en", "scan", "--color", "never", &bad], &[]);
    assert!(en.stdout.contains("  error: corrupt archive: "), "{}", en.stdout);
}

#[test]
fn bench_reports_in_both_languages() {
    let dir = tempdir();
    let old = write(dir.path(), "old.txt", "紫电计划\t机密\tproject\n".as_bytes()).display().to_string();
    let new = write(dir.path(), "new.txt", "紫电计划\t机密\tproject\n青龙工程\t秘密\tproject\n".as_bytes())
        .display()
        .to_string();
    write(dir.path(), "clean/a.txt", "青龙工程队今天完成了道路维修。\n".as_bytes());
    let clean = dir.path().join("clean").display().to_string();
    let args = ["bench", "--no-default-rules", "--dict", &old, "--against", &new, "--clean", &clean];
    let zh = mijian_in_locale(&args, &[]);
    assert_eq!(zh.status, 0, "{}", zh.stderr);
    assert!(zh.stdout.starts_with("注意：本报告显示词典词条"), "{}", zh.stdout);
    assert!(zh.stdout.contains("新增误报：1"), "{}", zh.stdout);
    let en = mijian_in_locale(&args, &[("LANG", "en_US.UTF-8")]);
    assert!(en.stdout.starts_with("NOTE: This report shows dictionary terms"), "{}", en.stdout);
    assert!(en.stdout.contains("false positives gained: 1"), "{}", en.stdout);
}

#[test]
fn serve_refuses_to_start_in_the_chosen_language() {
    let zh = mijian_in_locale(&["serve", "--listen", "0.0.0.0:0"], &[]);
    assert_eq!(zh.status, 2);
    // (The first line says how pictures are read.)
    assert!(
        zh.stderr.lines().any(|l| l.starts_with("mijian：拒绝在 0.0.0.0:0 上监听而不带 --tokens FILE")),
        "{}",
        zh.stderr
    );
    let en = mijian_in_locale(&["serve", "--listen", "0.0.0.0:0"], &[("LC_MESSAGES", "en_US.UTF-8")]);
    assert!(
        en.stderr.lines().any(|l| l.starts_with("mijian: refusing to listen on 0.0.0.0:0 without --tokens FILE")),
        "{}",
        en.stderr
    );
}

/// The registered-documents commands speak the language too (their JSON does not change).
#[test]
fn index_commands_report_in_the_chosen_language() {
    let dir = tempdir();
    let key = dir.path().join("k.key").display().to_string();
    let zh = mijian_in_locale(&["index", "key", "-o", &key], &[]);
    assert_eq!(zh.status, 0, "{}", zh.stderr);
    assert!(zh.stderr.contains("新的索引密钥已写入"), "{}", zh.stderr);
    let doc =
        write(dir.path(), "a.txt", "关于某项工作的专项报告，内容共有若干段落，此处为正文。".repeat(10).as_bytes());
    let index = dir.path().join("x.idx").display().to_string();
    let add = ["index", "add", "--level", "机密", "--label", "R-1", "--key", &key, "--index", &index];
    let zh = mijian_in_locale(&[&add[..], &[doc.to_str().unwrap()]].concat(), &[]);
    assert_eq!(zh.status, 0, "{}", zh.stderr);
    assert!(zh.stderr.contains("已登记 R-1"), "{}", zh.stderr);
    let zh = mijian_in_locale(&["index", "list", "--index", &index], &[]);
    assert!(zh.stdout.starts_with("标签"), "{}", zh.stdout);
    let en = mijian_in_locale(&["--lang", "en", "index", "list", "--index", &index], &[]);
    assert!(en.stdout.starts_with("label"), "{}", en.stdout);
}
