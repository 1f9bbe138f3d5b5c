//! The index on disk: where it lives, opening it, making a new one.
//!
//! An index directory holds Tantivy's files plus `vanban.json`, which
//! records the schema version. An index written by another version is never
//! misread: opening it says so, and the next `vanban index` rebuilds it.

use std::fs;
use std::path::{Path, PathBuf};

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr, META_LOCK,
};
use tantivy::{Directory, Index, IndexReader, ReloadPolicy, Searcher, TantivyError};

use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::{analysis, pairs};

/// Name of the file that marks a directory as a vanban index.
const MARKER: &str = "vanban.json";
/// The file beside the index where `vanban index` keeps the new times of
/// files touched without change, and copies of indexed files (see
/// `crate::indexer`).
pub const TOUCHED: &str = "touched.json";

/// Why an index could not be opened or created.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No index at that place yet.
    #[error("no index at {0} (run `vanban index` first)")]
    NotFound(PathBuf),
    /// An index made by an incompatible version of vanban.
    #[error(
        "the index at {0} was built by another version of vanban (run `vanban index --rebuild`)"
    )]
    Incompatible(PathBuf),
    /// A directory that holds other files than a vanban index: vanban
    /// neither reads it as one nor writes among those files.
    #[error(
        "{0} is not a vanban index: it holds other files (give --index an empty or new directory)"
    )]
    NotAnIndex(PathBuf),
    /// A file-system error (its message says it all: not chained again).
    #[error("{path}: {error}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// An error from Tantivy.
    #[error("index at {path}: {source}")]
    Tantivy {
        /// The index directory.
        path: PathBuf,
        /// What went wrong.
        source: tantivy::TantivyError,
    },
}

/// An open index with its field handles.
pub struct Store {
    /// The Tantivy index.
    pub index: Index,
    /// Handles of every field.
    pub fields: Fields,
    /// The index directory.
    pub dir: PathBuf,
    /// One reader for the life of the store: opening one per query costs
    /// more than many a query. It follows the index's commits, unless the
    /// store is [`Store::read_once`].
    reader: std::sync::OnceLock<IndexReader>,
    /// Whether the reader follows commits.
    reload: ReloadPolicy,
}

impl Store {
    /// A searcher on the latest commit this store's reader has seen.
    pub fn searcher(&self) -> Result<Searcher, TantivyError> {
        if let Some(r) = self.reader.get() {
            return Ok(r.searcher());
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(self.reload)
            .try_into()?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    /// This store as one command reading it sees it: the index as committed
    /// when it is first searched, without a thread that reads `meta.json`
    /// every half second for later commits (on Windows, a file open there
    /// is one a commit of an index run beside it may not replace).
    pub fn read_once(mut self) -> Store {
        self.reload = ReloadPolicy::Manual;
        self
    }

    /// Whether `dir` holds an index (of any version).
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file()
    }

    /// Whether `dir` holds nothing but what vanban may create or keep in an
    /// index directory of its own making (see [`Store::recreate`]): it is
    /// missing, or empty but for a `.gitkeep` and the cache of scans.
    fn is_free(dir: &Path) -> Result<bool, StoreError> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
            Err(source) => {
                return Err(StoreError::Io {
                    path: dir.to_path_buf(),
                    error: source,
                })
            }
        };
        Ok(entries.flatten().all(|e| {
            let name = e.file_name();
            name == ".gitkeep"
                || name == crate::scan::CACHE_DIR
                || name == MARKER
                || name == TOUCHED
        }))
    }

    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        if !dir.join(MARKER).is_file() {
            // Tantivy's files without vanban's marker: someone else's.
            if Store::exists(dir) {
                return Err(StoreError::NotAnIndex(dir.to_path_buf()));
            }
            return Err(StoreError::NotFound(dir.to_path_buf()));
        }
        if !Store::exists(dir) {
            return Err(StoreError::NotFound(dir.to_path_buf()));
        }
        let version = fs::read_to_string(dir.join(MARKER))
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v.get("schema_version").and_then(|v| v.as_u64()));
        if version != Some(u64::from(SCHEMA_VERSION)) {
            return Err(StoreError::Incompatible(dir.to_path_buf()));
        }
        let tantivy = |source| StoreError::Tantivy {
            path: dir.to_path_buf(),
            source,
        };
        let directory = MmapDirectory::open(dir).map_err(|e| tantivy(e.into()))?;
        let index = Index::open(IndexFolder(directory)).map_err(tantivy)?;
        let fields = schema::fields_of(&index.schema())
            .ok_or(StoreError::Incompatible(dir.to_path_buf()))?;
        Ok(Store::with(index, fields, dir))
    }

    /// Creates a new, empty index in `dir`, which must be missing or empty
    /// (but for a `.gitkeep` and the cache of scans).
    pub fn create(dir: &Path) -> Result<Store, StoreError> {
        let io = |error| StoreError::Io {
            path: dir.to_path_buf(),
            error,
        };
        // A directory vanban marked as its own may hold what a run stopped
        // before the index was made left (Tantivy's lock files).
        if !dir.join(MARKER).is_file() && !Store::is_free(dir)? {
            return Err(StoreError::NotAnIndex(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(io)?;
        // The marker first: a run stopped before the index is made leaves
        // a directory vanban knows for its own.
        let marker = serde_json::json!({ "schema_version": SCHEMA_VERSION });
        fs::write(dir.join(MARKER), marker.to_string()).map_err(io)?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| StoreError::Tantivy {
            path: dir.to_path_buf(),
            source: e.into(),
        })?;
        // The index records the plugin's files as its own: every opening
        // must register it again (`with`).
        let index = Index::builder()
            .schema(schema)
            .register_plugin(pairs::PairPlugin::new(fields.body_folded))
            .open_or_create(IndexFolder(directory))
            .map_err(|source| StoreError::Tantivy {
                path: dir.to_path_buf(),
                source,
            })?;
        Ok(Store::with(index, fields, dir))
    }

    /// A store for an opened or created index, with vanban's tokenizers
    /// registered (Tantivy does not keep them in the index).
    fn with(mut index: Index, fields: Fields, dir: &Path) -> Store {
        analysis::register(&index);
        if index.custom_plugins().is_empty() {
            index.register_plugin(pairs::PairPlugin::new(fields.body_folded));
        }
        // A large index is kept as a few segments (see `indexer`), searched
        // side by side, one core each.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores > 1 {
            // Without the threads, search runs on the calling thread:
            // slower, not wrong.
            let _ = index.set_multithread_executor(cores);
        }
        Store {
            index,
            fields,
            dir: dir.to_path_buf(),
            reader: std::sync::OnceLock::new(),
            reload: ReloadPolicy::OnCommitWithDelay,
        }
    }

    /// Opens the index in `dir`, creating an empty one when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Store, StoreError> {
        match Store::open(dir) {
            Err(StoreError::NotFound(_)) => Store::create(dir),
            other => other,
        }
    }

    /// Removes whatever index `dir` holds (of any version) and creates an
    /// empty one; the cache of text read off scans stays. Used only when the old index cannot be read by this
    /// version; a compatible index is rebuilt in place instead, where the
    /// old documents stay searchable until the new ones are committed.
    /// Only a directory vanban marked as its index is emptied.
    pub fn recreate(dir: &Path) -> Result<Store, StoreError> {
        if !dir.join(MARKER).is_file() && !Store::is_free(dir)? {
            return Err(StoreError::NotAnIndex(dir.to_path_buf()));
        }
        if dir.is_dir() {
            let io = |path: &Path| {
                let path = path.to_path_buf();
                move |error| StoreError::Io { path, error }
            };
            for entry in fs::read_dir(dir).map_err(io(dir))? {
                let entry = entry.map_err(io(dir))?;
                // The text read off scans is not the index, and costs
                // much to read again (see `scan`).
                if entry.file_name() == ".gitkeep" || entry.file_name() == crate::scan::CACHE_DIR {
                    continue;
                }
                let path = entry.path();
                if path.is_dir() {
                    fs::remove_dir_all(&path).map_err(io(&path))?;
                } else {
                    fs::remove_file(&path).map_err(io(&path))?;
                }
            }
        }
        Store::create(dir)
    }
}

/// Tantivy's directory for an index folder, with two differences.
///
/// The folder may be only readable (a shared drive, a colleague's folder):
/// opening segments for reading takes a lock file, which cannot be written
/// there. Where it cannot, reading goes on without it: no writer can be at
/// work in a folder this process may not write, as far as it can tell.
/// Writing still needs every lock.
///
/// On Windows, a file replaced whole (`meta.json` at every commit) cannot
/// be while another program has it open without leave to delete it (a
/// virus scanner, the search indexer, a backup), nor while another thread
/// replaces it: the commit failed with "Access denied", and with it the
/// run. It is tried again for a while instead ([`retry_while_busy`]).
#[derive(Clone, Debug)]
struct IndexFolder(MmapDirectory);

impl Directory for IndexFolder {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        if !cfg!(windows) {
            return self.0.atomic_write(path, data);
        }
        retry_while_busy(|| self.0.atomic_write(path, data), is_busy, &BUSY_WAITS)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && is_read_only(&e) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}

/// How long to wait before each new try of a file another program holds
/// (see [`IndexFolder`]): about 5 s in all.
const BUSY_WAITS: [Duration; 8] = [
    Duration::from_millis(10),
    Duration::from_millis(20),
    Duration::from_millis(50),
    Duration::from_millis(100),
    Duration::from_millis(200),
    Duration::from_millis(500),
    Duration::from_secs(1),
    Duration::from_secs(3),
];

/// `op`, tried again after each of `waits` while it fails with an error
/// that `busy` says may pass; its last error when none is left.
fn retry_while_busy<T>(
    mut op: impl FnMut() -> io::Result<T>,
    busy: impl Fn(&io::Error) -> bool,
    waits: &[Duration],
) -> io::Result<T> {
    let mut waits = waits.iter();
    loop {
        match op() {
            Err(e) if busy(&e) => match waits.next() {
                Some(wait) => std::thread::sleep(*wait),
                None => return Err(e),
            },
            done => return done,
        }
    }
}

/// Whether a Windows error says a file is held by another program or
/// thread, for a moment: access denied (a file being replaced or deleted),
/// sharing or lock violation.
fn is_busy(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// Whether an error says a file may not be written: permissions, or a
/// file system mounted read-only.
pub fn is_read_only(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied || e.kind() == io::ErrorKind::ReadOnlyFilesystem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn denied() -> io::Error {
        io::Error::from_raw_os_error(5)
    }

    #[test]
    fn a_file_held_for_a_moment_is_written_when_it_is_let_go() {
        let waits = [Duration::ZERO; 3];
        let mut calls = 0;
        let done = retry_while_busy(
            || {
                calls += 1;
                if calls < 3 {
                    Err(denied())
                } else {
                    Ok(calls)
                }
            },
            is_busy,
            &waits,
        );
        assert_eq!(done.unwrap(), 3);

        // Held for good: the last error, once every wait is spent.
        let mut calls = 0;
        let held = retry_while_busy::<()>(
            || {
                calls += 1;
                Err(denied())
            },
            is_busy,
            &waits,
        );
        assert_eq!(held.unwrap_err().raw_os_error(), Some(5));
        assert_eq!(calls, 4);

        // Any other error at once.
        let mut calls = 0;
        let full = retry_while_busy::<()>(
            || {
                calls += 1;
                Err(io::Error::from(io::ErrorKind::StorageFull))
            },
            is_busy,
            &waits,
        );
        assert_eq!(full.unwrap_err().kind(), io::ErrorKind::StorageFull);
        assert_eq!(calls, 1);
    }
}
