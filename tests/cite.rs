//! `polsearch cite` as a user runs it on the shipped corpus: each format checked structurally
//! (BibTeX parses, CSL-JSON validates against the CSL-JSON schema in `tests/schema/`, RIS has
//! `TY`…`ER` per item and round-trips through a parser), the text lines in English and
//! Japanese style, stable unique keys, and unknown ids and bad formats.

mod common;

use common::{build_index, run, s, ROOT};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| build_index("cite", "corpus"))
}

fn polsearch(args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--index", s(index())]);
    run(&all)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The id of the first hit of `query` with extra search arguments.
fn first_id(query: &str, extra: &[&str]) -> String {
    let mut args = vec!["search", query, "--json", "--limit", "1"];
    args.extend_from_slice(extra);
    let out = polsearch(&args);
    let v: Value = serde_json::from_slice(&out.stdout).expect("search JSON");
    v["hits"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no hit for {query}"))
        .to_string()
}

fn satreps_en() -> String {
    first_id(
        "SATREPS",
        &["--doc", "mext-wpst-2021-en-p2c5", "--no-expand"],
    )
}

fn kihon_ho_article5() -> String {
    first_id("heading:第五条", &["--doc", "kagaku-gijutsu-kihon-ho"])
}

fn ict_wp() -> String {
    first_id(
        "電気通信紛争処理委員会",
        &["--doc", "soumu-ict-wp-2021-p2c5"],
    )
}

fn cite(ids: &[String], extra: &[&str]) -> Output {
    let mut args = vec!["cite"];
    args.extend(ids.iter().map(String::as_str));
    args.extend_from_slice(extra);
    polsearch(&args)
}

#[test]
fn text_lines_follow_the_document_language() {
    let ids = [satreps_en(), kihon_ho_article5(), ict_wp()];
    let out = cite(&ids, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(
            "MEXT (2021). White Paper on Science and Technology 2021, Part 2, Chapter 5, Section 6"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains(" ¶"), "{}", lines[0]);
    // the statute: its name, its law number and the article
    assert!(
        lines[1].starts_with("科学技術基本法（平成七年法律第百三十号）第五条"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("総務省『令和3年版 情報通信白書』第2部第5章第2節 1（3）"),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with("、2021年。"), "{}", lines[2]);
    // --lang picks the style
    let en = stdout(&cite(&ids[2..], &["--lang", "en"]));
    assert!(
        en.starts_with("総務省 (2021). 令和3年版 情報通信白書, 第2部, 第5章"),
        "{en}"
    );
}

#[test]
fn bibtex_parses_with_stable_unique_keys() {
    let ids = [satreps_en(), kihon_ho_article5(), ict_wp()];
    let out = cite(&ids, &["--format", "bibtex"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let bib = biblatex::RawBibliography::parse(&text).expect("BibTeX parses");
    assert_eq!(bib.entries.len(), 3, "{text}");
    let kinds: Vec<String> = bib
        .entries
        .iter()
        .map(|e| e.v.kind.v.to_lowercase())
        .collect();
    assert_eq!(kinds, ["techreport", "misc", "techreport"]);
    let bib = biblatex::Bibliography::parse(&text).expect("BibTeX parses");
    for (entry, id) in bib.iter().zip(&ids) {
        assert!(
            entry.key.starts_with(id.split('.').next().unwrap()),
            "{}",
            entry.key
        );
        use biblatex::ChunksExt;
        let note = entry.fields["note"].format_verbatim();
        assert!(note.contains(&format!("polsearch show {id}")), "{note}");
    }
    let statute = &bib.iter().nth(1).unwrap();
    use biblatex::ChunksExt;
    assert_eq!(
        statute.fields["number"].format_verbatim(),
        "平成七年法律第百三十号"
    );
    // the same passage gets the same key in another run and in another company
    let again = stdout(&cite(&ids[..1], &["--format", "bibtex"]));
    let first_key = bib.iter().next().unwrap().key.clone();
    assert!(
        again.starts_with(&format!("@techreport{{{first_key},")),
        "{again}"
    );
    // every passage of a document: keys unique
    let all = polsearch(&[
        "cite",
        "--query",
        "",
        "--doc",
        "soumu-ict-wp-2021-p2c5",
        "--limit",
        "1000",
        "--format",
        "bibtex",
    ]);
    let bib = biblatex::Bibliography::parse(&stdout(&all)).expect("BibTeX parses");
    let keys: HashSet<&str> = bib.iter().map(|e| e.key.as_str()).collect();
    assert!(bib.len() > 100, "{}", bib.len());
    assert_eq!(keys.len(), bib.len());
}

#[test]
fn csl_json_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{ROOT}/tests/schema/csl-data.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let ids = [satreps_en(), kihon_ho_article5(), ict_wp()];
    let out = cite(&ids, &["--format", "csl-json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let items = v.as_array().unwrap();
    assert_eq!(items[0]["type"], "report");
    assert_eq!(items[0]["author"][0]["literal"], "MEXT");
    assert_eq!(items[0]["issued"]["date-parts"][0][0], 2021);
    assert_eq!(items[1]["type"], "legislation");
    assert_eq!(items[1]["number"], "平成七年法律第百三十号");
    // the catalog's year of a statute is its text snapshot's: not given as the law's date
    assert!(items[1].get("issued").is_none());
    assert!(items[1]["section"].as_str().unwrap().starts_with("第五条"));
    assert!(items[2]["note"].as_str().unwrap().contains(&ids[2]));
    // the schema is not a rubber stamp
    let bad = serde_json::json!([{"id": "x", "type": "white-paper"}]);
    assert!(!validator.is_valid(&bad));
    let bad = serde_json::json!([{"id": "x", "type": "report", "polsearch": 1}]);
    assert!(!validator.is_valid(&bad));
}

/// A RIS reader: records of `TAG  - value` lines from `TY` to `ER`.
fn parse_ris(text: &str) -> Vec<BTreeMap<String, Vec<String>>> {
    let mut out = Vec::new();
    let mut cur: Option<BTreeMap<String, Vec<String>>> = None;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (tag, value) = line
            .split_once("  - ")
            .or_else(|| line.strip_suffix("  -").map(|t| (t, "")))
            .unwrap_or_else(|| panic!("not a RIS line: {line:?}"));
        assert!(
            tag.len() == 2
                && tag
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            "bad tag {tag:?}"
        );
        match tag {
            "TY" => {
                assert!(cur.is_none(), "TY inside a record");
                cur = Some(BTreeMap::from([("TY".into(), vec![value.to_string()])]));
            }
            "ER" => out.push(cur.take().expect("ER without TY")),
            _ => cur
                .as_mut()
                .expect("field outside a record")
                .entry(tag.to_string())
                .or_default()
                .push(value.to_string()),
        }
    }
    assert!(cur.is_none(), "record without ER");
    out
}

#[test]
fn ris_round_trips() {
    let ids = [satreps_en(), kihon_ho_article5(), ict_wp()];
    let ris = stdout(&cite(&ids, &["--format", "ris"]));
    let recs = parse_ris(&ris);
    assert_eq!(recs.len(), 3);
    let tys: Vec<&str> = recs.iter().map(|r| r["TY"][0].as_str()).collect();
    assert_eq!(tys, ["RPRT", "STAT", "RPRT"]);
    // the same fields as the CSL-JSON items
    let csl: Value = serde_json::from_slice(&cite(&ids, &["--format", "csl-json"]).stdout).unwrap();
    for (r, item) in recs.iter().zip(csl.as_array().unwrap()) {
        assert_eq!(r["TI"][0], item["title"].as_str().unwrap());
        assert_eq!(r["ID"][0], item["id"].as_str().unwrap());
        assert_eq!(r["N1"][0], item["note"].as_str().unwrap());
        assert_eq!(
            r.get("PY").map(|v| v[0].clone()),
            item["issued"]["date-parts"][0][0]
                .as_u64()
                .map(|y| y.to_string())
        );
    }
    assert_eq!(recs[1]["M1"][0], "平成七年法律第百三十号");
    // --query cites every hit (up to --limit)
    let out = polsearch(&[
        "cite", "--query", "SATREPS", "--limit", "3", "--format", "ris",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(parse_ris(&stdout(&out)).len(), 3);
}

#[test]
fn unknown_ids_are_named_and_the_others_printed() {
    let good = satreps_en();
    let out = cite(
        &[
            "nope.aaaa".to_string(),
            good.clone(),
            "mext-wpst-2021-en-p2c5.zzzz".to_string(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.contains("\"nope.aaaa\"") && err.contains("\"mext-wpst-2021-en-p2c5.zzzz\""));
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(stdout(&out).starts_with("MEXT (2021)."));
}

#[test]
fn bad_formats_and_missing_arguments_are_errors() {
    let out = cite(&[satreps_en()], &["--format", "endnote"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--format") && err.contains("endnote"), "{err}");
    let out = polsearch(&["cite"]);
    assert_eq!(out.status.code(), Some(2));
    let out = polsearch(&["cite", "x", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--lang"));
}
