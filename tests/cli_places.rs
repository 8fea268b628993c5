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

/// (rule, part, field) of every finding.
fn places(report: &serde_json::Value) -> Vec<(String, String, Option<String>)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let l = &f["location"];
            (
                f["rule"].as_str().unwrap().to_owned(),
                l["part"].as_str().unwrap().to_owned(),
                l["field"].as_str().map(str::to_owned),
            )
        })
        .collect()
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
    assert_eq!(scan("plain.docx", &word(&para(&[PROSE]), &rels, &[]), &["--dict", dict])["verdict"], "pass");
}

/// A one-sheet workbook: a defined name with `constant`, the custom format `format` on cell A1
/// (whose shared string is `1年`), the formula `formula` in B2 without a cached value, and a
/// list validation offering `items`.
fn workbook(constant: &str, format: &str, formula: &str, items: &str) -> Vec<u8> {
    let esc = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
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
                r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="代号">{}</definedName></definedNames></workbook>"#,
                esc(constant)
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
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
    ])
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
        let report = scan(&format!("{name}.ofd"), &marked, &[]);
        assert_eq!(report["verdict"], "block", "{name}: {report}");
        let expected = ("marking.state-secret".to_owned(), part.to_owned(), field.map(str::to_owned));
        assert!(places(&report).contains(&expected), "{name}: {expected:?} not in {report}");
        let report = scan(&format!("{name}-clean.ofd"), &clean, &[]);
        assert_eq!(report["verdict"], "pass", "{name}: {report}");
    }
}
