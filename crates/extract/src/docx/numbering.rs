//! List labels: the text Word prints before a numbered or bulleted paragraph, made from its list
//! level's `w:lvlText` (`第%1条`, `%1.%2`), where `%N` is the current number of level N.
//!
//! The label is not in the paragraph's runs, yet a reader sees it on the page joined to the
//! paragraph (`w:suff` `nothing`: no tab or space between): a level whose text is `机` before a
//! paragraph `密★1年` shows `机密★1年`, and `机密★%1年` shows the mark on the first item. So a
//! label that prints text of its own (more than numbers, punctuation and spaces) is read with its
//! paragraph, as it shows (field `list label`). Numbers are counted per list and level as Word
//! counts them (a level restarts after a higher one) and written in decimal whatever the level's
//! number format: the words around them are what matter. Only a paragraph's own numbering
//! (`w:pPr/w:numPr`) is followed, not a list its paragraph style brings.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::xml::{local_name, XmlReader};
use crate::zipread::Archive;
use crate::{ooxml, ExtractError, Limits};

/// Levels a list has (`w:ilvl` 0 to 8).
const LEVELS: usize = 9;

/// One level of a list.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    /// `w:lvlText/@w:val`, if it prints text of its own.
    text: Option<String>,
    /// What follows the label: a tab (the default), a space or nothing.
    suffix: &'static str,
}

/// The lists of a document (`word/numbering.xml`).
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// Abstract lists' levels, by `w:abstractNumId`.
    abstracts: HashMap<u32, Vec<Level>>,
    /// Each list (`w:num`): its abstract list and the starts its overrides set.
    lists: HashMap<u32, (u32, Vec<(usize, u32)>)>,
}

/// The numbers of the lists as a part counts them.
#[derive(Debug, Default)]
pub(super) struct Counters(HashMap<u32, [u32; LEVELS]>);

impl Numbering {
    /// Reads the numbering part named by the main document's relationship (`declared`), else
    /// `word/numbering.xml`; none when the package has neither.
    pub(super) fn load(
        archive: &mut Archive<'_>,
        declared: Option<&str>,
        limits: &Limits,
    ) -> Result<Numbering, ExtractError> {
        let Some(name) = declared.and_then(|d| archive.find(d)).or_else(|| archive.find("word/numbering.xml")) else {
            return Ok(Numbering::default());
        };
        let name = name.to_owned();
        let xml = ooxml::read_xml(archive, &name)?;
        Numbering::parse(&name, &xml, limits)
    }

    fn parse(part: &str, xml: &[u8], limits: &Limits) -> Result<Numbering, ExtractError> {
        let mut out = Numbering::default();
        let mut reader = XmlReader::bounded(part, xml, limits);
        // The abstract list or list being read, and the level (its index) inside it.
        let mut abstract_id: Option<u32> = None;
        let mut num: Option<u32> = None;
        let mut level: Option<usize> = None;
        let number = |v: Option<std::borrow::Cow<'_, str>>| v.and_then(|v| v.trim().parse::<u32>().ok());
        loop {
            match reader.next()? {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || reader.attr(&e, b"val");
                    match local_name(e.name().as_ref()) {
                        b"abstractNum" => {
                            abstract_id = number(reader.attr(&e, b"abstractNumId")?);
                            if let Some(id) = abstract_id {
                                out.abstracts.insert(id, vec![Level { start: 1, text: None, suffix: "\t" }; LEVELS]);
                            }
                        }
                        b"num" => num = number(reader.attr(&e, b"numId")?),
                        b"abstractNumId" => {
                            if let (Some(n), Some(a)) = (num, number(val()?)) {
                                out.lists.entry(n).or_default().0 = a;
                            }
                        }
                        b"lvl" | b"lvlOverride" => {
                            level = number(reader.attr(&e, b"ilvl")?).map(|l| l as usize).filter(|l| *l < LEVELS)
                        }
                        b"startOverride" => {
                            if let (Some(n), Some(l), Some(s)) = (num, level, number(val()?)) {
                                out.lists.entry(n).or_default().1.push((l, s));
                            }
                        }
                        local => {
                            let Some(lv) = abstract_id
                                .zip(level)
                                .filter(|_| num.is_none())
                                .and_then(|(a, l)| out.abstracts.get_mut(&a).and_then(|v| v.get_mut(l)))
                            else {
                                continue;
                            };
                            match local {
                                b"start" => lv.start = number(val()?).unwrap_or(1),
                                b"lvlText" => {
                                    lv.text = val()?.map(|t| t.into_owned()).filter(|t| prints_text(t));
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
                    b"lvl" | b"lvlOverride" => level = None,
                    _ => {}
                },
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    /// Whether no list prints text of its own (then no label needs reading).
    pub(super) fn is_silent(&self) -> bool {
        self.abstracts.values().all(|levels| levels.iter().all(|l| l.text.is_none()))
    }

    /// Counts a paragraph of list `num` at level `ilvl` and returns its label with what follows
    /// it, when the level prints text of its own.
    pub(super) fn label(&self, counters: &mut Counters, num: u32, ilvl: usize) -> Option<String> {
        let (abstract_id, overrides) = self.lists.get(&num)?;
        let levels = self.abstracts.get(abstract_id)?;
        let ilvl = ilvl.min(LEVELS - 1);
        let start =
            |l: usize| overrides.iter().rev().find(|(o, _)| *o == l).map(|(_, s)| *s).unwrap_or(levels[l].start);
        let numbers = counters.0.entry(num).or_insert([0; LEVELS]);
        numbers[ilvl] = if numbers[ilvl] == 0 { start(ilvl) } else { numbers[ilvl] + 1 };
        for n in numbers.iter_mut().skip(ilvl + 1) {
            *n = 0;
        }
        let level = &levels[ilvl];
        let text = level.text.as_deref()?;
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let n = if numbers[l] == 0 { start(l) } else { numbers[l] };
                    out.push_str(&n.to_string());
                }
                _ => out.push(c),
            }
        }
        out.push_str(level.suffix);
        Some(out)
    }
}

/// Whether a level's text prints more than its numbers, punctuation and spaces.
fn prints_text(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            chars.next();
            continue;
        }
        // Bullets are symbol-font characters and typographic marks: no words.
        let word = c.is_alphanumeric() && !c.is_ascii_digit();
        if word || c == '★' || c == '☆' || c == '▲' {
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

    #[test]
    fn labels_that_print_text_are_counted_and_shown() {
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="机密★%1年"/><w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlText w:val="第%1.%2条"/><w:suff w:val="space"/></w:lvl>"#,
            "",
        );
        assert!(!n.is_silent());
        let mut c = Counters::default();
        assert_eq!(n.label(&mut c, 1, 0).as_deref(), Some("机密★1年"));
        assert_eq!(n.label(&mut c, 1, 1).as_deref(), Some("第1.1条 "));
        assert_eq!(n.label(&mut c, 1, 1).as_deref(), Some("第1.2条 "));
        assert_eq!(n.label(&mut c, 1, 0).as_deref(), Some("机密★2年"));
        assert_eq!(n.label(&mut c, 1, 1).as_deref(), Some("第2.1条 "), "restarts after a higher level");
        assert_eq!(n.label(&mut c, 9, 0), None, "no such list");
    }

    #[test]
    fn plain_numbers_and_bullets_print_no_text() {
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:start w:val="3"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:lvlText w:val=""/></w:lvl><w:lvl w:ilvl="2"><w:lvlText w:val="(%3)"/></w:lvl>"#,
            "",
        );
        assert!(n.is_silent());
        assert_eq!(n.label(&mut Counters::default(), 1, 0), None);
        // A start override: the first item of list 1 is numbered 6.
        let n = numbering(
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:lvlText w:val="秘密%1"/></w:lvl>"#,
            r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="6"/></w:lvlOverride>"#,
        );
        assert_eq!(n.label(&mut Counters::default(), 1, 0).as_deref(), Some("秘密6\t"));
    }
}
