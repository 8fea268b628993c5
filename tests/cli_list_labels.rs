//! End-to-end tests of list labels and bullets: the text a viewer prints before a numbered or
//! bulleted paragraph, which the paragraph's own text does not hold. A file whose only mark is
//! printed by a label or bullet blocks at the label's paragraph, field `list label`; a public
//! file with ordinary lists (`第一章`, `1.1`, `●`) passes with no findings.

mod common;
use common::*;

/// Scans `bytes` saved as `name`: the report.
fn scan(name: &str, bytes: &[u8]) -> serde_json::Value {
    let dir = tempdir();
    let path = write(dir.path(), name, bytes);
    scan_json(&path, &[]).1
}

/// Asserts that `report` blocks with a state-secret mark in `part`, field `list label`.
fn blocks_at_label(report: &serde_json::Value, part: &str, what: &str) {
    assert_eq!(report["verdict"], "block", "{what}: {report}");
    let at = ("marking.state-secret".to_owned(), part.to_owned(), Some("list label".to_owned()));
    assert!(places(report).contains(&at), "{what}: {report}");
}

/// Asserts that `report` passes with no finding at all.
fn passes_clean(report: &serde_json::Value, what: &str) {
    assert_eq!(report["verdict"], "pass", "{what}: {report}");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0), "{what}: {report}");
}

/// `w:numbering` of abstract list 0 with `levels` (inner XML of `w:abstractNum`) and list 1 on
/// it with `overrides` (inner XML of `w:num` after its `w:abstractNumId`), then `more`.
fn numbering(levels: &str, overrides: &str, more: &str) -> String {
    format!(
        r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>{more}<w:num w:numId="1"><w:abstractNumId w:val="0"/>{overrides}</w:num></w:numbering>"#
    )
}

/// A level `ilvl` printing `text` in number format `format`, with nothing after it.
fn level(ilvl: u8, format: &str, text: &str, extra: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/>{extra}<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>"#
    )
}

/// `w:styles` with a default Normal style and `styles` (inner XML).
fn styles(styles: &str) -> String {
    format!(
        r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>{styles}</w:styles>"#
    )
}

/// A paragraph style `id` based on `based_on` whose paragraph properties are `p_pr`.
fn style(id: &str, based_on: &str, p_pr: &str) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{id}"/><w:basedOn w:val="{based_on}"/><w:pPr>{p_pr}</w:pPr></w:style>"#
    )
}

/// A DOCX: a paragraph of prose, then a paragraph with properties `p_pr` and text `text`; its
/// numbering and styles parts.
fn listed_docx(p_pr: &str, text: &str, numbering: &str, styles: &str) -> Vec<u8> {
    let body = format!(r#"{}<w:p><w:pPr>{p_pr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#, para(&[PROSE]));
    docx(&body, &[("word/numbering.xml", numbering), ("word/styles.xml", styles)])
}

/// A list brought by the paragraph's style, through `w:basedOn`, at the level the list links
/// to the style, with a list's override level, or through a numbering style: each prints `机`
/// (or `机密★一年`) before `密★1年` (or plain text), and is found; a paragraph's own `w:numId`
/// 0 takes the style's list away, and then `密★1年` alone passes.
#[test]
fn docx_lists_from_styles_overrides_and_number_formats() {
    let part = "word/document.xml";
    let ji = level(0, "decimal", "机", "");
    let num_pr = r#"<w:numPr><w:numId w:val="1"/></w:numPr>"#;
    let heading = style("Mark", "a", num_pr);
    let cases: Vec<(&str, String, String, String, &str)> = vec![
        (
            "the paragraph style's list",
            r#"<w:pStyle w:val="Mark"/>"#.into(),
            numbering(&ji, "", ""),
            styles(&heading),
            "密★1年",
        ),
        (
            "the list of the style it is based on",
            r#"<w:pStyle w:val="Child"/>"#.into(),
            numbering(&ji, "", ""),
            styles(&format!("{heading}{}", style("Child", "Mark", ""))),
            "密★1年",
        ),
        (
            "the level linked to the style (w:lvl/w:pStyle)",
            r#"<w:pStyle w:val="Mark"/>"#.into(),
            numbering(
                &format!(
                    "{}{}",
                    level(0, "decimal", "%1.", ""),
                    level(1, "chineseCounting", "机密★%2年", r#"<w:pStyle w:val="Mark"/>"#)
                ),
                "",
                "",
            ),
            styles(&heading),
            "项目说明",
        ),
        (
            "a list's override level",
            num_pr.into(),
            numbering(
                &level(0, "decimal", "%1.", ""),
                &format!(
                    r#"<w:lvlOverride w:ilvl="0">{}</w:lvlOverride>"#,
                    level(0, "decimalFullWidth", "绝密★%1年", "")
                ),
                "",
            ),
            styles(""),
            "项目说明",
        ),
        (
            "an abstract list linked to a numbering style",
            num_pr.into(),
            // List 1's abstract list 0 takes its levels from the one defining style MarkList.
            format!(
                r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="MarkList"/></w:abstractNum><w:abstractNum w:abstractNumId="9"><w:styleLink w:val="MarkList"/>{ji}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
            ),
            styles(""),
            "密★1年",
        ),
    ];
    for (what, p_pr, numbering, styles, text) in &cases {
        blocks_at_label(&scan("list.docx", &listed_docx(p_pr, text, numbering, styles)), part, what);
    }
    // The paragraph's own list 0: no label, and `密★1年` alone is no mark.
    let removed = listed_docx(
        r#"<w:pStyle w:val="Mark"/><w:numPr><w:numId w:val="0"/></w:numPr>"#,
        "密★1年",
        &numbering(&ji, "", ""),
        &styles(&heading),
    );
    passes_clean(&scan("list.docx", &removed), "numId 0");
}

/// A public document numbered as offices number them (`第一章` in Chinese counting by heading
/// style, `1.1`, Wingdings and Symbol bullets, `（一）`) passes with no finding.
#[test]
fn docx_ordinary_lists_pass() {
    let levels = [
        level(0, "chineseCounting", "第%1章", r#"<w:pStyle w:val="H1"/>"#),
        level(1, "decimal", "%1.%2", ""),
        level(2, "bullet", "§", r#"<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>"#),
        level(3, "bullet", "\u{F0B7}", r#"<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>"#),
        level(4, "chineseCounting", "（%5）", ""),
    ]
    .concat();
    let mut body = para(&[PROSE]);
    for (p_pr, text) in [
        (r#"<w:pStyle w:val="H1"/>"#, "总则"),
        (r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>"#, "适用范围"),
        (r#"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#, "各单位要高度重视"),
        (r#"<w:numPr><w:ilvl w:val="3"/><w:numId w:val="1"/></w:numPr>"#, "认真组织实施"),
        (r#"<w:numPr><w:ilvl w:val="4"/><w:numId w:val="1"/></w:numPr>"#, "工作要求"),
        (r#"<w:pStyle w:val="H1"/>"#, "附则"),
    ] {
        body.push_str(&format!(r#"<w:p><w:pPr>{p_pr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#));
    }
    let numbering = numbering(&levels, "", "");
    let styles = styles(&style("H1", "a", r#"<w:numPr><w:numId w:val="1"/></w:numPr>"#));
    let bytes = docx(&body, &[("word/numbering.xml", &numbering), ("word/styles.xml", &styles)]);
    passes_clean(&scan("public.docx", &bytes), "ordinary lists");
}

const PRESENTATION_NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;

/// A one-slide deck on a layout and a master. The slide holds a text box of prose, then
/// `shapes`; the layout's body placeholder has list style `layout_list` (inner XML of
/// `a:lstStyle`), the master's body text style is `body_style` (inner XML of `p:bodyStyle`).
fn deck(shapes: &str, layout_list: &str, body_style: &str) -> Vec<u8> {
    let ns = PRESENTATION_NS;
    let rels = |kind: &str, target: &str| {
        format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{REL}/{kind}" Target="{target}"/></Relationships>"#
        )
    };
    let tree = |shapes: &str| {
        format!(
            r#"<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld>"#
        )
    };
    let prose = format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="文本框 1"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>{PROSE}</a:t></a:r></a:p></p:txBody></p:sp>"#
    );
    let layout_body = format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="3" name="内容占位符 2"/><p:cNvSpPr/><p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle>{layout_list}</a:lstStyle><a:p><a:endParaRPr/></a:p></p:txBody></p:sp>"#
    );
    zip_of(&[
        entry("[Content_Types].xml", "<Types/>"),
        entry("_rels/.rels", rels("officeDocument", "ppt/presentation.xml")),
        entry(
            "ppt/presentation.xml",
            format!(
                r#"<p:presentation {ns}><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>"#
            ),
        ),
        entry("ppt/_rels/presentation.xml.rels", rels("slide", "slides/slide1.xml")),
        entry("ppt/slides/slide1.xml", format!(r#"<p:sld {ns}>{}</p:sld>"#, tree(&format!("{prose}{shapes}")))),
        entry("ppt/slides/_rels/slide1.xml.rels", rels("slideLayout", "../slideLayouts/slideLayout1.xml")),
        entry(
            "ppt/slideLayouts/slideLayout1.xml",
            format!(r#"<p:sldLayout {ns}>{}</p:sldLayout>"#, tree(&layout_body)),
        ),
        entry("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels("slideMaster", "../slideMasters/slideMaster1.xml")),
        entry(
            "ppt/slideMasters/slideMaster1.xml",
            format!(
                r#"<p:sldMaster {ns}>{}<p:txStyles><p:titleStyle/><p:bodyStyle>{body_style}</p:bodyStyle><p:otherStyle/></p:txStyles></p:sldMaster>"#,
                tree("")
            ),
        ),
    ])
}

/// A shape with paragraph `text` at level `lvl` with paragraph properties `p_pr` (inner XML);
/// a body placeholder when `placeholder`, else a text box with list style `list`.
fn bulleted(placeholder: bool, list: &str, lvl: u8, p_pr: &str, text: &str) -> String {
    let nv = if placeholder { r#"<p:nvPr><p:ph idx="1"/></p:nvPr>"# } else { r#"<p:nvPr/>"# };
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="4" name="内容 3"/><p:cNvSpPr/>{nv}</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle>{list}</a:lstStyle><a:p><a:pPr lvl="{lvl}">{p_pr}</a:pPr><a:r><a:rPr lang="zh-CN"/><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"#
    )
}

/// A bullet character that prints words before a paragraph `密★1年`: the paragraph's own, its
/// shape's list style's, its layout placeholder's, its master's body style's (the second level,
/// as the paragraph's); each is found on the slide, field `list label`. Then the same decks with
/// the bullets offices use (`•`, a Wingdings `§` square, `一.` numbers) pass with no finding,
/// and so does a paragraph whose own `a:buNone` takes the inherited `机` away.
#[test]
fn pptx_bullets_are_read_with_their_paragraph() {
    let ji = r#"<a:buFont typeface="宋体"/><a:buChar char="机"/>"#;
    let level2 = |bullet: &str| format!(r#"<a:lvl2pPr marL="685800" indent="-228600">{bullet}</a:lvl2pPr>"#);
    let lvl1 = |bullet: &str| format!("<a:lvl1pPr>{bullet}</a:lvl1pPr>");
    let marked: Vec<(&str, Vec<u8>)> = vec![
        ("its own bullet", deck(&bulleted(false, "", 0, ji, "密★1年"), "", "")),
        ("its shape's list style", deck(&bulleted(false, &lvl1(ji), 0, "", "密★1年"), "", "")),
        ("its layout placeholder", deck(&bulleted(true, "", 0, "", "密★1年"), &lvl1(ji), "")),
        ("its master's body style", deck(&bulleted(true, "", 1, "", "密★1年"), "", &level2(ji))),
    ];
    for (what, bytes) in &marked {
        blocks_at_label(&scan("list.pptx", bytes), "ppt/slides/slide1.xml", what);
    }
    let plain: Vec<(&str, Vec<u8>)> = vec![
        (
            "a round bullet",
            deck(
                &bulleted(true, "", 0, "", "工作要求"),
                &lvl1(r#"<a:buFont typeface="Arial"/><a:buChar char="•"/>"#),
                "",
            ),
        ),
        (
            "a Wingdings square",
            deck(
                &bulleted(
                    false,
                    "",
                    0,
                    r#"<a:buFont typeface="Wingdings" pitchFamily="2" charset="2"/><a:buChar char="§"/>"#,
                    "工作要求",
                ),
                "",
                "",
            ),
        ),
        (
            "Chinese numbers",
            deck(
                &bulleted(
                    false,
                    "",
                    0,
                    r#"<a:buFont typeface="+mj-ea"/><a:buAutoNum type="ea1ChsPeriod"/>"#,
                    "工作要求",
                ),
                "",
                "",
            ),
        ),
        ("its own buNone", deck(&bulleted(true, "", 0, "<a:buNone/>", "密★1年"), &lvl1(ji), "")),
    ];
    for (what, bytes) in &plain {
        passes_clean(&scan("list.pptx", bytes), what);
    }
}

/// A text box of `paragraphs`, each (level, paragraph properties as inner XML, text).
fn text_box(paragraphs: &[(u8, &str, &str)]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|(lvl, p_pr, text)| {
            format!(r#"<a:p><a:pPr lvl="{lvl}">{p_pr}</a:pPr><a:r><a:rPr lang="zh-CN"/><a:t>{text}</a:t></a:r></a:p>"#)
        })
        .collect();
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="5" name="要点"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody></p:sp>"#
    )
}

/// Scans the deck `bytes` with a dictionary of one term, `三号工程`: the report.
fn scan_with_term(bytes: &[u8]) -> serde_json::Value {
    let dir = tempdir();
    let dict = write(dir.path(), "projects.txt", "三号工程\t机密\tproject\n".as_bytes());
    let path = write(dir.path(), "numbered.pptx", bytes);
    scan_json(&path, &["--dict", dict.to_str().unwrap()]).1
}

/// An automatic number in Chinese (`ea1ChsPlain`) prints `三` before a paragraph `号工程`: the
/// dictionary term `三号工程` is shown and found, field `list label`, whether the number is the
/// paragraph's own (`startAt` 3), counted (the third paragraph of its level and scheme, a deeper
/// numbered paragraph between), or inherited from the layout's placeholder. Numbers counted
/// again after a paragraph without one (`二号工程`), and digits (`3.号工程`), show no term.
#[test]
fn pptx_automatic_numbers_in_words_are_read_with_their_paragraph() {
    let chinese = r#"<a:buFont typeface="+mj-ea"/><a:buAutoNum type="ea1ChsPlain"/>"#;
    let from_three = r#"<a:buAutoNum type="ea1ChsPlain" startAt="3"/>"#;
    let arabic = r#"<a:buAutoNum type="arabicPeriod"/>"#;
    let lvl1 = |bullet: &str| format!("<a:lvl1pPr>{bullet}</a:lvl1pPr>");
    let found: Vec<(&str, Vec<u8>)> = vec![
        ("its own number from 3", deck(&text_box(&[(0, from_three, "号工程")]), "", "")),
        (
            "the third of its level",
            deck(
                &text_box(&[
                    (0, chinese, "总体要求"),
                    (1, arabic, "细则"),
                    (0, chinese, "安全要求"),
                    (0, "", " "),
                    (0, chinese, "号工程"),
                ]),
                "",
                "",
            ),
        ),
        ("its layout placeholder's number", deck(&bulleted(true, "", 0, "", "号工程"), &lvl1(from_three), "")),
    ];
    for (what, bytes) in &found {
        let report = scan_with_term(bytes);
        assert_eq!(report["verdict"], "block", "{what}: {report}");
        let at = ("projects.txt:1".to_owned(), "ppt/slides/slide1.xml".to_owned(), Some("list label".to_owned()));
        assert!(places(&report).contains(&at), "{what}: {report}");
    }
    let plain: Vec<(&str, Vec<u8>)> = vec![
        (
            "counted again after a paragraph without a number",
            deck(
                &text_box(&[
                    (0, chinese, "总体要求"),
                    (0, "<a:buNone/>", "说明"),
                    (0, chinese, "安全要求"),
                    (0, chinese, "号工程"),
                ]),
                "",
                "",
            ),
        ),
        ("digits", deck(&text_box(&[(0, r#"<a:buAutoNum type="arabicPeriod" startAt="3"/>"#, "号工程")]), "", "")),
    ];
    for (what, bytes) in &plain {
        passes_clean(&scan_with_term(bytes), what);
    }
}

/// An OpenDocument text whose `content.xml` has automatic styles `styles` and body `body` (inner
/// XML of `office:text`), after a paragraph of prose.
fn odt(styles: &str, body: &str) -> Vec<u8> {
    zip_of(&[
        entry("mimetype", "application/vnd.oasis.opendocument.text"),
        entry(
            "content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:text><text:p>{PROSE}</text:p>{body}</office:text></office:body></office:document-content>"#
            ),
        ),
        entry(
            "META-INF/manifest.xml",
            r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#,
        ),
    ])
}

/// A list style `L1` whose first level is `level` (a `text:list-level-style-*` element's
/// attributes and name) followed by nothing.
fn list_style(element: &str, attributes: &str) -> String {
    format!(
        r#"<text:list-style style:name="L1"><text:{element} text:level="1" {attributes}><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:{element}></text:list-style>"#
    )
}

/// One list of `L1` with one item per paragraph text.
fn odt_list(items: &[&str]) -> String {
    let items: String =
        items.iter().map(|t| format!("<text:list-item><text:p>{t}</text:p></text:list-item>")).collect();
    format!(r#"<text:list text:style-name="L1">{items}</text:list>"#)
}

/// A numbering level's prefix and suffix (`机密★` 一 `年`, in Chinese counting) or a bullet
/// `机` print the mark with their item: found in `content.xml`, field `list label`. Ordinary
/// numbering (`（一）`, `1.`, `●`, `第一章`) passes with no finding.
#[test]
fn odt_list_labels_and_bullets_are_read_with_their_paragraph() {
    let chinese = r#"style:num-format="一, 二, 三, ...""#;
    let marked = [
        (
            list_style(
                "list-level-style-number",
                &format!(r#"style:num-prefix="机密★" style:num-suffix="年" {chinese}"#),
            ),
            "项目说明",
        ),
        (list_style("list-level-style-bullet", r#"text:bullet-char="机""#), "密★1年"),
    ];
    for (styles, text) in &marked {
        blocks_at_label(&scan("list.odt", &odt(styles, &odt_list(&[text]))), "content.xml", styles);
    }
    let ordinary = [
        list_style("list-level-style-number", &format!(r#"style:num-prefix="（" style:num-suffix="）" {chinese}"#)),
        list_style("list-level-style-number", r#"style:num-suffix="." style:num-format="1""#),
        list_style("list-level-style-bullet", r#"text:bullet-char="●""#),
        list_style("list-level-style-number", &format!(r#"style:num-prefix="第" style:num-suffix="章" {chinese}"#)),
    ];
    for styles in &ordinary {
        passes_clean(&scan("list.odt", &odt(styles, &odt_list(&["总则", "工作要求", "附则"]))), styles);
    }
}

/// An RTF whose list 1 prints `level` (`\leveltext`, placeholders `\'00`) before the item
/// `text`, written (`{\listtext …}`) or left to the reader (`\ls1\ilvl0` alone), with nothing
/// between.
fn rtf_list(level: &str, listtext: &str, text: &str) -> Vec<u8> {
    // The length byte counts a placeholder as one character.
    let length = level.replace(r"\'00", "#").chars().count();
    let escape = |s: &str| {
        s.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("\\u{}?", c as u32) }).collect::<String>()
    };
    format!(
        r"{{\rtf1\ansi\ansicpg936\deff0{{\fonttbl{{\f0 SimSun;}}}}{{\*\listtable{{\list\listtemplateid1{{\listlevel\levelnfc0\levelfollow2\levelstartat1{{\leveltext\'{length:02x}{};}}{{\levelnumbers;}}}}\listid5}}}}{{\*\listoverridetable{{\listoverride\listid5\listoverridecount0\ls1}}}}\pard\plain {}\par\pard\ls1\ilvl0 {}{}\par}}",
        escape(level),
        escape(PROSE),
        listtext,
        escape(text)
    )
    .into_bytes()
}

/// Word draws an RTF list paragraph's label from the list table: `机` before `密★1年` blocks,
/// found in the body, field `list label`, whether or not the paragraph writes its label itself
/// (`{\listtext 机}`, read where it stands); `第\'00章` before `总则` passes.
#[test]
fn rtf_list_labels_are_read_with_their_paragraph() {
    let drawn = scan("list.rtf", &rtf_list("机", "", "密★1年"));
    blocks_at_label(&drawn, "body", "no \\listtext");
    let written = scan("list.rtf", &rtf_list("机", r"{\listtext \u26426?}", "密★1年"));
    assert_eq!(written["verdict"], "block", "{written}");
    passes_clean(&scan("list.rtf", &rtf_list(r"第\'00章", "", "总则")), "第1章");
}

/// An OpenDocument presentation whose outline frame's list has no style of its own: its
/// bullets are those of the list style its presentation style's parent (the master's outline
/// style, in `styles.xml`) holds, here `bullet` before `text`.
fn odp(bullet: &str, text: &str) -> Vec<u8> {
    let styles = format!(
        r#"<office:styles><style:style style:name="标题1-outline1" style:family="presentation"><style:graphic-properties draw:fill="none"><text:list-style><text:list-level-style-bullet text:level="1" text:bullet-char="{bullet}"><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-bullet></text:list-style></style:graphic-properties></style:style></office:styles>"#
    );
    zip_of(&[
        entry("mimetype", "application/vnd.oasis.opendocument.presentation"),
        entry(
            "styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF_NS}>{styles}</office:document-styles>"#
            ),
        ),
        entry(
            "content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}><office:automatic-styles><style:style style:name="pr1" style:family="presentation" style:parent-style-name="标题1-outline1"/></office:automatic-styles><office:body><office:presentation><draw:page draw:name="页1"><draw:frame presentation:style-name="pr1" presentation:class="outline"><draw:text-box><text:p>{PROSE}</text:p><text:list><text:list-item><text:p>{text}</text:p></text:list-item></text:list></draw:text-box></draw:frame></draw:page></office:presentation></office:body></office:document-content>"#
            ),
        ),
        entry(
            "META-INF/manifest.xml",
            r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>"#,
        ),
    ])
}

/// A slide's outline bullet `机` from the master's outline style prints the mark with its item
/// `密★1年`: found in `content.xml`, field `list label`; the usual `●` passes.
#[test]
fn odp_outline_bullets_are_read_with_their_paragraph() {
    blocks_at_label(&scan("deck.odp", &odp("机", "密★1年")), "content.xml", "outline bullet 机");
    passes_clean(&scan("deck.odp", &odp("●", "工作要求")), "outline bullet ●");
}

/// A level text of 20,000 public characters numbering 2,000 paragraphs (a DOCX of a few KB)
/// would repeat the text 2,000 times, 40 million characters (13 s of a debug build before the
/// allowance; the product grows with the square of the file). The labels stop at the part's
/// allowance, and the file is `review`, not `pass`: the later labels were not read.
#[test]
fn docx_labels_past_their_allowance_are_review() {
    let long = "公开发布".repeat(5000);
    let numbering = numbering(&level(0, "decimal", &format!("{long}%1"), ""), "", "");
    let item = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>通知</w:t></w:r></w:p>"#;
    let body = format!("{}{}", para(&[PROSE]), item.repeat(2000));
    let bytes = docx(&body, &[("word/numbering.xml", &numbering), ("word/styles.xml", &styles(""))]);
    assert!(bytes.len() < 16 * 1024, "{} bytes", bytes.len());
    let report = scan("labels.docx", &bytes);
    assert_eq!(report["verdict"], "review", "{report}");
    let unread = report["coverage"]["unread"].to_string();
    assert!(unread.contains("word/document.xml") && unread.contains("list labels"), "{unread}");
}
