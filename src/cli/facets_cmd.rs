//! `polsearch facets`: the facet values present in the index, with counts, names and aliases.

use super::{IndexArg, EXIT_MATCH, EXIT_NONE};
use polsearch::index::PolIndex;
use polsearch::wire::FacetKind;
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
    let kind = a.kind.map(|k| match k {
        Kind::Ministry => FacetKind::Ministry,
        Kind::Program => FacetKind::Program,
        Kind::Fy => FacetKind::Fy,
    });
    let v = polsearch::wire::facets(&pol, &reg, kind)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.json {
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for r in &v.facets {
            let kind = match r.kind {
                FacetKind::Ministry => "ministry",
                FacetKind::Program => "program",
                FacetKind::Fy => "fy",
            };
            writeln!(
                out,
                "{:<9} {} {:>6}  {}{}",
                kind,
                polsearch::render::pad(&r.id, 22),
                r.passages,
                r.name,
                if r.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.aliases.join(", "))
                }
            )?;
        }
    }
    out.flush()?;
    Ok(if v.facets.is_empty() {
        EXIT_NONE
    } else {
        EXIT_MATCH
    })
}
