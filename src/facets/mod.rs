//! Facet extraction: which ministries/agencies, fiscal years and programs a passage is about.
//!
//! - [`Registry`] holds the bodies and programs (`data/registry.toml`, or a file of the user's).
//! - [`fiscal_years`] finds fiscal years in any text.
//! - [`extract_document`] fills `facets` (mentioned in the passage's own text, with
//!   `facet_spans`), and `facets_inherited` (from section headings, and from back references
//!   such as "the ministry" / 同省 to the nearest body named earlier in the same section) for
//!   every passage of one document.
//!
//! Matching rules (all done on an NFKC view of the text, offsets reported in the original):
//! - acronyms (`MEXT`, `START`, `SIP`) match case-sensitively as whole words: the characters
//!   around them must not be ASCII letters, digits, `-` or `_` (`COI` is not found in
//!   `COI-NEXT`, `MIC` not in `MIC-TEAM`); a superscript footnote mark after them is ignored;
//!   in Japanese text OCR letter-spacing is allowed (`S B I R`, `S A T R E P S ${ }^{3}$`);
//! - English names match case-insensitively, as whole words, except that a name starting
//!   with a capital must start with a capital in the text ("the Patent Office" names JPO,
//!   "the patent office of each country" does not);
//! - Japanese names match as substrings, with two exceptions: a name of a ministry/agency
//!   followed by 令 is an ordinance (総務省令, 内閣府令, 文部科学省令), a law, not the body,
//!   so it is not a mention; and a name preceded by one of the body's `not_after` strings
//!   (東京消防庁) is another body. Ministers (総務大臣) are not mentions of their ministry.
//! - Bodies are not expanded to their parents: a passage naming JST carries `jst` only
//!   (query-side filters use [`Registry::descendants`]).

mod fy;
mod norm;
mod program;
mod registry;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex::Regex;

use crate::model::{FacetSet, FacetSpan, Passage, TextProgram};

pub use fy::{fiscal_years, parse_number, FyMention, MAX_RANGE};
pub use norm::{fold, is_japanese};
pub use program::{clean_name, text_program_id, JA_PROGRAM_SUFFIXES};
pub use registry::{Body, Program, Registry, RegistryRef, BUILTIN_TOML};

use norm::View;
use program::DocPrograms;
use registry::Owner;

/// Errors of the facet library.
#[derive(Debug, thiserror::Error)]
pub enum FacetError {
    /// A registry file is malformed or inconsistent.
    #[error("{file}:{line}: {message}")]
    Registry {
        /// File name as given.
        file: String,
        /// 1-based line of the offending entry.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A registry file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The OS error.
        message: String,
    },
}

/// What a back reference ("the ministry", 同庁, …) may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Ministry,
    Agency,
    Office,
    Organisation,
    Committee,
    Headquarters,
}

fn compatible(reg: &Registry, id: &str, kind: RefKind) -> bool {
    let Some(b) = reg.body(id) else {
        return false;
    };
    let ja = b.name_ja.first().map(String::as_str).unwrap_or("");
    let en = b.name_en.as_str();
    match kind {
        RefKind::Ministry => ja.ends_with('省') || en.starts_with("Ministry"),
        RefKind::Agency => ja.ends_with('庁') || en.contains("Agency"),
        RefKind::Office => en.contains("Office"),
        RefKind::Organisation => ja.ends_with("機構"),
        RefKind::Committee => ja.ends_with("委員会"),
        RefKind::Headquarters => ja.ends_with("本部"),
    }
}

fn re_backref() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:(?-u:\b)(?:[Tt]he|[Tt]his|[Tt]hat)\s+|^)(ministry|Ministry|agency|Agency|office|Office)(?-u:\b)|同省|本省|同庁|同機構|同委員会|同本部",
        )
        .unwrap()
    })
}

fn re_generic_body() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[\p{Han}\p{Katakana}ー・]{2,}?(?:省|庁|機構|委員会|本部)").unwrap()
    })
}

fn generic_kind(name: &str) -> Option<RefKind> {
    Some(if name.ends_with('省') {
        RefKind::Ministry
    } else if name.ends_with('庁') {
        RefKind::Agency
    } else if name.ends_with("機構") {
        RefKind::Organisation
    } else if name.ends_with("委員会") {
        RefKind::Committee
    } else if name.ends_with("本部") {
        RefKind::Headquarters
    } else {
        return None;
    })
}

/// A body named in the text: a registered one (`id`), or a Japanese name of a ministry /
/// agency / organisation / committee / headquarters the registry does not know (`None`),
/// which blocks a back reference from reaching further back.
#[derive(Debug, Clone)]
struct Named {
    id: Option<String>,
    kind: Option<RefKind>,
    at: usize,
}

impl Named {
    fn fits(&self, reg: &Registry, kind: RefKind) -> bool {
        match &self.id {
            Some(id) => compatible(reg, id, kind),
            None => self.kind == Some(kind),
        }
    }
}

/// Everything found in one text.
#[derive(Debug, Default, Clone)]
struct Found {
    /// Bodies named, registered or not, in text order.
    named: Vec<Named>,
    /// (id, orig start, orig end)
    bodies: Vec<(String, usize, usize)>,
    programs: Vec<(String, usize, usize)>,
    fy: Vec<(Vec<u16>, usize, usize)>,
    /// (kind, orig start)
    backrefs: Vec<(RefKind, usize)>,
}

fn find(reg: &Registry, doc: &mut DocPrograms, text: &str) -> Found {
    let v = View::new(text);
    let mut f = Found::default();
    let mut body_view_spans: Vec<(usize, usize)> = Vec::new();
    for h in reg.body_matcher.scan(&v) {
        let a = reg.body_matcher.alias(h.alias);
        let Owner::Body(bi) = a.owner else { continue };
        let body = reg.body_at(bi);
        if a.kind == registry::AliasKind::NameJa {
            let ordinance = v.char_at(h.end) == Some('令')
                && (a.text.ends_with('省') || a.text.ends_with('府') || a.text.ends_with('庁'));
            let other = body
                .not_after
                .iter()
                .any(|n| v.s[..h.start].ends_with(n.as_str()));
            if ordinance || other {
                continue;
            }
        }
        let (x, y) = v.orig_span(h.start, h.end);
        body_view_spans.push((h.start, h.end));
        f.bodies.push((body.id.clone(), x, y));
    }
    for (id, x, _) in &f.bodies {
        f.named.push(Named {
            id: Some(id.clone()),
            kind: None,
            at: *x,
        });
    }
    let ja: &str = if v.japanese { &v.s } else { "" };
    for m in re_generic_body().find_iter(ja) {
        if m.as_str().starts_with('同') || m.as_str().starts_with("本省") {
            continue;
        }
        if body_view_spans
            .iter()
            .any(|&(a, b)| m.start() < b && a < m.end())
        {
            continue;
        }
        let (x, _) = v.orig_span(m.start(), m.end());
        f.named.push(Named {
            id: None,
            kind: generic_kind(m.as_str()),
            at: x,
        });
    }
    f.named.sort_by_key(|n| n.at);
    let defs = program::definitions(reg, &v);
    doc.learn(&defs);
    let mut progs: Vec<(String, usize, usize)> = Vec::new();
    for h in reg.program_matcher.scan(&v) {
        if let Owner::Program(pi) = reg.program_matcher.alias(h.alias).owner {
            progs.push((reg.program_at(pi).id.clone(), h.start, h.end));
        }
    }
    for d in &defs {
        progs.push((d.id.clone(), d.start, d.end));
    }
    progs.extend(doc.scan(&v).into_iter().map(|(a, b, id)| (id, a, b)));
    progs.sort_by_key(|p| (p.1, std::cmp::Reverse(p.2)));
    for (id, a, b) in progs {
        let (x, y) = v.orig_span(a, b);
        if f.programs.iter().any(|p| p.0 == id && p.1 < y && x < p.2) {
            continue;
        }
        f.programs.push((id, x, y));
    }
    for (a, b, years) in fy::scan_view(&v) {
        let (x, y) = v.orig_span(a, b);
        f.fy.push((years, x, y));
    }
    for c in re_backref().captures_iter(&v.s) {
        let m = c.get(0).unwrap();
        if body_view_spans
            .iter()
            .any(|&(a, b)| m.start() < b && a < m.end())
        {
            continue;
        }
        let rest = v.s[m.end()..].trim_start();
        if rest.starts_with("of ") || rest.starts_with("for ") {
            continue;
        }
        let word = c.get(1).map(|g| g.as_str().to_ascii_lowercase());
        let kind = match (word.as_deref(), m.as_str()) {
            (Some("ministry"), _) => RefKind::Ministry,
            (Some("agency"), _) => RefKind::Agency,
            (Some("office"), _) => RefKind::Office,
            (_, "同省") | (_, "本省") => RefKind::Ministry,
            (_, "同庁") => RefKind::Agency,
            (_, "同機構") => RefKind::Organisation,
            (_, "同委員会") => RefKind::Committee,
            (_, "同本部") => RefKind::Headquarters,
            _ => continue,
        };
        // A passage starting with a bare "ministry" continues a sentence ("… In FY2018 the").
        if m.start() == 0 && c.get(1).is_some() && !m.as_str().contains(' ') {
            let w = c.get(1).unwrap().as_str();
            if w.chars().next().is_some_and(|c| c.is_uppercase()) {
                continue;
            }
        }
        let (x, _) = v.orig_span(m.start(), m.end());
        f.backrefs.push((kind, x));
    }
    f
}

fn push_unique<T: PartialEq + Clone>(v: &mut Vec<T>, x: &T) {
    if !v.contains(x) {
        v.push(x.clone());
    }
}

/// Facets of a single text with no document context (headings, back references): what the
/// text itself mentions, and where.
pub fn extract_text(reg: &Registry, text: &str) -> (FacetSet, Vec<FacetSpan>) {
    let mut doc = DocPrograms::default();
    let f = find(reg, &mut doc, text);
    to_facets(&f)
}

fn to_facets(f: &Found) -> (FacetSet, Vec<FacetSpan>) {
    let mut set = FacetSet::default();
    let mut spans = Vec::new();
    for (id, a, b) in &f.bodies {
        push_unique(&mut set.ministry, id);
        spans.push(FacetSpan {
            kind: "ministry".into(),
            value: id.clone(),
            byte_start: *a,
            byte_end: *b,
        });
    }
    for (id, a, b) in &f.programs {
        push_unique(&mut set.program, id);
        spans.push(FacetSpan {
            kind: "program".into(),
            value: id.clone(),
            byte_start: *a,
            byte_end: *b,
        });
    }
    for (years, a, b) in &f.fy {
        for y in years {
            push_unique(&mut set.fy, y);
            spans.push(FacetSpan {
                kind: "fy".into(),
                value: y.to_string(),
                byte_start: *a,
                byte_end: *b,
            });
        }
    }
    set.fy.sort_unstable();
    spans.sort_by(|x, y| {
        (x.byte_start, x.byte_end, &x.kind, &x.value).cmp(&(
            y.byte_start,
            y.byte_end,
            &y.kind,
            &y.value,
        ))
    });
    (set, spans)
}

/// Fills `facets`, `facets_inherited` and `facet_spans` of every passage of ONE document
/// (passages in document order).
///
/// - `facets`: what the passage's own text names (bodies, programs from the registry or
///   defined earlier in this document, fiscal years), with `facet_spans` into `passage.text`;
/// - `facets_inherited`: what its section headings name, plus, for "the ministry" / "the
///   agency" / "the office" / 同省 / 同庁 / 本省 / 同機構 / 同委員会 / 同本部, the nearest body of
///   that kind named earlier in the same section (same `section_path`, headings included).
///   A value the passage mentions itself is not repeated there.
///
/// Returns the programs the document defines in its text and no registry knows: id → name
/// (and acronym), for the index's names table.
pub fn extract_document(reg: &Registry, passages: &mut [Passage]) -> BTreeMap<String, TextProgram> {
    let mut doc = DocPrograms::default();
    let mut headings: HashMap<String, Found> = HashMap::new();
    let mut section: Option<Vec<String>> = None;
    // Bodies named so far in the current section, in order.
    let mut named: Vec<Named> = Vec::new();
    for p in passages.iter_mut() {
        let mut inherited = FacetSet::default();
        let mut heading_bodies: Vec<Named> = Vec::new();
        for h in &p.section_path {
            if !headings.contains_key(h) {
                let f = find(reg, &mut doc, h);
                headings.insert(h.clone(), f);
            }
            let f = &headings[h];
            for (id, _, _) in &f.bodies {
                push_unique(&mut inherited.ministry, id);
            }
            heading_bodies.extend(f.named.iter().cloned());
            for (id, _, _) in &f.programs {
                push_unique(&mut inherited.program, id);
            }
            for (years, _, _) in &f.fy {
                for y in years {
                    push_unique(&mut inherited.fy, y);
                }
            }
        }
        if section.as_ref() != Some(&p.section_path) {
            section = Some(p.section_path.clone());
            named = heading_bodies;
        }
        let f = find(reg, &mut doc, &p.text);
        let (mentioned, spans) = to_facets(&f);
        for (kind, at) in &f.backrefs {
            let earlier_here = f.named.iter().filter(|n| n.at < *at).rev();
            let found = earlier_here
                .chain(named.iter().rev())
                .find(|n| n.fits(reg, *kind))
                .and_then(|n| n.id.clone());
            if let Some(id) = found {
                push_unique(&mut inherited.ministry, &id);
            }
        }
        named.extend(f.named.iter().cloned());
        inherited
            .ministry
            .retain(|x| !mentioned.ministry.contains(x));
        inherited.program.retain(|x| !mentioned.program.contains(x));
        inherited.fy.retain(|x| !mentioned.fy.contains(x));
        inherited.fy.sort_unstable();
        p.facets = mentioned;
        p.facets_inherited = inherited;
        p.facet_spans = spans;
    }
    doc.names
}

#[cfg(test)]
mod tests;
