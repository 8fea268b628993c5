//! Bidirectional overrides applied to a line, so the reader reports text in the order it is
//! displayed.
//!
//! `<bdo dir="rtl">年1★密机</bdo>`, a `unicode-bidi: bidi-override; direction: rtl` style and a
//! U+202E RIGHT-TO-LEFT OVERRIDE character all make a browser draw the characters that follow in
//! reverse: every reader of the page sees `机密★1年`. The page reader turns the first two into
//! the same controls as the third (U+202E or U+202D LEFT-TO-RIGHT OVERRIDE, closed by U+202C POP
//! DIRECTIONAL FORMATTING), and [`display_order`] applies them: an override run is drawn with
//! its content reversed (a nested run reversed as a unit, its own content in its own order),
//! and it ends at its PDF or at the end of the line (a block ends the embedding in a browser).
//! Embeddings (U+202A, U+202B) keep the order of CJK and Latin text: they only nest. The controls
//! are removed, so a core that also applies overrides sees the displayed text and none left to
//! apply.
//!
//! Bounded: nesting deeper than [`MAX_DEPTH`] is read as if flat (the extra controls removed).

use std::borrow::Cow;

/// Right-to-left override.
pub(super) const RLO: char = '\u{202E}';
/// Left-to-right override.
pub(super) const LRO: char = '\u{202D}';
/// Pop directional formatting.
pub(super) const PDF: char = '\u{202C}';
const LRE: char = '\u{202A}';
const RLE: char = '\u{202B}';

/// Deeper nesting is flattened.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    Reversed,
    Kept,
}

/// `line` in display order: see the module documentation.
pub(super) fn display_order(line: &str) -> Cow<'_, str> {
    if !line.contains([RLO, LRO, PDF, LRE, RLE]) {
        return Cow::Borrowed(line);
    }
    // Each open run: its order and its content so far, already in display order.
    let mut runs: Vec<(Order, Vec<String>)> = vec![(Order::Kept, Vec::new())];
    let mut flattened = 0usize;
    for c in line.chars() {
        let order = match c {
            RLO => Some(Order::Reversed),
            LRO | LRE | RLE => Some(Order::Kept),
            _ => None,
        };
        if let Some(order) = order {
            if runs.len() > MAX_DEPTH {
                flattened += 1;
            } else {
                runs.push((order, Vec::new()));
            }
            continue;
        }
        if c == PDF {
            if flattened > 0 {
                flattened -= 1;
            } else if runs.len() > 1 {
                close(&mut runs);
            }
            continue;
        }
        runs.last_mut().expect("the outer run is never closed").1.push(c.to_string());
    }
    while runs.len() > 1 {
        close(&mut runs);
    }
    let (_, pieces) = runs.pop().expect("the outer run");
    Cow::Owned(pieces.concat())
}

/// Closes the innermost run: its pieces, in display order, become one piece of its parent.
fn close(runs: &mut Vec<(Order, Vec<String>)>) {
    let (order, mut pieces) = runs.pop().expect("a run to close");
    if order == Order::Reversed {
        pieces.reverse();
    }
    runs.last_mut().expect("a parent run").1.push(pieces.concat());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_reverse_what_they_cover() {
        assert_eq!(display_order("前\u{202E}年1★密机\u{202C}后"), "前机密★1年后");
        // Unclosed: to the end of the line.
        assert_eq!(display_order("\u{202E}年1★密机"), "机密★1年");
        // A left-to-right run inside stays in order, as a unit.
        assert_eq!(display_order("\u{202E}年1★\u{202D}机密\u{202C}\u{202C}"), "机密★1年");
        // Embeddings only nest; stray PDFs are dropped.
        assert_eq!(display_order("\u{202B}机密\u{202C}\u{202C}★"), "机密★");
        assert_eq!(display_order("plain"), "plain");
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursed() {
        let line = "\u{202E}".repeat(100_000) + "ab" + &"\u{202C}".repeat(100_000);
        assert_eq!(display_order(&line), "ba");
    }
}
