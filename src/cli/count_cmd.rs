//! `polsearch count`: matching passages per fiscal year, ministry, program, document year
//! (edition) or document, as a table, a bar chart (`--chart`) or JSON.

use super::filters::{FilterArgs, MatchArgs};
use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::PolIndex;
use polsearch::search::timeline::Key;
use polsearch::wire::count::CountRow;
use polsearch::wire::CountRequest;
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
    let req = CountRequest {
        query: a.query.clone(),
        by: a.by.iter().map(|b| b.key()).collect(),
        filters: a.filters.resolve(&pol, &reg)?,
        expand: !a.matching.no_expand,
        loose: a.matching.loose,
    };
    let v = polsearch::wire::count(&pol, &reg, &req)?;
    for w in &v.warnings {
        eprintln!("polsearch: warning: {w}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let total = v.total;
    // (label, passages) per row, for the bar chart.
    let rows: Vec<(String, u64)> = v
        .counts
        .iter()
        .map(|r| match r {
            CountRow::One {
                value, passages, ..
            } => (value.clone(), *passages),
            CountRow::Two { values, passages } => {
                (format!("{} × {}", values[0], values[1]), *passages)
            }
        })
        .collect();
    if a.json {
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else if a.chart {
        let unicode = polsearch::render::Style::detect().bold;
        let width = polsearch::render::chart_width();
        out.write_all(polsearch::render::bar_chart(&rows, width, unicode).as_bytes())?;
        writeln!(out, "({total} matching passages)")?;
    } else if let [k1, _] = req.by.as_slice() {
        let pairs: Vec<(String, String, u64)> = v
            .counts
            .iter()
            .filter_map(|r| match r {
                CountRow::Two { values, passages } => {
                    Some((values[0].clone(), values[1].clone(), *passages))
                }
                CountRow::One { .. } => None,
            })
            .collect();
        out.write_all(polsearch::render::cross_table(k1.name(), &pairs).as_bytes())?;
        writeln!(out, "({total} matching passages)")?;
    } else {
        writeln!(out, "{:<24} {:>8}", req.by[0].name(), "passages")?;
        for r in &v.counts {
            if let CountRow::One {
                value,
                name,
                passages,
                ..
            } = r
            {
                let nm = name.as_deref().unwrap_or_default();
                writeln!(
                    out,
                    "{}",
                    polsearch::render::named_row(value, *passages, nm)
                )?;
            }
        }
        writeln!(out, "{:<24} {:>8}", "(matching passages)", total)?;
    }
    out.flush()?;
    Ok(if total > 0 { EXIT_MATCH } else { EXIT_NONE })
}
