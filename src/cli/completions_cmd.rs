//! `polsearch completions SHELL`: prints a shell completion script (clap_complete) for bash,
//! zsh, fish or PowerShell on stdout.

use super::EXIT_MATCH;
use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "polsearch", &mut out);
    super::write_stdout(&out)?;
    Ok(EXIT_MATCH)
}
