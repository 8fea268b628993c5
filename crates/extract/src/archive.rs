//! Plain ZIP archives: every member is handed back to be inspected in its own right.
//!
//! The archive itself holds no text; what matters is its members, reported as
//! `outer.zip!inner/name.docx`. A member that cannot be decrypted makes the whole archive an error:
//! what cannot be read is never passed.

use crate::zipread::Archive;
use crate::{ExtractError, Limits};
use mijian_core::{CoverageNote, DocumentSink};

/// Reads a ZIP archive and pushes each file member into the sink.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let mut archive = Archive::open(bytes, limits)?;
    let names: Vec<String> = archive.names().iter().filter(|n| !n.ends_with('/')).cloned().collect();
    for name in names {
        let data = archive.read(&name)?;
        sink.member(name, data);
    }
    sink.coverage(CoverageNote::read("(archive directory)"));
    Ok(())
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
    }

    #[test]
    fn a_broken_archive_is_an_error() {
        let mut sink = Collected::default();
        assert!(extract(b"PK\x03\x04garbage", &Limits::default(), &mut sink).is_err());
    }
}
