//! Mention timelines: matching passages per document and per document year (edition), from
//! the per-document counts of [`super::facets::FacetCollector`] and the documents' catalog
//! metadata. Depends on [`crate::index`] (document records) and [`super::Filters`].

use super::Filters;
use crate::index::DocRecord;
use std::collections::BTreeMap;

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
