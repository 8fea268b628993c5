//! Every string of a JSON document, keys included, in document order, duplicates kept.
//!
//! Parsers disagree on a key given twice (`{"content": "…", "content": "…"}`): PHP, Python and
//! Node keep the last value, some Go and Java libraries the first. Building a map would keep one
//! of them; this walk keeps both, so that whichever the application reads was inspected. It runs
//! on `serde_json`'s parser (escapes decoded, surrogate pairs joined, a lone surrogate or any
//! other error refused) with its nesting limit of 128.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The strings of `text`, or the parser's error.
pub fn strings(text: &str) -> Result<Vec<String>, serde_json::Error> {
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    Collect(&mut out).deserialize(&mut de)?;
    de.end()?;
    Ok(out)
}

struct Collect<'a>(&'a mut Vec<String>);

impl<'de> DeserializeSeed<'de> for Collect<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Collect<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.push(v.to_string());
        Ok(())
    }

    fn visit_string<E>(self, v: String) -> Result<(), E> {
        self.0.push(v);
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let out = self.0;
        while seq.next_element_seed(Collect(&mut *out))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.0;
        while map.next_key_seed(Collect(&mut *out))?.is_some() {
            map.next_value_seed(Collect(&mut *out))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_kept_in_order_with_duplicates() {
        let s = strings(r#"{"a": ["x", {"b": "\u673a\u5bc6"}], "a": "last", "n": [1, 2.5, true, null]}"#).unwrap();
        assert_eq!(s, ["a", "x", "b", "机密", "a", "last", "n"]);
        assert_eq!(strings(r#""\ud83d\ude00""#).unwrap(), ["😀"]);
    }

    #[test]
    fn what_is_not_json_is_an_error() {
        for bad in [r#"{"a": "\ud800"}"#, "{a: 1}", "[1,]", "[1] x", "", &"[".repeat(200)] {
            assert!(strings(bad).is_err(), "{bad}");
        }
    }
}
