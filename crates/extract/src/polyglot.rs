//! Files that are several files at once: every reading is inspected.
//!
//! A file is read from its start by some tools and from its end by others. `unzip`, Python's
//! `zipfile` and office suites look for a ZIP archive's end record at the *end* of a file and
//! accept anything in front of it; a PDF viewer looks for `%PDF-` near the start; a browser shows a
//! PNG from its first bytes. So a PDF with a ZIP appended is a clean PDF to one tool and a marked
//! DOCX to another, and `cat clean.docx marked.docx` is two documents in one file.
//!
//! [`split`] cuts a file into the pieces that tools read:
//!
//! - a file sniffed as a ZIP-based format (DOCX, XLSX, PPTX, OFD, ZIP) is the archive that starts
//!   at byte 0; every other archive in the file, and every other non-blank run of bytes (a PDF
//!   after the archive, say), is a member, inspected in its own right;
//! - any other file (PDF, picture, text, HTML, legacy Office) is read by its reader up to the
//!   archives appended at its end (a PDF viewer stops at the PDF), and every ZIP archive found in
//!   it, appended or inside, is a member.
//!
//! An archive that tools would read in different ways is an error (see [`crate::zipshape`]).
//! Members are named after the bytes they come from (`(ZIP archive at bytes 1024-9000)`), so a
//! report says where in the file each reading is.

use crate::zipshape;
use crate::{ExtractError, Format};

/// A file cut into the piece its own reader reads and the other readings.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// What the format's reader reads.
    pub main: &'a [u8],
    /// The other readings, named by where they are, to be inspected as members.
    pub others: Vec<(String, &'a [u8])>,
}

/// Cuts `bytes`, sniffed as `format`, into its readings (see the module documentation).
pub(crate) fn split(bytes: &[u8], format: Format) -> Result<Split<'_>, ExtractError> {
    let whole = Split { main: bytes, others: Vec::new() };
    if memchr::memmem::find(bytes, b"PK\x05\x06").is_none() {
        return Ok(whole);
    }
    let zip_based = matches!(format, Format::Docx | Format::Xlsx | Format::Pptx | Format::Ofd | Format::Zip);
    if !zip_based {
        let readings = zipshape::readings(bytes)?;
        // Archives appended at the end are not part of the file's own reading: a PDF viewer stops
        // at the PDF's last `%%EOF`, a picture viewer at the picture's end.
        let mut end = bytes.len();
        for r in readings.iter().rev() {
            if r.span.end <= end && is_blank(&bytes[r.span.end..end]) {
                end = r.span.start;
            } else {
                break;
            }
        }
        let others = readings.iter().map(|r| (archive_name(&r.span), &bytes[r.span.clone()])).collect();
        return Ok(Split { main: &bytes[..end], others });
    }
    let (main, rest) = zipshape::reading_at_start(bytes)?;
    let mut others: Vec<(String, &[u8])> = Vec::new();
    // Everything outside the archives, in file order, once.
    let mut covered: Vec<std::ops::Range<usize>> = vec![main.span.clone()];
    covered.extend(rest.iter().map(|r| r.span.clone()));
    covered.sort_by_key(|r| r.start);
    let mut from = 0;
    for span in covered.iter().chain(std::iter::once(&(bytes.len()..bytes.len()))) {
        if span.start > from && !is_blank(&bytes[from..span.start]) {
            others.push((format!("(bytes {from}-{} outside the ZIP archive)", span.start), &bytes[from..span.start]));
        }
        from = from.max(span.end);
    }
    for r in &rest {
        others.push((archive_name(&r.span), &bytes[r.span.clone()]));
    }
    others.sort_by_key(|(_, piece)| piece.as_ptr() as usize);
    Ok(Split { main: &bytes[main.span], others })
}

fn archive_name(span: &std::ops::Range<usize>) -> String {
    format!("(ZIP archive at bytes {}-{})", span.start, span.end)
}

/// Padding some tools leave after an archive: NUL bytes and white space hold no reading.
fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b == 0 || b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::zip;

    #[test]
    fn a_file_without_an_archive_is_whole() {
        let s = split(b"%PDF-1.4 hello", Format::Pdf).unwrap();
        assert_eq!(s.main, b"%PDF-1.4 hello");
        assert!(s.others.is_empty());
    }

    #[test]
    fn two_archives_are_the_first_and_a_member() {
        let (a, b) = (zip(&[("a.txt", b"a")]), zip(&[("b.txt", "机密★1年".as_bytes())]));
        let both = [a.clone(), b.clone()].concat();
        let s = split(&both, Format::Zip).unwrap();
        assert_eq!(s.main, a.as_slice());
        assert_eq!(s.others, vec![(format!("(ZIP archive at bytes {}-{})", a.len(), both.len()), b.as_slice())]);
    }

    #[test]
    fn bytes_after_an_archive_are_a_member_unless_blank() {
        let a = zip(&[("a.txt", b"a")]);
        let tail = b"%PDF-1.4\n1 0 obj\n";
        let file = [a.clone(), tail.to_vec()].concat();
        let s = split(&file, Format::Zip).unwrap();
        assert_eq!(s.main, a.as_slice());
        assert_eq!(s.others.len(), 1);
        assert_eq!(s.others[0].1, tail);
        assert!(s.others[0].0.contains("outside the ZIP archive"));
        let padded = [a.clone(), vec![0; 512], b"\r\n".to_vec()].concat();
        let s = split(&padded, Format::Zip).unwrap();
        assert_eq!(s.main, a.as_slice());
        assert!(s.others.is_empty(), "padding is no reading");
    }

    #[test]
    fn an_archive_appended_to_another_format_is_a_member() {
        let z = zip(&[("word/document.xml", b"<w:document/>")]);
        let file = [b"%PDF-1.4\n%%EOF\n".to_vec(), z.clone()].concat();
        let s = split(&file, Format::Pdf).unwrap();
        assert_eq!(s.main, b"%PDF-1.4\n%%EOF\n", "the PDF reader reads the PDF, as viewers do");
        assert_eq!(s.others, vec![(format!("(ZIP archive at bytes 15-{})", file.len()), z.as_slice())]);
        // An archive inside the file (a stream kept uncompressed) leaves the file whole.
        let inside = [b"%PDF-1.4\nstream\n".to_vec(), z.clone(), b"\nendstream\n%%EOF\n".to_vec()].concat();
        let s = split(&inside, Format::Pdf).unwrap();
        assert_eq!((s.main, s.others.len()), (inside.as_slice(), 1));
    }
}
