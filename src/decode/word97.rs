//! The text of a Word 97-2003 `.doc` file ([MS-DOC], "Retrieving Text").
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

use std::io::{Cursor, Read};

use super::{legacy, DecodeError};

/// First bytes of a compound file.
pub const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// `wIdent` of a Word document's File Information Block.
const WORD_IDENT: u16 = 0xA5EC;
/// `nFib` of Word 97, the first version with this layout.
const WORD_97: u16 = 0x00C1;
/// Offset of `fcClx` in the FIB's `fibRgFcLcb` blob (pair 33).
const CLX_PAIR: usize = 33;

/// The text of the main document of a `.doc` file, then that of its text
/// boxes.
pub fn doc_text(bytes: &[u8]) -> Result<String, DecodeError> {
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
    read_chars(&word, &pieces, 0..fib.main_chars, &mut raw)?;
    if !fib.text_boxes.is_empty() {
        raw.push('\r');
        read_chars(&word, &pieces, fib.text_boxes.clone(), &mut raw)?;
    }
    Ok(plain_text(&raw))
}

/// Appends the characters at positions `cps` of the text to `out`.
fn read_chars(
    word: &[u8],
    pieces: &[Piece],
    cps: std::ops::Range<u32>,
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

/// What the File Information Block says about the text.
#[derive(Debug)]
struct Fib {
    /// The piece table is in `1Table` (else `0Table`).
    table_one: bool,
    /// Characters of the main document (`ccpText`).
    main_chars: u32,
    /// Where the text of the main document's text boxes is: after the
    /// main document, footnotes, headers, comments and endnotes.
    text_boxes: std::ops::Range<u32>,
    /// Where the piece table (`Clx`) is in the table stream.
    clx: std::ops::Range<usize>,
}

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, DecodeError> {
        let u16_at = |at: usize| {
            word.get(at..at + 2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
        };
        let u32_at = |at: usize| {
            word.get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let short = || damaged("its header is cut short");
        if u16_at(0).ok_or_else(short)? != WORD_IDENT {
            return Err(damaged("its header is not a Word header"));
        }
        let version = u16_at(2).ok_or_else(short)?;
        let flags = u16_at(0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(DecodeError::Encrypted("Word document"));
        }
        if version < WORD_97 {
            return Err(DecodeError::Unsupported(
                "Word 6/95 document (older than Word 97), not supported".into(),
            ));
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
        // ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx.
        let count = |i: usize| u32_at(lw + 12 + 4 * i).ok_or_else(short);
        let main_chars = count(0)?;
        let mut before_boxes = 0u32;
        for i in 0..6 {
            before_boxes = before_boxes.saturating_add(count(i)?);
        }
        let text_boxes = before_boxes..before_boxes.saturating_add(count(6)?);
        let fc = u32_at(blob + 8 * CLX_PAIR).ok_or_else(short)? as usize;
        let lcb = u32_at(blob + 8 * CLX_PAIR + 4).ok_or_else(short)? as usize;
        Ok(Fib {
            table_one: flags & 0x0200 != 0,
            main_chars,
            text_boxes,
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

#[cfg(test)]
mod tests {
    use super::*;

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
