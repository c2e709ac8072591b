//! Building and updating an index from a corpus: lock → walk → [`survey`] (what the index
//! holds, document ids, catalog) → for each file: hash → (unchanged? skip) → read, decode,
//! parse, extract facets (in parallel with rayon) → write passages and a document record →
//! remove documents whose files are gone → commit once at the end. Re-running is incremental
//! by content hash; an interrupted run (Ctrl-C via [`IndexOptions::interrupt`], or a kill)
//! commits nothing, so the index keeps its last committed state.
//!
//! Depends on [`crate::corpus`], [`crate::parse`], [`crate::facets`], [`crate::model`] and
//! [`super`]. The `check` module reuses [`survey`] and [`prepare`] to compare without writing.

use super::{DocRecord, IndexError, PolIndex, REC_DOC, REC_PASSAGE};
use crate::corpus::{self, catalog::Catalog, decode, SkipReason, SourceFile};
use crate::facets::{Registry, RegistryRef, BUILTIN_TOML};
use crate::model::{Document, Lang};
use crate::parse::{self, Format};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tantivy::schema::Value;
use tantivy::{doc, IndexWriter, TantivyDocument, Term};

/// Smallest writer memory budget tantivy accepts per indexing thread, in MB.
pub const MIN_MEMORY_MB: usize = 16;

/// Options of an index run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files and folders to index.
    pub roots: Vec<PathBuf>,
    /// Parallel parsing threads (0 = all cores).
    pub threads: usize,
    /// tantivy writer memory budget in MB (at least [`MIN_MEMORY_MB`]).
    pub memory_mb: usize,
    /// Keep documents whose files are gone from the roots.
    pub keep_missing: bool,
    /// Accept files with very long lines (HTML and XML are always accepted).
    pub allow_long_lines: bool,
    /// Registry of ministries and programs (`None`: the shipped `data/registry.toml`).
    pub registry: Option<PathBuf>,
    /// Re-parse every file even when unchanged.
    pub force: bool,
    /// Set (from a signal handler) to stop the run: nothing is committed and
    /// [`IndexError::Interrupted`] is returned.
    pub interrupt: Option<Arc<AtomicBool>>,
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
            interrupt: None,
        }
    }
}

impl IndexOptions {
    fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
    }

    /// Checks the options (names the one out of range).
    pub fn validate(&self) -> Result<(), IndexError> {
        if self.memory_mb < MIN_MEMORY_MB {
            return Err(IndexError::Options(format!(
                "--memory {}: the index writer needs at least {MIN_MEMORY_MB} MB",
                self.memory_mb
            )));
        }
        if self.threads > 1024 {
            return Err(IndexError::Options(format!(
                "--threads {}: at most 1024",
                self.threads
            )));
        }
        Ok(())
    }

    /// Parsing threads to use (`threads`, or every core when 0).
    pub fn thread_count(&self) -> usize {
        if self.threads == 0 {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            self.threads
        }
    }
}

/// Progress of a run, reported after each file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Files looked at so far.
    pub files_done: usize,
    /// Files to look at.
    pub files_total: usize,
    /// Bytes of the files looked at so far.
    pub bytes_done: u64,
    /// Bytes of all files.
    pub bytes_total: u64,
}

/// What an index run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IndexReport {
    /// Documents added.
    pub added: usize,
    /// Documents replaced because their content (or catalog entry) changed.
    pub updated: usize,
    /// Documents removed because their files are gone (or are no longer readable as text).
    pub removed: usize,
    /// Documents unchanged since the last run.
    pub unchanged: usize,
    /// Files skipped, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Files indexed with a remark (invalid bytes repaired).
    pub warnings: Vec<(String, String)>,
    /// Catalog problems (`file:line: what`).
    pub catalog_errors: Vec<String>,
    /// Documents in the index after the run.
    pub documents: usize,
    /// Passages written in this run.
    pub passages: usize,
    /// Bytes of the files parsed in this run.
    pub bytes: u64,
    /// Bytes read (and hashed) in this run, parsed or not.
    pub bytes_read: u64,
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

/// A file to index with the document id it gets.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The file.
    pub file: SourceFile,
    /// Its document id: the catalog's, else a slug of its path; a later file (in path order)
    /// claiming an id already taken gets a suffix derived from its path.
    pub id: String,
    /// Fingerprint of its catalog entry (empty: none).
    pub catalog: String,
}

/// The corpus next to the index, before anything is read: what [`index`] will do and what
/// `check` reports.
pub struct Survey {
    /// Files found, in path order, with their ids.
    pub files: Vec<Planned>,
    /// Entries that could not be walked.
    pub walk_errors: Vec<(String, SkipReason)>,
    /// Documents the index holds, by path.
    pub existing: HashMap<String, DocRecord>,
    /// Documents under the roots whose files are gone.
    pub gone: Vec<DocRecord>,
    /// The catalogs of the roots.
    pub catalog: Catalog,
    /// Malformed catalog entries.
    pub catalog_errors: Vec<String>,
    /// The registry to extract facets with.
    pub registry: RegistryRef,
    /// Its text (stored in the index after a run).
    pub registry_text: String,
    /// True when the index was built with another registry (every document is re-parsed).
    pub registry_changed: bool,
}

/// Looks at the corpus and the index without reading any file's content.
pub fn survey(pol: &PolIndex, opts: &IndexOptions) -> Result<Survey, IndexError> {
    let reader = pol.reader()?;
    let existing: HashMap<String, DocRecord> = pol
        .documents(&reader.searcher())?
        .into_iter()
        .map(|d| (d.path.clone(), d))
        .collect();
    let (files, walk_errors) = corpus::walk(&opts.roots, std::slice::from_ref(&pol.path));
    let (registry_text, registry) = match &opts.registry {
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
    let stored = std::fs::read_to_string(pol.path.join(super::REGISTRY_FILE)).ok();
    let registry_changed =
        !existing.is_empty() && stored.as_deref().unwrap_or(BUILTIN_TOML) != registry_text;
    let (catalog, catalog_errors) = Catalog::load(&opts.roots);

    let walked: HashSet<&str> = files.iter().map(|f| f.display.as_str()).collect();
    let roots: Vec<PathBuf> = opts.roots.iter().map(|r| absolute(r)).collect();
    let mut gone = Vec::new();
    let mut reserved: HashMap<&str, &str> = HashMap::new(); // id → path of a kept document
    for d in existing.values() {
        if walked.contains(d.path.as_str()) {
            continue;
        }
        let p = absolute(Path::new(&d.path));
        if !opts.keep_missing && roots.iter().any(|r| p.starts_with(r)) {
            gone.push(d.clone());
        } else {
            reserved.insert(&d.meta.id, &d.path);
        }
    }
    gone.sort_by(|a, b| a.path.cmp(&b.path));

    // Ids: the first file (in path order) claiming an id gets it, unless a kept document
    // outside this run holds it; the others get a suffix derived from their path.
    let mut claims: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut fingerprints = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let entry = catalog.get(&f.path);
        let base = entry
            .and_then(|e| e.id.clone())
            .unwrap_or_else(|| default_doc_id(f));
        fingerprints.push(entry.map_or_else(String::new, |e| {
            blake3::hash(format!("{e:?}").as_bytes()).to_hex()[..16].to_string()
        }));
        claims.entry(base).or_default().push(i);
    }
    let mut ids = vec![String::new(); files.len()];
    for (base, who) in claims {
        for (n, &i) in who.iter().enumerate() {
            ids[i] = if n == 0 && !reserved.contains_key(base.as_str()) {
                base.clone()
            } else {
                let h = blake3::hash(files[i].display.as_bytes()).to_hex();
                format!("{base}-{}", &h[..6])
            };
        }
    }
    let files = files
        .into_iter()
        .zip(ids)
        .zip(fingerprints)
        .map(|((file, id), catalog)| Planned { file, id, catalog })
        .collect();
    Ok(Survey {
        files,
        walk_errors,
        existing,
        gone,
        catalog,
        catalog_errors,
        registry,
        registry_text,
        registry_changed,
    })
}

/// A path made absolute against the working directory (not resolving links), for comparing
/// paths given in different spellings.
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Outcome of preparing one file.
pub enum Prepared {
    /// Same content, catalog entry and id as indexed: nothing to do.
    Unchanged(String),
    /// Parsed (new or changed).
    Parsed {
        /// The document.
        doc: Box<Document>,
        /// Encoding it was read as.
        encoding: &'static str,
        /// A remark for the librarian (bytes repaired).
        remark: Option<String>,
        /// Why it was parsed.
        why: StaleWhy,
        /// Its tantivy documents (record and analysed passages), ready to add.
        docs: Vec<TantivyDocument>,
    },
    /// Not indexable.
    Skipped(String, SkipReason),
}

/// Why an indexed document is out of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleWhy {
    /// Not in the index.
    New,
    /// Its bytes changed.
    Content,
    /// Its catalog entry changed.
    Catalog,
    /// Its document id changed (an id clash was resolved differently).
    Id,
    /// Re-parse forced (registry changed, or asked).
    Forced,
}

impl StaleWhy {
    /// A short phrase for reports.
    pub fn describe(self) -> &'static str {
        match self {
            StaleWhy::New => "not indexed",
            StaleWhy::Content => "content changed since indexed",
            StaleWhy::Catalog => "catalog entry changed since indexed",
            StaleWhy::Id => "document id changed",
            StaleWhy::Forced => "registry changed; needs re-parsing",
        }
    }
}

/// Compares a file (its hash) with the index's record.
pub fn staleness(
    old: Option<&DocRecord>,
    hash: &str,
    p: &Planned,
    force: bool,
) -> Option<StaleWhy> {
    let Some(old) = old else {
        return Some(StaleWhy::New);
    };
    if old.hash != hash {
        Some(StaleWhy::Content)
    } else if old.catalog != p.catalog {
        Some(StaleWhy::Catalog)
    } else if old.meta.id != p.id {
        Some(StaleWhy::Id)
    } else if force {
        Some(StaleWhy::Forced)
    } else {
        None
    }
}

/// Reads, hashes and (unless unchanged) parses and analyses one file.
pub fn prepare(
    fields: &super::Fields,
    p: &Planned,
    old: Option<&DocRecord>,
    catalog: &Catalog,
    reg: &Registry,
    force: bool,
    allow_long_lines: bool,
) -> (Prepared, u64) {
    let file = &p.file;
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            let why = if e.kind() == std::io::ErrorKind::IsADirectory {
                SkipReason::Unreadable("is a folder".into())
            } else {
                SkipReason::Unreadable(e.to_string())
            };
            return (Prepared::Skipped(file.display.clone(), why), 0);
        }
    };
    let n = bytes.len() as u64;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let Some(why) = staleness(old, &hash, p, force) else {
        return (Prepared::Unchanged(file.display.clone()), n);
    };
    let prepared = match document_from_bytes(p, &bytes, hash, catalog, reg, allow_long_lines) {
        Ok((d, encoding, remark)) => {
            let docs = build_documents(fields, &d, encoding, p.catalog.clone());
            Prepared::Parsed {
                doc: Box::new(d),
                encoding,
                remark,
                why,
                docs,
            }
        }
        Err(reason) => Prepared::Skipped(file.display.clone(), reason),
    };
    (prepared, n)
}

/// Decodes and parses a file's bytes into a document with the planned id.
pub fn document_from_bytes(
    p: &Planned,
    bytes: &[u8],
    hash: String,
    catalog: &Catalog,
    reg: &Registry,
    allow_long_lines: bool,
) -> Result<(Document, &'static str, Option<String>), SkipReason> {
    let file = &p.file;
    let entry = catalog.get(&file.path);
    let has_lang = entry.is_some_and(|e| e.has_lang);
    let mut meta = entry.map(|e| e.meta.clone()).unwrap_or_default();
    meta.id = p.id.clone();
    let (parsed, encoding, repaired) = match corpus::read(&file.path, bytes)? {
        corpus::Source::Text(decoded) => {
            let format = Format::detect(&file.path, &decoded.text);
            if !allow_long_lines && !matches!(format, Format::EgovXml | Format::Html) {
                decode::check_lines(&decoded.text)?;
            }
            let parsed = parse::parse(&decoded.text, format);
            // A statute is cited as legislation (`Act, s. 36(2).`) unless the catalog says
            // otherwise.
            if meta.doc_type.is_none() && format == Format::StatuteEn {
                meta.doc_type = Some(crate::model::DocType::Legislation);
            }
            if !has_lang {
                meta.lang = match format {
                    Format::PlainEn | Format::StatuteEn => Lang::En,
                    Format::PlainJa | Format::StatuteJa | Format::EgovXml => Lang::Ja,
                    Format::Markdown => Lang::detect(&decoded.text),
                    Format::Html => sample_lang(&parsed.passages),
                };
            }
            (parsed, decoded.encoding, decoded.repaired)
        }
        corpus::Source::Word(d) => {
            // Core properties fill what the catalog leaves unset.
            let core = &d.core;
            if meta.title.is_empty() {
                meta.title = core.title.clone().unwrap_or_default();
            }
            if meta.author.is_none() {
                meta.author = core.creator.clone();
            }
            if meta.year.is_none() {
                meta.year = core.year();
            }
            if !has_lang {
                meta.lang = sample_lang(&d.parsed.passages);
            }
            (d.parsed, corpus::docx::ENCODING, 0)
        }
    };
    if parsed.passages.is_empty() {
        return Err(SkipReason::NoPassages);
    }
    if meta.title.is_empty() {
        meta.title = parsed.title.clone().unwrap_or_else(|| {
            file.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    }
    let mut passages = parsed.passages;
    let mut headings = parsed.headings;
    // Ids from the source text (saved ids stay valid), then the text shown, which facets
    // and highlights point into.
    parse::assign_ids(&meta.id, &mut passages);
    parse::repair_for_display(&mut headings, &mut passages);
    let programs = crate::facets::extract_document(reg, &mut passages);
    let remark = (repaired > 0).then(|| {
        format!("{repaired} invalid byte sequence(s) replaced by U+FFFD (read as {encoding})")
    });
    Ok((
        Document {
            meta,
            path: file.display.clone(),
            hash,
            bytes: bytes.len() as u64,
            headings,
            passages,
            programs,
        },
        encoding,
        remark,
    ))
}

/// The language of a document's first passages (formats that do not declare it).
fn sample_lang(passages: &[crate::model::Passage]) -> Lang {
    let sample: String = passages
        .iter()
        .take(200)
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Lang::detect(&sample)
}

/// Document id of a file without a catalog id: slug of its path below the root, without
/// the extension.
pub fn default_doc_id(file: &SourceFile) -> String {
    let rel = file.path.strip_prefix(&file.root).unwrap_or(&file.path);
    let rel = rel.with_extension("");
    parse::slug(&rel.to_string_lossy())
}

/// Opens the index's writer (taking tantivy's lock) with the run's threads and memory.
fn open_writer(pol: &PolIndex, opts: &IndexOptions) -> Result<IndexWriter, IndexError> {
    opts.validate()?;
    // One tantivy indexing thread per 16 MB of budget, at most one per core and at most 8;
    // tantivy caps each thread's arena below 4 GB.
    let threads = opts
        .thread_count()
        .min(8)
        .min(opts.memory_mb / MIN_MEMORY_MB)
        .max(1);
    let budget_mb = opts.memory_mb.min(threads * 4000);
    let writer = pol
        .index
        .writer_with_num_threads(threads, budget_mb << 20)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            ) => IndexError::Locked(pol.path.clone()),
            other => IndexError::Tantivy(other),
        })?;
    // A run killed before its commit may have left files no commit refers to (a segment's
    // `.del` file written for the commit that never happened); the next run would write a file
    // of the same name and fail. Holding the lock, remove them before anything is written.
    writer
        .garbage_collect_files()
        .wait()
        .map_err(IndexError::Tantivy)?;
    Ok(writer)
}

/// At most this many files are parsed in one parallel batch…
const BATCH_FILES: usize = 64;
/// …and at most this many bytes (or one file, when a file is larger): a batch's parsed
/// documents wait in memory for the writer, so memory is bounded by bytes, not file count.
const BATCH_BYTES: u64 = 16 << 20;

/// Splits `items` into consecutive batches bounded by [`BATCH_FILES`] and [`BATCH_BYTES`].
fn batches<T>(items: &[T], size: impl Fn(&T) -> u64) -> Vec<&[T]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    for (i, it) in items.iter().enumerate() {
        let n = size(it);
        if i > start && (i - start >= BATCH_FILES || bytes + n > BATCH_BYTES) {
            out.push(&items[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += n;
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

/// Runs an index pass: adds new files, replaces changed ones, removes missing ones, and
/// commits once. A file that cannot be indexed is reported and skipped. `progress` is called
/// after each file.
pub fn index(
    pol: &PolIndex,
    opts: &IndexOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<IndexReport, IndexError> {
    let start = Instant::now();
    let mut report = IndexReport::default();
    let threads = opts.thread_count();
    // The lock first: a second indexer fails before doing any work.
    let mut writer = open_writer(pol, opts)?;
    let survey = survey(pol, opts)?;
    for (path, why) in &survey.walk_errors {
        report.skipped.push((path.clone(), why.to_string()));
    }
    report.catalog_errors = survey.catalog_errors.clone();
    let force = opts.force || survey.registry_changed;

    // Deletions that must precede every addition: documents whose files are gone and
    // documents whose id changes (their old id may now belong to another file, e.g. after a
    // rename). A delete only affects documents added before it.
    let mut pre_deleted: HashSet<&str> = HashSet::new();
    for d in &survey.gone {
        writer.delete_term(Term::from_field_text(pol.fields.doc_id, &d.meta.id));
        report.removed += 1;
    }
    for p in &survey.files {
        if let Some(old) = survey.existing.get(&p.file.display) {
            if old.meta.id != p.id {
                writer.delete_term(Term::from_field_text(pol.fields.doc_id, &old.meta.id));
                pre_deleted.insert(old.path.as_str());
            }
        }
    }
    let delete_old = |writer: &IndexWriter, old: &DocRecord| {
        if !pre_deleted.contains(old.path.as_str()) {
            writer.delete_term(Term::from_field_text(pol.fields.doc_id, &old.meta.id));
        }
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| IndexError::Options(format!("--threads {threads}: {e}")))?;
    let files_done = AtomicUsize::new(0);
    let bytes_done = AtomicU64::new(0);
    let files_total = survey.files.len();
    let bytes_total: u64 = survey.files.iter().map(|p| p.file.size).sum();
    for chunk in batches(&survey.files, |p| p.file.size) {
        if opts.interrupted() {
            return Err(IndexError::Interrupted);
        }
        let prepared: Vec<(Prepared, u64)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|p| {
                    if opts.interrupted() {
                        return (
                            Prepared::Skipped(p.file.display.clone(), SkipReason::Empty),
                            0,
                        );
                    }
                    let r = prepare(
                        &pol.fields,
                        p,
                        survey.existing.get(&p.file.display),
                        &survey.catalog,
                        &survey.registry,
                        force,
                        opts.allow_long_lines,
                    );
                    let b = bytes_done.fetch_add(p.file.size, Ordering::Relaxed) + p.file.size;
                    let n = files_done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(Progress {
                        files_done: n,
                        files_total,
                        bytes_done: b,
                        bytes_total,
                    });
                    r
                })
                .collect()
        });
        if opts.interrupted() {
            return Err(IndexError::Interrupted);
        }
        for (p, n) in prepared {
            report.bytes_read += n;
            match p {
                Prepared::Unchanged(_) => report.unchanged += 1,
                Prepared::Skipped(path, why) => {
                    if let Some(old) = survey.existing.get(&path) {
                        // A file that cannot be read right now keeps its entry (never lose
                        // data to a transient problem); one whose content is no longer
                        // indexable is removed, as a rebuild would.
                        if !matches!(why, SkipReason::Unreadable(_))
                            || pre_deleted.contains(old.path.as_str())
                        {
                            delete_old(&writer, old);
                            report.removed += 1;
                        }
                    }
                    report.skipped.push((path, why.to_string()));
                }
                Prepared::Parsed {
                    doc, remark, docs, ..
                } => {
                    if let Some(old) = survey.existing.get(&doc.path) {
                        delete_old(&writer, old);
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    if let Some(r) = remark {
                        report.warnings.push((doc.path.clone(), r));
                    }
                    report.bytes += doc.bytes;
                    report.passages += doc.passages.len();
                    for td in docs {
                        writer.add_document(td)?;
                    }
                }
            }
        }
    }
    if opts.interrupted() {
        return Err(IndexError::Interrupted);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let reg_file = pol.path.join(super::REGISTRY_FILE);
    let stored = std::fs::read_to_string(&reg_file).ok();
    if stored.as_deref() != Some(survey.registry_text.as_str()) {
        let tmp = pol.path.join(format!("{}.tmp", super::REGISTRY_FILE));
        std::fs::write(&tmp, &survey.registry_text)
            .and_then(|_| std::fs::rename(&tmp, &reg_file))
            .map_err(|e| IndexError::Io {
                path: reg_file.clone(),
                source: e,
            })?;
    }
    report.documents = survey.existing.len() + report.added - report.removed;
    report.seconds = start.elapsed().as_secs_f64();
    Ok(report)
}

/// Builds the tantivy documents of one document: its record, then its passages (as text; the
/// registered tokenizers analyse each text once for its three fields in tantivy's indexing
/// threads, so a batch holds no token vectors).
pub fn build_documents(
    f: &super::Fields,
    d: &Document,
    encoding: &str,
    catalog: String,
) -> Vec<TantivyDocument> {
    let mut out = Vec::with_capacity(d.passages.len() + 1);
    let record = DocRecord {
        meta: d.meta.clone(),
        path: d.path.clone(),
        hash: d.hash.clone(),
        bytes: d.bytes,
        passages: d.passages.len() as u32,
        encoding: encoding.to_string(),
        indexed_at: super::now_rfc3339(),
        catalog,
        programs: d.programs.clone(),
    };
    let mut rec = doc!(
        f.rec => REC_DOC,
        f.doc_id => d.meta.id.clone(),
        f.lang => d.meta.lang.code(),
        f.data => serde_json::to_string(&record).expect("serializable"),
    );
    // The names table: a document record answers for the programs its text defines.
    for id in d.programs.keys() {
        rec.add_text(f.program, format!("{}{id}", super::NAMES_PREFIX));
    }
    out.push(rec);
    let mut headings: HashMap<&[String], String> = HashMap::new();
    for (ord, p) in d.passages.iter().enumerate() {
        let mut td = TantivyDocument::new();
        td.add_text(f.rec, REC_PASSAGE);
        td.add_text(f.id, &p.id);
        td.add_text(f.doc_id, &d.meta.id);
        td.add_u64(f.ord, ord as u64);
        td.add_text(f.text, &p.text);
        // Analysed by the registered tokenizers in tantivy's indexing threads; the three
        // fields of one text share one analysis (see `analysis::PolTokenizer`).
        for text in std::iter::once(&p.text).chain(p.footnotes.iter().map(|n| &n.text)) {
            for field in [f.body_en, f.body_ja, f.body_bi] {
                td.add_text(field, text);
            }
        }
        let head = headings
            .entry(p.section_path.as_slice())
            .or_insert_with(|| p.section_path.join("\n"));
        for field in [f.head_en, f.head_ja, f.head_bi] {
            td.add_text(field, head.as_str());
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
        let data = PassageDataRef::new(p, d.meta.lang);
        td.add_text(f.data, serde_json::to_string(&data).expect("serializable"));
        out.push(td);
    }
    out
}

/// [`super::PassageData`] borrowed from a passage: serialises to the same JSON without copying the
/// passage's section path, label, footnotes and facets.
#[derive(serde::Serialize)]
struct PassageDataRef<'a> {
    section_path: &'a [String],
    paragraph: u32,
    line_start: u32,
    line_end: u32,
    kind: crate::model::PassageKind,
    label: &'a Option<String>,
    #[serde(skip_serializing_if = "is_none")]
    source_text: &'a Option<String>,
    footnotes: &'a [crate::model::Footnote],
    facets: &'a crate::model::FacetSet,
    facets_inherited: &'a crate::model::FacetSet,
    facet_spans: &'a [crate::model::FacetSpan],
    lang: Lang,
}

fn is_none(s: &&Option<String>) -> bool {
    s.is_none()
}

impl<'a> PassageDataRef<'a> {
    fn new(p: &'a crate::model::Passage, lang: Lang) -> Self {
        PassageDataRef {
            section_path: &p.section_path,
            paragraph: p.paragraph,
            line_start: p.line_start,
            line_end: p.line_end,
            kind: p.kind,
            label: &p.label,
            source_text: &p.source_text,
            footnotes: &p.footnotes,
            facets: &p.facets,
            facets_inherited: &p.facets_inherited,
            facet_spans: &p.facet_spans,
            lang,
        }
    }
}

/// Reads the stored text of a field (helper for callers holding raw documents).
pub fn stored_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

#[cfg(test)]
mod data_tests {
    use super::*;
    use crate::index::PassageData;
    use crate::model::{FacetSpan, Footnote, Passage, PassageKind};

    #[test]
    fn borrowed_passage_data_is_the_stored_json() {
        let mut p = Passage {
            id: "d.x".into(),
            section_path: vec!["PART 1".into(), "Mandate".into()],
            paragraph: 2,
            line_start: 10,
            line_end: 12,
            text: "11 (1) The Minister’s mandate".into(),
            source_text: None,
            kind: PassageKind::Body,
            footnotes: vec![Footnote {
                marker: "¹".into(),
                text: "a note".into(),
                line: 3,
            }],
            label: Some("s. 11(1)".into()),
            facets: Default::default(),
            facets_inherited: Default::default(),
            facet_spans: vec![FacetSpan {
                kind: "fy".into(),
                value: "2020".into(),
                byte_start: 0,
                byte_end: 4,
            }],
        };
        p.facets.fy.push(2020);
        p.facets_inherited.ministry.push("mext".into());
        for source in [None, Some("11 (1) The Minister's mandate".to_string())] {
            p.source_text = source;
            let owned = PassageData {
                section_path: p.section_path.clone(),
                paragraph: p.paragraph,
                line_start: p.line_start,
                line_end: p.line_end,
                kind: p.kind,
                label: p.label.clone(),
                source_text: p.source_text.clone(),
                footnotes: p.footnotes.clone(),
                facets: p.facets.clone(),
                facets_inherited: p.facets_inherited.clone(),
                facet_spans: p.facet_spans.clone(),
                lang: Lang::En,
            };
            assert_eq!(
                serde_json::to_string(&PassageDataRef::new(&p, Lang::En)).unwrap(),
                serde_json::to_string(&owned).unwrap()
            );
        }
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;

    #[test]
    fn batches_are_bounded_by_files_and_bytes() {
        let sizes: Vec<u64> = vec![1; 130];
        let b = batches(&sizes, |s| *s);
        assert_eq!(
            b.iter().map(|c| c.len()).collect::<Vec<_>>(),
            vec![64, 64, 2]
        );
        let big = vec![10 << 20, 10 << 20, 40 << 20, 1];
        let b = batches(&big, |s| *s);
        assert_eq!(
            b.iter().map(|c| c.len()).collect::<Vec<_>>(),
            vec![1, 1, 1, 1]
        );
        let none: Vec<u64> = Vec::new();
        assert!(batches(&none, |s| *s).is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(dir: &Path, name: &str) -> Planned {
        Planned {
            file: SourceFile {
                path: dir.join(name),
                display: dir.join(name).display().to_string(),
                root: dir.to_path_buf(),
                size: 0,
            },
            id: "doc".into(),
            catalog: String::new(),
        }
    }

    #[test]
    fn unreadable_and_unsupported_files_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("folder.txt")).unwrap();
        std::fs::write(dir.path().join("scan.pdf"), "not really a pdf").unwrap();
        let cat = Catalog::default();
        let reg = Registry::builtin();
        for (name, want) in [("folder.txt", "cannot read"), ("scan.pdf", "PDF")] {
            let fields =
                super::super::Fields::from_schema(&super::super::schema::build_schema()).unwrap();
            let (p, _) = prepare(
                &fields,
                &planned(dir.path(), name),
                None,
                &cat,
                reg,
                false,
                false,
            );
            match p {
                Prepared::Skipped(_, why) => assert!(why.to_string().contains(want), "{why}"),
                _ => panic!("{name} not skipped"),
            }
        }
    }
}
