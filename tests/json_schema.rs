//! The JSON Schemas in `docs/schema/` are generated from the wire types (`polsearch::wire`)
//! and must match them (regenerate with `POLSEARCH_BLESS=1 cargo test --test json_schema`),
//! and every `--json` / `--jsonl` output the CLI prints validates against its schema.

mod common;

use common::{build_index, run, s, ROOT};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

fn schema_dir() -> PathBuf {
    PathBuf::from(ROOT).join("docs/schema")
}

fn file_name(name: &str) -> String {
    format!("{name}.schema.json")
}

#[test]
fn schema_files_match_the_wire_types() {
    let bless = std::env::var_os("POLSEARCH_BLESS").is_some();
    let mut stale = Vec::new();
    let mut expected_files = Vec::new();
    for (name, schema) in polsearch::wire::schemas() {
        let path = schema_dir().join(file_name(name));
        expected_files.push(file_name(name));
        let text = serde_json::to_string_pretty(&schema).expect("schema to JSON") + "\n";
        if bless {
            std::fs::create_dir_all(schema_dir()).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "out of date (regenerate with POLSEARCH_BLESS=1 cargo test --test json_schema): {stale:?}"
    );
    // No schema file without a wire type behind it.
    let mut present: Vec<String> = std::fs::read_dir(schema_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    present.sort();
    expected_files.sort();
    assert_eq!(present, expected_files);
}

fn validator(name: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(schema_dir().join(file_name(name))).expect("schema file"),
    )
    .expect("schema JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn index() -> &'static PathBuf {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| build_index("json-schema", "corpus"))
}

/// Runs polsearch with `args` and the test index, and returns stdout (exit 0 or 1 expected).
fn output(args: &[&str]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--index", s(index())]);
    let out = run(&all);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn assert_valid(name: &str, v: &Value, what: &str) {
    let errors: Vec<String> = validator(name)
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} against {name}: {errors:?}");
    assert_eq!(
        v.get("schema").and_then(Value::as_str).unwrap_or(name),
        name
    );
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&output(args)).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
}

#[test]
fn search_outputs_validate() {
    for q in [
        vec!["search", "SATREPS", "--json", "--facets"],
        vec!["search", "科学技術", "--json", "-n", "5"],
        vec!["search", "総務省", "--json", "--fy", "2020", "--lang", "ja"],
        vec!["search", "nothing-matches-this-zzqx", "--json"],
    ] {
        let v = json(&q);
        assert_valid("polsearch.search.v1", &v, &format!("{q:?}"));
    }
    let v = json(&["search", "SATREPS", "--json", "-n", "1"]);
    assert!(v["hits"][0]["citation"].is_string());
    // A hit missing a key, or with a wrong type, must fail validation.
    let mut broken = v.clone();
    broken["hits"][0]
        .as_object_mut()
        .unwrap()
        .remove("citation");
    assert!(!validator("polsearch.search.v1").is_valid(&broken));
    let mut broken = v;
    broken["total"] = "many".into();
    assert!(!validator("polsearch.search.v1").is_valid(&broken));
}

#[test]
fn search_jsonl_lines_validate() {
    let text = output(&["search", "SATREPS", "--jsonl", "-n", "3", "--facets"]);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 4);
    let val = validator("polsearch.search-line.v1");
    for (i, l) in lines.iter().enumerate() {
        let errors: Vec<String> = val.iter_errors(l).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "line {i}: {errors:?}");
    }
    assert_eq!(lines[3]["type"], "summary");
    assert_eq!(lines[0]["type"], "hit");
}

#[test]
fn show_count_facets_docs_stats_check_explain_validate() {
    let hit = json(&["search", "SATREPS", "--json", "-n", "1"]);
    let id = hit["hits"][0]["id"].as_str().expect("an id").to_string();
    assert_valid(
        "polsearch.show.v1",
        &json(&["show", &id, "--json", "-C", "2"]),
        "show",
    );
    for by in [
        vec!["--by", "fy"],
        vec!["--by", "ministry"],
        vec!["--by", "program"],
        vec!["--by", "year"],
        vec!["--by", "doc"],
        vec!["--by", "fy", "--by", "ministry"],
    ] {
        let mut args = vec!["count", "科学技術", "--json"];
        args.extend(&by);
        assert_valid("polsearch.count.v1", &json(&args), &format!("{args:?}"));
    }
    assert_valid(
        "polsearch.facets.v1",
        &json(&["facets", "--json"]),
        "facets",
    );
    assert_valid("polsearch.docs.v1", &json(&["docs", "--json"]), "docs");
    assert_valid("polsearch.stats.v1", &json(&["stats", "--json"]), "stats");
    let corpus = format!("{ROOT}/corpus");
    assert_valid(
        "polsearch.check.v1",
        &json(&["check", &corpus, "--json"]),
        "check",
    );
    assert_valid(
        "polsearch.explain.v1",
        &json(&["explain", "SATREPS", "--json", "-n", "2"]),
        "explain",
    );
}
