//! Bullets: what PowerPoint prints before a paragraph of a list.
//!
//! A paragraph's bullet is its own (`a:pPr/a:buChar`, `a:buAutoNum`, `a:buNone`, `a:buBlip`),
//! else its level's in its shape's list style, else what it inherits as its runs' looks do (see
//! [`super::inherit`]: its placeholder on the layout and the master, the master's text styles,
//! the presentation's default text style). Its font (`a:buFont`, else the text's, `a:buFontTx`)
//! is inherited apart: a Wingdings `§` draws ■, not a letter.
//!
//! A bullet character that prints words (`机` before a paragraph `密★1年`) is read with its
//! paragraph as it shows, field `list label`. An automatic number (`a:buAutoNum`) prints only a
//! number and punctuation in any of its schemes (`arabicPeriod` 1., `ea1ChsPeriod` 一.,
//! `circleNumDbPlain` ①, `alphaUcParenR` A)): no words of its own, so it is not read; it does
//! replace an inherited bullet character. A picture bullet prints no text.

use quick_xml::events::BytesStart;

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
    Number,
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
            b"buAutoNum" => self.bullet = Some(Bullet::Number),
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

    /// Whether both the bullet and its font are said (nothing further down the chain matters).
    pub(crate) fn is_whole(&self) -> bool {
        self.bullet.is_some() && self.font.is_some()
    }

    /// The paragraph `text` as it shows after this bullet, when the bullet prints words.
    pub(crate) fn label(&self, text: &str) -> Option<String> {
        let Some(Bullet::Char(c)) = &self.bullet else { return None };
        let shown: String = match self.font.flatten() {
            Some(font) => symbols::map_text(font, c),
            None => c.clone(),
        };
        (shown.chars().any(prints_words) && !text.trim().is_empty()).then(|| shown + text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(bullet: Option<Bullet>, font: Option<Option<SymbolFont>>) -> BulletLook {
        BulletLook { bullet, font }
    }

    #[test]
    fn a_bullet_that_prints_words_is_read_with_its_paragraph() {
        let ji = Some(Bullet::Char("机".into()));
        assert_eq!(look(ji.clone(), None).label("密★1年").as_deref(), Some("机密★1年"));
        assert_eq!(look(ji.clone(), None).label("  "), None, "an empty paragraph shows no bullet");
        assert_eq!(look(Some(Bullet::Char("•".into())), None).label("正文"), None);
        // Wingdings `§` is a square and `«` a star: the star is a mark's sign.
        let wingdings = Some(Some(SymbolFont::Wingdings));
        assert_eq!(look(Some(Bullet::Char("§".into())), wingdings).label("正文"), None);
        assert_eq!(look(Some(Bullet::Char("«".into())), wingdings).label("正文").as_deref(), Some("★正文"));
        assert_eq!(look(Some(Bullet::Number), None).label("正文"), None);
        // The paragraph's own bullet over what it inherits; the inherited font still applies.
        let own = look(Some(Bullet::Char("§".into())), None);
        let inherited = look(Some(Bullet::Char("机".into())), wingdings);
        assert_eq!(own.or(&inherited).label("正文"), None);
        assert!(own.or(&inherited).is_whole());
    }
}
