//! §3: ZIP-based files (and other containers) that readers open differently.

use super::*;
use crate::differential::encode::gzip;

/// §3: ZIP containers read more than one way.
pub fn containers() -> Vec<Case> {
    let clean = clean_docx();
    let marked = marked_docx();
    let mut cases = Vec::new();
    let mut add = |id: &str, what: &str, bytes: Vec<u8>| {
        cases.push(Case::protected(
            &format!("{id}-put"),
            what,
            Request::new("PUT", "/files")
                .header("X-Filename", "notice.docx")
                .header("Content-Type", "application/octet-stream")
                .body(bytes.clone()),
        ));
        cases.push(Case::protected(
            &format!("{id}-multipart"),
            what,
            upload(cat(&[&file(B, "file", "notice.docx", &bytes), &close(B)])),
        ));
    };
    add("zip-clean-then-marked", "cat clean.docx marked.docx", cat(&[&clean, &marked]));
    add("zip-marked-then-clean", "cat marked.docx clean.docx", cat(&[&marked, &clean]));
    add("zip-prefixed", "bytes before the first local header", cat(&[b"MZ\x90\x00 not a zip yet\r\n", &marked]));
    let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf/gbk_regulation.pdf"))
        .expect("a PDF fixture");
    add("zip-after-pdf", "a marked DOCX appended to a clean PDF", cat(&[&pdf, &marked]));
    add("zip-local-vs-central", "local headers and central directory disagree", disagreeing_zip());
    add("gzip-file", "marked text in a .gz file (unread: review at most)", gzip(marked_text().as_bytes()));
    add(
        "tar-file",
        "marked text in a .tar file (unread: review at most)",
        tar_of(&format!("{MARK}.txt"), marked_text().as_bytes()),
    );
    cases
}

/// A ustar archive of one file.
fn tar_of(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut header = [0u8; 512];
    header[..name.len()].copy_from_slice(name.as_bytes());
    header[100..108].copy_from_slice(b"0000644\0");
    header[108..116].copy_from_slice(b"0000000\0");
    header[116..124].copy_from_slice(b"0000000\0");
    header[124..136].copy_from_slice(format!("{:011o}\0", bytes.len()).as_bytes());
    header[136..148].copy_from_slice(b"00000000000\0");
    header[148..156].copy_from_slice(b"        ");
    header[156] = b'0';
    header[257..263].copy_from_slice(b"ustar\0");
    header[263..265].copy_from_slice(b"00");
    let sum: u32 = header.iter().map(|b| u32::from(*b)).sum();
    header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut out = header.to_vec();
    out.extend_from_slice(bytes);
    out.resize(out.len().div_ceil(512) * 512 + 1024, 0);
    out
}

/// A DOCX whose central directory names a clean `word/document.xml` and an unrelated
/// `word/documenZ.xml`, while the second entry's local header calls itself
/// `word/document.xml` and holds the mark: a streaming reader sees the marked document last.
fn disagreeing_zip() -> Vec<u8> {
    let clean = clean_docx();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(clean)).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        entries.push((f.name().to_string(), bytes));
    }
    let doc = String::from_utf8(entries.iter().find(|(n, _)| n == "word/document.xml").unwrap().1.clone()).unwrap();
    let marked_doc = doc.replacen("<w:body>", &format!("<w:body>{}", common::para(&[MARK2])), 1);
    entries.push(("word/documenZ.xml".into(), marked_doc.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let mut bytes = zip_of(&refs);
    // Rename the last local header's entry; the central directory keeps `documenZ`.
    let local = bytes.windows(4).rposition(|w| w == b"PK\x03\x04").unwrap();
    let name_at = local + 30;
    assert_eq!(&bytes[name_at..name_at + 17], b"word/documenZ.xml");
    bytes[name_at + 12] = b't';
    bytes
}
