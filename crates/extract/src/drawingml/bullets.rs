//! Bullets: what PowerPoint prints before a paragraph of a list.
//!
//! A paragraph's bullet is its own (`a:pPr/a:buChar`, `a:buAutoNum`, `a:buNone`, `a:buBlip`),
//! else its level's in its shape's list style, else what it inherits as its runs' looks do (see
//! [`super::inherit`]: its placeholder on the layout and the master, the master's text styles,
//! the presentation's default text style). Its font (`a:buFont`, else the text's, `a:buFontTx`)
//! is inherited apart: a Wingdings `§` draws ■, not a letter.
//!
//! A bullet character that prints words (`机` before a paragraph `密★1年`) is read with its
//! paragraph as it shows, field `list label`. So is an automatic number (`a:buAutoNum`, see
//! [`super::autonum`]) that prints words: `三` in `ea1ChsPlain` before `号工程` shows `三号工程`,
//! `一.` in `ea1ChsPeriod`; one of digits and punctuation alone (`1.`, `(2)`) is not read. A
//! picture bullet prints no text.

use quick_xml::events::BytesStart;

use super::autonum::{AutoNumber, Numbering};
use crate::list_labels::prints_words;
use crate::symbols::{self, SymbolFont};
use crate::xml::XmlReader;
use crate::ExtractError;

/// What a paragraph prints before its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Bullet {
    /// `a:buNone`, or a picture (`a:buBlip`).
    None,
    /// `a:buChar/@char`.
    Char(String),
    /// `a:buAutoNum`: a number.
    Number(AutoNumber),
}

/// A paragraph level's bullet and bullet font, each if said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BulletLook {
    pub(crate) bullet: Option<Bullet>,
    /// `Some(None)`: a font that is not a symbol font, or the text's own (`a:buFontTx`).
    pub(crate) font: Option<Option<SymbolFont>>,
}

impl BulletLook {
    /// Whether `local` names an element of paragraph properties that says something here.
    pub(crate) fn is_bullet(local: &[u8]) -> bool {
        matches!(local, b"buChar" | b"buAutoNum" | b"buNone" | b"buBlip" | b"buFont" | b"buFontTx")
    }

    /// Takes what the bullet element `e` (see [`BulletLook::is_bullet`]) says.
    pub(crate) fn read(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
    ) -> Result<(), ExtractError> {
        match local {
            b"buChar" => self.bullet = Some(Bullet::Char(reader.attr(e, b"char")?.unwrap_or_default().into_owned())),
            b"buAutoNum" => {
                let start_at = reader.attr(e, b"startAt")?;
                let scheme = reader.attr(e, b"type")?;
                self.bullet =
                    Some(Bullet::Number(AutoNumber::new(scheme.as_deref().unwrap_or(""), start_at.as_deref())))
            }
            b"buNone" | b"buBlip" => self.bullet = Some(Bullet::None),
            b"buFont" => self.font = Some(reader.attr(e, b"typeface")?.and_then(|t| SymbolFont::named(&t))),
            b"buFontTx" => self.font = Some(None),
            _ => {}
        }
        Ok(())
    }

    /// This look, what `base` says where it says nothing.
    pub(crate) fn or(&self, base: &BulletLook) -> BulletLook {
        BulletLook { bullet: self.bullet.clone().or_else(|| base.bullet.clone()), font: self.font.or(base.font) }
    }

    /// Whether the bullet and what it needs (a character's font) are said: nothing further down
    /// the chain matters.
    pub(crate) fn is_whole(&self) -> bool {
        match self.bullet {
            Some(Bullet::Char(_)) => self.font.is_some(),
            Some(_) => true,
            None => false,
        }
    }

    /// Counts the paragraph `text` of `level` in `numbering`, and returns it as it shows after
    /// this bullet, when the bullet prints words. An empty paragraph shows no bullet and is not
    /// counted.
    pub(crate) fn label(&self, text: &str, level: usize, numbering: &mut Numbering) -> Option<String> {
        if text.trim().is_empty() {
            return None;
        }
        let number = match &self.bullet {
            Some(Bullet::Number(number)) => Some(*number),
            _ => None,
        };
        let shown = match (&self.bullet, numbering.count(level, number)) {
            (Some(Bullet::Number(number)), Some(n)) => {
                let mut shown = String::new();
                number.write(n, &mut shown);
                shown
            }
            (Some(Bullet::Char(c)), _) => match self.font.flatten() {
                Some(font) => symbols::map_text(font, c),
                None => c.clone(),
            },
            _ => return None,
        };
        shown.chars().any(prints_words).then(|| shown + text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(bullet: Option<Bullet>, font: Option<Option<SymbolFont>>) -> BulletLook {
        BulletLook { bullet, font }
    }

    fn label(look: &BulletLook, text: &str) -> Option<String> {
        look.label(text, 0, &mut Numbering::default())
    }

    #[test]
    fn a_bullet_that_prints_words_is_read_with_its_paragraph() {
        let ji = Some(Bullet::Char("机".into()));
        assert_eq!(label(&look(ji.clone(), None), "密★1年").as_deref(), Some("机密★1年"));
        assert_eq!(label(&look(ji.clone(), None), "  "), None, "an empty paragraph shows no bullet");
        assert_eq!(label(&look(Some(Bullet::Char("•".into())), None), "正文"), None);
        // Wingdings `§` is a square and `«` a star: the star is a mark's sign.
        let wingdings = Some(Some(SymbolFont::Wingdings));
        assert_eq!(label(&look(Some(Bullet::Char("§".into())), wingdings), "正文"), None);
        assert_eq!(label(&look(Some(Bullet::Char("«".into())), wingdings), "正文").as_deref(), Some("★正文"));
        // The paragraph's own bullet over what it inherits; the inherited font still applies.
        let own = look(Some(Bullet::Char("§".into())), None);
        let inherited = look(Some(Bullet::Char("机".into())), wingdings);
        assert_eq!(label(&own.or(&inherited), "正文"), None);
        assert!(own.or(&inherited).is_whole());
        assert!(!own.is_whole(), "a character's font may still come from below");
    }

    #[test]
    fn numbers_in_words_are_read_with_their_paragraph() {
        let numbered =
            |scheme: &str, start: Option<&str>| look(Some(Bullet::Number(AutoNumber::new(scheme, start))), None);
        let mut numbering = Numbering::default();
        let three = numbered("ea1ChsPlain", Some("3"));
        assert_eq!(three.label("号工程", 0, &mut numbering).as_deref(), Some("三号工程"));
        assert_eq!(three.label("   ", 0, &mut numbering), None, "not counted");
        assert_eq!(three.label("号工程", 0, &mut numbering).as_deref(), Some("四号工程"));
        // Digits and punctuation print no words, but they are counted.
        let arabic = numbered("arabicPeriod", None);
        assert_eq!(arabic.label("工作要求", 1, &mut numbering), None);
        assert_eq!(three.label("号工程", 0, &mut numbering).as_deref(), Some("五号工程"));
        assert!(numbered("arabicPeriod", None).is_whole(), "a number needs no font");
    }
}
