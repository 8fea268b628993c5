//! Lines of a text as a Markdown renderer shows them, where inline syntax stands between
//! characters: `[机](https://a.example)密★1年` and `机<!-- 注 -->密★1年` render `机密★1年`, which
//! the file's own text does not read.
//!
//! What a rendered page leaves out: comments (`<!-- … -->`, also across lines), the targets and
//! titles of links and images (`[text](url "title")`, `![alt](url)`, `[text][ref]`: the text or
//! alternative text stays), and inline HTML tags (`<span …>`, `</b>`; an autolink `<https://…>`
//! shows its address and is kept). Emphasis, code spans and escapes need nothing here: their
//! markers are symbols the normaliser skips, and escapes have their own reading
//! ([`crate::escapes`]). Any text may be Markdown (a `.txt` of a CMS field often is), so every
//! text is looked at; only lines whose rendering differs are read again, one pass over each.

/// (line within `chunk`, from 1; the line as rendered) of each line whose rendering differs
/// from the line. A comment open at the end of the chunk runs to its end. Only the lines that
/// hold a `<` or `[` are looked at (found with `memchr`: prose rarely has them), with the lines
/// after one that opens a comment.
pub(crate) fn readings(chunk: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let bytes = chunk.as_bytes();
    // Line numbers: the newlines before `counted` are counted in `line`.
    let (mut line, mut counted) = (1u32, 0usize);
    let mut from = 0usize;
    while let Some(hit) = memchr::memchr2(b'<', b'[', &bytes[from..]).map(|h| from + h) {
        let start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |p| p + 1);
        line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count() as u32;
        // This line, and the next ones while a comment it opened stays open: what shows before
        // and after the comment is one line of the rendered page.
        let (first, mut at) = (line, start);
        let mut shown: Option<String> = None;
        loop {
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |p| at + p);
            let text = chunk[at..end].strip_suffix('\r').unwrap_or(&chunk[at..end]);
            let (rendered, open) = render(text, shown.is_some());
            let changed = shown.is_some() || rendered != text;
            let joined = match shown.take() {
                Some(mut before) => {
                    before.push_str(&rendered);
                    before
                }
                None => rendered,
            };
            at = end + 1;
            if open && end < bytes.len() {
                shown = Some(joined);
                line += 1;
                continue;
            }
            if changed && !joined.trim().is_empty() {
                out.push((first, joined));
            }
            break;
        }
        if at > bytes.len() {
            break;
        }
        line += 1;
        counted = at;
        from = at;
    }
    out
}

/// `line` rendered, given whether a comment is open at its start; and whether one is open at
/// its end.
fn render(line: &str, mut in_comment: bool) -> (String, bool) {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    in_comment = false;
                }
                None => return (out, true),
            }
        }
        let Some(at) = rest.find(['<', '[', '!']) else {
            out.push_str(rest);
            return (out, false);
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            rest = &rest[4..];
            in_comment = true;
        } else if let Some(after) = tag_end(rest) {
            rest = &rest[after..];
        } else if let Some((text, after)) = link(rest) {
            out.push_str(text);
            rest = &rest[after..];
        } else {
            let one = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..one]);
            rest = &rest[one..];
        }
    }
}

/// Where an inline HTML tag at the start of `s` ends (`<b>`, `</span>`, `<br/>`,
/// `<font color="red">`), or `None` (an autolink `<https://…>` is not a tag: it shows).
fn tag_end(s: &str) -> Option<usize> {
    let body = s.strip_prefix('<')?;
    let name = body.strip_prefix('/').unwrap_or(body);
    let first = name.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let end = s.find('>')?;
    let inside = &s[1..end];
    // A tag name, then attributes; an address (`https://`, `a@b.c`) is an autolink.
    if inside.contains("://") || (inside.contains('@') && !inside.contains(' ')) || inside.contains('<') {
        return None;
    }
    Some(end + 1)
}

/// A link or image at the start of `s`: `[text](target)`, `![alt](target)`, `[text][ref]`, with
/// the text it shows and where it ends. Brackets nest one level (`[a [b] c](x)`).
fn link(s: &str) -> Option<(&str, usize)> {
    let open = if s.starts_with("![") {
        2
    } else if s.starts_with('[') {
        1
    } else {
        return None;
    };
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in s[open..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(open + i);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let text = &s[open..close];
    let after = &s[close + 1..];
    let (opener, closer) = match after.chars().next()? {
        '(' => ('(', ')'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, c) in after.char_indices().skip(1) {
        if c == opener {
            depth += 1;
        } else if c == closer {
            if depth == 0 {
                return Some((text, close + 1 + i + 1));
            }
            depth -= 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_comments_and_tags_are_read_as_rendered() {
        let text = "[机](https://a.example \"题\")密★1年\n机<!-- 注 -->密★1年\n![机](x.png)密\n\
                    <span style=\"color:red\">机</span>密\n机<!-- 跨\n行 -->密\n[机][1]密\n普通一行\n\
                    <https://a.example/机> 地址\n[1]: https://a.example";
        let got = readings(text);
        assert_eq!(
            got,
            [
                (1, "机密★1年".to_owned()),
                (2, "机密★1年".to_owned()),
                (3, "机密".to_owned()),
                (4, "机密".to_owned()),
                (5, "机密".to_owned()),
                (7, "机密".to_owned()),
            ]
        );
    }

    #[test]
    fn text_without_markup_has_no_other_reading() {
        assert!(readings("机密★1年\n关于[某事]的通知 a < b > c\n").is_empty());
        // An unclosed link or comment at a line's end: the comment runs on, the bracket stays.
        assert_eq!(readings("[机](x\n密"), []);
    }
}
