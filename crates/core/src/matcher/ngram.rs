//! A literal-term matcher built for large Chinese dictionaries: n-gram filters over hash tables.
//!
//! Classified dictionaries hold 10^5–10^6 terms of two to a dozen characters, and almost none of
//! them occurs in any given document. An Aho-Corasick automaton walks a trie of millions of states
//! at every character, a cache miss per step, and takes seconds and hundreds of megabytes to build
//! at 10^6 terms. This matcher does less:
//!
//! * a term of three or more characters is filed under one of its trigrams (three consecutive
//!   characters), its *anchor*; a term of two characters under its bigram, a term of one character
//!   in a small table. The anchor is the term's rarest trigram: the one with the fewest ASCII
//!   characters (numbers and Latin letters are everywhere in prose), then the fewest terms of the
//!   dictionary sharing it. A realistic list (`…研究所`, `第…`, `…部队`, words of ordinary prose)
//!   filed by first trigram sends the matcher to verify near misses at 1.7% of the positions of
//!   ordinary prose, ~0.07 terms per character; filed by rarest, 0.4% and ~0.02;
//! * at each position of the text, a bit set answers "is any term filed under these three
//!   characters?" in one probe. Measured on
//!   the benchmark prose with 10^5 sparse terms, a bigram filter says yes at 20% of positions and a
//!   trigram filter at 0.1%, which is why terms are filed by trigram;
//! * on a yes, an open-addressing table gives the group of terms, sorted by (length before the
//!   anchor, length after it, bytes), and one comparison (or binary search) per distinct pair of
//!   lengths finds every term whose bytes stand around the anchor in the text. All matches are
//!   found, overlapping ones included, each once (a term has one anchor).
//!
//! Building is a sort and a hash fill, with a few tens of bytes per term: 10^6 terms build in a
//! fraction of a second and fit in tens of megabytes (see benches/README.md for the figures and
//! the comparison with daachorse and the aho-corasick crate).

use super::RawMatch;
use crate::compiled::{corrupt, In, Out, Res};
use rayon::prelude::*;

/// Bits of each n-gram filter (2^23 bits = 1 MiB).
const FILTER_BITS: u32 = 23;

/// Positions of the text whose filters are probed together (one bit each in a `u64`).
const BATCH: usize = 64;

/// One term: where its bytes before and after its n-gram are (`pre_len` bytes from `off` in the
/// arena, then `rest_len` bytes), its entry id, and [`head`] of those bytes, which rejects most
/// near misses without a look at the arena.
#[derive(Clone, Copy, Debug)]
struct Term {
    off: u32,
    pre_len: u32,
    rest_len: u32,
    entry: u32,
    head: u32,
}

/// A number made of the last four bytes before a term's n-gram and the first four after it:
/// equal for equal bytes.
#[inline]
fn head_of(pre: &[u8], rest: &[u8]) -> u32 {
    head(rest) ^ head(&pre[pre.len().saturating_sub(4)..]).rotate_left(16)
}

/// The first four bytes of `b` (fewer if it is shorter, the rest zero), as one number.
#[inline]
fn head(b: &[u8]) -> u32 {
    match b.get(..4) {
        Some(h) => u32::from_le_bytes([h[0], h[1], h[2], h[3]]),
        None => b.iter().rev().fold(0, |x, &c| x << 8 | c as u32),
    }
}

/// A term to file: its key, its bytes before and after the key, its entry.
type Item<'a> = (u64, &'a [u8], &'a [u8], u32);

/// Where a term is filed: one character; two (their key); three or more (the anchor's key and
/// where it starts and ends in the term's bytes).
enum Filed {
    Single(u32),
    Pair(u64),
    Longer(u64, usize, usize),
}

/// A slot of a hash table: the n-gram key (0 = empty) and its group of terms. The first term's
/// entry is kept in the slot too, which saves a memory access for the two-character terms.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u64,
    start: u32,
    end: u32,
    entry: u32,
}

/// Terms filed by a key made of their first characters.
struct Table {
    filter: Vec<u64>,
    slots: Vec<Slot>,
    mask: usize,
    terms: Vec<Term>,
}

#[inline]
fn hash(k: u64) -> u64 {
    let h = k.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

impl Table {
    /// `items` are (key, bytes before the key, bytes after it, entry); those bytes go to `arena`.
    fn new(mut items: Vec<Item<'_>>, arena: &mut Vec<u8>) -> Table {
        // No two items are equal (distinct terms), so the order does not depend on the threads.
        items.par_sort_unstable_by(|a, b| {
            (a.0, a.1.len(), a.2.len(), a.1, a.2).cmp(&(b.0, b.1.len(), b.2.len(), b.1, b.2))
        });
        let mut terms = Vec::with_capacity(items.len());
        for &(_, pre, rest, entry) in &items {
            let (pre_len, rest_len) = (pre.len() as u32, rest.len() as u32);
            terms.push(Term { off: arena.len() as u32, pre_len, rest_len, entry, head: head_of(pre, rest) });
            arena.extend_from_slice(pre);
            arena.extend_from_slice(rest);
        }
        let groups = items.chunk_by(|a, b| a.0 == b.0).count();
        let cap = (groups * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let mask = cap - 1;
        let mut filter = vec![0u64; if items.is_empty() { 1 } else { 1 << (FILTER_BITS - 6) }];
        let mut start = 0usize;
        for group in items.chunk_by(|a, b| a.0 == b.0) {
            let k = group[0].0;
            let h = hash(k);
            let f = (h >> (64 - FILTER_BITS)) as usize;
            filter[f >> 6] |= 1 << (f & 63);
            let mut s = h as usize & mask;
            while slots[s].key != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = Slot { key: k, start: start as u32, end: (start + group.len()) as u32, entry: group[0].3 };
            start += group.len();
        }
        Table { filter, slots, mask, terms }
    }

    /// Whether a group may be filed under n-gram `k` (one probe of the filter, no branch): no
    /// means none is; yes, that [`Table::slot`] is to be asked.
    #[inline(always)]
    fn may_hold(&self, k: u64) -> bool {
        let f = (hash(k) >> (64 - FILTER_BITS)) as usize;
        self.filter[f >> 6] >> (f & 63) & 1 != 0
    }

    /// The slot of n-gram `k`, looked up in the table (after [`Table::may_hold`] said yes).
    #[inline]
    fn slot(&self, k: u64) -> Option<Slot> {
        let mut s = hash(k) as usize & self.mask;
        loop {
            let slot = self.slots[s];
            if slot.key == k {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// For a table whose groups hold one term with no rest (the two-character terms): the entry.
    #[inline]
    fn only_entry(&self, k: u64) -> Option<u32> {
        self.slot(k).map(|s| s.entry)
    }

    fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Writes the table's arrays (the compiled form, see `crate::compiled`).
    fn write(&self, out: &mut Out) {
        out.u64s(&self.filter);
        out.u64(self.slots.len() as u64);
        for s in &self.slots {
            out.u64(s.key);
            out.u32(s.start);
            out.u32(s.end);
            out.u32(s.entry);
        }
        out.u64(self.terms.len() as u64);
        for t in &self.terms {
            out.u32(t.off);
            out.u32(t.pre_len);
            out.u32(t.rest_len);
            out.u32(t.entry);
        }
    }

    /// Reads what [`Table::write`] wrote, checking every index the matcher will follow.
    fn read(inp: &mut In<'_>, arena: &[u8], entries: usize) -> Res<Table> {
        let filter = inp.u64s()?;
        let n = inp.len(20)?;
        let mut slots = Vec::with_capacity(n);
        for _ in 0..n {
            slots.push(Slot { key: inp.u64()?, start: inp.u32()?, end: inp.u32()?, entry: inp.u32()? });
        }
        let n = inp.len(16)?;
        let mut terms = Vec::with_capacity(n);
        for _ in 0..n {
            terms.push(Term { off: inp.u32()?, pre_len: inp.u32()?, rest_len: inp.u32()?, entry: inp.u32()?, head: 0 });
        }
        let full = filter.len() == 1 << (FILTER_BITS - 6);
        if !slots.len().is_power_of_two() || !slots.iter().any(|s| s.key == 0) || !(full || terms.is_empty()) {
            return Err(corrupt("bad n-gram table"));
        }
        let bad_slot =
            |s: &Slot| s.key != 0 && (s.start > s.end || s.end as usize > terms.len() || s.entry as usize >= entries);
        let bad_term = |t: &Term| {
            t.off as u64 + t.pre_len as u64 + t.rest_len as u64 > arena.len() as u64 || t.entry as usize >= entries
        };
        if slots.iter().any(bad_slot) || terms.iter().any(bad_term) {
            return Err(corrupt("n-gram table index out of range"));
        }
        for t in &mut terms {
            let (pre, rest) = (pre(arena, t), rest(arena, t));
            if std::str::from_utf8(pre).is_err() || std::str::from_utf8(rest).is_err() {
                return Err(corrupt("n-gram table term is not UTF-8"));
            }
            t.head = head_of(pre, rest);
        }
        let mask = slots.len() - 1;
        Ok(Table { filter, slots, mask, terms })
    }

    fn heap_bytes(&self) -> usize {
        self.filter.len() * 8
            + self.slots.len() * std::mem::size_of::<Slot>()
            + self.terms.len() * std::mem::size_of::<Term>()
    }

    #[inline]
    fn group(&self, k: u64) -> Option<&[Term]> {
        self.slot(k).map(|s| &self.terms[s.start as usize..s.end as usize])
    }
}

/// The compiled terms.
pub(crate) struct NgramMatcher {
    /// Terms of one character: (char, entry), sorted.
    singles: Vec<(u32, u32)>,
    single_filter: Vec<u64>,
    /// Terms of exactly two characters, by bigram (no rest).
    pairs: Table,
    /// Terms of three or more characters, by their anchor trigram.
    longer: Table,
    arena: Vec<u8>,
}

#[inline]
fn key2(c0: u32, c1: u32) -> u64 {
    ((c0 as u64) << 21 | c1 as u64) + 1
}

#[inline]
fn key3(c0: u32, c1: u32, c2: u32) -> u64 {
    ((c0 as u64) << 42 | (c1 as u64) << 21 | c2 as u64) + 1
}

/// Decodes the character at `i` of valid UTF-8 `b`: (code point, length).
#[inline(always)]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let x = b[i];
    if x < 0x80 {
        (x as u32, 1)
    } else if x < 0xE0 {
        (((x as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if x < 0xF0 {
        (((x as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F), 3)
    } else {
        (
            ((x as u32 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3F) << 12)
                | ((b[i + 2] as u32 & 0x3F) << 6)
                | (b[i + 3] as u32 & 0x3F),
            4,
        )
    }
}

impl NgramMatcher {
    /// Builds the matcher; `terms[i] = (term, entry)` with distinct, non-empty terms.
    pub(crate) fn new(terms: &[(&str, u32)]) -> Self {
        let mut singles = Vec::new();
        let mut pairs = Vec::new();
        let mut longer = Vec::with_capacity(terms.len());
        let counts = TrigramCounts::new(terms);
        // Where each term is filed, worked out on every thread of the pool (a cache miss in the
        // counts per trigram: most of the build of 10^6 terms), then shared out in order.
        let filed: Vec<Filed> = terms
            .par_iter()
            .map_init(Vec::new, |chars, &(t, _)| {
                let b = t.as_bytes();
                let (c0, l0) = decode(b, 0);
                if l0 == b.len() {
                    return Filed::Single(c0);
                }
                let (c1, l1) = decode(b, l0);
                if l0 + l1 == b.len() {
                    return Filed::Pair(key2(c0, c1));
                }
                chars_of(b, chars);
                let (key, at, after) = counts.anchor(chars, b.len());
                Filed::Longer(key, at, after)
            })
            .collect();
        for (&(t, entry), filed) in terms.iter().zip(filed) {
            let b = t.as_bytes();
            match filed {
                Filed::Single(c) => singles.push((c, entry)),
                Filed::Pair(key) => pairs.push((key, &b[..0], &b[..0], entry)),
                Filed::Longer(key, at, after) => longer.push((key, &b[..at], &b[after..], entry)),
            }
        }
        singles.sort_unstable();
        let mut arena = Vec::with_capacity(longer.iter().map(|m| m.1.len() + m.2.len()).sum());
        let pairs = Table::new(pairs, &mut arena);
        let longer = Table::new(longer, &mut arena);
        let mut single_filter = vec![0u64; (0x110000 >> 6) + 1];
        for &(c, _) in &singles {
            single_filter[c as usize >> 6] |= 1 << (c & 63);
        }
        NgramMatcher { singles, single_filter, pairs, longer, arena }
    }

    /// Writes the matcher's arrays (the compiled form, see `crate::compiled`).
    pub(crate) fn write(&self, out: &mut Out) {
        let singles: Vec<u64> = self.singles.iter().map(|&(c, e)| (c as u64) << 32 | e as u64).collect();
        out.u64s(&singles);
        out.u64s(&self.single_filter);
        out.bytes(&self.arena);
        self.pairs.write(out);
        self.longer.write(out);
    }

    /// Reads what [`NgramMatcher::write`] wrote; entry ids must be below `entries`.
    pub(crate) fn read(inp: &mut In<'_>, entries: usize) -> Res<Self> {
        let singles: Vec<(u32, u32)> = inp.u64s()?.into_iter().map(|x| ((x >> 32) as u32, x as u32)).collect();
        let single_filter = inp.u64s()?;
        if single_filter.len() != (0x110000 >> 6) + 1
            || singles.iter().any(|&(c, e)| c >= 0x110000 || e as usize >= entries)
        {
            return Err(corrupt("bad single-character table"));
        }
        let arena = inp.bytes()?;
        let pairs = Table::read(inp, &arena, entries)?;
        let longer = Table::read(inp, &arena, entries)?;
        Ok(NgramMatcher { singles, single_filter, pairs, longer, arena })
    }

    /// Memory held by the matcher.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.pairs.heap_bytes()
            + self.longer.heap_bytes()
            + self.arena.len()
            + self.singles.len() * 8
            + self.single_filter.len() * 8
    }

    /// Calls `f` for every occurrence of every term in `text`, in order of the anchor's position
    /// (not of the start: a term filed under a trigram in its middle is reported there).
    ///
    /// The text is taken [`BATCH`] characters at a time: their characters are decoded, then each
    /// filter is probed at every position of the batch with no branch between the probes, so that
    /// the processor can have many of those loads from the 1 MiB filters in flight at once (one
    /// probe after the other, each behind a branch, put half of the matcher's samples on the
    /// test after the load; at 10^6 terms, matching alone takes a third less time). Only the
    /// positions some filter lets through go to the tables, in order.
    pub(crate) fn for_each_match(&self, text: &str, mut f: impl FnMut(RawMatch)) {
        let b = text.as_bytes();
        let (has_singles, has_pairs, has_longer) =
            (!self.singles.is_empty(), !self.pairs.is_empty(), !self.longer.is_empty());
        // Characters of the batch and the two after it (the last trigram's), with their byte
        // offsets; `at[m]` is where the last decoded character ends.
        let mut cs = [0u32; BATCH + 2];
        let mut at = [0u32; BATCH + 3];
        let mut i = 0usize;
        while i < b.len() {
            let mut m = 0;
            let mut j = i;
            while m < BATCH + 2 && j < b.len() {
                let (c, l) = decode(b, j);
                (cs[m], at[m]) = (c, j as u32);
                j += l;
                m += 1;
            }
            at[m] = j as u32;
            let positions = m.min(BATCH);
            // One bit per position of the batch, set where the filter says a term may start
            // (singles) or be filed (pairs, longer).
            let (mut singles, mut pairs, mut longer) = (0u64, 0u64, 0u64);
            if has_singles {
                for (p, &c) in cs[..positions].iter().enumerate() {
                    singles |= (self.single_filter[c as usize >> 6] >> (c & 63) & 1) << p;
                }
            }
            if has_pairs {
                for p in 0..positions.min(m - 1) {
                    pairs |= (self.pairs.may_hold(key2(cs[p], cs[p + 1])) as u64) << p;
                }
            }
            if has_longer {
                for p in 0..positions.min(m.saturating_sub(2)) {
                    longer |= (self.longer.may_hold(key3(cs[p], cs[p + 1], cs[p + 2])) as u64) << p;
                }
            }
            let mut wanted = singles | pairs | longer;
            while wanted != 0 {
                let p = wanted.trailing_zeros() as usize;
                wanted &= wanted - 1;
                let (c0, s, bit) = (cs[p], at[p] as usize, 1u64 << p);
                if singles & bit != 0 {
                    if let Ok(k) = self.singles.binary_search_by_key(&c0, |s| s.0) {
                        f(RawMatch { entry: self.singles[k].1, start: s as u32, end: at[p + 1] });
                    }
                }
                if pairs & bit != 0 {
                    if let Some(entry) = self.pairs.only_entry(key2(c0, cs[p + 1])) {
                        f(RawMatch { entry, start: s as u32, end: at[p + 2] });
                    }
                }
                if longer & bit != 0 {
                    if let Some(group) = self.longer.group(key3(c0, cs[p + 1], cs[p + 2])) {
                        self.verify(group, b, s, at[p + 3] as usize, &mut f);
                    }
                }
            }
            // The next batch starts at the first position this one did not look at.
            i = at[positions] as usize;
        }
    }

    /// Reports the terms of `group` (filed under the n-gram from byte `at` to `rest_at`) whose
    /// bytes before and after the n-gram are the text's.
    #[inline]
    fn verify(&self, group: &[Term], b: &[u8], at: usize, rest_at: usize, f: &mut impl FnMut(RawMatch)) {
        let avail = b.len() - rest_at;
        let mut k = 0;
        while k < group.len() {
            let (pl, rl) = (group[k].pre_len as usize, group[k].rest_len as usize);
            if pl > at {
                break;
            }
            // The run of terms with this many bytes before and after the n-gram.
            let run_len = group[k..].partition_point(|t| t.pre_len as usize == pl && t.rest_len as usize == rl);
            if rl <= avail {
                let run = &group[k..k + run_len];
                let (want_pre, want_rest) = (&b[at - pl..at], &b[rest_at..rest_at + rl]);
                let found = if run_len <= 4 {
                    let h = head_of(want_pre, want_rest);
                    run.iter().position(|t| {
                        t.head == h && pre(&self.arena, t) == want_pre && rest(&self.arena, t) == want_rest
                    })
                } else {
                    run.binary_search_by(|t| {
                        pre(&self.arena, t).cmp(want_pre).then_with(|| rest(&self.arena, t).cmp(want_rest))
                    })
                    .ok()
                };
                if let Some(p) = found {
                    f(RawMatch { entry: run[p].entry, start: (at - pl) as u32, end: (rest_at + rl) as u32 });
                }
            }
            k += run_len;
        }
    }
}

/// The bytes of term `t` before its n-gram.
#[inline]
fn pre<'a>(arena: &'a [u8], t: &Term) -> &'a [u8] {
    &arena[t.off as usize..t.off as usize + t.pre_len as usize]
}

/// The bytes of term `t` after its n-gram.
#[inline]
fn rest<'a>(arena: &'a [u8], t: &Term) -> &'a [u8] {
    let at = t.off as usize + t.pre_len as usize;
    &arena[at..at + t.rest_len as usize]
}

/// The characters of valid UTF-8 `b` and their byte offsets.
fn chars_of(b: &[u8], out: &mut Vec<(u32, usize)>) {
    out.clear();
    let mut i = 0;
    while i < b.len() {
        let (c, l) = decode(b, i);
        out.push((c, i));
        i += l;
    }
}

/// How often each trigram occurs in the dictionary, approximately (a count per hashed trigram):
/// the anchor of a term is its rarest trigram, so that the text positions where its group is
/// looked up, and the near misses verified there, are few.
struct TrigramCounts {
    counts: Vec<u32>,
    shift: u32,
}

impl TrigramCounts {
    /// Counts the trigrams of `terms`.
    fn new(terms: &[(&str, u32)]) -> Self {
        let total: usize = terms.iter().map(|(t, _)| t.len() / 3 + 1).sum();
        let bits = total.next_power_of_two().trailing_zeros().clamp(10, 21);
        let mut me = TrigramCounts { counts: vec![0; 1 << bits], shift: 64 - bits };
        let mut chars = Vec::new();
        for (t, _) in terms {
            chars_of(t.as_bytes(), &mut chars);
            for w in chars.windows(3) {
                let i = me.index(key3(w[0].0, w[1].0, w[2].0));
                me.counts[i] = me.counts[i].saturating_add(1);
            }
        }
        me
    }

    #[inline]
    fn index(&self, key: u64) -> usize {
        (hash(key) >> self.shift) as usize
    }

    /// The anchor of a term of three or more characters `chars` (`len` bytes): its key, and the
    /// byte offsets where it starts and ends. The rarest trigram in the dictionary wins, after the
    /// ones with fewer ASCII characters (digits and Latin letters are everywhere in prose: `199`,
    /// `200`), then the first.
    fn anchor(&self, chars: &[(u32, usize)], len: usize) -> (u64, usize, usize) {
        let mut best = (u32::MAX, u32::MAX, 0usize);
        for j in 0..chars.len() - 2 {
            let w = &chars[j..j + 3];
            let ascii = w.iter().filter(|c| c.0 < 0x80).count() as u32;
            let score = (ascii, self.counts[self.index(key3(w[0].0, w[1].0, w[2].0))], j);
            if score < best {
                best = score;
            }
        }
        let j = best.2;
        let w = &chars[j..j + 3];
        let end = chars.get(j + 3).map_or(len, |c| c.1);
        (key3(w[0].0, w[1].0, w[2].0), w[0].1, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(terms: &[(&str, u32)], text: &str) -> Vec<(u32, String)> {
        let m = NgramMatcher::new(terms);
        let mut v = vec![];
        m.for_each_match(text, |r| v.push((r.entry, text[r.start as usize..r.end as usize].to_string())));
        v.sort();
        v
    }

    /// Every occurrence of every term, overlapping ones included, by brute force.
    fn naive(terms: &[(&str, u32)], text: &str) -> Vec<(u32, String)> {
        let mut v = vec![];
        for (i, _) in text.char_indices() {
            for &(t, e) in terms {
                if text[i..].starts_with(t) {
                    v.push((e, t.to_string()));
                }
            }
        }
        v.sort();
        v
    }

    #[test]
    fn finds_all_overlapping_matches() {
        let terms = [("紫电", 0), ("紫电计划", 1), ("电计", 2), ("划", 3), ("kj-3型", 4), ("三黄片", 5), ("黄片", 6)];
        let text = "紫电计划和三黄片，kj-3型";
        assert_eq!(all(&terms, text), naive(&terms, text));
        assert_eq!(all(&terms, text).len(), 7);
    }

    #[test]
    fn large_groups_use_binary_search() {
        let words: Vec<String> = (0..200).map(|i| format!("中国人{i}号")).collect();
        let terms: Vec<(&str, u32)> = words.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
        let text = "中国人17号和中国人199号，中国人";
        assert_eq!(all(&terms, text), vec![(17, "中国人17号".into()), (199, "中国人199号".into())]);
    }

    #[test]
    fn agrees_with_brute_force_at_the_edges() {
        let words =
            ["紫电计划", "计划", "试验场地", "划在", "计划计划", "二期由k", "期", "负责。", "a", "ab", "abc", "𠀀𠀁"];
        let terms: Vec<(&str, u32)> = words.iter().enumerate().map(|(i, w)| (*w, i as u32)).collect();
        for text in ["紫电计划在试验场地进行，紫电计划二期由kj-3型负责。计划计划计划", "abcab", "a", "", "计", "𠀀𠀁𠀀"]
        {
            assert_eq!(all(&terms, text), naive(&terms, text), "{text}");
        }
    }

    #[test]
    fn terms_across_the_batches_are_found() {
        // Terms of one, two, three and more characters (ASCII and not) planted at every offset
        // around the ends of the first and second batches, in texts that end there too.
        let words = ["划", "计划", "紫电计", "紫电计划", "ab", "a", "kj-3型", "𠀀𠀁"];
        let terms: Vec<(&str, u32)> = words.iter().enumerate().map(|(i, w)| (*w, i as u32)).collect();
        for word in words {
            for fill in (0..8).chain(BATCH - 6..BATCH + 4).chain(2 * BATCH - 6..2 * BATCH + 4) {
                for tail in [0, 1, 2, 5] {
                    let text = format!("{}{word}{}", "和".repeat(fill), "x".repeat(tail));
                    assert_eq!(all(&terms, &text), naive(&terms, &text), "{word} after {fill}, {tail} after");
                }
            }
        }
    }

    /// The anchor a term is filed under, as text.
    fn anchor_of(words: &[&str], word: &str) -> String {
        let terms: Vec<(&str, u32)> = words.iter().enumerate().map(|(i, w)| (*w, i as u32)).collect();
        let counts = TrigramCounts::new(&terms);
        let mut chars = vec![];
        chars_of(word.as_bytes(), &mut chars);
        let (_, at, end) = counts.anchor(&chars, word.len());
        word[at..end].to_string()
    }

    #[test]
    fn terms_are_filed_under_their_rarest_trigram() {
        let words = ["第七研究所", "第七研究室", "原阳县第七研究所", "76619部队", "75412部队", "紫电计划"];
        // `第七研` and `七研究` are in three terms, `研究所` in two, the others in one.
        assert_eq!(anchor_of(&words, "原阳县第七研究所"), "原阳县", "ties go to the first");
        assert_eq!(anchor_of(&words, "第七研究室"), "研究室");
        assert_eq!(anchor_of(&words, "第七研究所"), "研究所");
        // Digits are everywhere in prose: the trigram with the fewest wins, then the rarest.
        assert_eq!(anchor_of(&words, "76619部队"), "9部队");
        // Found wherever the anchor falls, at both ends of the text.
        let terms: Vec<(&str, u32)> = words.iter().enumerate().map(|(i, w)| (*w, i as u32)).collect();
        for text in
            ["第七研究室", "原阳县第七研究所和第七研究所", "研究所76619部队", "619部队第七研究", "第七研究所第七研究室"]
        {
            assert_eq!(all(&terms, text), naive(&terms, text), "{text}");
        }
    }

    #[test]
    fn a_compiled_table_with_bytes_that_are_not_a_term_is_refused() {
        // Filed under `究所甲` and `究所乙`: `研` is stored before the anchor.
        let m = NgramMatcher::new(&[("研究所甲", 0), ("研究所乙", 1)]);
        let mut out = Out(Vec::new());
        m.write(&mut out);
        let good = out.0.clone();
        assert!(NgramMatcher::read(&mut In::new(&good), 2).is_ok());
        // A continuation byte where `研` starts: the bytes before the anchor are not UTF-8.
        let arena_at = good.windows(3).position(|w| w == "研".as_bytes()).unwrap();
        let mut bad = good.clone();
        bad[arena_at] = 0x80;
        assert!(NgramMatcher::read(&mut In::new(&bad), 2).is_err());
    }
}
