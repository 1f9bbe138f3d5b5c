//! Finding indexed documents by what a person calls them: a path or a
//! number, narrowed by year and issuer when numbers repeat.
//!
//! Numbers restart every year for every issuing body, so `04/KH-UBND`
//! names many documents; [`find_document`] returns all that fit and leaves
//! the choice to the caller.
//!
//! ```text
//! find_document("110/kh-ubnd", None, None)           → [corpus/001_….txt]
//! find_document("corpus/001_825a936da22e72ef.txt")  → [that document]
//! ```

use tantivy::collector::TopDocs;
use tantivy::error::DataCorruption;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyError, Term};

use std::path::Path;

use crate::decode::{self, Limits};
use crate::document::{content_digest, Document, Meta};
use crate::filters::Filters;
use crate::indexer::{as_on_disk, is_archive, normalize};
use crate::number;
use crate::schema::{self, Fields, Stored};
use crate::store::Store;

/// Most documents returned for one number.
const MAX_CANDIDATES: usize = 100;

/// Reads a stored document back.
pub fn load(
    store: &Store,
    searcher: &Searcher,
    address: DocAddress,
) -> Result<Document, TantivyError> {
    let doc: Stored<{ schema::WHOLE }> = searcher.doc(address)?;
    with_text(&store.fields, &doc)
}

/// Reads a stored document back with the first stretch of its text only
/// ([`crate::snippet::stretch_end`]), and whether that is all of it.
pub fn load_head(
    store: &Store,
    searcher: &Searcher,
    address: DocAddress,
) -> Result<(Document, bool), TantivyError> {
    let doc: Stored<{ schema::HEAD }> = searcher.doc(address)?;
    let whole = doc.has_whole_text(&store.fields);
    Ok((with_text(&store.fields, &doc)?, whole))
}

/// Reads a stored document back without its text (left empty: what is
/// read about a text is kept, not the text).
fn load_without_text(
    store: &Store,
    searcher: &Searcher,
    address: DocAddress,
) -> Result<Document, TantivyError> {
    let doc: Stored<{ schema::META }> = searcher.doc(address)?;
    Ok(document(&store.fields, &doc, String::new()))
}

/// The document stored as `doc`, with as much of its text as was read.
fn with_text<const UP_TO: u8>(f: &Fields, doc: &Stored<UP_TO>) -> Result<Document, TantivyError> {
    let text = doc.text(f).map_err(|e| {
        TantivyError::DataCorruption(DataCorruption::comment_only(format!(
            "the stored text of {} cannot be read: {e}",
            doc.str(f.path)
        )))
    })?;
    Ok(document(f, doc, text))
}

/// The document stored as `doc`, with `text`.
fn document<const UP_TO: u8>(f: &Fields, doc: &Stored<UP_TO>, text: String) -> Document {
    let meta: Meta = serde_json::from_str(doc.str(f.meta)).unwrap_or_default();
    Document {
        path: shown_path(doc.str(f.path), doc.str(f.source)),
        hash: doc.str(f.content).to_string(),
        bytes: meta.bytes,
        text,
        title: meta.title,
        encoding: meta.encoding,
        warnings: meta.warnings,
        header: meta.header,
        citations: meta.citations,
        garbled: meta.garbled,
    }
}

/// How a stored path is shown: the file's absolute name (`source`) made
/// relative to the working directory when it lies under it, then the
/// archive member, if any (`corpus/lưu.zip!/2021/kh.txt`). Paths stored
/// relative by an older version are shown as stored.
pub fn shown_path(stored: &str, source: &str) -> String {
    match stored.strip_prefix(source) {
        Some(member) if !source.is_empty() && Path::new(source).is_absolute() => {
            format!("{}{member}", normalize(Path::new(source)).to_string_lossy())
        }
        _ => stored.to_string(),
    }
}

/// The file and the archive member a path typed by a user names
/// (`lưu.zip!/2021/kh.txt`), or `None` for a path without a member. On
/// Windows, where `\` parts a path's folders, it may part an archive's
/// members too (`lưu.zip!\2021\kh.txt`): it is read as the `/` an archive
/// writes.
pub fn split_member(doc: &str) -> Option<(&str, std::borrow::Cow<'_, str>)> {
    let slash = doc.find("!/");
    if cfg!(windows) {
        let backslash = doc
            .match_indices("!\\")
            .map(|(at, _)| at)
            .find(|&at| is_archive(Path::new(&doc[..at])));
        let at = match (slash, backslash) {
            (Some(s), Some(b)) => s.min(b),
            (s, b) => s.or(b)?,
        };
        let member = doc[at + 2..].replace('\\', "/");
        return Some((&doc[..at], member.into()));
    }
    slash.map(|at| (&doc[..at], std::borrow::Cow::Borrowed(&doc[at + 2..])))
}

/// The stored paths a path typed by a user can be: the file's absolute
/// name (with its member), and as an older version stored it, relative to
/// the working directory of the run.
fn stored_paths(doc: &str) -> [String; 2] {
    let (file, member) = match split_member(doc) {
        // The member's path as the archive gives it (`./` steps dropped).
        Some((file, member)) => {
            let parts: Vec<&str> = member
                .split('/')
                .filter(|p| *p != "." && !p.is_empty())
                .collect();
            (file, format!("!/{}", parts.join("/")))
        }
        None => (doc, String::new()),
    };
    let file = Path::new(file);
    [
        format!("{}{member}", as_on_disk(file).to_string_lossy()),
        format!("{}{member}", normalize(file).to_string_lossy()),
    ]
}

/// The indexed document with the same content as the file (or archive
/// member, `archive.zip!/inner/path`) `doc` names on disk: what a search
/// finds for a copy the indexer left out ("not indexed twice"). `None`
/// when `doc` names no readable file or member, or its content is not
/// indexed.
pub fn indexed_copy(store: &Store, doc: &str) -> anyhow::Result<Option<Document>> {
    let (file, member) = match split_member(doc) {
        Some((file, member)) => (file, Some(member)),
        None => (doc, None),
    };
    let limits = Limits::default();
    let readable =
        std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.len() <= limits.max_file_size);
    let Some(bytes) = readable.then(|| std::fs::read(file).ok()).flatten() else {
        return Ok(None);
    };
    let digest = match member {
        None => content_digest(&bytes),
        Some(member) => {
            let members = decode::extract_with_limits(file, &bytes, &limits).unwrap_or_default();
            let Some(content) = members
                .into_iter()
                .find(|x| x.inner_path.as_deref() == Some(&*member))
                .and_then(|x| x.content)
            else {
                return Ok(None);
            };
            content
        }
    };
    let f = &store.fields;
    let query = TermQuery::new(
        Term::from_field_text(f.content, &digest.to_hex()),
        IndexRecordOption::Basic,
    );
    Ok(load_all(store, &query, 1)?.pop())
}

/// Runs a query and loads every document it matches (at most `limit`).
pub fn load_all(
    store: &Store,
    query: &dyn Query,
    limit: usize,
) -> Result<Vec<Document>, TantivyError> {
    let searcher = store.searcher()?;
    let top = searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?;
    top.into_iter()
        .map(|(_, address)| load(store, &searcher, address))
        .collect()
}

/// Every document matching `query`, however many, read on all cores
/// without its text (left empty), which would not fit memory for many,
/// and kept as `keep` makes it (what is needed of it).
pub fn load_each_without_text<T: Send>(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    keep: impl Fn(Document) -> T + Sync,
) -> Result<Vec<T>, TantivyError> {
    use rayon::prelude::*;
    let mut addresses: Vec<DocAddress> = searcher
        .search(query, &tantivy::collector::DocSetCollector)?
        .into_iter()
        .collect();
    // In the order they are stored: neighbours share a compressed block.
    addresses.sort();
    addresses
        .into_par_iter()
        .map(|address| load_without_text(store, searcher, address).map(&keep))
        .collect()
}

/// The documents `doc` names: the one stored under that path, else those
/// bearing that number (of that year and issuer, when given).
pub fn find_document(
    store: &Store,
    doc: &str,
    year: Option<i32>,
    issuer: Option<&str>,
) -> anyhow::Result<Vec<Document>> {
    let f = &store.fields;
    let by_path = BooleanQuery::new(
        stored_paths(doc)
            .iter()
            .map(|path| -> (Occur, Box<dyn Query>) {
                let term = Term::from_field_text(f.path, path);
                let query = TermQuery::new(term, IndexRecordOption::Basic);
                (Occur::Should, Box::new(query))
            })
            .collect(),
    );
    let found = load_all(store, &by_path, 1)?;
    if !found.is_empty() {
        return Ok(found);
    }
    let Some(key) = number::number_key(doc) else {
        return Ok(Vec::new());
    };
    let mut filters = Filters {
        number: Some(key),
        issuer: issuer.map(str::to_string),
        ..Filters::default()
    };
    if let Some(y) = year {
        filters = filters.with_year(y)?;
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = filters.clauses(f);
    let mut docs = load_all(store, &BooleanQuery::new(clauses), MAX_CANDIDATES)?;
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_typed_is_the_path_stored() {
        // The file's name as the system writes it, the member's with `/`.
        let sep = std::path::MAIN_SEPARATOR;
        let [absolute, _] = stored_paths("corpus/luu.zip!/./2021//kh.txt");
        assert!(Path::new(&absolute).is_absolute(), "{absolute}");
        assert!(
            absolute.ends_with(&format!("{sep}corpus{sep}luu.zip!/2021/kh.txt")),
            "{absolute}"
        );
        let [absolute, relative] = stored_paths("./corpus/../corpus/kh.txt");
        assert!(
            absolute.ends_with(&format!("{sep}corpus{sep}kh.txt")),
            "{absolute}"
        );
        assert_eq!(relative, format!("corpus{sep}kh.txt"));
    }

    #[test]
    fn an_archive_member_is_typed_after_its_archive() {
        let split = |doc| split_member(doc).map(|(file, member)| (file, member.into_owned()));
        assert_eq!(
            split("lưu.zip!/2021/b.zip!/kh.txt"),
            Some(("lưu.zip", "2021/b.zip!/kh.txt".to_string()))
        );
        assert_eq!(split("corpus/kh.txt"), None);
        // A folder may end in `!`; only an archive holds members.
        let windows = cfg!(windows).then(|| ("lưu.zip", "2021/kh.txt".to_string()));
        assert_eq!(split("lưu.zip!\\2021\\kh.txt"), windows);
        assert_eq!(split("quan trọng!\\kh.txt"), None);
    }
}
