//! Normalisation: the copy of a text that matching runs on, with a map back to the original.
//!
//! People who want a protected word to slip through a filter type it differently: full-width
//! letters (`ＫＪ－３`), traditional characters (`機密`), spaces or dots between the characters
//! (`紫 电 计 划`, `紫·电·计·划`), zero-width characters, or they rely on a PDF line break to cut it.
//! [`normalize`] undoes all of that at once:
//!
//! * full-width ASCII becomes ASCII, the ideographic space a space, Latin letters lower case;
//! * traditional and variant characters become simplified (a 1:1 map from OpenCC's tables), and
//!   Kangxi and supplementary radicals (`⻑`), compatibility ideographs and circled forms (`㊙`) their plain character;
//! * star-like symbols (☆ ✦ ⋆ ※ …) become `★`, asterisk-like ones (∗ ﹡ ✱ …) `*`, dashes and minus
//!   signs in Latin terms the hyphen (tables generated from Unicode data by `tools/gen_marks.py`);
//! * invisible format characters (U+200B–U+200F, U+2060, U+FEFF, the soft hyphen, the bidi
//!   controls…) disappear, and text under a right-to-left override (RLO … PDF) is read reversed,
//!   as a viewer displays it;
//! * a run of fillers (whitespace, line breaks, and symbols such as `· • * - _ ~ /`) between two
//!   CJK characters disappears; a run of whitespace next to one CJK character disappears; other
//!   whitespace runs become one space (or one line break).
//!
//! Two things are *not* skipped, because a term that spans them is a coincidence, not an evasion:
//! sentence punctuation (`。，、；：？！`) and paragraph breaks (two or more line breaks, kept as
//! two, so that normalising the normalised text changes nothing). Terms cut by a paragraph
//! break are the `junction` module's business.
//!
//! Every normalised character comes from exactly one original character, so a match in the
//! normalised text maps back to one original range through the [`OffsetMap`].
//!
//! ```
//! let n = mijian_core::normalize("紫 電·計\n劃　ＫＪ－３型");
//! assert_eq!(n.text(), "紫电计划kj-3型");
//! let (s, e) = n.map().range(0, "紫电计划".len());
//! assert_eq!(&"紫 電·計\n劃　ＫＪ－３型"[s..e], "紫 電·計\n劃");
//! ```

mod bidi;
mod fold;
#[rustfmt::skip]
mod marks_table;
mod offset_map;
#[rustfmt::skip]
mod t2s_table;
mod word;

pub use offset_map::{Ascending, OffsetMap};

pub(crate) use fold::is_cjk;
pub use fold::is_unseen;
use fold::{CharClass, Folder};
pub(crate) use word::FoldedWord;

/// A normalised text and its map back to the original.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    map: OffsetMap,
}

impl Normalized {
    /// An empty buffer, to be filled by [`Normalized::fill`] again and again without reallocating.
    pub fn new() -> Self {
        Self::default()
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The map from normalised offsets to original offsets.
    pub fn map(&self) -> &OffsetMap {
        &self.map
    }

    /// Replaces the contents with the normalisation of `original`.
    pub fn fill(&mut self, original: &str) {
        self.fill_with(original, true);
    }

    /// [`Normalized::fill`], with or without skipping unchanged characters in bulk (the property
    /// tests check that both agree).
    pub(crate) fn fill_with(&mut self, original: &str, skip: bool) {
        self.text.clear();
        self.map.clear();
        self.text.reserve(original.len());
        let runs = bidi::overridden_runs(original);
        if runs.is_empty() {
            Writer { out: self, folder: Folder::new(), run: Run::default(), prev_cjk: false }.write(original, skip);
        } else {
            // Text under a right-to-left override is matched as a viewer shows it: reversed. The
            // reversed copy has the same length, and the map remembers which ranges were turned.
            let visual = bidi::apply(original, &runs);
            Writer { out: self, folder: Folder::new(), run: Run::default(), prev_cjk: false }.write(&visual, skip);
            self.map.set_reversed(runs);
        }
    }
}

/// Normalises `original` (see the module documentation).
pub fn normalize(original: &str) -> Normalized {
    let mut n = Normalized::new();
    n.fill(original);
    n
}

/// Folds a single term the way texts are folded, for dictionaries and tests.
pub fn normalize_term(term: &str) -> String {
    normalize(term).text.trim().to_string()
}

/// A pending run of fillers: decided only when the next real character shows whether the run sits
/// between two CJK characters.
#[derive(Default)]
struct Run {
    /// (original offset, original length, folded char, is whitespace)
    chars: Vec<(u32, u32, char, bool)>,
    /// Line breaks in the current stretch of whitespace.
    newlines: u32,
    /// Whether some stretch of whitespace held two line breaks: a paragraph break.
    paragraph: bool,
    symbols: bool,
}

struct Writer<'a> {
    out: &'a mut Normalized,
    folder: Folder,
    run: Run,
    prev_cjk: bool,
}

impl Writer<'_> {
    /// Writes the normalisation of `original`. `skip` lets the bulk of the text, characters that
    /// fold to themselves, be passed over by [`Folder::skip_unchanged`] rather than one by one
    /// below (always, but for the test that both ways agree).
    fn write(mut self, original: &str, skip: bool) {
        // Most characters fold to themselves: they are copied in spans, not one by one.
        let mut span = 0usize;
        let mut at = 0usize;
        while at < original.len() {
            if skip && self.run.chars.is_empty() {
                let (next, last) = self.folder.skip_unchanged(original, at);
                if let Some(cjk) = last {
                    self.prev_cjk = cjk;
                }
                at = next;
            }
            let Some(c) = original[at..].chars().next() else { break };
            let off = at;
            at += c.len_utf8();
            let (f, class) = self.folder.fold(c);
            if f == c && self.run.chars.is_empty() && matches!(class, CharClass::Cjk | CharClass::Other) {
                self.prev_cjk = class == CharClass::Cjk;
                continue;
            }
            self.copy_span(original, span, off);
            span = off + c.len_utf8();
            let off = off as u32;
            match class {
                CharClass::Drop => {}
                CharClass::Space => {
                    if c == '\n' {
                        self.run.newlines += 1;
                        self.run.paragraph |= self.run.newlines >= 2;
                    }
                    self.run.chars.push((off, c.len_utf8() as u32, f, true));
                }
                CharClass::Filler => {
                    self.run.symbols = true;
                    self.run.newlines = 0;
                    self.run.chars.push((off, c.len_utf8() as u32, f, false));
                }
                CharClass::Cjk | CharClass::Other => {
                    let cjk = class == CharClass::Cjk;
                    let alone = f.is_ascii_alphabetic() && self.alone_after(&original[at..]);
                    self.flush_run(Some(cjk), Some(f), alone, original);
                    self.emit(off, c.len_utf8() as u32, f);
                    self.prev_cjk = cjk;
                }
            }
        }
        self.copy_span(original, span, original.len());
        self.flush_run(None, None, false, original);
    }

    /// Copies `original[start..end]`, characters that fold to themselves. (A span only grows while
    /// no filler run is pending, so there is no run to settle first.)
    fn copy_span(&mut self, original: &str, start: usize, end: usize) {
        if start == end {
            return;
        }
        debug_assert!(self.run.chars.is_empty());
        let n = self.out.text.len() as u32;
        let predicted = self.out.map.predict(n);
        if predicted != start as u32 {
            self.out.map.push(n, predicted);
            self.out.map.push(n, start as u32);
        }
        self.out.text.push_str(&original[start..end]);
    }

    /// Whether the text after a character starts with no Latin letter or digit (so that a letter
    /// before it stands alone, as in `K-J-3`); invisible characters do not count.
    fn alone_after(&self, after: &str) -> bool {
        !self.first_folded(after.chars()).is_some_and(|c| c.is_ascii_alphanumeric())
    }

    /// Whether the run starting at original offset `run_start` follows a Latin letter that stands
    /// alone: the character before it folds to an ASCII letter, and the one before that to no Latin
    /// letter or digit (invisible characters do not count).
    fn alone_before(&self, original: &str, run_start: usize) -> bool {
        let mut back = original[..run_start].chars().rev();
        self.first_folded(&mut back).is_some_and(|c| c.is_ascii_alphabetic())
            && !self.first_folded(back).is_some_and(|c| c.is_ascii_alphanumeric())
    }

    /// The first character of `chars` that the normaliser does not drop, folded.
    fn first_folded(&self, chars: impl Iterator<Item = char>) -> Option<char> {
        chars.map(|c| self.folder.fold(c)).find(|&(_, class)| class != CharClass::Drop).map(|(f, _)| f)
    }

    /// Decides the fate of the pending run, now that the next character (`next_cjk`, or the end of
    /// the text) is known; `next_alone` says that it is a Latin letter standing alone.
    fn flush_run(&mut self, next_cjk: Option<bool>, next: Option<char>, next_alone: bool, original: &str) {
        if self.run.chars.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        let between_cjk = self.prev_cjk && next_cjk == Some(true);
        let beside_cjk = self.prev_cjk || next_cjk == Some(true);
        let at_edge = self.out.text.is_empty() || next_cjk.is_none();
        let star = run.chars.iter().find(|c| c.2 == '*').copied();
        if run.paragraph && self.keeps_a_paragraph(&run.chars, next_cjk) {
            // A paragraph break is a hard boundary: kept, as two line breaks (one would read as a
            // filler if the text were normalised again), with the symbols around it.
            self.keep(&run.chars, next_cjk);
        } else if let Some((off, len, _, _)) = star.filter(|_| self.out.text.ends_with('密')) {
            // `绝密＊长期`: an asterisk after a level word is the star of a mark, not a filler.
            self.emit(off, len, '*');
        } else if between_cjk || (!run.symbols && (beside_cjk || at_edge)) {
            // Skipped: fillers inside a CJK word, or whitespace beside a CJK character.
        } else if let Some(joiner) = self.latin_junction(&run.chars, next) {
            if next_alone && self.alone_before(original, run.chars[0].0 as usize) {
                // `K-J-3`, `K·J·3`: a code's letters spelled out with the symbols `紫·电·计·划` has
                // between its ideographs, skipped like those (`KJ-3`).
            } else {
                // `KJ_3`, `KJ·3`, `KJ - 3`: the junction of a model's parts, read as its hyphen.
                let (off, len, _, _) = run.chars[joiner];
                self.emit(off, len, '-');
            }
        } else if let Some(joiner) = self.after_an_initial(&run.chars, next, next_alone, original) {
            if next_alone {
                // `K.J.`, `K/J`: initials, a code's letters spelled out with full stops or slashes.
            } else {
                // `K.J.-3`, `K.J.3`, `K.J. 3`: the last initial's stop and the junction after it.
                let (off, len, _, _) = run.chars[joiner];
                self.emit(off, len, '-');
            }
        } else {
            self.keep(&run.chars, next_cjk);
        }
        self.run = Run { chars: run.chars, newlines: 0, paragraph: false, symbols: false };
        self.run.chars.clear();
    }

    /// The joining symbol of a run between two ASCII letters or digits, when the run is the
    /// junction of one Latin term rather than punctuation of the text: exactly one hyphen,
    /// underscore or middle dot, and otherwise at most spaces and one line break (`KJ_3`, `KJ·3`,
    /// `KJ - 3` are all `KJ-3`; the full stop is not a joiner: `KJ.3` is a version, another word).
    fn latin_junction(&self, chars: &[(u32, u32, char, bool)], next: Option<char>) -> Option<usize> {
        self.out.text.chars().next_back().filter(char::is_ascii_alphanumeric)?;
        next.filter(char::is_ascii_alphanumeric)?;
        let mut joiner = None;
        let mut newlines = 0;
        for (i, &(_, _, c, space)) in chars.iter().enumerate() {
            if space {
                newlines += u32::from(c == '\n');
            } else if joiner.is_none() && matches!(c, '-' | '_' | '·' | '•' | '・' | '‧' | '∙' | '⋅') {
                joiner = Some(i);
            } else {
                return None;
            }
        }
        joiner.filter(|_| newlines <= 1)
    }

    /// The run after a Latin letter standing alone (an initial) and before a Latin letter or
    /// digit, when it is the initial's full stop or slash and perhaps a joiner (one or two of
    /// `. / \ |` and the joiners), or whitespace before a number (`K J 3`: the model's junction,
    /// spelled out); at most one line break, and whitespace only before a digit or a letter
    /// standing alone (`K.J.-3`, `K.J. 3`, `K/J`; not `a. The`). Returns the character that
    /// stands for the junction: the joiner if there is one, else the first.
    fn after_an_initial(
        &self,
        chars: &[(u32, u32, char, bool)],
        next: Option<char>,
        next_alone: bool,
        original: &str,
    ) -> Option<usize> {
        self.out.text.chars().next_back().filter(char::is_ascii_alphabetic)?;
        let next = next.filter(char::is_ascii_alphanumeric)?;
        let (mut symbols, mut joiner, mut first, mut spaces, mut newlines) = (0, None, None, false, 0);
        for (i, &(_, _, c, space)) in chars.iter().enumerate() {
            if space {
                spaces = true;
                newlines += u32::from(c == '\n');
                continue;
            }
            symbols += 1;
            if matches!(c, '-' | '_' | '·' | '•' | '・' | '‧' | '∙' | '⋅') {
                joiner = Some(i);
            } else if !matches!(c, '.' | '/' | '\\' | '|') {
                return None;
            }
            first.get_or_insert(i);
        }
        let spaced_before_a_word = spaces && next.is_ascii_alphabetic() && !next_alone && joiner.is_none();
        let space_before_a_number = symbols == 0 && newlines == 0 && next.is_ascii_digit();
        if !(symbols > 0 || space_before_a_number) || symbols > 2 || newlines > 1 || spaced_before_a_word {
            return None;
        }
        self.alone_before(original, chars[0].0 as usize).then_some(joiner.or(first).unwrap_or(0))
    }

    /// Whether [`Writer::keep`] would write a paragraph break for this run: a stretch of
    /// whitespace with two line breaks that is not at an edge of the text (an edge stretch is
    /// dropped). Otherwise the run is not a paragraph break, or the kept text would not read as
    /// one when normalised again (`密\n*\n\n` was `密\n*`, which normalises to `密*`).
    fn keeps_a_paragraph(&self, chars: &[(u32, u32, char, bool)], next_cjk: Option<bool>) -> bool {
        let mut i = 0;
        while i < chars.len() {
            let stretch = chars[i..].iter().take_while(|c| c.3).count();
            if stretch == 0 {
                i += 1;
                continue;
            }
            let edge = (i == 0 && self.out.text.is_empty()) || (i + stretch == chars.len() && next_cjk.is_none());
            if !edge && chars[i..i + stretch].iter().filter(|c| c.2 == '\n').nth(1).is_some() {
                return true;
            }
            i += stretch;
        }
        false
    }

    /// Keeps a run: symbols as they are, each stretch of whitespace as two line breaks (a
    /// paragraph break), one line break or one space, except a stretch at either edge of the text.
    fn keep(&mut self, chars: &[(u32, u32, char, bool)], next_cjk: Option<bool>) {
        let mut i = 0;
        while i < chars.len() {
            let (off, len, f, space) = chars[i];
            if !space {
                self.emit(off, len, f);
                i += 1;
                continue;
            }
            let stretch = &chars[i..i + chars[i..].iter().take_while(|c| c.3).count()];
            let edge = (i == 0 && self.out.text.is_empty()) || (i + stretch.len() == chars.len() && next_cjk.is_none());
            if !edge {
                let mut newlines = stretch.iter().filter(|c| c.2 == '\n').take(2).peekable();
                if newlines.peek().is_none() {
                    self.emit(off, len, ' ');
                }
                for &(o, l, _, _) in newlines {
                    self.emit(o, l, '\n');
                }
            }
            i += stretch.len();
        }
    }

    #[inline]
    fn emit(&mut self, orig_off: u32, orig_len: u32, f: char) {
        let n = self.out.text.len() as u32;
        let predicted = self.out.map.predict(n);
        if predicted != orig_off {
            // Something was dropped: record where the previous character ended, then where this
            // one starts.
            self.out.map.push(n, predicted);
            self.out.map.push(n, orig_off);
        }
        self.out.text.push(f);
        let new_len = f.len_utf8() as u32;
        if new_len != orig_len {
            self.out.map.push(n + new_len, orig_off + orig_len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(original: &str, expected: &str) {
        let n = normalize(original);
        assert_eq!(n.text(), expected, "normalising {original:?}");
        // Every normalised character maps back to an original character that folds to it.
        let folder = Folder::new();
        for (i, c) in n.text().char_indices() {
            let (s, e) = n.map().range(i, i + c.len_utf8());
            let orig = &original[s..e];
            let oc = orig.chars().next().unwrap();
            assert_eq!(orig.chars().count(), 1, "{original:?}: {c:?} maps to {orig:?}");
            let (f, class) = folder.fold(oc);
            if matches!(class, CharClass::Space) {
                // (`-`: the space between a spelled-out code's last letter and its number, `K J 3`.)
                assert!(c == ' ' || c == '\n' || c == '-');
            } else if c == '-' && class == CharClass::Filler {
                // The junction of a Latin term, read as its hyphen (`KJ_3`).
            } else {
                assert_eq!(f, c, "{original:?}: {c:?} maps to {orig:?}");
            }
        }
    }

    #[test]
    fn folds_full_width_and_case() {
        check("ＫＪ－３型", "kj-3型");
        check("Secret ABC", "secret abc");
        check("机密★１年", "机密★1年");
    }

    #[test]
    fn folds_lookalikes_styled_letters_and_marks_drawn_over_characters() {
        check("КJ-3型", "kj-3型");
        check("ВLUЕFIN", "bluefin");
        check("𝐊𝐉-𝟑型", "kj-3型");
        check("机\u{301}密★1年", "机密★1年");
        check("机\u{2800}密★1年", "机密★1年");
        // A capital whose small letter is a look-alike folds all the way in one normalisation
        // (Komi `Ԁ` -> `ԁ` -> `d`; the `normalize` fuzz target found it folded only half-way).
        check("KJ-3Ԁ", "kj-3d");
        let once = normalize("〕4202\u{FFFD}Ԁ\u{FFFD}甿x");
        assert_eq!(normalize(once.text()).text(), once.text());
    }

    #[test]
    fn folds_traditional() {
        check("紫電計劃", "紫电计划");
        check("機密★壹年", "机密★壹年");
        check("絕密", "绝密");
    }

    #[test]
    fn emoji_between_characters_are_skipped_like_dots() {
        assert_eq!(normalize("紫🔥电🔥计🔥划").text(), "紫电计划");
        assert_eq!(normalize("机❤️密★1年").text(), "机密★1年");
        assert_eq!(normalize("绝密🌟启用前").text(), "绝密★启用前");
        assert_eq!(normalize("好🔥").text(), "好🔥");
    }

    #[test]
    fn skips_fillers_between_cjk() {
        check("紫 电 计 划", "紫电计划");
        check("紫·电·计·划", "紫电计划");
        check("紫*电_计~划", "紫电计划");
        check("紫 / 电 - 计 • 划", "紫电计划");
        check("机　密", "机密");
        check("机\n密", "机密");
        check("机\r\n密", "机密");
        check("机\t密", "机密");
    }

    #[test]
    fn drops_zero_width_and_format_characters() {
        check("机\u{200B}密", "机密");
        check("\u{FEFF}机\u{00AD}密\u{2060}", "机密");
        check("紫\u{200D} 电", "紫电");
    }

    #[test]
    fn keeps_sentence_punctuation_and_paragraph_breaks() {
        check("紫电。计划", "紫电。计划");
        check("紫电，计划", "紫电,计划");
        check("紫电、计划", "紫电、计划");
        check("紫电\n\n计划", "紫电\n\n计划");
        check("紫电\n \n计划", "紫电\n\n计划");
        check("\n\n紫电\n\n", "紫电");
        check("a\n-\n0", "a\n-\n0");
        // A paragraph break only at the text's end is dropped with the edge, so the run is not
        // one: normalising twice changes nothing (the `normalize` fuzz target found this).
        check("密\n*\n\n\n\u{b}\n\n", "密*");
        check("\n\n*\n紫电", "*\n紫电");
        for text in ["密\n*\n\n\n\u{b}\n\n", "\n\n*\n紫电", "a\n-\n\n", "紫\n·\n\n电\n\n"] {
            let once = normalize(text);
            assert_eq!(normalize(once.text()).text(), once.text(), "{text:?}");
        }
    }

    #[test]
    fn keeps_symbols_and_collapses_spaces_between_latin() {
        check("KJ-3", "kj-3");
        check("KJ  3", "kj 3");
        check("a\nb", "a\nb");
        check("机密*1年", "机密*1年");
        check("绝密＊长期", "绝密*长期");
        check("秘 密 ＊ 启 用 前", "秘密*启用前");
        check("紫*电*计*划", "紫电计划");
        check("机密 ★ 1 年", "机密★ 1年");
        check("  leading and trailing  ", "leading and trailing");
        check("Windows 系统", "windows系统");
    }

    #[test]
    fn one_joining_symbol_inside_a_latin_term_is_its_hyphen() {
        for written in ["KJ_3", "KJ·3", "KJ・3", "KJ • 3", "KJ - 3", "KJ -3", "KJ_ 3", "KJ-\n3"] {
            check(written, "kj-3");
        }
        // Not a junction: a version's full stop, two symbols, a paragraph between, CJK beside.
        check("KJ.3", "kj.3");
        check("KJ--3", "kj--3");
        check("KJ_-3", "kj_-3");
        check("KJ -\n\n3", "kj -\n\n3");
        check("型_3", "型_3");
    }

    #[test]
    fn symbols_between_letters_that_stand_alone_are_skipped() {
        // A code's letters spelled out with symbols, as `紫·电·计·划` spells out ideographs.
        for written in ["K-J-3", "K·J·3", "K_J-3", "Ｋ－Ｊ－３", "K • J - 3", "k-j-3"] {
            check(written, "kj-3");
        }
        check("型号K·J·3型", "型号kj-3型");
        check("U-S-A", "usa");
        // Not letters standing alone: a word's letters, a letter and a digit, spaces alone.
        check("X-ray", "x-ray");
        check("AB-C", "ab-c");
        check("A-12", "a-12");
        check("a b", "a b");
        check("Plan A-B test", "plan ab test");
        check("Ｋ\u{200b}·Ｋ紫", "kk紫");
    }

    #[test]
    fn initials_with_full_stops_or_slashes_are_a_codes_letters() {
        // `K.J.` spells out `KJ` as initials; the last initial's stop before the number is the
        // junction (the hyphen a model has there).
        for written in ["K.J.-3", "K.J.3", "K.J. 3", "K/J-3", "K. J. -3", "Ｋ．Ｊ．－３", "K|J-3"] {
            check(written, "kj-3");
        }
        // Spaces alone between the letters stay (a space between words), but the space between
        // the last letter and the number is the junction.
        check("K J 3", "k j-3");
        check("Ｋ　Ｊ　３", "k j-3");
        check("KJ 3", "kj 3");
        check("K J", "k j");
        check("型号K.J.3型", "型号kj-3型");
        check("U.S.A.", "usa.");
        // Not initials: a version after a word's letters, a sentence's stop, a letter and a word.
        check("KJ.3", "kj.3");
        check("v1.2", "v1.2");
        check("Plan A. The end", "plan a. the end");
        check("A.1", "a-1");
        check("a.b.c", "abc");
        check("K.=J", "k.=j");
    }

    #[test]
    fn maps_matches_back_to_the_original() {
        let original = "前言：紫 電·計\n劃ＫＪ－３型。";
        let n = normalize(original);
        let t = n.text();
        let s = t.find("紫电计划").unwrap();
        let (a, b) = n.map().range(s, s + "紫电计划".len());
        assert_eq!(&original[a..b], "紫 電·計\n劃");
        let s = t.find("kj-3型").unwrap();
        let (a, b) = n.map().range(s, s + "kj-3型".len());
        assert_eq!(&original[a..b], "ＫＪ－３型");
        let s = t.find("。").unwrap();
        let (a, b) = n.map().range(s, s + "。".len());
        assert_eq!(&original[a..b], "。");
    }

    #[test]
    fn stars_dashes_variants_and_bidi_controls() {
        check("机密✦1年", "机密★1年");
        check("绝密⋆启用前", "绝密★启用前");
        check("秘密∗6个月", "秘密*6个月");
        check("机\u{202B}密\u{202C}★1年", "机密★1年");
        check("机\u{200F}密\u{2067}★\u{2069}1年", "机密★1年");
        check("KJ‒3型", "kj-3型");
        check("KJ−3型", "kj-3型");
        check("宻级", "密级");
    }

    #[test]
    fn a_right_to_left_override_is_read_as_displayed() {
        let original = "前文\u{202E}年1★密机\u{202C}后文";
        let n = normalize(original);
        assert_eq!(n.text(), "前文机密★1年后文");
        let s = n.text().find("机密★1年").unwrap();
        let (a, b) = n.map().range(s, s + "机密★1年".len());
        assert_eq!(&original[a..b], "年1★密机");
        let s = n.text().find("密").unwrap();
        let (a, b) = n.map().range(s, s + "密".len());
        assert_eq!(&original[a..b], "密");
        let s = n.text().find("文机").unwrap();
        let (a, b) = n.map().range(s, s + "文机".len());
        assert_eq!(&original[a..b], "文\u{202E}年1★密机", "a range across the run's edge");
    }

    #[test]
    fn empty_and_whitespace_only_inputs() {
        check("", "");
        check("   \n\t", "");
        check("\u{200B}", "");
    }
}
