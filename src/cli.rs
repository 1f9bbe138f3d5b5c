//! The command layer: argument structs (clap derive), one function per
//! subcommand, exit codes. Library modules do the work and return typed
//! errors; this layer adds what a person needs to read them (which file,
//! which step).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::citation::Relation;
use crate::date::PartialDate;
use crate::filters::Filters;
use crate::indexer::{self, IndexOptions, Problem, Severity};
use crate::output::{self, Style};
use crate::query::QueryPlan;
use crate::store::{Store, StoreError};
use crate::{decode, document, scan};
use crate::{lookup, refs, search, spelling, stats};

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
    /// Search the index, by words and/or by what headers say.
    Search(SearchArgs),
    /// Read documents' headers and citations without indexing them.
    Parse(ParseArgs),
    /// Show one indexed document: its metadata and text.
    Show(ShowArgs),
    /// Count the indexed documents by type, year and issuer.
    Stats(StatsArgs),
    /// What a document cites and what cites it (reports implementing a plan, ...).
    Refs(RefsArgs),
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
    /// Read every file again, even unchanged ones.
    #[arg(long)]
    pub rebuild: bool,
    /// Files larger than this many MB are reported and left out.
    #[arg(long, default_value_t = 100)]
    pub max_file_size: u64,
    /// Leave out files and folders whose path below the folder given, or
    /// whose name, matches GLOB (`*.jsonl`, `nhap`, `2019/luu-tam/**`);
    /// repeatable, case-insensitive. Indexed files that match are removed.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    #[command(flatten)]
    pub ocr: OcrArgs,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Reading scans, shared by `index` and `parse`.
#[derive(Debug, Args)]
pub struct OcrArgs {
    /// Read the text of scans (images, PDF pages without text) with
    /// Tesseract, which must be installed with its Vietnamese data, and
    /// pdftoppm. Takes seconds a page; `index` keeps what it read
    /// in the index folder, so a scan is recognized once.
    #[arg(long)]
    pub ocr: bool,
    /// Tesseract's languages for --ocr, joined by + ("vie", "vie+eng").
    #[arg(long, value_name = "LANGS", default_value = scan::DEFAULT_LANGUAGES)]
    pub ocr_lang: String,
}

impl OcrArgs {
    /// The languages to read scans in, when scans are read.
    fn languages(&self) -> Option<String> {
        self.ocr.then(|| self.ocr_lang.clone())
    }
}

/// A count of at least one (`--limit`).
fn at_least_one(s: &str) -> std::result::Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Arguments of `vanban search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find, with or without diacritics; "quoted words" must stand
    /// together; -word or -"words" in the query leaves out the documents
    /// holding them (quote the query, or put it after --).
    pub query: Vec<String>,
    /// Most hits to show.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = at_least_one)]
    pub limit: usize,
    /// Print one JSON object instead of text.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the hits as CSV, for a spreadsheet (UTF-8 with a byte-order
    /// mark): number, date, type, issuer, title, path, score, snippet; with
    /// -n as many rows as wanted.
    #[arg(long)]
    pub csv: bool,
    /// Only documents that no indexed document carries out (plans with no
    /// report on them yet, decisions not acted on).
    #[arg(long)]
    pub unimplemented: bool,
    /// Only documents that no indexed document answers (letters awaiting
    /// a reply).
    #[arg(long, conflicts_with = "unimplemented")]
    pub unanswered: bool,
    /// Search for the words as typed (otherwise a word no document holds
    /// is read as the keys of Telex or VNI, or as the likeliest word one
    /// letter away, and a note says so).
    #[arg(long)]
    pub as_typed: bool,
    /// Order of the hits: best first, or by date of issue (the undated
    /// last).
    #[arg(long, value_enum, default_value_t = search::Sort::Relevance)]
    pub sort: search::Sort,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Filters on document metadata, shared by `search` and `show`.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Document type: a code (KH, QĐ, BC) or a name ("Kế hoạch", "ke hoach").
    #[arg(long = "type")]
    pub doc_type: Option<String>,
    /// Document number in any spelling ("110/KH-UBND", "110 kh ubnd").
    #[arg(long)]
    pub number: Option<String>,
    /// Words of the issuing body ("long an", "UBND huyện Trà Bồng").
    #[arg(long)]
    pub issuer: Option<String>,
    /// Issued on or after (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub from: Option<String>,
    /// Issued on or before (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub to: Option<String>,
    /// Issued in this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Words of the signer's name.
    #[arg(long)]
    pub signer: Option<String>,
    /// Documents that cite this number (or law: "Luật Đất đai 2024").
    #[arg(long)]
    pub cites: Option<String>,
    /// Documents that implement (carry out) this number.
    #[arg(long)]
    pub implements: Option<String>,
}

impl FilterArgs {
    /// Checks the filters and turns them into typed values.
    pub fn to_filters(&self) -> Result<Filters> {
        let mut f = Filters {
            doc_type: self
                .doc_type
                .as_deref()
                .map(Filters::parse_type)
                .transpose()?,
            number: self
                .number
                .as_deref()
                .map(Filters::parse_number)
                .transpose()?,
            issuer: self.issuer.clone(),
            from: self.from.as_deref().map(Filters::parse_date).transpose()?,
            to: self.to.as_deref().map(Filters::parse_date).transpose()?,
            signer: self.signer.clone(),
            cites: self
                .cites
                .as_deref()
                .map(Filters::parse_cited)
                .transpose()?,
            cites_as: self
                .implements
                .as_deref()
                .map(Filters::parse_cited)
                .transpose()?
                .map(|key| (Relation::Implements, key)),
            cites_also: Vec::new(),
            cites_as_also: Vec::new(),
            uncited_as: None,
            cited_as_hashes: Vec::new(),
        };
        if let Some(y) = self.year {
            f = f.with_year(y)?;
        }
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if crate::filters::day_number(from, false) > crate::filters::day_number(to, true) {
                anyhow::bail!("no date is both on or after {from} and on or before {to}: check --from, --to and --year");
            }
        }
        Ok(f)
    }

    /// The filters as typed, for messages (`--issuer "btc" --year 2024`).
    fn describe(&self) -> String {
        let mut out = Vec::new();
        let mut add = |name: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push(format!("--{name} {v:?}"));
            }
        };
        add("type", self.doc_type.clone());
        add("number", self.number.clone());
        add("issuer", self.issuer.clone());
        add("from", self.from.clone());
        add("to", self.to.clone());
        add("year", self.year.map(|y| y.to_string()));
        add("signer", self.signer.clone());
        add("cites", self.cites.clone());
        add("implements", self.implements.clone());
        out.join(" ")
    }
}

/// Arguments of `vanban parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Files to read; a folder is read with its subfolders.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub ocr: OcrArgs,
    /// One JSON object per file, one per line.
    #[arg(long)]
    pub json: bool,
}

/// Which document `show` and `refs` are about.
#[derive(Debug, Args)]
pub struct WhichDoc {
    /// The document: its path, or its number (for `refs` it need not be
    /// indexed).
    pub doc: String,
    /// Year of issue, to choose among documents sharing a number.
    #[arg(long)]
    pub year: Option<i32>,
    /// Words of the issuer, to choose among documents sharing a number.
    #[arg(long)]
    pub issuer: Option<String>,
}

impl WhichDoc {
    /// The indexed documents it names; for a file (or archive member) left
    /// out of the index as a copy, the document indexed with its content,
    /// with a note saying so.
    fn find(&self, store: &Store) -> Result<Vec<crate::document::Document>> {
        let found = lookup::find_document(store, &self.doc, self.year, self.issuer.as_deref())?;
        if !found.is_empty() {
            return Ok(found);
        }
        let copy = lookup::indexed_copy(store, &self.doc)?;
        if let Some(doc) = &copy {
            eprintln!(
                "vanban: {} is not indexed itself: the same content is indexed as {}",
                self.doc, doc.path
            );
        }
        Ok(copy.into_iter().collect())
    }
}

/// Arguments of `vanban show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub which: WhichDoc,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `vanban refs`.
#[derive(Debug, Args)]
pub struct RefsArgs {
    #[command(flatten)]
    pub which: WhichDoc,
    /// Print JSON instead of text.
    #[arg(long, conflicts_with = "dot")]
    pub json: bool,
    /// Print a Graphviz graph of the neighbourhood (`| dot -Tsvg > x.svg`).
    #[arg(long)]
    pub dot: bool,
    /// How many links away the graph reaches.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
}

/// Arguments of `vanban stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON instead of text.
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
    /// Indexing finished, but some files could not be read.
    SomeFailed,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Found => 0,
            Outcome::NotFound => 1,
            Outcome::Error => 2,
            Outcome::SomeFailed => 3,
        })
    }
}

/// Whether an error is only a closed pipe (`vanban search ... | head`).
/// Windows also says so as "the pipe is being closed" (`ERROR_NO_DATA`,
/// 232) or "no process is on the other end" (`ERROR_PIPE_NOT_CONNECTED`,
/// 233), which the standard library does not count as a broken pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|e| {
            e.kind() == io::ErrorKind::BrokenPipe
                || cfg!(windows) && matches!(e.raw_os_error(), Some(232 | 233))
        })
    })
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Index(args) => cmd_index(&cli.index, args),
        Command::Search(args) => cmd_search(&cli.index, args),
        Command::Parse(args) => cmd_parse(args),
        Command::Show(args) => cmd_show(&cli.index, args),
        Command::Stats(args) => cmd_stats(&cli.index, args),
        Command::Refs(args) => cmd_refs(&cli.index, args),
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
    let what = match p.severity {
        Severity::Warning | Severity::Vanished => "",
        Severity::Skipped => "skipped ",
        Severity::Failed => "failed ",
    };
    eprintln!("vanban: {what}{}: {}", p.path, p.reason);
}

fn cmd_index(dir: &Path, args: IndexArgs) -> Result<Outcome> {
    let opts = IndexOptions {
        threads: threads(args.threads),
        memory_mb: args.memory,
        rebuild: args.rebuild,
        max_file_size: args.max_file_size.saturating_mul(1 << 20),
        progress: io::stderr().is_terminal() && !args.json,
        exclude: args.exclude,
        ocr: args.ocr.languages(),
        ..IndexOptions::new(args.paths)
    };
    for p in &opts.paths {
        if std::fs::symlink_metadata(p).is_err() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    let least = indexer::least_memory_mb(opts.threads);
    if opts.memory_mb < least {
        eprintln!(
            "vanban: warning: --memory {} is below the {least} MB a run with {} writer threads takes at the least (fewer --threads take less)",
            opts.memory_mb,
            opts.threads.clamp(1, 8)
        );
    }
    // With --json, the problems are also listed in the summary, for the
    // tools that go through a large run's failures.
    let problems = std::sync::Mutex::new(Vec::new());
    let report = |p: &Problem| {
        report_problem(p);
        if args.json {
            problems.lock().expect("not poisoned").push(p.clone());
        }
    };
    let summary = indexer::run(dir, &opts, &report)?;
    let mut out = io::stdout().lock();
    if args.json {
        #[derive(serde::Serialize)]
        struct Report<'a> {
            #[serde(flatten)]
            summary: &'a indexer::Summary,
            problems: Vec<Problem>,
        }
        let report = Report {
            summary: &summary,
            problems: problems.into_inner().expect("not poisoned"),
        };
        output::write_json(&mut out, &report)?;
    } else {
        writeln!(out, "{}", summary.line())?;
    }
    for pattern in &summary.unmatched_excludes {
        eprintln!(
            "vanban: warning: --exclude {} matched no file (a typing slip?)",
            output::quoted(pattern)
        );
    }
    Ok(if summary.failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Found
    })
}

/// Opens the index for searching (as committed when it is opened). On a
/// fresh checkout, where there is no index yet, builds it from `corpus/`
/// first, so the first search just works.
fn open_for_search(dir: &Path) -> Result<Store> {
    let store = match Store::open(dir) {
        Err(StoreError::NotFound(_)) if Path::new("corpus").is_dir() => {
            eprintln!(
                "vanban: no index at {} yet; building it from corpus/ first",
                dir.display()
            );
            let opts = IndexOptions {
                progress: io::stderr().is_terminal(),
                ..IndexOptions::new(vec![PathBuf::from("corpus")])
            };
            let summary = indexer::run(dir, &opts, &report_problem)?;
            eprintln!("vanban: {}", summary.line());
            Store::open(dir)?
        }
        other => other?,
    };
    Ok(store.read_once())
}

fn cmd_search(dir: &Path, args: SearchArgs) -> Result<Outcome> {
    let query = args.query.join(" ");
    let mut filters = args.filters.to_filters()?;
    if args.unimplemented {
        filters.uncited_as = Some(Relation::Implements);
    } else if args.unanswered {
        filters.uncited_as = Some(Relation::RespondsTo);
    }
    // Punctuation alone (`/`, `"`) is nothing to look for either.
    let plan = QueryPlan::parse(&query);
    if filters.is_empty() && plan.is_empty() && plan.excluded.is_empty() {
        let typed = if query.trim().is_empty() {
            String::new()
        } else {
            format!(" in {query:?}")
        };
        anyhow::bail!(
            "nothing to search for{typed}: give words, a number or a filter (see vanban search --help)"
        );
    }
    let store = open_for_search(dir)?;
    let searching = || format!("searching the index at {}", dir.display());
    let correction = if args.as_typed {
        None
    } else {
        let searcher = store.searcher().with_context(searching)?;
        spelling::correct(&searcher, &store.fields, &query).with_context(searching)?
    };
    let searched = correction
        .as_ref()
        .map_or(query.as_str(), |c| c.query.as_str());
    let mut result = search::search_sorted(&store, searched, &filters, args.sort, args.limit)
        .with_context(searching)?;
    if let Some(c) = correction {
        let words: Vec<String> = c
            .words
            .iter()
            .map(|(typed, used)| format!("{} as {}", output::quoted(typed), output::quoted(used)))
            .collect();
        eprintln!(
            "vanban: read {}; searched for {} (--as-typed searches as typed)",
            words.join(", "),
            output::quoted(&c.query)
        );
        result.query = query.clone();
        result.corrected = Some(c.query);
    }
    let mut out = io::stdout().lock();
    if args.json {
        output::write_json(&mut out, &result)?;
    } else if args.csv {
        output::write_csv(&mut out, &result)?;
    } else {
        output::write_hits(&mut out, &result, style_for_stdout())?;
    }
    if !args.json && result.hits.is_empty() {
        let uncited = match (args.unimplemented, args.unanswered) {
            (true, _) => "--unimplemented",
            (_, true) => "--unanswered",
            _ => "",
        };
        let asked = [
            format!("{query:?}"),
            args.filters.describe(),
            uncited.into(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty() && s != "\"\"")
        .collect::<Vec<_>>()
        .join(" with ");
        eprintln!("vanban: nothing found for {asked}");
    }
    // A table holds no line to say it is cut short.
    if args.csv && result.total > result.hits.len() {
        let about = if result.total_exact { "" } else { "about " };
        eprintln!(
            "vanban: {} of {about}{} matching documents written; -n {} writes more",
            result.hits.len(),
            result.total,
            result.total
        );
    }
    Ok(if result.total > 0 {
        Outcome::Found
    } else {
        Outcome::NotFound
    })
}

fn style_for_stdout() -> Style {
    Style {
        color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// The files `parse` reads for one path given: the file itself, or the
/// files of a folder and its subfolders in order of name, as `index` walks
/// them (hidden and system files and folders left out), each with whether
/// it was found in a folder. Folders that cannot be listed are reported.
fn files_to_parse(path: &Path, failed: &mut bool) -> Vec<(PathBuf, bool)> {
    if !path.is_dir() {
        return vec![(path.to_path_buf(), false)];
    }
    let walker = walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !decode::is_passed_over(e.file_name().as_encoded_bytes())
        });
    let mut files = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push((e.into_path(), true)),
            Ok(_) => {}
            Err(err) => {
                *failed = true;
                let at = err.path().unwrap_or(path).display().to_string();
                eprintln!("vanban: {at}: {err}");
            }
        }
    }
    files
}

fn cmd_parse(args: ParseArgs) -> Result<Outcome> {
    let tesseract = match args.ocr.languages() {
        Some(languages) => Some(scan::Tesseract::find(&languages, None)?),
        None => None,
    };
    let scanner = tesseract.as_ref().map(|t| t as &dyn decode::Scanner);
    let mut out = io::stdout().lock();
    let mut failed = false;
    let mut files = Vec::new();
    for path in &args.files {
        files.extend(files_to_parse(path, &mut failed));
    }
    for (path, in_folder) in &files {
        let typed = path.to_string_lossy();
        // A member of an archive (`luu.zip!/2021/kh.txt`), or the file.
        let split = lookup::split_member(&typed)
            .filter(|(file, _)| !path.exists() && Path::new(file).is_file())
            .map(|(file, member)| format!("{file}!/{member}"));
        let name = split.as_deref().unwrap_or(&typed);
        let (file, member) = match name.split_once("!/") {
            Some((file, _)) if split.is_some() => (file, Some(name)),
            _ => (name, None),
        };
        let limits = decode::Limits::default();
        // An archive is read member by member, as `index` reads a large
        // one: any number of members, each shown as it is read.
        if indexer::is_archive(Path::new(file)) {
            let inner = member.and_then(|m| m.strip_prefix(file)?.strip_prefix("!/"));
            let (mut shown, mut written) = (0, Ok(()));
            let streamed = document::read_archive_members(
                Path::new(file),
                file,
                &limits,
                scanner,
                inner,
                |parsed| {
                    shown += 1;
                    if written.is_ok() {
                        written =
                            show_parsed(&mut out, parsed, &args, *in_folder, file, &mut failed);
                    }
                },
            );
            written?;
            if streamed {
                if shown == 0 {
                    failed = true;
                    eprintln!("vanban: {name}: no such member in the archive");
                }
                continue;
            }
        }
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                failed = true;
                eprintln!("vanban: {name}: cannot read: {e}");
                continue;
            }
        };
        let digest = document::content_digest(&bytes);
        let mut read = document::read_hashed_documents(file, &bytes, digest, &limits, scanner);
        if let Some(member) = member {
            read.retain(|r| match r {
                Ok(doc) => doc.path == member,
                Err(u) => u.path == member,
            });
            if read.is_empty() {
                failed = true;
                eprintln!("vanban: {name}: no such member in the archive");
            }
        }
        // Every document of the file: each member of an archive.
        for parsed in read {
            show_parsed(&mut out, parsed, &args, *in_folder, file, &mut failed)?;
        }
    }
    Ok(if failed {
        Outcome::Error
    } else {
        Outcome::Found
    })
}

/// Shows one document `parse` read from `file`, or says why it gave none.
fn show_parsed(
    out: &mut impl Write,
    parsed: Result<document::Document, document::Unreadable>,
    args: &ParseArgs,
    in_folder: bool,
    file: &str,
    failed: &mut bool,
) -> io::Result<()> {
    match parsed {
        Ok(doc) if args.json => output::write_json(out, &output::parsed_json(&doc)),
        Ok(doc) => output::write_parsed(out, &doc, style_for_stdout()),
        // In a folder or an archive, what is not a document is passed
        // over, as `index` passes it over.
        Err(u) if u.is_skip() && (in_folder || u.path != file) => {
            eprintln!("vanban: skipped {}: {}", u.path, u.error);
            Ok(())
        }
        Err(u) => {
            *failed = true;
            eprintln!("vanban: {}: {}", u.path, u.error);
            Ok(())
        }
    }
}

fn cmd_show(dir: &Path, mut args: ShowArgs) -> Result<Outcome> {
    let store = open_for_search(dir)?;
    let found = documents_named(&store, &mut args.which)?.unwrap_or_default();
    let mut out = io::stdout().lock();
    // Copies of one text (same number, date and issuer) are one document:
    // the first is shown, the others named.
    let copies = match found.as_slice() {
        [first, rest @ ..]
            if !rest.is_empty()
                && rest
                    .iter()
                    .all(|d| refs::same_document(&first.header, &d.header)) =>
        {
            rest.iter().map(|d| d.path.clone()).collect()
        }
        _ => Vec::new(),
    };
    let found = if copies.is_empty() {
        &found[..]
    } else {
        &found[..1]
    };
    match found {
        [] => {
            let which = &args.which;
            let narrowed = which.year.is_some() || which.issuer.is_some();
            let without = if narrowed {
                let all = WhichDoc {
                    doc: which.doc.clone(),
                    year: None,
                    issuer: None,
                };
                all.find(&store)?.len()
            } else {
                0
            };
            if without > 0 {
                let mut by = Vec::new();
                if let Some(y) = which.year {
                    by.push(format!("of {y}"));
                }
                if let Some(i) = &which.issuer {
                    by.push(format!("issued by {i:?}"));
                }
                eprintln!(
                    "vanban: no indexed document {} is {} ({without} without --year and --issuer)",
                    output::quoted(&which.doc),
                    by.join(" and ")
                );
            } else {
                eprintln!(
                    "vanban: no indexed document is {}",
                    output::quoted(&which.doc)
                );
            }
            Ok(Outcome::NotFound)
        }
        [doc] => {
            if args.json {
                let mut v = output::parsed_json(doc);
                v["text"] = serde_json::Value::from(doc.text.as_str());
                output::write_json(&mut out, &v)?;
            } else {
                output::write_parsed(&mut out, doc, style_for_stdout())?;
                writeln!(out)?;
                writeln!(out, "{}", doc.text.trim_end())?;
            }
            if !copies.is_empty() {
                eprintln!(
                    "vanban: the same document is also indexed as: {}",
                    copies.join(", ")
                );
            }
            Ok(Outcome::Found)
        }
        many => {
            report_ambiguous(&args.which.doc, many);
            Ok(Outcome::Error)
        }
    }
}

/// Says that a number (or a law's name) names several documents, and
/// lists them.
fn report_ambiguous(doc: &str, candidates: &[crate::document::Document]) {
    eprintln!(
        "vanban: {} documents are {}; choose one with --year or --issuer, or give its path:",
        candidates.len(),
        output::quoted(doc)
    );
    // Newest first, as a search lists them.
    let mut listed: Vec<_> = candidates.iter().collect();
    listed.sort_by_key(|d| std::cmp::Reverse(d.header.date));
    for d in listed {
        eprintln!("  {}", output::candidate_line(d));
    }
}

fn cmd_stats(dir: &Path, args: StatsArgs) -> Result<Outcome> {
    let store = open_for_search(dir)?;
    let s = stats::stats(&store)?;
    let mut out = io::stdout().lock();
    if args.json {
        output::write_json(&mut out, &s)?;
    } else {
        output::write_stats(&mut out, &s)?;
    }
    Ok(if s.documents > 0 {
        Outcome::Found
    } else {
        Outcome::NotFound
    })
}

/// The indexed documents `w` names: by its path, or its number as the
/// index keys it; else the number is read out of what was typed (see
/// [`number_asked`]), and a date after it narrows the choice (`w` then
/// holds the number and its year). `None` when what was typed is no path
/// and holds no number.
fn documents_named(store: &Store, w: &mut WhichDoc) -> Result<Option<Vec<document::Document>>> {
    let mut found = w.find(store)?;
    if !found.is_empty() || Path::new(&w.doc).exists() {
        return Ok(Some(found));
    }
    // A law by its name ("Luật Bảo hiểm xã hội 2024", "bộ luật lao động").
    if let Some((code, name, year)) = crate::citation::law_named(&w.doc) {
        let year = year.or(w.year);
        let laws = refs::documents_of_law(store, code, &name, year)?;
        if laws.is_empty() && year.is_none() {
            anyhow::bail!(
                "no indexed law is named {}; with its year (\"{} 2015\" or --year 2015), `refs` lists what cites it",
                output::quoted(&w.doc),
                w.doc.trim()
            );
        }
        return Ok(Some(laws));
    }
    let Some((number, date)) = number_asked(&w.doc) else {
        // A type and a number as a search reads them (`NĐ 146/2025`,
        // `thông tư 15/2023`): the documents bearing that number.
        let plan = QueryPlan::parse(&w.doc);
        let Some(bearing) = plan
            .bearing_the_number(&store.fields)
            .filter(|_| plan.names_a_number_only())
        else {
            return Ok(None);
        };
        let mut docs = lookup::load_all(store, &*bearing, 100)?;
        if let Some(y) = w.year {
            docs.retain(|d| d.header.date.is_none_or(|date| date.year == y));
        }
        if let Some(issuer) = &w.issuer {
            let wanted = crate::header::issuer_key(issuer);
            docs.retain(|d| {
                let key = crate::header::issuer_key(d.header.issuer.as_deref().unwrap_or(""));
                let words: Vec<&str> = key.split(' ').collect();
                wanted.split(' ').all(|w| words.contains(&w))
            });
        }
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok(Some(docs));
    };
    w.doc = number;
    w.year = w.year.or(date.map(|d| d.year));
    found = w.find(store)?;
    if let Some(d) = date.filter(|d| d.month.is_some()) {
        let same_day: Vec<_> = found
            .iter()
            .filter(|doc| doc.header.date == Some(d))
            .cloned()
            .collect();
        if !same_day.is_empty() {
            found = same_day;
        }
    }
    Ok(Some(found))
}

/// A document number read out of what a person typed after `refs`: the
/// number in any spelling (`435/KH-UBND`, `435 kh ubnd`), or a citation
/// copied from a text (`Kế hoạch số 435/KH-UBND ngày 08/3/2024`), with the
/// date that follows it. None when it holds no number, or more than one.
fn number_asked(input: &str) -> Option<(String, Option<PartialDate>)> {
    if let Some(c) = crate::number::canonical_number(input) {
        return Some((c, None));
    }
    // Typed in lower case: the codes are read as capitals.
    let upper;
    let text = if input.chars().any(char::is_uppercase) {
        input
    } else {
        upper = input.to_uppercase();
        upper.as_str()
    };
    let found = crate::number::find_numbers(text);
    let (number, end) = match found.first() {
        Some(first) => {
            if found.iter().any(|m| m.canonical != first.canonical) {
                return None;
            }
            (first.canonical.clone(), first.span.end)
        }
        // Or typed as words: "435 kh ubnd", "kế hoạch 435 kh ubnd".
        None => {
            let words: Vec<(usize, &str)> = text
                .split_whitespace()
                .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
                .collect();
            let only: Vec<&str> = words.iter().map(|(_, w)| *w).collect();
            (0..only.len()).find_map(|i| {
                let (c, n) = crate::number::number_in_words(&only[i..])?;
                let (at, last) = words[i + n - 1];
                Some((c, at + last.len()))
            })?
        }
    };
    // A date right after the number ("ngày 08/3/2024", "ngày 08 tháng 3
    // năm 2024") is the document's.
    let after = &text[end..];
    let date = crate::date::find_date(after).and_then(|(d, span)| {
        let between = crate::text::fold_lower(&after[..span.start]);
        let between = between.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '('));
        matches!(between, "" | "ngay").then_some(d)
    });
    // Or a year ("2024", "năm 2024").
    let date = date.or_else(|| {
        let rest = crate::text::fold_lower(after);
        let rest = rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')'));
        let year = rest.strip_prefix("nam").unwrap_or(rest).trim();
        crate::date::year_of_word(year).and_then(|y| PartialDate::new(y, None, None))
    });
    Some((number, date))
}

fn cmd_refs(dir: &Path, args: RefsArgs) -> Result<Outcome> {
    let store = open_for_search(dir)?;
    let mut w = args.which;
    let Some(found) = documents_named(&store, &mut w)? else {
        anyhow::bail!(
            "{} is neither an indexed path nor a document number (such as 435/KH-UBND, \"435 kh ubnd\" or \"Kế hoạch số 435/KH-UBND ngày 08/3/2024\")",
            output::quoted(&w.doc)
        );
    };
    let law = crate::citation::law_named(&w.doc)
        .and_then(|(code, name, year)| Some((code, name, year.or(w.year)?)));
    let result = match found.as_slice() {
        [doc] => refs::refs_of(&store, doc)?,
        [] if law.is_some() => {
            let (code, name, year) = law.as_ref().expect("a law");
            refs::refs_of_law(&store, &w.doc, (code, name, *year))?
        }
        [] => match refs::refs_of_number(&store, &w.doc, w.year, w.issuer.as_deref())? {
            Some(r) => r,
            None => {
                eprintln!(
                    "vanban: {} is neither an indexed path nor a document number",
                    output::quoted(&w.doc)
                );
                return Ok(Outcome::NotFound);
            }
        },
        // Copies of one text (same number, date and issuer) are one
        // document: nothing can tell them apart.
        [first, rest @ ..]
            if rest
                .iter()
                .all(|d| refs::same_document(&first.header, &d.header)) =>
        {
            refs::refs_of(&store, first)?
        }
        many => {
            report_ambiguous(&w.doc, many);
            return Ok(Outcome::Error);
        }
    };
    let mut out = io::stdout().lock();
    if args.dot {
        let (nodes, edges) = refs::graph(&store, &result, args.depth.max(1))?;
        output::write_dot(&mut out, &nodes, &edges)?;
    } else if args.json {
        output::write_json(&mut out, &result)?;
    } else {
        output::write_refs(&mut out, &result, style_for_stdout())?;
        if !result.copies.is_empty() {
            writeln!(
                out,
                "\nThe same document (number, date and issuer) is also indexed as:"
            )?;
            for path in &result.copies {
                writeln!(out, "  {path}")?;
            }
        }
    }
    Ok(if result.cites.is_empty() && result.cited_by.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}
