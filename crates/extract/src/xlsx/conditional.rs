//! Conditional formats: a sheet's `conditionalFormatting` rules, each giving a differential
//! format (`xl/styles.xml` `dxfs/dxf`: a font colour, a fill) to the cells of its ranges where
//! its condition holds. A rule can colour a cell's text as its fill (then the text does not show)
//! or colour a white cell's text black (then it shows again).
//!
//! Only conditions that are cheap and certain are evaluated, on the cell's own value: an
//! expression that is a constant (`TRUE`, `1=1`, `1`, `FALSE`…), `cellIs` against constants
//! (`"公开"`, `5`), and `containsText`, `notContainsText`, `beginsWith`, `endsWith`,
//! `containsBlanks`, `notContainsBlanks`, `containsErrors`, `notContainsErrors` when their formula
//! is the one Excel writes for them (a rule's formula is what Excel evaluates: one that says
//! otherwise is not taken on trust). Any other condition is uncertain, and so is every rule of
//! the Excel 2010 extension list (`x14:cfRule`), whose format is written inline.
//!
//! Rules apply as Excel applies them: by `priority` (1 first), each property (font colour,
//! fill) from the first rule that holds and sets it; `stopIfTrue` ends the rules after a rule
//! that holds. An uncertain rule never changes what is judged: a property it sets keeps the
//! cell's own (the uncertain rule may be the one that sets it, so no later rule is taken
//! either), and after an uncertain `stopIfTrue` rule no rule is certain to apply. A colour scale
//! colours the fill: the fill is then the cell's own.
//!
//! A rule's differential format may also give the cell a number format (`dxf/numFmt`, inline
//! in an `x14:cfRule`'s `x14:dxf`), whose literal text then shows in place of or around the value
//! (`"机密★1年"`): [`Conditional::formats`] lists the formats of every rule that holds or may
//! hold, so that the text they would show is read at the cell.
//!
//! A rich text's runs carry their own colours, which a rule's font colour may or may not
//! override: for such a cell only a rule's fill is taken.
//!
//! The rules follow the cells in the sheet's part. They are read before the cells, from the
//! part's tail after `sheetData`, so the cells are parsed once.

use quick_xml::events::{BytesStart, Event};

use super::look::{colour, CellLook};
use crate::as_shown::{Backdrop, Ink};
use crate::xml::{local_name, XmlReader};
use crate::ExtractError;

/// A differential format: what a rule sets (`None`: leaves as it is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Dxf {
    pub(super) ink: Option<Ink>,
    pub(super) fill: Option<Backdrop>,
    /// Its number format's code (`dxf/numFmt/@formatCode`).
    pub(super) format: Option<String>,
}

/// Reads the differential formats' properties while [`super::places::Styles`] walks `dxfs`.
#[derive(Default)]
pub(super) struct DxfReader {
    in_font: bool,
    /// The pattern of the fill being read (`None`: solid, as a `dxf` leaves it unsaid), and its
    /// foreground and background colours (`Some(None)`: a colour not known).
    pattern: Option<String>,
    fg: Option<Option<crate::as_shown::Rgb>>,
    bg: Option<Option<crate::as_shown::Rgb>>,
    in_fill: bool,
}

impl DxfReader {
    /// An element inside `dxfs` opens (or is `empty`).
    pub(super) fn open(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        empty: bool,
        dxfs: &mut Vec<Dxf>,
    ) -> Result<(), ExtractError> {
        match local_name(e.name().as_ref()) {
            b"dxf" => dxfs.push(Dxf::default()),
            b"numFmt" => {
                if let (Some(code), Some(dxf)) = (reader.attr(e, b"formatCode")?, dxfs.last_mut()) {
                    dxf.format = Some(code.into_owned());
                }
            }
            b"font" | b"fill" if empty => {}
            b"font" => self.in_font = true,
            b"color" if self.in_font => {
                if let (Some(c), Some(dxf)) = (colour(reader, e)?, dxfs.last_mut()) {
                    dxf.ink = Some(c.map_or(Ink::Auto, Ink::Colour));
                }
            }
            b"fill" => {
                self.in_fill = true;
                self.pattern = None;
                self.fg = None;
                self.bg = None;
            }
            b"patternFill" if self.in_fill => {
                self.pattern = reader.attr(e, b"patternType")?.map(|p| p.trim().to_owned());
            }
            b"fgColor" if self.in_fill => self.fg = colour(reader, e)?,
            b"bgColor" if self.in_fill => self.bg = colour(reader, e)?,
            b"gradientFill" if self.in_fill => self.pattern = Some("gradient".to_owned()),
            _ => {}
        }
        Ok(())
    }

    /// An element inside `dxfs` closes.
    pub(super) fn close(&mut self, local: &[u8], dxfs: &mut [Dxf]) {
        match local {
            b"font" => self.in_font = false,
            b"fill" if self.in_fill => {
                self.in_fill = false;
                // A solid fill of a differential format shows its background colour (Excel
                // writes it there); a foreground colour alone is taken too, two that differ are
                // not one colour.
                let fill = match self.pattern.as_deref() {
                    Some("none") => Backdrop::Clear,
                    None | Some("solid") => match (self.bg, self.fg) {
                        (Some(Some(b)), Some(Some(f))) if b != f => Backdrop::Mixed,
                        (Some(Some(c)), _) | (None, Some(Some(c))) => Backdrop::Colour(c),
                        (None, None) => return,
                        _ => Backdrop::Mixed,
                    },
                    Some(_) => Backdrop::Mixed,
                };
                if let Some(dxf) = dxfs.last_mut() {
                    dxf.fill = Some(fill);
                }
            }
            _ => {}
        }
    }
}

/// A condition, as far as it can be known without computing formulas.
#[derive(Clone, Debug, PartialEq)]
enum Test {
    /// Holds or not whatever the cell holds.
    Always(bool),
    /// `cellIs`: the cell's value against one or two constants.
    CellIs {
        operator: String,
        constants: Vec<Constant>,
    },
    /// The cell's text against a text (`containsText`…), or blank or not, or an error or not.
    Text {
        kind: TextTest,
        text: String,
    },
    Blank(bool),
    Error(bool),
    /// Not known.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextTest {
    Contains,
    NotContains,
    Begins,
    Ends,
}

/// A constant of a `cellIs` formula.
#[derive(Clone, Debug, PartialEq)]
enum Constant {
    Text(String),
    Number(f64),
}

/// A cell's value as a condition sees it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Value<'a> {
    Text(&'a str),
    Number(f64),
}

/// One rule.
#[derive(Clone, Debug)]
struct Rule {
    priority: u32,
    stop: bool,
    test: Test,
    /// The differential format it gives (a copy), if any.
    dxf: Option<Dxf>,
    /// The number format it gives (from its differential format, or an extension's inline one).
    format: Option<String>,
    /// Whether it sets the fill of its own (a colour scale) or anything not known (an
    /// extension's rule): the fill and font are then not known where it may apply.
    colours_fill: bool,
    colours_font: bool,
}

/// A range of cells, 1-based inclusive: (first column, first row, last column, last row).
type Range = (u32, u32, u32, u32);

/// The conditional formats of one sheet.
#[derive(Debug, Default)]
pub(super) struct Conditional {
    /// Each `conditionalFormatting`: its ranges and rules.
    blocks: Vec<(Vec<Range>, Vec<Rule>)>,
    /// Whether any rule gives a number format (computed once, when read).
    formats: bool,
}

/// Whether the rule's condition holds: `Some(true)`, `Some(false)`, or `None` (not known).
fn holds(test: &Test, value: Value<'_>) -> Option<bool> {
    let lower = |s: &str| s.to_lowercase();
    match (test, value) {
        (Test::Always(b), _) => Some(*b),
        (Test::Blank(b), Value::Text(t)) => Some(t.trim().is_empty() == *b),
        (Test::Blank(b), Value::Number(_)) => Some(!*b),
        (Test::Error(b), _) => Some(!*b),
        (Test::Text { kind, text }, Value::Text(t)) => {
            let (t, text) = (lower(t), lower(text));
            Some(match kind {
                TextTest::Contains => t.contains(&text),
                TextTest::NotContains => !t.contains(&text),
                TextTest::Begins => t.starts_with(&text),
                TextTest::Ends => t.ends_with(&text),
            })
        }
        (Test::CellIs { operator, constants }, value) => {
            // Excel compares texts without case, and puts every text after every number.
            let order = |c: &Constant| -> std::cmp::Ordering {
                match (value, c) {
                    (Value::Text(t), Constant::Text(c)) => lower(t).cmp(&lower(c)),
                    (Value::Number(n), Constant::Number(c)) => n.total_cmp(c),
                    (Value::Text(_), Constant::Number(_)) => std::cmp::Ordering::Greater,
                    (Value::Number(_), Constant::Text(_)) => std::cmp::Ordering::Less,
                }
            };
            use std::cmp::Ordering::*;
            // Texts are ordered by Excel's collation (not known here): only equality is certain.
            let texts = matches!(value, Value::Text(_)) && constants.iter().any(|c| matches!(c, Constant::Text(_)));
            if texts && !matches!(operator.as_str(), "equal" | "notEqual") {
                return None;
            }
            let first = order(constants.first()?);
            let between = || -> Option<bool> {
                let second = order(constants.get(1)?);
                // `between` takes its bounds in either order.
                Some((first != Less || second != Less) && (first != Greater || second != Greater))
            };
            match operator.as_str() {
                "equal" => Some(first == Equal),
                "notEqual" => Some(first != Equal),
                "greaterThan" => Some(first == Greater),
                "lessThan" => Some(first == Less),
                "greaterThanOrEqual" => Some(first != Less),
                "lessThanOrEqual" => Some(first != Greater),
                "between" => between(),
                "notBetween" => between().map(|b| !b),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What a property comes to after the rules: the cell's own, or a rule's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot<T> {
    Open,
    Set(T),
    /// An uncertain rule may set it: the cell's own is kept.
    Kept,
}

impl<T: Copy> Slot<T> {
    /// A rule that sets the property to `value` holds (`sure`) or may hold.
    fn offer(&mut self, value: Option<T>, sure: bool) {
        if let (Slot::Open, Some(v)) = (*self, value) {
            *self = if sure { Slot::Set(v) } else { Slot::Kept };
        }
    }
}

impl Conditional {
    /// Whether the sheet has rules at all.
    pub(super) fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// How a cell at `column`, `row` (1-based) holding `value` shows, its own look being `look`;
    /// `rich`: its text has runs of their own colours (only a rule's fill is then taken).
    pub(super) fn look(&self, column: u32, row: u32, value: Value<'_>, look: CellLook, rich: bool) -> CellLook {
        let rules = self.rules_at(column, row);
        if rules.is_empty() {
            return look;
        }
        let (mut ink, mut fill) = (Slot::Open, Slot::Open);
        // Whether every rule so far is known to apply or not.
        let mut known = true;
        for rule in rules {
            let held = if known { holds(&rule.test, value) } else { None };
            if held == Some(false) {
                continue;
            }
            let sure = held == Some(true);
            let dxf = rule.dxf.clone().unwrap_or_default();
            if rule.colours_font || rich {
                // A font colour not known, or one the runs may or may not keep.
                if rule.colours_font || dxf.ink.is_some() {
                    ink.offer(Some(Ink::Auto), false);
                }
            } else {
                ink.offer(dxf.ink, sure);
            }
            if rule.colours_fill {
                fill.offer(Some(Backdrop::Mixed), false);
            } else {
                fill.offer(dxf.fill, sure);
            }
            if rule.stop {
                if sure {
                    break;
                }
                known = false;
            }
        }
        let mut out = look;
        if let Slot::Set(ink) = ink {
            out.font.ink = Some(ink);
        }
        if let Slot::Set(fill) = fill {
            out.fill = Some(fill);
        }
        out
    }

    /// The rules whose ranges hold the cell at `column`, `row`, by priority (1 first).
    fn rules_at(&self, column: u32, row: u32) -> Vec<&Rule> {
        let mut rules: Vec<&Rule> = self
            .blocks
            .iter()
            .filter(|(ranges, _)| {
                ranges.iter().any(|&(c0, r0, c1, r1)| (c0..=c1).contains(&column) && (r0..=r1).contains(&row))
            })
            .flat_map(|(_, rules)| rules)
            .collect();
        rules.sort_by_key(|r| r.priority);
        rules
    }

    /// Whether any rule gives a number format.
    pub(super) fn has_formats(&self) -> bool {
        self.formats
    }

    /// The number formats the rules give a cell at `column`, `row` holding `value`, in the order
    /// they apply: each of a rule that holds or may hold, up to the first that surely holds
    /// (whose format is then the one shown: `true` beside it). A rule after an uncertain
    /// `stopIfTrue` may still apply: its format is listed too.
    pub(super) fn formats(&self, column: u32, row: u32, value: Value<'_>) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut known = true;
        for rule in self.rules_at(column, row) {
            let held = if known { holds(&rule.test, value) } else { None };
            if held == Some(false) {
                continue;
            }
            let sure = held == Some(true);
            if let Some(format) = rule.format.as_deref() {
                out.push((format, sure));
                if sure {
                    break;
                }
            }
            if rule.stop {
                if sure {
                    break;
                }
                known = false;
            }
        }
        out
    }

    /// Reads the rules of the sheet `xml` (the whole part), given the differential formats.
    /// They are read from the last `sheetData` end on; a part without one, or whose tail does
    /// not parse, has none read (its cells keep their own looks).
    pub(super) fn read(xml: &[u8], dxfs: &[Dxf]) -> Conditional {
        let finder = memchr::memmem::Finder::new(b"conditionalFormatting");
        if finder.find(xml).is_none() {
            return Conditional::default();
        }
        let Some(end) = memchr::memmem::rfind(xml, b"sheetData>") else { return Conditional::default() };
        let Some(start) = memchr::memrchr(b'<', &xml[..end]) else { return Conditional::default() };
        let tail = &xml[start..];
        let mut reader = quick_xml::Reader::from_reader(tail);
        // It starts inside the sheet: the ends of `sheetData` and the root have no start in it.
        reader.config_mut().allow_unmatched_ends = true;
        let mut out = Conditional::default();
        // Used only for its attribute and colour helpers (never for events).
        let helper = XmlReader::new("sheet", tail, 1);
        match read_rules(&mut reader, &helper, dxfs, &mut out) {
            Ok(()) => {
                out.formats = out.blocks.iter().any(|(_, rules)| rules.iter().any(|r| r.format.is_some()));
                out
            }
            Err(_) => Conditional::default(),
        }
    }
}

/// The rules in `reader`'s events.
fn read_rules(
    reader: &mut quick_xml::Reader<&[u8]>,
    helper: &XmlReader<'_>,
    dxfs: &[Dxf],
    out: &mut Conditional,
) -> Result<(), ExtractError> {
    // The rule being read (its formulas come as children), and whether a block of the
    // extension list (`x14:conditionalFormatting`, ranges in `xm:sqref`) is open.
    let mut rule: Option<(Rule, String, Vec<String>)> = None;
    let mut formula: Option<String> = None;
    let mut extension = false;
    let mut in_extensions = false;
    let mut sqref: Option<String> = None;
    // An extension rule's own differential format (`x14:dxf`), being read.
    let mut inline: Option<(DxfReader, Vec<Dxf>)> = None;
    loop {
        let event = reader.read_event().map_err(|e| helper.error(e.to_string()))?;
        match &event {
            Event::Start(e) | Event::Empty(e) if inline.is_some() => {
                if let Some((d, dxfs)) = inline.as_mut() {
                    d.open(helper, e, matches!(event, Event::Empty(_)), dxfs)?;
                }
            }
            Event::End(e) if inline.is_some() && local_name(e.name().as_ref()) != b"dxf" => {
                if let Some((d, dxfs)) = inline.as_mut() {
                    d.close(local_name(e.name().as_ref()), dxfs);
                }
            }
            Event::End(_) if inline.is_some() => {
                if let (Some((_, dxfs)), Some((r, _, _))) = (inline.take(), rule.as_mut()) {
                    r.format = dxfs.into_iter().next().and_then(|d| d.format);
                }
            }
            Event::Start(e) if rule.is_some() && local_name(e.name().as_ref()) == b"dxf" => {
                inline = Some((DxfReader::default(), vec![Dxf::default()]));
            }
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match local_name(e.name().as_ref()) {
                    b"extLst" if !empty => in_extensions = true,
                    b"conditionalFormatting" => {
                        extension = in_extensions;
                        let ranges = helper.attr(e, b"sqref")?.map(|s| ranges(&s)).unwrap_or_default();
                        out.blocks.push((ranges, Vec::new()));
                    }
                    b"cfRule" => {
                        let r = open_rule(helper, e, dxfs, extension)?;
                        if empty {
                            finish_rule(out, r.0, &r.1, &[]);
                        } else {
                            rule = Some(r);
                        }
                    }
                    b"formula" | b"f" if rule.is_some() && !empty => formula = Some(String::new()),
                    b"sqref" if extension && !empty => sqref = Some(String::new()),
                    _ => {}
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| helper.error(e.to_string()))?;
                if let Some(f) = formula.as_mut() {
                    f.push_str(&text);
                } else if let Some(s) = sqref.as_mut() {
                    s.push_str(&text);
                }
            }
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"formula" | b"f" => {
                    if let (Some(f), Some((_, _, formulas))) = (formula.take(), rule.as_mut()) {
                        formulas.push(f);
                    }
                }
                b"cfRule" => {
                    if let Some((r, kind, formulas)) = rule.take() {
                        finish_rule(out, r, &kind, &formulas);
                    }
                }
                b"sqref" => {
                    if let (Some(s), Some(block)) = (sqref.take(), out.blocks.last_mut()) {
                        block.0 = ranges(&s);
                    }
                }
                b"conditionalFormatting" => extension = false,
                b"extLst" => in_extensions = false,
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A rule as its element opens: its priority, `stopIfTrue`, format, and (in `kind`, with
/// `operator` and `text` after a tab) what the condition's formulas will be read against.
fn open_rule(
    helper: &XmlReader<'_>,
    e: &BytesStart<'_>,
    dxfs: &[Dxf],
    extension: bool,
) -> Result<(Rule, String, Vec<String>), ExtractError> {
    let priority = helper.attr(e, b"priority")?.and_then(|p| p.trim().parse().ok()).unwrap_or(u32::MAX);
    let stop = helper.attr(e, b"stopIfTrue")?.is_some_and(|s| matches!(s.trim(), "1" | "true"));
    let kind = helper.attr(e, b"type")?.map(|t| t.trim().to_owned()).unwrap_or_default();
    let dxf = helper.attr(e, b"dxfId")?.and_then(|d| d.trim().parse::<usize>().ok()).and_then(|d| dxfs.get(d)).cloned();
    let operator = helper.attr(e, b"operator")?.map(|o| o.trim().to_owned()).unwrap_or_default();
    let text = helper.attr(e, b"text")?.map(|t| t.into_owned()).unwrap_or_default();
    let rule = Rule {
        priority,
        stop,
        test: Test::Unknown,
        format: dxf.as_ref().and_then(|d| d.format.clone()),
        dxf: if extension { None } else { dxf },
        colours_fill: extension || kind == "colorScale",
        colours_font: extension,
    };
    Ok((rule, format!("{kind}\t{operator}\t{text}"), Vec::new()))
}

/// A rule read: its condition from its type and formulas; added to the last block.
fn finish_rule(out: &mut Conditional, mut rule: Rule, kind: &str, formulas: &[String]) {
    let Some((ranges, rules)) = out.blocks.last_mut() else { return };
    if !rule.colours_font {
        let mut parts = kind.splitn(3, '\t');
        let (kind, operator, text) =
            (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        rule.test = test_of(kind, operator, text, formulas, ranges);
    }
    rules.push(rule);
}

/// The condition of a rule of type `kind`.
fn test_of(kind: &str, operator: &str, text: &str, formulas: &[String], ranges: &[Range]) -> Test {
    let formula = |i: usize| formulas.get(i).map(|f| f.trim().trim_start_matches('=').trim());
    // The cell a rule's formula names for the cell it is applied to: the top left one of its
    // ranges (the first range, which must be the top left one, else not known).
    let anchor = ranges.first().filter(|first| ranges.iter().all(|r| r.0 >= first.0 && r.1 >= first.1));
    let anchor = anchor.map(|&(c, r, _, _)| format!("{}{r}", crate::column_runs::letters(c - 1)));
    // Whether the formula is the one Excel writes for the type (`{}` the anchor, `{t}` the text).
    let written = |template: &str| -> bool {
        let (Some(f), Some(anchor)) = (formula(0), anchor.as_deref()) else { return false };
        let quoted = text.replace('"', "\"\"");
        f.replace(' ', "")
            .eq_ignore_ascii_case(&template.replace("{t}", &quoted).replace("{}", anchor).replace(' ', ""))
    };
    let text_test = |kind: TextTest, template: &str| {
        if written(template) {
            Test::Text { kind, text: text.to_owned() }
        } else {
            Test::Unknown
        }
    };
    match kind {
        "expression" => match formula(0).map(str::to_ascii_uppercase).as_deref() {
            Some("TRUE" | "TRUE()" | "1" | "1=1" | "NOT(FALSE)") => Test::Always(true),
            Some("FALSE" | "FALSE()" | "0" | "1=0" | "NOT(TRUE)") => Test::Always(false),
            _ => Test::Unknown,
        },
        "cellIs" => {
            let constants: Option<Vec<Constant>> = (0..formulas.len()).map(|i| formula(i).and_then(constant)).collect();
            match constants {
                Some(constants) if !constants.is_empty() => Test::CellIs { operator: operator.to_owned(), constants },
                _ => Test::Unknown,
            }
        }
        "containsText" => text_test(TextTest::Contains, r#"NOT(ISERROR(SEARCH("{t}",{})))"#),
        "notContainsText" => text_test(TextTest::NotContains, r#"ISERROR(SEARCH("{t}",{}))"#),
        "beginsWith" => text_test(TextTest::Begins, r#"LEFT({},LEN("{t}"))="{t}""#),
        "endsWith" => text_test(TextTest::Ends, r#"RIGHT({},LEN("{t}"))="{t}""#),
        "containsBlanks" if written("LEN(TRIM({}))=0") => Test::Blank(true),
        "notContainsBlanks" if written("LEN(TRIM({}))>0") => Test::Blank(false),
        "containsErrors" if written("ISERROR({})") => Test::Error(true),
        "notContainsErrors" if written("NOT(ISERROR({}))") => Test::Error(false),
        _ => Test::Unknown,
    }
}

/// A formula that is one constant: a quoted text or a number.
fn constant(formula: &str) -> Option<Constant> {
    if let Some(inner) = formula.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        // Only doubled quotes inside.
        let text = inner.replace("\"\"", "\"");
        return (!inner.replace("\"\"", "").contains('"')).then_some(Constant::Text(text));
    }
    formula.parse::<f64>().ok().filter(|n| n.is_finite()).map(Constant::Number)
}

/// The ranges of a `sqref` (`A1:C3 E5`, `$A$1`).
fn ranges(sqref: &str) -> Vec<Range> {
    sqref
        .split_whitespace()
        .filter_map(|r| {
            let (a, b) = r.split_once(':').unwrap_or((r, r));
            let (c0, r0) = cell(a)?;
            let (c1, r1) = cell(b)?;
            Some((c0.min(c1), r0.min(r1), c0.max(c1), r0.max(r1)))
        })
        .collect()
}

/// A cell reference's column and row, 1-based (`B7` → (2, 7); `$` ignored).
pub(super) fn cell(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = reference.split_at(letters);
    if column.is_empty() || column.len() > 3 {
        return None;
    }
    let column = column.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    Some((column, row.parse().ok().filter(|r| *r > 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::as_shown::Rgb;

    const WHITE: Dxf = Dxf { ink: Some(Ink::Colour(Rgb::WHITE)), fill: None, format: None };
    const BLACK: Dxf = Dxf { ink: Some(Ink::Colour(Rgb(0))), fill: None, format: None };

    fn sheet(rules: &str) -> Vec<u8> {
        format!(
            r#"<worksheet xmlns="m"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>{rules}</worksheet>"#
        )
        .into_bytes()
    }

    fn shows(rules: &str, at: (u32, u32), value: Value<'_>, look: CellLook) -> bool {
        let c = Conditional::read(&sheet(rules), &[WHITE, BLACK]);
        c.look(at.0, at.1, value, look, false).shows()
    }

    fn block(sqref: &str, rules: &str) -> String {
        format!(r#"<conditionalFormatting sqref="{sqref}">{rules}</conditionalFormatting>"#)
    }

    #[test]
    fn certain_conditions_colour_the_text() {
        let plain = CellLook::default();
        let t = Value::Text("公开");
        let white = |kind: &str, attrs: &str, formula: &str| {
            let f = if formula.is_empty() { String::new() } else { format!("<formula>{formula}</formula>") };
            block("A1:B3", &format!(r#"<cfRule type="{kind}" dxfId="0" priority="1" {attrs}>{f}</cfRule>"#))
        };
        let cases = [
            (white("expression", "", "TRUE"), false),
            (white("expression", "", "1=1"), false),
            (white("expression", "", "FALSE"), true),
            (white("expression", "", "A1=\"公开\""), true),
            (white("cellIs", r#"operator="equal""#, "\"公开\""), false),
            (white("cellIs", r#"operator="equal""#, "\"机密\""), true),
            (white("cellIs", r#"operator="notEqual""#, "\"机密\""), false),
            (white("cellIs", r#"operator="equal""#, "B2"), true),
            (white("containsText", r#"operator="containsText" text="公""#, r#"NOT(ISERROR(SEARCH("公",A1)))"#), false),
            (white("containsText", r#"operator="containsText" text="公""#, r#"NOT(ISERROR(SEARCH("私",A1)))"#), true),
            (white("containsText", r#"operator="containsText" text="私""#, r#"NOT(ISERROR(SEARCH("私",A1)))"#), true),
            (white("beginsWith", r#"operator="beginsWith" text="公""#, r#"LEFT(A1,LEN("公"))="公""#), false),
            (white("endsWith", r#"operator="endsWith" text="公""#, r#"RIGHT(A1,LEN("公"))="公""#), true),
            (white("notContainsBlanks", "", "LEN(TRIM(A1))&gt;0"), false),
            (white("containsBlanks", "", "LEN(TRIM(A1))=0"), true),
            (white("top10", r#"rank="1""#, ""), true),
        ];
        for (rules, want) in cases {
            assert_eq!(shows(&rules, (2, 2), t, plain), want, "{rules}");
            assert!(shows(&rules, (3, 2), t, plain), "outside the range: {rules}");
        }
        let after = white("cellIs", r#"operator="greaterThan""#, "\"公\"");
        assert!(shows(&after, (1, 1), t, plain), "texts in Excel's order: not known");
        let number = white("cellIs", r#"operator="between""#, "5</formula><formula>1");
        assert!(!shows(&number, (1, 1), Value::Number(3.0), plain));
        assert!(shows(&number, (1, 1), Value::Number(6.0), plain));
    }

    #[test]
    fn priority_stop_and_uncertain_rules() {
        let white_cell = CellLook {
            font: super::super::look::Font { ink: Some(Ink::Colour(Rgb::WHITE)), ..Default::default() },
            fill: None,
        };
        let t = Value::Text("公开");
        let rule = |dxf: u32, priority: u32, formula: &str, stop: bool| {
            let stop = if stop { r#" stopIfTrue="1""# } else { "" };
            format!(
                r#"<cfRule type="expression" dxfId="{dxf}" priority="{priority}"{stop}><formula>{formula}</formula></cfRule>"#
            )
        };
        // The rule of priority 1 wins, whichever block or order it comes in.
        let two = format!("{}{}", block("A1", &rule(0, 2, "TRUE", false)), block("A1", &rule(1, 1, "TRUE", false)));
        assert!(shows(&two, (1, 1), t, white_cell), "black first: shown");
        let two = format!("{}{}", block("A1", &rule(0, 1, "TRUE", false)), block("A1", &rule(1, 2, "TRUE", false)));
        assert!(!shows(&two, (1, 1), t, CellLook::default()), "white first: unseen");
        // An uncertain rule first: the cell's own colour stays, whichever it is.
        let uncertain = block("A1", &format!("{}{}", rule(1, 1, "A2&gt;0", false), rule(0, 2, "TRUE", false)));
        assert!(shows(&uncertain, (1, 1), t, CellLook::default()));
        let uncertain = block("A1", &format!("{}{}", rule(1, 1, "A2&gt;0", false), rule(1, 2, "TRUE", false)));
        assert!(!shows(&uncertain, (1, 1), t, white_cell));
        // Stop if true: a false rule does not stop, a true one does, an uncertain one leaves the
        // rest uncertain.
        let stop = |first: &str| block("A1", &format!("{}{}", rule(1, 1, first, true), rule(0, 2, "TRUE", false)));
        assert!(!shows(&stop("FALSE"), (1, 1), t, CellLook::default()));
        let stop_true = block(
            "A1",
            &format!(
                r#"<cfRule type="expression" priority="1" stopIfTrue="1"><formula>TRUE</formula></cfRule>{}"#,
                rule(0, 2, "TRUE", false)
            ),
        );
        assert!(shows(&stop_true, (1, 1), t, CellLook::default()));
        assert!(shows(&stop("A2&gt;0"), (1, 1), t, CellLook::default()));
        // An extension's rule is uncertain and may set anything.
        let x14 = r#"<extLst><ext><x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule type="expression" priority="1"><xm:f>TRUE</xm:f><x14:dxf><font><color rgb="FF000000"/></font></x14:dxf></x14:cfRule><xm:sqref>A1</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"#;
        let both = format!("{}{x14}", block("A1", &rule(0, 2, "TRUE", false)));
        assert!(shows(&both, (1, 1), t, CellLook::default()));
        assert!(!shows(&both, (1, 1), t, white_cell));
    }

    #[test]
    fn a_differential_fill_and_references() {
        assert_eq!(cell("$B$7"), Some((2, 7)));
        assert_eq!(cell("AA1"), Some((27, 1)));
        assert_eq!(cell("A0"), None);
        assert_eq!(ranges("A1:C3 $E$5"), vec![(1, 1, 3, 3), (5, 5, 5, 5)]);
        assert_eq!(constant(r#""a""b""#), Some(Constant::Text("a\"b".into())));
        assert_eq!(constant(r#""a"&"b""#), None);
        assert_eq!(constant("2.5"), Some(Constant::Number(2.5)));
        // Black text on a fill the rule makes black.
        let black_fill = Dxf { ink: None, fill: Some(Backdrop::Colour(Rgb(0))), format: None };
        let c = Conditional::read(
            &sheet(&block(
                "A1",
                r#"<cfRule type="expression" dxfId="0" priority="1"><formula>TRUE</formula></cfRule>"#,
            )),
            std::slice::from_ref(&black_fill),
        );
        let black_text = CellLook {
            font: super::super::look::Font { ink: Some(Ink::Colour(Rgb(0))), ..Default::default() },
            fill: None,
        };
        assert!(!c.look(1, 1, Value::Text("x"), black_text, false).shows());
        assert!(!c.look(1, 1, Value::Text("x"), black_text, true).shows(), "a rich text's fill is taken");
        // A colour scale colours the fill: not known.
        let c = Conditional::read(
            &sheet(&block(
                "A1",
                r#"<cfRule type="colorScale" priority="1"><colorScale/></cfRule><cfRule type="expression" dxfId="0" priority="2"><formula>TRUE</formula></cfRule>"#,
            )),
            &[black_fill],
        );
        assert!(c.look(1, 1, Value::Text("x"), black_text, false).shows());
    }

    #[test]
    fn number_formats_of_rules_that_may_apply() {
        let mark = Dxf { format: Some(r#""机密★1年""#.to_owned()), ..Dxf::default() };
        let other = Dxf { format: Some("0.0".to_owned()), ..Dxf::default() };
        let rule = |dxf: u32, priority: u32, formula: &str| {
            format!(
                r#"<cfRule type="expression" dxfId="{dxf}" priority="{priority}"><formula>{formula}</formula></cfRule>"#
            )
        };
        let formats = |rules: &str, at: (u32, u32)| -> Vec<(String, bool)> {
            let c = Conditional::read(&sheet(rules), &[mark.clone(), other.clone()]);
            c.formats(at.0, at.1, Value::Number(1.0)).into_iter().map(|(f, s)| (f.to_owned(), s)).collect()
        };
        let m = r#""机密★1年""#.to_owned();
        assert_eq!(formats(&block("A1:A5", &rule(0, 1, "TRUE")), (1, 3)), vec![(m.clone(), true)]);
        assert!(formats(&block("A1:A5", &rule(0, 1, "TRUE")), (2, 3)).is_empty(), "outside the range");
        assert!(formats(&block("A1", &rule(0, 1, "FALSE")), (1, 1)).is_empty());
        // An uncertain rule's format may show: listed, and so is the next one's.
        let two = block("A1", &format!("{}{}", rule(0, 1, "$B$1&gt;0"), rule(1, 2, "TRUE")));
        assert_eq!(formats(&two, (1, 1)), vec![(m.clone(), false), ("0.0".to_owned(), true)]);
        // A certain rule first: the later one's format never shows.
        let two = block("A1", &format!("{}{}", rule(0, 1, "TRUE"), rule(1, 2, "TRUE")));
        assert_eq!(formats(&two, (1, 1)), vec![(m.clone(), true)]);
        // An extension's rule writes its format inline (`x14:dxf`): uncertain, listed.
        let x14 = r#"<extLst><ext><x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule type="expression" priority="1"><xm:f>TRUE</xm:f><x14:dxf><font><color rgb="FF000000"/></font><numFmt numFmtId="200" formatCode="&quot;绝密★启用前&quot;"/></x14:dxf></x14:cfRule><xm:sqref>A1:B2</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"#;
        assert_eq!(formats(x14, (2, 2)), vec![(r#""绝密★启用前""#.to_owned(), false)]);
        assert!(formats(x14, (3, 2)).is_empty());
    }
}
