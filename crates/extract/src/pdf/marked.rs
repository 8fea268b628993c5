//! Marked content: the replacement texts a PDF attaches to runs of glyphs.
//!
//! A content stream can wrap glyphs in a marked-content sequence, `/Span <<…>> BDC … EMC`, whose
//! properties (inline, or a name looked up in the resources' `/Properties`) may say what the
//! glyphs *mean* (PDF 32000 §14.9):
//!
//! - `/ActualText`: the text that replaces the glyphs when a reader copies them, searches, or reads
//!   aloud. Producers use it for ligatures, for text drawn as curves or pictures, and for
//!   glyphs whose font has no Unicode mapping; so can someone hiding a mark from the glyph layer,
//!   or from the copied text.
//! - `/Alt`: a description of the content, read by accessibility tools.
//! - `/E`: the expansion of an abbreviation.
//!
//! Both the glyphs and these texts are read, because a mark can be in either. An `/ActualText`
//! that says what the glyphs already say (the common case: a producer tagging every word) is
//! dropped, so that one mark is not found twice.
//!
//! Glyphs that cannot be decoded inside a sequence with an `/ActualText` are not counted as
//! undecodable: their text is known, it is the ActualText (producers mark glyphs of fonts without
//! a Unicode map exactly this way).

use lopdf::{Dictionary, Document, Object};

use super::content::PageContent;
use super::document::{get_dict, resolve};
use super::lexer::{Operand, Operands};
use super::meta::text_string;

/// Deepest nesting of marked-content sequences tracked; deeper ones are ignored.
const MAX_DEPTH: usize = 256;
/// Most replacement-text bytes kept for one page.
const MAX_BYTES_PER_PAGE: usize = 16 << 20;

/// Which kind of replacement text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `/ActualText`, and `/E` expansions: what a reader copies.
    Actual,
    /// `/Alt`: a description for accessibility tools.
    Alt,
}

/// The replacement texts of one sequence.
#[derive(Default)]
struct Properties {
    actual: Option<String>,
    alt: Option<String>,
    expansion: Option<String>,
}

/// An open sequence: its texts, where its glyphs' text starts in the page buffer, and how many
/// undecodable glyphs the page had when it opened.
struct Open {
    properties: Properties,
    text_start: usize,
    undecodable_start: u64,
    /// The words nobody could read the page had when it opened.
    unreadable_start: u32,
}

/// The marked-content sequences open while a page runs, and the texts they left.
#[derive(Default)]
pub(super) struct MarkedContent {
    open: Vec<Open>,
    /// Sequences opened beyond [`MAX_DEPTH`], closed by their `EMC` without being tracked.
    untracked: usize,
    bytes: usize,
    /// The texts found, in the order their sequences closed.
    pub(super) texts: Vec<(Kind, String)>,
}

impl MarkedContent {
    /// `BMC`: a sequence without properties.
    pub(super) fn begin_plain(&mut self, page: &PageContent) {
        self.begin(Properties::default(), page);
    }

    /// `BDC`: a sequence whose properties are the operands' inline dictionary or a named entry of
    /// the resources' `/Properties`.
    pub(super) fn begin_with(
        &mut self,
        doc: &Document,
        ops: &Operands,
        resources: Option<&Dictionary>,
        page: &PageContent,
    ) {
        let properties = match ops.items.iter().position(|o| *o == Operand::DictOpen) {
            Some(open) => inline_properties(ops, open),
            None => ops
                .last_name()
                .and_then(|name| resources.and_then(|r| get_dict(doc, r, b"Properties")).map(|p| (p, name)))
                .and_then(|(p, name)| resolve(doc, p.get(name).ok()?))
                .and_then(super::document::as_dict)
                .map(|d| named_properties(doc, d))
                .unwrap_or_default(),
        };
        self.begin(properties, page);
    }

    fn begin(&mut self, properties: Properties, page: &PageContent) {
        if self.open.len() >= MAX_DEPTH {
            self.untracked += 1;
        } else {
            self.open.push(Open {
                properties,
                text_start: page.text.len(),
                undecodable_start: page.undecodable,
                unreadable_start: page.unreadable_words,
            });
        }
    }

    /// `EMC`: closes the innermost sequence of `page`.
    pub(super) fn end(&mut self, page: &mut PageContent) {
        if self.untracked > 0 {
            self.untracked -= 1;
            return;
        }
        let Some(open) = self.open.pop() else {
            return;
        };
        let Properties { actual, alt, expansion } = open.properties;
        if actual.as_deref().is_some_and(|a| !a.trim().is_empty()) {
            let covered = page.undecodable.saturating_sub(open.undecodable_start);
            page.undecodable -= covered;
            page.decoded += covered;
            page.unreadable_words = page.unreadable_words.min(open.unreadable_start);
            page.undecodable_run = 0;
        }
        let shown = page.text.get(open.text_start..).unwrap_or("");
        if let Some(actual) = actual.filter(|a| !same_text(a, shown)) {
            self.keep(Kind::Actual, actual);
        }
        if let Some(expansion) = expansion.filter(|e| !same_text(e, shown)) {
            self.keep(Kind::Actual, expansion);
        }
        if let Some(alt) = alt.filter(|a| !same_text(a, shown)) {
            self.keep(Kind::Alt, alt);
        }
    }

    /// Closes the sequences a page left open (an `EMC` missing at the end of the stream).
    pub(super) fn finish(&mut self, page: &mut PageContent) {
        self.untracked = 0;
        while !self.open.is_empty() {
            self.end(page);
        }
    }

    fn keep(&mut self, kind: Kind, text: String) {
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if text.is_empty() || self.bytes + text.len() > MAX_BYTES_PER_PAGE {
            return;
        }
        self.bytes += text.len();
        self.texts.push((kind, text.to_owned()));
    }
}

/// Whether two texts say the same, spacing aside, and a character drawn twice in a row (fake
/// bold: the glyph layer shows `机机密密` where the ActualText says `机密`) counted once.
fn same_text(a: &str, b: &str) -> bool {
    let significant = |s: &str| {
        let mut out: Vec<char> = s.chars().filter(|c| !c.is_whitespace() && *c != '\0').collect();
        out.dedup();
        out
    };
    significant(a) == significant(b)
}

/// The texts of an inline property dictionary starting at operand `open` (`<<`): top-level keys
/// followed by a string.
fn inline_properties(ops: &Operands, open: usize) -> Properties {
    let mut properties = Properties::default();
    let mut depth = 0usize;
    let items = &ops.items[open..];
    for (i, item) in items.iter().enumerate() {
        match *item {
            Operand::DictOpen | Operand::ArrayOpen => depth += 1,
            Operand::DictClose | Operand::ArrayClose => depth = depth.saturating_sub(1),
            Operand::Name(s, e) if depth == 1 => {
                if let Some(&Operand::Str(vs, ve)) = items.get(i + 1) {
                    let value = text_string(ops.slice(vs, ve));
                    match ops.slice(s, e) {
                        b"ActualText" => properties.actual = Some(value),
                        b"Alt" => properties.alt = Some(value),
                        b"E" => properties.expansion = Some(value),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    properties
}

/// The texts of a property list from the resources.
fn named_properties(doc: &Document, dict: &Dictionary) -> Properties {
    let text = |key: &[u8]| match dict.get(key).ok().and_then(|o| resolve(doc, o)) {
        Some(Object::String(s, _)) => Some(text_string(s)),
        _ => None,
    };
    Properties { actual: text(b"ActualText"), alt: text(b"Alt"), expansion: text(b"E") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::lexer::Lexer;

    fn run(stream: &[u8], shown: &str) -> Vec<(Kind, String)> {
        let doc = Document::with_version("1.7");
        let mut page = PageContent { text: shown.to_owned(), ..PageContent::default() };
        let mut marked = MarkedContent::default();
        let mut lexer = Lexer::new(stream);
        let mut ops = Operands::default();
        while let Some(op) = lexer.next_operation(&mut ops) {
            match op {
                b"BDC" => marked.begin_with(&doc, &ops, None, &PageContent::default()),
                b"BMC" => marked.begin_plain(&PageContent::default()),
                b"EMC" => marked.end(&mut page),
                _ => {}
            }
        }
        marked.finish(&mut page);
        marked.texts
    }

    #[test]
    fn keeps_actual_text_that_differs_from_the_glyphs() {
        // 机密 in UTF-16BE with a byte-order mark, over glyphs that show something else.
        let s = b"/Span <</ActualText <FEFF673A5BC6> /MCID 3>> BDC (x) Tj EMC";
        assert_eq!(run(s, "xx"), [(Kind::Actual, "机密".to_owned())]);
    }

    #[test]
    fn drops_actual_text_that_repeats_the_glyphs() {
        let s = b"/Span <</ActualText (Hello world)>> BDC EMC";
        assert!(run(s, "Hello  world").is_empty());
        // Drawn twice over for bold.
        assert!(run(b"/Span <</ActualText (Bold)>> BDC EMC", "BBoolldd").is_empty());
    }

    #[test]
    fn reads_alt_and_expansion_and_survives_unbalanced_operators() {
        let s = b"EMC /Figure <</Alt (A seal) /Nested <</ActualText (no)>> >> BDC /Span <</E (Top Secret)>> BDC BMC";
        let texts = run(s, "TS");
        assert_eq!(texts, [(Kind::Actual, "Top Secret".to_owned()), (Kind::Alt, "A seal".to_owned())]);
    }
}
