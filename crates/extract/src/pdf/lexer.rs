//! Tokens of a PDF content stream, without allocating per token.
//!
//! A content stream is a postfix program: operands (numbers, names, strings, arrays, dictionaries)
//! followed by an operator keyword (`Tj`, `cm`, `Do`…). [`Lexer::next_operation`] collects the
//! operands of one operation into an [`Operands`] buffer that is reused from one operation to the
//! next, so that reading a page costs no allocation per glyph or per operator.
//!
//! Inline images (`BI … ID <binary> EI`) are skipped here: their binary data would otherwise be
//! read as garbage operators. The lexer reports them as the pseudo-operator `BI` so that the
//! interpreter can count pictures on the page.
//!
//! Everything is bounded by the input: a string or name can only be as long as the stream, and an
//! operand list that grows without an operator is cut at [`MAX_OPERANDS`].

/// Most operands kept for one operation; a real operator takes at most a few, and a `TJ` array a
/// few thousand. Past this the oldest operands are dropped.
const MAX_OPERANDS: usize = 1 << 16;

/// One operand of an operation. Strings and names point into [`Operands::bytes`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Operand {
    Number(f32),
    /// A name, without its slash, `#xx` escapes decoded.
    Name(u32, u32),
    /// A string (literal or hex), escapes decoded.
    Str(u32, u32),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// `true`, `false`, `null` or anything else that is not an operator we need.
    Other,
}

/// The operands of the current operation, with the bytes their strings and names point into.
#[derive(Default)]
pub(super) struct Operands {
    pub(super) items: Vec<Operand>,
    pub(super) bytes: Vec<u8>,
}

impl Operands {
    fn clear(&mut self) {
        self.items.clear();
        self.bytes.clear();
    }

    /// The bytes of a string or name operand.
    pub(super) fn slice(&self, start: u32, end: u32) -> &[u8] {
        self.bytes.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// The `i`-th operand counting from the end (0 is the last).
    pub(super) fn nth_from_end(&self, i: usize) -> Option<Operand> {
        self.items.len().checked_sub(i + 1).map(|k| self.items[k])
    }

    /// The last `n` operands as numbers, or `None` if there are fewer or one is not a number.
    pub(super) fn numbers<const N: usize>(&self) -> Option<[f32; N]> {
        let start = self.items.len().checked_sub(N)?;
        let mut out = [0.0; N];
        for (o, item) in out.iter_mut().zip(&self.items[start..]) {
            match item {
                Operand::Number(v) => *o = *v,
                _ => return None,
            }
        }
        Some(out)
    }

    /// The last operand as a name.
    pub(super) fn last_name(&self) -> Option<&[u8]> {
        self.items.iter().rev().find_map(|o| match *o {
            Operand::Name(s, e) => Some(self.slice(s, e)),
            _ => None,
        })
    }

    fn push(&mut self, op: Operand) {
        if self.items.len() >= MAX_OPERANDS {
            self.items.drain(..MAX_OPERANDS / 2);
        }
        self.items.push(op);
    }
}

/// Reads operations from one content stream.
pub(super) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// The last inline image skipped: the range of its dictionary and of its data.
    inline: Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0C | 0)
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0, inline: None }
    }

    /// Reads the operands of the next operation into `ops` and returns its operator, or `None` at
    /// the end of the stream. Operands left without an operator at the end are dropped.
    pub(super) fn next_operation(&mut self, ops: &mut Operands) -> Option<&'a [u8]> {
        ops.clear();
        loop {
            self.skip_white_and_comments();
            let &b = self.data.get(self.pos)?;
            match b {
                b'/' => {
                    self.pos += 1;
                    let start = ops.bytes.len() as u32;
                    self.read_name(&mut ops.bytes);
                    ops.push(Operand::Name(start, ops.bytes.len() as u32));
                }
                b'(' => {
                    self.pos += 1;
                    let start = ops.bytes.len() as u32;
                    self.read_literal(&mut ops.bytes);
                    ops.push(Operand::Str(start, ops.bytes.len() as u32));
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    self.pos += 2;
                    ops.push(Operand::DictOpen);
                }
                b'<' => {
                    self.pos += 1;
                    let start = ops.bytes.len() as u32;
                    self.read_hex(&mut ops.bytes);
                    ops.push(Operand::Str(start, ops.bytes.len() as u32));
                }
                b'>' => {
                    self.pos += if self.data.get(self.pos + 1) == Some(&b'>') { 2 } else { 1 };
                    ops.push(Operand::DictClose);
                }
                b'[' => {
                    self.pos += 1;
                    ops.push(Operand::ArrayOpen);
                }
                b']' => {
                    self.pos += 1;
                    ops.push(Operand::ArrayClose);
                }
                b'{' | b'}' | b')' => self.pos += 1,
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let v = self.read_number();
                    ops.push(Operand::Number(v));
                }
                _ => {
                    let start = self.pos;
                    while self.pos < self.data.len() && is_regular(self.data[self.pos]) {
                        self.pos += 1;
                    }
                    let word = &self.data[start..self.pos];
                    match word {
                        b"true" | b"false" | b"null" => ops.push(Operand::Other),
                        b"BI" => {
                            self.skip_inline_image();
                            return Some(b"BI");
                        }
                        _ => return Some(word),
                    }
                }
            }
        }
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn read_name(&mut self, out: &mut Vec<u8>) {
        while let Some(&b) = self.data.get(self.pos) {
            if !is_regular(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                let hi = self.data.get(self.pos).copied().and_then(hex_value);
                let lo = self.data.get(self.pos + 1).copied().and_then(hex_value);
                if let (Some(h), Some(l)) = (hi, lo) {
                    out.push(h << 4 | l);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
    }

    fn read_number(&mut self) -> f32 {
        let start = self.pos;
        let mut end = self.pos;
        while end < self.data.len() && matches!(self.data[end], b'0'..=b'9' | b'+' | b'-' | b'.') {
            end += 1;
        }
        self.pos = end.max(start + 1);
        parse_number(&self.data[start..end])
    }

    fn read_literal(&mut self, out: &mut Vec<u8>) {
        let mut depth = 1u32;
        loop {
            // Copy the plain bytes up to the next parenthesis or backslash in one go.
            let rest = self.data.get(self.pos..).unwrap_or(&[]);
            let plain = memchr::memchr3(b'(', b')', b'\\', rest).unwrap_or(rest.len());
            out.extend_from_slice(&rest[..plain]);
            self.pos += plain;
            let Some(&b) = self.data.get(self.pos) else {
                return;
            };
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
                        return;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                // memchr3 stops only at the three bytes above.
                _ => out.push(b),
            }
        }
    }

    fn read_hex(&mut self, out: &mut Vec<u8>) {
        let mut high: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_value(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
    }

    /// Skips `<dict> ID <data> EI` after a `BI`. The data ends at an `EI` that stands between
    /// white space (or the end of the stream); that is what readers do, since `/L` is optional.
    fn skip_inline_image(&mut self) {
        self.inline = None;
        let Some(id) = find_keyword(self.data, self.pos, b"ID") else {
            self.pos = self.data.len();
            return;
        };
        let dict = self.pos..id;
        let data_start = (id + 3).min(self.data.len());
        let data_end = find_keyword(self.data, data_start, b"EI").unwrap_or(self.data.len());
        self.pos = (data_end + 2).min(self.data.len());
        // The white space before `EI` separates it from the data.
        let data_end = if data_end > data_start && is_white(self.data[data_end - 1]) { data_end - 1 } else { data_end };
        self.inline = Some((dict, data_start..data_end.max(data_start)));
    }

    /// The inline image the last `BI` skipped: the bytes of its dictionary (`/W 8 /H 8 …`, without
    /// `BI` and `ID`) and of its data.
    pub(super) fn inline_image(&self) -> Option<(&'a [u8], &'a [u8])> {
        let (dict, data) = self.inline.clone()?;
        Some((self.data.get(dict)?, self.data.get(data)?))
    }
}

/// Position of `word` standing alone (white space or a delimiter before it, white space or the
/// end after it) at or after `from`.
fn find_keyword(data: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(off) = memchr::memmem::find(data.get(at..)?, word) {
        let p = at + off;
        let before_ok = p == 0 || is_white(data[p - 1]) || (word == b"ID" && is_delim(data[p - 1]));
        let after = data.get(p + word.len()).copied();
        let after_ok = after.is_none_or(is_white);
        if before_ok && after_ok {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// Parses a PDF number leniently: `-.5`, `3.`, `--2` (signs multiply, as in pdf.js), exponents
/// ignored (`1e999` reads 1), garbage as 0.
pub(super) fn parse_number(s: &[u8]) -> f32 {
    let mut neg = false;
    let mut i = 0;
    while i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        neg ^= s[i] == b'-';
        i += 1;
    }
    let mut int: f64 = 0.0;
    while i < s.len() && s[i].is_ascii_digit() {
        int = int * 10.0 + f64::from(s[i] - b'0');
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < s.len() && s[i].is_ascii_digit() {
            int += f64::from(s[i] - b'0') * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    let v = if neg { -int } else { int };
    if v.is_finite() {
        v as f32
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand>, Vec<u8>)> {
        let mut lx = Lexer::new(src);
        let mut o = Operands::default();
        let mut out = vec![];
        while let Some(op) = lx.next_operation(&mut o) {
            out.push((String::from_utf8_lossy(op).into_owned(), o.items.clone(), o.bytes.clone()));
        }
        out
    }

    #[test]
    fn reads_text_operations() {
        let r = ops(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (a\\(b\\)\\101) Tj [<4E2D> -250 (x)] TJ ET");
        let names: Vec<_> = r.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "TJ", "ET"]);
        assert_eq!(r[1].2, b"F1");
        assert_eq!(r[2].1[5], Operand::Number(-0.5));
        assert_eq!(r[3].2, b"a(b)A");
        assert_eq!(r[4].1.len(), 5);
        assert_eq!(r[4].2, b"\x4E\x2Dx");
    }

    #[test]
    fn skips_inline_images_and_comments() {
        let r = ops(b"q % comment Tj\nBI /W 2 /H 2 ID \x00EI\xffTj EI Q (z) Tj");
        let names: Vec<_> = r.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "Tj"]);
        let mut lexer = Lexer::new(b"BI /W 2 /H 1 /CS /G ID \x00\xffEI\x00 EI Q");
        let mut operands = Operands::default();
        assert_eq!(lexer.next_operation(&mut operands), Some(&b"BI"[..]));
        assert_eq!(lexer.inline_image(), Some((&b" /W 2 /H 1 /CS /G "[..], &b"\x00\xffEI\x00"[..])));
    }

    #[test]
    fn survives_garbage() {
        let r = ops(b"<< /A [ (unterminated <4");
        assert!(r.is_empty());
        assert_eq!(parse_number(b"--2"), 2.0);
        assert_eq!(parse_number(b"1e999"), 1.0);
    }
}
