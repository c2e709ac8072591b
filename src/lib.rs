//! polsearch: full-text search over government policy documents.
