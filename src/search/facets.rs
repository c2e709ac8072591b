//! Facet filters and counts on the query side: resolving user values (any alias, in English
//! or Japanese) to registry ids, turning filters into tantivy queries, counting facet values
//! over every match with a fast-field collector, and query-time alias expansion.

use super::query::Node;
use crate::facets::Registry;
use crate::index::Fields;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

/// Which facet values count: mentioned in the passage, inherited from its headings and
/// references, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
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
    let folded = value.trim().to_lowercase();
    if known.contains(&folded) {
        return Ok(folded);
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FacetCounts {
    /// Passages per ministry id.
    pub ministry: BTreeMap<String, u64>,
    /// Passages per fiscal year.
    pub fy: BTreeMap<u16, u64>,
    /// Passages per program id.
    pub program: BTreeMap<String, u64>,
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
    ministry_ords: BTreeMap<u64, u64>,
    program_ords: BTreeMap<u64, u64>,
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
        FacetCounts {
            ministry: names(&self.ministry, self.ministry_ords),
            program: names(&self.program, self.program_ords),
            fy: self.fy_counts,
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
            ministry_ords: BTreeMap::new(),
            program_ords: BTreeMap::new(),
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
            for (k, v) in f.ministry {
                *out.ministry.entry(k).or_insert(0) += v;
            }
            for (k, v) in f.program {
                *out.program.entry(k).or_insert(0) += v;
            }
            for (k, v) in f.fy {
                *out.fy.entry(k).or_insert(0) += v;
            }
        }
        Ok(out)
    }
}

/// One applied alias expansion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
