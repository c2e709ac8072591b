//! A Canadian statute as a user indexes, searches and cites it: the file is recognised as a
//! statute from its text, the Act's name is the title, a subsection is one hit with its
//! marginal note as heading, and `cite` reads `Canadian Air Transport Security Authority Act,
//! s. 36(2).`

mod common;

use common::{run, s};
use serde_json::Value;
use std::path::PathBuf;

/// An excerpt of the Act as the Justice Canada text has it.
const ACT: &str = "Canadian Air Transport Security Authority Act
An Act to establish the Canadian Air Transport Security Authority
C-11.2
S.C. 2002, c. 9, s. 2
Assented to 2002-04-01
Consolidated to 2025-07-25

Short Title

Short title
1 This Act may be cited as the Canadian Air Transport Security Authority Act.

Interpretation

Definitions
2 The definitions in this section apply in this Act.
screening means screening, including a search, performed in the manner prescribed in aviation security regulations. (contrôle)

Transitional Provisions

Transfer of screening equipment
36 (1) The Governor in Council may require the Air Transport Security Corporation to transfer to the Authority good title in any or all screening equipment.
Other transfers to Authority
(2) The Governor in Council may require the Air Transport Security Corporation to transfer to the Authority any rights under any contract entered into by the Corporation.
";

/// Indexes a folder holding the excerpt; returns the index folder.
fn index() -> PathBuf {
    let root = std::env::temp_dir().join(format!("polsearch-en-statutes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs).expect("temp folder");
    std::fs::write(docs.join("C-11.2.txt"), ACT).expect("write excerpt");
    let idx = root.join("index");
    let out = run(&["index", s(&docs), "--index", s(&idx), "--quiet"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    idx
}

#[test]
fn statute_is_searched_and_cited_by_section() {
    let idx = index();
    let out = run(&[
        "search",
        "transfer contract rights",
        "--index",
        s(&idx),
        "--json",
        "--limit",
        "1",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("search JSON");
    let hit = &v["hits"][0];
    assert_eq!(
        hit["document"]["title"],
        "Canadian Air Transport Security Authority Act"
    );
    assert_eq!(hit["label"], "s. 36(2)");
    assert_eq!(
        hit["section_path"],
        serde_json::json!(["Transitional Provisions", "Other transfers to Authority"])
    );
    let text = hit["text"].as_str().expect("text");
    assert!(text.starts_with("(2) The Governor in Council"), "{text}");
    assert!(!text.contains("Other transfers to Authority"));
    assert!(hit["citation"]
        .as_str()
        .expect("citation")
        .starts_with("Canadian Air Transport Security Authority Act, s. 36(2), "));

    let id = hit["id"].as_str().expect("id");
    let out = run(&["cite", id, "--index", s(&idx)]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Canadian Air Transport Security Authority Act, s. 36(2)."
    );

    // A definition is a passage of its own, cited by its term.
    let out = run(&[
        "search",
        "screening",
        "--index",
        s(&idx),
        "--json",
        "--limit",
        "20",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("search JSON");
    let labels: Vec<&str> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["label"].as_str())
        .collect();
    assert!(labels.contains(&"s. 2 \"screening\""), "{labels:?}");
    let _ = std::fs::remove_dir_all(idx.parent().expect("root"));
}
