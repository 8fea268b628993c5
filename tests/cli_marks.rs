//! Issue 10 in the core, end to end through the real binary: the characters a mark is written
//! with, what disclosure attributes and drafting forms mean, and marks and terms cut by the layout.
//! Every fixture is generated here; each marked one has a clean twin that must pass.

mod common;
use common::*;

const BODY: &str = "为进一步加强政务公开工作，现将有关事项通知如下。";

fn body_docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| para(&[p])).collect();
    docx(&body, &[])
}

fn findings(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["kind"] != "doc-number").collect()
}

#[test]
fn star_variants_bidi_overrides_and_variant_characters_are_marks() {
    let dir = tempdir();
    for (i, mark) in
        ["机密✦1年", "绝密⋆启用前", "秘密※6个月", "机密⭐10年", "宻級：機宻", "祕密★1年", "\u{202E}年1★密机\u{202C}"]
            .iter()
            .enumerate()
    {
        let text = format!("{BODY}\n本件{mark}，请妥善保管。\n");
        let p = write(dir.path(), &format!("m{i}.txt"), text.as_bytes());
        let (status, r) = scan_json(&p, &[]);
        assert_eq!(r["verdict"], "block", "{mark}: {r}");
        assert_eq!(status, 1);
        let f = findings(&r)[0];
        assert_eq!(f["location"]["line"], 2, "{mark}");
        assert_eq!(f["location"]["column"], if i == 6 { 4 } else { 3 }, "{mark}: {f}");
    }
    let clean =
        write(dir.path(), "clean.txt", format!("{BODY}\n★★★ 重点工作 ✦ 机密级载体管理 ※ 注意事项\n").as_bytes());
    assert_eq!(scan_json(&clean, &[]).1["verdict"], "pass");
}

#[test]
fn disclosure_attributes_and_drafting_forms() {
    let dir = tempdir();
    let on_request = write(dir.path(), "a.docx", &body_docx(&[BODY, BODY, "（此件依申请公开）"]));
    let (_, r) = scan_json(&on_request, &[]);
    assert_eq!(r["verdict"], "review", "{r}");
    assert_eq!(findings(&r)[0]["rule"], "marking.limited-disclosure");
    assert_eq!(findings(&r)[0]["location"]["paragraph"], 3);
    let public = write(dir.path(), "b.docx", &body_docx(&[BODY, BODY, "（此件公开发布）"]));
    assert_eq!(scan_json(&public, &[]).1["verdict"], "pass");

    let form = ["发 文 稿 纸", "密级", "□绝密 ☑机密 □秘密", "保密期限", "十年", "标题：关于……的通知"];
    let filled = write(dir.path(), "form.docx", &body_docx(&form));
    let (status, r) = scan_json(&filled, &[]);
    assert_eq!((status, r["verdict"].as_str()), (1, Some("block")), "{r}");
    let f = findings(&r)[0];
    assert_eq!(f["rule"], "marking.drafting-form");
    assert_eq!((f["location"]["paragraph"].as_u64(), f["location"]["column"].as_u64()), (Some(3), Some(5)));
    let template = ["发 文 稿 纸", "密级", "□绝密 □机密 □秘密", "保密期限", "", "标题："];
    let empty = write(dir.path(), "template.docx", &body_docx(&template));
    assert_eq!(scan_json(&empty, &[]).1["verdict"], "pass");
}

#[test]
fn quoted_and_listed_marks_ask_for_review_only() {
    let dir = tempdir();
    for (i, text) in [
        "保密知识测试\n1. 下列密级标志书写正确的是（ ）\nA.机密★10年\nB.机密10年\nC.★机密\n",
        "印章价目表\n机密★1年 光敏印章 35元/枚\n绝密★启用前 条形章 40元/枚\n",
        "公文附注的写法\n（此件公开发布）\n（此件依申请公开）\n（此件不予公开）\n",
    ]
    .iter()
    .enumerate()
    {
        let p = write(dir.path(), &format!("q{i}.txt"), text.as_bytes());
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(r["verdict"], "review", "{text}: {r}");
    }
}

#[test]
fn marks_and_terms_cut_by_the_layout_still_match() {
    let dir = tempdir();
    let dict =
        write(dir.path(), "codes.txt", "紫电计划\t机密\nre:\\p{Han}{1,4}密发〔\\d{4}〕\\d+号\t秘密\n".as_bytes());
    let d = dict.to_str().unwrap();
    let cases: [(&str, Vec<u8>, u64); 4] = [
        ("mark one character per paragraph", body_docx(&[BODY, BODY, "机", "密", "★", "1", "年", BODY]), 3),
        ("term one character per paragraph", body_docx(&[BODY, "项目", "紫", "电", "计", "划"]), 3),
        ("term broken across paragraphs", body_docx(&[BODY, "本单位负责的紫电", "计划已完成第一阶段试验。"]), 2),
        ("series cut by a line break", body_docx(&[BODY, "根据厅密发〔2020〕", "3号文件精神"]), 2),
    ];
    for (what, bytes, paragraph) in cases {
        let p = write(dir.path(), "layout.docx", &bytes);
        let (_, r) = scan_json(&p, &["--dict", d]);
        assert_eq!(r["verdict"], "block", "{what}: {r}");
        let f = findings(&r)[0];
        assert_eq!(f["location"]["paragraph"].as_u64(), Some(paragraph), "{what}: {f}");
    }
    // Clean twins: the same words across a sentence end, two long paragraphs.
    let clean = body_docx(&[BODY, "本单位负责的工作是紫电。", "计划已完成第一阶段试验。", "机", "关", "密", "切"]);
    let p = write(dir.path(), "clean.docx", &clean);
    assert_eq!(scan_json(&p, &["--dict", d]).1["verdict"], "pass");
}

/// A level word alone on a line of the first three is the document's own mark only in a head:
/// under a sentence (a story, a quiz's question) it is running text and passes; under a 份号 or
/// a banner it blocks, in a DOCX as in text. A work-secret mark with its keep-inside words asks
/// for review like the bare `工作秘密`.
#[test]
fn a_lone_level_under_a_sentence_is_text_and_a_work_secret_mark_has_its_other_words() {
    let dir = tempdir();
    let story = ["第一章", "她心里藏着一个秘密。", "秘密", "这两个字一直萦绕在她心头。"];
    let p = write(dir.path(), "story.docx", &body_docx(&story));
    assert_eq!(scan_json(&p, &[]).1["verdict"], "pass");
    let p = write(dir.path(), "quiz.txt", "问：国家秘密的最高密级是什么？\n绝密\n".as_bytes());
    assert_eq!(scan_json(&p, &[]).1["verdict"], "pass");
    let head = ["000123", "秘密", "某某市人民政府文件", BODY];
    let p = write(dir.path(), "head.docx", &body_docx(&head));
    assert_eq!(scan_json(&p, &[]).1["verdict"], "block");
    let p = write(dir.path(), "banner.txt", format!("某某市人民政府文件\n机密\n{BODY}\n").as_bytes());
    assert_eq!(scan_json(&p, &[]).1["verdict"], "block");

    for (i, mark) in ["工作秘密　注意保管", "工作秘密 请勿外传"].iter().enumerate() {
        let p = write(dir.path(), &format!("w{i}.docx"), &body_docx(&[mark, BODY]));
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(r["verdict"], "review", "{mark}: {r}");
        assert_eq!(findings(&r)[0]["class"], "工作秘密", "{mark}: {r}");
    }
    let p = write(dir.path(), "rule.txt", format!("{BODY}\n工作秘密应当注意保管。\n").as_bytes());
    assert_eq!(scan_json(&p, &[]).1["verdict"], "pass");
}
