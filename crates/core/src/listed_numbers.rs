//! Listed document numbers found however they are written.
//!
//! A security team lists a protected document as `国密发〔2019〕7号` (or a series as
//! `re:国安发〔20\d\d〕\d+号`), but people write the same number as `国密发[2019]7号`,
//! `国密发（2019）第7号`, `国密发〔2019〕07号` or `国密发〔二〇一九〕七号`: the GB/T 9704 brackets are
//! hard to type. Every document number the generic rule ([`crate::docnumber`]) finds is compared
//! by what it says (agency code, year, number), not by how it is written:
//! - a literal entry that is a whole document number, or a whole year of a series
//!   (`国密发〔2019〕`), matches a number with the same year and number (any number for a year)
//!   whose agency code ends with the entry's;
//! - a `re:` entry of category `doc-number` is tried on the number written the official way
//!   (`国密发〔2019〕7号`) and with each other bracket (`[ ]`, `( )`, `【 】`); a number written
//!   with any other bracket (`{ }`, `〖 〗`…) or none is read by the generic rule, so it is
//!   rewritten too.
//!
//! Matches the literal or pattern matchers already found are found again here; the scan keeps one.

use crate::dictionary::{Entry, Pattern};
use crate::docnumber::{self, Number};
use crate::finding::FindingKind;
use crate::level::Class;
use crate::matcher::RawMatch;
use regex::Regex;
use std::collections::HashMap;

/// The brackets a number is written with when a pattern is tried on it, the official ones first.
const BRACKETS: [(&str, &str); 4] = [("〔", "〕"), ("[", "]"), ("(", ")"), ("【", "】")];

/// A listed number's year and number (none for a whole year of a series).
type YearNumber = (u16, Option<u32>);

/// Entries that name document numbers.
pub(crate) struct ListedNumbers {
    /// What a number says → the agency codes listed with it, and their entries.
    by_number: HashMap<YearNumber, Vec<(Box<str>, u32)>>,
    patterns: Vec<(Regex, u32)>,
}

impl ListedNumbers {
    /// The entries among `entries` that name document numbers; none: `None`.
    pub(crate) fn new(entries: &[Entry]) -> Result<Option<ListedNumbers>, regex::Error> {
        let mut by_number: HashMap<_, Vec<_>> = HashMap::new();
        let mut patterns = Vec::new();
        for (id, e) in entries.iter().enumerate() {
            if e.class == Class::Allow {
                continue;
            }
            match &e.pattern {
                Pattern::Literal(t) => {
                    if let Some((code, year, serial)) = docnumber::parse_whole(t) {
                        by_number.entry((year, serial)).or_default().push((code.into(), id as u32));
                    }
                }
                Pattern::Regex(r) if e.kind == FindingKind::DocNumber => {
                    let limit = crate::dictionary::REGEX_SIZE_LIMIT;
                    patterns.push((regex::RegexBuilder::new(r).size_limit(limit).build()?, id as u32));
                }
                Pattern::Regex(_) => {}
            }
        }
        Ok((!by_number.is_empty() || !patterns.is_empty()).then_some(ListedNumbers { by_number, patterns }))
    }

    /// Calls `f` for each entry naming the document number `n` of `text` (normalised), located
    /// from the entry's agency code (or the number's, for a pattern) to the number's end.
    pub(crate) fn for_each_match(&self, text: &str, n: &Number, mut f: impl FnMut(RawMatch)) {
        let ideographs = &text[n.code_from..n.bracket];
        for key in [(n.year, Some(n.serial)), (n.year, None)] {
            for (code, entry) in self.by_number.get(&key).into_iter().flatten() {
                if ideographs.ends_with(&**code) {
                    let start = (n.bracket - code.len()) as u32;
                    f(RawMatch { entry: *entry, start, end: n.end as u32 });
                }
            }
        }
        if self.patterns.is_empty() {
            return;
        }
        let written: Vec<String> =
            BRACKETS.iter().map(|(open, close)| format!("{ideographs}{open}{}{close}{}号", n.year, n.serial)).collect();
        for (re, entry) in &self.patterns {
            if written.iter().any(|w| re.is_match(w)) {
                f(RawMatch { entry: *entry, start: n.start as u32, end: n.end as u32 });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Dictionary, Rules};

    /// The verdict-relevant findings (rule ids) of `text` scanned with `dict`.
    fn rules_hit(dict: &str, text: &str) -> Vec<String> {
        let d = Dictionary::parse("d", dict.as_bytes()).unwrap();
        let rules = Rules::builder().default_rules(false).dictionary(d).build().unwrap();
        let mut ids: Vec<String> = rules.find_in_text(text).findings.into_iter().map(|f| f.rule.to_string()).collect();
        ids.dedup();
        ids
    }

    #[test]
    fn a_listed_number_is_found_however_it_is_written() {
        let dict = "国密发〔2019〕7号\t机密\tdoc-number\n";
        for text in [
            "根据国密发〔2019〕7号文件",
            "根据国密发[2019]7号文件",
            "根据国密发（2019）7号文件",
            "根据国密发(2019)7号文件",
            "根据国密发【2019】7号文件",
            "根据国密发［2019］7号文件",
            "根据国密发〔2019〕第7号文件",
            "根据国密发〔2019〕07号文件",
            "根据国密发〔二〇一九〕7号文件",
            "根据国密发〔二零一九〕七号文件",
            "根据國密發〔2019〕7號文件",
            "根据国 密 发 〔 2019 〕 7 号文件",
            "经国密发[2019]7号批准",
            "根据国密发{2019}7号文件",
            "根据国密发｛2019｝7号文件",
            "根据国密发〖2019〗7号文件",
            "根据国密发「2019」7号文件",
            "根据国密发2019年7号文件",
            "根据国密发2019年第7号文件",
        ] {
            assert_eq!(rules_hit(dict, text), ["d:1"], "{text}");
        }
        for text in [
            "根据国密发〔2019〕17号文件",
            "根据国密发〔2019〕70号文件",
            "根据国密发〔2018〕7号文件",
            "根据省国保发〔2019〕7号文件",
            "国密发〔2019〕7号",
        ] {
            let expected: &[&str] = if text == "国密发〔2019〕7号" { &["d:1"] } else { &[] };
            assert_eq!(rules_hit(dict, text), expected, "{text}");
        }
    }

    #[test]
    fn an_entry_written_another_way_names_the_same_number() {
        for dict in ["国密发[2019]第7号\t机密\tdoc-number\n", "国密发（二〇一九）七号\t机密\n"] {
            assert_eq!(rules_hit(dict, "见国密发〔2019〕7号"), ["d:1"], "{dict}");
            assert!(rules_hit(dict, "见国密发〔2019〕8号").is_empty(), "{dict}");
        }
    }

    #[test]
    fn a_listed_year_of_a_series_names_every_number_of_that_year() {
        let dict = "国密发〔2019〕\t机密\tdoc-number\n";
        assert_eq!(rules_hit(dict, "依据国密发[2019]12号"), ["d:1"]);
        assert_eq!(rules_hit(dict, "依据国密发（2019）第3号"), ["d:1"]);
        assert!(rules_hit(dict, "依据国密发[2020]12号").is_empty());
    }

    #[test]
    fn a_listed_agency_code_whose_first_character_is_a_lead_word_still_matches() {
        let dict = "经信发〔2019〕7号\t秘密\tdoc-number\n";
        assert_eq!(rules_hit(dict, "经信发[2019]7号"), ["d:1"]);
        assert_eq!(rules_hit(dict, "根据经信发（2019）7号"), ["d:1"]);
    }

    #[test]
    fn a_listed_series_pattern_is_tried_with_every_bracket() {
        let dict = "re:国安发〔20\\d\\d〕\\d+号\t机密\tdoc-number\n";
        for text in ["国安发〔2021〕3号", "国安发[2021]3号", "国安发（2021）第3号", "國安發〔二〇二一〕3號"]
        {
            assert_eq!(rules_hit(dict, text), ["d:1"], "{text}");
        }
        assert!(rules_hit(dict, "国安发〔1999〕3号").is_empty());
        assert!(rules_hit(dict, "国安委发〔2021〕3号").is_empty());
        let written_with_square = "re:国安发\\[20\\d\\d\\]\\d+号\t机密\tdoc-number\n";
        assert_eq!(rules_hit(written_with_square, "国安发〔2021〕3号"), ["d:1"]);
    }

    #[test]
    fn a_number_is_found_once() {
        let d = Dictionary::parse("d", "国密发〔2019〕7号\t机密\tdoc-number\n".as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(d).build().unwrap();
        let out = rules.find_in_text("根据国密发〔2019〕7号文件");
        assert_eq!(out.findings.iter().filter(|f| f.rule == "d:1").count(), 1);
        assert_eq!(out.findings.iter().find(|f| f.rule == "d:1").unwrap().matched, "国密发〔2019〕7号");
    }
}
