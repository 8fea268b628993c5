//! A literal-term matcher built for large Chinese dictionaries: n-gram filters over hash tables.
//!
//! Classified dictionaries hold 10^5–10^6 terms of two to a dozen characters, and almost none of
//! them occurs in any given document. An Aho-Corasick automaton walks a trie of millions of states
//! at every character, a cache miss per step, and takes seconds and hundreds of megabytes to build
//! at 10^6 terms. This matcher does less:
//!
//! * a term of three or more characters is filed under its first three characters (its *trigram*),
//!   a term of two characters under its bigram, a term of one character in a small table;
//! * at each position of the text, a bit set answers "does any term start with these characters?"
//!   in one probe. Measured on the benchmark prose with 10^5 sparse terms, a bigram filter says yes
//!   at 20% of positions and a trigram filter at 0.1%, which is why terms are filed by trigram;
//! * on a yes, an open-addressing table gives the group of terms, sorted by (length of the rest,
//!   rest), and one comparison (or binary search) per distinct length finds every term that
//!   continues the text there. All matches are found, overlapping ones included.
//!
//! Building is a sort and a hash fill, with a few tens of bytes per term: 10^6 terms build in a
//! fraction of a second and fit in tens of megabytes (see benches/README.md for the figures and
//! the comparison with daachorse and the aho-corasick crate).

use super::RawMatch;
use crate::compiled::{corrupt, In, Out, Res};

/// Bits of each n-gram filter (2^23 bits = 1 MiB).
const FILTER_BITS: u32 = 23;

/// One term: where its bytes after the n-gram are, and its entry id.
#[derive(Clone, Copy, Debug)]
struct Term {
    rest_off: u32,
    rest_len: u32,
    entry: u32,
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
    /// `items` are (key, rest, entry); the rest bytes go to `arena`.
    fn new(mut items: Vec<(u64, &[u8], u32)>, arena: &mut Vec<u8>) -> Table {
        items.sort_unstable_by(|a, b| (a.0, a.1.len(), a.1).cmp(&(b.0, b.1.len(), b.1)));
        let mut terms = Vec::with_capacity(items.len());
        for &(_, rest, entry) in &items {
            terms.push(Term { rest_off: arena.len() as u32, rest_len: rest.len() as u32, entry });
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
            slots[s] = Slot { key: k, start: start as u32, end: (start + group.len()) as u32, entry: group[0].2 };
            start += group.len();
        }
        Table { filter, slots, mask, terms }
    }

    /// The slot of n-gram `k`: one filter probe, then the table only on a yes.
    #[inline]
    fn slot(&self, k: u64) -> Option<Slot> {
        let h = hash(k);
        let f = (h >> (64 - FILTER_BITS)) as usize;
        if self.filter[f >> 6] & (1 << (f & 63)) == 0 {
            return None;
        }
        let mut s = h as usize & self.mask;
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
            out.u32(t.rest_off);
            out.u32(t.rest_len);
            out.u32(t.entry);
        }
    }

    /// Reads what [`Table::write`] wrote, checking every index the matcher will follow.
    fn read(inp: &mut In<'_>, arena_len: usize, entries: usize) -> Res<Table> {
        let filter = inp.u64s()?;
        let n = inp.len(20)?;
        let mut slots = Vec::with_capacity(n);
        for _ in 0..n {
            slots.push(Slot { key: inp.u64()?, start: inp.u32()?, end: inp.u32()?, entry: inp.u32()? });
        }
        let n = inp.len(12)?;
        let mut terms = Vec::with_capacity(n);
        for _ in 0..n {
            terms.push(Term { rest_off: inp.u32()?, rest_len: inp.u32()?, entry: inp.u32()? });
        }
        let full = filter.len() == 1 << (FILTER_BITS - 6);
        if !slots.len().is_power_of_two() || !slots.iter().any(|s| s.key == 0) || !(full || terms.is_empty()) {
            return Err(corrupt("bad n-gram table"));
        }
        let bad_slot =
            |s: &Slot| s.key != 0 && (s.start > s.end || s.end as usize > terms.len() || s.entry as usize >= entries);
        let bad_term = |t: &Term| t.rest_off as usize + t.rest_len as usize > arena_len || t.entry as usize >= entries;
        if slots.iter().any(bad_slot) || terms.iter().any(bad_term) {
            return Err(corrupt("n-gram table index out of range"));
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
    /// Terms of three or more characters, by trigram.
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

/// The end-of-text marker in the sliding window (not a character).
const NONE: u32 = u32::MAX;

impl NgramMatcher {
    /// Builds the matcher; `terms[i] = (term, entry)` with distinct, non-empty terms.
    pub(crate) fn new(terms: &[(&str, u32)]) -> Self {
        let mut singles = Vec::new();
        let mut pairs = Vec::new();
        let mut longer = Vec::with_capacity(terms.len());
        for &(t, entry) in terms {
            let b = t.as_bytes();
            let (c0, l0) = decode(b, 0);
            if l0 == b.len() {
                singles.push((c0, entry));
                continue;
            }
            let (c1, l1) = decode(b, l0);
            if l0 + l1 == b.len() {
                pairs.push((key2(c0, c1), &b[b.len()..], entry));
                continue;
            }
            let (c2, l2) = decode(b, l0 + l1);
            longer.push((key3(c0, c1, c2), &b[l0 + l1 + l2..], entry));
        }
        singles.sort_unstable();
        let mut arena = Vec::with_capacity(longer.iter().map(|m| m.1.len()).sum());
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
        let pairs = Table::read(inp, arena.len(), entries)?;
        let longer = Table::read(inp, arena.len(), entries)?;
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

    /// Calls `f` for every occurrence of every term in `text`, in order of start.
    pub(crate) fn for_each_match(&self, text: &str, mut f: impl FnMut(RawMatch)) {
        let b = text.as_bytes();
        let n = b.len();
        if n == 0 {
            return;
        }
        let (has_singles, has_pairs, has_longer) =
            (!self.singles.is_empty(), !self.pairs.is_empty(), !self.longer.is_empty());
        let next = |i: usize| if i < n { decode(b, i) } else { (NONE, 0) };
        // A window of three characters starting at byte i.
        let (mut c0, mut l0) = next(0);
        let (mut c1, mut l1) = next(l0);
        let (mut c2, mut l2) = next(l0 + l1);
        let mut i = 0usize;
        while c0 != NONE {
            if has_singles && self.single_filter[c0 as usize >> 6] & (1 << (c0 & 63)) != 0 {
                if let Ok(k) = self.singles.binary_search_by_key(&c0, |s| s.0) {
                    f(RawMatch { entry: self.singles[k].1, start: i as u32, end: (i + l0) as u32 });
                }
            }
            if c1 != NONE {
                if has_pairs {
                    if let Some(entry) = self.pairs.only_entry(key2(c0, c1)) {
                        f(RawMatch { entry, start: i as u32, end: (i + l0 + l1) as u32 });
                    }
                }
                if has_longer && c2 != NONE {
                    if let Some(group) = self.longer.group(key3(c0, c1, c2)) {
                        self.verify(group, b, i, i + l0 + l1 + l2, &mut f);
                    }
                }
            }
            i += l0;
            (c0, l0, c1, l1) = (c1, l1, c2, l2);
            (c2, l2) = next(i + l0 + l1);
        }
    }

    /// Reports the terms of `group` whose rest continues the text at `rest_at`.
    #[inline]
    fn verify(&self, group: &[Term], b: &[u8], start: usize, rest_at: usize, f: &mut impl FnMut(RawMatch)) {
        let avail = b.len() - rest_at;
        let mut k = 0;
        while k < group.len() {
            let len = group[k].rest_len as usize;
            if len > avail {
                break;
            }
            // The run of terms whose rest has this length.
            let run_len = group[k..].partition_point(|t| t.rest_len as usize == len);
            let run = &group[k..k + run_len];
            let want = &b[rest_at..rest_at + len];
            let found = if run_len <= 4 {
                run.iter().position(|t| self.rest(t) == want)
            } else {
                run.binary_search_by(|t| self.rest(t).cmp(want)).ok()
            };
            if let Some(p) = found {
                f(RawMatch { entry: run[p].entry, start: start as u32, end: (rest_at + len) as u32 });
            }
            k += run_len;
        }
    }

    #[inline]
    fn rest(&self, t: &Term) -> &[u8] {
        &self.arena[t.rest_off as usize..(t.rest_off + t.rest_len) as usize]
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
}
