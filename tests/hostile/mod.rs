//! Builders of hostile files for the adversarial tests: compression bombs, ZIPs whose entries
//! share their data, PDFs with cycles and floods of operators, OLE files with broken chains. The
//! PDF writer ([`pdf`], [`obj`], [`stream`]) also serves the tests that build PDFs object by object.
//!
//! Everything is generated in memory by the tests, so each fixture shows in a few lines the
//! one trick it plays. ZIPs are written by hand ([`raw_zip`]) rather than with the zip crate:
//! a hostile archive needs what a correct writer refuses to produce (entries sharing one
//! compressed stream, deflate data made once and reused sixteen times).
#![allow(dead_code)]

use std::io::Write;

/// CRC-32 (IEEE), as ZIP stores it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut h = flate2::Crc::new();
    h.update(data);
    h.sum()
}

/// Raw deflate of `data` (no zlib header), best compression.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A raw deflate stream inflating to `mib` MiB of zeros, made from one compressed MiB repeated:
/// a fully flushed block is self-contained and byte-aligned, so copies can follow each other,
/// and a final empty block (`03 00`) ends the stream. About 1 KB per MiB (ratio ~1000:1).
pub fn deflated_zeros(mib: usize) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut block = Vec::with_capacity(4096);
    c.compress_vec(&zeros, &mut block, flate2::FlushCompress::Full).unwrap();
    assert_eq!(c.total_in(), 1 << 20, "the whole MiB went into one flushed block");
    let mut out = Vec::with_capacity(block.len() * mib + 2);
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

/// CRC-32 of `len` zero bytes.
pub fn crc32_of_zeros(len: usize) -> u32 {
    let chunk = vec![0u8; 1 << 20];
    let mut h = flate2::Crc::new();
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len());
        h.update(&chunk[..n]);
        left -= n;
    }
    h.sum()
}

/// One entry of a hand-written ZIP.
#[derive(Clone)]
pub struct RawEntry {
    pub name: String,
    /// The stored bytes (deflated when `deflated`).
    pub data: std::rc::Rc<Vec<u8>>,
    pub deflated: bool,
    pub crc: u32,
    /// The size the entry declares once decompressed.
    pub size: u64,
    /// Write no local header or data of its own: point at the local header of entry `n`
    /// (entries sharing their compressed data, a 'overlapping' ZIP bomb).
    pub same_data_as: Option<usize>,
}

impl RawEntry {
    /// An entry storing `data` deflated.
    pub fn deflated(name: &str, data: &[u8]) -> RawEntry {
        RawEntry {
            name: name.into(),
            data: std::rc::Rc::new(deflate(data)),
            deflated: true,
            crc: crc32(data),
            size: data.len() as u64,
            same_data_as: None,
        }
    }
}

/// Writes a ZIP archive (local headers, data, central directory, end record) of `entries`.
/// Sizes must fit in 32 bits (no ZIP64).
pub fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets = Vec::with_capacity(entries.len());
    for e in entries {
        if let Some(n) = e.same_data_as {
            offsets.push(offsets[n]);
            continue;
        }
        offsets.push(out.len() as u32);
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&(if e.deflated { 8u16 } else { 0 }).to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date (1980-01-01)
        out.extend_from_slice(&e.crc.to_le_bytes());
        out.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(e.size as u32).to_le_bytes());
        out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
    }
    let cd = out.len() as u32;
    for (e, off) in entries.iter().zip(&offsets) {
        let src = e.same_data_as.map_or(e, |n| &entries[n]);
        out.extend_from_slice(b"PK\x01\x02");
        out.extend_from_slice(&20u16.to_le_bytes()); // made by
        out.extend_from_slice(&20u16.to_le_bytes()); // needed
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&(if src.deflated { 8u16 } else { 0 }).to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]);
        out.extend_from_slice(&src.crc.to_le_bytes());
        out.extend_from_slice(&(src.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(src.size as u32).to_le_bytes());
        out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attributes
        out.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        out.extend_from_slice(&off.to_le_bytes());
        out.extend_from_slice(e.name.as_bytes());
    }
    let cd_len = out.len() as u32 - cd;
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&cd_len.to_le_bytes());
    out.extend_from_slice(&cd.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// 42.zip's shape: `levels` ZIPs nested in each other, `fan_out` members per level, each leaf
/// holding `mib` MiB of zeros. Every level stores one deflated copy per member of the level
/// below, so the file stays small (≈16 KB for 4 levels of 16) while it expands to
/// `fan_out^levels × mib` MiB (64 GiB for 4 × 16 × 1 MiB).
pub fn nested_zip_bomb(levels: u32, fan_out: usize, mib: usize) -> Vec<u8> {
    let zeros = std::rc::Rc::new(deflated_zeros(mib));
    let crc = crc32_of_zeros(mib << 20);
    let leaf: Vec<RawEntry> = (0..fan_out)
        .map(|i| RawEntry {
            name: format!("{i}.txt"),
            data: zeros.clone(),
            deflated: true,
            crc,
            size: (mib << 20) as u64,
            same_data_as: None,
        })
        .collect();
    let mut level = raw_zip(&leaf);
    for _ in 1..levels {
        let one = RawEntry::deflated("x", &level);
        let entries: Vec<RawEntry> =
            (0..fan_out).map(|i| RawEntry { name: format!("{i}.zip"), ..one.clone() }).collect();
        level = raw_zip(&entries);
    }
    level
}

/// A gzip member (RFC 1952, no stored name) around the raw deflate stream `deflated`, whose
/// trailer declares `crc` and `size`: lets a test wrap [`deflated_zeros`] without inflating it.
pub fn gzip_around(deflated: &[u8], crc: u32, size: u64) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend_from_slice(deflated);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out
}

/// `data` as an xz stream (LZMA2, preset 6).
pub fn xz(data: &[u8]) -> Vec<u8> {
    let mut w = lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(6)).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap()
}

/// A 7z archive (LZMA2) of one file `name` holding `data`.
pub fn sevenz_of(name: &str, data: &[u8]) -> Vec<u8> {
    let mut w = sevenz_rust2::ArchiveWriter::new(std::io::Cursor::new(Vec::new())).unwrap();
    w.push_archive_entry(sevenz_rust2::ArchiveEntry::new_file(name), Some(data)).unwrap();
    w.finish().unwrap().into_inner()
}

/// A PDF whose objects are `objects` (numbered from 1; object 1 is the catalog), with a correct
/// cross-reference table and `trailer_extra` in the trailer.
pub fn pdf(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

pub fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A font any PDF reader decodes: Helvetica with WinAnsi (Latin text only).
pub const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// A PDF of `pages` A4 pages that all draw content stream `content` (one shared object) with
/// font /F1 = Helvetica. Objects: 1 catalog, 2 page tree, 3 font, 4 content, 5.. pages.
pub fn pdf_pages(pages: usize, content: &[u8], page_extra: &str) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 5 + i)).collect();
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj(&format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" "))),
        obj(HELVETICA),
        stream("", content),
    ];
    for _ in 0..pages {
        objects.push(obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> {page_extra} >> /Contents 4 0 R >>"
        )));
    }
    pdf(&objects, "")
}

/// Latin text shown at the top of the page's body (`BT … ET`), for a page's content stream.
pub fn show(text: &str) -> String {
    format!("BT /F1 12 Tf 72 600 Td ({text}) Tj ET\n")
}

/// The entries of the ZIP `bytes`, rewritten by `f(name, content)` and stored again in the same
/// order, each compressed as it was (a stored `mimetype` first stays stored).
pub fn rewrite_zip(bytes: &[u8], f: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_owned();
        let opts = zip::write::SimpleFileOptions::default().compression_method(entry.compression());
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&f(&name, content)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `xml` with `doctype` (a `<!DOCTYPE …>`) put after its XML declaration, or at its start, and
/// `reference` (an entity reference such as `&xxe;`) put in its first WordprocessingML text
/// (`<w:t …>`), or else as the first content of its root element.
pub fn with_doctype(xml: &[u8], doctype: &str, reference: &str) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    let decl_end = if text.starts_with("<?xml") { text.find("?>").unwrap() + 2 } else { 0 };
    let (decl, body) = text.split_at(decl_end);
    // The first text's start tag, or the root's, ends at the first '>' after it.
    let start = body.find("<w:t ").or_else(|| body.find("<w:t>")).unwrap_or(0);
    let root_end = start + body[start..].find('>').unwrap() + 1;
    let (root, rest) = body.split_at(root_end);
    let root_is_empty = root.ends_with("/>");
    let body = if reference.is_empty() || root_is_empty { body.to_owned() } else { format!("{root}{reference}{rest}") };
    format!("{decl}{doctype}{body}").into_bytes()
}

/// An OLE compound file (version 3, 512-byte sectors) holding a `WordDocument` stream of
/// `len` bytes (in regular sectors) and nothing else.
pub fn ole_with_word_stream(len: usize) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new())).unwrap();
    {
        let mut s = cf.create_stream("/WordDocument").unwrap();
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        s.write_all(&data).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// Where mini FAT entry `i` (of the first mini FAT sector) lies in `ole`, and where the root
/// directory entry does: its stream is the mini stream, which holds every stream under the
/// 4096-byte cutoff in 64-byte mini sectors.
pub fn ole_mini_fat_entry_and_root(ole: &[u8]) -> (impl Fn(u32) -> usize, usize) {
    let u32_at = |at: usize| u32::from_le_bytes(ole[at..at + 4].try_into().unwrap()) as usize;
    let sector_size = 1usize << u16::from_le_bytes([ole[0x1E], ole[0x1F]]);
    let minifat = (u32_at(0x3C) + 1) * sector_size;
    (move |i: u32| minifat + 4 * i as usize, (u32_at(0x30) + 1) * sector_size)
}

/// Where the FAT entry of sector `sector` of the first FAT sector lies in `ole`, and the first
/// sector of the stream named `name` (found in the first directory sector).
pub fn ole_fat_entry_and_start(ole: &[u8], name: &str) -> (impl Fn(u32) -> usize, u32) {
    let u32_at = |at: usize| u32::from_le_bytes(ole[at..at + 4].try_into().unwrap());
    let sector_size = 1usize << u16::from_le_bytes([ole[0x1E], ole[0x1F]]);
    let offset = move |sector: u32| (sector as usize + 1) * sector_size;
    let first_fat = u32_at(0x4C);
    let dir = offset(u32_at(0x30));
    let wanted: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let start = (0..sector_size / 128)
        .map(|i| dir + i * 128)
        .find(|&e| ole[e..e + wanted.len()] == wanted[..])
        .map(|e| u32_at(e + 0x74))
        .expect("the stream's directory entry");
    (move |sector: u32| offset(first_fat) + 4 * sector as usize, start)
}
