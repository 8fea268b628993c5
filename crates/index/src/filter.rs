//! A split block Bloom filter: a set of keys that answers "certainly not" or "perhaps", reading
//! one cache line per question.
//!
//! The filter is an array of 512-bit blocks, each one cache line (64 bytes, aligned). A key
//! names one block and sets one bit in each of its eight 64-bit words (the layout of Parquet's
//! and Impala's split block Bloom filters, with blocks twice as wide): a question reads that
//! block and nothing else. With `b` bits per key, the words of a block hold about `512 / b` keys,
//! each word about `1 − e^(−8/b)` full, and a key not held passes with that to the eighth
//! power, more as blocks are not equally full: measured (unit test below, a million keys not
//! held) 0.10% at 16 bits per key, 0.42% at 12, 2.9% at 8, where the matcher's earlier filter
//! (three bits in one 64-bit word, about eight bits per key) let through 3.4% (simulated).
//!
//! Keys are mixed before use (SplitMix64's finaliser, twice, for the block and for the bits), so
//! any set of keys spreads evenly; an inserted key is always answered "perhaps" (no false
//! negatives: unit tests below).

/// One cache line of the filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(64))]
struct Block([u64; 8]);

/// A split block Bloom filter (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BlockFilter {
    blocks: Vec<Block>,
}

/// SplitMix64's finaliser: every bit of the result depends on every bit of `z`.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl BlockFilter {
    /// An empty filter with room for `keys` keys at `bits_per_key` bits each (at least one
    /// block).
    pub fn with_capacity(keys: usize, bits_per_key: usize) -> BlockFilter {
        let blocks = keys.saturating_mul(bits_per_key).div_ceil(512).max(1);
        BlockFilter { blocks: vec![Block::default(); blocks] }
    }

    /// The block of `key` and the bit each of its words must hold.
    #[inline]
    fn probe(&self, key: u64) -> (usize, [u64; 8]) {
        let h = mix(key.wrapping_add(0x9E37_79B9_7F4A_7C15));
        // The high half of the hash times the number of blocks, over 2^32: a block from an even
        // spread of 32 bits, without a division.
        let block = ((h >> 32) * self.blocks.len() as u64 >> 32) as usize;
        let bits = mix(h ^ 0xD6E8_FEB8_6659_FD93);
        (block, std::array::from_fn(|w| 1u64 << (bits >> (6 * w) & 63)))
    }

    /// Adds `key`.
    pub fn insert(&mut self, key: u64) {
        let (block, bits) = self.probe(key);
        for (word, bit) in self.blocks[block].0.iter_mut().zip(bits) {
            *word |= bit;
        }
    }

    /// Whether `key` may have been added (false: it certainly was not). One cache line read.
    #[inline]
    pub fn may_hold(&self, key: u64) -> bool {
        let (block, bits) = self.probe(key);
        let words = &self.blocks[block].0;
        // Bits asked for and missing, all eight words folded without a branch.
        words.iter().zip(bits).fold(0, |missing, (&word, bit)| missing | (bit & !word)) == 0
    }

    /// Bytes it holds.
    pub fn bytes(&self) -> usize {
        self.blocks.len() * std::mem::size_of::<Block>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of a simple generator (PCG-like steps), distinct for distinct `seed`s in practice.
    fn keys(seed: u64, n: usize) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                x >> 16
            })
            .collect()
    }

    #[test]
    fn a_block_is_one_aligned_cache_line() {
        assert_eq!(std::mem::size_of::<Block>(), 64);
        assert_eq!(std::mem::align_of::<Block>(), 64);
        let f = BlockFilter::with_capacity(1000, 16);
        assert_eq!(f.bytes(), 1000 * 16 / 512 * 64 + 64, "rounded up to whole blocks");
        assert_eq!(f.blocks.as_ptr() as usize % 64, 0);
        assert_eq!(BlockFilter::with_capacity(0, 16).bytes(), 64, "never empty");
    }

    #[test]
    fn every_key_added_is_held_and_few_others_pass() {
        for (n, bits, most) in [(200_000, 16, 0.002), (200_000, 12, 0.008), (100_000, 8, 0.035)] {
            let mut f = BlockFilter::with_capacity(n, bits);
            let added = keys(1, n);
            added.iter().for_each(|&k| f.insert(k));
            assert!(added.iter().all(|&k| f.may_hold(k)), "no false negatives");
            let others = keys(2, 1_000_000);
            let passed = others.iter().filter(|&&k| f.may_hold(k)).count() as f64 / others.len() as f64;
            assert!(passed < most, "{bits} bits a key: {passed} of other keys pass");
            assert!(passed > most / 20.0, "{bits} bits a key: {passed}, suspiciously few");
        }
    }

    #[test]
    fn small_keys_and_keys_alike_spread_and_are_held() {
        // Keys that differ in a few low bits only (consecutive fingerprints, packed pairs).
        let mut f = BlockFilter::with_capacity(4096, 16);
        (0..4096u64).for_each(|k| f.insert(k << 40 | 7));
        assert!((0..4096u64).all(|k| f.may_hold(k << 40 | 7)));
        let passed = (4096..1_004_096u64).filter(|&k| f.may_hold(k << 40 | 7)).count();
        assert!(passed < 2_000, "{passed} of a million");
        let used = f.blocks.iter().filter(|b| b.0.iter().any(|&w| w != 0)).count();
        assert!(used * 10 > f.blocks.len() * 9, "{used} of {} blocks used", f.blocks.len());
        // An empty filter holds nothing.
        let empty = BlockFilter::with_capacity(10, 16);
        assert!((0..10_000u64).all(|k| !empty.may_hold(k)));
    }
}
