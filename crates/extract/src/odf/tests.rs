use super::*;
use crate::testing::zip;
use mijian_core::Collected;

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink""#;

fn package(mimetype: &str, content_body: &str, styles: &str, meta: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut entries: Vec<(String, String)> = vec![
        ("mimetype".into(), format!("application/vnd.oasis.opendocument.{mimetype}")),
        (
            "content.xml".into(),
            format!(
                r#"<?xml version="1.0"?><office:document-content {NS}><office:body>{content_body}</office:body></office:document-content>"#
            ),
        ),
        (
            "styles.xml".into(),
            format!(r#"<?xml version="1.0"?><office:document-styles {NS}>{styles}</office:document-styles>"#),
        ),
        (
            "meta.xml".into(),
            format!(
                r#"<?xml version="1.0"?><office:document-meta {NS}><office:meta>{meta}</office:meta></office:document-meta>"#
            ),
        ),
        (
            "META-INF/manifest.xml".into(),
            "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>".into(),
        ),
    ];
    entries.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    zip(&entries)
}

/// The texts of the "as shown" readings.
fn as_shown(c: &Collected) -> Vec<String> {
    c.segments.iter().filter(|s| s.location.field.as_deref() == Some("as shown")).map(|s| s.text.clone()).collect()
}

fn read(bytes: &[u8]) -> Collected {
    let mut sink = Collected::default();
    extract(bytes, &Limits::default(), &mut sink).unwrap();
    sink
}

fn find<'a>(sink: &'a Collected, text: &str) -> &'a Segment {
    sink.segments.iter().find(|s| s.text == text).unwrap_or_else(|| {
        let all: Vec<_> = sink.segments.iter().map(|s| (&s.location.part, s.role, &s.text)).collect();
        panic!("{text:?} not in {all:#?}")
    })
}

#[test]
fn text_document_body_notes_comments_changes_headers_and_meta() {
    let body = r#"<office:text>
        <text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>王五</dc:creator><dc:date>2026-01-01</dc:date></office:change-info><text:p>删除的机密★2年</text:p></text:deletion></text:changed-region></text:tracked-changes>
        <text:h text:outline-level="1">机密<text:span>★</text:span>1年</text:h>
        <text:p>正文<text:s text:c="2"/>第二句<text:tab/>制表<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注内容</text:p></text:note-body></text:note>结束<text:note text:note-class="footnote"><text:note-citation text:label="秘密★">秘密★</text:note-citation><text:note-body><text:p>另一脚注</text:p></text:note-body></text:note></text:p>
        <text:p>批注处<office:annotation><dc:creator>张三</dc:creator><dc:date>2026-01-01</dc:date><text:p>批注内容</text:p></office:annotation>后文</text:p>
        <text:p><text:conditional-text text:condition="ooow:x==1" text:string-value-if-true="条件为真的机密" text:string-value-if-false="条件为假">条件为假</text:conditional-text><text:hidden-text text:condition="x" text:string-value="隐藏的文字">隐藏的文字</text:hidden-text></text:p>
        <text:list><text:list-item><text:p>列表项</text:p></text:list-item></text:list>
        <text:p><draw:frame draw:name="f1"><svg:title>替代文字</svg:title><draw:text-box><text:p>文本框内容</text:p></draw:text-box></draw:frame></text:p>
        <text:p><draw:frame><draw:image xlink:href="Pictures/1.png"/></draw:frame></text:p>
        <table:table table:name="表格1"><table:table-row><table:table-cell><text:p>甲</text:p></table:table-cell><table:table-cell><text:p>秘密</text:p><text:p>第二段</text:p></table:table-cell></table:table-row></table:table>
      </office:text>"#;
    let styles = r#"<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>内部资料 注意保存</text:p></style:header><style:footer><text:p>第<text:page-number>1</text:page-number>页</text:p></style:footer></style:master-page></office:master-styles>"#;
    let meta = r#"<dc:title>标题</dc:title><meta:keyword>关键词</meta:keyword><meta:user-defined meta:name="密级">秘密</meta:user-defined><meta:document-statistic meta:page-count="1"/>"#;
    let odt = package(
        "text",
        body,
        styles,
        meta,
        &[
            ("Pictures/1.png", "png"),
            ("Thumbnails/thumbnail.png", "png"),
            ("settings.xml", "<x/>"),
            ("secret.txt", "附带文件"),
        ],
    );
    let sink = read(&odt);

    let h = find(&sink, "机密★1年");
    assert_eq!((h.location.part.as_str(), h.role), ("content.xml", Role::Body));
    assert_eq!(find(&sink, "正文  第二句\t制表结束").role, Role::Body);
    assert_eq!(find(&sink, "脚注内容").role, Role::Note);
    // A footnote marked with its own characters shows them in the text.
    assert_eq!(find(&sink, "秘密★").location.field.as_deref(), Some("note mark"));
    let c = find(&sink, "批注内容");
    assert_eq!((c.role, c.location.field.as_deref()), (Role::Note, Some("张三")));
    assert_eq!(find(&sink, "批注处后文").role, Role::Body);
    assert_eq!(find(&sink, "删除的机密★2年").location.field.as_deref(), Some("tracked change"));
    find(&sink, "列表项");
    assert_eq!(find(&sink, "条件为真的机密").location.field.as_deref(), Some("field value"));
    find(&sink, "条件为假隐藏的文字");
    find(&sink, "文本框内容");
    assert_eq!(find(&sink, "替代文字").role, Role::Other);
    let row = find(&sink, "甲\t秘密\n第二段");
    assert_eq!((row.location.field.as_deref(), row.location.paragraph), (Some("表格1"), Some(1)));
    let header = find(&sink, "内部资料 注意保存");
    assert_eq!((header.location.part.as_str(), header.role), ("styles.xml", Role::Header));
    assert_eq!(find(&sink, "第1页").role, Role::Footer);
    let title = find(&sink, "标题");
    assert_eq!((title.role, title.location.field.as_deref()), (Role::Properties, Some("dc:title")));
    assert_eq!(find(&sink, "秘密").location.field.as_deref(), Some("密级"));
    assert_eq!(find(&sink, "关键词").location.field.as_deref(), Some("meta:keyword"));
    // A change's author shows in Manage Changes and on the change, as a comment's does; its
    // date and a footnote's number are not text.
    let author = find(&sink, "王五");
    assert_eq!((author.role, author.location.field.as_deref()), (Role::Note, Some("change author")));
    assert!(!sink.segments.iter().any(|s| s.text.contains("2026") || s.text == "1"));

    let unread: Vec<_> = sink.coverage.iter().filter(|c| c.reason.is_some()).map(|c| c.part.as_str()).collect();
    assert_eq!(unread, vec!["Pictures/1.png"], "the thumbnail pictures what content.xml holds");
    assert_eq!(sink.members, vec![("secret.txt".to_owned(), "附带文件".as_bytes().to_vec())]);
}

#[test]
fn spreadsheet_sheets_rows_and_comments() {
    let body = r#"<office:spreadsheet>
        <table:table table:name="机密名单"><table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>
        <table:table-row><table:table-cell office:value-type="string"><text:p>A5</text:p><office:annotation><dc:creator>李四</dc:creator><text:p>单元格批注</text:p></office:annotation></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>D5</text:p></table:table-cell></table:table-row></table:table>
        <table:table table:name="Sheet2"/></office:spreadsheet>"#;
    let sink = read(&package("spreadsheet", body, "", "", &[]));
    let name = find(&sink, "机密名单");
    assert_eq!((name.role, name.location.field.as_deref()), (Role::Properties, Some("sheet")));
    find(&sink, "Sheet2");
    let row = find(&sink, "A5\t\tD5");
    assert_eq!((row.location.paragraph, row.location.field.as_deref()), (Some(4), Some("机密名单")));
    assert_eq!(find(&sink, "单元格批注").location.field.as_deref(), Some("李四"));
}

#[test]
fn presentation_slides_notes_names_and_masters() {
    let body = r#"<office:presentation>
        <presentation:footer-decl presentation:name="ftr1">绝密★启用前</presentation:footer-decl>
        <draw:page draw:name="封面"><draw:frame presentation:class="title"><draw:text-box><text:p>第一页标题</text:p></draw:text-box></draw:frame>
          <presentation:notes><draw:frame><draw:text-box><text:p>演讲者备注</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>
        <draw:page draw:name="page2"><draw:custom-shape><text:p>第二页</text:p></draw:custom-shape></draw:page></office:presentation>"#;
    let styles = r#"<office:master-styles><style:master-page style:name="M"><draw:frame presentation:class="title"><draw:text-box><text:p>单击此处添加标题</text:p></draw:text-box></draw:frame><draw:frame><draw:text-box><text:p>每页都有的文字</text:p></draw:text-box></draw:frame></style:master-page></office:master-styles>"#;
    let sink = read(&package(
        "presentation",
        body,
        styles,
        "",
        &[(
            "Object 1/content.xml",
            &format!(
                r#"<office:document-content {NS}><office:body><text:p>图表标题</text:p></office:body></office:document-content>"#
            ),
        )],
    ));
    assert_eq!(find(&sink, "绝密★启用前").role, Role::Footer);
    let t = find(&sink, "第一页标题");
    assert_eq!((t.role, t.location.page), (Role::Body, Some(1)));
    let n = find(&sink, "演讲者备注");
    assert_eq!((n.role, n.location.page), (Role::Note, Some(1)));
    assert_eq!(find(&sink, "封面").location.field.as_deref(), Some("slide name"));
    assert_eq!(find(&sink, "第二页").location.page, Some(2));
    assert_eq!(find(&sink, "每页都有的文字").role, Role::Header);
    assert!(!sink.segments.iter().any(|s| s.text == "单击此处添加标题"), "prompt text is not printed");
    assert_eq!(find(&sink, "图表标题").location.part, "Object 1/content.xml");
}

#[test]
fn flat_documents() {
    let flat = format!(
        r#"<?xml version="1.0"?><office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text"><office:meta><dc:subject>主题</dc:subject></office:meta><office:settings><config:config-item-set xmlns:config="c"><config:config-item config:name="x">true</config:config-item></config:config-item-set></office:settings><office:body><office:text><text:p>机密★1年</text:p></office:text></office:body></office:document>"#
    );
    assert_eq!(crate::sniff(flat.as_bytes()), crate::Format::Odt);
    let sink = read(flat.as_bytes());
    assert_eq!(find(&sink, "机密★1年").location.part, "document.xml");
    assert_eq!(find(&sink, "主题").role, Role::Properties);
    assert!(!sink.segments.iter().any(|s| s.text == "true"), "settings are not content");
}

#[test]
fn sniffed_by_mimetype_and_manifest() {
    let odt = package("text", "", "", "", &[]);
    assert_eq!(crate::sniff(&odt), crate::Format::Odt);
    assert_eq!(crate::sniff(&package("spreadsheet-template", "", "", "", &[])), crate::Format::Ods);
    assert_eq!(crate::sniff(&package("presentation", "", "", "", &[])), crate::Format::Odp);
    let no_mimetype = zip(&[
        (
            "META-INF/manifest.xml",
            r#"<manifest:manifest xmlns:manifest="m"><manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#,
        ),
        ("content.xml", "<x/>"),
    ]);
    assert_eq!(crate::sniff(&no_mimetype), crate::Format::Ods);
}

#[test]
fn encrypted_and_broken_packages_are_errors() {
    let enc = zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", "<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"),
        ("content.xml", "\u{1}\u{2}garbage"),
    ]);
    let mut sink = Collected::default();
    assert!(matches!(
        extract(&enc, &Limits::default(), &mut sink),
        Err(ExtractError::Encrypted { what: crate::Encryption::Password, .. })
    ));
    let missing = zip(&[("mimetype", "application/vnd.oasis.opendocument.text")]);
    assert!(matches!(
        extract(&missing, &Limits::default(), &mut sink),
        Err(ExtractError::Corrupt { what: crate::Defect::MissingPart, .. })
    ));
    let bad = package("text", "<office:text><text:p>unclosed</office:text>", "", "", &[]);
    assert!(matches!(
        extract(&bad, &Limits::default(), &mut sink),
        Err(ExtractError::Corrupt { what: crate::Defect::Xml { .. } | crate::Defect::XmlUnclosed { .. }, .. })
    ));
}

/// A mark typed one piece per cell down a column (of a sheet, or of a table in a text document)
/// is read top to bottom too; repeated cells keep the columns aligned.
#[test]
fn short_cells_down_a_column_read_top_to_bottom() {
    let row = |first: &str, piece: &str| {
        format!(
            r#"<table:table-row><table:table-cell><text:p>{first}</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>{piece}</text:p></table:table-cell></table:table-row>"#
        )
    };
    let rows: String =
        [("张三", "机"), ("李四", "密"), ("王五", "★"), ("赵六", "1年")].iter().map(|(a, b)| row(a, b)).collect();
    let body =
        format!(r#"<office:spreadsheet><table:table table:name="名单">{rows}</table:table></office:spreadsheet>"#);
    let sink = read(&package("spreadsheet", &body, "", "", &[]));
    let run = find(&sink, "机密★1年");
    assert_eq!(run.location.field.as_deref(), Some("名单, column D, rows 1-4"), "two repeated cells stand before D");
    assert_eq!(run.location.paragraph, Some(1));

    let cell = |t: &str| {
        format!("<table:table-row><table:table-cell><text:p>{t}</text:p></table:table-cell></table:table-row>")
    };
    let rows: String = ["绝", "密", "★", "启用前"].iter().map(|t| cell(t)).collect();
    let body = format!(r#"<office:text><table:table table:name="表格1">{rows}</table:table></office:text>"#);
    let sink = read(&package("text", &body, "", "", &[]));
    assert_eq!(find(&sink, "绝密★启用前").location.field.as_deref(), Some("表格1, column A, rows 1-4"));
}

/// What a click reaches and what a form shows are read: link targets, form control values,
/// labels and list options.
#[test]
fn hyperlink_targets_and_form_values() {
    let body = r#"<office:text><office:forms><form:form form:name="表单"><form:text form:name="t1" form:current-value="机密★1年"/><form:button form:label="此件不予公开"/><form:listbox form:name="l"><form:option form:label="内部资料" form:value="x1"/></form:listbox><form:checkbox form:value="1"/></form:form></office:forms>
        <text:p>见<text:a xlink:type="simple" xlink:href="http://example.gov.cn/绝密文件.pdf">附件</text:a></text:p></office:text>"#;
    let sink = read(&package("text", body, "", "", &[]));
    for text in ["机密★1年", "此件不予公开", "内部资料", "x1"] {
        assert_eq!(find(&sink, text).location.field.as_deref(), Some("form"), "{text}");
    }
    assert_eq!(find(&sink, "http://example.gov.cn/绝密文件.pdf").location.field.as_deref(), Some("hyperlink"));
    assert!(!sink.segments.iter().any(|s| s.text == "1"), "a check box's state is no text");
}

/// Names and texts kept in attributes that LibreOffice shows are read, each with its field;
/// identifiers and numbers are not text, and a formula's constant that the cell already shows
/// is not read twice.
#[test]
fn names_and_texts_in_attributes_that_a_viewer_shows() {
    let body = r#"<office:text>
        <text:p>正文<office:annotation><dc:creator>审阅人甲</dc:creator><text:p>批注</text:p></office:annotation></text:p>
        <text:p><text:a xlink:href="http://example.org/%E5%86%85%E9%83%A8" office:title="提示文字">链接</text:a></text:p>
        <text:p><text:bookmark-start text:name="书签甲"/>正文<text:bookmark-end text:name="书签甲"/></text:p>
        <text:section text:name="第一节"><text:p>节内</text:p></text:section>
        <text:p><draw:frame draw:name="框架甲"><draw:text-box><text:p>框内</text:p></draw:text-box></draw:frame></text:p>
        <text:p><text:drop-down text:name="选择"><text:label text:value="选项甲"/>选项乙</text:drop-down></text:p>
        <text:p><text:placeholder text:description="占位说明">占位</text:placeholder></text:p>
        <text:p><text:alphabetical-index-mark text:string-value="条目" text:key1="主条目" text:key2="1"/></text:p>
        <text:p><text:bibliography-mark text:identifier="Z1" text:bibliography-type="book" text:author="作者甲" text:year="2020">[1]</text:bibliography-mark></text:p>
        <text:user-field-decls><text:user-field-decl office:value-type="float" office:value="1" text:name="变量甲"/></text:user-field-decls>
        <office:forms><form:form xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" form:name="表单甲"/></office:forms>
    </office:text>"#;
    let styles = r#"<office:styles><style:style style:name="x1" style:display-name="样式甲" style:family="paragraph"/><text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-prefix="第" style:num-suffix="." style:num-format="1"/></text:outline-style></office:styles>"#;
    let meta = r#"<meta:user-defined meta:name="属性名">值</meta:user-defined><meta:template xlink:href="a.ott" xlink:title="模板甲"/>"#;
    let sink = read(&package("text", body, styles, meta, &[]));
    for (text, field) in [
        ("审阅人甲", "comment author"),
        ("http://example.org/内部", "hyperlink"),
        ("提示文字", "tooltip"),
        ("书签甲", "bookmark"),
        ("第一节", "section"),
        ("框架甲", "shape name"),
        ("选项甲", "drop-down"),
        ("占位说明", "field description"),
        ("主条目", "index entry"),
        ("作者甲", "bibliography"),
        ("第", "numbering"),
        ("变量甲", "variable name"),
        ("表单甲", "form name"),
        ("样式甲", "style name"),
        ("属性名", "user-defined name"),
        ("模板甲", "template"),
    ] {
        assert_eq!(find(&sink, text).location.field.as_deref(), Some(field), "{text}");
    }
    for not_text in ["Z1", "book", "2020", "1", "."] {
        assert!(!sink.segments.iter().any(|s| s.text == not_text), "{not_text:?} is not text");
    }
    assert_eq!(
        sink.segments.iter().filter(|s| s.text == "书签甲").count(),
        1,
        "a bookmark's start is read, not its end"
    );

    let body = r#"<office:spreadsheet>
        <table:content-validations><table:content-validation table:name="v1" table:condition="of:cell-content-is-in-list(&quot;甲类&quot;;&quot;乙类&quot;)"><table:help-message table:title="输入提示"><text:p>请选择</text:p></table:help-message></table:content-validation></table:content-validations>
        <table:table table:name="表1">
          <table:scenario table:comment="方案说明" table:scenario-ranges="表1.A1:A1"/>
          <table:table-row>
            <table:table-cell table:formula="of:=&quot;常量&quot;&amp;[.B1]" office:value-type="string"><text:p>常量显示</text:p></table:table-cell>
            <table:table-cell table:formula="of:=&quot;隐藏常量&quot;&amp;[.B1]" office:value-type="string"><text:p>显示值</text:p></table:table-cell>
            <table:table-cell office:value-type="string" office:string-value="存储值"/>
            <table:table-cell office:value-type="string" office:string-value="另存值"><text:p>所见值</text:p></table:table-cell>
          </table:table-row>
        </table:table>
        <table:named-expressions><table:named-range table:name="区域甲" table:cell-range-address="表1.A1"/><table:named-expression table:name="n" table:expression="of:=&quot;命名常量&quot;"/></table:named-expressions>
    </office:spreadsheet>"#;
    let sink = read(&package("spreadsheet", body, "", "", &[]));
    for (text, field) in [
        ("甲类", "validation"),
        ("乙类", "validation"),
        ("输入提示", "validation"),
        ("方案说明", "scenario"),
        ("隐藏常量", "formula"),
        ("另存值", "cell value"),
        ("区域甲", "name"),
        ("命名常量", "name"),
    ] {
        assert_eq!(find(&sink, text).location.field.as_deref(), Some(field), "{text}");
    }
    assert_eq!(find(&sink, "常量显示\t显示值\t存储值\t所见值").location.field.as_deref(), Some("表1"));
    assert!(!sink.segments.iter().any(|s| s.text == "常量"), "a constant the cell shows is read with the cell");

    let body = r#"<office:presentation><draw:page draw:name="页1"><draw:custom-shape draw:name="按钮"><office:event-listeners><script:event-listener script:event-name="dom:click" xlink:href="vnd.sun.star.script:Standard.Module1.Main"/><presentation:event-listener script:event-name="dom:click" presentation:action="show" xlink:href="http://example.org/目标"/></office:event-listeners><text:p>点击</text:p></draw:custom-shape></draw:page>
        <presentation:settings><presentation:show presentation:name="汇报版" presentation:pages="页1"/></presentation:settings></office:presentation>"#;
    let sink = read(&package("presentation", body, "", "", &[]));
    for (text, field) in [("按钮", "shape name"), ("http://example.org/目标", "hyperlink"), ("汇报版", "custom show")]
    {
        assert_eq!(find(&sink, text).location.field.as_deref(), Some(field), "{text}");
    }
    assert!(!sink.segments.iter().any(|s| s.text.contains("vnd.sun.star.script")), "a macro's address is not text");
}

#[test]
fn a_paragraph_cut_by_text_that_does_not_show_is_read_again_as_shown() {
    let styles = r##"<office:automatic-styles><style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/></style:style><style:style style:name="T2" style:family="text"><style:text-properties fo:color="#FFFFFF"/></style:style><style:style style:name="T3" style:family="text"><style:text-properties fo:font-size="1pt" style:font-size-asian="1pt"/></style:style><style:style style:name="T4" style:family="text"><style:text-properties fo:color="#ffffff" fo:background-color="#000080"/></style:style><style:style style:name="T5" style:family="text"><style:text-properties fo:font-size="10pt"/></style:style></office:automatic-styles>"##;
    let body = |cut: &str| {
        format!(r#"{styles}<office:text><text:p>正文</text:p><text:p>机{cut}密★1年</text:p></office:text>"#)
    };
    for cut in [
        r#"<text:span text:style-name="T1">公开</text:span>"#,
        r#"<text:span text:style-name="T2">公开</text:span>"#,
        r#"<text:span text:style-name="T3">公<text:span>开</text:span></text:span>"#,
        r#"<text:hidden-text text:condition="ooow:1" text:string-value="公开" text:is-hidden="true">公开</text:hidden-text>"#,
        // A ruby annotation on an empty base: set above the line, not in it.
        r#"<text:ruby><text:ruby-base/><text:ruby-text>公开</text:ruby-text></text:ruby>"#,
    ] {
        let c = read(&package("text", &body(cut), "", "", &[]));
        let texts: Vec<(Option<&str>, &str)> = c
            .segments
            .iter()
            .map(|s| (s.location.field.as_deref(), s.text.as_str()))
            .filter(|(f, _)| *f != Some("field value"))
            .collect();
        assert_eq!(texts, vec![(None, "正文"), (Some("as shown"), "机密★1年"), (None, "机公开密★1年")], "{cut}");
    }
    // White on a background of its own, 10pt text, a style the part does not hide: one reading.
    for cut in [
        r#"<text:span text:style-name="T4">公开</text:span>"#,
        r#"<text:span text:style-name="T5">公开</text:span>"#,
        r#"<text:span text:style-name="T9">公开</text:span>"#,
    ] {
        let c = read(&package("text", &body(cut), "", "", &[]));
        assert!(as_shown(&c).is_empty(), "{cut}");
    }
}

/// Named styles (`office:styles` in styles.xml), their parents, paragraph styles and the
/// background behind the text decide what shows too: a mark cut by such text is read as shown.
#[test]
fn styles_and_backgrounds_decide_what_shows() {
    let named = r##"<office:styles>
        <style:default-style style:family="paragraph"><style:text-properties fo:font-size="12pt"/></style:default-style>
        <style:style style:name="Hidden" style:family="text"><style:text-properties text:display="none"/></style:style>
        <style:style style:name="Child" style:family="text" style:parent-style-name="Hidden"><style:text-properties fo:font-weight="bold"/></style:style>
        <style:style style:name="Unhidden" style:family="text" style:parent-style-name="Hidden"><style:text-properties text:display="true"/></style:style>
        <style:style style:name="White" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style>
        <style:style style:name="Navy" style:family="text"><style:text-properties fo:color="#000080" fo:background-color="#000080"/></style:style>
        <style:style style:name="Shown" style:family="text"><style:text-properties text:display="true"/></style:style>
        <style:style style:name="Black" style:family="text"><style:text-properties fo:color="#000000"/></style:style>
        <style:style style:name="HiddenPara" style:family="paragraph"><style:text-properties text:display="none"/></style:style>
        <style:style style:name="Dark" style:family="paragraph"><style:paragraph-properties fo:background-color="#000000"/><style:text-properties fo:color="#ffffff"/></style:style>
        <style:style style:name="Loop1" style:family="text" style:parent-style-name="Loop2"/>
        <style:style style:name="Loop2" style:family="text" style:parent-style-name="Loop1"/>
    </office:styles>"##;
    let auto = r##"<office:automatic-styles><style:style style:name="T1" style:family="text" style:parent-style-name="White"/><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Dark"/></office:automatic-styles>"##;
    let doc = |paragraph: &str| format!(r#"{auto}<office:text><text:p>正文</text:p>{paragraph}</office:text>"#);
    let span = |style: &str, text: &str| format!(r#"<text:span text:style-name="{style}">{text}</text:span>"#);
    let cut = |middle: String| format!("<text:p>机{middle}密★1年</text:p>");
    let as_shown = |paragraph: &str| -> Vec<String> {
        let c = read(&package("text", &doc(paragraph), named, "", &[]));
        assert!(c.segments.iter().any(|s| s.text == "机公开密★1年"), "{paragraph}: the file's own reading stays");
        as_shown(&c)
    };
    let hidden_paragraph = format!(
        r#"<text:p text:style-name="HiddenPara">{}公开{}</text:p>"#,
        span("Shown", "机"),
        span("Shown", "密★1年")
    );
    let dark_paragraph = format!(r#"<text:p text:style-name="P1">机{}密★1年</text:p>"#, span("Black", "公开"));
    for paragraph in [
        cut(span("Hidden", "公开")),
        cut(span("Child", "公开")),
        cut(span("T1", "公开")),
        cut(span("Navy", "公开")),
        hidden_paragraph,
        dark_paragraph,
    ] {
        assert_eq!(as_shown(&paragraph), ["机密★1年"], "{paragraph}");
    }
    // Shown over a hiding parent, a colour against a paragraph's dark background, styles that
    // loop or are missing: one reading.
    let light_on_dark = format!(r#"<text:p text:style-name="Dark">机{}密★1年</text:p>"#, span("White", "公开"));
    for paragraph in [
        cut(span("Unhidden", "公开")),
        light_on_dark,
        cut(span("Loop1", "公开")),
        cut(span("Nope", "公开")),
        cut(span("Black", "公开")),
    ] {
        assert_eq!(as_shown(&paragraph), Vec::<String>::new(), "{paragraph}");
    }
}

/// A spreadsheet cell's text in the colour of the cell's background does not show.
#[test]
fn a_cell_background_is_behind_its_text() {
    let auto = r##"<office:automatic-styles><style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:background-color="#000000"/><style:text-properties fo:color="#ffffff"/></style:style><style:style style:name="T1" style:family="text"><style:text-properties fo:color="#000000"/></style:style></office:automatic-styles>"##;
    let body = format!(
        r#"{auto}<office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell table:style-name="ce1" office:value-type="string"><text:p>机<text:span text:style-name="T1">公开</text:span>密★1年</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>"#
    );
    let c = read(&package("spreadsheet", &body, "", "", &[]));
    let shown: Vec<&str> = c
        .segments
        .iter()
        .filter(|s| s.location.field.as_deref() == Some("as shown"))
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(shown, ["机密★1年"]);
}

/// Behind the text of a frame or shape is its fill (`draw:fill` of its graphic style), behind a
/// slide's text its background (`draw:fill` of its drawing-page style): white text shows on a
/// dark one, and text the colour of the fill does not.
#[test]
fn frame_fills_and_slide_backgrounds_are_behind_their_text() {
    let auto = r##"<office:automatic-styles>
        <style:style style:name="navy" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#1f3864"/></style:style>
        <style:style style:name="white" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#ffffff"/></style:style>
        <style:style style:name="clear" style:family="graphic"><style:graphic-properties draw:fill="none"/></style:style>
        <style:style style:name="dp-dark" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="#000000"/></style:style>
        <style:style style:name="W" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style>
        <style:style style:name="H" style:family="text"><style:text-properties text:display="none"/></style:style>
    </office:automatic-styles>"##;
    let span = |style: &str, text: &str| format!(r#"<text:span text:style-name="{style}">{text}</text:span>"#);
    // White ends cut by hidden text; black ends cut by white text.
    let white_cut = format!("<text:p>{}{}{}</text:p>", span("W", "机"), span("H", "公开"), span("W", "密★1年"));
    let white_middle = format!("<text:p>机{}密★1年</text:p>", span("W", "公开"));
    let frame = |style: &str, p: &str| {
        format!(r#"<draw:frame draw:style-name="{style}"><draw:text-box>{p}</draw:text-box></draw:frame>"#)
    };
    let text = |body: String| {
        let c = read(&package(
            "text",
            &format!("{auto}<office:text><text:p>正文</text:p>{body}</office:text>"),
            "",
            "",
            &[],
        ));
        as_shown(&c)
    };
    let slide = |page_style: &str, body: String| {
        let c = read(&package(
            "presentation",
            &format!(
                r#"{auto}<office:presentation><draw:page draw:name="p1" draw:style-name="{page_style}">{body}</draw:page></office:presentation>"#
            ),
            "",
            "",
            &[],
        ));
        as_shown(&c)
    };
    let in_p = |f: String| format!("<text:p>{f}</text:p>");
    assert_eq!(text(in_p(frame("navy", &white_cut))), ["机密★1年"], "white on a navy frame shows");
    assert_eq!(text(in_p(frame("white", &white_middle))), ["机密★1年"], "white on a white frame does not");
    assert_eq!(text(in_p(frame("clear", &white_middle))), ["机密★1年"], "a clear frame shows the white page");
    assert_eq!(text(in_p(frame("navy", &white_middle))), Vec::<String>::new(), "the cut shows on navy");
    assert_eq!(text(in_p(frame("white", &white_cut))), Vec::<String>::new(), "all white on white");
    assert_eq!(slide("dp-dark", frame("clear", &white_cut)), ["机密★1年"], "white on a black slide shows");
    assert_eq!(slide("dp-dark", frame("clear", &white_middle)), Vec::<String>::new());
    assert_eq!(slide("dp-dark", frame("white", &white_middle)), ["机密★1年"], "a white shape on a black slide");
    assert_eq!(slide("none", frame("clear", &white_middle)), ["机密★1年"], "a slide without background is white");
}

/// A slide without a background of its own shows its master page's (`draw:style-name` of the
/// `style:master-page` it is made on): white text on a black master shows, black text on it
/// does not; the slide's own background comes first.
#[test]
fn a_slide_shows_its_master_pages_background() {
    let styles = r##"<office:automatic-styles>
        <style:style style:name="Mdark" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="#000000"/></style:style>
        <style:style style:name="Mplain" style:family="drawing-page"><style:drawing-page-properties draw:fill="none"/></style:style>
        </office:automatic-styles><office:master-styles><style:master-page style:name="暗" draw:style-name="Mdark"/><style:master-page style:name="素" draw:style-name="Mplain"/></office:master-styles>"##;
    let auto = r##"<office:automatic-styles>
        <style:style style:name="dp-white" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="#ffffff"/></style:style>
        <style:style style:name="dp-bare" style:family="drawing-page"><style:drawing-page-properties presentation:display-footer="true"/></style:style>
        <style:style style:name="W" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style>
        <style:style style:name="B" style:family="text"><style:text-properties fo:color="#000000"/></style:style>
        <style:style style:name="R" style:family="text"><style:text-properties fo:color="#ff0000"/></style:style>
    </office:automatic-styles>"##;
    let span = |style: &str, text: &str| format!(r#"<text:span text:style-name="{style}">{text}</text:span>"#);
    let slide = |master: &str, page_style: &str, cut: &str| {
        let p = format!("<text:p>{}{}{}</text:p>", span("R", "机"), span(cut, "公开"), span("R", "密★1年"));
        let c = read(&package(
            "presentation",
            &format!(
                r#"{auto}<office:presentation><draw:page draw:name="p1" draw:master-page-name="{master}" draw:style-name="{page_style}"><draw:frame><draw:text-box>{p}</draw:text-box></draw:frame></draw:page></office:presentation>"#
            ),
            styles,
            "",
            &[],
        ));
        as_shown(&c)
    };
    assert_eq!(slide("暗", "dp-bare", "B"), ["机密★1年"], "black on the black master");
    assert_eq!(slide("暗", "dp-bare", "W"), Vec::<String>::new(), "white on the black master shows");
    assert_eq!(slide("暗", "dp-white", "W"), ["机密★1年"], "the slide's own white over the black master");
    assert_eq!(slide("素", "dp-bare", "W"), ["机密★1年"], "a master without fill is white");
    assert_eq!(slide("无", "dp-bare", "B"), Vec::<String>::new(), "an unknown master: white");
}

/// Behind a text document's body are its pages: the background of its master pages (their
/// drawing-page style, else their page layout's `fo:background-color`) when all agree; when
/// they differ, colour alone hides nothing.
#[test]
fn a_text_documents_page_background_is_behind_its_text() {
    let masters = |first: &str, second: &str| {
        format!(
            r##"<office:automatic-styles>
            <style:page-layout style:name="pm-dark"><style:page-layout-properties fo:background-color="#000000"/></style:page-layout>
            <style:page-layout style:name="pm-plain"><style:page-layout-properties fo:page-width="21cm"/></style:page-layout>
            <style:style style:name="dp-dark" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="#000000"/></style:style>
            </office:automatic-styles><office:master-styles><style:master-page style:name="Standard" {first}/><style:master-page style:name="First" {second}/></office:master-styles>"##
        )
    };
    let auto = r##"<office:automatic-styles>
        <style:style style:name="W" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style>
        <style:style style:name="B" style:family="text"><style:text-properties fo:color="#000000"/></style:style>
        <style:style style:name="R" style:family="text"><style:text-properties fo:color="#ff0000"/></style:style>
    </office:automatic-styles>"##;
    let span = |style: &str, text: &str| format!(r#"<text:span text:style-name="{style}">{text}</text:span>"#);
    let shown = |styles: String, cut: &str| {
        let p = format!("<text:p>{}{}{}</text:p>", span("R", "机"), span(cut, "公开"), span("R", "密★1年"));
        let c = read(&package("text", &format!("{auto}<office:text>{p}</office:text>"), &styles, "", &[]));
        as_shown(&c)
    };
    let dark_layout = r#"style:page-layout-name="pm-dark""#;
    let dark_page = r#"style:page-layout-name="pm-plain" draw:style-name="dp-dark""#;
    let plain = r#"style:page-layout-name="pm-plain""#;
    assert_eq!(shown(masters(dark_layout, dark_layout), "B"), ["机密★1年"], "black on black pages");
    assert_eq!(shown(masters(dark_page, dark_layout), "B"), ["机密★1年"], "a drawing-page fill");
    assert_eq!(shown(masters(dark_layout, dark_layout), "W"), Vec::<String>::new(), "white on black pages shows");
    assert_eq!(shown(masters(plain, plain), "W"), ["机密★1年"], "white on white pages");
    assert_eq!(shown(masters(plain, plain), "B"), Vec::<String>::new());
    assert_eq!(shown(masters(dark_layout, plain), "B"), Vec::<String>::new(), "pages differ: colour alone");
    assert_eq!(shown(masters(dark_layout, plain), "W"), Vec::<String>::new(), "pages differ: colour alone");
}

/// A header's or footer's text shows on its own background (the page layout's
/// `style:header-style`/`style:footer-style`), else on its page's: black text cuts a mark in a
/// black header, white text shows in it (it does not on a white page), a transparent header
/// shows its page through.
#[test]
fn headers_and_footers_show_on_their_own_background() {
    let styles = |header: &str, page: &str, colour: &str| {
        format!(
            r##"<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:background-color="{page}"/><style:header-style><style:header-footer-properties fo:background-color="{header}"/></style:header-style><style:footer-style/></style:page-layout><style:style style:name="C" style:family="text"><style:text-properties fo:color="{colour}"/></style:style></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header><text:p>机<text:span text:style-name="C">公开</text:span>密★1年</text:p></style:header><style:footer><text:p>机<text:span text:style-name="C">公开</text:span>密★2年</text:p></style:footer></style:master-page></office:master-styles>"##
        )
    };
    let shown = |styles: &str| -> Vec<(Role, String)> {
        let c = read(&package("text", "<office:text><text:p>正文</text:p></office:text>", styles, "", &[]));
        c.segments
            .iter()
            .filter(|s| s.location.field.as_deref() == Some("as shown"))
            .map(|s| (s.role, s.text.clone()))
            .collect()
    };
    // Black on the black header is unseen; the footer, on the white page, shows it.
    assert_eq!(shown(&styles("#000000", "#ffffff", "#000000")), [(Role::Header, "机密★1年".to_owned())]);
    // White in the black header shows; in the footer, on the white page, it is unseen.
    assert_eq!(shown(&styles("#000000", "#ffffff", "#ffffff")), [(Role::Footer, "机密★2年".to_owned())]);
    // A transparent header on a black page: black is unseen in both.
    assert_eq!(
        shown(&styles("transparent", "#000000", "#000000")),
        [(Role::Header, "机密★1年".to_owned()), (Role::Footer, "机密★2年".to_owned())]
    );
    // Red shows everywhere.
    assert_eq!(shown(&styles("#000000", "#ffffff", "#ff0000")), Vec::<(Role, String)>::new());
}

/// A list label that prints words is read with its item's first paragraph, field `list
/// label`, beside it under its number: a named list style's prefix and suffix around a number in
/// Chinese counting, a bullet `机`, a list style brought by the paragraph style, the outline
/// style before a heading; later paragraphs and an item's second paragraph get no label.
#[test]
fn list_labels_that_print_words_are_read_with_their_paragraphs() {
    let styles = r#"<office:styles><style:style style:name="Marked" style:family="paragraph" style:list-style-name="L2"/><style:style style:name="Child" style:family="paragraph" style:parent-style-name="Marked"/><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="机密★" style:num-suffix="年" style:num-format="一, 二, 三, ..."><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-number><text:list-level-style-bullet text:level="2" text:bullet-char="机"><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-bullet></text:list-style><text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="绝"/></text:list-style><text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-prefix="第" style:num-suffix="章" style:num-format="一, 二, 三, ..."/></text:outline-style></office:styles>"#;
    let body = r#"<office:text><text:h text:outline-level="1">总则</text:h><text:list text:style-name="L1"><text:list-item><text:p>项目</text:p><text:p>说明</text:p><text:list><text:list-item><text:p>密★1年</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>其他</text:p></text:list-item></text:list><text:list><text:list-item><text:p text:style-name="Child">密★启用前</text:p></text:list-item></text:list></office:text>"#;
    let c = read(&package("text", body, styles, "", &[]));
    let labels: Vec<(u32, &str)> = c
        .segments
        .iter()
        .filter(|s| s.location.field.as_deref() == Some("list label"))
        .map(|s| (s.location.paragraph.unwrap_or(0), s.text.as_str()))
        .collect();
    assert_eq!(
        labels,
        [(1, "第一章\t总则"), (2, "机密★一年项目"), (4, "机密★1年"), (5, "机密★二年其他"), (6, "绝\t密★启用前")]
    );
    assert_eq!(find(&c, "说明").location.paragraph, Some(3), "the labels take no numbers of their own");
}

/// An outline placeholder of a presentation takes its bullets from the list style its
/// presentation style (or that style's parent, the master's outline style) holds.
#[test]
fn presentation_bullets_come_from_the_list_style_a_presentation_style_holds() {
    let styles = r#"<office:styles><style:style style:name="Default-outline1" style:family="presentation"><style:graphic-properties draw:fill="none"><text:list-style><text:list-level-style-bullet text:level="1" text:bullet-char="机"><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-bullet></text:list-style></style:graphic-properties></style:style><style:style style:name="pr1" style:family="presentation" style:parent-style-name="Default-outline1"/></office:styles>"#;
    let body = r#"<office:presentation><draw:page draw:name="页1"><draw:frame presentation:style-name="pr1" presentation:class="outline"><draw:text-box><text:list><text:list-item><text:p>密★1年</text:p></text:list-item></text:list></draw:text-box></draw:frame></draw:page></office:presentation>"#;
    let c = read(&package("presentation", body, styles, "", &[]));
    let labels: Vec<&str> = c
        .segments
        .iter()
        .filter(|s| s.location.field.as_deref() == Some("list label"))
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(labels, ["机密★1年"]);
}

/// A level prefix of 3,000 characters numbering 1,000 items (a package of a few KB) would add
/// nine million bytes of labels: they stop at the allowance, the part says so once (review),
/// and every paragraph is still read.
#[test]
fn list_labels_stop_at_their_allowance_and_say_so() {
    use crate::list_labels::MAX_LABEL_BYTES;
    use mijian_core::{Cap, CoverageNote, Unread};
    let styles = format!(
        r#"<office:styles><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="{}" style:num-format="1"/></text:list-style></office:styles>"#,
        "机".repeat(3000)
    );
    let items = r#"<text:list-item><text:p>x</text:p></text:list-item>"#.repeat(1000);
    let body = format!(r#"<office:text><text:list text:style-name="L1">{items}</text:list></office:text>"#);
    let c = read(&package("text", &body, &styles, "", &[]));
    let labels: Vec<&str> = c
        .segments
        .iter()
        .filter(|s| s.location.field.as_deref() == Some("list label"))
        .map(|s| s.text.strip_suffix('x').unwrap().trim_end())
        .collect();
    assert!(labels[0].ends_with("机1"));
    let bytes: usize = labels.iter().map(|l| l.len()).sum();
    assert!(bytes <= MAX_LABEL_BYTES && bytes > MAX_LABEL_BYTES - 9010, "{bytes} bytes of labels");
    let note = CoverageNote::unread("content.xml", Unread::Limit(Cap::ListLabels));
    assert_eq!(c.coverage.iter().filter(|n| **n == note).count(), 1, "{:?}", c.coverage);
    assert_eq!(c.segments.iter().filter(|s| s.text == "x").count(), 1000);
}
