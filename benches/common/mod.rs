//! Bench data shared by the criterion benches.
//!
//! With `POLSEARCH_BENCH_DATA` pointing at the sets made by `benches/prepare.sh`, the benches
//! read the standard quick sets (`en-100mb`, `ja-50mb`; override with `POLSEARCH_BENCH_EN` and
//! `POLSEARCH_BENCH_JA`, comma-separated set names); without it they fall back to the shipped
//! `corpus/en` and `corpus/ja`, so `cargo bench` always runs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Language of a bench set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Short code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Roots (folders) holding the bench text of a language.
pub fn roots(lang: Lang) -> Vec<PathBuf> {
    match std::env::var_os("POLSEARCH_BENCH_DATA").filter(|v| !v.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let (var, default) = match lang {
                Lang::En => ("POLSEARCH_BENCH_EN", "en-100mb"),
                Lang::Ja => ("POLSEARCH_BENCH_JA", "ja-50mb"),
            };
            let names = std::env::var(var).unwrap_or_else(|_| default.to_string());
            names
                .split(',')
                .filter(|n| !n.is_empty())
                .map(|n| dir.join(n))
                .collect()
        }
        None => vec![repo().join("corpus").join(lang.code())],
    }
}

/// A short description of the data in use, for the bench output.
pub fn describe(roots: &[PathBuf]) -> String {
    roots
        .iter()
        .map(|r| r.display().to_string())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The text files under the roots, sorted.
pub fn files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for r in roots {
        for e in walkdir::WalkDir::new(r)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let p = e.path();
            if e.file_type().is_file()
                && matches!(
                    p.extension().and_then(|x| x.to_str()),
                    Some("txt" | "md" | "xml")
                )
            {
                out.push(p.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Total bytes of the files.
pub fn total_bytes(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// Text of the files in order, up to about `limit` bytes (whole files, at least one).
pub fn sample_text(files: &[PathBuf], limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    for p in files {
        if total >= limit {
            break;
        }
        if let Ok(t) = std::fs::read_to_string(p) {
            total += t.len();
            out.push(t);
        }
    }
    out
}

/// Size of a folder on disk, in bytes (the sum of its files' lengths).
pub fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Megabytes of the sample to analyse in the analyzer bench (`POLSEARCH_BENCH_SAMPLE_MB`).
pub fn sample_mb() -> usize {
    std::env::var("POLSEARCH_BENCH_SAMPLE_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

/// Raw lindera: the IPADIC dictionary polsearch uses, normal mode, no user dictionary, no
/// normalization: what segmentation alone costs.
pub struct RawLindera {
    worker: lindera::worker::SegmentWorker,
}

impl RawLindera {
    /// Loads the dictionary as polsearch does (built in, or `POLSEARCH_DICT`).
    pub fn new() -> RawLindera {
        let dict =
            polsearch::analysis::japanese::system_dictionary().unwrap_or_else(|e| panic!("{e}"));
        let seg = lindera::segmenter::Segmenter::new(lindera::mode::Mode::Normal, dict, None);
        RawLindera {
            worker: seg.new_worker(),
        }
    }

    /// Number of morphemes of `text`.
    pub fn count(&mut self, text: &str) -> usize {
        self.worker.segment(text).map_or(0, |t| t.len())
    }
}

/// True when `POLSEARCH_BENCH_CPU` asks for CPU time instead of wall time: on a shared
/// machine, wall time measures the neighbours as much as polsearch.
pub fn cpu_time() -> bool {
    std::env::var("POLSEARCH_BENCH_CPU").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A criterion measurement of the process's CPU time (user + system, all threads), so a
/// multi-threaded run reports the CPU it costs, and throughput is per CPU second.
pub struct CpuTime(criterion::measurement::WallTime);

impl Default for CpuTime {
    fn default() -> Self {
        CpuTime(criterion::measurement::WallTime)
    }
}

/// CPU time (user + system) of this process so far.
pub fn process_cpu() -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

impl criterion::measurement::Measurement for CpuTime {
    type Intermediate = std::time::Duration;
    type Value = std::time::Duration;
    fn start(&self) -> Self::Intermediate {
        process_cpu()
    }
    fn end(&self, i: Self::Intermediate) -> Self::Value {
        process_cpu().saturating_sub(i)
    }
    fn add(&self, a: &Self::Value, b: &Self::Value) -> Self::Value {
        *a + *b
    }
    fn zero(&self) -> Self::Value {
        std::time::Duration::ZERO
    }
    fn to_f64(&self, v: &Self::Value) -> f64 {
        v.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn criterion::measurement::ValueFormatter {
        self.0.formatter()
    }
}

/// Runs a bench function with wall time or, with `POLSEARCH_BENCH_CPU=1`, CPU time.
#[macro_export]
macro_rules! bench_main {
    ($run:ident) => {
        fn main() {
            if common::cpu_time() {
                let mut c = criterion::Criterion::default()
                    .with_measurement(common::CpuTime::default())
                    .configure_from_args();
                $run(&mut c);
                c.final_summary();
            } else {
                let mut c = criterion::Criterion::default().configure_from_args();
                $run(&mut c);
                c.final_summary();
            }
        }
    };
}
