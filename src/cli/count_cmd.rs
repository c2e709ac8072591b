//! `polsearch count`: matching passages per fiscal year, ministry, program, document year
//! (edition) or document, as a table, a bar chart (`--chart`) or JSON.

use super::filters::{FilterArgs, MatchArgs};
use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::PolIndex;
use polsearch::search::facets::{query_lang, FacetNames, Name};
use polsearch::search::timeline;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum By {
    Fy,
    Ministry,
    Program,
    Year,
    Doc,
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
    #[command(flatten)]
    matching: MatchArgs,
    #[command(flatten)]
    index: IndexArg,
    /// Print a horizontal bar chart (Unicode blocks on a terminal; ASCII when piped or with NO_COLOR)
    #[arg(long, conflicts_with = "json")]
    chart: bool,
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
        (!a.matching.no_expand).then_some(&*reg),
        &a.query,
        &filters,
        a.matching.loose,
    )?;
    let docs = match a.by {
        By::Year | By::Doc => pol.documents(&pol.reader()?.searcher())?,
        _ => Vec::new(),
    };
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    let rows: Vec<(String, u64)> = match a.by {
        By::Fy => counts.fy.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        By::Ministry => counts.ministry.into_iter().collect(),
        By::Program => counts.program.into_iter().collect(),
        By::Year => timeline::per_year(&counts.doc, &docs, &filters),
        By::Doc => timeline::per_doc(&counts.doc, &docs)
            .into_iter()
            .map(|(id, n, title)| {
                titles.insert(id.clone(), title);
                (id, n)
            })
            .collect(),
    };
    let by = match a.by {
        By::Fy => "fy",
        By::Ministry => "ministry",
        By::Program => "program",
        By::Year => "year",
        By::Doc => "doc",
    };
    let names = match a.by {
        By::Ministry => FacetNames::lookup(&pol, &reg, rows.iter().map(|r| &r.0), [])?,
        By::Program => FacetNames::lookup(&pol, &reg, [], rows.iter().map(|r| &r.0))?,
        _ => FacetNames::default(),
    };
    let lang = query_lang(&a.query, filters.lang);
    // (name in the query's language, names in both languages); none for fiscal years and
    // years; a document's title for documents.
    let name = |id: &str| -> Option<(String, Option<&Name>)> {
        match a.by {
            By::Ministry => Some((names.ministry_name(id, lang), Some(names.ministry.get(id)?))),
            By::Program => Some((names.program_name(id, lang), Some(names.program.get(id)?))),
            By::Doc => Some((titles.get(id)?.clone(), None)),
            By::Fy | By::Year => None,
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
                    "names": named.as_ref().and_then(|x| x.1),
                    "passages": n,
                })
            }).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else if a.chart {
        let unicode = polsearch::render::Style::detect().bold;
        let width = polsearch::render::chart_width();
        out.write_all(polsearch::render::bar_chart(&rows, width, unicode).as_bytes())?;
        writeln!(out, "({total} matching passages)")?;
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
