//! End-to-end tests of the readers of issue 10: tar, gzip, bzip2, xz, zstd and 7z archives, RAR,
//! RTF (alone and as a DOCX altChunk), and Office templates and macro-enabled files. Every fixture
//! is built here; each marked file has a clean twin that must pass.

mod common;
use common::*;

use std::io::Write;

/// The notice every marked fixture holds: a 份号, then the mark on line 2 of the document head.
const MARKED: &str = "000123\n机密★1年\n关于加强管理的通知\n";
const CLEAN: &str = "关于加强管理的通知\n为进一步加强政务公开工作，现将有关事项通知如下。\n";

/// Scans `paths` as JSON; returns the exit status and every report (containers and members).
fn scan(paths: &[&std::path::Path]) -> (i32, Vec<serde_json::Value>) {
    let mut args = vec!["scan", "--format", "json"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let run = mijian(&args);
    (run.status, run.json())
}

/// The report whose path ends with `suffix`.
fn report<'a>(reports: &'a [serde_json::Value], suffix: &str) -> &'a serde_json::Value {
    reports
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(suffix))
        .unwrap_or_else(|| panic!("no report for {suffix} in {reports:#?}"))
}

fn verdict(r: &serde_json::Value) -> &str {
    r["verdict"].as_str().unwrap()
}

/// The (part, line, paragraph, field) of the first marking finding.
fn mark_location(r: &serde_json::Value) -> serde_json::Value {
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "marking").expect("a marking finding");
    f["location"].clone()
}

/// A tar of (name, content) entries; a name ending in `/` is a folder.
fn tar(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_mode(0o644);
        if name.ends_with('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
        } else {
            h.set_size(data.len() as u64);
        }
        b.append_data(&mut h, name, data.as_bytes()).unwrap();
    }
    b.into_inner().unwrap()
}

fn gzip(name: Option<&str>, data: &[u8]) -> Vec<u8> {
    let mut b = flate2::GzBuilder::new();
    if let Some(n) = name {
        b = b.filename(n.as_bytes());
    }
    let mut w = b.write(Vec::new(), flate2::Compression::default());
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut w = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

fn xz(data: &[u8]) -> Vec<u8> {
    let mut w = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(6)).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// A 7z of (name, content) files, AES-encrypted with `password` if given.
fn sevenz(entries: &[(&str, &str)], password: Option<&str>) -> Vec<u8> {
    use sevenz_rust2::encoder_options::AesEncoderOptions;
    let mut w = sevenz_rust2::ArchiveWriter::new(std::io::Cursor::new(Vec::new())).unwrap();
    if let Some(p) = password {
        w.set_content_methods(vec![AesEncoderOptions::new(p.into()).into(), sevenz_rust2::EncoderMethod::LZMA2.into()]);
    }
    for (name, data) in entries {
        w.push_archive_entry(sevenz_rust2::ArchiveEntry::new_file(name), Some(data.as_bytes())).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn tar_members_are_inspected_by_path() {
    let dir = tempdir();
    let marked = write(dir.path(), "marked.tar", &tar(&[("报告/", ""), ("报告/notice.txt", MARKED), ("a.txt", CLEAN)]));
    let clean = write(dir.path(), "clean.tar", &tar(&[("报告/", ""), ("报告/notice.txt", CLEAN)]));
    let (status, reports) = scan(&[&marked]);
    assert_eq!(status, 1);
    assert_eq!(verdict(report(&reports, "marked.tar")), "block");
    assert_eq!(report(&reports, "marked.tar")["format"], "tar");
    let member = report(&reports, "marked.tar!报告/notice.txt");
    assert_eq!(verdict(member), "block");
    assert_eq!(mark_location(member)["line"], 2);
    assert_eq!(verdict(report(&reports, "marked.tar!a.txt")), "pass");
    let (status, reports) = scan(&[&clean]);
    assert_eq!((status, verdict(&reports[0])), (0, "pass"), "{reports:#?}");
}

#[test]
fn compressed_tarballs_report_members_inside_the_tarball() {
    let dir = tempdir();
    let marked = tar(&[("dir/notice.txt", MARKED)]);
    let clean = tar(&[("dir/notice.txt", CLEAN)]);
    for (ext, pack) in [
        ("tar.gz", (|b: &[u8]| gzip(None, b)) as fn(&[u8]) -> Vec<u8>),
        ("tar.bz2", bzip2),
        ("tar.xz", xz),
        ("tar.zst", zstd),
    ] {
        let m = write(dir.path(), &format!("marked.{ext}"), &pack(&marked));
        let (status, reports) = scan(&[&m]);
        assert_eq!(status, 1, "{ext}");
        let member = report(&reports, &format!("marked.{ext}!dir/notice.txt"));
        assert_eq!(verdict(member), "block", "{ext}");
        assert_eq!(mark_location(member)["line"], 2, "{ext}");
        let c = write(dir.path(), &format!("clean.{ext}"), &pack(&clean));
        let (status, reports) = scan(&[&c]);
        assert_eq!((status, verdict(&reports[0])), (0, "pass"), "{ext}: {reports:#?}");
    }
}

#[test]
fn names_a_listing_shows_are_read() {
    let dir = tempdir();
    // Clean content, a marked folder name.
    let t = write(dir.path(), "names.tar", &tar(&[("机密★1年/", ""), ("机密★1年/a.txt", CLEAN)]));
    let (status, reports) = scan(&[&t]);
    assert_eq!(status, 1);
    let top = report(&reports, "names.tar");
    assert_eq!(verdict(top), "block");
    assert_eq!(mark_location(top)["part"], "(archive directory)");
    // Clean content, a marked stored name in a single gzip file.
    let g = write(dir.path(), "plain.gz", &gzip(Some("机密★1年.txt"), CLEAN.as_bytes()));
    let (status, reports) = scan(&[&g]);
    assert_eq!(status, 1);
    let top = report(&reports, "plain.gz");
    assert_eq!(verdict(top), "block");
    assert_eq!(mark_location(top)["field"], "name");
    // Unpacked, the member is a file of that name: it is read with its own name as well.
    let member = report(&reports, "plain.gz!机密★1年.txt");
    assert_eq!(verdict(member), "block");
    assert_eq!(mark_location(member)["part"], "(file name)");
    // The clean twin: an ordinary stored name.
    let g = write(dir.path(), "twin.gz", &gzip(Some("通知.txt"), CLEAN.as_bytes()));
    let (status, reports) = scan(&[&g]);
    assert_eq!((status, verdict(&reports[0])), (0, "pass"), "{reports:#?}");
}

#[test]
fn single_compressed_files_are_one_member() {
    let dir = tempdir();
    for (ext, bytes) in
        [("xz", xz(MARKED.as_bytes())), ("zst", zstd(MARKED.as_bytes())), ("bz2", bzip2(MARKED.as_bytes()))]
    {
        let p = write(dir.path(), &format!("notice.txt.{ext}"), &bytes);
        let (status, reports) = scan(&[&p]);
        assert_eq!(status, 1, "{ext}");
        assert_eq!(verdict(report(&reports, &format!("notice.txt.{ext}!(decompressed)"))), "block", "{ext}");
    }
}

#[test]
fn sevenz_members_and_passwords() {
    let dir = tempdir();
    let marked = write(dir.path(), "marked.7z", &sevenz(&[("docs/notice.txt", MARKED), ("b.txt", CLEAN)], None));
    let (status, reports) = scan(&[&marked]);
    assert_eq!(status, 1);
    assert_eq!(report(&reports, "marked.7z")["format"], "7z");
    assert_eq!(verdict(report(&reports, "marked.7z!docs/notice.txt")), "block");
    assert_eq!(verdict(report(&reports, "marked.7z!b.txt")), "pass");
    let clean = write(dir.path(), "clean.7z", &sevenz(&[("docs/notice.txt", CLEAN)], None));
    let (status, reports) = scan(&[&clean]);
    assert_eq!((status, verdict(&reports[0])), (0, "pass"), "{reports:#?}");
    // With a password: an error, whatever is inside.
    let locked = write(dir.path(), "locked.7z", &sevenz(&[("notice.txt", CLEAN)], Some("口令")));
    let (status, reports) = scan(&[&locked]);
    assert_eq!(status, 2);
    assert_eq!(verdict(&reports[0]), "error");
    assert!(reports[0]["error"].as_str().unwrap().contains("encrypted"), "{:#?}", reports[0]);
}

#[test]
fn sevenz_with_a_folder_between_files_of_one_block_loses_no_file() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archives/dir_between_files.7z");
    let (status, reports) = scan(&[&fixture]);
    assert_eq!(status, 1, "{reports:#?}");
    let member = report(&reports, "dir_between_files.7z!src/d/notice.txt");
    assert_eq!(verdict(member), "block");
    assert_eq!(mark_location(member)["line"], 2);
    assert_eq!(verdict(report(&reports, "dir_between_files.7z!src/a.txt")), "pass");
}

#[test]
fn rar_names_and_stored_members_are_read_and_compressed_members_need_review() {
    let dir = tempdir();
    // A name is what an archive manager lists: a marked folder name is a marked document.
    let p = write(dir.path(), "names.rar", &rar5(&[("机密★1年/附件.txt", b"hello", false)]));
    let (status, reports) = scan(&[&p]);
    assert_eq!(status, 1);
    assert_eq!(verdict(report(&reports, "names.rar")), "block", "{reports:#?}");

    // A stored member is inspected in its own right; a compressed one cannot be, so it needs review.
    let body = "000123\n机密★1年\n关于加强管理的通知\n".as_bytes();
    let p = write(dir.path(), "mixed.rar", &rar5(&[("a.txt", body, false), ("b.docx", b"\x01\x02\x03", true)]));
    let (status, reports) = scan(&[&p]);
    assert_eq!(status, 1);
    assert_eq!(verdict(report(&reports, "mixed.rar!a.txt")), "block", "{reports:#?}");
    let outer = report(&reports, "mixed.rar");
    assert_eq!(verdict(outer), "block", "the worst member wins");
    let unread = outer["coverage"]["unread"].to_string();
    assert!(unread.contains("b.docx") && unread.contains("RAR"), "{unread}");

    let p = write(dir.path(), "packed.rar", &rar5(&[("report.docx", b"\x01\x02\x03", true)]));
    let (status, reports) = scan(&[&p]);
    assert_eq!(status, 1);
    assert_eq!(verdict(report(&reports, "packed.rar")), "review");

    // Only stored, clean members: nothing was left unread, so nothing holds the archive back.
    let p = write(dir.path(), "clean.rar", &rar5(&[("a.txt", "会议通知".as_bytes(), false)]));
    let (status, reports) = scan(&[&p]);
    assert_eq!(status, 0, "{reports:#?}");

    // A header that fails its checksum is a corrupt archive, never a pass.
    let mut bytes = rar5(&[("a.txt", b"x", false)]);
    let n = bytes.len();
    bytes[n - 12] ^= 0x55;
    let p = write(dir.path(), "corrupt.rar", &bytes);
    let (status, reports) = scan(&[&p]);
    assert_eq!(status, 2);
    assert_eq!(verdict(&reports[0]), "error");
}

#[test]
fn a_decompression_bomb_is_an_error() {
    let dir = tempdir();
    // 8 MiB of zeros bzip2 to a few dozen bytes: far above the 1000:1 ratio limit.
    let p = write(dir.path(), "bomb.bz2", &bzip2(&vec![0u8; 8 << 20]));
    let (status, reports) = scan(&[&p]);
    assert_eq!(status, 2);
    assert_eq!(verdict(&reports[0]), "error");
    assert!(reports[0]["error"].as_str().unwrap().contains("ratio"), "{:#?}", reports[0]);
}

/// `text` as RTF `\'hh` escapes in GBK.
fn gbk(text: &str) -> String {
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    bytes.iter().map(|b| if *b < 0x80 { (*b as char).to_string() } else { format!("\\'{b:02x}") }).collect()
}

/// An RTF document as Chinese Word writes it: GBK escapes under `\ansicpg936`, a header.
fn rtf(header: &str, lines: &[&str]) -> String {
    let body: String = lines.iter().map(|l| format!("\\pard {}\\par\n", gbk(l))).collect();
    format!(
        "{{\\rtf1\\ansi\\ansicpg936\\deff0{{\\fonttbl{{\\f0\\fnil\\fcharset134 {};}}}}\n{{\\info{{\\title {}}}}}\n{{\\header \\pard {}\\par}}\n{body}}}",
        gbk("宋体"),
        gbk("通知"),
        gbk(header)
    )
}

#[test]
fn rtf_marks_in_the_body_and_the_header() {
    let dir = tempdir();
    let marked = write(dir.path(), "marked.rtf", rtf("", &["000123", "机密★1年", "关于加强管理的通知"]).as_bytes());
    let (status, reports) = scan(&[&marked]);
    assert_eq!(status, 1);
    assert_eq!(reports[0]["format"], "rtf");
    assert_eq!(verdict(&reports[0]), "block");
    let at = mark_location(&reports[0]);
    assert_eq!((at["part"].as_str(), at["paragraph"].as_u64()), (Some("body"), Some(2)));

    let header = write(dir.path(), "header.rtf", rtf("秘密", &["关于加强管理的通知"]).as_bytes());
    let (_, reports) = scan(&[&header]);
    assert_eq!(verdict(&reports[0]), "block");
    assert_eq!(mark_location(&reports[0])["part"], "header");

    let clean = write(dir.path(), "clean.rtf", rtf("第1页", &["关于加强管理的通知", PROSE]).as_bytes());
    let (status, reports) = scan(&[&clean]);
    assert_eq!((status, verdict(&reports[0])), (0, "pass"), "{reports:#?}");
}

/// A DOCX whose body is one altChunk: the RTF document `chunk`, merged in by Word on opening.
fn docx_with_alt_chunk(chunk: &str) -> Vec<u8> {
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml".to_owned(),
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rtf" ContentType="application/rtf"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
            ),
        ),
        (
            "word/document.xml".to_owned(),
            format!(
                r#"<w:document xmlns:w="{W}" xmlns:r="{REL}"><w:body><w:altChunk r:id="rIdA"/></w:body></w:document>"#
            ),
        ),
        (
            "word/_rels/document.xml.rels".to_owned(),
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rIdA" Type="{REL}/aFChunk" Target="afchunk.rtf"/></Relationships>"#
            ),
        ),
        ("word/afchunk.rtf".to_owned(), chunk.to_owned()),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn rtf_alt_chunks_in_docx_are_read() {
    let dir = tempdir();
    let marked = write(dir.path(), "chunk.docx", &docx_with_alt_chunk(&rtf("", &["000123", "机密★1年", "通知"])));
    let (status, reports) = scan(&[&marked]);
    assert_eq!(status, 1);
    assert_eq!(verdict(&reports[0]), "block");
    assert_eq!(verdict(report(&reports, "chunk.docx!word/afchunk.rtf")), "block");
    let clean = write(dir.path(), "twin.docx", &docx_with_alt_chunk(&rtf("", &["通知", PROSE])));
    let (status, reports) = scan(&[&clean]);
    assert_eq!((status, verdict(&reports[0])), (0, "pass"), "{reports:#?}");
}

/// `docx` with its main part declared as `content_type` (a template, a macro-enabled file).
fn docx_as(content_type: &str, body: &str) -> Vec<u8> {
    use std::io::Read;
    let plain = docx(body, &[]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(plain)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let mut data = String::new();
        f.read_to_string(&mut data).unwrap();
        let data = data.replace("vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", content_type);
        w.start_file(f.name().to_owned(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    // The macros themselves: code, not text a reader sees.
    w.start_file("word/vbaProject.bin", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(b"\xD0\xCF\x11\xE0").unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn office_templates_and_macro_files_read_as_their_base_format() {
    let dir = tempdir();
    for ct in ["vnd.ms-word.document.macroEnabled.main+xml", "vnd.ms-word.template.macroEnabledTemplate.main+xml"] {
        // Named .bin: the bytes decide.
        let m = write(dir.path(), "marked.bin", &docx_as(ct, &[para(&["000123"]), para(&["机密★1年"])].concat()));
        let (status, reports) = scan(&[&m]);
        assert_eq!((status, reports[0]["format"].as_str()), (1, Some("docx")), "{ct}");
        assert_eq!(verdict(&reports[0]), "block", "{ct}");
        assert!(reports[0]["coverage"]["unread"].to_string().contains("macros"), "{:#?}", reports[0]);
        let c = write(dir.path(), "clean.bin", &docx_as(ct, &para(&[PROSE])));
        let (status, reports) = scan(&[&c]);
        assert_eq!((status, verdict(&reports[0])), (0, "pass"), "{ct}: {reports:#?}");
    }
}

#[test]
fn xlsb_needs_review_with_the_reason() {
    let dir = tempdir();
    let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>"#;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in [("[Content_Types].xml", types.as_bytes()), ("xl/workbook.bin", &b"\x83\x01\x00"[..])] {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    let p = write(dir.path(), "book.xlsb", &w.finish().unwrap().into_inner());
    let (status, reports) = scan(&[&p]);
    assert_eq!(status, 1);
    assert_eq!((reports[0]["format"].as_str(), verdict(&reports[0])), (Some("xlsb"), "review"));
    assert!(reports[0]["coverage"]["unread"].to_string().contains("XLSB"), "{:#?}", reports[0]);
}
