//! `vanban index --ocr`: scans read by Tesseract, through the built binary.
//!
//! The tests with the real programs need `tesseract` with its Vietnamese
//! data and `pdftoppm` (Debian, Ubuntu: `apt install tesseract-ocr
//! tesseract-ocr-vie poppler-utils`). Without them they say so and pass,
//! unless `VANBAN_REQUIRE_OCR` is set, as continuous integration sets it:
//! then they fail. The others put stand-ins for the programs on the `PATH`.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{stderr, stdout};

fn scan_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scan")
        .join(name)
}

/// Runs vanban in `cwd` with `path` as its `PATH`.
fn vanban(cwd: &Path, path: &str, args: &[&str]) -> Output {
    common::vanban_command(cwd)
        .args(args)
        .env("PATH", path)
        .output()
        .expect("run vanban")
}

/// A shell script named `name` in `dir`.
fn script(dir: &Path, name: &str, body: &str) {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A folder with `corpus/` holding the given scan fixtures and a plan in
/// plain text, and `bin/` for stand-ins.
fn sandbox(scans: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(dir.path().join("bin")).unwrap();
    for name in scans {
        std::fs::copy(scan_fixture(name), corpus.join(name)).unwrap();
    }
    std::fs::write(
        corpus.join("ke-hoach.txt"),
        "Kế hoạch số 110/KH-UBND về cải cách hành chính năm 2024\n",
    )
    .unwrap();
    dir
}

/// Stand-ins that answer the version and language questions as Tesseract
/// 5 and pdftoppm do; `ocr` is what the stand-in Tesseract does when asked
/// to read an image.
fn stand_ins(bin: &Path, languages: &str, ocr: &str) {
    script(
        bin,
        "tesseract",
        &format!(
            "case \"$1\" in\n\
             --version) echo 'tesseract 5.3.0' ;;\n\
             --list-langs) echo 'List of available languages in \"/usr/share/tessdata/\" (2):'; \
             printf '{languages}\\n' ;;\n\
             *) {ocr} ;;\n\
             esac"
        ),
    );
    script(bin, "pdftoppm", "echo 'pdftoppm version 22.12.0' >&2");
}

#[test]
fn ocr_without_tesseract_is_refused_at_once_and_writes_nothing() {
    let dir = sandbox(&["scan-qd.png"]);
    let bin = dir.path().join("bin");
    let refused = || {
        let o = vanban(
            dir.path(),
            bin.to_str().unwrap(),
            &["--index", "idx", "index", "--ocr", "corpus"],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(!dir.path().join("idx").exists());
        stderr(&o)
    };
    let said = refused();
    assert!(said.contains("--ocr needs Tesseract"), "{said}");
    // Tesseract without Vietnamese, then without pdftoppm.
    stand_ins(&bin, "eng\\nosd", "exit 0");
    let said = refused();
    assert!(said.contains("no data for the language `vie`"), "{said}");
    assert!(said.contains("tesseract-ocr-vie"), "{said}");
    stand_ins(&bin, "eng\\nvie", "exit 0");
    std::fs::remove_file(bin.join("pdftoppm")).unwrap();
    let said = refused();
    assert!(said.contains("--ocr needs pdftoppm"), "{said}");
}

#[test]
fn a_scan_tesseract_fails_on_fails_alone_and_is_named() {
    let dir = sandbox(&["scan-qd.png", "blank.png"]);
    let bin = dir.path().join("bin");
    stand_ins(
        &bin,
        "vie",
        "echo 'Error in pixReadStream: Unknown format: no pix returned' >&2; exit 1",
    );
    let o = vanban(
        dir.path(),
        bin.to_str().unwrap(),
        &["--index", "idx", "index", "--ocr", "--json", "corpus"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (summary["added"].as_u64(), summary["failed"].as_u64()),
        (Some(1), Some(2))
    );
    let err = stderr(&o);
    assert!(
        err.contains(
            "corpus/scan-qd.png: OCR failed: tesseract failed (exit status: 1): \
             Error in pixReadStream: Unknown format: no pix returned"
        ),
        "{err}"
    );
    // Without --ocr an image is not a document, and says how to read it.
    let o = vanban(
        dir.path(),
        bin.to_str().unwrap(),
        &["--index", "idx2", "index", "corpus"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "scan-qd.png: unsupported file type: PNG image (--ocr reads the text of scans)"
        ),
        "{}",
        stderr(&o)
    );
}

/// The real programs, or `None` (with a note) when this machine lacks
/// them and continuous integration does not ask for them.
fn real_tesseract() -> Option<PathBuf> {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let has_vie = langs.is_ok_and(|o| {
        let all = format!("{}{}", stdout(&o), stderr(&o));
        all.lines().any(|l| l.trim() == "vie")
    });
    let pdftoppm = Command::new("pdftoppm").arg("-v").output().is_ok();
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("tesseract"))
            .find(|p| p.is_file())
    });
    match found {
        Some(path) if has_vie && pdftoppm => Some(path),
        _ if std::env::var_os("VANBAN_REQUIRE_OCR").is_some() => panic!(
            "VANBAN_REQUIRE_OCR is set but tesseract with `vie`, or pdftoppm, is missing \
             (apt install tesseract-ocr tesseract-ocr-vie poppler-utils)"
        ),
        _ => {
            eprintln!(
                "skipped: needs tesseract with `vie` and pdftoppm \
                 (apt install tesseract-ocr tesseract-ocr-vie poppler-utils)"
            );
            None
        }
    }
}

#[test]
fn a_page_whose_size_was_written_wrong_is_rendered_at_a_page_s_size() {
    if real_tesseract().is_none() {
        return;
    }
    // The scanned decision on a page three times too large, as a
    // converter that takes a 200 dpi image for 67 dpi writes it.
    let scan = std::fs::read(scan_fixture("scan-qd.pdf")).unwrap();
    let (a4, large) = (
        &b"/MediaBox [ 0 0 595.44 842.04 ]"[..],
        &b"/MediaBox [ 0 0 1786.3 2526.1 ]"[..],
    );
    let at = scan
        .windows(a4.len())
        .position(|w| w == a4)
        .expect("the page's size");
    let mut big = scan.clone();
    big[at..at + a4.len()].copy_from_slice(large);
    let dir = sandbox(&[]);
    std::fs::write(dir.path().join("corpus/big.pdf"), big).unwrap();
    // A Tesseract that says how large the image it is given is.
    let bin = dir.path().join("bin");
    stand_ins(
        &bin,
        "vie",
        "printf 'Quyết định có ảnh cỡ %s điểm\\n' \"$(sed -n 2p \"$1\")\" > \"$2.txt\"",
    );
    std::fs::remove_file(bin.join("pdftoppm")).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let o = vanban(
        dir.path(),
        &path,
        &["--index", "idx", "index", "--ocr", "corpus"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = vanban(
        dir.path(),
        &path,
        &["--index", "idx", "show", "--json", "corpus/big.pdf"],
    );
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = shown["text"].as_str().unwrap();
    // 300 dpi would make it 7443 by 10526 pixels.
    assert_eq!(text, "Quyết định có ảnh cỡ 2481 3508 điểm");
}

fn cache_entries(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("idx/scans")).map_or(0, |d| d.count())
}

#[test]
fn scans_are_read_found_and_read_once() {
    let Some(tesseract) = real_tesseract() else {
        return;
    };
    let dir = sandbox(&[
        "scan-qd.pdf",
        "scan-qd.png",
        "scan-2pages.tif",
        "camscanner.pdf",
        "mixed.pdf",
        "blank.png",
    ]);
    // Tesseract, counting what it is asked to read.
    let bin = dir.path().join("bin");
    let log = dir.path().join("tesseract.log");
    script(
        &bin,
        "tesseract",
        &format!(
            "case \"$1\" in -*) ;; *) echo \"$1\" >> '{}' ;; esac\nexec '{}' \"$@\"",
            log.display(),
            tesseract.display()
        ),
    );
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let index = |extra: &[&str]| {
        let mut args = vec!["--index", "idx", "index", "--ocr", "--json"];
        args.extend_from_slice(extra);
        args.push("corpus");
        let o = vanban(dir.path(), &path, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let read = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .count();
        let _ = std::fs::remove_file(&log);
        (summary, read, stderr(&o))
    };
    let (summary, read, err) = index(&[]);
    // Five scans and the plan; the blank image has no text.
    assert_eq!(summary["added"], 6, "{summary}");
    assert_eq!(summary["skipped"], 1, "{summary}");
    assert!(
        err.contains("blank.png: no text found on the scanned pages"),
        "{err}"
    );
    // One page each, but the TIFF is one image of two pages.
    assert_eq!(read, 6);
    assert_eq!(cache_entries(dir.path()), 6);

    // Found by words typed without diacritics, by number and by type.
    let search = |args: &[&str]| {
        let mut all = vec!["--index", "idx", "search", "--json", "-n", "20"];
        all.extend_from_slice(args);
        let o = vanban(dir.path(), &path, &all);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut paths: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                h["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("corpus/")
                    .to_string()
            })
            .collect();
        paths.sort();
        paths
    };
    let scans = [
        "camscanner.pdf",
        "mixed.pdf",
        "scan-2pages.tif",
        "scan-qd.pdf",
        "scan-qd.png",
    ];
    assert_eq!(search(&["to cong tac kiem tra"]), scans);
    assert_eq!(search(&["--number", "245/QD-UBND"]), scans);
    assert_eq!(search(&["\"Nguyễn Văn Bình\""]), scans);
    let o = vanban(
        dir.path(),
        &path,
        &["--index", "idx", "show", "--json", "corpus/scan-qd.pdf"],
    );
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["encoding"], "ocr", "{shown}");
    assert_eq!(shown["number"], "245/QĐ-UBND", "{shown}");
    assert_eq!(shown["issuer"], "UBND huyện Trà Bồng", "{shown}");

    // Read again from scratch: nothing is recognized twice.
    let (summary, read, _) = index(&["--rebuild"]);
    assert_eq!(summary["updated"], 6, "{summary}");
    assert_eq!(read, 0);
    // A scan removed: its reading goes too, the blank image's stays.
    std::fs::remove_file(dir.path().join("corpus/scan-qd.png")).unwrap();
    let (summary, read, _) = index(&[]);
    assert_eq!(summary["removed"], 1, "{summary}");
    assert_eq!(read, 0);
    assert_eq!(cache_entries(dir.path()), 5);
}
