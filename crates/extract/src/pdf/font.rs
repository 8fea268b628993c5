//! PDF fonts as text decoders: from the bytes of a shown string to characters and advances.
//!
//! A PDF string is not text: it is a sequence of *character codes* in the current font, and each
//! font type says differently how codes become characters. In the order this reader tries them:
//!
//! 1. `/ToUnicode`, a [`CMap`] from code to Unicode, in most files from WPS, Word and
//!    LibreOffice (the common case for embedded, subset CJK fonts).
//! 2. For composite (Type0) fonts, the *predefined CMap* named by `/Encoding`: with the
//!    `Uni…-UCS2-H`/`Uni…-UTF16-H` CMaps the codes are Unicode; with `GBK-EUC-H`, `GB-EUC-H`,
//!    `GBKp-EUC-H` they are GBK; `GBK2K-H` is GB18030; `B5pc-H`/`ETen-B5-H` Big5; `90ms-RKSJ-H`
//!    Shift_JIS (decoded with `encoding_rs`, see [`Mbcs`]).
//! 3. For `Identity-H` with an embedded TrueType font, the font program's own `cmap` read
//!    backwards (glyph → Unicode, [`font_program`]); failing that, or for a font that is not
//!    embedded, the CID → Unicode table of the Adobe character collection the font names
//!    (`Adobe-GB1`…, [`cid_unicode`](super::cid_unicode)).
//! 4. For simple (one byte per code) fonts, the base encoding and `/Differences` glyph names
//!    ([`encoding`]); for symbolic embedded TrueType fonts, the font's (3,0) cmap; for embedded
//!    Type 1 and Type1C fonts whose dictionary names no base encoding, the program's own.
//! 5. A simple font that is *not embedded*, whose name says it is Chinese (`SimSun`, `宋体` in GBK
//!    bytes…) and whose strings hold GBK byte pairs: decoded as GBK. poppler shows these as
//!    Latin-1 mojibake; they come from older Chinese PDF producers.
//!
//! A code none of these can read is *undecodable*: it is reported as such so that the page can
//! be flagged rather than silently read as empty.
//!
//! `/ToUnicode` is written by the producer beside the font program, and a viewer never reads it:
//! the page shows the glyphs the font program draws. A file can make the two disagree (the page
//! draws `机密` where `/ToUnicode` says `甲乙`, or says nothing). So when a font has `/ToUnicode`
//! and an embedded program that says which characters its glyphs are (a TrueType/OpenType `cmap`
//! or `post` names, a CFF font's glyph names or, CID-keyed, its CIDs in the collection its `ROS`
//! names, a simple font's `/Differences` glyph names or its program's own encoding, a Type3
//! font's glyph names), the codes whose glyph is none of the characters `/ToUnicode` gives are
//! kept ([`Font::load`], `drawn`) and each such glyph carries the character it draws
//! ([`Glyph::drawn`]), for a second reading of the page *as drawn*. A disagreement that folding
//! erases (a Kangxi radical for the ideograph, a compatibility ideograph, full width, a ligature
//! for its letters) is no disagreement; glyphs that draw white space or private-use characters
//! say nothing to read. A Type3 glyph whose procedure paints a picture says nothing either, and
//! is counted ([`Glyph::picture`]) so that its page is reviewed.
//!
//! Fonts are built once per font dictionary and cached by the caller (see `content.rs`).

use lopdf::{Dictionary, Document, Object};

use super::cid_unicode::Collection;
use super::cmap::{next_code, CMap, CodeMap, Codespace, Uni};
use super::document::{as_dict, get, get_dict, get_name, get_number, number, resolve, Streams};
use super::encoding::{decode_mbcs, glyph_name_to_char, BaseEncoding};
use super::lexer::{Lexer, Operands};
use crate::font_program::{self, same_when_folded};
use crate::ExtractError;

/// Most entries read from a `/W` widths array.
const MAX_WIDTH_ENTRIES: usize = 100_000;

/// What a code shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum GlyphText<'f> {
    Char(char),
    Str(&'f str),
    /// The font maps the code to nothing printable (a control code): not an error.
    Nothing,
    /// No way to tell what the code shows.
    Unknown,
}

/// One decoded code.
#[derive(Clone, Copy, Debug)]
pub(super) struct Glyph<'f> {
    pub(super) text: GlyphText<'f>,
    /// Advance in text-space units for a font size of 1.
    pub(super) width: f32,
    /// The single-byte code 32, to which word spacing (`Tw`) applies.
    pub(super) word_space: bool,
    /// The character the font program draws for the code, where `text` (from `/ToUnicode`)
    /// says another or nothing (see the module documentation).
    pub(super) drawn: Option<char>,
    /// A Type3 glyph painted as a picture (an inline image or an XObject in its procedure).
    pub(super) picture: bool,
}

/// Legacy multi-byte CJK encodings used by predefined CMaps and by GBK simple fonts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mbcs {
    Gbk,
    Gb18030,
    Big5,
    ShiftJis,
    EucJp,
    EucKr,
}

impl Mbcs {
    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            Mbcs::Gbk => encoding_rs::GBK,
            Mbcs::Gb18030 => encoding_rs::GB18030,
            Mbcs::Big5 => encoding_rs::BIG5,
            Mbcs::ShiftJis => encoding_rs::SHIFT_JIS,
            Mbcs::EucJp => encoding_rs::EUC_JP,
            Mbcs::EucKr => encoding_rs::EUC_KR,
        }
    }

    /// Length of the code starting at `bytes[0]`.
    fn code_len(self, bytes: &[u8]) -> usize {
        let b = bytes[0];
        let n = match self {
            Mbcs::Gb18030 if b >= 0x81 && bytes.get(1).is_some_and(u8::is_ascii_digit) => 4,
            Mbcs::Gbk | Mbcs::Gb18030 | Mbcs::Big5 | Mbcs::EucKr if b >= 0x81 && b != 0xFF => 2,
            Mbcs::ShiftJis if matches!(b, 0x81..=0x9F | 0xE0..=0xFC) => 2,
            Mbcs::EucJp if b == 0x8F => 3,
            Mbcs::EucJp if b == 0x8E || b >= 0xA1 => 2,
            _ => 1,
        };
        n.min(bytes.len())
    }

    /// The encoding a predefined CMap name implies, if it is one of the legacy CJK ones.
    fn from_cmap_name(name: &str) -> Option<Mbcs> {
        let stem = name.trim_end_matches("-H").trim_end_matches("-V");
        Some(match stem {
            "GBK-EUC" | "GBKp-EUC" | "GBpc-EUC" | "GB-EUC" | "GB" => Mbcs::Gbk,
            "GBK2K" => Mbcs::Gb18030,
            "B5pc" | "ETen-B5" | "ETenms-B5" | "HKscs-B5" | "HKdla-B5" | "HKdlb-B5" | "HKgccs-B5" | "HKm314-B5"
            | "HKm471-B5" | "B5" => Mbcs::Big5,
            "90ms-RKSJ" | "90msp-RKSJ" | "90pv-RKSJ" | "83pv-RKSJ" | "Add-RKSJ" | "Ext-RKSJ" | "RKSJ" => Mbcs::ShiftJis,
            "EUC" => Mbcs::EucJp,
            "KSC-EUC" | "KSCms-UHC" | "KSCms-UHC-HW" | "KSCpc-EUC" => Mbcs::EucKr,
            _ => return None,
        })
    }
}

/// How the bytes of a composite font's string split into codes.
#[derive(Debug)]
enum Split {
    Two,
    Utf16,
    Mbcs(Mbcs),
    Codespaces(Vec<Codespace>),
}

/// Where a composite font's codes get their CIDs (for widths and glyph lookup).
#[derive(Debug)]
enum CidSource {
    Identity,
    Map,
    Unknown,
}

/// Where a composite font's codes get Unicode when `/ToUnicode` says nothing.
#[derive(Debug)]
enum UniSource {
    None,
    /// The codes are UTF-16 (the `Uni…-UCS2`/`Uni…-UTF16` CMaps).
    Utf16,
    Mbcs(Mbcs),
    /// CID → glyph id (identity when `None`) → Unicode from the font program.
    Glyphs(Option<Vec<u16>>, CodeMap<char>),
    /// CID → Unicode by the table of an Adobe character collection.
    Collection(Collection),
}

#[derive(Debug)]
enum Kind {
    Simple {
        table: Box<[Option<char>; 256]>,
        widths: Box<[f32; 256]>,
        /// Decode byte pairs as GBK (see the module doc, point 5).
        gbk: bool,
        /// Codes below 0x20 that `/Differences` names with a glyph name that says no character
        /// (`/g1`): they draw a glyph, so they are undecodable, not control codes that draw nothing.
        named_low: u32,
    },
    Composite {
        split: Split,
        cids: CidSource,
        cmap: Option<Box<CMap>>,
        uni: UniSource,
        widths: CidWidths,
    },
}

#[derive(Debug, Default)]
struct CidWidths {
    default: f32,
    singles: CodeMap<f32>,
    ranges: Vec<(u32, u32, f32)>,
}

impl CidWidths {
    fn get(&self, cid: u32) -> f32 {
        if let Some(w) = self.singles.get(&cid) {
            return *w;
        }
        self.ranges.iter().find(|r| r.0 <= cid && cid <= r.1).map_or(self.default, |r| r.2)
    }
}

/// Each CID (or code) of a font with the characters its glyph is, the one a person typed first.
type CidChars = Vec<(u32, Vec<char>)>;

/// A font ready to decode strings.
#[derive(Debug)]
pub(super) struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// `/ToUnicode /Identity`: codes are Unicode.
    identity_unicode: bool,
    /// Glyph space → text space (1/1000, or a Type3 font's `/FontMatrix`).
    width_scale: f32,
    /// The em size relative to the font size (1 except for Type3 fonts with odd matrices).
    pub(super) em_scale: f32,
    /// Vertical writing (`-V` CMaps): glyphs advance downwards.
    pub(super) vertical: bool,
    /// Codes whose glyph the embedded font program draws as another character than
    /// `/ToUnicode` says, with that character; `None` when there are none.
    drawn: Option<Box<CodeMap<char>>>,
    /// For a composite font whose codes reach CIDs through an embedded CMap: each CID with the
    /// characters the font program gives its glyph, compared with `/ToUnicode` as codes are shown.
    drawn_by_cid: Option<Box<CodeMap<Vec<char>>>>,
    /// The codes (a bit each) of a Type3 font whose glyph procedure paints a picture: what it
    /// shows cannot be checked against any text without OCR.
    pictures: [u64; 4],
}

impl Font {
    /// Builds the decoder for a font dictionary.
    pub(super) fn load(doc: &Document, dict: &Dictionary, streams: &Streams) -> Result<Font, ExtractError> {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let (to_unicode, identity_unicode) = match get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(s)) => {
                let cmap = CMap::parse(&streams.decode(s)?, streams.limits().max_cmap_entries)?;
                (cmap.has_unicode().then_some(cmap), false)
            }
            Some(Object::Name(n)) if n.starts_with(b"Identity") => (None, true),
            _ => (None, false),
        };
        let mut font = Font {
            kind: Kind::Simple { table: Box::new([None; 256]), widths: Box::new([0.0; 256]), gbk: false, named_low: 0 },
            to_unicode,
            identity_unicode,
            width_scale: 0.001,
            em_scale: 1.0,
            vertical: false,
            drawn: None,
            drawn_by_cid: None,
            pictures: [0; 4],
        };
        if subtype == b"Type0" {
            font.load_composite(doc, dict, streams)?;
        } else {
            font.load_simple(doc, dict, subtype, streams)?;
        }
        Ok(font)
    }

    fn load_simple(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        subtype: &[u8],
        streams: &Streams,
    ) -> Result<(), ExtractError> {
        let descriptor = get_dict(doc, dict, b"FontDescriptor");
        let flags = descriptor.and_then(|d| get_number(doc, d, b"Flags")).unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let base_font = get_name(doc, dict, b"BaseFont").unwrap_or(b"");
        let embedded = descriptor.and_then(|d| font_program(doc, d));

        if subtype == b"Type3" {
            if let Some(Object::Array(m)) = get(doc, dict, b"FontMatrix") {
                let m: Vec<f32> = m.iter().filter_map(|o| resolve(doc, o).and_then(number)).collect();
                if m.len() == 6 {
                    if m[0].abs() > 1e-6 {
                        self.width_scale = m[0];
                    }
                    self.em_scale = (m[3].abs() * 1000.0).clamp(0.01, 100.0);
                }
            }
        }

        // Base encoding, then /Differences.
        let encoding = get(doc, dict, b"Encoding");
        let mut base = if base_font.ends_with(b"Symbol") || base_font.ends_with(b"Dingbats") || symbolic {
            BaseEncoding::None
        } else {
            BaseEncoding::Standard
        };
        let mut differences: Option<&Vec<Object>> = None;
        // Whether the dictionary names a base encoding; if not, an embedded Type 1 or CFF
        // program's own encoding is the base (PDF 32000 §9.6.5).
        let mut base_named = false;
        match encoding {
            Some(Object::Name(n)) => {
                base = BaseEncoding::from_name(n).unwrap_or(base);
                base_named = true;
            }
            Some(enc) if as_dict(enc).is_some() => {
                let enc = as_dict(enc).unwrap_or(dict);
                if let Some(b) = get_name(doc, enc, b"BaseEncoding").and_then(BaseEncoding::from_name) {
                    base = b;
                    base_named = true;
                }
                if let Some(Object::Array(d)) = get(doc, enc, b"Differences") {
                    differences = Some(d);
                }
            }
            _ => {}
        }
        // A symbolic TrueType font without an encoding uses its own (3,0) cmap; its glyphs then
        // have Unicode only through the font's Unicode cmap or glyph names.
        let mut table = Box::new([None; 256]);
        for (code, slot) in table.iter_mut().enumerate() {
            *slot = base.char(code as u8);
        }
        // What the embedded program draws for each code, where it says (for `drawn`).
        let mut drawn: CidChars = Vec::new();
        if base == BaseEncoding::None && subtype == b"TrueType" {
            if let Some(program) = embedded {
                let bytes = streams.decode(program)?;
                if let (Some(codes), Some(glyphs)) =
                    (font_program::simple_code_glyphs(&bytes), font_program::glyph_unicode(&bytes))
                {
                    for (code, g) in codes.iter().enumerate() {
                        if let Some(c) = glyphs.get(&u32::from(*g)) {
                            table[code] = Some(*c);
                        }
                    }
                    if self.to_unicode.is_some() {
                        if let Some(all) = font_program::glyph_chars(&bytes) {
                            drawn.extend(codes.iter().enumerate().filter(|(_, g)| **g != 0).filter_map(|(code, g)| {
                                all.get(&u32::from(*g)).map(|chars| (code as u32, chars.clone()))
                            }));
                        }
                    }
                }
            }
            if table.iter().all(Option::is_none) {
                // Nothing to go by: read the codes as Latin, as other readers do.
                for (code, slot) in table.iter_mut().enumerate() {
                    *slot = BaseEncoding::Standard.char(code as u8);
                }
            }
        } else if let (Some(program), false, b"Type1" | b"MMType1") = (embedded, base_named, subtype) {
            // The program's own encoding (a Type 1 `/Encoding` array, a CFF encoding) says which
            // glyph a code draws, and its glyph name which character: `dup 65 /uni673A put`
            // draws 机 for `A`. A viewer reads it so; so does the text layer without `/ToUnicode`.
            if let Some(codes) = font_program::builtin_chars(&streams.decode(program)?) {
                for (code, chars) in codes {
                    table[usize::from(code)] = chars.first().copied();
                    drawn.push((u32::from(code), chars));
                }
            }
        }
        // A Type3 font draws the glyph procedure its `/Differences` name picks: the name says
        // which character the procedure is drawn as (`/uni673A`).
        let char_procs = (subtype == b"Type3").then(|| get_dict(doc, dict, b"CharProcs")).flatten();
        // Which glyph procedures paint a picture, by name (a name can be given to many codes).
        let mut procs_seen: Vec<(&[u8], bool)> = Vec::new();
        let mut named_low = 0u32;
        if let Some(diffs) = differences {
            let mut code: usize = 0;
            for item in diffs {
                match resolve(doc, item) {
                    Some(Object::Integer(i)) => code = (*i).clamp(0, 256) as usize,
                    Some(Object::Name(name)) => {
                        if code < 256 {
                            table[code] = std::str::from_utf8(name).ok().and_then(glyph_name_to_char);
                            // An embedded program (or Type3 procedure) draws the glyph of that name.
                            let draws = embedded.is_some() || char_procs.is_some_and(|p| p.has(name));
                            if let (Some(c), true) = (table[code], draws) {
                                drawn.retain(|(k, _)| *k != code as u32);
                                drawn.push((code as u32, vec![c]));
                            }
                            if let Some(procs) = char_procs {
                                let pictured = match procs_seen.iter().find(|(n, _)| *n == name.as_slice()) {
                                    Some(&(_, p)) => p,
                                    None => {
                                        let p = draws_picture(doc, procs, name, streams)?;
                                        procs_seen.push((name, p));
                                        p
                                    }
                                };
                                if pictured {
                                    self.pictures[code / 64] |= 1 << (code % 64);
                                }
                            }
                        }
                        if code < 0x20 && name.as_slice() != b".notdef" {
                            named_low |= 1 << code;
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }

        // Widths.
        let mut widths = Box::new([0.0f32; 256]);
        let missing = descriptor.and_then(|d| get_number(doc, d, b"MissingWidth")).unwrap_or(0.0);
        let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
        let given = match get(doc, dict, b"Widths") {
            Some(Object::Array(w)) => {
                widths.fill(missing);
                for (i, o) in w.iter().enumerate() {
                    if let Some(slot) = widths.get_mut(first + i) {
                        *slot = resolve(doc, o).and_then(number).unwrap_or(missing);
                    }
                }
                true
            }
            _ => false,
        };
        if !given {
            // Standard 14 fonts come without widths: half an em is close enough for spacing.
            let w = if base_font.starts_with(b"Courier") { 600.0 } else { 500.0 };
            widths.fill(w);
            if subtype == b"Type3" {
                widths.fill(0.5 / self.width_scale.abs().max(1e-6));
            }
        }

        let gbk =
            self.to_unicode.is_none() && embedded.is_none() && subtype != b"Type3" && names_chinese_font(base_font);
        self.kind = Kind::Simple { table, widths, gbk, named_low };
        self.drawn = self.disagreements(drawn);
        Ok(())
    }

    fn load_composite(&mut self, doc: &Document, dict: &Dictionary, streams: &Streams) -> Result<(), ExtractError> {
        let descendant = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().and_then(|o| resolve(doc, o)).and_then(as_dict),
            Some(other) => as_dict(other),
            None => None,
        };
        let empty = Dictionary::new();
        let cid_font = descendant.unwrap_or(&empty);

        let mut split = Split::Two;
        let mut cids = CidSource::Identity;
        let mut cmap = None;
        let mut uni = UniSource::None;
        let mut predefined: Option<String> = None;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => predefined = Some(String::from_utf8_lossy(n).into_owned()),
            Some(Object::Stream(s)) => {
                let parsed = CMap::parse(&streams.decode(s)?, streams.limits().max_cmap_entries)?;
                self.vertical = parsed.vertical;
                predefined = parsed.usecmap.as_ref().map(|n| String::from_utf8_lossy(n).into_owned());
                if !parsed.codespaces.is_empty() {
                    split = Split::Codespaces(parsed.codespaces.clone());
                }
                cids = if parsed.has_cids() { CidSource::Map } else { CidSource::Unknown };
                cmap = Some(Box::new(parsed));
            }
            _ => {}
        }
        if let Some(name) = predefined.as_deref() {
            self.vertical |= name.ends_with("-V");
            if name.starts_with("Identity") {
                // Two-byte codes that are CIDs: the defaults, also under an embedded CMap that
                // only says `/Identity-H usecmap`.
                if matches!(cids, CidSource::Unknown) {
                    cids = CidSource::Identity;
                }
            } else if name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16")) {
                if cmap.is_none() {
                    split = if name.contains("UTF16") { Split::Utf16 } else { Split::Two };
                    cids = CidSource::Unknown;
                }
                uni = UniSource::Utf16;
            } else if let Some(m) = Mbcs::from_cmap_name(name) {
                if cmap.is_none() {
                    split = Split::Mbcs(m);
                    cids = CidSource::Unknown;
                }
                uni = UniSource::Mbcs(m);
            } else if cmap.is_none() {
                cids = CidSource::Unknown;
            }
        }

        // A `CIDFontType0` draws with CFF outlines, addressed by CID; a `CIDFontType2` with
        // TrueType ones, addressed by glyph id through `/CIDToGIDMap`.
        let cff_outlines = get_name(doc, cid_font, b"Subtype") == Some(b"CIDFontType0");
        // Without ToUnicode or a Unicode-bearing CMap, read the embedded font's cmap.
        if self.to_unicode.is_none() && !self.identity_unicode && matches!(uni, UniSource::None) {
            let program = get_dict(doc, cid_font, b"FontDescriptor").and_then(|d| font_program(doc, d));
            if let (Some(stream), true) = (program, cff_outlines) {
                // A CFF program addresses glyphs by CID: read its CIDs' characters.
                if let Some(chars) = font_program::cid_font_chars(&streams.decode(stream)?) {
                    let first = chars.into_iter().filter_map(|(cid, c)| Some((cid, *c.first()?))).collect();
                    uni = UniSource::Glyphs(None, first);
                }
            } else if let Some(stream) = program {
                let bytes = streams.decode(stream)?;
                if let Some(glyphs) = font_program::glyph_unicode(&bytes) {
                    let cid_to_gid = match get(doc, cid_font, b"CIDToGIDMap") {
                        Some(Object::Stream(s)) => {
                            let map = streams.decode(s)?;
                            Some(map.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect())
                        }
                        _ => None,
                    };
                    uni = UniSource::Glyphs(cid_to_gid, glyphs);
                }
            }
            if matches!(uni, UniSource::None) {
                let ordering = get_dict(doc, cid_font, b"CIDSystemInfo").and_then(|i| match get(doc, i, b"Ordering") {
                    Some(Object::String(s, _)) => Some(s.as_slice()),
                    Some(Object::Name(n)) => Some(n.as_slice()),
                    _ => None,
                });
                if let Some(c) = ordering.and_then(Collection::from_ordering) {
                    uni = UniSource::Collection(c);
                }
            }
        }

        if self.to_unicode.is_some() && !matches!(cids, CidSource::Unknown) {
            let chars = self.composite_program_chars(doc, cid_font, cff_outlines, streams)?;
            match (chars, &cids) {
                (Some(chars), CidSource::Identity) => self.drawn = self.disagreements(chars),
                // Codes reach CIDs through the embedded CMap: compared code by code as shown.
                (Some(chars), _) => self.drawn_by_cid = Some(Box::new(chars.into_iter().collect())),
                (None, _) => {}
            }
        }

        let mut widths =
            CidWidths { default: get_number(doc, cid_font, b"DW").unwrap_or(1000.0), ..Default::default() };
        if let Some(Object::Array(w)) = get(doc, cid_font, b"W") {
            read_cid_widths(doc, w, &mut widths);
        }
        self.kind = Kind::Composite { split, cids, cmap, uni, widths };
        Ok(())
    }

    /// For a composite font, each CID with the characters the font program gives its glyph: a
    /// TrueType glyph by the `/CIDToGIDMap` (identity when absent), a CFF glyph (`cff_outlines`)
    /// by the CID its charset gives it.
    fn composite_program_chars(
        &self,
        doc: &Document,
        cid_font: &Dictionary,
        cff_outlines: bool,
        streams: &Streams,
    ) -> Result<Option<CidChars>, ExtractError> {
        let Some(program) = get_dict(doc, cid_font, b"FontDescriptor").and_then(|d| font_program(doc, d)) else {
            return Ok(None);
        };
        let bytes = streams.decode(program)?;
        if cff_outlines {
            let Some(chars) = font_program::cid_font_chars(&bytes) else { return Ok(None) };
            return Ok(Some(chars.into_iter().filter(|(cid, _)| *cid != 0).collect()));
        }
        let Some(glyphs) = font_program::glyph_chars(&bytes) else { return Ok(None) };
        let mut codes: CidChars = Vec::new();
        match get(doc, cid_font, b"CIDToGIDMap") {
            Some(Object::Stream(s)) => {
                let map = streams.decode(s)?;
                for (cid, pair) in map.chunks_exact(2).enumerate() {
                    let gid = u32::from(u16::from_be_bytes([pair[0], pair[1]]));
                    if let Some(chars) = glyphs.get(&gid).filter(|_| gid != 0) {
                        codes.push((cid as u32, chars.clone()));
                    }
                }
            }
            _ => codes.extend(glyphs.into_iter().filter(|(gid, _)| *gid != 0)),
        }
        Ok(Some(codes))
    }

    /// Of `codes` with the characters the font program gives their glyphs (the one it prefers
    /// first), those `/ToUnicode` reads as none of them, even after folding, with the character
    /// drawn. Glyphs that draw white space, control or private-use characters are left out:
    /// they say nothing a reader could read.
    fn disagreements(&self, codes: CidChars) -> Option<Box<CodeMap<char>>> {
        self.to_unicode.as_ref()?;
        let out: CodeMap<char> =
            codes.into_iter().filter_map(|(code, chars)| Some((code, self.drawn_other(code, &chars)?))).collect();
        (!out.is_empty()).then(|| Box::new(out))
    }

    /// The character the glyph of `code` draws (the first of `chars`, what the font program
    /// gives it), where `/ToUnicode` reads `code` as none of `chars`, even after folding.
    fn drawn_other(&self, code: u32, chars: &[char]) -> Option<char> {
        let &drawn = chars.first()?;
        if drawn.is_whitespace() || drawn.is_control() || matches!(drawn as u32, 0xE000..=0xF8FF | 0xF0000..) {
            return None;
        }
        let agrees = match self.to_unicode_text(code) {
            Some(GlyphText::Char(c)) => {
                let mut buf = [0u8; 4];
                chars.contains(&c) || same_when_folded(c.encode_utf8(&mut buf), drawn.encode_utf8(&mut [0u8; 4]))
            }
            Some(GlyphText::Str(s)) => same_when_folded(s, drawn.encode_utf8(&mut [0u8; 4])),
            Some(GlyphText::Nothing | GlyphText::Unknown) | None => false,
        };
        (!agrees).then_some(drawn)
    }

    /// Decodes `bytes` code by code, calling `f` for each glyph.
    pub(super) fn glyphs<'f>(&'f self, bytes: &[u8], mut f: impl FnMut(Glyph<'f>)) {
        match &self.kind {
            Kind::Simple { table, widths, gbk, named_low } => {
                let mut i = 0;
                while i < bytes.len() {
                    let b = bytes[i];
                    if *gbk && b >= 0x81 && b != 0xFF && matches!(bytes.get(i + 1), Some(0x40..=0x7E | 0x80..=0xFE)) {
                        let text = match decode_mbcs(encoding_rs::GBK, &bytes[i..i + 2]) {
                            Some(c) => GlyphText::Char(c),
                            None => GlyphText::Unknown,
                        };
                        // A viewer advances by both bytes' widths, as for any simple font.
                        let width = (widths[b as usize] + widths[bytes[i + 1] as usize]) * self.width_scale;
                        f(Glyph { text, width, word_space: false, drawn: None, picture: false });
                        i += 2;
                        continue;
                    }
                    let code = u32::from(b);
                    let text = match self.to_unicode_text(code) {
                        Some(t) => t,
                        None if self.identity_unicode => {
                            char::from_u32(code).map_or(GlyphText::Unknown, GlyphText::Char)
                        }
                        None => match table[b as usize] {
                            Some(c) => GlyphText::Char(c),
                            None if b < 0x20 && named_low & (1 << b) == 0 => GlyphText::Nothing,
                            None => GlyphText::Unknown,
                        },
                    };
                    let drawn = self.drawn.as_ref().and_then(|d| d.get(&code).copied());
                    let picture = self.pictures[usize::from(b / 64)] & 1 << (b % 64) != 0;
                    let width = widths[b as usize] * self.width_scale;
                    f(Glyph { text, width, word_space: b == 32, drawn, picture });
                    i += 1;
                }
            }
            Kind::Composite { split, cids, cmap, uni, widths } => {
                let mut i = 0;
                while i < bytes.len() {
                    let rest = &bytes[i..];
                    let n = match split {
                        Split::Two => 2.min(rest.len()),
                        Split::Utf16 => {
                            if rest.len() >= 4 && (0xD8..0xDC).contains(&rest[0]) {
                                4
                            } else {
                                2.min(rest.len())
                            }
                        }
                        Split::Mbcs(m) => m.code_len(rest),
                        Split::Codespaces(spaces) => next_code(spaces, rest).1,
                    };
                    let raw = &rest[..n];
                    let code = raw.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
                    i += n;
                    let cid = match cids {
                        CidSource::Identity => Some(code),
                        CidSource::Map => cmap.as_ref().and_then(|m| m.cid(code)),
                        CidSource::Unknown => None,
                    };
                    let text = match self.to_unicode_text(code) {
                        Some(t) => t,
                        None if self.identity_unicode => {
                            char::from_u32(code).map_or(GlyphText::Unknown, GlyphText::Char)
                        }
                        None => match uni {
                            UniSource::Utf16 => utf16_char(raw),
                            UniSource::Mbcs(m) => {
                                decode_mbcs(m.encoding(), raw).map_or(GlyphText::Unknown, GlyphText::Char)
                            }
                            UniSource::Glyphs(cid_to_gid, map) => {
                                let gid = match (cid, cid_to_gid) {
                                    (Some(c), Some(t)) => t.get(c as usize).map(|g| u32::from(*g)),
                                    (c, None) => c,
                                    (None, _) => None,
                                };
                                gid.and_then(|g| map.get(&g)).map_or(GlyphText::Unknown, |c| GlyphText::Char(*c))
                            }
                            UniSource::Collection(c) => {
                                cid.and_then(|cid| c.unicode(cid)).map_or(GlyphText::Unknown, GlyphText::Char)
                            }
                            UniSource::None => GlyphText::Unknown,
                        },
                    };
                    let width = if self.vertical {
                        1.0
                    } else {
                        match cid {
                            Some(c) => widths.get(c) * self.width_scale,
                            None if n == 1 => 0.5,
                            None => match text {
                                GlyphText::Char(c) if (c as u32) < 0x2E80 => 0.5,
                                _ => widths.default * self.width_scale,
                            },
                        }
                    };
                    let drawn = match (&self.drawn_by_cid, cid) {
                        (Some(by_cid), Some(cid)) => by_cid.get(&cid).and_then(|chars| self.drawn_other(code, chars)),
                        _ => self.drawn.as_ref().and_then(|d| d.get(&code).copied()),
                    };
                    f(Glyph { text, width, word_space: n == 1 && code == 32, drawn, picture: false });
                }
            }
        }
    }

    fn to_unicode_text(&self, code: u32) -> Option<GlyphText<'_>> {
        let cmap = self.to_unicode.as_ref()?;
        Some(match cmap.unicode(code)? {
            Uni::Char(c) if (c as u32) < 0x20 => GlyphText::Nothing,
            Uni::Char(c) => GlyphText::Char(c),
            Uni::Str(s, e) if s == e => GlyphText::Nothing,
            Uni::Str(s, e) => GlyphText::Str(cmap.text(s, e)),
        })
    }
}

fn utf16_char(raw: &[u8]) -> GlyphText<'static> {
    // The usual case, one unit outside the surrogates, without the iterator.
    if let [hi, lo] = *raw {
        let unit = u16::from_be_bytes([hi, lo]);
        if let Some(c) = char::from_u32(u32::from(unit)) {
            return if unit >= 0x20 { GlyphText::Char(c) } else { GlyphText::Nothing };
        }
    }
    let units = raw.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
    match char::decode_utf16(units).next() {
        Some(Ok(c)) if (c as u32) >= 0x20 => GlyphText::Char(c),
        Some(Ok(_)) => GlyphText::Nothing,
        _ => GlyphText::Unknown,
    }
}

/// Whether the Type3 glyph procedure `name` of `procs` paints a picture: an inline image (`BI`)
/// or an XObject (`Do`; a form that paints only paths is rare in a glyph and counted too).
fn draws_picture(doc: &Document, procs: &Dictionary, name: &[u8], streams: &Streams) -> Result<bool, ExtractError> {
    let Some(Object::Stream(proc)) = get(doc, procs, name) else { return Ok(false) };
    let data = streams.decode(proc)?;
    let mut lexer = Lexer::new(&data);
    let mut ops = Operands::default();
    while let Some(op) = lexer.next_operation(&mut ops) {
        if op == b"BI" || op == b"Do" {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The embedded font program of a font descriptor (TrueType, CFF/OpenType or Type 1).
fn font_program<'a>(doc: &'a Document, descriptor: &'a Dictionary) -> Option<&'a lopdf::Stream> {
    [&b"FontFile2"[..], b"FontFile3", b"FontFile"].into_iter().find_map(|key| match get(doc, descriptor, key) {
        Some(Object::Stream(s)) => Some(s),
        _ => None,
    })
}

fn read_cid_widths(doc: &Document, w: &[Object], out: &mut CidWidths) {
    let mut i = 0;
    let mut entries = 0usize;
    while i < w.len() && entries < MAX_WIDTH_ENTRIES {
        let Some(first) = resolve(doc, &w[i]).and_then(number) else {
            break;
        };
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate() {
                    if let Some(v) = resolve(doc, o).and_then(number) {
                        out.singles.insert(first.max(0.0) as u32 + k as u32, v);
                        entries += 1;
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(v)) = (number(last), w.get(i + 2).and_then(|o| resolve(doc, o)).and_then(number))
                else {
                    break;
                };
                out.ranges.push((first.max(0.0) as u32, last.max(0.0) as u32, v));
                entries += 1;
                i += 3;
            }
            None => break,
        }
    }
}

/// Whether a font name says the font is Chinese: GBK bytes in the name (`\xcb\xce\xcc\xe5` is
/// 宋体), or the name of a common Chinese font or charset.
pub(super) fn names_chinese_font(base_font: &[u8]) -> bool {
    if base_font.iter().any(|&b| b >= 0x80) {
        return true;
    }
    let lower = base_font.to_ascii_lowercase();
    const NAMES: [&[u8]; 24] = [
        b"simsun",
        b"simhei",
        b"simkai",
        b"simfang",
        b"simli",
        b"simyou",
        b"fangsong",
        b"kaiti",
        b"songti",
        b"heiti",
        b"stsong",
        b"stheiti",
        b"stkaiti",
        b"stfangsong",
        b"stzhongsong",
        b"xiaobiaosong",
        b"fzxbs",
        b"nsimsun",
        b"gb2312",
        b"gbk",
        b"youyuan",
        b"lisu",
        b"fzhei",
        b"fzsong",
    ];
    NAMES.iter().any(|n| memchr::memmem::find(&lower, n).is_some())
}
