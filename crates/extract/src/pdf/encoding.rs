//! Encodings of simple (one byte per glyph) fonts: base encodings and glyph names.
//!
//! A simple font's `/Encoding` is a base encoding (`WinAnsiEncoding`, `MacRomanEncoding`,
//! `StandardEncoding`) plus `/Differences`, which rename codes with glyph names (`/uni5BC6`,
//! `/bullet`). A glyph name becomes text through the Adobe Glyph List: `uniXXXX` and `uXXXX`
//! spell the code point, the rest come from a table. Only the names real files use for Latin
//! text are in the table (about 230: ASCII, Latin-1, and the typographic punctuation of the
//! three base encodings), a compact subset of the 4,500-name list; Chinese text in simple fonts
//! is named with `uniXXXX` or comes through `/ToUnicode`.

/// The base encodings of simple fonts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    /// No Latin meaning (Symbol, ZapfDingbats, symbolic TrueType): only `/Differences` and
    /// `/ToUnicode` say anything.
    None,
}

impl BaseEncoding {
    pub(super) fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            _ => None,
        }
    }

    /// The character for `code`, if the encoding has one. Control codes have none.
    pub(super) fn char(self, code: u8) -> Option<char> {
        if code < 0x20 {
            return None;
        }
        match self {
            BaseEncoding::None => None,
            BaseEncoding::WinAnsi => {
                if code == 0x7F {
                    return None;
                }
                single_byte(encoding_rs::WINDOWS_1252, code)
            }
            BaseEncoding::MacRoman => {
                if code == 0x7F {
                    return None;
                }
                single_byte(encoding_rs::MACINTOSH, code)
            }
            BaseEncoding::Standard => match code {
                0x27 => Some('\u{2019}'),
                0x60 => Some('\u{2018}'),
                0x20..=0x7E => Some(code as char),
                0xA1..=0xFF => {
                    let c = STANDARD_HIGH[usize::from(code - 0xA1)];
                    (c != '\0').then_some(c)
                }
                _ => None,
            },
        }
    }
}

fn single_byte(encoding: &'static encoding_rs::Encoding, code: u8) -> Option<char> {
    if code < 0x80 {
        return Some(code as char);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = [0u8; 8];
    let (_, _, written) = decoder.decode_to_utf8_without_replacement(&[code], &mut buf, true);
    std::str::from_utf8(&buf[..written]).ok()?.chars().next()
}

/// StandardEncoding for 0xA1..=0xFF (`\0` where the encoding has no glyph).
const STANDARD_HIGH: [char; 95] = [
    '¡', '¢', '£', '⁄', '¥', 'ƒ', '§', '¤', '\'', '“', '«', '‹', '›', 'ﬁ', 'ﬂ', // A1-AF
    '\0', '–', '†', '‡', '·', '\0', '¶', '•', '‚', '„', '”', '»', '…', '‰', '\0', '¿', // B0-BF
    '\0', '`', '´', 'ˆ', '˜', '¯', '˘', '˙', '¨', '\0', '˚', '¸', '\0', '˝', '˛', 'ˇ', // C0-CF
    '—', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', // D0-DF
    '\0', 'Æ', '\0', 'ª', '\0', '\0', '\0', '\0', 'Ł', 'Ø', 'Œ', 'º', '\0', '\0', '\0', '\0', // E0-EF
    '\0', 'æ', '\0', '\0', '\0', 'ı', '\0', '\0', 'ł', 'ø', 'œ', 'ß', '\0', '\0', '\0', '\0', // F0-FF
];

/// Glyph names of ASCII 0x20..=0x7E, in order.
const ASCII_NAMES: [&str; 95] = [
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
];

/// Glyph names of Latin-1 0xA0..=0xFF, in order.
const LATIN1_NAMES: [&str; 96] = [
    "nbspace",
    "exclamdown",
    "cent",
    "sterling",
    "currency",
    "yen",
    "brokenbar",
    "section",
    "dieresis",
    "copyright",
    "ordfeminine",
    "guillemotleft",
    "logicalnot",
    "sfthyphen",
    "registered",
    "macron",
    "degree",
    "plusminus",
    "twosuperior",
    "threesuperior",
    "acute",
    "mu",
    "paragraph",
    "periodcentered",
    "cedilla",
    "onesuperior",
    "ordmasculine",
    "guillemotright",
    "onequarter",
    "onehalf",
    "threequarters",
    "questiondown",
    "Agrave",
    "Aacute",
    "Acircumflex",
    "Atilde",
    "Adieresis",
    "Aring",
    "AE",
    "Ccedilla",
    "Egrave",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Igrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Eth",
    "Ntilde",
    "Ograve",
    "Oacute",
    "Ocircumflex",
    "Otilde",
    "Odieresis",
    "multiply",
    "Oslash",
    "Ugrave",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Yacute",
    "Thorn",
    "germandbls",
    "agrave",
    "aacute",
    "acircumflex",
    "atilde",
    "adieresis",
    "aring",
    "ae",
    "ccedilla",
    "egrave",
    "eacute",
    "ecircumflex",
    "edieresis",
    "igrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "eth",
    "ntilde",
    "ograve",
    "oacute",
    "ocircumflex",
    "otilde",
    "odieresis",
    "divide",
    "oslash",
    "ugrave",
    "uacute",
    "ucircumflex",
    "udieresis",
    "yacute",
    "thorn",
    "ydieresis",
];

/// Other names used by the base encodings and common in Chinese documents.
const OTHER_NAMES: &[(&str, char)] = &[
    ("bullet", '•'),
    ("endash", '–'),
    ("emdash", '—'),
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("quotesinglbase", '‚'),
    ("quotedblbase", '„'),
    ("ellipsis", '…'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("perthousand", '‰'),
    ("trademark", '™'),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
    ("OE", 'Œ'),
    ("oe", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Zcaron", 'Ž'),
    ("zcaron", 'ž'),
    ("Ydieresis", 'Ÿ'),
    ("florin", 'ƒ'),
    ("circumflex", 'ˆ'),
    ("tilde", '˜'),
    ("guilsinglleft", '‹'),
    ("guilsinglright", '›'),
    ("Euro", '€'),
    ("Lslash", 'Ł'),
    ("lslash", 'ł'),
    ("dotlessi", 'ı'),
    ("fraction", '⁄'),
    ("caron", 'ˇ'),
    ("breve", '˘'),
    ("dotaccent", '˙'),
    ("ring", '˚'),
    ("ogonek", '˛'),
    ("hungarumlaut", '˝'),
    ("minus", '−'),
    ("space", ' '),
    ("nonbreakingspace", '\u{a0}'),
    ("softhyphen", '\u{ad}'),
    ("middot", '·'),
    ("star", '★'),
    ("blackstar", '★'),
    ("whitestar", '☆'),
    ("filledbox", '■'),
    ("H22073", '□'),
    ("circle", '○'),
    ("triagup", '▲'),
    ("uni3000", '\u{3000}'),
    ("onedotenleader", '․'),
    ("twodotenleader", '‥'),
    ("arrowright", '→'),
    ("arrowleft", '←'),
    ("arrowup", '↑'),
    ("arrowdown", '↓'),
    ("lozenge", '◊'),
    ("infinity", '∞'),
    ("notequal", '≠'),
    ("lessequal", '≤'),
    ("greaterequal", '≥'),
    ("degreesign", '°'),
    ("Delta", 'Δ'),
    ("Omega", 'Ω'),
    ("pi", 'π'),
    ("summation", '∑'),
    ("product", '∏'),
    ("radical", '√'),
    ("integral", '∫'),
    ("partialdiff", '∂'),
    ("approxequal", '≈'),
    ("mu1", 'µ'),
    ("alpha", 'α'),
    ("beta", 'β'),
    ("gamma", 'γ'),
    ("delta", 'δ'),
    ("epsilon", 'ε'),
    ("lambda", 'λ'),
    ("sigma", 'σ'),
    ("theta", 'θ'),
    ("afii61664", '\u{200c}'),
    ("afii10017", 'А'),
];

/// The character a glyph name stands for: `uniXXXX`, `uXXXX`–`uXXXXXX`, a name in the table,
/// with suffixes (`a.sc`, `one.oldstyle`) removed. The f-ligatures give their Unicode ligature
/// characters (`ﬁ`, which normalisation folds); other ligature names (`T_h`) give their first
/// component only, which loses nothing for matching Chinese text.
pub(crate) fn glyph_name_to_char(name: &str) -> Option<char> {
    let base = name.split('.').next().unwrap_or(name);
    match base {
        "ff" | "f_f" => return Some('ﬀ'),
        "fi" | "f_i" => return Some('ﬁ'),
        "fl" | "f_l" => return Some('ﬂ'),
        "ffi" | "f_f_i" => return Some('ﬃ'),
        "ffl" | "f_f_l" => return Some('ﬄ'),
        _ => {}
    }
    let base = base.split('_').next().unwrap_or(base);
    if base.is_empty() {
        return None;
    }
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(&hex[..4], 16).ok().and_then(char::from_u32);
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        }
    }
    if let Some(i) = ASCII_NAMES.iter().position(|n| *n == base) {
        return Some((0x20 + i as u8) as char);
    }
    if let Some(i) = LATIN1_NAMES.iter().position(|n| *n == base) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHER_NAMES.iter().find(|(n, _)| *n == base).map(|(_, c)| *c)
}

/// Decodes one multi-byte code (1–4 bytes) of a legacy CJK encoding without allocating.
pub(super) fn decode_mbcs(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<char> {
    if bytes.len() == 1 && bytes[0] < 0x80 {
        return Some(bytes[0] as char);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = [0u8; 16];
    let (result, _, written) = decoder.decode_to_utf8_without_replacement(bytes, &mut buf, true);
    if !matches!(result, encoding_rs::DecoderResult::InputEmpty) {
        return None;
    }
    let s = std::str::from_utf8(&buf[..written]).ok()?;
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_bases() {
        assert_eq!(glyph_name_to_char("uni5BC6"), Some('密'));
        assert_eq!(glyph_name_to_char("u20000"), Some('\u{20000}'));
        assert_eq!(glyph_name_to_char("a.sc"), Some('a'));
        assert_eq!(glyph_name_to_char("eacute"), Some('é'));
        assert_eq!(glyph_name_to_char("quotedblleft"), Some('“'));
        assert_eq!(glyph_name_to_char("g123"), None);
        assert_eq!(BaseEncoding::WinAnsi.char(0x93), Some('“'));
        assert_eq!(BaseEncoding::MacRoman.char(0x8E), Some('é'));
        assert_eq!(BaseEncoding::Standard.char(0xD0), Some('—'));
        assert_eq!(BaseEncoding::Standard.char(0x27), Some('’'));
        assert_eq!(decode_mbcs(encoding_rs::GBK, &[0xC3, 0xDC]), Some('密'));
        assert_eq!(decode_mbcs(encoding_rs::SHIFT_JIS, &[0x93, 0xFA]), Some('日'));
        assert_eq!(decode_mbcs(encoding_rs::GBK, &[0xC3]), None);
    }
}
