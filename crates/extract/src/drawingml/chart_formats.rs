//! The number formats of a chart (`c:numFmt/@formatCode` of data labels and axes, the
//! `c:formatCode` and per-point `c:pt/@formatCode` of a number cache). A data label or an axis
//! shows each value through its format, so a format's literal text (`"机密★1年"`, `"机密★"0"年"`)
//! is printed on the chart although no cell or cache holds it. The values themselves are not
//! read (numbers say nothing); each format with text of its own is read as it shows the cached
//! values (a few distinct ones), or as its literal text when the chart caches none.

use quick_xml::events::{BytesStart, Event};

use crate::numfmt::{self, CellValue};
use crate::xml::XmlReader;
use crate::ExtractError;

/// At most this many cached values are kept to show a format with, and this many distinct
/// displays are read per format: the words around the value are what matter.
const VALUES: usize = 64;
const DISPLAYS: usize = 8;

/// The formats and values of one chart part, gathered while it is read.
#[derive(Default)]
pub(super) struct ChartFormats {
    formats: Vec<String>,
    values: Vec<f64>,
    /// The depth of an open number cache (`c:numCache`, `c:numLit`).
    cache: Option<usize>,
    /// The text of an open `c:v` (true) or `c:formatCode` (false) inside it.
    reading: Option<(bool, String)>,
}

impl ChartFormats {
    /// An element opens at `depth` (`empty`: it has no content).
    pub(super) fn open(
        &mut self,
        reader: &XmlReader<'_>,
        e: &BytesStart<'_>,
        local: &[u8],
        depth: usize,
        empty: bool,
    ) -> Result<(), ExtractError> {
        match local {
            b"numCache" | b"numLit" if !empty => self.cache = Some(depth),
            b"numFmt" | b"pt" => {
                if let Some(code) = reader.attr(e, b"formatCode")? {
                    self.add_format(&code);
                }
            }
            b"v" if self.cache.is_some() && !empty => self.reading = Some((true, String::new())),
            b"formatCode" if self.cache.is_some() && !empty => self.reading = Some((false, String::new())),
            _ => {}
        }
        Ok(())
    }

    /// Whether the text that follows belongs to the caches (and not to the chart's text).
    pub(super) fn wants_text(&self) -> bool {
        self.cache.is_some()
    }

    /// Text inside an open number cache.
    pub(super) fn text(&mut self, text: &str) {
        if let Some((_, buf)) = self.reading.as_mut() {
            buf.push_str(text);
        }
    }

    /// An element closes at `depth`.
    pub(super) fn close(&mut self, local: &[u8], depth: usize) {
        if matches!(local, b"v" | b"formatCode") {
            match self.reading.take() {
                Some((true, v)) => {
                    if let Ok(n) = v.trim().parse::<f64>() {
                        if self.values.len() < VALUES && !self.values.contains(&n) {
                            self.values.push(n);
                        }
                    }
                }
                Some((false, code)) => self.add_format(&code),
                None => {}
            }
        }
        if self.cache == Some(depth) {
            self.cache = None;
        }
    }

    fn add_format(&mut self, code: &str) {
        let code = code.trim();
        if !code.is_empty() && !self.formats.iter().any(|f| f == code) {
            self.formats.push(code.to_owned());
        }
    }

    /// What the formats show: for each format that prints text of its own, the distinct
    /// displays of the cached values, or its literal text without values.
    pub(super) fn shown(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for format in &self.formats {
            let literals = numfmt::literal_texts(format);
            if literals.is_empty() {
                continue;
            }
            let mut displays: Vec<String> = Vec::new();
            for &v in &self.values {
                if let Some(d) = numfmt::displayed(format, CellValue::Number(v)) {
                    if !displays.contains(&d) && displays.len() < DISPLAYS {
                        displays.push(d);
                    }
                }
            }
            if displays.is_empty() {
                displays = literals;
            }
            for d in displays {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
        out
    }
}

/// What the number formats of the chart part `xml` show, in a pass of its own: for a reader
/// that walks a chart's text with its own code (DOCX).
pub(crate) fn shown_in(part: &str, xml: &[u8], max_depth: usize) -> Result<Vec<String>, ExtractError> {
    let mut reader = XmlReader::new(part, xml, max_depth);
    let mut formats = ChartFormats::default();
    loop {
        match reader.next()? {
            Event::Start(e) => {
                let depth = reader.depth();
                formats.open(&reader, &e, crate::xml::local_name(e.name().as_ref()), depth, false)?;
            }
            Event::Empty(e) => {
                let depth = reader.depth() + 1;
                formats.open(&reader, &e, crate::xml::local_name(e.name().as_ref()), depth, true)?;
            }
            Event::Text(t) if formats.wants_text() => formats.text(&reader.text(&t)?),
            Event::End(e) => formats.close(crate::xml::local_name(e.name().as_ref()), reader.depth() + 1),
            Event::Eof => return Ok(formats.shown()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(xml: &str) -> Vec<String> {
        shown_in("chart", xml.as_bytes(), 64).unwrap()
    }

    #[test]
    fn formats_show_the_cached_values() {
        let chart = |label: &str, cache: &str| {
            format!(
                r#"<c:chartSpace xmlns:c="c"><c:ser><c:dLbls><c:numFmt formatCode="{label}" sourceLinked="0"/></c:dLbls><c:val><c:numRef><c:numCache><c:formatCode>{cache}</c:formatCode><c:ptCount val="2"/><c:pt idx="0"><c:v>1</c:v></c:pt><c:pt idx="1"><c:v>1</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:chartSpace>"#
            )
        };
        assert_eq!(shown(&chart("&quot;机密★&quot;0&quot;年&quot;", "General")), ["机密★1年"]);
        assert_eq!(shown(&chart("General", "&quot;绝密★启用前&quot;")), ["绝密★启用前"]);
        assert!(shown(&chart("0.00%", "#,##0")).is_empty(), "no text of their own");
        let axis = r#"<c:chartSpace xmlns:c="c"><c:valAx><c:numFmt formatCode="0&quot;秘密★6个月&quot;" sourceLinked="0"/></c:valAx></c:chartSpace>"#;
        assert_eq!(shown(axis), ["秘密★6个月"], "no values cached: its literal text");
    }
}
