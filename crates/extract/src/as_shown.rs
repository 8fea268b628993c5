//! A paragraph as it shows, where text that does not show sits inside it.
//!
//! Readers read everything a paragraph holds, what the page does not show too (hidden, white,
//! 1-point or transparent text): it is in the published file. But such text can cut a mark that
//! the page shows whole: `机` + hidden `公开` + `密★1年` reads `机公开密★1年` and shows
//! `机密★1年`. A reader hands each piece of a paragraph to [`AsShown::push`], saying whether it
//! shows; at the paragraph's end [`AsShown::finish`] gives the text as shown when unseen text sat
//! between shown text (a reading the paragraph itself does not give), and nothing otherwise, so
//! a paragraph is read twice only where that matters.

/// Pushes the lines of `other`, another reading of page `number` (as shown, as drawn), that no
/// line of the page's `text` holds (see [`lines_not_within`]), each region (header, body,
/// footer) in its part (`page-header`, `page`, `page-footer`, after `prefix`), with `field`
/// naming the reading. For the PDF and OFD readers.
pub(crate) fn push_other_reading(
    prefix: &str,
    number: u32,
    text: [&str; 3],
    other: [&str; 3],
    field: &str,
    sink: &mut dyn mijian_core::DocumentSink,
) -> Result<(), crate::ExtractError> {
    use mijian_core::{Location, Role, Segment};
    let regions = [(Role::Header, "page-header"), (Role::Body, "page"), (Role::Footer, "page-footer")];
    for ((role, part), (all, other)) in regions.into_iter().zip(text.into_iter().zip(other)) {
        let lines = lines_not_within(other, all);
        if !lines.is_empty() {
            let location = Location::part(format!("{prefix}{part}")).with_page(number).with_field(field);
            sink.segment(Segment::new(location, role, lines))?;
        }
    }
    Ok(())
}

/// The lines of `shown`, another reading of a page (its text without the glyphs nobody sees, or
/// as its fonts draw it), that no line of `all` (the page's text) holds, white space aside,
/// joined by `\n`: where unseen glyphs cut a line, what shows; where glyphs draw other
/// characters, what is drawn. Lines that only lost unseen glyphs at an end are within their line
/// and left out.
/// At most [`MAX_SHOWN_CHECKS`] lines are compared; past them, every changed line is kept.
pub(crate) fn lines_not_within(shown: &str, all: &str) -> String {
    let squeeze = |l: &str| l.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let all: Vec<String> = all.lines().map(squeeze).collect();
    let same: std::collections::HashSet<&str> = all.iter().map(String::as_str).collect();
    let mut out = String::new();
    let mut checks = 0usize;
    for line in shown.lines() {
        let key = squeeze(line);
        if key.is_empty() || same.contains(key.as_str()) {
            continue;
        }
        checks += 1;
        if checks <= MAX_SHOWN_CHECKS && all.iter().any(|l| l.contains(key.as_str())) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// How many changed lines of a page [`lines_not_within`] compares with every line.
const MAX_SHOWN_CHECKS: usize = 256;

/// The shown reading of the paragraph being read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AsShown {
    /// The shown pieces so far.
    shown: String,
    /// Whether shown text other than white space came before the last unseen piece.
    unseen_after_shown: bool,
    /// Whether shown text other than white space came after such an unseen piece.
    cut: bool,
}

impl AsShown {
    /// A piece of the paragraph, shown or not.
    pub(crate) fn push(&mut self, piece: &str, shows: bool) {
        if shows {
            self.cut |= self.unseen_after_shown && !piece.trim().is_empty();
            self.shown.push_str(piece);
        } else if !piece.is_empty() {
            self.unseen_after_shown |= !self.shown.trim().is_empty();
        }
    }

    /// Text shown at this place that the paragraph's own text does not hold (the text of a box
    /// set in the line as a character): the paragraph is then read as it shows.
    pub(crate) fn insert(&mut self, piece: &str) {
        if !piece.trim().is_empty() {
            self.shown.push_str(piece);
            self.cut = true;
        }
    }

    /// The paragraph ends: its shown text if unseen text cut it, else `None`. Ready for the next.
    pub(crate) fn finish(&mut self) -> Option<String> {
        let cut = std::mem::take(&mut self.cut);
        self.unseen_after_shown = false;
        let shown = std::mem::take(&mut self.shown);
        (cut && !shown.trim().is_empty()).then_some(shown)
    }
}

/// An sRGB colour, `0xRRGGBB`: what readers compare a text's colour with what lies behind it.
///
/// Text whose colour is the colour behind it (white on a white page, black on a black
/// highlight) is on the page but nobody sees it, as hidden text is not seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(pub(crate) u32);

impl Rgb {
    /// A page's colour when nothing else is said.
    pub(crate) const WHITE: Rgb = Rgb(0xFF_FF_FF);

    /// How far apart, per channel, two colours may be and still look the same: 16 of 255 (a
    /// reader cannot make out `F0F0F0` on white at a reading distance).
    const SAME_TO_THE_EYE: u32 = 16;

    /// `RRGGBB` or `#RRGGBB` (case ignored), else `None` (`auto`, a theme name).
    pub(crate) fn hex(s: &str) -> Option<Rgb> {
        let s = s.trim();
        let s = s.strip_prefix('#').unwrap_or(s);
        (s.len() == 6 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(s, 16).ok().map(Rgb))
            .flatten()
    }

    /// Whether text of this colour cannot be made out on `behind`.
    pub(crate) fn blends_into(self, behind: Rgb) -> bool {
        (0..3).all(|i| {
            let (a, b) = ((self.0 >> (8 * i)) & 0xFF, (behind.0 >> (8 * i)) & 0xFF);
            a.abs_diff(b) <= Self::SAME_TO_THE_EYE
        })
    }
}

/// What lies behind text: nothing of its own (look further back), a colour, or a mix whose
/// colour is not one (a pattern, a gradient, a picture), never taken as the text's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Backdrop {
    Clear,
    Colour(Rgb),
    Mixed,
}

/// A text colour: automatic (black or white, whichever reads on what is behind) or a colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ink {
    Auto,
    Colour(Rgb),
}

/// Whether text in `ink` cannot be made out: its colour is the first backdrop of `behind`
/// (nearest first) that is not clear, or white (the page) if all are.
pub(crate) fn blends(ink: Option<Ink>, behind: impl IntoIterator<Item = Option<Backdrop>>) -> bool {
    let Some(Ink::Colour(ink)) = ink else { return false };
    let behind = behind.into_iter().flatten().find(|b| *b != Backdrop::Clear).unwrap_or(Backdrop::Colour(Rgb::WHITE));
    matches!(behind, Backdrop::Colour(b) if ink.blends_into(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_blend_only_when_nearly_equal() {
        assert_eq!(Rgb::hex("#ffffff"), Some(Rgb::WHITE));
        assert_eq!(Rgb::hex("FFFFFF"), Some(Rgb::WHITE));
        assert_eq!(Rgb::hex("auto"), None);
        assert_eq!(Rgb::hex("FFF"), None);
        assert!(Rgb(0xF8F8F8).blends_into(Rgb::WHITE));
        assert!(Rgb(0x000000).blends_into(Rgb(0x080808)));
        assert!(!Rgb(0xD0D0D0).blends_into(Rgb::WHITE));
        assert!(!Rgb(0xFFFFFF).blends_into(Rgb(0xFFFF00)), "white on yellow is faint but read");
        assert!(!Rgb(0x000000).blends_into(Rgb::WHITE));
    }

    fn shown(pieces: &[(&str, bool)]) -> Option<String> {
        let mut a = AsShown::default();
        for (piece, shows) in pieces {
            a.push(piece, *shows);
        }
        a.finish()
    }

    #[test]
    fn only_text_cut_by_unseen_text_is_read_again() {
        assert_eq!(shown(&[("机", true), ("公开", false), ("密★1年", true)]).as_deref(), Some("机密★1年"));
        assert_eq!(
            shown(&[("机", true), ("公", false), (" ", true), ("开", false), ("密", true)]).as_deref(),
            Some("机 密")
        );
        // Unseen text at either end, or none: the paragraph itself is what shows.
        assert_eq!(shown(&[("通知", true), ("秘密★5年", false)]), None);
        assert_eq!(shown(&[("秘密★5年", false), ("通知", true)]), None);
        assert_eq!(shown(&[(" ", true), ("x", false), ("通知", true)]), None);
        assert_eq!(shown(&[("机密", true), ("★1年", true)]), None);
        assert_eq!(shown(&[]), None);
    }

    #[test]
    fn text_shown_at_a_place_the_paragraph_does_not_hold_reads_it_again() {
        let mut a = AsShown::default();
        a.push("机", true);
        a.insert("密");
        a.push("★1年", true);
        assert_eq!(a.finish().as_deref(), Some("机密★1年"));
        a.push("通知", true);
        a.insert("  ");
        assert_eq!(a.finish(), None, "nothing shown, nothing to read again");
    }

    #[test]
    fn each_paragraph_starts_afresh() {
        let mut a = AsShown::default();
        a.push("机", true);
        a.push("公开", false);
        assert_eq!(a.finish(), None);
        a.push("密★1年", true);
        assert_eq!(a.finish(), None, "the unseen piece of the last paragraph cuts nothing here");
    }
}
