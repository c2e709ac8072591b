//! Programs defined in the text itself: `Full Name (ACRONYM)` and `Capitalised Name Program`
//! in English, `正式名称（略称）` and 「…事業」「…プログラム」「…制度」… in Japanese, and
//! `…事業を…開始` / `…として…開始`.
//!
//! A bracketed acronym is a program only when its definition names one: the name holds a
//! program word (`Program`, `Programme`, `Project`, `Initiative`, `Scheme`, `Fund`; in Japanese
//! it ends in one of [`JA_PROGRAM_SUFFIXES`]) or the word follows the bracket (`(CiCLE)
//! scheme`). Organisations (`International Telecommunication Union (ITU)`, also those named
//! `… Programme` / `… Fund` such as `United Nations Development Programme (UNDP)`), treaties,
//! standards, surveys and terms (`Patent Cooperation Treaty (PCT)`, `Internet of Things
//! (IoT)`) are not programs.
//!
//! A program found in text gets an id:
//! - the registry program's id when its acronym or name is in the registry;
//! - else its acronym, folded (NFKC, lowercase, spaces dropped) with every character other
//!   than `a-z`, `0-9` and `-` replaced by `-` (`GteX` → `gtex`);
//! - else, for a Japanese name, the name itself (NFKC, whitespace dropped:
//!   `地域デジタル基盤活用推進事業`, `公衆無線LAN環境整備支援事業`);
//! - else a slug of the English name (`Smart Agriculture Demonstration Project` →
//!   `smart-agriculture-demonstration-project`).
//!
//! Ids depend on the definition only (not on the document or the run). The name shown for
//! such a program is the defining text, cleaned by [`clean_name`].
//!
//! Plans, laws, reports, councils and strategies (「…計画」「…法」「…報告書」「…会議」
//! 「…戦略」) are never programs: only names ending in a program word are taken.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::norm::{compact, fold, is_japanese, View};
use super::registry::{Alias, AliasKind, Matcher, Owner, Registry};
use crate::model::TextProgram;

/// Words that end a Japanese program name: programs, projects, schemes, funds, subsidies and
/// grants (and 構想, initiatives).
pub const JA_PROGRAM_SUFFIXES: [&str; 8] = [
    "事業",
    "プログラム",
    "制度",
    "構想",
    "プロジェクト",
    "基金",
    "補助金",
    "交付金",
];

/// Words that make an English `Full Name (ACRONYM)` a program.
const EN_PROGRAM_WORDS: [&str; 10] = [
    "program",
    "programme",
    "programs",
    "programmes",
    "project",
    "projects",
    "initiative",
    "scheme",
    "fund",
    "funds",
];

/// Last words of English names of organisations (a name ending so is never a program).
const EN_ORG_WORDS: [&str; 34] = [
    "organization",
    "organisation",
    "union",
    "agency",
    "association",
    "council",
    "committee",
    "commission",
    "institute",
    "institution",
    "center",
    "centre",
    "bank",
    "foundation",
    "corporation",
    "office",
    "ministry",
    "consortium",
    "federation",
    "society",
    "panel",
    "network",
    "forum",
    "partnership",
    "authority",
    "board",
    "secretariat",
    "headquarters",
    "university",
    "laboratory",
    "company",
    "group",
    "alliance",
    "cooperation",
];

/// True when an English name names an organisation rather than a program: it ends in an
/// organisation word, or it is an international body named after what it runs (`United
/// Nations Development Programme`, `World Food Programme`, `International Monetary Fund`).
fn en_organisation(name: &str) -> bool {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if EN_ORG_WORDS.contains(&last.as_str()) {
        return true;
    }
    let first = words.first().map(String::as_str).unwrap_or("");
    let international = first == "un"
        || name.starts_with("United Nations")
        || ((first == "world" || first == "international")
            && ["programme", "fund"].contains(&last.as_str()));
    international
}

/// The name shown for a program defined in text: whitespace collapsed (dropped inside
/// Japanese), letter-spaced capitals closed up (`G X` → `GX`, `P R I M E` → `PRIME`), OCR
/// leftovers (`$\cdot$`) turned back into the characters they stand for.
pub fn clean_name(name: &str) -> String {
    let name = name
        .replace("$\\cdot$", "・")
        .replace("\\cdot", "・")
        .replace('$', "");
    let chars: Vec<char> = name
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // A capital standing alone between spaces / non-Latin characters (`S B I R`).
    let single = |i: usize| {
        let alone = |j: Option<&char>| j.is_none_or(|c| !c.is_ascii_alphanumeric());
        chars[i].is_ascii_uppercase()
            && alone(i.checked_sub(1).and_then(|j| chars.get(j)))
            && alone(chars.get(i + 1))
    };
    let mut out = String::with_capacity(name.len());
    for (i, c) in chars.iter().enumerate() {
        if *c != ' ' {
            out.push(*c);
            continue;
        }
        let prev = out.chars().next_back();
        let next = chars[i + 1..]
            .iter()
            .position(|c| *c != ' ')
            .map(|k| i + 1 + k);
        let (Some(p), Some(n)) = (prev, next) else {
            continue;
        };
        let spaced_capitals = i > 0 && single(i - 1) && single(n);
        if p == ' ' || is_japanese(p) || is_japanese(chars[n]) || spaced_capitals {
            continue;
        }
        out.push(' ');
    }
    out
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The id given to a program found in text with no registry entry (see the module docs).
pub fn text_program_id(acronym: Option<&str>, name: &str) -> String {
    if let Some(a) = acronym {
        let f: String = fold(a)
            .chars()
            .map(|c| {
                if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let f = f.trim_matches('-').to_string();
        if !f.is_empty() && f.chars().any(|c| c.is_ascii_alphanumeric()) {
            return f;
        }
    }
    let name = clean_name(name);
    let id = if name.chars().any(is_japanese) {
        compact(&name)
    } else {
        let lower = fold_spaced(&name);
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.join("-")
    };
    if id.is_empty() {
        return format!("program-{:016x}", fnv(&name));
    }
    id
}

/// NFKC and lowercase, keeping spaces (word boundaries of an English name).
fn fold_spaced(s: &str) -> String {
    s.split_whitespace().map(fold).collect::<Vec<_>>().join(" ")
}

/// A program definition found in a text (view coordinates).
#[derive(Debug, Clone)]
pub(crate) struct Def {
    pub start: usize,
    pub end: usize,
    pub id: String,
    pub acronym: Option<String>,
    pub name: String,
    /// True when the id comes from the registry.
    pub registered: bool,
}

/// An acronym-like string: ASCII letters/digits/'-', at least two capitals, 2..=16 chars.
fn acronym_like(s: &str) -> Option<String> {
    let c: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if c.len() < 2 || c.len() > 16 {
        return None;
    }
    if !c
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '&')
    {
        return None;
    }
    if !c.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic()) {
        return None;
    }
    if c.chars().filter(|ch| ch.is_ascii_uppercase()).count() < 2 {
        return None;
    }
    Some(c)
}

fn re_en() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\(([A-Za-z][A-Za-z0-9&\-]{0,15})(?:\s+(?:system|program|Program|project))?\)")
            .unwrap()
    })
}

fn re_bracket() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"「([^「」]{2,80})」(?:\s*[（(]([^（）()]{1,24})[）)])?").unwrap()
    })
}

/// Compiles `pattern` once, `{S}` standing for any of [`JA_PROGRAM_SUFFIXES`].
fn ja_re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| {
        let suffixes = format!("(?:{})", JA_PROGRAM_SUFFIXES.join("|"));
        Regex::new(&pattern.replace("{S}", &suffixes)).unwrap()
    })
}

fn re_ja_acr() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    ja_re(
        &RE,
        r"([^\s、。，,「」『』（）()]{2,60}?{S})\s*[（(]([A-Za-z][A-Za-z0-9 \-]{0,30})[）)]",
    )
}

/// `ACR事業（正式名称）`: an acronym used as the name, the full name in brackets.
fn re_ja_acr_first() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    ja_re(
        &RE,
        r"(?:^|[^A-Za-z0-9\-])([A-Za-z][A-Za-z0-9\-]{1,15}) ?(?:事業|プログラム|制度)[（(]([^（）()「」、。]{4,60}?{S})[）)]",
    )
}

/// A Japanese program name without brackets, followed by a particle that makes it the
/// means, place or subject of an action (`…事業により`, `…制度を通じて`, `…事業では`).
fn re_ja_named() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    ja_re(
        &RE,
        r"([^\s、。，,「」『』（）()]{3,60}?{S})(?:により|によって|を通じ|において|では|を活用|を実施|を推進|に基づ|に採択|で採択|の公募|に参加|に参画)",
    )
}

fn re_ja_start() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    ja_re(
        &RE,
        r"([^\s、。，,「」『』（）()]{3,60}?{S})(?:を|として)[^。、]{0,12}?(?:開始|創設)",
    )
}

/// A capitalised program word ending a name.
fn re_en_named() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:Program|Programme|Project|Initiative|Scheme|Fund)(?-u:\b)").unwrap()
    })
}

/// True when an English name holds a program word.
fn en_names_program(name: &str) -> bool {
    name.split(' ').any(|w| {
        EN_PROGRAM_WORDS.contains(
            &w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .as_str(),
        )
    })
}

const FUNCTION_WORDS: [&str; 14] = [
    "of", "for", "and", "the", "on", "in", "to", "with", "through", "from", "by", "&", "at", "a",
];

/// The English name that precedes an acronym definition ending at view byte `end`.
fn en_name_before(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split(' ').collect();
    let mut taken: Vec<&str> = Vec::new();
    for w in words.iter().rev() {
        if w.is_empty() {
            if taken.is_empty() {
                continue;
            }
            break;
        }
        let core = w.trim_start_matches(['“', '"', '‘', '\'', '(']);
        let starts_upper = core.chars().next().is_some_and(|c| c.is_uppercase());
        let func = FUNCTION_WORDS.contains(&core.to_lowercase().as_str()) && !starts_upper;
        let ends_punct = w.ends_with([',', '.', ';', ':', '”', '"', ')']);
        if ends_punct && !taken.is_empty() {
            break;
        }
        if !(starts_upper || func || core.contains('&') || core == "R&D") {
            break;
        }
        taken.push(core);
        if core.len() != w.len() || taken.len() >= 16 {
            break;
        }
    }
    taken.reverse();
    // "Under the X", "Since FY2020 the X": drop a leading word that only introduces the name.
    if let Some(i) = taken.iter().take(3).position(|w| *w == "the") {
        taken.drain(..=i);
    }
    while taken
        .first()
        .is_some_and(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
    {
        taken.remove(0);
    }
    while taken
        .last()
        .is_some_and(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
    {
        taken.pop();
    }
    if taken.len() < 2 {
        return None;
    }
    Some(taken.join(" "))
}

/// Removes every parenthesised group (nested too) from a Japanese name.
fn strip_parens(s: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut groups = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '（' | '(' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            '）' | ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => out.push(c),
        }
    }
    (out.trim().to_string(), groups)
}

/// Trims a run of Japanese text to the name at its end: everything up to the last hiragana
/// (other than の) goes, and a leading demonstrative (同, 本, 当, 各). Returns the byte offset
/// of the name in `s` and the name.
fn trim_ja_name(s: &str) -> (usize, &str) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if ('\u{3041}'..='\u{309f}').contains(&c) && c != 'の' {
            start = i + c.len_utf8();
        }
    }
    let name = &s[start..];
    let trimmed = name.trim_start_matches(['同', '本', '当', '各', '・', ' ']);
    (start + name.len() - trimmed.len(), trimmed)
}

fn ja_program_name(name: &str) -> bool {
    let n = name.trim();
    let Some(suffix) = JA_PROGRAM_SUFFIXES.iter().find(|s| n.ends_with(*s)) else {
        return false;
    };
    let before = n.chars().count() - suffix.chars().count();
    before >= 2 && n.chars().any(is_japanese)
}

/// What a program does, as Japanese program names say it (`…人材育成支援事業`,
/// `…基盤整備推進事業`): an unbracketed name needs one (`モデルケース事業` is no name).
const JA_ACTION_WORDS: [&str; 24] = [
    "推進",
    "支援",
    "促進",
    "育成",
    "整備",
    "創出",
    "強化",
    "実証",
    "構築",
    "活用",
    "開発",
    "振興",
    "形成",
    "研究",
    "交流",
    "派遣",
    "認定",
    "解消",
    "活性化",
    "加速",
    "普及",
    "導入",
    "展開",
    "助成",
];

/// A Japanese program name found without brackets: a program name whose part before the
/// program word has at least `core` characters and no の (`地域デジタル人材育成事業`, not
/// `電気通信事業` or `本事業の…`).
fn ja_plain_name(name: &str, core: usize) -> bool {
    let before = JA_PROGRAM_SUFFIXES
        .iter()
        .find_map(|x| name.strip_suffix(x))
        .unwrap_or("");
    ja_program_name(name) && before.chars().count() >= core && !name.contains('の')
}

/// Moves a name's start back over OCR letter-spaced capitals right before it (`E Uの研究…`
/// starts at `E`).
fn spaced_capitals_before(s: &str, start: usize) -> usize {
    let starts_capital = s[start..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase());
    if !starts_capital {
        return start;
    }
    let mut at = start;
    let b = s.as_bytes();
    // … "X " right before `at`, X a lone capital.
    while at >= 2
        && b[at - 1] == b' '
        && b[at - 2].is_ascii_uppercase()
        && (at == 2 || !b[at - 3].is_ascii_alphanumeric())
    {
        at -= 2;
    }
    at
}

fn resolve(reg: &Registry, acronym: Option<&str>, name: &str) -> Option<(String, bool)> {
    if let Some(a) = acronym {
        if reg.resolve_body(a).is_some() {
            return None;
        }
        if let Some(p) = reg.resolve_program(a) {
            return Some((p.id.clone(), true));
        }
    }
    if !name.is_empty() {
        if reg.resolve_body(name).is_some() {
            return None;
        }
        if let Some(p) = reg.resolve_program(name) {
            return Some((p.id.clone(), true));
        }
    }
    Some((text_program_id(acronym, name), false))
}

/// Program definitions in one text.
pub(crate) fn definitions(reg: &Registry, v: &View) -> Vec<Def> {
    let s = &v.s;
    // The Japanese patterns need kana or kanji, the English one a bracket: text without them
    // is not scanned (most of an English corpus).
    let ja: &str = if v.japanese { s } else { "" };
    let en: &str = if s.contains('(') { s } else { "" };
    let mut defs: Vec<Def> = Vec::new();
    let overlaps = |defs: &[Def], a: usize, b: usize| defs.iter().any(|d| a < d.end && d.start < b);

    // Japanese 「…」.
    for c in re_bracket().captures_iter(ja) {
        let m = c.get(0).unwrap();
        let inner = c.get(1).unwrap().as_str();
        let (name, groups) = strip_parens(inner);
        let name = clean_name(&name);
        if !ja_program_name(&name) {
            continue;
        }
        let acr = groups
            .iter()
            .chain(c.get(2).map(|g| g.as_str().to_string()).iter())
            .find_map(|g| acronym_like(g));
        let end = if c.get(2).is_some() && acr.is_some() {
            m.end()
        } else {
            c.get(1).unwrap().end() + "」".len()
        };
        if let Some((id, registered)) = resolve(reg, acr.as_deref(), &name) {
            defs.push(Def {
                start: m.start(),
                end,
                id,
                acronym: acr,
                name: clean_name(&name),
                registered,
            });
        }
    }
    // Japanese name（ACRONYM） without brackets.
    for c in re_ja_acr().captures_iter(ja) {
        let m = c.get(0).unwrap();
        if overlaps(&defs, m.start(), m.end()) {
            continue;
        }
        let g = c.get(1).unwrap();
        let (off, _) = trim_ja_name(g.as_str());
        let start = spaced_capitals_before(s, g.start() + off);
        let name = clean_name(&s[start..g.end()]);
        let Some(acr) = acronym_like(c.get(2).unwrap().as_str()) else {
            continue;
        };
        if !ja_program_name(&name) {
            continue;
        }
        if let Some((id, registered)) = resolve(reg, Some(&acr), &name) {
            defs.push(Def {
                start,
                end: m.end(),
                id,
                acronym: Some(acr),
                name: clean_name(&name),
                registered,
            });
        }
    }
    // …事業を…開始 / …として開始.
    for c in re_ja_start().captures_iter(ja) {
        let g = c.get(1).unwrap();
        if overlaps(&defs, g.start(), g.end()) {
            continue;
        }
        let (off, name) = trim_ja_name(g.as_str());
        let start = g.start() + off;
        let name = clean_name(name);
        if !ja_plain_name(&name, 4) {
            continue;
        }
        if let Some((id, registered)) = resolve(reg, None, &name) {
            defs.push(Def {
                start,
                end: g.end(),
                id,
                acronym: None,
                name: clean_name(&name),
                registered,
            });
        }
    }
    // ACR事業（正式名称）.
    for c in re_ja_acr_first().captures_iter(ja) {
        let a = c.get(1).unwrap();
        let full = c.get(2).unwrap();
        let m_end = c.get(0).unwrap().end();
        if overlaps(&defs, a.start(), m_end) {
            continue;
        }
        let Some(acr) = acronym_like(a.as_str()) else {
            continue;
        };
        let name = clean_name(full.as_str());
        if !ja_program_name(&name) {
            continue;
        }
        if let Some((id, registered)) = resolve(reg, Some(&acr), &name) {
            defs.push(Def {
                start: a.start(),
                end: m_end,
                id,
                acronym: Some(acr),
                name,
                registered,
            });
        }
    }
    // …事業により / …制度を通じて / …事業では: a program name used as such, unbracketed.
    for c in re_ja_named().captures_iter(ja) {
        let g = c.get(1).unwrap();
        if overlaps(&defs, g.start(), g.end()) {
            continue;
        }
        let (off, name) = trim_ja_name(g.as_str());
        let start = g.start() + off;
        let name = clean_name(name);
        if !ja_plain_name(&name, 5) || !JA_ACTION_WORDS.iter().any(|w| name.contains(w)) {
            continue;
        }
        if let Some((id, registered)) = resolve(reg, None, &name) {
            defs.push(Def {
                start,
                end: g.end(),
                id,
                acronym: None,
                name,
                registered,
            });
        }
    }
    // English Full Name (ACRONYM).
    for c in re_en().captures_iter(en) {
        let m = c.get(0).unwrap();
        let Some(acr) = acronym_like(c.get(1).unwrap().as_str()) else {
            continue;
        };
        if overlaps(&defs, m.start(), m.end()) {
            continue;
        }
        let before = &s[v.line_floor(m.start())..m.start()];
        let Some(name) = en_name_before(before.trim_end()) else {
            continue;
        };
        let after = s[m.end()..].trim_start().to_lowercase();
        let after_word = after
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let programish = en_names_program(&name)
            || m.as_str().contains(" program")
            || m.as_str().contains(" Program")
            || EN_PROGRAM_WORDS.contains(&after_word);
        if !programish || en_organisation(&name) {
            continue;
        }
        if let Some((id, registered)) = resolve(reg, Some(&acr), &name) {
            let floor = v.line_floor(m.start());
            let start = before
                .trim_end()
                .rfind(&name)
                .map_or(m.start(), |x| floor + x);
            defs.push(Def {
                start,
                end: m.end(),
                id,
                acronym: Some(acr),
                name: clean_name(&name),
                registered,
            });
        }
    }
    // English Capitalised Name Program (no acronym): at least two capitalised words before a
    // capitalised program word.
    for m in re_en_named().find_iter(s) {
        if overlaps(&defs, m.start(), m.end()) {
            continue;
        }
        let floor = v.line_floor(m.start());
        let Some(name) = en_name_before(&s[floor..m.end()]) else {
            continue;
        };
        let capitals = clean_name(&name)
            .split(' ')
            .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            .count();
        if capitals < 3 || !name.ends_with(m.as_str()) || en_organisation(&name) {
            continue;
        }
        // `… Program (ACR)` is the acronym rule's.
        if s[m.end()..].trim_start().starts_with('(') {
            continue;
        }
        let Some(start) = s[floor..m.end()].rfind(&name).map(|x| floor + x) else {
            continue;
        };
        if let Some((id, registered)) = resolve(reg, None, &name) {
            defs.push(Def {
                start,
                end: m.end(),
                id,
                acronym: None,
                name: clean_name(&name),
                registered,
            });
        }
    }
    defs.sort_by_key(|d| d.start);
    defs
}

/// Programs a document has defined so far (not in the registry), and a matcher for their
/// acronyms and names in later passages.
#[derive(Debug, Default)]
pub(crate) struct DocPrograms {
    /// Name and acronym of each program defined, by id (the first definition wins).
    pub(crate) names: BTreeMap<String, TextProgram>,
    ids: Vec<String>,
    aliases: Vec<Alias>,
    matcher: Option<Matcher>,
}

impl DocPrograms {
    /// Records the definitions of a text; rebuilds the matcher when something is new.
    pub(crate) fn learn(&mut self, defs: &[Def]) {
        let mut changed = false;
        for d in defs.iter().filter(|d| !d.registered) {
            self.names
                .entry(d.id.clone())
                .or_insert_with(|| TextProgram {
                    name: d.name.clone(),
                    acronym: d.acronym.clone(),
                });
            let idx = match self.ids.iter().position(|i| *i == d.id) {
                Some(i) => i,
                None => {
                    self.ids.push(d.id.clone());
                    self.ids.len() - 1
                }
            };
            let mut add = |text: &str, kind: AliasKind| {
                let key = fold(text);
                if key.chars().count() < 2 || self.aliases.iter().any(|a| fold(&a.text) == key) {
                    return;
                }
                self.aliases.push(Alias {
                    text: text.to_string(),
                    owner: Owner::Program(idx),
                    kind,
                });
                changed = true;
            };
            if let Some(a) = &d.acronym {
                add(a, AliasKind::Acronym);
            }
            if d.name.chars().any(is_japanese) {
                add(&d.name, AliasKind::NameJa);
            } else if d.name.split(' ').count() >= 3 {
                add(&d.name, AliasKind::NameEn);
            }
        }
        if changed {
            self.matcher = Some(Matcher::new(self.aliases.clone()));
        }
    }

    /// Mentions of already-defined programs: (view start, view end, id).
    pub(crate) fn scan(&self, v: &View) -> Vec<(usize, usize, String)> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        m.scan(v)
            .into_iter()
            .filter_map(|h| match m.alias(h.alias).owner {
                Owner::Program(i) => Some((h.start, h.end, self.ids[i].clone())),
                Owner::Body(_) => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(t: &str) -> Vec<(String, Option<String>, String)> {
        let v = View::new(t);
        definitions(Registry::builtin(), &v)
            .into_iter()
            .map(|d| (d.id, d.acronym, d.name))
            .collect()
    }

    #[test]
    fn ids() {
        assert_eq!(
            text_program_id(Some("G t e X"), "革新的GX技術創出事業"),
            "gtex"
        );
        // A Japanese name is its own id: readable, the same however it was written.
        let a = text_program_id(None, "高度無線環境整備推進事業");
        assert_eq!(a, "高度無線環境整備推進事業");
        assert_eq!(a, text_program_id(None, "高度無線環境 整備推進事業"));
        assert_ne!(a, text_program_id(None, "被災地域情報化推進事業"));
        assert_eq!(
            text_program_id(None, "公衆無線ＬＡＮ環境整備支援事業"),
            "公衆無線LAN環境整備支援事業"
        );
        assert_eq!(
            text_program_id(None, "テレワーク・ワンストップ・サポート事業"),
            "テレワーク・ワンストップ・サポート事業"
        );
        // An English name gives a slug.
        assert_eq!(
            text_program_id(None, "Smart Agriculture  Demonstration Project"),
            "smart-agriculture-demonstration-project"
        );
        assert_eq!(
            text_program_id(None, "JP-US Collaborative Search Pilot Program"),
            "jp-us-collaborative-search-pilot-program"
        );
        // Nothing usable: still an id, never empty.
        let odd = text_program_id(None, "（）");
        assert!(odd.starts_with("program-"), "{odd}");
        for bad in ["", " ", "\u{0}\u{7}", "$$", "（（（", "\u{feff}"] {
            assert!(!text_program_id(None, bad).is_empty());
            assert!(!text_program_id(Some(bad), bad).is_empty());
        }
    }

    #[test]
    fn ids_are_stable_across_documents_and_runs() {
        // Ids come from the definition alone, so every document (and every run) agrees.
        let one = defs("「地域デジタル基盤活用推進事業」を実施した。");
        let two = defs("総務省は、令和3年度から「地域デジタル基盤活用推進事業」を実施している。");
        assert_eq!(one[0].0, two[0].0);
        assert_eq!(one[0].0, "地域デジタル基盤活用推進事業");
        let en = defs(
            "In FY2022 MHLW launched the Community Dementia Care Coordination Project (CDCCP).",
        );
        assert_eq!(en[0].0, "cdccp");
    }

    #[test]
    fn names_are_the_defining_text() {
        let d = defs("「革新的G X技術創出（G t e X）事業」を開始した。");
        assert_eq!(d[0].2, "革新的GX技術創出事業");
        let d = defs("文部科学省は、2022年度に創設した先端国際共同研究推進事業／プログ ラム（A S P I R E）において");
        assert_eq!(
            (d[0].0.as_str(), d[0].2.as_str()),
            ("aspire", "先端国際共同研究推進事業/プログラム")
        );
        let d = defs("多国間協力として、E Uの研究$\\cdot$技術開発フレームワーク・プログラム（F P 7） における");
        assert_eq!(
            (d[0].0.as_str(), d[0].2.as_str()),
            ("fp7", "EUの研究・技術開発フレームワーク・プログラム")
        );
        let d = defs("Projects funded by the Green Innovation Fund (GIF) started.");
        assert_eq!(d[0].2, "Green Innovation Fund");
        assert_eq!(d[0].1.as_deref(), Some("GIF"));
        let d = defs("「Going Digital プロジェクト」は政策提言を行う。");
        assert_eq!(d[0].2, "Going Digitalプロジェクト");
    }

    #[test]
    fn bracketed_acronyms_are_programs_only_when_defined_as_one() {
        let ids = |t: &str| defs(t).into_iter().map(|d| d.0).collect::<Vec<_>>();
        // Programs: the definition names one, or the program word follows the bracket.
        for (t, want) in [
            (
                "the Regional Digital Transformation Promotion Program (RDX) dispatched experts",
                "rdx",
            ),
            (
                "the Global Startup Acceleration Programme (GSAP) pairs companies",
                "gsap",
            ),
            (
                "AMED runs the Cyclic Innovation for Clinical Empowerment (CiCLE) scheme",
                "cicle",
            ),
            (
                "the World Premier International Research Center Initiative (WPI) has",
                "wpi",
            ),
            ("the Green Innovation Fund (GIF) at NEDO", "gif"),
            ("the Joint Research Project (JRP) started", "jrp"),
            ("創発的研究支援事業（ＦＯＲＥＳＴ）により", "forest"),
            ("二国間クレジット制度（ＪＣＭ）のパートナー国", "jcm"),
            (
                "Go-Tech事業（成長型中小企業等研究開発支援事業）を実施している",
                "go-tech",
            ),
        ] {
            assert_eq!(ids(t), vec![want.to_string()], "{t}");
        }
        // Not programs: organisations (also those named after a programme or fund),
        // treaties, standards, surveys, platforms and terms.
        for t in [
            "the International Telecommunication Union (ITU) and",
            "the Patent Cooperation Treaty (PCT) by",
            "the Internet of Things (IoT) security initiative NOTICE",
            "the Organisation for Economic Co-operation and Development (OECD)",
            "the United Nations Development Programme (UNDP) and",
            "the World Food Programme (WFP), which",
            "the International Monetary Fund (IMF).",
            "A Project Management Office (PMO) was set up",
            "the General Data Protection Regulation (GDPR) of the EU",
            "the APEC Cross-Border Privacy Rules (CBPR) system",
            "key performance indicators (KPIs) every year",
            "the Agricultural Data Collaboration Platform (WAGRI), which",
            "国際電気通信連合（ＩＴＵ）の世界無線通信会議（ＷＲＣ－２３）では",
            "経済協力開発機構（ＯＥＣＤ）の国際成人力調査（ＰＩＡＡＣ）によれば",
            "地域経済分析システム（ＲＥＳＡＳ）は",
            "モノのインターネット（ＩｏＴ）",
        ] {
            assert!(ids(t).is_empty(), "{t}: {:?}", ids(t));
        }
    }

    #[test]
    fn unbracketed_names_need_a_specific_name() {
        let ids = |t: &str| defs(t).into_iter().map(|d| d.0).collect::<Vec<_>>();
        assert_eq!(
            ids("また、中小企業に対しては、地域セキュリティ人材育成支援事業により相談に応じている。"),
            vec!["地域セキュリティ人材育成支援事業"]
        );
        assert_eq!(
            ids("The Ministry started the Decarbonization Leading Areas Program in FY2022."),
            vec!["decarbonization-leading-areas-program"]
        );
        // Generic words and industries are not program names.
        assert!(ids("電気通信事業において競争が進んだ。").is_empty());
        assert!(ids("研究開発事業の評価に当たっては委員会を置く。").is_empty());
        assert!(ids("モデルケース事業を通じた課題の抽出を行った。").is_empty());
        assert!(ids("The Project started in FY2020.").is_empty());
        // A list of names one per line is not one long name.
        let list = "Group on Earth Observations\nWorld Meteorological Organization\nUnited Nations Environment Programme";
        assert!(ids(list).is_empty(), "{:?}", ids(list));
    }

    #[test]
    fn odd_input_never_panics() {
        for t in [
            "",
            "(",
            ")(",
            "（",
            "「」",
            "「（）」",
            "Program",
            " Program (",
            "A (B) C (D)",
            "E U（F P 7）",
            "$\\cdot$（ＡＢ）事業",
            "X事業（",
            "AB事業（事業）",
            "\u{0}「\u{7}事業」",
            "Ｐ Ｒ Ｏ Ｇ Ｒ Ａ Ｍ (PROGRAM) Project",
        ] {
            let _ = defs(t);
            let _ = clean_name(t);
            let _ = text_program_id(None, t);
        }
    }

    #[test]
    fn japanese_definitions() {
        let d = defs("「革新的G X技術創出（G t e X）事業」を開始した。");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, "gtex");
        let d = defs("科学技術振興機構は、「大学発新産業創出プログラム（S T A R T²）」により");
        assert_eq!(d[0].0, "start");
        let d = defs("総務省は、「高度無線環境整備推進事業」を実施している。");
        assert_eq!(d[0].0, text_program_id(None, "高度無線環境整備推進事業"));
        // Plans, laws, reports and councils are not programs.
        assert!(defs("「スタートアップ育成5か年計画」").is_empty());
        assert!(defs("「デジタル社会形成基本法」").is_empty());
        assert!(defs("「競争ルールの検証に関する報告書2020」").is_empty());
        assert!(defs("「デジタル市場競争会議」").is_empty());
        let d = defs("令和4年度まで実施してきた官民研究開発投資拡大プログラム（P R I S M）");
        assert_eq!(d[0].0, "prism");
        let d = defs("2019年度から地域デジタル人材育成事業を開始した。");
        assert_eq!(d[0].2, "地域デジタル人材育成事業");
    }

    #[test]
    fn english_definitions() {
        let d = defs("the Science and Technology Research Partnership for Sustainable Development (SATREPS¹) program by");
        assert_eq!(d[0].0, "satreps");
        let d = defs("the Widget Funding Program (WFP) supports");
        assert_eq!(d[0].0, "wfp");
        assert_eq!(d[0].2, "Widget Funding Program");
        // Bodies and non-programs are not programs.
        assert!(defs(
            "the National Institute of Information and Communications Technology (NICT)."
        )
        .is_empty());
        assert!(defs("Official Development Assistance (ODA²).").is_empty());
        assert!(defs("Key Performance Indicator (KPI)").is_empty());
    }
}
