//! Automatic numbers (`a:buAutoNum`): the number PowerPoint prints before a paragraph of a
//! numbered list, in one of DrawingML's 41 schemes (ST_TextAutonumberScheme: `arabicPeriod` 1.,
//! `ea1ChsPeriod` 一., `ea1JpnChsDbPeriod` 一．, `circleNumDbPlain` ①, `alphaUcParenR` A), …).
//!
//! A scheme is a number format shared with the other readers' lists (see [`NumberFormat`]) and
//! the punctuation around it. Numbers are counted in a text body per paragraph level as
//! PowerPoint counts them (see [`Numbering`]).

use crate::list_labels::NumberFormat;

/// The schemes: name, how the number is written, what comes before and after it.
const SCHEMES: [(&str, NumberFormat, &str, &str); 41] = [
    ("alphaLcParenBoth", NumberFormat::LowerLetter, "(", ")"),
    ("alphaUcParenBoth", NumberFormat::UpperLetter, "(", ")"),
    ("alphaLcParenR", NumberFormat::LowerLetter, "", ")"),
    ("alphaUcParenR", NumberFormat::UpperLetter, "", ")"),
    ("alphaLcPeriod", NumberFormat::LowerLetter, "", "."),
    ("alphaUcPeriod", NumberFormat::UpperLetter, "", "."),
    ("arabicParenBoth", NumberFormat::Decimal, "(", ")"),
    ("arabicParenR", NumberFormat::Decimal, "", ")"),
    ("arabicPeriod", NumberFormat::Decimal, "", "."),
    ("arabicPlain", NumberFormat::Decimal, "", ""),
    ("romanLcParenBoth", NumberFormat::LowerRoman, "(", ")"),
    ("romanUcParenBoth", NumberFormat::UpperRoman, "(", ")"),
    ("romanLcParenR", NumberFormat::LowerRoman, "", ")"),
    ("romanUcParenR", NumberFormat::UpperRoman, "", ")"),
    ("romanLcPeriod", NumberFormat::LowerRoman, "", "."),
    ("romanUcPeriod", NumberFormat::UpperRoman, "", "."),
    ("circleNumDbPlain", NumberFormat::EnclosedCircle, "", ""),
    ("circleNumWdBlackPlain", NumberFormat::NegativeCircle, "", ""),
    ("circleNumWdWhitePlain", NumberFormat::EnclosedCircle, "", ""),
    ("arabicDbPeriod", NumberFormat::FullWidth, "", "．"),
    ("arabicDbPlain", NumberFormat::FullWidth, "", ""),
    ("ea1ChsPeriod", NumberFormat::ChineseCountingThousand, "", "."),
    ("ea1ChsPlain", NumberFormat::ChineseCountingThousand, "", ""),
    ("ea1ChtPeriod", NumberFormat::ChineseCountingThousand, "", "."),
    ("ea1ChtPlain", NumberFormat::ChineseCountingThousand, "", ""),
    ("ea1JpnChsDbPeriod", NumberFormat::ChineseCountingThousand, "", "．"),
    ("ea1JpnKorPlain", NumberFormat::ChineseCountingThousand, "", ""),
    ("ea1JpnKorPeriod", NumberFormat::ChineseCountingThousand, "", "."),
    ("arabic1Minus", NumberFormat::ArabicAlpha, "", "-"),
    ("arabic2Minus", NumberFormat::ArabicAbjad, "", "-"),
    ("hebrew2Minus", NumberFormat::HebrewLetters, "", "-"),
    ("thaiAlphaPeriod", NumberFormat::ThaiLetters, "", "."),
    ("thaiAlphaParenR", NumberFormat::ThaiLetters, "", ")"),
    ("thaiAlphaParenBoth", NumberFormat::ThaiLetters, "(", ")"),
    ("thaiNumPeriod", NumberFormat::ThaiNumbers, "", "."),
    ("thaiNumParenR", NumberFormat::ThaiNumbers, "", ")"),
    ("thaiNumParenBoth", NumberFormat::ThaiNumbers, "(", ")"),
    ("hindiAlphaPeriod", NumberFormat::HindiVowels, "", "."),
    ("hindiNumPeriod", NumberFormat::HindiNumbers, "", "."),
    ("hindiNumParenR", NumberFormat::HindiNumbers, "", ")"),
    ("hindiAlpha1Period", NumberFormat::HindiConsonants, "", "."),
];

/// Levels a text body has (`a:pPr/@lvl` 0 to 8).
const LEVELS: usize = 9;

/// An automatic number: its scheme and the number it starts at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AutoNumber {
    /// Index into [`SCHEMES`].
    scheme: u8,
    start_at: u32,
}

impl AutoNumber {
    /// The number of scheme `name` (`a:buAutoNum/@type`; an unknown one is `arabicPeriod`, as
    /// it prints no words either) starting at `start_at` (`@startAt`, 1 to 32767, else 1).
    pub(crate) fn new(name: &str, start_at: Option<&str>) -> AutoNumber {
        let scheme = SCHEMES.iter().position(|(n, ..)| *n == name.trim()).unwrap_or(8) as u8;
        let start_at =
            start_at.and_then(|s| s.trim().parse::<u32>().ok()).filter(|s| (1..=32_767).contains(s)).unwrap_or(1);
        AutoNumber { scheme, start_at }
    }

    /// Number `n` as this scheme prints it (`一.`, `(iv)`, `①`).
    pub(crate) fn write(self, n: u32, out: &mut String) {
        let (_, format, before, after) = SCHEMES[usize::from(self.scheme)];
        out.push_str(before);
        format.write(n, out);
        out.push_str(after);
    }
}

/// The numbers of a text body's paragraphs, counted as PowerPoint counts them: a numbered
/// paragraph continues the count of the paragraphs before it at its level when they have its
/// scheme and start, and starts again at its `startAt` otherwise. A paragraph of a lower level
/// (less indented) ends the counts of the levels below it; one at the same level without a
/// number (a bullet, `a:buNone`) ends that level's count; a deeper paragraph between numbered
/// ones does not. An empty paragraph shows no number and is not counted (PowerPoint skips it).
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    levels: [Option<(AutoNumber, u32)>; LEVELS],
}

impl Numbering {
    /// Counts a paragraph of `level` numbered by `number` (`None`: not numbered); the number it
    /// shows.
    pub(crate) fn count(&mut self, level: usize, number: Option<AutoNumber>) -> Option<u32> {
        let level = level.min(LEVELS - 1);
        for deeper in &mut self.levels[level + 1..] {
            *deeper = None;
        }
        let Some(number) = number else {
            self.levels[level] = None;
            return None;
        };
        let n = match self.levels[level] {
            Some((before, n)) if before == number => n.saturating_add(1),
            _ => number.start_at,
        };
        self.levels[level] = Some((number, n));
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(name: &str, n: u32) -> String {
        let mut out = String::new();
        AutoNumber::new(name, None).write(n, &mut out);
        out
    }

    #[test]
    fn every_scheme_is_written_as_powerpoint_prints_it() {
        let cases = [
            ("alphaLcParenBoth", 2, "(b)"),
            ("alphaUcParenR", 27, "AA)"),
            ("arabicPeriod", 12, "12."),
            ("arabicPlain", 3, "3"),
            ("romanUcPeriod", 4, "IV."),
            ("romanLcParenBoth", 9, "(ix)"),
            ("circleNumDbPlain", 3, "③"),
            ("circleNumWdBlackPlain", 10, "❿"),
            ("circleNumWdWhitePlain", 2, "②"),
            ("arabicDbPeriod", 12, "１２．"),
            ("ea1ChsPeriod", 1, "一."),
            ("ea1ChsPlain", 3, "三"),
            ("ea1ChsPlain", 11, "十一"),
            ("ea1ChtPeriod", 20, "二十."),
            ("ea1JpnChsDbPeriod", 2, "二．"),
            ("ea1JpnKorPeriod", 101, "一百零一."),
            ("arabic1Minus", 2, "ب-"),
            ("hebrew2Minus", 1, "א-"),
            ("thaiNumParenBoth", 5, "(๕)"),
            ("hindiAlpha1Period", 2, "ख."),
            ("no such scheme", 2, "2."),
        ];
        for (name, n, want) in cases {
            assert_eq!(shown(name, n), want, "{name} {n}");
        }
        // Each of the 41 names is its own scheme.
        for (i, (name, ..)) in SCHEMES.iter().enumerate() {
            assert_eq!(usize::from(AutoNumber::new(name, None).scheme), i, "{name}");
        }
    }

    #[test]
    fn numbers_are_counted_per_level_and_scheme() {
        let chinese = AutoNumber::new("ea1ChsPlain", None);
        let from_three = AutoNumber::new("ea1ChsPlain", Some("3"));
        let letters = AutoNumber::new("alphaLcPeriod", None);
        let mut numbering = Numbering::default();
        let mut counted = |level, number| numbering.count(level, number);
        assert_eq!(counted(0, Some(from_three)), Some(3));
        assert_eq!(counted(0, Some(from_three)), Some(4));
        // A deeper list between does not break the count; a lower level ends the deeper count.
        assert_eq!(counted(1, Some(letters)), Some(1));
        assert_eq!(counted(1, Some(letters)), Some(2));
        assert_eq!(counted(0, Some(from_three)), Some(5));
        assert_eq!(counted(1, Some(letters)), Some(1));
        // Another scheme or start, or a paragraph without a number, starts again.
        assert_eq!(counted(0, Some(chinese)), Some(1));
        assert_eq!(counted(0, None), None);
        assert_eq!(counted(0, Some(chinese)), Some(1));
        assert_eq!(counted(0, Some(chinese)), Some(2));
        // A start out of range is 1.
        assert_eq!(AutoNumber::new("arabicPlain", Some("0")).start_at, 1);
        assert_eq!(AutoNumber::new("arabicPlain", Some("99999")).start_at, 1);
    }
}
