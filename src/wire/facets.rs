//! `polsearch.facets.v1`: the facet values present in an index, with counts, names and
//! aliases.
//!
//! Depends on [`crate::search`] (counting) and [`super`].

use super::SchemaName;
use crate::facets::Registry;
use crate::index::{IndexError, PolIndex};
use crate::model::Lang;
use crate::search::facets::{FacetNames, Name};
use crate::search::Filters;
use schemars::JsonSchema;
use serde::Serialize;

/// Schema name of [`FacetsOutput`].
pub const SCHEMA: SchemaName = "polsearch.facets.v1";

/// A kind of facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    /// Ministries and agencies.
    Ministry,
    /// Programs.
    Program,
    /// Fiscal years.
    Fy,
}

/// One facet value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FacetRow {
    /// Its kind.
    pub kind: FacetKind,
    /// The value: a registry id, a program id defined in text, or a fiscal year.
    pub id: String,
    /// Passages having it (mentioned or inherited).
    pub passages: u64,
    /// Its English name (else Japanese); `FY2019` for fiscal years.
    pub name: String,
    /// Its names in both languages (absent for fiscal years).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<Name>,
    /// Other names a filter accepts for it.
    pub aliases: Vec<String>,
    /// (ministries) the parent body's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Option<String>>,
    /// (programs) true when the registry knows it, false when only document text defines it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registry: Option<bool>,
}

/// `polsearch facets --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FacetsOutput {
    /// `polsearch.facets.v1`.
    pub schema: SchemaName,
    /// Every value, ministries first, then programs, then fiscal years.
    pub facets: Vec<FacetRow>,
}

/// The facet values of the index (of one kind, when given).
pub fn facets(
    pol: &PolIndex,
    reg: &Registry,
    kind: Option<FacetKind>,
) -> Result<FacetsOutput, IndexError> {
    let (counts, _, _) = crate::search::count(pol, None, "", &Filters::default(), false)?;
    let want = |k: FacetKind| kind.is_none_or(|x| x == k);
    let names = FacetNames::lookup(pol, reg, counts.ministry.keys(), counts.program.keys())?;
    let mut rows = Vec::new();
    if want(FacetKind::Ministry) {
        for (id, n) in &counts.ministry {
            let b = reg.body(id);
            rows.push(FacetRow {
                kind: FacetKind::Ministry,
                id: id.clone(),
                passages: *n,
                name: names.ministry_name(id, Lang::En),
                names: names.ministry.get(id).cloned(),
                aliases: b
                    .map(|b| {
                        b.acronyms
                            .iter()
                            .chain(&b.name_ja)
                            .chain(&b.aliases)
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default(),
                parent: Some(b.and_then(|b| b.parent.clone())),
                registry: None,
            });
        }
    }
    if want(FacetKind::Program) {
        for (id, n) in &counts.program {
            let p = reg.program(id);
            let aliases = match p {
                Some(p) => p
                    .acronyms
                    .iter()
                    .chain(&p.name_en)
                    .chain(&p.name_ja)
                    .chain(&p.aliases)
                    .cloned()
                    .collect(),
                None => names.acronyms.get(id).cloned().into_iter().collect(),
            };
            rows.push(FacetRow {
                kind: FacetKind::Program,
                id: id.clone(),
                passages: *n,
                name: names.program_name(id, Lang::En),
                names: names.program.get(id).cloned(),
                aliases,
                parent: None,
                registry: Some(p.is_some()),
            });
        }
    }
    if want(FacetKind::Fy) {
        for (y, n) in &counts.fy {
            rows.push(FacetRow {
                kind: FacetKind::Fy,
                id: y.to_string(),
                passages: *n,
                name: format!("FY{y}"),
                names: None,
                aliases: Vec::new(),
                parent: None,
                registry: None,
            });
        }
    }
    Ok(FacetsOutput {
        schema: SCHEMA,
        facets: rows,
    })
}
