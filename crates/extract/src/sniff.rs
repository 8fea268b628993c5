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
    /// Plain text in UTF-8, UTF-16 with a BOM, GB18030/GBK or Big5 (Markdown included: it is text).
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
    /// OpenDocument text (ODT, OTT, and flat FODT).
    Odt,
    /// OpenDocument spreadsheet (ODS, OTS, FODS).
    Ods,
    /// OpenDocument presentation or drawing (ODP, OTP, FODP, ODG).
    Odp,
    /// EPUB e-book.
    Epub,
    /// An e-mail message (RFC 5322 / MIME).
    Eml,
    /// A web archive (MHT/MHTML: a MIME `multipart/related` page).
    Mht,
    /// JSON (also JSON Lines).
    Json,
    /// CSV or TSV.
    Csv,
    /// An XML document other than the formats above.
    Xml,
    /// An SVG picture.
    Svg,
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
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Odp => "odp",
            Format::Epub => "epub",
            Format::Eml => "eml",
            Format::Mht => "mht",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xml => "xml",
            Format::Svg => "svg",
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
        return sniff_text(bytes);
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

/// Tells the formats written as text apart: XML by its root element (SVG, XHTML, flat
/// OpenDocument, other XML), HTML, e-mail and web archives by their header block, JSON, CSV/TSV.
/// Each test is strict enough that a text file merely resembling one (`[1] 参考文献`, a line
/// with a colon) stays text.
fn sniff_text(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if let Some((root, tag)) = xml_root(head) {
        let local = root.rsplit(':').next().unwrap_or_default();
        let declared = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).trim_ascii_start().starts_with(b"<?xml");
        match local {
            "svg" => return Format::Svg,
            "html" => return Format::Html,
            "document" if root.contains(':') && memchr::memmem::find(tag, b"opendocument").is_some() => {
                return odf_kind(tag);
            }
            _ if declared || memchr::memmem::find(tag, b"xmlns").is_some() => return Format::Xml,
            _ => {}
        }
    }
    // The decoded head, cut at a line end so that no character is split.
    let cut =
        if head.len() < bytes.len() { memchr::memrchr(b'\n', head).map_or(head.len(), |i| i + 1) } else { head.len() };
    let decoded = crate::text::decode(&head[..cut]);
    // Before HTML: a web archive holds a page, whose tags are near its start.
    if let Some(archive) = crate::mail::looks_like_mail(&decoded.text) {
        return if archive { Format::Mht } else { Format::Eml };
    }
    if looks_like_html(bytes) {
        return Format::Html;
    }
    if crate::json::looks_like_json(&decoded.text) {
        return Format::Json;
    }
    if crate::csv::looks_like_csv(&decoded.text) {
        return Format::Csv;
    }
    Format::Text
}

/// The qualified name of the root element of an XML text and its start tag, skipping a BOM, the
/// XML declaration, processing instructions, comments and a doctype (ASCII-compatible encodings).
fn xml_root(head: &[u8]) -> Option<(String, &[u8])> {
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        if rest.starts_with(b"<?") {
            rest = &rest[memchr::memmem::find(rest, b"?>")? + 2..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[memchr::memmem::find(rest, b"-->")? + 3..];
        } else if rest.starts_with(b"<!") {
            // A doctype, with or without an internal subset.
            let end = match (memchr::memchr(b'[', rest), memchr::memchr(b'>', rest)) {
                (Some(open), Some(close)) if open < close => memchr::memmem::find(rest, b"]>")? + 2,
                (_, Some(close)) => close + 1,
                _ => return None,
            };
            rest = &rest[end..];
        } else {
            break;
        }
    }
    let tag = rest.strip_prefix(b"<")?;
    let len = tag.iter().position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.')))?;
    if len == 0 || !tag[0].is_ascii_alphabetic() {
        return None;
    }
    let end = memchr::memchr(b'>', tag).unwrap_or(tag.len());
    Some((String::from_utf8_lossy(&tag[..len]).into_owned(), &tag[..end]))
}

/// The OpenDocument kind named by a media type (`application/vnd.oasis.opendocument.text`…).
fn odf_kind(media_type: &[u8]) -> Format {
    let has = |m: &[u8]| memchr::memmem::find(media_type, m).is_some();
    if has(b"opendocument.spreadsheet") {
        Format::Ods
    } else if has(b"opendocument.presentation") || has(b"opendocument.graphics") {
        Format::Odp
    } else {
        Format::Odt
    }
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
    } else if let Some(format) = sniff_zip_by_media_type(bytes, &names) {
        format
    } else {
        Format::Zip
    }
}

/// OpenDocument and EPUB packages say what they are in a `mimetype` entry (stored first, but a
/// repacked file may have it anywhere); without one, an OpenDocument package still has a
/// manifest naming the root's media type, and an EPUB a container pointing at an `.opf`.
fn sniff_zip_by_media_type(bytes: &[u8], names: &[String]) -> Option<Format> {
    let limits = crate::Limits { max_part_bytes: 4 << 20, ..crate::Limits::default() };
    let mut archive = zipread::Archive::open(bytes, &limits).ok()?;
    let has = |name: &str| names.iter().any(|n| n == name);
    let media_type = if archive.find("mimetype").is_some() {
        archive.read("mimetype").ok()?
    } else if has("META-INF/manifest.xml") && has("content.xml") {
        // The package's own entry (`full-path="/"`), not those of embedded objects.
        let manifest = archive.read("META-INF/manifest.xml").ok()?;
        let at = memchr::memmem::find(&manifest, b"full-path=\"/\"")?;
        let start = memchr::memrchr(b'<', &manifest[..at]).unwrap_or(0);
        let end = memchr::memchr(b'>', &manifest[at..]).map_or(manifest.len(), |e| at + e);
        manifest[start..end].to_vec()
    } else if has("META-INF/container.xml") && names.iter().any(|n| n.to_ascii_lowercase().ends_with(".opf")) {
        return Some(Format::Epub);
    } else {
        return None;
    };
    if memchr::memmem::find(&media_type, b"application/epub+zip").is_some() {
        Some(Format::Epub)
    } else if memchr::memmem::find(&media_type, b"opendocument.").is_some() {
        Some(odf_kind(&media_type))
    } else {
        None
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
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><note>x</note>"), Format::Xml);
    }

    #[test]
    fn sniffs_text_formats() {
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<!-- x --><!DOCTYPE svg [<!ENTITY a \"b\">]><svg/>"), Format::Svg);
        assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><text>x</text></svg>"), Format::Svg);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></html>"),
            Format::Html
        );
        let flat = b"<?xml version=\"1.0\"?><office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">";
        assert_eq!(sniff(flat), Format::Ods);
        assert_eq!(sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title></feed>"), Format::Xml);
        assert_eq!(sniff("<注意>这不是XML".as_bytes()), Format::Text);
        assert_eq!(sniff(br#"{"title": "\u673a\u5bc6"}"#), Format::Json);
        assert_eq!(sniff("[1] 张三. 论文.\n[2] 李四.".as_bytes()), Format::Text);
        assert_eq!(sniff("a,b,c\n1,2,3\n4,5,6\n".as_bytes()), Format::Csv);
        assert_eq!(sniff("# 标题\n\n正文，机密★1年。\n".as_bytes()), Format::Text);
        let mail = "From: a@b.cn\r\nTo: c@d.cn\r\nSubject: =?GB2312?B?u+G56Q==?=\r\n\r\nbody";
        assert_eq!(sniff(mail.as_bytes()), Format::Eml);
        let mht = "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\"; boundary=\"x\"\r\n\r\n";
        assert_eq!(sniff(mht.as_bytes()), Format::Mht);
        assert_eq!(sniff("备注: 内部\n说明: 无\n\n正文".as_bytes()), Format::Text);
    }
}
