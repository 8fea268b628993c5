//! The other spellings of a term that normalisation cannot undo on the text's side.
//!
//! Traditional words that convert as a phrase: normalisation reads the text one character at a
//! time, and `計畫` (how Taiwan, and OpenCC's phrase conversion, writes `计划`) reads `计画`,
//! since `畫` alone is `画`; so a term holding `计划` is also matched as `计画` (the words are
//! OpenCC's, in the generated [`phrase_table`](super::phrase_table)).
//!
//! Taiwan's words for things the mainland calls otherwise (`项目` is `專案`, `信息` is `資訊`;
//! OpenCC's TWPhrases, in the generated [`tw_phrase_table`](super::tw_phrase_table)): a term
//! `紫电项目` converted as Taiwan writes it reads `紫电专案`, so it is also matched so.
//!
//! The separators between the Latin letters and digits of a code name or a model (`KJ-3型` as
//! `KJ3型` or `KJ 3型`).
//!
//! Normalisation drops fillers between ideographs, but keeps them between two Latin characters,
//! where a hyphen, a space or a dot can mean something; so a term is matched with each of these
//! separators at its junctions instead. Only a separator between two ASCII letters or digits is a
//! junction; a term without one has a junction wherever its letters turn into digits or back
//! (`KJ3型` is also `KJ-3型`), up to [`MAX_TRANSITIONS`] of them.

//!
//! Numbers in a designation written the other way (`第八十七研究所` as `第87研究所`, `203所` as
//! `二〇三所` or `二百零三所`): only a number after `第` or before a word of units (所, 院, 部队…),
//! Arabic ones of at most three digits outside a Latin code (`KA-679号` stays as it is, and
//! nobody writes `76619部队` in words).

/// Characters after which a number is a designation's (`五所`, `87号`, `十一局`).
const UNIT_WORDS: &str = "所院号厂局处室队部团旅营连师军期批届次工基站库型舰艇中";

/// The separators a junction is also matched with (all of a term's junctions alike): none, the
/// hyphen (every dash, and one `_` or `·` between two Latin characters, reads as one), a space.
/// Each costs a literal per term in the matcher (measured in benches/README.md).
const SEPARATORS: [&str; 3] = ["", "-", " "];

/// A term with more letter/digit changes than this is not a code (`a1b2c3d4`): no spellings.
const MAX_TRANSITIONS: usize = 2;

/// What a junction may hold in a normalised term (dashes are already the hyphen).
fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '_' | '·' | '•' | '・' | '‧' | '∙' | '⋅')
}

/// The other spellings of the normalised term `term` (never `term` itself, no repeats): its
/// phrases read character by character from their traditional form, its words as Taiwan says
/// them (both), then its junctions written otherwise.
pub(crate) fn other_spellings(term: &str) -> Vec<String> {
    static TRADITIONAL: std::sync::OnceLock<Phrases> = std::sync::OnceLock::new();
    static TAIWAN: std::sync::OnceLock<Phrases> = std::sync::OnceLock::new();
    let traditional = TRADITIONAL.get_or_init(|| Phrases::new(&super::phrase_table::PHRASES));
    let taiwan = TAIWAN.get_or_init(|| Phrases::new(&super::tw_phrase_table::TW_PHRASES));
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if s != term && !out.contains(&s) {
            out.push(s);
        }
    };
    let read = traditional.respell(term, true);
    // A term that is nothing but one of Taiwan's words is not respelled: `项目` alone as `专案`
    // (a special case, to the mainland) would fire on another word.
    let said = taiwan.respell(term, false);
    let both = read.as_deref().and_then(|r| taiwan.respell(r, false));
    read.into_iter().chain(said).chain(both).for_each(&mut push);
    numeral_spellings(term).into_iter().for_each(&mut push);
    separator_spellings(term).into_iter().for_each(&mut push);
    spelled_out_spellings(term).into_iter().for_each(push);
    out
}

/// Most letters of a run that is spelled out letter by letter (a code's `KJ`, `XRQ`; not a
/// word such as `bluefin`, whose letters nobody spaces).
const MAX_SPELLED_LETTERS: usize = 4;

/// A code's letters spelled out one by one with spaces, as `紫 电 计 划` spells out a Chinese
/// name: `K J-3型` normalises to `k j-3型`, since the normaliser keeps a space between two Latin
/// letters (a space between words); so every run of two to [`MAX_SPELLED_LETTERS`] ASCII letters
/// of the term is also matched with a space between its letters, the rest of the term as it is.
/// (Symbols between letters that stand alone, `K-J-3型`, `K·J·3型`, are dropped by the
/// normaliser itself.)
fn spelled_out_spellings(term: &str) -> Vec<String> {
    let b = term.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let n = b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if (2..=MAX_SPELLED_LETTERS).contains(&n) {
            runs.push((i, i + n));
        }
        i += n.max(1);
    }
    if runs.is_empty() {
        return Vec::new();
    }
    let mut s = String::with_capacity(term.len() + MAX_SPELLED_LETTERS);
    let mut at = 0;
    for &(start, end) in &runs {
        s.push_str(&term[at..start]);
        for (k, c) in term[start..end].chars().enumerate() {
            if k > 0 {
                s.push(' ');
            }
            s.push(c);
        }
        at = end;
    }
    s.push_str(&term[at..]);
    vec![s]
}

/// The value of a Chinese numeral digit.
pub(crate) fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Is `c` a Chinese numeral, a digit or a unit?
fn is_chinese_numeral(c: char) -> bool {
    matches!(c, '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千')
}

fn chinese_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// A run of Chinese numerals as Arabic digits: counting (`八十七` 87, `一百零三` 103, `十一` 11)
/// or digit by digit (`二〇三` 203).
fn chinese_to_arabic(run: &str) -> Option<String> {
    if !run.chars().any(|c| chinese_unit(c).is_some()) {
        return run.chars().map(|c| chinese_digit(c).and_then(|d| char::from_digit(d, 10))).collect();
    }
    let (mut total, mut current) = (0u32, None::<u32>);
    for c in run.chars() {
        if let Some(d) = chinese_digit(c) {
            current = Some(d);
        } else {
            let unit = chinese_unit(c)?;
            total += current.unwrap_or(1) * unit;
            current = None;
        }
    }
    Some((total + current.unwrap_or(0)).to_string())
}

/// An Arabic number of at most three digits in Chinese, counting (`87` 八十七, `103` 一百零三,
/// `11` 十一) and, from two digits, digit by digit (`二〇三`, `二零三`).
fn arabic_to_chinese(run: &str) -> Vec<String> {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let Ok(n) = run.parse::<u32>() else { return Vec::new() };
    if run.len() > 3 || run.starts_with('0') {
        return Vec::new();
    }
    let (hundreds, tens, ones) = (n / 100, n / 10 % 10, n % 10);
    let mut counting = String::new();
    if hundreds > 0 {
        counting.push(DIGITS[hundreds as usize]);
        counting.push('百');
    }
    match (hundreds, tens) {
        (0, 0) => {}
        (0, 1) => counting.push('十'),
        (_, 0) if ones > 0 => counting.push('零'),
        (_, 0) => {}
        (_, t) => {
            counting.push(DIGITS[t as usize]);
            counting.push('十');
        }
    }
    if ones > 0 || n == 0 {
        counting.push(DIGITS[ones as usize]);
    }
    let mut out = vec![counting];
    if run.len() > 1 {
        let by_digit: String = run.bytes().map(|b| DIGITS[(b - b'0') as usize]).collect();
        out.push(by_digit.replace('〇', "零"));
        out.push(by_digit);
    }
    out
}

/// The spellings of `term` with each number of a designation in it written the other way (see
/// the module doc); each number alone, the others as written.
fn numeral_spellings(term: &str) -> Vec<String> {
    // Most terms hold no number at all: one pass to say so, nothing kept.
    if !term.chars().any(|c| c.is_ascii_digit() || is_chinese_numeral(c)) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = term.char_indices().collect();
    let is_chinese = is_chinese_numeral;
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let chinese = is_chinese(chars[i].1);
        if !chinese && !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && if chinese { is_chinese(chars[i].1) } else { chars[i].1.is_ascii_digit() } {
            i += 1;
        }
        let (from, to) = (chars[start].0, chars.get(i).map_or(term.len(), |&(b, _)| b));
        let before = start.checked_sub(1).map(|k| chars[k].1);
        let after = chars.get(i).map(|&(_, c)| c);
        let designation = before == Some('第') || after.is_some_and(|c| UNIT_WORDS.contains(c));
        if !designation {
            continue;
        }
        let run = &term[from..to];
        let respelled = if chinese {
            chinese_to_arabic(run).into_iter().collect()
        } else if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ') {
            Vec::new()
        } else {
            arabic_to_chinese(run)
        };
        for r in respelled {
            out.push(format!("{}{r}{}", &term[..from], &term[to..]));
        }
    }
    out
}

/// A table of phrases (a word, and how it is written otherwise), sorted so that those beginning
/// with one character stand together: a term is a few characters long, so each place is tried
/// with no automaton (whose search costs more to start than a term costs to walk).
struct Phrases {
    sorted: Vec<(&'static str, &'static str)>,
    /// One bit per character of the Basic Multilingual Plane: whether a phrase begins with it
    /// (one look-up per character of a term: most are not).
    begins: Vec<u64>,
    /// The characters phrases begin with, each with its phrases' range in `sorted`.
    firsts: Vec<(char, std::ops::Range<usize>)>,
}

impl Phrases {
    fn new(table: &[(&'static str, &'static str)]) -> Phrases {
        let mut sorted = table.to_vec();
        sorted.sort_unstable();
        let mut firsts: Vec<(char, std::ops::Range<usize>)> = Vec::new();
        let mut begins = vec![0u64; 0x10000 / 64];
        for (i, (word, _)) in sorted.iter().enumerate() {
            let Some(c) = word.chars().next() else { continue };
            match firsts.last_mut() {
                Some((last, range)) if *last == c => range.end = i + 1,
                _ => firsts.push((c, i..i + 1)),
            }
            if let Some(bits) = begins.get_mut(c as usize / 64) {
                *bits |= 1 << (c as usize % 64);
            }
        }
        Phrases { sorted, begins, firsts }
    }

    /// The phrases that begin with `c`.
    fn beginning_with(&self, c: char) -> &[(&'static str, &'static str)] {
        let bmp = self.begins.get(c as usize / 64).map(|bits| bits >> (c as usize % 64) & 1 == 1);
        if bmp == Some(false) {
            return &[];
        }
        match self.firsts.binary_search_by_key(&c, |(first, _)| *first) {
            Ok(i) => &self.sorted[self.firsts[i].1.clone()],
            Err(_) => &[],
        }
    }

    /// `term` with every phrase of the table it holds written the other way (the longest at each
    /// place: `紫电计划` -> `紫电计画`); `None` when it holds none, or (unless `whole`) when the
    /// term is one phrase and nothing else.
    fn respell(&self, term: &str, whole: bool) -> Option<String> {
        let mut out: Option<String> = None;
        let mut at = 0;
        let mut copied = 0;
        while let Some(c) = term[at..].chars().next() {
            let candidates = self.beginning_with(c);
            if candidates.is_empty() {
                at += c.len_utf8();
                continue;
            }
            let found =
                candidates.iter().filter(|(word, _)| term[at..].starts_with(word)).max_by_key(|(word, _)| word.len());
            match found {
                Some(&(word, _)) if !whole && word.len() == term.len() => return None,
                Some(&(word, other)) => {
                    let s = out.get_or_insert_with(|| String::with_capacity(term.len() + 8));
                    s.push_str(&term[copied..at]);
                    s.push_str(other);
                    at += word.len();
                    copied = at;
                }
                None => at += c.len_utf8(),
            }
        }
        let mut out = out?;
        out.push_str(&term[copied..]);
        Some(out)
    }
}

/// The spellings of `term` with its junctions written otherwise; none when it has no junction.
fn separator_spellings(term: &str) -> Vec<String> {
    let junctions = junctions(term);
    if junctions.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if s != term && !out.contains(&s) {
            out.push(s);
        }
    };
    for sep in SEPARATORS {
        push(respell(term, &junctions, |_| sep));
    }
    // Two junctions: each also written on its own, the other as the term has it (`KJ-3B` for
    // `KJ3B`, `XRQ168-A` for `XRQ-168-A`).
    if junctions.len() == 2 {
        for j in 0..2 {
            for sep in &SEPARATORS {
                push(respell(term, &junctions, |k| if k == j { sep } else { &term[junctions[k].0..junctions[k].1] }));
            }
        }
    }
    out
}

/// `term` with its junction `k` written as `sep(k)`.
fn respell<'a>(term: &'a str, junctions: &[(usize, usize)], sep: impl Fn(usize) -> &'a str) -> String {
    let mut s = String::with_capacity(term.len() + junctions.len() * 2);
    let mut at = 0;
    for (k, &(start, end)) in junctions.iter().enumerate() {
        s.push_str(&term[at..start]);
        s.push_str(sep(k));
        at = end;
    }
    s.push_str(&term[at..]);
    s
}

/// The byte ranges of the term's junctions: runs of separators between two ASCII letters or
/// digits; else the empty ranges where ASCII letters turn into digits or back.
fn junctions(term: &str) -> Vec<(usize, usize)> {
    // Most terms are Chinese words without two ASCII letters or digits: no junction.
    if term.bytes().filter(u8::is_ascii_alphanumeric).nth(1).is_none() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = term.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_separator(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_separator(chars[i].1) {
            i += 1;
        }
        let before = start.checked_sub(1).map(|k| chars[k].1);
        let after = chars.get(i).map(|&(_, c)| c);
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            let end = chars.get(i).map_or(term.len(), |&(b, _)| b);
            runs.push((chars[start].0, end));
        }
    }
    if !runs.is_empty() {
        return runs;
    }
    let changes: Vec<(usize, usize)> = chars
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0].1, w[1].1);
            (a.is_ascii_alphabetic() && b.is_ascii_digit()) || (a.is_ascii_digit() && b.is_ascii_alphabetic())
        })
        .map(|w| (w[1].0, w[1].0))
        .collect();
    if changes.len() > MAX_TRANSITIONS {
        return Vec::new();
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_term;

    #[test]
    fn a_model_is_also_spelled_with_every_separator_or_none() {
        let term = normalize_term("KJ-3型");
        let spellings = other_spellings(&term);
        assert_eq!(spellings, ["kj3型", "kj 3型", "k j-3型"]);
        // Each spelling is what the text written that way normalises to.
        for written in ["KJ3型", "KJ 3型", "ＫＪ　３型", "KJ  3型", "K J-3型", "K J 3型", "Ｋ　Ｊ　３型"]
        {
            assert!(spellings.contains(&normalize_term(written)), "{written}");
        }
        // All junctions alike; a separator run counts once.
        assert_eq!(other_spellings("xrq-168-a")[..2], ["xrq168a".to_string(), "xrq 168 a".to_string()]);
        assert_eq!(other_spellings("ab - 12")[0], "ab12");
    }

    #[test]
    fn letters_turning_into_digits_are_a_junction_when_there_is_no_separator() {
        assert_eq!(other_spellings("kj3型")[..2], ["kj-3型".to_string(), "kj 3型".to_string()]);
        let spellings = other_spellings("kj3b型");
        assert_eq!(spellings[0], "kj-3-b型");
        for mixed in ["kj-3b型", "kj 3b型", "kj3-b型", "kj3 b型"] {
            assert!(spellings.contains(&mixed.to_string()), "{mixed}: {spellings:?}");
        }
        assert!(other_spellings("xrq-168-a").contains(&"xrq168-a".to_string()));
        assert!(other_spellings("a1b2c3").is_empty(), "not a code: too many changes");
    }

    #[test]
    fn a_phrase_is_also_spelled_as_its_traditional_form_reads() {
        assert_eq!(other_spellings(&normalize_term("紫电计划")), ["紫电计画"]);
        // Exactly what the traditional text normalises to.
        assert_eq!(normalize_term("紫電計畫"), "紫电计画");
        assert_eq!(other_spellings("反复了解kj-3")[..3], ["反覆瞭解kj-3", "反复了解kj3", "反复了解kj 3"]);
        // Both sides of the table are normal forms, and differ.
        for &(simple, read) in super::super::phrase_table::PHRASES.iter() {
            assert_eq!(normalize_term(simple), simple);
            assert_eq!(normalize_term(read), read);
            assert_ne!(simple, read);
        }
    }

    #[test]
    fn a_word_is_also_spelled_as_taiwan_says_it() {
        // `紫電專案` is how OpenCC's s2twp (Taiwan, with its vocabulary) writes `紫电项目`.
        assert_eq!(other_spellings(&normalize_term("紫电项目")), ["紫电专案"]);
        assert_eq!(normalize_term("紫電專案"), "紫电专案");
        // Both conversions at once, each alone, and the term as one of the words: unchanged.
        let both = other_spellings(&normalize_term("青龙计划信息系统"));
        for spelled in ["青龙计画信息系统", "青龙计划资讯系统", "青龙计画资讯系统"] {
            assert!(both.contains(&spelled.to_string()), "{spelled}: {both:?}");
        }
        assert!(other_spellings("项目").is_empty(), "a common word alone is not respelled");
        assert_eq!(other_spellings("计划"), ["计画"], "a phrase that converts as one still is");
        for &(mainland, taiwan) in super::super::tw_phrase_table::TW_PHRASES.iter() {
            assert_eq!(normalize_term(mainland), mainland);
            assert_eq!(normalize_term(taiwan), taiwan);
            assert_ne!(mainland, taiwan);
        }
    }

    #[test]
    fn a_designation_is_also_spelled_with_its_number_written_the_other_way() {
        assert_eq!(other_spellings("第八十七研究所"), ["第87研究所"]);
        assert_eq!(other_spellings("第五研究所"), ["第5研究所"]);
        assert_eq!(other_spellings("二〇三所"), ["203所"]);
        assert_eq!(other_spellings("一百零三厂"), ["103厂"]);
        assert_eq!(other_spellings("十一局"), ["11局"]);
        assert_eq!(other_spellings("203所"), ["二百零三所", "二零三所", "二〇三所"]);
        assert_eq!(other_spellings("第11研究院"), ["第十一研究院", "第一一研究院", "第一一研究院"][..2]);
        assert_eq!(other_spellings("第110研究所")[0], "第一百一十研究所");
        assert_eq!(other_spellings("第5研究所"), ["第五研究所"]);
        // Each spelling is what the text written that way normalises to.
        assert!(other_spellings("第五研究所").contains(&normalize_term("第５研究所")));
        // Not a designation's number: a word (统一, 三峡), a long unit number, a Latin code.
        for term in ["统一战线工作", "三峡工程指挥部"] {
            assert!(other_spellings(term).is_empty(), "{term}: {:?}", other_spellings(term));
        }
        assert!(other_spellings("76619部队").is_empty());
        assert!(other_spellings("ka-679号").iter().all(|s| !s.contains('六')), "{:?}", other_spellings("ka-679号"));
    }

    #[test]
    fn a_code_is_also_spelled_out_letter_by_letter() {
        let spellings = other_spellings(&normalize_term("KJ-3型"));
        // Each spelling is what the text written that way normalises to.
        for written in ["K J-3型", "K J - 3 型", "Ｋ　Ｊ－３型"] {
            assert!(spellings.contains(&normalize_term(written)), "{written}: {spellings:?}");
        }
        // Symbols between the letters: the text normalises to the term itself.
        for written in ["K·J-3型", "K-J-3型", "K_J·3型", "K·J·3型"] {
            assert_eq!(normalize_term(written), "kj-3型", "{written}");
        }
        assert!(other_spellings("xrq-168-a").contains(&"x r q-168-a".to_string()));
        assert!(other_spellings("紫电kj").contains(&"紫电k j".to_string()));
        // A word is not spelled out, nor a lone letter.
        assert!(other_spellings("bluefin型").iter().all(|s| !s.contains("b l")));
        assert!(other_spellings("k-3型").iter().all(|s| !s.starts_with("k ") || s == "k 3型"));
    }

    #[test]
    fn terms_without_a_latin_junction_or_such_a_phrase_have_no_other_spelling() {
        for term in ["紫电工程", "青龙-研究所", "k-", "-3型", "bluefin", "型-3"] {
            assert!(other_spellings(term).is_empty(), "{term}");
        }
        assert_eq!(other_spellings("project bluefin")[0], "projectbluefin");
    }
}
