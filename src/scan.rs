//! Reading scanned documents: images, and PDF pages that are images
//! without text, by optical character recognition.
//!
//! vanban leaves the recognition to Tesseract and the rendering of PDF
//! pages to Poppler's `pdftoppm`, two programs made for it, found on the
//! `PATH` when `--ocr` asks for them (Debian, Ubuntu: `apt install
//! tesseract-ocr tesseract-ocr-vie poppler-utils`). A page is rendered in
//! shades of gray (as a PGM: five times faster to write than a PNG),
//! [`LONG_SIDE`] pixels on its long side: an A4 page at 300 dpi, the
//! resolution Tesseract is trained for. Not at a set resolution: a page
//! whose size a scanner or a converter wrote wrong (an image of 2480 pixels
//! taken for 96 dpi makes a page 26 inches wide) would be rendered ten
//! times too large, and read ten times slower. It is read with the
//! Vietnamese model (`vie`, or the languages asked for). Each
//! program runs with one thread (`OMP_THREAD_LIMIT=1`): the files are read
//! in parallel already. A program that fails or runs longer than its time
//! limit fails that file only.
//!
//! Recognition takes a second or more a page, so its text is kept in a
//! cache beside the index (`scans/` in the index folder), one file per page
//! named by the content hash of the scanned file, the page, and a digest of
//! what the reading depends on (Tesseract's version, the languages, the
//! resolution). A file read again (`--rebuild`, a run killed part-way, a
//! copy under another name) is not recognized again. Entries of files no
//! longer indexed nor seen are removed at the end of a run ([`Tesseract::prune`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use wait_timeout::ChildExt;

use crate::decode::{DecodeError, Scanner};

/// Pixels on the long side of a rendered page: an A4 page at 300 dpi.
pub const LONG_SIDE: u32 = 3508;
/// The resolution Tesseract is told a rendered page has: an A4 page's.
const DPI: u32 = 300;
/// The languages read when none are asked for: Vietnamese.
pub const DEFAULT_LANGUAGES: &str = "vie";
/// Longest a page may take to render.
const RENDER_LIMIT: Duration = Duration::from_secs(120);
/// Longest the recognition of one page may take.
const PAGE_LIMIT: Duration = Duration::from_secs(300);
/// Longest the recognition of one image file may take (a multi-page TIFF).
const IMAGE_LIMIT: Duration = Duration::from_secs(1800);
/// The cache's folder, in the index folder.
pub const CACHE_DIR: &str = "scans";
/// Changes when what the cache holds is made differently.
const CACHE_FORMAT: u32 = 1;

/// Why `--ocr` cannot be used on this machine.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Tesseract is not installed, or not on the `PATH`.
    #[error(
        "--ocr needs Tesseract, which was not found: install it (Debian, Ubuntu: \
         apt install tesseract-ocr tesseract-ocr-vie; Windows: the installer of \
         UB Mannheim), and put its folder on the PATH"
    )]
    NoTesseract,
    /// pdftoppm is not installed, or not on the `PATH`.
    #[error(
        "--ocr needs pdftoppm (Poppler) to render the pages of PDF files, which was \
         not found: install it (Debian, Ubuntu: apt install poppler-utils), and put \
         its folder on the PATH"
    )]
    NoPdftoppm,
    /// Tesseract lacks the data of a language asked for.
    #[error(
        "Tesseract has no data for the language `{0}`: install it (Debian, Ubuntu: \
         apt install tesseract-ocr-{0}) or put {0}.traineddata in Tesseract's \
         tessdata folder (it has: {1})"
    )]
    NoLanguage(String, String),
    /// A program that is there but does not answer as it should.
    #[error("cannot run {program}: {reason}")]
    Broken {
        /// The program.
        program: &'static str,
        /// What went wrong.
        reason: String,
    },
}

/// Tesseract and pdftoppm, checked to be there, with a cache of what they
/// read.
#[derive(Debug)]
pub struct Tesseract {
    languages: String,
    cache: Option<PathBuf>,
    /// Digest of what a reading depends on, in every cache entry's name.
    settings: String,
    /// Content hashes of the files read (or found in the cache) since this
    /// value was made: their entries are kept by [`Tesseract::prune`].
    seen: Mutex<HashSet<blake3::Hash>>,
}

impl Tesseract {
    /// Checks that Tesseract, its data for `languages` (`vie`, `vie+eng`)
    /// and pdftoppm are there. `cache` is the folder that keeps what was
    /// read (made when first needed), or `None` for no cache.
    pub fn find(languages: &str, cache: Option<PathBuf>) -> Result<Tesseract, SetupError> {
        let version = tool_output("tesseract", &["--version"], SetupError::NoTesseract)?;
        // Its own words for its version (`tesseract 5.3.0`).
        let version = version
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("tesseract")
            .to_string();
        let listed = tool_output("tesseract", &["--list-langs"], SetupError::NoTesseract)?;
        // The first line says where the data is; then one language a line.
        let installed: Vec<&str> = listed
            .lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        for language in languages.split('+') {
            if !installed.contains(&language) {
                return Err(SetupError::NoLanguage(
                    language.to_string(),
                    installed.join(", "),
                ));
            }
        }
        tool_output("pdftoppm", &["-v"], SetupError::NoPdftoppm)?;
        let settings =
            blake3::hash(format!("{CACHE_FORMAT}\n{version}\n{languages}\n{LONG_SIDE}").as_bytes())
                .to_hex()[..8]
                .to_string();
        Ok(Tesseract {
            languages: languages.to_string(),
            cache,
            settings,
            seen: Mutex::new(HashSet::new()),
        })
    }

    /// Removes the cache entries of files that are neither among `live`
    /// (the content hashes in the index) nor read since this value was
    /// made, and those of other settings. Returns how many were removed.
    pub fn prune(&self, live: &HashSet<blake3::Hash>) -> usize {
        let Some(dir) = &self.cache else {
            return 0;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        let seen = self.seen.lock().expect("not poisoned");
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let keep = cache_entry_of(&name).is_some_and(|(hash, settings)| {
                settings == self.settings && (live.contains(&hash) || seen.contains(&hash))
            });
            if !keep && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    fn cache_path(&self, hash: &blake3::Hash, page: Option<u32>) -> Option<PathBuf> {
        let page = page.map_or_else(String::new, |p| format!("-p{p}"));
        let name = format!("{}{page}-{}.txt", hash.to_hex(), self.settings);
        self.cache.as_ref().map(|dir| dir.join(name))
    }

    fn cached(&self, hash: &blake3::Hash, page: Option<u32>) -> Option<String> {
        std::fs::read_to_string(self.cache_path(hash, page)?).ok()
    }

    /// Keeps a reading. The cache only spares work: a reading it cannot
    /// keep (a full disk) is not an error of the file.
    fn keep(&self, hash: &blake3::Hash, page: Option<u32>, text: &str) {
        let (Some(path), Some(dir)) = (self.cache_path(hash, page), self.cache.as_ref()) else {
            return;
        };
        let made = std::fs::create_dir_all(dir);
        let Ok(mut file) = made.and_then(|()| tempfile::NamedTempFile::new_in(dir)) else {
            return;
        };
        if std::io::Write::write_all(&mut file, text.as_bytes()).is_ok() {
            let _ = file.persist(path);
        }
    }

    fn saw(&self, hash: blake3::Hash) {
        self.seen.lock().expect("not poisoned").insert(hash);
    }

    /// Tesseract's text of the image at `image`, read in `work`, as it
    /// wrote it (the cache keeps it so; [`clean`] is applied on the way
    /// out, and may change without the scans being read again).
    fn recognize(
        &self,
        image: &Path,
        work: &Path,
        dpi: Option<u32>,
        limit: Duration,
    ) -> Result<String, DecodeError> {
        let base = work.join("text");
        let mut command = Command::new("tesseract");
        command.arg(image).arg(&base).arg("-l").arg(&self.languages);
        if let Some(dpi) = dpi {
            command.arg("--dpi").arg(dpi.to_string());
        }
        command.env("OMP_THREAD_LIMIT", "1");
        run(&mut command, "tesseract", work, limit)?;
        std::fs::read_to_string(base.with_extension("txt"))
            .map_err(|e| DecodeError::Ocr(format!("tesseract wrote no text: {e}")))
    }
}

impl Scanner for Tesseract {
    fn pdf_pages(&self, pdf: &[u8], pages: &[u32]) -> Result<Vec<String>, DecodeError> {
        let hash = blake3::hash(pdf);
        self.saw(hash);
        let mut out: Vec<Option<String>> =
            pages.iter().map(|&p| self.cached(&hash, Some(p))).collect();
        let done = |out: Vec<Option<String>>| out.iter().flatten().map(|t| clean(t)).collect();
        if out.iter().all(Option::is_some) {
            return Ok(done(out));
        }
        let work = work_folder()?;
        let input = work.path().join("document.pdf");
        std::fs::write(&input, pdf).map_err(|e| temporary_error(&input, e))?;
        for (text, &page) in out.iter_mut().zip(pages).filter(|(t, _)| t.is_none()) {
            let image = work.path().join("page");
            let mut render = Command::new("pdftoppm");
            render
                .args(["-scale-to", &LONG_SIDE.to_string(), "-gray", "-singlefile"])
                .args(["-f", &page.to_string(), "-l", &page.to_string()])
                .arg(&input)
                .arg(&image);
            run(&mut render, "pdftoppm", work.path(), RENDER_LIMIT)?;
            let image = image.with_extension("pgm");
            let read = self
                .recognize(&image, work.path(), Some(DPI), PAGE_LIMIT)
                .map_err(|e| match e {
                    DecodeError::Ocr(why) => DecodeError::Ocr(format!("page {page}: {why}")),
                    e => e,
                })?;
            let _ = std::fs::remove_file(&image);
            self.keep(&hash, Some(page), &read);
            *text = Some(read);
        }
        Ok(done(out))
    }

    fn image(&self, image: &[u8], format: &str) -> Result<String, DecodeError> {
        let hash = blake3::hash(image);
        self.saw(hash);
        if let Some(text) = self.cached(&hash, None) {
            return Ok(clean(&text));
        }
        let work = work_folder()?;
        let input = work.path().join(format!("image.{format}"));
        std::fs::write(&input, image).map_err(|e| temporary_error(&input, e))?;
        let text = self.recognize(&input, work.path(), None, IMAGE_LIMIT)?;
        self.keep(&hash, None, &text);
        Ok(clean(&text))
    }
}

/// The content hash and settings digest a cache entry is named by.
fn cache_entry_of(name: &str) -> Option<(blake3::Hash, &str)> {
    let stem = name.strip_suffix(".txt")?;
    let hash = blake3::Hash::from_hex(stem.get(..64)?).ok()?;
    let settings = stem.rsplit('-').next()?;
    Some((hash, settings))
}

/// What a program prints on both outputs when it runs briefly (its
/// version, its languages); `missing` when it is not there.
fn tool_output(
    program: &'static str,
    args: &[&str],
    missing: SetupError,
) -> Result<String, SetupError> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => missing,
            _ => SetupError::Broken {
                program,
                reason: e.to_string(),
            },
        })?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Ok(text)
}

/// Runs a program to its end within `limit`, what it says on its error
/// output kept in `work`. A failure names the program and its last words.
fn run(
    command: &mut Command,
    program: &str,
    work: &Path,
    limit: Duration,
) -> Result<(), DecodeError> {
    let log = work.join(format!("{program}.log"));
    let stderr = std::fs::File::create(&log).map_err(|e| temporary_error(&log, e))?;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| DecodeError::Ocr(format!("cannot run {program}: {e}")))?;
    let status = match child.wait_timeout(limit) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(DecodeError::Ocr(format!(
                "{program} ran longer than {} s and was stopped",
                limit.as_secs()
            )));
        }
        Err(e) => return Err(DecodeError::Ocr(format!("{program}: {e}"))),
    };
    if status.success() {
        return Ok(());
    }
    let said = std::fs::read_to_string(&log).unwrap_or_default();
    let last = said
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("(nothing said)");
    Err(DecodeError::Ocr(format!(
        "{program} failed ({status}): {last}"
    )))
}

fn work_folder() -> Result<tempfile::TempDir, DecodeError> {
    tempfile::Builder::new()
        .prefix("vanban-scan")
        .tempdir()
        .map_err(|e| DecodeError::Ocr(format!("cannot make a temporary folder: {e}")))
}

fn temporary_error(path: &Path, e: std::io::Error) -> DecodeError {
    DecodeError::Ocr(format!("cannot write {}: {e}", path.display()))
}

/// Tesseract's text as a document's: without the form feed that ends each
/// page, trailing spaces or runs of empty lines, and with the vowel it
/// sometimes reads twice read once ([`single_vowels`]).
fn clean(text: &str) -> String {
    let text = crate::text::nfc(text);
    let text = single_vowels(&text);
    let mut out = String::with_capacity(text.len());
    let mut empty = 0;
    for line in text.split(['\n', '\x0C']) {
        let line = line.trim_end();
        if line.is_empty() {
            empty += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if empty > 0 { "\n\n" } else { "\n" });
        }
        empty = 0;
        out.push_str(line);
    }
    out
}

/// A vowel Tesseract's Vietnamese model read twice, once with its hat
/// and once without it or without its tone ("TRÀ BỒÔNG" for "TRÀ
/// BỒNG"), read once: the one that carries the tone is kept. No
/// Vietnamese word has two `a`, `e` or `o` side by side where one wears a
/// circumflex, breve or horn (a loanword's "boong", "soóc" wear none, and
/// "ưu" is two `u`s, left alone).
fn single_vowels(text: &str) -> std::borrow::Cow<'_, str> {
    let doubled = |a: char, b: char| {
        let (a, b) = (vowel_marks(a), vowel_marks(b));
        matches!((a, b), (Some(a), Some(b)) if a.base == b.base && (a.hat || b.hat))
    };
    let chars: Vec<char> = text.chars().collect();
    if !chars.windows(2).any(|w| doubled(w[0], w[1])) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() && doubled(chars[i], chars[i + 1]) {
            let toned = |c| vowel_marks(c).is_some_and(|m| m.tone);
            out.push(if toned(chars[i + 1]) && !toned(chars[i]) {
                chars[i + 1]
            } else {
                chars[i]
            });
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What a vowel `a`, `e` or `o` wears.
struct VowelMarks {
    /// The letter without marks, lower case.
    base: char,
    /// A circumflex, breve or horn.
    hat: bool,
    /// A tone mark.
    tone: bool,
}

fn vowel_marks(c: char) -> Option<VowelMarks> {
    let mut base = None;
    let (mut hat, mut tone) = (false, false);
    unicode_normalization::char::decompose_canonical(c, |d| match d {
        '\u{302}' | '\u{306}' | '\u{31B}' => hat = true,
        '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tone = true,
        d if base.is_none() => base = Some(d.to_ascii_lowercase()),
        _ => {}
    });
    base.filter(|b| matches!(b, 'a' | 'e' | 'o'))
        .map(|base| VowelMarks { base, hat, tone })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tesseract_text_loses_page_ends_and_blank_runs() {
        assert_eq!(
            clean("QUYẾT ĐỊNH  \n\n\n\nĐiều 1. Thành lập\nTổ công tác\n\x0C"),
            "QUYẾT ĐỊNH\n\nĐiều 1. Thành lập\nTổ công tác"
        );
        assert_eq!(clean("\x0C\n  \n"), "");
    }

    #[test]
    fn a_vowel_read_twice_is_read_once() {
        assert_eq!(clean("HUYỆN TRÀ BỒÔNG Độc lập"), "HUYỆN TRÀ BỒNG Độc lập");
        assert_eq!(clean("Trà Bôồng, cơờ, Kêế"), "Trà Bồng, cờ, Kế");
        // Words that have two such letters keep them.
        for words in ["xoong nồi, boong tàu, soóc", "ưu tiên, khuôn, tươi"] {
            assert_eq!(clean(words), words);
        }
    }

    #[test]
    fn cache_entries_are_named_by_content_page_and_settings() {
        let hash = blake3::hash(b"scan");
        let name = format!("{}-p3-0123abcd.txt", hash.to_hex());
        assert_eq!(cache_entry_of(&name), Some((hash, "0123abcd")));
        let image = format!("{}-0123abcd.txt", hash.to_hex());
        assert_eq!(cache_entry_of(&image), Some((hash, "0123abcd")));
        assert_eq!(cache_entry_of("notes.txt"), None);
        assert_eq!(cache_entry_of(&format!("{}.tmp", hash.to_hex())), None);
    }
}
