//! End-to-end tests of the PDF places issue 10 names: `/ActualText` of marked content, attached
//! files (name tree and paper-clip annotations), and text set vertically, with a vertical font or
//! one glyph per line. Each fixture is written here, object by object, so the test shows the
//! structure it proves; each marked file has a clean twin that must pass.

mod common;
mod hostile;
use common::*;
use hostile::{obj, stream};

use serde_json::Value;

/// Writes a PDF whose objects are `objects` (numbered from 1; object 1 is the catalog) with a
/// correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    hostile::pdf(objects, "")
}

/// The non-embedded Song font every Chinese PDF viewer has, addressed by UCS-2 codes; `-V` for
/// vertical writing.
fn song(direction: char) -> String {
    format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-{direction} \
         /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
    )
}

/// `s` as UCS-2 hex: the codes of [`song`], and a UTF-16BE text string with its byte-order mark.
fn ucs2(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// A one-page A4 PDF with `font` as /F1 and `content`; `catalog` and `page` are added to those
/// dictionaries, and `extra` objects are numbered from 6.
fn one_page(font: &str, content: &str, catalog: &str, page: &str, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        obj(&format!("<< /Type /Catalog /Pages 2 0 R {catalog} >>")),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> \
             /Contents 5 0 R {page} >>"
        )),
        obj(font),
        stream("", content.as_bytes()),
    ];
    objects.extend_from_slice(extra);
    pdf(&objects)
}

/// A line of body text in the middle of the page.
fn body_line(y: u32, text: &str) -> String {
    format!("BT /F1 16 Tf 72 {y} Td <{}> Tj ET\n", ucs2(text))
}

const CLEAN_LINE: &str = "关于做好政务公开工作的通知";

/// Scans `bytes` written as `name`: (exit status, report).
fn scan(name: &str, bytes: &[u8]) -> (i32, Value) {
    let dir = tempdir();
    let path = write(dir.path(), name, bytes);
    scan_json(&path, &[])
}

/// The findings as (rule, part, page, field).
fn located(report: &Value) -> Vec<(String, String, Option<u64>, Option<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = &f["location"];
            (
                f["rule"].as_str().unwrap().to_owned(),
                at["part"].as_str().unwrap().to_owned(),
                at["page"].as_u64(),
                at["field"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn assert_verdict(report: &Value, status: i32, want: (i32, &str)) {
    assert_eq!((status, report["verdict"].as_str().unwrap()), want, "{report}");
}

/// A mark only in the `/ActualText` of a span (what a reader copies), over glyphs that say
/// something harmless: block, located in `actual-text` on page 1. The twin whose ActualText
/// repeats its glyphs passes.
#[test]
fn actual_text_mark_blocks() {
    let span = |actual: &str| {
        format!(
            "/Span <</ActualText <FEFF{}> /MCID 0>> BDC {}EMC\n{}",
            ucs2(actual),
            body_line(500, "附件"),
            body_line(700, CLEAN_LINE)
        )
    };
    let (status, report) = scan("actual.pdf", &one_page(&song('H'), &span("机密★1年"), "", "", &[]));
    assert_verdict(&report, status, (1, "block"));
    assert_eq!(located(&report), [("marking.state-secret".into(), "actual-text".into(), Some(1), None)]);

    let (status, report) = scan("actual-clean.pdf", &one_page(&song('H'), &span("附件"), "", "", &[]));
    assert_verdict(&report, status, (0, "pass"));
}

/// The mark is set with a vertical CMap (`UniGB-UCS2-V`), one column: found on page 1.
#[test]
fn vertical_writing_mark_blocks() {
    let column = |text: &str| format!("BT /F1 18 Tf 500 760 Td <{}> Tj ET\n{}", ucs2(text), body_line(700, CLEAN_LINE));
    let (status, report) = scan("vertical.pdf", &one_page(&song('V'), &column("机密★1年"), "", "", &[]));
    assert_verdict(&report, status, (1, "block"));
    assert_eq!(located(&report), [("marking.state-secret".into(), "page".into(), Some(1), None)]);

    let (status, report) = scan("vertical-clean.pdf", &one_page(&song('V'), &column("政务公开"), "", "", &[]));
    assert_verdict(&report, status, (0, "pass"));
}

/// The mark is set with a horizontal font, one glyph per line down a column (a narrow text box):
/// read as the column, it blocks.
#[test]
fn glyph_per_line_column_blocks() {
    let stack = |text: &str| {
        let mut content = body_line(760, CLEAN_LINE);
        for (i, c) in text.chars().enumerate() {
            content.push_str(&format!("BT /F1 18 Tf 480 {} Td <{}> Tj ET\n", 600 - 20 * i, ucs2(&c.to_string())));
        }
        content
    };
    let (status, report) = scan("stack.pdf", &one_page(&song('H'), &stack("机密★1年"), "", "", &[]));
    assert_verdict(&report, status, (1, "block"));
    assert_eq!(located(&report), [("marking.state-secret".into(), "page".into(), Some(1), None)]);

    let (status, report) = scan("stack-clean.pdf", &one_page(&song('H'), &stack("政务公开"), "", "", &[]));
    assert_verdict(&report, status, (0, "pass"));
}

/// An attached text file carrying the mark, listed in the EmbeddedFiles name tree: the member is
/// inspected and the PDF blocks; the clean twin's attachment passes.
#[test]
fn attached_file_with_mark_blocks() {
    let file = |inner: &str| {
        let spec = format!("<< /Type /Filespec /F (notice.txt) /UF <FEFF{}> /EF << /F 7 0 R >> >>", ucs2("通知.txt"));
        one_page(
            &song('H'),
            &body_line(700, CLEAN_LINE),
            "/Names << /EmbeddedFiles << /Names [(notice.txt) 6 0 R] >> >>",
            "",
            &[obj(&spec), stream("/Type /EmbeddedFile", inner.as_bytes())],
        )
    };
    let dir = tempdir();
    let path = write(dir.path(), "attached.pdf", &file("机密★1年\n关于某项目的说明\n"));
    let run = mijian(&["scan", "--format", "json", path.to_str().unwrap()]);
    let lines = run.json();
    let by_path = |suffix: &str| lines.iter().find(|l| l["path"].as_str().unwrap().ends_with(suffix)).cloned();
    let outer = by_path("attached.pdf").expect("the PDF itself");
    assert_verdict(&outer, run.status, (1, "block"));
    assert!(outer["reasons"].to_string().contains("attached.pdf!通知.txt: block"), "{outer}");
    let inner = by_path("attached.pdf!通知.txt").expect("the attached file, named by its /UF");
    assert_eq!(located(&inner), [("marking.state-secret".into(), "text".into(), None, None)], "{inner}");

    let (status, report) = scan("attached-clean.pdf", &file("关于某项目的说明\n"));
    assert_verdict(&report, status, (0, "pass"));
    assert!(report["reasons"].as_array().is_none_or(|r| r.is_empty()), "{report}");
}

/// A paper-clip (`FileAttachment` annotation) whose description holds the mark: the attachments
/// panel shows it, so it blocks, located in `attachment` on the clip's page.
#[test]
fn attachment_description_mark_blocks() {
    let clip = |desc: &str| {
        let annot = format!(
            "<< /Type /Annot /Subtype /FileAttachment /Rect [500 700 520 720] /FS << /Type /Filespec \
             /F (a.txt) /Desc <FEFF{}> /EF << /F 7 0 R >> >> >>",
            ucs2(desc)
        );
        one_page(
            &song('H'),
            &body_line(700, CLEAN_LINE),
            "",
            "/Annots [6 0 R]",
            &[obj(&annot), stream("/Type /EmbeddedFile", "附件说明".as_bytes())],
        )
    };
    let (status, report) = scan("clip.pdf", &clip("绝密★启用前"));
    assert_verdict(&report, status, (1, "block"));
    assert_eq!(
        located(&report),
        [("marking.state-secret".into(), "attachment".into(), Some(1), Some("1 description".into()))]
    );

    let (status, report) = scan("clip-clean.pdf", &clip("会议材料"));
    assert_verdict(&report, status, (0, "pass"));
}

/// The mark runs down the right margin, one glyph at the end of each of five body lines: read as
/// a column beside the body, it blocks; the same layout with a harmless label passes.
#[test]
fn margin_column_beside_body_lines_blocks() {
    let page = |label: &str| {
        let mut content = String::new();
        for (i, c) in label.chars().enumerate() {
            let y = 600 - 20 * i;
            content.push_str(&body_line(y as u32, "为进一步加强政务公开工作"));
            content.push_str(&format!("BT /F1 16 Tf 520 {y} Td <{}> Tj ET\n", ucs2(&c.to_string())));
        }
        content
    };
    let (status, report) = scan("margin.pdf", &one_page(&song('H'), &page("机密★1年"), "", "", &[]));
    assert_verdict(&report, status, (1, "block"));
    assert_eq!(located(&report), [("marking.state-secret".into(), "page".into(), Some(1), None)]);

    let (status, report) = scan("margin-clean.pdf", &one_page(&song('H'), &page("政务公开栏"), "", "", &[]));
    assert_verdict(&report, status, (0, "pass"));
}

/// What a viewer shows outside the page content beyond its notes and properties: a script's
/// string (an alert on opening), a layer's name in the Layers panel, a page label in the
/// page-number box, a link's target on hovering, a list box's options, an annotation's rich
/// text. Each marked file blocks in its part (and field); its twin, the same file with harmless
/// text in the same place, passes.
#[test]
fn scripts_layers_labels_links_options_and_rich_text_are_read() {
    let text = |s: &str| format!("<FEFF{}>", ucs2(s));
    // A JavaScript string with the mark written as \u escapes (`\\` is one backslash in a PDF
    // literal string).
    let js = |s: &str| {
        let escaped: String = s.chars().map(|c| format!("\\\\u{:04x}", c as u32)).collect();
        format!("/OpenAction << /S /JavaScript /JS (app.alert\\(\"{escaped}\"\\);) >>")
    };
    let uri = |s: &str| {
        let escaped: String = s.bytes().map(|b| format!("%{b:02X}")).collect();
        format!("/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (http://x.gov.cn/{escaped}) >> >>]")
    };
    let options =
        |s: &str| format!("/AcroForm << /Fields [<< /FT /Ch /Ff 131072 /T (level) /Opt [{} (x)] >>] >>", text(s));
    let rich = |s: &str| {
        format!("/Annots [<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /RC (<body><p>{s}</p></body>) >>]")
    };
    // (name, part, field): where each place's mark must be found.
    let places = [
        ("js", "javascript", Some("open")),
        ("layer", "layers", None),
        ("label", "page labels", None),
        ("link", "link", Some("URI")),
        ("options", "form", Some("level (options)")),
        ("rich", "annotation", Some("Text")),
    ];
    // The (catalog, page) entries that put `s` in the place `name`.
    let place = |name: &str, s: &str| -> (String, String) {
        match name {
            "js" => (js(s), String::new()),
            "layer" => (format!("/OCProperties << /OCGs [<< /Type /OCG /Name {} >>] >>", text(s)), String::new()),
            "label" => (format!("/PageLabels << /Nums [0 << /P {} >>] >>", text(s)), String::new()),
            "link" => (String::new(), uri(s)),
            "options" => (options(s), String::new()),
            _ => (String::new(), rich(s)),
        }
    };
    let content = body_line(700, CLEAN_LINE);
    for (name, part, field) in places {
        let (catalog, page) = place(name, "机密★1年");
        let (status, report) = scan(&format!("{name}.pdf"), &one_page(&song('H'), &content, &catalog, &page, &[]));
        assert_verdict(&report, status, (1, "block"));
        let found = located(&report);
        assert!(
            found.iter().any(|(rule, p, _, f)| rule == "marking.state-secret" && p == part && f.as_deref() == field),
            "{name}: {found:?}"
        );
        let (catalog, page) = place(name, "工作通知");
        let (status, report) =
            scan(&format!("{name}-clean.pdf"), &one_page(&song('H'), &content, &catalog, &page, &[]));
        assert_verdict(&report, status, (0, "pass"));
    }
}

/// A word drawn in a Type 3 font whose glyphs are named `g1`…`g4` and that has no map to text
/// (codes 1–4, below the printable range): what it says cannot be read, so the file asks for
/// review and never passes (it passed as an empty page: codes below 0x20 were taken for controls).
#[test]
fn a_word_in_a_font_without_a_map_to_text_is_not_passed() {
    let objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
        stream("", b"BT /F1 24 Tf 72 700 Td <01020304> Tj ET"),
        obj("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] \
             /CharProcs << /g1 6 0 R /g2 6 0 R /g3 6 0 R /g4 6 0 R >> \
             /Encoding << /Type /Encoding /Differences [1 /g1 /g2 /g3 /g4] >> /FirstChar 1 /LastChar 4 /Widths [500 500 500 500] >>"),
        stream("", b"0 0 d0 0 0 m 500 0 l 500 700 l 0 700 l h f"),
    ];
    let dir = tempdir();
    let p = write(dir.path(), "type3.pdf", &hostile::pdf(&objects, ""));
    let (_, report) = scan_json(&p, &[]);
    assert_eq!(report["verdict"], "review", "{report}");
    let unread = report["coverage"]["unread"].as_array().unwrap();
    assert!(unread.iter().any(|u| u["part"] == "page 1"), "{report}");
}

/// An embedded TrueType font whose glyphs 1–5 draw `draws` then ★ 1 年, shown as Identity-H
/// codes 1–5, with `/ToUnicode` saying `said` (UTF-16BE hex) for the first two codes and the
/// truth for the others.
fn drawn_mark(draws: [char; 2], said: [&str; 2]) -> Vec<u8> {
    let program = truetype(&[(draws[0], 1), (draws[1], 2), ('★', 3), ('1', 4), ('年', 5)]);
    let entries: String = said
        .iter()
        .chain(&["2605", "0031", "5E74"])
        .enumerate()
        .map(|(i, u)| format!("<{:04X}> <{u}>\n", i + 1))
        .collect();
    let to_unicode = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n5 beginbfchar\n{entries}endbfchar\nendcmap end end"
    );
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Drawn /Encoding /Identity-H \
                /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Drawn \
                /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Drawn /Flags 4 /FontFile2 7 0 R >> >>] \
                /ToUnicode 6 0 R >>";
    let content = "BT /F1 16 Tf 72 700 Td <00010002000300040005> Tj ET";
    one_page(font, content, "", "", &[stream("", to_unicode.as_bytes()), stream("", &program)])
}

/// The page draws 机密★1年 while its text layer (`/ToUnicode`, what pdftotext, search and copy
/// give) says 甲乙★1年, or nothing for the two ideographs: block, found in the page read as
/// drawn. The twin whose text layer says what is drawn blocks in the page itself, read once;
/// the twin whose font draws 甲乙 (text layer and glyphs agreeing) passes.
#[test]
fn a_mark_the_font_draws_under_another_text_layer_blocks() {
    for (name, said) in [("lying.pdf", ["7532", "4E59"]), ("silent.pdf", ["0001", "0001"])] {
        let (status, report) = scan(name, &drawn_mark(['机', '密'], said));
        assert_verdict(&report, status, (1, "block"));
        assert_eq!(
            located(&report),
            [("marking.state-secret".into(), "page".into(), Some(1), Some("as drawn".into()))],
            "{name}"
        );
    }
    let (status, report) = scan("honest.pdf", &drawn_mark(['机', '密'], ["673A", "5BC6"]));
    assert_verdict(&report, status, (1, "block"));
    assert_eq!(located(&report), [("marking.state-secret".into(), "page".into(), Some(1), None)]);

    let (status, report) = scan("clean.pdf", &drawn_mark(['甲', '乙'], ["7532", "4E59"]));
    assert_verdict(&report, status, (0, "pass"));
}

/// The Adobe-GB1 CIDs of 机 密 ★ 1 年 甲 乙 (Adobe's UniGB-UTF32-H inverted).
const GB1: [(char, u16); 7] =
    [('机', 2063), ('密', 2785), ('★', 174), ('1', 18), ('年', 2893), ('甲', 2122), ('乙', 4185)];

fn gb1_cid(c: char) -> u16 {
    GB1.iter().find(|(k, _)| *k == c).unwrap().1
}

/// Two pages: page 1 a clean line in the Song font everyone has, page 2 `draws` then ★1年 in an
/// embedded CID-keyed CFF font of Adobe-GB1 (`/FontFile3 /Subtype /CIDFontType0C`, glyphs
/// addressed by CID as a CJK OpenType font embeds in Acrobat's output), shown by Identity-H
/// codes, with a `/ToUnicode` saying `said` for the first two and the truth for the rest.
fn cff_drawn_mark(draws: [char; 2], said: [char; 2]) -> Vec<u8> {
    let shown = [draws[0], draws[1], '★', '1', '年'];
    let program = cff::cid_keyed("GB1", &shown.map(gb1_cid));
    let entries: String = said
        .iter()
        .chain(&['★', '1', '年'])
        .zip(shown)
        .map(|(text, drawn)| format!("<{:04X}> <{}>\n", gb1_cid(drawn), ucs2(&text.to_string())))
        .collect();
    let to_unicode = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n5 beginbfchar\n{entries}endbfchar\nendcmap end end"
    );
    let content: String = shown.iter().map(|c| format!("{:04X}", gb1_cid(*c))).collect();
    let page = |font: u32, content: u32| {
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> \
             /Contents {content} 0 R >>"
        ))
    };
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"),
        page(5, 6),
        page(7, 8),
        obj(&song('H')),
        stream("", body_line(700, CLEAN_LINE).as_bytes()),
        obj("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+AdobeSongStd /Encoding /Identity-H \
             /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+AdobeSongStd \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 \
             /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+AdobeSongStd /Flags 4 /FontFile3 10 0 R >> >>] \
             /ToUnicode 9 0 R >>"),
        stream("", format!("BT /F1 16 Tf 72 700 Td <{content}> Tj ET").as_bytes()),
        stream("", to_unicode.as_bytes()),
        stream("/Subtype /CIDFontType0C", &program),
    ])
}

/// The same attack with CFF outlines: page 2 draws 机密★1年 by CID in an embedded CFF font of
/// Adobe-GB1 while its text layer says 甲乙★1年, or nothing for the two ideographs (`0001`
/// reads as a control code): block, found on page 2 read as drawn. The honest twin blocks once,
/// in the page itself; the twin whose font draws 甲乙 passes.
#[test]
fn a_mark_a_cff_font_draws_under_another_text_layer_blocks() {
    for (name, said) in [("lying.pdf", ['甲', '乙']), ("silent.pdf", ['\u{1}', '\u{1}'])] {
        let (status, report) = scan(name, &cff_drawn_mark(['机', '密'], said));
        assert_verdict(&report, status, (1, "block"));
        assert_eq!(
            located(&report),
            [("marking.state-secret".into(), "page".into(), Some(2), Some("as drawn".into()))],
            "{name}"
        );
    }
    let (status, report) = scan("honest.pdf", &cff_drawn_mark(['机', '密'], ['机', '密']));
    assert_verdict(&report, status, (1, "block"));
    assert_eq!(located(&report), [("marking.state-secret".into(), "page".into(), Some(2), None)]);

    let (status, report) = scan("clean.pdf", &cff_drawn_mark(['甲', '乙'], ['甲', '乙']));
    assert_verdict(&report, status, (0, "pass"));
}

/// Glyphs a viewer does not show because the page's drawing hides them: clipped away, or under
/// an opaque box painted after them (a white box, a black bar, a picture). `机`, the hidden
/// `公开`, then `密★1年` on one line show `机密★1年`: the file blocks with the line read as shown
/// (the hidden glyphs are read too, in the body). The twins cut `会议` from `纪要` the same way
/// and pass; a box painted before the text, or one that leaves the glyphs half seen, hides
/// nothing.
#[test]
fn a_mark_cut_by_glyphs_the_drawing_hides_blocks_as_shown() {
    // 16pt glyphs: the first word at 72, the hidden `公开` at 88–120, the rest from 120.
    let line = |first: &str, before: &str, after: &str, rest: &str| {
        format!(
            "BT /F1 16 Tf 72 700 Td <{}> Tj ET {before} BT /F1 16 Tf 88 700 Td <{}> Tj ET {after} \
             BT /F1 16 Tf {} 700 Td <{}> Tj ET\n{}",
            ucs2(first),
            ucs2("公开"),
            72 + 16 * first.chars().count().max(1) + 32,
            ucs2(rest),
            body_line(600, CLEAN_LINE)
        )
    };
    let hiding = [
        ("clipped", "q 0 0 10 10 re W n", "Q"),
        ("white box", "", "q 1 1 1 rg 87 690 34 30 re f Q"),
        ("black bar", "", "q 0 g 87 690 34 30 re f Q"),
    ];
    for (what, before, after) in hiding {
        let (status, r) = scan("cut.pdf", &one_page(&song('H'), &line("机", before, after, "密★1年"), "", "", &[]));
        assert_verdict(&r, status, (1, "block"));
        assert!(
            located(&r).iter().any(|(rule, _, page, field)| rule == "marking.state-secret"
                && *page == Some(1)
                && field.as_deref() == Some("as shown")),
            "{what}: {r}"
        );
        let (status, r) = scan("clean.pdf", &one_page(&song('H'), &line("会", before, after, "议纪要"), "", "", &[]));
        assert_verdict(&r, status, (0, "pass"));
    }
    for (what, before, after) in [
        ("box before the text", "q 1 g 87 690 34 30 re f Q", ""),
        ("box over half a glyph", "", "q 1 g 87 690 8 30 re f Q"),
        ("clip that holds the line", "q 0 0 595 842 re W n", "Q"),
    ] {
        let (status, r) = scan("seen.pdf", &one_page(&song('H'), &line("机", before, after, "密★1年"), "", "", &[]));
        assert_verdict(&r, status, (0, "pass"));
        assert!(r["findings"].as_array().unwrap().is_empty(), "{what}: {r}");
    }
}
