//! List labels in RTF: what Word prints before a list paragraph.
//!
//! Word writes each list paragraph's label twice: as the paragraph's list and level (`\lsN`, an
//! entry of `\listoverridetable` naming a list of `\listtable`, and `\ilvlN`), from which it
//! draws the label, and as plain text in a `{\listtext …}` group before the paragraph's text,
//! for readers that do not know lists (read in the paragraph as it stands). A file without the
//! `\listtext` group still shows its label: then the label is made from its level's number text
//! (`\leveltext`: `机` or `机密★\'00年`, the numbers counted per list and level and written in
//! their level's format, `\levelnfc`: 37 is Chinese counting, `机密★一年`) and, when it prints words, the paragraph is read after it (field `list label`).

use std::collections::HashMap;

use crate::list_labels::{prints_words, LabelAllowance, NumberFormat};

/// Levels a list has (`\ilvl` 0 to 8).
const LEVELS: usize = 9;

/// One level of a list: its number text (placeholders `\'00`–`\'08` as U+0000–U+0008), its
/// first number, and what follows the label.
#[derive(Clone, Debug, Default)]
struct Level {
    text: String,
    /// Whether `text` prints words (beside its numbers), read once.
    prints: bool,
    start: u32,
    follow: &'static str,
    /// `\levelnfc`: how its number is written.
    format: NumberFormat,
}

/// The list table, the list overrides, and where the body's paragraph is in them.
#[derive(Debug, Default)]
pub(super) struct Lists {
    /// Each list's levels, by `\listid`.
    lists: HashMap<i32, Vec<Level>>,
    /// The levels of the list being read.
    reading: Vec<Level>,
    /// Each override's list (`\ls` → `\listid`), and the list of the override being read.
    overrides: HashMap<i32, i32>,
    override_list: Option<i32>,
    /// The numbers so far, by `\ls`.
    counters: HashMap<i32, [u32; LEVELS]>,
    /// The paragraph's list and level (`\ls`, `\ilvl`), and whether it wrote its label itself.
    paragraph: (Option<i32>, usize),
    written: bool,
    /// What the body's labels may still add (see [`LabelAllowance`]).
    labels: LabelAllowance,
}

impl Lists {
    /// A control word of the list table.
    pub(super) fn table_word(&mut self, name: &str, param: Option<i32>) {
        match name {
            "list" => self.reading.clear(),
            "listlevel" => self.reading.push(Level { start: 1, follow: "\t", ..Level::default() }),
            "levelstartat" => {
                if let Some(level) = self.reading.last_mut() {
                    level.start = param.unwrap_or(1).max(0) as u32;
                }
            }
            "levelnfc" | "levelnfcn" => {
                if let Some(level) = self.reading.last_mut() {
                    level.format = NumberFormat::code(param.unwrap_or(0));
                }
            }
            "levelfollow" => {
                if let Some(level) = self.reading.last_mut() {
                    level.follow = match param {
                        Some(1) => " ",
                        Some(2) => "",
                        _ => "\t",
                    };
                }
            }
            "listid" => {
                if let Some(id) = param {
                    self.lists.insert(id, std::mem::take(&mut self.reading));
                }
            }
            _ => {}
        }
    }

    /// A level's number text, as collected (a length, the text, a `;`).
    pub(super) fn level_text(&mut self, body: &str) {
        if let Some(level) = self.reading.last_mut() {
            level.text = body.chars().skip(usize::from(body.starts_with(|c: char| c < ' '))).collect();
            level.prints = level.text.chars().any(|c| c > '\u{8}' && prints_words(c));
        }
    }

    /// A control word of the list override table.
    pub(super) fn override_word(&mut self, name: &str, param: Option<i32>) {
        match (name, param) {
            ("listid", Some(id)) => self.override_list = Some(id),
            ("ls", Some(ls)) => {
                if let Some(id) = self.override_list {
                    self.overrides.insert(ls, id);
                }
            }
            _ => {}
        }
    }

    /// A control word of the body that sets where its paragraph is in the lists: `\pard` (no
    /// list), `\ls`, `\ilvl`, and `\listtext` (the label written).
    pub(super) fn paragraph_word(&mut self, name: &str, param: Option<i32>) {
        match name {
            "pard" => self.paragraph = (None, 0),
            "ls" => self.paragraph.0 = param,
            "ilvl" => self.paragraph.1 = param.unwrap_or(0).clamp(0, LEVELS as i32 - 1) as usize,
            "listtext" | "pntext" => self.written = true,
            _ => {}
        }
    }

    /// A body paragraph ends: counts it, and gives its label when its list's level prints words
    /// and the paragraph did not write its label itself.
    pub(super) fn paragraph_label(&mut self) -> Option<String> {
        let written = std::mem::take(&mut self.written);
        let ls = self.paragraph.0?;
        let levels = self.lists.get(self.overrides.get(&ls)?)?;
        let ilvl = self.paragraph.1;
        let start = |l: usize| levels.get(l).map_or(1, |level| level.start);
        let numbers = self.counters.entry(ls).or_insert([0; LEVELS]);
        numbers[ilvl] = if numbers[ilvl] == 0 { start(ilvl) } else { numbers[ilvl].saturating_add(1) };
        for n in numbers.iter_mut().skip(ilvl + 1) {
            *n = 0;
        }
        let level = levels.get(ilvl)?;
        if written || !level.prints || !self.labels.is_open() {
            return None;
        }
        let mut out = String::new();
        for c in level.text.trim_end_matches(';').chars() {
            match c {
                '\0'..='\u{8}' => {
                    let l = c as usize;
                    let format = levels.get(l).map_or(NumberFormat::Decimal, |level| level.format);
                    format.write(if numbers[l] == 0 { start(l) } else { numbers[l] }, &mut out);
                }
                c if c >= ' ' => out.push(c),
                _ => {}
            }
        }
        out.push_str(level.follow);
        self.labels.charge(&out).then_some(out)
    }

    /// Whether the body's labels have just reached their allowance: true once, for the note.
    pub(super) fn labels_newly_spent(&mut self) -> bool {
        self.labels.newly_spent()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_made_where_the_paragraph_did_not_write_it() {
        let mut lists = Lists::default();
        for (word, param) in [("list", None), ("listlevel", None), ("levelnfc", Some(37)), ("levelfollow", Some(2))] {
            lists.table_word(word, param);
        }
        lists.level_text("\u{5}机密★\u{0}年;");
        lists.table_word("listid", Some(7));
        lists.override_word("listid", Some(7));
        lists.override_word("ls", Some(1));
        lists.paragraph_word("ls", Some(1));
        assert_eq!(lists.paragraph_label().as_deref(), Some("机密★一年"));
        lists.paragraph_word("listtext", None);
        assert_eq!(lists.paragraph_label(), None, "written by the paragraph (number 2)");
        assert_eq!(lists.paragraph_label().as_deref(), Some("机密★三年"));
        lists.paragraph_word("pard", None);
        assert_eq!(lists.paragraph_label(), None, "no longer in a list");
    }
}
