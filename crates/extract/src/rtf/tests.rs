use super::*;
use mijian_core::Collected;

fn read(rtf: &str) -> Collected {
    let mut sink = Collected::default();
    extract(rtf.as_bytes(), &Limits::default(), &mut sink).unwrap();
    sink
}

/// (part, field, role, text) of every segment.
fn segments(c: &Collected) -> Vec<(String, Option<String>, Role, String)> {
    c.segments.iter().map(|s| (s.location.part.clone(), s.location.field.clone(), s.role, s.text.clone())).collect()
}

fn texts(c: &Collected) -> Vec<&str> {
    c.segments.iter().map(|s| s.text.as_str()).collect()
}

/// `text` as `\'hh` escapes in GBK.
fn gbk(text: &str) -> String {
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    bytes.iter().map(|b| if *b < 0x80 { (*b as char).to_string() } else { format!("\\'{b:02x}") }).collect()
}

const HEAD: &str = r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\froman\fcharset0 Times New Roman;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s1 heading 1;}}";

#[test]
fn gbk_escapes_and_paragraphs() {
    let rtf = format!(r"{HEAD}\pard 000123\par {}\par\f1 plain\f0 {}\par}}", gbk("机密★1年"), gbk("正文"));
    let c = read(&rtf);
    assert_eq!(texts(&c), vec!["000123", "机密★1年", "plain正文"]);
    let paragraphs: Vec<_> = c.segments.iter().map(|s| s.location.paragraph).collect();
    assert_eq!(paragraphs, vec![Some(1), Some(2), Some(3)]);
    assert!(c.segments.iter().all(|s| s.location.part == "body" && s.role == Role::Body));
    assert!(c.coverage.iter().all(|n| n.reason.is_none()));
}

#[test]
fn unicode_escapes_skip_their_fallbacks() {
    // 机 = U+673A (26426), 密 = U+5BC6 (23494); ★ = U+2605 (9733). \uc2 fallbacks are GBK pairs.
    let rtf = format!(r"{HEAD}\uc2\u26426\'bb\'fa\u23494\'c3\'dc{{\uc1\u9733?}}1{}\par}}", gbk("年"));
    assert_eq!(texts(&read(&rtf)), vec!["机密★1年"]);
    // Negative numbers and surrogate pairs: U+20BB7 𠮷 is \u-10174?\u-8265? (0xD842 0xDFB7).
    let rtf = r"{\rtf1\ansi\uc1\u-10174?\u-8265?\u-26426?\par}";
    assert_eq!(texts(&read(rtf)), vec!["𠮷\u{98C6}"]);
    // \uc0: no fallback to skip.
    let rtf = r"{\rtf1\uc0\u26426 x\par}";
    assert_eq!(texts(&read(rtf)), vec!["机x"]);
}

#[test]
fn font_charsets_and_the_document_code_page() {
    // A font with \fcharset0 under \ansicpg936 takes the document's code page (GBK).
    let rtf = format!(r"{{\rtf1\ansi\ansicpg936{{\fonttbl{{\f0\fswiss\fcharset0 Arial;}}}}\f0 {}\par}}", gbk("秘密"));
    assert_eq!(texts(&read(&rtf)), vec!["秘密"]);
    // A Big5 font (\fcharset136) in a Western document.
    let (big5, _, _) = encoding_rs::BIG5.encode("機密");
    let hex: String = big5.iter().map(|b| format!("\\'{b:02x}")).collect();
    let rtf = format!(r"{{\rtf1\ansi\ansicpg1252{{\fonttbl{{\f2\fcharset136 MingLiU;}}}}{{\f2 {hex}}}\par}}");
    assert_eq!(texts(&read(&rtf)), vec!["機密"]);
    // Western 1252 text stays Western.
    let rtf = r"{\rtf1\ansi\ansicpg1252 caf\'e9\par}";
    assert_eq!(texts(&read(rtf)), vec!["café"]);
}

#[test]
fn headers_footers_footnotes_and_annotations() {
    let rtf = format!(
        r"{HEAD}{{\header \pard {}\par}}{{\footerf \pard {}\par}}Body{{\super\chftn{{\footnote \pard {}}}}} text{{\*\atnid ZS}}{{\*\atnauthor {}}}\chatn{{\*\annotation \pard {}}}\par}}",
        gbk("秘密"),
        gbk("第1页"),
        gbk("注释"),
        gbk("张三"),
        gbk("批注机密")
    );
    let got = segments(&read(&rtf));
    let s = |p: &str, f: Option<&str>, r: Role, t: &str| (p.to_owned(), f.map(str::to_owned), r, t.to_owned());
    assert_eq!(
        got,
        vec![
            s("header", None, Role::Header, "秘密"),
            s("footer", None, Role::Footer, "第1页"),
            s("footnote", None, Role::Note, "注释"),
            s("annotation", Some("author"), Role::Note, "张三"),
            s("annotation", Some("张三"), Role::Note, "批注机密"),
            s("body", None, Role::Body, "Body text"),
        ]
    );
}

#[test]
fn fields_info_and_custom_properties() {
    let rtf = format!(
        r#"{HEAD}{{\info{{\title {}}}{{\author Li}}{{\keywords {}}}{{\creatim\yr2024\mo1}}{{\*\company X}}}}{{\*\userprops {{\propname {}}}\proptype30{{\staticval {}}}}}{{\field{{\*\fldinst {{ DOCPROPERTY {} }}}}{{\fldrslt {{{}}}}}}}\par}}"#,
        gbk("机密★1年 通知"),
        gbk("保密"),
        gbk("密级"),
        gbk("绝密"),
        gbk("密级"),
        gbk("机密")
    );
    let got = segments(&read(&rtf));
    let info: Vec<_> = got.iter().filter(|s| s.0 == "info").map(|s| (s.1.clone().unwrap(), s.3.clone())).collect();
    assert_eq!(
        info,
        vec![
            ("title".to_owned(), "机密★1年 通知".to_owned()),
            ("author".to_owned(), "Li".to_owned()),
            ("keywords".to_owned(), "保密".to_owned()),
            ("company".to_owned(), "X".to_owned()),
            ("custom".to_owned(), "密级".to_owned()),
            ("custom".to_owned(), "绝密".to_owned()),
        ]
    );
    assert!(got.iter().all(|s| s.0 != "info" || s.2 == Role::Properties));
    let body: Vec<_> = got.iter().filter(|s| s.0 == "body").map(|s| s.3.as_str()).collect();
    // The result as Word shows it; the instruction apart.
    assert_eq!(body, vec!["机密"]);
    let fields: Vec<_> = got.iter().filter(|s| s.0 == "fields").map(|s| (s.1.as_deref(), s.2, s.3.as_str())).collect();
    assert_eq!(fields, vec![(Some("instruction"), Role::Other, "DOCPROPERTY 密级")]);
}

#[test]
fn skipped_destinations_and_binary_pictures() {
    let rtf = r"{\rtf1\ansi{\*\generator Secret 1.0;}{\*\unknowndest hidden}{\pict\wmetafile8\bin6 {}\}\x}{\*\themedata 0123}visible{\*\bkmkstart mark1}\par}";
    let c = read(rtf);
    assert_eq!(
        segments(&c).into_iter().map(|s| (s.0, s.3)).collect::<Vec<_>>(),
        vec![("bookmarks".to_owned(), "mark1".to_owned()), ("body".to_owned(), "visible".to_owned())]
    );
}

#[test]
fn hidden_and_deleted_text_and_table_cells_are_read() {
    let rtf = r"{\rtf1\ansi\trowd\cellx1000\cellx2000 {\v hidden}\cell {\deleted gone}\cell\row after\par}";
    assert_eq!(texts(&read(rtf)), vec!["hidden", "gone", "after"]);
}

#[test]
fn shapes_wordart_and_text_boxes() {
    let rtf = r"{\rtf1\ansi{\header {\shp{\*\shpinst{\sp{\sn gtextUNICODE}{\sv \u26426?\u23494?}}{\sp{\sn fillColor}{\sv 255}}}}}{\shp{\*\shpinst{\sp{\sn wzDescription}{\sv alt text}}{\shptxt box\par}}{\shprslt old}}\par}";
    let got: Vec<_> = segments(&read(rtf)).into_iter().map(|s| (s.0, s.3)).collect();
    assert_eq!(
        got,
        vec![
            ("header".to_owned(), "机密".to_owned()),
            ("body".to_owned(), "alt text".to_owned()),
            ("body".to_owned(), "box".to_owned()),
            ("body".to_owned(), "old".to_owned()),
        ]
    );
}

#[test]
fn embedded_objects_are_members() {
    let native = b"PK\x03\x04hello";
    let mut ole1 = vec![1, 5, 0, 0, 2, 0, 0, 0, 15, 0, 0, 0];
    ole1.extend_from_slice(b"Excel.Sheet.12\0");
    ole1.extend_from_slice(&[0; 8]);
    ole1.extend_from_slice(&(native.len() as u32).to_le_bytes());
    ole1.extend_from_slice(native);
    let hex: String = ole1.iter().map(|b| format!("{b:02x}")).collect();
    let rtf =
        format!(r"{{\rtf1{{\object\objemb{{\*\objclass Excel.Sheet.12}}{{\*\objdata {hex}}}{{\result shown}}}}\par}}");
    let c = read(&rtf);
    assert_eq!(c.members, vec![("object1".to_owned(), native.to_vec())]);
    assert_eq!(texts(&c), vec!["shown"]);
}

#[test]
fn malformed_input_reads_on_or_fails_cleanly() {
    // Unbalanced braces either way, a cut escape, a huge \uc.
    assert_eq!(texts(&read(r"{\rtf1 a}}b\par")), vec!["ab"]);
    assert_eq!(texts(&read(r"{\rtf1{{ a\'b")), vec![" ab"]);
    // A huge \uc is capped (at 16): the fallback skipped is bounded, control words count in it.
    assert_eq!(texts(&read(r"{\rtf1\uc99999\u26426 abc\par 0123456789abcdefghij}")), vec!["机cdefghij"]);
    let deep = format!("{{\\rtf1{}x", "{".repeat(100_000));
    let err = extract(deep.as_bytes(), &Limits::default(), &mut Collected::default()).unwrap_err();
    match err {
        ExtractError::LimitExceeded { kind: crate::LimitKind::NestingDepth, limit, seen, at: Some(at), .. } => {
            assert_eq!(seen, limit + 1);
            // The place is the brace that went one level too deep, after `{\rtf1` and `limit` braces.
            assert_eq!(at, 6 + limit, "{at}");
        }
        other => panic!("{other:?}"),
    }
    assert!(extract(b"not rtf", &Limits::default(), &mut Collected::default()).is_err());
    // A BOM and blank lines before the header are accepted.
    assert_eq!(texts(&read("\u{FEFF}\r\n{\\rtf1 ok\\par}")), vec!["ok"]);
}

#[test]
fn undecodable_bytes_need_review() {
    let c = read(r"{\rtf1\ansicpg936 \'ff\'ff\par}");
    assert!(c.coverage.iter().any(|n| n.needs_review), "{:?}", c.coverage);
}

#[test]
fn mutated_documents_never_panic_and_never_invent_text() {
    let seed = format!(
        r"{HEAD}{{\info{{\title {}}}}}{{\header x\par}}\uc2\u26426\'bb\'fa{{\field{{\*\fldinst A}}{{\fldrslt B}}}}{{\*\atnauthor Z}}{{\*\annotation c}}{{\shp{{\*\shpinst{{\sp{{\sn gtextUNICODE}}{{\sv W}}}}}}}}{{\object{{\*\objdata 0105000002000000}}}}{{\pict\bin2 ab}}\par}}",
        gbk("标题")
    );
    crate::testing::mutations(seed.as_bytes(), 3000, extract, |input, sink| {
        let chars: usize = sink.segments.iter().map(|s| s.text.chars().count()).sum();
        assert!(chars <= input.len(), "{chars} characters from {input:?}");
    });
}

#[test]
fn destinations_inside_skipped_ones_stay_skipped_and_docvars_are_read() {
    let rtf = format!(
        r"{{\rtf1\ansi\ansicpg936{{\info{{\title {{\b \u26426?}}\u23494?}}}}{{\*\unknown {{\header hidden}}{{\footnote hidden}}}}{{\*\docvar {{{}}}{{{}}}}}body\par}}",
        gbk("密级"),
        gbk("机密")
    );
    let got: Vec<_> = segments(&read(&rtf)).into_iter().map(|s| (s.0, s.1, s.3)).collect();
    assert_eq!(
        got,
        vec![
            ("info".to_owned(), Some("title".to_owned()), "机密".to_owned()),
            ("info".to_owned(), Some("docvar".to_owned()), "密级\n机密\n".to_owned()),
            ("body".to_owned(), None, "body".to_owned())
        ]
    );
}

#[test]
fn a_paragraph_cut_by_text_that_does_not_show_is_read_again_as_shown() {
    let head = r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}{\colortbl;\red0\green0\blue0;\red255\green255\blue255;}";
    for cut in [r"{\v X}", r"{\deleted X}", r"{\fs2 X}", r"{\cf2 X}", r"\v X\v0 "] {
        let cut = cut.replace('X', &gbk("公开"));
        let rtf = format!(r"{head}\pard {}\par\pard {}{cut}{}\par}}", gbk("正文"), gbk("机"), gbk("密★1年"));
        let c = read(&rtf);
        let got: Vec<_> =
            c.segments.iter().map(|s| (s.location.paragraph, s.location.field.as_deref(), s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![(Some(1), None, "正文"), (Some(2), None, "机公开密★1年"), (Some(2), Some("as shown"), "机密★1年")],
            "{cut}"
        );
    }
    // Black text, 10pt text, hidden text at the end, text shown again after `\plain`: one reading.
    for cut in [r"{\cf1 X}", r"{\fs20 X}", r"\plain X"] {
        let cut = cut.replace('X', &gbk("公开"));
        let rtf = format!(r"{head}\pard {}{cut}{}\par}}", gbk("机"), gbk("密"));
        assert_eq!(read(&rtf).segments.len(), 1, "{cut}");
    }
    let rtf = format!(r"{head}\pard {}{{\v {}}}\par}}", gbk("通知"), gbk("秘密"));
    assert_eq!(read(&rtf).segments.len(), 1);
}

#[test]
fn picture_alt_text_form_fields_old_numbering_and_unicode_halves() {
    // What Word shows that sits in containers once skipped whole: a picture's alternative text
    // (`\*\picprop` in `\pict`, in `\*\shppict`; its data and the `\nonshppict` copy are not
    // text), a text form field's default (`\*\formfield` in the field instruction), the text
    // an old-style number carries (`\*\pn`), and the Unicode half of `\upr` (not the ANSI one).
    let rtf = r"{\rtf1\ansi{\*\shppict{\pict{\*\picprop\shplid1025{\sp{\sn wzDescription}{\sv \u26426?\u23494?}}}\pngblip 89504e47}}{\nonshppict{\pict\wmetafile8 0100}}\par{\field{\*\fldinst FORMTEXT {\*\formfield{\fftype0{\*\ffname Text1}{\*\ffdeftext default}}}}{\fldrslt shown}}\par{\*\pn\pnlvlblt{\pntxtb before}}item\par{\upr{ansi}{\*\ud{\u31192?\u23494?}}}\par}";
    let got: Vec<_> = segments(&read(rtf)).into_iter().map(|s| (s.0, s.3)).collect();
    let want =
        [("body", "机密"), ("fields", "FORMTEXT default"), ("body", "shown"), ("body", "beforeitem"), ("body", "秘密")];
    assert_eq!(got, want.map(|(p, t)| (p.to_owned(), t.to_owned())));
}

#[test]
fn list_number_texts_and_equations_are_read() {
    // A list level's number text shows before every item of the level (`\'05` is its length,
    // `\'00` the level's number, 1 for the first item, `;` its end); a number alone adds
    // nothing; the same text in two lists is read once. An equation's text is shown in the
    // paragraph.
    let level = |text: &str| {
        format!(r"{{\listlevel\levelnfc0{{\leveltext\leveltemplateid1\'05{text}\'00;}}{{\levelnumbers\'05;}}}}")
    };
    let rtf = format!(
        r"{{\rtf1\ansi{{\*\listtable{{\list\listtemplateid1{}{}\listid1}}{{\list{}\listid2}}}}\pard item\par {{\mmath{{\*\moMathPara{{\*\moMath{{\mr \u26426?\u23494?}}}}}}}}\par {{\*\moMath{{\*\mf{{\*\mfPr{{\mtype noBar}}}}{{\*\mnum{{\*\mr \u31192?}}}}{{\*\mden{{\*\mr \u23494?}}}}}}}}\par}}",
        level(r"\u26426?\u23494?\u9733?"),
        level(""),
        level(r"\u26426?\u23494?\u9733?")
    );
    let got: Vec<_> = segments(&read(&rtf)).into_iter().map(|s| (s.0, s.1, s.3)).collect();
    let want = [
        ("lists", Some("numbering"), "机密★1"),
        ("body", None, "item"),
        ("body", None, "机密"),
        ("body", None, "秘密"),
    ];
    assert_eq!(got, want.map(|(p, f, t)| (p.to_owned(), f.map(str::to_owned), t.to_owned())));
}

#[test]
fn shape_names_and_hyperlinks() {
    // The Selection Pane lists a shape's name (not the one Word gives); a click on the shape
    // follows its hyperlink (escapes decoded).
    let rtf = r"{\rtf1\ansi\pard text{\shp{\*\shpinst{\sp{\sn wzName}{\sv \u26426?\u23494?}}{\sp{\sn pihlShape}{\sv {\*\hl{\hlfr link}{\hlsrc https://example.org/%E7%A7%98}}}}}}{\shp{\*\shpinst{\sp{\sn wzName}{\sv Text Box 2}}}}\par}";
    let got: Vec<_> = segments(&read(rtf)).into_iter().map(|s| (s.0, s.1, s.3)).collect();
    let want = [
        ("shapes", Some("shape name"), "机密"),
        ("shapes", Some("hyperlink"), "link\nhttps://example.org/秘"),
        ("body", None, "text"),
    ];
    assert_eq!(got, want.map(|(p, f, t)| (p.to_owned(), f.map(str::to_owned), t.to_owned())));
}

#[test]
fn style_names_and_the_template_are_read() {
    // The author's style names (the Styles pane; Word's own are English) and the attached
    // template's path.
    let rtf = r"{\rtf1\ansi{\stylesheet{\s0 Normal;}{\s1\snext0 \u26426?\u23494?\u27491?\u25991?;}{\*\cs2 Default Paragraph Font;}}{\*\template C:\\\u31192?\u23494?.dot}\pard text\par}";
    let got: Vec<_> = segments(&read(rtf)).into_iter().map(|s| (s.0, s.1, s.3)).collect();
    let want = [
        ("styles", Some("style name"), "机密正文"),
        ("info", Some("template"), "C:\\秘密.dot"),
        ("body", None, "text"),
    ];
    assert_eq!(got, want.map(|(p, f, t)| (p.to_owned(), f.map(str::to_owned), t.to_owned())));
}

/// A metafile picture (`\emfblip`, `\wmetafile8`) holds the text it draws: read as part
/// `picture N`, in hex or after `\bin`; a metafile drawing no text adds nothing (a PNG is
/// `picture 1`, read by the picture code).
#[test]
fn metafile_pictures_are_read_for_the_text_they_draw() {
    let emf = crate::metafile::emf_drawing(&[(0, 100, "机密★1年")]);
    let hex: String = emf.iter().map(|b| format!("{b:02x}")).collect();
    let wrapped: String = hex.as_bytes().chunks(64).map(|c| format!("{}\n", std::str::from_utf8(c).unwrap())).collect();
    let blank = crate::metafile::emf_drawing(&[]);
    let blank_hex: String = blank.iter().map(|b| format!("{b:02x}")).collect();
    let rtf = format!(
        r"{HEAD}{{\pict\pngblip\picw10\pich10 89504e47}}{{\pict\emfblip\picw10\pich10 {wrapped}}}{{\pict\wmetafile8 {blank_hex}}}\pard {}\par}}",
        gbk("正文")
    );
    let c = read(&rtf);
    let pictures: Vec<(String, String)> = c
        .segments
        .iter()
        .filter(|s| s.location.part.starts_with("picture"))
        .map(|s| (s.location.part.clone(), s.text.clone()))
        .collect();
    assert_eq!(pictures, [("picture 2".to_owned(), "机密★1年".to_owned())]);
    assert!(texts(&c).contains(&"正文"), "{:?}", texts(&c));
    // The same picture after `\bin` (raw bytes of the stated length).
    let mut bytes = format!(r"{HEAD}{{\pict\emfblip\bin{} ", emf.len()).into_bytes();
    bytes.extend_from_slice(&emf);
    bytes.extend_from_slice(br"}\pard x\par}");
    let mut sink = Collected::default();
    extract(&bytes, &Limits::default(), &mut sink).unwrap();
    assert!(
        sink.segments.iter().any(|s| s.location.part == "picture 1" && s.text == "机密★1年"),
        "{:?}",
        sink.segments
    );
}

/// Pictures other than metafiles go to the picture code wherever they sit: a PNG in
/// `\*\shppict`, a JPEG in the `\nonshppict` copy, a device-independent bitmap in an object's
/// result, a device-dependent bitmap. Without OCR each is noted as not read, part `picture N`,
/// and a file of little text besides needs review as mostly pictures.
#[test]
fn other_pictures_go_to_the_picture_code() {
    let rtf = format!(
        r"{HEAD}{{\*\shppict{{\pict\pngblip 89504e47}}}}{{\nonshppict{{\pict\jpegblip ffd8ff}}}}{{\object{{\*\objdata 01}}{{\result{{\pict\dibitmap0 28000000}}}}}}{{\pict\wbitmap0 00}}\pard {}\par}}",
        gbk("正文")
    );
    let mut sink = Collected::default();
    crate::extract(rtf.as_bytes(), crate::Format::Rtf, &Limits::default(), &mut sink).unwrap();
    let pictures: Vec<(String, Option<Unread>)> = sink
        .coverage
        .iter()
        .filter(|n| n.part.starts_with("picture"))
        .map(|n| (n.part.clone(), n.reason.clone()))
        .collect();
    let want: Vec<(String, Option<Unread>)> =
        (1..=4).map(|n| (format!("picture {n}"), Some(Unread::Picture))).collect();
    assert_eq!(pictures, want);
    let mostly = sink.coverage.iter().find(|n| n.part == "(pictures)");
    assert!(mostly.is_some_and(|n| n.needs_review), "{:?}", sink.coverage);
}

/// A level text of 3,000 characters numbering 1,000 paragraphs (70 KB of RTF) would add three
/// million characters of labels: they stop at the allowance, the body says so once (review), and
/// every paragraph is still read.
#[test]
fn list_labels_stop_at_their_allowance_and_say_so() {
    use crate::list_labels::MAX_LABEL_BYTES;
    use mijian_core::{Cap, CoverageNote, Unread};
    let text = r"\u26426?".repeat(3000);
    let rtf = format!(
        r"{{\rtf1\ansi{{\*\listtable{{\list{{\listlevel\levelnfc0{{\leveltext\'05{text}\'00;}}}}\listid1}}}}{{\*\listoverridetable{{\listoverride\listid1\ls1}}}}{}}}",
        r"\pard\ls1 x\par ".repeat(1000)
    );
    let c = read(&rtf);
    let labels: Vec<&str> = c
        .segments
        .iter()
        .filter(|s| s.location.field.as_deref() == Some("list label"))
        .map(|s| s.text.strip_suffix('x').unwrap().trim_end())
        .collect();
    assert!(labels[0].starts_with('机') && labels[0].ends_with("机1"), "{}", &labels[0][labels[0].len() - 8..]);
    let bytes: usize = labels.iter().map(|l| l.len()).sum();
    assert!(bytes <= MAX_LABEL_BYTES && bytes > MAX_LABEL_BYTES - 9010, "{bytes} bytes of labels");
    let note = CoverageNote::unread("body", Unread::Limit(Cap::ListLabels));
    assert_eq!(c.coverage.iter().filter(|n| **n == note).count(), 1);
    assert_eq!(c.segments.iter().filter(|s| s.text == "x").count(), 1000);
}
