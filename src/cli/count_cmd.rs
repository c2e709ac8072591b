//! `polsearch count`: matching passages per fiscal year, ministry or program.

use super::filters::FilterArgs;
use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::PolIndex;
use polsearch::search::facets::{query_lang, FacetNames, Name};
use serde_json::json;
use std::io::Write;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum By {
    Fy,
    Ministry,
    Program,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query (empty: every passage that passes the filters)
    #[arg(default_value = "", allow_hyphen_values = true)]
    query: String,
    /// What to count by
    #[arg(long, value_enum)]
    by: By,
    #[command(flatten)]
    filters: FilterArgs,
    /// Do not expand registry aliases
    #[arg(long)]
    no_expand: bool,
    /// Match unquoted Japanese words loosely: their morphemes anywhere in the passage (as
    /// `~word` does for one word) instead of as written
    #[arg(long)]
    loose: bool,
    #[command(flatten)]
    index: IndexArg,
    /// Print JSON (schema polsearch.count.v1)
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
    let pol = PolIndex::open(&index_path)?;
    let reg = pol.registry()?;
    let filters = a.filters.resolve(&pol, &reg)?;
    let (counts, total, compiled) = polsearch::search::count(
        &pol,
        (!a.no_expand).then_some(&*reg),
        &a.query,
        &filters,
        a.loose,
    )?;
    let rows: Vec<(String, u64)> = match a.by {
        By::Fy => counts.fy.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        By::Ministry => counts.ministry.into_iter().collect(),
        By::Program => counts.program.into_iter().collect(),
    };
    let by = match a.by {
        By::Fy => "fy",
        By::Ministry => "ministry",
        By::Program => "program",
    };
    let names = match a.by {
        By::Ministry => FacetNames::lookup(&pol, &reg, rows.iter().map(|r| &r.0), [])?,
        By::Program => FacetNames::lookup(&pol, &reg, [], rows.iter().map(|r| &r.0))?,
        By::Fy => FacetNames::default(),
    };
    let lang = query_lang(&a.query, filters.lang);
    // (name in the query's language, names in both languages); none for fiscal years.
    let name = |id: &str| -> Option<(String, &Name)> {
        match a.by {
            By::Ministry => Some((names.ministry_name(id, lang), names.ministry.get(id)?)),
            By::Program => Some((names.program_name(id, lang), names.program.get(id)?)),
            By::Fy => None,
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for w in &compiled.warnings {
        eprintln!("polsearch: warning: {w}");
    }
    if a.json {
        let v = json!({
            "schema": "polsearch.count.v1",
            "query": {"text": a.query, "expansions": compiled.expansions},
            "by": by,
            "total": total,
            "counts": rows.iter().map(|(k, n)| {
                let named = name(k);
                json!({
                    "value": k,
                    "name": named.as_ref().map(|x| &x.0),
                    "names": named.as_ref().map(|x| x.1),
                    "passages": n,
                })
            }).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{:<24} {:>8}", by, "passages")?;
        for (k, n) in &rows {
            let nm = name(k).map(|x| x.0).unwrap_or_default();
            writeln!(out, "{}", polsearch::render::named_row(k, *n, &nm))?;
        }
        writeln!(out, "{:<24} {:>8}", "(matching passages)", total)?;
    }
    out.flush()?;
    Ok(if total > 0 { EXIT_MATCH } else { EXIT_NONE })
}
