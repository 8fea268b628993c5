//! The string literals of a BIFF8 formula (`rgce`, a sequence of parsed tokens, "ptgs").
//!
//! A formula's cached result is what Excel showed when the file was saved; Excel may compute a
//! different one when it opens the file. Its string literals (`="机密"&"★1年"`, a validation
//! list `"绝密,机密"`, a defined name's constant) are stored text either way, so they are read.
//! Walking the tokens needs each token's size; the walk stops at a token it does not know
//! (reporting what it found before), since a wrong size would read garbage as text.

use super::records::u16_at;

/// `PtgStr`: a string constant, as a `ShortXLUnicodeString`.
const PTG_STR: u8 = 0x17;
/// `PtgAttr`: attributes; its `tAttrChoose` form carries a jump table.
const PTG_ATTR: u8 = 0x19;

/// `PtgConcat`: the `&` operator.
const PTG_CONCAT: u8 = 0x08;

/// `PtgInt`: an integer constant (u16).
const PTG_INT: u8 = 0x1E;
/// `PtgNum`: a number constant (f64).
const PTG_NUM: u8 = 0x1F;

/// The string literals of `rgce`, in order; when the formula only joins constants with `&`
/// (`="机密"&"★1年"`, `="机密★"&1&"年"`: numbers as Excel writes them), the value it computes
/// comes first.
pub(crate) fn string_literals(rgce: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut joined = String::new();
    let mut operands = 0;
    let mut at = 0usize;
    let mut only_joins = true;
    while let Some(&ptg) = rgce.get(at) {
        at += 1;
        only_joins &= matches!(ptg, PTG_STR | PTG_CONCAT | PTG_INT | PTG_NUM);
        match ptg {
            PTG_INT => joined.push_str(&u16_at(rgce, at).map(|n| n.to_string()).unwrap_or_default()),
            PTG_NUM => {
                let number = rgce.get(at..at + 8).map(|b| f64::from_le_bytes(b.try_into().expect("eight bytes")));
                joined.push_str(&number.map(|n| n.to_string()).unwrap_or_default());
            }
            _ => {}
        }
        operands += usize::from(matches!(ptg, PTG_STR | PTG_INT | PTG_NUM));
        let size = match ptg {
            PTG_STR => {
                let Some((text, used)) = short_string(&rgce[at..]) else { break };
                joined.push_str(&text);
                out.push(text);
                used
            }
            PTG_ATTR => {
                let (Some(&flags), Some(w)) = (rgce.get(at), u16_at(rgce, at + 1)) else { break };
                if flags & 0x04 != 0 {
                    3 + (w as usize + 1) * 2
                } else {
                    3
                }
            }
            _ => match fixed_size(ptg) {
                Some(n) => n,
                None => break,
            },
        };
        at += size;
    }
    if only_joins && at >= rgce.len() && operands > 1 && !out.is_empty() {
        out.insert(0, joined);
    }
    out
}

/// A `ShortXLUnicodeString` inside a formula (never cut by a record boundary): its text and size.
fn short_string(d: &[u8]) -> Option<(String, usize)> {
    let count = *d.first()? as usize;
    let wide = d.get(1)? & 0x01 != 0;
    let bytes = d.get(2..2 + if wide { count * 2 } else { count })?;
    let units: Vec<u16> = if wide {
        bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect()
    } else {
        bytes.iter().map(|&b| b as u16).collect()
    };
    Some((String::from_utf16_lossy(&units), 2 + bytes.len()))
}

/// The size of the data after a token of fixed size, or `None` for tokens this walk does not know.
fn fixed_size(ptg: u8) -> Option<usize> {
    Some(match ptg {
        0x01 | 0x02 => 4, // PtgExp, PtgTbl
        0x03..=0x16 => 0, // operators, parentheses, missing argument
        0x1C | 0x1D => 1, // PtgErr, PtgBool
        0x1E => 2,        // PtgInt
        0x1F => 8,        // PtgNum
        0x20..=0x7F => match (ptg & 0x1F) | 0x20 {
            0x20 => 7,                      // PtgArray (its values follow the formula)
            0x21 => 2,                      // PtgFunc
            0x22 => 3,                      // PtgFuncVar
            0x23 | 0x24 | 0x2A | 0x2C => 4, // PtgName, PtgRef, PtgRefErr, PtgRefN
            0x25 | 0x2B | 0x2D => 8,        // PtgArea, PtgAreaErr, PtgAreaN
            0x26..=0x28 => 6,               // PtgMemArea, PtgMemErr, PtgMemNoMem
            0x29 => 2,                      // PtgMemFunc
            0x39 | 0x3A | 0x3C => 6,        // PtgNameX, PtgRef3d, PtgRefErr3d
            0x3B | 0x3D => 10,              // PtgArea3d, PtgAreaErr3d
            _ => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_between_references_and_functions() {
        // ="机密"&A1&"1年": PtgStr(wide) PtgRef PtgConcat PtgStr(8-bit) PtgConcat
        let mut rgce = vec![PTG_STR, 2, 1, 0x3A, 0x67, 0xC6, 0x5B];
        rgce.extend([0x24, 0, 0, 0, 0, 0x08]);
        rgce.extend([0x19, 0x02, 0, 0]); // PtgAttr tAttrIf
        rgce.extend([PTG_STR, 2, 0, b'1', b'y', 0x08]);
        assert_eq!(string_literals(&rgce), vec!["机密".to_owned(), "1y".to_owned()]);
    }

    #[test]
    fn a_join_of_constants_is_computed() {
        let rgce = [PTG_STR, 1, 0, b'a', PTG_STR, 1, 0, b'b', PTG_CONCAT];
        assert_eq!(string_literals(&rgce), vec!["ab".to_owned(), "a".to_owned(), "b".to_owned()]);
    }

    #[test]
    fn an_unknown_token_ends_the_walk() {
        let rgce = [PTG_STR, 1, 0, b'a', 0x18, 0x01, PTG_STR, 1, 0, b'b'];
        assert_eq!(string_literals(&rgce), vec!["a".to_owned()]);
        assert!(string_literals(&[PTG_STR, 9, 1, 0]).is_empty());
        // `="机密★"&1&"年"`: the integer joined as Excel writes it; a number like 1.5 too.
        let mut rgce = vec![PTG_STR, 3, 1];
        rgce.extend("机密★".encode_utf16().flat_map(u16::to_le_bytes));
        rgce.extend([PTG_INT, 1, 0, PTG_CONCAT, PTG_STR, 1, 1]);
        rgce.extend("年".encode_utf16().flat_map(u16::to_le_bytes));
        rgce.push(PTG_CONCAT);
        assert_eq!(string_literals(&rgce), vec!["机密★1年".to_owned(), "机密★".to_owned(), "年".to_owned()]);
        let mut rgce = vec![PTG_STR, 1, 0, b'v', PTG_NUM];
        rgce.extend(1.5f64.to_le_bytes());
        rgce.push(PTG_CONCAT);
        assert_eq!(string_literals(&rgce), vec!["v1.5".to_owned(), "v".to_owned()]);
    }
}
