//! Text objects whose font draws something other than their `TextCode` says: through a glyph
//! transform (`CGTransform`) or through the embedded font's `cmap`. The page is read a second time
//! as drawn (field `as drawn`); each lying file has an honest twin that gives no second reading.

use mijian_core::{Collected, CoverageNote, Unread};

use super::{read, NS};
use crate::testing::{font_program, zip};

/// Glyphs 1–5 draw 机 密 ★ 1 年; 6 the Kangxi radical ⼀ (U+2F00); 7 and 8 甲 乙.
const GLYPHS: [(char, u16); 8] =
    [('机', 1), ('密', 2), ('★', 3), ('1', 4), ('年', 5), ('\u{2F00}', 6), ('甲', 7), ('乙', 8)];

/// A text object in font 3 at the top of the body: `inner` holds its transforms and `TextCode`s.
fn object(inner: &str) -> String {
    format!(r#"<ofd:TextObject ID="9" Boundary="30 40 100 6" Font="3" Size="5">{inner}</ofd:TextObject>"#)
}

/// A glyph transform of the characters `position..position + count` into `glyphs`.
fn transform(position: usize, count: usize, glyphs: &str) -> String {
    let n = glyphs.split_whitespace().count();
    format!(
        r#"<ofd:CGTransform CodePosition="{position}" CodeCount="{count}" GlyphCount="{n}"><ofd:Glyphs>{glyphs}</ofd:Glyphs></ofd:CGTransform>"#
    )
}

fn code(text: &str) -> String {
    format!(r#"<ofd:TextCode X="0" Y="4.5">{text}</ofd:TextCode>"#)
}

/// A one-page OFD whose page holds `objects`; font 3 is a resource of `PublicRes.xml` (base
/// `Res`) whose `FontFile` is `font_3.ttf`, held as `Doc_0/Res/font_3.ttf` when `program` is
/// given (`file` false: a font resource without `FontFile`, which the viewer finds by name).
fn package(objects: &str, program: Option<&[u8]>, file: bool) -> Vec<u8> {
    let entry = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>abc</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages><ofd:Page ID="10" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#
    );
    let font_file = if file { "<ofd:FontFile>font_3.ttf</ofd:FontFile>" } else { "" };
    let resources = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="Test">{font_file}</ofd:Font></ofd:Fonts></ofd:Res>"#
    );
    let page = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
    );
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("OFD.xml", entry.into_bytes()),
        ("Doc_0/Document.xml", document.into_bytes()),
        ("Doc_0/PublicRes.xml", resources.into_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", page.into_bytes()),
    ];
    if let Some(program) = program {
        entries.push(("Doc_0/Res/font_3.ttf", program.to_vec()));
    }
    zip(&entries)
}

/// The body's first line and the `as drawn` segments' texts.
fn readings(c: &Collected) -> (String, Vec<String>) {
    let body = c.segments.iter().find(|s| s.location.part == "page" && s.location.field.is_none());
    let first = body.and_then(|s| s.text.lines().next()).unwrap_or_default().to_owned();
    let drawn =
        c.segments.iter().filter(|s| s.location.field.as_deref() == Some("as drawn")).map(|s| s.text.clone()).collect();
    (first, drawn)
}

/// The unread notes that ask a person to look because glyphs cannot be read.
fn glyph_notes(c: &Collected) -> Vec<&CoverageNote> {
    c.coverage.iter().filter(|n| matches!(n.reason, Some(Unread::MissingPart | Unread::Damaged))).collect()
}

#[test]
fn a_glyph_transform_that_draws_other_characters_is_read_again_as_drawn() {
    let font = font_program(&GLYPHS);
    let lying = object(&(transform(0, 2, "1 2") + &code("甲乙★1年")));
    let c = read(&package(&lying, Some(&font), true));
    assert_eq!(readings(&c), ("甲乙★1年".into(), vec!["机密★1年".into()]), "the text is still read");
    assert!(glyph_notes(&c).is_empty());

    // The honest twin: the transform draws what the text says.
    let honest = object(&(transform(0, 2, "1 2") + &code("机密★1年")));
    assert_eq!(readings(&read(&package(&honest, Some(&font), true))), ("机密★1年".into(), vec![]));
}

#[test]
fn positions_count_across_the_text_codes_of_an_object() {
    // 甲 is the object's character 0, 乙 its character 1 (the second TextCode's first).
    let font = font_program(&GLYPHS);
    let inner =
        transform(0, 1, "1") + &transform(1, 1, "2") + &code("甲") + &code("乙★1年").replace("X=\"0\"", "X=\"5\"");
    assert_eq!(readings(&read(&package(&object(&inner), Some(&font), true))).1, vec!["机密★1年".to_owned()]);
}

#[test]
fn a_cmap_that_gives_a_character_another_characters_glyph_is_read_as_drawn() {
    // 甲 and 乙 are drawn with the glyphs of 机 and 密: the page shows 机密★1年.
    let lying = font_program(&[('机', 1), ('甲', 1), ('密', 2), ('乙', 2), ('★', 3), ('1', 4), ('年', 5)]);
    let text = object(&code("甲乙★1年"));
    assert_eq!(readings(&read(&package(&text, Some(&lying), true))), ("甲乙★1年".into(), vec!["机密★1年".into()]));
    // The honest twin: each character has its own glyph.
    let honest = font_program(&GLYPHS);
    assert_eq!(readings(&read(&package(&text, Some(&honest), true))), ("甲乙★1年".into(), vec![]));
}

#[test]
fn disagreements_folding_erases_are_none() {
    // The glyph is the Kangxi radical ⼀ where the text says 一; white space drawn as nothing.
    let font = font_program(&GLYPHS);
    let inner = transform(0, 1, "6") + &code("一二");
    assert_eq!(readings(&read(&package(&object(&inner), Some(&font), true))).1, Vec::<String>::new());
}

#[test]
fn glyphs_that_cannot_be_read_need_a_person_only_where_the_font_is_missing_or_no_font() {
    let lying = object(&(transform(0, 2, "1 2") + &code("甲乙★1年")));
    // Named but not in the package: a person looks.
    let c = read(&package(&lying, None, true));
    assert_eq!(readings(&c), ("甲乙★1年".into(), vec![]));
    assert_eq!(glyph_notes(&c), vec![&CoverageNote::unread("Res/font_3.ttf", Unread::MissingPart)]);
    // Bytes that are no font: the same.
    let c = read(&package(&lying, Some(b"not a font at all"), true));
    assert_eq!(glyph_notes(&c), vec![&CoverageNote::unread("Doc_0/Res/font_3.ttf", Unread::Damaged)]);
    // The same fonts without a transform: the viewer draws the characters with a font it has.
    let plain = object(&code("甲乙★1年"));
    assert!(glyph_notes(&read(&package(&plain, None, true))).is_empty());
    assert!(glyph_notes(&read(&package(&plain, Some(b"not a font at all"), true))).is_empty());

    // A font that says nothing of its glyphs (no cmap, no names: the usual subset written for
    // transforms), or one that is not embedded: nothing can be checked, and nothing is noted.
    let silent = font_program(&[]);
    for c in [read(&package(&lying, Some(&silent), true)), read(&package(&lying, None, false))] {
        assert_eq!(readings(&c), ("甲乙★1年".into(), vec![]));
        assert!(glyph_notes(&c).is_empty(), "{:?}", glyph_notes(&c));
    }
}
