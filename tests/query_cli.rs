//! The query as a user types it on the command line: a query that starts with `-`, bold text
//! output marking exactly the spans the JSON reports, the `--loose` flag, and arbitrary query
//! strings (operators, quotes, brackets, full-width and control characters, very long input)
//! that give results or a warning, never a panic or an exit status other than 0, 1 or 2.

mod common;

use common::{build_index, run, s, BIN};
use proptest::prelude::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

fn idx() -> &'static PathBuf {
    static IDX: OnceLock<PathBuf> = OnceLock::new();
    IDX.get_or_init(|| build_index("query-cli", "corpus"))
}

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let out = run(args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

#[test]
fn a_query_may_start_with_a_minus() {
    let i = s(idx());
    let (code, v) = json(&[
        "search",
        "-JST SATREPS",
        "--index",
        i,
        "--json",
        "-n",
        "100",
    ]);
    assert_eq!(code, Some(0), "{v}");
    let (_, all) = json(&["search", "SATREPS", "--index", i, "--json", "-n", "100"]);
    let total = v["total"].as_u64().unwrap();
    assert!(total > 0 && total <= all["total"].as_u64().unwrap());
    for h in v["hits"].as_array().unwrap() {
        assert!(!h["text"].as_str().unwrap().contains("JST"), "{h}");
    }
    // count too
    let out = run(&[
        "count",
        "-JST SATREPS",
        "--by",
        "fy",
        "--index",
        i,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
}

/// The `(start, end)` byte spans that ANSI bold marks in `text`, in the text without codes.
fn bold_spans(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut plain = String::new();
    let mut spans = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find("\x1b[1m") {
        plain.push_str(&rest[..p]);
        let after = &rest[p + 4..];
        let e = after.find("\x1b[0m").expect("closed bold");
        let start = plain.len();
        plain.push_str(&after[..e]);
        spans.push((start, plain.len()));
        rest = &after[e + 4..];
    }
    plain.push_str(rest);
    (plain, spans)
}

#[test]
fn text_output_bolds_the_spans_the_json_reports() {
    let i = s(idx());
    for q in ["SATREPS", "科学技術", "国際 協力", "\"open innovation\""] {
        let out = Command::new(BIN)
            .args(["search", q, "--index", i, "-n", "5", "--color", "always"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let (_, v) = json(&["search", q, "--index", i, "-n", "5", "--json"]);
        // Snippets are printed as the hit's last lines, indented by five spaces.
        let blocks: Vec<&str> = text
            .split("\n\n")
            .filter(|b| b.trim_start().starts_with(|c: char| c.is_ascii_digit()) && b.contains('['))
            .collect();
        let hits = v["hits"].as_array().unwrap();
        assert_eq!(blocks.len(), hits.len(), "{q}");
        for (b, h) in blocks.iter().zip(hits) {
            let snippet_lines: Vec<&str> = b.lines().skip(3).map(|l| &l[5..]).collect();
            let (plain, spans) = bold_spans(&snippet_lines.join("\n"));
            let snip = h["snippet"].as_str().unwrap();
            assert_eq!(plain, snip, "{q}");
            let want: Vec<(usize, usize)> = h["snippet_highlights"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["byte_start"].as_u64().unwrap() as usize,
                        s["byte_end"].as_u64().unwrap() as usize,
                    )
                })
                .collect();
            assert_eq!(spans, want, "{q}: {b}");
        }
    }
}

#[test]
fn loose_flag_finds_the_morphemes_anywhere() {
    let i = s(idx());
    let (_, exact) = json(&["search", "研究開発推進", "--index", i, "--json"]);
    let (_, loose) = json(&["search", "研究開発推進", "--loose", "--index", i, "--json"]);
    let (_, tilde) = json(&["search", "~研究開発推進", "--index", i, "--json"]);
    assert!(loose["total"].as_u64() > exact["total"].as_u64());
    assert_eq!(loose["total"], tilde["total"]);
}

/// Query text a user might paste: words, operators, quotes and brackets of both widths,
/// control characters, full-width forms.
fn query_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("SATREPS".to_string()),
        Just("科学技術".to_string()),
        Just("OR".to_string()),
        Just("NOT".to_string()),
        Just("AND".to_string()),
        Just("-".to_string()),
        Just("+".to_string()),
        Just("~".to_string()),
        Just("|".to_string()),
        Just("\"".to_string()),
        Just("「".to_string()),
        Just("」".to_string()),
        Just("(".to_string()),
        Just("）".to_string()),
        Just("heading:".to_string()),
        Just("text:".to_string()),
        Just("foo:".to_string()),
        Just("\u{3000}".to_string()),
        Just(" ".to_string()),
        Just("\u{0}".to_string()),
        Just("\t\n".to_string()),
        Just("ＳＡＴＲＥＰＳ".to_string()),
        Just("COI-NEXT".to_string()),
        "[a-z]{1,6}",
        "\\PC{1,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_queries_never_crash(q in query_strategy()) {
        // argv cannot carry NUL bytes
        let q = q.replace('\u{0}', " ");
        let out = Command::new(BIN)
            .args(["search", &q, "--index", s(idx()), "--json", "-n", "3"])
            .output()
            .unwrap();
        let code = out.status.code();
        prop_assert!(matches!(code, Some(0) | Some(1)), "{q:?}: exit {code:?}: {}",
            String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        prop_assert!(v["total"].is_u64());
    }
}

#[test]
fn very_long_queries_answer() {
    let q = "科学技術 SATREPS (OR \"".repeat(400);
    let out = run(&["search", &q, "--index", s(idx()), "--json", "-n", "1"]);
    assert!(matches!(out.status.code(), Some(0) | Some(1)));
}

#[test]
fn excluded_codes_and_phrases_answer() {
    // An excluded phrase (a code is a phrase of its parts, a Japanese word a bigram phrase)
    // once panicked inside tantivy's debug checks.
    let i = s(idx());
    let (_, all) = json(&["search", "", "--lang", "en", "--index", i, "--json"]);
    for q in [
        "-COI-NEXT",
        "NOT(COI-NEXT",
        "-\"open innovation\"",
        "-科学技術",
    ] {
        let (code, v) = json(&["search", q, "--index", i, "--json", "-n", "3"]);
        assert_eq!(code, Some(0), "{q}: {v}");
        assert!(v["total"].as_u64().unwrap() > 0, "{q}");
    }
    let (_, with) = json(&["search", "COI-NEXT", "--index", i, "--json"]);
    let (_, without) = json(&[
        "search",
        "-COI-NEXT",
        "--lang",
        "en",
        "--index",
        i,
        "--json",
    ]);
    let with_en = with["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["document"]["lang"] == "en")
        .count() as u64;
    assert_eq!(
        without["total"].as_u64().unwrap() + with_en,
        all["total"].as_u64().unwrap()
    );
}
