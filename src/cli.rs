//! The command layer: argument structs (clap derive), one function per
//! subcommand, exit codes. Library modules do the work and return typed
//! errors; this layer adds what a person needs to read them (which file,
//! which step).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::indexer::{self, IndexOptions, Problem};
use crate::output::{self, Style};
use crate::search;
use crate::store::{Store, StoreError};

/// Search engine for Vietnamese administrative documents: find plans,
/// decisions and reports by number, date, issuer, type or words, typed with
/// or without diacritics.
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about)]
pub struct Cli {
    /// Index directory.
    #[arg(long, global = true, env = "VANBAN_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index files and folders (default: corpus/).
    Index(IndexArgs),
    /// Search the index.
    Search(SearchArgs),
}

/// Arguments of `vanban index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and folders to index.
    #[arg(default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    /// Index writer threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Index writer memory budget in MB, shared by the threads.
    #[arg(long, default_value_t = 256)]
    pub memory: usize,
    /// Start from an empty index.
    #[arg(long)]
    pub rebuild: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `vanban search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find, with or without diacritics; "quoted words" must stand
    /// together.
    pub query: Vec<String>,
    /// Most hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// How a command ended, as the exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; something was found.
    Found,
    /// Done; nothing was found.
    NotFound,
    /// Something went wrong.
    Error,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Found => 0,
            Outcome::NotFound => 1,
            Outcome::Error => 2,
        })
    }
}

/// Whether an error is only a closed pipe (`vanban search ... | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Index(args) => cmd_index(&cli.index, args),
        Command::Search(args) => cmd_search(&cli.index, args),
    }
}

fn threads(requested: Option<usize>) -> usize {
    requested.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    })
}

fn report_problem(p: &Problem) {
    let what = if p.skipped { "skipped" } else { "failed" };
    eprintln!("vanban: {what} {}: {}", p.path, p.reason);
}

fn cmd_index(dir: &Path, args: IndexArgs) -> Result<Outcome> {
    let opts = IndexOptions {
        paths: args.paths,
        threads: threads(args.threads),
        memory_mb: args.memory,
        rebuild: args.rebuild,
        progress: io::stderr().is_terminal() && !args.json,
    };
    for p in &opts.paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    let summary = indexer::run(dir, &opts, &report_problem)?;
    let mut out = io::stdout().lock();
    if args.json {
        let value = serde_json::json!({
            "indexed": summary.indexed,
            "skipped": summary.skipped,
            "failed": summary.failed,
            "bytes": summary.bytes,
            "seconds": summary.seconds,
        });
        output::write_json(&mut out, &value)?;
    } else {
        writeln!(out, "{}", summary.line())?;
    }
    Ok(Outcome::Found)
}

/// Opens the index for searching. On a fresh checkout, where there is no
/// index yet, builds it from `corpus/` first, so the first search just works.
fn open_for_search(dir: &Path) -> Result<Store> {
    match Store::open(dir) {
        Err(StoreError::NotFound(_)) if Path::new("corpus").is_dir() => {
            eprintln!(
                "vanban: no index at {} yet; building it from corpus/ first",
                dir.display()
            );
            let opts = IndexOptions {
                paths: vec![PathBuf::from("corpus")],
                threads: threads(None),
                memory_mb: 256,
                rebuild: false,
                progress: io::stderr().is_terminal(),
            };
            let summary = indexer::run(dir, &opts, &report_problem)?;
            eprintln!("vanban: {}", summary.line());
            Ok(Store::open(dir)?)
        }
        other => Ok(other?),
    }
}

fn cmd_search(dir: &Path, args: SearchArgs) -> Result<Outcome> {
    let query = args.query.join(" ");
    let store = open_for_search(dir)?;
    let result = search::search(&store, &query, args.limit)
        .with_context(|| format!("searching the index at {}", dir.display()))?;
    let mut out = io::stdout().lock();
    if args.json {
        output::write_json(&mut out, &result)?;
    } else {
        let style = Style {
            color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        output::write_hits(&mut out, &result, style)?;
        if result.hits.is_empty() {
            eprintln!("vanban: nothing found for {query:?}");
        }
    }
    Ok(if result.total > 0 {
        Outcome::Found
    } else {
        Outcome::NotFound
    })
}
