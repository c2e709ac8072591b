//! The `polsearch` binary as a user runs it: index the shipped English chapter, search it,
//! expand a hit with `show`, and check exit codes and the JSON wire format.

mod common;

use common::{build_index, run, BIN, ROOT};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// An index of the shipped English chapter, built once per test run.
fn en_index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build_index("cli-en", "corpus/en"))
}

fn search_json(query: &str, extra: &[&str]) -> (Value, Output) {
    let idx = en_index().to_str().unwrap();
    let mut args = vec!["search", query, "--index", idx, "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (v, out)
}

fn source_lines() -> Vec<String> {
    std::fs::read_to_string(format!(
        "{ROOT}/corpus/en/mext-white-paper-2021-part2-ch5.txt"
    ))
    .unwrap()
    .lines()
    .map(str::to_string)
    .collect()
}

#[test]
fn satreps_hits_cite_lines_that_hold_the_word() {
    let (v, out) = search_json("SATREPS", &["--no-expand"]);
    assert_eq!(out.status.code(), Some(0));
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    let lines = source_lines();
    for h in hits {
        let (s, e) = (
            h["lines"]["start"].as_u64().unwrap() as usize,
            h["lines"]["end"].as_u64().unwrap() as usize,
        );
        let span = lines[s - 1..e].join("\n");
        assert!(span.contains("SATREPS"), "lines {s}-{e} lack SATREPS");
        let path: Vec<&str> = h["section_path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(path.iter().any(|p| p.starts_with("Section 6")), "{path:?}");
        // highlights point at the word
        let text = h["text"].as_str().unwrap();
        for hl in h["highlights"].as_array().unwrap() {
            let (bs, be) = (
                hl["byte_start"].as_u64().unwrap() as usize,
                hl["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[bs..be], "SATREPS");
        }
    }
}

#[test]
fn json_has_the_documented_keys() {
    let (v, _) = search_json("open innovation", &["--limit", "3"]);
    for k in [
        "schema", "query", "total", "offset", "limit", "warnings", "hits",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["schema"], "polsearch.search.v1");
    assert_eq!(v["hits"].as_array().unwrap().len(), 3);
    let h = &v["hits"][0];
    for k in [
        "rank",
        "score",
        "id",
        "document",
        "section_path",
        "paragraph",
        "lines",
        "text",
        "snippet",
        "highlights",
        "facets",
    ] {
        assert!(h.get(k).is_some(), "hit lacks {k}");
    }
    for k in ["id", "title", "path", "lang", "publisher", "year"] {
        assert!(h["document"].get(k).is_some(), "document lacks {k}");
    }
    for k in ["ministry", "fy", "program"] {
        assert!(h["facets"][k].is_array(), "facets lacks {k}");
    }
    assert_eq!(h["document"]["year"], 2021);
    assert_eq!(h["document"]["lang"], "en");
    let hl = &h["highlights"][0];
    for k in ["byte_start", "byte_end", "char_start", "char_end"] {
        assert!(hl.get(k).is_some(), "highlight lacks {k}");
    }
}

#[test]
fn large_limit_and_offset_page_through_every_hit() {
    let (all, _) = search_json("innovation", &["--limit", "10000"]);
    let total = all["total"].as_u64().unwrap() as usize;
    assert_eq!(all["hits"].as_array().unwrap().len(), total);
    let (page, _) = search_json("innovation", &["--limit", "5", "--offset", "5"]);
    assert_eq!(page["hits"][0]["id"], all["hits"][5]["id"]);
    assert_eq!(page["hits"][0]["rank"], 6);
}

#[test]
fn show_round_trips_an_id_from_json() {
    let (v, _) = search_json("Nanotech", &[]);
    // the passage citing the footnote (the footnote is a hit of its own too)
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "body")
        .unwrap();
    let id = hit["id"].as_str().unwrap().to_string();
    let out = run(&[
        "show",
        &id,
        "--context",
        "2",
        "--index",
        en_index().to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["passage"]["id"], id.as_str());
    let ctx = s["context"].as_array().unwrap();
    assert_eq!(ctx.len(), 5);
    assert!(ctx
        .iter()
        .any(|c| c["id"] == id.as_str() && c["offset"] == 0));
    assert_eq!(
        s["passage"]["footnotes"][0]["text"],
        "Nanotech Career-up Alliance"
    );
    // text form
    let out = run(&["show", &id, "--index", en_index().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("White Paper on Science and Technology 2021"));
    assert!(text.contains("CU PAL"));
}

#[test]
fn phrases_across_repaired_page_breaks_find_one_passage() {
    for q in [
        "\"In FY2018 the ministry started\"",
        "\"startup ecosystem and innovations, the Cabinet Office\"",
    ] {
        let (v, _) = search_json(q, &[]);
        assert_eq!(v["total"], 1, "{q}");
    }
}

#[test]
fn codes_are_found_whole_and_by_parts() {
    let (whole, _) = search_json("COI-NEXT", &[]);
    assert!(whole["total"].as_u64().unwrap() >= 1);
    let (part, _) = search_json("NEXT", &[]);
    assert!(part["total"].as_u64().unwrap() >= whole["total"].as_u64().unwrap());
    let (fy, _) = search_json("FY2020", &[]);
    let (spaced, _) = search_json("\"FY 2020\"", &[]);
    assert_eq!(fy["total"], spaced["total"]);
    let (astep, _) = search_json("A-STEP", &[]);
    assert!(astep["total"].as_u64().unwrap() >= 1);
}

#[test]
fn stemming_and_case_folding() {
    let (a, _) = search_json("startups", &[]);
    let (b, _) = search_json("STARTUP", &[]);
    assert_eq!(a["total"], b["total"]);
    assert!(a["total"].as_u64().unwrap() > 0);
}

#[test]
fn boolean_operators() {
    let (both, _) = search_json("MAFF JST", &[]);
    let (either, _) = search_json("MAFF OR JST", &[]);
    let (maff, _) = search_json("MAFF", &[]);
    let (not_jst, _) = search_json("MAFF -JST", &[]);
    let n = |v: &Value| v["total"].as_u64().unwrap();
    assert!(n(&both) <= n(&maff));
    assert!(n(&either) >= n(&maff));
    assert_eq!(n(&not_jst) + n(&both), n(&maff));
    let (grouped, _) = search_json("(MAFF OR JST) startup", &[]);
    assert!(n(&grouped) <= n(&either));
}

#[test]
fn headings_weigh_more_than_body_text() {
    // "Tsukuba Science City" is a heading; the passage under it ranks first.
    let (v, _) = search_json("Tsukuba", &[]);
    let first = &v["hits"][0];
    assert!(first["section_path"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s.as_str().unwrap().contains("Tsukuba Science City")));
    let (h, _) = search_json("heading:Tsukuba", &[]);
    assert!(h["total"].as_u64().unwrap() >= 1);
}

#[test]
fn lenient_queries_warn_instead_of_failing() {
    let (v, out) = search_json("\"open innovation", &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!v["warnings"].as_array().unwrap().is_empty());
    let (v, _) = search_json("(MEXT OR", &[]);
    assert!(!v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn exit_codes_follow_grep() {
    let idx = en_index().to_str().unwrap();
    assert_eq!(
        run(&["search", "SATREPS", "--index", idx]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["search", "zzyzxnonword", "--index", idx])
            .status
            .code(),
        Some(1)
    );
    let missing = run(&["search", "x", "--index", "/nonexistent/polsearch-index"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent/polsearch-index"));
    assert_eq!(run(&["search", "--limit", "x", "y"]).status.code(), Some(2));
    assert_eq!(
        run(&["show", "nosuch.id", "--index", idx]).status.code(),
        Some(1)
    );
    // A folder that is not a polsearch index is refused by name.
    let foreign = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-foreign-{}", std::process::id()));
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let out = run(&[
        "index",
        &format!("{ROOT}/corpus/en"),
        "--index",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        foreign.join("notes.txt").exists(),
        "never touches a foreign folder"
    );
    let _ = std::fs::remove_dir_all(&foreign);
}

#[test]
fn text_output_is_plain_when_piped_and_cites() {
    let out = run(&["search", "SATREPS", "--index", en_index().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\x1b'));
    assert!(text.contains("mext-white-paper-2021-part2-ch5.txt:418-418"));
    assert!(text.contains("Section 6"));
    assert!(text.contains("  1. ["));
}

#[test]
fn jsonl_is_one_hit_per_line_then_a_summary() {
    let out = run(&[
        "search",
        "MEXT",
        "--index",
        en_index().to_str().unwrap(),
        "--jsonl",
        "--limit",
        "4",
    ]);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[..4].iter().all(|l| l["type"] == "hit"));
    assert_eq!(lines[4]["type"], "summary");
    assert_eq!(lines[4]["schema"], "polsearch.search.v1");
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut child = Command::new(BIN)
        .args([
            "search",
            "the",
            "--limit",
            "10000",
            "--index",
            en_index().to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reindexing_keeps_ids_and_skips_unchanged_files() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-cli-re-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let idx = dir.join("index");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::copy(
        format!("{ROOT}/corpus/en/mext-white-paper-2021-part2-ch5.txt"),
        corpus.join("ch5.txt"),
    )
    .unwrap();
    let args = [
        "index",
        corpus.to_str().unwrap(),
        "--index",
        idx.to_str().unwrap(),
    ];
    assert_eq!(run(&args).status.code(), Some(0));
    let ids = |q: &str| {
        let out = run(&["search", q, "--index", idx.to_str().unwrap(), "--json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["hits"][0]["id"].as_str().unwrap().to_string()
    };
    let before = ids("SATREPS");
    let again = run(&args);
    assert!(String::from_utf8_lossy(&again.stderr).contains("1 unchanged"));
    assert_eq!(ids("SATREPS"), before);
    // A document without catalog metadata takes its title from its first heading.
    let out = run(&[
        "search",
        "SATREPS",
        "--index",
        idx.to_str().unwrap(),
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["hits"][0]["document"]["title"]
        .as_str()
        .unwrap()
        .starts_with("Chapter 5"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn filters_counts_and_aliases() {
    let n = |v: &Value| v["total"].as_u64().unwrap();
    let (meti, _) = search_json("", &["--ministry", "METI"]);
    let (meti_ja, _) = search_json("", &["--ministry", "経済産業省"]);
    let (meti_en, _) = search_json(
        "",
        &["--ministry", "Ministry of Economy, Trade and Industry"],
    );
    assert!(n(&meti) > 0);
    assert_eq!(n(&meti), n(&meti_ja));
    assert_eq!(n(&meti), n(&meti_en));
    // a filter alone lists passages in document order
    let lines: Vec<u64> = meti["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["lines"]["start"].as_u64().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    let (children, _) = search_json("", &["--ministry", "METI", "--include-children"]);
    assert!(n(&children) >= n(&meti));
    let (fy, _) = search_json("", &["--fy", "2019"]);
    let (fy_range, _) = search_json("", &["--fy", "2018..2020"]);
    assert!(n(&fy) > 0 && n(&fy_range) >= n(&fy));
    let (both, _) = search_json("startup", &["--ministry", "METI", "--fy", "2019..2020"]);
    assert!(n(&both) <= n(&meti));
    for h in both["hits"].as_array().unwrap() {
        let all: Vec<&Value> = h["facets"]["ministry"]
            .as_array()
            .unwrap()
            .iter()
            .chain(h["facets_inherited"]["ministry"].as_array().unwrap())
            .collect();
        assert!(all.iter().any(|m| *m == "meti"), "{h}");
    }
    let (prog, _) = search_json(
        "",
        &["--program", "地球規模課題対応国際科学技術協力プログラム"],
    );
    let (prog_en, _) = search_json("", &["--program", "SATREPS"]);
    assert!(n(&prog) > 0);
    assert_eq!(n(&prog), n(&prog_en));
    let (lang, _) = search_json("", &["--lang", "en", "--limit", "1"]);
    assert_eq!(lang["hits"][0]["document"]["lang"], "en");
    let (doc, _) = search_json("", &["--doc", "mext-wpst-2021-en-p2c5", "--limit", "1"]);
    assert!(n(&doc) > 50);
}

#[test]
fn unknown_filter_values_name_the_nearest_ids() {
    let idx = en_index().to_str().unwrap();
    let out = run(&["search", "x", "--ministry", "MEXTT", "--index", idx]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("MEXTT") && err.contains("mext"), "{err}");
    let out = run(&["search", "x", "--program", "SATREPZ", "--index", idx]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("satreps"));
}

#[test]
fn alias_expansion_is_reported_and_can_be_turned_off() {
    let (v, _) = search_json("SATREPS", &[]);
    let exp = &v["query"]["expansions"][0];
    assert_eq!(exp["term"], "SATREPS");
    assert!(exp["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "地球規模課題対応国際科学技術協力プログラム"));
    let (off, _) = search_json("SATREPS", &["--no-expand"]);
    assert!(off["query"]["expansions"].as_array().unwrap().is_empty());
    // an English full name finds the passage that only uses the acronym in its text
    let (full, _) = search_json("\"Center of Innovation\"", &[]);
    assert!(full["total"].as_u64().unwrap() >= 1);
}

#[test]
fn facet_counts_and_count_by_fy() {
    let (v, _) = search_json("innovation", &["--facets", "--limit", "1"]);
    let f = &v["facets"];
    assert!(f["ministry"]["mext"].as_u64().unwrap() >= 1);
    assert!(f["fy"].as_object().unwrap().len() > 1);
    let idx = en_index().to_str().unwrap();
    let out = run(&["count", "SATREPS", "--by", "fy", "--index", idx, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["by"], "fy");
    let years: Vec<&str> = c["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    // "From FY 2008 through FY 2020" in the SATREPS passage
    assert!(
        years.contains(&"2008") && years.contains(&"2020"),
        "{years:?}"
    );
    let out = run(&["count", "", "--by", "ministry", "--index", idx]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("mext"));
    let out = run(&["facets", "--kind", "program", "--index", idx, "--json"]);
    let f: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(f["facets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "satreps" && r["passages"].as_u64().unwrap() >= 1));
}

#[test]
fn a_changed_user_dictionary_asks_for_a_rebuild() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-cli-dict-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dict = dir.join("userdict.csv");
    std::fs::copy(format!("{ROOT}/data/userdict.csv"), &dict).unwrap();
    let idx = dir.join("index");
    let with_dict = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("POLSEARCH_USERDICT", &dict)
            .output()
            .unwrap()
    };
    let corpus = format!("{ROOT}/corpus/en");
    let idx_s = idx.to_str().unwrap();
    assert_eq!(
        with_dict(&["index", &corpus, "--index", idx_s])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        with_dict(&["search", "SATREPS", "--index", idx_s])
            .status
            .code(),
        Some(0)
    );
    let mut text = std::fs::read_to_string(&dict).unwrap();
    text.push_str("量子技術イノベーション戦略,名詞,リョウシギジュツイノベーションセンリャク\n");
    std::fs::write(&dict, text).unwrap();
    let out = with_dict(&["search", "SATREPS", "--index", idx_s]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--rebuild") && err.contains("user dictionary"),
        "{err}"
    );
    assert_eq!(
        with_dict(&["index", &corpus, "--index", idx_s, "--rebuild"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        with_dict(&["search", "SATREPS", "--index", idx_s])
            .status
            .code(),
        Some(0)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
