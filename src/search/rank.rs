//! Re-ranking evidence that BM25 over single fields cannot see, read from a candidate
//! passage's own text and headings: the passage **defines** what was asked for (`Full Name
//! (ACRONYM)`, `ACRONYM (Full Name)`, `「名称」とは`, `正式名称（略称）`, or opens with it), its **own heading**
//! names it (the section it opens is about it), and the query's words stand **close together**.
//! A footnote definition weighs less than the passage that cites it. Each is a multiplier on the BM25 score of the first [`RERANK_WINDOW`] candidates, so the
//! set of matches and every count stay exactly what the query matched.
//! Depends on [`super::highlight`] and the model only.

use super::highlight::{highlight, HighlightTerms, Span};
use crate::model::Passage;

/// Candidates (by BM25) whose order the evidence may change.
pub const RERANK_WINDOW: usize = 50;
/// The passage defines or introduces a query term.
pub const DEFINITION: f32 = 1.8;
/// The passage's own (innermost) heading names a query term.
pub const OWN_HEADING: f32 = 1.4;
/// …and the passage is the first paragraph under that heading.
pub const LEAD_PARAGRAPH: f32 = 1.15;
/// The query's matches in the passage all fall within a short window.
pub const PROXIMITY: f32 = 1.25;
/// A footnote definition: short, so BM25 favours it, yet the passage citing it (which is
/// also found by the footnote's words) is what a reader wants first.
pub const FOOTNOTE: f32 = 0.35;
/// Width of that window, in characters.
pub const PROXIMITY_CHARS: usize = 60;

fn opens(s: &str) -> bool {
    s.ends_with('(') || s.ends_with('（') || s.ends_with('「') || s.ends_with('『')
}

/// True when a match in `text` is written the way a definition or introduction writes it.
pub fn defines(text: &str, spans: &[Span]) -> bool {
    spans.iter().any(|s| {
        let before = text[..s.byte_start].trim_end_matches(' ');
        let after = text[s.byte_end..].trim_start_matches(' ');
        // `Full Name (TERM)`, `正式名称（TERM）`
        let bracketed = (before.ends_with('(') || before.ends_with('（'))
            && (after.starts_with(')') || after.starts_with('）'));
        // `TERM (Full Name …)`, `TERM（…）`
        let explained = after.starts_with('(') || after.starts_with('（');
        // `「TERM」とは`, `「TERM」という`, `「TERM」を開始`: a name given in quotes
        let named = opens(before) && (after.starts_with('」') || after.starts_with('』'));
        // statute style: `TERM」とは` / `TERMとは`
        let is_defined = after.starts_with("とは") || after.starts_with("」とは");
        // the paragraph opens with it (`CYDERは、…`, `The cross appointment system enables …`)
        let opening = s.char_start <= 4;
        bracketed || explained || named || is_defined || opening
    })
}

/// The multiplier for `p` given what the query highlights.
pub fn evidence(p: &Passage, terms: &HighlightTerms) -> f32 {
    let spans = highlight(&p.text, terms);
    let mut m = if p.kind == crate::model::PassageKind::Footnote {
        FOOTNOTE
    } else {
        1.0
    };
    if defines(&p.text, &spans) {
        m *= DEFINITION;
    }
    if let Some(own) = p.section_path.last() {
        if !highlight(own, terms).is_empty() {
            m *= OWN_HEADING;
            if p.paragraph <= 1 {
                m *= LEAD_PARAGRAPH;
            }
        }
    }
    let units = units(terms);
    if (2..=MAX_UNITS).contains(&units.len()) {
        let per_unit: Vec<Vec<Span>> = units.iter().map(|u| highlight(&p.text, u)).collect();
        if let Some(w) = covering_window(&per_unit) {
            if w <= PROXIMITY_CHARS {
                m *= PROXIMITY;
            }
        }
    }
    m
}

/// Queries with more distinct terms than this get no proximity evidence (cost).
const MAX_UNITS: usize = 6;

/// One [`HighlightTerms`] per distinct query term (word, phrase or Japanese word).
fn units(terms: &HighlightTerms) -> Vec<HighlightTerms> {
    let mut out = Vec::new();
    for e in &terms.english {
        let mut t = HighlightTerms::default();
        t.english.insert(e.clone());
        out.push(t);
    }
    for ph in &terms.english_phrases {
        out.push(HighlightTerms {
            english_phrases: vec![ph.clone()],
            ..Default::default()
        });
    }
    let mut seen = std::collections::HashSet::new();
    for j in &terms.japanese {
        if seen.insert(j.clone()) {
            out.push(HighlightTerms {
                japanese: vec![j.clone()],
                ..Default::default()
            });
        }
    }
    out
}

/// Width in characters of the shortest stretch holding a match of every unit, if each unit
/// matched at all.
fn covering_window(per_unit: &[Vec<Span>]) -> Option<usize> {
    if per_unit.iter().any(Vec::is_empty) {
        return None;
    }
    let mut all: Vec<(usize, usize, usize)> = per_unit
        .iter()
        .enumerate()
        .flat_map(|(u, v)| v.iter().map(move |s| (s.char_start, s.char_end, u)))
        .collect();
    all.sort();
    let n = per_unit.len();
    let mut count = vec![0usize; n];
    let mut have = 0;
    let mut best: Option<usize> = None;
    let mut lo = 0;
    for hi in 0..all.len() {
        if count[all[hi].2] == 0 {
            have += 1;
        }
        count[all[hi].2] += 1;
        while have == n {
            let end = all[lo..=hi].iter().map(|x| x.1).max().unwrap_or(0);
            let w = end.saturating_sub(all[lo].0);
            best = Some(best.map_or(w, |b: usize| b.min(w)));
            count[all[lo].2] -= 1;
            if count[all[lo].2] == 0 {
                have -= 1;
            }
            lo += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans_of(text: &str, word: &str) -> Vec<Span> {
        let mut t = HighlightTerms::default();
        if word.is_ascii() {
            t.english
                .insert(crate::analysis::english::stem(&word.to_lowercase()));
        } else {
            t.japanese
                .push(crate::analysis::normalize::normalize(word).text);
        }
        highlight(text, &t)
    }

    #[test]
    fn definitions_are_recognised() {
        for (text, w) in [
            ("the Center of Innovation (COI) Program started", "COI"),
            ("NICT (National Institute of Information) runs", "NICT"),
            ("個人の関与の下で「情報銀行」の社会実装を", "情報銀行"),
            ("この法律において「行政指導」とは、行政機関が", "行政指導"),
            ("全国瞬時警報システム（Jアラート）を", "Jアラート"),
        ] {
            assert!(defines(text, &spans_of(text, w)), "{text}");
        }
        for (text, w) in [
            ("In Tokyo, COI researchers met", "COI"),
            ("認定された情報銀行の数が増えた", "情報銀行"),
        ] {
            assert!(!defines(text, &spans_of(text, w)), "{text}");
        }
    }

    #[test]
    fn shortest_window_over_every_term() {
        let sp = |a: usize, b: usize| Span {
            byte_start: a,
            byte_end: b,
            char_start: a,
            char_end: b,
        };
        let w = covering_window(&[vec![sp(0, 3), sp(100, 103)], vec![sp(110, 115)]]);
        assert_eq!(w, Some(15));
        assert_eq!(covering_window(&[vec![sp(0, 3)], vec![]]), None);
    }

    #[test]
    fn evidence_multiplies() {
        let mut p = Passage {
            id: "x".into(),
            section_path: vec!["Chapter 1".into(), "(2) The COI Program".into()],
            paragraph: 1,
            line_start: 1,
            line_end: 1,
            text: "MEXT has been implementing the Center of Innovation (COI) Program.".into(),
            source_text: None,
            kind: Default::default(),
            footnotes: vec![],
            label: None,
            facets: Default::default(),
            facets_inherited: Default::default(),
            facet_spans: vec![],
        };
        let mut t = HighlightTerms::default();
        t.english.insert("coi".into());
        let full = evidence(&p, &t);
        assert!((full - DEFINITION * OWN_HEADING * LEAD_PARAGRAPH).abs() < 1e-4);
        p.paragraph = 3;
        p.text = "Results of COI were reported.".into();
        assert!((evidence(&p, &t) - OWN_HEADING).abs() < 1e-4);
        p.section_path = vec!["Chapter 1".into()];
        assert!((evidence(&p, &t) - 1.0).abs() < 1e-4);
    }
}
