//! `polsearch count`: matching passages per fiscal year, ministry, program, document year
//! (edition) or document, as a table, a bar chart (`--chart`) or JSON.

use super::filters::{FilterArgs, MatchArgs};
use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::facets::Registry;
use polsearch::index::PolIndex;
use polsearch::search::facets::{query_lang, FacetNames, Name};
use polsearch::search::timeline::{self, Key};
use polsearch::search::Filters;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
    /// What to count by (twice for a cross table: --by fy --by ministry)
    #[arg(long, value_enum, required = true)]
    by: Vec<By>,
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

impl By {
    fn key(self) -> Key {
        match self {
            By::Fy => Key::Fy,
            By::Ministry => Key::Ministry,
            By::Program => Key::Program,
            By::Year => Key::Year,
            By::Doc => Key::Doc,
        }
    }
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    if a.by.len() > 2 {
        anyhow::bail!("--by: at most two keys (got {})", a.by.len());
    }
    let index_path = a.index.dir.clone().unwrap_or_else(super::default_index);
    let pol = PolIndex::open(&index_path)?;
    let reg = pol.registry()?;
    let filters = a.filters.resolve(&pol, &reg)?;
    if a.by.len() == 2 {
        return run_cross(&a, &pol, &reg, &filters);
    }
    let by0 = a.by[0];
    let (counts, total, compiled) = polsearch::search::count(
        &pol,
        (!a.matching.no_expand).then_some(&*reg),
        &a.query,
        &filters,
        a.matching.loose,
    )?;
    let docs = match by0 {
        By::Year | By::Doc => pol.documents(&pol.reader()?.searcher())?,
        _ => Vec::new(),
    };
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    if by0 == By::Doc {
        titles = docs
            .iter()
            .map(|d| (d.meta.id.clone(), d.meta.title.clone()))
            .collect();
    }
    let rows = timeline::rows(&counts, by0.key(), &docs, &filters);
    let by = by0.key().name();
    let names = match by0 {
        By::Ministry => FacetNames::lookup(&pol, &reg, rows.iter().map(|r| &r.0), [])?,
        By::Program => FacetNames::lookup(&pol, &reg, [], rows.iter().map(|r| &r.0))?,
        _ => FacetNames::default(),
    };
    let lang = query_lang(&a.query, filters.lang);
    // (name in the query's language, names in both languages); none for fiscal years and
    // years; a document's title for documents.
    let name = |id: &str| -> Option<(String, Option<&Name>)> {
        match by0 {
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

/// Two keys: a cross table (first key down, second across; text), bars per pair (`--chart`),
/// or one JSON row per pair.
fn run_cross(a: &Args, pol: &PolIndex, reg: &Registry, filters: &Filters) -> anyhow::Result<u8> {
    let (k1, k2) = (a.by[0].key(), a.by[1].key());
    let docs = pol.documents(&pol.reader()?.searcher())?;
    let rg = (!a.matching.no_expand).then_some(reg);
    let (_, total, compiled) =
        polsearch::search::count(pol, rg, &a.query, filters, a.matching.loose)?;
    let pairs = timeline::cross(
        pol,
        rg,
        &a.query,
        filters,
        a.matching.loose,
        (k1, k2),
        &docs,
    )?;
    for w in &compiled.warnings {
        eprintln!("polsearch: warning: {w}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.json {
        let v = json!({
            "schema": "polsearch.count.v1",
            "query": {"text": a.query, "expansions": compiled.expansions},
            "by": [k1.name(), k2.name()],
            "total": total,
            "counts": pairs.iter().map(|(v1, v2, n)| json!({"values": [v1, v2], "passages": n})).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else if a.chart {
        let rows: Vec<(String, u64)> = pairs
            .iter()
            .map(|(v1, v2, n)| (format!("{v1} × {v2}"), *n))
            .collect();
        let unicode = polsearch::render::Style::detect().bold;
        let width = polsearch::render::chart_width();
        out.write_all(polsearch::render::bar_chart(&rows, width, unicode).as_bytes())?;
        writeln!(out, "({total} matching passages)")?;
    } else {
        out.write_all(polsearch::render::cross_table(k1.name(), &pairs).as_bytes())?;
        writeln!(out, "({total} matching passages)")?;
    }
    out.flush()?;
    Ok(if total > 0 { EXIT_MATCH } else { EXIT_NONE })
}
