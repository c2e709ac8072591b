//! Mention timelines and cross tables: matching passages per document and per document year
//! (edition), from the per-document counts of [`super::facets::FacetCollector`] and the
//! documents' catalog metadata, and per pair of keys ([`cross`]). Depends on
//! [`crate::index`] (document records) and [`super::count`].

use super::facets::FacetCounts;
use super::{count, Filters};
use crate::facets::Registry;
use crate::index::{DocRecord, IndexError, PolIndex};
use std::collections::BTreeMap;

/// What `count --by` counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Fiscal year mentioned (or inherited).
    Fy,
    /// Ministry or agency.
    Ministry,
    /// Program.
    Program,
    /// The document's year (edition).
    Year,
    /// The document.
    Doc,
}

impl Key {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Key::Fy => "fy",
            Key::Ministry => "ministry",
            Key::Program => "program",
            Key::Year => "year",
            Key::Doc => "doc",
        }
    }
}

/// Errors of [`cross`].
#[derive(Debug, thiserror::Error)]
pub enum CrossError {
    /// The first key is also a filter (`--by ministry --ministry X`).
    #[error("--by {0} as the first of two keys cannot be combined with --{0}; give it as the second --by")]
    Filtered(&'static str),
    /// Reading the index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The rows of one key: (value, passages), in the key's order ([`per_year`], [`per_doc`],
/// else by value).
pub fn rows(
    counts: &FacetCounts,
    key: Key,
    docs: &[DocRecord],
    filters: &Filters,
) -> Vec<(String, u64)> {
    match key {
        Key::Fy => counts.fy.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        Key::Ministry => counts.ministry.clone().into_iter().collect(),
        Key::Program => counts.program.clone().into_iter().collect(),
        Key::Year => per_year(&counts.doc, docs, filters),
        Key::Doc => per_doc(&counts.doc, docs)
            .into_iter()
            .map(|(id, n, _)| (id, n))
            .collect(),
    }
}

/// Matching passages per pair of values of two keys, `(first, second, passages)`, for the
/// pairs with a passage, in the first key's order then the second's. A passage that has
/// several values of a key counts once for each, as in one-key counts. `docs` are the index's
/// document records.
pub fn cross(
    pol: &PolIndex,
    reg: Option<&Registry>,
    query: &str,
    filters: &Filters,
    loose: bool,
    keys: (Key, Key),
    docs: &[DocRecord],
) -> Result<Vec<(String, String, u64)>, CrossError> {
    let (k1, k2) = keys;
    let f = &filters.facets;
    let filtered = match k1 {
        Key::Ministry => !f.ministry.is_empty(),
        Key::Program => !f.program.is_empty(),
        Key::Fy => f.fy.is_some(),
        _ => false,
    };
    if filtered {
        return Err(CrossError::Filtered(k1.name()));
    }
    let (all, _, _) = count(pol, reg, query, filters, loose)?;
    let mut out = Vec::new();
    for (v1, n) in rows(&all, k1, docs, filters) {
        if n == 0 {
            continue;
        }
        // the filters that keep the passages with the first key's value
        let subs: Vec<Filters> = match k1 {
            Key::Fy => {
                let y: u16 = v1.parse().unwrap_or_default();
                let mut s = filters.clone();
                s.facets.fy = Some((y, y));
                vec![s]
            }
            Key::Ministry | Key::Program => {
                let mut s = filters.clone();
                let list = if k1 == Key::Ministry {
                    &mut s.facets.ministry
                } else {
                    &mut s.facets.program
                };
                *list = vec![v1.clone()];
                vec![s]
            }
            Key::Doc => vec![Filters {
                doc: Some(v1.clone()),
                ..filters.clone()
            }],
            Key::Year => docs
                .iter()
                .filter(|d| {
                    admits(d, filters) && d.meta.year.map_or(v1 == NO_YEAR, |y| y.to_string() == v1)
                })
                .map(|d| Filters {
                    doc: Some(d.meta.id.clone()),
                    ..filters.clone()
                })
                .collect(),
        };
        let mut merged = FacetCounts::default();
        for s in &subs {
            merged.merge(count(pol, reg, query, s, loose)?.0);
        }
        for (v2, n) in rows(&merged, k2, docs, filters) {
            if n > 0 {
                out.push((v1.clone(), v2, n));
            }
        }
    }
    Ok(out)
}

/// The row label of passages whose document has no year.
pub const NO_YEAR: &str = "unknown";

/// True when the document passes the filters that apply to whole documents (`--lang`,
/// `--doc`).
fn admits(d: &DocRecord, filters: &Filters) -> bool {
    filters.lang.is_none_or(|l| l == d.meta.lang)
        && filters.doc.as_ref().is_none_or(|id| *id == d.meta.id)
}

/// Matching passages per document year, oldest first. Every year of a document the filters
/// admit has a row, 0 when none of its passages matched, so a timeline shows the editions
/// without a mention; passages of documents without a year count under [`NO_YEAR`] (last).
pub fn per_year(
    per_doc: &BTreeMap<String, u64>,
    docs: &[DocRecord],
    filters: &Filters,
) -> Vec<(String, u64)> {
    let mut years: BTreeMap<u16, u64> = BTreeMap::new();
    let mut unknown = 0;
    let year_of: BTreeMap<&str, Option<u16>> = docs
        .iter()
        .map(|d| (d.meta.id.as_str(), d.meta.year))
        .collect();
    for d in docs.iter().filter(|d| admits(d, filters)) {
        if let Some(y) = d.meta.year {
            years.entry(y).or_insert(0);
        }
    }
    for (id, n) in per_doc {
        match year_of.get(id.as_str()).copied().flatten() {
            Some(y) => *years.entry(y).or_insert(0) += n,
            None => unknown += n,
        }
    }
    let mut rows: Vec<(String, u64)> = years.into_iter().map(|(y, n)| (y.to_string(), n)).collect();
    if unknown > 0 {
        rows.push((NO_YEAR.to_string(), unknown));
    }
    rows
}

/// Matching passages per document (only documents with a match), in year order then by id,
/// with each document's title.
pub fn per_doc(per_doc: &BTreeMap<String, u64>, docs: &[DocRecord]) -> Vec<(String, u64, String)> {
    let meta: BTreeMap<&str, &DocRecord> = docs.iter().map(|d| (d.meta.id.as_str(), d)).collect();
    let mut rows: Vec<(Option<u16>, String, u64, String)> = per_doc
        .iter()
        .map(|(id, n)| {
            let d = meta.get(id.as_str());
            (
                d.and_then(|d| d.meta.year),
                id.clone(),
                *n,
                d.map(|d| d.meta.title.clone()).unwrap_or_default(),
            )
        })
        .collect();
    rows.sort_by(|a, b| (a.0.is_none(), a.0, &a.1).cmp(&(b.0.is_none(), b.0, &b.1)));
    rows.into_iter().map(|(_, id, n, t)| (id, n, t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocMeta, Lang};

    fn doc(id: &str, year: Option<u16>, lang: Lang) -> DocRecord {
        DocRecord {
            meta: DocMeta {
                id: id.into(),
                title: format!("T {id}"),
                year,
                lang,
                ..Default::default()
            },
            path: format!("{id}.txt"),
            hash: String::new(),
            bytes: 0,
            passages: 0,
            encoding: "UTF-8".into(),
            indexed_at: String::new(),
            catalog: String::new(),
            programs: Default::default(),
        }
    }

    #[test]
    fn years_without_a_match_show_as_zero() {
        let docs = [
            doc("a", Some(2020), Lang::Ja),
            doc("b", Some(2022), Lang::Ja),
            doc("c", Some(2021), Lang::En),
            doc("d", None, Lang::Ja),
        ];
        let counts = BTreeMap::from([("a".to_string(), 3), ("d".to_string(), 1)]);
        let f = Filters {
            lang: Some(Lang::Ja),
            ..Default::default()
        };
        assert_eq!(
            per_year(&counts, &docs, &f),
            [("2020".into(), 3), ("2022".into(), 0), (NO_YEAR.into(), 1)]
        );
        assert_eq!(
            per_doc(&counts, &docs),
            [("a".into(), 3, "T a".into()), ("d".into(), 1, "T d".into())]
        );
    }
}
