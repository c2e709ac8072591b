//! Filters as a user writes them (`--ministry MEXT`, `ministry=文部科学省`, `fy=2018..2020`)
//! and their resolution to registry ids: the one place the CLI and the HTTP server turn
//! filter values into [`Filters`], so both accept the same values and reject the same ones
//! with the same message.
//!
//! Depends on [`super::facets`] (resolution against the registry) and [`super::count`] (the
//! program ids an index defines in its documents' text).

use super::facets::{
    parse_fy, resolve_ministry, resolve_program, FacetFilters, FilterError, Scope,
};
use super::Filters;
use crate::facets::Registry;
use crate::index::PolIndex;
use crate::model::Lang;

/// Filter values as given, before resolution.
///
/// ```
/// use polsearch::search::filters::FilterSpec;
/// let spec = FilterSpec { ministry: vec!["MEXT".into()], fy: Some("2018..2020".into()), ..Default::default() };
/// assert!(spec.fy.is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct FilterSpec {
    /// Only passages in this language.
    pub lang: Option<Lang>,
    /// Only passages of this document id.
    pub doc: Option<String>,
    /// Ministries (id, acronym or name, English or Japanese); any of them.
    pub ministry: Vec<String>,
    /// With `ministry`: also its children (JST under MEXT).
    pub include_children: bool,
    /// A fiscal year or range (`2019`, `2018..2020`, `FY2019`).
    pub fy: Option<String>,
    /// Programs (acronym or name, English or Japanese, or an id the index's documents
    /// define); any of them.
    pub program: Vec<String>,
    /// Which facet values count.
    pub scope: Scope,
}

impl FilterSpec {
    /// Resolves every value to registry ids; an unknown value is an error naming the
    /// parameter and the nearest known ids. Programs no registry knows are looked up among
    /// the programs the index's documents define.
    pub fn resolve(&self, pol: &PolIndex, reg: &Registry) -> Result<Filters, FilterError> {
        let mut facets = FacetFilters {
            scope: self.scope,
            ..Default::default()
        };
        for m in &self.ministry {
            for id in resolve_ministry(reg, m, self.include_children)? {
                if !facets.ministry.contains(&id) {
                    facets.ministry.push(id);
                }
            }
        }
        let mut known: Option<Vec<String>> = None;
        for p in &self.program {
            let id = match resolve_program(reg, p, &[]) {
                Ok(id) => id,
                Err(_) => {
                    let known = known.get_or_insert_with(|| {
                        super::count(pol, None, "", &Filters::default(), false)
                            .map(|(c, _, _)| c.program.into_keys().collect())
                            .unwrap_or_default()
                    });
                    resolve_program(reg, p, known)?
                }
            };
            if !facets.program.contains(&id) {
                facets.program.push(id);
            }
        }
        if let Some(fy) = &self.fy {
            facets.fy = Some(parse_fy(fy)?);
        }
        Ok(Filters {
            lang: self.lang,
            doc: self.doc.clone(),
            facets,
        })
    }
}
