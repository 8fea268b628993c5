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

    /// Maps the normalised range of each item to its original range, in place: what
    /// [`OffsetMap::range`] gives for each, in one walk over the checkpoints when the items come
    /// in ascending order (the characters of a window), with a search wherever they do not.
    /// `range` hands out an item's (start, end).
    pub(crate) fn map_in_place<T>(&self, items: &mut [T], mut range: impl FnMut(&mut T) -> (&mut u32, &mut u32)) {
        if !self.reversed.is_empty() {
            for item in items {
                let (s, e) = range(item);
                let (a, b) = self.range(*s as usize, *e as usize);
                (*s, *e) = (a as u32, b as u32);
            }
            return;
        }
        let (norm, orig) = (&self.norm[..], &self.orig[..]);
        // `i`: how many checkpoints are at or before the previous start (None: not searched yet).
        let mut known: Option<(u32, usize)> = None;
        for item in items {
            let (s, e) = range(item);
            let (sv, ev) = (*s, *e);
            let i = count_from(norm, known, sv, |x| x <= sv);
            known = Some((sv, i));
            // The checkpoints before the end: those before the start, and the few inside the
            // character (at most the ones where it ends).
            let mut j = i;
            if ev > sv {
                while j < norm.len() && norm[j] < ev {
                    j += 1;
                }
            } else {
                j = norm.partition_point(|&x| x < ev);
            }
            *s = if i == 0 { sv } else { orig[i - 1] + (sv - norm[i - 1]) };
            *e = if j < norm.len() && norm[j] == ev {
                orig[j]
            } else if j == 0 {
                ev
            } else {
                orig[j - 1] + (ev - norm[j - 1])
            };
        }
    }

    /// A mapper for starts asked in ascending order: it gives what [`OffsetMap::start`] gives,
    /// but goes on from the checkpoint of the previous start instead of searching all of them
    /// again (whole ranges in order are mapped by `map_in_place`, inside the crate).
    pub fn ascending(&self) -> Ascending<'_> {
        Ascending { map: self, le: None }
    }
}

/// See [`OffsetMap::ascending`].
pub struct Ascending<'m> {
    map: &'m OffsetMap,
    /// The last normalised offset asked for as a start, and how many checkpoints are at or before it.
    le: Option<(u32, usize)>,
}

impl Ascending<'_> {
    /// The same as [`OffsetMap::start`], in any order, fastest in ascending order (the few
    /// places of one stretch of text: a search for the first, a step or two for the others).
    #[inline]
    pub fn start(&mut self, n: usize) -> usize {
        let (norm, n) = (&self.map.norm, n as u32);
        let i = count_from(norm, self.le, n, |x| x <= n);
        self.le = Some((n, i));
        (if i == 0 { n } else { self.map.orig[i - 1] + (n - norm[i - 1]) }) as usize
    }
}

/// How many of the ascending `norm` satisfy `holds` (true then false, as for `partition_point`),
/// going on from `from` (an earlier offset and its count) when `n` is not before it.
#[inline]
fn count_from(norm: &[u32], from: Option<(u32, usize)>, n: u32, holds: impl Fn(u32) -> bool) -> usize {
    match from {
        Some((at, mut i)) if at <= n => {
            // A few steps cover the next character; a jump further is searched.
            for _ in 0..4 {
                if i < norm.len() && holds(norm[i]) {
                    i += 1;
                } else {
                    return i;
                }
            }
            i + norm[i..].partition_point(|&x| holds(x))
        }
        _ => norm.partition_point(|&x| holds(x)),
    }
}

#[cfg(test)]
mod tests {
    use crate::normalize::Normalized;

    #[test]
    fn ascending_ranges_are_the_ranges() {
        for text in [
            "紫电计划",
            "Ｋ　Ｊ－３型，紫\u{200B}电\n计划。ａｂｃ　ｄｅ\r\n\n\n第二段\u{00AD}文字ＸＹＺ，１２３",
            "ab\u{202E}cd\u{202C}ef 机·密·★ 1年",
            "",
        ] {
            let mut n = Normalized::new();
            n.fill(text);
            let map = n.map();
            let len = n.text().len();
            let bounds: Vec<usize> = (0..=len).filter(|&b| n.text().is_char_boundary(b)).collect();
            let pairs: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
            // Ascending, one character at a time; then in jumps, backwards and overlapping
            // (a character, then from it to a later boundary).
            let mut jumpy = Vec::new();
            for &(a, b) in pairs.iter().step_by(3).chain(pairs.iter().rev()).chain(pairs.iter()) {
                jumpy.push((a, b));
                if let Some(&c) = bounds.iter().rev().find(|&&c| c >= b) {
                    jumpy.push((a, c));
                }
            }
            // In place, the same orders.
            for order in [pairs.clone(), jumpy] {
                let mut items: Vec<(u32, u32)> = order.iter().map(|&(a, b)| (a as u32, b as u32)).collect();
                map.map_in_place(&mut items, |(s, e)| (s, e));
                for (&(a, b), &(s, e)) in order.iter().zip(&items) {
                    assert_eq!((s as usize, e as usize), map.range(a, b), "{text:?} {a}..{b} in place");
                }
            }
            // Starts alone (not mirrored under an override, as `start`), in the same orders.
            let mut starts = map.ascending();
            for &b in bounds.iter().chain(bounds.iter().step_by(3)).chain(bounds.iter().rev()) {
                assert_eq!(starts.start(b), map.start(b), "{text:?} {b}");
            }
        }
    }
}
