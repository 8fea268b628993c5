//! What extractors hand to the engine: text segments with their place in the file.
//!
//! A [`Segment`] is one unit of text as the file holds it: a DOCX paragraph, a block of lines of a
//! text file, a document property. Its [`Role`] says where in the document it sits, which matters:
//! a lone `秘密` in a page header is a classification mark, the same word in a table of a regulation
//! is not. Extractors push segments, coverage notes and embedded files into a [`DocumentSink`].

use crate::unread::Unread;
use serde::Serialize;

/// Where a segment sits in the document, for the rules that care about placement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The main text (the body of a DOCX, the lines of a text file). Its first lines are the
    /// document head (版头) where GB/T 9704 puts the 份号 and the mark.
    Body,
    /// A page header.
    Header,
    /// A page footer.
    Footer,
    /// Document properties (title, subject, keywords, author…).
    Properties,
    /// Comments, footnotes, endnotes, annotations: text beside the body.
    Note,
    /// Anything else that is part of the file (text boxes read separately, metadata of members).
    Other,
}

impl Role {
    /// Roles where a level word alone on its line is a classification mark wherever it appears.
    pub fn is_mark_place(self) -> bool {
        matches!(self, Role::Header | Role::Footer | Role::Properties)
    }
}

/// Where a piece of text is in a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The part of the file: `word/document.xml`, `word/header1.xml`, `docProps/core.xml`,
    /// `comments`, `text`…
    pub part: String,
    /// Paragraph number within the part (1-based), where the format has paragraphs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Line number (1-based): of the file for text, within the paragraph otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Page number (1-based), for paginated formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Column (1-based, in characters) within the line, for findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// A name inside the part: a property name (`dc:title`), a comment author, a cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Location {
    /// A location naming only the part.
    pub fn part(part: impl Into<String>) -> Self {
        Location { part: part.into(), ..Default::default() }
    }

    /// Builder: sets the paragraph number.
    pub fn with_paragraph(mut self, n: u32) -> Self {
        self.paragraph = Some(n);
        self
    }

    /// Builder: sets the line number.
    pub fn with_line(mut self, n: u32) -> Self {
        self.line = Some(n);
        self
    }

    /// Builder: sets the page number.
    pub fn with_page(mut self, n: u32) -> Self {
        self.page = Some(n);
        self
    }

    /// Builder: sets the field name.
    pub fn with_field(mut self, f: impl Into<String>) -> Self {
        self.field = Some(f.into());
        self
    }

    /// The location for people in `lang` (English: as [`Display`](std::fmt::Display) writes it).
    pub fn text(&self, lang: crate::Lang) -> String {
        if lang == crate::Lang::En {
            return self.to_string();
        }
        let mut s = crate::part_text(&self.part, lang).into_owned();
        if let Some(p) = self.page {
            s += &format!(" 第{p}页");
        }
        if let Some(p) = self.paragraph {
            s += &format!(" 第{p}段");
        }
        if let Some(l) = self.line {
            s += &format!(" 第{l}行");
        }
        if let Some(c) = self.column {
            s += &format!("第{c}列");
        }
        if let Some(x) = &self.field {
            s += &format!(" [{x}]");
        }
        s
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.part)?;
        if let Some(p) = self.page {
            write!(f, " page {p}")?;
        }
        if let Some(p) = self.paragraph {
            write!(f, " ¶{p}")?;
        }
        if let Some(l) = self.line {
            write!(f, " line {l}")?;
        }
        if let Some(c) = self.column {
            write!(f, ":{c}")?;
        }
        if let Some(x) = &self.field {
            write!(f, " [{x}]")?;
        }
        Ok(())
    }
}

/// One unit of text and where it came from.
#[derive(Clone, Debug)]
pub struct Segment {
    /// Where the text starts.
    pub location: Location,
    /// Where it sits in the document.
    pub role: Role,
    /// The text as the file holds it (after decoding, before normalisation). Lines are separated
    /// by `\n`.
    pub text: String,
}

impl Segment {
    /// A segment.
    pub fn new(location: Location, role: Role, text: impl Into<String>) -> Self {
        Segment { location, role, text: text.into() }
    }

    /// The location of the character at byte `offset` of the text: the segment's location with
    /// the line (counted from the segment's first line) and the column (in characters).
    ///
    /// ```
    /// use mijian_core::{Location, Role, Segment};
    /// let s = Segment::new(Location::part("text").with_line(3), Role::Body, "一行\n第二行");
    /// let at = s.location_at("一行\n第二".len());
    /// assert_eq!((at.line, at.column), (Some(4), Some(3)));
    /// ```
    pub fn location_at(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let mut location = self.location.clone();
        if self.location.line.is_some() || self.text.contains('\n') {
            let breaks = before.bytes().filter(|&b| b == b'\n').count() as u32;
            location.line = Some(self.location.line.unwrap_or(1) + breaks);
        }
        location.column = Some(before[line_start..].chars().count() as u32 + 1);
        location
    }
}

/// A note on what part of a file was read, or not read and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoverageNote {
    /// The part concerned.
    pub part: String,
    /// Why it was not read (absent when it was read); serialised as its English wording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Unread>,
    /// Whether leaving it unread means a person must look (an embedded document in an unknown
    /// format) or not (a picture that is part of the layout): the reason's own policy,
    /// [`Unread::needs_review`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub needs_review: bool,
    /// Read by no format reader but generically (all text of an XML or text part no reader
    /// knows), so that nothing in a container is dropped unread.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub generic: bool,
}

impl CoverageNote {
    /// A part that was read.
    pub fn read(part: impl Into<String>) -> Self {
        CoverageNote { part: part.into(), reason: None, needs_review: false, generic: false }
    }

    /// A part that no reader of its format consumed, read generically instead (every text node of
    /// an unknown XML part, say).
    pub fn read_generically(part: impl Into<String>) -> Self {
        CoverageNote { generic: true, ..CoverageNote::read(part) }
    }

    /// A part that was not read, and why. Whether that must stop a `pass` is the reason's policy
    /// ([`Unread::needs_review`]), never the reader's.
    pub fn unread(part: impl Into<String>, reason: Unread) -> Self {
        let needs_review = reason.needs_review();
        CoverageNote { part: part.into(), reason: Some(reason), needs_review, generic: false }
    }
}

/// The sink asked the reader to stop: the inspection was cancelled, ran out of its budget or
/// time, or the consumer has seen enough. The reader returns at once, without reading further and
/// without a verdict on what it read; why it stopped is the consumer's to say (the inspection
/// records the limit that was hit in its budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the reader was asked to stop")
    }
}

impl std::error::Error for Stop {}

/// What a [`DocumentSink`] answers: `Ok(())` to go on, `Err(Stop)` to stop reading now. A
/// `Result`, so that a reader passes a stop up with `?` and the compiler refuses a call whose
/// answer is ignored.
pub type Flow = Result<(), Stop>;

/// Receives what an extractor finds in a file, in document order, and says whether to go on.
///
/// Extractors *push* (rather than return a list) so that a container can hand back embedded files
/// as it meets them, and so that the engine could start matching before extraction ends. The three
/// kinds of news are independent: a DOCX reports its paragraphs as segments, its `docProps` as
/// segments with [`Role::Properties`], its pictures as unread coverage notes, and an embedded
/// spreadsheet as a member.
///
/// Every method answers with a [`Flow`], as ripgrep's `Sink::matched` does: the consumer can stop
/// the producer. A reader that gets `Err(Stop)` returns at once with
/// `ExtractError::Cancelled` (in `mijian-extract`), pushing nothing more: so a cancelled or
/// over-budget inspection ends at the reader's next segment, note or member, even inside a reader
/// that looks at the budget only now and then. A sink that never stops answers `Ok(())`.
pub trait DocumentSink {
    /// A unit of text.
    fn segment(&mut self, segment: Segment) -> Flow;
    /// A part was read, or could not be.
    fn coverage(&mut self, note: CoverageNote) -> Flow;
    /// An embedded file (`word/embeddings/sheet1.xlsx`, a ZIP member), to be inspected in its own
    /// right and reported as `outer!name`.
    fn member(&mut self, name: String, bytes: Vec<u8>) -> Flow;
}

/// A sink that keeps everything, in order, and never stops the reader. Handy for tests and for
/// `mijian extract`.
#[derive(Default, Debug)]
pub struct Collected {
    /// Segments in document order.
    pub segments: Vec<Segment>,
    /// Coverage notes in document order.
    pub coverage: Vec<CoverageNote>,
    /// Embedded files in document order.
    pub members: Vec<(String, Vec<u8>)>,
}

impl DocumentSink for Collected {
    fn segment(&mut self, segment: Segment) -> Flow {
        self.segments.push(segment);
        Ok(())
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        self.coverage.push(note);
        Ok(())
    }
    fn member(&mut self, name: String, bytes: Vec<u8>) -> Flow {
        self.members.push((name, bytes));
        Ok(())
    }
}

impl<S: DocumentSink + ?Sized> DocumentSink for &mut S {
    fn segment(&mut self, segment: Segment) -> Flow {
        (**self).segment(segment)
    }
    fn coverage(&mut self, note: CoverageNote) -> Flow {
        (**self).coverage(note)
    }
    fn member(&mut self, name: String, bytes: Vec<u8>) -> Flow {
        (**self).member(name, bytes)
    }
}
