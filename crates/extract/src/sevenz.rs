//! 7-Zip archives: every file member is handed back to be inspected in its own right, and the
//! names of all entries are read as text (see [`tarball::report_listing`]).
//!
//! Decoding is sevenz-rust2's (pure Rust: LZMA, LZMA2, PPMd, BZip2, Deflate, BCJ filters, AES).
//! An archive with a password (its entries, or its header with `-mhe`) is an error: we have no
//! password to try, and what cannot be read is never passed. A codec the crate lacks (Zstandard,
//! Brotli, LZ4 from 7-Zip forks) is an error naming it.
//!
//! The crate trusts sizes the file declares in places, so the reader checks what it can first:
//! the start header must point inside the file (the crate allocates the next-header size it reads
//! there), the entry count must be within `max_entries`, and the declared sizes of the entries
//! must fit `max_part_bytes`, `max_decompressed_bytes` and `max_ratio`. Every read is then capped
//! as well, since a declaration can lie. A panic inside the crate on a hostile file is caught and
//! reported as a corrupt archive.

use std::io::{Cursor, Read};

use mijian_core::DocumentSink;
use sevenz_rust2::{ArchiveReader, Error, Password};

use crate::zipread::RATIO_FLOOR;
use crate::{tarball, ExtractError, Limits};

/// Signature header: 6 bytes of magic, 2 of version, CRC, next-header offset, size and CRC.
const SIGNATURE_HEADER: usize = 32;

/// Reads a 7z archive and pushes each file member into the sink.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    check_start_header(bytes, limits)?;
    let mut members = Vec::new();
    let listing = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(bytes, limits, &mut members)))
        .map_err(|_| ExtractError::CorruptArchive("7z: the archive's structure is inconsistent".into()))??;
    for (name, data) in members {
        sink.member(name, data);
    }
    tarball::report_listing(listing, sink);
    Ok(())
}

/// The next header must lie inside the file and be no larger than a part may be.
fn check_start_header(bytes: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    let header = bytes.get(..SIGNATURE_HEADER).ok_or_else(|| corrupt("shorter than its signature header"))?;
    let u64_at = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().expect("8 bytes"));
    let (offset, size) = (u64_at(12), u64_at(20));
    let end = offset.checked_add(size).and_then(|n| n.checked_add(SIGNATURE_HEADER as u64));
    // An all-zero start header is how an interrupted 7-Zip leaves a file; the crate then searches
    // for the header from the end, within the file.
    if header[12..32].iter().any(|b| *b != 0) && end.is_none_or(|e| e > bytes.len() as u64) {
        return Err(corrupt("the start header points past the end of the file"));
    }
    if size > limits.max_part_bytes {
        return Err(ExtractError::Limit(format!("7z: header of {size} bytes is over the part limit")));
    }
    Ok(())
}

/// Opens the archive, checks the declared sizes, and reads the members into `members`; returns
/// the names of all entries in archive order.
fn read(bytes: &[u8], limits: &Limits, members: &mut Vec<(String, Vec<u8>)>) -> Result<Vec<String>, ExtractError> {
    let mut reader = ArchiveReader::new(Cursor::new(bytes), Password::empty()).map_err(|e| map_error("", e))?;
    let files = &reader.archive().files;
    if files.len() > limits.max_entries {
        return Err(ExtractError::Limit(format!(
            "archive lists {} entries, more than the limit of {}",
            files.len(),
            limits.max_entries
        )));
    }
    let listing: Vec<String> =
        files.iter().map(|f| if f.is_directory { format!("{}/", f.name) } else { f.name.clone() }).collect();
    let declared: u64 = files.iter().map(|f| f.size).fold(0, u64::saturating_add);
    let ratio_cap = (bytes.len() as u64).saturating_mul(limits.max_ratio).max(RATIO_FLOOR);
    if declared > limits.max_decompressed_bytes || declared > ratio_cap {
        return Err(ExtractError::Limit(format!(
            "7z: entries declare {declared} bytes, over the limit of {} bytes or a ratio of {}:1",
            limits.max_decompressed_bytes.min(ratio_cap),
            limits.max_ratio
        )));
    }
    if let Some(big) = files.iter().find(|f| f.size > limits.max_part_bytes) {
        return Err(ExtractError::Limit(format!(
            "{}: {} bytes, larger than the part limit of {} bytes",
            big.name, big.size, limits.max_part_bytes
        )));
    }
    let mut total: u64 = 0;
    let mut failure: Option<ExtractError> = None;
    let outcome = reader.for_each_entries(|entry, data| {
        if entry.is_directory || entry.is_anti_item {
            return Ok(true);
        }
        let cap = limits.max_part_bytes.min(limits.max_decompressed_bytes.saturating_sub(total));
        // The declared size may lie: reserve no more than a few MiB up front.
        let mut buf = Vec::with_capacity(entry.size.min(cap).min(8 << 20) as usize);
        data.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
        if buf.len() as u64 > cap {
            failure = Some(ExtractError::Limit(format!(
                "{}: decompresses to more than the {} bytes left under the limits",
                entry.name, cap
            )));
            return Ok(false);
        }
        total += buf.len() as u64;
        members.push((entry.name.clone(), buf));
        Ok(true)
    });
    if let Some(e) = failure {
        return Err(e);
    }
    outcome.map_err(|e| map_error("", e))?;
    Ok(listing)
}

/// Turns the crate's error into ours: a password → encrypted, a missing codec → malformed with
/// its name, anything else → corrupt.
fn map_error(entry: &str, e: Error) -> ExtractError {
    let at = if entry.is_empty() { String::new() } else { format!("{entry}: ") };
    match e {
        Error::PasswordRequired | Error::MaybeBadPassword(_) => {
            ExtractError::Encrypted(format!("7z: {at}the archive is password-protected"))
        }
        Error::UnsupportedCompressionMethod(m) => {
            ExtractError::Malformed(format!("7z: {at}compression method {m} is not supported"))
        }
        Error::MaxMemLimited { .. } => ExtractError::Limit(format!("7z: {at}{e}")),
        other => corrupt(&format!("{at}{other}")),
    }
}

fn corrupt(what: &str) -> ExtractError {
    ExtractError::CorruptArchive(format!("7z: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;
    use sevenz_rust2::encoder_options::AesEncoderOptions;
    use sevenz_rust2::{ArchiveEntry, ArchiveWriter, EncoderMethod};

    /// A 7z of (name, content) entries; a name ending in `/` is a folder. With a password, the
    /// contents (and the header) are AES-encrypted.
    fn sevenz_of(entries: &[(&str, &[u8])], password: Option<&str>) -> Vec<u8> {
        let mut w = ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
        if let Some(p) = password {
            w.set_content_methods(vec![AesEncoderOptions::new(p.into()).into(), EncoderMethod::LZMA2.into()]);
        }
        for (name, data) in entries {
            if let Some(dir) = name.strip_suffix('/') {
                w.push_archive_entry::<&[u8]>(ArchiveEntry::new_directory(dir), None).unwrap();
            } else {
                w.push_archive_entry(ArchiveEntry::new_file(name), Some(*data)).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn members_and_names() {
        let bytes = sevenz_of(&[("报告/", b""), ("报告/机密★1年.txt", "正文".as_bytes()), ("b.txt", b"x")], None);
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        let mut names: Vec<_> = sink.members.iter().map(|m| m.0.as_str()).collect();
        names.sort();
        assert_eq!(names, vec!["b.txt", "报告/机密★1年.txt"]);
        assert_eq!(sink.segments[0].text, "报告/\n报告/机密★1年.txt\nb.txt");
    }

    #[test]
    fn a_password_is_an_encrypted_error() {
        let bytes = sevenz_of(&[("a.txt", "机密★1年".as_bytes())], Some("secret"));
        let err = extract(&bytes, &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(matches!(err, ExtractError::Encrypted(_)), "{err}");
    }

    #[test]
    fn limits_and_garbage_are_errors() {
        let bytes = sevenz_of(&[("big.txt", &[b'a'; 5000])], None);
        let limits = Limits { max_part_bytes: 4096, ..Limits::default() };
        let err = extract(&bytes, &limits, &mut Collected::default()).unwrap_err();
        assert!(matches!(&err, ExtractError::Limit(m) if m.contains("big.txt")), "{err}");
        let limits = Limits { max_entries: 0, ..Limits::default() };
        assert!(matches!(extract(&bytes, &limits, &mut Collected::default()), Err(ExtractError::Limit(_))));

        let mut lying = bytes.clone();
        lying[20..28].copy_from_slice(&u64::MAX.to_le_bytes());
        let err = extract(&lying, &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(matches!(err, ExtractError::CorruptArchive(_)), "{err}");
        let err = extract(&bytes[..bytes.len() - 10], &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(matches!(err, ExtractError::CorruptArchive(_)), "{err}");
        assert!(extract(b"7z\xBC\xAF\x27\x1C", &Limits::default(), &mut Collected::default()).is_err());
    }

    #[test]
    fn mutated_archives_never_panic() {
        let seed = sevenz_of(&[("d/", b""), ("d/a.txt", "机密★1年".as_bytes()), ("b", b"x")], None);
        crate::testing::mutations(&seed, 600, extract, |_, sink| {
            assert!(sink.members.iter().all(|m| m.1.len() <= 4096));
        });
    }
}
