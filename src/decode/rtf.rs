//! The text of an RTF file (Rich Text Format, as Word, WordPad and
//! LibreOffice write it).
//!
//! Text comes as plain characters, as `\'hh` bytes in the code page of the
//! document (`\ansicpgN`) or of the font in use (`\fcharset163`):
//! Windows-1258 or, by default, Windows-1252, and as
//! `\uN` Unicode characters, each followed by a fallback for old readers
//! (`\ucN` characters, dropped here). Paragraph, line, cell and row ends
//! become line ends. Groups that hold no text of the document are left
//! out: the font, colour and style tables, document information, pictures,
//! headers and footers, comments, field codes (a field's result is kept)
//! and every `{\*\...}` destination but a shape's text (a text box's).
//! Footnotes and endnotes come after the text, as a `.docx`'s do.
//!
//! Text typed in a legacy Vietnamese font comes out as Windows-1252
//! look-alikes; the caller converts it like any legacy-font text found in
//! Unicode.

use std::collections::HashMap;

use super::{legacy, DecodeError};

/// First bytes of an RTF file.
pub const MAGIC: &[u8] = b"{\\rtf";

/// Destinations whose groups hold no text of the document.
const SKIPPED: [&str; 28] = [
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "nonshppict",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "annotation",
    "fldinst",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "mmathPr",
    "pgdsctbl",
    "revtbl",
];

/// The state a group keeps: whether its text is left out or is a note's,
/// how many fallback characters follow a `\uN`, whether it is (in) the
/// font table, and its font.
#[derive(Clone, Copy)]
struct Group {
    skip: bool,
    note: bool,
    fallback: usize,
    fonttbl: bool,
    font: i32,
}

/// `\fcharset` of a font whose bytes are Windows-1258 (Vietnamese).
const VIETNAMESE_CHARSET: i32 = 163;

/// The text of an RTF document.
pub fn rtf_text(bytes: &[u8]) -> Result<String, DecodeError> {
    if !bytes.starts_with(MAGIC) {
        return Err(DecodeError::Container("not an RTF document".into()));
    }
    let mut reader = Reader {
        out: String::with_capacity(bytes.len() / 2),
        notes: String::new(),
        in_note: false,
        pending: Vec::new(),
        windows_1258: false,
        high_surrogate: None,
    };
    let mut groups = vec![Group {
        skip: false,
        note: false,
        fallback: 1,
        fonttbl: false,
        font: 0,
    }];
    // The character set of each font of the font table, the font being
    // defined there, the default font, and whether the document's code
    // page is Windows-1258.
    let mut charsets: HashMap<i32, i32> = HashMap::new();
    let mut defined = 0;
    let mut default_font = 0;
    let mut ansi_1258 = false;
    let vietnamese = |group: &Group, charsets: &HashMap<i32, i32>, ansi_1258: bool| {
        ansi_1258 || charsets.get(&group.font) == Some(&VIETNAMESE_CHARSET)
    };
    // Fallback characters of the last `\uN` still to drop.
    let mut to_drop = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        at += 1;
        let group = *groups.last().expect("the outermost group stays");
        match b {
            b'{' => {
                reader.flush();
                groups.push(group);
                to_drop = 0;
            }
            b'}' => {
                reader.flush();
                if groups.len() > 1 {
                    groups.pop();
                }
                reader.in_note = groups.last().expect("the outermost group stays").note;
                to_drop = 0;
            }
            b'\r' | b'\n' => {}
            b'\\' => {
                let Some(&next) = bytes.get(at) else { break };
                if next.is_ascii_alphabetic() {
                    let (word, param, end) = control_word(bytes, at);
                    at = end;
                    if word == "footnote" {
                        // Also as `{\*\footnote`, as LibreOffice writes it:
                        // read unless what holds it is left out.
                        let held_skips = groups.len() > 1 && groups[groups.len() - 2].skip;
                        let top = groups.last_mut().expect("the outermost group stays");
                        top.skip = held_skips;
                        top.note = true;
                        reader.flush();
                        reader.in_note = true;
                        // Each note on lines of its own.
                        if !held_skips {
                            reader.push_line_end();
                        }
                        continue;
                    }
                    if word == "shptxt" {
                        // A text box's text, in a shape (`{\shp{\*\shpinst
                        // ...{\shptxt ...}}}`) whose other groups hold none:
                        // read unless what holds the shape is left out.
                        let n = groups.len();
                        let held_skips = n > 2 && groups[n - 3].skip;
                        groups.last_mut().expect("the outermost group stays").skip = held_skips;
                        if !held_skips {
                            reader.push_line_end();
                        }
                        continue;
                    }
                    let top = groups.last_mut().expect("the outermost group stays");
                    if word == "bin" {
                        // Raw binary data: skipped whole.
                        at = at.saturating_add(param.unwrap_or(0).max(0) as usize);
                        continue;
                    }
                    if SKIPPED.contains(&word) {
                        top.skip = true;
                    }
                    if word == "fonttbl" {
                        top.fonttbl = true;
                    }
                    if top.fonttbl {
                        match word {
                            "f" => defined = param.unwrap_or(0),
                            "fcharset" => {
                                charsets.insert(defined, param.unwrap_or(0));
                            }
                            _ => {}
                        }
                        continue;
                    }
                    match word {
                        "deff" => {
                            default_font = param.unwrap_or(0);
                            top.font = default_font;
                        }
                        "f" => top.font = param.unwrap_or(0),
                        "plain" => top.font = default_font,
                        _ => {}
                    }
                    if word == "uc" {
                        top.fallback = param.unwrap_or(1).clamp(0, 8) as usize;
                        continue;
                    }
                    if word == "ansicpg" {
                        ansi_1258 = param == Some(1258);
                        continue;
                    }
                    if top.skip {
                        continue;
                    }
                    if word == "u" {
                        let unit = param.unwrap_or(0);
                        let unit = if unit < 0 { unit + 65536 } else { unit };
                        reader.unit(unit as u16);
                        to_drop = top.fallback;
                        continue;
                    }
                    to_drop = 0;
                    if let Some(text) = text_of_word(word) {
                        reader.push_str(text);
                    }
                } else {
                    at += 1;
                    match next {
                        b'\'' => {
                            let hex = bytes.get(at..at + 2).and_then(|h| {
                                u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
                            });
                            if let Some(byte) = hex {
                                at += 2;
                                if to_drop > 0 {
                                    to_drop -= 1;
                                } else if !group.skip {
                                    let cp1258 = vietnamese(&group, &charsets, ansi_1258);
                                    reader.push_byte(byte, cp1258);
                                }
                            }
                        }
                        // `{\*\destination ...}`: not for this reader.
                        b'*' => groups.last_mut().expect("outermost").skip = true,
                        _ if group.skip => {}
                        b'\\' | b'{' | b'}' => {
                            reader.push_byte(next, vietnamese(&group, &charsets, ansi_1258))
                        }
                        b'~' => reader.push_str("\u{A0}"),
                        b'-' => reader.push_str("\u{AD}"),
                        b'_' => reader.push_str("-"),
                        b'\r' | b'\n' => reader.push_str("\n"),
                        _ => {}
                    }
                }
            }
            _ if group.skip => {}
            _ if to_drop > 0 => to_drop -= 1,
            b'\t' => reader.push_str("\t"),
            _ => reader.push_byte(b, vietnamese(&group, &charsets, ansi_1258)),
        }
    }
    reader.flush();
    let mut text = reader.out;
    super::container::put_notes_last(&mut text, &reader.notes);
    Ok(text)
}

/// A control word at `at` (just past its backslash): its name, its
/// numeric parameter, and where the next token starts (a space ending the
/// word belongs to it).
fn control_word(bytes: &[u8], at: usize) -> (&str, Option<i32>, usize) {
    let start = at;
    let mut end = at;
    while end < bytes.len() && bytes[end].is_ascii_alphabetic() && end - start < 32 {
        end += 1;
    }
    let word = std::str::from_utf8(&bytes[start..end]).unwrap_or_default();
    let mut param = None;
    let number_start = end;
    if bytes.get(end) == Some(&b'-') {
        end += 1;
    }
    while end < bytes.len() && bytes[end].is_ascii_digit() && end - number_start < 11 {
        end += 1;
    }
    if end > number_start {
        param = std::str::from_utf8(&bytes[number_start..end])
            .ok()
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
        if param.is_none() {
            // A lone `-`: not a parameter.
            end = number_start;
        }
    }
    if bytes.get(end) == Some(&b' ') {
        end += 1;
    }
    (word, param, end)
}

/// What a control word stands for in the text, if anything.
fn text_of_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "par" | "line" | "sect" | "page" | "cell" | "row" | "nestcell" | "nestrow" => "\n",
        "tab" => "\t",
        "emdash" => "—",
        "endash" => "–",
        "bullet" => "•",
        "lquote" => "‘",
        "rquote" => "’",
        "ldblquote" => "“",
        "rdblquote" => "”",
        "emspace" | "enspace" | "qmspace" => " ",
        _ => return None,
    })
}

/// The text being read, with the bytes of the code page not yet decoded.
struct Reader {
    out: String,
    /// The text of footnotes and endnotes, put after the rest.
    notes: String,
    /// Text goes to `notes`.
    in_note: bool,
    pending: Vec<u8>,
    /// The pending bytes are Windows-1258 (else Windows-1252).
    windows_1258: bool,
    high_surrogate: Option<u16>,
}

impl Reader {
    /// One byte of text, in Windows-1258 or Windows-1252.
    fn push_byte(&mut self, byte: u8, windows_1258: bool) {
        if windows_1258 != self.windows_1258 {
            self.flush();
            self.windows_1258 = windows_1258;
        }
        self.pending.push(byte);
    }

    /// Where text goes: the document's, or its notes'.
    fn target(&mut self) -> &mut String {
        if self.in_note {
            &mut self.notes
        } else {
            &mut self.out
        }
    }

    /// Decodes the pending bytes in the document's code page.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        if self.windows_1258 {
            let text = legacy::decode_cp1258(&pending);
            self.target().push_str(&text);
        } else {
            let out = self.target();
            out.extend(pending.iter().map(|&b| legacy::cp1252_char(b)));
        }
        self.pending = pending;
        self.pending.clear();
    }

    /// Ends the line, unless it is ended already.
    fn push_line_end(&mut self) {
        self.flush();
        super::container::end_line(self.target());
    }

    fn push_str(&mut self, text: &str) {
        self.flush();
        self.high_surrogate = None;
        self.target().push_str(text);
    }

    /// One UTF-16 unit of a `\uN`: surrogate pairs come as two.
    fn unit(&mut self, unit: u16) {
        self.flush();
        match (self.high_surrogate.take(), unit) {
            (_, 0xD800..=0xDBFF) => self.high_surrogate = Some(unit),
            (Some(high), 0xDC00..=0xDFFF) => {
                let c = char::decode_utf16([high, unit]).next().and_then(Result::ok);
                self.target().push(c.unwrap_or('\u{FFFD}'));
            }
            (_, unit) => self
                .target()
                .push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        rtf_text(rtf.as_bytes()).unwrap()
    }

    #[test]
    fn unicode_escapes_drop_their_fallbacks() {
        assert_eq!(
            text(r"{\rtf1\ansi\uc1 K\u7871?\'3f ho\u7841\'3fch\par}"),
            "Kế? hoạch\n"
        );
        // The space after a control word ends it.
        assert_eq!(text(r"{\rtf1\uc2 \u7871\'3f\'3fx\uc0\u273 y}"), "ếxđy");
        // A surrogate pair, and a negative parameter.
        assert_eq!(text(r"{\rtf1\uc0\u-10179\u-8704 \u-1 }"), "😀\u{FFFF}");
    }

    #[test]
    fn tables_destinations_and_field_codes_are_left_out_and_notes_put_last() {
        let rtf = concat!(
            r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}{\colortbl;\red0\green0\blue0;}",
            r"{\info{\title Ti\'eau \'f0\'e8}}{\*\generator Writer;}",
            r"{\header trang \chpgn}\pard \'d0\'e9c l\'e2p\cell T\'f4\cell\row",
            r#"{\field{\*\fldinst HYPERLINK "x"}{\fldrslt C\'f4ng v\'e3n}}\line"#,
            r"{\footnote ghi ch\'fa}\{1\}\tab 2\~3\-4\_5\emdash{\pict 0102}\bin3 {}}x",
            r"{\*\footnote\ftnalt \chftn k\'e8t}{\header{\*\footnote ch\'e2n}}}",
        );
        assert_eq!(
            text(rtf),
            "Ðéc lâp\nTô\n\nCông vãn\n{1}\t2\u{A0}3\u{AD}4-5—x\nghi chú\nkèt\n"
        );
    }

    #[test]
    fn a_text_box_is_read_once_on_lines_of_its_own() {
        // As Word writes one: the shape, then a drawing object for older
        // readers; and a text box in the header, left out with it.
        let rtf = concat!(
            r"{\rtf1\ansi S\'f4 12{\shp{\*\shpinst\shpleft0{\sp{\sn shapeType}{\sv 202}}",
            r"{\shptxt \pard N\'f4i nh\'e2n\par}}{\shprslt{\*\do\dobxcolumn",
            r"{\dptxbxtext\pard N\'f4i nh\'e2n\par}}}}\par Cu\'f4i",
            r"{\header{\shp{\*\shpinst{\shptxt trang}}}}}",
        );
        assert_eq!(text(rtf), "Sô 12\nNôi nhân\n\nCuôi");
    }

    #[test]
    fn bytes_follow_the_code_page() {
        // Windows-1258: `ð` is `đ`, and a combining acute follows its
        // letter.
        assert_eq!(
            text("{\\rtf1\\ansi\\ansicpg1258 \\'f0a\\'ecy \\'f0i\\'ean}"),
            "đa\u{301}y điên"
        );
        assert_eq!(text(r"{\rtf1\ansi \'e0\'93}"), "à“");
        // A font of the Vietnamese character set is Windows-1258 whatever
        // the document's code page; others stay Windows-1252.
        let rtf = concat!(
            r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fcharset163 Times New Roman;}",
            r"{\f1\fcharset0 .VnTime;}}\f0 n\'e3m {\f1 n\'e3m}\plain  n\'e3m}",
        );
        assert_eq!(text(rtf), "năm nãm năm");
    }
}
