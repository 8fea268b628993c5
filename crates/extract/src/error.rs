use mijian_core::{part_text, Lang};
use thiserror::Error;

/// Why a file could not be read. Each variant names the part and, where known, the place; what
/// went wrong is typed ([`Defect`], [`Encryption`], [`LimitKind`]) and said once, in English
/// ([`Display`](std::fmt::Display)) or Chinese ([`ExtractError::text`]).
#[derive(Clone, Debug, Error)]
pub enum ExtractError {
    /// The file, or one part of it, is damaged or not what its format requires: `what` says how,
    /// in `part` (when one part was being read), at byte `at` (of the part, or of the file).
    #[error("{}", self.text(Lang::En))]
    Corrupt { part: Option<String>, at: Option<u64>, what: Defect },
    /// A limit of the file's budget was exceeded: `seen` went over `limit`, counted in the unit of
    /// `kind`, while reading `part` (when one part was being read), at byte `at` of it (when the
    /// reader knows the place). `seen` is what had been counted when the reader stopped, not what
    /// the whole file would have needed.
    #[error("{}", self.text(Lang::En))]
    LimitExceeded { kind: LimitKind, limit: u64, seen: u64, part: Option<String>, at: Option<u64> },
    /// The inspection was cancelled by whoever asked for it (a gateway scan past its deadline).
    #[error("{}", self.text(Lang::En))]
    Cancelled,
    /// The text of `part` is not valid in `encoding`, the encoding it declares or must have
    /// (first bad byte at `at`, when known).
    #[error("{}", self.text(Lang::En))]
    Undecodable { part: String, at: Option<u64>, encoding: &'static str },
    /// The file, or one part of it, is encrypted and cannot be read: `what` says how.
    #[error("{}", self.text(Lang::En))]
    Encrypted { part: Option<String>, what: Encryption },
    /// This build of mijian was made without the reader for `format` (a cargo feature of
    /// mijian-extract turned off, as the fuzz package does to leave lopdf out): the file was not
    /// read, which is mijian's shortfall, not the file's, and is never a pass.
    #[error("{}", self.text(Lang::En))]
    NotBuiltIn { format: &'static str },
}

/// The sink asked the reader to stop ([`mijian_core::Stop`]): the reader returns with
/// [`ExtractError::Cancelled`]. Whoever stopped it knows why; the inspection reports the limit its
/// budget recorded, when one was hit, rather than this.
impl From<mijian_core::Stop> for ExtractError {
    fn from(_: mijian_core::Stop) -> Self {
        ExtractError::Cancelled
    }
}

impl ExtractError {
    /// A [`Corrupt`](ExtractError::Corrupt) error with no part and no place. Add them with
    /// [`in_part`](Self::in_part) and [`at_byte`](Self::at_byte).
    pub fn corrupt(what: Defect) -> Self {
        ExtractError::Corrupt { part: None, at: None, what }
    }

    /// A [`Defect::MissingPart`] error: the format requires `part`, which the file does not hold.
    pub fn missing(part: impl Into<String>) -> Self {
        ExtractError::corrupt(Defect::MissingPart).in_part(part)
    }

    /// An [`Encrypted`](ExtractError::Encrypted) error with no part (add one with [`in_part`](Self::in_part)).
    pub fn encrypted(what: Encryption) -> Self {
        ExtractError::Encrypted { part: None, what }
    }

    /// A [`LimitExceeded`](ExtractError::LimitExceeded) with no part and no place: `seen` of
    /// `kind` went over `limit`. Add them with [`in_part`](Self::in_part) and [`at_byte`](Self::at_byte).
    pub fn limit(kind: LimitKind, limit: impl TryInto<u64>, seen: impl TryInto<u64>) -> Self {
        let limit = limit.try_into().unwrap_or(u64::MAX);
        let seen = seen.try_into().unwrap_or(u64::MAX);
        ExtractError::LimitExceeded { kind, limit, seen, part: None, at: None }
    }

    /// This error as met while reading `name`. A limit error takes the name; a corrupt or encrypted
    /// one takes it unless it already names a part (the innermost part is the most precise).
    pub fn in_part(mut self, name: impl Into<String>) -> Self {
        match &mut self {
            ExtractError::LimitExceeded { part, .. } => *part = Some(name.into()),
            ExtractError::Corrupt { part, .. } | ExtractError::Encrypted { part, .. } => {
                part.get_or_insert_with(|| name.into());
            }
            ExtractError::Cancelled | ExtractError::Undecodable { .. } | ExtractError::NotBuiltIn { .. } => {}
        }
        self
    }

    /// This error, if a limit or corrupt error, as met at byte `offset` (of the part, or of the file).
    pub fn at_byte(mut self, offset: impl TryInto<u64>) -> Self {
        if let ExtractError::LimitExceeded { at, .. } | ExtractError::Corrupt { at, .. } = &mut self {
            *at = offset.try_into().ok();
        }
        self
    }

    /// The error for people, in `lang`; English is what [`Display`](std::fmt::Display) writes.
    /// What it carries (a part name inside the file, a third-party parser's message) is not
    /// translated: it follows the typed sentence, never replaces it.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ExtractError::Corrupt { part, at, what } => {
                let mut s = what.text(lang);
                s += &place(part.as_deref(), *at, lang);
                if let Some(cause) = what.cause() {
                    s += lang.pick("：", ": ");
                    s += cause;
                }
                s
            }
            ExtractError::LimitExceeded { kind, limit, seen, part, at } => {
                let kind = kind.text(lang);
                let mut s = match lang {
                    Lang::En => format!("limit exceeded: {kind} over the limit of {limit} (stopped at {seen})"),
                    Lang::Zh => format!("超出限制：{kind}超过上限 {limit}（停止时为 {seen}）"),
                };
                if let Some(p) = part {
                    s += &match lang {
                        Lang::En => format!(" in {p}"),
                        Lang::Zh => format!("，位于 {}", part_text(p, lang)),
                    };
                }
                if let Some(b) = at {
                    s += &match lang {
                        Lang::En => format!(" at byte {b}"),
                        Lang::Zh => format!("，第 {b} 字节"),
                    };
                }
                s
            }
            ExtractError::Cancelled => lang.pick("检查已取消", "inspection cancelled").into(),
            ExtractError::Undecodable { part, at, encoding } => {
                let s = match lang {
                    Lang::En => format!("text that is not valid {encoding}"),
                    Lang::Zh => format!("文字不是有效的 {encoding} 编码，无法解码"),
                };
                s + &place(Some(part), *at, lang)
            }
            ExtractError::Encrypted { part, what } => {
                let mut s = what.text(lang);
                s += &place(part.as_deref(), None, lang);
                if let Some(cause) = what.cause() {
                    s += lang.pick("：", ": ");
                    s += cause;
                }
                s
            }
            ExtractError::NotBuiltIn { format } => match lang {
                Lang::En => format!("{format} reading not built in (this build of mijian has no {format} reader)"),
                Lang::Zh => format!("未内置 {format} 读取（此版本的 mijian 不含 {format} 阅读器）"),
            },
        }
    }

    /// The error for people in both languages, for a note written before a language is chosen.
    pub fn in_both_languages(&self) -> mijian_core::ParserMessage {
        mijian_core::ParserMessage::new(self.text(Lang::Zh), self.text(Lang::En))
    }

    /// Whether a limit was exceeded or the inspection was stopped (cancelled, or its sink said
    /// stop): the file is not to be read another way (a reader that falls back to plain text on a
    /// malformed part must not on this).
    pub fn is_limit(&self) -> bool {
        matches!(self, ExtractError::LimitExceeded { .. } | ExtractError::Cancelled)
    }

    /// The kind of failure, for programs (the JSON `error_kind`); the message is for people.
    pub fn kind(&self) -> mijian_core::ErrorKind {
        use mijian_core::ErrorKind;
        match self {
            ExtractError::Corrupt { .. } => ErrorKind::Corrupt,
            ExtractError::LimitExceeded { .. } => ErrorKind::Limit,
            ExtractError::Cancelled => ErrorKind::Cancelled,
            ExtractError::Undecodable { .. } => ErrorKind::Undecodable,
            ExtractError::Encrypted { .. } => ErrorKind::Encrypted,
            ExtractError::NotBuiltIn { .. } => ErrorKind::Internal,
        }
    }
}

/// Where an error happened, for people: ` (in word/document.xml, at byte 12)`,
/// `（位于 word/document.xml，第 12 字节）`. A pseudo-part (`(gzip stream)`) is said in `lang`.
fn place(part: Option<&str>, at: Option<u64>, lang: Lang) -> String {
    let part = part.map(|p| part_text(p, lang));
    match (part, at, lang) {
        (None, None, _) => String::new(),
        (Some(p), None, Lang::En) => format!(" (in {p})"),
        (None, Some(b), Lang::En) => format!(" (at byte {b})"),
        (Some(p), Some(b), Lang::En) => format!(" (in {p}, at byte {b})"),
        (Some(p), None, Lang::Zh) => format!("（位于 {p}）"),
        (None, Some(b), Lang::Zh) => format!("（第 {b} 字节）"),
        (Some(p), Some(b), Lang::Zh) => format!("（位于 {p}，第 {b} 字节）"),
    }
}

/// What is wrong with a damaged file or part: one typed problem per thing the readers check,
/// each said by one English and one Chinese sentence ([`Defect::text`]). A third-party parser's
/// own message travels as `cause`, shown after the sentence ([`Defect::cause`]); format names
/// (`format`) are the formats' usual short names ("7z", "gzip", "PDF").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Defect {
    // --- ZIP containers (ZIP, DOCX, XLSX, PPTX, ODF, EPUB, OFD) ---
    /// The ZIP reader could not open the archive (no central directory, a broken one…).
    ZipUnreadable { cause: String },
    /// A second ZIP archive lies in the file (bytes `start`–`end`): the file must be cut into its
    /// archives before one of them is read.
    ZipSecondArchive { start: u64, end: u64 },
    /// The central directory lists `listed` entries under only `distinct` names.
    ZipDuplicateNames { listed: u64, distinct: u64 },
    /// No end-of-central-directory record with a readable central directory.
    ZipNoDirectory,
    /// The entry at byte 0 is listed by no central directory.
    ZipStartUnlisted,
    /// Two central directories describe overlapping bytes (archives at `first` and `second`).
    ZipDirectoriesOverlap { first: (u64, u64), second: (u64, u64) },
    /// A central directory holds `extra` bytes more than its `entries` entries take.
    ZipDirectoryOversized { extra: u64, entries: u64 },
    /// Entry number `entry` (1-based, local header at byte `header`): its local header and its
    /// central-directory record disagree as `how` says.
    ZipHeadersDisagree { entry: u64, header: u64, how: HeaderMismatch },
    /// Entries `first` and `second` (1-based) share bytes, as in a zip bomb.
    ZipEntriesOverlap { first: u64, second: u64 },
    /// Entry data runs into the central directory, which starts at byte `directory`.
    ZipDataIntoDirectory { directory: u64 },
    /// A local header the central directory does not list (streaming readers would read it).
    ZipUnlistedHeader,

    // --- archives and compressed streams ---
    /// The file is not an archive of `format` (an unknown signature).
    NotArchive { format: &'static str },
    /// The archive's header (its index of entries) is inconsistent or cut short.
    ArchiveHeader { format: &'static str },
    /// A header of the archive fails its checksum.
    HeaderChecksum { format: &'static str },
    /// An entry's data, or a block, runs past the end of the file.
    DataPastEnd,
    /// Entries of a `format` archive could not be read.
    ArchiveEntries { format: &'static str, cause: String },
    /// An archive member is shorter than its header says.
    TruncatedMember,
    /// `expected` entries hold data, but only `read` could be read.
    MembersMissing { expected: u64, read: u64 },
    /// Compressed data (`format`) fails to decompress: damaged, or cut short.
    CompressedData { format: &'static str, cause: String },
    /// The data is compressed with a method mijian does not decode.
    UnsupportedMethod { format: &'static str, method: String },

    // --- XML and package parts ---
    /// The XML parser's message.
    Xml { cause: String },
    /// The XML ends with `open` elements still open.
    XmlUnclosed { open: u64 },
    /// Text or CDATA in the XML that is not valid UTF-8.
    XmlInvalidUtf8,
    /// A part the format requires is missing (the part is the error's `part`).
    MissingPart,
    /// The EPUB container names no package document (`.opf`) that the book holds.
    NoPackageDocument,
    /// The OFD index names no document (no `DocBody` with a `DocRoot`).
    NoDocumentRoot,

    // --- PDF ---
    /// No `%%EOF` marker at the end: the file is cut short.
    PdfNoEof,
    /// The PDF parser refused the file.
    PdfUnreadable { cause: String },
    /// No object of the PDF could be read.
    PdfNoObjects,
    /// The page tree is nested deeper than `max` levels.
    PdfPageTreeTooDeep { max: u64 },
    /// No page of the PDF could be read.
    PdfNoPages,

    // --- Office 97–2003 (OLE), RTF, mail ---
    /// The OLE compound file (the container of .doc, .xls, .ppt) is broken.
    OleUnreadable { cause: String },
    /// One stream of the OLE compound file cannot be read.
    OleStream { cause: String },
    /// The WordDocument stream has no FIB signature: not Word 97 or later.
    NotWord97,
    /// The FIB (the Word document's file information block) is cut short.
    WordFib,
    /// The Word document's piece table (where its text lies) is broken.
    WordPieceTable,
    /// A record (of type `record`) runs past the end of its stream.
    RecordPastEnd { record: u16 },
    /// The Workbook stream does not open with a BIFF8 BOF record.
    NoBof,
    /// The file does not start with `{\rtf`.
    NotRtf,
    /// Not a MIME message: no header block.
    NotMime,

    // --- the reader itself ---
    /// The `format` reader could not follow the file's structure (it stopped on it).
    ParserFailed { format: &'static str },
    /// The OCR engine failed.
    OcrFailed { cause: String },
    /// The file changed on disk while it was read (`cause`: the system's message, if any).
    ChangedWhileRead { cause: Option<String> },
}

/// How a ZIP entry's local header and its central-directory record disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderMismatch {
    /// Its data runs past the end of the file.
    DataPastEnd,
    /// Its local header is cut short.
    LocalHeaderShort,
    /// The local header names another file.
    OtherName,
    /// The local header gives another compression method.
    OtherMethod,
    /// One header says encrypted, the other does not.
    OtherEncryption,
    /// The local header gives other sizes.
    OtherSizes,
}

impl HeaderMismatch {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            HeaderMismatch::DataPastEnd => lang.pick("其数据超出文件末尾", "its data runs past the end of the file"),
            HeaderMismatch::LocalHeaderShort => lang.pick("其本地文件头不完整", "its local header is cut short"),
            HeaderMismatch::OtherName => lang.pick("本地文件头给出的文件名不同", "the local header names another file"),
            HeaderMismatch::OtherMethod => {
                lang.pick("本地文件头给出的压缩方法不同", "the local header gives another compression method")
            }
            HeaderMismatch::OtherEncryption => {
                lang.pick("一处文件头标明已加密，另一处未标明", "one header says encrypted, the other does not")
            }
            HeaderMismatch::OtherSizes => lang.pick("本地文件头给出的大小不同", "the local header gives other sizes"),
        }
    }
}

impl Defect {
    /// The problem for people, in `lang`, without its place and cause (see [`ExtractError::text`]).
    pub fn text(&self, lang: Lang) -> String {
        use Defect as D;
        let zh = lang == Lang::Zh;
        let s = |zh_text: &str, en: &str| lang.pick(zh_text, en).to_owned();
        match self {
            D::ZipUnreadable { .. } => s("ZIP 压缩包损坏，无法打开", "corrupt ZIP archive: it cannot be opened"),
            D::ZipSecondArchive { start, end } => match zh {
                true => format!("第 {start}–{end} 字节处还有一个 ZIP 压缩包：须先将文件拆分为各个压缩包"),
                false => format!(
                    "a second ZIP archive at bytes {start}-{end}: the file must be cut into its archives first"
                ),
            },
            D::ZipDuplicateNames { listed, distinct } => match zh {
                true => format!("ZIP 中央目录列出 {listed} 个条目，但只有 {distinct} 个不同的名称：条目重名"),
                false => format!(
                    "the central directory lists {listed} entries but only {distinct} distinct names: duplicate entry names"
                ),
            },
            D::ZipNoDirectory => s(
                "找不到可读的 ZIP 中央目录（没有中央目录结束记录）",
                "no end-of-central-directory record with a readable central directory",
            ),
            D::ZipStartUnlisted => {
                s("文件开头的 ZIP 条目不在任何中央目录中", "the entry at byte 0 is not listed by any central directory")
            }
            D::ZipDirectoriesOverlap { first, second } => match zh {
                true => format!(
                    "两个 ZIP 中央目录描述的字节重叠（第 {}–{} 字节与第 {}–{} 字节的压缩包）：不同工具会读出不同的条目",
                    first.0, first.1, second.0, second.1
                ),
                false => format!(
                    "two central directories describe overlapping bytes (archives at bytes {}-{} and {}-{}): \
                     tools would read different entries",
                    first.0, first.1, second.0, second.1
                ),
            },
            D::ZipDirectoryOversized { extra, entries } => match zh {
                true => format!(
                    "ZIP 中央目录比其 {entries} 个条目多出 {extra} 字节：按大小读和按条目数读的工具会看到不同的条目"
                ),
                false => format!(
                    "the central directory holds {extra} bytes more than its {entries} entries take: \
                     tools that read by size and by count see different entries"
                ),
            },
            D::ZipHeadersDisagree { entry, header, how } => match zh {
                true => format!(
                    "ZIP 第 {entry} 个条目（本地文件头位于第 {header} 字节）：{}；按本地文件头读和按中央目录读的工具会读出不同的文件",
                    how.text(lang)
                ),
                false => format!(
                    "entry {entry} (local header at byte {header}): {}; tools that follow the local headers and \
                     tools that follow the central directory would read different files",
                    how.text(lang)
                ),
            },
            D::ZipEntriesOverlap { first, second } => match zh {
                true => format!("ZIP 第 {first} 与第 {second} 个条目重叠：同一段字节被读成两个文件（ZIP 炸弹的手法）"),
                false => format!(
                    "entries {first} and {second} overlap: the same bytes read as two files, as in a zip bomb"
                ),
            },
            D::ZipDataIntoDirectory { directory } => match zh {
                true => format!("ZIP 条目数据延伸进了第 {directory} 字节起的中央目录"),
                false => format!("entry data runs into the central directory at byte {directory}"),
            },
            D::ZipUnlistedHeader => s(
                "有一个中央目录未列出的 ZIP 本地文件头：流式读取的工具会读出其他工具看不到的条目",
                "a local header that the central directory does not list: streaming readers would read an entry that others do not",
            ),
            D::NotArchive { format } => match zh {
                true => format!("不是 {format} 压缩包（文件标识无法识别）"),
                false => format!("not a {format} archive (unknown signature)"),
            },
            D::ArchiveHeader { format } => match zh {
                true => format!("{format} 压缩包的头部结构不一致或不完整"),
                false => format!("the {format} archive's header is inconsistent or cut short"),
            },
            D::HeaderChecksum { format } => match zh {
                true => format!("{format} 压缩包的头部校验和不符"),
                false => format!("a header of the {format} archive fails its checksum"),
            },
            D::DataPastEnd => s("数据超出文件末尾", "data runs past the end of the file"),
            D::ArchiveEntries { format, .. } => match zh {
                true => format!("{format} 压缩包的条目无法读取"),
                false => format!("the entries of the {format} archive cannot be read"),
            },
            D::TruncatedMember => s("压缩包成员不完整（比其头部所述短）", "truncated member (shorter than its header says)"),
            D::MembersMissing { expected, read } => match zh {
                true => format!("{expected} 个条目含有数据，但只读出 {read} 个"),
                false => format!("{expected} entries hold data but {read} could be read"),
            },
            D::CompressedData { format, .. } => match zh {
                true => format!("{format} 压缩数据损坏或不完整，无法解压"),
                false => format!("the {format} compressed data is damaged or cut short"),
            },
            D::UnsupportedMethod { format, method } => match zh {
                true => format!("不支持的 {format} 压缩方法 {method}"),
                false => format!("the {format} compression method {method} is not supported"),
            },
            D::Xml { .. } => s("XML 格式错误", "malformed XML"),
            D::XmlUnclosed { open } => match zh {
                true => format!("XML 格式错误：文档结束时仍有 {open} 个元素未闭合"),
                false => format!("malformed XML: the document ends with {open} element(s) still open"),
            },
            D::XmlInvalidUtf8 => s("XML 格式错误：文字或 CDATA 不是有效的 UTF-8", "malformed XML: text or CDATA is not valid UTF-8"),
            D::MissingPart => s("缺少格式规定必须有的部件", "a part the format requires is missing"),
            D::NoPackageDocument => s(
                "EPUB 容器文件未指向书中存在的包文档（“.opf”）",
                "the container names no package document (.opf) that the book holds",
            ),
            D::NoDocumentRoot => s(
                "OFD 入口文件未指明任何文档（没有带“DocRoot”的“DocBody”）",
                "the OFD index names no document (no DocBody with a DocRoot)",
            ),
            D::PdfNoEof => s("PDF 文件不完整：文件末尾没有 %%EOF 标记", "truncated PDF: no %%EOF marker at the end of the file"),
            D::PdfUnreadable { .. } => s("PDF 文件损坏或不完整，无法读取", "not a readable PDF (corrupt or truncated)"),
            D::PdfNoObjects => s("读不出任何 PDF 对象（文件不完整或已损坏）", "no PDF objects could be read (truncated or corrupt file)"),
            D::PdfPageTreeTooDeep { max } => match zh {
                true => format!("PDF 页面树嵌套超过 {max} 层"),
                false => format!("the PDF page tree is nested deeper than {max} levels"),
            },
            D::PdfNoPages => s("PDF 没有可读的页面", "the PDF has no readable pages"),
            D::OleUnreadable { .. } => s(
                "OLE 复合文件（“.doc”“.xls”“.ppt”的容器）损坏",
                "broken OLE compound file (the container of .doc, .xls, .ppt)",
            ),
            D::OleStream { .. } => s("OLE 复合文件中的数据流无法读取", "a stream of the OLE compound file cannot be read"),
            D::NotWord97 => s("不是 Word 97 及以后版本的文档（没有 FIB 标识）", "not a Word 97 or later document (no FIB signature)"),
            D::WordFib => s("Word 文档的文件信息块（FIB）不完整", "the Word document's file information block (FIB) is cut short"),
            D::WordPieceTable => s("Word 文档的文字片段表损坏", "the Word document's piece table is broken"),
            D::RecordPastEnd { record } => match zh {
                true => format!("类型为 0x{record:04X} 的记录超出其数据流末尾"),
                false => format!("record 0x{record:04X} runs past the end of its stream"),
            },
            D::NoBof => s("Excel 工作簿数据流不以 BIFF8 BOF 记录开头", "the Workbook stream does not open with a BIFF8 BOF record"),
            D::NotRtf => s("不是 RTF 文件：文件不以“{\\rtf”开头", "not an RTF file: it does not start with {\\rtf"),
            D::NotMime => s("不是 MIME 邮件：没有信头", "not a MIME message: no header block"),
            D::ParserFailed { format } => match zh {
                true => format!("{format} 解析器无法处理此文件的结构"),
                false => format!("the {format} parser could not follow the file's structure"),
            },
            D::OcrFailed { .. } => s("文字识别（OCR）引擎运行失败", "the OCR engine failed"),
            D::ChangedWhileRead { .. } => s("文件在读取过程中被改动", "the file changed while it was read"),
        }
    }

    /// The third-party parser's or the system's own message, shown verbatim after the sentence.
    pub fn cause(&self) -> Option<&str> {
        use Defect as D;
        match self {
            D::ZipUnreadable { cause }
            | D::ArchiveEntries { cause, .. }
            | D::CompressedData { cause, .. }
            | D::Xml { cause }
            | D::PdfUnreadable { cause }
            | D::OleUnreadable { cause }
            | D::OleStream { cause }
            | D::OcrFailed { cause }
            | D::ChangedWhileRead { cause: Some(cause) } => Some(cause),
            _ => None,
        }
    }
}

/// How a file or part is encrypted, as far as it keeps mijian from reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// The file needs a password to be opened (an Office, OpenDocument, PDF or 7z password).
    Password,
    /// One entry of an archive is protected by a password (the entry is the error's `part`).
    EntryPassword,
    /// The archive's headers, its list of entries included, are encrypted.
    HeadersEncrypted,
    /// Content of the book is encrypted (rights management, DRM), not only its fonts.
    ContentEncrypted,
    /// The encryption cannot be undone without a password, or is of a kind mijian does not
    /// decrypt (`cause`: the decrypter's message).
    CannotDecrypt { cause: String },
}

impl Encryption {
    /// The problem for people, in `lang`, without its place and cause.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Encryption::Password => {
                lang.pick("文件已加密，须输入打开密码，无法读取", "encrypted: the file needs a password to be opened")
            }
            Encryption::EntryPassword => {
                lang.pick("压缩包条目设有密码，无法读取", "encrypted: the archive entry is password-protected")
            }
            Encryption::HeadersEncrypted => lang.pick(
                "压缩包的头部（含条目列表）已加密，无法读取",
                "encrypted: the archive's headers, its list of entries included, are encrypted",
            ),
            Encryption::ContentEncrypted => lang.pick(
                "内容已加密（数字版权保护），无法读取",
                "encrypted: the content is encrypted (rights management), not only its fonts",
            ),
            Encryption::CannotDecrypt { .. } => {
                lang.pick("文件已加密，没有密码无法解密", "encrypted: the file cannot be decrypted without a password")
            }
        }
        .to_owned()
    }

    /// The decrypter's own message, shown verbatim after the sentence.
    pub fn cause(&self) -> Option<&str> {
        match self {
            Encryption::CannotDecrypt { cause } => Some(cause),
            _ => None,
        }
    }
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
    /// Bytes the segments of the file and its members hold at once, each counted as
    /// [`SEGMENT_OVERHEAD`](crate::SEGMENT_OVERHEAD) plus its text
    /// ([`Limits::segment_cap`](crate::Limits::segment_cap)).
    SegmentBytes,
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
    /// Containers nested in one another (an archive in an archive…: `Limits::max_nesting`).
    Containers,
    /// Characters of a document's text (a Word 97–2003 document:
    /// [`Limits::max_doc_chars`](crate::Limits::max_doc_chars)).
    Characters,
    /// Objects a PDF declares or holds ([`Limits::max_pdf_objects`](crate::Limits::max_pdf_objects)).
    PdfObjects,
    /// Content-stream operations on one PDF page
    /// ([`Limits::max_page_operations`](crate::Limits::max_page_operations)).
    PageOperations,
    /// Glyphs one PDF page shows ([`Limits::max_page_glyphs`](crate::Limits::max_page_glyphs)).
    PageGlyphs,
    /// Mappings of one kind in a PDF font's CMap, or codes its array ranges expand to
    /// ([`Limits::max_cmap_entries`](crate::Limits::max_cmap_entries)).
    CmapEntries,
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
                LimitKind::SegmentBytes => "待匹配的文字片段占用的字节数（所有嵌套层合计，每段按其文字加固定开销计）",
                LimitKind::Operations => "内容操作数（PDF 操作符）",
                LimitKind::Pages => "PDF 页数",
                LimitKind::Time => "检查用时（毫秒）",
                LimitKind::Entries => "压缩包列出的条目数",
                LimitKind::PartBytes => "单个部件解压后的字节数",
                LimitKind::CompressionRatio => "单个部件的压缩比",
                LimitKind::NestingDepth => "嵌套层数（XML 元素、RTF 组、JSON 数组和对象、PDF 表单）",
                LimitKind::Containers => "容器（压缩包、内嵌文件）相互嵌套的层数",
                LimitKind::Characters => "文档文字的字符数",
                LimitKind::PdfObjects => "PDF 对象数",
                LimitKind::PageOperations => "单页 PDF 的内容操作数",
                LimitKind::PageGlyphs => "单页 PDF 显示的字形数",
                LimitKind::CmapEntries => "PDF 字体 CMap 中同类映射的条数",
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
            LimitKind::SegmentBytes => {
                "bytes held by the text segments awaiting matching (all nesting levels; each its text plus a fixed overhead)"
            }
            LimitKind::Operations => "content operations (PDF operators)",
            LimitKind::Pages => "pages of a PDF",
            LimitKind::Time => "inspection time in milliseconds",
            LimitKind::Entries => "entries an archive lists",
            LimitKind::PartBytes => "bytes of one part once decompressed",
            LimitKind::CompressionRatio => "compression ratio of one part",
            LimitKind::NestingDepth => {
                "levels of nesting (XML elements, RTF groups, JSON arrays and objects, PDF forms)"
            }
            LimitKind::Containers => "levels of containers (archives, embedded files) nested in one another",
            LimitKind::Characters => "characters of the document's text",
            LimitKind::PdfObjects => "objects of a PDF",
            LimitKind::PageOperations => "content operations on one PDF page",
            LimitKind::PageGlyphs => "glyphs one PDF page shows",
            LimitKind::CmapEntries => "mappings of one kind in a PDF font's CMap",
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
            (LimitKind::CmapEntries, "mappings of one kind in a PDF font's CMap", "PDF 字体 CMap 中同类映射的条数"),
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
                LimitKind::Containers,
                "levels of containers (archives, embedded files) nested in one another",
                "容器（压缩包、内嵌文件）相互嵌套的层数",
            ),
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
                ["", "PDF", "PDFCMap", "ZIPZIP", "ZIP", "z", "XMLRTFJSONPDF"].contains(&words.as_str()),
                "{kind:?}: only format names in Latin letters, not {words}"
            );
            assert!(err.is_limit());
            assert_eq!(err.kind(), mijian_core::ErrorKind::Limit);
        }
    }

    /// A reader left out of the build (mijian-extract without its `pdf` feature) is mijian's own
    /// failure, said in both languages, never a limit, and takes no part or place: nothing of the
    /// file was read.
    #[test]
    fn a_reader_not_built_in_is_an_internal_error() {
        let err = ExtractError::NotBuiltIn { format: "PDF" }.in_part("page 1").at_byte(3u64);
        assert_eq!(err.text(Lang::En), "PDF reading not built in (this build of mijian has no PDF reader)");
        assert_eq!(err.text(Lang::Zh), "未内置 PDF 读取（此版本的 mijian 不含 PDF 阅读器）");
        assert_eq!(err.kind(), mijian_core::ErrorKind::Internal);
        assert!(!err.is_limit());
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

    /// One sample of every [`Defect`], and the exhaustive match that makes a new variant fail to
    /// compile here until it has a sample (and so its two sentences are checked).
    fn every_defect() -> Vec<Defect> {
        let cause = || "CAUSE-TEXT".to_owned();
        let all = vec![
            Defect::ZipUnreadable { cause: cause() },
            Defect::ZipSecondArchive { start: 10, end: 20 },
            Defect::ZipDuplicateNames { listed: 3, distinct: 2 },
            Defect::ZipNoDirectory,
            Defect::ZipStartUnlisted,
            Defect::ZipDirectoriesOverlap { first: (0, 50), second: (40, 90) },
            Defect::ZipDirectoryOversized { extra: 7, entries: 2 },
            Defect::ZipHeadersDisagree { entry: 1, header: 0, how: HeaderMismatch::DataPastEnd },
            Defect::ZipHeadersDisagree { entry: 1, header: 0, how: HeaderMismatch::LocalHeaderShort },
            Defect::ZipHeadersDisagree { entry: 1, header: 0, how: HeaderMismatch::OtherName },
            Defect::ZipHeadersDisagree { entry: 1, header: 0, how: HeaderMismatch::OtherMethod },
            Defect::ZipHeadersDisagree { entry: 1, header: 0, how: HeaderMismatch::OtherEncryption },
            Defect::ZipHeadersDisagree { entry: 1, header: 0, how: HeaderMismatch::OtherSizes },
            Defect::ZipEntriesOverlap { first: 1, second: 2 },
            Defect::ZipDataIntoDirectory { directory: 99 },
            Defect::ZipUnlistedHeader,
            Defect::NotArchive { format: "FMTNAME" },
            Defect::ArchiveHeader { format: "FMTNAME" },
            Defect::HeaderChecksum { format: "FMTNAME" },
            Defect::DataPastEnd,
            Defect::ArchiveEntries { format: "FMTNAME", cause: cause() },
            Defect::TruncatedMember,
            Defect::MembersMissing { expected: 3, read: 2 },
            Defect::CompressedData { format: "FMTNAME", cause: cause() },
            Defect::UnsupportedMethod { format: "FMTNAME", method: "METHODNAME".into() },
            Defect::Xml { cause: cause() },
            Defect::XmlUnclosed { open: 2 },
            Defect::XmlInvalidUtf8,
            Defect::MissingPart,
            Defect::NoPackageDocument,
            Defect::NoDocumentRoot,
            Defect::PdfNoEof,
            Defect::PdfUnreadable { cause: cause() },
            Defect::PdfNoObjects,
            Defect::PdfPageTreeTooDeep { max: 64 },
            Defect::PdfNoPages,
            Defect::OleUnreadable { cause: cause() },
            Defect::OleStream { cause: cause() },
            Defect::NotWord97,
            Defect::WordFib,
            Defect::WordPieceTable,
            Defect::RecordPastEnd { record: 0x0FF0 },
            Defect::NoBof,
            Defect::NotRtf,
            Defect::NotMime,
            Defect::ParserFailed { format: "FMTNAME" },
            Defect::OcrFailed { cause: cause() },
            Defect::ChangedWhileRead { cause: Some(cause()) },
            Defect::ChangedWhileRead { cause: None },
        ];
        // Exhaustive on purpose: a variant added to `Defect` must be added above.
        let ordinal = |d: &Defect| match d {
            Defect::ZipUnreadable { .. } => 0,
            Defect::ZipSecondArchive { .. } => 1,
            Defect::ZipDuplicateNames { .. } => 2,
            Defect::ZipNoDirectory => 3,
            Defect::ZipStartUnlisted => 4,
            Defect::ZipDirectoriesOverlap { .. } => 5,
            Defect::ZipDirectoryOversized { .. } => 6,
            Defect::ZipHeadersDisagree { .. } => 7,
            Defect::ZipEntriesOverlap { .. } => 8,
            Defect::ZipDataIntoDirectory { .. } => 9,
            Defect::ZipUnlistedHeader => 10,
            Defect::NotArchive { .. } => 11,
            Defect::ArchiveHeader { .. } => 12,
            Defect::HeaderChecksum { .. } => 13,
            Defect::DataPastEnd => 14,
            Defect::ArchiveEntries { .. } => 15,
            Defect::TruncatedMember => 16,
            Defect::MembersMissing { .. } => 17,
            Defect::CompressedData { .. } => 18,
            Defect::UnsupportedMethod { .. } => 19,
            Defect::Xml { .. } => 20,
            Defect::XmlUnclosed { .. } => 21,
            Defect::XmlInvalidUtf8 => 22,
            Defect::MissingPart => 23,
            Defect::NoPackageDocument => 24,
            Defect::NoDocumentRoot => 25,
            Defect::PdfNoEof => 26,
            Defect::PdfUnreadable { .. } => 27,
            Defect::PdfNoObjects => 28,
            Defect::PdfPageTreeTooDeep { .. } => 29,
            Defect::PdfNoPages => 30,
            Defect::OleUnreadable { .. } => 31,
            Defect::OleStream { .. } => 32,
            Defect::NotWord97 => 33,
            Defect::WordFib => 34,
            Defect::WordPieceTable => 35,
            Defect::RecordPastEnd { .. } => 36,
            Defect::NoBof => 37,
            Defect::NotRtf => 38,
            Defect::NotMime => 39,
            Defect::ParserFailed { .. } => 40,
            Defect::OcrFailed { .. } => 41,
            Defect::ChangedWhileRead { .. } => 42,
        };
        let mut seen: Vec<usize> = all.iter().map(ordinal).collect();
        seen.dedup();
        assert_eq!(seen, (0..=42).collect::<Vec<_>>(), "every variant has a sample, in order");
        all
    }

    fn every_encryption() -> Vec<Encryption> {
        let all = vec![
            Encryption::Password,
            Encryption::EntryPassword,
            Encryption::HeadersEncrypted,
            Encryption::ContentEncrypted,
            Encryption::CannotDecrypt { cause: "CAUSE-TEXT".into() },
        ];
        // Exhaustive on purpose, as for `every_defect`.
        for e in &all {
            match e {
                Encryption::Password
                | Encryption::EntryPassword
                | Encryption::HeadersEncrypted
                | Encryption::ContentEncrypted
                | Encryption::CannotDecrypt { .. } => {}
            }
        }
        all
    }

    /// The English words (ASCII letter runs of 3 or more with a lower-case letter) left in a
    /// Chinese text once what it carries (`carried`) and what it quotes (“…”) are taken out.
    /// Acronyms (XML, PDF, FIB) and the product names Word and Excel are the domain's own words.
    fn english_words(zh: &str, carried: &[&str]) -> Vec<String> {
        let mut text = zh.to_owned();
        for c in carried {
            text = text.replace(c, " ");
        }
        let mut unquoted = String::new();
        let mut depth = 0usize;
        for ch in text.chars() {
            match ch {
                '“' => depth += 1,
                '”' => depth = depth.saturating_sub(1),
                _ if depth == 0 => unquoted.push(ch),
                _ => {}
            }
        }
        unquoted
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3 && w.chars().any(|c| c.is_ascii_lowercase()))
            .filter(|w| !["Word", "Excel"].contains(w))
            .map(str::to_owned)
            .collect()
    }

    /// Every defect and every kind of encryption has its own English and its own Chinese
    /// sentence, both non-empty; the Chinese one holds no English sentence, the English one no
    /// Chinese; a third-party cause follows the sentence in both; Display is the English text.
    #[test]
    fn every_defect_and_encryption_is_said_once_in_each_language() {
        let carried = ["CAUSE-TEXT", "FMTNAME", "METHODNAME", "word/x.xml"];
        let mut errors: Vec<ExtractError> = Vec::new();
        for what in every_defect() {
            errors.push(ExtractError::corrupt(what));
        }
        for what in every_encryption() {
            errors.push(ExtractError::encrypted(what));
        }
        let (mut ens, mut zhs) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        for err in &errors {
            let (en, zh) = (err.text(Lang::En), err.text(Lang::Zh));
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{err:?}");
            assert_ne!(en, zh, "{err:?}");
            assert_eq!(err.to_string(), en, "Display is the English text");
            assert!(zh.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{err:?}: {zh}");
            assert!(!en.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{err:?}: {en}");
            assert_eq!(english_words(&zh, &carried), Vec::<String>::new(), "{err:?}: {zh}");
            let cause = match err {
                ExtractError::Corrupt { what, .. } => what.cause(),
                ExtractError::Encrypted { what, .. } => what.cause(),
                _ => None,
            };
            if let Some(cause) = cause {
                assert!(en.ends_with(&format!(": {cause}")), "{en}");
                assert!(zh.ends_with(&format!("：{cause}")), "{zh}");
                assert!(!en.starts_with(cause) && !zh.starts_with(cause));
            }
            assert!(ens.insert(en.clone()), "two errors say {en}");
            assert!(zhs.insert(zh.clone()), "two errors say {zh}");
            assert!(matches!(
                (err, err.kind()),
                (ExtractError::Corrupt { .. }, mijian_core::ErrorKind::Corrupt)
                    | (ExtractError::Encrypted { .. }, mijian_core::ErrorKind::Encrypted)
            ));
        }
        // The checker itself catches English in Chinese text.
        assert_eq!(english_words("文件损坏：the file is bad", &[]), ["the", "file", "bad"]);
        assert!(english_words("XML 格式错误（“{\\rtf”）", &[]).is_empty());
    }

    /// The part and the place are typed fields, said in the reader's language; a pseudo-part
    /// (`(gzip stream)`) is said in Chinese, a path inside the file as it is.
    #[test]
    fn corrupt_and_encrypted_errors_carry_part_and_place() {
        let err = ExtractError::corrupt(Defect::Xml { cause: "unexpected end".into() })
            .in_part("word/document.xml")
            .at_byte(12u64);
        assert!(
            matches!(&err, ExtractError::Corrupt { part: Some(p), at: Some(12), what: Defect::Xml { .. } } if p == "word/document.xml")
        );
        assert_eq!(err.text(Lang::En), "malformed XML (in word/document.xml, at byte 12): unexpected end");
        assert_eq!(err.text(Lang::Zh), "XML 格式错误（位于 word/document.xml，第 12 字节）：unexpected end");
        assert_eq!(err.kind(), mijian_core::ErrorKind::Corrupt);
        assert!(!err.is_limit());

        // The innermost part named stays: an outer reader does not overwrite it.
        let err = ExtractError::missing("word/document.xml").in_part("outer.zip");
        assert!(
            matches!(&err, ExtractError::Corrupt { part: Some(p), what: Defect::MissingPart, .. } if p == "word/document.xml")
        );

        let err = ExtractError::corrupt(Defect::CompressedData { format: "gzip", cause: "bad".into() })
            .in_part("(gzip stream)");
        assert!(err.text(Lang::Zh).contains("位于 gzip 数据流"), "{}", err.text(Lang::Zh));
        assert!(err.text(Lang::En).contains("(in (gzip stream))"), "{}", err.text(Lang::En));

        let err = ExtractError::encrypted(Encryption::EntryPassword).in_part("a.txt").at_byte(3u64);
        assert!(
            matches!(&err, ExtractError::Encrypted { part: Some(p), what: Encryption::EntryPassword } if p == "a.txt")
        );
        assert_eq!(err.text(Lang::Zh), "压缩包条目设有密码，无法读取（位于 a.txt）");
        assert_eq!(err.kind(), mijian_core::ErrorKind::Encrypted);

        let err = ExtractError::Undecodable { part: "p.xml".into(), at: Some(5), encoding: "UTF-8" };
        assert_eq!(err.text(Lang::En), "text that is not valid UTF-8 (in p.xml, at byte 5)");
        assert_eq!(err.text(Lang::Zh), "文字不是有效的 UTF-8 编码，无法解码（位于 p.xml，第 5 字节）");
        assert_eq!(err.kind(), mijian_core::ErrorKind::Undecodable);
        assert_eq!(ExtractError::Cancelled.text(Lang::Zh), "检查已取消");
    }
}
