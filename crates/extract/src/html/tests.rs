use super::*;
use mijian_core::Collected;

fn read(bytes: &[u8]) -> Collected {
    let mut sink = Collected::default();
    extract(bytes, &Limits::default(), &mut sink).unwrap();
    sink
}

fn by_part<'c>(c: &'c Collected, part: &str) -> Vec<&'c str> {
    c.segments.iter().filter(|s| s.location.part == part).map(|s| s.text.as_str()).collect()
}

#[test]
fn gbk_page_with_meta_charset_and_references() {
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
        <title>关于某事的通知</title><meta name=\"Keywords\" content=\"通知,&#31192;&#23494;\"></head>\
        <body><p>&#26426;&#23494;&starf;1&#x5E74;</p><div>正文第一段，&nbsp;内容&amp;说明</div></body></html>";
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    let c = read(&gbk);
    assert_eq!(by_part(&c, "html"), vec!["机密★1年\n正文第一段，\u{a0}内容&说明\n"]);
    assert_eq!(by_part(&c, "html-head"), vec!["关于某事的通知", "通知,秘密"]);
    assert_eq!(c.segments[0].role, Role::Properties);
    assert_eq!(c.segments[1].location.field.as_deref(), Some("keywords"));
    assert!(c.coverage.iter().any(|n| n.part == "html (GBK)"));
}

#[test]
fn blocks_make_lines_and_inline_elements_do_not() {
    let page =
        "<!DOCTYPE html><html><body>\n  <div>机<b>密</b><span>★</span>1年</div>\n<ul><li>一</li><li>二</li></ul>\
        <table><tr><td>密级</td><td></td><td>秘密</td></tr></table>第一行<br>第二行<pre>  保留\n  空白</pre>\
        <h1>标 题</h1><img src=x alt=\"图中文字\">尾</body></html>";
    let c = read(page.as_bytes());
    assert_eq!(
        by_part(&c, "html"),
        vec!["机密★1年\n一\n二\n密级\t秘密\n第一行\n第二行\n保留\n空白\n标 题\n图中文字 尾\n"]
    );
}

#[test]
fn reads_script_strings_templates_and_comments_not_style_rules() {
    let page = "<html><head><style>p{content:\"机密★1年\"}</style><script>var s = '</div>秘密';</script></head>\
        <body><!-- 原件：机密★1年 --><template><p>模板</p></template><p>公开内容</p><script type=x>\
        </SCRIPT >后文<!-- unterminated";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["公开内容\n后文\n"]);
    assert_eq!(by_part(&c, "html-comment"), vec!["原件：机密★1年", "unterminated"]);
    assert!(c.segments.iter().any(|s| s.role == Role::Note));
    // The page's source carries a script's strings and a template's markup: both are read,
    // beside the body, never glued into it.
    assert_eq!(by_part(&c, "html-template"), vec!["模板\n"]);
    assert!(notes(&c).contains(&("script".to_owned(), "</div>秘密".to_owned())), "{:?}", notes(&c));
    let page =
        "<p>正文</p><script type=\"application/ld+json\">{\"name\": \"\\u673a\\u5bc6\u{2605}1\u{5e74}\"}</script>\
        <script type=\"text/x-handlebars-template\"><div class=t>{{x}}绝密★启用前</div></script>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["正文\n"]);
    assert!(notes(&c).contains(&("script data".to_owned(), "name\n机密★1年".to_owned())), "{:?}", notes(&c));
    assert_eq!(by_part(&c, "html-script"), vec!["{{x}}绝密★启用前\n"]);
    // Abruptly closed comments hide nothing from a browser, nor from us.
    let c = read("<p>a<!-->机密★1年<!--->b</p>".as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["a机密★1年b\n"]);
}

#[test]
fn character_references() {
    assert_eq!(decode_references("&#26426;&#x5BC6;&#X2605;"), "机密★");
    assert_eq!(decode_references("&starf;&bigstar;&amp;&lt;&gt;&quot;"), "★★&<>\"");
    assert_eq!(decode_references("&nbsp&copy2024 &notit; &unknown; & x"), "\u{a0}©2024 ¬it; &unknown; & x");
    assert_eq!(decode_references("&#0;&#x110000;&#99999999999;&#128;"), "\u{FFFD}\u{FFFD}\u{FFFD}€");
    assert_eq!(decode_references("&#;&#x;&"), "&#;&#x;&");
}

#[test]
fn charset_declarations() {
    assert_eq!(declared_charset(b"<meta charset=\"GBK\">"), Some(encoding_rs::GBK));
    assert_eq!(declared_charset(b"<META CHARSET=big5>"), Some(encoding_rs::BIG5));
    assert_eq!(
        declared_charset(b"<meta http-equiv='content-type' content='text/html;charset=gb2312'/>"),
        Some(encoding_rs::GBK)
    );
    assert_eq!(declared_charset(b"<meta charset=utf-16>"), Some(encoding_rs::UTF_8));
    assert_eq!(declared_charset(b"<p>the charset=gbk is text</p>"), None);
    assert_eq!(declared_charset(b"<?xml version=\"1.0\" encoding=\"GB18030\"?><html>"), Some(encoding_rs::GB18030));
    // A page that says UTF-8 but is GBK is still read (detection takes over).
    let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=utf-8><p>机密★1年</p>");
    let c = read(&gbk);
    assert_eq!(by_part(&c, "html"), vec!["机密★1年\n"]);
}

#[test]
fn hostile_markup_does_not_hurt() {
    for page in [
        "<",
        "<<<<",
        "</",
        "<!",
        "<!-",
        "<!--",
        "<a",
        "<a href='x",
        "<a b=\"c>",
        "&",
        "&#",
        "&#x",
        "<title>",
        "<script>",
        "<p>\u{0}</p>",
        "<!x><!y><?z>",
        "a < b > c",
        "<3 <a/>",
    ] {
        let mut sink = Collected::default();
        extract(page.as_bytes(), &Limits::default(), &mut sink).unwrap();
    }
    // Many consecutive declarations do not recurse.
    let many = "<!x>".repeat(200_000) + "文字";
    let c = read(many.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["文字\n"]);
    let limits = Limits { max_file_bytes: 10, ..Limits::default() };
    assert!(matches!(
        extract(b"<html><body>long enough</body></html>", &limits, &mut Collected::default()),
        Err(ExtractError::LimitExceeded { kind: crate::LimitKind::FileBytes, limit: 10, seen: 37, .. })
    ));
}

#[test]
fn entity_table_is_sorted() {
    assert!(entities::ENTITIES.windows(2).all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
    assert_eq!(entities::ENTITIES.len(), 2231);
}

#[test]
fn attributes_are_found_whatever_the_quoting() {
    assert_eq!(attribute(r#" name="description" content='a b'"#, "content"), Some("a b"));
    assert_eq!(attribute(" NAME=keywords CONTENT=x/", "content"), Some("x/"));
    assert_eq!(attribute(" checked content", "content"), Some(""));
    assert_eq!(attribute(" a=\"unterminated", "b"), None);
}

/// The real pages beside the repository: all read and fully decoded, known texts come out.
#[test]
fn realworld_pages() {
    let pages = crate::testing::realworld(
        "html",
        extract,
        &[("jsoup_meta-charset-1_gb2312.html", "新"), ("readability_qq_source.html", "DeepMind新电脑已可利用记忆自学")],
    );
    for (name, c) in pages {
        assert!(!c.coverage.iter().any(|n| n.needs_review), "{name}: {:?}", c.coverage);
    }
}

fn notes(c: &Collected) -> Vec<(String, String)> {
    c.segments
        .iter()
        .filter(|s| s.location.part == "html-note")
        .map(|s| (s.location.field.clone().unwrap_or_default(), s.text.clone()))
        .collect()
}

#[test]
fn generated_content_joins_the_element_text() {
    let page = "<html><head><style>.a::before{content:\"\\673A\"} #b:after{content:'\\2605' attr(data-y)}\
        .unused::before{content:\"绝密\"}</style></head><body><p><span class=\"x a\"></span>密<i id=b data-y=1>\
        </i>年</p><p style=\"content:'内联'\">正文</p></body></html>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["机密★1年\n内联正文\n"]);
    assert_eq!(by_part(&c, "html-css"), vec!["绝密"]);
    let css = c.segments.iter().find(|s| s.location.part == "html-css").unwrap();
    assert_eq!((css.role, css.location.field.as_deref()), (Role::Other, Some(".unused::before")));
}

#[test]
fn generated_content_follows_combinators_and_attributes() {
    // The head's rules reach the body through descendant, child, sibling and attribute
    // selectors; a rule whose ancestors are not there gives no text in place (only apart), and a
    // more specific rule that does not apply does not hide the one that does.
    let page = "<html><head><style>article.notice p > span[data-lv=\"2\"]::before{content:\"\\673A\"}\
        .notice .k::before{content:'秘'} aside .k::before{content:'否'} h2 + p em:first-of-type::after{content:'★'}\
        td:nth-child(2) i:not(.x)::before{content:'绝'} [hidden] b::before{content:'藏'}</style></head>\
        <body><article class=notice><h2>题</h2><p><span data-lv=2></span>密<em></em>1年 <i class=k></i>密</p></article>\
        <table><tr><td><i></i>一</td><td><i></i>密</td></tr></table><div hidden style=\"display:none\"><b></b>密</div></body></html>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["题\n机密★1年 秘密\n一\t绝密\n藏密\n"]);
    assert_eq!(by_part(&c, "html-css"), vec!["否"]);
}

#[test]
fn form_controls_show_their_values() {
    let page = "<form><input value=\"机密★1年\"><input type=submit value=提交>\
        <input type=hidden name=t value=\"绝密★\"><input placeholder=\"请输入\"><input type=password value=pw>\
        <textarea placeholder=x>多行\n文本</textarea><select><optgroup label=组><option>一</option><option label=\"二号\">2</option></select>\
        <datalist id=d><option value=\"建议值\"></datalist>\
        <button value=v>按钮</button></form>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["机密★1年 提交 请输入\n多行\n文本\n组\n一\n二号\n2\n按钮\n"]);
    assert_eq!(
        notes(&c),
        vec![
            ("input hidden value".to_owned(), "绝密★".to_owned()),
            ("input password value".to_owned(), "pw".to_owned()),
            ("option value".to_owned(), "建议值".to_owned()),
            ("button value".to_owned(), "v".to_owned()),
        ]
    );
}

#[test]
fn srcdoc_is_a_document_of_its_own() {
    let page = "<p>外</p><iframe srcdoc=\"<title>内</title><p>&#26426;密&amp;starf;1年</p>\
        <iframe srcdoc='<p>第二层</p>'></iframe>\"></iframe>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["外\n"]);
    assert_eq!(by_part(&c, "html-srcdoc"), vec!["机密★1年\n", "第二层\n"]);
    let frames: Vec<_> = c.segments.iter().filter(|s| s.location.part == "html-srcdoc").collect();
    assert_eq!((frames[1].location.paragraph, frames[1].location.line), (Some(2), Some(1)));
    assert_eq!(notes(&c), vec![("html-srcdoc title".to_owned(), "内".to_owned())]);
    // Too deep: reported, not dropped silently.
    let mut deep = "<p>底</p>".to_owned();
    for _ in 0..8 {
        deep = format!("<iframe srcdoc=\"{}\"></iframe>", deep.replace('&', "&amp;").replace('"', "&quot;"));
    }
    let c = read(deep.as_bytes());
    assert!(c.coverage.iter().any(|n| n.needs_review), "{:?}", c.coverage);
}

#[test]
fn document_write_literals_are_read_where_the_script_stands() {
    let page = "<p>前<script>document.write(\"\\u673a\\u5bc6\" + '<b>\\u2605</b>');</script>1年</p>\
        <script type=\"application/ld+json\">{\"x\":\"document.write('no')\"}</script>\
        <script>document.writeln('<style>.w::after{content:\"秘密\"}</style><i class=w></i>')</script>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["前机密★1年\n秘密\n"]);
    // A script that writes a script that writes… stops at the bound, and says so.
    let mut nested = "<p>深</p>".to_owned();
    for _ in 0..8 {
        nested = format!("<script>document.write({:?})</script>", nested.replace("</", "<\\/"));
    }
    let c = read(nested.as_bytes());
    assert!(c.coverage.iter().any(|n| n.needs_review), "{:?}", c.coverage);
}

#[test]
fn ruby_base_text_is_a_line_and_annotations_are_notes() {
    let page = "<p><ruby>机<rp>(</rp><rt>jī</rt><rp>)</rp>密<rt>mì</ruby>★1年</p><p><ruby>秘<rt>mì</rt></ruby></p>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["机密★1年\n秘\n"]);
    assert_eq!(
        notes(&c),
        vec![("ruby annotation".to_owned(), "( jī ) mì".to_owned()), ("ruby annotation".to_owned(), "mì".to_owned())]
    );
}

#[test]
fn bidi_overrides_read_as_displayed() {
    let page = "<style>.r{unicode-bidi:bidi-override;direction:rtl}</style>\
        <p><bdo dir=\"rtl\">年1★密机</bdo></p><p><span class=r>年1★密秘</span></p>\
        <div dir=rtl><span style=\"unicode-bidi: bidi-override\">年1★密绝</span></div>\
        <p>\u{202E}年1★密机\u{202C}后</p><p>未闭合\u{202E}年1</p><p><bdo dir=ltr>正常</bdo><bdi>隔离</bdi></p>\
        <p dir=rtl>方向</p><p><bdo dir=rtl>年1★<br>密机</bdo></p>";
    let c = read(page.as_bytes());
    assert_eq!(
        by_part(&c, "html"),
        vec!["机密★1年\n秘密★1年\n绝密★1年\n机密★1年后\n未闭合1年\n正常隔离\n方向\n★1年\n机密\n"]
    );
    // In properties and notes too.
    let c = read("<title>\u{202E}年1★密机</title><p title=\"\u{202E}密机\">x</p>".as_bytes());
    assert_eq!(by_part(&c, "html-head"), vec!["机密★1年"]);
    assert_eq!(notes(&c), vec![("title".to_owned(), "机密".to_owned())]);
}

#[test]
fn tooltips_and_labels_are_notes() {
    let page = "<a href=x title=\"机密★1年\">链接</a><button aria-label=\"关闭\">×</button><div role=slider aria-valuetext=\"第三档\"></div>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["链接×\n"]);
    assert_eq!(
        notes(&c),
        vec![
            ("title".to_owned(), "机密★1年".to_owned()),
            ("hyperlink".to_owned(), "x".to_owned()),
            ("aria-label".to_owned(), "关闭".to_owned()),
            ("aria-valuetext".to_owned(), "第三档".to_owned())
        ]
    );
    let note = c.segments.iter().find(|s| s.location.part == "html-note").unwrap();
    assert_eq!((note.role, note.location.paragraph), (Role::Note, Some(1)));
}

#[test]
fn deep_and_unclosed_elements_stay_bounded() {
    let page = "<style>.a::after{content:'尾'}</style>".to_owned() + &"<div class=a>".repeat(100_000) + "文";
    let c = read(page.as_bytes());
    let body = by_part(&c, "html").concat();
    // Past the bound of open elements, an element's `::after` text is read at its start.
    assert!(body.contains("尾文尾"), "{}", body.chars().take(30).collect::<String>());
    assert_eq!(body.matches('尾').count(), 100_000);
}

/// Every prefix of a page using every new place, and pseudo-random mutations of it, read
/// without a panic (cut strings, escapes, tags and multi-byte characters at any byte).
#[test]
fn truncated_and_mutated_pages_do_not_hurt() {
    let page = "<style>/*c*/@media x{.a::before{content:\"\\673A\\\"\" attr(data-x)}}.r{unicode-bidi:bidi-override;\
        direction:rtl}.\\5BC6:after{content:'密'}</style><p class=a data-x=\"年\">x<bdo dir=rtl>年1★密机</bdo>\
        <ruby>机<rt>jī</rt></ruby><input value=\"值\" placeholder='提示'><iframe srcdoc=\"<p class=a>内</p>\">\
        </iframe><script>document.write('\\u673a' + \"\\x41\" + `t${x}`)</script>\u{202E}反\u{202C}</p>\
        <a href=\"javascript:document.write('%E6%9C%BA')\" onclick=\"document.write('写')\">\
        <iframe src=\"data:text/html;base64,PHA+5py65a+GPC9wPg==\"></iframe>";
    for end in 0..=page.len() {
        let mut sink = Collected::default();
        extract(&page.as_bytes()[..end], &Limits::default(), &mut sink).unwrap();
    }
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let specials = b"<>\"'\\/{}()*:;`$&#\xE6\xE2\x80";
    for _ in 0..3000 {
        let mut bytes = page.as_bytes().to_vec();
        for _ in 0..4 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % bytes.len() as u64) as usize;
            bytes[at] = specials[(state >> 32) as usize % specials.len()];
        }
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
    }
}

#[test]
fn documents_in_data_urls_are_read_as_frames() {
    // "<p>机密★1年</p>" in UTF-8, base64; a percent-encoded page; a text; a picture (not text).
    let page = "<p>外</p><iframe src=\"data:text/html;base64,PHA+5py65a+G4piFMeW5tDwvcD4=\"></iframe>\
        <a href=\"data:text/html,%3Ctitle%3ET%3C/title%3E%3Cp%3E%E9%93%BE%E6%8E%A5%3C/p%3E\">链接</a>\
        <object data=\"data:,%E6%96%87%E6%9C%AC\"></object><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=图>\
        <map><area href=\"data:text/plain,x\" alt=\"区域\"></map>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["外\n链接 图 区域\n"]);
    assert_eq!(by_part(&c, "html-data-url"), vec!["机密★1年\n", "链接\n", "文本\n", "x\n"]);
    let numbers: Vec<_> =
        c.segments.iter().filter(|s| s.location.part == "html-data-url").map(|s| s.location.paragraph).collect();
    assert_eq!(numbers, vec![Some(1), Some(2), Some(3), Some(4)]);
    assert_eq!(notes(&c), vec![("html-data-url title".to_owned(), "T".to_owned())]);
}

#[test]
fn link_targets_downloads_track_labels_and_handler_strings_are_notes() {
    // Where a link leads (the status bar shows it, escapes decoded, GBK ones too), the name a
    // download saves as, a subtitle track's label, the message a handler's `alert` shows, where
    // a refresh sends the reader. Not an anchor in the page, nor a `javascript:` or `data:` URL
    // (their content is read).
    let page = "<a href=\"https://example.org/%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4.html\">甲</a>\
        <a href=\"/files/%C3%D8%C3%DC.doc\" download=\"秘密★3年.doc\">乙</a><a href=\"#top\">丙</a>\
        <a href=\"javascript:void(0)\">丁</a><video><track kind=subtitles label=\"绝密★启用前\" src=a.vtt></video>\
        <button onclick=\"alert('内部资料 注意保存')\">看</button>\
        <meta http-equiv=\"Refresh\" content=\"5; URL='https://example.org/%E7%BB%9D%E5%AF%86'\">";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["甲乙丙丁看\n"]);
    let want = [
        ("hyperlink", "https://example.org/机密★1年.html"),
        ("hyperlink", "/files/秘密.doc"),
        ("download", "秘密★3年.doc"),
        ("track label", "绝密★启用前"),
        ("script", "内部资料 注意保存"),
        ("hyperlink", "https://example.org/绝密"),
    ];
    assert_eq!(notes(&c), want.map(|(f, t)| (f.to_owned(), t.to_owned())));
}

#[test]
fn svg_pictures_in_data_urls_are_read() {
    // An `img` whose source is an SVG picture draws the picture's text.
    // `<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="10">机密★1年</text></svg>`, base64.
    let page = "<p>正文</p><img src=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0IHg9IjAiIHk9IjEwIj7mnLrlr4bimIUx5bm0PC90ZXh0Pjwvc3ZnPg==\">";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html-data-url"), vec!["机密★1年\n"]);
    assert!(c.coverage.iter().all(|n| !n.needs_review), "{:?}", c.coverage);
}

#[test]
fn what_a_click_writes_is_read() {
    let page = "<button onclick=\"document.write('&lt;p&gt;\\u673a\\u5bc6&lt;/p&gt;')\">看</button>\
        <a href=\"javascript:document.write('%E2%98%851%E5%B9%B4')\">链接</a><a href=\"javascript:void(0)\" onmouseover=\"f()\">x</a>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["看链接x\n"]);
    assert_eq!(by_part(&c, "html-handler"), vec!["机密\n", "★1年\n"]);
}

#[test]
fn a_mark_down_a_table_column_reads_top_to_bottom() {
    let rows: String = "机密★1年"
        .chars()
        .enumerate()
        .map(|(i, c)| format!("<tr><td>第{i}行说明文字</td><td colspan=2>{c}</td><td>备注</td></tr>"))
        .collect();
    let page = format!("<table><tr><th>甲</th><th>乙</th></tr>{rows}</table><table><tr><td>机<td>关</table>");
    let c = read(page.as_bytes());
    let runs: Vec<(&str, &str)> =
        c.segments.iter().filter_map(|s| Some((s.location.field.as_deref()?, s.text.as_str()))).collect();
    assert_eq!(
        runs,
        vec![("table 1, column B, rows 1-6", "乙机密★1年"), ("table 1, column D, rows 2-6", "备注备注备注备注备注")]
    );
}

/// Characters of text in every segment.
fn characters(c: &Collected) -> usize {
    c.segments.iter().map(|s| s.text.chars().count()).sum()
}

fn capped(c: &Collected) -> bool {
    c.coverage.iter().any(|n| n.needs_review && n.reason == Some(Unread::Limit(mijian_core::Cap::CssGenerated)))
}

#[test]
fn generated_content_cannot_multiply_the_page() {
    // One rule, thousands of elements: without a bound, 3 million characters from 40 KB. The
    // rule's text is placed while the page's bound (a character per byte) lasts, the page's own
    // text is read whole after it, and the cut is a limit that needs review.
    let long = "文".repeat(1500);
    let page = format!(
        "<style>.a::before{{content:\"{long}\"}} .b::before{{content:\"绝密\"}}</style>{}<p>机密★1年</p><b class=b></b>",
        "<i class=a></i>".repeat(2000)
    );
    let c = read(page.as_bytes());
    assert!(characters(&c) <= 2 * page.len(), "{} characters from {} bytes", characters(&c), page.len());
    let body = by_part(&c, "html").concat();
    assert!(body.starts_with(&long) && body.contains("机密★1年"), "the page's own text is read whole");
    assert!(body.matches(long.as_str()).count() > 1, "generated content is placed while the bound lasts");
    // The rule the bound kept out of every element is read apart, once.
    assert_eq!(by_part(&c, "html-css"), vec!["绝密"]);
    assert!(capped(&c), "{:?}", c.coverage);

    // `attr()` repeated in one rule, and in an element's own `style`: the same bound.
    let title = "标".repeat(3000);
    let pieces = " attr(title)".repeat(400);
    let page = format!(
        "<style>.t::after{{content:{pieces}}}</style><p class=t title=\"{title}\">甲</p>\
         <p title=\"{title}\" style=\"content:'内联'{pieces}\">乙</p>"
    );
    let c = read(page.as_bytes());
    assert!(characters(&c) <= 3 * page.len(), "{} characters from {} bytes", characters(&c), page.len());
    let body = by_part(&c, "html").concat();
    assert!(body.contains('甲') && body.contains("内联乙"), "{body}");
    assert!(capped(&c), "{:?}", c.coverage);

    // A page made only of the generated content that fits is not capped.
    let page = format!("<style>.a::before{{content:'机'}}</style>{}", "<i class=a></i>密".repeat(100));
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html").concat().matches("机密").count(), 100);
    assert!(!capped(&c), "{:?}", c.coverage);
}

#[test]
fn a_text_under_many_selectors_is_read_apart_once() {
    // The shape of the page the `html` fuzz target found (41 KB in, 83 KB out): style blocks
    // whose `q:after, q:before` lists carry a long `content` no element shows, repeated.
    let long = "M136 123 Q168 150 181 165 ".repeat(60);
    let block = format!(".page q:after,\n.page q:before {{ content: ''; content: none \"{long}\" }}\n");
    let page = format!("<style>{}</style><p>正文</p>", block.repeat(4));
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html-css"), vec![long.as_str()]);
    assert!(characters(&c) <= page.len(), "{} characters from {} bytes", characters(&c), page.len());
}

/// The `as shown` segments of a page: (line, text).
fn shown(c: &Collected) -> Vec<(Option<u32>, &str)> {
    c.segments
        .iter()
        .filter(|s| s.location.part == "html" && s.location.field.as_deref() == Some("as shown"))
        .map(|s| (s.location.line, s.text.as_str()))
        .collect()
}

#[test]
fn a_line_cut_by_hidden_text_is_read_again_as_it_shows() {
    // Each way a page hides a piece of a line from the eye; the hidden piece stays in the body
    // reading (it is in the published file), and the line is read again without it.
    for hidden in [
        r#"<span style="display:none">公开</span>"#,
        r#"<span hidden>公开</span>"#,
        r#"<span class="x">公开</span>"#,
        r#"<span style="font-size:0">公开</span>"#,
        r#"<span style="visibility:hidden">公开</span>"#,
        r#"<span style="position:absolute;left:-9999px">公开</span>"#,
        r#"<span style="display:inline-block;width:0;overflow:hidden">公开</span>"#,
        r#"<span style="color:#fff">公开</span>"#,
        r#"<span style="color:rgba(0,0,0,0)">公开</span>"#,
        r#"<span style="opacity:0">公开</span>"#,
        r#"<div style="display:none"><p>公开</p></div>"#,
        r#"<span style="display:none">公<b>开</b><span hidden>的</span></span>"#,
    ] {
        let page = format!(
            "<html><head><style>.x{{display:none}}</style></head><body><p>000123</p><div>机{hidden}密★1年</div><p>正文</p></body></html>"
        );
        let c = read(page.as_bytes());
        assert_eq!(shown(&c), vec![(Some(2), "机密★1年")], "{hidden}");
        let body = by_part(&c, "html").concat();
        assert!(body.starts_with("000123\n机"), "{hidden}: {body:?}");
        assert!(body.contains("公") && !body.contains('\u{FDD0}'), "{hidden}: {body:?}");
    }
}

#[test]
fn hidden_text_that_cuts_no_line_adds_nothing() {
    for page in [
        // Hidden blocks between paragraphs, a hidden tail, a hidden head, white text on a dark
        // background.
        r#"<p>机</p><div hidden>公开</div><p>密★1年</p>"#,
        r#"<p>机密<span hidden>公开</span></p><p>正文</p>"#,
        r#"<p><span hidden>公开</span>机密</p>"#,
        r#"<div style="background:#000">机<span style="color:white">公开</span>密★1年</div>"#,
        r#"<p>正文<span style="font-size:14px">字号</span>正文</p>"#,
    ] {
        let c = read(page.as_bytes());
        assert_eq!(shown(&c), vec![], "{page}");
    }
    // A page's own noncharacters are no marks of the reader.
    let c = read("<p>机\u{FDD0}公开\u{FDD1}密</p>".as_bytes());
    assert_eq!(shown(&c), vec![]);
    assert_eq!(by_part(&c, "html"), vec!["机公开密\n"]);
}

#[test]
fn style_rules_that_only_hide_do_not_crowd_out_content_rules() {
    let mut css: String = (0..1500).map(|i| format!(".h{i}{{display:none}}")).collect();
    css.push_str(".a::before{content:'\\673A'}");
    let page = format!("<style>{css}</style><p><span class=a></span>密★1年</p>");
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["机密★1年\n"]);
    assert!(c.coverage.iter().all(|n| n.reason.is_none()), "{:?}", c.coverage);
}

/// `ul{list-style-type:"机"}` before `<li>密★1年</li>` shows 机密★1年: the marker string is
/// read before every item it marks, inherited from the list (or set on the item, or in its own
/// `style`), and a keyword on a nested list puts no string there; a list with ordinary markers
/// reads as before.
#[test]
fn a_list_markers_string_is_read_before_its_item() {
    let page = "<style>ul.x{list-style-type:\"机\"} ul.x ul{list-style:circle}</style><p>通知</p>\
        <ul class=x><li>密★1年</li><li>二<ul><li>三</li></ul></li></ul>\
        <ol style='list-style-type:\"绝\"'><li>密★启用前</li></ol><ul style='list-style:none'><li>首页</li></ul>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["通知\n机密★1年\n机二\n三\n绝密★启用前\n首页\n"]);
    let plain = "<style>ul{list-style:square inside}</style><ul><li>一</li></ul><ol><li>二</li></ol>";
    assert_eq!(by_part(&read(plain.as_bytes()), "html"), vec!["一\n二\n"]);
}

#[test]
fn list_markers_quotes_and_counter_symbols_are_read_apart() {
    // Strings a style sheet draws without `content`: a list's marker, quotation marks, a counter
    // style's symbols and suffix. Read apart in `html-css`; a list marker's string is also
    // placed before each item it marks (see `a_list_markers_string_is_read_before_its_item`).
    let page = "<style>ul.a{list-style-type:\"\\673A\\5BC6\\2605 \"} q{quotes:\"绝密\" \"\"}\
        @counter-style s{system:cyclic;symbols:\"秘\" \"密\";suffix:\"★ \"} ol{list-style:s}</style>\
        <ul class=a><li>一</li></ul><p><q>二</q></p><ol><li>三</li></ol>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["机密★一\n二\n三\n"]);
    assert_eq!(by_part(&c, "html-css"), vec!["机密★", "绝密", "秘 密 ★"]);
}

#[test]
fn svg_pictures_in_style_sheets_and_style_sheets_in_data_urls() {
    // A background or `content: url(…)` drawn from an SVG data URL shows the SVG's text; a style
    // sheet linked as a data URL applies as a `<style>` does.
    // (`<svg …><text>机密★1年</text></svg>` and `.q::before{content:"绝密★启用前"}`, base64.)
    let page = "<style>body{background:url('data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0IHg9IjAiIHk9IjEwIj7mnLrlr4bimIUx5bm0PC90ZXh0Pjwvc3ZnPg==')}</style>\
        <link rel=stylesheet href=\"data:text/css;base64,LnE6OmJlZm9yZXtjb250ZW50OiLnu53lr4bimIXlkK/nlKjliY0ifQ==\"><p class=q>正文</p>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["绝密★启用前正文\n"]);
    assert_eq!(by_part(&c, "html-data-url"), vec!["机密★1年\n"]);
    let page = "<p style=\"background-image: url(&quot;data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjx0ZXh0IHg9IjAiIHk9IjEwIj7mnLrlr4bimIUx5bm0PC90ZXh0Pjwvc3ZnPg==&quot;)\">正文</p>";
    assert_eq!(by_part(&read(page.as_bytes()), "html-data-url"), vec!["机密★1年\n"]);
}

#[test]
fn style_sheets_imported_from_data_urls_apply() {
    // `@import` of a `data:` style sheet (percent-encoded or base64) applies its rules; an
    // import of another URL is not fetched; a sheet importing itself ever deeper stops.
    let page = "<style>@import url(\"data:text/css,.a::before%7Bcontent:'%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4'%7D\");\
        @import 'data:text/css;base64,LmI6OmFmdGVye2NvbnRlbnQ6J+e7neWvhuKYheWQr+eUqOWJjSd9';\
        @import url(other.css);</style><p class=a>甲</p><p class=b>乙</p>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["机密★1年甲\n乙绝密★启用前\n"]);
}

/// What the page's source carries for anyone who opens it, though no browser draws it: comments
/// of its style sheets and scripts, attributes of its own making; and a string a script makes of
/// character codes.
#[test]
fn comments_of_styles_and_scripts_and_other_attributes_are_read() {
    let page = "<html><head><style>/* 原件：机密★1年 */ p { color: red } a::before { content: '/* no */' }</style>\
        <script>// 密级：秘密\nvar a = 1; /* 附：内部资料 */</script></head>\
        <body><div data-note=\"机密★1年\" mark='绝密' class=\"x\" id=\"ascii-only\">正文</div>\
        <script>document.write(String.fromCharCode(26426, 23494, 0x2605) + '1年');</script></body></html>";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html-comment"), vec!["原件：机密★1年"]);
    let notes: Vec<(Option<&str>, &str)> = c
        .segments
        .iter()
        .filter(|s| s.location.part == "html-note")
        .map(|s| (s.location.field.as_deref(), s.text.as_str()))
        .collect();
    assert!(notes.contains(&(Some("script"), "密级：秘密\n附：内部资料")), "{notes:?}");
    assert!(notes.contains(&(Some("attribute data-note"), "机密★1年")), "{notes:?}");
    assert!(notes.contains(&(Some("attribute mark"), "绝密")), "{notes:?}");
    assert!(!notes.iter().any(|n| n.0 == Some("attribute class") || n.0 == Some("attribute id")), "{notes:?}");
    assert!(by_part(&c, "html")[0].starts_with("正文\n机密★1年"), "{:?}", by_part(&c, "html"));
}

/// A viewer shows again what a child un-hides (`visibility: visible`, its own font size or
/// colour, a later or more important rule), and nothing shows inside an element not displayed:
/// the line as shown follows the cascade and inheritance both ways.
#[test]
fn what_a_child_or_a_later_rule_shows_again_is_read_as_shown() {
    for (css, body) in [
        // Undone by a child.
        ("", r#"机<span style="visibility:hidden">公开<span style="visibility:visible">密★1年</span></span>"#),
        (
            "",
            r#"<span style="visibility:hidden">公开<b style="visibility:visible">机</b>公开<b style="visibility:visible">密★1年</b></span>"#,
        ),
        (
            "",
            r#"<span style="font-size:0">公开<b style="font-size:16px">机</b>公开<b style="font-size:12pt">密★1年</b></span>"#,
        ),
        ("", r#"<span style="color:#fff">公开<b style="color:#000">机</b>公开<b style="color:#333">密★1年</b></span>"#),
        (".w{color:white}.w b{color:black}", r#"<span class="w">公开<b>机</b>公开<b>密★1年</b></span>"#),
        // Not undone: display none, a tiny size relative to a tiny parent, important beats the
        // element's own style, visibility does not undo display.
        ("", r#"机<span style="display:none">x<span style="display:inline">公开</span></span>密★1年"#),
        ("", r#"机<span style="font-size:0">x<span style="font-size:2em">公开</span></span>密★1年"#),
        (".h{display:none !important}", r#"机<span class="h" style="display:inline">公开</span>密★1年"#),
        (".h{display:none}", r#"机<span class="h" style="visibility:visible">公开</span>密★1年"#),
        (".h{display:none}.h{visibility:visible}", r#"机<span class="h">公开</span>密★1年"#),
        (".h{display:none!important}.h{display:inline}", r#"机<span class="h">公开</span>密★1年"#),
        (".h{display:inline}.h{display:none}", r#"机<span class="h">公开</span>密★1年"#),
        // White on a white background inside a dark one.
        ("", r#"<span style="color:#fff;background:#000">机<b style="background:#fff">公开</b>密★1年</span>"#),
    ] {
        let page = format!("<html><head><style>{css}</style></head><body><p>000123</p><div>{body}</div></body></html>");
        let c = read(page.as_bytes());
        assert_eq!(shown(&c), vec![(Some(2), "机密★1年")], "{css} {body}");
    }
    // Shown again: the cut is on the page, the line is what the body reads.
    for (css, body) in [
        (".h{display:none}.h{display:inline}", r#"机<span class="h">公开</span>密★1年"#),
        (".h{display:none}.h.on{display:inline}", r#"机<span class="h on">公开</span>密★1年"#),
        (".h{display:none}", r#"机<span class="h" style="display:inline">公开</span>密★1年"#),
        ("", r#"机<span hidden style="display:inline">公开</span>密★1年"#),
        ("", r#"机<span style="visibility:hidden"><b style="visibility:visible">公开</b></span>密★1年"#),
        ("", r#"<span style="font-size:0">机<b style="font-size:14px">公开</b>密★1年</span>"#),
        ("", r#"<span style="color:#fff;background:#000">机<b style="background:#000">公开</b>密★1年</span>"#),
    ] {
        let page = format!("<html><head><style>{css}</style></head><body><p>000123</p><div>{body}</div></body></html>");
        let c = read(page.as_bytes());
        let shown = shown(&c);
        assert!(shown.iter().all(|(_, l)| !l.contains("机密")), "{css} {body}: {shown:?}");
    }
}

/// A block hidden by `visibility` or colour keeps its place on the page: the lines around it
/// are not joined into one; a block not displayed takes no place.
#[test]
fn only_a_block_out_of_the_layout_joins_the_lines_around_it() {
    let c = read(r#"<div>机<div style="visibility:hidden">公开</div>密★1年</div>"#.as_bytes());
    assert_eq!(shown(&c), vec![]);
    let c = read(r#"<span>机<div style="display:none">公开</div>密★1年</span>"#.as_bytes());
    assert_eq!(shown(&c), vec![(Some(1), "机密★1年")]);
}

/// Reversed flex boxes nested in one another: each reads its content again in display order, so
/// the readings would grow with the square of the depth. They stop at the page's length, and
/// the page says so (a limit: review, never a silent pass); the innermost are read.
#[test]
fn layout_readings_cannot_multiply_the_page() {
    let depth = 400;
    let mut page = String::from("<html><body>");
    for i in 0..depth {
        page.push_str(&format!("<div style=\"display:flex;flex-direction:row-reverse\"><b>{}</b>", i % 10));
    }
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let c = read(page.as_bytes());
    let shown: Vec<&Segment> = c.segments.iter().filter(|s| s.location.field.as_deref() == Some("as shown")).collect();
    assert!(!shown.is_empty());
    assert!(characters(&c) <= 3 * page.chars().count(), "{} characters from {}", characters(&c), page.len());
    assert!(c
        .coverage
        .iter()
        .any(|n| n.needs_review && n.reason == Some(Unread::Limit(mijian_core::Cap::LayoutOrder))));
    // The innermost boxes are read in their order: the last `<b>8</b>` after the box of `9`.
    assert!(shown.iter().any(|s| s.text == "98"), "{} readings", shown.len());
}
