//! The record's content, in both languages, for hostile names and protected text.

use super::*;
use mijian_core::{Dictionary, Rules};
use mijian_inspect::{inspect_bytes, InspectOptions};

fn rules() -> Rules {
    let dict = Dictionary::parse("codes", "紫电计划\t机密\t项目代号\n".as_bytes()).unwrap();
    Rules::builder().dictionary(dict).build().unwrap()
}

fn facts(lang: Lang, matched: MatchedText) -> RecordFacts {
    let mut v = RulesVersion::new(true);
    v.add("codes.txt", "紫电计划\t机密\t项目代号\n".as_bytes());
    RecordFacts {
        lang,
        checked_at: "2026-11-30 20:05:31 +08:00".into(),
        host: "desk-1".into(),
        origin: Origin::CommandLine,
        rules: v.finish(),
        matched,
    }
}

fn same(s: &str) -> String {
    s.to_string()
}

#[test]
fn the_record_states_files_hashes_verdicts_and_findings_masked() {
    let marked = inspect_bytes(
        "通知.txt",
        "000123\n机密★1年\n关于紫电计划的通知\n".as_bytes(),
        &rules(),
        &InspectOptions::default(),
    );
    let clean = inspect_bytes(
        "regulation.txt",
        "机密级载体不得通过普通邮政寄递。\n".as_bytes(),
        &rules(),
        &InspectOptions::default(),
    );
    let page = render(&facts(Lang::Zh, MatchedText::Masked), &[&marked, &clean], &same);
    for needle in [
        "信息发布保密审查记录",
        "通知.txt",
        "regulation.txt",
        marked[0].sha256.as_str(),
        clean[0].sha256.as_str(),
        "不得发布 (block)",
        "未发现问题 (pass)",
        "marking.state-secret",
        "codes:1",
        "机*★*年",
        "紫***",
        "审查人",
        "审批意见",
        "2026-11-30 20:05:31 +08:00",
        "codes.txt",
        "共 2 个文件：不得发布 1，需人工审核 0，未发现问题 1，无法检查 0",
    ] {
        assert!(page.contains(needle), "no {needle:?} in the record");
    }
    assert!(!page.contains("机密★1年") && !page.contains("紫电计划"), "matched text leaked: {page}");
    assert!(!page.contains("项目代号"), "the category is shown only with the matched text");
    assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"));
}

#[test]
fn english_on_request_and_matched_text_only_when_asked() {
    let marked = inspect_bytes("a.txt", "关于紫电计划的通知\n".as_bytes(), &rules(), &InspectOptions::default());
    let page = render(&facts(Lang::En, MatchedText::Shown), &[&marked], &same);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Pre-publication confidentiality review record"));
    assert!(page.contains("must not be published (block)"));
    assert!(page.contains("Reviewer") && page.contains("Signature"));
    assert!(page.contains("<mark class=\"hit\">紫电计划</mark>") && page.contains("项目代号"));
    assert!(!page.contains("信息发布保密审查记录"));
}

#[test]
fn hostile_names_are_escaped_shown_and_scrubbed() {
    let name = "<img src=x onerror=alert(1)>紫电计划\u{202E}xcod.exe";
    let reports = inspect_bytes(name, b"nothing here\n", &rules(), &InspectOptions::default());
    let scrub = |s: &str| s.replace("紫电计划", &mask("紫电计划"));
    let page = render(&facts(Lang::Zh, MatchedText::Masked), &[&reports], &scrub);
    assert!(!page.contains("<img"), "markup from a name reached the record");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;紫***⟨U+202E⟩xcod.exe"), "{page}");
}

#[test]
fn errors_and_unread_parts_are_stated() {
    let reports = vec![FileReport::error("gone.docx".into(), 0, "cannot read: permission denied".into())];
    let page = render(&facts(Lang::Zh, MatchedText::Masked), &[&reports], &same);
    assert!(page.contains("无法检查，不得发布 (error)"));
    assert!(page.contains("无法检查：</b>cannot read: permission denied"));
    assert!(page.contains("<td class=\"hash\">未读取</td>"), "no hash is claimed for bytes never read");
}

#[test]
fn the_style_hash_is_of_the_style_in_the_page() {
    let page = render(&facts(Lang::Zh, MatchedText::Masked), &[], &same);
    assert!(page.contains(&format!("<style>{STYLE}</style>")));
    let h = style_hash();
    assert!(h.starts_with("'sha256-") && h.ends_with("='") && h.len() == 53, "{h}");
    assert!(
        STYLE.contains("size: A4") && STYLE.contains("table-header-group") && STYLE.contains("break-inside: avoid")
    );
}

#[test]
fn local_time_carries_its_offset() {
    let t = local_time_now();
    let offset = t.rsplit(' ').next().unwrap();
    assert!(offset.len() == 6 && (offset.starts_with('+') || offset.starts_with('-')), "{t}");
}
