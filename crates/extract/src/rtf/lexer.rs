//! Cutting RTF into tokens: group braces, control words, control symbols, hex escapes, text.
//!
//! RTF is 7-bit text: `{` and `}` open and close groups, `\` starts a control word (letters, an
//! optional signed number, an optional space that belongs to it) or a control symbol (one other
//! character; `\'hh` carries one byte in hex). Carriage returns and line feeds between tokens are
//! not text. `\binN` is followed by N raw bytes, which the lexer hands back whole so that no brace
//! or backslash inside them is taken for markup.
//!
//! The lexer never fails: malformed input (a lone `\` at the end, a bad hex escape, a huge number)
//! gives the nearest sensible token, as Word's reader does, and the parser decides.

/// One token of RTF.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// A control word and its parameter: `\ansicpg936` is `("ansicpg", Some(936))`.
    Word(&'a [u8], Option<i32>),
    /// A control symbol: `\~`, `\-`, `\*`, `\\`…
    Symbol(u8),
    /// A byte written as `\'hh`.
    Hex(u8),
    /// A run of plain text bytes (no braces, backslashes or line breaks).
    Text(&'a [u8]),
    /// The raw bytes after `\binN`.
    Bin(&'a [u8]),
}

/// Longest control word RTF allows (the specification says 32 letters).
const MAX_WORD: usize = 32;

/// A tokenizer over RTF bytes.
pub(super) struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Raw bytes to hand back next, announced by a `\binN` just read.
    pending_bin: Option<usize>,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Lexer { bytes, at: 0, pending_bin: None }
    }

    /// The offset of the next token, for error messages.
    pub(super) fn position(&self) -> usize {
        self.at
    }

    fn control(&mut self) -> Token<'a> {
        // `self.at` is just past the backslash.
        let Some(&c) = self.bytes.get(self.at) else { return Token::Symbol(b'\\') };
        if !c.is_ascii_alphabetic() {
            self.at += 1;
            if c == b'\'' {
                let hex = self.bytes.get(self.at..self.at + 2).and_then(|h| std::str::from_utf8(h).ok());
                if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    self.at += 2;
                    return Token::Hex(b);
                }
                return Token::Symbol(b'\'');
            }
            // `\` before a line break is a paragraph mark in old writers.
            if c == b'\n' || c == b'\r' {
                return Token::Word(b"par", None);
            }
            return Token::Symbol(c);
        }
        let start = self.at;
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_alphabetic() && self.at - start < MAX_WORD {
            self.at += 1;
        }
        let name = &self.bytes[start..self.at];
        let digits_start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_digit() {
            self.at += 1;
        }
        let number = &self.bytes[digits_start..self.at];
        let param = if number.is_empty() || number == b"-" {
            self.at = digits_start;
            None
        } else {
            // Out-of-range numbers saturate: `\u99999999` must not wrap into a valid character.
            let text = std::str::from_utf8(number).unwrap_or("0");
            Some(
                text.parse::<i64>()
                    .unwrap_or(if text.starts_with('-') { i64::MIN } else { i64::MAX })
                    .clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            )
        };
        if self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        if name == b"bin" {
            self.pending_bin = Some(param.unwrap_or(0).max(0) as usize);
        }
        Token::Word(name, param)
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if let Some(n) = self.pending_bin.take() {
            let end = self.at.saturating_add(n).min(self.bytes.len());
            let data = &self.bytes[self.at..end];
            self.at = end;
            return Some(Token::Bin(data));
        }
        loop {
            let c = *self.bytes.get(self.at)?;
            self.at += 1;
            return Some(match c {
                b'{' => Token::Open,
                b'}' => Token::Close,
                b'\\' => self.control(),
                b'\r' | b'\n' => continue,
                _ => {
                    let start = self.at - 1;
                    while self.at < self.bytes.len()
                        && !matches!(self.bytes[self.at], b'{' | b'}' | b'\\' | b'\r' | b'\n')
                    {
                        self.at += 1;
                    }
                    Token::Text(&self.bytes[start..self.at])
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &[u8]) -> Vec<Token<'_>> {
        Lexer::new(s).collect()
    }

    #[test]
    fn words_symbols_hex_and_text() {
        use Token::*;
        assert_eq!(
            tokens(b"{\\rtf1\\ansicpg936 \\'bb\\'fa\\u-26426?x\r\ny\\~\\*\\par}"),
            vec![
                Open,
                Word(b"rtf", Some(1)),
                Word(b"ansicpg", Some(936)),
                Hex(0xbb),
                Hex(0xfa),
                Word(b"u", Some(-26426)),
                Text(b"?x"),
                Text(b"y"),
                Symbol(b'~'),
                Symbol(b'*'),
                Word(b"par", None),
                Close
            ]
        );
    }

    #[test]
    fn bin_data_is_raw_and_bounded() {
        use Token::*;
        assert_eq!(tokens(b"\\bin3 {}\\x"), vec![Word(b"bin", Some(3)), Bin(b"{}\\"), Text(b"x")]);
        assert_eq!(tokens(b"\\bin999 ab"), vec![Word(b"bin", Some(999)), Bin(b"ab")]);
    }

    #[test]
    fn malformed_input_never_panics() {
        use Token::*;
        assert_eq!(tokens(b"\\"), vec![Symbol(b'\\')]);
        assert_eq!(tokens(b"\\'z"), vec![Symbol(b'\''), Text(b"z")]);
        assert_eq!(tokens(b"\\u99999999999999999999"), vec![Word(b"u", Some(i32::MAX))]);
        assert_eq!(tokens(b"\\f-"), vec![Word(b"f", None), Text(b"-")]);
    }
}
