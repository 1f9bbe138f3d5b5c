//! `vanban index`: bring the index in line with the files, incrementally,
//! in parallel, and safely.
//!
//! A run walks the given paths and sorts every file into one of:
//!
//! * **unchanged**: same size and times as when indexed (see `stamp`), or
//!   else the same content hash: not read again (beyond hashing), its
//!   documents not written again; a new time is kept beside the index
//!   (`Touched`), so the next run need not hash it;
//! * **added** / **updated**: new, or its content changed: read, decoded,
//!   analysed (in parallel, on rayon's pool) and written (Tantivy's writer
//!   threads tokenize and index);
//! * **moved**: new path, but its content is a file that disappeared in the
//!   same run: the old document goes, the new one comes;
//! * **duplicate**: its content is already indexed under another path that
//!   still exists: a copy is not indexed twice. The same holds for each
//!   member of a `.zip` (what the index holds is read before the rest, and
//!   of new files archives after the others, so of a file and its copy in
//!   an archive the file is indexed); an archive that
//!   left copies out is read again whenever indexed content may have gone;
//! * **removed**: indexed under one of the given paths, but gone;
//! * **skipped** / **failed**: not a document (binary, empty), or unreadable
//!   (reported with its path and reason; the run goes on).
//!
//! Safety: the writer holds Tantivy's lock, so a second `vanban index` on the
//! same index fails at once. Documents are replaced file by file (delete and
//! add in the same commit), so every commit is a complete, consistent index;
//! long runs commit every [`COMMIT_EVERY`], and a run killed at any moment
//! leaves the last commit searchable; the next run skips what it committed.
//! `--rebuild` re-reads everything the same way, and an index written by an
//! incompatible version is replaced. With `--ocr`, scans are read by
//! Tesseract ([`crate::scan`]), whose readings are kept beside the index and
//! pruned at the end of a run.
//!
//! Archives: a `.zip` whose members fit in a batch is read whole, as other
//! files are; a larger one (or one of very many members, or larger than
//! `--max-file-size`) is read member by member (`Writing::stream_archive`),
//! a batch of members at a time on all cores, written as it is read,
//! after a commit of its own: it is never committed halfway, and if its
//! file cannot be read any more halfway, what was written of it is rolled
//! back. An archive inside it too large for a batch is read the same way,
//! in its turn. Files read whole and archives read member by member go
//! through the same steps (`Writing`).
//!
//! Memory: `--memory` bounds the run's heap. It is shared by Tantivy's
//! writer buffers (70%, less what the run keeps of every file and the
//! directory of the largest archive read member by member), the
//! documents queued for its threads (an eighth, see `InFlight`) and the
//! files being read (a sixteenth, an archive counting what it unpacks
//! to, an archive inside it four times its size). Segments are merged
//! after the last commit, when the writer's buffers are freed, so merging
//! does not add to that. Replaced files are deleted one batch at a time,
//! not one by one: Tantivy holds every delete until the next commit.
//!
//! ```text
//! $ vanban index corpus/
//! 5 files: 5 added, 0 updated, 0 unchanged, 0 removed, 0 failed; 0.08 MB in 0.21 s (0.37 MB/s)
//! ```

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::columnar::StrColumn;
use tantivy::directory::error::LockError;
use tantivy::directory::INDEX_WRITER_LOCK;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy, NoMergePolicy};
use tantivy::query::TermSetQuery;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document as TantivyDoc, Field, OwnedValue, Term};
use tantivy::{Directory, IndexWriter, Searcher, TantivyError};

use crate::decode::{self, FileAt, Limits, Scanner, Trouble};
use crate::document::{self, content_digest, read_hashed_documents, Document};
use crate::scan::{self, Tesseract};
use crate::schema::{self, Fields};
use crate::store::{Store, StoreError, TOUCHED};
use crate::{filters, number};
use globset::{GlobSet, GlobSetBuilder};

/// How often a long run commits what it has indexed.
pub const COMMIT_EVERY: Duration = Duration::from_secs(60);
/// Most files read and analysed together before they go to the writer.
const BATCH_FILES: usize = 256;
/// The same, for each thread, when scans are read: a scan takes seconds,
/// and a batch is committed (and seen by searches) only once all of it is
/// read.
const SCAN_BATCH_FILES: usize = 8;
/// An archive of more members than this is read member by member (see
/// [`ArchivePlan`]) even when they are small: read whole, its members would
/// be read one after another, on one core. Fewer small members are read
/// whole, beside other files: reading an archive member by member commits
/// first, which costs as much as reading a few hundred small documents.
const STREAM_MEMBERS: usize = 4096;
/// Most bytes read together before they go to the writer: bounds memory
/// (each byte read is held a few times over until the writer takes it);
/// smaller when `--memory` is small.
const BATCH_BYTES: u64 = 16 << 20;

/// What `vanban index` was asked to do.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files and folders to index.
    pub paths: Vec<PathBuf>,
    /// Tantivy writer threads.
    pub threads: usize,
    /// Writer memory budget, in MB, shared by the threads.
    pub memory_mb: usize,
    /// Read every file again, even unchanged ones.
    pub rebuild: bool,
    /// Files larger than this (bytes) are not read.
    pub max_file_size: u64,
    /// Draw a progress bar (on a terminal).
    pub progress: bool,
    /// Globs of files and folders to leave out, matched against the path
    /// below the folder given and against the name alone.
    pub exclude: Vec<String>,
    /// Read scans (images, PDF pages without text) by optical character
    /// recognition in these Tesseract languages (`vie`); see [`crate::scan`].
    pub ocr: Option<String>,
}

impl IndexOptions {
    /// Options for indexing `paths` with the defaults of the command line.
    pub fn new(paths: Vec<PathBuf>) -> IndexOptions {
        IndexOptions {
            paths,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            memory_mb: 256,
            rebuild: false,
            max_file_size: 100 << 20,
            progress: false,
            exclude: Vec::new(),
            ocr: None,
        }
    }
}

/// How bad a problem with one file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Indexed, but a person should know (an unsure encoding).
    Warning,
    /// Not a document (binary, empty, scanned PDF): left out.
    Skipped,
    /// A document that could not be read: left out, and the run says so.
    Failed,
    /// Gone between the walk and the read (deleted or moved while the run
    /// went on): removed from the index if it was there, not reported.
    Vanished,
}

/// Something to report about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file (or `archive.zip!/member`).
    pub path: String,
    /// What, for a person.
    pub reason: String,
    /// How bad.
    pub severity: Severity,
}

impl Problem {
    fn failed(path: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            reason: reason.into(),
            severity: Severity::Failed,
        }
    }
}

/// The outcome of an indexing run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files new to the index.
    pub added: usize,
    /// Files whose content changed.
    pub updated: usize,
    /// Files already indexed as they are.
    pub unchanged: usize,
    /// Files gone from disk, removed from the index.
    pub removed: usize,
    /// Files that could not be read or decoded.
    pub failed: usize,
    /// Files that are not documents (binary, empty, scanned PDF).
    pub skipped: usize,
    /// Files found under a new path (counted in `added` and `removed` too).
    pub moved: usize,
    /// Copies of a file indexed under another path, not indexed again.
    pub duplicates: usize,
    /// Members of archives left out as copies of content indexed under
    /// another path (in files counted as added, updated or unchanged).
    pub duplicate_members: usize,
    /// Members of archives that `--exclude` left out (their archives are
    /// counted as files of their own).
    pub excluded_members: usize,
    /// `--exclude` patterns that matched no file nor archive member.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_excludes: Vec<String>,
    /// Members of archives that failed or were skipped (counted in
    /// `failed` and `skipped` too; their archives count as files of their
    /// own).
    pub member_problems: usize,
    /// Bytes of the files read.
    pub bytes: u64,
    /// Wall-clock seconds of the run.
    pub seconds: f64,
}

impl Summary {
    /// The one-line report printed at the end of a run.
    pub fn line(&self) -> String {
        let files = (self.added
            + self.updated
            + self.unchanged
            + self.failed
            + self.skipped
            + self.duplicates)
            .saturating_sub(self.member_problems);
        let mb = self.bytes as f64 / 1e6;
        let rate = if self.seconds > 0.0 {
            mb / self.seconds
        } else {
            0.0
        };
        let mut extra = String::new();
        if self.skipped > 0 {
            extra.push_str(&format!(", {} skipped", self.skipped));
        }
        match self.duplicates {
            0 => {}
            1 => extra.push_str(", 1 duplicate"),
            n => extra.push_str(&format!(", {n} duplicates")),
        }
        match self.duplicate_members {
            0 => {}
            1 => extra.push_str(", 1 archive member already indexed"),
            n => extra.push_str(&format!(", {n} archive members already indexed")),
        }
        if self.moved > 0 {
            extra.push_str(&format!(", {} moved", self.moved));
        }
        match self.excluded_members {
            0 => {}
            1 => extra.push_str(", 1 archive member left out by --exclude"),
            n => extra.push_str(&format!(", {n} archive members left out by --exclude")),
        }
        match self.member_problems {
            0 => {}
            1 => extra.push_str(" (1 of the failed and skipped is an archive member)"),
            n => extra.push_str(&format!(
                " ({n} of the failed and skipped are archive members)"
            )),
        }
        let files = match files {
            1 => "1 file".to_string(),
            n => format!("{n} files"),
        };
        format!(
            "{files}: {} added, {} updated, {} unchanged, {} removed, {} failed{extra}; \
             {mb:.2} MB read in {:.2} s ({rate:.1} MB/s)",
            self.added, self.updated, self.unchanged, self.removed, self.failed, self.seconds
        )
    }
}

/// Why a file whose path is not UTF-8 is not read, with the name it most
/// likely had: its bytes in the code page of a Vietnamese Windows system,
/// as an old archive unpacked without converting its names leaves them.
fn not_utf8_reason(path: &Path, folder: bool) -> String {
    let (what, rename) = if folder {
        ("folder", "rename the folder")
    } else {
        ("file", "rename the file (or its folder)")
    };
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let read: PathBuf = path
            .iter()
            .map(|part| match part.to_str() {
                Some(part) => part.to_string(),
                None => crate::decode::windows_name(part.as_bytes()),
            })
            .collect();
        format!(
            "{what} name is not valid UTF-8; read as Windows-1258 it is \"{}\": \
             {rename} to that name to index it",
            read.display()
        )
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        format!("{what} name is not valid UTF-8 ({rename})")
    }
}

/// Errors that stop a whole run (a bad file never does).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index could not be opened or created.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another process holds the index's writer lock.
    #[error("the index at {0} is being written by another process (another `vanban index` is running); try again when it has finished")]
    Busy(PathBuf),
    /// An `--exclude` pattern that is not a glob.
    /// The index may be read but not written by this user.
    #[error("cannot write to the index at {0}: permission denied (the folder is read-only for this user; searching it still works)")]
    ReadOnly(PathBuf),
    #[error("--exclude {pattern:?} is not a valid pattern: {reason}")]
    Exclude {
        /// The pattern as given.
        pattern: String,
        /// Why it is not one.
        reason: String,
    },
    /// The disk holding the index filled up while writing.
    #[error("the disk holding the index at {0} is full: what this run wrote since its last commit was undone and its files removed, and the index is as last committed (searchable, nothing lost); free some space, or give another --index, and run again to finish")]
    DiskFull(PathBuf),
    /// `--ocr` asked for programs this machine lacks.
    #[error(transparent)]
    Scan(#[from] scan::SetupError),
    /// Tantivy failed while writing.
    #[error("writing the index at {path}")]
    Write {
        /// The index directory.
        path: PathBuf,
        /// What went wrong.
        source: TantivyError,
    },
}

/// A file found by the walk.
#[derive(Debug, Clone)]
struct FileEntry {
    path: PathBuf,
    /// The name it is known by in the index: absolute ([`absolute`]), so
    /// runs from any directory, with the paths spelled any way, agree on it.
    key: String,
    size: u64,
    stamp: u64,
}

impl FileEntry {
    /// The name shown for it: relative to the working directory when it
    /// lies under it ([`normalize`]). Made when needed, not kept: a run
    /// keeps an entry for every file of the archive.
    fn name(&self) -> String {
        normalize(&self.path).to_string_lossy().into_owned()
    }
}

/// What the index knows of one source file. A run keeps one per file
/// indexed, so the content hash is kept as its 32 bytes.
#[derive(Debug, Clone)]
struct Known {
    hash: blake3::Hash,
    size: u64,
    stamp: u64,
    /// Some of its documents were left out as copies of content indexed
    /// under another path.
    left_copies_out: bool,
    /// Some of its members failed or were skipped: it is read again at
    /// every run, so that they are reported every time.
    members_failed: bool,
    /// Some of its members were left out by `--exclude` (or may have been:
    /// an index of an earlier version does not tell).
    members_excluded: bool,
    /// How many (see [`MemberMarks`]).
    excluded: u64,
    /// The `--exclude` patterns it was read with ([`Exclusions::key`]).
    excludes: u64,
    /// Which of those patterns matched some of its members
    /// ([`Exclusions::hits`]).
    excludes_matched: u64,
}

impl Known {
    /// Whether the file, read now with content `hash`, keeps its documents
    /// as they are: its content is as indexed, and what it left out
    /// (copies, members `--exclude` named) stays so.
    fn keeps_documents(&self, hash: blake3::Hash, rebuild: bool, e: &FileEntry, key: u64) -> bool {
        self.hash == hash && !rebuild && !self.left_copies_out && self.excludes_as_before(e, key)
    }

    /// Whether the `--exclude` patterns of a run (`key`,
    /// [`Exclusions::key`]) leave out of the file what they left out when
    /// it was indexed: the same patterns, or none now and none of its
    /// members left out then. Only an archive's members are matched.
    fn excludes_as_before(&self, e: &FileEntry, key: u64) -> bool {
        !is_archive(&e.path) || self.excludes == key || (key == 0 && !self.members_excluded)
    }

    /// Whether every document the file gives when read again as it was
    /// under the patterns `key` was indexed: none of its members was left
    /// out, or the patterns are the same (others may leave out more, never
    /// bring one back), and none was left out as a copy.
    fn whole(&self, key: u64) -> bool {
        !self.left_copies_out && (!self.members_excluded || self.excludes == key)
    }
}

/// A file read and analysed, ready to write.
struct Read {
    entry: FileEntry,
    hash: blake3::Hash,
    docs: Vec<Document>,
    problems: Vec<Problem>,
    /// Not read beyond its hash: one document whose content is as indexed
    /// ([`Known::keeps_documents`]).
    as_is: bool,
}

/// The least memory Tantivy's writer takes for each of its threads (MB).
const WRITER_THREAD_MB: usize = 15;

/// The least `--memory` (MB) that bounds a run with `threads` writer
/// threads: the writer's share of it must hold what each thread needs.
pub fn least_memory_mb(threads: usize) -> usize {
    (WRITER_THREAD_MB * threads.clamp(1, 8) + 1) * 10 / 7 + 1
}

/// What tells that a file may have changed, beside its size: its
/// modification time, and on Unix the time its inode last changed, which
/// no program sets. A file renamed over another of the same size and time
/// (two files that swap names) has a new one, as has a file written again
/// with its old modification time put back. Changing a file's mode or
/// owner changes it as well: the file is hashed again, not indexed again.
fn stamp(meta: &std::fs::Metadata) -> u64 {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    #[cfg(unix)]
    let changed = {
        use std::os::unix::fs::MetadataExt;
        (meta.ctime() as u64)
            .wrapping_mul(1_000_000_000)
            .wrapping_add(meta.ctime_nsec() as u64)
    };
    #[cfg(not(unix))]
    let changed = 0u64;
    let mut hasher = blake3::Hasher::new();
    hasher.update(&modified.to_le_bytes());
    hasher.update(&changed.to_le_bytes());
    u64_of(hasher.finalize())
}

/// The first 8 bytes of a hash, as a number to keep in a fast field.
fn u64_of(hash: blake3::Hash) -> u64 {
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// Indexes `opts.paths` into the index in `dir`. Problems with single files
/// go to `report` as they happen and are counted in the summary.
pub fn run(
    dir: &Path,
    opts: &IndexOptions,
    report: &(dyn Fn(&Problem) + Sync),
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    return_large_blocks_at_once();
    let tesseract = match &opts.ocr {
        Some(languages) => Some(Tesseract::find(languages, Some(dir.join(scan::CACHE_DIR)))?),
        None => None,
    };
    let scanner = tesseract.as_ref().map(|s| s as &dyn Scanner);
    // An index is derived data: one this version cannot read is rebuilt.
    let store = match Store::open_or_create(dir) {
        Err(StoreError::Incompatible(_)) => Store::recreate(dir)?,
        other => other?,
    };
    let threads = opts.threads.clamp(1, 8);
    // A second writer is turned away here, before the walk, however long
    // that takes; the writer itself is made once the walk has shown how
    // much of `--memory` the run's bookkeeping takes.
    let write_err = |source| IndexError::Write {
        path: dir.to_path_buf(),
        source,
    };
    match store.index.directory().acquire_lock(&INDEX_WRITER_LOCK) {
        Ok(lock) => drop(lock),
        Err(LockError::LockBusy) => return Err(IndexError::Busy(dir.to_path_buf())),
        Err(LockError::IoError(e)) if crate::store::is_read_only(&e) => {
            return Err(IndexError::ReadOnly(dir.to_path_buf()))
        }
        Err(e) => return Err(write_err(TantivyError::LockFailure(e, None))),
    }
    let batch_bytes = (opts.memory_mb as u64 * 1_000_000 / 16).clamp(1 << 20, BATCH_BYTES);
    let in_flight_limit = opts.memory_mb as u64 * 1_000_000 / 8;
    let flight = Arc::new(InFlight::default());
    let f = &store.fields;

    let mut summary = Summary::default();
    let problem = |summary: &mut Summary, p: Problem| count_problem(summary, p, report);

    let root_keys: Vec<PathBuf> = opts.paths.iter().map(|p| as_on_disk(p)).collect();
    // Walked as typed (`../docs` stays so in reports), or as the folders
    // spell it when that differs (Windows); a folder given twice
    // (`corpus ./corpus`) once.
    let mut walked = HashSet::new();
    let roots: Vec<PathBuf> = opts
        .paths
        .iter()
        .zip(&root_keys)
        .filter(|(_, key)| walked.insert(*key))
        .map(|(typed, key)| {
            if *key == absolute(typed) {
                normalize(typed)
            } else {
                normalize(key)
            }
        })
        .collect();
    let exclude = Exclusions::new(&opts.exclude)?;
    let Walked {
        files,
        problems: walk_problems,
        unlisted,
    } = walk(&roots, dir, opts.max_file_size, &exclude);
    for p in walk_problems {
        problem(&mut summary, p);
    }
    let known = known_sources(&store).map_err(write_err)?;
    // A rebuild writes every document with its file's time.
    let mut touched = if opts.rebuild {
        Touched {
            changed: true,
            ..Touched::default()
        }
    } else {
        Touched::load(dir)
    };

    // Sources indexed under the given roots whose files are gone; not
    // those under a folder that could not be listed, which are still
    // there for all the run can tell.
    let seen: HashSet<&str> = files.iter().map(|e| e.key.as_str()).collect();
    let gone: Vec<(&String, &Known)> = known
        .iter()
        .filter(|(source, _)| {
            !seen.contains(source.as_str())
                && under_any(source, &root_keys)
                && !under_any(source, &unlisted)
        })
        .collect();
    let gone_hashes: HashMap<blake3::Hash, &str> =
        gone.iter().map(|(s, k)| (k.hash, s.as_str())).collect();
    touched.retain(|key| {
        seen.contains(key) || !under_any(key, &root_keys) || under_any(key, &unlisted)
    });

    // Files whose size and time are as indexed need no reading at all, nor
    // copies seen as they are (see `Touched`) whose original stays.
    let mut todo = Vec::new();
    let mut left_copies_out = Vec::new();
    let mut seen_copies = Vec::new();
    let excludes = exclude.key();
    // Some archive indexed before may leave out other members now.
    let mut excludes_change = false;
    for e in files {
        excludes_change |= known
            .get(&e.key)
            .is_some_and(|k| !k.excludes_as_before(&e, excludes));
        match known.get(&e.key) {
            // An archive is read again when `--exclude` may leave out
            // other members than when it was indexed.
            Some(k)
                if !opts.rebuild
                    && (k.size == e.size && k.stamp == e.stamp
                        || touched.seen_as(&e.key, e.size, e.stamp) == Some(k.hash))
                    && !k.members_failed
                    && k.excludes_as_before(&e, excludes) =>
            {
                if k.left_copies_out {
                    left_copies_out.push(e);
                } else {
                    summary.unchanged += 1;
                    summary.excluded_members += exclude.left_out_before(k);
                }
            }
            None if !opts.rebuild => match touched.seen_as(&e.key, e.size, e.stamp) {
                Some(hash) => seen_copies.push((e, hash)),
                None => todo.push(e),
            },
            _ => todo.push(e),
        }
    }
    let (mut todo, hashed) = read_order(todo, &known, excludes, opts.rebuild);
    // A file that left out copies of content indexed elsewhere is read
    // again when indexed content may go (a file gone or changed, or
    // archive members `--exclude` may now leave out), last, so that what
    // it left out is indexed if no other copy stays. Not for a file read
    // again only to report its members' problems: its content stays.
    let may_change = |e: &FileEntry| {
        known
            .get(&e.key)
            .is_some_and(|k| opts.rebuild || (k.size, k.stamp) != (e.size, e.stamp))
    };
    let sorted = todo.len();
    if !gone.is_empty() || excludes_change || todo.iter().any(may_change) {
        todo.append(&mut left_copies_out);
    } else if !left_copies_out.is_empty() {
        // Else each is read again when what it left out is indexed under
        // no file that is there any more (removed by a run over another
        // folder, or moved out of the folders indexed).
        let wanted = touched.copies_in(left_copies_out.iter());
        let searcher = store.searcher().map_err(write_err)?;
        let orphaned = orphaned_contents(&searcher, &wanted).map_err(write_err)?;
        for e in left_copies_out {
            let lost = touched
                .copies_of(&e.key)
                .is_some_and(|copies| copies.iter().any(|c| orphaned.contains(c)));
            if lost {
                todo.push(e);
            } else {
                summary.unchanged += 1;
                summary.excluded_members += exclude.left_out_before(&known[&e.key]);
            }
        }
    }
    // Content in the index under a path that stays as it is: a copy of it
    // is not indexed again. Not that of files to be read again, whose
    // content may have changed.
    let reread: HashSet<&str> = todo.iter().map(|e| e.key.as_str()).collect();
    let gone_keys: HashSet<&str> = gone.iter().map(|(s, _)| s.as_str()).collect();
    let live = if todo.is_empty() && seen_copies.is_empty() {
        HashSet::new()
    } else {
        let searcher = store.searcher().map_err(write_err)?;
        live_contents(&searcher, |source| {
            !reread.contains(source) && !gone_keys.contains(source)
        })
        .map_err(write_err)?
    };
    drop((reread, gone_keys));
    let mut back = Vec::new();
    if !seen_copies.is_empty() {
        let searcher = store.searcher().map_err(write_err)?;
        // Archives seen with every member a copy stay so while every
        // original stays.
        let wanted = touched.copies_in(seen_copies.iter().map(|(e, _)| e));
        let orphaned = orphaned_contents(&searcher, &wanted).map_err(write_err)?;
        for (e, hash) in seen_copies {
            let stays = match touched.copies_of(&e.key) {
                Some(members) => members
                    .iter()
                    .all(|c| live.contains(c) && !orphaned.contains(c)),
                None => {
                    live.contains(&hash)
                        && stale_original(&searcher, &store.fields, &hash.to_hex()).is_none()
                }
            };
            if stays {
                summary.duplicates += 1;
            } else {
                back.push(e);
            }
        }
    }
    // Copies whose original is read again or gone (even from a folder this
    // run does not cover): read after the files the index holds (one of
    // them may hold the original still), before the new archives.
    let at = todo[..sorted]
        .iter()
        .position(|e| !known.contains_key(&e.key) && is_archive(&e.path))
        .unwrap_or(sorted);
    todo.splice(at..at, back);
    // Sources gone whose contents copies read now take over.
    let takeovers = Takeovers {
        gone: gone.iter().map(|(s, _)| (*s).clone()).collect(),
        ..Takeovers::default()
    };
    // `--memory` is the whole budget: most of it for Tantivy's writer, the
    // rest for the files being read and analysed (`batch_bytes`), the
    // documents queued for the writer threads (`in_flight_limit`) and what
    // the run keeps of every file (paths, sizes, hashes: some 250 bytes a
    // file, twice that when the index already holds them).
    let limits = Limits {
        max_file_size: opts.max_file_size,
        ..Limits::default()
    };
    let batch_files = if scanner.is_some() {
        SCAN_BATCH_FILES * threads
    } else {
        BATCH_FILES
    };
    // Each file's weight in a batch: its size, or for an archive what its
    // members unpack to. `None` for an archive whose members would not fit
    // in a batch, or are very many, or that is larger than
    // --max-file-size: it is read member by member, in its turn (of copies
    // in two archives, which is indexed does not depend on how they are
    // read). The directory of the largest such archive, held while it is
    // read (some 400 bytes a member), comes off the writer's share as well.
    let mut directory = 0;
    let weights: Vec<Option<u64>> = todo
        .iter()
        .map(|e| {
            if !is_archive(&e.path) {
                return Some(e.size);
            }
            match archive_plan(e, batch_bytes, opts.max_file_size) {
                Some(ArchivePlan::MemberByMember { directory: held }) => {
                    directory = directory.max(held);
                    None
                }
                Some(ArchivePlan::Whole { unpacked }) => Some(e.size.max(unpacked)),
                None => Some(e.size),
            }
        })
        .collect();
    let kept = (heap_in_use().unwrap_or(0) + directory) / 1_000_000;
    let memory = (opts.memory_mb * 7 / 10)
        .saturating_sub(kept)
        .max(WRITER_THREAD_MB * threads + 1)
        * 1_000_000;
    let mut writer: IndexWriter<Pending> = store
        .index
        .writer_with_num_threads(threads, memory)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => IndexError::Busy(dir.to_path_buf()),
            source => write_err(source),
        })?;
    // Segments are merged after the last commit (see `merge_segments`),
    // not while the writer threads fill their buffers.
    writer.set_merge_policy(Box::new(NoMergePolicy));
    // A run killed before its commit leaves files the next run would write
    // again under the same names (a segment's deletes at the same
    // opstamp): they go first.
    writer.garbage_collect_files().wait().map_err(write_err)?;

    // What goes wrong while writing (a full disk) ends the run with the
    // index as last committed: what this run wrote since is dropped and
    // its files removed (`abandon`).
    let total: u64 = todo.iter().map(|e| e.size).sum();
    let bar = progress_bar(opts.progress, total);
    let mut w = Writing {
        store: &store,
        known: &known,
        exclude: &exclude,
        rebuild: opts.rebuild,
        live,
        takeovers,
        gone_hashes: &gone_hashes,
        summary,
        touched: std::mem::take(&mut touched),
        report,
        bar: &bar,
        flight: Arc::clone(&flight),
        in_flight_limit,
    };
    let written = (|| -> Result<(), TantivyError> {
        w.summary.removed += gone.len();
        for chunk in gone.chunks(4096) {
            let terms = chunk
                .iter()
                .map(|(source, _)| Term::from_field_text(f.source, source))
                .collect();
            delete_sources(&writer, terms)?;
        }

        let mut last_commit = Instant::now();
        let mut start = 0;
        while start < todo.len() {
            if weights[start].is_none() {
                // Before each archive read member by member, and never
                // while one is half written (a run killed after such a
                // commit would take it for indexed): what it writes can
                // then be undone alone.
                writer.commit()?;
                release_freed_memory();
                last_commit = Instant::now();
                let chunk = Chunking {
                    files: batch_files,
                    bytes: batch_bytes,
                };
                w.stream_archive(&mut writer, todo[start].clone(), &limits, scanner, chunk)?;
                w.show_rate(started);
                start += 1;
                continue;
            }
            let mut end = start;
            let mut bytes = 0;
            while end < todo.len()
                && end - start < batch_files
                && (bytes < batch_bytes || end == start)
            {
                let Some(weight) = weights[end] else { break };
                bytes += weight;
                end += 1;
            }
            let how = (opts.rebuild, excludes, &hashed);
            let batch: Vec<Result<Read, (String, NotRead)>> = todo[start..end]
                .par_iter()
                .map(|e| {
                    let read = read_guarded(e, &known, how, &limits, scanner)
                        .map_err(|p| (e.key.clone(), p));
                    bar.inc(e.size);
                    read
                })
                .collect();
            start = end;
            // Documents of files read again are replaced: their old documents
            // are deleted with one operation for the batch, before the batch's
            // documents are added (a delete touches only what came before it).
            let mut replaced: Vec<Term> = Vec::new();
            let mut files = Vec::new();
            for result in batch {
                match result {
                    Ok(read) => {
                        let mut file = w.begin(read.entry, read.hash, &mut replaced);
                        if read.as_is {
                            // Its one document's content is the file's.
                            debug_assert!(file.as_indexed);
                            w.live.insert(read.hash);
                        }
                        w.take(&mut file, read.docs, read.problems, &mut replaced);
                        files.push(file);
                    }
                    Err((key, not_read)) => w.not_read(&key, not_read, &mut replaced),
                }
            }
            delete_sources(&writer, replaced)?;
            for mut file in files {
                w.write(&writer, &mut file, false)?;
                w.finish(file);
            }
            w.show_rate(started);
            if last_commit.elapsed() >= COMMIT_EVERY {
                writer.commit()?;
                release_freed_memory();
                last_commit = Instant::now();
            }
        }
        writer.commit()?;
        release_freed_memory();
        merge_segments(&store.index, &mut writer, threads)?;
        Ok(())
    })();
    let mut summary = w.summary;
    touched = w.touched;
    if let Err(error) = written {
        bar.finish_and_clear();
        let cause = abandon(&mut writer, error);
        return Err(if is_disk_full(&cause) {
            IndexError::DiskFull(dir.to_path_buf())
        } else {
            write_err(cause)
        });
    }
    writer.wait_merging_threads().map_err(write_err)?;
    bar.finish_and_clear();
    for (source, _) in &gone {
        touched.forget(source);
    }
    // What is lost if it cannot be written is time: such files are hashed
    // again by the next run.
    let _ = touched.save(dir);
    if let Some(tesseract) = &tesseract {
        // What was read off scans no longer indexed nor seen goes.
        let searcher = store.index.reader().map(|r| r.searcher());
        if let Ok(live) = searcher.and_then(|s| live_contents(&s, |_| true)) {
            tesseract.prune(&live);
        }
    }
    summary.unmatched_excludes = exclude.unmatched();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// What a run writes with, and what it has learnt so far: the files read
/// whole, a batch at a time, and the archives read member by member go
/// through the same steps ([`Writing::begin`], [`Writing::take`],
/// [`Writing::write`], [`Writing::finish`]).
struct Writing<'r> {
    store: &'r Store,
    known: &'r HashMap<String, Known>,
    exclude: &'r Exclusions,
    rebuild: bool,
    /// Content indexed under a path that stays: a copy is left out.
    live: HashSet<blake3::Hash>,
    /// Sources gone whose contents copies read now take over.
    takeovers: Takeovers,
    /// The content hashes of the sources gone under the roots.
    gone_hashes: &'r HashMap<blake3::Hash, &'r str>,
    summary: Summary,
    /// Files touched without change, by their new size and time.
    touched: Touched,
    report: &'r (dyn Fn(&Problem) + Sync),
    bar: &'r indicatif::ProgressBar,
    flight: Arc<InFlight>,
    in_flight_limit: u64,
}

/// Sources gone, and the contents copies read now take over from them.
#[derive(Clone, Default)]
struct Takeovers {
    /// Sources gone under the roots: their contents are not live, and
    /// the first copy of one read is indexed as new content.
    gone: HashSet<String>,
    /// Sources found gone (from a folder the run does not cover) while a
    /// copy of one of their contents was read, and removed.
    removed: HashSet<String>,
    /// The contents taken over from those.
    contents: HashSet<blake3::Hash>,
}

impl Takeovers {
    /// Whether a document of content `c`, indexed already under `sources`
    /// none of whose files is there (see [`stale_original`]), takes their
    /// place: once for each content (a second copy in this run is a copy
    /// of the first), and not from sources gone under the roots, whose
    /// contents a copy takes as new.
    fn may_take(&mut self, c: blake3::Hash, sources: &[String]) -> bool {
        !sources.iter().all(|s| self.gone.contains(s)) && self.contents.insert(c)
    }
}

/// One file being written: what its documents came to so far.
struct FileWrite {
    entry: FileEntry,
    /// The name its documents were read under ([`FileEntry::name`]).
    name: String,
    hash: blake3::Hash,
    was: Option<Known>,
    /// Its content is as indexed (and the run is no `--rebuild`).
    same: bool,
    /// Documents read.
    read: usize,
    /// Documents read that `--exclude` did not leave out.
    documents: usize,
    /// Documents handed to the writer.
    written: usize,
    /// Documents left out as copies of content indexed elsewhere.
    copies: u64,
    /// Their contents.
    copied: Vec<blake3::Hash>,
    /// Members left out by `--exclude`.
    excluded: u64,
    /// Which patterns left them out ([`Exclusions::hits`]).
    excludes_matched: u64,
    /// Members that failed or were skipped.
    problems: u64,
    /// Its content is as indexed, and what it left out stays so: its
    /// documents stay as they are (read for what its members' problems
    /// are).
    as_indexed: bool,
    /// Some of its documents take the place of a copy whose file is gone.
    moved_here: bool,
    /// Documents taken and not yet written.
    ready: Vec<Document>,
    /// The contents its documents brought to the index's live ones.
    contents: Vec<blake3::Hash>,
}

/// How many members of an archive read member by member are read at once.
#[derive(Clone, Copy)]
struct Chunking {
    files: usize,
    bytes: u64,
}

impl Writing<'_> {
    fn problem(&mut self, p: Problem) {
        let (summary, report) = (&mut self.summary, self.report);
        self.bar.suspend(|| count_problem(summary, p, report));
    }

    /// A file that gave no document: its old documents go, unless it could
    /// not be read at all.
    fn not_read(&mut self, key: &str, not_read: NotRead, replaced: &mut Vec<Term>) {
        let NotRead { mut problem, kept } = not_read;
        if self.known.contains_key(key) && !kept {
            replaced.push(Term::from_field_text(self.store.fields.source, key));
            if problem.severity == Severity::Vanished {
                self.summary.removed += 1;
            } else {
                problem
                    .reason
                    .push_str(" (what the index held of it is removed)");
            }
        }
        self.problem(problem);
    }

    /// Starts writing a file read (whole or in part) with content hash
    /// `hash`. Its old documents, if the index has any, go: they are pushed
    /// onto `replaced`, to be deleted before any of its new documents is
    /// written (a delete touches only what came before it). Unless they
    /// would come back as they are: a file touched without change, or read
    /// again only to report its members' problems, keeps them.
    fn begin(
        &mut self,
        entry: FileEntry,
        hash: blake3::Hash,
        replaced: &mut Vec<Term>,
    ) -> FileWrite {
        let was = self.known.get(&entry.key).cloned();
        let same = was.as_ref().is_some_and(|k| k.hash == hash) && !self.rebuild;
        let as_indexed = was
            .as_ref()
            .is_some_and(|k| k.keeps_documents(hash, self.rebuild, &entry, self.exclude.key()));
        if was.is_some() && !as_indexed {
            replaced.push(Term::from_field_text(self.store.fields.source, &entry.key));
            self.touched.forget(&entry.key);
        }
        // Touched but not changed: its new time is remembered beside the
        // index, not by writing its documents again.
        if as_indexed
            && was
                .as_ref()
                .is_some_and(|k| (k.size, k.stamp) != (entry.size, entry.stamp))
        {
            self.touched
                .remember(&entry.key, entry.size, entry.stamp, hash);
        }
        self.summary.bytes += entry.size;
        FileWrite {
            name: entry.name(),
            same,
            entry,
            hash,
            was,
            read: 0,
            documents: 0,
            written: 0,
            copies: 0,
            copied: Vec::new(),
            excluded: 0,
            excludes_matched: 0,
            problems: 0,
            as_indexed,
            moved_here: false,
            ready: Vec::new(),
            contents: Vec::new(),
        }
    }

    /// Takes documents of `file` and its members' problems: members that
    /// `--exclude` names are left out as files on disk are, problems are
    /// reported, and documents whose content is indexed under another path
    /// (or earlier in this file) are left out; a file indexed as it was
    /// keeps its documents, unless it left some out before. Sources whose
    /// content a document takes over are pushed onto `replaced`.
    fn take(
        &mut self,
        file: &mut FileWrite,
        mut docs: Vec<Document>,
        mut problems: Vec<Problem>,
        replaced: &mut Vec<Term>,
    ) {
        file.read += docs.len();
        if !self.exclude.is_empty() {
            let name = file.name.as_str();
            let exclude = self.exclude;
            // What a pattern leaves out of the document or failure at
            // `path`, as the member left out: itself, or the archive inside
            // that holds it when the pattern names that archive (left out
            // whole, as it is before it is read when read in its turn).
            let left_out_as = |path: &str| -> Option<String> {
                let inner = path.strip_prefix(name)?.strip_prefix("!/")?;
                if !exclude.excludes_member(inner) {
                    return None;
                }
                let mut end = 0;
                while let Some(at) = inner[end..].find("!/") {
                    let archive = &inner[..end + at];
                    if exclude.excludes_member(archive) {
                        return Some(archive.to_string());
                    }
                    end += at + 2;
                }
                Some(inner.to_string())
            };
            let mut left_out = HashSet::new();
            exclude.take_hits();
            docs.retain(|d| left_out_as(&d.path).map(|m| left_out.insert(m)).is_none());
            // Marked to be read again: without the pattern, the members
            // come back. A warning is of a document counted already.
            problems.retain(|p| left_out_as(&p.path).map(|m| left_out.insert(m)).is_none());
            file.excludes_matched |= exclude.take_hits();
            let left_out = left_out.len();
            file.excluded += left_out as u64;
            self.summary.excluded_members += left_out;
        }
        // Members that failed or were skipped are reported even when every
        // document of the file is a copy of one indexed.
        for p in problems {
            if p.severity != Severity::Warning {
                self.summary.member_problems += 1;
                file.problems += 1;
            }
            self.problem(p);
        }
        let documents = docs.len();
        file.documents += documents;
        // Unchanged and whole (it left out no copy, and no member that may
        // be one comes back): its documents stay, whatever was read before
        // them.
        if file.same
            && file
                .was
                .as_ref()
                .is_some_and(|k| k.whole(self.exclude.key()))
        {
            for d in &docs {
                if self.live.insert(content_of(d)) {
                    file.contents.push(content_of(d));
                }
            }
        } else {
            let f = &self.store.fields;
            docs.retain(|d| {
                if self.live.insert(content_of(d)) {
                    file.contents.push(content_of(d));
                    return true;
                }
                // A copy of content whose file is gone (moved here from a
                // folder this run does not cover).
                let stale = self
                    .store
                    .searcher()
                    .ok()
                    .and_then(|searcher| stale_original(&searcher, f, &d.hash));
                let Some(sources) = stale.filter(|s| self.takeovers.may_take(content_of(d), s))
                else {
                    file.copied.push(content_of(d));
                    return false;
                };
                for source in sources {
                    if !self.takeovers.gone.contains(&source)
                        && self.takeovers.removed.insert(source.clone())
                    {
                        replaced.push(Term::from_field_text(f.source, &source));
                        self.summary.removed += 1;
                    }
                }
                file.moved_here = true;
                true
            });
        }
        file.copies += (documents - docs.len()) as u64;
        file.ready.append(&mut docs);
    }

    /// Hands the documents of `file` taken so far to the writer, each marked
    /// with what the file came to so far (its copies left out, its members'
    /// problems). With `more` to come, the last is held back, to be written
    /// with the file's final marks: the next run reads them off any of its
    /// documents ([`known_sources`]).
    fn write(
        &mut self,
        writer: &IndexWriter<Pending>,
        file: &mut FileWrite,
        more: bool,
    ) -> tantivy::Result<()> {
        if file.as_indexed {
            file.ready.clear();
            return Ok(());
        }
        let held = if more { file.ready.pop() } else { None };
        let source = Source {
            entry: &file.entry,
            name: &file.name,
            hash: file.hash.to_hex().to_string(),
            copies: file.copies,
            member_problems: MemberMarks::write(file.excluded, file.problems),
            excludes: self.exclude.key(),
            excludes_matched: file.excludes_matched,
        };
        for doc in file.ready.drain(..) {
            self.flight.wait_below(self.in_flight_limit);
            writer.add_document(to_tantivy(doc, &source, &self.store.fields, &self.flight))?;
            file.written += 1;
        }
        file.ready.extend(held);
        Ok(())
    }

    /// Counts a file written to the end.
    fn finish(&mut self, file: FileWrite) {
        let summary = &mut self.summary;
        if file.as_indexed {
            summary.unchanged += 1;
            return;
        }
        if file.written == 0 {
            if file.documents > 0 {
                // Every document a copy of one indexed. The next run need
                // not read a file that is one whole while it stays as it is.
                summary.duplicates += 1;
                let e = &file.entry;
                if !is_archive(&e.path) {
                    if file.documents == 1 {
                        self.touched.remember(&e.key, e.size, e.stamp, file.hash);
                    }
                } else if file.excluded == 0 && file.problems == 0 {
                    self.touched.remember_copies(e, file.hash, file.copied);
                }
            } else if file.read == 0 && file.problems > 0 {
                // Nothing read at all: the file failed, with its members.
                summary.member_problems -= 1;
            }
            return;
        }
        summary.duplicate_members += file.copies as usize;
        if file.was.is_none() {
            // Seen before as a copy, perhaps: indexed now.
            self.touched.forget(&file.entry.key);
        }
        // What it left out, to know when no other copy stays.
        self.touched.left_out(&file.entry.key, file.copied);
        if file.same {
            // Not changed, written again (what it left out may change):
            // with its new time.
            summary.unchanged += 1;
        } else if file.was.is_some() {
            summary.updated += 1;
        } else {
            summary.added += 1;
            if self.gone_hashes.contains_key(&file.hash) || file.moved_here {
                summary.moved += 1;
            }
        }
    }

    fn show_rate(&self, started: Instant) {
        let s = &self.summary;
        let done = s.added + s.updated + s.unchanged + s.duplicates;
        let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-3);
        self.bar
            .set_message(format!("{done} files, {rate:.0} files/s"));
    }

    /// Indexes an archive member by member: a few at a time, side by side,
    /// each batch handed to the writer before the next is read, so what the
    /// archive unpacks to is never held at once. A large archive inside it
    /// is read the same way, in its turn (see [`Writing::stream_members`]).
    ///
    /// Called with nothing left to commit: when the archive's file cannot
    /// be read any more halfway (a share gone offline, the file replaced),
    /// what was written of it is rolled back and the index keeps what it
    /// held of it, as for a file that cannot be read at all.
    fn stream_archive(
        &mut self,
        writer: &mut IndexWriter<Pending>,
        e: FileEntry,
        limits: &Limits,
        scanner: Option<&dyn Scanner>,
        chunking: Chunking,
    ) -> tantivy::Result<()> {
        let opened = open_archive(&e, self.known);
        let (archive, reader, hash) = match opened {
            Ok(opened) => opened,
            Err(not_read) => {
                let mut replaced = Vec::new();
                self.not_read(&e.key, not_read, &mut replaced);
                self.bar.inc(e.size);
                return delete_sources(writer, replaced);
            }
        };
        let members = archive.members();
        let size = e.size;
        let before = (self.summary.clone(), self.takeovers.clone());
        let mut replaced = Vec::new();
        let mut file = self.begin(e, hash, &mut replaced);
        delete_sources(writer, replaced)?;
        let trouble = Arc::clone(&reader.trouble);
        let mut streaming = Streaming {
            limits,
            scanner,
            chunking,
            // An archive inside may unpack to more than 1 GB only in a
            // larger one: one of a few megabytes unpacking to gigabytes is
            // a zip bomb.
            nested_limit: limits.max_archive_total.max(size),
            trouble: Arc::clone(&trouble),
            size,
            shown: 0,
        };
        let at = Nesting {
            prefix: String::new(),
            depth: 0,
        };
        let any = members.len();
        let read = self.stream_members(
            writer,
            &mut file,
            &archive,
            &reader,
            members,
            &at,
            &mut streaming,
        )?;
        if !read {
            writer.rollback()?;
            writer.set_merge_policy(Box::new(NoMergePolicy));
            writer.garbage_collect_files().wait()?;
            for content in &file.contents {
                self.live.remove(content);
            }
            (self.summary, self.takeovers) = before;
            let kept = if file.was.is_some() {
                " (what the index holds of it is kept)"
            } else {
                ""
            };
            let why = trouble.get().cloned().unwrap_or_default();
            let not_read = NotRead {
                problem: Problem::failed(file.name, format!("cannot read: {why}{kept}")),
                kept: true,
            };
            self.not_read(&file.entry.key, not_read, &mut Vec::new());
            self.bar.inc(size - streaming.shown);
            return Ok(());
        }
        self.write(writer, &mut file, false)?;
        self.bar.inc(size - streaming.shown);
        if any == 0 {
            self.problem(Problem {
                path: file.name.clone(),
                reason: decode::DecodeError::EmptyArchive.to_string(),
                severity: Severity::Skipped,
            });
        }
        self.finish(file);
        Ok(())
    }

    /// Reads `members` of `archive` (the file being written, or an archive
    /// inside it) a batch at a time, and hands each batch to the writer.
    /// A member that is itself an archive too large to be read whole (see
    /// [`decode::Member::weight`]) is read the same way, member by member,
    /// in its turn: from where its bytes lie in the file when they are
    /// stored as they are, else unpacked to a temporary file beside the
    /// index, removed once read. `false` when the file stopped being
    /// readable (`trouble`): what was written of it is to be undone.
    #[allow(clippy::too_many_arguments)]
    fn stream_members(
        &mut self,
        writer: &mut IndexWriter<Pending>,
        file: &mut FileWrite,
        archive: &decode::Archive<FileAt>,
        reader: &FileAt,
        mut members: Vec<decode::Member>,
        at: &Nesting,
        s: &mut Streaming,
    ) -> tantivy::Result<bool> {
        // Members `--exclude` names are not even read.
        if !self.exclude.is_empty() {
            let before = members.len();
            self.exclude.take_hits();
            members.retain(|m| {
                !self
                    .exclude
                    .excludes_member(&format!("{}{}", at.prefix, m.name))
            });
            file.excludes_matched |= self.exclude.take_hits();
            file.excluded += (before - members.len()) as u64;
            self.summary.excluded_members += before - members.len();
        }
        let (batch, deepest) = (s.chunking.bytes, s.limits.max_depth);
        let streamed = |m: &decode::Member| {
            read_in_turn(m, batch, s.limits.max_file_size) && at.depth + 1 < deepest
        };
        let shown_as = if at.prefix.is_empty() {
            file.name.clone()
        } else {
            format!("{}!/{}", file.name, at.prefix.trim_end_matches("!/"))
        };
        let mut start = 0;
        while start < members.len() {
            if streamed(&members[start]) {
                let member = &members[start];
                if !self.stream_nested(writer, file, archive, reader, member, at, s)? {
                    return Ok(false);
                }
                if at.depth == 0 {
                    s.show(self.bar, member.packed);
                }
                start += 1;
                continue;
            }
            let mut end = start;
            let mut bytes = 0;
            while end < members.len()
                && end - start < s.chunking.files
                && (bytes < s.chunking.bytes || end == start)
                && !(end > start && streamed(&members[end]))
            {
                bytes += members[end].weight();
                end += 1;
            }
            let name = file.name.as_str();
            let (limits, scanner) = (s.limits, s.scanner);
            let read: Vec<Vec<Result<Document, document::Unreadable>>> = members[start..end]
                .par_iter()
                .map_init(
                    || archive.clone(),
                    |archive, member| {
                        read_member_guarded(archive, member, name, at, limits, scanner)
                    },
                )
                .collect();
            if s.lost(reader) {
                return Ok(false);
            }
            self.take_read(writer, file, read.into_iter().flatten())?;
            if at.depth == 0 {
                let packed: u64 = members[start..end].iter().map(|m| m.packed).sum();
                s.show(self.bar, packed);
            }
            self.bar
                .set_message(format!("{shown_as}: {end} of {} members", members.len()));
            start = end;
        }
        Ok(true)
    }

    /// Takes what was read of members of `file` ([`Writing::take`]),
    /// deletes the sources it replaces and hands its documents to the
    /// writer, the last held back for more to come.
    fn take_read(
        &mut self,
        writer: &IndexWriter<Pending>,
        file: &mut FileWrite,
        read: impl IntoIterator<Item = Result<Document, document::Unreadable>>,
    ) -> tantivy::Result<()> {
        let (docs, problems) = gather(read);
        let mut replaced = Vec::new();
        self.take(file, docs, problems, &mut replaced);
        delete_sources(writer, replaced)?;
        self.write(writer, file, true)
    }

    /// Reads a member of `archive` that is an archive itself member by
    /// member ([`Writing::stream_members`]). When it cannot be opened so
    /// (it is no archive, or it is damaged), it is read whole, as any
    /// member is, which says why.
    #[allow(clippy::too_many_arguments)]
    fn stream_nested(
        &mut self,
        writer: &mut IndexWriter<Pending>,
        file: &mut FileWrite,
        archive: &decode::Archive<FileAt>,
        reader: &FileAt,
        member: &decode::Member,
        at: &Nesting,
        s: &mut Streaming,
    ) -> tantivy::Result<bool> {
        let path = format!("{}!/{}{}", file.name, at.prefix, member.name);
        let inner = match decode::nested_file(archive, member, s.nested_limit, &self.store.dir) {
            Ok(inner) => inner,
            Err(error) => {
                if s.lost(reader) {
                    return Ok(false);
                }
                if let decode::DecodeError::Unpack(_) = error {
                    // Not the archive's doing (a full disk): the file is
                    // read again by the next run, as one that cannot be
                    // read is.
                    let _ = s
                        .trouble
                        .set(format!("{}{}: {error}", at.prefix, member.name));
                    return Ok(false);
                }
                self.take_read(writer, file, [Err(document::Unreadable { path, error })])?;
                return Ok(true);
            }
        };
        let Ok(nested) = decode::Archive::open(inner.clone()) else {
            // Not a readable archive: read whole, as what its bytes are.
            let read = read_member_guarded(
                &mut archive.clone(),
                member,
                &file.name,
                at,
                s.limits,
                s.scanner,
            );
            if s.lost(reader) {
                return Ok(false);
            }
            self.take_read(writer, file, read)?;
            return Ok(true);
        };
        let members = nested.members();
        if members.is_empty() {
            let error = decode::DecodeError::EmptyArchive;
            self.take_read(writer, file, [Err(document::Unreadable { path, error })])?;
            return Ok(true);
        }
        let inside = Nesting {
            prefix: format!("{}{}!/", at.prefix, member.name),
            depth: at.depth + 1,
        };
        self.stream_members(writer, file, &nested, &inner, members, &inside, s)
    }
}

/// Where an archive read member by member lies in the file being written.
struct Nesting {
    /// The path of the archive inside the file, with `!/` (empty for the
    /// file's own members).
    prefix: String,
    /// How many archives hold it inside the file (0 for the file).
    depth: usize,
}

/// What reading a file member by member goes by.
struct Streaming<'a> {
    limits: &'a Limits,
    scanner: Option<&'a dyn Scanner>,
    chunking: Chunking,
    /// Most bytes an archive inside it may unpack to.
    nested_limit: u64,
    /// Why the file stopped being readable, once it did.
    trouble: Trouble,
    /// The file's size, and how much of it the progress bar has counted.
    size: u64,
    shown: u64,
}

impl Streaming<'_> {
    /// Whether `reader` (the file, or a temporary copy of an archive in it)
    /// stopped being readable: why is then the file's `trouble`.
    fn lost(&self, reader: &FileAt) -> bool {
        let Some(why) = reader.trouble.get() else {
            return false;
        };
        let _ = self.trouble.set(why.clone());
        true
    }

    /// Counts `packed` more bytes of the file on the progress bar.
    fn show(&mut self, bar: &indicatif::ProgressBar, packed: u64) {
        let step = packed.min(self.size - self.shown);
        bar.inc(step);
        self.shown += step;
    }
}

/// Files whose time changed but not their content, and files that are
/// copies of content indexed under another path, by the size, time and
/// content hash they were last seen with: kept beside the index
/// (`TOUCHED`), so that the next run need not read them (without writing
/// the documents of the first again to record their new time). Only a
/// cache: lost, those files are hashed again.
#[derive(Default)]
struct Touched {
    files: HashMap<String, (u64, u64, blake3::Hash)>,
    /// The contents of the documents files left out as copies: those of
    /// an indexed file, or every member of an archive that is not (seen
    /// in `files` as a copy).
    copies: HashMap<String, Vec<blake3::Hash>>,
    changed: bool,
}

/// [`Touched`] as kept on disk, the hashes in hex.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct TouchedFile {
    files: HashMap<String, (u64, u64, String)>,
    #[serde(default)]
    copies: HashMap<String, Vec<String>>,
}

impl Touched {
    fn load(dir: &Path) -> Touched {
        let saved: TouchedFile = std::fs::read(dir.join(TOUCHED))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let hash = |hex: &str| blake3::Hash::from_hex(hex).ok();
        Touched {
            files: saved
                .files
                .into_iter()
                .filter_map(|(k, (size, stamp, h))| Some((k, (size, stamp, hash(&h)?))))
                .collect(),
            copies: saved
                .copies
                .into_iter()
                .filter_map(|(k, hexes)| {
                    Some((k, hexes.iter().map(|h| hash(h)).collect::<Option<_>>()?))
                })
                .collect(),
            changed: false,
        }
    }

    /// The content hash the file `key` was seen with at this size and time.
    fn seen_as(&self, key: &str, size: u64, stamp: u64) -> Option<blake3::Hash> {
        self.files
            .get(key)
            .filter(|&&(s, m, _)| (s, m) == (size, stamp))
            .map(|&(_, _, hash)| hash)
    }

    /// The contents of the documents the file `key` left out as copies,
    /// when known.
    fn copies_of(&self, key: &str) -> Option<&[blake3::Hash]> {
        self.copies.get(key).map(Vec::as_slice)
    }

    /// The contents the files `of` left out as copies, as far as known.
    fn copies_in<'a>(&self, of: impl Iterator<Item = &'a FileEntry>) -> HashSet<blake3::Hash> {
        of.filter_map(|e| self.copies_of(&e.key))
            .flatten()
            .copied()
            .collect()
    }

    /// Keeps only the files `keep` accepts.
    fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let before = (self.files.len(), self.copies.len());
        self.files.retain(|key, _| keep(key));
        self.copies.retain(|key, _| keep(key));
        self.changed |= (self.files.len(), self.copies.len()) != before;
    }

    fn remember(&mut self, key: &str, size: u64, stamp: u64, hash: blake3::Hash) {
        self.files.insert(key.to_string(), (size, stamp, hash));
        self.copies.remove(key);
        self.changed = true;
    }

    /// Remembers an archive whose every member is a copy of content
    /// indexed elsewhere, with those contents.
    fn remember_copies(&mut self, e: &FileEntry, hash: blake3::Hash, copies: Vec<blake3::Hash>) {
        self.remember(&e.key, e.size, e.stamp, hash);
        self.copies.insert(e.key.clone(), copies);
    }

    /// Records the contents an indexed file left out as copies (none:
    /// nothing is kept).
    fn left_out(&mut self, key: &str, copies: Vec<blake3::Hash>) {
        let had = if copies.is_empty() {
            self.copies.remove(key).is_some()
        } else {
            self.copies.insert(key.to_string(), copies);
            true
        };
        self.changed |= had;
    }

    fn forget(&mut self, key: &str) {
        self.changed |= self.files.remove(key).is_some();
        self.changed |= self.copies.remove(key).is_some();
    }

    /// Writes what changed, whole or not at all.
    fn save(&self, dir: &Path) -> std::io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        let hex = |hash: &blake3::Hash| hash.to_hex().to_string();
        let saved = TouchedFile {
            files: self
                .files
                .iter()
                .map(|(k, &(size, stamp, hash))| (k.clone(), (size, stamp, hex(&hash))))
                .collect(),
            copies: self
                .copies
                .iter()
                .map(|(k, hashes)| (k.clone(), hashes.iter().map(hex).collect()))
                .collect(),
        };
        let tmp = dir.join(format!("{TOUCHED}.tmp"));
        std::fs::write(&tmp, serde_json::to_vec(&saved)?)?;
        std::fs::rename(tmp, dir.join(TOUCHED))
    }
}

/// How an archive is read.
enum ArchivePlan {
    /// Whole, as other files are: its members fit in a batch. They unpack
    /// to `unpacked` bytes, as its directory says (archives in it counted
    /// as what they may unpack to, see [`decode::Member::weight`]).
    Whole { unpacked: u64 },
    /// Member by member ([`Writing::stream_archive`]); its directory (and
    /// that of the largest archive stored in it read in its turn) takes
    /// `directory` bytes of heap while it is read.
    MemberByMember { directory: usize },
}

/// How to read an archive, given batches of `bytes` bytes and files of at
/// most `max_file_size` bytes read whole; `None` when it does not open as
/// one (it is read whole, as what its bytes are).
fn archive_plan(e: &FileEntry, bytes: u64, max_file_size: u64) -> Option<ArchivePlan> {
    let archive = decode::Archive::open(FileAt::open(&e.path).ok()?).ok()?;
    let members = archive.members();
    let unpacked = members.iter().map(decode::Member::weight).sum::<u64>();
    if members.len() <= STREAM_MEMBERS
        && unpacked <= bytes
        && e.size <= max_file_size
        && !members
            .iter()
            .any(|m| read_in_turn(m, bytes, max_file_size))
    {
        return Some(ArchivePlan::Whole { unpacked });
    }
    // An archive inside it read in its turn is held with it: the largest
    // directory of those stored as they are counts too (one that is packed
    // would have to be unpacked to be known).
    let inside = members
        .iter()
        .filter(|m| read_in_turn(m, bytes, max_file_size))
        .filter_map(|m| {
            let (offset, len) = archive.clone().stored_at(m)?;
            let reader = archive.clone().into_reader().window(offset, len);
            let before = heap_in_use()?;
            let nested = decode::Archive::open(reader).ok()?;
            let members = nested.members();
            let after = heap_in_use()?;
            drop((nested, members));
            Some(after.saturating_sub(before))
        })
        .max()
        .unwrap_or(0);
    let held = heap_in_use();
    drop((archive, members));
    let directory = held
        .zip(heap_in_use())
        .map_or(0, |(held, after)| held.saturating_sub(after));
    Some(ArchivePlan::MemberByMember {
        directory: directory + inside,
    })
}

/// Whether a member is an archive read member by member in its turn, when
/// the archive holding it is: one that would not fit in a batch of `bytes`
/// (see [`decode::Member::weight`]), or larger than `max_file_size`.
fn read_in_turn(m: &decode::Member, bytes: u64, max_file_size: u64) -> bool {
    m.is_archive() && !m.shadowed && (m.weight() > bytes || m.size > max_file_size)
}

/// Why a file could not be read: gone, or unreadable (what the index holds
/// of it is then kept).
fn cannot_read(e: &FileEntry, known: &HashMap<String, Known>, err: std::io::Error) -> NotRead {
    match err.kind() {
        std::io::ErrorKind::NotFound => NotRead::from(Problem {
            path: e.name(),
            reason: "gone before it was read".into(),
            severity: Severity::Vanished,
        }),
        _ => {
            let indexed = known.contains_key(&e.key);
            let kept = if indexed {
                " (what the index holds of it is kept)"
            } else {
                ""
            };
            NotRead {
                problem: Problem::failed(e.name(), format!("cannot read: {err}{kept}")),
                kept: indexed,
            }
        }
    }
}

/// The files to read, in the order they are read. What the index holds
/// before what it does not: of two copies, the one indexed stays so,
/// `--rebuild` or not. First the files that come back as indexed and left
/// nothing out, which keep their documents whatever was read before them
/// (see [`Writing::take`]): those whose size and time are as indexed (read
/// again for their members' problems, or other `--exclude` patterns), and
/// those of the same size whose content hash is (touched: hashed here,
/// and returned by name, so that they are not read again).
/// Then archives after the other files: of a file and its copy inside an
/// archive, both new, the file is indexed (easier to open from a search).
fn read_order(
    todo: Vec<FileEntry>,
    known: &HashMap<String, Known>,
    excludes: u64,
    rebuild: bool,
) -> (Vec<FileEntry>, HashMap<String, blake3::Hash>) {
    let keeps = |e: &FileEntry, k: &Known| {
        if rebuild || k.size != e.size || !k.whole(excludes) {
            return (false, None);
        }
        if k.stamp == e.stamp {
            return (true, None);
        }
        let hashed = hash_of_file(&e.path).ok().filter(|&h| h == k.hash);
        (hashed.is_some(), hashed)
    };
    let mut ordered: Vec<(u8, FileEntry, Option<blake3::Hash>)> = todo
        .into_par_iter()
        .map(|e| match known.get(&e.key) {
            Some(k) => match keeps(&e, k) {
                (true, hashed) => (0, e, hashed),
                (false, _) => (1, e, None),
            },
            None => (2, e, None),
        })
        .collect();
    ordered.sort_by_key(|(group, e, _)| (*group, is_archive(&e.path)));
    let hashed = ordered
        .iter()
        .filter_map(|(_, e, h)| Some((e.key.clone(), (*h)?)))
        .collect();
    (ordered.into_iter().map(|(_, e, _)| e).collect(), hashed)
}

/// Whether the file at `path` begins as a ZIP container does (or cannot
/// be read: it is read in full, to say why).
fn starts_as_zip(path: &Path) -> bool {
    let mut first = [0u8; 2];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut first))
        .map_or(true, |()| &first == b"PK")
}

/// The content hash of the file at `path`, as [`content_digest`] gives it.
fn hash_of_file(path: &Path) -> std::io::Result<blake3::Hash> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize())
}

/// Opens an archive read member by member, with its content hash.
fn open_archive(
    e: &FileEntry,
    known: &HashMap<String, Known>,
) -> Result<(decode::Archive<FileAt>, FileAt, blake3::Hash), NotRead> {
    let cannot_read = |err| cannot_read(e, known, err);
    let file = FileAt::open(&e.path).map_err(cannot_read)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(file.clone()).map_err(cannot_read)?;
    let archive = decode::Archive::open(file.clone()).map_err(|err| match file.trouble.get() {
        Some(why) => cannot_read(std::io::Error::other(why.clone())),
        None => NotRead::from(Problem::failed(e.name(), err.to_string())),
    })?;
    Ok((archive, file, hasher.finalize()))
}

/// The documents of one member of an archive inside the file named `name`
/// (where `at` says), a panic while reading it turned into its failure.
fn read_member_guarded(
    archive: &mut decode::Archive<FileAt>,
    member: &decode::Member,
    name: &str,
    at: &Nesting,
    limits: &Limits,
    scanner: Option<&dyn Scanner>,
) -> Vec<Result<Document, document::Unreadable>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        archive
            .extract(member, at.depth, limits, scanner)
            .into_iter()
            .map(|mut x| {
                if let Some(inner) = &mut x.inner_path {
                    inner.insert_str(0, &at.prefix);
                }
                // A member's documents are of its own size and hash.
                document::document_of(name, x, "", 0)
            })
            .collect()
    }))
    .unwrap_or_else(|panic| {
        vec![Err(document::Unreadable {
            path: format!("{name}!/{}{}", at.prefix, member.name),
            error: decode::DecodeError::Container(format!(
                "internal error while reading this member (a bug in vanban; please report it): {}",
                panic_message(&*panic)
            )),
        })]
    })
}

/// What a panic said.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown error")
}

/// Gives up a write that failed: drops what was written since the last
/// commit, removes its files (a full disk gets its space back), and
/// returns what went wrong. When the writer's threads died (Tantivy then
/// says only that the writer was killed), the error one of them met.
fn abandon(writer: &mut IndexWriter<Pending>, error: TantivyError) -> TantivyError {
    let cause = match error {
        TantivyError::ErrorInThread(_) => match writer.prepare_commit() {
            // Joining the threads gives their error; nothing is committed.
            Err(cause) => cause,
            Ok(prepared) => {
                let _ = prepared.abort();
                error
            }
        },
        error => error,
    };
    let _ = writer.rollback();
    let _ = writer.garbage_collect_files().wait();
    cause
}

/// Counts a problem in the summary and reports it; a file that vanished
/// is neither.
fn count_problem(summary: &mut Summary, p: Problem, report: impl FnOnce(&Problem)) {
    match p.severity {
        Severity::Warning => {}
        Severity::Skipped => summary.skipped += 1,
        Severity::Failed => summary.failed += 1,
        Severity::Vanished => return,
    }
    report(&p);
}

/// Whether an error is a full disk (`ENOSPC`), which Tantivy passes on as
/// an I/O error or, from a writer thread, as its text.
fn is_disk_full(error: &TantivyError) -> bool {
    matches!(error, TantivyError::IoError(io) if io.kind() == std::io::ErrorKind::StorageFull)
        || error.to_string().contains("(os error 28)")
}

/// Why a file gave no document this run.
struct NotRead {
    problem: Problem,
    /// The file could not be read at all (permissions, a share gone
    /// offline): what the index holds of it stays, as nothing says it
    /// changed. A file read but giving no document (emptied, damaged)
    /// loses its old documents.
    kept: bool,
}

impl From<Problem> for NotRead {
    fn from(problem: Problem) -> NotRead {
        NotRead {
            problem,
            kept: false,
        }
    }
}

/// [`read_file`], with a panic while reading one file turned into that
/// file's failure: a bug met on one odd file must not stop the archive.
fn read_guarded(
    e: &FileEntry,
    known: &HashMap<String, Known>,
    how: (bool, u64, &HashMap<String, blake3::Hash>),
    limits: &Limits,
    scanner: Option<&dyn Scanner>,
) -> Result<Read, NotRead> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_file(e, known, how, limits, scanner)
    }))
    .unwrap_or_else(|panic| {
        Err(Problem::failed(
            e.name(),
            format!(
                "internal error while reading this file (a bug in vanban; please report it): {}",
                panic_message(&*panic)
            ),
        )
        .into())
    })
}

/// Reads and analyses one file, or says why it cannot. A file whose hash is
/// as indexed is not analysed again (its documents stay as they are).
fn read_file(
    e: &FileEntry,
    known: &HashMap<String, Known>,
    (rebuild, excludes, hashed): (bool, u64, &HashMap<String, blake3::Hash>),
    limits: &Limits,
    scanner: Option<&dyn Scanner>,
) -> Result<Read, NotRead> {
    let as_is = |hash| Read {
        entry: e.clone(),
        hash,
        docs: Vec::new(),
        problems: Vec::new(),
        as_is: true,
    };
    // Touched, and found as indexed when the run was ordered: read no
    // more than its first bytes, unless it is a ZIP container.
    if let Some(&hash) = hashed.get(&e.key) {
        let as_indexed = known
            .get(&e.key)
            .is_some_and(|k| k.keeps_documents(hash, rebuild, e, excludes));
        if as_indexed && !starts_as_zip(&e.path) {
            return Ok(as_is(hash));
        }
    }
    // Named as an archive, too large to be read whole, and it does not open
    // as one: why it does not is what to say.
    if e.size > limits.max_file_size {
        let damaged = FileAt::open(&e.path)
            .ok()
            .map(decode::Archive::open)
            .and_then(Result::err);
        let reason = match damaged {
            Some(why) => why.to_string(),
            None => too_large(e.size, limits.max_file_size),
        };
        return Err(Problem::failed(e.name(), reason).into());
    }
    let bytes = std::fs::read(&e.path).map_err(|err| cannot_read(e, known, err))?;
    let hash = content_digest(&bytes);
    let kept = known.get(&e.key);
    // Unchanged content under a new time, in a file of one document (not a
    // ZIP container, which may hold many): nothing more to read.
    if kept.is_some_and(|k| k.keeps_documents(hash, rebuild, e, excludes))
        && !bytes.starts_with(b"PK")
    {
        return Ok(as_is(hash));
    }
    if !rebuild && kept.is_some_and(|k| k.hash == hash) {
        // Unchanged content: its members that failed are reported again,
        // as every run reports a file that fails.
        let (docs, problems) = read_all(e, &bytes, hash, limits, scanner);
        let problems = problems
            .into_iter()
            .filter(|p| p.severity != Severity::Warning)
            .collect();
        return Ok(Read {
            entry: e.clone(),
            hash,
            docs,
            problems,
            as_is: false,
        });
    }
    let (docs, problems) = read_all(e, &bytes, hash, limits, scanner);
    let failures = problems
        .iter()
        .filter(|p| p.severity != Severity::Warning)
        .count();
    // A file that gives no document fails as one; not an archive none of
    // whose members could be read: each is reported, as when some could.
    if docs.is_empty() && failures <= 1 {
        let first = problems
            .into_iter()
            .find(|p| p.severity != Severity::Warning);
        return Err(first
            .unwrap_or_else(|| Problem {
                path: e.name(),
                reason: "no text".into(),
                severity: Severity::Skipped,
            })
            .into());
    }
    Ok(Read {
        entry: e.clone(),
        hash,
        docs,
        problems,
        as_is: false,
    })
}

fn read_all(
    e: &FileEntry,
    bytes: &[u8],
    hash: blake3::Hash,
    limits: &Limits,
    scanner: Option<&dyn Scanner>,
) -> (Vec<Document>, Vec<Problem>) {
    gather(read_hashed_documents(
        &e.name(),
        bytes,
        hash,
        limits,
        scanner,
    ))
}

/// The documents read, and the problems of those that could not be, with
/// a problem of their own for each warning about a document.
fn gather(
    read: impl IntoIterator<Item = Result<Document, document::Unreadable>>,
) -> (Vec<Document>, Vec<Problem>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for r in read {
        match r {
            Ok(doc) => {
                for w in &doc.warnings {
                    problems.push(Problem {
                        path: doc.path.clone(),
                        reason: format!("warning: {w}"),
                        severity: Severity::Warning,
                    });
                }
                docs.push(doc)
            }
            Err(u) => problems.push(Problem {
                severity: if u.is_skip() {
                    Severity::Skipped
                } else {
                    Severity::Failed
                },
                reason: u.error.to_string(),
                path: u.path,
            }),
        }
    }
    (docs, problems)
}

/// The sources in the index, with what was known of them when indexed.
fn known_sources(store: &Store) -> Result<HashMap<String, Known>, TantivyError> {
    let searcher = store.searcher()?;
    let mut out = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(sources), Some(hashes)) = (fast.str("source")?, fast.str("hash")?) else {
            continue;
        };
        let source_names = terms_of(&sources, str::to_string)?;
        let digests = terms_of(&hashes, digest_of)?;
        let sizes = fast.u64("size")?;
        let stamps = fast.u64("stamp")?;
        let copies = fast.u64("copies")?;
        let member_problems = fast.u64("member_problems")?;
        let excludes = fast.u64("excludes")?;
        let excludes_matched = fast.u64("excludes_matched")?;
        for doc in segment.doc_ids_alive() {
            let (Some(s), Some(h)) = (sources.term_ords(doc).next(), hashes.term_ords(doc).next())
            else {
                continue;
            };
            let (Some(source), Some(&hash)) =
                (source_names.get(s as usize), digests.get(h as usize))
            else {
                continue;
            };
            let known = out.entry(source.clone()).or_insert_with(|| Known {
                hash,
                size: sizes.first(doc).unwrap_or(u64::MAX),
                stamp: stamps.first(doc).unwrap_or(u64::MAX),
                left_copies_out: false,
                members_failed: false,
                members_excluded: false,
                excluded: 0,
                excludes: excludes.first(doc).unwrap_or(u64::MAX),
                excludes_matched: 0,
            });
            // An archive read member by member marks only its last
            // documents with what came of it.
            known.left_copies_out |= copies.first(doc).unwrap_or(0) > 0;
            let (excluded, problems) = MemberMarks::read(member_problems.first(doc).unwrap_or(0));
            known.members_excluded |= excluded > 0;
            known.members_failed |= problems > 0;
            known.excluded = known.excluded.max(excluded);
            known.excludes_matched |= excludes_matched.first(doc).unwrap_or(0);
        }
    }
    Ok(out)
}

/// Each live document of the index as its source (through `source`, once
/// for each source of a segment) and its content hash.
fn each_content<T>(
    searcher: &Searcher,
    mut source: impl FnMut(&str) -> T,
    mut each: impl FnMut(&T, blake3::Hash),
) -> Result<(), TantivyError> {
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(sources), Some(contents)) = (fast.str("source")?, fast.str("content")?) else {
            continue;
        };
        let of_sources = terms_of(&sources, &mut source)?;
        let digests = terms_of(&contents, digest_of)?;
        for doc in segment.doc_ids_alive() {
            let (Some(s), Some(c)) = (
                sources.term_ords(doc).next(),
                contents.term_ords(doc).next(),
            ) else {
                continue;
            };
            if let (Some(s), Some(&c)) = (of_sources.get(s as usize), digests.get(c as usize)) {
                each(s, c);
            }
        }
    }
    Ok(())
}

/// The content hashes of the documents in the index whose source `keep`
/// accepts.
fn live_contents(
    searcher: &Searcher,
    keep: impl Fn(&str) -> bool,
) -> Result<HashSet<blake3::Hash>, TantivyError> {
    let mut out = HashSet::new();
    each_content(searcher, keep, |&kept, c| {
        if kept {
            out.insert(c);
        }
    })?;
    Ok(out)
}

/// The sources under which `searcher` holds the content `hash`, when none
/// of their files is on disk any more: content moved from a folder the run
/// does not cover, whose copy read now is indexed in its place. `None` when
/// one of them is there, or when the content came in during this run.
fn stale_original(searcher: &Searcher, f: &Fields, hash: &str) -> Option<Vec<String>> {
    let query = tantivy::query::TermQuery::new(
        Term::from_field_text(f.content, hash),
        tantivy::schema::IndexRecordOption::Basic,
    );
    let found = searcher
        .search(&query, &tantivy::collector::DocSetCollector)
        .ok()?;
    let mut sources: Vec<String> = found
        .into_iter()
        .filter_map(|address| {
            let doc: schema::Stored<{ schema::META }> = searcher.doc(address).ok()?;
            Some(doc.str(f.source).to_string())
        })
        .collect();
    sources.sort();
    sources.dedup();
    let gone = |s: &String| Path::new(s).symlink_metadata().is_err();
    (!sources.is_empty() && sources.iter().all(gone)).then_some(sources)
}

/// Of the contents `wanted`, those the index holds under no source whose
/// file is on disk (see [`stale_original`]), or not at all: one pass over
/// the index, each source looked for once.
fn orphaned_contents(
    searcher: &Searcher,
    wanted: &HashSet<blake3::Hash>,
) -> Result<HashSet<blake3::Hash>, TantivyError> {
    if wanted.is_empty() {
        return Ok(HashSet::new());
    }
    let mut holders: HashMap<blake3::Hash, Vec<String>> = HashMap::new();
    each_content(searcher, str::to_string, |name, c| {
        if wanted.contains(&c) {
            holders.entry(c).or_default().push(name.clone());
        }
    })?;
    let mut there: HashMap<String, bool> = HashMap::new();
    let mut is_there = |s: &String| {
        *there
            .entry(s.clone())
            .or_insert_with(|| Path::new(s).symlink_metadata().is_ok())
    };
    let held: HashSet<blake3::Hash> = holders
        .into_iter()
        .filter(|(_, sources)| sources.iter().any(&mut is_there))
        .map(|(c, _)| c)
        .collect();
    Ok(wanted.difference(&held).copied().collect())
}

/// Every term of a text fast field, in the order of their ordinals, through
/// `f`. The dictionary is read through once: much cheaper than looking up
/// each document's term on its own.
fn terms_of<T>(column: &StrColumn, mut f: impl FnMut(&str) -> T) -> Result<Vec<T>, TantivyError> {
    let mut out = Vec::with_capacity(column.num_terms());
    let mut terms = column.dictionary().stream()?;
    while terms.advance() {
        debug_assert_eq!(terms.term_ord() as usize, out.len());
        out.push(f(std::str::from_utf8(terms.key()).unwrap_or_default()));
    }
    Ok(out)
}

/// A content hash from its hex form. One that does not parse matches no
/// file: the file is read again.
fn digest_of(hex: &str) -> blake3::Hash {
    blake3::Hash::from_hex(hex).unwrap_or(blake3::Hash::from_bytes([0; 32]))
}

/// Why a file of `size` bytes is not read.
fn too_large(size: u64, limit: u64) -> String {
    format!(
        "too large: {} MB (limit {} MB, see --max-file-size)",
        size.div_ceil(1 << 20),
        limit >> 20
    )
}

/// Whether a file is named as a `.zip` archive.
pub fn is_archive(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"))
}

/// The content hash of a document read in this run.
fn content_of(doc: &Document) -> blake3::Hash {
    digest_of(&doc.hash)
}

/// Deletes the documents read from the given sources, with one operation.
/// Tantivy keeps each delete until the next commit, and a single-term delete
/// carries some 1.2 KB of scoring tables: one per file held 100 to 200 MB
/// while 200,000 files were read again.
fn delete_sources(writer: &IndexWriter<Pending>, mut sources: Vec<Term>) -> tantivy::Result<()> {
    match sources.len() {
        0 => {}
        1 => {
            writer.delete_term(sources.pop().expect("one term"));
        }
        _ => {
            writer.delete_query(Box::new(TermSetQuery::new(sources)))?;
        }
    }
    Ok(())
}

/// Bytes of heap the process holds now (its anonymous resident memory,
/// once freed memory is given back), where the system tells.
fn heap_in_use() -> Option<usize> {
    release_freed_memory();
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("RssAnon:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Has the allocator give blocks of 128 KiB and more straight back to the
/// system when they are freed. glibc otherwise raises that threshold to
/// the largest block freed so far (Tantivy's 1 MB arena pages, buffers of
/// long texts), and from then on keeps such blocks in its per-thread
/// arenas, where they stay after use: on 20,000 documents with `--memory
/// 64`, the process grew to 119 MB instead of 90.
fn return_large_blocks_at_once() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning; it has no
    // preconditions and is safe to call while other threads allocate.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Gives the memory freed by the writer back to the system. A commit
/// replaces Tantivy's writer threads (and each segment has a compressor
/// thread of its own); glibc keeps what those threads freed in their
/// arenas, so without this a long run's first commit would add some 100 MB
/// to the process for good (measured on 200,000 documents).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it has
    // no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Segments are merged into parts of at least this many documents: below
/// it, searching parts side by side saves less than it costs.
const MIN_PART_DOCS: u32 = 10_000;

/// At most this many parts, and at most this many small segments left as
/// they are (see [`merge_candidates`]).
const MAX_PARTS: usize = 4;

/// The merges Tantivy's log policy asks for; when it asks for none, the
/// segments under [`MIN_PART_DOCS`] documents, all of them, if there are
/// more than [`MAX_PARTS`]. The log policy waits for eight of a size, and
/// an archive of 20,000 files is written in six or seven segments by two
/// threads: left apart, they took its 52 benchmark queries 20 to 40% longer
/// than the same files in two parts.
fn merge_candidates(policy: &LogMergePolicy, metas: &[SegmentMeta]) -> Vec<Vec<SegmentId>> {
    let logged: Vec<Vec<SegmentId>> = policy
        .compute_merge_candidates(metas)
        .into_iter()
        .map(|MergeCandidate(ids)| ids)
        .collect();
    if !logged.is_empty() {
        return logged;
    }
    let small: Vec<SegmentId> = metas
        .iter()
        .filter(|m| m.num_docs() < MIN_PART_DOCS)
        .map(SegmentMeta::id)
        .collect();
    if small.len() > MAX_PARTS {
        vec![small]
    } else {
        Vec::new()
    }
}

/// Merges the index's segments as Tantivy's default policy would, and its
/// small segments when they are many ([`merge_candidates`]), once all
/// documents are written: run beside the writer threads, merges would
/// compete with them for cores and add their memory to the writer's. A
/// large merge is split into `parts` merges of about the same size, run at
/// once (one core each, where a single merge would leave the others idle),
/// whose segments a search then reads side by side (see
/// [`crate::store::Store`]). Each merge is saved as it completes, so a run
/// stopped here keeps every document.
fn merge_segments(
    index: &tantivy::Index,
    writer: &mut IndexWriter<Pending>,
    parts: usize,
) -> tantivy::Result<()> {
    let policy = LogMergePolicy::default();
    loop {
        // A segment's files are kept while any handle to its metadata
        // lives: these go before merging, so the merged segments' files can
        // be deleted.
        let metas = index.searchable_segment_metas()?;
        let merges: Vec<_> = merge_candidates(&policy, &metas)
            .into_iter()
            .flat_map(|ids| split_merge(ids, &metas, parts))
            .map(|ids| writer.merge(&ids))
            .collect();
        drop(metas);
        if merges.is_empty() {
            writer.garbage_collect_files().wait()?;
            return Ok(());
        }
        for merge in merges {
            merge.wait()?;
        }
        release_freed_memory();
    }
}

/// The segments of one merge, dealt into up to `parts` groups of about the
/// same number of documents (each at least [`MIN_PART_DOCS`]); groups of
/// one segment need no merging and are left out.
fn split_merge(
    mut ids: Vec<SegmentId>,
    metas: &[SegmentMeta],
    parts: usize,
) -> Vec<Vec<SegmentId>> {
    let docs = |id: &SegmentId| {
        metas
            .iter()
            .find(|m| m.id() == *id)
            .map_or(0, SegmentMeta::num_docs)
    };
    let total: u32 = ids.iter().map(docs).sum();
    let parts = parts
        .min(MAX_PARTS)
        .min((total / MIN_PART_DOCS) as usize)
        .max(1);
    if parts == 1 {
        return vec![ids];
    }
    // Largest first, each to the lightest group so far.
    ids.sort_by_key(|id| std::cmp::Reverse(docs(id)));
    let mut groups: Vec<(u32, Vec<SegmentId>)> = vec![(0, Vec::new()); parts];
    for id in ids {
        let lightest = groups
            .iter_mut()
            .min_by_key(|(n, _)| *n)
            .expect("at least one group");
        lightest.0 += docs(&id);
        lightest.1.push(id);
    }
    groups
        .into_iter()
        .map(|(_, ids)| ids)
        .filter(|ids| ids.len() > 1)
        .collect()
}

/// A document on its way to the writer threads: its field values, with the
/// text held once for the fields made from it (exact, folded and OCR
/// views, word pairs, and the stored text, as bytes), and its share of the
/// bytes in flight, given back when a writer thread takes it.
struct Pending {
    text: String,
    text_fields: Vec<Field>,
    values: Vec<(Field, OwnedValue)>,
    /// Where the text is stored: after every other value, so that a
    /// document can be read back without it or with its first stretch
    /// only ([`schema::Stored`]).
    head: Field,
    stored_text: StoredText,
    _ticket: Ticket,
}

impl TantivyDoc for Pending {
    type Value<'a> = PendingValue<'a>;
    type FieldsValuesIter<'a> = PendingValues<'a>;

    fn iter_fields_and_values(&self) -> PendingValues<'_> {
        PendingValues { doc: self, at: 0 }
    }
}

/// How the rest of a [`Pending`] document's text, after its first
/// stretch ([`Fields::text`]), is stored.
enum StoredText {
    /// The text is all in its first stretch.
    Whole,
    /// The rest as its bytes, from this offset, in [`Fields::text_rest`].
    Rest(Field, usize),
    /// The rest packed ([`schema::pack_text`]), in [`Fields::text_packed`].
    Packed(Field, usize, Vec<u8>),
}

/// A value of a [`Pending`] document: one of its own, or its text's bytes.
#[derive(Clone, Copy, Debug)]
enum PendingValue<'a> {
    Owned(&'a OwnedValue),
    Text(&'a str),
    TextBytes(&'a [u8]),
}

impl<'a> tantivy::schema::Value<'a> for PendingValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        match *self {
            PendingValue::Text(text) => ReferenceValueLeaf::Str(text).into(),
            PendingValue::TextBytes(bytes) => ReferenceValueLeaf::Bytes(bytes).into(),
            // Every value of ours is a leaf (a string, a number or bytes).
            PendingValue::Owned(value) => match value.as_value() {
                ReferenceValue::Leaf(leaf) => leaf.into(),
                _ => ReferenceValueLeaf::Null.into(),
            },
        }
    }
}

/// Iterator over the field values of a [`Pending`] document.
struct PendingValues<'a> {
    doc: &'a Pending,
    at: usize,
}

impl<'a> Iterator for PendingValues<'a> {
    type Item = (Field, PendingValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.at;
        self.at += 1;
        let doc = self.doc;
        if let Some(&field) = doc.text_fields.get(i) {
            return Some((field, PendingValue::Text(&doc.text)));
        }
        let i = i - doc.text_fields.len();
        if let Some((field, value)) = doc.values.get(i) {
            return Some((*field, PendingValue::Owned(value)));
        }
        let text = doc.text.as_bytes();
        let (head_end, rest) = match &doc.stored_text {
            StoredText::Whole => (text.len(), None),
            StoredText::Rest(field, at) => (*at, Some((*field, &text[*at..]))),
            StoredText::Packed(field, at, packed) => (*at, Some((*field, &packed[..]))),
        };
        match i - doc.values.len() {
            0 => Some((doc.head, PendingValue::TextBytes(&text[..head_end]))),
            1 => rest.map(|(field, bytes)| (field, PendingValue::TextBytes(bytes))),
            _ => None,
        }
    }
}

/// Bytes of documents handed to the writer and not yet taken by its
/// threads. Tantivy queues up to 10,000 documents, whatever their size;
/// waiting here instead keeps the queue within a share of `--memory`.
#[derive(Default)]
struct InFlight {
    bytes: Mutex<u64>,
    taken: Condvar,
}

/// A document's share of [`InFlight`], given back when it is dropped.
struct Ticket {
    flight: Arc<InFlight>,
    bytes: u64,
}

impl InFlight {
    /// Waits until at most `limit` bytes are in flight. Gives up after a
    /// while: a writer that stopped taking documents reports its error on
    /// the next `add_document`.
    fn wait_below(&self, limit: u64) {
        let bytes = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .taken
            .wait_timeout_while(bytes, Duration::from_secs(10), |b| *b > limit);
    }

    fn ticket(self: &Arc<Self>, bytes: u64) -> Ticket {
        *self.bytes.lock().unwrap_or_else(|e| e.into_inner()) += bytes;
        Ticket {
            flight: Arc::clone(self),
            bytes,
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut b = self.flight.bytes.lock().unwrap_or_else(|e| e.into_inner());
        *b = b.saturating_sub(self.bytes);
        self.flight.taken.notify_all();
    }
}

/// What the `member_problems` field of a file's documents says: how many
/// of its members `--exclude` left out (bits 32 to 62) and how many failed
/// or were skipped (the low 32 bits), bit 63 set. A value without it was
/// written by an earlier version, which counted both together.
struct MemberMarks;

impl MemberMarks {
    const MARKED: u64 = 1 << 63;

    fn write(excluded: u64, problems: u64) -> u64 {
        if excluded == 0 && problems == 0 {
            return 0;
        }
        MemberMarks::MARKED
            | excluded.min(u32::MAX as u64 >> 1) << 32
            | problems.min(u32::MAX as u64)
    }

    /// How many members were (or may have been) excluded, and how many
    /// failed or were skipped.
    fn read(value: u64) -> (u64, u64) {
        if value & MemberMarks::MARKED == 0 {
            return (value, value);
        }
        (
            (value >> 32) & (u32::MAX as u64 >> 1),
            value & u32::MAX as u64,
        )
    }
}

/// The file documents are written from.
struct Source<'a> {
    entry: &'a FileEntry,
    /// The name its documents were read under ([`FileEntry::name`]): a
    /// member's path begins with it.
    name: &'a str,
    /// Its content hash.
    hash: String,
    /// How many of its documents were left out as copies.
    copies: u64,
    /// How many of its members failed or were skipped.
    member_problems: u64,
    /// The run's `--exclude` patterns ([`Exclusions::key`]).
    excludes: u64,
    /// Which of them matched its members ([`Exclusions::hits`]).
    excludes_matched: u64,
}

/// The writer's document for one of ours, read from `source`.
fn to_tantivy(doc: Document, source: &Source, f: &Fields, flight: &Arc<InFlight>) -> Pending {
    let file = source.entry;
    let mut values: Vec<(Field, OwnedValue)> = Vec::with_capacity(16);
    let mut text = |field: Field, value: &str| values.push((field, OwnedValue::Str(value.into())));
    // Stored by the file's absolute name, whatever directory the run was
    // started in; shown relative to the directory a search runs in
    // ([`crate::lookup::shown_path`]).
    let member = doc.path.strip_prefix(source.name).unwrap_or_default();
    text(f.path, &format!("{}{member}", file.key));
    text(f.source, &file.key);
    text(f.hash, &source.hash);
    text(f.content, &doc.hash);
    text(f.title, &doc.title);
    text(f.title_pairs, &doc.title);
    let h = &doc.header;
    // Its number, and a law's name: what citations find it by.
    for key in crate::refs::document_keys(h) {
        text(f.number_key, &key);
    }
    if let Some(t) = h.doc_type {
        text(f.doc_type, t.code);
    }
    if let Some(issuer) = &h.issuer {
        text(f.issuer, issuer);
        text(f.issuer_name, issuer);
    }
    if let Some(name) = h.signer.as_ref().and_then(|s| s.name.as_deref()) {
        text(f.signer, name);
    }
    let mut keys = std::collections::BTreeSet::new();
    let mut rels = std::collections::BTreeSet::new();
    for c in &doc.citations {
        if let Some(key) = c.key() {
            rels.insert(filters::relation_key(c.relation, &key));
            keys.insert(key);
        }
    }
    for key in keys {
        text(f.cites, &key);
    }
    for rel in rels {
        text(f.cites_rel, &rel);
    }
    let meta = serde_json::to_string(&doc.meta()).expect("metadata serializes");
    values.push((f.meta, OwnedValue::Str(meta)));
    let mut number = |field: Field, value: u64| values.push((field, OwnedValue::U64(value)));
    number(f.size, file.size);
    number(f.stamp, file.stamp);
    number(f.copies, source.copies);
    number(f.member_problems, source.member_problems);
    number(f.excludes, source.excludes);
    number(f.excludes_matched, source.excludes_matched);
    // Undated, the year a number bears (`59/2020/QH14`) stands for the
    // date: the document was issued that year.
    let date = h.date.or_else(|| {
        let year = number::year_in_number(h.number.as_deref()?)?;
        crate::date::PartialDate::new(year, None, None)
    });
    if let Some(date) = date {
        number(f.date_lo, filters::day_number(date, false));
        number(f.date_hi, filters::day_number(date, true));
        number(f.year, date.year.max(0) as u64);
    }
    // The word pairs are read from the folded view's text (`pairs`).
    let mut text_fields = vec![f.body, f.body_folded];
    let head_end = crate::snippet::stretch_end(&doc.text);
    let stored_text = if head_end == doc.text.len() {
        StoredText::Whole
    } else if doc.text.len() > schema::LARGE_TEXT {
        let packed = schema::pack_text(&doc.text[head_end..]);
        StoredText::Packed(f.text_packed, head_end, packed)
    } else {
        StoredText::Rest(f.text_rest, head_end)
    };
    // Last of the values, just before the text.
    values.push((f.text_len, OwnedValue::U64(doc.text.len() as u64)));
    if doc.garbled {
        text_fields.push(f.body_ocr);
    }
    let stored_bytes = match &stored_text {
        StoredText::Whole | StoredText::Rest(..) => doc.text.len(),
        StoredText::Packed(_, head_end, packed) => head_end + packed.len(),
    };
    let bytes = (doc.text.len() * text_fields.len() + stored_bytes) as u64
        + values
            .iter()
            .map(|(_, v)| match v {
                OwnedValue::Str(s) => s.len() as u64,
                OwnedValue::Bytes(b) => b.len() as u64,
                _ => 8,
            })
            .sum::<u64>();
    Pending {
        text: doc.text,
        text_fields,
        values,
        head: f.text,
        stored_text,
        _ticket: flight.ticket(bytes),
    }
}

/// A path without `.` components and with `..` resolved lexically; relative
/// to the working directory when it lies under it. The same file is then
/// named the same way however it was given (`./corpus/a.txt`,
/// `corpus/../corpus/a.txt`, `/home/me/corpus/a.txt`).
pub fn normalize(path: &Path) -> PathBuf {
    let out = lexical(path);
    if out.is_absolute() {
        if let Some(cwd) = working_dir() {
            if let Ok(rel) = out.strip_prefix(&cwd) {
                return if rel.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    rel.to_path_buf()
                };
            }
        }
    }
    out
}

/// A path made absolute (against the working directory) and normalized
/// lexically: the same file has the same name whatever directory vanban
/// runs in and however the path was spelled.
pub fn absolute(path: &Path) -> PathBuf {
    match working_dir() {
        Some(cwd) if path.is_relative() => lexical(&cwd.join(path)),
        _ => lexical(path),
    }
}

/// A path typed by a person, made [`absolute`] and, on Windows, spelled
/// as its folders list it: Windows finds `d:\vanban\kh.txt` under
/// `D:\VanBan\KH.txt`, and the file must keep the name it was indexed
/// under. The files found below it are then listed in that spelling too.
pub fn as_on_disk(path: &Path) -> PathBuf {
    let path = absolute(path);
    if cfg!(windows) {
        disk_case(&path)
    } else {
        path
    }
}

/// The working directory (on Windows as its folders spell it, see
/// [`as_on_disk`]).
fn working_dir() -> Option<PathBuf> {
    if !cfg!(windows) {
        return std::env::current_dir().ok();
    }
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| {
        let cwd = std::env::current_dir().ok()?;
        Some(disk_case(&lexical(&cwd)))
    })
    .clone()
}

/// `path` (absolute, without `.` or `..`) with each of its names spelled
/// as the folder holding it lists it, where that differs only in letter
/// case; from the first name not found on, as given.
fn disk_case(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    let mut listing = true;
    for c in path.components() {
        let Component::Normal(name) = c else {
            out.push(c.as_os_str());
            continue;
        };
        let spelled = if listing {
            listed_name(&out, name)
        } else {
            None
        };
        listing = spelled.is_some();
        out.push(spelled.as_deref().unwrap_or(name));
    }
    out
}

/// The name in `dir` that is `name`, or the first that differs from it
/// only in letter case.
fn listed_name(dir: &Path, name: &std::ffi::OsStr) -> Option<std::ffi::OsString> {
    let wanted = name.to_str().map(str::to_lowercase);
    let mut found = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let listed = entry.file_name();
        if listed == name {
            return Some(listed);
        }
        if found.is_none() && wanted.is_some() && listed.to_str().map(str::to_lowercase) == wanted {
            found = Some(listed);
        }
    }
    found
}

/// A path without `.` components and with `..` resolved lexically (`.` for
/// an empty one).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            // `..` takes back a name, not another `..` (`../../a` stays
            // so), and is nothing at the root.
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            Component::Prefix(prefix) => out.push(plain_prefix(prefix)),
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// A Windows path prefix as a person writes it: `C:` for `c:` and for the
/// verbatim `\\?\C:` (which `canonicalize` gives), `\\server\share` for
/// `\\?\UNC\server\share`; so that the same file keeps one name.
fn plain_prefix(prefix: std::path::PrefixComponent) -> std::ffi::OsString {
    use std::path::Prefix;
    match prefix.kind() {
        Prefix::Disk(d) | Prefix::VerbatimDisk(d) => {
            format!("{}:", char::from(d.to_ascii_uppercase())).into()
        }
        Prefix::VerbatimUNC(server, share) => {
            let mut unc = std::ffi::OsString::from(r"\\");
            unc.push(server);
            unc.push(r"\");
            unc.push(share);
            unc
        }
        _ => prefix.as_os_str().to_owned(),
    }
}

/// Whether `source` lies under one of `roots` (both absolute, see
/// [`absolute`]).
fn under_any(source: &str, roots: &[PathBuf]) -> bool {
    let p = Path::new(source);
    roots.iter().any(|r| p.starts_with(r))
}

/// The `--exclude` patterns, remembering which of them matched something:
/// one that matches nothing is most likely mistyped, and is said so.
struct Exclusions {
    patterns: Vec<String>,
    set: GlobSet,
    matched: std::cell::RefCell<Vec<bool>>,
    /// The patterns as one number ([`Exclusions::key`]).
    key: u64,
    /// Each pattern's bit in [`Exclusions::hits`]: its place among the
    /// patterns sorted (the 64th and after share the last), the same
    /// whatever order they are given in.
    bits: Vec<u64>,
    /// The patterns that matched since [`Exclusions::take_hits`], as bits.
    hits: std::cell::Cell<u64>,
}

impl Exclusions {
    /// The patterns as one set. A `*` matches across `/` too, so
    /// `*.jsonl` leaves out such files at any depth. A folder may be
    /// written as in a `.gitignore` (`nhap/`) or from here (`./nhap`).
    fn new(patterns: &[String]) -> Result<Exclusions, IndexError> {
        let mut set = GlobSetBuilder::new();
        for pattern in patterns {
            let trimmed = pattern.strip_prefix("./").unwrap_or(pattern);
            let trimmed = trimmed
                .strip_suffix('/')
                .filter(|p| !p.is_empty())
                .unwrap_or(trimmed);
            let glob = globset::GlobBuilder::new(trimmed)
                .case_insensitive(true)
                .build()
                .map_err(|e| IndexError::Exclude {
                    pattern: pattern.clone(),
                    reason: e.kind().to_string(),
                })?;
            set.add(glob);
        }
        let set = set.build().map_err(|e| IndexError::Exclude {
            pattern: patterns.join(" "),
            reason: e.to_string(),
        })?;
        let mut sorted: Vec<&String> = patterns.iter().collect();
        sorted.sort();
        sorted.dedup();
        let key = if sorted.is_empty() {
            0
        } else {
            let mut hasher = blake3::Hasher::new();
            for p in &sorted {
                hasher.update(p.as_bytes()).update(b"\0");
            }
            u64_of(hasher.finalize()) | 1
        };
        let bits = patterns
            .iter()
            .map(|p| 1 << sorted.binary_search(&p).unwrap_or(0).min(63))
            .collect();
        Ok(Exclusions {
            patterns: patterns.to_vec(),
            set,
            matched: std::cell::RefCell::new(vec![false; patterns.len()]),
            key,
            bits,
            hits: std::cell::Cell::new(0),
        })
    }

    /// The patterns as one number, the same for the same patterns in any
    /// order, 0 for none: an archive read again with the same patterns
    /// leaves out the same members.
    fn key(&self) -> u64 {
        self.key
    }

    /// The patterns that matched since the last call, as bits; a file
    /// keeps them, so that a pattern that left out members of an archive
    /// not read again is known to match something.
    fn take_hits(&self) -> u64 {
        self.hits.replace(0)
    }

    /// How many members the patterns left out of a file indexed with
    /// them and not read again, counted as if it were read; the patterns
    /// that did count as matched.
    fn left_out_before(&self, k: &Known) -> usize {
        if k.excludes != self.key {
            return 0;
        }
        let mut matched = self.matched.borrow_mut();
        for (m, bit) in matched.iter_mut().zip(&self.bits) {
            *m |= k.excludes_matched & bit != 0;
        }
        k.excluded as usize
    }

    fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether a pattern matches `path`.
    fn matches(&self, path: impl AsRef<Path>) -> bool {
        let hits = self.set.matches(path.as_ref());
        let mut matched = self.matched.borrow_mut();
        for &i in &hits {
            matched[i] = true;
            self.hits.set(self.hits.get() | self.bits[i]);
        }
        !hits.is_empty()
    }

    /// Whether the archive member at `inner` (its path inside the
    /// archive) is left out: as on disk, by its path or the name of it or
    /// of a folder it is in, an archive inside counting as a folder
    /// (`b.zip!/c.txt` as `b.zip/c.txt`, or as it is written).
    fn excludes_member(&self, inner: &str) -> bool {
        let by_path = |inner: &str| {
            let mut end = 0;
            inner.split('/').any(|part| {
                end += part.len() + usize::from(end > 0);
                let prefix = &inner[..end.min(inner.len())];
                self.matches(part) || self.matches(prefix)
            })
        };
        // Both asked, so that a pattern that matches is known as one.
        let as_written = by_path(inner);
        let as_folders = inner.contains("!/") && by_path(&inner.replace("!/", "/"));
        as_written || as_folders
    }

    /// The patterns that matched nothing.
    fn unmatched(&self) -> Vec<String> {
        let matched = self.matched.borrow();
        self.patterns
            .iter()
            .zip(matched.iter())
            .filter(|(_, &m)| !m)
            .map(|(p, _)| p.clone())
            .collect()
    }
}

/// What the walk found.
struct Walked {
    files: Vec<FileEntry>,
    problems: Vec<Problem>,
    /// Folders that could not be listed and files whose size and time
    /// could not be read (absolute): still there, as far as the run can
    /// tell, so what the index holds of them stays.
    unlisted: Vec<PathBuf>,
}

/// Lists the files under `roots`, skipping hidden entries, the files and
/// folders the system leaves beside documents ([`decode::is_system_name`])
/// and the index directory itself; unreadable entries come back as
/// problems.
fn walk(roots: &[PathBuf], index_dir: &Path, max_size: u64, exclude: &Exclusions) -> Walked {
    let index_dir = index_dir.canonicalize().ok();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut unlisted = Vec::new();
    let badly_named_folders = std::cell::RefCell::new(Vec::new());
    // Named as the files indexed are (`a.txt`, not `./a.txt`).
    let mut fail = |path: &Path, reason: String| {
        let path = normalize(path).to_string_lossy().into_owned();
        problems.push(Problem::failed(path, reason))
    };
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().as_encoded_bytes();
                let hidden = e.depth() > 0 && decode::is_passed_over(name);
                let is_index = e.file_type().is_dir()
                    && index_dir.is_some()
                    && e.path().canonicalize().ok() == index_dir;
                // Both asked (`|`), so that every pattern matching is known.
                let excluded = e.depth() > 0
                    && (exclude.matches(e.path().strip_prefix(root).unwrap_or(e.path()))
                        | exclude.matches(e.file_name()));
                // A folder whose name is not UTF-8 is reported once, not
                // once for every file in it.
                let badly_named =
                    e.depth() > 0 && e.file_type().is_dir() && std::str::from_utf8(name).is_err();
                if badly_named && !hidden && !excluded {
                    badly_named_folders
                        .borrow_mut()
                        .push(e.path().to_path_buf());
                }
                !hidden && !is_index && !excluded && !badly_named
            });
        for entry in walker {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().unwrap_or(root);
                    let reason = match (err.loop_ancestor(), err.io_error()) {
                        (Some(a), _) => format!("symlink loop back to {}", normalize(a).display()),
                        (None, Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                            // Not there at all: deleted or moved while the
                            // folder was listed, nothing to report.
                            if err.path().is_none_or(|p| p.symlink_metadata().is_err()) {
                                continue;
                            }
                            "broken symlink (its target does not exist)".to_string()
                        }
                        (None, Some(io)) => match err.path().filter(|p| p.is_dir()) {
                            Some(folder) => {
                                unlisted.push(absolute(folder));
                                format!(
                                    "cannot list this folder: {io} (what the index holds of it is kept)"
                                )
                            }
                            None => io.to_string(),
                        },
                        (None, None) => err.to_string(),
                    };
                    fail(path, reason);
                    continue;
                }
            };
            if !e.file_type().is_file() {
                continue;
            }
            let Some(name) = e.path().to_str().map(str::to_string) else {
                fail(e.path(), not_utf8_reason(e.path(), false));
                continue;
            };
            let meta = match e.metadata() {
                Ok(m) => m,
                Err(err) => {
                    unlisted.push(absolute(e.path()));
                    fail(
                        e.path(),
                        format!("cannot read: {err} (what the index holds of it is kept)"),
                    );
                    continue;
                }
            };
            // An archive may be larger: what bounds it is the size of
            // each member.
            if meta.len() > max_size && !is_archive(e.path()) {
                fail(e.path(), too_large(meta.len(), max_size));
                continue;
            }
            let stamp = stamp(&meta);
            files.push(FileEntry {
                path: e.path().to_path_buf(),
                key: absolute(Path::new(&name)).to_string_lossy().into_owned(),
                size: meta.len(),
                stamp,
            });
        }
    }
    for folder in badly_named_folders.into_inner() {
        let reason = not_utf8_reason(&folder, true);
        let folder = normalize(&folder);
        problems.push(Problem::failed(
            folder.to_string_lossy().into_owned(),
            reason,
        ));
    }
    files.sort_by(|a, b| a.key.cmp(&b.key));
    files.dedup_by(|a, b| a.key == b.key);
    // Met again under a folder given beside one holding it.
    let mut reported = HashSet::new();
    problems.retain(|p| reported.insert(p.path.clone()));
    Walked {
        files,
        problems,
        unlisted,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gone_before_it_is_read_is_not_a_failure() {
        let e = FileEntry {
            path: PathBuf::from("/nonexistent/vanban/ke-hoach.txt"),
            key: "/nonexistent/vanban/ke-hoach.txt".into(),
            size: 10,
            stamp: 0,
        };
        let Err(NotRead { problem: p, kept }) = read_guarded(
            &e,
            &HashMap::new(),
            (false, 0, &HashMap::new()),
            &Limits::default(),
            None,
        ) else {
            panic!("read a file that is not there");
        };
        assert_eq!(p.severity, Severity::Vanished);
        assert!(!kept);
        let mut summary = Summary::default();
        let mut reported = Vec::new();
        count_problem(&mut summary, p, |p| reported.push(p.clone()));
        assert_eq!((summary.failed, summary.skipped), (0, 0));
        assert!(reported.is_empty());
    }

    #[test]
    fn the_text_is_stored_last_and_read_as_far_as_asked_for() {
        use crate::snippet;
        use schema::{Stored, HEAD, META, WHOLE};
        let (schema_, f) = schema::build();
        let index = tantivy::Index::create_in_ram(schema_);
        crate::analysis::register(&index);
        let mut writer: IndexWriter<Pending> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let flight = Arc::new(InFlight::default());
        let short = "Kế hoạch cải cách hành chính năm 2024".to_string();
        let long = "cải cách hành chính ".repeat(snippet::SCAN / 10);
        let large = "cải cách hành chính ".repeat(schema::LARGE_TEXT / 10);
        let head_end = |text: &str| snippet::stretch_end(text);
        let texts = [
            ("a.txt", short.clone(), StoredText::Whole),
            (
                "b.txt",
                long.clone(),
                StoredText::Rest(f.text_rest, head_end(&long)),
            ),
            (
                "c.txt",
                large.clone(),
                StoredText::Packed(
                    f.text_packed,
                    head_end(&large),
                    schema::pack_text(&large[head_end(&large)..]),
                ),
            ),
        ];
        for (path, text, stored_text) in texts {
            let len = text.len() as u64;
            writer
                .add_document(Pending {
                    text,
                    text_fields: vec![f.body_folded],
                    values: vec![
                        (f.path, OwnedValue::Str(path.into())),
                        (f.meta, OwnedValue::Str("{}".into())),
                        (f.text_len, OwnedValue::U64(len)),
                    ],
                    head: f.text,
                    stored_text,
                    _ticket: flight.ticket(0),
                })
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        for (n, text) in [short, long, large].iter().enumerate() {
            let address = tantivy::DocAddress::new(0, n as u32);
            let meta: Stored<META> = searcher.doc(address).unwrap();
            assert_eq!(meta.str(f.meta), "{}");
            assert_eq!(meta.text(&f).unwrap(), "", "{n}");
            let head: Stored<HEAD> = searcher.doc(address).unwrap();
            let first = &text[..head_end(text)];
            assert_eq!(head.text(&f).unwrap(), first, "{n}");
            assert_eq!(head.has_whole_text(&f), first.len() == text.len(), "{n}");
            let whole: Stored<WHOLE> = searcher.doc(address).unwrap();
            assert_eq!(whole.text(&f).unwrap(), *text, "{n}");
            assert!(whole.has_whole_text(&f));
        }
        // The words are indexed from the same text.
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(f.body_folded, "cach"),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let count = searcher.search(&query, &tantivy::collector::Count).unwrap();
        assert_eq!(count, 3);
    }

    #[test]
    fn the_summary_line_counts_in_words() {
        let one = Summary {
            added: 1,
            skipped: 1,
            duplicates: 1,
            duplicate_members: 1,
            member_problems: 1,
            bytes: 2_500_000,
            seconds: 2.0,
            ..Summary::default()
        };
        assert_eq!(
            one.line(),
            "2 files: 1 added, 0 updated, 0 unchanged, 0 removed, 0 failed, 1 skipped, \
             1 duplicate, 1 archive member already indexed (1 of the failed and skipped \
             is an archive member); 2.50 MB read in 2.00 s (1.2 MB/s)"
        );
        let more = Summary {
            added: 3,
            failed: 2,
            duplicates: 2,
            duplicate_members: 2,
            member_problems: 2,
            ..Summary::default()
        };
        assert_eq!(
            more.line(),
            "5 files: 3 added, 0 updated, 0 unchanged, 0 removed, 2 failed, 2 duplicates, \
             2 archive members already indexed (2 of the failed and skipped are archive \
             members); 0.00 MB read in 0.00 s (0.0 MB/s)"
        );
    }

    #[test]
    #[cfg(unix)]
    fn files_the_walk_cannot_follow_are_named_once_as_files_indexed_are() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("sub")).unwrap();
        std::fs::write(corpus.join("sub/ke-hoach.txt"), "Kế hoạch số 5/KH-UBND").unwrap();
        std::os::unix::fs::symlink("nowhere.txt", corpus.join("dangling.txt")).unwrap();
        std::os::unix::fs::symlink("..", corpus.join("sub/up")).unwrap();
        // The folder given as `corpus/.`, and again as `corpus`.
        let roots = [dir.path().join("corpus/."), corpus.clone()];
        let exclude = Exclusions::new(&[]).unwrap();
        let walked = walk(&roots, &dir.path().join("index"), u64::MAX, &exclude);
        let named: Vec<(String, String)> = walked
            .problems
            .iter()
            .map(|p| {
                let path = Path::new(&p.path).strip_prefix(&corpus).unwrap();
                (path.to_string_lossy().into_owned(), p.reason.clone())
            })
            .collect();
        let up = corpus.display().to_string();
        assert_eq!(
            named,
            [
                (
                    "dangling.txt".into(),
                    "broken symlink (its target does not exist)".into()
                ),
                ("sub/up".into(), format!("symlink loop back to {up}")),
            ]
        );
        assert_eq!(walked.files.len(), 1);
    }

    #[test]
    fn a_full_disk_is_known_however_tantivy_reports_it() {
        let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(is_disk_full(&TantivyError::from(io)));
        // A writer thread's error, passed on as its text.
        let from_thread =
            TantivyError::InternalError("'No space left on device (os error 28)'".into());
        assert!(is_disk_full(&from_thread));
        let too_large = std::io::Error::from_raw_os_error(27);
        assert!(!is_disk_full(&TantivyError::from(too_large)));
        assert!(!is_disk_full(&TantivyError::ErrorInThread(
            "An index writer was killed.".into()
        )));
    }

    #[test]
    fn a_large_merge_is_split_into_parts_of_about_the_same_size() {
        let index = tantivy::Index::create_in_ram(crate::schema::build().0);
        let metas: Vec<SegmentMeta> = [9_000, 8_000, 7_000, 6_000, 5_000, 4_000, 3_000, 2_000]
            .into_iter()
            .map(|docs| index.new_segment_meta(SegmentId::generate_random(), docs))
            .collect();
        let ids: Vec<SegmentId> = metas.iter().map(SegmentMeta::id).collect();
        let docs = |group: &[SegmentId]| -> u32 {
            group
                .iter()
                .map(|id| metas.iter().find(|m| m.id() == *id).unwrap().num_docs())
                .sum()
        };
        // 44,000 documents: two parts of 22,000 each.
        let parts = split_merge(ids.clone(), &metas, 2);
        assert_eq!(parts.len(), 2);
        assert_eq!(
            parts.iter().map(|p| docs(p)).collect::<Vec<_>>(),
            [22_000, 22_000]
        );
        let mut all: Vec<SegmentId> = parts.concat();
        all.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(all, expected, "every segment in one part");
        // No more parts than MAX_PARTS, none under MIN_PART_DOCS.
        assert_eq!(split_merge(ids.clone(), &metas, 16).len(), 4);
        // A small merge stays whole.
        let small: Vec<SegmentId> = ids[5..].to_vec();
        assert_eq!(split_merge(small.clone(), &metas, 2), vec![small]);
        // One core: one part.
        assert_eq!(split_merge(ids.clone(), &metas, 1), vec![ids]);
    }

    #[test]
    fn many_small_segments_are_merged() {
        let index = tantivy::Index::create_in_ram(crate::schema::build().0);
        let metas = |docs: &[u32]| -> Vec<SegmentMeta> {
            docs.iter()
                .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
                .collect()
        };
        let policy = LogMergePolicy::default();
        // Six segments of a run over 20,000 files: one merge of them all,
        // split in two parts.
        let six = metas(&[3_700, 3_600, 3_500, 3_300, 3_100, 2_800]);
        let found = merge_candidates(&policy, &six);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), 6);
        assert_eq!(split_merge(found[0].clone(), &six, 2).len(), 2);
        // No more than MAX_PARTS, or large: left as they are.
        assert!(merge_candidates(&policy, &six[..MAX_PARTS]).is_empty());
        let large = metas(&[60_000, 50_000, 40_000, 30_000, 20_000]);
        assert!(merge_candidates(&policy, &large).is_empty());
        // Beside large parts, the small ones of later runs.
        let mut later = metas(&[100_000, 100_000, 900, 700, 500, 300, 200]);
        let small: Vec<SegmentId> = later[2..].iter().map(SegmentMeta::id).collect();
        assert_eq!(merge_candidates(&policy, &later), vec![small]);
        later.truncate(6);
        assert!(merge_candidates(&policy, &later).is_empty());
        // Eight of a size: Tantivy's own merge.
        let eight = metas(&[2_000; 8]);
        assert_eq!(merge_candidates(&policy, &eight)[0].len(), 8);
    }

    #[test]
    fn paths_are_named_one_way() {
        assert_eq!(
            normalize(Path::new("./corpus/a.txt")),
            Path::new("corpus/a.txt")
        );
        assert_eq!(
            normalize(Path::new("corpus/../corpus/a.txt")),
            Path::new("corpus/a.txt")
        );
        assert_eq!(normalize(Path::new(".")), Path::new("."));
        let abs = std::env::current_dir().unwrap().join("corpus/a.txt");
        assert_eq!(normalize(&abs), Path::new("corpus/a.txt"));
        // Above the working directory.
        assert_eq!(
            normalize(Path::new("../../docs/a")),
            Path::new("../../docs/a")
        );
        assert_eq!(normalize(Path::new("a/../../b/./c")), Path::new("../b/c"));
        assert_eq!(normalize(Path::new("../a/../../b")), Path::new("../../b"));
        assert_eq!(lexical(Path::new("/../tmp")), Path::new("/tmp"));
    }

    #[test]
    fn sources_are_known_by_absolute_names() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            absolute(Path::new("./corpus/a.txt")),
            cwd.join("corpus/a.txt")
        );
        assert_eq!(
            absolute(Path::new("corpus/../corpus/a.txt")),
            cwd.join("corpus/a.txt")
        );
        assert_eq!(absolute(&cwd.join("x/./y/../a.txt")), cwd.join("x/a.txt"));
        // `/` on Unix, the drive's root (`C:\`) on Windows.
        let root = cwd.ancestors().last().unwrap();
        assert_eq!(
            absolute(&root.join("srv/vb/../docs/a.txt")),
            root.join("srv/docs/a.txt")
        );
    }

    #[test]
    #[cfg(windows)]
    fn a_windows_path_has_one_name_however_its_drive_is_written() {
        for spelling in [
            r"C:\Lưu trữ\a.txt",
            r"c:\Lưu trữ\a.txt",
            r"\\?\C:\Lưu trữ\a.txt",
        ] {
            assert_eq!(
                absolute(Path::new(spelling)).as_os_str(),
                r"C:\Lưu trữ\a.txt",
                "{spelling}"
            );
        }
        for spelling in [r"\\sv\vb\x\..\a.txt", r"\\?\UNC\sv\vb\a.txt"] {
            assert_eq!(
                absolute(Path::new(spelling)).as_os_str(),
                r"\\sv\vb\a.txt",
                "{spelling}"
            );
        }
    }

    #[test]
    #[cfg(windows)]
    fn a_path_typed_in_other_letter_case_is_spelled_as_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("VanBan").join("Kế Hoạch");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("KH-110.txt"), "x").unwrap();
        let spelled = as_on_disk(&dir.path().join("VANBAN/kế hoạch/kh-110.txt"));
        assert_eq!(spelled, as_on_disk(&folder.join("KH-110.txt")));
        assert!(
            spelled.ends_with("VanBan/Kế Hoạch/KH-110.txt"),
            "{spelled:?}"
        );
        // A name that is not there is kept as typed, and all after it.
        let missing = as_on_disk(&dir.path().join("vanban/Moi/kh-1.txt"));
        assert!(missing.ends_with("VanBan/Moi/kh-1.txt"), "{missing:?}");
    }

    #[test]
    fn member_marks_tell_excluded_members_from_failed_ones() {
        assert_eq!(MemberMarks::write(0, 0), 0);
        assert_eq!(MemberMarks::read(0), (0, 0));
        assert_eq!(MemberMarks::read(MemberMarks::write(0, 3)), (0, 3));
        assert_eq!(MemberMarks::read(MemberMarks::write(2, 0)), (2, 0));
        assert_eq!(MemberMarks::read(MemberMarks::write(1, 1)), (1, 1));
        let huge = MemberMarks::write(u64::MAX, u64::MAX);
        assert_eq!(
            MemberMarks::read(huge),
            (u32::MAX as u64 >> 1, u32::MAX as u64)
        );
        // An earlier version's count may have been of either.
        assert_eq!(MemberMarks::read(2), (2, 2));
    }

    #[test]
    fn sources_under_roots() {
        let roots = [PathBuf::from("/srv/corpus")];
        assert!(under_any("/srv/corpus/a.txt", &roots));
        assert!(under_any("/srv/corpus/sub/b.zip", &roots));
        assert!(!under_any("/srv/corpusx/a.txt", &roots));
        assert!(!under_any("/srv/other/a.txt", &roots));
        assert!(under_any("/srv/other/a.txt", &[PathBuf::from("/srv")]));
    }
}
