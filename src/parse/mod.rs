//! Structure parsing: decoded text → headings and passages.
//!
//! One file per input format; they all build their output through [`OutlineBuilder`], which
//! keeps the section path and paragraph numbering in one place. [`assign_ids`] gives every
//! passage its stable id; [`repair_for_display`] repairs PDF / OCR damage in what is shown.
//! Depends on [`crate::model`] only (and on [`crate::analysis::script`] for character classes,
//! [`crate::analysis::normalize::display`] for the display repairs).

pub mod docx;
pub mod egov_xml;
pub mod en;
pub mod html;
pub mod ja;
pub mod markdown;
pub mod statute;
pub mod statute_en;

use crate::model::{Footnote, Heading, Lang, Passage, PassageKind};

/// The input formats polsearch understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text in English (white papers and reports extracted from PDF).
    PlainEn,
    /// Plain text in Japanese prose (white papers, plans, reports).
    PlainJa,
    /// Plain-text Japanese statute (条・項・号).
    StatuteJa,
    /// Plain-text Canadian statute or regulation (sections, subsections, marginal notes).
    StatuteEn,
    /// Markdown (including OCR output).
    Markdown,
    /// e-Gov law XML.
    EgovXml,
    /// An HTML page (main text and `<h1>`–`<h6>` headings).
    Html,
}

impl Format {
    /// Picks the format from the file extension and the content (never at random).
    pub fn detect(path: &std::path::Path, text: &str) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let head: String = text.chars().take(4000).collect();
        if matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml") {
            return Format::Html;
        }
        if ext == "xml" || head.trim_start().starts_with("<?xml") && head.contains("<Law") {
            return Format::EgovXml;
        }
        if looks_like_html(&head) {
            return Format::Html;
        }
        if ext == "md" || ext == "markdown" {
            return Format::Markdown;
        }
        match Lang::detect(text) {
            Lang::En if statute_en::looks_like_statute_en(text) => Format::StatuteEn,
            Lang::En => Format::PlainEn,
            Lang::Ja => {
                if statute::looks_like(text) {
                    Format::StatuteJa
                } else {
                    Format::PlainJa
                }
            }
        }
    }
}

/// True when a text starts as an HTML page does: `<!DOCTYPE html` or `<html` (after an
/// optional XML declaration and comments), in any case.
fn looks_like_html(head: &str) -> bool {
    let mut t = head.trim_start_matches('\u{FEFF}').trim_start();
    loop {
        if t.starts_with("<?xml") || t.starts_with("<!--") {
            let end = if t.starts_with("<!--") { "-->" } else { "?>" };
            match t.find(end) {
                Some(i) => t = t[i + end.len()..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let lower: String = t.chars().take(14).collect::<String>().to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html")
}

/// What a format parser produces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// Title found in the text (first heading or law title), if any.
    pub title: Option<String>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Passages without ids (see [`assign_ids`]).
    pub passages: Vec<Passage>,
}

/// A block of text on its way to becoming a passage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    /// Role.
    pub kind: PassageKind,
    /// Text.
    pub text: String,
    /// First line (1-based).
    pub line_start: u32,
    /// Last line (1-based, inclusive).
    pub line_end: u32,
    /// Linked footnotes.
    pub footnotes: Vec<Footnote>,
    /// Citation label (statutes).
    pub label: Option<String>,
}

/// Builds the section tree as headings and blocks arrive in document order.
#[derive(Debug, Default)]
pub struct OutlineBuilder {
    stack: Vec<(u8, String)>,
    paragraph: u32,
    out: Parsed,
}

impl OutlineBuilder {
    /// A new, empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens a section at `level` (1 = top): closes every open section at that level or deeper.
    pub fn heading(&mut self, level: u8, text: &str, line: u32) {
        let text = text.trim().to_string();
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        self.stack.push((level, text.clone()));
        self.paragraph = 0;
        if self.out.title.is_none() && level == 1 {
            self.out.title = Some(text.clone());
        }
        self.out.headings.push(Heading { level, text, line });
    }

    /// Closes every open section at `level` or deeper (the passages that follow belong to the
    /// section above).
    pub fn close(&mut self, level: u8) {
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        self.paragraph = 0;
    }

    /// Sets the document title explicitly (law title, Markdown `#`).
    pub fn title(&mut self, title: &str) {
        self.out.title = Some(title.trim().to_string());
    }

    /// The current section path.
    pub fn path(&self) -> Vec<String> {
        self.stack.iter().map(|(_, t)| t.clone()).collect()
    }

    /// Level of the innermost open section (0 when none).
    pub fn depth(&self) -> u8 {
        self.stack.last().map_or(0, |(l, _)| *l)
    }

    /// Adds a block to the current section as its next paragraph.
    pub fn block(&mut self, block: Block) {
        if block.text.trim().is_empty() {
            return;
        }
        self.paragraph += 1;
        self.out.passages.push(Passage {
            id: String::new(),
            section_path: self.path(),
            paragraph: self.paragraph,
            line_start: block.line_start,
            line_end: block.line_end,
            text: block.text,
            source_text: None,
            kind: block.kind,
            footnotes: block.footnotes,
            label: block.label,
            facets: Default::default(),
            facets_inherited: Default::default(),
            facet_spans: Vec::new(),
        });
    }

    /// Mutable access to the passages built so far (for footnote linking).
    pub fn passages_mut(&mut self) -> &mut Vec<Passage> {
        &mut self.out.passages
    }

    /// Finishes the outline.
    pub fn finish(self) -> Parsed {
        self.out
    }
}

/// Parses decoded text in the given format.
pub fn parse(text: &str, format: Format) -> Parsed {
    match format {
        Format::PlainEn => en::parse(text),
        Format::PlainJa => ja::parse(text),
        Format::StatuteJa => statute::parse(text),
        Format::StatuteEn => statute_en::parse(text),
        Format::Markdown => markdown::parse(text),
        Format::EgovXml => egov_xml::parse(text),
        Format::Html => html::parse(text),
    }
}

/// Inserts footnote definitions as [`PassageKind::Footnote`] passages of their own (citing
/// their own line), in document order, in the section where they were printed, so they are
/// searchable and cited whether or not a marker claimed them. They share the paragraph number
/// of the passage before them (footnotes do not shift the numbering of paragraphs).
pub fn insert_footnote_passages(passages: &mut Vec<Passage>, notes: Vec<Footnote>) {
    for f in notes {
        // `1　…` in Japanese, `¹ …` otherwise.
        let japanese = f
            .text
            .chars()
            .any(crate::analysis::script::is_japanese_char);
        let sep = if japanese && f.marker.chars().all(|c| c.is_ascii_digit()) {
            '　'
        } else {
            ' '
        };
        let pos = passages
            .iter()
            .position(|p| p.line_start > f.line)
            .unwrap_or(passages.len());
        let (section_path, paragraph) = match pos.checked_sub(1).map(|i| &passages[i]) {
            Some(p) => (p.section_path.clone(), p.paragraph),
            None => (Vec::new(), 0),
        };
        passages.insert(
            pos,
            Passage {
                id: String::new(),
                section_path,
                paragraph,
                line_start: f.line,
                line_end: f.line,
                text: format!("{}{sep}{}", f.marker, f.text),
                source_text: None,
                kind: PassageKind::Footnote,
                footnotes: Vec::new(),
                label: None,
                facets: Default::default(),
                facets_inherited: Default::default(),
                facet_spans: Vec::new(),
            },
        );
    }
}

/// Repairs headings, section paths, passage texts and footnote texts for display (see
/// [`crate::analysis::normalize::display`]); a passage whose text changes keeps the source's
/// text in `source_text`. Run it after [`assign_ids`]: ids stay derived from the source text,
/// so ids saved before the display repairs existed stay valid. A no-op on clean text.
pub fn repair_for_display(headings: &mut [Heading], passages: &mut [Passage]) {
    use crate::analysis::normalize::display;
    // Section paths repeat the same few headings: each distinct one is repaired once, and an
    // unchanged one is left as it is.
    let mut repaired: std::collections::HashMap<String, Option<String>> =
        std::collections::HashMap::new();
    let mut fix = |s: &mut String| {
        if let Some(known) = repaired.get(s.as_str()) {
            if let Some(d) = known {
                s.clone_from(d);
            }
            return;
        }
        let d = display_heading(s);
        let changed = (d != *s).then_some(d);
        let original = match &changed {
            Some(d) => std::mem::replace(s, d.clone()),
            None => s.clone(),
        };
        repaired.insert(original, changed);
    };
    for h in headings.iter_mut() {
        fix(&mut h.text);
    }
    for p in passages.iter_mut() {
        let shown = display(&p.text);
        if shown != p.text {
            p.source_text = Some(std::mem::replace(&mut p.text, shown));
        }
        p.section_path.iter_mut().for_each(&mut fix);
        for f in p.footnotes.iter_mut() {
            fix(&mut f.text);
        }
    }
}

/// [`display`](crate::analysis::normalize::display) for a heading: the space after its
/// numbering label (`ア 東アジア`, `1 概要`, `（3） 研究機関`) separates the label from the
/// title and stays, even between two Japanese characters.
pub fn display_heading(h: &str) -> String {
    use crate::analysis::normalize::display;
    use regex::Regex;
    use std::sync::OnceLock;
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let re = LABEL.get_or_init(|| {
        Regex::new(r"^([ァ-ヶ]|[0-9０-９]{1,3}|[（(][^）)]{1,4}[）)]|[①-⑳])( +)")
            .expect("valid pattern")
    });
    match re.captures(h) {
        Some(c) => {
            let label = c.get(1).expect("group").as_str();
            let rest = &h[c.get(0).expect("match").end()..];
            format!("{label} {}", display(rest))
        }
        None => display(h),
    }
}

/// Splits text into lines as an editor shows them (LF, CRLF or lone CR end a line).
pub fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Gives every passage a stable, URL-safe id: `{doc_id}.{hash}` where the hash covers the
/// document id and the passage's whitespace-normalised text, plus an occurrence counter when
/// the same text repeats in the document. Unchanged paragraphs keep their id when text
/// elsewhere in the document changes.
pub fn assign_ids(doc_id: &str, passages: &mut [Passage]) {
    // Repeats are counted by the hash of the normalised text (no copy of each text is kept);
    // one buffer holds the text being normalised.
    let mut seen: std::collections::HashMap<[u8; 32], u32> = std::collections::HashMap::new();
    let mut prefix = blake3::Hasher::new();
    prefix.update(doc_id.as_bytes());
    prefix.update(&[0]);
    let mut norm = String::new();
    for p in passages.iter_mut() {
        norm.clear();
        push_words(&mut norm, &p.text);
        let mut h = prefix.clone();
        h.update(norm.as_bytes());
        let first = h.finalize();
        let n = seen.entry(*first.as_bytes()).or_insert(0);
        let hash = if *n > 0 {
            h.update(&n.to_le_bytes());
            h.finalize()
        } else {
            first
        };
        *n += 1;
        p.id = format!("{}.{}", doc_id, base32(&hash.as_bytes()[..7]));
    }
}

/// Appends the words of `text` (as `split_whitespace` finds them) joined by single spaces;
/// ASCII bytes are classified without decoding.
fn push_words(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            (matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1)
        } else {
            let c = text[i..].chars().next().expect("char boundary");
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            if let Some(start) = word.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
}

/// Lowercase RFC 4648 base32 without padding (URL-safe, case-insensitive friendly).
fn base32(bytes: &[u8]) -> String {
    const ALPHA: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::new();
    let mut acc: u64 = 0;
    let mut bits = 0;
    for &b in bytes {
        acc = (acc << 8) | b as u64;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHA[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHA[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Makes a URL-safe slug from a file name or title (`mext-white-paper-2021`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        let h = blake3::hash(name.as_bytes());
        out = format!("doc-{}", base32(&h.as_bytes()[..5]));
    }
    out
}

#[cfg(test)]
mod display_tests {
    use super::display_heading;

    #[test]
    fn heading_labels_keep_their_space() {
        assert_eq!(display_heading("ア 東アジア・ASEAN"), "ア 東アジア・ASEAN");
        assert_eq!(
            display_heading("（3） 研究機関の 活用"),
            "（3） 研究機関の活用"
        );
        assert_eq!(display_heading("研究機関の 活用"), "研究機関の活用");
        assert_eq!(display_heading("Section 1 Overview"), "Section 1 Overview");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_handle_every_ending() {
        assert_eq!(lines("a\nb\r\nc\rd"), vec!["a", "b", "c", "d"]);
        assert_eq!(lines("a\n\nb\n"), vec!["a", "", "b"]);
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let mut b = OutlineBuilder::new();
        b.heading(1, "Chapter 1", 1);
        for t in ["alpha", "beta", "alpha"] {
            b.block(Block {
                text: t.into(),
                line_start: 2,
                line_end: 2,
                ..Default::default()
            });
        }
        let mut p = b.finish().passages;
        assign_ids("doc", &mut p);
        let ids: Vec<_> = p.iter().map(|p| p.id.clone()).collect();
        assert_ne!(ids[0], ids[2]);
        assert!(ids.iter().all(|i| i
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')));
        let mut again = p.clone();
        again.remove(1);
        assign_ids("doc", &mut again);
        assert_eq!(again[0].id, ids[0]);
        assert_eq!(again[1].id, ids[2]);
    }

    #[test]
    fn ids_hash_the_whitespace_normalised_text() {
        // The id scheme saved citations rely on: blake3(doc id, 0, words joined by single
        // spaces[, repeat counter]).
        let old = |doc: &str, norm: &str, n: u32| {
            let mut h = blake3::Hasher::new();
            h.update(doc.as_bytes());
            h.update(&[0]);
            h.update(norm.as_bytes());
            if n > 0 {
                h.update(&n.to_le_bytes());
            }
            format!("{doc}.{}", base32(&h.finalize().as_bytes()[..7]))
        };
        for t in [
            "  a  b\n c ",
            "a\u{a0}b\u{3000}c\u{2028}d\u{0b}e\u{85}",
            "’quoted’ — words\r\n",
            "",
            " ",
        ] {
            let mut w = String::new();
            push_words(&mut w, t);
            assert_eq!(
                w,
                t.split_whitespace().collect::<Vec<_>>().join(" "),
                "{t:?}"
            );
        }
        let texts = ["  a  b\n c ", "a b c", "d", "", "a\tb c"];
        let mut p: Vec<Passage> = texts
            .iter()
            .map(|t| {
                let mut b = OutlineBuilder::new();
                b.block(Block {
                    text: "x".into(),
                    ..Default::default()
                });
                let mut q = b.finish().passages.remove(0);
                q.text = t.to_string();
                q
            })
            .collect();
        assign_ids("doc", &mut p);
        assert_eq!(p[0].id, old("doc", "a b c", 0));
        assert_eq!(p[1].id, old("doc", "a b c", 1));
        assert_eq!(p[2].id, old("doc", "d", 0));
        assert_eq!(p[3].id, old("doc", "", 0));
        assert_eq!(p[4].id, old("doc", "a b c", 2));
    }

    #[test]
    fn formats_by_extension_then_content() {
        use std::path::Path;
        let f = |name: &str, text: &str| Format::detect(Path::new(name), text);
        assert_eq!(f("a.html", "plain words"), Format::Html);
        assert_eq!(f("a.HTM", "plain words"), Format::Html);
        assert_eq!(f("a.txt", "<!DOCTYPE html>\n<html>"), Format::Html);
        assert_eq!(
            f(
                "page",
                "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- c -->\n<HTML lang=\"ja\">"
            ),
            Format::Html
        );
        assert_eq!(f("a.xml", "<?xml version=\"1.0\"?><Law>"), Format::EgovXml);
        assert_eq!(
            f("law", "<?xml version=\"1.0\"?>\n<Law Era=\"Heisei\">"),
            Format::EgovXml
        );
        assert_eq!(f("a.md", "# Title"), Format::Markdown);
        assert_eq!(f("a.txt", "The <html> element, in prose."), Format::PlainEn);
        assert_eq!(f("a.txt", "科学技術の振興について"), Format::PlainJa);
        assert_eq!(
            f(
                "A-0.6.txt",
                "Accessible Canada Act\nS.C. 2019, c. 10\nAssented to 2019-06-21\n\n1 This Act"
            ),
            Format::StatuteEn
        );
        assert_eq!(
            f(
                "a.txt",
                "Chapter 5 Innovation\nS.C. 2019, c. 10 is cited.\n\nText"
            ),
            Format::PlainEn
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("mext-white-paper 2021.txt"),
            "mext-white-paper-2021-txt"
        );
        assert!(slug("行政手続法").starts_with("doc-"));
    }
}
