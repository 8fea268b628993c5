//! A CID-keyed CFF font program (`/FontFile3 /CIDFontType0C`, or the `CFF ` table of an
//! OpenType font): the CID of each glyph and the character collection the CIDs number (the
//! `Ordering` of the Top DICT's `ROS` operator, `GB1` for Adobe-GB1). The collection's table
//! (`pdf::cid_unicode`) then says which character each glyph is.
//!
//! ttf-parser reads a CFF charset one glyph at a time, walking its ranges from the start for
//! each (a 65,535-glyph font of one-glyph ranges would cost billions of steps), and does not
//! give the `ROS`; this reader walks the charset once and reads only what it needs.
//!
//! CFF is Adobe Technical Note #5176: a header, then INDEXes (a count, an offset size, count + 1
//! offsets, the data) of font names, Top DICTs and strings. A DICT is operands (numbers) each
//! followed by an operator: `ROS` (12 30) takes the SIDs of the registry and ordering strings
//! and the supplement, `charset` (15) and `CharStrings` (17) an offset from the start of the
//! font. Every offset and length is checked against the data: a broken font gives `None`.

/// SIDs below this name the standard strings (none of which is a collection's ordering).
const STANDARD_STRINGS: usize = 391;
/// Most operands a DICT operator takes (Type 2 limit).
const MAX_OPERANDS: usize = 48;

/// What a CID-keyed CFF font says of its glyphs.
pub(super) struct CidKeyed<'a> {
    /// The `Ordering` of the font's `ROS` (`GB1`, `Japan1`, `Identity`…).
    pub(super) ordering: &'a [u8],
    /// The CID of each glyph, by glyph id (glyph 0, `.notdef`, is CID 0).
    pub(super) cids: Vec<u16>,
}

/// Reads the `ROS` and charset of the CFF font `cff`; `None` for a name-keyed or broken font.
pub(super) fn read(cff: &[u8]) -> Option<CidKeyed<'_>> {
    let (top, strings) = top_dict(cff)?;
    let ordering = strings.get(top.ordering_sid?.checked_sub(STANDARD_STRINGS)?)?;
    let glyphs = Index::read(cff, top.char_strings?)?.count;
    let cids = charset(cff, top.charset?, glyphs)?;
    Some(CidKeyed { ordering, cids })
}

/// The glyph names of a name-keyed CFF font with a charset of its own, by glyph id: a name its
/// String INDEX holds (`uni673A`), or the SID of a standard name (`A` is 34). `None` for a
/// CID-keyed or broken font, or one with a predefined charset (which ttf-parser reads in
/// constant time per glyph).
pub(super) fn glyph_names(cff: &[u8]) -> Option<Vec<Result<&str, u16>>> {
    let (top, strings) = top_dict(cff)?;
    if top.ordering_sid.is_some() {
        return None;
    }
    let glyphs = Index::read(cff, top.char_strings?)?.count;
    // Offsets 0–2 name the predefined charsets.
    let sids = charset(cff, top.charset.filter(|&at| at > 2)?, glyphs)?;
    let name = |sid: u16| match usize::from(sid).checked_sub(STANDARD_STRINGS) {
        Some(i) => strings.get(i).and_then(|n| std::str::from_utf8(n).ok()).ok_or(0),
        None => Err(sid),
    };
    Some(sids.into_iter().map(name).collect())
}

/// The Top DICT entries this reader uses, and the String INDEX.
fn top_dict(cff: &[u8]) -> Option<(TopDict, Index<'_>)> {
    let header_size = usize::from(*cff.get(2)?);
    let names = Index::read(cff, header_size)?;
    let top_dicts = Index::read(cff, names.end)?;
    let strings = Index::read(cff, top_dicts.end)?;
    Some((TopDict::read(top_dicts.get(0)?)?, strings))
}

/// The Top DICT entries this reader uses.
#[derive(Default)]
struct TopDict {
    ordering_sid: Option<usize>,
    charset: Option<usize>,
    char_strings: Option<usize>,
}

impl TopDict {
    fn read(dict: &[u8]) -> Option<TopDict> {
        let mut out = TopDict::default();
        let mut operands = [0i64; MAX_OPERANDS];
        let mut n = 0usize;
        let mut i = 0;
        while i < dict.len() {
            let b0 = dict[i];
            let byte = |k: usize| dict.get(i + k).copied().map(i64::from);
            let (value, len) = match b0 {
                0..=21 => {
                    let last = n.checked_sub(1).map(|k| operands[k]).and_then(|v| usize::try_from(v).ok());
                    match (b0, dict.get(i + 1)) {
                        (12, Some(30)) if n >= 2 => out.ordering_sid = usize::try_from(operands[1]).ok(),
                        (15, _) => out.charset = last,
                        (17, _) => out.char_strings = last,
                        _ => {}
                    }
                    n = 0;
                    i += if b0 == 12 { 2 } else { 1 };
                    continue;
                }
                28 => ((byte(1)? << 8 | byte(2)?) as i16 as i64, 3),
                29 => ((byte(1)? << 24 | byte(2)? << 16 | byte(3)? << 8 | byte(4)?) as i32 as i64, 5),
                30 => {
                    // A real number: nibbles up to one that ends it (0xF). No entry read here is one.
                    let end = dict[i + 1..].iter().position(|b| b & 0x0F == 0x0F || b >> 4 == 0x0F)?;
                    (0, end + 2)
                }
                32..=246 => (i64::from(b0) - 139, 1),
                247..=250 => ((i64::from(b0) - 247) * 256 + byte(1)? + 108, 2),
                251..=254 => (-(i64::from(b0) - 251) * 256 - byte(1)? - 108, 2),
                _ => return None,
            };
            if n < MAX_OPERANDS {
                operands[n] = value;
                n += 1;
            }
            i += len;
        }
        Some(out)
    }
}

/// The CID (SID in a name-keyed font) of each of `glyphs` glyphs, by the charset at `at`:
/// format 0 lists them, formats 1 and 2 give ranges (a first CID and how many follow it).
fn charset(cff: &[u8], at: usize, glyphs: usize) -> Option<Vec<u16>> {
    let u16_at = |k: usize| Some(u16::from_be_bytes([*cff.get(k)?, *cff.get(k + 1)?]));
    let mut cids = Vec::with_capacity(glyphs);
    cids.push(0);
    let format = *cff.get(at)?;
    let mut k = at + 1;
    while cids.len() < glyphs {
        match format {
            0 => {
                cids.push(u16_at(k)?);
                k += 2;
            }
            1 | 2 => {
                let first = u16_at(k)?;
                let left = if format == 1 { u16::from(*cff.get(k + 2)?) } else { u16_at(k + 2)? };
                k += if format == 1 { 3 } else { 4 };
                for cid in (first..=first.saturating_add(left)).take(glyphs - cids.len()) {
                    cids.push(cid);
                }
            }
            _ => return None,
        }
    }
    Some(cids)
}

/// A CFF INDEX located in the font's data.
struct Index<'a> {
    data: &'a [u8],
    count: usize,
    off_size: usize,
    /// Where the offsets start.
    offsets: usize,
    /// Where the data starts, less one (offsets count from 1).
    base: usize,
    /// The first byte after the INDEX.
    end: usize,
}

impl<'a> Index<'a> {
    fn read(data: &'a [u8], at: usize) -> Option<Index<'a>> {
        let count = usize::from(u16::from_be_bytes([*data.get(at)?, *data.get(at.checked_add(1)?)?]));
        if count == 0 {
            return Some(Index { data, count, off_size: 1, offsets: at + 2, base: at + 2, end: at + 2 });
        }
        let off_size = usize::from(*data.get(at + 2)?);
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let offsets = at + 3;
        let base = offsets + (count + 1) * off_size - 1;
        let mut index = Index { data, count, off_size, offsets, base, end: 0 };
        index.end = base.checked_add(index.offset(count)?)?;
        (index.end <= data.len()).then_some(index)
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let at = self.offsets + i * self.off_size;
        let bytes = self.data.get(at..at + self.off_size)?;
        Some(bytes.iter().fold(0usize, |acc, &b| acc << 8 | usize::from(b)))
    }

    fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        let (start, end) = (self.offset(i)?, self.offset(i + 1)?);
        if start == 0 || start > end {
            return None;
        }
        self.data.get(self.base + start..self.base + end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::cff;

    #[test]
    fn reads_the_collection_and_the_cid_of_each_glyph() {
        let font = read_owned(&cff::cid_keyed("GB1", &[4559, 3550]));
        assert_eq!(font, Some((b"GB1".to_vec(), vec![0, 4559, 3550])));
        let font = read_owned(&cff::cid_keyed("Identity", &[1]));
        assert_eq!(font, Some((b"Identity".to_vec(), vec![0, 1])));
    }

    #[test]
    fn reads_the_names_of_a_name_keyed_font() {
        let font = cff::name_keyed(&["uni673A", "g7"], &[]);
        assert_eq!(glyph_names(&font), Some(vec![Err(0), Ok("uni673A"), Ok("g7")]));
        assert!(glyph_names(&cff::cid_keyed("GB1", &[1])).is_none());
    }

    #[test]
    fn charsets_of_ranges_are_walked_once() {
        // Format 1: CIDs 10–12, then 20; format 2: 100–101. Glyph counts bound the walk.
        let data = [1u8, 0, 10, 2, 0, 20, 0];
        assert_eq!(charset(&data, 0, 5), Some(vec![0, 10, 11, 12, 20]));
        assert_eq!(charset(&data, 0, 3), Some(vec![0, 10, 11]));
        assert_eq!(charset(&[2, 0, 100, 0, 1], 0, 3), Some(vec![0, 100, 101]));
        assert_eq!(charset(&[2, 0, 100, 0, 1], 0, 4), None, "cut short");
        assert_eq!(charset(&[3], 0, 2), None);
    }

    #[test]
    fn a_name_keyed_or_broken_font_has_none() {
        assert!(read(&cff::name_keyed(&["uni673A"], &[])).is_none());
        let font = cff::cid_keyed("GB1", &[1, 2]);
        for len in 0..font.len() {
            // Cut anywhere, the reader stops without reading past the end.
            let _ = read(&font[..len]);
        }
        assert!(TopDict::read(&[30, 0x12]).is_none(), "a real number never ended");
        assert!(TopDict::read(&[255, 12, 30]).is_none(), "a reserved byte");
        let top = TopDict::read(&[139 + 100, 139 + 101, 139, 12, 30, 28, 1, 0, 15]).unwrap();
        assert_eq!((top.ordering_sid, top.charset), (Some(101), Some(256)));
    }

    fn read_owned(font: &[u8]) -> Option<(Vec<u8>, Vec<u16>)> {
        read(font).map(|f| (f.ordering.to_vec(), f.cids))
    }
}
