//! The indexer as a librarian runs it on a real, messy corpus: every bad input the tests can
//! generate (EN and JA, every supported encoding and line ending), incremental runs compared
//! with a rebuild, killing the indexer at random points, two indexers at once, searching
//! while indexing, foreign and damaged index folders, and the `stats`, `docs` and `check`
//! commands. Corpora are generated in temporary folders.

use polsearch::index::{PolIndex, REC_PASSAGE};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_polsearch");

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env("NO_COLOR", "1")
        .env_remove("POLSEARCH_INDEX")
        .env_remove("POLSEARCH_REGISTRY")
        .stdin(Stdio::null());
    c
}

fn run(args: &[&str]) -> Output {
    cmd(args).output().expect("run polsearch")
}

fn spawn(args: &[&str]) -> Child {
    cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn polsearch")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            err(o)
        )
    })
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Lines as an editor shows them (LF, CRLF and lone CR end a line).
fn editor_lines(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_string)
        .collect()
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

fn legacy(enc: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, bad) = enc.encode(text);
    assert!(!bad, "{} cannot encode the sample", enc.name());
    bytes.into_owned()
}

fn en_doc(key: &str, nl: &str) -> String {
    [
        "Chapter 1 Science and Technology Policy",
        "",
        "The council reviewed open innovation programs in FY2020 and asked",
        &format!("for more support of startups; this paragraph holds {key} for the test."),
        "",
        "Section 1 Funding",
        "",
        "Competitive grants were expanded to support universities and young researchers.",
        "",
    ]
    .join(nl)
}

fn ja_doc(key: &str, nl: &str) -> String {
    [
        "第1章　科学技術・イノベーション政策",
        "",
        "令和2年度の基本計画では、研究開発の推進と人材育成を掲げ、",
        &format!("大学と産業界の連携を強化した（{key}）。①研究環境と㈱との連携も進めた。"),
        "",
        "第1節　競争的研究費",
        "",
        "競争的研究費の制度改革を進め、若手研究者への支援を拡充した。",
        "",
    ]
    .join(nl)
}

fn html_doc(key: &str, nl: &str, charset: &str, lang: &str) -> String {
    let (h1, body) = if lang == "ja" {
        (
            "研究開発政策",
            format!("創発的研究支援事業により、{nl}若手研究者を長期に支援する（{key}）。"),
        )
    } else {
        (
            "Research Policy",
            format!("The Moonshot programme sets{nl}ambitious goals ({key})."),
        )
    };
    [
        "<!DOCTYPE html>".to_string(),
        format!("<html lang=\"{lang}\"><head>"),
        format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">"),
        "<title>Policy page</title>".into(),
        "<script>var menu = \"<p>SCRIPTWORD</p>\";</script><style>p{color:red}</style>".into(),
        "</head><body>".into(),
        "<nav><ul><li>NAVWORD</li></ul></nav><div class=\"breadcrumb\">NAVWORD</div>".into(),
        "<main>".into(),
        format!("<h1>{h1}</h1>"),
        format!("<p>{body}</p>"),
        "</main>".into(),
        "<footer>FOOTERWORD</footer>".into(),
        "</body></html>".into(),
        String::new(),
    ]
    .join(nl)
}

fn law_xml(key: &str, nl: &str) -> String {
    [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<Law><LawBody><LawTitle>試験法</LawTitle>",
        "<MainProvision><Article><ArticleCaption>（目的）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>",
        &format!("<Paragraph Num=\"1\"><ParagraphNum/><ParagraphSentence><Sentence>この法律は試験の手続（{key}）を定める。</Sentence></ParagraphSentence></Paragraph>"),
        "</Article></MainProvision></LawBody></Law>",
        "",
    ]
    .join(nl)
}

/// A good file of the bad-input corpus: name, bytes, decoded text, search key, language,
/// encoding the index should report.
struct Good {
    name: &'static str,
    bytes: Vec<u8>,
    text: String,
    key: &'static str,
    lang: &'static str,
    encoding: &'static str,
}

fn good_files() -> Vec<Good> {
    let mut v = Vec::new();
    let mut add = |name, text: String, bytes: Vec<u8>, key, lang, encoding| {
        v.push(Good {
            name,
            bytes,
            text,
            key,
            lang,
            encoding,
        })
    };
    let t = en_doc("KEYENUTF", "\n");
    add(
        "en/plain-utf8.txt",
        t.clone(),
        t.into_bytes(),
        "KEYENUTF",
        "en",
        "UTF-8",
    );
    let t = en_doc("KEYENBOM", "\r\n");
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(t.as_bytes());
    add("en/bom-crlf.txt", t, b, "KEYENBOM", "en", "UTF-8");
    let t = en_doc("KEYENLE", "\n");
    add(
        "en/utf16le.txt",
        t.clone(),
        utf16(&t, true),
        "KEYENLE",
        "en",
        "UTF-16LE",
    );
    let t = en_doc("KEYENBE", "\r\n");
    add(
        "en/utf16be.txt",
        t.clone(),
        utf16(&t, false),
        "KEYENBE",
        "en",
        "UTF-16BE",
    );
    let t = en_doc("KEYENCR", "\r");
    add(
        "en/mac-cr.txt",
        t.clone(),
        t.into_bytes(),
        "KEYENCR",
        "en",
        "UTF-8",
    );
    let t = en_doc("KEYENWIN", "\r\n").replace("FY2020", "FY2020 \u{201C}Moonshot\u{201D} café");
    add(
        "en/windows-1252.txt",
        t.clone(),
        legacy(encoding_rs::WINDOWS_1252, &t),
        "KEYENWIN",
        "en",
        "windows-1252",
    );
    let t = format!(
        "# Report on Startups\n\n## Findings\n\nUniversity spin-offs grew ({}) in number.\n",
        "KEYENMD"
    );
    add(
        "en/report.md",
        t.clone(),
        t.into_bytes(),
        "KEYENMD",
        "en",
        "UTF-8",
    );
    let t = html_doc("KEYENHTML", "\r\n", "utf-8", "en");
    add(
        "en/page.html",
        t.clone(),
        t.into_bytes(),
        "KEYENHTML",
        "en",
        "UTF-8",
    );
    // UTF-8 with one stray byte is repaired (an ASCII file with one would read as
    // Windows-1252).
    let t = ja_doc("KEYJASTRAY", "\n");
    let mut b = t.clone().into_bytes();
    let at = t.find("競争的研究費の制度").unwrap();
    b.insert(at, 0xFF);
    let shown = format!("{}\u{FFFD}{}", &t[..at], &t[at..]);
    add("ja/stray-byte.txt", shown, b, "KEYJASTRAY", "ja", "UTF-8");

    let t = ja_doc("KEYJAUTF", "\n");
    add(
        "ja/plain-utf8.txt",
        t.clone(),
        t.into_bytes(),
        "KEYJAUTF",
        "ja",
        "UTF-8",
    );
    let t = ja_doc("KEYJABOM", "\r\n");
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(t.as_bytes());
    add("ja/bom-crlf.txt", t, b, "KEYJABOM", "ja", "UTF-8");
    let t = ja_doc("KEYJALE", "\r\n");
    add(
        "ja/utf16le.txt",
        t.clone(),
        utf16(&t, true),
        "KEYJALE",
        "ja",
        "UTF-16LE",
    );
    let t = ja_doc("KEYJABE", "\n");
    add(
        "ja/utf16be.txt",
        t.clone(),
        utf16(&t, false),
        "KEYJABE",
        "ja",
        "UTF-16BE",
    );
    let t = ja_doc("KEYJASJIS", "\r\n");
    add(
        "ja/shift-jis.txt",
        t.clone(),
        legacy(encoding_rs::SHIFT_JIS, &t),
        "KEYJASJIS",
        "ja",
        "Shift_JIS",
    );
    let t = ja_doc("KEYJAEUC", "\r");
    add(
        "ja/euc-jp.txt",
        t.clone(),
        legacy(encoding_rs::EUC_JP, &t),
        "KEYJAEUC",
        "ja",
        "EUC-JP",
    );
    let t = html_doc("KEYJAHTML", "\r\n", "Shift_JIS", "ja");
    add(
        "ja/page-sjis.html",
        t.clone(),
        legacy(encoding_rs::SHIFT_JIS, &t),
        "KEYJAHTML",
        "ja",
        "Shift_JIS",
    );
    let t = law_xml("KEYJALAW", "\r");
    add(
        "ja/law.xml",
        t.clone(),
        t.into_bytes(),
        "KEYJALAW",
        "ja",
        "UTF-8",
    );
    let t = law_xml("KEYJALAWEUC", "\r\n").replace("UTF-8", "EUC-JP");
    add(
        "ja/law-euc.xml",
        t.clone(),
        legacy(encoding_rs::EUC_JP, &t),
        "KEYJALAWEUC",
        "ja",
        "EUC-JP",
    );
    v
}

/// Bad files: name, bytes, expected reason (a substring of it).
fn bad_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let noise: Vec<u8> = (0..6000u32)
        .map(|i| 0x80 + (i.wrapping_mul(2_654_435_761) >> 25) as u8)
        .collect();
    let mut broken_sjis = legacy(encoding_rs::SHIFT_JIS, &ja_doc("X", "\n").repeat(5));
    for (i, b) in broken_sjis.iter_mut().enumerate() {
        if i % 4 == 1 {
            *b = 0xFF;
        }
    }
    let mut broken_euc = legacy(encoding_rs::EUC_JP, &ja_doc("X", "\n").repeat(5));
    for (i, b) in broken_euc.iter_mut().enumerate() {
        if i % 5 == 2 {
            *b = 0xA0;
        }
    }
    // Unpaired surrogates, one in three code units.
    let mut broken_utf16 = utf16(&ja_doc("X", "\n"), true);
    for i in (2..broken_utf16.len() - 1).step_by(6) {
        broken_utf16[i] = 0x00;
        broken_utf16[i + 1] = 0xD8;
    }
    let mut huge = vec![b'a'; (1 << 20) + 10];
    huge.extend_from_slice(b"\nend\n");
    vec![
        ("empty.txt", vec![], "0-byte file"),
        ("ja/empty.md", vec![], "0-byte file"),
        ("blank.txt", b"  \n\n\t\r\n".to_vec(), "only whitespace"),
        (
            "ja/blank-utf16.txt",
            utf16("\u{3000} \n\n", true),
            "only whitespace",
        ),
        (
            "scan.pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
            "text extraction from PDF is not supported yet",
        ),
        (
            "ja/no-magic.pdf",
            b"a truncated download".to_vec(),
            "text extraction from PDF is not supported yet",
        ),
        (
            "photo.jpg",
            b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec(),
            "image: not text",
        ),
        (
            "ja/photo-without-extension",
            b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec(),
            "JPEG image",
        ),
        (
            "figure.png",
            b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR".to_vec(),
            "image",
        ),
        ("bundle.zip", b"PK\x03\x04\x14\0\0\0".to_vec(), "archive"),
        (
            "records.dat",
            b"text\0with\0nul".to_vec(),
            "contains NUL bytes",
        ),
        ("noise.txt", noise, "invalid bytes beyond repair"),
        (
            "ja/broken-sjis.txt",
            broken_sjis,
            "invalid bytes beyond repair",
        ),
        ("minified.txt", huge, "a single line of"),
        (
            "ja/one-line-sjis.txt",
            legacy(encoding_rs::SHIFT_JIS, &"あ".repeat(400_000)),
            "a single line of",
        ),
        (
            "en/one-line-utf16.txt",
            utf16(&"word ".repeat(220_000), true),
            "a single line of",
        ),
        (
            "ja/blank-sjis.txt",
            legacy(encoding_rs::SHIFT_JIS, "\u{3000}\u{3000}\r\n\u{3000}\r\n"),
            "only whitespace",
        ),
        (
            "ja/broken-euc.txt",
            broken_euc,
            "invalid bytes beyond repair",
        ),
        (
            "ja/broken-utf16.txt",
            broken_utf16,
            "invalid bytes beyond repair",
        ),
        (
            "ja/only-navigation.html",
            b"<html><body><nav>menu</nav><script>x()</script></body></html>".to_vec(),
            "no text passages found",
        ),
    ]
}

const CATALOG: &str = r#"# hand-edited
[[document]]
path = "en/plain-utf8.txt"
id = "en-plain"
title = "Catalogued English Plain Text"
year = 2021
lang = "en"

[[document]]
path = "ja/shift-jis.txt"
year = "next year"

[[document]]
path = "ja/euc-jp.txt"
title = "EUC-JP 文書"
publisher = "文部科学省"
"#;

#[test]
fn bad_inputs_are_skipped_with_reasons_and_the_rest_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let idx = tmp.path().join("index");
    let good = good_files();
    for g in &good {
        write(&corpus.join(g.name), &g.bytes);
    }
    let bad = bad_files();
    for (name, bytes, _) in &bad {
        write(&corpus.join(name), bytes);
    }
    write(&corpus.join("catalog.toml"), CATALOG);
    let mut walk_bad: Vec<(PathBuf, &str)> = Vec::new();
    std::os::unix::fs::symlink("nowhere.txt", corpus.join("en/broken-link.txt")).unwrap();
    walk_bad.push((corpus.join("en/broken-link.txt"), "broken symlink"));
    std::fs::create_dir_all(corpus.join("ja/sub")).unwrap();
    std::os::unix::fs::symlink("..", corpus.join("ja/sub/loop")).unwrap();
    walk_bad.push((corpus.join("ja/sub/loop"), "directory loop"));
    let locked = corpus.join("en/unreadable.txt");
    if !is_root() {
        use std::os::unix::fs::PermissionsExt;
        write(&locked, en_doc("KEYLOCKED", "\n"));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        walk_bad.push((locked, "cannot read"));
    } else if Path::new("/proc/self/mem").exists() {
        // Permissions do not stop root; a file whose read fails (EIO) stands in for them.
        std::os::unix::fs::symlink("/proc/self/mem", &locked).unwrap();
        walk_bad.push((locked, "cannot read"));
    }

    let out = run(&["index", s(&corpus), "--index", s(&idx)]);
    let e = err(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    // Every bad file on one line, once, with its reason.
    let mut expected: Vec<(PathBuf, &str)> = bad
        .iter()
        .map(|(n, _, why)| (corpus.join(n), *why))
        .collect();
    expected.extend(walk_bad);
    for (path, why) in &expected {
        let prefix = format!("polsearch: skipped {}: ", path.display());
        let lines: Vec<&str> = e.lines().filter(|l| l.starts_with(&prefix)).collect();
        assert_eq!(lines.len(), 1, "{prefix} in\n{e}");
        assert!(lines[0].contains(why), "{} lacks {why:?}", lines[0]);
    }
    let skipped = e.lines().filter(|l| l.contains(": skipped ")).count();
    assert_eq!(skipped, expected.len(), "{e}");
    assert!(
        e.contains(&format!("{} skipped", expected.len())),
        "summary: {e}"
    );
    // The malformed catalog entry is one line with file and line; the others apply.
    let cat_line = format!(
        "polsearch: catalog: {}:",
        corpus.join("catalog.toml").display()
    );
    let cat_errors: Vec<&str> = e.lines().filter(|l| l.starts_with(&cat_line)).collect();
    assert_eq!(cat_errors.len(), 1, "{e}");
    assert!(
        cat_errors[0].starts_with(&format!("{cat_line}11:")),
        "{}",
        cat_errors[0]
    );
    // The repaired file is indexed with a warning.
    assert!(
        e.lines().any(|l| l.contains("warning")
            && l.contains("stray-byte.txt")
            && l.contains("1 invalid byte sequence")),
        "{e}"
    );

    // Everything else is indexed, in the right language and encoding.
    let docs = json(&run(&["docs", "--index", s(&idx), "--json"]));
    let docs = docs["documents"].as_array().unwrap();
    assert_eq!(docs.len(), good.len(), "{docs:#?}");
    for g in &good {
        let path = corpus.join(g.name).display().to_string();
        let d = docs
            .iter()
            .find(|d| d["path"] == path.as_str())
            .unwrap_or_else(|| panic!("{} not indexed", g.name));
        assert_eq!(d["lang"], g.lang, "{}", g.name);
        assert_eq!(d["encoding"], g.encoding, "{}", g.name);
        // Its key is found, and the cited lines hold it, counted as an editor counts them.
        let hits = json(&run(&["search", g.key, "--index", s(&idx), "--json"]));
        let hits = hits["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{} not found", g.key);
        let hit = &hits[0];
        assert_eq!(hit["document"]["path"], path.as_str());
        let lines = editor_lines(&g.text);
        let (a, b) = (
            hit["lines"]["start"].as_u64().unwrap() as usize,
            hit["lines"]["end"].as_u64().unwrap() as usize,
        );
        let span = lines[a - 1..b].join("\n");
        assert!(
            span.contains(g.key),
            "{}: lines {a}-{b} lack {}: {span:?}",
            g.name,
            g.key
        );
    }
    let title = |p: &str| {
        docs.iter()
            .find(|d| d["path"] == corpus.join(p).display().to_string().as_str())
            .unwrap()
            .clone()
    };
    assert_eq!(title("en/plain-utf8.txt")["id"], "en-plain");
    assert_eq!(
        title("en/plain-utf8.txt")["title"],
        "Catalogued English Plain Text"
    );
    assert_eq!(title("en/plain-utf8.txt")["year"], 2021);
    assert_eq!(title("ja/euc-jp.txt")["title"], "EUC-JP 文書");
    assert_eq!(title("ja/euc-jp.txt")["publisher"], "文部科学省");
    assert!(title("ja/shift-jis.txt")["year"].is_null());
    assert_eq!(title("ja/page-sjis.html")["title"], "研究開発政策");
    // HTML boilerplate, scripts and navigation are not indexed.
    for word in ["SCRIPTWORD", "NAVWORD", "FOOTERWORD"] {
        let o = run(&["search", word, "--index", s(&idx)]);
        assert_eq!(o.status.code(), Some(1), "{word} was indexed");
    }
    // Japanese from legacy encodings is searchable as Japanese.
    let o = json(&run(&[
        "search",
        "若手研究者",
        "--index",
        s(&idx),
        "--json",
        "--limit",
        "100",
    ]));
    assert!(o["total"].as_u64().unwrap() >= 7, "{o}");

    // A second run: nothing to do, the same files skipped, the same exit status.
    let again = run(&["index", s(&corpus), "--index", s(&idx)]);
    let e2 = err(&again);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        e2.contains(&format!(
            "0 added, 0 updated, 0 removed, {} unchanged, {} skipped",
            good.len(),
            expected.len()
        )),
        "{e2}"
    );
    // check agrees: in sync, and lists what index skips.
    let c = run(&["check", s(&corpus), "--index", s(&idx)]);
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stdout)
    );
    let cj = json(&run(&["check", s(&corpus), "--index", s(&idx), "--json"]));
    assert_eq!(cj["in_sync"], true);
    assert_eq!(cj["skipped"].as_array().unwrap().len(), expected.len());
    assert_eq!(cj["up_to_date"], good.len());
}

/// Everything the index holds, independent of when it was written: documents (without
/// `indexed_at`) and every passage by id.
fn snapshot(idx: &Path) -> (BTreeMap<String, Value>, BTreeMap<String, Value>) {
    let pol = PolIndex::open(idx).unwrap();
    let reader = pol.reader().unwrap();
    let searcher = reader.searcher();
    let mut docs = BTreeMap::new();
    for d in pol.documents(&searcher).unwrap() {
        let mut v = serde_json::to_value(&d).unwrap();
        v.as_object_mut().unwrap().remove("indexed_at");
        docs.insert(d.path.clone(), v);
    }
    let addrs = searcher
        .search(
            &*pol.rec_query(REC_PASSAGE),
            &tantivy::collector::DocSetCollector,
        )
        .unwrap();
    let mut passages = BTreeMap::new();
    for a in addrs {
        let doc: tantivy::TantivyDocument = searcher.doc(a).unwrap();
        let p = pol.passage_from_doc(&doc).unwrap();
        let v = serde_json::json!({
            "doc": p.doc_id,
            "ord": p.ord,
            "text": p.passage.text,
            "lines": [p.passage.line_start, p.passage.line_end],
            "section": p.passage.section_path,
            "paragraph": p.passage.paragraph,
            "facets": serde_json::to_value(&p.passage.facets).unwrap(),
        });
        assert!(
            passages.insert(p.passage.id.clone(), v).is_none(),
            "duplicate passage id {}",
            p.passage.id
        );
    }
    (docs, passages)
}

fn ids_of(snap: &BTreeMap<String, Value>, doc: &str) -> Vec<String> {
    let mut v: Vec<(u64, String)> = snap
        .iter()
        .filter(|(_, p)| p["doc"] == doc)
        .map(|(id, p)| (p["ord"].as_u64().unwrap(), id.clone()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, id)| id).collect()
}

fn summary_counts(e: &str) -> [usize; 5] {
    let line = e
        .lines()
        .find(|l| l.starts_with("indexed "))
        .unwrap_or_else(|| panic!("no summary in {e}"));
    let n = |what: &str| -> usize {
        let at = line.find(&format!(" {what}")).unwrap();
        line[..at]
            .rsplit([' ', ',', ':'])
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    [
        n("added"),
        n("updated"),
        n("removed"),
        n("unchanged"),
        n("skipped"),
    ]
}

#[test]
fn incremental_runs_match_a_rebuild_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let idx = tmp.path().join("index");
    for i in 0..6 {
        write(
            &corpus.join(format!("en/doc{i}.txt")),
            en_doc(&format!("KEYEN{i}"), "\n"),
        );
        write(
            &corpus.join(format!("ja/doc{i}.txt")),
            legacy(
                encoding_rs::SHIFT_JIS,
                &ja_doc(&format!("KEYJA{i}"), "\r\n"),
            ),
        );
    }
    write(
        &corpus.join("web/page.html"),
        html_doc("KEYWEB", "\n", "utf-8", "en"),
    );
    write(&corpus.join("slug/a.txt"), en_doc("KEYSLUGTXT", "\n"));
    write(
        &corpus.join("catalog.toml"),
        "[[document]]\npath = \"en/doc1.txt\"\nid = \"catalogued-one\"\ntitle = \"One\"\n\n\
         [[document]]\npath = \"en/doc2.txt\"\nid = \"catalogued-two\"\ntitle = \"Two\"\n",
    );
    let index = || run(&["index", s(&corpus), "--index", s(&idx)]);
    let first = index();
    assert_eq!(first.status.code(), Some(0), "{}", err(&first));
    assert_eq!(summary_counts(&err(&first)), [14, 0, 0, 0, 0]);
    let (_, p1) = snapshot(&idx);
    let before_doc0 = ids_of(&p1, "en-doc0");
    let before_doc3 = ids_of(&p1, "ja-doc3");
    let before_two = ids_of(&p1, "catalogued-two");

    // Between runs: modify one paragraph, add, delete, rename (catalogued and not), touch
    // without change, edit a catalog entry, add a file whose id clashes with an indexed one.
    let d0 = corpus.join("en/doc0.txt");
    let changed = en_doc("KEYEN0", "\n").replace(
        "Competitive grants were expanded",
        "Competitive grants were doubled",
    );
    write(&d0, &changed);
    write(&corpus.join("en/new.txt"), en_doc("KEYNEW", "\n"));
    std::fs::remove_file(corpus.join("ja/doc5.txt")).unwrap();
    std::fs::rename(
        corpus.join("en/doc2.txt"),
        corpus.join("en/doc2-renamed.txt"),
    )
    .unwrap();
    std::fs::rename(
        corpus.join("ja/doc4.txt"),
        corpus.join("ja/doc4-renamed.txt"),
    )
    .unwrap();
    let d3 = corpus.join("ja/doc3.txt");
    let bytes = std::fs::read(&d3).unwrap();
    write(&d3, bytes);
    write(
        &corpus.join("catalog.toml"),
        "[[document]]\npath = \"en/doc1.txt\"\nid = \"catalogued-one\"\ntitle = \"One, retitled\"\n\n\
         [[document]]\npath = \"en/doc2-renamed.txt\"\nid = \"catalogued-two\"\ntitle = \"Two\"\n",
    );
    // `a.md` sorts before `a.txt` and claims the same default id (`slug-a`).
    write(
        &corpus.join("slug/a.md"),
        "# Slug clash\n\nMarkdown text KEYSLUGMD here.\n",
    );

    // check sees it all and changes nothing.
    let c = json(&run(&["check", s(&corpus), "--index", s(&idx), "--json"]));
    assert_eq!(c["in_sync"], false);
    let paths = |k: &str| -> Vec<String> {
        c[k].as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let p = if v.is_array() { &v[0] } else { v };
                Path::new(p.as_str().unwrap())
                    .strip_prefix(&corpus)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect()
    };
    let mut missing = paths("missing");
    missing.sort();
    assert_eq!(
        missing,
        vec![
            "en/doc2-renamed.txt",
            "en/new.txt",
            "ja/doc4-renamed.txt",
            "slug/a.md"
        ]
    );
    let mut stale = paths("stale");
    stale.sort();
    assert_eq!(stale, vec!["en/doc0.txt", "en/doc1.txt", "slug/a.txt"]);
    let mut orphaned = paths("orphaned");
    orphaned.sort();
    assert_eq!(orphaned, vec!["en/doc2.txt", "ja/doc4.txt", "ja/doc5.txt"]);
    assert_eq!(snapshot(&idx).1, p1, "check changed the index");

    let second = index();
    assert_eq!(second.status.code(), Some(0), "{}", err(&second));
    // added: new, doc2-renamed, doc4-renamed, a.md; updated: doc0 (text), doc1 (catalog),
    // a.txt (id now suffixed); removed: doc2, doc4, doc5; unchanged: the other 8.
    assert_eq!(summary_counts(&err(&second)), [4, 3, 3, 8, 0]);
    let (d2, p2) = snapshot(&idx);

    // Stable ids: an unchanged document keeps all of them, a changed one keeps those of its
    // unchanged paragraphs, a renamed catalogued one keeps its id and passage ids.
    assert_eq!(ids_of(&p2, "ja-doc3"), before_doc3);
    assert_eq!(ids_of(&p2, "catalogued-two"), before_two);
    let after_doc0 = ids_of(&p2, "en-doc0");
    assert_eq!(after_doc0.len(), before_doc0.len());
    let kept = after_doc0
        .iter()
        .filter(|i| before_doc0.contains(i))
        .count();
    assert_eq!(
        kept,
        before_doc0.len() - 1,
        "{before_doc0:?} → {after_doc0:?}"
    );
    assert_eq!(
        d2[&corpus.join("en/doc1.txt").display().to_string()]["meta"]["title"],
        "One, retitled"
    );
    assert_eq!(
        d2[&corpus.join("slug/a.md").display().to_string()]["meta"]["id"],
        "slug-a"
    );

    // The same state as a build from scratch: same documents, same passages, same ids.
    let fresh = tmp.path().join("fresh");
    let o = run(&["index", s(&corpus), "--index", s(&fresh)]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let (df, pf) = snapshot(&fresh);
    assert_eq!(p2, pf);
    assert_eq!(d2, df);
    // And `--rebuild` gives it too.
    let o = run(&["index", s(&corpus), "--index", s(&idx), "--rebuild"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(snapshot(&idx), (df, pf));
    let c = run(&["check", s(&corpus), "--index", s(&idx)]);
    assert_eq!(c.status.code(), Some(0));

    // --keep-missing keeps a deleted file's document; check calls it orphaned.
    std::fs::remove_file(corpus.join("en/new.txt")).unwrap();
    let o = run(&["index", s(&corpus), "--index", s(&idx), "--keep-missing"]);
    assert_eq!(summary_counts(&err(&o)), [0, 0, 0, 14, 0]);
    let hits = json(&run(&["search", "KEYNEW", "--index", s(&idx), "--json"]));
    assert_eq!(hits["total"], 1);
    let c = json(&run(&["check", s(&corpus), "--index", s(&idx), "--json"]));
    assert_eq!(c["orphaned"].as_array().unwrap().len(), 1);
    let o = index();
    assert_eq!(summary_counts(&err(&o)), [0, 0, 1, 14, 0]);
}

/// A corpus large enough that indexing it takes a while: `n` files, EN and JA alternating.
fn big_corpus(dir: &Path, range: std::ops::Range<usize>, variant: &str) {
    for i in range {
        let mut text = String::new();
        if i % 2 == 0 {
            for s in 1..=3 {
                text.push_str(&format!("Section {s} Topic {i} {variant}\n\n"));
                for p in 0..4 {
                    text.push_str(&format!(
                        "Paragraph {p} of document {i} {variant} reviews science policy, open innovation, startup funding and university reform in FY{} across ministries.\n\n",
                        2015 + (i + p) % 8
                    ));
                }
            }
            write(&dir.join(format!("en/d{i:04}.txt")), text);
        } else {
            for s in 1..=3 {
                text.push_str(&format!("第{s}節　主題{i}{variant}\n\n"));
                for p in 0..4 {
                    text.push_str(&format!(
                        "文書{i}の段落{p}{variant}では、科学技術・イノベーション政策と大学改革、研究開発の推進について令和{}年度の取組を述べる。\n\n",
                        1 + (i + p) % 5
                    ));
                }
            }
            write(&dir.join(format!("ja/d{i:04}.txt")), text);
        }
    }
}

#[test]
fn killed_indexer_leaves_a_working_index_and_a_rerun_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let idx = tmp.path().join("index");
    big_corpus(&corpus, 0..40, "");
    let o = run(&["index", s(&corpus), "--index", s(&idx), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let committed = snapshot(&idx);
    // Work for the next run: many new files, some changed, some deleted.
    big_corpus(&corpus, 40..260, "");
    big_corpus(&corpus, 0..6, " revised");
    for i in [7, 9, 11] {
        std::fs::remove_file(corpus.join(format!("ja/d{i:04}.txt"))).unwrap();
    }
    // A clean build of the final corpus, timed to spread the kills over a whole run
    // (the last ones land in the final commit).
    let fresh = tmp.path().join("fresh");
    let t = Instant::now();
    let o = run(&["index", s(&corpus), "--index", s(&fresh), "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let full = t.elapsed().as_millis() as u64;
    let args = ["index", s(&corpus), "--index", s(&idx), "-q"];
    let mut states = Vec::new();
    for (n, percent) in [5u64, 30, 50, 70, 90, 97, 100].into_iter().enumerate() {
        let delay = full * percent / 100;
        let mut child = spawn(&args);
        std::thread::sleep(Duration::from_millis(delay));
        if n == 2 {
            // Ctrl-C: a clean stop that commits nothing.
            // SAFETY: sending a signal to our own child process.
            unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        } else {
            child.kill().unwrap(); // SIGKILL
        }
        let out = child.wait_with_output().unwrap();
        if n == 2 {
            // Half-way through, Ctrl-C finds the run going (or, on a slow day, finished).
            assert!(
                matches!(out.status.code(), Some(130) | Some(0)),
                "{:?} {}",
                out.status,
                err(&out)
            );
        }
        if n == 2 && out.status.code() == Some(130) {
            let e = err(&out);
            assert_eq!(
                e.trim(),
                "polsearch: interrupted: nothing committed; the index keeps its last committed state"
            );
        }
        // The index opens and answers.
        let o = run(&["search", "science", "--index", s(&idx), "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        let st = run(&["stats", "--index", s(&idx)]);
        assert_eq!(st.status.code(), Some(0), "{}", err(&st));
        states.push(snapshot(&idx));
    }
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let done = snapshot(&idx);
    // Every interrupted state is the last committed one (or the finished one, when the run
    // ended before the signal).
    for st in &states {
        assert!(
            *st == committed || *st == done,
            "a half-done state was committed"
        );
    }
    eprintln!(
        "kill test: {} of {} interrupted runs left the last committed state",
        states.iter().filter(|s| **s == committed).count(),
        states.len()
    );
    assert_eq!(done, snapshot(&fresh));
    let c = run(&["check", s(&corpus), "--index", s(&idx)]);
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stdout)
    );
}

#[test]
fn two_indexers_at_once_and_search_during_indexing() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let idx = tmp.path().join("index");
    big_corpus(&corpus, 0..10, "");
    let o = run(&["index", s(&corpus), "--index", s(&idx), "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let base_docs = 10;
    big_corpus(&corpus, 10..250, "");

    // A lock held by another writer: the indexer fails fast with a clear message.
    {
        use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
        let dir = MmapDirectory::open(&idx).unwrap();
        let _lock = dir.acquire_lock(&INDEX_WRITER_LOCK).unwrap();
        let t = Instant::now();
        let o = run(&["index", s(&corpus), "--index", s(&idx)]);
        assert_eq!(o.status.code(), Some(2));
        let e = err(&o);
        assert_eq!(e.trim().lines().count(), 1, "{e}");
        assert!(e.contains("index is locked by another indexer"), "{e}");
        assert!(e.contains(s(&idx)), "{e}");
        assert!(t.elapsed() < Duration::from_secs(10));
        let o = run(&["index", s(&corpus), "--index", s(&idx), "--rebuild"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("index is locked by another indexer"));
    }

    // Two real indexers: exactly one works, the other is refused; searches meanwhile see
    // the last committed state.
    let args = ["index", s(&corpus), "--index", s(&idx), "-q"];
    let mut a = spawn(&args);
    std::thread::sleep(Duration::from_millis(300));
    let b = spawn(&args).wait_with_output().unwrap();
    let mut searched = 0;
    while a.try_wait().unwrap().is_none() {
        let o = run(&["search", "science", "--index", s(&idx), "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        let st = json(&run(&["stats", "--index", s(&idx), "--json"]));
        let n = st["documents"].as_u64().unwrap();
        assert!(n == base_docs || n == 250, "partial state: {n} documents");
        searched += 1;
    }
    let a = a.wait_with_output().unwrap();
    let locked = |o: &Output| {
        o.status.code() == Some(2) && err(o).contains("index is locked by another indexer")
    };
    assert!(
        (a.status.code() == Some(0) && locked(&b)) || (b.status.code() == Some(0) && locked(&a)),
        "a: {:?} {}\nb: {:?} {}",
        a.status,
        err(&a),
        b.status,
        err(&b)
    );
    assert!(searched > 0 || b.status.code() == Some(0));
    let st = json(&run(&["stats", "--index", s(&idx), "--json"]));
    assert_eq!(st["documents"], 250);
}

#[test]
fn foreign_damaged_and_outdated_index_folders_are_errors_naming_them() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    big_corpus(&corpus, 0..2, "");
    let one_line_error = |o: &Output, names: &Path| {
        let e = err(o);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert_eq!(e.trim().lines().count(), 1, "{e}");
        assert!(e.contains(s(names)), "{e}");
        assert!(!e.contains("panicked"), "{e}");
        e
    };
    // A folder of someone else's files: refused, untouched, even by --rebuild.
    let foreign = tmp.path().join("papers");
    write(&foreign.join("notes.txt"), "mine");
    for extra in [&[][..], &["--rebuild"][..]] {
        let mut args = vec!["index", s(&corpus), "--index", s(&foreign)];
        args.extend_from_slice(extra);
        one_line_error(&run(&args), &foreign);
        assert_eq!(
            std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
    }
    one_line_error(&run(&["search", "x", "--index", s(&foreign)]), &foreign);
    // A file given as the index folder.
    let file = tmp.path().join("file.txt");
    write(&file, "x");
    one_line_error(&run(&["index", s(&corpus), "--index", s(&file)]), &file);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");

    // Damaged indexes: an error naming the folder, never a panic; --rebuild repairs.
    for damage in ["meta", "segment", "marker"] {
        let idx = tmp.path().join(format!("index-{damage}"));
        let o = run(&["index", s(&corpus), "--index", s(&idx), "-q"]);
        assert_eq!(o.status.code(), Some(0));
        match damage {
            "meta" => write(&idx.join("meta.json"), "{ not json"),
            "segment" => {
                for f in std::fs::read_dir(&idx).unwrap() {
                    let f = f.unwrap().path();
                    if f.extension().is_some_and(|e| e == "store") {
                        std::fs::remove_file(f).unwrap();
                    }
                }
            }
            _ => write(&idx.join("polsearch.json"), "{\"format\": \"polsearch\""),
        }
        for args in [
            vec!["search", "science", "--index", s(&idx)],
            vec!["index", s(&corpus), "--index", s(&idx)],
            vec!["stats", "--index", s(&idx)],
            vec!["docs", "--index", s(&idx)],
            vec!["check", s(&corpus), "--index", s(&idx)],
        ] {
            one_line_error(&run(&args), &idx);
        }
        let o = run(&["index", s(&corpus), "--index", s(&idx), "--rebuild"]);
        if damage == "marker" {
            // Without a readable marker the folder cannot be told from someone else's.
            one_line_error(&o, &idx);
            assert!(idx.join("meta.json").exists());
        } else {
            assert_eq!(o.status.code(), Some(0), "{}", err(&o));
            let o = run(&["search", "science", "--index", s(&idx)]);
            assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        }
    }

    // An index of another format version asks for --rebuild, which fixes it.
    let idx = tmp.path().join("index-old");
    assert_eq!(
        run(&["index", s(&corpus), "--index", s(&idx), "-q"])
            .status
            .code(),
        Some(0)
    );
    write(
        &idx.join("polsearch.json"),
        "{\"format\": \"polsearch\", \"version\": 999}",
    );
    let e = one_line_error(&run(&["search", "science", "--index", s(&idx)]), &idx);
    assert!(e.contains("--rebuild"), "{e}");
    let e = one_line_error(&run(&["index", s(&corpus), "--index", s(&idx)]), &idx);
    assert!(e.contains("--rebuild"), "{e}");
    let o = run(&["index", s(&corpus), "--index", s(&idx), "--rebuild"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        err(&o).contains(&format!("into {}:", idx.display())),
        "{}",
        err(&o)
    );
    let o = run(&["search", "science", "--index", s(&idx)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!tmp.path().join(".index-old.rebuild").exists());
    assert!(!tmp.path().join(".index-old.old").exists());

    // A missing corpus path is an error naming it.
    let nowhere = tmp.path().join("nowhere");
    one_line_error(&run(&["index", s(&nowhere), "--index", s(&idx)]), &nowhere);
}

#[test]
fn stats_docs_options_and_quiet_output() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let idx = tmp.path().join("index");
    big_corpus(&corpus, 0..6, "");
    write(
        &corpus.join("catalog.toml"),
        "[[document]]\npath = \"en/d0000.txt\"\nid = \"d-zero\"\ntitle = \"Zero\"\npublisher = \"MEXT\"\nyear = 2020\n",
    );
    // Options are checked and named.
    let o = run(&["index", s(&corpus), "--index", s(&idx), "--memory", "8"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--memory 8"), "{}", err(&o));
    assert!(!idx.exists(), "a refused run creates nothing");
    // Piped: no progress bar, a summary; --quiet: nothing at all on a clean corpus.
    let o = run(&[
        "index",
        s(&corpus),
        "--index",
        s(&idx),
        "--threads",
        "1",
        "--memory",
        "16",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(!e.contains('\r') && !e.contains('\x1b'), "{e:?}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("6 added") && e.contains("MB/s"), "{e}");
    let o = run(&["index", s(&corpus), "--index", s(&idx), "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty() && o.stdout.is_empty());

    let st = json(&run(&["stats", "--index", s(&idx), "--json"]));
    assert_eq!(st["schema"], "polsearch.stats.v1");
    assert_eq!(st["documents"], 6);
    assert_eq!(st["passages"], 6 * 12);
    assert_eq!(st["languages"]["en"]["documents"], 3);
    assert_eq!(st["languages"]["ja"]["passages"], 3 * 12);
    assert!(st["size_on_disk"].as_u64().unwrap() > 0);
    assert!(st["last_indexed"].as_str().unwrap().ends_with('Z'));
    let text = String::from_utf8(run(&["stats", "--index", s(&idx)]).stdout).unwrap();
    for k in ["documents", "passages", "size on disk", "last indexed"] {
        assert!(text.contains(k), "{text}");
    }

    let docs = json(&run(&["docs", "--index", s(&idx), "--json"]));
    assert_eq!(docs["schema"], "polsearch.docs.v1");
    let list = docs["documents"].as_array().unwrap();
    assert_eq!(list.len(), 6);
    for d in list {
        for k in [
            "id",
            "title",
            "publisher",
            "year",
            "lang",
            "passages",
            "path",
            "hash",
            "indexed_at",
        ] {
            assert!(d.get(k).is_some(), "{k} missing in {d}");
        }
    }
    let zero = list.iter().find(|d| d["id"] == "d-zero").unwrap();
    assert_eq!(zero["publisher"], "MEXT");
    assert_eq!(zero["year"], 2020);
    assert_eq!(zero["passages"], 12);
    assert_eq!(zero["hash"].as_str().unwrap().len(), 64);
    let text = String::from_utf8(run(&["docs", "--index", s(&idx)]).stdout).unwrap();
    assert!(text.contains("Zero — MEXT — 2020"), "{text}");
    assert!(text.contains("6 documents"), "{text}");
}
