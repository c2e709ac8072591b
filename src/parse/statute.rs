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

const RANK_TOP: u16 = 1; // 附則, 別表, 前文 (and 編)
const RANK_ARTICLE: u16 = 6;

/// What a statute line starts.
#[derive(Debug, Clone, PartialEq)]
enum Line<'a> {
    Blank,
    /// 編/章/節/款/目 heading with its rank.
    Structure(u16, &'a str),
    /// 附則 heading.
    Suppl(&'a str),
    /// 別表 heading.
    Table(&'a str),
    /// `（目的）`-style line (caption if an article follows).
    Paren(&'a str),
    /// Article: number text (`第三十六条の二`) and the whole line.
    Article(&'a str, &'a str),
    /// Paragraph number and the whole line.
    Paragraph(u32, &'a str),
    /// Item or sub-item line.
    Item(&'a str),
    /// Anything else (trimmed), and whether the raw line was indented.
    Text(&'a str, bool),
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '　' || c == '\t'
}

/// Reads `第N条(のM)*` at the start of `t`; returns its byte length.
fn article_number(t: &str) -> Option<usize> {
    let rest = t.strip_prefix('第')?;
    let (_, n) = kanji_number(rest)?;
    let mut rest = rest[n..].strip_prefix('条')?;
    while let Some(r) = rest.strip_prefix('の') {
        let (_, n) = kanji_number(r)?;
        rest = &r[n..];
    }
    Some(t.len() - rest.len())
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

fn classify(raw: &str) -> Line<'_> {
    let t = raw.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return Line::Blank;
    }
    let indented = raw.starts_with(is_space);
    if let Some(rank) = structure_rank(t) {
        return Line::Structure(rank, t);
    }
    let compact: String = t.chars().filter(|c| !is_space(*c)).take(3).collect();
    if compact.starts_with("附則") && t.chars().count() <= 60 && !t.contains('。') {
        return Line::Suppl(t);
    }
    if t.starts_with("別表") && !t.contains('。') && t.chars().count() <= 60 {
        return Line::Table(t);
    }
    if let Some(n) = article_number(t) {
        let after = &t[n..];
        if after.is_empty() || after.starts_with(is_space) {
            return Line::Article(&t[..n], t);
        }
    }
    if (t.starts_with('（') && t.ends_with('）')) && t.chars().count() <= 60 {
        return Line::Paren(t);
    }
    let p = t.strip_prefix('○').unwrap_or(t);
    if p.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        if let Some((v, n)) = leading_number(p) {
            if p[n..].starts_with(is_space) && v >= 2 {
                return Line::Paragraph(v, t);
            }
        }
    }
    if let Some((_, n)) = kanji_number(t) {
        if t[n..].starts_with(is_space) {
            return Line::Item(t);
        }
    }
    let mut cs = t.chars();
    if let Some(k) = cs.next() {
        if "イロハニホヘトチリヌルヲワカヨタレソツネナラム".contains(k)
            && cs.as_str().starts_with(is_space)
        {
            return Line::Item(t);
        }
    }
    if let Some(inner) = t.strip_prefix(['（', '(']) {
        if let Some((_, n)) = leading_number(inner) {
            if inner[n..].starts_with(['）', ')']) {
                return Line::Item(t);
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

struct State {
    b: OutlineBuilder,
    ranks: RankStack,
    cur: Option<Block>,
    /// Label prefix inside 附則 (`附則`, `附則（…法律第…号）`).
    prefix: String,
    /// Article number text of the open article (`第三十六条の二`).
    article: Option<String>,
    /// Last paragraph number in the open article (or 附則 / 別表 without articles).
    para: u32,
    /// A caption waiting for its article.
    caption: Option<String>,
    /// Pending caption that turned out to belong to a paragraph (prepended to it).
    para_caption: Option<(String, u32)>,
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
            None if self.prefix.is_empty() => format!("第{}項", to_kanji(para)),
            None => format!("{}第{}項", self.prefix, to_kanji(para)),
        }
    }

    fn start(&mut self, label: Option<String>, text: &str, line: u32) {
        self.flush();
        let mut text = text.to_string();
        let mut line_start = line;
        if let Some((cap, cap_line)) = self.para_caption.take() {
            text = format!("{cap}\n{text}");
            line_start = cap_line;
        }
        self.cur = Some(Block {
            kind: PassageKind::Body,
            text,
            line_start,
            line_end: line,
            label,
            ..Default::default()
        });
    }

    fn append(&mut self, text: &str, line: u32, newline: bool) {
        match self.cur.as_mut() {
            Some(b) => {
                if newline {
                    b.text.push('\n');
                    b.text.push_str(text);
                } else {
                    join_ja(&mut b.text, text);
                }
                b.line_end = line;
            }
            None => {
                self.para += 1;
                let label = self.label(self.para);
                self.start(Some(label), text, line);
            }
        }
    }
}

/// Parses a plain-text Japanese statute.
pub fn parse(text: &str) -> Parsed {
    let all = lines(text);
    let classes: Vec<Line<'_>> = all.iter().map(|l| classify(l)).collect();
    let toc = toc_lines(&classes);
    let mut st = State {
        b: OutlineBuilder::new(),
        ranks: RankStack::default(),
        cur: None,
        prefix: String::new(),
        article: None,
        para: 0,
        caption: None,
        para_caption: None,
    };
    // Title and header lines (law number, last amendment) before anything else.
    let mut started = false; // a structure line, article or preamble has been seen
    let mut titled = false;
    let mut in_preamble = false;
    let mut in_top = false; // inside 前文, 附則 or 別表
    let next_nonblank = |from: usize| classes[from..].iter().find(|c| **c != Line::Blank);
    for (i, class) in classes.iter().enumerate() {
        let line = i as u32 + 1;
        if toc.contains(&i) {
            continue;
        }
        match class.clone() {
            Line::Blank => {}
            Line::Structure(rank, t) => {
                started = true;
                if in_top || rank == RANK_TOP {
                    // The main provision after the preamble (or a new 編) closes 前文 / 附則.
                    st.ranks.close(RANK_TOP);
                    st.prefix.clear();
                    in_top = false;
                }
                in_preamble = false;
                st.article = None;
                st.heading(rank, t, line);
            }
            Line::Suppl(t) => {
                started = true;
                in_preamble = false;
                let compact: String = t.chars().filter(|c| !is_space(*c)).collect();
                let law = compact.find('（').and_then(|s| {
                    compact[s..]
                        .find('）')
                        .map(|e| &compact[s..s + e + '）'.len_utf8()])
                });
                in_top = true;
                st.prefix = match law {
                    Some(l) => format!("附則{l}"),
                    None => "附則".to_string(),
                };
                st.article = None;
                st.para = 0;
                st.heading(RANK_TOP, t, line);
            }
            Line::Table(t) => {
                started = true;
                in_preamble = false;
                in_top = true;
                st.prefix = "別表".to_string();
                st.article = None;
                st.para = 0;
                st.heading(RANK_TOP, t, line);
                st.start(Some("別表".to_string()), t, line);
            }
            Line::Paren(t) if started || titled => {
                let next = next_nonblank(i + 1);
                if matches!(next, Some(Line::Article(..))) {
                    st.flush();
                    st.caption = Some(t.to_string());
                } else if started
                    && matches!(next, Some(Line::Paragraph(..)) | Some(Line::Text(_, true)))
                    && st.cur.is_none()
                {
                    st.para_caption = Some((t.to_string(), line));
                } else if !started {
                    // Law number under the title.
                    st.b.block(Block {
                        kind: PassageKind::Note,
                        text: t.to_string(),
                        line_start: line,
                        line_end: line,
                        ..Default::default()
                    });
                } else {
                    st.append(t, line, false);
                }
            }
            Line::Article(num, t) => {
                started = true;
                in_preamble = false;
                let heading = match st.caption.take() {
                    Some(c) => format!("{num}{c}"),
                    None => num.to_string(),
                };
                st.heading(RANK_ARTICLE, &heading, line);
                st.article = Some(num.to_string());
                st.para = 1;
                let label = st.label(1);
                st.start(Some(label), t, line);
            }
            Line::Paragraph(n, t) if started => {
                st.para = n;
                let label = st.label(n);
                st.start(Some(label), t, line);
            }
            Line::Item(t) if started => st.append(t, line, true),
            Line::Text(t, _) | Line::Paren(t) if !titled && !started => {
                st.b.title(t);
                titled = true;
            }
            Line::Text(t, indented) if !started => {
                // Header (最終改正…) or the preamble (indented prose).
                if indented && t.ends_with('。') || in_preamble {
                    if !in_preamble {
                        st.heading(RANK_TOP, "前文", line);
                        in_preamble = true;
                        in_top = true;
                    }
                    if indented || st.cur.is_none() {
                        st.start(Some("前文".to_string()), t, line);
                    } else {
                        st.append(t, line, false);
                    }
                } else {
                    st.b.block(Block {
                        kind: PassageKind::Note,
                        text: t.to_string(),
                        line_start: line,
                        line_end: line,
                        ..Default::default()
                    });
                }
            }
            Line::Text(t, indented) => {
                // An indented line outside any paragraph starts one (附則 without articles);
                // anything else continues the line before.
                if indented
                    && st.cur.as_ref().is_none_or(|b| b.text.ends_with('。'))
                    && st.article.is_none()
                {
                    st.para += 1;
                    let label = st.label(st.para);
                    st.start(Some(label), t, line);
                } else {
                    st.append(t, line, false);
                }
            }
            Line::Paragraph(_, t) | Line::Item(t) | Line::Paren(t) => st.append(t, line, false),
        }
    }
    st.flush();
    st.b.finish()
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
}
