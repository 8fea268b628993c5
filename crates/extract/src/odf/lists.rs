//! List labels: what an OpenDocument viewer prints before the first paragraph of a list item
//! or a numbered heading.
//!
//! A list (`text:list`) takes its list style from `text:style-name`, else from the list around
//! it, else from its paragraph's style (`style:list-style-name`, through its parents), else from
//! the presentation or graphic style of the shape it is in (a `text:list-style` inside the
//! style's `style:graphic-properties`, through its parents: the master's outline styles); its level
//! is how many lists enclose the paragraph. A heading (`text:h`) outside a list is numbered by
//! the outline style (`text:outline-style`) at its `text:outline-level`. Each level of a list
//! style prints a number between a prefix and a suffix (`text:list-level-style-number`:
//! `style:num-prefix`, `style:num-format`, `style:num-suffix`, the numbers of
//! `text:display-levels` levels joined by `.`) or a bullet character
//! (`text:list-level-style-bullet`: `text:bullet-char`, in a symbol font its glyph), then a tab,
//! a space or nothing (`text:label-followed-by`).
//!
//! A label that prints words of its own (a prefix `机密★` and suffix `年`, a bullet `机`) is read
//! with its paragraph, as it shows (field `list label`); numbers are counted per list style and
//! level (a new list restarts them unless it continues another, `text:continue-numbering`,
//! `text:continue-list`; a higher level restarts the lower ones; an item may set its number,
//! `text:start-value`), written in the level's format (see [`NumberFormat`]). Picture bullets
//! print no text. Not followed: `text:numbered-paragraph`.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use crate::list_labels::{prints_words, LabelAllowance, NumberFormat};
use crate::symbols::{self, SymbolFont};
use crate::xml::XmlReader;
use crate::ExtractError;

/// Levels a list style has (`text:level` 1 to 10).
const LEVELS: usize = 10;

/// One level of a list style.
#[derive(Clone, Debug)]
struct Level {
    prefix: String,
    suffix: String,
    /// The bullet character, for a bullet level; none for a numbered one.
    bullet: Option<String>,
    format: NumberFormat,
    start: u32,
    /// How many levels' numbers the label shows (`text:display-levels`), at least 1.
    shown_levels: usize,
    /// What follows the label: a tab (the default), a space or nothing.
    follow: &'static str,
    /// The symbol font its bullet is drawn in.
    font: Option<SymbolFont>,
    /// Whether it prints no text at all (a picture bullet).
    picture: bool,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            prefix: String::new(),
            suffix: String::new(),
            bullet: None,
            format: NumberFormat::Decimal,
            start: 1,
            shown_levels: 1,
            follow: "\t",
            font: None,
            picture: false,
        }
    }
}

impl Level {
    /// Whether it prints words of its own, beside its numbers.
    fn prints(&self) -> bool {
        let font = self.font;
        let bullet = self.bullet.iter().flat_map(|b| b.chars()).map(|c| font.map_or(c, |f| symbols::glyph(f, c)));
        !self.picture && self.prefix.chars().chain(self.suffix.chars()).chain(bullet).any(prints_words)
    }
}

/// A list style's levels, 1 to 10 at 0 to 9.
type Levels = [Option<Level>; LEVELS];

/// The name a list style held by a presentation or graphic style (`style:graphic-properties/
/// text:list-style`, which has no name of its own) is kept under: what the outline placeholders
/// of a presentation take their bullets from.
pub(super) fn embedded(family: &str, style: &str) -> String {
    format!("\u{0}{family}/{style}")
}

/// The list styles of an OpenDocument, its outline style and its paragraph styles' lists.
#[derive(Debug, Default)]
pub(super) struct ListBook {
    styles: HashMap<String, Levels>,
    outline: Levels,
    /// Each paragraph style's list style (`style:list-style-name`).
    paragraph_lists: HashMap<String, String>,
    /// The list style being read (`None` in the outline style) and its level being read.
    reading: Option<(Option<String>, Option<usize>)>,
    /// Whether any level prints words: else no label needs counting.
    any_prints: bool,
}

/// The numbers so far, by list style (`None`: the outline), and what the part's labels may
/// still add (see [`LabelAllowance`]).
#[derive(Debug, Default)]
pub(super) struct Counters(HashMap<Option<String>, [u32; LEVELS]>, LabelAllowance);

impl Counters {
    /// A list of `style` starts afresh.
    pub(super) fn restart(&mut self, style: &str) {
        self.0.remove(&Some(style.to_owned()));
    }

    /// Whether the part's labels have just reached their allowance: true once, for the note.
    pub(super) fn labels_newly_spent(&mut self) -> bool {
        self.1.newly_spent()
    }
}

impl ListBook {
    /// A list style (`text:list-style`, `name`) or the outline style (`None`) opens.
    pub(super) fn open_style(&mut self, name: Option<String>) {
        if let Some(name) = &name {
            self.styles.insert(name.clone(), Default::default());
        } else {
            self.outline = Default::default();
        }
        self.reading = Some((name, None));
    }

    /// The list style being read ends.
    pub(super) fn close_style(&mut self) {
        self.reading = None;
    }

    /// Whether a list style is being read.
    pub(super) fn in_style(&self) -> bool {
        self.reading.is_some()
    }

    /// Whether a list style `name` is known.
    pub(super) fn has(&self, name: &str) -> bool {
        self.styles.contains_key(name)
    }

    /// The paragraph style `paragraph` brings the list style `list`.
    pub(super) fn paragraph_list(&mut self, paragraph: String, list: String) {
        self.paragraph_lists.insert(paragraph, list);
    }

    /// The list style a paragraph of style `paragraph` (or one of its parents, `parents`)
    /// brings.
    pub(super) fn list_of<'a>(&'a self, mut styles: impl Iterator<Item = &'a str>) -> Option<&'a str> {
        styles.find_map(|s| self.paragraph_lists.get(s).map(String::as_str))
    }

    /// An element inside the list style being read: a level opening (`local` is
    /// `list-level-style-number`, `-bullet`, `-image` or `outline-level-style`) or what
    /// the level's properties say.
    pub(super) fn element(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
    ) -> Result<(), ExtractError> {
        let Some((name, level)) = &mut self.reading else { return Ok(()) };
        let levels = match name {
            Some(name) => self.styles.entry(name.clone()).or_default(),
            None => &mut self.outline,
        };
        match local {
            b"list-level-style-number"
            | b"list-level-style-bullet"
            | b"list-level-style-image"
            | b"outline-level-style" => {
                let at = reader.attr(e, b"level")?.and_then(|l| l.trim().parse::<usize>().ok());
                *level = at.filter(|l| (1..=LEVELS).contains(l)).map(|l| l - 1);
                let Some(at) = *level else { return Ok(()) };
                let attr = |key: &[u8]| -> Result<Option<String>, ExtractError> {
                    Ok(reader.attr(e, key)?.map(|v| v.into_owned()))
                };
                let mut new = Level {
                    prefix: attr(b"num-prefix")?.unwrap_or_default(),
                    suffix: attr(b"num-suffix")?.unwrap_or_default(),
                    picture: local == b"list-level-style-image",
                    ..Level::default()
                };
                if local == b"list-level-style-bullet" {
                    new.bullet = Some(attr(b"bullet-char")?.unwrap_or_default());
                } else {
                    new.format = attr(b"num-format")?.map_or(NumberFormat::None, |f| NumberFormat::open_document(&f));
                    new.start = attr(b"start-value")?.and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                    new.shown_levels =
                        attr(b"display-levels")?.and_then(|s| s.trim().parse().ok()).unwrap_or(1).clamp(1, LEVELS);
                }
                levels[at] = Some(new);
            }
            b"list-level-label-alignment" => {
                if let Some(l) = level.and_then(|l| levels[l].as_mut()) {
                    l.follow = match reader.attr(e, b"label-followed-by")?.as_deref().map(str::trim) {
                        Some("space") => " ",
                        Some("nothing") => "",
                        _ => "\t",
                    };
                }
            }
            b"text-properties" => {
                if let Some(l) = level.and_then(|l| levels[l].as_mut()) {
                    let font = match reader.attr(e, b"font-name")? {
                        Some(name) => Some(name.into_owned()),
                        None => reader.attr(e, b"font-family")?.map(|f| f.into_owned()),
                    };
                    l.font = font.and_then(|f| SymbolFont::named(f.trim_matches(|c| c == '\'' || c == '"')));
                }
            }
            _ => return Ok(()),
        }
        if let Some(l) = level.and_then(|l| levels[l].as_ref()) {
            self.any_prints |= l.prints();
        }
        Ok(())
    }

    /// Whether no level of any list style prints words (then no label needs counting).
    pub(super) fn is_silent(&self) -> bool {
        !self.any_prints
    }

    /// Counts a paragraph at `level` (0 the first) of a list of `style` (`None`: the outline),
    /// numbered `start` if its item says so, and returns its label with what follows it, when
    /// the level prints words of its own.
    pub(super) fn label(
        &self,
        counters: &mut Counters,
        style: Option<&str>,
        level: usize,
        start: Option<u32>,
    ) -> Option<String> {
        let levels = match style {
            Some(name) => self.styles.get(name)?,
            None => &self.outline,
        };
        let level = level.min(LEVELS - 1);
        let this = levels[level].as_ref()?;
        let first = |l: usize| levels[l].as_ref().map_or(1, |l| l.start);
        let numbers = counters.0.entry(style.map(str::to_owned)).or_insert([0; LEVELS]);
        numbers[level] = match start {
            Some(n) => n,
            None if numbers[level] == 0 => first(level),
            None => numbers[level].saturating_add(1),
        };
        for n in numbers.iter_mut().skip(level + 1) {
            *n = 0;
        }
        // Looking at the level's words costs their length, for every paragraph: charged.
        let words = this.prefix.len() + this.suffix.len() + this.bullet.as_ref().map_or(0, String::len);
        if !counters.1.is_open() || !counters.1.charge_bytes(words) || !this.prints() {
            return None;
        }
        let mut out = this.prefix.clone();
        match &this.bullet {
            Some(bullet) => out.extend(bullet.chars().map(|c| this.font.map_or(c, |f| symbols::glyph(f, c)))),
            None => {
                let from = (level + 1).saturating_sub(this.shown_levels);
                for l in from..=level {
                    if l > from {
                        out.push('.');
                    }
                    let n = if numbers[l] == 0 { first(l) } else { numbers[l] };
                    levels[l].as_ref().map_or(NumberFormat::Decimal, |l| l.format).write(n, &mut out);
                }
            }
        }
        out.push_str(&this.suffix);
        out.push_str(this.follow);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(xml: &str) -> ListBook {
        let mut book = ListBook::default();
        let mut reader = XmlReader::new("styles.xml", xml.as_bytes(), 16);
        loop {
            match reader.next().unwrap() {
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                    let name = e.name();
                    let local = crate::xml::local_name(name.as_ref());
                    match local {
                        b"list-style" => book.open_style(reader.attr(&e, b"name").unwrap().map(|n| n.into_owned())),
                        b"outline-style" => book.open_style(None),
                        _ => book.element(&reader, &e, local).unwrap(),
                    }
                }
                quick_xml::events::Event::Eof => return book,
                _ => {}
            }
        }
    }

    #[test]
    fn labels_that_print_words_are_counted_and_written() {
        let book = book(
            r#"<r><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="机密★" style:num-suffix="年" style:num-format="一, 二, 三, ..."><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-number><text:list-level-style-number text:level="2" style:num-prefix="第" style:num-suffix="条" style:num-format="1" text:display-levels="2"/><text:list-level-style-bullet text:level="3" text:bullet-char="§"><style:text-properties style:font-name="Wingdings"/></text:list-level-style-bullet></text:list-style><text:outline-style><text:outline-level-style text:level="1" style:num-format="1" style:num-suffix="."/></text:outline-style></r>"#,
        );
        assert!(!book.is_silent());
        let mut c = Counters::default();
        let l1 = Some("L1");
        assert_eq!(book.label(&mut c, l1, 0, None).as_deref(), Some("机密★一年"));
        assert_eq!(book.label(&mut c, l1, 1, None).as_deref(), Some("第一.1条\t"), "each level's number in its format");
        assert_eq!(book.label(&mut c, l1, 1, Some(5)).as_deref(), Some("第一.5条\t"));
        assert_eq!(book.label(&mut c, l1, 2, None), None, "a Wingdings square prints no word");
        assert_eq!(book.label(&mut c, l1, 0, None).as_deref(), Some("机密★二年"));
        assert_eq!(book.label(&mut c, l1, 1, None).as_deref(), Some("第二.1条\t"), "restarts after a higher level");
        assert_eq!(book.label(&mut c, None, 0, None), None, "`1.` prints no word");
        c.restart("L1");
        assert_eq!(book.label(&mut c, l1, 0, None).as_deref(), Some("机密★一年"));
        assert_eq!(book.label(&mut c, Some("L9"), 0, None), None, "no such style");
    }
}
