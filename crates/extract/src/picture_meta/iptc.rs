//! IPTC-IIM: the captions, headlines, keywords and bylines newsrooms and Photoshop write, and
//! Photoshop's image resource blocks that carry them in a JPEG's APP13 segments.
//!
//! An IIM record is `0x1C`, the record and dataset numbers, a 2-byte big-endian length (its top
//! bit set: the length of a longer length follows) and the data. Record 2 is the application
//! record, the one viewers show.

use super::{eight_bit, Properties};

/// Photoshop's resource holding the IPTC-IIM records.
const IPTC_RESOURCE: u16 = 0x0404;

/// Reads Photoshop image resources (`8BIM`, id, padded Pascal name, size, padded data) and the
/// IPTC records of the IPTC resource.
pub(super) fn read_resources(bytes: &[u8], found: &mut Properties) {
    let mut at = 0usize;
    while at < bytes.len() {
        // Some writers pad the end with NULs.
        if bytes[at..].iter().all(|&b| b == 0) {
            return;
        }
        let Some(resource) = resource(bytes, at) else {
            found.damaged();
            return;
        };
        let (id, data, next) = resource;
        if id == IPTC_RESOURCE {
            read(data, found);
        }
        at = next;
    }
}

/// One resource at `at`: its id, its data, and where the next one begins.
fn resource(bytes: &[u8], at: usize) -> Option<(u16, &[u8], usize)> {
    let signature = bytes.get(at..at + 4)?;
    if !matches!(signature, b"8BIM" | b"MeSa" | b"PHUT" | b"AgHg" | b"DCSR") {
        return None;
    }
    let id = u16::from_be_bytes(bytes.get(at + 4..at + 6)?.try_into().ok()?);
    let name_len = usize::from(*bytes.get(at + 6)?);
    // The name with its length byte is padded to an even size.
    let size_at = at + 6 + (1 + name_len).next_multiple_of(2);
    let size = u32::from_be_bytes(bytes.get(size_at..size_at + 4)?.try_into().ok()?) as usize;
    let data_at = size_at + 4;
    let data = bytes.get(data_at..data_at.checked_add(size)?)?;
    Some((id, data, data_at + size.next_multiple_of(2)))
}

/// Reads IPTC-IIM records: every record-2 dataset holding text.
pub(super) fn read(bytes: &[u8], found: &mut Properties) {
    let mut at = 0usize;
    while at < bytes.len() {
        if bytes[at] != 0x1C {
            // Padding after the last record.
            if !bytes[at..].iter().all(|&b| b == 0) {
                found.damaged();
            }
            return;
        }
        let Some((record, dataset, data, next)) = record(bytes, at) else {
            found.damaged();
            return;
        };
        if record == 2 {
            if let Some(field) = dataset_name(dataset) {
                found.add(format!("IPTC {field}"), &eight_bit(data));
            }
        }
        at = next;
    }
}

/// The record at `at`: record and dataset numbers, data, and where the next begins.
fn record(bytes: &[u8], at: usize) -> Option<(u8, u8, &[u8], usize)> {
    let head = bytes.get(at..at + 5)?;
    let (record, dataset) = (head[1], head[2]);
    let short = u16::from_be_bytes([head[3], head[4]]);
    let (len, data_at) = if short & 0x8000 == 0 {
        (usize::from(short), at + 5)
    } else {
        // Extended: the next `short & 0x7FFF` bytes are the length (at most 4 used).
        let size = usize::from(short & 0x7FFF);
        if size > 4 {
            return None;
        }
        let len = bytes.get(at + 5..at + 5 + size)?.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b));
        (len, at + 5 + size)
    };
    let end = data_at.checked_add(len)?;
    Some((record, dataset, bytes.get(data_at..end)?, end))
}

/// The name of a record-2 dataset holding text; `None` for the binary and date ones.
fn dataset_name(dataset: u8) -> Option<String> {
    Some(
        match dataset {
            // Record version (binary), dates and times (digits), preview data (binary).
            0 | 30 | 35 | 37 | 38 | 47 | 55 | 60 | 62 | 63 | 125 | 200..=202 => return None,
            5 => "ObjectName",
            7 => "EditStatus",
            15 => "Category",
            20 => "SupplementalCategories",
            22 => "FixtureIdentifier",
            25 => "Keywords",
            27 => "ContentLocationName",
            40 => "SpecialInstructions",
            65 => "OriginatingProgram",
            80 => "By-line",
            85 => "By-lineTitle",
            90 => "City",
            92 => "Sub-location",
            95 => "Province-State",
            101 => "Country-PrimaryLocationName",
            103 => "OriginalTransmissionReference",
            105 => "Headline",
            110 => "Credit",
            115 => "Source",
            116 => "CopyrightNotice",
            118 => "Contact",
            120 => "Caption-Abstract",
            122 => "Writer-Editor",
            other => return Some(format!("2:{other}")),
        }
        .to_owned(),
    )
}
