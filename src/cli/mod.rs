//! Command-line interface: argument definitions and one function per subcommand.
//! Only the binary uses this module; everything it calls is the library's public API.

mod count_cmd;
mod facets_cmd;
mod filters;
mod index_cmd;
mod search_cmd;
mod show_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Exit code: something matched / all went well.
pub const EXIT_MATCH: u8 = 0;
/// Exit code: nothing matched (or some files were skipped while indexing).
pub const EXIT_NONE: u8 = 1;

/// Full-text search over government policy documents (English and Japanese).
#[derive(Debug, Parser)]
#[command(name = "polsearch", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index files and folders (incremental: unchanged files are skipped).
    Index(index_cmd::Args),
    /// Search the index and print ranked passages with citations.
    Search(search_cmd::Args),
    /// Print a passage with its citation and neighbouring paragraphs.
    Show(show_cmd::Args),
    /// Count matching passages per fiscal year, ministry or program.
    Count(count_cmd::Args),
    /// List the facet values present in the index, with counts, names and aliases.
    Facets(facets_cmd::Args),
}

/// Where the index lives unless `--index` says otherwise.
pub fn default_index() -> PathBuf {
    std::env::var_os("POLSEARCH_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("index"))
}

/// The corpus indexed when no path is given.
pub fn default_corpus() -> PathBuf {
    PathBuf::from("corpus")
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Index(a) => index_cmd::run(a),
        Command::Search(a) => search_cmd::run(a),
        Command::Show(a) => show_cmd::run(a),
        Command::Count(a) => count_cmd::run(a),
        Command::Facets(a) => facets_cmd::run(a),
    }
}

/// True when the error chain holds a broken pipe (the reader went away: `| head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
