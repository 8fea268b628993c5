//! Tesseract's TSV output: one row per page, block, paragraph, line and word, with boxes and
//! confidences. Only word rows (level 5) carry text; they are grouped back into lines here.

/// A box in the pixels of the picture as it was read: left, top, width, height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Box4 {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
}

impl Box4 {
    fn union(self, other: Box4) -> Box4 {
        if self.width == 0 || self.height == 0 {
            return other;
        }
        let right = (self.left + self.width).max(other.left + other.width);
        let bottom = (self.top + self.height).max(other.top + other.height);
        let (left, top) = (self.left.min(other.left), self.top.min(other.top));
        Box4 { left, top, width: right - left, height: bottom - top }
    }
}

/// One printed line as the engine read it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    /// The words joined: without a space between CJK characters, with one between Latin words.
    pub text: String,
    /// The mean confidence of the words (0–100).
    pub confidence: f32,
    /// Where the line is, in the pixels of the picture given to the engine.
    pub area: Box4,
}

/// The lines of a TSV answer, in the engine's reading order. Rows that do not parse are skipped:
/// the engine wrote them, and a damaged row costs at most its one word.
pub(crate) fn lines(tsv: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut key = None;
    let mut words = 0u32;
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<u32>().ok();
        let (Some(block), Some(par), Some(line)) = (num(2), num(3), num(4)) else { continue };
        let (Some(left), Some(top), Some(width), Some(height)) = (num(6), num(7), num(8), num(9)) else { continue };
        let Ok(conf) = cols[10].trim().parse::<f32>() else { continue };
        let word = cols[11].trim();
        if word.is_empty() || conf < 0.0 {
            continue;
        }
        let area = Box4 { left, top, width, height };
        let this = Some((block, par, line));
        match out.last_mut() {
            Some(last) if key == this => {
                if needs_space(&last.text, word) {
                    last.text.push(' ');
                }
                last.text.push_str(word);
                last.confidence += conf;
                last.area = last.area.union(area);
                words += 1;
            }
            _ => {
                finish(out.last_mut(), words);
                out.push(Line { text: word.to_owned(), confidence: conf, area });
                words = 1;
                key = this;
            }
        }
    }
    finish(out.last_mut(), words);
    out
}

/// Turns the sum of a line's confidences into their mean.
fn finish(line: Option<&mut Line>, words: u32) {
    if let Some(line) = line {
        line.confidence /= words.max(1) as f32;
    }
}

/// Latin words and numbers keep their spaces; Chinese characters the engine split into words
/// are joined again.
fn needs_space(before: &str, word: &str) -> bool {
    let a = before.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
    let b = word.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    a && b
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    #[test]
    fn words_are_grouped_into_lines_with_mean_confidence_and_box() {
        let tsv = format!(
            "{HEAD}1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t\n\
             4\t1\t1\t1\t1\t0\t10\t20\t200\t40\t-1\t\n\
             5\t1\t1\t1\t1\t1\t10\t20\t40\t40\t90\t机\n\
             5\t1\t1\t1\t1\t2\t50\t22\t40\t38\t80\t密\n\
             5\t1\t1\t1\t2\t1\t10\t80\t60\t30\t70\tPage\n\
             5\t1\t1\t1\t2\t2\t80\t80\t20\t30\t50\t1\n\
             5\t1\t1\t1\t2\t3\t80\t80\t20\t30\t-1\t \n"
        );
        let lines = lines(&tsv);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "机密");
        assert_eq!(lines[0].confidence, 85.0);
        assert_eq!(lines[0].area, Box4 { left: 10, top: 20, width: 80, height: 40 });
        assert_eq!(lines[1].text, "Page 1");
        assert_eq!(lines[1].confidence, 60.0);
    }

    #[test]
    fn damaged_rows_cost_only_their_word() {
        let tsv =
            format!("{HEAD}5\t1\t1\t1\t1\t1\tx\t0\t1\t1\t90\t坏\n5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t90\t好\nnot a row\n");
        assert_eq!(lines(&tsv).iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["好"]);
    }
}
