//! End-to-end tests of registered documents (`mijian index`, `scan --index --key`): the real
//! binary on documents the tests write (see `index_support`).
//!
//! The protected document is a 公文 with the full GB/T 9704 frame (版头, 主送, set phrases,
//! 落款, 附注, 版记) around six paragraphs of prose no other fixture shares; public documents
//! carry the same frame around other prose.

mod common;
mod index_support;
use common::*;
use index_support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A key, an index holding the protected document as `2024-001` (机密), and its paragraphs.
struct Registry {
    dir: tempfile::TempDir,
    key: PathBuf,
    index: PathBuf,
    body: Vec<String>,
}

impl Registry {
    fn new() -> Registry {
        let dir = tempdir();
        let key = dir.path().join("index.key");
        let index = dir.path().join("registered.idx");
        let run = mijian(&["index", "key", "-o", s(&key)]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let body = paragraphs(1, 6, 200);
        let secret = write(dir.path(), "secret/report.txt", gongwen("机密★10年", &body).as_bytes());
        register(&key, &index, "机密", "2024-001", &secret);
        Registry { dir, key, index, body }
    }

    /// The whole text of the body, paragraphs joined.
    fn text(&self) -> String {
        self.body.concat()
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        write(self.dir.path(), name, bytes)
    }

    /// `scan --format json --index --key` on one file: (exit status, its report).
    fn scan(&self, path: &Path, extra: &[&str]) -> (i32, Value) {
        let mut args = vec!["--index", s(&self.index), "--key", s(&self.key)];
        args.extend_from_slice(extra);
        scan_json(path, &args)
    }
}

/// A folder holding a new key `k` (made by `mijian index key`) and the path of an index `i.idx`
/// not made yet.
fn new_key() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempdir();
    let key = dir.path().join("k");
    let index = dir.path().join("i.idx");
    assert_eq!(mijian(&["index", "key", "-o", s(&key)]).status, 0);
    (dir, key, index)
}

/// `mijian index add --level LEVEL --label LABEL` of `file`, which must succeed.
fn register(key: &Path, index: &Path, level: &str, label: &str, file: &Path) {
    let run =
        mijian(&["index", "add", "--level", level, "--label", label, "--key", s(key), "--index", s(index), s(file)]);
    assert_eq!(run.status, 0, "{}", run.stderr);
}

/// `mijian index add --public FOLDER`, which must succeed.
fn learn_public(key: &Path, index: &Path, folder: &Path) {
    let run = mijian(&["index", "add", "--public", s(folder), "--key", s(key), "--index", s(index)]);
    assert_eq!(run.status, 0, "{}", run.stderr);
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn excerpts(report: &Value) -> Vec<&Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "excerpt").collect()
}

/// The one excerpt finding of a report, checked to name the registered document.
fn the_excerpt(report: &Value) -> &Value {
    let found = excerpts(report);
    assert_eq!(found.len(), 1, "{report}");
    let f = found[0];
    assert_eq!(f["rule"], "excerpt:2024-001", "{report}");
    assert_eq!(f["excerpt"]["label"], "2024-001");
    assert_eq!(f["excerpt"]["level"], "机密");
    f
}

/// An excerpt of 60 characters pasted into a news item, in TXT, DOCX and PDF: `block`, with the
/// label, the level, the length found and where it is.
#[test]
fn an_excerpt_blocks_in_text_docx_and_pdf() {
    let r = Registry::new();
    let excerpt = chars_of(&r.text(), 250, 60);
    let news = format!("本报讯　记者从有关方面获悉，{excerpt}此外，活动还将持续到月底。");
    let txt = r.file("news.txt", news.as_bytes());
    let docx_bytes = docx(&format!("{}{}{}", para(&["本报讯"]), para(&[&news]), para(&["完"])), &[]);
    let doc = r.file("news.docx", &docx_bytes);
    let pdf = r.file("news.pdf", &pdf(&["本报讯".to_string(), news.clone()]));
    for (path, format) in [(&txt, "text"), (&doc, "docx"), (&pdf, "pdf")] {
        let (status, report) = r.scan(path, &[]);
        assert_eq!(
            (status, report["verdict"].as_str(), report["format"].as_str()),
            (1, Some("block"), Some(format)),
            "{report}"
        );
        let f = the_excerpt(&report);
        assert_eq!(f["level"], "block");
        let found = f["excerpt"]["matched_chars"].as_u64().unwrap();
        assert!((58..=62).contains(&found), "{format}: {found} characters found of 60: {report}");
        let share = f["excerpt"]["containment"].as_f64().unwrap();
        assert!(share > 0.03 && share < 0.08, "{share}");
        assert!(f["location"]["column"].as_u64().is_some(), "{report}");
    }
    // Without the index the same file passes: the finding is the index's doing.
    let (status, report) = scan_json(&txt, &[]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");
}

/// Re-wrapped, re-punctuated, traditional, full-width spaces: the fingerprints are taken on
/// normalised content characters, so the excerpt is found all the same.
#[test]
fn edited_excerpts_are_found() {
    let r = Registry::new();
    let excerpt = chars_of(&r.text(), 420, 80);
    let edits = [
        ("rewrapped", rewrapped(&excerpt, 17)),
        ("repunctuated", repunctuated(&excerpt)),
        ("traditional", traditional(&excerpt)),
        ("spaced", excerpt.chars().map(|c| format!("{c}　")).collect::<String>()),
    ];
    for (what, edited) in edits {
        assert_ne!(edited, excerpt, "{what} changes the text");
        let path = r.file(&format!("{what}.txt"), format!("开头的别的话。\n{edited}\n结尾的别的话。").as_bytes());
        let (status, report) = r.scan(&path, &[]);
        assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{what}: {report}");
        the_excerpt(&report);
    }
}

/// Paragraphs reordered, a sentence dropped from each, other text between them: each piece is
/// still a run, and together they are a large share of the registered document.
#[test]
fn reordering_dropping_and_inserting_do_not_hide_the_document() {
    let r = Registry::new();
    let mut pieces: Vec<String> = r
        .body
        .iter()
        .map(|p| {
            // Drop the second sentence of each paragraph.
            let mut sentences: Vec<&str> = p.split_inclusive('。').collect();
            if sentences.len() > 2 {
                sentences.remove(1);
            }
            sentences.concat()
        })
        .collect();
    pieces.reverse();
    let mixed: Vec<String> = pieces.iter().enumerate().map(|(i, p)| format!("插入的第{i}段其他文字。\n{p}")).collect();
    let path = r.file("mixed.txt", mixed.join("\n").as_bytes());
    let (status, report) = r.scan(&path, &[]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
    let f = the_excerpt(&report);
    let share = f["excerpt"]["containment"].as_f64().unwrap();
    assert!(share > 0.5, "most of the document is there: {share}");
    assert!(f["excerpt"]["spans"].as_array().unwrap().len() >= 6, "one run per piece at least: {report}");
}

/// A public 公文 with the same 版头, 主送, formulas, 落款, 附注 and 版记 but its own body passes:
/// boilerplate is never evidence.
#[test]
fn a_public_gongwen_with_the_same_boilerplate_passes() {
    let r = Registry::new();
    let public = gongwen("", &paragraphs(2, 5, 180));
    let path = r.file("public.txt", public.as_bytes());
    let (status, report) = r.scan(&path, &[]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");
    assert!(excerpts(&report).is_empty());
    // And as a DOCX, one paragraph per line.
    let body: String = public.lines().map(|l| para(&[l])).collect();
    let path = r.file("public.docx", &docx(&body, &[]));
    let (status, report) = r.scan(&path, &[]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");
}

/// A formula no table knows, shared by the protected document and public ones, is learnt with
/// `index add --public DIR`: before, a public document sharing it is flagged; after, it passes,
/// and a real excerpt still blocks.
#[test]
fn public_documents_teach_the_index_what_is_not_evidence() {
    let (dir, key, index) = new_key();
    let formula = prose(77, 70);
    let secret_body = paragraphs(3, 4, 200);
    let secret = write(dir.path(), "s.txt", format!("{formula}\n{}", secret_body.join("\n")).as_bytes());
    register(&key, &index, "秘密", "R-7", &secret);
    let public_doc = format!("{}\n{formula}\n{}", prose(4, 150), prose(5, 150));
    let public = write(dir.path(), "public/notice.txt", public_doc.as_bytes());
    let (status, report) = scan_json(&public, &["--index", s(&index), "--key", s(&key)]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "the formula is 70 characters: {report}");
    learn_public(&key, &index, &dir.path().join("public"));
    let (status, report) = scan_json(&public, &["--index", s(&index), "--key", s(&key)]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "learnt as public: {report}");
    let leak = write(dir.path(), "leak.txt", chars_of(&secret_body.concat(), 100, 70).as_bytes());
    let (status, report) = scan_json(&leak, &["--index", s(&index), "--key", s(&key)]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
}

/// A registered report quoting a public regulation: once the regulation is learnt as public, a
/// public notice that quotes the same regulation next to a few words that happen to follow it in
/// the report is measured by those words alone (`review`), not as one long excerpt (`block`); a
/// real excerpt of the report's own text, even beside the quotation, still blocks.
#[test]
fn public_text_quoted_by_a_registered_document_is_not_counted_in_a_run() {
    let (dir, key, index) = new_key();
    let regulation = prose(81, 300);
    let own = paragraphs(82, 3, 200).concat();
    let secret = write(dir.path(), "s.txt", format!("{regulation}{own}").as_bytes());
    register(&key, &index, "机密", "R-9", &secret);
    let scan = |name: &str, text: &str| {
        let path = write(dir.path(), name, text.as_bytes());
        let (status, report) = scan_json(&path, &["--index", s(&index), "--key", s(&key)]);
        let chars = excerpts(&report).first().map(|f| f["excerpt"]["matched_chars"].as_u64().unwrap());
        (status, report["verdict"].as_str().unwrap().to_string(), chars)
    };
    let notice = format!("{regulation}{}", chars_of(&own, 0, 32));
    let (_, verdict, chars) = scan("notice.txt", &notice);
    assert_eq!(verdict, "block", "not learnt yet, the quotation counts: {chars:?}");
    write(
        dir.path(),
        "public/regulation.txt",
        format!("{}\n{regulation}\n{}", prose(83, 100), prose(84, 100)).as_bytes(),
    );
    learn_public(&key, &index, &dir.path().join("public"));
    let (status, verdict, chars) = scan("notice2.txt", &notice);
    assert_eq!((status, verdict.as_str()), (1, "review"), "{chars:?}");
    let chars = chars.unwrap();
    assert!((28..=36).contains(&chars), "only the report's own words count: {chars}");
    let leak = format!("{regulation}{}", chars_of(&own, 0, 90));
    let (status, verdict, chars) = scan("leak.txt", &leak);
    assert_eq!((status, verdict.as_str()), (1, "block"), "{chars:?}");
    assert!((86..=94).contains(&chars.unwrap()), "{chars:?}");
}

/// The organisation's Word template: its own style names (`w:customStyle`), 24 of them, read by
/// `scan` as text (a style named 机密★1年 is a mark), so in every document made from it.
fn template_styles() -> String {
    let names = [
        "公文标题",
        "公文正文",
        "一级标题",
        "二级标题",
        "三级标题",
        "主送机关",
        "附件说明",
        "发文机关署名",
        "成文日期",
        "版记抄送",
    ];
    let styles: String = (0..24)
        .map(|i| {
            let name = format!("{}{}样式", names[i % names.len()], ["甲", "乙", "丙"][i / names.len()]);
            format!(
                r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="s{i}"><w:name w:val="{name}"/></w:style>"#
            )
        })
        .collect();
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">{styles}</w:styles>"#)
}

/// What a template brings (style names, and likewise themes, fonts, building blocks, slide
/// layouts and masters) is the same in every document made from it, public ones too: it is
/// never registered, so a public document from the registered one's template passes, and an
/// excerpt still blocks.
#[test]
fn what_the_template_brings_is_not_evidence() {
    let (dir, key, index) = new_key();
    let styles = template_styles();
    let own = paragraphs(91, 3, 150);
    let body = |paras: &[String]| paras.iter().map(|p| para(&[p])).collect::<String>();
    let secret = write(dir.path(), "secret.docx", &docx(&body(&own), &[("word/styles.xml", &styles)]));
    register(&key, &index, "机密", "T-1", &secret);
    let public =
        write(dir.path(), "public.docx", &docx(&body(&paragraphs(92, 3, 150)), &[("word/styles.xml", &styles)]));
    // The readers give the style names as text (else this test would prove nothing).
    let extracted = mijian(&["extract", "--format", "json", s(&public)]);
    assert_eq!(extracted.stdout.matches("\"style name\"").count(), 24, "{}", extracted.stdout);
    let (status, report) = scan_json(&public, &["--index", s(&index), "--key", s(&key)]);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("pass")), "{report}");
    let leak = write(
        dir.path(),
        "leak.docx",
        &docx(&body(&[chars_of(&own.concat(), 200, 70)]), &[("word/styles.xml", &styles)]),
    );
    let (status, report) = scan_json(&leak, &["--index", s(&index), "--key", s(&key)]);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("block")), "{report}");
}

/// A page of a government site: its navigation, breadcrumb and footer (the site's template, the
/// same on every page) around an article.
fn site_page(title: &str, article: &[String]) -> String {
    let menu = [
        "首页",
        "机构概况",
        "政务公开",
        "新闻中心",
        "政策文件",
        "政策解读",
        "办事服务",
        "互动交流",
        "专题专栏",
        "数据开放",
        "通知公告",
        "人事信息",
    ];
    let nav: String =
        menu.iter().enumerate().map(|(i, m)| format!(r#"<li><a href="/c{i}.html">{m}</a></li>"#)).collect();
    let body: String = article.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        r#"<html><head><meta charset="utf-8"><title>{title}</title></head><body><div class="nav"><ul>{nav}</ul></div><div class="crumb">当前位置：首页 &gt; 新闻中心 &gt; 工作动态</div><h1>{title}</h1>{body}<div class="footer"><p>主办单位：某某市人民政府办公厅　承办单位：某某市大数据中心</p><p>地址：某某市人民路一号　邮编：100000　联系电话：0000-12345678</p><p>网站标识码：1100000001　某ICP备12345678号　某公网安备11010202000001号</p></div></body></html>"#
    )
}

/// A registered web page shares its site's navigation and footer with every public page of the
/// site: nothing in the page says which is which, so a public page of the same site is flagged
/// until one public page of the site is learnt (`index add --public`, as the README says); then
/// it passes and an excerpt of the registered article on a page of the site still blocks.
#[test]
fn a_sites_template_is_learnt_from_one_public_page() {
    let (dir, key, index) = new_key();
    let article = paragraphs(95, 4, 160);
    let secret = write(dir.path(), "secret.html", site_page("关于某项工作的情况报告", &article).as_bytes());
    register(&key, &index, "秘密", "W-1", &secret);
    let scan = |path: &Path| {
        let (_, report) = scan_json(path, &["--index", s(&index), "--key", s(&key)]);
        report["verdict"].as_str().unwrap().to_string()
    };
    let other = write(dir.path(), "news.html", site_page("我市召开春季植树动员会", &paragraphs(96, 2, 120)).as_bytes());
    assert_ne!(scan(&other), "pass", "the site's template is shared text until learnt");
    write(dir.path(), "public/notice.html", site_page("关于端午节放假的通知", &paragraphs(97, 2, 120)).as_bytes());
    learn_public(&key, &index, &dir.path().join("public"));
    assert_eq!(scan(&other), "pass");
    let leak = write(
        dir.path(),
        "leak.html",
        site_page("工作动态", &[format!("据悉，{}。", chars_of(&article.concat(), 100, 80))]).as_bytes(),
    );
    assert_eq!(scan(&leak), "block");
}

/// Short shared stretches are not excerpts: under the review floor nothing, between the floor
/// and the block length `review`; the thresholds are options.
#[test]
fn short_overlaps_are_reviewed_or_ignored_by_policy() {
    let r = Registry::new();
    let text = r.text();
    let case = |n: usize, extra: &[&str]| {
        let piece = chars_of(&text, 600, n);
        let path = r.file(&format!("short{n}.txt"), format!("无关的开头文字。{piece}无关的结尾文字。").as_bytes());
        let (_, report) = r.scan(&path, extra);
        report["verdict"].as_str().unwrap().to_string()
    };
    assert_eq!(case(40, &[]), "review");
    assert_eq!(case(40, &["--excerpt-block", "35"]), "block");
    assert_eq!(case(12, &[]), "pass");
    assert_eq!(case(200, &[]), "block");
}

/// A wrong key matches nothing and says so: an error naming the index, exit 2, no verdict.
#[test]
fn a_wrong_key_is_refused_not_silently_empty() {
    let r = Registry::new();
    let other = r.dir.path().join("other.key");
    assert_eq!(mijian(&["index", "key", "-o", s(&other)]).status, 0);
    let leak = r.file("leak.txt", chars_of(&r.text(), 0, 300).as_bytes());
    let run = mijian(&["scan", "--index", s(&r.index), "--key", s(&other), s(&leak)]);
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(run.stderr.contains("registered.idx") && run.stderr.contains("key does not open"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing judged: {}", run.stdout);
    let run = mijian(&["index", "check", "--index", s(&r.index), "--key", s(&other)]);
    assert_eq!(run.status, 2);
    let run = mijian(&[
        "index",
        "add",
        "--level",
        "机密",
        "--label",
        "X",
        "--key",
        s(&other),
        "--index",
        s(&r.index),
        s(&leak),
    ]);
    assert_eq!(run.status, 2, "no document is added with another key");
    // A key is never overwritten.
    let run = mijian(&["index", "key", "-o", s(&r.key)]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("never overwritten"), "{}", run.stderr);
}

/// A damaged index (one byte flipped, or cut short), an index of an older format and a file that
/// is no index are refused with the file named, by scan and by check.
#[test]
fn a_corrupt_or_foreign_index_is_refused() {
    let r = Registry::new();
    let good = std::fs::read(&r.index).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    // An index of the first format (before fingerprint checks): told to build it again.
    let mut old = good.clone();
    old[8..12].copy_from_slice(&1u32.to_le_bytes());
    let cases = [
        ("old.idx", old, "made by an older mijian: build it again"),
        ("flipped.idx", flipped, "damaged index"),
        ("short.idx", good[..good.len() - 20].to_vec(), "damaged index"),
        ("foreign.idx", b"PK\x03\x04 not an index at all".to_vec(), "not a mijian index"),
    ];
    let leak = r.file("leak.txt", chars_of(&r.text(), 0, 300).as_bytes());
    for (name, bytes, says) in cases {
        let path = r.file(name, &bytes);
        let run = mijian(&["scan", "--index", s(&path), "--key", s(&r.key), s(&leak)]);
        assert_eq!(run.status, 2, "{name}");
        assert!(run.stderr.contains(name) && run.stderr.contains(says), "{name}: {}", run.stderr);
        let run = mijian(&["index", "check", "--index", s(&path)]);
        assert_eq!(run.status, 2, "{name}");
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
    }
    let run = mijian(&["index", "check", "--index", s(&r.index), "--key", s(&r.key)]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 documents") && run.stdout.contains("the key opens it"), "{}", run.stdout);
}

/// `list` shows labels, levels, sizes and dates, never text; `remove` takes a document out;
/// a label is never registered twice, nor the same text under two labels.
#[test]
fn list_remove_and_duplicates() {
    let r = Registry::new();
    let other = r.file("other.docx", &docx(&paragraphs(9, 3, 150).iter().map(|p| para(&[p])).collect::<String>(), &[]));
    register(&r.key, &r.index, "秘密", "2024-002", &other);
    let run = mijian(&["index", "list", "--index", s(&r.index), "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = run.json();
    let labels: Vec<(&str, &str)> =
        rows.iter().map(|d| (d["label"].as_str().unwrap(), d["level"].as_str().unwrap())).collect();
    assert_eq!(labels, [("2024-001", "机密"), ("2024-002", "秘密")]);
    assert!(rows[1]["size"].as_u64().unwrap() == std::fs::metadata(&other).unwrap().len());
    assert!(rows[0]["chars"].as_u64().unwrap() > rows[0]["indexed_chars"].as_u64().unwrap(), "boilerplate left out");
    let text = mijian(&["index", "list", "--index", s(&r.index)]).stdout;
    assert!(!text.contains(&chars_of(&r.text(), 0, 4)), "never any text: {text}");
    let raw = std::fs::read(&r.index).unwrap();
    let needle = chars_of(&r.text(), 30, 3);
    assert!(!raw.windows(needle.len()).any(|w| w == needle.as_bytes()), "the index holds no text");
    // The same label, or the same text, again: refused, the index unchanged.
    let again = mijian(&[
        "index",
        "add",
        "--level",
        "机密",
        "--label",
        "2024-002",
        "--key",
        s(&r.key),
        "--index",
        s(&r.index),
        s(&other),
    ]);
    assert_eq!(again.status, 2);
    assert!(again.stderr.contains("already registered"), "{}", again.stderr);
    let dup = mijian(&[
        "index",
        "add",
        "--level",
        "机密",
        "--label",
        "2024-003",
        "--key",
        s(&r.key),
        "--index",
        s(&r.index),
        s(&other),
    ]);
    assert_eq!(dup.status, 2);
    assert!(dup.stderr.contains("2024-002"), "{}", dup.stderr);
    // Remove one: its excerpts pass, the other's still block.
    let run = mijian(&["index", "remove", "--index", s(&r.index), "2024-001"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let leak = r.file("leak.txt", chars_of(&r.text(), 100, 120).as_bytes());
    assert_eq!(r.scan(&leak, &[]).1["verdict"], "pass");
    assert_eq!(
        mijian(&["index", "remove", "--index", s(&r.index), "2024-001"]).status,
        2,
        "nothing to remove is an error"
    );
    let leak2 = r.file("leak2.txt", chars_of(&paragraphs(9, 3, 150).concat(), 50, 120).as_bytes());
    assert_eq!(r.scan(&leak2, &[]).1["verdict"], "block");
}

/// `mijian bench` compares two indexes like two dictionaries: the documents registered in the
/// new one only turn its excerpts from pass to block, and the report says so by label.
#[test]
fn bench_compares_two_indexes() {
    let r = Registry::new();
    let newer = r.dir.path().join("newer.idx");
    std::fs::copy(&r.index, &newer).unwrap();
    let second = paragraphs(21, 3, 200);
    let doc = r.file("second.txt", second.join("\n").as_bytes());
    register(&r.key, &newer, "绝密", "2024-009", &doc);
    let corpus = r.dir.path().join("corpus");
    write(&corpus, "old-leak.txt", chars_of(&r.text(), 10, 100).as_bytes());
    write(&corpus, "new-leak.txt", chars_of(&second.concat(), 10, 100).as_bytes());
    write(&corpus, "clean.txt", prose(22, 300).as_bytes());
    let run = mijian(&[
        "bench",
        "--index",
        s(&r.index),
        "--against-index",
        s(&newer),
        "--key",
        s(&r.key),
        "--format",
        "json",
        s(&corpus),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = &run.json()[0];
    assert_eq!(report["old"]["index"]["documents"], 1);
    assert_eq!(report["new"]["index"]["documents"], 2);
    let changes = report["verdict_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{report}");
    assert!(changes[0]["path"].as_str().unwrap().ends_with("new-leak.txt"));
    assert_eq!((changes[0]["old"].as_str(), changes[0]["new"].as_str()), (Some("pass"), Some("block")));
    assert_eq!(report["new_findings"][0]["what"], "excerpt:2024-009", "{report}");
}
