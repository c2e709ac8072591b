//! What an installed polsearch offers beyond searching: `--version` (with the index format),
//! shell completions, the man page, and a binary that works from any folder with the source
//! tree and the build folder out of reach (dictionaries and registry inside it).

mod common;

use common::{run, BIN};
use std::process::Command;

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn version_names_the_index_format() {
    let v = stdout(&["--version"]);
    assert_eq!(
        v.trim(),
        format!(
            "polsearch {} (index format {})",
            env!("CARGO_PKG_VERSION"),
            polsearch::index::FORMAT_VERSION
        )
    );
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef polsearch"),
        ("fish", "complete -c polsearch"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for sub in [
            "index", "search", "show", "count", "facets", "stats", "docs", "check",
        ] {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
        assert!(script.contains("no-expand"), "{shell}: no search options");
    }
}

#[test]
fn bash_completion_script_parses() {
    // bash is on every machine the CI runs on; skip quietly where it is not.
    let script = stdout(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("polsearch.bash");
    std::fs::write(&file, script).unwrap();
    match Command::new("bash").arg("-n").arg(&file).output() {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => eprintln!("bash not run ({e}); syntax not checked"),
    }
}

#[test]
fn unknown_shell_is_an_error() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tcsh"));
}

#[test]
fn man_page_documents_every_subcommand() {
    let page = stdout(&["man"]);
    assert!(page.contains("\n.TH polsearch 1 "), "{}", &page[..200]);
    assert_eq!(page.matches(".ds Aq").count(), 2, "one roff preamble");
    for section in ["NAME", "SYNOPSIS", "SUBCOMMANDS"] {
        assert!(page.contains(&format!(".SH {section}")), "no {section}");
    }
    for sub in [
        "INDEX", "SEARCH", "SHOW", "COUNT", "FACETS", "STATS", "DOCS", "CHECK",
    ] {
        assert!(
            page.contains(&format!(".SH \"POLSEARCH {sub}\"")),
            "no section for {sub}"
        );
    }
    // Options of subcommands, roff-escaped.
    assert!(page.contains("\\-\\-no\\-expand"), "search options missing");
    assert!(page.contains("\\-\\-rebuild"), "index options missing");
    assert!(page.contains(&format!(
        "index format {}",
        polsearch::index::FORMAT_VERSION
    )));
}

#[test]
fn man_page_renders_with_man_when_present() {
    let page = stdout(&["man"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("polsearch.1");
    std::fs::write(&file, page).unwrap();
    match Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("polsearch"), "{text}");
            assert!(!text.contains(".SH"), "unrendered roff: {text}");
        }
        Ok(out) => eprintln!(
            "man -l did not run ({}); rendering not checked",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => eprintln!("man not run ({e}); rendering not checked"),
    }
}

#[test]
fn help_lists_completions_and_man() {
    let help = stdout(&["--help"]);
    assert!(
        help.contains("completions") && help.contains("man"),
        "{help}"
    );
    let _ = BIN;
}
