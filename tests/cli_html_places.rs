//! End-to-end tests of the places in an HTML page that a viewer shows or a user can reach beyond
//! its plain text (issue 10): CSS generated content, form values, `<iframe srcdoc>`, text written
//! by `document.write`, ruby, bidi overrides, tooltips. Each runs the real binary on a generated
//! page with a mark hidden in that place (→ `block`, found where it is) and on its clean twin, the
//! same page with harmless text in the same place (→ `pass`).

mod common;
use common::*;

/// Scans `page` and returns (exit status, verdict, the location of the first marking).
fn scan_page(page: &str) -> (i32, String, serde_json::Value) {
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知</title></head><body>\
         <h1>关于做好有关工作的通知</h1><p>{PROSE}</p>{page}<p>{PROSE}</p></body></html>"
    );
    scan_bytes_for_marking("page.html", html.as_bytes())
}

/// The marked page blocks with its marking in `part` (and `field`, if given); the clean twin
/// passes.
fn place(marked: &str, clean: &str, part: &str, field: Option<&str>) -> serde_json::Value {
    let (status, verdict, location) = scan_page(marked);
    assert_eq!((status, verdict.as_str()), (1, "block"), "{marked}: {location}");
    assert_eq!(location["part"], part, "{marked}: {location}");
    if let Some(field) = field {
        assert_eq!(location["field"], field, "{marked}: {location}");
    }
    let (status, verdict, location) = scan_page(clean);
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{clean}: {location}");
    location
}

#[test]
fn css_generated_content_split_from_the_element_text() {
    place(
        "<style>.a::before{content:\"\\673A\"} #t:after { content: '\\5E74' }</style>\
         <p><span class=\"a\"></span>密★1<b id=t></b></p>",
        "<style>.a::before{content:\"\\6CE8\"} #t:after { content: '\\610F' }</style>\
         <p><span class=\"a\"></span>密★1<b id=t></b></p>",
        "html",
        None,
    );
}

/// A list marker's string (`list-style-type: "机"`, inherited from the list) prints before each
/// item: `机` + `<li>密★1年</li>` shows 机密★1年. Its twin prints `注` there.
#[test]
fn a_list_markers_string_joins_its_item() {
    place(
        "<style>ul.m{list-style-type:\"\\673A\"}</style><ul class=m><li>密★1年</li></ul>",
        "<style>ul.m{list-style-type:\"\\6CE8\"}</style><ul class=m><li>密★1年</li></ul>",
        "html",
        None,
    );
    place(
        "<ul style='list-style: \"机\" inside'><li>密★1年</li></ul>",
        "<ul style='list-style: \"注\" inside'><li>密★1年</li></ul>",
        "html",
        None,
    );
}

#[test]
fn css_content_that_applies_to_no_element_is_read_too() {
    place(
        "<style>div.box > ul li:nth-child(3) em::before{content:\"\\673A\\5BC6\\2605 1\\5E74\"}</style><p>正文</p>",
        "<style>div.box > ul li:nth-child(3) em::before{content:\"\\2605\"}</style><p>正文</p>",
        "html-css",
        None,
    );
}

#[test]
fn form_values_are_read() {
    place(
        "<form><input type=text value=\"机密★1年\"></form>",
        "<form><input type=text value=\"张三\"></form>",
        "html",
        None,
    );
    place(
        "<form><textarea placeholder=\"绝密★启用前\"></textarea></form>",
        "<form><textarea placeholder=\"请输入意见\"></textarea></form>",
        "html",
        None,
    );
    place(
        "<form><select><option>一般</option><option>机密★10年</option></select></form>",
        "<form><select><option>一般</option><option>重要</option></select></form>",
        "html",
        None,
    );
    // Not shown but published with the page: a note.
    place(
        "<form><input type=hidden name=level value=\"秘密★6个月\"></form>",
        "<form><input type=hidden name=level value=\"public\"></form>",
        "html-note",
        Some("input hidden value"),
    );
}

#[test]
fn iframe_srcdoc_is_read_as_a_document() {
    place(
        "<iframe srcdoc=\"&lt;p&gt;附件&lt;/p&gt;&lt;p&gt;&#26426;&#23494;&#9733;1&#24180;&lt;/p&gt;\"></iframe>",
        "<iframe srcdoc=\"&lt;p&gt;附件&lt;/p&gt;&lt;p&gt;通知全文&lt;/p&gt;\"></iframe>",
        "html-srcdoc",
        None,
    );
    let (_, _, location) = scan_page("<iframe srcdoc='<p>附件</p><p>机密★1年</p>'></iframe>");
    assert_eq!((location["paragraph"].as_u64(), location["line"].as_u64()), (Some(1), Some(2)), "{location}");
}

#[test]
fn document_write_literals_are_read() {
    place(
        "<p><script>document.write('\\u673a\\u5bc6' + \"\\u2605\" + '\\x31\\u5e74');</script></p>",
        "<p><script>document.write('\\u901a\\u77e5' + \"\\u2605\");</script></p>",
        "html",
        None,
    );
    place(
        "<script>document.write(unescape('%u7EDD%u5BC6%u2605%u542F%u7528%u524D'))</script>",
        "<script>document.write(unescape('%u901A%u77E5'))</script>",
        "html",
        None,
    );
}

#[test]
fn ruby_base_text_is_one_line() {
    place(
        "<p><ruby>机<rp>(</rp><rt>jī</rt><rp>)</rp>密<rt>mì</rt></ruby>★1年</p>",
        "<p><ruby>通<rt>tōng</rt>知<rt>zhī</rt></ruby>★1年</p>",
        "html",
        None,
    );
}

#[test]
fn bidi_overrides_read_as_displayed() {
    place("<p><bdo dir=\"rtl\">年1★密机</bdo></p>", "<p><bdo dir=\"rtl\">知通</bdo></p>", "html", None);
    place(
        "<style>.r{unicode-bidi:bidi-override;direction:rtl}</style><p><span class=r>年1★密绝</span></p>",
        "<style>.r{unicode-bidi:bidi-override;direction:rtl}</style><p><span class=r>知通</span></p>",
        "html",
        None,
    );
    place("<p>\u{202E}年1★密机\u{202C}</p>", "<p>\u{202E}知通\u{202C}</p>", "html", None);
}

#[test]
fn tooltips_and_labels_are_read_as_notes() {
    place(
        "<p><a href=a.pdf title=\"机密★1年\">附件</a></p>",
        "<p><a href=a.pdf title=\"下载\">附件</a></p>",
        "html-note",
        Some("title"),
    );
    place(
        "<p><button aria-label=\"绝密★启用前\">×</button></p>",
        "<p><button aria-label=\"关闭\">×</button></p>",
        "html-note",
        Some("aria-label"),
    );
}

#[test]
fn documents_in_data_urls_are_read() {
    // "<p>机密★1年</p>" and "<p>通知</p>", UTF-8 in base64.
    place(
        "<p><iframe src=\"data:text/html;base64,PHA+5py65a+G4piFMeW5tDwvcD4=\"></iframe></p>",
        "<p><iframe src=\"data:text/html;base64,PHA+6YCa55+lPC9wPg==\"></iframe></p>",
        "html-data-url",
        None,
    );
    place(
        "<p><a href=\"data:text/html,%E7%BB%9D%E5%AF%86%E2%98%85%E5%90%AF%E7%94%A8%E5%89%8D\">附件</a></p>",
        "<p><a href=\"data:text/html,%E9%80%9A%E7%9F%A5\">附件</a></p>",
        "html-data-url",
        None,
    );
}

#[test]
fn what_a_click_writes_is_read() {
    place(
        "<p><a href=\"#\" onclick=\"document.write('\\u673a\\u5bc6\\u2605\\u0031\\u5e74')\">查看</a></p>",
        "<p><a href=\"#\" onclick=\"document.write('\\u901a\\u77e5')\">查看</a></p>",
        "html-handler",
        None,
    );
    place(
        "<p><a href=\"javascript:document.write('%E6%9C%BA%E5%AF%86%E2%98%851%E5%B9%B4')\">查看</a></p>",
        "<p><a href=\"javascript:document.write('%E9%80%9A%E7%9F%A5')\">查看</a></p>",
        "html-handler",
        None,
    );
}

/// Scans a whole page whose `<head>` holds `style` and whose body is `body`: (status, verdict,
/// the location of the first marking).
fn scan_styled(style: &str, body: &str) -> (i32, String, serde_json::Value) {
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知</title><style>{style}</style></head>\
         <body><h1>关于做好有关工作的通知</h1><p>{PROSE}</p>{body}<p>{PROSE}</p></body></html>"
    );
    scan_bytes_for_marking("page.html", html.as_bytes())
}

#[test]
fn head_rules_reach_the_body_through_combinators_and_attributes() {
    // Each: a head style sheet whose selector names the element through its ancestors, siblings
    // or attributes, the element with `密★1年` after it; then a twin where the selector does not
    // reach the element, so the `机` is not drawn there.
    let cases = [
        (
            "article.notice > p span::before",
            "<article class=notice><p><span></span>密★1年</p></article>",
            "<article><p><span></span>密★1年</p></article>",
        ),
        (
            "div#main .lv::before",
            "<div id=main><p><i class=lv></i>密★1年</p></div>",
            "<div id=other><p><i class=lv></i>密★1年</p></div>",
        ),
        ("h2 + p > b:first-child::before", "<h2>一</h2><p><b></b>密★1年</p>", "<h3>一</h3><p><b></b>密★1年</p>"),
        ("h2 ~ p b::before", "<h2>一</h2><div></div><p><b></b>密★1年</p>", "<p><b></b>密★1年</p><h2>一</h2>"),
        (
            "span[data-level^=\"c\" i]::before",
            "<p><span data-level=Conf></span>密★1年</p>",
            "<p><span data-level=public></span>密★1年</p>",
        ),
        (
            "td:nth-child(2) u:not(.plain)::before",
            "<table><tr><td>甲</td><td><u></u>密★1年</td></tr></table>",
            "<table><tr><td>甲</td><td><u class=plain></u>密★1年</td></tr></table>",
        ),
    ];
    for (selector, marked, clean) in cases {
        let style = format!("{selector}{{content:\"\\673A\"}}");
        let (status, verdict, location) = scan_styled(&style, marked);
        assert_eq!(
            (status, verdict.as_str(), &location["part"]),
            (1, "block", &"html".into()),
            "{selector}: {location}"
        );
        let (status, verdict, location) = scan_styled(&style, clean);
        assert_eq!((status, verdict.as_str()), (0, "pass"), "{selector} on its clean twin: {location}");
    }
}

#[test]
fn a_more_specific_rule_that_does_not_apply_hides_nothing() {
    // `aside .a` outranks `.a` only where the element is in an `aside`; here it is not, so a
    // browser draws `机`. Its twin: the element is in the aside, which draws `注`.
    let style = ".a::before{content:\"\\673A\"} aside .a::before{content:\"\\6CE8\"}";
    let (status, verdict, location) = scan_styled(style, "<p><span class=a></span>密★1年</p>");
    assert_eq!((status, verdict.as_str(), &location["part"]), (1, "block", &"html".into()), "{location}");
    let (status, verdict, location) = scan_styled(style, "<aside><p><span class=a></span>密★1年</p></aside>");
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
    // A rule for a state (hover) shows its text then: it is read, apart if a rule applies now.
    let (status, verdict, location) =
        scan_styled(".a:hover::before{content:\"\\673A\"}", "<p><span class=a></span>密★1年</p>");
    assert_eq!((status, verdict.as_str(), &location["part"]), (1, "block", &"html".into()), "{location}");
}

#[test]
fn text_hidden_by_css_is_still_read() {
    // Decision: hiding (`display:none`, `visibility:hidden`, `hidden`) does not take text out of
    // the published file: it is in the page source, in what a search engine indexes, and shown
    // with styles off. A mark hidden so is a mark; its clean twin passes.
    for (style, body) in [
        ("", "<div style=\"display:none\">机密★1年</div>"),
        (".x{display:none}", "<div class=x>机密★1年</div>"),
        ("main p.h{visibility:hidden}", "<main><p class=h>机密★1年</p></main>"),
        ("", "<p hidden>机密★1年</p>"),
    ] {
        let (status, verdict, location) = scan_styled(style, body);
        assert_eq!((status, verdict.as_str(), &location["part"]), (1, "block", &"html".into()), "{body}: {location}");
        let (status, verdict, _) = scan_styled(style, &body.replace("机密★1年", "通知"));
        assert_eq!((status, verdict.as_str()), (0, "pass"), "{body}");
    }
}

#[test]
fn a_mark_cut_by_text_the_page_hides_is_read_as_it_shows() {
    // `机` + hidden `公开` + `密★1年` shows `机密★1年`: the line is read again as a browser shows
    // it (field `as shown`). Its twin hides the same piece in `通知` + hidden + `事项`, which
    // shows nothing protected.
    for (style, hidden) in [
        ("", "<span style=\"display:none\">公开</span>"),
        (".note-x{display:none}", "<i class=note-x>公开</i>"),
        ("", "<span hidden>公开</span>"),
        ("", "<span style=\"font-size:0px\">公开</span>"),
        ("", "<span style=\"color:#FFFFFF\">公开</span>"),
        ("", "<span style=\"position:absolute;left:-10000px\">公开</span>"),
        ("p span.v{visibility:hidden}", "<span class=v>公开</span>"),
        // Other ways CSS draws nothing: a clip path of nothing, a zero-opacity filter, content
        // left unrendered, letters drawn on one another, a transform to no width, the
        // image-replacement indent.
        ("", "<span style=\"clip-path:inset(50%);position:absolute\">公开</span>"),
        (".c{clip-path: circle(0)}", "<span class=c>公开</span>"),
        ("", "<span style=\"filter: opacity(0)\">公开</span>"),
        ("", "<span style=\"content-visibility:hidden;display:inline-block\">公开</span>"),
        ("", "<span style=\"letter-spacing:-1em\">公开</span>"),
        ("", "<span style=\"display:inline-block;transform:scaleX(0)\">公开</span>"),
        ("", "<span style=\"display:inline-block;transform:translateX(-9999px)\">公开</span>"),
        ("", "<span style=\"display:inline-block;width:20px;text-indent:100%;white-space:nowrap;overflow:hidden\">公开</span>"),
    ] {
        let (status, verdict, location) = scan_styled(style, &format!("<p>机{hidden}密★1年</p>"));
        assert_eq!((status, verdict.as_str(), &location["part"]), (1, "block", &"html".into()), "{hidden}: {location}");
        assert_eq!(location["field"], "as shown", "{hidden}");
        let (status, verdict, location) = scan_styled(style, &format!("<p>通知{hidden}事项</p>"));
        assert_eq!((status, verdict.as_str()), (0, "pass"), "{hidden}: {location}");
    }
    // White text on a page part that paints a dark background shows: nothing is cut.
    let (status, verdict, location) = scan_styled(
        "",
        "<div style=\"background-color:#003\"><p>机<span style=\"color:#fff\">公开</span>密★1年</p></div>",
    );
    assert_eq!((status, verdict.as_str()), (0, "pass"), "{location}");
}

/// The layout shows a container's children in another order than the source: flex `order`, a
/// reversed flex direction, grid placement, absolutely positioned boxes. `密★1年` first and `机`
/// second in the source show `机密★1年`: the container is read again as it shows (field
/// `as shown`). The twins put `通知` and `事项` in the same places; a page whose layout moves
/// nothing gets no second reading.
#[test]
fn text_the_layout_moves_is_read_in_the_order_it_shows() {
    for (style, container) in [
        ("", "<div style=\"display:flex\"><span style=\"order:2\">{A}</span><span style=\"order:1\">{B}</span></div>"),
        (".f{display:flex;flex-direction:row-reverse}", "<div class=f><span>{A}</span><span>{B}</span></div>"),
        (".f{display:flex;flex-flow:column-reverse wrap}", "<div class=f><div>{A}</div><div>{B}</div></div>"),
        (
            ".g{display:grid} .g .a{grid-column:2} .g .b{grid-area:1 / 1}",
            "<div class=g><p class=a>{A}</p><p class=b>{B}</p></div>",
        ),
        (
            "",
            "<div style=\"position:relative\"><span style=\"position:absolute;left:2em;top:0\">{A}</span>\
             <span style=\"position:absolute;left:0;top:0\">{B}</span></div>",
        ),
        (
            ".box{position:absolute;top:0} .r{right:0} .l{right:300px}",
            "<div><b class='box r'>{A}</b><b class='box l'>{B}</b></div>",
        ),
    ] {
        let marked = container.replace("{A}", "密★1年").replace("{B}", "机");
        let (status, verdict, location) = scan_styled(style, &marked);
        assert_eq!((status, verdict.as_str(), &location["part"]), (1, "block", &"html".into()), "{marked}: {location}");
        assert_eq!(location["field"], "as shown", "{marked}");
        let clean = container.replace("{A}", "事项").replace("{B}", "通知");
        let (status, verdict, location) = scan_styled(style, &clean);
        assert_eq!((status, verdict.as_str()), (0, "pass"), "{clean}: {location}");
    }
    // In source order already: read once, no second reading.
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><div style=\"display:flex\">\
                <span style=\"order:1\">关于</span><span style=\"order:2\">通知</span></div></body></html>";
    let dir = tempdir();
    let path = write(dir.path(), "page.html", page.as_bytes());
    let run = mijian(&["extract", "-f", "json", path.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("关于") && !run.stdout.contains("as shown"), "{}", run.stdout);
}

#[test]
fn script_strings_and_data_are_read_as_notes() {
    // A page can show any string its script holds (a dialog, a text set on an element); JSON data
    // is what a page's framework renders.
    place(
        "<script>var tip = \"\\u673a\\u5bc6\\u2605\\u0031\\u5e74\"; el.textContent = tip;</script>",
        "<script>var tip = \"\\u901a\\u77e5\"; el.textContent = tip;</script>",
        "html-note",
        Some("script"),
    );
    place(
        "<script type=\"application/json\">{\"title\": \"绝密★启用前\"}</script>",
        "<script type=\"application/json\">{\"title\": \"工作通知\"}</script>",
        "html-note",
        Some("script data"),
    );
}

#[test]
fn template_content_is_read_as_a_document() {
    // What `<template>` holds is not shown until a script clones it, which any page may do.
    place(
        "<template id=\"t\"><p>秘密★6个月</p></template>",
        "<template id=\"t\"><p>工作安排</p></template>",
        "html-template",
        None,
    );
}
