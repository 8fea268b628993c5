//! Values of a data file that hold HTML, read as the page that shows them.
//!
//! A CMS stores an article's body as an HTML fragment inside a JSON export, an RSS or Atom feed
//! (CDATA or escaped markup) or a CSV column, and its web page renders that fragment. Read as the
//! value's characters, markup splits a mark (`<p>机</p><p>密★1年</p>`, `机<b></b>密`) and a
//! character reference hides one (`&#26426;&#23494;`). So a value that holds markup is read a
//! second time with the HTML reader, as its own page, after its text as written: one value's
//! unclosed `<!--` or `<script>` cannot swallow the next value. What the page shows is filed under
//! the value's own part name (`json $.content (HTML)`, `xml line 3 (HTML)`), so a finding says
//! where the value is.

use mijian_core::DocumentSink;

use crate::nested::Within;
use crate::{html, ExtractError, Limits};

/// Whether `value` holds markup a browser would render differently from its characters: a tag
/// (`<p>`, `</b>`, `<br/>`), a comment or a character reference (`&#26426;`, `&amp;`).
pub(crate) fn holds_markup(value: &str) -> bool {
    let b = value.as_bytes();
    memchr::memchr2_iter(b'<', b'&', b).any(|i| match b[i] {
        b'<' => b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, b'/' | b'!')),
        _ => {
            let rest = &b[i + 1..b.len().min(i + 34)];
            rest.iter()
                .position(|&x| x == b';')
                .is_some_and(|end| end > 0 && rest[..end].iter().all(|x| x.is_ascii_alphanumeric() || *x == b'#'))
        }
    })
}

/// Reads `value` as an HTML page filed under `part` (see the module documentation). Only what the
/// page leaves unread is noted: the outer reader has said that its part was read.
pub(crate) fn read_as_page(
    part: &str,
    value: &str,
    limits: &Limits,
    sink: &mut dyn DocumentSink,
) -> Result<(), ExtractError> {
    // The value is UTF-8 whatever charset a `<meta>` inside it names: a BOM says so to the HTML
    // reader, which honours a BOM before any declaration.
    let mut page = Vec::with_capacity(value.len() + 3);
    page.extend_from_slice(b"\xEF\xBB\xBF");
    page.extend_from_slice(value.as_bytes());
    html::extract(&page, limits, &mut Within::unread_only(part, sink))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    #[test]
    fn markup_is_tags_comments_and_references() {
        for yes in ["<p>机</p>", "机<b></b>密", "a</span>", "<!-- x -->", "&#26426;", "&#x673a;", "&amp;", "<br/>"] {
            assert!(holds_markup(yes), "{yes}");
        }
        for no in ["机密★1年", "a < b", "x<1", "AT&T", "& ;", "&;", "<", "&", "5 <= 6 && 7 > 3"] {
            assert!(!holds_markup(no), "{no}");
        }
    }

    #[test]
    fn a_value_is_read_as_the_page_it_shows_under_its_own_part() {
        let mut sink = Collected::default();
        read_as_page("json $.content", "<p>机</p><p>密&#9733;1年</p>", &Limits::default(), &mut sink).unwrap();
        let text: String = sink.segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("|");
        assert!(text.contains("机\n密★1年"), "{text}");
        assert!(sink.segments.iter().all(|s| s.location.part.starts_with("json $.content")), "{:?}", sink.segments);
        // The page was read: no note of its own (the JSON reader says its part was read).
        assert!(sink.coverage.is_empty(), "{:?}", sink.coverage);
    }
}
