//! The dictionary of an inline image (`BI /W 8 /H 8 /CS /G /F /Fl ID … EI`, PDF 32000 §8.9.7),
//! turned into the dictionary of an image XObject so that one decoder reads both.
//!
//! Inline images use abbreviated keys and names (Tables 93 and 94): `/W` is `/Width`, `/CS /G`
//! is `/ColorSpace /DeviceGray`, `/F [/AHx /Fl]` is `/Filter [/ASCIIHexDecode /FlateDecode]`.
//! The dictionary is parsed here with its own small tokenizer: names, numbers, booleans,
//! arrays and nested dictionaries (`/DP << /K -1 /Columns 1728 >>`), nothing else.

use lopdf::{Dictionary, Object};

/// Abbreviated keys and their full names.
const KEYS: &[(&[u8], &[u8])] = &[
    (b"BPC", b"BitsPerComponent"),
    (b"CS", b"ColorSpace"),
    (b"D", b"Decode"),
    (b"DP", b"DecodeParms"),
    (b"F", b"Filter"),
    (b"H", b"Height"),
    (b"IM", b"ImageMask"),
    (b"I", b"Interpolate"),
    (b"W", b"Width"),
    (b"L", b"Length"),
];

/// Abbreviated names (colour spaces and filters) and their full names.
const NAMES: &[(&[u8], &[u8])] = &[
    (b"G", b"DeviceGray"),
    (b"RGB", b"DeviceRGB"),
    (b"CMYK", b"DeviceCMYK"),
    (b"I", b"Indexed"),
    (b"AHx", b"ASCIIHexDecode"),
    (b"A85", b"ASCII85Decode"),
    (b"LZW", b"LZWDecode"),
    (b"Fl", b"FlateDecode"),
    (b"RL", b"RunLengthDecode"),
    (b"CCF", b"CCITTFaxDecode"),
    (b"DCT", b"DCTDecode"),
];

/// Most nesting of arrays and dictionaries in an inline image's dictionary.
const MAX_DEPTH: usize = 4;

/// The image XObject dictionary an inline image's dictionary stands for.
pub(super) fn dictionary(bytes: &[u8]) -> Dictionary {
    let mut tokens = Tokens { bytes, pos: 0 };
    let mut dict = Dictionary::new();
    read_entries(&mut tokens, &mut dict, 0);
    dict
}

fn full(table: &[(&[u8], &[u8])], name: Vec<u8>) -> Vec<u8> {
    table.iter().find(|(short, _)| *short == name.as_slice()).map_or(name, |(_, long)| long.to_vec())
}

/// Reads `key value` pairs until `>>` or the end.
fn read_entries(tokens: &mut Tokens, dict: &mut Dictionary, depth: usize) {
    while let Some(token) = tokens.next() {
        let Token::Name(key) = token else { return };
        let Some(value) = read_value(tokens, depth) else { return };
        dict.set(full(KEYS, key), value);
    }
}

fn read_value(tokens: &mut Tokens, depth: usize) -> Option<Object> {
    Some(match tokens.next()? {
        Token::Name(n) => Object::Name(full(NAMES, n)),
        Token::Number(v) if v.fract() == 0.0 && v.abs() < 1e9 => Object::Integer(v as i64),
        Token::Number(v) => Object::Real(v),
        Token::Boolean(b) => Object::Boolean(b),
        Token::ArrayOpen if depth < MAX_DEPTH => {
            let mut items = Vec::new();
            loop {
                match tokens.peek() {
                    None => break,
                    Some(Token::ArrayClose) => {
                        tokens.next();
                        break;
                    }
                    _ => items.push(read_value(tokens, depth + 1)?),
                }
            }
            Object::Array(items)
        }
        Token::DictOpen if depth < MAX_DEPTH => {
            let mut inner = Dictionary::new();
            read_entries(tokens, &mut inner, depth + 1);
            Object::Dictionary(inner)
        }
        _ => Object::Null,
    })
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(Vec<u8>),
    Number(f32),
    Boolean(bool),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    Other,
}

struct Tokens<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Tokens<'_> {
    fn peek(&self) -> Option<Token> {
        Tokens { bytes: self.bytes, pos: self.pos }.next()
    }

    fn next(&mut self) -> Option<Token> {
        let regular = |b: u8| !b.is_ascii_whitespace() && b != 0 && !b"/[]<>(){}%".contains(&b);
        while self.bytes.get(self.pos).is_some_and(|&b| b.is_ascii_whitespace() || b == 0) {
            self.pos += 1;
        }
        let &first = self.bytes.get(self.pos)?;
        let start = self.pos;
        self.pos += 1;
        Some(match first {
            b'/' => {
                while self.bytes.get(self.pos).copied().is_some_and(regular) {
                    self.pos += 1;
                }
                Token::Name(self.bytes[start + 1..self.pos].to_vec())
            }
            b'[' => Token::ArrayOpen,
            b']' => Token::ArrayClose,
            b'<' if self.bytes.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Token::DictOpen
            }
            b'>' if self.bytes.get(self.pos) == Some(&b'>') => {
                self.pos += 1;
                Token::DictClose
            }
            _ => {
                while self.bytes.get(self.pos).copied().is_some_and(regular) {
                    self.pos += 1;
                }
                match &self.bytes[start..self.pos] {
                    b"true" => Token::Boolean(true),
                    b"false" => Token::Boolean(false),
                    word => {
                        std::str::from_utf8(word).ok().and_then(|w| w.parse().ok()).map_or(Token::Other, Token::Number)
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_become_the_names_of_an_image_xobject() {
        let dict =
            dictionary(b" /W 40 /H 2.5 /CS /G /BPC 1 /IM true /F [/AHx /CCF] /DP [null << /K -1 /Columns 40 >>] ");
        assert_eq!(dict.get(b"Width").unwrap(), &Object::Integer(40));
        assert_eq!(dict.get(b"Height").unwrap(), &Object::Real(2.5));
        assert_eq!(dict.get(b"ColorSpace").unwrap(), &Object::Name(b"DeviceGray".to_vec()));
        assert_eq!(dict.get(b"ImageMask").unwrap(), &Object::Boolean(true));
        let filters = dict.get(b"Filter").unwrap().as_array().unwrap();
        assert_eq!(filters[1], Object::Name(b"CCITTFaxDecode".to_vec()));
        let params = dict.get(b"DecodeParms").unwrap().as_array().unwrap();
        assert_eq!(params[1].as_dict().unwrap().get(b"K").unwrap(), &Object::Integer(-1));
    }

    #[test]
    fn a_broken_or_deep_dictionary_ends_without_a_panic() {
        for bytes in [&b"/W"[..], b"/W [[[[[[[1]]]]]]] /H 2", b"<< >> ] /", b"/F [/Fl", b"/DP << /K"] {
            let _ = dictionary(bytes);
        }
        assert_eq!(dictionary(b"/W 3 (x) /H 4").get(b"Width").unwrap(), &Object::Integer(3));
    }
}
