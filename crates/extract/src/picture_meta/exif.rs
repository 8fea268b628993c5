//! EXIF and TIFF tags: the text tags of every image file directory (IFD) reached from the
//! header, the Exif sub-directory, and the XMP and IPTC blocks a TIFF holds in tags.
//!
//! A TIFF block is a byte order (`II` little-endian, `MM` big-endian), the offset of the first
//! IFD, and IFDs chained by offsets: a count of 12-byte entries (tag, type, count, value or the
//! offset of the value when it needs more than 4 bytes), then the offset of the next IFD. In a
//! JPEG the second IFD is the thumbnail's; in a TIFF file each IFD is a page.

use std::collections::{HashSet, VecDeque};

use super::{eight_bit, utf16le, Properties};

/// Most directories followed in one block (pages of a TIFF, Exif sub-directories).
const MAX_DIRECTORIES: usize = 1_000;

/// Tags whose value is text, and how it is written.
#[derive(Clone, Copy)]
enum Text {
    /// ASCII by the standard; UTF-8 or GBK in practice.
    EightBit,
    /// UTF-16LE with a NUL end (Windows' XP tags).
    Utf16Le,
    /// An 8-byte charset code, then the text (`UserComment`).
    Coded,
}

/// The text tags read, by number.
fn text_tag(tag: u16) -> Option<(&'static str, Text)> {
    Some(match tag {
        0x010D => ("DocumentName", Text::EightBit),
        0x010E => ("ImageDescription", Text::EightBit),
        0x010F => ("Make", Text::EightBit),
        0x0110 => ("Model", Text::EightBit),
        0x011D => ("PageName", Text::EightBit),
        0x0131 => ("Software", Text::EightBit),
        0x013B => ("Artist", Text::EightBit),
        0x013C => ("HostComputer", Text::EightBit),
        0x8298 => ("Copyright", Text::EightBit),
        0x9286 => ("UserComment", Text::Coded),
        0x9C9B => ("XPTitle", Text::Utf16Le),
        0x9C9C => ("XPComment", Text::Utf16Le),
        0x9C9D => ("XPAuthor", Text::Utf16Le),
        0x9C9E => ("XPKeywords", Text::Utf16Le),
        0x9C9F => ("XPSubject", Text::Utf16Le),
        0xA420 => ("ImageUniqueID", Text::EightBit),
        0xA430 => ("CameraOwnerName", Text::EightBit),
        0xA431 => ("BodySerialNumber", Text::EightBit),
        0xA433 => ("LensMake", Text::EightBit),
        0xA434 => ("LensModel", Text::EightBit),
        _ => return None,
    })
}

const EXIF_IFD: u16 = 0x8769;
const XMP: u16 = 700;
const IPTC: u16 = 33723;

/// A TIFF block and its byte order.
struct Tiff<'a> {
    bytes: &'a [u8],
    little: bool,
}

impl Tiff<'_> {
    fn u16(&self, at: usize) -> Option<u16> {
        let b: [u8; 2] = self.bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if self.little { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) })
    }

    fn u32(&self, at: usize) -> Option<u32> {
        let b: [u8; 4] = self.bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    }

    /// The value of the entry at `entry`: inline when it fits in 4 bytes, else at its offset.
    fn value(&self, entry: usize) -> Option<&[u8]> {
        let size = match self.u16(entry + 2)? {
            1 | 2 | 6 | 7 => 1usize,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => return None,
        };
        let len = size.checked_mul(usize::try_from(self.u32(entry + 4)?).ok()?)?;
        let start = if len <= 4 { entry + 8 } else { usize::try_from(self.u32(entry + 8)?).ok()? };
        self.bytes.get(start..start.checked_add(len)?)
    }
}

/// Which directory an offset leads to.
#[derive(Clone, Copy)]
enum Directory {
    /// A main IFD: the page (1-based) in a TIFF file.
    Main(u32),
    /// The Exif sub-directory (camera and shot).
    Exif,
}

/// Reads the TIFF block `bytes`, naming fields `<prefix> <tag>` (`EXIF` in a JPEG, PNG or WebP,
/// `TIFF` for a TIFF file, whose pages after the first are named: `TIFF page 2 Artist`).
pub(super) fn read(bytes: &[u8], prefix: &str, found: &mut Properties) {
    let little = match bytes.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        // BigTIFF (43) and anything else: not a block these tags are read from.
        _ => {
            found.damaged();
            return;
        }
    };
    let tiff = Tiff { bytes, little };
    // Entries point at their values by offset, and nothing stops many entries (of one directory
    // or of many) pointing at the same bytes: 4,000 entries at one 200 KB text made a 248 KB
    // TIFF 800 MB of text. In a real block every value has bytes of its own, so the values read
    // add up to less than the block; past that, the rest is not read (damage: a person looks).
    let mut values_read = 0usize;
    let mut queue = VecDeque::from([(tiff.u32(4).unwrap_or(0), Directory::Main(1))]);
    let mut seen = HashSet::new();
    while let Some((offset, directory)) = queue.pop_front() {
        // A loop of offsets ends here; a cycle is not damage, an endless chain would be.
        if !seen.insert(offset) || seen.len() > MAX_DIRECTORIES {
            continue;
        }
        let start = offset as usize;
        let Some(count) = tiff.u16(start) else {
            found.damaged();
            continue;
        };
        let end = start + 2 + 12 * usize::from(count);
        if end > bytes.len() {
            found.damaged();
            continue;
        }
        let name = |tag: &str| match directory {
            Directory::Main(page) if page > 1 && prefix == "TIFF" => format!("{prefix} page {page} {tag}"),
            _ => format!("{prefix} {tag}"),
        };
        for entry in (start + 2..end).step_by(12) {
            let tag = tiff.u16(entry).unwrap_or(0);
            match tag {
                EXIF_IFD => match tiff.u32(entry + 8) {
                    Some(at) if (at as usize) < bytes.len() => queue.push_back((at, Directory::Exif)),
                    _ => found.damaged(),
                },
                XMP | IPTC => match tiff.value(entry) {
                    Some(value) if !within(&mut values_read, value, bytes) => {
                        found.damaged();
                        return;
                    }
                    Some(value) if tag == XMP => super::xmp::read(value, found),
                    Some(value) => super::iptc::read(value, found),
                    None => found.damaged(),
                },
                _ => {
                    let Some((field, kind)) = text_tag(tag) else { continue };
                    let Some(value) = tiff.value(entry) else {
                        found.damaged();
                        continue;
                    };
                    if !within(&mut values_read, value, bytes) {
                        found.damaged();
                        return;
                    }
                    let text = match kind {
                        Text::EightBit => eight_bit(value),
                        Text::Utf16Le => utf16le(value),
                        Text::Coded => coded(value, little),
                    };
                    found.add(name(field), &text);
                }
            }
        }
        if let Directory::Main(page) = directory {
            match tiff.u32(end) {
                Some(0) => {}
                Some(next) if (next as usize) < bytes.len() => queue.push_back((next, Directory::Main(page + 1))),
                // No next offset at all is tolerated (writers cut it); one beyond the file is not.
                None => {}
                Some(_) => found.damaged(),
            }
        }
    }
}

/// Adds `value`'s length to the bytes `read` so far; `false` once they are more than the
/// whole `block`: values that share their bytes, read again and again.
fn within(read: &mut usize, value: &[u8], block: &[u8]) -> bool {
    *read = read.saturating_add(value.len());
    *read <= block.len()
}

/// A `UserComment`: 8 bytes naming the charset (`ASCII`, `UNICODE`, `JIS`, or NULs for
/// "undefined"), then the text. UNICODE is UTF-16 in the block's byte order unless a
/// byte-order mark says otherwise.
pub(super) fn coded(value: &[u8], little: bool) -> String {
    let (code, text) = value.split_at(value.len().min(8));
    match code {
        b"UNICODE\0" => {
            let (little, text) = match text {
                [0xFF, 0xFE, rest @ ..] => (true, rest),
                [0xFE, 0xFF, rest @ ..] => (false, rest),
                _ => (little, text),
            };
            let units = text.chunks_exact(2).map(|p| {
                if little {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            });
            String::from_utf16_lossy(&units.take_while(|&u| u != 0).collect::<Vec<_>>())
        }
        b"JIS\0\0\0\0\0" => encoding_rs::ISO_2022_JP.decode_without_bom_handling(text).0.into_owned(),
        _ => eight_bit(text),
    }
}
