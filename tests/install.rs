//! What an installed polsearch offers beyond searching: `--version` (with the index format),
//! shell completions, the man page, and a binary that works from any folder with the source
//! tree and the build folder out of reach (dictionaries and registry inside it).

mod common;

use common::{run, BIN, ROOT};
use std::path::Path;
use std::process::Command;

/// Asserts exit code 0, showing stderr otherwise.
fn succeeded(out: &std::process::Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    succeeded(&out);
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

/// A Japanese document naming a registry program by its Japanese name only.
const JA_DOC: &str = "# 国際協力\n\n文部科学省は、令和2年度から地球規模課題対応国際科学技術協力プログラムを推進している。\n";

/// Runs `bin` in `dir` with nothing of the build's environment: no `POLSEARCH_*`, no cargo
/// variables, `HOME` and the cache folder in `home`.
fn run_isolated(bin: &Path, dir: &Path, home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run the copied binary")
}

fn ok(out: &std::process::Output) -> serde_json::Value {
    succeeded(out);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn copied_binary_indexes_and_searches_japanese_from_any_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin").join("polsearch");
    let home = tmp.path().join("home");
    let work = tmp.path().join("work");
    for d in [bin.parent().unwrap(), &home, &work.join("docs")] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::copy(BIN, &bin).unwrap();
    std::fs::write(work.join("docs").join("kokusai.md"), JA_DOC).unwrap();

    let out = run_isolated(
        &bin,
        &work,
        &home,
        &["index", "docs", "--index", "idx", "--quiet"],
    );
    succeeded(&out);
    // A word as written, found through the morpheme field the built-in IPADIC fills.
    let v = ok(&run_isolated(
        &bin,
        &work,
        &home,
        &["search", "推進", "--index", "idx", "--json"],
    ));
    assert_eq!(v["total"], 1, "{v}");
    // The built-in registry: SATREPS expands to its Japanese name, MEXT filters.
    let v = ok(&run_isolated(
        &bin,
        &work,
        &home,
        &[
            "search",
            "SATREPS",
            "--ministry",
            "MEXT",
            "--index",
            "idx",
            "--json",
        ],
    ));
    assert_eq!(v["total"], 1, "{v}");
    // Loose search splits the word into the morphemes of the built-in dictionaries
    // (令和 is a user-dictionary word).
    let v = ok(&run_isolated(
        &bin,
        &work,
        &home,
        &["search", "~令和推進", "--index", "idx", "--json"],
    ));
    assert_eq!(v["total"], 1, "{v}");
    // The built-in user dictionary is data/userdict.csv: naming the file gives the same
    // fingerprint, so the index still opens.
    let out = Command::new(&bin)
        .args(["search", "推進", "--index", "idx", "--json"])
        .current_dir(&work)
        .env_clear()
        .env("HOME", &home)
        .env("POLSEARCH_USERDICT", format!("{ROOT}/data/userdict.csv"))
        .output()
        .unwrap();
    assert_eq!(ok(&out)["total"], 1);
}

#[test]
fn binary_names_neither_the_build_folder_nor_the_user_dictionary_file() {
    let bytes = std::fs::read(BIN).unwrap();
    // regex is built optimised (this test is not): a plain scan of the binary takes minutes.
    let holds = |s: &str| {
        regex::bytes::Regex::new(&regex::escape(s))
            .unwrap()
            .is_match(&bytes)
    };
    let out_dir = env!("OUT_DIR");
    assert!(!holds(out_dir), "the binary names {out_dir}");
    let userdict = format!("{ROOT}/data/userdict.csv");
    assert!(!holds(&userdict), "the binary names {userdict}");
}

#[test]
fn another_system_dictionary_asks_for_a_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("idx");
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("kokusai.md"), JA_DOC).unwrap();
    // A copy of the built dictionary whose metadata differs by one byte.
    let dict = tmp.path().join("ipadic");
    std::fs::create_dir_all(&dict).unwrap();
    for e in std::fs::read_dir(concat!(env!("OUT_DIR"), "/ipadic")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dict.join(e.file_name())).unwrap();
    }
    let with = |dict: Option<&Path>, args: &[&str]| {
        let mut c = Command::new(BIN);
        c.args(args)
            .env_remove("POLSEARCH_DICT")
            .env_remove("POLSEARCH_USERDICT");
        if let Some(d) = dict {
            c.env("POLSEARCH_DICT", d);
        }
        c.output().unwrap()
    };
    let (d, i) = (docs.to_str().unwrap(), idx.to_str().unwrap());
    succeeded(&with(None, &["index", d, "--index", i]));
    // An identical copy is the same dictionary.
    let out = with(Some(&dict), &["search", "推進", "--index", i]);
    succeeded(&out);
    let meta = dict.join("metadata.json");
    let mut text = std::fs::read_to_string(&meta).unwrap();
    text.push('\n');
    std::fs::write(&meta, text).unwrap();
    let out = with(Some(&dict), &["search", "推進", "--index", i]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--rebuild") && err.contains("system dictionary") && err.lines().count() == 1,
        "{err}"
    );
    // Rebuilt with it, the index opens again.
    succeeded(&with(Some(&dict), &["index", d, "--index", i, "--rebuild"]));
    let out = with(Some(&dict), &["search", "推進", "--index", i]);
    succeeded(&out);
}
