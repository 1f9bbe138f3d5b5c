//! `vanban index` as a person runs it: the built binary on a temporary corpus,
//! checked through its JSON summary, its report on stderr, its exit code, and
//! what `vanban search` and `vanban show` find afterwards.
//!
//! Covered: incremental runs (unchanged, updated, touched, removed, moved,
//! duplicated, rebuilt), every legacy encoding and container of the decode
//! fixtures, bad input (binary, empty, too large, broken symlinks, symlink
//! loops, non-UTF-8 names), a second writer, and a run killed mid-way.

#[cfg(unix)]
use std::ffi::OsStr;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod common;

use serde::Deserialize;
use serde_json::Value;

/// A plan of UBND huyện Trà Bồng (header as in the decode fixtures).
const PLAN_TRA_BONG: &str = "ỦY BAN NHÂN DÂN\nHUYỆN TRÀ BỒNG\nSố: 15/KH-UBND\n\
Trà Bồng, ngày 20 tháng 02 năm 2023\nKẾ HOẠCH\n\
Tuyên truyền cải cách hành chính năm 2023 trên địa bàn huyện\n";

/// A plan of UBND tỉnh Long An.
const PLAN_LONG_AN: &str = "ỦY BAN NHÂN DÂN\nTỈNH LONG AN\nSố: 110/KH-UBND\n\
Long An, ngày 11 tháng 01 năm 2021\nKẾ HOẠCH\n\
Phát triển du lịch sinh thái vùng Đồng Tháp Mười giai đoạn 2021-2025\n";

/// A report of UBND xã Bình An.
const REPORT_BINH_AN: &str = "ỦY BAN NHÂN DÂN\nXÃ BÌNH AN\nSố: 42/BC-UBND\n\
Bình An, ngày 05 tháng 3 năm 2024\nBÁO CÁO\n\
Kết quả phòng chống thiên tai và tìm kiếm cứu nạn năm 2023\n";

/// The Trà Bồng plan after its subject changed.
const PLAN_TRA_BONG_REVISED: &str = "ỦY BAN NHÂN DÂN\nHUYỆN TRÀ BỒNG\nSố: 15/KH-UBND\n\
Trà Bồng, ngày 20 tháng 02 năm 2023\nKẾ HOẠCH\n\
Chuyển đổi số trong cơ quan hành chính nhà nước năm 2023\n";

/// The counters of an index run's JSON summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
struct Counts {
    added: u64,
    updated: u64,
    unchanged: u64,
    removed: u64,
    failed: u64,
    skipped: u64,
    moved: u64,
    duplicates: u64,
    duplicate_members: u64,
    excluded_members: u64,
}

/// What one `vanban index --json` run said.
struct IndexRun {
    code: Option<i32>,
    counts: Counts,
    bytes: u64,
    /// The problems the summary lists: (path, severity), sorted.
    problems: Vec<(String, String)>,
    stderr: String,
}

/// A temporary folder holding `corpus/` and `index/`, where the binary runs.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A sandbox whose corpus holds the given files.
    fn with_files(files: &[(&str, &str)]) -> Sandbox {
        let s = Sandbox::new();
        for (name, text) in files {
            s.write(name, text.as_bytes());
        }
        s
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `corpus/<name>`.
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path("corpus").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The binary on this sandbox's index, run from the sandbox.
    fn command(&self, args: &[&str]) -> Command {
        self.command_on("index", args)
    }

    /// The binary on the index in `index`, run from the sandbox.
    fn command_on(&self, index: &str, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
        c.arg("--index")
            .arg(index)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("VANBAN_INDEX");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .output()
            .map(common::slashed)
            .expect("run vanban")
    }

    /// The names of the index's segment files, sorted: they change when
    /// documents are written or deleted.
    fn segment_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path("index"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".store") || n.ends_with(".del"))
            .collect();
        names.sort();
        names
    }

    /// `vanban index --json corpus <extra>`, on one thread with 50 MB.
    fn index(&self, extra: &[&str]) -> IndexRun {
        self.index_by(self.command(&["index"]), "50", extra)
    }

    /// `vanban index --json corpus <extra>` run by `command` (the binary,
    /// or a shell that runs it with the arguments given to it), on one
    /// thread with `memory` MB.
    fn index_by(&self, mut command: Command, memory: &str, extra: &[&str]) -> IndexRun {
        let mut args = vec!["--json", "--threads", "1", "--memory", memory, "corpus"];
        args.extend_from_slice(extra);
        let o = command
            .args(&args)
            .output()
            .map(common::slashed)
            .expect("run vanban");
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&o.stdout);
        let v: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("summary is not JSON ({e}): {stdout:?}; stderr: {stderr}"));
        let mut problems: Vec<(String, String)> = v["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| {
                assert!(p["reason"].as_str().is_some_and(|r| !r.is_empty()), "{p}");
                let field = |name: &str| p[name].as_str().expect(name).to_string();
                (field("path"), field("severity"))
            })
            .collect();
        problems.sort();
        IndexRun {
            code: o.status.code(),
            counts: Counts::deserialize(&v).expect("summary counters"),
            bytes: v["bytes"].as_u64().expect("bytes"),
            problems,
            stderr,
        }
    }

    /// `vanban search --json`: (total, paths of the hits, best first).
    fn search(&self, query: &str) -> (u64, Vec<String>) {
        // As typed: what the index holds, not a neighbour of a word gone.
        let o = self.run(&["search", "--json", "--as-typed", "--limit", "100", query]);
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "search {query:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("search output is not JSON ({e}): {stdout:?}"));
        let paths = v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["path"].as_str().expect("path").to_string())
            .collect();
        (v["total"].as_u64().expect("total"), paths)
    }

    /// Paths of the hits of `query`, sorted.
    fn found(&self, query: &str) -> Vec<String> {
        let (total, mut paths) = self.search(query);
        assert_eq!(
            total as usize,
            paths.len(),
            "more than 100 hits for {query:?}"
        );
        paths.sort();
        paths
    }

    /// `vanban show --json <doc>`: the document, or None when not found.
    fn show(&self, doc: &str) -> Option<Value> {
        let o = self.run(&["show", "--json", doc]);
        match o.status.code() {
            Some(0) => Some(serde_json::from_slice(&o.stdout).expect("show output is JSON")),
            Some(1) => None,
            other => panic!(
                "show {doc:?} ended with {other:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            ),
        }
    }
}

/// Three documents with a phrase each of their own.
fn three_plans() -> Sandbox {
    Sandbox::with_files(&[
        ("tra-bong.txt", PLAN_TRA_BONG),
        ("long-an.txt", PLAN_LONG_AN),
        ("binh-an.txt", REPORT_BINH_AN),
    ])
}

fn counts(f: impl FnOnce(&mut Counts)) -> Counts {
    let mut c = Counts::default();
    f(&mut c);
    c
}

/// Moves a file's modification time forward without changing its bytes.
fn touch(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    let was = file.metadata().unwrap().modified().unwrap();
    file.set_modified(was.max(SystemTime::now()) + Duration::from_secs(10))
        .unwrap();
}

#[test]
fn second_run_reads_nothing_and_changed_content_is_updated() {
    let s = three_plans();
    let first = s.index(&[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(first.counts, counts(|c| c.added = 3));
    let total = (PLAN_TRA_BONG.len() + PLAN_LONG_AN.len() + REPORT_BINH_AN.len()) as u64;
    assert_eq!(first.bytes, total);

    let again = s.index(&[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.counts, counts(|c| c.unchanged = 3));
    assert_eq!(again.bytes, 0, "unchanged files must not be read again");

    assert_eq!(s.found("\"cải cách hành chính\""), ["corpus/tra-bong.txt"]);
    s.write("tra-bong.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    let changed = s.index(&[]);
    assert_eq!(changed.code, Some(0), "{}", changed.stderr);
    assert_eq!(
        changed.counts,
        counts(|c| {
            c.updated = 1;
            c.unchanged = 2;
        })
    );
    assert_eq!(changed.bytes, PLAN_TRA_BONG_REVISED.len() as u64);
    // The old text is gone, the new one is found, once.
    assert!(s.found("\"cải cách hành chính\"").is_empty());
    assert_eq!(s.found("chuyển đổi số"), ["corpus/tra-bong.txt"]);
    assert_eq!(s.found("chuyen doi so"), ["corpus/tra-bong.txt"]);
    let doc = s.show("corpus/tra-bong.txt").expect("shown");
    assert!(
        doc["text"].as_str().unwrap().contains("Chuyển đổi số"),
        "{doc}"
    );
}

/// Segments of the sandbox's index, as its `meta.json` lists them.
fn segments(s: &Sandbox) -> usize {
    let meta: Value =
        serde_json::from_slice(&std::fs::read(s.path("index/meta.json")).expect("meta.json"))
            .expect("meta.json is JSON");
    meta["segments"].as_array().expect("segments").len()
}

/// Segments that have files in the sandbox's index folder (named
/// `<segment id>.<part>`), listed in `meta.json` or not.
fn segments_on_disk(s: &Sandbox) -> usize {
    let ids: std::collections::HashSet<String> = std::fs::read_dir(s.path("index"))
        .expect("index folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|name| {
            let (id, _) = name.split_once('.')?;
            (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| id.to_string())
        })
        .collect();
    ids.len()
}

#[test]
fn many_small_runs_are_merged_and_nothing_is_lost() {
    let s = Sandbox::new();
    for i in 0..12 {
        s.write(
            &format!("plan-{i}.txt"),
            format!("{PLAN_LONG_AN}Phụ lục số {i}: xã điểm thứ {i}\n").as_bytes(),
        );
        if i == 5 {
            s.write("tra-bong.txt", PLAN_TRA_BONG.as_bytes());
        }
        if i == 9 {
            s.write("tra-bong.txt", PLAN_TRA_BONG_REVISED.as_bytes());
        }
        let run = s.index(&[]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        // The files of merged segments do not stay behind.
        assert_eq!(segments_on_disk(&s), segments(&s), "after run {i}");
    }
    // Each run wrote a segment of its own; past eight, they were merged.
    assert!(segments(&s) < 8, "{} segments", segments(&s));
    let (total, _) = s.search("\"phát triển du lịch sinh thái\"");
    assert_eq!(total, 12);
    for i in [0, 7, 11] {
        assert_eq!(
            s.found(&format!("\"phụ lục số {i}\"")),
            [format!("corpus/plan-{i}.txt")]
        );
    }
    assert!(s.found("\"cải cách hành chính\"").is_empty());
    assert_eq!(s.found("chuyển đổi số"), ["corpus/tra-bong.txt"]);
}

#[test]
fn same_size_edit_is_updated() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    // Same length, different bytes: only the content (and time) tell.
    let edited = PLAN_LONG_AN.replace("2021-2025", "2026-2030");
    assert_eq!(edited.len(), PLAN_LONG_AN.len());
    let path = s.write("long-an.txt", edited.as_bytes());
    touch(&path);
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.updated = 1;
            c.unchanged = 2;
        })
    );
    let doc = s.show("corpus/long-an.txt").expect("shown");
    assert!(doc["text"].as_str().unwrap().contains("2026-2030"), "{doc}");
}

#[test]
#[cfg(unix)]
// Told by the time the inode changed, which Windows does not give.
fn files_that_swap_names_are_read_again_though_size_and_time_agree() {
    let a = format!("{PLAN_LONG_AN}\nMã hồ sơ: alpha1\n");
    let b = format!("{PLAN_LONG_AN}\nMã hồ sơ: bravo2\n");
    let s = Sandbox::with_files(&[("a.txt", &a), ("b.txt", &b)]);
    // As an archive unpacked or a folder copied with its times leaves them.
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for name in ["a.txt", "b.txt"] {
        let file = std::fs::File::options()
            .write(true)
            .open(s.path(&format!("corpus/{name}")))
            .unwrap();
        file.set_modified(when).unwrap();
    }
    assert_eq!(s.index(&[]).counts.added, 2);
    assert_eq!(s.found("alpha1"), ["corpus/a.txt"]);

    // A rename keeps the modification time.
    let path = |name: &str| s.path(&format!("corpus/{name}"));
    std::fs::rename(path("a.txt"), path("tmp")).unwrap();
    std::fs::rename(path("b.txt"), path("a.txt")).unwrap();
    std::fs::rename(path("tmp"), path("b.txt")).unwrap();
    let run = s.index(&[]);
    assert_eq!(run.counts, counts(|c| c.updated = 2), "{}", run.stderr);
    assert_eq!(s.found("alpha1"), ["corpus/b.txt"]);
    assert_eq!(s.found("bravo2"), ["corpus/a.txt"]);
    assert_eq!(s.index(&[]).counts, counts(|c| c.unchanged = 2));
}

#[test]
fn touched_file_is_unchanged_and_not_reread_afterwards() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    let segments = s.segment_files();
    touch(&s.path("corpus/binh-an.txt"));
    let touched = s.index(&[]);
    assert_eq!(touched.code, Some(0), "{}", touched.stderr);
    assert_eq!(touched.counts, counts(|c| c.unchanged = 3));
    // Hashed once to see that it did not change, its documents not
    // written again...
    assert_eq!(touched.bytes, REPORT_BINH_AN.len() as u64);
    assert_eq!(s.segment_files(), segments);
    // ...and its new time remembered, so the next run reads nothing.
    let next = s.index(&[]);
    assert_eq!(next.counts, counts(|c| c.unchanged = 3));
    assert_eq!(next.bytes, 0);
    assert_eq!(s.found("thien tai"), ["corpus/binh-an.txt"]);

    // Then changed: read and written again, and so after a rebuild.
    s.write(
        "binh-an.txt",
        REPORT_BINH_AN.replace("thiên tai", "hạn hán").as_bytes(),
    );
    assert_eq!(s.index(&[]).counts.updated, 1);
    assert_eq!(s.found("han han"), ["corpus/binh-an.txt"]);
    assert!(s.found("thien tai").is_empty());
    // Touched while --exclude is given: still found.
    touch(&s.path("corpus/binh-an.txt"));
    let run = s.index(&["--exclude", "nhap"]);
    assert_eq!(run.counts.unchanged, 3, "{}", run.stderr);
    assert_eq!(s.found("han han"), ["corpus/binh-an.txt"]);
    touch(&s.path("corpus/binh-an.txt"));
    assert_eq!(s.index(&["--rebuild"]).counts.updated, 3);
    let next = s.index(&[]);
    assert_eq!(next.counts, counts(|c| c.unchanged = 3));
    assert_eq!(next.bytes, 0);
}

#[test]
fn a_folder_named_from_deeper_down_is_the_same_folder() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    std::fs::create_dir_all(s.path("corpus/x/y")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "--index",
            "../../../index",
            "index",
            "--json",
            "../../../corpus",
        ])
        .current_dir(s.path("corpus/x/y"))
        .env_remove("VANBAN_INDEX")
        .output()
        .map(common::slashed)
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&o.stderr));
    });
    assert_eq!(
        (&v["unchanged"], &v["removed"]),
        (&Value::from(3), &Value::from(0)),
        "{v}"
    );
    assert_eq!(s.found("thien tai"), ["corpus/binh-an.txt"]);
}

#[test]
fn deleted_file_is_removed_from_the_index() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    assert_eq!(s.found("du lịch sinh thái"), ["corpus/long-an.txt"]);
    std::fs::remove_file(s.path("corpus/long-an.txt")).unwrap();
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.removed = 1;
            c.unchanged = 2;
        })
    );
    assert!(s.found("du lịch sinh thái").is_empty());
    assert!(s.found("du lich sinh thai").is_empty());
    assert_eq!(s.show("corpus/long-an.txt"), None);
    // The others stay.
    assert_eq!(s.found("thiên tai"), ["corpus/binh-an.txt"]);
}

#[test]
fn moved_file_is_found_under_its_new_path_only() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    std::fs::create_dir_all(s.path("corpus/2024")).unwrap();
    std::fs::rename(
        s.path("corpus/binh-an.txt"),
        s.path("corpus/2024/bao-cao-42.txt"),
    )
    .unwrap();
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 1;
            c.moved = 1;
            c.removed = 1;
            c.unchanged = 2;
        })
    );
    let (total, paths) = s.search("phòng chống thiên tai");
    assert_eq!(total, 1, "{paths:?}");
    assert_eq!(paths, ["corpus/2024/bao-cao-42.txt"]);
    assert_eq!(s.show("corpus/binh-an.txt"), None);
    assert!(s.show("corpus/2024/bao-cao-42.txt").is_some());
    // Settled: the next run changes nothing.
    assert_eq!(s.index(&[]).counts, counts(|c| c.unchanged = 3));
}

#[test]
fn a_file_moved_out_of_a_folder_not_indexed_this_time_is_found_where_it_went() {
    let s = three_plans();
    std::fs::create_dir_all(s.path("done")).unwrap();
    s.write("inbox/bao-cao.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    let index = |folder: &str| {
        let o = s.run(&["index", "--json", folder]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        (o.status.code(), Counts::deserialize(&v).unwrap())
    };
    assert_eq!(index("corpus"), (Some(0), counts(|c| c.added = 4)));
    // Moved out of the inbox, then only the folder it went to is indexed.
    std::fs::rename(
        s.path("corpus/inbox/bao-cao.txt"),
        s.path("done/bao-cao.txt"),
    )
    .unwrap();
    assert_eq!(
        index("done"),
        (
            Some(0),
            counts(|c| {
                c.added = 1;
                c.moved = 1;
                c.removed = 1;
            })
        )
    );
    assert_eq!(s.found("chuyển đổi số"), ["done/bao-cao.txt"]);
    // A copy kept aside, its original deleted: the copy comes in.
    std::fs::copy(s.path("corpus/long-an.txt"), s.path("done/long-an-luu.txt")).unwrap();
    assert_eq!(
        index("done"),
        (
            Some(0),
            counts(|c| {
                c.unchanged = 1;
                c.duplicates = 1;
            })
        )
    );
    std::fs::remove_file(s.path("corpus/long-an.txt")).unwrap();
    let (code, counted) = index("done");
    assert_eq!(code, Some(0));
    assert_eq!(
        (counted.added, counted.removed, counted.unchanged),
        (1, 1, 1)
    );
    assert_eq!(s.found("du lich sinh thai"), ["done/long-an-luu.txt"]);
    // Two copies of a file gone: one comes in, the other is its copy.
    std::fs::copy(s.path("corpus/binh-an.txt"), s.path("done/bc-1.txt")).unwrap();
    std::fs::copy(s.path("corpus/binh-an.txt"), s.path("done/bc-2.txt")).unwrap();
    std::fs::remove_file(s.path("corpus/binh-an.txt")).unwrap();
    let (code, counted) = index("done");
    assert_eq!(code, Some(0));
    assert_eq!(
        (counted.added, counted.removed, counted.duplicates),
        (1, 1, 1),
        "{counted:?}"
    );
    assert_eq!(s.found("thien tai"), ["done/bc-1.txt"]);
    // Within the folder indexed too: its original gone, of two copies one
    // takes its place.
    std::fs::copy(s.path("done/bc-1.txt"), s.path("done/bc-3.txt")).unwrap();
    std::fs::remove_file(s.path("done/bc-1.txt")).unwrap();
    std::fs::remove_file(s.path("done/bc-2.txt")).unwrap();
    std::fs::copy(s.path("done/bc-3.txt"), s.path("done/bc-4.txt")).unwrap();
    let (code, counted) = index("done");
    assert_eq!(code, Some(0));
    assert_eq!(
        (counted.added, counted.removed, counted.duplicates),
        (1, 1, 1),
        "{counted:?}"
    );
    assert_eq!(s.found("thien tai"), ["done/bc-3.txt"]);
    // The folder the originals were in is left alone.
    assert_eq!(s.found("\"cai cach hanh chinh\""), ["corpus/tra-bong.txt"]);
}

#[test]
fn copy_of_an_indexed_file_is_a_duplicate_not_a_second_hit() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    std::fs::copy(
        s.path("corpus/long-an.txt"),
        s.path("corpus/long-an (copy).txt"),
    )
    .unwrap();
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.duplicates = 1;
            c.unchanged = 3;
        })
    );
    assert_eq!(s.found("Đồng Tháp Mười"), ["corpus/long-an.txt"]);
    let shown = s.show("corpus/long-an (copy).txt").expect("shown");
    assert_eq!(shown["path"], "corpus/long-an.txt");
    // A copy as it was is not read again.
    let run = s.index(&[]);
    assert_eq!(
        (run.counts.duplicates, run.counts.unchanged, run.bytes),
        (1, 3, 0),
        "{}",
        run.stderr
    );

    // Once the original is gone, the copy takes its place.
    std::fs::remove_file(s.path("corpus/long-an.txt")).unwrap();
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 1;
            c.moved = 1;
            c.removed = 1;
            c.unchanged = 2;
        })
    );
    assert_eq!(s.found("dong thap muoi"), ["corpus/long-an (copy).txt"]);
}

#[test]
fn rebuild_keeps_the_copy_indexed_under_its_path() {
    let s = three_plans();
    s.write("z-ban-chinh.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    assert_eq!(s.index(&[]).counts.added, 4);
    // A copy named to come first.
    s.write("a-ban-sao.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    assert_eq!(s.index(&[]).counts.duplicates, 1);
    let run = s.index(&["--rebuild"]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.updated = 4;
            c.duplicates = 1;
        }),
        "{}",
        run.stderr
    );
    assert_eq!(s.found("chuyển đổi số"), ["corpus/z-ban-chinh.txt"]);
}

#[test]
fn a_copy_made_before_its_original_changed_keeps_the_old_text_found() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    // The old plan is kept under a new name, and the file rewritten.
    std::fs::copy(
        s.path("corpus/tra-bong.txt"),
        s.path("corpus/tra-bong (old).txt"),
    )
    .unwrap();
    s.write("tra-bong.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 1;
            c.updated = 1;
            c.unchanged = 2;
        })
    );
    assert_eq!(
        s.found("\"cải cách hành chính\""),
        ["corpus/tra-bong (old).txt"]
    );
    assert_eq!(s.found("\"chuyển đổi số\""), ["corpus/tra-bong.txt"]);
}

/// A `.zip` archive holding the given members, stored uncompressed.
fn zip_of<B: AsRef<[u8]>>(members: &[(&str, B)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in members {
        zip.start_file(*name, options).unwrap();
        std::io::Write::write_all(&mut zip, bytes.as_ref()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn presentations_are_skipped_by_name_not_opened_as_archives() {
    let s = three_plans();
    let presentation = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        (
            "ppt/slides/slide1.xml",
            "<p:sld>Danh mục kế hoạch tuyên truyền</p:sld>",
        ),
    ]);
    let slides = zip_of(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.presentation",
        ),
        (
            "content.xml",
            "<office:document-content>Kế hoạch</office:document-content>",
        ),
    ]);
    s.write("trinh-chieu.pptx", &presentation);
    // Renamed: known by its members.
    s.write("trinh-chieu-2021", &presentation);
    s.write("trinh-chieu.odp", &slides);
    // An archive whose one document is a copy still has its other members
    // reported.
    let copies = zip_of(&[
        ("bai-giang.pptx", &presentation[..]),
        ("tra-bong.txt", PLAN_TRA_BONG.as_bytes()),
    ]);
    s.write("ban-sao.zip", &copies);
    let plan = PLAN_TRA_BONG.replace("15/KH", "112/KH");
    let packed = zip_of(&[
        ("trinh-chieu.pptx", &presentation[..]),
        ("ke-hoach-112.txt", plan.as_bytes()),
    ]);
    s.write("ho-so.zip", &packed);
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let pptx = "PowerPoint presentation (.pptx)";
    for (path, kind) in [
        ("corpus/trinh-chieu.pptx", pptx),
        ("corpus/trinh-chieu-2021", "office file packed as ZIP"),
        ("corpus/trinh-chieu.odp", "OpenDocument presentation (.odp)"),
        ("corpus/ho-so.zip!/trinh-chieu.pptx", pptx),
        ("corpus/ban-sao.zip!/bai-giang.pptx", pptx),
    ] {
        assert!(
            run.stderr
                .contains(&format!("skipped {path}: unsupported file type: {kind}")),
            "{path}: {}",
            run.stderr
        );
    }
    // No part of a package is a document of its own.
    assert!(!run.stderr.contains("ppt/"), "{}", run.stderr);
    assert_eq!(
        s.found("\"danh muc\""),
        Vec::<String>::new(),
        "a presentation's XML was indexed"
    );
    assert_eq!(
        s.found("\"tuyên truyền\""),
        ["corpus/ho-so.zip!/ke-hoach-112.txt", "corpus/tra-bong.txt"]
    );
}

/// An Excel workbook (`.xlsx`) of these sheets, each a name and rows of
/// cells: figures stored as numbers, the first cell of each row after the
/// first inline, the others shared strings.
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut shared: Vec<String> = Vec::new();
    let mut parts: Vec<(String, String)> = Vec::new();
    let (mut listed, mut rels) = (String::new(), String::new());
    for (n, (name, rows)) in sheets.iter().enumerate() {
        let mut xml = String::from("<worksheet><sheetData>");
        for (r, row) in rows.iter().enumerate() {
            xml.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, cell) in row.iter().enumerate() {
                if cell.chars().all(|ch| ch.is_ascii_digit()) {
                    xml.push_str(&format!("<c><v>{cell}</v></c>"));
                } else if r > 0 && c == 0 {
                    xml.push_str(&format!("<c t=\"inlineStr\"><is><t>{cell}</t></is></c>"));
                } else {
                    xml.push_str(&format!("<c t=\"s\"><v>{}</v></c>", shared.len()));
                    shared.push(cell.replace('&', "&amp;"));
                }
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData></worksheet>");
        parts.push((format!("xl/worksheets/sheet{}.xml", n + 1), xml));
        listed.push_str(&format!(
            "<sheet name=\"{name}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
            n + 1,
            n + 1
        ));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{}\" Target=\"worksheets/sheet{}.xml\"/>",
            n + 1,
            n + 1
        ));
    }
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    let mut members = vec![
        ("[Content_Types].xml".to_string(), "<Types/>".to_string()),
        (
            "xl/workbook.xml".to_string(),
            format!("<workbook xmlns:r=\"r\"><sheets>{listed}</sheets></workbook>"),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!("<Relationships>{rels}</Relationships>"),
        ),
        (
            "xl/sharedStrings.xml".to_string(),
            format!("<sst>{strings}</sst>"),
        ),
    ];
    members.extend(parts);
    let members: Vec<(&str, &[u8])> = members
        .iter()
        .map(|(name, xml)| (name.as_str(), xml.as_bytes()))
        .collect();
    zip_of(&members)
}

#[test]
fn workbooks_are_read_as_their_sheets_rows_and_cells() {
    let s = three_plans();
    let staff: &[&[&str]] = &[
        &["STT", "Họ và tên", "Đơn vị"],
        &["1", "Nguyễn Văn An", "UBND xã Bình An"],
        &["2", "Trần Thị Bình", "Văn phòng HĐND & UBND"],
    ];
    let budget: &[&[&str]] = &[
        &["Nội dung", "Số tiền"],
        &["Tuyên truyền cải cách hành chính", "15000000"],
    ];
    s.write(
        "danh-sach.xlsx",
        &workbook(&[("Cán bộ", staff), ("Kinh phí", budget)]),
    );
    // Renamed, and inside an archive: known by its members.
    let other: &[&[&str]] = &[&["Họ và tên"], &["Lê Văn Cường"]];
    s.write("bang-2021", &workbook(&[("Cán bộ", other)]));
    let inner: &[&[&str]] = &[&["Họ và tên"], &["Phạm Thị Dung"]];
    s.write(
        "ho-so.zip",
        &zip_of(&[("danh-sach.xlsx", &workbook(&[("Cán bộ", inner)])[..])]),
    );
    // A package named as a workbook that holds none.
    s.write(
        "hong.xlsx",
        &zip_of(&[
            ("[Content_Types].xml", "<Types/>"),
            ("xl/sharedStrings.xml", "<sst/>"),
        ]),
    );
    let run = s.index(&[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("failed corpus/hong.xlsx: damaged or unreadable container: no xl/workbook.xml inside: not an Excel workbook"),
        "{}",
        run.stderr
    );
    assert_eq!(s.found("\"Nguyễn Văn An\""), ["corpus/danh-sach.xlsx"]);
    assert_eq!(s.found("\"le van cuong\""), ["corpus/bang-2021"]);
    assert_eq!(
        s.found("\"Phạm Thị Dung\""),
        ["corpus/ho-so.zip!/danh-sach.xlsx"]
    );
    let shown = s.show("corpus/danh-sach.xlsx").expect("shown");
    assert_eq!(
        shown["text"].as_str(),
        Some(
            "Cán bộ\nSTT\tHọ và tên\tĐơn vị\n1\tNguyễn Văn An\tUBND xã Bình An\n\
             2\tTrần Thị Bình\tVăn phòng HĐND & UBND\n\nKinh phí\nNội dung\tSố tiền\n\
             Tuyên truyền cải cách hành chính\t15000000\n"
        ),
        "{shown}"
    );
}

#[test]
fn a_copy_inside_an_archive_is_indexed_once_and_again_when_the_original_goes() {
    let s = three_plans();
    s.write(
        "ho-so.zip",
        &zip_of(&[
            ("2021/long-an.txt", PLAN_LONG_AN),
            ("2023/tra-bong.txt", PLAN_TRA_BONG_REVISED),
        ]),
    );
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 4;
            c.duplicate_members = 1;
        })
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), ["corpus/long-an.txt"]);
    assert_eq!(
        s.found("\"chuyển đổi số\""),
        ["corpus/ho-so.zip!/2023/tra-bong.txt"]
    );
    // Asked for by its own path, the copy shows the document indexed.
    let shown = s.show("corpus/ho-so.zip!/2021/long-an.txt").expect("shown");
    assert_eq!(shown["path"], "corpus/long-an.txt");
    assert_eq!(s.show("corpus/ho-so.zip!/2021/none.txt"), None);

    // Nothing changed: the archive is not read again.
    let run = s.index(&[]);
    assert_eq!(run.counts, counts(|c| c.unchanged = 4));
    assert_eq!(run.bytes, 0);

    // The original goes: the archive is read again and its copy indexed.
    std::fs::remove_file(s.path("corpus/long-an.txt")).unwrap();
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.removed = 1;
            c.unchanged = 3;
        })
    );
    assert_eq!(
        s.found("\"Đồng Tháp Mười\""),
        ["corpus/ho-so.zip!/2021/long-an.txt"]
    );
    assert_eq!(
        s.found("\"chuyển đổi số\""),
        ["corpus/ho-so.zip!/2023/tra-bong.txt"]
    );
    // Settled: the archive left nothing out, and is not read again.
    let run = s.index(&[]);
    assert_eq!(run.counts, counts(|c| c.unchanged = 3));
    assert_eq!(run.bytes, 0);

    // A new loose copy of a member is a duplicate.
    s.write("copy.txt", PLAN_LONG_AN.as_bytes());
    assert_eq!(
        s.index(&[]).counts,
        counts(|c| {
            c.duplicates = 1;
            c.unchanged = 3;
        })
    );
    assert_eq!(
        s.found("\"Đồng Tháp Mười\""),
        ["corpus/ho-so.zip!/2021/long-an.txt"]
    );
}

#[test]
fn a_new_copy_of_a_member_stays_out_when_its_archive_is_read_again() {
    let s = Sandbox::with_files(&[("ghi-chu.txt", REPORT_BINH_AN)]);
    s.write("ho-so.zip", &zip_of(&[("2021/long-an.txt", PLAN_LONG_AN)]));
    assert_eq!(s.index(&[]).counts.added, 2);
    let member = ["corpus/ho-so.zip!/2021/long-an.txt"];

    // A copy seen beside the archive, then the archive touched: the copy
    // is read again with it, after it.
    s.write("ban-sao.txt", PLAN_LONG_AN.as_bytes());
    assert_eq!(s.index(&[]).counts.duplicates, 1);
    touch(&s.path("corpus/ho-so.zip"));
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.unchanged = 2;
            c.duplicates = 1;
        }),
        "{}",
        run.stderr
    );
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);

    // A new copy in a run with --exclude, which reads every archive again.
    s.write("ban-sao-2.txt", PLAN_LONG_AN.as_bytes());
    let run = s.index(&["--exclude", "nhap"]);
    assert_eq!(run.counts.duplicates, 2, "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);
    let run = s.index(&[]);
    assert_eq!(run.counts.duplicates, 2, "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);

    // A file indexed changes into a copy while the archive is touched: the
    // archive, as it was, is read first.
    s.write("ghi-chu.txt", PLAN_LONG_AN.as_bytes());
    touch(&s.path("corpus/ho-so.zip"));
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.unchanged = 1;
            c.duplicates = 3;
        }),
        "{}",
        run.stderr
    );
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);
    assert!(s.found("thien tai").is_empty());

    // The archive changes and no longer holds it: one copy takes over, the
    // first by name.
    s.write(
        "ho-so.zip",
        &zip_of(&[("2023/tra-bong.txt", PLAN_TRA_BONG)]),
    );
    let run = s.index(&[]);
    assert_eq!(run.counts.duplicates, 2, "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), ["corpus/ban-sao-2.txt"]);
}

#[test]
fn a_member_indexed_stays_the_one_copy_when_what_comes_before_it_is_read_again() {
    let s = Sandbox::with_files(&[("ghi-chu.txt", PLAN_TRA_BONG)]);
    s.write("z-2021.zip", &zip_of(&[("long-an.txt", PLAN_LONG_AN)]));
    assert_eq!(s.index(&[]).counts.added, 2);
    let member = ["corpus/z-2021.zip!/long-an.txt"];
    // An archive walked before it holds a copy, left out.
    s.write(
        "a-2023.zip",
        &zip_of(&[
            ("binh-an.txt", REPORT_BINH_AN),
            ("ban-sao.txt", PLAN_LONG_AN),
        ]),
    );
    let run = s.index(&[]);
    assert_eq!(run.counts.duplicate_members, 1, "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);

    // Both read again, with --exclude or touched: the archive that left
    // the copy out does not take it back.
    let run = s.index(&["--exclude", "nhap"]);
    assert_eq!(run.counts.duplicate_members, 1, "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);
    touch(&s.path("corpus/a-2023.zip"));
    touch(&s.path("corpus/z-2021.zip"));
    let run = s.index(&[]);
    assert_eq!(run.counts.duplicate_members, 1, "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);

    // A file indexed, rewritten into a copy of the same size, in a run
    // that reads the archive again.
    let other = PLAN_LONG_AN.replace("Tháp", "Thép");
    assert_eq!(other.len(), PLAN_LONG_AN.len());
    s.write("o.txt", other.as_bytes());
    assert_eq!(s.index(&[]).counts.added, 1);
    s.write("o.txt", PLAN_LONG_AN.as_bytes());
    let run = s.index(&["--exclude", "nhap"]);
    assert_eq!(run.counts.duplicates, 1, "{}", run.stderr);
    assert_eq!(s.found("\"Đồng Tháp Mười\""), member);
    assert!(s.found("\"Đồng Thép Mười\"").is_empty());
}

#[test]
fn an_archive_of_copies_is_not_read_again_while_its_originals_stay() {
    let s = three_plans();
    std::fs::create_dir_all(s.path("done")).unwrap();
    s.write(
        "sao-luu.zip",
        &zip_of(&[
            ("long-an.txt", PLAN_LONG_AN),
            ("binh-an.txt", REPORT_BINH_AN),
        ]),
    );
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 3;
            c.duplicates = 1;
        })
    );
    // Every member a copy: the archive is known to be one while it and
    // the originals stay.
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.unchanged = 3;
            c.duplicates = 1;
        })
    );
    assert_eq!(run.bytes, 0);

    // An original goes: the archive is read again and its copy comes in.
    std::fs::remove_file(s.path("corpus/binh-an.txt")).unwrap();
    let run = s.index(&[]);
    assert_eq!(run.counts.removed, 1, "{}", run.stderr);
    assert_eq!(run.counts.added, 1, "{}", run.stderr);
    assert_eq!(s.found("thien tai"), ["corpus/sao-luu.zip!/binh-an.txt"]);
    assert_eq!(s.index(&[]).bytes, 0);

    // An original moved out of the folders indexed this time: the archive
    // there is read again, and its copy takes the place of the original.
    s.write("luu/sao-luu.zip", &zip_of(&[("long-an.txt", PLAN_LONG_AN)]));
    let index = |folder: &str| {
        let o = s.run(&["index", "--json", folder]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            Counts::deserialize(&v).unwrap(),
            v["bytes"].as_u64().unwrap(),
        )
    };
    assert_eq!(index("corpus/luu").0.duplicates, 1);
    assert_eq!(index("corpus/luu").1, 0);
    std::fs::rename(s.path("corpus/long-an.txt"), s.path("done/long-an.txt")).unwrap();
    let (counted, bytes) = index("corpus/luu");
    assert!(bytes > 0);
    assert_eq!((counted.added, counted.removed), (1, 1), "{counted:?}");
    assert!(s
        .found("du lich sinh thai")
        .contains(&"corpus/luu/sao-luu.zip!/long-an.txt".to_string()));
}

#[test]
fn an_archive_moved_out_of_a_folder_not_indexed_this_time_is_found_whole_where_it_went() {
    let s = Sandbox::with_files(&[]);
    std::fs::create_dir_all(s.path("done")).unwrap();
    s.write(
        "inbox/ho-so.zip",
        &zip_of(&[
            ("long-an.txt", PLAN_LONG_AN),
            ("binh-an.txt", REPORT_BINH_AN),
        ]),
    );
    let index = |folder: &str| {
        let o = s.run(&["index", "--json", folder]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        Counts::deserialize(&v).unwrap()
    };
    assert_eq!(index("corpus/inbox").added, 1);
    std::fs::rename(s.path("corpus/inbox/ho-so.zip"), s.path("done/ho-so.zip")).unwrap();
    let counted = index("done");
    assert_eq!((counted.added, counted.removed), (1, 1), "{counted:?}");
    assert_eq!(counted.duplicate_members, 0, "{counted:?}");
    assert_eq!(
        s.found("du lich sinh thai"),
        ["done/ho-so.zip!/long-an.txt"]
    );
    assert_eq!(s.found("thien tai"), ["done/ho-so.zip!/binh-an.txt"]);
}

#[test]
fn an_archive_none_of_whose_members_can_be_read_reports_each() {
    let s = Sandbox::with_files(&[("long-an.txt", PLAN_LONG_AN)]);
    let inner = zip_of(&[("bao-cao.txt", REPORT_BINH_AN)]);
    let binary: Vec<u8> = (0..=255u8).cycle().take(512).collect();
    s.write(
        "ho-so.zip",
        &zip_of(&[
            ("anh.txt", binary),
            ("luu.zip", inner[..inner.len() * 2 / 3].to_vec()),
        ]),
    );
    let run = s.index(&[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(
        run.problems,
        [
            (
                "corpus/ho-so.zip!/anh.txt".to_string(),
                "skipped".to_string()
            ),
            (
                "corpus/ho-so.zip!/luu.zip".to_string(),
                "failed".to_string()
            ),
        ]
    );
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 1;
            c.failed = 1;
            c.skipped = 1;
        })
    );
}

#[test]
fn a_copy_left_out_of_an_archive_comes_in_when_a_run_over_another_folder_removes_its_original() {
    let s = Sandbox::with_files(&[("a/long-an.txt", PLAN_LONG_AN)]);
    s.write(
        "b/ho-so.zip",
        &zip_of(&[
            ("long-an.txt", PLAN_LONG_AN),
            ("binh-an.txt", REPORT_BINH_AN),
        ]),
    );
    assert_eq!(s.index(&[]).counts.duplicate_members, 1);
    let index = |folder: &str| {
        let o = s.run(&["index", "--json", folder]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        Counts::deserialize(&v).unwrap()
    };
    // Its original deleted, and only that folder indexed: the archive,
    // in the other, is not read.
    std::fs::remove_file(s.path("corpus/a/long-an.txt")).unwrap();
    assert_eq!(index("corpus/a").removed, 1);
    assert!(s.found("du lich sinh thai").is_empty());
    // The next run over both reads the archive again for it.
    let run = s.index(&[]);
    assert_eq!(run.counts.duplicate_members, 0, "{}", run.stderr);
    assert_eq!(
        s.found("du lich sinh thai"),
        ["corpus/b/ho-so.zip!/long-an.txt"]
    );
    assert_eq!(s.index(&[]).bytes, 0);

    // An original moved out of the folders indexed, then a run over the
    // archive's folder alone: the archive is read again, and its copy
    // takes the original's place.
    let report = REPORT_BINH_AN.replace("42/BC", "43/BC");
    s.write("a/bao-cao.txt", report.as_bytes());
    s.write(
        "b/luu.zip",
        &zip_of(&[
            ("bao-cao.txt", &report),
            ("ke-hoach.txt", &PLAN_TRA_BONG.to_string()),
        ]),
    );
    assert_eq!(s.index(&[]).counts.duplicate_members, 1);
    assert_eq!(s.found("43/BC-UBND"), ["corpus/a/bao-cao.txt"]);
    std::fs::rename(s.path("corpus/a/bao-cao.txt"), s.path("bao-cao.txt")).unwrap();
    let counted = index("corpus/b");
    assert_eq!(counted.removed, 1, "{counted:?}");
    assert_eq!(s.found("43/BC-UBND"), ["corpus/b/luu.zip!/bao-cao.txt"]);
}

#[test]
fn two_new_copies_in_one_run_are_indexed_once() {
    let s = Sandbox::with_files(&[
        ("a/ke-hoach.txt", PLAN_LONG_AN),
        ("b/ke-hoach.txt", PLAN_LONG_AN),
    ]);
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 1;
            c.duplicates = 1;
        })
    );
    assert_eq!(s.found("du lich sinh thai"), ["corpus/a/ke-hoach.txt"]);
}

#[test]
fn rebuild_rereads_every_file_and_counts_them_updated() {
    let s = three_plans();
    let first = s.index(&[]);
    assert_eq!(first.counts.added, 3);
    let rebuilt = s.index(&["--rebuild"]);
    assert_eq!(rebuilt.code, Some(0), "{}", rebuilt.stderr);
    assert_eq!(rebuilt.counts, counts(|c| c.updated = 3));
    assert_eq!(
        rebuilt.bytes, first.bytes,
        "a rebuild reads every byte again"
    );
    // Each document is still there exactly once.
    for (query, path) in [
        ("cai cach hanh chinh", "corpus/tra-bong.txt"),
        ("du lịch sinh thái", "corpus/long-an.txt"),
        ("tìm kiếm cứu nạn", "corpus/binh-an.txt"),
    ] {
        assert_eq!(s.found(query), [path], "{query}");
    }
    assert_eq!(s.index(&[]).counts, counts(|c| c.unchanged = 3));
}

/// The decode fixtures that each hold the whole text of expected.txt.
const ENCODED: [&str; 8] = [
    "utf8.txt",
    "utf8-bom.txt",
    "utf16le-bom.txt",
    "utf16be-bom.txt",
    "cp1258.txt",
    "tcvn3.txt",
    "vni.txt",
    "tcvn3-as-utf8.txt",
];

#[test]
fn every_encoding_and_container_is_indexed_and_found_with_or_without_diacritics() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
    let s = Sandbox::new();
    let containers = [
        "report.docx",
        "report.doc",
        "header-table.doc",
        "vntime.doc",
        "header-table.odt",
        "vntime.odt",
        "header-table.rtf",
        "vntime.rtf",
        "header-table.html",
        "vntime.html",
        "cp1258.htm",
        "cp1258.mht",
        "report.pdf",
        "archive.zip",
        "nested.zip",
    ];
    for name in ENCODED.iter().chain(&containers) {
        s.write(name, &std::fs::read(fixtures.join(name)).unwrap());
    }
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // `archive.zip` holds a copy of `report.docx` (and a TCVN3 text of its
    // own); `nested.zip` holds a copy of `archive.zip`: copies are not
    // indexed twice.
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 22;
            c.duplicates = 1;
            c.duplicate_members = 1;
        })
    );

    // Every file but the archives, and the archive's own text.
    let mut want: Vec<String> = ENCODED
        .iter()
        .chain(&containers)
        .filter(|n| !n.ends_with(".zip"))
        .chain(&["archive.zip!/van-ban/tcvn3.txt"])
        .map(|n| format!("corpus/{n}"))
        .collect();
    want.sort();
    // Words of the line every fixture holds (the PDF holds only lines 5-6).
    assert_eq!(s.found("\"cải cách hành chính\""), want);
    assert_eq!(s.found("\"cai cach hanh chinh\""), want);
    assert_eq!(s.found("tuyên truyền"), want);
    assert_eq!(s.found("tuyen truyen"), want);
    // Words only the full text has (not the PDF), read from legacy bytes.
    let full: Vec<String> = want
        .iter()
        .filter(|p| !p.ends_with("report.pdf"))
        .cloned()
        .collect();
    assert_eq!(s.found("\"Trà Bồng\""), full);
    assert_eq!(s.found("\"tra bong\""), full);

    let expected = std::fs::read_to_string(fixtures.join("expected.txt")).unwrap();
    let last_line = expected.lines().last().unwrap();
    for doc in [
        "corpus/tcvn3.txt",
        "corpus/vni.txt",
        "corpus/cp1258.txt",
        "corpus/vntime.doc",
        "corpus/header-table.doc",
        "corpus/vntime.odt",
        "corpus/vntime.rtf",
        "corpus/vntime.html",
        "corpus/cp1258.htm",
        "corpus/cp1258.mht",
        "corpus/archive.zip!/van-ban/tcvn3.txt",
    ] {
        let v = s.show(doc).unwrap_or_else(|| panic!("{doc} not shown"));
        let text = v["text"].as_str().unwrap();
        assert!(text.contains(last_line), "{doc}: {text}");
    }
}

#[test]
fn a_text_of_megabytes_is_found_by_its_last_words_and_shown_whole() {
    // Longer than the texts stored as they are (`schema::LARGE_TEXT`).
    let mut text = String::from(PLAN_LONG_AN);
    while text.len() < 3 << 20 {
        text.push_str("Tuyên truyền, phổ biến giáo dục pháp luật cho nhân dân vùng biên giới.\n");
    }
    text.push_str("Giao Sở Văn hóa kiểm tra khu du lịch sinh thái Láng Sen.\n");
    let s = Sandbox::with_files(&[("dai.txt", &text)]);
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(s.found("\"lang sen\""), ["corpus/dai.txt"]);
    let o = s.run(&["search", "--json", "Láng Sen"]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("search output is JSON");
    let snippet = v["hits"][0]["snippet"].as_str().expect("snippet");
    assert!(snippet.contains("Láng Sen"), "{snippet}");
    let shown = s.show("corpus/dai.txt").expect("shown");
    assert_eq!(shown["text"].as_str(), Some(text.as_str()));
    assert_eq!(shown["number"].as_str(), Some("110/KH-UBND"), "{shown}");
}

#[test]
fn excluded_files_and_folders_are_left_out_and_removed_once_indexed() {
    let s = three_plans();
    s.write(
        "du-lieu/metadata.jsonl",
        br#"{"so_hieu": "15/KH-UBND", "trich_yeu": "Tuyen truyen cai cach hanh chinh"}"#,
    );
    s.write(
        "nhap/2023/ke-hoach-nhap.txt",
        PLAN_TRA_BONG.replace("15/KH", "16/KH").as_bytes(),
    );
    let run = s.index(&[]);
    assert_eq!(run.counts, counts(|c| c.added = 5));
    assert_eq!(s.found("\"cai cach hanh chinh\"").len(), 3);

    // By name at any depth, case aside, and by a folder's name.
    let run = s.index(&["--exclude", "*.JSONL", "--exclude", "nhap"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.removed = 2;
            c.unchanged = 3;
        })
    );
    assert_eq!(s.found("\"cai cach hanh chinh\""), ["corpus/tra-bong.txt"]);
    // By the path below the folder given.
    let run = s.index(&["--exclude", "nhap/2023/*", "--exclude", "*.jsonl"]);
    assert_eq!(run.counts, counts(|c| c.unchanged = 3));

    // A pattern that matches nothing is said to.
    let run = s.index(&[
        "--exclude",
        "nhap",
        "--exclude",
        "*.jsnol",
        "--exclude",
        "*.jsonl",
    ]);
    assert!(
        run.stderr
            .contains("vanban: warning: --exclude \"*.jsnol\" matched no file"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    // As a folder is written in a `.gitignore`, or from here.
    for pattern in ["nhap/", "./nhap"] {
        let run = s.index(&["--exclude", pattern, "--exclude", "*.jsonl"]);
        assert_eq!(run.counts, counts(|c| c.unchanged = 3), "{pattern}");
    }
    // Inside an archive too, and its hidden members are passed over.
    s.write(
        "luu.zip",
        &zip_of(&[
            (
                "2023/bao-cao.txt",
                REPORT_BINH_AN.replace("42/BC", "44/BC").into_bytes(),
            ),
            (
                "nhap/ke-hoach.txt",
                PLAN_TRA_BONG.replace("15/KH", "17/KH").into_bytes(),
            ),
            (".DS_Store", vec![0u8, 1, 2, 3]),
        ]),
    );
    let run = s.index(&["--exclude", "nhap/", "--exclude", "*.jsonl"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 1;
            c.unchanged = 3;
            c.excluded_members = 1;
        }),
        "{}",
        run.stderr
    );
    assert_eq!(s.found("\"cai cach hanh chinh\""), ["corpus/tra-bong.txt"]);
    assert_eq!(s.found("thien tai").len(), 2);
    // The archive unchanged: a member named later goes, and comes back
    // when the pattern goes.
    let run = s.index(&[
        "--exclude",
        "nhap/",
        "--exclude",
        "*.jsonl",
        "--exclude",
        "2023",
    ]);
    assert!(!run.stderr.contains("matched no file"), "{}", run.stderr);
    assert_eq!(s.found("thien tai"), ["corpus/binh-an.txt"]);
    s.index(&["--exclude", "nhap/", "--exclude", "*.jsonl"]);
    assert_eq!(s.found("thien tai").len(), 2);
    // An archive inside an archive is left out as a folder is.
    s.write(
        "luu.zip",
        &zip_of(&[(
            "2023.zip",
            zip_of(&[(
                "bao-cao.txt",
                REPORT_BINH_AN.replace("42/BC", "44/BC").into_bytes(),
            )]),
        )]),
    );
    s.index(&["--exclude", "*.jsonl", "--exclude", "nhap"]);
    assert_eq!(s.found("thien tai").len(), 2);
    // Or its member, named as it is shown.
    for pattern in ["2023.zip", "2023.zip!/bao-cao.txt"] {
        let extra = [
            "--exclude",
            "*.jsonl",
            "--exclude",
            "nhap",
            "--exclude",
            pattern,
        ];
        let run = s.index(&extra);
        assert!(
            !run.stderr.contains("matched no file"),
            "{pattern}: {}",
            run.stderr
        );
        assert_eq!(run.counts.excluded_members, 1, "{pattern}: {}", run.stderr);
        assert_eq!(s.found("thien tai"), ["corpus/binh-an.txt"], "{pattern}");
    }

    let o = s.run(&["index", "corpus", "--exclude", "nhap/[2023"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("--exclude \"nhap/[2023\" is not a valid pattern"),
        "{stderr}"
    );
}

#[test]
fn an_archive_is_not_read_again_under_the_patterns_it_was_read_with() {
    let s = Sandbox::with_files(&[("tra-bong.txt", PLAN_TRA_BONG)]);
    s.write(
        "luu.zip",
        &zip_of(&[
            ("2021/long-an.txt", PLAN_LONG_AN),
            ("nhap/binh-an.txt", REPORT_BINH_AN),
        ]),
    );
    let archive = std::fs::metadata(s.path("corpus/luu.zip")).unwrap().len();
    let excluded = counts(|c| {
        c.unchanged = 2;
        c.excluded_members = 1;
    });
    let run = s.index(&["--exclude", "nhap", "--exclude", "*.tmp"]);
    assert_eq!(run.counts.excluded_members, 1, "{}", run.stderr);
    assert!(s.found("thien tai").is_empty());

    // The same patterns, in any order: nothing read, the member still
    // left out and counted, and only the pattern that matches nothing
    // said to.
    for patterns in [["nhap", "*.tmp"], ["*.tmp", "nhap"]] {
        let run = s.index(&["--exclude", patterns[0], "--exclude", patterns[1]]);
        assert_eq!(run.counts, excluded, "{}", run.stderr);
        assert_eq!(run.bytes, 0, "{patterns:?}");
        assert!(
            run.stderr.contains("\"*.tmp\" matched no file"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("\"nhap\" matched"), "{}", run.stderr);
        assert!(s.found("thien tai").is_empty());
    }

    // Other patterns: the archive is read again, once.
    let run = s.index(&["--exclude", "nhap"]);
    assert_eq!(run.counts, excluded, "{}", run.stderr);
    assert_eq!(run.bytes, archive);
    assert_eq!(s.index(&["--exclude", "nhap"]).bytes, 0);
    // A pattern that leaves out more, then none: what it left out comes
    // back.
    let run = s.index(&["--exclude", "nhap", "--exclude", "2021"]);
    assert_eq!(run.counts.excluded_members, 2, "{}", run.stderr);
    assert!(s.found("dong thap muoi").is_empty());
    let run = s.index(&[]);
    assert_eq!(run.bytes, archive, "{}", run.stderr);
    assert_eq!(s.found("thien tai"), ["corpus/luu.zip!/nhap/binh-an.txt"]);
    assert_eq!(
        s.found("dong thap muoi"),
        ["corpus/luu.zip!/2021/long-an.txt"]
    );
    assert_eq!(s.index(&[]).bytes, 0);
    // Patterns that match none of its members: read once with them.
    assert_eq!(s.index(&["--exclude", "*.tmp"]).bytes, archive);
    let run = s.index(&["--exclude", "*.tmp"]);
    assert_eq!(run.bytes, 0);
    assert_eq!(run.counts, counts(|c| c.unchanged = 2));
    assert_eq!(s.index(&[]).bytes, 0);
}

#[test]
fn files_the_system_leaves_beside_documents_are_not_indexed_nor_failed() {
    let s = three_plans();
    // Word's owner file for an open document: 162 bytes, not a .docx.
    let mut owner = vec![5u8];
    owner.extend(b"admin");
    owner.resize(162, 0);
    s.write("~$tra-bong.docx", &owner);
    s.write(
        "desktop.ini",
        b"[.ShellClassInfo]\r\nIconResource=C:\\Windows\\system32\\imageres.dll,-3\r\n",
    );
    s.write("Thumbs.db", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0");
    // A deleted plan in the recycle bin of a copied drive.
    s.write(
        "$RECYCLE.BIN/S-1-5-21/$R8Q2K1.txt",
        PLAN_TRA_BONG.replace("15/KH", "111/KH").as_bytes(),
    );
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.counts, counts(|c| c.added = 3));
    assert_eq!(run.stderr, "");
    assert!(s.found("111/KH-UBND").is_empty());
}

/// The files of the index directory, sorted.
#[cfg(unix)]
fn index_files(s: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(s.path("index"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
#[cfg(unix)]
// `sh` and `ulimit` make the writes fail.
fn a_run_that_cannot_write_undoes_its_writing_and_leaves_the_index_as_committed() {
    let s = three_plans();
    assert_eq!(s.index(&[]).code, Some(0));
    let before = index_files(&s);
    // 2,000 more plans, some 6 MB: more than the index may write below.
    for i in 0..2000 {
        let words: String = (0..300)
            .map(|k| format!("{} ", (i * 7919 + k * 104_729) % 100_003))
            .collect();
        s.write(
            &format!("them/ke-hoach-{i}.txt"),
            format!("{PLAN_LONG_AN}\n{words}\n").as_bytes(),
        );
    }
    // No file may grow past 1024 blocks, half a megabyte or a megabyte
    // by the shell (a full disk, in small):
    // each write past it fails ("File too large") instead of killing.
    let bin = env!("CARGO_BIN_EXE_vanban");
    let o = Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 1024 && exec \"$0\" \"$@\""])
        .arg(bin)
        .args([
            "--index",
            "index",
            "index",
            "--threads",
            "1",
            "--memory",
            "50",
            "corpus",
        ])
        .current_dir(s.path(""))
        .env_remove("VANBAN_INDEX")
        .output()
        .map(common::slashed)
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("writing the index at"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    // Nothing of the failed run is left behind, nothing before it lost.
    assert_eq!(index_files(&s), before);
    let stats = s.run(&["stats", "--json"]);
    let v: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(v["documents"], 3, "{v}");
    assert_eq!(s.found("\"du lịch sinh thái\""), ["corpus/long-an.txt"]);
    // Given room, the next run finishes the job.
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 2000;
            c.unchanged = 3;
        })
    );
}

#[test]
#[cfg(unix)]
fn bad_files_are_reported_by_path_and_the_good_ones_indexed() {
    let s = three_plans();
    s.write("sub/bao-cao.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    s.write(
        "binary.bin",
        &(0..=255u8).cycle().take(1024).collect::<Vec<_>>(),
    );
    s.write("empty.txt", b"");
    // 1.2 MB of text, over a 1 MB limit.
    s.write(
        "big.txt",
        PLAN_LONG_AN
            .repeat(1_200_000 / PLAN_LONG_AN.len() + 1)
            .as_bytes(),
    );
    std::os::unix::fs::symlink("nowhere.txt", s.path("corpus/dangling.txt")).unwrap();
    // A folder link back to its parent: the walk would go round for ever.
    std::os::unix::fs::symlink("..", s.path("corpus/sub/up")).unwrap();
    // "báo-cáo.txt" in Windows-1258, as an old archive unpacked without
    // converting its names leaves it.
    let bad_name = s
        .path("corpus")
        .join(OsStr::from_bytes(b"b\xe1o-c\xe1o.txt"));
    std::fs::write(&bad_name, REPORT_BINH_AN.replace("42/BC", "43/BC")).unwrap();

    let run = s.index(&["--max-file-size", "1"]);
    assert_eq!(run.code, Some(3), "some failed: {}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 4;
            c.failed = 4;
            c.skipped = 2;
        }),
        "{}",
        run.stderr
    );
    let err = &run.stderr;
    for line in [
        "vanban: skipped corpus/binary.bin: ",
        "vanban: skipped corpus/empty.txt: ",
        "vanban: failed corpus/big.txt: too large",
        "vanban: failed corpus/dangling.txt: broken symlink",
        "vanban: failed corpus/sub/up: symlink loop",
        "vanban: failed corpus/b\u{FFFD}o-c\u{FFFD}o.txt: file name is not valid UTF-8; \
         read as Windows-1258 it is \"corpus/báo-cáo.txt\": rename the file",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert_eq!(err.lines().count(), 6, "one line per bad file:\n{err}");
    // The JSON summary lists them too.
    let listed: Vec<(&str, &str)> = run
        .problems
        .iter()
        .map(|(path, severity)| (path.as_str(), severity.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("corpus/big.txt", "failed"),
            ("corpus/binary.bin", "skipped"),
            ("corpus/b\u{FFFD}o-c\u{FFFD}o.txt", "failed"),
            ("corpus/dangling.txt", "failed"),
            ("corpus/empty.txt", "skipped"),
            ("corpus/sub/up", "failed"),
        ]
    );
    // The good files, the one inside the looping folder once.
    assert_eq!(s.found("chuyển đổi số"), ["corpus/sub/bao-cao.txt"]);
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);
    assert_eq!(s.found("thien tai"), ["corpus/binh-an.txt"]);

    // The next run reports them again and reads none of the good ones;
    // the folder given twice is walked once.
    let again = s.index(&["--max-file-size", "1", "./corpus"]);
    assert_eq!(again.code, Some(3));
    assert_eq!(again.stderr.lines().count(), 6, "{}", again.stderr);
    assert_eq!(
        again.counts,
        counts(|c| {
            c.unchanged = 4;
            c.failed = 4;
            c.skipped = 2;
        })
    );
}

#[test]
fn only_skipped_files_still_exit_zero() {
    let s = three_plans();
    s.write(
        "scan.bin",
        &(0..=255u8).cycle().take(1024).collect::<Vec<_>>(),
    );
    s.write("empty.txt", b"");
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 3;
            c.skipped = 2;
        })
    );
    assert!(
        run.stderr.contains("skipped corpus/scan.bin"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped corpus/empty.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn file_grown_past_the_size_limit_fails_and_leaves_the_index() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    s.write(
        "long-an.txt",
        PLAN_LONG_AN
            .repeat(1_200_000 / PLAN_LONG_AN.len() + 1)
            .as_bytes(),
    );
    let run = s.index(&["--max-file-size", "1"]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr.contains("failed corpus/long-an.txt: too large"),
        "{}",
        run.stderr
    );
    assert_eq!(run.counts.failed, 1);
    assert_eq!(run.counts.unchanged, 2);
    assert!(s.found("du lich sinh thai").is_empty());
}

#[test]
fn file_emptied_or_turned_binary_after_indexing_is_no_longer_found() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    s.write("long-an.txt", b"");
    s.write(
        "binh-an.txt",
        &(0..=255u8).cycle().take(1024).collect::<Vec<_>>(),
    );
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("skipped corpus/long-an.txt"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped corpus/binh-an.txt"),
        "{}",
        run.stderr
    );
    // Its documents leaving the index is said.
    assert_eq!(
        run.stderr
            .matches("(what the index held of it is removed)")
            .count(),
        2,
        "{}",
        run.stderr
    );
    assert_eq!(run.counts.skipped, 2);
    assert!(
        s.found("du lich sinh thai").is_empty(),
        "the old text of an emptied file is still found"
    );
    assert!(
        s.found("thien tai").is_empty(),
        "the old text of a file now binary is still found"
    );
}

#[test]
fn an_archive_whose_members_fail_is_reported_at_every_run() {
    let s = three_plans();
    let binary: Vec<u8> = (0..=255u8).cycle().take(1024).collect();
    s.write(
        "luu-tru.zip",
        &zip_of(&[
            (
                "bao-cao.txt",
                REPORT_BINH_AN.replace("42/BC", "43/BC").into_bytes(),
            ),
            ("anh.bin", binary),
            ("hong.docx", b"PK\x03\x04 truncated".to_vec()),
        ]),
    );
    let mut segments = Vec::new();
    for round in 0..3 {
        let run = s.index(&[]);
        assert_eq!(run.code, Some(3), "round {round}: {}", run.stderr);
        assert_eq!(
            (run.counts.failed, run.counts.skipped),
            (1, 1),
            "round {round}: {}",
            run.stderr
        );
        // Read again to report its members, not written again.
        if round > 0 {
            assert_eq!(run.counts.unchanged, 4, "round {round}: {}", run.stderr);
            assert_eq!(s.segment_files(), segments, "round {round}");
        }
        assert_eq!(
            run.problems,
            [
                (
                    "corpus/luu-tru.zip!/anh.bin".to_string(),
                    "skipped".to_string()
                ),
                (
                    "corpus/luu-tru.zip!/hong.docx".to_string(),
                    "failed".to_string()
                ),
            ],
            "round {round}"
        );
        // The archive is one file, its members no files of their own.
        let o = s.run(&["index", "corpus"]);
        let line = String::from_utf8_lossy(&o.stdout);
        assert!(line.starts_with("4 files: "), "round {round}: {line}");
        assert!(
            line.contains("2 of the failed and skipped are archive members"),
            "{line}"
        );
        segments = s.segment_files();
    }
    assert_eq!(s.found("thien tai").len(), 2);
}

/// A report of its own for each `i`, of some 12 KB.
fn harvest_report(i: usize) -> String {
    let mut text = format!(
        "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\nSố: {}/BC-UBND\nAn Phú, ngày 05 tháng 3 năm 2024\n\
         BÁO CÁO\nKết quả thu hoạch lúa vụ đông xuân tại thôn số {i}\n",
        i + 1
    );
    while text.len() < 12_000 {
        text.push_str(&format!(
            "Thôn số {i} đã thu hoạch lúa xong trên diện tích của vụ đông xuân. "
        ));
    }
    text
}

/// An archive of 320 reports (20 of them drafts in `nhap/`), a copy of the
/// Trà Bồng plan, an image and a damaged Word file; `first` is the first
/// report's text.
fn large_archive(first: &str) -> Vec<u8> {
    let mut members: Vec<(String, Vec<u8>)> = (0..320)
        .map(|i| {
            let folder = if i < 300 { "2024" } else { "nhap" };
            let text = if i == 0 {
                first.to_string()
            } else {
                harvest_report(i)
            };
            (format!("{folder}/bc-{i}.txt"), text.into_bytes())
        })
        .collect();
    members.push(("ban-sao.txt".into(), PLAN_TRA_BONG.as_bytes().to_vec()));
    members.push(("anh.bin".into(), (0..=255u8).cycle().take(1024).collect()));
    members.push(("hong.docx".into(), b"PK\x03\x04 truncated".to_vec()));
    let members: Vec<(&str, Vec<u8>)> = members
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    zip_of(&members)
}

/// Indexes twice, with `--max-file-size 1`, a corpus holding
/// [`large_archive`] at `at` (`corpus/a.zip`, or `corpus/a.zip!/b.zip`
/// inside another): added, then unchanged, its two failing members reported
/// both times (it is read again at every run for them), its copy of the
/// plan left out; `reports` documents then hold the phrase of its reports.
fn index_large_archive_twice(s: &Sandbox, at: &str, reports: u64) {
    let problems = [
        (format!("{at}!/anh.bin"), "skipped".to_string()),
        (format!("{at}!/hong.docx"), "failed".to_string()),
    ];
    for round in 0..2 {
        let run = s.index(&["--max-file-size", "1"]);
        assert_eq!(run.code, Some(3), "{at} {round}: {}", run.stderr);
        assert_eq!(
            run.counts,
            counts(|c| {
                if round == 0 {
                    c.added = 4;
                } else {
                    c.unchanged = 4;
                }
                c.failed = 1;
                c.skipped = 1;
                c.duplicate_members = 1;
            }),
            "{at} {round}: {}",
            run.stderr
        );
        assert_eq!(run.problems, problems, "{at} {round}");
        assert_eq!(s.search("\"thu hoạch lúa\"").0, reports, "{at} {round}");
        assert_eq!(s.found("\"cải cách hành chính\""), ["corpus/tra-bong.txt"]);
    }
}

/// 320 reports of 12 KB do not fit in a batch of `--memory 50` (3 MB).
#[test]
fn an_archive_larger_than_a_batch_is_read_member_by_member() {
    let s = three_plans();
    s.write("luu-tru-2024.zip", &large_archive(&harvest_report(0)));
    let zip_size = std::fs::metadata(s.path("corpus/luu-tru-2024.zip"))
        .unwrap()
        .len();
    assert!(zip_size > 1 << 20, "{zip_size}");
    // Larger than --max-file-size, but each member is within it.
    index_large_archive_twice(&s, "corpus/luu-tru-2024.zip", 320);
    let doc = s
        .show("corpus/luu-tru-2024.zip!/2024/bc-7.txt")
        .expect("member indexed");
    assert_eq!(doc["number"], "8/BC-UBND", "{doc}");

    // Drafts left out by --exclude are not indexed; back without it.
    let run = s.index(&["--exclude", "nhap/**"]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(run.counts.excluded_members, 20, "{}", run.stderr);
    assert_eq!(s.search("\"thu hoạch lúa\"").0, 300);
    s.index(&[]);
    assert_eq!(s.search("\"thu hoạch lúa\"").0, 320);

    // One member changed: the archive is updated, its old text gone.
    s.write(
        "luu-tru-2024.zip",
        &large_archive(&harvest_report(0).replace("thu hoạch lúa", "chăm sóc hoa màu")),
    );
    let run = s.index(&[]);
    assert_eq!(run.counts.updated, 1, "{}", run.stderr);
    assert_eq!(s.search("\"thu hoạch lúa\"").0, 319);
    assert_eq!(
        s.found("\"chăm sóc hoa màu\""),
        ["corpus/luu-tru-2024.zip!/2024/bc-0.txt"]
    );

    // Cut short, it is damaged (not too large), and its documents go.
    let whole = std::fs::read(s.path("corpus/luu-tru-2024.zip")).unwrap();
    s.write("luu-tru-2024.zip", &whole[..whole.len() / 2]);
    let run = s.index(&["--max-file-size", "1"]);
    assert_eq!(run.counts.failed, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a readable ZIP archive")
            && run
                .stderr
                .contains("(what the index held of it is removed)"),
        "{}",
        run.stderr
    );
    assert_eq!(s.search("\"thu hoạch lúa\"").0, 0);
}

/// A year's archive of archives, packed or stored as they are: an archive
/// inside too large for a batch (what it may unpack to: four times its 4
/// MB) is read member by member too, its members named by the path to
/// them, each within `--max-file-size` as the archive itself need not be.
#[test]
fn a_large_archive_inside_an_archive_is_read_member_by_member() {
    let inner = large_archive(&harvest_report(0));
    assert!(inner.len() > 1 << 20, "{}", inner.len());
    for method in [
        zip::CompressionMethod::Stored,
        zip::CompressionMethod::Deflated,
    ] {
        let s = three_plans();
        s.write("nam.zip", &archive_holding(&inner, method));
        index_large_archive_twice(&s, "corpus/nam.zip!/2024.zip", 321);
        let doc = s
            .show("corpus/nam.zip!/2024.zip!/2024/bc-7.txt")
            .expect("member of the archive inside indexed");
        assert_eq!(doc["number"], "8/BC-UBND", "{doc}");
        assert!(s.show("corpus/nam.zip!/doc-le.txt").is_some());

        // Its drafts left out by --exclude, as anywhere; or all of it.
        let run = s.index(&["--exclude", "nhap"]);
        assert_eq!(run.counts.excluded_members, 20, "{}", run.stderr);
        assert_eq!(s.search("\"thu hoạch lúa\"").0, 301, "{method:?}");
        let run = s.index(&["--exclude", "2024.zip"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(run.counts.excluded_members, 1, "{}", run.stderr);
        assert_eq!(s.found("\"thu hoạch lúa\""), ["corpus/nam.zip!/doc-le.txt"]);
    }
}

/// An archive of 130 reports (1.6 MB) inside an archive, packed with
/// `method`, beside a report of its own.
fn archive_of_archive(method: zip::CompressionMethod) -> Vec<u8> {
    let reports: Vec<(String, Vec<u8>)> = (0..130)
        .map(|i| (format!("2024/bc-{i}.txt"), harvest_report(i).into_bytes()))
        .collect();
    let reports: Vec<(&str, &[u8])> = reports
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let inner = zip_of(&reports);
    assert!(inner.len() > 1 << 20, "{}", inner.len());
    archive_holding(&inner, method)
}

/// An archive holding `inner` as `2024.zip`, packed with `method`, beside
/// a report of its own (`doc-le.txt`).
fn archive_holding(inner: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    zip.start_file("2024.zip", options).unwrap();
    std::io::Write::write_all(&mut zip, inner).unwrap();
    zip.start_file("doc-le.txt", options).unwrap();
    std::io::Write::write_all(&mut zip, harvest_report(400).as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// An archive inside larger than `--max-file-size` is read member by
/// member, however light; read whole or not, what `--exclude` leaves out of
/// it counts the same.
#[test]
fn an_archive_inside_larger_than_the_file_size_limit_is_read_in_its_turn() {
    let s = three_plans();
    s.write(
        "nam.zip",
        &archive_of_archive(zip::CompressionMethod::Stored),
    );
    let run = s.index_by(s.command(&["index"]), "1024", &["--max-file-size", "1"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.counts.added, 4, "{}", run.stderr);
    assert_eq!(s.search("\"thu hoạch lúa\"").0, 131);
    // Read whole (within the limit), and member by member: the archive
    // inside is one member left out.
    for limit in ["100", "1"] {
        let extra = ["--max-file-size", limit, "--exclude", "2024.zip"];
        let run = s.index_by(s.command(&["index"]), "1024", &extra);
        assert_eq!(run.counts.excluded_members, 1, "{limit}: {}", run.stderr);
        assert_eq!(s.found("\"thu hoạch lúa\""), ["corpus/nam.zip!/doc-le.txt"]);
    }
}

/// An archive inside that cannot be unpacked to a temporary file (a full
/// disk, here a limit on file sizes) leaves the file as one that cannot be
/// read: the next run reads it.
#[test]
#[cfg(unix)]
// `sh` and `ulimit` make the unpacking fail.
fn an_archive_inside_that_cannot_be_unpacked_is_read_again_next_time() {
    let s = three_plans();
    s.write(
        "nam.zip",
        &archive_of_archive(zip::CompressionMethod::Deflated),
    );
    let mut limited = Command::new("sh");
    limited
        .args(["-c", "trap '' XFSZ; ulimit -f 1024; exec \"$@\"", "sh"])
        .arg(env!("CARGO_BIN_EXE_vanban"))
        .args(["--index", "index", "index"])
        .current_dir(s.path(""))
        .env_remove("VANBAN_INDEX");
    let run = s.index_by(limited, "50", &[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(
        run.problems,
        [("corpus/nam.zip".to_string(), "failed".to_string())]
    );
    assert!(
        run.stderr
            .contains("cannot read: 2024.zip: cannot unpack it to a temporary file in index"),
        "{}",
        run.stderr
    );
    assert_eq!(s.search("\"thu hoạch lúa\"").0, 0);
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.counts.added, 1, "{}", run.stderr);
    assert_eq!(s.search("\"thu hoạch lúa\"").0, 131);
}

/// A member `--exclude` left out that comes back is a copy of one indexed
/// meanwhile: one of them is indexed, not both.
#[test]
fn a_member_left_out_that_comes_back_as_a_copy_is_not_indexed_twice() {
    let s = three_plans();
    let report = harvest_report(3);
    s.write(
        "luu.zip",
        &zip_of(&[("nhap/bc.txt", &report), ("2024/bc.txt", &report)]),
    );
    s.index(&["--exclude", "nhap"]);
    assert_eq!(s.found("\"thôn số 3\""), ["corpus/luu.zip!/2024/bc.txt"]);
    let run = s.index(&[]);
    assert_eq!(run.counts.duplicate_members, 1, "{}", run.stderr);
    assert_eq!(s.found("\"thôn số 3\"").len(), 1);
}

/// A member named `.zip` that is no archive is read as what its bytes are,
/// however large.
#[test]
fn a_large_member_named_as_an_archive_that_is_none_is_read_as_what_it_is() {
    let s = three_plans();
    let mut text = harvest_report(1);
    while text.len() < 600_000 {
        text.push_str("Thôn số 1 đã thu hoạch lúa xong trên diện tích của vụ đông xuân. ");
    }
    s.write("nam.zip", &zip_of(&[("bao-cao.zip", text.as_bytes())]));
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.counts.added, 4, "{}", run.stderr);
    assert_eq!(
        s.found("\"thu hoạch lúa\""),
        ["corpus/nam.zip!/bao-cao.zip"]
    );
}

#[test]
fn of_copies_in_two_archives_the_first_is_indexed_however_large() {
    let s = three_plans();
    // Read member by member, then a small archive read whole, holding a
    // copy of one of its members.
    s.write("a-2024.zip", &large_archive(&harvest_report(0)));
    s.write(
        "b-sao-luu.zip",
        &zip_of(&[("bc-7.txt", harvest_report(7).into_bytes())]),
    );
    let run = s.index(&[]);
    assert_eq!(run.counts.added, 4, "{}", run.stderr);
    assert_eq!(run.counts.duplicates, 1, "{}", run.stderr);
    assert_eq!(
        s.found("\"thôn số 7 đã thu hoạch\""),
        ["corpus/a-2024.zip!/2024/bc-7.txt"]
    );
}

#[test]
fn a_failing_archive_read_again_does_not_make_others_read_again() {
    let s = three_plans();
    // Holds a copy of an indexed plan: read again when indexed content
    // may go.
    s.write(
        "sao.zip",
        &zip_of(&[
            ("ke-hoach.txt", PLAN_TRA_BONG.as_bytes()),
            (
                "bao-cao.txt",
                REPORT_BINH_AN.replace("42/BC", "45/BC").as_bytes(),
            ),
        ]),
    );
    // Read again at every run for its binary member.
    let bad = zip_of(&[
        (
            "anh.bin",
            (0..=255u8).cycle().take(1024).collect::<Vec<_>>(),
        ),
        (
            "bao-cao.txt",
            REPORT_BINH_AN.replace("42/BC", "46/BC").into_bytes(),
        ),
    ]);
    s.write("hong.zip", &bad);
    let run = s.index(&["--exclude", "*.bin"]);
    assert_eq!(run.counts.excluded_members, 1, "{}", run.stderr);
    let first = s.index(&[]);
    assert_eq!(first.counts.skipped, 1, "{}", first.stderr);
    let run = s.index(&[]);
    assert_eq!(run.counts.skipped, 1, "{}", run.stderr);
    assert_eq!(run.bytes, bad.len() as u64, "{}", run.stderr);
}

#[test]
fn replaced_or_deleted_archive_takes_its_members_along() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
    let s = three_plans();
    s.write(
        "ho-so.zip",
        &std::fs::read(fixtures.join("archive.zip")).unwrap(),
    );
    assert_eq!(s.index(&[]).counts.added, 4);
    let members = [
        "corpus/ho-so.zip!/van-ban/report.docx",
        "corpus/ho-so.zip!/van-ban/tcvn3.txt",
    ];
    assert_eq!(
        s.found("\"tra bong\""),
        [members[0], members[1], "corpus/tra-bong.txt"]
    );

    // The same name now holds other members: the old ones go.
    s.write(
        "ho-so.zip",
        &std::fs::read(fixtures.join("nested.zip")).unwrap(),
    );
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.updated = 1;
            c.unchanged = 3;
        })
    );
    for old in members {
        assert_eq!(s.show(old), None, "{old} still indexed");
    }
    assert_eq!(
        s.found("\"tra bong\""),
        [
            "corpus/ho-so.zip!/2023/archive.zip!/van-ban/report.docx",
            "corpus/ho-so.zip!/2023/archive.zip!/van-ban/tcvn3.txt",
            "corpus/tra-bong.txt"
        ]
    );

    // Deleting the archive removes every member (one source file).
    std::fs::remove_file(s.path("corpus/ho-so.zip")).unwrap();
    let run = s.index(&[]);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.removed = 1;
            c.unchanged = 3;
        })
    );
    assert_eq!(s.found("\"tra bong\""), ["corpus/tra-bong.txt"]);
}

#[test]
fn indexing_a_subfolder_leaves_the_rest_of_the_index_alone() {
    let s = three_plans();
    s.write("2024/bao-cao.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    assert_eq!(s.index(&[]).counts.added, 4);
    std::fs::remove_file(s.path("corpus/long-an.txt")).unwrap();
    std::fs::remove_file(s.path("corpus/2024/bao-cao.txt")).unwrap();
    s.write(
        "2024/moi.txt",
        REPORT_BINH_AN.replace("42/BC", "57/BC").as_bytes(),
    );

    let o = s.run(&["index", "--json", "corpus/2024"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        Counts::deserialize(&v).unwrap(),
        counts(|c| {
            c.added = 1;
            c.removed = 1;
        })
    );
    // Gone under the folder given: removed. Gone elsewhere: not looked at.
    assert!(s.found("chuyen doi so").is_empty());
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);
    assert_eq!(
        s.found("thien tai"),
        ["corpus/2024/moi.txt", "corpus/binh-an.txt"]
    );
}

#[test]
fn one_file_is_one_source_however_its_path_is_spelled() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    let absolute = s.dir.path().canonicalize().unwrap().join("corpus");
    let absolute = absolute.to_str().unwrap();
    for spelling in ["./corpus/", "corpus/../corpus", absolute] {
        let o = s.run(&["index", "--json", spelling]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{spelling}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(
            Counts::deserialize(&v).unwrap(),
            counts(|c| c.unchanged = 3),
            "{spelling}"
        );
    }
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);
}

/// Windows finds a folder typed in other letter case: its files keep the
/// names they were indexed under.
#[test]
#[cfg(windows)]
fn a_folder_typed_in_other_letter_case_is_the_same_folder() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    let o = s.run(&["index", "--json", "CORPUS"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        Counts::deserialize(&v).unwrap(),
        counts(|c| c.unchanged = 3)
    );
    std::fs::remove_file(s.path("corpus/binh-an.txt")).unwrap();
    let o = s.run(&["index", "--json", "Corpus"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        Counts::deserialize(&v).unwrap(),
        counts(|c| {
            c.unchanged = 2;
            c.removed = 1;
        })
    );
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);
    let shown = s.show("CORPUS/LONG-AN.TXT").expect("shown");
    assert_eq!(shown["number"], "110/KH-UBND");
}

#[test]
fn runs_from_any_directory_agree_on_what_is_indexed() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    let root = s.dir.path().canonicalize().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    // (working directory, index, path to index)
    let runs = [
        (root.join("corpus"), "../index".to_string(), ".".to_string()),
        (
            elsewhere.path().to_path_buf(),
            root.join("index").to_str().unwrap().to_string(),
            root.join("corpus").to_str().unwrap().to_string(),
        ),
    ];
    let run = |(cwd, index, path): &(PathBuf, String, String)| -> (Counts, u64) {
        let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["--index", index, "index", "--json", path])
            .current_dir(cwd)
            .env_remove("VANBAN_INDEX")
            .output()
            .map(common::slashed)
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{cwd:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            Counts::deserialize(&v).unwrap(),
            v["bytes"].as_u64().unwrap(),
        )
    };
    for r in &runs {
        assert_eq!(run(r), (counts(|c| c.unchanged = 3), 0), "{:?}", r.0);
    }
    // A file deleted is removed whichever directory the next run starts in.
    std::fs::remove_file(root.join("corpus/binh-an.txt")).unwrap();
    let (after, _) = run(&runs[0]);
    assert_eq!(
        after,
        counts(|c| {
            c.unchanged = 2;
            c.removed = 1;
        })
    );
    assert!(s.found("\"phòng chống thiên tai\"").is_empty());
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);
}

#[test]
fn hits_are_named_from_where_the_search_runs() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    let root = s.dir.path().canonicalize().unwrap();
    let index = root.join("index");
    let elsewhere = tempfile::tempdir().unwrap();
    let run = |cwd: &Path, args: &[&str]| -> Value {
        let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .arg("--index")
            .arg(&index)
            .args(args)
            .current_dir(cwd)
            .env_remove("VANBAN_INDEX")
            .output()
            .map(common::slashed)
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?} in {cwd:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let first = |cwd: &Path| {
        run(cwd, &["search", "--json", "du lich sinh thai"])["hits"][0]["path"].clone()
    };
    assert_eq!(first(&root), "corpus/long-an.txt");
    assert_eq!(first(&root.join("corpus")), "long-an.txt");
    let absolute = root.join("corpus/long-an.txt");
    assert_eq!(first(elsewhere.path()), common::shown(&absolute));
    // The file's path, spelled from anywhere, names it.
    for (cwd, path) in [
        (elsewhere.path(), absolute.to_str().unwrap()),
        (&root.join("corpus"), "long-an.txt"),
        (&root.join("corpus"), "./../corpus/long-an.txt"),
    ] {
        let shown = run(cwd, &["show", "--json", path]);
        assert_eq!(shown["number"], "110/KH-UBND", "{path} in {cwd:?}");
    }
}

#[test]
fn a_folder_that_is_not_an_index_is_neither_read_nor_emptied() {
    let s = three_plans();
    let docs = s.path("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("meta.json"), "{\"name\": \"my notes\"}").unwrap();
    std::fs::write(docs.join("bao-cao.txt"), REPORT_BINH_AN).unwrap();
    let listing = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    for args in [
        &["search", "thien tai"][..],
        &["index", "corpus"],
        &["index", "--rebuild", "corpus"],
    ] {
        let o = s
            .command_on("docs", args)
            .output()
            .map(common::slashed)
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("docs is not a vanban index"),
            "{args:?}: {err}"
        );
        assert_eq!(listing(&docs), ["bao-cao.txt", "meta.json"], "{args:?}");
    }
    // A folder vanban marked as its index, left with lock files by a run
    // stopped before the index was made, is its own.
    let stopped = s.path("stopped");
    std::fs::create_dir_all(&stopped).unwrap();
    std::fs::write(stopped.join("vanban.json"), "{\"schema_version\": 10}").unwrap();
    std::fs::write(stopped.join(".tantivy-meta.lock"), "").unwrap();
    let o = s
        .command_on("stopped", &["index", "corpus"])
        .output()
        .map(common::slashed)
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Nor is an index made among documents: the folder indexed, say.
    let o = s
        .command_on("corpus", &["index", "corpus"])
        .output()
        .map(common::slashed)
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        listing(&s.path("corpus")),
        ["binh-an.txt", "long-an.txt", "tra-bong.txt"]
    );
}

#[test]
fn index_folder_and_hidden_files_inside_the_corpus_are_not_indexed() {
    let s = three_plans();
    s.write(
        ".~lock.long-an.txt#",
        PLAN_LONG_AN.replace("110/", "111/").as_bytes(),
    );
    let o = s
        .command_on("corpus/idx", &["index", "--json", "corpus"])
        .output()
        .map(common::slashed)
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(Counts::deserialize(&v).unwrap(), counts(|c| c.added = 3));
    // Again, now that the index holds files of its own.
    let o = s
        .command_on("corpus/idx", &["index", "--json", "corpus"])
        .output()
        .map(common::slashed)
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        Counts::deserialize(&v).unwrap(),
        counts(|c| c.unchanged = 3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Waits for a child, failing the test if it hangs.
fn wait_or_kill(mut child: Child, what: &str) -> Output {
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("{what} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[test]
fn second_writer_fails_at_once_while_searches_go_on() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    let store = vanban::store::Store::open_or_create(&s.path("index")).expect("open index");
    let writer: tantivy::IndexWriter = store
        .index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer lock");

    s.write("new.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    let child = s
        .command(&["index", "--json", "corpus"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = wait_or_kill(child, "a second `vanban index`");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("is being written by another process"), "{err}");
    assert!(
        o.stdout.is_empty(),
        "no summary for a run that did not happen"
    );

    // Readers need no lock.
    assert_eq!(s.found("du lịch sinh thái"), ["corpus/long-an.txt"]);
    assert!(s.show("corpus/binh-an.txt").is_some());

    drop(writer);
    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 1;
            c.unchanged = 3;
        })
    );
    assert_eq!(s.found("chuyen doi so"), ["corpus/new.txt"]);
}

/// A household survey report of xã Bình An with its own code `hs<n>`.
fn survey(n: usize) -> String {
    format!(
        "ỦY BAN NHÂN DÂN\nXÃ BÌNH AN\nSố: {n}/BC-UBND\nBÁO CÁO\n\
         Kết quả khảo sát hộ gia đình mã hs{n:05} năm 2023\n"
    )
}

const SURVEYS: usize = 200;

#[test]
fn killed_run_loses_nothing_committed_and_the_next_run_finishes() {
    let s = three_plans();
    assert_eq!(s.index(&[]).counts.added, 3);
    for n in 0..SURVEYS {
        s.write(&format!("khao-sat/{n:04}.txt"), survey(n).as_bytes());
    }
    // Changes to already indexed files too, so the killed run had deleted
    // documents pending as well as new ones.
    s.write("tra-bong.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    std::fs::remove_file(s.path("corpus/binh-an.txt")).unwrap();

    let mut child = s
        .command(&["index", "--threads", "1", "--memory", "50", "corpus"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    child.kill().ok();
    child.wait().unwrap();

    // The index opens and holds a whole commit: either the old one or the
    // finished run, never a mix within one file.
    let (surveys, _) = s.search("khảo sát hộ gia đình");
    assert!(surveys == 0 || surveys == SURVEYS as u64, "{surveys}");
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);
    let old = s.found("\"cải cách hành chính\"");
    let new = s.found("chuyển đổi số");
    assert_eq!(
        old.len() + new.len(),
        1,
        "the Trà Bồng plan in one version exactly: {old:?} {new:?}"
    );

    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let c = run.counts;
    assert_eq!(c.failed + c.skipped + c.duplicates + c.moved, 0, "{c:?}");
    assert_eq!(
        c.added + c.updated + c.unchanged,
        SURVEYS as u64 + 2,
        "every file accounted for: {c:?}"
    );
    assert!(c.removed <= 1, "{c:?}");

    let (surveys, _) = s.search("khao sat ho gia dinh");
    assert_eq!(surveys, SURVEYS as u64);
    for n in [0, SURVEYS / 2, SURVEYS - 1] {
        assert_eq!(
            s.found(&format!("hs{n:05}")),
            [format!("corpus/khao-sat/{n:04}.txt")]
        );
    }
    assert!(s.found("\"cải cách hành chính\"").is_empty());
    assert_eq!(s.found("chuyển đổi số"), ["corpus/tra-bong.txt"]);
    assert!(s.found("thien tai").is_empty());
    assert_eq!(s.index(&[]).counts.unchanged, SURVEYS as u64 + 2);
}

#[test]
fn killed_rebuild_keeps_the_index_searchable() {
    let s = three_plans();
    for n in 0..SURVEYS {
        s.write(&format!("khao-sat/{n:04}.txt"), survey(n).as_bytes());
    }
    let first = s.index(&[]);
    assert_eq!(first.counts.added, SURVEYS as u64 + 3);

    let mut child = s
        .command(&[
            "index",
            "--rebuild",
            "--threads",
            "1",
            "--memory",
            "50",
            "corpus",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    child.kill().ok();
    child.wait().unwrap();

    let (surveys, _) = s.search("khảo sát hộ gia đình");
    assert_eq!(
        surveys, SURVEYS as u64,
        "a killed rebuild must lose nothing"
    );
    assert_eq!(s.found("hs00123"), ["corpus/khao-sat/0123.txt"]);
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);

    let run = s.index(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.counts, counts(|c| c.unchanged = SURVEYS as u64 + 3));
}

/// `vanban` as a user permissions apply to: as itself when the tests do
/// not run as root, else as `nobody` through `setpriv`, owning `dir`.
/// `None` when root cannot drop its privileges here.
#[cfg(unix)]
fn unprivileged_vanban(dir: &Path) -> Option<Command> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some(Command::new(env!("CARGO_BIN_EXE_vanban")));
    }
    let chown = Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(dir)
        .status()
        .ok()?;
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_vanban"));
    let works = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success());
    (chown.success() && works).then_some(c)
}

#[test]
#[cfg(unix)]
fn what_cannot_be_read_keeps_what_the_index_holds_of_it() {
    use std::os::unix::fs::PermissionsExt;
    let s = three_plans();
    s.write("sub/a.txt", PLAN_TRA_BONG_REVISED.as_bytes());
    s.write(
        "sub/b.txt",
        &REPORT_BINH_AN.replace("42/BC", "43/BC").into_bytes(),
    );
    let run = |args: &[&str]| -> Option<(Option<i32>, Counts, String)> {
        let mut c = unprivileged_vanban(s.dir.path())?;
        let o = c
            .args(["--index", "index", "index", "--json", "corpus"])
            .args(args)
            .current_dir(s.dir.path())
            .env_remove("VANBAN_INDEX")
            .output()
            .map(common::slashed)
            .unwrap();
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        Some((o.status.code(), Counts::deserialize(&v).unwrap(), stderr))
    };
    let Some((code, first, err)) = run(&[]) else {
        eprintln!("skipped: running as root without setpriv, permissions cannot be tested");
        return;
    };
    assert_eq!((code, first), (Some(0), counts(|c| c.added = 5)), "{err}");
    let mode = |path: &str, mode: u32| {
        std::fs::set_permissions(s.path(path), std::fs::Permissions::from_mode(mode)).unwrap()
    };
    // A folder that cannot be listed, a file that cannot be read (and
    // whose time changed, so it is read again).
    mode("corpus/sub", 0o000);
    mode("corpus/long-an.txt", 0o000);
    touch(&s.path("corpus/long-an.txt"));
    let (code, counted, err) = run(&[]).unwrap();
    assert_eq!(code, Some(3), "{err}");
    assert_eq!(
        counted,
        counts(|c| {
            c.unchanged = 2;
            c.failed = 2;
        }),
        "{err}"
    );
    assert!(
        err.contains("vanban: failed corpus/sub: cannot list this folder"),
        "{err}"
    );
    assert!(
        err.contains("vanban: failed corpus/long-an.txt: cannot read"),
        "{err}"
    );
    assert!(err.contains("what the index holds of it is kept"), "{err}");
    assert_eq!(s.found("chuyển đổi số"), ["corpus/sub/a.txt"]);
    assert_eq!(s.found("du lich sinh thai"), ["corpus/long-an.txt"]);
    // Readable again: nothing to add, the file read again as it was.
    mode("corpus/sub", 0o755);
    mode("corpus/long-an.txt", 0o644);
    let (code, counted, err) = run(&[]).unwrap();
    assert_eq!(
        (code, counted),
        (Some(0), counts(|c| c.unchanged = 5)),
        "{err}"
    );
}

#[test]
#[cfg(unix)]
fn an_index_that_cannot_be_written_is_still_searched() {
    use std::os::unix::fs::PermissionsExt;
    let s = three_plans();
    let vanban = |args: &[&str]| -> Option<Output> {
        let mut c = unprivileged_vanban(s.dir.path())?;
        Some(
            c.args(["--index", "index"])
                .args(args)
                .current_dir(s.dir.path())
                .env_remove("VANBAN_INDEX")
                .output()
                .map(common::slashed)
                .unwrap(),
        )
    };
    let Some(o) = vanban(&["index", "corpus"]) else {
        eprintln!("skipped: running as root without setpriv, permissions cannot be tested");
        return;
    };
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let read_only = |mode: u32| {
        for entry in std::fs::read_dir(s.path("index")).unwrap() {
            let path = entry.unwrap().path();
            let file_mode = if path.is_dir() { mode | 0o111 } else { mode };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(file_mode)).unwrap();
        }
        std::fs::set_permissions(
            s.path("index"),
            std::fs::Permissions::from_mode(mode | 0o111),
        )
        .unwrap();
    };
    read_only(0o444);
    let o = vanban(&["search", "--json", "du lich sinh thai"]).unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["hits"][0]["path"], "corpus/long-an.txt");
    let o = vanban(&["index", "corpus"]).unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write to the index at index: permission denied"),
        "{stderr}"
    );
    read_only(0o644);
}

#[test]
#[cfg(unix)]
fn a_folder_whose_name_is_not_utf8_is_reported_once() {
    let s = three_plans();
    // "Văn bán" in Windows-1258, holding three files.
    let folder = s.path("corpus").join(OsStr::from_bytes(b"V\xe3n b\xe1n"));
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..3 {
        std::fs::write(folder.join(format!("{i}.txt")), PLAN_LONG_AN).unwrap();
    }
    let run = s.index(&[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(
        run.counts,
        counts(|c| {
            c.added = 3;
            c.failed = 1;
        })
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("folder name is not valid UTF-8; read as Windows-1258 it is \"corpus/Văn bán\": rename the folder"),
        "{}",
        run.stderr
    );
}
