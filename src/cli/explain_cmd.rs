//! `polsearch explain`: what a query became and why its top hits matched (computed by
//! [`polsearch::search::explain`]).

use super::filters::{FilterArgs, MatchArgs};
use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::PolIndex;
use polsearch::search::explain::explain;
use polsearch::search::SearchRequest;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query (as for `search`)
    #[arg(default_value = "", allow_hyphen_values = true)]
    query: String,
    /// Number of top hits to explain
    #[arg(long, short = 'n', default_value_t = 5)]
    limit: usize,
    #[command(flatten)]
    filters: FilterArgs,
    #[command(flatten)]
    matching: MatchArgs,
    #[command(flatten)]
    index: IndexArg,
    /// Print JSON (schema polsearch.explain.v1)
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let pol = PolIndex::open(&a.index.path())?;
    let reg = pol.registry()?;
    let req = SearchRequest {
        query: a.query,
        limit: a.limit,
        filters: a.filters.resolve(&pol, &reg)?,
        expand: !a.matching.no_expand,
        loose: a.matching.loose,
        ..Default::default()
    };
    let e = explain(&pol, &reg, &req)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.json {
        serde_json::to_writer(&mut out, &polsearch::wire::ExplainOutput::from(&e))?;
        writeln!(out)?;
    } else {
        e.write_text(&mut out)?;
    }
    out.flush()?;
    Ok(if e.total > 0 { EXIT_MATCH } else { EXIT_NONE })
}
