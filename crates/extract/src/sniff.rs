//! Telling the format of a file from its bytes.
//!
//! A file's name says what its sender wants us to think it is; its bytes say what it is. A DOCX
//! renamed `.txt` is a DOCX, a PDF renamed `.docx` is a PDF.

use crate::zipread;

/// The formats mijian knows about, read or not yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Nothing in the file.
    Empty,
    /// Plain text in UTF-8, UTF-16 with a BOM, GB18030/GBK or Big5 (XML included, read as text).
    Text,
    /// An HTML page (told by `<!DOCTYPE html`, `<html`, `<head`, `<body` or `<meta` near its start).
    Html,
    /// Word 2007+ document (also WPS .wps saved as OOXML).
    Docx,
    /// Excel 2007+ workbook.
    Xlsx,
    /// PowerPoint 2007+ presentation.
    Pptx,
    /// OFD, GB/T 33190 fixed-layout document.
    Ofd,
    /// Any other ZIP archive.
    Zip,
    /// PDF.
    Pdf,
    /// OLE2 compound file: legacy DOC, XLS, PPT, WPS, or an encrypted OOXML file.
    Ole,
    /// RTF.
    Rtf,
    /// A picture (PNG, JPEG, GIF, TIFF, BMP, WebP): needs OCR.
    Image,
    /// Other compressed archives (7z, RAR, gzip, bzip2, xz).
    OtherArchive,
    /// Bytes that are not text and not a known format.
    Binary,
}

impl Format {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Empty => "empty",
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Ofd => "ofd",
            Format::Zip => "zip",
            Format::Pdf => "pdf",
            Format::Ole => "ole",
            Format::Rtf => "rtf",
            Format::Image => "image (needs OCR)",
            Format::OtherArchive => "compressed archive (7z/rar/gz/bz2/xz)",
            Format::Binary => "binary (not text, not a known format)",
        }
    }
}

/// Decides the format of `bytes`.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Empty;
    }
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    // PDF headers may be preceded by junk; readers accept %PDF within the first KiB.
    if memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Ole;
    }
    if starts(b"{\\rtf") {
        return Format::Rtf;
    }
    if starts(b"\x89PNG")
        || starts(&[0xFF, 0xD8, 0xFF])
        || starts(b"GIF8")
        || starts(b"II*\0")
        || starts(b"MM\0*")
        || (starts(b"BM") && bytes.len() > 26 && looks_like_bmp(bytes))
        || (starts(b"RIFF") && bytes.len() > 12 && &bytes[8..12] == b"WEBP")
    {
        return Format::Image;
    }
    if starts(b"7z\xBC\xAF\x27\x1C")
        || starts(b"Rar!")
        || starts(&[0x1F, 0x8B])
        || starts(b"BZh")
        || starts(&[0xFD, b'7', b'z', b'X', b'Z', 0])
    {
        return Format::OtherArchive;
    }
    if looks_like_text(bytes) {
        return if looks_like_html(bytes) { Format::Html } else { Format::Text };
    }
    Format::Binary
}

fn looks_like_bmp(bytes: &[u8]) -> bool {
    let size = u32::from_le_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]) as usize;
    size == bytes.len()
}

/// Text has a BOM, or has no NUL bytes and few control characters in its first 64 KiB.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if memchr::memchr(0, head).is_some() {
        return false;
    }
    let controls =
        head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A | 0x1B)).count();
    controls * 100 <= head.len()
}

/// An HTML page opens, within its first KiB, with a doctype or one of the elements of a page's
/// frame (ASCII-compatible encodings only; UTF-16 HTML is read as text).
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes[..bytes.len().min(1024)].to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<meta "]
        .iter()
        .any(|m| memchr::memmem::find(&head, m).is_some())
}

/// Tells the OOXML and OFD packages apart from other ZIP archives by their entry names.
fn sniff_zip(bytes: &[u8]) -> Format {
    let Ok(names) = zipread::entry_names(bytes) else {
        // A broken ZIP is still a ZIP: the reader will report what is broken.
        return Format::Zip;
    };
    let has = |n: &str| names.iter().any(|x| x == n);
    let has_prefix = |p: &str| names.iter().any(|x| x.starts_with(p));
    if has("word/document.xml") || (has("[Content_Types].xml") && has_prefix("word/")) {
        Format::Docx
    } else if has_prefix("xl/") && has("[Content_Types].xml") {
        Format::Xlsx
    } else if has_prefix("ppt/") && has("[Content_Types].xml") {
        Format::Pptx
    } else if has("OFD.xml") {
        Format::Ofd
    } else {
        Format::Zip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b""), Format::Empty);
        assert_eq!(sniff("机密★1年".as_bytes()), Format::Text);
        assert_eq!(sniff(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), Format::Ole);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Format::Image);
        assert_eq!(sniff(&[0xFF, 0xFE, b'a', 0]), Format::Text);
        assert_eq!(sniff(b"\0\x01\x02\x03binary"), Format::Binary);
        let (gbk, _, _) = encoding_rs::GBK.encode("机密★1年 国办发〔2012〕12号");
        assert_eq!(sniff(&gbk), Format::Text);
        assert_eq!(sniff(b"\xEF\xBB\xBF <!DOCTYPE HTML><p>x"), Format::Html);
        assert_eq!(sniff(b"<html><head><meta charset=gbk>"), Format::Html);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><note>x</note>"), Format::Text);
    }
}
