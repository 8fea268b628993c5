//! End-to-end tests of Word fields (issue 10: "a field Word updates on open… read both what is
//! stored and what would be shown"): a mark shown as the result of a `HYPERLINK` field, in DOCX
//! and in RTF, is a mark (`block`), not a quoted example. The instruction's quotes
//! (`HYPERLINK "http://…"`) are not on the line Word shows, so they do not set the result in
//! quotes; the instruction is still read, apart (field `field instruction` / part `fields`).
//! Each marked file has a clean twin that passes.

mod common;
use common::*;

fn verdict_and_first(bytes: &[u8], name: &str) -> (i32, String, serde_json::Value) {
    let dir = tempdir();
    let p = write(dir.path(), name, bytes);
    let (status, r) = scan_json(&p, &[]);
    let first = r["findings"].as_array().unwrap().first().cloned().unwrap_or_default();
    (status, r["verdict"].as_str().unwrap().to_owned(), first)
}

fn hyperlinked_docx(shown: &str, simple: bool) -> Vec<u8> {
    let field = if simple {
        format!(
            r#"<w:p><w:fldSimple w:instr=" HYPERLINK &quot;http://x.gov.cn/a&quot; "><w:r><w:t>{shown}</w:t></w:r></w:fldSimple></w:p>"#
        )
    } else {
        format!(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://x.gov.cn/a" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#
        )
    };
    docx(&format!("{}{field}{}", para(&[PROSE]), para(&[PROSE])), &[])
}

#[test]
fn docx_mark_shown_by_a_hyperlink_field_blocks() {
    for simple in [false, true] {
        let (status, verdict, f) = verdict_and_first(&hyperlinked_docx("机密★1年", simple), "f.docx");
        assert_eq!((status, verdict.as_str()), (1, "block"), "simple={simple}: {f}");
        assert_eq!(f["rule"], "marking.state-secret", "{f}");
        assert_eq!((f["location"]["paragraph"].as_u64(), f["location"]["column"].as_u64()), (Some(2), Some(1)), "{f}");
        let (status, verdict, f) = verdict_and_first(&hyperlinked_docx("下载附件", simple), "f.docx");
        assert_eq!((status, verdict.as_str()), (0, "pass"), "simple={simple}: {f}");
    }
}

#[test]
fn rtf_mark_shown_by_a_hyperlink_field_blocks() {
    let rtf = |shown: &str| {
        format!(
            "{{\\rtf1\\ansi\\ansicpg936{{\\fonttbl{{\\f0\\fnil\\fcharset134 SimSun;}}}}\\pard \\uc1\\u36890?\\u30693?\\par\
             {{\\field{{\\*\\fldinst {{ HYPERLINK \"http://x.gov.cn/a\" }}}}{{\\fldrslt {{{shown}}}}}}}\\par}}"
        )
    };
    // 机密★1年, and 下载 for the twin, as \uN escapes.
    let (status, verdict, f) = verdict_and_first(rtf("\\u26426?\\u23494?\\u9733?1\\u24180?").as_bytes(), "f.rtf");
    assert_eq!((status, verdict.as_str()), (1, "block"), "{f}");
    assert_eq!(
        (f["rule"].as_str(), f["location"]["part"].as_str()),
        (Some("marking.state-secret"), Some("body")),
        "{f}"
    );
    let (status, verdict, f) = verdict_and_first(rtf("\\u19979?\\u36733?").as_bytes(), "f.rtf");
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{f}");
}

/// Word's enclosed characters (带圈字符) are `EQ` fields with no result saved: `机` + `EQ
/// \o\ac(○,密)` + `★1年` shows `机密★1年`, the second character in a circle. The drawn
/// character is read in the line at the field's place, in DOCX (complex and simple fields) and
/// RTF: the marked files block in the body; a public file numbering its articles with circled
/// numbers (`第` + `EQ \o\ac(○,1)` + `条`) passes.
#[test]
fn characters_an_eq_field_draws_are_read_in_the_line() {
    let complex = |before: &str, enclosed: &str, after: &str| {
        format!(
            r#"<w:p><w:r><w:t>{before}</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> EQ \o\ac(○,{enclosed}) </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>{after}</w:t></w:r></w:p>"#
        )
    };
    let simple = |before: &str, enclosed: &str, after: &str| {
        format!(
            r#"<w:p><w:r><w:t>{before}</w:t></w:r><w:fldSimple w:instr=" EQ \o\ac(□,{enclosed}) "/><w:r><w:t>{after}</w:t></w:r></w:p>"#
        )
    };
    let u = |t: &str| t.chars().map(|c| format!("\\u{}?", c as u32)).collect::<String>();
    let rtf = |before: &str, enclosed: &str, after: &str| {
        format!(
            r"{{\rtf1\ansi{{\fonttbl{{\f0 SimSun;}}}}\pard {}\par\pard {}{{\field{{\*\fldinst {{ EQ \\o\\ac(\u9675?,{}) }}}}{{\fldrslt }}}}{}\par}}",
            u(PROSE),
            u(before),
            u(enclosed),
            u(after)
        )
        .into_bytes()
    };
    let files = |before: &str, enclosed: &str, after: &str| -> [(&str, Vec<u8>); 3] {
        [
            ("complex.docx", docx(&format!("{}{}", para(&[PROSE]), complex(before, enclosed, after)), &[])),
            ("simple.docx", docx(&format!("{}{}", para(&[PROSE]), simple(before, enclosed, after)), &[])),
            ("enclosed.rtf", rtf(before, enclosed, after)),
        ]
    };
    for (name, bytes) in files("机", "密", "★1年") {
        let (status, verdict, f) = verdict_and_first(&bytes, name);
        assert_eq!((status, verdict.as_str()), (1, "block"), "{name}: {f}");
        assert_eq!(f["rule"], "marking.state-secret", "{name}: {f}");
        assert_eq!(f["matched"], "机密★1年", "{name}: {f}");
    }
    for (name, bytes) in files("第", "1", "条　总则") {
        let (status, verdict, f) = verdict_and_first(&bytes, name);
        assert_eq!((status, verdict.as_str()), (0, "pass"), "{name}: {f}");
    }
}
