//! Filter arguments shared by `search`, `count`, `explain` and `cite --query`, and their
//! resolution against the registry the index was built with. `cite` takes the filters but
//! `--lang` ([`PlaceArgs`]), as its `--lang` chooses the citation's language.

use polsearch::facets::Registry;
use polsearch::index::PolIndex;
use polsearch::model::Lang;
use polsearch::search::facets::Scope;
use polsearch::search::filters::FilterSpec;
use polsearch::search::Filters;

#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// Only passages in this language (en, ja)
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    #[command(flatten)]
    pub place: PlaceArgs,
}

/// The filters but the language: document, ministry, fiscal year, program, scope.
#[derive(Debug, clap::Args)]
pub struct PlaceArgs {
    /// Only passages of this document id
    #[arg(long)]
    pub doc: Option<String>,
    /// Only passages about this ministry or agency (id, acronym or name, English or Japanese; repeatable: any)
    #[arg(long)]
    pub ministry: Vec<String>,
    /// With --ministry: also its children (JST under MEXT, JPO under METI…)
    #[arg(long)]
    pub include_children: bool,
    /// Only passages about this fiscal year or range (2019, 2018..2020)
    #[arg(long)]
    pub fy: Option<String>,
    /// Only passages about this program (acronym or name, English or Japanese; repeatable: any)
    #[arg(long)]
    pub program: Vec<String>,
    /// Which facet values count: mentioned in the passage, inherited from headings, or any
    #[arg(long, value_enum, default_value_t = ScopeArg::Any)]
    pub scope: ScopeArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ScopeArg {
    Any,
    Mentioned,
    Inherited,
}

pub fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language {s:?} (use en or ja)"))
}

impl FilterArgs {
    /// Resolves every value to registry ids; an unknown value is an error naming the nearest ids.
    pub fn resolve(&self, pol: &PolIndex, reg: &Registry) -> anyhow::Result<Filters> {
        self.place.resolve(pol, reg, self.lang)
    }
}

impl PlaceArgs {
    /// Resolves every value to registry ids (see [`FilterArgs::resolve`]), with `lang` as the
    /// language filter.
    pub fn resolve(
        &self,
        pol: &PolIndex,
        reg: &Registry,
        lang: Option<Lang>,
    ) -> anyhow::Result<Filters> {
        let spec = FilterSpec {
            lang,
            doc: self.doc.clone(),
            ministry: self.ministry.clone(),
            include_children: self.include_children,
            fy: self.fy.clone(),
            program: self.program.clone(),
            scope: match self.scope {
                ScopeArg::Any => Scope::Any,
                ScopeArg::Mentioned => Scope::Mentioned,
                ScopeArg::Inherited => Scope::Inherited,
            },
        };
        Ok(spec.resolve(pol, reg)?)
    }
}

/// How a query's words match, shared by the commands that run a query.
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// Do not expand registry aliases (SATREPS alone, not its full names)
    #[arg(long)]
    pub no_expand: bool,
    /// Match unquoted Japanese words loosely: their morphemes anywhere in the passage (as
    /// `~word` does for one word) instead of as written
    #[arg(long)]
    pub loose: bool,
}
