//! Facet filters and counts on the query side: resolving user values (any alias, in English
//! or Japanese) to registry ids, turning filters into tantivy queries, counting facet values
//! over every match with a fast-field collector, query-time alias expansion, and the names of
//! facet values ([`FacetNames`]).

use super::query::Node;
use crate::facets::Registry;
use crate::index::{Fields, IndexError, PolIndex};
use crate::model::{FacetSet, Lang, TextProgram};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

/// Which facet values count: mentioned in the passage, inherited from its headings and
/// references, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Mentioned or inherited.
    #[default]
    Any,
    /// Mentioned in the passage's own text.
    Mentioned,
    /// Inherited only (headings, "the ministry").
    Inherited,
}

impl Scope {
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            Scope::Any => &["m:", "i:"],
            Scope::Mentioned => &["m:"],
            Scope::Inherited => &["i:"],
        }
    }
}

/// Facet filters after alias resolution.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FacetFilters {
    /// Ministry ids (any of them matches).
    pub ministry: Vec<String>,
    /// Program ids (any of them matches).
    pub program: Vec<String>,
    /// Fiscal-year range (inclusive).
    pub fy: Option<(u16, u16)>,
    /// Which values count.
    pub scope: Scope,
}

/// A filter value no registry entry answers to.
#[derive(Debug, thiserror::Error)]
pub enum FilterError {
    /// Unknown ministry or program.
    #[error("--{kind} {value:?}: unknown {kind}; nearest known ids: {}", nearest.join(", "))]
    Unknown {
        /// `ministry` or `program`.
        kind: &'static str,
        /// The value given.
        value: String,
        /// Closest ids.
        nearest: Vec<String>,
    },
    /// A malformed fiscal year.
    #[error("--fy {0:?}: expected a year (2019) or a range (2018..2020)")]
    BadYear(String),
}

impl FilterError {
    /// The parameter the error is about (`ministry`, `program`, `fy`), for front ends that
    /// name it their own way (`--fy` on the command line, `fy=` over HTTP).
    pub fn parameter(&self) -> &'static str {
        match self {
            FilterError::Unknown { kind, .. } => kind,
            FilterError::BadYear(_) => "fy",
        }
    }
}

/// Resolves a ministry value (id, name, acronym, Japanese name or abbreviation) to its id,
/// plus its descendants when asked.
pub fn resolve_ministry(
    reg: &Registry,
    value: &str,
    children: bool,
) -> Result<Vec<String>, FilterError> {
    let b = reg
        .resolve_body(value)
        .ok_or_else(|| FilterError::Unknown {
            kind: "ministry",
            value: value.to_string(),
            nearest: reg.nearest_bodies(value, 5),
        })?;
    let mut ids = vec![b.id.clone()];
    if children {
        ids.extend(reg.descendants(&b.id));
    }
    Ok(ids)
}

/// Resolves a program value to its id. Programs found only in document text (not in the
/// registry) are accepted by their id as printed in results.
pub fn resolve_program(
    reg: &Registry,
    value: &str,
    known: &[String],
) -> Result<String, FilterError> {
    if let Some(p) = reg.resolve_program(value) {
        return Ok(p.id.clone());
    }
    // By id as printed, or by the name a program defined in text has its id from.
    let folded = crate::facets::fold(value);
    let slug = crate::facets::text_program_id(None, value);
    if let Some(id) = known
        .iter()
        .find(|k| crate::facets::fold(k) == folded || **k == slug)
    {
        return Ok(id.clone());
    }
    Err(FilterError::Unknown {
        kind: "program",
        value: value.to_string(),
        nearest: reg.nearest_programs(value, 5),
    })
}

/// Parses `2019`, `FY2019`, `2018..2020`, `2018-2020`.
pub fn parse_fy(value: &str) -> Result<(u16, u16), FilterError> {
    let v = value
        .trim()
        .trim_start_matches("FY")
        .trim_start_matches("fy");
    let year = |s: &str| -> Result<u16, FilterError> {
        let s = s.trim().trim_start_matches("FY").trim_start_matches("fy");
        s.parse::<u16>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| FilterError::BadYear(value.to_string()))
    };
    let (a, b) = if let Some((a, b)) = v.split_once("..") {
        (year(a)?, year(b)?)
    } else if let Some((a, b)) = v.split_once('-') {
        (year(a)?, year(b)?)
    } else {
        let y = year(v)?;
        (y, y)
    };
    Ok((a.min(b), a.max(b)))
}

fn term(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn any_of(qs: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn fy_range(field: tantivy::schema::Field, (a, b): (u16, u16)) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        std::ops::Bound::Included(Term::from_field_u64(field, a as u64)),
        std::ops::Bound::Included(Term::from_field_u64(field, b as u64)),
    ))
}

impl FacetFilters {
    /// True when no facet filter is set.
    pub fn is_empty(&self) -> bool {
        self.ministry.is_empty() && self.program.is_empty() && self.fy.is_none()
    }

    /// The filter queries (each must match).
    pub fn queries(&self, f: &Fields) -> Vec<Box<dyn Query>> {
        let mut out = Vec::new();
        let values = |field, ids: &[String]| -> Box<dyn Query> {
            any_of(
                ids.iter()
                    .flat_map(|id| {
                        self.scope
                            .prefixes()
                            .iter()
                            .map(move |p| format!("{p}{id}"))
                    })
                    .map(|v| term(field, &v))
                    .collect(),
            )
        };
        if !self.ministry.is_empty() {
            out.push(values(f.ministry, &self.ministry));
        }
        if !self.program.is_empty() {
            out.push(values(f.program, &self.program));
        }
        if let Some(r) = self.fy {
            out.push(match self.scope {
                Scope::Any => fy_range(f.fy, r),
                Scope::Mentioned => fy_range(f.fy_own, r),
                Scope::Inherited => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, fy_range(f.fy, r)),
                    (Occur::MustNot, fy_range(f.fy_own, r)),
                ])),
            });
        }
        out
    }
}

/// Counts of facet values over a set of passages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FacetCounts {
    /// Passages per ministry id.
    pub ministry: BTreeMap<String, u64>,
    /// Passages per fiscal year.
    pub fy: BTreeMap<u16, u64>,
    /// Passages per program id.
    pub program: BTreeMap<String, u64>,
    /// Passages per document id (not part of the JSON of `search --facets`).
    #[serde(skip)]
    pub doc: BTreeMap<String, u64>,
}

impl FacetCounts {
    /// Adds the counts of `other` (of passages disjoint from these) to these.
    pub fn merge(&mut self, other: FacetCounts) {
        for (k, v) in other.ministry {
            *self.ministry.entry(k).or_insert(0) += v;
        }
        for (k, v) in other.program {
            *self.program.entry(k).or_insert(0) += v;
        }
        for (k, v) in other.fy {
            *self.fy.entry(k).or_insert(0) += v;
        }
        for (k, v) in other.doc {
            *self.doc.entry(k).or_insert(0) += v;
        }
    }
}

/// Collector of [`FacetCounts`] over every matching passage (not just the page shown).
pub struct FacetCollector {
    /// Which values count.
    pub scope: Scope,
}

/// Per-segment part of [`FacetCollector`].
pub struct FacetSegment {
    scope: Scope,
    ministry: Option<tantivy::columnar::StrColumn>,
    program: Option<tantivy::columnar::StrColumn>,
    fy: Option<tantivy::columnar::Column<u64>>,
    fy_own: Option<tantivy::columnar::Column<u64>>,
    doc: Option<tantivy::columnar::StrColumn>,
    ministry_ords: BTreeMap<u64, u64>,
    program_ords: BTreeMap<u64, u64>,
    doc_ords: BTreeMap<u64, u64>,
    fy_counts: BTreeMap<u16, u64>,
    seen: Vec<String>,
}

fn count_strs(
    col: &Option<tantivy::columnar::StrColumn>,
    doc: DocId,
    scope: Scope,
    counts: &mut BTreeMap<u64, u64>,
    seen: &mut Vec<String>,
) {
    let Some(col) = col else { return };
    seen.clear();
    let mut buf = String::new();
    for ord in col.term_ords(doc) {
        buf.clear();
        if col.ord_to_str(ord, &mut buf).unwrap_or(false) {
            let (prefix, value) = buf.split_at(2.min(buf.len()));
            if !scope.prefixes().contains(&prefix) || seen.iter().any(|s| s == value) {
                continue;
            }
            seen.push(value.to_string());
            // count under the ord of the first prefix seen; names are resolved at harvest
            *counts.entry(ord).or_insert(0) += 1;
        }
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(ord) = self.doc.as_ref().and_then(|c| c.term_ords(doc).next()) {
            *self.doc_ords.entry(ord).or_insert(0) += 1;
        }
        count_strs(
            &self.ministry,
            doc,
            self.scope,
            &mut self.ministry_ords,
            &mut self.seen,
        );
        count_strs(
            &self.program,
            doc,
            self.scope,
            &mut self.program_ords,
            &mut self.seen,
        );
        let own: Vec<u64> = self
            .fy_own
            .as_ref()
            .map(|c| c.values_for_doc(doc).collect())
            .unwrap_or_default();
        let all: Vec<u64> = self
            .fy
            .as_ref()
            .map(|c| c.values_for_doc(doc).collect())
            .unwrap_or_default();
        let mut years: Vec<u64> = match self.scope {
            Scope::Any => all,
            Scope::Mentioned => own,
            Scope::Inherited => all.into_iter().filter(|y| !own.contains(y)).collect(),
        };
        years.sort_unstable();
        years.dedup();
        for y in years {
            *self.fy_counts.entry(y as u16).or_insert(0) += 1;
        }
    }

    fn harvest(self) -> FacetCounts {
        let names = |col: &Option<tantivy::columnar::StrColumn>, ords: BTreeMap<u64, u64>| {
            let mut out = BTreeMap::new();
            if let Some(col) = col {
                let mut buf = String::new();
                for (ord, n) in ords {
                    buf.clear();
                    if col.ord_to_str(ord, &mut buf).unwrap_or(false) {
                        *out.entry(buf.get(2..).unwrap_or("").to_string())
                            .or_insert(0) += n;
                    }
                }
            }
            out
        };
        let mut doc = BTreeMap::new();
        if let Some(col) = &self.doc {
            let mut buf = String::new();
            for (ord, n) in self.doc_ords {
                buf.clear();
                if col.ord_to_str(ord, &mut buf).unwrap_or(false) {
                    *doc.entry(buf.clone()).or_insert(0) += n;
                }
            }
        }
        FacetCounts {
            ministry: names(&self.ministry, self.ministry_ords),
            program: names(&self.program, self.program_ords),
            fy: self.fy_counts,
            doc,
        }
    }
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = FacetSegment;

    fn for_segment(&self, _ord: u32, reader: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let ff = reader.fast_fields();
        Ok(FacetSegment {
            scope: self.scope,
            ministry: ff.str("ministry")?,
            program: ff.str("program")?,
            fy: ff.u64("fy").ok(),
            fy_own: ff.u64("fy_own").ok(),
            doc: ff.str("doc_id")?,
            ministry_ords: BTreeMap::new(),
            program_ords: BTreeMap::new(),
            doc_ords: BTreeMap::new(),
            fy_counts: BTreeMap::new(),
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut out = FacetCounts::default();
        for f in fruits {
            out.merge(f);
        }
        Ok(out)
    }
}

/// The human-readable name of a facet value, in English and in Japanese (either may be
/// missing: a program defined only in Japanese text has no English name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Name {
    /// English name.
    pub en: Option<String>,
    /// Japanese name.
    pub ja: Option<String>,
}

impl Name {
    /// The name in `lang`, else in the other language.
    pub fn pick(&self, lang: Lang) -> Option<&str> {
        let (first, second) = match lang {
            Lang::En => (&self.en, &self.ja),
            Lang::Ja => (&self.ja, &self.en),
        };
        first.as_deref().or(second.as_deref())
    }
}

/// Names of ministry and program values: registry entries by their registry names, programs
/// defined in document text by the names the index stores for them.
#[derive(Debug, Clone, Default)]
pub struct FacetNames {
    /// By ministry / agency id.
    pub ministry: BTreeMap<String, Name>,
    /// By program id.
    pub program: BTreeMap<String, Name>,
    /// Acronyms of programs defined in text, by id (`CiCLE`), for alias lists.
    pub acronyms: BTreeMap<String, String>,
}

/// The language names are shown in for a query: the `--lang` filter when given, else
/// Japanese when the query has Japanese characters, else English.
pub fn query_lang(query: &str, filter: Option<Lang>) -> Lang {
    filter.unwrap_or_else(|| {
        if query.chars().any(crate::facets::is_japanese) {
            Lang::Ja
        } else {
            Lang::En
        }
    })
}

fn split_by_script(name: &str) -> Name {
    if name.chars().any(crate::facets::is_japanese) {
        Name {
            en: None,
            ja: Some(name.to_string()),
        }
    } else {
        Name {
            en: Some(name.to_string()),
            ja: None,
        }
    }
}

impl FacetNames {
    /// Names of the given values from the registry and `text` (programs defined in text).
    pub fn new<'a>(
        reg: &Registry,
        text: &BTreeMap<String, TextProgram>,
        ministries: impl IntoIterator<Item = &'a String>,
        programs: impl IntoIterator<Item = &'a String>,
    ) -> FacetNames {
        let mut out = FacetNames::default();
        for id in ministries {
            let name = match reg.body(id) {
                Some(b) => Name {
                    en: Some(b.name_en.clone()),
                    ja: b.name_ja.first().cloned(),
                },
                None => split_by_script(id),
            };
            out.ministry.insert(id.clone(), name);
        }
        for id in programs {
            let name = if let Some(p) = reg.program(id) {
                Name {
                    en: p
                        .name_en
                        .first()
                        .or(p.acronyms.first())
                        .or(p.aliases.first())
                        .cloned()
                        .or_else(|| p.name_ja.is_empty().then(|| id.clone())),
                    ja: p.name_ja.first().cloned(),
                }
            } else if let Some(t) = text.get(id) {
                if let Some(a) = &t.acronym {
                    out.acronyms.insert(id.clone(), a.clone());
                }
                split_by_script(&t.name)
            } else {
                // Unknown to registry and index (e.g. an index from before names were kept):
                // the id, which is readable by construction.
                split_by_script(id)
            };
            out.program.insert(id.clone(), name);
        }
        out
    }

    /// Names of the given values, reading the names of text-defined programs from the index.
    pub fn lookup<'a>(
        pol: &PolIndex,
        reg: &Registry,
        ministries: impl IntoIterator<Item = &'a String>,
        programs: impl IntoIterator<Item = &'a String>,
    ) -> Result<FacetNames, IndexError> {
        let programs: Vec<&String> = programs.into_iter().collect();
        let unknown: Vec<&str> = programs
            .iter()
            .filter(|id| reg.program(id).is_none())
            .map(|id| id.as_str())
            .collect();
        let text = if unknown.is_empty() {
            BTreeMap::new()
        } else {
            let reader = pol.reader()?;
            pol.program_names(&reader.searcher(), &unknown)?
        };
        Ok(FacetNames::new(reg, &text, ministries, programs))
    }

    /// Names of every ministry and program value of `sets`, read as [`FacetNames::lookup`].
    pub fn of_sets(
        pol: &PolIndex,
        reg: &Registry,
        sets: &[&FacetSet],
    ) -> Result<FacetNames, IndexError> {
        Self::lookup(
            pol,
            reg,
            sets.iter().flat_map(|s| &s.ministry),
            sets.iter().flat_map(|s| &s.program),
        )
    }

    /// Names of every value a search response shows: its hits' facets and its counts.
    pub fn of_response(
        pol: &PolIndex,
        reg: &Registry,
        r: &super::SearchResponse,
    ) -> Result<FacetNames, IndexError> {
        let sets: Vec<&FacetSet> = r
            .hits
            .iter()
            .flat_map(|h| {
                [
                    &h.passage.passage.facets,
                    &h.passage.passage.facets_inherited,
                ]
            })
            .collect();
        let counts = r.facet_counts.as_ref();
        Self::lookup(
            pol,
            reg,
            sets.iter()
                .flat_map(|s| &s.ministry)
                .chain(counts.into_iter().flat_map(|c| c.ministry.keys())),
            sets.iter()
                .flat_map(|s| &s.program)
                .chain(counts.into_iter().flat_map(|c| c.program.keys())),
        )
    }

    /// The name of a ministry value in `lang` (the id when nothing better is known).
    pub fn ministry_name(&self, id: &str, lang: Lang) -> String {
        self.ministry
            .get(id)
            .and_then(|n| n.pick(lang))
            .unwrap_or(id)
            .to_string()
    }

    /// The name of a program value in `lang` (the id when nothing better is known).
    pub fn program_name(&self, id: &str, lang: Lang) -> String {
        self.program
            .get(id)
            .and_then(|n| n.pick(lang))
            .unwrap_or(id)
            .to_string()
    }

    /// `{"ministry": {id: name}, "program": {id: name}}` for the values of `sets`, names in
    /// `lang`.
    pub fn json_for<'a>(&self, sets: impl IntoIterator<Item = &'a FacetSet>, lang: Lang) -> Value {
        let mut ministry = Map::new();
        let mut program = Map::new();
        for s in sets {
            for id in &s.ministry {
                ministry.insert(id.clone(), json!(self.ministry_name(id, lang)));
            }
            for id in &s.program {
                program.insert(id.clone(), json!(self.program_name(id, lang)));
            }
        }
        json!({"ministry": ministry, "program": program})
    }
}

/// One applied alias expansion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Expansion {
    /// The query word or phrase.
    pub term: String,
    /// The registry id it names.
    pub id: String,
    /// The other names searched for it.
    pub aliases: Vec<String>,
}

/// True when `term` names a registry entry as written: an acronym in its exact case, or a
/// full name (Japanese, or several words), so an ordinary word (`start`) is never expanded.
fn names_entry(reg: &Registry, term: &str) -> Option<(String, Vec<String>)> {
    let t = term.trim();
    let exact = |names: Vec<&String>| names.iter().any(|n| n.as_str() == t);
    let is_name = !t.is_ascii() || t.split_whitespace().count() > 1;
    if let Some(p) = reg.resolve_program(t) {
        let ok = is_name || exact(p.acronyms.iter().chain(&p.aliases).collect());
        return ok.then(|| (p.id.clone(), reg.expansions(t)));
    }
    if let Some(b) = reg.resolve_body(t) {
        let ok = is_name || exact(b.acronyms.iter().chain(&b.aliases).collect());
        return ok.then(|| (b.id.clone(), reg.expansions(t)));
    }
    None
}

/// Rewrites every positive word or phrase that names a registry entry into an OR of all its
/// names, and reports the expansions applied.
pub fn expand(reg: &Registry, node: Node, out: &mut Vec<Expansion>) -> Node {
    match node {
        Node::Word {
            ref field,
            ref text,
        }
        | Node::Phrase {
            ref field,
            ref text,
        } => match names_entry(reg, text) {
            Some((id, aliases)) if !aliases.is_empty() => {
                let field = field.clone();
                out.push(Expansion {
                    term: text.clone(),
                    id,
                    aliases: aliases.clone(),
                });
                let mut alts = vec![node];
                alts.extend(aliases.into_iter().map(|a| Node::Phrase {
                    field: field.clone(),
                    text: a,
                }));
                Node::Or(alts)
            }
            _ => node,
        },
        Node::And(v) => Node::And(v.into_iter().map(|n| expand(reg, n, out)).collect()),
        Node::Or(v) => Node::Or(v.into_iter().map(|n| expand(reg, n, out)).collect()),
        Node::Not(b) => Node::Not(b),
        Node::Loose { .. } => node,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fy_values() {
        assert_eq!(parse_fy("2019").unwrap(), (2019, 2019));
        assert_eq!(parse_fy("2018..2020").unwrap(), (2018, 2020));
        assert_eq!(parse_fy("FY2020-2018").unwrap(), (2018, 2020));
        assert!(parse_fy("soon").is_err());
    }

    #[test]
    fn aliases_resolve_in_both_languages() {
        let reg = Registry::builtin();
        let a = resolve_ministry(reg, "METI", false).unwrap();
        let b = resolve_ministry(reg, "経済産業省", false).unwrap();
        let c = resolve_ministry(reg, "Ministry of Economy, Trade and Industry", false).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        let with_children = resolve_ministry(reg, "METI", true).unwrap();
        assert!(with_children.len() > 1);
        let p = resolve_program(reg, "地球規模課題対応国際科学技術協力プログラム", &[]).unwrap();
        assert_eq!(p, resolve_program(reg, "SATREPS", &[]).unwrap());
        let err = resolve_ministry(reg, "MEXTT", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("mext"), "{err}");
    }

    #[test]
    fn every_value_has_a_name_in_either_language() {
        let reg = Registry::builtin();
        let mut text = BTreeMap::new();
        text.insert(
            "gif".to_string(),
            TextProgram {
                name: "Green Innovation Fund".into(),
                acronym: Some("GIF".into()),
            },
        );
        text.insert(
            "高度無線環境整備推進事業".to_string(),
            TextProgram {
                name: "高度無線環境整備推進事業".into(),
                acronym: None,
            },
        );
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let ministries = ids(&["mic", "nosuch"]);
        let programs = ids(&["satreps", "gif", "高度無線環境整備推進事業", "unknown-id"]);
        let n = FacetNames::new(reg, &text, &ministries, &programs);
        assert_eq!(
            n.ministry_name("mic", Lang::En),
            "Ministry of Internal Affairs and Communications"
        );
        assert_eq!(n.ministry_name("mic", Lang::Ja), "総務省");
        assert_eq!(
            n.program_name("satreps", Lang::Ja),
            "地球規模課題対応国際科学技術協力プログラム"
        );
        assert_eq!(n.program_name("gif", Lang::Ja), "Green Innovation Fund");
        assert_eq!(n.acronyms["gif"], "GIF");
        assert_eq!(
            n.program_name("高度無線環境整備推進事業", Lang::En),
            "高度無線環境整備推進事業"
        );
        // Unknown to registry and index: the (readable) id itself, never nothing.
        assert_eq!(n.program_name("unknown-id", Lang::En), "unknown-id");
        assert_eq!(n.ministry_name("nosuch", Lang::En), "nosuch");
        assert_eq!(query_lang("SATREPS", None), Lang::En);
        assert_eq!(query_lang("科学技術", None), Lang::Ja);
        assert_eq!(query_lang("科学技術", Some(Lang::En)), Lang::En);
    }

    #[test]
    fn ordinary_words_are_not_expanded() {
        let reg = Registry::builtin();
        let mut out = Vec::new();
        let n = Node::Word {
            field: None,
            text: "start".into(),
        };
        assert_eq!(expand(reg, n.clone(), &mut out), n);
        let n = Node::Word {
            field: None,
            text: "SATREPS".into(),
        };
        assert!(matches!(expand(reg, n, &mut out), Node::Or(_)));
        assert_eq!(out.len(), 1);
    }
}
