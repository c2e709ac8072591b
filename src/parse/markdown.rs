//! Markdown, including OCR output of Japanese white papers.
//!
//! - ATX headings (`#`…`######`). When the heading text matches the Japanese heading grammar
//!   ([`super::ja`], read leniently: `4価値共創型…`, `工インハウス研究開発`, `v) …`, `〇 …`),
//!   its level follows that grammar whatever number of `#` the OCR guessed; otherwise the level
//!   comes from the `#`s, below the innermost grammar heading (plain English Markdown therefore
//!   gets its levels from the `#`s alone).
//! - A heading the OCR split over two lines (`## 4価値共創型の新たな産業を創出` ⏎
//!   `する基盤となる…`) is joined with its second half; a "heading" that is a sentence fragment
//!   (`## 和5年度事業終了）。`: ends with `。`, starts with a closing bracket or hiragana, or
//!   holds `<br>` figure text) is body text.
//! - `# コラム2-9` boxes open a section under the current one, closed by the next grammar
//!   heading; `# 第2-2-5図／…` figure titles become [`PassageKind::Caption`] passages,
//!   `注：` / `資料：` lines [`PassageKind::Note`].
//! - In Japanese text, the first line of a paragraph that is a heading by the (strict) grammar
//!   and is followed by more lines is a heading the OCR left unmarked (`1. 国内外の…現状`).
//! - `[^0]: …` footnote blocks are removed from the body; their numbered entries (`1 …`,
//!   `2 …`) are linked to the nearest passage before the block carrying the
//!   marker (`${ }^{1}$`, `^{1}`, `²`, `[^1]`), the page's text being the passages
//!   since the previous block; every entry is also a [`PassageKind::Footnote`] passage of its
//!   own. In the OCR's page blocks (`[^0]:`) a line that lost its number is the next entry
//!   (`International Science and Technology Center` ⏎ `Economic Research Institute…` are
//!   footnotes 1 and 2), a URL or a continued sentence continues the entry before. Lone `[^0]`
//!   reference lines are dropped.
//! - A Japanese paragraph that does not end a sentence (`。」）` …) is continued by the next
//!   body paragraph after blank lines, footnote blocks and empty image lines.
//! - Lines within a paragraph are joined without a space when a line was broken mid-sentence,
//!   and kept on their own line otherwise (lists, notes); the text is otherwise as in the source
//!   (LaTeX kept; the analyzer normalizes it).
//!
//! Depends on [`super`] and [`super::ja`].

use super::ja::{heading_rank, is_caption, is_note, join_ja, RANK_BOX};
use super::{lines, Block, OutlineBuilder, Parsed};
use crate::model::{Footnote, Passage, PassageKind};

#[derive(Debug)]
enum Event {
    /// Heading: sort key (see [`Outline`]), text, line.
    Heading {
        kind: HKind,
        hashes: u8,
        text: String,
        line: u32,
    },
    Block(Block),
    /// A footnote block: its entries and the line of the block.
    Footnotes(Vec<(String, Footnote)>, u32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum HKind {
    Grammar(u8),
    Box,
    Plain,
}

fn has_japanese(t: &str) -> bool {
    t.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309f}').contains(&c)
}

/// True when most of the letters are Japanese (then the Japanese heading grammar applies to
/// every heading, `1. S I P` included).
fn japanese_document(text: &str) -> bool {
    let (mut ja, mut latin) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        if has_japanese(c.encode_utf8(&mut [0; 4])) {
            ja += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    ja * 4 > latin
}

/// ATX heading: number of `#`s and the text.
fn atx(line: &str) -> Option<(u8, &str)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let hashes = t.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    Some((hashes as u8, text))
}

/// A "heading" that is really a piece of a sentence or of a figure.
fn fragment(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return true;
    };
    text.ends_with('。')
        || "）)」』、。，．".contains(first)
        || is_hiragana(first)
        || text.contains("<br>")
}

/// `[^label]: text` footnote definition start.
fn footnote_def(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start().strip_prefix("[^")?;
    let end = t.find("]:")?;
    Some((&t[..end], t[end + 2..].trim()))
}

/// A lone `[^0]` reference line.
fn lone_ref(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("[^") && t.ends_with(']') && !t[2..t.len() - 1].contains([']', '['])
}

/// True when an unnumbered line of an OCR footnote block starts an entry of its own rather than
/// continuing the one before (`prev`): not a URL, not a lowercase continuation, and not the
/// rest of a Japanese sentence the line before left open.
fn starts_entry(prev: Option<&str>, t: &str) -> bool {
    let Some(first) = t.chars().next() else {
        return false;
    };
    if t.starts_with("http") || t.starts_with("www.") || t.starts_with('<') {
        return false;
    }
    if first.is_lowercase() || "、。，．）)」』".contains(first) {
        return false;
    }
    match prev.and_then(|p| p.chars().last()) {
        Some(last) => !(has_japanese(t) && (has_japanese(&last.to_string()) || last == '、')),
        None => true,
    }
}

/// Splits a footnote block's content into numbered entries (`1 …`, `2 …`); in the OCR's page
/// blocks (`[^0]:`), a line that lost its number is the next entry.
fn footnote_entries(label: &str, content: &[(u32, String)]) -> Vec<(String, Footnote)> {
    let mut out: Vec<(String, Footnote)> = Vec::new();
    for (line, text) in content {
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after = &t[digits.len()..];
        let expected = out.len() + 1;
        if !digits.is_empty()
            && after.starts_with([' ', '　'])
            && digits.parse::<usize>().ok() == Some(expected)
        {
            out.push((
                digits.clone(),
                Footnote {
                    marker: digits,
                    text: after.trim().to_string(),
                    line: *line,
                },
            ));
        } else if label == "0" && starts_entry(out.last().map(|(_, f)| f.text.as_str()), t) {
            // The OCR's page footnote block (`[^0]:`) lost this entry's number: it is the next.
            let marker = expected.to_string();
            out.push((
                marker.clone(),
                Footnote {
                    marker,
                    text: t.to_string(),
                    line: *line,
                },
            ));
        } else if let Some((_, last)) = out.last_mut() {
            last.text.push('\n');
            last.text.push_str(t);
        } else {
            out.push((
                format!("^{label}"),
                Footnote {
                    marker: format!("^{label}"),
                    text: t.to_string(),
                    line: *line,
                },
            ));
        }
    }
    out
}

/// True when the text carries footnote marker `m` (`${ }^{1}$`, `^{1}`, `²`, `[^1]`).
fn has_md_marker(text: &str, m: &str) -> bool {
    if let Some(label) = m.strip_prefix('^') {
        return text.contains(&format!("[^{label}]"));
    }
    if text.contains(&format!("^{{{m}}}")) || text.contains(&format!("[^{m}]")) {
        return true;
    }
    if m.len() == 1 {
        let sup =
            ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][m.parse::<usize>().unwrap_or(0)];
        if let Some(i) = text.find(sup) {
            let after = text[i + sup.len_utf8()..].chars().next();
            return !after.is_some_and(|c| "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c));
        }
    }
    false
}

/// True when a line ends a sentence (the next line starts a new one).
fn closes(t: &str) -> bool {
    t.trim_end().ends_with([
        '。', '．', '」', '』', '）', ')', '】', '!', '?', '！', '？', '.', ':', '：',
    ])
}

/// True when a line starts a list entry, a note or another unit that keeps its own line.
fn starts_unit(t: &str) -> bool {
    let t = t.trim_start();
    t.starts_with([
        '・', '•', '-', '*', '|', '>', '注', '※', '○', '〇', '■', '□', '●',
    ]) || t.starts_with("資料")
        || t.starts_with("出典")
        || heading_rank(t, false).is_some()
}

/// Scans the lines into events.
fn scan(text: &str) -> Vec<Event> {
    let all = lines(text);
    let ja = japanese_document(text);
    let mut events = Vec::new();
    let mut cur: Option<Block> = None;
    let mut cur_last = String::new();
    let flush = |cur: &mut Option<Block>, events: &mut Vec<Event>| {
        if let Some(b) = cur.take() {
            if !b.text.trim().is_empty() {
                events.push(Event::Block(b));
            }
        }
    };
    let mut i = 0;
    while i < all.len() {
        let raw = all[i];
        let line = i as u32 + 1;
        let t = raw.trim();
        i += 1;
        if t.is_empty() {
            flush(&mut cur, &mut events);
            continue;
        }
        if let Some((label, first)) = footnote_def(raw) {
            flush(&mut cur, &mut events);
            let mut content = vec![(line, first.to_string())];
            while i < all.len()
                && !all[i].trim().is_empty()
                && footnote_def(all[i]).is_none()
                && atx(all[i]).is_none()
            {
                content.push((i as u32 + 1, all[i].trim().to_string()));
                i += 1;
            }
            events.push(Event::Footnotes(footnote_entries(label, &content), line));
            continue;
        }
        if lone_ref(t) {
            continue;
        }
        if let Some((hashes, htext)) = atx(raw) {
            flush(&mut cur, &mut events);
            if htext.is_empty() {
                continue;
            }
            if is_caption(htext) {
                events.push(Event::Block(Block {
                    kind: PassageKind::Caption,
                    text: htext.to_string(),
                    line_start: line,
                    line_end: line,
                    ..Default::default()
                }));
                continue;
            }
            if fragment(htext) {
                // Body text that the OCR marked as a heading.
                cur = Some(Block {
                    kind: PassageKind::Body,
                    text: htext.to_string(),
                    line_start: line,
                    line_end: line,
                    ..Default::default()
                });
                cur_last = htext.to_string();
                continue;
            }
            let mut text = htext.to_string();
            // A heading split over two lines: the next block's first line continues it.
            let mut j = i;
            while j < all.len() && all[j].trim().is_empty() {
                j += 1;
            }
            if j < all.len() && has_japanese(&text) {
                let next = all[j].trim();
                let followed =
                    j + 1 < all.len() && !all[j + 1].trim().is_empty() && atx(all[j + 1]).is_none();
                let plain = atx(all[j]).is_none()
                    && footnote_def(all[j]).is_none()
                    && !lone_ref(next)
                    && !next.contains('。')
                    && next.chars().count() <= 50
                    && heading_rank(next, false).is_none()
                    && !starts_unit(next)
                    && !is_caption(next)
                    && !is_note(next);
                if plain && followed && text.chars().count() >= 8 && !closes(&text) {
                    join_ja(&mut text, next);
                    i = j + 1;
                }
            }
            let kind = match heading_rank(&text, true) {
                Some(RANK_BOX) => HKind::Box,
                Some(r) if ja => HKind::Grammar(r),
                _ => HKind::Plain,
            };
            events.push(Event::Heading {
                kind,
                hashes,
                text,
                line,
            });
            continue;
        }
        // Body lines.
        if cur.is_none() {
            // An unmarked heading at the top of a Japanese paragraph.
            let next_plain = i < all.len() && !all[i].trim().is_empty() && atx(all[i]).is_none();
            if ja && has_japanese(t) && next_plain {
                if let Some(r) = heading_rank(t, false).filter(|r| *r != RANK_BOX) {
                    let next_rank = heading_rank(all[i], false);
                    if next_rank != Some(r) {
                        events.push(Event::Heading {
                            kind: HKind::Grammar(r),
                            hashes: 0,
                            text: t.to_string(),
                            line,
                        });
                        continue;
                    }
                }
            }
            let kind = if is_note(t) {
                PassageKind::Note
            } else if is_caption(t) {
                PassageKind::Caption
            } else {
                PassageKind::Body
            };
            cur = Some(Block {
                kind,
                text: t.to_string(),
                line_start: line,
                line_end: line,
                ..Default::default()
            });
            cur_last = t.to_string();
            continue;
        }
        let b = cur.as_mut().unwrap();
        // A Japanese line broken mid-sentence is joined; otherwise lines keep their breaks.
        if !closes(&cur_last) && !starts_unit(t) && (has_japanese(&cur_last) || has_japanese(t)) {
            join_ja(&mut b.text, t);
        } else {
            b.text.push('\n');
            b.text.push_str(t);
        }
        b.line_end = line;
        cur_last = t.to_string();
    }
    flush(&mut cur, &mut events);
    events
}

/// Joins Japanese body paragraphs broken at page or column ends (across blank lines and
/// footnote blocks; never across a heading or caption).
fn repair(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut open: Option<usize> = None;
    for ev in events {
        match ev {
            Event::Block(b) if b.kind == PassageKind::Body => {
                if let Some(i) = open.take() {
                    if let Event::Block(prev) = &mut out[i] {
                        if has_japanese(&b.text)
                            && heading_rank(b.text.lines().next().unwrap_or(""), false).is_none()
                        {
                            join_ja(&mut prev.text, &b.text);
                            prev.line_end = b.line_end;
                            if !closes(&prev.text) {
                                open = Some(i);
                            }
                            continue;
                        }
                    }
                }
                let mid = has_japanese(&b.text) && !closes(&b.text);
                out.push(Event::Block(b));
                if mid {
                    open = Some(out.len() - 1);
                }
            }
            Event::Footnotes(f, l) => out.push(Event::Footnotes(f, l)),
            other => {
                open = None;
                out.push(other);
            }
        }
    }
    out
}

/// Heading levels: grammar headings by rank, plain ones by `#`s below the innermost grammar
/// heading, boxes under the current section until the next grammar heading.
#[derive(Default)]
struct Outline {
    stack: Vec<(u16, HKind)>,
}

impl Outline {
    fn open(&mut self, kind: HKind, hashes: u8) -> u8 {
        let key = match kind {
            HKind::Grammar(r) => {
                while self.stack.iter().any(|(_, k)| *k == HKind::Box) {
                    self.stack.pop();
                }
                r as u16 * 10
            }
            HKind::Box => {
                while self.stack.iter().any(|(_, k)| *k == HKind::Box) {
                    self.stack.pop();
                }
                self.stack.last().map_or(0, |(k, _)| *k) + 1
            }
            HKind::Plain => {
                let base = self
                    .stack
                    .iter()
                    .rev()
                    .find(|(_, k)| *k != HKind::Plain)
                    .map_or(0, |(k, _)| *k);
                base + hashes.clamp(1, 6) as u16
            }
        };
        while self.stack.last().is_some_and(|(k, _)| *k >= key) {
            self.stack.pop();
        }
        self.stack.push((key, kind));
        self.stack.len().min(255) as u8
    }
}

/// Parses a Markdown document.
pub fn parse(text: &str) -> Parsed {
    let events = repair(scan(text));
    let mut b = OutlineBuilder::new();
    let mut outline = Outline::default();
    let mut blocks: Vec<(u32, Vec<(String, Footnote)>)> = Vec::new();
    for ev in events {
        match ev {
            Event::Heading {
                kind,
                hashes,
                text,
                line,
            } => {
                let depth = outline.open(kind, hashes);
                b.heading(depth, &text, line);
            }
            Event::Block(block) => b.block(block),
            Event::Footnotes(f, line) => blocks.push((line, f)),
        }
    }
    let mut parsed = b.finish();
    link_footnotes(&mut parsed.passages, blocks);
    parsed
}

fn link_footnotes(passages: &mut Vec<Passage>, blocks: Vec<(u32, Vec<(String, Footnote)>)>) {
    let mut notes: Vec<Footnote> = Vec::new();
    let mut prev_block_line = 0u32;
    for (line, entries) in blocks {
        for (marker, f) in entries {
            // Passages ending between the previous block and this one (a paragraph joined
            // across the block included), nearest first.
            let before: Vec<usize> = (0..passages.len())
                .rev()
                .filter(|&i| {
                    passages[i].line_start < line && passages[i].line_end > prev_block_line
                })
                .collect();
            let target = before.into_iter().find(|&i| {
                let p = &passages[i];
                p.kind != PassageKind::Footnote
                    && has_md_marker(&p.text, &marker)
                    && !p.footnotes.iter().any(|x| x.marker == marker)
            });
            if let Some(i) = target {
                passages[i].footnotes.push(f.clone());
            }
            notes.push(f);
        }
        prev_block_line = line;
    }
    super::insert_footnote_passages(passages, notes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ocr() -> Parsed {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/ja/mext-sti-white-paper-2024-part2-ch2-ocr.md"
        ))
        .unwrap();
        parse(&text)
    }

    fn heading(p: &Parsed, line: u32) -> Option<&crate::model::Heading> {
        p.headings.iter().find(|h| h.line == line)
    }

    #[test]
    fn ocr_heading_tree() {
        let p = ocr();
        let first: Vec<(u8, &str)> = p
            .headings
            .iter()
            .take(5)
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            first,
            vec![
                (1, "4価値共創型の新たな産業を創出する基盤となるイノベーション・ エコシステムの形成"),
                (1, "4 社会ニーズに基づくスタートアップ創出・成長の支援"),
                (2, "1. S B I R制度による支援"),
                (2, "2. 大学等発ベンチャーの支援"),
                (3, "コラム2-9"),
            ]
        );
        // Plain heading inside the box, then a grammar heading closes the box.
        assert_eq!(heading(&p, 38).unwrap().level, 4);
        assert_eq!(
            heading(&p, 448).unwrap().level,
            heading(&p, 460).unwrap().level
        ); // 1. S I P
        assert_eq!(heading(&p, 56).unwrap().level, 3); // 〇 under "2. 大学等発ベンチャーの支援"
        assert_eq!(heading(&p, 77).unwrap().level, 2); // (2) 技術移転機関
                                                       // Split heading joined.
        assert_eq!(
            heading(&p, 193).unwrap().text,
            "6 データの利活用を円滑にする基盤整備・データ連携可能な都市O S ${ }^{1}$ の展開"
        );
        // OCR readings: 工 for エ, v), ア.
        let kana = heading(&p, 342).unwrap().level;
        assert_eq!(heading(&p, 392).unwrap().level, kana);
        assert_eq!(
            heading(&p, 817).unwrap().level,
            heading(&p, 805).unwrap().level
        );
        assert_eq!(heading(&p, 367).unwrap().level, kana + 1);
        // Fragment is body text, and figure titles are captions.
        assert!(heading(&p, 154).is_none());
        assert!(p
            .passages
            .iter()
            .any(|x| x.text.contains("和5年度事業終了）。")));
        assert!(heading(&p, 87).is_none());
        let cap = p.passages.iter().find(|x| x.line_start == 87).unwrap();
        assert_eq!(cap.kind, PassageKind::Caption);
        assert_eq!(cap.text, "第2-2-5図／大学等における共同研究等の実績");
        // Section path.
        let sbir = p.passages.iter().find(|x| x.line_start == 17).unwrap();
        assert_eq!(
            sbir.section_path,
            vec![
                "4 社会ニーズに基づくスタートアップ創出・成長の支援",
                "1. S B I R制度による支援"
            ]
        );
    }

    #[test]
    fn ocr_footnotes_and_page_breaks() {
        let p = ocr();
        // No footnote definition text stays in a body passage.
        assert!(!p.passages.iter().any(|x| x.kind == PassageKind::Body
            && (x.text.contains("[^0]")
                || x.text
                    .contains("Small/Startup Business Innovation Research"))));
        let sbir = p.passages.iter().find(|x| x.line_start == 17).unwrap();
        assert_eq!(sbir.footnotes.len(), 1);
        assert_eq!(sbir.footnotes[0].marker, "1");
        assert_eq!(
            sbir.footnotes[0].text,
            "Small/Startup Business Innovation Research"
        );
        assert_eq!(sbir.footnotes[0].line, 32);
        // Paragraph broken by a footnote block (line 58 … line 65) is joined.
        let p58 = p.passages.iter().find(|x| x.line_start == 58).unwrap();
        assert_eq!(p58.line_end, 65);
        assert!(p58
            .text
            .contains("動向を踏まえつつ、施策の検討を行っている。"));
        // Split heading's second half is not a passage of its own.
        assert!(!p.passages.iter().any(|x| x.line_start == 3));
    }

    #[test]
    fn english_markdown_levels() {
        let p = parse("# Title\n\nIntro text.\n\n## Part A\n\nBody with note[^1].\n\n[^1]: The note.\n\n### Detail\n\n1. first item\n2. second item\n\n## Part B\n\nMore.\n");
        let hs: Vec<(u8, &str)> = p
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            hs,
            vec![(1, "Title"), (2, "Part A"), (3, "Detail"), (2, "Part B")]
        );
        assert_eq!(p.title.as_deref(), Some("Title"));
        let body = p
            .passages
            .iter()
            .find(|x| x.text.starts_with("Body"))
            .unwrap();
        assert_eq!(body.footnotes[0].text, "The note.");
        let list = p
            .passages
            .iter()
            .find(|x| x.text.starts_with("1. first"))
            .unwrap();
        assert_eq!(list.text, "1. first item\n2. second item");
    }

    #[test]
    fn japanese_inline_forms() {
        let p = parse("# 第５章　政策\n\n## （１）背景\n\n本文の途中で\n\n[^0]:    1 注記\n\n続く文章${ }^{1}$である。\n\n## （ア）細目\n\n本文。\n");
        let hs: Vec<(u8, &str)> = p
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            hs,
            vec![(1, "第５章　政策"), (2, "（１）背景"), (3, "（ア）細目")]
        );
        assert_eq!(p.passages[0].text, "本文の途中で続く文章${ }^{1}$である。");
        assert_eq!(p.passages[0].footnotes[0].text, "注記");
    }
}
