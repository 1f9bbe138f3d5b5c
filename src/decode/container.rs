//! Files that hold text inside a container: Word `.docx` and `.doc` (see
//! `word97`), OpenDocument `.odt`, either saved as one XML file (Word 2003
//! XML, `.fodt`), RTF (see `rtf`), PDF with a text layer,
//! and `.zip` archives, whose members are extracted one by one and
//! named `dir/file.txt` inside the archive (`ho-so.zip!/2021/kh-110.docx`
//! when the caller prefixes the archive's path).

use std::io::{Cursor, Read};

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
    let mut budget = limits.max_archive_total;
    extract_nested(name, bytes, limits, 0, &mut budget)
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
    Zip,
    Html,
    Mhtml,
    Text,
}

fn kind_of(name: &str, bytes: &[u8]) -> Kind {
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let is_zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
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
    } else {
        Kind::Text
    }
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
        "xlsx" | "xlsm" | "xltx" | "xltm" => Some("Excel workbook (.xlsx)"),
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
    limits: &Limits,
    depth: usize,
    budget: &mut u64,
) -> Result<Vec<Extracted>, DecodeError> {
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
        Kind::Pdf => single(extract_pdf(bytes)),
        Kind::Zip => extract_zip(bytes, limits, depth, budget),
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
    limits: &Limits,
    depth: usize,
    budget: &mut u64,
) -> Result<Vec<Extracted>, DecodeError> {
    if depth >= limits.max_depth {
        return Err(DecodeError::Container(format!(
            "archive nested deeper than {} levels, not opened",
            limits.max_depth
        )));
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| container_error("not a readable ZIP archive", e))?;
    if archive.len() > limits.max_members {
        return Err(DecodeError::Container(format!(
            "archive has {} members, limit {}",
            archive.len(),
            limits.max_members
        )));
    }
    let mut out = Vec::new();
    for index in 0..archive.len() {
        let fallback_name = archive
            .name_for_index(index)
            .and_then(Result::ok)
            .map_or_else(|| format!("member #{index}"), |n| n.into_owned());
        let mut file = match archive.by_index(index) {
            Ok(file) => file,
            Err(e) => {
                out.push(Extracted {
                    inner_path: Some(fallback_name),
                    result: Err(match e {
                        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => {
                            DecodeError::Encrypted("archive member")
                        }
                        e => container_error("cannot open member", e),
                    }),
                    content: None,
                });
                continue;
            }
        };
        let name = member_name(file.name_raw()).unwrap_or(fallback_name);
        let base = name.rsplit('/').next().unwrap_or(&name);
        if file.is_dir()
            || name.starts_with("__MACOSX/")
            || base.starts_with("._")
            || name.split('/').any(super::is_system_name)
        {
            continue;
        }
        let limit = limits.max_file_size.min(*budget);
        let declared = file.size();
        let data = read_member(&mut file, declared, limit);
        drop(file);
        let result = data.and_then(|data| {
            *budget -= data.len() as u64;
            let items = extract_nested(&name, &data, limits, depth + 1, budget)?;
            Ok((items, blake3::hash(&data)))
        });
        match result {
            Ok((items, content)) => out.extend(items.into_iter().map(|item| Extracted {
                inner_path: Some(match item.inner_path {
                    Some(inner) => format!("{name}!/{inner}"),
                    None => name.clone(),
                }),
                result: item.result,
                // A member of a nested archive has its own.
                content: item.content.or(Some(content)),
            })),
            Err(e) => out.push(Extracted {
                inner_path: Some(name),
                result: Err(e),
                content: None,
            }),
        }
    }
    if out.is_empty() {
        return Err(DecodeError::Container("archive holds no files".into()));
    }
    Ok(out)
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
    Some(match std::str::from_utf8(raw) {
        Ok(name) => name.to_string(),
        Err(_) => windows_name(raw),
    })
}

/// A file name in the 8-bit code page of a Vietnamese Windows system, read
/// as [`member_name`] reads one, in NFC.
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
    kind: "a Word document",
    name: "Word document",
    text_of: docx_text,
};

/// The text of an OpenDocument text (`.odt`, LibreOffice's and
/// OpenOffice's own format): `content.xml`, one line per paragraph.
const ODT: ZippedXml = ZippedXml {
    format: ".odt",
    member: "content.xml",
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
    let text = (format.text_of)(&xml).map_err(|e| {
        // An OpenDocument file saved with a password keeps its manifest in
        // the clear and its parts encrypted.
        if encrypted_package(&mut archive) {
            DecodeError::Encrypted(format.name)
        } else {
            e
        }
    })?;
    finish(from_unicode(text))
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
/// field codes (`w:instrText`) are left out.
pub(super) fn docx_text(xml: &[u8]) -> Result<String, DecodeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut in_text = false;
    let mut run_depth = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| container_error("damaged word/document.xml", e))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "r" => run_depth += 1,
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
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => push_reference(&r, &mut out),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Text of OpenDocument's `content.xml`: the text of paragraphs and
/// headings (`text:p`, `text:h`), each ending a line; `text:tab` → tab,
/// `text:line-break` → line break, `text:s` → its spaces. Deleted text
/// (`text:tracked-changes`), comments and footnote marks are left out.
pub(super) fn odt_text(xml: &[u8]) -> Result<String, DecodeError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut out = String::new();
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
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "text:tracked-changes" | "office:annotation" | "text:note-citation" => skipped += 1,
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
            Event::GeneralRef(r) if paragraphs > 0 && skipped == 0 => push_reference(&r, &mut out),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The text layer of a PDF. The parser runs under `catch_unwind`: a PDF
/// that makes it panic is reported, not fatal.
fn extract_pdf(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let parsed = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    let text = match parsed {
        Err(_) => {
            return Err(DecodeError::Container(
                "the PDF parser failed on this file".into(),
            ))
        }
        Ok(Err(pdf_extract::OutputError::PdfError(lopdf::Error::Decryption(_)))) => {
            return Err(DecodeError::Encrypted("PDF"))
        }
        Ok(Err(e)) => return Err(container_error("cannot read PDF", e)),
        Ok(Ok(text)) => text,
    };
    if !text.chars().any(char::is_alphanumeric) {
        return Err(DecodeError::NoTextLayer);
    }
    finish(from_unicode(text))
}
