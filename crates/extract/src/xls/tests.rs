//! The XLS reader on workbook streams built record by record.

use super::*;
use mijian_core::Collected;

fn rec(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut v = kind.to_le_bytes().to_vec();
    v.extend((data.len() as u16).to_le_bytes());
    v.extend(data);
    v
}

fn bof(kind_of_substream: u16) -> Vec<u8> {
    let mut d = 0x0600u16.to_le_bytes().to_vec();
    d.extend(kind_of_substream.to_le_bytes());
    d.extend([0u8; 12]);
    rec(kind::BOF, &d)
}

/// An `XLUnicodeString`, 8-bit when ASCII, UTF-16 otherwise.
fn string(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut v = (units.len() as u16).to_le_bytes().to_vec();
    if s.is_ascii() {
        v.push(0);
        v.extend(s.as_bytes());
    } else {
        v.push(1);
        v.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    }
    v
}

fn wide_short(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut v = vec![units.len() as u8, 1];
    v.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    v
}

fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(index.to_le_bytes());
    rec(kind::LABELSST, &d)
}

/// A workbook: globals with `globals_extra`, two sheets listed (the second hidden), the second
/// sheet's cells in `second`.
fn workbook(globals_extra: &[Vec<u8>], second: &[Vec<u8>]) -> Vec<u8> {
    // The SST: "机密" (UTF-16) then "★1年" cut by a CONTINUE in its characters, then "正文".
    let mut sst = 3u32.to_le_bytes().to_vec();
    sst.extend(3u32.to_le_bytes());
    sst.extend([2, 0, 1, 0x3A, 0x67, 0xC6, 0x5B]);
    sst.extend([3, 0, 1, 0x05, 0x26]); // "★", then the boundary
    let cont = [vec![1u8, 0x31, 0x00, 0x74, 0x5E], vec![2, 0, 1, 0x63, 0x6B, 0x87, 0x65]].concat();
    let sheet_a = [bof(0x10), label_sst(0, 0, 0), label_sst(0, 1, 1), rec(kind::EOF, &[])].concat();
    let sheet_b = [vec![bof(0x10)], second.to_vec(), vec![rec(kind::EOF, &[])]].concat().concat();
    let boundsheet = |offset: u32, hidden: u8, name: &str| {
        let mut d = offset.to_le_bytes().to_vec();
        d.extend([hidden, 0]);
        d.extend(wide_short(name));
        rec(kind::BOUNDSHEET, &d)
    };
    let head = |a: u32, b: u32| {
        [vec![bof(0x05)], globals_extra.to_vec(), vec![boundsheet(a, 0, "表一"), boundsheet(b, 1, "机密")]]
            .concat()
            .concat()
    };
    // Offsets depend on the globals' length, which does not depend on the offsets' values.
    let globals_len = head(0, 0).len() + rec(kind::SST, &sst).len() + 4 + cont.len() + 4;
    let a = globals_len as u32;
    let b = a + sheet_a.len() as u32;
    [head(a, b), rec(kind::SST, &sst), rec(0x003C, &cont), rec(kind::EOF, &[]), sheet_a, sheet_b].concat()
}

fn read(stream: &[u8]) -> Result<Collected, ExtractError> {
    let mut sink = Collected::default();
    read_workbook(stream, &mut sink).map(|_| sink)
}

/// (part, paragraph, field, role, text) of a segment.
type Described = (String, Option<u32>, Option<String>, Role, String);
type Short<'a> = (&'a str, Option<u32>, Option<&'a str>, Role, &'a str);

fn described(c: &Collected) -> Vec<Described> {
    c.segments
        .iter()
        .map(|s| (s.location.part.clone(), s.location.paragraph, s.location.field.clone(), s.role, s.text.clone()))
        .collect()
}

#[test]
fn shared_strings_across_continue_and_hidden_sheets() {
    let mut name = 0u16.to_le_bytes().to_vec();
    name.extend([0, 2]);
    name.extend(((3 + 2 * 2) as u16).to_le_bytes());
    name.extend([0u8; 8]);
    name.push(0);
    name.extend(b"KJ");
    name.extend([0x17, 2, 1, 0x3A, 0x67, 0xC6, 0x5B]); // ="机密"
    let mut header = string("&C&\"宋体\"秘密");
    header = rec(kind::HEADER, &header);
    // HEADERFOOTER: no even header, an even footer, nothing for the first page.
    let mut first_even = vec![0u8; 30];
    first_even.extend([0, 0, 4, 0, 0, 0, 0, 0]);
    first_even.extend(string("内部资料"));
    let second = vec![label_sst(4, 2, 2), header, rec(kind::HEADERFOOTER, &first_even)];
    let c = read(&workbook(&[rec(kind::NAME, &name)], &second)).unwrap();
    let got = described(&c);
    let short: Vec<Short<'_>> = got.iter().map(|s| (s.0.as_str(), s.1, s.2.as_deref(), s.3, s.4.as_str())).collect();
    assert_eq!(
        short,
        vec![
            ("Workbook", None, Some("sheet"), Role::Properties, "表一"),
            ("Workbook", None, Some("sheet"), Role::Properties, "机密"),
            ("Workbook", None, Some("name"), Role::Other, "KJ"),
            ("Workbook", None, Some("name"), Role::Other, "机密"),
            ("Workbook/sheet1", Some(1), None, Role::Body, "机密\t★1年"),
            ("Workbook/sheet2", Some(5), None, Role::Body, "正文"),
            ("Workbook/sheet2", None, Some("header"), Role::Header, "秘密"),
            ("Workbook/sheet2", None, Some("evenFooter"), Role::Footer, "内部资料"),
        ]
    );
}

#[test]
fn a_password_is_an_error_and_biff5_needs_review() {
    let encrypted = workbook(&[rec(kind::FILEPASS, &[1, 0, 1, 0])], &[]);
    assert!(matches!(read(&encrypted), Err(ExtractError::Encrypted { what: crate::Encryption::Password, .. })));
    let mut old = 0x0500u16.to_le_bytes().to_vec();
    old.extend([0x05, 0, 0, 0, 0, 0]);
    let c = read(&[rec(kind::BOF, &old), rec(kind::EOF, &[])].concat()).unwrap();
    assert!(c.segments.is_empty());
    assert!(c.coverage.iter().any(|n| n.needs_review));
    assert!(matches!(read(b"\x01\x02\x00\x00"), Err(ExtractError::Corrupt { what: crate::Defect::NoBof, .. })));
    let whole = workbook(&[], &[]);
    assert!(matches!(
        read(&whole[..whole.len() - 5]),
        Err(ExtractError::Corrupt { what: crate::Defect::RecordPastEnd { .. }, at: Some(_), .. })
    ));
}

#[test]
fn comments_numbers_through_formats_and_formula_strings() {
    // FORMAT 164 = 0"年"; XF 0 uses it.
    let mut format = 164u16.to_le_bytes().to_vec();
    format.extend(string("\"机密★\"0\"年\""));
    let mut xf = vec![0u8; 20];
    xf[2..4].copy_from_slice(&164u16.to_le_bytes());
    let mut number = vec![1, 0, 0, 0, 0, 0];
    number.extend(1.0f64.to_le_bytes());
    // A formula with a cached string result and a string constant.
    let mut formula = vec![2, 0, 1, 0, 0, 0];
    formula.extend([0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
    formula.extend([0, 0, 0, 0, 0, 0]);
    formula.extend(5u16.to_le_bytes());
    formula.extend([0x17, 2, 0, b'a', b'b']);
    // A comment: OBJ (FtCmo, kind 0x19, id 7), TXO with its text in a CONTINUE, NOTE at B3.
    let obj = [0x15u8, 0, 0x12, 0, 0x19, 0, 7, 0].iter().chain(&[0u8; 18]).copied().collect::<Vec<_>>();
    let mut txo = vec![0u8; 18];
    txo[10..12].copy_from_slice(&6u16.to_le_bytes());
    let mut note = vec![2, 0, 1, 0, 0, 0, 7, 0];
    note.extend(string("ZS"));
    let second = vec![
        rec(kind::NUMBER, &number),
        rec(kind::FORMULA, &formula),
        rec(kind::STRING, &string("result")),
        rec(kind::OBJ, &obj),
        rec(kind::TXO, &txo),
        rec(0x003C, &[0, b'n', b'o', b' ', b'p', b'u', b'b']),
        rec(kind::NOTE, &note),
    ];
    let c = read(&workbook(&[rec(kind::FORMAT, &format), rec(kind::XF, &xf)], &second)).unwrap();
    let got = described(&c);
    let sheet2: Vec<(Option<u32>, Option<&str>, Role, &str)> =
        got.iter().filter(|s| s.0 == "Workbook/sheet2").map(|s| (s.1, s.2.as_deref(), s.3, s.4.as_str())).collect();
    assert_eq!(
        sheet2,
        vec![
            (Some(2), None, Role::Body, "机密★1年"),
            (Some(3), None, Role::Body, "result"),
            (None, Some("B3"), Role::Note, "no pub"),
            (None, Some("B3 author"), Role::Note, "ZS"),
            (None, Some("formula B3"), Role::Other, "ab"),
        ]
    );
}

/// A mark typed one piece per cell down a column is read top to bottom, located at the run.
#[test]
fn short_cells_down_a_column_read_top_to_bottom() {
    // The shared strings are "机密", "★1年", "正文": down column C, rows 3 and 4, then a gap.
    let second = vec![label_sst(2, 2, 0), label_sst(3, 2, 1), label_sst(5, 2, 2)];
    let c = read(&workbook(&[], &second)).unwrap();
    let got = described(&c);
    let run = got.iter().find(|s| s.2.as_deref() == Some("column C, rows 3-4")).expect("the run is read");
    assert_eq!((run.0.as_str(), run.1, run.3, run.4.as_str()), ("Workbook/sheet2", Some(3), Role::Body, "机密★1年"));
    assert!(!got.iter().any(|s| s.4.contains("正文") && s.2.is_some()), "a lone cell after a gap is no run");
}
