//! The HTML reader: the text a browser shows, the page's title and description, and the comments
//! left in the published file.
//!
//! # Decoding
//!
//! Chinese pages are often GBK/GB2312, sometimes Big5. The encoding is, in order: a BOM; the
//! page's own declaration (`<meta charset="gb2312">`, `<meta http-equiv="Content-Type"
//! content="text/html; charset=GBK">`, an XML declaration) in its first 64 KiB, if the bytes
//! decode cleanly in it (`gb2312` is read as GBK, as browsers do); otherwise the detection of the
//! text reader (UTF-8, then GB18030, then Big5). Bytes that decode in none of them are replaced
//! and the page is noted as not fully read.
//!
//! # What is text
//!
//! The rule: whatever a viewer displays, or a user can reach, is read. A small tokenizer (no
//! tree; linear in the input) walks the page (see [`page`]):
//! - text between tags, with every character reference decoded: the 2,231 HTML5 named ones
//!   (`&starf;` is `★`, the legacy forms without `;` included), decimal (`&#26426;`) and hex
//!   (`&#x673A;`); runs of white space collapse to one space, except in `pre` and `textarea`;
//! - block elements (`p`, `div`, `br`, `li`, `tr`, `td`, `h1`–`h6`, `table`, `section`…) end a
//!   line, so the lines are the lines a reader sees; cells of a table row are separated by a tab;
//!   runs of short cells down a table column (one character per cell) are read top to bottom too,
//!   as a segment of part `html` with field `table N, column B, rows 3-6` (see
//!   [`column_runs`](crate::column_runs));
//! - `img` `alt` text, inline, as a screen reader reads it;
//! - CSS generated content ([`css`]): the `content` of `::before`/`::after` rules in `<style>`
//!   blocks (and `content` in a `style` attribute), escapes decoded, placed at the start or end
//!   of the elements the rule's subject names, so `<span class=a></span>密★1年` with
//!   `.a::before{content:"\673A"}` reads `机密★1年`; content that applies to no element is
//!   [`Role::Other`] of part `html-css`, field = the (first) selector, each text once. Placed
//!   content is bounded by the page's length (a rule given to 100,000 elements must not make
//!   a gigabyte of text): past one character per character of the page, elements get no more of
//!   it, the page notes the limit (`review`, never `pass`), and the rules no element showed are
//!   read apart; the page's own text is never cut;
//! - form controls as shown: `input` values (text, submit, button…) and placeholders, `textarea`
//!   content, `option` labels; values a page publishes but does not show (hidden and password
//!   fields, check boxes, `button value`) are notes;
//! - `<iframe srcdoc>`: a document of its own, read by the same walk (at most 4 deep), as
//!   [`Role::Body`] of part `html-srcdoc`, `paragraph` = the frame's number, `line` as for the page;
//!   a document in a `data:` URL ([`data_url`]) that a frame shows or a link opens (`iframe`/
//!   `frame`/`embed` `src`, `object` `data`, `a`/`area` `href`) likewise, in part `html-data-url`;
//!   and what an event handler (`onclick`…) or a `javascript:` link writes, in part `html-handler`;
//! - pictures carried in the page (`<img src="data:image/…">`): read by OCR, in parts
//!   `html-image1`, `html-image2`… (pictures behind other URLs are not in the page's bytes);
//! - the string literals of `document.write`/`writeln` calls in inline scripts ([`script`]),
//!   read as HTML where the script stands (no script is run); every other string literal of an
//!   inline script, one per line, as a note (field `script`): the page's source carries them
//!   whether or not a script shows them (`el.innerHTML = '…'`, a framework's data);
//! - JSON in a `<script>` (`application/json`, `application/ld+json`, import maps): its strings,
//!   one per line, as a note (field `script data`); the markup of other `<script>` types
//!   (client-side templates such as `text/template`, `text/x-handlebars-template`) and the
//!   content of `<template>` elements, as documents of their own (by the same walk) in parts
//!   `html-script` and `html-template`: a script puts them into the page;
//! - ruby: the base text as one line (`<ruby>机<rt>jī</rt>密</ruby>` is `机密`), the `rt`/`rp`
//!   annotation as a note;
//! - bidi overrides ([`bidi`]): `<bdo dir=rtl>`, `unicode-bidi: bidi-override` with
//!   `direction: rtl`, and U+202E/U+202D characters, in every part, read in display order;
//! - text hidden by CSS (`display:none`, `visibility:hidden`) or by the `hidden` attribute, like
//!   any other: hiding does not take it out of the published file (the page source, a search
//!   engine's index, the page with styles off all show it), and hiding a mark is an evasion;
//!   where hidden text sits inside a shown line (`机<span hidden>公开</span>密★1年`), the line
//!   is read a second time as a browser shows it (`机密★1年`), part `html`, field `as shown`,
//!   `line` = its line in the body. Hidden here means `display:none`, `visibility:hidden`, the
//!   `hidden` attribute, a font size of at most 1px, zero opacity, transparent text, white text
//!   where nothing around it paints a background, a clip or clip path of nothing, a size of
//!   nothing, `scale(0)` (and other transforms to no size or far off), `filter: opacity(0)`,
//!   `content-visibility: hidden`, letters spaced onto one another, or a position or indent far
//!   off the page (or of the whole width in a box that hides overflow), from the element's
//!   `style` or the page's rules;
//! - text the layout shows in another order than the source ([`arrange`]): flex items moved by
//!   `order` or a reversed `flex-direction`, grid items placed by `grid-row`/`grid-column`/
//!   `grid-area`, boxes positioned by `position: absolute`/`fixed` with offsets: the container's
//!   text is read a second time in that order, part `html`, field `as shown`, `line` = the
//!   container's first line in the body;
//! - not the content of `style` (its rules are applied, see above).
//!
//! The body text is one [`Role::Body`] part `html` (cut into chunks for a large page, `line` = the
//! first line of each chunk in the extracted text); `<title>` and the `description`,
//! `keywords`, `author` and `subject` metas (and their `og:` forms) are [`Role::Properties`] of
//! part `html-head`, field = the name; comments (`<!-- -->`, and `/* */` in a `<style>`) are in
//! the published file and are [`Role::Note`] of part `html-comment`, one per comment. Any
//! other attribute whose value holds more than ASCII (`data-note`, one of the author's making)
//! is a note too (field `attribute NAME`): it is in the source anyone can open. Tooltips (`title`), `aria-label`,
//! unshown form values and ruby annotations are [`Role::Note`] of part `html-note`, field = what
//! it is (`title`, `input hidden value`, `ruby annotation`…), and so are where links lead
//! (`a`/`area` `href`, escapes decoded as the status bar shows them, field `hyperlink`; not an
//! anchor in the page, nor a `data:` or `javascript:` URL, whose content is read), download names
//! (`download`), text-track labels (`track label`) and the strings of event handlers (field
//! `script`, as an inline script's: an `onclick` alert's message). An SVG picture in a `data:`
//! URL (`img src`, a CSS `url(…)` in a `<style>` or `style` attribute) is read for the text it
//! draws, in part `html-data-url`; a style sheet linked or `@import`ed as a `data:` URL applies
//! as a `<style>`.
//! External style sheets and scripts are not fetched.

mod arrange;
mod bidi;
mod css;
pub(crate) mod data_url;
mod entities;
mod page;
mod selector;

use std::borrow::Cow;

use encoding_rs::Encoding;
use mijian_core::Unread;
use mijian_core::{CoverageNote, DocumentSink, Location, Role, Segment};

use crate::text;
use crate::{ExtractError, Limits};
use page::Page;

/// The part name of the page's visible text.
const PART: &str = "html";
/// The part name of the title and meta properties.
const HEAD_PART: &str = "html-head";
/// The part name of comments.
const COMMENT_PART: &str = "html-comment";
/// The part name of text a user reaches beside the body: tooltips, labels, form values.
const NOTE_PART: &str = "html-note";
/// The part name of CSS generated content that applied to no element.
const CSS_PART: &str = "html-css";
/// The part name of the documents of `<iframe srcdoc>`.
const SRCDOC_PART: &str = "html-srcdoc";
/// The part name of the documents in `data:` URLs (frame sources, link targets).
const DATA_URL_PART: &str = "html-data-url";
/// The part name of what event handlers and `javascript:` links write (`document.write`).
const HANDLER_PART: &str = "html-handler";
/// The part name of the content of `<template>` elements (markup a script clones into the page).
const TEMPLATE_PART: &str = "html-template";
/// The part name of the markup of non-JavaScript, non-JSON `<script>`s (client-side templates).
const SCRIPT_PART: &str = "html-script";
/// The pictures of `data:` URLs (`<img src="data:image/png;base64,…">`), read by OCR:
/// `html-image1`, `html-image2`…
const PICTURE_PART: &str = "html-image";

/// How far into the page a charset declaration is looked for.
const DECLARATION_WINDOW: usize = 64 * 1024;

/// The texts a style sheet draws by itself, without the page it styles (a book's `.css` file):
/// `content` strings (`attr()` left out) and the strings of list markers, quotes and counter
/// styles, as (selector, text), each text once.
pub(crate) fn style_sheet_texts(css: &str) -> Vec<(String, String)> {
    let mut sheet = css::Stylesheet::default();
    sheet.add(css);
    sheet.unapplied()
}

/// Reads the HTML page in `bytes` into `sink`: see the module documentation.
///
/// Errors: only a file over `limits.max_file_bytes`; any byte sequence is some page.
pub(crate) fn extract(bytes: &[u8], limits: &Limits, sink: &mut dyn DocumentSink) -> Result<(), ExtractError> {
    limits.check_file_size(bytes.len())?;
    let (html, encoding, errors) = decode(bytes);
    let page = Page::read(&html);

    for (field, value) in &page.properties {
        let location = Location::part(HEAD_PART).with_field(field.as_str());
        sink.segment(Segment::new(location, Role::Properties, displayed(value)))?;
    }
    let body = page.body_lines();
    text::for_each_chunk(&body, text::CHUNK, |first_line, chunk| {
        sink.segment(Segment::new(Location::part(PART).with_line(first_line), Role::Body, chunk))
    })?;
    for (line, shown) in page.shown_lines() {
        sink.segment(Segment::new(Location::part(PART).with_line(line).with_field("as shown"), Role::Body, shown))?;
    }
    for (line, arranged) in page.arranged_lines() {
        let location = Location::part(PART).with_line(line).with_field("as shown");
        sink.segment(Segment::new(location, Role::Body, arranged))?;
    }
    for (field, text) in &page.column_runs {
        sink.segment(Segment::new(Location::part(PART).with_field(field.as_str()), Role::Body, text.clone()))?;
    }
    for (i, comment) in page.comments.iter().enumerate() {
        let location = Location::part(COMMENT_PART).with_paragraph(i as u32 + 1);
        sink.segment(Segment::new(location, Role::Note, displayed(comment)))?;
    }
    for (i, (what, text)) in page.notes.iter().enumerate() {
        let location = Location::part(NOTE_PART).with_paragraph(i as u32 + 1).with_field(what.as_str());
        sink.segment(Segment::new(location, Role::Note, displayed(text)))?;
    }
    // Frames are numbered within their part, in document order.
    let mut numbers: Vec<(&str, u32)> = Vec::new();
    for (part, frame) in &page.frames {
        let number = match numbers.iter_mut().find(|(p, _)| p == part) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                numbers.push((part, 1));
                1
            }
        };
        text::for_each_chunk(frame, text::CHUNK, |first_line, chunk| {
            let location = Location::part(*part).with_paragraph(number).with_line(first_line);
            sink.segment(Segment::new(location, Role::Body, chunk))
        })?;
    }
    for (i, (selector, text)) in page.generated.iter().enumerate() {
        let location = Location::part(CSS_PART).with_paragraph(i as u32 + 1).with_field(selector.as_str());
        sink.segment(Segment::new(location, Role::Other, displayed(text)))?;
    }
    for reason in &page.unread {
        sink.coverage(CoverageNote::unread(PART, reason.clone()))?;
    }
    for (i, picture) in page.pictures.iter().enumerate() {
        let part = format!("{PICTURE_PART}{}", i + 1);
        crate::ocr::read_picture(&part, picture, &Location::part(part.as_str()), Role::Body, limits, sink)?;
    }
    if errors > 0 {
        sink.coverage(CoverageNote::unread(
            PART,
            Unread::UndecodableBytes { count: errors as u64, tried: encoding.name().into() },
        ))?;
    } else {
        sink.coverage(CoverageNote::read(format!("{PART} ({})", encoding.name())))?;
    }
    Ok(())
}

/// `text` with bidi overrides applied, line by line (see [`bidi`]).
fn displayed(text: &str) -> String {
    text.lines().map(bidi::display_order).collect::<Vec<_>>().join("\n")
}

/// Decodes the page (see the module documentation): the text, the encoding used, and how many
/// sequences were replaced.
fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static Encoding, usize) {
    if Encoding::for_bom(bytes).is_none() {
        if let Some(enc) = declared_charset(&bytes[..bytes.len().min(DECLARATION_WINDOW)]) {
            if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                return (text, enc, 0);
            }
        }
    }
    let decoded = text::decode(bytes);
    (decoded.text, decoded.encoding, decoded.errors)
}

/// The encoding a page declares in its first bytes, if any and if known. A declared UTF-16 is
/// read as UTF-8, as browsers do for a page whose bytes are not UTF-16.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    // A bound on the occurrences looked at, as each looks back for its tag.
    let mut tries = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"charset") {
        tries += 1;
        if tries > 64 {
            break;
        }
        let start = from + at;
        from = start + b"charset".len();
        // Only inside a tag (a meta or an XML declaration), not in running text or a script.
        let tag_start = memchr::memrchr(b'<', &lower[..start]);
        let tag_end = memchr::memrchr(b'>', &lower[..start]);
        let Some(open) = tag_start else { continue };
        if tag_end.is_some_and(|close| close > open) {
            continue;
        }
        let tag = &lower[open..start];
        if !(tag.starts_with(b"<meta") || tag.starts_with(b"<?xml")) {
            continue;
        }
        let rest = lower[from..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let end = rest
            .iter()
            .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        if let Some(enc) = Encoding::for_label(&rest[..end]) {
            return Some(if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                encoding_rs::UTF_8
            } else {
                enc
            });
        }
    }
    // `<?xml … encoding="gbk"?>` for XHTML.
    if lower.trim_ascii_start().starts_with(b"<?xml") {
        let end = memchr::memmem::find(&lower, b"?>")?;
        let decl = &lower[..end];
        let at = memchr::memmem::find(decl, b"encoding")? + b"encoding".len();
        let rest = decl[at..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
        let quote = *rest.first()?;
        let value = &rest[1..];
        let close = memchr::memchr(quote, value)?;
        return Encoding::for_label(&value[..close]);
    }
    None
}

/// Appends `text` with runs of HTML white space collapsed to one space.
fn push_collapsed(out: &mut String, text: &str) {
    let mut space = out.trim_end_matches(page::MARKS).ends_with([' ', '\n', '\t']);
    for c in text.chars() {
        if page::MARKS.contains(&c) {
            continue; // noncharacters: the page's own text never holds the reader's marks
        } else if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
}

/// Trimmed non-empty lines, with inner white space collapsed, joined by `\n`.
fn collapse_lines(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The property a `meta` element gives, if it is one mijian keeps.
fn meta_property(attrs: &str) -> Option<(String, String)> {
    let name = attribute(attrs, "name").or_else(|| attribute(attrs, "property"))?;
    let name = decode_references(name).trim().to_ascii_lowercase();
    let kept = ["description", "keywords", "author", "subject", "title"];
    let short = name.strip_prefix("og:").or_else(|| name.strip_prefix("dc.")).unwrap_or(&name);
    if !kept.contains(&short) {
        return None;
    }
    let content = collapse_lines(&decode_references(attribute(attrs, "content")?));
    (!content.is_empty()).then_some((name, content))
}

/// The raw value of attribute `wanted` (ASCII case-insensitive) in the attribute text of a tag.
fn attribute<'a>(attrs: &'a str, wanted: &str) -> Option<&'a str> {
    let mut found = None;
    for_each_attribute(attrs, |name, value| {
        if name.eq_ignore_ascii_case(wanted) {
            found = Some(value);
            return true;
        }
        false
    });
    found
}

/// Calls `f(name, raw value)` for each attribute in the attribute text of a tag, in order,
/// until it returns `true`.
fn for_each_attribute<'a>(attrs: &'a str, mut f: impl FnMut(&'a str, &'a str) -> bool) {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/') {
            i += 1;
        }
        let name = &attrs[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let start = i + 1;
                let end = memchr::memchr(quote, &bytes[start..]).map_or(bytes.len(), |p| start + p);
                value = &attrs[start..end];
                i = (end + 1).min(bytes.len());
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &attrs[start..i];
            }
        }
        if !name.is_empty() && f(name, value) {
            return;
        }
        if name.is_empty() && i == name_start {
            i += 1;
        }
    }
}

/// A piece of the page.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Comment(&'a str),
    Start { name: &'a str, attrs: &'a str, self_closing: bool },
    End(&'a str),
}

/// Splits a page into tokens; never fails (malformed markup is text or is skipped, as browsers
/// do), never looks back, so its cost is linear.
struct Tokenizer<'a> {
    html: &'a str,
    pos: usize,
}

impl<'a> Tokenizer<'a> {
    fn next_token(&mut self) -> Option<Token<'a>> {
        let rest = &self.html[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        if bytes[0] != b'<' {
            // Text up to the next `<` that starts markup.
            let mut end = rest.len();
            let mut from = 1;
            while let Some(p) = memchr::memchr(b'<', &bytes[from..]) {
                let at = from + p;
                if starts_markup(&bytes[at..]) {
                    end = at;
                    break;
                }
                from = at + 1;
            }
            self.pos += end;
            return Some(Token::Text(&rest[..end]));
        }
        if !starts_markup(bytes) {
            // A lone `<` is text.
            let end = memchr::memchr(b'<', &bytes[1..]).map_or(rest.len(), |p| p + 1);
            self.pos += end;
            return Some(Token::Text(&rest[..end]));
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            // `<!-->` and `<!--->` are empty comments to a browser: what follows is shown.
            for (abrupt, used) in [(">", 5), ("->", 6)] {
                if body.starts_with(abrupt) {
                    self.pos += used;
                    return Some(Token::Comment(""));
                }
            }
            let (content, used) = match body.find("-->") {
                Some(end) => (&body[..end], 4 + end + 3),
                None => (body, rest.len()),
            };
            self.pos += used;
            return Some(Token::Comment(content));
        }
        if bytes[1] == b'!' || bytes[1] == b'?' {
            // Doctype, CDATA marker, processing instruction: skipped to the next `>`.
            let end = memchr::memchr(b'>', bytes).map_or(rest.len(), |p| p + 1);
            self.pos += end;
            return Some(Token::Text(""));
        }
        let closing = bytes[1] == b'/';
        let name_start = if closing { 2 } else { 1 };
        let mut name_end = name_start;
        while name_end < bytes.len()
            && !bytes[name_end].is_ascii_whitespace()
            && !matches!(bytes[name_end], b'>' | b'/')
        {
            name_end += 1;
        }
        let end = tag_end(bytes, name_end);
        let name = &rest[name_start..name_end];
        let inner_end = if end > 0 && bytes[end - 1] == b'>' { end - 1 } else { end };
        let attrs = &rest[name_end..inner_end.max(name_end)];
        self.pos += end;
        if closing {
            Some(Token::End(name))
        } else {
            let self_closing = attrs.trim_end().ends_with('/');
            Some(Token::Start { name, attrs, self_closing })
        }
    }

    /// The raw content up to the end tag `</name` (ASCII case-insensitive), which is consumed;
    /// the rest of the page if there is none.
    fn raw_text_until(&mut self, name: &str) -> &'a str {
        let rest = &self.html[self.pos..];
        let bytes = rest.as_bytes();
        let mut from = 0;
        while let Some(p) = memchr::memmem::find(&bytes[from..], b"</") {
            let at = from + p;
            let after = &bytes[at + 2..];
            if after.len() >= name.len()
                && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && match after.get(name.len()) {
                    None => true,
                    Some(b) => b.is_ascii_whitespace() || matches!(b, b'>' | b'/'),
                }
            {
                let end = tag_end(bytes, at + 2 + name.len());
                self.pos += end;
                return &rest[..at];
            }
            from = at + 2;
        }
        self.pos = self.html.len();
        rest
    }
}

/// Whether `bytes` (starting with `<`) starts markup: a tag, an end tag, a comment, a doctype or
/// a processing instruction. Anything else (`a < b`, `<3`) is text.
fn starts_markup(bytes: &[u8]) -> bool {
    match bytes.get(1) {
        Some(b) if b.is_ascii_alphabetic() => true,
        Some(b'!' | b'?') => true,
        Some(b'/') => bytes.get(2).is_some_and(u8::is_ascii_alphabetic),
        _ => false,
    }
}

/// The index just past the `>` closing a tag whose attributes start at `from`, respecting quoted
/// attribute values; the end of the input if it never closes.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut quote: Option<u8> = None;
    // An attribute value starts right after `=` (and white space); quotes elsewhere are text.
    let mut after_equals = false;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'>' => return i + 1,
                b'"' | b'\'' if after_equals => quote = Some(b),
                _ => {}
            },
        }
        if quote.is_none() {
            if b == b'=' {
                after_equals = true;
            } else if !b.is_ascii_whitespace() {
                after_equals = false;
            }
        } else {
            after_equals = false;
        }
        i += 1;
    }
    bytes.len()
}

/// Decodes character references (named, decimal, hexadecimal) as a browser does in text.
pub(crate) fn decode_references(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match reference(after) {
            Some((text, used)) => {
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character reference at the start of `s` (just after `&`): its text and how many bytes it
/// used.
fn reference(s: &str) -> Option<(Cow<'static, str>, usize)> {
    let bytes = s.as_bytes();
    if let Some(num) = s.strip_prefix('#') {
        let (digits, radix, skip) = match num.as_bytes().first() {
            Some(b'x' | b'X') => (&num[1..], 16, 2),
            _ => (num, 10, 1),
        };
        let len = digits.bytes().take_while(|b| (*b as char).is_digit(radix)).count();
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len.min(8)], radix).unwrap_or(0x110000);
        let value = if len > 8 { 0x110000 } else { value };
        let used = skip + len + usize::from(digits.as_bytes().get(len) == Some(&b';'));
        return Some((Cow::Owned(numeric_char(value).to_string()), used));
    }
    // Named: the longest entity name that the text starts with (names are at most 32 bytes).
    let len = bytes.iter().take(33).take_while(|b| b.is_ascii_alphanumeric()).count();
    if len == 0 {
        return None;
    }
    if bytes.get(len) == Some(&b';') {
        if let Some(text) = entity(&s[..=len]) {
            return Some((Cow::Borrowed(text), len + 1));
        }
    }
    // Legacy names without `;` (`&nbsp`, `&copy`): the longest prefix that is one.
    (2..=len.min(6)).rev().find_map(|n| entity(&s[..n]).map(|t| (Cow::Borrowed(t), n)))
}

/// The text of the named reference `name` (without `&`, with its `;` if it has one).
fn entity(name: &str) -> Option<&'static str> {
    entities::ENTITIES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| entities::ENTITIES[i].1)
}

/// The character a numeric reference stands for, with the browser's repairs: NUL, surrogates
/// and values past Unicode are U+FFFD; 0x80–0x9F are read as Windows-1252.
fn numeric_char(value: u32) -> char {
    const C1: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = match value {
        0x80..=0x9F => u32::from(C1[(value - 0x80) as usize]),
        0 => 0xFFFD,
        v => v,
    };
    char::from_u32(value).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests;
