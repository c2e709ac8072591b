//! The catalog: `catalog.toml` in a corpus folder, one `[[document]]` table per document,
//! holding the metadata a librarian edits (id, title, publisher, year, edition, lang,
//! source, licence, and for citations: type, author, series, part, law_number, url), keyed by the file's path relative to the catalog's folder.
//!
//! Each entry is parsed on its own, so a malformed entry is reported as `file:line: what`
//! and every other entry still applies.

use crate::model::{DocMeta, DocType, Lang};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// File name of a catalog inside a corpus folder.
pub const CATALOG_FILE: &str = "catalog.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    id: Option<String>,
    title: Option<String>,
    publisher: Option<String>,
    year: Option<u16>,
    edition: Option<String>,
    lang: Option<String>,
    source: Option<String>,
    licence: Option<String>,
    #[serde(rename = "type")]
    doc_type: Option<String>,
    author: Option<String>,
    series: Option<String>,
    part: Option<String>,
    law_number: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Chunk {
    document: Vec<Entry>,
}

/// Metadata from a catalog entry (all optional but the path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogEntry {
    /// Explicit document id.
    pub id: Option<String>,
    /// Metadata fields (id/title may be empty when the entry has none).
    pub meta: DocMeta,
    /// Whether `lang` was given.
    pub has_lang: bool,
}

/// All catalogs found for a run, keyed by the canonical path of each document.
#[derive(Debug, Default)]
pub struct Catalog {
    entries: HashMap<PathBuf, CatalogEntry>,
}

impl Catalog {
    /// Loads `catalog.toml` from each root folder that has one. Returns the catalog and the
    /// one-line errors (`file:line: what`) of malformed entries.
    pub fn load(roots: &[PathBuf]) -> (Catalog, Vec<String>) {
        let mut cat = Catalog::default();
        let mut errors = Vec::new();
        let mut files: Vec<PathBuf> = Vec::new();
        for root in roots {
            let dir = if root.is_dir() {
                root.clone()
            } else {
                root.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            let dir = dir.canonicalize().unwrap_or(dir);
            // The root's own catalog and those of the folders above it (the nearest wins),
            // so indexing a subfolder keeps the metadata of its corpus.
            let mut found: Vec<PathBuf> = dir
                .ancestors()
                .map(|d| d.join(CATALOG_FILE))
                .filter(|f| f.is_file())
                .collect();
            found.reverse();
            for f in found {
                if !files.contains(&f) {
                    files.push(f);
                }
            }
        }
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
            let (entries, errs) = parse_catalog(&text, &file.display().to_string());
            errors.extend(errs);
            for (path, e) in entries {
                let full = dir.join(&path);
                let key = full.canonicalize().unwrap_or(full);
                cat.entries.insert(key, e);
            }
        }
        (cat, errors)
    }

    /// The entry for a file, if the catalog has one.
    pub fn get(&self, path: &Path) -> Option<&CatalogEntry> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.entries.get(&key)
    }
}

/// Parses catalog text entry by entry.
pub fn parse_catalog(text: &str, file: &str) -> (Vec<(String, CatalogEntry)>, Vec<String>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    // Split into chunks at each `[[document]]` header, remembering the first line of each.
    let mut chunks: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim() == "[[document]]" || chunks.is_empty() {
            chunks.push((i + 1, String::new()));
        }
        let c = chunks.last_mut().unwrap();
        c.1.push_str(line);
        c.1.push('\n');
    }
    for (first_line, chunk) in chunks {
        if chunk.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        }) {
            continue;
        }
        match toml::from_str::<Chunk>(&chunk) {
            Ok(c) => {
                for e in c.document {
                    let lang = e.lang.as_deref().map(|l| (l, Lang::from_code(l)));
                    if let Some((l, None)) = lang {
                        errors.push(format!(
                            "{file}:{first_line}: unknown lang {l:?} (use \"en\" or \"ja\")"
                        ));
                        continue;
                    }
                    if let Some(id) = &e.id {
                        if id.is_empty()
                            || !id
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                        {
                            errors.push(format!(
                                "{file}:{first_line}: id {id:?} must be ASCII letters, digits, '-' or '_'"
                            ));
                            continue;
                        }
                    }
                    let doc_type = match e.doc_type.as_deref().map(|t| (t, DocType::from_name(t))) {
                        Some((t, None)) => {
                            errors.push(format!(
                                "{file}:{first_line}: unknown type {t:?} (use \"report\" or \"legislation\")"
                            ));
                            continue;
                        }
                        other => other.and_then(|(_, t)| t),
                    };
                    let lang = lang.and_then(|(_, l)| l);
                    out.push((
                        e.path.clone(),
                        CatalogEntry {
                            id: e.id.clone(),
                            has_lang: lang.is_some(),
                            meta: DocMeta {
                                id: e.id.unwrap_or_default(),
                                title: e.title.unwrap_or_default(),
                                publisher: e.publisher,
                                year: e.year,
                                edition: e.edition,
                                lang: lang.unwrap_or_default(),
                                source: e.source,
                                licence: e.licence,
                                doc_type,
                                author: e.author,
                                series: e.series,
                                part: e.part,
                                law_number: e.law_number,
                                url: e.url,
                            },
                        },
                    ));
                }
            }
            Err(err) => {
                let line = err
                    .span()
                    .map(|s| first_line + chunk[..s.start.min(chunk.len())].matches('\n').count())
                    .unwrap_or(first_line);
                let msg = err
                    .message()
                    .lines()
                    .next()
                    .unwrap_or("invalid entry")
                    .to_string();
                errors.push(format!("{file}:{line}: {msg}"));
            }
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_entry_is_reported_and_others_apply() {
        let text = "[[document]]\npath = \"a.txt\"\ntitle = \"A\"\n\n[[document]]\npath = \"b.txt\"\nyear = \"soon\"\n\n[[document]]\npath = \"c.txt\"\nlang = \"ja\"\n";
        let (entries, errors) = parse_catalog(text, "catalog.toml");
        assert_eq!(entries.len(), 2);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("catalog.toml:7:"), "{}", errors[0]);
        assert_eq!(entries[1].1.meta.lang, Lang::Ja);
    }

    #[test]
    fn citation_fields_are_read_and_a_bad_type_is_reported() {
        let text = "[[document]]\npath = \"a.txt\"\ntype = \"legislation\"\nlaw_number = \"平成七年法律第百三十号\"\n\n[[document]]\npath = \"b.txt\"\ntype = \"novel\"\n";
        let (entries, errors) = parse_catalog(text, "catalog.toml");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].1.meta.doc_type, Some(DocType::Legislation));
        assert_eq!(
            entries[0].1.meta.law_number.as_deref(),
            Some("平成七年法律第百三十号")
        );
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("catalog.toml:6: unknown type"),
            "{}",
            errors[0]
        );
    }
}
