//! From placed glyphs to lines of text.
//!
//! A PDF draws glyphs in any order it likes: WPS may draw a page header last, a table column by
//! column, a mark in two text objects. What a matcher needs is that a line *as printed* comes
//! out contiguous, so this module rebuilds lines from positions, not from drawing order:
//!
//! 1. Glyphs are grouped by writing direction (rounded to a degree): horizontal text, vertical
//!    writing, a diagonal watermark each form their own group. The largest group comes first.
//! 2. In each group, positions are turned into the group's frame: `u` along the baseline, `v`
//!    across it (higher `v` is an earlier line). Glyphs are sorted by `v` and cut into lines
//!    where the baseline moves by more than half the font size.
//! 3. In each line, glyphs are sorted by `u`. A space is put where the gap between two glyphs is
//!    more than 0.3 em, unless both sides are CJK: Chinese has no spaces between words, and a
//!    letter-spaced title (`通　　知`) should read as the word it is. A glyph drawn twice at the
//!    same place (fake bold) is kept once.
//!
//! Glyphs nobody sees (invisible `3 Tr`, filled white, at most 1pt) are read like the others;
//! where they cut a line, the reader also reads the page without them and keeps the lines that
//! differ ([`lines_not_within`](crate::as_shown::lines_not_within), field `as shown`).
//!
//! Lines whose baseline is in the top or bottom 8% of the page (for upright text) are the page
//! header and footer: marks are repeated there, and the engine treats a lone level word there as
//! a mark.
//!
//! Upright glyphs stacked one per line in a column (vertical text set with a horizontal font, a
//! mark written down a narrow text box) are read down the column, columns right to left: see
//! [`columns`].
//!
//! Multi-column pages come out with the columns' lines side by side on one line; that keeps
//! each printed line intact, which is what matters for matching.

use super::columns;
use super::content::{PageContent, Placed};

/// Share of the page height at the top and bottom taken as header and footer.
const MARGIN_SHARE: f32 = 0.08;

/// The text of one page, split by region. Lines are joined with `\n`.
#[derive(Default, Debug)]
pub(super) struct PageText {
    pub(super) header: String,
    pub(super) body: String,
    pub(super) footer: String,
}

impl PageText {
    /// Header, body and footer.
    pub(super) fn regions(&self) -> [&str; 3] {
        [&self.header, &self.body, &self.footer]
    }
}

/// Whether `c` is a CJK character (ideographs, kana, hangul, CJK and full-width punctuation).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Builds the lines of a page. `area` is the page's visible box, `rotate` its `/Rotate`.
pub(super) fn page_text(content: &PageContent, area: [f32; 4], rotate: i32) -> PageText {
    let glyphs = &content.glyphs;
    // 1. Groups by direction.
    let mut groups: Vec<(i32, Vec<u32>)> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        let angle =
            if g.dy == 0.0 && g.dx > 0.0 { 0 } else { (g.dy.atan2(g.dx).to_degrees().round() as i32).rem_euclid(360) };
        match groups.iter_mut().rev().find(|(a, _)| *a == angle) {
            Some((_, members)) => members.push(i as u32),
            None => groups.push((angle, vec![i as u32])),
        }
    }
    groups.sort_by_key(|(_, m)| std::cmp::Reverse(m.len()));

    let mut out = PageText::default();
    let mut line = String::new();
    let mut keyed: Vec<Keyed> = Vec::new();
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for (angle, members) in groups {
        let (sin, cos) = (angle as f32).to_radians().sin_cos();
        // Header and footer bands, for text upright on the displayed page.
        let bands = (angle == rotate.rem_euclid(360)).then(|| {
            let corners = [(area[0], area[1]), (area[2], area[1]), (area[0], area[3]), (area[2], area[3])];
            let vs = corners.map(|(x, y)| -x * sin + y * cos);
            let (lo, hi) = (vs.iter().copied().fold(f32::MAX, f32::min), vs.iter().copied().fold(f32::MIN, f32::max));
            let margin = (hi - lo) * MARGIN_SHARE;
            (lo + margin, hi - margin)
        });
        keyed.clear();
        keyed.extend(members.iter().map(|&i| {
            let g = &glyphs[i as usize];
            Keyed { u: g.x * cos + g.y * sin, v: -g.x * sin + g.y * cos, index: i }
        }));

        // 2. Lines by baseline.
        keyed.sort_unstable_by(|a, b| b.v.total_cmp(&a.v).then(a.index.cmp(&b.index)));
        lines.clear();
        let mut start = 0;
        while start < keyed.len() {
            let first = keyed[start];
            let (v0, s0) = (first.v, glyphs[first.index as usize].size.max(0.1));
            let mut end = start + 1;
            while end < keyed.len() {
                let k = keyed[end];
                if v0 - k.v > 0.5 * s0.max(glyphs[k.index as usize].size) {
                    break;
                }
                end += 1;
            }
            keyed[start..end].sort_unstable_by(|a, b| a.u.total_cmp(&b.u).then(a.index.cmp(&b.index)));
            lines.push((start, end));
            start = end;
        }
        // 3. Join each line along its baseline; after it, the columns of glyphs stacked from it.
        let stacks = columns::stacks(content, &keyed, &lines);
        let mut stack = stacks.columns.iter().peekable();
        for (i, &(start, end)) in lines.iter().enumerate() {
            let v0 = keyed[start].v;
            let target = match bands {
                Some((footer_top, _)) if v0 < footer_top => &mut out.footer,
                Some((_, header_bottom)) if v0 > header_bottom => &mut out.header,
                _ => &mut out.body,
            };
            if !stacks.replaced[i] {
                line.clear();
                join_line(content, &keyed[start..end], &mut line);
                push_line(target, &line);
            }
            while let Some(column) = stack.next_if(|s| s.first_line == i) {
                push_line(target, &column.text);
            }
        }
    }
    out
}

/// Appends `text` as a line of `target`, unless it is blank.
fn push_line(target: &mut String, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        if !target.is_empty() {
            target.push('\n');
        }
        target.push_str(text);
    }
}

/// A glyph's position in its group's frame, computed once for the sorts.
#[derive(Clone, Copy)]
pub(super) struct Keyed {
    /// Along the baseline.
    pub(super) u: f32,
    /// Across it: higher is an earlier line.
    pub(super) v: f32,
    /// Index into [`PageContent::glyphs`].
    pub(super) index: u32,
}

fn join_line(content: &PageContent, run: &[Keyed], line: &mut String) {
    let glyphs = &content.glyphs;
    let all = content.text.as_str();
    let text_of = |g: &Placed| &all[g.start as usize..g.end as usize];
    // The last glyph written, and a space glyph not yet written: a space is written only if no
    // neighbour covers its middle. Producers that end every string with a space and then move
    // back (`<C4BF20> Tj 12 0 Td`) draw spaces that the next glyph covers.
    let mut prev: Option<(f32, &Placed)> = None;
    let mut pending: Option<(f32, &Placed)> = None;
    // Text decided but not copied yet: a range of `content.text`. Glyphs drawn in reading order
    // sit there one after another, so a line is copied in a few pieces, not glyph by glyph.
    let mut copy = 0..0;
    // The last character of the line (written or in `copy`).
    let mut last: Option<char> = None;
    for k in run {
        let g = &glyphs[k.index as usize];
        let text = text_of(g);
        if text == " " || text == "\u{a0}" {
            pending = pending.or(Some((k.u, g)));
            continue;
        }
        let gu = k.u;
        // A space counts if neither neighbour covers its middle.
        let mut space = pending.take().is_some_and(|(su, sp)| {
            let middle = su + 0.5 * sp.advance;
            gu >= middle && prev.is_none_or(|(pu, p)| pu + p.advance <= middle)
        });
        if let Some((pu, p)) = prev {
            let em = 0.5 * (p.size + g.size);
            // Drawn twice at (nearly) the same place: keep one. Fake bold shifts by a few
            // hundredths of an em; a real repeated letter (`ff`) by its advance.
            if (gu - pu).abs() < (0.1 * em).min(0.5 * p.advance) && text == text_of(p) {
                continue;
            }
            let gap = gu - (pu + p.advance);
            let both_cjk = matches!((last, text.chars().next()), (Some(a), Some(b)) if is_cjk(a) && is_cjk(b));
            space |= gap > 0.3 * em && !both_cjk;
        }
        if space && last.is_some_and(|c| !c.is_whitespace()) && !text.starts_with(char::is_whitespace) {
            line.push_str(&all[copy.clone()]);
            line.push(' ');
            copy = 0..0;
        }
        let (start, end) = (g.start as usize, g.end as usize);
        if copy.is_empty() || copy.end != start {
            line.push_str(&all[copy]);
            copy = start..end;
        } else {
            copy.end = end;
        }
        if let Some(c) = text.chars().next_back() {
            last = Some(c);
        }
        prev = Some((gu, g));
    }
    line.push_str(&all[copy]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(content: &mut PageContent, x: f32, y: f32, size: f32, text: &str) {
        let start = content.text.len() as u32;
        content.text.push_str(text);
        let advance = if text.is_ascii() { size * 0.5 } else { size };
        content.glyphs.push(Placed {
            x,
            y,
            dx: 1.0,
            dy: 0.0,
            size,
            advance,
            start,
            end: content.text.len() as u32,
            unseen: false,
        });
    }

    #[test]
    fn orders_by_position_and_spaces_latin_only() {
        let mut c = PageContent::default();
        // Second line drawn first; the first line drawn in two pieces, right piece first.
        glyph(&mut c, 100.0, 680.0, 12.0, "第");
        glyph(&mut c, 112.0, 680.0, 12.0, "二");
        glyph(&mut c, 124.0, 700.0, 12.0, "★");
        glyph(&mut c, 130.0, 700.0, 12.0, "1");
        glyph(&mut c, 100.0, 700.5, 12.0, "机");
        glyph(&mut c, 112.0, 700.0, 12.0, "密");
        glyph(&mut c, 112.2, 700.0, 12.0, "密"); // fake bold
        glyph(&mut c, 200.0, 700.0, 12.0, "年");
        glyph(&mut c, 100.0, 660.0, 12.0, "A");
        glyph(&mut c, 110.0, 660.0, 12.0, "B");
        glyph(&mut c, 300.0, 660.0, 12.0, "中");
        glyph(&mut c, 400.0, 660.0, 12.0, "文");
        let t = page_text(&c, [0.0, 0.0, 595.0, 842.0], 0);
        assert_eq!(t.body, "机密★1 年\n第二\nA B 中文");
        assert!(t.header.is_empty() && t.footer.is_empty());
    }

    #[test]
    fn splits_header_and_footer() {
        let mut c = PageContent::default();
        glyph(&mut c, 100.0, 20.0, 10.0, "页");
        glyph(&mut c, 100.0, 820.0, 10.0, "秘");
        glyph(&mut c, 110.0, 820.0, 10.0, "密");
        glyph(&mut c, 100.0, 400.0, 10.0, "正");
        let t = page_text(&c, [0.0, 0.0, 595.0, 842.0], 0);
        assert_eq!((t.header.as_str(), t.body.as_str(), t.footer.as_str()), ("秘密", "正", "页"));
    }

    #[test]
    fn reads_vertical_columns_right_to_left() {
        let mut c = PageContent::default();
        for (x, y, t) in [(100.0, 700.0, "三"), (100.0, 688.0, "四"), (120.0, 700.0, "一"), (120.0, 688.0, "二")] {
            let start = c.text.len() as u32;
            c.text.push_str(t);
            c.glyphs.push(Placed {
                x,
                y,
                dx: 0.0,
                dy: -1.0,
                size: 12.0,
                advance: 12.0,
                start,
                end: c.text.len() as u32,
                unseen: false,
            });
        }
        let t = page_text(&c, [0.0, 0.0, 595.0, 842.0], 0);
        assert_eq!(t.body, "一二\n三四");
    }
}
