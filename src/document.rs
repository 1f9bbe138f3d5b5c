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
use crate::header::{self, Header};
use crate::text;

/// Why a file's bytes could not become a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file holds no text at all.
    #[error("empty file")]
    Empty,
    /// NUL bytes or control characters: an image, an executable, ...
    #[error("binary file (not text)")]
    Binary,
    /// Bytes that are not UTF-8 and in no encoding vanban can read.
    #[error("not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
}

/// A document ready to index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// File path, or `archive.zip!/inner/path` for a member of an archive.
    pub path: String,
    /// Hex content hash of the file's bytes.
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
        }
    }
}

/// Hex BLAKE3 hash of a file's bytes: its identity for reindexing.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Reads one file's bytes into a document, or says why it cannot.
pub fn read_document(path: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let (text, encoding) = decode(bytes)?;
    let text = text::nfc(&text).into_owned();
    Ok(analyse(
        path,
        content_hash(bytes),
        bytes.len() as u64,
        text,
        encoding.to_string(),
    ))
}

/// Reads the header and citations of a text already decoded to NFC.
pub fn analyse(path: &str, hash: String, bytes: u64, text: String, encoding: String) -> Document {
    let header = header::parse_header(&text);
    let citations = citation::extract_citations(&text, header.number.as_deref());
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
    }
}

/// Bytes to text: UTF-8, with or without a byte order mark.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    let (body, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom"),
        None => (bytes, "utf-8"),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if looks_binary(body) {
        return Err(ReadError::Binary);
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_string(), encoding)),
        Err(e) => Err(ReadError::NotUtf8(e.valid_up_to())),
    }
}

/// NUL bytes, or many control characters in the first 8 KB: not a text file.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    control * 20 > head.len()
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
    fn rejects_binary_empty_and_invalid_utf8() {
        assert_eq!(
            read_document("a", b"\x89PNG\r\n\x1a\n\0\0\0"),
            Err(ReadError::Binary)
        );
        assert_eq!(read_document("a", b"  \n"), Err(ReadError::Empty));
        assert_eq!(
            read_document("a", b"K\xea ho\xb8ch"),
            Err(ReadError::NotUtf8(1))
        );
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
