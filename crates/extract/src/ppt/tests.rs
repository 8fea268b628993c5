//! The PPT reader on streams built record by record, as PowerPoint itself writes them
//! (placeholder text in the slide list, referred to from the shapes).

use super::*;
use mijian_core::Collected;

fn rec(word: u16, kind: u16, body: &[u8]) -> Vec<u8> {
    let mut v = word.to_le_bytes().to_vec();
    v.extend(kind.to_le_bytes());
    v.extend((body.len() as u32).to_le_bytes());
    v.extend(body);
    v
}

fn container(kind: u16, children: &[Vec<u8>]) -> Vec<u8> {
    rec(0x000F, kind, &children.concat())
}

fn chars(text: &str) -> Vec<u8> {
    rec(0, kind::TEXT_CHARS, &text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>())
}

/// A shape with the given records inside its client text box, and an optional placeholder kind.
fn shape(placeholder: Option<u8>, text: &[Vec<u8>]) -> Vec<u8> {
    let mut kids = Vec::new();
    if let Some(p) = placeholder {
        kids.push(container(0xF011, &[rec(0, kind::PLACEHOLDER, &[0, 0, 0, 0, p, 0, 0, 0])]));
    }
    kids.push(container(0xF00D, text));
    container(kind::SHAPE, &kids)
}

fn drawing(shapes: &[Vec<u8>]) -> Vec<u8> {
    container(0x040C, &[container(0xF002, &[container(0xF003, shapes)])])
}

fn persist_atom(persist: u32, slide_id: u32) -> Vec<u8> {
    let mut b = persist.to_le_bytes().to_vec();
    b.extend([0u8; 8]);
    b.extend(slide_id.to_le_bytes());
    b.extend([0u8; 4]);
    rec(0, kind::SLIDE_PERSIST, &b)
}

/// A stream: document (persist 1), slide (persist 2), an orphan slide, the persist directory
/// and the user edit; and the `Current User` stream pointing at the edit.
fn presentation(token: u32) -> (Vec<u8>, Vec<u8>) {
    let mut doc_atom = vec![0u8; 40];
    doc_atom[4..8].copy_from_slice(&4320i32.to_le_bytes());
    let slides = container(
        kind::SLIDE_LIST,
        &[persist_atom(2, 256), rec(0, 0x0F9F, &[0, 0, 0, 0]), chars("机密★1年"), chars("未引用的大纲")],
    );
    let headers = container(kind::HEADERS_FOOTERS, &[rec(0x0020, kind::CSTRING, &utf16le("页脚文字"))]);
    let document = container(kind::DOCUMENT, &[rec(0x0001, kind::DOCUMENT_ATOM, &doc_atom), slides, headers]);
    let slide = container(
        kind::SLIDE,
        &[drawing(&[
            shape(Some(13), &[rec(0, kind::OUTLINE_TEXT_REF, &0i32.to_le_bytes())]),
            shape(None, &[rec(0, kind::TEXT_BYTES, b"plain box")]),
            shape(Some(9), &[chars("第1页")]),
        ])],
    );
    let orphan = container(kind::SLIDE, &[drawing(&[shape(None, &[chars("孤儿页")])])]);
    let slide_at = document.len() as u32;
    let dir_at = slide_at + (slide.len() + orphan.len()) as u32;
    let mut dir = (1u32 | (2 << 20)).to_le_bytes().to_vec();
    dir.extend(0u32.to_le_bytes());
    dir.extend(slide_at.to_le_bytes());
    let dir = rec(0, kind::PERSIST_DIRECTORY, &dir);
    let edit_at = dir_at + dir.len() as u32;
    let mut edit = vec![0u8; 28];
    edit[12..16].copy_from_slice(&dir_at.to_le_bytes());
    edit[16..20].copy_from_slice(&1u32.to_le_bytes());
    let stream = [document, slide, orphan, dir, rec(0, kind::USER_EDIT, &edit)].concat();
    let mut user = rec(0, 0x0FF6, &[0u8; 20]);
    user[8..12].copy_from_slice(&20u32.to_le_bytes());
    user[12..16].copy_from_slice(&token.to_le_bytes());
    user[16..20].copy_from_slice(&edit_at.to_le_bytes());
    (stream, user)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// (part, paragraph, field, role, text) of a segment.
type Short<'a> = (&'a str, Option<u32>, Option<&'a str>, Role, &'a str);

fn read(stream: &[u8], user: &[u8]) -> Result<Collected, ExtractError> {
    let mut sink = Collected::default();
    read_presentation(stream, user, &Limits::default(), &mut sink).map(|_| sink)
}

#[test]
fn placeholder_text_comes_from_the_slide_list_in_shape_order() {
    let (stream, user) = presentation(0xE391_C05F);
    let c = read(&stream, &user).unwrap();
    let got: Vec<Short<'_>> = c
        .segments
        .iter()
        .map(|s| (s.location.part.as_str(), s.location.paragraph, s.location.field.as_deref(), s.role, s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (PART, Some(1), Some("footer"), Role::Footer, "页脚文字"),
            ("slide1", Some(1), None, Role::Body, "机密★1年"),
            ("slide1", Some(2), None, Role::Body, "plain box"),
            ("slide1", Some(3), None, Role::Body, "未引用的大纲"),
            ("slide1", Some(1), None, Role::Footer, "第1页"),
            (PART, Some(1), Some("unreferenced"), Role::Other, "孤儿页"),
        ]
    );
    assert!(c.coverage.contains(&CoverageNote::read("slide1")));
}

#[test]
fn without_current_user_the_last_edit_is_used() {
    let (stream, _) = presentation(0xE391_C05F);
    let c = read(&stream, &[]).unwrap();
    assert!(c.segments.iter().any(|s| s.location.part == "slide1" && s.text == "机密★1年"));
}

#[test]
fn encrypted_and_broken_streams_are_errors() {
    let (stream, user) = presentation(ENCRYPTED_TOKEN);
    assert!(matches!(read(&stream, &user), Err(ExtractError::Encrypted { what: crate::Encryption::Password, .. })));
    let (stream, user) = presentation(0xE391_C05F);
    assert!(matches!(
        read(&stream[..stream.len() - 3], &user),
        Err(ExtractError::Corrupt { what: crate::Defect::RecordPastEnd { .. }, .. })
    ));
    let crypt = [stream.clone(), container(kind::CRYPT_SESSION, &[])].concat();
    assert!(matches!(read(&crypt, &user), Err(ExtractError::Encrypted { what: crate::Encryption::Password, .. })));
}

#[test]
fn master_prompts_are_skipped_and_margins_kept() {
    let master = container(
        0x03F8,
        &[drawing(&[
            shape(Some(1), &[chars("单击此处编辑母版标题样式")]),
            shape(Some(10), &[chars("内部资料")]),
            shape(None, &[chars("公司标志")]),
        ])],
    );
    let found = collect(&parse(&master)[0], Kind::Master, 4320.0).unwrap();
    let got: Vec<(Role, &str)> = found.iter().map(|f| (f.role, f.text.as_str())).collect();
    assert_eq!(got, vec![(Role::Header, "内部资料"), (Role::Other, "公司标志")]);
}

fn parse(data: &[u8]) -> Vec<Rec<'_>> {
    records::parse(data, 0, 0).unwrap()
}
