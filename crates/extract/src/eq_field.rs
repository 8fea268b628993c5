//! Word's `EQ` field: an equation Word draws from the field's instruction, with no result saved
//! (`{ EQ \o\ac(○,密) }`). Word inserts it for enclosed characters (带圈字符: a character drawn
//! over a circle, square, triangle or diamond, `\o\ac(○,密)`), for the phonetic guides of old
//! versions (`\o\ad(\s\up 9(mì),密)`), and for small formulas (`\f(1,2)`, `\r(3,x)`, `\b(…)`).
//!
//! What it draws stands in the line of its paragraph at the field's place: `机{ EQ \o\ac(○,密) }★1年`
//! shows `机密★1年`, the second character in a circle. [`shown`] gives the characters an `EQ`
//! field draws in the line, in order: the text of its arguments, without its switches
//! (`\o`, `\ac`, `\up 9`, `\* jc2`), without the shapes an overstrike (`\o`) draws behind a character
//! (`○`, `◯`, `□`, `△`, `◇`), and without what an overstrike sets above or below the line
//! (`\s\up`, `\s\do` inside `\o`: a phonetic guide, as a ruby annotation is). Escaped
//! characters (`\,`, `\(`, `\)`, `\\`) are text.

/// The shapes Word's enclosed characters are drawn over.
const ENCLOSURES: [char; 9] = ['○', '◯', '□', '△', '◇', '〇', '☐', '◻', '⬜'];

/// An open argument group: whether its arguments are drawn over each other (`\o`), and whether
/// its text is set off the line (a `\s` group of an overstrike).
#[derive(Clone, Copy, Default)]
struct Group {
    overstrike: bool,
    off_line: bool,
}

/// The characters an `EQ` field draws in the line (see the module documentation); `None` for
/// any other field.
pub(crate) fn shown(instruction: &str) -> Option<String> {
    let rest = instruction.trim_start();
    let name_end = rest.find(|c: char| c.is_whitespace() || c == '\\').unwrap_or(rest.len());
    if !rest[..name_end].eq_ignore_ascii_case("EQ") {
        return None;
    }
    let mut out = String::new();
    let mut groups: Vec<Group> = Vec::new();
    // The switches read since the last group opened.
    let (mut overstrike, mut shifted) = (false, false);
    let mut chars = rest[name_end..].chars().peekable();
    while let Some(c) = chars.next() {
        let here = groups.last().copied().unwrap_or_default();
        match c {
            '\\' => match chars.peek().copied() {
                // A general switch and its word (`\* jc2`, `\* "Font:宋体"`): not text.
                Some('*') => {
                    chars.next();
                    while chars.next_if(|d| d.is_whitespace()).is_some() {}
                    if chars.next_if_eq(&'"').is_some() {
                        while chars.next().is_some_and(|d| d != '"') {}
                    } else {
                        while chars.next_if(|d| !d.is_whitespace()).is_some() {}
                    }
                }
                Some(d) if !d.is_ascii_alphabetic() => {
                    chars.next();
                    if !here.off_line {
                        out.push(d);
                    }
                }
                _ => {
                    let mut switch = String::new();
                    while let Some(l) = chars.next_if(char::is_ascii_alphabetic) {
                        switch.push(l.to_ascii_lowercase());
                    }
                    match switch.as_str() {
                        "o" => overstrike = true,
                        "s" => shifted = true,
                        // A bracket switch names the bracket it draws: not text.
                        "lc" | "rc" | "bc" => {
                            if chars.next_if_eq(&'\\').is_some() {
                                chars.next();
                            }
                        }
                        // A switch's amount (`\up 9`, `\ai 2`).
                        _ => while chars.next_if(|d| d.is_ascii_digit() || *d == ' ').is_some() {},
                    }
                }
            },
            '(' => {
                groups.push(Group { overstrike, off_line: here.off_line || (shifted && here.overstrike) });
                (overstrike, shifted) = (false, false);
            }
            ')' => {
                groups.pop();
            }
            ',' | ';' => {}
            c if c.is_whitespace() => {}
            c if here.off_line || (here.overstrike && ENCLOSURES.contains(&c)) => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn what_an_eq_field_draws_in_the_line() {
        let cases = [
            (r" EQ \o\ac(○,密) ", "密"),
            (r"eq \o\ac(□,机)", "机"),
            (r" EQ \o\ad(\s\up 9(mì),密) ", "密"),
            (r" EQ \* jc2 \* hps10 \o\ad(\s\up 9(jī),机)", "机"),
            (r#" EQ \* jc2 \* "Font:宋体" \* hps10 \o\ad(\s\up 9(mì),密)"#, "密"),
            (r" EQ \f(1,2) ", "12"),
            (r" EQ \s\up8(★)1年 ", "★1年"),
            (r" EQ \b\lc\[\rc\](机密) ", "机密"),
            (r" EQ \o(\s\do4(注),密) ", "密"),
            (r" EQ a\,b\(c\) ", "a,b(c)"),
            (r" EQ \r(3,x) ", "3x"),
        ];
        for (instruction, want) in cases {
            assert_eq!(shown(instruction).as_deref(), Some(want), "{instruction}");
        }
        assert_eq!(shown(" QUOTE \"机密\" "), None);
        assert_eq!(shown(" EQUATION x"), None);
        assert_eq!(shown(" EQ"), Some(String::new()));
        // Unbalanced groups and a trailing backslash are read on, never a panic.
        assert_eq!(shown(r" EQ \o(○,密))) ( \").as_deref(), Some("密"));
    }
}
