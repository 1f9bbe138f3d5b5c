//! Turning the bytes of an archive's files into Unicode text.
//!
//! Vietnamese archives hold UTF-8 (with or without a byte-order mark),
//! UTF-16 with a BOM, Windows-1258, and the legacy 8-bit encodings of the
//! 1990s fonts: TCVN3 (ABC, `.VnTime`) and VNI (`VNI-Times`). The same line
//! `Kế hoạch số 110/KH-UBND` arrives as the bytes of `KÕ ho¹ch sè 110/KH-UBND`
//! (TCVN3) or `Keá hoaïch soá 110/KH-UBND` (VNI); [`decode_text`] returns
//! `Kế hoạch số 110/KH-UBND` in NFC for all of them, and says which encoding
//! it read ([`Encoding`]).
//!
//! # How the encoding is detected
//!
//! 1. No bytes at all: [`DecodeError::Empty`].
//! 2. A byte-order mark decides: `EF BB BF` UTF-8, `FF FE` UTF-16LE,
//!    `FE FF` UTF-16BE.
//! 3. Known binary formats (PDF, ZIP, Office 97-2003 files, the archives
//!    vanban does not open: RAR, 7-Zip, gzip, xz, cabinet; images,
//!    executables) are [`DecodeError::Unsupported`] with their name
//!    ([`extract`] reads PDF, ZIP, `.doc` and RTF files before it comes
//!    to this).
//! 4. NUL bytes: UTF-16 without a BOM when they sit on every other byte
//!    (decoded, with a warning); a few stray ones (under 0.1 %) are dropped,
//!    with a warning; else [`DecodeError::Binary`]; so is a text
//!    with more than 1 % control characters.
//! 5. Valid UTF-8 is UTF-8. When all its characters come from Windows-1252
//!    and its words read as Vietnamese only once those characters are taken
//!    as TCVN3 or VNI bytes, it is legacy-font text pasted as Unicode
//!    (a `.VnTime` document converted without a font converter): it is
//!    converted line by line, and the encoding reported is the legacy one.
//! 6. UTF-8 with a few broken bytes among many valid sequences is read as
//!    UTF-8 with the broken bytes replaced, and a warning.
//! 7. Otherwise each 8-bit candidate (TCVN3, VNI, Windows-1258) decodes every
//!    word that has a byte ≥ 0x80. Its score is the mean of two shares of
//!    those words: the well-formed Vietnamese syllables (onset, vowel
//!    nucleus, final consonant, one tone, stop finals only with sắc or nặng)
//!    and the 300 most common marked syllables of administrative prose
//!    (which tell `Công` from the well-formed `Cơng`). The best score wins;
//!    ties go to TCVN3, then VNI. When fewer than 60 % of its words are
//!    well-formed, when it leads the next candidate by less than 0.15, or
//!    when it rests on fewer than 3 words, the result carries a warning such
//!    as `unsure encoding: tcvn3 (score 0.62) vs vni (0.58)`: never silent
//!    mojibake.
//!
//! [`extract`] adds containers: `.docx` (the text of `word/document.xml`),
//! Word `.doc` (the main document's text, from its piece table; Word 6.0
//! and 95 files store bytes in an 8-bit encoding, detected as above),
//! OpenDocument `.odt`, the same two saved as one XML file (Word 2003 XML,
//! `.fodt`), RTF, web pages (`.htm`, `.html`, or a file that
//! starts as one: decoded as above, then the text of the markup), web
//! archives (`.mht`: the page of a MIME message),
//! PDF (page by page), and `.zip` archives whose members are extracted
//! recursively (`archive.zip!/dir/file.txt`). [`extract_with`] also takes a
//! [`Scanner`], which reads images and the PDF pages that are scans
//! (`crate::scan` runs Tesseract); without one, images are not read and
//! scanned pages are left out.

mod container;
mod file_at;
mod html;
mod legacy;
mod mhtml;
mod rtf;
mod word97;

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::text;

#[cfg(test)]
use container::member_name;
pub use container::{
    extract, extract_with, extract_with_limits, windows_name, Archive, Extracted, Limits, Member,
    Scanner,
};
pub use file_at::{nested_file, FileAt, Trouble};

/// Whether a file or folder name is one the system or an office program
/// leaves beside documents, never a document itself: Office's owner files
/// (`~$bao-cao.docx`, written while the document is open) and temporary
/// files (`~WRL0001.tmp`, there while a document is saved), Windows'
/// folder settings and thumbnail caches (`desktop.ini`, `Thumbs.db`), and
/// the recycle bin and system folders of a copied drive (`$RECYCLE.BIN`,
/// `System Volume Information`). Hidden names (`.~lock.bao-cao.docx#`,
/// `.DS_Store`) are left out by whoever lists the files.
pub fn is_system_name(name: &str) -> bool {
    const NAMES: [&str; 7] = [
        "desktop.ini",
        "thumbs.db",
        "ehthumbs.db",
        "ehthumbs_vista.db",
        "$recycle.bin",
        "recycler",
        "system volume information",
    ];
    let office_temp = name.starts_with('~')
        && name.len() > 4
        && name.is_char_boundary(name.len() - 4)
        && name[name.len() - 4..].eq_ignore_ascii_case(".tmp");
    name.starts_with("~$") || office_temp || NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Whether a file or folder named `name` is passed over when files are
/// listed (on disk, in an archive): hidden (`.DS_Store`, `.git`), or left
/// by the system ([`is_system_name`]).
pub fn is_passed_over(name: &[u8]) -> bool {
    name.starts_with(b".") || std::str::from_utf8(name).is_ok_and(is_system_name)
}

/// A text encoding that [`decode_text`] recognizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (`EF BB BF`).
    Utf8Bom,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1258, Microsoft's Vietnamese code page (tones as combining marks).
    Windows1258,
    /// TCVN3 (TCVN 5712:1993 VN3, "ABC"), the `.VnTime` fonts.
    Tcvn3,
    /// VNI-Windows, the `VNI-Times` fonts.
    Vni,
    /// Read off scanned pages by optical character recognition.
    Ocr,
}

impl Encoding {
    /// Short lower-case name: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`,
    /// `windows-1258`, `tcvn3`, `vni`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Ocr => "ocr",
        }
    }

    /// Whether this is one of the 8-bit Vietnamese encodings that
    /// [`encode_legacy`] can write.
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            Encoding::Windows1258 | Encoding::Tcvn3 | Encoding::Vni
        )
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The text of a file, in NFC, with the encoding it was read in and what a
/// person should know about the reading (an unsure detection, replaced bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, Unicode NFC.
    pub text: String,
    /// The encoding the bytes were read in.
    pub encoding: Encoding,
    /// Doubts about the reading, each a sentence for a person.
    pub warnings: Vec<String>,
}

/// Why a file gave no text. Messages name the reason; the caller adds the path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// No bytes, or nothing but white space.
    #[error("empty file")]
    Empty,
    /// An archive without a file in it.
    #[error("archive holds no files")]
    EmptyArchive,
    /// A member of an archive with a later member of the same name, the
    /// one read (an archive added to keeps a file's older copies).
    #[error("an older copy: a later member of the archive has this name, and is the one read")]
    Shadowed,
    /// NUL bytes or many control characters: not text.
    #[error("binary file (not text)")]
    Binary,
    /// A known non-text format, named.
    #[error("unsupported file type: {0}")]
    Unsupported(String),
    /// The bytes could not be read as text in any known encoding.
    #[error("cannot decode text: {0}")]
    Undecodable(String),
    /// A .docx, PDF or .zip that could not be opened or read.
    #[error("damaged or unreadable container: {0}")]
    Container(String),
    /// An archive inside archives deeper than the limit, not opened.
    #[error("archive inside {0} archives, not opened: unpack the outer ones")]
    TooDeep(usize),
    /// A PDF whose pages carry no text, read without a scanner.
    #[error("PDF has no text layer (a scan? --ocr reads it)")]
    NoTextLayer,
    /// Scanned pages on which optical character recognition found no text.
    #[error("no text found on the scanned pages")]
    NoTextFound,
    /// Optical character recognition failed.
    #[error("OCR failed: {0}")]
    Ocr(String),
    /// A document that needs a password to be opened, named by its kind:
    /// its text cannot be read.
    #[error("{0} protected by a password, not read: index a copy saved without it")]
    Encrypted(&'static str),
    /// An archive inside an archive that unpacks to more than an archive
    /// inside may (what keeps a zip bomb from filling the disk).
    #[error(
        "archive inside an archive unpacking to more than {}, not read (the limit: 1024 MB, \
         or the size of the file holding it when larger)",
        size_text(*.limit)
    )]
    NestedTooLarge {
        /// The bytes it may unpack to.
        limit: u64,
    },
    /// An archive inside an archive that could not be unpacked to a
    /// temporary file to be read from.
    #[error("cannot unpack it to a temporary file in {0}")]
    Unpack(String),
    /// Larger than the size limit (a file, or a member of an archive).
    #[error("too large: {} (limit {}, see --max-file-size)", size_text(*.size), size_text(*.limit))]
    TooLarge {
        /// Size of the file or member, in bytes (at least this much).
        size: u64,
        /// The limit it exceeded, in bytes.
        limit: u64,
    },
}

/// A size as people read it: `12 MB`, `300 KB`, `10 bytes`.
fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MB", b.div_ceil(1 << 20)),
        b if b >= 1 << 10 => format!("{} KB", b.div_ceil(1 << 10)),
        b => format!("{b} bytes"),
    }
}

/// Share of control characters above which a byte string is binary.
const MAX_CONTROL_SHARE: f64 = 0.01;
/// Below this share of well-formed syllables an 8-bit detection is unsure.
const SURE_SCORE: f64 = 0.6;
/// The best 8-bit candidate must lead the next one by this much to be sure.
const SURE_MARGIN: f64 = 0.15;
/// Fewer words with high bytes than this make any detection unsure.
const SURE_WORDS: usize = 3;

/// Decodes the bytes of a plain-text file into NFC text, detecting the
/// encoding as the module documentation describes.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with(bytes, from_unicode, None)
}

/// Decodes the bytes of a markup file (a web page) as [`decode_text`] does,
/// but leaves valid UTF-8 as it is: legacy-font text is looked for once the
/// markup is gone and its character references are read. The page's
/// declared `charset`, when it is Windows-1258, settles a tie between
/// 8-bit readings (see [`decode_legacy`]).
fn decode_markup(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let declared = html::declared_encoding(bytes);
    decode_with(bytes, |text| plain(text, Encoding::Utf8), declared)
}

fn decode_with(
    bytes: &[u8],
    utf8: fn(String) -> Decoded,
    declared: Option<Encoding>,
) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let mut decoded = decode_utf8_lenient(rest).unwrap_or_else(|| Decoded {
            text: String::from_utf8_lossy(rest).into_owned(),
            encoding: Encoding::Utf8,
            warnings: vec![
                "invalid UTF-8 after a UTF-8 byte-order mark; bad bytes replaced".into(),
            ],
        });
        decoded.encoding = Encoding::Utf8Bom;
        decoded
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_utf16(rest, Encoding::Utf16Le, Vec::new())
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_utf16(rest, Encoding::Utf16Be, Vec::new())
    } else {
        if let Some(kind) = sniff_binary_format(bytes) {
            return Err(DecodeError::Unsupported(kind.to_string()));
        }
        if bytes.contains(&0) {
            if let Some(encoding) = utf16_without_bom(bytes) {
                return finish(decode_utf16(
                    bytes,
                    encoding,
                    vec![format!(
                        "no byte-order mark; read as {encoding} from its NUL bytes"
                    )],
                ));
            }
            // A few stray NULs in a long text (PDF converters leave them)
            // do not make it binary: drop them and read the rest.
            let nuls = bytecount(bytes, 0);
            if nuls * 1000 > bytes.len() {
                return Err(DecodeError::Binary);
            }
            let mut cleaned = Vec::with_capacity(bytes.len() - nuls);
            cleaned.extend(bytes.iter().copied().filter(|&b| b != 0));
            let mut decoded = decode_with(&cleaned, utf8, declared)?;
            decoded
                .warnings
                .push(format!("{nuls} stray NUL bytes removed"));
            return Ok(decoded);
        }
        if control_share(bytes) > MAX_CONTROL_SHARE {
            return Err(DecodeError::Binary);
        }
        match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => utf8(text.to_string()),
            Err(_) => match decode_utf8_lenient(bytes) {
                Some(decoded) => decoded,
                None => decode_legacy(bytes, declared),
            },
        }
    };
    finish(decoded)
}

/// NFC, and the empty check on the decoded text.
fn finish(mut decoded: Decoded) -> Result<Decoded, DecodeError> {
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if let std::borrow::Cow::Owned(composed) = text::nfc(&decoded.text) {
        decoded.text = composed;
    }
    Ok(decoded)
}

/// Text already in Unicode (a UTF-8 file, a .docx, a PDF): legacy-font text
/// in it is converted, anything else kept as it is.
fn from_unicode(text: String) -> Decoded {
    repair_legacy_in_unicode(&text).unwrap_or_else(|| plain(text, Encoding::Utf8))
}

fn plain(text: String, encoding: Encoding) -> Decoded {
    Decoded {
        text,
        encoding,
        warnings: Vec::new(),
    }
}

/// Names a binary format from its first bytes.
fn sniff_binary_format(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 21] = [
        (b"%PDF-", "PDF document"),
        (
            b"\xDB\xA5\x2D\x00",
            "Word for Windows 2.0 document (older than Word 6.0), not read: save it again in Word",
        ),
        (
            b"\x9B\xA5\x21\x00",
            "Word for Windows 1.x document, not read: save it again in Word",
        ),
        (
            b"\x31\xBE\x00\x00",
            "Word for DOS document, not read: save it again in Word",
        ),
        (
            b"\xFFWPC",
            "WordPerfect document, not read: save it again as .doc or .docx",
        ),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive (empty)"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "Office 97-2003 file (.doc, .xls), not plain text",
        ),
        (b"{\\rtf", "RTF document, not plain text"),
        (
            b"Rar!\x1A\x07",
            "RAR archive (not read: unpack it, or pack it again as .zip)",
        ),
        (
            b"7z\xBC\xAF\x27\x1C",
            "7-Zip archive (not read: unpack it, or pack it again as .zip)",
        ),
        (
            b"\x1F\x8B",
            "gzip file (not read: unpack it, or pack it again as .zip)",
        ),
        (
            b"\xFD7zXZ\x00",
            "xz file (not read: unpack it, or pack it again as .zip)",
        ),
        (
            b"MSCF\0\0\0\0",
            "cabinet archive (not read: unpack it, or pack it again as .zip)",
        ),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"\x7FELF", "executable (ELF)"),
        (b"MZ\x90\x00", "Windows program"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Share of bytes that are control characters other than tab, line feed,
/// carriage return, form feed and the DOS end-of-file mark.
fn bytecount(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().filter(|&&b| b == byte).count()
}

fn control_share(bytes: &[u8]) -> f64 {
    // Without branches, counted in chunks small enough for a byte counter,
    // so that the compiler can count many bytes at once.
    let is_control = |b: u8| {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C) & (b != 0x1A)
            | (b == 0x7F)
    };
    let controls: usize = bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(is_control(b))));
            usize::from(n)
        })
        .sum();
    controls as f64 / bytes.len() as f64
}

/// UTF-16 without a BOM: NUL bytes on one parity in most code units (Latin
/// text), none on the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 >= units * 3 && even * 50 <= units {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= units * 3 && odd * 50 <= units {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], encoding: Encoding, mut warnings: Vec<String>) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| match encoding {
        Encoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
        _ => u16::from_le_bytes([pair[0], pair[1]]),
    });
    let mut bad = 0usize;
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if bad > 0 {
        warnings.push(format!("{bad} unpaired UTF-16 surrogates replaced"));
    }
    if !bytes.len().is_multiple_of(2) {
        warnings.push("odd number of bytes in UTF-16 text; last byte dropped".into());
    }
    Decoded {
        text,
        encoding,
        warnings,
    }
}

/// UTF-8 with a few broken bytes among many valid multi-byte sequences:
/// read as UTF-8 with the bad bytes replaced and a warning. `None` when the
/// broken bytes are too many for that (then it is an 8-bit encoding).
fn decode_utf8_lenient(bytes: &[u8]) -> Option<Decoded> {
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if invalid == 0 {
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Some(plain(text, Encoding::Utf8));
    }
    if multibyte < 20 * invalid {
        return None;
    }
    Some(Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        encoding: Encoding::Utf8,
        warnings: vec![format!(
            "{invalid} invalid UTF-8 sequences replaced with U+FFFD"
        )],
    })
}

/// Decodes bytes in one of the 8-bit encodings (not composed to NFC yet).
fn decode_as(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Tcvn3 => legacy::decode_tcvn3(bytes),
        Encoding::Vni => legacy::decode_vni(bytes),
        Encoding::Windows1258 => legacy::decode_cp1258(bytes),
        Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Ocr => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        Encoding::Utf16Le | Encoding::Utf16Be => decode_utf16(bytes, encoding, Vec::new()).text,
    }
}

/// Encodes Unicode text in one of the 8-bit Vietnamese encodings: the inverse
/// of the decoders, for making test data and fixtures. TCVN3 writes marked
/// capitals with the lower-case codes, as `.VnTimeH` text does. `None` for a
/// non-legacy encoding or a character the encoding cannot write.
pub fn encode_legacy(text: &str, encoding: Encoding) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Tcvn3 => legacy::encode_tcvn3(text),
        Encoding::Vni => legacy::encode_vni(text),
        Encoding::Windows1258 => legacy::encode_cp1258(text),
        _ => None,
    }
}

/// The 8-bit candidates, in the order that breaks ties (most common first in
/// Vietnamese archives).
const LEGACY: [Encoding; 3] = [Encoding::Tcvn3, Encoding::Vni, Encoding::Windows1258];

/// How well one decoding reads as Vietnamese.
#[derive(Debug, Clone, Copy)]
struct Score {
    encoding: Encoding,
    /// Words with a byte ≥ 0x80 (and a letter in some reading).
    words: usize,
    /// Of those, words that decode to a well-formed syllable.
    syllables: usize,
    /// Of those, words that decode to one of the common syllables.
    common: usize,
}

impl Score {
    /// Mean of the share of well-formed syllables and the share of common
    /// ones: well-formed alone cannot tell `Công` from `Cơng`.
    fn ratio(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            (self.syllables + self.common) as f64 / (2 * self.words) as f64
        }
    }
}

/// The 300 most frequent marked syllables of the Công báo texts (NFC, lower
/// case), about 84 % of the marked words of administrative prose.
const COMMON_SYLLABLES: &str = "\
    định của và số công các có động điều ngày được hợp cơ người tư thông tại cấp báo bộ \
    hành thực bảo chức nghiệp năm chính hiện với việc hội về hoặc trường luật tổ lý khoản \
    tháng từ xã vụ đầu đối nước nhà dụng pháp nghị đồng không thời sở này tài hiểm nhân \
    quản bản trình thành nhận chứng làm khác ký hoạt giá sản điểm quyền quyết tế nhiệm án \
    loại dịch dự đổi sơ viên là sử chủ đến tiền thầu để liệu một cáo học liên văn nghề độ \
    phải lập nội trên chỉ giấy hàng phát đơn tổng kết hạn quốc hồ việt thuộc tên đã hiệu bổ \
    đề ngoài trợ lực vị bị giáo địa năng tính dân thể thẩm thuế trưởng hoạch phạm tạo \
    phương phủ kiểm chế sửa bằng mức tiêu quỹ tiếp xuất thủ kế thống tác đăng lượng trách \
    dục cầu đại thì thương xác hình trị mục lương toán bệnh đóng kể vốn sự phụ điện lệ hệ \
    giám mẫu diện kiện tự phân cá hóa xây phí giải nếu khoán dựng đánh thiết phòng hưởng \
    tỉnh sách đủ yêu ứng kỹ triển đào ngành tục kỳ phần chuyên ở căn chuyển thức chương \
    chất quả gồm ủy hướng dẫn trước cứ kèm đảm ngân vật trực vực toàn phép lại kiến vào hộ \
    phiếu nhập bên thị lục quá gửi tích tượng trả mã hỗ phẩm tập tỷ chuẩn nộp bán thuật xử \
    cổ nghĩa trừ dữ áp nơi chưa máy nhất trở hữu rõ nghệ như tương hoàn đất kê trí sát \
    nguồn mô lĩnh phục đó chữa dùng tiết tử tịch đi lợi chấp lưu bố lên mà thuận đang chỉnh \
    nêu vệ cộng họ nguyên dưới biểu cụ lần thường nghiệm khẩu";

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    COMMON_SYLLABLES
        .split_whitespace()
        .map(text::exact_form)
        .collect()
});

/// Scores the readings of `bytes` in each encoding: each run of bytes
/// between ASCII non-letters that holds a byte ≥ 0x80 is decoded alone,
/// stripped of surrounding non-letters, and checked as a syllable. Runs that
/// give no letter in any reading (`…`, `–`) are left out.
fn score_all(bytes: &[u8], encodings: &[Encoding]) -> Vec<Score> {
    score_words(bytes, encodings, true)
}

/// [`score_all`]; `common` counts the common syllables only when asked.
fn score_words(bytes: &[u8], encodings: &[Encoding], common: bool) -> Vec<Score> {
    let mut scores: Vec<Score> = encodings
        .iter()
        .map(|&encoding| Score {
            encoding,
            words: 0,
            syllables: 0,
            common: 0,
        })
        .collect();
    // Per encoding: whether the reading has a letter, is a syllable, is common.
    let mut found = vec![(false, false, false); encodings.len()];
    for word in bytes.split(|b| b.is_ascii() && !b.is_ascii_alphanumeric()) {
        if word.is_ascii() {
            continue;
        }
        for (&encoding, found) in encodings.iter().zip(found.iter_mut()) {
            let decoded = decode_as(word, encoding);
            let composed = text::nfc(&decoded);
            let reading = composed.trim_matches(|c: char| !c.is_alphanumeric());
            let syllable = !reading.is_empty() && is_syllable(reading);
            let is_common = syllable && common && COMMON.contains(&text::exact_form(reading));
            *found = (!reading.is_empty(), syllable, is_common);
        }
        if found.iter().all(|f| !f.0) {
            continue;
        }
        for (score, f) in scores.iter_mut().zip(&found) {
            score.words += 1;
            score.syllables += usize::from(f.1);
            score.common += usize::from(f.2);
        }
    }
    scores
}

/// Reads bytes in the best-scoring 8-bit encoding, warning when unsure.
fn decode_legacy(bytes: &[u8], declared: Option<Encoding>) -> Decoded {
    let mut scores = score_all(bytes, &LEGACY);
    // Stable sort keeps the tie-break order of LEGACY.
    scores.sort_by(|a, b| b.ratio().total_cmp(&a.ratio()));
    let (best, next) = (scores[0], scores[1]);
    // An encoding the file declares (a web page's charset) is taken when
    // its reading is well-formed and not clearly behind the best: a short
    // text may read as well in two encodings (the Windows-1258 bytes of
    // "Sở Y tế" read as well in VNI).
    let declared = declared.and_then(|d| scores.iter().find(|s| s.encoding == d));
    if let Some(d) = declared {
        let well_formed = d.syllables as f64 / d.words.max(1) as f64;
        if d.words > 0 && well_formed >= SURE_SCORE && best.ratio() - d.ratio() < SURE_MARGIN {
            return plain(decode_as(bytes, d.encoding), d.encoding);
        }
    }
    let mut warnings = Vec::new();
    let well_formed = best.syllables as f64 / best.words.max(1) as f64;
    if well_formed < SURE_SCORE || best.ratio() - next.ratio() < SURE_MARGIN {
        warnings.push(format!(
            "unsure encoding: {} (score {:.2}) vs {} ({:.2})",
            best.encoding,
            best.ratio(),
            next.encoding,
            next.ratio()
        ));
    } else if best.words < SURE_WORDS {
        warnings.push(format!(
            "unsure encoding: {} (score {:.2} on only {} words with marks)",
            best.encoding,
            best.ratio(),
            best.words
        ));
    }
    Decoded {
        text: decode_as(bytes, best.encoding),
        encoding: best.encoding,
        warnings,
    }
}

/// Legacy-font text stored as Unicode (TCVN3 or VNI bytes read as
/// Windows-1252, as Word does with `.VnTime` runs): converted line by line
/// when the legacy reading is clearly better than the text as it is.
fn repair_legacy_in_unicode(text: &str) -> Option<Decoded> {
    if text.is_ascii() {
        return None;
    }
    let ratio = |(words, syllables): (usize, usize)| {
        if words == 0 {
            0.0
        } else {
            syllables as f64 / words as f64
        }
    };
    // Only a line of Windows-1252 characters, not all ASCII, can read
    // differently as legacy bytes: an ASCII line reads the same in every
    // encoding, and a line with any other character is kept as it is.
    let mut lines: Vec<(&str, usize)> = Vec::new();
    let mut words = 0;
    for line in cp1252_lines(text) {
        let here = unicode_words(line);
        words += here;
        lines.push((line, here));
    }
    // The text as it is, then line by line in TCVN3 and VNI. A legacy
    // reading of a line counts at most the words of the line as it is, each
    // at most a syllable: once neither reading can pass the tests below
    // whatever the lines left give, the text stays as it is. (The margin
    // keeps rounding on the safe side.)
    let as_is = lines.iter().fold((0, 0), |(words, syllables), (line, _)| {
        let here = score_unicode(line);
        (words + here.0, syllables + here.1)
    });
    debug_assert_eq!(as_is.0, words);
    const MARGIN: f64 = 1e-9;
    let hopeless = |totals: &[(usize, usize); 2], left: usize| {
        totals.iter().all(|&(read, syllables)| {
            let best = ratio((read + left, syllables + left));
            read + left < 3 || best < 0.8 - MARGIN || best - ratio(as_is) < 0.3 - MARGIN
        })
    };
    // (words, syllables) in TCVN3 and in VNI: the candidates (a
    // Windows-1258 reading only decides whether a word counts).
    let mut totals = [(0usize, 0usize); 2];
    let mut left = words;
    if hopeless(&totals, left) {
        return None;
    }
    // Words repeat: each is scored once.
    let mut memo: FxHashMap<&str, LegacyWord> = FxHashMap::default();
    let mut scored = Vec::with_capacity(lines.len());
    for (line, line_words) in lines {
        let words = line
            .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
            .filter(|word| !word.is_ascii());
        for word in words {
            let found = *memo.entry(word).or_insert_with(|| LegacyWord::of(word));
            if found.counted {
                for (total, syllable) in totals.iter_mut().zip(found.syllables) {
                    *total = (total.0 + 1, total.1 + usize::from(syllable));
                }
            }
        }
        scored.push(line);
        left -= line_words;
        if hopeless(&totals, left) {
            return None;
        }
    }
    let (best, encoding) = totals
        .iter()
        .zip([Encoding::Tcvn3, Encoding::Vni])
        .max_by(|a, b| ratio(*a.0).total_cmp(&ratio(*b.0)))?;
    if best.0 < 3 || ratio(*best) < 0.8 || ratio(*best) - ratio(as_is) < 0.3 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut candidates = scored.iter().peekable();
    for line in text.split_inclusive('\n') {
        let bytes = candidates
            .next_if(|l| std::ptr::eq(**l, line))
            .map(|_| -> Vec<u8> { line.chars().filter_map(legacy::cp1252_byte).collect() });
        match bytes {
            Some(bytes)
                if score_words(&bytes, &[encoding], false)[0].syllables
                    >= score_unicode(line).1 =>
            {
                out.push_str(&decode_as(&bytes, encoding));
            }
            _ => out.push_str(line),
        }
    }
    Some(plain(out, encoding))
}

/// The lines of `text`, each with its line feed as `split_inclusive('\n')`
/// gives them, that are not all ASCII and hold only characters of
/// Windows-1252; read in one pass, leaving a line at its first other
/// character.
fn cp1252_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let mut i = start;
        let mut ascii = true;
        let mut cp1252 = true;
        while i < bytes.len() && bytes[i] != b'\n' {
            if bytes[i].is_ascii() {
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or_default();
            if legacy::cp1252_byte(c).is_none() {
                cp1252 = false;
                i = line_feed(bytes, i).unwrap_or(bytes.len());
                break;
            }
            ascii = false;
            i += c.len_utf8();
        }
        let end = (i + 1).min(bytes.len());
        if cp1252 && !ascii {
            lines.push(&text[start..end]);
        }
        start = end;
    }
    lines
}

/// The first line feed in `bytes` from `from` on, looked for 16 bytes at a
/// time without branches.
fn line_feed(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    for chunk in bytes[from..].chunks(16) {
        if chunk.iter().fold(0u8, |n, &b| n | u8::from(b == b'\n')) != 0 {
            return chunk.iter().position(|&b| b == b'\n').map(|i| at + i);
        }
        at += chunk.len();
    }
    None
}

/// How a word of legacy-font text stored as Unicode reads in the legacy
/// encodings, as [`score_words`] scores it.
#[derive(Debug, Clone, Copy)]
struct LegacyWord {
    /// Some reading (TCVN3, VNI or Windows-1258) has a letter.
    counted: bool,
    /// The TCVN3 and the VNI readings are syllables.
    syllables: [bool; 2],
}

impl LegacyWord {
    /// `word`: Windows-1252 characters, not all ASCII, none an ASCII
    /// non-letter.
    fn of(word: &str) -> LegacyWord {
        let bytes: Vec<u8> = word.chars().filter_map(legacy::cp1252_byte).collect();
        let reading = |encoding| {
            let decoded = decode_as(&bytes, encoding);
            let composed = text::nfc(&decoded);
            let reading = composed.trim_matches(|c: char| !c.is_alphanumeric());
            (
                !reading.is_empty(),
                !reading.is_empty() && is_syllable(reading),
            )
        };
        let (tcvn3, vni) = (reading(Encoding::Tcvn3), reading(Encoding::Vni));
        LegacyWord {
            counted: tcvn3.0 || vni.0 || reading(Encoding::Windows1258).0,
            syllables: [tcvn3.1, vni.1],
        }
    }
}

/// The words that [`score_unicode`] counts.
fn unicode_words(text: &str) -> usize {
    text.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_ascii())
        .count()
}

/// (words with a non-ASCII letter, of which syllables) in Unicode text.
fn score_unicode(text: &str) -> (usize, usize) {
    let mut words = 0;
    let mut syllables = 0;
    for word in text.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric()) {
        if word.is_ascii() {
            continue;
        }
        words += 1;
        let letters = word.trim_matches(|c: char| !c.is_alphanumeric());
        if !letters.is_empty() && is_syllable(&text::nfc(letters)) {
            syllables += 1;
        }
    }
    (words, syllables)
}

/// Initial consonants, longest first.
const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "gh", "gi", "kh", "ch", "th", "tr", "ph", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
/// Final consonants, longest first.
const CODAS: [&str; 8] = ["ch", "ng", "nh", "c", "m", "n", "p", "t"];
/// Vowel nuclei with their glides, without tone.
const NUCLEI: [&str; 52] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo",
    "uây", "uôi", "ươi", "ươu",
];
/// Rarer nuclei (`khuya`, `tuyên`, `khuỷu`, `gia` read as `g` + `ia`).
const NUCLEI_RARE: [&str; 4] = ["uya", "uyê", "uyu", "ya"];

/// Whether a word (any case, NFC) is a well-formed Vietnamese syllable:
/// onset, vowel nucleus, final consonant, at most one tone, and a stop final
/// (`c ch p t`) only with the sắc or nặng tone. A coarse check for scoring
/// decodings, not a dictionary.
///
/// The same answer as [`is_syllable_slow`], from tables: each letter's
/// lower-case decomposition is looked up instead of computed, and the bare
/// letters are looked up among all the syllables the rule allows.
fn is_syllable(word: &str) -> bool {
    let table = &*SYLLABLE_TABLES;
    let mut base = [0u8; 7];
    let mut len = 0;
    let mut tone = None;
    for c in word.chars() {
        let (parts, n) = if c.is_ascii() {
            ([c.to_ascii_lowercase(), '\0', '\0'], 1)
        } else {
            match text::latin_index(c).and_then(|i| table.letters[i]) {
                Some(parts) => parts,
                // A letter the table does not know: decompose it.
                None => return is_syllable_slow(word),
            }
        };
        for &c in &parts[..usize::from(n)] {
            match c {
                '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => {
                    if tone.replace(c).is_some() {
                        return false;
                    }
                }
                '\u{302}' | '\u{306}' | '\u{31B}' => {
                    if len == 0 {
                        return false;
                    }
                    let marked = match (base[len - 1], c) {
                        (A, '\u{302}') => A_CIRCUMFLEX,
                        (A, '\u{306}') => A_BREVE,
                        (E, '\u{302}') => E_CIRCUMFLEX,
                        (O, '\u{302}') => O_CIRCUMFLEX,
                        (O, '\u{31B}') => O_HORN,
                        (U, '\u{31B}') => U_HORN,
                        _ => return false,
                    };
                    base[len - 1] = marked;
                }
                'a'..='z' | 'đ' => {
                    // More than 7 letters is never a syllable.
                    if len == base.len() {
                        return false;
                    }
                    base[len] = base_code(c);
                    len += 1;
                }
                _ => return false,
            }
        }
    }
    let key = base_key(&base[..len]);
    match table.bases.binary_search_by_key(&key, |&(k, _, _)| k) {
        Ok(i) => {
            let (_, plain, stop) = table.bases[i];
            if matches!(tone, Some('\u{301}' | '\u{323}')) {
                stop
            } else {
                plain
            }
        }
        Err(_) => false,
    }
}

/// Codes of the bare letters of a syllable, 1 and up (0 is no letter).
const A: u8 = 1;
const E: u8 = 5;
const O: u8 = 15;
const U: u8 = 21;
const D_STROKE: u8 = 27;
const A_CIRCUMFLEX: u8 = 28;
const A_BREVE: u8 = 29;
const E_CIRCUMFLEX: u8 = 30;
const O_CIRCUMFLEX: u8 = 31;
const O_HORN: u8 = 32;
const U_HORN: u8 = 33;

/// The code of a bare letter (`a`–`z`, `đ`, `â ă ê ô ơ ư`), 0 for others.
fn base_code(c: char) -> u8 {
    match c {
        'a'..='z' => c as u8 - b'a' + 1,
        'đ' => D_STROKE,
        'â' => A_CIRCUMFLEX,
        'ă' => A_BREVE,
        'ê' => E_CIRCUMFLEX,
        'ô' => O_CIRCUMFLEX,
        'ơ' => O_HORN,
        'ư' => U_HORN,
        _ => 0,
    }
}

/// One number for up to 7 bare letters, 6 bits each.
fn base_key(codes: &[u8]) -> u64 {
    codes.iter().fold(0, |key, &c| key << 6 | u64::from(c))
}

/// The tables of [`is_syllable`].
struct SyllableTables {
    /// For each letter of the Latin blocks ([`text::latin_index`]): its
    /// lower-case form decomposed (NFD, at most 3 characters, the first a
    /// starter), or `None` when that does not hold.
    letters: Vec<Option<([char; 3], u8)>>,
    /// Every string of bare letters that the rule makes a syllable, as
    /// (key, a syllable without sắc or nặng, a syllable with sắc or nặng),
    /// sorted by key.
    bases: Vec<(u64, bool, bool)>,
}

static SYLLABLE_TABLES: LazyLock<SyllableTables> = LazyLock::new(|| {
    let letters = text::latin_letters()
        .map(|cp| {
            let c = char::from_u32(cp)?;
            let parts: Vec<char> = unicode_normalization::UnicodeNormalization::nfd(
                text::lower(&c.to_string()).as_str(),
            )
            .collect();
            let starter =
                unicode_normalization::char::canonical_combining_class(*parts.first()?) == 0;
            if !starter || parts.len() > 3 {
                return None;
            }
            let mut out = ['\0'; 3];
            out[..parts.len()].copy_from_slice(&parts);
            Some((out, parts.len() as u8))
        })
        .collect();
    // A syllable's bare letters are an onset, a nucleus and a coda, each
    // possibly empty: try all of them with the rule itself.
    let mut bases = Vec::new();
    for onset in ONSETS.iter().chain([&""]) {
        for nucleus in NUCLEI.iter().chain(&NUCLEI_RARE).chain([&""]) {
            for coda in CODAS.iter().chain([&""]) {
                let letters = format!("{onset}{nucleus}{coda}");
                let codes: Vec<u8> = letters.chars().map(base_code).collect();
                if codes.len() > 7 {
                    continue;
                }
                let plain = fits_rule(&letters, None);
                let stop = fits_rule(&letters, Some('\u{301}'));
                if plain || stop {
                    bases.push((base_key(&codes), plain, stop));
                }
            }
        }
    }
    bases.sort_unstable();
    bases.dedup();
    SyllableTables { letters, bases }
});

/// [`is_syllable`] by decomposing the word: the rule as written.
fn is_syllable_slow(word: &str) -> bool {
    let lower = text::lower(word);
    let mut base = String::with_capacity(lower.len());
    let mut tone = None;
    for c in unicode_normalization::UnicodeNormalization::nfd(lower.as_str()) {
        match c {
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => {
                if tone.replace(c).is_some() {
                    return false;
                }
            }
            '\u{302}' | '\u{306}' | '\u{31B}' => {
                let Some(last) = base.pop() else { return false };
                let marked = match (last, c) {
                    ('a', '\u{302}') => 'â',
                    ('a', '\u{306}') => 'ă',
                    ('e', '\u{302}') => 'ê',
                    ('o', '\u{302}') => 'ô',
                    ('o', '\u{31B}') => 'ơ',
                    ('u', '\u{31B}') => 'ư',
                    _ => return false,
                };
                base.push(marked);
            }
            'a'..='z' | 'đ' => base.push(c),
            _ => return false,
        }
    }
    if base.chars().count() > 7 {
        return false;
    }
    fits_rule(&base, tone)
}

/// Whether bare letters with a tone make a syllable: some onset, then a
/// nucleus and a coda, and a stop coda only with sắc or nặng.
fn fits_rule(base: &str, tone: Option<char>) -> bool {
    let fits = |onset: &str| {
        let Some(rest) = base.strip_prefix(onset) else {
            return false;
        };
        let (nucleus, coda) = match CODAS.iter().find(|c| rest.ends_with(*c)) {
            Some(coda) => (&rest[..rest.len() - coda.len()], *coda),
            None => (rest, ""),
        };
        let nucleus_ok = NUCLEI.contains(&nucleus)
            || NUCLEI_RARE.contains(&nucleus)
            || (nucleus.is_empty() && onset == "gi");
        let tone_ok =
            !matches!(coda, "c" | "ch" | "p" | "t") || matches!(tone, Some('\u{301}' | '\u{323}'));
        nucleus_ok && tone_ok
    };
    ONSETS.iter().any(|o| fits(o)) || fits("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/decode/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn scan_fixture(name: &str) -> Vec<u8> {
        fixture(&format!("../scan/{name}"))
    }

    /// Stands in for Tesseract: says which pages it was asked to read, and
    /// reads each as `page N of a scan` (images: `text`).
    struct Reader {
        text: &'static str,
        asked: std::sync::Mutex<Vec<String>>,
    }

    impl Reader {
        fn new(text: &'static str) -> Reader {
            Reader {
                text,
                asked: std::sync::Mutex::new(Vec::new()),
            }
        }

        fn asked(&self) -> Vec<String> {
            std::mem::take(&mut *self.asked.lock().unwrap())
        }
    }

    impl Scanner for Reader {
        fn pdf_pages(&self, _: &[u8], pages: &[u32]) -> Result<Vec<String>, DecodeError> {
            self.asked
                .lock()
                .unwrap()
                .extend(pages.iter().map(|p| format!("page {p}")));
            Ok(pages
                .iter()
                .map(|p| format!("page {p} of a scan: {}", self.text))
                .collect())
        }

        fn image(&self, _: &[u8], format: &str) -> Result<String, DecodeError> {
            self.asked.lock().unwrap().push(format.to_string());
            Ok(self.text.to_string())
        }
    }

    fn read_with(name: &str, bytes: &[u8], reader: &Reader) -> Result<Decoded, DecodeError> {
        let mut items = extract_with(name, bytes, &Limits::default(), Some(reader))?;
        assert_eq!(items.len(), 1);
        items.remove(0).result
    }

    #[test]
    fn scanned_pages_go_to_the_scanner_and_text_layers_do_not() {
        let reader = Reader::new("Quyết định số 245/QĐ-UBND về Tổ công tác kiểm tra");
        // A scan: its one page is read, and the text is marked as read so.
        let read = read_with("qd.pdf", &scan_fixture("scan-qd.pdf"), &reader).unwrap();
        assert_eq!(reader.asked(), ["page 1"]);
        assert!(read.text.starts_with("page 1 of a scan: Quyết định số 245"));
        assert_eq!(read.encoding, Encoding::Ocr);
        // A phone scan whose only text is the app's watermark is a scan.
        let read = read_with("cs.pdf", &scan_fixture("camscanner.pdf"), &reader).unwrap();
        assert_eq!(reader.asked(), ["page 1"]);
        assert!(!read.text.contains("CamScanner"), "{}", read.text);
        // A report with a decision scanned after it: only page 2 is read,
        // and follows page 1's text layer.
        let read = read_with("mixed.pdf", &scan_fixture("mixed.pdf"), &reader).unwrap();
        assert_eq!(reader.asked(), ["page 2"]);
        let report = read.text.find("31/BC-UBND").expect("page 1's text layer");
        let scan = read
            .text
            .find("page 2 of a scan")
            .expect("page 2's reading");
        assert!(report < scan);
        assert_eq!(read.encoding, Encoding::Ocr);
        // A PDF with a text layer on every page is not scanned.
        let read = read_with("report.pdf", &fixture("report.pdf"), &reader).unwrap();
        assert!(reader.asked().is_empty());
        assert_eq!(read.encoding, Encoding::Utf8);
        // Images, named by their format, under any name.
        for (name, format) in [("scan-qd.png", "png"), ("scan-2pages.tif", "tif")] {
            let read = read_with("anh-chup", &scan_fixture(name), &reader).unwrap();
            assert_eq!(reader.asked(), [format]);
            assert_eq!(read.encoding, Encoding::Ocr);
        }
        // Nothing read off an image, or a few marks and letters (a photo,
        // a logo): not a document.
        for nothing in ["  \n", "| ee Ts — ,, Ww Hh\n8 ~ MMM"] {
            let blank = Reader::new(nothing);
            assert_eq!(
                read_with("blank.png", &scan_fixture("blank.png"), &blank),
                Err(DecodeError::NoTextFound),
                "{nothing}"
            );
        }
        // The scanner's failure is the file's.
        struct Failing;
        impl Scanner for Failing {
            fn pdf_pages(&self, _: &[u8], _: &[u32]) -> Result<Vec<String>, DecodeError> {
                Err(DecodeError::Ocr("tesseract failed".into()))
            }
            fn image(&self, _: &[u8], _: &str) -> Result<String, DecodeError> {
                Err(DecodeError::Ocr("tesseract failed".into()))
            }
        }
        let items = extract_with(
            "qd.pdf",
            &scan_fixture("scan-qd.pdf"),
            &Limits::default(),
            Some(&Failing),
        );
        assert_eq!(items, Err(DecodeError::Ocr("tesseract failed".into())));
    }

    /// A PDF of two pages of text, written by lopdf; the second without a
    /// page size when `broken`, which the text extractor cannot do without.
    fn two_page_pdf(broken: bool) -> Vec<u8> {
        use lopdf::{dictionary, Object, Stream};
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font },
        });
        let mut kids = Vec::new();
        for (n, line) in [
            "Ke hoach so 110/KH-UBND ve cai cach hanh chinh nam 2024",
            "Bao cao so 31/BC-UBND ket qua thuc hien ke hoach",
        ]
        .iter()
        .enumerate()
        {
            let content = format!("BT /F1 12 Tf 72 720 Td ({line}) Tj ET");
            let stream = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
            let mut page = dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => stream,
                "Resources" => resources,
            };
            if n == 0 || !broken {
                page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
            }
            kids.push(Object::from(doc.add_object(page)));
        }
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 2 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn a_pdf_page_the_parser_fails_on_does_not_lose_the_others() {
        let items = extract("kh.pdf", &two_page_pdf(false)).unwrap();
        let read = items[0].result.as_ref().unwrap();
        assert!(read.text.contains("110/KH-UBND") && read.text.contains("31/BC-UBND"));
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        let items = extract("kh.pdf", &two_page_pdf(true)).unwrap();
        let read = items[0].result.as_ref().unwrap();
        assert!(read.text.contains("110/KH-UBND"), "{}", read.text);
        assert!(!read.text.contains("31/BC-UBND"), "{}", read.text);
        assert_eq!(read.warnings.len(), 1);
        assert!(
            read.warnings[0].starts_with("page 2 could not be read in full"),
            "{:?}",
            read.warnings
        );
    }

    #[test]
    fn without_a_scanner_scans_are_named_and_scanned_pages_left_out_with_a_warning() {
        for name in ["scan-qd.pdf", "camscanner.pdf"] {
            assert_eq!(
                extract(name, &scan_fixture(name)),
                Err(DecodeError::NoTextLayer),
                "{name}"
            );
        }
        let items = extract("mixed.pdf", &scan_fixture("mixed.pdf")).unwrap();
        let read = items[0].result.as_ref().unwrap();
        assert!(read.text.contains("31/BC-UBND"));
        assert_eq!(read.encoding, Encoding::Utf8);
        assert_eq!(
            read.warnings,
            ["page 2 is scanned without a text layer, not read (--ocr reads it)"]
        );
        for (name, kind) in [
            ("scan-qd.png", "PNG image"),
            ("scan-2pages.tif", "TIFF image"),
        ] {
            let Err(DecodeError::Unsupported(why)) = extract(name, &scan_fixture(name)) else {
                panic!("{name} not named");
            };
            assert_eq!(why, format!("{kind} (--ocr reads the text of scans)"));
        }
    }

    fn expected(name: &str) -> String {
        String::from_utf8(fixture(name)).unwrap()
    }

    fn unix_lines(text: &str) -> String {
        text.replace("\r\n", "\n")
    }

    /// Real paragraphs from a 2023 report of UBND huyện Trà Bồng and the
    /// Chỉ thị 21/CT-TTg of 2026.
    const PARAGRAPHS: [&str; 5] = [
        "Trên cơ sở Quyết định số 1782/QĐ-UBND ngày 21/12/2022 của Chủ tịch UBND tỉnh Quảng Ngãi ban hành Kế hoạch CCHC năm 2023 tỉnh Quảng Ngãi; Kế hoạch số 40/KH-UBND ngày 02/03/2023 của UBND tỉnh Quảng Ngãi về Tuyên truyền cải cách hành chính năm 2023 trên địa bàn tỉnh Quảng Ngãi.",
        "+ Kế hoạch số 108/KH-UBND ngày 16/8/2022 của UBND huyện về việc truyền thông nâng cao chỉ số cải cách hành chính (PAR INDEX), chỉ số hiệu quả quản trị hành chính công (PAPI), chỉ số năng lực cạnh tranh cấp tỉnh (PCI) của huyện Trà Bồng giai đoạn 2022-2025;",
        "Thực hiện chủ trương của Đảng và các quy định của pháp luật, trong những năm qua việc sắp xếp thôn, làng, ấp, bản, buôn, bon, phum, sóc, tổ dân phố, khu phố, khối phố, khóm, tiểu khu (sau đây gọi chung là thôn, tổ dân phố) trong cả nước đã đạt được kết quả quan trọng.",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 20 tháng 5 năm 2026",
        "Công tác cải cách hành chính được các cấp ủy, chính quyền địa phương quan tâm triển khai thực hiện ngày càng có nhiều chuyển biến, đạt nhiều kết quả tích cực.",
    ];

    #[test]
    fn every_text_fixture_decodes_to_the_expected_text() {
        let want = expected("expected.txt");
        let cases = [
            ("utf8.txt", Encoding::Utf8),
            ("utf8-bom.txt", Encoding::Utf8Bom),
            ("utf16le-bom.txt", Encoding::Utf16Le),
            ("utf16be-bom.txt", Encoding::Utf16Be),
            ("cp1258.txt", Encoding::Windows1258),
            ("tcvn3.txt", Encoding::Tcvn3),
            ("vni.txt", Encoding::Vni),
            ("tcvn3-as-utf8.txt", Encoding::Tcvn3),
        ];
        for (name, encoding) in cases {
            let decoded = decode_text(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(decoded.encoding, encoding, "{name}");
            assert_eq!(unix_lines(&decoded.text), want, "{name}");
            assert!(
                decoded.warnings.is_empty(),
                "{name}: {:?}",
                decoded.warnings
            );
        }
    }

    #[test]
    fn rust_encoders_write_the_same_bytes_as_the_fixture_script() {
        let text = expected("expected.txt").replace('\n', "\r\n");
        for (name, encoding) in [
            ("cp1258.txt", Encoding::Windows1258),
            ("tcvn3.txt", Encoding::Tcvn3),
            ("vni.txt", Encoding::Vni),
        ] {
            assert_eq!(
                encode_legacy(&text, encoding).unwrap(),
                fixture(name),
                "{name}"
            );
        }
        assert_eq!(encode_legacy("Kế", Encoding::Utf8), None);
        assert_eq!(encode_legacy("中", Encoding::Vni), None);
    }

    #[test]
    fn docx_gives_paragraphs_tabs_and_breaks() {
        let items = extract("report.docx", &fixture("report.docx")).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].inner_path, None);
        let decoded = items[0].result.as_ref().unwrap();
        assert_eq!(decoded.text, expected("expected-docx.txt"));
        assert_eq!(decoded.encoding, Encoding::Utf8);
    }

    #[test]
    fn notes_come_after_the_text_in_each_word_processor_format() {
        // One consolidated text saved by LibreOffice in five formats: its
        // title carries a footnote, its first article an endnote, and a
        // text box follows.
        for name in [
            "notes.doc",
            "notes.docx",
            "notes.odt",
            "notes.rtf",
            "notes.xml",
        ] {
            let items = extract(name, &fixture(name)).unwrap();
            let text = &items[0].result.as_ref().unwrap().text;
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(
                lines[..4],
                [
                    "QUỐC HỘI",
                    "Số: 08/VBHN-VPQH",
                    "LUẬT DOANH NGHIỆP",
                    "Điều 1. Phạm vi điều chỉnh"
                ],
                "{name}: {text:?}"
            );
            assert_eq!(
                lines[lines.len() - 2..],
                [
                    "Luật số 03/2022/QH15 sửa đổi, bổ sung một số điều của Luật Đầu tư công, \
                     Luật Doanh nghiệp.",
                    "Nghị định số 01/2021/NĐ-CP về đăng ký doanh nghiệp.",
                ],
                "{name}: {text:?}"
            );
            assert_eq!(text.matches("Nơi nhận").count(), 1, "{name}: {text:?}");
        }
    }

    #[test]
    fn docx_footnotes_and_endnotes_follow_the_text() {
        let part =
            |body: &str| format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
        let paragraph = |text: &str| format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
        let separator = "<w:footnote w:type=\"separator\" w:id=\"-1\">\
                         <w:p><w:r><w:separator/></w:r></w:p></w:footnote>";
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, xml) in [
            (
                "word/document.xml",
                part(&paragraph("Luật Doanh nghiệp, đã được sửa đổi, bổ sung")),
            ),
            (
                "word/footnotes.xml",
                format!(
                    "<w:footnotes>{separator}<w:footnote w:id=\"1\">{}</w:footnote></w:footnotes>",
                    paragraph("Luật số 03/2022/QH15 sửa đổi, bổ sung một số điều")
                ),
            ),
            (
                "word/endnotes.xml",
                format!(
                    "<w:endnotes>{separator}<w:endnote w:id=\"1\">{}</w:endnote></w:endnotes>",
                    paragraph("Nghị định số 01/2021/NĐ-CP")
                ),
            ),
        ] {
            zip.start_file(name, options).unwrap();
            std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let items = extract("vbhn.docx", &bytes).unwrap();
        assert_eq!(
            items[0].result.as_ref().unwrap().text,
            "Luật Doanh nghiệp, đã được sửa đổi, bổ sung\n\
             Luật số 03/2022/QH15 sửa đổi, bổ sung một số điều\n\
             Nghị định số 01/2021/NĐ-CP\n"
        );
    }

    /// Its lines, each without the spaces at its end.
    fn trimmed_lines(text: &str) -> Vec<&str> {
        text.lines().map(str::trim_end).collect()
    }

    #[test]
    fn doc_gives_the_main_text_of_word_97() {
        let items = extract("report.doc", &fixture("report.doc")).unwrap();
        assert_eq!(items.len(), 1);
        let decoded = items[0].result.as_ref().unwrap();
        assert_eq!(decoded.text, expected("expected-docx.txt"));
        assert_eq!(decoded.encoding, Encoding::Utf8);
        // Found by its first bytes, whatever its name.
        let renamed = extract("report", &fixture("report.doc")).unwrap();
        assert_eq!(renamed[0].result, items[0].result);
    }

    #[test]
    fn office_files_give_table_cells_as_lines_and_leave_field_codes_out() {
        let expected = expected("expected.txt");
        let want: Vec<&str> = expected.lines().collect();
        // The issuer's cell, then the motto's, then the body.
        let mut lines = want[..3].to_vec();
        lines.extend([
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ]);
        lines.extend(&want[3..]);
        for name in [
            "header-table.doc",
            "header-table.odt",
            "header-table.rtf",
            "header-table.html",
            "header-table.xml",
            "header-table.fodt",
        ] {
            let items = extract(name, &fixture(name)).unwrap();
            let decoded = items[0].result.as_ref().unwrap();
            assert_eq!(decoded.encoding, Encoding::Utf8, "{name}");
            let got: Vec<&str> = trimmed_lines(&decoded.text)
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(got, lines, "{name}");
            // The cited letter is a link: its field code is left out.
            assert!(!decoded.text.contains("HYPERLINK"), "{name}");
            // Known by its first bytes or its mimetype, whatever its name.
            let renamed = extract("ho-so", &fixture(name)).unwrap();
            assert_eq!(renamed[0].result, items[0].result, "{name}");
        }
    }

    #[test]
    fn office_files_in_a_tcvn3_font_are_converted() {
        let expected = expected("expected.txt");
        let want: Vec<&str> = expected.lines().collect();
        for name in [
            "vntime.doc",
            "vntime.odt",
            "vntime.rtf",
            "vntime.html",
            "vntime.xml",
        ] {
            let items = extract(name, &fixture(name)).unwrap();
            let decoded = items[0].result.as_ref().unwrap();
            assert_eq!(decoded.encoding, Encoding::Tcvn3, "{name}");
            assert_eq!(trimmed_lines(&decoded.text), want, "{name}");
        }
    }

    #[test]
    fn a_web_page_saved_by_word_in_windows_1258_gives_its_paragraphs_alone_or_in_a_web_archive() {
        let expected = expected("expected.txt");
        let mut want: Vec<String> = expected.lines().map(String::from).collect();
        // The last paragraph is a list item: Word writes its bullet as text.
        let last = want.pop().unwrap();
        want.push(format!("- {last}"));
        // The page, the page under another name, and the page in a web
        // archive (quoted-printable, beside a picture), under both names.
        for (name, file) in [
            ("cp1258.htm", "cp1258.htm"),
            ("trang-web.txt", "cp1258.htm"),
            ("cp1258.mht", "cp1258.mht"),
            ("bao-cao", "cp1258.mht"),
            // Named for what it is not: read as what it holds.
            ("bao-cao.htm", "cp1258.mht"),
            ("bao-cao.mht", "cp1258.htm"),
        ] {
            let items = extract(name, &fixture(file)).unwrap();
            let decoded = items[0].result.as_ref().unwrap();
            assert_eq!(decoded.encoding, Encoding::Windows1258, "{name}");
            assert!(
                decoded.warnings.is_empty(),
                "{name}: {:?}",
                decoded.warnings
            );
            assert_eq!(decoded.text.lines().collect::<Vec<_>>(), want, "{name}");
        }
    }

    #[test]
    fn a_web_page_declared_windows_1258_settles_a_tie_between_readings() {
        let text = "Sở Y tế";
        let body = encode_legacy(text, Encoding::Windows1258).unwrap();
        // As plain text, VNI reads these bytes as well: a tie, and a warning.
        let plain = decode_text(&body).unwrap();
        assert!(
            plain.warnings[0].starts_with("unsure encoding"),
            "{plain:?}"
        );
        let mut page =
            b"<html><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1258\"></head><body><p>"
                .to_vec();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</p></body></html>");
        let items = extract("so-y-te.htm", &page).unwrap();
        let decoded = items[0].result.as_ref().unwrap();
        assert_eq!(decoded.encoding, Encoding::Windows1258);
        assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
        assert_eq!(decoded.text.trim_end(), text);
    }

    #[test]
    fn a_web_page_in_a_tcvn3_font_given_as_references_is_converted() {
        let tcvn3 = fixture("tcvn3.txt");
        let mut page = b"<html><body><p><font face=\".VnTime\">".to_vec();
        // Every byte over 0x7F as a numeric reference, as some exporters write them.
        for &b in tcvn3.split(|&b| b == b'\n').next().unwrap() {
            if b < 0x80 {
                page.push(b);
            } else {
                page.extend(format!("&#{};", super::legacy::cp1252_char(b) as u32).bytes());
            }
        }
        page.extend_from_slice(b"</font></p></body></html>");
        assert!(page.is_ascii());
        let items = extract("vntime.htm", &page).unwrap();
        let decoded = items[0].result.as_ref().unwrap();
        assert_eq!(decoded.encoding, Encoding::Tcvn3);
        assert_eq!(
            decoded.text.trim_end(),
            expected("expected.txt").lines().next().unwrap()
        );
    }

    #[test]
    fn doc_text_boxes_follow_the_main_text() {
        let items = extract("text-box.doc", &fixture("text-box.doc")).unwrap();
        let text = &items[0].result.as_ref().unwrap().text;
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "ỦY BAN NHÂN DÂN",
                "HUYỆN TRÀ BỒNG",
                "Công tác tuyên truyền cải cách hành chính năm 2023",
                "DỰ THẢO lần 2"
            ]
        );
    }

    #[test]
    fn odt_leaves_out_deleted_text_comments_and_note_marks_and_puts_notes_last() {
        let xml = concat!(
            "<office:document-content><office:body><office:text>",
            "<text:tracked-changes><text:changed-region><text:deletion>",
            "<text:p>đã xoá</text:p>",
            "</text:deletion></text:changed-region></text:tracked-changes>",
            "<text:h>KẾ HOẠCH</text:h>",
            "<text:p>Số:<text:s text:c=\"3\"/>110/KH-UBND<text:tab/>Long An",
            "<text:line-break/>ngày 11",
            "<office:annotation><text:p>góp ý</text:p></office:annotation>",
            " tháng 01<text:note><text:note-citation>1</text:note-citation>",
            "<text:note-body><text:p>Chú thích</text:p></text:note-body></text:note></text:p>",
            "<text:p/><text:p>A &amp; B</text:p>",
            "</office:text></office:body></office:document-content>",
        );
        let text = container::odt_text(xml.as_bytes()).unwrap();
        // A note comes after the text, as a `.docx`'s does, not inside
        // the paragraph holding it.
        assert_eq!(
            text,
            "KẾ HOẠCH\nSố:   110/KH-UBND\tLong An\nngày 11 tháng 01\n\nA & B\nChú thích\n"
        );
    }

    #[test]
    fn doc_that_is_damaged_or_not_a_word_document_says_so() {
        let mut truncated = fixture("report.doc");
        truncated.truncate(2000);
        assert!(matches!(
            extract("report.doc", &truncated),
            Err(DecodeError::Container(why)) if why.contains("damaged Word document")
        ));
        // A compound file without a WordDocument stream (a workbook).
        let mut book = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        book.create_stream("/Workbook").unwrap();
        let bytes = book.into_inner().into_inner();
        assert!(matches!(
            extract("book.xls", &bytes),
            Err(DecodeError::Unsupported(kind)) if kind.contains("not a Word document")
        ));
    }

    #[test]
    fn word6_documents_are_decoded_like_text_files() {
        // Word 6.0 and 95 store the bytes of the machine's code page, or
        // of the legacy font the text was typed in; paragraphs end in CR.
        let want = expected("expected.txt");
        for (name, encoding) in [
            ("tcvn3.txt", Encoding::Tcvn3),
            ("vni.txt", Encoding::Vni),
            ("cp1258.txt", Encoding::Windows1258),
        ] {
            let text: Vec<u8> = fixture(name).into_iter().filter(|&b| b != b'\n').collect();
            for fast in [false, true] {
                let file = word97::word6_file(&text, b"", b"", fast);
                let items = extract("cong-van.doc", &file).unwrap();
                let decoded = items[0].result.as_ref().unwrap();
                assert_eq!(decoded.encoding, encoding, "{name}");
                assert_eq!(decoded.text, want, "{name}");
                assert!(
                    decoded.warnings.is_empty(),
                    "{name}: {:?}",
                    decoded.warnings
                );
            }
        }
    }

    #[test]
    fn documents_locked_with_a_password_are_named_as_such() {
        // Made by make_locked_fixtures.py, each with the tool an office
        // would use.
        let locked = |name: &str| match extract(name, &fixture(name)) {
            Err(DecodeError::Encrypted(kind)) => kind,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(locked("locked.pdf"), "PDF");
        assert_eq!(locked("locked.docx"), "Office document");
        // The member locked is named; the one in the clear is read.
        let items = extract("locked.zip", &fixture("locked.zip")).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].inner_path.as_deref(), Some("ke-hoach.txt"));
        assert!(matches!(
            items[0].result,
            Err(DecodeError::Encrypted("archive member"))
        ));
        assert!(items[1]
            .result
            .as_ref()
            .unwrap()
            .text
            .contains("Báo cáo số 3"));
        let message = DecodeError::Encrypted("PDF").to_string();
        assert!(message.contains("PDF protected by a password"), "{message}");

        // An OpenDocument text saved with a password: its manifest in the
        // clear lists the encrypted parts, whose bytes do not read as XML.
        let odt = |manifest: &str| {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            for (name, bytes) in [
                ("META-INF/manifest.xml", manifest.as_bytes()),
                (
                    "content.xml",
                    b"\x8f\x13\xc7<\x02\xfe\x99garbled".as_slice(),
                ),
            ] {
                zip.start_file(name, options).unwrap();
                std::io::Write::write_all(&mut zip, bytes).unwrap();
            }
            zip.finish().unwrap().into_inner()
        };
        let entry = r#"<manifest:file-entry manifest:full-path="content.xml">"#;
        let encrypted = format!(
            "{entry}<manifest:encryption-data manifest:checksum-type=\"SHA256\"/>\
             </manifest:file-entry>"
        );
        assert!(matches!(
            extract("ke-hoach.odt", &odt(&encrypted)),
            Err(DecodeError::Encrypted("OpenDocument text"))
        ));
        // The same bytes without that entry: a damaged file.
        let plain = format!("{entry}</manifest:file-entry>");
        assert!(matches!(
            extract("ke-hoach.odt", &odt(&plain)),
            Err(DecodeError::Container(_))
        ));
    }

    /// [`repair_legacy_in_unicode`] as first written: every line converted
    /// and scored, in all three encodings. The fast one must agree.
    fn repair_reference(text: &str) -> Option<Decoded> {
        if text.is_ascii() {
            return None;
        }
        let mut totals = [(0usize, 0usize); 3];
        let mut as_is = (0usize, 0usize);
        let lines: Vec<(&str, Option<Vec<u8>>)> = text
            .split_inclusive('\n')
            .map(|line| (line, line.chars().map(legacy::cp1252_byte).collect()))
            .collect();
        for (line, bytes) in &lines {
            let Some(bytes) = bytes else { continue };
            let here = score_unicode(line);
            as_is = (as_is.0 + here.0, as_is.1 + here.1);
            for (total, s) in totals.iter_mut().zip(score_all(bytes, &LEGACY)) {
                *total = (total.0 + s.words, total.1 + s.syllables);
            }
        }
        let ratio = |(words, syllables): (usize, usize)| {
            if words == 0 {
                0.0
            } else {
                syllables as f64 / words as f64
            }
        };
        let (best, encoding) = totals
            .iter()
            .zip(LEGACY)
            .filter(|(_, e)| *e != Encoding::Windows1258)
            .max_by(|a, b| ratio(*a.0).total_cmp(&ratio(*b.0)))?;
        if best.0 < 3 || ratio(*best) < 0.8 || ratio(*best) - ratio(as_is) < 0.3 {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        for (line, bytes) in &lines {
            match bytes {
                Some(bytes)
                    if score_all(bytes, &[encoding])[0].syllables >= score_unicode(line).1 =>
                {
                    out.push_str(&decode_as(bytes, encoding));
                }
                _ => out.push_str(line),
            }
        }
        Some(plain(out, encoding))
    }

    /// Legacy bytes read as Windows-1252, as Word stores legacy-font runs.
    fn as_cp1252_text(bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|&b| match b {
                0x80.. => legacy::CP1252_HIGH[usize::from(b - 0x80)],
                _ => b as char,
            })
            .collect()
    }

    #[test]
    fn legacy_text_in_unicode_is_repaired_and_clean_text_left_alone() {
        let clean = PARAGRAPHS.join("\n");
        assert_eq!(repair_legacy_in_unicode(&clean), None);
        let ocr = "Tuyén truyén cong tac cai cach hanh chinh nim 2021 trén dia ban huyén.\n\
                   BÁO CÁO\nSé: 110/BC-UBND\nThuc hién Ké hoach sé 40/KH-UBND cua UBND tinh.";
        assert_eq!(repair_legacy_in_unicode(ocr), None);
        let mut texts = vec![clean.clone(), ocr.to_string()];
        for encoding in [Encoding::Tcvn3, Encoding::Vni] {
            let legacy = as_cp1252_text(&encode_legacy(&clean, encoding).unwrap());
            let repaired = repair_legacy_in_unicode(&legacy).unwrap();
            assert_eq!(repaired.encoding, encoding);
            assert_eq!(text::lower(&repaired.text), text::lower(&clean));
            // Legacy lines among Unicode ones: only those are converted.
            let mixed: String = clean
                .split_inclusive('\n')
                .zip(legacy.split_inclusive('\n'))
                .enumerate()
                .map(|(i, (u, l))| if i % 2 == 0 { l } else { u })
                .collect();
            texts.extend([legacy, mixed]);
        }
        for text in &texts {
            for cut in [text.len() / 7, text.len() / 3, text.len()] {
                let mut end = cut;
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let part = &text[..end];
                assert_eq!(
                    repair_legacy_in_unicode(part),
                    repair_reference(part),
                    "{part}"
                );
            }
        }
    }

    #[test]
    fn docx_in_a_tcvn3_font_is_converted() {
        let xml = format!(
            "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
            "KÕ ho¹ch sè 110/KH-UBND ngµy 11 th¸ng 01 n¨m 2021 cña UBND tØnh Long An"
        );
        let text = container_docx_text(xml.as_bytes());
        let decoded = from_unicode(text);
        assert_eq!(decoded.encoding, Encoding::Tcvn3);
        assert_eq!(
            decoded.text,
            "Kế hoạch số 110/KH-UBND ngày 11 tháng 01 năm 2021 của UBND tỉnh Long An\n"
        );
    }

    #[test]
    fn a_docx_text_box_is_read_once() {
        // A text box as Word saves it: the shape for current readers
        // (`mc:Choice`), and a copy for older ones (`mc:Fallback`).
        let text_box = |text: &str| {
            format!("<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>")
        };
        let xml = format!(
            "<w:document xmlns:w=\"w\" xmlns:mc=\"mc\"><w:body>\
             <w:p><w:r><w:t>Số: 12/KH-UBND</w:t></w:r>\
             <w:r><mc:AlternateContent>\
             <mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice>\
             <mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback>\
             </mc:AlternateContent></w:r></w:p>\
             <w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p></w:body></w:document>",
            text_box("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            text_box("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        );
        assert_eq!(
            container_docx_text(xml.as_bytes()),
            "Số: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\n"
        );
    }

    fn container_docx_text(xml: &[u8]) -> String {
        container::docx_text(xml).unwrap()
    }

    #[test]
    fn pdf_text_layer_is_read_and_scans_are_reported() {
        let items = extract("report.pdf", &fixture("report.pdf")).unwrap();
        let decoded = items[0].result.as_ref().unwrap();
        let words: Vec<&str> = decoded.text.split_whitespace().collect();
        let want = "BÁO CÁO Công tác tuyên truyền cải cách hành chính năm 2023";
        assert_eq!(words.join(" "), want);
        assert_eq!(
            extract("scan.pdf", &fixture("scanned.pdf")),
            Err(DecodeError::NoTextLayer)
        );
        assert!(matches!(
            extract("broken.pdf", b"%PDF-1.4\n1 0 obj garbage"),
            Err(DecodeError::Container(_))
        ));
    }

    #[test]
    fn a_file_named_for_a_container_it_is_not_is_read_as_what_it_is() {
        let text = "KẾ HOẠCH\nCải cách hành chính năm 2024\n".as_bytes();
        for name in [
            "ke-hoach.docx",
            "ke-hoach.pdf",
            "ke-hoach.odt",
            "ke-hoach.zip",
        ] {
            let items = extract(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let decoded = items[0]
                .result
                .as_ref()
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(decoded.text.contains("Cải cách hành chính"), "{name}");
        }
        // Bytes that are no text stay what the name says, and fail as it.
        let garbage: Vec<u8> = (0..=255u8).cycle().take(2048).collect();
        assert!(matches!(
            extract("bao-cao.docx", &garbage),
            Err(DecodeError::Container(_))
        ));
        // An archive holding nothing is passed over, not failed.
        let empty = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()))
            .finish()
            .unwrap()
            .into_inner();
        assert_eq!(extract("trong.zip", &empty), Err(DecodeError::EmptyArchive));
    }

    #[test]
    fn zip_members_are_extracted_with_their_inner_paths() {
        let want = expected("expected.txt");
        let items = extract("ho-so.zip", &fixture("archive.zip")).unwrap();
        let paths: Vec<_> = items
            .iter()
            .map(|i| i.inner_path.clone().unwrap())
            .collect();
        assert_eq!(paths, ["van-ban/tcvn3.txt", "van-ban/report.docx"]);
        let tcvn3 = items[0].result.as_ref().unwrap();
        assert_eq!(
            (tcvn3.text.as_str(), tcvn3.encoding),
            (want.as_str(), Encoding::Tcvn3)
        );
        assert_eq!(
            items[1].result.as_ref().unwrap().text,
            expected("expected-docx.txt")
        );

        let nested = extract("nested.zip", &fixture("nested.zip")).unwrap();
        let paths: Vec<_> = nested
            .iter()
            .map(|i| i.inner_path.clone().unwrap())
            .collect();
        assert_eq!(
            paths,
            [
                "2023/archive.zip!/van-ban/tcvn3.txt",
                "2023/archive.zip!/van-ban/report.docx"
            ]
        );
    }

    #[test]
    fn zip_member_names_in_the_windows_code_page_are_read_as_vietnamese() {
        // "Báo cáo/Kế hoạch.txt" as Windows writes it on a Vietnamese
        // system: Windows-1258 bytes, no UTF-8 flag. The zip writer below
        // takes only UTF-8 names, so the name is put in over a placeholder
        // of the same length, in both of the archive's directories.
        let name = encode_legacy("Báo cáo/Kế hoạch.txt", Encoding::Windows1258).unwrap();
        let placeholder = "x".repeat(name.len());
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(placeholder.as_str(), stored).unwrap();
        std::io::Write::write_all(&mut zip, "Kế hoạch số 5/KH-UBND".as_bytes()).unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        let mut patched = 0;
        while let Some(at) = bytes
            .windows(placeholder.len())
            .position(|w| w == placeholder.as_bytes())
        {
            bytes[at..at + name.len()].copy_from_slice(&name);
            patched += 1;
        }
        assert_eq!(patched, 2);
        let items = extract("ho-so.zip", &bytes).unwrap();
        assert_eq!(items[0].inner_path.as_deref(), Some("Báo cáo/Kế hoạch.txt"));
        assert_eq!(
            member_name("Công văn.txt".as_bytes()).as_deref(),
            Some("Công văn.txt")
        );
        // Folders as an old Windows zipper separated them.
        assert_eq!(
            member_name(b"2019\\B\xe1o c\xe1o\\kh.txt").as_deref(),
            Some("2019/Báo cáo/kh.txt")
        );
    }

    #[test]
    fn zip_member_names_are_read_as_unzipping_writes_them() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            (
                "./2024/ke-hoach.txt",
                "Kế hoạch số 12/KH-UBND về cải cách hành chính",
            ),
            ("/bao-cao.txt", "Báo cáo số 13/BC-UBND, bản đầu"),
            ("../../van-ban/quyet-dinh.txt", "Quyết định số 14/QĐ-UBND"),
            ("bao-cao.txt", "Báo cáo số 13/BC-UBND, bản sau"),
            ("./.git/config", "[core]"),
        ] {
            zip.start_file(name, options).unwrap();
            std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
        }
        // A link (`zip -y`) holds its target's path: no document.
        zip.add_symlink("lien-ket.txt", "bao-cao.txt", options)
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let items = extract("ho-so.zip", &bytes).unwrap();
        let read: Vec<_> = items
            .iter()
            .map(|i| {
                let text = match &i.result {
                    Ok(decoded) => decoded.text.as_str(),
                    Err(DecodeError::Shadowed) => "(older copy)",
                    Err(e) => panic!("{e}"),
                };
                (i.inner_path.as_deref().unwrap(), text)
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "2024/ke-hoach.txt",
                    "Kế hoạch số 12/KH-UBND về cải cách hành chính"
                ),
                ("bao-cao.txt", "(older copy)"),
                ("van-ban/quyet-dinh.txt", "Quyết định số 14/QĐ-UBND"),
                ("bao-cao.txt", "Báo cáo số 13/BC-UBND, bản sau"),
            ]
        );
        assert_eq!(member_name(b"./").as_deref(), None);
        // As a Mac writes it: decomposed.
        assert_eq!(
            member_name("Ke\u{302}\u{301} hoa\u{323}ch.txt".as_bytes()).as_deref(),
            Some("Kế hoạch.txt")
        );
    }

    #[test]
    fn a_zip_cut_short_is_not_read_as_the_zip_stored_inside_it() {
        let zip_of = |members: &[(&str, &[u8])]| {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, bytes) in members {
                zip.start_file(*name, stored).unwrap();
                std::io::Write::write_all(&mut zip, bytes).unwrap();
            }
            zip.finish().unwrap().into_inner()
        };
        let inner = zip_of(&[("cv.txt", "Công văn số 78/UBND-VP".as_bytes())]);
        let outer = zip_of(&[
            ("bc.txt", "Báo cáo số 34/BC-UBND".as_bytes()),
            ("luu.zip", &inner),
        ]);
        assert_eq!(extract("ho-so.zip", &outer).unwrap().len(), 2);
        // Its own end record cut off: the one found is the inner zip's.
        let cut = &outer[..outer.len() - 20];
        let Err(err) = extract("ho-so.zip", cut) else {
            panic!("a zip cut short was read");
        };
        assert!(err.to_string().contains("cut short"), "{err}");
    }

    #[test]
    fn zip_limits_stop_bombs_and_deep_nesting() {
        // bomb.zip: a few kilobytes holding 2.25 MB of text.
        let bomb = fixture("bomb.zip");
        assert!(bomb.len() < 20_000);
        let limits = Limits {
            max_file_size: 1 << 20,
            ..Limits::default()
        };
        let items = extract_with_limits("bomb.zip", &bomb, &limits).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].inner_path.as_deref(), Some("big.txt"));
        assert_eq!(
            items[0].result,
            Err(DecodeError::TooLarge {
                size: 2_250_000,
                limit: 1 << 20
            })
        );
        assert!(extract("bomb.zip", &bomb).unwrap()[0].result.is_ok());

        let tiny = Limits {
            max_file_size: 1000,
            ..Limits::default()
        };
        assert!(matches!(
            extract_with_limits("archive.zip", &fixture("archive.zip"), &tiny),
            Err(DecodeError::TooLarge { limit: 1000, .. })
        ));

        let shallow = Limits {
            max_depth: 1,
            ..Limits::default()
        };
        let items = extract_with_limits("n.zip", &fixture("nested.zip"), &shallow).unwrap();
        assert_eq!(items.len(), 1);
        assert!(matches!(items[0].result, Err(DecodeError::TooDeep(1))));

        // The total budget: the first member (573 bytes) fits, the second does not.
        let tight = Limits {
            max_archive_total: 700,
            ..Limits::default()
        };
        let items = extract_with_limits("a.zip", &fixture("archive.zip"), &tight).unwrap();
        assert!(items[0].result.is_ok());
        assert!(matches!(items[1].result, Err(DecodeError::TooLarge { .. })));

        assert!(matches!(
            extract("x.zip", b"PK\x03\x04 not really"),
            Err(DecodeError::Container(_))
        ));
    }

    #[test]
    fn system_files_are_known_by_name() {
        for name in [
            "~$bao-cao.docx",
            "~$KH-110.doc",
            "~WRL0001.tmp",
            "~DF3A2B.TMP",
            "Thumbs.db",
            "desktop.ini",
            "DESKTOP.INI",
            "$RECYCLE.BIN",
            "System Volume Information",
        ] {
            assert!(is_system_name(name), "{name}");
        }
        for name in [
            "bao-cao.docx",
            "~bao-cao.docx",
            "thumbs.db.txt",
            "recycler-2021.txt",
            "bao-cao.tmp",
            "~bản nháp",
            "~bản.tmp.txt",
        ] {
            assert!(!is_system_name(name), "{name}");
        }
    }

    #[test]
    fn bad_input_is_reported_with_its_reason() {
        assert_eq!(decode_text(&fixture("empty.txt")), Err(DecodeError::Empty));
        assert_eq!(
            extract("empty.txt", &fixture("empty.txt")),
            Err(DecodeError::Empty)
        );
        assert_eq!(decode_text(b" \r\n\t\n"), Err(DecodeError::Empty));
        assert_eq!(
            decode_text(&fixture("binary.bin")),
            Err(DecodeError::Binary)
        );
        assert_eq!(
            extract("x.txt", &fixture("binary.bin")),
            Err(DecodeError::Binary)
        );
        assert!(matches!(
            decode_text(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"),
            Err(DecodeError::Unsupported(kind)) if kind.contains(".doc")
        ));
        // Word processors' files older than Word 6.0, under any name.
        for (bytes, name) in [
            (
                &b"\xDB\xA5\x2D\x00\x00\x00\x09\x04"[..],
                "Word for Windows 2.0",
            ),
            (b"\xFFWPC\x10\x00\x00\x00", "WordPerfect"),
        ] {
            for file in ["cong-van.doc", "cong-van"] {
                let Err(DecodeError::Unsupported(kind)) = extract(file, bytes) else {
                    panic!("{name} not named as {file}");
                };
                assert!(
                    kind.starts_with(name) && kind.contains("save it again"),
                    "{kind}"
                );
            }
        }
        // Archives vanban cannot open are named, with what to do.
        for (bytes, name) in [
            (&b"Rar!\x1A\x07\x01\x00\x33\x92\xB5\xE5"[..], "RAR archive"),
            (b"7z\xBC\xAF\x27\x1C\x00\x04", "7-Zip archive"),
            (b"\x1F\x8B\x08\x00\x00\x00", "gzip file"),
        ] {
            let Err(DecodeError::Unsupported(kind)) = extract("ho-so-2021", bytes) else {
                panic!("{name} not named");
            };
            assert!(kind.starts_with(name) && kind.contains(".zip"), "{kind}");
        }
        let big = Limits {
            max_file_size: 10,
            ..Limits::default()
        };
        assert_eq!(
            extract_with_limits("a.txt", b"Ke hoach so 110", &big),
            Err(DecodeError::TooLarge {
                size: 15,
                limit: 10
            })
        );
        assert_eq!(
            DecodeError::NoTextLayer.to_string(),
            "PDF has no text layer (a scan? --ocr reads it)"
        );
    }

    #[test]
    fn utf16_without_bom_is_read_with_a_warning() {
        let bytes: Vec<u8> = "Kế hoạch số 110/KH-UBND"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let decoded = decode_text(&bytes).unwrap();
        assert_eq!(decoded.text, "Kế hoạch số 110/KH-UBND");
        assert_eq!(decoded.encoding, Encoding::Utf16Le);
        assert_eq!(decoded.warnings.len(), 1);
    }

    #[test]
    fn nfd_utf8_becomes_nfc() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Quyết định").collect();
        assert_eq!(decode_text(nfd.as_bytes()).unwrap().text, "Quyết định");
    }

    #[test]
    fn utf8_with_a_stray_byte_is_utf8_with_a_warning() {
        let mut bytes = PARAGRAPHS[0].as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let decoded = decode_text(&bytes).unwrap();
        assert_eq!(decoded.encoding, Encoding::Utf8);
        assert_eq!(decoded.warnings.len(), 1, "{:?}", decoded.warnings);
        assert!(decoded.text.contains('\u{FFFD}'));
    }

    #[test]
    fn real_paragraphs_round_trip_through_every_legacy_encoding() {
        for paragraph in PARAGRAPHS {
            for encoding in LEGACY {
                let bytes = encode_legacy(paragraph, encoding).unwrap();
                let decoded = decode_text(&bytes).unwrap();
                assert_eq!(decoded.encoding, encoding, "{paragraph}");
                assert!(
                    decoded.warnings.is_empty(),
                    "{encoding} {paragraph}: {:?}",
                    decoded.warnings
                );
                if encoding == Encoding::Tcvn3 {
                    // TCVN3 has no code for a marked capital inside mixed case.
                    assert_eq!(text::lower(&decoded.text), text::lower(paragraph));
                } else {
                    assert_eq!(decoded.text, paragraph);
                }
            }
        }
    }

    #[test]
    fn tcvn3_capitals_come_back_on_lines_set_in_capitals() {
        let cases = [
            (
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ),
            ("KẾ HOẠCH", "KẾ HOẠCH"),
            ("Số: 110/KH-UBND", "Số: 110/KH-UBND"),
            ("Ủy ban nhân dân", "ủy ban nhân dân"),
            ("Thực hiện KẾ HOẠCH số 110", "Thực hiện Kế HOẠCH số 110"),
        ];
        for (text, want) in cases {
            let bytes = encode_legacy(text, Encoding::Tcvn3).unwrap();
            assert_eq!(legacy::decode_tcvn3(&bytes), want);
        }
    }

    #[test]
    fn short_or_ambiguous_input_warns() {
        // One marked word: any reading rests on too little.
        let decoded = decode_text(&encode_legacy("Số 5", Encoding::Tcvn3).unwrap()).unwrap();
        assert_eq!(decoded.warnings.len(), 1, "{:?}", decoded.warnings);
        assert!(decoded.warnings[0].starts_with("unsure encoding: "));
        // Bytes that read as Vietnamese in no encoding.
        let decoded =
            decode_text(b"\xAF\xB0\xB1 \xB2\xB3 \xB4\xBA \xC0\xC1 \xC2\xC3 \xC4\xC5").unwrap();
        assert!(
            decoded.warnings[0].contains("unsure encoding"),
            "{:?}",
            decoded.warnings
        );
    }

    #[test]
    fn syllable_tables_agree_with_the_rule() {
        let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
        let mut checked = 0;
        for onset in ONSETS.iter().chain([&"", &"y", &"w", &"f"]) {
            for nucleus in NUCLEI.iter().chain(&NUCLEI_RARE).chain([&"", &"aa", &"ơa"]) {
                for coda in CODAS.iter().chain([&"", &"g", &"h", &"ngh"]) {
                    let bare = format!("{onset}{nucleus}{coda}");
                    let letters: Vec<char> = bare.chars().collect();
                    for tone in tones {
                        for at in 0..letters.len().max(1) {
                            let mut word: String = letters.iter().take(at + 1).collect();
                            word.push_str(tone);
                            word.extend(letters.iter().skip(at + 1));
                            let word = text::nfc(&word).into_owned();
                            for word in [word.clone(), word.to_uppercase(), word + "\u{301}"] {
                                assert_eq!(is_syllable(&word), is_syllable_slow(&word), "{word}");
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 100_000);
        for cp in text::latin_letters() {
            let c = char::from_u32(cp).unwrap();
            for word in [
                format!("{c}"),
                format!("t{c}"),
                format!("ng{c}c"),
                format!("{c}n"),
            ] {
                assert_eq!(is_syllable(&word), is_syllable_slow(&word), "{word}");
            }
        }
    }

    #[test]
    fn syllable_check_accepts_vietnamese_and_rejects_mojibake() {
        for word in [
            "Kế", "hoạch", "NGHĨA", "quyết", "giữ", "gì", "khuya", "nguyễn", "Đảng", "thủy", "hoà",
            "ương", "ở", "yêu",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in [
            "ho¹ch", "Keá", "hoaïch", "C«ng", "n¨m", "®Ò", "hoạchh", "ếế", "xyz", "cáá", "tỏa1",
        ] {
            assert!(!is_syllable(word), "{word}");
        }
        assert!(!is_syllable("kêt"), "stop final needs sắc or nặng");
    }

    /// Detection accuracy on real paragraphs: every `.txt` file under
    /// `$VANBAN_DECODE_CORPUS` gives one paragraph (its first of 200 to 1500
    /// characters), written in each legacy encoding and decoded back.
    /// `VANBAN_DECODE_CORPUS=../shared/data/congbao-8chude/docs cargo test
    /// decode_accuracy -- --ignored --nocapture`
    #[test]
    #[ignore = "needs a corpus directory in VANBAN_DECODE_CORPUS"]
    fn decode_accuracy_on_real_paragraphs() {
        let dir = std::env::var("VANBAN_DECODE_CORPUS").expect("VANBAN_DECODE_CORPUS");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        let mut paragraphs = Vec::new();
        let mut lines = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let found = text
                .split("\n \n")
                .flat_map(|block| block.split("\n\n"))
                .map(|block| block.trim().to_string())
                .find(|p| (200..=1500).contains(&p.chars().count()) && !p.is_ascii());
            if let Some(p) = found {
                paragraphs.push(text::nfc(&p).into_owned());
            }
            // A short line from the middle of the document.
            let candidates: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| (30..=80).contains(&l.chars().count()) && !l.is_ascii())
                .collect();
            if let Some(line) = candidates.get(candidates.len() / 2) {
                lines.push(text::nfc(line).into_owned());
            }
            if paragraphs.len() == 200 {
                break;
            }
        }
        let mut report = Vec::new();
        for (kind, samples, wanted) in
            [("paragraphs", &paragraphs, 95), ("short lines", &lines, 85)]
        {
            for encoding in LEGACY {
                let (mut tried, mut detected, mut exact, mut caseless, mut warned) =
                    (0, 0, 0, 0, 0);
                for p in samples {
                    let Some(bytes) = encode_legacy(p, encoding) else {
                        continue;
                    };
                    tried += 1;
                    let Ok(decoded) = decode_text(&bytes) else {
                        continue;
                    };
                    detected += usize::from(decoded.encoding == encoding);
                    exact += usize::from(decoded.text == *p);
                    caseless += usize::from(text::lower(&decoded.text) == text::lower(p));
                    warned += usize::from(!decoded.warnings.is_empty());
                    if std::env::var_os("DEBUG_DECODE").is_some()
                        && (!decoded.warnings.is_empty() || decoded.encoding != encoding)
                    {
                        eprintln!(
                            "{encoding} -> {} {:?}: {p}",
                            decoded.encoding, decoded.warnings
                        );
                    }
                }
                report.push(format!(
                    "{encoding}: {tried} {kind}, detected {detected}, exact {exact}, exact ignoring case {caseless}, warned {warned}"
                ));
                assert!(detected * 100 >= tried * wanted, "{report:?}");
            }
        }
        let mut unchanged = 0;
        let mut repaired = 0;
        for p in &paragraphs {
            let decoded = decode_text(p.as_bytes()).unwrap();
            unchanged += usize::from(decoded.text == *p && decoded.encoding == Encoding::Utf8);
            if let Some(as_unicode) = encode_legacy(p, Encoding::Tcvn3).and_then(|b| {
                b.iter()
                    .map(|&b| {
                        legacy::CP1252_HIGH
                            .get(usize::from(b.wrapping_sub(0x80)))
                            .copied()
                            .filter(|_| b >= 0x80)
                            .or(Some(b as char))
                    })
                    .collect::<Option<String>>()
            }) {
                let decoded = decode_text(as_unicode.as_bytes()).unwrap();
                repaired += usize::from(text::lower(&decoded.text) == text::lower(p));
            }
        }
        report.push(format!(
            "utf-8: {} paragraphs, unchanged {unchanged}; tcvn3 pasted as Unicode, repaired {repaired}",
            paragraphs.len()
        ));
        println!("{}", report.join("\n"));
        assert_eq!(unchanged, paragraphs.len());
    }

    proptest! {
        #[test]
        fn repair_agrees_with_the_reference(
            lines in proptest::collection::vec("[a-zA-Z0-9 .,:/()-]{0,6}[a-zA-Z ¸µ¶·¹¨©ª«¬®¯ÕÖ×ÒÞáàâãéèêíìóòôõúùýïøäåëûüñö¡¢£¤¥¦§°±²³´»¼½¾¿ÀÁÂÃÈÉÊÌÍÒÓÔÙÚÝ€…“”–ếạộư]{0,30}\n?", 0..12),
        ) {
            let text = lines.concat();
            prop_assert_eq!(repair_legacy_in_unicode(&text), repair_reference(&text));
        }

        #[test]
        fn cp1252_lines_are_the_lines_to_repair(text in "[a-z \n\r…“ếạđÀàé€Œ]{0,30}") {
            let want: Vec<&str> = text
                .split_inclusive('\n')
                .filter(|l| !l.is_ascii() && l.chars().all(|c| legacy::cp1252_byte(c).is_some()))
                .collect();
            prop_assert_eq!(cp1252_lines(&text), want);
        }

        #[test]
        fn syllable_tables_agree_on_any_word(word in "[a-zA-ZđêôơưăâàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹầấậẩẫềếệểễồốộổỗờớợởỡừứựửữằắặẳẵĐÊÔƠƯĂÂÀÁẠẢÃỀẾỆỂỄỜỚỢỞỠÐðİıßŁ\u{300}\u{301}\u{302}\u{303}\u{306}\u{309}\u{31B}\u{323}0-9]{0,9}") {
            prop_assert_eq!(is_syllable(&word), is_syllable_slow(&word));
        }

        #[test]
        fn decode_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            if let Ok(decoded) = decode_text(&bytes) {
                prop_assert!(!decoded.text.trim().is_empty());
            }
        }

        #[test]
        fn extract_never_panics(
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
            name in prop::sample::select(vec!["a.txt", "a.zip", "a.docx", "a.pdf", "a.htm", "a.mht"]),
            prefix in prop::sample::select(vec![
                &b""[..],
                b"PK\x03\x04",
                b"%PDF-1.4\n",
                b"<html><body><p>",
                b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n",
                b"<?xml version=\"1.0\"?><w:wordDocument><w:body><w:p><w:r><w:t>",
                b"<?xml version=\"1.0\"?><office:document office:mimetype=\"application/vnd.oasis.opendocument.text\"><office:body><office:text><text:p>",
            ]),
        ) {
            let mut input = prefix.to_vec();
            input.extend(bytes);
            let _ = extract(name, &input);
        }

        #[test]
        fn vni_and_cp1258_round_trip_any_vietnamese(text in "[a-zA-Z ăâêôơưđĂÂÊÔƠƯĐàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵỲÝỶỸỴÀÁẢÃẠỀẾỂỄỆỜỚỞỠỢ]{0,40}") {
            for encoding in [Encoding::Vni, Encoding::Windows1258] {
                let bytes = encode_legacy(&text, encoding).unwrap();
                prop_assert_eq!(text::nfc(&decode_as(&bytes, encoding)).into_owned(), text.clone());
            }
            let bytes = encode_legacy(&text, Encoding::Tcvn3).unwrap();
            prop_assert_eq!(text::lower(&decode_as(&bytes, Encoding::Tcvn3)), text::lower(&text));
        }
    }
}
