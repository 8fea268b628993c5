use super::*;
use crate::testing::zip;
use mijian_core::Collected;

const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

/// A text object at (x, y) on the page holding one run.
fn text_object(x: f64, y: f64, text: &str) -> String {
    format!(
        r#"<ofd:TextObject ID="9" Boundary="{x} {y} 100 6" Font="1" Size="5"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="4.5">{text}</ofd:TextCode></ofd:TextObject>"#
    )
}

fn page(objects: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

/// An OFD with `pages` under Doc_0/Pages/Page_N and `extra` entries; `doc_extra` goes into
/// Document.xml after the pages, `info` into DocInfo.
fn ofd(pages: &[String], doc_extra: &str, info: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let entry = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>abc</ofd:DocID>{info}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    );
    let list: String = (0..pages.len())
        .map(|i| format!(r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#, 10 + i))
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{list}</ofd:Pages>{doc_extra}</ofd:Document>"#
    );
    let names: Vec<String> = (0..pages.len()).map(|i| format!("Doc_0/Pages/Page_{i}/Content.xml")).collect();
    let mut entries: Vec<(&str, String)> = vec![("OFD.xml", entry), ("Doc_0/Document.xml", document)];
    for (name, p) in names.iter().zip(pages) {
        entries.push((name, p.clone()));
    }
    entries.extend(extra.iter().cloned());
    zip(&entries)
}

fn read(bytes: &[u8]) -> Collected {
    let mut sink = Collected::default();
    extract(bytes, &Limits::default(), &mut sink).unwrap();
    sink
}

fn short(c: &Collected) -> Vec<(String, Option<u32>, Role, String)> {
    c.segments.iter().map(|s| (s.location.part.clone(), s.location.page, s.role, s.text.clone())).collect()
}

#[test]
fn builds_lines_from_scattered_runs() {
    // One line printed as three objects written in the wrong order, then a body line.
    let objects = format!(
        "{}{}{}{}{}",
        text_object(45.0, 40.0, "1年"),
        text_object(30.0, 40.0, "机"),
        text_object(35.0, 40.2, "密★"),
        text_object(30.0, 30.0, "000123"),
        text_object(30.0, 120.0, "正文内容")
    );
    let c = read(&ofd(&[page(&objects)], "", "", &[]));
    assert_eq!(short(&c), vec![("page".into(), Some(1), Role::Body, "000123\n机密★1年\n正文内容".into())]);
    assert!(c.coverage.contains(&CoverageNote::read("Doc_0/Pages/Page_0/Content.xml")));
}

#[test]
fn headers_footers_templates_and_properties() {
    let p0 = page(&format!("{}{}", text_object(30.0, 2.0, "秘密"), text_object(30.0, 100.0, "正文")));
    let p1 = page(&text_object(90.0, 285.0, "内部资料 注意保存"))
        .replace("<ofd:Content>", r#"<ofd:Template TemplateID="5" ZOrder="Background"/><ofd:Content>"#);
    let template = page(&text_object(30.0, 100.0, "模板文字"));
    let doc_extra = r#"<ofd:Outlines><ofd:OutlineElem Title="第一章"/></ofd:Outlines>"#;
    let bytes = ofd(&[p0, p1], doc_extra, "<ofd:Title>机密★1年 标题</ofd:Title><ofd:CustomDatas><ofd:CustomData Name=\"密级\">秘密</ofd:CustomData></ofd:CustomDatas>", &[(
        "Doc_0/Tpls/Tpl_0/Content.xml",
        template,
    )]);
    // The template is declared in CommonData.
    let bytes = {
        let limits = Limits::default();
        let mut a = Archive::open(&bytes, &limits).unwrap();
        let mut entries = Vec::new();
        for name in a.names().to_vec() {
            let data = String::from_utf8(a.read(&name).unwrap()).unwrap();
            let data = if name == "Doc_0/Document.xml" {
                data.replace(
                    "<ofd:MaxUnitID>",
                    r#"<ofd:TemplatePage ID="5" BaseLoc="/Doc_0/Tpls/Tpl_0/Content.xml"/><ofd:MaxUnitID>"#,
                )
            } else {
                data
            };
            entries.push((name, data));
        }
        let refs: Vec<(&str, String)> = entries.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
        zip(&refs)
    };
    let c = read(&bytes);
    assert_eq!(
        short(&c),
        vec![
            ("OFD.xml".into(), None, Role::Properties, "机密★1年 标题".into()),
            ("OFD.xml".into(), None, Role::Properties, "秘密".into()),
            ("page-header".into(), Some(1), Role::Header, "秘密".into()),
            ("page".into(), Some(1), Role::Body, "正文".into()),
            ("page".into(), Some(2), Role::Body, "模板文字".into()),
            ("page-footer".into(), Some(2), Role::Footer, "内部资料 注意保存".into()),
            ("Doc_0/Document.xml".into(), None, Role::Other, "第一章".into()),
        ]
    );
    assert_eq!(c.segments[1].location.field.as_deref(), Some("密级"));
}

#[test]
fn annotations_tags_and_attachments() {
    let doc_extra = "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations><ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments><ofd:CustomTags>Tags\\CustomTags.xml</ofd:CustomTags>";
    let annotations = format!(
        r#"<ofd:Annotations {NS}><ofd:Page PageID="10"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"#
    );
    let annot = format!(
        r#"<ofd:PageAnnot {NS}><ofd:Annot ID="1" Type="Watermark"><ofd:Remark>批注：此件不予公开</ofd:Remark><ofd:Parameters><ofd:Parameter Name="x">参数</ofd:Parameter></ofd:Parameters><ofd:Appearance Boundary="0 0 10 10">{}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>"#,
        text_object(0.0, 0.0, "水印")
    );
    let attachments = format!(
        r#"<ofd:Attachments {NS}><ofd:Attachment Name="附件" ID="1"><ofd:FileLoc>/Doc_0/Res/附件.txt</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"#
    );
    let tags = format!(
        r#"<ofd:CustomTags {NS}><ofd:CustomTag TypeID="x"><ofd:FileLoc>Tag_0.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>"#
    );
    let c = read(&ofd(
        &[page(&text_object(30.0, 100.0, "正文"))],
        doc_extra,
        "",
        &[
            ("Doc_0/Annots/Annotations.xml", annotations),
            ("Doc_0/Annots/Page_0/Annotation.xml", annot),
            ("Doc_0/Attachs/Attachments.xml", attachments),
            ("Doc_0/Res/附件.txt", "机密★1年".to_owned()),
            ("Doc_0/Tags/CustomTags.xml", tags),
            ("Doc_0/Tags/Tag_0.xml", "<tag><密级>秘密</密级><文号>国办发〔2012〕12号</文号></tag>".to_owned()),
        ],
    ));
    let got = short(&c);
    assert_eq!(
        got[1],
        ("Doc_0/Annots/Page_0/Annotation.xml".into(), Some(1), Role::Note, "批注：此件不予公开\n水印".into())
    );
    // The parameter's value, field = its name.
    assert_eq!(got[2], ("Doc_0/Annots/Page_0/Annotation.xml".into(), Some(1), Role::Note, "参数".into()));
    assert_eq!(c.segments[2].location.field.as_deref(), Some("x"));
    assert_eq!(got[3], ("Doc_0/Tags/Tag_0.xml".into(), None, Role::Other, "秘密\n国办发〔2012〕12号".into()));
    assert_eq!(got[4], ("Doc_0/Attachs/Attachments.xml".into(), None, Role::Other, "附件".into()));
    assert_eq!(c.members, vec![("Doc_0/Res/附件.txt".to_owned(), "机密★1年".as_bytes().to_vec())]);
}

/// The places a viewer shows beside the page: link targets on hovering (the document's, an
/// outline entry's, the page's and an object's actions), bookmark names, an annotation's author
/// (empty annotations too), the names in the attachments panel, and the attribute values of a
/// custom tag file that are text.
#[test]
fn links_bookmarks_authors_attachment_names_and_tag_attributes() {
    let uri = |target: &str| {
        format!(r#"<ofd:Actions><ofd:Action Event="CLICK"><ofd:URI URI="{target}"/></ofd:Action></ofd:Actions>"#)
    };
    let doc_extra = format!(
        r#"<ofd:Outlines><ofd:OutlineElem Title="目录">{}</ofd:OutlineElem></ofd:Outlines>{}<ofd:Bookmarks><ofd:Bookmark Name="书签甲"><ofd:Dest Type="XYZ" PageID="10"/></ofd:Bookmark></ofd:Bookmarks><ofd:Annotations>Annotations.xml</ofd:Annotations><ofd:Attachments>Attachments.xml</ofd:Attachments><ofd:CustomTags>CustomTags.xml</ofd:CustomTags>"#,
        uri("http://a.example/%E6%9C%BA%E5%AF%86"),
        uri("http://b.example/文档").replace("CLICK", "DO"),
    );
    let object = text_object(30.0, 100.0, "正文")
        .replace("<ofd:FillColor", &format!("{}<ofd:FillColor", uri("http://c.example/对象")));
    let page = page(&object).replace("</ofd:Content>", &format!("</ofd:Content>{}", uri("http://d.example/页面")));
    let annotations = format!(
        r#"<ofd:Annotations {NS}><ofd:Page PageID="10"><ofd:FileLoc>Annot_0.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"#
    );
    let annot = format!(
        r#"<ofd:PageAnnot {NS}><ofd:Annot ID="1" Type="Highlight" Creator="张三"><ofd:Appearance Boundary="0 0 1 1"/></ofd:Annot><ofd:Annot ID="2" Type="Link" Creator="李四"/></ofd:PageAnnot>"#
    );
    let attachments = format!(
        r#"<ofd:Attachments {NS}><ofd:Attachment ID="1" Name=" 附件一 "><ofd:FileLoc>a.txt</ofd:FileLoc></ofd:Attachment><ofd:Attachment ID="2" Name="附件二"><ofd:FileLoc>b.txt</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"#
    );
    let tags = format!(
        r#"<ofd:CustomTags {NS}><ofd:CustomTag><ofd:FileLoc>Tag_0.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>"#
    );
    let c = read(&ofd(
        &[page],
        &doc_extra,
        "",
        &[
            ("Doc_0/Annotations.xml", annotations),
            ("Doc_0/Annot_0.xml", annot),
            ("Doc_0/Attachments.xml", attachments),
            ("Doc_0/a.txt", "甲".to_owned()),
            ("Doc_0/b.txt", "乙".to_owned()),
            ("Doc_0/CustomTags.xml", tags),
            (
                "Doc_0/Tag_0.xml",
                r#"<t:Doc xmlns:t="urn:x"><t:Field Name="密级" Value="秘密" Code="A1"/></t:Doc>"#.to_owned(),
            ),
        ],
    ));
    let got: Vec<(String, Option<u32>, Option<String>, String)> = c
        .segments
        .iter()
        .map(|s| (s.location.part.clone(), s.location.page, s.location.field.clone(), s.text.clone()))
        .collect();
    let at = |part: &str, page: Option<u32>, field: Option<&str>, text: &str| {
        (part.to_owned(), page, field.map(str::to_owned), text.to_owned())
    };
    for expected in [
        at("page", Some(1), None, "正文"),
        at("link", Some(1), Some("URI"), "http://c.example/对象\nhttp://d.example/页面"),
        at("Doc_0/Document.xml", None, Some("Outlines"), "目录"),
        at("Doc_0/Document.xml", None, Some("Bookmarks"), "书签甲"),
        at("link", None, Some("URI"), "http://a.example/机密\nhttp://b.example/文档"),
        at("Doc_0/Annot_0.xml", Some(1), Some("Creator"), "张三"),
        at("Doc_0/Annot_0.xml", Some(1), Some("Creator"), "李四"),
        at("Doc_0/Tag_0.xml", None, None, "密级\n秘密"),
        at("Doc_0/Attachments.xml", None, Some("1 name"), "附件一"),
        at("Doc_0/Attachments.xml", None, Some("2 name"), "附件二"),
    ] {
        assert!(got.contains(&expected), "{expected:?} not in {got:#?}");
    }
    // The two annotations are numbered apart; ASCII codes in a tag are not text.
    let numbers: Vec<u32> = c
        .segments
        .iter()
        .filter(|s| s.location.part == "Doc_0/Annot_0.xml")
        .filter_map(|s| s.location.paragraph)
        .collect();
    assert_eq!(numbers, vec![1, 2]);
    assert!(!got.iter().any(|(_, _, _, text)| text.contains("A1")));
    assert_eq!(c.members.len(), 2);
}

#[test]
fn tolerates_variants() {
    // No prefix, a non-standard namespace, DocRoot with a leading slash, pages beside the document,
    // TextCode without Y continuing the previous run, a CTM scaling the object's frame.
    let entry = r#"<OFD xmlns="http://www.ofdspec.org"><DocBody><DocInfo><DocID>x</DocID></DocInfo><DocRoot>/Doc_0\Document.xml</DocRoot></DocBody></OFD>"#;
    let document =
        r#"<Document xmlns="http://www.ofdspec.org"><Pages><Page ID="1" BaseLoc="Content_0.xml"/></Pages></Document>"#;
    let content = r#"<Page xmlns="http://www.ofdspec.org"><Content><Layer><TextObject Boundary="20 50 100 10" Size="14" CTM="0.3528 0 0 0.3528 0 0"><TextCode X="0" Y="12" DeltaX="g 2 14">机密★</TextCode><TextCode X="42">1年</TextCode></TextObject></Layer></Content></Page>"#;
    let c = read(&zip(&[
        ("OFD.xml", entry.to_owned()),
        ("Doc_0/Document.xml", document.to_owned()),
        ("Doc_0/Content_0.xml", content.to_owned()),
    ]));
    assert_eq!(short(&c), vec![("page".into(), Some(1), Role::Body, "机密★1年".into())]);
}

#[test]
fn rotated_text_is_kept_apart() {
    let rotated = r#"<ofd:TextObject Boundary="0 0 210 297" Size="8" CTM="0.7071 0.7071 -0.7071 0.7071 0 0"><ofd:TextCode X="50" Y="50">对角水印</ofd:TextCode></ofd:TextObject>"#;
    let c = read(&ofd(&[page(&format!("{rotated}{}", text_object(30.0, 100.0, "正文")))], "", "", &[]));
    assert_eq!(short(&c), vec![("page".into(), Some(1), Role::Body, "正文\n对角水印".into())]);
}

#[test]
fn errors() {
    assert!(matches!(
        extract(&zip(&[("Doc_0/Document.xml", "<a/>")]), &Limits::default(), &mut Collected::default()),
        Err(ExtractError::Corrupt { part: Some(p), what: crate::Defect::MissingPart, .. }) if p == "OFD.xml"
    ));
    let bad = ofd(&[page("<ofd:TextObject><ofd:TextCode>x</ofd:TextObject>")], "", "", &[]);
    match extract(&bad, &Limits::default(), &mut Collected::default()) {
        Err(ExtractError::Corrupt { part: Some(part), what: crate::Defect::Xml { .. }, .. }) => {
            assert_eq!(part, "Doc_0/Pages/Page_0/Content.xml")
        }
        other => panic!("{other:?}"),
    }
    let no_root = zip(&[("OFD.xml", format!("<ofd:OFD {NS}><ofd:DocBody/></ofd:OFD>"))]);
    assert!(extract(&no_root, &Limits::default(), &mut Collected::default()).is_err());
    // A missing page is a note that needs review, not silence.
    let missing = ofd(&[], r#"<ofd:Pages><ofd:Page ID="3" BaseLoc="Pages/Page_9/Content.xml"/></ofd:Pages>"#, "", &[]);
    let c = read(&missing);
    assert!(c.coverage.iter().any(|n| n.needs_review));
}

#[test]
fn delta_x_shorthand() {
    assert_eq!(delta_sum("g 3 2 1.5"), 7.5);
    assert_eq!(delta_sum("1 2 x 3"), 6.0);
    assert_eq!(numbers::<4>("0 0 210 297"), Some([0.0, 0.0, 210.0, 297.0]));
    assert_eq!(numbers::<4>("0 0 NaN 1"), None);
}

/// The real OFD files beside the repository: all read (the variants of paths, namespaces and
/// page containers included), known texts come out.
#[test]
fn realworld_files() {
    crate::testing::realworld(
        "ofd",
        extract,
        &[
            ("ofdrw_n_gov_document.ofd", "路卫发〔2011〕76号"),
            ("ofdrw_n_gov_document.ofd", "关于同意张阿三同志辞职的批复"),
            ("ofdrw_chineseDir.ofd", "你好呀，OFD Reader&Writer！"),
            ("ofdrw_path_unstd.ofd", "立案决定书"),
        ],
    );
}

#[cfg(feature = "pdf")]
mod drawn;

/// `机`, a `公开` nobody sees, `密★1年` on one line show `机密★1年`: the page is read again as it
/// shows (field `as shown`), however the middle is hidden; the body still reads all three.
/// Outlined text (not filled but stroked) shows, and so does text in a colour.
#[test]
fn text_nobody_sees_is_left_out_of_a_second_reading() {
    let object = |x: f64, attrs: &str, fill: &str, size: f64, text: &str| {
        format!(
            r#"<ofd:TextObject ID="9" Boundary="{x} 40 100 6" Font="1" Size="{size}" {attrs}><ofd:FillColor Value="{fill}"/><ofd:TextCode X="0" Y="4.5">{text}</ofd:TextCode></ofd:TextObject>"#
        )
    };
    let line = |attrs: &str, fill: &str, size: f64| {
        let objects = format!(
            "{}{}{}",
            object(30.0, "", "0 0 0", 5.0, "机"),
            object(35.0, attrs, fill, size, "公开"),
            object(45.0, "", "0 0 0", 5.0, "密★1年")
        );
        read(&ofd(&[page(&objects)], "", "", &[]))
    };
    let shown = |c: &Collected| -> Vec<String> {
        c.segments.iter().filter(|s| s.location.field.as_deref() == Some("as shown")).map(|s| s.text.clone()).collect()
    };
    for (attrs, fill, size) in [
        (r#"Fill="false""#, "0 0 0", 5.0),
        (r#"Visible="false""#, "0 0 0", 5.0),
        (r#"Alpha="0""#, "0 0 0", 5.0),
        ("", "255 255 255", 5.0),
        ("", "0 0 0", 0.2),
    ] {
        let c = line(attrs, fill, size);
        assert_eq!(shown(&c), ["机密★1年"], "{attrs} {fill} {size}");
        assert!(c.segments.iter().any(|s| s.location.part == "page" && s.text.contains("机公开密★1年")));
    }
    for (attrs, fill) in [(r#"Fill="false" Stroke="true""#, "0 0 0"), ("", "200 0 0")] {
        assert!(shown(&line(attrs, fill, 5.0)).is_empty(), "{attrs} {fill}");
    }
}
