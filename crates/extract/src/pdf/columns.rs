//! Glyphs stacked in columns: vertical text set with a horizontal font.
//!
//! Chinese text is often set vertically without a vertical font: a narrow text box one glyph
//! wide, or a producer placing each glyph of a vertical title on its own baseline, one under the
//! other. Read by baselines, `机密★1年` set that way comes out as five one-character lines. A
//! viewer shows a column, and a reader reads it top to bottom, columns right to left.
//!
//! [`stacked`] recognises such a stack among consecutive lines and reads it as columns: every
//! line is a few isolated glyphs (single characters, far apart along the baseline), the lines
//! follow each other at about one glyph's height, each glyph sits under a glyph of the line
//! above, the columns are further apart than the lines, and most of the glyphs are CJK. Rows of
//! ordinary text fail the first test (their glyphs touch); a table of numbers fails the last.

use super::content::PageContent;
use super::layout::{is_cjk, Keyed};

/// Farthest two baselines of a stack may be apart, in ems.
const MAX_PITCH: f32 = 1.6;
/// Closest two glyphs of one line may be (origin to origin) to count as separate columns, in ems.
const MIN_COLUMN_GAP: f32 = 1.5;
/// How far a glyph may sit off its column (a narrow `1` centred under a wide `密`), in ems.
const ALIGN: f32 = 0.6;

/// If `lines` (ranges of `keyed`, each sorted along the baseline) start with a stack of at least
/// two lines, writes its columns to `out`, one per line, and returns how many lines it used;
/// otherwise returns 0 and writes nothing.
pub(super) fn stacked(content: &PageContent, keyed: &[Keyed], lines: &[(usize, usize)], out: &mut String) -> usize {
    let Some(first) = cells(content, keyed, lines.first().copied()) else {
        return 0;
    };
    let em = content.glyphs[first[0].index as usize].size.max(0.1);
    let column_gap = first.windows(2).map(|w| w[1].u - w[0].u).fold(f32::MAX, f32::min);
    // Each column: its position along the baseline and its glyphs from the top.
    let mut columns: Vec<(f32, Vec<u32>)> = first.iter().map(|k| (k.u, vec![k.index])).collect();
    let mut previous_v = first[0].v;
    let mut used = 1;
    for &range in &lines[1..] {
        let Some(row) = cells(content, keyed, Some(range)) else {
            break;
        };
        let pitch = previous_v - row[0].v;
        let size = content.glyphs[row[0].index as usize].size;
        if pitch > MAX_PITCH * em || pitch >= column_gap || size > 1.5 * em || size < em / 1.5 {
            break;
        }
        let slots: Option<Vec<usize>> =
            row.iter().map(|k| columns.iter().position(|(u, _)| (k.u - u).abs() <= ALIGN * em)).collect();
        let Some(slots) = slots else {
            break;
        };
        for (k, slot) in row.iter().zip(slots) {
            columns[slot].1.push(k.index);
        }
        previous_v = row[0].v;
        used += 1;
    }
    if used < 2 {
        return 0;
    }
    let text_of = |i: &u32| {
        let g = &content.glyphs[*i as usize];
        &content.text[g.start as usize..g.end as usize]
    };
    let (mut total, mut cjk) = (0, 0);
    for i in columns.iter().flat_map(|(_, c)| c) {
        total += 1;
        cjk += usize::from(text_of(i).chars().next().is_some_and(is_cjk));
    }
    if cjk * 2 < total {
        return 0;
    }
    // Right to left, as CJK columns are read.
    for (n, (_, column)) in columns.iter().rev().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        column.iter().for_each(|i| out.push_str(text_of(i)));
    }
    used
}

/// The glyphs of a line if it is a row of a stack: single characters, no two closer than
/// [`MIN_COLUMN_GAP`]. Spaces are left out; a glyph drawn twice in place (fake bold) counts once.
fn cells(content: &PageContent, keyed: &[Keyed], range: Option<(usize, usize)>) -> Option<Vec<Keyed>> {
    let (start, end) = range?;
    let mut row: Vec<Keyed> = Vec::new();
    for k in &keyed[start..end] {
        let g = &content.glyphs[k.index as usize];
        let text = &content.text[g.start as usize..g.end as usize];
        let mut chars = text.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        if c.is_whitespace() {
            continue;
        }
        if let Some(last) = row.last() {
            let p = &content.glyphs[last.index as usize];
            let gap = k.u - last.u;
            if gap < 0.1 * g.size && text == &content.text[p.start as usize..p.end as usize] {
                continue;
            }
            if gap < MIN_COLUMN_GAP * g.size.max(p.size) {
                return None;
            }
        }
        row.push(*k);
    }
    (!row.is_empty()).then_some(row)
}

#[cfg(test)]
mod tests {
    use crate::pdf::content::{PageContent, Placed};
    use crate::pdf::layout::page_text;

    fn page(glyphs: &[(f32, f32, &str)]) -> String {
        let mut c = PageContent::default();
        for &(x, y, t) in glyphs {
            let start = c.text.len() as u32;
            c.text.push_str(t);
            let advance = if t.is_ascii() { 6.0 } else { 12.0 };
            c.glyphs.push(Placed { x, y, dx: 1.0, dy: 0.0, size: 12.0, advance, start, end: c.text.len() as u32 });
        }
        page_text(&c, [0.0, 0.0, 595.0, 842.0], 0).body
    }

    #[test]
    fn reads_a_one_glyph_column_as_a_line() {
        let stack = [
            (300.0, 600.0, "机"),
            (300.0, 586.0, "密"),
            (300.0, 572.0, "★"),
            (303.0, 558.0, "1"),
            (300.0, 544.0, "年"),
        ];
        let mut glyphs = vec![(72.0, 700.0, "通"), (84.0, 700.0, "知")];
        glyphs.extend(stack);
        glyphs.extend([(72.0, 400.0, "正"), (84.0, 400.0, "文")]);
        assert_eq!(page(&glyphs), "通知\n机密★1年\n正文");
    }

    #[test]
    fn reads_columns_right_to_left() {
        // 绝密 in the right column, ★启 in the left one, drawn row by row.
        let glyphs = [(300.0, 600.0, "★"), (330.0, 600.0, "绝"), (300.0, 586.0, "启"), (330.0, 586.0, "密")];
        assert_eq!(page(&glyphs), "绝密\n★启");
    }

    #[test]
    fn leaves_rows_of_text_and_tables_of_numbers_alone() {
        // Ordinary lines: glyphs touch.
        assert_eq!(
            page(&[(72.0, 700.0, "第"), (84.0, 700.0, "一"), (72.0, 686.0, "第"), (84.0, 686.0, "二")]),
            "第一\n第二"
        );
        // A column of single digits is a table, not vertical text.
        assert_eq!(page(&[(72.0, 700.0, "1"), (72.0, 686.0, "2"), (72.0, 672.0, "3")]), "1\n2\n3");
        // Letter-spaced lines further apart than their glyphs are rows.
        assert_eq!(
            page(&[(72.0, 700.0, "通"), (96.0, 700.0, "知"), (72.0, 660.0, "正"), (96.0, 660.0, "文")]),
            "通知\n正文"
        );
    }
}
