//! `vanban index`: walk files, read them in parallel, write the index.
//!
//! Files are listed first (so progress can show an ETA), then read and
//! analysed in batches on rayon's pool while Tantivy's writer threads
//! tokenize and write the previous batch. One bad file is reported and
//! counted, never fatal. Nothing is visible to searchers until the final
//! commit, so an interrupted run leaves the previous index intact.
//!
//! ```text
//! vanban index corpus/
//! indexed 5 files (0 skipped, 0 failed), 0.08 MB in 0.21 s (0.37 MB/s)
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tantivy::{IndexWriter, TantivyDocument, TantivyError};

use crate::document::{read_document, Document};
use crate::schema::Fields;
use crate::store::{Store, StoreError};
use crate::{filters, number};

/// Files read and analysed together before they go to the writer.
const BATCH: usize = 64;

/// What `vanban index` was asked to do.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files and folders to index.
    pub paths: Vec<PathBuf>,
    /// Tantivy writer threads.
    pub threads: usize,
    /// Writer memory budget, in MB, shared by the threads.
    pub memory_mb: usize,
    /// Throw away the old index (also one built by another version).
    pub rebuild: bool,
    /// Draw a progress bar (on a terminal).
    pub progress: bool,
}

/// Why one file was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub path: String,
    /// Why, for a person.
    pub reason: String,
    /// Whether it was skipped as not a text file (else it failed).
    pub skipped: bool,
}

/// The outcome of an indexing run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Files indexed.
    pub indexed: usize,
    /// Files skipped: binary, empty, not text.
    pub skipped: usize,
    /// Files that could not be read.
    pub failed: usize,
    /// Bytes of the files indexed.
    pub bytes: u64,
    /// Wall-clock seconds of the run.
    pub seconds: f64,
}

impl Summary {
    /// The one-line report printed at the end of a run.
    pub fn line(&self) -> String {
        let mb = self.bytes as f64 / 1e6;
        let rate = if self.seconds > 0.0 {
            mb / self.seconds
        } else {
            0.0
        };
        format!(
            "indexed {} files ({} skipped, {} failed), {:.2} MB in {:.2} s ({:.1} MB/s)",
            self.indexed, self.skipped, self.failed, mb, self.seconds, rate
        )
    }
}

/// Errors that stop a whole run (a bad file never does).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index could not be opened or created.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another process holds the index's writer lock.
    #[error(
        "the index at {0} is being written by another process; try again when it has finished"
    )]
    Busy(PathBuf),
    /// Tantivy failed while writing.
    #[error("writing the index at {path}: {source}")]
    Write {
        /// The index directory.
        path: PathBuf,
        /// What went wrong.
        source: TantivyError,
    },
}

/// A file found by the walk, or a problem found on the way.
enum Found {
    File(PathBuf, u64),
    Problem(Problem),
}

/// Indexes `opts.paths` into the index in `dir`. Problems with single files
/// go to `report` as they happen and are counted in the summary.
pub fn run(
    dir: &Path,
    opts: &IndexOptions,
    report: &(dyn Fn(&Problem) + Sync),
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    // An index is derived data: one this version cannot read is rebuilt.
    let store = match Store::open_or_create(dir) {
        Err(StoreError::Incompatible(_)) => Store::recreate(dir)?,
        other => other?,
    };
    let memory = opts.memory_mb.max(15 * opts.threads.max(1) + 1) * 1_000_000;
    let mut writer: IndexWriter = store
        .index
        .writer_with_num_threads(opts.threads.max(1), memory)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => IndexError::Busy(dir.to_path_buf()),
            source => IndexError::Write {
                path: dir.to_path_buf(),
                source,
            },
        })?;
    let write_err = |source| IndexError::Write {
        path: dir.to_path_buf(),
        source,
    };

    let mut summary = Summary::default();
    let mut files = Vec::new();
    for found in walk(&opts.paths, dir) {
        match found {
            Found::File(path, len) => files.push((path, len)),
            Found::Problem(p) => {
                count(&mut summary, &p);
                report(&p);
            }
        }
    }
    let total: u64 = files.iter().map(|(_, len)| len).sum();
    let bar = progress_bar(opts.progress, total);

    writer.delete_all_documents().map_err(write_err)?;
    for batch in files.chunks(BATCH) {
        let read: Vec<Result<Document, Problem>> =
            batch.par_iter().map(|(path, _)| read_file(path)).collect();
        for result in read {
            match result {
                Ok(doc) => {
                    bar.inc(doc.bytes);
                    summary.indexed += 1;
                    summary.bytes += doc.bytes;
                    writer
                        .add_document(to_tantivy(&doc, &store.fields))
                        .map_err(write_err)?;
                }
                Err(p) => {
                    count(&mut summary, &p);
                    bar.suspend(|| report(&p));
                }
            }
        }
        bar.set_message(format!("{} files", summary.indexed));
    }
    writer.commit().map_err(write_err)?;
    writer.wait_merging_threads().map_err(write_err)?;
    bar.finish_and_clear();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn count(summary: &mut Summary, problem: &Problem) {
    if problem.skipped {
        summary.skipped += 1;
    } else {
        summary.failed += 1;
    }
}

/// Reads and analyses one file.
fn read_file(path: &Path) -> Result<Document, Problem> {
    let name = path.to_string_lossy().into_owned();
    let bytes = std::fs::read(path).map_err(|e| Problem {
        path: name.clone(),
        reason: format!("cannot read: {e}"),
        skipped: false,
    })?;
    read_document(&name, &bytes).map_err(|e| Problem {
        path: name,
        reason: e.to_string(),
        skipped: true,
    })
}

/// The Tantivy document for one of ours.
pub fn to_tantivy(doc: &Document, f: &Fields) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.path, &doc.path);
    d.add_text(f.hash, &doc.hash);
    d.add_text(f.text, &doc.text);
    d.add_text(f.body, &doc.text);
    d.add_text(f.body_folded, &doc.text);
    d.add_text(f.title, &doc.title);
    let h = &doc.header;
    if let Some(key) = h.number.as_deref().and_then(number::number_key) {
        d.add_text(f.number_key, key);
    }
    if let Some(t) = h.doc_type {
        d.add_text(f.doc_type, t.code);
    }
    if let Some(date) = h.date {
        d.add_u64(f.date_lo, filters::day_number(date, false));
        d.add_u64(f.date_hi, filters::day_number(date, true));
        d.add_u64(f.year, date.year.max(0) as u64);
    }
    if let Some(issuer) = &h.issuer {
        d.add_text(f.issuer, issuer);
        d.add_text(f.issuer_name, issuer);
    }
    if let Some(name) = h.signer.as_ref().and_then(|s| s.name.as_deref()) {
        d.add_text(f.signer, name);
    }
    let mut keys = std::collections::BTreeSet::new();
    let mut rels = std::collections::BTreeSet::new();
    for c in &doc.citations {
        if let Some(key) = number::number_key(&c.number) {
            rels.insert(filters::relation_key(c.relation, &key));
            keys.insert(key);
        }
    }
    for key in keys {
        d.add_text(f.cites, key);
    }
    for rel in rels {
        d.add_text(f.cites_rel, rel);
    }
    let meta = serde_json::to_string(&doc.meta()).expect("metadata serializes");
    d.add_text(f.meta, meta);
    d
}

/// Lists the files under `roots`, skipping hidden entries and the index
/// directory itself; unreadable entries come back as problems.
fn walk(roots: &[PathBuf], index_dir: &Path) -> Vec<Found> {
    let index_dir = index_dir.canonicalize().ok();
    let mut found = Vec::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let is_index = e.file_type().is_dir()
                    && index_dir.is_some()
                    && e.path().canonicalize().ok() == index_dir;
                !hidden && !is_index
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                    found.push(Found::File(e.into_path(), len));
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map(|p| p.to_string_lossy().into_owned())
                        .unwrap_or_else(|| root.to_string_lossy().into_owned());
                    let reason = match err.loop_ancestor() {
                        Some(a) => format!("symlink loop back to {}", a.display()),
                        None => err
                            .io_error()
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| err.to_string()),
                    };
                    found.push(Found::Problem(Problem {
                        path,
                        reason,
                        skipped: false,
                    }));
                }
            }
        }
    }
    found
}

fn progress_bar(show: bool, total: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta} {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}
