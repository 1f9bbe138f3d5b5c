//! Files that hold text inside a container: Word `.docx` and `.doc` (see
//! `word97`), OpenDocument `.odt`, either saved as one XML file (Word 2003
//! XML, `.fodt`), RTF (see `rtf`), PDF with a text layer,
//! and `.zip` archives, whose members are extracted one by one and
//! named `dir/file.txt` inside the archive (`ho-so.zip!/2021/kh-110.docx`
//! when the caller prefixes the archive's path).

use std::collections::HashSet;
use std::io::{Cursor, Read, Seek};

use quick_xml::events::Event;
use zip::result::ZipError;
use zip::ZipArchive;

use super::{
    decode_legacy, decode_markup, decode_text, finish, from_unicode, html, mhtml, rtf, word97,
    DecodeError, Decoded, Encoding,
};

/// Bounds that protect against huge files and zip bombs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, or decompressed archive member, that is read (bytes).
    pub max_file_size: u64,
    /// Largest total of decompressed members for one archive, nested
    /// archives included (bytes).
    pub max_archive_total: u64,
    /// Deepest nesting of archives inside archives (1: members of a zip
    /// are read, but a zip inside it is not opened).
    pub max_depth: usize,
    /// Most members read from one archive.
    pub max_members: usize,
}

impl Default for Limits {
    /// 64 MiB per file, 1 GiB per archive, 3 levels, 20 000 members.
    fn default() -> Self {
        Limits {
            max_file_size: 64 << 20,
            max_archive_total: 1 << 30,
            max_depth: 3,
            max_members: 20_000,
        }
    }
}

/// The text of one file, or of one member of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Path inside the archive (`dir/file.txt`, nested: `b.zip!/c.txt`);
    /// `None` for the file itself.
    pub inner_path: Option<String>,
    /// Its text, or why it has none.
    pub result: Result<Decoded, DecodeError>,
    /// Content hash of the member's bytes; `None` for the file itself.
    pub content: Option<blake3::Hash>,
}

/// Extracts the text of a file named `name` (its extension and first bytes
/// choose the reader) with the default [`Limits`].
///
/// `Err` when the file as a whole gives no text; for an archive, one
/// [`Extracted`] per member, each with its own result.
pub fn extract(name: &str, bytes: &[u8]) -> Result<Vec<Extracted>, DecodeError> {
    extract_with_limits(name, bytes, &Limits::default())
}

/// [`extract`] with explicit limits.
pub fn extract_with_limits(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Vec<Extracted>, DecodeError> {
    extract_with(name, bytes, limits, None)
}

/// [`extract`] with explicit limits, and a [`Scanner`] that reads the text
/// of scanned pages: images, and PDF pages that are images without text.
/// Without one, an image is not read and a PDF's scanned pages are left
/// out (a PDF of nothing else gives [`DecodeError::NoTextLayer`]).
pub fn extract_with(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    scanner: Option<&dyn Scanner>,
) -> Result<Vec<Extracted>, DecodeError> {
    let mut budget = limits.max_archive_total;
    let readers = Readers { limits, scanner };
    extract_nested(name, bytes, &readers, 0, &mut budget)
}

/// Reads the text of scanned pages: optical character recognition, which
/// vanban leaves to a program made for it (see `crate::scan`).
pub trait Scanner: Sync {
    /// The text of the given pages (numbered from 1) of a PDF, one string
    /// per page asked for, in the same order (empty for a page without
    /// text).
    fn pdf_pages(&self, pdf: &[u8], pages: &[u32]) -> Result<Vec<String>, DecodeError>;
    /// The text of an image, of every page of a multi-page TIFF; `format`
    /// is its usual file extension (`png`, `tif`).
    fn image(&self, image: &[u8], format: &str) -> Result<String, DecodeError>;
}

/// What reading a file may use: its bounds and a scanner, if any.
struct Readers<'a> {
    limits: &'a Limits,
    scanner: Option<&'a dyn Scanner>,
}

/// What reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A ZIP package of another kind of office file (a workbook, a
    /// presentation), named: not read, and not opened as an archive.
    Package(&'static str),
    Doc,
    Docx,
    Odt,
    /// A Word document saved as one XML file (Word 2003's "XML Document",
    /// WordprocessingML): the body of a `.docx` without the ZIP.
    WordXml,
    /// An OpenDocument text saved as one XML file (`.fodt`).
    FlatOdt,
    Rtf,
    Pdf,
    /// An Excel workbook (`.xlsx`).
    Xlsx,
    Zip,
    Html,
    Mhtml,
    /// An image (a scanned page, or a photo), read only by a [`Scanner`].
    Image(Image),
    Text,
}

/// An image format a scanner reads: its name and usual extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Image {
    name: &'static str,
    ext: &'static str,
}

/// The image format of a file, from its first bytes; a BMP (whose two
/// bytes of magic say little) only under its own extension.
fn image_kind(ext: &str, bytes: &[u8]) -> Option<Image> {
    const MAGIC: [(&[u8], &str, &str); 7] = [
        (b"\x89PNG\r\n\x1A\n", "PNG image", "png"),
        (b"\xFF\xD8\xFF", "JPEG image", "jpg"),
        (b"II*\x00", "TIFF image", "tif"),
        (b"MM\x00*", "TIFF image", "tif"),
        (b"GIF8", "GIF image", "gif"),
        (b"\x00\x00\x00\x0CjP  \r\n\x87\n", "JPEG 2000 image", "jp2"),
        (b"BM", "BMP image", "bmp"),
    ];
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Some(Image {
            name: "WebP image",
            ext: "webp",
        });
    }
    MAGIC
        .iter()
        .find(|(magic, _, e)| bytes.starts_with(magic) && (*e != "bmp" || ext == "bmp"))
        .map(|&(_, name, ext)| Image { name, ext })
}

fn kind_of(name: &str, bytes: &[u8]) -> Kind {
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let is_zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
    // The name says what a file is unless its bytes plainly say it is
    // text, a web page or a Word or RTF file (a report saved as text and
    // named `.docx`): those are read as what they are.
    let ext = if matches!(
        ext.as_str(),
        "pdf" | "docx" | "docm" | "dotx" | "odt" | "ott" | "zip"
    ) && !is_zip
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
        && is_something_else(bytes)
    {
        String::new()
    } else {
        ext
    };
    if bytes.starts_with(b"%PDF-") || ext == "pdf" {
        Kind::Pdf
    } else if bytes.starts_with(word97::MAGIC) {
        Kind::Doc
    } else if bytes.starts_with(rtf::MAGIC) {
        Kind::Rtf
    } else if matches!(ext.as_str(), "docx" | "docm" | "dotx")
        || (is_zip && ext != "zip" && has_member(bytes, "word/document.xml"))
    {
        Kind::Docx
    } else if matches!(ext.as_str(), "odt" | "ott")
        || (is_zip && ext != "zip" && is_opendocument_text(bytes))
    {
        Kind::Odt
    } else if let Some(kind) = flat_xml_kind(&ext, bytes) {
        kind
    } else if is_zip
        && ext != "zip"
        && (matches!(ext.as_str(), "xlsx" | "xlsm" | "xltx" | "xltm")
            || has_member(bytes, "xl/workbook.xml"))
    {
        Kind::Xlsx
    } else if let Some(name) = package_kind(&ext, is_zip, bytes) {
        Kind::Package(name)
    } else if is_zip || ext == "zip" {
        Kind::Zip
    } else if mhtml::looks_like_mhtml(bytes)
        || (matches!(ext.as_str(), "mht" | "mhtml") && !html::looks_like_html(bytes))
    {
        // A web archive saved as `.htm`, or a plain page saved as `.mht`,
        // is read as what it holds.
        Kind::Mhtml
    } else if matches!(ext.as_str(), "htm" | "html" | "xhtml") || html::looks_like_html(bytes) {
        Kind::Html
    } else if let Some(image) = image_kind(&ext, bytes) {
        Kind::Image(image)
    } else {
        Kind::Text
    }
}

/// Whether `bytes` are plainly a kind of file other than a PDF or a ZIP
/// package: a Word 97 or RTF file, a web page, or text (no NUL byte in
/// its first kilobytes).
fn is_something_else(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    bytes.starts_with(word97::MAGIC)
        || bytes.starts_with(rtf::MAGIC)
        || html::looks_like_html(bytes)
        || (!head.is_empty() && !head.contains(&0))
}

/// A text document saved as one XML file, known by its root element in
/// the first kilobytes (any extension), or a `.fodt`.
fn flat_xml_kind(ext: &str, bytes: &[u8]) -> Option<Kind> {
    if ext == "fodt" {
        return Some(Kind::FlatOdt);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    if has(b"<w:wordDocument") {
        Some(Kind::WordXml)
    } else if has(b"<office:document") && has(b"application/vnd.oasis.opendocument.text") {
        Some(Kind::FlatOdt)
    } else {
        None
    }
}

/// The name of a ZIP package that holds an office file other than a text
/// (a spreadsheet, a presentation, an e-book), known by its extension or,
/// under any name but `.zip`, by the members every such package has.
fn package_kind(ext: &str, is_zip: bool, bytes: &[u8]) -> Option<&'static str> {
    let named = match ext {
        "pptx" | "pptm" | "ppsx" | "potx" => Some("PowerPoint presentation (.pptx)"),
        "ods" | "ots" => Some("OpenDocument spreadsheet (.ods)"),
        "odp" | "otp" => Some("OpenDocument presentation (.odp)"),
        "odg" => Some("OpenDocument drawing (.odg)"),
        "epub" => Some("EPUB book"),
        _ => None,
    };
    if named.is_some() || !is_zip || ext == "zip" {
        return named;
    }
    let archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let has = |member: &str| archive.index_for_name(member).is_some();
    (has("[Content_Types].xml") || has("mimetype"))
        .then_some("office file packed as ZIP (not a Word or OpenDocument text)")
}

/// An OpenDocument text: its `mimetype` member says so.
fn is_opendocument_text(bytes: &[u8]) -> bool {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(file) = archive.by_name("mimetype") else {
        return false;
    };
    let mut mimetype = Vec::new();
    file.take(100).read_to_end(&mut mimetype).is_ok()
        && mimetype.starts_with(b"application/vnd.oasis.opendocument.text")
}

fn has_member(bytes: &[u8], member: &str) -> bool {
    ZipArchive::new(Cursor::new(bytes))
        .map(|archive| archive.index_for_name(member).is_some())
        .unwrap_or(false)
}

fn extract_nested(
    name: &str,
    bytes: &[u8],
    readers: &Readers,
    depth: usize,
    budget: &mut u64,
) -> Result<Vec<Extracted>, DecodeError> {
    let limits = readers.limits;
    if bytes.len() as u64 > limits.max_file_size {
        return Err(DecodeError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_size,
        });
    }
    let single = |result: Result<Decoded, DecodeError>| {
        result.map(|decoded| {
            vec![Extracted {
                inner_path: None,
                result: Ok(decoded),
                content: None,
            }]
        })
    };
    match kind_of(name, bytes) {
        Kind::Text => single(decode_text(bytes)),
        Kind::Package(name) => Err(DecodeError::Unsupported(format!("{name}, not read"))),
        Kind::Doc => single(word97::doc_text(bytes).and_then(|text| match text {
            word97::DocText::Unicode(text) => finish(from_unicode(text)),
            word97::DocText::Bytes(bytes) => decode_text(&bytes),
        })),
        Kind::Docx => single(extract_zipped_xml(bytes, limits, &DOCX)),
        Kind::Odt => single(extract_zipped_xml(bytes, limits, &ODT)),
        Kind::WordXml => single(docx_text(bytes).and_then(|text| finish(from_unicode(text)))),
        Kind::FlatOdt => single(odt_text(bytes).and_then(|text| finish(from_unicode(text)))),
        Kind::Rtf => single(rtf::rtf_text(bytes).and_then(|text| finish(from_unicode(text)))),
        Kind::Pdf => single(extract_pdf(bytes, readers.scanner)),
        Kind::Xlsx => single(extract_xlsx(bytes, limits)),
        Kind::Image(image) => single(extract_image(bytes, image, readers.scanner)),
        Kind::Zip => extract_zip(bytes, readers, depth, budget),
        Kind::Html => single(html_document(bytes)),
        Kind::Mhtml => single(mhtml::mhtml_page(bytes).and_then(|page| html_document(&page))),
    }
}

/// A web page: its bytes decoded as a text file's are, then its text read
/// from the markup. Text in a legacy font, typed as such or given as
/// character references (`&#213;`, `&shy;`), is converted once the
/// references are read.
fn html_document(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let decoded = decode_markup(bytes)?;
    let text = html::html_text(&decoded.text);
    if decoded.encoding.is_legacy() {
        return finish(Decoded { text, ..decoded });
    }
    let mut read = from_unicode(text);
    if !read.encoding.is_legacy() {
        read.encoding = decoded.encoding;
    }
    read.warnings.splice(0..0, decoded.warnings);
    finish(read)
}

fn container_error(what: &str, e: impl std::fmt::Display) -> DecodeError {
    DecodeError::Container(format!("{what}: {e}"))
}

/// Reads one member, at most `limit` bytes.
fn read_member(file: &mut impl Read, declared: u64, limit: u64) -> Result<Vec<u8>, DecodeError> {
    if declared > limit {
        return Err(DecodeError::TooLarge {
            size: declared,
            limit,
        });
    }
    let mut data = Vec::with_capacity(declared.min(1 << 20) as usize);
    file.take(limit + 1)
        .read_to_end(&mut data)
        .map_err(|e| container_error("cannot decompress member", e))?;
    if data.len() as u64 > limit {
        return Err(DecodeError::TooLarge {
            size: data.len() as u64,
            limit,
        });
    }
    Ok(data)
}

fn extract_zip(
    bytes: &[u8],
    readers: &Readers,
    depth: usize,
    budget: &mut u64,
) -> Result<Vec<Extracted>, DecodeError> {
    let limits = readers.limits;
    if depth >= limits.max_depth {
        return Err(DecodeError::TooDeep(limits.max_depth));
    }
    let mut archive = Archive::open(Cursor::new(bytes))?;
    let members = archive.members();
    if members.len() > limits.max_members {
        return Err(DecodeError::Container(format!(
            "archive has {} members, limit {}",
            members.len(),
            limits.max_members
        )));
    }
    let mut out = Vec::new();
    for member in &members {
        out.extend(archive.extract_member(member, readers, depth, budget));
    }
    if out.is_empty() {
        return Err(DecodeError::EmptyArchive);
    }
    Ok(out)
}

/// A member of a `.zip` archive that may hold a document: not a folder nor
/// a link, nor a file that is passed over (see [`super::is_passed_over`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    index: usize,
    /// Its path inside the archive.
    pub name: String,
    /// Its size unpacked, as the archive declares it.
    pub size: u64,
    /// Its size in the archive.
    pub packed: u64,
    /// Whether a member later in the archive has the same name: that one
    /// is read, as unzipping the archive would keep it, and this one is
    /// reported.
    pub shadowed: bool,
}

/// What an archive inside an archive is taken to unpack to, as a multiple
/// of its size: a zip of texts unpacks to three to four times its size,
/// one of Word files or PDFs to less text than that.
pub const NESTED_UNPACKS: u64 = 4;

impl Member {
    /// Whether it is named as a `.zip` archive.
    pub fn is_archive(&self) -> bool {
        self.name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("zip"))
    }

    /// What reading it whole may hold in memory: its size unpacked, or for
    /// an archive what its own members may unpack to in turn
    /// (`NESTED_UNPACKS` times its size).
    pub fn weight(&self) -> u64 {
        if self.is_archive() {
            self.size.saturating_mul(NESTED_UNPACKS)
        } else {
            self.size
        }
    }
}

/// A `.zip` archive whose members are read one at a time. Over a reader
/// that can be cloned (a file read at given offsets), clones of one
/// archive read its members side by side, sharing what the archive's
/// directory says.
#[derive(Clone, Debug)]
pub struct Archive<R> {
    zip: ZipArchive<R>,
}

impl<R: Read + Seek> Archive<R> {
    /// Reads the archive's directory.
    pub fn open(reader: R) -> Result<Archive<R>, DecodeError> {
        let zip = ZipArchive::new(reader)
            .map_err(|e| container_error("not a readable ZIP archive", e))?;
        // A directory found past the start is most likely that of an
        // archive stored inside one cut short: its members would be read
        // under names the file does not hold.
        if zip.offset() > 0 {
            return Err(DecodeError::Container(
                "not a readable ZIP archive: its directory is not where it says the \
                 archive begins (cut short?)"
                    .into(),
            ));
        }
        Ok(Archive { zip })
    }

    /// The members that may hold documents, in the archive's order.
    pub fn members(&self) -> Vec<Member> {
        let mut members: Vec<Member> = (0..self.zip.len())
            .filter_map(|index| {
                let fallback = || {
                    self.zip
                        .name_for_index(index)
                        .and_then(Result::ok)
                        .map_or_else(|| format!("member #{index}"), |n| n.into_owned())
                };
                let Ok(entry) = self.zip.by_index_data(index) else {
                    return Some(Member {
                        index,
                        name: fallback(),
                        size: 0,
                        packed: 0,
                        shadowed: false,
                    });
                };
                let name = member_name(entry.name_raw()).unwrap_or_else(fallback);
                // A link (`zip -y`) holds the path of its target, which is
                // read where it lies.
                let passed_over = entry.is_dir()
                    || entry.is_symlink()
                    || name.starts_with("__MACOSX/")
                    || name
                        .split('/')
                        .any(|part| super::is_passed_over(part.as_bytes()));
                (!passed_over).then(|| Member {
                    index,
                    name,
                    size: entry.size(),
                    packed: entry.compressed_size(),
                    shadowed: false,
                })
            })
            .collect();
        // An archive added to holds a file's older copies under its name.
        let mut names = HashSet::new();
        for m in members.iter_mut().rev() {
            m.shadowed = !names.insert(m.name.as_str());
        }
        members
    }

    /// The texts of one member (of each member of one that is an archive
    /// itself), named by their paths inside this archive, each with its own
    /// result. A member that is an archive may unpack to at most
    /// `limits.max_archive_total` bytes. `depth` is how many archives hold
    /// this one (0 for a file's own): archives are opened at most
    /// `limits.max_depth` deep.
    pub fn extract(
        &mut self,
        member: &Member,
        depth: usize,
        limits: &Limits,
        scanner: Option<&dyn Scanner>,
    ) -> Vec<Extracted> {
        let mut budget = limits.max_archive_total;
        let readers = Readers { limits, scanner };
        self.extract_member(member, &readers, depth, &mut budget)
    }

    /// The reader the archive is read from.
    pub fn into_reader(self) -> R {
        self.zip.into_inner()
    }

    /// Where the bytes of a member stored as they are (neither compressed
    /// nor encrypted) lie in the archive's reader: their offset and length.
    /// An archive inside an archive often is: a zip gains nothing from
    /// being packed again.
    pub fn stored_at(&mut self, member: &Member) -> Option<(u64, u64)> {
        let file = self.zip.by_index_raw(member.index).ok()?;
        let stored = file.compression() == zip::CompressionMethod::Stored
            && !file.encrypted()
            && file.compressed_size() == file.size();
        stored.then(|| file.data_start().map(|at| (at, file.size())))?
    }

    /// A reader of a member's bytes, unpacked, with the size the archive
    /// declares for them.
    pub fn member_reader(&mut self, member: &Member) -> Result<(impl Read + '_, u64), DecodeError> {
        let file = self.zip.by_index(member.index).map_err(open_error)?;
        let size = file.size();
        Ok((file, size))
    }

    /// [`Archive::extract`] of an archive nested `depth` levels deep, whose
    /// members have `budget` bytes left to unpack to.
    fn extract_member(
        &mut self,
        member: &Member,
        readers: &Readers,
        depth: usize,
        budget: &mut u64,
    ) -> Vec<Extracted> {
        let name = &member.name;
        if member.shadowed {
            return vec![Extracted {
                inner_path: Some(name.clone()),
                result: Err(DecodeError::Shadowed),
                content: None,
            }];
        }
        let mut file = match self.zip.by_index(member.index) {
            Ok(file) => file,
            Err(e) => {
                return vec![Extracted {
                    inner_path: Some(name.clone()),
                    result: Err(open_error(e)),
                    content: None,
                }];
            }
        };
        let limit = readers.limits.max_file_size.min(*budget);
        let declared = file.size();
        let data = read_member(&mut file, declared, limit);
        drop(file);
        let result = data.and_then(|data| {
            *budget -= data.len() as u64;
            let items = extract_nested(name, &data, readers, depth + 1, budget)?;
            Ok((items, blake3::hash(&data)))
        });
        match result {
            Ok((items, content)) => items
                .into_iter()
                .map(|item| Extracted {
                    inner_path: Some(match item.inner_path {
                        Some(inner) => format!("{name}!/{inner}"),
                        None => name.clone(),
                    }),
                    result: item.result,
                    // A member of a nested archive has its own.
                    content: item.content.or(Some(content)),
                })
                .collect(),
            Err(e) => vec![Extracted {
                inner_path: Some(name.clone()),
                result: Err(e),
                content: None,
            }],
        }
    }
}

/// Why a member does not open.
fn open_error(e: ZipError) -> DecodeError {
    match e {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => {
            DecodeError::Encrypted("archive member")
        }
        e => container_error("cannot open member", e),
    }
}

/// The name of an archive member from its bytes: UTF-8 when they are (the
/// archive flags it, or its writer did not say), else the 8-bit name a
/// Windows zipper writes in the system's code page, Windows-1258 on a
/// Vietnamese system (`B\xE1o c\xE1o.doc`). It is read as 8-bit Vietnamese
/// text is ([`decode_legacy`]), Windows-1258 taken when VNI reads a short
/// name as well; not as the CP437 of the ZIP specification, which makes
/// `B├ío c├ío.doc` of it.
pub(super) fn member_name(raw: &[u8]) -> Option<String> {
    if raw.is_empty() {
        return None;
    }
    // In NFC, as names are typed: a Mac writes them decomposed (NFD).
    let name = match std::str::from_utf8(raw) {
        Ok(name) => crate::text::nfc(name).into_owned(),
        Err(_) => windows_name(raw),
    };
    // Old Windows zippers wrote `\` between folders. `./`, `../` and a
    // leading `/` are left out, as unzipping leaves them out: `./2024/kh.txt`
    // is `2024/kh.txt`.
    let parts: Vec<&str> = name
        .split(['/', '\\'])
        .filter(|part| !matches!(*part, "" | "." | ".."))
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// A file name in the 8-bit code page of a Vietnamese Windows system, read
/// as `member_name` reads one, in NFC.
pub fn windows_name(raw: &[u8]) -> String {
    crate::text::nfc(&decode_legacy(raw, Some(Encoding::Windows1258)).text).into_owned()
}

/// A document stored as XML inside a ZIP file (`.docx`, `.odt`): the
/// text `text_of` reads from its member `member`.
struct ZippedXml {
    /// What the file is, for messages (`.docx`).
    format: &'static str,
    /// The member holding the text.
    member: &'static str,
    /// Members whose text, when there, follows it (a Word document's
    /// footnotes and endnotes, where a consolidated text names the
    /// documents that amended it).
    notes: &'static [&'static str],
    /// What a file without that member is not.
    kind: &'static str,
    /// What the file is, in words (`Word document`).
    name: &'static str,
    text_of: fn(&[u8]) -> Result<String, DecodeError>,
}

/// The text of a `.docx`: `word/document.xml`, one line per paragraph.
const DOCX: ZippedXml = ZippedXml {
    format: ".docx",
    member: "word/document.xml",
    notes: &["word/footnotes.xml", "word/endnotes.xml"],
    kind: "a Word document",
    name: "Word document",
    text_of: docx_text,
};

/// The text of an OpenDocument text (`.odt`, LibreOffice's and
/// OpenOffice's own format): `content.xml`, one line per paragraph.
const ODT: ZippedXml = ZippedXml {
    format: ".odt",
    member: "content.xml",
    notes: &[],
    kind: "an OpenDocument text",
    name: "OpenDocument text",
    text_of: odt_text,
};

fn extract_zipped_xml(
    bytes: &[u8],
    limits: &Limits,
    format: &ZippedXml,
) -> Result<Decoded, DecodeError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| container_error(&format!("not a readable {} (ZIP) file", format.format), e))?;
    let mut file = archive.by_name(format.member).map_err(|_| {
        DecodeError::Container(format!("no {} inside: not {}", format.member, format.kind))
    })?;
    let declared = file.size();
    let xml = read_member(&mut file, declared, limits.max_file_size)?;
    drop(file);
    let mut text = (format.text_of)(&xml).map_err(|e| {
        // An OpenDocument file saved with a password keeps its manifest in
        // the clear and its parts encrypted.
        if encrypted_package(&mut archive) {
            DecodeError::Encrypted(format.name)
        } else {
            e
        }
    })?;
    // The notes after the text; notes that cannot be read leave the text
    // as it is.
    for member in format.notes {
        let Ok(mut file) = archive.by_name(member) else {
            continue;
        };
        let declared = file.size();
        let xml = read_member(&mut file, declared, limits.max_file_size);
        drop(file);
        if let Ok(notes) = xml.and_then(|xml| (format.text_of)(&xml)) {
            put_notes_last(&mut text, &notes);
        }
    }
    finish(from_unicode(text))
}

/// Puts a document's footnotes and endnotes after its text, on lines of
/// their own: where they are anchored, they would cut a paragraph (a
/// title) in two.
pub(super) fn put_notes_last(text: &mut String, notes: &str) {
    let notes = notes.trim();
    if notes.is_empty() {
        return;
    }
    end_line(text);
    text.push_str(notes);
    text.push('\n');
}

/// Ends the last line of `text`, unless it is ended already (or there is
/// none).
pub(super) fn end_line(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// Whether an OpenDocument package's manifest lists encrypted parts.
fn encrypted_package(archive: &mut ZipArchive<Cursor<&[u8]>>) -> bool {
    let Ok(mut manifest) = archive.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut xml = Vec::new();
    manifest
        .by_ref()
        .take(1 << 20)
        .read_to_end(&mut xml)
        .is_ok()
        && memchr::memmem::find(&xml, b"encryption-data").is_some()
}

/// The text of an Excel workbook (`.xlsx`): its worksheets in the
/// workbook's order, each under its name when there are several; each row
/// a line, its cells parted by tabs: shared and inline strings, numbers as
/// stored, and a formula's last value. Formats, comments and charts are
/// not read.
fn extract_xlsx(bytes: &[u8], limits: &Limits) -> Result<Decoded, DecodeError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| container_error("not a readable .xlsx (ZIP) file", e))?;
    let mut read = |name: &str| -> Result<Option<Vec<u8>>, DecodeError> {
        let Ok(mut file) = archive.by_name(name) else {
            return Ok(None);
        };
        let declared = file.size();
        read_member(&mut file, declared, limits.max_file_size).map(Some)
    };
    let workbook = read("xl/workbook.xml")?.ok_or_else(|| {
        DecodeError::Container("no xl/workbook.xml inside: not an Excel workbook".into())
    })?;
    let shared = match read("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let rels = "xl/_rels/workbook.xml.rels";
    let targets = match read(rels)? {
        Some(xml) => attribute_pairs(&xml, rels, "Relationship", ("Id", "Target"))?,
        None => Vec::new(),
    };
    let sheets = attribute_pairs(&workbook, "xl/workbook.xml", "sheet", ("name", "id"))?;
    let mut text = String::new();
    let mut total = 0u64;
    for (name, id) in &sheets {
        let Some((_, target)) = targets.iter().find(|(i, _)| i == id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read(&path)? else {
            continue;
        };
        total += xml.len() as u64;
        if total > limits.max_archive_total {
            return Err(DecodeError::TooLarge {
                size: total,
                limit: limits.max_archive_total,
            });
        }
        if sheets.len() > 1 {
            // A blank line between sheets.
            if !text.is_empty() {
                end_line(&mut text);
                text.push('\n');
            }
            text.push_str(name);
            text.push('\n');
        }
        sheet_text(&xml, &shared, &mut text)?;
    }
    finish(from_unicode(text))
}

/// An attribute's value, unescaped, when the element has it.
fn attribute(e: &quick_xml::events::BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Runs `each` on every element of `xml` (the member `what`, for
/// messages) that opens, with its attributes; on every one that closes, by
/// its name (an empty element opens and closes); and on every run of text,
/// references resolved.
fn each_xml_event(
    xml: &[u8],
    what: &str,
    mut each: impl FnMut(XmlEvent<'_>),
) -> Result<(), DecodeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| container_error(&format!("damaged {what}"), e))?;
        match event {
            Event::Start(e) => each(XmlEvent::Open(&e)),
            Event::Empty(e) => {
                each(XmlEvent::Open(&e));
                each(XmlEvent::Close(e.local_name().as_ref()));
            }
            Event::End(e) => each(XmlEvent::Close(e.local_name().as_ref())),
            Event::Text(t) => each(XmlEvent::Text(&t.xml10_content())),
            Event::CData(t) => each(XmlEvent::Text(&t.xml10_content())),
            Event::GeneralRef(r) => {
                text.clear();
                push_reference(&r, &mut text);
                each(XmlEvent::Text(&text));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// What [`each_xml_event`] gives.
enum XmlEvent<'a> {
    Open(&'a quick_xml::events::BytesStart<'a>),
    Close(&'a str),
    Text(&'a str),
}

/// The strings a workbook's cells share (`xl/sharedStrings.xml`), in
/// order: each `si`'s text runs, without their phonetic readings (`rPh`).
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, DecodeError> {
    let mut out = Vec::new();
    let (mut current, mut in_text, mut phonetic) = (String::new(), false, 0usize);
    each_xml_event(xml, "xl/sharedStrings.xml", |event| match event {
        XmlEvent::Open(e) => match e.local_name().as_ref() {
            "si" => current.clear(),
            "t" => in_text = true,
            "rPh" => phonetic += 1,
            _ => {}
        },
        XmlEvent::Close(name) => match name {
            "si" => out.push(std::mem::take(&mut current)),
            "t" => in_text = false,
            "rPh" => phonetic = phonetic.saturating_sub(1),
            _ => {}
        },
        XmlEvent::Text(t) if in_text && phonetic == 0 => current.push_str(t),
        XmlEvent::Text(_) => {}
    })?;
    Ok(out)
}

/// Of every `element` of `xml` (the member `what`), in order, the values
/// of its attributes `names`, when it has both: a workbook's relationships
/// (`Relationship`: `Id`, `Target`) or its worksheets (`sheet`: `name`
/// and the relationship's `r:id`).
fn attribute_pairs(
    xml: &[u8],
    what: &str,
    element: &str,
    names: (&str, &str),
) -> Result<Vec<(String, String)>, DecodeError> {
    let mut out = Vec::new();
    each_xml_event(xml, what, |event| {
        if let XmlEvent::Open(e) = event {
            if e.local_name().as_ref() == element {
                if let (Some(a), Some(b)) = (attribute(e, names.0), attribute(e, names.1)) {
                    out.push((a, b));
                }
            }
        }
    })?;
    Ok(out)
}

/// Appends a worksheet's rows to `out`, one line each, cells parted by
/// tabs; empty rows and cells are left out.
fn sheet_text(xml: &[u8], shared: &[String], out: &mut String) -> Result<(), DecodeError> {
    let mut row: Vec<String> = Vec::new();
    let mut kind = String::new();
    let (mut value, mut inline) = (String::new(), String::new());
    let (mut in_value, mut in_text) = (false, false);
    each_xml_event(xml, "worksheet", |event| match event {
        XmlEvent::Open(e) => match e.local_name().as_ref() {
            "row" => row.clear(),
            "c" => {
                kind = attribute(e, "t").unwrap_or_default();
                value.clear();
                inline.clear();
            }
            "v" => in_value = true,
            "t" => in_text = true,
            _ => {}
        },
        XmlEvent::Close(name) => match name {
            "v" => in_value = false,
            "t" => in_text = false,
            "c" => {
                let cell = match kind.as_str() {
                    "s" => value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| shared.get(i))
                        .cloned()
                        .unwrap_or_default(),
                    "inlineStr" => std::mem::take(&mut inline),
                    _ => std::mem::take(&mut value),
                };
                let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                if !cell.is_empty() {
                    row.push(cell);
                }
            }
            "row" if !row.is_empty() => {
                out.push_str(&row.join("\t"));
                out.push('\n');
            }
            _ => {}
        },
        XmlEvent::Text(t) if in_value => value.push_str(t),
        XmlEvent::Text(t) if in_text => inline.push_str(t),
        XmlEvent::Text(_) => {}
    })
}

/// Appends the character an XML reference (`&amp;`, `&#7871;`) stands for.
fn push_reference(reference: &quick_xml::events::BytesRef, out: &mut String) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(reference) {
        out.push_str(s);
    }
}

/// Text of WordprocessingML: `w:t` runs, `w:tab` → tab, `w:br`/`w:cr` →
/// line break, end of `w:p` → line break. Deleted text (`w:delText`) and
/// field codes (`w:instrText`) are left out, and so is the copy of a text
/// box that Word writes for older readers (`mc:Fallback`, beside the
/// `mc:Choice` read): its text would be read twice. Footnotes and endnotes
/// (`w:footnote`, `w:endnote`) come last.
pub(super) fn docx_text(xml: &[u8]) -> Result<String, DecodeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut text = String::new();
    // Notes written where they are anchored (Word 2003 XML), or all of a
    // `.docx`'s notes part.
    let mut notes = String::new();
    let mut in_note = 0usize;
    let mut in_text = false;
    let mut run_depth = 0usize;
    let mut fallback_depth = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| container_error("damaged word/document.xml", e))?;
        if fallback_depth > 0 {
            match &event {
                Event::Start(e) if e.local_name().as_ref() == "Fallback" => fallback_depth += 1,
                Event::End(e) if e.local_name().as_ref() == "Fallback" => fallback_depth -= 1,
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
            continue;
        }
        let out = if in_note > 0 { &mut notes } else { &mut text };
        match event {
            Event::Start(e) if e.local_name().as_ref() == "Fallback" => fallback_depth = 1,
            Event::Start(e) => match e.local_name().as_ref() {
                // A text box's paragraphs stand inside the one it is
                // anchored to: they start a line of their own.
                "txbxContent" => end_line(out),
                "t" => in_text = true,
                "r" => run_depth += 1,
                "footnote" | "endnote" => {
                    in_note += 1;
                    end_line(&mut notes);
                }
                "tab" if run_depth > 0 => out.push('\t'),
                "br" | "cr" if run_depth > 0 => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" if run_depth > 0 => out.push('\t'),
                "br" | "cr" if run_depth > 0 => out.push('\n'),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "r" => run_depth = run_depth.saturating_sub(1),
                "p" => out.push('\n'),
                "footnote" | "endnote" => in_note = in_note.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => push_reference(&r, out),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    put_notes_last(&mut text, &notes);
    Ok(text)
}

/// Text of OpenDocument's `content.xml`: the text of paragraphs and
/// headings (`text:p`, `text:h`), each ending a line; `text:tab` → tab,
/// `text:line-break` → line break, `text:s` → its spaces. Deleted text
/// (`text:tracked-changes`), comments and footnote marks are left out;
/// footnotes and endnotes come after the text.
pub(super) fn odt_text(xml: &[u8]) -> Result<String, DecodeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut text = String::new();
    // Footnotes and endnotes, written where they are anchored.
    let mut notes = String::new();
    let mut in_note = 0usize;
    // Paragraphs open (they nest: a note's paragraphs sit in one).
    let mut paragraphs = 0usize;
    // Elements open whose text is left out.
    let mut skipped = 0usize;
    let spaces = |e: &quick_xml::events::BytesStart| {
        e.try_get_attribute("text:c")
            .ok()
            .flatten()
            .and_then(|a| a.value.parse::<usize>().ok())
            .unwrap_or(1)
            .min(1000)
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| container_error("damaged content.xml", e))?;
        let out = if in_note > 0 { &mut notes } else { &mut text };
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "text:tracked-changes" | "office:annotation" | "text:note-citation" => skipped += 1,
                "text:note-body" => in_note += 1,
                "text:p" | "text:h" => paragraphs += 1,
                "text:tab" if skipped == 0 => out.push('\t'),
                "text:line-break" if skipped == 0 => out.push('\n'),
                "text:s" if skipped == 0 => out.extend(std::iter::repeat_n(' ', spaces(&e))),
                _ => {}
            },
            Event::Empty(e) if skipped == 0 => match e.name().as_ref() {
                "text:tab" => out.push('\t'),
                "text:line-break" => out.push('\n'),
                "text:s" => out.extend(std::iter::repeat_n(' ', spaces(&e))),
                "text:p" | "text:h" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "text:tracked-changes" | "office:annotation" | "text:note-citation" => {
                    skipped = skipped.saturating_sub(1)
                }
                "text:note-body" => in_note = in_note.saturating_sub(1),
                "text:p" | "text:h" => {
                    paragraphs = paragraphs.saturating_sub(1);
                    if skipped == 0 {
                        out.push('\n');
                    }
                }
                _ => {}
            },
            Event::Text(t) if paragraphs > 0 && skipped == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if paragraphs > 0 && skipped == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if paragraphs > 0 && skipped == 0 => push_reference(&r, out),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    put_notes_last(&mut text, &notes);
    Ok(text)
}

/// A page whose text layer holds fewer letters and digits than this is
/// taken for a scan, when it shows an image or every page is as thin: a
/// phone scanner's watermark ("Scanned with CamScanner") has 20, a page of
/// a document hundreds.
const THIN_PAGE: usize = 40;

/// The text of a PDF, page by page: a page's text layer, or what the
/// scanner reads off a page that is a scan. A page the parser fails on
/// keeps what was read of it, with a warning; the parser runs under
/// `catch_unwind`, so a PDF that makes it panic is reported, not fatal.
fn extract_pdf(bytes: &[u8], scanner: Option<&dyn Scanner>) -> Result<Decoded, DecodeError> {
    let parsed = std::panic::catch_unwind(|| pdf_pages(bytes))
        .map_err(|_| DecodeError::Container("the PDF parser failed on this file".into()))?;
    let mut pages = parsed?;
    let mut warnings = Vec::new();
    let unread: Vec<u32> = pages
        .iter()
        .filter(|p| p.error.is_some())
        .map(|p| p.number)
        .collect();
    if unread.len() == pages.len() {
        let why = pages
            .iter()
            .find_map(|p| p.error.clone())
            .unwrap_or_default();
        return Err(DecodeError::Container(format!("cannot read PDF: {why}")));
    }
    if !unread.is_empty() {
        let why = pages
            .iter()
            .find_map(|p| p.error.as_deref())
            .unwrap_or_default();
        warnings.push(format!(
            "{} could not be read in full, what was read of {} is kept ({why})",
            page_list(&unread),
            if unread.len() == 1 { "it" } else { "them" }
        ));
    }
    let all_thin = pages.iter().all(|p| p.letters < THIN_PAGE);
    let scans: Vec<u32> = pages
        .iter()
        .filter(|p| p.error.is_none() && p.letters < THIN_PAGE && (p.image || all_thin))
        .map(|p| p.number)
        .collect();
    let mut encoding = Encoding::Utf8;
    match scanner {
        Some(scanner) if !scans.is_empty() => {
            let read = scanner.pdf_pages(bytes, &scans)?;
            for (&number, text) in scans.iter().zip(read) {
                let Some(page) = pages.iter_mut().find(|p| p.number == number) else {
                    continue;
                };
                let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
                if letters > page.letters {
                    page.text = text;
                    page.letters = letters;
                    encoding = Encoding::Ocr;
                }
            }
            if pages.iter().all(|p| p.letters == 0) {
                return Err(DecodeError::NoTextFound);
            }
        }
        _ if all_thin
            && (pages.iter().any(|p| p.image) || pages.iter().all(|p| p.letters == 0)) =>
        {
            return Err(DecodeError::NoTextLayer);
        }
        _ => {
            let images: Vec<u32> = pages
                .iter()
                .filter(|p| p.image && scans.contains(&p.number))
                .map(|p| p.number)
                .collect();
            if !images.is_empty() {
                warnings.push(format!(
                    "{} {} scanned without a text layer, not read (--ocr reads {})",
                    page_list(&images),
                    if images.len() == 1 { "is" } else { "are" },
                    if images.len() == 1 { "it" } else { "them" }
                ));
            }
        }
    }
    let text: Vec<&str> = pages
        .iter()
        .map(|p| p.text.trim_end())
        .filter(|t| !t.is_empty())
        .collect();
    let mut decoded = from_unicode(text.join("\n\n"));
    if encoding == Encoding::Ocr && !decoded.encoding.is_legacy() {
        decoded.encoding = encoding;
    }
    decoded.warnings.extend(warnings);
    finish(decoded)
}

/// "page 3", "pages 2, 5".
fn page_list(pages: &[u32]) -> String {
    let numbers: Vec<String> = pages.iter().map(u32::to_string).collect();
    match numbers.len() {
        1 => format!("page {}", numbers[0]),
        _ => format!("pages {}", numbers.join(", ")),
    }
}

/// One page of a PDF as its text layer has it.
struct PdfPage {
    /// Numbered from 1.
    number: u32,
    text: String,
    /// Letters and digits in `text`.
    letters: usize,
    /// Whether the page shows an image (a scan does).
    image: bool,
    /// Why the page could not be read.
    error: Option<String>,
}

/// The text layer of every page of a PDF.
fn pdf_pages(bytes: &[u8]) -> Result<Vec<PdfPage>, DecodeError> {
    let mut doc =
        lopdf::Document::load_mem(bytes).map_err(|e| container_error("cannot read PDF", e))?;
    if doc.is_encrypted() {
        // A PDF that only restricts printing or copying opens with the
        // empty password.
        doc.decrypt("").map_err(|_| DecodeError::Encrypted("PDF"))?;
    }
    let mut pages = Vec::new();
    for (number, id) in doc.get_pages() {
        let mut text = String::new();
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut out = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&doc, &mut out, number)
        }));
        let error = match read {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some("the PDF parser failed on this page".to_string()),
        };
        let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
        pages.push(PdfPage {
            number,
            letters,
            image: page_shows_image(&doc, id),
            text,
            error,
        });
    }
    if pages.is_empty() {
        return Err(DecodeError::Container("PDF has no pages".into()));
    }
    Ok(pages)
}

/// Whether a page's resources hold an image, directly or in a form it
/// draws (a scan is one image the size of the page).
fn page_shows_image(doc: &lopdf::Document, page: lopdf::ObjectId) -> bool {
    let Ok((own, inherited)) = doc.get_page_resources(page) else {
        return false;
    };
    own.into_iter()
        .chain(
            inherited
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok()),
        )
        .any(|resources| resources_hold_image(doc, resources, 2))
}

fn resources_hold_image(doc: &lopdf::Document, resources: &lopdf::Dictionary, depth: u8) -> bool {
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return false;
    };
    xobjects.iter().any(|(_, object)| {
        let Some(stream) = doc
            .dereference(object)
            .ok()
            .and_then(|(_, o)| o.as_stream().ok())
        else {
            return false;
        };
        match stream.dict.get(b"Subtype").and_then(lopdf::Object::as_name) {
            Ok(b"Image") => true,
            Ok(b"Form") if depth > 0 => stream
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok())
                .is_some_and(|r| resources_hold_image(doc, r, depth - 1)),
            _ => false,
        }
    })
}

/// Whether what OCR read off an image is text: at least 5 words, of which
/// a third or more are Vietnamese syllables. A photo, a logo or a
/// signature gives a few marks and letters ("| ee Ts —"), which would be
/// indexed as a document of nonsense.
fn reads_as_text(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    let syllables = words.iter().filter(|w| super::is_syllable(w)).count();
    syllables >= 5 && syllables * 3 >= words.len()
}

/// An image: what a scanner reads off it, or, without one, why it is not
/// read.
fn extract_image(
    bytes: &[u8],
    image: Image,
    scanner: Option<&dyn Scanner>,
) -> Result<Decoded, DecodeError> {
    let Some(scanner) = scanner else {
        return Err(DecodeError::Unsupported(format!(
            "{} (--ocr reads the text of scans)",
            image.name
        )));
    };
    let text = scanner.image(bytes, image.ext)?;
    if !reads_as_text(&text) {
        return Err(DecodeError::NoTextFound);
    }
    let mut decoded = from_unicode(text);
    if !decoded.encoding.is_legacy() {
        decoded.encoding = Encoding::Ocr;
    }
    finish(decoded)
}
