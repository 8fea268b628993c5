//! Errors reach the person at the desk in their language (issue 15), said once by the typed error
//! (issue 9): a corrupt DOCX, a broken PDF and an encrypted file give a Chinese reason under
//! `--lang zh` and an English one under `--lang en`. The expected sentences come from the typed
//! errors themselves ([`Defect`], [`Encryption`]), not from prose copied into the test.

mod common;
use common::{docx, mijian_in_locale, tempdir, write};
use mijian_core::Lang;
use mijian_extract::{Defect, Encryption, ExtractError};
use std::path::{Path, PathBuf};

fn pdf_fixture(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf").join(name);
    assert!(p.is_file(), "missing fixture {}", p.display());
    p
}

/// `scan --format json` under `--lang lang`: the exit status and the file's report.
fn scan(path: &Path, lang: &str) -> (i32, serde_json::Value) {
    let run = mijian_in_locale(&["--lang", lang, "scan", "--format", "json", path.to_str().unwrap()], &[]);
    let lines = run.json();
    assert!(!lines.is_empty(), "no output; stderr: {}", run.stderr);
    (run.status, lines[0].clone())
}

/// `scan` as text under `--lang lang`.
fn scan_text(path: &Path, lang: &str) -> String {
    mijian_in_locale(&["--lang", lang, "scan", "--color", "never", path.to_str().unwrap()], &[]).stdout
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// English words (runs of 3 or more ASCII letters with a lower-case one) in `zh` outside what
/// it carries (`carried`: a part name, a parser's message); Word and Excel are product names.
fn english_words(zh: &str, carried: &[&str]) -> Vec<String> {
    let mut text = zh.to_owned();
    for c in carried {
        text = text.replace(c, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && w.chars().any(|c| c.is_ascii_lowercase()))
        .filter(|w| !["Word", "Excel"].contains(w))
        .map(str::to_owned)
        .collect()
}

/// Checks the report of an `error` file under both languages: `error_kind` is `kind`, the
/// machine field `error` stays English, and `error_message` is `expected(lang)` (the typed
/// error's rendering), Chinese without English under zh, English without Chinese under en; the
/// text output carries the same message.
fn check_both_languages(path: &Path, kind: &str, expected: impl Fn(Lang, &str) -> bool, carried: &[&str]) {
    let (zh_status, zh) = scan(path, "zh");
    let (en_status, en) = scan(path, "en");
    for (status, r) in [(zh_status, &zh), (en_status, &en)] {
        assert_eq!((status, r["verdict"].as_str(), r["error_kind"].as_str()), (2, Some("error"), Some(kind)), "{r}");
    }
    // The machine field does not change with the language.
    assert_eq!(zh["error"], en["error"]);
    let (zh_msg, en_msg) = (zh["error_message"].as_str().unwrap(), en["error_message"].as_str().unwrap());
    assert!(expected(Lang::Zh, zh_msg), "zh: {zh_msg}");
    assert!(expected(Lang::En, en_msg), "en: {en_msg}");
    assert!(has_chinese(zh_msg), "{zh_msg}");
    assert_eq!(english_words(zh_msg, carried), Vec::<String>::new(), "{zh_msg}");
    assert!(!has_chinese(en_msg), "{en_msg}");
    assert_eq!(en["error"].as_str(), Some(en_msg), "English message is the `error` field");
    assert!(scan_text(path, "zh").contains(&format!("错误：{zh_msg}")), "zh text output");
    assert!(scan_text(path, "en").contains(&format!("error: {en_msg}")), "en text output");
}

/// A DOCX whose document part is malformed XML: the XML defect, in the part, at its byte.
#[test]
fn a_corrupt_docx_says_why_in_both_languages() {
    let dir = tempdir();
    let p = write(dir.path(), "badxml.docx", &docx("<w:p><w:r><w:t>未闭合</w:r></w:p>", &[]));
    let expected = |lang: Lang, msg: &str| {
        let sentence = Defect::Xml { cause: String::new() }.text(lang);
        let place = lang.pick("（位于 word/document.xml，第 ", " (in word/document.xml, at byte ");
        msg.starts_with(&format!("{sentence}{place}"))
    };
    // The parser's own message follows the sentence; it is carried, not translated.
    let (_, r) = scan(&p, "zh");
    let msg = r["error_message"].as_str().unwrap();
    let cause = msg.split_once('：').map(|(_, c)| c).unwrap_or_default();
    assert!(!cause.is_empty(), "{msg}");
    check_both_languages(&p, "corrupt", expected, &["word/document.xml", cause]);

    // A DOCX cut in half has lost its central directory: a ZIP defect, said as such.
    let mut bytes = docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>", &[]);
    bytes.truncate(bytes.len() / 2);
    let p = write(dir.path(), "broken.docx", &bytes);
    let expected = |lang: Lang, msg: &str| msg == ExtractError::corrupt(Defect::ZipNoDirectory).text(lang);
    check_both_languages(&p, "corrupt", expected, &[]);
}

/// A PDF cut short (no `%%EOF`): the typed PDF defect, whole, in each language.
#[test]
fn a_broken_pdf_says_why_in_both_languages() {
    let expected = |lang: Lang, msg: &str| msg == ExtractError::corrupt(Defect::PdfNoEof).text(lang);
    check_both_languages(&pdf_fixture("truncated.pdf"), "corrupt", expected, &[]);
}

/// A PDF that needs a user password to be opened.
#[test]
fn an_encrypted_file_says_why_in_both_languages() {
    let expected = |lang: Lang, msg: &str| msg == ExtractError::encrypted(Encryption::Password).text(lang);
    check_both_languages(&pdf_fixture("enc_user_password.pdf"), "encrypted", expected, &[]);
}
