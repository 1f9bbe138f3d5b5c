//! One document as vanban understands it: the text read from a file and
//! everything found in it, before it goes into the index.
//!
//! [`read_document`] is the pure heart of indexing (bytes in, document or a
//! reason out), so it runs on many files at once and is tested without an
//! index.
//!
//! ```text
//! "UBND TỈNH LONG AN\nSố: 110/KH-UBND ...\nKẾ HOẠCH\nTuyên truyền ..."
//!   → Document { title: "KẾ HOẠCH Tuyên truyền ...", text: <NFC>, ... }
//! ```

use serde::{Deserialize, Serialize};

use crate::citation::{self, Citation};
use crate::decode::{self, DecodeError, Limits};
use crate::header::{self, Header};
use crate::{analysis, text};

/// Why a file (or a member of an archive) gave no document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The file, or `archive.zip!/member`.
    pub path: String,
    /// Why.
    pub error: DecodeError,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.error)
    }
}

impl Unreadable {
    /// Whether the file is simply not a document (binary, empty, a format
    /// vanban does not read) rather than a document that failed to read.
    pub fn is_skip(&self) -> bool {
        matches!(
            self.error,
            DecodeError::Empty
                | DecodeError::EmptyArchive
                | DecodeError::Shadowed
                | DecodeError::Binary
                | DecodeError::Unsupported(_)
                | DecodeError::NoTextLayer
                | DecodeError::NoTextFound
        )
    }
}

/// A document ready to index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// File path, or `archive.zip!/inner/path` for a member of an archive.
    pub path: String,
    /// Hex content hash of the bytes it was read from: the file's, or for
    /// a member of an archive, the member's.
    pub hash: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// The text in NFC: what snippets and offsets refer to.
    pub text: String,
    /// The line shown as the document's title.
    pub title: String,
    /// Source encoding as detected (`utf-8`, ...).
    pub encoding: String,
    /// Things a person should know about how this file was read.
    pub warnings: Vec<String>,
    /// What the header says: number, type, date, issuer, title, signer.
    pub header: Header,
    /// Every document this one cites, in the order cited.
    pub citations: Vec<Citation>,
    /// Whether the text reads like OCR output that lost its diacritics.
    pub garbled: bool,
}

/// What the index stores of a document besides its text (the `meta`
/// field), for `show`, `refs` and the fields of a hit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// See [`Document::title`].
    pub title: String,
    /// See [`Document::encoding`].
    pub encoding: String,
    /// See [`Document::bytes`].
    pub bytes: u64,
    /// See [`Document::warnings`].
    pub warnings: Vec<String>,
    /// See [`Document::header`].
    pub header: Header,
    /// See [`Document::citations`].
    pub citations: Vec<Citation>,
    /// See [`Document::garbled`].
    #[serde(default)]
    pub garbled: bool,
}

impl Document {
    /// The stored part of this document besides its text.
    pub fn meta(&self) -> Meta {
        Meta {
            title: self.title.clone(),
            encoding: self.encoding.clone(),
            bytes: self.bytes,
            warnings: self.warnings.clone(),
            header: self.header.clone(),
            citations: self.citations.clone(),
            garbled: self.garbled,
        }
    }
}

/// BLAKE3 hash of a file's bytes: its identity for reindexing.
pub fn content_digest(bytes: &[u8]) -> blake3::Hash {
    blake3::hash(bytes)
}

/// Reads one file's bytes into its documents: one for a text, a Word,
/// OpenDocument or RTF file or a PDF; one per member for a `.zip`
/// (`archive.zip!/dir/file.txt`). Members that cannot be read come back as
/// [`Unreadable`] beside the rest.
pub fn read_documents(
    path: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Vec<Result<Document, Unreadable>> {
    read_hashed_documents(path, bytes, content_digest(bytes), limits, None)
}

/// [`read_documents`] of bytes whose [`content_digest`] is already known,
/// scans read by `scanner` if there is one (see [`decode::extract_with`]).
pub fn read_hashed_documents(
    path: &str,
    bytes: &[u8],
    digest: blake3::Hash,
    limits: &Limits,
    scanner: Option<&dyn decode::Scanner>,
) -> Vec<Result<Document, Unreadable>> {
    let extracted = match decode::extract_with(path, bytes, limits, scanner) {
        Ok(e) => e,
        Err(error) => {
            return vec![Err(Unreadable {
                path: path.to_string(),
                error,
            })]
        }
    };
    let hash = digest.to_hex().to_string();
    extracted
        .into_iter()
        .map(|x| document_of(path, x, &hash, bytes.len() as u64))
        .collect()
}

/// The document of one text read from the file `path` (its hash `hash`
/// and its size `size`), or of one member of it, an archive:
/// `path!/member`, of the member's size and hash.
pub fn document_of(
    path: &str,
    x: decode::Extracted,
    hash: &str,
    size: u64,
) -> Result<Document, Unreadable> {
    let doc_path = match &x.inner_path {
        Some(inner) => format!("{path}!/{inner}"),
        None => path.to_string(),
    };
    match x.result {
        Ok(decoded) => {
            let size = if x.inner_path.is_some() {
                decoded.text.len() as u64
            } else {
                size
            };
            let hash = x
                .content
                .map_or_else(|| hash.to_string(), |c| c.to_hex().to_string());
            let mut doc = analyse(
                &doc_path,
                hash,
                size,
                decoded.text,
                decoded.encoding.to_string(),
            );
            doc.warnings = decoded.warnings;
            Ok(doc)
        }
        Err(error) => Err(Unreadable {
            path: doc_path,
            error,
        }),
    }
}

/// Reads the `.zip` archive at `path` (named `name`) member by member,
/// handing each document to `each` as it is read, so that an archive of
/// any size and number of members is read in little memory (a large
/// archive inside it as well, see [`decode::nested_file`]: unpacked to the
/// system's temporary folder, or read whole when it cannot be); `member`,
/// if given (`dir/kh.txt`, or inside a nested archive `b.zip!/c.txt`),
/// names the documents wanted: that one, or those of a folder (`dir`) or
/// of an archive (`b.zip`) inside. `false` when the file does not open as
/// an archive or holds no such member: it is then to be read whole, which
/// says why.
pub fn read_archive_members(
    path: &std::path::Path,
    name: &str,
    limits: &Limits,
    scanner: Option<&dyn decode::Scanner>,
    member: Option<&str>,
    mut each: impl FnMut(Result<Document, Unreadable>),
) -> bool {
    let Ok(file) = decode::FileAt::open(path) else {
        return false;
    };
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let Ok(archive) = decode::Archive::open(file) else {
        return false;
    };
    let reading = Members {
        name,
        limits,
        scanner,
        wanted: member,
        nested_limit: limits.max_archive_total.max(size),
    };
    reading.read(&archive, "", 0, &mut each)
}

/// The most an archive inside an archive may weigh ([`decode::Member::weight`])
/// to be read whole by [`read_archive_members`], as `index` reads it with
/// its default `--memory`: a heavier one is read member by member.
const NESTED_WHOLE: u64 = 16 << 20;

/// How [`read_archive_members`] reads the members of an archive.
struct Members<'a> {
    name: &'a str,
    limits: &'a Limits,
    scanner: Option<&'a dyn decode::Scanner>,
    wanted: Option<&'a str>,
    /// Most bytes an archive inside may unpack to.
    nested_limit: u64,
}

impl Members<'_> {
    /// Reads the members of `archive`, found at `prefix` (`b.zip!/`, empty
    /// for the file's own) `depth` archives deep in the file; `false` when
    /// none is wanted.
    fn read(
        &self,
        archive: &decode::Archive<decode::FileAt>,
        prefix: &str,
        depth: usize,
        each: &mut impl FnMut(Result<Document, Unreadable>),
    ) -> bool {
        // Whether a path inside the archive is `wanted` or lies within it.
        let within = |path: &str, wanted: &str| {
            path.strip_prefix(wanted).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('/') || rest.starts_with("!/")
            })
        };
        let mut members = archive.members();
        if let Some(wanted) = self.wanted {
            members.retain(|m| {
                let path = format!("{prefix}{}", m.name);
                within(&path, wanted) || within(wanted, &path)
            });
        }
        if members.is_empty() {
            return false;
        }
        for m in &members {
            let heavy = m.weight() > NESTED_WHOLE || m.size > self.limits.max_file_size;
            if m.is_archive() && heavy && !m.shadowed && depth + 1 < self.limits.max_depth {
                let inner = format!("{prefix}{}", m.name);
                let dir = std::env::temp_dir();
                match decode::nested_file(archive, m, self.nested_limit, &dir) {
                    Ok(file) => {
                        if let Ok(nested) = decode::Archive::open(file) {
                            if !nested.members().is_empty() {
                                self.read(&nested, &format!("{inner}!/"), depth + 1, each);
                            } else if self.wanted.is_none_or(|w| within(&inner, w)) {
                                each(Err(Unreadable {
                                    path: format!("{}!/{inner}", self.name),
                                    error: DecodeError::EmptyArchive,
                                }));
                            }
                            continue;
                        }
                    }
                    // Read whole instead.
                    Err(DecodeError::Unpack(_)) => {}
                    Err(error) => {
                        each(Err(Unreadable {
                            path: format!("{}!/{inner}", self.name),
                            error,
                        }));
                        continue;
                    }
                }
            }
            for mut x in archive.clone().extract(m, depth, self.limits, self.scanner) {
                if let Some(inner) = &mut x.inner_path {
                    inner.insert_str(0, prefix);
                }
                let doc = document_of(self.name, x, "", 0);
                let path = match &doc {
                    Ok(d) => &d.path,
                    Err(u) => &u.path,
                };
                let inner = path
                    .strip_prefix(self.name)
                    .and_then(|p| p.strip_prefix("!/"));
                if self
                    .wanted
                    .is_none_or(|wanted| inner.is_some_and(|inner| within(inner, wanted)))
                {
                    each(doc);
                }
            }
        }
        true
    }
}

/// Reads a file that holds one document (not an archive).
pub fn read_document(path: &str, bytes: &[u8]) -> Result<Document, Unreadable> {
    read_hashed_documents(path, bytes, content_digest(bytes), &Limits::default(), None)
        .into_iter()
        .next()
        .unwrap_or_else(|| {
            Err(Unreadable {
                path: path.to_string(),
                error: DecodeError::Empty,
            })
        })
}

/// Reads the header and citations of a text already decoded to NFC.
pub fn analyse(path: &str, hash: String, bytes: u64, text: String, encoding: String) -> Document {
    let header = header::parse_header(&text);
    let citations =
        citation::extract_citations_of(&text, header.number.as_deref(), header.doc_type);
    let garbled = analysis::looks_garbled(&text);
    let title = match &header.title {
        Some(t) if !t.is_empty() => t.clone(),
        _ => first_meaningful_line(&text).unwrap_or_default().to_string(),
    };
    Document {
        path: path.to_string(),
        hash,
        bytes,
        text,
        title,
        encoding,
        warnings: Vec::new(),
        header,
        citations,
        garbled,
    }
}

/// Header lines that say nothing about a document: the national motto, the
/// issuer column, the number line, the place and date line.
fn is_boilerplate(folded: &str) -> bool {
    const STARTS: [&str; 12] = [
        "cong hoa", "doc lap", "dpoc lap", "poc lap", "uy ban", "ubnd", "so:", "so ", "s6",
        "noi nhan", "tm.", "kt.",
    ];
    STARTS.iter().any(|s| folded.starts_with(s))
        || folded.contains("ngay ") && folded.contains(" nam ")
        || folded.contains("chu nghia viet nam")
        || folded.contains("hanh ph") && folded.contains(" do ")
        || folded.chars().filter(|c| c.is_alphanumeric()).count() < 4
}

/// The first line that names the document rather than its header: skips
/// the motto, the issuer and number lines and lines of a few characters.
pub fn first_meaningful_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|line| {
        let folded = text::fold_lower(line);
        !is_boilerplate(&folded)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(bytes: &[u8]) -> DecodeError {
        read_document("a", bytes).unwrap_err().error
    }

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let doc = read_document("a.txt", "Kế hoạch".as_bytes()).unwrap();
        assert_eq!(doc.text, "Kế hoạch");
        assert_eq!(doc.encoding, "utf-8");
        let doc = read_document("a.txt", "\u{feff}Kế hoạch".as_bytes()).unwrap();
        assert_eq!(doc.text, "Kế hoạch");
        assert_eq!(doc.encoding, "utf-8-bom");
    }

    #[test]
    fn decomposed_text_is_stored_composed() {
        let nfd = "Quye\u{302}\u{301}t ddi\u{323}nh";
        let doc = read_document("a.txt", nfd.as_bytes()).unwrap();
        assert_eq!(doc.text, "Quyết ddịnh");
    }

    #[test]
    fn rejects_binary_and_empty_files() {
        assert!(matches!(
            error(b"\x89PNG\r\n\x1a\n\0\0\0"),
            DecodeError::Unsupported(_)
        ));
        assert_eq!(
            error(b"\x00\x01\x02binary\x00\x00\x03"),
            DecodeError::Binary
        );
        assert_eq!(error(b"  \n"), DecodeError::Empty);
    }

    #[test]
    fn reads_legacy_encodings() {
        // "Kế hoạch số 110" in TCVN3 (ABC).
        let doc = read_document("a.txt", b"K\xd5 ho\xb9ch s\xe8 110/KH-UBND").unwrap();
        assert_eq!(doc.text, "Kế hoạch số 110/KH-UBND");
        assert_eq!(doc.encoding, "tcvn3");
    }

    #[test]
    fn title_skips_the_header() {
        let text = "UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM\n\n\
                    TINH LONG AN DPoc 1ap - Tw do - Hanh phic\n\
                    S6:  110/KH-UBND Long An, ngay 11 thang 01 nam 2021\n\
                    KE HOACH\n";
        assert_eq!(first_meaningful_line(text), Some("KE HOACH"));
    }
}
