//! List labels: the numbers and words office applications print before the paragraphs of a
//! list (`一`, `十一` in Chinese counting, `甲乙丙`, `①`, `Ａ`, `iv`; `第%1章`, a bullet `机`).
//!
//! A label that prints words of its own (`机密★%1年`, `第%1章`, a bullet character `机`) is read
//! with its paragraph, and its number is part of what a reader sees: `机密★%1年` in Chinese
//! counting shows `机密★一年`, with no number (`none`) `机密★年`. So a number is written as the
//! viewer writes it, not in decimal. Formats are named as WordprocessingML names them
//! (`w:numFmt`, ST_NumberFormat); other formats' readers map their own names onto
//! [`NumberFormat`]. A label of numbers, punctuation and spaces alone (`1.1`, `（一）`, `●`) prints
//! no words and is not read: see [`prints_words`].

/// Whether a label's character prints a word (a letter or an ideograph, not an ASCII digit) or
/// the sign of a mark (`★`, `☆`, `▲`): a label with one prints more than numbers, punctuation and
/// spaces. (Numbers written in words, `一`, count: a label is judged by what it prints around
/// its numbers, and its numbers are left out before asking.)
pub(crate) fn prints_words(c: char) -> bool {
    (c.is_alphanumeric() && !c.is_ascii_digit()) || matches!(c, '★' | '☆' | '▲')
}

/// Most bytes (UTF-8) the list labels of one part may add, in all: a million Chinese
/// characters (see [`LabelAllowance`]).
pub(crate) const MAX_LABEL_BYTES: usize = 3 << 20;

/// What the list labels of one part may still add. A label repeats its level's words before
/// every paragraph of the list, so a level text of 20,000 characters numbering 2,000 paragraphs
/// made 40 million characters of a DOCX of 2 KB (13 s of a debug build), and the product grows
/// with the square of the file. Past [`MAX_LABEL_BYTES`] labels are neither made nor read, and
/// the part says so once (`Cap::ListLabels`, which needs review): a real document's labels are a
/// few characters each. A reader charges what it makes, or the level texts it looks at when that
/// is more, so that the work per paragraph is bounded by the allowance too.
#[derive(Debug)]
pub(crate) struct LabelAllowance {
    left: usize,
    noted: bool,
}

impl Default for LabelAllowance {
    fn default() -> Self {
        LabelAllowance { left: MAX_LABEL_BYTES, noted: false }
    }
}

impl LabelAllowance {
    /// Whether labels may still be made.
    pub(crate) fn is_open(&self) -> bool {
        self.left > 0
    }

    /// Charges `label` to the allowance: whether it is within it (a label that is not is not
    /// read, and closes the allowance).
    pub(crate) fn charge(&mut self, label: &str) -> bool {
        self.charge_bytes(label.len())
    }

    /// Charges `n` bytes of label text made or looked at: whether they are within the allowance
    /// (if not, it closes).
    pub(crate) fn charge_bytes(&mut self, n: usize) -> bool {
        match self.left.checked_sub(n) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.left = 0;
                false
            }
        }
    }

    /// Whether the allowance is spent and the part has not yet said so: true once.
    pub(crate) fn newly_spent(&mut self) -> bool {
        let first = !self.is_open() && !self.noted;
        self.noted |= first;
        first
    }
}

/// How a list writes its numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum NumberFormat {
    /// `1`, `2`: also every format not known here.
    #[default]
    Decimal,
    /// `01`…`09`, `10`.
    DecimalZero,
    /// `１`, `２`: full-width digits.
    FullWidth,
    /// `①`…`㊿`, then decimal.
    EnclosedCircle,
    /// `⒈`…`⒛`, then decimal.
    EnclosedFullStop,
    /// `⑴`…`⒇`, then decimal.
    EnclosedParen,
    /// `A`…`Z`, `AA`, `BB`: Word repeats the letter.
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    /// `1st`, `2nd`.
    Ordinal,
    /// `一`, `十一`, `九十九`, then digit by digit (`一〇〇`).
    ChineseCounting,
    /// `一`, `十一`, `一百零一`, `一千`.
    ChineseCountingThousand,
    /// `壹`, `壹拾壹`: the characters of amounts.
    ChineseLegal,
    /// `壹`, `壹拾壹` in traditional characters.
    ChineseLegalTraditional,
    /// `一`, `一〇`: digit by digit.
    IdeographDigital,
    /// `甲乙丙丁戊己庚辛壬癸`, round again.
    HeavenlyStems,
    /// `子丑寅卯辰巳午未申酉戌亥`, round again.
    EarthlyBranches,
    /// `甲子`, `乙丑`…: the sixty-year cycle.
    Sexagenary,
    /// `❶`…`❿` (white digits on black circles), then decimal.
    NegativeCircle,
    /// `๑`, `๑๒`: Thai digits.
    ThaiNumbers,
    /// `ก`, `ข`…: Thai letters, then doubled (`กก`).
    ThaiLetters,
    /// `१`, `१२`: Devanagari digits.
    HindiNumbers,
    /// `अ`, `आ`…: Hindi vowels, then doubled.
    HindiVowels,
    /// `क`, `ख`…: Hindi consonants, then doubled.
    HindiConsonants,
    /// `أ`, `ب`, `ت`…: the Arabic alphabet's order, then doubled.
    ArabicAlpha,
    /// `أ`, `ب`, `ج`, `د`…: the Arabic abjad order, then doubled.
    ArabicAbjad,
    /// `א`, `ב`…: the Hebrew alphabet, then doubled.
    HebrewLetters,
    /// No number at all: `机密★%1年` shows `机密★年`.
    None,
}

const LOWER_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_TRADITIONAL_DIGITS: [char; 10] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];
const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const BRANCHES: [char; 12] = ['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'];
const THAI_LETTERS: &str = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ";
const HINDI_VOWELS: &str = "अआइईउऊऋएऐओऔ";
const HINDI_CONSONANTS: &str = "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह";
const ARABIC_ALPHA: &str = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي";
const ARABIC_ABJAD: &str = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ";
const HEBREW_LETTERS: &str = "אבגדהוזחטיכלמנסעפצקרשת";

impl NumberFormat {
    /// The format WordprocessingML names `name` (`w:numFmt/@w:val`); decimal when unknown.
    pub(crate) fn word(name: &str) -> NumberFormat {
        match name.trim() {
            "decimalZero" => NumberFormat::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => NumberFormat::FullWidth,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => NumberFormat::EnclosedCircle,
            "decimalEnclosedFullstop" => NumberFormat::EnclosedFullStop,
            "decimalEnclosedParen" => NumberFormat::EnclosedParen,
            "upperLetter" => NumberFormat::UpperLetter,
            "lowerLetter" => NumberFormat::LowerLetter,
            "upperRoman" => NumberFormat::UpperRoman,
            "lowerRoman" => NumberFormat::LowerRoman,
            "ordinal" => NumberFormat::Ordinal,
            "chineseCounting" | "taiwaneseCounting" | "japaneseCounting" => NumberFormat::ChineseCounting,
            "chineseCountingThousand" | "taiwaneseCountingThousand" => NumberFormat::ChineseCountingThousand,
            "chineseLegalSimplified" => NumberFormat::ChineseLegal,
            "ideographLegalTraditional" | "japaneseLegal" => NumberFormat::ChineseLegalTraditional,
            "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => NumberFormat::IdeographDigital,
            "ideographTraditional" => NumberFormat::HeavenlyStems,
            "ideographZodiac" => NumberFormat::EarthlyBranches,
            "ideographZodiacTraditional" => NumberFormat::Sexagenary,
            "thaiNumbers" => NumberFormat::ThaiNumbers,
            "thaiLetters" => NumberFormat::ThaiLetters,
            "hindiNumbers" => NumberFormat::HindiNumbers,
            "hindiVowels" => NumberFormat::HindiVowels,
            "hindiConsonants" => NumberFormat::HindiConsonants,
            "arabicAlpha" => NumberFormat::ArabicAlpha,
            "arabicAbjad" => NumberFormat::ArabicAbjad,
            "hebrew2" => NumberFormat::HebrewLetters,
            "none" | "bullet" => NumberFormat::None,
            _ => NumberFormat::Decimal,
        }
    }

    /// The format numbered `code` as RTF (`\levelnfcN`) and the binary Word format number them:
    /// the position of its name in WordprocessingML's ST_NumberFormat (0 decimal, 1 upper Roman,
    /// … 37 Chinese counting, 255 none).
    pub(crate) fn code(code: i32) -> NumberFormat {
        match code {
            1 => NumberFormat::UpperRoman,
            2 => NumberFormat::LowerRoman,
            3 => NumberFormat::UpperLetter,
            4 => NumberFormat::LowerLetter,
            5 => NumberFormat::Ordinal,
            10 | 17 | 36 => NumberFormat::IdeographDigital,
            11 | 33 | 37 => NumberFormat::ChineseCounting,
            14 | 19 => NumberFormat::FullWidth,
            16 | 34 => NumberFormat::ChineseLegalTraditional,
            18 | 28 => NumberFormat::EnclosedCircle,
            22 => NumberFormat::DecimalZero,
            23 | 255 => NumberFormat::None,
            26 => NumberFormat::EnclosedFullStop,
            27 => NumberFormat::EnclosedParen,
            30 => NumberFormat::HeavenlyStems,
            31 => NumberFormat::EarthlyBranches,
            32 => NumberFormat::Sexagenary,
            35 | 39 => NumberFormat::ChineseCountingThousand,
            38 => NumberFormat::ChineseLegal,
            _ => NumberFormat::Decimal,
        }
    }

    /// The format OpenDocument names `name` (`style:num-format`: `1`, `a`, `A`, `i`, `I`, `一, 二, 三, ...`,
    /// `①, ②, ③, ...`, `甲, 乙, 丙, ...`; empty for none).
    pub(crate) fn open_document(name: &str) -> NumberFormat {
        match name.trim() {
            "" => NumberFormat::None,
            "a" => NumberFormat::LowerLetter,
            "A" => NumberFormat::UpperLetter,
            "i" => NumberFormat::LowerRoman,
            "I" => NumberFormat::UpperRoman,
            "１, ２, ３, ..." => NumberFormat::FullWidth,
            "①, ②, ③, ..." => NumberFormat::EnclosedCircle,
            "一, 二, 三, ..." | "一, 二, 三, ... (ja)" => NumberFormat::ChineseCountingThousand,
            "壹, 贰, 叁, ..." => NumberFormat::ChineseLegal,
            "壹, 貳, 參, ..." => NumberFormat::ChineseLegalTraditional,
            "甲, 乙, 丙, ..." => NumberFormat::HeavenlyStems,
            "子, 丑, 寅, ..." => NumberFormat::EarthlyBranches,
            "甲子, 乙丑, 丙寅, ..." => NumberFormat::Sexagenary,
            "〇, 一, 二, ..." => NumberFormat::IdeographDigital,
            _ => NumberFormat::Decimal,
        }
    }

    /// Writes `n` in this format to `out`.
    pub(crate) fn write(self, n: u32, out: &mut String) {
        let from = |base: u32, first: u32| char::from_u32(base + n - first);
        let single = match self {
            NumberFormat::EnclosedCircle => match n {
                1..=20 => from(0x2460, 1),
                21..=35 => from(0x3251, 21),
                36..=50 => from(0x32B1, 36),
                _ => None,
            },
            NumberFormat::NegativeCircle if (1..=10).contains(&n) => from(0x2776, 1),
            NumberFormat::EnclosedFullStop if (1..=20).contains(&n) => from(0x2488, 1),
            NumberFormat::EnclosedParen if (1..=20).contains(&n) => from(0x2474, 1),
            NumberFormat::HeavenlyStems if n > 0 => Some(STEMS[(n as usize - 1) % 10]),
            NumberFormat::EarthlyBranches if n > 0 => Some(BRANCHES[(n as usize - 1) % 12]),
            _ => None,
        };
        if let Some(c) = single {
            out.push(c);
            return;
        }
        match self {
            NumberFormat::None => {}
            NumberFormat::DecimalZero if n < 10 => {
                out.push('0');
                out.push_str(&n.to_string());
            }
            NumberFormat::FullWidth => digits_from(0xFF10, n, out),
            NumberFormat::ThaiNumbers => digits_from(0x0E50, n, out),
            NumberFormat::HindiNumbers => digits_from(0x0966, n, out),
            NumberFormat::ThaiLetters if n > 0 => repeated(n, THAI_LETTERS, out),
            NumberFormat::HindiVowels if n > 0 => repeated(n, HINDI_VOWELS, out),
            NumberFormat::HindiConsonants if n > 0 => repeated(n, HINDI_CONSONANTS, out),
            NumberFormat::ArabicAlpha if n > 0 => repeated(n, ARABIC_ALPHA, out),
            NumberFormat::ArabicAbjad if n > 0 => repeated(n, ARABIC_ABJAD, out),
            NumberFormat::HebrewLetters if n > 0 => repeated(n, HEBREW_LETTERS, out),
            NumberFormat::UpperLetter if n > 0 => repeated(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", out),
            NumberFormat::LowerLetter if n > 0 => repeated(n, "abcdefghijklmnopqrstuvwxyz", out),
            NumberFormat::UpperRoman | NumberFormat::LowerRoman if (1..4000).contains(&n) => {
                let roman = roman(n);
                if self == NumberFormat::LowerRoman {
                    out.push_str(&roman.to_ascii_lowercase());
                } else {
                    out.push_str(&roman);
                }
            }
            NumberFormat::Ordinal => {
                let suffix = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                out.push_str(&n.to_string());
                out.push_str(suffix);
            }
            NumberFormat::ChineseCounting if n < 100 => counted(n, &LOWER_DIGITS, ['十', '百', '千', '万'], true, out),
            NumberFormat::ChineseCounting | NumberFormat::IdeographDigital => {
                out.extend(n.to_string().chars().map(|d| LOWER_DIGITS[d as usize - '0' as usize]))
            }
            NumberFormat::ChineseCountingThousand => counted(n, &LOWER_DIGITS, ['十', '百', '千', '万'], true, out),
            NumberFormat::ChineseLegal => counted(n, &LEGAL_DIGITS, ['拾', '佰', '仟', '万'], false, out),
            NumberFormat::ChineseLegalTraditional => {
                counted(n, &LEGAL_TRADITIONAL_DIGITS, ['拾', '佰', '仟', '萬'], false, out)
            }
            NumberFormat::Sexagenary if n > 0 => {
                out.push(STEMS[(n as usize - 1) % 10]);
                out.push(BRANCHES[(n as usize - 1) % 12]);
            }
            _ => out.push_str(&n.to_string()),
        }
    }
}

/// `n` in decimal with the digits from `zero` on (full-width `０`, Thai `๐`, Devanagari `०`).
fn digits_from(zero: u32, n: u32, out: &mut String) {
    out.extend(n.to_string().chars().map(|d| char::from_u32(d as u32 - '0' as u32 + zero).unwrap_or(d)))
}

/// `n` (from 1) as the `n`th letter of `alphabet`, repeated once more each time round (as Word
/// writes `AA` after `Z`); a number past the thousands is not a list's: bounded.
fn repeated(n: u32, alphabet: &str, out: &mut String) {
    let count = alphabet.chars().count() as u32;
    if let Some(letter) = alphabet.chars().nth(((n - 1) % count) as usize) {
        out.extend(std::iter::repeat_n(letter, ((n - 1) / count + 1).min(64) as usize));
    }
}

/// `n` in Roman numerals (1 to 3999).
fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// `n` counted in Chinese numerals: `digits` and the units ten, hundred, thousand, ten thousand;
/// `short_teens` writes 10 to 19 as `十`, `十一` (not `一十一`), as counting does and amounts do not.
/// A gap of zeros inside is `零` (`一百零一`).
fn counted(n: u32, digits: &[char; 10], units: [char; 4], short_teens: bool, out: &mut String) {
    if n == 0 {
        out.push(digits[0]);
        return;
    }
    if n >= 100_000_000 {
        out.push_str(&n.to_string());
        return;
    }
    let (high, low) = (n / 10_000, n % 10_000);
    if high > 0 {
        below_ten_thousand(high, digits, units, short_teens, out);
        out.push(units[3]);
        if low > 0 && low < 1000 {
            out.push('零');
        }
        if low > 0 {
            below_ten_thousand(low, digits, units, false, out);
        }
    } else {
        below_ten_thousand(low, digits, units, short_teens, out);
    }
}

fn below_ten_thousand(n: u32, digits: &[char; 10], units: [char; 4], short_teens: bool, out: &mut String) {
    let places =
        [(n / 1000, Some(units[2])), (n / 100 % 10, Some(units[1])), (n / 10 % 10, Some(units[0])), (n % 10, None)];
    let (mut started, mut zero) = (false, false);
    for (i, (digit, unit)) in places.into_iter().enumerate() {
        if digit == 0 {
            zero |= started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // `十一`, not `一十一`, when ten is the highest place.
        if !(short_teens && i == 2 && digit == 1 && !started) {
            out.push(digits[digit as usize]);
        }
        out.extend(unit);
        started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(format: NumberFormat, n: u32) -> String {
        let mut out = String::new();
        format.write(n, &mut out);
        out
    }

    #[test]
    fn numbers_as_word_writes_them() {
        let cases: &[(&str, u32, &str)] = &[
            ("decimal", 12, "12"),
            ("decimalZero", 7, "07"),
            ("decimalZero", 12, "12"),
            ("decimalFullWidth", 12, "１２"),
            ("decimalEnclosedCircle", 3, "③"),
            ("decimalEnclosedCircle", 21, "㉑"),
            ("decimalEnclosedCircle", 50, "㊿"),
            ("decimalEnclosedCircle", 51, "51"),
            ("decimalEnclosedFullstop", 2, "⒉"),
            ("decimalEnclosedParen", 2, "⑵"),
            ("upperLetter", 1, "A"),
            ("upperLetter", 28, "BB"),
            ("lowerLetter", 3, "c"),
            ("upperRoman", 14, "XIV"),
            ("lowerRoman", 1999, "mcmxcix"),
            ("ordinal", 2, "2nd"),
            ("ordinal", 12, "12th"),
            ("ordinal", 21, "21st"),
            ("chineseCounting", 1, "一"),
            ("chineseCounting", 10, "十"),
            ("chineseCounting", 11, "十一"),
            ("chineseCounting", 20, "二十"),
            ("chineseCounting", 99, "九十九"),
            ("chineseCounting", 100, "一〇〇"),
            ("chineseCountingThousand", 101, "一百零一"),
            ("chineseCountingThousand", 110, "一百一十"),
            ("chineseCountingThousand", 1000, "一千"),
            ("chineseCountingThousand", 10_010, "一万零一十"),
            ("chineseLegalSimplified", 11, "壹拾壹"),
            ("ideographLegalTraditional", 3, "參"),
            ("ideographDigital", 105, "一〇五"),
            ("ideographTraditional", 1, "甲"),
            ("ideographTraditional", 11, "甲"),
            ("ideographZodiac", 12, "亥"),
            ("ideographZodiacTraditional", 1, "甲子"),
            ("ideographZodiacTraditional", 11, "甲戌"),
            ("thaiNumbers", 12, "๑๒"),
            ("thaiLetters", 2, "ข"),
            ("hindiNumbers", 3, "३"),
            ("hindiVowels", 12, "अअ"),
            ("hindiConsonants", 1, "क"),
            ("arabicAlpha", 3, "ت"),
            ("arabicAbjad", 3, "ج"),
            ("hebrew2", 23, "אא"),
            ("none", 5, ""),
            ("no such format", 5, "5"),
        ];
        for (name, n, want) in cases {
            assert_eq!(written(NumberFormat::word(name), *n), *want, "{name} {n}");
        }
    }

    #[test]
    fn rtf_codes_name_the_same_formats_as_word_names() {
        for (code, name) in [
            (0, "decimal"),
            (1, "upperRoman"),
            (4, "lowerLetter"),
            (14, "decimalFullWidth"),
            (18, "decimalEnclosedCircle"),
            (22, "decimalZero"),
            (30, "ideographTraditional"),
            (31, "ideographZodiac"),
            (37, "chineseCounting"),
            (38, "chineseLegalSimplified"),
            (39, "chineseCountingThousand"),
            (255, "none"),
        ] {
            assert_eq!(NumberFormat::code(code), NumberFormat::word(name), "{code} {name}");
        }
    }

    #[test]
    fn open_document_names() {
        assert_eq!(written(NumberFormat::open_document("一, 二, 三, ..."), 11), "十一");
        assert_eq!(written(NumberFormat::open_document("I"), 4), "IV");
        assert_eq!(written(NumberFormat::open_document(""), 4), "");
        assert_eq!(written(NumberFormat::open_document("1"), 4), "4");
    }

    #[test]
    fn the_allowance_admits_labels_up_to_its_size_and_says_so_once() {
        let mut a = LabelAllowance { left: 15, noted: false };
        assert!(a.charge("机密★") && a.is_open() && !a.newly_spent());
        assert!(!a.charge("一二三"), "9 bytes over the 6 left");
        assert!(!a.is_open() && a.newly_spent() && !a.newly_spent());
    }

    /// Every format writes every number, 0 and `u32::MAX` too, without panicking, in at most
    /// 64 characters (the repeated letters' bound; the longest Chinese counting is 17).
    #[test]
    fn every_format_writes_every_number_bounded() {
        let formats = (0..=40).map(NumberFormat::code).chain([NumberFormat::ChineseLegal, NumberFormat::None]);
        let edges = (0..10).flat_map(|k| {
            let p = 10u32.pow(k);
            [p - 1, p, p + 1, p.saturating_mul(2) - 1]
        });
        let numbers: Vec<u32> =
            (0..=100_000).chain(edges).chain([99_999_999, 100_000_000, u32::MAX - 1, u32::MAX]).collect();
        let mut longest = 0;
        for format in formats {
            for &n in &numbers {
                let mut out = String::new();
                format.write(n, &mut out);
                longest = longest.max(out.chars().count());
                assert!(out.chars().count() <= 64, "{format:?} {n}: {out}");
                assert!(format == NumberFormat::None || !out.is_empty(), "{format:?} {n}: nothing");
            }
        }
        assert_eq!(longest, 64);
    }

    #[test]
    fn huge_numbers_stay_bounded() {
        assert_eq!(written(NumberFormat::UpperLetter, u32::MAX).len(), 64);
        assert_eq!(written(NumberFormat::UpperRoman, 4000), "4000");
        assert_eq!(written(NumberFormat::ChineseCountingThousand, u32::MAX), u32::MAX.to_string());
        assert_eq!(written(NumberFormat::EnclosedCircle, 0), "0");
    }
}
