//! The index on disk: creating and opening it (with its format marker), the records stored
//! for passages and documents, and reading them back. Writing lives in [`writer`], the
//! comparison with a corpus in [`check`], figures for librarians in [`stats`].
//!
//! Depends on [`crate::model`], [`crate::analysis`] (tokenizers) and [`schema`].

pub mod check;
pub mod schema;
pub mod stats;
pub mod writer;

use crate::model::{
    DocMeta, FacetSet, FacetSpan, Footnote, Lang, Passage, PassageKind, TextProgram,
};
pub use schema::{Fields, FORMAT_VERSION, REC_DOC, REC_PASSAGE};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

/// Name of the marker file that makes a folder a polsearch index.
pub const MARKER: &str = "polsearch.json";
/// Copy of the registry the index was built with (facet ids and aliases resolve against it).
pub const REGISTRY_FILE: &str = "registry.toml";
/// Above this many ids, [`PolIndex::program_names`] reads every document record instead of
/// querying for each id.
const MANY_NAMES: usize = 256;
/// Prefix of the `program` values of a document record: the ids of the programs its text
/// defines (passages use `m:` and `i:`).
pub const NAMES_PREFIX: &str = "n:";

/// Errors opening or reading an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at the path.
    #[error("{0}: no index here (run `polsearch index` first)")]
    Missing(PathBuf),
    /// A folder that is not a polsearch index.
    #[error("{0}: not a polsearch index (no valid {MARKER}); refusing to use it")]
    Foreign(PathBuf),
    /// The index was built by another format version.
    #[error("{path}: index format {found} but this polsearch reads format {FORMAT_VERSION}; run `polsearch index --rebuild`")]
    Version {
        /// Index folder.
        path: PathBuf,
        /// Version found.
        found: u32,
    },
    /// The index's schema is not the one this polsearch builds.
    #[error("{0}: index built with another schema than this polsearch uses; run `polsearch index --rebuild`")]
    SchemaChanged(PathBuf),
    /// The Japanese dictionaries (system or user) changed since the index was built.
    #[error("{path}: the Japanese dictionaries changed since this index was built (system dictionary {system}, user dictionary {user}); run `polsearch index --rebuild`")]
    AnalysisChanged {
        /// Index folder.
        path: PathBuf,
        /// The system dictionary in use.
        system: String,
        /// The user dictionary in use.
        user: String,
    },
    /// The Japanese dictionaries in use cannot be read.
    #[error("{0}")]
    Dictionary(#[from] crate::analysis::japanese::JapaneseError),
    /// Another indexer holds the lock.
    #[error("{0}: index is locked by another indexer; wait for it to finish")]
    Locked(PathBuf),
    /// The run was interrupted (Ctrl-C); nothing was committed.
    #[error("interrupted: nothing committed; the index keeps its last committed state")]
    Interrupted,
    /// An option out of range (names the option).
    #[error("{0}")]
    Options(String),
    /// Damaged index.
    #[error("{path}: cannot open index (damaged? `polsearch index --rebuild` rebuilds it): {msg}")]
    Corrupt {
        /// Index folder.
        path: PathBuf,
        /// tantivy's message.
        msg: String,
    },
    /// I/O error.
    #[error("{path}: {source}")]
    Io {
        /// Path involved.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The registry is malformed.
    #[error("{0}")]
    Registry(#[from] crate::facets::FacetError),
    /// Any other tantivy error.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    version: u32,
    /// Fingerprint of the Japanese dictionaries (system + user) the index was built with.
    #[serde(default)]
    analysis: String,
}

/// Fingerprint of what, beyond the format version, changes how text is analysed: the
/// Japanese system and user dictionaries. An index built with others must be rebuilt.
pub fn analysis_fingerprint() -> Result<String, IndexError> {
    Ok(crate::analysis::japanese::dictionaries_fingerprint()?)
}

/// Stored data of a passage beyond its text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassageData {
    /// Section path.
    pub section_path: Vec<String>,
    /// Paragraph number in the section.
    pub paragraph: u32,
    /// First line.
    pub line_start: u32,
    /// Last line.
    pub line_end: u32,
    /// Kind.
    pub kind: PassageKind,
    /// Statute citation label.
    #[serde(default)]
    pub label: Option<String>,
    /// The source's text when the display repairs changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    /// Footnotes.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
    /// Mentioned facets.
    #[serde(default)]
    pub facets: FacetSet,
    /// Inherited facets.
    #[serde(default)]
    pub facets_inherited: FacetSet,
    /// Mention spans.
    #[serde(default)]
    pub facet_spans: Vec<FacetSpan>,
    /// Language of the document.
    #[serde(default)]
    pub lang: Lang,
}

/// Stored data of a document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocRecord {
    /// Metadata.
    pub meta: DocMeta,
    /// Path as indexed.
    pub path: String,
    /// Content hash.
    pub hash: String,
    /// File size.
    pub bytes: u64,
    /// Number of passages.
    pub passages: u32,
    /// Encoding the file was read as.
    pub encoding: String,
    /// When it was indexed (RFC 3339, UTC).
    pub indexed_at: String,
    /// Fingerprint of the catalog entry the metadata came from (empty: none), so an edited
    /// entry re-indexes the document.
    #[serde(default)]
    pub catalog: String,
    /// Programs the document defines in its text and no registry knows, by id: the names
    /// table the facet names of such programs come from (see [`PolIndex::program_names`]).
    #[serde(default)]
    pub programs: BTreeMap<String, TextProgram>,
}

impl DocRecord {
    /// What the passages' line ranges count: paragraphs in a Word document (recorded with
    /// the encoding [`crate::corpus::docx::ENCODING`]), lines otherwise.
    pub fn line_unit(&self) -> crate::model::LineUnit {
        if self.encoding == crate::corpus::docx::ENCODING {
            crate::model::LineUnit::Paragraph
        } else {
            crate::model::LineUnit::Line
        }
    }
}

/// A passage read back from the index.
#[derive(Debug, Clone)]
pub struct StoredPassage {
    /// The passage (id, text, section path, lines, facets…).
    pub passage: Passage,
    /// Its document's id.
    pub doc_id: String,
    /// Ordinal in the document.
    pub ord: u64,
    /// Language of its document.
    pub lang: Lang,
}

/// An open index.
pub struct PolIndex {
    /// Folder.
    pub path: PathBuf,
    /// tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The reader of the last [`PolIndex::reader`] call, kept while the index is unchanged.
    reader_cache: std::sync::Mutex<Option<IndexReader>>,
}

impl PolIndex {
    /// Opens an existing index, checking its marker and version.
    pub fn open(path: &Path) -> Result<PolIndex, IndexError> {
        check_marker(path)?;
        let index = Index::open_in_dir(path).map_err(|e| IndexError::Corrupt {
            path: path.to_path_buf(),
            msg: short_error(&e),
        })?;
        crate::analysis::register(&index);
        // A schema changed without a version bump still asks for a rebuild.
        if index.schema() != schema::build_schema() {
            return Err(IndexError::SchemaChanged(path.to_path_buf()));
        }
        let fields = Fields::from_schema(&index.schema()).map_err(|e| IndexError::Corrupt {
            path: path.to_path_buf(),
            msg: e.to_string(),
        })?;
        Ok(PolIndex {
            path: path.to_path_buf(),
            index,
            fields,
            reader_cache: Default::default(),
        })
    }

    /// Opens the index at `path`, creating it (and the folder) when there is none. A folder
    /// that exists, is not empty and is not a polsearch index is refused.
    pub fn open_or_create(path: &Path) -> Result<PolIndex, IndexError> {
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        // The marker is written first, so a creation killed half-way leaves a folder this
        // function recognises and completes (never a foreign-looking one).
        let ours = Self::is_ours(path);
        if ours && path.join("meta.json").exists() {
            return Self::open(path);
        }
        if path.exists() && !ours {
            if !path.is_dir() {
                return Err(IndexError::Foreign(path.to_path_buf()));
            }
            if std::fs::read_dir(path).map_err(io)?.next().is_some() {
                return Err(IndexError::Foreign(path.to_path_buf()));
            }
        }
        std::fs::create_dir_all(path).map_err(io)?;
        if !ours {
            let marker = Marker {
                format: "polsearch".into(),
                version: FORMAT_VERSION,
                analysis: analysis_fingerprint()?,
            };
            let tmp = path.join(format!("{MARKER}.tmp"));
            std::fs::write(&tmp, serde_json::to_string_pretty(&marker).unwrap())
                .and_then(|_| std::fs::rename(&tmp, path.join(MARKER)))
                .map_err(io)?;
        } else {
            check_marker(path)?;
        }
        let index = Index::builder()
            .schema(schema::build_schema())
            .settings(schema::settings())
            .create_in_dir(path)
            .map_err(|e| IndexError::Corrupt {
                path: path.to_path_buf(),
                msg: e.to_string(),
            })?;
        crate::analysis::register(&index);
        let fields = Fields::from_schema(&index.schema())?;
        Ok(PolIndex {
            path: path.to_path_buf(),
            index,
            fields,
            reader_cache: Default::default(),
        })
    }

    /// The registry the index was built with (the shipped one when it holds no copy).
    pub fn registry(&self) -> Result<crate::facets::RegistryRef, crate::facets::FacetError> {
        let file = self.path.join(REGISTRY_FILE);
        match std::fs::read_to_string(&file) {
            Ok(text) if text != crate::facets::BUILTIN_TOML => {
                Ok(crate::facets::RegistryRef::Owned(Box::new(
                    crate::facets::Registry::from_toml(&text, &file.display().to_string())?,
                )))
            }
            _ => Ok(crate::facets::RegistryRef::Builtin(
                crate::facets::Registry::builtin(),
            )),
        }
    }

    /// True when `path` holds a polsearch index of any format version (safe to replace).
    pub fn is_ours(path: &Path) -> bool {
        std::fs::read_to_string(path.join(MARKER))
            .ok()
            .and_then(|t| serde_json::from_str::<Marker>(&t).ok())
            .is_some_and(|m| m.format == "polsearch")
    }

    /// A reader for one-shot use (no background reloading).
    ///
    /// The reader is kept between calls and reused while the last commit is the one it sees
    /// (same segments, same deletions), so a long-lived process (a server, a benchmark loop)
    /// pays for opening the segments once per commit, and still sees every new commit.
    pub fn reader(&self) -> Result<IndexReader, IndexError> {
        let corrupt = |e: tantivy::TantivyError| IndexError::Corrupt {
            path: self.path.clone(),
            msg: short_error(&e),
        };
        let mut slot = self
            .reader_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(r) = slot.as_ref() {
            let committed: Vec<(tantivy::index::SegmentId, u32)> = self
                .index
                .searchable_segment_metas()
                .map_err(corrupt)?
                .iter()
                .map(|m| (m.id(), m.num_deleted_docs()))
                .collect();
            let seen: Vec<(tantivy::index::SegmentId, u32)> = r
                .searcher()
                .segment_readers()
                .iter()
                .map(|s| (s.segment_id(), s.num_deleted_docs()))
                .collect();
            if committed != seen {
                r.reload().map_err(corrupt)?;
            }
            return Ok(r.clone());
        }
        let r: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(corrupt)?;
        *slot = Some(r.clone());
        Ok(r)
    }

    /// Query matching records of one type.
    pub fn rec_query(&self, rec: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(self.fields.rec, rec),
            IndexRecordOption::Basic,
        ))
    }

    /// Reads a stored passage.
    pub fn passage_from_doc(&self, doc: &TantivyDocument) -> Option<StoredPassage> {
        let f = &self.fields;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let data: PassageData = serde_json::from_str(&s(f.data)?).ok()?;
        let lang = data.lang;
        Some(StoredPassage {
            passage: Passage {
                id: s(f.id)?,
                section_path: data.section_path,
                paragraph: data.paragraph,
                line_start: data.line_start,
                line_end: data.line_end,
                text: s(f.text).unwrap_or_default(),
                source_text: data.source_text,
                kind: data.kind,
                footnotes: data.footnotes,
                label: data.label,
                facets: data.facets,
                facets_inherited: data.facets_inherited,
                facet_spans: data.facet_spans,
            },
            doc_id: s(f.doc_id)?,
            ord: doc.get_first(f.ord).and_then(|v| v.as_u64()).unwrap_or(0),
            lang,
        })
    }

    /// Where the passage with this id is in the index.
    pub fn passage_address(
        &self,
        searcher: &Searcher,
        id: &str,
    ) -> Result<Option<tantivy::DocAddress>, IndexError> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        Ok(top.first().map(|(_, addr)| *addr))
    }

    /// Finds a passage by id.
    pub fn passage(
        &self,
        searcher: &Searcher,
        id: &str,
    ) -> Result<Option<StoredPassage>, IndexError> {
        match self.passage_address(searcher, id)? {
            Some(addr) => {
                let doc: TantivyDocument = searcher.doc(addr)?;
                Ok(self.passage_from_doc(&doc))
            }
            None => Ok(None),
        }
    }

    /// Passages of a document with ordinals in `range`, in document order.
    pub fn passages_in(
        &self,
        searcher: &Searcher,
        doc_id: &str,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<Vec<StoredPassage>, IndexError> {
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.doc_id, doc_id),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, self.rec_query(REC_PASSAGE)),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    std::ops::Bound::Included(Term::from_field_u64(
                        self.fields.ord,
                        *range.start(),
                    )),
                    std::ops::Bound::Included(Term::from_field_u64(self.fields.ord, *range.end())),
                )),
            ),
        ]);
        let n = (range.end() - range.start() + 1) as usize;
        let top = searcher.search(&q, &TopDocs::with_limit(n.max(1)).order_by_score())?;
        let mut out = Vec::new();
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(p) = self.passage_from_doc(&doc) {
                out.push(p);
            }
        }
        out.sort_by_key(|p| p.ord);
        Ok(out)
    }

    /// Names of programs defined in document text (ids no registry knows), from the records
    /// of the documents that define them. When several documents define one id, the first in
    /// path order names it. Ids nobody defines are absent.
    pub fn program_names(
        &self,
        searcher: &Searcher,
        ids: &[&str],
    ) -> Result<BTreeMap<String, TextProgram>, IndexError> {
        let mut out = BTreeMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let wanted: std::collections::HashSet<&str> = ids.iter().copied().collect();
        // Few ids: the records that answer for them; many: every record (one pass).
        let records = if wanted.len() <= MANY_NAMES {
            let terms: Vec<(Occur, Box<dyn Query>)> = wanted
                .iter()
                .map(|id| {
                    let term =
                        Term::from_field_text(self.fields.program, &format!("{NAMES_PREFIX}{id}"));
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            let q = BooleanQuery::new(vec![
                (Occur::Must, self.rec_query(REC_DOC)),
                (Occur::Must, Box::new(BooleanQuery::new(terms))),
            ]);
            self.records(searcher, &q)?
        } else {
            self.documents(searcher)?
        };
        for r in records {
            for (id, p) in r.programs {
                if wanted.contains(id.as_str()) {
                    out.entry(id).or_insert(p);
                }
            }
        }
        Ok(out)
    }

    /// Every document record.
    pub fn documents(&self, searcher: &Searcher) -> Result<Vec<DocRecord>, IndexError> {
        self.records(searcher, &*self.rec_query(REC_DOC))
    }

    /// The document records `q` matches, in path order.
    fn records(&self, searcher: &Searcher, q: &dyn Query) -> Result<Vec<DocRecord>, IndexError> {
        let n = searcher.num_docs() as usize;
        let top = searcher.search(q, &TopDocs::with_limit(n.max(1)).order_by_score())?;
        let mut out = Vec::new();
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(d) = doc
                .get_first(self.fields.data)
                .and_then(|v| v.as_str())
                .and_then(|s| serde_json::from_str::<DocRecord>(s).ok())
            {
                out.push(d);
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// One document record by id.
    pub fn document(
        &self,
        searcher: &Searcher,
        doc_id: &str,
    ) -> Result<Option<DocRecord>, IndexError> {
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.doc_id, doc_id),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, self.rec_query(REC_DOC)),
        ]);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => {
                let doc: TantivyDocument = searcher.doc(*addr)?;
                Ok(doc
                    .get_first(self.fields.data)
                    .and_then(|v| v.as_str())
                    .and_then(|s| serde_json::from_str(s).ok()))
            }
            None => Ok(None),
        }
    }
}

/// tantivy's message without its repetitions (`a: b: b`).
fn short_error(e: &tantivy::TantivyError) -> String {
    let msg = e.to_string();
    let mut out: Vec<&str> = Vec::new();
    for part in msg.split("': ") {
        if !out
            .iter()
            .any(|p| p.contains(part.trim_matches('\'')) || part.contains(p))
        {
            out.push(part);
        }
    }
    out.join("': ")
}

fn check_marker(path: &Path) -> Result<(), IndexError> {
    let marker_path = path.join(MARKER);
    if !path.exists() {
        return Err(IndexError::Missing(path.to_path_buf()));
    }
    let text = match std::fs::read_to_string(&marker_path) {
        Ok(t) => t,
        Err(_) => return Err(IndexError::Foreign(path.to_path_buf())),
    };
    let marker: Marker =
        serde_json::from_str(&text).map_err(|_| IndexError::Foreign(path.to_path_buf()))?;
    if marker.format != "polsearch" {
        return Err(IndexError::Foreign(path.to_path_buf()));
    }
    if marker.version != FORMAT_VERSION {
        return Err(IndexError::Version {
            path: path.to_path_buf(),
            found: marker.version,
        });
    }
    if !marker.analysis.is_empty() && marker.analysis != analysis_fingerprint()? {
        use crate::analysis::japanese::{dictionary_source, user_dictionary_source};
        return Err(IndexError::AnalysisChanged {
            path: path.to_path_buf(),
            system: dictionary_source().to_string(),
            user: user_dictionary_source().to_string(),
        });
    }
    Ok(())
}

/// Current UTC time as RFC 3339 (`2026-11-25T17:13:37Z`).
pub fn now_rfc3339() -> String {
    rfc3339(std::time::SystemTime::now())
}

/// A time as RFC 3339 in UTC, to the second.
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil-from-days (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
