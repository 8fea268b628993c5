//! OLE2 compound files: legacy Word (DOC, and Kingsoft WPS, which stores its text the same way),
//! password-protected OOXML files, and the binary Excel/PowerPoint formats.
//!
//! The compound file is opened with the `cfb` crate; what is inside decides:
//!
//! * a `WordDocument` stream: read by [`crate::doc`];
//! * `EncryptionInfo` + `EncryptedPackage`: an encrypted DOCX/XLSX/PPTX, an error (`encrypted`):
//!   what cannot be decrypted is never passed;
//! * a `Workbook` (or `Book`) stream: an Excel 97–2003 (or WPS `.et`) workbook, read by
//!   [`crate::xls`], which says `review` for the Excel 5/95 format;
//! * a `PowerPoint Document` stream: a PowerPoint 97–2003 (or WPS `.dps`) presentation, read by
//!   [`crate::ppt`];
//! * anything else (an unknown kind): not read, so `review`.
//!
//! The document properties (`\u{5}SummaryInformation`) are read for every kind.

use crate::{doc, ppt, xls, ExtractError, LimitKind, Limits};
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};
use mijian_core::{Unread, Unsupported};
use std::io::{Cursor, Read};

/// An open compound file over the file's bytes.
pub(crate) type Compound<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

/// Reads an OLE2 compound file.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    // cfb validates what it parses; a panic on a hostile file is still turned into an error.
    let opened = std::panic::catch_unwind(|| cfb::CompoundFile::open(Cursor::new(bytes)));
    let mut cf = match opened {
        Ok(Ok(cf)) => cf,
        Ok(Err(e)) => return Err(ExtractError::corrupt(crate::Defect::OleUnreadable { cause: e.to_string() })),
        Err(_) => return Err(ExtractError::corrupt(crate::Defect::ParserFailed { format: "OLE" })),
    };
    if cf.is_stream("/EncryptionInfo") && cf.is_stream("/EncryptedPackage") {
        return Err(ExtractError::encrypted(crate::Encryption::Password));
    }
    summary_information(&mut cf, limits, sink)?;
    if cf.is_stream("/WordDocument") {
        return doc::extract(&mut cf, limits, sink);
    }
    // Excel 5/95 names the stream `Book`; some producers do so for BIFF8 too. The reader tells
    // the versions apart by the first record.
    for name in ["/Workbook", "/Book"] {
        if cf.is_stream(name) {
            let stream = read_stream(&mut cf, name, limits)?;
            return xls::read_workbook(&stream, sink);
        }
    }
    if cf.is_stream("/PowerPoint Document") {
        return ppt::extract(&mut cf, limits, sink);
    }
    sink.coverage(CoverageNote::unread("(file)", Unread::UnsupportedFormat(Unsupported::UnknownOle)))?;
    Ok(())
}

/// Reads a whole stream, within the part limit.
pub(crate) fn read_stream(cf: &mut Compound<'_>, path: &str, limits: &Limits) -> Result<Vec<u8>, ExtractError> {
    let mut s = cf
        .open_stream(path)
        .map_err(|e| ExtractError::corrupt(crate::Defect::OleStream { cause: e.to_string() }).in_part(path))?;
    let mut buf = Vec::new();
    (&mut s)
        .take(limits.max_part_bytes + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ExtractError::corrupt(crate::Defect::OleStream { cause: e.to_string() }).in_part(path))?;
    if buf.len() as u64 > limits.max_part_bytes {
        return Err(ExtractError::limit(LimitKind::PartBytes, limits.max_part_bytes, buf.len()).in_part(path));
    }
    Ok(buf)
}

/// Title, subject, author, keywords and comments from the `\u{5}SummaryInformation` property set.
fn summary_information(
    cf: &mut Compound<'_>,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    const PATH: &str = "/\u{5}SummaryInformation";
    if !cf.is_stream(PATH) {
        return Ok(());
    }
    let data = read_stream(cf, PATH, limits)?;
    const PART: &str = "SummaryInformation";
    let names = [(2u32, "Title"), (3, "Subject"), (4, "Author"), (5, "Keywords"), (6, "Comments"), (8, "LastAuthor")];
    match property_strings(&data) {
        Some(props) => {
            for (id, text) in props {
                if let Some((_, name)) = names.iter().find(|(i, _)| *i == id) {
                    if !text.trim().is_empty() {
                        sink.segment(Segment::new(Location::part(PART).with_field(*name), Role::Properties, text))?;
                    }
                }
            }
            sink.coverage(CoverageNote::read(PART))?;
        }
        None => sink.coverage(CoverageNote::unread(PART, Unread::Damaged))?,
    }
    Ok(())
}

/// The string properties (VT_LPSTR in the set's code page, VT_LPWSTR) of the first section of a
/// property set stream, as (property id, text). `None` when the structure is broken.
fn property_strings(d: &[u8]) -> Option<Vec<(u32, String)>> {
    let u16_at = |o: usize| d.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |o: usize| d.get(o..o + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    if u16_at(0)? != 0xFFFE || u32_at(24)? == 0 {
        return None;
    }
    let section = u32_at(44)? as usize;
    let count = u32_at(section + 4)? as usize;
    if count > 4096 {
        return None;
    }
    let entries: Vec<(u32, usize)> = (0..count)
        .map(|i| Some((u32_at(section + 8 + i * 8)?, u32_at(section + 12 + i * 8)? as usize)))
        .collect::<Option<_>>()?;
    // The code page (property 1) decides how VT_LPSTR strings are encoded; Chinese files say 936.
    let code_page = entries.iter().find(|e| e.0 == 1).and_then(|&(_, off)| u16_at(section + off + 4)).unwrap_or(1252);
    let encoding = codepage_encoding(code_page);
    let mut out = Vec::new();
    for &(id, off) in &entries {
        let at = section + off;
        let ty = u32_at(at)?;
        let text = match ty & 0xFFFF {
            0x1E => {
                let len = u32_at(at + 4)? as usize;
                let raw = d.get(at + 8..at + 8 + len)?;
                let raw = raw.split(|&b| b == 0).next().unwrap_or(raw);
                encoding.decode_without_bom_handling(raw).0.into_owned()
            }
            0x1F => {
                let chars = u32_at(at + 4)? as usize;
                let raw = d.get(at + 8..at + 8 + chars.checked_mul(2)?)?;
                let units: Vec<u16> =
                    raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
                String::from_utf16_lossy(&units)
            }
            _ => continue,
        };
        out.push((id, text));
    }
    Some(out)
}

/// The encoding of a Windows code page, for the few that Chinese documents use.
pub(crate) fn codepage_encoding(cp: u16) -> &'static encoding_rs::Encoding {
    match cp {
        936 | 54936 => encoding_rs::GB18030,
        950 => encoding_rs::BIG5,
        932 => encoding_rs::SHIFT_JIS,
        949 => encoding_rs::EUC_KR,
        65001 => encoding_rs::UTF_8,
        1200 => encoding_rs::UTF_16LE,
        _ => encoding_rs::WINDOWS_1252,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    /// The streams of a committed fixture (tests/fixtures/ole).
    fn stream_of(fixture: &str, stream: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ole").join(fixture);
        let bytes = std::fs::read(&path).unwrap();
        let mut cf = cfb::CompoundFile::open(Cursor::new(&bytes[..])).unwrap();
        read_stream(&mut cf, stream, &Limits::default()).unwrap()
    }

    /// A version-3 compound file holding a 1000-byte `WordDocument` stream: under the 4096-byte
    /// cutoff, so it lies in the mini stream, as 16 mini sectors chained 0 → 1 → … → 15.
    fn mini_stream_file() -> Vec<u8> {
        use std::io::Write;
        let mut cf = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
        cf.create_stream("/WordDocument").unwrap().write_all(&[0x5A; 1000]).unwrap();
        cf.flush().unwrap();
        cf.into_inner().into_inner()
    }

    /// Byte offsets in a [`mini_stream_file`]: of the first mini FAT sector ([`Mini::entry`] gives
    /// entry `i`'s), of the root directory entry (whose stream is the mini stream) and of the
    /// `WordDocument` entry.
    struct Mini {
        minifat: usize,
        root: usize,
        word: usize,
    }

    impl Mini {
        fn of(ole: &[u8]) -> Mini {
            let u32_at = |at: usize| u32::from_le_bytes(ole[at..at + 4].try_into().unwrap()) as usize;
            assert_eq!(u16::from_le_bytes([ole[0x1E], ole[0x1F]]), 9, "512-byte sectors");
            let sector = |n: usize| (n + 1) * 512;
            let root = sector(u32_at(0x30));
            let name: Vec<u8> = "WordDocument".encode_utf16().flat_map(u16::to_le_bytes).collect();
            let word = (1..4).map(|i| root + i * 128).find(|&e| ole[e..e + name.len()] == name[..]).unwrap();
            assert_eq!(u32_at(word + 0x78), 1000, "the stream's length");
            Mini { minifat: sector(u32_at(0x3C)), root, word }
        }

        fn entry(&self, i: usize) -> usize {
            self.minifat + 4 * i
        }
    }

    fn put(ole: &mut [u8], at: usize, value: u32) {
        ole[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// What reading the compound file says: its error's defect and the OLE parser's words.
    fn refusal(ole: &[u8]) -> (crate::Defect, Option<String>) {
        let mut sink = mijian_core::Collected::default();
        match extract(ole, &Limits::default(), &mut sink) {
            Err(ExtractError::Corrupt { what, part, .. }) => (what, part),
            other => panic!("not a corrupt-file error: {other:?}"),
        }
    }

    fn cause(d: &crate::Defect) -> &str {
        match d {
            crate::Defect::OleUnreadable { cause } | crate::Defect::OleStream { cause } => cause,
            other => panic!("not an OLE defect: {other:?}"),
        }
    }

    /// The file as made: its stream reads back whole through the mini stream, its mini FAT is the
    /// chain 0 → … → 15, and reading it fails only later, with another defect (1000 bytes of
    /// 0x5A are no Word document). So the errors below come from the mutations alone.
    #[test]
    fn the_mini_stream_file_reads_its_stream() {
        let ole = mini_stream_file();
        let mut cf = cfb::CompoundFile::open(Cursor::new(&ole[..])).unwrap();
        assert_eq!(read_stream(&mut cf, "/WordDocument", &Limits::default()).unwrap(), [0x5A; 1000]);
        let m = Mini::of(&ole);
        let chain: Vec<u32> =
            (0..17).map(|i| u32::from_le_bytes(ole[m.entry(i)..m.entry(i) + 4].try_into().unwrap())).collect();
        let expected: Vec<u32> = (1..16).chain([0xFFFF_FFFE, 0xFFFF_FFFF]).collect();
        assert_eq!(chain, expected, "0 → 1 → … → 15, end of chain, then free");
        assert!(!matches!(refusal(&ole).0, crate::Defect::OleStream { .. } | crate::Defect::OleUnreadable { .. }));
    }

    /// A mini FAT chain that loops, back to its start or into its middle, is a `Corrupt` error
    /// naming the loop, not a hang: opening the file refuses a sector pointed to twice, reading
    /// the stream a chain that comes back to its first sector.
    #[test]
    fn mini_fat_chains_that_loop_are_corrupt() {
        let ole = mini_stream_file();
        let m = Mini::of(&ole);
        let mut ring = ole.clone();
        put(&mut ring, m.entry(15), 0);
        let (defect, part) = refusal(&ring);
        assert!(matches!(defect, crate::Defect::OleStream { .. }), "{defect:?}");
        assert_eq!(part.as_deref(), Some("/WordDocument"));
        assert!(cause(&defect).contains("Minichain contained duplicate sector id 0"), "{defect:?}");

        let mut lasso = ole.clone();
        put(&mut lasso, m.entry(15), 5);
        let (defect, _) = refusal(&lasso);
        assert!(matches!(defect, crate::Defect::OleUnreadable { .. }), "{defect:?}");
        assert!(cause(&defect).contains("mini sector 5 pointed to twice"), "{defect:?}");

        let mut itself = ole.clone();
        put(&mut itself, m.entry(7), 7);
        assert!(cause(&refusal(&itself).0).contains("pointed to twice"));

        // The mini FAT's own sectors (a chain in the FAT) coming back to the first.
        let mut fat_loop = ole.clone();
        let first_fat = (u32::from_le_bytes(ole[0x4C..0x50].try_into().unwrap()) as usize + 1) * 512;
        let minifat_sector = u32::from_le_bytes(ole[0x3C..0x40].try_into().unwrap());
        put(&mut fat_loop, first_fat + 4 * minifat_sector as usize, minifat_sector);
        assert!(cause(&refusal(&fat_loop).0).contains("duplicate sector"));
    }

    /// A mini sector outside the mini stream: where the stream starts, where the mini FAT points,
    /// or inside the mini FAT but past the sectors the mini stream's own chain holds. Each is a
    /// `Corrupt` error, never a read of other bytes of the file nor a panic.
    #[test]
    fn mini_sectors_outside_the_mini_stream_are_corrupt() {
        let ole = mini_stream_file();
        let m = Mini::of(&ole);
        let mut start = ole.clone();
        put(&mut start, m.word + 0x74, 1000);
        let (defect, part) = refusal(&start);
        assert!(matches!(defect, crate::Defect::OleStream { .. }), "{defect:?}");
        assert_eq!(part.as_deref(), Some("/WordDocument"));
        assert!(cause(&defect).contains("reference to mini sector 1000"), "{defect:?}");

        let mut next = ole.clone();
        put(&mut next, m.entry(15), 1000);
        assert!(cause(&refusal(&next).0).contains("points to 1000"));

        // The stream's last mini sector is 100 instead of 15. The mini FAT has 128 entries and
        // the root entry claims 128 mini sectors (8 KiB), but the mini stream's chain holds two
        // 512-byte sectors (16 mini sectors): mini sector 100 is in no sector of it.
        let mut past = ole.clone();
        put(&mut past, m.entry(14), 100);
        put(&mut past, m.entry(100), 0xFFFF_FFFE);
        put(&mut past, m.entry(127), 0xFFFF_FFFE);
        put(&mut past, m.root + 0x78, 128 * 64);
        let (defect, part) = refusal(&past);
        assert!(matches!(defect, crate::Defect::OleStream { .. }), "{defect:?}");
        assert_eq!(part.as_deref(), Some("/WordDocument"));
        assert!(cause(&defect).contains("invalid sector id"), "{defect:?}");
    }

    /// The mini stream cutoff must be 4096 (MS-CFB 2.2): any other, absurd or only odd, is a
    /// `Corrupt` file, refused when it is opened.
    #[test]
    fn an_absurd_mini_stream_cutoff_is_corrupt() {
        let ole = mini_stream_file();
        for cutoff in [0, 1, 64, 4095, 4097, 0x8000_0000, u32::MAX] {
            let mut odd = ole.clone();
            put(&mut odd, 0x38, cutoff);
            let (defect, _) = refusal(&odd);
            assert!(matches!(defect, crate::Defect::OleUnreadable { .. }), "{cutoff}: {defect:?}");
            assert!(cause(&defect).contains("Incorrect mini stream cutoff"), "{cutoff}: {defect:?}");
        }
    }

    /// A fuzzing smoke test that runs with the unit tests: damaged copies of the real streams
    /// (bytes overwritten, records cut) give text or an error, never a panic.
    #[test]
    fn damaged_workbooks_and_presentations_never_panic() {
        let workbook = stream_of("marked.xls", "/Workbook");
        let slides = stream_of("marked.ppt", "/PowerPoint Document");
        let user = stream_of("marked.ppt", "/Current User");
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..400 {
            for original in [&workbook, &slides] {
                let mut data = original.clone();
                for _ in 0..1 + round % 8 {
                    let at = next() as usize % data.len();
                    data[at] = next() as u8;
                }
                if round % 5 == 0 {
                    data.truncate(next() as usize % data.len());
                }
                let mut sink = Collected::default();
                let _ = if std::ptr::eq(original, &workbook) {
                    crate::xls::read_workbook(&data, &mut sink)
                } else {
                    crate::ppt::read_presentation(&data, &user, &Limits::default(), &mut sink)
                };
            }
        }
    }
}
