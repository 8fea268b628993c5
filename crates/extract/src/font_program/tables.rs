//! A TrueType/OpenType font's `cmap` and `post` tables, each mapping read once, within bounds
//! that grow with the table and not with the numbers it states.
//!
//! ttf-parser reads these tables safely (no offset trusted), but two of its walks cost more
//! than the bytes a stranger must write for them:
//!
//! - `cmap::Subtable::codepoints` calls back once for every code point of every range a
//!   subtable states, and cannot be stopped: a format 12 or 13 group of 12 bytes states up to
//!   2^32 code points, a format 4 segment of 8 bytes up to 65,536 (overlapping segments: the
//!   square of the table's size), and every encoding record (8 bytes) may name the same
//!   subtable again. A font of a few hundred bytes kept a reader busy for hours. Here each
//!   subtable is read once however many records name it, the ranges of formats 4, 12 and 13
//!   are walked in order with each code point once (and none past U+10FFFF, which is no
//!   character), and the whole font's walk stops after [`walk_cap`] code points: 64 per byte of
//!   the font program, at least 4,096, at most [`MAX_CODE_POINTS`]. A real font that maps a code
//!   point has a glyph for it (a few bytes at least), so only a font stating more than it holds
//!   reaches the cap; the work of reading a font is then bounded by its size.
//! - `post::Table::glyph_name` finds a format 2 table's own names by walking them from the
//!   first, for each glyph: a table of 65,535 glyphs all naming its 30,000th name costs two
//!   billion steps. Here the names are read once.

use ttf_parser::{cmap, post, GlyphId};

/// Most code points walked in one font's Unicode `cmap` subtables, together: every code point
/// of Unicode twice. A font that maps all of Unicode (a last-resort font's format 13 subtable)
/// and the Basic Multilingual Plane again in format 4 is within it; a real font maps far fewer.
pub(super) const MAX_CODE_POINTS: usize = 2 * 0x11_0000;

/// Most code points walked in the `cmap` of a font program of `font_bytes` bytes.
pub(super) fn walk_cap(font_bytes: usize) -> usize {
    font_bytes.saturating_mul(64).clamp(4096, MAX_CODE_POINTS)
}

/// The highest code point (U+10FFFF); a range reaching past it is walked up to it.
const LAST_CODE_POINT: u32 = 0x10_FFFF;

/// The subtables of the `cmap` table `data` that `kind` reads (it says how, or `None` to skip
/// one), each with its offset in `data`, in the order of the encoding records: a subtable that
/// records name again is read once for each way `kind` reads it, and records whose subtable
/// ttf-parser cannot read are skipped (the records after them are still read).
pub(super) fn distinct_subtables<K: Eq + std::hash::Hash>(
    data: &[u8],
    kind: impl Fn(&cmap::Subtable<'_>) -> Option<K>,
) -> Vec<(usize, cmap::Subtable<'_>)> {
    let Some(table) = cmap::Table::parse(data) else { return Vec::new() };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for i in 0..table.subtables.len() {
        let Some(offset) = u32_at(data, 4 + 8 * usize::from(i) + 4) else { break };
        let Some(sub) = table.subtables.get(i) else { continue };
        let (Ok(at), Some(how)) = (usize::try_from(offset), kind(&sub)) else { continue };
        if seen.insert((offset, how)) {
            out.push((at, sub));
        }
    }
    out
}

/// Calls `f(character, glyph)` for each character the Unicode subtables of the `cmap` table
/// `data` map to a glyph, subtable by subtable, each code point once per subtable, at most
/// `cap` code points in all (see [`walk_cap`]). Returns how many code points were walked.
pub(super) fn for_each_unicode_glyph(data: &[u8], cap: usize, mut f: impl FnMut(char, GlyphId)) -> usize {
    let mut walked = 0usize;
    for (at, sub) in distinct_subtables(data, |sub| sub.is_unicode().then_some(())) {
        if walked >= cap {
            break;
        }
        let mut visit = |cp: u32, glyph: Option<GlyphId>| {
            walked += 1;
            if let (Some(c), Some(g)) = (char::from_u32(cp), glyph) {
                f(c, g);
            }
            walked < cap
        };
        match sub.format {
            cmap::Format::SegmentMappingToDeltaValues(_) => {
                let Some(ranges) = data.get(at..).and_then(format4_ranges) else { continue };
                walk(ranges, |cp, _| visit(cp, sub.glyph_index(cp)));
            }
            cmap::Format::SegmentedCoverage(_) | cmap::Format::ManyToOneRangeMappings(_) => {
                let many_to_one = matches!(sub.format, cmap::Format::ManyToOneRangeMappings(_));
                let Some(groups) = data.get(at..).and_then(groups) else { continue };
                walk(groups, |cp, group| {
                    let glyph = if many_to_one { Some(group.glyph) } else { group.glyph.checked_add(cp - group.start) };
                    visit(cp, glyph.and_then(|g| u16::try_from(g).ok()).map(GlyphId))
                });
            }
            // Formats 0, 2, 6 and 10 state at most their own entries (format 2 at most 256
            // ranges of 65,535): ttf-parser's walk, each code point counted.
            _ => {
                let mut going = true;
                sub.codepoints(|cp| {
                    if going {
                        going = visit(cp, sub.glyph_index(cp));
                    }
                });
            }
        }
    }
    walked
}

/// A range of code points a subtable maps, and (formats 12 and 13) the glyph its group starts at.
#[derive(Clone, Copy)]
struct Range {
    start: u32,
    end: u32,
    glyph: u32,
}

/// Walks `ranges` in order of their starts, each code point once (the first range that holds
/// it gives its glyph), none past U+10FFFF, until `visit` says stop.
fn walk(mut ranges: Vec<Range>, mut visit: impl FnMut(u32, &Range) -> bool) {
    ranges.sort_by_key(|r| r.start);
    let mut next = 0u32;
    for range in &ranges {
        let end = range.end.min(LAST_CODE_POINT);
        let start = range.start.max(next);
        if start > end {
            continue;
        }
        for cp in start..=end {
            if !visit(cp, range) {
                return;
            }
        }
        next = end + 1;
    }
}

/// The segments of a format 4 subtable (`sub` starts at its format): its `startCode` and
/// `endCode` pairs up to the closing `0xFFFF` one, as ttf-parser walks them.
fn format4_ranges(sub: &[u8]) -> Option<Vec<Range>> {
    let segments = usize::from(u16_at(sub, 6)? / 2);
    let ends = 14;
    let starts = ends + 2 * segments + 2;
    let mut out = Vec::with_capacity(segments);
    for i in 0..segments {
        let (start, end) = (u16_at(sub, starts + 2 * i)?, u16_at(sub, ends + 2 * i)?);
        if start == 0xFFFF && end == 0xFFFF {
            break;
        }
        out.push(Range { start: u32::from(start), end: u32::from(end), glyph: 0 });
    }
    Some(out)
}

/// The groups of a format 12 or 13 subtable (`sub` starts at its format): start and end code
/// points and a glyph id each.
fn groups(sub: &[u8]) -> Option<Vec<Range>> {
    let count = usize::try_from(u32_at(sub, 12)?).ok()?;
    let bytes = sub.get(16..16usize.checked_add(count.checked_mul(12)?)?)?;
    Some(
        bytes
            .chunks_exact(12)
            .map(|g| Range {
                start: u32::from_be_bytes([g[0], g[1], g[2], g[3]]),
                end: u32::from_be_bytes([g[4], g[5], g[6], g[7]]),
                glyph: u32::from_be_bytes([g[8], g[9], g[10], g[11]]),
            })
            .collect(),
    )
}

/// Calls `f(glyph, name)` for each glyph below `glyphs` that the `post` table `data` names, in
/// glyph order: a name of the Macintosh standard order (through ttf-parser) or one of a
/// version 2 table's own names, which are read once.
pub(super) fn for_each_post_name(data: &[u8], glyphs: u16, mut f: impl FnMut(u16, &str)) {
    let Some(table) = post::Table::parse(data) else { return };
    if u32_at(data, 0) != Some(0x0002_0000) {
        // Only version 2 names glyphs (ttf-parser names none of another version's).
        return;
    }
    const STANDARD_NAMES: u16 = 258;
    let Some(count) = u16_at(data, 32) else { return };
    let names: Vec<&str> = table.names().collect();
    for g in 0..count.min(glyphs) {
        let Some(index) = u16_at(data, 34 + 2 * usize::from(g)) else { return };
        let name = match index.checked_sub(STANDARD_NAMES) {
            Some(own) => names.get(usize::from(own)).copied(),
            None => table.glyph_name(GlyphId(g)),
        };
        if let Some(name) = name {
            f(g, name);
        }
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at.checked_add(1)?)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `cmap` table of `records` (platform, encoding, index into `subtables`).
    pub(crate) fn cmap(records: &[(u16, u16, usize)], subtables: &[Vec<u8>]) -> Vec<u8> {
        let mut out = [0u16.to_be_bytes(), (records.len() as u16).to_be_bytes()].concat();
        let mut offsets = Vec::new();
        let mut at = 4 + 8 * records.len();
        for sub in subtables {
            offsets.push(at as u32);
            at += sub.len();
        }
        for &(platform, encoding, sub) in records {
            out.extend_from_slice(&platform.to_be_bytes());
            out.extend_from_slice(&encoding.to_be_bytes());
            out.extend_from_slice(&offsets[sub].to_be_bytes());
        }
        subtables.iter().for_each(|sub| out.extend_from_slice(sub));
        out
    }

    /// A format 12 (or 13) subtable of `groups` (first and last code point, glyph).
    pub(crate) fn groups_subtable(format: u16, groups: &[(u32, u32, u32)]) -> Vec<u8> {
        let mut out = [format.to_be_bytes(), [0, 0]].concat();
        out.extend_from_slice(&(16 + 12 * groups.len() as u32).to_be_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(groups.len() as u32).to_be_bytes());
        for (start, end, glyph) in groups {
            [start, end, glyph].iter().for_each(|x| out.extend_from_slice(&x.to_be_bytes()));
        }
        out
    }

    /// A format 4 subtable of `segments` (first and last code point, glyph delta) and the closing one.
    fn format4(segments: &[(u16, u16, u16)]) -> Vec<u8> {
        let n = segments.len() as u16 + 1;
        let mut out = Vec::new();
        let mut push = |x: u16| out.extend_from_slice(&x.to_be_bytes());
        [4, 16 + 8 * n, 0, 2 * n, 0, 0, 0].into_iter().for_each(&mut push);
        segments.iter().for_each(|s| push(s.1));
        push(0xFFFF);
        push(0);
        segments.iter().for_each(|s| push(s.0));
        push(0xFFFF);
        segments.iter().for_each(|s| push(s.2));
        push(1);
        (0..n).for_each(|_| push(0));
        out
    }

    fn walk_all(data: &[u8]) -> (usize, Vec<(char, u16)>) {
        let mut got = Vec::new();
        let walked = for_each_unicode_glyph(data, MAX_CODE_POINTS, |c, g| got.push((c, g.0)));
        (walked, got)
    }

    #[test]
    fn a_group_of_every_code_point_is_walked_to_unicode_s_end_once() {
        // 12 bytes state 2^32 code points, and 500 records name them: 2^41 steps walked as
        // ttf-parser walks them. Each code point of Unicode is walked once.
        let data = cmap(&vec![(3, 10, 0); 500], &[groups_subtable(12, &[(0, u32::MAX, 1)])]);
        let (walked, got) = walk_all(&data);
        assert_eq!(walked, 0x11_0000);
        // Glyph ids end at 65,535 (U+FFFE), and surrogates are no characters.
        assert_eq!(got.len(), 0xFFFF - 0x800);
        assert_eq!((got[0x41], got.last()), (('A', 0x42), Some(&('\u{FFFE}', 0xFFFF))));
    }

    #[test]
    fn a_font_s_walk_stops_after_unicode_twice() {
        // Three distinct subtables, each every code point again (many to one, format 13).
        let subs: Vec<Vec<u8>> = (1..=3).map(|g| groups_subtable(13, &[(0, 0x10_FFFF, g)])).collect();
        let (walked, got) = walk_all(&cmap(&[(0, 4, 0), (3, 10, 1), (0, 6, 2)], &subs));
        assert_eq!(walked, MAX_CODE_POINTS);
        assert_eq!(got[0x4E00], ('一', 1));
        assert!(got.iter().all(|&(_, g)| g < 3), "the third subtable is not reached");
        // Overlapping groups in one subtable: each code point once, from the group that starts first.
        let sub = groups_subtable(13, &[(0x4E00, 0x4E01, 7), (0, 0x10_FFFF, 5), (0x4E00, 0x4E00, 6)]);
        let (walked, got) = walk_all(&cmap(&[(0, 4, 0)], &[sub]));
        assert_eq!(walked, 0x11_0000);
        assert!(got.contains(&('一', 5)) && !got.iter().any(|&(_, g)| g != 5));
    }

    #[test]
    fn overlapping_format_4_segments_are_walked_once() {
        // 300 segments (2.4 KB), each the whole plane, delta 1: 19.7 million steps before.
        let data = cmap(&[(3, 1, 0)], &[format4(&vec![(0, 0xFFFE, 1); 300])]);
        let (walked, _) = walk_all(&data);
        assert_eq!(walked, 0xFFFF);
        // A real table: each segment's characters, glyphs by the delta.
        let data =
            cmap(&[(3, 1, 0), (0, 3, 0)], &[format4(&[(0x41, 0x42, 3), (0x673A, 0x673A, 1u16.wrapping_sub(0x673A))])]);
        assert_eq!(walk_all(&data), (3, vec![('A', 0x44), ('B', 0x45), ('机', 1)]));
    }

    #[test]
    fn subtables_that_are_not_unicode_or_unreadable_are_passed_over() {
        let good = groups_subtable(12, &[(0x5BC6, 0x5BC6, 9)]);
        let records = [(1, 0, 0), (3, 10, 1), (3, 10, 0), (0, 4, 0), (0, 3, 2)];
        let data = cmap(&records, &[good.clone(), vec![0, 99], good]);
        // The first subtable is read for the first Unicode record that names it (not for the
        // Macintosh one), and once; the same bytes at another offset again.
        assert_eq!(walk_all(&data), (2, vec![('密', 9), ('密', 9)]));
        assert_eq!(walk_all(&data[..data.len() - 1]).1, vec![('密', 9)], "the last one cut short");
        assert_eq!(walk_all(&[]), (0, vec![]));
    }

    /// A `post` table of version 2: each glyph's name index, and the table's own names.
    pub(crate) fn post(indexes: &[u16], names: &[&str]) -> Vec<u8> {
        let mut out = 0x0002_0000u32.to_be_bytes().to_vec();
        out.resize(32, 0);
        out.extend_from_slice(&(indexes.len() as u16).to_be_bytes());
        indexes.iter().for_each(|i| out.extend_from_slice(&i.to_be_bytes()));
        for name in names {
            out.push(name.len() as u8);
            out.extend_from_slice(name.as_bytes());
        }
        out
    }

    #[test]
    fn the_cap_grows_with_the_font() {
        assert_eq!(
            (walk_cap(0), walk_cap(100), walk_cap(10_000), walk_cap(1 << 20)),
            (4096, 6400, 640_000, MAX_CODE_POINTS)
        );
        let data = cmap(&[(3, 10, 0)], &[groups_subtable(12, &[(0, u32::MAX, 1)])]);
        assert_eq!(for_each_unicode_glyph(&data, walk_cap(data.len()), |_, _| {}), 4096);
    }

    #[test]
    fn post_names_are_read_by_glyph() {
        let data = post(&[0, 36, 258, 259, 300], &["uni673A", "g7"]);
        let mut got = Vec::new();
        for_each_post_name(&data, 9, |g, name| got.push((g, name.to_owned())));
        let want = [(0, ".notdef"), (1, "A"), (2, "uni673A"), (3, "g7")];
        assert_eq!(got, want.map(|(g, n)| (g, n.to_owned())), "index 300 names nothing");
        let mut count = 0;
        for_each_post_name(&data, 2, |_, _| count += 1);
        assert_eq!(count, 2, "no glyph past the font's count");
        // Many glyphs naming a late name: each found by its index (the walk from the first name
        // for each glyph was 1.8 billion steps here).
        let names: Vec<String> = (0..30_000).map(|i| format!("g{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let data = post(&vec![258 + 29_999; 60_000], &names);
        let mut last = (0, String::new());
        for_each_post_name(&data, u16::MAX, |g, name| last = (g, name.to_owned()));
        assert_eq!(last, (59_999, "g29999".to_owned()));
    }
}
