//! CSS selectors matched as a browser matches them, on the elements the walk has seen so far.
//!
//! A selector is compounds joined by combinators (`div.note > p span[data-k="1"]::before`). The
//! walk has no tree, but everything a selector looks at lies *behind* the element being opened:
//! its ancestors (the open elements) and its earlier siblings. [`Scope`] keeps exactly that, so
//! descendant (` `), child (`>`), next-sibling (`+`) and later-sibling (`~`) combinators, type,
//! `#id`, `.class` and `[attribute]` selectors (all seven operators, the `i` flag), `:not()`,
//! `:is()`, `:where()`, `:first-child`, `:nth-child()`, `:first-of-type`, `:nth-of-type()` and
//! `:root` are decided.
//!
//! What cannot be decided from the bytes behind the element is *maybe*: states (`:hover`,
//! `:checked`, `:visited`…), selectors that look ahead (`:last-child`, `:empty`, `:has()`), and
//! anything unknown. A maybe is not a no: a viewer can show that text (hovering is enough), so
//! a rule that maybe applies is used where no rule surely applies (see
//! [`Stylesheet::style`](super::css::Stylesheet::style)), and its text is otherwise read apart.
//!
//! Bounded: selectors nest at most [`MAX_NESTING`] deep (`:not(:is(…))`), an element keeps at most
//! [`MAX_SIBLINGS`] earlier siblings (past them, sibling selectors are maybe), and every compound
//! compared is counted against the caller's budget.

use std::rc::Rc;

use super::css::{identifier, inside, skip_string, split_top, unescape, Pseudo};

/// How deep selector lists nest in pseudo-classes; deeper ones are maybe.
const MAX_NESTING: usize = 4;
/// Earlier siblings kept per element; past them, `+`, `~` and `-of-type` are maybe.
const MAX_SIBLINGS: usize = 1024;

/// Whether a selector matches: surely not, maybe (depends on what the bytes do not say), surely.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tri {
    No,
    Maybe,
    Yes,
}

impl Tri {
    fn from(yes: bool) -> Tri {
        if yes {
            Tri::Yes
        } else {
            Tri::No
        }
    }
}

/// An element as the walk saw its start tag.
#[derive(Clone, Debug, Default)]
pub(super) struct Node {
    /// Lower case.
    name: String,
    id: Option<String>,
    classes: Vec<String>,
    /// (name in lower case, value with references decoded).
    attrs: Vec<(String, String)>,
    /// Its place among its parent's element children, from 0.
    position: usize,
}

impl Node {
    /// `attrs`: (name, decoded value) in source order; the first of a repeated name counts.
    pub(super) fn new(name: &str, attrs: Vec<(String, String)>) -> Node {
        let mut attrs = attrs;
        for (name, _) in &mut attrs {
            name.make_ascii_lowercase();
        }
        let get = |wanted: &str| attrs.iter().find(|(n, _)| n == wanted).map(|(_, v)| v.as_str());
        let id = get("id").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let classes = get("class").map(|v| v.split_ascii_whitespace().map(str::to_owned).collect()).unwrap_or_default();
        Node { name: name.to_ascii_lowercase(), id, classes, attrs, position: 0 }
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The keys a rule's subject can be indexed under that this element has.
    pub(super) fn keys(&self) -> impl Iterator<Item = String> + '_ {
        ["*".to_owned(), self.name.clone()]
            .into_iter()
            .chain(self.id.iter().map(|id| format!("#{id}")))
            .chain(self.classes.iter().map(|c| format!(".{c}")))
    }
}

/// One open element and the element children it has had so far.
#[derive(Debug, Default)]
struct Level {
    /// `None` for the document.
    node: Option<Rc<Node>>,
    /// The first [`MAX_SIBLINGS`] children.
    children: Vec<Rc<Node>>,
    /// How many children it has had.
    count: usize,
}

/// What lies behind the element being opened: its ancestors and their earlier siblings.
#[derive(Debug)]
pub(super) struct Scope {
    /// `levels[0]` is the document; the last is the innermost open element.
    levels: Vec<Level>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope { levels: vec![Level::default()] }
    }
}

impl Scope {
    /// `node`, placed as the next child of the innermost open element.
    pub(super) fn place(&self, mut node: Node) -> Node {
        node.position = self.levels.last().map_or(0, |l| l.count);
        node
    }

    /// Records `node` (from [`Scope::place`]) as a child of the innermost open element, and opens
    /// it when `open` (it then waits for [`Scope::end`]).
    pub(super) fn start(&mut self, node: Rc<Node>, open: bool) {
        if let Some(level) = self.levels.last_mut() {
            level.count += 1;
            if level.children.len() < MAX_SIBLINGS {
                level.children.push(Rc::clone(&node));
            }
        }
        if open {
            self.levels.push(Level { node: Some(node), ..Level::default() });
        }
    }

    /// Closes the innermost open element.
    pub(super) fn end(&mut self) {
        if self.levels.len() > 1 {
            self.levels.pop();
        }
    }

    /// `node` (from [`Scope::place`], not yet started) as the subject of a match.
    fn subject<'a>(&'a self, node: &'a Node) -> At<'a> {
        let depth = self.levels.len() - 1;
        let level = &self.levels[depth];
        At { node, depth, earlier: &level.children, complete: level.children.len() == level.count }
    }

    /// The parent of `at`, if it is not the document.
    fn parent<'a>(&'a self, at: &At<'a>) -> Option<At<'a>> {
        let node = self.levels.get(at.depth)?.node.as_deref()?;
        let depth = at.depth - 1;
        let children = &self.levels[depth].children;
        let (earlier, complete) = match children.get(node.position) {
            Some(n) if std::ptr::eq(n.as_ref(), node) => (&children[..node.position], true),
            _ => (&children[..], false),
        };
        Some(At { node, depth, earlier, complete })
    }
}

/// An element in the scope: itself, its depth (its parent is `levels[depth]`) and its earlier
/// siblings.
#[derive(Clone, Copy)]
struct At<'a> {
    node: &'a Node,
    depth: usize,
    earlier: &'a [Rc<Node>],
    /// Whether `earlier` holds every earlier sibling.
    complete: bool,
}

impl<'a> At<'a> {
    /// The earlier sibling at `i` of `earlier`.
    fn sibling(&self, i: usize) -> At<'a> {
        At { node: &self.earlier[i], depth: self.depth, earlier: &self.earlier[..i], complete: true }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
    Next,
    Later,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AttrOp {
    Exists,
    Equals,
    Word,
    DashPrefix,
    Prefix,
    Suffix,
    Contains,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Simple {
    Id(String),
    Class(String),
    Attr {
        name: String,
        op: AttrOp,
        value: String,
        fold_case: bool,
    },
    Not(Vec<Selector>),
    Is(Vec<Selector>),
    /// `:nth-child(a n + b)`; `:first-child` is (0, 1).
    NthChild(i64, i64),
    NthOfType(i64, i64),
    Root,
    /// Decided by what the bytes do not say: maybe.
    Unknown,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Compound {
    /// Lower case; `None` for `*` or none written.
    tag: Option<String>,
    simple: Vec<Simple>,
}

/// A complex selector, read from its subject leftwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Selector {
    /// `compounds[0]` is the subject.
    compounds: Vec<Compound>,
    /// `combinators[i]` joins `compounds[i]` to `compounds[i + 1]`, its left.
    combinators: Vec<Combinator>,
    /// `::before` / `::after` (and `::marker`, drawn before a list item's content).
    pub(super) pseudo: Option<Pseudo>,
    /// (ids, classes, types), compared as the cascade compares them.
    pub(super) specificity: (u32, u32, u32),
}

impl Selector {
    /// Parses one selector (no commas); `None` for one whose pseudo-element is not shown as
    /// the element's text (`::placeholder`, `::first-line`, `::selection`…).
    pub(super) fn parse(text: &str) -> Option<Selector> {
        Parser { text, bytes: text.as_bytes(), i: 0, nesting: 0 }.selector()
    }

    /// The key the subject is indexed under: `#id`, `.class`, the tag, or `*`.
    pub(super) fn key(&self) -> String {
        let subject = &self.compounds[0];
        let id = subject.simple.iter().find_map(|s| match s {
            Simple::Id(id) => Some(format!("#{id}")),
            _ => None,
        });
        let class = || {
            subject.simple.iter().find_map(|s| match s {
                Simple::Class(c) => Some(format!(".{c}")),
                _ => None,
            })
        };
        id.or_else(class).or_else(|| subject.tag.clone()).unwrap_or_else(|| "*".to_owned())
    }

    /// Whether this selector matches `node`, about to start in `scope`; `budget` counts the
    /// compounds compared and stops the match (no) when it reaches zero.
    pub(super) fn matches(&self, scope: &Scope, node: &Node, budget: &mut usize) -> Tri {
        self.matches_from(0, scope, scope.subject(node), budget)
    }

    fn matches_from(&self, index: usize, scope: &Scope, at: At<'_>, budget: &mut usize) -> Tri {
        if *budget == 0 {
            return Tri::No;
        }
        *budget -= 1;
        let own = self.compounds[index].matches(scope, &at, budget);
        if own == Tri::No || index + 1 == self.compounds.len() {
            return own;
        }
        let next = index + 1;
        let Some(&combinator) = self.combinators.get(index) else { return own };
        let rest = match combinator {
            Combinator::Child => scope.parent(&at).map_or(Tri::No, |p| self.matches_from(next, scope, p, budget)),
            Combinator::Descendant => {
                let mut best = Tri::No;
                let mut up = scope.parent(&at);
                while let Some(ancestor) = up {
                    best = best.max(self.matches_from(next, scope, ancestor, budget));
                    if best == Tri::Yes || *budget == 0 {
                        break;
                    }
                    up = scope.parent(&ancestor);
                }
                best
            }
            Combinator::Next => match at.earlier.len() {
                0 if at.complete => Tri::No,
                n if at.complete => self.matches_from(next, scope, at.sibling(n - 1), budget),
                _ => Tri::Maybe,
            },
            Combinator::Later => {
                let mut best = if at.complete { Tri::No } else { Tri::Maybe };
                for i in (0..at.earlier.len()).rev() {
                    best = best.max(self.matches_from(next, scope, at.sibling(i), budget));
                    if best == Tri::Yes || *budget == 0 {
                        break;
                    }
                }
                best
            }
        };
        own.min(rest)
    }
}

impl Compound {
    fn matches(&self, scope: &Scope, at: &At<'_>, budget: &mut usize) -> Tri {
        let node = at.node;
        if self.tag.as_deref().is_some_and(|t| t != node.name) {
            return Tri::No;
        }
        let mut result = Tri::Yes;
        for simple in &self.simple {
            let this = match simple {
                Simple::Id(id) => Tri::from(node.id.as_deref() == Some(id)),
                Simple::Class(c) => Tri::from(node.classes.iter().any(|e| e == c)),
                Simple::Attr { name, op, value, fold_case } => {
                    Tri::from(node.attribute(name).is_some_and(|v| attribute_matches(v, *op, value, *fold_case)))
                }
                Simple::Is(list) => list_match(list, scope, at, budget),
                Simple::Not(list) => match list_match(list, scope, at, budget) {
                    Tri::Yes => Tri::No,
                    Tri::Maybe => Tri::Maybe,
                    Tri::No => Tri::Yes,
                },
                Simple::NthChild(a, b) => Tri::from(nth(*a, *b, node.position as i64 + 1)),
                Simple::NthOfType(a, b) if at.complete => {
                    let before = at.earlier.iter().filter(|e| e.name == node.name).count();
                    Tri::from(nth(*a, *b, before as i64 + 1))
                }
                Simple::NthOfType(..) => Tri::Maybe,
                Simple::Root => Tri::from(at.depth == 0),
                Simple::Unknown => Tri::Maybe,
            };
            result = result.min(this);
            if result == Tri::No {
                break;
            }
        }
        result
    }
}

/// The best match of any selector in `list` at `at` (its own subject there).
fn list_match(list: &[Selector], scope: &Scope, at: &At<'_>, budget: &mut usize) -> Tri {
    let mut best = Tri::No;
    for selector in list {
        best = best.max(selector.matches_from(0, scope, *at, budget));
        if best == Tri::Yes {
            break;
        }
    }
    best
}

fn attribute_matches(actual: &str, op: AttrOp, wanted: &str, fold_case: bool) -> bool {
    let (actual, wanted) =
        if fold_case { (actual.to_lowercase(), wanted.to_lowercase()) } else { (actual.to_owned(), wanted.to_owned()) };
    match op {
        AttrOp::Exists => true,
        AttrOp::Equals => actual == wanted,
        AttrOp::Word => !wanted.is_empty() && actual.split_ascii_whitespace().any(|w| w == wanted),
        AttrOp::DashPrefix => actual == wanted || actual.strip_prefix(&wanted).is_some_and(|r| r.starts_with('-')),
        AttrOp::Prefix => !wanted.is_empty() && actual.starts_with(&wanted),
        AttrOp::Suffix => !wanted.is_empty() && actual.ends_with(&wanted),
        AttrOp::Contains => !wanted.is_empty() && actual.contains(&wanted),
    }
}

/// Whether `position` (from 1) is `a n + b` for some n ≥ 0.
fn nth(a: i64, b: i64, position: i64) -> bool {
    if a == 0 {
        return position == b;
    }
    let diff = position - b;
    diff % a == 0 && diff / a >= 0
}

/// `an+b` as `:nth-child()` takes it (`odd`, `even`, `3`, `-n+2`, `2n + 1`…); `None` if not.
fn parse_nth(text: &str) -> Option<(i64, i64)> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    match t.as_str() {
        "odd" => return Some((2, 1)),
        "even" => return Some((2, 0)),
        _ => {}
    }
    let Some(at) = t.find('n') else { return t.parse().ok().map(|b| (0, b)) };
    let a = match &t[..at] {
        "" | "+" => 1,
        "-" => -1,
        a => a.parse().ok()?,
    };
    let b = match &t[at + 1..] {
        "" => 0,
        b => b.strip_prefix('+').unwrap_or(b).parse().ok()?,
    };
    Some((a, b))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    nesting: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) -> bool {
        let start = self.i;
        while self.bytes.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
        self.i > start
    }

    fn selector(&mut self) -> Option<Selector> {
        let mut compounds = Vec::new();
        let mut combinators = Vec::new();
        let mut pseudo = None;
        let mut specificity = (0, 0, 0);
        self.skip_space();
        // Whether the next compound starts anew (after a combinator) or goes on the last one
        // (after a character that is not part of a selector).
        let mut anew = true;
        loop {
            let (compound, its_pseudo) = self.compound(&mut specificity)?;
            match compounds.last_mut() {
                Some(last) if !anew => {
                    let last: &mut Compound = last;
                    last.simple.push(Simple::Unknown);
                    last.tag = last.tag.take().or(compound.tag);
                    last.simple.extend(compound.simple);
                }
                _ => compounds.push(compound),
            }
            anew = true;
            if its_pseudo.is_some() {
                // A pseudo-element ends the selector: what follows it selects nothing more.
                pseudo = its_pseudo;
                break;
            }
            let spaced = self.skip_space();
            let combinator = match self.bytes.get(self.i) {
                None => break,
                Some(b'>') => Combinator::Child,
                Some(b'+') => Combinator::Next,
                Some(b'~') => Combinator::Later,
                Some(_) if spaced => Combinator::Descendant,
                // Not a selector character: skipped, and what it stood for is maybe.
                Some(_) => {
                    self.i += self.text[self.i..].chars().next().map_or(1, char::len_utf8);
                    anew = false;
                    continue;
                }
            };
            if combinator != Combinator::Descendant {
                self.i += 1;
                self.skip_space();
            }
            combinators.push(combinator);
        }
        // Combinators with no compound after them (`a >`) join nothing.
        combinators.truncate(compounds.len().saturating_sub(1));
        compounds.reverse();
        combinators.reverse();
        Some(Selector { compounds, combinators, pseudo, specificity })
    }

    /// One compound and its pseudo-element; `None` for a pseudo-element not shown as text.
    fn compound(&mut self, specificity: &mut (u32, u32, u32)) -> Option<(Compound, Option<Pseudo>)> {
        let mut compound = Compound::default();
        while let Some(&b) = self.bytes.get(self.i) {
            match b {
                b'*' => self.i += 1,
                b'|' => self.i += 1,
                b'#' | b'.' => {
                    let (name, end) = identifier(self.text, self.i + 1);
                    self.i = end;
                    if b == b'#' {
                        specificity.0 += 1;
                        compound.simple.push(Simple::Id(name));
                    } else {
                        specificity.1 += 1;
                        compound.simple.push(Simple::Class(name));
                    }
                }
                b'[' => {
                    let (inner, end) = inside(self.text, self.i, b'[', b']');
                    self.i = end;
                    specificity.1 += 1;
                    compound.simple.push(attribute_selector(inner));
                }
                b':' => {
                    let colons = if self.bytes.get(self.i + 1) == Some(&b':') { 2 } else { 1 };
                    let (name, end) = identifier(self.text, self.i + colons);
                    let name = name.to_ascii_lowercase();
                    let mut args = None;
                    self.i = end;
                    if self.bytes.get(end) == Some(&b'(') {
                        let (inner, close) = inside(self.text, end, b'(', b')');
                        args = Some(inner);
                        self.i = close;
                    }
                    match name.as_str() {
                        "before" | "marker" => {
                            specificity.2 += 1;
                            return Some((compound, Some(Pseudo::Before)));
                        }
                        "after" => {
                            specificity.2 += 1;
                            return Some((compound, Some(Pseudo::After)));
                        }
                        _ if colons == 2 => return None,
                        "first-line" | "first-letter" => return None,
                        _ => compound.simple.push(self.pseudo_class(&name, args, specificity)),
                    }
                }
                _ => {
                    let (name, end) = identifier(self.text, self.i);
                    if end == self.i {
                        break;
                    }
                    self.i = end;
                    // `ns|tag`: the namespace is not an HTML page's concern.
                    if self.bytes.get(end) == Some(&b'|') && self.bytes.get(end + 1) != Some(&b'=') {
                        continue;
                    }
                    specificity.2 += 1;
                    compound.tag = Some(name.to_ascii_lowercase());
                }
            }
        }
        Some((compound, None))
    }

    fn pseudo_class(&mut self, name: &str, args: Option<&str>, specificity: &mut (u32, u32, u32)) -> Simple {
        let list = |parser: &Self| -> Option<Vec<Selector>> {
            if parser.nesting >= MAX_NESTING {
                return None;
            }
            split_top(args?, b',')
                .into_iter()
                .map(|s| Parser { text: s, bytes: s.as_bytes(), i: 0, nesting: parser.nesting + 1 }.selector())
                .collect()
        };
        let most = |list: &[Selector]| list.iter().map(|s| s.specificity).max().unwrap_or_default();
        let add = |specificity: &mut (u32, u32, u32), (a, b, c): (u32, u32, u32)| {
            specificity.0 += a;
            specificity.1 += b;
            specificity.2 += c;
        };
        match name {
            "is" | "matches" | "any" | "-webkit-any" | "-moz-any" | "where" | "not" => {
                let Some(list) = list(self) else {
                    specificity.1 += 1;
                    return Simple::Unknown;
                };
                if name != "where" {
                    add(specificity, most(&list));
                }
                if list.iter().any(|s| s.pseudo.is_some()) {
                    return Simple::Unknown;
                }
                if name == "not" {
                    Simple::Not(list)
                } else {
                    Simple::Is(list)
                }
            }
            _ => {
                specificity.1 += 1;
                match (name, args) {
                    ("first-child", None) => Simple::NthChild(0, 1),
                    ("first-of-type", None) => Simple::NthOfType(0, 1),
                    ("root", None) => Simple::Root,
                    ("nth-child", Some(a)) => parse_nth(a).map_or(Simple::Unknown, |(a, b)| Simple::NthChild(a, b)),
                    ("nth-of-type", Some(a)) => parse_nth(a).map_or(Simple::Unknown, |(a, b)| Simple::NthOfType(a, b)),
                    _ => Simple::Unknown,
                }
            }
        }
    }
}

/// The inside of `[…]`: a name, and an operator, a value and a flag if any.
fn attribute_selector(inner: &str) -> Simple {
    let inner = inner.trim();
    let bytes = inner.as_bytes();
    let (mut name, mut end) = identifier(inner, 0);
    if bytes.get(end) == Some(&b'|') && bytes.get(end + 1) != Some(&b'=') {
        (name, end) = identifier(inner, end + 1);
    } else if bytes.first() == Some(&b'*') && bytes.get(1) == Some(&b'|') {
        (name, end) = identifier(inner, 2);
    }
    let name = name.to_ascii_lowercase();
    let rest = inner[end..].trim_start();
    let ops = [
        ("~=", AttrOp::Word),
        ("|=", AttrOp::DashPrefix),
        ("^=", AttrOp::Prefix),
        ("$=", AttrOp::Suffix),
        ("*=", AttrOp::Contains),
        ("=", AttrOp::Equals),
    ];
    let Some((op, rest)) = ops.iter().find_map(|(s, op)| rest.strip_prefix(s).map(|r| (*op, r.trim_start()))) else {
        return if name.is_empty() {
            Simple::Unknown
        } else {
            Simple::Attr { name, op: AttrOp::Exists, value: String::new(), fold_case: false }
        };
    };
    let (value, after) = match rest.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => {
            let close = skip_string(rest.as_bytes(), 0);
            let inner_end = if close > 1 && rest.as_bytes().get(close - 1) == Some(&q) { close - 1 } else { close };
            (unescape(&rest[1..inner_end.max(1)], true), &rest[close..])
        }
        _ => {
            let (v, e) = identifier(rest, 0);
            (v, &rest[e..])
        }
    };
    let fold_case = after.trim().eq_ignore_ascii_case("i");
    Simple::Attr { name, op, value, fold_case }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, attrs: &[(&str, &str)]) -> Node {
        Node::new(name, attrs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect())
    }

    /// Opens `path` (each element inside the last), then asks `selector` of `subject` there.
    fn check(selector: &str, path: &[Node], siblings: &[Node], subject: Node) -> Tri {
        let mut scope = Scope::default();
        for n in path {
            let n = scope.place(n.clone());
            scope.start(Rc::new(n), true);
        }
        for n in siblings {
            let n = scope.place(n.clone());
            scope.start(Rc::new(n), false);
        }
        let subject = scope.place(subject);
        let mut budget = 10_000;
        Selector::parse(selector).unwrap().matches(&scope, &subject, &mut budget)
    }

    #[test]
    fn combinators_look_at_ancestors_and_earlier_siblings() {
        let path = [node("html", &[]), node("body", &[]), node("div", &[("class", "note x")]), node("p", &[])];
        let span = || node("span", &[("class", "a"), ("data-k", "机密 一级")]);
        assert_eq!(check(".note span.a", &path, &[], span()), Tri::Yes);
        assert_eq!(check("div.note > span.a", &path, &[], span()), Tri::No);
        assert_eq!(check("div.note > p > .a", &path, &[], span()), Tri::Yes);
        assert_eq!(check(".other .a", &path, &[], span()), Tri::No);
        assert_eq!(check("html:root body div p span", &path, &[], span()), Tri::Yes);
        assert_eq!(check("b + span", &path, &[node("i", &[]), node("b", &[])], span()), Tri::Yes);
        assert_eq!(check("i + span", &path, &[node("i", &[]), node("b", &[])], span()), Tri::No);
        assert_eq!(check("i ~ span", &path, &[node("i", &[]), node("b", &[])], span()), Tri::Yes);
        assert_eq!(check("p > b ~ span:nth-child(3)", &path, &[node("i", &[]), node("b", &[])], span()), Tri::Yes);
        assert_eq!(check("span:first-child", &path, &[node("i", &[])], span()), Tri::No);
        assert_eq!(check("span:first-of-type", &path, &[node("i", &[])], span()), Tri::Yes);
        assert_eq!(check("span:nth-child(odd)", &path, &[node("i", &[]), node("b", &[])], span()), Tri::Yes);
        assert_eq!(check("span:nth-child(2n)", &path, &[node("i", &[]), node("b", &[])], span()), Tri::No);
    }

    /// Found by fuzzing (`sniff_extract`, session 5): a bracket or parenthesis never closed at
    /// the end of a style sheet whose last character is longer than one byte was cut inside that
    /// character (a panic, so the HTML file was not read). Never closed, it now runs to the end
    /// of the text, as CSS closes what is still open at the end of a sheet.
    #[test]
    fn an_unclosed_bracket_or_parenthesis_runs_to_the_end_of_the_text() {
        for text in ["[机", "span[data-k=机", "span:not(机", ":is(é", "p:nth-child(𠀀", "[", ":not(", "a[b=\\机"]
        {
            let _ = Selector::parse(text);
        }
        let path = [node("div", &[])];
        let span = || node("span", &[("data-k", "机密"), ("class", "x")]);
        assert_eq!(check("span[data-k=机密", &path, &[], span()), Tri::Yes);
        assert_eq!(check("span[data-k=机", &path, &[], span()), Tri::No);
        assert_eq!(check("span[data-k=机密]", &path, &[], span()), Tri::Yes);
        assert_eq!(check("span:not(.密", &path, &[], span()), Tri::Yes);
        assert_eq!(check("span:is(.x", &path, &[], span()), Tri::Yes);
    }

    #[test]
    fn attributes_and_pseudo_classes() {
        let span = || node("SPAN", &[("class", "a"), ("Data-K", "机密 一级"), ("lang", "zh-CN")]);
        let path = [node("div", &[("id", "m")])];
        for (selector, want) in [
            ("[data-k]", Tri::Yes),
            ("[data-k='机密 一级']", Tri::Yes),
            ("[data-k~=一级]", Tri::Yes),
            ("[data-k^=\"机\"]", Tri::Yes),
            ("[data-k$=级]", Tri::Yes),
            ("[data-k*='密 一']", Tri::Yes),
            ("[lang|=zh]", Tri::Yes),
            ("[lang='ZH-cn' i]", Tri::Yes),
            ("[lang='ZH-cn']", Tri::No),
            ("[data-x]", Tri::No),
            ("span:not(.b)", Tri::Yes),
            ("span:not(.a, .b)", Tri::No),
            ("#m :is(em, span.a)", Tri::Yes),
            ("#n :where(span)", Tri::No),
            ("span:hover", Tri::Maybe),
            ("span:last-child", Tri::Maybe),
            ("div:has(span) span", Tri::Maybe),
            ("span:not(:hover)", Tri::Maybe),
            ("em:hover", Tri::No),
            ("svg|span", Tri::Yes),
        ] {
            assert_eq!(check(selector, &path, &[], span()), want, "{selector}");
        }
    }

    #[test]
    fn specificity_and_pseudo_elements() {
        let s = Selector::parse("#a div.b > p:is(.c, #d)::before").unwrap();
        assert_eq!((s.specificity, s.pseudo, s.key()), ((2, 1, 3), Some(Pseudo::Before), "p".to_owned()));
        assert_eq!(Selector::parse(":where(#x) .y:AFTER").unwrap().specificity, (0, 1, 1));
        assert_eq!(Selector::parse(".y:after").unwrap().pseudo, Some(Pseudo::After));
        assert!(Selector::parse("input::placeholder").is_none());
        assert!(Selector::parse("p:first-line").is_none());
        assert_eq!(parse_nth(" -n + 3 "), Some((-1, 3)));
        assert_eq!(parse_nth("even"), Some((2, 0)));
        assert_eq!(parse_nth("x"), None);
    }

    #[test]
    fn hostile_selectors_end() {
        for s in [
            "",
            ">",
            "a >",
            "[",
            "[a=",
            "[a='",
            ":not(",
            ":is(:is(:is(:is(:is(:is(a))))))",
            "\\",
            "a||b",
            "::",
            "*|*",
            "a)b > c",
            "a!b!c",
        ] {
            let _ = Selector::parse(s);
        }
        // A chain of descendant combinators on a deep page is bounded by the budget.
        let deep: Vec<Node> = (0..300).map(|_| node("div", &[])).collect();
        let mut scope = Scope::default();
        for n in deep {
            let n = scope.place(n);
            scope.start(Rc::new(n), true);
        }
        let subject = scope.place(node("div", &[]));
        let selector = Selector::parse(&format!("span {}", "div ".repeat(40))).unwrap();
        let mut budget = 100_000;
        let _ = selector.matches(&scope, &subject, &mut budget);
        assert_eq!(budget, 0);
    }
}
