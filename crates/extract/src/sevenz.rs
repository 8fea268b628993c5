//! 7-Zip archives: every file member is handed back to be inspected in its own right, and the
//! names of all entries are read as text (see [`tarball::report_listing`]).
//!
//! Decoding is sevenz-rust2's (pure Rust: LZMA, LZMA2, PPMd, BZip2, Deflate, BCJ filters, AES).
//! An archive with a password (its entries, or its header with `-mhe`) is an error: we have no
//! password to try, and what cannot be read is never passed. A codec the crate lacks (Zstandard,
//! Brotli, LZ4 from 7-Zip forks) is an error naming it.
//!
//! The crate trusts the counts and sizes the file declares, so the header is checked first by
//! [`header::check`] (counts, decoder memory, encryption). Then the declared sizes of the entries
//! must fit `max_part_bytes`, `max_decompressed_bytes` and `max_ratio`, and every read is capped
//! as well, since a declaration can lie. A panic inside the crate on a hostile file is caught and
//! reported as a corrupt archive.

mod header;

use std::io::{Cursor, Read};

use mijian_core::DocumentSink;
use sevenz_rust2::{Archive, ArchiveReader, Error, Password};

use crate::zipread::RATIO_FLOOR;
use crate::{tarball, Defect, ExtractError, LimitKind, Limits};

/// Reads a 7z archive and pushes each file member into the sink.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    header::check(bytes, limits)?;
    let mut members = Vec::new();
    let listing = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(bytes, limits, &mut members)))
        .map_err(|_| ExtractError::corrupt(Defect::ParserFailed { format: "7z" }))??;
    for (name, data) in members {
        sink.member(name, data)?;
    }
    tarball::report_listing(listing, sink)?;
    Ok(())
}

/// Opens the archive, checks the declared sizes, and reads the members into `members`; returns
/// the names of all entries in archive order.
fn read(bytes: &[u8], limits: &Limits, members: &mut Vec<(String, Vec<u8>)>) -> Result<Vec<String>, ExtractError> {
    let mut source = Cursor::new(bytes);
    let archive = Archive::read(&mut source, &Password::empty()).map_err(|e| map_error("", e))?;
    let listing: Vec<String> =
        archive.files.iter().map(|f| if f.is_directory { format!("{}/", f.name) } else { f.name.clone() }).collect();
    let expected = archive.files.iter().filter(|f| f.has_stream && !f.is_directory).count();
    let mut reader = ArchiveReader::from_archive(streams_first(archive), source, Password::empty());
    reader.set_thread_count(1);
    let files = &reader.archive().files;
    if files.len() > limits.max_entries {
        return Err(ExtractError::limit(LimitKind::Entries, limits.max_entries, files.len()));
    }
    let declared: u64 = files.iter().map(|f| f.size).fold(0, u64::saturating_add);
    let ratio_cap = (bytes.len() as u64).saturating_mul(limits.max_ratio).max(RATIO_FLOOR);
    if declared > limits.max_decompressed_bytes {
        return Err(ExtractError::limit(LimitKind::DecompressedBytes, limits.max_decompressed_bytes, declared));
    }
    if declared > ratio_cap {
        // The ratio in whole decompressed bytes per compressed byte, rounded up.
        let ratio = declared.div_ceil((bytes.len() as u64).max(1));
        return Err(ExtractError::limit(LimitKind::CompressionRatio, limits.max_ratio, ratio));
    }
    if let Some(big) = files.iter().find(|f| f.size > limits.max_part_bytes) {
        return Err(ExtractError::limit(LimitKind::PartBytes, limits.max_part_bytes, big.size).in_part(&big.name));
    }
    let mut total: u64 = 0;
    let mut handed = 0;
    let mut failure: Option<ExtractError> = None;
    let outcome = reader.for_each_entries(|entry, data| {
        if entry.is_directory || entry.is_anti_item {
            return Ok(true);
        }
        let cap = limits.max_part_bytes.min(limits.max_decompressed_bytes.saturating_sub(total));
        // The declared size may lie: reserve no more than a few MiB up front.
        let mut buf = Vec::with_capacity(entry.size.min(cap).min(8 << 20) as usize);
        // In chunks charged to the file's budget, shared with every nesting level (a 7z inside a
        // gzip inside a ZIP is bounded once for the top-level file, not once per level).
        let mut capped = data.take(cap.saturating_add(1));
        loop {
            let got = Read::by_ref(&mut capped).take(crate::CHECK_EVERY).read_to_end(&mut buf)?;
            if got == 0 {
                break;
            }
            // Past the entry's own cap the error below says so more precisely.
            if buf.len() as u64 > cap {
                continue;
            }
            if let Err(e) = limits.charge_decompressed(got as u64, &entry.name) {
                failure = Some(e);
                return Ok(false);
            }
        }
        if buf.len() as u64 > cap {
            failure = Some(tarball::over_limit(&entry.name, buf.len() as u64, total, limits));
            return Ok(false);
        }
        total += buf.len() as u64;
        handed += usize::from(entry.has_stream);
        members.push((entry.name.clone(), buf));
        Ok(true)
    });
    if let Some(e) = failure {
        return Err(e);
    }
    outcome.map_err(|e| map_error("", e))?;
    if handed != expected {
        return Err(ExtractError::corrupt(Defect::MembersMissing { expected: expected as u64, read: handed as u64 }));
    }
    Ok(listing)
}

/// Reorders the entries so that each folder's entries with data are contiguous, entries without
/// data (folders, empty files) last, and rebuilds the map from folders to entries.
///
/// sevenz-rust2 (0.20) decodes a folder by walking `files[first..first + substreams]`, counting
/// entries without data as if they were substreams: with a directory listed between two files of
/// one folder (as py7zr writes them), the folder's last file is never handed out, silently. Its
/// map from entries to folders is right, so the entries are put in the order its walk assumes.
fn streams_first(mut archive: Archive) -> Archive {
    let map = &archive.stream_map.file_block_index;
    let mut order: Vec<usize> = (0..archive.files.len()).collect();
    // Entries with data by folder (stable: their order within a folder is kept), then the rest.
    order.sort_by_key(|&i| match (archive.files[i].has_stream, map.get(i).copied().flatten()) {
        (true, Some(block)) => (0, block),
        _ => (1, 0),
    });
    let files: Vec<_> = order.iter().map(|&i| archive.files[i].clone()).collect();
    let blocks: Vec<Option<usize>> =
        order.iter().map(|&i| map.get(i).copied().flatten().filter(|_| archive.files[i].has_stream)).collect();
    // A folder without entries starts where the entries with data end.
    let mut first = vec![blocks.iter().filter(|x| x.is_some()).count(); archive.blocks.len()];
    for (i, block) in blocks.iter().enumerate().rev() {
        if let Some(slot) = block.and_then(|b| first.get_mut(b)) {
            *slot = i;
        }
    }
    archive.files = files;
    archive.stream_map.file_block_index = blocks;
    archive.stream_map.block_first_file_index = first;
    archive
}

/// Turns the crate's error into ours: a password → encrypted, a missing codec → malformed with
/// its name, anything else → corrupt.
fn map_error(entry: &str, e: Error) -> ExtractError {
    let error = match e {
        Error::PasswordRequired | Error::MaybeBadPassword(_) => ExtractError::encrypted(crate::Encryption::Password),
        Error::UnsupportedCompressionMethod(method) => {
            ExtractError::corrupt(Defect::UnsupportedMethod { format: "7z", method })
        }
        Error::MaxMemLimited { max_kb, actaul_kb } => ExtractError::limit(
            LimitKind::DecoderMemory,
            (max_kb as u64).saturating_mul(1024),
            (actaul_kb as u64).saturating_mul(1024),
        ),
        other => ExtractError::corrupt(Defect::ArchiveEntries { format: "7z", cause: other.to_string() }),
    };
    if entry.is_empty() {
        error
    } else {
        error.in_part(entry)
    }
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
        assert!(matches!(err, ExtractError::Encrypted { what: crate::Encryption::Password, .. }), "{err}");
    }

    /// Members draw on the file's budget, shared with the levels around the archive: a 7z
    /// within its own ratio is refused when its file may inflate no more (issue 12).
    #[test]
    fn members_draw_on_the_files_budget() {
        let bytes = sevenz_of(&[("zeros.txt", &[0u8; 256 << 10])], None);
        let limits = Limits { min_decompressed_budget: 64 << 10, ..Limits::default() }.for_file(10);
        let err = extract(&bytes, &limits, &mut Collected::default()).unwrap_err();
        assert!(matches!(&err, ExtractError::LimitExceeded { kind: crate::LimitKind::DecompressedBytes, .. }), "{err}");
        assert!(extract(&bytes, &Limits::default(), &mut Collected::default()).is_ok());
    }

    #[test]
    fn limits_and_garbage_are_errors() {
        let bytes = sevenz_of(&[("big.txt", &[b'a'; 5000])], None);
        let limits = Limits { max_part_bytes: 4096, ..Limits::default() };
        let err = extract(&bytes, &limits, &mut Collected::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::LimitExceeded { kind: LimitKind::PartBytes, limit: 4096, seen: 5000, part: Some(p), .. } if p == "big.txt"),
            "{err:?}"
        );
        let limits = Limits { max_entries: 0, ..Limits::default() };
        let err = extract(&bytes, &limits, &mut Collected::default()).unwrap_err();
        assert!(
            matches!(err, ExtractError::LimitExceeded { kind: LimitKind::Entries, limit: 0, seen: 1, .. }),
            "{err:?}"
        );

        let mut lying = bytes.clone();
        lying[20..28].copy_from_slice(&1000u64.to_le_bytes());
        let err = extract(&lying, &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(matches!(err, ExtractError::Corrupt { what: Defect::ArchiveHeader { format: "7z" }, .. }), "{err}");
        lying[20..28].copy_from_slice(&u64::MAX.to_le_bytes());
        let err = extract(&lying, &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(
            matches!(err, ExtractError::LimitExceeded { kind: LimitKind::HeaderBytes, seen: u64::MAX, .. }),
            "{err:?}"
        );
        let err = extract(&bytes[..bytes.len() - 10], &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(matches!(err, ExtractError::Corrupt { what: Defect::ArchiveHeader { format: "7z" }, .. }), "{err}");
        assert!(extract(b"7z\xBC\xAF\x27\x1C", &Limits::default(), &mut Collected::default()).is_err());
    }

    /// [`extract`] without its guard: the guard turns a panic of the 7z library into an error,
    /// which would let a test that accepts errors pass over a panic unseen.
    fn extract_unguarded(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        header::check(bytes, limits)?;
        let mut members = Vec::new();
        read(bytes, limits, &mut members)?;
        for (name, data) in members {
            sink.member(name, data)?;
        }
        Ok(())
    }

    #[test]
    fn mutated_archives_never_panic() {
        let seed = sevenz_of(&[("d/", b""), ("d/a.txt", "机密★1年".as_bytes()), ("b", b"x")], None);
        crate::testing::mutations(&seed, 600, extract_unguarded, |_, sink| {
            assert!(sink.members.iter().all(|m| m.1.len() <= 4096));
        });
    }

    /// A 7z whose (plain) header is `header`, after a start header pointing at it.
    fn with_header(header: &[u8]) -> Vec<u8> {
        let mut bytes = b"7z\xBC\xAF\x27\x1C\x00\x04".to_vec();
        let mut start = 0u64.to_le_bytes().to_vec();
        start.extend((header.len() as u64).to_le_bytes());
        start.extend(crc32(header).to_le_bytes());
        bytes.extend(crc32(&start).to_le_bytes());
        bytes.extend(start);
        bytes.extend(header);
        bytes
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in data {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn declared_counts_and_memory_are_bounded_before_the_crate_allocates() {
        // A header declaring 2^30 files (varint 0xE0 then 3 bytes… here 0xF0 and 4 bytes).
        let huge_files = with_header(&[0x01, 0x05, 0xF0, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00]);
        let err = extract(&huge_files, &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::LimitExceeded { kind: LimitKind::Entries, seen: 0x4000_0000, .. }),
            "{err:?}"
        );
        // One folder, one LZMA2 coder asking for a 4 GiB dictionary, for 10 bytes of output.
        let huge_dict = with_header(&[
            0x01, 0x04, 0x06, 0x00, 0x01, 0x09, 0x05, 0x00, // pack info: pos 0, 1 stream of 5 bytes
            0x07, 0x0B, 0x01, 0x00, 0x01, 0x21, 0x21, 0x01, 0x28, 0x0C, 0x0A, 0x00, // folder: LZMA2, props 40
            0x00, 0x00, // end of streams info, end of header
        ]);
        let err = extract(&huge_dict, &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::LimitExceeded { kind: LimitKind::DecoderMemory, seen: 0xFFFF_FFFF, .. }),
            "{err:?}"
        );
        // An unfinished archive (empty start header) is refused rather than searched.
        let mut unfinished = with_header(&[0x01, 0x00]);
        unfinished[12..32].fill(0);
        assert!(matches!(
            extract(&unfinished, &Limits::default(), &mut Collected::default()),
            Err(ExtractError::Corrupt { what: Defect::ArchiveHeader { format: "7z" }, .. })
        ));
    }

    #[test]
    fn a_packed_header_is_decoded_and_checked() {
        // With many similar names the writer packs its header with LZMA, as 7-Zip always does.
        let names: Vec<String> = (0..60).map(|i| format!("报告/第{i}号文件.txt")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let bytes = sevenz_of(&entries, None);
        let at = 32 + u64::from_le_bytes(bytes[12..20].try_into().unwrap()) as usize;
        assert_eq!(bytes[at], 0x17, "an encoded header");
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        assert_eq!(sink.members.len(), 60);
        let limits = Limits { max_entries: 59, ..Limits::default() };
        let err = extract(&bytes, &limits, &mut Collected::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::LimitExceeded { kind: LimitKind::Entries, limit: 59, seen: 60, .. }),
            "{err:?}"
        );
    }
}
