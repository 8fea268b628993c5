//! Places outside the plain glyph layer (issue 10): marked-content replacement texts, attached
//! files, vertical writing.

use mijian_core::Role;

use super::{body, obj, one_page, pdf, read, stream, HELVETICA};

/// UTF-16BE with a byte-order mark, as hex, for PDF text strings.
fn utf16(s: &str) -> String {
    let mut hex = String::from("FEFF");
    for unit in s.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex
}

#[test]
fn reads_actual_text_inline_and_from_the_resources_without_repeating_the_glyphs() {
    let content = format!(
        "/Span <</ActualText <{}>>> BDC BT /F1 12 Tf 72 700 Td (XXXX) Tj ET EMC \
         /Span <</ActualText (Public notice)>> BDC BT /F1 12 Tf 72 680 Td (Public notice) Tj ET EMC \
         /Figure /MC0 BDC EMC",
        utf16("机密★1年")
    );
    let page_extra = "/Properties << /MC0 << /Alt (Seal of the office) >> >>";
    let c = read(&one_page(HELVETICA, content.as_bytes(), page_extra, &[])).unwrap();
    assert_eq!(body(&c).lines().collect::<Vec<_>>(), ["XXXX", "Public notice", "机密★1年"]);
    let part = |p: &str| {
        c.segments
            .iter()
            .filter(|s| s.location.part == p)
            .map(|s| (s.role, s.location.page, s.text.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(part("actual-text"), [(Role::Body, Some(1), "机密★1年")], "the repeated ActualText is dropped");
    assert_eq!(part("alt-text"), [(Role::Other, Some(1), "Seal of the office")]);
}

#[test]
fn hands_attached_files_to_the_sink_once_with_their_names_and_descriptions() {
    let inner = b"\xE6\x9C\xBA\xE5\xAF\x86\xE2\x98\x85\x31\xE5\xB9\xB4"; // 机密★1年 in UTF-8
    let objects = vec![
        obj("<< /Type /Catalog /Pages 3 0 R /Names << /EmbeddedFiles 8 0 R >> >>"),
        obj("<< /Title (Attachments) >>"),
        obj("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Annots [10 0 R 11 0 R] /Contents 5 0 R >>"),
        stream("", b""),
        obj(&format!("<< /Type /Filespec /F (a.txt) /UF <{}> /Desc <{}> /EF << /F 7 0 R >> >>", utf16("附件一.txt"), utf16("内部"))),
        stream("/Type /EmbeddedFile", inner),
        // A name tree with an intermediate node, and a kid listed twice (a loop must not hurt).
        obj("<< /Kids [9 0 R 9 0 R] >>"),
        obj("<< /Limits [(a) (b)] /Names [(a.txt) 6 0 R] >>"),
        // The same file pinned on the page (read once), and a second one only pinned there.
        obj("<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 6 0 R >>"),
        obj("<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS << /Type /Filespec /F (b.bin) /EF << /F 12 0 R >> >> >>"),
        stream("/Type /EmbeddedFile /Filter /FlateDecode", &zlib(b"second file")),
    ];
    let c = read(&pdf(&objects)).unwrap();
    let members: Vec<(&str, &[u8])> = c.members.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    assert_eq!(members, [("附件一.txt", inner.as_slice()), ("b.bin", b"second file".as_slice())]);
    let texts: Vec<_> = c
        .segments
        .iter()
        .filter(|s| s.location.part == "attachment")
        .map(|s| (s.location.field.as_deref().unwrap(), s.location.page, s.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [("1 name", None, "附件一.txt\na.txt"), ("1 description", None, "内部"), ("2 name", Some(1), "b.bin")]
    );
    assert!(c.coverage.iter().all(|n| !n.needs_review), "{:?}", c.coverage);
}

#[test]
fn an_attached_file_that_cannot_be_decoded_needs_review() {
    let objects = vec![
        obj("<< /Type /Catalog /Pages 3 0 R /Names << /EmbeddedFiles << /Names [(x) 6 0 R] >> >> /Collection << /View /D /Schema << /Subject << /N (Classification) /O 1 >> >> >> >>"),
        obj("<< >>"),
        obj("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>"),
        stream("", b""),
        obj("<< /Type /Filespec /F (x.doc) /EF << /F 7 0 R >> /CI << /Subject (Budget) >> >>"),
        stream("/Type /EmbeddedFile /Filter /NoSuchFilter", b"opaque bytes"),
    ];
    let c = read(&pdf(&objects)).unwrap();
    assert!(c.members.is_empty());
    assert!(c.coverage.iter().any(|n| n.part == "attachment 1" && n.needs_review), "{:?}", c.coverage);
    let item = c.segments.iter().find(|s| s.location.field.as_deref() == Some("1 item")).unwrap();
    assert_eq!(item.text, "Budget");
    let columns = c.segments.iter().find(|s| s.location.field.as_deref() == Some("portfolio columns")).unwrap();
    assert_eq!(columns.text, "Classification");
}

#[test]
fn reads_identity_v_text_down_the_columns_right_to_left() {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        5 beginbfchar <0001> <673A> <0002> <5BC6> <0003> <2605> <0004> <0031> <0005> <5E74> endbfchar\n\
        endcmap end end";
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-V \
                /DescendantFonts [8 0 R] /ToUnicode 7 0 R >>";
    let descendant = obj("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun \
        /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>");
    // Right column: 机密★; left column: 1年.
    let content = b"BT /F1 16 Tf 300 700 Td <000100020003> Tj ET BT /F1 16 Tf 270 700 Td <00040005> Tj ET";
    let c = read(&one_page(font, content, "", &[stream("", cmap), descendant])).unwrap();
    assert_eq!(body(&c), "机密★\n1年");
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn reads_the_structure_tree_alt_and_actual_text_that_the_page_does_not_show() {
    let objects = vec![
        obj("<< /Type /Catalog /Pages 3 0 R /StructTreeRoot 7 0 R /MarkInfo << /Marked true >> >>"),
        obj("<< >>"),
        obj("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>"),
        obj(HELVETICA),
        stream("", b"BT /F1 12 Tf 72 700 Td (Public notice) Tj ET"),
        obj("<< /Type /StructTreeRoot /K [8 0 R 9 0 R] >>"),
        // A paragraph whose ActualText repeats the page (dropped), and which lists itself as a
        // kid (a loop must not hang).
        obj("<< /Type /StructElem /S /P /ActualText (Public  notice) /K [8 0 R 0] >>"),
        obj(&format!("<< /Type /StructElem /S /Figure /Alt <{}> /K [10 0 R] >>", utf16("印章：机密")),),
        obj("<< /Type /StructElem /S /Span /E (Top Secret) /Alt <FEFF> >>"),
    ];
    let c = read(&pdf(&objects)).unwrap();
    let part = |p: &str| {
        c.segments
            .iter()
            .filter(|s| s.location.part == p)
            .map(|s| (s.role, s.location.field.as_deref(), s.text.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(part("actual-text"), [(Role::Other, Some("structure"), "Top Secret")]);
    assert_eq!(part("alt-text"), [(Role::Other, Some("structure"), "印章：机密")]);
}

#[test]
fn reads_a_file_attached_only_in_an_earlier_revision() {
    let objects = vec![
        obj("<< /Type /Catalog /Pages 3 0 R /Names << /EmbeddedFiles << /Names [(old.txt) 6 0 R] >> >> >>"),
        obj("<< >>"),
        obj("<< /Type /Pages /Kids [4 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>"),
        stream("", b""),
        obj("<< /Type /Filespec /F (old.txt) /EF << /F 7 0 R >> >>"),
        stream("/Type /EmbeddedFile", b"removed before publication"),
    ];
    let original = pdf(&objects);
    // An incremental update replacing object `number` with `body`.
    let update = |number: u32, body: &str| {
        let mut file = original.clone();
        let offset = file.len();
        file.extend_from_slice(format!("{number} 0 obj\n{body}\nendobj\n").as_bytes());
        let prev_xref = memchr::memmem::rfind(&original, b"xref\n0 ").unwrap();
        let xref = file.len();
        let trailer = format!(
            "xref\n{number} 1\n{offset:010} 00000 n \ntrailer\n<< /Size 8 /Root 1 0 R /Prev {prev_xref} >>\n\
             startxref\n{xref}\n%%EOF\n"
        );
        file.extend_from_slice(trailer.as_bytes());
        file
    };
    // The new catalog lists no attachment: the old one is still read, named by its revision.
    let c = read(&update(1, "<< /Type /Catalog /Pages 3 0 R >>")).unwrap();
    let members: Vec<(&str, &[u8])> = c.members.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    assert_eq!(members, [("revision 1/old.txt", b"removed before publication".as_slice())]);

    // Attached in both revisions: read once, as the current revision's.
    let c = read(&update(2, "<< /Title (v2) >>")).unwrap();
    let names: Vec<&str> = c.members.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["old.txt"]);
}

#[test]
fn glyphs_without_a_unicode_map_under_actual_text_are_read_from_it() {
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /Unknown /Encoding /Identity-H \
                /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown \
                /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) >> >>] >>";
    let shown = "BT /F1 12 Tf 72 700 Td <0011001200130014001500160017> Tj ET";
    let covered = format!("/Span <</ActualText <{}>>> BDC {shown} EMC", utf16("关于政务公开的通知"));
    let c = read(&one_page(font, covered.as_bytes(), "", &[])).unwrap();
    assert_eq!(body(&c), "关于政务公开的通知");
    assert!(c.coverage.iter().all(|n| !n.needs_review), "the ActualText says what they are: {:?}", c.coverage);

    // Without it, the same glyphs are unreadable.
    let c = read(&one_page(font, shown.as_bytes(), "", &[])).unwrap();
    assert!(c.coverage.iter().any(|n| n.needs_review), "{:?}", c.coverage);
}
