//! HTML: the main text of a page, with its headings.
//!
//! - Tokenized by html5ever's spec-compliant tokenizer (character references decoded; the
//!   contents of `<script>`, `<style>` and `<textarea>` read as raw text, never as markup).
//! - Headings `<h1>`–`<h6>` open sections at their level; `<title>` is the title when the page
//!   has no `<h1>`.
//! - Main text only: when the page marks its content (`<main>`, `role="main"`, `<article>`),
//!   only that is read; everywhere, scripts, styles, form controls and navigation boilerplate are
//!   dropped (`<nav>`, `<aside>`, `<footer>`, a `<header>` outside the content, ARIA roles
//!   `navigation` / `banner` / `contentinfo` / `search` / `complementary`, hidden elements and
//!   elements whose class or id is a navigation word such as `breadcrumb`, `menu`, `sidebar`,
//!   `pankuzu`).
//! - Each paragraph, list item, definition, table row (cells joined by ` | `), `<pre>` block
//!   and caption (`<figcaption>`, `<caption>`: [`PassageKind::Caption`]) is a passage. White
//!   space is collapsed as a browser does (a line break between two Japanese characters joins
//!   them); `<br>` and `<pre>` keep their line breaks.
//! - Line numbers are those of the source where the text is (LF, CRLF and CR end lines).
//!
//! Depends on [`super`] (and on html5ever).

use super::{Block, OutlineBuilder, Parsed};
use crate::model::PassageKind;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::RefCell;

/// A token reduced to what the outline needs.
#[derive(Debug)]
enum Ev {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
    Text(String, u32),
}

#[derive(Default)]
struct Sink {
    events: RefCell<Vec<Ev>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut ev = self.events.borrow_mut();
        match token {
            Token::TagToken(Tag {
                kind,
                name,
                self_closing,
                attrs,
                ..
            }) => {
                let name = name.to_ascii_lowercase().to_string();
                if kind == TagKind::EndTag {
                    ev.push(Ev::End(name));
                    return TokenSinkResult::Continue;
                }
                let raw = match name.as_str() {
                    "script" => Some(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        Some(RawKind::Rawtext)
                    }
                    "title" | "textarea" => Some(RawKind::Rcdata),
                    _ => None,
                };
                ev.push(Ev::Start {
                    name,
                    attrs: attrs
                        .iter()
                        .map(|a| {
                            (
                                a.name.local.to_ascii_lowercase().to_string(),
                                a.value.to_string(),
                            )
                        })
                        .collect(),
                    self_closing,
                });
                if let (Some(kind), false) = (raw, self_closing) {
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::CharacterTokens(t) => {
                // The tokenizer reports the line where the text ends (it converts CR and CRLF
                // to LF first); count back to the line where it starts.
                let newlines = t.matches('\n').count() as u64;
                let start = line.saturating_sub(newlines).max(1);
                ev.push(Ev::Text(
                    t.to_string(),
                    u32::try_from(start).unwrap_or(u32::MAX),
                ));
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn tokenize(text: &str) -> Vec<Ev> {
    let tok = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(text));
    while let TokenizerResult::Script(()) = tok.feed(&queue) {}
    tok.end();
    tok.sink.events.take()
}

/// Elements that never hold text.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// Elements whose content is never main text.
/// (Not `<form>`: some sites wrap the whole page in one; its controls are skipped instead.)
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "footer", "select", "button",
    "iframe", "svg", "math", "object", "canvas", "dialog", "menu", "head", "xmp", "noembed",
    "noframes", "textarea", "label", "option",
];

/// ARIA roles of boilerplate.
const SKIP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "complementary",
    "menu",
    "menubar",
];

/// Words of class names and ids that mark navigation boilerplate.
const SKIP_WORDS: &[&str] = &[
    "nav",
    "navi",
    "navbar",
    "navigation",
    "gnav",
    "lnav",
    "snav",
    "globalnav",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "pankuzu",
    "topicpath",
    "sidebar",
    "sidenav",
    "footer",
    "skip",
    "skiplink",
    "pagetop",
    "share",
    "sns",
];

/// Elements that end the running text of a block.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "dt",
    "dd",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "tr",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "address",
    "hr",
    "body",
    "html",
    "details",
    "summary",
    "center",
    "fieldset",
    "legend",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn is_main(name: &str, attrs: &[(String, String)]) -> bool {
    name == "main"
        || name == "article"
        || attr(attrs, "role").is_some_and(|r| r.eq_ignore_ascii_case("main"))
}

/// True when an element's content is boilerplate (`inside_content`: within main/article).
fn is_skip(name: &str, attrs: &[(String, String)], inside_content: bool) -> bool {
    if SKIP.contains(&name) || (name == "header" && !inside_content) {
        return true;
    }
    if attr(attrs, "hidden").is_some()
        || attr(attrs, "aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if attr(attrs, "role").is_some_and(|r| SKIP_ROLES.iter().any(|s| r.eq_ignore_ascii_case(s))) {
        return true;
    }
    if heading_level(name).is_some() || name == "main" || name == "article" {
        return false;
    }
    ["class", "id"].iter().any(|a| {
        attr(attrs, a).is_some_and(|v| {
            v.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .any(|w| SKIP_WORDS.iter().any(|s| w.eq_ignore_ascii_case(s)))
        })
    })
}

fn is_cjk(c: char) -> bool {
    crate::analysis::script::is_japanese_char(c) || matches!(c, '、' | '。' | '「' | '」' | '・')
}

/// Text being collected for a block or heading, with white space collapsed.
#[derive(Default)]
struct Buf {
    text: String,
    line_start: u32,
    line_end: u32,
    /// White space seen since the last character: `Some(true)` when it held a line break.
    pending: Option<bool>,
}

impl Buf {
    fn push(&mut self, s: &str, line: u32, pre: bool) {
        // `line` is the line of the piece's first character.
        let mut line = line;
        for c in s.chars() {
            if c == '\n' {
                line += 1;
            }
            if pre {
                if c == '\n' {
                    if !self.text.is_empty() {
                        self.text.push('\n');
                    }
                    continue;
                }
                if self.text.is_empty() && c.is_whitespace() {
                    continue;
                }
            } else if c.is_whitespace() {
                let nl = c == '\n';
                self.pending = Some(self.pending.unwrap_or(false) || nl);
                continue;
            }
            if let Some(nl) = self.pending.take() {
                let last = self.text.chars().last();
                let join = nl && last.is_some_and(is_cjk) && is_cjk(c);
                if last.is_some_and(|l| l != '\n') && !join {
                    self.text.push(' ');
                }
            }
            if self.line_start == 0 {
                self.line_start = line;
            }
            self.line_end = line;
            self.text.push(c);
        }
    }

    fn line_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.pending = None;
    }

    fn take(&mut self) -> Buf {
        std::mem::take(self)
    }
}

struct Open {
    name: String,
    skip: bool,
    main: bool,
}

/// Parses an HTML page.
pub fn parse(text: &str) -> Parsed {
    let events = tokenize(text);
    let has_main = events
        .iter()
        .any(|e| matches!(e, Ev::Start { name, attrs, .. } if is_main(name, attrs)));
    if has_main {
        let p = outline(&events, true);
        if !p.passages.is_empty() {
            return p;
        }
    }
    outline(&events, false)
}

fn outline(events: &[Ev], main_only: bool) -> Parsed {
    let mut b = OutlineBuilder::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut buf = Buf::default();
    let mut kind = PassageKind::Body;
    let mut heading: Option<(u8, Buf)> = None;
    let mut title: Option<Buf> = None;
    let mut page_title = String::new();
    let mut pre = 0usize;
    let mut in_row = false;

    let end_heading = |heading: &mut Option<(u8, Buf)>, b: &mut OutlineBuilder| {
        if let Some((level, h)) = heading.take() {
            let text = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                b.heading(level, &text, h.line_start.max(1));
            }
        }
    };
    let flush = |buf: &mut Buf, kind: PassageKind, b: &mut OutlineBuilder| {
        let t = buf.take();
        let text = t.text.trim_end().to_string();
        if !text.is_empty() {
            b.block(Block {
                kind,
                text,
                line_start: t.line_start.max(1),
                line_end: t.line_end.max(t.line_start).max(1),
                ..Default::default()
            });
        }
    };

    for ev in events {
        match ev {
            Ev::Start {
                name,
                attrs,
                self_closing,
            } => {
                let skipping = stack.iter().any(|o| o.skip);
                let inside = stack.iter().any(|o| o.main);
                let in_graphics = stack.iter().any(|o| o.name == "svg" || o.name == "math");
                if name == "title" && !self_closing && !in_graphics {
                    title = Some(Buf::default());
                }
                if name == "br" {
                    if let Some((_, h)) = heading.as_mut() {
                        h.pending = Some(false);
                    } else {
                        buf.line_break();
                    }
                    continue;
                }
                if !skipping && (!main_only || inside || is_main(name, attrs)) {
                    if let Some(level) = heading_level(name) {
                        end_heading(&mut heading, &mut b);
                        flush(&mut buf, kind, &mut b);
                        heading = Some((level, Buf::default()));
                    } else if BLOCKS.contains(&name.as_str()) {
                        end_heading(&mut heading, &mut b);
                        flush(&mut buf, kind, &mut b);
                        kind = match name.as_str() {
                            "figcaption" | "caption" => PassageKind::Caption,
                            _ => PassageKind::Body,
                        };
                        if name == "tr" {
                            in_row = true;
                        }
                    } else if (name == "td" || name == "th") && in_row && !buf.text.is_empty() {
                        buf.pending = None;
                        buf.text.push_str(" | ");
                    }
                    if name == "pre" {
                        pre += 1;
                    }
                }
                if VOID.contains(&name.as_str()) || *self_closing {
                    continue;
                }
                stack.push(Open {
                    name: name.clone(),
                    skip: is_skip(name, attrs, inside),
                    main: is_main(name, attrs),
                });
            }
            Ev::End(name) => {
                if name == "title" {
                    if let Some(t) = title.take() {
                        if page_title.is_empty() {
                            page_title = t.text.trim().to_string();
                        }
                    }
                }
                let Some(at) = stack.iter().rposition(|o| &o.name == name) else {
                    continue;
                };
                let skipping = stack[..at].iter().any(|o| o.skip) || stack[at].skip;
                let inside = stack[..=at].iter().any(|o| o.main);
                stack.truncate(at);
                if skipping || (main_only && !inside) {
                    continue;
                }
                if heading_level(name).is_some() {
                    end_heading(&mut heading, &mut b);
                } else if BLOCKS.contains(&name.as_str()) {
                    flush(&mut buf, kind, &mut b);
                    kind = PassageKind::Body;
                    if name == "tr" || name == "table" {
                        in_row = false;
                    }
                }
                if name == "pre" {
                    pre = pre.saturating_sub(1);
                }
            }
            Ev::Text(t, line) => {
                if let Some(tb) = title.as_mut() {
                    tb.push(t, *line, false);
                    continue;
                }
                let skipping = stack.iter().any(|o| o.skip);
                let inside = stack.iter().any(|o| o.main);
                if skipping || (main_only && !inside) {
                    continue;
                }
                match heading.as_mut() {
                    Some((_, h)) => h.push(t, *line, false),
                    None => buf.push(t, *line, pre > 0),
                }
            }
        }
    }
    end_heading(&mut heading, &mut b);
    flush(&mut buf, kind, &mut b);
    let mut parsed = b.finish();
    if parsed.title.is_none() && !page_title.is_empty() {
        parsed.title = Some(page_title);
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>科学技術政策：文部科学省</title>\n<style>p { color: red }</style>\n\
<script>var x = \"<p>not text</p>\";</script>\n</head>\n<body>\n\
<div id=\"header\"><a href=\"/\">トップ</a></div>\n\
<nav><ul><li>ホーム</li><li>政策</li></ul></nav>\n\
<div class=\"pankuzu\">トップ &gt; 政策</div>\n\
<main>\n<h1>科学技術・イノベーション政策</h1>\n\
<p>令和2年度の&nbsp;基本計画を\n策定した。</p>\n\
<h2>第1節 研究開発</h2>\n<p>Open innovation &amp; startups\n   are supported.<br>Second line.</p>\n\
<ul>\n<li>項目一</li>\n<li>項目二</li>\n</ul>\n\
<table><caption>表1 予算</caption><tr><th>年度</th><th>金額</th></tr>\r\n<tr><td>2020</td><td>100</td></tr></table>\n\
</main>\n<footer>Copyright MEXT</footer>\n</body>\n</html>\n";

    #[test]
    fn main_text_headings_and_lines() {
        let p = parse(PAGE);
        assert_eq!(p.title.as_deref(), Some("科学技術・イノベーション政策"));
        let texts: Vec<&str> = p.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "令和2年度の 基本計画を策定した。",
                "Open innovation & startups are supported.\nSecond line.",
                "項目一",
                "項目二",
                "表1 予算",
                "年度 | 金額",
                "2020 | 100",
            ]
        );
        let lines: Vec<&str> = PAGE.lines().collect();
        for p in &p.passages {
            let first = p.text.split_whitespace().next().unwrap();
            let first = first.trim_end_matches(['、', '。']);
            let span = lines[p.line_start as usize - 1..p.line_end as usize].join("\n");
            assert!(
                span.contains(&first[..first.len().min(6)]),
                "{p:?} not at its lines"
            );
        }
        let span = |i: usize| (p.passages[i].line_start, p.passages[i].line_end);
        assert_eq!(span(0), (15, 16));
        assert_eq!(span(1), (18, 19));
        assert_eq!(span(4), (24, 24));
        assert_eq!(span(6), (25, 25));
        assert_eq!(
            p.passages[1].section_path,
            vec!["科学技術・イノベーション政策", "第1節 研究開発"]
        );
        assert_eq!(p.passages[4].kind, PassageKind::Caption);
        assert!(!texts.iter().any(|t| t.contains("ホーム")
            || t.contains("not text")
            || t.contains("Copyright")
            || t.contains("トップ")));
    }

    #[test]
    fn pages_without_main_drop_boilerplate_and_take_the_title() {
        let page = "<html><head><title>Report</title></head><body>\r\
<div class=\"global-nav\">Menu item</div>\r<p>Body text here.</p>\r\
<div role=\"contentinfo\">Footer</div></body></html>";
        let p = parse(page);
        assert_eq!(p.title.as_deref(), Some("Report"));
        assert_eq!(p.passages.len(), 1);
        assert_eq!(p.passages[0].text, "Body text here.");
        assert_eq!(p.passages[0].line_start, 3);
    }

    #[test]
    fn a_page_wrapped_in_a_form_keeps_its_text() {
        let page = "<html><body><form id=\"form1\"><input type=\"hidden\" value=\"x\">\n\
<h1>Budget</h1><p>The budget request grew.</p><button>Send</button></form></body></html>";
        let p = parse(page);
        assert_eq!(p.title.as_deref(), Some("Budget"));
        let texts: Vec<&str> = p.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["The budget request grew."]);
    }

    #[test]
    fn malformed_markup_never_panics() {
        for s in [
            "",
            "<",
            "<p",
            "</p></div>",
            "<h1>",
            "<pre>\n\n</pre>",
            "<table><td>x",
            "&#xFFFFFF; &bogus; <!-- unclosed",
            "<script>",
            "<title>t",
        ] {
            let _ = parse(s);
        }
    }
}
