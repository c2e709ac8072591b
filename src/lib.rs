//! polsearch: full-text search over government policy documents in English and Japanese.
//!
//! The pipeline, one module per stage:
//! [`corpus`] (walk, read, decode, catalog) → [`parse`] (structure) → [`facets`] →
//! [`analysis`] (tokenizers) → [`index`] (tantivy) ; queries go through [`search`] and
//! [`render`] (text) and [`wire`] (the JSON outputs, shared by the CLI and the server); [`cite`] formats citations of passages. [`model`] holds the plain data every stage shares.

pub mod analysis;
pub mod cite;
pub mod corpus;
pub mod facets;
pub mod index;
pub mod model;
pub mod parse;
pub mod render;
pub mod search;
pub mod wire;
