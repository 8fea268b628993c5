//! The other spellings of a term that normalisation cannot undo on the text's side.
//!
//! Traditional words that convert as a phrase: normalisation reads the text one character at a
//! time, and `計畫` (how Taiwan, and OpenCC's phrase conversion, writes `计划`) reads `计画`,
//! since `畫` alone is `画`; so a term holding `计划` is also matched as `计画` (the words are
//! OpenCC's, in the generated [`phrase_table`](super::phrase_table)).
//!
//! The separators between the Latin letters and digits of a code name or a model (`KJ-3型` as
//! `KJ3型` or `KJ 3型`).
//!
//! Normalisation drops fillers between ideographs, but keeps them between two Latin characters,
//! where a hyphen, a space or a dot can mean something; so a term is matched with each of these
//! separators at its junctions instead. Only a separator between two ASCII letters or digits is a
//! junction; a term without one has a junction wherever its letters turn into digits or back
//! (`KJ3型` is also `KJ-3型`), up to [`MAX_TRANSITIONS`] of them.

/// The separators a junction is also matched with (all of a term's junctions alike): none, the
/// hyphen (every dash reads as one), a space. Each costs a literal per term in the matcher, so
/// the rarer `_` and `·` are not among them (measured in benches/README.md).
const SEPARATORS: [&str; 3] = ["", "-", " "];

/// A term with more letter/digit changes than this is not a code (`a1b2c3d4`): no spellings.
const MAX_TRANSITIONS: usize = 2;

/// What a junction may hold in a normalised term (dashes are already the hyphen).
fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '_' | '·' | '•' | '・' | '‧' | '∙' | '⋅')
}

/// The other spellings of the normalised term `term` (never `term` itself, no repeats): its
/// phrases read character by character from their traditional form, then its junctions written
/// otherwise.
pub(crate) fn other_spellings(term: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(read) = phrases_as_read(term) {
        out.push(read);
    }
    for s in separator_spellings(term) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// `term` with every phrase that converts as a whole written as its traditional form reads one
/// character at a time (`紫电计划` -> `紫电计画`); `None` when it holds no such phrase.
fn phrases_as_read(term: &str) -> Option<String> {
    // The phrases sorted, so that those beginning with one character stand together (a term is a
    // few characters long: tried at each place, no automaton, whose search costs more to start).
    static SORTED: std::sync::OnceLock<Vec<(&str, &str)>> = std::sync::OnceLock::new();
    let sorted = SORTED.get_or_init(|| {
        let mut sorted = super::phrase_table::PHRASES.to_vec();
        sorted.sort_unstable();
        sorted
    });
    // The characters phrases begin with: most characters of most terms are none of them.
    static FIRSTS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let firsts = FIRSTS.get_or_init(|| {
        let mut firsts: Vec<char> = sorted.iter().filter_map(|(simple, _)| simple.chars().next()).collect();
        firsts.dedup();
        firsts
    });
    let mut out: Option<String> = None;
    let mut at = 0;
    let mut copied = 0;
    while let Some(c) = term[at..].chars().next() {
        if firsts.binary_search(&c).is_err() {
            at += c.len_utf8();
            continue;
        }
        let mut buf = [0u8; 4];
        let first: &str = c.encode_utf8(&mut buf);
        let from = sorted.partition_point(|(simple, _)| *simple < first);
        // The longest phrase that begins here.
        let found = sorted[from..]
            .iter()
            .take_while(|(simple, _)| simple.starts_with(first))
            .filter(|(simple, _)| term[at..].starts_with(simple))
            .max_by_key(|(simple, _)| simple.len());
        match found {
            Some(&(simple, read)) => {
                let s = out.get_or_insert_with(|| String::with_capacity(term.len()));
                s.push_str(&term[copied..at]);
                s.push_str(read);
                at += simple.len();
                copied = at;
            }
            None => at += c.len_utf8(),
        }
    }
    let mut out = out?;
    out.push_str(&term[copied..]);
    Some(out)
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
        assert_eq!(spellings, ["kj3型", "kj 3型"]);
        // Each spelling is what the text written that way normalises to.
        for written in ["KJ3型", "KJ 3型", "ＫＪ　３型", "KJ  3型"] {
            assert!(spellings.contains(&normalize_term(written)), "{written}");
        }
        // All junctions alike; a separator run counts once.
        assert_eq!(other_spellings("xrq-168-a")[..2], ["xrq168a".to_string(), "xrq 168 a".to_string()]);
        assert_eq!(other_spellings("ab - 12")[0], "ab12");
    }

    #[test]
    fn letters_turning_into_digits_are_a_junction_when_there_is_no_separator() {
        assert_eq!(other_spellings("kj3型"), ["kj-3型", "kj 3型"]);
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
        assert_eq!(other_spellings("反复了解kj-3"), ["反覆瞭解kj-3", "反复了解kj3", "反复了解kj 3"]);
        // Both sides of the table are normal forms, and differ.
        for &(simple, read) in super::super::phrase_table::PHRASES.iter() {
            assert_eq!(normalize_term(simple), simple);
            assert_eq!(normalize_term(read), read);
            assert_ne!(simple, read);
        }
    }

    #[test]
    fn terms_without_a_latin_junction_or_such_a_phrase_have_no_other_spelling() {
        for term in ["紫电工程", "青龙-研究所", "kj-", "-3型", "bluefin", "型-3"] {
            assert!(other_spellings(term).is_empty(), "{term}");
        }
        assert_eq!(other_spellings("project bluefin")[0], "projectbluefin");
    }
}
