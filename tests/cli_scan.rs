//! End-to-end tests of `mijian scan`: the real binary on generated DOCX and text fixtures.

mod common;
use common::*;

fn verdict(report: &serde_json::Value) -> &str {
    report["verdict"].as_str().unwrap()
}

fn markings(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "marking").collect()
}

/// A mark in the page header of an otherwise clean DOCX blocks it, located in the header part.
#[test]
fn docx_mark_in_header_blocks() {
    let dir = tempdir();
    let body = para(&[PROSE]);
    let p = write(dir.path(), "header.docx", &docx(&body, &[("word/header1.xml", &header_part("hdr", "机密★1年"))]));
    let (status, r) = scan_json(&p, &[]);
    assert_eq!((status, verdict(&r)), (1, "block"), "{r}");
    let m = markings(&r);
    assert_eq!(m[0]["location"]["part"], "word/header1.xml");
    assert_eq!(m[0]["matched"], "机密★1年");
    assert_eq!(m[0]["level"], "block");
    assert!(r["coverage"]["read"].as_array().unwrap().iter().any(|p| p == "word/header1.xml"), "{r}");
}

/// Word splits text into runs; a mark over three runs is still one mark.
#[test]
fn docx_mark_split_across_runs_blocks() {
    let dir = tempdir();
    let body = format!("{}{}", para(&["000123"]), para(&["机", "密★", "1年"]));
    let p = write(dir.path(), "runs.docx", &docx(&body, &[]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
    let m = markings(&r);
    assert_eq!(m[0]["matched"], "机密★1年");
    assert_eq!(m[0]["location"]["part"], "word/document.xml");
    assert_eq!(m[0]["location"]["paragraph"], 2);
    let signals = m[0]["signals"].as_array().unwrap();
    assert!(signals.contains(&"after_copy_number".into()) && signals.contains(&"head_line".into()), "{}", m[0]);
}

/// A tracked deletion is still in the published file.
#[test]
fn docx_mark_in_tracked_deletion_blocks() {
    let dir = tempdir();
    let body = format!(
        r#"<w:p><w:del w:id="1" w:author="a"><w:r><w:delText>绝密★启用前</w:delText></w:r></w:del><w:r><w:t>{PROSE}</w:t></w:r></w:p>"#
    );
    let p = write(dir.path(), "del.docx", &docx(&body, &[]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
}

/// Hidden text (w:vanish) is still in the file.
#[test]
fn docx_mark_in_hidden_text_blocks() {
    let dir = tempdir();
    let body =
        format!(r#"{}<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>秘密★6个月</w:t></w:r></w:p>"#, para(&[PROSE]).repeat(8));
    let p = write(dir.path(), "hidden.docx", &docx(&body, &[]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
}

/// A mark cut by text that does not show (hidden, a tracked deletion or move, a ruby
/// annotation) is whole on the page: it blocks, located in the paragraph read as shown. The same
/// cut between harmless words passes.
#[test]
fn docx_mark_cut_by_text_that_does_not_show_blocks() {
    let dir = tempdir();
    let plain = |t: &str| format!("<w:r><w:t>{t}</w:t></w:r>");
    let cuts = [
        ("hidden", "<w:r><w:rPr><w:vanish/></w:rPr><w:t>公开</w:t></w:r>".to_owned()),
        ("deleted", r#"<w:del w:id="1" w:author="a"><w:r><w:delText>公开</w:delText></w:r></w:del>"#.to_owned()),
        ("moved", format!(r#"<w:moveFrom w:id="2" w:author="a">{}</w:moveFrom>"#, plain("公开"))),
        ("ruby", "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>mì</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>x</w:t></w:r></w:rubyBase></w:ruby></w:r>".to_owned()),
        ("white", r#"<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>公开</w:t></w:r>"#.to_owned()),
        ("1pt", r#"<w:r><w:rPr><w:sz w:val="2"/></w:rPr><w:t>公开</w:t></w:r>"#.to_owned()),
    ];
    for (name, cut) in cuts {
        // The ruby's base `x` shows: put the mark's second character there.
        let cut = cut.replace(">x<", ">密<");
        let second = if name == "ruby" { "" } else { "密" };
        let body = format!("{}<w:p>{}{cut}{}</w:p>", para(&[PROSE]), plain("机"), plain(&format!("{second}★1年")));
        let p = write(dir.path(), &format!("{name}.docx"), &docx(&body, &[]));
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "block", "{name}: {r}");
        let shown = r["findings"].as_array().unwrap().iter().any(|f| {
            f["rule"] == "marking.state-secret"
                && f["location"]["field"] == "as shown"
                && f["location"]["paragraph"] == 2
        });
        assert!(shown, "{name}: {r}");
        let body =
            format!("{}<w:p>{}{}{}</w:p>", para(&[PROSE]), plain("会议"), cut.replace(">密<", ">议<"), plain("纪要"));
        let p = write(dir.path(), &format!("{name}-clean.docx"), &docx(&body, &[]));
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "pass", "{name}: {r}");
    }
}

/// A file whose mark is cut by a piece: made from the text before and after the cut.
type Make<'a> = Box<dyn Fn(&str, &str) -> Vec<u8> + 'a>;

/// Each `hiding` file, `机` cut from `密★1年` by a piece no viewer shows, blocks with the line read
/// as shown (a workbook's cell: in its row), and its twin, the same cut between harmless words,
/// passes; each `showing` file, whose cut does show, passes (the page reads `机公开密★1年`).
fn cuts_block_as_shown_and_visible_cuts_pass(dir: &std::path::Path, hiding: &[(&str, Make)], showing: &[(&str, Make)]) {
    for (name, make) in hiding {
        let p = write(dir, name, &make("机", "密★1年"));
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "block", "{name}: {r}");
        let findings = r["findings"].as_array().unwrap();
        let shown =
            findings.iter().any(|f| f["rule"] == "marking.state-secret" && f["location"]["field"] == "as shown");
        let in_row = name.ends_with(".xlsx") && findings.iter().any(|f| f["location"]["paragraph"] == 2);
        assert!(shown || in_row, "{name}: {r}");
        let p = write(dir, &format!("clean-{name}"), &make("会议", "纪要"));
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "pass", "{name}: {r}");
    }
    for (name, make) in showing {
        let p = write(dir, name, &make("机", "密★1年"));
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "pass", "{name}: {r}");
    }
}

/// The same in slides, RTF, OpenDocument and workbooks: a run without fill or 1pt high in a
/// slide, hidden, deleted, white or 1pt text in RTF, a span in a hidden, white or 1pt style in
/// ODT or a ruby annotation (set above its base), a hidden or white run of a cell's rich text
/// cuts `机` from
/// `密★1年` in the file but not on the page. The marked files block with an `as shown` finding;
/// the twins, the same cut between harmless words, pass.
#[test]
fn marks_cut_by_text_that_does_not_show_block_in_slides_rtf_and_opendocument() {
    let dir = tempdir();
    let pptx_cut = |props: &str, a: &str, b: &str| {
        pptx(&[&[&format!("{a}</a:t></a:r><a:r>{props}<a:t>公开</a:t></a:r><a:r><a:t>{b}")]])
    };
    let u = |t: &str| t.chars().map(|c| format!("\\u{}?", c as u32)).collect::<String>();
    let rtf_cut = |cut: &str, a: &str, b: &str| {
        format!(
            r"{{\rtf1\ansi{{\fonttbl{{\f0 SimSun;}}}}{{\colortbl;\red255\green255\blue255;}}\pard {}\par\pard {}{}{}\par}}",
            u(PROSE),
            u(a),
            cut.replace('X', &u("公开")),
            u(b)
        )
        .into_bytes()
    };
    let odt_cut = |style: &str, a: &str, b: &str| {
        odf(
            "text",
            &format!(
                r#"<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties {style}/></style:style></office:automatic-styles><office:text><text:p>{PROSE}</text:p><text:p>{a}<text:span text:style-name="T1">公开</text:span>{b}</text:p></office:text>"#
            ),
            "",
            "",
        )
    };
    // A shared string of three runs, the middle one formatted so.
    let xlsx_cut = |props: &str, a: &str, b: &str| {
        let rich = format!("{a}</t><r><rPr>{props}</rPr><t>公开</t></r><t>{b}");
        xlsx(
            &[PROSE, &rich],
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>"#,
            "",
        )
    };
    let cases: Vec<(&str, Make)> = vec![
        ("no-fill.pptx", Box::new(|a, b| pptx_cut("<a:rPr><a:noFill/></a:rPr>", a, b))),
        ("1pt.pptx", Box::new(|a, b| pptx_cut(r#"<a:rPr sz="100"/>"#, a, b))),
        ("hidden.rtf", Box::new(|a, b| rtf_cut(r"{\v X}", a, b))),
        ("deleted.rtf", Box::new(|a, b| rtf_cut(r"{\deleted X}", a, b))),
        ("white.rtf", Box::new(|a, b| rtf_cut(r"{\cf1 X}", a, b))),
        ("1pt.rtf", Box::new(|a, b| rtf_cut(r"{\fs2 X}", a, b))),
        ("display-none.odt", Box::new(|a, b| odt_cut(r#"text:display="none""#, a, b))),
        ("white.odt", Box::new(|a, b| odt_cut(r##"fo:color="#ffffff""##, a, b))),
        ("1pt.odt", Box::new(|a, b| odt_cut(r#"fo:font-size="1pt""#, a, b))),
        (
            "ruby.odt",
            Box::new(|a, b| {
                let ruby = format!(
                    "<text:ruby><text:ruby-base>{a}</text:ruby-base><text:ruby-text>公开</text:ruby-text></text:ruby>"
                );
                odf(
                    "text",
                    &format!("<office:text><text:p>{PROSE}</text:p><text:p>{ruby}{b}</text:p></office:text>"),
                    "",
                    "",
                )
            }),
        ),
        ("white.xlsx", Box::new(|a, b| xlsx_cut(r#"<color rgb="FFFFFFFF"/>"#, a, b))),
        ("hidden.xlsx", Box::new(|a, b| xlsx_cut("<vanish/>", a, b))),
    ];
    cuts_block_as_shown_and_visible_cuts_pass(dir.path(), &cases, &[]);
}

/// Text can be unseen by what it inherits or what is behind it, not only by its own formatting:
/// a Word character, paragraph or default style that hides it or makes it white; black text on a
/// black shading; an OpenDocument named style (in styles.xml) whose parent hides it; slide text
/// in the colour of the master's background (a theme colour through the colour map); a workbook
/// run in the colour of its cell's fill. Each cuts `机` from `密★1年` in the file but not on the
/// page: the marked files block with an `as shown` finding (a workbook's in the cell's row); the
/// twins, the same cut between harmless words, pass; and so do the files whose direct formatting
/// or background makes the cut show.
#[test]
fn marks_cut_by_text_that_styles_or_backgrounds_hide_block() {
    let dir = tempdir();
    let run = |t: &str, rpr: &str| format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{t}</w:t></w:r>");
    let style = |kind: &str, id: &str, extra: &str, rpr: &str| {
        format!(
            r#"<w:style w:type="{kind}" w:styleId="{id}" {extra}><w:name w:val="{id}"/><w:rPr>{rpr}</w:rPr></w:style>"#
        )
    };
    let docx_cut = |styles: String, ppr: &'static str, ends: &'static str, middle: &'static str| {
        move |a: &str, b: &str| {
            let body = format!(
                "{}<w:p><w:pPr>{ppr}</w:pPr>{}{}{}</w:p>",
                para(&[PROSE]),
                run(a, ends),
                run("公开", middle),
                run(b, ends)
            );
            let styles = format!(r#"<?xml version="1.0"?><w:styles xmlns:w="{W}">{styles}</w:styles>"#);
            docx(&body, &[("word/styles.xml", &styles)])
        }
    };
    let odt_cut = |a: &str, b: &str| {
        let styles = r##"<office:styles><style:style style:name="隐藏" style:family="text"><style:text-properties text:display="none"/></style:style><style:style style:name="注释" style:family="text" style:parent-style-name="隐藏"><style:text-properties fo:font-weight="bold"/></style:style></office:styles>"##;
        zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text".to_owned()),
            (
                "content.xml",
                format!(
                    r#"<office:document-content {ODF_NS}><office:body><office:text><text:p>{PROSE}</text:p><text:p>{a}<text:span text:style-name="注释">公开</text:span>{b}</text:p></office:text></office:body></office:document-content>"#
                ),
            ),
            ("styles.xml", format!(r#"<office:document-styles {ODF_NS}>{styles}</office:document-styles>"#)),
            (
                "META-INF/manifest.xml",
                r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#
                    .to_owned(),
            ),
        ])
    };
    // A header on the page layout's black header background; the cut in `colour`.
    let odt_header_cut = |colour: &'static str| {
        move |a: &str, b: &str| {
            let styles = format!(
                r##"<office:automatic-styles><style:page-layout style:name="pm1"><style:header-style><style:header-footer-properties fo:background-color="#000000"/></style:header-style></style:page-layout><style:style style:name="R" style:family="text"><style:text-properties fo:color="#ff0000"/></style:style><style:style style:name="C" style:family="text"><style:text-properties fo:color="{colour}"/></style:style></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header><text:p><text:span text:style-name="R">{a}</text:span><text:span text:style-name="C">公开</text:span><text:span text:style-name="R">{b}</text:span></text:p></style:header></style:master-page></office:master-styles>"##
            );
            zip_of(&[
                ("mimetype", "application/vnd.oasis.opendocument.text".to_owned()),
                (
                    "content.xml",
                    format!(
                        r#"<office:document-content {ODF_NS}><office:body><office:text><text:p>{PROSE}</text:p></office:text></office:body></office:document-content>"#
                    ),
                ),
                ("styles.xml", format!(r#"<office:document-styles {ODF_NS}>{styles}</office:document-styles>"#)),
                (
                    "META-INF/manifest.xml",
                    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#
                        .to_owned(),
                ),
            ])
        }
    };
    // The master's background, the cut run's fill, the cut shape's placeholder, the master's
    // text styles (what a run without its own colour inherits in a placeholder).
    let pptx_cut = |background: &'static str, middle: &'static str, ph: &'static str, styles: &'static str| {
        move |a: &str, b: &str| {
            let ns = pml_ns();
            let r = |t: &str, fill: &str| format!(r#"<a:r><a:rPr lang="zh-CN">{fill}</a:rPr><a:t>{t}</a:t></a:r>"#);
            let red = r#"<a:solidFill><a:srgbClr val="C00000"/></a:solidFill>"#;
            let shape = |id: u32, ph: &str, paragraph: String| {
                format!(
                    r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="文本框 {id}"/><p:cNvSpPr txBox="1"/><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>{paragraph}</p:txBody></p:sp>"#
                )
            };
            let shapes = shape(2, "", format!("<a:p>{}</a:p>", r(PROSE, "")))
                + &shape(3, ph, format!("<a:p>{}{}{}</a:p>", r(a, red), r("公开", middle), r(b, red)));
            let rels = one_rel;
            let mut parts = one_slide_parts(&shapes, ("slideLayout", "../slideLayouts/slideLayout1.xml"));
            parts.extend([
                entry(
                    "ppt/slideLayouts/slideLayout1.xml",
                    format!(r#"<p:sldLayout {ns}><p:cSld><p:spTree/></p:cSld></p:sldLayout>"#),
                ),
                entry(
                    "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                    rels("slideMaster", "../slideMasters/slideMaster1.xml"),
                ),
                entry(
                    "ppt/slideMasters/slideMaster1.xml",
                    format!(
                        r#"<p:sldMaster {ns}><p:cSld>{background}<p:spTree/></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:txStyles>{styles}</p:txStyles></p:sldMaster>"#
                    ),
                ),
                entry("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels("theme", "../theme/theme1.xml")),
                entry(
                    "ppt/theme/theme1.xml",
                    r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:clrScheme name="o"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2></a:clrScheme></a:themeElements></a:theme>"#,
                ),
            ]);
            zip_of(&parts)
        }
    };
    let xlsx_cut = |fill: &'static str| {
        move |a: &str, b: &str| {
            let sst = format!(
                r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{PROSE}</t></si><si><r><t>{a}</t></r><r><rPr><color rgb="FF000000"/></rPr><t>公开</t></r><r><t>{b}</t></r></si></sst>"#
            );
            let styles = format!(
                r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font/><font><color rgb="FFFFFFFF"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="{fill}"/></patternFill></fill></fills><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="2"/></cellXfs></styleSheet>"#
            );
            zip_of(&[
                entry("[Content_Types].xml", "<Types/>"),
                entry(
                    "_rels/.rels",
                    format!(
                        r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                    ),
                ),
                entry(
                    "xl/workbook.xml",
                    format!(
                        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                    ),
                ),
                entry(
                    "xl/_rels/workbook.xml.rels",
                    format!(
                        r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>"#
                    ),
                ),
                entry("xl/sharedStrings.xml", sst),
                entry("xl/styles.xml", styles),
                entry(
                    "xl/worksheets/sheet1.xml",
                    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s" s="1"><v>1</v></c></row></sheetData></worksheet>"#,
                ),
            ])
        }
    };
    // A slide without a background of its own, on a black master page; the cut in `colour`.
    let odp_cut = |colour: &'static str| {
        move |a: &str, b: &str| {
            let styles = r##"<office:automatic-styles><style:style style:name="Mdark" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="#000000"/></style:style></office:automatic-styles><office:master-styles><style:master-page style:name="暗" draw:style-name="Mdark"/></office:master-styles>"##;
            let auto = format!(
                r##"<office:automatic-styles><style:style style:name="R" style:family="text"><style:text-properties fo:color="#ff0000"/></style:style><style:style style:name="C" style:family="text"><style:text-properties fo:color="{colour}"/></style:style></office:automatic-styles>"##
            );
            let frame = |p: String| format!("<draw:frame><draw:text-box>{p}</draw:text-box></draw:frame>");
            let span = |style: &str, t: &str| format!(r#"<text:span text:style-name="{style}">{t}</text:span>"#);
            let shapes = frame(format!("<text:p>{}</text:p>", span("R", PROSE)))
                + &frame(format!("<text:p>{}{}{}</text:p>", span("R", a), span("C", "公开"), span("R", b)));
            zip_of(&[
                ("mimetype", "application/vnd.oasis.opendocument.presentation".to_owned()),
                (
                    "content.xml",
                    format!(
                        r#"<office:document-content {ODF_NS}>{auto}<office:body><office:presentation><draw:page draw:name="p1" draw:master-page-name="暗">{shapes}</draw:page></office:presentation></office:body></office:document-content>"#
                    ),
                ),
                ("styles.xml", format!(r#"<office:document-styles {ODF_NS}>{styles}</office:document-styles>"#)),
                (
                    "META-INF/manifest.xml",
                    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#
                        .to_owned(),
                ),
            ])
        }
    };
    let hidden = style("character", "H", "", "<w:vanish/>");
    let white_normal = style("paragraph", "Normal", r#"w:default="1""#, r#"<w:color w:val="FFFFFF"/>"#);
    let black = r#"<w:color w:val="000000"/>"#;
    let light = r#"<p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>"#;
    let dark = r#"<p:bg><p:bgPr><a:solidFill><a:srgbClr val="1F3864"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"#;
    let bg1 = r#"<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>"#;
    let black_fill = r#"<a:solidFill><a:srgbClr val="000000"/></a:solidFill>"#;
    let body = r#"<p:ph idx="1"/>"#;
    let white_body = r#"<p:bodyStyle><a:lvl1pPr><a:defRPr><a:solidFill><a:schemeClr val="bg1"/></a:solidFill></a:defRPr></a:lvl1pPr></p:bodyStyle>"#;
    let hiding: Vec<(&str, Make)> = vec![
        ("character-style.docx", Box::new(docx_cut(hidden.clone(), "", "", r#"<w:rStyle w:val="H"/>"#))),
        (
            "paragraph-style.docx",
            Box::new(docx_cut(
                style("paragraph", "P", "", "<w:vanish/>"),
                r#"<w:pStyle w:val="P"/>"#,
                r#"<w:vanish w:val="0"/>"#,
                "",
            )),
        ),
        ("default-style.docx", Box::new(docx_cut(white_normal.clone(), "", black, ""))),
        (
            "black-on-black.docx",
            Box::new(docx_cut(
                String::new(),
                "",
                "",
                r#"<w:color w:val="000000"/><w:shd w:val="clear" w:fill="000000"/>"#,
            )),
        ),
        // Squeezed to 1% of its width (a hairline), raised by Word's tallest page (off the page).
        ("squeezed.docx", Box::new(docx_cut(String::new(), "", "", r#"<w:w w:val="1"/>"#))),
        ("raised-off-the-page.docx", Box::new(docx_cut(String::new(), "", "", r#"<w:position w:val="3168"/>"#))),
        ("named-style.odt", Box::new(odt_cut)),
        ("black-in-black-header.odt", Box::new(odt_header_cut("#000000"))),
        ("black-on-black-master.odp", Box::new(odp_cut("#000000"))),
        ("white-master.pptx", Box::new(pptx_cut(light, bg1, "", ""))),
        ("inherited-white.pptx", Box::new(pptx_cut(light, "", body, white_body))),
        ("black-fill.xlsx", Box::new(xlsx_cut("FF000000"))),
    ];
    // The cut shows: direct formatting over the style, white text on a dark slide, black text on
    // a white cell. The file reads `机公开密★1年`, as the page shows it: it passes.
    let showing: Vec<(&str, Make)> = vec![
        ("shown-over-style.docx", Box::new(docx_cut(hidden, "", "", r#"<w:rStyle w:val="H"/><w:vanish w:val="0"/>"#))),
        ("coloured-over-default.docx", Box::new(docx_cut(white_normal, "", "", black))),
        // Hidden only in Web Layout; condensed glyphs drawn over each other; half width.
        ("web-hidden.docx", Box::new(docx_cut(String::new(), "", "", "<w:webHidden/>"))),
        ("condensed.docx", Box::new(docx_cut(String::new(), "", "", r#"<w:spacing w:val="-400"/>"#))),
        ("half-width.docx", Box::new(docx_cut(String::new(), "", "", r#"<w:w w:val="50"/>"#))),
        ("dark-master.pptx", Box::new(pptx_cut(dark, bg1, "", ""))),
        ("white-on-black-master.odp", Box::new(odp_cut("#ffffff"))),
        ("white-in-black-header.odt", Box::new(odt_header_cut("#ffffff"))),
        ("inherited-white-on-dark.pptx", Box::new(pptx_cut(dark, "", body, white_body))),
        ("own-colour-over-inherited.pptx", Box::new(pptx_cut(light, black_fill, body, white_body))),
        ("white-fill.xlsx", Box::new(xlsx_cut("FFFFFFFF"))),
    ];
    cuts_block_as_shown_and_visible_cuts_pass(dir.path(), &hiding, &showing);
}

/// Parts of a table style and whole cells: a run the table style's header row (`w:tblStylePr`,
/// turned on by the table's `w:tblLook`) makes white on the page, a cell of a workbook's row white
/// on white or hidden by the format `;;;`. Each cuts `机` from `密★1年` in the file but not on the
/// page: the marked files block with an `as shown` finding, the twins pass; a header row the
/// table turns off, a cut in a row that is not the header, a cell that shows, pass.
#[test]
fn marks_cut_by_a_table_styles_part_or_an_unseen_cell_block() {
    let dir = tempdir();
    let docx_table = |look: &'static str, header_first: bool| {
        move |a: &str, b: &str| {
            let run = |t: &str, rpr: &str| format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{t}</w:t></w:r>");
            let black = r#"<w:color w:val="000000"/>"#;
            let cut = format!("<w:tc><w:p>{}{}{}</w:p></w:tc>", run(a, black), run("公开", ""), run(b, black));
            let header = "<w:tc><w:p/></w:tc>";
            let rows = if header_first {
                format!("<w:tr>{header}</w:tr><w:tr>{cut}</w:tr>")
            } else {
                format!("<w:tr>{cut}</w:tr>")
            };
            let body =
                format!(r#"{}<w:tbl><w:tblPr><w:tblStyle w:val="表"/>{look}</w:tblPr>{rows}</w:tbl>"#, para(&[PROSE]));
            let styles = format!(
                r#"<?xml version="1.0"?><w:styles xmlns:w="{W}"><w:style w:type="table" w:styleId="表"><w:name w:val="表"/><w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:tblStylePr></w:style></w:styles>"#
            );
            docx(&body, &[("word/styles.xml", &styles)])
        }
    };
    // A row of three cells, the middle one in cell format `middle` (1: white font, 2: `;;;`,
    // 0: as the others), with the conditional formats `rules` on it; or (`down`) a column of
    // four, `b` in two cells.
    let xlsx_cut = |middle: u32, rules: &'static str, down: bool| {
        move |a: &str, b: &str| {
            let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            let cell =
                |r: &str, s: u32, t: &str| format!(r#"<c r="{r}" s="{s}" t="inlineStr"><is><t>{t}</t></is></c>"#);
            let styles = format!(
                r#"<styleSheet xmlns="{ns}"><numFmts count="1"><numFmt numFmtId="164" formatCode=";;;"/></numFmts><fonts count="2"><font/><font><color rgb="FFFFFFFF"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0"/><xf numFmtId="164" fontId="0" fillId="0"/></cellXfs><dxfs count="2"><dxf><font><color rgb="FFFFFFFF"/></font></dxf><dxf><font><color rgb="FF000000"/></font></dxf></dxfs></styleSheet>"#
            );
            let (b1, b2) = b.split_at(b.char_indices().nth(1).map_or(b.len(), |(i, _)| i));
            let cells = if down {
                [("A2", 0, a), ("A3", middle, "公开"), ("A4", 0, b1), ("A5", 0, b2)]
                    .map(|(r, s, t)| format!(r#"<row r="{}">{}</row>"#, &r[1..], cell(r, s, t)))
                    .concat()
            } else {
                format!(r#"<row r="2">{}{}{}</row>"#, cell("A2", 0, a), cell("B2", middle, "公开"), cell("C2", 0, b))
            };
            let cut_at = if down { "A3" } else { "B2" };
            let rules = if rules.is_empty() {
                String::new()
            } else {
                format!(r#"<conditionalFormatting sqref="{cut_at}">{rules}</conditionalFormatting>"#)
            };
            let rels = |targets: &[(&str, &str)]| {
                let list: String = targets
                    .iter()
                    .enumerate()
                    .map(|(i, (kind, target))| {
                        format!(r#"<Relationship Id="rId{}" Type="{REL}/{kind}" Target="{target}"/>"#, i + 1)
                    })
                    .collect();
                format!(r#"<Relationships xmlns="{RELS}">{list}</Relationships>"#)
            };
            zip_of(&[
                entry("[Content_Types].xml", "<Types/>"),
                entry("_rels/.rels", rels(&[("officeDocument", "xl/workbook.xml")])),
                entry(
                    "xl/workbook.xml",
                    format!(
                        r#"<workbook xmlns="{ns}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                    ),
                ),
                entry(
                    "xl/_rels/workbook.xml.rels",
                    rels(&[("worksheet", "worksheets/sheet1.xml"), ("styles", "styles.xml")]),
                ),
                entry("xl/styles.xml", styles),
                entry(
                    "xl/worksheets/sheet1.xml",
                    format!(
                        r#"<worksheet xmlns="{ns}"><sheetData><row r="1">{}</row>{cells}</sheetData>{rules}</worksheet>"#,
                        cell("A1", 0, PROSE),
                    ),
                ),
            ])
        }
    };
    // A slide (on a master: the white page) with a one-cell table in the style `style` with the
    // parts `turned` on (`a:tblPr` attributes), from a `ppt/tableStyles.xml` where
    // `{5C22544A…}` (PowerPoint's default) fills its header row accent blue, `{LIGHT}` fills
    // nothing, `{HEADER}` makes its header row's text white on white (its other cells black on
    // blue) and `{SAME}` all its text the blue of its cells; the cell's `公开` is white (`own`),
    // else in the colour the style gives it.
    let pptx_table = |style: &'static str, turned: &'static str, own: bool| {
        move |a: &str, b: &str| {
            let ns = pml_ns();
            let run = |t: &str, c: &str| {
                format!(
                    r#"<a:r><a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="{c}"/></a:solidFill></a:rPr><a:t>{t}</a:t></a:r>"#
                )
            };
            let cell = format!(
                "<a:tc><a:txBody><a:bodyPr/><a:p>{}{}{}</a:p></a:txBody><a:tcPr/></a:tc>",
                run(a, "000000"),
                if own {
                    run("公开", "FFFFFF")
                } else {
                    r#"<a:r><a:rPr lang="zh-CN"/><a:t>公开</a:t></a:r>"#.into()
                },
                run(b, "000000")
            );
            let prose = format!(
                r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="t"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p>{}</a:p></p:txBody></p:sp>"#,
                run(PROSE, "000000")
            );
            let table = format!(
                r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="表格 3"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="900000"/><a:ext cx="100" cy="100"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr {turned}><a:tableStyleId>{style}</a:tableStyleId></a:tblPr><a:tblGrid><a:gridCol w="100"/></a:tblGrid><a:tr h="10">{cell}</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>"#
            );
            let medium = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}";
            let styles = format!(
                r#"<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" def="{medium}"><a:tblStyle styleId="{medium}" styleName="中度样式 2 - 强调 1"><a:wholeTbl><a:tcTxStyle><a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"><a:tint val="20000"/></a:schemeClr></a:solidFill></a:fill></a:tcStyle></a:wholeTbl><a:firstRow><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:firstRow></a:tblStyle><a:tblStyle styleId="{{LIGHT}}" styleName="浅色"><a:wholeTbl><a:tcStyle><a:fill><a:noFill/></a:fill></a:tcStyle></a:wholeTbl></a:tblStyle><a:tblStyle styleId="{{HEADER}}"><a:wholeTbl><a:tcTxStyle><a:srgbClr val="000000"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></a:fill></a:tcStyle></a:wholeTbl><a:firstRow><a:tcTxStyle><a:srgbClr val="FFFFFF"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:fill></a:tcStyle></a:firstRow></a:tblStyle><a:tblStyle styleId="{{SAME}}"><a:wholeTbl><a:tcTxStyle><a:srgbClr val="1F4E79"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill></a:fill></a:tcStyle></a:wholeTbl></a:tblStyle></a:tblStyleLst>"#
            );
            let mut parts =
                one_slide_parts(&format!("{prose}{table}"), ("slideMaster", "../slideMasters/slideMaster1.xml"));
            parts.extend([
                entry("ppt/tableStyles.xml", styles),
                entry(
                    "ppt/slideMasters/slideMaster1.xml",
                    format!(r#"<p:sldMaster {ns}><p:cSld><p:spTree/></p:cSld></p:sldMaster>"#),
                ),
            ]);
            zip_of(&parts)
        }
    };
    let on = r#"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>"#;
    let off = r#"<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>"#;
    let hiding: Vec<(&str, Make)> = vec![
        ("white-header-row.docx", Box::new(docx_table(on, false))),
        ("white-cell-in-row.xlsx", Box::new(xlsx_cut(1, "", false))),
        ("cell-hidden-by-format.xlsx", Box::new(xlsx_cut(2, "", false))),
        ("white-cell-down-a-column.xlsx", Box::new(xlsx_cut(1, "", true))),
        ("white-by-a-condition-that-holds.xlsx", Box::new(xlsx_cut(0, WHITE_IF_PUBLIC, false))),
        ("white-by-a-condition-down-a-column.xlsx", Box::new(xlsx_cut(0, WHITE_IF_PUBLIC, true))),
        ("white-after-an-uncertain-black.xlsx", Box::new(xlsx_cut(1, BLACK_IF_A9, false))),
        ("white-in-a-table-style-without-fills.pptx", Box::new(pptx_table("{LIGHT}", HEADER_AND_BANDS, true))),
        (
            "white-on-white-in-its-table-styles-header-row.pptx",
            Box::new(pptx_table("{HEADER}", HEADER_AND_BANDS, false)),
        ),
        ("blue-on-blue-by-its-table-style.pptx", Box::new(pptx_table("{SAME}", "", false))),
    ];
    let showing: Vec<(&str, Make)> = vec![
        ("header-row-turned-off.docx", Box::new(docx_table(off, false))),
        ("below-the-header-row.docx", Box::new(docx_table(on, true))),
        ("shown-cell-in-row.xlsx", Box::new(xlsx_cut(0, "", false))),
        ("shown-cell-down-a-column.xlsx", Box::new(xlsx_cut(0, "", true))),
        ("white-by-a-condition-that-fails.xlsx", Box::new(xlsx_cut(0, WHITE_IF_SECRET, false))),
        ("white-by-an-uncertain-condition.xlsx", Box::new(xlsx_cut(0, WHITE_IF_A9, false))),
        ("white-made-black-by-a-condition.xlsx", Box::new(xlsx_cut(1, BLACK_ALWAYS, true))),
        (
            "white-on-a-table-styles-header-fill.pptx",
            Box::new(pptx_table("{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}", HEADER_AND_BANDS, true)),
        ),
        ("black-on-blue-with-the-header-row-off.pptx", Box::new(pptx_table("{HEADER}", r#"bandRow="1""#, false))),
    ];
    cuts_block_as_shown_and_visible_cuts_pass(dir.path(), &hiding, &showing);
    // Down a column, the finding is in the column read as shown.
    let p = write(dir.path(), "down.xlsx", &xlsx_cut(1, "", true)("机", "密★1年"));
    let (_, r) = scan_json(&p, &[]);
    let down = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "marking.state-secret" && f["location"]["field"] == "column A, rows 2-5, as shown");
    assert!(down, "{r}");
}

/// A PowerPoint table's parts turned on as a new table has them: the header row and row bands.
const HEADER_AND_BANDS: &str = r#"firstRow="1" bandRow="1""#;

/// Conditional formats of the cut cell (dxf 0: white text, 1: black text).
const WHITE_IF_PUBLIC: &str =
    r#"<cfRule type="cellIs" dxfId="0" priority="1" operator="equal"><formula>"公开"</formula></cfRule>"#;
const WHITE_IF_SECRET: &str =
    r#"<cfRule type="cellIs" dxfId="0" priority="1" operator="equal"><formula>"机密"</formula></cfRule>"#;
const WHITE_IF_A9: &str = r#"<cfRule type="expression" dxfId="0" priority="1"><formula>$A$9=1</formula></cfRule>"#;
const BLACK_IF_A9: &str = r#"<cfRule type="expression" dxfId="1" priority="1"><formula>$A$9=1</formula></cfRule>"#;
const BLACK_ALWAYS: &str = r#"<cfRule type="expression" dxfId="1" priority="1"><formula>TRUE</formula></cfRule>"#;

/// What a viewer shows where text is hidden around it: a child or a later, important rule that
/// shows again (HTML), a text box's own fill behind its text (DOCX, ODF frames), the runs of
/// an inline string on its cell (XLSX). A mark cut by unseen text there blocks with the line as shown; the
/// twin without a mark passes; a cut that shows passes.
#[test]
fn marks_cut_where_a_viewer_shows_text_again_or_a_shape_is_behind_block() {
    let dir = tempdir();
    let html = |css: &'static str, body: &'static str| {
        move |a: &str, b: &str| {
            let body = body.replace("{a}", a).replace("{b}", b);
            format!("<html><head><style>{css}</style></head><body><p>{PROSE}</p><div>{body}</div></body></html>")
                .into_bytes()
        }
    };
    let text_box = |fill: &'static str, ends: &'static str, middle: &'static str| {
        move |a: &str, b: &str| {
            let r = |t: &str, rpr: &str| format!("<w:r><w:rPr>{rpr}</w:rPr><w:t>{t}</w:t></w:r>");
            let body = format!(
                r#"{}<w:p><w:r><w:drawing><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><wps:spPr><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></wps:spPr><wps:txbx><w:txbxContent><w:p>{}{}{}</w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></w:r></w:p>"#,
                para(&[PROSE]),
                r(a, ends),
                r("公开", middle),
                r(b, ends)
            );
            docx(&body, &[])
        }
    };
    let inline_cell = |a: &str, b: &str| {
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let rels = one_rel;
        zip_of(&[
            entry("[Content_Types].xml", "<Types/>"),
            entry("_rels/.rels", rels("officeDocument", "xl/workbook.xml")),
            entry(
                "xl/workbook.xml",
                format!(
                    r#"<workbook xmlns="{ns}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            entry("xl/_rels/workbook.xml.rels", rels("worksheet", "worksheets/sheet1.xml")),
            entry(
                "xl/worksheets/sheet1.xml",
                format!(
                    r#"<worksheet xmlns="{ns}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{PROSE}</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><r><t>{a}</t></r><r><rPr><color rgb="FFFFFFFF"/></rPr><t>公开</t></r><r><t>{b}</t></r></is></c></row></sheetData></worksheet>"#
                ),
            ),
        ])
    };
    // A Writer frame filled navy: white ends cut by hidden text, or black ends cut by white.
    let odt_frame = |white_ends: bool| {
        move |a: &str, b: &str| {
            let styles = r##"<office:automatic-styles><style:style style:name="navy" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#1f3864"/></style:style><style:style style:name="W" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style><style:style style:name="H" style:family="text"><style:text-properties text:display="none"/></style:style></office:automatic-styles>"##;
            let (ends, middle) = if white_ends { ("W", "H") } else { ("none", "W") };
            let span = |style: &str, t: &str| format!(r#"<text:span text:style-name="{style}">{t}</text:span>"#);
            let p = format!("<text:p>{}{}{}</text:p>", span(ends, a), span(middle, "公开"), span(ends, b));
            zip_of(&[
                ("mimetype", "application/vnd.oasis.opendocument.text".to_owned()),
                (
                    "content.xml",
                    format!(
                        r#"<office:document-content {ODF_NS}>{styles}<office:body><office:text><text:p>{PROSE}</text:p><text:p><draw:frame draw:style-name="navy"><draw:text-box>{p}</draw:text-box></draw:frame></text:p></office:text></office:body></office:document-content>"#
                    ),
                ),
                (
                    "META-INF/manifest.xml",
                    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#
                        .to_owned(),
                ),
            ])
        }
    };
    let white = r#"<w:color w:val="FFFFFF"/>"#;
    let hiding: Vec<(&str, Make)> = vec![
        (
            "visible-child.html",
            Box::new(html(
                "",
                r#"{a}<span style="visibility:hidden">公开<b style="visibility:visible">{b}</b></span>"#,
            )),
        ),
        (
            "sized-children.html",
            Box::new(html(
                "",
                r#"<span style="font-size:0">公开<b style="font-size:16px">{a}</b>公开<b style="font-size:16px">{b}</b></span>"#,
            )),
        ),
        (
            "dark-children.html",
            Box::new(html(".w{color:#fff}.w b{color:#000}", r#"<span class="w">公开<b>{a}</b>公开<b>{b}</b></span>"#)),
        ),
        (
            "important.html",
            Box::new(html(".h{display:none!important}", r#"{a}<span class="h" style="display:inline">公开</span>{b}"#)),
        ),
        (
            "visibility-not-display.html",
            Box::new(html(".h{display:none}", r#"{a}<span class="h" style="visibility:visible">公开</span>{b}"#)),
        ),
        ("white-on-navy-text-box.docx", Box::new(text_box("1F3864", white, "<w:vanish/>"))),
        ("white-on-white-text-box.docx", Box::new(text_box("FFFFFF", "", white))),
        ("inline-string.xlsx", Box::new(inline_cell)),
        ("white-on-navy-frame.odt", Box::new(odt_frame(true))),
    ];
    // The cut shows: a later rule shows the span again, white text shows on a navy text box.
    let showing: Vec<(&str, Make)> = vec![
        (
            "shown-again.html",
            Box::new(html(".h{display:none}.h{display:inline}", r#"{a}<span class="h">公开</span>{b}"#)),
        ),
        ("white-cut-on-navy.docx", Box::new(text_box("1F3864", "", white))),
        ("white-cut-on-navy-frame.odt", Box::new(odt_frame(false))),
    ];
    cuts_block_as_shown_and_visible_cuts_pass(dir.path(), &hiding, &showing);
}

/// A QUOTE field shows its text once Word updates it (on printing, on F9), whatever result was
/// saved: a mark there blocks; a harmless quote passes.
#[test]
fn docx_mark_in_a_quote_field_blocks() {
    let dir = tempdir();
    let field = |text: &str| {
        format!(
            r#"{}<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> QUOTE "{text}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>公开</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            para(&[PROSE])
        )
    };
    let p = write(dir.path(), "quote.docx", &docx(&field("机密★1年"), &[]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
    let p = write(dir.path(), "quote-clean.docx", &docx(&field("会议纪要"), &[]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "pass", "{r}");
}

/// A comment is part of the file.
#[test]
fn docx_mark_in_comment_blocks() {
    let dir = tempdir();
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="张三"><w:p><w:r><w:t>此处原稿为机密★10年，发布前删除</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let p = write(dir.path(), "comment.docx", &docx(&para(&[PROSE]), &[("word/comments.xml", &comments)]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(markings(&r)[0]["location"]["part"], "word/comments.xml");
}

/// The Title property of the document.
#[test]
fn docx_mark_in_core_properties_blocks() {
    let dir = tempdir();
    let core = r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>机密</dc:title><dc:creator>办公室</dc:creator></cp:coreProperties>"#;
    let p = write(dir.path(), "props.docx", &docx(&para(&[PROSE]), &[("docProps/core.xml", core)]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
    let m = markings(&r);
    assert_eq!(m[0]["location"]["part"], "docProps/core.xml");
    assert_eq!(m[0]["rule"], "marking.level-alone");
}

/// A clean DOCX that talks about secrets passes.
#[test]
fn clean_regulation_docx_passes() {
    let dir = tempdir();
    let body = [
        para(&["保密工作管理办法"]),
        para(&["第一条 为加强保密工作，增强保密意识，制定本办法。"]),
        para(&["第二条 机密级载体不得通过普通邮政寄递，须由专人送达。"]),
        para(&["第三条 秘密级以上的资料，借阅后须当日归还保密室。"]),
        para(&["（此件公开发布）"]),
    ]
    .concat();
    let p = write(dir.path(), "clean.docx", &docx(&body, &[]));
    let (status, r) = scan_json(&p, &[]);
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

/// Traditional characters and full-width forms are folded.
#[test]
fn traditional_and_full_width_marks_block() {
    let dir = tempdir();
    for (name, text) in
        [("trad.txt", "機密★壹年\n絕密★啟用前\n"), ("wide.txt", "机　密★１年\n"), ("spaced.txt", "秘 密 ＊ ６ 个 月\n")]
    {
        let p = write(dir.path(), name, text.as_bytes());
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "block", "{name}: {r}");
        assert_eq!(markings(&r)[0]["location"]["line"], 1, "{name}");
    }
}

/// A mark whose star is not a character (a star shape or picture between the runs, or a symbol
/// lost when the file was converted): the level and its period alone on the mark's line block;
/// the same words in a regulation's table of periods pass.
#[test]
fn a_mark_whose_star_is_not_text_blocks_in_the_head() {
    let dir = tempdir();
    let star_shape = r#"<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="五角星 1"/></wp:inline></w:drawing></w:r>"#;
    let head = format!(
        r#"{}<w:p><w:r><w:t>机密</w:t></w:r>{star_shape}<w:r><w:t>1年</w:t></w:r></w:p>{}"#,
        para(&["000123"]),
        para(&["关于加强管理的通知"])
    );
    let p = write(dir.path(), "starless.docx", &docx(&head, &[]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(markings(&r)[0]["rule"], "marking.level-alone", "{r}");
    assert!(markings(&r)[0]["signals"].as_array().unwrap().iter().any(|s| s == "period"), "{r}");
    let table = [
        para(&["绝密 30年"]),
        para(&["机密 20年"]),
        para(&["秘密 10年"]),
        para(&["国家秘密的保密期限不超过上表所列年限。"]),
    ]
    .concat();
    let p = write(dir.path(), "periods.docx", &docx(&table, &[]));
    assert_eq!(verdict(&scan_json(&p, &[]).1), "pass");
}

/// A file's name is published with it (the link under which a website offers it): a mark in the
/// name blocks a clean file, located in `(file name)`; an ordinary name that mentions secrets, and
/// the scanner's own folders above the file, do not count.
#[test]
fn a_mark_in_the_file_name_blocks() {
    let dir = tempdir();
    let folder = dir.path().join("机密★1年");
    std::fs::create_dir_all(&folder).unwrap();
    let clean = "关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n".as_bytes();
    let marked = write(&folder, "机密★1年-年度报告.txt", clean);
    let (_, r) = scan_json(&marked, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(markings(&r)[0]["location"]["part"], "(file name)", "{r}");
    let public = write(&folder, "保密工作管理规定.txt", clean);
    assert_eq!(verdict(&scan_json(&public, &[]).1), "pass", "the folder's name is not the file's");
    // The people's text names the place in Chinese.
    let run = mijian_in_locale(&["scan", marked.to_str().unwrap()], &[("LANG", "zh_CN.UTF-8")]);
    assert!(run.stdout.contains("位置：文件名"), "{}", run.stdout);
    // In a folder scan each file is read with its own name.
    let run = mijian(&["scan", "-f", "json", folder.to_str().unwrap()]);
    let verdicts: Vec<(String, String)> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r.get("path").is_some())
        .map(|r| (r["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), verdict(&r).to_string()))
        .collect();
    assert!(verdicts.contains(&("机密★1年-年度报告.txt".into(), "block".into())), "{verdicts:?}");
    assert!(verdicts.contains(&("保密工作管理规定.txt".into(), "pass".into())), "{verdicts:?}");
}

/// A member of an archive (an attachment of a ZIP bundle) is a file with a name of its own: whoever
/// unpacks it sees `机密.txt`, whatever its text says. The archive blocks with it.
#[test]
fn a_mark_in_a_member_name_blocks_the_member_and_its_archive() {
    let dir = tempdir();
    let clean = "关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n";
    let zip = zip_of(&[entry("附件/机密.txt", clean), entry("附件/保密工作管理规定.txt", clean)]);
    let path = write(dir.path(), "bundle.zip", &zip);
    let run = mijian(&["scan", "-f", "json", path.to_str().unwrap()]);
    let reports: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r.get("path").is_some())
        .collect();
    let of = |suffix: &str| reports.iter().find(|r| r["path"].as_str().unwrap().ends_with(suffix)).unwrap();
    assert_eq!(verdict(of("bundle.zip!附件/机密.txt")), "block", "{}", run.stdout);
    assert_eq!(markings(of("bundle.zip!附件/机密.txt"))[0]["location"]["part"], "(file name)");
    assert_eq!(verdict(of("bundle.zip!附件/保密工作管理规定.txt")), "pass", "{}", run.stdout);
    assert_eq!(verdict(of("bundle.zip")), "block", "{}", run.stdout);
}

/// The disclosure attribute as offices fill in the field of a 版记 (`信息公开选项：不予公开`), not only
/// as `（此件不予公开）`: not for release either way; 依申请公开 asks a person; 主动公开 passes.
#[test]
fn a_disclosure_field_of_the_colophon_is_read_as_the_attribute() {
    let dir = tempdir();
    let body = "关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n\n某某市人民政府办公室\n2024年3月1日\n";
    for (field, expected) in [
        ("信息公开选项：不予公开", "block"),
        ("公开方式：不予公开", "block"),
        ("（本件不予公开）", "block"),
        ("信息公开选项：依申请公开", "review"),
        ("信息公开选项：主动公开", "pass"),
        // The attribute in other words offices use for "not to be published".
        ("（此件不上网）", "block"),
        ("（此件不得对外公开）", "block"),
        ("（此件不予主动公开）", "block"),
        ("（此件暂不公开）", "block"),
        ("（此件限内部公开）", "review"),
    ] {
        let p = write(dir.path(), "notice.txt", format!("{body}{field}\n抄送：市委办公室。\n").as_bytes());
        assert_eq!(verdict(&scan_json(&p, &[]).1), expected, "{field}");
    }
}

/// A document that says what it is in words, or a form filled in for it, is marked: the level
/// stated in a sentence (`本文件属机密级`), a form's row with `密级` or `保密等级` in one cell and the
/// level in the next, a `是否涉密` row answered yes. The same forms answered no, and a court report
/// of another file's level, pass.
#[test]
fn a_document_stating_its_level_or_a_form_filled_in_for_it_is_marked() {
    let dir = tempdir();
    let row = |a: &str, b: &str| format!("<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>", para(&[a]), para(&[b]));
    let form = |label: &str, value: &str| {
        let rows = [row("信息标题", "关于某项目建设进展的情况通报"), row(label, value), row("审核人", "张三")].concat();
        docx(&format!("{}<w:tbl>{rows}</w:tbl>{}", para(&["政府网站信息发布审核表"]), para(&["正文略。"])), &[])
    };
    for (name, bytes, expected) in [
        ("level.docx", form("密级", "秘密"), "block"),
        ("grade.docx", form("保密等级", "机密"), "block"),
        ("asked.docx", form("是否涉密", "是"), "block"),
        ("ticked.docx", form("是否涉密", "☑是 □否"), "block"),
        ("public.docx", form("是否涉密", "否"), "pass"),
        ("open.docx", form("密级", "公开"), "pass"),
        ("stated.txt", "关于某项目的报告\n本文件属机密级，阅后收回。\n".as_bytes().to_vec(), "block"),
        ("news.txt", "本报讯 经鉴定，该文件属于机密级国家秘密。\n".as_bytes().to_vec(), "pass"),
    ] {
        let p = write(dir.path(), name, &bytes);
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), expected, "{name}: {r}");
    }
}

/// GB18030 text is detected, not assumed, and findings are reported as the text reads.
#[test]
fn gb18030_text_is_read() {
    let dir = tempdir();
    let (bytes, _, _) = encoding_rs::GB18030.encode("关于印发管理办法的通知\n（此件不予公开）\n");
    let p = write(dir.path(), "gbk.txt", &bytes);
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(markings(&r)[0]["matched"], "此件不予公开");
    assert_eq!(markings(&r)[0]["location"]["line"], 2);
    let (bytes, _, _) = encoding_rs::GB18030.encode("加强保密工作，增强保密意识。\n");
    let p = write(dir.path(), "gbk-clean.txt", &bytes);
    assert_eq!(verdict(&scan_json(&p, &[]).1), "pass");
}

/// A DOCX renamed .txt is read as DOCX.
#[test]
fn renamed_docx_is_sniffed() {
    let dir = tempdir();
    let p = write(dir.path(), "notes.txt", &docx(&format!("{}{}", para(&["000123"]), para(&["秘密"])), &[]));
    let (_, r) = scan_json(&p, &[]);
    assert_eq!(r["format"], "docx");
    assert_eq!(verdict(&r), "block", "{r}");
}

/// A corrupt DOCX is an error with exit 2, never pass.
#[test]
fn corrupt_docx_is_an_error() {
    let dir = tempdir();
    let mut bytes = docx(&para(&[PROSE]), &[]);
    let n = bytes.len();
    bytes.truncate(n / 2);
    let p = write(dir.path(), "broken.docx", &bytes);
    let (status, r) = scan_json(&p, &[]);
    assert_eq!((status, verdict(&r), r["error_kind"].as_str()), (2, "error", Some("corrupt")), "{r}");
    let said = mijian_extract::ExtractError::corrupt(mijian_extract::Defect::ZipNoDirectory).to_string();
    assert_eq!(r["error"].as_str(), Some(said.as_str()), "{r}");
    // Malformed XML inside a sound archive names the part.
    let p = write(dir.path(), "badxml.docx", &docx("<w:p><w:r><w:t>未闭合</w:r></w:p>", &[]));
    let (status, r) = scan_json(&p, &[]);
    assert_eq!((status, verdict(&r), r["error_kind"].as_str()), (2, "error", Some("corrupt")), "{r}");
    assert!(r["error"].as_str().unwrap().contains("word/document.xml"), "{r}");
}

/// A format mijian cannot read is review with the reason, not pass.
#[test]
fn unsupported_format_needs_review() {
    let dir = tempdir();
    // A picture without OCR (tests/cli_ocr.rs has the pictures OCR reads).
    let p = write(dir.path(), "scan.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let (status, r) = scan_json(&p, &["--ocr", "off"]);
    assert_eq!((status, verdict(&r)), (1, "review"), "{r}");
    assert!(r["reasons"].to_string().contains("needs OCR"), "{r}");
}

/// The JSON contract: the fields others build on.
#[test]
fn json_contract_fields() {
    let dir = tempdir();
    let p = write(dir.path(), "a.txt", "根据国办发〔2012〕12号文件\n机密★1年\n".as_bytes());
    let (_, r) = scan_json(&p, &[]);
    for key in ["path", "verdict", "findings", "coverage", "findings_total", "format", "sha256", "size"] {
        assert!(r.get(key).is_some(), "missing {key}: {r}");
    }
    assert!(r["coverage"]["read"].is_array() && r["coverage"]["unread"].is_array());
    let f = &r["findings"][0];
    for key in ["kind", "rule", "level", "matched", "location", "class"] {
        assert!(f.get(key).is_some(), "finding misses {key}: {f}");
    }
    assert_eq!(f["kind"], "doc-number");
    assert_eq!(f["level"], "info");
    assert_eq!(f["matched"], "国办发〔2012〕12号");
    assert_eq!(f["location"]["part"], "text");
    assert_eq!(f["location"]["line"], 1);
    assert_eq!(r["findings"][1]["kind"], "marking");
}

/// Exit status: 0 all pass, 1 some block/review, 2 some error (2 wins).
#[test]
fn exit_status_contract() {
    let dir = tempdir();
    let clean = write(dir.path(), "clean.txt", "加强保密工作。".as_bytes());
    let marked = write(dir.path(), "marked.txt", "机密★1年".as_bytes());
    let broken = write(dir.path(), "broken.docx", b"PK\x03\x04garbage");
    let s = |paths: &[&std::path::Path]| {
        let mut args = vec!["scan"];
        args.extend(paths.iter().map(|p| p.to_str().unwrap()));
        mijian(&args).status
    };
    assert_eq!(s(&[&clean]), 0);
    assert_eq!(s(&[&clean, &marked]), 1);
    assert_eq!(s(&[&marked, &broken]), 2);
    assert_eq!(mijian(&["scan"]).status, 2, "usage error");
    assert_eq!(mijian(&["scan", dir.path().join("missing").to_str().unwrap()]).status, 2);
}

/// Directories are walked recursively, hidden files included, .gitignore not honoured.
#[test]
fn directories_are_walked_with_hidden_files() {
    let dir = tempdir();
    write(dir.path(), "a/clean.txt", "公开信息".as_bytes());
    write(dir.path(), "a/.hidden/secret.txt", "秘密★1年".as_bytes());
    write(dir.path(), ".gitignore", b"*.txt\n");
    let run = mijian(&["scan", "--format", "json", dir.path().to_str().unwrap()]);
    let lines = run.json();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines.iter().any(|l| l["path"].as_str().unwrap().ends_with("secret.txt") && l["verdict"] == "block"));
    assert_eq!(run.status, 1);
}

/// Letters that print like the Latin ones of a term (Cyrillic `К`, Greek `Ε`), letters in a
/// mathematical or enclosed style, and accents drawn over a mark's characters or a braille blank
/// between them: what the page shows is what is matched. Cyrillic and Greek prose that does not
/// show a term, and formulas with Greek letters, pass.
#[test]
fn lookalike_and_styled_letters_and_marks_drawn_over_characters_are_what_shows() {
    let dir = tempdir();
    let dict =
        write(dir.path(), "codes.txt", "KJ-3型\t秘密\t装备\nBLUEFIN\t机密\t项目代号\nAK型\t秘密\t装备\n".as_bytes());
    let d = dict.to_str().unwrap();
    let cases = [
        ("型号为КJ-3型的装备", "block", "КJ-3型"),
        ("Project ВLUЕFIN", "block", "ВLUЕFIN"),
        ("Project ΒLUΕFΙN", "block", "ΒLUΕFΙN"),
        ("型号为𝐊𝐉-𝟑型", "block", "𝐊𝐉-𝟑型"),
        ("代号🅑🅛🅤🅔🅕🅘🅝", "block", "🅑🅛🅤🅔🅕🅘🅝"),
        ("机\u{301}密\u{301}★1年", "block", "机\u{301}密\u{301}★1年"),
        ("机\u{2800}密★1年", "block", "机\u{2800}密★1年"),
        ("Синий кит плывёт на север.", "pass", ""),
        ("αk型与βk型的比较", "pass", ""),
    ];
    for (i, (text, expected, matched)) in cases.iter().enumerate() {
        let p = write(dir.path(), &format!("t{i}.txt"), text.as_bytes());
        let (_, r) = scan_json(&p, &["--dict", d]);
        assert_eq!(verdict(&r), *expected, "{text}: {r}");
        if !matched.is_empty() {
            assert_eq!(r["findings"][0]["matched"], *matched, "{text}: the original text is reported: {r}");
        }
    }
}

/// A model's or a code name's separators are written as people please (`KJ3型`, `KJ 3型`,
/// `KJ—3型` for `KJ-3型`; `KJ-3B型` for `KJ3B型`), and supplementary radicals print like
/// the characters they stand for (`⻑城`), and Taiwan writes `计划` as `計畫` (a phrase: `畫` alone
/// is `画`): each is found as its term, the original text reported. A neighbouring model
/// (`KJ-31型`, `MKJ-3型`) is not the term.
#[test]
fn separators_of_a_model_radicals_phrases_and_taiwan_words_are_how_people_write_a_term() {
    let dir = tempdir();
    let dict = write(
        dir.path(),
        "codes.txt",
        "KJ-3型\t秘密\t装备\nKJ3B型\t秘密\t装备\n长城基地\t机密\t场所\n紫电计划\t机密\t项目代号\n青龙项目\t机密\t项目代号\n第八十七研究所\t机密\t单位\n203所\t机密\t单位\n"
            .as_bytes(),
    );
    let d = dict.to_str().unwrap();
    let cases = [
        ("型号为KJ3型的装备", "block", "KJ3型"),
        ("型号为KJ 3型的装备", "block", "KJ 3型"),
        ("型号为KJ—3型的装备", "block", "KJ—3型"),
        ("型号为kj－3型的装备", "block", "kj－3型"),
        ("型号为KJ-3B型的装备", "block", "KJ-3B型"),
        ("型号为KJ_3型的装备", "block", "KJ_3型"),
        ("型号为KJ·3型的装备", "block", "KJ·3型"),
        ("型号为KJ - 3型的装备", "block", "KJ - 3型"),
        // The letters spelled out, with spaces or with symbols between them.
        ("型号为K J-3型的装备", "block", "K J-3型"),
        ("型号为K J - 3 型的装备", "block", "K J - 3 型"),
        ("型号为Ｋ　Ｊ－３型的装备", "block", "Ｋ　Ｊ－３型"),
        ("型号为K·J·3型的装备", "block", "K·J·3型"),
        ("型号为K-J-3型的装备", "block", "K-J-3型"),
        ("型号为K J 3型的装备", "block", "K J 3型"),
        ("型号为Ｋ　Ｊ　３型的装备", "block", "Ｋ　Ｊ　３型"),
        // As initials, with full stops or slashes.
        ("型号为K.J.-3型的装备", "block", "K.J.-3型"),
        ("型号为K.J.3型的装备", "block", "K.J.3型"),
        ("型号为K/J-3型的装备", "block", "K/J-3型"),
        ("型号为K.J.-31型的装备", "pass", ""),
        ("型号为K J-31型的装备", "pass", ""),
        ("型号为KJ--3型的装备", "pass", ""),
        ("位于⻑城基地", "block", "⻑城基地"),
        ("紫電計畫於去年啟動", "block", "紫電計畫"),
        ("紫電計劃於去年啟動", "block", "紫電計劃"),
        ("青龍專案於去年啟動", "block", "青龍專案"),
        ("专案组调查了此事", "pass", ""),
        ("型号为KJ-31型和MKJ-3型的装备", "pass", ""),
        ("型号为KJ.3型的装备", "pass", ""),
        ("启动紫🔥电🔥计🔥划", "block", "紫🔥电🔥计🔥划"),
        ("启动紫❤️电计划", "block", "紫❤️电计划"),
        ("调往第87研究所工作", "block", "第87研究所"),
        ("调往二〇三所工作", "block", "二〇三所"),
        ("调往第86研究所工作", "pass", ""),
    ];
    for (i, (text, expected, matched)) in cases.iter().enumerate() {
        let p = write(dir.path(), &format!("s{i}.txt"), text.as_bytes());
        let (_, r) = scan_json(&p, &["--dict", d]);
        assert_eq!(verdict(&r), *expected, "{text}: {r}");
        if !matched.is_empty() {
            assert_eq!(r["findings"][0]["matched"], *matched, "{text}: {r}");
        }
    }
}

/// Dictionaries: levels, evasions, allow entries, doc-number patterns.
#[test]
fn dictionary_terms() {
    let dir = tempdir();
    let dict = write(
        dir.path(),
        "codes.txt",
        "# 项目代号\n紫电计划\t机密\t项目代号\nKJ-3型\t秘密\t装备\n黄片\n三黄片\tallow\nre:\\p{Han}{1,4}密函〔\\d{4}〕\\d+号\t秘密\tdoc-number\n".as_bytes(),
    );
    let d = dict.to_str().unwrap();
    let cases = [
        ("紫電計劃的进展", "block"),
        ("紫 电 计 划", "block"),
        ("型号为ＫＪ－３型", "block"),
        ("服用三黄片", "pass"),
        ("传播黄片", "review"),
        ("见厅密函〔2021〕7号", "block"),
        ("紫电。计划", "pass"),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let p = write(dir.path(), &format!("t{i}.txt"), text.as_bytes());
        let (_, r) = scan_json(&p, &["--dict", d]);
        assert_eq!(verdict(&r), *expected, "{text}: {r}");
    }
    let p = write(dir.path(), "k.txt", "见厅密函〔2021〕7号".as_bytes());
    let (_, r) = scan_json(&p, &["--dict", d]);
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "codes.txt:6").unwrap();
    assert_eq!(f["kind"], "doc-number");
}

/// A listed document number blocks however it is written (brackets, 第, leading zeros, Chinese
/// numerals, traditional, spaced), in text and split over DOCX runs; its neighbours pass.
#[test]
fn a_listed_document_number_blocks_however_it_is_written() {
    let dir = tempdir();
    let dict = write(
        dir.path(),
        "numbers.txt",
        "国密发〔2019〕7号\t机密\tdoc-number\nre:国安发〔20\\d\\d〕\\d+号\t机密\tdoc-number\n".as_bytes(),
    );
    let d = dict.to_str().unwrap();
    let blocked = [
        "根据国密发[2019]7号文件要求",
        "根据国密发（2019）第7号文件要求",
        "根据国密发【2019】07号文件要求",
        "根据国密发〔二〇一九〕七号文件要求",
        "根据國密發［2019］7號文件要求",
        "根据国安发(2021)3号文件要求",
        "根据国密发{2019}7号文件要求",
        "根据国密发〖2019〗7号文件要求",
        "根据国安发｛2021｝3号文件要求",
        "根据国密发2019年第7号文件要求",
        // Neither brackets nor 年: 第 or a separator between the year and the number.
        "根据国密发２０１９第７号文件要求",
        "根据国密发 2019 7号文件要求",
        "根据国密发2019-7号文件要求",
        "根据国安发2021.3号文件要求",
        "根据国密发二〇一九年七号文件要求",
    ];
    let passed = [
        "根据国密发[2019]17号文件要求",
        "根据国密发[2018]7号文件要求",
        "根据国安发[1999]3号文件要求",
        "根据国密发2019-17号文件要求",
        "根据国密发20197号文件要求",
    ];
    for (i, text) in blocked.iter().chain(&passed).enumerate() {
        let p = write(dir.path(), &format!("n{i}.txt"), text.as_bytes());
        let (_, r) = scan_json(&p, &["--dict", d]);
        let expected = if blocked.contains(text) { "block" } else { "pass" };
        assert_eq!(verdict(&r), expected, "{text}: {r}");
    }
    let body = para(&["国密发", "[20", "19]", "第7号"]);
    let p = write(dir.path(), "runs.docx", &docx(&body, &[]));
    let (_, r) = scan_json(&p, &["--dict", d]);
    assert_eq!(verdict(&r), "block", "{r}");
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "numbers.txt:1").unwrap();
    assert_eq!(f["kind"], "doc-number");
}

/// A bad dictionary line is an error naming file and line; nothing is scanned.
#[test]
fn bad_dictionary_is_refused() {
    let dir = tempdir();
    let dict = write(dir.path(), "bad.txt", "好词\n坏词\t超级机密\nre:(\t秘密\n".as_bytes());
    let text = write(dir.path(), "t.txt", "内容".as_bytes());
    let run = mijian(&["scan", "--dict", dict.to_str().unwrap(), text.to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("bad.txt:2"), "{}", run.stderr);
    assert!(run.stderr.contains("bad.txt:3"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

/// --no-default-rules leaves only the dictionaries.
#[test]
fn no_default_rules() {
    let dir = tempdir();
    let p = write(dir.path(), "m.txt", "机密★1年".as_bytes());
    let (status, r) = scan_json(&p, &["--no-default-rules"]);
    assert_eq!((status, verdict(&r)), (0, "pass"), "{r}");
}

/// A mark quoted as an example in training material asks for review, no more.
#[test]
fn quoted_example_is_review() {
    let dir = tempdir();
    let p = write(
        dir.path(),
        "training.txt",
        "保密知识培训\n一、概述\n二、标志\n三、要求\n四、案例\n五、小结\n国家秘密标志形式为\"密级★保密期限\"，如\"机密★10年\"。\n".as_bytes(),
    );
    let (status, r) = scan_json(&p, &[]);
    assert_eq!((status, verdict(&r)), (1, "review"), "{r}");
    assert_eq!(markings(&r)[0]["rule"], "marking.quoted-example");
}

/// The text format names the file, the verdict, the finding and its context.
#[test]
fn text_output_for_people() {
    let dir = tempdir();
    let p = write(dir.path(), "m.txt", "前言\n机密★1年\n".as_bytes());
    let run = mijian(&["scan", p.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains("BLOCK"), "{}", run.stdout);
    assert!(run.stdout.contains("marking.state-secret"), "{}", run.stdout);
    assert!(run.stdout.contains("text line 2"), "{}", run.stdout);
    assert!(!run.stdout.contains("\x1b["), "no colour when not a terminal");
    assert!(run.stderr.contains("1 file: 1 block"), "{}", run.stderr);
}

/// ZIP members are inspected in their own right and reported as `outer.zip!inner`; the archive is
/// as bad as its worst member.
#[test]
fn zip_members_are_reported_and_judged() {
    use std::io::Write;
    let dir = tempdir();
    let marked = docx(&format!("{}{}", para(&["000123"]), para(&["机密★1年"])), &[]);
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("docs/clean.txt", o).unwrap();
        z.write_all("加强保密工作。".as_bytes()).unwrap();
        z.start_file("docs/notice.docx", o).unwrap();
        z.write_all(&marked).unwrap();
        z.finish().unwrap();
    }
    let p = write(dir.path(), "bundle.zip", &buf.into_inner());
    let run = mijian(&["scan", "--format", "json", p.to_str().unwrap()]);
    let lines = run.json();
    let by_path = |suffix: &str| lines.iter().find(|l| l["path"].as_str().unwrap().ends_with(suffix)).cloned();
    let outer = by_path("bundle.zip").expect("the archive itself");
    assert_eq!(outer["verdict"], "block", "{}", run.stdout);
    assert_eq!(by_path("bundle.zip!docs/clean.txt").unwrap()["verdict"], "pass");
    let inner = by_path("bundle.zip!docs/notice.docx").unwrap();
    assert_eq!(inner["verdict"], "block");
    assert_eq!(inner["format"], "docx");
    assert_eq!(run.status, 1);
}

/// A part the package's own relationships name but do not hold (`missing_part`) needs a person,
/// as in every format (one rule for every reader): the file may not `pass`. The stray entry the
/// name was changed to is still read.
#[test]
fn a_docx_missing_a_part_it_references_needs_review() {
    let dir = tempdir();
    let clean = docx(
        &para(&["为进一步加强政务公开工作，现将有关事项通知如下。"]),
        &[("word/header1.xml", &header_part("hdr", "办公厅"))],
    );
    let renamed = replace_all(&clean, b"word/header1.xml", b"word/header9.xml");
    assert_ne!(clean, renamed);
    let (status, r) = scan_json(&write(dir.path(), "clean.docx", &clean), &[]);
    assert_eq!((status, r["verdict"].as_str()), (0, Some("pass")), "{r}");
    let (status, r) = scan_json(&write(dir.path(), "missing.docx", &renamed), &[]);
    assert_eq!((status, r["verdict"].as_str()), (1, Some("review")), "{r}");
    let unread = r["coverage"]["unread"].as_array().unwrap();
    assert!(
        unread
            .iter()
            .any(|u| u["part"] == "word/header1.xml" && u["reason_id"] == "missing_part" && u["needs_review"] == true),
        "{r}"
    );
    assert!(r["coverage"]["read"].to_string().contains("word/header9.xml"), "{r}");
}

fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len(), "same length keeps the ZIP's offsets");
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

/// An EMF picture whose text records draw `lines`, one record per line (as the MS-EMF
/// specification lays out `EMR_EXTTEXTOUTW`), 40 units apart.
fn emf_drawing(lines: &[&str]) -> Vec<u8> {
    let mut out = vec![0u8; 88];
    out[0..4].copy_from_slice(&1u32.to_le_bytes());
    out[4..8].copy_from_slice(&88u32.to_le_bytes());
    out[40..44].copy_from_slice(b" EMF");
    for (i, text) in lines.iter().enumerate() {
        let units: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let size = (76 + units.len()).div_ceil(4) * 4;
        let mut r = vec![0u8; size];
        let y = 40 * (i as i32 + 1);
        r[0..4].copy_from_slice(&84u32.to_le_bytes());
        r[4..8].copy_from_slice(&(size as u32).to_le_bytes());
        r[12..16].copy_from_slice(&(y - 15).to_le_bytes());
        r[20..24].copy_from_slice(&(y + 4).to_le_bytes());
        r[40..44].copy_from_slice(&y.to_le_bytes());
        r[44..48].copy_from_slice(&(text.encode_utf16().count() as u32).to_le_bytes());
        r[48..52].copy_from_slice(&76u32.to_le_bytes());
        r[76..76 + units.len()].copy_from_slice(&units);
        out.extend(r);
    }
    out.extend(14u32.to_le_bytes());
    out.extend(20u32.to_le_bytes());
    out.extend([0u8; 12]);
    out
}

/// A metafile picture (EMF) holds the text it draws as characters: a mark pasted into a document
/// as such a picture (a letterhead, a pasted head) blocks without OCR, alone or inside a DOCX;
/// a drawing of public text passes.
#[test]
fn the_text_a_metafile_picture_draws_is_read() {
    use std::io::Write;
    let dir = tempdir();
    let marked = emf_drawing(&["000123", "机密★1年", "关于做好年度工作的通知"]);
    let clean = emf_drawing(&["关于做好年度工作的通知"]);
    let emf = write(dir.path(), "head.emf", &marked);
    let (_, r) = scan_json(&emf, &["--ocr", "off"]);
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(markings(&r)[0]["location"]["line"], 2, "{r}");
    let twin = write(dir.path(), "twin.emf", &clean);
    assert_eq!(verdict(&scan_json(&twin, &["--ocr", "off"]).1), "pass");
    // Inside a DOCX, as Word stores a pasted metafile.
    let docx_with = |picture: &[u8]| {
        let base = docx("<w:p><w:r><w:t>正文</w:t></w:r></w:p>", &[]);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            out.raw_copy_file(archive.by_index(i).unwrap()).unwrap();
        }
        out.start_file("word/media/image1.emf", zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(picture).unwrap();
        out.finish().unwrap().into_inner()
    };
    let d = write(dir.path(), "pasted.docx", &docx_with(&marked));
    let (_, r) = scan_json(&d, &["--ocr", "off"]);
    assert_eq!(verdict(&r), "block", "{r}");
    assert_eq!(markings(&r)[0]["location"]["part"], "word/media/image1.emf", "{r}");
    let d = write(dir.path(), "pasted-twin.docx", &docx_with(&clean));
    assert_eq!(verdict(&scan_json(&d, &["--ocr", "off"]).1), "pass");
}

/// A picture of tests/fixtures/ocr (see its README).
fn ocr_fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocr").join(name)).unwrap()
}

/// `jpeg` with an APP1 EXIF segment after its SOI whose one tag is Windows' `XPTitle` (UTF-16LE,
/// the way Explorer's Details tab writes a title).
fn with_xp_title(jpeg: &[u8], title: &str) -> Vec<u8> {
    let value: Vec<u8> = title.encode_utf16().flat_map(u16::to_le_bytes).chain([0, 0]).collect();
    // Little-endian TIFF header, IFD at 8 with one entry (tag 0x9C9B, BYTE, count, value at 26).
    let mut tiff = b"II*\0\x08\0\0\0\x01\0\x9B\x9C\x01\0".to_vec();
    tiff.extend_from_slice(&(value.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes());
    tiff.extend_from_slice(&[0; 4]);
    tiff.extend_from_slice(&value);
    let segment = [b"Exif\0\0".to_vec(), tiff].concat();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((segment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&segment);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// `png` with an `iTXt` chunk `Description` (compressed, as Pillow writes it) after its IHDR.
fn with_itxt_description(png: &[u8], text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(text.as_bytes()).unwrap();
    let data = [&b"iTXtDescription\0\x01\0\0\0"[..], &z.finish().unwrap()].concat();
    let mut chunk = ((data.len() - 4) as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(&data);
    chunk.extend_from_slice(&crc32fast::hash(&data).to_be_bytes());
    // Signature (8) and IHDR (25).
    [&png[..33], &chunk, &png[33..]].concat()
}

/// `docx` with its part `name` changed by `change`.
fn docx_with_part(docx: &[u8], name: &str, change: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let entry_name = entry.name().to_owned();
        out.start_file(entry_name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&if entry_name == name { change(&bytes) } else { bytes }).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Windows' title of a photo, a PNG's description, the properties of the picture pasted in a
/// DOCX: a mark there blocks, located at the picture and its field, with OCR off and on (where
/// the engine is absent `auto` is off); the same pictures with harmless properties get exactly
/// the verdict the plain picture gets. The DOCX's picture goes through the same code as the
/// PNG file, so it is scanned without OCR only (OCR in a debug build is slow).
#[test]
fn a_mark_in_a_pictures_properties_blocks_naming_the_field() {
    let dir = tempdir();
    let (jpeg, png, docx) =
        (ocr_fixture("photo_no_text.jpg"), ocr_fixture("clean.png"), ocr_fixture("scan_clean.docx"));
    let media = "word/media/image1.png";
    // (file, made with `text` in its properties, the part and field of the mark)
    type Make<'a> = Box<dyn Fn(&str) -> Vec<u8> + 'a>;
    let cases: [(&str, Vec<u8>, Make, &str, &str); 3] = [
        ("photo.jpg", jpeg.clone(), Box::new(|t| with_xp_title(&jpeg, t)), "image", "EXIF XPTitle"),
        ("page.png", png.clone(), Box::new(|t| with_itxt_description(&png, t)), "image", "PNG iTXt Description"),
        (
            "scan.docx",
            docx.clone(),
            Box::new(|t| docx_with_part(&docx, media, |p| with_itxt_description(p, t))),
            media,
            "PNG iTXt Description",
        ),
    ];
    for ocr in ["off", "auto"] {
        for (name, plain, make, part, field) in &cases {
            if ocr == "auto" && name.ends_with(".docx") {
                continue;
            }
            let scan = |file: &str, bytes: &[u8]| scan_json(&write(dir.path(), file, bytes), &["--ocr", ocr]).1;
            let before = scan(name, plain);
            let harmless = scan(&format!("harmless-{name}"), &make("春天的公园 摄影：张三"));
            assert_eq!(verdict(&harmless), verdict(&before), "{name} --ocr {ocr}: {harmless}\nplain: {before}");
            assert_eq!(markings(&harmless).len(), 0, "{harmless}");
            let marked = scan(&format!("marked-{name}"), &make("机密★1年"));
            assert_eq!(verdict(&marked), "block", "{name} --ocr {ocr}: {marked}");
            let m = markings(&marked);
            assert_eq!(m[0]["matched"], "机密★1年", "{marked}");
            assert_eq!(
                (&m[0]["location"]["part"], &m[0]["location"]["field"]),
                (&(*part).into(), &(*field).into()),
                "{marked}"
            );
        }
    }
}

/// An MP3 file: an ID3v2.3 tag whose frames are `(id, UTF-8 text)`, then two MPEG-1 Layer III
/// frames of silence (128 kbit/s, 44.1 kHz: 417 bytes each).
fn mp3(frames: &[(&str, &str)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (id, text) in frames {
        body.extend_from_slice(id.as_bytes());
        body.extend_from_slice(&(text.len() as u32 + 1).to_be_bytes());
        body.extend_from_slice(&[0, 0, 3]);
        body.extend_from_slice(text.as_bytes());
    }
    let n = body.len();
    let size = [(n >> 21) as u8 & 0x7F, (n >> 14) as u8 & 0x7F, (n >> 7) as u8 & 0x7F, n as u8 & 0x7F];
    let mut out = [&b"ID3\x03\0\0"[..], &size, &body].concat();
    for _ in 0..2 {
        out.extend_from_slice(&[0xFF, 0xFB, 0x90, 0x64]);
        out.extend_from_slice(&[0; 413]);
    }
    out
}

/// An MP4 file as a camera or an editor writes it without "fast start": `ftyp`, `mdat` (the
/// video), then `moov/udta/meta/ilst` with items `(type, UTF-8 text)`.
fn mp4(items: &[(&[u8; 4], &str)]) -> Vec<u8> {
    let atom = |kind: &[u8], data: &[u8]| [&(data.len() as u32 + 8).to_be_bytes()[..], kind, data].concat();
    let ilst: Vec<u8> = items
        .iter()
        .flat_map(|(kind, text)| {
            atom(&kind[..], &atom(b"data", &[&[0, 0, 0, 1, 0, 0, 0, 0][..], text.as_bytes()].concat()))
        })
        .collect();
    let meta = atom(b"meta", &[&[0; 4][..], &atom(b"hdlr", &[0; 25]), &atom(b"ilst", &ilst)].concat());
    [atom(b"ftyp", b"isom\0\0\x02\0isommp41"), atom(b"mdat", &[0; 256]), atom(b"moov", &atom(b"udta", &meta))].concat()
}

/// `zip` with one more entry `name` holding `bytes`.
fn zip_with_entry(zip: &[u8], name: &str, bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new_append(std::io::Cursor::new(zip.to_vec())).unwrap();
    out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(bytes).unwrap();
    out.finish().unwrap().into_inner()
}

/// A recorded briefing titled `机密★1年` (MP3, ID3 `TIT2`) and a training video whose comment is
/// `绝密★启用前` (MP4, `©cmt`) block, the mark located at the part `media` and the field; so
/// does the video inside a PPTX's `ppt/media`. Their clean twins are `review`, not `pass`: what
/// they play (speech, the text in the frames) is not inspected, which the report says
/// (`audio_video`), as an image file without OCR is `review`. A file cut inside its properties
/// keeps the mark it still holds and notes the damage; cut, a clean one is never `pass`.
#[test]
fn a_mark_in_an_audio_or_video_files_properties_blocks_naming_the_field() {
    let dir = tempdir();
    let marked_mp3 = mp3(&[("TIT2", "机密★1年"), ("TPE1", "某某局办公室")]);
    let clean_mp3 = mp3(&[("TIT2", "春季运动会开幕式录音"), ("TPE1", "某某局办公室")]);
    let marked_mp4 = mp4(&[(b"\xA9nam", "新员工培训"), (b"\xA9cmt", "绝密★启用前")]);
    let clean_mp4 = mp4(&[(b"\xA9nam", "新员工培训"), (b"\xA9cmt", "入职第一课")]);
    let deck = pptx(&[&["全体会议"]]);
    let cases = [
        ("briefing.mp3", &marked_mp3, &clean_mp3, "机密★1年", "media", "ID3 TIT2"),
        ("training.mp4", &marked_mp4, &clean_mp4, "绝密★启用前", "media", "MP4 ©cmt"),
    ];
    let unread_ids = |r: &serde_json::Value| -> Vec<String> {
        r["coverage"]["unread"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["reason_id"].as_str().unwrap().to_owned())
            .collect()
    };
    for (name, marked, clean, mark, part, field) in cases {
        let (status, r) = scan_json(&write(dir.path(), name, marked), &["--ocr", "off"]);
        assert_eq!((status, verdict(&r), r["format"].as_str().unwrap()), (1, "block", "media"), "{r}");
        let m = markings(&r);
        assert_eq!(m[0]["matched"], mark, "{r}");
        assert_eq!((&m[0]["location"]["part"], &m[0]["location"]["field"]), (&part.into(), &field.into()), "{r}");
        let (_, r) = scan_json(&write(dir.path(), &format!("clean-{name}"), clean), &["--ocr", "off"]);
        assert_eq!(verdict(&r), "review", "{r}");
        assert!(markings(&r).is_empty(), "{r}");
        assert_eq!(unread_ids(&r), ["audio_video"], "{r}");
        // In a presentation, as PowerPoint keeps an inserted video.
        let in_deck = zip_with_entry(&deck, &format!("ppt/media/{name}"), marked);
        let (_, r) = scan_json(&write(dir.path(), &format!("{name}.pptx"), &in_deck), &["--ocr", "off"]);
        assert_eq!(verdict(&r), "block", "{r}");
        let clean_deck = zip_with_entry(&deck, &format!("ppt/media/{name}"), clean);
        let (_, r) = scan_json(&write(dir.path(), &format!("clean-{name}.pptx"), &clean_deck), &["--ocr", "off"]);
        assert_eq!(verdict(&r), "review", "{r}");
    }
    // Cut inside the tag, after the title: the mark still blocks and the damage is noted.
    let cut = &marked_mp3[..marked_mp3.len() - 834 - 5];
    let (_, r) = scan_json(&write(dir.path(), "cut.mp3", cut), &["--ocr", "off"]);
    assert_eq!(verdict(&r), "block", "{r}");
    assert!(unread_ids(&r).contains(&"damaged".to_owned()), "{r}");
    // Cut anywhere, a clean file is never passed.
    for (name, clean) in [("cut-clean.mp3", &clean_mp3), ("cut-clean.mp4", &clean_mp4)] {
        for len in [12, clean.len() / 2, clean.len() - 3] {
            let (_, r) = scan_json(&write(dir.path(), name, &clean[..len]), &["--ocr", "off"]);
            assert_ne!(verdict(&r), "pass", "{name} cut at {len}: {r}");
        }
    }
}

/// The `xmlns` attributes of a PresentationML part.
fn pml_ns() -> String {
    format!(
        r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{REL}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#
    )
}

/// A relationships part with one relationship, `rId1`, of `kind` to `target`.
fn one_rel(kind: &str, target: &str) -> String {
    format!(
        r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/{kind}" Target="{target}"/></Relationships>"#
    )
}

/// The parts of a one-slide PPTX up to its slide: content types, the package's and the
/// presentation's relationships, the presentation, and slide 1 holding the shapes `tree`, with
/// its relationship to `parent` (`slideLayout` or `slideMaster`, and the part).
fn one_slide_parts(tree: &str, parent: (&str, &str)) -> Vec<(String, String)> {
    let ns = pml_ns();
    vec![
        entry("[Content_Types].xml", "<Types/>"),
        entry("_rels/.rels", one_rel("officeDocument", "ppt/presentation.xml")),
        entry(
            "ppt/presentation.xml",
            format!(
                r#"<p:presentation {ns}><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>"#
            ),
        ),
        entry("ppt/_rels/presentation.xml.rels", one_rel("slide", "slides/slide1.xml")),
        entry("ppt/slides/slide1.xml", format!(r#"<p:sld {ns}><p:cSld><p:spTree>{tree}</p:spTree></p:cSld></p:sld>"#)),
        entry("ppt/slides/_rels/slide1.xml.rels", one_rel(parent.0, parent.1)),
    ]
}

/// A text box set in the line as a character (DOCX `wp:inline`, ODT a frame anchored
/// `as-char`) shows its text at its place in that line: `机` + an inline box holding `密` +
/// `★1年` is `机密★1年` on the page, read as shown (field `as shown`). The same box between `第`
/// and `条` passes, and so does the mark's box floating (`wp:anchor`, a frame anchored to the
/// paragraph), which Word and Writer set apart from the line.
#[test]
fn a_text_box_set_in_the_line_is_read_in_the_line() {
    let boxed = |placement: &str, before: &str, inside: &str, after: &str| {
        let wsp = format!(
            r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent><w:p><w:r><w:t>{inside}</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"#
        );
        let drawing = format!(
            r#"<w:r><w:drawing><wp:{placement} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="200000" cy="200000"/><wp:docPr id="1" name="文本框 1"/>{wsp}</wp:{placement}></w:drawing></w:r>"#
        );
        let body = format!(
            "{}<w:p><w:r><w:t>{before}</w:t></w:r>{drawing}<w:r><w:t>{after}</w:t></w:r></w:p>",
            para(&[PROSE])
        );
        docx(&body, &[])
    };
    let framed = |anchor: &str, before: &str, inside: &str, after: &str| {
        let frame = format!(
            r#"<draw:frame text:anchor-type="{anchor}" svg:width="1cm" svg:height="1cm"><draw:text-box><text:p>{inside}</text:p></draw:text-box></draw:frame>"#
        );
        odf(
            "text",
            &format!("<office:text><text:p>{PROSE}</text:p><text:p>{before}{frame}{after}</text:p></office:text>"),
            "",
            "",
        )
    };
    let dir = tempdir();
    for (name, bytes) in
        [("inline.docx", boxed("inline", "机", "密", "★1年")), ("as-char.odt", framed("as-char", "机", "密", "★1年"))]
    {
        let p = write(dir.path(), name, &bytes);
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "block", "{name}: {r}");
        let as_shown = r["findings"].as_array().unwrap().iter().any(|f| {
            f["rule"] == "marking.state-secret" && f["location"]["field"] == "as shown" && f["matched"] == "机密★1年"
        });
        assert!(as_shown, "{name}: {r}");
    }
    for (name, bytes) in [
        ("public.docx", boxed("inline", "第", "一", "条")),
        ("floating.docx", boxed("anchor", "机", "密", "★1年")),
        ("public.odt", framed("as-char", "第", "一", "条")),
        ("floating.odt", framed("paragraph", "机", "密", "★1年")),
    ] {
        let p = write(dir.path(), name, &bytes);
        let (_, r) = scan_json(&p, &[]);
        assert_eq!(verdict(&r), "pass", "{name}: {r}");
    }
}
