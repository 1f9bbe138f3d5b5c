//! Helpers shared by the integration tests: temporary corpora and indexes.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vanban::indexer::{self, IndexOptions};
use vanban::store::Store;

/// A temporary folder holding a corpus and an index.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty fixture.
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A fixture whose corpus holds the given files.
    pub fn with_docs(docs: &[(&str, &str)]) -> Fixture {
        let f = Fixture::new();
        for (name, text) in docs {
            f.write(name, text.as_bytes());
        }
        f
    }

    /// A fixture whose corpus is a copy of the repository's `corpus/`.
    pub fn with_repo_corpus() -> Fixture {
        let f = Fixture::new();
        for entry in std::fs::read_dir(repo_corpus()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            f.write(&name, &std::fs::read(&path).unwrap());
        }
        f
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes a file into the corpus.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.corpus().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Indexes the corpus and opens the index, which keeps the fixture's
    /// folder alive as long as it is used.
    pub fn index(self) -> Indexed {
        let opts = IndexOptions {
            threads: 1,
            memory_mb: 50,
            ..IndexOptions::new(vec![self.corpus()])
        };
        indexer::run(&self.index_dir(), &opts, &|_| {}).expect("indexing");
        let store = Store::open(&self.index_dir()).expect("open index");
        Indexed {
            store,
            _fixture: self,
        }
    }
}

/// An open index over a fixture's corpus.
pub struct Indexed {
    pub store: Store,
    _fixture: Fixture,
}

impl std::ops::Deref for Indexed {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

/// File names (without folders) of a search's hits, best first.
pub fn hit_names(store: &Store, query: &str) -> Vec<String> {
    vanban::search::search(store, query, 20)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| file_name(&h.path))
        .collect()
}

pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The repository's seed corpus.
pub fn repo_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The built `vanban` binary, to run in `cwd`, without `VANBAN_INDEX`.
pub fn vanban_command(cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vanban"));
    command.current_dir(cwd).env_remove("VANBAN_INDEX");
    command
}

/// A run's output with the paths in it written with `/` as on Unix
/// (Windows writes them with `\`, in JSON and Graphviz `\\`), so that one
/// expectation holds on both.
pub fn slashed(o: Output) -> Output {
    if !cfg!(windows) {
        return o;
    }
    let fix = |bytes: Vec<u8>| {
        let s = String::from_utf8_lossy(&bytes);
        // JSON and Graphviz write `\` as `\\`, and have escapes of their own.
        let escaped = s.trim_start().starts_with(['{', '[']) || s.starts_with("digraph");
        let fixed = if escaped {
            s.replace("\\\\", "/")
        } else {
            s.replace('\\', "/")
        };
        fixed.into_bytes()
    };
    Output {
        status: o.status,
        stdout: fix(o.stdout),
        stderr: fix(o.stderr),
    }
}

/// How vanban shows an absolute path, as [`slashed`] writes it: on
/// Windows without the `\\?\` that `canonicalize` puts before the drive.
pub fn shown(path: &Path) -> String {
    let s = path.to_string_lossy();
    if !cfg!(windows) {
        return s.into_owned();
    }
    s.strip_prefix(r"\\?\").unwrap_or(&s).replace('\\', "/")
}

/// What a run printed on standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run printed on standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
