//! The n-gram literal matcher against a reference, the aho-corasick crate in overlapping mode:
//! on any dictionary and text, exactly the same (term, start, end) matches.
//!
//! Input: bytes up to the first 0xFF are the dictionary (terms separated by 0xFE), the rest is
//! the text. Every other byte picks one of 16 characters (1 to 4 bytes of UTF-8 each), so that
//! terms share long prefixes and suffixes, differ by one character and occur in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mijian_core::fuzzing::ngram_matches;

const ALPHABET: [char; 16] = ['紫', '电', '计', '划', '中', 'a', 'b', 'k', '-', '3', '𠀀', '。', 'é', ' ', '\n', '★'];

fn chars(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| ALPHABET[usize::from(b) % ALPHABET.len()]).collect()
}

fuzz_target!(|data: &[u8]| {
    let (dict, text) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b""[..]),
    };
    let mut terms: Vec<String> = dict.split(|&b| b == 0xFE).filter(|t| !t.is_empty()).map(chars).collect();
    terms.sort();
    terms.dedup();
    if terms.is_empty() {
        return;
    }
    let text = chars(text);
    let list: Vec<&str> = terms.iter().map(String::as_str).collect();
    let got = ngram_matches(&list, &text);
    let ac = aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::Standard).build(&terms).unwrap();
    let mut want: Vec<(u32, usize, usize)> =
        ac.find_overlapping_iter(&text).map(|m| (m.pattern().as_u32(), m.start(), m.end())).collect();
    want.sort_unstable();
    assert_eq!(got, want, "terms {terms:?} text {text:?}");
});
