//! The matcher's filter of fingerprints: a Bloom filter that answers "certainly not" or
//! "perhaps" reading one 64-bit word per question.
//!
//! A fingerprint names a word by its low bits (fingerprints are keyed hashes already, evenly
//! spread) and [`BITS`] bits of that word by a multiplicative mix of all its bits. At about
//! [`BITS_PER_KEY`] bits per fingerprint a word holds about four fingerprints, a fifth of its
//! bits set, and a fingerprint not held passes with about 0.4% (measured below), where the
//! filter before session 17 (three bits, about eight bits per fingerprint, half the size) let
//! through 3.4%: each pass is a lookup in the table, hundreds of megabytes, cache and TLB
//! misses. A wider block (a 512-bit cache line, one bit in each of its eight words) let through
//! 0.1% but cost about 83 instructions a question against about 20 here (callgrind, session 17;
//! the three-bit filter's pass over the seeds took 23 a kept k-gram, this one's 29): on the
//! benchmark's public prose the table lookups it saved over this one did not pay for them.
//! Every fingerprint added is always answered "perhaps" (no false negatives: unit tests below).

/// Bits set per fingerprint, all in one word.
const BITS: u32 = 5;
/// Bits of filter per fingerprint, at least (words rounded up to a power of two).
pub(crate) const BITS_PER_KEY: usize = 16;

/// A Bloom filter of 32-bit keyed hashes (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SeedFilter {
    words: Vec<u64>,
    mask: u32,
}

impl SeedFilter {
    /// An empty filter with room for `keys` fingerprints: a power of two of words, at least
    /// [`BITS_PER_KEY`] bits each.
    pub fn with_capacity(keys: usize) -> SeedFilter {
        let words = keys.saturating_mul(BITS_PER_KEY).div_ceil(64).clamp(1, 1 << 26).next_power_of_two();
        SeedFilter { words: vec![0; words], mask: (words - 1) as u32 }
    }

    /// The word of `fingerprint` and the bits it must hold there.
    #[inline]
    fn probe(&self, fingerprint: u32) -> (usize, u64) {
        let m = u64::from(fingerprint).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let bits = (0..BITS).fold(0u64, |bits, i| bits | 1u64 << (m >> (58 - 6 * i) & 63));
        ((fingerprint & self.mask) as usize, bits)
    }

    /// Adds `fingerprint`.
    pub fn insert(&mut self, fingerprint: u32) {
        let (word, bits) = self.probe(fingerprint);
        self.words[word] |= bits;
    }

    /// Whether `fingerprint` may have been added (false: it certainly was not). One word read.
    #[inline]
    pub fn may_hold(&self, fingerprint: u32) -> bool {
        let (word, bits) = self.probe(fingerprint);
        self.words[word] & bits == bits
    }

    /// Bytes it holds.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.words.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fingerprint-like keys (a PCG-like generator's high bits), distinct for distinct seeds
    /// in practice.
    fn keys(seed: u64, n: usize) -> Vec<u32> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (x >> 32) as u32
            })
            .collect()
    }

    #[test]
    fn its_size_is_a_power_of_two_words_of_at_least_sixteen_bits_a_key() {
        assert_eq!(SeedFilter::with_capacity(1_005_852).bytes(), 2 << 20, "the benchmark's 10^4 documents");
        assert_eq!(SeedFilter::with_capacity(4).bytes(), 8);
        assert_eq!(SeedFilter::with_capacity(5).bytes(), 16);
        assert_eq!(SeedFilter::with_capacity(0).bytes(), 8, "never empty");
    }

    #[test]
    fn every_key_added_is_held_and_few_others_pass() {
        for n in [1_000, 250_000, 1_005_852] {
            let mut f = SeedFilter::with_capacity(n);
            let added = keys(1, n);
            added.iter().for_each(|&k| f.insert(k));
            assert!(added.iter().all(|&k| f.may_hold(k)), "no false negatives");
            let held: std::collections::HashSet<u32> = added.into_iter().collect();
            let others: Vec<u32> = keys(2, 1_000_000).into_iter().filter(|k| !held.contains(k)).collect();
            let passed = others.iter().filter(|&&k| f.may_hold(k)).count() as f64 / others.len() as f64;
            // 0.37-0.39% at 15.6-16 bits a key; fewer where the power of two leaves more room.
            assert!(passed < 0.0045, "{n} keys: {passed} of other keys pass");
            assert!(passed > 0.0001, "{n} keys: {passed}, suspiciously few");
        }
        // An empty filter holds nothing.
        let empty = SeedFilter::with_capacity(10);
        assert!(keys(3, 10_000).into_iter().all(|k| !empty.may_hold(k)));
    }
}
