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
    /// A picture (PNG, JPEG, GIF, TIFF, BMP, WebP): read by OCR; a metafile (EMF, WMF): the text
    /// it draws read as characters.
    Image,
    /// A tar archive (ustar, GNU or pax; an old v7 header is told by its checksum).
    Tar,
    /// A gzip stream (`.gz`, `.tgz`).
    Gzip,
    /// A bzip2 stream (`.bz2`, `.tbz2`).
    Bzip2,
    /// An xz stream (`.xz`, `.txz`).
    Xz,
    /// A Zstandard stream (`.zst`).
    Zstd,
    /// A 7-Zip archive.
    SevenZ,
    /// A RAR archive: no free library reads it.
    Rar,
    /// An Excel binary workbook (XLSB): a ZIP whose parts are BIFF12 records, not XML.
    Xlsb,
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
    /// An audio or video file (MP3, MP4/M4A/MOV, FLAC, Ogg, WAV, AVI): its properties are read,
    /// what it plays is not.
    Media,
}

impl Format {
    /// Whether files of this format are ZIP packages (their flat-XML variants aside): their
    /// reader reads the archive that starts at byte 0.
    pub fn is_zip_package(self) -> bool {
        matches!(
            self,
            Format::Docx
                | Format::Xlsx
                | Format::Pptx
                | Format::Ofd
                | Format::Zip
                | Format::Odt
                | Format::Ods
                | Format::Odp
                | Format::Epub
                | Format::Xlsb
        )
    }

    /// The stable id of the format in reports (the JSON `format` field): a lowercase word that
    /// never changes with how mijian reads the format (`image`, whether or not OCR is on).
    pub fn id(self) -> &'static str {
        match self {
            Format::Image => "image",
            Format::Binary => "binary",
            Format::Media => "media",
            other => other.name(),
        }
    }

    /// A short description for people (`image (needs OCR)`); for most formats, its id. Reports
    /// carry it beside [`Format::id`]; programs should match on the id.
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
            Format::Image => "image (its text read by OCR)",
            Format::Tar => "tar",
            Format::Gzip => "gzip",
            Format::Bzip2 => "bzip2",
            Format::Xz => "xz",
            Format::Zstd => "zstd",
            Format::SevenZ => "7z",
            Format::Rar => "rar",
            Format::Xlsb => "xlsb",
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
            Format::Media => "audio/video (its properties read)",
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
    // Before the PDF test: a tar whose first member is a PDF has `%PDF-` at byte 512.
    if crate::tarball::looks_like_tar(bytes) {
        return Format::Tar;
    }
    // PDF headers may be preceded by junk; readers accept %PDF within the first KiB.
    if memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Ole;
    }
    if looks_like_rtf(bytes) {
        return Format::Rtf;
    }
    if starts(b"\x89PNG")
        || starts(&[0xFF, 0xD8, 0xFF])
        || starts(b"GIF8")
        || starts(b"II*\0")
        || starts(b"MM\0*")
        || (starts(b"BM") && bytes.len() > 26 && looks_like_bmp(bytes))
        || (starts(b"RIFF") && bytes.len() > 12 && &bytes[8..12] == b"WEBP")
        || crate::metafile::is_metafile(bytes)
    {
        return Format::Image;
    }
    if crate::media_meta::is_media(bytes) {
        return Format::Media;
    }
    if let Some(format) = sniff_compressed(bytes) {
        return format;
    }
    if looks_like_text(bytes) {
        return sniff_text(bytes);
    }
    if crate::media_meta::is_bare_mp3(bytes) {
        return Format::Media;
    }
    Format::Binary
}

/// Archives and compressed streams, told by their magic numbers (a tar by its header).
fn sniff_compressed(bytes: &[u8]) -> Option<Format> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    Some(if starts(b"7z\xBC\xAF\x27\x1C") {
        Format::SevenZ
    } else if starts(b"Rar!\x1A\x07") {
        Format::Rar
    } else if starts(&[0x1F, 0x8B]) {
        Format::Gzip
    } else if starts(b"BZh") && bytes.len() > 3 && (b'1'..=b'9').contains(&bytes[3]) {
        Format::Bzip2
    } else if starts(&[0xFD, b'7', b'z', b'X', b'Z', 0]) {
        Format::Xz
    } else if starts(&[0x28, 0xB5, 0x2F, 0xFD]) {
        Format::Zstd
    } else {
        return None;
    })
}

/// RTF opens with `{\\rtf`; some writers put a UTF-8 BOM or blank lines before it.
fn looks_like_rtf(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().take(1024).position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    bytes[start..].starts_with(b"{\\rtf")
}

fn looks_like_bmp(bytes: &[u8]) -> bool {
    let size = u32::from_le_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]) as usize;
    size == bytes.len()
}

/// Text has a BOM, or has no NUL bytes and few control characters in its first 64 KiB, or is
/// UTF-16 without a BOM (see [`crate::text::utf16_without_bom`]).
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if memchr::memchr(0, head).is_some() {
        return crate::text::utf16_without_bom(head).is_some();
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
    // Before HTML: a CMS's JSON or CSV export holds its articles' HTML in strings and cells,
    // which those readers read as pages too (a CSV's quotes are syntax, not text of a page).
    if crate::json::looks_like_json(&decoded.text) {
        return Format::Json;
    }
    if looks_like_html_page(bytes) {
        return Format::Html;
    }
    if crate::csv::looks_like_csv(&decoded.text) {
        return Format::Csv;
    }
    if is_html_fragment(&bytes[..bytes.len().min(64 * 1024)]) {
        return Format::Html;
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
pub(crate) fn looks_like_html_page(bytes: &[u8]) -> bool {
    let head = bytes[..bytes.len().min(1024)].to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<meta "]
        .iter()
        .any(|m| memchr::memmem::find(&head, m).is_some())
}

/// Elements a rich-text editor writes into a fragment (no `<html>`, no doctype).
const FRAGMENT_ELEMENTS: &[&[u8]] = &[
    b"p",
    b"div",
    b"span",
    b"br",
    b"b",
    b"i",
    b"u",
    b"s",
    b"em",
    b"strong",
    b"font",
    b"style",
    b"script",
    b"table",
    b"tr",
    b"td",
    b"th",
    b"ul",
    b"ol",
    b"li",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"a",
    b"img",
    b"iframe",
    b"section",
    b"article",
    b"center",
    b"sup",
    b"sub",
    b"ruby",
    b"rt",
    b"bdo",
    b"input",
    b"textarea",
    b"blockquote",
    b"pre",
    b"hr",
    b"title",
    b"form",
    b"label",
    b"small",
    b"big",
    b"mark",
    b"ins",
    b"del",
];

/// Whether text is an HTML fragment, as a CMS editor saves an article: tags of known elements,
/// which split words (`机<b></b>密`) for a reader that takes them as text. Two such tags are
/// enough: plain prose rarely holds even one.
fn is_html_fragment(head: &[u8]) -> bool {
    let mut tags = 0;
    for at in memchr::memchr_iter(b'<', head) {
        let rest = &head[at + 1..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let len = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let name = rest[..len].to_ascii_lowercase();
        let closes = matches!(rest.get(len), Some(b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r'));
        if closes && FRAGMENT_ELEMENTS.contains(&name.as_slice()) {
            tags += 1;
            if tags >= 2 {
                return true;
            }
        }
    }
    false
}

/// Tells the OOXML and OFD packages apart from other ZIP archives by their entry names.
fn sniff_zip(bytes: &[u8]) -> Format {
    let Ok(names) = zipread::entry_names(bytes) else {
        // A broken ZIP is still a ZIP: the reader will report what is broken.
        return Format::Zip;
    };
    let has = |n: &str| names.iter().any(|x| x == n);
    let has_prefix = |p: &str| names.iter().any(|x| x.starts_with(p));
    if let Some(format) = office_main_part(bytes) {
        return format;
    }
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

/// The content types of the main parts of Office packages, with the format each is read as.
/// Templates, macro-enabled files, slide shows and add-ins hold the same parts as their base
/// format; only this content type (and the file name, which we do not trust) tells them apart.
const MAIN_PART_TYPES: &[(&str, Format)] = &[
    ("wordprocessingml.document.main+xml", Format::Docx),
    ("wordprocessingml.template.main+xml", Format::Docx),
    ("ms-word.document.macroenabled.main+xml", Format::Docx),
    ("ms-word.template.macroenabledtemplate.main+xml", Format::Docx),
    ("spreadsheetml.sheet.main+xml", Format::Xlsx),
    ("spreadsheetml.template.main+xml", Format::Xlsx),
    ("ms-excel.sheet.macroenabled.main+xml", Format::Xlsx),
    ("ms-excel.template.macroenabled.main+xml", Format::Xlsx),
    ("ms-excel.addin.macroenabled.main+xml", Format::Xlsx),
    ("ms-excel.sheet.binary.macroenabled.main", Format::Xlsb),
    ("presentationml.presentation.main+xml", Format::Pptx),
    ("presentationml.slideshow.main+xml", Format::Pptx),
    ("presentationml.template.main+xml", Format::Pptx),
    ("ms-powerpoint.presentation.macroenabled.main+xml", Format::Pptx),
    ("ms-powerpoint.slideshow.macroenabled.main+xml", Format::Pptx),
    ("ms-powerpoint.template.macroenabled.main+xml", Format::Pptx),
    ("ms-powerpoint.addin.macroenabled.main+xml", Format::Pptx),
];

/// The format an Office package declares for its main part in `[Content_Types].xml` (DOTX,
/// DOCM, XLSM, XLSB, PPSX…), if it declares one we know.
fn office_main_part(bytes: &[u8]) -> Option<Format> {
    // Sniffing must stay cheap: a content-types part is a few KiB, refuse to inflate more.
    let limits = crate::Limits { max_entries: usize::MAX, max_part_bytes: 1 << 20, ..crate::Limits::default() };
    let mut archive = zipread::Archive::open(bytes, &limits).ok()?;
    let types = archive.read("[Content_Types].xml").ok()?;
    // MIME types are case-insensitive; the names above are distinctive enough to find as text.
    let types = String::from_utf8_lossy(&types).to_ascii_lowercase();
    let declares = |name: &str| {
        let needle = format!(".{name}");
        types
            .match_indices(&needle)
            .any(|(at, _)| matches!(types.as_bytes().get(at + needle.len()), Some(b'"' | b'\'')))
    };
    MAIN_PART_TYPES.iter().find(|(name, _)| declares(name)).map(|(_, f)| *f)
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
    fn format_ids_are_single_lowercase_words_apart_from_the_descriptions() {
        assert_eq!(Format::Image.id(), "image");
        assert_eq!(Format::Image.name(), "image (its text read by OCR)");
        assert_eq!(Format::Binary.id(), "binary");
        assert_eq!(Format::Docx.id(), "docx");
        for f in [Format::Image, Format::Binary, Format::SevenZ, Format::Docx, Format::Empty, Format::Svg] {
            assert!(f.id().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()), "{f:?}");
        }
    }

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
    fn editor_fragments_are_html() {
        assert_eq!(sniff("<p>机<b></b>密★1年</p>".as_bytes()), Format::Html);
        assert_eq!(sniff("<style>.a::before{content:\"机\"}</style><span class=a></span>密".as_bytes()), Format::Html);
        assert_eq!(sniff("通知<br>机<span></span>密★1年".as_bytes()), Format::Html);
        // Prose with one angle-bracketed word, or a C include, stays text.
        assert_eq!(sniff("见<p>条款。\n".as_bytes()), Format::Text);
        assert_eq!(sniff(b"#include <stdio.h>\nint main() { return a < b; }\n"), Format::Text);
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
        // Exports holding HTML bodies are their export's format (whose reader reads the bodies
        // as pages), not HTML; a fragment that is not records is still HTML.
        assert_eq!(sniff(br#"{"content": "<p>\u673a<\/p><p>\u5bc6</p>", "html": "<html><body>"}"#), Format::Json);
        assert_eq!(sniff("id,body\n1,\"<p>a</p>\"\n2,\"<b>b</b>\"\n".as_bytes()), Format::Csv);
        assert_eq!(sniff("<p>机</p>\n<p>密</p>\n".as_bytes()), Format::Html);
        assert_eq!(sniff("[<b>1</b>] <i>x</i>".as_bytes()), Format::Html);
        assert_eq!(sniff("<html><body>a,b\nc,d\ne,f\n".as_bytes()), Format::Html);
    }

    #[test]
    fn sniffs_archives_and_rtf() {
        assert_eq!(sniff(b"7z\xBC\xAF\x27\x1C\0\x04"), Format::SevenZ);
        assert_eq!(sniff(b"Rar!\x1A\x07\x01\0"), Format::Rar);
        assert_eq!(sniff(b"\x1F\x8B\x08\0"), Format::Gzip);
        assert_eq!(sniff(b"BZh91AY&SY"), Format::Bzip2);
        assert_eq!(sniff(b"BZh is how this text starts"), Format::Text);
        assert_eq!(sniff(&[0xFD, b'7', b'z', b'X', b'Z', 0, 0, 4]), Format::Xz);
        assert_eq!(sniff(&[0x28, 0xB5, 0x2F, 0xFD, 0x24]), Format::Zstd);
        // A tar whose first member is a PDF is a tar, though `%PDF-` is within its first KiB.
        let tar = crate::testing::tar_of(&[("a.pdf", b"%PDF-1.7\n")]);
        assert_eq!(sniff(&tar), Format::Tar);
        assert_eq!(sniff(b"{\\rtf1\\ansi x}"), Format::Rtf);
        assert_eq!(sniff(b"\xEF\xBB\xBF\r\n{\\rtf1 x}"), Format::Rtf);
    }

    #[test]
    fn office_variants_are_told_by_their_main_part() {
        let package = |ct: &str, part: &str| {
            let types = format!(
                r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/{part}" ContentType="application/vnd.{ct}"/></Types>"#
            );
            crate::testing::zip(&[("[Content_Types].xml", types.as_str()), (part, "<x/>")])
        };
        let cases = [
            ("openxmlformats-officedocument.wordprocessingml.template.main+xml", "word/document.xml", Format::Docx),
            ("ms-word.document.macroEnabled.main+xml", "word/document.xml", Format::Docx),
            ("ms-word.template.macroEnabledTemplate.main+xml", "word/document.xml", Format::Docx),
            ("openxmlformats-officedocument.spreadsheetml.template.main+xml", "xl/workbook.xml", Format::Xlsx),
            ("ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml", Format::Xlsx),
            ("ms-excel.template.macroEnabled.main+xml", "xl/workbook.xml", Format::Xlsx),
            ("ms-excel.sheet.binary.macroEnabled.main", "xl/workbook.bin", Format::Xlsb),
            ("openxmlformats-officedocument.presentationml.slideshow.main+xml", "ppt/presentation.xml", Format::Pptx),
            ("openxmlformats-officedocument.presentationml.template.main+xml", "ppt/presentation.xml", Format::Pptx),
            ("ms-powerpoint.presentation.macroEnabled.main+xml", "ppt/presentation.xml", Format::Pptx),
            ("ms-powerpoint.slideshow.macroEnabled.main+xml", "ppt/presentation.xml", Format::Pptx),
            ("ms-powerpoint.template.macroEnabled.main+xml", "ppt/presentation.xml", Format::Pptx),
        ];
        for (ct, part, format) in cases {
            assert_eq!(sniff(&package(ct, part)), format, "{ct}");
        }
        // The content type decides, not the folder names: a workbook in a folder called `word/`.
        assert_eq!(sniff(&package("ms-excel.sheet.macroEnabled.main+xml", "word/book.xml")), Format::Xlsx);
        // A plain ZIP stays a ZIP.
        assert_eq!(sniff(&crate::testing::zip(&[("a.txt", "x")])), Format::Zip);
    }
}
