//! The walk over a page's tokens that gathers what a viewer is shown and what a user can reach:
//! see the documentation of the `html` module for what goes where.
//!
//! The walk keeps a small stack of open elements (bounded by [`MAX_OPEN`]) for what is placed at
//! an element's end: `::after` content and the end of a bidi override. Documents inside the page
//! (an `<iframe srcdoc>`, the HTML a script writes) are read by the same walk, at most
//! [`MAX_NESTING`] deep; deeper ones are reported as not read.

use super::arrange::{self, Flow, Item, Place};
use super::bidi::{self, LRO, PDF, RLO};
use super::css::{self, Piece, Style, Stylesheet};
use super::selector::{Node, Scope};
use super::{attribute, collapse_lines, decode_references, meta_property, push_collapsed, Token, Tokenizer};
use super::{data_url, for_each_attribute, DATA_URL_PART, HANDLER_PART, SCRIPT_PART, SRCDOC_PART, TEMPLATE_PART};
use crate::column_runs::{letters, Columns};
use crate::javascript as script;
use crate::text;
use mijian_core::{Cap, Unread};
use std::borrow::Cow;
use std::rc::Rc;

/// Open elements tracked for their end; deeper ones get their `::after` text at their start.
const MAX_OPEN: usize = 512;
/// How deep documents nest in documents (srcdoc in srcdoc, a write that writes a script…).
const MAX_NESTING: usize = 4;
/// Children of one container whose place is kept for reading them in display order.
const MAX_ITEMS: usize = 10_000;

/// Where text hidden from the eye starts in the body, where text shown again inside it starts
/// (`visibility: visible` in a hidden parent), and where the innermost of these ends (see
/// [`Page::shown_lines`]): noncharacters, which the page's own text never brings in (they are
/// dropped from it).
pub(super) const HIDE_START: char = '\u{FDD0}';
pub(super) const HIDE_END: char = '\u{FDD1}';
pub(super) const SHOW_START: char = '\u{FDD2}';
/// All the marks.
pub(super) const MARKS: [char; 3] = [HIDE_START, HIDE_END, SHOW_START];

/// Elements that end a line where they open and where they close.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
    "xmp",
    "plaintext",
    "frame",
    "iframe",
    "noframes",
    "select",
    "textarea",
];
/// `body[range]`, the range's ends moved back to character boundaries (the walk may have put a
/// mark where a line break was after a recorded end).
fn slice(body: &str, range: std::ops::Range<usize>) -> &str {
    let floor = |mut i: usize| {
        i = i.min(body.len());
        while !body.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (floor(range.start), floor(range.end));
    &body[start..end.max(start)]
}

/// The text of a stretch of the body as it shows: hidden parts (between [`HIDE_START`] and its
/// [`HIDE_END`], but for what [`SHOW_START`] shows again) left out, the marks removed.
fn shown_text(stretch: &str) -> String {
    let mut out = String::with_capacity(stretch.len());
    let mut marks: Vec<bool> = Vec::new();
    for c in stretch.chars() {
        match c {
            HIDE_START => marks.push(true),
            SHOW_START => marks.push(false),
            HIDE_END => {
                marks.pop();
            }
            _ if marks.last() == Some(&true) => {}
            c => out.push(c),
        }
    }
    out
}

/// Elements with no end tag: nothing to wait for.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements closed by the start of another of their kind (`<li>a<li>b`).
const SELF_ENDING: &[&str] = &["p", "li", "option", "dt", "dd", "tr", "td", "th", "rt", "rp", "rb"];

/// What the walk gathered from a page.
#[derive(Default, Debug)]
pub(super) struct Page {
    /// Visible text, with `\n` at block boundaries (collapsed later), bidi controls unapplied.
    body: String,
    /// (field, value) of the title and the metas kept.
    pub(super) properties: Vec<(String, String)>,
    pub(super) comments: Vec<String>,
    /// (what, text) of text a user can reach but that is not body text: `title` and
    /// `aria-label` attributes, hidden and unshown form values, ruby annotations, the title of an
    /// inner document.
    pub(super) notes: Vec<(String, String)>,
    /// (part, body lines) of each document inside the page, in document order: `<iframe srcdoc>`
    /// documents and documents in `data:` URLs.
    pub(super) frames: Vec<(&'static str, String)>,
    /// (selector, text) of CSS generated content that applied to no element.
    pub(super) generated: Vec<(String, String)>,
    /// Why some part was not read (nesting too deep).
    pub(super) unread: Vec<Unread>,
    /// The pictures of `<img src="data:image/…">` (and `<input type=image>`), for OCR, in
    /// document order; pictures behind other URLs are not part of the page's bytes.
    pub(super) pictures: Vec<Vec<u8>>,
    /// (field, text) of runs of short cells down a table column, read top to bottom (see
    /// [`column_runs`](crate::column_runs)); field = `table 2, column B, rows 3-6`.
    pub(super) column_runs: Vec<(String, String)>,
    /// Tables started so far, to number them.
    tables_seen: u32,
    /// Ruby annotation text being gathered, while inside `rt`/`rp`.
    annotation: Option<String>,
    /// Annotation text of the current `ruby`, noted at its end.
    ruby_notes: String,
    /// Characters of style-sheet generated content (`::before`/`::after`) the page may still
    /// place in elements: see [`Page::read`]. Documents inside the page draw on the same bound.
    generated_left: usize,
    /// Whether some generated content was kept out of its element by that bound (elements get
    /// none from then on).
    generated_over: bool,
    /// (where in the body the container starts, its text in display order) of each container
    /// whose layout shows its children in another order than the source (see [`arrange`]).
    arranged: Vec<(usize, String)>,
    /// Characters such readings may still take: the page's length, like generated content.
    arranged_left: usize,
}

/// The open elements: what waits for their end and, when the page has style rules, what their
/// selectors look back at (kept level for level with `list`).
struct OpenElements {
    list: Vec<Open>,
    scope: Option<Scope>,
}

/// A table being read: where its current cell is, and its columns' short cells.
#[derive(Default)]
struct Table {
    number: u32,
    /// The current row and column, from 1 (0: none yet), and the column the next cell starts in
    /// (a cell spans `colspan` columns).
    row: u32,
    column: u32,
    next_column: u32,
    /// Where the current cell's text starts in the body.
    cell_start: Option<usize>,
    columns: Columns,
}

/// An element waiting for its end tag.
struct Open {
    name: String,
    /// Its `::after` text.
    after: Option<String>,
    /// Whether it opened a bidi override (closed at its end).
    overrides: bool,
    /// Its direction, inherited by its children.
    rtl: bool,
    /// Whether its text is hidden from the eye.
    hides: bool,
    /// Whether the body marks where it changes that (see [`HIDE_START`], [`SHOW_START`]).
    marked: bool,
    /// Whether it is a block taken out of the layout (`display:none`…): the line the walk
    /// ends for it does not end on the page, so its ends are inside the hidden part.
    collapses: bool,
    /// What its children inherit or cannot undo (see [`Looks`]).
    looks: Looks,
    /// The string its list items' markers print (`list-style-type: "机"`), inherited.
    marker: Option<std::rc::Rc<str>>,
    /// Where it starts in the body, and where its content (after its marks) starts.
    start: usize,
    content_start: usize,
    /// Where the layout places it among its siblings, and how it runs its own children.
    place: Place,
    flow: Option<Flow>,
    /// Its children that the layout moves (all of them in a reversed flow), in source order.
    items: Vec<Item>,
}

/// What decides whether an element's text shows, as its children inherit it.
#[derive(Clone, Copy, Debug, Default)]
struct Looks {
    /// Not displayed, or out of sight in a way no child undoes (zero opacity…).
    gone: bool,
    /// `visibility: hidden`, which a child's `visible` undoes.
    invisible: bool,
    /// A font size too small to read, which a child's own size undoes.
    tiny: bool,
    /// The text colour.
    ink: Option<css::Ink>,
    /// The nearest background painted behind: a colour (true) or white (false).
    background: Option<bool>,
}

impl Looks {
    fn hides(&self) -> bool {
        self.gone
            || self.invisible
            || self.tiny
            || match self.ink {
                Some(css::Ink::Clear) => true,
                Some(css::Ink::White) => self.background != Some(true),
                _ => false,
            }
    }
}

impl Page {
    /// Reads a whole page.
    ///
    /// Style sheets can multiply text: one `::before` rule gives its `content` to every element
    /// it matches, and `attr()` repeats attributes, so a small page could make a huge text. The
    /// generated content placed in elements is bounded by the page's length: at most one
    /// character per character of `html` (so per byte of the file) for the page and the
    /// documents inside it together. Past
    /// the bound, elements get no more generated content, the page records
    /// [`Cap::CssGenerated`] (a limit: the file needs review, never a silent `pass`), and the
    /// text of every rule no element showed is still read apart ([`Stylesheet::unapplied`]).
    /// The page's own text is never cut.
    pub(super) fn read(html: &str) -> Page {
        Page::read_nested(html, 0, html.chars().count())
    }

    /// Reads a page or an inner document at `nesting`, with `generated` characters of generated
    /// content left to place.
    fn read_nested(html: &str, nesting: usize, generated: usize) -> Page {
        let mut page = Page { generated_left: generated, arranged_left: html.len(), ..Page::default() };
        let mut sheet = style_sheet(html);
        page.walk(html, &mut sheet, nesting, false);
        page.end_ruby();
        page.generated = sheet.unapplied();
        let capped = Unread::Limit(Cap::CssGenerated);
        if ((sheet.exhausted() && sheet.has_text_rules()) || page.generated_over) && !page.unread.contains(&capped) {
            page.unread.push(capped);
        }
        page
    }

    /// Where text goes now: the ruby annotation inside `rt`/`rp`, else the body.
    fn text_mut(&mut self) -> &mut String {
        match &mut self.annotation {
            Some(annotation) => annotation,
            None => &mut self.body,
        }
    }

    fn note(&mut self, what: &str, text: &str) {
        let text = collapse_lines(&text.replace(MARKS, ""));
        if !text.is_empty() {
            self.notes.push((what.to_owned(), text));
        }
    }

    /// Inline text of a control or generated content, with spaces around where asked.
    fn push_inline(&mut self, text: &str, spaced: bool) {
        if text.trim().is_empty() {
            return;
        }
        let out = self.text_mut();
        if spaced && !out.trim_end_matches(MARKS).ends_with([' ', '\n', '\t']) {
            out.push(' ');
        }
        push_collapsed(out, text);
        if spaced {
            out.push(' ');
        }
    }

    /// Ends an `rt`/`rp`: its text joins the notes of the current `ruby`.
    fn end_annotation(&mut self) {
        if let Some(annotation) = self.annotation.take() {
            self.ruby_notes.push(' ');
            self.ruby_notes.push_str(&annotation);
        }
    }

    /// Ends a `ruby`: its annotations are one note.
    fn end_ruby(&mut self) {
        self.end_annotation();
        let notes = std::mem::take(&mut self.ruby_notes);
        self.note("ruby annotation", &notes);
    }

    /// Walks `html`, appending to this page. `written`: the HTML a script wrote, whose style
    /// sheets were not seen by [`style_sheet`].
    fn walk(&mut self, html: &str, sheet: &mut Stylesheet, nesting: usize, written: bool) {
        let mut tokens = Tokenizer { html, pos: 0 };
        // Inside `pre` and the like, where white space is kept.
        let mut pre = 0u32;
        // A script may write a `<style>` of its own: its rules look back at this walk's elements.
        let mut open = OpenElements { list: Vec::new(), scope: (!sheet.is_empty() || written).then(Scope::default) };
        let mut tables: Vec<Table> = Vec::new();
        while let Some(token) = tokens.next_token() {
            match token {
                Token::Text(raw) => {
                    let text = decode_references(raw);
                    if pre > 0 {
                        let text = text.replace("\r\n", "\n").replace(MARKS, "");
                        self.text_mut().push_str(&text);
                    } else {
                        push_collapsed(self.text_mut(), &text);
                    }
                }
                Token::Comment(raw) => {
                    let text = collapse_lines(raw);
                    if !text.is_empty() {
                        self.comments.push(text);
                    }
                }
                Token::Start { name, attrs, self_closing } => {
                    let name = name.to_ascii_lowercase();
                    self.reachable_attributes(attrs);
                    self.handlers(attrs, nesting);
                    if let Some(style) = attribute(attrs, "style") {
                        self.css_pictures(&decode_references(style), nesting);
                    }
                    match name.as_str() {
                        "title" if !self_closing => {
                            // A title's content is text only (RCDATA): read it up to its end tag.
                            let raw = tokens.raw_text_until("title");
                            let text = collapse_lines(&decode_references(raw));
                            if !text.is_empty() {
                                self.properties.push(("title".to_owned(), text));
                            }
                            continue;
                        }
                        "textarea" if !self_closing => {
                            self.body.push('\n');
                            let raw = tokens.raw_text_until("textarea");
                            let text = decode_references(raw);
                            if text.trim().is_empty() {
                                if let Some(placeholder) = attribute(attrs, "placeholder") {
                                    self.push_inline(&decode_references(placeholder), false);
                                }
                            }
                            self.body.push_str(&text.replace(MARKS, ""));
                            self.body.push('\n');
                            continue;
                        }
                        "script" if !self_closing => {
                            let raw = tokens.raw_text_until("script");
                            match script_kind(attrs) {
                                ScriptKind::JavaScript => {
                                    let html = script::written_html(raw);
                                    self.inner_html(&html, sheet, nesting);
                                    self.note("script", &script::string_literals(raw).join("\n"));
                                }
                                ScriptKind::Json => self.note("script data", &script::string_literals(raw).join("\n")),
                                ScriptKind::Markup => self.inner_document(SCRIPT_PART, raw, nesting),
                            }
                            continue;
                        }
                        "style" if !self_closing => {
                            let raw = tokens.raw_text_until("style");
                            if written {
                                sheet.add(raw);
                            }
                            self.css_pictures(raw, nesting);
                            for comment in css::comments(raw) {
                                let text = collapse_lines(comment);
                                if !text.is_empty() {
                                    self.comments.push(text);
                                }
                            }
                            continue;
                        }
                        "template" if !self_closing => {
                            let raw = tokens.raw_text_until("template");
                            self.inner_document(TEMPLATE_PART, raw, nesting);
                            continue;
                        }
                        "meta" => {
                            if let Some(p) = meta_property(attrs) {
                                self.properties.push(p);
                            }
                            // `<meta http-equiv="refresh" content="0; url=…">`: where the page sends
                            // its reader, a link followed without a click.
                            let refresh = attribute(attrs, "http-equiv")
                                .is_some_and(|h| h.trim().eq_ignore_ascii_case("refresh"));
                            if let Some(content) = attribute(attrs, "content").filter(|_| refresh) {
                                let content = decode_references(content);
                                let lower = content.to_ascii_lowercase();
                                if let Some(at) = lower.find("url=") {
                                    let url = content[at + 4..].trim().trim_matches(|c| c == '\'' || c == '"');
                                    self.link_target(url);
                                }
                            }
                        }
                        "img" => {
                            if let Some(alt) = attribute(attrs, "alt") {
                                self.push_inline(&decode_references(alt), true);
                            }
                            if let Some(src) = attribute(attrs, "src").map(decode_references) {
                                if let Some(picture) = data_url::picture(&src) {
                                    self.pictures.push(picture);
                                }
                                // An SVG picture in the page draws its text (a picture shows no
                                // other document).
                                if data_url::is_svg(&src) {
                                    self.data_url(&src, nesting);
                                }
                            }
                        }
                        "input" => self.input(attrs),
                        "option" | "optgroup" => {
                            // A label is shown instead of the option's text (and heads a group).
                            if let Some(label) = attribute(attrs, "label") {
                                self.body.push('\n');
                                self.push_inline(&decode_references(label), false);
                            }
                            // A `datalist` suggestion shows its value.
                            if let Some(value) = attribute(attrs, "value") {
                                self.note("option value", &decode_references(value));
                            }
                        }
                        "button" => {
                            if let Some(value) = attribute(attrs, "value") {
                                self.note("button value", &decode_references(value));
                            }
                        }
                        "iframe" | "frame" | "embed" | "object" | "a" | "area" => {
                            if let Some(alt) = attribute(attrs, "alt").filter(|_| name == "area") {
                                self.push_inline(&decode_references(alt), true);
                            }
                            if let Some(srcdoc) = attribute(attrs, "srcdoc").filter(|_| name == "iframe") {
                                self.frame(&decode_references(srcdoc), nesting);
                            }
                            let url = match name.as_str() {
                                "object" => "data",
                                "a" | "area" => "href",
                                _ => "src",
                            };
                            if let Some(url) = attribute(attrs, url) {
                                let url = decode_references(url);
                                if matches!(name.as_str(), "a" | "area") {
                                    self.link_target(&url);
                                }
                                self.data_url(&url, nesting);
                            }
                            // The file name a download link saves as, shown in the save dialog.
                            if let Some(file) =
                                attribute(attrs, "download").filter(|_| matches!(name.as_str(), "a" | "area"))
                            {
                                self.note("download", &decode_references(file));
                            }
                        }
                        // A text track's label, listed in the player's subtitles menu.
                        "track" => {
                            if let Some(label) = attribute(attrs, "label") {
                                self.note("track label", &decode_references(label));
                            }
                        }
                        "rt" | "rp" | "rtc" => {
                            self.end_annotation();
                            self.annotation = Some(String::new());
                        }
                        "rb" => {
                            self.end_annotation();
                        }
                        "ruby" => self.end_ruby(),
                        _ => {}
                    }
                    if SELF_ENDING.contains(&name.as_str())
                        && open.list.last().is_some_and(|o| ends_with(&o.name, &name))
                    {
                        self.close(&mut open, 1);
                    }
                    self.table_start(&mut tables, &name, attrs);
                    let mut block = false;
                    match name.as_str() {
                        "br" => {
                            // Each line is drawn on its own: an override open here goes on after
                            // the break, so it is closed before it and opened again after it.
                            let overrides: Vec<char> = open
                                .list
                                .iter()
                                .filter(|o| o.overrides)
                                .map(|o| if o.rtl { RLO } else { LRO })
                                .collect();
                            let out = self.text_mut();
                            out.extend(overrides.iter().map(|_| PDF));
                            out.push('\n');
                            out.extend(overrides);
                        }
                        "td" | "th" => self.body.push('\t'),
                        "pre" | "listing" | "xmp" if !self_closing => {
                            pre += 1;
                            self.body.push('\n');
                            block = true;
                        }
                        n if BLOCKS.contains(&n) => {
                            self.body.push('\n');
                            block = true;
                        }
                        _ => {}
                    }
                    if !VOID.contains(&name.as_str()) {
                        self.open_element(&mut open, &name, attrs, sheet, self_closing, block);
                    } else if let Some(scope) = &mut open.scope {
                        // No generated content, but a sibling that selectors look back at.
                        let node = scope.place(Node::new(&name, node_attributes(attrs)));
                        scope.start(Rc::new(node), false);
                    }
                }
                Token::End(name) => {
                    let name = name.to_ascii_lowercase();
                    // A hidden block ends its line inside its hidden part (see `end_element`).
                    let mut line_ended = false;
                    if let Some(at) = open.list.iter().rposition(|o| o.name == name) {
                        line_ended = open.list[at].marked && open.list[at].collapses;
                        let count = open.list.len() - at;
                        self.close(&mut open, count);
                    }
                    self.table_end(&mut tables, &name);
                    match name.as_str() {
                        "rt" | "rp" | "rtc" => {
                            self.end_annotation();
                        }
                        "ruby" => self.end_ruby(),
                        "pre" | "listing" | "xmp" => {
                            pre = pre.saturating_sub(1);
                            if !line_ended {
                                self.body.push('\n');
                            }
                        }
                        "td" | "th" => self.body.push('\t'),
                        n if BLOCKS.contains(&n) && !line_ended => self.body.push('\n'),
                        _ => {}
                    }
                }
            }
        }
        let all = open.list.len();
        self.close(&mut open, all);
        while !tables.is_empty() {
            self.table_end(&mut tables, "table");
        }
    }

    /// A start tag's place in the tables: a table, a row or a cell starts.
    fn table_start(&mut self, tables: &mut Vec<Table>, name: &str, attrs: &str) {
        match name {
            "table" => {
                self.tables_seen += 1;
                tables.push(Table { number: self.tables_seen, ..Table::default() });
            }
            "tr" | "td" | "th" => {
                let Some(table) = tables.last_mut() else { return };
                self.end_cell(table);
                if name == "tr" {
                    table.row += 1;
                    table.column = 0;
                    table.next_column = 1;
                } else {
                    table.row = table.row.max(1);
                    let span = attribute(attrs, "colspan").and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(1);
                    table.column = table.next_column.max(1);
                    table.next_column = table.column.saturating_add(span.clamp(1, 1000));
                    table.cell_start = Some(self.body.len());
                }
            }
            _ => {}
        }
    }

    /// An end tag's place in the tables: a cell, a row or a table ends.
    fn table_end(&mut self, tables: &mut Vec<Table>, name: &str) {
        match name {
            "td" | "th" | "tr" => {
                if let Some(table) = tables.last_mut() {
                    self.end_cell(table);
                }
            }
            "table" => {
                let Some(mut table) = tables.pop() else { return };
                self.end_cell(&mut table);
                for run in table.columns.runs() {
                    self.column_runs.push((format!("table {}, {}", table.number, run.field()), run.text));
                }
            }
            _ => {}
        }
    }

    /// The current cell of `table` ends: its text is noted for the runs down its column.
    fn end_cell(&mut self, table: &mut Table) {
        let Some(start) = table.cell_start.take() else { return };
        let text = self.body.get(start..).unwrap_or_default().replace(MARKS, "");
        let text: String = bidi::display_order(text.trim()).split_whitespace().collect::<Vec<_>>().join(" ");
        table.columns.cell_at(&letters(table.column.saturating_sub(1)), table.row, &text);
    }

    /// `title` and the ARIA texts: shown as a tooltip or read out by a screen reader.
    fn reachable_attributes(&mut self, attrs: &str) {
        if attrs.trim().is_empty() {
            return;
        }
        for what in ["title", "aria-label", "aria-description", "aria-placeholder", "aria-valuetext"] {
            if let Some(value) = attribute(attrs, what) {
                self.note(what, &decode_references(value));
            }
        }
        // Any other attribute that holds more than ASCII (`data-note="…"`, a made-up `mark="…"`):
        // in the published source for anyone who opens it, as a comment is. Those read elsewhere
        // (shown values, links, scripts, styles) are left to that reading.
        let mut other: Vec<(String, String)> = Vec::new();
        for_each_attribute(attrs, |name, value| {
            if !value.is_ascii() && !read_elsewhere(name) {
                other.push((name.to_ascii_lowercase(), decode_references(value).into_owned()));
            }
            false
        });
        for (name, value) in other {
            self.note(&format!("attribute {name}"), &value);
        }
    }

    /// What event handlers (`onclick`, `onload`…) and `javascript:` links write with
    /// `document.write` when they run: a document a user reaches by clicking.
    fn handlers(&mut self, attrs: &str, nesting: usize) {
        if !attrs.contains('=') {
            return;
        }
        let mut scripts: Vec<String> = Vec::new();
        for_each_attribute(attrs, |name, value| {
            let value = decode_references(value);
            if name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on") {
                scripts.push(value.into_owned());
            } else if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
                let trimmed = value.trim_start();
                if trimmed.get(..11).is_some_and(|s| s.eq_ignore_ascii_case("javascript:")) {
                    let code = crate::percent::decode_bytes(&trimmed.as_bytes()[11..]);
                    scripts.push(String::from_utf8_lossy(&code).into_owned());
                }
            }
            false
        });
        for script in scripts {
            let html = script::written_html(&script);
            self.inner_document(HANDLER_PART, &html, nesting);
            // Its other strings, as an inline script's (`alert('…')` shows one in a dialog).
            self.note("script", &script::string_literals(&script).join("\n"));
        }
    }

    /// The SVG pictures a style sheet or a `style` attribute draws from `data:` URLs (a
    /// background, `content: url(…)`): read for their text, as an `img` of them is.
    fn css_pictures(&mut self, css: &str, nesting: usize) {
        if !css.contains("url(") && !css.contains("URL(") {
            return;
        }
        for url in data_url::svg_urls_in_css(css) {
            self.data_url(&url, nesting);
        }
    }

    /// Where a link leads (`a`/`area` `href`), as the status bar shows it on hover: escapes
    /// decoded, as a note (field `hyperlink`). Not a `data:` or `javascript:` URL (their content
    /// is read as a document), nor an anchor in the page (`#top`).
    fn link_target(&mut self, url: &str) {
        let url = url.trim();
        let scheme = |s: &str| url.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s));
        if url.is_empty() || url.starts_with('#') || scheme("data:") || scheme("javascript:") {
            return;
        }
        self.note("hyperlink", &crate::percent::decoded(url));
    }

    /// The value and placeholder of an `<input>`: inline where the page shows them, a note where
    /// it does not (hidden fields, passwords, check boxes: published all the same).
    fn input(&mut self, attrs: &str) {
        let kind = attribute(attrs, "type").map_or_else(|| "text".to_owned(), |t| t.trim().to_ascii_lowercase());
        let value = attribute(attrs, "value").map(decode_references).filter(|v| !v.trim().is_empty());
        match kind.as_str() {
            "image" => {
                if let Some(alt) = attribute(attrs, "alt") {
                    self.push_inline(&decode_references(alt), true);
                }
            }
            "hidden" | "password" | "checkbox" | "radio" | "file" | "range" | "color" => {
                if let Some(value) = &value {
                    self.note(&format!("input {kind} value"), value);
                }
            }
            _ => {
                if let Some(value) = &value {
                    self.push_inline(value, true);
                }
            }
        }
        if let Some(placeholder) = attribute(attrs, "placeholder") {
            let placeholder = decode_references(placeholder);
            // Shown while the field is empty.
            if value.is_none() && kind != "hidden" {
                self.push_inline(&placeholder, true);
            } else {
                self.note("input placeholder", &placeholder);
            }
        }
    }

    /// An element's start: whether it hides its text, its bidi override, its `::before` and
    /// inline `content`, and what waits for its end. `block`: the walk has just ended the line
    /// for it.
    fn open_element(
        &mut self,
        open: &mut OpenElements,
        name: &str,
        attrs: &str,
        sheet: &mut Stylesheet,
        empty: bool,
        block: bool,
    ) {
        let start = self.body.len();
        let node = open.scope.as_ref().map(|scope| scope.place(Node::new(name, node_attributes(attrs))));
        let style = attribute(attrs, "style").map(|s| css::declarations(&decode_references(s)));
        let ruled = match (&open.scope, &node) {
            (Some(scope), Some(node)) => sheet.style(scope, node),
            _ => Style::default(),
        };
        let (mut overrides, mut rtl) = (ruled.bidi_override, ruled.rtl);
        if let Some(style) = &style {
            overrides = style.bidi_override.or(overrides);
            rtl = style.rtl.or(rtl);
        }
        let dir = attribute(attrs, "dir").map(|d| d.trim().eq_ignore_ascii_case("rtl"));
        let rtl = rtl.or(dir).unwrap_or_else(|| open.list.last().is_some_and(|o| o.rtl));
        let overrides = overrides.unwrap_or(false) || name == "bdo";
        // The cascade: the element's own `style` beats the sheet's rules unless a rule is
        // important and the attribute's declaration is not.
        fn pick<T>(own: Option<css::Set<T>>, ruled: Option<css::Set<T>>) -> Option<T> {
            match (own, ruled) {
                (Some(o), Some(r)) if r.important && !o.important => Some(r.value),
                (Some(o), _) => Some(o.value),
                (None, r) => r.map(|r| r.value),
            }
        }
        let own = style.as_ref();
        let parent = open.list.last().map(|o| o.looks).unwrap_or_default();
        // `hidden` is `display: none` of the browser's own sheet: any `display` beats it.
        let not_displayed =
            pick(own.and_then(|d| d.display_none), ruled.display_none).unwrap_or(attribute(attrs, "hidden").is_some());
        let gone_here = not_displayed || pick(own.and_then(|d| d.vanishes), ruled.vanishes).unwrap_or(false);
        let looks = Looks {
            gone: parent.gone || gone_here,
            invisible: pick(own.and_then(|d| d.invisible), ruled.invisible).unwrap_or(parent.invisible),
            tiny: pick(own.and_then(|d| d.tiny), ruled.tiny).unwrap_or(parent.tiny),
            ink: pick(own.and_then(|d| d.ink), ruled.ink).or(parent.ink),
            background: pick(own.and_then(|d| d.background), ruled.background).or(parent.background),
        };
        let hides = looks.hides();
        let marked = hides != open.list.last().is_some_and(|o| o.hides);
        let collapses = block && not_displayed;
        if marked {
            let mark = if hides { HIDE_START } else { SHOW_START };
            // The line the walk ended for a block out of the layout is not ended on the page.
            if collapses && self.annotation.is_none() && self.body.ends_with('\n') {
                self.body.pop();
                self.body.push(mark);
                self.body.push('\n');
            } else {
                self.text_mut().push(mark);
            }
        }
        if overrides {
            self.text_mut().push(if rtl { RLO } else { LRO });
        }
        let content_start = self.body.len();
        let positioned = pick(own.and_then(|d| d.layout.positioned), ruled.layout.positioned).unwrap_or(false);
        let (top, left) = (
            pick(own.and_then(|d| d.layout.top), ruled.layout.top),
            pick(own.and_then(|d| d.layout.left), ruled.layout.left),
        );
        let place = Place {
            order: pick(own.and_then(|d| d.layout.order), ruled.layout.order).unwrap_or(0),
            row: pick(own.and_then(|d| d.layout.grid_row), ruled.layout.grid_row).flatten(),
            column: pick(own.and_then(|d| d.layout.grid_column), ruled.layout.grid_column).flatten(),
            // A box with no offset stays where the flow would put it.
            at: (positioned && (top.is_some() || left.is_some())).then(|| (top.unwrap_or(0), left.unwrap_or(0))),
        };
        let flow = pick(own.and_then(|d| d.layout.flow), ruled.layout.flow);
        let mut generated = |page: &mut Page, (rule, pieces): (usize, Vec<Piece>)| {
            page.generated_text(pieces.as_slice(), attrs).inspect(|_| sheet.shown(rule))
        };
        // A list item's marker string, drawn before its content as a `::marker` would be: the
        // element's own `style` beats the sheet unless a rule is important, else inherited.
        let marker = match pick(own.and_then(|d| d.marker.clone()), ruled.marker.clone()) {
            Some(set) => set.map(Into::into),
            None => open.list.last().and_then(|o| o.marker.clone()),
        };
        if name == "li" {
            if let Some(text) = marker.as_deref().and_then(|m| self.generated_text(&[Piece::Text(m.to_owned())], attrs))
            {
                self.push_inline(&text, false);
            }
        }
        if let Some(before) = ruled.before.and_then(|rule| generated(self, rule)) {
            self.push_inline(&before, false);
        }
        if let Some(pieces) = style.as_ref().and_then(|s| s.content.as_ref()) {
            // The element's own `style` attribute: past the bound, its strings still (they are
            // in the page once), without what `attr()` would repeat.
            let text = self.generated_text(pieces, attrs).unwrap_or_else(|| css::literal_text(pieces));
            self.push_inline(&text, false);
        }
        let after = ruled.after.and_then(|rule| generated(self, rule));
        let pending = Open {
            name: name.to_owned(),
            after,
            overrides,
            rtl,
            hides,
            marked,
            collapses,
            looks,
            marker,
            start,
            content_start,
            place,
            flow,
            items: Vec::new(),
        };
        let stays = !empty && open.list.len() < MAX_OPEN;
        if let (Some(scope), Some(node)) = (&mut open.scope, node) {
            scope.start(Rc::new(node), stays);
        }
        if stays {
            open.list.push(pending);
        } else {
            self.end_element(pending, open.list.last_mut());
        }
    }

    /// The generated content `pieces` for the element with these attributes, if it fits in what
    /// the page may still generate (see [`Page::read`]). Past the bound, `None` from then on, and
    /// the page notes it: a style sheet rule's text is then read apart unless an element showed
    /// it before.
    fn generated_text(&mut self, pieces: &[Piece], attrs: &str) -> Option<String> {
        if self.generated_over {
            return None;
        }
        let Some(text) = resolve(pieces, attrs, self.generated_left) else {
            self.generated_over = true;
            return None;
        };
        self.generated_left -= text.chars().count();
        Some(text)
    }

    /// Ends the last `count` open elements, innermost first.
    fn close(&mut self, open: &mut OpenElements, count: usize) {
        for _ in 0..count.min(open.list.len()) {
            if let Some(element) = open.list.pop() {
                if let Some(scope) = &mut open.scope {
                    scope.end();
                }
                self.end_element(element, open.list.last_mut());
            }
        }
    }

    /// Ends `element`, a child of `parent`: its `::after` text, the end of its override and of
    /// its hidden part; its children again in display order if its layout moves them, and its
    /// own place noted in its parent if it is moved there.
    fn end_element(&mut self, element: Open, parent: Option<&mut Open>) {
        let content_end = self.body.len();
        if let Some(after) = &element.after {
            self.push_inline(after, false);
        }
        if element.overrides {
            self.text_mut().push(PDF);
        }
        if element.marked {
            if element.collapses && self.annotation.is_none() {
                self.body.push('\n');
            }
            self.text_mut().push(HIDE_END);
        }
        if self.annotation.is_some() {
            return; // Ruby annotations are read as notes, not laid out.
        }
        if !element.items.is_empty() || element.flow.is_some_and(|f| f.reverse) {
            self.arrange(&element, content_end);
        }
        if let Some(parent) = parent {
            let recorded = element.place.moves() || parent.flow.is_some_and(|f| f.reverse);
            if recorded && parent.items.len() < MAX_ITEMS {
                parent.items.push(Item { start: element.start, end: self.body.len(), place: element.place });
            }
        }
    }

    /// Reads the content of `container` (up to `end` in the body) again in the order its layout
    /// shows it, when that is another order than the source's; within what the page may still
    /// arrange (its length in characters: nested containers each read their text again).
    fn arrange(&mut self, container: &Open, end: usize) {
        if container.hides || self.arranged_left == 0 {
            return;
        }
        let body = &self.body;
        let shown = |range: std::ops::Range<usize>| shown_text(slice(body, range));
        let Some(text) = arrange::arranged(container.content_start..end, &container.items, container.flow, shown)
        else {
            return;
        };
        let count = text.chars().count();
        if count > self.arranged_left {
            self.arranged_left = 0;
            let capped = Unread::Limit(Cap::LayoutOrder);
            if !self.unread.contains(&capped) {
                self.unread.push(capped);
            }
            return;
        }
        self.arranged_left -= count;
        self.arranged.push((container.start, text));
    }

    /// Reads the HTML a script wrote where the script stands, with this page's style sheet.
    fn inner_html(&mut self, html: &str, sheet: &mut Stylesheet, nesting: usize) {
        if html.trim().is_empty() {
            return;
        }
        if nesting >= MAX_NESTING {
            self.unread.push(Unread::Limit(Cap::ScriptNesting(MAX_NESTING as u64)));
            return;
        }
        self.walk(html, sheet, nesting + 1, true);
    }

    /// Reads an `<iframe srcdoc>` document as a frame of this page.
    fn frame(&mut self, srcdoc: &str, nesting: usize) {
        self.inner_document(SRCDOC_PART, srcdoc, nesting);
    }

    /// Reads the document of a `data:` URL (a frame's source, a link's target), if it is one.
    fn data_url(&mut self, url: &str, nesting: usize) {
        let Some(document) = data_url::document(url) else { return };
        match document {
            data_url::Document::Html(bytes) | data_url::Document::Svg(bytes) => {
                let (html, encoding, errors) = super::decode(&bytes);
                if errors > 0 {
                    let tried = format!("data: URL, {}", encoding.name());
                    self.unread.push(Unread::UndecodableBytes { count: errors as u64, tried });
                }
                self.inner_document(DATA_URL_PART, &html, nesting);
            }
            // A style sheet shown by a frame is its source, as text.
            data_url::Document::Text(bytes) | data_url::Document::Css(bytes) => {
                let decoded = text::decode(&bytes);
                let lines = collapse_lines(&decoded.text);
                if !lines.is_empty() {
                    self.frames.push((DATA_URL_PART, lines + "\n"));
                }
            }
        }
    }

    /// Reads a document inside the page as a frame of it, in `part`.
    fn inner_document(&mut self, part: &'static str, html: &str, nesting: usize) {
        if html.trim().is_empty() {
            return;
        }
        if nesting >= MAX_NESTING {
            self.unread.push(Unread::Limit(Cap::FrameNesting(MAX_NESTING as u64)));
            return;
        }
        let inner = Page::read_nested(html, nesting + 1, self.generated_left);
        self.generated_left = inner.generated_left;
        self.frames.push((part, inner.body_lines()));
        self.frames.extend(inner.frames);
        self.comments.extend(inner.comments);
        for (field, value) in inner.properties {
            self.notes.push((format!("{part} {field}"), value));
        }
        self.notes.extend(inner.notes);
        self.generated.extend(inner.generated);
        self.unread.extend(inner.unread);
        self.pictures.extend(inner.pictures);
        self.column_runs.extend(inner.column_runs.into_iter().map(|(field, text)| (format!("{part} {field}"), text)));
    }

    /// The text of each container whose layout shows its children in another order than the
    /// source (see [`arrange`]), in that order: (the number of the body line, as
    /// [`Page::body_lines`] counts them, where the container starts; the text).
    pub(super) fn arranged_lines(&self) -> Vec<(u32, String)> {
        let mut out = Vec::with_capacity(self.arranged.len());
        let mut arranged: Vec<&(usize, String)> = self.arranged.iter().collect();
        arranged.sort_by_key(|(at, _)| *at);
        let mut arranged = arranged.into_iter().peekable();
        // Walk the body's lines once, numbering them as `body_lines` does.
        let (mut count, mut line_start) = (0u32, 0usize);
        for raw in self.body.split('\n') {
            let mut tidy = String::new();
            push_tidy_line(&mut tidy, raw);
            // An empty line has the number of the next one.
            let number = count + 1;
            count += u32::from(!tidy.is_empty());
            let line_end = line_start + raw.len();
            while let Some((_, text)) = arranged.next_if(|(at, _)| *at <= line_end) {
                out.push((number, text.clone()));
            }
            line_start = line_end + 1;
        }
        out.extend(arranged.map(|(_, text)| (count.max(1), text.clone())));
        out
    }

    /// The body text as lines in display order: each trimmed (tabs between cells kept), empty
    /// ones dropped.
    pub(super) fn body_lines(&self) -> String {
        let mut out = String::with_capacity(self.body.len());
        for line in self.body.lines() {
            push_tidy_line(&mut out, line);
        }
        out
    }

    /// The lines as a browser shows them where text hidden from the eye (`display:none`, the
    /// `hidden` attribute, a zero font size, white on no background…) sits between shown text
    /// of one line: `机<span hidden>公开</span>密★1年` shows `机密★1年`, which the body lines,
    /// holding the hidden text too, do not read. Each is (the number of the body line, as
    /// [`Page::body_lines`] counts them, where it starts; the line in display order). Lines
    /// that hidden text does not cut are body lines already and are not repeated.
    pub(super) fn shown_lines(&self) -> Vec<(u32, String)> {
        let mut out = Vec::new();
        if !self.body.contains(HIDE_START) {
            return out;
        }
        // For each line of the body, the number `body_lines` gives it (or the next one's).
        let mut count = 0u32;
        let numbers: Vec<u32> = self
            .body
            .split('\n')
            .map(|raw| {
                let mut tidy = String::new();
                push_tidy_line(&mut tidy, raw);
                count += u32::from(!tidy.is_empty());
                if tidy.is_empty() {
                    count + 1
                } else {
                    count
                }
            })
            .collect();
        // Whether text is hidden, innermost mark last.
        let mut marks: Vec<bool> = Vec::new();
        let (mut raw, mut start) = (0usize, 0usize);
        let (mut line, mut after_shown, mut cut) = (String::new(), false, false);
        let mut finish = |line: &mut String, cut: &mut bool, start: usize| {
            if std::mem::take(cut) {
                let mut tidy = String::new();
                push_tidy_line(&mut tidy, line);
                if !tidy.is_empty() {
                    tidy.pop();
                    out.push((numbers[start], tidy));
                }
            }
            line.clear();
        };
        for c in self.body.chars() {
            match c {
                HIDE_START | SHOW_START | HIDE_END => {
                    let was_hidden = marks.last() == Some(&true);
                    match c {
                        HIDE_START => marks.push(true),
                        SHOW_START => marks.push(false),
                        _ => {
                            marks.pop();
                        }
                    }
                    // Shown text, then hidden text (where a hidden part starts or a part
                    // shown inside one ends).
                    after_shown |= !was_hidden && marks.last() == Some(&true) && !line.trim().is_empty();
                }
                '\n' => {
                    raw += 1;
                    if marks.last() != Some(&true) {
                        finish(&mut line, &mut cut, start);
                        after_shown = false;
                        start = raw;
                    }
                }
                _ if marks.last() == Some(&true) => {}
                c => {
                    cut |= after_shown && !c.is_whitespace();
                    after_shown &= !cut;
                    line.push(c);
                }
            }
        }
        finish(&mut line, &mut cut, start);
        out
    }
}

/// Whether `open` is ended by the start of `next` (`dt` by `dd`, `td` by `th`, `rt` by `rp`…).
fn ends_with(open: &str, next: &str) -> bool {
    fn group(n: &str) -> &str {
        match n {
            "dt" | "dd" => "d",
            "td" | "th" => "t",
            "rt" | "rp" | "rb" => "r",
            other => other,
        }
    }
    group(open) == group(next)
}

/// What a `<script>` element holds, by its `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScriptKind {
    /// Code (no `type`, `module`, a JavaScript type).
    JavaScript,
    /// Data: JSON, JSON-LD, an import map (`…json`, `importmap`, `speculationrules`).
    Json,
    /// Anything else: a client-side template (`text/template`, `text/x-handlebars-template`…)
    /// or markup a script will insert, read as HTML.
    Markup,
}

fn script_kind(attrs: &str) -> ScriptKind {
    let Some(t) = attribute(attrs, "type") else { return ScriptKind::JavaScript };
    let t = t.trim().to_ascii_lowercase();
    if t.is_empty() || t == "module" || t.contains("javascript") || t.contains("ecmascript") || t.contains("jscript") {
        ScriptKind::JavaScript
    } else if t.contains("json") || t == "importmap" || t == "speculationrules" {
        ScriptKind::Json
    } else {
        ScriptKind::Markup
    }
}

/// The text of generated content for the element with these attributes, if it has at most
/// `max` characters (`content: attr(x) attr(x) …` is not built past that).
fn resolve(pieces: &[Piece], attrs: &str, max: usize) -> Option<String> {
    let mut text = String::new();
    let mut chars = 0usize;
    for piece in pieces {
        let part = match piece {
            Piece::Text(t) => Cow::Borrowed(t.as_str()),
            Piece::Attr(name) => attribute(attrs, name).map(decode_references).unwrap_or_default(),
        };
        chars += part.chars().count();
        if chars > max {
            return None;
        }
        text.push_str(&part);
    }
    Some(text)
}

/// The attributes of a tag, values decoded, for selectors to look at.
fn node_attributes(attrs: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for_each_attribute(attrs, |name, value| {
        out.push((name.to_owned(), decode_references(value).into_owned()));
        false
    });
    out
}

/// The style sheet of a page: the content of its `<style>` elements, wherever they are.
fn style_sheet(html: &str) -> Stylesheet {
    let mut sheet = Stylesheet::default();
    let mut tokens = Tokenizer { html, pos: 0 };
    while let Some(token) = tokens.next_token() {
        if let Token::Start { name, attrs, self_closing } = token {
            let name = name.to_ascii_lowercase();
            match name.as_str() {
                // A style sheet carried in a `data:` URL applies as a `<style>` does.
                "link" => {
                    let rel = attribute(attrs, "rel").is_some_and(|r| r.to_ascii_lowercase().contains("stylesheet"));
                    let href = attribute(attrs, "href").filter(|_| rel).map(decode_references);
                    if let Some(data_url::Document::Css(bytes)) = href.as_deref().and_then(data_url::document) {
                        sheet.add(&String::from_utf8_lossy(&bytes));
                    }
                }
                _ if self_closing => {}
                "style" => sheet.add(tokens.raw_text_until("style")),
                "script" | "template" | "title" | "textarea" => {
                    tokens.raw_text_until(&name);
                }
                _ => {}
            }
        }
    }
    sheet
}

/// Whether an attribute is read by another part of the walk (shown, a tooltip or label, a link,
/// a script, a style, a meta's content), not among "other attributes".
fn read_elsewhere(name: &str) -> bool {
    const READ: &[&str] = &[
        "title",
        "alt",
        "value",
        "placeholder",
        "href",
        "src",
        "srcdoc",
        "content",
        "label",
        "download",
        "style",
        "data",
        "action",
        "poster",
        "cite",
        "background",
    ];
    let lower = |p: &str| name.len() >= p.len() && name.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    READ.iter().any(|r| name.eq_ignore_ascii_case(r)) || lower("aria-") || lower("on")
}

/// Appends `line` to `out` as a body line (with its `\n`) unless it is empty: in display order,
/// trimmed (tabs between cells kept, several read as one), the hidden-text marks dropped.
fn push_tidy_line(out: &mut String, line: &str) {
    let line = bidi::display_order(line);
    let line =
        line.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\u{a0}' | '\r' | HIDE_START | HIDE_END | SHOW_START));
    if line.chars().all(|c| matches!(c, ' ' | '\t' | '\u{a0}' | '\r' | HIDE_START | HIDE_END | SHOW_START)) {
        return;
    }
    let mut last_tab = false;
    for c in line.chars() {
        match c {
            HIDE_START | HIDE_END | SHOW_START => {}
            '\t' => {
                if !last_tab {
                    out.push('\t');
                }
                last_tab = true;
            }
            c => {
                out.push(c);
                last_tab = false;
            }
        }
    }
    out.push('\n');
}
