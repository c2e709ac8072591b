//! Canadian federal Acts and regulations at scale: a few hundred documents drawn with a fixed
//! seed from the benchmark corpus `en-policy-ca-laws-2026` parse as English statutes, with
//! the Act's name as title, a citation label on nearly every body passage, one subsection per
//! passage and no provision text in section paths.
//!
//! The corpus is read from the unpacked copy `bench-data/raw/en-policy-ca-laws-2026/` (made by
//! `benches/prepare.sh`) or from the tarball `../shared/bench/en-policy-ca-laws-2026.tar.xz`
//! (or `$POLSEARCH_BENCH_SRC/…`); when neither exists the test passes without checking
//! anything (it says so on stderr). Parsing only, no index.
//! `cargo test --test en_statutes_sample -- --nocapture` prints the measures.

use polsearch::model::PassageKind;
use polsearch::parse::{self, Format, Parsed};
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const NAME: &str = "en-policy-ca-laws-2026";
/// Fixed seed of the draw.
const SEED: &str = "polsearch-en-statutes-1";
/// One document in this many is drawn (about 300 of 6,012).
const ONE_IN: u64 = 20;

/// True when the document `id` (`acts/A-1`) is in the sample.
fn drawn(id: &str) -> bool {
    let h = blake3::hash(format!("{SEED}\0{id}").as_bytes());
    let b = h.as_bytes();
    u64::from_le_bytes(b[..8].try_into().expect("8 bytes")) % ONE_IN == 0
}

/// The catalog (`id` → title) and the drawn documents (`id`, text), or `None` when the corpus
/// is not here.
type Sample = (HashMap<String, String>, Vec<(String, String)>);

fn catalog_titles(tsv: &str) -> HashMap<String, String> {
    tsv.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.nth(1)?.to_string()))
        })
        .collect()
}

fn from_dir(dir: &Path) -> Option<Sample> {
    let catalog = catalog_titles(&std::fs::read_to_string(dir.join("catalog.tsv")).ok()?);
    let mut ids: Vec<&String> = catalog.keys().filter(|id| drawn(id)).collect();
    ids.sort();
    let docs = ids
        .into_iter()
        .map(|id| {
            let path = dir.join("docs").join(format!("{id}.txt"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (id.clone(), text)
        })
        .collect();
    Some((catalog, docs))
}

fn from_tarball(path: &Path) -> Option<Sample> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut tar_bytes = Vec::with_capacity(190 << 20);
    lzma_rs::xz_decompress(&mut std::io::BufReader::new(file), &mut tar_bytes)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    let mut archive = tar::Archive::new(std::io::Cursor::new(tar_bytes));
    let mut catalog = HashMap::new();
    let mut docs = Vec::new();
    for entry in archive.entries().expect("tar entries") {
        let mut entry = entry.expect("tar entry");
        let name = entry
            .path()
            .expect("entry path")
            .to_string_lossy()
            .into_owned();
        let name = name.trim_start_matches("./").to_string();
        if name == "catalog.tsv" {
            let mut s = String::new();
            entry.read_to_string(&mut s).expect("catalog.tsv");
            catalog = catalog_titles(&s);
        } else if let Some(id) = name
            .strip_prefix("docs/")
            .and_then(|n| n.strip_suffix(".txt"))
        {
            if drawn(id) {
                let mut s = String::new();
                entry.read_to_string(&mut s).expect("utf-8 document");
                docs.push((id.to_string(), s));
            }
        }
    }
    docs.sort();
    Some((catalog, docs))
}

fn sample() -> Option<Sample> {
    let dir = Path::new(ROOT).join("bench-data/raw").join(NAME);
    if dir.join("catalog.tsv").is_file() {
        return from_dir(&dir);
    }
    let src = std::env::var_os("POLSEARCH_BENCH_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join("../shared/bench"));
    let tarball = src.join(format!("{NAME}.tar.xz"));
    if tarball.is_file() {
        return from_tarball(&tarball);
    }
    eprintln!(
        "skipped: neither {} nor {} exists",
        dir.display(),
        tarball.display()
    );
    None
}

/// What the sample measures.
#[derive(Default, Debug)]
struct Measures {
    docs: usize,
    detected: usize,
    titles_ok: usize,
    body: usize,
    labelled: usize,
    passages: usize,
    multi_subsection: usize,
    paths_with_provision_text: usize,
    docs_under_95: usize,
}

fn subsection_starts(text: &str) -> usize {
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?m)(?:^|[.;:] )(?:\d+(?:\.\d+)*\.? )?\(\d+(?:\.\d+)?\) +[A-Z“\[]")
            .expect("valid")
    });
    re.find_iter(text).count()
}

/// A section-path element that is provision text: starts as a section (`34 The …`), a
/// subsection (`(2) …`) or a paragraph (`(a) …`) does.
fn provision_text(h: &str) -> bool {
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:\d+(?:\.\d+)*\.? +[A-Z(\[“]|\((?:\d+(?:\.\d+)?|[a-z]{1,2}(?:\.\d+)?)\) )")
            .expect("valid")
    });
    re.is_match(h)
}

fn measure(catalog: &HashMap<String, String>, docs: &[(String, String)]) -> Measures {
    let mut m = Measures::default();
    let mut wrong_titles = Vec::new();
    let mut bad_paths = Vec::new();
    let mut multi = Vec::new();
    let mut unlabelled = Vec::new();
    for (id, text) in docs {
        m.docs += 1;
        let format = Format::detect(Path::new(&format!("{id}.txt")), text);
        if format == Format::StatuteEn {
            m.detected += 1;
        }
        let p: Parsed = parse::parse(text, format);
        let title = p.title.clone().unwrap_or_default();
        if catalog.get(id).is_some_and(|t| *t == title) {
            m.titles_ok += 1;
        } else {
            wrong_titles.push(format!("{id}: {title:?} (catalog {:?})", catalog.get(id)));
        }
        let (mut body, mut labelled) = (0, 0);
        for q in &p.passages {
            m.passages += 1;
            if q.kind == PassageKind::Body {
                body += 1;
                if q.label.is_some() {
                    labelled += 1;
                } else if unlabelled.len() < 40 {
                    unlabelled.push(format!(
                        "{id}:{}: {:.100}",
                        q.line_start,
                        q.text.replace('\n', " ⏎ ")
                    ));
                }
            }
            if subsection_starts(&q.text) > 1 {
                m.multi_subsection += 1;
                if multi.len() < 20 {
                    multi.push(format!(
                        "{id}:{}-{} {:?}: {:.160}",
                        q.line_start,
                        q.line_end,
                        q.label,
                        q.text.replace('\n', " ⏎ ")
                    ));
                }
            }
            if q.section_path.iter().any(|h| provision_text(h)) {
                m.paths_with_provision_text += 1;
                if bad_paths.len() < 20 {
                    bad_paths.push(format!("{id}:{} {:?}", q.line_start, q.section_path));
                }
            }
        }
        m.body += body;
        m.labelled += labelled;
        if body > 0 && labelled * 100 < body * 95 {
            m.docs_under_95 += 1;
        }
    }
    for (what, list) in [
        ("wrong titles", &wrong_titles),
        ("unlabelled body passages", &unlabelled),
        ("passages with more than one subsection", &multi),
        ("section paths with provision text", &bad_paths),
    ] {
        if !list.is_empty() {
            eprintln!("{what} (first {}):", list.len());
            for l in list {
                eprintln!("  {l}");
            }
        }
    }
    m
}

#[test]
fn canadian_statutes_parse_into_cited_subsections() {
    let Some((catalog, docs)) = sample() else {
        return;
    };
    assert!(docs.len() >= 200, "only {} documents drawn", docs.len());
    let m = measure(&catalog, &docs);
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "{} documents: detected as statutes {:.1}%, titles {:.1}%, body passages labelled {:.1}% \
         ({} of {}; {} documents under 95%), passages with more than one subsection {:.2}% \
         ({} of {}), passages with provision text in their section path {}",
        m.docs,
        pct(m.detected, m.docs),
        pct(m.titles_ok, m.docs),
        pct(m.labelled, m.body),
        m.labelled,
        m.body,
        m.docs_under_95,
        pct(m.multi_subsection, m.passages),
        m.multi_subsection,
        m.passages,
        m.paths_with_provision_text
    );
    assert_eq!(
        m.detected, m.docs,
        "every document is detected as a statute"
    );
    assert!(pct(m.titles_ok, m.docs) >= 99.0, "titles: {m:?}");
    assert!(pct(m.labelled, m.body) >= 95.0, "labels: {m:?}");
    assert!(
        pct(m.multi_subsection, m.passages) <= 1.0,
        "subsections: {m:?}"
    );
    assert_eq!(m.paths_with_provision_text, 0, "section paths: {m:?}");
}
