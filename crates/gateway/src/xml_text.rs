//! The text of each XML element, as an XML-RPC or SOAP server hands it to the application.
//!
//! The engine reads an XML body as a document; an application reads its values. WordPress's
//! `wp.uploadFile` carries a DOCX as `<base64>…</base64>`, a post's content arrives as escaped
//! HTML in a `<string>`: the values are what [`crate::readings`] decodes further, like JSON
//! strings. This is a reader of values only (no validation, no DTD, no entity expansion beyond
//! the five predefined ones and character references): markup it cannot follow is skipped, and
//! the engine still reads the body as a whole.

/// Most values taken from one body; the rest are the engine's alone.
const MAX_VALUES: usize = 10_000;

/// The text content of every element that has some: character data with references decoded
/// and CDATA sections unwrapped, joined up to the next tag, trimmed, empty ones left out.
pub fn values(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut rest = xml;
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let t = current.trim();
        if !t.is_empty() && out.len() < MAX_VALUES {
            out.push(t.to_string());
        }
        current.clear();
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            current.push_str(&mijian_extract::decode_references(rest));
            break;
        };
        current.push_str(&mijian_extract::decode_references(&rest[..lt]));
        let tag = &rest[lt..];
        if let Some(cdata) = tag.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").unwrap_or(cdata.len());
            current.push_str(&cdata[..end]);
            rest = cdata.get(end + 3..).unwrap_or("");
            continue;
        }
        let close = if tag.starts_with("<!--") {
            tag.find("-->").map(|i| i + 3)
        } else if tag.starts_with("<?") {
            tag.find("?>").map(|i| i + 2)
        } else {
            tag.find('>').map(|i| i + 1)
        };
        // A comment or processing instruction does not end the text around it.
        if !tag.starts_with("<!--") && !tag.starts_with("<?") {
            flush(&mut current, &mut out);
        }
        rest = close.map_or("", |c| &tag[c..]);
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_texts_are_read_with_references_and_cdata() {
        let xml = "<?xml version=\"1.0\"?><methodCall><methodName>wp.uploadFile</methodName>\
                   <value><base64>\n  QUJD\n</base64></value><c>绝<![CDATA[密★]]>启<!-- x -->用前</c>\
                   <s>&lt;p&gt;&#26426;&#x5BC6;&amp;&nbsp;</s><e/></methodCall>";
        assert_eq!(values(xml), ["wp.uploadFile", "QUJD", "绝密★启用前", "<p>机密&&nbsp;"]);
    }

    #[test]
    fn broken_markup_ends_quietly() {
        assert_eq!(values("<a>x<![CDATA[y"), ["xy"]);
        assert_eq!(values("<a>x</a"), ["x"]);
        assert_eq!(values("text only &#xFFFFFFFF;"), ["text only &#xFFFFFFFF;"]);
        assert!(values("").is_empty());
    }
}
