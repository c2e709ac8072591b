//! e-Gov 法令標準XML (`<Law>` › `<LawBody>` › `<MainProvision>` / `<SupplProvision>`).
//!
//! - `<LawTitle>` is the title; `<TOC>` is skipped.
//! - `<Part>`, `<Chapter>`, `<Section>`, `<Subsection>`, `<Division>` open headings from their
//!   `…Title` text; `<Article>` opens a heading `第一条（目的等）` (ArticleTitle + ArticleCaption);
//!   `<SupplProvision>` opens a top-level heading `附則` (with its amending law's number:
//!   `附則（平成一七年六月二九日法律第七三号）`).
//! - One passage per `<Paragraph>`: its sentences, then each `<Item>` / `<Subitem1>`… on a
//!   line of its own (`一　…`), as the plain-text statute parser does ([`super::statute`]).
//!   The first paragraph's text starts with the article title (`第一条　…`), later ones with
//!   their number (`２　…`). Tables are flattened (cells separated by `　`, rows by lines),
//!   `<Ruby>` keeps the base text and drops the reading (`<Rt>`).
//! - `label` = `第N条第M項` with the article title as printed (`第三十六条の二第一項`); in 附則
//!   prefixed `附則` or `附則（AmendLawNum）` like the heading; paragraphs outside articles
//!   get `第M項` under their prefix.
//! - Line numbers: the line on which the element starts (all 1 for a one-line file).
//! - Malformed XML never panics: [`parse`] returns what was read up to the error;
//!   [`try_parse`] reports it.
//!
//! Depends on [`super`], [`super::ja`] and [`super::statute`] (numerals), and on `quick-xml`.

use super::ja::RankStack;
use super::statute::to_kanji;
use super::{Block, OutlineBuilder, Parsed};
use crate::model::PassageKind;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

const RANK_TOP: u16 = 1; // SupplProvision
const RANK_ARTICLE: u16 = 7;

fn structure_rank(name: &str) -> Option<u16> {
    Some(match name {
        "Part" => 2,
        "Chapter" => 3,
        "Section" => 4,
        "Subsection" => 5,
        "Division" => 6,
        _ => return None,
    })
}

/// Elements whose text is a title, captured rather than added to a paragraph.
fn is_title(name: &str) -> bool {
    matches!(
        name,
        "LawTitle"
            | "LawNum"
            | "PartTitle"
            | "ChapterTitle"
            | "SectionTitle"
            | "SubsectionTitle"
            | "DivisionTitle"
            | "ArticleTitle"
            | "ArticleCaption"
            | "ParagraphNum"
            | "ParagraphCaption"
            | "SupplProvisionLabel"
    ) || name.starts_with("Subitem") && name.ends_with("Title")
        || name == "ItemTitle"
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.try_get_attribute(key)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

#[derive(Default)]
struct State {
    b: OutlineBuilder,
    ranks: RankStack,
    /// Label prefix inside 附則.
    prefix: String,
    suppl_amend: Option<String>,
    article_title: Option<String>,
    article_caption: Option<String>,
    article_line: u32,
    article_open: bool,
    /// The paragraph being built.
    cur: Option<Block>,
    para_num: u32,
    para_first_line: bool,
    /// Captured title text, by element.
    title_buf: String,
    title_line: u32,
}

impl State {
    fn heading(&mut self, rank: u16, text: &str, line: u32) {
        self.flush();
        let depth = self.ranks.open(rank);
        self.b.heading(depth, text, line);
    }

    fn flush(&mut self) {
        if let Some(mut b) = self.cur.take() {
            b.text = b.text.trim().to_string();
            self.b.block(b);
        }
    }

    fn open_article_heading(&mut self) {
        if self.article_open {
            return;
        }
        if let Some(t) = self.article_title.clone() {
            let text = match &self.article_caption {
                Some(c) => format!("{t}{c}"),
                None => t,
            };
            let line = self.article_line;
            self.heading(RANK_ARTICLE, &text, line);
            self.article_open = true;
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(b) = self.cur.as_mut() {
            b.text.push_str(s);
        }
    }

    fn new_line(&mut self) {
        if let Some(b) = self.cur.as_mut() {
            if !b.text.is_empty() && !b.text.ends_with('\n') {
                b.text.push('\n');
            }
        }
    }
}

/// Parses e-Gov law XML; on malformed XML returns what was read before the error.
pub fn parse(text: &str) -> Parsed {
    match run(text) {
        Ok(p) => p,
        Err((p, _)) => p,
    }
}

/// Parses e-Gov law XML, failing on malformed XML (with a message naming the byte offset).
pub fn try_parse(text: &str) -> Result<Parsed, String> {
    run(text).map_err(|(_, e)| e)
}

fn run(text: &str) -> Result<Parsed, (Parsed, String)> {
    // Line ends as an editor counts them: LF, CRLF (at its LF) or a lone CR.
    let b = text.as_bytes();
    let newlines: Vec<usize> = (0..b.len())
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .collect();
    let line_of = |pos: usize| -> u32 { newlines.partition_point(|&n| n < pos) as u32 + 1 };
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut st = State::default();
    let mut stack: Vec<String> = Vec::new();
    let mut skip_depth: Option<usize> = None; // inside <TOC> or <Rt>
    let mut error = None;
    loop {
        let pos = reader.buffer_position() as usize;
        // Skip the whitespace before the tag so the line is the tag's own.
        let tag_pos = pos + text[pos.min(text.len())..].len()
            - text[pos.min(text.len())..].trim_start().len();
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                error = Some(format!(
                    "malformed XML at byte {}: {e}",
                    reader.error_position()
                ));
                break;
            }
        };
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let line = line_of(tag_pos);
                stack.push(name.clone());
                if skip_depth.is_some() {
                    continue;
                }
                if name == "TOC" || name == "Rt" {
                    skip_depth = Some(stack.len());
                    continue;
                }
                start(&mut st, &name, &e, line);
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if skip_depth.is_none() {
                    let line = line_of(tag_pos);
                    start(&mut st, &name, &e, line);
                    end(&mut st, &name);
                }
            }
            Event::End(_) => {
                let Some(name) = stack.pop() else {
                    error = Some("unbalanced end tag".to_string());
                    break;
                };
                if let Some(d) = skip_depth {
                    if stack.len() + 1 == d {
                        skip_depth = None;
                    }
                    continue;
                }
                end(&mut st, &name);
            }
            Event::Text(t) => {
                if skip_depth.is_some() {
                    continue;
                }
                let s = match t.unescape() {
                    Ok(s) => s.into_owned(),
                    Err(_) => String::from_utf8_lossy(t.as_ref()).into_owned(),
                };
                text_event(&mut st, &stack, &s);
            }
            Event::CData(t) if skip_depth.is_none() => {
                let s = String::from_utf8_lossy(t.as_ref()).into_owned();
                text_event(&mut st, &stack, &s);
            }
            _ => {}
        }
    }
    st.flush();
    let parsed = st.b.finish();
    match error {
        Some(e) => Err((parsed, e)),
        None if !stack.is_empty() => Err((
            parsed,
            format!("unclosed element <{}>", stack.last().unwrap()),
        )),
        None => Ok(parsed),
    }
}

fn text_event(st: &mut State, stack: &[String], s: &str) {
    let Some(innermost) = stack.last() else {
        return;
    };
    if stack.iter().any(|n| is_title(n)) {
        st.title_buf.push_str(s);
        return;
    }
    if s.trim().is_empty() && !innermost.ends_with("Sentence") && innermost != "Sentence" {
        return;
    }
    st.push_text(s);
}

fn start(st: &mut State, name: &str, e: &BytesStart<'_>, line: u32) {
    if is_title(name) {
        st.title_buf.clear();
        st.title_line = line;
        if name == "ItemTitle" || name.starts_with("Subitem") {
            st.new_line();
        }
        return;
    }
    if structure_rank(name).is_some() {
        st.flush();
        st.article_open = false;
        st.article_title = None;
        return;
    }
    match name {
        "SupplProvision" => {
            st.flush();
            st.ranks.close(RANK_TOP);
            st.suppl_amend = attr(e, b"AmendLawNum");
            st.prefix = match &st.suppl_amend {
                Some(n) => format!("附則（{n}）"),
                None => "附則".to_string(),
            };
            st.article_title = None;
            st.article_open = false;
        }
        "Article" => {
            st.flush();
            st.article_title = None;
            st.article_caption = None;
            st.article_open = false;
            st.article_line = line;
        }
        "Paragraph" => {
            st.flush();
            st.open_article_heading();
            st.para_num = attr(e, b"Num")
                .and_then(|n| n.parse().ok())
                .unwrap_or(st.para_num + 1);
            let label = match (&st.article_title, st.article_open) {
                (Some(a), true) => format!("{}{}第{}項", st.prefix, a, to_kanji(st.para_num)),
                _ => format!("{}第{}項", st.prefix, to_kanji(st.para_num)),
            };
            st.cur = Some(Block {
                kind: PassageKind::Body,
                text: String::new(),
                line_start: line,
                line_end: line,
                label: Some(label),
                ..Default::default()
            });
            st.para_first_line = true;
        }
        "TableRow" | "Item" => st.new_line(),
        "TableColumn" | "Column" => {
            if let Some(b) = st.cur.as_mut() {
                if !b.text.is_empty() && !b.text.ends_with(['\n', '　']) {
                    b.text.push('　');
                }
            }
        }
        _ => {}
    }
}

fn end(st: &mut State, name: &str) {
    if is_title(name) {
        let t = st.title_buf.trim().to_string();
        let line = st.title_line;
        match name {
            "LawTitle" => st.b.title(&t),
            "PartTitle" => st.heading(2, &t, line),
            "ChapterTitle" => st.heading(3, &t, line),
            "SectionTitle" => st.heading(4, &t, line),
            "SubsectionTitle" => st.heading(5, &t, line),
            "DivisionTitle" => st.heading(6, &t, line),
            "ArticleTitle" => st.article_title = Some(t),
            "ArticleCaption" => st.article_caption = Some(t),
            "SupplProvisionLabel" => {
                let text = match &st.suppl_amend {
                    Some(n) => format!("{t}（{n}）"),
                    None => t,
                };
                st.heading(RANK_TOP, &text, line);
            }
            "ParagraphNum" => {
                // First paragraph: the article title stands in for the (empty) number.
                let lead = if t.is_empty() {
                    st.article_title
                        .clone()
                        .filter(|_| st.article_open)
                        .unwrap_or_default()
                } else {
                    t
                };
                if !lead.is_empty() {
                    st.push_text(&lead);
                    st.push_text("　");
                }
            }
            "ParagraphCaption" => {
                st.push_text(&t);
                st.new_line();
            }
            _ => {
                // ItemTitle / SubitemNTitle
                if !t.is_empty() {
                    st.push_text(&t);
                    st.push_text("　");
                }
            }
        }
        st.title_buf.clear();
        return;
    }
    match name {
        "Paragraph" => st.flush(),
        "Article" => {
            st.flush();
            st.open_article_heading(); // an article without paragraphs still shows up
        }
        "SupplProvision" => {
            st.flush();
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn law() -> Parsed {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/ja/gyosei-tetsuzuki-ho.xml"
        ))
        .unwrap();
        parse(&text)
    }

    fn by_label<'a>(p: &'a Parsed, label: &str) -> &'a crate::model::Passage {
        p.passages
            .iter()
            .find(|x| x.label.as_deref() == Some(label))
            .unwrap_or_else(|| panic!("no passage labelled {label}"))
    }

    #[test]
    fn gyosei_tetsuzuki_ho() {
        let p = law();
        assert_eq!(p.title.as_deref(), Some("行政手続法"));
        let first: Vec<(u8, &str)> = p
            .headings
            .iter()
            .take(4)
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            first,
            vec![
                (1, "第一章　総則"),
                (2, "第一条（目的等）"),
                (2, "第二条（定義）"),
                (2, "第三条（適用除外）")
            ]
        );
        // The TOC makes no headings: 第一章 appears once.
        assert_eq!(
            p.headings
                .iter()
                .filter(|h| h.text == "第一章　総則")
                .count(),
            1
        );
        let a = by_label(&p, "第一条第一項");
        assert!(a
            .text
            .starts_with("第一条　この法律は、処分、行政指導及び届出に関する手続"));
        assert_eq!(a.section_path, vec!["第一章　総則", "第一条（目的等）"]);
        assert_eq!((a.line_start, a.line_end), (2, 2));
        let b = by_label(&p, "第一条第二項");
        assert!(b.text.starts_with("２　処分、行政指導及び届出に関する手続"));
        let c = by_label(&p, "第三十九条第一項");
        assert_eq!(c.section_path[0], "第六章　意見公募手続等");
        assert!(by_label(&p, "第三十六条の二第一項")
            .section_path
            .last()
            .unwrap()
            .starts_with("第三十六条の二"));
        // Items folded into their paragraph, one per line.
        let defs = by_label(&p, "第二条第一項");
        assert!(defs.text.contains("\n一　法令　"), "{}", defs.text);
        assert!(defs.text.lines().count() > 5);
        // Sections.
        let s = by_label(&p, "第十五条第一項");
        assert_eq!(
            s.section_path,
            vec![
                "第三章　不利益処分",
                "第二節　聴聞",
                "第十五条（聴聞の通知の方式）"
            ]
        );
        // 附則: original and amendment ones.
        assert!(p
            .headings
            .iter()
            .any(|h| h.level == 1 && h.text == "附　則"));
        assert!(p.passages.iter().any(|x| x
            .label
            .as_deref()
            .is_some_and(|l| l.starts_with("附則（平成"))));
    }

    #[test]
    fn lines_and_malformed_input() {
        let xml = "<?xml version=\"1.0\"?>\n<Law><LawBody><LawTitle>テスト法</LawTitle>\n<MainProvision><Article><ArticleCaption>（目的）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>\n<Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>この法律は<Ruby>漢<Rt>かん</Rt></Ruby>字を定める。</Sentence></ParagraphSentence>\n<Item Num=\"1\"><ItemTitle>一</ItemTitle><ItemSentence><Column><Sentence>用語</Sentence></Column><Column><Sentence>定義</Sentence></Column></ItemSentence></Item></Paragraph>\n<Paragraph Num=\"2\"><ParagraphNum>２</ParagraphNum><ParagraphSentence><Sentence>次項";
        let p = parse(xml);
        assert_eq!(p.title.as_deref(), Some("テスト法"));
        assert_eq!(
            p.passages[0].text,
            "第一条　この法律は漢字を定める。\n一　用語　定義"
        );
        assert_eq!(p.passages[0].label.as_deref(), Some("第一条第一項"));
        assert_eq!(p.passages[0].line_start, 4);
        assert_eq!(p.passages[0].section_path, vec!["第一条（目的）"]);
        // The truncated second paragraph is kept as far as it goes.
        assert_eq!(p.passages[1].text, "２　次項");
        assert!(try_parse(xml).is_err());
        assert!(try_parse("<Law><LawBody></Wrong></Law>").is_err());
        let _ = parse("<<<>>>&&&");
        let _ = parse("");
    }
}
