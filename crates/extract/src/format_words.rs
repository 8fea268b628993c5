//! What people call each format, in Chinese and English: the words reports show beside the
//! stable id (`docx` → `Word 文档（DOCX）`).

use crate::Format;
use mijian_core::Lang;

/// Every format, to find one by its id.
const ALL: [Format; 32] = [
    Format::Empty,
    Format::Text,
    Format::Html,
    Format::Docx,
    Format::Xlsx,
    Format::Pptx,
    Format::Ofd,
    Format::Zip,
    Format::Pdf,
    Format::Ole,
    Format::Rtf,
    Format::Image,
    Format::Tar,
    Format::Gzip,
    Format::Bzip2,
    Format::Xz,
    Format::Zstd,
    Format::SevenZ,
    Format::Rar,
    Format::Xlsb,
    Format::Binary,
    Format::Odt,
    Format::Ods,
    Format::Odp,
    Format::Epub,
    Format::Eml,
    Format::Mht,
    Format::Json,
    Format::Csv,
    Format::Xml,
    Format::Svg,
    Format::Media,
];

impl Format {
    /// The format whose stable id ([`Format::id`]) is `id`, as a report carries it.
    ///
    /// ```
    /// use mijian_extract::Format;
    /// assert_eq!(Format::from_id("docx"), Some(Format::Docx));
    /// assert_eq!(Format::from_id("image"), Some(Format::Image));
    /// assert_eq!(Format::from_id("unknown"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Format> {
        ALL.into_iter().find(|f| f.id() == id)
    }

    /// What people call the format, in `lang`; in English, [`Format::name`].
    ///
    /// ```
    /// use mijian_core::Lang;
    /// use mijian_extract::Format;
    /// assert_eq!(Format::Docx.text(Lang::Zh), "Word 文档（DOCX）");
    /// assert_eq!(Format::Binary.text(Lang::En), "binary (not text, not a known format)");
    /// ```
    pub fn text(self, lang: Lang) -> &'static str {
        if lang == Lang::En {
            return self.name();
        }
        match self {
            Format::Empty => "空文件",
            Format::Text => "纯文本",
            Format::Html => "网页（HTML）",
            Format::Docx => "Word 文档（DOCX）",
            Format::Xlsx => "Excel 工作簿（XLSX）",
            Format::Pptx => "PowerPoint 演示文稿（PPTX）",
            Format::Ofd => "OFD 版式文档",
            Format::Zip => "ZIP 压缩包",
            Format::Pdf => "PDF 文档",
            Format::Ole => "OLE 复合文档（旧版 Office：DOC、XLS、PPT、WPS）",
            Format::Rtf => "RTF 文档",
            Format::Image => "图片（文字须经 OCR 识别）",
            Format::Tar => "tar 归档",
            Format::Gzip => "gzip 压缩文件",
            Format::Bzip2 => "bzip2 压缩文件",
            Format::Xz => "xz 压缩文件",
            Format::Zstd => "Zstandard 压缩文件",
            Format::SevenZ => "7z 压缩包",
            Format::Rar => "RAR 压缩包",
            Format::Xlsb => "Excel 二进制工作簿（XLSB）",
            Format::Binary => "二进制数据（不是文字，也不是已知格式）",
            Format::Odt => "OpenDocument 文本（ODT）",
            Format::Ods => "OpenDocument 电子表格（ODS）",
            Format::Odp => "OpenDocument 演示文稿或图形（ODP、ODG）",
            Format::Epub => "EPUB 电子书",
            Format::Eml => "电子邮件（EML）",
            Format::Mht => "网页存档（MHT）",
            Format::Json => "JSON 数据",
            Format::Csv => "CSV 表格",
            Format::Xml => "XML 文档",
            Format::Svg => "SVG 图形",
            Format::Media => "音视频文件（读取其属性）",
        }
    }
}

/// The words for a report's format id in `lang`: a report that never read its file has the id
/// `unknown`.
pub fn format_text(id: &str, lang: Lang) -> &'static str {
    match Format::from_id(id) {
        Some(f) => f.text(lang),
        None => lang.pick("未读取", "not read"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_its_id_and_has_chinese_words() {
        let ids: std::collections::HashSet<_> = ALL.iter().map(|f| f.id()).collect();
        assert_eq!(ids.len(), ALL.len(), "each format once");
        for f in ALL {
            assert_eq!(Format::from_id(f.id()), Some(f));
            let zh = f.text(Lang::Zh);
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {zh}", f.id());
            assert_eq!(f.text(Lang::En), f.name());
        }
        assert_eq!(format_text("unknown", Lang::Zh), "未读取");
        assert_eq!(format_text("unknown", Lang::En), "not read");
    }
}
