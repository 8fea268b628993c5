//! Glyphs stacked in columns: vertical text set with a horizontal font.
//!
//! Chinese text is often set vertically without a vertical font: a narrow text box one glyph
//! wide, a label down the margin beside the body, or a producer placing each glyph of a vertical
//! title on its own baseline. Read by baselines, `机密★1年` set that way comes out as five
//! one-character lines, or as one character at the end of five body lines. A viewer shows a
//! column, and a reader reads it top to bottom, columns right to left.
//!
//! [`stacks`] finds such columns among a group's lines: glyphs that stand alone on their line
//! (single characters with no neighbour within [`MIN_COLUMN_GAP`] ems), each under the one
//! above within [`ALIGN`] ems, the baselines at most [`MAX_PITCH`] ems apart, two glyphs at
//! least, most of them letters (a column of single digits is a table of numbers). Ordinary text
//! never qualifies: its glyphs touch.
//!
//! A line that held nothing but one glyph of a stack is replaced by the stack. A line with more
//! (a body line beside a margin label, a row of a grid that could be read either way) is kept as
//! it is, and the stack is read as well: both readings are there for the matcher.

use super::content::PageContent;
use super::layout::Keyed;

/// Farthest two baselines of a stack may be apart, in ems.
const MAX_PITCH: f32 = 1.6;
/// Closest a glyph's neighbours on its line may be (origin to origin) for it to stand alone, in ems.
const MIN_COLUMN_GAP: f32 = 1.5;
/// How far a glyph may sit off its column (a narrow `1` centred under a wide `密`), in ems.
const ALIGN: f32 = 0.6;

/// A column found: its text top to bottom, the line of its top glyph, and where it stands.
pub(super) struct Stack {
    pub(super) text: String,
    pub(super) first_line: usize,
    u: f32,
}

/// What [`stacks`] found: the columns, ordered by their top line then right to left, and which
/// lines held only a glyph of one of them.
pub(super) struct Stacks {
    pub(super) columns: Vec<Stack>,
    pub(super) replaced: Vec<bool>,
}

/// A glyph standing alone on its line.
#[derive(Clone, Copy)]
struct Candidate {
    line: usize,
    key: Keyed,
    size: f32,
    /// The line holds nothing else.
    alone: bool,
}

/// Finds the stacks among `lines` (ranges of `keyed`, each sorted along the baseline, the lines
/// from the top).
pub(super) fn stacks(content: &PageContent, keyed: &[Keyed], lines: &[(usize, usize)]) -> Stacks {
    let mut found = Stacks { columns: Vec::new(), replaced: vec![false; lines.len()] };
    let mut candidates = Vec::new();
    for (line, &(start, end)) in lines.iter().enumerate() {
        standing_alone(content, &keyed[start..end], line, &mut candidates);
    }
    if candidates.len() < 2 {
        return found;
    }
    // Columns: candidates at the same place along the baseline, from the top.
    candidates.sort_unstable_by(|a, b| a.key.u.total_cmp(&b.key.u).then(a.line.cmp(&b.line)));
    let mut column: Vec<Candidate> = Vec::new();
    let mut i = 0;
    while i < candidates.len() {
        let u0 = candidates[i].key.u;
        let mut j = i;
        while j < candidates.len() && candidates[j].key.u - u0 <= ALIGN * candidates[i].size {
            j += 1;
        }
        column.clear();
        column.extend_from_slice(&candidates[i..j]);
        column.sort_unstable_by_key(|c| c.line);
        // Cut the column where the glyphs stop following each other closely.
        let mut from = 0;
        for k in 1..=column.len() {
            let breaks = k == column.len() || {
                let (a, b) = (&column[k - 1], &column[k]);
                let em = a.size.max(0.1);
                a.line == b.line || a.key.v - b.key.v > MAX_PITCH * em || b.size > 1.5 * em || b.size < em / 1.5
            };
            if breaks {
                keep(content, &column[from..k], &mut found);
                from = k;
            }
        }
        i = j;
    }
    found.columns.sort_unstable_by(|a, b| a.first_line.cmp(&b.first_line).then(b.u.total_cmp(&a.u)));
    found
}

/// Records `run` as a stack if it is one: two glyphs at least, most of them letters (CJK
/// ideographs count) rather than digits or symbols.
fn keep(content: &PageContent, run: &[Candidate], found: &mut Stacks) {
    if run.len() < 2 {
        return;
    }
    let text_of = |c: &Candidate| {
        let g = &content.glyphs[c.key.index as usize];
        &content.text[g.start as usize..g.end as usize]
    };
    let letters = run.iter().filter(|c| text_of(c).chars().next().is_some_and(char::is_alphabetic)).count();
    if letters * 2 < run.len() {
        return;
    }
    let mut text = String::new();
    for c in run {
        text.push_str(text_of(c));
        if c.alone {
            found.replaced[c.line] = true;
        }
    }
    found.columns.push(Stack { text, first_line: run[0].line, u: run[0].key.u });
}

/// Adds the glyphs of `run` (one line) that stand alone to `out`. Spaces are left out; a glyph
/// drawn twice in place (fake bold) counts once.
fn standing_alone(content: &PageContent, run: &[Keyed], line: usize, out: &mut Vec<Candidate>) {
    let text_of = |k: &Keyed| {
        let g = &content.glyphs[k.index as usize];
        &content.text[g.start as usize..g.end as usize]
    };
    let mut glyphs: Vec<(Keyed, f32)> = Vec::new();
    for k in run {
        let text = text_of(k);
        if text.trim().is_empty() {
            continue;
        }
        let size = content.glyphs[k.index as usize].size;
        if let Some((last, _)) = glyphs.last() {
            if k.u - last.u < 0.1 * size && text == text_of(last) {
                continue;
            }
        }
        glyphs.push((*k, size));
    }
    let alone = glyphs.len() == 1;
    for (n, &(key, size)) in glyphs.iter().enumerate() {
        let mut chars = text_of(&key).chars();
        if chars.next().is_none() || chars.next().is_some() {
            continue;
        }
        let far = |other: Option<&(Keyed, f32)>| {
            other.is_none_or(|(o, s)| (o.u - key.u).abs() >= MIN_COLUMN_GAP * size.max(*s))
        };
        if far(n.checked_sub(1).and_then(|p| glyphs.get(p))) && far(glyphs.get(n + 1)) {
            out.push(Candidate { line, key, size: size.max(0.1), alone });
        }
    }
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
            c.glyphs.push(Placed {
                x,
                y,
                dx: 1.0,
                dy: 0.0,
                size: 12.0,
                advance,
                start,
                end: c.text.len() as u32,
                unseen: false,
            });
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
    fn reads_columns_right_to_left_and_keeps_the_rows() {
        // 绝密 in the right column, ★启 in the left one, drawn row by row.
        let glyphs = [(300.0, 600.0, "★"), (330.0, 600.0, "绝"), (300.0, 586.0, "启"), (330.0, 586.0, "密")];
        assert_eq!(page(&glyphs), "★ 绝\n绝密\n★启\n启密");
    }

    #[test]
    fn reads_a_stacked_latin_word() {
        let glyphs: Vec<_> = "SECRET".chars().enumerate().map(|(i, c)| (300.0, 600.0 - 13.0 * i as f32, c)).collect();
        let strings: Vec<String> = glyphs.iter().map(|g| g.2.to_string()).collect();
        let glyphs: Vec<_> = glyphs.iter().zip(&strings).map(|(g, s)| (g.0, g.1, s.as_str())).collect();
        assert_eq!(page(&glyphs), "SECRET");
    }

    #[test]
    fn reads_a_margin_column_beside_body_lines() {
        // Body lines 14 apart, each with one glyph of the mark far to its right.
        let mut glyphs = Vec::new();
        for (row, mark) in ["机", "密", "★", "1", "年"].iter().enumerate() {
            let y = 600.0 - 14.0 * row as f32;
            glyphs.extend([(72.0, y, "正"), (84.0, y, "文"), (96.0, y, "内"), (108.0, y, "容")]);
            glyphs.push((500.0, y, *mark));
        }
        let body = page(&glyphs);
        assert!(body.lines().any(|l| l == "机密★1年"), "{body}");
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
