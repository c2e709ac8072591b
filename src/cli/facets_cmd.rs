//! `polsearch facets`: the facet values present in the index, with counts, names and aliases.

use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::PolIndex;
use polsearch::model::Lang;
use polsearch::search::facets::FacetNames;
use polsearch::search::Filters;
use serde_json::{json, Value};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Ministry,
    Program,
    Fy,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this kind of facet
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    #[command(flatten)]
    index: IndexArg,
    /// Print JSON (schema polsearch.facets.v1)
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let index_path = a.index.path();
    let pol = PolIndex::open(&index_path)?;
    let reg = pol.registry()?;
    let (counts, _, _) = polsearch::search::count(&pol, None, "", &Filters::default(), false)?;
    let mut rows: Vec<Value> = Vec::new();
    let want = |k: Kind| a.kind.is_none() || a.kind == Some(k);
    let names = FacetNames::lookup(&pol, &reg, counts.ministry.keys(), counts.program.keys())?;
    if want(Kind::Ministry) {
        for (id, n) in &counts.ministry {
            let b = reg.body(id);
            rows.push(json!({
                "kind": "ministry", "id": id, "passages": n,
                "name": names.ministry_name(id, Lang::En),
                "names": names.ministry.get(id),
                "aliases": b.map(|b| b.acronyms.iter().chain(&b.name_ja).chain(&b.aliases).cloned().collect::<Vec<_>>()).unwrap_or_default(),
                "parent": b.and_then(|b| b.parent.clone()),
            }));
        }
    }
    if want(Kind::Program) {
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
                    .collect::<Vec<_>>(),
                None => names.acronyms.get(id).cloned().into_iter().collect(),
            };
            rows.push(json!({
                "kind": "program", "id": id, "passages": n,
                "name": names.program_name(id, Lang::En),
                "names": names.program.get(id),
                "aliases": aliases,
                "registry": p.is_some(),
            }));
        }
    }
    if want(Kind::Fy) {
        for (y, n) in &counts.fy {
            rows.push(json!({"kind": "fy", "id": y.to_string(), "passages": n, "name": format!("FY{y}"), "aliases": []}));
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.json {
        serde_json::to_writer(
            &mut out,
            &json!({"schema": "polsearch.facets.v1", "facets": rows}),
        )?;
        writeln!(out)?;
    } else {
        for r in &rows {
            let aliases: Vec<&str> = r["aliases"]
                .as_array()
                .map(|v| v.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            writeln!(
                out,
                "{:<9} {} {:>6}  {}{}",
                r["kind"].as_str().unwrap_or(""),
                polsearch::render::pad(r["id"].as_str().unwrap_or(""), 22),
                r["passages"],
                r["name"].as_str().unwrap_or(""),
                if aliases.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", aliases.join(", "))
                }
            )?;
        }
    }
    out.flush()?;
    Ok(if rows.is_empty() {
        EXIT_NONE
    } else {
        EXIT_MATCH
    })
}
