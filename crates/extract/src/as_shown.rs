//! A paragraph as it shows, where text that does not show sits inside it.
//!
//! Readers read everything a paragraph holds, what the page does not show too (hidden, white,
//! 1-point or transparent text): it is in the published file. But such text can cut a mark that
//! the page shows whole: `机` + hidden `公开` + `密★1年` reads `机公开密★1年` and shows
//! `机密★1年`. A reader hands each piece of a paragraph to [`AsShown::push`], saying whether it
//! shows; at the paragraph's end [`AsShown::finish`] gives the text as shown when unseen text sat
//! between shown text (a reading the paragraph itself does not give), and nothing otherwise, so
//! a paragraph is read twice only where that matters.

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

    /// The paragraph ends: its shown text if unseen text cut it, else `None`. Ready for the next.
    pub(crate) fn finish(&mut self) -> Option<String> {
        let cut = std::mem::take(&mut self.cut);
        self.unseen_after_shown = false;
        let shown = std::mem::take(&mut self.shown);
        (cut && !shown.trim().is_empty()).then_some(shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn each_paragraph_starts_afresh() {
        let mut a = AsShown::default();
        a.push("机", true);
        a.push("公开", false);
        assert_eq!(a.finish(), None);
        a.push("密★1年", true);
        assert_eq!(a.finish(), None, "the unseen piece of the last paragraph cuts nothing here");
    }
}
