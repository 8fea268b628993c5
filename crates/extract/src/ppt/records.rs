//! The record layer of a PowerPoint 97–2003 stream (`PowerPoint Document`).
//!
//! Every record opens with an 8-byte header: a 16-bit word holding the version (low 4 bits) and
//! the instance (high 12 bits), a 16-bit type and a 32-bit length. Version `0xF` marks a
//! container, whose body is a sequence of records; anything else is an atom with plain data. The
//! drawing records (`0xF000`–`0xF1FF`, OfficeArt) use the same header.

use crate::ExtractError;

/// Deepest container nesting followed (real files stay under 15; a hostile one could nest until
/// the stack runs out).
const MAX_DEPTH: usize = 64;

/// One record: its type, instance, where it starts in the stream, its body and whether it is a
/// container.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rec<'a> {
    pub(crate) kind: u16,
    pub(crate) instance: u16,
    pub(crate) offset: usize,
    pub(crate) body: &'a [u8],
    pub(crate) depth: usize,
    /// The version/instance word as stored.
    word: u16,
}

impl<'a> Rec<'a> {
    pub(crate) fn is_container(&self) -> bool {
        self.depth < MAX_DEPTH && self.kind != 0 && self.version() == 0xF
    }

    fn version(&self) -> u16 {
        self.word & 0xF
    }

    /// The records inside a container (none for an atom). A child running past its parent's end
    /// is an error naming its offset.
    pub(crate) fn children(&self) -> Result<Vec<Rec<'a>>, ExtractError> {
        if !self.is_container() {
            return Ok(Vec::new());
        }
        parse(self.body, self.offset + 8, self.depth + 1)
    }

    /// Calls `visit` on every record below this one, depth first in stream order; `visit`
    /// returns whether to descend into the record it was given.
    pub(crate) fn walk(&self, visit: &mut dyn FnMut(&Rec<'a>) -> bool) -> Result<(), ExtractError> {
        for child in self.children()? {
            if visit(&child) {
                child.walk(visit)?;
            }
        }
        Ok(())
    }
}

/// The records in `data`, which starts at `base` in the stream.
pub(crate) fn parse(data: &[u8], base: usize, depth: usize) -> Result<Vec<Rec<'_>>, ExtractError> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at + 8 <= data.len() {
        let word = u16::from_le_bytes([data[at], data[at + 1]]);
        let kind = u16::from_le_bytes([data[at + 2], data[at + 3]]);
        let len = u32::from_le_bytes([data[at + 4], data[at + 5], data[at + 6], data[at + 7]]) as usize;
        let body = data.get(at + 8..(at + 8).saturating_add(len)).ok_or_else(|| {
            ExtractError::corrupt(crate::Defect::RecordPastEnd { record: kind })
                .in_part("PowerPoint Document")
                .at_byte(base + at)
        })?;
        out.push(Rec { kind, instance: word >> 4, offset: base + at, body, depth, word });
        at += 8 + len;
    }
    Ok(out)
}

/// The record that starts at `offset` of the stream (a persist object: a slide, the document).
pub(crate) fn at(stream: &[u8], offset: usize) -> Option<Rec<'_>> {
    let head = stream.get(offset..offset.checked_add(8)?)?;
    let word = u16::from_le_bytes([head[0], head[1]]);
    let kind = u16::from_le_bytes([head[2], head[3]]);
    let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
    let body = stream.get(offset + 8..(offset + 8).checked_add(len)?)?;
    Some(Rec { kind, instance: word >> 4, offset, body, depth: 0, word })
}

pub(crate) fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    d.get(o..o + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

pub(crate) fn i32_at(d: &[u8], o: usize) -> Option<i32> {
    u32_at(d, o).map(|v| v as i32)
}

/// UTF-16LE text (`TextCharsAtom`, `CString`).
pub(crate) fn utf16(d: &[u8]) -> String {
    let units: Vec<u16> = d.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

/// `TextBytesAtom` text: each byte is the low byte of a UTF-16 code unit whose high byte is 0.
pub(crate) fn latin1(d: &[u8]) -> String {
    d.iter().map(|&b| b as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(word: u16, kind: u16, body: &[u8]) -> Vec<u8> {
        let mut v = word.to_le_bytes().to_vec();
        v.extend(kind.to_le_bytes());
        v.extend((body.len() as u32).to_le_bytes());
        v.extend(body);
        v
    }

    #[test]
    fn containers_nest_and_overruns_are_errors() {
        let inner = rec(0, 0x0FA0, &[0x3A, 0x67]);
        let outer = rec(0x000F, 0x03EE, &inner);
        let top = parse(&outer, 0, 0).unwrap();
        assert_eq!(top.len(), 1);
        let kids = top[0].children().unwrap();
        assert_eq!((kids[0].kind, kids[0].offset, utf16(kids[0].body)), (0x0FA0, 8, "机".to_owned()));
        let mut cut = outer.clone();
        cut.truncate(outer.len() - 1);
        assert!(parse(&cut, 0, 0).is_err());
        assert_eq!(at(&outer, 8).map(|r| r.kind), Some(0x0FA0));
    }

    #[test]
    fn nesting_is_bounded() {
        let mut data = rec(0, 0x0FA0, b"x\0");
        for _ in 0..200 {
            data = rec(0x000F, 0x0FF0, &data);
        }
        let mut deepest = 0;
        let top = parse(&data, 0, 0).unwrap();
        top[0]
            .walk(&mut |r| {
                deepest = deepest.max(r.depth);
                true
            })
            .unwrap();
        assert!(deepest <= MAX_DEPTH);
    }
}
