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
fn skips_scripts_styles_and_templates_but_reads_comments() {
    let page = "<html><head><style>p{content:\"机密★1年\"}</style><script>var s = '</div>秘密';</script></head>\
        <body><!-- 原件：机密★1年 --><template><p>模板</p></template><p>公开内容</p><script type=x>\
        </SCRIPT >后文<!-- unterminated";
    let c = read(page.as_bytes());
    assert_eq!(by_part(&c, "html"), vec!["公开内容\n后文\n"]);
    assert_eq!(by_part(&c, "html-comment"), vec!["原件：机密★1年", "unterminated"]);
    assert!(c.segments.iter().any(|s| s.role == Role::Note));
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
