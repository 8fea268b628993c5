//! The quick reading of an XML part made of markup only.
//!
//! Most entries a ZIP-based reader leaves to [`super::account_for_every_entry`] are styles,
//! numbering, font tables, themes and relationships: tens to hundreds of KB of elements and
//! attributes, and not one text node. The full generic reading (quick-xml events, then the
//! attributes of every element that may hold text) costs as much per byte as reading the body.
//! This scanner reads such a part in one pass with `memchr`, and gives exactly what the full
//! reading would give, the values of the textual attributes (see
//! [`super::TEXT_ATTRIBUTES`]: a known text attribute, or any value with a non-ASCII character,
//! such as the `宋体` of a font table), one per line.
//!
//! It only answers when it is sure. Anything it does not take for certain, and everything that
//! could show text or make the part read differently, it gives up on (`None`), and the caller
//! reads the part with the full reader, which decides: a text node (even of one character),
//! CDATA, a comment, a DOCTYPE or any other `<!`, a processing instruction other than the XML
//! declaration, a declared encoding other than UTF-8, a byte-order mark, invalid UTF-8, a name
//! outside `[A-Za-z0-9_:.-]`, an attribute not written `name="value"` or `name='value'`, a `<`
//! inside a value, an entity that does not resolve, end tags that do not match, elements left
//! open, nesting deeper than the limit. So the fast path never reads less than the full one:
//! `tests::agrees_with_the_full_reading` checks it on crafted parts and, when the shared
//! corpus is there, on every XML entry of the real-world DOCX, XLSX and PPTX files.

use std::cell::RefCell;

use memchr::{memchr, memmem};

use crate::xml;

/// Parts at least this large are remembered after being read (see [`remembered_attribute_lines`]);
/// smaller ones cost little to read again.
const REMEMBER_FROM: usize = 64 << 10;
/// Parts larger than this are not remembered: the memory a thread keeps stays bounded.
const REMEMBER_UP_TO: usize = 1 << 20;
/// How many parts a thread remembers.
const REMEMBERED: usize = 2;

/// A part read by [`attribute_lines`], and what it gave.
struct Read {
    bytes: Vec<u8>,
    max_depth: usize,
    lines: Option<String>,
}

thread_local! {
    /// The last large parts this thread read, newest last.
    static LAST_READ: RefCell<Vec<Read>> = const { RefCell::new(Vec::new()) };
}

/// [`attribute_lines`], remembering the last few large parts read on this thread.
///
/// Documents made from one template carry the same markup-only parts byte for byte (Word's
/// `stylesWithEffects.xml` of python-docx's template is 438 KB), and reading one costs more than
/// comparing it: a part equal in full to one read before (no hash a stranger could collide), with
/// the same nesting limit, gives what it gave then.
pub(super) fn remembered_attribute_lines(bytes: &[u8], max_depth: usize) -> Option<String> {
    if !(REMEMBER_FROM..=REMEMBER_UP_TO).contains(&bytes.len()) {
        return attribute_lines(bytes, max_depth);
    }
    let seen = LAST_READ.with_borrow(|last| {
        last.iter().find(|r| r.max_depth == max_depth && r.bytes == bytes).map(|r| r.lines.clone())
    });
    if let Some(lines) = seen {
        return lines;
    }
    let lines = attribute_lines(bytes, max_depth);
    LAST_READ.with_borrow_mut(|last| {
        if last.len() == REMEMBERED {
            last.remove(0);
        }
        last.push(Read { bytes: bytes.to_vec(), max_depth, lines: lines.clone() });
    });
    lines
}

/// The lines the full generic reading would give for `bytes` (textual attribute values,
/// trimmed, each followed by `\n`), or `None` when this scanner cannot be sure (see the module
/// documentation) and the full reader must decide.
pub(super) fn attribute_lines(bytes: &[u8], max_depth: usize) -> Option<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(bytes).is_err() {
        return None;
    }
    if xml::declared_encoding(bytes).is_some_and(|e| e != encoding_rs::UTF_8) {
        return None;
    }
    let b = bytes;
    let mut lines = String::new();
    let mut open: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    if b.starts_with(b"<?xml") && b.get(5).is_some_and(|&c| is_space(c)) {
        i = memmem::find(b, b"?>")? + 2;
    }
    loop {
        // Elements mostly follow one another or a line break: look before searching.
        let next = match b.get(i) {
            Some(b'<') => Some(i),
            _ => memchr(b'<', &b[i..]).map(|k| i + k),
        };
        let Some(lt) = next else {
            if !b[i..].iter().all(|&c| is_space(c)) {
                return None;
            }
            break;
        };
        if !b[i..lt].iter().all(|&c| is_space(c)) {
            return None; // a text node: the full reader reads it
        }
        i = lt + 1;
        match *b.get(i)? {
            b'/' => {
                let (name, after) = name_at(b, i + 1)?;
                let after = skip_space(b, after);
                if b.get(after) != Some(&b'>') || open.pop()? != name {
                    return None;
                }
                i = after + 1;
            }
            b'!' | b'?' => return None,
            _ => {
                let (name, mut j) = name_at(b, i)?;
                loop {
                    let before = j;
                    j = skip_space(b, j);
                    match *b.get(j)? {
                        b'>' => {
                            open.push(name);
                            if open.len() > max_depth {
                                return None;
                            }
                            i = j + 1;
                            break;
                        }
                        b'/' => {
                            if b.get(j + 1) != Some(&b'>') || open.len() + 1 > max_depth {
                                return None;
                            }
                            i = j + 2;
                            break;
                        }
                        _ if j == before => return None, // attributes are separated by white space
                        _ => {
                            let (key, k) = name_at(b, j)?;
                            let k = skip_space(b, k);
                            if b.get(k) != Some(&b'=') {
                                return None;
                            }
                            let k = skip_space(b, k + 1);
                            let quote = *b.get(k)?;
                            if quote != b'"' && quote != b'\'' {
                                return None;
                            }
                            let (end, ascii) = value_end(b, k + 1, quote)?;
                            let value = &b[k + 1..end];
                            let textual = !ascii || super::TEXT_ATTRIBUTES.contains(&local_name(key));
                            if textual && !key.starts_with(b"xmlns") {
                                // Valid UTF-8: the whole part was checked above.
                                let raw = std::str::from_utf8(value).ok()?;
                                let value = quick_xml::escape::unescape(raw).ok()?;
                                let value = value.trim();
                                if !value.is_empty() {
                                    lines.push_str(value);
                                    lines.push('\n');
                                }
                            }
                            j = end + 1;
                        }
                    }
                }
            }
        }
    }
    open.is_empty().then_some(lines)
}

/// Where the attribute value starting at `i` ends (its closing `quote`), and whether it is all
/// ASCII; `None` if it holds a `<` or is not closed. Values are short (a style id, a size): a
/// byte loop costs less than calling `memchr` twice per attribute.
fn value_end(b: &[u8], mut i: usize, quote: u8) -> Option<(usize, bool)> {
    let mut ascii = true;
    loop {
        let c = *b.get(i)?;
        if c == quote {
            return Some((i, ascii));
        }
        if c == b'<' {
            return None;
        }
        ascii &= c.is_ascii();
        i += 1;
    }
}

/// The local part of an attribute's name (after its prefix), as [`xml::local_name`] gives it,
/// without a call for a name of a few bytes.
fn local_name(qname: &[u8]) -> &[u8] {
    match qname.iter().rposition(|&c| c == b':') {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

/// XML white space.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// The bytes a name may hold after its first: `[A-Za-z0-9_:.-]`.
static NAME_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-');
        c += 1;
    }
    t
};

/// The name starting at `i` (at least one of `[A-Za-z0-9_:.-]`, starting with a letter, `_` or
/// `:`) and the position after it.
fn name_at(b: &[u8], i: usize) -> Option<(&[u8], usize)> {
    let first = *b.get(i)?;
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b':') {
        return None;
    }
    let len = b[i..].iter().take_while(|&&c| NAME_BYTE[usize::from(c)]).count();
    Some((&b[i..i + len], i + len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mijian_core::Collected;

    /// What the full generic reading gives: `Some(lines)` when it reads the part, `None` when it
    /// calls it malformed or over a limit.
    fn full(bytes: &[u8], max_depth: usize) -> Option<String> {
        let mut sink = Collected::default();
        match super::super::read_generic_xml_fully("p.xml", bytes.to_vec(), max_depth, None, &mut sink) {
            Ok(true) => Some(sink.segments.iter().map(|s| s.text.as_str()).collect()),
            _ => None,
        }
    }

    /// The fast reading, when it answers, is the full one.
    fn agrees(bytes: &[u8], max_depth: usize) -> bool {
        match attribute_lines(bytes, max_depth) {
            None => false,
            Some(fast) => {
                assert_eq!(Some(fast), full(bytes, max_depth), "{}", String::from_utf8_lossy(bytes));
                true
            }
        }
    }

    #[test]
    fn reads_markup_only_parts_like_the_full_reader() {
        let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:styleId="a"><w:name w:val="标题 1"/><w:lvlText w:val="第%1章 &amp; &#x673A;&#23494;"/></w:style>
<w:style w:type="character" w:styleId='b' ><w:name   w:val = "heading 2" /></w:style ></w:styles>"#;
        assert!(agrees(styles.as_bytes(), 64));
        assert_eq!(attribute_lines(styles.as_bytes(), 64).unwrap(), "宋体\n标题 1\n第%1章 & 机密\n");
        // Known text attributes, ASCII or not; namespace declarations are never text.
        let drawing = r#"<a:p xmlns:a="urn:机密"><a:x title=" KJ-3 " descr="" v='1'/></a:p>"#;
        assert!(agrees(drawing.as_bytes(), 64));
        assert_eq!(attribute_lines(drawing.as_bytes(), 64).unwrap(), "KJ-3\n1\n");
        assert!(agrees(b"<a/>", 64));
        assert!(agrees(b"<a>\r\n\t <b/></a>\n", 64));
        assert!(agrees(br#"<a x=">" y='"'/>"#, 64));
    }

    #[test]
    fn gives_up_on_anything_it_is_not_sure_of() {
        let unsure: &[&[u8]] = &[
            b"<a>x</a>",                                       // text
            "<a>\u{3000}</a>".as_bytes(),                      // white space that is not XML's
            b"<a>&#32;</a>",                                   // a reference in text
            b"<a><![CDATA[]]></a>",                            // CDATA
            b"<a><!-- c --></a>",                              // a comment
            b"<!DOCTYPE a [<!ENTITY e \"x\">]><a v=\"&e;\"/>", // a DOCTYPE
            b"<?pi x?><a/>",                                   // a processing instruction
            b"\xEF\xBB\xBF<a/>",                               // a byte-order mark
            b"<?xml version=\"1.0\" encoding=\"GBK\"?><a/>",   // another encoding
            b"<a x=\"\xff\"/>",                                // invalid UTF-8
            b"<a x=1/>",                                       // an unquoted value
            b"<a x=\"1\"y=\"2\"/>",                            // attributes run together
            b"<a x/>",                                         // an attribute without a value
            b"<a title=\"&bogus;\"/>",                         // an entity that does not resolve
            b"<a x=\"<\"/>",                                   // `<` in a value
            b"<a></b>",                                        // end tags that do not match
            b"<a>",                                            // left open
            b"</a>",                                           // closing nothing
            b"<a><b><c/></b></a>",                             // deeper than the limit (below: 2)
            "<名/>".as_bytes(),                                // a name this scanner does not take
            b"<a/ >",
            b"<1a/>",
        ];
        for u in unsure {
            assert_eq!(attribute_lines(u, 2), None, "{}", String::from_utf8_lossy(u));
        }
        assert!(agrees(b"<a><b/></a>", 2), "exactly at the depth limit is fine");
    }

    #[test]
    fn a_large_part_read_before_gives_what_it_gave() {
        // Large enough to be remembered: a style name per element, and one with a text node.
        let part = |name: &str, text: &str| {
            let styles = format!(r#"<w:style w:styleId="x"><w:name w:val="{name}"/></w:style>"#).repeat(2000);
            format!(r#"<w:styles xmlns:w="w">{styles}<w:b>{text}</w:b></w:styles>"#).into_bytes()
        };
        let plain = part("标题", "");
        assert!(plain.len() >= REMEMBER_FROM);
        let expected = attribute_lines(&plain, 64).unwrap();
        assert_eq!(expected.lines().count(), 2000);
        for _ in 0..3 {
            assert_eq!(remembered_attribute_lines(&plain, 64).as_ref(), Some(&expected));
        }
        // Another part of the same length is its own; one the scanner gives up on stays given up.
        let other = part("机密", "");
        assert_eq!(other.len(), plain.len());
        assert_eq!(remembered_attribute_lines(&other, 64), attribute_lines(&other, 64));
        assert_ne!(remembered_attribute_lines(&other, 64).as_ref(), Some(&expected));
        let with_text = part("标题", "机密");
        for _ in 0..2 {
            assert_eq!(remembered_attribute_lines(&with_text, 64), None);
        }
        // A lower nesting limit is a new reading (the part is three deep).
        assert_eq!(remembered_attribute_lines(&plain, 1), None);
        assert_eq!(remembered_attribute_lines(&plain, 64).as_ref(), Some(&expected));
        // Only the last few are remembered; the rest are read again, the same.
        for n in 0..REMEMBERED + 2 {
            let p = part(&format!("样式{n}"), "");
            assert_eq!(remembered_attribute_lines(&p, 64), attribute_lines(&p, 64));
        }
        assert_eq!(LAST_READ.with_borrow(Vec::len), REMEMBERED);
        assert_eq!(remembered_attribute_lines(&plain, 64).as_ref(), Some(&expected));
    }

    /// Every XML entry of the real-world Office files: where the fast reading answers, it gives
    /// what the full one gives (and it answers for the usual text-free parts). Without the corpus:
    /// a loud skip, and a failure under CI ([`crate::testing::realworld_dir`]).
    #[test]
    fn agrees_with_the_full_reading() {
        let mut answered = 0;
        for folder in ["docx", "xlsx", "pptx"] {
            let Some(dir) = crate::testing::realworld_dir(folder) else { continue };
            for path in std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
                let Ok(bytes) = std::fs::read(&path) else { continue };
                let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { continue };
                for i in 0..zip.len() {
                    let mut entry = zip.by_index(i).unwrap();
                    if !entry.name().ends_with(".xml") && !entry.name().ends_with(".rels") {
                        continue;
                    }
                    let mut xml = Vec::new();
                    std::io::Read::read_to_end(&mut entry, &mut xml).unwrap();
                    answered += usize::from(agrees(&xml, 256));
                }
            }
        }
        if crate::testing::realworld_dir("docx").is_some() {
            assert!(answered > 100, "the fast reading answered for {answered} real parts only");
        }
    }
}
