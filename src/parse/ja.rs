//! Plain-text Japanese prose documents (white papers, plans, reports), e.g. the ministries'
//! text versions with one paragraph per line.
//!
//! Heading grammar, from the top down ([`heading_level`] returns this *rank*; the outline depth
//! of a heading is computed from the ranks that are open above it, so a document that starts
//! at `第5章` has `第5章` at depth 1 and a skipped rank leaves no gap):
//!
//! | rank | form | example |
//! |---|---|---|
//! | 1 | 第N部 | `第2部　基本データと政策動向` |
//! | 2 | 第N章 | `第5章　ICT政策の動向` (`第５章`, `第五章` too) |
//! | 3 | 第N節 | `第1節　総合戦略の推進` |
//! | 4 | box | `政策フォーカス　…`, `コラム2-9` (a section of its own under the 節) |
//! | 5 | N　 | `1　国家戦略の推進` |
//! | 6 | （N） / N. | `（1）「ポストコロナ」時代における…` |
//! | 7 | ア　 | `ア　電気通信紛争処理委員会の機能` |
//! | 8 | （ア） / i) | `（ア）あっせん・仲裁` |
//! | 9 | ① / ○ | `①Beyond 5G機能実現型プログラム（…）`, `○高度解析人材の育成` |
//! | 10 | label | `＜基本的考え方＞`, `【…】` (a heading below the current item) |
//!
//! Lines that carry a sentence (`。`), a URL or run long are never headings. Figure captions
//! (`図表5-1-2-1　…`) become [`PassageKind::Caption`] passages, `（出典）…` / `（注）…` lines
//! [`PassageKind::Note`].
//!
//! Footnote texts (`1　接続料の算定に関する研究会：https://…`) look like numbered headings
//! (`1　国家戦略の推進`). They are told apart by two numbering sequences kept per 節 (headings
//! `N　` restart after a 節 or inside a box; footnote numbers run on through the 節), and,
//! when both sequences fit, by the text (URL, `。`, `：`, length), by a footnote just before,
//! and by the spaced marker (` 3 `) in the paragraphs before. A footnote is linked to the
//! nearest earlier passage of its 節 that carries its marker (spaced ` N `, or glued to the
//! term the footnote explains: `ロードマップ20201` for `1　官民ITS構想・ロードマップ2020：…`);
//! every footnote is also a [`PassageKind::Footnote`] passage where it stands.
//! A heading glued to the end of a paragraph (`…提言された。3　電気通信インフラの…`) or of a
//! footnote (`1　…を移行。3　…の推進`) is split off when its number is the next in the heading
//! sequence. Depends on [`super`] only.

use super::{lines, Block, OutlineBuilder, Parsed};
use crate::model::{Footnote, PassageKind};

/// Rank of `第N部`.
pub const RANK_PART: u8 = 1;
/// Rank of `第N章`.
pub const RANK_CHAPTER: u8 = 2;
/// Rank of `第N節`.
pub const RANK_SECTION: u8 = 3;
/// Rank of a boxed column (`政策フォーカス　…`, `コラム2-9`).
pub const RANK_BOX: u8 = 4;
/// Rank of `1　…`.
pub const RANK_NUM: u8 = 5;
/// Rank of `（1）…` and `1. …`.
pub const RANK_PAREN_NUM: u8 = 6;
/// Rank of `ア　…`.
pub const RANK_KANA: u8 = 7;
/// Rank of `（ア）…` and `i) …`.
pub const RANK_PAREN_KANA: u8 = 8;
/// Rank of `①…` and `○…`.
pub const RANK_CIRCLED: u8 = 9;
/// Rank of labels `＜基本的考え方＞`.
pub const RANK_LABEL: u8 = 10;

const KANA_ITEMS: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";
const KANJI_DIGITS: &str = "〇一二三四五六七八九";

/// Reads a number at the start of `s`: ASCII or full-width digits, or kanji numerals
/// (`十二`, `百三十`). Returns the value and the number of bytes read.
pub fn leading_number(s: &str) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut len = 0;
    let mut digits = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        value = value.saturating_mul(10).saturating_add(d);
        len += c.len_utf8();
        digits += 1;
    }
    if digits > 0 {
        return Some((value, len));
    }
    kanji_number(s)
}

/// Reads a kanji numeral at the start of `s` (`三十六`, `百二十九`, `二〇`).
pub fn kanji_number(s: &str) -> Option<(u32, usize)> {
    let mut total: u32 = 0;
    let mut cur: u32 = 0;
    let mut len = 0;
    let mut any = false;
    let mut positional = true; // 二〇 style: digits only
    let mut pos_value: u32 = 0;
    for c in s.chars() {
        if let Some(d) = KANJI_DIGITS.chars().position(|k| k == c) {
            cur = cur.saturating_mul(10).saturating_add(d as u32);
            pos_value = pos_value.saturating_mul(10).saturating_add(d as u32);
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => break,
            };
            positional = false;
            total = total.saturating_add(if cur == 0 { 1 } else { cur % 10 } * unit);
            cur = 0;
        }
        len += c.len_utf8();
        any = true;
    }
    if !any {
        return None;
    }
    if positional {
        Some((pos_value, len))
    } else {
        Some((total.saturating_add(cur), len))
    }
}

/// True when `c` is a space (ASCII or ideographic).
fn is_space(c: char) -> bool {
    c == ' ' || c == '　' || c == '\t'
}

/// True when the text carries a URL.
pub fn has_url(t: &str) -> bool {
    t.contains("http://") || t.contains("https://")
}

/// True when a line reads as a sentence or a note rather than a heading title.
fn sentence_like(t: &str) -> bool {
    t.contains('。') || has_url(t)
}

/// Heading rank of a line (see the table in the module docs), or `None`. Strict: the number
/// of a `1　…` heading must be followed by a space, as in the ministries' text versions.
pub fn heading_level(line: &str) -> Option<u8> {
    heading_rank(line, false)
}

/// Heading rank with the lenient reading used for Markdown headings the OCR produced
/// (`4価値共創型…` without a space, `工インハウス研究開発` for `エ　インハウス…`).
pub(crate) fn heading_rank(line: &str, lenient: bool) -> Option<u8> {
    let t = line.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return None;
    }
    let chars = t.chars().count();
    // 第N部 / 第N章 / 第N節
    if let Some(rest) = t.strip_prefix('第') {
        if let Some((_, n)) = leading_number(rest) {
            let after = &rest[n..];
            for (counter, rank) in [
                ('部', RANK_PART),
                ('章', RANK_CHAPTER),
                ('節', RANK_SECTION),
            ] {
                if let Some(title) = after.strip_prefix(counter) {
                    let ok_sep = title.is_empty()
                        || title.starts_with(is_space)
                        || (lenient && !title.starts_with(['の', 'で', 'に', 'は', 'を']));
                    if ok_sep && !sentence_like(title) && chars <= 80 {
                        return Some(rank);
                    }
                }
            }
        }
        return None;
    }
    // Boxes
    for prefix in ["政策フォーカス", "コラム", "【コラム"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let ok = rest.is_empty()
                || rest.starts_with(is_space)
                || rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
            if ok && !sentence_like(rest) && chars <= 80 {
                return Some(RANK_BOX);
            }
        }
    }
    if sentence_like(t) || chars > 100 {
        return None;
    }
    let first = t.chars().next()?;
    // Labels: ＜基本的考え方＞, 【…】
    if (t.starts_with('＜') && t.ends_with('＞') || t.starts_with('【') && t.ends_with('】'))
        && chars <= 40
    {
        return Some(RANK_LABEL);
    }
    // Circled numbers, ○ items
    if ('①'..='⑳').contains(&first) {
        return (chars >= 2).then_some(RANK_CIRCLED);
    }
    if first == '○' || first == '〇' || first == '◯' {
        let rest = t[first.len_utf8()..].trim_start_matches(is_space);
        return (!rest.is_empty() && chars <= 60).then_some(RANK_CIRCLED);
    }
    // （1） / (1) / （ア） / (ア)
    if let Some(inner) = t.strip_prefix(['（', '(']) {
        if let Some((_, n)) = leading_number(inner).filter(|(v, n)| *v < 100 && *n <= 6) {
            let after = &inner[n..];
            if let Some(title) = after.strip_prefix(['）', ')']) {
                if !title.trim_start_matches(is_space).is_empty() {
                    return Some(RANK_PAREN_NUM);
                }
            }
        }
        let mut cs = inner.chars();
        if let Some(k) = cs.next() {
            if KANA_ITEMS.contains(k) {
                let after = cs.as_str();
                if let Some(title) = after.strip_prefix(['）', ')']) {
                    if !title.trim_start_matches(is_space).is_empty() {
                        return Some(RANK_PAREN_KANA);
                    }
                }
            }
        }
        return None;
    }
    // 1　… / 1. …
    if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        let (v, n) = leading_number(t)?;
        if v == 0 || v > 99 {
            return None;
        }
        let after = &t[n..];
        if let Some(title) = after.strip_prefix(['.', '．']) {
            let title = title.trim_start_matches(is_space);
            if !title.is_empty() && !title.starts_with(|c: char| c.is_ascii_digit()) {
                return Some(RANK_PAREN_NUM);
            }
            return None;
        }
        if after.starts_with(is_space) {
            let title = after.trim_start_matches(is_space);
            if !title.is_empty() && chars <= 60 {
                return Some(RANK_NUM);
            }
            return None;
        }
        if lenient {
            let c = after.chars().next()?;
            let unit = "年月日度時分秒歳人件回倍割か箇万億千百％%GgKkMmTt℃．.,，:：/-－";
            if !unit.contains(c) && !c.is_ascii_alphanumeric() {
                return Some(RANK_NUM);
            }
        }
        return None;
    }
    // ア　… (and the OCR's 工 for エ)
    let mut cs = t.chars();
    let k = cs.next()?;
    let after = cs.as_str();
    if KANA_ITEMS.contains(k) || k == '工' {
        if after.starts_with(is_space) && !after.trim_start_matches(is_space).is_empty() {
            return Some(RANK_KANA);
        }
        if lenient
            && k == '工'
            && after.starts_with(|c: char| KANA_ITEMS.contains(c) || ('ァ'..='ヶ').contains(&c))
        {
            return Some(RANK_KANA);
        }
    }
    // i) / ii) / v)
    let roman: String = t.chars().take_while(|c| "ivx".contains(*c)).collect();
    if !roman.is_empty() && roman.len() <= 4 {
        if let Some(title) = t[roman.len()..].strip_prefix(')') {
            if !title.trim_start_matches(is_space).is_empty() {
                return Some(RANK_PAREN_KANA);
            }
        }
    }
    None
}

/// Figure / table caption (`図表5-1-2-1　…`, `図表1　…`, `第2-2-5図／…`).
pub fn is_caption(t: &str) -> bool {
    let t = t.trim();
    if let Some(rest) = t
        .strip_prefix("図表")
        .or_else(|| t.strip_prefix("図"))
        .or_else(|| t.strip_prefix("表"))
    {
        return rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    }
    if let Some(rest) = t.strip_prefix('第') {
        let code: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || "-－‐".contains(*c))
            .collect();
        if code.chars().any(|c| "-－‐".contains(c)) {
            let after = &rest[code.len()..];
            return after.starts_with('図') || after.starts_with('表');
        }
    }
    false
}

/// Source / note line under a figure (`（出典）…`, `（注）…`, `出典：…`, `資料：…`, `注：…`).
pub fn is_note(t: &str) -> bool {
    let t = t.trim();
    [
        "（出典）",
        "(出典)",
        "（注）",
        "(注)",
        "出典：",
        "資料：",
        "注：",
        "（資料）",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Joins two pieces of a broken line: no space between Japanese characters, one space
/// between Latin words.
pub fn join_ja(a: &mut String, b: &str) {
    let b = b.trim();
    let last = a.chars().last();
    let first = b.chars().next();
    if let (Some(l), Some(f)) = (last, first) {
        if l.is_ascii_alphanumeric() && f.is_ascii_alphanumeric()
            || l == ','
            || l == '.' && f.is_ascii_alphabetic()
        {
            a.push(' ');
        }
    }
    a.push_str(b);
}

/// Assigns outline depths to heading ranks as they arrive.
#[derive(Debug, Default, Clone)]
pub(crate) struct RankStack {
    ranks: Vec<u16>,
}

impl RankStack {
    /// Opens a heading of `rank`: closes open headings of that rank or lower; returns its depth.
    pub fn open(&mut self, rank: u16) -> u8 {
        while self.ranks.last().is_some_and(|r| *r >= rank) {
            self.ranks.pop();
        }
        self.ranks.push(rank);
        self.ranks.len().min(255) as u8
    }

    /// Closes every open heading of `rank` or lower.
    pub fn close(&mut self, rank: u16) {
        while self.ranks.last().is_some_and(|r| *r >= rank) {
            self.ranks.pop();
        }
    }
}

/// True when `text` carries footnote marker `n` as a spaced digit run (` 3 `, ` 14 の`,
/// `公表した 5` at the end).
pub fn has_spaced_marker(text: &str, n: u32) -> bool {
    let needle = n.to_string();
    let mut from = 0;
    while let Some(pos) = text[from..].find(&needle) {
        let at = from + pos;
        from = at + needle.len();
        let before = text[..at].chars().last();
        if !before.is_some_and(is_space) {
            continue;
        }
        let before2 = text[..at].trim_end_matches(is_space).chars().last();
        if before2.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let rest = &text[at + needle.len()..];
        let mut rc = rest.chars();
        match rc.next() {
            None => return true,
            Some(c) if is_space(c) => {
                let next = rest.trim_start_matches(is_space).chars().next();
                if next.is_some_and(|c| {
                    "年月日度時分%％倍件人回GgMk".contains(c) || c.is_ascii_digit()
                }) {
                    continue;
                }
                return true;
            }
            Some(c) if "。、」）』,".contains(c) => return true,
            _ => continue,
        }
    }
    false
}

/// True when `text` carries the footnote's term glued to its marker (`ロードマップ20201` for
/// footnote 1 `官民ITS構想・ロードマップ2020：…`).
fn has_term_marker(text: &str, footnote: &str, n: u32) -> bool {
    let Some(colon) = footnote.find(['：', ':', ' ', '　']) else {
        return false;
    };
    let term = footnote[..colon].trim();
    if term.chars().count() < 2 || term.chars().count() > 40 {
        return false;
    }
    let needle = n.to_string();
    let mut from = 0;
    while let Some(pos) = text[from..].find(term) {
        let at = from + pos + term.len();
        from = at;
        let rest = text[at..].trim_start_matches(is_space);
        let rest = rest
            .trim_start_matches(['」', '）'])
            .trim_start_matches(is_space);
        if let Some(after) = rest.strip_prefix(needle.as_str()) {
            if !after.starts_with(|c: char| c.is_ascii_digit()) {
                return true;
            }
        }
    }
    false
}

/// True when `text` carries marker `n` glued to the word before it: before a closing
/// bracket (`ver1.010」`, `共同声明20206」`, `Q&A12」`) or after a Latin word and before a
/// particle (`TETRA3や`, `P-254等`).
pub fn has_glued_marker(text: &str, n: u32) -> bool {
    let needle = n.to_string();
    let mut from = 0;
    while let Some(pos) = text[from..].find(&needle) {
        let at = from + pos;
        from = at + needle.len();
        let before = text[..at].chars().last();
        let after = text[at + needle.len()..].chars().next();
        let Some(before) = before else { continue };
        if is_space(before) {
            continue;
        }
        match after {
            Some(c) if "」』".contains(c) => return true,
            Some(c) if "やと等及、。）".contains(c) && before.is_ascii_alphanumeric() => {
                // `TETRA3や`, not `第3章及び`
                let word: String = text[..at]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '&')
                    .collect();
                if word.chars().any(|c| c.is_ascii_alphabetic()) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Links footnote `f` (numbered `n`) to the nearest passage in `candidates` (indices into
/// `passages`, searched from the last) that carries its marker; returns false when none does.
fn link_footnote(
    passages: &mut [crate::model::Passage],
    from: usize,
    n: u32,
    f: &Footnote,
) -> bool {
    let to = passages.len();
    let free = |p: &crate::model::Passage| !p.footnotes.iter().any(|x| x.marker == f.marker);
    let kinds = |p: &crate::model::Passage| p.kind != PassageKind::Footnote;
    let target = (from..to)
        .rev()
        .find(|&i| {
            kinds(&passages[i]) && free(&passages[i]) && has_spaced_marker(&passages[i].text, n)
        })
        .or_else(|| {
            (from..to).rev().find(|&i| {
                kinds(&passages[i])
                    && free(&passages[i])
                    && has_term_marker(&passages[i].text, &f.text, n)
            })
        })
        .or_else(|| {
            (from..to).rev().find(|&i| {
                kinds(&passages[i]) && free(&passages[i]) && has_glued_marker(&passages[i].text, n)
            })
        });
    match target {
        Some(i) => {
            passages[i].footnotes.push(f.clone());
            true
        }
        None => false,
    }
}

/// Splits a numbered footnote / heading line into its number and text (`1　…`).
fn numbered(t: &str) -> Option<(u32, &str)> {
    let (v, n) = leading_number(t)?;
    if !t.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return None;
    }
    let rest = &t[n..];
    if !rest.starts_with(is_space) {
        return None;
    }
    let rest = rest.trim_start_matches(is_space);
    (!rest.is_empty()).then_some((v, rest))
}

/// True when the text after a footnote-like number reads as a footnote rather than a title.
fn footnote_text(rest: &str) -> bool {
    has_url(rest) || rest.contains('。') || rest.contains('：') || rest.chars().count() > 60
}

/// A heading glued to the end of a paragraph: returns (paragraph, number, heading line).
fn glued_heading(t: &str) -> Option<(&str, u32, &str)> {
    let idx = t.rfind('。')?;
    let head = &t[..idx + '。'.len_utf8()];
    let tail = &t[idx + '。'.len_utf8()..];
    let (n, _) = numbered(tail)?;
    if heading_rank(tail, false) != Some(RANK_NUM) || head.chars().count() < 10 {
        return None;
    }
    Some((head, n, tail))
}

/// Parsing state of the numbering sequences.
#[derive(Debug, Default)]
struct Seq {
    /// Last `N　` heading number in the current 節 (or box).
    h: u32,
    /// The 節's heading number while inside a box.
    outer_h: Option<u32>,
    /// Last footnote number in the current 節.
    f: u32,
    /// Index of the first passage of the current 節.
    section_start: usize,
}

impl Seq {
    /// True when `n` is the next `N　` heading number (of the box or of the 節 around it).
    fn fits_heading(&self, n: u32) -> bool {
        n == self.h + 1 || self.outer_h.is_some_and(|o| n == o + 1)
    }
}

struct State {
    b: OutlineBuilder,
    ranks: RankStack,
    seq: Seq,
    /// Passage index of a body paragraph the next line may continue.
    open_body: Option<usize>,
    prev_footnote: bool,
    /// Every footnote, linked or not (each becomes a passage of its own at the end).
    notes: Vec<Footnote>,
}

impl State {
    fn heading(&mut self, rank: u8, text: &str, line: u32) {
        let depth = self.ranks.open(rank as u16);
        self.b.heading(depth, text, line);
        self.open_body = None;
        self.prev_footnote = false;
    }

    fn block(&mut self, kind: PassageKind, text: &str, line: u32) {
        self.b.block(Block {
            kind,
            text: text.trim().to_string(),
            line_start: line,
            line_end: line,
            ..Default::default()
        });
        self.open_body = (kind == PassageKind::Body).then(|| self.b.passages_mut().len() - 1);
        self.prev_footnote = false;
    }

    /// A `N　…` heading: keeps the sequences; closes a box the number does not belong to.
    fn num_heading(&mut self, n: u32, text: &str, line: u32) {
        if let Some(outer) = self.seq.outer_h {
            if n != self.seq.h + 1 && n == outer + 1 {
                self.ranks.close(RANK_BOX as u16);
                self.seq.outer_h = None;
            }
        }
        self.seq.h = n;
        self.heading(RANK_NUM, text, line);
    }

    fn footnote(&mut self, n: u32, marker: &str, text: &str, line: u32) {
        let f = Footnote {
            marker: marker.to_string(),
            text: text.trim().to_string(),
            line,
        };
        self.seq.f = n;
        let from = self.seq.section_start.min(self.b.passages_mut().len());
        link_footnote(self.b.passages_mut(), from, n, &f);
        self.notes.push(f);
        self.open_body = None;
        self.prev_footnote = true;
    }
}

/// True when a body line continues the paragraph before it (a line break inside a sentence).
fn continues(prev: &str, cur: &str) -> bool {
    if cur.starts_with(['。', '、', '」', '）', '』', '，', '．']) {
        return true;
    }
    prev.ends_with(['、', '，'])
}

/// Lines of consecutive `①…` runs in which some item reads as a sentence: such a run is an
/// enumeration in the text, and all its items stay body paragraphs.
fn circled_lists(all: &[&str]) -> std::collections::HashSet<usize> {
    let circled = |t: &str| t.trim().starts_with(|c: char| ('①'..='⑳').contains(&c));
    let mut out = std::collections::HashSet::new();
    let mut i = 0;
    while i < all.len() {
        if !circled(all[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < all.len() && circled(all[i]) {
            i += 1;
        }
        if (start..i).any(|j| heading_rank(all[j], false) != Some(RANK_CIRCLED)) {
            out.extend(start..i);
        }
    }
    out
}

/// Parses a plain-text Japanese document.
pub fn parse(text: &str) -> Parsed {
    let mut st = State {
        b: OutlineBuilder::new(),
        ranks: RankStack::default(),
        seq: Seq::default(),
        open_body: None,
        prev_footnote: false,
        notes: Vec::new(),
    };
    let all = lines(text);
    let listed = circled_lists(&all);
    for (i, raw) in all.into_iter().enumerate() {
        let line = i as u32 + 1;
        let t = raw.trim_matches(|c: char| c.is_whitespace());
        if t.is_empty() {
            continue;
        }
        // A number line: heading or footnote.
        if let Some((n, rest)) = numbered(t) {
            let heading_ok = heading_rank(t, false) == Some(RANK_NUM);
            let fits_h = st.seq.fits_heading(n);
            let fits_f = n == st.seq.f + 1;
            let looks_fn = footnote_text(rest);
            let marker_before = {
                let from = st.seq.section_start.min(st.b.passages_mut().len());
                st.b.passages_mut()[from..]
                    .iter()
                    .rev()
                    .take(12)
                    .any(|p| p.kind == PassageKind::Body && has_spaced_marker(&p.text, n))
            };
            let is_heading = if !heading_ok {
                false
            } else if fits_h && fits_f {
                !(looks_fn || st.prev_footnote || marker_before)
            } else if fits_h {
                true
            } else if fits_f {
                false
            } else {
                // Neither sequence fits (a chapter excerpt, a footnote lost to extraction):
                // a marker in the text before says footnote.
                !(looks_fn || marker_before)
            };
            let marker: String = t[..t.len() - rest.len()]
                .trim_end_matches(is_space)
                .to_string();
            if is_heading {
                st.num_heading(n, t, line);
                continue;
            }
            // A footnote glued to the heading after it (`1　…を移行。3　…の推進`).
            match glued_heading(rest) {
                Some((note, h, tail)) if st.seq.fits_heading(h) => {
                    st.footnote(n, &marker, note, line);
                    st.num_heading(h, tail, line);
                }
                _ => st.footnote(n, &marker, rest, line),
            }
            continue;
        }
        if let Some(rank) = heading_level(t).filter(|_| !listed.contains(&i)) {
            if rank <= RANK_SECTION {
                st.seq = Seq {
                    section_start: st.b.passages_mut().len(),
                    ..Seq::default()
                };
            } else if rank == RANK_BOX {
                st.seq.outer_h = Some(st.seq.outer_h.unwrap_or(st.seq.h));
                st.seq.h = 0;
            }
            st.heading(rank, t, line);
            continue;
        }
        if is_caption(t) {
            st.block(PassageKind::Caption, t, line);
            continue;
        }
        if is_note(t) {
            st.block(PassageKind::Note, t, line);
            continue;
        }
        // Body text; a heading may be glued to its end.
        let (body, glued) = match glued_heading(t) {
            Some((head, n, tail)) if st.seq.fits_heading(n) => (head, Some((n, tail))),
            _ => (t, None),
        };
        let joined = match st.open_body {
            Some(pi) => {
                let passages = st.b.passages_mut();
                if pi + 1 == passages.len() && continues(&passages[pi].text, body) {
                    let p = &mut passages[pi];
                    join_ja(&mut p.text, body);
                    p.line_end = line;
                    true
                } else {
                    false
                }
            }
            None => false,
        };
        if !joined {
            st.block(PassageKind::Body, body, line);
        }
        if let Some((n, tail)) = glued {
            st.num_heading(n, tail, line);
        }
    }
    let mut parsed = st.b.finish();
    super::insert_footnote_passages(&mut parsed.passages, st.notes);
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ict() -> Parsed {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/ja/soumu-ict-white-paper-2021-part2-ch5.txt"
        ))
        .unwrap();
        parse(&text)
    }

    #[test]
    fn heading_ranks() {
        assert_eq!(
            heading_level("第2部　基本データと政策動向"),
            Some(RANK_PART)
        );
        assert_eq!(heading_level("第5章　ICT政策の動向"), Some(RANK_CHAPTER));
        assert_eq!(heading_level("第５章　ICT政策の動向"), Some(RANK_CHAPTER));
        assert_eq!(heading_level("第五章　ICT政策の動向"), Some(RANK_CHAPTER));
        assert_eq!(heading_level("第1節　総合戦略の推進"), Some(RANK_SECTION));
        assert_eq!(heading_level("第十二節 総合戦略"), Some(RANK_SECTION));
        assert_eq!(heading_level("1　国家戦略の推進"), Some(RANK_NUM));
        assert_eq!(heading_level("１　国家戦略の推進"), Some(RANK_NUM));
        assert_eq!(
            heading_level("（1）「ポストコロナ」時代におけるデジタル活用の推進"),
            Some(RANK_PAREN_NUM)
        );
        assert_eq!(
            heading_level("（１）光ファイバ整備の推進"),
            Some(RANK_PAREN_NUM)
        );
        assert_eq!(
            heading_level("ア　電気通信紛争処理委員会の機能"),
            Some(RANK_KANA)
        );
        assert_eq!(heading_level("（ア）あっせん・仲裁"), Some(RANK_PAREN_KANA));
        assert_eq!(
            heading_level("（イ）　ITU－Tにおける取組"),
            Some(RANK_PAREN_KANA)
        );
        assert_eq!(heading_level("①Beyond 5G機能実現型プログラム（Beyond 5Gに求められる機能/技術分野ごとにプロジェクトを公募し、大規模に推進するプログラム）"), Some(RANK_CIRCLED));
        assert_eq!(heading_level("＜基本的考え方＞"), Some(RANK_LABEL));
        assert_eq!(
            heading_level("政策フォーカス　Beyond 5Gの実現に向けて"),
            Some(RANK_BOX)
        );
        assert_eq!(heading_level("コラム2-9"), Some(RANK_BOX));
        // Not headings.
        assert_eq!(heading_level("5Gは経済や社会の世界共通基盤になる。"), None);
        assert_eq!(heading_level("第5期科学技術基本計画で提唱された"), None);
        assert_eq!(heading_level("アナログ電話用設備等と同等の安全性"), None);
        assert_eq!(
            heading_level("1　官民ITS構想・ロードマップ2020：https://www.kantei.go.jp/"),
            None
        );
        assert_eq!(
            heading_level("①　電子データがある時刻に存在し、改ざんされていないことを証明する。"),
            None
        );
        assert_eq!(heading_level("2020年（令和2年）に閣議決定された"), None);
        // Lenient (OCR) reading.
        assert_eq!(
            heading_rank("4価値共創型の新たな産業を創出", true),
            Some(RANK_NUM)
        );
        assert_eq!(heading_rank("工インハウス研究開発", true), Some(RANK_KANA));
        assert_eq!(
            heading_rank("v) 疾患基礎研究プロジェクト", true),
            Some(RANK_PAREN_KANA)
        );
        assert_eq!(
            heading_rank("1. S B I R制度による支援", true),
            Some(RANK_PAREN_NUM)
        );
        assert_eq!(heading_rank("2020年度の実績", true), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(kanji_number("三十六条"), Some((36, 9)));
        assert_eq!(kanji_number("百二十九"), Some((129, 12)));
        assert_eq!(kanji_number("二〇"), Some((20, 6)));
        assert_eq!(leading_number("１２　"), Some((12, 6)));
        assert_eq!(leading_number("十"), Some((10, 3)));
    }

    #[test]
    fn ict_heading_tree() {
        let p = ict();
        let first: Vec<(u8, &str)> = p
            .headings
            .iter()
            .take(12)
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            first,
            vec![
                (1, "第5章　ICT政策の動向"),
                (2, "第1節　総合戦略の推進"),
                (3, "1　国家戦略の推進"),
                (3, "2　総務省のICT総合戦略の推進"),
                (4, "（1）「ポストコロナ」時代におけるデジタル活用の推進"),
                (4, "（2）Society5.0の実現に向けた経済構造革新への基盤づくり"),
                (2, "第2節　電気通信事業政策の展開"),
                (3, "1　公正競争の促進"),
                (4, "（1）電気通信事業分野における公正な競争環境の整備"),
                (4, "（2）IP網時代の公正競争条件の確保"),
                (4, "（3）電気通信紛争処理委員会によるあっせん・仲裁等"),
                (5, "ア　電気通信紛争処理委員会の機能"),
            ]
        );
        assert_eq!(p.title.as_deref(), Some("第5章　ICT政策の動向"));
        let h = |line: u32| {
            p.headings
                .iter()
                .find(|h| h.line == line)
                .map(|h| (h.level, h.text.clone()))
        };
        assert_eq!(h(37), Some((6, "（ア）あっせん・仲裁".into())));
        // Numbered headings that follow footnotes stay headings; footnotes never become headings.
        for (line, text) in [
            (85, "4　電気通信サービスにおける安心・安全な利用環境整備"),
            (174, "3　電波利用環境の整備"),
            (398, "2　誰もがICTによる利便性を享受できる環境の整備"),
            (490, "2　最先端の社会全体のICT化実現に向けた研究開発の強化"),
            (601, "2　国際的な枠組における取組"),
            (751, "2　国際分野における郵政行政の推進"),
        ] {
            assert_eq!(h(line).map(|x| x.1), Some(text.to_string()), "line {line}");
        }
        for line in [
            30, 80, 81, 145, 146, 153, 253, 361, 373, 599, 703, 749, 750, 811,
        ] {
            assert!(h(line).is_none(), "footnote line {line} became a heading");
        }
        // The glued heading on line 64.
        assert_eq!(
            h(64),
            Some((3, "3　電気通信インフラの安全・信頼性の確保".into()))
        );
        let p64 = p.passages.iter().find(|x| x.line_start == 64).unwrap();
        assert!(p64.text.ends_with("提言された。"));
        assert_eq!(
            p64.section_path.last().unwrap(),
            "（3）インターネットのサービス品質確保"
        );
        let p65 = p.passages.iter().find(|x| x.line_start == 67).unwrap();
        assert_eq!(
            p65.section_path,
            vec![
                "第5章　ICT政策の動向",
                "第2節　電気通信事業政策の展開",
                "3　電気通信インフラの安全・信頼性の確保",
                "（1）電気通信設備の技術基準等に関する制度の整備・運用の在り方",
                "ア　IoTの普及に対応した電気通信設備の技術基準等に関する制度整備",
            ]
        );
    }

    #[test]
    fn ict_footnotes_link_to_marked_passages() {
        let p = ict();
        let with = |line: u32| {
            p.passages
                .iter()
                .find(|x| x.footnotes.iter().any(|f| f.line == line))
                .unwrap_or_else(|| panic!("footnote on line {line} not linked"))
        };
        let a = with(30);
        assert_eq!(a.line_start, 26);
        assert_eq!(a.footnotes[0].marker, "1");
        assert!(a.footnotes[0]
            .text
            .starts_with("接続料の算定に関する研究会：https://"));
        assert_eq!(with(81).line_start, 68); // 一部答申 3 を踏まえ
        assert_eq!(with(325 + 19).line_start, 325); // 日ASEAN情報通信大臣会合 14 の
        assert_eq!(with(145).line_start, 139); // ロードマップ20201」 (glued marker)
        assert_eq!(with(146).line_start, 143); // V2X2用周波数
        assert_eq!(with(153).line_start, 148); // TETRA3や
        assert_eq!(with(453).line_start, 449); // ver1.010」
        assert_eq!(with(681).line_start, 667); // 共同声明20206」
                                               // Line 764 ends with the marker 4 and line 765 holds only its 。
        let p764 = with(811);
        assert_eq!((p764.line_start, p764.line_end), (764, 765));
        assert!(p764.text.ends_with("開催している 4。"));
        // No footnote text is left in a body passage of its own.
        assert!(!p
            .passages
            .iter()
            .any(|x| x.kind == PassageKind::Body && x.text.starts_with("1　接続料")));
    }

    #[test]
    fn ict_captions_boxes_labels() {
        let p = ict();
        let captions = p
            .passages
            .iter()
            .filter(|x| x.kind == PassageKind::Caption)
            .count();
        assert!(captions >= 57, "{captions}");
        let cap = p.passages.iter().find(|x| x.line_start == 10).unwrap();
        assert_eq!(cap.kind, PassageKind::Caption);
        let b = p.passages.iter().find(|x| x.line_start == 202).unwrap();
        assert_eq!(
            b.section_path,
            vec![
                "第5章　ICT政策の動向",
                "第3節　電波政策の展開",
                "政策フォーカス　Beyond 5Gの実現に向けて",
                "1　Beyond 5G推進コンソーシアム",
            ]
        );
        let l = p.passages.iter().find(|x| x.line_start == 772).unwrap();
        assert_eq!(
            l.section_path[2..],
            [
                "政策フォーカス　デジタル時代における郵政事業の在り方について",
                "2　「最終報告書案」の公表",
                "（1）日本郵政グループ・郵便局におけるデータの活用",
                "＜基本的考え方＞",
            ]
        );
        // An enumeration with sentences stays body text.
        for line in 691..=696 {
            assert!(!p.headings.iter().any(|h| h.line == line), "line {line}");
        }
        // After the box, the 節's own numbering resumes outside it.
        let after = p.headings.iter().find(|h| h.line == 220).unwrap();
        assert_eq!(after.level, 3);
    }

    #[test]
    fn a_footnote_glued_to_the_next_heading_is_split() {
        let text = "第1節　総合戦略\n1　国家戦略の推進\n本文では旧制度を順次 1 新制度へ移した。\n1　旧制度の事務は令和3年度までに新制度へ段階的に移行。2　総務省のICT総合戦略の推進\n戦略の本文である。\n";
        let p = parse(text);
        let heads: Vec<&str> = p.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(
            heads,
            vec![
                "第1節　総合戦略",
                "1　国家戦略の推進",
                "2　総務省のICT総合戦略の推進"
            ]
        );
        assert_eq!(p.headings[2].line, 4);
        let cites = p.passages.iter().find(|x| x.line_start == 3).unwrap();
        assert_eq!(cites.footnotes.len(), 1);
        assert_eq!(
            cites.footnotes[0].text,
            "旧制度の事務は令和3年度までに新制度へ段階的に移行。"
        );
        let note = p
            .passages
            .iter()
            .find(|x| x.kind == PassageKind::Footnote)
            .unwrap();
        assert_eq!((note.line_start, note.line_end), (4, 4));
        assert_eq!(note.section_path.last().unwrap(), "1　国家戦略の推進");
        let body = p.passages.iter().find(|x| x.line_start == 5).unwrap();
        assert_eq!(
            body.section_path.last().unwrap(),
            "2　総務省のICT総合戦略の推進"
        );
    }

    #[test]
    fn footnotes_out_of_sequence_at_a_section_end_are_footnotes() {
        // An excerpt whose footnote numbers started earlier, and footnote 12 lost to extraction:
        // 11 and 13 fit neither sequence; the markers in the text say footnote.
        let text = "第2節　電波政策\n1　電波の有効利用\n本文に 11 を含む。別の本文に 13 を含む。\n11　広帯域電力線搬送通信設備\n13　無線設備試買テストの結果\n第3節　放送政策\n1　公共放送\n本文。\n";
        let p = parse(text);
        assert!(!p.headings.iter().any(|h| h.line == 4 || h.line == 5));
        let cites = p.passages.iter().find(|x| x.line_start == 3).unwrap();
        let lines: Vec<(&str, u32)> = cites
            .footnotes
            .iter()
            .map(|f| (f.marker.as_str(), f.line))
            .collect();
        assert_eq!(lines, vec![("11", 4), ("13", 5)]);
        for (line, text) in [
            (4, "11　広帯域電力線搬送通信設備"),
            (5, "13　無線設備試買テストの結果"),
        ] {
            let note = p.passages.iter().find(|x| x.line_start == line).unwrap();
            assert_eq!(note.kind, PassageKind::Footnote);
            assert_eq!(note.text, text);
        }
    }

    #[test]
    fn ict_footnotes_at_section_ends_are_linked_passages() {
        let p = ict();
        // (line of the footnote, its number, first line of the passage with its marker)
        for (line, n, cites) in [
            (111, "11", 106),
            (193, "11", 191),
            (217, "12", 195),
            (218, "13", 197),
            (308, "11", 302),
            (320, "12", 318),
            (321, "13", 318),
            (454, "11", 449),
            (461, "13", 457),
        ] {
            assert!(!p.headings.iter().any(|h| h.line == line), "line {line}");
            let c = p
                .passages
                .iter()
                .find(|x| x.footnotes.iter().any(|f| f.line == line))
                .unwrap_or_else(|| panic!("footnote on line {line} not linked"));
            assert_eq!(c.line_start, cites, "line {line}");
            let f = c.footnotes.iter().find(|f| f.line == line).unwrap();
            assert_eq!(f.marker, n);
            let note = p
                .passages
                .iter()
                .find(|x| x.kind == PassageKind::Footnote && x.line_start == line)
                .unwrap_or_else(|| panic!("no footnote passage for line {line}"));
            assert!(note.text.starts_with(&format!("{n}　")), "{}", note.text);
        }
    }

    #[test]
    fn inline_forms() {
        let text = "第五章　政策\n第１節　概要\n１　総論\n（１）背景\nア　経緯\n（ア）初期\n本文です。\n（イ）後期\n本文。\n＜基本的考え方＞\nラベル下の本文。\n２　各論\n本文 1 を含む。\n1　注記の説明：https://example.jp/\n";
        let p = parse(text);
        let levels: Vec<u8> = p.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, vec![1, 2, 3, 4, 5, 6, 6, 7, 3]);
        assert_eq!(p.passages[1].section_path.last().unwrap(), "（イ）後期");
        assert_eq!(
            p.passages[2].section_path.last().unwrap(),
            "＜基本的考え方＞"
        );
        let [.., last, note] = &p.passages[..] else {
            panic!("passages")
        };
        assert_eq!(last.text, "本文 1 を含む。");
        assert_eq!(last.footnotes.len(), 1);
        assert_eq!(last.footnotes[0].text, "注記の説明：https://example.jp/");
        assert_eq!(note.kind, PassageKind::Footnote);
        assert_eq!(note.text, "1　注記の説明：https://example.jp/");
    }
}
