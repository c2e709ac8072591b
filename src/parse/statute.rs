//! Plain-text Japanese statutes (as dumped from the e-Gov HTML pages): law title, law number,
//! table of contents, 編・章・節・款・目, captions `（目的）`, articles `第一条　…` (枝番
//! `第三十六条の二`), paragraphs `２　…` (`○２` in the constitution), items `一　…`,
//! sub-items `イ　…`, `（１）…`, supplementary provisions `附則` (original and amendment ones),
//! 別表, and the constitution's 前文.
//!
//! Decisions:
//! - One passage per paragraph (項). Items (号) and sub-items are folded into their
//!   paragraph's text, each on its own line: an item is usually a fragment (`一　新技術の
//!   創出に資する…`) that only makes sense under its paragraph's chapeau (`次の各号に掲げる…`),
//!   and the citation unit people use and search for is 条・項; the paragraph label still finds
//!   the item.
//! - `label` is always `第N条第M項` (the first paragraph is `第一条第一項`, also for a
//!   one-paragraph article), numbers as kanji like the article title; 附則 labels are prefixed
//!   `附則` (`附則第三条第一項`) and, for an amendment's 附則, with its law number
//!   (`附則（平成一一年一二月二二日法律第一六〇号）第一条第一項`) so labels stay unique; a
//!   附則 without articles gives `附則第一項`; the preamble `前文`; an appended table `別表`.
//! - Section path: 編 › 章 › 節 › 款 › 目 › article heading `第一条（目的）` (article number plus
//!   its caption). 附則, 別表 and 前文 (a synthetic heading, the source has none) are top-level.
//! - The table of contents at the top (`　第一章　総則（第一条―第八条）`) is skipped: the
//!   structure lines before the first article whose first entry repeats later as a body heading.
//! - A line that starts no heading, caption, article, paragraph or item continues the line
//!   before (web dumps break sentences): joined without a space.
//! - A caption is a short, whole-line `（…）` followed (after blank lines) by an article; any
//!   other `（…）` line is a continuation.
//!
//! Depends on [`super`] and [`super::ja`] (numerals, joining).

use super::ja::{join_ja, kanji_number, leading_number, RankStack};
use super::{lines, Block, OutlineBuilder, Parsed};
use crate::model::PassageKind;
use std::borrow::Cow;

const RANK_TOP: u16 = 1; // 附則, 別表, 前文 (and 編)
const RANK_ARTICLE: u16 = 6;

/// Bytes of text after which a table continues in a new passage (about 2,000 characters):
/// the 別表 of tax and fee laws run to hundreds of thousands of characters.
const TABLE_CHUNK: usize = 6000;

/// Label of the enactment formula (`内閣は、…この政令を制定する。`).
pub const ENACTMENT_LABEL: &str = "制定文";
/// Label (and synthetic heading) of the preamble.
pub const PREAMBLE_LABEL: &str = "前文";

/// What a statute line starts.
#[derive(Debug, Clone, PartialEq)]
enum Line<'a> {
    Blank,
    /// 編/章/節/款/目 heading with its rank.
    Structure(u16, &'a str),
    /// 附則 heading (`附　則`, `附　則　抄`, `附　則　（平成…号）`).
    Suppl(&'a str),
    /// 別表 / 様式 heading, with its label (`別表第一`, `様式第二`, `附則別表`).
    Table(&'a str, &'a str),
    /// `（目的）`-style line (caption if an article follows).
    Paren(&'a str),
    /// Article: number text (`第三十六条の二`), the whole line, and whether the number stands
    /// alone on its line (its text follows on a later line).
    Article(&'a str, &'a str, bool),
    /// Paragraph number, the whole line, and whether the number stands alone.
    Paragraph(u32, &'a str, bool),
    /// Item or sub-item line, and whether the number stands alone.
    Item(&'a str, bool),
    /// An entry of the table of contents that is never text: `目次`, `前文`.
    Contents(&'a str),
    /// Anything else (trimmed), and whether the raw line was indented.
    Text(&'a str, bool),
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '　' || c == '\t'
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace())
}

/// Reads `第N条(のM)*` (or a deleted range `第N条から第M条まで`) at the start of `t`; returns
/// its byte length.
fn article_number(t: &str) -> Option<usize> {
    let one = |t: &str| -> Option<usize> {
        let rest = t.strip_prefix('第')?;
        let (_, n) = kanji_number(rest)?;
        let mut rest = rest[n..].strip_prefix('条')?;
        while let Some(r) = rest.strip_prefix('の') {
            let Some((_, n)) = kanji_number(r) else {
                break;
            };
            rest = &r[n..];
        }
        Some(t.len() - rest.len())
    };
    let n = one(t)?;
    if let Some(r) = t[n..].strip_prefix("から") {
        if let Some(m) = one(r) {
            if let Some(after) = r[m..].strip_prefix("まで") {
                return Some(t.len() - after.len());
            }
        }
    }
    Some(n)
}

/// The numbers of an article number (`第三十六条の二` → `[36, 2]`), for checking that
/// articles come in order.
fn article_key(num: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = num.strip_prefix('第').unwrap_or(num);
    while let Some((v, n)) = kanji_number(rest) {
        out.push(v);
        rest = &rest[n..];
        rest = rest.strip_prefix('条').unwrap_or(rest);
        match rest.strip_prefix('の') {
            Some(r) => rest = r,
            None => break,
        }
    }
    out
}

/// Rank of a `第N編/章/節/款/目` line.
fn structure_rank(t: &str) -> Option<u16> {
    let rest = t.strip_prefix('第')?;
    let (_, n) = kanji_number(rest)?;
    let mut chars = rest[n..].chars();
    let rank = match chars.next()? {
        '編' => 1,
        '章' => 2,
        '節' => 3,
        '款' => 4,
        '目' => 5,
        _ => return None,
    };
    let mut after = chars.as_str();
    if let Some(r) = after.strip_prefix('の') {
        let (_, n) = kanji_number(r)?;
        after = &r[n..];
    }
    (after.is_empty() || after.starts_with(is_space)).then_some(rank)
}

/// Skips balanced `（…）` groups at the start of `t` (spaces between them too).
fn skip_parens(mut t: &str) -> Option<&str> {
    loop {
        t = t.trim_start_matches(is_space);
        if !t.starts_with('（') {
            return Some(t);
        }
        let mut depth = 0;
        let mut end = None;
        for (i, c) in t.char_indices() {
            match c {
                '（' => depth += 1,
                '）' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + c.len_utf8());
                        break;
                    }
                }
                _ => {}
            }
        }
        t = &t[end?..];
    }
}

/// True for a 附則 heading: `附則` (spaced or not), optionally with the amending law in
/// parentheses and `抄`; never a reference such as `附則第三条`.
fn is_suppl(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('附') else {
        return false;
    };
    let Some(rest) = rest.trim_start_matches(is_space).strip_prefix('則') else {
        return false;
    };
    if rest.chars().count() > 60 {
        return false;
    }
    let Some(rest) = skip_parens(rest) else {
        return false;
    };
    matches!(rest.trim_matches(is_space), "" | "抄")
}

/// Numbers as tables are numbered: kanji or digits, with `号` and `のN` branches.
fn table_number(t: &str) -> usize {
    let digits = |s: &str| -> usize {
        let mut n = 0;
        for c in s.chars() {
            if "〇一二三四五六七八九十百千".contains(c)
                || c.is_ascii_digit()
                || ('０'..='９').contains(&c)
            {
                n += c.len_utf8();
            } else {
                break;
            }
        }
        n
    };
    // `第一`, `第一号`, or a bare `一` (`別表一（一）`).
    let mut n = match t.strip_prefix('第') {
        Some(r) if digits(r) > 0 => '第'.len_utf8() + digits(r),
        _ => digits(t),
    };
    if n > 0 && t[n..].starts_with('号') {
        n += '号'.len_utf8();
    }
    while let Some(r) = t[n..].strip_prefix('の') {
        let d = digits(r);
        if d == 0 {
            break;
        }
        n += 'の'.len_utf8() + d;
    }
    n
}

/// The label of a 別表 / 様式 heading (`別表第一　（第二条関係）` → `別表第一`), if `t` is
/// one: the name and number, then nothing, a space or parentheses before anything else.
fn table_label(t: &str) -> Option<&str> {
    const NAMES: [&str; 12] = [
        "別表",
        "別記様式",
        "別記",
        "様式",
        "別紙",
        "付録",
        "附録",
        "別図",
        "書式",
        "別冊",
        "付表",
        "附表",
    ];
    if t.contains('。') || t.chars().count() > 80 {
        return None;
    }
    let body = t.strip_prefix("附則").unwrap_or(t);
    let mut n = t.len() - body.len();
    if let Some(name) = NAMES.iter().find(|p| body.starts_with(*p)) {
        n += name.len();
        n += table_number(&t[n..]);
        // `別記第十八号様式の六`
        if let Some(r) = t[n..].strip_prefix("様式") {
            n += "様式".len() + table_number(r);
        }
    } else {
        // `第一号様式`
        let k = table_number(body);
        if !body.starts_with('第') || k == 0 || !body[k..].starts_with("様式") {
            return None;
        }
        n += k + "様式".len();
        n += table_number(&t[n..]);
    }
    let rest = &t[n..];
    // After the parentheses (`（第二条関係）`), nothing or a title after a space.
    let ok = rest.is_empty()
        || rest.starts_with(is_space)
        || skip_parens(rest)
            .is_some_and(|r| r.is_empty() || rest[..rest.len() - r.len()].ends_with(is_space));
    ok.then(|| &t[..n])
}

/// True when a line continues a sentence broken at a link (`の規定に基づき…`, `及び第二項`).
fn continues(t: &str) -> bool {
    const STARTS: [&str; 24] = [
        "の",
        "に",
        "を",
        "が",
        "は",
        "で",
        "と",
        "も",
        "へ",
        "及び",
        "並びに",
        "又は",
        "若しくは",
        "、",
        "。",
        "から",
        "まで",
        "ノ",
        "ヲ",
        "ヨリ",
        "及",
        "並ニ",
        "又ハ",
        "若ハ",
    ];
    if STARTS.iter().any(|s| t.starts_with(s)) {
        // Items `ニ　`, `ハ　`, `ト　` are not particles.
        return true;
    }
    let mut cs = t.chars();
    matches!(cs.next(), Some('ニ' | 'ハ' | 'ト')) && !cs.next().is_some_and(is_space)
}

fn classify(raw: &str) -> Line<'_> {
    let t = trim(raw);
    if t.is_empty() {
        return Line::Blank;
    }
    let indented = raw.starts_with(is_space);
    if let Some(rank) = structure_rank(t) {
        return Line::Structure(rank, t);
    }
    if t.starts_with('附') && is_suppl(t) {
        return Line::Suppl(t);
    }
    if let Some(label) = table_label(t) {
        return Line::Table(t, label);
    }
    // Article and paragraph numbers stand at the margin; indented, the same shapes are the
    // entries of a list inside a provision (`　第二十一条　三億円以下の罰金刑`).
    if let Some(n) = article_number(t).filter(|_| !indented) {
        let after = &t[n..];
        if after.is_empty() || after.starts_with(is_space) {
            return Line::Article(&t[..n], t, after.is_empty());
        }
    }
    if t.starts_with('（')
        && t.ends_with('）')
        && t.chars().count() <= 250
        && skip_parens(t).is_some_and(str::is_empty)
    {
        return Line::Paren(t);
    }
    if matches!(t, "目次" | "前文") || t.chars().filter(|c| !is_space(*c)).eq("目次".chars())
    {
        return Line::Contents(t);
    }
    let p = t.strip_prefix('○').unwrap_or(t);
    if !indented && p.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        if let Some((v, n)) = leading_number(p) {
            let after = &p[n..];
            if after.is_empty() || after.starts_with(is_space) {
                return Line::Paragraph(v, t, after.is_empty());
            }
        }
    }
    if let Some((_, n)) = kanji_number(t) {
        if t[n..].is_empty() || t[n..].starts_with(is_space) {
            return Line::Item(t, t[n..].is_empty());
        }
    }
    let mut cs = t.chars();
    if let Some(k) = cs.next() {
        if "イロハニホヘトチリヌルヲワカヨタレソツネナラム".contains(k) {
            let after = cs.as_str();
            if after.is_empty() || after.starts_with(is_space) {
                return Line::Item(t, after.is_empty());
            }
        }
    }
    if let Some(inner) = t.strip_prefix(['（', '(']) {
        let n = match leading_number(inner) {
            Some((_, n)) => n,
            None => inner
                .chars()
                .next()
                .filter(|c| "イロハニホヘトチリヌルヲワカヨタレソツネナラム".contains(*c))
                .map_or(0, char::len_utf8),
        };
        if n > 0 {
            if let Some(after) = inner[n..].strip_prefix(['）', ')']) {
                if after.is_empty() || after.starts_with(is_space) {
                    return Line::Item(t, after.is_empty());
                }
            }
        }
    }
    Line::Text(t, indented)
}

/// Kanji numeral for `n` (`12` → `十二`), as statutes print article and paragraph numbers.
pub fn to_kanji(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return D[0].to_string();
    }
    let mut out = String::new();
    let mut rest = n;
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let q = rest / unit;
        rest %= unit;
        if q > 0 {
            if q > 1 {
                out.push_str(D[q as usize]);
            }
            out.push_str(name);
        }
    }
    if rest > 0 {
        out.push_str(D[rest as usize]);
    }
    out
}

/// Key of a structure line for matching TOC entries with body headings.
fn toc_key(t: &str) -> String {
    let t = match t.find("（第") {
        Some(i) if t.ends_with('）') => &t[..i],
        _ => t,
    };
    t.chars().filter(|c| !is_space(*c)).collect()
}

/// Line indices of the table of contents (structure lines before the first article whose
/// first entry repeats later as a body heading, or that carry article ranges).
fn toc_lines(classes: &[Line<'_>]) -> std::collections::HashSet<usize> {
    let mut out = std::collections::HashSet::new();
    let first_article = classes
        .iter()
        .position(|c| matches!(c, Line::Article(..)))
        .unwrap_or(classes.len());
    let structs: Vec<(usize, String, bool)> = classes[..first_article]
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Line::Structure(_, t) | Line::Suppl(t) => Some((i, toc_key(t), t.ends_with("条）"))),
            _ => None,
        })
        .collect();
    let Some((_, first_key, _)) = structs.first().cloned() else {
        return out;
    };
    if let Some((repeat_i, _, _)) = structs.iter().skip(1).find(|(_, k, _)| *k == first_key) {
        out.extend(
            structs
                .iter()
                .filter(|(i, _, _)| *i < *repeat_i)
                .map(|(i, _, _)| *i),
        );
    } else {
        out.extend(structs.iter().filter(|(_, _, r)| *r).map(|(i, _, _)| *i));
    }
    out
}

/// A logical line: one line of the file, a piece of one (a heading the text dump ran into the
/// end of the line before it), or a caption the dump broke at a link, joined again.
struct VLine<'a> {
    /// The text, with its indentation.
    text: Cow<'a, str>,
    /// First source line (1-based).
    start: u32,
    /// Last source line.
    end: u32,
}

/// Net depth of `（` over `）` in `t`.
fn paren_depth(t: &str) -> i32 {
    t.chars().fold(0, |d, c| match c {
        '（' => d + 1,
        '）' => d - 1,
        _ => d,
    })
}

/// Byte offset of a heading run into the end of a line (`…定める。　　　第一章　総則`).
fn embedded_heading(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = line[from..].find("　　　") {
        let at = from + k;
        let rest = line[at..].trim_start_matches(is_space);
        if !trim(&line[..at]).is_empty() && (structure_rank(rest).is_some() || is_suppl(trim(rest)))
        {
            return Some(at);
        }
        from = at + "　　　".len();
    }
    None
}

fn vlines(text: &str) -> Vec<VLine<'_>> {
    let raw = lines(text);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    // Headings run into a line happen before the first article (after the enactment formula
    // or the preamble); later, the same shape is an amendment quoting a chapter.
    let mut articles = false;
    while i < raw.len() {
        let line = i as u32 + 1;
        let t = trim(raw[i]);
        articles = articles || article_number(t).is_some();
        // A caption (never indented) broken over lines: `（…法` ⏎ `に基づく…特例）`.
        if t.starts_with('（') && !raw[i].starts_with(is_space) && paren_depth(t) > 0 {
            let mut joined = t.to_string();
            let mut j = i + 1;
            let mut whole = false;
            while j < raw.len() && j < i + 6 {
                let next = trim(raw[j]);
                if next.is_empty() {
                    break;
                }
                joined.push_str(next);
                let d = paren_depth(&joined);
                if d <= 0 {
                    whole = d == 0 && joined.ends_with('）');
                    break;
                }
                j += 1;
            }
            if whole {
                out.push(VLine {
                    text: Cow::Owned(joined),
                    start: line,
                    end: j as u32 + 1,
                });
                i = j + 1;
                continue;
            }
        }
        let mut rest = raw[i];
        while let Some(k) = embedded_heading(rest).filter(|_| !articles) {
            out.push(VLine {
                text: Cow::Borrowed(&rest[..k]),
                start: line,
                end: line,
            });
            rest = &rest[k..];
        }
        out.push(VLine {
            text: Cow::Borrowed(rest),
            start: line,
            end: line,
        });
        i += 1;
    }
    out
}

/// The first sentence of `t`: up to the first `。` outside brackets.
fn first_sentence(t: &str) -> &str {
    let mut depth = 0i32;
    for (i, c) in t.char_indices() {
        match c {
            '（' | '「' => depth += 1,
            '）' | '」' => depth -= 1,
            '。' if depth <= 0 => return &t[..i + c.len_utf8()],
            _ => {}
        }
    }
    t
}

/// True when a paragraph before the first provision is the enactment formula (`内閣は、…の
/// 規定に基づき、この政令を制定する。`, `…を次のように定める。`, `…規則左ノ通定ム`). With a
/// preamble listed in the contents, only a formula that names its authority counts (a
/// preamble may end `この法律を制定する。` too).
fn is_formula(p: &str, preamble_listed: bool) -> bool {
    let s = first_sentence(p);
    let core = s.trim_end_matches('。');
    const ENDS: [&str; 7] = [
        "定める",
        "制定する",
        "改正する",
        "公布する",
        "定ム",
        "公布セシム",
        "制定ス",
    ];
    let formula = ENDS.iter().any(|e| core.ends_with(e)) || !p.contains('。') && p.contains("定ム");
    if !formula {
        return false;
    }
    !preamble_listed
        || [
            "規定に基づ",
            "規定に基き",
            "全部を改正",
            "実施するため",
            "施行に伴い",
        ]
        .iter()
        .any(|k| s.contains(k))
}

/// Where the parser is in the law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Title, law number, 最終改正.
    Header,
    /// Before the first provision: enactment formula, preamble, or the paragraphs of a law
    /// without articles.
    Pre,
    /// Provisions, 附則 and tables.
    Body,
}

/// A paragraph of text before the first provision.
struct PrePara {
    text: String,
    start: u32,
    end: u32,
}

struct State {
    b: OutlineBuilder,
    ranks: RankStack,
    cur: Option<Block>,
    /// Label prefix inside 附則 (`附則`, `附則（…法律第…号）`).
    prefix: String,
    /// Article number text of the open article (`第三十六条の二`).
    article: Option<String>,
    /// Numbers of the last article in the current block (main provision or one 附則).
    last_article: Option<Vec<u32>>,
    /// Last paragraph number in the open article (or 附則 / 本則 without articles).
    para: u32,
    /// A caption waiting for its article.
    caption: Option<String>,
    /// Pending caption that turned out to belong to a paragraph (prepended to it).
    para_caption: Option<(String, u32)>,
    /// Inside a 別表 / 様式: every line is the table's.
    table: bool,
}

impl State {
    fn flush(&mut self) {
        if let Some(b) = self.cur.take() {
            self.b.block(b);
        }
    }

    fn heading(&mut self, rank: u16, text: &str, line: u32) {
        self.flush();
        let depth = self.ranks.open(rank);
        self.b.heading(depth, text, line);
    }

    fn label(&self, para: u32) -> String {
        match &self.article {
            Some(a) => format!("{}{}第{}項", self.prefix, a, to_kanji(para)),
            None => format!("{}第{}項", self.prefix, to_kanji(para)),
        }
    }

    fn start(&mut self, kind: PassageKind, label: Option<String>, text: &str, lines: (u32, u32)) {
        self.flush();
        let mut text = text.to_string();
        let mut line_start = lines.0;
        if let Some((cap, cap_line)) = self.para_caption.take() {
            text = format!("{cap}\n{text}");
            line_start = cap_line;
        }
        self.cur = Some(Block {
            kind,
            text,
            line_start,
            line_end: lines.1,
            label,
            ..Default::default()
        });
    }

    /// Adds text to the open passage: on a line of its own (`newline`: items, table cells;
    /// or after a full stop), or joined to the line before (a sentence broken at a link). Without an open passage it
    /// starts the next paragraph.
    fn append(&mut self, text: &str, lines: (u32, u32), newline: bool) {
        // A long table goes on in passages of its own (at a cell), under the same label.
        if let Some(b) = self
            .cur
            .as_ref()
            .filter(|b| newline && b.kind == PassageKind::Table && b.text.len() >= TABLE_CHUNK)
        {
            let label = b.label.clone();
            self.start(PassageKind::Table, label, text, lines);
            return;
        }
        match self.cur.as_mut() {
            Some(b) => {
                // After a full stop the line is not the rest of a sentence broken at a link.
                if newline || b.text.ends_with('。') {
                    b.text.push('\n');
                    b.text.push_str(text);
                } else {
                    join_ja(&mut b.text, text);
                }
                b.line_end = lines.1;
            }
            None => {
                self.para += 1;
                let label = self.label(self.para);
                self.start(PassageKind::Body, Some(label), text, lines);
            }
        }
    }

    fn note(&mut self, text: &str, lines: (u32, u32)) {
        self.flush();
        self.b.block(Block {
            kind: PassageKind::Note,
            text: text.to_string(),
            line_start: lines.0,
            line_end: lines.1,
            ..Default::default()
        });
    }

    /// Opens a block whose articles and paragraphs number from one (a 附則, a table).
    fn new_block(&mut self, prefix: String) {
        self.prefix = prefix;
        self.article = None;
        self.last_article = None;
        self.para = 0;
        self.caption = None;
        self.para_caption = None;
    }
}

struct Parser<'v, 'a> {
    vl: &'v [VLine<'a>],
    classes: Vec<Line<'v>>,
    st: State,
    mode: Mode,
    pre: Vec<PrePara>,
    /// The main provision has articles (so text before them is a preamble).
    has_articles: bool,
    /// The contents list a 前文.
    preamble_listed: bool,
    /// Inside the preamble, or a 附則 / 別表 (closed by a structure heading).
    in_top: bool,
    /// The title line has been read.
    titled: bool,
}

impl<'v, 'a> Parser<'v, 'a> {
    fn lines_of(&self, i: usize) -> (u32, u32) {
        (self.vl[i].start, self.vl[i].end)
    }

    fn indented(&self, i: usize) -> bool {
        self.vl[i].text.starts_with(is_space)
    }

    fn next_nonblank(&self, i: usize) -> Option<usize> {
        (i + 1..self.classes.len()).find(|&j| self.classes[j] != Line::Blank)
    }

    /// True when the line right after `i` (no blank between) continues a sentence: `i` is a
    /// link's text, not a heading.
    fn link_text(&self, i: usize) -> bool {
        match self.classes.get(i + 1) {
            Some(Line::Text(t, false)) => continues(t),
            _ => false,
        }
    }

    /// The line holding the text of a number that stands alone on line `i`.
    fn text_after(&self, i: usize) -> Option<usize> {
        let j = self.next_nonblank(i)?;
        match self.classes[j] {
            Line::Text(..) | Line::Paren(_) => Some(j),
            _ => None,
        }
    }

    /// The text line of an article whose number stands alone on line `i`, when it is an
    /// article: the text is indented, or the number is the next one in order (else the number
    /// is a cell of a table, e.g. of 読替え).
    fn article_text(&self, i: usize, num: &str) -> Option<usize> {
        let j = self.text_after(i)?;
        (self.indented(j) || self.in_order(num)).then_some(j)
    }

    fn in_order(&self, num: &str) -> bool {
        let key = article_key(num);
        match &self.st.last_article {
            None => key == [1],
            Some(prev) => key > *prev && key[0] <= prev[0] + 1,
        }
    }

    /// True when paragraph number `n` may open the next paragraph.
    fn para_ok(&self, n: u32, next_indented: bool) -> bool {
        let p = self.st.para;
        if self.st.article.is_some() && n < 2 {
            return false;
        }
        n == p + 1 || next_indented && n > p
    }

    fn run(mut self) -> Parsed {
        let mut i = 0;
        let mut blank_before = false;
        while i < self.classes.len() {
            match self.classes[i] {
                Line::Blank => {
                    blank_before = true;
                    i += 1;
                    continue;
                }
                Line::Contents(_) => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            i = match self.mode {
                Mode::Header => self.header(i),
                Mode::Pre => self.pre(i),
                Mode::Body => self.body(i, blank_before),
            };
            blank_before = false;
        }
        if self.mode == Mode::Pre {
            self.finish_pre();
        }
        self.st.flush();
        self.st.b.finish()
    }

    /// Title, law number and last-amendment lines; returns the next line to read.
    fn header(&mut self, i: usize) -> usize {
        let t = trim(&self.vl[i].text);
        let lines = self.lines_of(i);
        match self.classes[i] {
            Line::Structure(..) | Line::Article(..) | Line::Suppl(_) if !self.titled => {
                self.mode = Mode::Body;
                return i;
            }
            _ if !self.titled => {
                self.st.b.title(t);
                self.titled = true;
                return i + 1;
            }
            _ => {}
        }
        let era = ["（明治", "（大正", "（昭和", "（平成", "（令和"]
            .iter()
            .any(|e| t.starts_with(e));
        if era || t.starts_with("最終改正") {
            self.st.note(t, lines);
            i + 1
        } else {
            self.mode = Mode::Pre;
            i
        }
    }

    /// Text before the first provision, gathered into paragraphs; anything else ends it.
    fn pre(&mut self, i: usize) -> usize {
        let (t, indented) = match self.classes[i] {
            Line::Text(t, indented) => (t, indented),
            Line::Paren(t)
                if matches!(
                    self.next_nonblank(i).map(|j| &self.classes[j]),
                    Some(Line::Text(..))
                ) =>
            {
                (t, false)
            }
            _ => {
                self.finish_pre();
                self.mode = Mode::Body;
                return i;
            }
        };
        let (start, end) = self.lines_of(i);
        // Paragraphs the dump ran together: `…改正する。　我々日本国民は、…`.
        let mut first = true;
        for piece in t.split_inclusive("。　") {
            let piece = trim(piece);
            if piece.is_empty() {
                continue;
            }
            match self.pre.last_mut() {
                Some(p) if first && !indented => {
                    join_ja(&mut p.text, piece);
                    p.end = end;
                }
                _ => self.pre.push(PrePara {
                    text: piece.to_string(),
                    start,
                    end,
                }),
            }
            first = false;
        }
        i + 1
    }

    /// Emits the text before the first provision: the enactment formula, then the preamble
    /// (when articles follow) or the paragraphs of a law without articles.
    fn finish_pre(&mut self) {
        let paras = std::mem::take(&mut self.pre);
        let mut rest = paras.as_slice();
        if let Some(first) = paras.first() {
            if is_formula(&first.text, self.preamble_listed) {
                self.st.start(
                    PassageKind::Body,
                    Some(ENACTMENT_LABEL.to_string()),
                    &first.text,
                    (first.start, first.end),
                );
                self.st.flush();
                rest = &paras[1..];
            }
        }
        let Some(first) = rest.first() else {
            return;
        };
        if self.has_articles {
            self.st.heading(RANK_TOP, PREAMBLE_LABEL, first.start);
            self.in_top = true;
            for p in rest {
                self.st.start(
                    PassageKind::Body,
                    Some(PREAMBLE_LABEL.to_string()),
                    &p.text,
                    (p.start, p.end),
                );
            }
            self.st.flush();
        } else {
            for p in rest {
                self.st.para += 1;
                let label = self.st.label(self.st.para);
                self.st
                    .start(PassageKind::Body, Some(label), &p.text, (p.start, p.end));
            }
        }
    }

    /// One provision line; returns the next line to read.
    fn body(&mut self, i: usize, blank_before: bool) -> usize {
        let lines = self.lines_of(i);
        let class = self.classes[i].clone();
        match class {
            Line::Suppl(t) if !self.link_text(i) => {
                self.st.table = false;
                let compact: String = t.chars().filter(|c| !is_space(*c)).collect();
                let law = compact.find('（').and_then(|s| {
                    compact[s..]
                        .find('）')
                        .map(|e| &compact[s..s + e + '）'.len_utf8()])
                });
                self.in_top = true;
                self.st.new_block(match law {
                    Some(l) => format!("附則{l}"),
                    None => "附則".to_string(),
                });
                self.st.heading(RANK_TOP, t, lines.0);
            }
            Line::Table(t, label) if !self.link_text(i) => {
                self.in_top = true;
                let label = label.to_string();
                self.st.heading(RANK_TOP, t, lines.0);
                self.st.new_block(label.clone());
                self.st.table = true;
                self.st.start(PassageKind::Table, Some(label), t, lines);
            }
            _ if self.st.table => {
                let t = trim(&self.vl[i].text);
                self.st.append(t, lines, blank_before);
            }
            Line::Structure(rank, t) if !self.link_text(i) => {
                if self.in_top || rank == RANK_TOP {
                    // The main provision after the preamble (or a new 編) closes 前文 / 附則.
                    self.st.ranks.close(RANK_TOP);
                    self.st.prefix.clear();
                    self.in_top = false;
                }
                self.st.article = None;
                self.st.heading(rank, t, lines.0);
            }
            Line::Paren(t) => {
                let next = self.next_nonblank(i);
                let next_class = next.map(|j| &self.classes[j]);
                // A law number or the rest of a sentence broken at a link, never a caption.
                let continuation = cited_law(t)
                    || !blank_before
                        && self
                            .st
                            .cur
                            .as_ref()
                            .is_some_and(|b| !b.text.ends_with('。'));
                let caption_of_article = match next_class {
                    Some(Line::Article(num, _, alone)) => {
                        !alone || self.article_text(next.unwrap_or(i), num).is_some()
                    }
                    _ => false,
                };
                let caption_of_para = match next_class {
                    Some(Line::Paragraph(n, _, _)) => {
                        let j = next.unwrap_or(i);
                        let ind = self.text_after(j).is_some_and(|k| self.indented(k));
                        self.para_ok(*n, ind)
                    }
                    Some(Line::Text(_, true)) => {
                        self.st.article.is_none()
                            && self.st.cur.as_ref().is_none_or(|b| b.text.ends_with('。'))
                    }
                    _ => false,
                };
                // A caption over nothing (the provision is not in the text).
                let orphan = matches!(
                    next_class,
                    None | Some(Line::Suppl(_) | Line::Structure(..) | Line::Table(..))
                ) && !t.contains('略');
                if continuation {
                    self.st.append(t, lines, blank_before);
                } else if caption_of_article {
                    self.st.flush();
                    self.st.caption = Some(t.to_string());
                } else if caption_of_para {
                    self.st.flush();
                    self.st.para_caption = Some((t.to_string(), lines.0));
                } else if !orphan {
                    self.st.append(t, lines, blank_before);
                }
            }
            Line::Article(num, t, alone) => {
                let (text, lines, next) = if alone {
                    match self.article_text(i, num) {
                        Some(j) => (
                            format!("{num}　{}", trim(&self.vl[j].text)),
                            (lines.0, self.vl[j].end),
                            j + 1,
                        ),
                        None => {
                            self.st.append(t, lines, blank_before);
                            return i + 1;
                        }
                    }
                } else {
                    (t.to_string(), lines, i + 1)
                };
                let heading = match self.st.caption.take() {
                    Some(c) => format!("{num}{c}"),
                    None => num.to_string(),
                };
                self.st.heading(RANK_ARTICLE, &heading, lines.0);
                self.st.article = Some(num.to_string());
                self.st.last_article = Some(article_key(num));
                self.st.para = 1;
                let label = self.st.label(1);
                self.st.start(PassageKind::Body, Some(label), &text, lines);
                return next;
            }
            Line::Paragraph(n, t, alone) => {
                if alone {
                    if let Some(j) = self.text_after(i) {
                        if self.para_ok(n, self.indented(j)) {
                            let text = format!("{t}　{}", trim(&self.vl[j].text));
                            self.st.para = n;
                            let label = self.st.label(n);
                            self.st.start(
                                PassageKind::Body,
                                Some(label),
                                &text,
                                (lines.0, self.vl[j].end),
                            );
                            return j + 1;
                        }
                    }
                    self.st.append(t, lines, blank_before);
                } else if self.para_ok(n, true) {
                    self.st.para = n;
                    let label = self.st.label(n);
                    self.st.start(PassageKind::Body, Some(label), t, lines);
                } else {
                    self.st.append(t, lines, blank_before);
                }
            }
            Line::Item(t, alone) => {
                if alone {
                    if let Some(j) = self.text_after(i) {
                        let text = format!("{t}　{}", trim(&self.vl[j].text));
                        self.st.append(&text, (lines.0, self.vl[j].end), true);
                        return j + 1;
                    }
                }
                self.st.append(t, lines, true);
            }
            Line::Text(t, indented) => {
                // An indented line outside any paragraph starts one (附則 and laws without
                // articles); anything else continues the line before.
                if indented
                    && self.st.article.is_none()
                    && self.st.cur.as_ref().is_none_or(|b| b.text.ends_with('。'))
                {
                    self.st.para += 1;
                    let label = self.st.label(self.st.para);
                    self.st.start(PassageKind::Body, Some(label), t, lines);
                } else {
                    self.st.append(t, lines, blank_before);
                }
            }
            Line::Suppl(t) | Line::Table(t, _) | Line::Structure(_, t) | Line::Contents(t) => {
                self.st.append(t, lines, blank_before);
            }
            Line::Blank => {}
        }
        i + 1
    }
}

/// True when a Japanese text is laid out as a statute: a law title over its law number
/// (`（平成十一年十二月二十二日法律第百六十号）`), or several lines start with an article
/// number (`第一条　`).
pub fn looks_like(text: &str) -> bool {
    let mut nonblank = text.lines().map(trim).filter(|l| !l.is_empty());
    if let (Some(title), Some(number)) = (nonblank.next(), nonblank.next()) {
        if !title.ends_with('。') && law_number(number) {
            return true;
        }
    }
    let mut articles = 0;
    for line in text.lines().take(3000) {
        let l = line.trim_start_matches([' ', '　']);
        if let Some(rest) = l.strip_prefix('第') {
            let digits: String = rest
                .chars()
                .take_while(|c| "〇一二三四五六七八九十百千".contains(*c))
                .collect();
            if !digits.is_empty() && rest[digits.len()..].starts_with('条') {
                articles += 1;
            }
        }
    }
    articles >= 3
}

/// True for a law number in parentheses, as the text cites it after a law's name
/// (`（昭和三十四年法律第百四十一号）`, `（昭和二十八年七月一日政令第百号）`): never a caption.
fn cited_law(t: &str) -> bool {
    let Some(inner) = ["（明治", "（大正", "（昭和", "（平成", "（令和"]
        .iter()
        .find_map(|e| t.strip_prefix(e))
        .and_then(|r| r.strip_suffix('）'))
    else {
        return false;
    };
    let Some((_, n)) = kanji_number(inner.trim_start_matches('元')) else {
        return inner.starts_with("元年");
    };
    let rest = inner.trim_start_matches('元');
    let Some(rest) = rest[n..].strip_prefix('年') else {
        return false;
    };
    !rest.contains(['の', 'に', 'を', 'が', '（'])
        && (rest.ends_with('号')
            || ["令", "憲法", "法律", "規則", "布告"]
                .iter()
                .any(|k| rest.ends_with(k)))
}

/// True for a law number line: `（昭和二十五年五月四日法律第百号）`, `（明治二十年三月
/// 二十四日勅令）`, possibly followed by `最終改正：…`.
fn law_number(t: &str) -> bool {
    let Some(inner) = ["（明治", "（大正", "（昭和", "（平成", "（令和"]
        .iter()
        .find_map(|e| t.strip_prefix(e))
    else {
        return false;
    };
    let Some(end) = inner.find('）') else {
        return false;
    };
    let inner = &inner[..end];
    inner.contains('年')
        && [
            "令", "法律", "規則", "布告", "達", "憲法", "告示", "規程", "条約",
        ]
        .iter()
        .any(|k| inner.contains(k))
}

/// Parses a plain-text Japanese statute.
pub fn parse(text: &str) -> Parsed {
    let vl = vlines(text);
    let classes: Vec<Line<'_>> = vl.iter().map(|v| classify(&v.text)).collect();
    let toc = toc_lines(&classes);
    let mut classes = classes;
    for &i in &toc {
        let t = match classes[i] {
            Line::Structure(_, t) | Line::Suppl(t) => t,
            _ => continue,
        };
        classes[i] = Line::Contents(t);
    }
    let preamble_listed = classes
        .iter()
        .any(|c| matches!(c, Line::Contents(t) if *t == PREAMBLE_LABEL));
    let main_end = classes
        .iter()
        .position(|c| matches!(c, Line::Suppl(_) | Line::Table(..)))
        .unwrap_or(classes.len());
    let has_articles = (0..main_end).any(|i| match classes[i] {
        Line::Article(_, _, false) => true,
        Line::Article(_, _, true) => {
            let j = (i + 1..classes.len()).find(|&j| classes[j] != Line::Blank);
            j.is_some_and(|j| matches!(classes[j], Line::Text(_, true)))
        }
        _ => false,
    });
    let parser = Parser {
        vl: &vl,
        classes,
        st: State {
            b: OutlineBuilder::new(),
            ranks: RankStack::default(),
            cur: None,
            prefix: String::new(),
            article: None,
            last_article: None,
            para: 0,
            caption: None,
            para_caption: None,
            table: false,
        },
        mode: Mode::Header,
        pre: Vec::new(),
        has_articles,
        preamble_listed,
        in_top: false,
        titled: false,
    };
    parser.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn law(file: &str) -> Parsed {
        let path = format!("{}/corpus/ja/{}", env!("CARGO_MANIFEST_DIR"), file);
        parse(&std::fs::read_to_string(path).unwrap())
    }

    fn by_label<'a>(p: &'a Parsed, label: &str) -> &'a crate::model::Passage {
        p.passages
            .iter()
            .find(|x| x.label.as_deref() == Some(label))
            .unwrap_or_else(|| panic!("no passage labelled {label}"))
    }

    #[test]
    fn kanji() {
        assert_eq!(to_kanji(1), "一");
        assert_eq!(to_kanji(10), "十");
        assert_eq!(to_kanji(36), "三十六");
        assert_eq!(to_kanji(129), "百二十九");
        assert_eq!(to_kanji(103), "百三");
    }

    #[test]
    fn jst_structure() {
        let p = law("jst-ho.txt");
        assert_eq!(p.title.as_deref(), Some("独立行政法人科学技術振興機構法"));
        // The TOC (lines 6-11) makes no heading.
        assert!(
            p.headings.iter().all(|h| h.line > 11),
            "{:?}",
            &p.headings[..3]
        );
        let first: Vec<(u8, &str, u32)> = p
            .headings
            .iter()
            .take(4)
            .map(|h| (h.level, h.text.as_str(), h.line))
            .collect();
        assert_eq!(
            first,
            vec![
                (1, "第一章　総則", 13),
                (2, "第一条（目的）", 17),
                (2, "第二条（定義）", 21),
                (2, "第三条（名称）", 34),
            ]
        );
        let a = by_label(&p, "第二条第二項");
        assert_eq!(a.section_path, vec!["第一章　総則", "第二条（定義）"]);
        assert_eq!(a.line_start, 23);
        // Items are folded into the paragraph, one per line.
        assert_eq!(a.text.lines().count(), 3);
        assert!(a
            .text
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("一　新技術の創出"));
        assert_eq!(a.line_end, 26);
        assert!(by_label(&p, "第一条第一項")
            .text
            .starts_with("第一条　この法律は、"));
        // 附則 restarts the article numbers under its own label.
        let s = by_label(&p, "附則第二条第二項");
        assert_eq!(s.section_path[0], "附　則　抄");
        assert!(s
            .text
            .starts_with("２　機構の成立の際現に事業団が有する権利"));
        assert!(p
            .passages
            .iter()
            .any(|x| x.label.as_deref() == Some("附則第八条第一項")));
        // The law number line is kept as a note.
        assert!(p
            .passages
            .iter()
            .any(|x| x.kind == PassageKind::Note && x.text.contains("法律第百五十八号")));
    }

    #[test]
    fn kenkyu_sections_and_branch_numbers() {
        let p = law("kenkyu-kaihatsu-ryoku-kyoka-ho.txt");
        assert!(p.headings.iter().all(|h| h.line > 24));
        let a = by_label(&p, "第三十三条第一項");
        assert_eq!(
            a.section_path,
            vec![
                "第四章　国の資金により行われる研究開発等の効率的推進等",
                "第二節　研究開発法人及び大学等の研究開発能力の強化等",
                "第三十三条（簡素で効率的な政府を実現するための行政改革の推進に関する法律の運用上の配慮）",
            ]
        );
        // 別表 with its items.
        let t = by_label(&p, "別表");
        assert!(t.text.contains("三十八　独立行政法人国立環境研究所"));
        // Amendment 附則 labels carry the amending law.
        assert!(p.passages.iter().any(|x| x.label.as_deref()
            == Some("附則（平成二一年七月一〇日法律第七六号）第二十二条第一項")));
    }

    #[test]
    fn kihon_ho_suppl_without_articles() {
        let p = law("kagaku-gijutsu-kihon-ho.txt");
        assert!(p.headings.iter().all(|h| h.line > 11));
        let s = by_label(&p, "附則第一項");
        assert_eq!(s.text, "この法律は、公布の日から施行する。");
        assert_eq!(s.line_start, 118);
        let c = by_label(&p, "第八条第一項");
        assert!(c.section_path.last().unwrap().starts_with("第八条"));
    }

    #[test]
    fn constitution_preamble_and_paragraphs() {
        let p = law("nihonkoku-kenpo.txt");
        assert_eq!(p.title.as_deref(), Some("日本国憲法"));
        assert_eq!(p.headings[0].text, "前文");
        let pre: Vec<_> = p
            .passages
            .iter()
            .filter(|x| x.label.as_deref() == Some("前文"))
            .collect();
        assert_eq!(pre.len(), 4);
        assert_eq!(pre[0].line_start, 4);
        assert_eq!(p.headings[1].text, "第一章　天皇");
        let a = by_label(&p, "第九条第二項");
        assert!(a.text.starts_with("○２　前項の目的を達するため"));
        assert_eq!(a.section_path, vec!["第二章　戦争の放棄", "第九条"]);
        let seven = by_label(&p, "第七条第一項");
        assert!(seven.text.contains("\n十　儀式を行ふこと。"));
        assert!(by_label(&p, "第百三条第一項").text.starts_with("第百三条"));
    }

    #[test]
    fn inline_branch_numbers_continuations_and_captions() {
        let text = "テスト法\n（平成五年法律第一号）\n\n　第一章　総則（第一条―第三条）\n　第二章　雑則（第四条）\n\n　　　第一章　総則\n\n（目的）\n\n第一条　この法律は、\n（昭和四十六年法律第百二十九号）第五十一条第一項\nの規定により目的を定める。\n２　前項の規定は、次に掲げる場合に適用する。\n一　第一号\nイ　細目\n\n（特例）\n\n第三十六条の二　特例を定める。\n\n　　　第二章　雑則\n\n第四条　雑則。\n\n　　　附　則\n\n（施行期日）\n\n第一条　この法律は、公布の日から施行する。\n";
        let p = parse(text);
        assert_eq!(p.title.as_deref(), Some("テスト法"));
        let hs: Vec<&str> = p.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(
            hs,
            vec![
                "第一章　総則",
                "第一条（目的）",
                "第三十六条の二（特例）",
                "第二章　雑則",
                "第四条",
                "附　則",
                "第一条（施行期日）"
            ]
        );
        let a = by_label(&p, "第一条第一項");
        assert_eq!(a.text, "第一条　この法律は、（昭和四十六年法律第百二十九号）第五十一条第一項の規定により目的を定める。");
        assert_eq!((a.line_start, a.line_end), (11, 13));
        assert_eq!(
            by_label(&p, "第一条第二項").text,
            "２　前項の規定は、次に掲げる場合に適用する。\n一　第一号\nイ　細目"
        );
        assert_eq!(
            by_label(&p, "第三十六条の二第一項").section_path,
            vec!["第一章　総則", "第三十六条の二（特例）"]
        );
        assert_eq!(
            by_label(&p, "附則第一条第一項").section_path,
            vec!["附　則", "第一条（施行期日）"]
        );
    }
    fn labels(p: &Parsed) -> Vec<&str> {
        p.passages
            .iter()
            .filter_map(|x| x.label.as_deref())
            .collect()
    }

    #[test]
    fn numbers_alone_on_their_line_label_the_text_after_them() {
        let text = "\n\nテスト令\n（平成五年三月一日政令第一号）\n　内閣は、テスト法\n（平成四年法律第一号）第三条\nの規定に基づき、この政令を制定する。\n（目的）\n第一条\n\n\n　この政令は、目的を定める。\n\n２\n\n　前項の規定は、次に掲げる場合に適用する。\n一\n\n　第一号の場合\nイ\n　細目\n";
        let p = parse(text);
        assert_eq!(p.title.as_deref(), Some("テスト令"));
        assert_eq!(p.passages[0].kind, PassageKind::Note);
        let f = by_label(&p, "制定文");
        assert_eq!(
            f.text,
            "内閣は、テスト法（平成四年法律第一号）第三条の規定に基づき、この政令を制定する。"
        );
        assert_eq!((f.line_start, f.line_end), (5, 7));
        let a = by_label(&p, "第一条第一項");
        assert_eq!(a.text, "第一条　この政令は、目的を定める。");
        assert_eq!((a.line_start, a.line_end), (9, 12));
        assert_eq!(a.section_path, vec!["第一条（目的）"]);
        let b = by_label(&p, "第一条第二項");
        assert_eq!(
            b.text,
            "２　前項の規定は、次に掲げる場合に適用する。\n一　第一号の場合\nイ　細目"
        );
        assert_eq!((b.line_start, b.line_end), (14, 21));
        assert_eq!(labels(&p), vec!["制定文", "第一条第一項", "第一条第二項"]);
    }

    #[test]
    fn old_katakana_law_with_unindented_paragraphs() {
        let text = "テスト規則\n（大正三年五月六日逓信省令第十一号）\n　テスト規則左ノ通定ム\n第一条\n\n\n　図表類ハ其ノ副本ノ交付ヲ申請スルコトヲ得\n\n○２\n\n前項ノ申請書ニハ概要書ヲ添附スヘシ\n\n○３\n\n行政手続法\n（平成五年法律第八十八号）第三条\nノ規定ニ依リ申請ヲ為ス場合ニ於テハ此ノ限ニ在ラス\n";
        let p = parse(text);
        assert_eq!(by_label(&p, "制定文").text, "テスト規則左ノ通定ム");
        assert_eq!(
            by_label(&p, "第一条第二項").text,
            "○２　前項ノ申請書ニハ概要書ヲ添附スヘシ"
        );
        assert_eq!(
            by_label(&p, "第一条第三項").text,
            "○３　行政手続法（平成五年法律第八十八号）第三条ノ規定ニ依リ申請ヲ為ス場合ニ於テハ此ノ限ニ在ラス"
        );
    }

    #[test]
    fn suppl_blocks_of_the_law_and_of_its_amendments() {
        let text = "テスト法\n（平成十年法律第一号）\n第一条\n\n　次の各号に掲げる規定は、地方税法\n附則第三十三条の二第一項第三号\nの規定により読み替える。\n\n　　　附　則　抄\n\n（施行期日）\n１\n　この法律は、公布の日から施行する。\n\n（経過措置）\n２\n　従前の例による。\n\n　　　附　則　（平成一一年一二月二二日法律第一六〇号）　抄\n\n（施行期日）\n第一条\n　この法律は、平成十三年一月六日から施行する。\n";
        let p = parse(text);
        let hs: Vec<&str> = p.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(
            hs,
            vec![
                "第一条",
                "附　則　抄",
                "附　則　（平成一一年一二月二二日法律第一六〇号）　抄",
                "第一条（施行期日）"
            ]
        );
        assert!(by_label(&p, "第一条第一項")
            .text
            .ends_with("地方税法附則第三十三条の二第一項第三号の規定により読み替える。"));
        let s1 = by_label(&p, "附則第一項");
        assert_eq!(
            s1.text,
            "（施行期日）\n１　この法律は、公布の日から施行する。"
        );
        assert_eq!((s1.line_start, s1.line_end), (11, 13));
        assert_eq!(
            by_label(&p, "附則第二項").text,
            "（経過措置）\n２　従前の例による。"
        );
        let a = by_label(
            &p,
            "附則（平成一一年一二月二二日法律第一六〇号）第一条第一項",
        );
        assert_eq!(
            a.text,
            "第一条　この法律は、平成十三年一月六日から施行する。"
        );
    }

    #[test]
    fn tables_and_forms_are_table_passages() {
        let text = "テスト省令\n（平成十年三月一日総務省令第一号）\n第一条\n\n　証明書は、別記様式第一号\nによるものとし、手数料は別表第一\nに定める。\n\n　　　附　則\n\n　この省令は、公布の日から施行する。\n\n別表第一　（第一条関係）\n\n区分\n\n金額\n\n申請\n\n千円\n\n別記様式第一号　（第一条関係）\n\n（略）\n";
        let p = parse(text);
        let t = by_label(&p, "別表第一");
        assert_eq!(t.kind, PassageKind::Table);
        assert_eq!(t.text, "別表第一　（第一条関係）\n区分\n金額\n申請\n千円");
        assert_eq!((t.line_start, t.line_end), (13, 21));
        assert_eq!(t.section_path, vec!["別表第一　（第一条関係）"]);
        let f = by_label(&p, "別記様式第一号");
        assert_eq!(f.kind, PassageKind::Table);
        assert!(by_label(&p, "第一条第一項")
            .text
            .contains("別記様式第一号によるものとし、手数料は別表第一に定める。"));
        assert_eq!(by_label(&p, "附則第一項").kind, PassageKind::Body);
        assert_eq!(
            table_label("別表一（一）　各事業年度の所得"),
            Some("別表一")
        );
        assert_eq!(
            table_label("別記第十八号様式の六"),
            Some("別記第十八号様式の六")
        );
        assert_eq!(table_label("第三号様式（第五条関係）"), Some("第三号様式"));
        assert_eq!(table_label("附則別表第二　"), Some("附則別表第二"));
        assert_eq!(table_label("別表第二（重度障害）に定める障害"), None);
        assert_eq!(table_label("様式形式につき省略"), None);
    }

    #[test]
    fn long_tables_go_on_under_the_same_label() {
        let mut text =
            String::from("テスト規則\n（平成十年規則第一号）\n第一条\n\n　別表による。\n\n別表\n");
        for i in 0..1000 {
            text.push_str(&format!("\n区分{i}\n\n金額{i}円\n"));
        }
        let p = parse(&text);
        let tables: Vec<_> = p
            .passages
            .iter()
            .filter(|x| x.kind == PassageKind::Table)
            .collect();
        assert!(tables.len() > 3, "{}", tables.len());
        assert!(tables.iter().all(|t| t.label.as_deref() == Some("別表")));
        assert!(tables.iter().all(|t| t.text.len() < TABLE_CHUNK + 100));
        assert!(tables[1].text.starts_with(['区', '金']));
        assert_eq!(tables.last().unwrap().line_end, text.lines().count() as u32);
    }

    #[test]
    fn law_without_articles_numbers_its_paragraphs() {
        let text = "テスト省令\n（平成二十年七月四日財務省令第四十九号）\n　テスト法\n（平成十年法律第一号）第二条\nの規定に基づき、テスト省令を次のように定める。\n\n　テスト法第二条\nの財務省令で定める書類は、次に掲げるものとする。\n一\n\n　申請書\n二\n\n　証明書\n\n２\n\n　前項の書類は、写しでよい。\n\n　　　附　則\n\n　この省令は、公布の日から施行する。\n";
        let p = parse(text);
        assert_eq!(labels(&p), vec!["制定文", "第一項", "第二項", "附則第一項"]);
        assert_eq!(
            by_label(&p, "第一項").text,
            "テスト法第二条の財務省令で定める書類は、次に掲げるものとする。\n一　申請書\n二　証明書"
        );
        assert_eq!(
            by_label(&p, "第二項").text,
            "２　前項の書類は、写しでよい。"
        );
        // Only provisions: no heading for the main provision.
        assert!(by_label(&p, "第一項").section_path.is_empty());
    }

    #[test]
    fn preamble_listed_in_the_contents_and_a_heading_run_into_it() {
        let text = "テスト基本法\n（平成十一年六月二十三日法律第七十八号）\n\n　前文\n　第一章　総則（第一条）\n\n　附則\n\n　我が国においては、取組が進められてきた。　ここに、この法律を制定する。　　　第一章　総則\n\n\n（目的）\n第一条\n\n　この法律は、目的を定める。\n";
        let p = parse(text);
        let pre: Vec<_> = p
            .passages
            .iter()
            .filter(|x| x.label.as_deref() == Some("前文"))
            .collect();
        assert_eq!(pre.len(), 2);
        assert_eq!(pre[1].text, "ここに、この法律を制定する。");
        assert_eq!(pre[0].section_path, vec!["前文"]);
        let hs: Vec<(&str, u32)> = p
            .headings
            .iter()
            .map(|h| (h.text.as_str(), h.line))
            .collect();
        assert_eq!(
            hs,
            vec![("前文", 9), ("第一章　総則", 9), ("第一条（目的）", 13)]
        );
        assert_eq!(
            by_label(&p, "第一条第一項").section_path,
            vec!["第一章　総則", "第一条（目的）"]
        );
        assert!(!labels(&p).contains(&"制定文"));
    }

    #[test]
    fn enactment_formula_then_preamble_on_one_line() {
        let text = "テスト法\n（平成十八年十二月二十二日法律第百二十号）\n　　テスト法（昭和二十二年法律第二十五号）の全部を改正する。　我々は、理想を実現する。\n\n　前文\n　第一章　目的（第一条）\n\n　附則\n　　　第一章　目的\n\n\n（目的）\n第一条\n\n　教育は、目的とする。\n";
        let p = parse(text);
        assert_eq!(
            by_label(&p, "制定文").text,
            "テスト法（昭和二十二年法律第二十五号）の全部を改正する。"
        );
        assert_eq!(by_label(&p, "前文").text, "我々は、理想を実現する。");
        assert_eq!(labels(&p), vec!["制定文", "前文", "第一条第一項"]);
    }

    #[test]
    fn numbers_in_tables_and_lists_are_not_provisions() {
        // A 読替え table inside an article: `第三十二条` is a cell, not an article.
        let text = "テスト令\n（平成十年政令第一号）\n第五十九条\n\n　次の表の上欄に掲げる規定中同表の中欄に掲げる字句は、同表の下欄に掲げる字句に読み替える。\n第三十二条\n\n市町村の選挙管理委員会\n\n南極地域調査組織の長\n\n\n\n第六十条\n\n　法人の代表者が違反したときは、次の各号に定める罰金刑を科する。\n一\n\n　第二十一条　三億円以下の罰金刑\n\n二\n\n　第二十二条　一億円以下の罰金刑\n";
        let p = parse(text);
        let hs: Vec<&str> = p.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(hs, vec!["第五十九条", "第六十条"]);
        assert!(by_label(&p, "第五十九条第一項")
            .text
            .ends_with("読み替える。\n第三十二条\n市町村の選挙管理委員会\n南極地域調査組織の長"));
        assert_eq!(
            by_label(&p, "第六十条第一項").text,
            "第六十条　法人の代表者が違反したときは、次の各号に定める罰金刑を科する。\n一　第二十一条　三億円以下の罰金刑\n二　第二十二条　一億円以下の罰金刑"
        );
    }

    #[test]
    fn captions_broken_at_links_and_law_numbers_that_are_not_captions() {
        let text = "テスト法\n（平成十年法律第一号）\n\n（地震再保険特別会計法\nに基づく繰入れの特例）\n第五条\n\n　繰り入れることができる。\n\n\n\n第六条\n\n　次に掲げる法律\n一\n\n　国民年金法\n（昭和三十四年法律第百四十一号）\n\n\n２\n\n　障害年金を支給する。\n";
        let p = parse(text);
        assert_eq!(
            p.headings[0].text,
            "第五条（地震再保険特別会計法に基づく繰入れの特例）"
        );
        assert_eq!(p.headings[0].line, 6);
        assert_eq!(
            by_label(&p, "第六条第一項").text,
            "第六条　次に掲げる法律\n一　国民年金法（昭和三十四年法律第百四十一号）"
        );
        assert_eq!(
            by_label(&p, "第六条第二項").text,
            "２　障害年金を支給する。"
        );
    }

    #[test]
    fn statutes_are_recognised_by_title_and_law_number() {
        let law = "\n\nテスト令\n（平成十年三月一日政令第一号）\n\n　この政令は、廃止する。\n";
        assert!(looks_like(law));
        let old = "テスト件\n（明治二十年三月二十四日勅令）\n本令ハ公布ノ日ヨリ施行ス\n";
        assert!(looks_like(old));
        let paper = "第5章　ICT政策の動向\n（令和3年版）\n2020年に閣議決定された。\n";
        assert!(!looks_like(paper));
        let p = parse(law);
        assert_eq!(labels(&p), vec!["第一項"]);
        assert_eq!(p.passages[1].text, "この政令は、廃止する。");
    }
}
