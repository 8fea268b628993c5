//! Reading a document held inside another one with the reader of its own format.
//!
//! The chapters of an EPUB are XHTML pages, the body of an e-mail or of a web archive is an HTML
//! page: the HTML reader reads them, and [`Within`] files what it pushes under the outer part's
//! name, so that a finding says `OEBPS/ch1.xhtml`, not `html`. The inner reader's own part names
//! are kept after a `#` where they say more than "the text" (`OEBPS/ch1.xhtml#html-head`).

use mijian_core::{CoverageNote, DocumentSink, Flow, Segment};

/// A sink that renames the parts another reader reports to `part` (see the module documentation)
/// and passes everything on to `inner`. Members keep their names: they are files of their own.
pub(crate) struct Within<'a> {
    part: &'a str,
    inner: &'a mut dyn DocumentSink,
    /// Whether notes that a part was read are dropped (the outer reader has said so).
    unread_only: bool,
}

impl<'a> Within<'a> {
    /// Files what is pushed into it under `part`, in `inner`.
    pub(crate) fn new(part: &'a str, inner: &'a mut dyn DocumentSink) -> Self {
        Within { part, inner, unread_only: false }
    }

    /// The same, passing on only the notes of what was left unread: for a reading of text the
    /// outer reader has already noted as read (a value of a JSON file read as a page).
    pub(crate) fn unread_only(part: &'a str, inner: &'a mut dyn DocumentSink) -> Self {
        Within { part, inner, unread_only: true }
    }

    fn rename(&self, inner: &str) -> String {
        // The main text of the inner reader (`html`, `text`, with a note such as ` (UTF-8)`).
        for main in ["html", "text", "xml", "svg"] {
            if let Some(rest) = inner.strip_prefix(main) {
                if rest.is_empty() || rest.starts_with(' ') {
                    return format!("{}{rest}", self.part);
                }
            }
        }
        format!("{}#{inner}", self.part)
    }
}

impl DocumentSink for Within<'_> {
    fn segment(&mut self, mut segment: Segment) -> Flow {
        segment.location.part = self.rename(&segment.location.part);
        self.inner.segment(segment)
    }

    fn coverage(&mut self, mut note: CoverageNote) -> Flow {
        if self.unread_only && note.reason.is_none() {
            return Ok(());
        }
        note.part = self.rename(&note.part);
        self.inner.coverage(note)
    }

    fn member(&mut self, name: String, bytes: Vec<u8>) -> Flow {
        self.inner.member(name, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::{Collected, Location, Role};

    #[test]
    fn parts_are_renamed() {
        let mut sink = Collected::default();
        let mut within = Within::new("OEBPS/ch1.xhtml", &mut sink);
        within.segment(Segment::new(Location::part("html").with_line(3), Role::Body, "x")).unwrap();
        within.segment(Segment::new(Location::part("html-head"), Role::Properties, "y")).unwrap();
        within.coverage(CoverageNote::read("html (UTF-8)")).unwrap();
        within.member("a.png".into(), vec![1]).unwrap();
        assert_eq!(sink.segments[0].location, Location::part("OEBPS/ch1.xhtml").with_line(3));
        assert_eq!(sink.segments[1].location.part, "OEBPS/ch1.xhtml#html-head");
        assert_eq!(sink.coverage[0].part, "OEBPS/ch1.xhtml (UTF-8)");
        assert_eq!(sink.members[0].0, "a.png");
    }
}
