//! The registry of government bodies and programs (`data/registry.toml`), its validation, look-up
//! by any alias, and the compiled matchers that find its names in text.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::norm::{compact, fold, is_japanese, View};
use super::FacetError;

/// Text of the registry shipped with polsearch (`data/registry.toml`, compiled in).
pub const BUILTIN_TOML: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/registry.toml"));

/// A registry in use: the shipped one or one loaded from a file.
pub enum RegistryRef {
    /// The compiled-in registry.
    Builtin(&'static Registry),
    /// A registry loaded from a file.
    Owned(Box<Registry>),
}

impl std::ops::Deref for RegistryRef {
    type Target = Registry;
    fn deref(&self) -> &Registry {
        match self {
            RegistryRef::Builtin(r) => r,
            RegistryRef::Owned(r) => r,
        }
    }
}

/// A ministry, agency, commission, headquarters or national R&D agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// Canonical id (`mext`).
    pub id: String,
    /// English name.
    pub name_en: String,
    /// Japanese name(s).
    pub name_ja: Vec<String>,
    /// Acronym(s) (`MEXT`).
    pub acronyms: Vec<String>,
    /// Other names and abbreviations (`文科省`).
    pub aliases: Vec<String>,
    /// Former names (`科学技術庁`).
    pub former: Vec<String>,
    /// Parent body id.
    pub parent: Option<String>,
    /// Japanese strings that, right before a Japanese name, make it another body.
    pub not_after: Vec<String>,
}

/// A funding program or scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// Canonical id (`satreps`).
    pub id: String,
    /// Acronym(s).
    pub acronyms: Vec<String>,
    /// English full name(s).
    pub name_en: Vec<String>,
    /// Japanese full name(s).
    pub name_ja: Vec<String>,
    /// Further names.
    pub aliases: Vec<String>,
    /// Ids of the bodies that run it.
    pub owners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    body: Vec<RawBody>,
    #[serde(default)]
    program: Vec<RawProgram>,
}

type S = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBody {
    id: S,
    name_en: S,
    #[serde(default)]
    name_ja: Vec<S>,
    #[serde(default)]
    acronyms: Vec<S>,
    #[serde(default)]
    aliases: Vec<S>,
    #[serde(default)]
    former: Vec<S>,
    #[serde(default)]
    parent: Option<S>,
    #[serde(default)]
    not_after: Vec<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    id: S,
    #[serde(default)]
    acronyms: Vec<S>,
    #[serde(default)]
    name_en: Vec<S>,
    #[serde(default)]
    name_ja: Vec<S>,
    #[serde(default)]
    aliases: Vec<S>,
    #[serde(default)]
    owners: Vec<S>,
}

/// Which registry entry an alias belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    Body(usize),
    Program(usize),
}

/// How an alias is matched in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AliasKind {
    /// Case-sensitive, whole word (`MEXT`, `START`).
    Acronym,
    /// Case-insensitive except the first letter, whole words (`Cabinet Office`).
    NameEn,
    /// Substring (`文部科学省`).
    NameJa,
}

#[derive(Debug, Clone)]
pub(crate) struct Alias {
    pub text: String,
    pub owner: Owner,
    pub kind: AliasKind,
}

/// A dictionary of aliases compiled into regexes (strict for English text, loose for Japanese
/// text where OCR letter-spaces acronyms).
#[derive(Debug)]
pub(crate) struct Matcher {
    aliases: Vec<Alias>,
    by_key: HashMap<String, Vec<usize>>,
    /// Alias order for the alternation (longest first).
    order: Vec<usize>,
    /// Compiled on first use: look-ups (alias resolution at query time) never pay for them.
    strict: OnceLock<Option<Regex>>,
    loose: OnceLock<Option<Regex>>,
}

/// One dictionary hit, in view coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub alias: usize,
}

fn classify(text: &str, declared: AliasKind) -> AliasKind {
    if text.chars().any(is_japanese) {
        return AliasKind::NameJa;
    }
    if declared == AliasKind::NameJa {
        // A Latin-script entry in a Japanese list: an acronym when it has no lowercase letter.
        return if text.chars().any(|c| c.is_lowercase()) {
            AliasKind::NameEn
        } else {
            AliasKind::Acronym
        };
    }
    if declared == AliasKind::NameEn && !text.chars().any(|c| c.is_lowercase()) {
        // RIKEN, NISC-like all-caps names behave like acronyms.
        return AliasKind::Acronym;
    }
    declared
}

fn alias_pattern(a: &Alias, loose: bool) -> String {
    let chars: Vec<char> = compact_for_pattern(&a.text);
    let mut p = String::new();
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            p.push_str(if loose { r"\s?" } else { r"\s+" });
            continue;
        }
        p.push_str(&regex::escape(&c.to_string()));
        if loose {
            if let Some(n) = chars.get(i + 1) {
                if *n != ' ' && !(is_japanese(*c) && is_japanese(*n)) {
                    p.push_str(" ?");
                }
            }
        }
    }
    if a.kind == AliasKind::NameEn {
        format!("(?i:{p})")
    } else {
        p
    }
}

/// The alias as it looks in a view (NFKC, dashes unified, whitespace collapsed).
fn compact_for_pattern(s: &str) -> Vec<char> {
    View::new(s).s.trim().chars().collect()
}

impl Matcher {
    pub(crate) fn new(aliases: Vec<Alias>) -> Matcher {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in aliases.iter().enumerate() {
            by_key.entry(fold(&a.text)).or_default().push(i);
        }
        let mut order: Vec<usize> = (0..aliases.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(aliases[i].text.chars().count()));
        Matcher {
            strict: OnceLock::new(),
            loose: OnceLock::new(),
            order,
            aliases,
            by_key,
        }
    }

    fn build(&self, loose: bool) -> Option<Regex> {
        if self.aliases.is_empty() {
            return None;
        }
        let mut seen = BTreeSet::new();
        let alts: Vec<String> = self
            .order
            .iter()
            .map(|&i| alias_pattern(&self.aliases[i], loose))
            .filter(|a| seen.insert(a.clone()))
            .collect();
        Some(
            regex::RegexBuilder::new(&alts.join("|"))
                .size_limit(64 << 20)
                .dfa_size_limit(64 << 20)
                .build()
                .expect("alias regex"),
        )
    }

    pub(crate) fn alias(&self, i: usize) -> &Alias {
        &self.aliases[i]
    }

    /// Which alias a matched text is, checking case and boundaries.
    fn identify(&self, v: &View, start: usize, end: usize, loose: bool) -> Option<usize> {
        let m = &v.s[start..end];
        let cands = self.by_key.get(&fold(m))?;
        let before = v.char_before(start);
        let after = v.char_at(end);
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        for &i in cands {
            let a = &self.aliases[i];
            match a.kind {
                AliasKind::Acronym => {
                    if compact(m) != compact(&a.text) {
                        continue;
                    }
                    let joined = |c: Option<char>| word(c) || c == Some('-') || c == Some('_');
                    // A plural `s` is allowed after an all-capitals acronym (`TLOs`, `SIPs`).
                    let plural = after == Some('s')
                        && a.text.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3
                        && !a.text.chars().any(|c| c.is_lowercase())
                        && !word(v.char_at(end + 1));
                    if joined(before) || (joined(after) && !plural) {
                        continue;
                    }
                    if loose && continues_spaced(v, start, end) {
                        continue;
                    }
                }
                AliasKind::NameEn => {
                    if word(before) || word(after) {
                        continue;
                    }
                    let f = m.chars().next()?;
                    let af = a.text.trim().chars().next()?;
                    if af.is_uppercase() && !f.is_uppercase() {
                        continue;
                    }
                }
                AliasKind::NameJa => {
                    // A Latin-script start or end still needs a word boundary (`5G` in `15G`).
                    let fa = a.text.chars().next()?;
                    let la = a.text.chars().last()?;
                    if fa.is_ascii_alphanumeric() && word(before) {
                        continue;
                    }
                    if la.is_ascii_alphanumeric() && word(after) {
                        continue;
                    }
                }
            }
            return Some(i);
        }
        None
    }

    /// Every hit in `v`, leftmost-longest, non-overlapping.
    pub(crate) fn scan(&self, v: &View) -> Vec<Hit> {
        let loose = v.japanese;
        let cell = if loose { &self.loose } else { &self.strict };
        let re = match cell.get_or_init(|| self.build(loose)) {
            Some(r) => r,
            None => return Vec::new(),
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= v.s.len() {
            let Some(m) = re.find_at(&v.s, pos) else {
                break;
            };
            let (mut a, mut b) = (m.start(), m.end());
            // The loose pattern may swallow a trailing space.
            while b > a && v.s.as_bytes()[b - 1] == b' ' {
                b -= 1;
            }
            while a < b && v.s.as_bytes()[a] == b' ' {
                a += 1;
            }
            match self.identify(v, a, b, loose) {
                Some(i) => {
                    out.push(Hit {
                        start: a,
                        end: b,
                        alias: i,
                    });
                    pos = m.end().max(pos + 1);
                }
                None => {
                    pos = m.start() + v.s[m.start()..].chars().next().map_or(1, |c| c.len_utf8());
                }
            }
            while pos < v.s.len() && !v.s.is_char_boundary(pos) {
                pos += 1;
            }
        }
        out
    }
}

/// True when a loose acronym match is only part of a longer letter-spaced run
/// (`MA F F I N` is not `MAFF`).
fn continues_spaced(v: &View, start: usize, end: usize) -> bool {
    let single_letter_at = |s: &str| -> bool {
        let mut it = s.chars();
        matches!((it.next(), it.next()), (Some(c), n) if c.is_ascii_uppercase() && !n.is_some_and(|n| n.is_ascii_alphanumeric()))
    };
    let after = &v.s[end..];
    if let Some(rest) = after.strip_prefix(' ') {
        if single_letter_at(rest) {
            return true;
        }
    }
    let before = &v.s[..start];
    if let Some(rest) = before.strip_suffix(' ') {
        let mut it = rest.chars().rev();
        if let (Some(c), n) = (it.next(), it.next()) {
            if c.is_ascii_uppercase() && !n.is_some_and(|n| n.is_ascii_alphanumeric()) {
                return true;
            }
        }
    }
    false
}

/// The registry: bodies and programs with their names, and the matchers built from them.
#[derive(Debug)]
pub struct Registry {
    bodies: Vec<Body>,
    programs: Vec<Program>,
    body_index: HashMap<String, usize>,
    program_index: HashMap<String, usize>,
    /// Folded alias → owner (ids included).
    alias_index: HashMap<String, Owner>,
    pub(crate) body_matcher: Matcher,
    pub(crate) program_matcher: Matcher,
}

fn line_of(text: &str, span: Range<usize>) -> usize {
    let end = span.start.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn strings(v: &[S]) -> Vec<String> {
    v.iter().map(|s| s.get_ref().trim().to_string()).collect()
}

impl Registry {
    /// Parses and validates a registry. Errors name `file:line`.
    pub fn from_toml(text: &str, file: &str) -> Result<Registry, FacetError> {
        let err = |span: Range<usize>, message: String| FacetError::Registry {
            file: file.to_string(),
            line: line_of(text, span),
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s)).unwrap_or(1);
            FacetError::Registry {
                file: file.to_string(),
                line,
                message: e.message().trim().to_string(),
            }
        })?;

        let mut body_index = HashMap::new();
        for (i, b) in raw.body.iter().enumerate() {
            let id = b.id.get_ref();
            if !valid_id(id) {
                return Err(err(
                    b.id.span(),
                    format!("body id `{id}` must be lowercase ASCII letters, digits and '-'"),
                ));
            }
            if body_index.insert(id.clone(), i).is_some() {
                return Err(err(b.id.span(), format!("duplicate body id `{id}`")));
            }
            if b.name_en.get_ref().trim().is_empty() {
                return Err(err(
                    b.name_en.span(),
                    format!("body `{id}` has an empty name_en"),
                ));
            }
        }
        let mut program_index = HashMap::new();
        for (i, p) in raw.program.iter().enumerate() {
            let id = p.id.get_ref();
            if !valid_id(id) {
                return Err(err(
                    p.id.span(),
                    format!("program id `{id}` must be lowercase ASCII letters, digits and '-'"),
                ));
            }
            if program_index.insert(id.clone(), i).is_some() {
                return Err(err(p.id.span(), format!("duplicate program id `{id}`")));
            }
            if p.acronyms.is_empty() && p.name_en.is_empty() && p.name_ja.is_empty() {
                return Err(err(
                    p.id.span(),
                    format!("program `{id}` has no acronym and no name"),
                ));
            }
            for o in &p.owners {
                if !body_index.contains_key(o.get_ref()) {
                    return Err(err(
                        o.span(),
                        format!("program `{id}`: unknown owner body id `{}`", o.get_ref()),
                    ));
                }
            }
        }
        for b in &raw.body {
            if let Some(p) = &b.parent {
                if !body_index.contains_key(p.get_ref()) {
                    return Err(err(
                        p.span(),
                        format!(
                            "body `{}`: unknown parent id `{}`",
                            b.id.get_ref(),
                            p.get_ref()
                        ),
                    ));
                }
            }
        }
        // Parent cycles.
        for b in &raw.body {
            let mut seen = BTreeSet::new();
            let mut cur = Some(b);
            while let Some(c) = cur {
                if !seen.insert(c.id.get_ref().clone()) {
                    return Err(err(
                        b.id.span(),
                        format!("body `{}`: parent chain loops", b.id.get_ref()),
                    ));
                }
                cur = c
                    .parent
                    .as_ref()
                    .and_then(|p| body_index.get(p.get_ref()))
                    .map(|&i| &raw.body[i]);
            }
        }

        // Aliases: unique across all entries.
        let mut alias_index: HashMap<String, Owner> = HashMap::new();
        let mut alias_names: HashMap<String, String> = HashMap::new();
        let mut body_aliases = Vec::new();
        let mut program_aliases = Vec::new();
        let mut add = |s: &S,
                       owner: Owner,
                       owner_name: &str,
                       kind: AliasKind,
                       is_id: bool|
         -> Result<(), FacetError> {
            let t = s.get_ref().trim();
            if t.is_empty() {
                return Err(err(s.span(), format!("{owner_name}: empty name")));
            }
            let key = fold(t);
            match alias_index.get(&key) {
                Some(o) if *o != owner => {
                    return Err(err(
                        s.span(),
                        format!(
                            "{owner_name}: name `{t}` is already used by {}",
                            alias_names[&key]
                        ),
                    ));
                }
                _ => {
                    alias_index.insert(key.clone(), owner);
                    alias_names.insert(key, owner_name.to_string());
                }
            }
            if !is_id {
                let alias = Alias {
                    text: t.to_string(),
                    owner,
                    kind: classify(t, kind),
                };
                match owner {
                    Owner::Body(_) => body_aliases.push(alias),
                    Owner::Program(_) => program_aliases.push(alias),
                }
            }
            Ok(())
        };
        for (i, b) in raw.body.iter().enumerate() {
            let o = Owner::Body(i);
            let n = format!("body `{}`", b.id.get_ref());
            add(&b.id, o, &n, AliasKind::Acronym, true)?;
            add(&b.name_en, o, &n, AliasKind::NameEn, false)?;
            for s in &b.name_ja {
                add(s, o, &n, AliasKind::NameJa, false)?;
            }
            for s in &b.acronyms {
                add(s, o, &n, AliasKind::Acronym, false)?;
            }
            for s in b.aliases.iter().chain(&b.former) {
                add(s, o, &n, AliasKind::NameEn, false)?;
            }
        }
        // A program id equal to a body's name is fine (ids live in their own namespace), so a
        // program id is only indexed as an alias when no body uses that name.
        let taken_ids: BTreeSet<String> = raw
            .body
            .iter()
            .flat_map(|b| {
                std::iter::once(&b.id)
                    .chain(std::iter::once(&b.name_en))
                    .chain(&b.name_ja)
                    .chain(&b.acronyms)
                    .chain(&b.aliases)
                    .chain(&b.former)
            })
            .map(|s| fold(s.get_ref()))
            .collect();
        for (i, p) in raw.program.iter().enumerate() {
            let o = Owner::Program(i);
            let n = format!("program `{}`", p.id.get_ref());
            if !taken_ids.contains(&fold(p.id.get_ref())) {
                add(&p.id, o, &n, AliasKind::Acronym, true)?;
            }
            for s in &p.acronyms {
                add(s, o, &n, AliasKind::Acronym, false)?;
            }
            for s in &p.name_en {
                add(s, o, &n, AliasKind::NameEn, false)?;
            }
            for s in &p.name_ja {
                add(s, o, &n, AliasKind::NameJa, false)?;
            }
            for s in &p.aliases {
                add(s, o, &n, AliasKind::NameEn, false)?;
            }
        }

        let bodies: Vec<Body> = raw
            .body
            .iter()
            .map(|b| Body {
                id: b.id.get_ref().clone(),
                name_en: b.name_en.get_ref().trim().to_string(),
                name_ja: strings(&b.name_ja),
                acronyms: strings(&b.acronyms),
                aliases: strings(&b.aliases),
                former: strings(&b.former),
                parent: b.parent.as_ref().map(|p| p.get_ref().clone()),
                not_after: strings(&b.not_after),
            })
            .collect();
        let programs: Vec<Program> = raw
            .program
            .iter()
            .map(|p| Program {
                id: p.id.get_ref().clone(),
                acronyms: strings(&p.acronyms),
                name_en: strings(&p.name_en),
                name_ja: strings(&p.name_ja),
                aliases: strings(&p.aliases),
                owners: strings(&p.owners),
            })
            .collect();
        Ok(Registry {
            bodies,
            programs,
            body_index,
            program_index,
            alias_index,
            body_matcher: Matcher::new(body_aliases),
            program_matcher: Matcher::new(program_aliases),
        })
    }

    /// Reads and validates a registry file.
    pub fn load(path: &Path) -> Result<Registry, FacetError> {
        let text = std::fs::read_to_string(path).map_err(|e| FacetError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Registry::from_toml(&text, &path.display().to_string())
    }

    /// The registry shipped with polsearch (`data/registry.toml`).
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            Registry::from_toml(BUILTIN_TOML, "data/registry.toml")
                .unwrap_or_else(|e| panic!("the shipped registry is invalid: {e}"))
        })
    }

    /// A body by id.
    pub fn body(&self, id: &str) -> Option<&Body> {
        self.body_index.get(id).map(|&i| &self.bodies[i])
    }

    /// A program by id.
    pub fn program(&self, id: &str) -> Option<&Program> {
        self.program_index.get(id).map(|&i| &self.programs[i])
    }

    /// A body by any id, name, acronym, alias or former name (case- and width-insensitive).
    pub fn resolve_body(&self, alias: &str) -> Option<&Body> {
        if let Some(b) = self.body(alias.trim()) {
            return Some(b);
        }
        match self.alias_index.get(&fold(alias))? {
            Owner::Body(i) => Some(&self.bodies[*i]),
            Owner::Program(_) => None,
        }
    }

    /// A program by any id, name, acronym or alias (case- and width-insensitive).
    pub fn resolve_program(&self, alias: &str) -> Option<&Program> {
        if let Some(p) = self.program(alias.trim()) {
            return Some(p);
        }
        match self.alias_index.get(&fold(alias))? {
            Owner::Program(i) => Some(&self.programs[*i]),
            Owner::Body(_) => None,
        }
    }

    pub(crate) fn body_at(&self, i: usize) -> &Body {
        &self.bodies[i]
    }

    pub(crate) fn program_at(&self, i: usize) -> &Program {
        &self.programs[i]
    }

    /// All bodies, in file order.
    pub fn bodies(&self) -> impl Iterator<Item = &Body> {
        self.bodies.iter()
    }

    /// All programs, in file order.
    pub fn programs(&self) -> impl Iterator<Item = &Program> {
        self.programs.iter()
    }

    /// Ids of the children, grandchildren, … of a body (breadth-first, file order within a level).
    pub fn descendants(&self, id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut frontier = vec![id.to_string()];
        while let Some(cur) = frontier.first().cloned() {
            frontier.remove(0);
            for b in &self.bodies {
                if b.parent.as_deref() == Some(cur.as_str()) && !out.contains(&b.id) && b.id != id {
                    out.push(b.id.clone());
                    frontier.push(b.id.clone());
                }
            }
        }
        out
    }

    /// Ids of the parent, grandparent, … of a body.
    pub fn ancestors(&self, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = self.body(id).and_then(|b| b.parent.clone());
        while let Some(p) = cur {
            if out.contains(&p) {
                break;
            }
            cur = self.body(&p).and_then(|b| b.parent.clone());
            out.push(p);
        }
        out
    }

    /// Query-time alias expansion: every other name of the body or program `term` names
    /// (English and Japanese names, acronyms, aliases; former names are not included, since
    /// they name a historically different body). Empty when `term` is no alias.
    pub fn expansions(&self, term: &str) -> Vec<String> {
        let key = fold(term);
        let names: Vec<&String> = match self.alias_index.get(&key) {
            Some(Owner::Body(i)) => {
                let b = &self.bodies[*i];
                std::iter::once(&b.name_en)
                    .chain(&b.name_ja)
                    .chain(&b.acronyms)
                    .chain(&b.aliases)
                    .collect()
            }
            Some(Owner::Program(i)) => {
                let p = &self.programs[*i];
                p.name_en
                    .iter()
                    .chain(&p.name_ja)
                    .chain(&p.acronyms)
                    .chain(&p.aliases)
                    .collect()
            }
            None => return Vec::new(),
        };
        let mut seen = BTreeSet::new();
        seen.insert(key);
        names
            .into_iter()
            .filter(|n| seen.insert(fold(n)))
            .cloned()
            .collect()
    }

    /// Body ids whose names are closest to `value` (for "unknown value" messages).
    pub fn nearest_bodies(&self, value: &str, n: usize) -> Vec<String> {
        self.nearest(value, n, true)
    }

    /// Program ids whose names are closest to `value`.
    pub fn nearest_programs(&self, value: &str, n: usize) -> Vec<String> {
        self.nearest(value, n, false)
    }

    fn nearest(&self, value: &str, n: usize, bodies: bool) -> Vec<String> {
        let q: Vec<char> = fold(value).chars().collect();
        let mut best: HashMap<String, usize> = HashMap::new();
        for (key, owner) in &self.alias_index {
            let id = match (owner, bodies) {
                (Owner::Body(i), true) => &self.bodies[*i].id,
                (Owner::Program(i), false) => &self.programs[*i].id,
                _ => continue,
            };
            let k: Vec<char> = key.chars().collect();
            let mut d = levenshtein(&q, &k);
            if !q.is_empty() && (k.starts_with(&q) || q.starts_with(&k)) {
                d = d.min(1);
            }
            let e = best.entry(id.clone()).or_insert(usize::MAX);
            *e = (*e).min(d);
        }
        let mut v: Vec<(usize, String)> = best.into_iter().map(|(id, d)| (d, id)).collect();
        v.sort();
        let limit = (q.len() / 2).max(2);
        v.into_iter()
            .filter(|(d, _)| *d <= limit)
            .take(n)
            .map(|(_, id)| id)
            .collect()
    }
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_registry_loads() {
        let r = Registry::builtin();
        assert!(r.bodies().count() > 80, "{}", r.bodies().count());
        assert!(r.programs().count() >= 30);
        for id in [
            "mic",
            "jftc",
            "digital",
            "cas",
            "cao",
            "jst",
            "nedo",
            "fdma",
            "nict",
            "amed",
            "aist",
            "jpo",
            "maff",
            "mhlw",
            "mlit",
            "mofa",
            "jica",
            "jsps",
            "nistep",
            "inpit",
            "brain",
            "reconstruction",
            "ipsh",
            "mext",
            "meti",
            "moe",
            "mod",
            "mof",
            "moj",
            "riken",
            "jaxa",
        ] {
            assert!(r.body(id).is_some(), "missing body {id}");
        }
        for id in [
            "satreps",
            "coi-next",
            "coi",
            "a-step",
            "edge-next",
            "start",
            "score",
            "success",
            "sbir",
            "opera",
            "nextep",
            "s-innovation",
            "scope",
            "fkii",
            "sip",
            "moonshot",
            "sbrp",
            "cyder",
            "sechack365",
            "beyond5g-rd",
        ] {
            assert!(r.program(id).is_some(), "missing program {id}");
        }
    }

    #[test]
    fn resolve_en_ja() {
        let r = Registry::builtin();
        for a in [
            "MEXT",
            "mext",
            "ＭＥＸＴ",
            "文部科学省",
            "文科省",
            "Ministry of Education, Culture, Sports, Science and Technology",
            "科学技術庁",
        ] {
            assert_eq!(
                r.resolve_body(a).map(|b| b.id.as_str()),
                Some("mext"),
                "{a}"
            );
        }
        assert_eq!(r.resolve_body("通商産業省").unwrap().id, "meti");
        assert_eq!(r.resolve_body("特許庁").unwrap().id, "jpo");
        assert_eq!(r.resolve_body("SATREPS"), None);
        assert_eq!(r.resolve_program("SATREPS").unwrap().id, "satreps");
        assert_eq!(
            r.resolve_program("地球規模課題対応国際科学技術協力プログラム")
                .unwrap()
                .id,
            "satreps"
        );
        assert_eq!(
            r.resolve_program("戦略的イノベーション創造プログラム")
                .unwrap()
                .id,
            "sip"
        );
        assert_eq!(r.resolve_program("S B I R").unwrap().id, "sbir");
        assert_eq!(r.resolve_program("SBIR制度").map(|p| p.id.as_str()), None);
        assert_eq!(r.resolve_program("日本版SBIR制度").unwrap().id, "sbir");
    }

    #[test]
    fn hierarchy() {
        let r = Registry::builtin();
        assert_eq!(r.body("jst").unwrap().parent.as_deref(), Some("mext"));
        assert_eq!(r.body("amed").unwrap().parent.as_deref(), Some("cao"));
        let d = r.descendants("meti");
        for id in ["jpo", "nedo", "aist", "inpit", "smea"] {
            assert!(d.contains(&id.to_string()), "{d:?}");
        }
        assert!(!d.contains(&"jst".to_string()));
        // grandchildren: INPIT ⊂ JPO ⊂ METI; BRAIN ⊂ NARO ⊂ MAFF
        assert!(r.descendants("maff").contains(&"brain".to_string()));
        assert_eq!(r.ancestors("inpit"), vec!["jpo", "meti"]);
        assert!(r.descendants("jst").is_empty());
    }

    #[test]
    fn expansions() {
        let r = Registry::builtin();
        let e = r.expansions("SATREPS");
        assert_eq!(
            e,
            vec![
                "Science and Technology Research Partnership for Sustainable Development",
                "地球規模課題対応国際科学技術協力プログラム"
            ]
        );
        let e = r.expansions("MEXT");
        assert!(e.contains(&"文部科学省".to_string()), "{e:?}");
        assert!(e.contains(&"文科省".to_string()));
        assert!(e.contains(
            &"Ministry of Education, Culture, Sports, Science and Technology".to_string()
        ));
        assert!(!e.iter().any(|x| x == "MEXT"));
        let e = r.expansions("文部科学省");
        assert!(e.contains(&"MEXT".to_string()));
        assert!(r.expansions("innovation").is_empty());
    }

    #[test]
    fn nearest() {
        let r = Registry::builtin();
        assert_eq!(
            r.nearest_bodies("mxt", 3).first().map(String::as_str),
            Some("mext")
        );
        assert!(r.nearest_bodies("meti", 3).contains(&"meti".to_string()));
        assert_eq!(r.nearest_programs("satrep", 1), vec!["satreps"]);
        assert!(r.nearest_bodies("zzzzzzzzzzzz", 3).is_empty());
    }

    fn err_of(t: &str) -> String {
        Registry::from_toml(t, "reg.toml").unwrap_err().to_string()
    }

    #[test]
    fn bad_entries_name_file_and_line() {
        let t = "[[body]]\nid = \"a\"\nname_en = \"A\"\n\n[[body]]\nid = \"b\"\nname_en = \"B\"\nparent = \"zz\"\n";
        let e = err_of(t);
        assert!(e.starts_with("reg.toml:8:"), "{e}");
        assert!(e.contains("unknown parent"), "{e}");

        let e = err_of("[[body]]\nid = \"a\"\nname_en = \"A\"\n[[body]\nid = \"b\"\n");
        assert!(e.starts_with("reg.toml:4:"), "{e}");

        let t = "[[body]]\nid = \"a\"\nname_en = \"A\"\n[[body]]\nid = \"a\"\nname_en = \"B\"\n";
        let e = err_of(t);
        assert!(
            e.starts_with("reg.toml:5:") && e.contains("duplicate body id"),
            "{e}"
        );

        let t = "[[body]]\nid = \"a\"\nname_en = \"A\"\nacronyms = [\"XA\"]\n[[body]]\nid = \"b\"\nname_en = \"B\"\naliases = [\n  \"xa\",\n]\n";
        let e = err_of(t);
        assert!(
            e.starts_with("reg.toml:9:") && e.contains("already used by body `a`"),
            "{e}"
        );

        let t = "[[body]]\nid = \"a\"\nname_en = \"A\"\n[[program]]\nid = \"p\"\nacronyms = [\"P\"]\nowners = [\"a\", \"q\"]\n";
        let e = err_of(t);
        assert!(
            e.starts_with("reg.toml:7:") && e.contains("unknown owner"),
            "{e}"
        );

        let e = err_of("[[body]]\nid = \"A B\"\nname_en = \"A\"\n");
        assert!(e.starts_with("reg.toml:2:"), "{e}");

        let e = err_of("[[body]]\nid = \"a\"\nname_en = \"A\"\nparnet = \"x\"\n");
        assert!(
            e.starts_with("reg.toml:4:") || e.starts_with("reg.toml:1:"),
            "{e}"
        );
        assert!(e.contains("parnet"), "{e}");
    }

    #[test]
    fn load_reports_path() {
        let dir = std::env::temp_dir().join(format!("polsearch-reg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("registry.toml");
        std::fs::write(
            &p,
            "[[body]]\nid = \"a\"\nname_en = \"A\"\nparent = \"nope\"\n",
        )
        .unwrap();
        let e = Registry::load(&p).unwrap_err().to_string();
        assert!(e.starts_with(&format!("{}:4:", p.display())), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
