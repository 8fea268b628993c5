//! `data:` URLs that carry a document: what a frame shows (`<iframe src="data:text/html,…">`,
//! `<object data=…>`, `<embed src=…>`) or a link opens (`<a href="data:text/html;base64,…">`).
//!
//! The URL is `data:[media type][;base64],payload` (RFC 2397): the payload is percent-decoded,
//! then base64-decoded if marked so. Only documents are read (`text/html`, `application/xhtml+xml`,
//! `text/plain`; no media type means `text/plain`; SVG, `image/svg+xml`, whose text a picture
//! draws); another picture in a data URL is not text (it goes to OCR).

/// What a data URL holds, if it is a document.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Document {
    Html(Vec<u8>),
    Text(Vec<u8>),
    /// An SVG picture (`image/svg+xml`): its text is drawn, and read as markup.
    Svg(Vec<u8>),
    /// A style sheet (`text/css`): a frame shows it as text, a `<link>` applies it.
    Css(Vec<u8>),
}

/// The document in the data URL `url`, if it is one; `None` for other URLs, other media types
/// and payloads that are not valid base64.
pub(crate) fn document(url: &str) -> Option<Document> {
    let url = url.trim_start();
    let rest = url.get(..5).filter(|s| s.eq_ignore_ascii_case("data:")).map(|_| &url[5..])?;
    let (header, payload) = rest.split_once(',')?;
    let mut params = header.split(';').map(str::trim);
    let media = params.next().unwrap_or("").to_ascii_lowercase();
    let base64 = params.any(|p| p.eq_ignore_ascii_case("base64"));
    let bytes = crate::percent::decode_bytes(payload.as_bytes());
    let bytes = if base64 { base64_decode(&bytes)? } else { bytes };
    match media.as_str() {
        "text/html" | "application/xhtml+xml" => Some(Document::Html(bytes)),
        "" | "text/plain" => Some(Document::Text(bytes)),
        "image/svg+xml" => Some(Document::Svg(bytes)),
        "text/css" => Some(Document::Css(bytes)),
        _ => None,
    }
}

/// Whether `url` is a `data:` URL of an SVG picture.
pub(crate) fn is_svg(url: &str) -> bool {
    url.trim_start().get(..18).is_some_and(|head| head.eq_ignore_ascii_case("data:image/svg+xml"))
}

/// The `data:` URLs of a style sheet or a `style` attribute that hold SVG pictures
/// (`background: url("data:image/svg+xml,…")`, `content: url(…)`): a browser draws their text.
pub(crate) fn svg_urls_in_css(css: &str) -> Vec<String> {
    let lower = css.to_ascii_lowercase();
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("url(").map(|p| from + p + 4) {
        let rest = css[at..].trim_start();
        let (url, used) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &rest[1..];
                let end = body.find(q).unwrap_or(body.len());
                (&body[..end], end + 2)
            }
            _ => {
                let end = rest.find(')').unwrap_or(rest.len());
                (rest[..end].trim_end(), end + 1)
            }
        };
        if is_svg(url) {
            urls.push(url.to_owned());
        }
        from = (at + (css[at..].len() - rest.len()) + used).min(css.len());
    }
    urls
}

/// The picture in the data URL `url` (`data:image/png;base64,…`), if it holds one: its bytes,
/// for OCR. SVG is not a picture here (its text is text).
pub(crate) fn picture(url: &str) -> Option<Vec<u8>> {
    let url = url.trim_start();
    let rest = url.get(..5).filter(|s| s.eq_ignore_ascii_case("data:")).map(|_| &url[5..])?;
    let (header, payload) = rest.split_once(',')?;
    let mut params = header.split(';').map(str::trim);
    let media = params.next().unwrap_or("").to_ascii_lowercase();
    if !media.starts_with("image/") || media.contains("svg") {
        return None;
    }
    let base64 = params.any(|p| p.eq_ignore_ascii_case("base64"));
    let bytes = crate::percent::decode_bytes(payload.as_bytes());
    if base64 {
        base64_decode(&bytes)
    } else {
        Some(bytes)
    }
}

/// Standard or URL-safe base64, white space ignored, padding optional; `None` if another byte
/// is found.
pub(crate) fn base64_decode(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &b in bytes {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b if b.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_in_data_urls() {
        assert_eq!(picture("data:image/png;base64,iVBORw0K").as_deref(), Some(&b"\x89PNG\r\n"[..]));
        assert_eq!(picture("DATA:image/gif,GIF89a").as_deref(), Some(&b"GIF89a"[..]));
        assert_eq!(picture("data:image/svg+xml,<svg/>"), None);
        assert_eq!(picture("data:text/html,<p>"), None);
        assert_eq!(picture("https://example.org/a.png"), None);
    }

    #[test]
    fn svg_pictures_in_style_sheets() {
        let css = r#"a{background:url("data:image/svg+xml,%3Csvg%3E")} b{background:URL( 'data:image/svg+xml;base64,PHN2Zz4=' )} c{background:url(data:image/svg+xml,x)} d{background:url(a.png)} e{background:url("data:image/png;base64,AA")} f{background:url("#;
        assert_eq!(
            svg_urls_in_css(css),
            vec!["data:image/svg+xml,%3Csvg%3E", "data:image/svg+xml;base64,PHN2Zz4=", "data:image/svg+xml,x"]
        );
    }

    #[test]
    fn documents_in_data_urls() {
        // "<p>机密</p>" in UTF-8, base64.
        assert_eq!(document("data:text/html;base64,PHA+5py65a+GPC9wPg=="), Some(Document::Html("<p>机密</p>".into())));
        assert_eq!(
            document("DATA:text/html;charset=utf-8,%3Cp%3E%E6%9C%BA%E5%AF%86"),
            Some(Document::Html("<p>机密".into()))
        );
        assert_eq!(document("data:,a%20b"), Some(Document::Text("a b".into())));
        assert_eq!(document("data:image/png;base64,iVBORw0KGgo="), None);
        assert_eq!(
            document("data:image/svg+xml;charset=utf-8,%3Csvg%3E%3Ctext%3EX%3C/text%3E%3C/svg%3E"),
            Some(Document::Svg("<svg><text>X</text></svg>".into()))
        );
        assert_eq!(document("data:text/html;base64,*notbase64*"), None);
        assert_eq!(document("https://example.org/"), None);
        assert_eq!(document("data:text/html"), None);
        assert_eq!(document("da"), None);
        assert_eq!(document("data:text/css,p%7B%7D"), Some(Document::Css("p{}".into())));
        assert_eq!(document("data:text/plain,%"), Some(Document::Text("%".into())));
    }
}
