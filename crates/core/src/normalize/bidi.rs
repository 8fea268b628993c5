//! Bidirectional overrides: reading text the way a viewer draws it.
//!
//! U+202E RIGHT-TO-LEFT OVERRIDE makes everything up to the matching U+202C POP DIRECTIONAL
//! FORMATTING (or the end of the line) display right to left. Someone who types `年1★密机` after an
//! RLO shows every reader `机密★1年` while a naive filter sees the characters backwards. So the
//! normaliser reverses each overridden run before folding. Only this simple, common case is
//! applied (an override inside an override is reversed with its outer run); embeddings and
//! isolates (LRE, RLE, LRI, RLI, FSI, PDI) do not reorder CJK or Latin letters and are simply
//! removed with the other invisible characters.
//!
//! Reversing characters within a run keeps every byte length, so the reversed copy has the same
//! offsets as the original outside the runs; [`super::OffsetMap`] maps offsets inside a run back
//! by mirroring them.

use crate::needle::Needle;

const RLO: char = '\u{202E}';
const PDF: char = '\u{202C}';

/// The byte ranges of `text` displayed reversed: from just after an RLO to its matching PDF, the
/// end of the line or the end of the text. Empty for almost every text (one SIMD search).
pub(super) fn overridden_runs(text: &str) -> Vec<(u32, u32)> {
    static OVERRIDE: Needle = Needle::new("\u{202E}");
    let mut runs = Vec::new();
    if !OVERRIDE.is_in(text.as_bytes()) {
        return runs;
    }
    let mut open: Option<(usize, u32)> = None; // (start of the run, embedding depth inside it)
    for (i, c) in text.char_indices() {
        match (c, open) {
            (RLO, None) => open = Some((i + c.len_utf8(), 0)),
            ('\u{202A}' | '\u{202B}' | '\u{202D}' | RLO, Some((s, d))) => open = Some((s, d + 1)),
            (PDF, Some((s, 0))) => {
                runs.push((s as u32, i as u32));
                open = None;
            }
            (PDF, Some((s, d))) => open = Some((s, d - 1)),
            ('\n' | '\r' | '\u{2029}', Some((s, _))) => {
                runs.push((s as u32, i as u32));
                open = None;
            }
            _ => {}
        }
    }
    if let Some((s, _)) = open {
        runs.push((s as u32, text.len() as u32));
    }
    runs.retain(|&(s, e)| s < e);
    runs
}

/// `text` with every run of `runs` reversed character by character.
pub(super) fn apply(text: &str, runs: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for &(s, e) in runs {
        let (s, e) = (s as usize, e as usize);
        out.push_str(&text[at..s]);
        out.extend(text[s..e].chars().rev());
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_override_runs_and_reverses_them() {
        let t = "前\u{202E}年1★密机\u{202C}后";
        let runs = overridden_runs(t);
        assert_eq!(runs.len(), 1);
        assert_eq!(apply(t, &runs), "前\u{202E}机密★1年\u{202C}后");
        let t = "\u{202E}划计\n电紫";
        assert_eq!(apply(t, &overridden_runs(t)), "\u{202E}计划\n电紫", "a line break ends the override");
        assert!(overridden_runs("no override \u{202D}here").is_empty());
    }
}
