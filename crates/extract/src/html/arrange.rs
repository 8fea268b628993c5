//! Where a page's layout shows text in another order than its source: flex items moved by
//! `order` or a reversed `flex-direction`, grid items placed by `grid-row`/`grid-column`, boxes
//! positioned by `position: absolute` and their offsets. `<div style="display:flex"><span
//! style="order:2">密★1年</span><span style="order:1">机</span></div>` shows `机密★1年`, which
//! the source order does not read.
//!
//! The walk ([`page`](super::page)) records, for each element, where its text starts and ends
//! in the body and its [`Place`]; a container whose children are placed (or which reverses its
//! flow) gets its children's text again in the order the layout shows it ([`arranged`]). What
//! this does not do is lay the page out: sizes, wrapping, floats and `z-index` are not
//! considered, and a grid's automatic placement is followed for the common case only (items in
//! source order into the first free cell). The result is one more reading of text the body
//! already holds, so an approximation costs at most a reading that the eye does not quite see.

/// How an element is placed among its siblings, as far as it changes their order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Place {
    /// `order` (flex and grid items), 0 by default.
    pub(super) order: i32,
    /// `grid-row` and `grid-column` start lines (`grid-area: 2 / 1`), when given as numbers.
    pub(super) row: Option<u32>,
    pub(super) column: Option<u32>,
    /// Where `position: absolute` (or `fixed`) puts the box: (top, left) in CSS pixels, from
    /// `top`/`bottom` and `left`/`right` (a `right` or `bottom` offset counts from the far
    /// side, so larger values come first).
    pub(super) at: Option<(i32, i32)>,
}

impl Place {
    /// Whether the element is placed somewhere else than its place in the source may say.
    pub(super) fn moves(&self) -> bool {
        *self != Place::default()
    }
}

/// How a flex container runs its items, when it reverses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Flow {
    /// `row-reverse`/`column-reverse`: the last item first.
    pub(super) reverse: bool,
    /// `column…`: items stacked, one under the other.
    pub(super) column: bool,
}

/// `flex-direction` or `flex-flow`: `Some` when it names a direction.
pub(super) fn flow(value: &str) -> Option<Flow> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let direction = words.iter().find(|w| w.starts_with("row") || w.starts_with("column"))?;
    Some(Flow { reverse: direction.ends_with("-reverse"), column: direction.starts_with("column") })
}

/// A grid line number: the first of `2`, `2 / 3`, `2 / span 2`, `span 2` (none: a span starts
/// where automatic placement puts it), `auto` (none).
pub(super) fn grid_line(value: &str) -> Option<u32> {
    let first = value.split('/').next()?.trim();
    first.parse::<i32>().ok().filter(|n| *n > 0).map(|n| n as u32)
}

/// `grid-area: row-start / column-start / …` as numbers.
pub(super) fn grid_area(value: &str) -> (Option<u32>, Option<u32>) {
    let mut parts = value.split('/');
    let row = parts.next().and_then(grid_line);
    let column = parts.next().and_then(grid_line);
    (row, column)
}

/// An offset (`left: 20px`, `top: 3em`, `right: 10%`) in CSS pixels, roughly: `em`/`rem` as
/// 16 pixels, `pt` as 4/3, `%` and the viewport units as a hundredth of 1,000 pixels. Only
/// compared with its siblings' offsets.
pub(super) fn offset(value: &str) -> Option<i32> {
    let value = value.trim();
    let digits = value.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))).unwrap_or(value.len());
    let number: f32 = value[..digits].parse().ok()?;
    let scale = match value[digits..].trim() {
        "px" => 1.0,
        "" if number == 0.0 => 1.0,
        "pt" => 4.0 / 3.0,
        "em" | "rem" | "ch" => 16.0,
        "%" | "vw" | "vh" | "vmin" | "vmax" => 10.0,
        _ => return None,
    };
    let px = number * scale;
    px.is_finite().then(|| px.clamp(-1e9, 1e9) as i32)
}

/// One child of a container: the byte range of its text in the body and its place.
#[derive(Clone, Copy, Debug)]
pub(super) struct Item {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) place: Place,
}

/// The text of a container's content in the order the layout shows it, or `None` where that is
/// the source order. `content` is the container's content; `items` its recorded children
/// (offsets into the body, in source order, not overlapping); the text between them are
/// anonymous items in their place. `text` gives a stretch's text as shown (hidden parts left
/// out). The order is decided from the places alone, and only a container whose order changes
/// has its items' text taken: nested containers do not read their content again for nothing.
pub(super) fn arranged(
    content: std::ops::Range<usize>,
    items: &[Item],
    flow: Option<Flow>,
    text: impl Fn(std::ops::Range<usize>) -> String,
) -> Option<String> {
    // Every item, the stretches of text between recorded children included (they hold no
    // child, so reading them at each level costs the page once).
    let mut all: Vec<(std::ops::Range<usize>, Place, Option<String>)> = Vec::with_capacity(items.len() * 2 + 1);
    let gap = |all: &mut Vec<_>, range: std::ops::Range<usize>| {
        let between = text(range.clone());
        if !between.trim().is_empty() {
            all.push((range, Place::default(), Some(between)));
        }
    };
    let mut at = content.start;
    for item in items {
        if item.start > at {
            gap(&mut all, at..item.start);
        }
        if item.end > item.start {
            all.push((item.start..item.end, item.place, None));
        }
        at = item.end.max(at);
    }
    if content.end > at {
        gap(&mut all, at..content.end);
    }
    if all.len() < 2 {
        return None;
    }
    let positioned = all.iter().filter(|(_, p, _)| p.at.is_some()).count();
    let gridded = all.iter().any(|(_, p, _)| p.row.is_some() || p.column.is_some());
    let (order, rows): (Vec<usize>, Vec<usize>) = if positioned >= 2 {
        // Boxes taken out of the flow, read top to bottom, left to right; the rest stays where
        // the body has it.
        let mut boxes: Vec<usize> = (0..all.len()).filter(|&i| all[i].1.at.is_some()).collect();
        boxes.sort_by_key(|&i| all[i].1.at);
        let rows = boxes.iter().map(|&i| all[i].1.at.map_or(0, |(top, _)| top.max(0) as usize)).collect();
        (boxes, rows)
    } else if gridded {
        let cells = grid_cells(&all.iter().map(|(_, p, _)| *p).collect::<Vec<_>>());
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|&i| (cells[i], all[i].1.order));
        let rows = order.iter().map(|&i| cells[i].0 as usize).collect();
        (order, rows)
    } else {
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by_key(|&i| all[i].1.order);
        if flow.is_some_and(|f| f.reverse) {
            order.reverse();
        }
        let column = flow.is_some_and(|f| f.column);
        let rows = (0..order.len()).map(|k| if column { k } else { 0 }).collect();
        (order, rows)
    };
    if order.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let mut out = String::new();
    let mut shown = 0;
    let mut previous_row = None;
    for (k, &i) in order.iter().enumerate() {
        let (range, _, known) = &all[i];
        let piece = known.clone().unwrap_or_else(|| text(range.clone()));
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if previous_row.is_some_and(|r| r != rows[k]) {
            out.push('\n');
        }
        previous_row = Some(rows[k]);
        out.push_str(piece);
        shown += 1;
    }
    (shown >= 2).then_some(out)
}

/// The (row, column) of each grid item: items that give both are where they say; the others
/// go, in source order, into the first free cell of their row or column or, with neither, of
/// the grid read row by row (as wide as the widest column given, at least as many columns as
/// items when none is). Linear: each row, column and the row-by-row cursor only move forward.
fn grid_cells(places: &[Place]) -> Vec<(u32, u32)> {
    use std::collections::{HashMap, HashSet};
    let widest = places.iter().filter_map(|p| p.column).max().unwrap_or(0);
    let width = if widest > 0 { widest } else { places.len() as u32 }.clamp(1, 1000);
    let mut taken: HashSet<(u32, u32)> = places.iter().filter_map(|p| Some((p.row?, p.column?))).collect();
    // Where the search for a free cell goes on, per row, per column, and row by row.
    let mut in_row: HashMap<u32, u32> = HashMap::new();
    let mut in_column: HashMap<u32, u32> = HashMap::new();
    let mut cursor = (1u32, 1u32);
    let mut out = Vec::with_capacity(places.len());
    for p in places {
        let cell = match (p.row, p.column) {
            (Some(r), Some(c)) => (r, c),
            (Some(r), None) => {
                let c = in_row.entry(r).or_insert(1);
                while taken.contains(&(r, *c)) {
                    *c += 1;
                }
                (r, *c)
            }
            (None, Some(c)) => {
                let r = in_column.entry(c).or_insert(1);
                while taken.contains(&(*r, c)) {
                    *r += 1;
                }
                (*r, c)
            }
            (None, None) => {
                while taken.contains(&cursor) {
                    cursor = if cursor.1 >= width { (cursor.0 + 1, 1) } else { (cursor.0, cursor.1 + 1) };
                }
                cursor
            }
        };
        taken.insert(cell);
        out.push(cell);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items of `parts` (text, place) laid end to end, arranged.
    fn arrange(parts: &[(&str, Place)], flow: Option<Flow>) -> Option<String> {
        let body: String = parts.iter().map(|(t, _)| *t).collect();
        let mut items = Vec::new();
        let mut at = 0;
        for (t, place) in parts {
            if place.moves() {
                items.push(Item { start: at, end: at + t.len(), place: *place });
            }
            at += t.len();
        }
        arranged(0..body.len(), &items, flow, |r| body[r].to_owned())
    }

    fn order(n: i32) -> Place {
        Place { order: n, ..Place::default() }
    }

    #[test]
    fn flex_items_are_read_in_their_order() {
        assert_eq!(arrange(&[("密★1年", order(2)), ("机", order(1))], None).as_deref(), Some("机密★1年"));
        // Source text between placed children is an item of order 0.
        assert_eq!(arrange(&[("密★1年", order(1)), ("机", Place::default())], None).as_deref(), Some("机密★1年"));
        // Already in order: nothing more to read.
        assert_eq!(arrange(&[("机", order(1)), ("密★1年", order(2))], None), None);
    }

    #[test]
    fn a_reversed_flow_reads_backwards() {
        let flow = Some(Flow { reverse: true, column: false });
        let items = [("密★1年", order(0)), ("机", order(0))];
        // Children that are not placed are gaps of the container's text: one anonymous item, so
        // the reversal needs them recorded, as the walk does in a reversed container.
        let body = "密★1年机";
        let cut = body.find('机').unwrap();
        let recorded = [
            Item { start: 0, end: cut, place: Place::default() },
            Item { start: cut, end: body.len(), place: Place::default() },
        ];
        assert_eq!(arranged(0..body.len(), &recorded, flow, |r| body[r].to_owned()).as_deref(), Some("机密★1年"));
        assert_eq!(arrange(&items, None), None);
        let column = Some(Flow { reverse: true, column: true });
        assert_eq!(arranged(0..body.len(), &recorded, column, |r| body[r].to_owned()).as_deref(), Some("机\n密★1年"));
    }

    #[test]
    fn grid_items_are_read_row_by_row() {
        let cell = |row, column| Place { row, column, ..Place::default() };
        assert_eq!(
            arrange(&[("密★1年", cell(None, Some(2))), ("机", cell(Some(1), Some(1)))], None).as_deref(),
            Some("机密★1年")
        );
        assert_eq!(
            arrange(
                &[("密", cell(Some(1), Some(2))), ("下", cell(Some(2), Some(1))), ("机", cell(Some(1), Some(1)))],
                None
            )
            .as_deref(),
            Some("机密\n下")
        );
    }

    #[test]
    fn positioned_boxes_are_read_top_to_bottom_left_to_right() {
        let at = |top, left| Place { at: Some((top, left)), ..Place::default() };
        assert_eq!(arrange(&[("密★1年", at(0, 20)), ("机", at(0, 0))], None).as_deref(), Some("机密★1年"));
        assert_eq!(arrange(&[("下行", at(40, 0)), ("上行", at(0, 0))], None).as_deref(), Some("上行\n下行"));
        // One box alone changes no order among boxes.
        assert_eq!(arrange(&[("密★1年", at(0, 20)), ("机", Place::default())], None), None);
    }

    #[test]
    fn css_values_are_read() {
        assert_eq!(flow("row-reverse"), Some(Flow { reverse: true, column: false }));
        assert_eq!(flow("column-reverse wrap"), Some(Flow { reverse: true, column: true }));
        assert_eq!(flow("wrap"), None);
        assert_eq!(grid_line("2 / span 3"), Some(2));
        assert_eq!(grid_line("span 2"), None);
        assert_eq!(grid_area("2 / 1 / 3 / 2"), (Some(2), Some(1)));
        assert_eq!(offset("20px"), Some(20));
        assert_eq!(offset("2em"), Some(32));
        assert_eq!(offset("auto"), None);
    }
}
