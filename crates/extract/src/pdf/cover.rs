//! What a page's drawing hides beyond how its text is drawn: glyphs outside the clipping path,
//! and glyphs that an opaque fill or picture painted later covers. `机`, then `公开` clipped away
//! or under a white box, then `密★1年` shows `机密★1年`; such glyphs are marked unseen like
//! invisible or white ones, so the line is read again as it shows (see
//! [`super::layout::shown_lines`]).
//!
//! Conservative both ways. A clip is kept as the bounding box of its path (a clip path's box
//! holds all it lets through, so a glyph outside the box is surely clipped away); a cover is a
//! filled rectangle (`re` then `f`, in a space not rotated) or a picture without a mask, painted
//! opaque (`/ca` 1), and a glyph is covered only when its whole box lies inside it. Shapes other
//! than rectangles and half-transparent paint hide nothing here. Bounded: glyphs are looked up by
//! a coarse grid, and each page spends at most [`WORK`] glyph comparisons on covers.

use std::collections::HashMap;

use super::content::Placed;

/// An axis-aligned box in default user space: x0, y0, x1, y1.
pub(super) type Rect = [f32; 4];

/// Glyph comparisons one page may spend on covers; past it, later fills are not checked.
const WORK: u64 = 20_000_000;
/// Side of a grid cell, in user-space units.
const CELL: f32 = 64.0;
/// Rectangles of one path kept as possible covers.
const MAX_RECTS: usize = 256;

/// The path being built (`m`, `l`, `c`, `re`…), until a painting operator ends it.
#[derive(Default)]
pub(super) struct Path {
    /// Its bounding box.
    bbox: Option<Rect>,
    /// Its rectangles, while it has only rectangles in an unrotated space.
    rects: Vec<Rect>,
    /// Whether something other than such a rectangle was added.
    not_rects: bool,
    /// `W`/`W*` seen: the path clips when it is painted.
    pub(super) clips: bool,
}

impl Path {
    /// A point of the path at (x, y) in the space of `m`.
    pub(super) fn point(&mut self, m: &[f32; 6], x: f32, y: f32) {
        self.not_rects = true;
        self.extend(apply(m, x, y));
    }

    /// A rectangle `x y w h re` in the space of `m`.
    pub(super) fn rect(&mut self, m: &[f32; 6], [x, y, w, h]: [f32; 4]) {
        let corners = [apply(m, x, y), apply(m, x + w, y), apply(m, x, y + h), apply(m, x + w, y + h)];
        for c in corners {
            self.extend(c);
        }
        if m[1] == 0.0 && m[2] == 0.0 && self.rects.len() < MAX_RECTS {
            self.rects.push(bounds(&corners));
        } else {
            self.not_rects = true;
        }
    }

    /// Ready for the next path (its rectangles' room kept).
    pub(super) fn clear(&mut self) {
        self.bbox = None;
        self.rects.clear();
        self.not_rects = false;
        self.clips = false;
    }

    fn extend(&mut self, (x, y): (f32, f32)) {
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        self.bbox = Some(match self.bbox {
            Some([x0, y0, x1, y1]) => [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
            None => [x, y, x, y],
        });
    }

    /// The clip after painting this path with `W` pending, inside `clip`.
    pub(super) fn clip(&self, clip: Option<Rect>) -> Option<Rect> {
        let b = self.bbox.unwrap_or([0.0, 0.0, -1.0, -1.0]);
        Some(match clip {
            Some(c) => [c[0].max(b[0]), c[1].max(b[1]), c[2].min(b[2]), c[3].min(b[3])],
            None => b,
        })
    }

    /// The rectangles this path fills opaquely, if it is made of rectangles only. Even-odd
    /// filling of several rectangles may leave holes: then none.
    pub(super) fn covers(&self, even_odd: bool) -> &[Rect] {
        if self.not_rects || (even_odd && self.rects.len() > 1) {
            &[]
        } else {
            &self.rects
        }
    }
}

/// Whether the point lies outside `clip` (with a little slack for rounding).
pub(super) fn outside(clip: &Rect, (x, y): (f32, f32)) -> bool {
    let slack = 0.5;
    x < clip[0] - slack || x > clip[2] + slack || y < clip[1] - slack || y > clip[3] + slack
}

/// The middle of a glyph's box (see [`glyph_box`]): half its advance along the writing
/// direction, three tenths of the em up. Computed for every glyph of a clipped page.
#[inline]
pub(super) fn middle(g: &Placed) -> (f32, f32) {
    let (half, up) = (g.advance.max(0.0) * 0.5, g.size * 0.3);
    (g.x + g.dx * half - g.dy * up, g.y + g.dy * half + g.dx * up)
}

/// A glyph's box: its advance along the writing direction, from a fifth of the em below the
/// baseline to four fifths above.
fn glyph_box(g: &Placed) -> Rect {
    let (ux, uy) = (-g.dy, g.dx);
    let (a, below, above) = (g.advance.max(0.0), g.size * 0.2, g.size * 0.8);
    let corners = [
        (g.x - ux * below, g.y - uy * below),
        (g.x + g.dx * a - ux * below, g.y + g.dy * a - uy * below),
        (g.x + ux * above, g.y + uy * above),
        (g.x + g.dx * a + ux * above, g.y + g.dy * a + uy * above),
    ];
    bounds(&corners)
}

fn bounds(points: &[(f32, f32)]) -> Rect {
    let mut r = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
    for &(x, y) in points {
        r = [r[0].min(x), r[1].min(y), r[2].max(x), r[3].max(y)];
    }
    r
}

/// The unit square (a picture's place) in the space of `m`, if that space is not rotated.
pub(super) fn unit_square(m: &[f32; 6]) -> Option<Rect> {
    (m[1] == 0.0 && m[2] == 0.0).then(|| bounds(&[apply(m, 0.0, 0.0), apply(m, 1.0, 1.0)]))
}

fn apply(m: &[f32; 6], x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// The page's glyphs that may still be covered, by grid cell of their middle. Glyphs are put in
/// the grid only when a cover is painted (most pages paint none after their text), those placed
/// since the last cover at a time.
pub(super) struct Covers {
    cells: HashMap<(i32, i32), Vec<u32>>,
    /// Glyphs of the page before this index are in the grid (or unseen).
    indexed: usize,
    work_left: u64,
}

impl Default for Covers {
    fn default() -> Self {
        Covers { cells: HashMap::new(), indexed: 0, work_left: WORK }
    }
}

fn cell((x, y): (f32, f32)) -> (i32, i32) {
    ((x / CELL).floor().clamp(-1e6, 1e6) as i32, (y / CELL).floor().clamp(-1e6, 1e6) as i32)
}

impl Covers {
    /// An opaque paint over `rect`: the glyphs placed so far whose whole box lies inside it are
    /// marked unseen (and forgotten: nothing uncovers them).
    pub(super) fn cover(&mut self, rect: Rect, glyphs: &mut [Placed]) {
        if self.work_left == 0 || !rect.iter().all(|v| v.is_finite()) {
            return;
        }
        for (i, g) in glyphs.iter().enumerate().skip(self.indexed) {
            if !g.unseen {
                self.cells.entry(cell(middle(g))).or_default().push(i as u32);
            }
        }
        self.work_left = self.work_left.saturating_sub((glyphs.len() - self.indexed.min(glyphs.len())) as u64);
        self.indexed = glyphs.len();
        if self.cells.is_empty() {
            return;
        }
        let (lo, hi) = (cell((rect[0], rect[1])), cell((rect[2], rect[3])));
        let span = (hi.0 as i64 - lo.0 as i64 + 1) * (hi.1 as i64 - lo.1 as i64 + 1);
        let keys: Vec<(i32, i32)> = if span > self.cells.len() as i64 {
            self.cells
                .keys()
                .filter(|k| (lo.0..=hi.0).contains(&k.0) && (lo.1..=hi.1).contains(&k.1))
                .copied()
                .collect()
        } else {
            (lo.0..=hi.0).flat_map(|x| (lo.1..=hi.1).map(move |y| (x, y))).collect()
        };
        let slack = 0.5;
        for key in keys {
            let Some(list) = self.cells.get_mut(&key) else { continue };
            self.work_left = self.work_left.saturating_sub(list.len() as u64 + 1);
            list.retain(|&i| {
                let Some(g) = glyphs.get_mut(i as usize) else { return false };
                let b = glyph_box(g);
                let inside = b[0] >= rect[0] - slack
                    && b[1] >= rect[1] - slack
                    && b[2] <= rect[2] + slack
                    && b[3] <= rect[3] + slack;
                if inside {
                    g.unseen = true;
                }
                !inside
            });
            if self.work_left == 0 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x: f32, y: f32) -> Placed {
        Placed { x, y, dx: 1.0, dy: 0.0, size: 10.0, advance: 10.0, start: 0, end: 0, unseen: false }
    }

    #[test]
    fn a_fill_covers_the_glyphs_wholly_inside_it() {
        let mut glyphs = vec![glyph(0.0, 0.0), glyph(10.0, 0.0), glyph(20.0, 0.0), glyph(200.0, 0.0)];
        let mut covers = Covers::default();
        // Covers the second glyph wholly, the third only in part.
        covers.cover([9.0, -3.0, 25.0, 9.0], &mut glyphs);
        let unseen: Vec<bool> = glyphs.iter().map(|g| g.unseen).collect();
        assert_eq!(unseen, [false, true, false, false]);
        // A huge fill finds the glyphs through the cells that exist.
        covers.cover([-1e30, -1e30, 1e30, 1e30], &mut glyphs);
        assert!(glyphs.iter().all(|g| g.unseen));
    }

    #[test]
    fn a_clip_is_its_paths_box_and_nests() {
        let mut path = Path::default();
        path.rect(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]);
        let clip = path.clip(None).unwrap();
        assert!(outside(&clip, (10.0, 10.0)) && !outside(&clip, (0.5, 0.5)));
        let mut wide = Path::default();
        wide.rect(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 100.0, 100.0]);
        assert!(outside(&wide.clip(Some(clip)).unwrap(), (10.0, 10.0)), "a clip only narrows");
        // A curve is not a cover; a rotated rectangle is not either.
        let mut curve = Path::default();
        curve.point(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0.0, 0.0);
        assert!(curve.covers(false).is_empty());
        let mut turned = Path::default();
        turned.rect(&[0.0, 1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 10.0, 10.0]);
        assert!(turned.covers(false).is_empty());
        let mut two = Path::default();
        two.rect(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 10.0, 10.0]);
        two.rect(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [2.0, 2.0, 4.0, 4.0]);
        assert_eq!(two.covers(false).len(), 2);
        assert!(two.covers(true).is_empty(), "even-odd rectangles may leave holes");
    }
}
