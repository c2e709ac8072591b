//! Japanese statutes at scale: a fixed-seed sample of the 2013 e-Gov snapshot (the laws the
//! shipped statutes come from), parsed as `polsearch index` parses them (format detection,
//! then the parser; no index), checked against the snapshot's `catalog.tsv`: titles are the
//! law's name, body passages carry citation labels, no passage is only a structural mark
//! (`附　則`, `２`, `二`, `第一条`, a caption) and no passage is a fragment of the enactment
//! formula.
//!
//! The snapshot is read from `bench-data/raw/egov-laws-2013/` when `benches/prepare.sh` has
//! unpacked it, else from `../shared/bench/egov-laws-2013.tar.xz` (or the folder named by
//! `POLSEARCH_BENCH_SRC`), decompressed in memory; without either, the test says so and passes.
//! `POLSEARCH_STATUTE_SAMPLE=N` changes the sample size (`all` for every law) and
//! `POLSEARCH_STATUTE_REPORT=1` prints every failing law and passage, for work on the parser.

use polsearch::model::PassageKind;
use polsearch::parse::{self, Format, Parsed};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Seed of the sample: changing it draws other laws.
const SEED: &str = "statutes-ja-2013";
/// Laws drawn.
const SAMPLE: usize = 300;

/// One law of the snapshot: its path in the archive, catalog title and text.
struct Law {
    path: String,
    title: String,
    text: String,
}

/// The sample's sort key of a path: a keyed hash, so the draw is fixed by [`SEED`] and does
/// not depend on the order of the archive or the folder.
fn key(path: &str) -> [u8; 32] {
    *blake3::keyed_hash(blake3::hash(SEED.as_bytes()).as_bytes(), path.as_bytes()).as_bytes()
}

fn sample_size() -> usize {
    match std::env::var("POLSEARCH_STATUTE_SAMPLE").as_deref() {
        Ok("all") => usize::MAX,
        Ok(n) => n
            .parse()
            .expect("POLSEARCH_STATUTE_SAMPLE: a number or `all`"),
        Err(_) => SAMPLE,
    }
}

/// Catalog rows (path → title) and the paths drawn.
fn draw(catalog: &str, n: usize) -> (BTreeMap<String, String>, HashSet<String>) {
    let rows: BTreeMap<String, String> = catalog
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect();
    let mut keyed: Vec<(&String, [u8; 32])> = rows.keys().map(|p| (p, key(p))).collect();
    keyed.sort_by_key(|(_, k)| *k);
    let chosen = keyed.iter().take(n).map(|(p, _)| (*p).clone()).collect();
    (rows, chosen)
}

/// Where the snapshot is.
enum Source {
    Dir(PathBuf),
    Archive(PathBuf),
}

fn source() -> Option<Source> {
    let dir = Path::new(ROOT).join("bench-data/raw/egov-laws-2013");
    if dir.join("catalog.tsv").is_file() {
        return Some(Source::Dir(dir));
    }
    let mut archives = vec![Path::new(ROOT).join("../shared/bench/egov-laws-2013.tar.xz")];
    if let Ok(src) = std::env::var("POLSEARCH_BENCH_SRC") {
        archives.insert(0, Path::new(&src).join("egov-laws-2013.tar.xz"));
    }
    archives
        .into_iter()
        .find(|a| a.is_file())
        .map(Source::Archive)
}

fn load(n: usize) -> Option<Vec<Law>> {
    let laws = match source()? {
        Source::Dir(dir) => {
            let catalog = std::fs::read_to_string(dir.join("catalog.tsv")).expect("catalog.tsv");
            let (rows, chosen) = draw(&catalog, n);
            chosen
                .into_iter()
                .map(|path| Law {
                    text: String::from_utf8(std::fs::read(dir.join(&path)).expect("law"))
                        .expect("UTF-8"),
                    title: rows[&path].clone(),
                    path,
                })
                .collect()
        }
        Source::Archive(archive) => from_archive(&archive, n),
    };
    Some(laws)
}

/// Streams the archive through an xz decoder and a minimal tar reader, keeping the catalog
/// (the archive's first member) and the laws drawn from it.
fn from_archive(archive: &Path, n: usize) -> Vec<Law> {
    let file = std::fs::File::open(archive).expect("open archive");
    let mut tar = TarSink {
        buf: Vec::new(),
        long_name: None,
        on_file: |name: &str, data: &[u8], laws: &mut Vec<Law>, state: &mut Option<Draw>| {
            if name == "catalog.tsv" {
                let (rows, chosen) = draw(std::str::from_utf8(data).expect("UTF-8"), n);
                *state = Some(Draw { rows, chosen });
            } else if let Some(d) = state.as_ref().filter(|d| d.chosen.contains(name)) {
                laws.push(Law {
                    path: name.to_string(),
                    title: d.rows[name].clone(),
                    text: String::from_utf8(data.to_vec()).expect("UTF-8"),
                });
            }
        },
        laws: Vec::new(),
        draw: None,
    };
    lzma_rs::xz_decompress(&mut std::io::BufReader::new(file), &mut tar).expect("xz archive");
    tar.laws.sort_by(|a, b| a.path.cmp(&b.path));
    tar.laws
}

struct Draw {
    rows: BTreeMap<String, String>,
    chosen: HashSet<String>,
}

/// A `Write` sink that reads tar members (ustar and GNU long names) as bytes arrive.
struct TarSink<F: FnMut(&str, &[u8], &mut Vec<Law>, &mut Option<Draw>)> {
    buf: Vec<u8>,
    long_name: Option<String>,
    on_file: F,
    laws: Vec<Law>,
    draw: Option<Draw>,
}

fn octal(field: &[u8]) -> usize {
    field
        .iter()
        .skip_while(|b| **b == b' ')
        .take_while(|b| (b'0'..=b'7').contains(b))
        .fold(0, |n, b| n * 8 + (b - b'0') as usize)
}

fn cstr(field: &[u8]) -> String {
    let end = field.iter().position(|b| *b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

impl<F: FnMut(&str, &[u8], &mut Vec<Law>, &mut Option<Draw>)> Write for TarSink<F> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        let mut pos = 0;
        while self.buf.len() - pos >= 512 {
            let h = &self.buf[pos..pos + 512];
            if h.iter().all(|b| *b == 0) {
                pos += 512;
                continue;
            }
            let size = octal(&h[124..136]);
            let padded = size.div_ceil(512) * 512;
            if self.buf.len() - pos < 512 + padded {
                break;
            }
            let kind = h[156];
            let mut name = cstr(&h[..100]);
            if &h[257..263] == b"ustar\0" && h[345] != 0 {
                name = format!("{}/{name}", cstr(&h[345..500]));
            }
            let data = &self.buf[pos + 512..pos + 512 + size];
            match kind {
                b'L' => self.long_name = Some(cstr(data)),
                b'0' | 0 => {
                    let name = self.long_name.take().unwrap_or(name);
                    let name = name.trim_start_matches("./");
                    (self.on_file)(name, data, &mut self.laws, &mut self.draw);
                }
                _ => self.long_name = None,
            }
            pos += 512 + padded;
        }
        self.buf.drain(..pos);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Text without spaces (half- and full-width) and line breaks.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The law's name from a catalog title: without the promulgation date and number in the final
/// parentheses (`日本国憲法（昭和二十一年十一月三日憲法）` → `日本国憲法`), which a few rows
/// lack their closing parenthesis for.
fn catalog_name(title: &str) -> String {
    let t = compact(title);
    if t.ends_with('）') {
        let mut depth = 0;
        for (i, c) in t.char_indices().rev() {
            match c {
                '）' => depth += 1,
                '（' => {
                    depth -= 1;
                    if depth == 0 {
                        return t[..i].to_string();
                    }
                }
                _ => {}
            }
        }
        return t;
    }
    // Cut off: `…規則（平成二十四年三月三十一日内閣府・…省令`.
    for era in ["（明治", "（大正", "（昭和", "（平成"] {
        if let Some(i) = t.rfind(era) {
            return t[..i].to_string();
        }
    }
    t
}

/// True when a passage's text is only a structural mark: an article, paragraph or item
/// number, a caption, `附則` or a 編章節 heading, with nothing after it.
fn only_mark(text: &str) -> bool {
    let t = compact(text);
    let t = t.as_str();
    if t.is_empty() {
        return true;
    }
    let kanji_num =
        |s: &str| !s.is_empty() && s.chars().all(|c| "〇一二三四五六七八九十百千".contains(c));
    let digits = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    let p = t.strip_prefix('○').unwrap_or(t);
    if digits(p) || kanji_num(p) {
        return true;
    }
    if t.chars().count() == 1 && "イロハニホヘトチリヌルヲワカヨタレソツネナラム".contains(t)
    {
        return true;
    }
    if let Some(inner) = t.strip_prefix('（').and_then(|r| r.strip_suffix('）')) {
        // `（略）`, `（省略）`: the text says it is left out; that is its content.
        if !inner.contains(['（', '）']) && !inner.contains('略') {
            return true;
        }
    }
    if t == "附則" || t == "附則抄" {
        return true;
    }
    if let Some(r) = t.strip_prefix('第') {
        let n: String = r
            .chars()
            .take_while(|c| "〇一二三四五六七八九十百千".contains(*c))
            .collect();
        let rest = &r[n.len()..];
        if !n.is_empty() {
            let mut rest = match rest.chars().next() {
                Some('条' | '章' | '節' | '款' | '目' | '編') => &rest[3..],
                _ => return false,
            };
            while let Some(r) = rest.strip_prefix('の') {
                let m: String = r
                    .chars()
                    .take_while(|c| "〇一二三四五六七八九十百千".contains(*c))
                    .collect();
                rest = &r[m.len()..];
            }
            return rest.is_empty();
        }
    }
    false
}

/// True when a passage is a piece of a sentence the source broke at a link: it starts
/// where no sentence starts (`の規定に基づき`, `及び第二項`, a bare law number
/// `（昭和三十五年法律第百四十五号）第八十三条の二第一項`).
fn fragment(text: &str) -> bool {
    let t = compact(text);
    const STARTS: [&str; 15] = [
        "の",
        "に",
        "を",
        "及び",
        "並びに",
        "又は",
        "若しくは",
        "、",
        "。",
        "ノ",
        "ニ於",
        "ヲ",
        "ヨリ",
        "並ニ",
        "又ハ",
    ];
    if STARTS.iter().any(|s| t.starts_with(s)) {
        return true;
    }
    // A law number standing first: `（昭和二十五年政令第八十九号）…`.
    if let Some(r) = t.strip_prefix('（') {
        let era = ["明治", "大正", "昭和", "平成"]
            .iter()
            .any(|e| r.starts_with(e));
        if era {
            if let Some(end) = r.find('）') {
                let inner = &r[..end];
                if inner.ends_with('号') && !inner.contains('日') {
                    return true;
                }
            }
        }
    }
    false
}

/// What one law scored.
#[derive(Default)]
struct Score {
    title_ok: bool,
    title: String,
    body: usize,
    labelled: usize,
    marks: Vec<String>,
    fragments: Vec<String>,
    unlabelled: Vec<String>,
}

fn score(law: &Law) -> Score {
    let format = Format::detect(Path::new(&law.path), &law.text);
    let parsed: Parsed = parse::parse(&law.text, format);
    let mut s = Score {
        title: parsed.title.clone().unwrap_or_default(),
        ..Default::default()
    };
    s.title_ok = compact(&s.title) == catalog_name(&law.title);
    let show = |p: &polsearch::model::Passage| {
        let head: String = p.text.chars().take(50).collect();
        format!(
            "{}-{} {:?} {}",
            p.line_start,
            p.line_end,
            p.label.as_deref().unwrap_or("-"),
            head.replace('\n', "⏎")
        )
    };
    for p in &parsed.passages {
        // A long table goes on in passages that start at any cell (a number, `にしん目魚類`).
        if p.kind != PassageKind::Table && fragment(&p.text) {
            s.fragments.push(show(p));
        }
        // Notes: the law number and last amendment under the title.
        if p.kind == PassageKind::Note {
            continue;
        }
        s.body += 1;
        if p.label.is_some() {
            s.labelled += 1;
        } else {
            s.unlabelled.push(show(p));
        }
        if p.kind != PassageKind::Table && only_mark(&p.text) {
            s.marks.push(show(p));
        }
    }
    s
}

#[test]
fn catalog_names() {
    assert_eq!(
        catalog_name("日本国憲法（昭和二十一年十一月三日憲法）"),
        "日本国憲法"
    );
    assert_eq!(
        catalog_name(
            "人事院規則九―一二一（広域異動手当）（平成十八年十二月十五日人事院規則九―一二一） "
        ),
        "人事院規則九―一二一（広域異動手当）"
    );
    assert_eq!(
        catalog_name(
            "東日本大震災復興特別会計事務取扱規則（平成二十四年三月三十一日内閣府・復興庁令"
        ),
        "東日本大震災復興特別会計事務取扱規則"
    );
}

#[test]
fn marks_and_fragments() {
    for m in [
        "附　則",
        "２",
        "○２",
        "二",
        "イ",
        "第一条",
        "第三十六条の二",
        "（施行期日）",
        "附則　抄",
        "第二章",
    ] {
        assert!(only_mark(m), "{m}");
    }
    for t in [
        "第一条　この法律は、",
        "２　前項の",
        "（目的）\n第一条　この法律は",
    ] {
        assert!(!only_mark(t), "{t}");
    }
    for f in [
        "（昭和三十五年法律第百四十五号）第八十三条の二第一項",
        "及び第二項",
        "の規定に基づき、この省令を次のように定める。",
    ] {
        assert!(fragment(f), "{f}");
    }
    assert!(!fragment("この法律は、公布の日から施行する。"));
    assert!(!fragment("（平成二十五年七月一日総務省・外務省令第二号）"));
}

#[test]
fn sample_of_the_2013_snapshot() {
    let n = sample_size();
    let Some(laws) = load(n) else {
        eprintln!("skipped: neither bench-data/raw/egov-laws-2013 nor ../shared/bench/egov-laws-2013.tar.xz is present");
        return;
    };
    let report = std::env::var_os("POLSEARCH_STATUTE_REPORT").is_some();
    let total = laws.len();
    assert!(total >= n.min(7977), "drew {total} laws");
    let (mut titles, mut well_labelled, mut body, mut labelled) = (0, 0, 0, 0);
    let (mut marks, mut fragments) = (0, 0);
    let mut bad = Vec::new();
    for law in &laws {
        let s = score(law);
        titles += s.title_ok as usize;
        let share = if s.body == 0 {
            0.0
        } else {
            s.labelled as f64 / s.body as f64
        };
        well_labelled += (share >= 0.95) as usize;
        body += s.body;
        labelled += s.labelled;
        marks += s.marks.len();
        fragments += s.fragments.len();
        if report && (!s.title_ok || share < 0.95 || !s.marks.is_empty() || !s.fragments.is_empty())
        {
            bad.push(format!(
                "{} ({}): title {:?}{}; labelled {}/{}\n  unlabelled: {:?}\n  marks: {:?}\n  fragments: {:?}",
                law.path,
                catalog_name(&law.title),
                s.title,
                if s.title_ok { " ok" } else { " WRONG" },
                s.labelled,
                s.body,
                s.unlabelled.iter().take(5).collect::<Vec<_>>(),
                s.marks.iter().take(5).collect::<Vec<_>>(),
                s.fragments.iter().take(5).collect::<Vec<_>>(),
            ));
        }
    }
    for b in &bad {
        eprintln!("{b}");
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "{total} laws: titles {titles} ({:.1}%); laws with ≥95% of body passages labelled {well_labelled} ({:.1}%); passages labelled {labelled}/{body} ({:.1}%); mark-only passages {marks}; formula fragments {fragments}",
        pct(titles, total),
        pct(well_labelled, total),
        pct(labelled, body),
    );
    assert!(pct(titles, total) >= 99.0, "titles {titles}/{total}");
    assert!(
        pct(well_labelled, total) >= 98.0,
        "laws labelled {well_labelled}/{total}"
    );
    assert_eq!(marks, 0, "passages that are only a mark");
    assert_eq!(fragments, 0, "enactment-formula fragments");
}
