//! `polsearch man`: prints the manual page (roff, from clap_mangen) on stdout: the command's
//! synopsis and options, then one section per subcommand with its own options.

use super::EXIT_MATCH;
use anyhow::Context;
use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> anyhow::Result<u8> {
    let cmd = super::Cli::command();
    let mut out = Vec::new();
    render(&cmd, &mut out).context("cannot render the man page")?;
    super::write_stdout(&out)?;
    Ok(EXIT_MATCH)
}

/// The two lines roff output starts with (defining the `Aq` string).
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// The top-level page, then each subcommand as a section of its own (synopsis, description,
/// options), so one page documents every command.
fn render(cmd: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    let mut cmd = cmd.clone();
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("polsearch {}", sub.get_name());
        let page = clap_mangen::Man::new(sub.clone().bin_name(&name));
        let mut section = Vec::new();
        page.render_synopsis_section(&mut section)?;
        page.render_description_section(&mut section)?;
        page.render_options_section(&mut section)?;
        let text = String::from_utf8_lossy(&section)
            .replacen(
                ".SH SYNOPSIS",
                &format!(".SH \"{}\"", name.to_uppercase()),
                1,
            )
            .replacen(".SH DESCRIPTION\n", "", 1)
            .replacen(".SH OPTIONS", ".SS Options", 1);
        out.extend_from_slice(text.as_bytes());
    }
    man.render_version_section(out)?;
    // Each render call starts with roff's two-line preamble; the page has it once.
    let body = String::from_utf8_lossy(out).replace(PREAMBLE, "");
    *out = format!("{PREAMBLE}{body}").into_bytes();
    Ok(())
}
