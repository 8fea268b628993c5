//! RTF: the text Word (or WordPad, or WPS) shows, and what it keeps beside it.
//!
//! # How RTF holds text
//!
//! An RTF file is one group `{\rtf1 … }` of nested groups, control words and text (see
//! [`lexer`]). Each group starts with the state of its parent and may switch *destination*, the
//! place its text goes: `{\header …}` is a page header, `{\footnote …}` a footnote, `{\fonttbl …}`
//! the font table (no text a reader sees). A destination marked `{\*\name …}` is one an older
//! reader may ignore if it does not know it; Word ignores those it does not know, and so do we.
//!
//! Chinese text is written as bytes in the code page of the current font (`\f1` refers to the font
//! table, where `\fcharset134` means GBK) or of the document (`\ansicpg936`), as `\'hh` escapes in
//! pairs (`\'bb\'fa` is 机), or as `\uN` (a signed 16-bit UTF-16 unit) followed by `\ucN` fallback
//! characters that Unicode-aware readers skip. See [`codepage`].
//!
//! # What is read
//!
//! - the body, one segment per paragraph (`\par`; table cells end paragraphs too, as in DOCX), part
//!   `body`; tabs and line breaks as `\t` and `\n`;
//! - headers and footers (`\header`, `\headerl`/`r`/`f`, and the footers), parts `header`, `footer`;
//! - footnotes and endnotes (`\footnote`), part `footnote`; comments (`\*\annotation`), part
//!   `annotation`, with the author (`\*\atnauthor`) as the segment's field and as text;
//! - fields: the result (`\fldrslt`), inline, as Word shows it; the instruction (`\*\fldinst`,
//!   where `HYPERLINK` targets and `DOCPROPERTY` names are) apart, part `fields`, field
//!   `instruction`, as [`Role::Other`] (inline, its quotes would make the result look quoted);
//!   what an `EQ` field draws (an enclosed character, `EQ \o\ac(○,密)`) inline at its place
//!   (see [`crate::eq_field`]);
//! - hidden text (`\v`) and tracked deletions (`\deleted`): they are in the file; where such
//!   text, or white (`\cfN` of a white colour) or 1pt (`\fs2`) text, sits between shown text of a
//!   paragraph, the paragraph is read again as it shows, field `as shown` (see
//!   [`crate::as_shown`]: `机{\v 公开}密★1年` shows `机密★1年`);
//! - the document information (`\info`: title, subject, author, keywords, comments, operator,
//!   category, company, manager), custom properties (`\*\userprops`) and document variables
//!   (`\*\docvar`, shown by `DOCVARIABLE` fields), part `info`, field = the property, as
//!   [`Role::Properties`];
//! - shapes: text boxes (`\shptxt`), WordArt and watermark text (`gtextUNICODE`), alternative text
//!   (`wzDescription`, `wzTitle`), also of pictures (`\*\picprop` in `\pict`), and the
//!   `\shprslt` fallback that WordPad shows;
//! - shapes' names (`wzName`, listed in the Selection Pane; not Word's own, `Text Box 2`) and
//!   hyperlinks (`pihlShape`), part `shapes`, fields `shape name` and `hyperlink`;
//! - the Unicode half of a `\upr` pair (`\*\ud`), which Word shows, not the ANSI half;
//! - an old-style numbering's text before and after the number (`\*\pn`: `\pntxtb`, `\pntxta`);
//! - the author's style names (the Styles pane; not ASCII ones, as Word writes its own in
//!   English), part `styles`, field `style name`; the attached template's
//!   path (`\*\template`), part `info`, field `template`;
//! - the number text of each list level (`\leveltext` in the list table: `第%1章`, shown before
//!   every item of the level), as the first item shows it (`第1章`), once each, part `lists`,
//!   field `numbering`;
//! - equations (`\mmath`, `\*\moMath`), their text where it stands: math objects (`\*\mr`,
//!   `\*\mnum`…) are read, their properties (`\*\mfPr`…) are not;
//! - form-field texts a user sees (default text, help and status-bar text, drop-down entries),
//!   index and table-of-contents entries, bookmark names (listed by Insert > Bookmark), and the
//!   revision authors (`\*\revtbl`, shown beside tracked changes);
//! - embedded objects (`\objdata`), handed back as members (see [`object`]);
//! - pictures (`\pict`, in hex or after `\bin`; in `\*\shppict`, in the `\nonshppict` copy older
//!   readers show, in an object's `\result`), part `picture N`: the text a metafile draws
//!   (`\emfblip`, `\wmetafile8`), and the other pictures through the picture code (see
//!   [`crate::ocr`]: a PNG, JPEG or device-independent bitmap is read by OCR when it is on, else
//!   noted as not read, which makes a file of mostly pictures need review; a device-dependent
//!   bitmap, QuickDraw or OS/2 picture is noted as not read).
//!
//! Skipped, as Word shows none of it as text: the font, colour and revision-save tables, the
//! style sheet but its names, the list table but its number texts, theme and data-store blobs, the generator name, and every `\*`
//! destination not named above.
//!
//! Group nesting is bounded by [`Limits::max_xml_depth`]; the rest is bounded by the input (every
//! output is smaller than it). The reader never fails on malformed markup: it reads on, as Word
//! does; only a file that does not start with `{\rtf`, or nests too deep, is an error.

mod codepage;
mod lexer;
mod lists;
mod object;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use mijian_core::{Cap, Unread};
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};

use crate::as_shown::AsShown;
use crate::{ExtractError, LimitKind, Limits};
use lexer::{Lexer, Token};

/// Reads an RTF document.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    if !body[start..].starts_with(b"{\\rtf") {
        return Err(ExtractError::corrupt(crate::Defect::NotRtf));
    }
    let mut reader = Reader::new(limits);
    reader.read(&body[start..], sink)?;
    if reader.decode_errors > 0 {
        sink.coverage(CoverageNote::unread(
            "body",
            Unread::UndecodableBytes { count: reader.decode_errors as u64, tried: "the RTF code page".into() },
        ))?;
    } else {
        sink.coverage(CoverageNote::read("(rtf)"))?;
    }
    Ok(())
}

/// Where the text of a group goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dest {
    /// Into output `n` (see [`Output`]).
    Out(usize),
    /// Nowhere.
    Skip,
    /// A picture (`\pict`) in output `n`: its data skipped, its properties (`\*\picprop`, where
    /// Word keeps the picture's alternative text) read into output `n`.
    Picture(usize),
    /// The list table: nothing but the list levels' number texts (`\leveltext`) and what
    /// their labels need (see [`lists`]).
    ListTable,
    /// The list override table: which list each `\ls` number names.
    ListOverrides,
    /// The ANSI half of a `\upr` pair, in output `n`: skipped, as Word reads the Unicode half
    /// (`\*\ud`), which goes to output `n`.
    AnsiHalf(usize),
    /// The font table: font numbers and their character sets.
    FontTable,
    /// The colour table: which colour numbers are white (see [`Group::colour`]).
    ColourTable,
    /// Into [`Reader::collected`], for a use decided when the group closes.
    Collect(Collect),
}

/// A picture's kind and data, gathered while its `\pict` group is read and read when the group
/// closes.
#[derive(Debug, Default)]
struct Picture {
    kind: PictureKind,
    hex: Vec<u8>,
    raw: Vec<u8>,
}

/// What a picture's data is, by the word that says so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum PictureKind {
    /// `\emfblip`, `\wmetafileN`: records, some of which may draw text.
    Metafile,
    /// `\pngblip`, `\jpegblip`: a picture file.
    File,
    /// `\dibitmapN`: a device-independent bitmap, a BMP file without its file header.
    Dib,
    /// `\wbitmapN`, `\macpict`, `\pmmetafileN`, or no word at all: bytes no decoder here reads.
    #[default]
    Other,
}

/// At most this many bytes of a picture are gathered (hex digits count half).
const MAX_PICTURE: usize = 16 << 20;

/// Groups whose text is gathered whole and used when the group closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Collect {
    AnnotationAuthor,
    ShapeName,
    ShapeValue,
    Bookmark,
    ObjectData,
    FieldInstruction,
    /// A list level's number text (`\leveltext`).
    LevelText,
    /// The style sheet: the styles' names, each ended by `;`.
    StyleNames,
}

/// The state a group inherits from its parent.
#[derive(Clone, Debug)]
struct Group {
    dest: Dest,
    /// Fallback characters after `\uN` (`\ucN`).
    uc: u32,
    /// The current font (`\fN`), for its code page.
    font: Option<i32>,
    /// Whether this group switched the destination (its end finishes that destination).
    owns: bool,
    /// Inside `\info`, where `\title`, `\author`… are document properties.
    in_info: bool,
    /// Character formatting that keeps text off the page: hidden (`\v`) or deleted
    /// (`\deleted`), at most 1pt high (`\fs2`), and the text colour (`\cfN`, white unseen).
    hidden: bool,
    tiny: bool,
    colour: i32,
    /// Inside an equation (`\mmath`, `\*\moMath`…), whose math objects (`\*\mr`, `\mnum`…)
    /// hold its text and whose properties (`\*\mfPr`…) hold none.
    in_math: bool,
}

/// A stream of paragraphs: the body, the headers, one document property…
struct Output {
    part: &'static str,
    role: Role,
    field: Option<String>,
    paragraph: u32,
    text: String,
    /// The paragraph as it shows, where unseen text cuts it (see [`crate::as_shown`]).
    shown: AsShown,
}

/// A font table entry being read.
#[derive(Default)]
struct FontEntry {
    number: Option<i32>,
    charset: Option<i32>,
    cpg: Option<u32>,
}

/// Shape properties whose values are text a reader sees.
const SHAPE_TEXT: &[&str] = &["gtextUNICODE", "wzDescription", "wzTitle"];

/// The document properties of `\info`.
const INFO_FIELDS: &[&str] =
    &["title", "subject", "author", "keywords", "doccomm", "operator", "category", "company", "manager", "comment"];

/// Destinations whose text Word never shows as text.
const SKIPPED: &[&str] = &[
    "rsidtbl",
    "generator",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "xmlnstbl",
    "fchars",
    "lchars",
    "pgdsctbl",
    "filetbl",
    "mmathPr",
    "wgrffmtfilter",
    "defchp",
    "defpap",
    "bkmkend",
    "fldtype",
    "datafield",
    "objclass",
    "objname",
    "atnid",
    "atndate",
    "atntime",
    "atnref",
    "atnparent",
    "ffname",
    "ffentrymcr",
    "ffexitmcr",
    "creatim",
    "revtim",
    "printim",
    "buptim",
    "blipuid",
    "passwordhash",
];

/// `\*` destinations Word shows (or lets a user reach): read as part of the enclosing text.
const STARRED_READ: &[&str] = &[
    "shpinst",
    "ffdeftext",
    "ffhelptext",
    "ffstattext",
    "ffl",
    "userprops",
    "txe",
    "pntxta",
    "pntxtb",
    "pntext",
    "listtext",
    // Containers of the above: a picture with its properties, a form field's texts, an old
    // numbering's text before and after the number, the Unicode half of a `\upr` pair.
    "shppict",
    "nonshppict",
    "formfield",
    "hl",
    "pn",
    "ud",
];

struct Reader {
    max_depth: usize,
    /// For the pictures, which the picture code reads within them.
    limits: Limits,
    stack: Vec<Group>,
    outputs: Vec<Output>,
    /// Font number → its code page (`None`: the document's).
    fonts: HashMap<i32, Option<u32>>,
    font_entry: FontEntry,
    default_font: Option<i32>,
    doc_cp: u32,
    /// Text bytes not decoded yet (a GBK pair arrives as two tokens), and their code page.
    pending: Vec<u8>,
    pending_cp: u32,
    /// A UTF-16 high surrogate from `\uN`, waiting for its low half.
    high_surrogate: Option<u16>,
    /// Fallback characters still to skip after a `\uN`.
    skip: u32,
    /// A `\*` was just read: an unknown destination word that follows is skipped.
    star: bool,
    collected: String,
    object_raw: Vec<u8>,
    annotation_author: Option<String>,
    shape_name: String,
    /// The list levels' number texts read so far (each is read once).
    level_texts: std::collections::HashSet<String>,
    /// The style names read so far (each is read once).
    style_names: std::collections::HashSet<String>,
    /// The lists, for the labels of paragraphs that do not write theirs (see [`lists`]).
    lists: lists::Lists,
    objects: u32,
    /// The picture being read (`\pict`): its kind and its data (hex digits, or `\bin` bytes).
    picture: Picture,
    pictures: u32,
    decode_errors: usize,
    /// Whether each colour of the colour table is white, and the colour being read.
    white: Vec<bool>,
    colour: (u8, u8, u8),
}

impl Reader {
    fn new(limits: &Limits) -> Self {
        let body = Output {
            part: "body",
            role: Role::Body,
            field: None,
            paragraph: 0,
            text: String::new(),
            shown: AsShown::default(),
        };
        Reader {
            max_depth: limits.max_xml_depth,
            limits: limits.clone(),
            stack: vec![Group {
                dest: Dest::Out(0),
                uc: 1,
                font: None,
                owns: false,
                in_info: false,
                hidden: false,
                tiny: false,
                colour: 0,
                in_math: false,
            }],
            outputs: vec![body],
            fonts: HashMap::new(),
            font_entry: FontEntry::default(),
            default_font: None,
            doc_cp: 1252,
            pending: Vec::new(),
            pending_cp: 1252,
            high_surrogate: None,
            skip: 0,
            star: false,
            collected: String::new(),
            object_raw: Vec::new(),
            picture: Picture::default(),
            pictures: 0,
            annotation_author: None,
            shape_name: String::new(),
            level_texts: std::collections::HashSet::new(),
            style_names: std::collections::HashSet::new(),
            lists: lists::Lists::default(),
            objects: 0,
            decode_errors: 0,
            white: Vec::new(),
            colour: (0, 0, 0),
        }
    }

    fn group(&mut self) -> &mut Group {
        self.stack.last_mut().expect("the base group is never popped")
    }

    fn read(&mut self, bytes: &[u8], sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        let mut lexer = Lexer::new(bytes);
        while let Some(token) = lexer.next() {
            let star = std::mem::take(&mut self.star);
            match token {
                Token::Open => {
                    self.flush();
                    self.skip = 0;
                    if self.stack.len() > self.max_depth {
                        return Err(ExtractError::limit(LimitKind::NestingDepth, self.max_depth, self.stack.len())
                            .at_byte(lexer.position()));
                    }
                    let parent = self.group().clone();
                    self.stack.push(Group { owns: false, ..parent });
                }
                Token::Close => {
                    self.flush();
                    self.skip = 0;
                    self.close_group(sink)?;
                }
                Token::Text(text) => {
                    let text = self.skip_fallback(text);
                    self.add_bytes(text);
                }
                Token::Hex(b) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                    } else {
                        self.add_bytes(&[b]);
                    }
                }
                Token::Bin(data) => {
                    if self.group().dest == Dest::Collect(Collect::ObjectData) {
                        self.object_raw.extend_from_slice(data);
                    } else if matches!(self.group().dest, Dest::Picture(_)) {
                        let room = MAX_PICTURE.saturating_sub(self.picture.raw.len());
                        self.picture.raw.extend_from_slice(&data[..data.len().min(room)]);
                    }
                }
                Token::Symbol(c) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                        continue;
                    }
                    match c {
                        b'*' => self.star = true,
                        b'\\' | b'{' | b'}' => self.add_bytes(&[c]),
                        b'~' => self.put("\u{A0}"),
                        b'_' => self.put("-"),
                        _ => {}
                    }
                }
                Token::Word(name, param) => {
                    self.flush();
                    if self.skip > 0 && name != b"u" {
                        self.skip -= 1;
                        continue;
                    }
                    let name = std::str::from_utf8(name).unwrap_or("");
                    self.control_word(name, param, star, sink)?;
                }
            }
        }
        self.flush();
        while self.stack.len() > 1 {
            self.close_group(sink)?;
        }
        for i in 0..self.outputs.len() {
            self.end_paragraph(i, sink)?;
        }
        Ok(())
    }

    /// Drops the fallback bytes still owed after a `\uN` from the start of `text`.
    fn skip_fallback<'t>(&mut self, text: &'t [u8]) -> &'t [u8] {
        let n = (self.skip as usize).min(text.len());
        self.skip -= n as u32;
        &text[n..]
    }

    fn control_word(
        &mut self,
        name: &str,
        param: Option<i32>,
        star: bool,
        sink: &mut dyn DocumentSink,
    ) -> Result<(), ExtractError> {
        match self.group().dest {
            Dest::FontTable => {
                self.font_table_word(name, param);
                return Ok(());
            }
            Dest::ColourTable => {
                let value = param.unwrap_or(0).clamp(0, 255) as u8;
                match name {
                    "red" => self.colour.0 = value,
                    "green" => self.colour.1 = value,
                    "blue" => self.colour.2 = value,
                    _ => {}
                }
                return Ok(());
            }
            // Everything inside a skipped destination is skipped, nested destinations included.
            Dest::Skip => return Ok(()),
            Dest::ListTable => {
                if name == "leveltext" {
                    self.switch(Dest::Collect(Collect::LevelText));
                }
                self.lists.table_word(name, param);
                return Ok(());
            }
            Dest::ListOverrides => {
                self.lists.override_word(name, param);
                return Ok(());
            }
            Dest::Picture(i) => {
                match name {
                    "picprop" => self.group().dest = Dest::Out(i),
                    "emfblip" | "wmetafile" => self.picture.kind = PictureKind::Metafile,
                    "pngblip" | "jpegblip" => self.picture.kind = PictureKind::File,
                    "dibitmap" => self.picture.kind = PictureKind::Dib,
                    _ => {}
                }
                return Ok(());
            }
            Dest::AnsiHalf(i) if name == "ud" => {
                self.group().dest = Dest::Out(i);
                return Ok(());
            }
            _ => {}
        }
        match name {
            "u" => {
                if let Some(n) = param {
                    self.unicode(n);
                    self.skip = self.group().uc;
                }
            }
            "uc" => self.group().uc = param.unwrap_or(1).clamp(0, 16) as u32,
            "f" => self.group().font = param,
            "plain" => {
                let g = self.group();
                (g.font, g.hidden, g.tiny, g.colour) = (None, false, false, 0);
            }
            "v" | "deleted" => self.group().hidden = param != Some(0),
            "fs" => self.group().tiny = param.is_some_and(|half_points| half_points <= 2),
            "cf" => self.group().colour = param.unwrap_or(0),
            "colortbl" => {
                self.white.clear();
                self.colour = (0, 0, 0);
                self.switch(Dest::ColourTable);
            }
            "deff" => self.default_font = param,
            "ansicpg" => self.doc_cp = param.unwrap_or(1252).max(0) as u32,
            "mac" => self.doc_cp = 10000,
            "pc" => self.doc_cp = 437,
            "pca" => self.doc_cp = 850,
            "par" | "sect" | "page" | "cell" | "nestcell" | "row" | "nestrow" => self.paragraph_break(sink)?,
            "line" => self.put("\n"),
            "tab" => self.put("\t"),
            "emdash" => self.put("\u{2014}"),
            "endash" => self.put("\u{2013}"),
            "emspace" | "enspace" | "qmspace" => self.put(" "),
            "bullet" => self.put("\u{2022}"),
            "lquote" => self.put("\u{2018}"),
            "rquote" => self.put("\u{2019}"),
            "ldblquote" => self.put("\u{201C}"),
            "rdblquote" => self.put("\u{201D}"),
            "fonttbl" => self.switch(Dest::FontTable),
            "listtable" => self.switch(Dest::ListTable),
            "listoverridetable" => self.switch(Dest::ListOverrides),
            // Where the body's paragraph is in the lists, and whether it writes its label.
            "pard" | "ls" | "ilvl" | "listtext" | "pntext" if self.group().dest == Dest::Out(0) => {
                self.lists.paragraph_word(name, param)
            }
            "stylesheet" => self.switch(Dest::Collect(Collect::StyleNames)),
            // The attached template's path (Templates and Add-ins), as DOCX's is read.
            "template" => self.switch_output("info", Role::Properties, Some("template".into())),
            "pict" => {
                let at = match self.group().dest {
                    Dest::Out(i) => i,
                    _ => 0,
                };
                self.picture = Picture::default();
                self.switch(Dest::Picture(at));
            }
            // `{\upr{ANSI text}{\*\ud{Unicode text}}}`: Word shows the Unicode text. (Elsewhere
            // than in an output, both halves are read.)
            "upr" => {
                if let Dest::Out(i) = self.group().dest {
                    self.group().dest = Dest::AnsiHalf(i);
                }
            }
            "header" | "headerl" | "headerr" | "headerf" => self.switch_output("header", Role::Header, None),
            "footer" | "footerl" | "footerr" | "footerf" => self.switch_output("footer", Role::Footer, None),
            "footnote" => self.switch_output("footnote", Role::Note, None),
            "annotation" => {
                let author = self.annotation_author.clone();
                self.switch_output("annotation", Role::Note, author);
            }
            "revtbl" => self.switch_output("revision authors", Role::Other, None),
            "propname" | "staticval" => self.switch_output("info", Role::Properties, Some("custom".into())),
            // `{\*\docvar {name}{value}}`: what a DOCVARIABLE field displays.
            "docvar" => self.switch_output("info", Role::Properties, Some("docvar".into())),
            "atnauthor" => self.switch(Dest::Collect(Collect::AnnotationAuthor)),
            "sn" => self.switch(Dest::Collect(Collect::ShapeName)),
            "sv" => self.switch(Dest::Collect(Collect::ShapeValue)),
            // The parts of a shape's hyperlink (`{\*\hl{\hlfr …}{\hlsrc …}}`), one per line.
            "hlloc" | "hlfr" | "hlsrc" => self.put("\n"),
            "bkmkstart" => self.switch(Dest::Collect(Collect::Bookmark)),
            // Word shows a field's result; its instruction (a link's target) is read apart, so
            // it neither joins the result's line nor sets it in quotes.
            "fldinst" => self.switch(Dest::Collect(Collect::FieldInstruction)),
            "objdata" => {
                self.object_raw.clear();
                self.switch(Dest::Collect(Collect::ObjectData));
            }
            "info" => self.group().in_info = true,
            "mmath" | "moMathPara" | "moMath" => self.group().in_math = true,
            n if INFO_FIELDS.contains(&n) && self.group().in_info => {
                self.switch_output("info", Role::Properties, Some(n.to_owned()))
            }
            n if SKIPPED.contains(&n) => self.switch(Dest::Skip),
            // In an equation, a starred math object is text; its properties are not.
            n if star && self.group().in_math && n.starts_with('m') && !n.ends_with("Pr") => {}
            n if star && !STARRED_READ.contains(&n) => self.switch(Dest::Skip),
            _ => {}
        }
        Ok(())
    }

    fn font_table_word(&mut self, name: &str, param: Option<i32>) {
        match name {
            "f" => {
                self.commit_font();
                self.font_entry.number = param;
            }
            "fcharset" => self.font_entry.charset = param,
            "cpg" => self.font_entry.cpg = param.map(|p| p.max(0) as u32),
            _ => {}
        }
    }

    fn commit_font(&mut self) {
        let entry = std::mem::take(&mut self.font_entry);
        if let Some(n) = entry.number {
            let cp = entry.cpg.filter(|c| *c != 0).or_else(|| entry.charset.and_then(codepage::of_charset));
            self.fonts.insert(n, cp);
        }
    }

    fn switch(&mut self, dest: Dest) {
        if matches!(dest, Dest::Collect(_)) {
            self.collected.clear();
        }
        let g = self.group();
        g.dest = dest;
        g.owns = true;
    }

    /// Sends the group's text to the output (`part`, `field`), made on first use.
    fn switch_output(&mut self, part: &'static str, role: Role, field: Option<String>) {
        let i = match self.outputs.iter().position(|o| o.part == part && o.field == field) {
            Some(i) => i,
            None => {
                self.outputs.push(Output {
                    part,
                    role,
                    field,
                    paragraph: 0,
                    text: String::new(),
                    shown: AsShown::default(),
                });
                self.outputs.len() - 1
            }
        };
        self.switch(Dest::Out(i));
    }

    fn close_group(&mut self, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        if self.stack.len() == 1 {
            return Ok(()); // An unbalanced `}`: Word reads on.
        }
        let group = self.stack.pop().expect("more than the base group");
        if group.dest == Dest::FontTable {
            self.commit_font();
        }
        if !group.owns {
            // The unnamed groups of a property (`{\*\docvar {name}{value}}`) are separate lines.
            if let Dest::Out(i) = group.dest {
                if self.outputs[i].field.as_deref() == Some("docvar") {
                    self.outputs[i].text.push('\n');
                }
            }
            return Ok(());
        }
        match group.dest {
            Dest::Out(i) => self.end_paragraph(i, sink)?,
            Dest::Collect(kind) => self.finish_collect(kind, sink)?,
            Dest::Picture(_) => self.finish_picture(sink)?,
            Dest::Skip
            | Dest::FontTable
            | Dest::ColourTable
            | Dest::ListTable
            | Dest::ListOverrides
            | Dest::AnsiHalf(_) => {}
        }
        Ok(())
    }

    /// A picture's group ends: a metafile is read for the text it draws (part `picture N`);
    /// one that draws none is a drawing, or the metafile copy Word adds of a bitmap, and is not
    /// noted. Other pictures go to the picture code: read by OCR, or noted as not read.
    fn finish_picture(&mut self, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        let picture = std::mem::take(&mut self.picture);
        self.pictures += 1;
        let bytes = if picture.raw.is_empty() {
            picture
                .hex
                .chunks_exact(2)
                .map(|pair| {
                    let digit = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                    digit(pair[0]) << 4 | digit(pair[1])
                })
                .collect()
        } else {
            picture.raw
        };
        let part = format!("picture {}", self.pictures);
        let at = Location::part(part.as_str());
        match picture.kind {
            PictureKind::Metafile => {
                crate::ocr::read_metafile(&part, &bytes, &at, Role::Body, sink)?;
            }
            PictureKind::Dib => {
                let bmp = crate::ocr::picture::bmp_file(&bytes);
                crate::ocr::read_picture(&part, &bmp, &at, Role::Body, &self.limits, sink)?;
            }
            PictureKind::File | PictureKind::Other => {
                crate::ocr::read_picture(&part, &bytes, &at, Role::Body, &self.limits, sink)?;
            }
        }
        Ok(())
    }

    fn finish_collect(&mut self, kind: Collect, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        let text = std::mem::take(&mut self.collected);
        match kind {
            Collect::AnnotationAuthor => {
                let author = text.trim().to_owned();
                if !author.is_empty() {
                    let at = Location::part("annotation").with_field("author");
                    sink.segment(Segment::new(at, Role::Note, author.clone()))?;
                    self.annotation_author = Some(author);
                }
            }
            Collect::ShapeName => self.shape_name = text.trim().to_owned(),
            // A shape's name (the Selection Pane; not one Word gives, `Text Box 2`) and the link
            // a click on it follows, beside the text.
            Collect::ShapeValue if matches!(self.shape_name.as_str(), "wzName" | "pihlShape") => {
                let (field, text) = match self.shape_name.as_str() {
                    "wzName" => ("shape name", text.trim().to_owned()),
                    _ => ("hyperlink", crate::percent::decoded(text.trim()).into_owned()),
                };
                if !text.is_empty() && !crate::drawingml::is_default_name(&text) {
                    let at = Location::part("shapes").with_field(field);
                    sink.segment(Segment::new(at, Role::Other, text))?;
                }
            }
            Collect::ShapeValue => {
                if SHAPE_TEXT.contains(&self.shape_name.as_str()) && !text.trim().is_empty() {
                    // Shown in the shape, which sits in the enclosing text: a paragraph of its own.
                    let at = match self.group().dest {
                        Dest::Out(i) => i,
                        _ => 0,
                    };
                    self.end_paragraph(at, sink)?;
                    self.outputs[at].text = text;
                    self.end_paragraph(at, sink)?;
                }
            }
            Collect::LevelText => {
                // `\'05机密★\'00;`: a length, the text, placeholders (`\'00`–`\'08`) for the
                // numbers of the levels, a `;`. Shown before every item of the level, the first
                // item's numbers as 1 (`第\'00章` is `第1章`): read once.
                let body = text.trim_end().trim_end_matches(';');
                let mut chars = body.chars();
                if body.starts_with(|c: char| c < ' ') {
                    chars.next();
                }
                let shown: String =
                    chars.filter_map(|c| if c <= '\u{8}' { Some('1') } else { (c >= ' ').then_some(c) }).collect();
                self.lists.level_text(body);
                if shown.chars().any(char::is_alphabetic) && self.level_texts.insert(shown.clone()) {
                    let at = Location::part("lists").with_field("numbering");
                    sink.segment(Segment::new(at, Role::Other, shown))?;
                }
            }
            Collect::StyleNames => {
                // Listed in the Styles pane. Word writes its own (`Normal`, `heading 1`) in
                // English: as in a DOCX's styles, a name with other than ASCII is the author's.
                for name in text.split(';').map(str::trim) {
                    if !name.is_ascii() && self.style_names.insert(name.to_owned()) {
                        let at = Location::part("styles").with_field("style name");
                        sink.segment(Segment::new(at, Role::Other, name.to_owned()))?;
                    }
                }
            }
            Collect::Bookmark => {
                if !text.trim().is_empty() {
                    let at = Location::part("bookmarks");
                    sink.segment(Segment::new(at, Role::Other, text.trim().to_owned()))?;
                }
            }
            Collect::FieldInstruction => {
                // What an `EQ` field draws (an enclosed character) stands in the line at its place.
                if let Some(drawn) = crate::eq_field::shown(&text).filter(|d| !d.is_empty()) {
                    self.put(&drawn);
                }
                if !text.trim().is_empty() {
                    let at = Location::part("fields").with_field("instruction");
                    sink.segment(Segment::new(at, Role::Other, text.trim().to_owned()))?;
                }
            }
            Collect::ObjectData => {
                let raw = std::mem::take(&mut self.object_raw);
                let embedded = object::decode(&text, &raw);
                if !embedded.data.is_empty() {
                    self.objects += 1;
                    let name = match embedded.name {
                        Some(n) => format!("object{}/{n}", self.objects),
                        None => format!("object{}", self.objects),
                    };
                    sink.member(name, embedded.data)?;
                }
            }
        }
        Ok(())
    }

    fn paragraph_break(&mut self, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        match self.group().dest {
            Dest::Out(i) => self.end_paragraph(i, sink)?,
            Dest::Collect(_) => self.collected.push('\n'),
            _ => {}
        }
        Ok(())
    }

    fn end_paragraph(&mut self, i: usize, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
        // A body paragraph's label, when it prints words and the paragraph did not write it.
        let label = if i == 0 { self.lists.paragraph_label() } else { None };
        if i == 0 && self.lists.labels_newly_spent() {
            sink.coverage(CoverageNote::unread(self.outputs[0].part, Unread::Limit(Cap::ListLabels)))?;
        }
        let out = &mut self.outputs[i];
        out.paragraph += 1;
        let text = std::mem::take(&mut out.text);
        let shown = out.shown.finish();
        if text.trim().is_empty() {
            return Ok(());
        }
        if let Some(label) = label {
            let at = Location::part(out.part).with_paragraph(out.paragraph).with_field("list label");
            sink.segment(Segment::new(at, out.role, label + &text))?;
        }
        let at = Location::part(out.part).with_paragraph(out.paragraph);
        let role = out.role;
        let whole = match &out.field {
            Some(f) => at.clone().with_field(f.clone()),
            None => at.clone(),
        };
        sink.segment(Segment::new(whole, role, text))?;
        if let Some(shown) = shown {
            sink.segment(Segment::new(at.with_field("as shown"), role, shown))?;
        }
        Ok(())
    }

    /// The code page of the current font.
    fn codepage(&self) -> u32 {
        let font = self.stack.last().and_then(|g| g.font).or(self.default_font);
        font.and_then(|f| self.fonts.get(&f).copied().flatten()).unwrap_or(self.doc_cp)
    }

    fn add_bytes(&mut self, bytes: &[u8]) {
        if let Dest::Picture(_) = self.group().dest {
            if self.picture.hex.len() < MAX_PICTURE * 2 {
                self.picture.hex.extend(bytes.iter().filter(|b| b.is_ascii_hexdigit()));
            }
            return;
        }
        if bytes.is_empty()
            || matches!(self.group().dest, Dest::Skip | Dest::ListTable | Dest::ListOverrides | Dest::AnsiHalf(_))
        {
            return;
        }
        if self.group().dest == Dest::FontTable {
            if bytes.contains(&b';') {
                self.commit_font();
            }
            return;
        }
        if self.group().dest == Dest::ColourTable {
            for _ in bytes.iter().filter(|&&b| b == b';') {
                self.white.push(self.colour == (255, 255, 255));
                self.colour = (0, 0, 0);
            }
            return;
        }
        let cp = self.codepage();
        if cp != self.pending_cp {
            self.flush();
            self.pending_cp = cp;
        }
        self.pending.extend_from_slice(bytes);
    }

    /// Decodes the pending bytes into the current destination.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let (text, had_errors) = codepage::encoding(self.pending_cp).decode_without_bom_handling(&bytes);
        if had_errors {
            self.decode_errors += text.chars().filter(|c| *c == '\u{FFFD}').count();
        }
        let text = text.into_owned();
        self.put(&text);
    }

    /// `\uN`: a UTF-16 code unit, written as a signed 16-bit number.
    fn unicode(&mut self, n: i32) {
        let unit = (n as i64).rem_euclid(65536) as u16;
        match (self.high_surrogate.take(), unit) {
            (_, 0xD800..=0xDBFF) => self.high_surrogate = Some(unit),
            (Some(high), 0xDC00..=0xDFFF) => {
                if let Some(c) = char::decode_utf16([high, unit]).next().and_then(Result::ok) {
                    self.put(c.encode_utf8(&mut [0; 4]));
                }
            }
            (_, unit) => {
                let c = char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}');
                self.put(c.encode_utf8(&mut [0; 4]));
            }
        }
    }

    /// Appends decoded text to the current destination.
    fn put(&mut self, text: &str) {
        if !self.pending.is_empty() {
            self.flush();
        }
        let g = self.stack.last().expect("the base group is never popped");
        let shows = !(g.hidden || g.tiny || usize::try_from(g.colour).is_ok_and(|c| self.white.get(c) == Some(&true)));
        match g.dest {
            Dest::Out(i) => {
                self.outputs[i].shown.push(text, shows);
                self.outputs[i].text.push_str(text);
            }
            Dest::Collect(_) => self.collected.push_str(text),
            Dest::Skip
            | Dest::FontTable
            | Dest::ColourTable
            | Dest::ListTable
            | Dest::ListOverrides
            | Dest::Picture(_)
            | Dest::AnsiHalf(_) => {}
        }
    }
}
