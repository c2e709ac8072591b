//! Word documents (Office Open XML, `.docx`): the XML parts of a package → headings and
//! passages, built through [`OutlineBuilder`] like every other format.
//!
//! - **Headings** come from paragraph styles, read from `styles.xml`: the built-in `Heading 1`
//!   … `Heading 9` (named `heading 1` in the file; `見出し 1` where a tool wrote the Japanese
//!   name), and any style whose own `w:outlineLvl`, or whose `basedOn` chain (nearest style
//!   first), reaches one of them or an outline level; a paragraph's own `w:outlineLvl` wins.
//!   Style *names* decide (Japanese Word gives the headings the ids `1`, `2`, …); a style id is
//!   read as a name only when `styles.xml` does not define it. `Title` (`表題`) sets the title
//!   and stays a passage; `Caption` (`図表番号`) paragraphs are captions; the table of contents
//!   (`toc 1` … styles) is skipped.
//! - **List numbering** (`numbering.xml`) becomes the paragraph's label, as Word shows it,
//!   before its text: `1.`, `(a)`, `第1章`, `ア`, `（１）`, `①`, `i.`. Counters run per list
//!   in document order (levels below a numbered level restart, `w:startOverride` starts a new
//!   list); decimal, letters, roman, full-width, enclosed (`①`, `⑴`), `aiueo` / `iroha`
//!   kana and kanji formats are written; bullets give no label.
//! - **Tables** are passages of kind [`PassageKind::Table`]: one line per row, cells joined
//!   by ` | ` (a cell's paragraphs joined by a space, a nested table flattened into its cell).
//!   A long table is split at row boundaries, each part repeating the rows Word repeats as
//!   header rows (`w:tblHeader`).
//! - **Footnotes and endnotes** (`footnotes.xml`, `endnotes.xml`) are linked to the passage
//!   holding their reference (`w:footnoteReference`, `w:endnoteReference`, and `NOTEREF`
//!   fields through the bookmark around a reference); each is also a passage of kind
//!   `footnote` placed after that passage. Notes are numbered as Word numbers them: in order of
//!   reference from `numStart`, footnotes `1, 2, …`, endnotes `i, ii, …` unless `w:numFmt`
//!   (settings or section) says otherwise; a custom mark (`*`, `※`) is kept. In the text a
//!   numbered mark is written as superscript digits (`ITU¹`), any other as `[^ii]`; both are
//!   footnote marks to the analyzers.
//! - **Fields** show their result (`HYPERLINK`, `REF`, `SEQ`), never their instructions; a
//!   `NOTEREF … \f` shows the note's mark. Deleted text (tracked changes), hidden text
//!   (`w:vanish`), ruby readings and `mc:Fallback` copies are dropped; text boxes become
//!   passages after the paragraph that anchors them. Headers and footers live in other parts
//!   and are never read.
//! - **Line numbers**: a Word file has no lines, so `line_start` / `line_end` count the
//!   document's *paragraphs with text*, 1-based, in reading order (headings, list items and
//!   each paragraph of a table cell included; empty paragraphs not counted). A note cites the
//!   paragraph holding its reference.
//!
//! Depends on [`super`] and [`crate::model`] (and on `quick-xml`); the zip package itself is
//! opened by [`crate::corpus::docx`].

use super::{Block, OutlineBuilder, Parsed};
use crate::model::{Footnote, PassageKind};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::collections::HashMap;

/// One XML part of a package: its name in the package and its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    /// Part name (`word/document.xml`), for error messages.
    pub name: String,
    /// The XML text.
    pub text: String,
}

impl Part {
    /// A part from its name and text.
    pub fn new(name: &str, text: impl Into<String>) -> Part {
        Part {
            name: name.to_string(),
            text: text.into(),
        }
    }
}

/// The parts of a Word package polsearch reads; only the main document is required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    /// The main document (`word/document.xml`).
    pub document: Part,
    /// Style definitions (`word/styles.xml`).
    pub styles: Option<Part>,
    /// List definitions (`word/numbering.xml`).
    pub numbering: Option<Part>,
    /// Footnotes (`word/footnotes.xml`).
    pub footnotes: Option<Part>,
    /// Endnotes (`word/endnotes.xml`).
    pub endnotes: Option<Part>,
    /// Document settings (`word/settings.xml`: note numbering formats).
    pub settings: Option<Part>,
    /// Core properties (`docProps/core.xml`).
    pub core: Option<Part>,
}

/// Core properties of a package (`docProps/core.xml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoreProps {
    /// `dc:title`.
    pub title: Option<String>,
    /// `dc:creator`.
    pub creator: Option<String>,
    /// `dcterms:created` (W3CDTF, as written).
    pub created: Option<String>,
    /// `dcterms:modified` (W3CDTF, as written).
    pub modified: Option<String>,
}

impl CoreProps {
    /// The year of the last modification, else of the creation (the year a published file
    /// was last saved is the nearest to its issue); years before 1980 (unset clocks) are
    /// ignored.
    pub fn year(&self) -> Option<u16> {
        [&self.modified, &self.created]
            .into_iter()
            .flatten()
            .filter_map(|d| d.get(..4)?.parse::<u16>().ok())
            .find(|y| (1980..=2200).contains(y))
    }
}

/// A Word document read from its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocxParsed {
    /// Headings and passages.
    pub parsed: Parsed,
    /// Core properties (empty when the package has none).
    pub core: CoreProps,
}

/// A part that is not well-formed XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{part}: malformed XML at byte {at}: {msg}")]
pub struct XmlError {
    /// Part name.
    pub part: String,
    /// Byte offset in the part.
    pub at: u64,
    /// What is wrong.
    pub msg: String,
}

/// Parses a Word document from its parts. Malformed XML in any part read is an error naming
/// the part; nothing else is.
pub fn parse(parts: &Parts) -> Result<DocxParsed, XmlError> {
    let styles = match &parts.styles {
        Some(p) => read_styles(p)?,
        None => Styles::default(),
    };
    let numbering = match &parts.numbering {
        Some(p) => read_numbering(p)?,
        None => Numbering::default(),
    };
    let core = match &parts.core {
        Some(p) => read_core(p)?,
        None => CoreProps::default(),
    };
    let mut w = Walker::new(&styles, &numbering);
    if let Some(p) = &parts.settings {
        w.walk(p)?;
    }
    w.walk(&parts.document)?;
    for p in [&parts.footnotes, &parts.endnotes].into_iter().flatten() {
        w.walk(p)?;
    }
    let parsed = Assembly::run(w);
    Ok(DocxParsed { parsed, core })
}

// ---------------------------------------------------------------------------------------
// XML reading
// ---------------------------------------------------------------------------------------

/// The namespaces the parser tells apart (transitional and strict spellings alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// WordprocessingML.
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office Math.
    M,
    /// Anything else (DrawingML, VML, extensions).
    Other,
}

fn ns_of(r: &ResolveResult) -> Ns {
    match r {
        ResolveResult::Bound(n) => match n.0 {
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
            b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
            b"http://schemas.openxmlformats.org/officeDocument/2006/math"
            | b"http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

/// An element start with its attributes (local names).
#[derive(Debug)]
struct El {
    ns: Ns,
    name: String,
    attrs: Vec<(String, String)>,
}

impl El {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A toggle property (`<w:vanish/>`, `<w:tblHeader w:val="0"/>`): on unless its value
    /// says off.
    fn on(&self) -> bool {
        !matches!(self.attr("val"), Some("0" | "false" | "off"))
    }
}

enum X {
    Start(El),
    End(Ns, String),
    Text(String),
}

/// A namespace-aware pull reader that skips `mc:Fallback` (the copy of an
/// `mc:AlternateContent` for older readers; the first `mc:Choice` is read) and checks that
/// every element is closed.
struct Xml<'a> {
    r: NsReader<&'a [u8]>,
    part: &'a str,
    stack: Vec<(Ns, String)>,
}

impl<'a> Xml<'a> {
    fn new(part: &'a Part) -> Xml<'a> {
        let mut r = NsReader::from_str(&part.text);
        r.config_mut().expand_empty_elements = true;
        r.config_mut().trim_text(false);
        Xml {
            r,
            part: &part.name,
            stack: Vec::new(),
        }
    }

    fn err(&self, at: u64, msg: impl Into<String>) -> XmlError {
        XmlError {
            part: self.part.to_string(),
            at,
            msg: msg.into(),
        }
    }

    fn fail(&self, e: impl std::fmt::Display) -> XmlError {
        self.err(self.r.error_position(), e.to_string())
    }

    /// The name of the element `n` levels above the current one (0: the current one), not
    /// counting `mc:AlternateContent` / `mc:Choice` wrappers.
    fn up(&self, n: usize) -> Option<&str> {
        self.stack
            .iter()
            .rev()
            .filter(|(ns, _)| *ns != Ns::Mc)
            .nth(n)
            .map(|(_, name)| name.as_str())
    }

    fn next(&mut self) -> Result<Option<X>, XmlError> {
        loop {
            let read = self.r.read_resolved_event();
            let (res, ev) = match read {
                Ok(v) => v,
                Err(e) => {
                    let msg = e.to_string();
                    return Err(self.err(self.r.error_position(), msg));
                }
            };
            match ev {
                Event::Start(e) => {
                    let ns = ns_of(&res);
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    if ns == Ns::Mc && name == "Fallback" {
                        self.skip()?;
                        continue;
                    }
                    let mut attrs = Vec::new();
                    if ns == Ns::W {
                        for a in e.attributes() {
                            let a = a.map_err(|e| self.fail(e))?;
                            let key =
                                String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                            let v = a.unescape_value().map_err(|e| self.fail(e))?;
                            attrs.push((key, v.into_owned()));
                        }
                    }
                    self.stack.push((ns, name.clone()));
                    return Ok(Some(X::Start(El { ns, name, attrs })));
                }
                Event::End(_) => {
                    let pos = self.r.buffer_position();
                    let (ns, name) = self
                        .stack
                        .pop()
                        .ok_or_else(|| self.err(pos, "end tag without a start tag"))?;
                    return Ok(Some(X::End(ns, name)));
                }
                Event::Text(t) => {
                    let s = t.unescape().map_err(|e| self.fail(e))?;
                    return Ok(Some(X::Text(s.into_owned())));
                }
                Event::CData(t) => {
                    return Ok(Some(X::Text(String::from_utf8_lossy(&t).into_owned())));
                }
                Event::Eof => {
                    if let Some((_, open)) = self.stack.last() {
                        let msg = format!("the part ends inside <{open}>");
                        return Err(self.err(self.r.buffer_position(), msg));
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }

    /// Skips the rest of the element whose start was just read (not pushed on the stack).
    fn skip(&mut self) -> Result<(), XmlError> {
        let mut depth = 1usize;
        loop {
            let read = self.r.read_event();
            let ev = match read {
                Ok(ev) => ev,
                Err(e) => {
                    let msg = e.to_string();
                    return Err(self.err(self.r.error_position(), msg));
                }
            };
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    return Err(
                        self.err(self.r.buffer_position(), "the part ends inside an element")
                    )
                }
                _ => {}
            }
        }
    }

    /// Skips the rest of the current element (already on the stack).
    fn skip_current(&mut self) -> Result<(), XmlError> {
        self.skip()?;
        self.stack.pop();
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Styles
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_para: Option<String>,
}

/// What a paragraph style makes of a paragraph besides its heading level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Role {
    #[default]
    Body,
    Title,
    Caption,
    Toc,
}

/// A style name compared loosely: lowercase, without spaces, full-width digits as ASCII.
fn style_key(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '\u{3000}' | '_' | '-'))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The level of a built-in heading style name (`heading 1`, `Heading1`, `見出し 1`).
fn builtin_heading(key: &str) -> Option<u8> {
    let rest = key
        .strip_prefix("heading")
        .or_else(|| key.strip_prefix("見出し"))?;
    let n: u8 = rest.parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

fn builtin_role(key: &str) -> Option<Role> {
    match key {
        "title" | "表題" => Some(Role::Title),
        "caption" | "図表番号" => Some(Role::Caption),
        "tocheading" | "目次の見出し" => Some(Role::Toc),
        _ => {
            let rest = key
                .strip_prefix("toc")
                .or_else(|| key.strip_prefix("目次"))?;
            (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())).then_some(Role::Toc)
        }
    }
}

/// What a paragraph's style chain gives it.
#[derive(Debug, Clone, Copy, Default)]
struct StyleProps {
    heading: Option<u8>,
    role: Role,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

impl Styles {
    /// Heading level, role and numbering of a paragraph style (the default paragraph style
    /// when `None`), walking its `basedOn` chain nearest first.
    fn props(&self, id: Option<&str>) -> StyleProps {
        let mut out = StyleProps::default();
        let mut heading_known = false;
        let mut role_known = false;
        let mut num_known = false;
        let mut cur = id.map(str::to_string).or_else(|| self.default_para.clone());
        let mut seen: Vec<String> = Vec::new();
        while let Some(sid) = cur.take() {
            if seen.contains(&sid) || seen.len() > 16 {
                break;
            }
            let style = self.by_id.get(&sid);
            let key = style_key(style.and_then(|s| s.name.as_deref()).unwrap_or(&sid));
            if !heading_known {
                if let Some(l) = builtin_heading(&key) {
                    out.heading = Some(l);
                    heading_known = true;
                } else if let Some(o) = style.and_then(|s| s.outline) {
                    out.heading = (o < 9).then_some(o + 1);
                    heading_known = true;
                }
            }
            if !role_known {
                if let Some(r) = builtin_role(&key) {
                    out.role = r;
                    role_known = true;
                }
            }
            if let Some(s) = style {
                if !num_known && (s.num_id.is_some() || s.ilvl.is_some()) {
                    out.num_id = s.num_id;
                    out.ilvl = s.ilvl;
                    num_known = true;
                }
            }
            seen.push(sid);
            cur = style.and_then(|s| s.based_on.clone());
        }
        out
    }
}

fn read_styles(part: &Part) -> Result<Styles, XmlError> {
    let mut x = Xml::new(part);
    let mut out = Styles::default();
    let mut cur: Option<(String, Style)> = None;
    while let Some(ev) = x.next()? {
        match ev {
            X::Start(e) if e.ns == Ns::W => {
                let parent = x.up(1).unwrap_or("");
                match (e.name.as_str(), parent) {
                    ("style", _) => {
                        let id = e.attr("styleId").unwrap_or("").to_string();
                        let para = e.attr("type").is_none_or(|t| t == "paragraph");
                        if para && matches!(e.attr("default"), Some("1" | "true" | "on")) {
                            out.default_para = Some(id.clone());
                        }
                        // Only paragraph styles matter; others are read and dropped.
                        cur = Some((if para { id } else { String::new() }, Style::default()));
                    }
                    ("name", "style") => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.name = e.attr("val").map(str::to_string);
                        }
                    }
                    ("basedOn", "style") => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.based_on = e.attr("val").map(str::to_string);
                        }
                    }
                    ("outlineLvl", "pPr") if x.up(2) == Some("style") => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.outline = e.attr("val").and_then(|v| v.parse().ok());
                        }
                    }
                    ("numId", "numPr") if x.up(3) == Some("style") => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.num_id = e.attr("val").and_then(|v| v.parse().ok());
                        }
                    }
                    ("ilvl", "numPr") if x.up(3) == Some("style") => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.ilvl = e.attr("val").and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                }
            }
            X::End(Ns::W, name) if name == "style" => {
                if let Some((id, s)) = cur.take() {
                    if !id.is_empty() {
                        out.by_id.insert(id, s);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Numbering
// ---------------------------------------------------------------------------------------

/// What follows a list label (`w:suff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Suff {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    fmt: String,
    /// `w:numFmt w:format` of a `custom` format (`001, 002, 003, ...`).
    custom: Option<String>,
    text: Option<String>,
    legal: bool,
    suff: Suff,
    restart: Option<u32>,
}

#[derive(Debug, Default)]
struct AbstractNum {
    levels: HashMap<u8, Level>,
    num_style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Num {
    abs: Option<String>,
    start_override: HashMap<u8, u32>,
    lvl_override: HashMap<u8, Level>,
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<u32, Num>,
}

/// List counters in document order, per list.
#[derive(Debug, Default)]
struct Counters {
    lists: HashMap<String, [Option<u32>; 9]>,
}

fn read_numbering(part: &Part) -> Result<Numbering, XmlError> {
    let mut x = Xml::new(part);
    let mut out = Numbering::default();
    let mut abs: Option<(String, AbstractNum)> = None;
    let mut num: Option<(u32, Num)> = None;
    let mut over: Option<u8> = None; // ilvl of the open lvlOverride
    let mut lvl: Option<(u8, Level)> = None;
    while let Some(ev) = x.next()? {
        match ev {
            X::Start(e) if e.ns == Ns::W => {
                let parent = x.up(1).unwrap_or("");
                let val = || e.attr("val").map(str::to_string);
                match (e.name.as_str(), parent) {
                    ("abstractNum", _) => {
                        let id = e.attr("abstractNumId").unwrap_or("").to_string();
                        abs = Some((id, AbstractNum::default()));
                    }
                    ("num", _) => {
                        num = e
                            .attr("numId")
                            .and_then(|v| v.parse().ok())
                            .map(|id| (id, Num::default()));
                    }
                    ("numStyleLink", "abstractNum") => {
                        if let Some((_, a)) = abs.as_mut() {
                            a.num_style_link = val();
                        }
                    }
                    ("abstractNumId", "num") => {
                        if let Some((_, n)) = num.as_mut() {
                            n.abs = val();
                        }
                    }
                    ("lvlOverride", "num") => {
                        over = e.attr("ilvl").and_then(|v| v.parse().ok());
                    }
                    ("startOverride", "lvlOverride") => {
                        if let (Some((_, n)), Some(il), Some(v)) = (
                            num.as_mut(),
                            over,
                            e.attr("val").and_then(|v| v.parse().ok()),
                        ) {
                            n.start_override.insert(il, v);
                        }
                    }
                    ("lvl", "abstractNum" | "lvlOverride") => {
                        let il = e.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        lvl = Some((il, Level::default()));
                    }
                    (name, "lvl") => {
                        if let Some((_, l)) = lvl.as_mut() {
                            match name {
                                "start" => l.start = e.attr("val").and_then(|v| v.parse().ok()),
                                "numFmt" => {
                                    l.fmt = e.attr("val").unwrap_or("decimal").to_string();
                                    l.custom = e.attr("format").map(str::to_string);
                                }
                                "lvlText" => l.text = val(),
                                "isLgl" => l.legal = e.on(),
                                "lvlRestart" => {
                                    l.restart = e.attr("val").and_then(|v| v.parse().ok())
                                }
                                "suff" => {
                                    l.suff = match e.attr("val") {
                                        Some("space") => Suff::Space,
                                        Some("nothing") => Suff::Nothing,
                                        _ => Suff::Tab,
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            X::End(Ns::W, name) => match name.as_str() {
                "lvl" => {
                    if let Some((il, l)) = lvl.take() {
                        match x.up(0) {
                            Some("lvlOverride") => {
                                if let Some((_, n)) = num.as_mut() {
                                    n.lvl_override.insert(il, l);
                                }
                            }
                            _ => {
                                if let Some((_, a)) = abs.as_mut() {
                                    a.levels.insert(il, l);
                                }
                            }
                        }
                    }
                }
                "lvlOverride" => over = None,
                "abstractNum" => {
                    if let Some((id, a)) = abs.take() {
                        out.abstracts.insert(id, a);
                    }
                }
                "num" => {
                    if let Some((id, n)) = num.take() {
                        out.nums.insert(id, n);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

impl Numbering {
    /// The list instance and abstract definition of `num_id` (following `w:numStyleLink`
    /// to the list a numbering style names).
    fn resolve(&self, styles: &Styles, num_id: u32) -> Option<(&Num, &AbstractNum, String)> {
        let num = self.nums.get(&num_id)?;
        let mut abs_id = num.abs.clone()?;
        for _ in 0..4 {
            let abs = self.abstracts.get(&abs_id)?;
            let Some(link) = &abs.num_style_link else {
                return Some((num, abs, abs_id));
            };
            let target = styles.by_id.get(link).and_then(|s| s.num_id)?;
            let next = self.nums.get(&target)?.abs.clone()?;
            if next == abs_id {
                return Some((num, abs, abs_id));
            }
            abs_id = next;
        }
        None
    }

    /// Advances the counters of list `num_id` at level `ilvl` and returns the paragraph's
    /// label as Word shows it, with what follows it; `None` for bullets, `numId` 0 (numbering
    /// removed) and unknown lists.
    fn next_label(
        &self,
        styles: &Styles,
        counters: &mut Counters,
        num_id: u32,
        ilvl: u8,
    ) -> Option<(String, Suff)> {
        if num_id == 0 {
            return None;
        }
        let (num, abs, abs_id) = self.resolve(styles, num_id)?;
        let level = |l: u8| num.lvl_override.get(&l).or_else(|| abs.levels.get(&l));
        let start = |l: u8| {
            num.start_override
                .get(&l)
                .copied()
                .or_else(|| level(l).and_then(|v| v.start))
                .unwrap_or(0)
        };
        let lv = level(ilvl)?;
        let key = if num.start_override.is_empty() && num.lvl_override.is_empty() {
            format!("a{abs_id}")
        } else {
            format!("n{num_id}")
        };
        let il = usize::from(ilvl.min(8));
        let c = counters.lists.entry(key).or_default();
        c[il] = Some(match c[il] {
            Some(n) => n.saturating_add(1),
            None => start(ilvl),
        });
        for (deeper, slot) in c.iter_mut().enumerate().skip(il + 1) {
            if level(deeper as u8).is_none_or(|l| l.restart != Some(0)) {
                *slot = None;
            }
        }
        if lv.fmt == "bullet" {
            return None;
        }
        let text = lv.text.as_deref()?;
        let mut label = String::new();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    if (1..=9).contains(&d) {
                        chars.next();
                        let l = (d - 1) as u8;
                        let n = c[l as usize].unwrap_or_else(|| start(l));
                        let (fmt, custom) = match level(l) {
                            _ if lv.legal => ("decimal", None),
                            Some(v) => (v.fmt.as_str(), v.custom.as_deref()),
                            None => ("decimal", None),
                        };
                        label.push_str(&format_number(n, fmt, custom));
                        continue;
                    }
                }
            }
            label.push(ch);
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some((label, lv.suff))
    }
}

const ROMAN: [(u32, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (v, s) in ROMAN {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The `n`-th item of a cyclic alphabet, Word's way: past the end the symbol repeats
/// (`z`, `aa`, `bb`, …).
fn cyclic(n: u32, alphabet: &[char]) -> String {
    if n == 0 {
        return "0".into();
    }
    let len = alphabet.len() as u32;
    let c = alphabet[((n - 1) % len) as usize];
    std::iter::repeat_n(c, ((n - 1) / len + 1).min(8) as usize).collect()
}

const AIUEO: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const AIUEO_HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ";
const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン";
const IROHA_HALF: &str = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽﾝ";
const KANJI_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Kanji numerals as counted (`十一`, `二十`, `百五`).
fn kanji_count(n: u32) -> String {
    if n == 0 || n >= 10_000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (unit, name) in [(1000, '千'), (100, '百'), (10, '十')] {
        let d = n / unit % 10;
        if d > 1 {
            out.push(KANJI_DIGITS[d as usize]);
        }
        if d > 0 {
            out.push(name);
        }
    }
    if !n.is_multiple_of(10) {
        out.push(KANJI_DIGITS[(n % 10) as usize]);
    }
    out
}

fn enclosed(n: u32, first: u32, count: u32) -> Option<char> {
    (1..=count)
        .contains(&n)
        .then(|| char::from_u32(first + n - 1))
        .flatten()
}

/// A number in a `w:numFmt` format.
fn format_number(n: u32, fmt: &str, custom: Option<&str>) -> String {
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    match fmt {
        "decimalZero" => format!("{n:02}"),
        "upperRoman" => roman(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperLetter" => cyclic(n, &chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        "lowerLetter" => cyclic(n, &chars("abcdefghijklmnopqrstuvwxyz")),
        "ordinal" => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => match n {
            1..=20 => enclosed(n, 0x2460, 20),
            21..=35 => enclosed(n - 20, 0x3251, 15),
            36..=50 => enclosed(n - 35, 0x32B1, 15),
            _ => None,
        }
        .map_or_else(|| n.to_string(), String::from),
        "decimalEnclosedParen" => {
            enclosed(n, 0x2474, 20).map_or_else(|| format!("({n})"), String::from)
        }
        "decimalEnclosedFullstop" => {
            enclosed(n, 0x2488, 20).map_or_else(|| format!("{n}."), String::from)
        }
        "aiueo" => cyclic(n, &chars(AIUEO_HALF)),
        "aiueoFullWidth" => cyclic(n, &chars(AIUEO)),
        "iroha" => cyclic(n, &chars(IROHA_HALF)),
        "irohaFullWidth" => cyclic(n, &chars(IROHA)),
        "ideographDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| KANJI_DIGITS[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "japaneseCounting" | "chineseCounting" | "chineseCountingThousand" | "japaneseLegal" => {
            kanji_count(n)
        }
        "ideographTraditional" => {
            if (1..=10).contains(&n) {
                cyclic(n, &chars("甲乙丙丁戊己庚辛壬癸"))
            } else {
                n.to_string()
            }
        }
        "ideographZodiac" => {
            if (1..=12).contains(&n) {
                cyclic(n, &chars("子丑寅卯辰巳午未申酉戌亥"))
            } else {
                n.to_string()
            }
        }
        "none" => String::new(),
        "custom" => {
            // `001, 002, 003, ...`: zero-padded to the width of the first sample.
            let width = custom.and_then(|f| f.split(',').next()).map_or(0, |s| {
                s.trim().chars().filter(|c| c.is_ascii_digit()).count()
            });
            format!("{n:0width$}")
        }
        _ => n.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Core properties
// ---------------------------------------------------------------------------------------

fn read_core(part: &Part) -> Result<CoreProps, XmlError> {
    let mut x = Xml::new(part);
    let mut out = CoreProps::default();
    let mut field: Option<String> = None;
    let mut text = String::new();
    while let Some(ev) = x.next()? {
        match ev {
            X::Start(e) if x.stack.len() == 2 => {
                field = Some(e.name);
                text.clear();
            }
            X::Text(t) if field.is_some() && x.stack.len() == 2 => text.push_str(&t),
            X::End(_, name) if field.as_deref() == Some(name.as_str()) => {
                let v = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let v = (!v.is_empty()).then_some(v);
                match name.as_str() {
                    "title" => out.title = v,
                    "creator" => out.creator = v,
                    "created" => out.created = v,
                    "modified" => out.modified = v,
                    _ => {}
                }
                field = None;
            }
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// The body: paragraphs, tables, notes
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum NoteKind {
    Foot,
    End,
}

type NoteKey = (NoteKind, String);

/// Something in the text that is resolved once the whole document is read.
#[derive(Debug)]
enum Slot {
    /// A note reference (`w:footnoteReference`), with its custom mark if it has one.
    Note {
        key: NoteKey,
        custom: Option<String>,
    },
    /// A `NOTEREF` field to the note whose reference a bookmark encloses; `mark`: the field
    /// shows the note's mark (`\f`), else its cached result stays in the text.
    NoteRef { bookmark: String, mark: bool },
}

/// Slots are written into the text as characters of Supplementary Private Use Area-A
/// (stripped from the source text first).
const SLOT_BASE: u32 = 0xF0000;
const SLOT_MAX: u32 = 0xFFFFD - SLOT_BASE;

fn slot_index(c: char) -> Option<usize> {
    let v = c as u32;
    (SLOT_BASE..=SLOT_BASE + SLOT_MAX)
        .contains(&v)
        .then(|| (v - SLOT_BASE) as usize)
}

#[derive(Debug, Default)]
struct ParaOut {
    text: String,
    /// The text holds slots (note references) to resolve.
    has_slots: bool,
    label: Option<(String, Suff)>,
    heading: Option<u8>,
    role: Role,
    /// Text boxes anchored in the paragraph, read after it.
    deferred: Vec<Item>,
}

#[derive(Debug, Default)]
struct RowOut {
    cells: Vec<Vec<Item>>,
    header: bool,
}

#[derive(Debug)]
enum Item {
    Para(ParaOut),
    Table(Vec<RowOut>),
}

#[derive(Debug, Default)]
struct ParaState {
    out: ParaOut,
    style: Option<String>,
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    props_done: bool,
    hidden_run: bool,
    custom_mark: Option<usize>,
}

#[derive(Debug)]
enum Frame {
    Para(Box<ParaState>),
    Table(Vec<RowOut>),
    Row(RowOut),
    Cell(Vec<Item>),
    TextBox(Vec<Item>),
    Note(NoteKey, Vec<Item>),
}

#[derive(Debug, Default)]
struct Field {
    result: bool,
    instr: String,
    suppress: bool,
}

/// A note numbering format (`w:footnotePr` / `w:endnotePr`).
#[derive(Debug, Clone)]
struct NoteFmt {
    fmt: String,
    start: u32,
}

/// The bookmark and `\f` switch of a `NOTEREF` field instruction.
fn noteref(instr: &str) -> Option<(String, bool)> {
    let mut words = instr.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("NOTEREF") {
        return None;
    }
    let bookmark = words.next()?.trim_matches('"').to_string();
    let mark = words.any(|w| w.eq_ignore_ascii_case("\\f"));
    Some((bookmark, mark))
}

struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: Counters,
    frames: Vec<Frame>,
    fields: Vec<Field>,
    skip_text: u32,
    open_marks: HashMap<String, String>,
    marks: HashMap<String, NoteKey>,
    slots: Vec<Slot>,
    top: Vec<Item>,
    notes: HashMap<NoteKey, Vec<Item>>,
    note_fmt: [NoteFmt; 2],
}

impl<'a> Walker<'a> {
    fn new(styles: &'a Styles, numbering: &'a Numbering) -> Walker<'a> {
        Walker {
            styles,
            numbering,
            counters: Counters::default(),
            frames: Vec::new(),
            fields: Vec::new(),
            skip_text: 0,
            open_marks: HashMap::new(),
            marks: HashMap::new(),
            slots: Vec::new(),
            top: Vec::new(),
            notes: HashMap::new(),
            note_fmt: [
                NoteFmt {
                    fmt: "decimal".into(),
                    start: 1,
                },
                NoteFmt {
                    fmt: "lowerRoman".into(),
                    start: 1,
                },
            ],
        }
    }

    fn walk(&mut self, part: &Part) -> Result<(), XmlError> {
        let mut x = Xml::new(part);
        // Fields and deletions never span parts.
        self.fields.clear();
        self.skip_text = 0;
        while let Some(ev) = x.next()? {
            match ev {
                X::Start(e) => {
                    if !self.start(&x, e) {
                        x.skip_current()?;
                    }
                }
                X::End(Ns::W, name) => self.end(&x, &name),
                X::End(..) => {}
                X::Text(t) => self.text(&x, &t),
            }
        }
        // A part cut short of its closing tags is an error above; frames left open by odd
        // nesting are flushed so no text is lost.
        while let Some(f) = self.frames.pop() {
            self.close(f);
        }
        Ok(())
    }

    fn para(&mut self) -> Option<&mut ParaState> {
        self.frames.iter_mut().rev().find_map(|f| match f {
            Frame::Para(p) => Some(p.as_mut()),
            _ => None,
        })
    }

    fn visible(&self) -> bool {
        self.skip_text == 0 && self.fields.iter().all(|f| f.result && !f.suppress)
    }

    fn push_text(&mut self, s: &str) {
        if !self.visible() {
            return;
        }
        if let Some(p) = self.para() {
            if !p.hidden_run {
                p.out.text.push_str(s);
            }
        }
    }

    fn push_slot(&mut self, slot: Slot) -> Option<usize> {
        if self.skip_text > 0 || self.slots.len() as u32 > SLOT_MAX {
            return None;
        }
        let idx = self.slots.len();
        let c = char::from_u32(SLOT_BASE + idx as u32)?;
        let p = self.para()?;
        p.out.text.push(c);
        p.out.has_slots = true;
        self.slots.push(slot);
        Some(idx)
    }

    /// Handles an element start; `false` to skip the element's content.
    fn start(&mut self, x: &Xml, e: El) -> bool {
        if e.ns != Ns::W {
            return true;
        }
        let parent = x.up(1).unwrap_or("");
        let val = e.attr("val");
        match e.name.as_str() {
            "footnote" | "endnote" if matches!(parent, "footnotes" | "endnotes") => {
                if e.attr("type").is_some_and(|t| t != "normal") {
                    return false; // separators
                }
                let kind = if e.name == "footnote" {
                    NoteKind::Foot
                } else {
                    NoteKind::End
                };
                let id = e.attr("id").unwrap_or("").to_string();
                self.frames.push(Frame::Note((kind, id), Vec::new()));
            }
            "p" => self.frames.push(Frame::Para(Box::default())),
            // (`w:pPrChange` holds the properties before a tracked change: not these.)
            "pStyle" if parent == "pPr" && x.up(2) == Some("p") => {
                if let Some(p) = self.para() {
                    p.style = val.map(str::to_string);
                }
            }
            "outlineLvl" if parent == "pPr" && x.up(2) == Some("p") => {
                if let Some(p) = self.para() {
                    p.outline = val.and_then(|v| v.parse().ok());
                }
            }
            "numId" | "ilvl"
                if parent == "numPr" && x.up(2) == Some("pPr") && x.up(3) == Some("p") =>
            {
                if let Some(p) = self.para() {
                    if e.name == "numId" {
                        p.num_id = val.and_then(|v| v.parse().ok());
                    } else {
                        p.ilvl = val.and_then(|v| v.parse().ok());
                    }
                }
            }
            "r" => {
                if let Some(p) = self.para() {
                    p.hidden_run = false;
                    p.custom_mark = None;
                }
            }
            "vanish" if parent == "rPr" && x.up(2) == Some("r") && e.on() => {
                if let Some(p) = self.para() {
                    p.hidden_run = true;
                }
            }
            "tab" | "ptab" if parent == "r" => self.push_text(" "),
            "br" if parent == "r" => {
                let page = matches!(e.attr("type"), Some("page" | "column"));
                self.push_text(if page { " " } else { "\n" });
            }
            "cr" if parent == "r" => self.push_text("\n"),
            "noBreakHyphen" if parent == "r" => self.push_text("-"),
            "footnoteReference" | "endnoteReference" => {
                let kind = if e.name == "footnoteReference" {
                    NoteKind::Foot
                } else {
                    NoteKind::End
                };
                let key: NoteKey = (kind, e.attr("id").unwrap_or("").to_string());
                for name in self.open_marks.values() {
                    self.marks.insert(name.clone(), key.clone());
                }
                let custom = matches!(e.attr("customMarkFollows"), Some("1" | "true" | "on"));
                let idx = self.push_slot(Slot::Note { key, custom: None });
                if custom {
                    if let Some(p) = self.para() {
                        p.custom_mark = idx;
                    }
                }
            }
            "bookmarkStart" => {
                if let (Some(id), Some(name)) = (e.attr("id"), e.attr("name")) {
                    self.open_marks.insert(id.to_string(), name.to_string());
                }
            }
            "bookmarkEnd" => {
                if let Some(id) = e.attr("id") {
                    self.open_marks.remove(id);
                }
            }
            "fldChar" => match e.attr("fldCharType") {
                Some("begin") => self.fields.push(Field::default()),
                Some("separate") => {
                    let nr = self.fields.last().and_then(|f| noteref(&f.instr));
                    if let Some(f) = self.fields.last_mut() {
                        f.result = true;
                    }
                    if let Some((bookmark, mark)) = nr {
                        if self.visible() {
                            self.push_slot(Slot::NoteRef { bookmark, mark });
                        }
                        if let Some(f) = self.fields.last_mut() {
                            f.suppress = mark;
                        }
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "fldSimple" => {
                let instr = e.attr("instr").unwrap_or("").to_string();
                let mut f = Field {
                    result: true,
                    ..Default::default()
                };
                if let Some((bookmark, mark)) = noteref(&instr) {
                    if self.visible() {
                        self.push_slot(Slot::NoteRef { bookmark, mark });
                    }
                    f.suppress = mark;
                }
                f.instr = instr;
                self.fields.push(f);
            }
            "del" | "moveFrom" | "rt" => self.skip_text += 1,
            "tbl" => self.frames.push(Frame::Table(Vec::new())),
            "tr" => self.frames.push(Frame::Row(RowOut::default())),
            "tblHeader" if parent == "trPr" => {
                if let Some(Frame::Row(r)) = self.frames.last_mut() {
                    r.header = e.on();
                }
            }
            "tc" => self.frames.push(Frame::Cell(Vec::new())),
            "txbxContent" => self.frames.push(Frame::TextBox(Vec::new())),
            "numFmt" | "numStart"
                if matches!(parent, "footnotePr" | "endnotePr")
                    && matches!(x.up(2), Some("sectPr" | "settings")) =>
            {
                let i = usize::from(parent == "endnotePr");
                if let Some(v) = val {
                    if e.name == "numFmt" {
                        self.note_fmt[i].fmt = v.to_string();
                    } else if let Ok(n) = v.parse() {
                        self.note_fmt[i].start = n;
                    }
                }
            }
            _ => {}
        }
        true
    }

    fn end(&mut self, x: &Xml, name: &str) {
        match name {
            "pPr" if x.up(0) == Some("p") => {
                if let Some(Frame::Para(p)) = self.frames.last_mut() {
                    Self::props(self.styles, self.numbering, &mut self.counters, p);
                }
            }
            "r" => {
                if let Some(p) = self.para() {
                    p.hidden_run = false;
                    p.custom_mark = None;
                }
            }
            "fldSimple" => {
                self.fields.pop();
            }
            "del" | "moveFrom" | "rt" => self.skip_text = self.skip_text.saturating_sub(1),
            "p" | "tc" | "tr" | "tbl" | "txbxContent" | "footnote" | "endnote" => {
                let matches = matches!(
                    (name, self.frames.last()),
                    ("p", Some(Frame::Para(_)))
                        | ("tc", Some(Frame::Cell(_)))
                        | ("tr", Some(Frame::Row(_)))
                        | ("tbl", Some(Frame::Table(_)))
                        | ("txbxContent", Some(Frame::TextBox(_)))
                        | ("footnote" | "endnote", Some(Frame::Note(..)))
                );
                if matches {
                    let f = self.frames.pop().expect("checked");
                    self.close(f);
                }
            }
            _ => {}
        }
    }

    /// Heading level, role and list label of a paragraph, once (its numbering counts in
    /// document order).
    fn props(styles: &Styles, numbering: &Numbering, counters: &mut Counters, p: &mut ParaState) {
        if p.props_done {
            return;
        }
        p.props_done = true;
        let sp = styles.props(p.style.as_deref());
        p.out.heading = match p.outline {
            Some(o) => (o < 9).then_some(o + 1),
            None => sp.heading,
        };
        p.out.role = sp.role;
        let num_id = p.num_id.or(sp.num_id);
        if let Some(n) = num_id {
            let ilvl = p.ilvl.or(sp.ilvl).unwrap_or(0);
            p.out.label = numbering.next_label(styles, counters, n, ilvl);
        }
    }

    /// Closes a frame, delivering what it built to the frame around it.
    fn close(&mut self, f: Frame) {
        match f {
            Frame::Para(mut p) => {
                Self::props(self.styles, self.numbering, &mut self.counters, &mut p);
                self.deliver(Item::Para(p.out));
            }
            Frame::Cell(items) => match self.frames.last_mut() {
                Some(Frame::Row(r)) => r.cells.push(items),
                _ => items.into_iter().for_each(|i| self.deliver(i)),
            },
            Frame::Row(row) => match self.frames.last_mut() {
                Some(Frame::Table(t)) => t.push(row),
                _ => {
                    for cell in row.cells {
                        cell.into_iter().for_each(|i| self.deliver(i));
                    }
                }
            },
            Frame::Table(rows) => self.deliver(Item::Table(rows)),
            Frame::TextBox(items) => items.into_iter().for_each(|i| self.deliver(i)),
            Frame::Note(key, items) => {
                self.notes.entry(key).or_default().extend(items);
            }
        }
    }

    /// Hands a finished paragraph or table to the innermost container.
    fn deliver(&mut self, item: Item) {
        for f in self.frames.iter_mut().rev() {
            match f {
                Frame::Cell(v) | Frame::TextBox(v) | Frame::Note(_, v) => {
                    v.push(item);
                    return;
                }
                Frame::Para(p) => {
                    p.out.deferred.push(item);
                    return;
                }
                Frame::Table(_) | Frame::Row(_) => {}
            }
        }
        self.top.push(item);
    }

    fn text(&mut self, x: &Xml, t: &str) {
        let Some(&(ns, ref name)) = x.stack.last() else {
            return;
        };
        if name == "t" && matches!(ns, Ns::W | Ns::M) && x.up(1) == Some("r") {
            if !self.visible() {
                return;
            }
            let clean: String;
            // Slot characters are 4-byte sequences starting F3 B0–BF.
            let t = if t.as_bytes().contains(&0xF3) && t.chars().any(|c| slot_index(c).is_some()) {
                clean = t.chars().filter(|c| slot_index(*c).is_none()).collect();
                clean.as_str()
            } else {
                t
            };
            let mut custom = None;
            if let Some(p) = self.para() {
                if p.hidden_run {
                    return;
                }
                match p.custom_mark {
                    Some(idx) => custom = Some(idx),
                    None => p.out.text.push_str(t),
                }
            }
            if let Some(idx) = custom {
                if let Some(Slot::Note { custom, .. }) = self.slots.get_mut(idx) {
                    custom.get_or_insert_with(String::new).push_str(t.trim());
                }
            }
        } else if ns == Ns::W && name == "instrText" {
            if let Some(f) = self.fields.last_mut() {
                if !f.result {
                    f.instr.push_str(t);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Assembly: numbering notes, resolving marks, building the outline
// ---------------------------------------------------------------------------------------

/// Longest table passage before it is split at a row boundary, in bytes.
const TABLE_MAX: usize = 3000;

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// The mark of note number `n` in the text: superscript digits for decimal formats,
/// `[^label]` for letters and roman numerals.
fn note_mark(n: u32, fmt: &NoteFmt) -> String {
    let label = format_number(n, &fmt.fmt, None);
    if !label.is_empty() && label.chars().all(|c| c.is_ascii_alphabetic()) && label.len() <= 6 {
        format!("[^{label}]")
    } else {
        n.to_string()
            .chars()
            .map(|c| SUPERSCRIPTS[c.to_digit(10).unwrap_or(0) as usize])
            .collect()
    }
}

fn join_label(label: &Option<(String, Suff)>, text: &str) -> String {
    match label {
        None => text.to_string(),
        Some((l, suff)) => {
            let sep = match suff {
                Suff::Nothing => "",
                _ if l.chars().any(|c| {
                    crate::analysis::script::is_japanese_char(c)
                        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
                }) =>
                {
                    "\u{3000}"
                }
                _ => " ",
            };
            if text.is_empty() {
                l.clone()
            } else {
                format!("{l}{sep}{text}")
            }
        }
    }
}

/// Calls `f` on every paragraph text holding slots, in the order the assembly reads them.
fn each_text(items: &[Item], f: &mut impl FnMut(&str)) {
    for it in items {
        match it {
            Item::Para(p) => {
                if p.has_slots {
                    f(&p.text);
                }
                each_text(&p.deferred, f);
            }
            Item::Table(rows) => {
                for r in rows {
                    for c in &r.cells {
                        each_text(c, f);
                    }
                }
            }
        }
    }
}

struct Row {
    text: String,
    header: bool,
    first: u32,
    last: u32,
    notes: Vec<NoteKey>,
}

struct Assembly {
    slots: Vec<Slot>,
    marks: HashMap<String, NoteKey>,
    notes: HashMap<NoteKey, Vec<Item>>,
    numbers: HashMap<NoteKey, String>,
    note_texts: HashMap<NoteKey, String>,
    /// First paragraph citing each note, in order of first citation.
    cited: Vec<(NoteKey, u32)>,
    ordinal: u32,
    b: OutlineBuilder,
}

impl Assembly {
    fn run(w: Walker) -> Parsed {
        let Walker {
            slots,
            marks,
            top,
            notes,
            note_fmt,
            ..
        } = w;
        // Notes are numbered in the order of their references in the body.
        let mut numbers: HashMap<NoteKey, String> = HashMap::new();
        let mut next = [note_fmt[0].start, note_fmt[1].start];
        each_text(&top, &mut |t| {
            for c in t.chars() {
                if let Some(Slot::Note { key, custom }) = slot_index(c).and_then(|i| slots.get(i)) {
                    if numbers.contains_key(key) {
                        continue;
                    }
                    let mark = match custom {
                        Some(m) if !m.is_empty() => m.clone(),
                        _ => {
                            let i = usize::from(key.0 == NoteKind::End);
                            let m = note_mark(next[i], &note_fmt[i]);
                            next[i] += 1;
                            m
                        }
                    };
                    numbers.insert(key.clone(), mark);
                }
            }
        });
        let mut a = Assembly {
            slots,
            marks,
            notes,
            numbers,
            note_texts: HashMap::new(),
            cited: Vec::new(),
            ordinal: 0,
            b: OutlineBuilder::new(),
        };
        for it in top {
            a.item(it);
        }
        let mut defs = Vec::new();
        for (key, line) in std::mem::take(&mut a.cited) {
            let text = a.note_text(&key);
            if text.is_empty() {
                continue;
            }
            defs.push(Footnote {
                marker: a.numbers.get(&key).cloned().unwrap_or_default(),
                text,
                line,
            });
        }
        let mut parsed = a.b.finish();
        super::insert_footnote_passages(&mut parsed.passages, defs);
        parsed
    }

    /// Text with its slots resolved, and the notes it cites.
    fn resolve(&self, p: &ParaOut) -> (String, Vec<NoteKey>) {
        let raw = &p.text;
        if !p.has_slots {
            return (raw.trim().to_string(), Vec::new());
        }
        let mut out = String::with_capacity(raw.len());
        let mut keys = Vec::new();
        for c in raw.chars() {
            match slot_index(c).and_then(|i| self.slots.get(i)) {
                None => out.push(c),
                Some(Slot::Note { key, .. }) => {
                    if let Some(m) = self.numbers.get(key) {
                        out.push_str(m);
                    }
                    keys.push(key.clone());
                }
                Some(Slot::NoteRef { bookmark, mark }) => {
                    if let Some(key) = self.marks.get(bookmark) {
                        if *mark {
                            if let Some(m) = self.numbers.get(key) {
                                out.push_str(m);
                            }
                        }
                        keys.push(key.clone());
                    }
                }
            }
        }
        (out.trim().to_string(), keys)
    }

    /// A note's text: its paragraphs (and tables) joined by spaces.
    fn note_text(&mut self, key: &NoteKey) -> String {
        if let Some(t) = self.note_texts.get(key) {
            return t.clone();
        }
        let items = self.notes.remove(key).unwrap_or_default();
        let mut parts = Vec::new();
        self.flatten(&items, &mut parts, &mut Vec::new(), false);
        let text = parts.join(" ").replace('\n', " ");
        self.note_texts.insert(key.clone(), text.clone());
        text
    }

    /// Texts of items as one run (cells, notes), numbering their paragraphs when `count`.
    fn flatten(
        &mut self,
        items: &[Item],
        parts: &mut Vec<String>,
        keys: &mut Vec<NoteKey>,
        count: bool,
    ) {
        for it in items {
            match it {
                Item::Para(p) => {
                    let (text, k) = self.resolve(p);
                    let full = join_label(&p.label, &text);
                    if !full.trim().is_empty() {
                        if count {
                            self.ordinal += 1;
                            self.cite(&k, self.ordinal);
                        }
                        keys.extend(k);
                        parts.push(full.trim().replace('\n', " "));
                    }
                    self.flatten(&p.deferred, parts, keys, count);
                }
                Item::Table(rows) => {
                    let mut lines = Vec::new();
                    for r in rows {
                        let cells: Vec<String> = r
                            .cells
                            .iter()
                            .map(|c| {
                                let mut cp = Vec::new();
                                self.flatten(c, &mut cp, keys, count);
                                cp.join(" ")
                            })
                            .collect();
                        if cells.iter().any(|c| !c.is_empty()) {
                            lines.push(cells.join(" / "));
                        }
                    }
                    if !lines.is_empty() {
                        parts.push(lines.join("; "));
                    }
                }
            }
        }
    }

    fn cite(&mut self, keys: &[NoteKey], line: u32) {
        for k in keys {
            if !self.cited.iter().any(|(c, _)| c == k) {
                self.cited.push((k.clone(), line));
            }
        }
    }

    fn footnotes(&mut self, keys: &[NoteKey], line: u32) -> Vec<Footnote> {
        let mut out: Vec<Footnote> = Vec::new();
        for k in keys {
            let marker = self.numbers.get(k).cloned().unwrap_or_default();
            if out.iter().any(|f| f.marker == marker) {
                continue;
            }
            let text = self.note_text(k);
            if !text.is_empty() {
                out.push(Footnote { marker, text, line });
            }
        }
        out
    }

    fn item(&mut self, it: Item) {
        match it {
            Item::Para(p) => self.para(p),
            Item::Table(rows) => self.table(rows),
        }
    }

    fn para(&mut self, p: ParaOut) {
        let (text, keys) = self.resolve(&p);
        let full = join_label(&p.label, &text);
        if !full.trim().is_empty() {
            self.ordinal += 1;
            let line = self.ordinal;
            self.cite(&keys, line);
            let block = |kind, footnotes| Block {
                kind,
                text: full.clone(),
                line_start: line,
                line_end: line,
                footnotes,
                label: None,
            };
            match (p.role, p.heading) {
                (Role::Toc, _) => {}
                (_, Some(level)) => self.b.heading(level, &full.replace('\n', " "), line),
                (Role::Title, None) => {
                    self.b.title(&full.replace('\n', " "));
                    let f = self.footnotes(&keys, line);
                    self.b.block(block(PassageKind::Body, f));
                }
                (Role::Caption, None) => {
                    let f = self.footnotes(&keys, line);
                    self.b.block(block(PassageKind::Caption, f));
                }
                (Role::Body, None) => {
                    let f = self.footnotes(&keys, line);
                    self.b.block(block(PassageKind::Body, f));
                }
            }
        }
        for d in p.deferred {
            self.item(d);
        }
    }

    fn table(&mut self, rows: Vec<RowOut>) {
        let mut out: Vec<Row> = Vec::new();
        for r in rows {
            let first = self.ordinal + 1;
            let mut keys = Vec::new();
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| {
                    let mut parts = Vec::new();
                    self.flatten(c, &mut parts, &mut keys, true);
                    parts.join(" ")
                })
                .collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            out.push(Row {
                text: cells.join(" | "),
                header: r.header,
                first,
                last: self.ordinal,
                notes: keys,
            });
        }
        if out.is_empty() {
            return;
        }
        let heads = out.iter().take_while(|r| r.header).count();
        let head_text: Vec<&str> = out[..heads].iter().map(|r| r.text.as_str()).collect();
        let mut chunks: Vec<(usize, usize)> = Vec::new(); // row ranges
        let mut start = 0;
        let mut len = 0;
        for (i, r) in out.iter().enumerate() {
            if i > start && i > heads && len + r.text.len() > TABLE_MAX {
                chunks.push((start, i));
                start = i;
                len = head_text.iter().map(|t| t.len() + 1).sum();
            }
            len += r.text.len() + 1;
        }
        chunks.push((start, out.len()));
        for (n, &(a, z)) in chunks.iter().enumerate() {
            let mut lines: Vec<&str> = Vec::new();
            if n > 0 {
                lines.extend(&head_text);
            }
            lines.extend(out[a..z].iter().map(|r| r.text.as_str()));
            let keys: Vec<NoteKey> = out[a..z].iter().flat_map(|r| r.notes.clone()).collect();
            let line_start = out[a].first;
            let line_end = out[z - 1].last.max(line_start);
            let footnotes = self.footnotes(&keys, line_start);
            self.b.block(Block {
                kind: PassageKind::Table,
                text: lines.join("\n"),
                line_start,
                line_end,
                footnotes,
                label: None,
            });
        }
    }
}

#[cfg(test)]
mod tests;
