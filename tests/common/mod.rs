//! Helpers shared by the CLI tests: running the binary as a user does and building an index
//! of a corpus folder once per test binary (under `CARGO_TARGET_TMPDIR`, inside the target
//! folder, so test runs leave nothing in the system temp folder).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The polsearch binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_polsearch");
/// The project folder (holds `corpus/`).
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs polsearch with plain output.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run polsearch")
}

/// Indexes `corpus` (relative to the project) into a fresh temporary folder named after
/// `name`, asserting success.
pub fn build_index(name: &str, corpus: &str) -> PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = run(&[
        "index",
        &format!("{ROOT}/{corpus}"),
        "--index",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The path as a `&str`.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Indexes `corpus` (relative to the project) in-process into a fresh temporary folder named
/// after `name` and returns the open index.
pub fn index_in_process(name: &str, corpus: &str) -> polsearch::index::PolIndex {
    use polsearch::index::writer::{index, IndexOptions};
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("polsearch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let pol = polsearch::index::PolIndex::open_or_create(&dir).expect("create index");
    let opts = IndexOptions {
        roots: vec![Path::new(ROOT).join(corpus)],
        ..Default::default()
    };
    index(&pol, &opts, &|_| {}).expect("index");
    pol
}
