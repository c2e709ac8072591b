//! Facet values name themselves: every ministry and program value printed by `count`,
//! `facets`, `search --facets` and in hits carries a human-readable name, programs defined only
//! in a document's text get readable ids and the names their text gives them, and the names
//! table follows incremental indexing.

mod common;

use common::{run, s};
use serde_json::Value;
use std::path::{Path, PathBuf};

const EN: &str = "Section 1 Support for dementia care

In FY2022 the Ministry of Health, Labour and Welfare (MHLW) launched the Community Dementia Care Coordination Project (CDCCP), which places nurses trained in dementia care in municipal support centres.

By the end of fiscal 2023, 412 municipalities had joined CDCCP, and MEXT studied the results with SATREPS partners.

Outcomes are compared with data of the Organisation for Economic Co-operation and Development (OECD) and the International Telecommunication Union (ITU).
";

const JA: &str = "第1章　地域のデジタル化

総務省は、令和3年度から「地域デジタル基盤活用推進事業」を実施し、自治体による実証を支援している。

地域デジタル基盤活用推進事業では、令和４年度に26件の実証が採択された。
";

/// A fresh corpus (one English, one Japanese file) and the path of its index.
fn corpus(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-names-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("en")).unwrap();
    std::fs::create_dir_all(corpus.join("ja")).unwrap();
    std::fs::write(corpus.join("en/dementia.txt"), EN).unwrap();
    std::fs::write(corpus.join("ja/digital.txt"), JA).unwrap();
    (corpus, dir.join("index"))
}

fn index(corpus: &Path, idx: &Path) {
    let out = run(&["index", s(corpus), "--index", s(idx), "--quiet"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: bad JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn text(args: &[&str]) -> String {
    String::from_utf8(run(args).stdout).unwrap()
}

/// `value → name` of a `count --json` answer; every row must have a non-empty name.
fn count_names(v: &Value) -> Vec<(String, String)> {
    v["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = r["name"]
                .as_str()
                .unwrap_or_else(|| panic!("row without a name: {r}"));
            assert!(!name.is_empty(), "{r}");
            (r["value"].as_str().unwrap().to_string(), name.to_string())
        })
        .collect()
}

/// `count "" --by program --json` of an index, as `value → name`.
fn program_names(idx: &Path) -> Vec<(String, String)> {
    let args = ["count", "", "--by", "program", "--index", s(idx), "--json"];
    count_names(&json(&args))
}

/// The element of the array `rows` whose `key` is `id`.
fn row<'a>(rows: &'a Value, key: &str, id: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == id)
        .unwrap_or_else(|| panic!("no {key} {id} in {rows}"))
}

fn lookup<'a>(rows: &'a [(String, String)], id: &str) -> &'a str {
    &rows
        .iter()
        .find(|r| r.0 == id)
        .unwrap_or_else(|| panic!("no {id} in {rows:?}"))
        .1
}

#[test]
fn count_names_every_program_and_ministry() {
    let (c, idx) = corpus("count");
    index(&c, &idx);
    let v = json(&["count", "", "--by", "program", "--index", s(&idx), "--json"]);
    let rows = count_names(&v);
    // Defined in the text with an acronym: the acronym is the id, the defining words the name.
    assert_eq!(
        lookup(&rows, "cdccp"),
        "Community Dementia Care Coordination Project"
    );
    // Defined only in Japanese text: the name is its own id.
    assert_eq!(
        lookup(&rows, "地域デジタル基盤活用推進事業"),
        "地域デジタル基盤活用推進事業"
    );
    // A registry program: its registry name, in the query's language (English here).
    assert_eq!(
        lookup(&rows, "satreps"),
        "Science and Technology Research Partnership for Sustainable Development"
    );
    let sat = row(&v["counts"], "value", "satreps");
    assert_eq!(
        sat["names"]["ja"],
        "地球規模課題対応国際科学技術協力プログラム"
    );
    // Organisations in brackets are not programs.
    assert!(
        rows.iter().all(|r| r.0 != "oecd" && r.0 != "itu"),
        "{rows:?}"
    );
    // No opaque hash ids.
    assert!(rows.iter().all(|r| !r.0.starts_with("ja-")), "{rows:?}");

    let v = json(&[
        "count",
        "",
        "--by",
        "ministry",
        "--index",
        s(&idx),
        "--json",
    ]);
    let rows = count_names(&v);
    assert_eq!(
        lookup(&rows, "mic"),
        "Ministry of Internal Affairs and Communications"
    );
    // A Japanese query names values in Japanese.
    let v = json(&[
        "count",
        "実証",
        "--by",
        "ministry",
        "--index",
        s(&idx),
        "--json",
    ]);
    assert_eq!(lookup(&count_names(&v), "mic"), "総務省");

    let t = text(&["count", "", "--by", "program", "--index", s(&idx)]);
    assert!(
        t.contains("Community Dementia Care Coordination Project"),
        "{t}"
    );
    assert!(t.contains("地域デジタル基盤活用推進事業"), "{t}");
}

#[test]
fn facets_and_search_name_their_values() {
    let (c, idx) = corpus("facets");
    index(&c, &idx);
    let f = json(&["facets", "--index", s(&idx), "--json"]);
    for r in f["facets"].as_array().unwrap() {
        assert!(
            r["name"].as_str().is_some_and(|n| !n.is_empty()),
            "facet without a name: {r}"
        );
    }
    let cdccp = row(&f["facets"], "id", "cdccp");
    assert_eq!(
        cdccp["name"],
        "Community Dementia Care Coordination Project"
    );
    assert_eq!(cdccp["registry"], false);
    assert!(cdccp["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "CDCCP"));
    let t = text(&["facets", "--kind", "program", "--index", s(&idx)]);
    assert!(
        t.contains("Community Dementia Care Coordination Project"),
        "{t}"
    );

    // --facets: a name for every counted value, in JSON and in text.
    let all = ["--fy", "2021..2023", "--facets", "--index", s(&idx)];
    let v = json(&[&["search", "", "--json"], &all[..]].concat());
    for kind in ["ministry", "program"] {
        let counts = v["facets"][kind].as_object().unwrap();
        assert!(!counts.is_empty(), "no {kind} counted");
        for id in counts.keys() {
            let name = v["facet_names"][kind][id].as_str();
            assert!(
                name.is_some_and(|n| !n.is_empty()),
                "{kind} {id} has no name"
            );
        }
    }
    assert_eq!(
        v["facet_names"]["program"]["cdccp"],
        "Community Dementia Care Coordination Project"
    );
    let t = text(&[&["search", ""], &all[..]].concat());
    assert!(
        t.contains("Community Dementia Care Coordination Project")
            && t.contains("Ministry of Health, Labour and Welfare"),
        "{t}"
    );

    // Hits: every facet value of a hit is named, in the document's language.
    for h in v["hits"].as_array().unwrap() {
        let ja = h["document"]["lang"] == "ja";
        for kind in ["ministry", "program"] {
            for set in ["facets", "facets_inherited"] {
                for id in h[set][kind].as_array().unwrap() {
                    let name = h["facet_names"][kind][id.as_str().unwrap()].as_str();
                    assert!(
                        name.is_some_and(|n| !n.is_empty()),
                        "{kind} {id} unnamed: {h}"
                    );
                }
            }
        }
        if ja
            && h["facets"]["ministry"]
                .as_array()
                .unwrap()
                .contains(&"mic".into())
        {
            assert_eq!(h["facet_names"]["ministry"]["mic"], "総務省");
        }
    }
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();
    let shown = json(&["show", &id, "--index", s(&idx), "--json"]);
    assert!(shown["passage"]["facet_names"]["ministry"].is_object());
}

#[test]
fn text_defined_programs_filter_by_id_or_name() {
    let (c, idx) = corpus("filter");
    index(&c, &idx);
    let total = |p: &str| {
        json(&["search", "", "--program", p, "--index", s(&idx), "--json"])["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total("地域デジタル基盤活用推進事業"), 2);
    assert_eq!(total("cdccp"), 2);
    assert_eq!(total("CDCCP"), 2);
}

#[test]
fn the_names_table_follows_incremental_indexing() {
    let (c, idx) = corpus("sync");
    index(&c, &idx);
    let programs = || program_names(&idx);
    assert!(programs().iter().any(|r| r.0 == "cdccp"));
    // A program renamed in its document: the new name replaces the old one.
    std::fs::write(
        c.join("ja/digital.txt"),
        JA.replace("地域デジタル基盤活用推進事業", "地域データ連携推進事業"),
    )
    .unwrap();
    // The document that defined CDCCP is gone: so is its program.
    std::fs::remove_file(c.join("en/dementia.txt")).unwrap();
    index(&c, &idx);
    let rows = programs();
    assert!(rows.iter().all(|r| r.0 != "cdccp"), "{rows:?}");
    assert!(
        rows.iter().all(|r| r.0 != "地域デジタル基盤活用推進事業"),
        "{rows:?}"
    );
    assert_eq!(
        lookup(&rows, "地域データ連携推進事業"),
        "地域データ連携推進事業"
    );
    // Back again: named again.
    std::fs::write(c.join("en/dementia.txt"), EN).unwrap();
    index(&c, &idx);
    assert_eq!(
        lookup(&programs(), "cdccp"),
        "Community Dementia Care Coordination Project"
    );
}

#[test]
fn an_index_without_names_asks_for_a_rebuild() {
    let (c, idx) = corpus("format");
    index(&c, &idx);
    // Format 1 kept no names table.
    let marker = idx.join("polsearch.json");
    let m = std::fs::read_to_string(&marker).unwrap();
    let mut v: Value = serde_json::from_str(&m).unwrap();
    v["version"] = 1.into();
    std::fs::write(&marker, v.to_string()).unwrap();
    let out = run(&["count", "", "--by", "program", "--index", s(&idx)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--rebuild"));
    let out = run(&["index", s(&c), "--index", s(&idx), "--rebuild", "--quiet"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!program_names(&idx).is_empty());
}

#[test]
fn many_text_defined_programs_are_all_named() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-names-many-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let mut doc = String::from("第1章　地域の事業\n\n");
    for i in 0..300 {
        doc.push_str(&format!("総務省は「地域番号{i}推進事業」を実施した。\n\n"));
    }
    std::fs::write(corpus.join("many.txt"), doc).unwrap();
    let idx = dir.join("index");
    index(&corpus, &idx);
    let rows = program_names(&idx);
    assert_eq!(rows.len(), 300, "{rows:?}");
    assert_eq!(lookup(&rows, "地域番号7推進事業"), "地域番号7推進事業");
    assert!(rows.iter().all(|(id, name)| id == name), "{rows:?}");
}

#[test]
fn programs_found_by_acronym_in_the_shipped_white_paper_are_named() {
    let idx = common::build_index("names-ja", "corpus/ja");
    // --lang ja: every passage, names in Japanese.
    let v = json(&[
        "count",
        "",
        "--by",
        "program",
        "--lang",
        "ja",
        "--index",
        s(&idx),
        "--json",
    ]);
    let rows = count_names(&v);
    for (id, name) in [
        ("aspire", "先端国際共同研究推進事業/プログラム"),
        ("fp7", "EUの研究・技術開発フレームワーク・プログラム"),
        ("gtex", "革新的GX技術創出事業"),
        ("satreps", "地球規模課題対応国際科学技術協力プログラム"),
    ] {
        assert_eq!(lookup(&rows, id), name, "{id}");
    }
    assert!(
        rows.iter().all(|(id, _)| !id.starts_with("ja-")),
        "{rows:?}"
    );
}
