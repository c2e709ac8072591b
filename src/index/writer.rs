//! Building and updating an index from a corpus: walk → hash → (unchanged? skip) → read,
//! decode, parse, extract facets (in parallel with rayon) → write passages and a document
//! record → commit once at the end. Re-running is incremental by content hash.
//!
//! Depends on [`crate::corpus`], [`crate::parse`], [`crate::model`] and [`super`].

use super::{DocRecord, IndexError, PassageData, PolIndex, REC_DOC, REC_PASSAGE};
use crate::analysis;
use crate::corpus::{self, catalog::Catalog, decode, SkipReason, SourceFile};
use crate::facets::{Registry, RegistryRef, BUILTIN_TOML};
use crate::model::{DocMeta, Document, Lang};
use crate::parse::{self, Format};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::schema::Value;
use tantivy::{doc, IndexWriter, TantivyDocument, Term};

/// Options of an index run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files and folders to index.
    pub roots: Vec<PathBuf>,
    /// Parallel parsing threads (0 = all cores).
    pub threads: usize,
    /// tantivy writer memory budget in MB.
    pub memory_mb: usize,
    /// Keep documents whose files are gone from the roots.
    pub keep_missing: bool,
    /// Accept files with very long lines (XML on one line is always accepted).
    pub allow_long_lines: bool,
    /// Registry of ministries and programs (`None`: the shipped `data/registry.toml`).
    pub registry: Option<PathBuf>,
    /// Re-parse every file even when unchanged.
    pub force: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            roots: vec![PathBuf::from("corpus")],
            threads: 0,
            memory_mb: 256,
            keep_missing: false,
            allow_long_lines: false,
            registry: None,
            force: false,
        }
    }
}

/// What an index run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IndexReport {
    /// Documents added.
    pub added: usize,
    /// Documents replaced because their content changed.
    pub updated: usize,
    /// Documents removed because their files are gone.
    pub removed: usize,
    /// Documents unchanged since the last run.
    pub unchanged: usize,
    /// Files skipped, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Catalog problems (`file:line: what`).
    pub catalog_errors: Vec<String>,
    /// Documents in the index after the run.
    pub documents: usize,
    /// Passages written in this run.
    pub passages: usize,
    /// Bytes of the files parsed in this run.
    pub bytes: u64,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl IndexReport {
    /// Throughput over the files parsed in this run.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

/// Outcome of preparing one file.
enum Prepared {
    Unchanged(String),
    Parsed(Box<Document>, &'static str, Vec<TantivyDocument>),
    Skipped(String, SkipReason),
}

/// Reads, decodes and parses one file into a document.
pub fn load_document(
    file: &SourceFile,
    catalog: &Catalog,
    reg: &Registry,
    allow_long_lines: bool,
) -> Result<(Document, &'static str), SkipReason> {
    let bytes = std::fs::read(&file.path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    document_from_bytes(file, &bytes, hash, catalog, reg, allow_long_lines)
}

fn document_from_bytes(
    file: &SourceFile,
    bytes: &[u8],
    hash: String,
    catalog: &Catalog,
    reg: &Registry,
    allow_long_lines: bool,
) -> Result<(Document, &'static str), SkipReason> {
    let is_xml = file
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    let decoded = decode::decode(bytes, allow_long_lines || is_xml)?;
    let format = Format::detect(&file.path, &decoded.text);
    let parsed = parse::parse(&decoded.text, format);
    if parsed.passages.is_empty() {
        return Err(SkipReason::NoPassages);
    }
    let entry = catalog.get(&file.path);
    let mut meta = entry.map(|e| e.meta.clone()).unwrap_or_default();
    if meta.id.is_empty() {
        meta.id = default_doc_id(file);
    }
    if meta.title.is_empty() {
        meta.title = parsed.title.clone().unwrap_or_else(|| {
            file.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    }
    if !entry.is_some_and(|e| e.has_lang) {
        meta.lang = match format {
            Format::PlainEn => Lang::En,
            Format::PlainJa | Format::StatuteJa | Format::EgovXml => Lang::Ja,
            Format::Markdown => Lang::detect(&decoded.text),
        };
    }
    let mut passages = parsed.passages;
    parse::assign_ids(&meta.id, &mut passages);
    crate::facets::extract_document(reg, &mut passages);
    Ok((
        Document {
            meta,
            path: file.display.clone(),
            hash,
            bytes: bytes.len() as u64,
            headings: parsed.headings,
            passages,
        },
        decoded.encoding,
    ))
}

/// Document id of a file without a catalog id: slug of its path below the root, without
/// the extension.
pub fn default_doc_id(file: &SourceFile) -> String {
    let rel = file.path.strip_prefix(&file.root).unwrap_or(&file.path);
    let rel = rel.with_extension("");
    parse::slug(&rel.to_string_lossy())
}

/// Runs an index pass: adds new files, replaces changed ones, removes missing ones, and
/// commits once. A file that cannot be indexed is reported and skipped.
pub fn index(
    pol: &PolIndex,
    opts: &IndexOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<IndexReport, IndexError> {
    let start = Instant::now();
    let mut report = IndexReport::default();
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.threads
    };
    let mut writer: IndexWriter = pol
        .index
        .writer_with_num_threads(threads.min(8), opts.memory_mb.max(16 * threads) << 20)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(pol.path.clone()),
            other => IndexError::Tantivy(other),
        })?;

    // What the index holds now: path → (doc id, hash).
    let reader = pol.reader()?;
    let searcher = reader.searcher();
    let existing: HashMap<String, DocRecord> = pol
        .documents(&searcher)?
        .into_iter()
        .map(|d| (d.path.clone(), d))
        .collect();

    let (files, walk_errors) = corpus::walk(&opts.roots);
    for (path, why) in walk_errors {
        report.skipped.push((path, why.to_string()));
    }
    // The registry: the one given, else the shipped one. When it differs from the copy the
    // index was built with, every document is re-parsed so facets stay consistent.
    let (reg_text, reg) = match &opts.registry {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| IndexError::Io {
                path: p.clone(),
                source: e,
            })?;
            let r = Registry::from_toml(&text, &p.display().to_string())?;
            (text, RegistryRef::Owned(Box::new(r)))
        }
        None => (
            BUILTIN_TOML.to_string(),
            RegistryRef::Builtin(Registry::builtin()),
        ),
    };
    let reg_file = pol.path.join(super::REGISTRY_FILE);
    let stored = std::fs::read_to_string(&reg_file).ok();
    let force = opts.force
        || (!existing.is_empty() && stored.as_deref().unwrap_or(BUILTIN_TOML) != reg_text);
    let (catalog, catalog_errors) = Catalog::load(&opts.roots);
    report.catalog_errors = catalog_errors;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| IndexError::Tantivy(tantivy::TantivyError::SystemError(e.to_string())))?;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = files.len();
    let mut seen_paths: HashSet<String> = HashSet::new();
    let mut used_ids: HashMap<String, String> = HashMap::new(); // doc id → path
    for d in existing.values() {
        used_ids.insert(d.meta.id.clone(), d.path.clone());
    }
    const BATCH: usize = 64;
    for chunk in files.chunks(BATCH) {
        let prepared: Vec<Prepared> = pool.install(|| {
            chunk
                .par_iter()
                .map(|file| {
                    let r = prepare(
                        &pol.fields,
                        file,
                        &existing,
                        &catalog,
                        &reg,
                        force,
                        opts.allow_long_lines,
                    );
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(n, total);
                    r
                })
                .collect()
        });
        for p in prepared {
            match p {
                Prepared::Unchanged(path) => {
                    seen_paths.insert(path);
                    report.unchanged += 1;
                }
                Prepared::Skipped(path, why) => {
                    // A file that was indexed before and is now unreadable keeps its old
                    // entry: never lose data because of a transient problem.
                    seen_paths.insert(path.clone());
                    report.skipped.push((path, why.to_string()));
                }
                Prepared::Parsed(mut doc, encoding, mut docs) => {
                    seen_paths.insert(doc.path.clone());
                    // A doc id already used by another file gets a path-derived suffix.
                    if let Some(other) = used_ids.get(&doc.meta.id) {
                        if other != &doc.path {
                            let h = blake3::hash(doc.path.as_bytes()).to_hex();
                            doc.meta.id = format!("{}-{}", doc.meta.id, &h[..6]);
                            parse::assign_ids(&doc.meta.id, &mut doc.passages);
                            docs = build_documents(&pol.fields, &doc, encoding);
                        }
                    }
                    if let Some(old) = existing.get(&doc.path) {
                        writer.delete_term(Term::from_field_text(pol.fields.doc_id, &old.meta.id));
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    used_ids.insert(doc.meta.id.clone(), doc.path.clone());
                    report.bytes += doc.bytes;
                    report.passages += doc.passages.len();
                    for td in docs {
                        writer.add_document(td)?;
                    }
                }
            }
        }
    }
    if !opts.keep_missing {
        let roots: Vec<String> = opts.roots.iter().map(|r| r.display().to_string()).collect();
        for (path, d) in &existing {
            let under_root = roots
                .iter()
                .any(|r| path == r || Path::new(path).starts_with(Path::new(r)));
            if under_root && !seen_paths.contains(path) {
                writer.delete_term(Term::from_field_text(pol.fields.doc_id, &d.meta.id));
                report.removed += 1;
            }
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    if stored.as_deref() != Some(reg_text.as_str()) {
        let tmp = pol.path.join(format!("{}.tmp", super::REGISTRY_FILE));
        std::fs::write(&tmp, &reg_text)
            .and_then(|_| std::fs::rename(&tmp, &reg_file))
            .map_err(|e| IndexError::Io {
                path: reg_file.clone(),
                source: e,
            })?;
    }
    let reader = pol.reader()?;
    report.documents = pol.documents(&reader.searcher())?.len();
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn prepare(
    fields: &super::Fields,
    file: &SourceFile,
    existing: &HashMap<String, DocRecord>,
    catalog: &Catalog,
    reg: &Registry,
    force: bool,
    allow_long_lines: bool,
) -> Prepared {
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            return Prepared::Skipped(file.display.clone(), SkipReason::Unreadable(e.to_string()))
        }
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if let Some(old) = existing.get(&file.display) {
        let meta_same = catalog.get(&file.path).is_none_or(|e| {
            e.id.as_deref().is_none_or(|id| id == old.meta.id)
                && catalog_meta_same(&e.meta, &old.meta)
        });
        if old.hash == hash && meta_same && !force {
            return Prepared::Unchanged(file.display.clone());
        }
    }
    match document_from_bytes(file, &bytes, hash, catalog, reg, allow_long_lines) {
        Ok((d, enc)) => {
            let docs = build_documents(fields, &d, enc);
            Prepared::Parsed(Box::new(d), enc, docs)
        }
        Err(why) => Prepared::Skipped(file.display.clone(), why),
    }
}

fn catalog_meta_same(new: &DocMeta, old: &DocMeta) -> bool {
    (new.title.is_empty() || new.title == old.title)
        && new.publisher == old.publisher
        && new.year == old.year
        && new.edition == old.edition
        && new.source == old.source
        && new.licence == old.licence
}

/// Writes one document: its record and its passages.
/// Builds the tantivy documents of one document: its record, then its passages (analysed
/// here, so analysis runs in the parallel stage, not in the writer).
pub fn build_documents(f: &super::Fields, d: &Document, encoding: &str) -> Vec<TantivyDocument> {
    let mut out = Vec::with_capacity(d.passages.len() + 1);
    let record = DocRecord {
        meta: d.meta.clone(),
        path: d.path.clone(),
        hash: d.hash.clone(),
        bytes: d.bytes,
        passages: d.passages.len() as u32,
        encoding: encoding.to_string(),
        indexed_at: super::now_rfc3339(),
    };
    out.push(doc!(
        f.rec => REC_DOC,
        f.doc_id => d.meta.id.clone(),
        f.lang => d.meta.lang.code(),
        f.data => serde_json::to_string(&record).expect("serializable"),
    ));
    // Section paths repeat from passage to passage: analyse each one once.
    let mut heading_tokens: HashMap<&[String], [Vec<tantivy::tokenizer::Token>; 3]> =
        HashMap::new();
    for (ord, p) in d.passages.iter().enumerate() {
        let mut td = TantivyDocument::new();
        td.add_text(f.rec, REC_PASSAGE);
        td.add_text(f.id, &p.id);
        td.add_text(f.doc_id, &d.meta.id);
        td.add_u64(f.ord, ord as u64);
        td.add_text(f.text, &p.text);
        let body_fields = [f.body_en, f.body_ja, f.body_bi];
        for text in std::iter::once(&p.text).chain(p.footnotes.iter().map(|n| &n.text)) {
            for (field, tokens) in body_fields.iter().zip(analysis::analyze_for_index(text)) {
                add_tokens(&mut td, *field, tokens);
            }
        }
        let head = heading_tokens
            .entry(p.section_path.as_slice())
            .or_insert_with(|| analysis::analyze_for_index(&p.section_path.join("\n")));
        for (field, tokens) in [f.head_en, f.head_ja, f.head_bi].iter().zip(head.iter()) {
            add_tokens(&mut td, *field, tokens.clone());
        }
        td.add_text(f.lang, d.meta.lang.code());
        td.add_text(f.kind, p.kind.name());
        for m in p.facets.ministry.iter() {
            td.add_text(f.ministry, format!("m:{m}"));
        }
        for m in p.facets_inherited.ministry.iter() {
            td.add_text(f.ministry, format!("i:{m}"));
        }
        for m in p.facets.program.iter() {
            td.add_text(f.program, format!("m:{m}"));
        }
        for m in p.facets_inherited.program.iter() {
            td.add_text(f.program, format!("i:{m}"));
        }
        for y in p.facets.fy.iter() {
            td.add_u64(f.fy_own, *y as u64);
            td.add_u64(f.fy, *y as u64);
        }
        for y in p.facets_inherited.fy.iter() {
            td.add_u64(f.fy, *y as u64);
        }
        let data = PassageData {
            section_path: p.section_path.clone(),
            paragraph: p.paragraph,
            line_start: p.line_start,
            line_end: p.line_end,
            kind: p.kind,
            label: p.label.clone(),
            footnotes: p.footnotes.clone(),
            facets: p.facets.clone(),
            facets_inherited: p.facets_inherited.clone(),
            facet_spans: p.facet_spans.clone(),
            lang: d.meta.lang,
        };
        td.add_text(f.data, serde_json::to_string(&data).expect("serializable"));
        out.push(td);
    }
    out
}

fn add_tokens(
    td: &mut TantivyDocument,
    field: tantivy::schema::Field,
    tokens: Vec<tantivy::tokenizer::Token>,
) {
    if !tokens.is_empty() {
        td.add_pre_tokenized_text(
            field,
            tantivy::tokenizer::PreTokenizedString {
                text: String::new(),
                tokens,
            },
        );
    }
}

/// Reads the stored text of a field (helper for callers holding raw documents).
pub fn stored_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}
