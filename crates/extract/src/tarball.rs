//! Tar archives: every file member is handed back to be inspected in its own right, and the names
//! of all entries (folders and links too) are read as text.
//!
//! A tar holds no compression of its own (a `.tar.gz` is a gzip stream around one; see
//! [`compressed`](crate::compressed), which calls [`read_entries`] on what it inflated, so that the
//! members of `outer.tar.gz` are reported as `outer.tar.gz!dir/file.docx`). Long names from GNU
//! `L` records and pax `path`/`linkpath` records are resolved by the `tar` crate.
//!
//! Every name a listing shows (`tar tf`, an archive manager) is text a person reads: a folder
//! called `机密★1年` is as visible as a paragraph. The names go into one segment, one per line,
//! as document properties; a link is shown as `name -> target`, as `tar tvf` does.

use std::io::Read;

use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use tar::EntryType;

use crate::{ExtractError, LimitKind, Limits};

/// The part name under which entry names are reported.
pub(crate) const DIRECTORY: &str = "(archive directory)";

/// Reads a tar archive and pushes each file member into the sink.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    read_entries(bytes, limits, sink)
}

/// Whether `bytes` start with a tar header: a header whose checksum is right and which has the
/// `ustar` magic of POSIX and GNU tar or, for an old (v7) header, a name.
pub(crate) fn looks_like_tar(bytes: &[u8]) -> bool {
    let Some(header) = bytes.get(..512) else { return false };
    (&header[257..262] == b"ustar" || header[0] != 0) && checksum_matches(header)
}

/// The header checksum: the sum of all header bytes with the checksum field (148..156) counted as
/// spaces, stored as octal digits.
fn checksum_matches(header: &[u8]) -> bool {
    let field = &header[148..156];
    let digits: Vec<u8> = field.iter().copied().skip_while(|b| *b == b' ').take_while(|b| b.is_ascii_digit()).collect();
    if digits.is_empty() || digits.iter().any(|d| *d > b'7') {
        return false;
    }
    let Ok(stored) = u32::from_str_radix(std::str::from_utf8(&digits).unwrap_or("x"), 8) else { return false };
    let sum: u32 =
        header.iter().enumerate().map(|(i, b)| if (148..156).contains(&i) { 32 } else { u32::from(*b) }).sum();
    stored == sum
}

/// Reads the entries of the tar archive in `bytes`: members to the sink, names as a segment.
///
/// Bounded by [`Limits`]: at most `max_entries` entries, each member at most `max_part_bytes`,
/// all members together at most `max_decompressed_bytes`. A broken header or a truncated member
/// is an error naming the entry.
pub(crate) fn read_entries(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    let mut archive = tar::Archive::new(bytes);
    // Read on past end-of-archive blocks, as `tar --ignore-zeros` does: `cat a.tar b.tar` is a
    // valid way to hide a second archive behind the first one's end.
    archive.set_ignore_zeros(true);
    let entries = archive.entries().map_err(|e| corrupt(&e))?;
    let mut listing: Vec<String> = Vec::new();
    let mut total: u64 = 0;
    for entry in entries {
        let mut entry = entry.map_err(|e| corrupt(&e))?;
        if listing.len() >= limits.max_entries {
            return Err(ExtractError::limit(LimitKind::Entries, limits.max_entries, listing.len() + 1));
        }
        let name = entry.path_bytes();
        let name = String::from_utf8_lossy(&name).into_owned();
        let kind = entry.header().entry_type();
        match kind {
            EntryType::Symlink | EntryType::Link => {
                let target = entry.link_name_bytes().map(|t| String::from_utf8_lossy(&t).into_owned());
                listing.push(format!("{name} -> {}", target.unwrap_or_default()));
            }
            _ => listing.push(name.clone()),
        }
        // POSIX tar extracts an entry of an unknown type as a regular file, so anything that is
        // not a folder, a link or a device, and holds data, is a member.
        let regular = matches!(kind, EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse);
        let no_data = matches!(
            kind,
            EntryType::Directory
                | EntryType::Symlink
                | EntryType::Link
                | EntryType::Char
                | EntryType::Block
                | EntryType::Fifo
        );
        if no_data || (!regular && entry.size() == 0) || (name.ends_with('/') && entry.size() == 0) {
            continue;
        }
        let cap = limits.max_part_bytes.min(limits.max_decompressed_bytes.saturating_sub(total));
        let declared = entry.size();
        if declared > cap {
            return Err(over_limit(&name, declared, total, limits));
        }
        // The header may lie: never reserve more than the archive itself holds.
        let mut data = Vec::with_capacity(declared.min(bytes.len() as u64) as usize);
        (&mut entry).take(cap.saturating_add(1)).read_to_end(&mut data).map_err(|e| corrupt(&e).in_part(&name))?;
        if data.len() as u64 > cap {
            return Err(over_limit(&name, data.len() as u64, total, limits));
        }
        if (data.len() as u64) < declared {
            return Err(ExtractError::corrupt(crate::Defect::TruncatedMember).in_part(name));
        }
        total += data.len() as u64;
        sink.member(name, data)?;
    }
    report_listing(listing, sink)?;
    Ok(())
}

/// Pushes the names an archive listing shows as one segment, one name per line.
pub(crate) fn report_listing(listing: Vec<String>, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    if !listing.is_empty() {
        let text = listing.join("\n");
        sink.segment(Segment::new(Location::part(DIRECTORY).with_line(1), Role::Properties, text))?;
    }
    sink.coverage(CoverageNote::read(DIRECTORY))?;
    Ok(())
}

fn corrupt(e: &std::io::Error) -> ExtractError {
    ExtractError::corrupt(crate::Defect::ArchiveEntries { format: "tar", cause: e.to_string() })
}

/// The error for member `name` of `size` bytes, after `before` bytes of the archive's other
/// members: over the part limit, or else over the bytes the whole archive may hold.
pub(crate) fn over_limit(name: &str, size: u64, before: u64, limits: &Limits) -> ExtractError {
    let error = if size > limits.max_part_bytes {
        ExtractError::limit(LimitKind::PartBytes, limits.max_part_bytes, size)
    } else {
        ExtractError::limit(LimitKind::DecompressedBytes, limits.max_decompressed_bytes, before.saturating_add(size))
    };
    error.in_part(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::tar_of;
    use mijian_core::Collected;

    #[test]
    fn members_and_names() {
        let long = format!("{}/机密★1年.txt", "很长的目录名".repeat(20));
        let bytes = tar_of(&[("报告/", b""), ("报告/a.txt", "机密★1年".as_bytes()), (&long, b"x")]);
        assert!(looks_like_tar(&bytes));
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        let names: Vec<_> = sink.members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(names, vec!["报告/a.txt", long.as_str()]);
        assert_eq!(sink.members[0].1, "机密★1年".as_bytes());
        assert_eq!(sink.segments.len(), 1);
        assert_eq!(sink.segments[0].text, format!("报告/\n报告/a.txt\n{long}"));
        assert_eq!(sink.segments[0].role, Role::Properties);
    }

    #[test]
    fn links_show_their_targets() {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(EntryType::Symlink);
        h.set_size(0);
        b.append_link(&mut h, "latest", "绝密★启用前").unwrap();
        let bytes = b.into_inner().unwrap();
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        assert!(sink.members.is_empty());
        assert_eq!(sink.segments[0].text, "latest -> 绝密★启用前");
    }

    #[test]
    fn v7_headers_are_told_by_their_checksum() {
        let mut bytes = tar_of(&[("a.txt", b"hello")]);
        bytes[257..265].fill(0);
        // Recompute the checksum of the changed header.
        bytes[148..156].fill(b' ');
        let sum: u32 = bytes[..512].iter().map(|b| u32::from(*b)).sum();
        bytes[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        assert!(looks_like_tar(&bytes));
        bytes[0] ^= 1;
        assert!(!looks_like_tar(&bytes));
        assert!(!looks_like_tar(&[0u8; 1024]));
        assert!(!looks_like_tar(b"short"));
    }

    #[test]
    fn limits_and_truncation_are_errors() {
        let bytes = tar_of(&[("big.txt", &[b'a'; 5000])]);
        let limits = Limits { max_part_bytes: 4096, ..Limits::default() };
        let err = extract(&bytes, &limits, &mut Collected::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::LimitExceeded { kind: LimitKind::PartBytes, limit: 4096, seen: 5000, part: Some(p), .. } if p == "big.txt"),
            "{err:?}"
        );

        let bytes = tar_of(&[("a", b"1"), ("b", b"2"), ("c", b"3")]);
        let limits = Limits { max_entries: 2, ..Limits::default() };
        assert!(matches!(
            extract(&bytes, &limits, &mut Collected::default()),
            Err(ExtractError::LimitExceeded { kind: LimitKind::Entries, limit: 2, seen: 3, .. })
        ));

        let bytes = tar_of(&[("cut.txt", &[b'a'; 3000])]);
        let err = extract(&bytes[..1500], &Limits::default(), &mut Collected::default()).unwrap_err();
        assert!(
            matches!(&err, ExtractError::Corrupt { part: Some(p), what: crate::Defect::TruncatedMember, .. } if p == "cut.txt"),
            "{err}"
        );
    }

    #[test]
    fn mutated_archives_never_panic() {
        let seed = tar_of(&[("d/", b""), ("d/a.txt", "机密★1年".as_bytes()), ("b", b"x")]);
        crate::testing::mutations(&seed, 2000, extract, |_, sink| {
            assert!(sink.members.iter().all(|m| m.1.len() <= 4096));
        });
    }

    #[test]
    fn concatenated_archives_are_read_to_the_end() {
        let mut bytes = tar_of(&[("a.txt", b"1")]);
        bytes.extend(tar_of(&[("hidden.txt", "机密★1年".as_bytes())]));
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        let names: Vec<_> = sink.members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(names, vec!["a.txt", "hidden.txt"]);
        // Text that merely has `ustar` at byte 257 is not a tar: its checksum is wrong.
        let mut text = vec![b'x'; 600];
        text[257..262].copy_from_slice(b"ustar");
        assert!(!looks_like_tar(&text));
    }

    #[test]
    fn entries_of_unknown_types_are_read_as_files() {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(EntryType::new(b'Z'));
        h.set_size(9);
        b.append_data(&mut h, "odd.txt", &b"\xE6\x9C\xBA\xE5\xAF\x86\xE2\x98\x85"[..]).unwrap();
        let bytes = b.into_inner().unwrap();
        let mut sink = Collected::default();
        extract(&bytes, &Limits::default(), &mut sink).unwrap();
        assert_eq!(sink.members, vec![("odd.txt".to_owned(), "机密★".as_bytes().to_vec())]);
    }
}
