//! Fingerprints: winnowed, keyed k-gram hashes of a text's content characters.
//!
//! The text is first normalised the way the scanner matches (`mijian_core::normalize`: width,
//! case, traditional forms, fillers, line breaks), then reduced to its *content characters*
//! (letters, digits and ideographs): punctuation, symbols and whitespace are dropped, so that a
//! re-punctuated or re-wrapped copy has the same content string as the original.
//!
//! Every k-gram of content characters gets a polynomial rolling hash modulo the Mersenne prime
//! 2^61−1, with a secret base taken from the key (a universal hash: two different k-grams
//! collide with probability at most k/2^61). Winnowing (Schleimer, Wilkerson and Aiken, *Winnowing:
//! local algorithms for document fingerprinting*, SIGMOD 2003) keeps, in every window of `w`
//! consecutive k-grams, the one with the least hash (the rightmost on a tie). Two texts that
//! share a run of at least `t = w + k − 1` content characters therefore share at least one
//! kept k-gram, whatever surrounds the run: the *guarantee threshold*. Only kept k-grams are
//! stored and looked up, about 2/(w+1) of them.

use crate::key::Hashers;

/// The Mersenne prime 2^61 − 1, modulus of the rolling hash.
pub(crate) const PRIME: u64 = (1 << 61) - 1;

/// The alphanumeric characters of the CJK Symbols and Punctuation block (U+3000–U+303F), one bit
/// each: 々 〆 〇, the Hangzhou numerals 〡–〩 and 〸–〺, the kana repeat marks 〱–〵, 〻 and 〼.
const CJK_PUNCTUATION_ALNUM: u64 = 0x1f3e_03fe_0000_00e0;

/// Whether a normalised character is content (kept for fingerprinting): `char::is_alphanumeric`,
/// with the common cases (ASCII, the CJK Unified Ideographs block, the punctuation of Chinese
/// prose: General Punctuation “”—… and CJK Symbols and Punctuation 。、《》) answered without the
/// Unicode table search (a binary search per character, 6% of an indexed scan's time when
/// punctuation took that path).
#[inline]
pub(crate) fn is_content(c: char) -> bool {
    let u = c as u32;
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if (0x4E00..=0x9FFF).contains(&u) {
        true
    } else if (0x3000..=0x303F).contains(&u) {
        CJK_PUNCTUATION_ALNUM >> (u - 0x3000) & 1 == 1
    } else if (0x2000..=0x206F).contains(&u) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// A content character as the hash sees it: its code point. The scan keeps its content characters
/// as `u32` code points (decoded from the normalised text without `char`'s validity check, see
/// `crate::scanned`), registration as `char`s; both hash the same.
pub(crate) trait Code: Copy {
    /// The code point.
    fn code(self) -> u64;
}

impl Code for char {
    #[inline]
    fn code(self) -> u64 {
        self as u64
    }
}

impl Code for u32 {
    #[inline]
    fn code(self) -> u64 {
        u64::from(self)
    }
}

#[inline]
fn mul_mod(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    let r = (p as u64 & PRIME) + (p >> 61) as u64;
    if r >= PRIME {
        r - PRIME
    } else {
        r
    }
}

#[inline]
fn add_mod(a: u64, b: u64) -> u64 {
    let r = a + b;
    if r >= PRIME {
        r - PRIME
    } else {
        r
    }
}

/// `a · b` modulo [`PRIME`], reduced only below 2^62 (congruent, not canonical): for a sum that is
/// reduced once at the end.
#[inline]
fn mul_mod_lazy(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64 & PRIME) + (p >> 61) as u64
}

/// The canonical residue of `v` (below 2^63) modulo [`PRIME`].
#[inline]
fn reduce(v: u64) -> u64 {
    let r = (v & PRIME) + (v >> 61);
    if r >= PRIME {
        r - PRIME
    } else {
        r
    }
}

/// The rolling hash of each k-gram of a character stream, one character at a time.
struct Rolling {
    base: u64,
    /// base^k, to take the leaving character out after the shift.
    top: u64,
    acc: u64,
}

impl Rolling {
    fn new(k: usize, h: &Hashers) -> Rolling {
        let top = (0..k).fold(1u64, |acc, _| mul_mod(acc, h.base));
        Rolling { base: h.base, top, acc: 0 }
    }

    /// Adds character `c`, `leaving` the one k characters before it (0 if none; otherwise its
    /// code + 1). `acc · base + c + 1 − leaving · base^k`, reduced once: the two products are
    /// each below 2^62, so the sum (with 2·PRIME added to stay positive) is below 2^63; only the
    /// first product is on the chain from one character to the next.
    #[inline]
    fn push(&mut self, c: impl Code, leaving: u64) -> u64 {
        let out = mul_mod_lazy(leaving, self.top);
        self.acc = reduce(mul_mod_lazy(self.acc, self.base) + (c.code() + 1) + 2 * PRIME - out);
        self.acc
    }
}

/// What leaves the rolling hash when character `i` enters: the code + 1 of character `i − k`, or
/// nothing.
#[inline]
fn leaving(chars: &[impl Code], i: usize, k: usize) -> u64 {
    i.checked_sub(k).map_or(0, |j| chars[j].code() + 1)
}

/// The rolling hash of every k-gram of `chars`: entry `i` is the hash of `chars[i..i + k]`.
pub(crate) fn rolling_hashes(chars: &[impl Code], k: usize, h: &Hashers) -> Vec<u64> {
    if k == 0 || chars.len() < k {
        return Vec::new();
    }
    let mut rolling = Rolling::new(k, h);
    let mut out = Vec::with_capacity(chars.len() - k + 1);
    for (i, &c) in chars.iter().enumerate() {
        let v = rolling.push(c, leaving(chars, i, k));
        if i + 1 >= k {
            out.push(v);
        }
    }
    out
}

/// The rolling hash of the one k-gram `chars[i..i + k]` (what [`rolling_hashes`] gives at `i`).
pub(crate) fn rolling_hash_at(chars: &[impl Code], i: usize, k: usize, h: &Hashers) -> u64 {
    chars[i..i + k].iter().fold(0, |acc, &c| add_mod(mul_mod(acc, h.base), c.code() + 1))
}

/// Winnowing over a stream of hashes: in every window of `w` consecutive hashes the least (the
/// rightmost of equals), each position once, in order; a stream shorter than one window keeps
/// its least.
///
/// The least of the window is carried from one window to the next and looked for again only when
/// it leaves the window (about once in `w` windows for random hashes): a few comparisons per
/// hash, almost all predicted, and only the last `w` hashes held.
struct Winnower {
    w: usize,
    /// The last hashes, at their position masked.
    ring: Vec<u64>,
    mask: usize,
    n: usize,
    least: usize,
    /// The least hash of the window; `u64::MAX` before the first (any hash takes its place).
    least_hash: u64,
    /// The position kept last; `usize::MAX` before the first.
    kept_last: usize,
}

impl Winnower {
    fn new(w: usize) -> Winnower {
        let w = w.max(1);
        let size = w.next_power_of_two();
        Winnower { w, ring: vec![0; size], mask: size - 1, n: 0, least: 0, least_hash: u64::MAX, kept_last: usize::MAX }
    }

    /// Adds the next hash; returns the position and hash of a k-gram newly kept.
    #[inline]
    fn push(&mut self, v: u64) -> Option<(usize, u64)> {
        let i = self.n;
        self.ring[i & self.mask] = v;
        self.n += 1;
        if v <= self.least_hash {
            (self.least, self.least_hash) = (i, v);
        } else if self.least + self.w <= i {
            // The least has left the window: the rightmost least of the window ending at i.
            let from = i + 1 - self.w;
            (self.least, self.least_hash) = (from, self.ring[from & self.mask]);
            for j in from + 1..=i {
                let x = self.ring[j & self.mask];
                if x <= self.least_hash {
                    (self.least, self.least_hash) = (j, x);
                }
            }
        }
        self.keep(i + 1 >= self.w)
    }

    /// At the end of the stream: the least of a stream shorter than one window.
    fn finish(&mut self) -> Option<(usize, u64)> {
        self.keep(self.n > 0)
    }

    #[inline]
    fn keep(&mut self, window: bool) -> Option<(usize, u64)> {
        (window && self.kept_last != self.least).then(|| {
            self.kept_last = self.least;
            (self.least, self.least_hash)
        })
    }
}

/// The k-grams winnowing keeps of `hashes` (see [`Winnower`]), by position.
pub(crate) fn winnow(hashes: &[u64], w: usize) -> Vec<usize> {
    let mut winnower = Winnower::new(w);
    let mut kept: Vec<usize> = Vec::with_capacity(hashes.len() * 2 / (w + 1) + 1);
    kept.extend(hashes.iter().filter_map(|&v| winnower.push(v)).map(|(i, _)| i));
    kept.extend(winnower.finish().map(|(i, _)| i));
    kept
}

/// The k-grams winnowing keeps of `chars`, with their rolling hashes: what
/// `winnow(&rolling_hashes(chars, k, h), w)` keeps, in one pass that holds no hash of the text
/// but the last window's (a scan needs no other).
#[cfg(test)]
pub(crate) fn kept_kgrams(chars: &[impl Code], k: usize, w: usize, h: &Hashers) -> Vec<(usize, u64)> {
    let mut kept = Vec::with_capacity(chars.len() * 2 / (w + 1) + 1);
    for_each_kept(chars, k, w, h, |i, v| kept.push((i, v)));
    kept
}

/// k-grams hashed at a time by [`for_each_kept`] (their hashes: 32 KiB, in the first-level
/// cache), a multiple of [`LANES`].
pub(crate) const BLOCK: usize = 4096;
/// Stretches of a block hashed side by side (see [`rolling_block`]).
const LANES: usize = 4;

/// What [`kept_kgrams`] returns, handed to `f` one by one (position, rolling hash), in order: a
/// scan looks each up as it comes and keeps no list.
///
/// The scan's loop over every content character, a block of [`BLOCK`] k-grams at a time: their
/// rolling hashes first (four stretches side by side, see [`rolling_block`]), then [`Winnower`]
/// over them written out with its state in local variables, the window read from the block (the
/// last `w − 1` hashes of a block are carried to the front of the next). The same arithmetic,
/// the same k-grams kept: unit tests against [`rolling_hashes`] and [`winnow`], across blocks.
pub(crate) fn for_each_kept(chars: &[impl Code], k: usize, w: usize, h: &Hashers, mut f: impl FnMut(usize, u64)) {
    if k == 0 || chars.len() < k {
        return;
    }
    let (base, top) = {
        let r = Rolling::new(k, h);
        (r.base, r.top)
    };
    let w = w.max(1);
    let kgrams = chars.len() + 1 - k;
    // The hashes of k-grams `start − (w − 1) .. start + BLOCK`: the window's reach back, then the
    // block (entry j is k-gram start + j − (w − 1)).
    let mut hashes = vec![0u64; w - 1 + BLOCK];
    // The least of the window (the rightmost of equals). Once the first window is complete, every
    // k-gram that becomes the least is handed over as it does, and only then: a new least is
    // either the k-gram just added (later than any kept) or found again when the last one left
    // the window (so later than it), never the one kept last. The usual step, a hash above the
    // least that has not left, tests two things and hands nothing over.
    let (mut least, mut least_hash) = (0usize, u64::MAX);
    let mut start = 0;
    while start < kgrams {
        let len = BLOCK.min(kgrams - start);
        rolling_block(chars, start, &mut hashes[w - 1..w - 1 + len], k, base, top);
        let block = &hashes[..w - 1 + len];
        // The first window: its least, handed over when the window is complete (k-gram
        // w − 1; a window may span blocks); a text of fewer k-grams keeps its least, below.
        let mut from_kgram = start;
        if from_kgram < w {
            let warm_end = (start + len).min(w);
            for (i, &v) in (from_kgram..warm_end).zip(&block[from_kgram - start + w - 1..]) {
                if v <= least_hash {
                    (least, least_hash) = (i, v);
                }
            }
            if warm_end == w {
                f(least, least_hash);
            }
            from_kgram = warm_end;
        }
        for (i, &v) in (from_kgram..).zip(&block[from_kgram - start + w - 1..]) {
            if v <= least_hash {
                (least, least_hash) = (i, v);
                f(i, v);
            } else if least + w <= i {
                // The least has left the window: the rightmost least of the window ending at i
                // (entries t .. t + w − 1 of the block's array).
                let t = i - start;
                let from = i + 1 - w;
                (least, least_hash) = (from, block[t]);
                for (j, &x) in (from + 1..).zip(&block[t + 1..t + w]) {
                    if x <= least_hash {
                        (least, least_hash) = (j, x);
                    }
                }
                f(least, least_hash);
            }
        }
        hashes.copy_within(len..len + w - 1, 0);
        start += len;
    }
    // A stream shorter than one window: its least.
    if kgrams < w {
        f(least, least_hash);
    }
}

/// The rolling hashes of k-grams `from .. from + out.len()` of `chars`, into `out`: what
/// [`rolling_hashes`] gives there. The step from one k-gram to the next is a chain of dependent
/// operations (a 128-bit product and its reduction, about a dozen cycles) that leaves most of the
/// processor idle; [`LANES`] stretches of the block, each begun from its own first k − 1
/// characters, are rolled side by side, their chains independent. Every value is the canonical
/// residue of its k-gram's polynomial, so where a stretch begins changes none.
#[inline]
fn rolling_block<C: Code>(chars: &[C], from: usize, out: &mut [u64], k: usize, base: u64, top: u64) {
    let q = out.len() / LANES;
    let step = |acc: u64, c: C, leaving: u64| {
        reduce(mul_mod_lazy(acc, base) + (c.code() + 1) + 2 * PRIME - mul_mod_lazy(leaving, top))
    };
    // Lane l: k-grams from + l·q … (the last lane takes the rest of the block, alone, after).
    let begin = |l: usize| from + l * q;
    let mut acc: [u64; LANES] = std::array::from_fn(|l| {
        chars[begin(l)..begin(l) + k - 1].iter().fold(0, |acc, &c| reduce(mul_mod_lazy(acc, base) + (c.code() + 1)))
    });
    let mut leaving = [0u64; LANES];
    let entering: [&[C]; LANES] = std::array::from_fn(|l| &chars[begin(l) + k - 1..begin(l) + k - 1 + q]);
    let left: [&[C]; LANES] = std::array::from_fn(|l| &chars[begin(l)..begin(l) + q]);
    let (lanes, rest) = out.split_at_mut(LANES * q);
    for t in 0..q {
        for l in 0..LANES {
            let v = step(acc[l], entering[l][t], leaving[l]);
            (acc[l], leaving[l]) = (v, left[l][t].code() + 1);
            lanes[l * q + t] = v;
        }
    }
    let l = LANES - 1;
    for (j, o) in (LANES * q..).zip(rest) {
        let g = from + j;
        let v = step(acc[l], chars[g + k - 1], leaving[l]);
        (acc[l], leaving[l]) = (v, chars[g].code() + 1);
        *o = v;
    }
}

/// A registered document's content characters, and which of them are boilerplate.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Content characters, normalised.
    pub chars: Vec<char>,
    /// For each: whether it must not seed a match (boilerplate).
    pub excluded: Vec<bool>,
}

impl Content {
    /// Appends the content characters of one segment's text. `excluded` gives original byte
    /// ranges of the text whose characters are boilerplate (sorted, not overlapping).
    pub fn push_segment(&mut self, text: &str, excluded: &[(usize, usize)]) {
        let normalized = mijian_core::normalize(text);
        let map = normalized.map();
        let mut ranges = excluded.iter().peekable();
        for (offset, c) in normalized.text().char_indices() {
            if !is_content(c) {
                continue;
            }
            let boilerplate = ranges.peek().is_some() && {
                let original = map.start(offset);
                while ranges.peek().is_some_and(|r| r.1 <= original) {
                    ranges.next();
                }
                ranges.peek().is_some_and(|r| r.0 <= original && original < r.1)
            };
            self.chars.push(c);
            self.excluded.push(boilerplate);
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::IndexKey;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn the_rolling_hash_of_a_kgram_depends_on_the_kgram_only() {
        let h = IndexKey::from_bytes([3; 32]).hashers();
        let a = rolling_hashes(&chars("甲乙丙丁戊己庚辛壬癸"), 4, &h);
        let b = rolling_hashes(&chars("子丑丙丁戊己寅"), 4, &h);
        assert_eq!(a.len(), 7);
        assert_eq!(a[2], b[2], "丙丁戊己 at different places");
        assert_ne!(a[0], a[1]);
        let other = rolling_hashes(&chars("甲乙丙丁戊己庚辛壬癸"), 4, &IndexKey::from_bytes([4; 32]).hashers());
        assert_ne!(a[2], other[2], "another key, other hashes");
    }

    /// The guarantee threshold: two texts sharing t = w + k − 1 characters share a kept k-gram,
    /// wherever the shared run sits and whatever surrounds it.
    #[test]
    fn a_shared_run_of_the_guarantee_threshold_always_shares_a_kept_kgram() {
        let h = IndexKey::from_bytes([9; 32]).hashers();
        let (k, w) = (6usize, 10usize);
        let t = w + k - 1;
        // A deterministic stream of varied ideographs.
        let mut x = 12345u32;
        let mut gen = |n: usize| -> Vec<char> {
            (0..n)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    char::from_u32(0x4E00 + (x >> 8) % 3000).unwrap()
                })
                .collect()
        };
        for trial in 0..300 {
            let shared = gen(t);
            let a: Vec<char> = [gen(trial % 37), shared.clone(), gen(13)].concat();
            let b: Vec<char> = [gen((trial * 7) % 29), shared, gen(trial % 5)].concat();
            let (ha, hb) = (rolling_hashes(&a, k, &h), rolling_hashes(&b, k, &h));
            let ka: std::collections::HashSet<u64> = winnow(&ha, w).into_iter().map(|i| ha[i]).collect();
            let common = winnow(&hb, w).into_iter().any(|i| ka.contains(&hb[i]));
            assert!(common, "trial {trial}");
        }
    }

    /// The definition, window by window: what `winnow` must agree with.
    fn winnow_by_definition(hashes: &[u64], w: usize) -> Vec<usize> {
        let mut kept: Vec<usize> = Vec::new();
        for end in w.min(hashes.len())..=hashes.len() {
            let start = end.saturating_sub(w);
            if start == end {
                continue;
            }
            let least = (start..end).rev().min_by_key(|&j| hashes[j]).unwrap();
            if kept.last() != Some(&least) {
                kept.push(least);
            }
        }
        kept
    }

    #[test]
    fn winnowing_agrees_with_its_definition_ties_included() {
        let mut x = 7u64;
        for trial in 0..400 {
            let n = trial % 97;
            let range = [3, 10, 1000, u64::MAX][trial % 4];
            let hashes: Vec<u64> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    (x >> 11) % range
                })
                .collect();
            for w in [1, 2, 5, 24] {
                assert_eq!(winnow(&hashes, w), winnow_by_definition(&hashes, w), "trial {trial}, w {w}: {hashes:?}");
            }
        }
    }

    #[test]
    fn kept_kgrams_in_one_pass_are_winnowed_rolling_hashes_and_each_hash_stands_alone() {
        let h = IndexKey::from_bytes([3; 32]).hashers();
        let mut x = 99u32;
        for n in [
            0,
            5,
            9,
            10,
            11,
            30,
            33,
            34,
            500,
            BLOCK + 8,
            BLOCK + 9,
            BLOCK + 10,
            BLOCK + 33,
            2 * BLOCK + 47,
            3 * BLOCK + 2,
        ] {
            // Few distinct characters: repeated k-grams, ties in every window.
            let text: Vec<char> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    char::from_u32(0x4E00 + (x >> 16) % 3).unwrap()
                })
                .collect();
            let hashes = rolling_hashes(&text, 10, &h);
            // Windows of one k-gram, the default, and wider than a block (the first window
            // spans blocks).
            for w in [1, 2, 24, BLOCK + 5] {
                let expected: Vec<(usize, u64)> = winnow(&hashes, w).into_iter().map(|i| (i, hashes[i])).collect();
                assert_eq!(kept_kgrams(&text, 10, w, &h), expected, "{n} characters, w {w}");
            }
            for (i, &v) in hashes.iter().enumerate() {
                assert_eq!(rolling_hash_at(&text, i, 10, &h), v);
            }
            // The scan's code points hash as registration's characters.
            let codes: Vec<u32> = text.iter().map(|&c| c as u32).collect();
            assert_eq!(rolling_hashes(&codes, 10, &h), hashes);
            assert_eq!(kept_kgrams(&codes, 10, 24, &h), kept_kgrams(&text, 10, 24, &h));
        }
    }

    #[test]
    fn winnowing_keeps_about_two_in_w_plus_one_and_one_per_window() {
        let hashes: Vec<u64> = (0..10_000u64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 3).collect();
        let w = 20;
        let kept = winnow(&hashes, w);
        let density = kept.len() as f64 / hashes.len() as f64;
        assert!((density - 2.0 / 21.0).abs() < 0.02, "{density}");
        for pair in kept.windows(2) {
            assert!(pair[1] - pair[0] <= w, "a window without a kept k-gram");
        }
        assert_eq!(winnow(&[5, 3, 4], 8), vec![1], "shorter than a window: its least");
        assert_eq!(winnow(&[], 8), Vec::<usize>::new());
    }

    #[test]
    fn content_characters_are_the_alphanumeric_ones() {
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            assert_eq!(is_content(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn content_drops_punctuation_and_space_and_marks_boilerplate() {
        let mut c = Content::default();
        let text = "第一，段 落。\n\n機密";
        c.push_segment(text, &[("第一，段 落。\n\n".len(), text.len())]);
        assert_eq!(c.chars.iter().collect::<String>(), "第一段落机密");
        assert_eq!(c.excluded, vec![false, false, false, false, true, true]);
        let mut d = Content::default();
        d.push_segment("长......谁 a·b", &[]);
        assert_eq!(d.chars.iter().collect::<String>(), "长谁ab");
        assert_eq!(d.excluded, vec![false; 4]);
    }
}
