//! Programs defined in the text itself: `Full Name (ACRONYM)` in English, `正式名称（略称）` and
//! 「…事業」「…プログラム」「…制度」「…構想」 in Japanese, and `…事業を…開始` / `…として…開始`.
//!
//! A program found in text gets an id:
//! - the registry program's id when its acronym or name is in the registry;
//! - else its acronym, folded (NFKC, lowercase, spaces dropped) with every character other
//!   than `a-z`, `0-9` and `-` replaced by `-` (`GteX` → `gtex`);
//! - else `ja-` followed by the 16 hex digits of the 64-bit FNV-1a hash of the folded
//!   Japanese name (NFKC, lowercase, whitespace dropped), e.g. `ja-5f1c…`: deterministic,
//!   URL-safe and independent of the document. See [`text_program_id`].
//!
//! Plans, laws, reports, councils and strategies (「…計画」「…法」「…報告書」「…会議」
//! 「…戦略」) are never programs: only names ending in a program word are taken.

use std::sync::OnceLock;

use regex::Regex;

use super::norm::{fold, is_japanese, View};
use super::registry::{Alias, AliasKind, Matcher, Owner, Registry};

/// Words that end a Japanese program name.
pub const JA_PROGRAM_SUFFIXES: [&str; 4] = ["事業", "プログラム", "制度", "構想"];

/// Words that make an English `Full Name (ACRONYM)` a program.
const EN_PROGRAM_WORDS: [&str; 8] = [
    "program",
    "programme",
    "programs",
    "project",
    "initiative",
    "scheme",
    "fund",
    "projects",
];

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
    let mut h: u64 = 0xcbf29ce484222325;
    for b in fold(name).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("ja-{h:016x}")
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

fn re_ja_acr() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"([^\s、。，,「」『』（）()]{2,60}?(?:事業|プログラム|制度|構想))\s*[（(]([A-Za-z][A-Za-z0-9 \-]{0,30})[）)]")
            .unwrap()
    })
}

fn re_ja_start() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"([^\s、。，,「」『』（）()]{3,60}?(?:事業|プログラム|制度|構想))(?:を|として)[^。、]{0,12}?(?:開始|創設)")
            .unwrap()
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
    let mut defs: Vec<Def> = Vec::new();
    let overlaps = |defs: &[Def], a: usize, b: usize| defs.iter().any(|d| a < d.end && d.start < b);

    // Japanese 「…」.
    for c in re_bracket().captures_iter(s) {
        let m = c.get(0).unwrap();
        let inner = c.get(1).unwrap().as_str();
        let (name, groups) = strip_parens(inner);
        let name = name.replace(' ', "");
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
                name,
                registered,
            });
        }
    }
    // Japanese name（ACRONYM） without brackets.
    for c in re_ja_acr().captures_iter(s) {
        let m = c.get(0).unwrap();
        if overlaps(&defs, m.start(), m.end()) {
            continue;
        }
        let g = c.get(1).unwrap();
        let (off, name) = trim_ja_name(g.as_str());
        let name = name.replace(' ', "");
        let Some(acr) = acronym_like(c.get(2).unwrap().as_str()) else {
            continue;
        };
        if !ja_program_name(&name) {
            continue;
        }
        if let Some((id, registered)) = resolve(reg, Some(&acr), &name) {
            defs.push(Def {
                start: g.start() + off,
                end: m.end(),
                id,
                acronym: Some(acr),
                name,
                registered,
            });
        }
    }
    // …事業を…開始 / …として開始.
    for c in re_ja_start().captures_iter(s) {
        let g = c.get(1).unwrap();
        if overlaps(&defs, g.start(), g.end()) {
            continue;
        }
        let (off, name) = trim_ja_name(g.as_str());
        let start = g.start() + off;
        let name = name.replace(' ', "");
        let core = JA_PROGRAM_SUFFIXES
            .iter()
            .find_map(|x| name.strip_suffix(x))
            .unwrap_or("");
        if !ja_program_name(&name) || core.chars().count() < 4 || name.contains('の') {
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
    for c in re_en().captures_iter(s) {
        let m = c.get(0).unwrap();
        let Some(acr) = acronym_like(c.get(1).unwrap().as_str()) else {
            continue;
        };
        if overlaps(&defs, m.start(), m.end()) {
            continue;
        }
        let before = &s[..m.start()];
        let Some(name) = en_name_before(before.trim_end()) else {
            continue;
        };
        let lower = name.to_lowercase();
        let after = s[m.end()..].trim_start().to_lowercase();
        let programish = lower
            .split(' ')
            .any(|w| EN_PROGRAM_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
            || m.as_str().contains(" program")
            || m.as_str().contains(" Program")
            || ["program", "project", "initiative", "scheme"]
                .iter()
                .any(|w| after.starts_with(w));
        if !programish {
            continue;
        }
        if let Some((id, registered)) = resolve(reg, Some(&acr), &name) {
            let start = before.trim_end().rfind(&name).unwrap_or(m.start());
            defs.push(Def {
                start,
                end: m.end(),
                id,
                acronym: Some(acr),
                name,
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
    ids: Vec<String>,
    aliases: Vec<Alias>,
    matcher: Option<Matcher>,
}

impl DocPrograms {
    /// Records the definitions of a text; rebuilds the matcher when something is new.
    pub(crate) fn learn(&mut self, defs: &[Def]) {
        let mut changed = false;
        for d in defs.iter().filter(|d| !d.registered) {
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
        let a = text_program_id(None, "高度無線環境整備推進事業");
        assert!(a.starts_with("ja-") && a.len() == 19, "{a}");
        assert_eq!(a, text_program_id(None, "高度無線環境整備推進事業"));
        assert_ne!(a, text_program_id(None, "被災地域情報化推進事業"));
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
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
