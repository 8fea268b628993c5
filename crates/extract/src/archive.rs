//! Plain ZIP archives: every member is handed back to be inspected in its own right.
//!
//! The archive holds text of its own: the member and folder names, each member's comment and the
//! archive comment, which every unzip tool shows (and a site shows an attachment's name as its link
//! text). They are read as segments located at `(archive member names)` (line *n*: entry *n*),
//! `(archive member comments)` and `(archive comment)`. The members themselves are reported as
//! `outer.zip!inner/name.docx`. A member that cannot be decrypted makes the whole archive an
//! error: what cannot be read is never passed.

use crate::package;
use crate::zipread::Archive;
use crate::{ExtractError, Limits};
use mijian_core::DocumentSink;

/// Reads a ZIP archive: its names and comments as text, each file member into the sink.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let mut archive = Archive::open(bytes, limits)?;
    package::read_names(&archive, sink)?;
    let names: Vec<String> = archive.names().iter().filter(|n| !n.ends_with('/')).cloned().collect();
    for name in names {
        let data = archive.read_member(&name)?;
        sink.member(name, data)?;
    }
    // Folders with data in them, and the comment: nothing is left unaccounted for.
    package::account_for_every_entry(&mut archive, sink)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        for (n, b) in entries {
            if n.ends_with('/') {
                z.add_directory(*n, zip::write::SimpleFileOptions::default()).unwrap();
            } else {
                z.start_file(*n, zip::write::SimpleFileOptions::default()).unwrap();
                z.write_all(b).unwrap();
            }
        }
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn members_are_handed_back() {
        let bytes = zip_of(&[("dir/", b""), ("dir/a.txt", "机密★1年".as_bytes()), ("b.txt", b"x")]);
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        let names: Vec<_> = sink.members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(names, vec!["dir/a.txt", "b.txt"]);
        assert_eq!(sink.members[0].1, "机密★1年".as_bytes());
        let texts: Vec<_> = sink.segments.iter().map(|s| (s.location.line, s.text.as_str())).collect();
        assert_eq!(texts, vec![(Some(1), "dir/"), (Some(2), "dir/a.txt"), (Some(3), "b.txt")]);
    }

    #[test]
    fn a_broken_archive_is_an_error() {
        let mut sink = Collected::default();
        assert!(extract(b"PK\x03\x04garbage", &Limits::default(), &mut sink).is_err());
    }
}
