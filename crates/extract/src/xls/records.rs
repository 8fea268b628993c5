//! The record layer of a BIFF8 workbook stream, and its strings.
//!
//! A BIFF stream is a sequence of records: a 2-byte type, a 2-byte length, then at most 8,224
//! bytes of data. Data longer than that (the shared string table, the text of a comment) goes on
//! in `CONTINUE` records right after it. A [`Record`] is one logical record: the first record's
//! data and the data of the `CONTINUE`s that follow, kept as separate fragments because the
//! boundaries matter: where a string's characters are cut by a boundary, the next fragment opens
//! with a new flag byte saying whether the characters go on as 8-bit or 16-bit units.
//!
//! Strings in BIFF8 are Unicode: "compressed" 8-bit characters are the low bytes of UTF-16 code
//! units (Latin-1, not the workbook's code page), others are UTF-16LE.

use crate::ExtractError;

/// `CONTINUE`: more data of the record before it.
const CONTINUE: u16 = 0x003C;

/// One logical record: its type, where it starts in the stream, and its data fragments.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    pub(crate) kind: u16,
    pub(crate) offset: usize,
    pub(crate) fragments: Vec<&'a [u8]>,
}

impl<'a> Record<'a> {
    /// The first fragment: the record's own data, without its `CONTINUE`s.
    pub(crate) fn data(&self) -> &'a [u8] {
        self.fragments[0]
    }

    /// A reader over all fragments, honouring the string rules at their boundaries.
    pub(crate) fn cursor(&self) -> Cursor<'_, 'a> {
        Cursor { fragments: &self.fragments, index: 0, at: 0 }
    }
}

/// Splits a workbook stream into logical records. A record cut short by the end of the stream is
/// an error naming its offset: the rest of the stream could not be told apart.
pub(crate) fn records(stream: &[u8]) -> Result<Vec<Record<'_>>, ExtractError> {
    let mut out: Vec<Record<'_>> = Vec::new();
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        let data = stream.get(at + 4..at + 4 + len).ok_or_else(|| {
            ExtractError::corrupt(crate::Defect::RecordPastEnd { record: kind }).in_part("Workbook").at_byte(at)
        })?;
        match out.last_mut() {
            Some(previous) if kind == CONTINUE => previous.fragments.push(data),
            _ => out.push(Record { kind, offset: at, fragments: vec![data] }),
        }
        at += 4 + len;
    }
    // Trailing padding (fewer than 4 bytes, usually zeros up to the sector size) is not a record.
    Ok(out)
}

/// Reads the fragments of one logical record in order.
pub(crate) struct Cursor<'r, 'a> {
    fragments: &'r [&'a [u8]],
    index: usize,
    at: usize,
}

impl Cursor<'_, '_> {
    /// Skips empty fragment ends, so that `at` is inside a fragment if any data is left.
    fn settle(&mut self) -> bool {
        while let Some(f) = self.fragments.get(self.index) {
            if self.at < f.len() {
                return true;
            }
            self.index += 1;
            self.at = 0;
        }
        false
    }

    /// Whether the cursor sits at the start of a `CONTINUE` fragment (after settling).
    fn at_fragment_start(&mut self) -> bool {
        self.settle() && self.at == 0 && self.index > 0
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        if !self.settle() {
            return None;
        }
        let b = self.fragments[self.index][self.at];
        self.at += 1;
        Some(b)
    }

    pub(crate) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([self.u8()?, self.u8()?, self.u8()?, self.u8()?]))
    }

    /// Skips `n` bytes (formatting runs, phonetic data), across fragments without flag bytes.
    pub(crate) fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if !self.settle() {
                return None;
            }
            let left = self.fragments[self.index].len() - self.at;
            let step = left.min(n);
            self.at += step;
            n -= step;
        }
        Some(())
    }

    /// Reads `count` characters, 16-bit if `wide`; where a fragment boundary cuts them, the next
    /// fragment's first byte says again whether they are wide.
    pub(crate) fn chars(&mut self, count: usize, mut wide: bool) -> Option<String> {
        let mut units: Vec<u16> = Vec::with_capacity(count.min(1 << 16));
        let mut first = true;
        while units.len() < count {
            if !first && self.at_fragment_start() {
                wide = self.u8()? & 0x01 != 0;
            }
            first = false;
            if !self.settle() {
                return None;
            }
            let f = self.fragments[self.index];
            let left = f.len() - self.at;
            let want = count - units.len();
            if wide {
                let n = want.min(left / 2);
                if n == 0 {
                    return None;
                }
                units.extend(f[self.at..self.at + n * 2].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])));
                self.at += n * 2;
            } else {
                let n = want.min(left);
                units.extend(f[self.at..self.at + n].iter().map(|&b| b as u16));
                self.at += n;
            }
        }
        Some(String::from_utf16_lossy(&units))
    }

    /// An `XLUnicodeRichExtendedString` (the shared string table's entries): count, flags,
    /// optional run and phonetic sizes, characters, then the runs and phonetic data, skipped.
    pub(crate) fn rich_string(&mut self) -> Option<String> {
        let count = self.u16()? as usize;
        let flags = self.u8()?;
        let runs = if flags & 0x08 != 0 { self.u16()? as usize } else { 0 };
        let phonetic = if flags & 0x04 != 0 { self.u32()? as usize } else { 0 };
        let text = self.chars(count, flags & 0x01 != 0)?;
        self.skip(runs * 4)?;
        self.skip(phonetic)?;
        Some(text)
    }

    /// An `XLUnicodeString`: a 16-bit count, a flag byte, the characters.
    pub(crate) fn unicode_string(&mut self) -> Option<String> {
        let count = self.u16()? as usize;
        let flags = self.u8()?;
        self.chars(count, flags & 0x01 != 0)
    }

    /// A `ShortXLUnicodeString`: an 8-bit count, a flag byte, the characters.
    pub(crate) fn short_string(&mut self) -> Option<String> {
        let count = self.u8()? as usize;
        let flags = self.u8()?;
        self.chars(count, flags & 0x01 != 0)
    }
}

/// Little-endian reads at a fixed offset of one fragment.
pub(crate) fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    d.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

pub(crate) fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    d.get(o..o + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A cursor over one byte slice (a record's first fragment from some offset).
pub(crate) fn cursor_over<'r, 'a>(slice: &'r [&'a [u8]]) -> Cursor<'r, 'a> {
    Cursor { fragments: slice, index: 0, at: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut v = kind.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    #[test]
    fn continue_records_join_their_record() {
        let mut s = record(0x00FC, &[1, 2]);
        s.extend(record(CONTINUE, &[3]));
        s.extend(record(0x000A, &[]));
        s.extend([0, 0]);
        let r = records(&s).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].fragments, vec![&[1u8, 2][..], &[3u8][..]]);
        assert_eq!(r[1].offset, 11);
        assert!(records(&record(0x0006, &[1, 2, 3])[..6]).is_err());
    }

    #[test]
    fn a_string_cut_by_a_boundary_switches_width() {
        // "机密" as UTF-16, cut after the first character; the continuation is 8-bit "AB".
        let first: &[u8] = &[4, 0, 1, 0x3A, 0x67];
        let frags = [first, &[0x00, b'A', b'B'][..]];
        let mut c = cursor_over(&frags);
        assert_eq!(c.unicode_string(), None, "the count says 4 characters, only 3 are there");
        let frags = [first, &[0x01, 0xC6, 0x5B][..], &[0x00, b'A', b'B'][..]];
        let mut c = cursor_over(&frags);
        assert_eq!(c.unicode_string().as_deref(), Some("机密AB"));
    }
}
