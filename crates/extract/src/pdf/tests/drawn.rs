//! Fonts whose text layer (`/ToUnicode`) says something other than the glyphs draw: the page is
//! read a second time as drawn (field `as drawn`), where the font program says which character
//! each glyph is. Each lying font has an honest twin that gives no second reading.

use mijian_core::Collected;

use super::{body, obj, one_page, read, stream};
use crate::testing::font_program;

/// The glyphs of the test font: gid 1–5 draw 机 密 ★ 1 年; 6 the Kangxi radical ⼀ (U+2F00);
/// 7 the ligature ﬁ; 8 a private-use character.
const GLYPHS: [(char, u16); 8] =
    [('机', 1), ('密', 2), ('★', 3), ('1', 4), ('年', 5), ('\u{2F00}', 6), ('\u{FB01}', 7), ('\u{E000}', 8)];

/// A `/ToUnicode` CMap of two-byte codes with `entries` (code, UTF-16BE hex).
fn to_unicode(entries: &[(u16, &str)]) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    s.push_str(&format!("{} beginbfchar\n", entries.len()));
    for (code, hex) in entries {
        s.push_str(&format!("<{code:04X}> <{hex}>\n"));
    }
    s.push_str("endbfchar\nendcmap end end");
    stream("", s.as_bytes())
}

/// A one-page file: an Identity-H font (object 5) over a TrueType CID font (8) embedding the
/// test font (9), with `entries` as its `/ToUnicode` (7), showing `content`; `cid_font` is added
/// to the CID font's dictionary and `extra` objects follow from 10.
fn composite(entries: &[(u16, &str)], content: &str, cid_font: &str, extra: &[Vec<u8>]) -> Collected {
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding /Identity-H \
                /DescendantFonts [8 0 R] /ToUnicode 7 0 R >>";
    let descendant = obj(&format!(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Test \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 \
         /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 4 /FontFile2 9 0 R >> {cid_font} >>"
    ));
    let mut objects = vec![to_unicode(entries), descendant, stream("", &font_program(&GLYPHS))];
    objects.extend_from_slice(extra);
    read(&one_page(font, content.as_bytes(), "", &objects)).unwrap()
}

/// The texts of the `as drawn` segments.
fn as_drawn(c: &Collected) -> Vec<&str> {
    c.segments.iter().filter(|s| s.location.field.as_deref() == Some("as drawn")).map(|s| s.text.as_str()).collect()
}

/// 机密★1年 as the test font's glyph ids.
const MARK: &str = "BT /F1 16 Tf 72 700 Td <00010002000300040005> Tj ET";
const HONEST: [(u16, &str); 5] = [(1, "673A"), (2, "5BC6"), (3, "2605"), (4, "0031"), (5, "5E74")];

#[test]
fn a_to_unicode_that_names_other_characters_is_read_again_as_drawn() {
    let lying = [(1, "7532"), (2, "4E59"), (3, "2605"), (4, "0031"), (5, "5E74")];
    let c = composite(&lying, MARK, "", &[]);
    assert_eq!(body(&c).lines().next(), Some("甲乙★1年"), "the text layer is still read");
    assert_eq!(as_drawn(&c), vec!["机密★1年"]);

    let c = composite(&HONEST, MARK, "", &[]);
    assert_eq!(body(&c), "机密★1年");
    assert!(as_drawn(&c).is_empty(), "an honest font is read once: {:?}", as_drawn(&c));
}

#[test]
fn glyphs_the_text_layer_maps_to_nothing_or_leaves_out_are_read_as_drawn() {
    // Codes 1 and 2 map to a control character (no text) and are absent, the rest honest.
    let c = composite(&[(1, "0001"), (3, "2605"), (4, "0031"), (5, "5E74")], MARK, "", &[]);
    assert_eq!(as_drawn(&c), vec!["机密★1年"]);
}

#[test]
fn a_cid_to_gid_map_is_followed_to_the_glyph_drawn() {
    // CID 1 draws glyph 2 (密) and CID 2 glyph 1 (机); the text layer says 密机 for them.
    let map = stream("", &[0, 0, 0, 2, 0, 1, 0, 3, 0, 4, 0, 5]);
    let entries = [(1, "5BC6"), (2, "673A"), (3, "2605"), (4, "0031"), (5, "5E74")];
    let c = composite(&entries, MARK, "/CIDToGIDMap 10 0 R", std::slice::from_ref(&map));
    assert_eq!(body(&c), "密机★1年");
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
    // The same map with the text layer naming the CIDs as if they were glyph ids: it lies.
    let c = composite(&HONEST, MARK, "/CIDToGIDMap 10 0 R", &[map]);
    assert_eq!(as_drawn(&c), vec!["密机★1年"]);
}

#[test]
fn disagreements_folding_erases_or_that_draw_nothing_readable_are_none() {
    // ⼀ (Kangxi radical) read as 一, ﬁ read as "fi", a private-use glyph read as A.
    let entries = [(6, "4E00"), (7, "00660069"), (8, "0041")];
    let c = composite(&entries, "BT /F1 16 Tf 72 700 Td <000600070008> Tj ET", "", &[]);
    assert_eq!(body(&c), "一fiA");
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
}

#[test]
fn a_simple_font_whose_differences_name_other_glyphs_is_read_as_drawn() {
    // Codes 1 and 2 name the glyphs uni673A and uni5BC6 (机密); the text layer says 甲乙.
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <00> <FF> endcodespacerange\n\
        2 beginbfchar <01> <7532> <02> <4E59> endbfchar\nendcmap end end";
    let font = "<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Test /FirstChar 1 /LastChar 2 \
                /Widths [1000 1000] /Encoding << /Differences [1 /uni673A /uni5BC6] >> /ToUnicode 7 0 R \
                /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 32 /FontFile2 8 0 R >> >>";
    let content = b"BT /F1 16 Tf 72 700 Td <0102> Tj ET";
    let c = read(&one_page(font, content, "", &[stream("", cmap), stream("", &font_program(&GLYPHS))])).unwrap();
    assert_eq!(body(&c).lines().next(), Some("甲乙"));
    assert_eq!(as_drawn(&c), vec!["机密"]);
    // Not embedded: the viewer substitutes a font, and nothing says what it draws.
    let bare = font.replace("/FontFile2 8 0 R", "");
    let c = read(&one_page(&bare, content, "", &[stream("", cmap)])).unwrap();
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
}

#[test]
fn glyphs_under_a_harmless_actual_text_are_read_too() {
    // The ActualText says 公开 (what copying gives); the glyphs draw 机密★1年.
    let content = format!("/Span << /ActualText (\\376\\377\\121\\154\\137\\000) >> BDC {MARK} EMC");
    let c = composite(&HONEST, &content, "", &[]);
    assert!(body(&c).contains("机密★1年"), "{}", body(&c));
    assert!(body(&c).contains("公开"), "{}", body(&c));
}
