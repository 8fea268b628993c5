//! CMaps embedded in PDF files: `/ToUnicode` maps (character code → Unicode text) and embedded
//! `/Encoding` CMaps (byte string → character codes → CIDs).
//!
//! A CMap is a small PostScript program. The parts that matter:
//!
//! ```text
//! 1 begincodespacerange <0000> <FFFF> endcodespacerange   % codes are two bytes
//! 2 beginbfchar <0003> <0020> <0011> <4E2D> endbfchar      % code 3 → " ", code 0x11 → 中
//! 1 beginbfrange <0100> <0102> <5BC6> endbfrange          % 0x100..0x102 → 密, 寇, 寈
//! 1 beginbfrange <0200> <0201> [<79D8> <D840DC00>] endbfrange  % one target per code (an array)
//! 1 begincidrange <8140> <817E> 633 endcidrange            % codes → CIDs, in encoding CMaps
//! ```
//!
//! Targets of `bf` mappings are UTF-16BE, possibly several code units (a ligature `ffi`, or a
//! surrogate pair for CJK Extension B). In a range the *last* code unit is incremented per code.
//! Codes are looked up by their numeric value, as pdf.js and poppler do, whatever their length.
//!
//! The tokens come from the content-stream [`Lexer`]: CMap syntax is the same PostScript
//! subset. Entry counts are capped so a hostile CMap cannot make us build a huge table.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lexer::{Lexer, Operand, Operands};

use crate::{ExtractError, LimitKind};

/// A hasher for small integer keys: one multiplication, no SipHash rounds per glyph.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (u64::from(n) ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by code, hashed with [`IntHasher`].
pub(crate) type CodeMap<V> = HashMap<u32, V, BuildHasherDefault<IntHasher>>;

/// Unicode text for one code: one character (the usual case) or a range in [`CMap::pool`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Uni {
    Char(char),
    Str(u32, u32),
}

/// One `begincodespacerange` entry: codes of `len` bytes whose bytes lie between `lo` and `hi`
/// position by position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Codespace {
    pub(super) len: u8,
    pub(super) lo: [u8; 4],
    pub(super) hi: [u8; 4],
}

impl Codespace {
    fn matches(&self, bytes: &[u8]) -> bool {
        let n = self.len as usize;
        bytes.len() >= n && (0..n).all(|i| bytes[i] >= self.lo[i] && bytes[i] <= self.hi[i])
    }
}

/// Splits `bytes` at `pos` into the next code by `spaces`; returns `(code, length)`. Bytes that
/// fit no range are consumed with the length of the first range, the way pdf.js recovers.
pub(super) fn next_code(spaces: &[Codespace], bytes: &[u8]) -> (u32, usize) {
    let n = spaces
        .iter()
        .find(|c| c.matches(bytes))
        .or(spaces.first())
        .map_or(1, |c| c.len as usize)
        .clamp(1, 4)
        .min(bytes.len());
    let code = bytes[..n].iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
    (code, n)
}

#[derive(Clone, Copy, Debug)]
struct UniRange {
    lo: u32,
    hi: u32,
    /// The Unicode scalar value for `lo`.
    base: u32,
}

#[derive(Clone, Copy, Debug)]
struct CidRange {
    lo: u32,
    hi: u32,
    base: u32,
}

/// A parsed CMap. Built by [`CMap::parse`]; empty parts simply answer `None`.
#[derive(Default, Debug)]
pub(super) struct CMap {
    pub(super) codespaces: Vec<Codespace>,
    singles: CodeMap<Uni>,
    ranges: Vec<UniRange>,
    cid_singles: CodeMap<u32>,
    cid_ranges: Vec<CidRange>,
    pool: String,
    /// The name after `usecmap`, e.g. `Identity-H` or `GBK-EUC-H`.
    pub(super) usecmap: Option<Vec<u8>>,
    /// `/WMode 1` says vertical writing.
    pub(super) vertical: bool,
    /// Most mappings of each kind kept, and most codes array-valued ranges expand to
    /// ([`Limits::max_cmap_entries`](crate::Limits::max_cmap_entries)).
    limit: usize,
    /// Mappings refused for being over `limit`.
    over: usize,
}

impl CMap {
    /// Parses a CMap program. What cannot be read is left out; more than `max_entries` mappings
    /// of one kind (a full CJK font maps ~30,000 codes) is an error, not a font read in part.
    pub(super) fn parse(data: &[u8], max_entries: usize) -> Result<CMap, ExtractError> {
        let mut cmap = CMap { limit: max_entries, ..CMap::default() };
        let mut lexer = Lexer::new(data);
        let mut ops = Operands::default();
        let mut expanded = 0usize;
        let mut units: Vec<u16> = Vec::new();
        while let Some(op) = lexer.next_operation(&mut ops) {
            match op {
                b"endcodespacerange" => {
                    for pair in strings(&ops).chunks_exact(2) {
                        let (lo, hi) = (pair[0], pair[1]);
                        if lo.len() == hi.len() && (1..=4).contains(&lo.len()) && cmap.codespaces.len() < 256 {
                            let mut c = Codespace { len: lo.len() as u8, lo: [0; 4], hi: [0; 4] };
                            c.lo[..lo.len()].copy_from_slice(lo);
                            c.hi[..hi.len()].copy_from_slice(hi);
                            cmap.codespaces.push(c);
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in strings(&ops).chunks_exact(2) {
                        if cmap.singles.len() < cmap.limit {
                            utf16_units(pair[1], &mut units);
                            let uni = cmap.store(&units);
                            cmap.singles.insert(code_value(pair[0]), uni);
                        } else {
                            cmap.over += 1;
                        }
                    }
                }
                b"endbfrange" => cmap.read_bfranges(&ops, &mut units, &mut expanded),
                b"endcidchar" => {
                    let items = &ops.items;
                    let mut i = 0;
                    while i + 1 < items.len() {
                        if let (Operand::Str(s, e), Operand::Number(cid)) = (items[i], items[i + 1]) {
                            if cmap.cid_singles.len() < cmap.limit {
                                cmap.cid_singles.insert(code_value(ops.slice(s, e)), cid.max(0.0) as u32);
                            } else {
                                cmap.over += 1;
                            }
                            i += 2;
                        } else {
                            i += 1;
                        }
                    }
                }
                b"endcidrange" => {
                    let items = &ops.items;
                    let mut i = 0;
                    while i + 2 < items.len() {
                        if let (Operand::Str(s1, e1), Operand::Str(s2, e2), Operand::Number(cid)) =
                            (items[i], items[i + 1], items[i + 2])
                        {
                            let (lo, hi) = (code_value(ops.slice(s1, e1)), code_value(ops.slice(s2, e2)));
                            if lo <= hi && cmap.cid_ranges.len() < cmap.limit {
                                cmap.cid_ranges.push(CidRange { lo, hi, base: cid.max(0.0) as u32 });
                            } else if lo <= hi {
                                cmap.over += 1;
                            }
                            i += 3;
                        } else {
                            i += 1;
                        }
                    }
                }
                b"usecmap" => cmap.usecmap = ops.last_name().map(<[u8]>::to_vec),
                b"def" => {
                    if let (Some(Operand::Name(s, e)), Some(Operand::Number(v))) =
                        (ops.nth_from_end(1), ops.nth_from_end(0))
                    {
                        if ops.slice(s, e) == b"WMode" {
                            cmap.vertical = v == 1.0;
                        }
                    }
                }
                _ => {}
            }
        }
        if cmap.over > 0 {
            let seen = cmap.limit.saturating_add(cmap.over);
            return Err(ExtractError::limit(LimitKind::CmapEntries, cmap.limit, seen));
        }
        cmap.ranges.sort_by_key(|r| r.lo);
        cmap.cid_ranges.sort_by_key(|r| r.lo);
        Ok(cmap)
    }

    fn read_bfranges(&mut self, ops: &Operands, units: &mut Vec<u16>, expanded: &mut usize) {
        let items = &ops.items;
        let mut i = 0;
        while i + 2 < items.len() {
            let (Operand::Str(s1, e1), Operand::Str(s2, e2)) = (items[i], items[i + 1]) else {
                i += 1;
                continue;
            };
            let (lo, hi) = (code_value(ops.slice(s1, e1)), code_value(ops.slice(s2, e2)));
            match items[i + 2] {
                Operand::Str(s, e) => {
                    i += 3;
                    if lo > hi {
                        continue;
                    }
                    if self.ranges.len() >= self.limit {
                        self.over += 1;
                        continue;
                    }
                    utf16_units(ops.slice(s, e), units);
                    match units.as_slice() {
                        // One BMP character: stored as a range, looked up by arithmetic.
                        [u] if !(0xD800..0xE000).contains(u) => {
                            self.ranges.push(UniRange { lo, hi, base: u32::from(*u) });
                        }
                        [] => {}
                        _ => {
                            // Several code units: increment the last one per code.
                            let count = (hi - lo).min(255);
                            for k in 0..=count {
                                if self.singles.len() >= self.limit {
                                    self.over += 1;
                                    break;
                                }
                                let mut v = units.clone();
                                if let Some(last) = v.last_mut() {
                                    *last = last.wrapping_add(k as u16);
                                }
                                let uni = self.store(&v);
                                self.singles.entry(lo + k).or_insert(uni);
                            }
                        }
                    }
                }
                Operand::ArrayOpen => {
                    let mut j = i + 3;
                    let mut code = lo;
                    while j < items.len() && items[j] != Operand::ArrayClose {
                        if let Operand::Str(s, e) = items[j] {
                            if code <= hi && *expanded < self.limit && self.singles.len() < self.limit {
                                utf16_units(ops.slice(s, e), units);
                                let uni = self.store(units);
                                self.singles.insert(code, uni);
                                *expanded += 1;
                            } else if code <= hi {
                                self.over += 1;
                            }
                            code = code.saturating_add(1);
                        }
                        j += 1;
                    }
                    i = j + 1;
                }
                _ => i += 1,
            }
        }
    }

    /// Stores UTF-16 code units as a [`Uni`].
    fn store(&mut self, units: &[u16]) -> Uni {
        let mut chars = char::decode_utf16(units.iter().copied()).map(|r| r.unwrap_or('\u{FFFD}'));
        match (chars.next(), chars.next()) {
            (Some(c), None) => Uni::Char(c),
            (None, _) => Uni::Str(0, 0),
            _ => {
                let start = self.pool.len() as u32;
                self.pool.extend(char::decode_utf16(units.iter().copied()).map(|r| r.unwrap_or('\u{FFFD}')));
                Uni::Str(start, self.pool.len() as u32)
            }
        }
    }

    /// Whether the map has any code → Unicode entry.
    pub(super) fn has_unicode(&self) -> bool {
        !self.singles.is_empty() || !self.ranges.is_empty()
    }

    /// Whether the map has any code → CID entry.
    pub(super) fn has_cids(&self) -> bool {
        !self.cid_singles.is_empty() || !self.cid_ranges.is_empty()
    }

    /// Unicode for `code`, if the map has it.
    pub(super) fn unicode(&self, code: u32) -> Option<Uni> {
        if let Some(u) = self.singles.get(&code) {
            return Some(*u);
        }
        let i = self.ranges.partition_point(|r| r.lo <= code);
        // Ranges may overlap: look back over the few that start at or before `code`.
        self.ranges[..i].iter().rev().take(8).find(|r| code <= r.hi).and_then(|r| {
            let v = r.base + (code - r.lo);
            char::from_u32(v).map(Uni::Char)
        })
    }

    /// The CID for `code`, if the map has it.
    pub(super) fn cid(&self, code: u32) -> Option<u32> {
        if let Some(c) = self.cid_singles.get(&code) {
            return Some(*c);
        }
        let i = self.cid_ranges.partition_point(|r| r.lo <= code);
        self.cid_ranges[..i].iter().rev().take(8).find(|r| code <= r.hi).map(|r| r.base + (code - r.lo))
    }

    /// The text of a [`Uni::Str`].
    pub(super) fn text(&self, start: u32, end: u32) -> &str {
        self.pool.get(start as usize..end as usize).unwrap_or("")
    }
}

fn strings(ops: &Operands) -> Vec<&[u8]> {
    ops.items
        .iter()
        .filter_map(|o| match *o {
            Operand::Str(s, e) => Some(ops.slice(s, e)),
            _ => None,
        })
        .collect()
}

/// The numeric value of a code's bytes (big-endian, at most the last four bytes).
fn code_value(bytes: &[u8]) -> u32 {
    let tail = &bytes[bytes.len().saturating_sub(4)..];
    tail.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

fn utf16_units(bytes: &[u8], out: &mut Vec<u16>) {
    out.clear();
    if bytes.len() == 1 {
        // Some producers write one-byte targets; read them as Latin-1.
        out.push(u16::from(bytes[0]));
        return;
    }
    out.extend(bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_bfrange_and_arrays() {
        let cmap = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0011> <4E2D> endbfchar\n\
              2 beginbfrange <0100> <0102> <5BC6> <0200> <0202> [<673A> <D840DC00> <00660066>] endbfrange\n\
              endcmap CMapName currentdict /CMap defineresource pop end end",
            200_000,
        )
        .unwrap();
        assert_eq!(cmap.unicode(3), Some(Uni::Char(' ')));
        assert_eq!(cmap.unicode(0x11), Some(Uni::Char('中')));
        assert_eq!(cmap.unicode(0x101), Some(Uni::Char('\u{5BC7}')));
        assert_eq!(cmap.unicode(0x103), None);
        assert_eq!(cmap.unicode(0x200), Some(Uni::Char('机')));
        assert_eq!(cmap.unicode(0x201), Some(Uni::Char('\u{20000}')));
        let Some(Uni::Str(s, e)) = cmap.unicode(0x202) else { panic!() };
        assert_eq!(cmap.text(s, e), "ff");
        assert_eq!(next_code(&cmap.codespaces, &[0x4E, 0x2D, 0x00]), (0x4E2D, 2));
    }

    #[test]
    fn a_cmap_over_the_limit_is_an_error_not_a_font_read_in_part() {
        let program = b"3 beginbfchar <01> <0041> <02> <0042> <03> <0043> endbfchar";
        assert!(CMap::parse(program, 3).is_ok());
        match CMap::parse(program, 2) {
            Err(ExtractError::LimitExceeded { kind: LimitKind::CmapEntries, limit: 2, seen: 3, .. }) => {}
            other => panic!("{other:?}"),
        }
        let ranges = b"1 beginbfrange <0100> <0103> [<0041> <0042> <0043> <0044>] endbfrange";
        assert!(CMap::parse(ranges, 4).is_ok());
        assert!(CMap::parse(ranges, 3).is_err(), "array ranges count too");
    }

    #[test]
    fn reads_cid_ranges_and_usecmap() {
        let cmap = CMap::parse(
            b"/WMode 1 def /GBK-EUC-H usecmap 2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange\n\
              1 begincidrange <8140> <817E> 633 endcidrange 1 begincidchar <41> 34 endcidchar",
            200_000,
        )
        .unwrap();
        assert!(cmap.vertical);
        assert_eq!(cmap.usecmap.as_deref(), Some(&b"GBK-EUC-H"[..]));
        assert_eq!(cmap.cid(0x8141), Some(634));
        assert_eq!(cmap.cid(0x41), Some(34));
        assert_eq!(next_code(&cmap.codespaces, b"A\x81\x41"), (0x41, 1));
        assert_eq!(next_code(&cmap.codespaces, b"\x81\x41"), (0x8141, 2));
    }
}
