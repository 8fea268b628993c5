//! Why a part of a file was not read: one kind per reason, each with a stable id, one wording per
//! language and one policy (does leaving it unread need a person?).
//!
//! Readers report what they could not read with a [`CoverageNote`](crate::CoverageNote) carrying
//! an [`Unread`]. The kind decides whether the file may still `pass`: a picture that is part of
//! the layout does not stop a `pass` (OCR is a separate stage), an image-only page, a format
//! mijian cannot read or a part that is damaged does. The policy is the kind's, never the
//! reader's, so the same situation is judged the same way in every format.
//!
//! ```
//! use mijian_core::{Lang, Unread};
//! let why = Unread::MissingPart;
//! assert_eq!(why.id(), "missing_part");
//! assert!(why.needs_review());
//! assert_eq!(why.text(Lang::Zh), "文件中引用的部件缺失");
//! assert_eq!(why.to_string(), "referenced but missing from the package");
//! ```

use crate::lang::Lang;
use serde::{Serialize, Serializer};
use std::fmt;

/// Why a part was not read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unread {
    /// A picture (photo, drawing, EMF/WMF): any text in it is not read without OCR. It is part of
    /// the layout, so it does not stop a `pass` on its own.
    Picture,
    /// An electronic seal (电子印章): a picture of the seal, not document text.
    Seal,
    /// A page made of pictures with no text on it (a scan): the page's text is not read at all.
    NoTextLayer,
    /// `bad` of `total` glyphs on a page have no Unicode mapping (a font without ToUnicode).
    UndecodableGlyphs {
        /// Glyphs that could not be decoded.
        bad: u64,
        /// Glyphs on the page.
        total: u64,
    },
    /// `count` glyphs on a page are painted as pictures (a PDF Type3 font whose glyph
    /// procedures draw images): their text layer, if any, cannot be checked against what they
    /// show, and OCR does not read glyphs.
    PictureGlyphs {
        /// How many were shown.
        count: u64,
    },
    /// Byte sequences that no candidate encoding decodes.
    UndecodableBytes {
        /// How many.
        count: u64,
        /// The encodings tried (`UTF-8, GB18030 or Big5`, `GBK`, `the code page`): names, never text.
        tried: String,
    },
    /// A format, or a variant of one, mijian cannot read.
    UnsupportedFormat(Unsupported),
    /// A part the file's own index names (a page, a header, a sheet, a manifest item) is not in
    /// the file. The file is damaged or was altered, and a viewer may show something the index
    /// promises: a person looks (this was `pass` in DOCX/XLSX/PPTX and `review` in OFD; now one
    /// rule, failing closed).
    MissingPart,
    /// A binary part of a container that no reader knows.
    UnknownPart,
    /// A part that is damaged: malformed XML or property set, corrupt compressed data, a broken
    /// stream, a MIME part whose transfer encoding fails.
    Damaged,
    /// Not well-formed XML, SVG or JSON (the parser's message, which carries no document text),
    /// read as plain text instead: every character was still matched, so no review.
    ReadAsPlainText {
        /// `XML`, `SVG`, `JSON`.
        format: &'static str,
        /// The parser's message.
        error: ParserMessage,
    },
    /// Not well-formed JSON read as plain text, whose `\u` escapes were therefore not decoded:
    /// text hidden in escapes was not matched.
    EscapesNotDecoded {
        /// The parser's message.
        error: ParserMessage,
    },
    /// A font: glyph shapes, no text.
    Font,
    /// A part that holds no document text by its nature.
    NotText(NotText),
    /// A limit of the reader was reached: the rest was not read.
    Limit(Cap),
    /// Encrypted: the content cannot be read without the key.
    Encrypted,
    /// A picture OCR did not read, or read only in part (see [`OcrGap`]).
    Ocr(OcrGap),
    /// An audio or video file (MP3, MP4, FLAC, WAV…): its properties (title, comment, lyrics,
    /// chapters) are read, but what it plays is not: speech and the text shown in its frames are
    /// not inspected, so, like an image file without OCR, it needs a person.
    AudioVideo,
}

/// Why a picture is not given to the OCR engine.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PictureUnfit {
    /// Decoding failed: the picture is damaged or in a form the decoders do not know (the
    /// decoder's message).
    Undecodable(String),
    /// Too small to hold text.
    TooSmall {
        /// Pixels across.
        width: u32,
        /// Pixels down.
        height: u32,
    },
    /// More pixels than are ever decoded.
    TooLarge {
        /// Pixels across.
        width: u32,
        /// Pixels down.
        height: u32,
    },
    /// A PDF picture whose samples decode to nothing.
    NoSamples,
    /// A PDF picture stream without a filter that makes it a picture.
    NoFilter,
    /// A PDF picture behind filters mijian does not decode (`filters`: their PDF names).
    NotDecoded {
        /// The filter names, joined with `+`.
        filters: String,
    },
    /// More inline images on a PDF page than are read there.
    InlineImagesDropped {
        /// How many were not read.
        dropped: usize,
        /// How many are read on a page.
        read: usize,
    },
}

impl PictureUnfit {
    /// What is wrong with the picture, for people in `lang`; a decoder's message follows.
    pub fn text(&self, lang: crate::Lang) -> String {
        use PictureUnfit as P;
        match (self, lang) {
            (P::Undecodable(cause), crate::Lang::Zh) => format!("无法解码：{cause}"),
            (P::Undecodable(cause), crate::Lang::En) => format!("cannot be decoded: {cause}"),
            (P::TooSmall { width, height }, crate::Lang::Zh) => format!("{width}×{height} 像素，太小，不会含有文字"),
            (P::TooSmall { width, height }, crate::Lang::En) => {
                format!("{width}×{height} pixels, too small to hold text")
            }
            (P::TooLarge { width, height }, crate::Lang::Zh) => format!("{width}×{height} 像素，超过解码上限"),
            (P::TooLarge { width, height }, crate::Lang::En) => {
                format!("{width}×{height} pixels, more than are ever decoded")
            }
            (P::NoSamples, _) => lang.pick("图片的像素数据无法解码", "its samples cannot be decoded").into(),
            (P::NoFilter, _) => lang.pick("图片数据流没有编码过滤器", "no filter").into(),
            (P::NotDecoded { filters }, crate::Lang::Zh) => format!("不解码 {filters} 格式的图片"),
            (P::NotDecoded { filters }, crate::Lang::En) => format!("{filters} pictures are not decoded"),
            (P::InlineImagesDropped { dropped, read }, crate::Lang::Zh) => {
                format!("页内嵌图片超过每页读取的 {read} 个，另有 {dropped} 个")
            }
            (P::InlineImagesDropped { dropped, read }, crate::Lang::En) => {
                format!("{dropped} more inline images than the {read} read on a page")
            }
        }
    }
}

/// What OCR left unread in a picture, and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OcrGap {
    /// A picture in a document: not read, because the OCR engine is absent. Part of the layout.
    EngineAbsent,
    /// A picture not fit for OCR (too small to hold text, too large, not decodable as a picture):
    /// what is wrong with it. Part of the layout.
    Unfit(PictureUnfit),
    /// An image file not read: OCR is off, or its engine absent. Nothing else of the file is read.
    ImageFile {
        /// Whether the engine is absent (rather than OCR turned off).
        engine_absent: bool,
    },
    /// An image file whose picture cannot be decoded.
    Undecodable,
    /// Of a picture's pages or frames (a multi-page TIFF scan, a GIF), only the first `read` of
    /// `total` were read: the rest is beyond the cap on pages per picture.
    FramesNotRead {
        /// Pages or frames read.
        read: u32,
        /// Pages or frames the picture holds.
        total: u32,
    },
    /// A picture in a form no permissively licensed decoder reads (JBIG2, JPEG 2000 in a PDF):
    /// the form. It may be a scanned page, so it needs review.
    NoDecoder(String),
    /// The engine failed on the picture (its message).
    Failed(String),
    /// Text that may be a mark, recognised with low confidence (the best confidence, of 100).
    DoubtfulMark(u32),
    /// A page with no text layer on which OCR recognised no text.
    NothingRecognised,
    /// A file that shows mainly pictures, in which nothing was recognised (`engine_absent`: not
    /// read at all): a scan that could not be read.
    MainlyPictures {
        /// Whether the pictures were not read because the engine is absent or OCR is off.
        not_read: bool,
    },
    /// The thumbnail an office suite saves of the first page: not content of its own.
    Thumbnail,
}

/// Formats (or variants) mijian cannot read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unsupported {
    /// A format sniffed from the bytes that has no reader (its short name: `pdf`, `image (needs OCR)`).
    Format(&'static str),
    /// Bytes that are neither text nor a format mijian knows.
    Binary,
    /// An OLE compound file that is neither DOC, XLS nor PPT.
    UnknownOle,
    /// An Excel 5.0/95 (BIFF5) or older workbook.
    OldExcel,
    /// Data RAR compressed (a member, a comment): no freely licensed decoder.
    Rar,
    /// A member continued in another volume of a multi-volume archive.
    SplitVolume,
    /// An XLSB (Excel binary) workbook.
    Xlsb,
    /// A PDF attachment compressed with a filter mijian does not decode.
    StreamFilter,
}

/// Parts that hold no document text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NotText {
    /// A VBA project: program code.
    Macros,
    /// Printer settings.
    PrinterSettings,
    /// Toolbar customisations.
    Toolbars,
    /// A digital signature's value.
    SignatureValue,
}

/// A reader's limit that left the rest of a part unread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cap {
    /// More attached files than the limit.
    Attachments(u64),
    /// HTML written by a script, nested deeper than the limit.
    ScriptNesting(u64),
    /// Documents inside the page (frames, data URLs), nested deeper than the limit.
    FrameNesting(u64),
    /// CSS generated content (`::before`, `::after`) beyond what is joined to its elements.
    CssGenerated,
    /// Text a page's layout shows in another order than its source (flex `order`, grid
    /// placement, absolute positions), read again in that order up to the page's size.
    LayoutOrder,
    /// XML element values read again (as the HTML page or the base64 file they hold) beyond
    /// what the document's size allows: elements nested in one another each hold their
    /// children's text, so each level would read the innermost text again.
    ElementValues,
    /// List labels (a numbered or bulleted list's words, repeated before each of its
    /// paragraphs) beyond the most one part may add: a long label numbering many paragraphs
    /// would multiply the part.
    ListLabels,
}

impl Unread {
    /// The stable id, for JSON and tests (`picture`, `unsupported_format`, …).
    pub fn id(&self) -> &'static str {
        match self {
            Unread::Picture => "picture",
            Unread::Seal => "seal",
            Unread::NoTextLayer => "no_text_layer",
            Unread::UndecodableGlyphs { .. } => "undecodable_glyphs",
            Unread::PictureGlyphs { .. } => "picture_glyphs",
            Unread::UndecodableBytes { .. } => "undecodable_bytes",
            Unread::UnsupportedFormat(_) => "unsupported_format",
            Unread::MissingPart => "missing_part",
            Unread::UnknownPart => "unknown_part",
            Unread::Damaged => "damaged",
            Unread::ReadAsPlainText { .. } => "read_as_plain_text",
            Unread::EscapesNotDecoded { .. } => "escapes_not_decoded",
            Unread::Font => "font",
            Unread::NotText(_) => "not_text",
            Unread::Limit(_) => "limit",
            Unread::Encrypted => "encrypted",
            Unread::AudioVideo => "audio_video",
            Unread::Ocr(g) => match g {
                OcrGap::EngineAbsent => "ocr_engine_absent",
                OcrGap::Unfit(_) => "picture_unfit",
                OcrGap::ImageFile { .. } => "image_needs_ocr",
                OcrGap::Undecodable => "picture_undecodable",
                OcrGap::FramesNotRead { .. } => "frames_not_read",
                OcrGap::NoDecoder(_) => "picture_no_decoder",
                OcrGap::Failed(_) => "ocr_failed",
                OcrGap::DoubtfulMark(_) => "doubtful_mark",
                OcrGap::NothingRecognised => "nothing_recognised",
                OcrGap::MainlyPictures { .. } => "mainly_pictures",
                OcrGap::Thumbnail => "thumbnail",
            },
        }
    }

    /// Whether leaving the part unread must stop a `pass`: it may hide text that was not matched.
    /// Pictures, seals and fonts are layout (OCR is its own stage); text read as plain text was
    /// still matched; parts that hold no document text by nature hide none.
    pub fn needs_review(&self) -> bool {
        !matches!(
            self,
            Unread::Picture
                | Unread::Seal
                | Unread::Font
                | Unread::NotText(_)
                | Unread::ReadAsPlainText { .. }
                | Unread::Ocr(OcrGap::EngineAbsent | OcrGap::Unfit(_) | OcrGap::Thumbnail)
        )
    }

    /// The wording for people, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn en(&self) -> String {
        match self {
            Unread::Picture => "image: not read (no OCR)".into(),
            Unread::Seal => "electronic seal: picture not read (no OCR)".into(),
            Unread::NoTextLayer => "no text layer (image only, needs OCR)".into(),
            Unread::UndecodableGlyphs { bad, total } => {
                format!("{bad} of {total} glyphs cannot be decoded (font without a Unicode mapping)")
            }
            Unread::PictureGlyphs { count } => {
                format!("{count} glyphs are pictures (Type3 font): what they show is not read")
            }
            Unread::UndecodableBytes { count, tried } => {
                format!("{count} byte sequences could not be decoded ({tried})")
            }
            Unread::UnsupportedFormat(u) => format!("unsupported format: {}", u.en()),
            Unread::MissingPart => "referenced but missing from the package".into(),
            Unread::UnknownPart => "unknown binary part: not read".into(),
            Unread::Damaged => "damaged or malformed: not read".into(),
            Unread::ReadAsPlainText { format, error } => {
                format!("not well-formed {format} ({}): read as plain text", error.en)
            }
            Unread::EscapesNotDecoded { error } => {
                format!("not well-formed JSON ({}): read as plain text, its \\u escapes not decoded", error.en)
            }
            Unread::Font => "font: glyph shapes, no text".into(),
            Unread::NotText(n) => match n {
                NotText::Macros => "macros (VBA project): code, not read",
                NotText::PrinterSettings => "printer settings: no document text",
                NotText::Toolbars => "toolbar customisations: no document text",
                NotText::SignatureValue => "signature value: no document text",
            }
            .into(),
            Unread::Limit(c) => match c {
                Cap::Attachments(n) => format!("more than {n} attached files: the rest are not read"),
                Cap::ScriptNesting(n) => format!("HTML written by a script nested more than {n} deep: not read"),
                Cap::FrameNesting(n) => format!("a document inside the page nested more than {n} deep: not read"),
                Cap::CssGenerated => {
                    "CSS generated content joined to the first elements only: the rest is read apart".into()
                }
                Cap::LayoutOrder => {
                    "text the layout moves (flex order, grid, absolute positions) read in display order up to the page's size: the rest in source order only".into()
                }
                Cap::ElementValues => {
                    "XML element values read again as pages or files up to twice the file size: the rest as text only"
                        .into()
                }
                Cap::ListLabels => "list labels read up to a limit: the later paragraphs' labels are not read".into(),
            },
            Unread::Encrypted => "encrypted: not read".into(),
            Unread::AudioVideo => {
                "audio/video: its properties are read, the sound and pictures are not inspected".into()
            }
            Unread::Ocr(g) => match g {
                OcrGap::EngineAbsent => "image: not read (no OCR): engine absent".into(),
                OcrGap::Unfit(why) => format!("image: not read: {}", why.text(crate::Lang::En)),
                OcrGap::ImageFile { engine_absent: true } => "image: needs OCR, and the OCR engine is absent".into(),
                OcrGap::ImageFile { engine_absent: false } => "image: needs OCR, which is off".into(),
                OcrGap::Undecodable => "image: the picture cannot be decoded".into(),
                OcrGap::FramesNotRead { read, total } => {
                    format!("image: only the first {read} of its {total} pages or frames are read")
                }
                OcrGap::NoDecoder(form) => format!("image: not read: {form} pictures cannot be decoded"),
                OcrGap::Failed(e) => format!("image: {e}"),
                OcrGap::DoubtfulMark(c) => {
                    format!("image: text that may be a mark recognised with low confidence ({c} of 100)")
                }
                OcrGap::NothingRecognised => "no text layer, and OCR recognised no text (image only)".into(),
                OcrGap::MainlyPictures { not_read: false } => {
                    "the file shows mainly pictures and OCR recognised no text in them (a scan that could not be read?)"
                        .into()
                }
                OcrGap::MainlyPictures { not_read: true } => {
                    "the file shows mainly pictures, which are not read without OCR (a scan?)".into()
                }
                OcrGap::Thumbnail => "thumbnail (a small picture of the first page): not read".into(),
            },
        }
    }

    fn zh(&self) -> String {
        match self {
            Unread::Picture => "图片：未读取其中文字（未做 OCR 识别）".into(),
            Unread::Seal => "电子印章：印章图片未读取（未做 OCR 识别）".into(),
            Unread::NoTextLayer => "没有文字层（仅有图片，需 OCR 识别）".into(),
            Unread::UndecodableGlyphs { bad, total } => {
                format!("{total} 个字形中有 {bad} 个无法解码（字体缺少 Unicode 映射）")
            }
            Unread::PictureGlyphs { count } => format!("{count} 个字形是图片（Type3 字体）：其显示的内容未读取"),
            Unread::UndecodableBytes { count, tried } => format!("{count} 处字节序列无法解码（{tried}）"),
            Unread::UnsupportedFormat(u) => format!("不支持的格式：{}", u.zh()),
            Unread::MissingPart => "文件中引用的部件缺失".into(),
            Unread::UnknownPart => "未知的二进制部件：未读取".into(),
            Unread::Damaged => "内容损坏或格式错误：未读取".into(),
            Unread::ReadAsPlainText { format, error } => {
                format!("不是格式正确的 {format}（{}）：已按纯文本读取", error.zh)
            }
            Unread::EscapesNotDecoded { error } => {
                format!("不是格式正确的 JSON（{}）：已按纯文本读取，其中的 \\u 转义未解码", error.zh)
            }
            Unread::Font => "字体：字形数据，不含文字".into(),
            Unread::NotText(n) => match n {
                NotText::Macros => "宏（VBA 工程）：程序代码，未读取",
                NotText::PrinterSettings => "打印机设置：不含文档文字",
                NotText::Toolbars => "工具栏自定义：不含文档文字",
                NotText::SignatureValue => "签名值：不含文档文字",
            }
            .into(),
            Unread::Limit(c) => match c {
                Cap::Attachments(n) => format!("附件超过 {n} 个：其余未读取"),
                Cap::ScriptNesting(n) => format!("脚本写入的 HTML 嵌套超过 {n} 层：未读取"),
                Cap::FrameNesting(n) => format!("页面内嵌文档嵌套超过 {n} 层：未读取"),
                Cap::CssGenerated => "CSS 生成内容只与前面的元素拼接，其余单独读取".into(),
                Cap::LayoutOrder => {
                    "版面移动位置的文字（flex 次序、网格、绝对定位）按显示顺序读取至多网页大小：其余只按源代码顺序读取"
                        .into()
                }
                Cap::ElementValues => {
                    "XML 元素值作为网页或文件再次读取，至多为文件大小的两倍：其余只作为文字读取".into()
                }
                Cap::ListLabels => "列表编号文字读取达到上限：其后段落的编号文字未读取".into(),
            },
            Unread::Encrypted => "已加密：未读取".into(),
            Unread::AudioVideo => "音视频：已读取文件属性，声音和画面未检查".into(),
            Unread::Ocr(g) => match g {
                OcrGap::EngineAbsent => "图片：未读取其中文字（未安装 OCR 引擎）".into(),
                OcrGap::Unfit(why) => format!("图片：未读取（{}）", why.text(crate::Lang::Zh)),
                OcrGap::ImageFile { engine_absent: true } => "图片文件：需要 OCR 识别，但未安装 OCR 引擎".into(),
                OcrGap::ImageFile { engine_absent: false } => "图片文件：需要 OCR 识别，但 OCR 已关闭".into(),
                OcrGap::Undecodable => "图片：无法解码".into(),
                OcrGap::FramesNotRead { read, total } => format!("图片：共 {total} 页（帧），只识别了前 {read} 页"),
                OcrGap::NoDecoder(form) => format!("图片：{form} 格式的图片无法解码，未读取"),
                OcrGap::Failed(e) => format!("图片：OCR 识别失败（{e}）"),
                OcrGap::DoubtfulMark(c) => format!("图片：识别出疑似密级标志的文字，但置信度低（{c}/100）"),
                OcrGap::NothingRecognised => "没有文字层，OCR 也未识别出文字（仅有图片）".into(),
                OcrGap::MainlyPictures { not_read: false } => {
                    "文件内容主要是图片，OCR 未从中识别出文字（可能是无法识别的扫描件）".into()
                }
                OcrGap::MainlyPictures { not_read: true } => "文件内容主要是图片，未做 OCR 识别（可能是扫描件）".into(),
                OcrGap::Thumbnail => "缩略图（首页的小图）：未读取".into(),
            },
        }
    }
}

impl Unsupported {
    fn en(&self) -> &'static str {
        match self {
            Unsupported::Format(name) => name,
            Unsupported::Binary => "binary (not text, not a known format)",
            Unsupported::UnknownOle => "OLE compound file of an unknown kind",
            Unsupported::OldExcel => "Excel 5.0/95 or older workbook",
            Unsupported::Rar => "RAR compressed data (no freely licensed RAR decoder); unpack it and submit the files",
            Unsupported::SplitVolume => {
                "continued in another volume of the archive; join the volumes, unpack and submit the files"
            }
            Unsupported::Xlsb => "XLSB (Excel binary workbook), cells and sheet names not read; save it as XLSX",
            Unsupported::StreamFilter => "attached file compressed with a filter that cannot be decoded",
        }
    }

    fn zh(&self) -> &'static str {
        match self {
            Unsupported::Format(name) => name,
            Unsupported::Binary => "二进制数据（不是文字，也不是已知格式）",
            Unsupported::UnknownOle => "未知类型的 OLE 复合文档",
            Unsupported::OldExcel => "Excel 5.0/95 或更早版本的工作簿",
            Unsupported::Rar => "RAR 压缩数据（没有自由许可的 RAR 解码器），请解压后提交其中的文件",
            Unsupported::SplitVolume => "内容续在分卷压缩包的其他分卷中，请合并分卷、解压后提交其中的文件",
            Unsupported::Xlsb => "XLSB（Excel 二进制工作簿），单元格和工作表名未读取，请另存为 XLSX",
            Unsupported::StreamFilter => "附件使用了无法解码的压缩过滤器",
        }
    }
}

/// The English wording: the `reason` of the JSON contract, unchanged in language.
impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// A parser's message in both languages: the reader meets it before anyone has chosen a
/// language, and a Chinese reason must not carry an English sentence.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParserMessage {
    /// For people reading Chinese.
    pub zh: String,
    /// For people reading English (and the JSON `reason`, which is English).
    pub en: String,
}

impl ParserMessage {
    /// The message in Chinese and in English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        ParserMessage { zh: zh.into(), en: en.into() }
    }
}

/// Serialised as its English wording (the `reason` field as it always was).
impl Serialize for Unread {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Unread> {
        vec![
            Unread::Picture,
            Unread::Seal,
            Unread::NoTextLayer,
            Unread::UndecodableGlyphs { bad: 3, total: 7 },
            Unread::PictureGlyphs { count: 4 },
            Unread::UndecodableBytes { count: 2, tried: "UTF-8, GB18030 or Big5".into() },
            Unread::UnsupportedFormat(Unsupported::Rar),
            Unread::MissingPart,
            Unread::UnknownPart,
            Unread::Damaged,
            Unread::ReadAsPlainText { format: "XML", error: ParserMessage::new("意外结束", "unexpected end") },
            Unread::EscapesNotDecoded { error: ParserMessage::new("无法识别的记号", "bad token") },
            Unread::Font,
            Unread::NotText(NotText::Macros),
            Unread::Limit(Cap::Attachments(100)),
            Unread::Encrypted,
        ]
    }

    #[test]
    fn every_kind_has_its_own_id_and_both_wordings() {
        let kinds = every_kind();
        let ids: std::collections::HashSet<_> = kinds.iter().map(Unread::id).collect();
        assert_eq!(ids.len(), kinds.len(), "ids are distinct");
        for k in &kinds {
            let (zh, en) = (k.text(Lang::Zh), k.text(Lang::En));
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {zh}", k.id());
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {en}", k.id());
            assert_eq!(k.to_string(), en, "Display is the English wording");
        }
    }

    #[test]
    fn an_unknown_binary_file_is_said_in_both_languages() {
        let binary = Unread::UnsupportedFormat(Unsupported::Binary);
        assert_eq!(binary.id(), "unsupported_format");
        assert_eq!(binary.to_string(), "unsupported format: binary (not text, not a known format)");
        assert_eq!(binary.text(Lang::Zh), "不支持的格式：二进制数据（不是文字，也不是已知格式）");
        assert!(binary.needs_review());
    }

    #[test]
    fn what_may_hide_unmatched_text_needs_review() {
        let review: Vec<_> = every_kind().into_iter().filter(Unread::needs_review).map(|k| k.id()).collect();
        assert_eq!(
            review,
            [
                "no_text_layer",
                "undecodable_glyphs",
                "picture_glyphs",
                "undecodable_bytes",
                "unsupported_format",
                "missing_part",
                "unknown_part",
                "damaged",
                "escapes_not_decoded",
                "limit",
                "encrypted"
            ]
        );
    }

    #[test]
    fn arguments_reach_both_wordings() {
        let k = Unread::UndecodableGlyphs { bad: 5, total: 9 };
        assert_eq!(k.text(Lang::Zh), "9 个字形中有 5 个无法解码（字体缺少 Unicode 映射）");
        assert_eq!(k.text(Lang::En), "5 of 9 glyphs cannot be decoded (font without a Unicode mapping)");
        let f = Unread::UnsupportedFormat(Unsupported::Format("pdf"));
        assert_eq!(f.text(Lang::Zh), "不支持的格式：pdf");
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"unsupported format: pdf\"");
    }
}
