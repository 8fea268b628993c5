//! The map from a normalised text back to the original it was made from.
//!
//! Normalisation drops characters (fillers, zero-width characters) and changes the UTF-8 length of
//! others (full-width `Ａ`, three bytes, becomes `a`, one byte). A finding must still point at its
//! place in the original, so the normaliser records *checkpoints* wherever the linear relation
//! between the two texts breaks. Between checkpoints one normalised byte stands for one original
//! byte. Pure Chinese prose needs a checkpoint only where a line break was dropped, so the map stays
//! small (a few bytes per hundred characters) instead of four bytes per byte.

/// Checkpoints `(normalised offset, original offset)`, in order of both offsets.
///
/// At one normalised offset there may be two checkpoints: the first says where the previous
/// character ended in the original, the last says where the next character starts (the difference
/// is what was dropped in between).
///
/// Text under a right-to-left override was normalised in display order (see `bidi`): the map
/// then also holds the original ranges that were reversed, and [`OffsetMap::range`] mirrors
/// offsets inside them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    norm: Vec<u32>,
    orig: Vec<u32>,
    reversed: Vec<(u32, u32)>,
}

impl OffsetMap {
    pub(crate) fn clear(&mut self) {
        self.norm.clear();
        self.orig.clear();
        self.reversed.clear();
    }

    pub(crate) fn set_reversed(&mut self, runs: Vec<(u32, u32)>) {
        self.reversed = runs;
    }

    /// Where linear continuation from the last checkpoint puts normalised offset `n`.
    #[inline]
    pub(crate) fn predict(&self, n: u32) -> u32 {
        match (self.norm.last(), self.orig.last()) {
            (Some(&ln), Some(&lo)) => lo + (n - ln),
            _ => n,
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, n: u32, o: u32) {
        self.norm.push(n);
        self.orig.push(o);
    }

    /// Number of checkpoints (a measure of how much normalisation changed the text).
    pub fn checkpoints(&self) -> usize {
        self.norm.len()
    }

    /// The original offset where the character starting at normalised offset `n` starts.
    pub fn start(&self, n: usize) -> usize {
        let n = n as u32;
        // Last checkpoint with norm <= n.
        let i = self.norm.partition_point(|&x| x <= n);
        if i == 0 {
            n as usize
        } else {
            (self.orig[i - 1] + (n - self.norm[i - 1])) as usize
        }
    }

    /// The original offset where the character ending at normalised offset `n` ends.
    pub fn end(&self, n: usize) -> usize {
        let n = n as u32;
        // First checkpoint with norm >= n: if it sits exactly at n it records the end of the
        // previous character; otherwise continue linearly from the last checkpoint before n.
        let i = self.norm.partition_point(|&x| x < n);
        if i < self.norm.len() && self.norm[i] == n {
            self.orig[i] as usize
        } else if i == 0 {
            n as usize
        } else {
            (self.orig[i - 1] + (n - self.norm[i - 1])) as usize
        }
    }

    /// Maps a normalised byte range to the original byte range it came from: the smallest
    /// original range holding every character the normalised range was made from.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        let (s, e) = (self.start(start), self.end(end));
        if self.reversed.is_empty() {
            return (s, e);
        }
        // [s, e) is in display order; a piece of it inside a reversed run [rs, re) came from the
        // mirrored piece of the original.
        let (mut lo, mut hi) = (usize::MAX, 0);
        let mut at = s;
        for &(rs, re) in &self.reversed {
            let (rs, re) = (rs as usize, re as usize);
            if re <= at || rs >= e {
                continue;
            }
            if at < rs {
                (lo, hi) = (lo.min(at), hi.max(rs));
            }
            let (a, b) = (at.max(rs), e.min(re));
            (lo, hi) = (lo.min(rs + re - b), hi.max(rs + re - a));
            at = b;
        }
        if at < e {
            (lo, hi) = (lo.min(at), hi.max(e));
        }
        if lo > hi {
            (s, e)
        } else {
            (lo, hi)
        }
    }
}
