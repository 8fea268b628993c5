//! Property tests with oracles (issue 12): each property compares mijian with a reference or with
//! itself, on inputs proptest generates and shrinks.
//!
//! * the n-gram matcher reports exactly what the aho-corasick crate reports in overlapping mode,
//!   on dictionaries whose terms share long prefixes and suffixes or differ by one character;
//! * normalisation maps every normalised character back to one original character, and
//!   normalising twice changes nothing;
//! * a term inserted into a text with any evasion the README lists is found, where it was put;
//! * a compiled rule set (`.mjd`) loads to the same matches, and a mutated one is refused or
//!   loads to the same matches; a forged one (mutated and re-sealed) never panics, loading or
//!   scanning.
//!
//! Case counts are modest so that CI runs them on every build; `fuzz/` has the long runs.

use crate::compiled::seal;
use crate::{normalize, Dictionary, Rules};
use proptest::prelude::*;

/// `cases` by default; `PROPTEST_CASES=N` runs N of each (a longer hunt, off CI).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Characters for dictionaries and texts: few, so that terms share prefixes and suffixes and
/// occur in texts; CJK, Latin, a supplementary-plane ideograph, punctuation.
const ALPHABET: &[char] = &['紫', '电', '计', '划', '中', 'a', 'b', 'k', '-', '3', '𠀀', '。'];

fn word(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 1..=max).prop_map(|v| v.into_iter().collect())
}

/// Terms, each with its neighbours: one character longer, one shorter, the last one changed.
fn dictionary() -> impl Strategy<Value = Vec<String>> {
    (prop::collection::vec(word(8), 1..12), prop::sample::select(ALPHABET)).prop_map(|(base, c)| {
        let mut terms = Vec::new();
        for t in base {
            let chars: Vec<char> = t.chars().collect();
            terms.push(t.clone());
            terms.push(format!("{t}{c}"));
            terms.push(format!("{c}{t}"));
            if chars.len() > 1 {
                terms.push(chars[..chars.len() - 1].iter().collect());
                let mut other = chars.clone();
                *other.last_mut().unwrap() = c;
                terms.push(other.into_iter().collect());
            }
        }
        terms.sort();
        terms.dedup();
        terms
    })
}

/// A text made of random characters and pieces of the terms.
fn text_for(terms: Vec<String>) -> impl Strategy<Value = (Vec<String>, String)> {
    let n = terms.len();
    let piece = prop_oneof![prop::sample::select(ALPHABET).prop_map(Err), (0..n).prop_map(Ok),];
    prop::collection::vec(piece, 0..60).prop_map(move |pieces| {
        let mut text = String::new();
        for p in pieces {
            match p {
                Ok(i) => text.push_str(&terms[i]),
                Err(c) => text.push(c),
            }
        }
        (terms.clone(), text)
    })
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn ngram_matcher_agrees_with_aho_corasick((terms, text) in dictionary().prop_flat_map(text_for)) {
        let list: Vec<&str> = terms.iter().map(String::as_str).collect();
        let got = crate::fuzzing::ngram_matches(&list, &text);
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&terms)
            .unwrap();
        let mut want: Vec<(u32, usize, usize)> =
            ac.find_overlapping_iter(&text).map(|m| (m.pattern().as_u32(), m.start(), m.end())).collect();
        want.sort_unstable();
        prop_assert_eq!(got, want);
    }
}

/// Characters a hostile or merely messy text is made of: everything the normaliser treats
/// specially.
const MESSY: &[char] = &[
    '紫', '電', '计', '机', '密', '宻', '秘', '★', '☆', '✦', '＊', '*', '·', '•', '-', '—', '‒', '−', '_', '~', '/',
    ' ', '\n', '\t', '\r', '　', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{00AD}', '\u{202E}', '\u{202C}', '\u{202B}',
    '\u{2067}', '\u{2069}', '\u{200F}', 'Ｋ', 'Ｊ', 'a', 'B', '3', '３', '。', '，', '、', '：', '(', '（', '㊙', '⽂',
    '𠀀', 'é', 'İ', 'ß',
];

/// What may stand between the characters of the label `保密期限`.
const LABEL_GAPS: &[char] =
    &[' ', '\n', '\n', '\r', '　', '*', '＊', '·', '-', '\u{200B}', '\u{202E}', '\u{202C}', '，', 'a', '机', '宻'];

/// Texts of the label's characters, and of the label with characters in its gaps.
fn label_text() -> impl Strategy<Value = String> {
    let gaps = prop::collection::vec(prop::collection::vec(prop::sample::select(LABEL_GAPS), 0..4), 3);
    let label = gaps.prop_map(|gaps| {
        let mut s = String::from("保");
        for (gap, c) in gaps.into_iter().zip(['密', '期', '限']) {
            s.extend(gap);
            s.push(c);
        }
        s
    });
    let one = prop::sample::select(&['保', '密', '期', '限'][..]).prop_map(String::from);
    let gap = prop::sample::select(LABEL_GAPS).prop_map(String::from);
    prop::collection::vec(prop_oneof![one, gap, label], 0..10).prop_map(|v| v.concat())
}

fn messy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(MESSY), 0..80).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn normalised_characters_map_back_to_one_original_character(original in messy_text()) {
        let n = normalize(&original);
        let mut last = 0;
        let reordered = original.contains('\u{202E}');
        for (i, c) in n.text().char_indices() {
            let (s, e) = n.map().range(i, i + c.len_utf8());
            prop_assert!(s < e && e <= original.len(), "{:?}: {:?} maps to {}..{}", original, c, s, e);
            prop_assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
            prop_assert_eq!(original[s..e].chars().count(), 1, "{:?}: {:?} maps to {:?}", original, c, &original[s..e]);
            if !reordered {
                prop_assert!(s >= last, "{:?}: offsets go back at {:?}", original, c);
                last = e;
            }
        }
        // A range maps to a range inside the original.
        let len = n.text().len();
        let (s, e) = n.map().range(0, len);
        prop_assert!(s <= e && e <= original.len());
    }

    #[test]
    fn skipping_unchanged_characters_in_bulk_changes_nothing(original in messy_text()) {
        let (mut bulk, mut one_by_one) = (crate::normalize::Normalized::new(), crate::normalize::Normalized::new());
        bulk.fill_with(&original, true);
        one_by_one.fill_with(&original, false);
        prop_assert_eq!(bulk, one_by_one, "{:?}", original);
    }

    #[test]
    fn a_word_is_found_without_normalising_exactly_where_normalising_finds_it(original in label_text()) {
        static LABEL: std::sync::OnceLock<crate::normalize::FoldedWord> = std::sync::OnceLock::new();
        let found = LABEL.get_or_init(|| crate::normalize::FoldedWord::new("保密期限")).in_normalized(&original);
        let want = normalize(&original).text().contains("保密期限");
        prop_assert!(found == Some(want) || found.is_none() && original.contains('\u{202E}'), "{:?}", original);
    }

    #[test]
    fn normalising_twice_changes_nothing(original in messy_text()) {
        let once = normalize(&original);
        let twice = normalize(once.text());
        prop_assert_eq!(twice.text(), once.text(), "{:?}", original);
    }
}

/// Term characters, with their traditional forms; the host text never uses them.
const TERM_CHARS: &[(char, char)] =
    &[('电', '電'), ('计', '計'), ('划', '劃'), ('龙', '龍'), ('门', '門'), ('马', '馬'), ('云', '雲'), ('风', '風')];
const HOST: &[char] = &[
    '的', '是', '在', '了', '和', '有', '大', '这', '中', '人', '上', '为', '们', '地', '个', '用', '工', '时', '，',
    '。', ' ',
];

/// The evasions the README lists, applied to a term.
#[derive(Clone, Copy, Debug)]
enum Evasion {
    None,
    Traditional,
    Filler(char),
    Spaces,
    LineBreaks,
    ParagraphBreaks,
    ZeroWidth,
    RightToLeft,
    FullWidthUpper,
    Dash(char),
}

fn evasion() -> impl Strategy<Value = Evasion> {
    prop_oneof![
        Just(Evasion::None),
        Just(Evasion::Traditional),
        prop::sample::select(vec!['·', '•', '*', '-', '_', '~', '/', '　', '・']).prop_map(Evasion::Filler),
        Just(Evasion::Spaces),
        Just(Evasion::LineBreaks),
        Just(Evasion::ParagraphBreaks),
        Just(Evasion::ZeroWidth),
        Just(Evasion::RightToLeft),
        Just(Evasion::FullWidthUpper),
        prop::sample::select(vec!['‐', '‒', '–', '—', '−', '﹣', '－']).prop_map(Evasion::Dash),
    ]
}

fn apply(term: &str, e: Evasion) -> String {
    let chars: Vec<char> = term.chars().collect();
    let join = |sep: &str| chars.iter().map(char::to_string).collect::<Vec<_>>().join(sep);
    match e {
        Evasion::None => term.to_string(),
        Evasion::Traditional => term.chars().map(|c| TERM_CHARS.iter().find(|t| t.0 == c).map_or(c, |t| t.1)).collect(),
        Evasion::Filler(f) => join(&f.to_string()),
        Evasion::Spaces => join(" "),
        Evasion::LineBreaks => join("\n"),
        Evasion::ParagraphBreaks => join("\n\n"),
        Evasion::ZeroWidth => join("\u{200B}"),
        Evasion::RightToLeft => format!("\u{202E}{}\u{202C}", term.chars().rev().collect::<String>()),
        Evasion::FullWidthUpper => term
            .chars()
            .map(|c| match c {
                'a'..='z' => char::from_u32(c as u32 - 'a' as u32 + 'Ａ' as u32).unwrap(),
                '0'..='9' | '-' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                c => c,
            })
            .collect(),
        Evasion::Dash(d) => term.replace('-', &d.to_string()),
    }
}

fn term() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(TERM_CHARS.iter().map(|t| t.0).collect::<Vec<_>>()), 3..7)
            .prop_map(|v| v.into_iter().collect::<String>()),
        ("[a-z]{1,3}", "[0-9]{1,2}", "[a-z0-9]{0,2}").prop_map(|(a, b, c)| format!("{a}-{b}{c}")),
    ]
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn an_inserted_term_is_found_where_it_was_put(
        term in term(),
        e in evasion(),
        host in prop::collection::vec(prop::sample::select(HOST), 0..40),
        at in any::<prop::sample::Index>(),
    ) {
        let dict = Dictionary::parse("d", format!("{term}\t机密\n").as_bytes()).unwrap();
        let rules = Rules::builder().default_rules(false).dictionary(dict).build().unwrap();
        let latin = term.is_ascii();
        // Fillers and spaces between Latin letters are not skipped: `a b` is two words.
        prop_assume!(!(latin && matches!(e, Evasion::Filler(_) | Evasion::Spaces | Evasion::Traditional)));
        let inserted = apply(&term, e);
        let k = at.index(host.len() + 1);
        let before: String = host[..k].iter().collect();
        let after: String = host[k..].iter().collect();
        let text = format!("{before}{inserted}{after}");
        let (start, shown) = match e {
            Evasion::RightToLeft => (before.len() + '\u{202E}'.len_utf8(), &inserted[3..inserted.len() - 3]),
            _ => (before.len(), inserted.as_str()),
        };
        let line = text[..start].matches('\n').count() as u32 + 1;
        let column = text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start].chars().count() as u32 + 1;
        let out = rules.find_in_text(&text);
        let found = out.findings.iter().find(|f| f.rule == "d:1");
        prop_assert!(found.is_some(), "{:?} in {:?}: {:?}", inserted, text, out.findings);
        let f = found.unwrap();
        prop_assert_eq!(&f.matched, shown, "in {:?}", text);
        prop_assert_eq!((f.location.line, f.location.column), (Some(line), Some(column)), "in {:?}", text);
    }
}

const LEVELS: &[&str] = &["机密", "秘密", "工作秘密", "敏感", "info", "allow"];
const PATTERNS: &[&str] = &[r"re:\p{Han}{1,4}密发〔\d{4}〕\d+号", r"re:kj-\d+", r"re:紫电[一二三]期", r"re:\d{6}"];

/// Dictionary text: terms, levels, categories, patterns.
fn dictionary_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => (word(6), prop::sample::select(LEVELS), prop::option::of("[a-z]{1,5}"))
            .prop_map(|(t, l, c)| match c { Some(c) => format!("{t}\t{l}\t{c}"), None => format!("{t}\t{l}") }),
        1 => (prop::sample::select(PATTERNS), prop::sample::select(LEVELS)).prop_map(|(p, l)| format!("{p}\t{l}")),
    ];
    prop::collection::vec(line, 1..12).prop_map(|v| v.join("\n"))
}

fn summary(rules: &Rules, text: &str) -> Vec<(String, String, String, Option<u32>)> {
    rules
        .find_in_text(text)
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.matched.clone(), format!("{:?}", f.severity), f.location.column))
        .collect()
}

const SAMPLE: &str = "000123\n机密★1年\n紫电计划二期，紫 電 計 劃，kj-3与KJ-33，省厅密发〔2020〕3号，中a-b3。";

/// A mutation of a byte string: flip, overwrite, cut, insert.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(prop::sample::Index, u8),
    Cut(prop::sample::Index),
    Insert(prop::sample::Index, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1..=255u8).prop_map(|(i, x)| Mutation::Flip(i, x)),
        any::<prop::sample::Index>().prop_map(Mutation::Cut),
        (any::<prop::sample::Index>(), prop::collection::vec(any::<u8>(), 1..9))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
    ]
}

fn mutate(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let mut b = bytes.to_vec();
    match m {
        Mutation::Flip(i, x) => {
            let i = i.index(b.len());
            b[i] ^= x;
        }
        Mutation::Cut(i) => b.truncate(i.index(b.len())),
        Mutation::Insert(i, ins) => {
            let i = i.index(b.len() + 1);
            b.splice(i..i, ins.iter().copied());
        }
    }
    b
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn a_compiled_rule_set_loads_to_the_same_matches(dict in dictionary_text(), text in messy_text(), m in mutation()) {
        let d = Dictionary::parse("d", dict.as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(d).build().unwrap();
        let bytes = rules.to_compiled();
        let loaded = Rules::from_compiled(&bytes).unwrap();
        for t in [SAMPLE, text.as_str()] {
            prop_assert_eq!(summary(&loaded, t), summary(&rules, t));
        }
        // Mutated: refused, or the same matches.
        if let Ok(r) = Rules::from_compiled(&mutate(&bytes, &m)) {
            prop_assert_eq!(summary(&r, SAMPLE), summary(&rules, SAMPLE));
        }
        // Forged (mutated, then given a valid checksum): loading and scanning never panic.
        let payload = &bytes[52..];
        let forged = seal(rules.entries().len(), mutate(payload, &m));
        if let Ok(r) = Rules::from_compiled(&forged) {
            let _ = r.find_in_text(SAMPLE);
            let _ = r.find_in_text(&text);
        }
    }
}

/// Pieces of segments: messy text, fragments of marks and terms, sentence ends, breaks.
const PIECES: &[&str] = &[
    "紫",
    "电",
    "计划",
    "机",
    "密",
    "★",
    "1年",
    "。",
    "\n",
    "\n\n",
    "kj",
    "-3",
    "\u{202E}",
    "\u{202C}",
    "　",
    "·",
    "密级",
    "☑",
    "□",
    "保密期限",
    "10年",
    "此件",
    "不予公开",
    "（",
    "）",
    "A.",
    "35元",
];

fn segments() -> impl Strategy<Value = Vec<crate::Segment>> {
    let segment = (
        prop::collection::vec(prop::sample::select(PIECES), 0..12),
        0..3u8,
        prop::sample::select(vec![crate::Role::Body, crate::Role::Header, crate::Role::Note, crate::Role::Properties]),
    );
    prop::collection::vec(segment, 0..24).prop_map(|segs| {
        segs.into_iter()
            .enumerate()
            .map(|(i, (pieces, part, role))| {
                let loc = crate::Location::part(format!("p{part}")).with_paragraph(i as u32 + 1);
                crate::Segment::new(loc, role, pieces.concat())
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(config(192))]

    /// Scanning any sequence of segments never panics, and every finding shows text of the
    /// segment it is located in (joined findings: from where they start).
    #[test]
    fn scanning_segments_never_panics_and_findings_show_their_text(segs in segments(), cap in 0..4usize) {
        let d = Dictionary::parse("d", "紫电计划\t机密\nkj-3\t秘密\n电计\tinfo\n".as_bytes()).unwrap();
        let rules = Rules::builder().dictionary(d).build().unwrap();
        let out = rules.find(&segs, &crate::FindOptions { max_findings: cap, ..Default::default() });
        prop_assert!(out.total >= out.findings.len() as u64);
        for f in &out.findings {
            let seg = segs.iter().find(|s| s.location.paragraph == f.location.paragraph && s.location.part == f.location.part);
            prop_assert!(seg.is_some(), "{:?}", f);
            let first_piece = f.matched.split('\n').next().unwrap_or("");
            prop_assert!(seg.unwrap().text.contains(first_piece), "{:?} not in {:?}", f, seg);
        }
    }
}
