//! The normaliser, with oracles (issue 12), on arbitrary text:
//!
//! * every normalised character maps back to exactly one character inside the original;
//! * normalising the normalised text changes nothing;
//! * a dictionary term inserted into the text with one of the README's evasions (chosen by the
//!   first bytes) is found, at a location pointing at the inserted text.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use mijian_core::{normalize, Dictionary, Rules};
use std::sync::OnceLock;

const TERMS: &[&str] = &["紫电计划", "KJ-3型", "龙门云风"];

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let text: String = TERMS.iter().map(|t| format!("{t}\t机密\n")).collect();
        let d = Dictionary::parse("d", text.as_bytes()).unwrap();
        Rules::builder().default_rules(false).dictionary(d).build().unwrap()
    })
}

/// The term as an evader writes it, and the part of it a finding should show.
fn evade(term: &str, how: u8) -> (String, String) {
    let chars: Vec<char> = term.chars().collect();
    let join = |sep: &str| chars.iter().map(char::to_string).collect::<Vec<_>>().join(sep);
    let cjk = !term.is_ascii() && !term.contains('-');
    let s = match how % 9 {
        0 => term.to_string(),
        1 if cjk => join(" "),
        2 if cjk => join("·"),
        3 => join("\n"),
        4 => join("\u{200B}"),
        5 => term.replace('紫', "紫").replace('电', "電").replace('计', "計").replace('划', "劃").replace('龙', "龍"),
        6 => term
            .chars()
            .map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
            .collect(),
        7 => {
            let rev: String = term.chars().rev().collect();
            return (format!("\u{202E}{rev}\u{202C}"), rev);
        }
        8 => join("\n\n"),
        _ => term.to_string(),
    };
    (s.clone(), s)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let original = String::from_utf8_lossy(&data[3..]);
    let n = normalize(&original);
    for (i, c) in n.text().char_indices() {
        let (s, e) = n.map().range(i, i + c.len_utf8());
        assert!(s < e && e <= original.len(), "{c:?} maps to {s}..{e}");
        assert_eq!(original[s..e].chars().count(), 1, "{c:?} maps to {:?}", &original[s..e]);
    }
    assert_eq!(normalize(n.text()).text(), n.text(), "normalising twice");

    // Insert a term where the data says, between sentence ends and line breaks so that the host
    // text cannot join it (a line break also ends any right-to-left override of the host).
    let term = TERMS[data[0] as usize % TERMS.len()];
    let (inserted, shown) = evade(term, data[1]);
    let chars: Vec<(usize, char)> = original.char_indices().collect();
    let at = chars.get(data[2] as usize % (chars.len() + 1)).map_or(original.len(), |c| c.0);
    let before = format!("{}\n。", &original[..at]);
    let text = format!("{before}{inserted}。\n{}", &original[at..]);
    let start = before.len() + if inserted.starts_with('\u{202E}') { 3 } else { 0 };
    let line = text[..start].matches('\n').count() as u32 + 1;
    let column = text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start].chars().count() as u32 + 1;
    let out = rules().find_in_text(&text);
    let rule = format!("d:{}", TERMS.iter().position(|t| *t == term).unwrap() + 1);
    assert!(
        out.findings.iter().any(|f| f.rule == rule
            && f.matched == shown
            && f.location.line == Some(line)
            && f.location.column == Some(column)),
        "{inserted:?} at line {line} column {column} not found: {:?}",
        out.findings
    );
});
