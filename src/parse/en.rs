//! Plain-text English documents (white papers and reports as extracted from PDF).
//!
//! Recognises the heading grammar of such papers (`Chapter 5 …`, `Section 1 …`, `① …`,
//! `(1) …`, `A. …` / `B …`), figure captions (`■ Figure 2-5-1/… ■`), `Notes:` / `Source:`
//! blocks, link blocks (a title over a URL) and footnote definitions (`¹ …`), then repairs
//! what PDF extraction broke: a paragraph cut at a page end (and footnote lines dropped into
//! the middle of its sentence) is joined with its continuation, and each footnote is linked
//! to the passages that carry its marker on its own page (footnote numbers restart on every
//! page; a page's text is what lies between the previous footnote block and its own, a
//! paragraph joined across a page break being looked at line by line). Every footnote is
//! also a [`PassageKind::Footnote`] passage of its own. Depends on [`super`] only.

use super::{lines, Block, OutlineBuilder, Parsed};
use crate::model::{Footnote, PassageKind};

/// Superscript digits used as footnote markers.
pub const SUPERSCRIPTS: &[char] = &['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// One event of the line scanner.
#[derive(Debug)]
enum Event {
    Heading { level: u8, text: String, line: u32 },
    Block(Block),
    FootnoteDef(Footnote),
}

/// Heading level of a line, if it is a heading (1 chapter, 2 section, 3 circled number,
/// 4 parenthesised number, 5 lettered item).
pub fn heading_level(line: &str) -> Option<u8> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 220 {
        return None;
    }
    let ends_like_sentence = t.ends_with('.') && !t.ends_with("etc.");
    if let Some(rest) = t.strip_prefix("Chapter ") {
        if rest.starts_with(|c: char| c.is_ascii_digit()) && !ends_like_sentence {
            return Some(1);
        }
    }
    if let Some(rest) = t.strip_prefix("Section ") {
        if rest.starts_with(|c: char| c.is_ascii_digit()) && !ends_like_sentence {
            return Some(2);
        }
    }
    for part in ["Part ", "PART "] {
        if let Some(rest) = t.strip_prefix(part) {
            let num: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
            let roman_or_digit = !num.is_empty()
                && num
                    .trim_end_matches(['.', ':'])
                    .chars()
                    .all(|c| c.is_ascii_digit() || "IVXLC".contains(c));
            if roman_or_digit && !ends_like_sentence {
                return Some(1);
            }
        }
    }
    if let Some(level) = decimal_heading(t) {
        return Some(level);
    }
    let first = t.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        return Some(3);
    }
    if ends_like_sentence {
        return None;
    }
    // (1) Title
    if let Some(rest) = t.strip_prefix('(') {
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && digits.len() <= 2 {
            let after = &rest[digits.len()..];
            if let Some(title) = after.strip_prefix(')') {
                if title.starts_with(' ') && title.trim().starts_with(|c: char| c.is_uppercase()) {
                    return Some(4);
                }
            }
        }
    }
    // A. Title / B Title
    let mut chars = t.chars();
    let letter = chars.next()?;
    if letter.is_ascii_uppercase() {
        let rest = chars.as_str();
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        if let Some(title) = rest.strip_prefix(' ') {
            let title = title.trim_start();
            let starts_upper = title
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "“\"".contains(c));
            if starts_upper && title.split_whitespace().count() >= 2 {
                return Some(5);
            }
        }
    }
    None
}

/// Decimal-numbered headings (`1 Introduction`, `2.3 Scope of the plan`): level 2 plus one per
/// extra number. Short, capitalised, and not ending like a sentence.
fn decimal_heading(t: &str) -> Option<u8> {
    let num: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<&str> = num.trim_end_matches('.').split('.').collect();
    if num.is_empty() || parts.len() > 4 || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return None;
    }
    let title = t[num.len()..].strip_prefix(' ')?.trim();
    let words = title.split_whitespace().count();
    let first_upper = title.chars().next().is_some_and(|c| c.is_uppercase());
    let ends = title.ends_with(['.', ',', ';', ':']);
    if first_upper && !ends && (1..=14).contains(&words) && t.chars().count() <= 110 {
        Some(1 + parts.len() as u8)
    } else {
        None
    }
}

fn is_url_line(line: &str) -> bool {
    let t = line.trim().trim_start_matches('<');
    t.starts_with("http://") || t.starts_with("https://")
}

fn footnote_def(line: &str) -> Option<Footnote> {
    let t = line.trim();
    let marker: String = t.chars().take_while(|c| SUPERSCRIPTS.contains(c)).collect();
    if marker.is_empty() {
        return None;
    }
    let rest = &t[marker.len()..];
    if !rest.starts_with(char::is_whitespace) || rest.trim().is_empty() {
        return None;
    }
    Some(Footnote {
        marker,
        text: rest.trim().to_string(),
        line: 0,
    })
}

fn note_kind(line: &str) -> Option<PassageKind> {
    let t = line.trim().trim_start_matches(['-', '•', '*']).trim_start();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("notes:")
        || lower.starts_with("note:")
        || lower.starts_with("source:")
        || lower.starts_with("sources:")
    {
        return Some(PassageKind::Note);
    }
    if t.starts_with('■') || t.starts_with('□') || t.starts_with("Figure ") && t.contains('/') {
        return Some(PassageKind::Caption);
    }
    None
}

/// Scans lines into headings, blocks and footnote definitions.
fn scan(text: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut cur: Option<Block> = None;
    let flush = |cur: &mut Option<Block>, events: &mut Vec<Event>| {
        if let Some(mut b) = cur.take() {
            if b.kind == PassageKind::Body {
                if let Some(last) = b.text.lines().last() {
                    if is_url_line(last) {
                        b.kind = PassageKind::Link;
                    }
                }
            }
            b.text = b.text.lines().map(str::trim).collect::<Vec<_>>().join(
                if b.kind == PassageKind::Body {
                    " "
                } else {
                    "\n"
                },
            );
            if !b.text.trim().is_empty() {
                events.push(Event::Block(b));
            }
        }
    };
    for (i, raw) in lines(text).into_iter().enumerate() {
        let line_no = i as u32 + 1;
        let t = raw.trim();
        if t.is_empty() {
            flush(&mut cur, &mut events);
            continue;
        }
        let in_note = cur.as_ref().is_some_and(|b| b.kind == PassageKind::Note);
        let strong = t.starts_with("Chapter ")
            || t.starts_with("Section ")
            || t.starts_with("Part ")
            || t.starts_with(|c: char| ('①'..='⑳').contains(&c));
        let level = heading_level(t).filter(|_| !in_note || strong);
        if let Some(level) = level {
            flush(&mut cur, &mut events);
            events.push(Event::Heading {
                level,
                text: t.to_string(),
                line: line_no,
            });
            continue;
        }
        if let Some(mut f) = footnote_def(t) {
            flush(&mut cur, &mut events);
            f.line = line_no;
            events.push(Event::FootnoteDef(f));
            continue;
        }
        if let Some(kind) = note_kind(t) {
            flush(&mut cur, &mut events);
            cur = Some(Block {
                kind,
                text: t.to_string(),
                line_start: line_no,
                line_end: line_no,
                ..Default::default()
            });
            if kind == PassageKind::Caption {
                flush(&mut cur, &mut events);
            }
            continue;
        }
        match cur.as_mut() {
            Some(b) => {
                b.text.push('\n');
                b.text.push_str(t);
                b.line_end = line_no;
            }
            None => {
                cur = Some(Block {
                    kind: PassageKind::Body,
                    text: t.to_string(),
                    line_start: line_no,
                    line_end: line_no,
                    ..Default::default()
                })
            }
        }
    }
    flush(&mut cur, &mut events);
    events
}

/// True when a body paragraph stops where a sentence cannot end: the page broke it.
fn ends_mid_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let Some(last) = t.chars().last() else {
        return false;
    };
    if last.is_ascii_lowercase() || last == ',' || last == '-' || last == '–' {
        return true;
    }
    false
}

/// Words after which an English sentence cannot end.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "to",
    "in",
    "for",
    "with",
    "by",
    "on",
    "at",
    "from",
    "into",
    "that",
    "which",
    "who",
    "whose",
    "are",
    "is",
    "was",
    "were",
    "be",
    "been",
    "as",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "these",
    "those",
    "such",
    "between",
    "among",
    "under",
    "through",
    "using",
    "including",
    "than",
    "via",
    "per",
];

/// True when `next` continues the broken paragraph `prev`: it starts in lowercase, or `prev`
/// stops on a comma or on a word after which no sentence ends.
fn continues(prev: &str, next: &str) -> bool {
    let Some(first) = next.trim_start().chars().next() else {
        return false;
    };
    if first.is_lowercase() {
        return true;
    }
    let prev = prev.trim_end();
    if prev.ends_with(',') {
        return true;
    }
    let last = prev
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    (first.is_uppercase() || first == '“' || first == '"')
        && FUNCTION_WORDS.contains(&last.as_str())
}

/// Joins body paragraphs broken at page ends, skipping footnote definitions that the
/// extraction dropped between the two halves.
fn repair(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut open: Option<usize> = None; // index in `out` of a body block that ends mid-sentence
    for ev in events {
        match ev {
            Event::Block(b) if b.kind == PassageKind::Body => {
                if let Some(i) = open.take() {
                    let joins = match &out[i] {
                        Event::Block(prev) => continues(&prev.text, &b.text),
                        _ => false,
                    };
                    if joins {
                        if let Event::Block(prev) = &mut out[i] {
                            prev.text.push(' ');
                            prev.text.push_str(b.text.trim_start());
                            prev.line_end = b.line_end;
                            if ends_mid_sentence(&prev.text) {
                                open = Some(i);
                            }
                            continue;
                        }
                    }
                }
                let mid = ends_mid_sentence(&b.text);
                out.push(Event::Block(b));
                if mid {
                    open = Some(out.len() - 1);
                }
            }
            Event::FootnoteDef(f) => out.push(Event::FootnoteDef(f)),
            other => {
                open = None;
                out.push(other);
            }
        }
    }
    out
}

/// True when `text` carries footnote marker `marker` right after a word.
pub fn has_marker(text: &str, marker: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = text[from..].find(marker) {
        let at = from + pos;
        let before = text[..at].chars().last();
        let after = text[at + marker.len()..].chars().next();
        let attached = before.is_some_and(|c| !c.is_whitespace() && !SUPERSCRIPTS.contains(&c));
        let whole = !after.is_some_and(|c| SUPERSCRIPTS.contains(&c));
        if attached && whole {
            return true;
        }
        from = at + marker.len();
    }
    false
}

/// Parses an English plain-text document.
pub fn parse(text: &str) -> Parsed {
    let source = lines(text);
    let events = repair(scan(text));
    let mut b = OutlineBuilder::new();
    // Blocks that received a passage, by event index, for footnote linking.
    let mut placed: Vec<(usize, usize)> = Vec::new(); // (event index, passage index)
                                                      // Footnote definitions with their page: the lines after the previous footnote block and
                                                      // before their own block (numbers restart on every page).
                                                      // (A paragraph joined across the page break sits before the block in `events`, so a
                                                      // block is a run of consecutive definitions.)
    let mut pending: Vec<(usize, Footnote, (u32, u32))> = Vec::new();
    let mut page_first = 1u32;
    let mut block: Option<(u32, u32)> = None; // (first line, last line) of the current block
    for (ei, ev) in events.into_iter().enumerate() {
        if !matches!(ev, Event::FootnoteDef(_)) {
            if let Some((_, last)) = block.take() {
                page_first = last + 1;
            }
        }
        match ev {
            Event::Heading { level, text, line } => b.heading(level, &text, line),
            Event::Block(block) => {
                b.block(block);
                placed.push((ei, b.passages_mut().len() - 1));
            }
            Event::FootnoteDef(f) => {
                let (start, last) = block.get_or_insert((f.line, f.line));
                *last = f.line;
                let page = (page_first, start.saturating_sub(1));
                pending.push((ei, f, page));
            }
        }
    }
    let passages = b.passages_mut();
    let mut notes = Vec::with_capacity(pending.len());
    for (ei, f, (first, last)) in pending {
        // Every passage with the marker on a line of the definition's page (a paragraph
        // joined across the page break is looked at line by line) …
        let on_page: Vec<usize> = placed
            .iter()
            .map(|(_, pi)| *pi)
            .filter(|&pi| {
                let p = &passages[pi];
                let (a, z) = (p.line_start.max(first), p.line_end.min(last));
                (a..=z).any(|l| {
                    source
                        .get(l as usize - 1)
                        .is_some_and(|t| has_marker(t, &f.marker))
                }) && !p.footnotes.iter().any(|x| x.marker == f.marker)
            })
            .collect();
        // … failing that (no page structure), the nearest passage before the definition
        // that carries the marker, then the next few after it.
        let targets = if on_page.is_empty() {
            let split = placed.partition_point(|(e, _)| *e < ei);
            let before = placed[..split].iter().rev().take(40);
            let after = placed[split..].iter().take(3);
            before
                .chain(after)
                .map(|(_, pi)| *pi)
                .find(|&pi| {
                    let p = &passages[pi];
                    has_marker(&p.text, &f.marker)
                        && !p.footnotes.iter().any(|x| x.marker == f.marker)
                })
                .into_iter()
                .collect()
        } else {
            on_page
        };
        for pi in targets {
            passages[pi].footnotes.push(f.clone());
        }
        notes.push(f);
    }
    let mut parsed = b.finish();
    super::insert_footnote_passages(&mut parsed.passages, notes);
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels() {
        assert_eq!(heading_level("Chapter 5 Establishing a Cycle"), Some(1));
        assert_eq!(heading_level("Section 1 Enhancing Mechanisms"), Some(2));
        assert_eq!(heading_level("① Cultivating entrepreneurship"), Some(3));
        assert_eq!(
            heading_level("(3) Acceleration of the examination"),
            Some(4)
        );
        assert_eq!(heading_level("A. Tsukuba Science City"), Some(5));
        assert_eq!(
            heading_level("B Research support service/partnership"),
            Some(5)
        );
        assert_eq!(heading_level("A system needs to be created."), None);
        assert_eq!(heading_level("In FY2018 the"), None);
        assert_eq!(heading_level("Part II Measures implemented"), Some(1));
        assert_eq!(heading_level("1 Introduction"), Some(2));
        assert_eq!(heading_level("2.3 Scope of the plan"), Some(3));
        assert_eq!(heading_level("2021 was a year of change."), None);
        assert_eq!(
            heading_level("3 percent of the budget went to research,"),
            None
        );
    }

    #[test]
    fn numbered_note_lines_stay_in_the_note() {
        let p =
            parse("Section 1 A\n\nNotes: 1. First note\n 2. The Second note\n\nBody text here.\n");
        assert_eq!(p.headings.len(), 1);
        assert!(p.passages[0].text.contains("2. The Second note"));
    }

    #[test]
    fn markers() {
        assert!(has_marker("Nanotech CU PAL¹ aim", "¹"));
        assert!(has_marker("(ISO²/TC³282", "³"));
        assert!(!has_marker("x ¹ y", "¹"));
        assert!(!has_marker("x¹²", "¹"));
    }

    #[test]
    fn joins_across_page_break_and_footnotes() {
        let text = "Section 1 Test\n\nIt began, the\n\n¹ A note\n\nministry started work.\n\nNext para with PAL¹ here.\n";
        let p = parse(text);
        assert_eq!(p.passages[0].text, "It began, the ministry started work.");
        assert_eq!((p.passages[0].line_start, p.passages[0].line_end), (3, 7));
    }
}
