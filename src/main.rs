//! The `polsearch` command: parses arguments and dispatches to [`cli`]; maps outcomes to
//! grep-like exit codes (0 matched, 1 nothing matched, 2 error) and ends quietly on a
//! closed pipe.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if cli::is_broken_pipe(&e) {
                return ExitCode::from(0);
            }
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("polsearch: error: {msg}");
            ExitCode::from(2)
        }
    }
}
