//! Highlights and snippets: where the query matched in a passage's original text, and a
//! short window around the best match that cuts at character boundaries and prefers
//! sentence ends (`。`, `. `). Offsets are always into the original text.

use crate::analysis::{normalize::normalize, Analyzer};
use serde::Serialize;
use std::collections::HashSet;

/// Target length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 220;

/// What to highlight: English stems, English phrases and normalized Japanese strings from
/// the query's positive parts. A phrase (a quoted phrase, a code such as `COI-NEXT`, an alias
/// expansion) is marked only where it occurs whole, as one span.
#[derive(Debug, Clone, Default)]
pub struct HighlightTerms {
    /// Stemmed English tokens (single-word query terms).
    pub english: HashSet<String>,
    /// Stemmed English token sequences, marked where they occur consecutively.
    pub english_phrases: Vec<Vec<String>>,
    /// Normalized Japanese strings: words as written (and, for loose words, their morphemes).
    pub japanese: Vec<String>,
}

/// A matched span: byte and character offsets into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Span {
    /// Start byte.
    pub byte_start: usize,
    /// End byte (exclusive).
    pub byte_end: usize,
    /// Start character.
    pub char_start: usize,
    /// End character (exclusive).
    pub char_end: usize,
}

fn char_offsets(text: &str, ranges: &[(usize, usize)]) -> Vec<Span> {
    ranges
        .iter()
        .map(|&(s, e)| {
            let cs = text[..s].chars().count();
            Span {
                byte_start: s,
                byte_end: e,
                char_start: cs,
                char_end: cs + text[s..e].chars().count(),
            }
        })
        .collect()
}

/// Finds the query's matches in `text`.
pub fn highlight(text: &str, terms: &HighlightTerms) -> Vec<Span> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if !terms.english.is_empty() || !terms.english_phrases.is_empty() {
        let toks = Analyzer::English.analyze(text);
        for (i, t) in toks.iter().enumerate() {
            if terms.english.contains(&t.text) {
                ranges.push((t.start, t.end));
            }
            for ph in &terms.english_phrases {
                let Some(last) = toks.get(i + ph.len().saturating_sub(1)) else {
                    continue;
                };
                let whole = !ph.is_empty()
                    && ph
                        .iter()
                        .zip(&toks[i..])
                        .enumerate()
                        .all(|(k, (w, tk))| tk.text == *w && tk.pos == t.pos + k as u32);
                if whole {
                    ranges.push((t.start, last.end));
                }
            }
        }
    }
    if !terms.japanese.is_empty() {
        let norm = normalize(text);
        for lit in &terms.japanese {
            if lit.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(pos) = norm.text[from..].find(lit.as_str()) {
                let s = from + pos;
                let e = s + lit.len();
                ranges.push(norm.original_range(s, e));
                from = e;
            }
        }
    }
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    char_offsets(text, &merged)
}

/// A snippet and the matches inside it (offsets into the snippet text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The snippet text (with `…` where it was cut).
    pub text: String,
    /// Matches in `text`.
    pub highlights: Vec<Span>,
}

fn is_sentence_end(text: &str, byte: usize) -> bool {
    // true when `byte` starts right after a sentence end
    let before = &text[..byte];
    before.ends_with('。')
        || before.ends_with(". ")
        || before.ends_with('\n')
        || before.ends_with("! ")
        || before.ends_with("? ")
}

/// Cuts a window of about `max_chars` characters around the densest cluster of matches.
pub fn snippet(text: &str, spans: &[Span], max_chars: usize) -> Snippet {
    let total_chars = text.chars().count();
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let (mut cs, mut ce) = (0usize, total_chars);
    if total_chars > max_chars {
        // Window start: the span that begins the densest window of matches.
        let mut best = (0usize, 0usize); // (count, char_start)
        for (i, s) in spans.iter().enumerate() {
            let n = spans[i..]
                .iter()
                .take_while(|t| t.char_end <= s.char_start + max_chars)
                .count();
            if n > best.0 {
                best = (n, s.char_start);
            }
        }
        let anchor = best.1;
        // Back up to a sentence start within a third of the window, else a little context.
        let lead = max_chars / 3;
        let mut start = anchor.saturating_sub(lead.min(40));
        for c in (anchor.saturating_sub(lead)..=anchor).rev() {
            if c == 0 || is_sentence_end(text, bounds[c]) {
                start = c;
                break;
            }
        }
        if spans.is_empty() {
            start = 0;
        }
        // Move start to a word boundary for Latin text.
        while start > 0 && start < anchor {
            let ch = text[bounds[start - 1]..bounds[start]]
                .chars()
                .next()
                .unwrap();
            if ch.is_ascii_alphanumeric() {
                start += 1;
            } else {
                break;
            }
        }
        let mut end = (start + max_chars).min(total_chars);
        // Prefer a sentence end in the last 40% of the window.
        for c in (start + max_chars * 6 / 10..=end).rev() {
            if c < total_chars && is_sentence_end(text, bounds[c]) {
                end = c;
                break;
            }
        }
        // Avoid cutting a Latin word in two.
        while end < total_chars && end > start + max_chars / 2 {
            let ch = text[bounds[end - 1]..bounds[end]].chars().next().unwrap();
            let next = text[bounds[end]..].chars().next().unwrap();
            if ch.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                end -= 1;
            } else {
                break;
            }
        }
        cs = start;
        ce = end;
    }
    let (bs, be) = (bounds[cs], bounds[ce]);
    let prefix = if cs > 0 { "…" } else { "" };
    let body = text[bs..be].trim_end();
    let suffix = if ce < total_chars { "…" } else { "" };
    let out = format!("{prefix}{body}{suffix}");
    let shift_b = prefix.len();
    let shift_c = prefix.chars().count();
    let hl = spans
        .iter()
        .filter(|s| s.byte_start >= bs && s.byte_end <= bs + body.len())
        .map(|s| Span {
            byte_start: s.byte_start - bs + shift_b,
            byte_end: s.byte_end - bs + shift_b,
            char_start: s.char_start - cs + shift_c,
            char_end: s.char_end - cs + shift_c,
        })
        .collect();
    Snippet {
        text: out,
        highlights: hl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_offsets_point_at_match() {
        let text = "総務省では、ＳＡＴＲＥＰＳと国際協力を推進している。";
        let mut t = HighlightTerms::default();
        t.japanese.push("国際協力".into());
        t.english.insert("satrep".into());
        let spans = highlight(text, &t);
        let got: Vec<&str> = spans
            .iter()
            .map(|s| &text[s.byte_start..s.byte_end])
            .collect();
        assert_eq!(got, vec!["ＳＡＴＲＥＰＳ", "国際協力"]);
        for s in &spans {
            let by_chars: String = text
                .chars()
                .skip(s.char_start)
                .take(s.char_end - s.char_start)
                .collect();
            assert_eq!(by_chars, &text[s.byte_start..s.byte_end]);
        }
    }

    #[test]
    fn phrases_are_marked_whole_or_not_at_all() {
        let text = "Research and development for SDGs. The Science and Technology Research \
                    Partnership for Sustainable Development (SATREPS) began.";
        let mut t = HighlightTerms::default();
        t.english.insert("satrep".into());
        let alias = "Science and Technology Research Partnership for Sustainable Development";
        t.english_phrases.push(
            crate::analysis::english::tokens(&normalize(alias).text)
                .into_iter()
                .map(|t| t.text)
                .collect(),
        );
        let got: Vec<&str> = highlight(text, &t)
            .iter()
            .map(|s| &text[s.byte_start..s.byte_end])
            .collect();
        assert_eq!(
            got,
            vec![
                "Science and Technology Research Partnership for Sustainable Development",
                "SATREPS"
            ]
        );
    }

    #[test]
    fn snippet_cuts_on_char_boundaries() {
        let text = "あ".repeat(300) + "。研究開発を推進する。" + &"い".repeat(300);
        let start = text.find("研究").unwrap();
        let spans = char_offsets(&text, &[(start, start + "研究開発".len())]);
        let s = snippet(&text, &spans, 100);
        assert!(s.text.contains("研究開発"));
        assert!(s.text.starts_with("…研究開発"), "{}", s.text);
        let h = s.highlights[0];
        assert_eq!(&s.text[h.byte_start..h.byte_end], "研究開発");
    }
}
