//! End-to-end tests of the places inside DOCX, XLSX, PPTX and OFD that a viewer shows or a click
//! reaches, beyond paragraphs and cells (issue 10): each marked file blocks at the right place,
//! and its clean twin passes.

mod common;
use common::*;

use std::io::Write;
use std::path::PathBuf;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A ZIP of (name, content) entries.
fn package(entries: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// A DOCX with `body`, the document's relationships `rels` (inner XML) and `extra` parts.
fn word(body: &str, rels: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let mut entries = vec![
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
            ),
        ),
        (
            "word/document.xml",
            format!(r#"<w:document xmlns:w="{W}" xmlns:r="{REL}"><w:body>{body}</w:body></w:document>"#),
        ),
        ("word/_rels/document.xml.rels", format!(r#"<Relationships xmlns="{RELS}">{rels}</Relationships>"#)),
    ];
    entries.extend(extra.iter().cloned());
    package(&entries)
}

/// Scans `bytes` saved as `name` (with `extra` arguments): the report.
fn scan(name: &str, bytes: &[u8], extra: &[&str]) -> serde_json::Value {
    let dir = tempdir();
    let path: PathBuf = write(dir.path(), name, bytes);
    scan_json(&path, extra).1
}

fn wingdings_run(text: &str) -> String {
    format!(r#"<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>{text}</w:t></w:r>"#)
}

#[test]
fn docx_wingdings_star_and_symbol_make_a_mark() {
    let run = |t: &str| format!("<w:r><w:t>{t}</w:t></w:r>");
    // The star as a private-use character of a Wingdings run, and as a w:sym element.
    let marked = word(
        &format!(
            r#"<w:p>{}{}{}</w:p><w:p>{}<w:r><w:sym w:font="Wingdings" w:char="F0AB"/></w:r>{}</w:p>"#,
            run("机密"),
            wingdings_run("\u{F0AB}"),
            run("1年"),
            run("秘密"),
            run("6个月")
        ),
        "",
        &[],
    );
    let report = scan("symbols.docx", &marked, &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    let p = places(&report);
    assert_eq!(p.iter().filter(|x| x.0 == "marking.state-secret" && x.1 == "word/document.xml").count(), 2, "{p:?}");
    // The same glyph between ordinary words is no mark.
    let clean = word(&format!("<w:p>{}{}{}</w:p>", run("重点"), wingdings_run("\u{F0AB}"), run("工作")), "", &[]);
    assert_eq!(scan("clean.docx", &clean, &[])["verdict"], "pass");
}

/// A document whose content control is bound to `value` in a custom XML part, with a harmless
/// cached text.
fn bound(value: &str) -> Vec<u8> {
    let id = "{1B2C3D4E-0000-4000-8000-000000000001}";
    let body = format!(
        r#"<w:sdt><w:sdtPr><w:dataBinding w:prefixMappings="xmlns:ns0='urn:gw'" w:xpath="/ns0:form[1]/ns0:level[1]" w:storeItemID="{id}"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>单击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt>{}"#,
        para(&[PROSE])
    );
    word(
        &body,
        "",
        &[
            (
                "customXml/item1.xml",
                format!(r#"<ns0:form xmlns:ns0="urn:gw"><ns0:level>{value}</ns0:level></ns0:form>"#),
            ),
            (
                "customXml/itemProps1.xml",
                format!(
                    r#"<ds:datastoreItem ds:itemID="{id}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>"#
                ),
            ),
        ],
    )
}

#[test]
fn docx_bound_content_control_shows_its_data() {
    let report = scan("bound.docx", &bound("机密★1年"), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    let f = &report["findings"][0];
    assert_eq!(f["location"]["part"], "word/document.xml");
    assert_eq!(f["location"]["paragraph"], 1, "{f}");
    assert_eq!(scan("bound-clean.docx", &bound("公开"), &[])["verdict"], "pass");
}

#[test]
fn docx_document_variables_hyperlinks_and_people() {
    let settings = |v: &str| {
        format!(r#"<w:settings xmlns:w="{W}"><w:docVars><w:docVar w:name="mj" w:val="{v}"/></w:docVars></w:settings>"#)
    };
    let report = scan("vars.docx", &word(&para(&[PROSE]), "", &[("word/settings.xml", settings("绝密★启用前"))]), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert!(places(&report).contains(&(
        "marking.state-secret".into(),
        "word/settings.xml".into(),
        Some("docVar".into())
    )));
    let clean = word(&para(&[PROSE]), "", &[("word/settings.xml", settings("张三"))]);
    assert_eq!(scan("vars-clean.docx", &clean, &[])["verdict"], "pass");

    // A hyperlink whose target (percent-escaped) names a protected project, and a comment
    // author in people.xml who does.
    let dir = tempdir();
    let dict = write(dir.path(), "dict.txt", "紫电计划\t机密\n".as_bytes());
    let dict = dict.to_str().unwrap();
    let link =
        format!(r#"<w:p><w:hyperlink r:id="rId9"><w:r><w:t>详情</w:t></w:r></w:hyperlink></w:p>{}"#, para(&[PROSE]));
    let rels = format!(
        r#"<Relationship Id="rId9" Type="{REL}/hyperlink" Target="http://example.gov.cn/%E7%B4%AB%E7%94%B5%E8%AE%A1%E5%88%92/" TargetMode="External"/>"#
    );
    let report = scan("link.docx", &word(&link, &rels, &[]), &["--dict", dict]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert_eq!(places(&report)[0].2.as_deref(), Some("hyperlink"), "{report}");
    let people = r#"<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="紫电计划组"/></w15:people>"#;
    let report =
        scan("people.docx", &word(&para(&[PROSE]), "", &[("word/people.xml", people.into())]), &["--dict", dict]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert_eq!(places(&report)[0].1, "word/people.xml");
    // A relationship no paragraph uses is in the published file all the same (as an unlinked
    // header is): its target is read too, at the part whose relationship it is.
    let report = scan("orphan.docx", &word(&para(&[PROSE]), &rels, &[]), &["--dict", dict]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert_eq!(places(&report)[0], ("dict.txt:1".into(), "word/document.xml".into(), Some("hyperlink".into())));
    assert_eq!(scan("plain.docx", &word(&para(&[PROSE]), "", &[]), &["--dict", dict])["verdict"], "pass");
}

/// A one-sheet workbook: a defined name with `constant`, the custom format `format` on cell A1
/// (whose shared string is `1年`), the formula `formula` in B2 without a cached value, and a
/// list validation offering `items`.
fn workbook(constant: &str, format: &str, formula: &str, items: &str) -> Vec<u8> {
    let esc = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let names = format!(r#"<definedNames><definedName name="代号">{}</definedName></definedNames>"#, esc(constant));
    let relations = format!(
        r#"<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>"#
    );
    let mut parts = book_frame("表", &names, &relations);
    parts.extend([
        ("xl/sharedStrings.xml", r#"<sst xmlns="x"><si><t>1年</t></si></sst>"#.to_owned()),
        (
            "xl/styles.xml",
            format!(
                r#"<styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="164" formatCode="{}"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#,
                esc(format)
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s" s="1"><v>0</v></c></row><row r="2"><c r="B2" t="str"><f>{}</f></c></row></sheetData><dataValidations count="1"><dataValidation type="list" sqref="C3" promptTitle="请选择"><formula1>{}</formula1></dataValidation></dataValidations></worksheet>"#,
                esc(formula),
                esc(items)
            ),
        ),
    ]);
    package(&parts)
}

/// What every one-sheet workbook of these tests holds: content types, the package's relationship
/// to `xl/workbook.xml`, the workbook (its one sheet named `sheet`, then `workbook_tail`) and the
/// workbook's relationships (to `worksheets/sheet1.xml`, then `relations`, inner XML).
fn book_frame(sheet: &str, workbook_tail: &str, relations: &str) -> Vec<(&'static str, String)> {
    const X: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    vec![
        ("[Content_Types].xml", "<Types/>".to_owned()),
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook {X}><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets>{workbook_tail}</workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{relations}</Relationships>"#
            ),
        ),
    ]
}

#[test]
fn xlsx_names_formats_formulas_and_validations() {
    let clean = ("\"公开\"", "\"期限：\"@", "\"公开\"&\"发布\"", "\"是,否\"");
    let sheet = "xl/worksheets/sheet1.xml";
    let cases = [
        (("\"绝密★长期\"", clean.1, clean.2, clean.3), "xl/workbook.xml", Some("name")),
        ((clean.0, "\"机密★\"@", clean.2, clean.3), sheet, None),
        ((clean.0, clean.1, "\"绝密\"&\"★启用前\"", clean.3), sheet, Some("formula B2")),
        ((clean.0, clean.1, clean.2, "\"秘密★6个月,公开\""), sheet, Some("validation")),
    ];
    for ((constant, format, formula, items), part, field) in cases {
        let report = scan("places.xlsx", &workbook(constant, format, formula, items), &[]);
        assert_eq!(report["verdict"], "block", "{constant} {format} {formula} {items}: {report}");
        let p = places(&report);
        assert!(
            p.iter().any(|(rule, pt, fd)| rule == "marking.state-secret" && pt == part && fd.as_deref() == field),
            "{p:?}"
        );
    }
    let report = scan("clean.xlsx", &workbook(clean.0, clean.1, clean.2, clean.3), &[]);
    assert_eq!(report["verdict"], "pass", "{report}");
    // The clean twin's places are read all the same.
    let dir = tempdir();
    let path = write(dir.path(), "clean.xlsx", &workbook(clean.0, clean.1, clean.2, clean.3));
    let run = mijian(&["extract", "--format", "json", path.to_str().unwrap()]);
    let texts: Vec<String> = run.json().iter().map(|l| l["text"].as_str().unwrap_or("").to_owned()).collect();
    for expected in ["代号", "公开", "期限：1年", "公开发布", "请选择", "是,否"] {
        assert!(texts.iter().any(|t| t == expected), "{expected} not in {texts:?}");
    }
}

/// A one-sheet workbook whose cell A2 holds the number 1 under a conditional format (a
/// classic rule naming `dxfs/dxf` 0 when `x14` is false, else an Excel 2010 rule in the sheet's
/// extension list with its format inline) whose number format is `format`; B3's cell style
/// (`cellStyleXfs`) has the format `style`, its cell format none of its own.
fn conditional_workbook(format: &str, x14: bool, style: &str) -> Vec<u8> {
    let esc = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let (dxfs, rules) = if x14 {
        (
            String::new(),
            format!(
                r#"<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="expression" priority="1" id="{{00000000-0000-0000-0000-000000000001}}"><xm:f>$A$2&gt;0</xm:f><x14:dxf><numFmt numFmtId="200" formatCode="{}"/></x14:dxf></x14:cfRule><xm:sqref>A2</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"#,
                esc(format)
            ),
        )
    } else {
        (
            format!(r#"<dxfs count="1"><dxf><numFmt numFmtId="200" formatCode="{}"/></dxf></dxfs>"#, esc(format)),
            r#"<conditionalFormatting sqref="A1:A5"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>"#.to_owned(),
        )
    };
    let mut parts =
        book_frame("表", "", &format!(r#"<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>"#));
    parts.extend([
        (
            "xl/styles.xml",
            format!(
                r#"<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{}"/></numFmts><cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="0" xfId="1" applyNumberFormat="0"/></cellXfs>{dxfs}</styleSheet>"#,
                esc(style)
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>年度统计</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="B3" s="1"><v>2</v></c></row></sheetData>{rules}</worksheet>"#
            ),
        ),
    ]);
    package(&parts)
}

/// A mark that only a number format shows (the cells store numbers) is found at the cell that
/// shows it, whether the format comes from a conditional format (classic, or an Excel 2010 rule
/// whose format is written inline in the sheet) or from a cell style; its text is also read in
/// the styles part where the workbook defines it. The twins whose formats print `件` pass.
#[test]
fn xlsx_marks_shown_by_conditional_and_style_number_formats() {
    let cell = |report: &serde_json::Value| -> Vec<(String, String, u64, u64)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["location"]["field"].is_null())
            .map(|f| {
                let l = &f["location"];
                let n = |k: &str| l[k].as_u64().unwrap_or(0);
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    l["part"].as_str().unwrap().to_owned(),
                    n("paragraph"),
                    n("column"),
                )
            })
            .collect()
    };
    let sheet = "xl/worksheets/sheet1.xml".to_owned();
    let secret = "marking.state-secret".to_owned();
    for x14 in [false, true] {
        let report = scan("cf.xlsx", &conditional_workbook("[<0]0;\"机密★\"0\"年\"", x14, "0\"件\""), &[]);
        assert_eq!(report["verdict"], "block", "x14 {x14}: {report}");
        assert_eq!(cell(&report), [(secret.clone(), sheet.clone(), 2, 1)], "at A2, x14 {x14}");
        if !x14 {
            assert!(places(&report).contains(&(
                secret.clone(),
                "xl/styles.xml".into(),
                Some("conditional number format".into())
            )));
        }
        let clean = scan("cf.xlsx", &conditional_workbook("0\"件\"", x14, "0\"件\""), &[]);
        assert_eq!(clean["verdict"], "pass", "x14 {x14}: {clean}");
    }
    let report = scan("style.xlsx", &conditional_workbook("0\"件\"", false, "\"绝密★启用前\""), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert_eq!(cell(&report), [(secret.clone(), sheet, 3, 1)], "at B3 (row 3, its first character)");
    assert!(places(&report).contains(&(secret, "xl/styles.xml".into(), Some("number format".into()))));
}

/// A one-slide presentation: a section named `section`, a custom show named `show`, a text box
/// of prose and a picture whose alternative text is `alt`.
fn deck(section: &str, alt: &str, show: &str) -> Vec<u8> {
    const P: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
    package(&[
        ("[Content_Types].xml", "<Types/>".to_owned()),
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>"#
            ),
        ),
        (
            "ppt/presentation.xml",
            format!(
                r#"<p:presentation {P}><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:custShowLst><p:custShow name="{show}" id="0"><p:sldLst><p:sld r:id="rId2"/></p:sldLst></p:custShow></p:custShowLst><p:extLst><p:ext uri="{{521415D9-36F7-43E2-AB2F-B90AF26B5E84}}"><p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p14:section name="{section}" id="{{1}}"><p14:sldIdLst><p14:sldId id="256"/></p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst></p:presentation>"#
            ),
        ),
        (
            "ppt/_rels/presentation.xml.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId2" Type="{REL}/slide" Target="slides/slide1.xml"/></Relationships>"#
            ),
        ),
        (
            "ppt/slides/slide1.xml",
            format!(
                r#"<p:sld {P}><p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="文本框 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:txBody><a:p><a:r><a:t>{PROSE}</a:t></a:r></a:p></p:txBody></p:sp><p:pic><p:nvPicPr><p:cNvPr id="3" name="图片 2" descr="{alt}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr></p:pic></p:spTree></p:cSld></p:sld>"#
            ),
        ),
    ])
}

#[test]
fn pptx_section_names_and_alternative_text() {
    let report = scan("section.pptx", &deck("绝密★启用前", "单位标志", "汇报用"), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert!(places(&report).contains(&(
        "marking.state-secret".into(),
        "ppt/presentation.xml".into(),
        Some("section".into())
    )));
    let report = scan("alt.pptx", &deck("第一部分", "扫描件：机密★10年", "汇报用"), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert!(places(&report).contains(&(
        "marking.state-secret".into(),
        "ppt/slides/slide1.xml".into(),
        Some("alt text".into())
    )));
    // A custom show's name is listed in the Slide Show menu.
    let report = scan("show.pptx", &deck("第一部分", "单位标志", "机密★1年"), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert!(places(&report).contains(&(
        "marking.state-secret".into(),
        "ppt/presentation.xml".into(),
        Some("custom show".into())
    )));
    assert_eq!(scan("clean.pptx", &deck("第一部分", "单位标志", "汇报用"), &[])["verdict"], "pass");
}

#[test]
fn docx_picture_alternative_text() {
    let picture = |alt: &str| {
        format!(
            r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="图片 1" descr="{alt}"/></wp:inline></w:drawing></w:r></w:p>{}"#,
            para(&[PROSE])
        )
    };
    let report = scan("alt.docx", &word(&picture("秘密★6个月"), "", &[]), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    assert_eq!(places(&report)[0].2.as_deref(), Some("alt text"));
    assert_eq!(scan("alt-clean.docx", &word(&picture("单位标志"), "", &[]), &[])["verdict"], "pass");
}

/// A one-sheet workbook whose column A holds `pieces` one per row (from row 2, under a heading),
/// beside a column B of ordinary sentences.
fn column_workbook(pieces: &[&str]) -> Vec<u8> {
    let cell = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let mut rows = format!(r#"<row r="1">{}{}</row>"#, cell("A1", "序"), cell("B1", "事项说明"));
    for (i, piece) in pieces.iter().enumerate() {
        let r = i + 2;
        rows.push_str(&format!(
            r#"<row r="{r}">{}{}</row>"#,
            cell(&format!("A{r}"), piece),
            cell(&format!("B{r}"), "本季度的工作安排按计划推进，各部门按时报送材料。")
        ));
    }
    package(&[
        ("[Content_Types].xml", "<Types/>".to_owned()),
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
            ),
        ),
    ])
}

/// Issue 10, layout evasions: a mark typed one character per cell down a column is read top to
/// bottom, as a person reads it (here with the one-character heading above it), and located at
/// the run of cells; the same layout with ordinary characters passes.
#[test]
fn xlsx_mark_down_a_column_blocks() {
    let report = scan("column.xlsx", &column_workbook(&["机", "密", "★", "1", "年"]), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "marking.state-secret")
        .unwrap_or_else(|| panic!("no state-secret mark: {report}"));
    assert_eq!(finding["location"]["field"], "column A, rows 1-6", "{finding}");
    assert_eq!(finding["location"]["paragraph"], 1, "{finding}");
    assert_eq!(finding["location"]["column"], 2, "the mark starts at the run's second cell: {finding}");

    let report = scan("clean-column.xlsx", &column_workbook(&["一", "二", "三", "四", "五"]), &[]);
    assert_eq!(report["verdict"], "pass", "{report}");
}

#[test]
fn docx_tooltips_and_content_control_titles_and_entries() {
    // What Word shows on hovering a link or a picture, the title of a content control and the
    // entries of its drop-down list are all on screen: each blocks in its field, its twin passes.
    let link = |tip: &str| {
        format!(
            r##"<w:p><w:hyperlink w:anchor="a" w:tooltip="{tip}"><w:r><w:t>详情</w:t></w:r></w:hyperlink></w:p>{}"##,
            para(&[PROSE])
        )
    };
    let picture = |tip: &str| {
        format!(
            r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="图片 1"><a:hlinkClick xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:id="" tooltip="{tip}"/></wp:docPr></wp:inline></w:drawing></w:r></w:p>{}"#,
            para(&[PROSE])
        )
    };
    let control = |alias: &str, item: &str| {
        format!(
            r#"<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:dropDownList><w:listItem w:displayText="{item}" w:value="1"/></w:dropDownList></w:sdtPr><w:sdtContent><w:p><w:r><w:t>请选择</w:t></w:r></w:p></w:sdtContent></w:sdt>{}"#,
            para(&[PROSE])
        )
    };
    for (name, marked, clean, field) in [
        ("link", link("机密★1年"), link("打开附件"), "tooltip"),
        ("picture", picture("绝密★启用前"), picture("单位标志"), "tooltip"),
        ("title", control("秘密★6个月", "公开"), control("公开属性", "公开"), "content control"),
        ("entry", control("公开属性", "机密★10年"), control("公开属性", "公开"), "content control"),
    ] {
        let report = scan(&format!("{name}.docx"), &word(&marked, "", &[]), &[]);
        assert_eq!(report["verdict"], "block", "{name}: {report}");
        assert!(places(&report).iter().any(|p| p.2.as_deref() == Some(field)), "{name}: {report}");
        let report = scan(&format!("{name}-clean.docx"), &word(&clean, "", &[]), &[]);
        assert_eq!(report["verdict"], "pass", "{name}: {report}");
    }
}

/// An OFD of one page of prose: `doc_extra` goes into `Document.xml` after the pages,
/// `page_extra` into the page after its content, `extra` are more entries under `Doc_0/`.
fn ofd_with(doc_extra: &str, page_extra: &str, extra: &[(&str, String)]) -> Vec<u8> {
    const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    let mut entries = vec![
        (
            "OFD.xml".to_owned(),
            format!(
                r#"<ofd:OFD {NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
            ),
        ),
        (
            "Doc_0/Document.xml".to_owned(),
            format!(
                r#"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>{doc_extra}</ofd:Document>"#
            ),
        ),
        (
            "Doc_0/Pages/Page_0/Content.xml".to_owned(),
            format!(
                r#"<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="10" Boundary="25 60 160 8" Font="3" Size="5"><ofd:TextCode X="0" Y="5">{PROSE}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content>{page_extra}</ofd:Page>"#
            ),
        ),
    ];
    for (name, xml) in extra {
        let xml = xml.replace("NS", NS);
        entries.push((format!("Doc_0/{name}"), xml));
    }
    let refs: Vec<(&str, String)> = entries.iter().map(|(n, x)| (n.as_str(), x.clone())).collect();
    package(&refs)
}

#[test]
fn ofd_links_bookmarks_authors_attachment_names_and_tags() {
    // What an OFD viewer shows beside the page: a link's target on hovering (a document action
    // and a page action), a bookmark's name, an annotation's author and parameters, an
    // attachment's name in the attachments panel, a custom tag's attribute. Each marked file
    // blocks in its part and field; its twin with harmless text in the same place passes.
    let uri = |target: &str| {
        format!(
            r#"<ofd:Actions><ofd:Action Event="DO"><ofd:URI URI="http://www.example.gov.cn/{target}"/></ofd:Action></ofd:Actions>"#
        )
    };
    let bookmark = |name: &str| {
        format!(
            r#"<ofd:Bookmarks><ofd:Bookmark Name="{name}"><ofd:Dest Type="Fit" PageID="1"/></ofd:Bookmark></ofd:Bookmarks>"#
        )
    };
    let annotated = |creator: &str, parameter: &str| {
        (
            "<ofd:Annotations>Annotations.xml</ofd:Annotations>".to_owned(),
            vec![
                ("Annotations.xml", r#"<ofd:Annotations NS><ofd:Page PageID="1"><ofd:FileLoc>Annot_0.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"#.to_owned()),
                ("Annot_0.xml", format!(r#"<ofd:PageAnnot NS><ofd:Annot ID="5" Type="Stamp" Creator="{creator}"><ofd:Parameters><ofd:Parameter Name="fp.Title">{parameter}</ofd:Parameter></ofd:Parameters><ofd:Appearance Boundary="0 0 1 1"/></ofd:Annot></ofd:PageAnnot>"#)),
            ],
        )
    };
    let attached = |name: &str| {
        (
            "<ofd:Attachments>Attachments.xml</ofd:Attachments>".to_owned(),
            vec![
                (
                    "Attachments.xml",
                    format!(
                        r#"<ofd:Attachments NS><ofd:Attachment ID="1" Name="{name}" Format="txt"><ofd:FileLoc>a.txt</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"#
                    ),
                ),
                ("a.txt", "会议安排见正文。".to_owned()),
            ],
        )
    };
    let tagged = |value: &str| {
        (
            "<ofd:CustomTags>CustomTags.xml</ofd:CustomTags>".to_owned(),
            vec![
                ("CustomTags.xml", r#"<ofd:CustomTags NS><ofd:CustomTag><ofd:FileLoc>Tag_0.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>"#.to_owned()),
                ("Tag_0.xml", format!(r#"<t:Doc xmlns:t="urn:x"><t:Field Name="标注" Value="{value}"/></t:Doc>"#)),
            ],
        )
    };
    // (name, marked file, clean twin, (part, field) of the mark)
    type Case<'a> = (&'a str, Vec<u8>, Vec<u8>, (&'a str, Option<&'a str>));
    let cases: Vec<Case> = vec![
        ("document-link", ofd_with(&uri("机密★1年"), "", &[]), ofd_with(&uri("通知"), "", &[]), ("link", Some("URI"))),
        // Escaped as a browser would send it: `机密★1年` in UTF-8 percent-escapes.
        (
            "page-link",
            ofd_with("", &uri("%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4"), &[]),
            ofd_with("", &uri("%E9%80%9A%E7%9F%A5"), &[]),
            ("link", Some("URI")),
        ),
        (
            "bookmark",
            ofd_with(&bookmark("绝密★启用前"), "", &[]),
            ofd_with(&bookmark("第一节"), "", &[]),
            ("Doc_0/Document.xml", Some("Bookmarks")),
        ),
        {
            let (m, me) = annotated("秘密★6个月", "批示");
            let (c, ce) = annotated("张三", "批示");
            ("author", ofd_with(&m, "", &me), ofd_with(&c, "", &ce), ("Doc_0/Annot_0.xml", Some("Creator")))
        },
        {
            let (m, me) = annotated("张三", "机密★10年");
            let (c, ce) = annotated("张三", "批示");
            ("parameter", ofd_with(&m, "", &me), ofd_with(&c, "", &ce), ("Doc_0/Annot_0.xml", Some("fp.Title")))
        },
        {
            let (m, me) = attached("机密★1年 附件");
            let (c, ce) = attached("会议安排");
            ("attachment", ofd_with(&m, "", &me), ofd_with(&c, "", &ce), ("Doc_0/Attachments.xml", Some("1 name")))
        },
        {
            let (m, me) = tagged("机密★1年");
            let (c, ce) = tagged("会议");
            ("tag", ofd_with(&m, "", &me), ofd_with(&c, "", &ce), ("Doc_0/Tag_0.xml", None))
        },
    ];
    for (name, marked, clean, (part, field)) in cases {
        check_place(&format!("{name}.ofd"), (&marked, &clean), (part, field), Some("marking.state-secret"), &[]);
    }
}

/// (name, marked file, clean twin, (part, field) of the finding) of one place.
type PlaceCase = (&'static str, Vec<u8>, Vec<u8>, (&'static str, &'static str));

/// Scans every case saved as `ext`, with `extra` arguments: the marked file blocks with a finding
/// at its part and field (of rule `rule`, or any rule when `None`), its twin passes.
fn check_places(ext: &str, cases: Vec<PlaceCase>, rule: Option<&str>, extra: &[&str]) {
    for (name, marked, clean, (part, field)) in cases {
        check_place(&format!("{name}.{ext}"), (&marked, &clean), (part, Some(field)), rule, extra);
    }
}

/// Scans the (marked, clean) pair saved as `name`: the marked file blocks with a finding at
/// `(part, field)` (of rule `rule`, or any rule when `None`), its twin passes.
fn check_place(
    name: &str,
    (marked, clean): (&[u8], &[u8]),
    (part, field): (&str, Option<&str>),
    rule: Option<&str>,
    extra: &[&str],
) {
    let report = scan(name, marked, extra);
    assert_eq!(report["verdict"], "block", "{name}: {report}");
    let found = places(&report)
        .into_iter()
        .any(|(r, p, f)| rule.is_none_or(|rule| r == rule) && p == part && f.as_deref() == field);
    assert!(found, "{name}: ({part}, {field:?}) not in {report}");
    let report = scan(&format!("clean-{name}"), clean, extra);
    assert_eq!(report["verdict"], "pass", "{name}: {report}");
}

const DRAWING: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A one-slide deck: `c_sld` attributes on the slide's `p:cSld`, `shapes` after a text box of
/// prose, the slide's relationships `rels` (inner XML) and `extra` parts.
fn slide_deck(c_sld: &str, shapes: &str, rels: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let p = format!(r#"{DRAWING} xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#);
    let mut entries = vec![
        ("[Content_Types].xml", "<Types/>".to_owned()),
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>"#
            ),
        ),
        (
            "ppt/presentation.xml",
            format!(r#"<p:presentation {p}><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>"#),
        ),
        (
            "ppt/_rels/presentation.xml.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId2" Type="{REL}/slide" Target="slides/slide1.xml"/></Relationships>"#
            ),
        ),
        (
            "ppt/slides/slide1.xml",
            format!(
                r#"<p:sld {p}><p:cSld{c_sld}><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="文本框 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>{PROSE}</a:t></a:r></a:p></p:txBody></p:sp>{shapes}</p:spTree></p:cSld></p:sld>"#
            ),
        ),
        ("ppt/slides/_rels/slide1.xml.rels", format!(r#"<Relationships xmlns="{RELS}">{rels}</Relationships>"#)),
    ];
    entries.extend(extra.iter().cloned());
    package(&entries)
}

/// A shape named `name` whose text `text` links through relationship rId1.
fn named_link_shape(name: &str, text: &str) -> String {
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="3" name="{name}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"><a:hlinkClick r:id="rId1"/></a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"#
    )
}

fn external(kind: &str, target: &str) -> String {
    format!(r#"<Relationship Id="rId1" Type="{REL}/{kind}" Target="{target}" TargetMode="External"/>"#)
}

#[test]
fn pptx_shape_and_slide_names_link_targets_and_comment_authors() {
    // What PowerPoint shows beside the slide's text: a shape's or a group's name in the Selection
    // Pane, a slide's or a layout's name, where a link or an action button leads (a URL, a
    // `mailto:` with escapes, a macro), a linked video's path, the authors of comments.
    let link =
        |target: &str| slide_deck("", &named_link_shape("文本框 2", "详见网站"), &external("hyperlink", target), &[]);
    let group = |name: &str| {
        format!(
            r#"<p:grpSp><p:nvGrpSpPr><p:cNvPr id="9" name="{name}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{}</p:grpSp>"#,
            named_link_shape("矩形 3", "说明")
        )
    };
    let button = |name: &str| {
        format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="4" name="动作按钮 1"><a:hlinkClick r:id="" action="ppaction://macro?name={name}"/></p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/></p:sp>"#
        )
    };
    let layout = |name: &str| {
        let p = format!(r#"{DRAWING} xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#);
        vec![(
            "ppt/slideLayouts/slideLayout1.xml",
            format!(r#"<p:sldLayout {p}><p:cSld name="{name}"><p:spTree/></p:cSld></p:sldLayout>"#),
        )]
    };
    let authors = |name: &str| {
        vec![(
            "ppt/commentAuthors.xml",
            format!(
                r#"<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="{name}" initials="X" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>"#
            ),
        )]
    };
    let modern = |name: &str| {
        vec![(
            "ppt/authors.xml",
            format!(
                r#"<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:author id="{{1}}" name="{name}" initials="X" userId="u" providerId="None"/></p188:authorLst>"#
            ),
        )]
    };
    let slide_named = |name: &str| slide_deck(&format!(r#" name="{name}""#), "", "", &[]);
    let video = |target: &str| slide_deck("", "", &external("video", target), &[]);
    let s = "ppt/slides/slide1.xml";
    let cases: Vec<PlaceCase> = vec![
        (
            "shape-name",
            slide_deck("", &named_link_shape("机密★1年", "说明"), "", &[]),
            slide_deck("", &named_link_shape("说明框", "说明"), "", &[]),
            (s, "shape name"),
        ),
        (
            "group-name",
            slide_deck("", &group("绝密★启用前"), "", &[]),
            slide_deck("", &group("组合 8"), "", &[]),
            (s, "shape name"),
        ),
        (
            "hyperlink",
            link("http://www.example.gov.cn/机密★1年"),
            link("http://www.example.gov.cn/index.html"),
            (s, "hyperlink"),
        ),
        // `机密★1年` in UTF-8 percent-escapes, in a `mailto:` subject.
        (
            "mailto",
            link("mailto:a@b.cn?subject=%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4"),
            link("mailto:a@b.cn?subject=%E9%80%9A%E7%9F%A5"),
            (s, "hyperlink"),
        ),
        (
            "macro",
            slide_deck("", &button("秘密★6个月"), "", &[]),
            slide_deck("", &button("下一页"), "", &[]),
            (s, "action"),
        ),
        ("video", video("file:///D:/机密★1年/演示.mp4"), video("file:///D:/素材/演示.mp4"), (s, "link")),
        ("slide-name", slide_named("机密★10年"), slide_named("概况"), (s, "slide name")),
        (
            "layout-name",
            slide_deck("", "", "", &layout("机密★1年")),
            slide_deck("", "", "", &layout("标题幻灯片")),
            ("ppt/slideLayouts/slideLayout1.xml", "slide name"),
        ),
        (
            "comment-author",
            slide_deck("", "", "", &authors("机密★1年")),
            slide_deck("", "", "", &authors("张三")),
            ("ppt/commentAuthors.xml", "author"),
        ),
        (
            "modern-author",
            slide_deck("", "", "", &modern("机密★1年")),
            slide_deck("", "", "", &modern("张三")),
            ("ppt/authors.xml", "author"),
        ),
    ];
    check_places("pptx", cases, Some("marking.state-secret"), &[]);
}

/// A one-sheet workbook: `tail` after the sheet's data (one cell of prose), `workbook_tail` after
/// the workbook's sheets, the sheet's relationships `rels` (inner XML) and `extra` parts.
fn sheet_book(tail: &str, workbook_tail: &str, rels: &str, extra: &[(&str, String)]) -> Vec<u8> {
    const X: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let mut entries = book_frame("统计", workbook_tail, "");
    entries.extend([
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet {X}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{PROSE}</t></is></c></row></sheetData>{tail}</worksheet>"#
            ),
        ),
        ("xl/worksheets/_rels/sheet1.xml.rels", format!(r#"<Relationships xmlns="{RELS}">{rels}</Relationships>"#)),
    ]);
    entries.extend(extra.iter().cloned());
    package(&entries)
}

#[test]
fn xlsx_pivot_caches_external_links_hyperlinks_tables_scenarios_and_shape_names() {
    // Where Excel shows text beyond the cells: the source data of a pivot table kept in its cache
    // (shown on drill-down though the source sheet is gone), the values cached from a linked
    // workbook and its file name (Edit Links), a hyperlink's URL, a table's column, a scenario,
    // a custom view, a connection, a form control's list, a drawing's shape name.
    const X: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let only = |name: &'static str, xml: String| sheet_book("", "", "", &[(name, xml)]);
    let records = |a: &str, b: &str| {
        only(
            "xl/pivotCache/pivotCacheRecords1.xml",
            format!(
                r#"<pivotCacheRecords {X} count="1"><r><s v="{a}"/><s v="{b}"/><n v="3"/></r></pivotCacheRecords>"#
            ),
        )
    };
    // As Excel writes it: the record names each string by its index in its field's shared
    // items, and the definition links the records.
    let indexed = |a: &str, b: &str| {
        let field = |name: &str, v: &str| {
            format!(
                r#"<cacheField name="{name}" numFmtId="0"><sharedItems count="2"><s v="公开"/><s v="{v}"/></sharedItems></cacheField>"#
            )
        };
        sheet_book(
            "",
            "",
            "",
            &[
                (
                    "xl/pivotCache/pivotCacheDefinition1.xml",
                    format!(
                        r#"<pivotCacheDefinition {X} r:id="rId1"><cacheFields count="3">{}{}<cacheField name="数量" numFmtId="0"><sharedItems containsNumber="1"/></cacheField></cacheFields></pivotCacheDefinition>"#,
                        field("甲", a),
                        field("乙", b)
                    ),
                ),
                (
                    "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
                    format!(
                        r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>"#
                    ),
                ),
                (
                    "xl/pivotCache/pivotCacheRecords1.xml",
                    format!(
                        r#"<pivotCacheRecords {X} count="2"><r><x v="0"/><x v="0"/><n v="1"/></r><r><x v="1"/><x v="1"/><n v="2"/></r></pivotCacheRecords>"#
                    ),
                ),
            ],
        )
    };
    let shared = |v: &str| {
        only(
            "xl/pivotCache/pivotCacheDefinition1.xml",
            format!(
                r#"<pivotCacheDefinition {X} r:id="rId1"><cacheSource type="worksheet"><worksheetSource ref="A1:B9" sheet="已删除"/></cacheSource><cacheFields count="1"><cacheField name="项目" numFmtId="0"><sharedItems count="1"><s v="{v}"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>"#
            ),
        )
    };
    let cached = |v: &str| {
        only(
            "xl/externalLinks/externalLink1.xml",
            format!(
                r#"<externalLink {X}><externalBook r:id="rId1"><sheetNames><sheetName val="汇总"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>{v}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>"#
            ),
        )
    };
    let linked_file = |path: &str| {
        sheet_book(
            "",
            "",
            "",
            &[
                (
                    "xl/externalLinks/externalLink1.xml",
                    format!(r#"<externalLink {X}><externalBook r:id="rId1"/></externalLink>"#),
                ),
                (
                    "xl/externalLinks/_rels/externalLink1.xml.rels",
                    format!(r#"<Relationships xmlns="{RELS}">{}</Relationships>"#, external("externalLinkPath", path)),
                ),
            ],
        )
    };
    let hyperlink = |target: &str| {
        sheet_book(
            r#"<hyperlinks><hyperlink ref="A1" r:id="rId1"/></hyperlinks>"#,
            "",
            &external("hyperlink", target),
            &[],
        )
    };
    let place = |location: &str| {
        sheet_book(&format!(r#"<hyperlinks><hyperlink ref="A1" location="{location}"/></hyperlinks>"#), "", "", &[])
    };
    let column = |name: &str| {
        sheet_book(
            r#"<tableParts count="1"><tablePart r:id="rId1"/></tableParts>"#,
            "",
            &format!(r#"<Relationship Id="rId1" Type="{REL}/table" Target="../tables/table1.xml"/>"#),
            &[(
                "xl/tables/table1.xml",
                format!(
                    r#"<table {X} id="1" name="表1" displayName="表1" ref="A1:A2"><tableColumns count="1"><tableColumn id="1" name="{name}"/></tableColumns></table>"#
                ),
            )],
        )
    };
    let scenario = |comment: &str| {
        sheet_book(
            &format!(
                r#"<scenarios><scenario name="方案一" count="1" user="张三" comment="{comment}"><inputCells r="A1" val="1"/></scenario></scenarios>"#
            ),
            "",
            "",
            &[],
        )
    };
    let view = |name: &str| {
        sheet_book(
            "",
            &format!(
                r#"<customWorkbookViews><customWorkbookView name="{name}" guid="{{1}}" windowWidth="1" windowHeight="1" activeSheetId="1"/></customWorkbookViews>"#
            ),
            "",
            &[],
        )
    };
    let connection = |description: &str| {
        only(
            "xl/connections.xml",
            format!(
                r#"<connections {X}><connection id="1" name="查询" type="1" description="{description}"><dbPr connection="DSN=x" command="SELECT * FROM t"/></connection></connections>"#
            ),
        )
    };
    let control = |item: &str| {
        only(
            "xl/ctrlProps/ctrlProp1.xml",
            format!(
                r#"<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="Drop"><itemLst><item val="公开"/><item val="{item}"/></itemLst></formControlPr>"#
            ),
        )
    };
    let shape = |name: &str| {
        sheet_book(
            r#"<drawing r:id="rId1"/>"#,
            "",
            &format!(r#"<Relationship Id="rId1" Type="{REL}/drawing" Target="../drawings/drawing1.xml"/>"#),
            &[(
                "xl/drawings/drawing1.xml",
                format!(
                    r#"<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" {DRAWING}><xdr:twoCellAnchor><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="{name}"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill/><xdr:spPr/></xdr:pic></xdr:twoCellAnchor></xdr:wsDr>"#
                ),
            )],
        )
    };
    // The author's own cell style, in the Cell Styles gallery.
    let styled = |name: &str| {
        only(
            "xl/styles.xml",
            format!(
                r#"<styleSheet {X}><cellXfs count="1"><xf numFmtId="0"/></cellXfs><cellStyles count="2"><cellStyle name="常规" xfId="0" builtinId="0"/><cellStyle name="{name}" xfId="0"/></cellStyles></styleSheet>"#
            ),
        )
    };
    // A comment's author, shown on the comment.
    let commented = |author: &str| {
        sheet_book(
            "",
            "",
            &format!(r#"<Relationship Id="rId1" Type="{REL}/comments" Target="../comments1.xml"/>"#),
            &[(
                "xl/comments1.xml",
                format!(
                    r#"<comments {X}><authors><author>{author}</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>请核对</t></r></text></comment></commentList></comments>"#
                ),
            )],
        )
    };
    let sheet = "xl/worksheets/sheet1.xml";
    let cases: Vec<PlaceCase> = vec![
        // A mark split across two fields of one source record.
        (
            "pivot-records",
            records("机密", "★1年"),
            records("会议", "安排"),
            ("xl/pivotCache/pivotCacheRecords1.xml", "pivot cache record"),
        ),
        (
            "pivot-indexed",
            indexed("机密", "★1年"),
            indexed("会议", "安排"),
            ("xl/pivotCache/pivotCacheRecords1.xml", "pivot cache record"),
        ),
        (
            "pivot-items",
            shared("绝密★启用前"),
            shared("会议"),
            ("xl/pivotCache/pivotCacheDefinition1.xml", "pivot cache"),
        ),
        ("external-cache", cached("机密★1年"), cached("会议"), ("xl/externalLinks/externalLink1.xml", "external link")),
        (
            "external-file",
            linked_file("file:///C:/%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4.xlsx"),
            linked_file("file:///C:/%E6%B1%87%E6%80%BB.xlsx"),
            ("xl/externalLinks/externalLink1.xml", "link"),
        ),
        (
            "hyperlink",
            hyperlink("http://www.example.gov.cn/机密★1年"),
            hyperlink("http://www.example.gov.cn/"),
            (sheet, "hyperlink"),
        ),
        // A sheet name quoted in a reference: the quotes are the formula's, not a quotation.
        ("hyperlink-place", place("'机密★1年'!A1"), place("'汇总'!A1"), (sheet, "hyperlink")),
        ("table-column", column("秘密★6个月"), column("名称"), ("xl/tables/table1.xml", "table")),
        ("scenario", scenario("机密★1年"), scenario("测算"), (sheet, "scenario")),
        ("custom-view", view("机密★1年"), view("打印视图"), ("xl/workbook.xml", "custom view")),
        ("connection", connection("机密★1年 数据源"), connection("人口数据"), ("xl/connections.xml", "connection")),
        ("form-control", control("机密★1年"), control("内部"), ("xl/ctrlProps/ctrlProp1.xml", "form control")),
        ("shape-name", shape("机密★1年"), shape("单位标志"), ("xl/drawings/drawing1.xml", "shape name")),
        ("cell-style", styled("机密★1年"), styled("标题样式"), ("xl/styles.xml", "cell style")),
        ("comment-author", commented("机密★1年"), commented("张三"), ("xl/comments1.xml", "author")),
    ];
    check_places("xlsx", cases, Some("marking.state-secret"), &[]);
}

#[test]
fn docx_drawing_names_links_form_fields_table_titles_and_bookmarks() {
    // What Word shows beside the paragraphs: a picture's name (Selection Pane) and where its link
    // leads, a linked picture's path, a legacy form field's help text and drop-down entries, a
    // table's title (its alt text), a bookmark's name (Insert > Bookmark).
    let picture = |name: &str, link: &str| {
        format!(
            r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" {DRAWING}><wp:docPr id="1" name="{name}">{link}</wp:docPr><a:graphic><a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="图片 1"/><pic:cNvPicPr/></pic:nvPicPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>{}"#,
            para(&[PROSE])
        )
    };
    let named = |name: &str| word(&picture(name, ""), "", &[]);
    let linked =
        |target: &str| word(&picture("图片 2", r#"<a:hlinkClick r:id="rId1"/>"#), &external("hyperlink", target), &[]);
    let image = |target: &str| word(&para(&[PROSE]), &external("image", target), &[]);
    let form = |inner: &str| {
        word(
            &format!(
                r#"<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Dropdown1"/>{inner}</w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>{}"#,
                para(&[PROSE])
            ),
            "",
            &[],
        )
    };
    let table = |caption: &str| {
        word(
            &format!(
                r#"<w:tbl><w:tblPr><w:tblCaption w:val="{caption}"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>{PROSE}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
            ),
            "",
            &[],
        )
    };
    let bookmark = |name: &str| {
        word(
            &format!(
                r#"<w:p><w:bookmarkStart w:id="0" w:name="{name}"/><w:r><w:t>{PROSE}</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#
            ),
            "",
            &[],
        )
    };
    // A tracked insertion: Word shows its author on it.
    let revised = |author: &str| {
        word(
            &format!(
                r#"<w:p><w:ins w:id="1" w:author="{author}" w:date="2026-01-01T00:00:00Z"><w:r><w:t>{PROSE}</w:t></w:r></w:ins></w:p>"#
            ),
            "",
            &[],
        )
    };
    let d = "word/document.xml";
    let cases: Vec<PlaceCase> = vec![
        ("picture-name", named("机密★1年"), named("单位标志"), (d, "shape name")),
        (
            "picture-link",
            linked("http://www.example.gov.cn/机密★1年"),
            linked("http://www.example.gov.cn/"),
            (d, "hyperlink"),
        ),
        ("linked-picture", image("file:///C:/机密★1年/图.png"), image("file:///C:/素材/图.png"), (d, "link")),
        (
            "form-help",
            form(r#"<w:helpText w:type="text" w:val="机密★1年"/>"#),
            form(r#"<w:helpText w:type="text" w:val="请选择"/>"#),
            (d, "form field"),
        ),
        (
            "form-entries",
            form(r#"<w:ddList><w:listEntry w:val="公开"/><w:listEntry w:val="绝密★启用前"/></w:ddList>"#),
            form(r#"<w:ddList><w:listEntry w:val="公开"/><w:listEntry w:val="内部"/></w:ddList>"#),
            (d, "form field"),
        ),
        ("table-title", table("机密★1年"), table("统计表"), (d, "alt text")),
        ("bookmark", bookmark("机密★1年"), bookmark("第一节"), (d, "bookmark")),
        ("revision-author", revised("机密★1年"), revised("张三"), (d, "author")),
    ];
    check_places("docx", cases, Some("marking.state-secret"), &[]);
}

#[test]
fn ooxml_dictionary_terms_in_names_and_caches_with_latin_letters() {
    // A Latin term (`KJ-3`) in places read before only when they held Chinese: a pivot cache's
    // field name, a table's name, a shape's name, a hyperlink. Their twins pass.
    const X: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
    let dir = tempdir();
    let dict = write(dir.path(), "dict.txt", "紫电计划\t机密\t项目代号\nKJ-3\t秘密\t装备型号\n".as_bytes());
    let dict = dict.to_str().unwrap();
    let field = |name: &str| {
        sheet_book(
            "",
            "",
            "",
            &[(
                "xl/pivotCache/pivotCacheDefinition1.xml",
                format!(
                    r#"<pivotCacheDefinition {X}><cacheFields count="1"><cacheField name="{name}"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>"#
                ),
            )],
        )
    };
    let table = |name: &str| {
        sheet_book(
            "",
            "",
            "",
            &[(
                "xl/tables/table1.xml",
                format!(
                    r#"<table {X} id="1" name="{name}" displayName="{name}" ref="A1:A2"><tableColumns count="1"><tableColumn id="1" name="C"/></tableColumns></table>"#
                ),
            )],
        )
    };
    let shape = |name: &str| slide_deck("", &named_link_shape(name, "说明"), "", &[]);
    let link =
        |target: &str| slide_deck("", &named_link_shape("文本框 2", "详见"), &external("hyperlink", target), &[]);
    let xlsx: Vec<PlaceCase> = vec![
        (
            "term-pivot-field",
            field("KJ-3 Count"),
            field("Count"),
            ("xl/pivotCache/pivotCacheDefinition1.xml", "pivot cache"),
        ),
        ("term-table", table("KJ-3_list"), table("Table1"), ("xl/tables/table1.xml", "table")),
    ];
    check_places("xlsx", xlsx, None, &["--dict", dict]);
    let pptx: Vec<PlaceCase> = vec![
        ("term-shape", shape("KJ-3 photo"), shape("photo"), ("ppt/slides/slide1.xml", "shape name")),
        (
            "term-link",
            link("https://example.org/KJ-3.html"),
            link("https://example.org/index.html"),
            ("ppt/slides/slide1.xml", "hyperlink"),
        ),
    ];
    check_places("pptx", pptx, None, &["--dict", dict]);
}

#[test]
fn default_shape_names_are_no_finding() {
    // The names Office and WPS give new shapes, pictures and placeholders are not the author's
    // text: a deck, a workbook and a document full of them pass with no finding at all, and
    // `extract` does not list them.
    let shapes: String = [
        "文本框 1",
        "Rectangle 5",
        "图片 1",
        "矩形 2",
        "Picture 3",
        "Content Placeholder 2",
        "Freeform: Shape 7",
        "组合 4",
        "内容占位符 2",
    ]
    .iter()
    .map(|n| named_link_shape(n, "详见"))
    .collect();
    let deck = slide_deck("", &shapes, "", &[]);
    let docx = word(
        &format!(
            r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="图片 1"/></wp:inline></w:drawing></w:r></w:p><w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="2" name="Text Box 2"/></wp:anchor></w:drawing></w:r></w:p>{}"#,
            para(&[PROSE])
        ),
        "",
        &[],
    );
    let dir = tempdir();
    for (name, bytes) in [("defaults.pptx", deck), ("defaults.docx", docx)] {
        let report = scan(name, &bytes, &[]);
        assert_eq!(report["verdict"], "pass", "{report}");
        assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");
        let path = write(dir.path(), name, &bytes);
        let run = mijian(&["extract", "--format", "json", path.to_str().unwrap()]);
        assert!(!run.stdout.contains("shape name"), "{name}: {}", run.stdout);
    }
}

/// A dictionary of Latin terms (a code name, a model, a team), written into `dir`.
fn latin_dictionary(dir: &std::path::Path) -> PathBuf {
    write(
        dir,
        "dict.txt",
        "Project BLUEFIN\t机密\t项目代号\nKJ-2000型\t秘密\t装备型号\nBLUEFIN\t秘密\t项目代号\n".as_bytes(),
    )
}

#[test]
fn pptx_tags_and_custom_xml_data_with_latin_terms() {
    // PowerPoint's tags and a custom XML data store keep their data in attributes: a Latin code
    // name there is found (it was read only when it held Chinese). GUIDs, numbers and a tag's
    // name beside it are machine tokens: the twins pass, and `extract` does not list them.
    let dir = tempdir();
    let dict = latin_dictionary(dir.path());
    let dict = dict.to_str().unwrap();
    let tags = |value: &str| {
        slide_deck(
            "",
            "",
            &format!(r#"<Relationship Id="rId9" Type="{REL}/tags" Target="../tags/tag1.xml"/>"#),
            &[(
                "ppt/tags/tag1.xml",
                format!(
                    r#"<p:tagLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:tag name="CODENAME" val="{value}"/><p:tag name="GUID" val="{{6F9619FF-8B86-D011-B42D-00C04FC964FF}}"/><p:tag name="COUNT" val="12"/></p:tagLst>"#
                ),
            )],
        )
    };
    let data = |value: &str| {
        slide_deck(
            "",
            "",
            "",
            &[(
                "customXml/item1.xml",
                format!(
                    r#"<project xmlns="urn:x" id="{{6F9619FF-8B86-D011-B42D-00C04FC964FF}}" name="{value}" budget="12.5" secret="true"/>"#
                ),
            )],
        )
    };
    let cases: Vec<PlaceCase> = vec![
        ("tag", tags("Project BLUEFIN"), tags("Project Alpha"), ("ppt/tags/tag1.xml", "")),
        ("custom-xml", data("Project BLUEFIN"), data("Project Alpha"), ("customXml/item1.xml", "")),
    ];
    for (name, marked, clean, (part, _)) in cases {
        check_place(&format!("{name}.pptx"), (&marked, &clean), (part, None), Some("dict.txt:1"), &["--dict", dict]);
        let path = write(dir.path(), &format!("clean-{name}.pptx"), &clean);
        let run = mijian(&["extract", "--format", "json", path.to_str().unwrap()]);
        assert!(run.stdout.contains("Project Alpha"), "{name}: {}", run.stdout);
        for token in ["6F9619FF", "12.5", "CODENAME", "true"] {
            assert!(!run.stdout.contains(token), "{name}: {token} in {}", run.stdout);
        }
    }
}

#[test]
fn ooxml_change_authors_linked_object_items_and_people_accounts() {
    // Word lists a formatting change under its author in the Reviewing Pane; Excel's Links
    // dialog lists a linked object's item; a threaded comment's contact card shows the account.
    let dir = tempdir();
    let dict = latin_dictionary(dir.path());
    let dict = dict.to_str().unwrap();
    let formatted = |author: &str| {
        word(
            &format!(
                r#"<w:p><w:pPr><w:pPrChange w:id="1" w:author="{author}" w:date="2026-01-01T00:00:00Z"><w:pPr/></w:pPrChange></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="2" w:author="{author}"><w:rPr/></w:rPrChange></w:rPr><w:t>{PROSE}</w:t></w:r></w:p>"#
            ),
            "",
            &[],
        )
    };
    check_places(
        "docx",
        vec![("format-change", formatted("Project BLUEFIN"), formatted("John Smith"), ("word/document.xml", "author"))],
        Some("dict.txt:1"),
        &["--dict", dict],
    );
    let linked = |item: &str| {
        sheet_book(
            &format!(
                r#"<oleObjects><oleObject progId="Word.Document.12" link="[1]!'{item}'" oleUpdate="OLEUPDATE_ALWAYS" shapeId="1025"/></oleObjects>"#
            ),
            "",
            "",
            &[],
        )
    };
    let person = |account: &str| {
        sheet_book(
            "",
            "",
            "",
            &[(
                "xl/persons/person.xml",
                format!(
                    r#"<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="张三" id="{{2}}" userId="{account}" providerId="AD"/></personList>"#
                ),
            )],
        )
    };
    check_places(
        "xlsx",
        vec![("ole-link", linked("机密★1年 通知"), linked("会议 通知"), ("xl/worksheets/sheet1.xml", "link"))],
        Some("marking.state-secret"),
        &[],
    );
    check_places(
        "xlsx",
        vec![(
            "person-account",
            person("bluefin@example.org"),
            person("zhangsan@example.org"),
            ("xl/persons/person.xml", "author"),
        )],
        Some("dict.txt:3"),
        &["--dict", dict],
    );
}

#[test]
fn html_link_targets_svg_pictures_track_labels_and_handler_messages() {
    // What a browser shows beside the page's text: where a link leads (the status bar, escapes
    // decoded), the text an SVG picture in a data: URL draws, a subtitle track's name in the
    // player's menu, the message an `onclick` alert shows, the name a download saves as.
    let page = |inner: &str| format!("<html><body><p>{PROSE}</p>{inner}</body></html>").into_bytes();
    let svg = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0IHg9IjAiIHk9IjEwIj7mnLrlr4bimIUx5bm0PC90ZXh0Pjwvc3ZnPg==";
    let cases: Vec<PlaceCase> = vec![
        (
            "link",
            page(r#"<a href="https://example.org/%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4.pdf">附件</a>"#),
            page(r#"<a href="https://example.org/%E4%BC%9A%E8%AE%AE.pdf">附件</a>"#),
            ("html-note", "hyperlink"),
        ),
        (
            "download",
            page(r#"<a href="f.docx" download="机密★1年.docx">下载</a>"#),
            page(r#"<a href="f.docx" download="会议.docx">下载</a>"#),
            ("html-note", "download"),
        ),
        (
            "track",
            page(r#"<video><track kind="subtitles" label="绝密★启用前" src="a.vtt"></video>"#),
            page(r#"<video><track kind="subtitles" label="中文" src="a.vtt"></video>"#),
            ("html-note", "track label"),
        ),
        (
            "alert",
            page(r#"<button onclick="alert('机密★1年')">看</button>"#),
            page(r#"<button onclick="alert('会议')">看</button>"#),
            ("html-note", "script"),
        ),
    ];
    check_places("html", cases, Some("marking.state-secret"), &[]);
    let marked = page(&format!(r#"<img src="data:image/svg+xml;base64,{svg}">"#));
    let clean = page(
        r#"<img src="data:image/svg+xml;charset=utf-8,%3Csvg%3E%3Ctext%3E%E4%BC%9A%E8%AE%AE%3C/text%3E%3C/svg%3E">"#,
    );
    check_place("svg-picture.html", (&marked, &clean), ("html-data-url", None), Some("marking.state-secret"), &[]);
    let background =
        |svg: &str| page(&format!(r#"<div style="background:url('data:image/svg+xml;base64,{svg}')">附图</div>"#));
    let clean_svg = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0PuS8muiurjwvdGV4dD48L3N2Zz4=";
    check_place(
        "svg-background.html",
        (&background("PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0IHg9IjAiIHk9IjEwIj7mnLrlr4bimIUx5bm0PC90ZXh0Pjwvc3ZnPg=="), &background(clean_svg)),
        ("html-data-url", None),
        Some("marking.state-secret"),
        &[],
    );
}

#[test]
fn rtf_and_odf_places_inside_containers() {
    // RTF: a picture's alternative text (in `\*\picprop`), a text form field's default (in
    // `\*\formfield`), the Unicode half of `\upr` that Word shows. ODF: a tracked change's author
    // (Manage Changes), a footnote's own mark.
    let u = |s: &str| s.chars().map(|c| format!("\\u{}?", c as u32 as i16)).collect::<String>();
    let rtf = |inner: &str| {
        format!(
            r"{{\rtf1\ansi\ansicpg936{{\fonttbl{{\f0\fnil\fcharset134 SimSun;}}}}\pard {}\par {inner}\par}}",
            u(PROSE)
        )
        .into_bytes()
    };
    let picture = |alt: &str| {
        rtf(&format!(
            r"{{\*\shppict{{\pict{{\*\picprop{{\sp{{\sn wzDescription}}{{\sv {}}}}}}}\pngblip 89504e47}}}}",
            u(alt)
        ))
    };
    let form = |text: &str| {
        rtf(&format!(
            r"{{\field{{\*\fldinst FORMTEXT {{\*\formfield{{\fftype0{{\*\ffname a}}{{\*\ffdeftext {}}}}}}}}}{{\fldrslt {}}}}}",
            u(text),
            u("一")
        ))
    };
    let unicode = |text: &str| rtf(&format!(r"{{\upr{{{}}}{{\*\ud{{{}}}}}}}", u("一"), u(text)));
    let cases: Vec<PlaceCase> = vec![
        ("picture-alt", picture("机密★1年"), picture("会议"), ("body", "")),
        ("form-default", form("机密★1年"), form("会议"), ("fields", "instruction")),
        ("unicode-half", unicode("机密★1年"), unicode("会议"), ("body", "")),
    ];
    for (name, marked, clean, (part, field)) in cases {
        let field = (!field.is_empty()).then_some(field);
        check_place(&format!("{name}.rtf"), (&marked, &clean), (part, field), Some("marking.state-secret"), &[]);
    }
    let fodt = |inner: &str, changes: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>{changes}<text:p>{PROSE}{inner}</text:p></office:text></office:body></office:document>"#
        )
        .into_bytes()
    };
    let changed = |author: &str| {
        fodt(
            "",
            &format!(
                r#"<text:tracked-changes><text:changed-region text:id="c1"><text:format-change><office:change-info><dc:creator>{author}</dc:creator><dc:date>2026-01-01T00:00:00</dc:date></office:change-info></text:format-change></text:changed-region></text:tracked-changes>"#
            ),
        )
    };
    let noted = |mark: &str| {
        fodt(
            &format!(
                r#"<text:note text:note-class="footnote"><text:note-citation text:label="{mark}">{mark}</text:note-citation><text:note-body><text:p>注释</text:p></text:note-body></text:note>"#
            ),
            "",
        )
    };
    let dir = tempdir();
    let dict = latin_dictionary(dir.path());
    let dict = dict.to_str().unwrap();
    check_place(
        "change.fodt",
        (&changed("Project BLUEFIN"), &changed("John Smith")),
        ("document.xml", Some("change author")),
        Some("dict.txt:1"),
        &["--dict", dict],
    );
    check_place(
        "note.fodt",
        (&noted("机密★1年"), &noted("注")),
        ("document.xml", Some("note mark")),
        Some("marking.state-secret"),
        &[],
    );
}

#[test]
fn svg_rtf_html_and_odf_names_markers_and_comments() {
    // SVG: a comment (in the file, as an HTML one) and the text an SVG picture in a data: URL
    // draws. RTF: a list level's number text (shown before every item) and a shape's name. HTML:
    // a list marker set by a style sheet. ODF: a user field's name and a custom property's name.
    let svg = |inner: &str| {
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="0" y="20">{PROSE}</text>{inner}</svg>"#)
            .into_bytes()
    };
    check_place(
        "comment.svg",
        (&svg("<!-- 机密★1年 -->"), &svg("<!-- 会议 -->")),
        ("svg-comment", None),
        Some("marking.state-secret"),
        &[],
    );
    check_place(
        "picture.svg",
        (
            &svg(
                r#"<image href="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0IHg9IjAiIHk9IjEwIj7mnLrlr4bimIUx5bm0PC90ZXh0Pjwvc3ZnPg=="/>"#,
            ),
            &svg(
                r#"<image href="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0IHg9IjAiIHk9IjEwIj7kvJrorq48L3RleHQ+PC9zdmc+"/>"#,
            ),
        ),
        ("svg#image1", None),
        Some("marking.state-secret"),
        &[],
    );
    let u = |s: &str| s.chars().map(|c| format!("\\u{}?", c as u32 as i16)).collect::<String>();
    let listed = |number: &str| {
        format!(
            r"{{\rtf1\ansi{{\*\listtable{{\list\listtemplateid1{{\listlevel\levelnfc23{{\leveltext\'05{}\'00{};}}{{\levelnumbers;}}}}\listid1}}}}{{\*\listoverridetable{{\listoverride\listid1\ls1}}}}\pard\ls1 {}\par}}",
            u(number),
            u("年"),
            u(PROSE)
        )
        .into_bytes()
    };
    check_place(
        "list.rtf",
        (&listed("机密★"), &listed("第")),
        ("lists", Some("numbering")),
        Some("marking.state-secret"),
        &[],
    );
    let named = |name: &str| {
        format!(r"{{\rtf1\ansi\pard {}{{\shp{{\*\shpinst{{\sp{{\sn wzName}}{{\sv {}}}}}}}}}\par}}", u(PROSE), u(name))
            .into_bytes()
    };
    check_place(
        "shape.rtf",
        (&named("机密★1年"), &named("会议")),
        ("shapes", Some("shape name")),
        Some("marking.state-secret"),
        &[],
    );
    let marker = |text: &str| {
        format!(r#"<html><head><style>ul{{list-style-type:"{text} "}}</style></head><body><p>{PROSE}</p><ul><li>一</li></ul></body></html>"#)
            .into_bytes()
    };
    check_place(
        "marker.html",
        (&marker("机密★1年"), &marker("◆")),
        ("html-css", Some("ul")),
        Some("marking.state-secret"),
        &[],
    );
    let fodt = |meta: &str, decls: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:meta>{meta}</office:meta><office:body><office:text>{decls}<text:p>{PROSE}</text:p></office:text></office:body></office:document>"#
        )
        .into_bytes()
    };
    let variable = |name: &str| {
        fodt(
            "",
            &format!(
                r#"<text:user-field-decls><text:user-field-decl office:value-type="float" office:value="1" text:name="{name}"/></text:user-field-decls>"#
            ),
        )
    };
    let property = |name: &str| fodt(&format!(r#"<meta:user-defined meta:name="{name}">1</meta:user-defined>"#), "");
    check_place(
        "variable.fodt",
        (&variable("机密★1年"), &variable("会议")),
        ("document.xml", Some("variable name")),
        Some("marking.state-secret"),
        &[],
    );
    check_place(
        "property.fodt",
        (&property("机密★1年"), &property("会议")),
        ("document.xml", Some("user-defined name")),
        Some("marking.state-secret"),
        &[],
    );
}

#[test]
fn epub_guide_titles_and_style_sheet_text() {
    // A reading system lists EPUB 2 guide titles; a chapter linking a style sheet shows what its
    // `::before` rules add. Each marked book blocks there; its twin passes.
    let book = |guide: &str, css: &str| {
        zip_of(&[
            ("mimetype", "application/epub+zip".to_owned()),
            ("META-INF/container.xml", r#"<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/book.opf"/></rootfiles></container>"#.to_owned()),
            (
                "OEBPS/book.opf",
                format!(
                    r#"<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>汇编</dc:title></metadata><manifest><item id="c1" href="ch1.xhtml" media-type="application/xhtml+xml"/><item id="s" href="s.css" media-type="text/css"/></manifest><spine><itemref idref="c1"/></spine><guide><reference type="toc" title="{guide}" href="ch1.xhtml"/></guide></package>"#
                ),
            ),
            (
                "OEBPS/ch1.xhtml",
                format!(r#"<html xmlns="http://www.w3.org/1999/xhtml"><head><link rel="stylesheet" href="s.css"/></head><body><p class="a">{PROSE}</p></body></html>"#),
            ),
            ("OEBPS/s.css", format!(r#".a::before{{content:"{css}"}}"#)),
        ])
    };
    check_place(
        "guide.epub",
        (&book("机密★1年", ""), &book("目录", "")),
        ("OEBPS/book.opf", Some("guide")),
        Some("marking.state-secret"),
        &[],
    );
    check_place(
        "css.epub",
        (&book("目录", "机密★1年"), &book("目录", "第一章 ")),
        ("OEBPS/s.css", Some(".a::before")),
        Some("marking.state-secret"),
        &[],
    );
}

/// An OFD whose one text object, in font 3 (an embedded program, `Res/font_3.ttf` under
/// `PublicRes.xml`, left out when `program` is `None`), says `said` and draws its first two characters with glyphs 1 and 2 of
/// `program` (a glyph transform, `CGTransform`).
fn ofd_drawn(said: &str, program: Option<&[u8]>) -> Vec<u8> {
    const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("OFD.xml", format!(r#"<ofd:OFD {NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#).into_bytes()),
        ("Doc_0/Document.xml", format!(r#"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#).into_bytes()),
        ("Doc_0/PublicRes.xml", format!(r#"<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="SimSun"><ofd:FontFile>font_3.ttf</ofd:FontFile></ofd:Font></ofd:Fonts></ofd:Res>"#).into_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", format!(r#"<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="10" Boundary="25 60 160 8" Font="3" Size="5"><ofd:CGTransform CodePosition="0" CodeCount="2" GlyphCount="2"><ofd:Glyphs>1 2</ofd:Glyphs></ofd:CGTransform><ofd:TextCode X="0" Y="5">{said}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#).into_bytes()),
    ];
    entries.extend(program.map(|p| ("Doc_0/Res/font_3.ttf", p.to_vec())));
    zip_of(&entries)
}

/// The page draws 机密★1年 with glyph ids while its text says 甲乙★1年: block, found in the page
/// read as drawn (field `as drawn`). The twin whose glyphs draw 甲乙 too passes; the twin whose
/// font program is missing from the package needs review (glyphs nobody can read).
#[test]
fn ofd_a_mark_drawn_by_glyph_ids_under_other_text_blocks() {
    let font = |first: char, second: char| truetype(&[(first, 1), (second, 2), ('★', 3), ('1', 4), ('年', 5)]);
    let report = scan("drawn.ofd", &ofd_drawn("甲乙★1年", Some(&font('机', '密'))), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    let places = places(&report);
    assert_eq!(places.len(), 1, "{report}");
    assert_eq!((places[0].1.as_str(), places[0].2.as_deref()), ("page", Some("as drawn")), "{report}");
    assert!(places[0].0.starts_with("marking."), "{report}");

    let report = scan("honest.ofd", &ofd_drawn("甲乙★1年", Some(&font('甲', '乙'))), &[]);
    assert_eq!(report["verdict"], "pass", "{report}");

    let report = scan("missing-font.ofd", &ofd_drawn("甲乙★1年", None), &[]);
    assert_eq!(report["verdict"], "review", "{report}");
}

/// A slide with a column chart of the values 1 and 2 whose data labels use the number format
/// `label` and whose value axis uses `axis` (both as written in the XML).
fn chart_deck(label: &str, axis: &str) -> Vec<u8> {
    let frame = r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="图表 3"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="1" cy="1"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId3"/></a:graphicData></a:graphic></p:graphicFrame>"#;
    let rels = format!(r#"<Relationship Id="rId3" Type="{REL}/chart" Target="../charts/chart1.xml"/>"#);
    let chart = format!(
        r#"<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" {DRAWING}><c:chart><c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>产量</c:v></c:pt></c:strCache></c:strRef></c:tx><c:dLbls><c:numFmt formatCode="{label}" sourceLinked="0"/><c:showVal val="1"/></c:dLbls><c:val><c:numRef><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>1</c:v></c:pt><c:pt idx="1"><c:v>2</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart><c:valAx><c:axId val="1"/><c:numFmt formatCode="{axis}" sourceLinked="0"/></c:valAx></c:plotArea></c:chart></c:chartSpace>"#
    );
    slide_deck("", frame, &rels, &[("ppt/charts/chart1.xml", chart)])
}

/// A chart's data labels and axis show each value through their number format: a mark that
/// only the format holds (`"机密★"0"年"` shows 1 as 机密★1年) is found in the chart part,
/// field `number format`; the twin whose formats print `件` passes.
#[test]
fn pptx_chart_number_formats_show_their_text() {
    let chart = "ppt/charts/chart1.xml".to_owned();
    let field = Some("number format".to_owned());
    let secret = "marking.state-secret".to_owned();
    for (label, axis) in [("&quot;机密★&quot;0&quot;年&quot;", "0"), ("0", "0&quot;绝密★启用前&quot;")] {
        let report = scan("chart.pptx", &chart_deck(label, axis), &[]);
        assert_eq!(report["verdict"], "block", "{label} {axis}: {report}");
        assert!(places(&report).contains(&(secret.clone(), chart.clone(), field.clone())), "{report}");
    }
    let clean = scan("chart.pptx", &chart_deck("0&quot;件&quot;", "0&quot;件&quot;"), &[]);
    assert_eq!(clean["verdict"], "pass", "{clean}");
}

/// A document whose first paragraph, `text`, is the first item of a list whose level prints
/// `label` before it (`w:lvlText`; `%1` is the item's number) with nothing between.
fn listed(label: &str, text: &str) -> Vec<u8> {
    let body = format!(
        r#"<w:p><w:r><w:t>{PROSE}</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    );
    let rels = format!(r#"<Relationship Id="rId7" Type="{REL}/numbering" Target="numbering.xml"/>"#);
    let numbering = format!(
        r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{label}"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    word(&body, &rels, &[("word/numbering.xml", numbering)])
}

/// Word prints a list label before its paragraph: a mark that only shows with the label
/// (`机` + `密★1年`, or `机密★%1年` on the first item) is found at the paragraph, field `list
/// label`; a label of numbers and words that make no mark (`第%1条`) passes.
#[test]
fn docx_list_labels_are_read_with_their_paragraph() {
    let at = ("marking.state-secret".to_owned(), "word/document.xml".to_owned(), Some("list label".to_owned()));
    for (label, text) in [("机", "密★1年"), ("机密★%1年", "项目说明")] {
        let report = scan("list.docx", &listed(label, text), &[]);
        assert_eq!(report["verdict"], "block", "{label} {text}: {report}");
        assert!(places(&report).contains(&at), "{report}");
    }
    let clean = scan("list.docx", &listed("第%1条", "密★1年"), &[]);
    assert_eq!(clean["verdict"], "pass", "{clean}");
}

/// A slide on a layout whose body placeholder's prompt text is `prompt` (the author's own,
/// `hasCustomPrompt`); the slide's own body placeholder is empty, so PowerPoint shows the
/// prompt there in the normal view.
fn prompted_deck(prompt: &str) -> Vec<u8> {
    let p = format!(r#"{DRAWING} xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#);
    let empty_body = r#"<p:sp><p:nvSpPr><p:cNvPr id="5" name="内容占位符 4"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>"#;
    let rels =
        format!(r#"<Relationship Id="rId9" Type="{REL}/slideLayout" Target="../slideLayouts/slideLayout1.xml"/>"#);
    let layout = format!(
        r#"<p:sldLayout {p}><p:cSld name="正文版式"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="3" name="内容占位符 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph idx="1" hasCustomPrompt="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>{prompt}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sldLayout>"#
    );
    slide_deck("", empty_body, &rels, &[("ppt/slideLayouts/slideLayout1.xml", layout)])
}

/// A layout's custom prompt text shows in the slide's empty placeholder while editing, and the
/// file holds it: a mark there is found (field `prompt text`); a plain prompt passes.
#[test]
fn pptx_layout_prompt_text_is_read() {
    let report = scan("prompt.pptx", &prompted_deck("机密★1年"), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    let at = (
        "marking.state-secret".to_owned(),
        "ppt/slideLayouts/slideLayout1.xml".to_owned(),
        Some("prompt text".to_owned()),
    );
    assert!(places(&report).contains(&at), "{report}");
    assert_eq!(scan("prompt.pptx", &prompted_deck("单击此处添加文本"), &[])["verdict"], "pass");
}

/// Word lists the author's own styles by name in its Styles gallery: a mark as a custom style's
/// name is found in `word/styles.xml`, field `style name`; a plain name passes.
#[test]
fn docx_custom_style_names_are_read() {
    let styled = |name: &str| {
        let rels = format!(r#"<Relationship Id="rId5" Type="{REL}/styles" Target="styles.xml"/>"#);
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="x1"><w:name w:val="{name}"/><w:basedOn w:val="a"/><w:qFormat/></w:style></w:styles>"#
        );
        word(&para(&[PROSE]), &rels, &[("word/styles.xml", styles)])
    };
    let report = scan("styled.docx", &styled("机密★1年"), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    let at = ("marking.state-secret".to_owned(), "word/styles.xml".to_owned(), Some("style name".to_owned()));
    assert!(places(&report).contains(&at), "{report}");
    assert_eq!(scan("styled.docx", &styled("公文正文"), &[])["verdict"], "pass");
}

/// A DOCX chart (read by the DOCX reader's own code) whose value axis prints `axis` after each
/// value: a mark only the format holds is found in the chart part, field `number format`.
#[test]
fn docx_chart_number_formats_show_their_text() {
    let charted = |axis: &str| {
        let rels = format!(r#"<Relationship Id="rId8" Type="{REL}/chart" Target="charts/chart1.xml"/>"#);
        let chart = format!(
            r#"<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart><c:ser><c:val><c:numRef><c:numCache><c:formatCode>General</c:formatCode><c:pt idx="0"><c:v>3</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart><c:valAx><c:numFmt formatCode="{axis}" sourceLinked="0"/></c:valAx></c:plotArea></c:chart></c:chartSpace>"#
        );
        word(&para(&[PROSE]), &rels, &[("word/charts/chart1.xml", chart)])
    };
    let report = scan("chart.docx", &charted("&quot;绝密★&quot;0&quot;年&quot;"), &[]);
    assert_eq!(report["verdict"], "block", "{report}");
    let at = ("marking.state-secret".to_owned(), "word/charts/chart1.xml".to_owned(), Some("number format".to_owned()));
    assert!(places(&report).contains(&at), "{report}");
    assert_eq!(scan("chart.docx", &charted("0&quot;件&quot;"), &[])["verdict"], "pass");
}
