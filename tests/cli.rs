//! The built `vanban` binary on a temporary copy of the corpus.

mod common;

use std::path::Path;
use std::process::Output;

use common::{stderr, stdout};

fn vanban(cwd: &Path, args: &[&str]) -> Output {
    common::vanban_command(cwd)
        .args(args)
        .output()
        .map(common::slashed)
        .expect("run vanban")
}

/// A temporary folder with a copy of the repository's corpus/.
fn copy_of_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(common::repo_corpus()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn first_search_builds_the_index_from_corpus() {
    let dir = copy_of_corpus();
    let o = vanban(dir.path(), &["search", "cai cach hanh chinh"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("building it from corpus/"),
        "{}",
        stderr(&o)
    );
    assert!(dir.path().join("index/meta.json").is_file());
    let out = stdout(&o);
    assert!(out.contains("corpus/"), "{out}");
    assert!(!out.contains('\x1b'), "piped output must be plain: {out:?}");
    // The second search uses the index without rebuilding.
    let o = vanban(dir.path(), &["search", "cải cách hành chính"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("building"));
}

#[test]
fn index_then_search_as_json_with_exit_codes() {
    let dir = copy_of_corpus();
    let idx = dir.path().join("elsewhere");
    let idx = idx.to_str().unwrap();
    let o = vanban(dir.path(), &["--index", idx, "index", "corpus"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("5 files: 5 added, 0 updated, 0 unchanged, 0 removed, 0 failed"),
        "{}",
        stdout(&o)
    );

    let o = vanban(
        dir.path(),
        &[
            "--index",
            idx,
            "search",
            "--json",
            "--limit",
            "2",
            "tuyên truyền",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["query"], "tuyên truyền");
    assert_eq!(v["total"], 5);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for key in ["path", "score", "title", "snippet"] {
        assert!(hits[0].get(key).is_some(), "missing {key}");
    }
    assert!(hits[0]["score"].as_f64().unwrap() >= hits[1]["score"].as_f64().unwrap());

    let o = vanban(dir.path(), &["--index", idx, "search", "xyzzyqwerty"]);
    assert_eq!(o.status.code(), Some(1));

    // An index that cannot be made (its parent is a file) is an error.
    let o = vanban(
        dir.path(),
        &[
            "--index",
            "corpus/000_3b0672f670f8dc27.txt/idx",
            "search",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("vanban: "));
}

/// `search --sort`, `--csv`, `--unimplemented` and the reading of words
/// typed wrong, on the corpus.
#[test]
fn search_orders_tabulates_filters_by_citations_and_reads_typos() {
    let dir = copy_of_corpus();
    let idx = dir.path().join("idx");
    let idx = idx.to_str().unwrap();
    let o = vanban(dir.path(), &["--index", idx, "index", "corpus"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // By date, either way; `date` is newest first.
    let dates = |sort: &str| -> Vec<String> {
        let args = ["--index", idx, "search", "--json", "--sort", sort];
        let o = vanban(dir.path(), &[&args[..], &["tuyên truyền"]].concat());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let hits = v["hits"].as_array().unwrap();
        hits.iter()
            .map(|h| h["date"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let newest = dates("newest");
    assert_eq!(newest.len(), 5);
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    assert_ne!(newest.first(), newest.last(), "{newest:?}");
    assert_eq!(dates("date"), newest);
    // The undated come last either way (the corpus has one).
    let oldest = dates("oldest");
    assert_eq!(oldest.last().map(String::as_str), Some(""), "{oldest:?}");
    assert_eq!(newest.last().map(String::as_str), Some(""), "{newest:?}");
    let mut dated = oldest[..4].to_vec();
    dated.reverse();
    assert_eq!(dated, newest[..4]);
    // A word no document holds is searched for as its likeliest neighbour,
    // and stderr says so; --as-typed searches it as typed.
    let o = vanban(
        dir.path(),
        &["--index", idx, "search", "--json", "tuyên truyềnn"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["query"], "tuyên truyềnn");
    assert_eq!(v["corrected"], "tuyên truyền");
    assert_eq!(v["total"], 5);
    assert!(
        stderr(&o).contains(r#"read "truyềnn" as "truyền"; searched for "tuyên truyền""#),
        "{}",
        stderr(&o)
    );
    let o = vanban(
        dir.path(),
        &["--index", idx, "search", "--as-typed", "tuyên truyềnn"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("searched for"), "{}", stderr(&o));

    // No document of the corpus carries out another one of it: all five
    // are left, as a filter alone; the two such filters do not go together.
    let o = vanban(
        dir.path(),
        &["--index", idx, "search", "--json", "--unimplemented"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["total"], 5);
    let o = vanban(
        dir.path(),
        &["--index", idx, "search", "--unimplemented", "--unanswered"],
    );
    assert_eq!(o.status.code(), Some(2));

    // A table for a spreadsheet; it says on stderr when it is cut short.
    let o = vanban(
        dir.path(),
        &["--index", idx, "search", "--csv", "-n", "2", "tuyên truyền"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}number,date,type,issuer,title,path,score,snippet")
    );
    assert_eq!(lines.filter(|l| l.contains("corpus/")).count(), 2, "{csv}");
    assert!(
        stderr(&o).contains("2 of 5 matching documents written"),
        "{}",
        stderr(&o)
    );
    let o = vanban(
        dir.path(),
        &["--index", idx, "search", "--csv", "--json", "tuyên truyền"],
    );
    assert_eq!(o.status.code(), Some(2));

    let o = vanban(
        dir.path(),
        &["--index", idx, "search", "--sort", "size", "x"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("newest"), "{}", stderr(&o));
}

#[test]
fn index_location_from_environment() {
    let dir = copy_of_corpus();
    let o = common::vanban_command(dir.path())
        .args(["index"])
        .env("VANBAN_INDEX", "from-env")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("from-env/meta.json").is_file());
}

#[test]
fn binary_and_empty_files_are_skipped_and_counted() {
    let dir = copy_of_corpus();
    std::fs::write(
        dir.path().join("corpus/scan.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("corpus/blob.dat"),
        b"\x00\x01\x02\x03\xff\x00\x10",
    )
    .unwrap();
    std::fs::write(dir.path().join("corpus/empty.txt"), b"").unwrap();
    let o = vanban(dir.path(), &["index", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("skipped corpus/scan.png: unsupported file type"),
        "{err}"
    );
    assert!(
        err.contains("skipped corpus/blob.dat: binary file"),
        "{err}"
    );
    assert!(
        err.contains("skipped corpus/empty.txt: empty file"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["added"], 5);
    assert_eq!(v["skipped"], 3);
    assert_eq!(v["failed"], 0);
}

#[test]
fn missing_path_is_an_error() {
    let dir = copy_of_corpus();
    let o = vanban(dir.path(), &["index", "no-such-folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-folder: no such file or folder"));
}

#[test]
fn searches_that_cannot_find_anything_say_why() {
    let dir = copy_of_corpus();
    assert_eq!(
        vanban(dir.path(), &["index", "corpus"]).status.code(),
        Some(0)
    );
    // Nothing to look for: punctuation only, or no line at all.
    for query in ["/", "\"", " - "] {
        let o = vanban(dir.path(), &["search", query]);
        assert_eq!(o.status.code(), Some(2), "{query:?}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("nothing to search for"),
            "{}",
            stderr(&o)
        );
    }
    let o = vanban(dir.path(), &["search", "cai cach", "-n", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("at least 1"), "{}", stderr(&o));
    // Dates that no document can have.
    let o = vanban(dir.path(), &["search", "--from", "2024", "--to", "2023-06"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no date is both"), "{}", stderr(&o));
    // Filters that match nothing are named.
    let o = vanban(dir.path(), &["search", "--issuer", "bộ tài chính"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(r#"nothing found for --issuer "bộ tài chính""#),
        "{}",
        stderr(&o)
    );
    let o = vanban(dir.path(), &["search", "cai cach", "--year", "1999"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(r#"nothing found for "cai cach" with --year "1999""#),
        "{}",
        stderr(&o)
    );
}

#[test]
fn show_says_when_year_or_issuer_rule_out_a_number() {
    let dir = copy_of_corpus();
    assert_eq!(
        vanban(dir.path(), &["index", "corpus"]).status.code(),
        Some(0)
    );
    let o = vanban(dir.path(), &["show", "110/KH-UBND", "--year", "2019"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            r#"no indexed document "110/KH-UBND" is of 2019 (1 without --year and --issuer)"#
        ),
        "{}",
        stderr(&o)
    );
    let o = vanban(dir.path(), &["show", "999/KH-UBND"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(r#"no indexed document is "999/KH-UBND""#),
        "{}",
        stderr(&o)
    );
}

#[test]
fn show_reads_a_number_as_search_and_refs_do_and_shows_one_of_copies() {
    let dir = copy_of_corpus();
    // A copy of the plan under another name: one document, two files.
    let corpus = dir.path().join("corpus");
    let plan = std::fs::read_to_string(corpus.join("001_825a936da22e72ef.txt")).unwrap();
    std::fs::write(corpus.join("ke-hoach-110-ban-sao.txt"), format!("{plan}\n")).unwrap();
    assert_eq!(
        vanban(dir.path(), &["index", "corpus"]).status.code(),
        Some(0)
    );
    for doc in [
        "110/KH-UBND",
        "kh 110",
        "kế hoạch 110",
        "Kế hoạch số 110/KH-UBND ngày 11/01/2021",
    ] {
        let o = vanban(dir.path(), &["show", "--json", doc]);
        assert_eq!(o.status.code(), Some(0), "{doc}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["number"], "110/KH-UBND", "{doc}");
        assert!(
            stderr(&o).contains("the same document is also indexed as"),
            "{doc}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn parse_reads_every_member_of_an_archive_or_the_one_named() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode/archive.zip");
    std::fs::copy(&archive, dir.path().join("luu.zip")).unwrap();
    let paths = |args: &[&str]| -> (Option<i32>, Vec<String>, String) {
        let o = vanban(dir.path(), args);
        let paths = stdout(&o)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        (o.status.code(), paths, stderr(&o))
    };
    let (code, all, err) = paths(&["parse", "--json", "luu.zip"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        all,
        ["luu.zip!/van-ban/tcvn3.txt", "luu.zip!/van-ban/report.docx"]
    );
    let (code, one, err) = paths(&["parse", "--json", "luu.zip!/van-ban/report.docx"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(one, ["luu.zip!/van-ban/report.docx"]);
    let (code, none, err) = paths(&["parse", "--json", "luu.zip!/khong-co.txt"]);
    assert_eq!((code, none.len()), (Some(2), 0));
    assert!(err.contains("no such member in the archive"), "{err}");

    // A member of an archive inside the archive.
    let nested = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode/nested.zip");
    std::fs::copy(&nested, dir.path().join("long.zip")).unwrap();
    let member = "long.zip!/2023/archive.zip!/van-ban/tcvn3.txt";
    let (code, one, err) = paths(&["parse", "--json", member]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(one, [member]);
    // That archive, or a folder: what they hold.
    for within in ["long.zip!/2023/archive.zip", "long.zip!/2023"] {
        let (code, some, err) = paths(&["parse", "--json", within]);
        assert_eq!(code, Some(0), "{within}: {err}");
        assert_eq!(
            some,
            [
                "long.zip!/2023/archive.zip!/van-ban/tcvn3.txt",
                "long.zip!/2023/archive.zip!/van-ban/report.docx"
            ],
            "{within}"
        );
    }
}

#[test]
fn parse_reads_an_archive_of_any_number_of_members() {
    let dir = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    // More than an archive read whole may hold.
    for i in 0..20_001 {
        zip.start_file(format!("{}/kh-{i}.txt", i / 1000), options)
            .unwrap();
        let text = format!("KẾ HOẠCH\nSố: {i}/KH-UBND\nKiểm kê tài sản công năm 2024\n");
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    std::fs::write(dir.path().join("kiem-ke.zip"), bytes).unwrap();
    let o = vanban(dir.path(), &["parse", "--json", "kiem-ke.zip"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 20_001);
    let o = vanban(
        dir.path(),
        &["parse", "--json", "kiem-ke.zip!/20/kh-20000.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["number"], "20000/KH-UBND", "{v}");
}

/// A large archive inside an archive is read member by member, unpacked to
/// the system's temporary folder; read whole when it cannot be.
#[test]
fn parse_reads_a_large_archive_inside_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    let zip_of = |members: &[(String, Vec<u8>)], method| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, bytes) in members {
            zip.start_file(name.as_str(), options).unwrap();
            std::io::Write::write_all(&mut zip, bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    };
    // Some 4.5 MB, more than a batch holds once unpacked.
    let reports: Vec<(String, Vec<u8>)> = (0..300)
        .map(|i| {
            let mut text = format!("BÁO CÁO\nSố: {i}/BC-UBND\nKết quả thu hoạch lúa\n");
            while text.len() < 15_000 {
                text.push_str("Thôn đã thu hoạch lúa xong trên diện tích của vụ đông xuân. ");
            }
            (format!("2024/bc-{i}.txt"), text.into_bytes())
        })
        .collect();
    let inner = zip_of(&reports, zip::CompressionMethod::Stored);
    let outer = zip_of(
        &[("2024.zip".to_string(), inner)],
        zip::CompressionMethod::Deflated,
    );
    std::fs::write(dir.path().join("nam.zip"), outer).unwrap();
    for tmp in [std::env::temp_dir(), dir.path().join("khong-co")] {
        let o = common::vanban_command(dir.path())
            .args(["parse", "--json", "nam.zip"])
            .env("TMPDIR", &tmp)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        assert_eq!(out.lines().count(), 300, "{tmp:?}");
        assert!(
            out.contains(r#""path":"nam.zip!/2024.zip!/2024/bc-299.txt""#),
            "{out}"
        );
    }
}
