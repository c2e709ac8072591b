//! Mention timelines on a small corpus with known counts: `count --by year` (every edition,
//! 0 where nothing matched), `count --by doc`, and `--chart` for every `--by`.

mod common;

use common::{run, s};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Three editions of a Japanese white paper (テレワーク in 2, 0 and 3 paragraphs) and an
/// English report of 2022.
fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("polsearch-timeline-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let corpus = root.join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let para = |n: usize, word: &str| -> String {
            (0..n)
                .map(|i| format!("第{i}の取組として{word}の導入を進めた。\n\n"))
                .collect()
        };
        let files = [
            ("wp2020.txt", format!("{}{}", para(2, "テレワーク"), para(1, "会議"))),
            ("wp2021.txt", para(3, "会議")),
            ("wp2022.txt", para(3, "テレワーク")),
            (
                "report2022.txt",
                "Telework spread in 2022.\n\nOffices reopened.\n".to_string(),
            ),
        ];
        let mut catalog = String::new();
        for (i, (name, text)) in files.iter().enumerate() {
            std::fs::write(corpus.join(name), text).unwrap();
            let (year, lang) = match *name {
                "wp2020.txt" => (2020, "ja"),
                "wp2021.txt" => (2021, "ja"),
                "wp2022.txt" => (2022, "ja"),
                _ => (2022, "en"),
            };
            catalog.push_str(&format!(
                "[[document]]\npath = \"{name}\"\nid = \"doc{i}\"\ntitle = \"Document {i}\"\nyear = {year}\nlang = \"{lang}\"\n\n"
            ));
        }
        std::fs::write(corpus.join("catalog.toml"), catalog).unwrap();
        let dir = root.join("index");
        let out = run(&["index", s(&corpus), "--index", s(&dir), "--quiet"]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        dir
    })
}

fn count_json(query: &str, extra: &[&str]) -> Value {
    let mut args = vec!["count", query, "--index", s(index()), "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn rows(v: &Value) -> Vec<(String, u64)> {
    v["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["value"].as_str().unwrap().to_string(),
                r["passages"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn by_year_lists_every_edition() {
    let v = count_json("テレワーク", &["--by", "year"]);
    assert_eq!(v["by"], "year");
    assert_eq!(v["total"], 5);
    let want = [("2020", 2), ("2021", 0), ("2022", 3)];
    let got = rows(&v);
    assert_eq!(
        got,
        want.map(|(y, n)| (y.to_string(), n)),
        "2021 is an edition without a mention"
    );
    // English and Japanese together: the 2022 report adds to 2022
    let v = count_json("テレワーク OR telework", &["--by", "year"]);
    assert_eq!(rows(&v)[2], ("2022".to_string(), 4));
    // --lang keeps the editions of that language only
    let v = count_json("telework", &["--by", "year", "--lang", "en"]);
    assert_eq!(rows(&v), [("2022".to_string(), 1)]);
}

#[test]
fn by_doc_names_each_document() {
    let v = count_json("テレワーク", &["--by", "doc"]);
    let r = &v["counts"];
    assert_eq!(rows(&v), [("doc0".to_string(), 2), ("doc2".to_string(), 3)]);
    assert_eq!(r[0]["name"], "Document 0");
}

#[test]
fn charts_draw_bars_in_proportion() {
    let out = Command::new(common::BIN)
        .args([
            "count",
            "テレワーク",
            "--by",
            "year",
            "--chart",
            "--index",
            s(index()),
        ])
        .env("NO_COLOR", "1")
        .env("COLUMNS", "40")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // label 4, count 1, bar 40 - 4 - 1 - 3 = 32 columns for the largest count, ASCII (piped)
    assert_eq!(lines[0], format!("2020 2 {}", "#".repeat(21)), "{text}");
    assert_eq!(lines[1], "2021 0");
    assert_eq!(lines[2], format!("2022 3 {}", "#".repeat(32)));
    assert_eq!(lines[3], "(5 matching passages)");
    // every --by draws
    for by in ["fy", "ministry", "program", "doc"] {
        let out = run(&["count", "", "--by", by, "--chart", "--index", s(index())]);
        assert_eq!(out.status.code(), Some(0), "{by}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains('█'),
            "{by}: piped is ASCII"
        );
    }
    // --chart and --json do not go together
    let out = run(&[
        "count",
        "x",
        "--by",
        "year",
        "--chart",
        "--json",
        "--index",
        s(index()),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn two_keys_give_a_cross_table_and_one_json_row_per_pair() {
    let v = count_json("テレワーク OR telework", &["--by", "year", "--by", "doc"]);
    assert_eq!(v["by"], serde_json::json!(["year", "doc"]));
    let pairs: Vec<(String, String, u64)> = v["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["values"][0].as_str().unwrap().to_string(),
                r["values"][1].as_str().unwrap().to_string(),
                r["passages"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("2020", "doc0", 2),
        ("2022", "doc2", 3),
        ("2022", "doc3", 1),
    ];
    assert_eq!(
        pairs,
        want.map(|(a, b, n)| (a.to_string(), b.to_string(), n))
    );
    let out = run(&[
        "count",
        "テレワーク OR telework",
        "--by",
        "year",
        "--by",
        "doc",
        "--index",
        s(index()),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "year  doc0  doc2  doc3\n2020     2\n2022           3     1\n(6 matching passages)\n"
    );
    // three keys, or a first key that is also a filter: one-line errors
    for extra in [["--by", "year"], ["--fy", "2020"]] {
        let mut args = vec![
            "count",
            "x",
            "--by",
            "fy",
            "--by",
            "doc",
            "--index",
            s(index()),
        ];
        args.extend(extra);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
}
