//! List labels: the text Word prints before a numbered or bulleted paragraph, made from its list
//! level's `w:lvlText` (`第%1条`, `%1.%2`), where `%N` is the current number of level N.
//!
//! The label is not in the paragraph's runs, yet a reader sees it on the page joined to the
//! paragraph (`w:suff` `nothing`: no tab or space between): a level whose text is `机` before a
//! paragraph `密★1年` shows `机密★1年`, and `机密★%1年` shows the mark on the first item. So a
//! label that prints text of its own (more than numbers, punctuation and spaces) is read with its
//! paragraph, as it shows (field `list label`).
//!
//! Which list and level a paragraph is in: its own `w:pPr/w:numPr` (`w:numId`, `w:ilvl`), else
//! what its paragraph style brings (the style's `w:pPr/w:numPr`, through its `w:basedOn` chain,
//! `w:numId` and `w:ilvl` each from the nearest style that gives it); a paragraph's own `w:numId`
//! 0 takes the style's numbering away. A style that gives no level is at the level its list links
//! to it (`w:lvl/w:pStyle`: Heading 2 at the second level), else the first. A list (`w:num`) is
//! an abstract list's levels, with a level replaced by the list's own (`w:lvlOverride/w:lvl`) or
//! restarted (`w:startOverride`); an abstract list that only links to a numbering style
//! (`w:numStyleLink`) has the levels of the abstract list defining that style (`w:styleLink`,
//! else the list the style's own `w:numPr` names).
//!
//! Numbers are counted per list and level as Word counts them (a level restarts after a higher
//! one) and written in the number format of the level they count (`w:numFmt`: `机密★%1年` in
//! `chineseCounting` prints `机密★一年`, in `none` `机密★年`; see [`NumberFormat`]), in decimal in
//! a legal-style level (`w:isLgl`). A bullet in a symbol font (`w:rPr/w:rFonts`, Wingdings `§`) is
//! the font's glyph (■), not a letter. What this does not do: a level's restart rule
//! (`w:lvlRestart`), a hidden label (`w:rPr/w:vanish`: read as if shown), picture bullets, and
//! custom number formats (`w:numFmt/@w:format`).

use std::collections::HashMap;

use quick_xml::events::Event;

use super::styles::Styles;
use crate::list_labels::{prints_words, NumberFormat};
use crate::symbols::{self, SymbolFont};
use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ooxml, ExtractError, Limits};

/// Levels a list has (`w:ilvl` 0 to 8).
const LEVELS: usize = 9;

/// Where a paragraph's numbering points (`w:numPr`), from the paragraph or its style: each
/// half may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ListRef {
    /// `w:numId`: 0 is no list.
    pub(super) num: Option<u32>,
    /// `w:ilvl`, at most 8.
    pub(super) level: Option<u8>,
}

impl ListRef {
    /// What `self` says, else what `base` says, half by half.
    pub(super) fn over(self, base: ListRef) -> ListRef {
        ListRef { num: self.num.or(base.num), level: self.level.or(base.level) }
    }
}

/// One level of a list.
#[derive(Clone, Debug)]
struct Level {
    start: u32,
    /// `w:lvlText/@w:val`.
    text: String,
    /// Whether its text prints text of its own.
    prints: bool,
    format: NumberFormat,
    /// `w:isLgl`: every number in its text in decimal.
    legal: bool,
    /// What follows the label: a tab (the default), a space or nothing.
    suffix: &'static str,
    /// The paragraph style linked to it (`w:pStyle`).
    style: Option<String>,
    /// The symbol font its label is drawn in (`w:rPr/w:rFonts`).
    font: Option<SymbolFont>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            text: String::new(),
            prints: false,
            format: NumberFormat::Decimal,
            legal: false,
            suffix: "\t",
            style: None,
            font: None,
        }
    }
}

/// An abstract list (`w:abstractNum`).
#[derive(Clone, Debug, Default)]
struct Abstract {
    levels: Vec<Level>,
    /// The numbering style it defines (`w:styleLink`) or takes its levels from (`w:numStyleLink`).
    style_link: Option<String>,
    num_style_link: Option<String>,
}

/// A list (`w:num`): its abstract list, the starts its overrides set and the levels they replace.
#[derive(Clone, Debug, Default)]
struct List {
    abstract_id: u32,
    starts: Vec<(usize, u32)>,
    levels: Vec<(usize, Level)>,
}

/// The lists of a document (`word/numbering.xml`).
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    lists: HashMap<u32, List>,
}

/// The numbers of the lists as a part counts them.
#[derive(Debug, Default)]
pub(super) struct Counters(HashMap<u32, [u32; LEVELS]>);

impl Numbering {
    /// Reads the numbering part named by the main document's relationship (`declared`), else
    /// `word/numbering.xml`; none when the package has neither. `styles` give the lists that
    /// numbering styles name (see the module documentation).
    pub(super) fn load(
        archive: &mut Archive<'_>,
        declared: Option<&str>,
        styles: &Styles,
        limits: &Limits,
    ) -> Result<Numbering, ExtractError> {
        let Some(name) = declared.and_then(|d| archive.find(d)).or_else(|| archive.find("word/numbering.xml")) else {
            return Ok(Numbering::default());
        };
        let name = name.to_owned();
        let xml = ooxml::read_xml(archive, &name)?;
        let mut numbering = Numbering::parse(&name, &xml, limits)?;
        numbering.follow_style_links(styles);
        Ok(numbering)
    }

    fn parse(part: &str, xml: &[u8], limits: &Limits) -> Result<Numbering, ExtractError> {
        let mut out = Numbering::default();
        let mut reader = XmlReader::bounded(part, xml, limits);
        // The abstract list or list being read, the level (its index) inside it, and whether a
        // level's definition is open (`w:lvl`, in an abstract list or a list's override).
        let mut abstract_id: Option<u32> = None;
        let mut num: Option<u32> = None;
        let mut level: Option<usize> = None;
        let mut in_level = false;
        let number = |v: Option<std::borrow::Cow<'_, str>>| v.and_then(|v| v.trim().parse::<u32>().ok());
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || reader.attr(&e, b"val");
                    match local_name(e.name().as_ref()) {
                        b"abstractNum" => {
                            abstract_id = number(reader.attr(&e, b"abstractNumId")?);
                            if let Some(id) = abstract_id {
                                let levels = vec![Level::default(); LEVELS];
                                out.abstracts.insert(id, Abstract { levels, ..Abstract::default() });
                            }
                        }
                        b"num" => {
                            num = number(reader.attr(&e, b"numId")?);
                            if let Some(n) = num {
                                out.lists.insert(n, List::default());
                            }
                        }
                        b"abstractNumId" => {
                            if let (Some(n), Some(a)) = (num, number(val()?)) {
                                out.lists.entry(n).or_default().abstract_id = a;
                            }
                        }
                        local @ (b"styleLink" | b"numStyleLink") => {
                            if let Some(a) = abstract_id.and_then(|a| out.abstracts.get_mut(&a)) {
                                let name = val()?.map(|v| v.trim().to_owned());
                                match local {
                                    b"styleLink" => a.style_link = name,
                                    _ => a.num_style_link = name,
                                }
                            }
                        }
                        local @ (b"lvl" | b"lvlOverride") => {
                            // An override's `w:lvl` is at the override's level unless it says.
                            let ilvl = number(reader.attr(&e, b"ilvl")?).map(|l| l as usize).filter(|l| *l < LEVELS);
                            level = if local == b"lvl" { ilvl.or(level) } else { ilvl };
                            in_level = local == b"lvl";
                            // A list's own level replaces its abstract list's.
                            if let (true, Some(n), Some(l)) = (in_level, num, level) {
                                let list = out.lists.entry(n).or_default();
                                list.levels.retain(|(o, _)| *o != l);
                                list.levels.push((l, Level::default()));
                            }
                        }
                        b"startOverride" => {
                            if let (Some(n), Some(l), Some(s)) = (num, level, number(val()?)) {
                                out.lists.entry(n).or_default().starts.push((l, s));
                            }
                        }
                        local => {
                            let Some(l) = level.filter(|_| in_level) else { continue };
                            let lv = match num {
                                Some(n) => {
                                    out.lists.get_mut(&n).and_then(|list| list.levels.last_mut()).map(|o| &mut o.1)
                                }
                                None => abstract_id
                                    .and_then(|a| out.abstracts.get_mut(&a))
                                    .and_then(|a| a.levels.get_mut(l)),
                            };
                            let Some(lv) = lv else { continue };
                            match local {
                                b"start" => lv.start = number(val()?).unwrap_or(1),
                                b"lvlText" => lv.text = val()?.map(|t| t.into_owned()).unwrap_or_default(),
                                b"numFmt" => {
                                    lv.format = val()?.map_or(NumberFormat::Decimal, |f| NumberFormat::word(&f))
                                }
                                b"isLgl" => {
                                    lv.legal = val()?.is_none_or(|v| !matches!(v.trim(), "0" | "false" | "off"))
                                }
                                b"pStyle" => lv.style = val()?.map(|v| v.trim().to_owned()),
                                b"rFonts" => {
                                    let font = reader.attr(&e, b"ascii")?.or(reader.attr(&e, b"hAnsi")?);
                                    lv.font = font.and_then(|f| SymbolFont::named(&f));
                                }
                                b"suff" => {
                                    lv.suffix = match val()?.as_deref().map(str::trim) {
                                        Some("nothing") => "",
                                        Some("space") => " ",
                                        _ => "\t",
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                Event::End(e) => match local_name(e.name().as_ref()) {
                    b"abstractNum" => abstract_id = None,
                    b"num" => num = None,
                    b"lvl" if num.is_some() => in_level = false,
                    b"lvl" | b"lvlOverride" => (level, in_level) = (None, false),
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        for level in out
            .abstracts
            .values_mut()
            .flat_map(|a| &mut a.levels)
            .chain(out.lists.values_mut().flat_map(|l| l.levels.iter_mut().map(|o| &mut o.1)))
        {
            level.prints = prints_text(&level.text, level.font);
        }
        Ok(out)
    }

    /// Gives an abstract list that only links to a numbering style (`w:numStyleLink`) the
    /// levels of the abstract list that defines the style (`w:styleLink`), else of the list the
    /// style's own numbering names. One link is followed: a link to a link ends there.
    fn follow_style_links(&mut self, styles: &Styles) {
        let linked: Vec<(u32, String)> =
            self.abstracts.iter().filter_map(|(id, a)| a.num_style_link.clone().map(|s| (*id, s))).collect();
        for (id, style) in linked {
            let by_link = self.abstracts.iter().find(|(_, a)| a.style_link.as_deref() == Some(&style)).map(|(a, _)| *a);
            let by_style = || {
                let num = styles.numbering_style_list(&style)?;
                self.lists.get(&num).map(|l| l.abstract_id)
            };
            let Some(target) = by_link.or_else(by_style).filter(|t| *t != id) else { continue };
            if let Some(levels) = self.abstracts.get(&target).map(|a| a.levels.clone()) {
                if let Some(a) = self.abstracts.get_mut(&id) {
                    a.levels = levels;
                }
            }
        }
    }

    /// Whether no list prints text of its own (then no label needs reading).
    pub(super) fn is_silent(&self) -> bool {
        self.abstracts.values().all(|a| a.levels.iter().all(|l| !l.prints))
            && self.lists.values().all(|l| l.levels.iter().all(|(_, l)| !l.prints))
    }

    /// Counts a paragraph numbered by `list` (its own and its style's numbering, see
    /// [`ListRef::over`]) whose paragraph style is `style`, and returns its label with what
    /// follows it, when the level prints text of its own.
    pub(super) fn label(&self, counters: &mut Counters, list: ListRef, style: Option<&str>) -> Option<String> {
        let num = list.num.filter(|n| *n != 0)?;
        let entry = self.lists.get(&num)?;
        let levels = &self.abstracts.get(&entry.abstract_id)?.levels;
        let level_at = |l: usize| entry.levels.iter().rev().find(|(o, _)| *o == l).map_or(&levels[l], |(_, lv)| lv);
        let ilvl = match list.level {
            Some(l) => usize::from(l).min(LEVELS - 1),
            None => style.and_then(|s| (0..LEVELS).find(|l| level_at(*l).style.as_deref() == Some(s))).unwrap_or(0),
        };
        let start = |l: usize| entry.starts.iter().rev().find(|(o, _)| *o == l).map_or(level_at(l).start, |(_, s)| *s);
        let numbers = counters.0.entry(num).or_insert([0; LEVELS]);
        numbers[ilvl] = if numbers[ilvl] == 0 { start(ilvl) } else { numbers[ilvl].saturating_add(1) };
        for n in numbers.iter_mut().skip(ilvl + 1) {
            *n = 0;
        }
        let level = level_at(ilvl);
        if !level.prints {
            return None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let n = if numbers[l] == 0 { start(l) } else { numbers[l] };
                    let format = if level.legal { NumberFormat::Decimal } else { level_at(l).format };
                    format.write(n, &mut out);
                }
                _ => out.push(level.font.map_or(c, |font| symbols::glyph(font, c))),
            }
        }
        out.push_str(level.suffix);
        Some(out)
    }
}

/// Whether a level's text prints more than its numbers, punctuation and spaces (in `font`, the
/// glyphs that font draws).
fn prints_text(text: &str, font: Option<SymbolFont>) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            chars.next();
            continue;
        }
        // Bullets are symbol-font characters and typographic marks: no words.
        if prints_words(font.map_or(c, |font| symbols::glyph(font, c))) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbering(levels: &str, overrides: &str) -> Numbering {
        let xml = format!(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="3">{levels}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="3"/>{overrides}</w:num></w:numbering>"#
        );
        Numbering::parse("word/numbering.xml", xml.as_bytes(), &Limits::default()).unwrap()
    }

    fn at(num: u32, level: u8) -> ListRef {
        ListRef { num: Some(num), level: Some(level) }
    }

    #[test]
    fn labels_that_print_text_are_counted_and_shown() {
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="机密★%1年"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlText w:val="第%1.%2条"/><w:suff w:val="space"/></w:lvl>"#,
            "",
        );
        assert!(!n.is_silent());
        let mut c = Counters::default();
        assert_eq!(n.label(&mut c, at(1, 0), None).as_deref(), Some("机密★1年"));
        assert_eq!(n.label(&mut c, at(1, 1), None).as_deref(), Some("第1.1条 "));
        assert_eq!(n.label(&mut c, at(1, 1), None).as_deref(), Some("第1.2条 "));
        assert_eq!(n.label(&mut c, at(1, 0), None).as_deref(), Some("机密★2年"));
        assert_eq!(n.label(&mut c, at(1, 1), None).as_deref(), Some("第2.1条 "), "restarts after a higher level");
        assert_eq!(n.label(&mut c, at(9, 0), None), None, "no such list");
        assert_eq!(n.label(&mut c, at(0, 0), None), None, "list 0 is no list");
    }

    #[test]
    fn plain_numbers_and_bullets_print_no_text() {
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:start w:val="3"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:lvlText w:val=""/></w:lvl><w:lvl w:ilvl="2"><w:lvlText w:val="(%3)"/></w:lvl><w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="§"/><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:hint="default"/></w:rPr></w:lvl><w:lvl w:ilvl="4"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%5、"/></w:lvl>"#,
            "",
        );
        assert!(n.is_silent(), "a Wingdings § is a square, a counted 一、 a number");
        assert_eq!(n.label(&mut Counters::default(), at(1, 0), None), None);
        // A start override: the first item of list 1 is numbered 6.
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="秘密%1"/></w:lvl>"#,
            r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="6"/></w:lvlOverride>"#,
        );
        assert_eq!(n.label(&mut Counters::default(), at(1, 0), None).as_deref(), Some("秘密6\t"));
    }

    #[test]
    fn numbers_are_written_in_their_levels_formats() {
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="机密★%1年"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="绝密★%2年"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="2"><w:numFmt w:val="none"/><w:lvlText w:val="秘密★%3年"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="3"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="第%1章%4节"/></w:lvl><w:lvl w:ilvl="4"><w:isLgl/><w:lvlText w:val="第%1.%5条"/></w:lvl>"#,
            "",
        );
        let mut c = Counters::default();
        let labels: Vec<String> =
            [0, 0, 1, 2, 3, 3, 4].iter().filter_map(|l| n.label(&mut c, at(1, *l), None)).collect();
        assert_eq!(
            labels,
            ["机密★一年", "机密★二年", "绝密★１年", "秘密★年", "第二章I节\t", "第二章II节\t", "第2.1条\t"]
        );
    }

    #[test]
    fn an_override_level_replaces_the_abstract_level() {
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:lvlText w:val="%1."/></w:lvl>"#,
            r#"<w:lvlOverride w:ilvl="0"><w:lvl><w:start w:val="2"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="机密★%1年"/><w:suff w:val="nothing"/></w:lvl></w:lvlOverride>"#,
        );
        assert!(!n.is_silent());
        assert_eq!(n.label(&mut Counters::default(), at(1, 0), None).as_deref(), Some("机密★二年"));
    }

    #[test]
    fn a_level_linked_to_the_paragraph_style_and_a_list_linked_to_a_numbering_style() {
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1"><w:styleLink w:val="MarkList"/><w:lvl w:ilvl="0"><w:pStyle w:val="H1"/><w:lvlText w:val="%1"/></w:lvl><w:lvl w:ilvl="1"><w:pStyle w:val="H2"/><w:lvlText w:val="机"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="MarkList"/></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num></w:numbering>"#;
        let mut n = Numbering::parse("word/numbering.xml", xml.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(n.label(&mut Counters::default(), ListRef { num: Some(5), level: None }, Some("H2")), None);
        n.follow_style_links(&Styles::default());
        let list = ListRef { num: Some(5), level: None };
        assert_eq!(n.label(&mut Counters::default(), list, Some("H2")).as_deref(), Some("机"));
        assert_eq!(n.label(&mut Counters::default(), list, Some("H1")), None, "the first level prints a number");
    }
}
