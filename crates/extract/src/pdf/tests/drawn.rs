//! Fonts whose text layer (`/ToUnicode`) says something other than the glyphs draw: the page is
//! read a second time as drawn (field `as drawn`), where the font program says which character
//! each glyph is. Each lying font has an honest twin that gives no second reading.

use mijian_core::Collected;

use super::{body, obj, one_page, read, stream};
use crate::testing::{cff, font_program};

/// The glyphs of the test font: gid 1–5 draw 机 密 ★ 1 年; 6 the Kangxi radical ⼀ (U+2F00);
/// 7 the ligature ﬁ; 8 a private-use character.
const GLYPHS: [(char, u16); 8] =
    [('机', 1), ('密', 2), ('★', 3), ('1', 4), ('年', 5), ('\u{2F00}', 6), ('\u{FB01}', 7), ('\u{E000}', 8)];

/// A `/ToUnicode` CMap of two-byte codes with `entries` (code, UTF-16BE hex).
fn to_unicode_cmap(entries: &[(u16, &str)]) -> Vec<u8> {
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
    composite_font(font, entries, content, cid_font, extra)
}

/// [`composite`] with `encoding` (a reference to one of `extra`) as the font's `/Encoding`.
fn composite_encoded(entries: &[(u16, &str)], content: &str, encoding: &str, extra: &[Vec<u8>]) -> Collected {
    let font = format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding {encoding} \
         /DescendantFonts [8 0 R] /ToUnicode 7 0 R >>"
    );
    composite_font(&font, entries, content, "", extra)
}

fn composite_font(font: &str, entries: &[(u16, &str)], content: &str, cid_font: &str, extra: &[Vec<u8>]) -> Collected {
    let descendant = obj(&format!(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Test \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 \
         /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 4 /FontFile2 9 0 R >> {cid_font} >>"
    ));
    let mut objects = vec![to_unicode_cmap(entries), descendant, stream("", &font_program(&GLYPHS))];
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

/// The Adobe-GB1 CIDs of 机 密 ★ 1 年 (by `cid_unicode/gb1.bin`, Adobe's UniGB-UTF32 inverted).
const GB1_MARK: [u16; 5] = [2063, 2785, 174, 18, 2893];

/// A one-page file showing `content` in an Identity-H font (object 5) over a `CIDFontType0`
/// embedding `program` as `/FontFile3` of `/Subtype file_type` (object 8), its PDF
/// `/CIDSystemInfo` naming `ordering`, with `entries` as `/ToUnicode` (7), or none when empty.
fn cff_composite(entries: &[(u16, &str)], content: &str, program: &[u8], file_type: &str, ordering: &str) -> Collected {
    let to_unicode = if entries.is_empty() { "" } else { "/ToUnicode 7 0 R" };
    let font = format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Song /Encoding /Identity-H \
         /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+Song \
         /CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement 0 >> /DW 1000 \
         /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Song /Flags 4 /FontFile3 8 0 R >> >>] {to_unicode} >>"
    );
    let objects = [to_unicode_cmap(entries), stream(&format!("/Subtype /{file_type}"), program)];
    read(&one_page(&font, content.as_bytes(), "", &objects)).unwrap()
}

/// 机密★1年 as the Adobe-GB1 CIDs of [`GB1_MARK`].
fn gb1_mark() -> String {
    let hex: String = GB1_MARK.iter().map(|c| format!("{c:04X}")).collect();
    format!("BT /F1 16 Tf 72 700 Td <{hex}> Tj ET")
}

#[test]
fn a_cid_keyed_cff_font_is_read_as_its_collection_draws_the_cids() {
    // The program's glyphs 1–5 have the CIDs of 机密★1年 in Adobe-GB1, and its ROS says GB1.
    let program = cff::cid_keyed("GB1", &GB1_MARK);
    let said = |first: &'static str, second: &'static str| {
        [first, second, "2605", "0031", "5E74"].into_iter().zip(GB1_MARK).map(|(u, cid)| (cid, u)).collect::<Vec<_>>()
    };
    let c = cff_composite(&said("7532", "4E59"), &gb1_mark(), &program, "CIDFontType0C", "GB1");
    assert_eq!(body(&c).lines().next(), Some("甲乙★1年"), "the text layer is still read");
    assert_eq!(as_drawn(&c), vec!["机密★1年"]);
    // Nothing for the two ideographs in the text layer.
    let c = cff_composite(&said("0001", "0001"), &gb1_mark(), &program, "CIDFontType0C", "GB1");
    assert_eq!(as_drawn(&c), vec!["机密★1年"]);

    let c = cff_composite(&said("673A", "5BC6"), &gb1_mark(), &program, "CIDFontType0C", "GB1");
    assert_eq!(body(&c), "机密★1年");
    assert!(as_drawn(&c).is_empty(), "an honest font is read once: {:?}", as_drawn(&c));
}

#[test]
fn without_a_text_layer_a_cid_keyed_font_reads_by_its_own_collection() {
    // The PDF says the CIDs are Identity; the program's ROS says GB1, and that is what it draws.
    let program = cff::cid_keyed("GB1", &GB1_MARK);
    let c = cff_composite(&[], &gb1_mark(), &program, "CIDFontType0C", "Identity");
    assert_eq!(body(&c), "机密★1年");
}

#[test]
fn a_cid_keyed_font_of_no_known_collection_says_nothing() {
    // An Identity ROS numbers glyphs, not characters: the text layer cannot be checked.
    let program = cff::cid_keyed("Identity", &GB1_MARK);
    let lying: Vec<(u16, &str)> = GB1_MARK.iter().map(|cid| (*cid, "7532")).collect();
    let c = cff_composite(&lying, &gb1_mark(), &program, "CIDFontType0C", "GB1");
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
    // Nor can a program that is no font.
    let c = cff_composite(&lying, &gb1_mark(), b"not a font", "CIDFontType0C", "GB1");
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
}

#[test]
fn a_name_keyed_cff_font_in_a_cid_font_is_read_by_glyph_names() {
    // CIDs are glyph ids (PDF 32000 §9.7.4.2); glyphs 1–5 are named uni673A uni5BC6 star one u5E74.
    let program = cff::name_keyed(&["uni673A", "uni5BC6", "uni2605", "one", "u5E74"], &[]);
    let c = composite_cff_names(&program, &[(1, "7532"), (2, "4E59"), (3, "2605"), (4, "0031"), (5, "5E74")]);
    assert_eq!(as_drawn(&c), vec!["机密★1年"]);
    let c = composite_cff_names(&program, &HONEST);
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
}

fn composite_cff_names(program: &[u8], entries: &[(u16, &str)]) -> Collected {
    cff_composite(entries, MARK, program, "CIDFontType0C", "Identity")
}

/// A simple font (object 5) embedding `program` under `font_file` with `/ToUnicode` (7) saying
/// 甲乙 for codes 1 and 2, or without one when `lying` is false, and `encoding` as its
/// `/Encoding` entry (may be empty); the page shows codes 1 and 2.
fn simple(program: &[u8], font_file: &str, encoding: &str, lying: bool) -> Collected {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <00> <FF> endcodespacerange\n\
        2 beginbfchar <01> <7532> <02> <4E59> endbfchar\nendcmap end end";
    let to_unicode = if lying { "/ToUnicode 7 0 R" } else { "" };
    let font = format!(
        "<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Test /FirstChar 1 /LastChar 2 /Widths [1000 1000] \
         {encoding} {to_unicode} /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 4 {font_file} 8 0 R >> >>"
    );
    let file_type = if font_file == "/FontFile3" { "/Subtype /Type1C" } else { "" };
    let content = b"BT /F1 16 Tf 72 700 Td <0102> Tj ET";
    read(&one_page(&font, content, "", &[stream("", cmap), stream(file_type, program)])).unwrap()
}

#[test]
fn a_type1c_font_s_own_encoding_says_what_a_code_draws() {
    // The CFF encoding gives codes 1 and 2 the glyphs uni673A and uni5BC6.
    let program = cff::name_keyed(&["uni673A", "uni5BC6"], &[1, 2]);
    let c = simple(&program, "/FontFile3", "", true);
    assert_eq!(body(&c).lines().next(), Some("甲乙"));
    assert_eq!(as_drawn(&c), vec!["机密"]);
    // Without a text layer, the codes read as the program draws them.
    assert_eq!(body(&simple(&program, "/FontFile3", "", false)), "机密");
    // A dictionary that names a base encoding decides instead of the program (PDF 32000 §9.6.5).
    let c = simple(&program, "/FontFile3", "/Encoding /WinAnsiEncoding", true);
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
}

#[test]
fn a_type1_font_s_builtin_encoding_says_what_a_code_draws() {
    let program = b"%!PS-AdobeFont-1.0: ABCDEF+Test 001.000\n/FontName /ABCDEF+Test def\n\
        /Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
        dup 1 /uni673A put\ndup 2 /uni5BC6 put\nreadonly def\ncurrentfile eexec\n";
    let c = simple(program, "/FontFile", "", true);
    assert_eq!(as_drawn(&c), vec!["机密"]);
    assert_eq!(body(&simple(program, "/FontFile", "", false)), "机密");
    // `/Differences` rename the codes (to what the text layer says, 甲乙): they are drawn so.
    let c = simple(program, "/FontFile", "/Encoding << /Differences [1 /uni7532 /uni4E59] >>", true);
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
    // The standard encoding draws Latin letters where the PDF reads them.
    let standard = b"%!FontType1-1.0: ABCDEF+Test\n/Encoding StandardEncoding def\ncurrentfile eexec\n";
    assert!(as_drawn(&simple(standard, "/FontFile", "", true)).is_empty());
}

/// A Type3 font whose `/Differences` name codes 1 and 2 `names`, each drawn by a procedure in
/// `/CharProcs` that fills a rectangle, with a `/ToUnicode` saying 甲乙.
fn type3(names: [&str; 2]) -> Collected {
    type3_drawing(names, b"1000 0 0 0 1000 1000 d1 0 0 1000 1000 re f")
}

/// [`type3`] with both procedures painting `procedure`.
fn type3_drawing(names: [&str; 2], procedure: &[u8]) -> Collected {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <00> <FF> endcodespacerange\n\
        2 beginbfchar <01> <7532> <02> <4E59> endbfchar\nendcmap end end";
    let [a, b] = names;
    let font = format!(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] \
         /FirstChar 1 /LastChar 2 /Widths [1000 1000] /Encoding << /Differences [1 /{a} /{b}] >> \
         /CharProcs << /{a} 8 0 R /{b} 8 0 R >> /ToUnicode 7 0 R >>"
    );
    let content = b"BT /F1 16 Tf 72 700 Td <0102> Tj ET";
    read(&one_page(&font, content, "", &[stream("", cmap), stream("", procedure)])).unwrap()
}

#[test]
fn a_type3_font_s_glyph_names_say_what_its_procedures_draw() {
    let c = type3(["uni673A", "uni5BC6"]);
    assert_eq!(body(&c).lines().next(), Some("甲乙"));
    assert_eq!(as_drawn(&c), vec!["机密"]);
    // Names that say no character (`/g1`) cannot be checked.
    assert!(as_drawn(&type3(["g1", "g2"])).is_empty());
}

#[test]
fn type3_glyphs_painted_as_pictures_need_a_person() {
    use mijian_core::Unread;
    // Each glyph is an 8×8 inline image: the page may show 机密 where the text layer says 甲乙,
    // and nothing reads the pictures.
    let image = b"1000 0 0 0 1000 1000 d1 q 1000 0 0 1000 0 0 cm BI /W 8 /H 8 /IM true /BPC 1 ID \
        \xff\x00\xff\x00\xff\x00\xff\x00 EI Q";
    for names in [["uni673A", "uni5BC6"], ["g1", "g2"]] {
        let c = type3_drawing(names, image);
        let note = c.coverage.iter().find(|n| n.reason == Some(Unread::PictureGlyphs { count: 2 }));
        assert!(note.is_some_and(|n| n.needs_review && n.part == "page 1"), "{:?}", c.coverage);
    }
    // A procedure that paints an XObject counts too; one that fills paths does not.
    let c = type3_drawing(["g1", "g2"], b"1000 0 0 0 1000 1000 d1 /Im0 Do");
    assert!(c.coverage.iter().any(|n| matches!(n.reason, Some(Unread::PictureGlyphs { .. }))));
    let c = type3(["uni673A", "uni5BC6"]);
    assert!(c.coverage.iter().all(|n| !matches!(n.reason, Some(Unread::PictureGlyphs { .. }))), "{:?}", c.coverage);
}

#[test]
fn codes_that_reach_cids_through_an_embedded_cmap_are_read_as_drawn() {
    // One-byte codes 1–5 are CIDs 1–5 by the font's own CMap, not Identity-H: a way round a
    // check that compared only Identity codes.
    let encoding = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CMapName /Custom def 1 begincodespacerange <00> <FF> endcodespacerange\n\
        1 begincidrange <01> <05> 1 endcidrange\nendcmap end end";
    let said = |first: &str, second: &str| {
        format!(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             1 begincodespacerange <00> <FF> endcodespacerange\n\
             5 beginbfchar <01> <{first}> <02> <{second}> <03> <2605> <04> <0031> <05> <5E74> endbfchar\nendcmap end end"
        )
    };
    let font = "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding 9 0 R \
                /DescendantFonts [8 0 R] /ToUnicode 7 0 R >>";
    let descendant = obj("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Test \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 \
         /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 4 /FontFile2 10 0 R >> >>");
    let content = b"BT /F1 16 Tf 72 700 Td <0102030405> Tj ET";
    let read_with = |first: &str, second: &str| {
        let to_unicode = stream("", said(first, second).as_bytes());
        let objects = [to_unicode, descendant.clone(), stream("", encoding), stream("", &font_program(&GLYPHS))];
        read(&one_page(font, content, "", &objects)).unwrap()
    };
    let c = read_with("7532", "4E59");
    assert_eq!(body(&c).lines().next(), Some("甲乙★1年"));
    assert_eq!(as_drawn(&c), vec!["机密★1年"]);
    let c = read_with("673A", "5BC6");
    assert_eq!(body(&c), "机密★1年");
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
}

#[test]
fn an_embedded_cmap_that_only_uses_identity_h_is_read_as_identity() {
    let encoding = stream(
        "",
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CMapName /Custom def /Identity-H usecmap\nendcmap end end",
    );
    let lying = [(1, "7532"), (2, "4E59"), (3, "2605"), (4, "0031"), (5, "5E74")];
    let c = composite_encoded(&lying, MARK, "10 0 R", std::slice::from_ref(&encoding));
    assert_eq!(as_drawn(&c), vec!["机密★1年"]);
    let c = composite_encoded(&HONEST, MARK, "10 0 R", &[encoding]);
    assert!(as_drawn(&c).is_empty(), "{:?}", as_drawn(&c));
}
