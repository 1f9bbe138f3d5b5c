//! vanban: a search engine for Vietnamese administrative documents.
//!
//! The path of a document: bytes are read ([`document`]), normalized
//! ([`text`]), analysed into exact and folded tokens ([`analysis`]) and
//! written to a Tantivy index ([`schema`], [`store`], [`indexer`]), with
//! the text's word pairs in a segment component of vanban's ([`pairs`]).
//! Queries are read into parts ([`query`]) and run ([`search`]); the
//! command line lives in [`cli`] and prints through [`output`].

pub mod analysis;
pub mod citation;
pub mod cli;
pub mod date;
pub mod decode;
pub mod doctype;
pub mod document;
pub mod filters;
pub mod header;
pub mod indexer;
pub mod lookup;
pub mod number;
pub mod ocr;
pub mod output;
pub mod pairs;
pub mod places;
pub mod query;
pub mod refs;
pub mod scan;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod spelling;
pub mod stats;
pub mod store;
pub mod syllable;
pub mod text;
