//! The PPT reader: PowerPoint 97–2003 presentations, and Kingsoft WPS `.dps` files, which are the
//! same format.
//!
//! # Finding the slides
//!
//! The `PowerPoint Document` stream is a sequence of top-level records: the document container,
//! one container per slide, master and notes page, and the bookkeeping of every save (a
//! `UserEditAtom` and a `PersistDirectoryAtom` mapping persist ids to stream offsets). The
//! `Current User` stream points at the last save; each save points at the one before, and the
//! newest entry for a persist id wins. The document's `SlideListWithText` lists the slides in
//! presentation order (instance 0), the masters (1) and the notes pages (2), by persist id.
//!
//! # Where the text is
//!
//! PowerPoint keeps the text of placeholders (title, body) in the `SlideListWithText` itself,
//! after each slide's entry, and refers to it from the slide's shape (`OutlineTextRefAtom`); other
//! text boxes, and every text of files written by other programs (LibreOffice, WPS), sit in the
//! shapes' `ClientTextbox` (`TextCharsAtom` in UTF-16, `TextBytesAtom` in 8-bit). Headers and
//! footers are `CString`s of a `HeadersFooters` container, comments `CString`s of a
//! `Comment10` container.
//!
//! # Units and roles
//!
//! As for PPTX: each slide is a part (`slideN`, N in presentation order, hidden slides included),
//! one [`Role::Body`] segment per text, numbered from 1; date, footer and slide-number
//! placeholders are [`Role::Footer`] (header [`Role::Header`]) after the body. Notes pages
//! (`slideN/notes`) and comments are [`Role::Note`]. Masters (`masterN`) give only what shows on
//! the slides: the prompt text of their title and body placeholders is skipped, their footer and
//! header placeholders and the document's header/footer texts are [`Role::Footer`]/
//! [`Role::Header`], other shapes [`Role::Header`]/[`Role::Footer`] in the top/bottom 15% of the
//! slide and [`Role::Other`] in between. Hyperlink texts and targets are [`Role::Other`].
//!
//! Records no slide, master or notes page reaches (older saves, orphans) are read all the same,
//! as part `PowerPoint Document` with field `unreferenced`. Embedded OLE objects are inspected as
//! members; the pictures of the `Pictures` stream are read by OCR ([`pictures`]). An encrypted presentation is an error (`encrypted`).

mod pictures;
mod records;

use std::collections::{HashMap, HashSet};
use std::io::Read;

use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};

use self::records::{i32_at, latin1, u32_at, utf16, Rec};
use crate::ole::{read_stream, Compound};
use crate::{ExtractError, Limits};

/// The part name for what no slide, master or notes page holds.
const PART: &str = "PowerPoint Document";

/// Share of the slide height, at the top and at the bottom, where a master's shapes are taken as
/// a header or a footer (as for PPTX).
const MARGIN_SHARE: f64 = 0.15;

mod kind {
    pub const DOCUMENT: u16 = 0x03E8;
    pub const DOCUMENT_ATOM: u16 = 0x03E9;
    pub const SLIDE: u16 = 0x03EE;
    pub const NOTES_ATOM: u16 = 0x03F1;
    pub const SLIDE_PERSIST: u16 = 0x03F3;
    pub const OUTLINE_TEXT_REF: u16 = 0x0F9E;
    pub const TEXT_CHARS: u16 = 0x0FA0;
    pub const TEXT_BYTES: u16 = 0x0FA8;
    pub const CSTRING: u16 = 0x0FBA;
    pub const EX_HYPERLINK: u16 = 0x0FD7;
    pub const HEADERS_FOOTERS: u16 = 0x0FD9;
    pub const SLIDE_LIST: u16 = 0x0FF0;
    pub const USER_EDIT: u16 = 0x0FF5;
    pub const EX_OLE_STORAGE: u16 = 0x1011;
    pub const PROG_TAGS: u16 = 0x1388;
    pub const PERSIST_DIRECTORY: u16 = 0x1772;
    pub const COMMENT: u16 = 0x2EE0;
    pub const CRYPT_SESSION: u16 = 0x2F14;
    pub const PLACEHOLDER: u16 = 0x0BC3;
    pub const SHAPE: u16 = 0xF004;
    pub const CLIENT_ANCHOR: u16 = 0xF010;
}

/// `CurrentUserAtom.headerToken` of an encrypted presentation.
const ENCRYPTED_TOKEN: u32 = 0xF3D1_C4DF;

/// Reads a PowerPoint 97–2003 compound file into `sink`.
pub(crate) fn extract(cf: &mut Compound<'_>, limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    if cf.is_stream("/EncryptedSummary") {
        return Err(ExtractError::encrypted(crate::Encryption::Password));
    }
    let stream = read_stream(cf, "/PowerPoint Document", limits)?;
    let user = if cf.is_stream("/Current User") { read_stream(cf, "/Current User", limits)? } else { Vec::new() };
    read_presentation(&stream, &user, limits, sink)?;
    if cf.is_stream("/Pictures") {
        // Without OCR the stream (often the largest of the file) is not even read.
        if limits.ocr.engine().is_some() {
            pictures::read(&read_stream(cf, "/Pictures", limits)?, limits, sink)?;
        } else {
            sink.coverage(CoverageNote::unread("Pictures", Unread::Picture))?;
        }
    }
    Ok(())
}

/// Reads a `PowerPoint Document` stream, with the `Current User` stream that points into it.
pub(crate) fn read_presentation(
    stream: &[u8],
    current_user: &[u8],
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    if u32_at(current_user, 12) == Some(ENCRYPTED_TOKEN) {
        return Err(ExtractError::encrypted(crate::Encryption::Password));
    }
    let top = records::parse(stream, 0, 0)?;
    if top.iter().any(|r| r.kind == kind::CRYPT_SESSION) {
        return Err(ExtractError::encrypted(crate::Encryption::Password));
    }
    let edit = u32_at(current_user, 16)
        .and_then(|o| records::at(stream, o as usize))
        .filter(|r| r.kind == kind::USER_EDIT)
        .or_else(|| top.iter().rev().find(|r| r.kind == kind::USER_EDIT).copied());
    if edit.is_some_and(|e| e.body.len() >= 32 && u32_at(e.body, 28).is_some_and(|r| r != 0)) {
        return Err(ExtractError::encrypted(crate::Encryption::Password));
    }
    let persist = edit.map(|e| persist_directory(stream, e)).unwrap_or_default();
    let object = |id: u32| persist.get(&id).and_then(|&o| records::at(stream, o));
    let document = edit
        .and_then(|e| u32_at(e.body, 16))
        .and_then(object)
        .filter(|r| r.kind == kind::DOCUMENT)
        .or_else(|| top.iter().find(|r| r.kind == kind::DOCUMENT).copied());

    let mut reader = Reader { height: 0.0, visited: HashSet::new(), sink };
    if let Some(document) = document {
        reader.visited.insert(document.offset);
        reader.document(&document, &object)?;
    }
    // What nothing above reached: older saves, orphaned slides, embedded objects.
    let mut objects = 0u32;
    for r in &top {
        match r.kind {
            kind::EX_OLE_STORAGE => {
                objects += 1;
                reader.ole_object(r, objects, limits)?;
            }
            kind::USER_EDIT | kind::PERSIST_DIRECTORY => {}
            _ if reader.visited.contains(&r.offset) => {}
            _ => {
                let found = collect(r, Kind::Unreferenced, 0.0)?;
                reader.emit(&Location::part(PART).with_field("unreferenced"), found)?;
            }
        }
    }
    reader.sink.coverage(CoverageNote::read(PART))?;
    Ok(())
}

/// The newest stream offset of every persist id, following the saves from the last one back.
fn persist_directory(stream: &[u8], last: Rec<'_>) -> HashMap<u32, usize> {
    let mut map = HashMap::new();
    let mut seen = HashSet::new();
    let mut edit = Some(last);
    while let Some(e) = edit.filter(|e| seen.insert(e.offset)) {
        if let Some(dir) = u32_at(e.body, 12).and_then(|o| records::at(stream, o as usize)) {
            let d = dir.body;
            let mut at = 0usize;
            while let Some(head) = u32_at(d, at) {
                let (first, count) = (head & 0x000F_FFFF, (head >> 20) as usize);
                for i in 0..count {
                    if let Some(offset) = u32_at(d, at + 4 + i * 4) {
                        map.entry(first + i as u32).or_insert(offset as usize);
                    }
                }
                at += 4 + count * 4;
            }
        }
        edit = u32_at(e.body, 8)
            .filter(|&o| o != 0)
            .and_then(|o| records::at(stream, o as usize))
            .filter(|r| r.kind == kind::USER_EDIT);
    }
    map
}

/// What kind of container a text comes from, which decides the roles of its shapes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Slide,
    Notes,
    Master,
    Document,
    Unreferenced,
}

/// One entry of a `SlideListWithText`: a persist id, the slide id, and the outline texts.
struct ListEntry {
    persist: u32,
    slide_id: u32,
    texts: Vec<String>,
}

struct Reader<'s> {
    /// Slide height in master units, for the header/footer bands of masters.
    height: f64,
    /// Top-level records already read.
    visited: HashSet<usize>,
    sink: &'s mut dyn DocumentSink,
}

/// A text found in a container, with its role and the field that names its place.
struct Found {
    role: Role,
    field: Option<&'static str>,
    text: String,
    /// A shape's reference to the n-th outline text of its slide list entry (`text` is empty).
    outline: Option<usize>,
}

impl Found {
    fn new(role: Role, field: Option<&'static str>, text: String) -> Found {
        Found { role, field, text, outline: None }
    }
}

impl Reader<'_> {
    fn document<'a>(
        &mut self,
        document: &Rec<'a>,
        object: &dyn Fn(u32) -> Option<Rec<'a>>,
    ) -> Result<(), ExtractError> {
        let children = document.children()?;
        let mut lists: [Vec<ListEntry>; 3] = Default::default();
        let mut masters_extra = Vec::new();
        for c in &children {
            match c.kind {
                kind::DOCUMENT_ATOM => {
                    self.height = i32_at(c.body, 4).unwrap_or(0) as f64;
                    // The notes master and the handout master.
                    masters_extra.extend([u32_at(c.body, 24), u32_at(c.body, 28)].into_iter().flatten());
                }
                kind::SLIDE_LIST if c.instance <= 2 => lists[c.instance as usize] = slide_list(c)?,
                _ => {}
            }
        }
        // The document's own texts: headers and footers, hyperlinks, named shows.
        let mut own = Vec::new();
        for c in children.iter().filter(|c| c.kind != kind::SLIDE_LIST) {
            own.extend(collect_one(c, Kind::Document, 0.0)?);
        }
        self.emit(&Location::part(PART), own)?;

        let [slides, masters, notes] = lists;
        let mut slide_numbers = HashMap::new();
        for (i, entry) in slides.iter().enumerate() {
            let part = format!("slide{}", i + 1);
            slide_numbers.insert(entry.slide_id, i + 1);
            let container = object(entry.persist).filter(|r| r.kind == kind::SLIDE);
            let mut found = Vec::new();
            match container {
                Some(slide) => {
                    self.visited.insert(slide.offset);
                    found = collect(&slide, Kind::Slide, self.height)?;
                    // Outline texts the shapes refer to were put in place by `collect`'s refs.
                    found = resolve_outline(found, &entry.texts);
                }
                None => found.extend(entry.texts.iter().map(|t| Found::new(Role::Body, None, t.clone()))),
            }
            self.emit_slide(&part, found)?;
            self.sink.coverage(CoverageNote::read(part))?;
        }
        for (i, entry) in masters.iter().enumerate() {
            if let Some(master) = object(entry.persist) {
                self.visited.insert(master.offset);
                let found = collect(&master, Kind::Master, self.height)?;
                let part = format!("master{}", i + 1);
                self.emit(&Location::part(&part), resolve_outline(found, &entry.texts))?;
                self.sink.coverage(CoverageNote::read(part))?;
            }
        }
        let mut unnumbered = 0;
        for persist in notes.iter().map(|e| e.persist).chain(masters_extra) {
            let Some(page) = object(persist).filter(|r| !self.visited.contains(&r.offset)) else { continue };
            self.visited.insert(page.offset);
            let slide = page
                .children()?
                .iter()
                .find(|c| c.kind == kind::NOTES_ATOM)
                .and_then(|a| u32_at(a.body, 0))
                .and_then(|id| slide_numbers.get(&id).copied());
            let (part, kind) = match slide {
                Some(n) => (format!("slide{n}/notes"), Kind::Notes),
                None => {
                    unnumbered += 1;
                    (format!("notes-master{unnumbered}"), Kind::Master)
                }
            };
            let found = collect(&page, kind, self.height)?;
            self.emit(&Location::part(&part), found)?;
            self.sink.coverage(CoverageNote::read(part))?;
        }
        Ok(())
    }

    /// A slide's texts: the body first, numbered; then its footers and headers.
    fn emit_slide(&mut self, part: &str, found: Vec<Found>) -> Result<(), ExtractError> {
        let (body, margins): (Vec<Found>, Vec<Found>) =
            found.into_iter().partition(|f| !matches!(f.role, Role::Footer | Role::Header));
        self.emit(&Location::part(part), body)?;
        self.emit(&Location::part(part), margins)?;
        Ok(())
    }

    /// Hands out texts, numbered from 1 per location's part and role.
    fn emit(&mut self, base: &Location, found: Vec<Found>) -> Result<(), ExtractError> {
        let mut n = 0u32;
        for f in found {
            let text = f.text.replace(['\r', '\x0b'], "\n");
            // A lone `*` stands for a field (date, slide number) whose value is not stored.
            if text.trim().is_empty() || text.trim() == "*" {
                continue;
            }
            n += 1;
            let mut location = base.clone().with_paragraph(n);
            if let Some(field) = f.field {
                location = location.with_field(field);
            }
            self.sink.segment(Segment::new(location, f.role, text))?;
        }
        Ok(())
    }

    /// An embedded OLE object (`ExOleObjStg`): decompressed if need be, inspected as a member.
    fn ole_object(&mut self, r: &Rec<'_>, n: u32, limits: &Limits) -> Result<(), ExtractError> {
        let name = format!("{PART}/oleObject{n}");
        let bytes = if r.instance == 1 {
            // The part limit, and the archives' compression-ratio guard above 1 MiB.
            let cap = limits.max_part_bytes.min((r.body.len() as u64).saturating_mul(limits.max_ratio).max(1 << 20));
            let mut out = Vec::new();
            let mut z = flate2::read::ZlibDecoder::new(r.body.get(4..).unwrap_or(&[])).take(cap + 1);
            if z.read_to_end(&mut out).is_err() {
                self.sink.coverage(CoverageNote::unread(name, Unread::Damaged))?;
                return Ok(());
            }
            if out.len() as u64 > cap {
                return Err(crate::zipread::over_part_cap(cap, limits, out.len() as u64, r.body.len() as u64, name));
            }
            out
        } else {
            r.body.to_vec()
        };
        self.sink.member(name, bytes)?;
        Ok(())
    }
}

/// The entries of a `SlideListWithText`, each with the texts that follow its `SlidePersistAtom`.
fn slide_list(list: &Rec<'_>) -> Result<Vec<ListEntry>, ExtractError> {
    let mut out: Vec<ListEntry> = Vec::new();
    for c in list.children()? {
        match c.kind {
            kind::SLIDE_PERSIST => out.push(ListEntry {
                persist: u32_at(c.body, 0).unwrap_or(0),
                slide_id: u32_at(c.body, 12).unwrap_or(0),
                texts: Vec::new(),
            }),
            kind::TEXT_CHARS | kind::TEXT_BYTES => {
                let text = atom_text(&c);
                match out.last_mut() {
                    Some(e) => e.texts.push(text),
                    None => out.push(ListEntry { persist: 0, slide_id: 0, texts: vec![text] }),
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn atom_text(r: &Rec<'_>) -> String {
    if r.kind == kind::TEXT_CHARS {
        utf16(r.body)
    } else {
        latin1(r.body)
    }
}

/// Replaces outline references by the texts they point to; texts of the list no shape refers to
/// come after, as body text.
fn resolve_outline(found: Vec<Found>, outline: &[String]) -> Vec<Found> {
    let mut used = vec![false; outline.len()];
    let mut out = Vec::new();
    for f in found {
        match f.outline {
            Some(index) => {
                if let Some(text) = outline.get(index) {
                    used[index] = true;
                    out.push(Found::new(f.role, None, text.clone()));
                }
            }
            None => out.push(f),
        }
    }
    for (text, _) in outline.iter().zip(used).filter(|(_, u)| !u) {
        out.push(Found::new(Role::Body, None, text.clone()));
    }
    out
}

/// Every text of a container, in stream order.
fn collect(container: &Rec<'_>, from: Kind, height: f64) -> Result<Vec<Found>, ExtractError> {
    let mut out = Vec::new();
    for c in container.children()? {
        out.extend(collect_one(&c, from, height)?);
    }
    Ok(out)
}

/// The texts of one record and what it contains.
fn collect_one(r: &Rec<'_>, from: Kind, height: f64) -> Result<Vec<Found>, ExtractError> {
    let mut out = Vec::new();
    let plain = match from {
        Kind::Notes => Role::Note,
        Kind::Slide => Role::Body,
        _ => Role::Other,
    };
    match r.kind {
        kind::SHAPE => return shape(r, from, height),
        kind::PROG_TAGS => {} // Programmable tags: names and values for add-ins, not shown.
        kind::HEADERS_FOOTERS => {
            for c in r.children()?.iter().filter(|c| c.kind == kind::CSTRING) {
                let (role, field) = match c.instance {
                    1 => (Role::Header, "header"),
                    2 => (Role::Footer, "footer"),
                    _ => (Role::Footer, "date"),
                };
                out.push(Found::new(role, Some(field), utf16(c.body)));
            }
        }
        kind::COMMENT => {
            for c in r.children()?.iter().filter(|c| c.kind == kind::CSTRING) {
                let field = match c.instance {
                    0 => "comment author",
                    1 => "comment",
                    _ => continue, // initials
                };
                out.push(Found::new(Role::Note, Some(field), utf16(c.body)));
            }
        }
        kind::EX_HYPERLINK => {
            for c in r.children()?.iter().filter(|c| c.kind == kind::CSTRING) {
                out.push(Found::new(Role::Other, Some("hyperlink"), utf16(c.body)));
            }
        }
        kind::TEXT_CHARS | kind::TEXT_BYTES => out.push(Found::new(plain, None, atom_text(r))),
        kind::CSTRING => out.push(Found::new(Role::Other, None, utf16(r.body))),
        _ if r.is_container() => {
            for c in r.children()? {
                out.extend(collect_one(&c, from, height)?);
            }
        }
        _ => {}
    }
    Ok(out)
}

/// A shape (`OfficeArtSpContainer`): its texts, with the role its placeholder kind or its place
/// on the slide gives.
fn shape(r: &Rec<'_>, from: Kind, height: f64) -> Result<Vec<Found>, ExtractError> {
    let mut placeholder: Option<u8> = None;
    let mut top: Option<i32> = None;
    // (outline reference, text) in stream order.
    let mut texts: Vec<(Option<usize>, String)> = Vec::new();
    let mut failure = None;
    r.walk(&mut |c| {
        match c.kind {
            kind::PLACEHOLDER => placeholder = c.body.get(4).copied(),
            kind::CLIENT_ANCHOR if c.body.len() >= 16 => top = i32_at(c.body, 0),
            kind::CLIENT_ANCHOR => top = c.body.get(0..2).map(|b| i16::from_le_bytes([b[0], b[1]]) as i32),
            kind::TEXT_CHARS | kind::TEXT_BYTES => texts.push((None, atom_text(c))),
            kind::OUTLINE_TEXT_REF => {
                if let Some(i) = i32_at(c.body, 0).and_then(|i| usize::try_from(i).ok()) {
                    texts.push((Some(i), String::new()));
                }
            }
            kind::HEADERS_FOOTERS | kind::COMMENT | kind::EX_HYPERLINK => match collect_one(c, from, height) {
                Ok(found) => texts.extend(found.into_iter().map(|f| (None, f.text))),
                Err(e) => failure = Some(e),
            },
            kind::PROG_TAGS => return false,
            _ => {}
        }
        true
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    // Placeholder kinds (PlaceholderEnum): 1–6 master title/body/subtitle/notes prompts, 7 date,
    // 8 slide number, 9 footer, 10 header, 12 notes body, 13– slide title/body/objects.
    let role = match (from, placeholder) {
        (_, Some(7..=9)) => Role::Footer,
        (_, Some(10)) => Role::Header,
        (Kind::Master, Some(_)) => return Ok(Vec::new()), // prompt text, never shown
        (Kind::Master, None) => match top {
            Some(y) if height > 0.0 && (y as f64) < height * MARGIN_SHARE => Role::Header,
            Some(y) if height > 0.0 && (y as f64) > height * (1.0 - MARGIN_SHARE) => Role::Footer,
            _ => Role::Other,
        },
        (Kind::Notes, _) => Role::Note,
        (Kind::Slide, _) => Role::Body,
        _ => Role::Other,
    };
    Ok(texts.into_iter().map(|(outline, text)| Found { role, field: None, text, outline }).collect())
}

#[cfg(test)]
mod tests;
