//! What a spreadsheet cell shows under a custom number format.
//!
//! A number format is a small template: `"机密★"@` shows a text cell's value after `机密★`,
//! `0"年"` shows the number 1 as `1年`. The literal parts (quoted strings, `\`-escaped
//! characters, and characters that are neither codes nor placeholders) are printed on screen and
//! paper although no cell stores them, so a mark can be assembled from a format and a value. This
//! module renders the *text* of that display: the literal parts, with the value where the format
//! places it. Digits are not formatted to the format's precision (a number is written plainly),
//! which is enough for matching: the words around it are what matter.

/// A cell's value, as far as its display is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum CellValue<'a> {
    Number(f64),
    Text(&'a str),
}

/// What a cell holding `value` shows under `format`, when the format adds text of its own (a
/// letter, a CJK character, a symbol such as ★ or ¥); `None` when it adds only digits,
/// punctuation or nothing, so that the stored value says all there is.
pub(crate) fn displayed(format: &str, value: CellValue<'_>) -> Option<String> {
    let sections = split_sections(format);
    let section = match value {
        CellValue::Text(_) => match sections.get(3) {
            Some(s) => *s,
            None => *sections.iter().find(|s| has_code(s, '@'))?,
        },
        CellValue::Number(n) => number_section(&sections, n)?.0,
    };
    let value_text = match value {
        CellValue::Text(t) => t.to_owned(),
        // A negative number in a section of its own is shown without its sign (the format has
        // one, or its condition says the value is negative).
        CellValue::Number(n) => match number_section(&sections, n) {
            Some((_, true)) if n < 0.0 => plain_number(-n),
            _ => plain_number(n),
        },
    };
    let (text, literal) = render(section, &value_text, matches!(value, CellValue::Text(_)));
    literal.chars().any(|c| !(c.is_ascii_punctuation() || c.is_whitespace() || c.is_ascii_digit())).then_some(text)
}

/// Whether a cell holding `value` shows nothing at all under `format`: the section for the value
/// is empty (`;;;` hides every value, `0;-0;;@` hides zeros). Text shows unchanged under a format
/// of fewer than four sections.
pub(crate) fn hides(format: &str, value: CellValue<'_>) -> bool {
    let sections = split_sections(format);
    let section = match value {
        CellValue::Text(_) => sections.get(3).copied(),
        CellValue::Number(n) => number_section(&sections, n).map(|(s, _)| s),
    };
    section.is_some_and(|s| s.trim().is_empty())
}

/// The literal text each section of `format` prints whatever the value (`"机密★"@` prints
/// `机密★`), where it is more than digits, punctuation and spaces: a format a workbook defines
/// shows it on any cell it is given, by a cell style or a conditional format as well.
pub(crate) fn literal_texts(format: &str) -> Vec<String> {
    split_sections(format)
        .into_iter()
        // Rendered as for a number (placeholders print nothing), the text code `@` dropped.
        .map(|section| render(section, "", false).1.replace('@', ""))
        .filter(|l| l.chars().any(|c| !(c.is_ascii_punctuation() || c.is_whitespace() || c.is_ascii_digit())))
        .collect()
}

/// The section a number is shown in, and whether that section is the negative numbers' own
/// (the value is then written without its sign). Sections with conditions (`[>100]`, `[<=0]`)
/// are chosen as Excel chooses them: the first if its condition holds, else the second if its
/// condition (or, without one, the usual `<0`) holds, else the third; without conditions:
/// positive; negative; zero.
fn number_section<'f>(sections: &[&'f str], n: f64) -> Option<(&'f str, bool)> {
    let first = *sections.first()?;
    let (c0, c1) = (condition(first), sections.get(1).and_then(|s| condition(s)));
    if c0.is_none() && c1.is_none() {
        return Some(match sections.len() {
            _ if n < 0.0 && sections.len() > 1 => (sections[1], true),
            _ if n == 0.0 && sections.len() > 2 => (sections[2], false),
            _ => (first, false),
        });
    }
    let holds = |c: Option<(&str, f64)>, default: bool| match c {
        None => default,
        Some((op, k)) => match op {
            "<" => n < k,
            "<=" => n <= k,
            ">" => n > k,
            ">=" => n >= k,
            "=" => n == k,
            "<>" => n != k,
            _ => false,
        },
    };
    let default0 = if sections.len() > 2 { n > 0.0 } else { n >= 0.0 };
    if holds(c0, default0) {
        return Some((first, false));
    }
    match sections.get(1) {
        None => Some((first, false)),
        Some(&second) if holds(c1, n < 0.0) || sections.len() < 3 => Some((second, c1.is_none())),
        Some(_) => Some((sections[2], false)),
    }
}

/// The condition of a section (`[>=100]` gives `(">=", 100.0)`), if it has one.
fn condition(section: &str) -> Option<(&str, f64)> {
    let (mut quoted, mut escaped) = (false, false);
    for (i, c) in section.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => {
                let inner = &section[i + 1..i + 1 + section[i + 1..].find(']')?];
                let op_len = inner.bytes().take_while(|b| matches!(b, b'<' | b'>' | b'=')).count();
                if op_len > 0 {
                    let op = &inner[..op_len];
                    if let Ok(k) = inner[op_len..].trim().parse::<f64>() {
                        return Some((op, k));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The sections of a format (positive; negative; zero; text), split at `;` outside quotes.
fn split_sections(format: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0usize, false, false);
    for (i, c) in format.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&format[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&format[start..]);
    out
}

/// Whether `code` appears in `section` outside quotes and escapes.
fn has_code(section: &str, code: char) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in section.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == code && !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Characters that stand for (part of) a number or date: the value is written once, where the
/// first of them is.
fn is_placeholder(c: char) -> bool {
    matches!(
        c,
        '0' | '#' | '?' | '.' | ',' | '%' | 'E' | 'e' | 'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S'
    )
}

/// Renders one section: (the displayed text, its literal characters alone).
fn render(section: &str, value: &str, text_value: bool) -> (String, String) {
    let mut out = String::new();
    let mut literal = String::new();
    let mut placed = false;
    let mut chars = section.chars().peekable();
    let lit = |out: &mut String, literal: &mut String, c: char| {
        out.push(c);
        literal.push(c);
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    lit(&mut out, &mut literal, q);
                }
            }
            '\\' => {
                if let Some(e) = chars.next() {
                    lit(&mut out, &mut literal, e);
                }
            }
            // `[Red]`, `[>=100]`, `[DBNum1]` print nothing; `[$¥-804]` prints its currency symbol.
            '[' => {
                let inner: String = chars.by_ref().take_while(|&b| b != ']').collect();
                if let Some(symbol) = inner.strip_prefix('$') {
                    for s in symbol.split('-').next().unwrap_or("").chars() {
                        lit(&mut out, &mut literal, s);
                    }
                }
            }
            // `_x` leaves the width of x blank; `*x` fills the cell with x: no text either way.
            '_' | '*' => {
                chars.next();
            }
            '@' if text_value => out.push_str(value),
            // `General`, and `G/通用格式` as Chinese Excel writes it.
            'G' | 'g' if section_word(&mut chars, "eneral") || section_word(&mut chars, "/通用格式") => {
                if !placed {
                    out.push_str(value);
                    placed = true;
                }
            }
            c if !text_value && is_placeholder(c) => {
                if !placed {
                    out.push_str(value);
                    placed = true;
                }
            }
            c => lit(&mut out, &mut literal, c),
        }
    }
    (out, literal)
}

/// Consumes `rest` (case-insensitively) if the characters that follow spell it.
fn section_word(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, rest: &str) -> bool {
    let n = rest.chars().count();
    let ahead: String = chars.clone().take(n).collect();
    if ahead.eq_ignore_ascii_case(rest) {
        for _ in 0..n {
            chars.next();
        }
        true
    } else {
        false
    }
}

/// A number written plainly: integers without a decimal point.
fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_section_hides_its_values() {
        assert!(hides(";;;", CellValue::Text("机密")));
        assert!(hides(";;;", CellValue::Number(1.0)));
        assert!(hides("0;-0;;@", CellValue::Number(0.0)));
        assert!(!hides("0;-0;;@", CellValue::Number(2.0)));
        assert!(!hides(";;", CellValue::Text("机密")), "text shows unchanged under three sections");
        assert!(!hides("@", CellValue::Text("机密")));
        assert!(!hides("General", CellValue::Number(1.0)));
    }

    #[test]
    fn literal_text_around_a_text_value() {
        assert_eq!(displayed(r#""机密★"@"#, CellValue::Text("1年")).as_deref(), Some("机密★1年"));
        assert_eq!(
            displayed(r#"0;-0;0;"（"@"）""#, CellValue::Text("此件不予公开")).as_deref(),
            Some("（此件不予公开）"),
            "the brackets of a 公开属性 line are text of their own"
        );
        assert_eq!(displayed(r#"0;-0;0;"密级："@"#, CellValue::Text("秘密")).as_deref(), Some("密级：秘密"));
        assert_eq!(displayed("@", CellValue::Text("x")), None, "no literal of its own");
        assert_eq!(displayed("0.00", CellValue::Text("x")), None, "no text section: shown as stored");
    }

    #[test]
    fn literal_text_around_a_number() {
        assert_eq!(displayed(r#""机密★"0"年""#, CellValue::Number(1.0)).as_deref(), Some("机密★1年"));
        assert_eq!(displayed(r#"\秘\密0"#, CellValue::Number(3.0)).as_deref(), Some("秘密3"));
        assert_eq!(displayed("[$¥-804]#,##0.00", CellValue::Number(12.5)).as_deref(), Some("¥12.5"));
        assert_eq!(displayed(r#"[Red]#,##0_);(#,##0)"#, CellValue::Number(-5.0)), None);
        assert_eq!(displayed(r#"0"正";"负"0;"零""#, CellValue::Number(-2.0)).as_deref(), Some("负2"));
        assert_eq!(displayed(r#"0"正";"负"0;"零""#, CellValue::Number(0.0)).as_deref(), Some("零"));
        assert_eq!(displayed(r#"G/通用格式"件""#, CellValue::Number(7.0)).as_deref(), Some("7件"));
        assert_eq!(displayed("General", CellValue::Number(7.0)), None);
    }

    #[test]
    fn sections_with_conditions_are_chosen_by_them() {
        let f = r#"[<0]"x";"机密★1年""#;
        assert_eq!(displayed(f, CellValue::Number(5.0)).as_deref(), Some("机密★1年"), "5 is not < 0: the second");
        assert_eq!(displayed(f, CellValue::Number(-5.0)).as_deref(), Some("x"));
        let f = r#"[Red][>100]"x";[Blue][<=100]"绝密★启用前";"y""#;
        assert_eq!(displayed(f, CellValue::Number(5.0)).as_deref(), Some("绝密★启用前"));
        assert_eq!(displayed(f, CellValue::Number(500.0)).as_deref(), Some("x"));
        let f = r#"[>100]"x";[<0]"y";"机密""#;
        assert_eq!(displayed(f, CellValue::Number(50.0)).as_deref(), Some("机密"), "neither holds: the third");
        assert!(hides("[<0]0;;", CellValue::Number(3.0)), "3 takes the empty second section");
        assert!(!hides("[<0]0;;", CellValue::Number(-3.0)));
    }

    #[test]
    fn a_format_prints_its_literals_on_any_value() {
        assert_eq!(literal_texts(r#";;;"机密★1年""#), vec!["机密★1年".to_owned()]);
        assert_eq!(literal_texts(r#"0"正";"负"0;"零";"密级："@"#), vec!["正", "负", "零", "密级："]);
        assert_eq!(literal_texts("[$¥-804]#,##0.00"), vec!["¥".to_owned()]);
        assert!(literal_texts("#,##0.00_);[Red](#,##0.00)").is_empty());
        assert!(literal_texts("General").is_empty());
    }
}
