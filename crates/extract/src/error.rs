use mijian_core::Lang;
use thiserror::Error;

/// Why a file could not be read. Each variant names the part and, where known, the place.
#[derive(Clone, Debug, Error)]
pub enum ExtractError {
    /// The container (ZIP) structure is broken.
    #[error("corrupt archive: {0}")]
    CorruptArchive(String),
    /// An XML part is malformed.
    #[error("malformed XML in {part} at byte {position}: {message}")]
    Xml { part: String, position: u64, message: String },
    /// A part the format requires is missing.
    #[error("missing part {0}")]
    MissingPart(String),
    /// A limit of the file's budget was exceeded: `seen` went over `limit`, counted in the unit of
    /// `kind`, while reading `part` (when one part was being read), at byte `at` of it (when the
    /// reader knows the place). `seen` is what had been counted when the reader stopped, not what
    /// the whole file would have needed.
    #[error("limit exceeded: {kind} over the limit of {limit} (stopped at {seen}){}{}", in_part(part), at_byte(at))]
    LimitExceeded { kind: LimitKind, limit: u64, seen: u64, part: Option<String>, at: Option<u64> },
    /// The inspection was cancelled by whoever asked for it (a gateway scan past its deadline).
    #[error("inspection cancelled")]
    Cancelled,
    /// The text could not be decoded in any supported encoding.
    #[error("undecodable text: {0}")]
    Encoding(String),
    /// The file is encrypted and cannot be read.
    #[error("encrypted: {0}")]
    Encrypted(String),
    /// Any other structural problem.
    #[error("{0}")]
    Malformed(String),
}

impl ExtractError {
    /// A [`LimitExceeded`](ExtractError::LimitExceeded) with no part and no place: `seen` of
    /// `kind` went over `limit`. Add them with [`in_part`](Self::in_part) and [`at_byte`](Self::at_byte).
    pub fn limit(kind: LimitKind, limit: impl TryInto<u64>, seen: impl TryInto<u64>) -> Self {
        let limit = limit.try_into().unwrap_or(u64::MAX);
        let seen = seen.try_into().unwrap_or(u64::MAX);
        ExtractError::LimitExceeded { kind, limit, seen, part: None, at: None }
    }

    /// This error, if a limit error, as met while reading `name`.
    pub fn in_part(mut self, name: impl Into<String>) -> Self {
        if let ExtractError::LimitExceeded { part, .. } = &mut self {
            *part = Some(name.into());
        }
        self
    }

    /// This error, if a limit error, as met at byte `offset` (of the part, or of the file).
    pub fn at_byte(mut self, offset: impl TryInto<u64>) -> Self {
        if let ExtractError::LimitExceeded { at, .. } = &mut self {
            *at = offset.try_into().ok();
        }
        self
    }

    /// The error for people, in `lang` (English: as [`Display`](std::fmt::Display) writes it).
    /// What it carries (a part name, a parser's message) is not translated.
    pub fn text(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ExtractError::CorruptArchive(d) => format!("压缩包损坏：{d}"),
            ExtractError::Xml { part, position, message } => {
                format!("{part} 中的 XML 格式错误（第 {position} 字节）：{message}")
            }
            ExtractError::MissingPart(p) => format!("缺少必需的部件 {p}"),
            ExtractError::LimitExceeded { kind, limit, seen, part, at } => {
                let place = part.as_ref().map(|p| format!("，位于 {p}")).unwrap_or_default();
                let byte = at.map(|b| format!("，第 {b} 字节")).unwrap_or_default();
                format!("超出限制：{}超过上限 {limit}（停止时为 {seen}）{place}{byte}", kind.text(lang))
            }
            ExtractError::Cancelled => "检查已取消".into(),
            ExtractError::Encoding(d) => format!("文字无法解码：{d}"),
            ExtractError::Encrypted(d) => format!("文件已加密，无法读取：{d}"),
            ExtractError::Malformed(d) => format!("文件结构有误：{d}"),
        }
    }

    /// Whether a limit was exceeded: the file is not to be read another way (a reader that falls
    /// back to plain text on a malformed part must not on this).
    pub fn is_limit(&self) -> bool {
        matches!(self, ExtractError::LimitExceeded { .. })
    }

    /// The kind of failure, for programs (the JSON `error_kind`); the message is for people.
    pub fn kind(&self) -> mijian_core::ErrorKind {
        use mijian_core::ErrorKind;
        match self {
            ExtractError::CorruptArchive(_)
            | ExtractError::Xml { .. }
            | ExtractError::MissingPart(_)
            | ExtractError::Malformed(_) => ErrorKind::Corrupt,
            ExtractError::LimitExceeded { .. } => ErrorKind::Limit,
            ExtractError::Cancelled => ErrorKind::Cancelled,
            ExtractError::Encoding(_) => ErrorKind::Undecodable,
            ExtractError::Encrypted(_) => ErrorKind::Encrypted,
        }
    }
}

fn in_part(part: &Option<String>) -> String {
    part.as_ref().map(|p| format!(" in {p}")).unwrap_or_default()
}

fn at_byte(at: &Option<u64>) -> String {
    at.map(|b| format!(" at byte {b}")).unwrap_or_default()
}

/// Which limit of [`Limits`](crate::Limits) an [`ExtractError::LimitExceeded`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LimitKind {
    /// Size of the file ([`Limits::max_file_bytes`](crate::Limits::max_file_bytes)), in bytes.
    FileBytes,
    /// Bytes decompressed for the whole file, all nesting levels together
    /// ([`Limits::decompressed_cap`](crate::Limits::decompressed_cap)).
    DecompressedBytes,
    /// Members inspected for the whole file ([`Limits::max_members`](crate::Limits::max_members)).
    Members,
    /// Content operations run for the whole file ([`Limits::max_operations`](crate::Limits::max_operations)).
    Operations,
    /// Pages of a PDF ([`Limits::max_pdf_pages`](crate::Limits::max_pdf_pages)).
    Pages,
    /// Milliseconds spent on the file ([`Limits::time_limit`](crate::Limits::time_limit)).
    Time,
    /// Entries an archive lists ([`Limits::max_entries`](crate::Limits::max_entries)); the
    /// packed streams and folders a 7z header declares are held to the same limit.
    Entries,
    /// Bytes of one part once decompressed ([`Limits::max_part_bytes`](crate::Limits::max_part_bytes)).
    PartBytes,
    /// Decompressed bytes per compressed byte of one part, above the floor
    /// ([`Limits::max_ratio`](crate::Limits::max_ratio)).
    CompressionRatio,
    /// Levels of nesting (XML elements, RTF groups, JSON arrays and objects, PDF forms).
    NestingDepth,
    /// Characters of a document's text (a Word 97–2003 document).
    Characters,
    /// Objects a PDF declares or holds.
    PdfObjects,
    /// Content-stream operations on one PDF page.
    PageOperations,
    /// Glyphs one PDF page shows.
    PageGlyphs,
    /// End-of-central-directory signatures in one file (ZIP).
    ZipDirectories,
    /// Central-directory records in one file, all ZIP archives in it together.
    ZipRecords,
    /// Separate ZIP archives found in one file.
    ZipArchives,
    /// Bytes of an archive's header (7z).
    HeaderBytes,
    /// Coders of one 7z folder, or the inputs or outputs of one coder.
    Coders,
    /// Bytes of memory a decoder asks for (an LZMA dictionary, a PPMd model). Where the decoder
    /// does not say how much (it only reports running out), `limit` is the output allowed for
    /// the stream and `seen` what it had produced.
    DecoderMemory,
}

impl LimitKind {
    /// What the limit counts, for people in `lang`.
    pub fn text(self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                LimitKind::FileBytes => "文件大小（字节）",
                LimitKind::DecompressedBytes => "从文件解压的字节数（所有嵌套层合计）",
                LimitKind::Members => "内嵌文件和压缩包成员数（所有嵌套层合计）",
                LimitKind::Operations => "内容操作数（PDF 操作符）",
                LimitKind::Pages => "PDF 页数",
                LimitKind::Time => "检查用时（毫秒）",
                LimitKind::Entries => "压缩包列出的条目数",
                LimitKind::PartBytes => "单个部件解压后的字节数",
                LimitKind::CompressionRatio => "单个部件的压缩比",
                LimitKind::NestingDepth => "嵌套层数（XML 元素、RTF 组、JSON 数组和对象、PDF 表单）",
                LimitKind::Characters => "文档文字的字符数",
                LimitKind::PdfObjects => "PDF 对象数",
                LimitKind::PageOperations => "单页 PDF 的内容操作数",
                LimitKind::PageGlyphs => "单页 PDF 显示的字形数",
                LimitKind::ZipDirectories => "文件中的 ZIP 中央目录结束标记数",
                LimitKind::ZipRecords => "文件中的 ZIP 中央目录记录数（所有 ZIP 合计）",
                LimitKind::ZipArchives => "文件中的独立 ZIP 压缩包数",
                LimitKind::HeaderBytes => "压缩包头部的字节数（7z）",
                LimitKind::Coders => "7z 文件夹的编码器数（或一个编码器的输入、输出数）",
                LimitKind::DecoderMemory => "解码器所需内存（字节）",
            }
            .into(),
        }
    }
}

impl std::fmt::Display for LimitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LimitKind::FileBytes => "file size in bytes",
            LimitKind::DecompressedBytes => "bytes decompressed from the file (all nesting levels)",
            LimitKind::Members => "embedded files and archive members (all nesting levels)",
            LimitKind::Operations => "content operations (PDF operators)",
            LimitKind::Pages => "pages of a PDF",
            LimitKind::Time => "inspection time in milliseconds",
            LimitKind::Entries => "entries an archive lists",
            LimitKind::PartBytes => "bytes of one part once decompressed",
            LimitKind::CompressionRatio => "compression ratio of one part",
            LimitKind::NestingDepth => {
                "levels of nesting (XML elements, RTF groups, JSON arrays and objects, PDF forms)"
            }
            LimitKind::Characters => "characters of the document's text",
            LimitKind::PdfObjects => "objects of a PDF",
            LimitKind::PageOperations => "content operations on one PDF page",
            LimitKind::PageGlyphs => "glyphs one PDF page shows",
            LimitKind::ZipDirectories => "ZIP end-of-central-directory signatures in the file",
            LimitKind::ZipRecords => "ZIP central-directory records in the file (all archives)",
            LimitKind::ZipArchives => "separate ZIP archives in the file",
            LimitKind::HeaderBytes => "bytes of an archive header (7z)",
            LimitKind::Coders => "coders of one 7z folder (or inputs, outputs of one coder)",
            LimitKind::DecoderMemory => "bytes of memory a decoder asks for",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind added for the readers moved off words, rendered in both languages: the Chinese
    /// text is whole without English (no Latin letter outside the names it carries).
    #[test]
    fn new_kinds_render_in_both_languages() {
        let cases = [
            (LimitKind::Characters, "characters of the document's text", "文档文字的字符数"),
            (LimitKind::PdfObjects, "objects of a PDF", "PDF 对象数"),
            (LimitKind::PageOperations, "content operations on one PDF page", "单页 PDF 的内容操作数"),
            (LimitKind::PageGlyphs, "glyphs one PDF page shows", "单页 PDF 显示的字形数"),
            (
                LimitKind::ZipDirectories,
                "ZIP end-of-central-directory signatures in the file",
                "文件中的 ZIP 中央目录结束标记数",
            ),
            (
                LimitKind::ZipRecords,
                "ZIP central-directory records in the file (all archives)",
                "文件中的 ZIP 中央目录记录数（所有 ZIP 合计）",
            ),
            (LimitKind::ZipArchives, "separate ZIP archives in the file", "文件中的独立 ZIP 压缩包数"),
            (LimitKind::HeaderBytes, "bytes of an archive header (7z)", "压缩包头部的字节数（7z）"),
            (
                LimitKind::Coders,
                "coders of one 7z folder (or inputs, outputs of one coder)",
                "7z 文件夹的编码器数（或一个编码器的输入、输出数）",
            ),
            (LimitKind::DecoderMemory, "bytes of memory a decoder asks for", "解码器所需内存（字节）"),
            (
                LimitKind::NestingDepth,
                "levels of nesting (XML elements, RTF groups, JSON arrays and objects, PDF forms)",
                "嵌套层数（XML 元素、RTF 组、JSON 数组和对象、PDF 表单）",
            ),
        ];
        for (kind, en, zh) in cases {
            let err = ExtractError::limit(kind, 10u64, 11u64);
            assert_eq!(err.text(Lang::En), format!("limit exceeded: {en} over the limit of 10 (stopped at 11)"));
            assert_eq!(err.text(Lang::Zh), format!("超出限制：{zh}超过上限 10（停止时为 11）"));
            let words: String = zh.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            assert!(
                ["", "PDF", "ZIPZIP", "ZIP", "z", "XMLRTFJSONPDF"].contains(&words.as_str()),
                "{kind:?}: only format names in Latin letters, not {words}"
            );
            assert!(err.is_limit());
            assert_eq!(err.kind(), mijian_core::ErrorKind::Limit);
        }
    }

    /// The part and the byte place are typed fields, rendered in the reader's language.
    #[test]
    fn part_and_place_render_in_both_languages() {
        let err = ExtractError::limit(LimitKind::NestingDepth, 64usize, 65usize).at_byte(1234usize);
        assert!(matches!(err, ExtractError::LimitExceeded { part: None, at: Some(1234), .. }));
        assert!(err.text(Lang::En).ends_with("(stopped at 65) at byte 1234"), "{}", err.text(Lang::En));
        assert!(err.text(Lang::Zh).ends_with("（停止时为 65），第 1234 字节"), "{}", err.text(Lang::Zh));

        let err = ExtractError::limit(LimitKind::PartBytes, 4096u64, 5000u64).in_part("a/b.txt").at_byte(7u64);
        assert!(err.text(Lang::En).ends_with("(stopped at 5000) in a/b.txt at byte 7"), "{}", err.text(Lang::En));
        assert!(err.text(Lang::Zh).ends_with("（停止时为 5000），位于 a/b.txt，第 7 字节"), "{}", err.text(Lang::Zh));

        // The builders leave other errors as they are; counts too big for u64 saturate.
        let other = ExtractError::Cancelled.in_part("x").at_byte(1u64);
        assert!(matches!(other, ExtractError::Cancelled));
        assert!(matches!(
            ExtractError::limit(LimitKind::Pages, 1u128 << 70, 0u8),
            ExtractError::LimitExceeded { limit: u64::MAX, .. }
        ));
    }
}
