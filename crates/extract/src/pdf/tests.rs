//! Tests of the PDF reader on hand-made files and on the real-world corpus.
//!
//! The hand-made files are written byte by byte by [`pdf`], so each test shows exactly the
//! structure it exercises (a font dictionary, a CMap, a content stream).

use mijian_core::{Collected, Role, Unread};

use super::extract;
use crate::{Defect, ExtractError, Limits};

/// Writes a PDF whose objects are `objects` (numbered from 1; object 1 is the catalog), with a
/// correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R /Info 2 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A one-page PDF: object 3 is the page tree, 4 the page (A4) with font /F1 = object 5, and
/// `content` as its content stream (object 6). `extra` objects follow from number 7.
fn one_page(font: &str, content: &[u8], page_extra: &str, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 3 0 R >>"),
        obj("<< /Title (Test) >>"),
        obj("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        obj(&format!(
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> {page_extra} >> /Contents 6 0 R >>"
        )),
        obj(font),
        stream("", content),
    ];
    objects.extend_from_slice(extra);
    pdf(&objects)
}

fn read(bytes: &[u8]) -> Result<Collected, ExtractError> {
    let mut sink = Collected::default();
    extract(bytes, &Limits::default(), &mut sink).map(|()| sink)
}

/// The texts read as shown.
fn as_shown(c: &Collected) -> Vec<&str> {
    c.segments.iter().filter(|s| s.location.field.as_deref() == Some("as shown")).map(|s| s.text.as_str()).collect()
}

fn body(c: &Collected) -> String {
    c.segments.iter().filter(|s| s.role == Role::Body).map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// A non-embedded Type0 font with a predefined `encoding` CMap over a CID font of `ordering`.
fn type0(encoding: &str, ordering: &str) -> String {
    format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{encoding} \
         /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
         /CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement 4 >> >>] >>"
    )
}

/// The body text of a one-page file with `font` as /F1 and `content`.
fn page_body(font: &str, content: &[u8]) -> String {
    body(&read(&one_page(font, content, "", &[])).unwrap())
}

const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

#[test]
fn reads_simple_font_text_and_info() {
    let c = read(&one_page(HELVETICA, b"BT /F1 12 Tf 72 700 Td (Hello world) Tj ET", "", &[])).unwrap();
    assert_eq!(body(&c), "Hello world");
    let title = c.segments.iter().find(|s| s.role == Role::Properties).unwrap();
    assert_eq!((title.location.field.as_deref(), title.text.as_str()), (Some("Title"), "Test"));
    assert_eq!(c.coverage[0].part, "page 1");
    assert!(c.coverage.iter().all(|n| !n.needs_review));
}

#[test]
fn reads_tounicode_bfrange_arrays_and_tj_kerning() {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        1 beginbfchar <0003> <2605> endbfchar\n\
        2 beginbfrange <0001> <0002> [<673A> <5BC6>] <0010> <0011> <0031> endbfrange\n\
        endcmap end end";
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H \
                /DescendantFonts [8 0 R] /ToUnicode 7 0 R >>";
    let descendant = obj("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun \
        /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>");
    // 机密 with a small kern, ★ after a kern of a fifth of an em, then "1" (code 0x10 → U+0031).
    let content = b"BT /F1 12 Tf 72 700 Td [<0001> -20 <0002> -200 <0003> <0010>] TJ ET";
    let c = read(&one_page(font, content, "", &[stream("", cmap), descendant])).unwrap();
    assert_eq!(body(&c), "机密★1");
}

#[test]
fn reads_predefined_unicode_cmap_without_embedded_font() {
    let font = type0("UniGB-UCS2-H", "GB1");
    assert_eq!(page_body(&font, b"BT /F1 16 Tf 72 700 Td <673A5BC626050031 5E74> Tj ET"), "机密★1年");
}

#[test]
fn reads_gbk_euc_cmap() {
    // 机密★1年 in GBK: BBFA C3DC A1EF 31 C4EA.
    let font = type0("GBK-EUC-H", "GB1");
    assert_eq!(page_body(&font, b"BT /F1 16 Tf 72 700 Td <BBFAC3DCA1EF31C4EA> Tj ET"), "机密★1年");
}

#[test]
fn reads_identity_cids_of_a_non_embedded_gb1_font() {
    // Without ToUnicode, Identity-H CIDs of Adobe-GB1 go through the collection's table.
    let font = type0("Identity-H", "GB1");
    assert_eq!(page_body(&font, b"BT /F1 16 Tf 72 700 Td <00220023> Tj ET"), "AB");
}

#[test]
fn decodes_gbk_bytes_in_a_non_embedded_chinese_simple_font() {
    // BaseFont is 宋体 in GBK bytes; the codes are GBK pairs although the encoding says WinAnsi.
    let font = "<< /Type /Font /Subtype /TrueType /BaseFont /#CB#CE#CC#E5 /Encoding /WinAnsiEncoding \
                /FirstChar 32 /LastChar 255 >>";
    let c = read(&one_page(font, b"BT /F1 12 Tf 72 700 Td <BBFAC3DC20A1EF31C4EA> Tj ET", "", &[])).unwrap();
    assert_eq!(body(&c), "机密 ★1年");
}

#[test]
fn splits_header_and_footer_and_keeps_the_mark_line_together() {
    // The mark is drawn in two pieces, right piece first, near the top of the page.
    let content = b"BT /F1 10 Tf 280 810 Td (Secret) Tj ET \
                    BT /F1 12 Tf 130 700 Td (part two) Tj ET BT /F1 12 Tf 72 700 Td (Line one) Tj ET \
                    BT /F1 9 Tf 290 20 Td (- 1 -) Tj ET";
    let c = read(&one_page(HELVETICA, content, "", &[])).unwrap();
    let role = |r: Role| c.segments.iter().find(|s| s.role == r).map(|s| (s.location.part.as_str(), s.text.as_str()));
    assert_eq!(role(Role::Header), Some(("page-header", "Secret")));
    assert_eq!(role(Role::Body), Some(("page", "Line one part two")));
    assert_eq!(role(Role::Footer), Some(("page-footer", "- 1 -")));
}

#[test]
fn survives_a_form_xobject_cycle() {
    let page_extra = "/XObject << /X1 7 0 R >>";
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 7 0 R >> >>",
        b"BT /F1 12 Tf 72 700 Td (inside) Tj ET /X1 Do",
    );
    let c = read(&one_page(HELVETICA, b"/X1 Do", page_extra, &[form])).unwrap();
    assert_eq!(body(&c), "inside");
}

#[test]
fn reports_an_image_only_page_for_review() {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"\x80",
    );
    let c =
        read(&one_page(HELVETICA, b"q 595 0 0 842 0 0 cm /Im1 Do Q", "/XObject << /Im1 7 0 R >>", &[image])).unwrap();
    let note = c.coverage.iter().find(|n| n.needs_review).expect("a review note");
    assert_eq!((note.part.as_str(), note.reason.as_ref()), ("page 1", Some(&Unread::NoTextLayer)), "{note:?}");
}

#[test]
fn reports_undecodable_glyphs_for_review() {
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /Unknown /Encoding /Identity-H \
                /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown \
                /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) >> >>] >>";
    let c = read(&one_page(font, b"BT /F1 12 Tf 72 700 Td <0011001200130014001500160017> Tj ET", "", &[])).unwrap();
    let note = c.coverage.iter().find(|n| n.needs_review).expect("a review note");
    assert_eq!(note.reason, Some(Unread::UndecodableGlyphs { bad: 7, total: 7 }), "{note:?}");
}

#[test]
fn a_word_that_cannot_be_read_among_readable_text_is_reported() {
    // Codes 1 and 2 are named `g1`, `g2` (a subset font's names, no map to text), amid forty
    // readable characters: two in a row are a word nobody can read (`秘密` drawn so), one alone a
    // stray bullet.
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
                /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [1 /g1 /g2] >> >>";
    let text = "The quarterly report of the project team.";
    let page = |codes: &str| {
        let content = format!("BT /F1 12 Tf 72 700 Td ({text}) Tj 0 -20 Td {codes} Tj 0 -20 Td ({text}) Tj ET");
        read(&one_page(font, content.as_bytes(), "", &[])).unwrap()
    };
    let c = page("<0102>");
    let note = c.coverage.iter().find(|n| n.needs_review).expect("a review note");
    assert_eq!(note.reason, Some(Unread::UndecodableGlyphs { bad: 2, total: 2 + 2 * text.len() as u64 }), "{note:?}");
    // Drawn one code at a time, still a word.
    assert!(page("<01> Tj <02>").coverage.iter().any(|n| n.needs_review));
    let c = page("<01>");
    assert!(c.coverage.iter().all(|n| !n.needs_review), "{:?}", c.coverage);
}

#[test]
fn reads_annotations_xmp_outlines_and_form_fields() {
    let objects = vec![
        obj("<< /Type /Catalog /Pages 3 0 R /Metadata 7 0 R /Outlines 8 0 R /AcroForm << /Fields [10 0 R] >> >>"),
        obj("<< /Title <FEFF673A5BC6> >>"),
        obj("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Annots [6 0 R] /Contents 5 0 R >>"),
        stream("", b""),
        obj("<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents <FEFF518590E8> >>"),
        stream("/Type /Metadata /Subtype /XML", "<x:xmpmeta><dc:subject>工作秘密</dc:subject></x:xmpmeta>".as_bytes()),
        obj("<< /First 9 0 R /Last 9 0 R >>"),
        obj("<< /Title (Chapter 1) /Parent 8 0 R /Next 9 0 R >>"),
        obj("<< /FT /Tx /T (level) /V <FEFF79D85BC6> >>"),
    ];
    let c = read(&pdf(&objects)).unwrap();
    let find = |part: &str| c.segments.iter().find(|s| s.location.part == part).map(|s| (s.role, s.text.as_str()));
    assert_eq!(find("info"), Some((Role::Properties, "机密")));
    assert_eq!(find("annotation"), Some((Role::Note, "内部")));
    assert_eq!(find("xmp"), Some((Role::Properties, "工作秘密")));
    assert_eq!(find("outline"), Some((Role::Other, "Chapter 1")));
    let form = c.segments.iter().find(|s| s.location.part == "form").unwrap();
    assert_eq!((form.location.field.as_deref(), form.text.as_str()), (Some("level"), "秘密"));
}

#[test]
fn reads_scripts_once_through_chains_that_loop_and_trees_that_loop() {
    // The open action's /Next points back at itself through a second action; the JavaScript
    // name tree's kid lists its parent. Each script is read once, and the walk ends.
    let objects = vec![
        obj("<< /Type /Catalog /Pages 3 0 R /OpenAction 7 0 R /Names << /JavaScript 9 0 R >> >>"),
        obj("<< /Title (Test) >>"),
        obj("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /AA << /O 8 0 R >> >>"),
        stream("", b""),
        obj("null"),
        obj(r"<< /S /JavaScript /JS (app.alert\('\\u673a\\u5bc6'\);) /Next 8 0 R >>"),
        obj("<< /S /JavaScript /JS (var a = 'second';) /Next [7 0 R] >>"),
        obj("<< /Kids [10 0 R] >>"),
        obj("<< /Names [(init) << /S /JavaScript /JS (var t = 'from the tree';) >>] /Kids [9 0 R] >>"),
    ];
    let c = read(&pdf(&objects)).unwrap();
    let scripts: Vec<(Option<&str>, &str)> = c
        .segments
        .iter()
        .filter(|s| s.location.part == "javascript")
        .map(|s| (s.location.field.as_deref(), s.text.as_str()))
        .collect();
    assert_eq!(scripts, [(Some("document"), "from the tree"), (Some("open"), "机密"), (Some("open"), "second")]);
}

#[test]
fn reads_text_only_an_earlier_revision_holds() {
    let original = one_page(HELVETICA, b"BT /F1 12 Tf 72 700 Td (Draft marked secret) Tj ET", "", &[]);
    // An incremental update replaces the page's content stream.
    let mut file = original.clone();
    let new_content = stream("", b"BT /F1 12 Tf 72 700 Td (Clean text) Tj ET");
    let offset = file.len();
    file.extend_from_slice(b"6 0 obj\n");
    file.extend_from_slice(&new_content);
    file.extend_from_slice(b"\nendobj\n");
    let prev_xref = memchr::memmem::rfind(&original, b"xref\n0 ").unwrap();
    let xref = file.len();
    file.extend_from_slice(
        format!("xref\n6 1\n{offset:010} 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R /Info 2 0 R /Prev {prev_xref} >>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    let c = read(&file).unwrap();
    assert_eq!(body(&c), "Clean text");
    let old = c.segments.iter().find(|s| s.location.part == "earlier-revision").expect("old text");
    assert_eq!((old.text.as_str(), old.location.page), ("Draft marked secret", Some(1)));
}

#[test]
fn rejects_truncated_and_garbage_files() {
    let full = one_page(HELVETICA, b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET", "", &[]);
    for cut in [full.len() / 3, full.len() / 2, full.len() - 10] {
        match read(&full[..cut]) {
            Err(ExtractError::Corrupt { what: Defect::PdfNoEof, .. }) => {}
            other => panic!("cut at {cut}: {:?}", other.map(|c| c.segments)),
        }
    }
    assert!(matches!(
        read(b"%PDF-1.4\ngarbage\n%%EOF\n"),
        Err(ExtractError::Corrupt { what: Defect::PdfUnreadable { .. } | Defect::PdfNoObjects, .. })
    ));
}

#[test]
fn enforces_limits() {
    let full = one_page(HELVETICA, b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET", "", &[]);
    let small = Limits { max_file_bytes: 100, ..Limits::default() };
    assert!(matches!(
        extract(&full, &small, &mut Collected::default()),
        Err(ExtractError::LimitExceeded { kind: crate::LimitKind::FileBytes, .. })
    ));
    let tight = Limits { max_decompressed_bytes: 10, ..Limits::default() };
    assert!(matches!(
        extract(&full, &tight, &mut Collected::default()),
        Err(ExtractError::LimitExceeded { kind: crate::LimitKind::DecompressedBytes, limit: 10, .. })
    ));
    // A page tree with more pages than the limit is refused, not read in part.
    let three = |n: usize| {
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + i)).collect();
        let mut objects = vec![
            obj("<< /Type /Catalog /Pages 3 0 R >>"),
            obj("<< /Title (Test) >>"),
            obj(&format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" "))),
            stream("", b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"),
        ];
        for _ in 0..n {
            objects.push(obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"));
        }
        pdf(&objects)
    };
    let few_pages = Limits { max_pdf_pages: 3, ..Limits::default() };
    assert!(extract(&three(3), &few_pages, &mut Collected::default()).is_ok());
    assert!(matches!(
        extract(&three(4), &few_pages, &mut Collected::default()),
        Err(ExtractError::LimitExceeded { kind: crate::LimitKind::Pages, limit: 3, seen: 4, .. })
    ));
    // The operations of every page count against one budget for the file.
    let busy = one_page(HELVETICA, &b"q Q ".repeat(3000), "", &[]);
    let few_ops = Limits { max_operations: 5000, ..Limits::default() }.for_file(busy.len() as u64);
    assert!(matches!(
        extract(&busy, &few_ops, &mut Collected::default()),
        Err(ExtractError::LimitExceeded { kind: crate::LimitKind::Operations, limit: 5000, seen: 6000, .. })
    ));
    // Forms nested 40 deep, each a distinct object: past the depth limit.
    let mut extra = Vec::new();
    for i in 0..40 {
        let next = 7 + i + 1;
        extra.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /X {next} 0 R >> >>"),
            b"/X Do",
        ));
    }
    let deep = one_page(HELVETICA, b"/X Do", "/XObject << /X 7 0 R >>", &extra);
    assert!(matches!(
        read(&deep),
        Err(ExtractError::LimitExceeded { kind: crate::LimitKind::NestingDepth, limit: 32, seen: 33, .. })
    ));
}

fn corpus(name: &str) -> Option<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realworld/pdf").join(name);
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("SKIPPED: {} not found (the shared real-world corpus is missing)", path.display());
            None
        }
    }
}

#[test]
fn encrypted_files_open_with_an_empty_password_or_fail_as_encrypted() {
    if let Some(bytes) = corpus("pyoffice_encrypted_aes_pw123456.pdf") {
        assert!(matches!(read(&bytes), Err(ExtractError::Encrypted { .. })));
    }
    if let Some(bytes) = corpus("pyoffice_encrypted_rc4_pw123456.pdf") {
        assert!(matches!(read(&bytes), Err(ExtractError::Encrypted { .. })));
    }
    if let Some(bytes) = corpus("pdfjs_empty_protected.pdf") {
        assert!(read(&bytes).is_ok());
    }
}

/// Every real PDF is read, except the known refusals, each for its own typed reason: the reader
/// turns a panic into an error, so "no panic" alone would prove nothing.
#[test]
fn reads_the_real_world_corpus_or_refuses_the_known_files() {
    const ENCRYPTED: &[&str] = &[
        "pdfminer_aes-256-r6.pdf",
        "pdfminer_rc4-40.pdf",
        "pyoffice_encrypted_aes_pw123456.pdf",
        "pyoffice_encrypted_rc4_pw123456.pdf",
    ];
    // A PDF.js regression file whose page tree leads nowhere.
    const NO_PAGES: &str = "pdfjs_issue15590.pdf";
    let Some(dir) = crate::testing::realworld_dir("pdf") else { return };
    let entries = std::fs::read_dir(&dir).unwrap();
    let mut refused = Vec::new();
    let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "pdf")) {
        let bytes = std::fs::read(path).unwrap();
        let mut sink = Collected::default();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(&bytes, &Limits::default(), &mut sink)));
        let name = path.file_name().unwrap().to_string_lossy();
        let outcome = outcome.unwrap_or_else(|_| panic!("{name}: panicked"));
        let chars: usize = sink.segments.iter().map(|s| s.text.chars().count()).sum();
        let review: Vec<_> = sink.coverage.iter().filter(|n| n.needs_review).filter_map(|n| n.reason.clone()).collect();
        match outcome {
            Ok(()) => eprintln!("{name}: ok, {} segments, {chars} chars, review: {review:?}", sink.segments.len()),
            Err(ExtractError::Encrypted { .. }) if ENCRYPTED.contains(&name.as_ref()) => refused.push(name.to_string()),
            Err(ExtractError::Corrupt { what: Defect::PdfNoPages, .. }) if name == NO_PAGES => {
                refused.push(name.to_string())
            }
            Err(e) => panic!("{name}: {e:?}"),
        }
    }
    let mut expected: Vec<&str> = ENCRYPTED.iter().copied().chain([NO_PAGES]).collect();
    expected.sort_unstable();
    assert_eq!(refused, expected);
}

mod drawn;
mod places;

#[test]
fn a_line_cut_by_glyphs_nobody_sees_is_read_again_as_shown() {
    // UniGB-UCS2-H: two bytes per character, its UCS-2 code. 机 673A, 公 516C, 开 5F00, 密 5BC6,
    // ★ 2605, 1 0031, 年 5E74.
    let font = type0("UniGB-UCS2-H", "GB1");
    for cut in [
        "3 Tr <516C5F00> Tj 0 Tr",
        "1 g <516C5F00> Tj 0 g",
        "1 1 1 rg <516C5F00> Tj 0 0 0 rg",
        "/F1 0.5 Tf <516C5F00> Tj /F1 16 Tf",
        "0 0 0 0 k <516C5F00> Tj 0 0 0 1 k",
        "1 Tz <516C5F00> Tj 100 Tz",
    ] {
        let content = format!("BT /F1 16 Tf 72 700 Td <673A> Tj {cut} <5BC6260500315E74> Tj ET");
        let c = read(&one_page(&font, content.as_bytes(), "", &[])).unwrap();
        let shown = as_shown(&c);
        assert_eq!(shown, vec!["机密★1年"], "{cut}");
        assert!(body(&c).contains("机公开密★1年"), "{cut}: the unseen glyphs are read too");
    }
    // Glyphs the clip leaves out, or an opaque fill or picture painted after them covers (white
    // or not: what is seen is the box). 16pt glyphs: 机 at 72, 公开 at 88–120, 密 at 120.
    let xobject = "/XObject << /Im1 7 0 R >>";
    let picture = stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"\x80",
    );
    for (before, after, resources) in [
        ("q 0 0 1 1 re W n", "Q", ""),
        ("q 80 0 m 90 0 l 85 5 l h W n", "Q", ""),
        ("", "1 g 87 690 34 30 re f 0 g", ""),
        ("", "q 0 0 1 rg 87 690 34 30 re 300 300 10 10 re f Q", ""),
        ("", "q 34 0 0 30 87 690 cm /Im1 Do Q", xobject),
    ] {
        let cut = format!("ET {before} BT /F1 16 Tf 88 700 Td <516C5F00> Tj ET {after} BT /F1 16 Tf 120 700 Td");
        let content = format!("BT /F1 16 Tf 72 700 Td <673A> Tj {cut} <5BC6260500315E74> Tj ET");
        let c = read(&one_page(&font, content.as_bytes(), resources, &[picture.clone()])).unwrap();
        let shown = as_shown(&c);
        assert_eq!(shown, vec!["机密★1年"], "{before} {after}");
        assert!(body(&c).contains("机公开密★1年"), "{before} {after}: the hidden glyphs are read too");
    }
    // What does not hide: a clip that holds the glyphs, a fill that covers only part of them, a
    // half-transparent fill, a fill painted before the text, a fill of two rectangles even-odd.
    for (before, after, resources) in [
        ("q 0 0 612 792 re W n", "Q", ""),
        ("", "1 g 87 690 13 30 re f 0 g", ""),
        ("", "q /G1 gs 1 g 87 690 34 30 re f Q", "/ExtGState << /G1 << /ca 0.3 >> >>"),
        ("1 g 87 690 34 30 re f 0 g", "", ""),
        ("", "q 1 g 87 690 34 30 re 90 695 5 5 re f* Q", ""),
    ] {
        let cut = format!("ET {before} BT /F1 16 Tf 88 700 Td <516C5F00> Tj ET {after} BT /F1 16 Tf 120 700 Td");
        let content = format!("BT /F1 16 Tf 72 700 Td <673A> Tj {cut} <5BC6260500315E74> Tj ET");
        let c = read(&one_page(&font, content.as_bytes(), resources, &[])).unwrap();
        assert!(as_shown(&c).is_empty(), "{before} {after}");
    }
    // Unseen glyphs at the end of a line, a page drawn all invisible (an OCR layer), a shown
    // line: one reading.
    for content in [
        "BT /F1 16 Tf 72 700 Td <673A5BC6> Tj 3 Tr <516C5F00> Tj ET",
        "BT 3 Tr /F1 16 Tf 72 700 Td <673A> Tj <516C5F00> Tj <5BC6> Tj ET",
        "BT /F1 16 Tf 72 700 Td <673A> Tj 0.2 g <516C5F00> Tj <5BC6> Tj ET",
    ] {
        let c = read(&one_page(&font, content.as_bytes(), "", &[])).unwrap();
        assert!(c.segments.iter().all(|s| s.location.field.as_deref() != Some("as shown")), "{content}");
    }
}
