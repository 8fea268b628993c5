//! A page read a second time as its fonts draw it, for the OFD reader.
//!
//! A `TextCode` holds characters; a viewer shows glyphs. The two can be made to disagree, so
//! that the page shows `机密★1年` while search, copy and every extractor read `甲乙★1年`:
//!
//! - a glyph transform (`CGTransform`, GB/T 33190 §11.4) draws some characters of a text object
//!   with glyphs given by id, whatever the characters are;
//! - the embedded font's `cmap` gives a character the glyph of another character.
//!
//! The font resources (`PublicRes`, `DocumentRes`, a page's `PageRes`: `Font` elements whose
//! `FontFile` lies under the resource file's `BaseLoc`) name each object's font program. What
//! the program says of its glyphs (its Unicode `cmap` and glyph names, read by
//! [`crate::font_program`], as for PDF) gives the characters drawn; where they differ from the
//! text, even after the folding the matcher does, the page's lines as drawn are a second reading
//! (field `as drawn`), as in the PDF reader. A disagreement alone decides nothing: it only adds
//! what the page shows to what is matched.
//!
//! What cannot be known is left as the text says, with one exception:
//! - a font that is not embedded (the viewer substitutes one by name) or a program that says
//!   nothing of its glyphs (the usual subset fonts written for glyph transforms, with neither
//!   `cmap` nor glyph names) gives no second reading and no note: most real files that use
//!   glyph transforms are so, and nothing in them can be checked;
//! - a glyph transform whose font program the package names but lacks ([`Unread::MissingPart`])
//!   or holds as bytes that are no font ([`Unread::Damaged`]) replaces characters with glyphs
//!   that cannot be read, and no viewer draws them as the producer meant: noted, so a person
//!   looks.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use mijian_core::{CoverageNote, Unread};
use quick_xml::events::Event;

use super::layout::Run;
use super::Reader;
use crate::font_program::{read_program, same_when_folded, GlyphCharacters, Program};
use crate::xml::{local_name, XmlReader};
use crate::ExtractError;

/// Where a font resource's program is.
enum FontFile {
    /// No `FontFile`: the viewer uses a font of that name, if it has one.
    NotEmbedded,
    /// The package entry that holds it.
    Entry(String),
    /// Named, but not in the package (the reference as written).
    Missing(String),
}

/// The fonts of one document: its font resources and, once read, their programs.
#[derive(Default)]
pub(super) struct Fonts {
    /// Font resource ID → its program's place.
    resources: HashMap<String, FontFile>,
    /// Resource files read.
    read: HashSet<String>,
    /// Package entry → what its program says.
    programs: HashMap<String, Rc<Program>>,
    /// Font files already noted as unread.
    noted: HashSet<String>,
}

impl Fonts {
    /// Reads the font resources of the resource file `loc`, referenced from `from`. A resource
    /// file that is missing or malformed gives no fonts: the package's own accounting notes it as
    /// before (see [`crate::package::account_for_every_entry`]).
    pub(super) fn read_resources(
        &mut self,
        reader: &mut Reader<'_>,
        from: &str,
        loc: &str,
        doc_dir: &str,
    ) -> Result<(), ExtractError> {
        let Some(part) = reader.locate(from, loc, doc_dir) else { return Ok(()) };
        if !self.read.insert(part.to_ascii_lowercase()) {
            return Ok(());
        }
        let bytes = reader.archive.read_aside(&part)?;
        let Ok(text) = crate::xml::to_utf8(&part, bytes) else { return Ok(()) };
        let mut xml = XmlReader::bounded(&part, &text, reader.limits);
        let mut base = String::new();
        let mut font: Option<String> = None;
        let mut in_file = false;
        let mut found: Vec<(String, String)> = Vec::new();
        loop {
            let Ok(event) = xml.next() else { return reader.limits.check() };
            match event {
                Event::Start(e) | Event::Empty(e) => match local_name(e.name().as_ref()) {
                    b"Res" => {
                        base = xml.attr(&e, b"BaseLoc").ok().flatten().map(|b| b.trim().to_owned()).unwrap_or_default()
                    }
                    b"Font" => {
                        font = xml.attr(&e, b"ID").ok().flatten().map(|id| id.trim().to_owned());
                        if let Some(id) = &font {
                            self.resources.insert(id.clone(), FontFile::NotEmbedded);
                        }
                    }
                    b"FontFile" => in_file = true,
                    _ => {}
                },
                Event::Text(t) if in_file => {
                    if let (Some(id), Ok(file)) = (&font, xml.text(&t)) {
                        found.push((id.clone(), file.trim().to_owned()));
                    }
                }
                Event::End(e) => match local_name(e.name().as_ref()) {
                    b"FontFile" => in_file = false,
                    b"Font" => font = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        for (id, file) in found.into_iter().filter(|(_, f)| !f.is_empty()) {
            let reference = if file.starts_with('/') || base.is_empty() {
                file
            } else {
                format!("{}/{file}", base.trim_end_matches('/'))
            };
            let place = match reader.locate(&part, &reference, doc_dir) {
                Some(entry) => FontFile::Entry(entry),
                None => FontFile::Missing(reference),
            };
            self.resources.insert(id, place);
        }
        Ok(())
    }

    /// The page's runs as their fonts draw them, where any run differs from its text, and the
    /// notes for glyphs that cannot be read (see the module documentation).
    pub(super) fn as_drawn(
        &mut self,
        reader: &mut Reader<'_>,
        runs: &[Run],
    ) -> Result<(Option<Vec<Run>>, Vec<CoverageNote>), ExtractError> {
        let mut drawn: Vec<Run> = Vec::new();
        let mut differs = false;
        let mut notes = Vec::new();
        for run in runs {
            let program = match run.font.as_deref().and_then(|id| self.resources.get(id)) {
                Some(FontFile::Entry(entry)) => {
                    let entry = entry.clone();
                    Font::Program(self.program(reader, &entry)?, entry)
                }
                Some(FontFile::Missing(reference)) => Font::Missing(reference.clone()),
                Some(FontFile::NotEmbedded) | None => Font::Unknown,
            };
            let text = run_as_drawn(run, &program);
            if !run.glyphs.is_empty() {
                let unreadable = match &program {
                    Font::Missing(name) => Some((name, Unread::MissingPart)),
                    Font::Program(p, name) if matches!(**p, Program::NotAFont) => Some((name, Unread::Damaged)),
                    _ => None,
                };
                if let Some((name, why)) = unreadable {
                    if self.noted.insert(name.clone()) {
                        notes.push(CoverageNote::unread(name.as_str(), why));
                    }
                }
            }
            differs |= text.is_some();
            drawn.push(Run { text: text.unwrap_or_else(|| run.text.clone()), ..run.clone() });
        }
        Ok((differs.then_some(drawn), notes))
    }

    /// The program in the package entry `entry`, read once.
    fn program(&mut self, reader: &mut Reader<'_>, entry: &str) -> Result<Rc<Program>, ExtractError> {
        if let Some(p) = self.programs.get(entry) {
            return Ok(Rc::clone(p));
        }
        let bytes = reader.archive.read_aside(entry)?;
        let program = Rc::new(read_program(&bytes));
        self.programs.insert(entry.to_owned(), Rc::clone(&program));
        Ok(program)
    }
}

/// What draws a run.
enum Font {
    /// The embedded program (and its entry).
    Program(Rc<Program>, String),
    /// A program the package names but lacks.
    Missing(String),
    /// Nothing known: no font resource, or one that is not embedded.
    Unknown,
}

/// The run's text as drawn, where it differs from the text: each glyph transform's glyphs read
/// through the font's glyph characters, each other character through its `cmap` glyph.
fn run_as_drawn(run: &Run, font: &Font) -> Option<String> {
    let Font::Program(program, _) = font else { return None };
    let Program::Glyphs(glyphs) = &**program else { return None };
    let chars: Vec<char> = run.text.chars().collect();
    let mut out = String::with_capacity(run.text.len());
    let mut differs = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((_, count, ids)) = run.glyphs.iter().find(|(first, _, _)| *first == i) {
            let end = (i + (*count).max(1)).min(chars.len());
            let said: String = chars[i..end].iter().collect();
            match transform_drawn(glyphs, ids) {
                Some(d) if !same_when_folded(&said, &d) => {
                    out.push_str(&d);
                    differs = true;
                }
                _ => out.push_str(&said),
            }
            i = end;
        } else {
            match char_drawn(glyphs, chars[i]) {
                Some(d) => {
                    out.push(d);
                    differs = true;
                }
                None => out.push(chars[i]),
            }
            i += 1;
        }
    }
    differs.then_some(out)
}

/// Whether `c` is a character a glyph can be read as: not white space, control or private use.
fn readable(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..))
}

/// The characters `ids` draw, if the font says for every one (see [`readable`]).
fn transform_drawn(glyphs: &GlyphCharacters, ids: &[u16]) -> Option<String> {
    ids.iter()
        .map(|&g| glyphs.of_glyph.get(&u32::from(g)).filter(|_| g != 0).and_then(|cs| cs.first()).copied())
        .map(|c| c.filter(|c| readable(*c)))
        .collect()
}

/// The character the glyph of `c` (by the font's `cmap`) is, where the font says it is another
/// one, even after folding: the glyph is also another character's, or its name names another.
fn char_drawn(glyphs: &GlyphCharacters, c: char) -> Option<char> {
    if !readable(c) {
        return None;
    }
    let g = *glyphs.glyph_of.get(&c).filter(|g| **g != 0)?;
    let chars = glyphs.of_glyph.get(&u32::from(g))?;
    let mut buf = [0u8; 4];
    let said: &str = c.encode_utf8(&mut buf);
    chars
        .iter()
        .copied()
        .filter(|d| *d != c && readable(*d))
        .find(|d| !same_when_folded(said, d.encode_utf8(&mut [0u8; 4])))
}
