//! The text of a Word `.doc` file: Word 97-2003 ([MS-DOC], "Retrieving
//! Text"), and Word 6.0 and Word 95 before it.
//!
//! A `.doc` is a compound file (OLE2). Its `WordDocument` stream starts
//! with the File Information Block, which says which table stream
//! (`0Table` or `1Table`) holds the piece table and how many characters each
//! part of the text has. The piece table cuts the text into pieces, each
//! stored either as UTF-16LE or "compressed", one byte a character
//! (Windows-1252). The main document is read, then its text boxes (where a
//! header's number or a "DỰ THẢO" stamp may sit); not headers, footers,
//! footnotes or comments.
//!
//! Special characters become what a reader sees: paragraph, line, page
//! and table-cell ends become line ends; of a field (page numbers, links,
//! table of contents) only its result is kept, not its code; pictures and
//! other anchors are dropped.
//!
//! Text typed in a legacy Vietnamese font (`.VnTime`, `VNI-Times`) comes out
//! as Windows-1252 look-alikes, as it does from a `.docx`; the caller
//! converts it like any legacy-font text found in Unicode.
//!
//! Word 6.0 and Word 95 (the offices' word processor until 1997) keep
//! everything in the `WordDocument` stream, one byte a character in the
//! code page of the machine that wrote it: TCVN3 or VNI bytes for text
//! typed in a legacy font, Windows-1258 on a Vietnamese Windows. The text
//! follows the File Information Block as one run, or, in a file saved
//! with "Allow fast saves", in pieces listed by a piece table of the same
//! form as Word 97's. Those bytes are returned as they are, for the caller
//! to detect their encoding as it does a text file's. (The field offsets
//! are those antiword and Apache POI read Word 6 files with.)

use std::io::{Cursor, Read};
use std::ops::Range;

use super::{legacy, DecodeError};

/// First bytes of a compound file.
pub const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// `wIdent` of a Word document's File Information Block.
const WORD_IDENT: u16 = 0xA5EC;
/// `wIdent` of a file written by Word 6.0 or Word 95 (which may also write
/// `WORD_IDENT`).
const WORD_6_IDENT: u16 = 0xA5DC;
/// `nFib` of Word 97, the first version with this layout.
const WORD_97: u16 = 0x00C1;
/// `nFib` of Word 6.0, the first version with a compound file.
const WORD_6: u16 = 0x0065;
/// Offset of `fcClx` in the FIB's `fibRgFcLcb` blob (pair 33).
const CLX_PAIR: usize = 33;

/// The text of a `.doc` file.
#[derive(Debug, PartialEq, Eq)]
pub enum DocText {
    /// Word 97 and later: Unicode (legacy-font text in it still to be
    /// converted).
    Unicode(String),
    /// Word 6.0 and Word 95: bytes in an 8-bit encoding still to be
    /// detected, with line ends for paragraphs and cells as in Unicode.
    Bytes(Vec<u8>),
}

/// The text of the main document of a `.doc` file, then that of its text
/// boxes, footnotes and endnotes.
pub fn doc_text(bytes: &[u8]) -> Result<DocText, DecodeError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| damaged(&format!("not a readable compound file: {e}")))?;
    if !file.is_stream("/WordDocument") {
        // An Office 2007 document saved with a password is a compound file
        // holding the encrypted package ([MS-OFFCRYPTO]).
        if file.is_stream("/EncryptedPackage") {
            return Err(DecodeError::Encrypted("Office document"));
        }
        return Err(DecodeError::Unsupported(
            "Office 97-2003 file that is not a Word document (.xls, .ppt), not supported".into(),
        ));
    }
    let word = read_stream(&mut file, "/WordDocument")?;
    if u16_at(&word, 2).is_some_and(|version| version < WORD_97) {
        return word6_bytes(&word).map(DocText::Bytes);
    }
    let fib = Fib::read(&word)?;
    let table_name = if fib.table_one { "/1Table" } else { "/0Table" };
    if !file.is_stream(table_name) {
        return Err(damaged(&format!(
            "its table stream {table_name} is missing"
        )));
    }
    let table = read_stream(&mut file, table_name)?;
    let clx = table
        .get(fib.clx.clone())
        .ok_or_else(|| damaged("its piece table lies outside the table stream"))?;
    let pieces = pieces(clx)?;
    let mut raw = String::new();
    read_chars(&word, &pieces, fib.parts.main.clone(), &mut raw)?;
    for part in fib.parts.after_main() {
        raw.push('\r');
        read_chars(&word, &pieces, part, &mut raw)?;
    }
    Ok(DocText::Unicode(plain_text(&raw)))
}

/// The text of a Word 6.0 or Word 95 document, main document then text
/// boxes, footnotes and endnotes, as the bytes it is stored in.
fn word6_bytes(word: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let u16_at = |at: usize| u16_at(word, at);
    let u32_at = |at: usize| u32_at(word, at);
    let short = || damaged("its header is cut short");
    match u16_at(0).ok_or_else(short)? {
        WORD_IDENT | WORD_6_IDENT => {}
        // Word 95 for East Asian languages, whose text is in double-byte
        // code pages.
        0x8098 | 0x8099 | 0xA697 | 0xA699 => {
            return Err(DecodeError::Unsupported(
                "Word 95 document of an East Asian edition, not read: save it again in Word".into(),
            ))
        }
        _ => return Err(damaged("its header is not a Word header")),
    }
    if u16_at(2).ok_or_else(short)? < WORD_6 {
        return Err(DecodeError::Unsupported(
            "Word for Windows 2.0 document (older than Word 6.0), not read: save it again in Word"
                .into(),
        ));
    }
    let flags = u16_at(0x0A).ok_or_else(short)?;
    if flags & 0x0100 != 0 {
        return Err(DecodeError::Encrypted("Word document"));
    }
    let parts = Parts::read(|i| u32_at(0x34 + 4 * i).ok_or_else(short))?;
    let pieces = if flags & 0x0004 != 0 {
        // Fast-saved: the piece table (`fcClx`, `lcbClx`) is in this
        // stream, and each piece's place is a plain byte offset.
        let fc = u32_at(0x160).ok_or_else(short)? as usize;
        let lcb = u32_at(0x164).ok_or_else(short)? as usize;
        let clx = word
            .get(fc..fc.saturating_add(lcb))
            .ok_or_else(|| damaged("its piece table lies outside the document"))?;
        pieces(clx)?
    } else {
        // The text in one run from `fcMin`.
        vec![Piece {
            cp_start: 0,
            cp_end: parts.end(),
            fc: u32_at(0x18).ok_or_else(short)?,
            compressed: true,
        }]
    };
    let mut raw = Vec::new();
    read_bytes(word, &pieces, parts.main.clone(), &mut raw)?;
    for part in parts.after_main() {
        raw.push(b'\r');
        read_bytes(word, &pieces, part, &mut raw)?;
    }
    Ok(plain_bytes(&raw))
}

/// Appends the bytes of the characters at positions `cps` of a Word 6
/// text to `out`: one byte a character, at the piece's own offset.
fn read_bytes(
    word: &[u8],
    pieces: &[Piece],
    cps: Range<u32>,
    out: &mut Vec<u8>,
) -> Result<(), DecodeError> {
    for piece in pieces {
        let (start, end) = (piece.cp_start.max(cps.start), piece.cp_end.min(cps.end));
        if start >= end {
            continue;
        }
        let at = piece.fc as usize + (start - piece.cp_start) as usize;
        let bytes = word
            .get(at..at + (end - start) as usize)
            .ok_or_else(|| damaged("a piece of its text lies outside the document"))?;
        out.extend_from_slice(bytes);
    }
    Ok(())
}

/// [`plain_text`] for bytes of an 8-bit text: its special characters are
/// the same control bytes. Bytes from 0x80 travel through it as characters
/// of the Private Use Area (U+F780 to U+F7FF), which it keeps, and come
/// back as themselves; an optional hyphen comes back as byte 0xAD (`ư` in
/// TCVN3, a soft hyphen in the Windows code pages).
fn plain_bytes(raw: &[u8]) -> Vec<u8> {
    const HIGH: u32 = 0xF700;
    let carried: String = raw
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                char::from(b)
            } else {
                char::from_u32(HIGH + u32::from(b)).expect("private use")
            }
        })
        .collect();
    plain_text(&carried)
        .chars()
        .map(|c| match c {
            '\u{AD}' => 0xAD,
            c if c.is_ascii() => c as u8,
            c => (u32::from(c) - HIGH) as u8,
        })
        .collect()
}

/// Appends the characters at positions `cps` of the text to `out`.
fn read_chars(
    word: &[u8],
    pieces: &[Piece],
    cps: Range<u32>,
    out: &mut String,
) -> Result<(), DecodeError> {
    for piece in pieces {
        let (start, end) = (piece.cp_start.max(cps.start), piece.cp_end.min(cps.end));
        if start >= end {
            continue;
        }
        let (skip, chars) = ((start - piece.cp_start) as usize, (end - start) as usize);
        let outside = || damaged("a piece of its text lies outside the document");
        if piece.compressed {
            let at = piece.fc as usize / 2 + skip;
            let bytes = word.get(at..at + chars).ok_or_else(outside)?;
            out.extend(bytes.iter().map(|&b| legacy::cp1252_char(b)));
        } else {
            let at = piece.fc as usize + 2 * skip;
            let bytes = word.get(at..at + 2 * chars).ok_or_else(outside)?;
            let units = bytes
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]));
            out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
        }
    }
    Ok(())
}

/// The little-endian `u16` at `at`, if the bytes reach that far.
fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes
        .get(at..at.checked_add(2)?)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

/// The little-endian `u32` at `at`, if the bytes reach that far.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at.checked_add(4)?)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn damaged(why: &str) -> DecodeError {
    DecodeError::Container(format!("damaged Word document: {why}"))
}

fn read_stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut out))
        .map_err(|e| damaged(&format!("cannot read its {name} stream: {e}")))?;
    Ok(out)
}

/// Where the parts of a document's text lie, as character positions: the
/// main document, then its footnotes, headers, macros, comments,
/// endnotes and text boxes, one after the other.
#[derive(Debug)]
struct Parts {
    main: Range<u32>,
    footnotes: Range<u32>,
    endnotes: Range<u32>,
    text_boxes: Range<u32>,
}

impl Parts {
    /// From the header's counts of characters (`ccpText`, `ccpFtn`,
    /// `ccpHdd`, `ccpMcr`, `ccpAtn`, `ccpEdn`, `ccpTxbx`), `count(i)` the
    /// i-th.
    fn read(count: impl Fn(usize) -> Result<u32, DecodeError>) -> Result<Parts, DecodeError> {
        let mut at = 0u32;
        let mut part = |i| -> Result<Range<u32>, DecodeError> {
            let start = at;
            at = at.saturating_add(count(i)?);
            Ok(start..at)
        };
        let main = part(0)?;
        let footnotes = part(1)?;
        for i in 2..5 {
            part(i)?;
        }
        let endnotes = part(5)?;
        let text_boxes = part(6)?;
        Ok(Parts {
            main,
            footnotes,
            endnotes,
            text_boxes,
        })
    }

    /// The parts read after the main document: text boxes, footnotes and
    /// endnotes (where a consolidated text names the documents that
    /// amended it), those there are.
    fn after_main(&self) -> impl Iterator<Item = Range<u32>> {
        [
            self.text_boxes.clone(),
            self.footnotes.clone(),
            self.endnotes.clone(),
        ]
        .into_iter()
        .filter(|r| !r.is_empty())
    }

    /// The position after the last part.
    fn end(&self) -> u32 {
        self.text_boxes.end
    }
}

/// What the File Information Block says about the text.
#[derive(Debug)]
struct Fib {
    /// The piece table is in `1Table` (else `0Table`).
    table_one: bool,
    /// Where each part of the text is.
    parts: Parts,
    /// Where the piece table (`Clx`) is in the table stream.
    clx: Range<usize>,
}

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, DecodeError> {
        let u16_at = |at: usize| u16_at(word, at);
        let u32_at = |at: usize| u32_at(word, at);
        let short = || damaged("its header is cut short");
        if u16_at(0).ok_or_else(short)? != WORD_IDENT {
            return Err(damaged("its header is not a Word header"));
        }
        let flags = u16_at(0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(DecodeError::Encrypted("Word document"));
        }
        // FibBase (32 bytes), then three counted arrays.
        let mut at = 32;
        let csw = usize::from(u16_at(at).ok_or_else(short)?);
        at += 2 + 2 * csw;
        let cslw = usize::from(u16_at(at).ok_or_else(short)?);
        let lw = at + 2;
        at = lw + 4 * cslw;
        let pairs = usize::from(u16_at(at).ok_or_else(short)?);
        let blob = at + 2;
        if cslw < 10 || pairs <= CLX_PAIR {
            return Err(damaged("its header lacks the piece table's place"));
        }
        let parts = Parts::read(|i| u32_at(lw + 12 + 4 * i).ok_or_else(short))?;
        let fc = u32_at(blob + 8 * CLX_PAIR).ok_or_else(short)? as usize;
        let lcb = u32_at(blob + 8 * CLX_PAIR + 4).ok_or_else(short)? as usize;
        Ok(Fib {
            table_one: flags & 0x0200 != 0,
            parts,
            clx: fc..fc.saturating_add(lcb),
        })
    }
}

/// One piece of the text: character positions `cp_start..cp_end`, stored
/// at `fc` in the `WordDocument` stream.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The pieces of a `Clx`: property lists (`0x01`) are skipped, then the
/// piece table (`0x02`): n + 1 character positions, then n descriptors of
/// 8 bytes.
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, DecodeError> {
    let bad = || damaged("its piece table cannot be read");
    let mut at = 0;
    while clx.get(at) == Some(&0x01) {
        let size = clx.get(at + 1..at + 3).ok_or_else(bad)?;
        at += 3 + usize::from(u16::from_le_bytes([size[0], size[1]]));
    }
    if clx.get(at) != Some(&0x02) {
        return Err(bad());
    }
    let size = clx.get(at + 1..at + 5).ok_or_else(bad)?;
    let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
    let plc = clx.get(at + 5..at + 5 + size).ok_or_else(bad)?;
    if size < 4 || !(size - 4).is_multiple_of(12) {
        return Err(bad());
    }
    let n = (size - 4) / 12;
    let u32_at = |at: usize| u32::from_le_bytes([plc[at], plc[at + 1], plc[at + 2], plc[at + 3]]);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (cp_start, cp_end) = (u32_at(4 * i), u32_at(4 * (i + 1)));
        if cp_end < cp_start {
            return Err(bad());
        }
        let fc = u32_at(4 * (n + 1) + 8 * i + 2);
        out.push(Piece {
            cp_start,
            cp_end,
            fc: fc & 0x3FFF_FFFF,
            compressed: fc & 0x4000_0000 != 0,
        });
    }
    Ok(out)
}

/// The text as a reader sees it: Word's special characters turned into
/// line ends or dropped, field codes left out (their results kept).
fn plain_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // Open fields, each with whether its result has begun.
    let mut fields: Vec<bool> = Vec::new();
    for c in raw.chars() {
        match c {
            '\u{13}' => {
                fields.push(false);
                continue;
            }
            '\u{14}' => {
                if let Some(result) = fields.last_mut() {
                    *result = true;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        if fields.iter().any(|&result| !result) {
            // Inside a field's code.
            continue;
        }
        match c {
            // Paragraph end, table cell or row end, line break, page or
            // section break.
            '\r' | '\u{7}' | '\u{b}' | '\u{c}' => out.push('\n'),
            '\t' | '\n' => out.push(c),
            // Non-breaking hyphen.
            '\u{1e}' => out.push('-'),
            // Optional hyphen: a soft hyphen, which words hold invisibly.
            // In a TCVN3 font it is the letter `ư` (byte 0xAD), which
            // Word may store this way.
            '\u{1f}' => out.push('\u{AD}'),
            // Other controls: pictures, anchors.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Word 6.0 file as Word writes one: a compound file whose
/// `WordDocument` stream holds the File Information Block, then at
/// `fcMin` the text of the main document (`text`), of its footnotes
/// (`notes`) and of its text boxes (`boxes`). Fast-saved (`fast`), the
/// text is stored in two pieces, the second first, listed by a piece table
/// after them.
#[cfg(test)]
pub(super) fn word6_file(text: &[u8], notes: &[u8], boxes: &[u8], fast: bool) -> Vec<u8> {
    use std::io::Write;
    const FC_MIN: usize = 0x300;
    let mut word = vec![0u8; FC_MIN];
    let mut put = |at: usize, bytes: &[u8]| word[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, &WORD_6_IDENT.to_le_bytes());
    put(2, &WORD_6.to_le_bytes());
    put(0x0A, &(if fast { 0x0004u16 } else { 0 }).to_le_bytes());
    put(0x34, &(text.len() as u32).to_le_bytes());
    put(0x38, &(notes.len() as u32).to_le_bytes());
    put(0x4C, &(boxes.len() as u32).to_le_bytes());
    let all = [text, notes, boxes].concat();
    let fc_mac = (FC_MIN + all.len()) as u32;
    put(0x18, &(FC_MIN as u32).to_le_bytes());
    put(0x1C, &fc_mac.to_le_bytes());
    if fast {
        let half = text.len() / 2;
        let (first, second) = all.split_at(half);
        word.extend_from_slice(second);
        word.extend_from_slice(first);
        let (second_at, first_at) = (FC_MIN as u32, (FC_MIN + second.len()) as u32);
        let mut plc = Vec::new();
        for cp in [0, half, all.len()] {
            plc.extend((cp as u32).to_le_bytes());
        }
        for fc in [first_at, second_at] {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        let clx_at = word.len() as u32;
        word.push(0x02);
        word.extend((plc.len() as u32).to_le_bytes());
        word.extend(plc);
        let lcb = word.len() as u32 - clx_at;
        word[0x160..0x164].copy_from_slice(&clx_at.to_le_bytes());
        word[0x164..0x168].copy_from_slice(&lcb.to_le_bytes());
    } else {
        word.extend_from_slice(&all);
    }
    // Word's own stream goes on with formatting after the text.
    word.resize(word.len().max(4096), 0);
    // Version 3, with 512-byte sectors, as Word wrote compound files.
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .expect("in memory");
    file.create_stream("/WordDocument")
        .and_then(|mut stream| stream.write_all(&word))
        .expect("in memory");
    file.into_inner().into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word6_text_is_read_as_its_bytes_from_one_run_or_from_pieces() {
        // A field (its code left out), a table of two cells, an optional
        // hyphen, bytes from 0x80 kept as they are; a text box.
        let text = b"S\xe8 \x13 PAGE \x142\x15\r\xd4 1\x07\xd4 2\x07\x07c\x1f\x93h\x94";
        for fast in [false, true] {
            let file = word6_file(text, b"", b"D\xf9 th\xb6o\r", fast);
            assert_eq!(
                doc_text(&file).unwrap(),
                DocText::Bytes(
                    b"S\xe8 2\n\xd4 1\n\xd4 2\n\nc\xad\x93h\x94\nD\xf9 th\xb6o\n".to_vec()
                ),
                "fast-saved: {fast}"
            );
            // Footnotes after the text boxes, without their marks.
            let file = word6_file(
                b"Lu\xb8t\x02\r",
                b"\x02 Lu\xb8t s\xe8 3\r",
                b"Khung\r",
                fast,
            );
            assert_eq!(
                doc_text(&file).unwrap(),
                DocText::Bytes(b"Lu\xb8t\n\nKhung\n\n Lu\xb8t s\xe8 3\n".to_vec()),
                "fast-saved: {fast}"
            );
        }
        // Encrypted; an older or East Asian edition; a damaged header.
        let file = |edit: &dyn Fn(&mut Vec<u8>)| {
            let mut bytes = word6_file(b"abc", b"", b"", false);
            // The header's first 64 bytes lie together in the compound
            // file (one sector): found by the identifier and version.
            let at = bytes
                .windows(4)
                .position(|w| w == [0xDC, 0xA5, 0x65, 0x00])
                .expect("FIB");
            let mut word = bytes[at..].to_vec();
            edit(&mut word);
            bytes.truncate(at);
            bytes.extend(word);
            doc_text(&bytes)
        };
        assert_eq!(file(&|_| {}), Ok(DocText::Bytes(b"abc".to_vec())));
        // A template reads as a document.
        assert!(matches!(file(&|w| w[0x0A] = 0x01), Ok(DocText::Bytes(_))));
        assert_eq!(
            file(&|w| w[0x0B] = 0x01),
            Err(DecodeError::Encrypted("Word document"))
        );
        assert!(matches!(
            file(&|w| w[2] = 0x2D),
            Err(DecodeError::Unsupported(why)) if why.contains("Word for Windows 2.0")
        ));
        assert!(matches!(
            file(&|w| w[..2].copy_from_slice(&0xA697u16.to_le_bytes())),
            Err(DecodeError::Unsupported(why)) if why.contains("East Asian")
        ));
        assert!(matches!(
            file(&|w| w[..2].copy_from_slice(b"PK")),
            Err(DecodeError::Container(why)) if why.contains("not a Word header")
        ));
        assert!(matches!(
            file(&|w| w[0x36] = 1),
            Err(DecodeError::Container(why)) if why.contains("outside the document")
        ));
    }

    #[test]
    fn field_codes_go_and_their_results_stay() {
        let raw = "Trang \u{13} PAGE \u{14}3\u{15} của\u{13} NUMPAGES \u{15} 5\r\
                   Ô 1\u{7}Ô 2\u{7}\u{7}dòng\u{b}mới\u{1e}gạch\u{1}\u{8} c\u{1f}ách";
        assert_eq!(
            plain_text(raw),
            "Trang 3 của 5\nÔ 1\nÔ 2\n\ndòng\nmới-gạch c\u{AD}ách"
        );
    }

    #[test]
    fn a_piece_table_after_property_lists_is_read() {
        // One property list of 2 bytes, then two pieces: 5 compressed
        // characters at byte 0x400, 3 in UTF-16 at 0x800.
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        let mut plc = Vec::new();
        for cp in [0u32, 5, 8] {
            plc.extend(cp.to_le_bytes());
        }
        for fc in [0x4000_0000u32 | 0x800, 0x800] {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(plc);
        let got = pieces(&clx).unwrap();
        assert_eq!(
            got,
            [
                Piece {
                    cp_start: 0,
                    cp_end: 5,
                    fc: 0x800,
                    compressed: true
                },
                Piece {
                    cp_start: 5,
                    cp_end: 8,
                    fc: 0x800,
                    compressed: false
                },
            ]
        );
        assert!(pieces(&clx[..clx.len() - 1]).is_err());
        assert!(pieces(&[0x03]).is_err());
    }
}
