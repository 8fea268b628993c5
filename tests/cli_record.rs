//! `mijian scan --record`: the review record (信息发布保密审查记录), made by the real binary,
//! printed to PDF by headless Chromium on A4, and read back with mijian's own `extract`: the PDF
//! must be A4 and show every file's verdict and SHA-256, in Chinese by default and in English
//! with `--lang en`, with the matched text and the protected words of names masked.
//!
//! Also here: progress on a terminal, which must never reach a pipe.
//!
//! Needs Debian's `chromium` and a CJK font (`fonts-wqy-zenhei`; .ci/run installs both). Without
//! them the PDF tests are skipped with a loud message on a developer's machine, and FAIL under CI
//! (`CI` set).

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const DICT: &str = "紫电计划\t机密\t项目代号\n";

/// The files of one check: a marked DOCX named after a code word, a public regulation, a file
/// whose name tries markup and a right-to-left override, a broken DOCX, and a text with so many
/// findings that their table runs over several printed pages.
struct Check {
    dir: tempfile::TempDir,
    files: Vec<PathBuf>,
}

fn check() -> Check {
    let dir = tempdir();
    write(dir.path(), "codes.txt", DICT.as_bytes());
    let body = format!("{}{}", para(&["000123"]), para(&["机", "密★", "1年"])) + &para(&["关于紫电计划的通知"]);
    let files = vec![
        write(dir.path(), "紫电计划通知.docx", &docx(&body, &[])),
        write(dir.path(), "regulation.txt", "机密级载体不得通过普通邮政寄递，须由专人送达。\n".as_bytes()),
        write(dir.path(), "<b>x</b>\u{202E}txt.exe", b"nothing to see\n"),
        write(dir.path(), "broken.docx", b"PK\x03\x04 not really a zip"),
        write(dir.path(), "many.txt", "第一条 关于紫电计划的安排。\n".repeat(90).as_bytes()),
    ];
    Check { dir, files }
}

/// Runs `mijian [lang] scan --format json --dict codes.txt --record NAME files…` with no locale
/// in the environment (so the default language is the one under test); returns the JSON lines
/// and the record's HTML.
fn record(c: &Check, lang: Option<&str>, name: &str, extra: &[&str]) -> (Vec<serde_json::Value>, String, PathBuf) {
    let out = c.dir.path().join(name);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mijian"));
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(var);
    }
    if let Some(l) = lang {
        cmd.args(["--lang", l]);
    }
    cmd.args(["scan", "--format", "json", "--dict"]).arg(c.dir.path().join("codes.txt"));
    cmd.arg("--record").arg(&out).args(extra).args(&c.files);
    let run = cmd.output().expect("run mijian");
    assert_eq!(run.status.code(), Some(2), "an unreadable file makes the run exit 2: {run:?}");
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&run.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5, "one JSON line per file");
    let html = std::fs::read_to_string(&out).expect("the record was written");
    (lines, html, out)
}

fn verdicts_and_hashes(lines: &[serde_json::Value]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| (l["verdict"].as_str().unwrap().to_string(), l["sha256"].as_str().unwrap_or("").to_string()))
        .collect()
}

#[test]
fn the_record_holds_files_hashes_and_verdicts_with_protected_text_masked() {
    let c = check();
    let (lines, html, _) = record(&c, None, "record.html", &[]);
    let v = verdicts_and_hashes(&lines);
    let verdicts: Vec<&str> = v.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(verdicts, ["block", "pass", "pass", "error", "block"]);
    for (_, hash) in v.iter().filter(|(_, h)| !h.is_empty()) {
        assert!(html.contains(hash.as_str()), "hash {hash} missing from the record");
    }
    assert!(html.contains("<html lang=\"zh-CN\">") && html.contains("信息发布保密审查记录"), "Chinese by default");
    for needle in ["不得发布 (block)", "未发现问题 (pass)", "无法检查，不得发布 (error)", "审查人", "签字", "审批意见"]
    {
        assert!(html.contains(needle), "no {needle} in the record");
    }
    assert!(html.contains("机*★*年"), "the marking is shown masked");
    assert!(!html.contains("紫电计划") && !html.contains("机密★1年"), "protected text reached the record");
    assert!(html.contains("紫***通知.docx"), "the code word in the file name is masked");
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt;⟨U+202E⟩txt.exe"), "a hostile name is escaped and its override shown");
    assert!(!html.contains("<b>x</b>"));
    // Self-contained: nothing fetched, nothing run.
    for outside in ["<script", "<link", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(outside), "the record refers to {outside}");
    }

    // With --show-matched the operator gets the text and its context.
    let (_, shown, _) = record(&c, None, "shown.html", &["--show-matched"]);
    assert!(shown.contains("<mark class=\"hit\">紫电计划</mark>") && shown.contains("紫电计划通知.docx"));
}

/// The time is local, with its offset: an office in Beijing files 20:05 +08:00, not 12:05 UTC.
#[test]
fn the_record_time_is_local_with_its_offset() {
    if !Path::new("/usr/share/zoneinfo/Asia/Shanghai").exists() {
        assert!(std::env::var_os("CI").is_none(), "tzdata is needed in CI");
        eprintln!("SKIPPED: no time zone database");
        return;
    }
    let c = check();
    let out = c.dir.path().join("tz.html");
    let run = Command::new(env!("CARGO_BIN_EXE_mijian"))
        .env("TZ", "Asia/Shanghai")
        .args(["scan", "--record", out.to_str().unwrap(), c.files[1].to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(" +08:00</td>"), "no +08:00 time in the record");
}

/// The index of registered documents searched is named in the record (file name, how many
/// documents, SHA-256 of the index file), never a label; the record is written whole, leaving no
/// temporary file beside it.
#[test]
fn the_record_names_the_index_it_searched_and_leaves_nothing_else() {
    let c = check();
    let dir = tempdir();
    let key = dir.path().join("k.key");
    let index = dir.path().join("registered.idx");
    assert_eq!(mijian(&["index", "key", "-o", key.to_str().unwrap()]).status, 0);
    let doc =
        write(dir.path(), "doc.txt", "关于某项工作的专项报告，内容共有若干段落，此处为正文。".repeat(10).as_bytes());
    let add = mijian(&[
        "index",
        "add",
        "--level",
        "机密",
        "--label",
        "REG-7",
        "--key",
        key.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert_eq!(add.status, 0, "{}", add.stderr);
    let index_sha = hex_sha256(&std::fs::read(&index).unwrap());
    let out_dir = tempdir();
    for (lang, words) in [("zh", "registered.idx，登记文档 1 份"), ("en", "registered.idx, 1 registered document(s)")]
    {
        let out = out_dir.path().join(format!("{lang}.html"));
        let run = Command::new(env!("CARGO_BIN_EXE_mijian"))
            .args(["--lang", lang, "scan", "--index", index.to_str().unwrap(), "--key", key.to_str().unwrap()])
            .arg("--record")
            .arg(&out)
            .arg(&c.files[1])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "{run:?}");
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.contains(words), "{lang}: the index is not named:\n{html}");
        assert!(html.contains(&format!("SHA-256 {index_sha}")), "{lang}: the index's SHA-256 is missing");
        assert!(!html.contains("REG-7"), "a label reached the record");
    }
    // Without --index the record says none was used.
    let out = out_dir.path().join("none.html");
    let run = mijian(&["--lang", "zh", "scan", "--record", out.to_str().unwrap(), c.files[1].to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&out).unwrap().contains("<th>登记文档索引（摘录比对）</th><td>未使用</td>"));
    let mut left: Vec<String> =
        std::fs::read_dir(out_dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    left.sort();
    assert_eq!(left, ["en.html", "none.html", "zh.html"], "nothing but the records is left");
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_record_that_cannot_be_written_fails_the_run_and_says_where() {
    let c = check();
    let target = c.dir.path().join("no-such-dir").join("r.html");
    let run = mijian(&["scan", "--record", target.to_str().unwrap(), c.files[1].to_str().unwrap()]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-dir/r.html"), "{}", run.stderr);
    assert!(run.stderr.contains("the review record is not written"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "the record is known unwritable before any file is read: {}", run.stdout);
    let zh = mijian_in_locale(&["scan", "--record", target.to_str().unwrap(), c.files[1].to_str().unwrap()], &[]);
    assert_eq!(zh.status, 2, "{}", zh.stderr);
    assert!(zh.stderr.contains("审查记录未写出：") && zh.stderr.contains("r.html：文件或目录不存在"), "{}", zh.stderr);
}

/// A run over thousands of files: the record is written as the reports arrive (nothing of a
/// file is held after its section), and it is complete: every file once, in the order the JSON
/// lines came, with its hash and verdict, and the counts at the top those of the run.
#[test]
fn a_long_run_records_every_file_with_its_hash_and_the_counts() {
    const FILES: usize = 3000;
    let dir = tempdir();
    let folder = dir.path().join("files");
    for i in 0..FILES {
        let sub = folder.join(format!("d{:02}", i / 250));
        std::fs::create_dir_all(&sub).unwrap();
        let body = match i % 50 {
            0 => format!("000{i:03}\n机密★1年\n关于第{i}号文件的通知\n"),
            7 => format!("内部资料 注意保存\n第{i}号\n"),
            _ => format!("关于第{i}号文件的通知\n各单位：现将有关事项通知如下。\n"),
        };
        std::fs::write(sub.join(format!("f{i:05}.txt")), body).unwrap();
    }
    let out = dir.path().join("record.html");
    let run = mijian(&[
        "--lang",
        "en",
        "scan",
        "--format",
        "json",
        "--record",
        out.to_str().unwrap(),
        folder.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 1, "marked files make the run exit 1: {}", run.stderr);
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), FILES);
    let html = std::fs::read_to_string(&out).expect("the record was written");
    // Every file once, in order, in the file list (row n) and in the results (section n).
    let mut at = 0;
    for (n, line) in lines.iter().enumerate() {
        let (hash, verdict) = (line["sha256"].as_str().unwrap(), line["verdict"].as_str().unwrap());
        assert_eq!(hash, hex_sha256(&std::fs::read(line["path"].as_str().unwrap()).unwrap()));
        let row = format!("<tr class=\"{verdict}\"><td class=\"n\">{}</td>", n + 1);
        at += html[at..].find(&row).unwrap_or_else(|| panic!("row {} ({verdict}) missing or out of order", n + 1));
        let end = at + html[at..].find("</tr>").unwrap();
        assert!(html[at..end].contains(hash), "row {} lacks its hash", n + 1);
    }
    assert_eq!(html.matches("<section class=\"file\">").count(), FILES, "one section per file");
    assert_eq!(html.matches("<span class=\"hash whole\">").count(), FILES, "one hash line per section");
    let count = |v: &str| lines.iter().filter(|l| l["verdict"] == v).count();
    let (block, review, pass) = (count("block"), count("review"), count("pass"));
    assert_eq!((block, review, pass, count("error")), (FILES / 50, FILES / 50, FILES - 2 * FILES / 50, 0));
    let counts = format!("{FILES} file(s): {block} block, {review} review, {pass} pass, 0 error");
    assert!(html.contains(&counts), "the counts at the top are the run's: {counts}");
    assert!(html.ends_with("</html>\n"), "the record is whole");
    let mut left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    left.sort();
    assert_eq!(left, ["files", "record.html"], "no spool is left beside the record");
}

fn chromium_available() -> bool {
    let fonts = Command::new("fc-list").arg(":lang=zh").output().map(|o| !o.stdout.is_empty()).unwrap_or(false);
    let present = Path::new(CHROMIUM).exists() && fonts;
    if !present {
        let banner = "!".repeat(78);
        eprintln!("{banner}\n!! SKIPPED cli_record PDF: {CHROMIUM} or a CJK font (fc-list :lang=zh) is absent.\n!! Install: apt-get install -y chromium fonts-wqy-zenhei (.ci/run does).\n{banner}");
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium and a CJK font must be installed in CI (.ci/run installs them)"
        );
    }
    present
}

/// Prints `html` to PDF with headless Chromium, as its print preview would.
fn print_to_pdf(html: &Path) -> Vec<u8> {
    let pdf = html.with_extension("pdf");
    let profile = tempdir();
    let mut child = Command::new(CHROMIUM)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .args(["--no-pdf-header-footer", "--disable-dev-shm-usage"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let until = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            assert!(s.success(), "chromium failed: {s}");
            break;
        }
        if Instant::now() > until {
            let _ = child.kill();
            panic!("chromium did not print within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read(&pdf).expect("chromium wrote the PDF")
}

/// Every page's `/MediaBox`, in points.
fn media_boxes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox")
        .map(|(at, _)| {
            let rest = &text[at + "/MediaBox".len()..];
            let inner = rest.trim_start().strip_prefix('[').unwrap();
            let nums: Vec<f64> =
                inner[..inner.find(']').unwrap()].split_whitespace().map(|n| n.parse().unwrap()).collect();
            (nums[2] - nums[0], nums[3] - nums[1])
        })
        .collect()
}

/// The PDF's text, as mijian reads it.
fn pdf_text(pdf: &Path) -> String {
    let run = mijian(&["extract", pdf.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
}

/// `header` is the findings table's last column header: it must head every page the table runs on;
/// `page_number(n, of)` is the number every printed page carries at its foot.
fn assert_pdf(c: &Check, lang: Option<&str>, words: &[&str], header: &str, page_number: fn(usize, usize) -> String) {
    let name = format!("record-{}.html", lang.unwrap_or("default"));
    let (lines, _, html) = record(c, lang, &name, &[]);
    let pdf = print_to_pdf(&html);
    let boxes = media_boxes(&pdf);
    assert!(!boxes.is_empty(), "no page in the PDF");
    for (w, h) in &boxes {
        // A4 is 210 × 297 mm: 595.28 × 841.89 pt (Chromium rounds to 594.96 × 841.92).
        assert!((w - 595.28).abs() < 1.0 && (h - 841.89).abs() < 1.0, "a page is {w} × {h} pt, not A4");
    }
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("review-record-{}.pdf", lang.unwrap_or("zh")));
    let _ = std::fs::write(&kept, &pdf);
    let pdf_path = html.with_extension("pdf");
    let text = pdf_text(&pdf_path);
    for (_, hash) in verdicts_and_hashes(&lines).iter().filter(|(_, h)| !h.is_empty()) {
        assert!(text.contains(hash.as_str()), "hash {hash} not in the printed record:\n{text}");
    }
    for w in words {
        assert!(text.contains(w), "{w:?} not in the printed record:\n{text}");
    }
    assert!(!text.contains("紫电计划"), "protected text in the printed record");
    // Each printed page's text: its body and what mijian reads as its running header (the table
    // header Chromium repeats at the top of the page), sections `--- page page N (Body)` and
    // `--- page-header page N (Header)`.
    let mut pages: std::collections::BTreeMap<u32, String> = Default::default();
    for section in text.split("\n--- ").skip(1) {
        let (title, body) = section.split_once('\n').unwrap_or((section, ""));
        let n = title.starts_with("page").then(|| title.split_whitespace().find_map(|w| w.parse().ok())).flatten();
        if let Some(n) = n {
            pages.entry(n).or_default().push_str(body);
        }
    }
    let with_rows: Vec<(&u32, &String)> = pages.iter().filter(|(_, p)| p.contains("codes.txt:1")).collect();
    assert!(with_rows.len() >= 2, "the 90 findings should fill more than one page: {} pages", pages.len());
    for (n, page) in with_rows {
        assert!(page.contains(header), "page {n} of findings without the table's header:\n{page}");
    }
    // Every page is numbered, `n of all`, as a filed paper must be (its footer, `page-footer page N`).
    assert_eq!(pages.len(), boxes.len(), "one section per printed page:\n{text}");
    for (n, page) in &pages {
        let number = page_number(*n as usize, boxes.len());
        assert!(page.contains(&number), "page {n} does not say {number:?}:\n{page}");
    }
}

#[test]
fn the_record_prints_on_a4_in_chinese_with_verdicts_and_hashes() {
    if !chromium_available() {
        return;
    }
    let c = check();
    assert_pdf(
        &c,
        None,
        &[
            "信息发布保密审查记录",
            "不得发布 (block)",
            "未发现问题 (pass)",
            "无法检查，不得发布 (error)",
            "审查人",
            "机*★*年",
        ],
        "命中内容",
        |n, of| format!("第 {n} 页 共 {of} 页"),
    );
}

#[test]
fn the_record_prints_on_a4_in_english_with_verdicts_and_hashes() {
    if !chromium_available() {
        return;
    }
    let c = check();
    assert_pdf(
        &c,
        Some("en"),
        &[
            "Pre-publication confidentiality review record",
            "must not be published (block)",
            "nothing found (pass)",
            "Reviewer",
            "Signature",
        ],
        "Matched",
        |n, of| format!("Page {n} of {of}"),
    );
}

/// A scan whose stderr is a pipe never shows progress, even when it would show at once.
#[test]
fn a_piped_run_shows_no_progress() {
    let c = check();
    let out = Command::new(env!("CARGO_BIN_EXE_mijian"))
        .env("MIJIAN_PROGRESS_DELAY_MS", "0")
        .env("TERM", "xterm")
        .args(["--lang", "en", "scan", "--dict"])
        .arg(c.dir.path().join("codes.txt"))
        .args(&c.files)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("files ·") && !err.contains('\r') && !err.contains('\x1b'), "progress in a pipe: {err:?}");
}

/// The same run on a terminal (a pseudo-terminal from util-linux `script`) shows it: the test
/// above is not passing by accident.
#[test]
fn a_run_on_a_terminal_shows_progress() {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "util-linux `script` is needed in CI");
        eprintln!("SKIPPED: no `script` to make a pseudo-terminal");
        return;
    }
    let c = check();
    let mut line =
        format!("{} --lang en scan --dict {}", env!("CARGO_BIN_EXE_mijian"), c.dir.path().join("codes.txt").display());
    line.push_str(&format!(" '{}'", c.files[1].display()));
    let out = Command::new("script")
        .env("MIJIAN_PROGRESS_DELAY_MS", "0")
        .env("TERM", "xterm")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("/1 files ·"), "no progress on a terminal: {shown:?}");
}
