//! Command-line interface: argument definitions and one function per subcommand.
//! Only the binary uses this module; everything it calls is the library's public API.

mod check_cmd;
mod cite_cmd;
mod completions_cmd;
mod count_cmd;
mod docs_cmd;
mod explain_cmd;
mod facets_cmd;
mod filters;
mod index_cmd;
mod man_cmd;
mod search_cmd;
mod show_cmd;
mod stats_cmd;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Exit code: something matched / all went well.
pub const EXIT_MATCH: u8 = 0;
/// Exit code: nothing matched (or some files were skipped while indexing).
pub const EXIT_NONE: u8 = 1;
/// Exit code: interrupted by Ctrl-C (128 + SIGINT); nothing was committed.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Full-text search over government policy documents (English and Japanese).
#[derive(Debug, Parser)]
#[command(name = "polsearch", version = version(), about, long_about = None)]
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
    /// Cite passages (by id, or the hits of --query) as text, BibTeX, CSL-JSON or RIS.
    Cite(cite_cmd::Args),
    /// Count matching passages per fiscal year, ministry or program.
    Count(count_cmd::Args),
    /// Explain a query: its terms and their analysis, and why its top hits matched.
    Explain(explain_cmd::Args),
    /// List the facet values present in the index, with counts, names and aliases.
    Facets(facets_cmd::Args),
    /// Documents, passages, languages, size on disk and when the index was last written.
    Stats(stats_cmd::Args),
    /// List the indexed documents (title, publisher, year, language, passages, path, hash).
    Docs(docs_cmd::Args),
    /// Compare the index with the corpus (missing, stale, orphaned) without changing anything.
    Check(check_cmd::Args),
    /// Print a shell completion script (bash, zsh, fish or powershell) on stdout.
    Completions(completions_cmd::Args),
    /// Print the manual page (roff) on stdout: `polsearch man | man -l -`.
    Man(man_cmd::Args),
}

/// The version `--version` prints: the crate's, and the index format this binary reads and
/// writes (an index of another format asks for `index --rebuild`).
fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (index format {})",
            env!("CARGO_PKG_VERSION"),
            polsearch::index::FORMAT_VERSION
        )
    })
}

/// Writes `bytes` to stdout and flushes (a closed pipe surfaces as an error the caller ends
/// quietly on).
fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// The `--index DIR` option every command shares.
#[derive(Debug, clap::Args)]
pub struct IndexArg {
    /// Index folder [default: index, or $POLSEARCH_INDEX]
    #[arg(long = "index", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl IndexArg {
    /// The index folder: the one given, else the default.
    pub fn path(self) -> PathBuf {
        self.dir.unwrap_or_else(default_index)
    }
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

/// Runs a parsed command line; returns the exit code. An interrupted index run prints its
/// one-line message and exits with [`EXIT_INTERRUPTED`].
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let result = match cli.command {
        Command::Index(a) => index_cmd::run(a),
        Command::Search(a) => search_cmd::run(a),
        Command::Show(a) => show_cmd::run(a),
        Command::Cite(a) => cite_cmd::run(a),
        Command::Count(a) => count_cmd::run(a),
        Command::Explain(a) => explain_cmd::run(a),
        Command::Facets(a) => facets_cmd::run(a),
        Command::Stats(a) => stats_cmd::run(a),
        Command::Docs(a) => docs_cmd::run(a),
        Command::Check(a) => check_cmd::run(a),
        Command::Completions(a) => completions_cmd::run(a),
        Command::Man(a) => man_cmd::run(a),
    };
    match result {
        Err(e) if is_interrupted(&e) => {
            eprintln!("polsearch: {}", polsearch::index::IndexError::Interrupted);
            Ok(EXIT_INTERRUPTED)
        }
        other => other,
    }
}

/// True when the error chain holds an interrupted index run.
fn is_interrupted(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<polsearch::index::IndexError>(),
            Some(polsearch::index::IndexError::Interrupted)
        )
    })
}

/// True when the error chain holds a broken pipe (the reader went away: `| head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
